/*
 * Unit tests for the preview server: a real server on a free loopback
 * port, in this process, over a small site in a real git repository,
 * spoken to with plain sockets.  Content types, the 404 page, refused
 * escapes, ETag and 304, HEAD, the reload script (served, never on
 * disk), an event after each rebuild, build errors over the last good
 * site, new folders being watched, and the private output's removal.
 * Then what keeps the preview private and available: the Host check,
 * the refusal of public addresses without --public, slow clients and
 * many event streams, and a site folder deleted and made again.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "serve.h"
#include "serve_host.h"
#include "testutil.h"
#include "util.h"

#define WAIT_MS		10000	/* longest wait for a rebuild */

struct fx {
	char		*tmp;
	char		*site;
	char		*logpath;
	FILE		*log;
	struct serve	*s;
	unsigned	 port;
};

struct resp {
	int		 status;
	char		*head;		/* status line and headers */
	char		*body;
	size_t		 body_len;
};

static const char post[] =
    "---\n"
    "title: Holiday hours\n"
    "date: 2012-12-19 12:56\n"
    "---\n"
    "The office closes on **December 24**.\n";

static void
write_site(const char *dir)
{
	tu_write(dir, "site.yaml",
	    "title: Reseller News\n"
	    "base_url: https://news.example.com/\n"
	    "locale: en\n"
	    "timezone: America/Los_Angeles\n"
	    "permalink: /:year/:month/:slug.html\n");
	tu_write(dir, "content/posts/2012/12/holiday-hours.md", post);
	tu_write(dir, "layouts/404.mustache",
	    "<!DOCTYPE html>\n<html><head><title>Not here</title></head>"
	    "<body><p id=\"missing\">No such page on {{site.title}}.</p>"
	    "</body></html>\n");
	tu_write(dir, "static/app.js", "console.log(1);\n");
	tu_write(dir, "static/data.json", "{}\n");
	tu_write(dir, "static/robots.txt", "User-agent: *\n");
	tu_write(dir, "static/closures.ics", "BEGIN:VCALENDAR\r\n");
	tu_write(dir, "static/img/logo.png", "\x89PNG");
	tu_write(dir, "static/img/photo.jpg", "\xff\xd8\xff");
	tu_write(dir, "static/img/anim.gif", "GIF89a");
	tu_write(dir, "static/img/pic.webp", "RIFF");
	tu_write(dir, "static/img/icon.ico", "ico");
	tu_write(dir, "static/fonts/sans.woff2", "wOF2");
	tu_write(dir, "static/feeds/extra-atom.xml",
	    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<!-- an Atom feed -->\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>\n");
	tu_write(dir, "static/feeds/extra-rss.xml",
	    "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"></rss>\n");
	tu_write(dir, "static/feeds/extra.json",
	    "{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n"
	    "  \"title\": \"x\", \"items\": []\n}\n");
	tu_write(dir, "static/map.xml",
	    "<?xml version=\"1.0\"?>\n<urlset></urlset>\n");
	tu_write(dir, "static/notes.unknownext", "?");
}

static struct fx *
start(bool broken)
{
	struct fx		*f = calloc(1, sizeof(*f));
	struct serve_opts	 o;
	struct diags		*d = diags_new();

	f->tmp = tu_tmpdir();
	f->site = xmalloc(strlen(f->tmp) + 8);
	sprintf(f->site, "%s/site", f->tmp);
	write_site(f->site);
	if (broken)
		tu_write(f->site, "site.yaml", "title: [Reseller News\n");
	tu_git_init(f->site);
	tu_git_commit(f->site, "2012-12-19T12:56:00-08:00", "Holiday hours");
	f->logpath = xmalloc(strlen(f->tmp) + 16);
	sprintf(f->logpath, "%s/serve.log", f->tmp);
	f->log = fopen(f->logpath, "w");
	assert_non_null(f->log);

	memset(&o, 0, sizeof(o));
	o.site_dir = f->site;
	o.bind = "127.0.0.1";
	o.port = 0;
	o.log = f->log;
	assert_int_equal(serve_start(&f->s, &o, d), 0);
	assert_int_equal(diags_count(d), 0);
	f->port = serve_port(f->s);
	assert_true(f->port > 0);
	diags_free(d);
	return f;
}

static int
setup(void **state)
{
	*state = start(false);
	return 0;
}

/* A site whose first build fails. */
static int
setup_broken(void **state)
{
	*state = start(true);
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	serve_stop(f->s);
	fclose(f->log);
	tu_rmtree(f->tmp);
	free(f->logpath);
	free(f->site);
	free(f->tmp);
	free(f);
	return 0;
}

static int
connect_to(unsigned port)
{
	struct sockaddr_in	 sin;
	struct timeval		 tv = { 10, 0 };
	int			 fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

static void
send_all(int fd, const char *s)
{
	size_t	 len = strlen(s);
	ssize_t	 n;

	while (len > 0) {
		n = send(fd, s, len, MSG_NOSIGNAL);
		assert_true(n > 0);
		s += n;
		len -= (size_t)n;
	}
}

/*
 * Send "method target" with the extra header lines "extra" (each ending
 * in \r\n) and read the whole response (the server closes).
 */
static void
http(struct resp *r, struct fx *f, const char *method, const char *target,
    const char *extra)
{
	struct buf	 req = BUF_INIT, in = BUF_INIT;
	char		 chunk[8192], *end;
	ssize_t		 n;
	int		 fd;

	buf_printf(&req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
	    "Connection: close\r\n%s\r\n", method, target, f->port,
	    extra != NULL ? extra : "");
	fd = connect_to(f->port);
	send_all(fd, buf_cstr(&req));
	while ((n = recv(fd, chunk, sizeof(chunk), 0)) > 0)
		buf_put(&in, chunk, (size_t)n);
	close(fd);
	buf_free(&req);
	buf_cstr(&in);
	end = strstr(in.data, "\r\n\r\n");
	assert_non_null(end);
	memset(r, 0, sizeof(*r));
	r->head = xstrndup(in.data, (size_t)(end - in.data) + 2);
	r->body_len = in.len - (size_t)(end + 4 - in.data);
	r->body = xstrndup(end + 4, r->body_len);
	assert_int_equal(sscanf(in.data, "HTTP/1.1 %d ", &r->status), 1);
	buf_free(&in);
}

static void
resp_free(struct resp *r)
{
	free(r->head);
	free(r->body);
}

/* The value of header "name" (malloc'd), or NULL. */
static char *
header(const struct resp *r, const char *name)
{
	const char	*p = r->head;
	size_t		 n = strlen(name), len;

	while ((p = strstr(p, "\r\n")) != NULL) {
		p += 2;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			p += strspn(p, " ");
			len = strcspn(p, "\r\n");
			return xstrndup(p, len);
		}
	}
	return NULL;
}

static void
assert_header(const struct resp *r, const char *name, const char *want)
{
	char	*v = header(r, name);

	if (v == NULL)
		fail_msg("no %s header in:\n%s", name, r->head);
	assert_string_equal(v, want);
	free(v);
}

static int
get_status(struct fx *f, const char *target)
{
	struct resp	 r;
	int		 status;

	http(&r, f, "GET", target, NULL);
	status = r.status;
	resp_free(&r);
	return status;
}

static char *
read_file(const char *path)
{
	struct buf	 b = BUF_INIT;
	char		 chunk[4096];
	size_t		 n;
	FILE		*fp = fopen(path, "rb");

	assert_non_null(fp);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, n);
	fclose(fp);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

/*
 * Event streams: open one, then read event blocks ("...\n\n"), skipping
 * comments (": ping"); each build event's data.
 */
struct stream {
	int		 fd;
	struct buf	 in;
	size_t		 off;
};

static void
stream_open(struct stream *st, struct fx *f)
{
	char	 req[256];

	memset(st, 0, sizeof(*st));
	st->fd = connect_to(f->port);
	snprintf(req, sizeof(req), "GET /__heraldo/events HTTP/1.1\r\n"
	    "Host: 127.0.0.1:%u\r\nAccept: text/event-stream\r\n\r\n",
	    f->port);
	send_all(st->fd, req);
}

static void
stream_close(struct stream *st)
{
	close(st->fd);
	buf_free(&st->in);
}

/* The data of the next "build" event (malloc'd); fails after WAIT_MS. */
static char *
stream_next(struct stream *st)
{
	struct pollfd	 p;
	char		 chunk[1024], *blk, *end, *data;
	ssize_t		 n;

	for (;;) {
		buf_cstr(&st->in);
		blk = st->in.data + st->off;
		if ((data = strstr(blk, "event: build\ndata: ")) != NULL &&
		    (end = strstr(data, "\n\n")) != NULL) {
			data += strlen("event: build\ndata: ");
			st->off = (size_t)(end + 2 - st->in.data);
			return xstrndup(data, strcspn(data, "\n"));
		}
		p.fd = st->fd;
		p.events = POLLIN;
		if (poll(&p, 1, WAIT_MS) != 1)
			fail_msg("no build event within %d ms", WAIT_MS);
		n = recv(st->fd, chunk, sizeof(chunk), 0);
		assert_true(n > 0);
		buf_put(&st->in, chunk, (size_t)n);
	}
}

static void
test_serve_content_types(void **state)
{
	static const char *const want[][2] = {
		{ "/", "text/html; charset=utf-8" },
		{ "/2012/12/holiday-hours.html", "text/html; charset=utf-8" },
		{ "/heraldo.css", "text/css; charset=utf-8" },
		{ "/app.js", "text/javascript; charset=utf-8" },
		{ "/data.json", "application/json" },
		{ "/robots.txt", "text/plain; charset=utf-8" },
		{ "/closures.ics", "text/calendar; charset=utf-8" },
		{ "/img/logo.png", "image/png" },
		{ "/img/photo.jpg", "image/jpeg" },
		{ "/img/anim.gif", "image/gif" },
		{ "/img/pic.webp", "image/webp" },
		{ "/img/icon.ico", "image/x-icon" },
		{ "/fonts/sans.woff2", "font/woff2" },
		{ "/feeds/extra-atom.xml", "application/atom+xml" },
		{ "/feeds/extra-rss.xml", "application/rss+xml" },
		{ "/feeds/extra.json", "application/feed+json" },
		{ "/feeds/atom.xml", "application/atom+xml" },
		{ "/feeds/rss.xml", "application/rss+xml" },
		{ "/feeds/digest.xml", "application/atom+xml" },
		{ "/feeds/feed.json", "application/feed+json" },
		{ "/sitemap.xml", "application/xml" },
		{ "/map.xml", "application/xml" },
		{ "/notes.unknownext", "application/octet-stream" },
	};
	struct fx	*f = *state;
	struct resp	 r;
	size_t		 i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		http(&r, f, "GET", want[i][0], NULL);
		if (r.status != 200)
			fail_msg("%s: status %d", want[i][0], r.status);
		assert_header(&r, "Content-Type", want[i][1]);
		assert_header(&r, "Cache-Control", "no-cache");
		resp_free(&r);
	}
	http(&r, f, "GET", "/app.js", NULL);
	assert_string_equal(r.body, "console.log(1);\n");
	resp_free(&r);
}

static void
test_serve_not_found(void **state)
{
	struct fx	*f = *state;
	struct resp	 r;

	http(&r, f, "GET", "/2012/12/no-such-post.html", NULL);
	assert_int_equal(r.status, 404);
	assert_header(&r, "Content-Type", "text/html; charset=utf-8");
	assert_non_null(strstr(r.body, "<p id=\"missing\">No such page on "
	    "Reseller News.</p><script>/* heraldo serve"));
	resp_free(&r);
	assert_int_equal(get_status(f, "/nothing/"), 404);
}

static void
test_serve_refuses_escapes(void **state)
{
	static const char *const bad[] = {
		"/../site.yaml",
		"/../../etc/passwd",
		"/2012/../../site/site.yaml",
		"/%2e%2e/site.yaml",
		"/%2E%2E/%2e%2e/site/site.yaml",
		"/.%2e/site.yaml",
		"/..%2fsite.yaml",
		"/2012%2F12/holiday-hours.html",
		"/..%5csite.yaml",
		"/index.html%00.css",
		"/%zz",
		"/%2",
		"/./index.html",
		"/a\\b",
		"*",
	};
	struct fx	*f = *state;
	size_t		 i;
	int		 st;

	/* Something one level above the output root, to be out of reach. */
	tu_write(f->tmp, "secret.txt", "no\n");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if ((st = get_status(f, bad[i])) != 400)
			fail_msg("%s: status %d, not 400", bad[i], st);
	assert_int_equal(get_status(f, "/../secret.txt"), 400);
	assert_int_equal(get_status(f, "/%2e%2e/secret.txt"), 400);
	/* Escapes that stay legal are decoded. */
	assert_int_equal(get_status(f, "/2012/12/holiday%2Dhours.html"), 200);
	assert_int_equal(get_status(f, "/img//logo.png"), 200);
}

static void
test_serve_etag(void **state)
{
	struct fx	*f = *state;
	struct resp	 r;
	char		*etag, *extra;

	http(&r, f, "GET", "/heraldo.css", NULL);
	assert_int_equal(r.status, 200);
	etag = header(&r, "ETag");
	assert_non_null(etag);
	assert_int_equal(etag[0], '"');
	resp_free(&r);

	extra = xmalloc(strlen(etag) + 64);
	sprintf(extra, "If-None-Match: %s\r\n", etag);
	http(&r, f, "GET", "/heraldo.css", extra);
	assert_int_equal(r.status, 304);
	assert_int_equal(r.body_len, 0);
	assert_header(&r, "ETag", etag);
	resp_free(&r);

	sprintf(extra, "If-None-Match: \"other\", W/%s\r\n", etag);
	http(&r, f, "GET", "/heraldo.css", extra);
	assert_int_equal(r.status, 304);
	resp_free(&r);

	http(&r, f, "GET", "/heraldo.css",
	    "If-None-Match: \"0-0-0\"\r\n");
	assert_int_equal(r.status, 200);
	assert_true(r.body_len > 0);
	resp_free(&r);
	free(extra);
	free(etag);

	/* Pages too, as long as no build happened in between. */
	http(&r, f, "GET", "/2012/12/holiday-hours.html", NULL);
	etag = header(&r, "ETag");
	assert_non_null(etag);
	resp_free(&r);
	extra = xmalloc(strlen(etag) + 64);
	sprintf(extra, "If-None-Match: %s\r\n", etag);
	http(&r, f, "GET", "/2012/12/holiday-hours.html", extra);
	assert_int_equal(r.status, 304);
	resp_free(&r);
	free(extra);
	free(etag);
}

static void
test_serve_head(void **state)
{
	struct fx	*f = *state;
	struct resp	 r;
	struct stat	 st;
	char		*path, len[32];

	path = xmalloc(strlen(serve_out_dir(f->s)) + 32);
	sprintf(path, "%s/img/anim.gif", serve_out_dir(f->s));
	assert_int_equal(stat(path, &st), 0);
	snprintf(len, sizeof(len), "%lld", (long long)st.st_size);
	http(&r, f, "HEAD", "/img/anim.gif", NULL);
	assert_int_equal(r.status, 200);
	assert_header(&r, "Content-Type", "image/gif");
	assert_header(&r, "Content-Length", len);
	assert_int_equal(r.body_len, 0);
	resp_free(&r);
	free(path);

	http(&r, f, "POST", "/index.html", "Content-Length: 0\r\n");
	assert_int_equal(r.status, 405);
	assert_header(&r, "Allow", "GET, HEAD");
	resp_free(&r);
}

static void
test_serve_folder_redirect(void **state)
{
	struct fx	*f = *state;
	struct resp	 r;

	http(&r, f, "GET", "/2012/12", NULL);
	assert_int_equal(r.status, 301);
	assert_header(&r, "Location", "/2012/12/");
	resp_free(&r);
	http(&r, f, "GET", "/2012/12/", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Holiday hours"));
	resp_free(&r);
}

static void
test_serve_reload_script(void **state)
{
	struct fx	*f = *state;
	struct resp	 r;
	char		*path, *disk, *at;

	http(&r, f, "GET", "/index.html", NULL);
	assert_int_equal(r.status, 200);
	at = strstr(r.body, "<script>/* heraldo serve: reload after each "
	    "build */");
	assert_non_null(at);
	assert_non_null(strstr(at, "new EventSource(\"/__heraldo/events\")"));
	/* Just before </body>, which stays in place. */
	assert_non_null(strstr(at, "</script>\n</body>"));

	path = xmalloc(strlen(serve_out_dir(f->s)) + 32);
	sprintf(path, "%s/index.html", serve_out_dir(f->s));
	disk = read_file(path);
	assert_null(strstr(disk, "__heraldo"));
	assert_null(strstr(disk, "<script"));
	/* The served page is the file with the script added, nothing else. */
	assert_int_equal(strncmp(r.body, disk, (size_t)(at - r.body)), 0);
	free(disk);
	free(path);
	resp_free(&r);

	/* Other types are served as they are on disk. */
	http(&r, f, "GET", "/feeds/extra-atom.xml", NULL);
	assert_null(strstr(r.body, "__heraldo"));
	resp_free(&r);
}

static void
test_serve_event_after_rebuild(void **state)
{
	struct fx	*f = *state;
	struct stream	 st;
	struct resp	 r;
	char		*first, *second, *script;

	stream_open(&st, f);
	first = stream_next(&st);
	assert_non_null(strstr(st.in.data, "\r\nContent-Type: "
	    "text/event-stream\r\n"));
	assert_non_null(strstr(st.in.data, "retry: 1000\nevent: build\n"));

	/* A page carries the token of the build it came from. */
	http(&r, f, "GET", "/", NULL);
	script = xmalloc(strlen(first) + 16);
	sprintf(script, "var t=\"%s\"", first);
	assert_non_null(strstr(r.body, script));
	resp_free(&r);

	tu_write(f->site, "content/posts/2012/12/holiday-hours.md",
	    "---\ntitle: Holiday hours\ndate: 2012-12-19 12:56\n---\n"
	    "The office now closes on **December 23**.\n");
	second = stream_next(&st);
	assert_string_not_equal(first, second);
	http(&r, f, "GET", "/2012/12/holiday-hours.html", NULL);
	assert_non_null(strstr(r.body, "<strong>December 23</strong>"));
	sprintf(script, "var t=\"%s\"", second);
	assert_non_null(strstr(r.body, script));
	resp_free(&r);
	free(script);
	free(second);
	free(first);
	stream_close(&st);
}

static void
test_serve_build_error(void **state)
{
	struct fx	*f = *state;
	struct stream	 st;
	struct resp	 r;
	char		*ev, *log;

	stream_open(&st, f);
	free(stream_next(&st));
	tu_write(f->site, "content/posts/2012/12/holiday-hours.md",
	    "---\ntitle: [Holiday hours\n---\nBroken.\n");
	free(stream_next(&st));

	/* The last good page, with the errors over it. */
	http(&r, f, "GET", "/2012/12/holiday-hours.html", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<strong>December 24</strong>"));
	assert_non_null(strstr(r.body, "<pre id=\"heraldo-error\""));
	assert_non_null(strstr(r.body, "<strong>heraldo: the build failed; "
	    "this page is from the last good build</strong>\n"
	    "content/posts/2012/12/holiday-hours.md:2:8: error: "));
	resp_free(&r);
	/* Files other than pages are served as they were. */
	assert_int_equal(get_status(f, "/heraldo.css"), 200);

	fflush(f->log);
	log = read_file(f->logpath);
	assert_non_null(strstr(log, "\ncontent/posts/2012/12/holiday-hours.md"
	    ":2:8: error: "));
	assert_non_null(strstr(log, "\nheraldo: the build failed; still "
	    "serving the last good build\n"));
	free(log);

	/* Fixed: the errors go away. */
	tu_write(f->site, "content/posts/2012/12/holiday-hours.md", post);
	ev = stream_next(&st);
	free(ev);
	http(&r, f, "GET", "/2012/12/holiday-hours.html", NULL);
	assert_null(strstr(r.body, "heraldo-error"));
	resp_free(&r);
	stream_close(&st);
}

/* Files in a folder created after the server started are watched. */
static void
test_serve_new_folder(void **state)
{
	struct fx	*f = *state;
	struct stream	 st;
	struct resp	 r;

	stream_open(&st, f);
	free(stream_next(&st));
	tu_write(f->site, "content/posts/2013/01/new-year.md",
	    "---\ntitle: New year\ndate: 2013-01-02 09:00\n---\nHello.\n");
	free(stream_next(&st));
	assert_int_equal(get_status(f, "/2013/01/new-year.html"), 200);

	tu_write(f->site, "content/posts/2013/01/second.md",
	    "---\ntitle: Second\ndate: 2013-01-03 09:00\n---\nAgain.\n");
	free(stream_next(&st));
	assert_int_equal(get_status(f, "/2013/01/second.html"), 200);

	/* Drafts are served, marked as such... */
	tu_write(f->site, "content/posts/2013/01/draft.md",
	    "---\ntitle: Not yet\ndate: 2013-01-04 09:00\ndraft: true\n---\n"
	    "Soon.\n");
	free(stream_next(&st));
	http(&r, f, "GET", "/2013/01/draft.html", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<p class=\"flag flag-draft\" "
	    "role=\"note\" lang=\"en\">Draft: this post is not published "
	    "yet.</p>"));
	assert_null(strstr(r.body, "flag-future"));
	resp_free(&r);

	/* So are posts dated after now. */
	tu_write(f->site, "content/posts/2999/01/later.md",
	    "---\ntitle: Later\ndate: 2999-01-04 09:00\n---\nLater.\n");
	free(stream_next(&st));
	http(&r, f, "GET", "/2999/01/later.html", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<p class=\"flag flag-future\" "
	    "role=\"note\" lang=\"en\">Scheduled: this post is not "
	    "published yet.</p>"));
	resp_free(&r);
	stream_close(&st);
}

/* Changes outside what a build reads cause no build. */
static void
test_serve_ignores_other_files(void **state)
{
	struct fx	*f = *state;
	struct stream	 st;
	struct pollfd	 p;
	char		 chunk[256];
	ssize_t		 n;

	stream_open(&st, f);
	free(stream_next(&st));
	tu_write(f->site, "notes/todo.txt", "write posts\n");
	tu_write(f->site, "README", "site\n");
	tu_sh(f->site, NULL, "git add -A && git commit -q -m notes");
	p.fd = st.fd;
	p.events = POLLIN;
	/* Debounce is 100 ms; a build would be announced well within 1 s. */
	if (poll(&p, 1, 1000) == 1) {
		n = recv(st.fd, chunk, sizeof(chunk) - 1, 0);
		chunk[n > 0 ? n : 0] = '\0';
		fail_msg("unexpected event: %s", chunk);
	}
	stream_close(&st);
}

/*
 * A site whose base URL has a path is served under it, and its pages
 * link to the preview, not to production.
 */
static void
test_serve_base_path(void **state)
{
	struct fx	*f = *state;
	struct stream	 st;
	struct resp	 r;
	char		 canon[128];

	stream_open(&st, f);
	free(stream_next(&st));
	tu_write(f->site, "site.yaml",
	    "title: Reseller News\n"
	    "base_url: https://news.example.com/blog/\n"
	    "locale: en\n"
	    "timezone: America/Los_Angeles\n");
	free(stream_next(&st));
	stream_close(&st);

	http(&r, f, "GET", "/", NULL);
	assert_int_equal(r.status, 302);
	assert_header(&r, "Location", "/blog/");
	resp_free(&r);
	http(&r, f, "GET", "/blog", NULL);
	assert_int_equal(r.status, 302);
	assert_header(&r, "Location", "/blog/");
	resp_free(&r);
	http(&r, f, "GET", "/blog/2012/12/holiday-hours.html", NULL);
	assert_int_equal(r.status, 200);
	snprintf(canon, sizeof(canon), "<link rel=\"canonical\" "
	    "href=\"http://127.0.0.1:%u/blog/2012/12/holiday-hours.html\">",
	    f->port);
	assert_non_null(strstr(r.body, canon));
	resp_free(&r);
	assert_int_equal(get_status(f, "/blog/"), 200);
	assert_int_equal(get_status(f, "/blog/heraldo.css"), 200);
	assert_int_equal(get_status(f, "/2012/12/holiday-hours.html"), 404);
	assert_int_equal(get_status(f, "/blog/../site.yaml"), 400);
}

/* Until a build succeeds, every page is the errors, with status 500. */
static void
test_serve_first_build_fails(void **state)
{
	struct fx	*f = *state;
	struct stream	 st;
	struct resp	 r;

	http(&r, f, "GET", "/2012/12/holiday-hours.html", NULL);
	assert_int_equal(r.status, 500);
	assert_header(&r, "Content-Type", "text/html; charset=utf-8");
	assert_non_null(strstr(r.body, "<strong>heraldo: the build failed"
	    "</strong>\nsite.yaml:1:"));
	assert_non_null(strstr(r.body, "new EventSource("));
	resp_free(&r);

	stream_open(&st, f);
	free(stream_next(&st));
	write_site(f->site);
	free(stream_next(&st));
	stream_close(&st);
	http(&r, f, "GET", "/2012/12/holiday-hours.html", NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "heraldo-error"));
	resp_free(&r);
}

static void
test_serve_stop_removes_output(void **state)
{
	struct fx	*f = *state;
	struct stat	 st;
	char		*out = xstrdup(serve_out_dir(f->s));

	assert_int_equal(stat(out, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* Outside the site folder. */
	assert_int_not_equal(strncmp(out, f->site, strlen(f->site)), 0);
	serve_stop(f->s);
	f->s = NULL;
	assert_int_equal(stat(out, &st), -1);
	assert_int_equal(errno, ENOENT);
	free(out);
}

static void
test_serve_port_in_use(void **state)
{
	struct fx		*f = *state;
	struct serve_opts	 o;
	struct serve		*s2;
	struct diags		*d = diags_new();
	char			*got, want[128];

	memset(&o, 0, sizeof(o));
	o.site_dir = f->site;
	o.bind = "127.0.0.1";
	o.port = f->port;
	o.log = f->log;
	assert_int_equal(serve_start(&s2, &o, d), -1);
	assert_null(s2);
	got = tu_diags(d);
	snprintf(want, sizeof(want), "heraldo: error: cannot listen on "
	    "127.0.0.1 port %u: Address already in use\n", f->port);
	assert_string_equal(got, want);
	free(got);
	diags_free(d);
}

/* Send a raw request (its Host line included); the response, malloc'd. */
static char *
raw(struct fx *f, const char *req)
{
	struct buf	 in = BUF_INIT;
	char		 chunk[4096];
	ssize_t		 n;
	int		 fd;

	fd = connect_to(f->port);
	send_all(fd, req);
	while ((n = recv(fd, chunk, sizeof(chunk), 0)) > 0)
		buf_put(&in, chunk, (size_t)n);
	close(fd);
	buf_cstr(&in);
	return buf_detach(&in, NULL);
}

static int
raw_status(struct fx *f, const char *req)
{
	char	*got = raw(f, req);
	int	 status = -1;

	if (sscanf(got, "HTTP/1.%*d %d ", &status) != 1)
		status = -1;
	free(got);
	return status;
}

static int
host_status(struct fx *f, const char *host)
{
	char	 req[512];

	snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nHost: %s\r\n"
	    "Connection: close\r\n\r\n", host);
	return raw_status(f, req);
}

/* Only requests addressed to the server itself are answered. */
static void
test_serve_host_header(void **state)
{
	struct fx	*f = *state;
	struct resp	 r;
	char		 h[64], *got;

	snprintf(h, sizeof(h), "localhost:%u", f->port);
	assert_int_equal(host_status(f, h), 200);
	assert_int_equal(host_status(f, "localhost"), 200);
	assert_int_equal(host_status(f, "LocalHost"), 200);
	snprintf(h, sizeof(h), "127.0.0.1:%u", f->port);
	assert_int_equal(host_status(f, h), 200);
	snprintf(h, sizeof(h), "[::1]:%u", f->port);
	assert_int_equal(host_status(f, h), 200);
	assert_int_equal(host_status(f, "[::1]"), 200);

	/* A name a page elsewhere points here, on any port. */
	snprintf(h, sizeof(h), "evil.example:%u", f->port);
	assert_int_equal(host_status(f, h), 403);
	assert_int_equal(host_status(f, "evil.example"), 403);
	assert_int_equal(host_status(f, "127.0.0.1.evil.example"), 403);
	assert_int_equal(host_status(f, "localhost.evil.example"), 403);
	assert_int_equal(host_status(f, "localhost:1"), 403);
	assert_int_equal(host_status(f, "localhost:"), 403);
	assert_int_equal(host_status(f, "127.0.0.2"), 403);
	assert_int_equal(host_status(f, "[::1]x"), 403);
	assert_int_equal(host_status(f, "::1"), 403);
	assert_int_equal(host_status(f, ""), 403);
	/* The event stream too, with a short explanation. */
	assert_int_equal(raw_status(f, "GET /__heraldo/events HTTP/1.1\r\n"
	    "Host: evil.example\r\nConnection: close\r\n\r\n"), 403);
	http(&r, f, "GET", "/", "X-Forwarded-Host: evil.example\r\n");
	assert_int_equal(r.status, 200);
	resp_free(&r);
	got = raw(f, "GET / HTTP/1.1\r\nHost: x.example\r\n"
	    "Connection: close\r\n\r\n");
	assert_non_null(strstr(got, "\r\n\r\n403 forbidden: this preview "
	    "answers only requests addressed to it, such as "
	    "http://127.0.0.1:"));
	assert_non_null(strstr(got, "\r\nContent-Type: text/plain"));
	free(got);
	/* HTTP/1.0 without a Host: no browser sends that. */
	assert_int_equal(raw_status(f, "GET / HTTP/1.0\r\n\r\n"), 200);
}

static void
test_serve_hosts(void **state)
{
	struct sockaddr_in	 sin;
	struct sockaddr_in6	 sin6;
	struct serve_hosts	*h;
	const char		*o;
	size_t			 i;

	(void)state;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(0x7f000001);
	assert_true(serve_host_is_loopback((struct sockaddr *)&sin));
	assert_false(serve_host_is_wildcard((struct sockaddr *)&sin));
	sin.sin_addr.s_addr = htonl(0x7f0a0b0c);
	assert_true(serve_host_is_loopback((struct sockaddr *)&sin));
	sin.sin_addr.s_addr = htonl(0xc0a80105);
	assert_false(serve_host_is_loopback((struct sockaddr *)&sin));
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	assert_true(serve_host_is_wildcard((struct sockaddr *)&sin6));
	assert_false(serve_host_is_loopback((struct sockaddr *)&sin6));
	sin6.sin6_addr.s6_addr[15] = 1;
	assert_true(serve_host_is_loopback((struct sockaddr *)&sin6));

	/* A named address: itself, and the loopback names. */
	sin.sin_addr.s_addr = htonl(0xc0a80105);
	h = serve_hosts_new("192.168.1.5", (struct sockaddr *)&sin, 8080);
	assert_true(serve_hosts_allow(h, "192.168.1.5:8080"));
	assert_true(serve_hosts_allow(h, "192.168.1.5"));
	assert_true(serve_hosts_allow(h, "localhost:8080"));
	assert_false(serve_hosts_allow(h, "192.168.1.6:8080"));
	assert_false(serve_hosts_allow(h, "192.168.1.5:80"));
	assert_false(serve_hosts_allow(h, "192.168.1.5:08080"));
	assert_false(serve_hosts_allow(h, "192.168.1.5:8080x"));
	assert_string_equal(serve_hosts_origin(h, 0),
	    "http://192.168.1.5:8080");
	assert_null(serve_hosts_origin(h, 1));
	serve_hosts_free(h);

	/* IPv6 in brackets. */
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr.s6_addr[0] = 0xfd;
	sin6.sin6_addr.s6_addr[15] = 5;
	h = serve_hosts_new("fd00::5", (struct sockaddr *)&sin6, 1313);
	assert_true(serve_hosts_allow(h, "[fd00::5]:1313"));
	assert_true(serve_hosts_allow(h, "[FD00::5]"));
	assert_false(serve_hosts_allow(h, "fd00::5"));
	assert_string_equal(serve_hosts_origin(h, 0), "http://[fd00::5]:1313");
	serve_hosts_free(h);

	/* A wildcard: every origin is a real address, loopback last. */
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	h = serve_hosts_new("0.0.0.0", (struct sockaddr *)&sin, 1313);
	for (i = 0; (o = serve_hosts_origin(h, i)) != NULL; i++) {
		assert_null(strstr(o, "localhost"));
		assert_null(strstr(o, "0.0.0.0"));
	}
	assert_true(i >= 1);
	assert_string_equal(serve_hosts_origin(h, i - 1),
	    "http://127.0.0.1:1313");
	assert_true(serve_hosts_allow(h, "127.0.0.1:1313"));
	assert_false(serve_hosts_allow(h, "evil.example:1313"));
	serve_hosts_free(h);
}

/* Other machines reach the preview only when asked for. */
static void
test_serve_bind_public(void **state)
{
	struct fx		*f = *state;
	struct serve_opts	 o;
	struct serve		*s2;
	struct diags		*d = diags_new();
	char			*got;

	memset(&o, 0, sizeof(o));
	o.site_dir = f->site;
	o.bind = "0.0.0.0";
	o.port = 0;
	o.log = f->log;
	assert_int_equal(serve_start(&s2, &o, d), -1);
	assert_null(s2);
	got = tu_diags(d);
	assert_string_equal(got, "heraldo: error: --bind 0.0.0.0: other "
	    "machines could reach the preview there, and it shows drafts "
	    "and future posts; add --public if that is what you want, or "
	    "leave --bind out to serve this machine only (127.0.0.1)\n");
	free(got);
	diags_free(d);

	d = diags_new();
	o.public = true;
	assert_int_equal(serve_start(&s2, &o, d), 0);
	assert_int_equal(diags_count(d), 0);
	serve_stop(s2);
	diags_free(d);

	/* Loopback names need no --public. */
	d = diags_new();
	o.public = false;
	o.bind = "localhost";
	assert_int_equal(serve_start(&s2, &o, d), 0);
	serve_stop(s2);
	diags_free(d);
}

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * 300 clients that never finish their request and 200 event streams
 * leave room for everyone else: a page is answered at once, and every
 * stream hears of the next build.
 */
static void
test_serve_slow_clients(void **state)
{
	struct fx	*f = *state;
	struct stream	*st;
	int		*slow, i;
	char		*ev;
	double		 t0;

	slow = xcalloc(300, sizeof(*slow));
	for (i = 0; i < 300; i++) {
		slow[i] = connect_to(f->port);
		send_all(slow[i], "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		    "X-Slow: ");
	}
	st = xcalloc(200, sizeof(*st));
	for (i = 0; i < 200; i++) {
		stream_open(&st[i], f);
		free(stream_next(&st[i]));
	}
	t0 = now_ms();
	assert_int_equal(get_status(f, "/heraldo.css"), 200);
	assert_true(now_ms() - t0 < 2000);

	tu_write(f->site, "content/posts/2012/12/holiday-hours.md",
	    "---\ntitle: Holiday hours\ndate: 2012-12-19 12:56\n---\n"
	    "The office now closes on **December 23**.\n");
	for (i = 0; i < 200; i++) {
		ev = stream_next(&st[i]);
		free(ev);
		stream_close(&st[i]);
	}
	for (i = 0; i < 300; i++)
		close(slow[i]);
	free(st);
	free(slow);
}

/* Wait until the log holds "want"; fails after WAIT_MS. */
static void
wait_log(struct fx *f, const char *want)
{
	double	 t0 = now_ms();
	char	*log;

	for (;;) {
		fflush(f->log);
		log = read_file(f->logpath);
		if (strstr(log, want) != NULL) {
			free(log);
			return;
		}
		if (now_ms() - t0 > WAIT_MS)
			fail_msg("no \"%s\" in the log:\n%s", want, log);
		free(log);
		usleep(20000);
	}
}

/*
 * The build's limits hold under serve: an alias bomb in a post, then
 * partials that fan out, each fail their build at once, with the place.
 */
static void
test_serve_bounded_work(void **state)
{
	struct fx	*f = *state;
	struct stream	 st;
	struct buf	 b = BUF_INIT;
	char		 name[64];
	double		 t0;
	int		 i, j;

	stream_open(&st, f);
	free(stream_next(&st));
	buf_puts(&b, "---\ntitle: Laughs\ndate: 2012-12-19 12:56\n"
	    "l0: &l0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
	for (i = 1; i < 12; i++) {
		buf_printf(&b, "l%d: &l%d [", i, i);
		for (j = 0; j < 10; j++)
			buf_printf(&b, "%s*l%d", j ? "," : "", i - 1);
		buf_puts(&b, "]\n");
	}
	buf_puts(&b, "---\nBody.\n");
	t0 = now_ms();
	tu_write(f->site, "content/posts/2012/12/laughs.md", buf_cstr(&b));
	free(stream_next(&st));
	wait_log(f, "content/posts/2012/12/laughs.md:8:38: error: yaml: too "
	    "many repeated aliases: they expand this document by more than "
	    "100000 values; use fewer aliases of aliases\n");
	/* The debounce and the build included. */
	assert_true(now_ms() - t0 < WAIT_MS);
	tu_sh(f->site, NULL, "rm content/posts/2012/12/laughs.md");
	free(stream_next(&st));

	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "layouts/partials/f%d.mustache",
		    i);
		buf_reset(&b);
		buf_printf(&b, "{{>partials/f%d}}{{>partials/f%d}}", i + 1,
		    i + 1);
		tu_write(f->site, name, buf_cstr(&b));
	}
	tu_write(f->site, "layouts/partials/f40.mustache", "x");
	tu_write(f->site, "layouts/post.mustache", "<!DOCTYPE html>\n"
	    "<html><body>{{>partials/f0}}</body></html>\n");
	free(stream_next(&st));
	wait_log(f, "layouts/partials/f38.mustache:1:1: error: rendering "
	    "\"post\" expands partials, parents and blocks more than "
	    "1000000 times: does a partial include others more than once "
	    "at each level?\n");
	/* The last good page stays, the error over it. */
	assert_int_equal(get_status(f, "/2012/12/holiday-hours.html"), 200);
	stream_close(&st);
	buf_free(&b);
}

/* A site folder deleted and made again is watched and built again. */
static void
test_serve_site_recreated(void **state)
{
	struct fx	*f = *state;
	struct stream	 st;
	struct resp	 r;
	char		*away, want[512];

	stream_open(&st, f);
	free(stream_next(&st));
	away = xmalloc(strlen(f->site) + 8);
	sprintf(away, "%s.away", f->site);
	assert_int_equal(rename(f->site, away), 0);
	snprintf(want, sizeof(want), "heraldo: the site folder %s is gone; "
	    "still serving the last good build, and building again when the "
	    "folder is back\n", f->site);
	wait_log(f, want);
	/* Meanwhile the last good build is served. */
	assert_int_equal(get_status(f, "/2012/12/holiday-hours.html"), 200);

	tu_sh(f->tmp, NULL, "cp -R site.away site && rm -rf site.away");
	snprintf(want, sizeof(want), "heraldo: the site folder %s is back; "
	    "watching it again\n", f->site);
	wait_log(f, want);
	free(stream_next(&st));

	/* And it is watched again. */
	tu_write(f->site, "content/posts/2012/12/holiday-hours.md",
	    "---\ntitle: Holiday hours\ndate: 2012-12-19 12:56\n---\n"
	    "The office now closes on **December 22**.\n");
	free(stream_next(&st));
	http(&r, f, "GET", "/2012/12/holiday-hours.html", NULL);
	assert_non_null(strstr(r.body, "<strong>December 22</strong>"));
	resp_free(&r);
	stream_close(&st);
	free(away);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_serve_content_types,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_serve_not_found, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_serve_refuses_escapes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_serve_etag, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_serve_head, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_serve_folder_redirect,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_serve_reload_script,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_serve_event_after_rebuild,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_serve_build_error, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_serve_new_folder, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_serve_ignores_other_files,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_serve_base_path, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_serve_first_build_fails,
		    setup_broken, teardown),
		cmocka_unit_test_setup_teardown(test_serve_stop_removes_output,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_serve_port_in_use, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_serve_host_header, setup,
		    teardown),
		cmocka_unit_test(test_serve_hosts),
		cmocka_unit_test_setup_teardown(test_serve_bind_public, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_serve_slow_clients, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_serve_site_recreated,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_serve_bounded_work,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
