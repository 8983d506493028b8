/*
 * url: see url.h.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include "arena.h"
#include "buf.h"
#include "url.h"
#include "util.h"

/* What xmlURIEscapeStr leaves as it is: the URI's own delimiters. */
#define URI_KEEP	":/?#[]@!$&'()*+,;=%~"
#define BLANKS		" \t\n\r\f"

char *
url_permalink(const char *pattern, const struct url_parts *p,
    struct arena *a)
{
	struct buf	 b = BUF_INIT;
	const char	*s = pattern;
	char		*out;

	while (*s != '\0') {
		if (*s != ':') {
			buf_putc(&b, *s++);
			continue;
		}
		if (util_startswith(s, ":year")) {
			buf_printf(&b, "%04d", p->year);
			s += 5;
		} else if (util_startswith(s, ":month")) {
			buf_printf(&b, "%02d", p->month);
			s += 6;
		} else if (util_startswith(s, ":day")) {
			buf_printf(&b, "%02d", p->day);
			s += 4;
		} else if (util_startswith(s, ":slug")) {
			buf_puts(&b, p->slug);
			s += 5;
		} else if (util_startswith(s, ":title")) {
			/* Jekyll's name for the slug. */
			buf_puts(&b, p->slug);
			s += 6;
		} else if (util_startswith(s, ":filename")) {
			buf_puts(&b, p->filename);
			s += 9;
		} else
			buf_putc(&b, *s++);
	}
	out = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return out;
}

char *
url_output_path(const char *url, struct arena *a)
{
	const char	*s, *seg;
	size_t		 n, seglen;

	if (url[0] != '/')
		return NULL;
	/* Every segment must be a plain name: no "", ".", ".." or controls. */
	for (seg = url + 1; *seg != '\0'; seg += seglen + 1) {
		seglen = strcspn(seg, "/");
		if (seg[seglen] == '\0' && seglen == 0)
			break;
		if (seglen == 0 || (seglen == 1 && seg[0] == '.') ||
		    (seglen == 2 && seg[0] == '.' && seg[1] == '.'))
			return NULL;
		for (s = seg; s < seg + seglen; s++)
			if ((unsigned char)*s < 0x20 || *s == '\\' ||
			    *s == 0x7f)
				return NULL;
		if (seg[seglen] == '\0')
			break;
	}
	n = strlen(url);
	if (url[n - 1] == '/')
		return arena_printf(a, "%sindex.html", url + 1);
	return arena_strdup(a, url + 1);
}

char *
url_absolute(const char *base_url, const char *url, struct arena *a)
{
	size_t	 n = strlen(base_url);

	/* base_url ends in "/" and url starts with one: keep just one. */
	if (n > 0 && base_url[n - 1] == '/' && url[0] == '/')
		url++;
	return arena_printf(a, "%s%s", base_url, url);
}

bool
url_pattern_ok(const char *pattern)
{
	return pattern[0] == '/' && (strstr(pattern, ":slug") != NULL ||
	    strstr(pattern, ":title") != NULL ||
	    strstr(pattern, ":filename") != NULL);
}

char *
url_href(const char *base_path, const char *url, struct arena *a)
{
	return url_absolute(base_path, url, a);
}

char *
url_resolve(const char *base, const char *ref, size_t len)
{
	xmlChar		*r, *esc, *trimmed;
	char		*out = NULL;

	while (len > 0 && strchr(BLANKS, *ref) != NULL) {
		ref++;
		len--;
	}
	while (len > 0 && strchr(BLANKS, ref[len - 1]) != NULL)
		len--;
	if ((trimmed = xmlStrndup((const xmlChar *)ref, (int)len)) == NULL)
		return NULL;
	if ((r = xmlBuildURI(trimmed, (const xmlChar *)base)) == NULL &&
	    (esc = xmlURIEscapeStr(trimmed, BAD_CAST URI_KEEP)) != NULL) {
		r = xmlBuildURI(esc, (const xmlChar *)base);
		xmlFree(esc);
	}
	xmlFree(trimmed);
	if (r != NULL) {
		out = xstrdup((const char *)r);
		xmlFree(r);
	}
	return out;
}
