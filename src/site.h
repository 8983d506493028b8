/*
 * site: one build of a site, from its git tree (or work tree) to the
 * output folder: load configuration, layouts, catalogs and content,
 * render every page, write the output and swap it into place.
 *
 * Nothing is written unless the whole build succeeded: any error leaves
 * the previous output untouched.
 */
#ifndef HERALDO_SITE_H
#define HERALDO_SITE_H

#include <stdbool.h>
#include <stdint.h>

struct diags;

struct site_opts {
	const char	*site_dir;	/* "." */
	const char	*ref;		/* NULL: HEAD */
	bool		 worktree;
	const char	*out;		/* "public" */
	bool		 drafts;
	bool		 future;
	const char	*now;		/* RFC 3339, or NULL */
	const char	*base_url;	/* overrides site.yaml, or NULL */
	unsigned	 jobs;		/* 0: online CPUs */
	bool		 strict;	/* warnings are errors */
	const char	*report;	/* JSON report file, or NULL */
	bool		 progress;	/* draw a progress line on stderr */
	bool		 no_cache;	/* neither read nor write cache.h's */
	bool		 no_wait;	/* fail if "out" is locked */
};

/* What a build did, for the summary line and reports. */
struct site_stats {
	unsigned long	 posts, pages, drafts, future, expired;
	unsigned long	 written, unchanged;
	unsigned long	 loaded, restored;	/* posts: parsed, from the cache */
	unsigned long	 edited;	/* output files edited by hand */
	/*
	 * The next instant at which a build would write something else: a
	 * post's date passes, or a post expires (0: none), and why.
	 */
	int64_t		 next_change;
	char		 next_reason[512];
	/*
	 * Seconds in each phase, and in all; "t_history" (the walk that
	 * dates posts from git) is part of "t_load".
	 */
	double		 t_history, t_load, t_render, t_feeds, t_write;
	double		 seconds;
	bool		 busy;		/* another build held out */
};

/*
 * Build the site.  Returns 0, or -1 when errors were recorded in "d"
 * (then nothing was written).  "stats" may be NULL.
 */
int	site_build(const struct site_opts *, struct site_stats *stats,
	    struct diags *d);

#endif /* !HERALDO_SITE_H */
