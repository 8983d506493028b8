/*
 * cache: the build cache, so that a build after a small change costs
 * little.  It lives beside the output, in ".NAME.heraldo-cache" (never in
 * the output, and ignored by git), and holds:
 *
 *   state	what the last build knew: each post's metadata, under the
 *		digest of its inputs (path, blob id, history, heraldo's
 *		version, site.yaml and catalogs), the manifests of the
 *		current output and of the spare tree, and where each post's
 *		entry lies in the feed documents of the current output;
 *   tree	the spare tree: the output before the current one, which
 *		the next build updates in place and swaps in (output.h).
 *
 * A post whose inputs did not change is restored from its record ("light":
 * no HTML, no template context) and loaded in full only when a page that
 * shows it must be made again.  A missing, old or damaged state is an
 * empty cache: the build is then a cold one, with the same output.
 *
 * The cache is a hint, never a source of truth: the state carries a
 * checksum; it names the output tree and the spare tree it describes,
 * and what it says of a tree that is not the one named is forgotten;
 * each file it says a tree holds must still have the size, time and
 * inode it had (out_stamp), or the file is made again.  The output's
 * lock (output_lock) keeps other builds out of the cache while one
 * uses it.
 */
#ifndef HERALDO_CACHE_H
#define HERALDO_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "output.h"

struct arena;
struct diags;
struct gitsrc_file;
struct gitsrc_hist;
struct post;

struct cache;

/*
 * Read "dir"/state, made under "env" (what every post's inputs share).
 * Never fails: a state that cannot be used is an empty cache.
 */
struct cache	*cache_open(const char *dir, struct hkey env);
void		 cache_free(struct cache *);

/*
 * cache_open in two steps, so that the state can be read before the
 * environment is known: cache_read never fails (a state that cannot be
 * read is an empty cache); cache_use empties the cache unless its state
 * was made under "env" (cache_made_under).
 */
struct cache	*cache_read(const char *dir);
bool		 cache_made_under(const struct cache *, struct hkey env);
void		 cache_use(struct cache *, struct hkey env);

/*
 * Forget what the state says of the output "out" and of the spare tree
 * when they are not the trees it names (out_tree_id): a state written
 * by a build killed before its swap, a tree replaced by hand.
 */
void		 cache_check_trees(struct cache *, const char *out);

/*
 * Why a state that was there was not used, or only in part (for a
 * note), or NULL.
 */
const char	*cache_note(const struct cache *);

/* The cache folder and the manifests it knows, for output_begin. */
void		 cache_output(const struct cache *, struct output_cache *);

/*
 * The sources the state's posts were made from (path and blob id, sorted
 * by path; names borrowed from the cache) and the keys they were made
 * under, in "a": a build whose commit only added and modified files since
 * lists its sources from these and its changes instead of walking every
 * folder.  False when the state does not hold them whole.
 */
bool		 cache_sources(const struct cache *, struct gitsrc_file **files,
		    struct hkey **keys, size_t *n, struct arena *a);

/*
 * Restore into *p the post recorded for "path" under "key", light
 * (strings borrowed from the cache, arrays in "a").  False when there is
 * no such record.
 */
bool		 cache_post(const struct cache *, const char *path,
		    struct hkey key, struct post *p, struct arena *a);

/*
 * Write the new state, in two steps.  cache_save_begin, once the posts
 * (n of them, light or loaded: with "whole", every source the listing of
 * content/ gave, which skipped nothing) and the history walked from "commit"
 * (NULL: none to keep) are final, makes the first part of the state on a
 * thread of its own; cache_save_end, before the swap (output_seal), adds
 * the staged tree's manifest and identity "live_id", and the identity of
 * the tree that becomes the spare ("spare_id", zero: none; its manifest
 * is then the current output's), and writes the file.  The posts,
 * history and commit must stay valid until then.  Errors only warn (and
 * leave no state): a build without a cache is still a build.  cache_free
 * drops a save begun and not ended.
 */
void		 cache_save_begin(struct cache *, struct post *const *posts,
		    size_t n, bool whole, const char *commit,
		    const struct gitsrc_hist *h, size_t nh);
void		 cache_save_end(struct cache *, const struct out_manifest *live,
		    struct out_tree_id live_id, struct out_tree_id spare_id,
		    struct diags *d);

/*
 * The history of content/ the last build walked, from commit *commit
 * (gitsrc_history_since); false when the state has none.  Valid while
 * the cache is.
 */
bool		 cache_history(const struct cache *, const char **commit,
		    const struct gitsrc_hist **h, size_t *n);

/*
 * Where the entry of the post made under "post" lies in a feed document
 * of the current output: a document made again copies the entries of
 * unchanged posts from the old file instead of loading them (feed.c).
 */
struct cache_span {
	struct hkey	 post;
	uint64_t	 off, len;
};

/* The spans the state holds for document "rel", or NULL. */
const struct cache_doc *cache_doc(const struct cache *, const char *rel);
bool		 cache_doc_find(const struct cache_doc *, struct hkey post,
		    uint64_t *off, uint64_t *len);

/*
 * Keep for the next build the spans v[0..n) of document "rel" of the
 * output being made; with "v" NULL, those it had (the file was kept).
 * Before cache_save_end, from one thread.
 */
void		 cache_doc_put(struct cache *, const char *rel,
		    const struct cache_span *v, size_t n);

#endif /* !HERALDO_CACHE_H */
