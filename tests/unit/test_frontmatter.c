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
	return frontmatter_read(fm, meta, true, NULL, 0, "content/posts/x.md",
	    f->a, f->d);
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
	diags_free(f->d);
	f->d = diags_new();
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
	    "content/posts/x.md:1:1: error: front matter has no title; add "
	    "one (\"title: Our new office\", or title = \"Our new office\" "
	    "between +++ lines), or move the file out of content/posts if "
	    "it is not a post\n");
}

static void
test_frontmatter_empty_title(void **state)
{
	expect(*state, "---\ntitle: \"\"\n---\n",
	    "content/posts/x.md:2:8: error: title: must not be empty\n");
}

/* Read "text" with no error; the warnings it gave are in *warn. */
static void
read_ok(struct fx *f, const char *text, struct frontmatter *fm,
    const char *warn)
{
	const char	*body;
	unsigned	 line;
	char		*got;

	assert_int_equal(parse(f, text, fm, &body, &line), 0);
	got = tu_diags(f->d);
	assert_string_equal(got, warn);
	free(got);
	diags_free(f->d);
	f->d = diags_new();
}

static void
test_frontmatter_tag_strings(void **state)
{
	struct fx		*f = *state;
	struct frontmatter	 fm;

	/* One string is one tag; blanks part Jekyll's, commas others'. */
	read_ok(f, "---\ntitle: x\ntags: security\n---\n", &fm, "");
	assert_int_equal(fm.ntags, 1);
	assert_string_equal(fm.tags[0], "security");
	read_ok(f, "---\ntitle: x\ntags: release rust\n---\n", &fm, "");
	assert_int_equal(fm.ntags, 2);
	assert_string_equal(fm.tags[1], "rust");
	read_ok(f, "---\ntitle: x\ntags: Release notes, rust ,\n---\n", &fm,
	    "");
	assert_int_equal(fm.ntags, 2);
	assert_string_equal(fm.tags[0], "Release notes");
	assert_string_equal(fm.tags[1], "rust");
	assert_null(fm.tags[2]);
	read_ok(f, "---\ntitle: x\ntags: a,   b,  c\n---\n", &fm, "");
	assert_int_equal(fm.ntags, 3);
	assert_string_equal(fm.tags[1], "b");
	assert_string_equal(fm.tags[2], "c");
	read_ok(f, "---\ntitle: x\ntags: []\n---\n", &fm, "");
	assert_int_equal(fm.ntags, 0);
}

static void
test_frontmatter_categories(void **state)
{
	struct fx		*f = *state;
	struct frontmatter	 fm;

	read_ok(f, "---\ntitle: x\ncategories: [release, news]\n"
	    "category: news\ntags: [a, b]\n---\n", &fm, "");
	assert_int_equal(fm.ntags, 2);
	assert_int_equal(fm.ncategories, 2);
	assert_string_equal(fm.categories[0], "release");
	assert_string_equal(fm.categories[1], "news");
	read_ok(f, "---\ntitle: x\nCategory: release\n---\n", &fm, "");
	assert_int_equal(fm.ncategories, 1);
	/* Zola's table, as its TOML loads: tags and categories. */
	read_ok(f, "---\ntitle: x\ntags: [a]\ntaxonomies:\n  tags: [b, a]\n"
	    "  categories: c\n  series: [s]\n---\n", &fm, "");
	assert_int_equal(fm.ntags, 2);
	assert_string_equal(fm.tags[0], "a");
	assert_string_equal(fm.tags[1], "b");
	assert_int_equal(fm.ncategories, 1);
	assert_string_equal(fm.categories[0], "c");
	expect(f, "---\ntitle: x\ntaxonomies: [a]\n---\n",
	    "content/posts/x.md:3:13: error: taxonomies: expected a map of "
	    "lists (tags, categories)\n");
	expect(f, "---\ntitle: x\ncategories: {a: 1}\n---\n",
	    "content/posts/x.md:3:13: error: categories: expected a name or "
	    "a list of names, got a map\n");
}

static void
test_frontmatter_synonyms(void **state)
{
	struct fx		*f = *state;
	struct frontmatter	 fm;

	/* The key of lower rank wins wherever it stands. */
	read_ok(f, "---\ndescription: d\nTitle: T\nexcerpt: e\n---\n", &fm,
	    "");
	assert_string_equal(fm.title, "T");
	assert_string_equal(fm.summary, "e");
	read_ok(f, "---\ntitle: t\ndescription: d\nsummary: s\n---\n", &fm,
	    "");
	assert_string_equal(fm.summary, "s");
	read_ok(f, "---\ntitle: t\nlast_modified_at: 2013-01-02\n"
	    "lastmod: 2013-01-03\n---\n", &fm, "");
	assert_string_equal(fm.updated.text, "2013-01-03");
	assert_string_equal(fm.updated.key, "lastmod");
	assert_int_equal(fm.updated.line, 4);
	read_ok(f, "---\ntitle: t\nmodified: 2013-01-04\n---\n", &fm, "");
	assert_string_equal(fm.updated.text, "2013-01-04");
	read_ok(f, "---\ntitle: t\npublishDate: 2013-01-05\n"
	    "expiryDate: 2014-01-01\n---\n", &fm, "");
	assert_string_equal(fm.date.text, "2013-01-05");
	assert_string_equal(fm.date.key, "publishDate");
	assert_string_equal(fm.expires.text, "2014-01-01");
	read_ok(f, "---\ntitle: t\ndate: 2013-01-01\npubdate: 2013-01-05\n"
	    "unpublishdate: 2014-01-02\n---\n", &fm, "");
	assert_string_equal(fm.date.text, "2013-01-01");
	assert_string_equal(fm.expires.text, "2014-01-02");
	/* permalink, url, path: the post's URL, first of them wins. */
	read_ok(f, "---\ntitle: t\npath: a/b\nurl: /c/\n---\n", &fm, "");
	assert_string_equal(fm.url.text, "/c/");
	assert_string_equal(fm.url.key, "url");
	assert_int_equal(fm.url.line, 4);
	read_ok(f, "---\ntitle: t\npath: 2016/04/14/Rust-1.8\n---\n", &fm, "");
	assert_string_equal(fm.url.text, "2016/04/14/Rust-1.8");
	read_ok(f, "---\ntitle: t\npermalink: /x.html\nurl: /y/\n---\n", &fm,
	    "");
	assert_string_equal(fm.url.text, "/x.html");
	/* aliases and redirect_from: strings or lists, both kept. */
	read_ok(f, "---\ntitle: t\naliases: /old/path\n"
	    "redirect_from: [/a.html, b/]\n---\n", &fm, "");
	assert_int_equal(fm.naliases, 3);
	assert_string_equal(fm.aliases[0], "/old/path");
	assert_string_equal(fm.aliases[2], "b/");
	assert_int_equal(fm.aliases_line, 3);
	assert_int_equal(fm.aliases_col, 10);
	/* A correction is heraldo's own key, never an unknown one. */
	read_ok(f, "---\ntitle: t\nCorrection: \"The price is $15.\"\n---\n",
	    &fm, "");
	assert_string_equal(fm.correction, "The price is $15.");
	read_ok(f, "---\ntitle: t\n---\n", &fm, "");
	assert_null(fm.correction);
}

static void
test_frontmatter_authors(void **state)
{
	struct fx		*f = *state;
	struct frontmatter	 fm;

	read_ok(f, "---\ntitle: t\nAuthor: Ana\n---\n", &fm, "");
	assert_string_equal(fm.author, "Ana");
	assert_int_equal(fm.nauthors, 1);
	read_ok(f, "---\ntitle: t\nauthors: [The Rust Core Team, Ana]\n---\n",
	    &fm, "");
	assert_string_equal(fm.author, "The Rust Core Team, Ana");
	assert_int_equal(fm.nauthors, 2);
	assert_string_equal(fm.authors[1], "Ana");
	read_ok(f, "---\ntitle: t\nauthor: {name: Ana, url: x}\n---\n", &fm,
	    "");
	assert_string_equal(fm.author, "Ana");
	read_ok(f, "---\ntitle: t\nauthor:\n  login: ana\n  display_name: Ana "
	    "B.\n---\n", &fm, "");
	assert_string_equal(fm.author, "Ana B.");
	/* "author" is first of the two. */
	read_ok(f, "---\ntitle: t\nauthors: [B]\nauthor: A\n---\n", &fm, "");
	assert_string_equal(fm.author, "A");
	expect(f, "---\ntitle: t\nauthor: {url: x}\n---\n",
	    "content/posts/x.md:3:9: error: author: expected a name, a list "
	    "of names or a map with a \"name\"\n");
}

static void
test_frontmatter_draft_words(void **state)
{
	static const struct {
		const char	*text;
		bool		 draft;
	} cases[] = {
		{ "draft: yes", true }, { "draft: Yes", true },
		{ "draft: ON", true }, { "draft: true", true },
		{ "draft: no", false }, { "draft: off", false },
		{ "draft: False", false }, { "draft: \"true\"", true },
		{ "published: false", true }, { "published: no", true },
		{ "published: true", false },
		{ "published: 2013-01-01", false },
	};
	struct fx		*f = *state;
	struct frontmatter	 fm;
	char			 text[128];
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "---\ntitle: t\n%s\n---\n",
		    cases[i].text);
		read_ok(f, text, &fm, "");
		assert_int_equal(fm.draft, cases[i].draft);
	}
	/* Hugo's "published" as a date dates the post. */
	read_ok(f, "---\ntitle: t\npublished: 2013-01-01\n---\n", &fm, "");
	assert_string_equal(fm.date.text, "2013-01-01");
	expect(f, "---\ntitle: t\npublished: maybe\n---\n",
	    "content/posts/x.md:3:12: error: published: expected true or "
	    "false (or yes or no)\n");
}

static void
test_frontmatter_unknown_keys(void **state)
{
	static const char *const layout_names[] = { "mood", "params" };
	struct fx		*f = *state;
	struct frontmatter	 fm;
	struct value		*meta;
	const char		*body;
	unsigned		 line;
	char			*got;
	const char		*text = "---\ntitle: t\ntgas: [a]\nsumary: s\n"
				    "layout: post\nweight: 3\nmood: calm\n"
				    "zzqx: 1\n---\n";

	/* Other generators' keys pass; typos get the closest name. */
	read_ok(f, text, &fm, "content/posts/x.md:3:1: warning: unknown key "
	    "\"tgas\" (did you mean \"tags\"?)\n"
	    "content/posts/x.md:4:1: warning: unknown key \"sumary\" (did "
	    "you mean \"summary\"?)\n"
	    "content/posts/x.md:7:1: warning: unknown key \"mood\": heraldo "
	    "and the site's layouts do not use it (layouts may read it as "
	    "params.mood)\n"
	    "content/posts/x.md:8:1: warning: unknown key \"zzqx\": heraldo "
	    "and the site's layouts do not use it (layouts may read it as "
	    "params.zzqx)\n");
	assert_int_equal(fm.ntags, 0);
	/* In TOML too, at the key. */
	read_ok(f, "+++\ntitle = 't'\n  tgas = ['a']\n[extra]\nmood = 1\n+++\n",
	    &fm, "content/posts/x.md:3:3: warning: unknown key \"tgas\" (did "
	    "you mean \"tags\"?)\n");
	/* A key a layout looks up is known. */
	assert_int_equal(frontmatter_split(&meta, &body, &line, "x.md", text,
	    strlen(text), f->a, f->d), 0);
	assert_int_equal(frontmatter_read(&fm, meta, true, layout_names, 2,
	    "x.md", f->a, f->d), 0);
	got = tu_diags(f->d);
	assert_string_equal(got, "x.md:3:1: warning: unknown key \"tgas\" "
	    "(did you mean \"tags\"?)\n"
	    "x.md:4:1: warning: unknown key \"sumary\" (did you mean "
	    "\"summary\"?)\n"
	    "x.md:8:1: warning: unknown key \"zzqx\": heraldo and the site's "
	    "layouts do not use it (layouts may read it as params.zzqx)\n");
	free(got);
	/* Unknown keys stay readable by layouts. */
	assert_string_equal(value_str(value_map_get(fm.meta, "mood")),
	    "calm");
}

static void
test_frontmatter_duplicate_key(void **state)
{
	static const char *const names[] = { "k1", "k10", "k11", "k12",
	    "k13", "k14", "k15", "k16", "k17", "k18", "k19", "k2", "k20",
	    "k3", "k4", "k5", "k6", "k7", "k8", "k9" };
	struct value		*meta;
	const char		*body, *text;
	unsigned		 line;
	char			*got;
	struct fx		*f = *state;
	struct frontmatter	 fm;

	read_ok(f, "---\ntitle: first\ntags: [a]\ntitle: second\n---\n", &fm,
	    "content/posts/x.md:4:1: warning: key \"title\" is given twice "
	    "(first at line 2); the last value is used\n");
	assert_string_equal(fm.title, "second");
	assert_int_equal(value_len(fm.meta), 2);
	/* In a map long enough to be looked up through a table too. */
	text = "---\ntitle: t\nk1: 1\nk2: 2\nk3: 3\nk4: 4\nk5: 5\nk6: 6\n"
	    "k7: 7\nk8: 8\nk9: 9\nk10: 10\nk11: 11\nk12: 12\nk13: 13\n"
	    "k14: 14\nk15: 15\nk16: 16\nk17: 17\nk18: 18\nk19: 19\n"
	    "k20: 20\nk3: three\n---\n";
	assert_int_equal(frontmatter_split(&meta, &body, &line, "x.md", text,
	    strlen(text), f->a, f->d), 0);
	assert_int_equal(frontmatter_read(&fm, meta, true, names,
	    sizeof(names) / sizeof(names[0]), "x.md", f->a, f->d), 0);
	got = tu_diags(f->d);
	assert_string_equal(got, "x.md:23:1: warning: key \"k3\" is given "
	    "twice (first at line 5); the last value is used\n");
	free(got);
	assert_string_equal(value_str(value_map_get(fm.meta, "k3")), "three");
	assert_int_equal(value_len(fm.meta), 21);
}

static void
test_frontmatter_bad_types(void **state)
{
	expect(*state, "---\ntitle: [a]\ndraft: maybe\ntags: [{a: 1}]\n---\n",
	    "content/posts/x.md:2:8: error: title: expected text, got a "
	    "list\n"
	    "content/posts/x.md:3:8: error: draft: expected true or false (or "
	    "yes or no)\n"
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
	assert_int_equal(frontmatter_read(&fm, toml, true, NULL, 0,
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
	/* Zola's taxonomies are the post's tags. */
	assert_int_equal(fm.ntags, 1);
	assert_string_equal(fm.tags[0], "release");
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
	    "content/posts/x.md:1:1: error: front matter has no title; add "
	    "one (\"title: Our new office\", or title = \"Our new office\" "
	    "between +++ lines), or move the file out of content/posts if "
	    "it is not a post\n");
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
		T(test_frontmatter_tag_strings),
		T(test_frontmatter_categories),
		T(test_frontmatter_synonyms),
		T(test_frontmatter_authors),
		T(test_frontmatter_draft_words),
		T(test_frontmatter_unknown_keys),
		T(test_frontmatter_duplicate_key),
		T(test_frontmatter_bad_types),
		T(test_frontmatter_not_a_map),
		T(test_frontmatter_toml),
		T(test_frontmatter_toml_errors),
		T(test_frontmatter_big),
#undef T
	};

	return cmocka_run_group_tests_name("frontmatter", tests, NULL, NULL);
}
