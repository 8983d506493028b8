/*
 * gitwrite: commits made by `heraldo import` with libgit2: the site's
 * repository found (or made, on branch main), and files committed with
 * the author and the instant they were first written, so that history
 * tells the dates the posts have, not the day of the move.
 *
 * Reading stays in gitsrc; this is the one other file that includes
 * <git2.h>, because it writes.
 */
#ifndef HERALDO_GITWRITE_H
#define HERALDO_GITWRITE_H

#include <stdbool.h>
#include <stdint.h>

struct diags;
struct gitwrite;

/*
 * Open the repository that holds folder "dir" (which exists), or make
 * "dir" one.  *created tells which.  Returns 0, or -1 after recording an
 * error.
 */
int	gitwrite_open(struct gitwrite **out, bool *created, const char *dir,
	    struct diags *d);
void	gitwrite_free(struct gitwrite *);

/*
 * Write the index to disk, so that the work tree shows clean.  Call
 * once after the last commit.  Returns 0, or -1 after recording an error.
 */
int	gitwrite_close(struct gitwrite *, struct diags *d);

/*
 * Stage the files "paths" (relative to "dir" given to gitwrite_open) and
 * commit them on HEAD, authored and committed by name <email> at "when"
 * (seconds since the epoch) with UTC offset "offset" minutes; a NULL
 * name means the user's git identity at the present time.  Nothing
 * is committed when the staged tree equals HEAD's.  Returns 0, or -1
 * after recording an error.
 */
int	gitwrite_commit(struct gitwrite *, const char *const *paths,
	    size_t npaths, const char *name, const char *email, int64_t when,
	    int offset, const char *message, struct diags *d);

/* Commits made so far. */
unsigned	gitwrite_commits(const struct gitwrite *);

#endif /* !HERALDO_GITWRITE_H */
