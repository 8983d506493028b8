/*
 * Unit tests for post.c's helpers: the "YYYY-MM-DD-" prefix that dates a
 * post by its file or bundle folder name, and the folder a page bundle's
 * files are copied to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "post.h"

static void
test_post_name_date(void **state)
{
	char	 d[11];

	(void)state;
	assert_true(post_name_date(d, "2024-03-05-launch", 17));
	assert_string_equal(d, "2024-03-05");
	/* Only the first len bytes count; more must follow the date. */
	assert_false(post_name_date(d, "2024-03-05-launch", 11));
	assert_false(post_name_date(d, "2024-03-05", 10));
	assert_false(post_name_date(d, "2024-3-05-launch", 16));
	assert_false(post_name_date(d, "2024_03_05-launch", 17));
	assert_false(post_name_date(d, "abcd-ef-gh-launch", 17));
	assert_false(post_name_date(d, "launch", 6));
	/* No calendar check here: datefmt_parse says what is wrong. */
	assert_true(post_name_date(d, "2024-13-40-x", 12));
	assert_string_equal(d, "2024-13-40");
}

static void
test_post_bundle_url(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(post_bundle_url("/2024/03/launch.html", a),
	    "/2024/03/launch/");
	assert_string_equal(post_bundle_url("/2024/03/launch/", a),
	    "/2024/03/launch/");
	assert_string_equal(post_bundle_url("/about/", a), "/about/");
	/* A dot in a folder name is not an extension. */
	assert_string_equal(post_bundle_url("/v1.2/notes", a),
	    "/v1.2/notes/");
	assert_string_equal(post_bundle_url("/2024/rust-1.0.html", a),
	    "/2024/rust-1.0/");
	assert_string_equal(post_bundle_url("/2024/.hidden", a),
	    "/2024/.hidden/");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_post_name_date),
		cmocka_unit_test(test_post_bundle_url),
	};

	return cmocka_run_group_tests_name("post", tests, NULL, NULL);
}
