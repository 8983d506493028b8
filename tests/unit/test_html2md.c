/*
 * Unit tests for the HTML-to-Markdown converter: exact Markdown for each
 * construct, and round trips: HTML to Markdown, rendered by heraldo's
 * Markdown renderer, must show the same text, links, images and tables
 * as the HTML it came from (both read back with libxml2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "html2md.h"
#include "markdown.h"
#include "testutil.h"

static char *
convert(const char *html, struct html2md_stats *st, struct diags *d)
{
	struct html2md_opts	 o = { false, false, "post.html", 1, NULL,
		NULL };
	struct html2md_stats	 dummy;
	struct buf		 b = BUF_INIT;

	html2md_convert(&b, st != NULL ? st : &dummy, html, strlen(html), &o,
	    d);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

static void
expect(const char *html, const char *md)
{
	char	*got = convert(html, NULL, NULL);

	if (strcmp(got, md) != 0)
		fail_msg("html: %s\nwant: [%s]\ngot:  [%s]", html, md, got);
	free(got);
}

static const char *const blocks[] = {
	"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
	"blockquote", "pre", "table", "tr", "td", "th", "hr", "br", "dl",
	"dt", "dd", "figure", "figcaption", "section", "center", "caption",
	NULL
};

static bool
is_block(const char *name)
{
	size_t	 i;

	for (i = 0; blocks[i] != NULL; i++)
		if (strcmp(blocks[i], name) == 0)
			return true;
	return false;
}

struct sig {
	struct buf	 text, links, images, tables;
};

/* Collapse white space, as a browser shows text. */
static char *
squeeze(struct buf *b)
{
	const char	*s = buf_cstr(b);
	char		*out = malloc(b->len + 1);
	size_t		 o = 0;
	bool		 sp = true;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			sp = true;
			continue;
		}
		if (sp && o > 0)
			out[o++] = ' ';
		sp = false;
		out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

/* A URL as cmark-gfm writes it: spaces percent-encoded. */
static void
put_url(struct buf *b, const char *u)
{
	for (; *u != '\0'; u++)
		if (*u == ' ')
			buf_puts(b, "%20");
		else
			buf_putc(b, *u);
}

static void
walk(struct sig *s, xmlNode *n)
{
	xmlChar	*v, *w;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content != NULL) {
			buf_puts(&s->text, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_block((const char *)n->name))
			buf_putc(&s->text, ' ');
		if (strcmp((const char *)n->name, "a") == 0 &&
		    (v = xmlGetProp(n, BAD_CAST "href")) != NULL) {
			put_url(&s->links, (const char *)v);
			buf_putc(&s->links, '\n');
			xmlFree(v);
		}
		if (strcmp((const char *)n->name, "img") == 0) {
			v = xmlGetProp(n, BAD_CAST "src");
			w = xmlGetProp(n, BAD_CAST "alt");
			put_url(&s->images, v ? (char *)v : "");
			buf_printf(&s->images, "|%s\n", w ? (char *)w : "");
			xmlFree(v);
			xmlFree(w);
		}
		if (strcmp((const char *)n->name, "tr") == 0)
			buf_puts(&s->tables, "\n");
		if (strcmp((const char *)n->name, "td") == 0 ||
		    strcmp((const char *)n->name, "th") == 0) {
			struct buf	 cell = BUF_INIT;
			char		*t;

			v = xmlNodeGetContent(n);
			buf_puts(&cell, (const char *)v);
			t = squeeze(&cell);
			buf_printf(&s->tables, "[%s]", t);
			free(t);
			buf_free(&cell);
			xmlFree(v);
		}
		walk(s, n->children);
		if (is_block((const char *)n->name))
			buf_putc(&s->text, ' ');
	}
}

static void
signature(struct sig *s, const char *html)
{
	htmlDocPtr	 doc;

	memset(s, 0, sizeof(*s));
	if (*html == '\0')
		return;
	doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET);
	assert_non_null(doc);
	walk(s, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
}

static void
sig_free(struct sig *s)
{
	buf_free(&s->text);
	buf_free(&s->links);
	buf_free(&s->images);
	buf_free(&s->tables);
}

static bool
roundtrip(const char *html, bool verbose)
{
	struct markdown_opts	 o = { true, NULL, 0, NULL };
	struct markdown_doc	 doc;
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();
	struct sig		 want, got;
	char			*md = convert(html, NULL, NULL), *t1, *t2;
	bool			 ok;

	assert_int_equal(markdown_render(&doc, "x.md", md, strlen(md), 1, &o,
	    NULL, a, d), 0);
	signature(&want, html);
	signature(&got, doc.html);
	t1 = squeeze(&want.text);
	t2 = squeeze(&got.text);
	ok = strcmp(t1, t2) == 0 &&
	    strcmp(buf_cstr(&want.links), buf_cstr(&got.links)) == 0 &&
	    strcmp(buf_cstr(&want.images), buf_cstr(&got.images)) == 0 &&
	    strcmp(buf_cstr(&want.tables), buf_cstr(&got.tables)) == 0;
	if (!ok && verbose)
		print_message("html: %s\nmarkdown: [%s]\nrendered: %s\n"
		    "text want [%s]\n     got  [%s]\nlinks want [%s] got [%s]\n"
		    "images want [%s] got [%s]\ntables want [%s] got [%s]",
		    html, md, doc.html, t1, t2, buf_cstr(&want.links),
		    buf_cstr(&got.links), buf_cstr(&want.images),
		    buf_cstr(&got.images), buf_cstr(&want.tables),
		    buf_cstr(&got.tables));
	free(t1);
	free(t2);
	sig_free(&want);
	sig_free(&got);
	free(md);
	diags_free(d);
	arena_free(a);
	return ok;
}

static void
test_html2md_blocks(void **state)
{
	(void)state;
	expect("", "");
	expect("<p>One</p><p>Two</p>", "One\n\nTwo\n");
	expect("<h2>Title</h2><p>x</p>", "## Title\n\nx\n");
	expect("<h3>Issue #</h3>", "### Issue \\#\n");
	expect("<h1>C# <code>a#</code></h1>", "# C# `a#`\n");
	expect("<hr>", "---\n");
	expect("<blockquote><p>a</p><p>b</p></blockquote>",
	    "> a\n>\n> b\n");
	expect("<pre><code class=\"language-c\">int x;\n\nreturn;\n</code></pre>",
	    "```c\nint x;\n\nreturn;\n```\n");
	expect("<pre>a ``` b</pre>", "````\na ``` b\n````\n");
	expect("<pre class=\"brush: js\">f();</pre>", "```js\nf();\n```\n");
}

static void
test_html2md_inline(void **state)
{
	(void)state;
	expect("<p>a <em>b</em> <strong>c</strong> <code>d</code></p>",
	    "a *b* **c** `d`\n");
	expect("<p><b>Note:</b> read</p>", "**Note:** read\n");
	expect("<p>a<i>\"b\"</i>c</p>", "a<em>\"b\"</em>c\n");
	expect("<p><i>a</i><i>b</i></p>", "<em>a</em>*b*\n");
	expect("<p><em> spaced </em>x</p>", "*spaced* x\n");
	expect("<p><code>a`b</code> <code>`</code></p>", "``a`b`` `` ` ``\n");
	expect("<p><s>old</s> new</p>", "~~old~~ new\n");
	expect("<p>a<br>b<br></p>", "a\\\nb\n");
	expect("Line one<br /><br />Line two", "Line one\n\nLine two\n");
	expect("<p><u>under</u> <sup>2</sup></p>",
	    "<u>under</u> <sup>2</sup>\n");
	expect("<p><span style=\"color:red\">red</span> text</p>",
	    "red text\n");
}

static void
test_html2md_escapes(void **state)
{
	(void)state;
	expect("<p>2 * 3 = 6, a_b, _c_, [x], `y`, \\z</p>",
	    "2 \\* 3 = 6, a_b, \\_c\\_, \\[x\\], \\`y\\`, \\\\z\n");
	expect("<p># not a heading</p>", "\\# not a heading\n");
	expect("<p>- not a list<br>+ nor this<br>1. nor this</p>",
	    "\\- not a list\\\n\\+ nor this\\\n1\\. nor this\n");
	expect("<p>&lt;div&gt; &amp;copy; AT&amp;T ~x~</p>",
	    "\\<div> \\&copy; AT&T \\~x\\~\n");
	expect("<p>see http://example.com and www.example.com "
	    "or ana@example.com</p>",
	    "see http\\://example.com and www\\.example.com "
	    "or ana<!---->@example.com\n");
	expect("<p>> quote</p>", "\\> quote\n");
	expect("<p>2012. A year</p>", "2012\\. A year\n");
}

static void
test_html2md_links_images(void **state)
{
	(void)state;
	expect("<p><a href=\"https://e.com/a_b\" title='T \"q\"'>x</a></p>",
	    "[x](https://e.com/a_b \"T \\\"q\\\"\")\n");
	expect("<p><a href=\"/a b(c)\">x</a></p>", "[x](</a b(c)>)\n");
	expect("<p><a href=\"x\"><img src=\"i.png\" alt=\"A [b]\"></a></p>",
	    "[![A \\[b\\]](i.png)](x)\n");
	expect("<p><a name=\"top\">anchor</a></p>", "anchor\n");
	expect("<p><a href=\"/q?a=1&amp;copy;=2\">q</a></p>",
	    "[q](/q?a=1\\&copy;=2)\n");
}

static void
test_html2md_lists(void **state)
{
	(void)state;
	expect("<ul><li>a</li><li>b<ul><li>c</li></ul></li></ul>",
	    "- a\n- b\n  - c\n");
	expect("<ol start=\"3\"><li>x</li><li>y</li></ol>",
	    "3. x\n4. y\n");
	expect("<ul><li><p>a</p><p>b</p></li><li>c</li></ul>",
	    "- a\n\n  b\n\n- c\n");
	expect("<ul><li>a</li></ul><ul><li>b</li></ul>",
	    "- a\n\n* b\n");
	expect("<ol><li>a</li></ol><ol><li>b</li></ol>",
	    "1. a\n\n1) b\n");
	expect("<ul><li>text<ol start=\"2\"><li>x</li></ol></li></ul>",
	    "- text\n\n  2. x\n");
	expect("<ul><li><pre>a\n\nb</pre></li></ul>",
	    "- ```\n  a\n\n  b\n  ```\n");
}

static void
test_html2md_tables(void **state)
{
	(void)state;
	expect("<table><tr><th>A</th><th align=right>B</th></tr>"
	    "<tr><td>1|2</td><td><code>x|y</code></td></tr></table>",
	    "| A | B |\n| --- | ---: |\n| 1\\|2 | `x\\|y` |\n");
	expect("<table><thead><tr><th>A</th></tr></thead><tbody>"
	    "<tr><td>a<br>b</td><td>extra</td></tr></tbody></table>",
	    "| A |  |\n| --- | --- |\n| a<br>b | extra |\n");
	/* No header row, or merged cells: HTML. */
	expect("<table><tr><td>a</td></tr></table>",
	    "<table><tr><td>a</td></tr></table>\n");
	expect("<table><tr><th colspan=2>A</th></tr></table>",
	    "<table><tr><th colspan=\"2\">A</th></tr></table>\n");
}

static void
test_html2md_raw(void **state)
{
	struct html2md_stats	 st;
	char			*md;

	(void)state;
	expect("<div class=\"separator\" style=\"clear: both;\">"
	    "<a href=\"big.jpg\"><img src=\"s.jpg\"></a></div>",
	    "<div class=\"separator\" style=\"clear: both;\"><a href=\"big."
	    "jpg\"><img src=\"s.jpg\"></a></div>\n");
	/* A tag outside CommonMark's block list gets a line of its own. */
	expect("<video controls><source src=\"v.mp4\"></video>",
	    "<video controls=\"\">\n<source src=\"v.mp4\"></video>\n");
	/* No blank line inside an HTML block: it would end it. */
	expect("<div id=x><pre>a\n\nb</pre></div>",
	    "<div id=\"x\"><pre>a\n&#10;b</pre></div>\n");
	expect("<div><p>plain div</p></div>", "plain div\n");
	md = convert("<p>x</p><form action=\"/s\"><input name=q></form>",
	    &st, NULL);
	assert_string_equal(md, "x\n\n<form action=\"/s\"><input name=\"q\">"
	    "</form>\n");
	assert_true(html2md_needs_unsafe(&st));
	assert_false(html2md_mostly_raw(&st));
	free(md);
	md = convert("<p>Some words in Markdown</p>", &st, NULL);
	assert_false(html2md_needs_unsafe(&st));
	free(md);
	md = convert("<p>x</p><table><tr><td colspan=2>a long table cell "
	    "with much text</td></tr></table>", &st, NULL);
	assert_true(html2md_mostly_raw(&st));
	free(md);
}

static void
test_html2md_filtered(void **state)
{
	struct diags		*d = diags_new();
	struct html2md_stats	 st;
	char			*md, *diag;

	(void)state;
	md = convert("<p>Watch:</p>\n<iframe src=\"https://www.youtube.com/"
	    "embed/abc\"></iframe>\n<script>alert(1)</script><p>end</p>", &st,
	    d);
	assert_string_equal(md, "Watch:\n\n[https\\://www\\.youtube.com/embed/"
	    "abc](https://www.youtube.com/embed/abc)\n\nend\n");
	diag = tu_diags(d);
	assert_string_equal(diag,
	    "post.html:2: warning: iframe https://www.youtube.com/embed/abc: "
	    "kept as a link; an embedded frame needs an HTML post\n"
	    "post.html:3: warning: <script> left out: Markdown posts cannot "
	    "run or embed it\n");
	assert_int_equal(st.changed, 2);
	free(diag);
	free(md);
	diags_free(d);
}

static void
test_html2md_autop(void **state)
{
	struct html2md_opts	 o = { false, true, "post.html", 1, NULL,
		NULL };
	struct html2md_stats	 st;
	struct buf		 b = BUF_INIT;
	const char		*html = "First line\nsecond line.\n\nNext "
	    "<em>para\ngraph</em>.\n<ul>\n<li>item</li>\n</ul>\nAfter."
	    "\n\n<!-- wp:paragraph -->\n<p>Block</p>\n<!-- /wp:paragraph"
	    " -->\n<pre>a\n\nb</pre>";

	(void)state;
	html2md_convert(&b, &st, html, strlen(html), &o, NULL);
	assert_string_equal(buf_cstr(&b), "First line\\\nsecond line.\n\n"
	    "Next *para\\\ngraph*.\n\n- item\n\nAfter.\n\nBlock\n\n"
	    "```\na\n\nb\n```\n");
	buf_free(&b);
}

static void
test_html2md_roundtrip(void **state)
{
	static const char *const cases[] = {
		"<p>Hello <b>world</b>, <i>this</i> is <a href=\"/x\">a "
		"link</a>.</p>",
		"<p>Stars * and _under_scores_ and [brackets] and `ticks` "
		"and \\back\\slashes and <angle> &amp; &lt;b&gt;.</p>",
		"<p># hash<br>- dash<br>+ plus<br>= eq<br>1. one<br>2) two"
		"<br>&gt; gt</p>",
		"<h1>One</h1><h2>Two <em>em</em></h2><h6>Six #</h6>",
		"<ul><li>a<ul><li>b<ol><li>c</li><li>d</li></ol></li></ul>"
		"</li><li>e</li></ul><ol start=5><li>five</li></ol>",
		"<blockquote><p>q1</p><blockquote><p>q2</p></blockquote>"
		"<ul><li>in quote</li></ul></blockquote>",
		"<pre><code>if (a &lt; b) {\n\n  *x = `y`;\n}\n</code></pre>",
		"<p>Line one<br />Line two<br /><br />Para two</p>",
		"Blogger text<br /><br />with <span style=\"font-family: "
		"arial\">spans</span> and<div><br /></div><div>divs</div>",
		"<table><thead><tr><th>Name</th><th>Price</th></tr></thead>"
		"<tbody><tr><td>A <b>b</b></td><td>$1</td></tr><tr><td>|pipe|"
		"</td><td><a href=\"/p\">link</a></td></tr></tbody></table>",
		"<table><tr><td rowspan=2>merged</td><td>x</td></tr><tr><td>y"
		"</td></tr></table>",
		"<p><img src=\"/a.png\" alt=\"Alt *text*\" title=\"T\"> and "
		"<img src=\"b c.png\"></p>",
		"<div class=\"separator\" style=\"clear: both; text-align: "
		"center;\"><a href=\"https://b.example/big.jpg\" style=\"margin"
		"-left: 1em;\"><img border=\"0\" src=\"https://b.example/s.jpg"
		"\" width=\"320\" /></a></div>",
		"<p>Visit http://example.com/x or www.example.org, mail "
		"ana@example.com.</p>",
		"<p>a<i>\"quoted\"</i>b <b>bold:</b>c <i>a</i><i>b</i> "
		"<b><i>both</i></b></p>",
		"<p><code>code with `tick`</code> <code> spaced </code> "
		"<tt>tt</tt></p>",
		"<p><del>gone</del> <s>struck</s> ~tilde~ ~~two~~</p>",
		"<p><u>u</u> <sup>sup</sup> <sub>sub</sub> <small>small"
		"</small> <mark>mark</mark> <abbr title=\"x\">abbr</abbr></p>",
		"<dl><dt>term</dt><dd>definition</dd></dl>",
		"<figure><img src=\"f.jpg\" alt=\"f\"><figcaption>Caption"
		"</figcaption></figure>",
		"<p>Text</p><hr><p>After &nbsp; rule&nbsp;</p><p>&nbsp;</p>",
		"<p>Unicode: café, 日本語, emoji 🎉, “quotes”</p>",
		"<ul><li><p>para one</p><p>para two</p></li><li><pre>code\n"
		"\nblock</pre></li></ul>",
		"<p><a href=\"https://e.com/?a=1&amp;b=2#frag\">query</a> "
		"<a href=\"mailto:x@y.com\">mail</a> <a href=\"/a_(b)\">paren"
		"</a></p>",
		"<p>Text with <a href=\"/x\"><b>bold link</b></a> and "
		"<b><a href=\"/y\">link in bold</a></b>.</p>",
		"<div>div text<p>p in div</p>more div text</div>",
		"<ol><li>one</li></ol><ol><li>two</li></ol><ul><li>three</li>"
		"</ul><ul><li>four</li></ul>",
		"<p>*not em* __not strong__ 1*2*3 a**b</p>",
		"<h3>Heading with <a href=\"/h\">link</a> and <code>#</code>"
		"</h3>",
		"<p><video controls src=\"v.mp4\"></video> inline video</p>",
		"<p>&amp;amp; &amp;#35; &amp;nbsp; literal entities</p>",
		"<pre>pre with <b>bold</b> and\n  indentation</pre>",
		"<p>trailing backslash \\</p><p>\\</p>",
		"<p>line<br>   indented after break</p>",
		"<table><tr><th>a</th></tr><tr><td><p>para cell</p></td></tr>"
		"</table>",
		"<p>A<strong>B</strong>C <em>x </em>y</p>",
		"<p>Ünïcödé <b>“bold”</b>! (<i>paren</i>)</p>",
		"<ul><li></li><li>after empty</li></ul>",
		"<p>1986. What a great season.</p><p>3) third</p>",
		"<p>x|y</p><p>| a | b |<br>|---|---|</p>",
		NULL
	};
	size_t	 i, failed = 0;

	(void)state;
	for (i = 0; cases[i] != NULL; i++)
		if (!roundtrip(cases[i], true))
			failed++;
	assert_int_equal(failed, 0);
}

/* A small deterministic generator of tricky HTML for round trips. */
static uint32_t	 rnd_state;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

static void
gen_text(struct buf *b)
{
	static const char *const words[] = {
		"word", "*", "_", "a_b", "[x]", "`", "\\", "&lt;p&gt;",
		"&amp;", "#", "-", "1.", "2)", "+", "=", "&gt;", "~", "|",
		"http://e.com", "www.e.org", "a@b.com", "!", "(", ")", "\"",
		"caf\xc3\xa9", "&nbsp;", "**", "__", "&amp;copy;", ":", "x*y",
	};
	unsigned	 i, n = 1 + rnd(2);

	for (i = 0; i < n; i++) {
		if (i > 0 || rnd(3) == 0)
			buf_putc(b, rnd(5) == 0 ? '\n' : ' ');
		buf_puts(b, words[rnd(sizeof(words) / sizeof(words[0]))]);
	}
	if (rnd(3) == 0)
		buf_putc(b, ' ');
}

static void
gen_inline(struct buf *b, unsigned depth)
{
	static const char *const tags[] = {
		"em", "strong", "b", "i", "code", "span", "del", "u", "sup",
	};
	unsigned	 i, n = 1 + rnd(3), k;
	const char	*t;

	for (i = 0; i < n; i++) {
		k = depth > 1 ? 0 : rnd(9);
		if (k < 3)
			gen_text(b);
		else if (k == 3)
			buf_puts(b, "<br>");
		else if (k == 4) {
			buf_printf(b, "<a href=\"/l%u?a=1&amp;b=_\">", rnd(9));
			gen_inline(b, depth + 1);
			buf_puts(b, "</a>");
		} else if (k == 5)
			buf_printf(b, "<img src=\"/i%u.png\" alt=\"*alt* %u\">",
			    rnd(9), rnd(9));
		else {
			t = tags[rnd(sizeof(tags) / sizeof(tags[0]))];
			buf_printf(b, "<%s>", t);
			gen_inline(b, depth + 1);
			buf_printf(b, "</%s>", t);
		}
	}
}

static void
gen_blocks(struct buf *b, unsigned depth)
{
	unsigned	 i, n = 1 + rnd(2), k, j;

	for (i = 0; i < n; i++) {
		k = depth > 1 ? rnd(2) : rnd(9);
		switch (k) {
		case 0:
			buf_puts(b, "<p>");
			gen_inline(b, 0);
			buf_puts(b, "</p>");
			break;
		case 1:
			gen_inline(b, 0);
			break;
		case 2:
			buf_printf(b, "<h%u>", 1 + rnd(6));
			gen_inline(b, 1);
			buf_puts(b, "</h1>");
			break;
		case 3:
		case 4:
			buf_puts(b, k == 3 ? "<ul>" : "<ol>");
			for (j = 0; j < 1 + rnd(3); j++) {
				buf_puts(b, "<li>");
				gen_blocks(b, depth + 1);
				buf_puts(b, "</li>");
			}
			buf_puts(b, k == 3 ? "</ul>" : "</ol>");
			break;
		case 5:
			buf_puts(b, "<blockquote>");
			gen_blocks(b, depth + 1);
			buf_puts(b, "</blockquote>");
			break;
		case 6:
			buf_puts(b, "<pre>");
			gen_text(b);
			buf_puts(b, "\n\n");
			gen_text(b);
			buf_puts(b, "</pre>");
			break;
		case 7:
			buf_puts(b, "<table><tr><th>");
			gen_inline(b, 2);
			buf_puts(b, "</th><th>h</th></tr><tr><td>");
			gen_inline(b, 2);
			buf_puts(b, "</td><td>");
			gen_text(b);
			buf_puts(b, "</td></tr></table>");
			break;
		default:
			buf_puts(b, "<div>");
			gen_blocks(b, depth + 1);
			buf_puts(b, "</div>");
		}
	}
}

static void
test_html2md_generated(void **state)
{
	struct buf	 b = BUF_INIT;
	unsigned	 i, failed = 0;

	(void)state;
	rnd_state = 20;
	for (i = 0; i < 2000; i++) {
		buf_reset(&b);
		gen_blocks(&b, 0);
		if (!roundtrip(buf_cstr(&b), failed < 3))
			failed++;
	}
	buf_free(&b);
	if (failed > 0)
		print_message("%u of 2000 failed\n", failed);
	assert_int_equal(failed, 0);
}

/* An HTML post's body: the HTML whole, wpautop's breaks where asked. */
static char *
as_html(const char *html, bool autop)
{
	struct html2md_opts	 o = { false, autop, "post.html", 1, NULL,
		NULL };
	struct buf		 b = BUF_INIT;

	html2md_html(&b, html, strlen(html), &o);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

static void
test_html2md_html(void **state)
{
	static const struct {
		const char	*in, *out;
		bool		 autop;
	} t[] = {
		{ "", "", false },
		{ "<div style=\"color: red\">A &amp; B</div><iframe "
		    "src=\"https://v.example/e/1\"></iframe>",
		    "<div style=\"color: red\">A &amp; B</div>\n<iframe "
		    "src=\"https://v.example/e/1\"></iframe>\n", false },
		/* Blogger: line breaks are <br>; text ones are layout. */
		{ "One<br />two\nthree", "<p>One<br>two\nthree</p>\n",
		    false },
		/* wpautop: blank lines part paragraphs, one line a break. */
		{ "First line\nsecond.\n\nNext <b>bold</b>.\n\n"
		    "<table>\n<tr><td colspan=\"2\">x</td></tr>\n</table>",
		    "<p>First line<br>\nsecond.</p>\n<p>Next <b>bold</b>."
		    "</p>\n<table><tr><td colspan=\"2\">x</td></tr></table>\n",
		    true },
		/* Code and scripts keep their lines. */
		{ "<pre>a\n\nb &lt; c</pre>\n<script>if (a < b)\n"
		    "f();</script>", "<pre>a\n&#10;b &lt; c</pre>\n"
		    "<script>if (a < b)\nf();</script>\n", true },
	};
	size_t	 i;
	char	*got;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		got = as_html(t[i].in, t[i].autop);
		assert_string_equal(got, t[i].out);
		free(got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html2md_blocks),
		cmocka_unit_test(test_html2md_inline),
		cmocka_unit_test(test_html2md_escapes),
		cmocka_unit_test(test_html2md_links_images),
		cmocka_unit_test(test_html2md_lists),
		cmocka_unit_test(test_html2md_tables),
		cmocka_unit_test(test_html2md_raw),
		cmocka_unit_test(test_html2md_filtered),
		cmocka_unit_test(test_html2md_autop),
		cmocka_unit_test(test_html2md_html),
		cmocka_unit_test(test_html2md_roundtrip),
		cmocka_unit_test(test_html2md_generated),
	};

	markdown_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
