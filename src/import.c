/*
 * import: see import.h.  What heraldo accepts in front matter is in
 * frontmatter.h; the URL a post gets is post.c's make_url, repeated here
 * (permalink pattern, slug through text_slug, date in the site's zone)
 * so that an old URL the pattern reproduces needs no "url" key.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "datefmt.h"
#include "diag.h"
#include "gitwrite.h"
#include "hash.h"
#include "html2md.h"
#include "import.h"
#include "text.h"
#include "url.h"
#include "util.h"

#define MANIFEST	"import/manifest.tsv"
#define REDIR_NGINX	"import/redirects.nginx"
#define REDIR_APACHE	"import/redirects.htaccess"

/* A set of strings with a value each (open addressing, FNV-1a). */
struct strmap {
	const char	**keys;
	const char	**vals;
	size_t		  cap, n;
};

struct written {
	const char		*path;		/* site-relative */
	const char		*title;
	const char		*author, *email;
	struct import_date	 when;
};

struct redirect {
	const char	*from, *to;
};

struct skipped {
	const char	*kind;
	unsigned	 n;
};

struct importer {
	struct import_opts	 o;
	struct diags		*d;
	struct arena		*a;
	struct textctx		*tx;
	struct import_settings	 set;
	bool			 frozen;
	bool			 have_yaml;	/* site.yaml was there */
	bool			 yaml_unsafe;	/* markdown.unsafe */
	const char		*tz, *permalink, *base_path, *host;
	bool			 unsafe;	/* raw HTML was kept */
	struct strmap		 urls;		/* output URL: id */
	struct strmap		 old;		/* id: "path\thash" */
	struct strmap		 seen;		/* ids of this run */
	struct written		*w;
	size_t			 nw, capw;
	struct redirect		*r;
	size_t			 nr, capr;
	struct skipped		*sk;
	size_t			 nsk;
	struct buf		 manifest;
	const char		**remote;	/* remote images */
	size_t			 nremote, capremote;
	unsigned		 own_images;	/* ... on the old host */
	const char		**copied;	/* site-relative */
	size_t			 ncopied, capcopied;
	struct strmap		 remote_seen;
	unsigned		 posts, pages, drafts, added, updated;
	unsigned		 unchanged, kept, aliases, own, html_heavy;
	unsigned		 ticks;
	time_t			 last_tick;
};

static uint64_t
fnv(const char *s)
{
	uint64_t	 h = 1469598103934665603ull;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static const char *
map_get(const struct strmap *m, const char *key)
{
	size_t	 i;

	if (m->cap == 0)
		return NULL;
	for (i = fnv(key) & (m->cap - 1); m->keys[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	return NULL;
}

/* Keys and values must outlive the map (they are in the arena). */
static void
map_put(struct strmap *m, const char *key, const char *val)
{
	struct strmap	 g;
	size_t		 i;

	if (2 * (m->n + 1) > m->cap) {
		g.cap = m->cap == 0 ? 64 : m->cap * 2;
		g.n = 0;
		g.keys = xcalloc(g.cap, sizeof(*g.keys));
		g.vals = xcalloc(g.cap, sizeof(*g.vals));
		for (i = 0; i < m->cap; i++)
			if (m->keys[i] != NULL)
				map_put(&g, m->keys[i], m->vals[i]);
		free(m->keys);
		free(m->vals);
		*m = g;
	}
	for (i = fnv(key) & (m->cap - 1); m->keys[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0) {
			m->vals[i] = val;
			return;
		}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}

static void
map_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static bool
digits(const char *s, int n, int *out)
{
	int	 i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
import_date_parse(struct import_date *dt, const char *s)
{
	int	 y, mo, d, h, mi, sec, oh, om, sign;

	memset(dt, 0, sizeof(*dt));
	if (s == NULL || strlen(s) < 19 || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    !digits(s + 11, 2, &h) || s[13] != ':' ||
	    !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return false;
	s += 19;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			continue;
	if (*s == 'Z' || *s == 'z') {
		dt->offset = 0;
		s++;
	} else if ((*s == '+' || *s == '-') && digits(s + 1, 2, &oh) &&
	    s[3] == ':' && digits(s + 4, 2, &om) && oh < 24 && om < 60) {
		sign = *s == '-' ? -1 : 1;
		dt->offset = sign * (oh * 60 + om);
		s += 6;
	} else
		return false;
	if (*s != '\0')
		return false;
	dt->t = datefmt_days_from_civil(y, mo, d) * 86400 + h * 3600 +
	    mi * 60 + (sec > 59 ? 59 : sec) - (int64_t)dt->offset * 60;
	dt->set = true;
	return true;
}

static void
local_parts(const struct import_date *dt, int *y, int *mo, int *d, int *h,
    int *mi, int *s)
{
	int64_t	 l = dt->t + (int64_t)dt->offset * 60, day, rem;

	day = l >= 0 ? l / 86400 : -((-l + 86399) / 86400);
	rem = l - day * 86400;
	datefmt_civil(day, y, mo, d);
	*h = (int)(rem / 3600);
	*mi = (int)(rem % 3600 / 60);
	*s = (int)(rem % 60);
}

void
import_date_format(char out[64], const struct import_date *dt)
{
	int	 y, mo, d, h, mi, s, off = dt->offset;

	local_parts(dt, &y, &mo, &d, &h, &mi, &s);
	if (off == 0)
		snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d,
		    h, mi, s);
	else
		snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    y, mo, d, h, mi, s, off < 0 ? '-' : '+',
		    (off < 0 ? -off : off) / 60, (off < 0 ? -off : off) % 60);
}

static int
mkdirs(const char *path)
{
	char	*p = xstrdup(path), *s;
	int	 rc = 0;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0777) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static char *
site_path(struct importer *imp, const char *rel)
{
	return arena_printf(imp->a, "%s/%s", imp->o.site_dir, rel);
}

/* Write "rel" in the site whole, through a temporary file and rename. */
static int
write_file(struct importer *imp, const char *rel, const char *data,
    size_t len)
{
	char	*path = site_path(imp, rel), *tmp, *slash;
	FILE	*fp;
	int	 ok;

	slash = strrchr(path, '/');
	*slash = '\0';
	if (mkdirs(path) < 0) {
		*slash = '/';
		return diag_error(imp->d, rel, 0, 0, "cannot make its folder: "
		    "%s", strerror(errno));
	}
	*slash = '/';
	tmp = arena_printf(imp->a, "%s.heraldo-tmp", path);
	if ((fp = fopen(tmp, "wb")) == NULL)
		return diag_error(imp->d, rel, 0, 0, "cannot write: %s",
		    strerror(errno));
	fwrite(data, 1, len, fp);
	ok = fflush(fp) == 0 && !ferror(fp);
	ok = fclose(fp) == 0 && ok;
	if (!ok || rename(tmp, path) < 0) {
		unlink(tmp);
		return diag_error(imp->d, rel, 0, 0, "cannot write: %s",
		    strerror(errno));
	}
	return 0;
}

static const char *
hash_hex(struct importer *imp, const char *data, size_t len)
{
	struct hkey	 k = hash_bytes(data, len);

	return arena_printf(imp->a, "%016llx%016llx",
	    (unsigned long long)k.a, (unsigned long long)k.b);
}

static void
load_manifest(struct importer *imp)
{
	char	*text, *line, *next, *tab;
	size_t	 len;

	if ((text = util_read_file(site_path(imp, MANIFEST), &len)) == NULL)
		return;
	for (line = text; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		next = next != NULL ? next + 1 : line + strlen(line);
		if (line[0] == '#' || (tab = strchr(line, '\t')) == NULL ||
		    tab > next)
			continue;
		map_put(&imp->old, arena_strndup(imp->a, line,
		    (size_t)(tab - line)), arena_strndup(imp->a, tab + 1,
		    (size_t)(next - tab - 1 - (next[-1] == '\n'))));
	}
	free(text);
}

struct importer *
import_new(const struct import_opts *o, struct diags *d)
{
	struct importer	*imp;
	struct stat	 st;

	if (stat(o->site_dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		diag_error(d, o->site_dir, 0, 0, "not a folder: --site names "
		    "the folder of the site to write");
		return NULL;
	}
	imp = xcalloc(1, sizeof(*imp));
	imp->o = *o;
	imp->d = d;
	imp->a = arena_new();
	imp->tx = text_new();
	imp->last_tick = time(NULL);
	load_manifest(imp);
	return imp;
}

void
import_free(struct importer *imp)
{
	if (imp == NULL)
		return;
	map_free(&imp->urls);
	map_free(&imp->old);
	map_free(&imp->seen);
	map_free(&imp->remote_seen);
	free(imp->w);
	free(imp->r);
	free(imp->sk);
	free(imp->remote);
	free(imp->copied);
	buf_free(&imp->manifest);
	text_free(imp->tx);
	arena_free(imp->a);
	free(imp);
}

struct arena *
import_arena(struct importer *imp)
{
	return imp->a;
}

static const char *
dup_or_null(struct arena *a, const char *s)
{
	return s != NULL && *s != '\0' ? arena_strdup(a, s) : NULL;
}

void
import_settings(struct importer *imp, const struct import_settings *s)
{
	size_t	 n;

	imp->set.title = dup_or_null(imp->a, s->title);
	imp->set.description = dup_or_null(imp->a, s->description);
	imp->set.base_url = dup_or_null(imp->a, s->base_url);
	/* heraldo's base_url ends in "/". */
	if (imp->set.base_url != NULL &&
	    (n = strlen(imp->set.base_url)) > 0 &&
	    imp->set.base_url[n - 1] != '/')
		imp->set.base_url = arena_printf(imp->a, "%s/",
		    imp->set.base_url);
	imp->set.timezone = dup_or_null(imp->a, s->timezone);
	imp->set.locale = dup_or_null(imp->a, s->locale);
	imp->set.permalink = dup_or_null(imp->a, s->permalink);
}

/* "https://host/a/b?c" -> host "host", path "/a/b?c". */
static const char *
url_path(const char *url, const char **host, struct arena *a)
{
	const char	*s = strstr(url, "://"), *p;

	if (host != NULL)
		*host = NULL;
	if (s == NULL)
		return url[0] == '/' ? arena_strndup(a, url,
		    strcspn(url, "#")) : NULL;
	s += 3;
	p = s + strcspn(s, "/?#");
	if (host != NULL)
		*host = arena_strndup(a, s, (size_t)(p - s));
	if (*p == '\0')
		return "/";
	if (*p != '/')
		return arena_printf(a, "/%.*s", (int)strcspn(p, "#"), p);
	return arena_strndup(a, p, strcspn(p, "#"));
}

/* Settle the zone, pattern and base URL: site.yaml's, else the source's. */
static void
freeze(struct importer *imp)
{
	struct siteconf	 c;
	struct diags	*quiet;
	char		*text;
	size_t		 len;
	const char	*bp;

	if (imp->frozen)
		return;
	imp->frozen = true;
	imp->tz = imp->set.timezone != NULL &&
	    datefmt_zone_known(imp->set.timezone) ? imp->set.timezone : "UTC";
	if (imp->set.timezone != NULL && !datefmt_zone_known(imp->set.timezone))
		diag_warning(imp->d, imp->o.source, 0, 0, "unknown time zone "
		    "\"%s\": the site uses UTC; set timezone in site.yaml",
		    imp->set.timezone);
	imp->permalink = imp->set.permalink != NULL ? imp->set.permalink :
	    "/:year/:month/:slug.html";
	bp = imp->set.base_url != NULL ? url_path(imp->set.base_url,
	    &imp->host, imp->a) : NULL;
	imp->base_path = bp != NULL ? bp : "/";
	if ((text = util_read_file(site_path(imp, "site.yaml"), &len)) == NULL)
		return;
	imp->have_yaml = true;
	quiet = diags_new();
	memset(&c, 0, sizeof(c));
	if (config_load(&c, text, len, "site.yaml", NULL, imp->a, quiet) == 0) {
		imp->tz = c.timezone;
		imp->permalink = c.permalink;
		imp->yaml_unsafe = c.unsafe;
		if (c.base_url != NULL && (bp = url_path(c.base_url,
		    &imp->host, imp->a)) != NULL)
			imp->base_path = bp;
	} else
		diag_warning(imp->d, "site.yaml", 0, 0, "has errors; the "
		    "import assumes the permalink %s and zone %s",
		    imp->permalink, imp->tz);
	diags_free(quiet);
	free(text);
}

/*
 * A path with its %XX escapes decoded, as web servers decode a request
 * before they look for the file (and nginx's $uri is): the alias file
 * and the redirect lists need the decoded form.  The query stays as it
 * is; a path that would not decode to UTF-8 stays too.
 */
static const char *
unescape_path(const char *p, struct arena *a)
{
	size_t	 n = strcspn(p, "?"), i, o = 0;
	char	*out = arena_alloc(a, strlen(p) + 1);
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if (p[i] == '%' && i + 2 < n &&
		    (hi = util_hexval(p[i + 1])) >= 0 &&
		    (lo = util_hexval(p[i + 2])) >= 0 && hi * 16 + lo >= 0x20 &&
		    hi * 16 + lo != '/' && hi * 16 + lo != 0x7f) {
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else
			out[o++] = p[i];
	}
	if (!util_utf8_valid(out, o, NULL))
		return p;
	strcpy(out + o, p + n);
	return out;
}

/* The old URL as a path of this site, without the base path. */
static const char *
old_site_path(struct importer *imp, const char *old_url)
{
	const char	*host, *p;
	size_t		 n = strlen(imp->base_path);

	if ((p = url_path(old_url, &host, imp->a)) == NULL)
		return NULL;
	p = unescape_path(p, imp->a);
	if (n > 1 && strncmp(p, imp->base_path, n) == 0)
		p = arena_printf(imp->a, "/%s", p + n);
	return p;
}

static void
add_redirect(struct importer *imp, const char *from, const char *to)
{
	if (imp->nr == imp->capr) {
		imp->capr = imp->capr == 0 ? 64 : imp->capr * 2;
		imp->r = xrealloc(imp->r, imp->capr * sizeof(*imp->r));
	}
	imp->r[imp->nr].from = from;
	imp->r[imp->nr].to = to;
	imp->nr++;
}

static void
note_image(void *arg, const char *src)
{
	struct importer	*imp = arg;
	const char	*s, *host;

	if (strncmp(src, "http://", 7) != 0 && strncmp(src, "https://", 8) != 0
	    && strncmp(src, "//", 2) != 0)
		return;
	if (map_get(&imp->remote_seen, src) != NULL)
		return;
	s = arena_strdup(imp->a, src);
	map_put(&imp->remote_seen, s, s);
	url_path(src, &host, imp->a);
	if (imp->host != NULL && host != NULL && strcmp(host, imp->host) == 0)
		imp->own_images++;
	if (imp->nremote == imp->capremote) {
		imp->capremote = imp->capremote == 0 ? 64 : imp->capremote * 2;
		imp->remote = xrealloc(imp->remote,
		    imp->capremote * sizeof(*imp->remote));
	}
	imp->remote[imp->nremote++] = s;
}

/* The slug wanted: given, else the old URL's last segment, else title. */
static const char *
slug_source(const struct import_item *it, const char *old_path,
    struct arena *a)
{
	const char	*s, *e;

	if (it->slug != NULL && *it->slug != '\0')
		return it->slug;
	if (old_path != NULL && strchr(old_path, '?') == NULL) {
		e = old_path + strlen(old_path);
		while (e > old_path && e[-1] == '/')
			e--;
		for (s = e; s > old_path && s[-1] != '/'; s--)
			continue;
		if (e - s > 5 && strncmp(e - 5, ".html", 5) == 0)
			e -= 5;
		else if (e - s > 4 && strncmp(e - 4, ".htm", 4) == 0)
			e -= 4;
		if (e > s)
			return arena_strndup(a, s, (size_t)(e - s));
	}
	return it->title != NULL ? it->title : "";
}

static const char *
new_url(struct importer *imp, const struct import_item *it,
    const char *slug)
{
	struct datefmt_tm	 tm;
	struct url_parts	 parts;

	if (it->kind == IMPORT_PAGE)
		return arena_printf(imp->a, "/%s/", slug);
	datefmt_local(&tm, it->published.t, imp->tz);
	parts.year = tm.year;
	parts.month = tm.month;
	parts.day = tm.day;
	parts.slug = slug;
	parts.filename = slug;
	return url_permalink(imp->permalink, &parts, imp->a);
}

/*
 * Can "p" be a path the build writes: no query, no character that a URL
 * path cannot hold as written (post.c refuses them in "url" and
 * "aliases"), a clean path?
 */
static bool
writable_path(struct importer *imp, const char *p)
{
	const char	*s;

	if (p[0] != '/')
		return false;
	for (s = p; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f ||
		    strchr("\"#%<>?\\^`{|}", *s) != NULL)
			return false;
	return url_output_path(p, imp->a) != NULL;
}

/*
 * The old URL "old" as the post's own ("url:" in its front matter) when
 * the pattern's URL "made" is another: the build keeps it exactly.  NULL
 * when it is the pattern's, or cannot be one: not writable_path, or with
 * a ":" (the build reads placeholders there in "url"); those get an
 * alias where they can and a redirect.
 */
static const char *
own_url(struct importer *imp, const char *old, const char *made)
{
	if (old == NULL || strcmp(old, made) == 0 || strchr(old, ':') != NULL ||
	    !writable_path(imp, old))
		return NULL;
	return old;
}

static void
front_matter(struct buf *b, const struct import_item *it, const char *title,
    const char *slug, const char *own, const char **alias, size_t nalias,
    const char *summary)
{
	char	 when[64];
	size_t	 i;

	buf_puts(b, "---\ntitle: ");
	buf_put_yaml(b, title);
	import_date_format(when, &it->published);
	buf_printf(b, "\ndate: %s\n", when);
	if (it->updated.set && it->updated.t > it->published.t) {
		import_date_format(when, &it->updated);
		buf_printf(b, "updated: %s\n", when);
	}
	if (it->author != NULL && *it->author != '\0') {
		buf_puts(b, "author: ");
		buf_put_yaml(b, it->author);
		buf_putc(b, '\n');
	}
	if (it->ntags > 0) {
		buf_puts(b, "tags: [");
		for (i = 0; i < it->ntags; i++) {
			if (i > 0)
				buf_puts(b, ", ");
			buf_put_yaml(b, it->tags[i]);
		}
		buf_puts(b, "]\n");
	}
	buf_printf(b, "slug: %s\n", slug);
	if (own != NULL) {
		buf_puts(b, "url: ");
		buf_put_yaml(b, own);
		buf_putc(b, '\n');
	}
	if (nalias > 0) {
		buf_puts(b, "aliases: [");
		for (i = 0; i < nalias; i++) {
			if (i > 0)
				buf_puts(b, ", ");
			buf_put_yaml(b, alias[i]);
		}
		buf_puts(b, "]\n");
	}
	if (summary != NULL) {
		buf_puts(b, "summary: ");
		buf_put_yaml(b, summary);
		buf_putc(b, '\n');
	}
	if (it->draft)
		buf_puts(b, "draft: true\n");
	buf_puts(b, "---\n");
}

static void
remember(struct importer *imp, const char *path, const struct import_item *it,
    const char *title, const struct import_date *when)
{
	struct written	*w;

	if (imp->nw == imp->capw) {
		imp->capw = imp->capw == 0 ? 64 : imp->capw * 2;
		imp->w = xrealloc(imp->w, imp->capw * sizeof(*imp->w));
	}
	w = &imp->w[imp->nw++];
	w->path = path;
	w->title = arena_strdup(imp->a, title);
	w->author = dup_or_null(imp->a, it->author);
	/* git wants an address; RFC 2606 keeps .invalid for none. */
	w->email = it->author_email != NULL && *it->author_email != '\0' ?
	    arena_strdup(imp->a, it->author_email) : "unknown@invalid";
	w->when = *when;
}

/*
 * Leave the site's file "path" as it is: the manifest keeps the hash of
 * the source version written last ("want"), not the new one ("hash").
 */
static int
keep_site_file(struct importer *imp, const struct import_item *it,
    const char *path, const char *hash, const char *want)
{
	imp->manifest.len -= strlen(it->id) + strlen(path) + strlen(hash) + 3;
	buf_printf(&imp->manifest, "%s\t%s\t%s\n", it->id, path, want);
	imp->kept++;
	return 0;
}

/*
 * Write the file unless the site's copy was edited since the last
 * import; "prev" is the manifest's "path\thash" for this item.
 */
static int
store(struct importer *imp, const struct import_item *it, const char *path,
    const char *prev, const char *text, size_t len, const char *title)
{
	const char	*hash = hash_hex(imp, text, len), *want;
	char		*disk;
	size_t		 dlen;
	int		 rc;

	buf_printf(&imp->manifest, "%s\t%s\t%s\n", it->id, path, hash);
	if (prev != NULL) {
		want = strchr(prev, '\t') != NULL ? strchr(prev, '\t') + 1 : "";
		disk = util_read_file(site_path(imp, path), &dlen);
		if (disk == NULL) {
			/* Removed on purpose: leave it out. */
			diag_warning(imp->d, path, 0, 0, "was removed since "
			    "the last import; not written again");
			return keep_site_file(imp, it, path, hash, want);
		}
		rc = strcmp(hash_hex(imp, disk, dlen), want);
		free(disk);
		if (rc != 0) {
			diag_warning(imp->d, path, 0, 0, "changed since the "
			    "last import; left as it is (the source's "
			    "version was not written)");
			return keep_site_file(imp, it, path, hash, want);
		}
		if (strcmp(hash, want) == 0) {
			imp->unchanged++;
			return 0;
		}
		imp->updated++;
	} else
		imp->added++;
	if (write_file(imp, path, text, len) < 0)
		return -1;
	remember(imp, path, it, title, prev != NULL && it->updated.set ?
	    &it->updated : &it->published);
	return 0;
}

int
import_add(struct importer *imp, const struct import_item *it)
{
	struct html2md_opts	 ho;
	struct html2md_stats	 hs;
	struct buf		 md = BUF_INIT, text = BUF_INIT;
	struct buf		 sum = BUF_INIT;
	const char		*old_path = NULL, *slug, *base, *url, *p;
	const char		*own;
	const char		**alias;
	size_t			 nalias = 0, k;
	const char		*title, *path, *prev, *summary = NULL, *alt;
	char			 day[64];
	int			 y, mo, d, h, mi, s, rc;
	unsigned		 n;
	bool			 as_html;

	freeze(imp);
	if (it->id == NULL || *it->id == '\0')
		return diag_error(imp->d, imp->o.source, it->line, 0,
		    "entry without an id: skipped");
	if (map_get(&imp->seen, it->id) != NULL)
		return diag_error(imp->d, imp->o.source, it->line, 0,
		    "a second entry with id %s: skipped", it->id);
	map_put(&imp->seen, arena_strdup(imp->a, it->id), "");
	if (!it->published.set)
		return diag_error(imp->d, imp->o.source, it->line, 0,
		    "\"%s\": no publication date: skipped",
		    it->title != NULL ? it->title : it->id);
	title = it->title != NULL && *it->title != '\0' ? it->title : NULL;
	if (title == NULL) {
		import_date_format(day, &it->published);
		day[10] = '\0';
		title = arena_printf(imp->a, "Post of %s", day);
		diag_warning(imp->d, imp->o.source, it->line, 0, "entry %s has "
		    "no title: titled \"%s\"", it->id, title);
	}
	if (it->old_url != NULL)
		old_path = old_site_path(imp, it->old_url);

	/*
	 * The slug, made unique among this import's URLs; the old URL is
	 * the post's own where the pattern makes another and no other
	 * post of the import has it.
	 */
	base = slug_source(it, old_path, imp->a);
	base = text_slug(imp->tx, base, strlen(base), imp->a);
	slug = base;
	url = new_url(imp, it, slug);
	own = own_url(imp, old_path, url);
	if (own != NULL && (p = map_get(&imp->urls, own)) != NULL &&
	    strcmp(p, it->id) != 0)
		own = NULL;
	if (own != NULL) {
		url = own;
		imp->own++;
	}
	for (n = 2; own == NULL && map_get(&imp->urls, url) != NULL &&
	    strcmp(map_get(&imp->urls, url), it->id) != 0; n++) {
		slug = arena_printf(imp->a, "%s-%u", base, n);
		url = new_url(imp, it, slug);
	}
	map_put(&imp->urls, url, arena_strdup(imp->a, it->id));

	/* Each other old URL: redirected, and an alias page where it can be. */
	alias = arena_alloc(imp->a, (it->nmore + 1) * sizeof(*alias));
	for (k = 0; k <= it->nmore; k++) {
		p = k == 0 ? old_path :
		    old_site_path(imp, it->more_urls[k - 1]);
		if (p == NULL || strcmp(p, url) == 0)
			continue;
		add_redirect(imp, p, url);
		if (writable_path(imp, p) && map_get(&imp->urls, p) == NULL) {
			alias[nalias++] = p;
			map_put(&imp->urls, p, arena_strdup(imp->a, it->id));
			imp->aliases++;
		}
	}

	if (it->alt_url != NULL &&
	    (alt = old_site_path(imp, it->alt_url)) != NULL &&
	    strcmp(alt, url) != 0 && (old_path == NULL ||
	    strcmp(alt, old_path) != 0))
		add_redirect(imp, alt, url);

	memset(&ho, 0, sizeof(ho));
	ho.autop = it->autop;
	ho.path = imp->o.source;
	ho.line = it->line;
	ho.image = note_image;
	ho.arg = imp;
	prev = map_get(&imp->old, it->id);
	/*
	 * A body that stays mostly HTML is an HTML post, whole; the first
	 * pass only measures (its warnings would be about the Markdown).
	 * A re-run keeps the kind of file the last import wrote.
	 */
	html2md_convert(&md, &hs, it->html != NULL && it->markdown == NULL ?
	    it->html : "", it->html != NULL && it->markdown == NULL ?
	    it->html_len : 0, &ho, NULL);
	as_html = it->markdown == NULL && (prev != NULL ?
	    util_endswith(arena_strndup(imp->a, prev, strcspn(prev, "\t")),
	    ".html") : html2md_mostly_raw(&hs));
	buf_reset(&md);
	ho.image = NULL;
	if (as_html) {
		imp->html_heavy++;
		html2md_html(&md, it->html != NULL ? it->html : "",
		    it->html != NULL ? it->html_len : 0, &ho);
	} else {
		html2md_convert(&md, &hs, it->html != NULL &&
		    it->markdown == NULL ? it->html : "", it->html != NULL &&
		    it->markdown == NULL ? it->html_len : 0, &ho, imp->d);
		if (html2md_needs_unsafe(&hs))
			imp->unsafe = true;
	}
	if (it->markdown != NULL) {
		buf_reset(&md);
		buf_puts(&md, it->markdown);
		if (md.len > 0 && md.data[md.len - 1] != '\n')
			buf_putc(&md, '\n');
	}
	if (it->summary != NULL && *it->summary != '\0') {
		html2md_convert(&sum, &hs, it->summary, strlen(it->summary),
		    &ho, imp->d);
		while (sum.len > 0 && sum.data[sum.len - 1] == '\n')
			sum.len--;
		if (sum.len > 0)
			summary = buf_cstr(&sum);
	}

	front_matter(&text, it, title, slug, url == own ? own : NULL, alias,
	    nalias, summary);
	if (md.len > 0) {
		buf_putc(&text, '\n');
		buf_put(&text, md.data, md.len);
	}
	if (prev != NULL)
		path = arena_strndup(imp->a, prev, strcspn(prev, "\t"));
	else if (it->kind == IMPORT_PAGE)
		path = arena_printf(imp->a, "content/pages/%s.%s", slug,
		    as_html ? "html" : "md");
	else {
		local_parts(&it->published, &y, &mo, &d, &h, &mi, &s);
		path = arena_printf(imp->a, "content/posts/%04d/%02d/%s.%s",
		    y, mo, slug, as_html ? "html" : "md");
	}
	rc = store(imp, it, path, prev, text.data, text.len, title);
	if (it->kind == IMPORT_PAGE)
		imp->pages++;
	else
		imp->posts++;
	if (it->draft)
		imp->drafts++;
	buf_free(&md);
	buf_free(&sum);
	buf_free(&text);
	import_tick(imp);
	return rc;
}

int
import_copy(struct importer *imp, const char *from, const char *rel)
{
	char	*data;
	size_t	 len;
	int	 rc;

	if ((data = util_read_file(from, &len)) == NULL)
		return diag_error(imp->d, from, 0, 0, "cannot read: %s",
		    strerror(errno));
	rc = write_file(imp, rel, data, len);
	free(data);
	if (rc < 0)
		return -1;
	if (imp->ncopied == imp->capcopied) {
		imp->capcopied = imp->capcopied == 0 ? 64 : imp->capcopied * 2;
		imp->copied = xrealloc(imp->copied,
		    imp->capcopied * sizeof(*imp->copied));
	}
	imp->copied[imp->ncopied++] = arena_strdup(imp->a, rel);
	import_tick(imp);
	return 0;
}

const char *
import_url(struct importer *imp, const struct import_item *it)
{
	const char	*s, *made, *own;

	freeze(imp);
	s = it->slug != NULL ? it->slug : it->title != NULL ? it->title : "";
	made = new_url(imp, it, text_slug(imp->tx, s, strlen(s), imp->a));
	own = it->old_url != NULL ? own_url(imp, old_site_path(imp,
	    it->old_url), made) : NULL;
	return own != NULL ? own : made;
}

void
import_permalink(struct importer *imp, const char *pattern)
{
	if (!imp->frozen)
		imp->set.permalink = arena_strdup(imp->a, pattern);
}

const char *
import_base_path(struct importer *imp)
{
	freeze(imp);
	return imp->base_path;
}

void
import_skip(struct importer *imp, const char *kind)
{
	size_t	 i;

	for (i = 0; i < imp->nsk; i++)
		if (strcmp(imp->sk[i].kind, kind) == 0) {
			imp->sk[i].n++;
			import_tick(imp);
			return;
		}
	imp->sk = xrealloc(imp->sk, (imp->nsk + 1) * sizeof(*imp->sk));
	imp->sk[imp->nsk].kind = arena_strdup(imp->a, kind);
	imp->sk[imp->nsk].n = 1;
	imp->nsk++;
	import_tick(imp);
}

bool
import_started(const struct importer *imp)
{
	return imp->ticks > 0;
}

void
import_tick(struct importer *imp)
{
	time_t	 now;

	imp->ticks++;
	if (!imp->o.progress || imp->ticks % 64 != 0)
		return;
	now = time(NULL);
	if (now == imp->last_tick)
		return;
	imp->last_tick = now;
	fprintf(stderr, "\rimporting: %u entries, %u posts, %u pages",
	    imp->ticks, imp->posts, imp->pages);
	fflush(stderr);
}

static int
cmp_redirect(const void *x, const void *y)
{
	return strcmp(((const struct redirect *)x)->from,
	    ((const struct redirect *)y)->from);
}

static int
cmp_written(const void *x, const void *y)
{
	const struct written	*a = x, *b = y;

	if (a->when.t != b->when.t)
		return a->when.t < b->when.t ? -1 : 1;
	return strcmp(a->path, b->path);
}

/* A regular expression that matches s and nothing else (POSIX ERE). */
static void
put_regex(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr(".[]()*+?{}|^$\\", *s) != NULL)
			buf_putc(b, '\\');
		if (*s == ' ')
			buf_puts(b, "\\x20");
		else
			buf_putc(b, *s);
	}
}

static void
put_nginx_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\' || *s == '$')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static int
write_redirects(struct importer *imp)
{
	struct buf	 n = BUF_INIT, a = BUF_INIT;
	size_t		 i, k, len;
	const char	*q, *to;
	int		 rc = 0;

	if (imp->nr > 0)
		qsort(imp->r, imp->nr, sizeof(*imp->r), cmp_redirect);
	buf_puts(&n,
	    "# Old URLs of the imported blog and where they are now, written\n"
	    "# by `heraldo import`.  In nginx's http block:\n"
	    "#     include /path/to/redirects.nginx;\n"
	    "# and in the server block:\n"
	    "#     if ($heraldo_moved) { return 301 $heraldo_moved; }\n"
	    "#     if ($heraldo_moved_query) { return 301 "
	    "$heraldo_moved_query; }\n");
	buf_puts(&a,
	    "# Old URLs of the imported blog and where they are now, written\n"
	    "# by `heraldo import`, for Apache's .htaccess (mod_rewrite).\n"
	    "RewriteEngine On\n");
	/* Paths match $uri (no query); old URLs with a query, $request_uri. */
	for (k = 0; k < 2; k++) {
		buf_printf(&n, "map %s $heraldo_moved%s {\n\tdefault \"\";\n",
		    k == 0 ? "$uri" : "$request_uri", k == 0 ? "" : "_query");
		for (i = 0; i < imp->nr; i++) {
			if ((strchr(imp->r[i].from, '?') != NULL) != (k == 1) ||
			    (i > 0 && strcmp(imp->r[i].from,
			    imp->r[i - 1].from) == 0))
				continue;
			buf_putc(&n, '\t');
			put_nginx_str(&n, imp->r[i].from);
			buf_putc(&n, ' ');
			put_nginx_str(&n, url_absolute(imp->base_path,
			    imp->r[i].to, imp->a));
			buf_puts(&n, ";\n");
		}
		buf_puts(&n, k == 0 ? "}\n" : "");
	}
	for (i = 0; i < imp->nr; i++) {
		if (i > 0 && strcmp(imp->r[i].from, imp->r[i - 1].from) == 0)
			continue;
		to = url_absolute(imp->base_path, imp->r[i].to, imp->a);
		if ((q = strchr(imp->r[i].from, '?')) != NULL) {
			buf_puts(&a, "RewriteCond %{QUERY_STRING} ^");
			put_regex(&a, q + 1);
			buf_puts(&a, "$\n");
		}
		/* In .htaccess the pattern sees the path without its "/". */
		buf_puts(&a, "RewriteRule ^");
		len = q != NULL ? (size_t)(q - imp->r[i].from) :
		    strlen(imp->r[i].from);
		put_regex(&a, arena_strndup(imp->a, imp->r[i].from + 1,
		    len > 0 ? len - 1 : 0));
		buf_printf(&a, "$ %s%s [R=301,L]\n", to,
		    q != NULL ? "?" : "");
	}
	buf_puts(&n, "}\n");
	if (write_file(imp, REDIR_NGINX, n.data, n.len) < 0 ||
	    write_file(imp, REDIR_APACHE, a.data, a.len) < 0)
		rc = -1;
	buf_free(&n);
	buf_free(&a);
	return rc;
}

static const char *
site_locale(struct importer *imp)
{
	char	*l;
	size_t	 i;

	if (imp->set.locale == NULL)
		return "en";
	l = arena_strdup(imp->a, imp->set.locale);
	for (i = 0; l[i] != '\0'; i++)
		if (l[i] == '-')
			l[i] = '_';
	/* "en-us" names the region in capitals: en_US. */
	if ((i = strcspn(l, "_")) == 2 && strlen(l) == 5) {
		if (l[3] >= 'a' && l[3] <= 'z')
			l[3] = (char)(l[3] - 'a' + 'A');
		if (l[4] >= 'a' && l[4] <= 'z')
			l[4] = (char)(l[4] - 'a' + 'A');
	}
	if (datefmt_locale_known(l))
		return l;
	diag_warning(imp->d, imp->o.source, 0, 0, "unknown language \"%s\": "
	    "the site uses en; set locale in site.yaml", imp->set.locale);
	return "en";
}

static int
write_site_yaml(struct importer *imp)
{
	struct buf	 b = BUF_INIT;
	int		 rc;

	if (imp->have_yaml) {
		if (imp->unsafe && !imp->yaml_unsafe)
			diag_warning(imp->d, "site.yaml", 0, 0, "imported "
			    "posts keep some HTML that shows only with "
			    "\"markdown: { unsafe: true }\"");
		return 0;
	}
	buf_puts(&b, "# Written by `heraldo import` from ");
	buf_puts(&b, imp->o.format);
	buf_puts(&b, "; see heraldo(1) for every key.\ntitle: ");
	buf_put_yaml(&b, imp->set.title != NULL ? imp->set.title : "Blog");
	if (imp->set.description != NULL) {
		buf_puts(&b, "\ndescription: ");
		buf_put_yaml(&b, imp->set.description);
	}
	buf_puts(&b, "\nbase_url: ");
	buf_put_yaml(&b, imp->set.base_url != NULL ? imp->set.base_url :
	    "https://example.com/");
	buf_puts(&b, "\nlocale: ");
	buf_put_yaml(&b, site_locale(imp));
	buf_puts(&b, "\ntimezone: ");
	buf_put_yaml(&b, imp->tz);
	buf_puts(&b, "\npermalink: ");
	buf_put_yaml(&b, imp->permalink);
	buf_putc(&b, '\n');
	if (imp->unsafe)
		buf_puts(&b, "# Some imported posts keep HTML that Markdown "
		    "cannot say.\nmarkdown: { unsafe: true }\n");
	if (imp->set.base_url == NULL)
		diag_warning(imp->d, "site.yaml", 0, 0, "the source names no "
		    "address: set base_url");
	rc = write_file(imp, "site.yaml", b.data, b.len);
	buf_free(&b);
	return rc;
}

static void
json_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char	 c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

static int
write_report(struct importer *imp, bool ok)
{
	const struct diag	*x;
	FILE			*fp;
	size_t			 i;
	bool			 first = true;
	int			 good;

	if ((fp = fopen(imp->o.report, "w")) == NULL)
		return diag_error(imp->d, imp->o.report, 0, 0, "cannot write "
		    "the report: %s", strerror(errno));
	fprintf(fp, "{\n  \"ok\": %s,\n  \"format\": ", ok ? "true" : "false");
	json_str(fp, imp->o.format);
	fprintf(fp, ",\n  \"source\": ");
	json_str(fp, imp->o.source);
	fprintf(fp, ",\n  \"posts\": %u,\n  \"pages\": %u,\n  \"drafts\": %u,\n"
	    "  \"added\": %u,\n  \"updated\": %u,\n  \"unchanged\": %u,\n"
	    "  \"kept_edited\": %u,\n  \"files_copied\": %zu,\n"
	    "  \"redirects\": %zu,\n  \"aliases\": %u,\n"
	    "  \"own_urls\": %u,\n"
	    "  \"own_images\": %u,\n  \"mostly_html\": %u,\n"
	    "  \"commits\": %u,\n  \"skipped\": {",
	    imp->posts, imp->pages, imp->drafts, imp->added, imp->updated,
	    imp->unchanged, imp->kept, imp->ncopied, imp->nr, imp->aliases,
	    imp->own, imp->own_images,
	    imp->html_heavy,
	    (unsigned)imp->nw);
	for (i = 0; i < imp->nsk; i++) {
		fprintf(fp, "%s\n    ", i > 0 ? "," : "");
		json_str(fp, imp->sk[i].kind);
		fprintf(fp, ": %u", imp->sk[i].n);
	}
	fprintf(fp, "%s},\n  \"remote_images\": [", imp->nsk > 0 ? "\n  " : "");
	for (i = 0; i < imp->nremote; i++) {
		fprintf(fp, "%s\n    ", i > 0 ? "," : "");
		json_str(fp, imp->remote[i]);
	}
	fprintf(fp, "%s],\n  \"diagnostics\": [", imp->nremote > 0 ? "\n  " :
	    "");
	for (i = 0; (x = diags_get(imp->d, i)) != NULL; i++) {
		fprintf(fp, "%s\n    {\"level\": \"%s\", \"path\": ",
		    first ? "" : ",", x->level == DIAG_ERROR ? "error" :
		    x->level == DIAG_WARNING ? "warning" : "note");
		json_str(fp, x->path);
		fprintf(fp, ", \"line\": %u, \"message\": ", x->line);
		json_str(fp, x->msg);
		fputc('}', fp);
		first = false;
	}
	fprintf(fp, "%s]\n}\n", first ? "" : "\n  ");
	good = fflush(fp) == 0 && !ferror(fp);
	good = fclose(fp) == 0 && good;
	if (!good)
		return diag_error(imp->d, imp->o.report, 0, 0, "cannot write "
		    "the report: %s", strerror(errno));
	return 0;
}

static int
commit_all(struct importer *imp)
{
	struct gitwrite	*g = NULL;
	const char	*paths[1], *msg, **all = NULL;
	bool		 created;
	size_t		 i;
	int		 rc = 0;
	struct import_date now;

	if (imp->o.no_git)
		return 0;
	if (gitwrite_open(&g, &created, imp->o.site_dir, imp->d) < 0)
		return -1;
	if (imp->nw > 0)
		qsort(imp->w, imp->nw, sizeof(*imp->w), cmp_written);
	for (i = 0; i < imp->nw && rc == 0; i++) {
		paths[0] = imp->w[i].path;
		msg = arena_printf(imp->a, "%s\n\nImported from %s by heraldo "
		    "import.\n", imp->w[i].title, imp->o.format);
		rc = gitwrite_commit(g, paths, 1, imp->w[i].author,
		    imp->w[i].email, imp->w[i].when.t, imp->w[i].when.offset,
		    msg, imp->d);
	}
	if (rc == 0) {
		all = xcalloc(imp->ncopied + 4, sizeof(*all));
		all[0] = MANIFEST;
		all[1] = REDIR_NGINX;
		all[2] = REDIR_APACHE;
		all[3] = "site.yaml";
		for (i = 0; i < imp->ncopied; i++)
			all[4 + i] = imp->copied[i];
		now.t = time(NULL);
		now.offset = 0;
		rc = gitwrite_commit(g, all, 4 + imp->ncopied, NULL, NULL,
		    now.t, 0,
		    arena_printf(imp->a, "Import from %s: site settings, "
		    "redirects and manifest\n", imp->o.format), imp->d);
	}
	free(all);
	if (gitwrite_close(g, imp->d) < 0)
		rc = -1;
	gitwrite_free(g);
	return rc;
}

int
import_finish(struct importer *imp)
{
	int	 rc = 0;

	freeze(imp);
	if (imp->own_images > 0)
		diag_warning(imp->d, imp->o.source, 0, 0, "%u image%s on "
		    "the blog's own address (%s), which the export does not "
		    "hold: copy them into static/ under the same paths (for "
		    "WordPress, wp-content/uploads/) so they keep answering",
		    imp->own_images, imp->own_images == 1 ? " is" : "s are",
		    imp->host);
	if (imp->o.progress && imp->ticks >= 64)
		fputc('\n', stderr);
	if (write_site_yaml(imp) < 0 || write_redirects(imp) < 0 ||
	    write_file(imp, MANIFEST, imp->manifest.data != NULL ?
	    imp->manifest.data : "", imp->manifest.len) < 0)
		rc = -1;
	if (rc == 0 && commit_all(imp) < 0)
		rc = -1;
	if (imp->o.report != NULL && write_report(imp, rc == 0) < 0)
		rc = -1;
	return rc;
}

void
import_print_summary(const struct importer *imp, FILE *fp)
{
	size_t	 i;

	fprintf(fp, "imported %u post%s and %u page%s (%u draft%s): %u "
	    "new, %u updated, %u unchanged, %u kept as edited; %zu "
	    "redirect%s, %u alias%s, %u old URL%s kept as own",
	    imp->posts, imp->posts == 1 ? "" : "s",
	    imp->pages, imp->pages == 1 ? "" : "s", imp->drafts,
	    imp->drafts == 1 ? "" : "s", imp->added, imp->updated,
	    imp->unchanged, imp->kept, imp->nr, imp->nr == 1 ? "" : "s",
	    imp->aliases, imp->aliases == 1 ? "" : "es", imp->own,
	    imp->own == 1 ? "" : "s");
	for (i = 0; i < imp->nsk; i++)
		fprintf(fp, "%s%s: %u", i == 0 ? "; not posts: " : ", ",
		    imp->sk[i].kind, imp->sk[i].n);
	if (imp->ncopied > 0)
		fprintf(fp, "; %zu file%s copied", imp->ncopied,
		    imp->ncopied == 1 ? "" : "s");
	fputc('\n', fp);
	if (imp->nremote > 0)
		fprintf(fp, "%zu remote images stay where they are "
		    "(listed in the report)\n", imp->nremote);
}
