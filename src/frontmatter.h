/*
 * frontmatter: split a post or page into its YAML or TOML front matter
 * and its Markdown body, and read the keys heraldo knows into typed fields.
 *
 * YAML front matter sits between a first line "---" and the next line
 * that is "---" (or "..."), as in Jekyll and Hugo; TOML front matter
 * between a first line "+++" and the next "+++" line, as in Hugo and Zola
 * (toml.h: it gives the same tree as the YAML that says the same).  Keys heraldo does not know stay
 * in the map for templates.  Dates stay text here: reading them needs the
 * post's time zone, which the caller knows.
 */
#ifndef HERALDO_FRONTMATTER_H
#define HERALDO_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diags;
struct value;

/* A date as written, with its place for diagnostics. */
struct fm_date {
	const char	*text;		/* NULL when absent */
	unsigned	 line, col;
};

struct frontmatter {
	struct value	*meta;		/* the whole map */
	const char	*title;
	const char	*slug;		/* NULL: from the file name */
	const char	*summary;	/* NULL: from the first paragraph */
	const char	*author;	/* NULL: from history */
	const char	*lang;		/* NULL: the site's */
	const char	*timezone;	/* NULL: the site's */
	const char	*id;		/* NULL: a tag: URI */
	struct fm_date	 date, updated, expires;
	const char	**tags;
	size_t		 ntags;
	const char	**aliases;
	size_t		 naliases;
	bool		 draft;
	unsigned	 tz_line, tz_col;
};

/*
 * Split text[0..len) into front matter and body.  A UTF-8 byte order mark
 * is skipped; "\r\n" line ends are accepted.  On success returns 0, *meta
 * is a map in "a" (empty for "---\n---"), *body points into "text" and
 * *body_line is the 1-based line where the body starts.  On failure
 * (no opening "---" or "+++", no closing line, YAML or TOML errors, not a
 * map) returns -1 after recording errors placed in "path".
 */
int	frontmatter_split(struct value **meta, const char **body,
	    unsigned *body_line, const char *path, const char *text,
	    size_t len, struct arena *a, struct diags *d);

/*
 * Read the known keys of "meta" into *fm (strings borrowed from the
 * tree).  Records an error for each key of the wrong type and for a
 * missing title; returns -1 if there was any.  "require_title" is false
 * for callers that fill a title themselves.
 */
int	frontmatter_read(struct frontmatter *fm, const struct value *meta,
	    bool require_title, const char *path, struct arena *a,
	    struct diags *d);

#endif /* !HERALDO_FRONTMATTER_H */
