/*
 * Unit tests for the Mustache engine: what the spec leaves open and
 * heraldo settles, indentation and inheritance corners, exact diagnostics
 * for malformed templates, the bounds on nesting, pathological inputs
 * under a time bound, and rendering one set from two threads.  The spec's
 * own tests run in test_mustache_spec.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "loader.h"
#include "template.h"
#include "testutil.h"
#include "util.h"
#include "value.h"

struct fx {
	struct arena	*a;
	struct diags	*d;
	struct tpl_set	*set;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	f->a = arena_new();
	f->d = diags_new();
	f->set = template_set_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	template_set_free(f->set);
	diags_free(f->d);
	arena_free(f->a);
	free(f);
	return 0;
}

static struct value *
data(struct fx *f, const char *yaml)
{
	struct value	*v = NULL;

	assert_int_equal(loader_parse(&v, "data.yaml", yaml, strlen(yaml), 1,
	    f->a, f->d), 0);
	return v;
}

/* Add layouts/NAME.mustache, which must compile. */
static void
add(struct fx *f, const char *name, const char *text)
{
	char	 path[256];
	char	*got;

	snprintf(path, sizeof(path), "layouts/%s.mustache", name);
	if (template_set_add(f->set, name, path, text, strlen(text),
	    f->d) < 0) {
		got = tu_diags(f->d);
		fail_msg("%s: %s", name, got);
	}
}

/* Render "name"; the result is malloc'd. */
static char *
render(struct fx *f, const char *name, const struct value *ctx)
{
	struct buf	 out = BUF_INIT;
	char		*got;

	if (template_render(&out, f->set, name, ctx, f->d) < 0) {
		got = tu_diags(f->d);
		fail_msg("render %s: %s", name, got);
	}
	assert_int_equal(diags_count(f->d), 0);
	buf_cstr(&out);
	return buf_detach(&out, NULL);
}

/* Template "t" with data "yaml" renders as "want". */
static void
expect(struct fx *f, const char *text, const char *yaml, const char *want)
{
	char	*got;

	add(f, "t", text);
	got = render(f, "t", data(f, yaml));
	assert_string_equal(got, want);
	free(got);
}

/* Adding "text" as layouts/t.mustache fails with exactly "want". */
static void
expect_errors(struct fx *f, const char *text, const char *want)
{
	char	*got;

	assert_int_equal(template_set_add(f->set, "t", "layouts/t.mustache",
	    text, strlen(text), f->d), -1);
	assert_false(template_set_has(f->set, "t"));
	got = tu_diags(f->d);
	assert_string_equal(got, want);
	free(got);
	diags_free(f->d);
	f->d = diags_new();
}

/* Rendering "name" fails with exactly "want"; returns what was output. */
static char *
expect_render_error(struct fx *f, const char *name, const struct value *ctx,
    const char *want)
{
	struct buf	 out = BUF_INIT;
	char		*got;

	assert_int_equal(template_render(&out, f->set, name, ctx, f->d), -1);
	got = tu_diags(f->d);
	assert_string_equal(got, want);
	free(got);
	diags_free(f->d);
	f->d = diags_new();
	buf_cstr(&out);
	return buf_detach(&out, NULL);
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *
repeat(const char *s, size_t times)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < times; i++)
		buf_puts(&b, s);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

static void
test_template_escaping(void **state)
{
	struct fx	*f = *state;

	expect(f, "{{x}}|{{{x}}}|{{&x}}|{{ x }}|{{& x }}",
	    "x: \"a & b <i> \\\"q\\\" 'apos'\"",
	    "a &amp; b &lt;i&gt; &quot;q&quot; &#39;apos&#39;|"
	    "a & b <i> \"q\" 'apos'|a & b <i> \"q\" 'apos'|"
	    "a &amp; b &lt;i&gt; &quot;q&quot; &#39;apos&#39;|"
	    "a & b <i> \"q\" 'apos'");
}

static void
test_template_scalars(void **state)
{
	struct fx	*f = *state;

	expect(f, "{{i}} {{r}} {{neg}} {{big}} {{t}} {{no}} {{nil}} "
	    "[{{list}}] [{{map}}] [{{missing}}] {{&r}}",
	    "i: 42\nr: 1.210\nneg: -0.5\nbig: 1e20\nt: true\nno: false\n"
	    "nil: ~\nlist: [1]\nmap: {a: 1}\n",
	    "42 1.21 -0.5 1e+20 true false  [] [] [] 1.21");
}

/* Whole numbers take a shortcut: it must print what the value tree does. */
static void
test_template_numbers(void **state)
{
	struct fx		*f = *state;
	static const double	 nums[] = { 0, -0.0, 1, -1, 7, 42, -300, 1e9,
	    123456789012345, 999999999999999, -999999999999999, 1e15, 1e16,
	    0.5, -2.5, 1e-7, 3e300, 4294967296, 18446744073709551616.0 };
	struct value		*ctx;
	struct buf		 out = BUF_INIT;
	char			 tmp[32];
	const char		*want;
	size_t			 i, len;

	add(f, "n", "{{n}}");
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		ctx = value_map(f->a);
		value_map_set_num(f->a, ctx, "n", nums[i]);
		buf_reset(&out);
		assert_int_equal(template_render(&out, f->set, "n", ctx, f->d),
		    0);
		want = value_scalar_text(value_map_get(ctx, "n"), tmp, &len);
		assert_string_equal(buf_cstr(&out), want);
	}
	buf_free(&out);
}

static void
test_template_dotted_names(void **state)
{
	struct fx	*f = *state;

	/* The first part is searched down the stack, the rest only in it. */
	expect(f, "{{#a}}[{{b.c}}][{{d.e}}][{{x}}]{{/a}}",
	    "a: {b: {}, x: inner}\nb: {c: outer}\nd: {e: found}\nx: root\n",
	    "[][found][inner]");
	expect(f, "{{post.tags.1.name}}|{{post.tags.9.name}}|"
	    "{{#post.tags.0}}has tags: {{name}}{{/post.tags.0}}|"
	    "{{#empty.0}}no{{/empty.0}}{{^empty.0}}none{{/empty.0}}|"
	    "{{post.title.0}}",
	    "post: {title: T, tags: [{name: a}, {name: b}]}\nempty: []\n",
	    "b||has tags: a|none|");
	expect(f, "{{a.b.c}}", "a: {b: {c: 1}}", "1");
}

static void
test_template_sections(void **state)
{
	struct fx	*f = *state;

	expect(f, "{{#list}}<{{.}}>{{/list}}|{{#map}}{{k}}{{/map}}|"
	    "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}|{{#s}}[{{.}}]{{/s}}"
	    "{{#empty}}E{{/empty}}|{{#zero}}0 is true{{/zero}}|"
	    "{{#none}}x{{/none}}{{#nil}}x{{/nil}}{{#missing}}x{{/missing}}|"
	    "{{#items}}{{name}}:{{outer}},{{/items}}",
	    "list: [1, two, 3.5]\nmap: {k: v}\nyes: true\nno: false\n"
	    "s: str\nempty: \"\"\nzero: 0\nnone: []\nnil: ~\nouter: O\n"
	    "items: [{name: a}, {name: b, outer: shadow}]\n",
	    "<1><two><3.5>|v|Y|[str]|0 is true||a:O,b:shadow,");
	expect(f, "{{^list}}A{{/list}}{{^none}}B{{/none}}{{^no}}C{{/no}}"
	    "{{^empty}}D{{/empty}}{{^missing}}E{{/missing}}{{^s}}F{{/s}}",
	    "list: [1]\nnone: []\nno: false\nempty: \"\"\ns: x\n", "BCDE");
}

static void
test_template_standalone_lines(void **state)
{
	struct fx	*f = *state;

	expect(f, "a\r\n  {{#x}}  \r\nb\r\n  {{/x}}\r\n\t{{! c }}\r\nc\r\n"
	    "{{#x}}{{/x}}\nd {{#x}}\n{{/x}}\n",
	    "x: true", "a\r\nb\r\nc\r\n\nd \n");
	/* Set-delimiter tags are standalone too; partials keep theirs. */
	add(f, "p", "{{x}}{{=| |=}}|x|\n");
	expect(f, "{{=<% %>=}}\n<%x%>{{x}}\n<%={{ }}=%>\n{{>p}}\n",
	    "x: 1", "1{{x}}\n11\n");
}

static void
test_template_partial_indentation(void **state)
{
	struct fx	*f = *state;

	/* Indentation adds up; multi-line values are not indented. */
	add(f, "outer", "<ul>\n  {{>inner}}\n</ul>\n");
	add(f, "inner", "<li>{{{v}}}</li>\n<li>2</li>\n");
	expect(f, "<div>\n    {{>outer}}\n</div>\n", "v: \"a\\nb\"",
	    "<div>\n    <ul>\n      <li>a\nb</li>\n      <li>2</li>\n"
	    "    </ul>\n</div>\n");

	/*
	 * Each line of the partial is indented once, as if the partial's
	 * text were indented before rendering: the lines inside a section
	 * are indented at each pass, a line that opens a section inline
	 * only once.
	 */
	add(f, "rows", "{{#r}}\n<tr>{{.}}</tr>\n{{/r}}\n{{#r}}({{.}}){{/r}}\n");
	expect(f, "  {{>rows}}\nend\n", "r: [1, 2]",
	    "  <tr>1</tr>\n  <tr>2</tr>\n  (1)(2)\nend\n");

	/* A partial that is not alone on its line is not indented. */
	expect(f, "  x {{>inner}}|", "v: 1", "  x <li>1</li>\n<li>2</li>\n|");
}

static void
test_template_inheritance(void **state)
{
	struct fx	*f = *state;

	add(f, "base", "<title>{{$title}}{{site}}{{/title}}</title>\n"
	    "{{>partials/head}}\n"
	    "<main>\n"
	    "  {{$content}}\n"
	    "  <p>empty</p>\n"
	    "  {{/content}}\n"
	    "</main>\n");
	add(f, "partials/head", "<meta name=\"x\" content=\"{{$meta}}none"
	    "{{/meta}}\">\n");
	add(f, "post", "{{<base}}\n"
	    "{{$title}}{{post.title}} · {{site}}{{/title}}\n"
	    "{{$meta}}{{post.title}}{{/meta}}\n"
	    "{{$content}}\n"
	    "<h1>{{post.title}}</h1>\n"
	    "{{#post.tags}}\n"
	    "  <a>{{.}}</a>\n"
	    "{{/post.tags}}\n"
	    "{{/content}}\n"
	    "{{/base}}\n");
	expect(f, "{{>post}}|{{>base}}",
	    "site: S\npost: {title: \"A & B\", tags: [x, y]}\n",
	    "<title>A &amp; B · S</title>\n"
	    "<meta name=\"x\" content=\"A &amp; B\">\n"
	    "<main>\n"
	    "  <h1>A &amp; B</h1>\n"
	    "    <a>x</a>\n"
	    "    <a>y</a>\n"
	    "</main>\n"
	    "|<title>S</title>\n"
	    "<meta name=\"x\" content=\"none\">\n"
	    "<main>\n"
	    "  <p>empty</p>\n"
	    "</main>\n");
}

static void
test_template_dynamic_names(void **state)
{
	struct fx	*f = *state;

	add(f, "kinds/text", "T:{{body}}");
	add(f, "kinds/image", "I:{{url}}");
	add(f, "frame", "[{{$in}}{{/in}}]");
	expect(f, "{{#items}}{{>*kind}};{{/items}}{{<*layout}}{{$in}}in"
	    "{{/in}}{{/*layout}}{{>*nokind}}{{>*list}}",
	    "layout: frame\nlist: [a]\nitems:\n"
	    "  - {kind: kinds/text, body: hello}\n"
	    "  - {kind: kinds/image, url: /a.png}\n"
	    "  - {kind: kinds/none}\n",
	    "T:hello;I:/a.png;;[in]");
}

static void
test_template_missing_partials(void **state)
{
	struct fx	*f = *state;
	char		*got;

	add(f, "p", "ok");
	expect(f, "[{{>nope}}]\n  {{<gone}}{{$a}}x{{/a}}{{/gone}}\n"
	    "{{>p}}{{>*dyn}}", "dyn: alsonope", "[]\nok");
	assert_int_equal(template_set_check(f->set, f->d), -1);
	got = tu_diags(f->d);
	assert_string_equal(got,
	    "layouts/t.mustache:1:2: error: partial \"nope\" not found\n"
	    "layouts/t.mustache:2:3: error: parent \"gone\" not found\n");
	free(got);
}

/*
 * A name no render found is reported when a close name was there; one
 * found by any render, or with nothing close, is not.
 */

/* Whether the set's tags look "name" up, alone or as a part. */
static bool
names_has(struct fx *f, const char *name)
{
	size_t		 n;
	const char	**v = template_set_names(f->set, &n, f->a);

	return bsearch(&name, v, n, sizeof(*v), util_cmp_strp) != NULL;
}

static void
test_template_missing_names(void **state)
{
	struct fx	*f = *state;
	char		*got;

	add(f, "t", "{{titel}}|{{post.sumary}}|{{#post}}{{autor}}{{/post}}"
	    "|{{#image}}x{{/image}}|{{post.tilte}}|{{#posts}}{{ttile}}"
	    "{{/posts}}\n");
	got = render(f, "t", data(f, "title: T\npost: {title: P, summary: S, "
	    "author: A}\nposts: [{title: A}, {ttile: B}]\n"));
	free(got);
	got = render(f, "t", data(f, "title: T\npost: {title: Q}\n"));
	free(got);
	assert_true(names_has(f, "sumary"));
	assert_true(names_has(f, "post"));
	assert_false(names_has(f, "summary"));
	template_set_missing(f->set, f->d);
	got = tu_diags(f->d);
	assert_string_equal(got,
	    "layouts/t.mustache:1:1: warning: {{titel}}: no page has "
	    "\"titel\"; did you mean \"title\"?\n"
	    "layouts/t.mustache:1:11: warning: {{post.sumary}}: no page has "
	    "\"sumary\"; did you mean \"summary\"?\n"
	    "layouts/t.mustache:1:36: warning: {{autor}}: no page has "
	    "\"autor\"; did you mean \"author\"?\n"
	    "layouts/t.mustache:1:77: warning: {{post.tilte}}: no page has "
	    "\"tilte\"; did you mean \"title\"?\n");
	free(got);
}

static void
test_template_syntax_errors(void **state)
{
	struct fx	*f = *state;

	expect_errors(f, "{{#a}}x",
	    "layouts/t.mustache:1:1: error: unclosed section \"a\"\n");
	expect_errors(f, "x\n  {{^ a }}\n",
	    "layouts/t.mustache:2:3: error: unclosed section \"a\"\n");
	expect_errors(f, "{{$a}}{{<b}}",
	    "layouts/t.mustache:1:1: error: unclosed block \"a\"\n"
	    "layouts/t.mustache:1:7: error: unclosed parent \"b\"\n");
	expect_errors(f, "{{#a}}\n{{/b}}",
	    "layouts/t.mustache:2:1: error: closing tag \"b\" does not "
	    "match section \"a\"\n");
	expect_errors(f, "{{#a}}{{#b}}{{/a}}",
	    "layouts/t.mustache:1:7: error: unclosed section \"b\"\n");
	expect_errors(f, "x{{/a}}",
	    "layouts/t.mustache:1:2: error: unexpected closing tag \"a\"\n");
	expect_errors(f, "ab\n  {{x",
	    "layouts/t.mustache:2:3: error: unclosed tag, expected \"}}\"\n");
	expect_errors(f, "{{{x}}",
	    "layouts/t.mustache:1:1: error: unclosed tag, expected \"}}}\"\n");
	expect_errors(f, "{{=<% %>=}}<%{x%>",
	    "layouts/t.mustache:1:12: error: unclosed tag, expected "
	    "\"}%>\"\n");
	expect_errors(f, "{{=<% %>}}",
	    "layouts/t.mustache:1:1: error: bad set-delimiter tag, expected "
	    "\"=}}\" at its end\n");
	expect_errors(f, "{{=<%=}}\n{{=a = b=}}",
	    "layouts/t.mustache:1:1: error: bad set-delimiter tag, expected "
	    "two delimiters as in \"{{=<% %>=}}\"\n"
	    "layouts/t.mustache:2:1: error: bad set-delimiter tag, expected "
	    "two delimiters as in \"{{=<% %>=}}\"\n");
	expect_errors(f, "{{a b}} {{a..b}} {{.a}} {{}} {{# }} {{>}} {{>*}} "
	    "{{/}}",
	    "layouts/t.mustache:1:1: error: bad name \"a b\"\n"
	    "layouts/t.mustache:1:9: error: bad name \"a..b\"\n"
	    "layouts/t.mustache:1:18: error: bad name \".a\"\n"
	    "layouts/t.mustache:1:25: error: empty tag\n"
	    "layouts/t.mustache:1:30: error: empty tag\n"
	    "layouts/t.mustache:1:37: error: empty tag\n"
	    "layouts/t.mustache:1:43: error: empty tag\n"
	    "layouts/t.mustache:1:50: error: empty tag\n");
	/* Errors do not stop the parse: all of them are reported. */
	expect_errors(f, "{{#a}}\n{{/b}}\n{{c d}}\n{{#e}}\n{{/f}}\n{{/g}}",
	    "layouts/t.mustache:2:1: error: closing tag \"b\" does not "
	    "match section \"a\"\n"
	    "layouts/t.mustache:3:1: error: bad name \"c d\"\n"
	    "layouts/t.mustache:5:1: error: closing tag \"f\" does not "
	    "match section \"e\"\n"
	    "layouts/t.mustache:6:1: error: unexpected closing tag \"g\"\n");
}

static void
test_template_replace(void **state)
{
	struct fx	*f = *state;
	char		*got;

	assert_false(template_set_has(f->set, "a"));
	add(f, "a", "one");
	add(f, "b", "{{>a}}");
	add(f, "a", "two");
	assert_true(template_set_has(f->set, "a"));
	got = render(f, "b", NULL);
	assert_string_equal(got, "two");
	free(got);
	/* A template that fails to compile leaves the old one in place. */
	assert_int_equal(template_set_add(f->set, "a", "layouts/a.mustache",
	    "{{#x}}", 6, f->d), -1);
	diags_free(f->d);
	f->d = diags_new();
	got = render(f, "b", NULL);
	assert_string_equal(got, "two");
	free(got);
	assert_int_equal(template_set_check(f->set, f->d), 0);
}

/* Enough templates for the set's table to grow several times. */
static void
test_template_many_templates(void **state)
{
	struct fx	*f = *state;
	struct buf	 all = BUF_INIT, want = BUF_INIT;
	char		 name[32], text[32], *got;
	int		 i;

	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "partials/p%d", i);
		snprintf(text, sizeof(text), "%d,", i);
		add(f, name, text);
		buf_printf(&all, "{{>partials/p%d}}", i);
		buf_puts(&want, text);
	}
	add(f, "all", buf_cstr(&all));
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "partials/p%d", i);
		assert_true(template_set_has(f->set, name));
	}
	assert_false(template_set_has(f->set, "partials/p300"));
	assert_false(template_set_has(f->set, "partials/p"));
	assert_false(template_set_has(f->set, ""));
	got = render(f, "all", NULL);
	assert_string_equal(got, buf_cstr(&want));
	free(got);
	assert_int_equal(template_set_check(f->set, f->d), 0);
	buf_free(&all);
	buf_free(&want);
	template_set_free(NULL);
}

static void
test_template_render_errors(void **state)
{
	struct fx	*f = *state;
	char		*out, *want;

	add(f, "self", "x\n{{#a}}{{>self}}{{/a}}");
	out = expect_render_error(f, "self", data(f, "a: true"),
	    "layouts/self.mustache:2:7: error: partial \"self\" nested "
	    "more than 64 deep\n");
	free(out);
	/* A block whose override names the block again. */
	add(f, "p", "{{$x}}{{/x}}");
	add(f, "loop", "{{<p}}{{$x}}[{{$x}}{{/x}}]{{/x}}{{/p}}");
	out = expect_render_error(f, "loop", NULL,
	    "layouts/loop.mustache:1:14: error: block \"x\" nested more than "
	    "64 deep\n");
	want = repeat("[", TEMPLATE_MAX_DEPTH - 1);
	assert_string_equal(out, want);
	free(want);
	free(out);
	out = expect_render_error(f, "nope", NULL,
	    "heraldo: error: unknown template \"nope\"\n");
	free(out);
}

static void
test_template_nesting_bounded(void **state)
{
	struct fx	*f = *state;
	char		*t, *open, *close, *got, want[256];

	/* As deep as allowed renders; one more is a syntax error. */
	open = repeat("{{#m}}", TEMPLATE_MAX_NESTING);
	close = repeat("{{/m}}", TEMPLATE_MAX_NESTING);
	t = xmalloc(strlen(open) * 2 + 16);
	sprintf(t, "%sdeep%s", open, close);
	add(f, "deep", t);
	got = render(f, "deep", data(f, "m: {}"));
	assert_string_equal(got, "deep");
	free(got);
	sprintf(t, "%s{{#m}}x{{/m}}%s", open, close);
	snprintf(want, sizeof(want), "layouts/t.mustache:1:%d: error: "
	    "sections nested more than %d deep\n",
	    6 * TEMPLATE_MAX_NESTING + 1, TEMPLATE_MAX_NESTING);
	expect_errors(f, t, want);
	free(t);
	free(open);
	free(close);

	/* Nesting across partials is bounded as a whole. */
	open = repeat("{{#m}}", 999);
	close = repeat("{{/m}}", 999);
	t = xmalloc(strlen(open) * 2 + 16);
	sprintf(t, "%s{{>rec}}%s", open, close);
	add(f, "rec", t);
	add(f, "top", "{{>rec}}");
	snprintf(want, sizeof(want), "layouts/rec.mustache:1:%d: error: "
	    "sections, partials and blocks nested more than %d deep\n",
	    6 * 999 + 1, 2 * TEMPLATE_MAX_NESTING);
	got = expect_render_error(f, "top", data(f, "m: {}"), want);
	free(got);
	free(t);
	free(open);
	free(close);
}

static void
test_template_work_bounded(void **state)
{
	struct fx	*f = *state;
	struct buf	 b = BUF_INIT;
	char		 name[32], *got, *t;
	clock_t		 t0 = clock();
	int		 i;

	/* Partials that each include the next twice, forty deep: 2^40. */
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "partials/f%d", i);
		buf_reset(&b);
		buf_printf(&b, "{{>partials/f%d}}{{>partials/f%d}}", i + 1,
		    i + 1);
		add(f, name, buf_cstr(&b));
	}
	add(f, "partials/f40", "x");
	add(f, "post", "<main>{{>partials/f0}}</main>");
	got = expect_render_error(f, "post", NULL, "layouts/partials/f38"
	    ".mustache:1:1: error: rendering \"post\" expands partials, "
	    "parents and blocks more than 1000000 times: does a partial "
	    "include others more than once at each level?\n");
	free(got);

	/* Sections within sections over one list, with no output at all. */
	t = xmalloc(32 * 12 + 16);
	strcpy(t, "");
	for (i = 0; i < 12; i++)
		strcat(t, "{{#l}}");
	for (i = 0; i < 12; i++)
		strcat(t, "{{/l}}");
	add(f, "nest", t);
	free(t);
	got = expect_render_error(f, "nest", data(f, "l: [{}, {}, {}, {}, "
	    "{}, {}, {}, {}, {}, {}]"), "layouts/nest.mustache:1:67: error: "
	    "rendering \"nest\" takes more than 20000000 steps: do sections "
	    "within sections walk long lists?\n");
	free(got);

	/* A megabyte sixteen times sixteen times sixteen times over. */
	add(f, "big", "{{#l}}{{#l}}{{#l}}{{{s}}}{{/l}}{{/l}}{{/l}}");
	buf_reset(&b);
	buf_puts(&b, "l: [{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, "
	    "{}, {}, {}]\ns: ");
	for (i = 0; i < 1 << 20; i++)
		buf_putc(&b, 'x');
	got = expect_render_error(f, "big", data(f, buf_cstr(&b)),
	    "layouts/big.mustache:1:19: error: rendering \"big\" makes more "
	    "than 256 MiB of text\n");
	assert_true(strlen(got) > 256u << 20);
	free(got);
	buf_free(&b);
	/* Processor time, which a busy machine does not stretch. */
	assert_true(clock() - t0 < 10 * CLOCKS_PER_SEC);
}

/*
 * A limit every page made with a layout hits is one error, saying how
 * many pages hit it; another place is another error.
 */
static void
test_template_limit_once(void **state)
{
	struct fx	*f = *state;
	struct buf	 out = BUF_INIT;
	struct value	*ctx = data(f, "l: [{}, {}, {}, {}, {}, {}, {}, {}, "
	    "{}, {}]");
	char		*t, *got;
	int		 i;

	t = xmalloc(32 * 12 + 16);
	strcpy(t, "");
	for (i = 0; i < 12; i++)
		strcat(t, "{{#l}}");
	for (i = 0; i < 12; i++)
		strcat(t, "{{/l}}");
	add(f, "nest", t);
	add(f, "nest2", t);
	free(t);
	for (i = 0; i < 3; i++) {
		buf_reset(&out);
		assert_int_equal(template_render(&out, f->set, "nest", ctx,
		    f->d), -1);
	}
	buf_reset(&out);
	assert_int_equal(template_render(&out, f->set, "nest2", ctx, f->d),
	    -1);
	assert_int_equal(diags_errors(f->d), 2);
	got = tu_diags(f->d);
	assert_string_equal(got, "layouts/nest.mustache:1:67: error: "
	    "rendering \"nest\" takes more than 20000000 steps: do sections "
	    "within sections walk long lists? (on 3 pages)\n"
	    "layouts/nest2.mustache:1:67: error: rendering \"nest2\" takes "
	    "more than 20000000 steps: do sections within sections walk long "
	    "lists?\n");
	free(got);
	buf_free(&out);
}

static void
test_template_pathological(void **state)
{
	struct fx	*f = *state;
	struct buf	 out = BUF_INIT;
	struct value	*ctx = data(f, "x: 1\nm: {}\n");
	double		 t0 = now();
	char		*t, *got;

	/* 10,000 nested sections: a prompt error, not a stack overflow. */
	t = repeat("{{#m}}", 10000);
	assert_int_equal(template_set_add(f->set, "t", "t", t, strlen(t),
	    f->d), -1);
	assert_int_equal(diags_errors(f->d), 1);
	free(t);

	/* 100,000 tags in a row. */
	t = repeat("{{x}}{{#m}}{{^m}}n{{/m}}{{/m}}\n", 20000);
	add(f, "many", t);
	assert_int_equal(template_render(&out, f->set, "many", ctx, f->d), 0);
	assert_int_equal(out.len, 40000);
	buf_reset(&out);
	free(t);

	/* Lots of would-be tags that never close, and bad delimiters. */
	t = repeat("{{=x}}", 20000);
	assert_int_equal(template_set_add(f->set, "t", "t", t, strlen(t),
	    f->d), -1);
	assert_int_equal(diags_errors(f->d), 20001);
	free(t);
	t = repeat("{ {x} }}{", 200000);
	add(f, "braces", t);
	free(t);
	t = repeat("{{", 100000);
	assert_int_equal(template_set_add(f->set, "t", "t", t, strlen(t),
	    f->d), -1);
	assert_int_equal(diags_errors(f->d), 20002);
	free(t);
	diags_free(f->d);
	f->d = diags_new();

	/* A standalone partial over a 10,000-item list, indented. */
	t = repeat("  - a\n", 10000);
	buf_puts(&out, "l:\n");
	buf_puts(&out, t);
	add(f, "item", "{{.}}\n");
	add(f, "list", "  {{#l}}\n    {{>item}}\n  {{/l}}\n");
	ctx = data(f, buf_cstr(&out));
	free(t);
	got = render(f, "list", ctx);
	assert_int_equal(strlen(got), 10000 * 6);
	assert_memory_equal(got, "    a\n    a\n", 12);
	free(got);
	buf_free(&out);
	/* Generous even for a sanitizer build on a slow machine. */
	assert_true(now() - t0 < 5.0);
}

struct job {
	const struct tpl_set	*set;
	const struct value	*ctx;
	const char		*want;
	int			 bad;
};

static void *
worker(void *arg)
{
	struct job	*j = arg;
	struct diags	*d = diags_new();
	struct buf	 out = BUF_INIT;
	int		 i;

	for (i = 0; i < 2000; i++) {
		buf_reset(&out);
		if (template_render(&out, j->set, "page", j->ctx, d) < 0 ||
		    strcmp(buf_cstr(&out), j->want) != 0)
			j->bad++;
	}
	buf_free(&out);
	diags_free(d);
	return NULL;
}

static void
test_template_threads(void **state)
{
	struct fx	*f = *state;
	struct job	 j[2];
	pthread_t	 th[2];
	struct value	*ctx;
	char		*want;
	int		 i;

	add(f, "base", "<h1>{{$t}}{{/t}}</h1>\n  {{$body}}{{/body}}\n");
	add(f, "row", "<li>{{name}} {{#tags}}{{.}},{{/tags}}</li>\n");
	add(f, "page", "{{<base}}{{$t}}{{title}}{{/t}}{{$body}}\n"
	    "<ul>\n{{#rows}}\n  {{>row}}\n{{/rows}}\n</ul>\n{{/body}}"
	    "{{/base}}");
	ctx = data(f, "title: \"<T>\"\nrows:\n"
	    "  - {name: a, tags: [x, y]}\n  - {name: b, tags: []}\n");
	want = render(f, "page", ctx);
	/* The block's line ends after the override, which ends a line. */
	assert_string_equal(want, "<h1>&lt;T&gt;</h1>\n  <ul>\n"
	    "    <li>a x,y,</li>\n    <li>b </li>\n  </ul>\n\n");
	for (i = 0; i < 2; i++) {
		j[i].set = f->set;
		j[i].ctx = ctx;
		j[i].want = want;
		j[i].bad = 0;
		assert_int_equal(pthread_create(&th[i], NULL, worker, &j[i]),
		    0);
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(j[i].bad, 0);
	}
	free(want);
}

static void
test_template_nul_bytes(void **state)
{
	struct fx	*f = *state;
	struct buf	 out = BUF_INIT;
	static const char text[] = "a\0b{{x}}\0";
	char		*got;

	assert_int_equal(template_set_add(f->set, "z", "z", text,
	    sizeof(text) - 1, f->d), 0);
	assert_int_equal(template_render(&out, f->set, "z",
	    data(f, "x: 1"), f->d), 0);
	assert_int_equal(out.len, 5);
	assert_memory_equal(out.data, "a\0b1\0", 5);
	buf_free(&out);
	assert_int_equal(template_set_add(f->set, "t", "t", "{{a\0b}}", 7,
	    f->d), -1);
	got = tu_diags(f->d);
	assert_string_equal(got, "t:1:1: error: bad name \"a\"\n");
	free(got);
}

/* Names looked up in empty maps (no array behind them) find nothing. */
static void
test_template_empty_maps(void **state)
{
	struct fx	*f = *state;

	expect(f, "[{{#m}}{{x}}{{m.y}}{{/m}}{{e.z}}]", "m: {}\ne: {}\n", "[]");
	expect(f, "[{{#l}}{{.}}{{/l}}{{^l}}none{{/l}}]", "l: []\n", "[none]");
}

/* Text added as such renders as it is, tags and all, and indents. */
static void
test_template_add_text(void **state)
{
	struct fx	*f = *state;
	char		*got;
	const char	*text = "<p>{{not a tag}}</p>\n<p>2</p>\n";

	assert_int_equal(template_set_add_text(f->set, "shared/side",
	    "layouts/shared/side.mustache", text, strlen(text)), 0);
	add(f, "page", "<main>\n  {{>shared/side}}\n</main>\n");
	assert_int_equal(template_set_check(f->set, f->d), 0);
	got = render(f, "page", data(f, "x: 1"));
	assert_string_equal(got, "<main>\n  <p>{{not a tag}}</p>\n  <p>2</p>\n"
	    "</main>\n");
	free(got);
	assert_int_equal(template_set_add_text(f->set, "empty", "e", "", 0),
	    0);
	got = render(f, "empty", data(f, "x: 1"));
	assert_string_equal(got, "");
	free(got);
}

/* Whether rendering "text" over "yaml" reads the value at posts[0].body. */
static bool
reads_body(struct fx *f, const char *text, const char *yaml)
{
	struct value	*root = data(f, yaml), *posts, *body;
	struct buf	 out = BUF_INIT;
	bool		 watched = true;

	posts = (struct value *)value_map_get(root, "posts");
	body = (struct value *)value_map_get(value_list_get(posts, 0), "body");
	assert_non_null(body);
	body->watch = true;
	add(f, "t", text);
	assert_int_equal(template_render_watch(&out, f->set, "t", root,
	    &watched, f->d), 0);
	buf_free(&out);
	return watched;
}

/*
 * A watched value is reported however a name reaches it: a variable, a
 * dotted name, a section or an inverted section, through a partial; a
 * render that names it nowhere, or only where another context answers
 * first, reports nothing.
 */
static void
test_template_watch(void **state)
{
	struct fx	*f = *state;
	const char	*y = "posts: [{title: A, body: {html: <p>a</p>}}]\n"
			    "body: {html: site}\n";

	assert_false(reads_body(f, "{{#posts}}{{title}}{{/posts}}", y));
	assert_true(reads_body(f, "{{#posts}}{{body}}{{/posts}}", y));
	assert_true(reads_body(f, "{{#posts}}{{{body.html}}}{{/posts}}", y));
	assert_true(reads_body(f, "{{#posts}}{{#body}}x{{/body}}{{/posts}}",
	    y));
	assert_true(reads_body(f, "{{#posts}}{{^body}}x{{/body}}{{/posts}}",
	    y));
	assert_true(reads_body(f, "{{posts.0.body.html}}", y));
	add(f, "p", "{{body.html}}");
	assert_true(reads_body(f, "{{#posts}}{{>p}}{{/posts}}", y));
	/* Outside the post, "body" is the root's, which is not watched. */
	assert_false(reads_body(f, "{{body.html}}{{#posts}}{{title}}{{/posts}}",
	    y));
}

/* Names looked up, wherever their tags are; template names are not. */
static void
test_template_uses(void **state)
{
	struct fx	*f = *state;

	add(f, "base", "{{$body}}{{/body}}{{#posts}}{{>row}}{{/posts}}");
	add(f, "row", "<p>{{title}} {{^draft}}{{date.iso}}{{/draft}}</p>"
	    "{{>*kind}}{{{html}}}{{&raw}}");
	add(f, "page", "{{<base}}{{$body}}{{#x}}{{minutes.n}}{{/x}}{{/body}}"
	    "{{/base}}");
	assert_true(template_set_uses(f->set, "title"));
	assert_true(template_set_uses(f->set, "draft"));
	assert_true(template_set_uses(f->set, "date"));
	assert_true(template_set_uses(f->set, "kind"));
	assert_true(template_set_uses(f->set, "html"));
	assert_true(template_set_uses(f->set, "raw"));
	assert_true(template_set_uses(f->set, "minutes"));
	assert_false(template_set_uses(f->set, "iso"));
	assert_false(template_set_uses(f->set, "row"));
	assert_false(template_set_uses(f->set, "body"));
	assert_false(template_set_uses(f->set, "base"));
	assert_false(template_set_uses(f->set, "reading_time"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_template_add_text, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_template_empty_maps, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_template_escaping,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_scalars,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_numbers,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_dotted_names,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_sections,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_standalone_lines,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_template_partial_indentation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_inheritance,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_dynamic_names,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_missing_partials,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_missing_names,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_syntax_errors,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_replace,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_many_templates,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_render_errors,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_nesting_bounded,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_pathological,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_threads,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_nul_bytes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_watch,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_work_bounded,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_limit_once,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_template_uses,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
