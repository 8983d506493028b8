/*
 * gitsrc: the site's files and their history, read from a git repository
 * at a ref with libgit2 (bare repositories included), or from the work
 * tree on disk.
 *
 * Paths handed in and out are relative to the site folder and use "/"
 * (for --site repo/docs, "content/x.md" is "docs/content/x.md" in the
 * repository).  Every file is identified by its git blob id, the key of
 * the incremental cache; work-tree files get the id git would give them.
 * A gitsrc is used by one thread at a time.
 */
#ifndef HERALDO_GITSRC_H
#define HERALDO_GITSRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct diags;
struct gitsrc;

struct gitsrc_file {
	const char	*path;		/* site-relative, e.g. "content/posts/a.md" */
	char		 id[41];	/* blob id, hex */
	size_t		 size;
	bool		 executable;
	bool		 symlink;	/* a link: its target is the content */
};

/* One commit's author, as history tells it. */
struct gitsrc_sig {
	const char	*name;
	const char	*email;
	int64_t		 time;		/* seconds since the epoch, UTC */
	int		 offset;	/* author's UTC offset, minutes */
	char		 commit[41];
};

/*
 * A rename alone (same content and mode) is not a change; a merge that
 * takes a file as it is from a parent other than the first is not one
 * either (the parent's own commit is).  The strings are in the arena
 * given to gitsrc_history.
 */
struct gitsrc_hist {
	const char		*path;		/* site-relative, current name */
	struct gitsrc_sig	 created;	/* commit that added it (renames followed) */
	struct gitsrc_sig	 modified;	/* last commit that changed it */
	/*
	 * Last change whose message lacks the trailer "Heraldo-Minor: true"
	 * ("created" if every change has it).
	 */
	struct gitsrc_sig	 significant;
	bool			 cut;	/* "created" is the shallow boundary's commit */
};

/*
 * Open the repository that contains "site_dir" (a work tree, a folder
 * inside one, a bare repository, or a path inside a bare repository's
 * tree such as "repo.git/docs").  Unless "worktree", resolve "ref" (a
 * branch, tag or commit id, or any git revision such as HEAD~1; NULL
 * means HEAD) to a commit and its tree.  In work-tree mode files come
 * from disk, symbolic links are reported and never followed, and only
 * ".git" (and folders holding one) is skipped; a bare repository is then
 * an error.  Returns 0 and *out, or -1 after recording why (no
 * repository, unknown ref, site folder missing from the tree).
 */
int	gitsrc_open(struct gitsrc **out, const char *site_dir,
	    const char *ref, bool worktree, struct diags *d);
void	gitsrc_free(struct gitsrc *);

/* Whether the site is read from disk rather than from a commit. */
bool	gitsrc_is_worktree(const struct gitsrc *);

/* The resolved commit's id (hex) and its committer time; "" / 0 on disk. */
const char *gitsrc_commit_id(const struct gitsrc *);
int64_t	gitsrc_commit_time(const struct gitsrc *);

/*
 * Every file at or below site-relative folder "dir" ("" for the whole
 * site), recursively, sorted by path (bytewise); none if "dir" does not
 * exist.  Submodules are skipped with a note.  Arrays and strings are
 * allocated in "a".
 */
int	gitsrc_list(struct gitsrc_file **out, size_t *n, struct gitsrc *,
	    const char *dir, struct arena *a, struct diags *d);

/*
 * The same without sizes (0 in git mode), which cost an object header
 * read each: for large folders read file by file, with gitsrc_size.
 * *skipped (when not NULL) counts the submodules skipped.
 */
int	gitsrc_list_names(struct gitsrc_file **out, size_t *n,
	    struct gitsrc *, const char *dir, size_t *skipped,
	    struct arena *a, struct diags *d);

/* The size of a listed file.  Returns 0, or -1 after recording why. */
int	gitsrc_size(size_t *size, struct gitsrc *, const struct gitsrc_file *,
	    struct diags *d);

/*
 * From now on, read each file once: keep at most 8 MiB of packs mapped
 * (the history walk goes back and forth through them and keeps them
 * all; reading every post once through whole mapped packs would leave
 * them resident, memory for nothing).  Process-wide.
 */
void	gitsrc_stream(void);

/* Whether a site-relative file exists (a blob, not a folder). */
bool	gitsrc_exists(struct gitsrc *, const char *path);

/*
 * Read a site-relative file into "a", NUL-terminated (len excludes the
 * NUL).  Returns 0, or -1 after recording an error on "path".
 */
int	gitsrc_read(char **data, size_t *len, struct gitsrc *,
	    const char *path, struct arena *a, struct diags *d);

/*
 * gitsrc_read for a file that gitsrc_list returned (from this or another
 * gitsrc of the same repository and ref): looked up by its blob id.
 */
int	gitsrc_read_file(char **data, size_t *len, struct gitsrc *,
	    const struct gitsrc_file *f, struct arena *a, struct diags *d);

/*
 * History of every file at or below "dir", in ONE walk from the resolved
 * commit (HEAD in work-tree mode), following renames that libgit2's diff
 * finds.  Files never committed are absent (all of them while HEAD is
 * unborn); a file deleted and added back keeps its first creation.
 * Sorted by path.  If the repository is shallow, *shallow is set and
 * entries whose "created" is the boundary commit have "cut" set.
 */
int	gitsrc_history(struct gitsrc_hist **out, size_t *n, bool *shallow,
	    struct gitsrc *, const char *dir, struct arena *a,
	    struct diags *d);

/*
 * gitsrc_history, given what it said at commit "old_commit" (a hex id;
 * "old" holds nold entries, whose strings must outlive the result): the
 * same when the resolved commit is that one, brought up to date when its
 * only parent is that one and it only adds and modifies files under
 * "dir" (a post committed, or edited), else the whole walk.  Then *ch
 * (when not NULL) says what the commit changed, if that is known.
 */
struct gitsrc_changes {
	bool			 known;	/* the same commit, or one step */
	struct gitsrc_file	*v;	/* added or modified, sorted by path */
	size_t			 n;
};

int	gitsrc_history_since(struct gitsrc_hist **out, size_t *n,
	    bool *shallow, struct gitsrc_changes *ch, struct gitsrc *,
	    const char *dir, const struct gitsrc_hist *old, size_t nold,
	    const char *old_commit, struct arena *a, struct diags *d);

/* Binary search in a sorted history array; NULL when absent. */
const struct gitsrc_hist *gitsrc_hist_find(const struct gitsrc_hist *,
	    size_t n, const char *path);

/*
 * Number of files under the site that differ from HEAD in the work tree
 * (modified, added, deleted, untracked and not ignored).  "parts", when
 * not NULL, is a NULL-terminated list of the site's files and folders
 * to look in ("site.yaml", "content"); NULL looks at the whole site.  0
 * for a bare repository.
 */
int	gitsrc_dirty_count(size_t *n, struct gitsrc *,
	    const char *const *parts, struct diags *d);

/*
 * For `heraldo init`: make "dir" a git repository (branch main) whose
 * first commit, "message", holds "files" (NULL-terminated, relative to
 * dir), unless dir is already inside a repository: then nothing is done
 * and *top is that repository's work tree (malloc'd, or NULL).  The
 * author is GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL, else git config's
 * user, else the login name.  Returns 1 when it committed, 0 when dir
 * was in a repository, -1 after recording an error.
 */
int	gitsrc_init_site(char **top, const char *dir,
	    const char *const *files, const char *message, struct diags *d);

/*
 * The user's name and email from git config (for `heraldo new`), copied
 * into "a"; each is NULL when config does not set it.  Returns 0.
 */
int	gitsrc_config_author(char **name, char **email, struct gitsrc *,
	    struct arena *a);

#endif /* !HERALDO_GITSRC_H */
