/*
 * gitwrite: see gitwrite.h.
 */
#define _XOPEN_SOURCE 700	/* realpath */

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "diag.h"
#include "gitwrite.h"
#include "util.h"

struct gitwrite {
	git_repository	*repo;
	git_index	*idx;		/* written once, at the end */
	char		*prefix;	/* "dir" in the work tree */
	unsigned	 commits;
};

static int
git_fail(struct diags *d, const char *what)
{
	const git_error	*e = git_error_last();

	return diag_error(d, "", 0, 0, "%s: %s", what,
	    e != NULL && e->message != NULL ? e->message : "unknown error");
}

int
gitwrite_open(struct gitwrite **out, bool *created, const char *dir,
    struct diags *d)
{
	git_repository_init_options	 o;
	struct gitwrite			*g;
	const char			*wd;
	char				 real[PATH_MAX], realwd[PATH_MAX];
	size_t				 n;

	*out = NULL;
	*created = false;
	git_libgit2_init();
	/*
	 * Each commit's trees are written once and not read again: caching
	 * them made memory grow with the number of posts.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	g = xcalloc(1, sizeof(*g));
	if (git_repository_open_ext(&g->repo, dir, 0, NULL) < 0) {
		git_repository_init_options_init(&o,
		    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
		o.flags = GIT_REPOSITORY_INIT_MKPATH;
		o.initial_head = "main";
		if (git_repository_init_ext(&g->repo, dir, &o) < 0) {
			gitwrite_free(g);
			return git_fail(d, "cannot make a git repository");
		}
		*created = true;
	}
	if ((wd = git_repository_workdir(g->repo)) == NULL) {
		gitwrite_free(g);
		return diag_error(d, dir, 0, 0, "the repository is bare: "
		    "import into a folder of a clone");
	}
	if (realpath(dir, real) == NULL || realpath(wd, realwd) == NULL) {
		gitwrite_free(g);
		return diag_error(d, dir, 0, 0, "cannot resolve the path");
	}
	n = strlen(realwd);
	if (strncmp(real, realwd, n) != 0) {
		gitwrite_free(g);
		return diag_error(d, dir, 0, 0, "not inside the repository's "
		    "work tree %s", realwd);
	}
	g->prefix = real[n] == '\0' ? xstrdup("") :
	    xstrdup(real + n + (real[n] == '/'));
	if (g->prefix[0] != '\0') {
		char	*p = xmalloc(strlen(g->prefix) + 2);

		strcpy(p, g->prefix);
		strcat(p, "/");
		free(g->prefix);
		g->prefix = p;
	}
	*out = g;
	return 0;
}

int
gitwrite_close(struct gitwrite *g, struct diags *d)
{
	int	 rc = 0;

	if (g->idx != NULL && git_index_write(g->idx) < 0)
		rc = git_fail(d, "cannot write the git index");
	return rc;
}

void
gitwrite_free(struct gitwrite *g)
{
	if (g == NULL)
		return;
	git_index_free(g->idx);
	git_repository_free(g->repo);
	free(g->prefix);
	free(g);
	git_libgit2_shutdown();
}

unsigned
gitwrite_commits(const struct gitwrite *g)
{
	return g->commits;
}

int
gitwrite_commit(struct gitwrite *g, const char *const *paths, size_t npaths,
    const char *name, const char *email, int64_t when, int offset,
    const char *message, struct diags *d)
{
	git_index	*idx = NULL;
	git_tree	*tree = NULL;
	git_commit	*parent = NULL;
	git_signature	*sig = NULL;
	git_oid		 tree_id, head_id, id;
	struct buf	 path = BUF_INIT;
	size_t		 i;
	int		 rc = -1;

	if (g->idx == NULL && git_repository_index(&g->idx, g->repo) < 0) {
		git_fail(d, "cannot read the git index");
		goto out;
	}
	idx = g->idx;
	for (i = 0; i < npaths; i++) {
		buf_reset(&path);
		buf_printf(&path, "%s%s", g->prefix, paths[i]);
		if (git_index_add_bypath(idx, buf_cstr(&path)) < 0) {
			git_fail(d, buf_cstr(&path));
			goto out;
		}
	}
	/*
	 * The index file is written once, by gitwrite_close: rewriting it
	 * for each of 10,000 posts made an import quadratic.
	 */
	if (git_index_write_tree(&tree_id, idx) < 0) {
		git_fail(d, "cannot write the git index");
		goto out;
	}
	if (git_reference_name_to_id(&head_id, g->repo, "HEAD") == 0) {
		if (git_commit_lookup(&parent, g->repo, &head_id) < 0) {
			git_fail(d, "cannot read HEAD");
			goto out;
		}
		if (git_oid_equal(git_commit_tree_id(parent), &tree_id)) {
			rc = 0;		/* nothing changed */
			goto out;
		}
	}
	if (git_tree_lookup(&tree, g->repo, &tree_id) < 0) {
		git_fail(d, "cannot read the new tree");
		goto out;
	}
	/* No name: the user's own identity, now; else a stand-in. */
	if (name == NULL && git_signature_default(&sig, g->repo) == 0)
		;
	else if (git_signature_new(&sig, name != NULL && *name != '\0' ?
	    name : name == NULL ? "heraldo import" : "unknown",
	    email != NULL ? email : "", (git_time_t)when, offset) < 0) {
		git_fail(d, "cannot make the commit's author");
		goto out;
	}
	if (git_commit_create(&id, g->repo, "HEAD", sig, sig, "UTF-8",
	    message, tree, parent != NULL ? 1 : 0,
	    (const git_commit **)&parent) < 0) {
		git_fail(d, "cannot commit");
		goto out;
	}
	g->commits++;
	rc = 0;
out:
	buf_free(&path);
	git_signature_free(sig);
	git_commit_free(parent);
	git_tree_free(tree);
	return rc;
}
