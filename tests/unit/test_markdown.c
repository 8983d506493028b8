/*
 * Unit tests for Markdown rendering: GFM extensions, safe mode, hooks.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "testutil.h"

struct fx {
	struct arena	*a;
	struct diags	*d;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	markdown_init();
	f->a = arena_new();
	f->d = diags_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	arena_free(f->a);
	diags_free(f->d);
	free(f);
	return 0;
}

static const char *
render(struct fx *f, const char *md, bool unsafe)
{
	struct markdown_opts	 o = { unsafe, NULL, 0, NULL };
	struct markdown_doc	 doc;

	assert_int_equal(markdown_render(&doc, "x.md", md, strlen(md), 1, &o,
	    NULL, f->a, f->d), 0);
	return doc.html;
}

static void
test_markdown_gfm(void **state)
{
	struct fx	*f = *state;

	assert_string_equal(render(f, "| TLD | Price |\n| --- | ---: |\n"
	    "| .com | ~~$12~~ $9 |\n", false),
	    "<table>\n<thead>\n<tr>\n<th>TLD</th>\n"
	    "<th style=\"text-align: right\">Price</th>\n</tr>\n</thead>\n"
	    "<tbody>\n<tr>\n<td>.com</td>\n"
	    "<td style=\"text-align: right\"><del>$12</del> $9</td>\n"
	    "</tr>\n</tbody>\n</table>\n");
	assert_string_equal(render(f, "See https://example.com/status now.\n",
	    false), "<p>See <a href=\"https://example.com/status\">"
	    "https://example.com/status</a> now.</p>\n");
}

/* The post's title is the page's one <h1>: the body's move below it. */
static void
test_markdown_headings_below_title(void **state)
{
	struct fx	*f = *state;

	assert_string_equal(render(f, "# Top\n\n## Sub\n\n"
	    "> ###### Deep\n", false), "<h2>Top</h2>\n<h3>Sub</h3>\n"
	    "<blockquote>\n<h6>Deep</h6>\n</blockquote>\n");
	/* A body whose highest heading is an <h2> keeps its levels. */
	assert_string_equal(render(f, "## Sub\n\n### Sub-sub\n", false),
	    "<h2>Sub</h2>\n<h3>Sub-sub</h3>\n");
}

/* Void elements as HTML5 writes them; raw HTML's own "/>" stays. */
static void
test_markdown_html5_voids(void **state)
{
	struct fx	*f = *state;

	assert_string_equal(render(f, "one  \ntwo ![logo](a.png \"A />\")"
	    "\n\n---\n", false), "<p>one<br>\ntwo <img src=\"a.png\" "
	    "alt=\"logo\" title=\"A /&gt;\"></p>\n<hr>\n");
	assert_string_equal(render(f, "<svg><path d=\"M0 0\" /></svg>\n",
	    true), "<p><svg><path d=\"M0 0\" /></svg></p>\n");
	assert_string_equal(render(f, "No voids.\n", false),
	    "<p>No voids.</p>\n");
}

static void
test_markdown_safe_by_default(void **state)
{
	struct fx	*f = *state;

	assert_string_equal(render(f, "<script>alert(1)</script>\n\n"
	    "[x](javascript:alert(1)) <b>bold</b>\n", false),
	    "<!-- raw HTML omitted -->\n<p><a href=\"\">x</a> "
	    "<!-- raw HTML omitted -->bold<!-- raw HTML omitted --></p>\n");
}

static void
test_markdown_unsafe_tagfilter(void **state)
{
	struct fx	*f = *state;

	/* Raw HTML allowed, but the tagfilter still disarms <script>. */
	assert_string_equal(render(f, "<div class=\"note\">ok</div>\n\n"
	    "<script>alert(1)</script>\n", true),
	    "<div class=\"note\">ok</div>\n&lt;script>alert(1)&lt;/script>\n");
}

static int
hook(struct buf *html, const char *text, size_t len, const char *path,
    unsigned line, unsigned indent, void *arg, void *ctx)
{
	struct diags	*d = arg;
	int		*calls = ctx;

	(*calls)++;
	if (strncmp(text, "bad", 3) == 0)
		return diag_error(d, path, line, indent + 1, "bad block");
	if (strncmp(text, "js", 2) == 0) {
		buf_puts(html, "<script type=\"application/ld+json\">{}"
		    "</script>\n");
		return 0;
	}
	buf_printf(html, "<div class=\"hours\" data-line=\"%u\" "
	    "data-call=\"%d\">%zu</div>\n", line, *calls, len);
	return 0;
}

static void
test_markdown_hook(void **state)
{
	struct fx		*f = *state;
	struct markdown_hook	 h = { "hours", hook, f->d };
	struct markdown_opts	 o = { false, &h, 1, NULL };
	struct markdown_doc	 doc;
	const char		*md = "Intro.\n\n```hours\na: 1\n```\n\n"
				    "```c\nint x;\n```\n";
	char			*got;
	int			 calls = 0;

	/* The body starts on line 5 of its file; ctx reaches the hook. */
	assert_int_equal(markdown_render(&doc, "x.md", md, strlen(md), 5, &o,
	    &calls, f->a, f->d), 0);
	assert_string_equal(doc.html, "<p>Intro.</p>\n"
	    "<div class=\"hours\" data-line=\"8\" data-call=\"1\">5</div>\n"
	    "<pre><code class=\"language-c\">int x;\n</code></pre>\n");
	assert_int_equal(calls, 1);
	/* A hook's HTML is kept whole in safe mode, past the tagfilter. */
	md = "```hours\njs\n```\n";
	assert_int_equal(markdown_render(&doc, "x.md", md, strlen(md), 1, &o,
	    &calls, f->a, f->d), 0);
	assert_string_equal(doc.html,
	    "<script type=\"application/ld+json\">{}</script>\n");
	md = "  ```hours\n  bad\n  ```\n";
	assert_int_equal(markdown_render(&doc, "x.md", md, strlen(md), 1, &o,
	    &calls, f->a, f->d), -1);
	got = tu_diags(f->d);
	assert_string_equal(got, "x.md:2:3: error: bad block\n");
	free(got);
}

static void
test_markdown_first_paragraph(void **state)
{
	struct fx		*f = *state;
	struct markdown_opts	 o = { false, NULL, 0, NULL };
	struct markdown_doc	 doc;
	const char		*md = "# Title\n\nFirst *para*\nwith [a link](/x)."
				    "\n\nSecond.\n";

	assert_int_equal(markdown_render(&doc, "x.md", md, strlen(md), 1, &o,
	    NULL, f->a, f->d), 0);
	assert_string_equal(doc.first_para, "First para\nwith a link.\n");
	assert_int_equal(markdown_render(&doc, "x.md", "", 0, 1, &o, NULL,
	    f->a, f->d), 0);
	assert_string_equal(doc.first_para, "");
	assert_string_equal(doc.html, "");
}

static void
test_markdown_pathological(void **state)
{
	struct fx	*f = *state;
	size_t		 n = 10000, i;
	char		*md = malloc(n * 2 + 8);
	const char	*html;

	/* 10,000 nested block quotes and list items render, bounded. */
	for (i = 0; i < n; i++) {
		md[2 * i] = '>';
		md[2 * i + 1] = ' ';
	}
	strcpy(md + 2 * n, "x\n");
	html = render(f, md, false);
	assert_non_null(strstr(html, "<p>x</p>"));
	free(md);
}

/* Four threads at once must all get strikethrough and autolinks. */
static void *
render_many(void *arg)
{
	struct markdown_opts	 o = { false, NULL, 0, NULL };
	struct markdown_doc	 doc;
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();
	const char		*md = "A ~~struck~~ word and www.example.com "
				    "and https://example.org/x here.\n";
	long			 bad = 0;
	int			 i;

	(void)arg;
	for (i = 0; i < 3000; i++) {
		if (markdown_render(&doc, "x.md", md, strlen(md), 1, &o, NULL,
		    a, d) < 0 || strstr(doc.html, "<del>struck</del>") == NULL ||
		    strstr(doc.html, "<a href=\"http://www.example.com\">") ==
		    NULL || strstr(doc.html, "<a href=\"https://example.org/x\">")
		    == NULL)
			bad++;
		if (i % 500 == 499) {
			arena_free(a);
			a = arena_new();
		}
	}
	arena_free(a);
	diags_free(d);
	return (void *)bad;
}

static void
test_markdown_threads(void **state)
{
	pthread_t	 t[4];
	void		*bad;
	int		 i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, render_many, NULL),
		    0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_int_equal((long)bad, 0);
	}
}

/* Raw HTML omitted in safe mode: one warning, first place, a count. */
static void
test_markdown_raw_html_warning(void **state)
{
	struct fx		*f = *state;
	struct markdown_opts	 o = { false, NULL, 0, NULL };
	struct markdown_doc	 doc;
	const char		*md = "Text.\n\n<div>x</div>\n\nA <b>b</b>.\n";
	char			*got;

	/* The body starts on line 4 of its file. */
	assert_int_equal(markdown_render(&doc, "p.md", md, strlen(md), 4, &o,
	    NULL, f->a, f->d), 0);
	got = tu_diags(f->d);
	assert_string_equal(got, "p.md:6:1: warning: raw HTML omitted here "
	    "and in 2 more places: write it in Markdown, or keep raw HTML "
	    "with \"markdown: {unsafe: true}\" in site.yaml\n");
	free(got);
	/* Kept with unsafe: nothing to say. */
	o.unsafe = true;
	diags_free(f->d);
	f->d = diags_new();
	assert_int_equal(markdown_render(&doc, "p.md", md, strlen(md), 4, &o,
	    NULL, f->a, f->d), 0);
	assert_int_equal(diags_count(f->d), 0);
}

/* Other generators' template syntax outside code is a warning. */
static void
test_markdown_template_warning(void **state)
{
	struct fx		*f = *state;
	struct markdown_opts	 o = { false, NULL, 0, NULL };
	struct markdown_doc	 doc;
	char			*got;
	const char		*md;

	md = "In `{{ code }}` fine.\n\n```\n{% raw %}\n```\n\n"
	    "    {{< indented code >}}\n";
	assert_int_equal(markdown_render(&doc, "p.md", md, strlen(md), 1, &o,
	    NULL, f->a, f->d), 0);
	assert_int_equal(diags_count(f->d), 0);
	/* Braces escaped as Markdown allows, and comments, are meant. */
	md = "Write \\{{ name }} and \\{% tag %} as *\\{{ x }}*.\n\n"
	    "<!-- {% include signature.html %} -->\n\nA <!-- {{ c }} --> word.\n";
	assert_int_equal(markdown_render(&doc, "p.md", md, strlen(md), 1, &o,
	    NULL, f->a, f->d), 0);
	assert_int_equal(diags_count(f->d), 0);
	md = "A line.\n* item with {{< figure src=\"a.png\" >}} in it\n"
	    "and {% post_url x %} and ![i]({{ site.url }}/a.png)\n";
	assert_int_equal(markdown_render(&doc, "p.md", md, strlen(md), 3, &o,
	    NULL, f->a, f->d), 0);
	got = tu_diags(f->d);
	assert_string_equal(got, "p.md:4:13: warning: \"{{< figure "
	    "src=\"a.png\" >}}\" is a Hugo shortcode, printed as text here "
	    "and in 2 more places: heraldo runs no such code; write what it "
	    "stands for, or put it in backticks to show it as code\n");
	free(got);
	diags_free(f->d);
	f->d = diags_new();
	md = "Say {% if x %}, a long one that goes on and on past the cut.\n";
	assert_int_equal(markdown_render(&doc, "p.md", md, strlen(md), 1, &o,
	    NULL, f->a, f->d), 0);
	got = tu_diags(f->d);
	assert_string_equal(got, "p.md:1:5: warning: \"{% if x %}\" is a "
	    "Liquid tag (Jekyll), printed as text: heraldo runs no such "
	    "code; write what it stands for, or put it in backticks to show "
	    "it as code\n");
	free(got);
}

/* HTML bodies: template syntax outside <pre> and <code> only. */
static void
test_markdown_check_html(void **state)
{
	struct fx	*f = *state;
	const char	*html = "<p>a</p>\n<pre>{{ x }}</pre><CODE>{% y %}"
			    "</code>\n<p>{{ site.title }}</p>\n";
	char		*got;

	markdown_check_html("p.html", html, strlen(html), 5, f->d);
	got = tu_diags(f->d);
	assert_string_equal(got, "p.html:7:4: warning: \"{{ site.title }}\" "
	    "is a template expression (Jekyll, Hugo or Zola), printed as "
	    "text: heraldo runs no such code; write what it stands for, or "
	    "put it in backticks to show it as code\n");
	free(got);
}

static const char *
link_to(const char *url, unsigned line, unsigned col, bool image, void *ctx)
{
	struct buf	*seen = ctx;

	buf_printf(seen, "%u:%u %s %s\n", line, col, image ? "img" : "a",
	    url);
	return strcmp(url, "photo.png") == 0 ? "/b/photo.png" : NULL;
}

/* Every destination reaches the link hook, which may rewrite it. */
static void
test_markdown_link_hook(void **state)
{
	struct fx		*f = *state;
	struct markdown_opts	 o = { false, NULL, 0, link_to };
	struct markdown_doc	 doc;
	struct buf		 seen = BUF_INIT;
	const char		*md = "![p](photo.png) and [x](a/b.html#c)\n"
				    "\n[r]: https://example.com/\n\nSee [r].\n";

	assert_int_equal(markdown_render(&doc, "p.md", md, strlen(md), 2, &o,
	    &seen, f->a, f->d), 0);
	assert_string_equal(buf_cstr(&seen), "2:1 img photo.png\n"
	    "2:21 a a/b.html#c\n6:5 a https://example.com/\n");
	assert_string_equal(doc.html, "<p><img src=\"/b/photo.png\" "
	    "alt=\"p\"> and <a href=\"a/b.html#c\">x</a></p>\n"
	    "<p>See <a href=\"https://example.com/\">r</a>.</p>\n");
	buf_free(&seen);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
		T(test_markdown_gfm),
		T(test_markdown_headings_below_title),
		T(test_markdown_html5_voids),
		T(test_markdown_safe_by_default),
		T(test_markdown_unsafe_tagfilter),
		T(test_markdown_hook),
		T(test_markdown_first_paragraph),
		T(test_markdown_pathological),
		T(test_markdown_threads),
		T(test_markdown_raw_html_warning),
		T(test_markdown_template_warning),
		T(test_markdown_check_html),
		T(test_markdown_link_hook),
#undef T
	};

	return cmocka_run_group_tests_name("markdown", tests, NULL, NULL);
}
