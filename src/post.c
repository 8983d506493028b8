/*
 * post: front matter + history + Markdown -> struct post.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "datefmt.h"
#include "diag.h"
#include "frontmatter.h"
#include "gitsrc.h"
#include "i18n.h"
#include "markdown.h"
#include "pool.h"
#include "post.h"
#include "text.h"
#include "url.h"
#include "util.h"
#include "value.h"

/* Summaries taken from the first paragraph stop near this many bytes. */
#define SUMMARY_MAX	280
/* Reading speed for reading_time, words per minute. */
#define WORDS_PER_MIN	200

/*
 * Instant "t" in format "f", its locale and zone defaulting to the
 * post's: a string in the worker's arena, or NULL after an error.
 */
static struct value *
formatted(struct worker *w, const struct datefmt_spec *f, int64_t t,
    const char *locale, const char *tz, struct diags *d)
{
	struct datefmt_spec	 spec = *f;

	if (spec.locale == NULL)
		spec.locale = locale;
	if (spec.tz == NULL)
		spec.tz = tz;
	buf_reset(&w->scratch);
	if (datefmt_format(&w->scratch, w->df, &spec, t, d) < 0)
		return NULL;
	return value_stringn(w->a, w->scratch.data ? w->scratch.data : "",
	    w->scratch.len);
}

struct value *
post_date_value(struct worker *w, const struct siteconf *c, int64_t t,
    const char *locale, const char *tz, bool posted, struct diags *d)
{
	static const struct datefmt_spec day_header = {
		.kind = DATEFMT_STYLE, .text = "full"
	};
	static const struct datefmt_spec byline = {
		.kind = DATEFMT_SKELETON, .text = "yMMMMdjmz"
	};
	struct arena		*a = w->a;
	struct value		*m = value_map_sized(a, 8 + c->nformats);
	struct value		*num, *v;
	struct datefmt_tm	 tm;
	char			 s[40];
	size_t			 i;

	datefmt_rfc3339(s, t, tz);
	value_map_put(a, m, "iso", value_string(a, s));
	datefmt_rfc822(s, t, tz);
	value_map_put(a, m, "rfc822", value_string(a, s));
	datefmt_local(&tm, t, tz);
	num = value_map_sized(a, 3);
	value_map_put(a, num, "year", value_number(a, tm.year));
	value_map_put(a, num, "month", value_string(a,
	    arena_printf(a, "%02d", tm.month)));
	value_map_put(a, num, "day", value_string(a,
	    arena_printf(a, "%02d", tm.day)));
	value_map_put(a, m, "number", num);
	/* Named formats below replace these when they take the same name. */
	for (i = 0; i < num->u.map.n; i++)
		value_map_put(a, m, num->u.map.v[i].key, num->u.map.v[i].val);
	for (i = 0; i < c->nformats; i++)
		if ((v = formatted(w, &c->formats[i].spec, t, locale, tz,
		    d)) != NULL)
			value_map_set(a, m, c->formats[i].name, v);
	/* Layouts may count on a day header: full style unless named. */
	if (value_map_get(m, "day_header") == NULL &&
	    (v = formatted(w, &day_header, t, locale, tz, d)) != NULL)
		value_map_put(a, m, "day_header", v);
	/* And the byline on a readable date, not RFC 3339: when shown. */
	if (posted && value_map_get(m, "posted") == NULL &&
	    (v = formatted(w, &byline, t, locale, tz, d)) != NULL)
		value_map_put(a, m, "posted", v);
	return m;
}

size_t
post_name_date(const char *name, int *y, int *m, int *d)
{
	const char	*p = name;
	int		 v[3], i, k;

	for (i = 0; i < 3; i++) {
		for (k = 0, v[i] = 0; k < (i == 0 ? 4 : 2) && *p >= '0' &&
		    *p <= '9'; k++, p++)
			v[i] = v[i] * 10 + (*p - '0');
		if (k < (i == 0 ? 4 : 1))
			return 0;
		if (*p != (i < 2 ? '-' : *p == '_' ? '_' : '-'))
			return 0;
		p++;
	}
	*y = v[0];
	*m = v[1];
	*d = v[2];
	return (size_t)(p - name);
}

/*
 * The name a post is known by: its bundle's folder name, else its file
 * name without ".md", ".markdown" or ".html".
 */
static const char *
source_name(const struct post *p, size_t *len)
{
	const char	*path = p->bundle != NULL ? p->bundle->dir : p->path;
	const char	*base = strrchr(path, '/');
	size_t		 n;

	base = base != NULL ? base + 1 : path;
	n = strlen(base);
	if (p->bundle != NULL)
		;
	else if (n > 3 && strcmp(base + n - 3, ".md") == 0)
		n -= 3;
	else if (n > 9 && strcmp(base + n - 9, ".markdown") == 0)
		n -= 9;
	else if (n > 5 && strcmp(base + n - 5, ".html") == 0)
		n -= 5;
	*len = n;
	return base;
}

/*
 * The slug source: the source's name without a date prefix
 * ("2014-09-15-" or Zola's "2014-09-15_").
 */
static const char *
file_stem(const struct post *p, size_t *len)
{
	const char	*base = source_name(p, len);
	size_t		 skip;
	int		 y, m, d;

	if ((skip = post_name_date(base, &y, &m, &d)) > 0 && skip < *len) {
		*len -= skip;
		return base + skip;
	}
	return base;
}

char *
post_bundle_url(const char *url, struct arena *a)
{
	const char	*slash = strrchr(url, '/'), *dot;
	size_t		 n = strlen(url);

	if (n > 0 && url[n - 1] == '/')
		return arena_strdup(a, url);
	dot = strrchr(slash != NULL ? slash : url, '.');
	if (dot != NULL && dot > slash + 1)
		n = (size_t)(dot - url);
	return arena_printf(a, "%.*s/", (int)n, url);
}

/*
 * The dates, each from the first that has it: "date" (or publishDate),
 * the date that starts the file or bundle folder name, the commit that
 * added the file, the build's "now".  "updated": the key, else the last
 * significant commit when it is not the one that added the file.
 */
static int
resolve_dates(struct post *p, const struct post_env *env,
    const struct gitsrc_hist *h, struct arena *a)
{
	const char	*path = p->path, *name;
	char		 day[16];
	size_t		 n, skip;
	int		 rc = 0, y, m, d;

	name = source_name(p, &n);
	skip = post_name_date(name, &y, &m, &d);
	if (p->fm.date.text != NULL) {
		if (datefmt_parse(&p->date, p->fm.date.text, p->tz, path,
		    p->fm.date.line, p->fm.date.col, env->d) < 0)
			rc = -1;
		p->date_origin = arena_printf(a, "\"%s\" at line %u",
		    p->fm.date.key, p->fm.date.line);
	} else if (skip > 0 && skip < n) {
		/* The file or bundle folder's date, at midnight. */
		snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m, d);
		if (datefmt_parse(&p->date, day, p->tz, p->bundle != NULL ?
		    p->bundle->dir : path, 0, 0, env->d) < 0)
			rc = -1;
		p->date_origin = p->bundle != NULL ?
		    "date from the folder name" : "date from the file name";
	} else if (h != NULL) {
		p->date = h->created.time;
		p->date_from_git = true;
		p->cut = h->cut;
		p->date_origin = "date from git";
	} else {
		p->date = env->now;
		p->date_origin = "date of the build";
	}
	if (p->fm.updated.text != NULL) {
		if (datefmt_parse(&p->updated, p->fm.updated.text, p->tz,
		    path, p->fm.updated.line, p->fm.updated.col, env->d) < 0)
			rc = -1;
	} else if (h != NULL && h->significant.time > p->date &&
	    strcmp(h->significant.commit, h->created.commit) != 0)
		p->updated = h->significant.time;
	else
		p->updated = p->date;
	/* A cut history cannot tell whether it changed before the cut. */
	if (p->fm.updated.text == NULL && h != NULL && h->cut &&
	    strcmp(h->significant.commit, h->created.commit) == 0)
		p->updated_cut = true;
	/* Never before its publication, never after the build's "now". */
	if (p->updated > env->now)
		p->updated = env->now;
	if (p->updated < p->date)
		p->updated = p->date;
	if (p->fm.expires.text != NULL) {
		if (datefmt_parse(&p->expires, p->fm.expires.text, p->tz, path,
		    p->fm.expires.line, p->fm.expires.col, env->d) < 0)
			rc = -1;
		p->has_expires = true;
	}
	return rc;
}

/*
 * The first character of s[0..n) that has no place in a URL path as
 * written ('/' too when "slash" is false), or NULL.
 */
static const char *
unsafe_char(const char *s, size_t n, bool slash)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    strchr("\"#%<>?\\^`{|}", s[i]) != NULL ||
		    (!slash && s[i] == '/'))
			return s + i;
	return NULL;
}

static const char *
char_name(const char *c)
{
	static char	 buf[16];

	if (*c == ' ')
		return "a space";
	if ((unsigned char)*c < 0x20 || *c == 0x7f)
		return "a control character";
	snprintf(buf, sizeof(buf), "\"%c\"", *c);
	return buf;
}

/*
 * A slug as written (a "slug" key or the file name): blanks become "-",
 * as Jekyll and Hugo make them; case, dots and underscores stay.  NULL
 * after an error if it has a character a URL path cannot hold.
 */
static const char *
written_slug(const char *s, size_t n, const char *what, const char *path,
    unsigned line, unsigned col, struct arena *a, struct diags *d)
{
	char		*out = arena_strndup(a, s, n), *q;
	const char	*bad;
	size_t		 i, k = 0;

	for (i = 0; i < n; i++) {
		if (out[i] == ' ' || out[i] == '\t') {
			if (k > 0 && out[k - 1] != '-')
				out[k++] = '-';
			continue;
		}
		out[k++] = out[i];
	}
	while (k > 0 && out[k - 1] == '-' && (s[n - 1] == ' ' ||
	    s[n - 1] == '\t'))
		k--;
	out[k] = '\0';
	if ((bad = unsafe_char(out, k, false)) != NULL) {
		q = (char *)bad;
		diag_error(d, path, line, col, "%s \"%s\": %s has no place "
		    "in a URL; write the slug with letters, digits, \"-\", "
		    "\"_\" and \".\"", what, out, char_name(q));
		return NULL;
	}
	if (k == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
		diag_error(d, path, line, col, "%s \"%s\": expected a name "
		    "for the URL", what, out);
		return NULL;
	}
	return out;
}

/*
 * Whether s[0..n) ends in the extension of a file a web server serves
 * as one (".html", ".xml", ".php" ...): not "Rust-1.8" or "1.94.1".
 */
static bool
has_file_ext(const char *s, size_t n)
{
	static const char *const exts[] = { "html", "htm", "xhtml", "xml",
	    "rss", "atom", "json", "txt", "css", "js", "php", "asp", "aspx",
	    "jsp", "cgi", "pdf", "png", "jpg", "jpeg", "gif", "svg", "ico",
	    "webp" };
	const char	*dot;
	size_t		 i, len;

	for (dot = s + n; dot > s && dot[-1] != '.' && dot[-1] != '/'; dot--)
		continue;
	if (dot == s || dot[-1] != '.')
		return false;
	len = (size_t)(s + n - dot);
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strlen(exts[i]) == len && strncasecmp(dot, exts[i], len) == 0)
			return true;
	return false;
}

/*
 * A path as the front matter writes it ("permalink", "url", "path",
 * "aliases") made a site URL: a leading "/" added (Zola and Hugo write
 * them relative to the site's root); one that ends neither in "/" nor in
 * a file's extension (has_file_ext) is a folder ("/old/path" and
 * "releases/1.8.0" are "/old/path/" and "/releases/1.8.0/"), as Hugo and
 * Zola write them.  NULL after an error at line:col.
 */
static const char *
site_path(const char *s, const char *key, const char *path, unsigned line,
    unsigned col, struct arena *a, struct diags *d)
{
	const char	*bad;
	char		*url;
	size_t		 n;
	bool		 file;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (util_startswith(s, "http://") || util_startswith(s, "https://") ||
	    util_startswith(s, "//")) {
		diag_error(d, path, line, col, "%s: \"%.*s\" is a full URL; "
		    "write the path on this site (\"/2014/09/old-post/\")",
		    key, (int)n, s);
		return NULL;
	}
	if ((bad = unsafe_char(s, n, true)) != NULL) {
		diag_error(d, path, line, col, "%s: \"%.*s\" has %s, which "
		    "has no place in a URL path", key, (int)n, s,
		    char_name(bad));
		return NULL;
	}
	file = has_file_ext(s, n);
	url = arena_printf(a, "%s%.*s%s", *s == '/' ? "" : "/", (int)n, s,
	    n > 0 && s[n - 1] != '/' && !file ? "/" : "");
	if (url_output_path(url, a) == NULL) {
		diag_error(d, path, line, col, "%s: \"%.*s\" is not a clean "
		    "path: it has an empty, \".\" or \"..\" part", key,
		    (int)n, s);
		return NULL;
	}
	return url;
}

static int
make_url(struct post *p, const struct post_env *env, struct arena *a)
{
	const struct siteconf	*c = env->conf;
	struct url_parts	 parts;
	struct datefmt_tm	 tm;
	const char		*rel, *fixed = p->fm.url.text;
	size_t			 n;

	if (p->is_page) {
		/* content/pages/a/b.md -> /a/b/; a bundle a/b/index.md too. */
		rel = (p->bundle != NULL ? p->bundle->dir : p->path) +
		    strlen("content/pages/");
		n = strrchr(rel, '/') != NULL ?
		    (size_t)(strrchr(rel, '/') - rel) + 1 : 0;
		p->url = arena_printf(a, "/%.*s%s/", (int)n, rel, p->slug);
	} else {
		datefmt_local(&tm, p->date, c->timezone);
		parts.year = tm.year;
		parts.month = tm.month;
		parts.day = tm.day;
		parts.slug = p->slug;
		parts.filename = p->slug;
		p->url = url_permalink(fixed != NULL && strchr(fixed, ':') !=
		    NULL ? fixed : c->permalink, &parts, a);
	}
	if (fixed != NULL) {
		if ((p->url = site_path(strchr(fixed, ':') != NULL ? p->url :
		    fixed, p->fm.url.key, p->path, p->fm.url.line,
		    p->fm.url.col, a, env->d)) == NULL)
			return -1;
		p->url_origin = arena_printf(a, "\"%s\" at line %u",
		    p->fm.url.key, p->fm.url.line);
	} else
		p->url_origin = arena_printf(a, "%s, %s", p->date_origin,
		    p->slug_origin);
	p->permalink = url_absolute(c->base_url, p->url, a);
	p->out_path = url_output_path(p->url, a);
	return 0;
}

/*
 * The aliases as site URLs (relative ones from the site's root, as Zola
 * and jekyll-redirect-from read them); one that is the post's own URL
 * is dropped.
 */
static int
make_aliases(struct post *p, const struct post_env *env, struct arena *a)
{
	const char	*u;
	size_t		 i, k = 0;
	unsigned	 line;
	int		 rc = 0;

	p->alias_lines = arena_zalloc(a, (p->fm.naliases + 1) *
	    sizeof(*p->alias_lines));
	for (i = 0; i < p->fm.naliases; i++) {
		line = p->fm.alias_lines != NULL && p->fm.alias_lines[i] != 0 ?
		    p->fm.alias_lines[i] : p->fm.aliases_line;
		u = site_path(p->fm.aliases[i], p->fm.aliases_key, p->path,
		    line, line == p->fm.aliases_line ? p->fm.aliases_col : 0,
		    a, env->d);
		if (u == NULL) {
			rc = -1;
			continue;
		}
		if (strcmp(u, p->url) == 0 || (p->out_path != NULL &&
		    strcmp(url_output_path(u, a), p->out_path) == 0))
			continue;
		p->alias_lines[k] = line;
		p->fm.aliases[k++] = u;
	}
	p->fm.naliases = k;
	return rc;
}

/*
 * The post's tags: its tags, then its categories unless the layouts
 * show categories apart (post_env).
 */
static void
merge_categories(struct post *p, const struct post_env *env,
    struct arena *a)
{
	size_t	 i, j;

	p->tags = p->fm.tags;
	p->ntags = p->fm.ntags;
	if (env->categories_apart || p->fm.ncategories == 0)
		return;
	p->tags = arena_alloc(a, (p->fm.ntags + p->fm.ncategories + 1) *
	    sizeof(*p->tags));
	if (p->fm.ntags > 0)
		memcpy(p->tags, p->fm.tags, p->fm.ntags * sizeof(*p->tags));
	for (i = 0; i < p->fm.ncategories; i++) {
		for (j = 0; j < p->ntags; j++)
			if (strcmp(p->tags[j], p->fm.categories[i]) == 0)
				break;
		if (j == p->ntags)
			p->tags[p->ntags++] = p->fm.categories[i];
	}
	p->tags[p->ntags] = NULL;
}

/* "tag:news.example.com,2012-12-19:/2012/12/x.html" (RFC 4151). */
static const char *
make_id(const struct post *p, const struct siteconf *c, struct arena *a)
{
	const char	*host = strstr(c->base_url, "://") + 3;
	size_t		 hostlen = strcspn(host, "/:");
	char		 day[11];

	datefmt_daykey(day, p->date, "UTC");
	return arena_printf(a, "tag:%.*s,%s:%s", (int)hostlen, host, day,
	    p->url);
}

static void
make_summary(struct post *p, struct worker *w, const char *first_para)
{
	size_t	 n = strlen(first_para), cut;

	if (p->fm.summary != NULL) {
		p->summary = p->fm.summary;
		return;
	}
	while (n > 0 && (first_para[n - 1] == '\n' || first_para[n - 1] == ' '))
		n--;
	cut = text_cut_words(w->tx, first_para, n, SUMMARY_MAX, p->locale);
	while (cut > 0 && (first_para[cut - 1] == ' ' ||
	    first_para[cut - 1] == '\n'))
		cut--;
	/* Paragraph text keeps its soft line breaks: make them spaces. */
	p->summary = arena_printf(w->a, "%.*s%s", (int)cut, first_para,
	    cut < n ? "\xe2\x80\xa6" : "");
	for (char *s = (char *)p->summary; *s != '\0'; s++)
		if (*s == '\n')
			*s = ' ';
}

/* The header of the post's day: site.yaml's day_header, else full style. */
static const char *
day_header(struct worker *w, const struct siteconf *c, int64_t t,
    struct diags *d)
{
	const struct config_datefmt	*f = config_format(c, "day_header");
	struct datefmt_spec		 spec = { DATEFMT_STYLE, "full", NULL,
					    NULL };

	if (f != NULL)
		spec = f->spec;
	if (spec.locale == NULL)
		spec.locale = c->locale;
	if (spec.tz == NULL)
		spec.tz = c->timezone;
	buf_reset(&w->scratch);
	if (datefmt_format(&w->scratch, w->df, &spec, t, d) < 0)
		return "";
	return arena_strndup(w->a, w->scratch.data ? w->scratch.data : "",
	    w->scratch.len);
}

/* A string the map borrows: the post's strings live as long as it. */
static void
put_str(struct arena *a, struct value *m, const char *key, const char *s)
{
	value_map_put(a, m, key, value_string_borrow(a, s, strlen(s)));
}

/*
 * What an edit of the body changes: the content, the reading time and
 * the git-derived "updated" date.  Templates are watched reading them
 * (template_render_watch), so that a copy stands for "updated" when it
 * is the date itself.
 */
static struct value *
watched(struct arena *a, struct value *v)
{
	struct value	*w = arena_alloc(a, sizeof(*w));

	*w = *v;
	w->watch = true;
	return w;
}

/*
 * The post's face: a digest of its context but for the watched values
 * and "future" (which the build's time decides; render.c hashes it
 * apart).  A list page that read none of its posts' watched values
 * depends on their faces only: a post's body can change under its
 * summary without remaking every list that shows it.
 */
static struct hkey
face_key(const struct value *m)
{
	struct hasher		 h;
	const struct value_pair	*kv;
	size_t			 i;

	hash_init(&h);
	for (i = 0; i < m->u.map.n; i++) {
		kv = &m->u.map.v[i];
		if (kv->val->watch || strcmp(kv->key, "future") == 0)
			continue;
		hash_str(&h, kv->key);
		value_hash(&h, kv->val);
	}
	return hash_final(&h);
}

/*
 * A post that says why it changed ("correction" in front matter) shows
 * "Updated DATE: note" in its own language, on its page and at the top
 * of its feed entry, so that readers see what was corrected.
 */
static void
correction(struct post *p, struct worker *w, const struct post_env *env,
    struct value *m)
{
	const struct value	*note, *upd, *when;
	struct value		*args;
	struct arena		*a = w->a;

	if (p->fm.correction == NULL || *p->fm.correction == '\0')
		return;
	note = value_string_borrow(a, p->fm.correction,
	    strlen(p->fm.correction));
	upd = value_map_get(m, "updated");
	when = value_map_get(upd, "posted") != NULL ?
	    value_map_get(upd, "posted") : value_map_get(upd, "iso");
	args = value_map(a);
	value_map_set(a, args, "date", (struct value *)when);
	value_map_set(a, args, "note", (struct value *)note);
	buf_reset(&w->scratch);
	if (i18n_format(&w->scratch, env->i18n, p->lang, "correction", args,
	    env->d) < 0)
		return;
	p->correction = arena_strndup(a, w->scratch.data ?
	    w->scratch.data : "", w->scratch.len);
	put_str(a, m, "correction", p->correction);
}

static void
build_context(struct post *p, struct worker *w, const struct post_env *env)
{
	const struct siteconf	*c = env->conf;
	struct arena		*a = w->a;
	struct value		*m = value_map_sized(a, 24), *tags, *t, *args;
	struct value		*date;
	const struct value	*posted;
	size_t			 i;

	put_str(a, m, "title", p->title);
	put_str(a, m, "url", url_href(c->base_path, p->url, a));
	put_str(a, m, "permalink", p->permalink);
	put_str(a, m, "slug", p->slug);
	put_str(a, m, "id", p->id);
	put_str(a, m, "path", p->path);
	date = post_date_value(w, c, p->date, p->locale, p->tz,
	    env->show_posted, env->d);
	value_map_put(a, m, "date", date);
	value_map_put(a, m, "updated", watched(a, p->updated != p->date ?
	    post_date_value(w, c, p->updated, p->locale, p->tz,
	    env->show_posted, env->d) :
	    date));
	value_map_put(a, m, "was_updated", watched(a, value_bool(a,
	    p->updated != p->date)));
	put_str(a, m, "author", p->author);
	tags = value_list(a);
	for (i = 0; i < p->ntags; i++) {
		t = value_map_sized(a, 3);
		put_str(a, t, "name", p->tags[i]);
		put_str(a, t, "slug", p->tag_slugs[i]);
		put_str(a, t, "url", url_href(c->base_path,
		    arena_printf(a, "/tags/%s/", p->tag_slugs[i]), a));
		value_list_push(a, tags, t);
	}
	value_map_put(a, m, "tags", tags);
	t = value_list(a);
	for (i = 0; i < p->fm.ncategories; i++) {
		struct value	*cat = value_map_sized(a, 2);

		put_str(a, cat, "name", p->fm.categories[i]);
		put_str(a, cat, "slug", text_slug(w->tx, p->fm.categories[i],
		    strlen(p->fm.categories[i]), a));
		value_list_push(a, t, cat);
	}
	value_map_put(a, m, "categories", t);
	t = value_list(a);
	for (i = 0; i < p->fm.nauthors; i++)
		value_list_push(a, t, value_string_borrow(a,
		    p->fm.authors[i], strlen(p->fm.authors[i])));
	if (p->fm.nauthors == 0 && *p->author != '\0')
		value_list_push(a, t, value_string_borrow(a, p->author,
		    strlen(p->author)));
	value_map_put(a, m, "authors", t);
	put_str(a, m, "summary", p->summary);
	value_map_put(a, m, "content", watched(a, value_string_borrow(a,
	    p->html, p->html_len)));
	put_str(a, m, "lang", p->lang);
	put_str(a, m, "timezone", p->tz);
	value_map_put(a, m, "reading_time", watched(a, value_number(a,
	    p->words / WORDS_PER_MIN > 0 ? (double)(p->words /
	    WORDS_PER_MIN) : 1)));
	value_map_put(a, m, "draft", value_bool(a, p->fm.draft));
	value_map_put(a, m, "future", value_bool(a,
	    p->date > env->now));
	value_map_put(a, m, "params", p->fm.meta);

	/* "Posted: 19 Dec 2012 12:56 PM PST", in the site's language. */
	posted = value_map_get(date, "posted");
	args = value_map(a);
	value_map_set(a, args, "date", posted != NULL ?
	    (struct value *)posted : value_map_get(date, "iso") != NULL ?
	    (struct value *)value_map_get(date, "iso") : value_null(a));
	buf_reset(&w->scratch);
	if (i18n_format(&w->scratch, env->i18n, c->locale, "posted", args,
	    env->d) == 0)
		value_map_put(a, m, "posted", value_stringn(a,
		    w->scratch.data ? w->scratch.data : "", w->scratch.len));
	correction(p, w, env, m);
	p->ctx = m;
	p->face = face_key(m);
}

static int
cmp_file(const void *key, const void *f)
{
	return strcmp(key, ((const struct gitsrc_file *)f)->path);
}

/* s[0..n) with %XX decoded, in "a"; NULL if that makes a NUL. */
static char *
percent_decode(const char *s, size_t n, struct arena *a)
{
	char	*o = arena_alloc(a, n + 1), *q = o;
	size_t	 i;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (hi = util_hexval(s[i + 1])) >= 0 &&
		    (lo = util_hexval(s[i + 2])) >= 0) {
			if (hi == 0 && lo == 0)
				return NULL;
			*q++ = (char)(hi << 4 | lo);
			i += 2;
		} else
			*q++ = s[i];
	}
	*q = '\0';
	return o;
}

/*
 * "rel" ("a/../b.png") joined to the folder of site URL "base" and made
 * clean: "." and ".." resolved ("/" stops them, as browsers do), empty
 * segments dropped, a trailing "/" kept.
 */
static char *
resolve_url(const char *base, const char *rel, struct arena *a)
{
	const char	*slash = strrchr(base, '/');
	char		*joined, *out, *seg, *save = NULL;
	size_t		 n = 0;
	bool		 folder;

	joined = rel[0] == '/' ? arena_strdup(a, rel) : arena_printf(a,
	    "%.*s%s", (int)(slash - base + 1), base, rel);
	folder = joined[strlen(joined) - 1] == '/' ||
	    util_endswith(joined, "/.") || util_endswith(joined, "/..");
	out = arena_alloc(a, strlen(joined) + 2);
	out[0] = '\0';
	for (seg = strtok_r(joined, "/", &save); seg != NULL;
	    seg = strtok_r(NULL, "/", &save)) {
		if (strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
			out[n] = '\0';
			continue;
		}
		out[n++] = '/';
		memcpy(out + n, seg, strlen(seg));
		n += strlen(seg);
		out[n] = '\0';
	}
	if (n == 0 || folder)
		out[n++] = '/';
	out[n] = '\0';
	return out;
}

/*
 * markdown.h's link hook.  A relative link to a file of the post's
 * bundle is written as the site path the file is copied to, so that it
 * works on the post's page, on every list that shows the post, and
 * (made absolute) in feeds.  Any other link into the site is kept for
 * site.c to check against the output.
 */
static const char *
link_hook(const char *url, unsigned line, unsigned col, bool image,
    void *ctx)
{
	struct post_render	*pr = ctx;
	struct post		*p = pr->post;
	const struct siteconf	*c = pr->env->conf;
	struct arena		*a = pr->w->a;
	struct post_link	*l;
	const char		*rel = url, *s;
	char			*path, *site;
	size_t			 n, bp = strlen(c->base_path);

	/* In-page anchors, other schemes, other hosts: not the site's. */
	for (s = url; *s != '\0' && (isalnum((unsigned char)*s) ||
	    *s == '+' || *s == '-' || *s == '.'); s++)
		;
	if (url[0] == '\0' || url[0] == '#' || (*s == ':' && s > url &&
	    isalpha((unsigned char)url[0])) || strncmp(url, "//", 2) == 0 ||
	    strstr(url, "{{") != NULL || strstr(url, "{%") != NULL)
		return NULL;
	n = strcspn(url, "?#");
	if (n == 0 || (path = percent_decode(url, n, a)) == NULL)
		return NULL;
	if (path[0] != '/' && p->bundle != NULL) {
		while (strncmp(rel, "./", 2) == 0)
			rel += 2;
		s = path;
		while (strncmp(s, "./", 2) == 0)
			s += 2;
		if (strstr(s, "..") == NULL && bsearch(arena_printf(a,
		    "%s/%s", p->bundle->dir, s), p->bundle->files,
		    p->bundle->n, sizeof(*p->bundle->files), cmp_file) !=
		    NULL)
			return url_href(c->base_path, arena_printf(a, "%s%s",
			    post_bundle_url(p->url, a), rel), a);
	}
	if (path[0] == '/') {
		/* Below the base URL's path, or not the site's to check. */
		if (bp > 1 && (strncmp(path, c->base_path, bp - 1) != 0 ||
		    (path[bp - 1] != '/' && path[bp - 1] != '\0')))
			return NULL;
		site = resolve_url("/", path + (bp > 1 ? bp - 1 : 0), a);
	} else
		site = resolve_url(p->url, path, a);
	l = arena_zalloc(a, sizeof(*l));
	l->url = site;
	l->written = arena_strdup(a, url);
	l->line = line;
	l->col = col;
	l->image = image;
	l->next = p->links;	/* reported sorted by place: any order */
	p->links = l;
	return NULL;
}

/* An HTML post: its body as it is; summary and words from its text. */
static void
load_html(struct post *p, struct worker *w, const struct post_env *env,
    const char *body, size_t len, unsigned body_line)
{
	const char	*plain;

	p->html = arena_strndup(w->a, body, len);
	p->html_len = len;
	markdown_check_html(p->path, body, len, body_line, env->d);
	if (env->count_words) {
		plain = text_from_html(body, len, false, w->a);
		p->words = text_count_words(w->tx, plain, strlen(plain),
		    p->locale);
	}
	make_summary(p, w, text_from_html(body, len, true, w->a));
}

int
post_load(struct post *p, struct worker *w, const struct post_env *env,
    const char *path, const char *blob, const char *text, size_t len,
    bool is_page, const struct bundle *bundle)
{
	const struct siteconf		*c = env->conf;
	const struct gitsrc_hist	*h;
	struct arena			*a = w->a;
	struct value			*meta;
	struct markdown_doc		 doc;
	struct post_render		 pr = { p, w, env };
	struct markdown_opts		 md;
	const char			*body, *stem;
	unsigned			 body_line, line, col;
	size_t				 bad, i, n;
	int				 rc = 0;

	memset(p, 0, sizeof(*p));
	p->path = path;
	p->is_page = is_page;
	p->is_html = util_endswith(path, ".html");
	p->bundle = bundle;
	snprintf(p->blob, sizeof(p->blob), "%s", blob);
	if (!util_utf8_valid(text, len, &bad)) {
		util_line_col(&line, &col, text, bad);
		return diag_error(env->d, path, line, col,
		    "invalid UTF-8 at byte offset %zu", bad);
	}
	if (frontmatter_split(&meta, &body, &body_line, path, text, len, a,
	    env->d) < 0)
		return -1;
	if (frontmatter_read(&p->fm, meta, true, env->layout_names,
	    env->nlayout_names, path, a, env->d) < 0)
		rc = -1;
	p->title = p->fm.title != NULL ? p->fm.title : "";
	p->tz = p->fm.timezone != NULL ? p->fm.timezone : c->timezone;
	if (p->fm.timezone != NULL && !datefmt_zone_known(p->fm.timezone)) {
		rc = diag_error(env->d, path, p->fm.tz_line, p->fm.tz_col,
		    "timezone: unknown time zone \"%s\"", p->fm.timezone);
		p->tz = c->timezone;
	}
	p->locale = p->fm.lang != NULL ? p->fm.lang : c->locale;
	p->lang = config_lang_tag(p->locale, a);

	h = gitsrc_hist_find(env->hist, env->nhist, path);
	if (resolve_dates(p, env, h, a) < 0)
		rc = -1;
	p->author = p->fm.author != NULL ? p->fm.author :
	    h != NULL && h->created.name != NULL ? h->created.name : "";

	stem = file_stem(p, &n);
	if (p->fm.slug != NULL) {
		p->slug = written_slug(p->fm.slug, strlen(p->fm.slug), "slug",
		    path, p->fm.slug_line, p->fm.slug_col, a, env->d);
		p->slug_origin = arena_printf(a, "\"slug\" at line %u",
		    p->fm.slug_line);
	} else if (n > 0) {
		p->slug = written_slug(stem, n, "file name", path, 0, 0, a,
		    env->d);
		p->slug_origin = "slug from the file name";
	} else {
		/* A file named by its date alone: the title makes it. */
		p->slug = text_slug(w->tx, p->title, strlen(p->title), a);
		p->slug_origin = "slug from the title";
	}
	if (p->slug == NULL) {
		rc = -1;
		p->slug = "-";
	}
	if (make_url(p, env, a) < 0)
		rc = -1;
	else if (p->out_path == NULL)
		rc = diag_error(env->d, path, 0, 0,
		    "url %s: not a clean path", p->url);
	else if (make_aliases(p, env, a) < 0)
		rc = -1;
	/* WordPress exports carry "id: 42": an entry id must be a URI. */
	p->id = p->fm.id != NULL && strchr(p->fm.id, ':') != NULL ?
	    p->fm.id : make_id(p, c, a);
	datefmt_daykey(p->daykey, p->date, c->timezone);
	p->day_header = day_header(w, c, p->date, env->d);

	merge_categories(p, env, a);
	p->tag_slugs = arena_alloc(a, (p->ntags + 1) * sizeof(char *));
	for (i = 0; i < p->ntags; i++)
		p->tag_slugs[i] = text_slug(w->tx, p->tags[i],
		    strlen(p->tags[i]), a);

	if (p->is_html) {
		load_html(p, w, env, body, len - (size_t)(body - text),
		    body_line);
		goto done;
	}
	md = *env->md;
	md.link = link_hook;
	if (markdown_render(&doc, path, body, len - (size_t)(body - text),
	    body_line, &md, &pr, a, env->d) < 0)
		rc = -1;
	p->html = doc.html;
	p->html_len = doc.len;
	if (env->count_words)
		p->words = text_count_words(w->tx, body,
		    len - (size_t)(body - text), p->locale);
	make_summary(p, w, doc.first_para);
done:
	if (rc == 0)
		build_context(p, w, env);
	return rc;
}
