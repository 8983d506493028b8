/*
 * serve_host: the addresses the preview server answers to.
 *
 * The preview shows drafts and future posts.  A web page elsewhere can
 * point a name it owns at 127.0.0.1 (DNS rebinding) and read whatever
 * the preview serves, so requests are answered only when their Host
 * header names the server itself: localhost, 127.0.0.1, [::1], the
 * address given to --bind and, for a wildcard bind (0.0.0.0, ::), this
 * machine's own addresses and host name; each with or without the port
 * served.  Binding to an address other machines can reach is allowed
 * only when asked for (--public).
 */
#ifndef HERALDO_SERVE_HOST_H
#define HERALDO_SERVE_HOST_H

#include <stdbool.h>
#include <stddef.h>

struct sockaddr;
struct serve_hosts;

/* Whether "sa" (IPv4 or IPv6) is a loopback address: 127/8, ::1. */
bool	serve_host_is_loopback(const struct sockaddr *sa);

/* Whether "sa" is the wildcard address 0.0.0.0 or ::. */
bool	serve_host_is_wildcard(const struct sockaddr *sa);

/*
 * The names the server listening on "bound" (the address "bind" was
 * given as, resolved) and "port" answers to.  Never NULL; free with
 * serve_hosts_free (NULL-safe).
 */
struct serve_hosts *serve_hosts_new(const char *bind,
	    const struct sockaddr *bound, unsigned port);
void	serve_hosts_free(struct serve_hosts *);

/*
 * Whether a request whose Host header is "host" may be answered.  A
 * request without one (HTTP/1.0, never a browser) may.
 */
bool	serve_hosts_allow(const struct serve_hosts *, const char *host);

/*
 * The origins ("http://192.168.1.5:1313") the server can be reached at,
 * the one pages link to first: the bound address, or for a wildcard bind
 * each address of this machine's interfaces, other machines' first.
 * Valid while the set lives; NULL past the last.
 */
const char *serve_hosts_origin(const struct serve_hosts *, size_t i);

#endif /* !HERALDO_SERVE_HOST_H */
