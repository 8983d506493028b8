/*
 * fuzz_request: what a client controls in a request to the preview.  The
 * input's first line is a Host header, checked against a server bound to
 * 127.0.0.1 port 1313; the rest is a request path, decoded.  Never a
 * crash; a Host accepted names 127.0.0.1, localhost or [::1] (any case)
 * with no port or port 1313; a path accepted decodes to one that starts
 * with "/" and holds no NUL, control character, backslash, "." or ".."
 * segment.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "serve_host.h"
#include "serve_req.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_host(const struct serve_hosts *h, const char *host)
{
	static const char *const ok[] = { "127.0.0.1", "localhost", "[::1]",
	    NULL };
	size_t	 i, n;

	if (!serve_hosts_allow(h, host))
		return;
	for (i = 0; ok[i] != NULL; i++) {
		n = strlen(ok[i]);
		if (strncasecmp(host, ok[i], n) == 0 && (host[n] == '\0' ||
		    strcmp(host + n, ":1313") == 0))
			return;
	}
	abort();
}

static void
check_path(const char *raw)
{
	char		*out = malloc(strlen(raw) + 1);
	const char	*p, *seg;
	size_t		 len;

	if (out == NULL)
		abort();
	if (serve_req_path(out, raw) == 0) {
		if (out[0] != '/' || strchr(out, '\\') != NULL)
			abort();
		for (p = out; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
		for (seg = out + 1; ; seg += len + 1) {
			len = strcspn(seg, "/");
			if ((len == 1 && seg[0] == '.') || (len == 2 &&
			    seg[0] == '.' && seg[1] == '.'))
				abort();
			if (seg[len] == '\0')
				break;
		}
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct serve_hosts	*h;
	struct sockaddr_in		 sin;
	char				*text = malloc(size + 1), *nl;

	if (text == NULL)
		abort();
	if (h == NULL) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		h = serve_hosts_new("127.0.0.1", (struct sockaddr *)&sin,
		    1313);
	}
	memcpy(text, data, size);
	text[size] = '\0';
	if ((nl = strchr(text, '\n')) != NULL)
		*nl = '\0';
	check_host(h, text);
	if (nl != NULL)
		check_path(nl + 1);
	free(text);
	return 0;
}
