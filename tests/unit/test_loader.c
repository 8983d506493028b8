/*
 * Unit tests for the YAML loader and the value tree it builds.
 */
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
#include "loader.h"
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

static struct value *
load_ok(struct fx *f, const char *text)
{
	struct value	*v = NULL;

	assert_int_equal(loader_parse(&v, "x.yaml", text, strlen(text), 1,
	    f->a, f->d), 0);
	assert_int_equal(diags_errors(f->d), 0);
	return v;
}

static void
expect_error(struct fx *f, const char *text, unsigned first_line,
    const char *want)
{
	struct value	*v = NULL;
	char		*got;

	assert_int_equal(loader_parse(&v, "x.yaml", text, strlen(text),
	    first_line, f->a, f->d), -1);
	got = tu_diags(f->d);
	assert_string_equal(got, want);
	free(got);
}

static void
test_loader_scalars(void **state)
{
	struct fx		*f = *state;
	struct value		*v;
	const struct value	*x;
	char			 tmp[32];
	size_t			 len;

	v = load_ok(f, "s: hello\nq: \"true\"\nb: true\nn: ~\ne:\n"
	    "i: 42\nr: 1.210\nd: 2012-12-19 12:56\nneg: -3\nhex: 0x1f\n");
	assert_int_equal(v->kind, VAL_MAP);
	assert_string_equal(value_str(value_map_get(v, "s")), "hello");
	assert_string_equal(value_str(value_map_get(v, "q")), "true");
	assert_int_equal(value_map_get(v, "b")->kind, VAL_BOOL);
	assert_int_equal(value_map_get(v, "n")->kind, VAL_NULL);
	assert_int_equal(value_map_get(v, "e")->kind, VAL_NULL);
	x = value_map_get(v, "r");
	assert_int_equal(x->kind, VAL_NUMBER);
	assert_string_equal(value_scalar_text(x, tmp, &len), "1.21");
	assert_string_equal(value_scalar_text(value_map_get(v, "i"), tmp,
	    &len), "42");
	assert_string_equal(value_scalar_text(value_map_get(v, "hex"), tmp,
	    &len), "31");
	/* Dates are the caller's to interpret. */
	assert_string_equal(value_str(value_map_get(v, "d")),
	    "2012-12-19 12:56");
	assert_int_equal(value_map_get(v, "s")->line, 1);
	assert_int_equal(value_map_get(v, "s")->col, 4);
}

static void
test_loader_collections(void **state)
{
	struct fx		*f = *state;
	struct value		*v;
	const struct value	*tags;

	v = load_ok(f, "tags: [a, b]\nnested:\n  - {x: 1}\n  - y\n");
	tags = value_map_get(v, "tags");
	assert_int_equal(tags->kind, VAL_LIST);
	assert_int_equal(value_len(tags), 2);
	assert_string_equal(value_str(value_list_get(tags, 1)), "b");
	assert_int_equal(value_list_get(value_map_get(v, "nested"), 0)->kind,
	    VAL_MAP);
	assert_false(value_truthy(value_map_get(v, "missing")));
}

static void
test_loader_json(void **state)
{
	struct fx	*f = *state;
	struct value	*v;

	v = load_ok(f, "{\"a\": \"caf\\u00e9\", \"b\": [1, 2.5, null, false],"
	    " \"c\": {\"d\": \"\\/x\"}}");
	assert_string_equal(value_str(value_map_get(v, "a")), "caf\xc3\xa9");
	assert_int_equal(value_len(value_map_get(v, "b")), 4);
	assert_string_equal(value_str(value_map_get(value_map_get(v, "c"),
	    "d")), "/x");
}

static void
test_loader_anchors_merge(void **state)
{
	struct fx	*f = *state;
	struct value	*v;

	v = load_ok(f, "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n"
	    "same: *b\n");
	assert_int_equal(value_map_get(value_map_get(v, "other"), "x")
	    ->u.num.d, 1);
	assert_int_equal(value_map_get(value_map_get(v, "other"), "y")
	    ->u.num.d, 3);
	assert_ptr_equal(value_map_get(v, "same"), value_map_get(v, "base"));
}

static void
test_loader_alias_bomb_is_cheap(void **state)
{
	struct fx	*f = *state;
	struct value	*v;

	/* Aliases share nodes: four levels of ten-fold reuse cost nothing. */
	v = load_ok(f, "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n");
	assert_int_equal(value_len(value_map_get(v, "d")), 10);
	assert_true(arena_used(f->a) < 1024 * 1024);
}

static void
test_loader_alias_bomb_refused(void **state)
{
	struct fx	*f = *state;
	struct buf	 b = BUF_INIT;
	int		 i, j;

	/* Twelve levels of ten (10^12 values): refused where it crosses. */
	buf_puts(&b, "params:\n  l0: &l0 [lol,lol,lol,lol,lol,lol,lol,lol,"
	    "lol,lol]\n");
	for (i = 1; i < 12; i++) {
		buf_printf(&b, "  l%d: &l%d [", i, i);
		for (j = 0; j < 10; j++)
			buf_printf(&b, "%s*l%d", j ? "," : "", i - 1);
		buf_puts(&b, "]\n");
	}
	buf_cstr(&b);
	expect_error(f, b.data, 1, "x.yaml:6:40: error: yaml: too many "
	    "repeated aliases: they expand this document by more than "
	    "100000 values; use fewer aliases of aliases\n");
	buf_free(&b);
	/* Merge keys count what they bring in. */
	diags_free(f->d);
	f->d = diags_new();
	buf_init(&b);
	buf_puts(&b, "a: &a {k: [1,2,3,4,5,6,7,8,9]}\n");
	for (i = 0; i < 11000; i++)
		buf_printf(&b, "m%d: {<<: *a}\n", i);
	buf_cstr(&b);
	expect_error(f, b.data, 1, "x.yaml:9092:13: error: yaml: too many "
	    "repeated aliases: they expand this document by more than "
	    "100000 values; use fewer aliases of aliases\n");
	buf_free(&b);
}

static void
test_loader_many_keys(void **state)
{
	struct fx	*f = *state;
	struct value	*v;
	struct buf	 b = BUF_INIT;
	int		 i;

	/* Each key is looked for in a table, not in every key before it. */
	for (i = 0; i < 20000; i++)
		buf_printf(&b, "k%d: %d\n", i, i);
	buf_cstr(&b);
	v = load_ok(f, b.data);
	assert_int_equal(value_len(v), 20000);
	assert_int_equal(value_map_get(v, "k19999")->u.num.d, 19999);
	buf_puts(&b, "k7: again\n");
	buf_cstr(&b);
	expect_error(f, b.data, 1, "x.yaml:20001:1: error: yaml: duplicate "
	    "key \"k7\"\n");
	buf_free(&b);
}

static void
test_loader_alias_cycle(void **state)
{
	struct fx	*f = *state;

	expect_error(f, "a: &a [1, *a]\n", 1, "x.yaml:1:11: error: yaml: "
	    "alias *a is inside the value it names; a value cannot contain "
	    "itself\n");
	diags_free(f->d);
	f->d = diags_new();
	expect_error(f, "a: &a\n  b: {c: *a}\n", 1, "x.yaml:2:10: error: "
	    "yaml: alias *a is inside the value it names; a value cannot "
	    "contain itself\n");
}

static void
test_loader_empty(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(load_ok(f, "")->kind, VAL_NULL);
	assert_int_equal(load_ok(f, "# only a comment\n")->kind, VAL_NULL);
}

static void
test_loader_errors(void **state)
{
	struct fx	*f = *state;

	expect_error(f, "title: [a, b\nx: 1\n", 2,
	    "x.yaml:2:8: error: yaml: while parsing a flow sequence "
	    "did not find expected ',' or ']'\n");
}

static void
test_loader_error_positions(void **state)
{
	struct fx	*f = *state;

	expect_error(f, "a: 1\na: 2\n", 2,
	    "x.yaml:3:1: error: yaml: duplicate key \"a\"\n");
}

static void
test_loader_bad_indent(void **state)
{
	struct fx	*f = *state;

	expect_error(f, "a: 1\n  b: 2\n", 1,
	    "x.yaml:2:4: error: yaml: mapping values are not allowed in "
	    "this context\n");
}

static void
test_loader_deep(void **state)
{
	struct fx	*f = *state;
	char		*s = malloc(20002);
	struct value	*v = NULL;

	memset(s, '[', 10000);
	memset(s + 10000, ']', 10000);
	s[20000] = '\0';
	assert_int_equal(loader_parse(&v, "x.yaml", s, 20000, 1, f->a, f->d),
	    -1);
	assert_int_equal(diags_errors(f->d), 1);
	free(s);
}

static void
test_loader_two_documents(void **state)
{
	struct fx	*f = *state;

	expect_error(f, "a: 1\n---\nb: 2\n", 1,
	    "x.yaml:2:1: error: yaml: expected one document, found another\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_loader_scalars, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_loader_collections, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_loader_json, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_loader_anchors_merge,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_loader_alias_bomb_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_loader_many_keys,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_loader_alias_cycle,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_loader_alias_bomb_is_cheap,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_loader_empty, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_loader_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_loader_error_positions,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_loader_bad_indent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_loader_deep, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_loader_two_documents,
		    setup, teardown),
	};

	return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
