/*
 * render: every page of a build — post pages, stand-alone pages, the
 * paginated index, year and month archives, tag pages, the 404 page and
 * alias redirects — from the loaded posts through the Mustache layouts.
 *
 * What every page shares (the site map with its archive and tag lists,
 * the UI strings) is built once by render_prepare; render_pages then
 * renders each page on the worker threads and hands it to the output.
 */
#ifndef HERALDO_RENDER_H
#define HERALDO_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"

struct cache;
struct diags;
struct feed_plan;
struct i18n;
struct jobs;
struct output;
struct post;
struct progress;
struct siteconf;
struct tpl_set;
struct value;
struct worker;

struct tag {
	const char	*name;		/* as first written */
	const char	*slug;
	struct post	**posts;	/* newest first */
	size_t		 n;
};

/* The state of one build that page rendering reads (immutable then). */
struct build {
	const struct siteconf	*conf;
	const struct tpl_set	*tpl;
	const struct i18n	*i18n;
	struct output		*out;
	struct diags		*d;
	struct post		**posts;	/* listed: newest first */
	size_t			 nposts;
	struct post		**pages;	/* stand-alone pages */
	size_t			 npages;
	struct post		**all;		/* every post with a page */
	size_t			 nall;
	struct tag		*tags;		/* collation order */
	size_t			 ntags;
	int64_t			 now;
	struct worker		*workers;
	unsigned		 jobs;
	/* Made by render_prepare: */
	struct value		*site;
	struct value		*i18n_table;
	struct value		*feed_list;	/* the site's feeds, for <head> */
	struct jobs		*plan;		/* every page to render */
	struct progress		*progress;
	/*
	 * What every page is made from besides its posts: "env" (set by
	 * the caller: heraldo, site.yaml, catalogs, layouts, options), and
	 * with the site map and UI strings, "page_env" (render_prepare).
	 */
	struct hkey		 env, page_env;
	size_t			 nlight;	/* posts restored light */
	size_t			 nkept;		/* pages kept, not rendered */
	struct feed_plan	*feeds;		/* feed_plan's */
	/*
	 * The cache: the spans of the current output's feed entries (NULL
	 * when they may not be copied: warnings are not kept with them),
	 * and where this build's go (NULL: no cache).
	 */
	const struct cache	*old;
	struct cache		*next;
};

/*
 * Group the listed posts by tag (recording an error when two different
 * tags share a slug) and build the shared site map.  Returns 0 or -1.
 */
int	render_prepare(struct build *);

/*
 * The context of the layouts under "shared/", rendered once per build
 * and included in every page as text: site and i18n (no page of its own).
 * Call after render_prepare.
 */
struct value *render_shared_root(struct build *);

/*
 * The root context of a page of another module (such as /hours/): site,
 * i18n, and page with "kind", "title", the site URL "url" and the site's
 * feed links, in "a".  Call after render_prepare.
 */
struct value *render_page_root(const struct build *, struct arena *a,
	    const char *kind, const char *title, const char *url);

/*
 * Key every page by what it is made from; keep those the current output
 * made from the same, and mark the posts the others show as needed (a
 * light post must then be loaded in full before render_pages).
 */
void	render_plan(struct build *);

/* Render and write every page; errors go to b->d.  Frees the jobs. */
int	render_pages(struct build *);

/* Free the jobs of a build that stops before render_pages. */
void	render_drop(struct build *);

/* Digest of a post as a page shows it: its inputs, and if it is future. */
void	render_hash_post(struct hasher *, const struct build *,
	    const struct post *);

#endif /* !HERALDO_RENDER_H */
