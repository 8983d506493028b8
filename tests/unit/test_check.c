/*
 * Unit tests for "heraldo check": output trees written by hand, one
 * good, others with planted faults whose findings are asserted exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "testutil.h"

struct fx {
	struct arena	*a;
	struct diags	*d;
	char		*tmp;
	char		*out;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	f->a = arena_new();
	f->d = diags_new();
	f->tmp = tu_tmpdir();
	f->out = arena_printf(f->a, "%s/public", f->tmp);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	tu_rmtree(f->tmp);
	free(f->tmp);
	diags_free(f->d);
	arena_free(f->a);
	free(f);
	return 0;
}

static const char page_index[] =
"<!DOCTYPE html>\n"
"<html lang=\"en\">\n"
"<head>\n"
"<meta charset=\"utf-8\">\n"
"<title>News</title>\n"
"<link rel=\"stylesheet\" href=\"/heraldo.css\">\n"
"<link rel=\"alternate\" type=\"application/atom+xml\" "
"href=\"https://news.example.com/feeds/atom.xml\">\n"
"<link rel=\"preconnect\" href=\"https://cdn.example.net\">\n"
"</head>\n"
"<body>\n"
"<main class=\"h-feed\">\n"
"<article class=\"h-entry\"><a class=\"u-url\" href=\"2012/12/x.html\">X"
"</a>\n"
"<img src=\"/img/logo%20big.png\" srcset=\"img/logo%20big.png 1x, "
"/img/logo@2x.png 2x\" alt=\"\"></article>\n"
"<p><a href=\"tags/dns\">DNS</a> <a href=\"/tags/dns/?p=1#top\">again</a> "
"<a href=\"#main\">skip</a> <a href=\"\">here</a></p>\n"
"<p><a href=\"https://other.example/x.html\">out</a> "
"<a href=\"mailto:news@example.com\">mail</a> "
"<a href=\"https://news.example.com/2012/12/x.html\">abs</a> "
"<a href=\"//news.example.com/\">home</a></p>\n"
"</main>\n"
"</body>\n"
"</html>\n";

static const char page_post[] =
"<!DOCTYPE html>\n"
"<html lang=\"en\"><head><meta charset=\"utf-8\"><title>X</title></head>\n"
"<body><a href=\"../../index.html\">home</a> <a href=\"../../\">home</a>\n"
"<a href=\"x.html\">self</a> <time datetime=\"2012-12-19\">19</time>\n"
"</body></html>\n";

static const char feed_atom[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
"  <title>News</title>\n"
"  <link rel=\"self\" href=\"https://news.example.com/feeds/atom.xml\"/>\n"
"  <link rel=\"prev-archive\" "
"href=\"https://news.example.com/feeds/archive/2012-12.xml\"/>\n"
"  <id>https://news.example.com/feeds/atom.xml</id>\n"
"  <updated>2012-12-19T20:56:00Z</updated>\n"
"  <entry>\n"
"    <title>X</title>\n"
"    <link rel=\"alternate\" "
"href=\"https://news.example.com/2012/12/x.html\"/>\n"
"    <link rel=\"enclosure\" href=\"https://news.example.com/x.mp3\"/>\n"
"    <id>tag:news.example.com,2012-12-19:/2012/12/x.html</id>\n"
"    <updated>2012-12-19T20:56:00Z</updated>\n"
"  </entry>\n"
"</feed>\n";

static const char feed_rss[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<rss version=\"2.0\"><channel><title>News</title>\n"
"<link>https://news.example.com/</link>\n"
"<item><title>X</title>\n"
"<link>https://news.example.com/2012/12/x.html</link></item>\n"
"</channel></rss>\n";

static const char sitemap[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
"  <url><loc>https://news.example.com/</loc></url>\n"
"  <url><loc>https://news.example.com/2012/12/x.html</loc></url>\n"
"  <url><loc>https://news.example.com/tags/dns/</loc></url>\n"
"</urlset>\n";

/* A small built site in f->out where every link resolves. */
static void
good_tree(struct fx *f)
{
	tu_write(f->out, "index.html", page_index);
	tu_write(f->out, "2012/12/x.html", page_post);
	tu_write(f->out, "tags/dns/index.html", "<!DOCTYPE html>\n"
	    "<html lang=\"en\"><head><title>DNS</title></head><body>\n"
	    "<a href=\"../../2012/12/x.html\">X</a></body></html>\n");
	tu_write(f->out, "heraldo.css", "body{}\n");
	tu_write(f->out, "img/logo big.png", "png");
	tu_write(f->out, "img/logo@2x.png", "png");
	tu_write(f->out, "feeds/atom.xml", feed_atom);
	tu_write(f->out, "feeds/rss.xml", feed_rss);
	tu_write(f->out, "feeds/archive/2012-12.xml", feed_atom);
	tu_write(f->out, "feeds/feed.json", "{\"items\": []}\n");
	tu_write(f->out, "sitemap.xml", sitemap);
}

static void
test_check_good_tree(void **state)
{
	struct fx	*f = *state;
	char		*diags;

	good_tree(f);
	assert_int_equal(check_run(f->out, f->d), 0);
	diags = tu_diags(f->d);
	assert_string_equal(diags, "");
	free(diags);
	/* A trailing slash on the folder changes nothing. */
	assert_int_equal(check_run(arena_printf(f->a, "%s/", f->out), f->d),
	    0);
}

static void
test_check_broken_link(void **state)
{
	struct fx	*f = *state;
	char		*diags, *want;

	good_tree(f);
	tu_write(f->out, "2012/12/y.html",
	    "<!DOCTYPE html>\n"
	    "<html lang=\"en\"><head><title>Y</title></head><body>\n"
	    "<p>See <a href=\"/2012/12/missing.html\">the old post</a>.</p>\n"
	    "<p><img src=\"../../img/nope.png\" alt=\"\">\n"
	    "<img srcset=\"/img/logo@2x.png 2x, small.png 1x\" alt=\"\">\n"
	    "<a href=\"https://news.example.com/tags/gone/\">gone</a></p>\n"
	    "</body></html>\n");
	assert_int_equal(check_run(f->out, f->d), -1);
	diags = tu_diags(f->d);
	want = arena_printf(f->a,
	    "%1$s/2012/12/y.html:3: error: broken link "
	    "\"/2012/12/missing.html\": no 2012/12/missing.html in the output\n"
	    "%1$s/2012/12/y.html:4: error: broken link \"../../img/nope.png\": "
	    "no img/nope.png in the output\n"
	    "%1$s/2012/12/y.html:5: error: broken link \"small.png\": "
	    "no 2012/12/small.png in the output\n"
	    "%1$s/2012/12/y.html:6: error: broken link "
	    "\"https://news.example.com/tags/gone/\": no tags/gone/index.html "
	    "in the output\n", f->out);
	assert_string_equal(diags, want);
	free(diags);
}

static void
test_check_feeds_and_xml(void **state)
{
	struct fx	*f = *state;
	char		*diags, *want;

	good_tree(f);
	tu_write(f->out, "tags/dns/rss.xml",
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rss version=\"2.0\"><channel><title>DNS</title>\n"
	    "<item><title>Z</title>\n"
	    "<link>https://news.example.com/2012/12/z.html</link></item>\n"
	    "<item><title>X</title><link>/2012/12/x.html</link></item>\n"
	    "</channel></rss>\n");
	tu_write(f->out, "tags/dns/atom.xml",
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
	    "  <entry><link href=\"https://news.example.com/2013/01/a.html\"/>"
	    "</entry>\n"
	    "  <entry><link href=\"https://elsewhere.example/a.html\"/>"
	    "</entry>\n"
	    "</feed>\n");
	tu_write(f->out, "feeds/broken.xml",
	    "<?xml version=\"1.0\"?>\n<feed>\n  <title>A &nbsp; B</title>\n"
	    "</feed>\n");
	tu_write(f->out, "feeds/control.xml", "<a>page\x0c" "break</a>\n");
	tu_write(f->out, "sitemap.xml",
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
	    "  <url><loc>https://news.example.com/about/</loc></url>\n"
	    "</urlset>\n");
	assert_int_equal(check_run(f->out, f->d), -1);
	diags = tu_diags(f->d);
	want = arena_printf(f->a,
	    "%1$s/feeds/broken.xml:3:18: error: not well-formed XML: "
	    "Entity 'nbsp' not defined\n"
	    "%1$s/feeds/control.xml:1:8: error: not well-formed XML: "
	    "PCDATA invalid Char value 12\n"
	    "%1$s/sitemap.xml:3: error: broken sitemap location "
	    "\"https://news.example.com/about/\": no about/index.html in the "
	    "output\n"
	    "%1$s/tags/dns/atom.xml:3: error: broken entry link "
	    "\"https://news.example.com/2013/01/a.html\": no 2013/01/a.html in "
	    "the output\n"
	    "%1$s/tags/dns/rss.xml:4: error: broken entry link "
	    "\"https://news.example.com/2012/12/z.html\": no 2012/12/z.html in "
	    "the output\n", f->out);
	assert_string_equal(diags, want);
	free(diags);
}

static void
test_check_base_path(void **state)
{
	struct fx	*f = *state;
	char		*diags, *want;

	/* A site under /blog/: root-relative links outside it are not ours. */
	tu_write(f->out, "feeds/atom.xml",
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
	    "<link rel=\"self\" "
	    "href=\"https://x.example/blog/feeds/atom.xml\"/>\n"
	    "<entry><link href=\"https://x.example/blog/a.html\"/></entry>\n"
	    "</feed>\n");
	tu_write(f->out, "a.html",
	    "<!DOCTYPE html>\n<html><body>\n"
	    "<a href=\"/blog/\">home</a> <a href=\"/shop/\">shop</a>\n"
	    "<a href=\"/blog/b.html\">b</a> <a href=\"b.html\">b</a>\n"
	    "</body></html>\n");
	tu_write(f->out, "index.html",
	    "<!DOCTYPE html>\n<html><head><base href=\"/blog/2012/\"></head>"
	    "<body>\n<a href=\"../a.html\">a</a> <a href=\"c.html\">c</a>\n"
	    "</body></html>\n");
	assert_int_equal(check_run(f->out, f->d), -1);
	diags = tu_diags(f->d);
	want = arena_printf(f->a,
	    "%1$s/a.html:4: error: broken link \"/blog/b.html\": no b.html "
	    "in the output\n"
	    "%1$s/a.html:4: error: broken link \"b.html\": no b.html in the "
	    "output\n"
	    "%1$s/index.html:3: error: broken link \"c.html\": no "
	    "2012/c.html in the output\n", f->out);
	assert_string_equal(diags, want);
	free(diags);
}

static void
test_check_no_output(void **state)
{
	struct fx	*f = *state;
	char		*diags, *want;

	assert_int_equal(check_run(f->out, f->d), -1);
	diags = tu_diags(f->d);
	want = arena_printf(f->a, "%s: error: cannot read: No such file or "
	    "directory\n", f->out);
	assert_string_equal(diags, want);
	free(diags);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_check_good_tree,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_broken_link,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_feeds_and_xml,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_base_path,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_no_output,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
