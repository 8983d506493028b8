/*
 * Unit tests for util: util_sort_by_str against qsort with strcmp.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util.h"

struct item {
	int		 tag;
	const char	*name;
	double		 weight;
};

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_sort_by_str(void **state)
{
	/* Short names, shared 8-byte prefixes, bytes above 0x7f. */
	static const char *const names[] = {
	    "2019/05/b.html", "2019/05/a.html", "2019/05/", "2019/05",
	    "2019/0", "", "a", "ab", "abcdefgh", "abcdefg", "abcdefghi",
	    "abcdefgh/x", "\xc3\xa9t\xc3\xa9", "Z", "2019/05/a.htm",
	    "tags/x/index.html", "tags/x/page/2/index.html", "tags/index.html",
	};
	enum { N = sizeof(names) / sizeof(names[0]), ROUNDS = 50 };
	struct item	 v[N];
	const char	*want[N];
	size_t		 i, r, k;

	(void)state;
	memcpy(want, names, sizeof(want));
	qsort(want, N, sizeof(*want), cmp_names);
	srand(7);
	for (r = 0; r < ROUNDS; r++) {
		for (i = 0; i < N; i++) {
			v[i].tag = (int)i;
			v[i].name = names[i];
			v[i].weight = (double)i / 2;
		}
		for (i = N - 1; i > 0; i--) {
			struct item t = v[i];

			k = (size_t)rand() % (i + 1);
			v[i] = v[k];
			v[k] = t;
		}
		util_sort_by_str(v, N, sizeof(*v), offsetof(struct item, name));
		for (i = 0; i < N; i++) {
			assert_string_equal(v[i].name, want[i]);
			/* Whole elements move, not just their strings. */
			assert_ptr_equal(names[v[i].tag], v[i].name);
			assert_true(v[i].weight == (double)v[i].tag / 2);
		}
	}
	util_sort_by_str(v, 0, sizeof(*v), offsetof(struct item, name));
	util_sort_by_str(v, 1, sizeof(*v), offsetof(struct item, name));
	assert_string_equal(v[0].name, want[0]);
}

static void
test_util_suggest(void **state)
{
	static const char *const keys[] = {
		"title", "tags", "summary", "locale", "date", "updated", "slug"
	};
	const size_t	 n = sizeof(keys) / sizeof(keys[0]);

	(void)state;
	assert_string_equal(util_suggest("tgas", keys, n), "tags");
	assert_string_equal(util_suggest("sumary", keys, n), "summary");
	assert_string_equal(util_suggest("local", keys, n), "locale");
	assert_string_equal(util_suggest("Titel", keys, n), "title");
	assert_string_equal(util_suggest("updatd", keys, n), "updated");
	/* An exact name is no typo; a far one gets no guess. */
	assert_null(util_suggest("tags", keys, n));
	assert_null(util_suggest("layout", keys, n));
	assert_null(util_suggest("x", keys, n));
	assert_null(util_suggest("weight", keys, n));
	/* Short words allow one edit only. */
	assert_string_equal(util_suggest("slg", keys, n), "slug");
	assert_null(util_suggest("sl", keys, n));
	assert_null(util_suggest("anything", keys, 0));
	/* Names longer than the table are never close. */
	assert_null(util_suggest("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaa", keys, n));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort_by_str),
		cmocka_unit_test(test_util_suggest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
