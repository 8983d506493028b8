/*
 * url: permalinks, output paths and absolute URLs.
 *
 * A site URL here is the path part below the site's base ("/2012/12/x.html",
 * "/tags/dns/"); an output path is relative to the output root
 * ("2012/12/x.html", "tags/dns/index.html").  Nothing produced here can
 * leave the output root: url_output_path refuses "..", empty segments and
 * control characters.
 */
#ifndef HERALDO_URL_H
#define HERALDO_URL_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct url_parts {
	int		 year, month, day;
	const char	*slug;
	const char	*filename;	/* source file name without extension */
};

/*
 * Expand a permalink pattern (":year", ":month", ":day", ":slug",
 * ":title" (Jekyll's name for the slug), ":filename") into a site URL in
 * "a".
 */
char	*url_permalink(const char *pattern, const struct url_parts *p,
	    struct arena *a);

/*
 * The output path for a site URL: "/a/b.html" -> "a/b.html", "/a/" ->
 * "a/index.html", "/" -> "index.html".  NULL if the URL would escape the
 * output root or is not a clean path (it then says nothing: the caller
 * reports it with its source's place).
 */
char	*url_output_path(const char *url, struct arena *a);

/* base_url ("https://x/blog/") joined with a site URL ("/a.html"). */
char	*url_absolute(const char *base_url, const char *url, struct arena *a);

/*
 * The link a page uses for a site URL: the base URL's path joined with
 * it ("/blog/" + "/a.html" -> "/blog/a.html"), in "a".
 */
char	*url_href(const char *base_path, const char *url, struct arena *a);

/*
 * "ref" (ref[0..len)) made absolute against the absolute URL "base", as a
 * browser resolves a link (RFC 3986 section 5, through libxml2): blanks
 * around it are dropped, and characters a strict URI parser refuses
 * (spaces, non-ASCII) are percent-encoded.  Malloc'd (free it); NULL
 * when it cannot be resolved.
 */
char	*url_resolve(const char *base, const char *ref, size_t len);

/* Whether a permalink pattern is usable (starts with "/", has :slug). */
bool	 url_pattern_ok(const char *pattern);

#endif /* !HERALDO_URL_H */
