/*
 * output: the build's output tree, written into a staging folder beside
 * the target and swapped in whole at the end, so that a failed or killed
 * build leaves the previous output as it was.
 *
 * The staging folder is ".NAME.heraldo-XXXXXX" in the target's parent;
 * leftovers of killed builds are removed by the next output_begin.  Files
 * whose bytes equal the previous output's are hard-linked from it instead
 * of written again, so their mtime stays and no new data is written.
 * Writes are safe from several threads at once; the first failure is kept
 * (a sticky error) and reported by output_commit.
 */
#ifndef HERALDO_OUTPUT_H
#define HERALDO_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

struct diags;
struct output;

/*
 * Prepare to build "dir".  Refuses "/", the home folder and the folders
 * in "forbidden" (NULL-terminated: the site and repository roots), and
 * anything that contains them.  Returns 0 and *out, or -1 after recording
 * an error.
 */
int	output_begin(struct output **out, const char *dir,
	    const char *const *forbidden, struct diags *d);

/*
 * Write data[0..len) to the output-relative path "rel" (folders are made
 * as needed).  "rel" must be clean (see url_output_path).
 */
void	output_write(struct output *, const char *rel, const void *data,
	    size_t len);

/*
 * Swap the staging tree into place and remove the previous tree.
 * Returns 0, or -1 after recording the first write error (the staging
 * tree is then removed and the previous output stays).
 */
int	output_commit(struct output *, struct diags *d);

/* Drop the staging tree (after content errors); NULL-safe. */
void	output_abort(struct output *);

/*
 * Remove the tree at "path" without following symbolic links (a
 * staging folder, or a private output such as serve's); errors are
 * ignored, like rm -rf.
 */
void	output_rmtree(const char *path);

/* Files written and files linked unchanged, for reports. */
size_t	output_written(const struct output *);
size_t	output_linked(const struct output *);

#endif /* !HERALDO_OUTPUT_H */
