/*
 * Unit tests for front matter splitting and typed keys, malformed input
 * included (exact diagnostics).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "diag.h"
#include "frontmatter.h"
#include "testutil.h"
#include "value.h"

struct fx {
	struct arena	*a;
	struct diags	*d;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

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

/* Split and read "text"; returns the result of whichever failed first. */
static int
parse(struct fx *f, const char *text, struct frontmatter *fm,
    const char **body, unsigned *line)
{
	struct value	*meta;

	if (frontmatter_split(&meta, body, line, "content/posts/x.md", text,
	    strlen(text), f->a, f->d) < 0)
		return -1;
	return frontmatter_read(fm, meta, true, "content/posts/x.md", f->a,
	    f->d);
}

static void
expect(struct fx *f, const char *text, const char *want)
{
	struct frontmatter	 fm;
	const char		*body;
	unsigned		 line;
	char			*got;

	assert_int_equal(parse(f, text, &fm, &body, &line), -1);
	got = tu_diags(f->d);
	assert_string_equal(got, want);
	free(got);
}

static void
test_frontmatter_good(void **state)
{
	struct fx		*f = *state;
	struct frontmatter	 fm;
	const char		*body;
	unsigned		 line;

	assert_int_equal(parse(f, "---\ntitle: Holiday hours\n"
	    "date: 2012-12-19T12:56:00-08:00\ntags: [support, \"payments\"]\n"
	    "draft: false\nslug: hours\nmood: festive\n---\n\nBody *here*.\n",
	    &fm, &body, &line), 0);
	assert_string_equal(fm.title, "Holiday hours");
	assert_string_equal(fm.date.text, "2012-12-19T12:56:00-08:00");
	assert_int_equal(fm.date.line, 3);
	assert_int_equal(fm.date.col, 7);
	assert_int_equal(fm.ntags, 2);
	assert_string_equal(fm.tags[1], "payments");
	assert_string_equal(fm.slug, "hours");
	assert_false(fm.draft);
	assert_string_equal(body, "\nBody *here*.\n");
	assert_int_equal(line, 9);
	/* Unknown keys stay for templates. */
	assert_string_equal(value_str(value_map_get(fm.meta, "mood")),
	    "festive");
}

static void
test_frontmatter_crlf_bom_numbers(void **state)
{
	struct fx		*f = *state;
	struct frontmatter	 fm;
	const char		*body;
	unsigned		 line;

	assert_int_equal(parse(f, "\xef\xbb\xbf---\r\ntitle: 2013\r\n"
	    "tags:\r\n  - 1.10\r\n---\r\nText\r\n", &fm, &body, &line), 0);
	/* Numbers keep the text they were written with. */
	assert_string_equal(fm.title, "2013");
	assert_string_equal(fm.tags[0], "1.10");
	assert_string_equal(body, "Text\r\n");
	assert_int_equal(line, 6);
}

static void
test_frontmatter_empty_body(void **state)
{
	struct fx		*f = *state;
	struct frontmatter	 fm;
	const char		*body;
	unsigned		 line;

	assert_int_equal(parse(f, "---\ntitle: T\n---", &fm, &body, &line),
	    0);
	assert_string_equal(body, "");
}

static void
test_frontmatter_no_opening(void **state)
{
	expect(*state, "title: x\n",
	    "content/posts/x.md:1:1: error: front matter: expected \"---\" "
	    "(YAML) or \"+++\" (TOML) on the first line\n");
}

static void
test_frontmatter_unclosed(void **state)
{
	expect(*state, "---\ntitle: x\nbody text\n",
	    "content/posts/x.md:1:1: error: front matter: no closing \"---\" "
	    "line\n");
}

static void
test_frontmatter_yaml_error(void **state)
{
	expect(*state, "---\ntitle: x\ntags: [a, b\n---\nbody\n",
	    "content/posts/x.md:3:7: error: yaml: while parsing a flow "
	    "sequence did not find expected ',' or ']'\n");
}

static void
test_frontmatter_missing_title(void **state)
{
	expect(*state, "---\ndate: 2012-12-19\n---\n",
	    "content/posts/x.md:1:1: error: front matter: missing required "
	    "key \"title\"\n");
}

static void
test_frontmatter_empty_title(void **state)
{
	expect(*state, "---\ntitle: \"\"\n---\n",
	    "content/posts/x.md:2:8: error: title: must not be empty\n");
}

static void
test_frontmatter_tags_not_list(void **state)
{
	expect(*state, "---\ntitle: x\ntags: support\n---\n",
	    "content/posts/x.md:3:7: error: tags: expected a list, got a "
	    "single value\n");
}

static void
test_frontmatter_bad_types(void **state)
{
	expect(*state, "---\ntitle: [a]\ndraft: maybe\ntags: [{a: 1}]\n---\n",
	    "content/posts/x.md:2:8: error: title: expected text, got a "
	    "list\n"
	    "content/posts/x.md:3:8: error: draft: expected true or false\n"
	    "content/posts/x.md:4:8: error: tags: expected a list of names\n");
}

static void
test_frontmatter_not_a_map(void **state)
{
	expect(*state, "---\n- a\n- b\n---\n",
	    "content/posts/x.md:2:1: error: front matter: expected a map of "
	    "keys\n");
}

/* Hugo's and Zola's TOML front matter gives the tree the YAML would. */
static void
test_frontmatter_toml(void **state)
{
	struct fx		*f = *state;
	struct frontmatter	 fm;
	struct value		*toml, *yaml;
	const char		*body;
	unsigned		 line;
	const char		*t = "+++\r\ntitle = \"Holiday hours\"\r\n"
	    "date = 2012-12-19T12:56:00-08:00\r\n"
	    "tags = [\"support\", \"payments\"]\r\ndraft = false\r\n"
	    "weight = 10\r\n[extra]\r\nmood = \"festive\"\r\n"
	    "lead.image = \"a.png\"\r\n+++\r\n\r\nBody.\r\n";
	const char		*y = "---\ntitle: Holiday hours\n"
	    "date: 2012-12-19T12:56:00-08:00\ntags: [support, payments]\n"
	    "draft: false\nweight: 10\nextra:\n  mood: festive\n"
	    "  lead: {image: a.png}\n---\n";

	assert_int_equal(frontmatter_split(&toml, &body, &line,
	    "content/posts/x.md", t, strlen(t), f->a, f->d), 0);
	assert_string_equal(body, "\r\nBody.\r\n");
	assert_int_equal(line, 11);
	assert_int_equal(frontmatter_split(&yaml, &body, &line,
	    "content/posts/x.md", y, strlen(y), f->a, f->d), 0);
	assert_true(value_equal(toml, yaml));
	assert_int_equal(frontmatter_read(&fm, toml, true,
	    "content/posts/x.md", f->a, f->d), 0);
	assert_string_equal(fm.title, "Holiday hours");
	assert_string_equal(fm.date.text, "2012-12-19T12:56:00-08:00");
	assert_int_equal(fm.date.line, 3);
	assert_int_equal(fm.date.col, 8);
	assert_int_equal(fm.ntags, 2);
	assert_false(fm.draft);

	/* Zola: dates with a space, [taxonomies]; no body at all. */
	assert_int_equal(parse(f, "+++\ntitle = 'Rust 1.0'\n"
	    "date = 2015-05-15 10:00:00\n[taxonomies]\n"
	    "tags = [\"release\"]\n+++", &fm, &body, &line), 0);
	assert_string_equal(fm.date.text, "2015-05-15T10:00:00");
	assert_string_equal(value_str(value_list_get(value_map_get(
	    value_map_get(fm.meta, "taxonomies"), "tags"), 0)), "release");
	assert_string_equal(body, "");
}

static void
test_frontmatter_toml_errors(void **state)
{
	struct fx	*f = *state;

	/* Placed in the post: the TOML starts on its line 2. */
	expect(f, "+++\ntitle = \"x\"\n\ndate = 2012-13-19\n+++\nbody\n",
	    "content/posts/x.md:4:8: error: toml: not a valid date or time: "
	    "write it as 1979-05-27, 07:32:00, 1979-05-27T07:32:00 or "
	    "1979-05-27T07:32:00-08:00\n");
	diags_free(f->d);
	f->d = diags_new();
	expect(f, "+++\ntitle: x\n+++\n",
	    "content/posts/x.md:2:6: error: toml: expected `=` after the key "
	    "`title`, found `:`: TOML writes `title = value` where YAML writes "
	    "`title: value`\n");
	diags_free(f->d);
	f->d = diags_new();
	expect(f, "+++\ntitle = \"x\"\n---\nbody\n",
	    "content/posts/x.md:1:1: error: front matter: no closing \"+++\" "
	    "line\n");
	diags_free(f->d);
	f->d = diags_new();
	expect(f, "+++\ntitle = \"x\"\ntitle = \"y\"\n+++\n",
	    "content/posts/x.md:3:1: error: toml: duplicate key `title` "
	    "(first defined at line 2): remove one of them\n");
	diags_free(f->d);
	f->d = diags_new();
	expect(f, "+++\ndate = 2012-12-19\n+++\n",
	    "content/posts/x.md:1:1: error: front matter: missing required "
	    "key \"title\"\n");
}

static void
test_frontmatter_big(void **state)
{
	struct fx		*f = *state;
	struct frontmatter	 fm;
	const char		*body;
	unsigned		 line;
	size_t			 n = 1 << 20, i, k = 0;
	char			*text = malloc(n + 64);

	/* 1 MB of front matter: one title and a long list of tags. */
	k += (size_t)sprintf(text, "---\ntitle: big\ntags:\n");
	for (i = 0; k < n; i++)
		k += (size_t)sprintf(text + k, "  - tag%zu\n", i);
	strcpy(text + k, "---\nbody\n");
	assert_int_equal(parse(f, text, &fm, &body, &line), 0);
	assert_int_equal(fm.ntags, i);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
		T(test_frontmatter_good),
		T(test_frontmatter_crlf_bom_numbers),
		T(test_frontmatter_empty_body),
		T(test_frontmatter_no_opening),
		T(test_frontmatter_unclosed),
		T(test_frontmatter_yaml_error),
		T(test_frontmatter_missing_title),
		T(test_frontmatter_empty_title),
		T(test_frontmatter_tags_not_list),
		T(test_frontmatter_bad_types),
		T(test_frontmatter_not_a_map),
		T(test_frontmatter_toml),
		T(test_frontmatter_toml_errors),
		T(test_frontmatter_big),
#undef T
	};

	return cmocka_run_group_tests_name("frontmatter", tests, NULL, NULL);
}
