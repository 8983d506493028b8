/*
 * Unit tests for `heraldo new`: the file's path and exact front matter
 * for a fixed "now", the site's zone deciding the month, the git author,
 * titles that need quoting, and never overwriting a post.
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
#include "buf.h"
#include "cmd_new.h"
#include "diag.h"
#include "loader.h"
#include "testutil.h"
#include "util.h"
#include "value.h"

/* 2012-12-20T10:40:00Z: 02:40 in Los Angeles. */
#define NOW		1356000000
/* 2013-01-01T05:00:00Z: still 2012-12-31 in Los Angeles. */
#define NEW_YEAR	1357016400

static const char site_yaml[] =
    "title: Reseller News\n"
    "base_url: https://news.example.com/\n"
    "locale: en\n"
    "timezone: America/Los_Angeles\n";

struct fx {
	char		*tmp;
	struct diags	*d;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	f->tmp = tu_tmpdir();
	f->d = diags_new();
	tu_write(f->tmp, "site.yaml", site_yaml);
	tu_git_init(f->tmp);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	tu_rmtree(f->tmp);
	diags_free(f->d);
	free(f->tmp);
	free(f);
	return 0;
}

static char *
read_all(const char *path)
{
	struct buf	 b = BUF_INIT;
	char		 chunk[4096];
	size_t		 n;
	FILE		*fp = fopen(path, "rb");

	assert_non_null(fp);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, n);
	fclose(fp);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

static char *
join(const char *dir, const char *rel)
{
	char	*s = xmalloc(strlen(dir) + strlen(rel) + 2);

	sprintf(s, "%s/%s", dir, rel);
	return s;
}

static void
test_new_writes_post(void **state)
{
	struct fx	*f = *state;
	char		*path, *want, *text;

	assert_int_equal(cmd_new_post(&path, f->tmp, "Año Nuevo: ¡ofertas!",
	    NOW, f->d), 0);
	want = join(f->tmp, "content/posts/2012/12/ano-nuevo-ofertas.md");
	assert_string_equal(path, want);
	text = read_all(path);
	assert_string_equal(text,
	    "---\n"
	    "title: \"Año Nuevo: ¡ofertas!\"\n"
	    "date: 2012-12-20T02:40:00-08:00\n"
	    "author: \"Ana Author\"\n"
	    "draft: true\n"
	    "---\n"
	    "\n");
	assert_int_equal(diags_count(f->d), 0);
	free(text);
	free(want);
	free(path);
}

static void
test_new_month_in_site_zone(void **state)
{
	struct fx	*f = *state;
	char		*path, *want, *text;

	assert_int_equal(cmd_new_post(&path, f->tmp, "Year in review",
	    NEW_YEAR, f->d), 0);
	want = join(f->tmp, "content/posts/2012/12/year-in-review.md");
	assert_string_equal(path, want);
	text = read_all(path);
	assert_non_null(strstr(text, "\ndate: 2012-12-31T21:00:00-08:00\n"));
	free(text);
	free(want);
	free(path);
}

static void
test_new_refuses_overwrite(void **state)
{
	struct fx	*f = *state;
	char		*path, *text, *diags, *file;

	tu_write(f->tmp, "content/posts/2012/12/holiday-hours.md",
	    "---\ntitle: Holiday hours\n---\nWritten by hand.\n");
	path = (char *)"unchanged";
	assert_int_equal(cmd_new_post(&path, f->tmp, "Holiday hours", NOW,
	    f->d), -1);
	assert_null(path);
	diags = tu_diags(f->d);
	assert_string_equal(diags, "content/posts/2012/12/holiday-hours.md: "
	    "error: already exists; not overwritten (edit it, or choose "
	    "another title)\n");
	file = join(f->tmp, "content/posts/2012/12/holiday-hours.md");
	text = read_all(file);
	assert_string_equal(text,
	    "---\ntitle: Holiday hours\n---\nWritten by hand.\n");
	free(text);
	free(file);
	free(diags);
}

/* The second of two posts with one title is refused, not renamed. */
static void
test_new_twice(void **state)
{
	struct fx	*f = *state;
	char		*path, *diags;

	assert_int_equal(cmd_new_post(&path, f->tmp, "Price list", NOW,
	    f->d), 0);
	free(path);
	assert_int_equal(cmd_new_post(&path, f->tmp, "Price list", NOW + 60,
	    f->d), -1);
	diags = tu_diags(f->d);
	assert_string_equal(diags, "content/posts/2012/12/price-list.md: "
	    "error: already exists; not overwritten (edit it, or choose "
	    "another title)\n");
	free(diags);
}

/* Quotes, backslashes and a tab come back out of YAML as written. */
static void
test_new_quotes_title(void **state)
{
	struct fx		*f = *state;
	struct arena		*a = arena_new();
	struct value		*meta;
	const struct value	*t;
	const char		*title = "Say \"hi\" to C:\\path\tnow";
	char			*path, *text, *end;

	assert_int_equal(cmd_new_post(&path, f->tmp, title, NOW, f->d), 0);
	text = read_all(path);
	assert_non_null(strstr(text,
	    "title: \"Say \\\"hi\\\" to C:\\\\path\\tnow\"\n"));
	end = strstr(text + 4, "---\n");
	assert_non_null(end);
	assert_int_equal(loader_parse(&meta, "x.md", text + 4,
	    (size_t)(end - text - 4), 2, a, f->d), 0);
	t = value_map_get(meta, "title");
	assert_non_null(t);
	assert_int_equal(t->kind, VAL_STRING);
	assert_string_equal(t->u.str.s, title);
	t = value_map_get(meta, "draft");
	assert_non_null(t);
	assert_int_equal(t->kind, VAL_BOOL);
	assert_true(t->u.b);
	free(text);
	free(path);
	arena_free(a);
}

/* Outside a git repository there is no author to name. */
static void
test_new_without_git(void **state)
{
	struct fx	*f = *state;
	char		*dir, *path, *text;

	(void)f;
	dir = tu_tmpdir();
	tu_write(dir, "site.yaml", site_yaml);
	assert_int_equal(cmd_new_post(&path, dir, "Outage", NOW, f->d), 0);
	text = read_all(path);
	assert_string_equal(text,
	    "---\n"
	    "title: \"Outage\"\n"
	    "date: 2012-12-20T02:40:00-08:00\n"
	    "draft: true\n"
	    "---\n"
	    "\n");
	free(text);
	free(path);
	tu_rmtree(dir);
	free(dir);
}

static void
test_new_no_site_yaml(void **state)
{
	struct fx	*f = *state;
	char		*dir, *path, *diags, *want;

	(void)f;
	dir = tu_tmpdir();
	assert_int_equal(cmd_new_post(&path, dir, "Outage", NOW, f->d), -1);
	assert_null(path);
	diags = tu_diags(f->d);
	want = xmalloc(2 * strlen(dir) + 160);
	sprintf(want, "site.yaml: error: not found in the site folder %s: "
	    "heraldo init %s makes a new site there (or --site names the "
	    "folder of one)\n", dir, dir);
	assert_string_equal(diags, want);
	free(want);
	free(diags);
	tu_rmtree(dir);
	free(dir);
}

static void
test_new_bad_site_yaml(void **state)
{
	struct fx	*f = *state;
	char		*path, *diags;

	tu_write(f->tmp, "site.yaml",
	    "title: x\nbase_url: https://x.example/\ntimezone: Mars/Olympus\n");
	assert_int_equal(cmd_new_post(&path, f->tmp, "Outage", NOW, f->d), -1);
	diags = tu_diags(f->d);
	assert_string_equal(diags, "site.yaml:3:11: error: timezone: unknown "
	    "time zone \"Mars/Olympus\"\n");
	free(diags);
}

/* cmd_new with the arguments after "heraldo new", NULL-terminated. */
static int
run_cli(const char *arg, ...)
{
	char	*argv[8];
	int	 argc = 0;
	va_list	 ap;

	argv[argc++] = (char *)"heraldo";
	argv[argc++] = (char *)"new";
	va_start(ap, arg);
	for (; arg != NULL && argc < 7; arg = va_arg(ap, const char *))
		argv[argc++] = (char *)arg;
	va_end(ap);
	argv[argc] = NULL;
	return cmd_new(argc, argv);
}

static void
test_new_usage(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(run_cli(NULL), 2);
	assert_int_equal(run_cli("--site", f->tmp, NULL), 2);
	assert_int_equal(run_cli("One", "Two", NULL), 2);
	assert_int_equal(run_cli("--site", f->tmp, "  ", NULL), 2);
	assert_int_equal(run_cli("--bogus", "Title", NULL), 2);
	assert_int_equal(run_cli("Title", "--site", NULL), 2);
	assert_int_equal(run_cli("Bad \xff title", NULL), 2);
}

/* The command writes the post now; a second run refuses (status 1). */
static void
test_new_cli(void **state)
{
	struct fx	*f = *state;
	char		*site = xmalloc(strlen(f->tmp) + 8);

	sprintf(site, "--site=%s", f->tmp);
	assert_int_equal(run_cli(site, "--", "-5% on renewals", NULL), 0);
	assert_int_equal(run_cli(site, "--", "-5% on renewals", NULL), 1);
	free(site);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_writes_post, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_new_month_in_site_zone,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_refuses_overwrite,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_twice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_new_quotes_title, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_new_without_git, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_new_no_site_yaml, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_new_bad_site_yaml, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_new_usage, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_new_cli, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
