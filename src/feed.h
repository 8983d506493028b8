/*
 * feed: the documents that subscribers and crawlers read.
 *
 *   /feeds/atom.xml, /feeds/rss.xml     Atom 1.0 (RFC 4287), RSS 2.0
 *   /feeds/feed.json                    JSON Feed 1.1
 *   /tags/SLUG/atom.xml, rss.xml        the same, per tag
 *   /feeds/digest.xml                   Atom, one entry per day
 *   /feeds/archive/YYYY-MM.xml          RFC 5005 archived feed documents
 *   /sitemap.xml                        sitemaps.org 0.9
 *
 * XML is written with libxml2's xmlTextWriter, which does all escaping;
 * JSON by hand through one escaping helper.  Post text is first made safe
 * for XML 1.0 (characters it forbids are dropped, with a warning naming
 * the post), and links inside post content are made absolute against the
 * post's URL, since a feed reader shows the content away from the site.
 *
 * Everything written depends on the posts and site.yaml alone, never on
 * the build time: a feed's "updated" is its newest entry's, an empty
 * feed's is the epoch.  Order is the build's: newest first, ties by path.
 *
 * Dates and UI strings come through "struct feed_hooks" (datefmt and i18n
 * in a build), so the writers can be tested with fixed formatters.
 */
#ifndef HERALDO_FEED_H
#define HERALDO_FEED_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct build;
struct diags;
struct i18n;
struct post;
struct siteconf;
struct value;
struct worker;

/*
 * What the feeds need from other modules.  A build passes
 *	{ datefmt_rfc3339, datefmt_rfc822, i18n_format, i18n_get, pool_run }.
 * The functions must be thread-safe and may not depend on the machine's
 * zone or locale.  "lookup" may be NULL (built-in English names then).
 * "run" (with b->workers) prepares the entries on the worker threads,
 * allocating in each worker's arena; NULL prepares them on this thread.
 */
struct feed_hooks {
	void		(*rfc3339)(char out[32], int64_t t, const char *tz);
	void		(*rfc822)(char out[40], int64_t t, const char *tz);
	int		(*format)(struct buf *out, const struct i18n *,
			    const char *lang, const char *key,
			    const struct value *args, struct diags *d);
	const char	*(*lookup)(const struct i18n *, const char *lang,
			    const char *key);
	void		(*run)(struct worker *, unsigned jobs, size_t n,
			    void (*fn)(struct worker *, size_t, void *),
			    void *arg);
};

/*
 * One entry as every feed writes it: text cleaned for XML 1.0, content
 * with absolute links, dates formatted in the post's zone.  Strings are
 * NUL-terminated and borrowed from the post or allocated in the arena
 * given to feed_item_make.  "updated" is never before "published".
 */
struct feed_written;

struct feed_item {
	const struct post	*post;		/* NULL for a digest entry */
	const char		*title;
	const char		*link;		/* absolute */
	const char		*id;		/* RFC 4287 4.2.6: stable */
	const char		*author;	/* never empty */
	const char		*summary;	/* plain text; "" if none */
	const char		*content;	/* HTML; NULL: left out */
	const char		*content_xml;	/* escaped as XML text, or NULL */
	size_t			 content_xml_len;
	/*
	 * How many documents of this build write it: in several, its
	 * content is escaped once and its entry written once a format
	 * (Atom, RSS), the others copying those bytes.
	 */
	unsigned		 docs;
	_Atomic(struct feed_written *) written[2];
	const char		*lang;		/* BCP 47; NULL: the feed's */
	const char		**tags;
	size_t			 ntags;
	int64_t			 t_published, t_updated;
	char			 published[32];	/* RFC 3339 */
	char			 updated[32];
	char			 pub822[40];	/* RFC 822, English */
	char			 upd822[40];
};

/* Bytes [off, off + len) of a document. */
struct feed_span {
	size_t	 off, len;
};

/*
 * One feed document.  URLs are absolute.  Optional members are NULL.
 * The feed's "updated" is the newest "updated" of its items.
 */
struct feed_doc {
	const char		*title;
	const char		*subtitle;	/* NULL or "": none */
	const char		*lang;		/* BCP 47; NULL or "": none */
	const char		*id;		/* Atom only */
	const char		*self;
	const char		*alternate;	/* the HTML page it follows */
	const char		*author;	/* the feed's: the site title */
	const char		*hub;		/* WebSub hub */
	const char		*current;	/* RFC 5005 links, Atom only */
	const char		*prev_archive;
	const char		*next_archive;
	bool			 archive;	/* <fh:archive/> */
	const struct feed_item	*const *items;
	size_t			 nitems;
	/*
	 * Atom and RSS: entries copied instead of written (NULL: none).
	 * Where copy[i].len is not 0, old[copy[i].off..] holds items[i]'s
	 * entry as the same writer made it for this document before.
	 * "spans", when not NULL, receives where each entry went.
	 */
	const char		*old;
	const struct feed_span	*copy;
	struct feed_span	*spans;
};

/*
 * Copy s[0..len) without the characters XML 1.0 does not allow (C0
 * controls but tab, LF and CR; U+FFFE, U+FFFF) and without bytes that are
 * not well-formed UTF-8.  Returns how many characters were dropped; *out
 * is "s" itself when none was (and s[len] is NUL), else a copy in "a".
 * *first (if not NULL) receives the first dropped code point, or -1 for
 * a malformed byte.
 */
size_t	feed_xml_clean(const char **out, long *first, const char *s,
	    size_t len, struct arena *a);

/*
 * The HTML fragment html[0..len) with every link and media source (href,
 * src, srcset, poster, cite, action, formaction, object data) made
 * absolute against "base", parsed with libxml2's HTML parser.  Returns
 * "html" itself when nothing changed (and html[len] is NUL), else a new
 * serialization in "a".  Never fails: a value that is no URI reference
 * even once percent-encoded is left as it is.
 */
const char *feed_html_absolute(const char *html, size_t len,
	    const char *base, struct arena *a);

/*
 * The same for HTML written by cmark-gfm with raw HTML omitted (the
 * default): links are found by a scan of its href="..." and src="..."
 * attributes, without an HTML parser.  Quotes inside the result are
 * escaped as buf_put_html does.
 */
const char *feed_cmark_absolute(const char *html, size_t len,
	    const char *base, struct arena *a);

/*
 * Fill *it from post "p": clean every text for XML 1.0, warning once per
 * field at p->path (with the front matter line when the field came from
 * there), make content links absolute when c->feed_full is set, format
 * the dates with "h".  "site_title" is the author when the post has none.
 */
void	feed_item_make(struct feed_item *it, const struct post *p,
	    const struct siteconf *c, const char *site_title,
	    const struct feed_hooks *h, struct arena *a, struct diags *d);

/*
 * The daily digest's entries: items[0..n) (newest first, each with its
 * post) grouped by the post's day (post->daykey, the site's zone), at
 * most "maxdays" days, newest first.  A day of one post is titled with
 * the post's title; a longer one with the message "digest_title"
 * ({title}: the newest post's, {count}: how many more) in c->locale.
 * Content lists the day's posts with links and summaries.  Returns 0, or
 * -1 if a title could not be formatted (the error is in "d").
 */
int	feed_digest_items(struct feed_item **out, size_t *nout,
	    const struct feed_item *items, size_t n, size_t maxdays,
	    const struct siteconf *c, const char *site_title,
	    const struct i18n *i18n, const struct feed_hooks *h,
	    struct arena *a, struct diags *d);

/*
 * Append the Atom 1.0 / RSS 2.0 document "doc" to "out".  Items carry
 * their content only when it is not NULL.  RSS ignores the RFC 5005
 * links.  Return 0, or -1 after recording an error if libxml2 failed.
 */
int	feed_atom(struct buf *out, const struct feed_doc *doc,
	    struct diags *d);
int	feed_rss(struct buf *out, const struct feed_doc *doc,
	    struct diags *d);

/* Append "doc" as a JSON Feed 1.1 document (UTF-8, two-space indent). */
void	feed_json(struct buf *out, const struct feed_doc *doc);

/*
 * Append the sitemap of the build: the home page, every post with a page
 * and every stand-alone page (lastmod: updated), the tag pages and the
 * year and month archives (lastmod: their newest post's).  Returns 0, or
 * -1 after recording an error if libxml2 failed.
 */
int	feed_sitemap(struct buf *out, const struct build *b,
	    const struct feed_hooks *h, struct arena *a, struct diags *d);

/*
 * Write every feed document and the sitemap of build "b" through
 * b->out; warnings and errors go to b->d.  Call after render_prepare
 * (it reads b->tags) from the thread that owns the build:
 *
 *	static const struct feed_hooks hooks = { datefmt_rfc3339,
 *	    datefmt_rfc822, i18n_format, i18n_get, pool_run };
 *	feed_write_all(&b, &hooks);
 *
 * Returns 0, or -1 if an error was recorded.
 */
int	feed_write_all(const struct build *b, const struct feed_hooks *h);

/*
 * List and key every feed document before the pages are made, marking
 * the posts of the documents that must be written again as needed
 * (render.h); feed_write_all then writes them and frees the plan, which
 * b->feeds holds.  feed_plan_free drops a plan not written (NULL-safe).
 */
struct feed_plan;
struct feed_plan *feed_plan(struct build *b);
void	feed_plan_free(struct feed_plan *);

/*
 * Make the sitemap, when it must be written again, on a thread of its
 * own while the pages are made: once every post is final (loaded), and
 * before feed_write_all, which waits for it.
 */
void	feed_sitemap_begin(const struct build *b, const struct feed_hooks *h);

#endif /* !HERALDO_FEED_H */
