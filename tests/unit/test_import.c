/*
 * Unit tests for the importer: RFC 3339 dates kept with their offsets,
 * the Blogger reader on the fixture (files written, no git), and its
 * diagnostics for exports it cannot read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diag.h"
#include "import.h"
#include "import_blogger.h"
#include "import_jekyll.h"
#include "import_wordpress.h"
#include "testutil.h"
#include "util.h"

static char *
read_all(const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "rb");
	char	*s;

	assert_non_null(fp);
	s = xmalloc(1 << 16);
	*len = fread(s, 1, (1 << 16) - 1, fp);
	s[*len] = '\0';
	fclose(fp);
	return s;
}

static void
test_import_dates(void **state)
{
	struct import_date	 dt;
	char			 out[64];

	(void)state;
	assert_true(import_date_parse(&dt, "2012-10-19T09:14:00.001-07:00"));
	assert_int_equal(dt.t, 1350663240);
	assert_int_equal(dt.offset, -420);
	import_date_format(out, &dt);
	assert_string_equal(out, "2012-10-19T09:14:00-07:00");
	assert_true(import_date_parse(&dt, "2012-12-31T23:59:59Z"));
	import_date_format(out, &dt);
	assert_string_equal(out, "2012-12-31T23:59:59Z");
	assert_true(import_date_parse(&dt, "2013-01-01T05:30:00+05:30"));
	assert_int_equal(dt.t, 1356998400);
	import_date_format(out, &dt);
	assert_string_equal(out, "2013-01-01T05:30:00+05:30");
	assert_true(import_date_parse(&dt, "1969-12-31T23:00:00-01:00"));
	assert_int_equal(dt.t, 0);
	assert_false(import_date_parse(&dt, "2012-10-19"));
	assert_false(import_date_parse(&dt, "2012-13-19T09:14:00Z"));
	assert_false(import_date_parse(&dt, "2012-10-19T09:14:00"));
	assert_false(import_date_parse(&dt, "2012-10-19T09:14:00+0700"));
	assert_false(import_date_parse(&dt, "2012-10-19T09:14:00Zjunk"));
	assert_false(import_date_parse(&dt, NULL));
}

/*
 * The diagnostics, malloc'd, with places below "dir" relative to it:
 * places name the source as given.
 */
static char *
diags_below(struct diags *d, const char *dir)
{
	char	*out = tu_diags(d), *p;

	while ((p = strstr(out, dir)) != NULL)
		memmove(p, p + strlen(dir) + 1, strlen(p + strlen(dir)));
	return out;
}

static char *
run_as(const char *format, const char *xml, const char *dir, int *rc)
{
	struct import_opts	 o;
	struct importer		*imp;
	struct diags		*d = diags_new();
	char			*src, *out;

	src = xmalloc(strlen(dir) + 16);
	sprintf(src, "%s/in.xml", dir);
	tu_write(dir, "in.xml", xml);
	memset(&o, 0, sizeof(o));
	o.format = format;
	o.source = src;
	o.site_dir = xmalloc(strlen(dir) + 8);
	sprintf((char *)o.site_dir, "%s/site", dir);
	o.no_git = true;
	imp = import_new(&o, d);
	assert_non_null(imp);
	*rc = strcmp(format, "blogger") == 0 ? import_blogger(imp, src, d) :
	    import_wordpress(imp, src, d);
	if (import_started(imp) && import_finish(imp) < 0)
		*rc = -1;
	import_free(imp);
	out = diags_below(d, dir);
	free((char *)o.site_dir);
	free(src);
	diags_free(d);
	return out;
}

static char *
run(const char *xml, const char *dir, int *rc)
{
	return run_as("blogger", xml, dir, rc);
}

static void
test_import_wordpress_bad(void **state)
{
	char	*dir = tu_tmpdir(), *diag;
	int	 rc;

	(void)state;
	diag = run_as("wordpress", "<?xml version='1.0'?>\n<feed/>\n", dir,
	    &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(diag, "in.xml:2: error: expected a WordPress "
	    "export (WXR: an RSS <rss>), found <feed>\n");
	free(diag);
	diag = run_as("wordpress", "<rss xmlns:wp='http://wordpress.org/"
	    "export/1.1/'>\n<channel><link>https://b.example</link>\n"
	    "<item><title>t</title><wp:post_type>post</wp:post_type>"
	    "<wp:status>publish</wp:status><wp:post_id>1</wp:post_id>"
	    "<wp:post_date>2010-01-01 00:00:00</wp:post_date></item>\n"
	    "<item><title>u</title><wp:post_id>1</wp:post_id><wp:post_type>"
	    "page</wp:post_type><wp:post_date>2010-01-02 00:00:00"
	    "</wp:post_date></item>\n"
	    "<item><title>v</title><wp:post_id>2</wp:post_id><wp:post_type>"
	    "page</wp:post_type></item>\n</channel></rss>\n", dir, &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(diag,
	    "in.xml:4: error: a second entry with id wp-1: skipped\n"
	    "in.xml:5: warning: wp:post_date: cannot read \"\" as a date\n"
	    "in.xml:5: error: \"v\": no publication date: skipped\n");
	free(diag);
	tu_rmtree(dir);
	free(dir);
}

static void
test_import_jekyll_liquid(void **state)
{
	struct import_opts	 o;
	struct importer		*imp;
	struct diags		*d = diags_new();
	char			*dir = tu_tmpdir(), *src, *site, *diag, *md;
	size_t			 len;

	(void)state;
	tu_write(dir, "src/_config.yml", "permalink: /:categories/:title/\n"
	    "timezone: Mars/Olympus\nurl: https://j.example\n");
	tu_write(dir, "src/_posts/2012-10-19-post.md", "---\ntitle: Two\n"
	    "---\n{% post_url nope %} {{ site.missing | upcase }} "
	    "{%- link -%}\n{% highlight ruby linenos %}\nx\n"
	    "{% endhighlight %}\n{{ site.url }} {{ site.title\n");
	tu_write(dir, "src/_posts/2012-10-20-post.md", "---\ndate: "
	    "2012-99-01\npublished: false\n---\n{% raw %}{{ x }}\n");
	src = xmalloc(strlen(dir) + 16);
	site = xmalloc(strlen(dir) + 64);
	sprintf(src, "%s/src", dir);
	sprintf(site, "%s/site", dir);
	memset(&o, 0, sizeof(o));
	o.format = "jekyll";
	o.source = src;
	o.site_dir = site;
	o.no_git = true;
	imp = import_new(&o, d);
	assert_int_equal(import_jekyll(imp, src, d), 0);
	assert_int_equal(import_finish(imp), 0);
	import_free(imp);
	diag = diags_below(d, dir);
	assert_string_equal(diag,
	    "src: warning: unknown time zone \"Mars/Olympus\": the site uses "
	    "UTC; set timezone in site.yaml\n"
	    "_posts/2012-10-19-post.md:4: warning: {% post_url nope %} "
	    "cannot be converted: kept in an HTML comment\n"
	    "_posts/2012-10-19-post.md:4: warning: {{ site.missing | upcase }}"
	    " cannot be converted: kept in an HTML comment\n"
	    "_posts/2012-10-19-post.md:4: warning: {% link %} cannot be "
	    "converted: kept in an HTML comment\n"
	    "_posts/2012-10-19-post.md:8: warning: \"{{\" is not closed: "
	    "the rest is taken as it is\n"
	    "_posts/2012-10-20-post.md:1: warning: date: cannot read "
	    "\"2012-99-01\"\n"
	    "_posts/2012-10-20-post.md:5: warning: {% raw %} without "
	    "{% endraw %}: the rest of the file is taken as it is\n");
	free(diag);
	sprintf(site, "%s/site/content/posts/2012/10/post.md", dir);
	md = read_all(site, &len);
	assert_string_equal(md, "---\ntitle: \"Two\"\n"
	    "date: 2012-10-19T00:00:00Z\nslug: post\n---\n\n"
	    "<!-- {% post_url nope %} --> <!-- {{ site.missing | upcase }} "
	    "--> <!-- {%- link -%} -->\n```ruby\nx\n```\n"
	    "https://j.example {{ site.title\n");
	free(md);
	free(src);
	free(site);
	diags_free(d);
	tu_rmtree(dir);
	free(dir);
}

static void
test_import_wordpress_shortcodes(void **state)
{
	char	*dir = tu_tmpdir(), *diag, *md, *path;
	size_t	 len;
	int	 rc;

	(void)state;
	diag = run_as("wordpress", "<rss xmlns:wp='http://wordpress.org/"
	    "export/1.2/' xmlns:content='http://purl.org/rss/1.0/modules/"
	    "content/'>\n<channel><link>https://b.example</link>\n"
	    "<item><title>t</title><wp:post_type>post</wp:post_type>"
	    "<wp:status>publish</wp:status><wp:post_id>1</wp:post_id>"
	    "<wp:post_date>2010-01-01 00:00:00</wp:post_date>"
	    "<wp:post_date_gmt>2010-01-01 00:00:00</wp:post_date_gmt>"
	    "<content:encoded><![CDATA[Intro [1] text.\n\n"
	    "[caption id=\"attachment_5\" align=\"aligncenter\" width=\"300\"]"
	    "<a href=\"https://b.example/big.jpg\"><img src=\"https://b."
	    "example/small.jpg\" alt=\"Team\" /></a> The team in 2010"
	    "[/caption]\n\n[embed]https://www.youtube.com/watch?v=x1[/embed]"
	    "\n\n[gallery ids=\"1,2,3\"]\n\nEnd.]]></content:encoded>"
	    "</item>\n</channel></rss>\n", dir, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(diag,
	    "in.xml: warning: 1 image is on the blog's own address "
	    "(b.example), which the export does not hold: copy them into "
	    "static/ under the same paths (for WordPress, wp-content/"
	    "uploads/) so they keep answering\n"
	    "in.xml:9: warning: [gallery] left out: heraldo has no gallery; "
	    "add the images or files to the post by hand\n");
	free(diag);
	path = xmalloc(strlen(dir) + 64);
	sprintf(path, "%s/site/content/posts/2010/01/t.md", dir);
	md = read_all(path, &len);
	assert_string_equal(md, "---\ntitle: \"t\"\n"
	    "date: 2010-01-01T00:00:00Z\nslug: t\n---\n\n"
	    "Intro \\[1\\] text.\n\n"
	    "[![Team](https://b.example/small.jpg)](https://b.example/big.jpg)"
	    "\n\n*The team in 2010*\n\n"
	    "[https\\://www\\.youtube.com/watch?v=x1](https://www.youtube.com/"
	    "watch?v=x1)\n\nEnd.\n");
	free(md);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static void
test_import_blogger_bad(void **state)
{
	char	*dir = tu_tmpdir(), *diag;
	int	 rc;

	(void)state;
	diag = run("<?xml version='1.0'?>\n<rss><channel/></rss>\n", dir, &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(diag, "in.xml:2: error: expected a Blogger "
	    "export (an Atom <feed>), found <rss>\n");
	free(diag);
	diag = run("<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005"
	    "/Atom'>\n<entry><title>x</entry>\n", dir, &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(diag, "in.xml:3:24: error: not well-formed XML: "
	    "opening and ending tag mismatch: title line 3 and entry; the "
	    "export may be cut short or edited by hand: export it again\n");
	free(diag);
	diag = run("<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005"
	    "/Atom'>\n<entry><id>a</id><category scheme='http://schemas.google"
	    ".com/g/2005#kind' term='http://schemas.google.com/blogger/2008/"
	    "kind#post'/><title>No date</title><content type='html'>x"
	    "</content></entry>\n<entry><id>b</id><category scheme='http://"
	    "schemas.google.com/g/2005#kind' term='http://schemas.google.com/"
	    "blogger/2008/kind#post'/><published>2012-99-01T00:00:00Z"
	    "</published><title>Bad date</title></entry>\n</feed>\n", dir,
	    &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(diag,
	    "in.xml:3: error: \"No date\": no publication date: skipped\n"
	    "in.xml:4: warning: published: cannot read \"2012-99-01T00:00:00Z"
	    "\" as an RFC 3339 date\n"
	    "in.xml:4: error: \"Bad date\": no publication date: skipped\n");
	/* Nothing could be imported: no site is written. */
	{
		char	*p = xmalloc(strlen(dir) + 16);

		sprintf(p, "%s/site", dir);
		assert_null(fopen(p, "r"));
		free(p);
	}
	free(diag);
	tu_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_dates),
		cmocka_unit_test(test_import_blogger_bad),
		cmocka_unit_test(test_import_jekyll_liquid),
		cmocka_unit_test(test_import_wordpress_bad),
		cmocka_unit_test(test_import_wordpress_shortcodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
