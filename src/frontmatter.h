/*
 * frontmatter: split a post or page into its YAML or TOML front matter
 * and its Markdown body, and read the keys heraldo knows into typed fields.
 *
 * YAML front matter sits between a first line "---" and the next line
 * that is "---" (or "..."), as in Jekyll and Hugo; TOML front matter
 * between a first line "+++" and the next "+++" line, as in Hugo and Zola
 * (toml.h: it gives the same tree as the YAML that says the same).  A YAML
 * key given twice keeps its last value, with a warning, as in Jekyll.
 * Every key stays in the map for templates (as "params"), known or not.
 * Dates stay text here: reading them needs the post's time zone, which
 * the caller knows.
 */
#ifndef HERALDO_FRONTMATTER_H
#define HERALDO_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diags;
struct value;

/* A value as written (a date, a URL), with its key's name and place. */
struct fm_date {
	const char	*text;		/* NULL when absent */
	const char	*key;		/* as written: "lastmod" */
	unsigned	 line, col;
};

struct frontmatter {
	struct value	*meta;		/* the whole map */
	const char	*title;
	const char	*slug;		/* NULL: from the file name */
	const char	*summary;	/* NULL: from the first paragraph */
	const char	*correction;	/* why it changed, or NULL */
	const char	*author;	/* NULL: from history; authors joined */
	const char	*lang;		/* NULL: the site's */
	const char	*timezone;	/* NULL: the site's */
	const char	*id;		/* NULL: a tag: URI */
	struct fm_date	 date, updated, expires;
	struct fm_date	 url;		/* permalink, url or path: the URL */
	const char	**tags;		/* tags, then taxonomies.tags */
	size_t		 ntags;
	const char	**categories;	/* categories, category, taxonomies */
	size_t		 ncategories;
	const char	**authors;	/* author or authors, as a list */
	size_t		 nauthors;
	const char	**aliases;	/* aliases and redirect_from */
	unsigned	*alias_lines;	/* the line of each */
	size_t		 naliases;
	bool		 draft;		/* draft: true or published: false */
	unsigned	 tz_line, tz_col;
	unsigned	 slug_line, slug_col;
	const char	*aliases_key;	/* as written: "redirect_from" */
	unsigned	 aliases_line, aliases_col;
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
 * Read the keys heraldo knows into *fm (strings borrowed from the tree
 * or made in "a").  Keys match without regard to case ("Author"), and
 * the names Jekyll, Hugo and Zola use count as synonyms:
 *
 *   summary       excerpt, description (the first given, in this order)
 *   updated       lastmod, last_modified_at, modified
 *   date          publishDate, pubdate, published (as a date)
 *   expires       expiryDate, unpublishdate
 *   url           permalink, url, path
 *   tags          a string (split at commas, else at blanks, as Jekyll
 *                 does) or a list; taxonomies.tags too
 *   categories    category; taxonomies.categories
 *   author        authors (a list), a map's "name"
 *   aliases       redirect_from (a string or a list of them)
 *   draft         any YAML 1.1 boolean (yes, no, on, off, any case);
 *                 "published: false" is a draft
 *
 * Keys that other generators use and heraldo has no use for (layout,
 * weight, toc ...) are accepted quietly, as are those the site's layouts
 * look up: "layout_names" (n of them, sorted by strcmp; NULL for none).
 * Any other key is a warning at its place, with the closest known name:
 *   unknown key "tgas" (did you mean "tags"?)
 * Records an error for each key of the wrong type and for a missing
 * title; returns -1 if there was any.  "require_title" is false for
 * callers that fill a title themselves.
 */
int	frontmatter_read(struct frontmatter *fm, const struct value *meta,
	    bool require_title, const char *const *layout_names, size_t n,
	    const char *path, struct arena *a, struct diags *d);

/*
 * Whether "s" is a YAML 1.1 boolean word (true, yes, on, y ... any case)
 * and which.  Jekyll and Hugo read "draft: yes" so.
 */
bool	frontmatter_bool(bool *b, const char *s);

#endif /* !HERALDO_FRONTMATTER_H */
