/*
 * Unit tests for the feeds: Atom, RSS, JSON Feed, the digest, RFC 5005
 * archives and the sitemap, on posts built by hand.
 *
 * Dates come through fixed UTC formatters and the digest title through a
 * small formatter of the English catalog's message: the feed writers
 * take both as hooks.  Documents are checked byte for byte, against the
 * Atom RELAX NG schema (libxml2) and with feedcheck.py (feedparser).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "datefmt.h"
#include "diag.h"
#include "feed.h"
#include "i18n.h"
#include "output.h"
#include "pool.h"
#include "post.h"
#include "render.h"
#include "testutil.h"
#include "value.h"

#define BASE	"https://news.example.com/"
/* 2012-12-19T20:56:00Z */
#define T0	1355950560

struct fx {
	struct arena	*a;
	struct diags	*d;
	struct siteconf	 conf;
	char		*tmp;
	unsigned	 jobs;		/* 0: entries made on this thread */
};

/* RFC 3339 and RFC 822 in UTC, without the C library's locale. */
static void
utc_tm(struct tm *tm, int64_t t)
{
	time_t	 tt = (time_t)t;

	gmtime_r(&tt, tm);
}

static void
fmt3339(char out[32], int64_t t, const char *tz)
{
	struct tm	 tm;
	char		 s[80];

	assert_string_equal(tz, "UTC");
	utc_tm(&tm, t);
	snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	assert_true(strlen(s) < 32);
	memcpy(out, s, strlen(s) + 1);
}

static void
fmt822(char out[40], int64_t t, const char *tz)
{
	static const char *const	 wd[] = { "Sun", "Mon", "Tue", "Wed",
					    "Thu", "Fri", "Sat" };
	static const char *const	 mo[] = { "Jan", "Feb", "Mar", "Apr",
					    "May", "Jun", "Jul", "Aug", "Sep",
					    "Oct", "Nov", "Dec" };
	struct tm			 tm;

	assert_string_equal(tz, "UTC");
	utc_tm(&tm, t);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    wd[tm.tm_wday], tm.tm_mday, mo[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The "en" catalog's digest_title: "{title} plus {count} more". */
static int
fmt_message(struct buf *out, const struct i18n *i18n, const char *lang,
    const char *key, const struct value *args, struct diags *d)
{
	const struct value	*title = value_map_get(args, "title");
	const struct value	*count = value_map_get(args, "count");

	(void)i18n;
	assert_string_equal(lang, "en");
	if (strcmp(key, "feed_digest") == 0) {
		assert_int_equal(value_len(args), 0);
		buf_puts(out, "Daily news");
		return 0;
	}
	if (strcmp(key, "digest_title") != 0)
		return diag_error(d, NULL, 0, 0, "no message %s", key);
	assert_non_null(title);
	assert_non_null(count);
	assert_int_equal(count->kind, VAL_NUMBER);
	buf_printf(out, "%s plus %.0f more", value_str(title), count->u.num.d);
	return 0;
}

/* A catalog whose digest_title is broken. */
static int
fmt_fail(struct buf *out, const struct i18n *i18n, const char *lang,
    const char *key, const struct value *args, struct diags *d)
{
	(void)out;
	(void)i18n;
	(void)lang;
	(void)args;
	return diag_error(d, "i18n/en.yaml", 3, 15, "%s: argument \"count\" "
	    "is not used", key);
}

static const char *
lookup_message(const struct i18n *i18n, const char *lang, const char *key)
{
	(void)i18n;
	assert_string_equal(lang, "en");
	return strcmp(key, "feed_digest") == 0 ? "Daily news" : NULL;
}

struct runjob {
	struct worker	*w;
	unsigned	 k, jobs;
	size_t		 n;
	void		(*fn)(struct worker *, size_t, void *);
	void		*arg;
};

static void *
run_thread(void *arg)
{
	struct runjob	*r = arg;
	size_t		 i;

	for (i = r->k; i < r->n; i += r->jobs)
		r->fn(&r->w[r->k], i, r->arg);
	return NULL;
}

/* pool_run's contract: every index once, each thread its own worker. */
static void
run_workers(struct worker *w, unsigned jobs, size_t n,
    void (*fn)(struct worker *, size_t, void *), void *arg)
{
	pthread_t	 t[4];
	struct runjob	 r[4];
	unsigned	 k;

	assert_true(jobs >= 1 && jobs <= 4);
	for (k = 0; k < jobs; k++) {
		r[k].w = w;
		r[k].k = k;
		r[k].jobs = jobs;
		r[k].n = n;
		r[k].fn = fn;
		r[k].arg = arg;
		assert_int_equal(pthread_create(&t[k], NULL, run_thread, &r[k]),
		    0);
	}
	for (k = 0; k < jobs; k++)
		pthread_join(t[k], NULL);
}

static const struct feed_hooks hooks = { fmt3339, fmt822, fmt_message,
    lookup_message, run_workers };

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	f->a = arena_new();
	f->d = diags_new();
	f->conf.title = "Example News";
	f->conf.description = "";
	f->conf.base_url = BASE;
	f->conf.base_path = "/";
	f->conf.locale = "en";
	f->conf.lang = "en";
	f->conf.timezone = "UTC";
	f->conf.permalink = "/:year/:month/:slug.html";
	f->conf.per_page = 10;
	f->conf.feed_entries = 20;
	f->conf.feed_full = true;
	f->conf.params = value_map(f->a);
	f->tmp = tu_tmpdir();
	f->jobs = 2;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	tu_rmtree(f->tmp);
	free(f->tmp);
	diags_free(f->d);
	arena_free(f->a);
	free(f);
	return 0;
}

/* A listed post dated "t", on the day of "t" (UTC), with an id. */
static struct post *
mkpost(struct fx *f, const char *slug, const char *title, int64_t t,
    const char *html)
{
	struct post	*p = arena_zalloc(f->a, sizeof(*p));
	struct tm	 tm;

	utc_tm(&tm, t);
	p->path = arena_printf(f->a, "content/posts/%s.md", slug);
	p->title = title;
	p->slug = slug;
	p->url = arena_printf(f->a, "/%04d/%02d/%s.html", tm.tm_year + 1900,
	    tm.tm_mon + 1, slug);
	p->permalink = arena_printf(f->a, "https://news.example.com%s",
	    p->url);
	p->out_path = p->url + 1;
	p->lang = "en";
	p->locale = "en";
	p->tz = "UTC";
	p->author = "Ana Pérez";
	p->summary = arena_printf(f->a, "About %s.", slug);
	p->id = arena_printf(f->a, "tag:news.example.com,%04d-%02d-%02d:%s",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, p->url);
	p->html = html;
	p->html_len = strlen(html);
	p->date = t;
	p->updated = t;
	memcpy(p->daykey, p->id + strlen("tag:news.example.com,"), 10);
	p->daykey[10] = '\0';
	return p;
}

static void
tag(struct fx *f, struct post *p, const char *name, const char *slug)
{
	const char	**t = arena_alloc(f->a, (p->ntags + 2) * sizeof(*t));
	const char	**s = arena_alloc(f->a, (p->ntags + 2) * sizeof(*s));

	if (p->ntags > 0) {
		memcpy(t, p->tags, p->ntags * sizeof(*t));
		memcpy(s, p->tag_slugs, p->ntags * sizeof(*s));
	}
	t[p->ntags] = name;
	s[p->ntags] = slug;
	p->tags = t;
	p->tag_slugs = s;
	p->ntags++;
}

/* The two posts of the golden documents, newest first. */
static void
two_posts(struct fx *f, struct post *posts[2])
{
	posts[0] = mkpost(f, "holiday-hours", "Holiday hours", T0 + 86400,
	    "<p>We close on <a href=\"/2012/12/closures.html\">the "
	    "25th</a>.</p>\n<p><img src=\"tree.png\" alt=\"A tree\"></p>\n");
	posts[0]->updated = T0 + 2 * 86400;
	tag(f, posts[0], "Support", "support");
	posts[1] = mkpost(f, "price-list", "Price list & terms", T0,
	    "<p>Prices are <em>unchanged</em>.</p>\n");
	posts[1]->author = "";
	tag(f, posts[1], "Billing", "billing");
	tag(f, posts[1], "Support", "support");
}

static void
make_items(struct fx *f, struct feed_item *items,
    const struct feed_item **ptrs, struct post **posts, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		feed_item_make(&items[i], posts[i], &f->conf, f->conf.title,
		    &hooks, f->a, f->d);
		ptrs[i] = &items[i];
	}
}

static void
site_doc(struct fx *f, struct feed_doc *doc, const struct feed_item **ptrs,
    size_t n, const char *self)
{
	memset(doc, 0, sizeof(*doc));
	doc->title = f->conf.title;
	doc->lang = "en";
	doc->id = BASE "feeds/atom.xml";
	doc->self = self;
	doc->alternate = BASE;
	doc->author = f->conf.title;
	doc->items = ptrs;
	doc->nitems = n;
}

/*
 * "s" with the text after "marker" up to "end" replaced by "V": the
 * generator's version, which the Makefile sets.
 */
static char *
unversioned(struct fx *f, const char *s, const char *marker, char end)
{
	const char	*m = strstr(s, marker), *e;

	assert_non_null(m);
	m += strlen(marker);
	e = strchr(m, end);
	assert_non_null(e);
	assert_true(e > m);
	return arena_printf(f->a, "%.*sV%s", (int)(m - s), s, e);
}

static const char golden_atom[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n"
"  <title>Example News</title>\n"
"  <link rel=\"alternate\" type=\"text/html\" href=\"https://news.example.com"
"/\"/>\n"
"  <link rel=\"self\" type=\"application/atom+xml\" href=\"https://news.examp"
"le.com/feeds/atom.xml\"/>\n"
"  <link rel=\"prev-archive\" type=\"application/atom+xml\" href=\"https://ne"
"ws.example.com/feeds/archive/2012-12.xml\"/>\n"
"  <id>https://news.example.com/feeds/atom.xml</id>\n"
"  <updated>2012-12-21T20:56:00Z</updated>\n"
"  <author>\n"
"    <name>Example News</name>\n"
"  </author>\n"
"  <generator version=\"V\">heraldo</generator>\n"
"  <entry>\n"
"    <title>Holiday hours</title>\n"
"    <link rel=\"alternate\" type=\"text/html\" href=\"https://news.example.c"
"om/2012/12/holiday-hours.html\"/>\n"
"    <id>tag:news.example.com,2012-12-20:/2012/12/holiday-hours.html</id>\n"
"    <published>2012-12-20T20:56:00Z</published>\n"
"    <updated>2012-12-21T20:56:00Z</updated>\n"
"    <author>\n"
"      <name>Ana Pérez</name>\n"
"    </author>\n"
"    <category term=\"Support\"/>\n"
"    <summary>About holiday-hours.</summary>\n"
"    <content type=\"html\">&lt;p&gt;We close on &lt;a href=&quot;https://new"
"s.example.com/2012/12/closures.html&quot;&gt;the 25th&lt;/a&gt;.&lt;/p&gt;\n"
"&lt;p&gt;&lt;img src=&quot;https://news.example.com/2012/12/tree.png&quot; a"
"lt=&quot;A tree&quot;&gt;&lt;/p&gt;\n"
"</content>\n"
"  </entry>\n"
"  <entry>\n"
"    <title>Price list &amp; terms</title>\n"
"    <link rel=\"alternate\" type=\"text/html\" href=\"https://news.example.c"
"om/2012/12/price-list.html\"/>\n"
"    <id>tag:news.example.com,2012-12-19:/2012/12/price-list.html</id>\n"
"    <published>2012-12-19T20:56:00Z</published>\n"
"    <updated>2012-12-19T20:56:00Z</updated>\n"
"    <author>\n"
"      <name>Example News</name>\n"
"    </author>\n"
"    <category term=\"Billing\"/>\n"
"    <category term=\"Support\"/>\n"
"    <summary>About price-list.</summary>\n"
"    <content type=\"html\">&lt;p&gt;Prices are &lt;em&gt;unchanged&lt;/em&gt"
";.&lt;/p&gt;\n"
"</content>\n"
"  </entry>\n"
"</feed>\n";

static const char golden_rss[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:conten"
"t=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc"
"/elements/1.1/\">\n"
"  <channel>\n"
"    <title>Example News</title>\n"
"    <link>https://news.example.com/</link>\n"
"    <description>Example News</description>\n"
"    <language>en</language>\n"
"    <generator>heraldo V</generator>\n"
"    <lastBuildDate>Fri, 21 Dec 2012 20:56:00 +0000</lastBuildDate>\n"
"    <atom:link rel=\"self\" type=\"application/rss+xml\" href=\"https://news"
".example.com/feeds/rss.xml\"/>\n"
"    <item>\n"
"      <title>Holiday hours</title>\n"
"      <link>https://news.example.com/2012/12/holiday-hours.html</link>\n"
"      <guid isPermaLink=\"false\">tag:news.example.com,2012-12-20:/2012/12/h"
"oliday-hours.html</guid>\n"
"      <pubDate>Thu, 20 Dec 2012 20:56:00 +0000</pubDate>\n"
"      <dc:creator>Ana Pérez</dc:creator>\n"
"      <category>Support</category>\n"
"      <description>About holiday-hours.</description>\n"
"      <content:encoded>&lt;p&gt;We close on &lt;a href=&quot;https://news.ex"
"ample.com/2012/12/closures.html&quot;&gt;the 25th&lt;/a&gt;.&lt;/p&gt;\n"
"&lt;p&gt;&lt;img src=&quot;https://news.example.com/2012/12/tree.png&quot; a"
"lt=&quot;A tree&quot;&gt;&lt;/p&gt;\n"
"</content:encoded>\n"
"    </item>\n"
"    <item>\n"
"      <title>Price list &amp; terms</title>\n"
"      <link>https://news.example.com/2012/12/price-list.html</link>\n"
"      <guid isPermaLink=\"false\">tag:news.example.com,2012-12-19:/2012/12/p"
"rice-list.html</guid>\n"
"      <pubDate>Wed, 19 Dec 2012 20:56:00 +0000</pubDate>\n"
"      <dc:creator>Example News</dc:creator>\n"
"      <category>Billing</category>\n"
"      <category>Support</category>\n"
"      <description>About price-list.</description>\n"
"      <content:encoded>&lt;p&gt;Prices are &lt;em&gt;unchanged&lt;/em&gt;.&l"
"t;/p&gt;\n"
"</content:encoded>\n"
"    </item>\n"
"  </channel>\n"
"</rss>\n";

static void
test_feed_atom_golden(void **state)
{
	struct fx		*f = *state;
	struct post		*posts[2];
	struct feed_item	 items[2];
	const struct feed_item	*ptrs[2];
	struct feed_doc		 doc;
	struct buf		 out = BUF_INIT;

	two_posts(f, posts);
	make_items(f, items, ptrs, posts, 2);
	site_doc(f, &doc, ptrs, 2, BASE "feeds/atom.xml");
	doc.prev_archive = BASE "feeds/archive/2012-12.xml";
	assert_int_equal(feed_atom(&out, &doc, f->d), 0);
	assert_string_equal(unversioned(f, buf_cstr(&out),
	    "<generator version=\"", '"'), golden_atom);
	assert_int_equal(diags_count(f->d), 0);
	buf_free(&out);
}

static void
test_feed_rss_golden(void **state)
{
	struct fx		*f = *state;
	struct post		*posts[2];
	struct feed_item	 items[2];
	const struct feed_item	*ptrs[2];
	struct feed_doc		 doc;
	struct buf		 out = BUF_INIT;

	two_posts(f, posts);
	make_items(f, items, ptrs, posts, 2);
	site_doc(f, &doc, ptrs, 2, BASE "feeds/rss.xml");
	assert_int_equal(feed_rss(&out, &doc, f->d), 0);
	assert_string_equal(unversioned(f, buf_cstr(&out),
	    "<generator>heraldo ", '<'), golden_rss);
	assert_int_equal(diags_count(f->d), 0);
	buf_free(&out);
}

/*
 * A document written with its spans recorded, then again with its
 * entries copied from the first one's bytes (each, then all), is the same
 * document: copied entries fit where written ones were.
 */
static void
copies(struct fx *f, int (*fn)(struct buf *, const struct feed_doc *,
    struct diags *), const char *self)
{
	struct post		*posts[2];
	struct feed_item	 items[2];
	const struct feed_item	*ptrs[2];
	struct feed_doc		 doc;
	struct feed_span	 spans[2], copy[2];
	struct buf		 first = BUF_INIT, again = BUF_INIT;
	size_t			 i;

	two_posts(f, posts);
	make_items(f, items, ptrs, posts, 2);
	site_doc(f, &doc, ptrs, 2, self);
	doc.spans = spans;
	assert_int_equal(fn(&first, &doc, f->d), 0);
	assert_true(spans[0].off > 0 && spans[0].len > 0);
	assert_int_equal(spans[1].off, spans[0].off + spans[0].len);
	assert_true(strncmp(first.data + spans[1].off, fn == feed_atom ?
	    "  <entry>" : "    <item>", 9) == 0);
	doc.spans = NULL;
	doc.old = first.data;
	doc.copy = copy;
	for (i = 0; i <= 2; i++) {
		memset(copy, 0, sizeof(copy));
		if (i < 2)
			copy[i] = spans[i];
		else
			memcpy(copy, spans, sizeof(copy));
		buf_reset(&again);
		assert_int_equal(fn(&again, &doc, f->d), 0);
		assert_int_equal(again.len, first.len);
		assert_memory_equal(again.data, first.data, first.len);
	}
	buf_free(&first);
	buf_free(&again);
}

static void
test_feed_copied_entries(void **state)
{
	struct fx	*f = *state;

	copies(f, feed_atom, BASE "feeds/atom.xml");
	copies(f, feed_rss, BASE "feeds/rss.xml");
}

/*
 * Items in several documents: the first to write one keeps its bytes,
 * the others copy them; a document in another language writes its own
 * (Atom says xml:lang where an entry differs from its feed).
 */
static void
shared_entries(struct fx *f, int (*fn)(struct buf *, const struct feed_doc *,
    struct diags *), bool atom)
{
	struct post		*posts[2];
	struct feed_item	 items[2], alone[2];
	const struct feed_item	*ptrs[2], *aptrs[2];
	struct feed_doc		 doc;
	struct buf		 want = BUF_INIT, got = BUF_INIT;
	const char		*langs[] = { "en", "es", "en" };
	size_t			 i, k;

	two_posts(f, posts);
	for (i = 0; i < 3; i++) {
		/* Each doc as written with nothing shared: the reference. */
		make_items(f, alone, aptrs, posts, 2);
		site_doc(f, &doc, aptrs, 2, BASE "feeds/x.xml");
		doc.lang = langs[i];
		buf_reset(&want);
		assert_int_equal(fn(&want, &doc, f->d), 0);
		for (k = 0; k < 2; k++)
			assert_null(atomic_load(&alone[k].written[atom]));

		if (i == 0) {
			make_items(f, items, ptrs, posts, 2);
			items[0].docs = items[1].docs = 3;
		}
		site_doc(f, &doc, ptrs, 2, BASE "feeds/x.xml");
		doc.lang = langs[i];
		buf_reset(&got);
		assert_int_equal(fn(&got, &doc, f->d), 0);
		assert_string_equal(buf_cstr(&got), buf_cstr(&want));
		for (k = 0; k < 2; k++)
			assert_non_null(atomic_load(&items[k].written[atom]));
	}
	if (atom)
		assert_non_null(strstr(buf_cstr(&got), "<entry>"));
	for (k = 0; k < 2; k++)
		free(atomic_load(&items[k].written[atom]));
	buf_free(&want);
	buf_free(&got);
}

static void
test_feed_shared_entries(void **state)
{
	struct fx	*f = *state;

	shared_entries(f, feed_atom, true);
	shared_entries(f, feed_rss, false);
}

static const char golden_json[] =
"{\n"
"  \"version\": \"https://jsonfeed.org/version/1.1\",\n"
"  \"title\": \"Example News\",\n"
"  \"home_page_url\": \"https://news.example.com/\",\n"
"  \"feed_url\": \"https://news.example.com/feeds/feed.json\",\n"
"  \"language\": \"en\",\n"
"  \"authors\": [{\"name\": \"Example News\"}],\n"
"  \"hubs\": [{\"type\": \"WebSub\", \"url\": \"https://hub.example.net/\"}],\n"
"  \"items\": [\n"
"    {\n"
"      \"id\": \"tag:news.example.com,2012-12-19:/2012/12/quotes.html\",\n"
"      \"url\": \"https://news.example.com/2012/12/quotes.html\",\n"
"      \"title\": \"\\\"Quoted\\\" \\\\ back\\tslash\",\n"
"      \"content_html\": \"<p>a\\u2028b</p>\\n\",\n"
"      \"summary\": \"About quotes.\",\n"
"      \"date_published\": \"2012-12-19T20:56:00Z\",\n"
"      \"date_modified\": \"2012-12-19T20:56:00Z\",\n"
"      \"authors\": [{\"name\": \"Ana Pérez\"}],\n"
"      \"tags\": [\"Support\", \"Año \\\"nuevo\\\"\"],\n"
"      \"language\": \"es\"\n"
"    }\n"
"  ]\n"
"}\n";

static void
test_feed_json_golden(void **state)
{
	struct fx		*f = *state;
	struct post		*p;
	struct feed_item	 it;
	const struct feed_item	*ptr = &it;
	struct feed_doc		 doc;
	struct buf		 out = BUF_INIT;
	char			*path;

	p = mkpost(f, "quotes", "\"Quoted\" \\ back\tslash", T0,
	    "<p>a\xe2\x80\xa8" "b</p>\n");
	p->lang = "es";
	tag(f, p, "Support", "support");
	tag(f, p, "A\xc3\xb1o \"nuevo\"", "ano-nuevo");
	make_items(f, &it, &ptr, &p, 1);
	site_doc(f, &doc, &ptr, 1, BASE "feeds/feed.json");
	doc.hub = "https://hub.example.net/";
	feed_json(&out, &doc);
	assert_string_equal(buf_cstr(&out), golden_json);
	/* And a JSON parser reads it. */
	path = arena_printf(f->a, "%s/feed.json", f->tmp);
	tu_write(f->tmp, "feed.json", buf_cstr(&out));
	assert_int_equal(system(arena_printf(f->a, "/usr/bin/python3 -c "
	    "'import json,sys; d=json.load(open(sys.argv[1])); "
	    "assert d[\"items\"][0][\"tags\"][1] == "
	    "\"A\\u00f1o \\\"nuevo\\\"\"'"
	    " %s", path)), 0);
	buf_free(&out);
}

static void
test_feed_xml_clean(void **state)
{
	struct fx	*f = *state;
	const char	*out, *s;
	long		 first;

	s = "tab\there\r\nline \xf0\x9f\x98\x80 "
	    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d";
	assert_int_equal(feed_xml_clean(&out, &first, s, strlen(s), f->a), 0);
	assert_ptr_equal(out, s);

	s = "a\x0c" "b\x01" "c";
	assert_int_equal(feed_xml_clean(&out, &first, s, strlen(s), f->a), 2);
	assert_string_equal(out, "abc");
	assert_int_equal(first, 0x0c);

	/* U+FFFE and U+FFFF; U+FFFD and U+10FFFF stay. */
	s = "x\xef\xbf\xbey\xef\xbf\xbfz\xef\xbf\xbd\xf4\x8f\xbf\xbf";
	assert_int_equal(feed_xml_clean(&out, &first, s, strlen(s), f->a), 2);
	assert_string_equal(out, "xyz\xef\xbf\xbd\xf4\x8f\xbf\xbf");
	assert_int_equal(first, 0xfffe);

	/* A NUL, a lone continuation byte, a surrogate, a cut sequence. */
	assert_int_equal(feed_xml_clean(&out, &first, "a\0b\x80" "c\xed\xa0\x80"
	    "d\xe2\x82", 10, f->a), 6);
	assert_string_equal(out, "abcd");
	assert_int_equal(first, 0);
	assert_int_equal(feed_xml_clean(&out, &first, "\xc0\xafok", 4, f->a),
	    2);
	assert_string_equal(out, "ok");
	assert_int_equal(first, -1);
}

static void
test_feed_cmark_absolute_links(void **state)
{
	struct fx	*f = *state;
	const char	*base = BASE "2012/12/x.html", *in, *out;

	in = "<p>No links, and href=&quot;y&quot; in text.</p>\n";
	assert_ptr_equal(feed_cmark_absolute(in, strlen(in), base, f->a), in);
	in = "<p><a href=\"https://other.example/\">out</a></p>\n";
	assert_ptr_equal(feed_cmark_absolute(in, strlen(in), base, f->a), in);
	/* What cmark-gfm writes for links, images and escaped queries. */
	in = "<p><a href=\"y.html\" title=\"T\">y</a> "
	    "<a href=\"../11/z.html#top\">z</a> <a href=\"#note\">n</a> "
	    "<a href=\"/s?a=1&amp;b=2\">q</a> "
	    "<img src=\"img/a%20b.png\" alt=\"src=&quot;x&quot;\" /></p>\n"
	    "<pre><code>&lt;a href=&quot;rel&quot;&gt;</code></pre>\n";
	out = feed_cmark_absolute(in, strlen(in), base, f->a);
	assert_string_equal(out, "<p><a href=\"" BASE "2012/12/y.html\" "
	    "title=\"T\">y</a> <a href=\"" BASE "2012/11/z.html#top\">z</a> "
	    "<a href=\"" BASE "2012/12/x.html#note\">n</a> "
	    "<a href=\"" BASE "s?a=1&amp;b=2\">q</a> "
	    "<img src=\"" BASE "2012/12/img/a%20b.png\" "
	    "alt=\"src=&quot;x&quot;\" /></p>\n"
	    "<pre><code>&lt;a href=&quot;rel&quot;&gt;</code></pre>\n");
}

static void
test_feed_absolute_links(void **state)
{
	struct fx	*f = *state;
	const char	*base = BASE "2012/12/x.html", *in, *out;

	in = "<p>No links at all, <b>bold</b> and &amp; kept as written.</p>";
	assert_ptr_equal(feed_html_absolute(in, strlen(in), base, f->a), in);
	in = "<p><a href=\"https://other.example/\">out</a> "
	    "<a href=\"mailto:a@example.com\">mail</a></p>";
	assert_ptr_equal(feed_html_absolute(in, strlen(in), base, f->a), in);

	in = "<p><a href=\"y.html\">y</a> <a href=\"../11/z.html#top\">z</a> "
	    "<a href=\"#note\">n</a> <a href=\"/tags/dns/\">t</a></p>\n"
	    "<img src=\"img/a b.png\" srcset=\"a.png 1x, /b.png 2x\" "
	    "alt=\"\"><video poster=\"p.jpg\" src=\"v.mp4\"></video>"
	    "<blockquote cite=\"q.html\">q</blockquote>"
	    "<a href=\"\xc3\xb1.html\">\xc3\xb1</a>";
	out = feed_html_absolute(in, strlen(in), base, f->a);
	assert_string_equal(out,
	    "<p><a href=\"https://news.example.com/2012/12/y.html\">y</a> "
	    "<a href=\"https://news.example.com/2012/11/z.html#top\">z</a> "
	    "<a href=\"https://news.example.com/2012/12/x.html#note\">n</a> "
	    "<a href=\"https://news.example.com/tags/dns/\">t</a></p>\n"
	    "<img src=\"https://news.example.com/2012/12/img/a%20b.png\" "
	    "srcset=\"https://news.example.com/2012/12/a.png 1x, "
	    "https://news.example.com/b.png 2x\" alt=\"\">"
	    "<video poster=\"https://news.example.com/2012/12/p.jpg\" "
	    "src=\"https://news.example.com/2012/12/v.mp4\"></video>"
	    "<blockquote cite=\"https://news.example.com/2012/12/q.html\">q"
	    "</blockquote>"
	    "<a href=\"https://news.example.com/2012/12/%C3%B1.html\">\xc3\xb1"
	    "</a>");

	/* Leading style and comments stay where they were. */
	in = "<!-- note --><style>p{}</style><p><a href=\"a.html\">a</a></p>";
	out = feed_html_absolute(in, strlen(in), base, f->a);
	assert_string_equal(out, "<!-- note --><style>p{}</style><p><a "
	    "href=\"https://news.example.com/2012/12/a.html\">a</a></p>");

	/* Broken markup does not lose text. */
	in = "<p>unclosed <em>x</div> <a href=a.html>tail";
	out = feed_html_absolute(in, strlen(in), base, f->a);
	assert_string_equal(out, "<p>unclosed <em>x <a "
	    "href=\"https://news.example.com/2012/12/a.html\">tail</a></em>"
	    "</p>");
	assert_ptr_equal(feed_html_absolute("", 0, base, f->a), "");
}

/*
 * Content nested deeper than libxml2's HTML parser goes is kept whole,
 * its links as written, instead of cut where the parser stopped.
 */
static void
test_feed_absolute_links_deep(void **state)
{
	struct fx	*f = *state;
	struct buf	 in = BUF_INIT;
	const char	*out;
	size_t		 i;

	buf_puts(&in, "<p><a href=\"first.html\">first</a></p>");
	for (i = 0; i < 10000; i++)
		buf_puts(&in, "<div>");
	buf_puts(&in, "<a href=\"deep.html\">deep</a>");
	for (i = 0; i < 10000; i++)
		buf_puts(&in, "</div>");
	buf_puts(&in, "<p>tail</p>");
	out = feed_html_absolute(buf_cstr(&in), in.len, BASE "2012/12/x.html",
	    f->a);
	assert_ptr_equal(out, in.data);
	buf_free(&in);
}

/* libxml2's RELAX NG validation of "path" against atom.rng. */
static void
assert_atom_valid(const char *path)
{
	char			 rng[1024];
	xmlRelaxNGParserCtxtPtr	 pc;
	xmlRelaxNGPtr		 schema;
	xmlRelaxNGValidCtxtPtr	 vc;
	xmlDocPtr		 doc;
	int			 rc;

	snprintf(rng, sizeof(rng), "%s/tests/vectors/atom/atom.rng",
	    tu_srcdir());
	assert_non_null(pc = xmlRelaxNGNewParserCtxt(rng));
	assert_non_null(schema = xmlRelaxNGParse(pc));
	assert_non_null(vc = xmlRelaxNGNewValidCtxt(schema));
	assert_non_null(doc = xmlReadFile(path, NULL, XML_PARSE_NONET));
	rc = xmlRelaxNGValidateDoc(vc, doc);
	if (rc != 0)
		fprintf(stderr, "%s does not validate\n", path);
	assert_int_equal(rc, 0);
	xmlFreeDoc(doc);
	xmlRelaxNGFreeValidCtxt(vc);
	xmlRelaxNGFree(schema);
	xmlRelaxNGFreeParserCtxt(pc);
}

static void
assert_feedcheck(struct fx *f, const char *path, const char *args)
{
	char	*cmd;

	cmd = arena_printf(f->a, "/usr/bin/python3 %s/tests/tools/"
	    "feedcheck.py %s %s >/dev/null", tu_srcdir(), args, path);
	if (system(cmd) != 0)
		fail_msg("feedcheck.py fails on %s", path);
}

static char *
slurp(struct fx *f, const char *path)
{
	FILE	*fp = fopen(path, "rb");
	long	 n;
	char	*s;

	if (fp == NULL)
		fail_msg("cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	s = arena_alloc(f->a, (size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	return s;
}

static bool
file_exists(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0;
}

/*
 * Build the feeds of "posts" (newest first) into f->tmp/"name", with one
 * tag per distinct tag slug.
 */
static char *
build_feeds(struct fx *f, const char *name, struct post **posts, size_t n)
{
	struct build	 b;
	struct output	*out = NULL;
	struct out_manifest made;
	bool		 spare;
	struct out_tree_id live_id, spare_id;
	struct tag	*tags = arena_zalloc(f->a, 8 * sizeof(*tags));
	size_t		 ntags = 0, i, j, k;
	char		*dir = arena_printf(f->a, "%s/%s", f->tmp, name);

	for (i = 0; i < n; i++)
		for (j = 0; j < posts[i]->ntags; j++) {
			for (k = 0; k < ntags; k++)
				if (strcmp(tags[k].slug,
				    posts[i]->tag_slugs[j]) == 0)
					break;
			if (k == ntags) {
				assert_true(ntags < 8);
				tags[k].name = posts[i]->tags[j];
				tags[k].slug = posts[i]->tag_slugs[j];
				tags[k].posts = arena_zalloc(f->a,
				    (n + 1) * sizeof(struct post *));
				ntags++;
			}
			tags[k].posts[tags[k].n++] = posts[i];
		}
	memset(&b, 0, sizeof(b));
	b.conf = &f->conf;
	b.d = f->d;
	b.posts = posts;
	b.nposts = n;
	b.all = posts;
	b.nall = n;
	b.tags = tags;
	b.ntags = ntags;
	assert_int_equal(output_begin(&out, dir, NULL, NULL, f->d), 0);
	b.out = out;
	b.jobs = f->jobs;
	b.workers = f->jobs > 0 ? calloc(f->jobs, sizeof(*b.workers)) : NULL;
	for (i = 0; i < f->jobs; i++)
		b.workers[i].a = arena_new();
	b.feeds = feed_plan(&b);
	assert_int_equal(feed_write_all(&b, &hooks), 0);
	assert_int_equal(output_seal(out, &made, &live_id, &spare_id, f->d),
	    0);
	assert_int_equal(output_commit(out, &spare, f->d), 0);
	output_manifest_free(&made);
	for (i = 0; i < f->jobs; i++)
		arena_free(b.workers[i].a);
	free(b.workers);
	return dir;
}

static void
test_feed_documents_validate(void **state)
{
	struct fx	*f = *state;
	struct post	*posts[2];
	const char	*dir;

	f->conf.hub = "https://hub.example.net/";
	f->conf.description = "Hours, prices & incidents";
	two_posts(f, posts);
	posts[1]->lang = "es";
	dir = build_feeds(f, "public", posts, 2);
	assert_int_equal(diags_count(f->d), 0);

	assert_atom_valid(arena_printf(f->a, "%s/feeds/atom.xml", dir));
	assert_atom_valid(arena_printf(f->a, "%s/feeds/digest.xml", dir));
	assert_atom_valid(arena_printf(f->a, "%s/feeds/archive/2012-12.xml",
	    dir));
	assert_atom_valid(arena_printf(f->a, "%s/tags/support/atom.xml", dir));
	assert_atom_valid(arena_printf(f->a, "%s/tags/billing/atom.xml", dir));

	assert_feedcheck(f, arena_printf(f->a, "%s/feeds/atom.xml", dir),
	    "--expect atom10 --min-entries 2");
	assert_feedcheck(f, arena_printf(f->a, "%s/feeds/rss.xml", dir),
	    "--expect rss20 --min-entries 2");
	assert_feedcheck(f, arena_printf(f->a, "%s/feeds/digest.xml", dir),
	    "--expect atom10 --min-entries 2");
	assert_feedcheck(f, arena_printf(f->a, "%s/feeds/archive/2012-12.xml",
	    dir), "--expect atom10 --min-entries 2");
	assert_feedcheck(f, arena_printf(f->a, "%s/tags/support/atom.xml",
	    dir), "--expect atom10 --min-entries 2");
	assert_feedcheck(f, arena_printf(f->a, "%s/tags/support/rss.xml",
	    dir), "--expect rss20 --min-entries 2");
	assert_feedcheck(f, arena_printf(f->a, "%s/tags/billing/rss.xml",
	    dir), "--expect rss20 --min-entries 1");
	assert_true(file_exists(arena_printf(f->a, "%s/feeds/feed.json",
	    dir)));
	assert_true(file_exists(arena_printf(f->a, "%s/sitemap.xml", dir)));
	assert_non_null(strstr(slurp(f, arena_printf(f->a,
	    "%s/feeds/rss.xml", dir)), "<atom:link rel=\"hub\" "
	    "href=\"https://hub.example.net/\"/>"));
	assert_non_null(strstr(slurp(f, arena_printf(f->a,
	    "%s/feeds/atom.xml", dir)), "<link rel=\"hub\" "
	    "href=\"https://hub.example.net/\"/>"));
	assert_non_null(strstr(slurp(f, arena_printf(f->a,
	    "%s/tags/support/atom.xml", dir)), "<title>Example News \xc2\xb7 "
	    "Support</title>"));
	assert_non_null(strstr(slurp(f, arena_printf(f->a,
	    "%s/feeds/digest.xml", dir)), "<title>Example News \xc2\xb7 "
	    "Daily news</title>"));
	assert_non_null(strstr(slurp(f, arena_printf(f->a,
	    "%s/feeds/atom.xml", dir)), "<entry xml:lang=\"es\">"));

	/* Entries made on this thread give the same bytes. */
	f->jobs = 0;
	build_feeds(f, "serial", posts, 2);
	assert_int_equal(system(arena_printf(f->a, "diff -r %s %s/serial",
	    dir, f->tmp)), 0);
}

static void
test_feed_hostile_content(void **state)
{
	struct fx	*f = *state;
	struct post	*posts[2];
	struct value	*meta, *v;
	const char	*dir, *html;
	char		*atom, *rss, *diags;

	html = "<p>Code: <code>a]]&gt;b</code> ]]> &amp;amp; "
	    "<script>if (a < b && c) { x(\"]]>\"); }</script> "
	    "\xf0\x9f\x8e\x84 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
	    "<span dir=\"rtl\">\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7</span>"
	    " page\x0c" "break <a href=\"x.html\">x</a></p>\n";
	posts[0] = mkpost(f, "hostile", "Tree \xf0\x9f\x8e\x84 ]]> & "
	    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\x0c", T0 + 3600, html);
	posts[0]->summary = "Summary with a form feed\x0c here";
	meta = value_map(f->a);
	v = value_string(f->a, posts[0]->title);
	v->line = 2;
	value_map_set(f->a, meta, "title", v);
	posts[0]->fm.meta = meta;
	posts[1] = mkpost(f, "plain", "Plain", T0, "<p>plain</p>\n");
	dir = build_feeds(f, "public", posts, 2);

	/* One warning per field, once for every feed; the body's line is not
	 * known, the title's is. */
	diags = tu_diags(f->d);
	assert_string_equal(diags,
	    "content/posts/hostile.md: warning: content: U+000C dropped from "
	    "feeds (not allowed in XML 1.0)\n"
	    "content/posts/hostile.md:2: warning: title: U+000C dropped from "
	    "feeds (not allowed in XML 1.0)\n");
	free(diags);

	assert_atom_valid(arena_printf(f->a, "%s/feeds/atom.xml", dir));
	assert_atom_valid(arena_printf(f->a, "%s/feeds/digest.xml", dir));
	assert_atom_valid(arena_printf(f->a, "%s/feeds/archive/2012-12.xml",
	    dir));
	assert_feedcheck(f, arena_printf(f->a, "%s/feeds/atom.xml", dir),
	    "--expect atom10 --min-entries 2");
	assert_feedcheck(f, arena_printf(f->a, "%s/feeds/rss.xml", dir),
	    "--expect rss20 --min-entries 2");
	assert_feedcheck(f, arena_printf(f->a, "%s/feeds/digest.xml", dir),
	    "--expect atom10 --min-entries 1");

	atom = slurp(f, arena_printf(f->a, "%s/feeds/atom.xml", dir));
	rss = slurp(f, arena_printf(f->a, "%s/feeds/rss.xml", dir));
	assert_null(strchr(atom, '\x0c'));
	assert_null(strchr(rss, '\x0c'));
	assert_non_null(strstr(atom, "<title>Tree \xf0\x9f\x8e\x84 ]]&gt; "
	    "&amp; \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d</title>"));
	/* Scripts never reach a feed; the text around them does. */
	assert_null(strstr(atom, "&lt;script"));
	assert_null(strstr(rss, "&lt;script"));
	assert_null(strstr(rss, "<script"));
	assert_non_null(strstr(atom, "&amp;amp;amp;  \xf0\x9f\x8e\x84"));
	assert_non_null(strstr(atom,
	    "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7"));
	assert_non_null(strstr(atom, " pagebreak &lt;a href=&quot;https://news."
	    "example.com/2012/12/x.html&quot;&gt;"));
	assert_non_null(strstr(rss, "<description>Summary with a form feed "
	    "here</description>"));
	assert_null(strstr(rss, "CDATA"));
}

static void
test_feed_ids_stable(void **state)
{
	struct fx		*f = *state;
	struct post		*p;
	struct feed_item	 it1, it2;
	const struct feed_item	*ptr;
	struct feed_doc		 doc;
	struct buf		 a1 = BUF_INIT, a2 = BUF_INIT;
	const char		*id1, *id2;

	p = mkpost(f, "outage", "Outage", T0, "<p>x</p>");
	make_items(f, &it1, &ptr, &p, 1);
	site_doc(f, &doc, &ptr, 1, BASE "feeds/atom.xml");
	assert_int_equal(feed_atom(&a1, &doc, f->d), 0);
	p->title = "Outage resolved";
	make_items(f, &it2, &ptr, &p, 1);
	assert_int_equal(feed_atom(&a2, &doc, f->d), 0);
	assert_string_equal(it1.id, it2.id);
	id1 = strstr(buf_cstr(&a1), "<entry>");
	id2 = strstr(buf_cstr(&a2), "<entry>");
	id1 = strstr(id1, "<id>");
	id2 = strstr(id2, "<id>");
	assert_memory_equal(id1, id2, strcspn(id1, "\n"));
	assert_string_equal(strstr(id1, "<published>"),
	    strstr(id2, "<published>"));
	assert_non_null(strstr(buf_cstr(&a2), "<title>Outage resolved"));
	buf_free(&a1);
	buf_free(&a2);
}

/* The href of <link rel="REL"> in the feed element of "doc", or NULL. */
static char *
feed_link(struct fx *f, xmlDocPtr doc, const char *rel)
{
	xmlNodePtr	 n;
	xmlChar		*r, *h;
	char		*href = NULL;

	for (n = xmlDocGetRootElement(doc)->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "link") != 0)
			continue;
		r = xmlGetProp(n, BAD_CAST "rel");
		if (r != NULL && strcmp((const char *)r, rel) == 0) {
			h = xmlGetProp(n, BAD_CAST "href");
			href = arena_strdup(f->a, (const char *)h);
			xmlFree(h);
		}
		xmlFree(r);
		if (href != NULL)
			break;
	}
	return href;
}

/* The text of an element, in the arena. */
static char *
text(struct fx *f, xmlNodePtr n)
{
	xmlChar	*s = xmlNodeGetContent(n);
	char	*r = arena_strdup(f->a, (const char *)s);

	xmlFree(s);
	return r;
}

/* The file of the site under "dir" that an absolute URL names. */
static char *
local(struct fx *f, const char *dir, const char *url)
{
	assert_true(strncmp(url, BASE, strlen(BASE)) == 0);
	return arena_printf(f->a, "%s/%s", dir, url + strlen(BASE));
}

static void
test_feed_archive_chain(void **state)
{
	struct fx	*f = *state;
	struct post	*posts[7];
	const char	*dir, *seen[8];
	char		*url, *next, *path, *upd, *arch[4], *arch2[4];
	xmlDocPtr	 doc;
	xmlNodePtr	 n, c;
	size_t		 i, nseen = 0, ndocs = 0;
	static const int64_t	 day = 86400;

	/* March (2), February (none), January (3), December (2). */
	posts[0] = mkpost(f, "m2", "March 2", T0 + 85 * day, "<p>m</p>");
	posts[1] = mkpost(f, "m1", "March 1", T0 + 80 * day, "<p>m</p>");
	posts[2] = mkpost(f, "j3", "January 3", T0 + 40 * day, "<p>j</p>");
	posts[2]->updated = T0 + 90 * day;
	posts[3] = mkpost(f, "j2", "January 2", T0 + 30 * day, "<p>j</p>");
	posts[4] = mkpost(f, "j1", "January 1", T0 + 20 * day, "<p>j</p>");
	posts[5] = mkpost(f, "d2", "December 2", T0 + day, "<p>d</p>");
	posts[6] = mkpost(f, "d1", "December 1", T0, "<p>d</p>");
	f->conf.feed_entries = 3;
	dir = build_feeds(f, "public", posts, 7);
	assert_int_equal(diags_count(f->d), 0);

	/* From the subscription feed back through every archive. */
	assert_non_null(doc = xmlReadFile(arena_printf(f->a,
	    "%s/feeds/atom.xml", dir), NULL, XML_PARSE_NONET));
	url = feed_link(f, doc, "prev-archive");
	assert_string_equal(url, BASE "feeds/archive/2013-03.xml");
	xmlFreeDoc(doc);
	next = NULL;
	while (url != NULL) {
		path = local(f, dir, url);
		arch[ndocs++] = slurp(f, path);
		assert_atom_valid(path);
		assert_feedcheck(f, path, "--expect atom10 --min-entries 2");
		assert_non_null(doc = xmlReadFile(path, NULL, XML_PARSE_NONET));
		assert_non_null(strstr(arch[ndocs - 1], "<fh:archive/>"));
		assert_string_equal(feed_link(f, doc, "current"),
		    BASE "feeds/atom.xml");
		assert_string_equal(feed_link(f, doc, "self"), url);
		if (next == NULL)
			assert_null(feed_link(f, doc, "next-archive"));
		else
			assert_string_equal(feed_link(f, doc, "next-archive"),
			    next);
		upd = NULL;
		for (n = xmlDocGetRootElement(doc)->children; n != NULL;
		    n = n->next) {
			if (n->type != XML_ELEMENT_NODE)
				continue;
			if (strcmp((const char *)n->name, "updated") == 0)
				upd = text(f, n);
			if (strcmp((const char *)n->name, "entry") != 0)
				continue;
			for (c = n->children; c != NULL; c = c->next)
				if (c->type == XML_ELEMENT_NODE &&
				    strcmp((const char *)c->name, "id") == 0) {
					assert_true(nseen < 8);
					seen[nseen++] = text(f, c);
				}
		}
		/* An archive's updated is its newest entry's. */
		if (ndocs == 2)
			assert_string_equal(upd, "2013-03-19T20:56:00Z");
		if (ndocs == 3)
			assert_string_equal(upd, "2012-12-20T20:56:00Z");
		next = url;
		url = feed_link(f, doc, "prev-archive");
		xmlFreeDoc(doc);
	}
	assert_int_equal(ndocs, 3);
	assert_int_equal(nseen, 7);
	for (i = 0; i < 7; i++)
		assert_string_equal(seen[i], posts[i]->id);

	/*
	 * A post in a new month changes the newest archive's next-archive
	 * link and nothing in the older ones.
	 */
	{
		struct post	*more[8];
		struct fx	 g = *f;

		more[0] = mkpost(f, "a1", "April 1", T0 + 110 * day,
		    "<p>a</p>");
		memcpy(more + 1, posts, sizeof(posts));
		dir = build_feeds(&g, "public2", more, 8);
		arch2[0] = slurp(f, arena_printf(f->a,
		    "%s/feeds/archive/2013-03.xml", dir));
		arch2[1] = slurp(f, arena_printf(f->a,
		    "%s/feeds/archive/2013-01.xml", dir));
		arch2[2] = slurp(f, arena_printf(f->a,
		    "%s/feeds/archive/2012-12.xml", dir));
		assert_string_not_equal(arch2[0], arch[0]);
		assert_string_equal(arch2[1], arch[1]);
		assert_string_equal(arch2[2], arch[2]);
		assert_non_null(strstr(arch2[0], "<link rel=\"next-archive\" "
		    "type=\"application/atom+xml\" href=\"https://news.example."
		    "com/feeds/archive/2013-04.xml\"/>\n"));
	}
}

static void
test_feed_digest(void **state)
{
	struct fx		*f = *state;
	struct post		*posts[5];
	struct feed_item	 items[5], *days;
	const struct feed_item	*ptrs[5];
	size_t			 ndays;
	static const int64_t	 hour = 3600;

	posts[0] = mkpost(f, "c", "Third <news>", T0 + 3 * hour, "<p>c</p>");
	posts[1] = mkpost(f, "b", "Second", T0 + 2 * hour, "<p>b</p>");
	posts[1]->updated = T0 + 50 * hour;
	posts[2] = mkpost(f, "a", "First", T0 + hour, "<p>a</p>");
	posts[2]->summary = "";
	posts[3] = mkpost(f, "y", "Yesterday", T0 - 24 * hour, "<p>y</p>");
	posts[4] = mkpost(f, "z", "Before", T0 - 48 * hour, "<p>z</p>");
	make_items(f, items, ptrs, posts, 5);

	assert_int_equal(feed_digest_items(&days, &ndays, items, 5, 20,
	    &f->conf, f->conf.title, NULL, &hooks, f->a, f->d), 0);
	assert_int_equal(ndays, 3);
	assert_string_equal(days[0].title, "Third <news> plus 2 more");
	assert_string_equal(days[0].id,
	    "tag:news.example.com,2012-12-19:/feeds/digest.xml");
	assert_string_equal(days[0].link, posts[0]->permalink);
	assert_string_equal(days[0].published, "2012-12-19T21:56:00Z");
	assert_string_equal(days[0].updated, "2012-12-21T22:56:00Z");
	assert_string_equal(days[0].author, "Ana Pérez");
	assert_string_equal(days[0].content, "<ul>"
	    "<li><a href=\"https://news.example.com/2012/12/c.html\">"
	    "Third &lt;news&gt;</a><p>About c.</p></li>"
	    "<li><a href=\"https://news.example.com/2012/12/b.html\">"
	    "Second</a><p>About b.</p></li>"
	    "<li><a href=\"https://news.example.com/2012/12/a.html\">"
	    "First</a></li></ul>");
	/* A day of one post is titled with the post's title. */
	assert_string_equal(days[1].title, "Yesterday");
	assert_string_equal(days[1].id,
	    "tag:news.example.com,2012-12-18:/feeds/digest.xml");
	assert_string_equal(days[2].title, "Before");

	assert_int_equal(feed_digest_items(&days, &ndays, items, 5, 2,
	    &f->conf, f->conf.title, NULL, &hooks, f->a, f->d), 0);
	assert_int_equal(ndays, 2);
	assert_int_equal(diags_count(f->d), 0);

	/* Posts by different people: the site is the digest's author. */
	posts[1]->author = "Luis";
	make_items(f, items, ptrs, posts, 5);
	assert_int_equal(feed_digest_items(&days, &ndays, items, 5, 1,
	    &f->conf, f->conf.title, NULL, &hooks, f->a, f->d), 0);
	assert_string_equal(days[0].author, "Example News");
}

static void
test_feed_digest_title_error(void **state)
{
	struct fx		*f = *state;
	struct post		*posts[2];
	struct feed_item	 items[2], *days;
	const struct feed_item	*ptrs[2];
	struct feed_hooks	 h = hooks;
	size_t			 ndays;
	char			*diags;

	posts[0] = mkpost(f, "b", "Second", T0 + 60, "<p>b</p>");
	posts[1] = mkpost(f, "a", "First", T0, "<p>a</p>");
	make_items(f, items, ptrs, posts, 2);
	h.format = fmt_fail;
	assert_int_equal(feed_digest_items(&days, &ndays, items, 2, 20,
	    &f->conf, f->conf.title, NULL, &h, f->a, f->d), -1);
	/* The entry is still whole, titled with the newest post. */
	assert_int_equal(ndays, 1);
	assert_string_equal(days[0].title, "Second");
	diags = tu_diags(f->d);
	assert_string_equal(diags, "i18n/en.yaml:3:15: error: digest_title: "
	    "argument \"count\" is not used\n");
	free(diags);
}

/*
 * The hooks a build passes: datefmt's dates in the posts' zone and the
 * built-in catalogs' digest titles, in the site's language.
 */
static void
test_feed_real_catalogs(void **state)
{
	static const struct feed_hooks	 real = { datefmt_rfc3339,
					    datefmt_rfc822, i18n_format,
					    i18n_get, NULL };
	struct fx			*f = *state;
	struct i18n			*cat = i18n_new();
	struct post			*posts[4];
	struct feed_item		 items[4], *days;
	size_t				 ndays, i;

	posts[0] = mkpost(f, "c", "Tercero", T0 + 7200, "<p>c</p>");
	posts[1] = mkpost(f, "b", "Segundo", T0 + 3600, "<p>b</p>");
	posts[2] = mkpost(f, "a", "Primero", T0, "<p>a</p>");
	posts[3] = mkpost(f, "z", "Antes", T0 - 86400, "<p>z</p>");
	f->conf.timezone = "America/Los_Angeles";
	for (i = 0; i < 4; i++) {
		posts[i]->tz = "America/Los_Angeles";
		datefmt_daykey(posts[i]->daykey, posts[i]->date,
		    "America/Los_Angeles");
		feed_item_make(&items[i], posts[i], &f->conf, f->conf.title,
		    &real, f->a, f->d);
	}
	assert_string_equal(items[2].published, "2012-12-19T12:56:00-08:00");
	assert_string_equal(items[2].pub822, "Wed, 19 Dec 2012 12:56:00 -0800");

	f->conf.locale = "es";
	assert_int_equal(feed_digest_items(&days, &ndays, items, 4, 20,
	    &f->conf, f->conf.title, cat, &real, f->a, f->d), 0);
	assert_int_equal(ndays, 2);
	assert_string_equal(days[0].title, "Tercero y 2 m\xc3\xa1s");
	assert_string_equal(days[0].id,
	    "tag:news.example.com,2012-12-19:/feeds/digest.xml");
	assert_string_equal(days[1].title, "Antes");

	f->conf.locale = "en";
	assert_int_equal(feed_digest_items(&days, &ndays, items + 1, 2, 20,
	    &f->conf, f->conf.title, cat, &real, f->a, f->d), 0);
	assert_int_equal(ndays, 1);
	assert_string_equal(days[0].title, "Segundo plus 1 more");
	assert_int_equal(diags_count(f->d), 0);
	i18n_free(cat);
}

static const char golden_sitemap[] =
"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
"  <url>\n"
"    <loc>https://news.example.com/</loc>\n"
"    <lastmod>2013-01-10T20:56:00Z</lastmod>\n"
"  </url>\n"
"  <url>\n"
"    <loc>https://news.example.com/2013/01/b.html</loc>\n"
"    <lastmod>2013-01-10T20:56:00Z</lastmod>\n"
"  </url>\n"
"  <url>\n"
"    <loc>https://news.example.com/2012/12/a.html</loc>\n"
"    <lastmod>2012-12-21T20:56:00Z</lastmod>\n"
"  </url>\n"
"  <url>\n"
"    <loc>https://news.example.com/about/</loc>\n"
"    <lastmod>2012-12-19T20:56:00Z</lastmod>\n"
"  </url>\n"
"  <url>\n"
"    <loc>https://news.example.com/contact/</loc>\n"
"    <lastmod>2012-12-19T20:56:00Z</lastmod>\n"
"  </url>\n"
"  <url>\n"
"    <loc>https://news.example.com/tags/dns/</loc>\n"
"    <lastmod>2012-12-21T20:56:00Z</lastmod>\n"
"  </url>\n"
"  <url>\n"
"    <loc>https://news.example.com/2013/</loc>\n"
"    <lastmod>2013-01-10T20:56:00Z</lastmod>\n"
"  </url>\n"
"  <url>\n"
"    <loc>https://news.example.com/2013/01/</loc>\n"
"    <lastmod>2013-01-10T20:56:00Z</lastmod>\n"
"  </url>\n"
"  <url>\n"
"    <loc>https://news.example.com/2012/</loc>\n"
"    <lastmod>2012-12-21T20:56:00Z</lastmod>\n"
"  </url>\n"
"  <url>\n"
"    <loc>https://news.example.com/2012/12/</loc>\n"
"    <lastmod>2012-12-21T20:56:00Z</lastmod>\n"
"  </url>\n"
"</urlset>\n";

static void
test_feed_sitemap(void **state)
{
	struct fx	*f = *state;
	struct post	*posts[2], *pages[2];
	struct tag	 t;
	struct build	 b;
	struct buf	 out = BUF_INIT;

	posts[0] = mkpost(f, "b", "B", T0 + 22 * 86400, "<p>b</p>");
	posts[1] = mkpost(f, "a", "A", T0, "<p>a</p>");
	posts[1]->updated = T0 + 2 * 86400;
	pages[0] = mkpost(f, "contact", "Contact", T0, "");
	pages[0]->url = "/contact/";
	pages[0]->permalink = BASE "contact/";
	pages[1] = mkpost(f, "about", "About", T0, "");
	pages[1]->url = "/about/";
	pages[1]->permalink = BASE "about/";
	t.name = "DNS";
	t.slug = "dns";
	t.posts = posts + 1;
	t.n = 1;
	memset(&b, 0, sizeof(b));
	b.conf = &f->conf;
	b.posts = posts;
	b.nposts = 2;
	b.all = posts;
	b.nall = 2;
	b.pages = pages;
	b.npages = 2;
	b.tags = &t;
	b.ntags = 1;
	assert_int_equal(feed_sitemap(&out, &b, &hooks, f->a, f->d), 0);
	assert_string_equal(buf_cstr(&out), golden_sitemap);
	buf_free(&out);
}

static void
test_feed_empty_site(void **state)
{
	struct fx	*f = *state;
	const char	*dir;
	char		*atom;

	dir = build_feeds(f, "public", NULL, 0);
	atom = slurp(f, arena_printf(f->a, "%s/feeds/atom.xml", dir));
	assert_non_null(strstr(atom,
	    "<updated>1970-01-01T00:00:00Z</updated>"));
	assert_null(strstr(atom, "prev-archive"));
	assert_atom_valid(arena_printf(f->a, "%s/feeds/atom.xml", dir));
	assert_atom_valid(arena_printf(f->a, "%s/feeds/digest.xml", dir));
	assert_string_equal(slurp(f, arena_printf(f->a, "%s/feeds/feed.json",
	    dir)), "{\n"
	    "  \"version\": \"https://jsonfeed.org/version/1.1\",\n"
	    "  \"title\": \"Example News\",\n"
	    "  \"home_page_url\": \"https://news.example.com/\",\n"
	    "  \"feed_url\": \"https://news.example.com/feeds/feed.json\",\n"
	    "  \"language\": \"en\",\n"
	    "  \"authors\": [{\"name\": \"Example News\"}],\n"
	    "  \"items\": []\n"
	    "}\n");
	assert_int_equal(diags_count(f->d), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_feed_cmark_absolute_links,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_atom_golden,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_rss_golden,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_json_golden,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_xml_clean,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_absolute_links,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_absolute_links_deep,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_documents_validate,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_hostile_content,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_ids_stable,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_archive_chain,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_shared_entries,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_copied_entries,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_digest,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_digest_title_error,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_real_catalogs,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_sitemap,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_feed_empty_site,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
