/*
 * serve_host: which Host headers the preview answers, and where it can
 * be reached (see serve_host.h).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve_host.h"
#include "util.h"

struct serve_hosts {
	char		**names;	/* lowercase; IPv6 in brackets */
	size_t		  nnames;
	char		**origins;
	size_t		  norigins;
	unsigned	  port;
};

bool
serve_host_is_loopback(const struct sockaddr *sa)
{
	const struct in6_addr	*a6;

	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr)
		    >> 24) == 127;
	if (sa->sa_family != AF_INET6)
		return false;
	a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
	if (IN6_IS_ADDR_V4MAPPED(a6))
		return a6->s6_addr[12] == 127;
	return IN6_IS_ADDR_LOOPBACK(a6);
}

bool
serve_host_is_wildcard(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ((const struct sockaddr_in *)sa)->sin_addr.s_addr ==
		    htonl(INADDR_ANY);
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_UNSPECIFIED(
		    &((const struct sockaddr_in6 *)sa)->sin6_addr);
	return false;
}

/* "192.168.1.5" or "[fd00::5]", malloc'd, or NULL for other families. */
static char *
addr_text(const struct sockaddr *sa)
{
	char	 t[INET6_ADDRSTRLEN], *s;

	if (sa->sa_family == AF_INET) {
		if (inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->
		    sin_addr, t, sizeof(t)) == NULL)
			return NULL;
		return xstrdup(t);
	}
	if (sa->sa_family != AF_INET6 || inet_ntop(AF_INET6,
	    &((const struct sockaddr_in6 *)sa)->sin6_addr, t,
	    sizeof(t)) == NULL)
		return NULL;
	if (asprintf(&s, "[%s]", t) < 0)
		abort();
	return s;
}

static void
add_name(struct serve_hosts *h, const char *name, size_t len)
{
	char	*s;
	size_t	 i;

	for (i = 0; i < h->nnames; i++)
		if (strlen(h->names[i]) == len &&
		    strncasecmp(h->names[i], name, len) == 0)
			return;
	s = xstrndup(name, len);
	for (i = 0; i < len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	h->names = xrealloc(h->names, (h->nnames + 1) * sizeof(*h->names));
	h->names[h->nnames++] = s;
}

static void
add_origin(struct serve_hosts *h, const char *host)
{
	char	*o;

	if (asprintf(&o, "http://%s:%u", host, h->port) < 0)
		abort();
	h->origins = xrealloc(h->origins, (h->norigins + 1) *
	    sizeof(*h->origins));
	h->origins[h->norigins++] = o;
}

/*
 * A wildcard bind answers on every interface: name each address, and
 * reach the server first at those other machines can use.
 */
static void
add_interfaces(struct serve_hosts *h, const struct sockaddr *bound)
{
	struct ifaddrs		*ifs = NULL, *i;
	const struct sockaddr	*sa;
	char			*t, name[256];
	int			 pass;

	if (getifaddrs(&ifs) == 0) {
		for (pass = 0; pass < 3; pass++)
			for (i = ifs; i != NULL; i = i->ifa_next) {
				if ((sa = i->ifa_addr) == NULL ||
				    (sa->sa_family == AF_INET6 &&
				    bound->sa_family != AF_INET6) ||
				    (t = addr_text(sa)) == NULL)
					continue;
				/* IPv4 first, then IPv6, then loopback. */
				if (pass == 0 && sa->sa_family == AF_INET &&
				    !serve_host_is_loopback(sa))
					add_origin(h, t);
				if (pass == 1 && sa->sa_family == AF_INET6 &&
				    !serve_host_is_loopback(sa) &&
				    !IN6_IS_ADDR_LINKLOCAL(&((const struct
				    sockaddr_in6 *)sa)->sin6_addr))
					add_origin(h, t);
				if (pass == 2)
					add_name(h, t, strlen(t));
				free(t);
			}
		freeifaddrs(ifs);
	}
	if (gethostname(name, sizeof(name) - 8) == 0 && name[0] != '\0') {
		name[sizeof(name) - 9] = '\0';
		add_name(h, name, strlen(name));
		if (strchr(name, '.') == NULL) {
			strcat(name, ".local");
			add_name(h, name, strlen(name));
		}
	}
}

struct serve_hosts *
serve_hosts_new(const char *bind, const struct sockaddr *bound,
    unsigned port)
{
	struct serve_hosts	*h = xcalloc(1, sizeof(*h));
	char			*t, *b;

	h->port = port;
	add_name(h, "localhost", 9);
	add_name(h, "127.0.0.1", 9);
	add_name(h, "[::1]", 5);
	if (strchr(bind, ':') != NULL) {
		if (asprintf(&b, "[%s]", bind) < 0)
			abort();
	} else
		b = xstrdup(bind);
	add_name(h, b, strlen(b));
	if ((t = addr_text(bound)) != NULL)
		add_name(h, t, strlen(t));
	free(t);
	if (serve_host_is_wildcard(bound)) {
		add_interfaces(h, bound);
		add_origin(h, "127.0.0.1");
	} else
		add_origin(h, b);
	free(b);
	return h;
}

void
serve_hosts_free(struct serve_hosts *h)
{
	size_t	 i;

	if (h == NULL)
		return;
	for (i = 0; i < h->nnames; i++)
		free(h->names[i]);
	for (i = 0; i < h->norigins; i++)
		free(h->origins[i]);
	free(h->names);
	free(h->origins);
	free(h);
}

bool
serve_hosts_allow(const struct serve_hosts *h, const char *host)
{
	const char	*end, *port;
	unsigned long	 p;
	char		*e;
	size_t		 len, i;

	if (host == NULL)
		return true;
	if (host[0] == '[') {
		if ((end = strchr(host, ']')) == NULL)
			return false;
		end++;
	} else {
		end = host + strcspn(host, ":");
		if (strchr(end + (*end != '\0'), ':') != NULL)
			return false;
	}
	port = end;
	if (*port == ':') {
		port++;
		/* As browsers write it: digits, no leading zero. */
		if (*port < '1' || *port > '9' || strlen(port) > 5)
			return false;
		p = strtoul(port, &e, 10);
		if (*e != '\0' || p != h->port)
			return false;
	} else if (*port != '\0')
		return false;
	len = (size_t)(end - host);
	for (i = 0; i < h->nnames; i++)
		if (strlen(h->names[i]) == len &&
		    strncasecmp(h->names[i], host, len) == 0)
			return true;
	return false;
}

const char *
serve_hosts_origin(const struct serve_hosts *h, size_t i)
{
	return i < h->norigins ? h->origins[i] : NULL;
}
