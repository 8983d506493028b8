/*
 * import: the heraldo site that `heraldo import` writes, whatever the
 * source.  A reader (import_blogger.c, import_wordpress.c) hands over the
 * source's settings and then its posts and pages one at a time; each is
 * written at once (so a big export needs no more memory than its largest
 * post), and import_finish writes site.yaml, the redirect lists, the
 * manifest and commits the posts in date order with their own authors
 * and dates.
 *
 * Layout of the site written into DIR:
 *   site.yaml                          (unless one exists)
 *   content/posts/YYYY/MM/SLUG.md      posts, YAML front matter
 *   content/posts/YYYY/MM/SLUG.html    ... whose HTML Markdown cannot say
 *   content/pages/SLUG.md (or .html)   pages
 *   import/redirects.nginx             old URL -> new, an nginx map
 *   import/redirects.htaccess          the same as Apache RewriteRules
 *   import/manifest.tsv                what was imported, for re-runs
 *
 * Each old URL answers as the post's own URL: made by the permalink
 * pattern, or else written as the post's "url" in its front matter
 * (the build keeps it exactly).  Old URLs that cannot be a post's own
 * (a query such as ?p=12, a second one) get an alias page (front matter
 * "aliases") where they can and a line in the redirect lists; an old URL
 * that is the post's own needs no redirect.  A re-run updates posts whose
 * source changed and adds new ones; a post edited in the site since the
 * import is left alone, with a warning.
 */
#ifndef HERALDO_IMPORT_H
#define HERALDO_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct arena;
struct diags;
struct importer;

/* An instant with the UTC offset it was written with. */
struct import_date {
	int64_t		 t;		/* seconds since the epoch */
	int		 offset;	/* minutes east of UTC */
	bool		 set;
};

enum import_kind {
	IMPORT_POST,
	IMPORT_PAGE
};

struct import_item {
	enum import_kind	 kind;
	const char		*id;		/* unique in the source */
	const char		*title;
	const char		*slug;		/* wanted, or NULL */
	struct import_date	 published, updated;
	const char		*author;	/* NULL: unknown */
	const char		*author_email;
	const char		**tags;
	size_t			 ntags;
	bool			 draft;
	const char		*old_url;	/* NULL: none */
	const char		*alt_url;	/* another: redirected */
	const char		**more_urls;	/* more: aliased too */
	size_t			 nmore;
	const char		*html;		/* the body, HTML, */
	size_t			 html_len;
	const char		*markdown;	/* ... or Markdown */
	const char		*summary;	/* HTML; NULL: none */
	bool			 autop;		/* as wpautop reads */
	unsigned		 line;		/* in the source */
};

struct import_settings {
	const char	*title;
	const char	*description;
	const char	*base_url;	/* "https://blog.example.com/" */
	const char	*timezone;	/* IANA name */
	const char	*locale;	/* "en", "es_MX" */
	const char	*permalink;	/* heraldo pattern, or NULL */
};

struct import_opts {
	const char	*format;	/* "blogger", "wordpress" */
	const char	*source;	/* the export file */
	const char	*site_dir;	/* DIR */
	const char	*report;	/* --report FILE, or NULL */
	bool		 progress;	/* a progress line on stderr */
	bool		 no_git;	/* write files only (tests) */
};

/*
 * Begin an import into opts->site_dir (made when the first file is
 * written).  Returns NULL after recording an error.
 */
struct importer	*import_new(const struct import_opts *, struct diags *);
void		 import_free(struct importer *);

/* The importer's arena, for a reader's strings that outlive one item. */
struct arena	*import_arena(struct importer *);

/*
 * The source's settings; call before the first item.  Values are copied.
 * An existing site.yaml wins over them (and is never rewritten).
 */
void	import_settings(struct importer *, const struct import_settings *);

/*
 * Write one post or page.  Strings are copied as needed; "it" may be
 * reused after the call.  Returns 0, or -1 after recording an error
 * (the import goes on with the next item).
 */
int	import_add(struct importer *, const struct import_item *it);

/*
 * Copy file "from" (a path on disk) to "rel" in the site, such as
 * static/images/a.png, and commit it with the rest.  Returns 0, or -1
 * after recording an error.
 */
int	import_copy(struct importer *, const char *from, const char *rel);

/* Set the site's permalink pattern; call before the first item. */
void	import_permalink(struct importer *, const char *pattern);

/*
 * The URL the site gives a post or page "it" (as import_add would): its
 * old URL where the pattern makes another, else the pattern's.
 */
const char *import_url(struct importer *, const struct import_item *it);

/* The site's base path ("/" or "/blog/"). */
const char *import_base_path(struct importer *);

/* Count an entry of the source that is not a post or page ("comment"). */
void	import_skip(struct importer *, const char *kind);

/* Count a processed entry for the progress line. */
void	import_tick(struct importer *);

/* Has the reader handed over anything (an item or a skipped entry)? */
bool	import_started(const struct importer *);

/*
 * Write site.yaml, the redirect lists and the manifest, commit, and
 * write the JSON report.  Returns 0, or -1
 * after recording errors.
 */
int	import_finish(struct importer *);

/* A few lines for people: what was imported, skipped, left remote. */
void	import_print_summary(const struct importer *, FILE *fp);

/*
 * Parse an RFC 3339 instant ("2012-10-19T09:14:00.001-07:00"); fractions
 * of a second are dropped.  Returns false if "s" is not one.
 */
bool	import_date_parse(struct import_date *, const char *s);

/* Format as RFC 3339 in its own offset: "2012-10-19T09:14:00-07:00". */
void	import_date_format(char out[64], const struct import_date *);

#endif /* !HERALDO_IMPORT_H */
