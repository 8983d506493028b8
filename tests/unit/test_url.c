/*
 * Unit tests for permalinks, output paths and absolute URLs: nothing a
 * post can name leaves the output root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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

/* Links resolved as a browser resolves them. */
static void
test_url_resolve(void **state)
{
	static const struct {
		const char	*ref, *want;
	} cases[] = {
		{ "photo.png", "https://x.example/2012/12/photo.png" },
		{ "../a/b.html#top", "https://x.example/2012/a/b.html#top" },
		{ "/feeds/atom.xml", "https://x.example/feeds/atom.xml" },
		{ "  \tq.html\n", "https://x.example/2012/12/q.html" },
		{ "a b.png", "https://x.example/2012/12/a%20b.png" },
		{ "https://other.example/", "https://other.example/" },
		{ "?page=2", "https://x.example/2012/12/post.html?page=2" },
	};
	const char	*base = "https://x.example/2012/12/post.html";
	char		*got;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = url_resolve(base, cases[i].ref, strlen(cases[i].ref));
		assert_non_null(got);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
	/* Only the first "len" bytes are the link. */
	got = url_resolve(base, "x.html and more", 6);
	assert_string_equal(got, "https://x.example/2012/12/x.html");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_permalink),
		cmocka_unit_test(test_url_output_path),
		cmocka_unit_test(test_url_absolute),
		cmocka_unit_test(test_url_resolve),
	};

	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
