/*
 * serve: build, watch, serve, reload.
 *
 * Threads: libmicrohttpd polls every connection (epoll) from a small
 * pool of threads, so that a thousand idle or slow clients cost sockets
 * and memory, not threads; an event stream with nothing to say is
 * suspended, and resumed after each build and every PING_SECONDS.  The
 * watcher thread reads inotify, runs every build after the first and
 * sends the pings; serve_run's thread waits for a signal.  The state
 * shared between them (build generation, last error, base path, the
 * event streams) is under s->lock, and s->cond is broadcast after each
 * build and on stop.
 *
 * Connections are limited in all (CONN_LIMIT, fewer if file descriptors
 * are short) and, on a public address, per client address (CONN_PER_IP);
 * one idle for CONN_TIMEOUT seconds is closed.
 *
 * The output is replaced by site_build with one RENAME_EXCHANGE, so a
 * request sees the old tree or the new one; a request that loses a race
 * with the removal of the old tree waits for the build and looks again.
 *
 * Event streams follow the WHATWG HTML standard, "Server-sent events"
 * (text/event-stream): each build sends "event: build" whose data is a
 * token naming the server instance and the build; a page compares it
 * with the token it was served with and reloads when they differ, which
 * also covers a build that finished before its stream connected.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <dlfcn.h>
#include <microhttpd.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "output.h"
#include "serve.h"
#include "serve_host.h"
#include "serve_req.h"
#include "site.h"
#include "util.h"

#ifndef MHD_SONAME
#define MHD_SONAME	"libmicrohttpd.so.12"
#endif
#define EVENTS_PATH	"/__heraldo/events"
#define DEBOUNCE_MS	100	/* quiet time after the last change */
#define MAX_WAIT_MS	1000	/* build anyway while changes keep coming */
#define PING_SECONDS	15	/* keeps idle event streams open */
#define GONE_POLL_MS	500	/* how often to look for a deleted site */
#define POOL_THREADS	4	/* libmicrohttpd's threads */
#define CONN_LIMIT	2048	/* connections at once, in all */
#define CONN_PER_IP	256	/* from one address, when --public */
#define CONN_TIMEOUT	15	/* seconds a connection may sit idle */
#define FD_RESERVE	256	/* descriptors kept for the builds */
#define WATCH_MASK	(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | \
			    IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | \
			    IN_DELETE_SELF | IN_MOVE_SELF | \
			    IN_ONLYDIR | IN_DONT_FOLLOW)

/*
 * libmicrohttpd is opened when a server starts rather than linked: no
 * build serves, and loading the library with GnuTLS and the eight more
 * it needs cost every heraldo process some 5 ms.
 */
static struct {
	__typeof__(MHD_start_daemon)	*start_daemon;
	__typeof__(MHD_stop_daemon)	*stop_daemon;
	__typeof__(MHD_create_response_from_buffer)
					*create_response_from_buffer;
	__typeof__(MHD_create_response_from_callback)
					*create_response_from_callback;
	__typeof__(MHD_create_response_from_fd)
					*create_response_from_fd;
	__typeof__(MHD_add_response_header)
					*add_response_header;
	__typeof__(MHD_destroy_response)	*destroy_response;
	__typeof__(MHD_queue_response)	*queue_response;
	__typeof__(MHD_suspend_connection)	*suspend_connection;
	__typeof__(MHD_resume_connection)	*resume_connection;
	__typeof__(MHD_lookup_connection_value)
					*lookup_connection_value;
} mhd;

static int
mhd_load(struct diags *d)
{
	static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
	static void		*lib;
	const char		*err = NULL;

	pthread_mutex_lock(&lock);
	if (lib == NULL && (lib = dlopen(MHD_SONAME, RTLD_NOW)) == NULL)
		err = dlerror();
#define SYM(name)							\
	if (err == NULL && (*(void **)&mhd.name = dlsym(lib,		\
	    "MHD_" #name)) == NULL)					\
		err = dlerror();
	SYM(start_daemon)
	SYM(stop_daemon)
	SYM(create_response_from_buffer)
	SYM(create_response_from_callback)
	SYM(create_response_from_fd)
	SYM(add_response_header)
	SYM(destroy_response)
	SYM(queue_response)
	SYM(lookup_connection_value)
	SYM(suspend_connection)
	SYM(resume_connection)
#undef SYM
	pthread_mutex_unlock(&lock);
	if (err != NULL) {
		diag_error(d, NULL, 0, 0, "cannot load %s: %s", MHD_SONAME,
		    err);
		return -1;
	}
	return 0;
}

/*
 * What a build reads.  A site at a repository's root (heraldo's own is
 * one) also holds sources and build folders that change all the time,
 * so at the top only these count; below them, everything does.
 */
static const char *const inputs[] = {
	"site.yaml", "content", "layouts", "static", "i18n", NULL
};

struct watch {
	int	 wd;
	char	*path;		/* absolute */
	bool	 top;		/* the site folder itself */
};

struct sse;

struct serve {
	char			*site;		/* absolute site folder */
	char			*tmp;		/* private folder */
	char			*out;		/* tmp/public: the output */
	char			*origin;	/* "http://127.0.0.1:1313" */
	struct serve_hosts	*hosts;		/* what Host may name */
	bool			 public;	/* reachable from elsewhere */
	FILE			*log;
	unsigned		 port;
	unsigned long		 instance;	/* this run, among restarts */
	struct MHD_Daemon	*mhd;
	int			 ifd;		/* inotify */
	int			 wake[2];	/* a byte stops the watcher */
	struct watch		*watches;
	size_t			 nwatches;
	pthread_t		 watcher;
	bool			 watching;	/* the watcher thread runs */
	bool			 gone;		/* the site folder is missing */

	pthread_mutex_t		 lock;		/* guards what follows */
	pthread_cond_t		 cond;
	unsigned long		 gen;		/* builds finished */
	bool			 built;		/* a build succeeded */
	bool			 building;
	bool			 stopping;
	char			*error;		/* last build's diagnostics */
	char			*base_path;	/* last good build's: "/" */
	unsigned long		 pings;		/* pings sent */
	struct sse		*streams;	/* every open event stream */
};

/* One event stream: its position, in s->streams. */
struct sse {
	struct serve		*s;
	struct MHD_Connection	*c;
	unsigned long		 gen;
	unsigned long		 pings;
	bool			 started;
	bool			 suspended;	/* waits for news */
	struct sse		*next, *prev;
};

static double
ms_since(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * The base URL's path from site.yaml ("/" or "/blog/"), so that the
 * preview serves the site under the same path as production.  A broken
 * site.yaml gives "/": the build reports it.
 */
static char *
site_base_path(const struct serve *s)
{
	struct arena	*a = arena_new();
	struct diags	*d = diags_new();
	struct siteconf	 c;
	char		*path, *text, *bp;
	size_t		 len;

	path = arena_printf(a, "%s/site.yaml", s->site);
	text = util_read_file(path, &len);
	if (text != NULL && config_load(&c, text, len, "site.yaml", NULL, a,
	    d) == 0)
		bp = xstrdup(c.base_path);
	else
		bp = xstrdup("/");
	free(text);
	diags_free(d);
	arena_free(a);
	return bp;
}

static void	streams_wake(struct serve *);

/*
 * inotify.  Every folder under the inputs gets a watch; a folder created
 * or moved in is walked and watched at once, so files made in it before
 * its watch existed are still seen by the build that follows.
 */
static struct watch *
watch_find(struct serve *s, int wd)
{
	size_t	 i;

	for (i = 0; i < s->nwatches; i++)
		if (s->watches[i].wd == wd)
			return &s->watches[i];
	return NULL;
}

static void
watch_remove_at(struct serve *s, size_t i)
{
	free(s->watches[i].path);
	s->watches[i] = s->watches[--s->nwatches];
}

static bool
is_input(const char *name)
{
	size_t	 i;

	for (i = 0; inputs[i] != NULL; i++)
		if (strcmp(name, inputs[i]) == 0)
			return true;
	return false;
}

static void watch_tree(struct serve *, const char *path, bool top);

static void
watch_children(struct serve *s, const char *path, bool top)
{
	DIR		*dir;
	struct dirent	*e;
	struct stat	 st;
	char		*sub;

	if ((dir = opendir(path)) == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, ".git") == 0)
			continue;
		if (top && !is_input(e->d_name))
			continue;
		if (asprintf(&sub, "%s/%s", path, e->d_name) < 0)
			abort();
		if (e->d_type == DT_DIR || (e->d_type == DT_UNKNOWN &&
		    lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)))
			watch_tree(s, sub, false);
		free(sub);
	}
	closedir(dir);
}

static void
watch_tree(struct serve *s, const char *path, bool top)
{
	struct watch	*w;
	int		 wd;

	if (strcmp(path, s->tmp) == 0)
		return;
	if ((wd = inotify_add_watch(s->ifd, path, WATCH_MASK)) < 0) {
		if (errno == ENOSPC)
			fprintf(s->log, "heraldo: cannot watch %s: too many "
			    "folders (raise fs.inotify.max_user_watches)\n",
			    path);
		return;
	}
	/* A folder moved within the site keeps its watch: rename it. */
	if ((w = watch_find(s, wd)) != NULL) {
		free(w->path);
		w->path = xstrdup(path);
	} else {
		s->watches = xrealloc(s->watches, (s->nwatches + 1) *
		    sizeof(*s->watches));
		w = &s->watches[s->nwatches++];
		w->wd = wd;
		w->path = xstrdup(path);
	}
	w->top = top;
	watch_children(s, path, top);
}

/* Stop watching "path" and everything below it (it moved away). */
static void
unwatch_tree(struct serve *s, const char *path)
{
	size_t	 i, n = strlen(path);

	for (i = 0; i < s->nwatches; ) {
		if (strncmp(s->watches[i].path, path, n) == 0 &&
		    (s->watches[i].path[n] == '\0' ||
		    s->watches[i].path[n] == '/')) {
			inotify_rm_watch(s->ifd, s->watches[i].wd);
			watch_remove_at(s, i);
		} else
			i++;
	}
}

/*
 * The site folder was deleted or moved away: its watches died with it
 * (or follow it elsewhere).  Drop them all and say so; watch_main looks
 * for the folder again every GONE_POLL_MS.
 */
static void
site_gone(struct serve *s)
{
	unwatch_tree(s, s->site);
	if (s->gone)
		return;
	s->gone = true;
	fprintf(s->log, "heraldo: the site folder %s is gone; still serving "
	    "the last good build, and building again when the folder is "
	    "back\n", s->site);
	fflush(s->log);
}

/* Whether the site folder is back; if so it is watched again. */
static bool
site_back(struct serve *s)
{
	struct stat	 st;

	if (stat(s->site, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	s->gone = false;
	watch_tree(s, s->site, true);
	fprintf(s->log, "heraldo: the site folder %s is back; watching it "
	    "again\n", s->site);
	fflush(s->log);
	return true;
}

/* Read what inotify has; whether any of it should cause a build. */
static bool
drain_events(struct serve *s)
{
	char				 ev[8192]
					    __attribute__((aligned(8)));
	const struct inotify_event	*e;
	struct watch			*w;
	char				*path;
	ssize_t				 n, off;
	bool				 relevant = false;

	while ((n = read(s->ifd, ev, sizeof(ev))) > 0) {
		for (off = 0; off < n; off += (ssize_t)sizeof(*e) + e->len) {
			e = (const struct inotify_event *)(ev + off);
			if (e->mask & IN_Q_OVERFLOW) {
				/* Events were lost: look at everything. */
				watch_tree(s, s->site, true);
				relevant = true;
				continue;
			}
			if ((w = watch_find(s, e->wd)) == NULL)
				continue;
			if (w->top && (e->mask & (IN_DELETE_SELF |
			    IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT))) {
				site_gone(s);
				continue;
			}
			if (e->mask & IN_IGNORED) {
				watch_remove_at(s, (size_t)(w - s->watches));
				continue;
			}
			if (e->len == 0 || strcmp(e->name, ".git") == 0)
				continue;
			if (w->top && !is_input(e->name))
				continue;
			relevant = true;
			if (!(e->mask & IN_ISDIR))
				continue;
			if (asprintf(&path, "%s/%s", w->path, e->name) < 0)
				abort();
			if (e->mask & IN_MOVED_FROM)
				unwatch_tree(s, path);
			if (e->mask & (IN_CREATE | IN_MOVED_TO))
				watch_tree(s, path, false);
			free(path);
		}
	}
	return relevant;
}

/* Build the work tree into the private folder; announce the result. */
static void
rebuild(struct serve *s)
{
	struct site_opts	 o;
	struct site_stats	 st;
	struct diags		*d = diags_new();
	const struct diag	*x;
	struct buf		 err = BUF_INIT;
	char			*base_path, *base_url, *line;
	size_t			 i;
	int			 rc;

	pthread_mutex_lock(&s->lock);
	s->building = true;
	pthread_mutex_unlock(&s->lock);

	base_path = site_base_path(s);
	if (asprintf(&base_url, "%s%s", s->origin, base_path) < 0)
		abort();
	memset(&o, 0, sizeof(o));
	memset(&st, 0, sizeof(st));
	o.site_dir = s->site;
	o.worktree = true;
	o.out = s->out;
	o.drafts = true;
	o.future = true;
	/* A private output, removed when serving ends: no cache beside it. */
	o.no_cache = true;
	o.base_url = base_url;
	rc = site_build(&o, &st, d);

	diags_print(d, s->log);
	if (rc == 0)
		fprintf(s->log, "heraldo: built %lu posts, %lu pages in "
		    "%.0f ms: %lu files written, %lu unchanged\n", st.posts,
		    st.pages, st.seconds * 1e3, st.written, st.unchanged);
	else {
		fprintf(s->log, "heraldo: the build failed; %s\n", s->built ?
		    "still serving the last good build" : "nothing to serve "
		    "until it is fixed");
		for (i = 0; (x = diags_get(d, i)) != NULL; i++) {
			if (x->level != DIAG_ERROR)
				continue;
			line = diag_format(x);
			buf_printf(&err, "%s\n", line);
			free(line);
		}
		if (err.len == 0)
			buf_puts(&err, "error: the build failed\n");
	}
	fflush(s->log);

	pthread_mutex_lock(&s->lock);
	free(s->error);
	s->error = rc == 0 ? NULL : buf_detach(&err, NULL);
	if (rc == 0) {
		s->built = true;
		free(s->base_path);
		s->base_path = base_path;
		base_path = NULL;
	}
	s->gen++;
	s->building = false;
	pthread_cond_broadcast(&s->cond);
	streams_wake(s);
	pthread_mutex_unlock(&s->lock);

	buf_free(&err);
	free(base_path);
	free(base_url);
	diags_free(d);
}

/* Milliseconds until "t", at least 0. */
static int
ms_until(const struct timespec *t)
{
	double	 ms = -ms_since(t);

	return ms <= 0 ? 0 : (int)ms + 1;
}

/*
 * The watcher: builds after changes settle (DEBOUNCE_MS, at most
 * MAX_WAIT_MS after the first), pings the event streams, and looks for
 * a deleted site folder to come back.
 */
static void *
watch_main(void *arg)
{
	struct serve	*s = arg;
	struct pollfd	 pfd[2];
	struct timespec	 first, last, ping;
	bool		 pending = false;
	int		 n, wait, quiet;

	clock_gettime(CLOCK_MONOTONIC, &ping);
	first = last = ping;
	ping.tv_sec += PING_SECONDS;
	for (;;) {
		pfd[0].fd = s->ifd;
		pfd[0].events = POLLIN;
		pfd[1].fd = s->wake[0];
		pfd[1].events = POLLIN;
		wait = ms_until(&ping);
		if (pending) {
			quiet = DEBOUNCE_MS - (int)ms_since(&last);
			if (wait > quiet)
				wait = quiet < 0 ? 0 : quiet;
		}
		if (s->gone && wait > GONE_POLL_MS)
			wait = GONE_POLL_MS;
		n = poll(pfd, 2, wait);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && pfd[1].revents != 0)
			break;
		if (ms_until(&ping) == 0) {
			pthread_mutex_lock(&s->lock);
			s->pings++;
			streams_wake(s);
			pthread_mutex_unlock(&s->lock);
			clock_gettime(CLOCK_MONOTONIC, &ping);
			ping.tv_sec += PING_SECONDS;
		}
		if ((s->gone && site_back(s)) ||
		    (n > 0 && (pfd[0].revents & POLLIN) && drain_events(s))) {
			clock_gettime(CLOCK_MONOTONIC, &last);
			if (!pending)
				first = last;
			pending = true;
		}
		/* Nothing to build from while the folder is gone. */
		if (pending && s->gone)
			pending = false;
		if (pending && (ms_since(&last) >= DEBOUNCE_MS ||
		    ms_since(&first) >= MAX_WAIT_MS)) {
			pending = false;
			rebuild(s);
		}
	}
	return NULL;
}

/*
 * HTTP.  Paths arrive still percent-encoded (see keep_escaped) and are
 * decoded here, strictly.
 */

/* MHD_OPTION_UNESCAPE_CALLBACK: leave the path as the client sent it. */
static size_t
keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static enum MHD_Result
reply(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
    const char *type)
{
	enum MHD_Result	 ret;

	if (r == NULL)
		return MHD_NO;
	if (type != NULL)
		mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	/* Revalidate every time: the next build may change anything. */
	mhd.add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = mhd.queue_response(c, status, r);
	mhd.destroy_response(r);
	return ret;
}

static enum MHD_Result
reply_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return reply(c, status, mhd.create_response_from_buffer(strlen(text),
	    (void *)text, MHD_RESPMEM_PERSISTENT),
	    "text/plain; charset=utf-8");
}

/*
 * The markup added to served pages: the reload script and, after a
 * failed build, the errors over the page.  Called with s->lock held.
 */
static void
snippet(struct buf *b, struct serve *s)
{
	buf_printf(b, "<script>/* heraldo serve: reload after each build */"
	    "(function(){var t=\"%lx-%lu\",e=new EventSource(\"%s\");"
	    "e.addEventListener(\"build\",function(m){if(m.data!==t){"
	    "e.close();location.reload();}});})();</script>\n",
	    s->instance, s->gen, EVENTS_PATH);
	if (s->error == NULL)
		return;
	buf_puts(b, "<pre id=\"heraldo-error\" role=\"alert\" style=\""
	    "position:fixed;top:0;left:0;right:0;z-index:2147483647;"
	    "max-height:60vh;overflow:auto;margin:0;padding:1em 1.25em;"
	    "background:#fff0f0;color:#600;border-bottom:3px solid #c00;"
	    "font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap\">"
	    "<strong>heraldo: the build failed");
	buf_puts(b, s->built ? "; this page is from the last good build" :
	    "");
	buf_puts(b, "</strong>\n");
	buf_put_html(b, s->error, strlen(s->error));
	buf_puts(b, "</pre>\n");
}

/* html[0..len) with the snippet before its last </body>, malloc'd. */
static char *
inject(size_t *outlen, const char *html, size_t len, struct serve *s)
{
	struct buf	 b = BUF_INIT;
	size_t		 at = len, i;

	for (i = len; i >= 7; i--)
		if (strncasecmp(html + i - 7, "</body>", 7) == 0) {
			at = i - 7;
			break;
		}
	buf_put(&b, html, at);
	pthread_mutex_lock(&s->lock);
	snippet(&b, s);
	pthread_mutex_unlock(&s->lock);
	buf_put(&b, html + at, len - at);
	buf_cstr(&b);
	return buf_detach(&b, outlen);
}

/* A page from an open HTML file, with the snippet, as a response. */
static struct MHD_Response *
html_response(struct serve *s, int fd, const struct stat *st)
{
	struct buf	 b = BUF_INIT;
	char		*data;
	size_t		 len;
	ssize_t		 n;

	buf_grow(&b, (size_t)st->st_size + 1);
	while ((n = read(fd, b.data + b.len, b.cap - b.len)) > 0) {
		b.len += (size_t)n;
		if (b.len == b.cap)
			buf_grow(&b, 4096);
	}
	close(fd);
	data = inject(&len, b.data, b.len, s);
	buf_free(&b);
	return mhd.create_response_from_buffer(len, data,
	    MHD_RESPMEM_MUST_FREE);
}

/* Before any build succeeded: the errors, in place of every page. */
static enum MHD_Result
reply_no_site(struct MHD_Connection *c, struct serve *s)
{
	static const char	 page[] = "<!DOCTYPE html>\n<html><head>"
	    "<meta charset=\"utf-8\"><title>heraldo: build failed</title>"
	    "</head><body></body></html>\n";
	char			*data;
	size_t			 len;

	data = inject(&len, page, sizeof(page) - 1, s);
	return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
	    mhd.create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE),
	    "text/html; charset=utf-8");
}

/*
 * Resume every event stream waiting for news: after a build, for a
 * ping, on stop.  Called with s->lock held; a stream suspends itself
 * under the same lock, so none is missed.
 */
static void
streams_wake(struct serve *s)
{
	struct sse	*e;

	for (e = s->streams; e != NULL; e = e->next)
		if (e->suspended) {
			e->suspended = false;
			mhd.resume_connection(e->c);
		}
}

/*
 * The next bytes of an event stream: the build token first, then one
 * event per build and a comment per ping.  With nothing to send, the
 * connection is suspended until streams_wake (MHD calls again then).
 */
static ssize_t
sse_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct sse	*e = cls;
	struct serve	*s = e->s;
	int		 n;

	(void)pos;
	pthread_mutex_lock(&s->lock);
	if (s->stopping) {
		pthread_mutex_unlock(&s->lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (!e->started || s->gen != e->gen)
		n = snprintf(out, max, "%sevent: build\ndata: %lx-%lu\n\n",
		    e->started ? "" : "retry: 1000\n", s->instance, s->gen);
	else if (s->pings != e->pings)
		n = snprintf(out, max, ": ping\n\n");
	else {
		e->suspended = true;
		mhd.suspend_connection(e->c);
		pthread_mutex_unlock(&s->lock);
		return 0;
	}
	e->gen = s->gen;
	e->pings = s->pings;
	e->started = true;
	pthread_mutex_unlock(&s->lock);
	if (n < 0 || (size_t)n >= max)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	return n;
}

/* The stream's connection is gone: forget it. */
static void
sse_free(void *cls)
{
	struct sse	*e = cls;
	struct serve	*s = e->s;

	pthread_mutex_lock(&s->lock);
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		s->streams = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	pthread_mutex_unlock(&s->lock);
	free(e);
}

static enum MHD_Result
reply_events(struct MHD_Connection *c, struct serve *s)
{
	struct MHD_Response	*r;
	struct sse		*e;
	enum MHD_Result		 ret;

	e = xcalloc(1, sizeof(*e));
	e->s = s;
	e->c = c;
	r = mhd.create_response_from_callback(MHD_SIZE_UNKNOWN, 256,
	    sse_read, e, sse_free);
	if (r == NULL) {
		free(e);
		return MHD_NO;
	}
	pthread_mutex_lock(&s->lock);
	e->next = s->streams;
	if (s->streams != NULL)
		s->streams->prev = e;
	s->streams = e;
	pthread_mutex_unlock(&s->lock);
	mhd.add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/event-stream");
	mhd.add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	ret = mhd.queue_response(c, MHD_HTTP_OK, r);
	mhd.destroy_response(r);
	return ret;
}

/*
 * Open out/rel.  A lookup that fails while a build swaps the output, or
 * just after, waits for the build and tries once more.
 */
static int
open_output(struct serve *s, const char *rel, struct stat *st)
{
	char		*path;
	unsigned long	 gen;
	bool		 busy, raced;
	int		 fd = -1, tries;

	if (asprintf(&path, "%s/%s", s->out, rel) < 0)
		abort();
	for (tries = 0; tries < 2; tries++) {
		pthread_mutex_lock(&s->lock);
		while (tries > 0 && s->building && !s->stopping)
			pthread_cond_wait(&s->cond, &s->lock);
		gen = s->gen;
		busy = s->building;
		pthread_mutex_unlock(&s->lock);
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd >= 0 || (errno != ENOENT && errno != ENOTDIR))
			break;
		pthread_mutex_lock(&s->lock);
		raced = busy || s->building || s->gen != gen;
		pthread_mutex_unlock(&s->lock);
		if (!raced)
			break;
	}
	free(path);
	if (fd >= 0 && fstat(fd, st) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static enum MHD_Result
reply_not_found(struct MHD_Connection *c, struct serve *s)
{
	struct stat	 st;
	int		 fd;

	if ((fd = open_output(s, "404.html", &st)) < 0)
		return reply_text(c, MHD_HTTP_NOT_FOUND, "404 not found\n");
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return reply_text(c, MHD_HTTP_NOT_FOUND, "404 not found\n");
	}
	return reply(c, MHD_HTTP_NOT_FOUND, html_response(s, fd, &st),
	    "text/html; charset=utf-8");
}

static enum MHD_Result
reply_file(struct MHD_Connection *c, struct serve *s, const char *url,
    const char *path)
{
	struct MHD_Response	*r;
	struct stat		 st;
	const char		*type, *inm;
	char			*rel, *loc, etag[128];
	unsigned long long	 ino, size, mtime;
	unsigned long		 gen;
	size_t			 n;
	bool			 html;
	int			 fd;

	pthread_mutex_lock(&s->lock);
	if (!s->built) {
		pthread_mutex_unlock(&s->lock);
		return reply_no_site(c, s);
	}
	gen = s->gen;
	n = strlen(s->base_path);
	if (strncmp(path, s->base_path, n) != 0) {
		/* The site lives under base_url's path: send "/" there. */
		if (strcmp(path, "/") == 0 || (strlen(path) == n - 1 &&
		    strncmp(path, s->base_path, n - 1) == 0)) {
			r = mhd.create_response_from_buffer(0, NULL,
			    MHD_RESPMEM_PERSISTENT);
			if (r != NULL)
				mhd.add_response_header(r,
				    MHD_HTTP_HEADER_LOCATION, s->base_path);
			pthread_mutex_unlock(&s->lock);
			return reply(c, MHD_HTTP_FOUND, r, NULL);
		}
		pthread_mutex_unlock(&s->lock);
		return reply_not_found(c, s);
	}
	if (asprintf(&rel, "%s%s", path + n,
	    path[strlen(path) - 1] == '/' ? "index.html" : "") < 0)
		abort();
	pthread_mutex_unlock(&s->lock);

	fd = open_output(s, rel, &st);
	if (fd >= 0 && S_ISDIR(st.st_mode)) {
		/* A folder: its URL ends in "/" (relative links need it). */
		close(fd);
		free(rel);
		if (asprintf(&loc, "%s/", url) < 0)
			abort();
		r = mhd.create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
		if (r != NULL)
			mhd.add_response_header(r, MHD_HTTP_HEADER_LOCATION,
			    loc);
		free(loc);
		return reply(c, MHD_HTTP_MOVED_PERMANENTLY, r, NULL);
	}
	if (fd >= 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		free(rel);
		return reply_not_found(c, s);
	}

	type = serve_req_type(rel, fd);
	free(rel);
	html = strncmp(type, "text/html", 9) == 0;
	/*
	 * From the file's identity, size and time: an unchanged file keeps
	 * them across builds, since the output links it from the previous
	 * one.  Pages embed the server's build token, so it is in theirs.
	 */
	ino = (unsigned long long)st.st_ino;
	size = (unsigned long long)st.st_size;
	mtime = (unsigned long long)st.st_mtim.tv_sec * 1000000000ull +
	    (unsigned long long)st.st_mtim.tv_nsec;
	if (html)
		snprintf(etag, sizeof(etag), "\"%llx-%llx-%llx-%lx-%lu\"",
		    ino, size, mtime, s->instance, gen);
	else
		snprintf(etag, sizeof(etag), "\"%llx-%llx-%llx\"", ino, size,
		    mtime);
	inm = mhd.lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL && serve_req_etag_matches(inm, etag)) {
		close(fd);
		r = mhd.create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
		if (r != NULL)
			mhd.add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
		return reply(c, MHD_HTTP_NOT_MODIFIED, r, NULL);
	}
	if (html)
		r = html_response(s, fd, &st);
	else if ((r = mhd.create_response_from_fd((size_t)st.st_size,
	    fd)) == NULL)
		close(fd);
	if (r != NULL)
		mhd.add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	return reply(c, MHD_HTTP_OK, r, type);
}

/*
 * A request for a name that is not this server's: a page elsewhere may
 * have pointed its own name here (DNS rebinding) to read the drafts.
 */
static enum MHD_Result
reply_forbidden(struct MHD_Connection *c, struct serve *s)
{
	char	*text;
	int	 n;

	n = asprintf(&text, "403 forbidden: this preview answers only "
	    "requests addressed to it, such as %s/ (the Host header names "
	    "another server); this keeps other web sites from reading it\n",
	    s->origin);
	if (n < 0)
		abort();
	return reply(c, MHD_HTTP_FORBIDDEN, mhd.create_response_from_buffer(
	    (size_t)n, text, MHD_RESPMEM_MUST_FREE),
	    "text/plain; charset=utf-8");
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_len, void **state)
{
	struct serve		*s = cls;
	struct MHD_Response	*r;
	enum MHD_Result		 ret;
	char			*path;

	(void)version;
	(void)upload;
	/* The first call only announces the request (MHD's protocol). */
	if (*state == NULL) {
		*state = s;
		return MHD_YES;
	}
	if (*upload_len != 0) {
		*upload_len = 0;
		return MHD_YES;
	}
	if (!serve_hosts_allow(s->hosts, mhd.lookup_connection_value(c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST)))
		return reply_forbidden(c, s);
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		r = mhd.create_response_from_buffer(0, NULL,
		    MHD_RESPMEM_PERSISTENT);
		if (r != NULL)
			mhd.add_response_header(r, MHD_HTTP_HEADER_ALLOW,
			    "GET, HEAD");
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, r, NULL);
	}
	if (strcmp(url, EVENTS_PATH) == 0)
		return reply_events(c, s);
	path = xmalloc(strlen(url) + 1);
	if (serve_req_path(path, url) < 0)
		ret = reply_text(c, MHD_HTTP_BAD_REQUEST, "400 bad request\n");
	else
		ret = reply_file(c, s, url, path);
	free(path);
	return ret;
}

/*
 * Bind and listen on "addr" (any IPv4 or IPv6 address or name); *bound
 * is the address listened on.  One other machines can reach needs
 * "public": the preview shows drafts and future posts.
 */
static int
listen_on(int *fdp, struct sockaddr_storage *bound, const char *addr,
    unsigned want, bool public, struct diags *d)
{
	struct addrinfo		 hints, *res = NULL;
	socklen_t		 sl = sizeof(*bound);
	char			 service[16];
	int			 fd = -1, one = 1, e, rc = -1;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(service, sizeof(service), "%u", want);
	if ((e = getaddrinfo(addr, service, &hints, &res)) != 0) {
		diag_error(d, NULL, 0, 0, "--bind: \"%s\": %s", addr,
		    gai_strerror(e));
		goto out;
	}
	if (!public && !serve_host_is_loopback(res->ai_addr)) {
		diag_error(d, NULL, 0, 0, "--bind %s: other machines could "
		    "reach the preview there, and it shows drafts and future "
		    "posts; add --public if that is what you want, or leave "
		    "--bind out to serve this machine only (127.0.0.1)",
		    addr);
		goto out;
	}
	if ((fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC,
	    res->ai_protocol)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 ||
	    listen(fd, 256) != 0 ||
	    getsockname(fd, (struct sockaddr *)bound, &sl) != 0) {
		diag_error(d, NULL, 0, 0, "cannot listen on %s port %u: %s",
		    addr, want, strerror(errno));
		goto out;
	}
	*fdp = fd;
	fd = -1;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (res != NULL)
		freeaddrinfo(res);
	return rc;
}

/*
 * Connections at once: CONN_LIMIT, or fewer when file descriptors are
 * short (each connection holds one; builds need FD_RESERVE).  The soft
 * limit is raised as far as the hard one allows first.
 */
static unsigned
conn_limit(void)
{
	struct rlimit	 rl;
	rlim_t		 want = CONN_LIMIT + FD_RESERVE + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 512;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ||
		    rl.rlim_max > want ? want : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
		return CONN_LIMIT;
	if (rl.rlim_cur < FD_RESERVE + 64 + 64)
		return 64;
	return (unsigned)(rl.rlim_cur - FD_RESERVE - 64);
}

int
serve_start(struct serve **out, const struct serve_opts *opts,
    struct diags *d)
{
	struct serve		*s;
	pthread_condattr_t	 ca;
	const char		*tmpdir;
	struct sockaddr_storage	 bound;
	char			*site = NULL;
	unsigned		 limit;
	bool			 v6;
	int			 lfd = -1;

	*out = NULL;
	s = xcalloc(1, sizeof(*s));
	s->ifd = s->wake[0] = s->wake[1] = -1;
	s->log = opts->log != NULL ? opts->log : stderr;
	s->instance = ((unsigned long)time(NULL) << 16) ^
	    (unsigned long)getpid();
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cond, &ca);
	pthread_condattr_destroy(&ca);

	if ((site = realpath(opts->site_dir, NULL)) == NULL) {
		diag_error(d, NULL, 0, 0, "site folder %s: %s",
		    opts->site_dir, strerror(errno));
		goto fail;
	}
	s->site = site;
	/* Outside the site, so it is neither watched nor committed. */
	if ((tmpdir = getenv("TMPDIR")) == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	if (asprintf(&s->tmp, "%s/heraldo-serve-XXXXXX", tmpdir) < 0)
		abort();
	if (mkdtemp(s->tmp) == NULL) {
		diag_error(d, NULL, 0, 0, "cannot make a folder in %s: %s",
		    tmpdir, strerror(errno));
		free(s->tmp);
		s->tmp = NULL;
		goto fail;
	}
	if (asprintf(&s->out, "%s/public", s->tmp) < 0)
		abort();
	if (mhd_load(d) < 0 || listen_on(&lfd, &bound, opts->bind,
	    opts->port, opts->public, d) < 0)
		goto fail;
	v6 = bound.ss_family == AF_INET6;
	s->port = ntohs(v6 ? ((struct sockaddr_in6 *)&bound)->sin6_port :
	    ((struct sockaddr_in *)&bound)->sin_port);
	s->public = opts->public;
	s->hosts = serve_hosts_new(opts->bind, (struct sockaddr *)&bound,
	    s->port);
	s->origin = xstrdup(serve_hosts_origin(s->hosts, 0));

	if ((s->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0 ||
	    pipe(s->wake) != 0) {
		diag_error(d, NULL, 0, 0, "cannot watch the site: %s",
		    strerror(errno));
		goto fail;
	}
	/* Watch before the first build, so no edit during it is missed. */
	watch_tree(s, s->site, true);
	rebuild(s);

	limit = conn_limit();
	s->mhd = mhd.start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME |
	    (v6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL, handle, s,
	    MHD_OPTION_LISTEN_SOCKET, lfd,
	    MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, s,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)POOL_THREADS,
	    MHD_OPTION_CONNECTION_LIMIT, limit,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    opts->public ? (unsigned)CONN_PER_IP : 0u,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT,
	    MHD_OPTION_END);
	if (s->mhd == NULL) {
		diag_error(d, NULL, 0, 0, "cannot start the HTTP server on "
		    "%s", s->origin);
		goto fail;
	}
	lfd = -1;	/* the daemon's now */
	if (pthread_create(&s->watcher, NULL, watch_main, s) != 0) {
		diag_error(d, NULL, 0, 0, "cannot start the watcher thread");
		goto fail;
	}
	s->watching = true;
	*out = s;
	return 0;
fail:
	if (lfd >= 0)
		close(lfd);
	serve_stop(s);
	return -1;
}

unsigned
serve_port(const struct serve *s)
{
	return s->port;
}

const char *
serve_out_dir(const struct serve *s)
{
	return s->out;
}

void
serve_stop(struct serve *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_broadcast(&s->cond);
	if (s->mhd != NULL)
		streams_wake(s);
	pthread_mutex_unlock(&s->lock);
	if (s->mhd != NULL)
		mhd.stop_daemon(s->mhd);
	if (s->watching) {
		if (write(s->wake[1], "", 1) != 1)
			abort();
		pthread_join(s->watcher, NULL);
	}
	if (s->ifd >= 0)
		close(s->ifd);
	if (s->wake[0] >= 0) {
		close(s->wake[0]);
		close(s->wake[1]);
	}
	if (s->tmp != NULL)
		output_rmtree(s->tmp);
	for (i = 0; i < s->nwatches; i++)
		free(s->watches[i].path);
	free(s->watches);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s->base_path);
	free(s->error);
	free(s->origin);
	serve_hosts_free(s->hosts);
	free(s->out);
	free(s->tmp);
	free(s->site);
	free(s);
}

/* Where the preview is, and who else can see it. */
static void
banner(struct serve *s)
{
	const char	*o, *bp;
	size_t		 i;

	pthread_mutex_lock(&s->lock);
	bp = s->base_path != NULL ? s->base_path : "/";
	fprintf(s->log, "heraldo: serving %s at %s%s", s->site, s->origin, bp);
	for (i = 1; (o = serve_hosts_origin(s->hosts, i)) != NULL; i++)
		fprintf(s->log, "%s%s%s", serve_hosts_origin(s->hosts,
		    i + 1) == NULL ? " and " : ", ", o, bp);
	fprintf(s->log, " (Ctrl-C stops)\n");
	if (s->public)
		fprintf(s->log, "heraldo: --public: anyone who can reach %s "
		    "sees this preview, drafts and future posts included\n",
		    i > 1 ? "these addresses" : "this address");
	pthread_mutex_unlock(&s->lock);
	fflush(s->log);
}

int
serve_run(const struct serve_opts *opts)
{
	struct serve	*s;
	struct diags	*d = diags_new();
	sigset_t	 set, old;
	int		 sig;

	/*
	 * Block the stop signals before any thread starts, so every thread
	 * inherits the mask and only sigwait below receives them.
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);
	if (serve_start(&s, opts, d) < 0) {
		diags_print(d, stderr);
		diags_free(d);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return 1;
	}
	diags_free(d);
	banner(s);
	while (sigwait(&set, &sig) != 0)
		continue;
	serve_stop(s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}
