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
	int	 y = 0, m = 0, d = 0;

	(void)state;
	assert_int_equal(post_name_date("2024-03-05-launch", &y, &m, &d), 11);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 3);
	assert_int_equal(d, 5);
	/* Zola's "_" after the day; one-digit months and days. */
	assert_int_equal(post_name_date("2024-3-5_launch", &y, &m, &d), 9);
	assert_int_equal(m, 3);
	assert_int_equal(d, 5);
	assert_int_equal(post_name_date("2024-03-05", &y, &m, &d), 0);
	assert_int_equal(post_name_date("2024_03_05-launch", &y, &m, &d), 0);
	assert_int_equal(post_name_date("abcd-ef-gh-launch", &y, &m, &d), 0);
	assert_int_equal(post_name_date("launch", &y, &m, &d), 0);
	/* No calendar check here: datefmt_parse says what is wrong. */
	assert_int_equal(post_name_date("2024-13-40-x", &y, &m, &d), 11);
	assert_int_equal(m, 13);
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
