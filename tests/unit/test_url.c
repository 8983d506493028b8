/*
 * Unit tests for permalinks, output paths and absolute URLs: nothing a
 * post can name leaves the output root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arena.h"
#include "url.h"

static void
test_url_permalink(void **state)
{
	struct arena		*a = arena_new();
	struct url_parts	 p = { 2012, 12, 9, "holiday-hours", "x" };

	(void)state;
	assert_string_equal(url_permalink("/:year/:month/:slug.html", &p, a),
	    "/2012/12/holiday-hours.html");
	assert_string_equal(url_permalink("/:year/:month/:day/:slug/", &p, a),
	    "/2012/12/09/holiday-hours/");
	assert_string_equal(url_permalink("/p/:filename:x", &p, a), "/p/x:x");
	arena_free(a);
}

static void
test_url_output_path(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(url_output_path("/", a), "index.html");
	assert_string_equal(url_output_path("/a/b.html", a), "a/b.html");
	assert_string_equal(url_output_path("/tags/dns/", a),
	    "tags/dns/index.html");
	assert_string_equal(url_output_path("/a.b/c..d.html", a),
	    "a.b/c..d.html");
	/* Nothing that climbs, repeats a slash, or hides a control byte. */
	assert_null(url_output_path("a/b.html", a));
	assert_null(url_output_path("/../etc/passwd", a));
	assert_null(url_output_path("/a/../../b", a));
	assert_null(url_output_path("/a/./b", a));
	assert_null(url_output_path("/a//b", a));
	assert_null(url_output_path("/..", a));
	assert_null(url_output_path("/a\\b", a));
	assert_null(url_output_path("/a\nb", a));
	assert_null(url_output_path("/a\x7f", a));
	arena_free(a);
}

static void
test_url_absolute(void **state)
{
	struct arena	*a = arena_new();

	(void)state;
	assert_string_equal(url_absolute("https://x.example/", "/a.html", a),
	    "https://x.example/a.html");
	assert_string_equal(url_absolute("https://x.example/blog/", "/a/", a),
	    "https://x.example/blog/a/");
	assert_string_equal(url_href("/blog/", "/2012/x.html", a),
	    "/blog/2012/x.html");
	assert_true(url_pattern_ok("/:year/:slug.html"));
	assert_false(url_pattern_ok(":slug.html"));
	assert_false(url_pattern_ok("/posts/"));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_permalink),
		cmocka_unit_test(test_url_output_path),
		cmocka_unit_test(test_url_absolute),
	};

	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
