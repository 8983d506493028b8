/*
 * gitstatus: how many uncommitted changes a work tree holds under a
 * folder, counted as `git status --untracked-files=all` lists them, from
 * git's index file and one stat per tracked file.
 *
 * libgit2's status reads and checks the whole index into its own tables,
 * diffs HEAD's trees against it and walks the work tree through its
 * iterators: some 70 ms for a site of 10,000 files, on every build.
 * This module answers the common case (an index whose tree cache says it
 * matches HEAD, no conflicts, no sparse or split index) in about half of
 * that, most of it the stats; for any other it says it cannot, and the
 * caller asks libgit2.
 */
#ifndef HERALDO_GITSTATUS_H
#define HERALDO_GITSTATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <git2.h>

/* One entry of an index file (version 2 or 3), its path borrowed. */
struct gitindex_entry {
	const char	*path;		/* NUL-terminated in the file */
	uint32_t	 ctime_s, ctime_ns, mtime_s, mtime_ns;
	uint32_t	 ino, mode, uid, gid, size;
	unsigned char	 oid[20];
};

struct gitindex {
	struct gitindex_entry	*v;	/* sorted by path, owned */
	size_t			 n;
	unsigned char		 tree[20];	/* the tree cache's root */
	bool			 tree_valid;
};

/*
 * Parse an index file's bytes, which must outlive ix.  -1 when they are
 * malformed or hold what this module does not handle (version 4,
 * conflicts, skip-worktree or intent-to-add entries, a required
 * extension such as a split or sparse index); then ix is empty.
 */
int	gitindex_parse(struct gitindex *ix, const void *data, size_t len);
void	gitindex_free(struct gitindex *ix);

/*
 * The changes under "prefix" ("" or a folder, no trailing "/") of the
 * work tree of repo into *n: 0, or -1 when the index cannot answer and
 * libgit2's status must.  "parts", when not NULL, is a NULL-terminated
 * list of files and folders under prefix ("site.yaml", "content"): only
 * changes there count.  Ignored files and submodules are left out.
 */
int	gitstatus_count(size_t *n, git_repository *repo, const char *prefix,
	    const char *const *parts);

#endif
