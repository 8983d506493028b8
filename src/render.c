/*
 * render: page contexts and the page jobs of a build.
 *
 * Every list is cut into pages: the index of per_page posts, years,
 * months and tags (which show summaries) of list_per_page; page 1 lives
 * at the list's URL, page N at URL/page/N/.
 * Posts of one page are grouped under one header per day, as Blogger
 * does.  Pages are rendered in any order on any thread: each writes its
 * own file, so the output does not depend on scheduling.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "datefmt.h"
#include "diag.h"
#include "hash.h"
#include "i18n.h"
#include "output.h"
#include "pool.h"
#include "hours.h"
#include "post.h"
#include "progress.h"
#include "render.h"
#include "template.h"
#include "text.h"
#include "url.h"
#include "util.h"
#include "value.h"

#define RECENT_POSTS	5

enum job_kind {
	JOB_POST,
	JOB_PAGE,
	JOB_LIST,
	JOB_404,
	JOB_ALIAS
};

enum list_kind {
	LIST_INDEX,
	LIST_YEAR,
	LIST_MONTH,
	LIST_TAG
};

struct listing {
	enum list_kind	 kind;
	const char	*url;		/* site URL of page 1: "/2012/12/" */
	struct post	**posts;
	size_t		 n;
	const char	*title;
	struct value	*extra;		/* "archive" or "tag" map */
	unsigned	 per_page;
};

struct job {
	enum job_kind		 kind;
	size_t			 index;		/* post, page or alias owner */
	const struct listing	*list;
	unsigned		 page, pages;	/* 1-based, for lists */
	const char		*from, *to;	/* alias URL and its target */
	/* Set by render_plan: */
	const char		*path;		/* output path, or NULL */
	struct hasher		 list_key;	/* lists: see render_plan */
	struct hkey		 key;
	struct hkey		 face;		/* lists: see job_key */
	bool			 keep;		/* the current output's is right */
};

struct jobs {
	struct job	*v;
	size_t		 n, cap;
	size_t		 stride;	/* pool_stride: the order jobs run in */
};

static struct job *
job_add(struct jobs *js, enum job_kind kind)
{
	if (js->n == js->cap) {
		js->cap = js->cap ? js->cap * 2 : 256;
		js->v = xrealloc(js->v, js->cap * sizeof(*js->v));
	}
	memset(&js->v[js->n], 0, sizeof(js->v[0]));
	js->v[js->n].kind = kind;
	return &js->v[js->n++];
}

static void
list_jobs(struct jobs *js, const struct listing *l)
{
	unsigned	 per_page = l->per_page;
	struct job	*j;
	unsigned	 pages, i;

	pages = l->n == 0 ? 1 : (unsigned)((l->n + per_page - 1) / per_page);
	for (i = 1; i <= pages; i++) {
		j = job_add(js, JOB_LIST);
		j->list = l;
		j->page = i;
		j->pages = pages;
	}
}

/* Site URL of page "page" of a list. */
static const char *
page_url(const char *base, unsigned page, struct arena *a)
{
	if (page <= 1)
		return base;
	return arena_printf(a, "%spage/%u/", base, page);
}

static int
cmp_tag_addr(const void *pa, const void *pb)
{
	uintptr_t	 a = (uintptr_t)((const struct tag *)pa)->name;
	uintptr_t	 b = (uintptr_t)((const struct tag *)pb)->name;

	return a < b ? -1 : a > b;
}

/* Group the listed posts by tag slug, then order tags by collation. */
/* The tag of "slug" in an open-addressing table of b->tags indices. */
static size_t *
tag_slot(size_t *tab, size_t cap, const struct tag *tags, const char *slug)
{
	size_t	 h = 5381, i;

	for (i = 0; slug[i] != '\0'; i++)
		h = h * 33 + (unsigned char)slug[i];
	for (i = h & (cap - 1); tab[i] != SIZE_MAX &&
	    strcmp(tags[tab[i]].slug, slug) != 0; i = (i + 1) & (cap - 1))
		;
	return &tab[i];
}

static int
make_tags(struct build *b, struct arena *a)
{
	struct tag	*t, *sorted, probe;
	const char	**keys, **last;
	size_t		 nrefs = 0, cap = 16, i, j, *slot, *tab, **refs;
	struct post	*p;

	for (i = 0; i < b->nposts; i++)
		nrefs += b->posts[i]->ntags;
	while (cap < 2 * nrefs + 2)
		cap *= 2;
	tab = xmalloc(cap * sizeof(*tab));
	memset(tab, 0xff, cap * sizeof(*tab));
	b->tags = arena_zalloc(a, (nrefs + 1) * sizeof(*b->tags));
	b->ntags = 0;
	/* Each reference's tag, found once for both passes. */
	refs = xmalloc((nrefs + 1) * sizeof(*refs));
	nrefs = 0;
	/* Posts come newest first: so does each tag's list. */
	for (i = 0; i < b->nposts; i++)
		for (j = 0; j < b->posts[i]->ntags; j++) {
			slot = tag_slot(tab, cap, b->tags,
			    b->posts[i]->tag_slugs[j]);
			refs[nrefs++] = slot;
			if (*slot == SIZE_MAX) {
				*slot = b->ntags;
				t = &b->tags[b->ntags++];
				t->slug = b->posts[i]->tag_slugs[j];
				/* The newest post's spelling names the tag. */
				t->name = b->posts[i]->tags[j];
			}
			b->tags[*slot].n++;
		}
	for (i = 0; i < b->ntags; i++) {
		b->tags[i].posts = arena_alloc(a, b->tags[i].n *
		    sizeof(*b->tags[i].posts));
		b->tags[i].n = 0;
	}
	last = xcalloc(b->ntags + 1, sizeof(*last));
	nrefs = 0;
	for (i = 0; i < b->nposts; i++)
		for (j = 0; j < b->posts[i]->ntags; j++) {
			p = b->posts[i];
			slot = refs[nrefs++];
			t = &b->tags[*slot];
			if (strcmp(p->tags[j], t->name) != 0 &&
			    (last[*slot] == NULL ||
			    strcmp(p->tags[j], last[*slot]) != 0))
				diag_warning(b->d, p->path, 0, 0, "tag \"%s\" "
				    "shares the slug \"%s\" with \"%s\" (%s); "
				    "they are one tag", p->tags[j], t->slug,
				    t->name, t->posts[0]->path);
			last[*slot] = p->tags[j];
			/* A post naming a tag twice is listed once. */
			if (t->n > 0 && t->posts[t->n - 1] == p)
				continue;
			t->posts[t->n++] = p;
		}
	free(last);
	free(refs);
	free(tab);

	/*
	 * Collation order: sort the name pointers, then find each one's tag
	 * by address (different slugs never share a name pointer).
	 */
	keys = xcalloc(b->ntags + 1, sizeof(*keys));
	sorted = xcalloc(b->ntags + 1, sizeof(*sorted));
	for (i = 0; i < b->ntags; i++)
		keys[i] = b->tags[i].name;
	text_sort(keys, b->ntags, b->conf->locale);
	qsort(b->tags, b->ntags, sizeof(*b->tags), cmp_tag_addr);
	for (i = 0; i < b->ntags; i++) {
		probe.name = keys[i];
		t = bsearch(&probe, b->tags, b->ntags, sizeof(*b->tags),
		    cmp_tag_addr);
		sorted[i] = *t;
	}
	memcpy(b->tags, sorted, b->ntags * sizeof(*b->tags));
	free(sorted);
	free(keys);
	return 0;
}

static const char *
href(const struct build *b, const char *url, struct arena *a)
{
	return url_href(b->conf->base_path, url, a);
}

/* Whether posts i and i+1 fall in the same month / year (site zone). */
static bool
same_month(const struct build *b, size_t i)
{
	return memcmp(b->posts[i]->daykey, b->posts[i + 1]->daykey, 7) == 0;
}

static bool
same_year(const struct build *b, size_t i)
{
	return memcmp(b->posts[i]->daykey, b->posts[i + 1]->daykey, 4) == 0;
}

/* A localized month title: site.yaml's "month" format, else yMMMM. */
static const char *
month_title(struct build *b, struct worker *w, int64_t t)
{
	const struct config_datefmt	*f = config_format(b->conf, "month");
	struct datefmt_spec		 spec = { DATEFMT_SKELETON, "yMMMM",
					    NULL, NULL };

	if (f != NULL)
		spec = f->spec;
	if (spec.locale == NULL)
		spec.locale = b->conf->locale;
	if (spec.tz == NULL)
		spec.tz = b->conf->timezone;
	buf_reset(&w->scratch);
	if (datefmt_format(&w->scratch, w->df, &spec, t, b->d) < 0)
		return "";
	return arena_strndup(w->a, w->scratch.data ? w->scratch.data : "",
	    w->scratch.len);
}

/*
 * The year and month of a post in the site's zone: its day key has
 * them ("2012-12-20"), without asking ICU for each post again.
 */
static void
post_month(struct datefmt_tm *tm, const struct build *b,
    const struct post *p)
{
	const char	*k = p->daykey;

	if (strlen(k) == 10 && k[4] == '-' && k[7] == '-' &&
	    strspn(k, "0123456789") == 4 && strspn(k + 5, "0123456789") == 2 &&
	    strspn(k + 8, "0123456789") == 2) {
		memset(tm, 0, sizeof(*tm));
		tm->year = (k[0] - '0') * 1000 + (k[1] - '0') * 100 +
		    (k[2] - '0') * 10 + (k[3] - '0');
		tm->month = (k[5] - '0') * 10 + (k[6] - '0');
		tm->day = (k[8] - '0') * 10 + (k[9] - '0');
		return;
	}
	datefmt_local(tm, p->date, b->conf->timezone);
}

/*
 * site.archive: years newest first, each with its months; and the
 * listings of every year and month.
 */
static struct value *
make_archive(struct build *b, struct worker *w, struct jobs *js)
{
	struct arena		*a = w->a;
	struct value		*years = value_list(a), *y = NULL, *months = NULL;
	struct value		*m, *extra;
	struct listing		*ly = NULL, *lm = NULL;
	struct datefmt_tm	 tm;
	int			 cy = -1, cm = -1;
	size_t			 i;

	for (i = 0; i < b->nposts; i++) {
		post_month(&tm, b, b->posts[i]);
		if (tm.year != cy) {
			cy = tm.year;
			cm = -1;
			ly = arena_zalloc(a, sizeof(*ly));
			ly->kind = LIST_YEAR;
			ly->per_page = b->conf->list_per_page;
			ly->url = arena_printf(a, "/%04d/", tm.year);
			ly->posts = &b->posts[i];
			ly->title = arena_printf(a, "%04d", tm.year);
			extra = value_map(a);
			value_map_set_num(a, extra, "year", tm.year);
			value_map_set_str(a, extra, "title", ly->title);
			ly->extra = extra;
			y = value_map(a);
			value_map_set_num(a, y, "year", tm.year);
			/* Blogger's archive widget opens the newest year only. */
			value_map_set_bool(a, y, "expanded",
			    value_len(years) == 0);
			value_map_set_str(a, y, "url", href(b, ly->url, a));
			months = value_list(a);
			value_map_set(a, y, "months", months);
			value_list_push(a, years, y);
		}
		if (tm.month != cm) {
			cm = tm.month;
			lm = arena_zalloc(a, sizeof(*lm));
			lm->kind = LIST_MONTH;
			lm->per_page = b->conf->list_per_page;
			lm->url = arena_printf(a, "/%04d/%02d/", tm.year,
			    tm.month);
			lm->posts = &b->posts[i];
			lm->title = month_title(b, w, b->posts[i]->date);
			extra = value_map(a);
			value_map_set_num(a, extra, "year", tm.year);
			value_map_set_str(a, extra, "month",
			    arena_printf(a, "%02d", tm.month));
			value_map_set_str(a, extra, "title", lm->title);
			lm->extra = extra;
			m = value_map(a);
			value_map_set_str(a, m, "name", lm->title);
			value_map_set_str(a, m, "url", href(b, lm->url, a));
			value_list_push(a, months, m);
			/* Counts are set when the month and year are known. */
			value_map_set_num(a, m, "count", 0);
		}
		ly->n++;
		lm->n++;
		/*
		 * A listing is queued, and its count set, once: when its
		 * last post is seen.
		 */
		if (i + 1 == b->nposts || !same_month(b, i)) {
			value_map_set_num(a, (struct value *)value_list_get(
			    months, value_len(months) - 1), "count",
			    (double)lm->n);
			list_jobs(js, lm);
		}
		if (i + 1 == b->nposts || !same_year(b, i)) {
			value_map_set_num(a, y, "count", (double)ly->n);
			list_jobs(js, ly);
		}
	}
	return years;
}

static struct value *
tag_list(struct build *b, struct arena *a, struct jobs *js)
{
	struct value	*list = value_list(a), *m;
	struct listing	*l;
	struct tag	*t;
	size_t		 i;

	for (i = 0; i < b->ntags; i++) {
		t = &b->tags[i];
		l = arena_zalloc(a, sizeof(*l));
		l->kind = LIST_TAG;
		l->per_page = b->conf->list_per_page;
		l->url = arena_printf(a, "/tags/%s/", t->slug);
		l->posts = t->posts;
		l->n = t->n;
		l->title = t->name;
		m = value_map(a);
		value_map_set_str(a, m, "name", t->name);
		value_map_set_str(a, m, "slug", t->slug);
		value_map_set_str(a, m, "url", href(b, l->url, a));
		value_map_set_num(a, m, "count", (double)t->n);
		value_map_set_str(a, m, "atom", url_absolute(b->conf->base_url,
		    arena_printf(a, "%satom.xml", l->url), a));
		value_map_set_str(a, m, "rss", url_absolute(b->conf->base_url,
		    arena_printf(a, "%srss.xml", l->url), a));
		l->extra = m;
		value_list_push(a, list, m);
		list_jobs(js, l);
	}
	return list;
}

static struct value *
make_site(struct build *b, struct worker *w, struct jobs *js)
{
	const struct siteconf	*c = b->conf;
	struct arena		*a = w->a;
	struct value		*site = value_map(a), *feeds, *recent, *r;
	int64_t			 updated;
	size_t			 i;

	value_map_set_str(a, site, "title", c->title);
	value_map_set_str(a, site, "description", c->description);
	value_map_set_str(a, site, "base_url", c->base_url);
	value_map_set_str(a, site, "base_path", c->base_path);
	value_map_set_str(a, site, "lang", c->lang);
	value_map_set_str(a, site, "locale", c->locale);
	value_map_set_str(a, site, "timezone", c->timezone);
	value_map_set(a, site, "params", c->params);
	value_map_set_str(a, site, "generator", "heraldo " HERALDO_VERSION);
	feeds = value_map(a);
	value_map_set_str(a, feeds, "atom",
	    url_absolute(c->base_url, "/feeds/atom.xml", a));
	value_map_set_str(a, feeds, "rss",
	    url_absolute(c->base_url, "/feeds/rss.xml", a));
	value_map_set_str(a, feeds, "digest",
	    url_absolute(c->base_url, "/feeds/digest.xml", a));
	value_map_set_str(a, feeds, "json",
	    url_absolute(c->base_url, "/feeds/feed.json", a));
	value_map_set(a, site, "feeds", feeds);
	value_map_set(a, site, "archive", make_archive(b, w, js));
	value_map_set(a, site, "tags", tag_list(b, a, js));
	recent = value_list(a);
	for (i = 0; i < b->nposts && i < RECENT_POSTS; i++) {
		r = value_map(a);
		value_map_set_str(a, r, "title", b->posts[i]->title);
		value_map_set_str(a, r, "url", href(b, b->posts[i]->url, a));
		value_list_push(a, recent, r);
	}
	value_map_set(a, site, "recent", recent);
	value_map_set_num(a, site, "post_count", (double)b->nposts);
	/* The /hours/ page, when the site has one: linked from the theme. */
	if (hours_site_page(b, &updated)) {
		r = value_map(a);
		value_map_set_str(a, r, "url", href(b, "/hours/", a));
		value_map_set_str(a, r, "ics", href(b, "/hours/closures.ics",
		    a));
		value_map_set(a, site, "hours", r);
	}
	return site;
}

static void
add_feed(struct arena *a, struct value *list, const char *type,
    const char *title, const char *url)
{
	struct value	*f = value_map(a);

	value_map_set_str(a, f, "type", type);
	value_map_set_str(a, f, "title", title);
	value_map_set_str(a, f, "url", url);
	value_list_push(a, list, f);
}

/* The site's feeds for <head>: Atom, RSS, JSON Feed, the daily digest. */
static struct value *
site_feeds(const struct build *b, struct arena *a)
{
	struct value	*list = value_list(a);
	const char	*t = b->conf->title;

	add_feed(a, list, "application/atom+xml", t,
	    url_absolute(b->conf->base_url, "/feeds/atom.xml", a));
	add_feed(a, list, "application/rss+xml", t,
	    url_absolute(b->conf->base_url, "/feeds/rss.xml", a));
	add_feed(a, list, "application/feed+json", t,
	    url_absolute(b->conf->base_url, "/feeds/feed.json", a));
	add_feed(a, list, "application/atom+xml", arena_printf(a, "%s: %s",
	    t, value_str(value_map_get(b->i18n_table, "feed_digest"))),
	    url_absolute(b->conf->base_url, "/feeds/digest.xml", a));
	return list;
}

/*
 * Autodiscovery links: the site's feeds (made once, by render_prepare),
 * and a tag's on its pages.
 */
static struct value *
feed_links(const struct build *b, struct arena *a, const struct value *tag)
{
	struct value	*list;
	const char	*t;
	size_t		 i;

	if (tag == NULL)
		return b->feed_list;
	list = value_list(a);
	for (i = 0; i < b->feed_list->u.list.n; i++)
		value_list_push(a, list, b->feed_list->u.list.v[i]);
	t = arena_printf(a, "%s: %s", b->conf->title,
	    value_str(value_map_get(tag, "name")));
	add_feed(a, list, "application/atom+xml", t,
	    value_str(value_map_get(tag, "atom")));
	add_feed(a, list, "application/rss+xml", t,
	    value_str(value_map_get(tag, "rss")));
	return list;
}

int
render_prepare(struct build *b)
{
	struct worker	*w = &b->workers[0];
	struct jobs	*js = xcalloc(1, sizeof(*js));
	struct listing	*idx;
	struct job	*j;
	size_t		 i, k;

	make_tags(b, w->a);
	idx = arena_zalloc(w->a, sizeof(*idx));
	idx->kind = LIST_INDEX;
	idx->per_page = b->conf->per_page;
	idx->url = "/";
	idx->posts = b->posts;
	idx->n = b->nposts;
	idx->title = b->conf->title;
	list_jobs(js, idx);
	b->site = make_site(b, w, js);
	b->i18n_table = i18n_table(b->i18n, b->conf->locale, w->a);
	b->feed_list = site_feeds(b, w->a);
	{
		struct hasher	 h;

		hash_init(&h);
		hash_key(&h, b->env);
		value_hash(&h, b->site);
		value_hash(&h, b->i18n_table);
		b->page_env = hash_final(&h);
	}
	for (i = 0; i < b->nall; i++) {
		j = job_add(js, JOB_POST);
		j->index = i;
		for (k = 0; k < b->all[i]->fm.naliases; k++) {
			j = job_add(js, JOB_ALIAS);
			j->index = i;
			j->from = b->all[i]->fm.aliases[k];
			j->to = b->all[i]->url;
		}
	}
	for (i = 0; i < b->npages; i++) {
		j = job_add(js, JOB_PAGE);
		j->index = i;
		for (k = 0; k < b->pages[i]->fm.naliases; k++) {
			j = job_add(js, JOB_ALIAS);
			j->index = i;
			j->from = b->pages[i]->fm.aliases[k];
			j->to = b->pages[i]->url;
		}
	}
	job_add(js, JOB_404);
	b->plan = js;
	return 0;
}

/* "es-419" as OpenGraph writes locales: "es_419". */
static const char *
og_locale(const char *lang, struct arena *a)
{
	char	*s = arena_strdup(a, lang), *p;

	for (p = s; *p != '\0'; p++)
		if (*p == '-')
			*p = '_';
	return s;
}

static struct value *
page_map(const struct build *b, struct arena *a, const char *kind,
    const char *title, const char *url, const char *lang)
{
	struct value	*p = value_map(a);

	value_map_set_str(a, p, "kind", kind);
	value_map_set_str(a, p, "title", title);
	value_map_set_str(a, p, "url", href(b, url, a));
	value_map_set_str(a, p, "permalink",
	    url_absolute(b->conf->base_url, url, a));
	value_map_set_str(a, p, "lang", lang);
	value_map_set_str(a, p, "description", b->conf->description);
	value_map_set_str(a, p, "og_type", "website");
	value_map_set_str(a, p, "og_locale", og_locale(lang, a));
	return p;
}

/*
 * The first image of a post's HTML, absolute, or NULL.  cmark-gfm
 * writes every image as <img src="..." with the URL's "&" as "&amp;".
 */
static const char *
first_image(const struct post *p, struct arena *a)
{
	const char	*s, *e;
	struct buf	 url = BUF_INIT;
	char		*abs, *r;

	if ((s = strstr(p->html, "<img src=\"")) == NULL)
		return NULL;
	s += strlen("<img src=\"");
	if ((e = strchr(s, '"')) == NULL)
		return NULL;
	for (; s < e; s++) {
		buf_putc(&url, *s);
		if (util_startswith(s, "&amp;"))
			s += 4;
	}
	/* Most images are absolute already, or site paths. */
	if (util_startswith(buf_cstr(&url), "https://") ||
	    util_startswith(buf_cstr(&url), "http://"))
		abs = arena_strdup(a, url.data);
	else {
		r = url_resolve(p->permalink, buf_cstr(&url), url.len);
		abs = r != NULL ? arena_strdup(a, r) : NULL;
		free(r);
	}
	buf_free(&url);
	return abs;
}

static void
json_field(struct buf *b, const char *key, const char *val)
{
	buf_putc(b, ',');
	buf_put_json(b, key, strlen(key), true);
	buf_putc(b, ':');
	buf_put_json(b, val, strlen(val), true);
}

/* schema.org BlogPosting for search engines (JSON-LD, in <head>). */
static const char *
post_jsonld(const struct build *b, const struct post *p, const char *image,
    struct arena *a)
{
	const struct value	*date = value_map_get(p->ctx, "date");
	const struct value	*upd = value_map_get(p->ctx, "updated");
	const char		*site = b->conf->title;
	struct buf		 j = BUF_INIT;
	char			*s;

	buf_puts(&j, "{\"@context\":\"https://schema.org\","
	    "\"@type\":\"BlogPosting\"");
	json_field(&j, "headline", p->title);
	json_field(&j, "url", p->permalink);
	json_field(&j, "mainEntityOfPage", p->permalink);
	if (*p->summary != '\0')
		json_field(&j, "description", p->summary);
	json_field(&j, "datePublished",
	    value_str(value_map_get(date, "iso")));
	json_field(&j, "dateModified", value_str(value_map_get(upd, "iso")));
	json_field(&j, "inLanguage", p->lang);
	if (image != NULL)
		json_field(&j, "image", image);
	if (*p->author != '\0') {
		buf_puts(&j, ",\"author\":{\"@type\":\"Person\"");
		json_field(&j, "name", p->author);
		buf_putc(&j, '}');
	}
	buf_puts(&j, ",\"publisher\":{\"@type\":\"Organization\"");
	json_field(&j, "name", site);
	json_field(&j, "url", b->conf->base_url);
	buf_puts(&j, "}}");
	s = arena_strndup(a, j.data, j.len);
	buf_free(&j);
	return s;
}

/* What a post page says of itself to search engines and link previews. */
static void
describe_post(const struct build *b, struct value *page,
    const struct post *p, bool is_page, struct arena *a)
{
	const char	*image = first_image(p, a);

	if (*p->summary != '\0')
		value_map_set_str(a, page, "description", p->summary);
	if (image != NULL)
		value_map_set_str(a, page, "image", image);
	if (is_page)
		return;
	value_map_set_str(a, page, "og_type", "article");
	value_map_set_str(a, page, "jsonld", post_jsonld(b, p, image, a));
}

static struct value *
root_map(const struct build *b, struct arena *a, struct value *page)
{
	struct value	*root = value_map(a);

	value_map_set(a, root, "site", b->site);
	value_map_set(a, root, "i18n", b->i18n_table);
	value_map_set(a, root, "page", page);
	return root;
}

/*
 * A whole post shown in a list sits under the day's <h2> and its own
 * <h3> title: its body's headings (<h2> and below, see markdown.h) move
 * two levels down, to <h4>, stopping at <h6>.  Tags are found as
 * cmark-gfm writes them; "<h" never starts text, which it escapes.
 */
static struct value *
demoted_content(const struct value *content, struct arena *a)
{
	const char	*s = value_str(content), *p, *start;
	size_t		 len = content->u.str.len;
	struct buf	 b = BUF_INIT;
	struct value	*v;
	int		 level;

	for (start = p = s; (p = memchr(p, '<', len - (size_t)(p - s)));
	    p++) {
		const char	*q = p + 1 + (p[1] == '/');

		if ((size_t)(q + 2 - s) >= len || *q != 'h' ||
		    q[1] < '1' || q[1] > '6' ||
		    (q[2] != '>' && q[2] != ' '))
			continue;
		level = q[1] - '0' + 2 > 6 ? 6 : q[1] - '0' + 2;
		buf_put(&b, start, (size_t)(q + 1 - start));
		buf_putc(&b, (char)('0' + level));
		start = q + 2;
	}
	if (start == s)
		return (struct value *)content;
	buf_put(&b, start, len - (size_t)(start - s));
	v = arena_alloc(a, sizeof(*v));
	*v = *content;
	v->u.str.s = arena_strndup(a, b.data, b.len);
	v->u.str.len = b.len;
	buf_free(&b);
	return v;
}

/* A post's context as a list that shows it whole sees it. */
static struct value *
whole_in_list(struct value *ctx, struct arena *a)
{
	struct value	*m = value_map_sized(a, ctx->u.map.n);
	size_t		 i;

	for (i = 0; i < ctx->u.map.n; i++)
		value_map_put(a, m, ctx->u.map.v[i].key,
		    strcmp(ctx->u.map.v[i].key, "content") == 0 ?
		    demoted_content(ctx->u.map.v[i].val, a) :
		    ctx->u.map.v[i].val);
	return m;
}

/* Posts of one list page under one entry per day. */
static struct value *
group_days(struct post **posts, size_t n, bool whole, struct arena *a)
{
	struct value	*days = value_list(a), *day = NULL, *list = NULL;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(posts[i]->daykey,
		    posts[i - 1]->daykey) != 0) {
			day = value_map(a);
			value_map_set_str(a, day, "header",
			    posts[i]->day_header);
			value_map_set_str(a, day, "datetime", posts[i]->daykey);
			list = value_list(a);
			value_map_set(a, day, "posts", list);
			value_list_push(a, days, day);
		}
		value_list_push(a, list, whole ?
		    whole_in_list(posts[i]->ctx, a) : posts[i]->ctx);
	}
	return days;
}

/* A list that read none of its posts' watched values is keyed by faces. */
static void
emit(struct build *b, struct worker *w, const char *layout,
    const struct value *root, const struct job *j)
{
	bool	 content;

	buf_reset(&w->scratch);
	if (template_render_watch(&w->scratch, b->tpl, layout, root,
	    &content, b->d) < 0)
		return;
	output_write_job(b->out, j->path, j->kind == JOB_LIST && !content ?
	    j->face : j->key, w->scratch.data ? w->scratch.data : "",
	    w->scratch.len);
}

static void
render_list(struct build *b, struct worker *w, const struct job *j)
{
	static const char *const kinds[] = { "index", "archive", "archive",
	    "tag" };
	const struct listing	*l = j->list;
	struct arena		*a = w->a;
	struct value		*page, *root, *pg;
	const char		*url = page_url(l->url, j->page, a);
	bool			 whole;
	size_t			 first = (size_t)(j->page - 1) *
				    l->per_page, n;

	n = l->n - first < l->per_page ? l->n - first : l->per_page;
	page = page_map(b, a, kinds[l->kind], l->title, url, b->conf->lang);
	value_map_set(a, page, "feeds", feed_links(b, a,
	    l->kind == LIST_TAG ? l->extra : NULL));
	root = root_map(b, a, page);
	/* The front page shows whole posts, as Blogger does; lists, summaries. */
	whole = l->kind == LIST_INDEX && j->page == 1;
	value_map_set(a, root, "days", group_days(l->posts + first, n, whole,
	    a));
	value_map_set_bool(a, root, "full", whole);
	pg = value_map(a);
	value_map_set_num(a, pg, "page", j->page);
	value_map_set_bool(a, pg, "first", j->page == 1);
	value_map_set_num(a, pg, "pages", j->pages);
	if (j->page > 1)
		value_map_set_str(a, pg, "prev_url",
		    href(b, page_url(l->url, j->page - 1, a), a));
	if (j->page < j->pages)
		value_map_set_str(a, pg, "next_url",
		    href(b, page_url(l->url, j->page + 1, a), a));
	value_map_set(a, root, "pagination", pg);
	if (l->kind == LIST_YEAR || l->kind == LIST_MONTH)
		value_map_set(a, root, "archive", l->extra);
	else if (l->kind == LIST_TAG)
		value_map_set(a, root, "tag", l->extra);
	emit(b, w, kinds[l->kind], root, j);
}

static struct value *
link_map(struct build *b, struct arena *a, const struct post *p)
{
	struct value	*m = value_map(a);

	value_map_set_str(a, m, "title", p->title);
	value_map_set_str(a, m, "url", href(b, p->url, a));
	return m;
}

/* Index of post "p" among the listed posts, or nposts. */
static size_t
listed_index(const struct build *b, const struct post *p)
{
	return p->listed < b->nposts ? p->listed : b->nposts;
}

static void
render_post(struct build *b, struct worker *w, const struct post *p,
    bool is_page, const struct job *j)
{
	struct arena	*a = w->a;
	struct value	*page, *root;
	size_t		 i;

	page = page_map(b, a, is_page ? "page" : "post", p->title, p->url,
	    p->lang);
	value_map_set(a, page, "feeds", feed_links(b, a, NULL));
	root = root_map(b, a, page);
	value_map_set(a, root, "post", p->ctx);
	describe_post(b, page, p, is_page, a);
	if (is_page)
		value_map_set(a, page, "content", value_map_get(p->ctx,
		    "content") ? (struct value *)value_map_get(p->ctx,
		    "content") : value_null(a));
	else if ((i = listed_index(b, p)) < b->nposts) {
		if (i > 0)
			value_map_set(a, root, "newer",
			    link_map(b, a, b->posts[i - 1]));
		if (i + 1 < b->nposts)
			value_map_set(a, root, "older",
			    link_map(b, a, b->posts[i + 1]));
	}
	emit(b, w, is_page ? "page" : "post", root, j);
}

static void
render_alias(struct build *b, struct worker *w, const struct job *j)
{
	struct arena	*a = w->a;
	struct buf	*s = &w->scratch;
	const char	*to = url_absolute(b->conf->base_url, j->to, a);

	buf_reset(s);
	buf_puts(s, "<!DOCTYPE html>\n<html lang=\"");
	buf_put_html(s, b->conf->lang, strlen(b->conf->lang));
	buf_puts(s, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	buf_put_html(s, to, strlen(to));
	buf_puts(s, "</title>\n<link rel=\"canonical\" href=\"");
	buf_put_html(s, to, strlen(to));
	buf_puts(s, "\">\n<meta http-equiv=\"refresh\" content=\"0; url=");
	buf_put_html(s, to, strlen(to));
	buf_puts(s, "\">\n</head>\n<body>\n<p><a href=\"");
	buf_put_html(s, to, strlen(to));
	buf_puts(s, "\">");
	buf_put_html(s, to, strlen(to));
	buf_puts(s, "</a></p>\n</body>\n</html>\n");
	output_write_job(b->out, j->path, j->key, s->data, s->len);
}

static void
render_404(struct build *b, struct worker *w, const struct job *j)
{
	struct arena	*a = w->a;
	struct value	*page;
	const char	*title = value_str(value_map_get(b->i18n_table,
			    "not_found_title"));

	page = page_map(b, a, "404", title != NULL ? title : "404",
	    "/404.html", b->conf->lang);
	value_map_set(a, page, "feeds", feed_links(b, a, NULL));
	emit(b, w, "404", root_map(b, a, page), j);
}

struct value *
render_page_root(const struct build *b, struct arena *a, const char *kind,
    const char *title, const char *url)
{
	struct value	*page = page_map(b, a, kind, title, url, b->conf->lang);

	value_map_set(a, page, "feeds", feed_links(b, a, NULL));
	return root_map(b, a, page);
}

struct value *
render_shared_root(struct build *b)
{
	struct arena	*a = b->workers[0].a;
	struct value	*page = page_map(b, a, "shared", b->conf->title, "/",
			    b->conf->lang);

	return root_map(b, a, page);
}

static void
run_job(struct worker *w, size_t k, void *arg)
{
	struct build		*b = arg;
	const struct job	*j = &b->plan->v[k * b->plan->stride %
				    b->plan->n];
	struct arena		*keep = w->a;

	progress_add(b->progress);
	if (w->id == 0)
		progress_show(b->progress);
	if (j->path == NULL)
		return;
	if (j->keep) {
		output_keep(b->out, j->path);
		return;
	}
	/*
	 * What a page allocates (its context, its URLs) dies with the page:
	 * give it an arena of its own.
	 */
	w->a = arena_new();

	switch (j->kind) {
	case JOB_POST:
		render_post(b, w, b->all[j->index], false, j);
		break;
	case JOB_PAGE:
		render_post(b, w, b->pages[j->index], true, j);
		break;
	case JOB_LIST:
		render_list(b, w, j);
		break;
	case JOB_404:
		render_404(b, w, j);
		break;
	case JOB_ALIAS:
		render_alias(b, w, j);
		break;
	}
	arena_free(w->a);
	w->a = keep;
}

void
render_hash_post(struct hasher *h, const struct build *b,
    const struct post *p)
{
	hash_key(h, p->key);
	hash_u64(h, p->date > b->now);
}

/* The output path of job j, or NULL after recording why there is none. */
static const char *
job_path(struct build *b, const struct job *j, struct arena *a)
{
	const struct post	*p = NULL;
	const char		*url = NULL, *path;

	switch (j->kind) {
	case JOB_POST:
	case JOB_PAGE:
		/* Posts know theirs: check_urls looked at them. */
		p = j->kind == JOB_POST ? b->all[j->index] :
		    b->pages[j->index];
		if (p->out_path != NULL)
			return p->out_path;
		url = p->url;
		break;
	case JOB_LIST:
		url = page_url(j->list->url, j->page, a);
		break;
	case JOB_404:
		url = "/404.html";
		break;
	case JOB_ALIAS:
		url = j->from;
		break;
	}
	if ((path = url_output_path(url, a)) == NULL)
		diag_error(b->d, p != NULL ? p->path : j->kind == JOB_ALIAS ?
		    b->all[0]->path : "", 0, 0, "%s %s: not a clean path",
		    j->kind == JOB_ALIAS ? "alias" : "url", url);
	return path;
}

/* What a post page shows of a neighbour: link_map's fields. */
static void
hash_link(struct hasher *h, const struct post *p)
{
	hash_str(h, p->title);
	hash_str(h, p->url);
}

/*
 * A job's key; "need" marks the posts it shows (when it must run).  A
 * list has a second key, *face, that digests its posts' faces instead:
 * it is the one kept when the list's render read none of their watched
 * values (post.c): the verifying trace of that render, as the other is
 * of one that did.  The two never collide, the face key hashing one
 * more word.
 */
static struct hkey
job_key(struct build *b, const struct job *j, bool need, struct hkey *face)
{
	const struct listing	*l = j->list;
	struct post		*p;
	struct hasher		 h, hf;
	size_t			 i, first, n;

	face->a = face->b = 0;
	if (j->kind == JOB_LIST)
		h = j->list_key;
	else {
		hash_init(&h);
		hash_key(&h, b->page_env);
		hash_u64(&h, j->kind);
	}
	hash_str(&h, j->path);
	switch (j->kind) {
	case JOB_POST:
	case JOB_PAGE:
		p = j->kind == JOB_POST ? b->all[j->index] :
		    b->pages[j->index];
		render_hash_post(&h, b, p);
		p->needed |= need;
		if (j->kind == JOB_POST &&
		    (i = listed_index(b, p)) < b->nposts) {
			if (i > 0)
				hash_link(&h, b->posts[i - 1]);
			hash_u64(&h, 0);
			if (i + 1 < b->nposts)
				hash_link(&h, b->posts[i + 1]);
		}
		break;
	case JOB_LIST:
		hash_u64(&h, j->page);
		hash_u64(&h, j->pages);
		hf = h;
		hash_u64(&hf, 1);
		first = (size_t)(j->page - 1) * l->per_page;
		n = l->n - first < l->per_page ? l->n - first : l->per_page;
		for (i = first; i < first + n; i++) {
			render_hash_post(&h, b, l->posts[i]);
			hash_key(&hf, l->posts[i]->face);
			hash_u64(&hf, l->posts[i]->date > b->now);
			l->posts[i]->needed |= need;
		}
		*face = hash_final(&hf);
		break;
	case JOB_404:
		break;
	case JOB_ALIAS:
		hash_str(&h, j->to);
		break;
	}
	return hash_final(&h);
}

static void
plan_one(struct worker *w, size_t i, void *arg)
{
	struct build	*b = arg;
	struct job	*j = &b->plan->v[i];

	if ((j->path = job_path(b, j, w->a)) == NULL)
		return;
	j->key = job_key(b, j, false, &j->face);
	j->keep = output_unchanged(b->out, j->path, j->key, j->face);
}

/* What the pages of a list share, hashed once for them all. */
static void
list_key(struct hasher *h, const struct build *b, const struct listing *l)
{
	hash_init(h);
	hash_key(h, b->page_env);
	hash_u64(h, JOB_LIST);
	hash_u64(h, l->kind);
	hash_str(h, l->url);
	hash_str(h, l->title);
	value_hash(h, l->extra);
	hash_u64(h, l->n);
}

void
render_plan(struct build *b)
{
	struct job	*j;
	struct hkey	 face;
	size_t		 i;

	/* A list's pages are consecutive jobs. */
	for (i = 0; i < b->plan->n; i++) {
		j = &b->plan->v[i];
		if (j->kind != JOB_LIST)
			continue;
		if (j->page == 1)
			list_key(&j->list_key, b, j->list);
		else
			j->list_key = j[-1].list_key;
	}
	pool_run(b->workers, b->jobs, b->plan->n, plan_one, b);
	for (i = 0, b->nkept = 0; i < b->plan->n; i++)
		if (b->plan->v[i].keep)
			b->nkept++;
	/* Only light posts need marking: a cold build has none. */
	for (i = 0; b->nlight > 0 && i < b->plan->n; i++) {
		j = &b->plan->v[i];
		if (j->path != NULL && !j->keep)
			job_key(b, j, true, &face);
	}
}

int
render_pages(struct build *b)
{
	progress_phase(b->progress, "rendering pages", b->plan->n);
	b->plan->stride = pool_stride(b->plan->n, b->jobs);
	pool_run(b->workers, b->jobs, b->plan->n, run_job, b);
	render_drop(b);
	return 0;
}

void
render_drop(struct build *b)
{
	if (b->plan == NULL)
		return;
	free(b->plan->v);
	free(b->plan);
	b->plan = NULL;
}
