/*
 * Unit tests for gitstatus: index files written by git itself, parsed
 * whole and broken on purpose; the count of uncommitted changes checked
 * against `git status --porcelain -uall` in real repositories.
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
#include <unistd.h>
#include <cmocka.h>

#include <git2.h>

#include "buf.h"
#include "gitstatus.h"
#include "testutil.h"
#include "util.h"

#define D1	"2012-12-19T12:56:00-08:00"

struct fx {
	char		*tmp;		/* realpath of a fresh folder */
	struct buf	 b;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));
	char		*t = tu_tmpdir();

	git_libgit2_init();
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
	free(f);
	git_libgit2_shutdown();
	return 0;
}

static const char *
at(struct fx *f, const char *rel)
{
	buf_reset(&f->b);
	buf_printf(&f->b, "%s/%s", f->tmp, rel);
	return buf_cstr(&f->b);
}

/* The whole of a file, malloc'd. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "rb");
	char	*data;
	long	 n;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	data = xmalloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return data;
}

/* A repository "r" of a few files in folders, committed. */
static char *
make_repo(struct fx *f)
{
	char	*repo = xstrdup(at(f, "r"));

	mkdir(repo, 0755);
	tu_git_init(repo);
	tu_write(repo, ".gitignore", "public/\n*.tmp\n");
	tu_write(repo, "site.yaml", "title: T\n");
	tu_write(repo, "content/posts/a.md", "A\n");
	tu_write(repo, "content/posts/b.md", "B\n");
	tu_write(repo, "content/pages/about.md", "About\n");
	tu_write(repo, "other/x.txt", "x\n");
	tu_git_commit(repo, D1, "First");
	return repo;
}

/* How many changes `git status` lists under prefix ("" for all). */
static size_t
git_count(const char *repo, const char *prefix)
{
	char	 cmd[1024];
	FILE	*fp;
	size_t	 n = 0;
	int	 c;

	snprintf(cmd, sizeof(cmd), "cd '%s' && git status --porcelain "
	    "-uall --ignore-submodules=all -- %s%s | wc -l", repo,
	    *prefix != '\0' ? prefix : ".", *prefix != '\0' ? "/" : "");
	fp = popen(cmd, "r");
	assert_non_null(fp);
	while ((c = fgetc(fp)) >= '0' && c <= '9')
		n = n * 10 + (size_t)(c - '0');
	pclose(fp);
	return n;
}

/* gitstatus_count's answer for repo, opened for it. */
static int
count(const char *repo, const char *prefix, size_t *n)
{
	git_repository	*r = NULL;
	int		 rc;

	assert_int_equal(git_repository_open(&r, repo), 0);
	rc = gitstatus_count(n, r, prefix, NULL);
	git_repository_free(r);
	return rc;
}

/* gitstatus_count answers, and as git does. */
static void
same_as_git(const char *repo, const char *prefix)
{
	size_t	 n = 99;

	assert_int_equal(count(repo, prefix, &n), 0);
	assert_int_equal(n, git_count(repo, prefix));
}

/* gitstatus_count leaves the answer to libgit2. */
static void
cannot_tell(const char *repo)
{
	size_t	 n = 99;

	assert_int_equal(count(repo, "", &n), -1);
}

static void
test_gitindex_parse(void **state)
{
	struct fx	*f = *state;
	struct gitindex	 ix;
	char		*repo = make_repo(f), *data, path[4096];
	size_t		 len, i;

	snprintf(path, sizeof(path), "%s/.git/index", repo);
	data = slurp(path, &len);
	assert_int_equal(gitindex_parse(&ix, data, len), 0);
	assert_int_equal(ix.n, 6);
	assert_string_equal(ix.v[0].path, ".gitignore");
	assert_string_equal(ix.v[1].path, "content/pages/about.md");
	assert_string_equal(ix.v[5].path, "site.yaml");
	assert_int_equal(ix.v[1].size, 6);
	assert_int_equal(ix.v[1].mode, 0100644);
	assert_true(ix.tree_valid);
	gitindex_free(&ix);

	/* Cut anywhere, it is refused or whole, never read past. */
	for (i = 0; i < len; i++) {
		char *cut = xmalloc(i + 1);

		memcpy(cut, data, i);
		if (gitindex_parse(&ix, cut, i) == 0)
			assert_true(ix.n <= 6);
		gitindex_free(&ix);
		free(cut);
	}
	free(data);
	free(repo);
}

/* An index of one entry, "a", built by hand; flags and version given. */
static size_t
tiny_index(unsigned char *p, uint32_t version, uint16_t flags,
    const char *ext, size_t extlen)
{
	size_t	 off = 12, n;

	memset(p, 0, 512);
	memcpy(p, "DIRC", 4);
	p[7] = (unsigned char)version;
	p[11] = 1;
	p[off + 26] = 0x81;	/* mode 0100644 */
	p[off + 27] = 0xa4;
	p[off + 60] = (unsigned char)(flags >> 8);
	p[off + 61] = (unsigned char)flags;
	n = 62;
	if (flags & 0x4000)
		n += 2;
	p[off + n] = 'a';
	off += (n + 1 + 8) & ~(size_t)7;
	memcpy(p + off, ext, extlen);
	return off + extlen + 20;
}

/* Index files refused: tiny_index's arguments, then one byte changed. */
static const struct refused {
	const char	*what;
	uint32_t	 version;
	uint16_t	 flags;
	const char	*ext;
	size_t		 extlen;
	size_t		 at;		/* 0: nothing changed */
	unsigned char	 byte;
} refused[] = {
	{ "a required extension", 2, 1, "link\0\0\0\x02xx", 10, 0, 0 },
	{ "a sparse index", 2, 1, "sdir\0\0\0\0", 8, 0, 0 },
	{ "an extension past the end", 2, 1, "REUC\0\0\x10\0xx", 10, 0, 0 },
	{ "a tail too short for an extension", 2, 1, "REU", 3, 0, 0 },
	{ "version 4", 4, 1, "", 0, 0, 0 },
	{ "a conflict", 2, 0x1001, "", 0, 0, 0 },
	{ "extended flags in version 2", 2, 0x4001, "", 0, 0, 0 },
	{ "skip-worktree", 3, 0x4001, "", 0, 12 + 62, 0x40 },
	{ "intent-to-add", 3, 0x4001, "", 0, 12 + 62, 0x20 },
	{ "a name length that disagrees", 2, 2, "", 0, 0, 0 },
	{ "padding that is not NUL", 3, 0x4001, "", 0, 12 + 64 + 3, 'x' },
	{ "more entries than the file holds", 2, 1, "", 0, 8, 0x7f },
	{ "a bad signature", 2, 1, "", 0, 0 + 1, 'X' },
};

static void
test_gitindex_malformed(void **state)
{
	unsigned char	 p[512];
	struct gitindex	 ix;
	size_t		 len, i;

	(void)state;
	len = tiny_index(p, 2, 1, "", 0);
	assert_int_equal(gitindex_parse(&ix, p, len), 0);
	assert_int_equal(ix.n, 1);
	assert_string_equal(ix.v[0].path, "a");
	assert_false(ix.tree_valid);
	gitindex_free(&ix);

	/* A tree cache, valid, then invalidated (-1 entries). */
	len = tiny_index(p, 2, 1, "TREE\0\0\0\x19\0" "1 0\n"
	    "0123456789abcdefghij", 33);
	assert_int_equal(gitindex_parse(&ix, p, len), 0);
	assert_true(ix.tree_valid);
	assert_memory_equal(ix.tree, "0123456789abcdefghij", 20);
	gitindex_free(&ix);
	len = tiny_index(p, 2, 1, "TREE\0\0\0\x06\0-1 0\n", 14);
	assert_int_equal(gitindex_parse(&ix, p, len), 0);
	assert_false(ix.tree_valid);
	gitindex_free(&ix);
	/* An optional extension is skipped. */
	len = tiny_index(p, 2, 1, "REUC\0\0\0\x02xx", 10);
	assert_int_equal(gitindex_parse(&ix, p, len), 0);
	gitindex_free(&ix);
	/* Version 3 may have extended flags. */
	len = tiny_index(p, 3, 0x4001, "", 0);
	assert_int_equal(gitindex_parse(&ix, p, len), 0);
	gitindex_free(&ix);

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		const struct refused *r = &refused[i];

		len = tiny_index(p, r->version, r->flags, r->ext, r->extlen);
		if (r->at != 0)
			p[r->at] = r->byte;
		if (gitindex_parse(&ix, p, len) != -1)
			fail_msg("not refused: %s", r->what);
		assert_null(ix.v);
		assert_int_equal(ix.n, 0);
	}
}

static void
test_gitstatus_changes(void **state)
{
	struct fx	*f = *state;
	char		*repo = make_repo(f);

	same_as_git(repo, "");
	same_as_git(repo, "content");

	/* Same size, new content: stat data differ, the hash decides. */
	tu_write(repo, "content/posts/a.md", "Z\n");
	same_as_git(repo, "");
	/* Content back as committed: touched but unchanged. */
	tu_write(repo, "content/posts/a.md", "A\n");
	same_as_git(repo, "");
	/* Another size; gone; executable; new files, ignored ones. */
	tu_write(repo, "content/posts/a.md", "Longer\n");
	tu_sh(repo, NULL, "rm content/posts/b.md");
	tu_sh(repo, NULL, "chmod +x site.yaml");
	tu_write(repo, "content/posts/new.md", "New\n");
	tu_write(repo, "content/scratch.tmp", "ignored\n");
	tu_write(repo, "public/index.html", "ignored\n");
	/* An untracked folder: each file counts. */
	tu_write(repo, "content/drafts/one/x.md", "x\n");
	tu_write(repo, "content/drafts/y.md", "y\n");
	tu_write(repo, "other/y.txt", "y\n");
	same_as_git(repo, "");
	same_as_git(repo, "content");
	same_as_git(repo, "other");
	/* A whole tracked folder gone. */
	tu_sh(repo, NULL, "rm -r content/pages");
	same_as_git(repo, "");
	same_as_git(repo, "content");
	/* A symlink, tracked. */
	tu_sh(repo, NULL, "git checkout -q -- . && ln -s site.yaml link && "
	    "git add link && git commit -q -m link");
	same_as_git(repo, "");
	tu_sh(repo, NULL, "rm link && ln -s other link");
	same_as_git(repo, "");
	free(repo);
}

/* Only the parts a build reads count: not the output, its cache, others. */
static void
test_gitstatus_parts(void **state)
{
	static const char *const parts[] = {
		"site.yaml", "content", "layouts", "static", "i18n", NULL
	};
	struct fx	*f = *state;
	git_repository	*r = NULL;
	char		*repo = make_repo(f), path[4096];
	size_t		 n = 99;

	tu_write(repo, "public/index.html", "<p>out</p>\n");
	tu_write(repo, ".public.heraldo-cache/state", "x\n");
	tu_write(repo, "other/y.txt", "y\n");
	tu_write(repo, "notes.txt", "n\n");
	tu_write(repo, "content/posts/x.tmp", "ignored\n");
	assert_int_equal(git_repository_open(&r, repo), 0);
	assert_int_equal(gitstatus_count(&n, r, "", parts), 0);
	assert_int_equal(n, 0);

	tu_write(repo, "site.yaml", "title: Changed\n");
	tu_write(repo, "content/posts/c.md", "C\n");
	tu_write(repo, "layouts/post.html", "{{title}}\n");
	snprintf(path, sizeof(path), "%s/content/posts/a.md", repo);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(gitstatus_count(&n, r, "", parts), 0);
	assert_int_equal(n, 4);

	/* A site.yaml that is gone is one change. */
	snprintf(path, sizeof(path), "%s/site.yaml", repo);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(gitstatus_count(&n, r, "", parts), 0);
	assert_int_equal(n, 4);
	git_repository_free(r);
	free(repo);
}

static void
test_gitstatus_cannot_tell(void **state)
{
	struct fx	*f = *state;
	char		*repo = make_repo(f);

	/* Something staged: the tree cache no longer matches HEAD. */
	tu_write(repo, "content/posts/a.md", "Staged\n");
	tu_sh(repo, NULL, "git add content/posts/a.md");
	cannot_tell(repo);
	tu_sh(repo, NULL, "git commit -q -m staged");
	same_as_git(repo, "");

	/* A nested repository. */
	tu_sh(repo, NULL, "mkdir -p content/nested && cd content/nested && "
	    "git init -q");
	cannot_tell(repo);
	tu_sh(repo, NULL, "rm -rf content/nested");

	/* A sparse checkout marks entries skip-worktree. */
	tu_sh(repo, NULL, "git update-index --skip-worktree site.yaml");
	cannot_tell(repo);
	tu_sh(repo, NULL, "git update-index --no-skip-worktree site.yaml");

	/* No commit yet. */
	tu_sh(repo, NULL, "git init -q ../fresh && cd ../fresh && "
	    "echo x > a && git add a");
	cannot_tell(at(f, "fresh"));
	free(repo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gitindex_parse, setup,
		    teardown),
		cmocka_unit_test(test_gitindex_malformed),
		cmocka_unit_test_setup_teardown(test_gitstatus_changes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitstatus_parts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gitstatus_cannot_tell,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
