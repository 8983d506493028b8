/*
 * Unit tests for gitsrc: listing, reading and history against real
 * repositories made with the git command line in a temporary folder.
 */
#define _XOPEN_SOURCE 700	/* realpath */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "gitsrc.h"
#include "testutil.h"
#include "util.h"

#define D1	"2012-12-19T12:56:00-08:00"
#define T1	1355950560
#define D2	"2013-01-05T09:30:00+01:00"
#define T2	1357374600
#define D3	"2013-02-10T18:00:00+05:30"
#define T3	1360499400
#define D4	"2013-03-01T08:00:00+00:00"
#define T4	1362124800

struct fx {
	struct arena	*a;
	struct diags	*d;
	char		*tmp;		/* realpath of a fresh folder */
	struct buf	 b;		/* for paths */
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));
	char		*t = tu_tmpdir();

	f->a = arena_new();
	f->d = diags_new();
	f->tmp = realpath(t, NULL);
	free(t);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	tu_rmtree(f->tmp);
	free(f->tmp);
	buf_free(&f->b);
	arena_free(f->a);
	diags_free(f->d);
	free(f);
	return 0;
}

/* f->tmp + "/" + rel, valid until the next call. */
static const char *
at(struct fx *f, const char *rel)
{
	buf_reset(&f->b);
	buf_printf(&f->b, "%s/%s", f->tmp, rel);
	return buf_cstr(&f->b);
}

/* The output of a command run in "dir", without its last newline. */
static char *
out(const char *dir, const char *cmd)
{
	struct buf	 b = BUF_INIT;
	FILE		*fp;
	char		 chunk[512];
	size_t		 n;

	buf_printf(&b, "cd '%s' && %s", dir, cmd);
	fp = popen(buf_cstr(&b), "r");
	assert_non_null(fp);
	buf_reset(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, n);
	assert_int_equal(pclose(fp), 0);
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.len--;
	return buf_detach(&b, NULL);
}

static struct gitsrc *
open_ok(struct fx *f, const char *dir, const char *ref, bool worktree)
{
	struct gitsrc	*s = NULL;
	char		*msg;

	if (gitsrc_open(&s, dir, ref, worktree, f->d) != 0) {
		msg = tu_diags(f->d);
		fail_msg("gitsrc_open(%s): %s", dir, msg);
	}
	assert_non_null(s);
	return s;
}

/* Opening fails with exactly "want" (one diagnostic line). */
static void
open_fails(const char *dir, const char *ref, bool worktree,
    const char *want)
{
	struct gitsrc	*s = NULL;
	struct diags	*d = diags_new();
	char		*got;

	assert_int_equal(gitsrc_open(&s, dir, ref, worktree, d), -1);
	assert_null(s);
	got = tu_diags(d);
	assert_string_equal(got, want);
	free(got);
	diags_free(d);
}

static char *
read_ok(struct fx *f, struct gitsrc *s, const char *path)
{
	char	*data = NULL;
	size_t	 len = 0;

	assert_int_equal(gitsrc_read(&data, &len, s, path, f->a, f->d), 0);
	assert_int_equal(strlen(data), len);
	return data;
}

/* "path id size x|l|-" per file, one a line, for exact comparisons. */
static char *
listing(struct fx *f, struct gitsrc *s, const char *dir)
{
	struct gitsrc_file	*v;
	struct buf		 b = BUF_INIT;
	size_t			 n, i;

	assert_int_equal(gitsrc_list(&v, &n, s, dir, f->a, f->d), 0);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s %s %zu %s\n", v[i].path, v[i].id,
		    v[i].size, v[i].symlink ? "l" : v[i].executable ? "x" :
		    "-");
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

/* The same line for a file as git itself sees it at "rev". */
static void
git_line(struct buf *b, const char *repo, const char *rev, const char *in,
    const char *path, size_t size, const char *kind)
{
	char	 cmd[512];
	char	*id;

	snprintf(cmd, sizeof(cmd), "git rev-parse %s:%s%s", rev, in, path);
	id = out(repo, cmd);
	buf_printf(b, "%s %s %zu %s\n", path, id, size, kind);
	free(id);
}

/* The same line for a file on disk, its id from `git hash-object`. */
static void
hashed(struct buf *b, const char *repo, const char *path, size_t size,
    const char *kind)
{
	char	 cmd[512];
	char	*id;

	snprintf(cmd, sizeof(cmd), "git hash-object %s", path);
	id = out(repo, cmd);
	buf_printf(b, "%s %s %zu %s\n", path, id, size, kind);
	free(id);
}

/* A new repository at f->tmp/rel (malloc'd path). */
static char *
new_repo(struct fx *f, const char *rel)
{
	char	*repo = xstrdup(at(f, rel));

	assert_int_equal(mkdir(repo, 0755), 0);
	tu_git_init(repo);
	return repo;
}

/* A repository with a small site, committed on D1. */
static void
make_site(struct fx *f, const char *rel)
{
	char	*repo = new_repo(f, rel);

	tu_write(repo, "site.yaml", "title: News\n");
	tu_write(repo, "content/posts/2012/12/hours.md", "# Hours\n");
	tu_write(repo, "content/pages/about.md", "About us\n");
	tu_write(repo, "static/run.sh", "#!/bin/sh\n");
	tu_sh(repo, NULL, "chmod +x static/run.sh");
	tu_git_commit(repo, D1, "First");
	free(repo);
}

static void
test_gitsrc_list_read_head(void **state)
{
	struct fx	*f = *state;
	struct gitsrc	*s;
	struct buf	 want = BUF_INIT;
	char		*repo, *got, *head;

	make_site(f, "r");
	repo = xstrdup(at(f, "r"));
	s = open_ok(f, repo, NULL, false);
	assert_false(gitsrc_is_worktree(s));
	head = out(repo, "git rev-parse HEAD");
	assert_string_equal(gitsrc_commit_id(s), head);
	assert_int_equal(gitsrc_commit_time(s), T1);

	git_line(&want, repo, "HEAD", "", "content/pages/about.md", 9, "-");
	git_line(&want, repo, "HEAD", "", "content/posts/2012/12/hours.md",
	    8, "-");
	git_line(&want, repo, "HEAD", "", "site.yaml", 12, "-");
	git_line(&want, repo, "HEAD", "", "static/run.sh", 10, "x");
	got = listing(f, s, "");
	assert_string_equal(got, buf_cstr(&want));
	free(got);

	/* A folder lists what is under it, with site-relative paths. */
	buf_reset(&want);
	git_line(&want, repo, "HEAD", "", "content/posts/2012/12/hours.md",
	    8, "-");
	got = listing(f, s, "content/posts");
	assert_string_equal(got, buf_cstr(&want));
	free(got);
	got = listing(f, s, "layouts");
	assert_string_equal(got, "");
	free(got);

	assert_string_equal(read_ok(f, s, "content/pages/about.md"),
	    "About us\n");
	assert_true(gitsrc_exists(s, "site.yaml"));
	assert_false(gitsrc_exists(s, "content"));
	assert_false(gitsrc_exists(s, "nope.md"));
	assert_false(gitsrc_exists(s, "../r/site.yaml"));
	assert_int_equal(diags_count(f->d), 0);

	gitsrc_free(s);
	buf_free(&want);
	free(head);
	free(repo);
}

static void
test_gitsrc_read_errors(void **state)
{
	struct fx	*f = *state;
	struct gitsrc	*s;
	struct gitsrc_file *v;
	char		*repo, *data, *got;
	size_t		 len, n;

	make_site(f, "r");
	repo = xstrdup(at(f, "r"));
	s = open_ok(f, repo, NULL, false);
	assert_int_equal(gitsrc_read(&data, &len, s, "nope.md", f->a, f->d),
	    -1);
	assert_int_equal(gitsrc_read(&data, &len, s, "content", f->a, f->d),
	    -1);
	assert_int_equal(gitsrc_read(&data, &len, s, "../r/site.yaml", f->a,
	    f->d), -1);
	assert_int_equal(gitsrc_list(&v, &n, s, "/etc", f->a, f->d), -1);
	got = tu_diags(f->d);
	assert_string_equal(got,
	    "../r/site.yaml: error: not a site file\n"
	    "/etc: error: not a site folder\n"
	    "content: error: no such file at ref \"HEAD\"\n"
	    "nope.md: error: no such file at ref \"HEAD\"\n");
	free(got);
	gitsrc_free(s);
	free(repo);
}

static void
test_gitsrc_ref_tag_commit(void **state)
{
	struct fx	*f = *state;
	struct gitsrc	*s;
	char		*repo, *first, *got;

	make_site(f, "r");
	repo = xstrdup(at(f, "r"));
	tu_sh(repo, D1, "git tag -a v1 -m \"Version 1\" && git tag light");
	first = out(repo, "git rev-parse HEAD");
	tu_write(repo, "content/pages/about.md", "About us, again\n");
	tu_write(repo, "content/pages/new.md", "New\n");
	tu_git_commit(repo, D2, "Second");

	/* An annotated tag resolves to its commit. */
	s = open_ok(f, repo, "v1", false);
	assert_string_equal(gitsrc_commit_id(s), first);
	assert_int_equal(gitsrc_commit_time(s), T1);
	assert_string_equal(read_ok(f, s, "content/pages/about.md"),
	    "About us\n");
	assert_false(gitsrc_exists(s, "content/pages/new.md"));
	gitsrc_free(s);

	s = open_ok(f, repo, "light", false);
	assert_string_equal(gitsrc_commit_id(s), first);
	gitsrc_free(s);

	s = open_ok(f, repo, "HEAD~1", false);
	assert_string_equal(read_ok(f, s, "content/pages/about.md"),
	    "About us\n");
	got = listing(f, s, "content/pages");
	assert_non_null(strstr(got, "content/pages/about.md "));
	assert_null(strstr(got, "new.md"));
	free(got);
	gitsrc_free(s);

	first[10] = '\0';	/* an abbreviated id */
	s = open_ok(f, repo, first, false);
	assert_string_equal(read_ok(f, s, "content/pages/about.md"),
	    "About us\n");
	gitsrc_free(s);

	s = open_ok(f, repo, "main", false);
	assert_int_equal(gitsrc_commit_time(s), T2);
	assert_string_equal(read_ok(f, s, "content/pages/about.md"),
	    "About us, again\n");
	assert_string_equal(read_ok(f, s, "content/pages/new.md"), "New\n");
	gitsrc_free(s);

	assert_int_equal(diags_count(f->d), 0);
	free(first);
	free(repo);
}

static void
test_gitsrc_subfolder(void **state)
{
	struct fx	*f = *state;
	struct gitsrc	*s;
	struct buf	 want = BUF_INIT;
	struct gitsrc_hist *h;
	char		*repo, *docs, *got;
	size_t		 dirty, n;
	bool		 shallow;

	repo = new_repo(f, "r");
	tu_write(repo, "README.md", "Project\n");
	tu_write(repo, "docs/site.yaml", "title: Docs\n");
	tu_write(repo, "docs/content/posts/a.md", "A\n");
	tu_git_commit(repo, D1, "First");
	docs = xstrdup(at(f, "r/docs"));

	s = open_ok(f, docs, NULL, false);
	git_line(&want, repo, "HEAD", "docs/", "content/posts/a.md", 2, "-");
	git_line(&want, repo, "HEAD", "docs/", "site.yaml", 12, "-");
	got = listing(f, s, "");
	assert_string_equal(got, buf_cstr(&want));
	free(got);
	assert_string_equal(read_ok(f, s, "site.yaml"), "title: Docs\n");
	assert_false(gitsrc_exists(s, "README.md"));

	/* Changes outside the site folder do not make it dirty. */
	tu_write(repo, "README.md", "Changed\n");
	assert_int_equal(gitsrc_dirty_count(&dirty, s, NULL, f->d), 0);
	assert_int_equal(dirty, 0);
	tu_write(repo, "docs/content/posts/b.md", "B\n");
	assert_int_equal(gitsrc_dirty_count(&dirty, s, NULL, f->d), 0);
	assert_int_equal(dirty, 1);
	gitsrc_free(s);

	/* History and the work tree see the same site-relative paths. */
	s = open_ok(f, docs, NULL, true);
	buf_reset(&want);
	git_line(&want, repo, "HEAD", "docs/", "content/posts/a.md", 2, "-");
	tu_sh(repo, NULL, "rm docs/content/posts/b.md");
	got = listing(f, s, "content");
	assert_string_equal(got, buf_cstr(&want));
	free(got);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	assert_int_equal(n, 2);
	assert_string_equal(h[0].path, "content/posts/a.md");
	assert_int_equal(h[0].created.time, T1);
	gitsrc_free(s);

	/* "docs/" and "docs/." name the same folder. */
	buf_reset(&want);
	buf_printf(&want, "%s/r/docs/.", f->tmp);
	s = open_ok(f, buf_cstr(&want), NULL, false);
	assert_true(gitsrc_exists(s, "site.yaml"));
	gitsrc_free(s);

	assert_int_equal(diags_count(f->d), 0);
	buf_free(&want);
	free(docs);
	free(repo);
}

static void
test_gitsrc_bare(void **state)
{
	struct fx	*f = *state;
	struct gitsrc	*s;
	struct buf	 want = BUF_INIT;
	char		*repo, *bare, *got, *msg;
	size_t		 dirty = 99;

	repo = new_repo(f, "r");
	tu_write(repo, "site.yaml", "title: Root\n");
	tu_write(repo, "docs/site.yaml", "title: Docs\n");
	tu_write(repo, "docs/content/posts/a.md", "A\n");
	tu_git_commit(repo, D1, "First");
	tu_sh(f->tmp, NULL, "git clone -q --bare r repo.git");
	bare = xstrdup(at(f, "repo.git"));

	/* repo.git: the site is the whole tree. */
	s = open_ok(f, bare, NULL, false);
	git_line(&want, repo, "HEAD", "", "docs/content/posts/a.md", 2, "-");
	git_line(&want, repo, "HEAD", "", "docs/site.yaml", 12, "-");
	git_line(&want, repo, "HEAD", "", "site.yaml", 12, "-");
	got = listing(f, s, "");
	assert_string_equal(got, buf_cstr(&want));
	free(got);
	assert_int_equal(gitsrc_dirty_count(&dirty, s, NULL, f->d), 0);
	assert_int_equal(dirty, 0);
	gitsrc_free(s);

	/* repo.git/docs: a folder of the tree, not of the disk. */
	s = open_ok(f, at(f, "repo.git/docs"), "main", false);
	buf_reset(&want);
	git_line(&want, repo, "HEAD", "docs/", "content/posts/a.md", 2, "-");
	git_line(&want, repo, "HEAD", "docs/", "site.yaml", 12, "-");
	got = listing(f, s, "");
	assert_string_equal(got, buf_cstr(&want));
	free(got);
	assert_string_equal(read_ok(f, s, "site.yaml"), "title: Docs\n");
	gitsrc_free(s);

	s = open_ok(f, at(f, "repo.git/docs/content"), NULL, false);
	assert_true(gitsrc_exists(s, "posts/a.md"));
	gitsrc_free(s);

	buf_reset(&want);
	buf_printf(&want, "heraldo: error: %s is a bare repository: it has "
	    "no work tree to read\n", bare);
	msg = xstrdup(buf_cstr(&want));
	open_fails(bare, NULL, true, msg);
	free(msg);
	buf_reset(&want);
	buf_printf(&want, "heraldo: error: site folder \"blog\": not found "
	    "at ref \"HEAD\"\n");
	open_fails(at(f, "repo.git/blog"), NULL, false, buf_cstr(&want));

	assert_int_equal(diags_count(f->d), 0);
	buf_free(&want);
	free(bare);
	free(repo);
}

static void
test_gitsrc_open_errors(void **state)
{
	struct fx	*f = *state;
	struct buf	 want = BUF_INIT;
	char		*repo, *plain;

	make_site(f, "r");
	repo = xstrdup(at(f, "r"));
	tu_sh(repo, D1, "git tag v0");
	tu_write(repo, "docs/site.yaml", "title: Docs\n");
	tu_git_commit(repo, D2, "Docs");

	buf_printf(&want, "heraldo: error: ref \"nope\": not found in %s\n",
	    repo);
	open_fails(repo, "nope", false, buf_cstr(&want));

	buf_reset(&want);
	buf_printf(&want, "heraldo: error: ref \"v9\": not found in %s\n",
	    repo);
	open_fails(at(f, "r/docs"), "v9", false, buf_cstr(&want));

	open_fails(at(f, "r/docs"), "v0", false,
	    "heraldo: error: site folder \"docs\": not found at ref \"v0\"\n");
	open_fails(at(f, "r/site.yaml"), NULL, false,
	    "heraldo: error: site folder \"site.yaml\": not found at ref "
	    "\"HEAD\"\n");
	open_fails(repo, "HEAD^{tree}", false,
	    "heraldo: error: ref \"HEAD^{tree}\": not a commit\n");

	plain = xstrdup(at(f, "plain"));
	tu_write(plain, "site.yaml", "title: x\n");
	buf_reset(&want);
	buf_printf(&want, "heraldo: error: site folder \"%s\": not in a git "
	    "repository; heraldo builds what is committed (git init && git "
	    "add -A && git commit -m \"First\"; heraldo init makes a new "
	    "site with its repository)\n", plain);
	open_fails(plain, NULL, false, buf_cstr(&want));

	buf_reset(&want);
	buf_printf(&want, "heraldo: error: site folder \"%s/blog\": not "
	    "found\n", repo);
	open_fails(at(f, "r/blog"), NULL, true, buf_cstr(&want));
	buf_reset(&want);
	buf_printf(&want, "heraldo: error: site folder \"%s/.git\": inside "
	    "a .git folder\n", repo);
	open_fails(at(f, "r/.git"), NULL, false, buf_cstr(&want));

	free(plain);
	buf_free(&want);
	free(repo);
}

static void
test_gitsrc_unborn(void **state)
{
	struct fx		*f = *state;
	struct gitsrc		*s;
	struct gitsrc_hist	*h;
	struct buf		 want = BUF_INIT;
	char			*repo, *got;
	size_t			 n, dirty;
	bool			 shallow;

	repo = new_repo(f, "r");
	tu_write(repo, "site.yaml", "title: New\n");
	buf_printf(&want, "heraldo: error: ref \"HEAD\": %s has no commits "
	    "yet; heraldo builds what is committed (git add -A && git commit "
	    "-m \"First\"), or the files on disk with --worktree\n", repo);
	open_fails(repo, NULL, false, buf_cstr(&want));

	/* On disk an unborn branch is fine: there is just no history. */
	s = open_ok(f, repo, NULL, true);
	got = listing(f, s, "");
	assert_non_null(strstr(got, "site.yaml "));
	free(got);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	assert_int_equal(n, 0);
	assert_int_equal(gitsrc_dirty_count(&dirty, s, NULL, f->d), 0);
	assert_int_equal(dirty, 1);
	gitsrc_free(s);
	assert_int_equal(diags_count(f->d), 0);
	buf_free(&want);
	free(repo);
}

static const struct gitsrc_hist *
hist(const struct gitsrc_hist *h, size_t n, const char *path)
{
	const struct gitsrc_hist	*x = gitsrc_hist_find(h, n, path);

	if (x == NULL)
		fail_msg("no history for %s", path);
	return x;
}

static void
check_sig(const struct gitsrc_sig *sig, const char *name, int64_t time,
    int offset, const char *commit)
{
	assert_string_equal(sig->name, name);
	assert_int_equal(sig->time, time);
	assert_int_equal(sig->offset, offset);
	if (commit != NULL)
		assert_string_equal(sig->commit, commit);
}

static void
test_gitsrc_history_dates(void **state)
{
	struct fx			*f = *state;
	struct gitsrc			*s;
	struct gitsrc_hist		*h;
	const struct gitsrc_hist	*x;
	char				*repo, *c1, *c3;
	size_t				 n;
	bool				 shallow = true;

	repo = new_repo(f, "r");
	tu_write(repo, "site.yaml", "title: News\n");
	tu_write(repo, "content/posts/a.md", "one\n");
	tu_git_commit(repo, D1, "First");
	c1 = out(repo, "git rev-parse HEAD");
	tu_write(repo, "content/posts/a.md", "two\n");
	tu_write(repo, "content/posts/b.md", "bee\n");
	tu_git_commit(repo, D2, "Second");
	tu_write(repo, "content/posts/a.md", "three\n");
	tu_sh(repo, D3, "git add -A && git commit -q -m Third "
	    "--author=\"Bea Builder <bea@example.com>\"");
	c3 = out(repo, "git rev-parse HEAD");
	/* A later commit elsewhere changes none of their dates. */
	tu_write(repo, "site.yaml", "title: Newer\n");
	tu_git_commit(repo, D4, "Fourth");

	s = open_ok(f, repo, NULL, false);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	assert_false(shallow);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].path, "content/posts/a.md");
	assert_string_equal(h[1].path, "content/posts/b.md");
	assert_string_equal(h[2].path, "site.yaml");

	x = hist(h, n, "content/posts/a.md");
	check_sig(&x->created, "Ana Author", T1, -480, c1);
	assert_string_equal(x->created.email, "ana@example.com");
	check_sig(&x->modified, "Bea Builder", T3, 330, c3);
	assert_string_equal(x->modified.email, "bea@example.com");
	check_sig(&x->significant, "Bea Builder", T3, 330, c3);
	assert_false(x->cut);

	x = hist(h, n, "content/posts/b.md");
	check_sig(&x->created, "Ana Author", T2, 60, NULL);
	check_sig(&x->modified, "Ana Author", T2, 60, NULL);

	x = hist(h, n, "site.yaml");
	check_sig(&x->created, "Ana Author", T1, -480, c1);
	check_sig(&x->modified, "Ana Author", T4, 0, NULL);
	assert_null(gitsrc_hist_find(h, n, "content/posts/c.md"));

	/* Only the files under a folder. */
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "content",
	    f->a, f->d), 0);
	assert_int_equal(n, 2);
	assert_string_equal(h[1].path, "content/posts/b.md");
	check_sig(&h[0].created, "Ana Author", T1, -480, c1);
	gitsrc_free(s);

	/* From an older commit, later changes do not exist. */
	s = open_ok(f, repo, "HEAD~2", false);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	x = hist(h, n, "content/posts/a.md");
	check_sig(&x->modified, "Ana Author", T2, 60, NULL);
	gitsrc_free(s);

	assert_int_equal(diags_count(f->d), 0);
	free(c3);
	free(c1);
	free(repo);
}

/* Twenty distinct lines, so that a small edit keeps a file similar. */
static const char LONG[] =
    "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\n"
    "eleven\ntwelve\nthirteen\nfourteen\nfifteen\nsixteen\nseventeen\n"
    "eighteen\nnineteen\ntwenty\n";

static void
test_gitsrc_history_rename(void **state)
{
	struct fx			*f = *state;
	struct gitsrc			*s;
	struct gitsrc_hist		*h;
	const struct gitsrc_hist	*x;
	struct buf			 b = BUF_INIT;
	char				*repo;
	size_t				 n;
	bool				 shallow;

	repo = new_repo(f, "r");
	tu_write(repo, "content/posts/old.md", LONG);
	tu_write(repo, "content/posts/edit.md", LONG + 4);
	tu_write(repo, "content/posts/gone.md", "Gone\n");
	tu_git_commit(repo, D1, "First");
	/* A pure move, with a deletion in the same commit. */
	tu_sh(repo, D2, "mkdir -p content/posts/2013 && "
	    "git mv content/posts/old.md content/posts/2013/new.md && "
	    "git rm -q content/posts/gone.md && git commit -q -m Move");
	/* A move with an edit, and a file added back. */
	buf_printf(&b, "%sand one more\n", LONG + 4);
	tu_sh(repo, NULL, "git mv content/posts/edit.md content/edited.md");
	tu_write(repo, "content/edited.md", buf_cstr(&b));
	tu_write(repo, "content/posts/gone.md", "Back\n");
	tu_git_commit(repo, D3, "Edit");

	s = open_ok(f, repo, NULL, false);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	assert_int_equal(n, 3);
	x = hist(h, n, "content/posts/2013/new.md");
	check_sig(&x->created, "Ana Author", T1, -480, NULL);
	/* Moving a file does not change it. */
	check_sig(&x->modified, "Ana Author", T1, -480, NULL);
	x = hist(h, n, "content/edited.md");
	check_sig(&x->created, "Ana Author", T1, -480, NULL);
	check_sig(&x->modified, "Ana Author", T3, 330, NULL);
	/* Deleted and added back: the first creation stands. */
	x = hist(h, n, "content/posts/gone.md");
	check_sig(&x->created, "Ana Author", T1, -480, NULL);
	check_sig(&x->modified, "Ana Author", T3, 330, NULL);
	gitsrc_free(s);

	assert_int_equal(diags_count(f->d), 0);
	buf_free(&b);
	free(repo);
}

static void
test_gitsrc_history_minor(void **state)
{
	struct fx			*f = *state;
	struct gitsrc			*s;
	struct gitsrc_hist		*h;
	const struct gitsrc_hist	*x;
	char				*repo;
	size_t				 n;
	bool				 shallow;

	repo = new_repo(f, "r");
	tu_write(repo, "a.md", "one\n");
	tu_write(repo, "c.md", "one\n");
	tu_git_commit(repo, D1, "First");
	tu_write(repo, "a.md", "two\n");
	tu_git_commit(repo, D2, "Second");
	tu_write(repo, "a.md", "two, no typo\n");
	tu_write(repo, "b.md", "bee\n");
	tu_sh(repo, D3, "git add -A && git commit -q -m \"Fix a typo\" "
	    "-m \"Heraldo-Minor: true\"");
	/* Not a trailer (and not true): a significant change. */
	tu_write(repo, "c.md", "two\n");
	tu_sh(repo, D4, "git add -A && git commit -q "
	    "-m \"Heraldo-Minor: true is not set here\" -m \"Body text.\"");

	s = open_ok(f, repo, NULL, false);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	x = hist(h, n, "a.md");
	check_sig(&x->created, "Ana Author", T1, -480, NULL);
	check_sig(&x->modified, "Ana Author", T3, 330, NULL);
	check_sig(&x->significant, "Ana Author", T2, 60, NULL);
	/* Only ever changed by minor commits: its creation counts. */
	x = hist(h, n, "b.md");
	check_sig(&x->significant, "Ana Author", T3, 330, NULL);
	x = hist(h, n, "c.md");
	check_sig(&x->significant, "Ana Author", T4, 0, NULL);
	gitsrc_free(s);

	assert_int_equal(diags_count(f->d), 0);
	free(repo);
}

/* Two histories are the same, field by field. */
static void
same_history(const struct gitsrc_hist *x, size_t nx,
    const struct gitsrc_hist *y, size_t ny)
{
	const struct gitsrc_sig	*a[3], *b[3];
	size_t			 i, k;

	assert_int_equal(nx, ny);
	for (i = 0; i < nx; i++) {
		assert_string_equal(x[i].path, y[i].path);
		assert_int_equal(x[i].cut, y[i].cut);
		a[0] = &x[i].created, a[1] = &x[i].modified;
		a[2] = &x[i].significant;
		b[0] = &y[i].created, b[1] = &y[i].modified;
		b[2] = &y[i].significant;
		for (k = 0; k < 3; k++) {
			assert_string_equal(a[k]->name, b[k]->name);
			assert_string_equal(a[k]->email, b[k]->email);
			assert_int_equal(a[k]->time, b[k]->time);
			assert_int_equal(a[k]->offset, b[k]->offset);
			assert_string_equal(a[k]->commit, b[k]->commit);
		}
	}
}

/*
 * Bring "h" (at commit *at) up to HEAD; check it against a whole walk.
 * When the changes are known, they are the files this commit touched,
 * with the ids a listing gives.
 */
static void
step_matches(struct fx *f, const char *site, struct gitsrc_hist **h,
    size_t *n, char **at)
{
	struct gitsrc		*s = open_ok(f, site, NULL, false);
	struct gitsrc_hist	*full, *step;
	struct gitsrc_changes	 ch;
	struct gitsrc_file	*l;
	size_t			 nfull, nstep, nl, i, k, touched = 0;
	bool			 shallow;

	assert_int_equal(gitsrc_history(&full, &nfull, &shallow, s,
	    "content", f->a, f->d), 0);
	assert_int_equal(gitsrc_history_since(&step, &nstep, &shallow, &ch, s,
	    "content", *h, *n, *at, f->a, f->d), 0);
	same_history(full, nfull, step, nstep);
	assert_int_equal(gitsrc_list_names(&l, &nl, s, "content", NULL, f->a,
	    f->d), 0);
	for (i = 0; ch.known && i < nfull; i++)
		if (strcmp(full[i].modified.commit, gitsrc_commit_id(s)) == 0 &&
		    strcmp(*at, gitsrc_commit_id(s)) != 0)
			touched++;
	assert_int_equal(ch.known ? ch.n : 0, touched);
	for (i = 0; i < ch.n; i++) {
		for (k = 0; k < nl && strcmp(l[k].path, ch.v[i].path) != 0;
		    k++)
			;
		assert_true(k < nl);
		assert_string_equal(l[k].id, ch.v[i].id);
		assert_true(i == 0 || strcmp(ch.v[i - 1].path,
		    ch.v[i].path) < 0);
	}
	*h = step;
	*n = nstep;
	free(*at);
	*at = xstrdup(gitsrc_commit_id(s));
	gitsrc_free(s);
}

/*
 * History brought up to date one commit at a time (what a build with a
 * cache does) equals the whole walk: posts edited, minor edits, posts
 * added, another author, a post removed and renamed (which take the
 * whole walk), HEAD unchanged, and a step over two commits.
 */
static void
test_gitsrc_history_since(void **state)
{
	struct fx		*f = *state;
	struct gitsrc		*s;
	struct gitsrc_hist	*h;
	char			*repo, *site, *head;
	size_t			 n;
	bool			 shallow;

	repo = new_repo(f, "r");
	site = xstrdup(at(f, "r/docs"));
	tu_write(repo, "docs/content/posts/a.md", "one\n");
	tu_write(repo, "docs/content/posts/b.md", "bee\n");
	tu_write(repo, "other.txt", "not the site\n");
	tu_git_commit(repo, D1, "First");
	s = open_ok(f, site, NULL, false);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "content",
	    f->a, f->d), 0);
	head = xstrdup(gitsrc_commit_id(s));
	gitsrc_free(s);

	tu_write(repo, "docs/content/posts/a.md", "two\n");
	tu_git_commit(repo, D2, "Edit a");
	step_matches(f, site, &h, &n, &head);

	tu_write(repo, "docs/content/posts/a.md", "two, no typo\n");
	tu_write(repo, "docs/content/posts/2013/c.md", "sea\n");
	tu_sh(repo, D3, "git add -A && git commit -q -m \"Fix a typo\" "
	    "-m \"Heraldo-Minor: true\"");
	step_matches(f, site, &h, &n, &head);

	tu_write(repo, "docs/content/posts/b.md", "bee, again\n");
	tu_write(repo, "other.txt", "still not the site\n");
	tu_sh(repo, D4, "git add -A && GIT_AUTHOR_NAME='Bo Other' "
	    "GIT_AUTHOR_EMAIL=bo@example.com git commit -q -m Edit");
	step_matches(f, site, &h, &n, &head);

	step_matches(f, site, &h, &n, &head);	/* HEAD as it was */

	tu_sh(repo, D4, "git rm -q docs/content/posts/2013/c.md && "
	    "git commit -q -m Remove");
	step_matches(f, site, &h, &n, &head);

	tu_sh(repo, D4, "git mv docs/content/posts/b.md "
	    "docs/content/posts/bee.md && git commit -q -m Rename");
	step_matches(f, site, &h, &n, &head);

	tu_write(repo, "docs/content/posts/a.md", "three\n");
	tu_git_commit(repo, D4, "One");
	tu_write(repo, "docs/content/posts/a.md", "four\n");
	tu_git_commit(repo, D4, "Two");
	step_matches(f, site, &h, &n, &head);

	assert_int_equal(diags_count(f->d), 0);
	free(head);
	free(site);
	free(repo);
}

static void
test_gitsrc_history_merge(void **state)
{
	struct fx			*f = *state;
	struct gitsrc			*s;
	struct gitsrc_hist		*h;
	const struct gitsrc_hist	*x;
	char				*repo;
	size_t				 n;
	bool				 shallow;

	repo = new_repo(f, "r");
	tu_write(repo, "a.md", "one\n");
	tu_git_commit(repo, D1, "First");
	tu_sh(repo, D2, "git checkout -q -b side && echo bee > b.md && "
	    "git add -A && git commit -q -m Side && git checkout -q main");
	tu_write(repo, "a.md", "two\n");
	tu_git_commit(repo, D3, "Main");
	tu_sh(repo, D4, "git merge -q --no-ff -m Merge side");

	s = open_ok(f, repo, NULL, false);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	assert_int_equal(n, 2);
	x = hist(h, n, "a.md");
	check_sig(&x->created, "Ana Author", T1, -480, NULL);
	check_sig(&x->modified, "Ana Author", T3, 330, NULL);
	/* The merge took b.md as the side branch made it. */
	x = hist(h, n, "b.md");
	check_sig(&x->created, "Ana Author", T2, 60, NULL);
	check_sig(&x->modified, "Ana Author", T2, 60, NULL);
	gitsrc_free(s);

	assert_int_equal(diags_count(f->d), 0);
	free(repo);
}

static void
test_gitsrc_history_shallow(void **state)
{
	struct fx			*f = *state;
	struct gitsrc			*s;
	struct gitsrc_hist		*h;
	const struct gitsrc_hist	*x;
	char				*origin, *head;
	size_t				 n;
	bool				 shallow;

	origin = new_repo(f, "origin");
	tu_write(origin, "a.md", "one\n");
	tu_git_commit(origin, D1, "First");
	tu_write(origin, "b.md", "bee\n");
	tu_git_commit(origin, D2, "Second");
	tu_write(origin, "a.md", "three\n");
	tu_git_commit(origin, D3, "Third");
	head = out(origin, "git rev-parse HEAD");
	tu_sh(f->tmp, NULL, "git clone -q --depth 1 file://%s one && "
	    "git clone -q --depth 2 file://%s two", origin, origin);

	s = open_ok(f, at(f, "one"), NULL, false);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	assert_true(shallow);
	assert_int_equal(n, 2);
	/* The boundary commit adds everything it holds. */
	x = hist(h, n, "a.md");
	check_sig(&x->created, "Ana Author", T3, 330, head);
	check_sig(&x->modified, "Ana Author", T3, 330, head);
	assert_true(x->cut);
	x = hist(h, n, "b.md");
	check_sig(&x->created, "Ana Author", T3, 330, head);
	assert_true(x->cut);
	gitsrc_free(s);

	s = open_ok(f, at(f, "two"), NULL, false);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	assert_true(shallow);
	x = hist(h, n, "a.md");
	check_sig(&x->created, "Ana Author", T2, 60, NULL);
	check_sig(&x->modified, "Ana Author", T3, 330, head);
	assert_true(x->cut);
	gitsrc_free(s);

	s = open_ok(f, origin, NULL, false);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	assert_false(shallow);
	x = hist(h, n, "b.md");
	check_sig(&x->created, "Ana Author", T2, 60, NULL);
	assert_false(x->cut);
	gitsrc_free(s);

	assert_int_equal(diags_count(f->d), 0);
	free(head);
	free(origin);
}

static void
test_gitsrc_dirty(void **state)
{
	struct fx	*f = *state;
	struct gitsrc	*s;
	char		*repo;
	size_t		 n = 99;

	make_site(f, "r");
	repo = xstrdup(at(f, "r"));
	tu_write(repo, ".gitignore", "public/\n");
	tu_git_commit(repo, D2, "Ignore");
	s = open_ok(f, repo, NULL, false);
	assert_int_equal(gitsrc_dirty_count(&n, s, NULL, f->d), 0);
	assert_int_equal(n, 0);

	tu_write(repo, "content/pages/about.md", "Changed\n");
	tu_write(repo, "content/posts/new.md", "New\n");
	tu_write(repo, "public/index.html", "ignored\n");
	assert_int_equal(gitsrc_dirty_count(&n, s, NULL, f->d), 0);
	assert_int_equal(n, 2);
	/* Each file of an untracked folder counts. */
	tu_write(repo, "drafts/x.md", "x\n");
	tu_write(repo, "drafts/y.md", "y\n");
	tu_sh(repo, NULL, "git rm -q site.yaml");
	assert_int_equal(gitsrc_dirty_count(&n, s, NULL, f->d), 0);
	assert_int_equal(n, 5);
	gitsrc_free(s);

	assert_int_equal(diags_count(f->d), 0);
	free(repo);
}

static void
test_gitsrc_worktree(void **state)
{
	struct fx		*f = *state;
	struct gitsrc		*s;
	struct gitsrc_hist	*h;
	struct buf		 want = BUF_INIT;
	char			*repo, *got;
	size_t			 n;
	bool			 shallow;

	make_site(f, "r");
	repo = xstrdup(at(f, "r"));
	tu_write(repo, "content/pages/about.md", "About us, uncommitted\n");
	tu_write(repo, "content/posts/new.md", "New\n");
	tu_write(repo, "empty.txt", "");

	s = open_ok(f, repo, NULL, true);
	assert_true(gitsrc_is_worktree(s));
	assert_string_equal(gitsrc_commit_id(s), "");
	assert_int_equal(gitsrc_commit_time(s), 0);

	hashed(&want, repo, "content/pages/about.md", 22, "-");
	hashed(&want, repo, "content/posts/2012/12/hours.md", 8, "-");
	hashed(&want, repo, "content/posts/new.md", 4, "-");
	hashed(&want, repo, "empty.txt", 0, "-");
	hashed(&want, repo, "site.yaml", 12, "-");
	hashed(&want, repo, "static/run.sh", 10, "x");
	got = listing(f, s, "");
	assert_string_equal(got, buf_cstr(&want));
	free(got);

	assert_string_equal(read_ok(f, s, "content/pages/about.md"),
	    "About us, uncommitted\n");
	assert_string_equal(read_ok(f, s, "content/posts/new.md"), "New\n");
	assert_string_equal(read_ok(f, s, "empty.txt"), "");
	assert_true(gitsrc_exists(s, "content/posts/new.md"));
	assert_false(gitsrc_exists(s, "content/posts"));
	assert_false(gitsrc_exists(s, ".git/HEAD"));

	/* History is HEAD's: files never committed have none. */
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	assert_int_equal(n, 4);
	assert_null(gitsrc_hist_find(h, n, "content/posts/new.md"));
	check_sig(&hist(h, n, "content/pages/about.md")->modified,
	    "Ana Author", T1, -480, NULL);
	gitsrc_free(s);

	assert_int_equal(diags_count(f->d), 0);
	buf_free(&want);
	free(repo);
}

static void
test_gitsrc_submodule(void **state)
{
	struct fx		*f = *state;
	struct gitsrc		*s;
	struct gitsrc_hist	*h;
	char			*repo, *got;
	size_t			 n;
	bool			 shallow;

	make_site(f, "r");
	repo = xstrdup(at(f, "r"));
	tu_sh(repo, D2, "git update-index --add --cacheinfo "
	    "160000,$(git rev-parse HEAD),themes/base && "
	    "git commit -q -m Theme");

	s = open_ok(f, repo, NULL, false);
	got = listing(f, s, "");
	assert_null(strstr(got, "themes"));
	free(got);
	got = tu_diags(f->d);
	assert_string_equal(got, "themes/base: note: submodule: skipped\n");
	free(got);
	assert_int_equal(gitsrc_history(&h, &n, &shallow, s, "", f->a, f->d),
	    0);
	assert_int_equal(n, 4);
	gitsrc_free(s);

	/* On disk, a folder holding .git is another repository. */
	tu_write(repo, "themes/base/.git", "gitdir: ../../elsewhere\n");
	tu_write(repo, "themes/base/layout.mustache", "x\n");
	diags_free(f->d);
	f->d = diags_new();
	s = open_ok(f, repo, NULL, true);
	got = listing(f, s, "themes");
	assert_string_equal(got, "");
	free(got);
	got = tu_diags(f->d);
	assert_string_equal(got, "themes/base: note: submodule: skipped\n");
	free(got);
	gitsrc_free(s);
	free(repo);
}

static void
test_gitsrc_symlink(void **state)
{
	struct fx	*f = *state;
	struct gitsrc	*s;
	struct buf	 want = BUF_INIT;
	char		*repo, *data, *got;
	size_t		 len;
	int		 wt;

	repo = new_repo(f, "r");
	tu_write(f->tmp, "outside/secret.txt", "secret\n");
	tu_write(repo, "site.yaml", "title: x\n");
	tu_sh(repo, NULL, "mkdir static && ln -s ../../outside static/out && "
	    "ln -s site.yaml alias.yaml");
	tu_git_commit(repo, D1, "Links");
	git_line(&want, repo, "HEAD", "", "alias.yaml", 9, "l");
	git_line(&want, repo, "HEAD", "", "site.yaml", 9, "-");
	git_line(&want, repo, "HEAD", "", "static/out", 13, "l");

	/* From the tree and from disk alike: a link is its target. */
	for (wt = 0; wt <= 1; wt++) {
		s = open_ok(f, repo, NULL, wt);
		got = listing(f, s, "");
		assert_string_equal(got, buf_cstr(&want));
		free(got);
		got = listing(f, s, "static/out");
		assert_string_equal(got, "");
		free(got);
		assert_string_equal(read_ok(f, s, "static/out"),
		    "../../outside");
		assert_string_equal(read_ok(f, s, "alias.yaml"), "site.yaml");
		assert_true(gitsrc_exists(s, "static/out"));
		assert_false(gitsrc_exists(s, "static/out/secret.txt"));
		assert_int_equal(gitsrc_read(&data, &len, s,
		    "static/out/secret.txt", f->a, f->d), -1);
		gitsrc_free(s);
	}
	got = tu_diags(f->d);
	assert_string_equal(got,
	    "static/out/secret.txt: error: no such file at ref \"HEAD\"\n"
	    "static/out/secret.txt: error: no such file\n");
	free(got);
	buf_free(&want);
	free(repo);
}

static void
test_gitsrc_config_author(void **state)
{
	struct fx	*f = *state;
	struct gitsrc	*s;
	char		*repo, *name, *email;

	make_site(f, "r");
	repo = xstrdup(at(f, "r"));
	s = open_ok(f, repo, NULL, false);
	assert_int_equal(gitsrc_config_author(&name, &email, s, f->a), 0);
	assert_string_equal(name, "Ana Author");
	assert_string_equal(email, "ana@example.com");
	gitsrc_free(s);
	free(repo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gitsrc_list_read_head,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_read_errors,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_ref_tag_commit,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_subfolder,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_bare,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_open_errors,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_unborn,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_history_dates,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_history_rename,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_history_minor,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_history_merge,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_history_shallow,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_dirty,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_worktree,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_history_since,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_submodule,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_symlink,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitsrc_config_author,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
