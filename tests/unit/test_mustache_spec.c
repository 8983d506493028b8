/*
 * The official Mustache spec (github.com/mustache/spec) as data: every
 * *.json file of <shared>/testdata/mustache-spec is loaded with the YAML
 * loader and each of its tests rendered and compared byte for byte, as
 * cmark runs test/spec.txt.  One cmocka test per spec file; a test whose
 * data holds code (the lambdas module) is skipped, since lambdas need a
 * host language.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "loader.h"
#include "template.h"
#include "testutil.h"
#include "util.h"
#include "value.h"

/* The name the test's own template is added under (no spec partial's). */
#define MAIN	"@main"

static char *
slurp(const char *path, size_t *len)
{
	struct buf	 b = BUF_INIT;
	char		 chunk[8192];
	size_t		 n;
	FILE		*fp;

	if ((fp = fopen(path, "rb")) == NULL)
		fail_msg("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, n);
	fclose(fp);
	buf_cstr(&b);
	return buf_detach(&b, len);
}

/* s as a C string literal, for failure reports. */
static void
quote(struct buf *b, const char *s, size_t len)
{
	size_t	 i;

	buf_putc(b, '"');
	for (i = 0; i < len; i++)
		switch (s[i]) {
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		case '"':
		case '\\':
			buf_putc(b, '\\');
			buf_putc(b, s[i]);
			break;
		default:
			buf_putc(b, s[i]);
		}
	buf_putc(b, '"');
}

/* Whether a value tree holds a lambda: {"__tag__": "code", ...}. */
static int
has_code(const struct value *v)
{
	const char	*tag;
	size_t		 i;

	if (v == NULL)
		return 0;
	if (v->kind == VAL_MAP) {
		tag = value_str(value_map_get(v, "__tag__"));
		if (tag != NULL && strcmp(tag, "code") == 0)
			return 1;
		for (i = 0; i < v->u.map.n; i++)
			if (has_code(v->u.map.v[i].val))
				return 1;
	} else if (v->kind == VAL_LIST)
		for (i = 0; i < v->u.list.n; i++)
			if (has_code(v->u.list.v[i]))
				return 1;
	return 0;
}

/* Run one spec test; returns 1 passed, 0 failed, -1 skipped. */
static int
run_case(const char *file, size_t index, const struct value *t)
{
	const struct value	*partials = value_map_get(t, "partials");
	const struct value	*tpl = value_map_get(t, "template");
	const struct value	*want = value_map_get(t, "expected");
	const char		*name = value_str(value_map_get(t, "name"));
	struct tpl_set		*set = template_set_new();
	struct diags		*d = diags_new();
	struct buf		 out = BUF_INIT, msg = BUF_INIT;
	size_t			 i;
	char			*ds;
	int			 ok = 0;

	assert_non_null(name);
	assert_non_null(value_str(tpl));
	assert_non_null(value_str(want));
	if (has_code(value_map_get(t, "data"))) {
		ok = -1;
		goto out;
	}
	for (i = 0; partials != NULL && i < value_len(partials); i++) {
		const struct value_pair *p = &partials->u.map.v[i];

		assert_non_null(value_str(p->val));
		template_set_add(set, p->key, p->key, p->val->u.str.s,
		    p->val->u.str.len, d);
	}
	template_set_add(set, MAIN, name, tpl->u.str.s, tpl->u.str.len, d);
	if (diags_count(d) == 0)
		template_render(&out, set, MAIN, value_map_get(t, "data"), d);
	if (diags_count(d) == 0 && out.len == want->u.str.len &&
	    memcmp(buf_cstr(&out), want->u.str.s, out.len) == 0)
		ok = 1;
	else {
		buf_printf(&msg, "%s #%zu %s\n  expected: ", file, index,
		    name);
		quote(&msg, want->u.str.s, want->u.str.len);
		buf_puts(&msg, "\n  got:      ");
		quote(&msg, out.len ? out.data : "", out.len);
		ds = tu_diags(d);
		buf_printf(&msg, "\n%s", ds);
		free(ds);
		fprintf(stderr, "%s", buf_cstr(&msg));
	}
out:
	buf_free(&msg);
	buf_free(&out);
	diags_free(d);
	template_set_free(set);
	return ok;
}

static void
test_mustache_spec_file(void **state)
{
	const char		*path = *state;
	const char		*file = strrchr(path, '/') + 1;
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();
	struct value		*doc = NULL;
	const struct value	*tests;
	size_t			 len, i, pass = 0, failed = 0, skip = 0;
	char			*text = slurp(path, &len), *ds;
	int			 r;

	if (loader_parse(&doc, file, text, len, 1, a, d) < 0) {
		ds = tu_diags(d);
		fail_msg("%s", ds);
	}
	tests = value_map_get(doc, "tests");
	assert_non_null(tests);
	assert_int_equal(tests->kind, VAL_LIST);
	for (i = 0; i < value_len(tests); i++) {
		r = run_case(file, i, value_list_get(tests, i));
		if (r > 0)
			pass++;
		else if (r == 0)
			failed++;
		else
			skip++;
	}
	printf("%s: %zu passed, %zu failed, %zu skipped%s\n", file, pass,
	    failed, skip, skip ? " (lambdas need a host language)" : "");
	free(text);
	diags_free(d);
	arena_free(a);
	assert_int_equal(failed, 0);
	assert_int_not_equal(pass + skip, 0);
}

static int
cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int
main(void)
{
	struct CMUnitTest	*tests = NULL;
	struct dirent		*e;
	char			 dir[4096], **paths = NULL;
	size_t			 n = 0, i;
	DIR			*dp;
	int			 rc;

	snprintf(dir, sizeof(dir), "%s/tests/vectors/mustache-spec",
	    tu_srcdir());
	if ((dp = opendir(dir)) == NULL) {
		perror(dir);
		return 1;
	}
	while ((e = readdir(dp)) != NULL) {
		if (!util_endswith(e->d_name, ".json"))
			continue;
		paths = xrealloc(paths, (n + 1) * sizeof(*paths));
		paths[n] = xmalloc(strlen(dir) + strlen(e->d_name) + 2);
		sprintf(paths[n++], "%s/%s", dir, e->d_name);
	}
	closedir(dp);
	if (n == 0) {
		fprintf(stderr, "%s: no spec files\n", dir);
		return 1;
	}
	qsort(paths, n, sizeof(*paths), cmp);
	tests = xcalloc(n, sizeof(*tests));
	for (i = 0; i < n; i++) {
		tests[i].name = strrchr(paths[i], '/') + 1;
		tests[i].test_func = test_mustache_spec_file;
		tests[i].initial_state = paths[i];
	}
	rc = _cmocka_run_group_tests("mustache_spec", tests, n, NULL, NULL);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(tests);
	return rc;
}
