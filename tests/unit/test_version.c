/*
 * test_version: the version lines and the program's build ID.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "version.h"

/* The linker's build ID: hex, the same at every call. */
static void
test_version_build_id(void **state)
{
	const char	*id = version_build_id();
	size_t		 n = strlen(id);

	(void)state;
	/* Debian's toolchain writes a SHA-1 (20 bytes) unless told not to. */
	assert_true(n >= 16 && n % 2 == 0);
	assert_int_equal(strspn(id, "0123456789abcdef"), n);
	assert_ptr_equal(version_build_id(), id);
}

static void
test_version_print(void **state)
{
	char	*text = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&text, &len);

	(void)state;
	assert_non_null(fp);
	version_print(fp);
	assert_int_equal(fclose(fp), 0);
	assert_true(strncmp(text, "heraldo ", 8) == 0);
	assert_non_null(strstr(text, "\nlibgit2 "));
	assert_non_null(strstr(text, "\ncmark-gfm "));
	assert_non_null(strstr(text, "\nICU "));
	assert_non_null(strstr(text, "\nlibxml2 2."));
	assert_non_null(strstr(text, "\nlibyaml 0."));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_build_id),
		cmocka_unit_test(test_version_print),
	};

	return cmocka_run_group_tests_name("version", tests, NULL, NULL);
}
