/*
 * serve_req: what a request to the preview names: its path, decoded
 * strictly; the type of the file it gets; whether its If-None-Match
 * holds the file's ETag.  No state; used by serve.c.
 */
#ifndef HERALDO_SERVE_REQ_H
#define HERALDO_SERVE_REQ_H

#include <stdbool.h>

/*
 * Decode the request path "raw" (still percent-encoded) into "out" (at
 * least strlen(raw) + 1 bytes).  Returns 0, or -1 for what could leave
 * the output root or name something other than what it seems to: a path
 * not starting with "/", a bad escape, an encoded "/", "\" or NUL,
 * control characters, "." or ".." segments.
 */
int	serve_req_path(char *out, const char *raw);

/*
 * The Content-Type of the file "path" open as "fd": by extension, and for
 * .xml and .json by the first bytes (Atom, RSS and JSON Feed as what they
 * are).  A static string.
 */
const char *serve_req_type(const char *path, int fd);

/* Whether If-None-Match "header" (weak comparison) holds "etag". */
bool	serve_req_etag_matches(const char *header, const char *etag);

#endif /* !HERALDO_SERVE_REQ_H */
