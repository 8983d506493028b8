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
	    "on the first line\n");
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
		T(test_frontmatter_big),
#undef T
	};

	return cmocka_run_group_tests_name("frontmatter", tests, NULL, NULL);
}
