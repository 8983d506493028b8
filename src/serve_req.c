/*
 * serve_req: what a request to the preview names: its path, decoded
 * strictly; the type of the file it gets; whether its If-None-Match
 * holds the file's ETag.  No state; used by serve.c.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "serve_req.h"
#include "util.h"

static const struct {
	const char	*ext;
	const char	*type;
} types[] = {
	{ "html",	"text/html; charset=utf-8" },
	{ "htm",	"text/html; charset=utf-8" },
	{ "css",	"text/css; charset=utf-8" },
	{ "js",		"text/javascript; charset=utf-8" },
	{ "mjs",	"text/javascript; charset=utf-8" },
	{ "map",	"application/json" },
	{ "webmanifest", "application/manifest+json" },
	{ "txt",	"text/plain; charset=utf-8" },
	{ "csv",	"text/csv; charset=utf-8" },
	{ "ics",	"text/calendar; charset=utf-8" },
	{ "svg",	"image/svg+xml" },
	{ "png",	"image/png" },
	{ "jpg",	"image/jpeg" },
	{ "jpeg",	"image/jpeg" },
	{ "gif",	"image/gif" },
	{ "webp",	"image/webp" },
	{ "avif",	"image/avif" },
	{ "ico",	"image/x-icon" },
	{ "woff2",	"font/woff2" },
	{ "woff",	"font/woff" },
	{ "ttf",	"font/ttf" },
	{ "otf",	"font/otf" },
	{ "pdf",	"application/pdf" },
	{ "mp4",	"video/mp4" },
	{ "webm",	"video/webm" },
	{ "mp3",	"audio/mpeg" },
	{ "wasm",	"application/wasm" },
	{ NULL,		NULL }
};

/*
 * Decode a request path into "out" (at least strlen(raw) + 1 bytes).
 * Refuses what could leave the output root or name something other than
 * what it seems to: a path not starting with "/", bad or encoded "%00",
 * "/" and "\", control characters, and "." or ".." segments (RFC 3986
 * 5.2.4 would remove them; a file server must not follow them).
 */
int
serve_req_path(char *out, const char *raw)
{
	const char	*p, *seg;
	char		*o = out;
	int		 hi, lo, c;

	if (*raw != '/')
		return -1;
	for (p = raw; *p != '\0'; p++) {
		c = (unsigned char)*p;
		if (c == '%') {
			if ((hi = util_hexval(p[1])) < 0 ||
			    (lo = util_hexval(p[2])) < 0)
				return -1;
			c = hi * 16 + lo;
			if (c == '/' || c == '\\' || c == 0)
				return -1;
			p += 2;
		}
		if (c < 0x20 || c == 0x7f || (c == '\\'))
			return -1;
		*o++ = (char)c;
	}
	*o = '\0';
	for (seg = out + 1; ; seg = p + 1) {
		p = strchr(seg, '/');
		if (p == NULL)
			p = seg + strlen(seg);
		if ((p - seg == 1 && seg[0] == '.') ||
		    (p - seg == 2 && seg[0] == '.' && seg[1] == '.'))
			return -1;
		if (*p == '\0')
			break;
	}
	return 0;
}

/*
 * An XML file's type from its root element: feeds are served as what
 * they are (RFC 4287 7: application/atom+xml; RSS 2.0 has the
 * customary application/rss+xml), anything else as application/xml.
 */
static const char *
xml_type(int fd)
{
	char		 b[1024];
	const char	*p, *end;
	ssize_t		 n;
	size_t		 len;

	if ((n = pread(fd, b, sizeof(b) - 1, 0)) <= 0)
		return "application/xml";
	b[n] = '\0';
	for (p = b; (p = strchr(p, '<')) != NULL; ) {
		if (p[1] == '?')
			end = strstr(p, "?>");
		else if (strncmp(p + 1, "!--", 3) == 0)
			end = strstr(p, "-->");
		else if (p[1] == '!')
			end = strchr(p, '>');
		else
			break;
		if (end == NULL)
			return "application/xml";
		p = end + 1;
	}
	if (p == NULL)
		return "application/xml";
	p++;
	len = strcspn(p, " \t\r\n/>");
	if ((len == 4 && strncmp(p, "feed", 4) == 0) ||
	    (len > 5 && strncmp(p + len - 5, ":feed", 5) == 0))
		return "application/atom+xml";
	if (len == 3 && strncmp(p, "rss", 3) == 0)
		return "application/rss+xml";
	return "application/xml";
}

/* JSON Feed 1.1 ("MIME type"): application/feed+json; other JSON as is. */
static const char *
json_type(int fd)
{
	char	 b[1024];
	ssize_t	 n;

	if ((n = pread(fd, b, sizeof(b) - 1, 0)) <= 0)
		return "application/json";
	b[n] = '\0';
	if (strstr(b, "\"https://jsonfeed.org/version/") != NULL)
		return "application/feed+json";
	return "application/json";
}

const char *
serve_req_type(const char *path, int fd)
{
	const char	*slash = strrchr(path, '/');
	const char	*dot = strrchr(slash != NULL ? slash : path, '.');
	size_t		 i;

	if (dot == NULL)
		return "application/octet-stream";
	if (strcasecmp(dot + 1, "xml") == 0)
		return xml_type(fd);
	if (strcasecmp(dot + 1, "json") == 0)
		return json_type(fd);
	for (i = 0; types[i].ext != NULL; i++)
		if (strcasecmp(dot + 1, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* Whether If-None-Match (RFC 9110 13.1.2, weak comparison) has "etag". */
bool
serve_req_etag_matches(const char *header, const char *etag)
{
	const char	*p = header;
	size_t		 n, elen = strlen(etag);

	while (*p != '\0') {
		p += strspn(p, " \t,");
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		n = strcspn(p, ",");
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == elen && strncmp(p, etag, n) == 0)
			return true;
		p += strcspn(p, ",");
	}
	return false;
}
