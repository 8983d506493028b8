/*
 * output: the build's output tree, written into a staging folder beside
 * the target and swapped in whole at the end, so that a failed or killed
 * build leaves the previous output as it was.
 *
 * The staging folder is ".NAME.heraldo-XXXXXX" in the target's parent;
 * leftovers of killed builds are removed by the next output_begin.  Files
 * whose bytes equal the previous output's are hard-linked from it instead
 * of written again, so their mtime stays and no new data is written.
 *
 * With a build cache (cache.h), the previous tree is not removed but kept
 * as the spare tree, and the next build stages into it: it holds the
 * output before the current one, so only the files that changed in the
 * last two builds are touched (a file that is the same in both trees is
 * one file, linked).  Manifests say what each tree holds.
 *
 * Writes are safe from several threads at once; the first failure is kept
 * (a sticky error) and reported by output_commit.
 */
#ifndef HERALDO_OUTPUT_H
#define HERALDO_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hash.h"

struct arena;
struct buf;
struct diags;
struct output;
struct spare_check;

/*
 * What a file looked like when a build left it: its size, modification
 * time (nanoseconds) and inode.  A file edited by hand since, in the
 * output or in the spare tree, no longer matches, and is made again.
 */
struct out_stamp {
	uint64_t	 size, mtime, ino;
};

/*
 * What one file of an output tree holds: the digest of its bytes, the
 * key of what it was made from (zero when not known), by which a later
 * build can tell it need not make the file again, and its stamp.
 */
struct out_entry {
	const char	*rel;
	struct hkey	 content;
	struct hkey	 job;
	struct out_stamp stamp;
};

/*
 * Which folder a tree is: its inode and birth time (zero where the file
 * system keeps none).  The cache's state names the trees it describes;
 * a tree that is not the one named (a build killed between its state
 * and its swap, another program's folder) is not trusted.
 */
struct out_tree_id {
	uint64_t	 ino, btime;
};

/*
 * Every file of a tree, sorted by path.  A manifest output_commit made
 * owns "v" and "names" (its paths, some borrowed from the live manifest
 * given to output_begin, which must outlive it).
 */
struct out_manifest {
	struct out_entry	*v;
	size_t			 n;
	struct arena		*names;
};

/*
 * The build cache's view of the trees (cache.h): its folder, what the
 * current output holds ("live"), and what the spare tree holds ("prev":
 * the output before it), each empty when not known.
 */
struct output_cache {
	const char		*dir;
	struct out_manifest	 live, prev;
	struct spare_check	*check;		/* output_check_spare's */
};

/*
 * Which of the files the spare tree's manifest "prev" names the spare
 * tree in cache folder "dir" holds (a file removed by hand from an
 * output is still in its manifest), for output_begin (oc->check); NULL
 * when there is nothing to check.  Also the lookup tables of "live" and
 * "prev", which output_begin takes over.  A stat per file or a read per
 * folder: a build runs it on a thread of its own while it reads the
 * site.  Free it once the output is committed or aborted.
 */
struct spare_check *output_check_spare(const char *dir,
	    const struct out_manifest *live, const struct out_manifest *prev);
void	output_check_free(struct spare_check *);

/* The cache folder of output "dir": ".NAME.heraldo-cache" beside it. */
char	*output_cache_dir(const char *dir);

/*
 * Which folder "path" is, without following a symbolic link at its end;
 * false when it is not a folder.
 */
bool	output_tree_id(struct out_tree_id *, const char *path);
bool	output_tree_id_eq(struct out_tree_id, struct out_tree_id);

/*
 * One build per output folder: an advisory lock (flock) on
 * ".NAME.heraldo-lock" beside output "dir", which holds the owner's pid.
 * The kernel releases it when its holder exits or is killed (the file
 * then stays, and the next build takes it).  With "wait", a lock held by
 * another process is waited for, after saying so on stderr; without, the
 * call fails at once and sets *busy.  Returns the lock, or NULL after
 * recording an error.  output_unlock removes the file and releases it
 * (NULL-safe).
 */
struct out_lock;
struct out_lock	*output_lock(const char *dir, bool wait, bool *busy,
		    struct diags *d);
void		 output_unlock(struct out_lock *);

/*
 * The checks output_begin makes of "dir" (and "forbidden") before it
 * touches anything: a build makes them first too, so that an output it
 * could not write is reported before the site is read.  Returns 0, or
 * -1 after recording why not.
 */
int	output_check(const char *dir, const char *const *forbidden,
	    struct diags *d);

/*
 * Prepare to build "dir".  Refuses "/", the home folder and the folders
 * in "forbidden" (NULL-terminated: the site and repository roots), and
 * anything that contains them.  Returns 0 and *out, or -1 after recording
 * an error.
 */
int	output_begin(struct output **out, const char *dir,
	    const char *const *forbidden, const struct output_cache *oc,
	    struct diags *d);

/*
 * Write data[0..len) to the output-relative path "rel" (folders are made
 * as needed).  "rel" must be clean (see url_output_path).
 */
void	output_write(struct output *, const char *rel, const void *data,
	    size_t len);

/* The same, for a page made from what "job" digests. */
void	output_write_job(struct output *, const char *rel, struct hkey job,
	    const void *data, size_t len);

/*
 * Whether the current output's "rel" was made from what "job" digests,
 * or "alt" (zero: none; a page has two keys, render.c), and is there:
 * then output_keep takes it as it is, and nothing need be made.  Safe
 * from several threads at once for different files.
 */
bool	output_unchanged(struct output *, const char *rel, struct hkey job,
	    struct hkey alt);
void	output_keep(struct output *, const char *rel);

/*
 * Whether this build has written (or kept) "rel" so far.  For checks
 * made once every file is written: the first call after a write sorts
 * what was written.
 */
bool	output_has(struct output *, const char *rel);

/*
 * Append to "b" the bytes of the current output's "rel", when the file
 * is there and holds what the manifest says it does (not a file edited
 * by hand).  Safe from several threads at once.
 */
bool	output_read_live(struct output *, const char *rel, struct buf *b);

/*
 * Finish the staging tree, before the swap: returns 0 and what the new
 * tree holds in *made (free with output_manifest_free), which trees the
 * output and the spare tree will be once output_commit has swapped
 * (*live, *spare: zero when no spare tree is kept), so that the cache's
 * state can be written first; or -1 after recording every write error
 * and every output path claimed twice (the output is then freed, the
 * staging tree removed, and the previous output stays).
 */
int	output_seal(struct output *, struct out_manifest *made,
	    struct out_tree_id *live, struct out_tree_id *spare,
	    struct diags *d);

/*
 * Swap the sealed staging tree into place; the previous tree becomes
 * the cache's spare tree (*spare_kept), or is removed.  Returns 0, or -1
 * after recording why (the previous output then stays).  Frees "out".
 */
int	output_commit(struct output *, bool *spare_kept, struct diags *d);
void	output_manifest_free(struct out_manifest *);

/*
 * Claim output path "rel" for "source" (a site file, at "line" when
 * known, else 0) before anything writes it: a file of the site that
 * would write where heraldo writes a page, a list, a feed or another
 * file of the site is an error naming both, reported by output_seal.
 * Every write claims its path too; a path written twice is an error.
 * So is a file where another claim needs a folder, or a folder where
 * another claim is a file ("heraldo.css" and "heraldo.css/index.html"):
 * the error goes to the site's file, and the clashing path is never
 * written.  False when "rel" was claimed or written already, or clashes
 * (then "source" must not write it).  Safe from several threads at once.
 */
bool	output_claim(struct output *, const char *rel, const char *source,
	    unsigned line);

/* Files of the current output whose stamp no longer matched: made again. */
size_t	output_edited(const struct output *);

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
