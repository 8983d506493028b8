/*
 * feed: Atom 1.0 (RFC 4287), RSS 2.0, JSON Feed 1.1, the daily digest,
 * RFC 5005 archived feeds and the sitemap.  See feed.h.
 *
 * XML goes through libxml2's xmlTextWriter, which escapes text and
 * attributes; nothing here pastes markup into strings.  libxml2 writes
 * whatever bytes it is given, so text is first cleaned of what XML 1.0
 * forbids (feed_xml_clean).  Post content is parsed with libxml2's HTML
 * parser only to make its links absolute, and serialized again only when
 * a link changed, so content without relative links reaches the feed
 * byte for byte.
 */
#define _GNU_SOURCE	/* strcasestr */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlwriter.h>

#include "arena.h"
#include "buf.h"
#include "cache.h"
#include "config.h"
#include "diag.h"
#include "feed.h"
#include "output.h"
#include "pool.h"
#include "hours.h"
#include "post.h"
#include "render.h"
#include "scan.h"
#include "url.h"
#include "util.h"
#include "value.h"

#ifndef HERALDO_VERSION
#define HERALDO_VERSION	"0.0.0"
#endif

#define NS_ATOM		"http://www.w3.org/2005/Atom"
#define NS_FH		"http://purl.org/syndication/history/1.0"
#define NS_CONTENT	"http://purl.org/rss/1.0/modules/content/"
#define NS_DC		"http://purl.org/dc/elements/1.1/"
#define NS_SITEMAP	"http://www.sitemaps.org/schemas/sitemap/0.9"
#define TYPE_ATOM	"application/atom+xml"
#define TYPE_RSS	"application/rss+xml"
#define TYPE_HTML	"text/html"
/* RFC 4287 needs an "updated" even in a feed without entries. */
#define EPOCH_3339	"1970-01-01T00:00:00Z"
/* Characters a URI may hold that xmlURIEscapeStr must leave alone. */

/*
 * The length of the well-formed UTF-8 sequence at s[0..len) and its code
 * point in *cp, or 0 (Unicode 15, table 3-7: no overlongs, no surrogates).
 */

static size_t
utf8_decode(long *cp, const unsigned char *s, size_t len)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 n, i;
	long		 c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = c;
	return n;
}

/* XML 1.0, production [2] Char; surrogates never decode. */
static bool
xml_char_ok(long c)
{
	if (c < 0x20)
		return c == '\t' || c == '\n' || c == '\r';
	return c != 0xfffe && c != 0xffff;
}

size_t
feed_xml_clean(const char **out, long *first, const char *s, size_t len,
    struct arena *a)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			*copy = NULL;
	size_t			 i = 0, k, o = 0, dropped = 0;
	long			 c = 0;

	if (first != NULL)
		*first = 0;
	while (i < len) {
		/* Most text is plain: skip to the next byte worth a look. */
		if (copy == NULL) {
			i += scan_xml_suspect(s + i, len - i);
			o = i;
			if (i == len)
				break;
		}
		k = utf8_decode(&c, p + i, len - i);
		if (k > 0 && xml_char_ok(c)) {
			if (copy != NULL)
				memcpy(copy + o, s + i, k);
			o += k;
			i += k;
			continue;
		}
		if (copy == NULL) {
			copy = arena_alloc(a, len + 1);
			memcpy(copy, s, i);
		}
		if (dropped++ == 0 && first != NULL)
			*first = k > 0 ? c : -1;
		i += k > 0 ? k : 1;
	}
	if (copy == NULL) {
		*out = s;
		return 0;
	}
	copy[o] = '\0';
	*out = copy;
	return dropped;
}

/*
 * s[0..len) escaped, in "a" (s itself when nothing needs it), its length
 * in *outlen.  A post's content goes into several feed documents:
 * escaping it once saves each of them a pass and a copy.
 */
static const char *
xml_escape(const char *s, size_t len, size_t *outlen, struct arena *a)
{
	size_t	 n = scan_xml_escaped_len(s, len);
	char	*out;

	*outlen = n;
	if (n == len)
		return s;
	out = arena_alloc(a, n + SCAN_SLACK);
	*scan_xml_escape(out, s, len) = '\0';
	return out;
}

/* s[0..len) escaped, appended to b. */
static void
xml_escape_buf(struct buf *b, const char *s, size_t len)
{
	size_t	 n = scan_xml_escaped_len(s, len);

	if (n == len) {
		buf_put(b, s, len);
		return;
	}
	buf_grow(b, n + SCAN_SLACK);
	scan_xml_escape(b->data + b->len, s, len);
	b->len += n;
}

/* url_resolve's result as libxml2's string (xmlFree it), or NULL. */
static xmlChar *
resolve(const char *ref, const xmlChar *base)
{
	char	*r = url_resolve((const char *)base, ref, strlen(ref));
	xmlChar	*x = r != NULL ? xmlStrdup(BAD_CAST r) : NULL;

	free(r);
	return x;
}

/* A srcset ("a.png 1x, b.png 2x") with each candidate's URL resolved. */
static xmlChar *
resolve_srcset(const char *v, const xmlChar *base)
{
	struct buf	 b = BUF_INIT;
	const char	*s = v, *u, *desc;
	size_t		 ulen, dlen;
	xmlChar		*r, *one;

	for (;;) {
		while (*s == ',' || *s == ' ' || *s == '\t' || *s == '\n' ||
		    *s == '\r' || *s == '\f')
			s++;
		if (*s == '\0')
			break;
		u = s;
		s += strcspn(s, " \t\n\r\f");
		ulen = (size_t)(s - u);
		desc = s;
		dlen = 0;
		/* HTML: a URL ending in commas ends its candidate. */
		if (u[ulen - 1] == ',') {
			while (ulen > 0 && u[ulen - 1] == ',')
				ulen--;
		} else {
			while (*s != '\0' && *s != ',')
				s++;
			dlen = (size_t)(s - desc);
			while (dlen > 0 && strchr(" \t\n\r\f", *desc) != NULL) {
				desc++;
				dlen--;
			}
			while (dlen > 0 && strchr(" \t\n\r\f",
			    desc[dlen - 1]) != NULL)
				dlen--;
		}
		if (ulen == 0)
			continue;
		if (b.len > 0)
			buf_puts(&b, ", ");
		one = xmlStrndup((const xmlChar *)u, (int)ulen);
		r = one != NULL ? resolve((const char *)one, base) : NULL;
		if (r != NULL)
			buf_puts(&b, (const char *)r);
		else
			buf_put(&b, u, ulen);
		xmlFree(r);
		xmlFree(one);
		if (dlen > 0) {
			buf_putc(&b, ' ');
			buf_put(&b, desc, dlen);
		}
	}
	r = xmlStrdup((const xmlChar *)buf_cstr(&b));
	buf_free(&b);
	return r;
}

/* Whether attribute "attr" of element "el" holds a URL (or a srcset). */
static int
url_attr(const xmlChar *el, const xmlChar *attr)
{
	static const char *const	 names[] = { "href", "src", "poster",
					    "cite", "action", "formaction",
					    "longdesc", NULL };
	size_t				 i;

	if (xmlStrcasecmp(attr, BAD_CAST "srcset") == 0)
		return 2;
	if (xmlStrcasecmp(attr, BAD_CAST "data") == 0)
		return xmlStrcasecmp(el, BAD_CAST "object") == 0;
	for (i = 0; names[i] != NULL; i++)
		if (xmlStrcasecmp(attr, BAD_CAST names[i]) == 0)
			return 1;
	return 0;
}

static void
absolutize_element(xmlNodePtr n, const xmlChar *base, bool *changed)
{
	xmlAttrPtr	 at;
	xmlChar		*v, *r;
	int		 kind;

	for (at = n->properties; at != NULL; at = at->next) {
		if ((kind = url_attr(n->name, at->name)) == 0)
			continue;
		if ((v = xmlNodeGetContent((xmlNodePtr)at)) == NULL)
			continue;
		r = kind == 2 ? resolve_srcset((const char *)v, base) :
		    resolve((const char *)v, base);
		if (r != NULL && xmlStrEqual(r, v) == 0) {
			xmlSetProp(n, at->name, r);
			*changed = true;
		}
		xmlFree(r);
		xmlFree(v);
	}
}

/* Every element below "root", without recursion: HTML nests deeply. */
static void
absolutize_tree(xmlNodePtr root, const xmlChar *base, bool *changed)
{
	xmlNodePtr	 n = root;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE) {
			absolutize_element(n, base, changed);
			if (n->children != NULL) {
				n = n->children;
				continue;
			}
		}
		while (n != root && n->next == NULL)
			n = n->parent;
		if (n == root)
			break;
		n = n->next;
	}
}

const char *
feed_html_absolute(const char *html, size_t len, const char *base,
    struct arena *a)
{
	struct buf		 in = BUF_INIT;
	htmlParserCtxtPtr	 ctxt = NULL;
	htmlDocPtr		 doc = NULL;
	xmlNodePtr		 root, sec, k;
	xmlBufferPtr		 xb = NULL;
	xmlOutputBufferPtr	 ob;
	const char		*res = html;
	bool			 changed = false;

	if (len == 0 || len > INT_MAX - 16)
		return html;
	/*
	 * An opening <body> keeps a leading <style>, <script> or comment
	 * in the body, in its place, instead of the implied <head>.
	 */
	buf_puts(&in, "<body>");
	buf_put(&in, html, len);
	if ((ctxt = htmlNewParserCtxt()) == NULL)
		goto out;
	doc = htmlCtxtReadMemory(ctxt, in.data, (int)in.len, NULL, "UTF-8",
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	/*
	 * A parser stopped early (nesting deeper than libxml2 allows) left
	 * a truncated tree: keep the content whole, links as they are.
	 */
	if (doc == NULL || ctxt->disableSAX ||
	    (root = xmlDocGetRootElement(doc)) == NULL)
		goto out;
	absolutize_tree(root, (const xmlChar *)base, &changed);
	if (!changed)
		goto out;
	if ((xb = xmlBufferCreate()) == NULL ||
	    (ob = xmlOutputBufferCreateBuffer(xb, NULL)) == NULL)
		goto out;
	for (sec = root->children; sec != NULL; sec = sec->next) {
		if (sec->type == XML_ELEMENT_NODE &&
		    (xmlStrEqual(sec->name, BAD_CAST "body") ||
		    xmlStrEqual(sec->name, BAD_CAST "head")))
			for (k = sec->children; k != NULL; k = k->next)
				htmlNodeDumpFormatOutput(ob, doc, k, "UTF-8",
				    0);
		else
			htmlNodeDumpFormatOutput(ob, doc, sec, "UTF-8", 0);
	}
	if (xmlOutputBufferClose(ob) >= 0)
		res = arena_strndup(a, (const char *)xmlBufferContent(xb),
		    (size_t)xmlBufferLength(xb));
out:
	xmlBufferFree(xb);
	xmlFreeDoc(doc);
	htmlFreeParserCtxt(ctxt);
	buf_free(&in);
	return res;
}

/*
 * The same as feed_html_absolute for HTML that cmark-gfm wrote with raw
 * HTML left out (and heraldo's own blocks): there a URL only ever stands
 * in a double-quoted href="..." or src="..." attribute, whose quotes and
 * ampersands are escaped, so a scan finds every link without parsing.
 * Most of a full-content feed's cost was the HTML parser otherwise.
 */
/*
 * The value of the next ' href="' or ' src="' attribute in p[0..end):
 * found by its "=", which text escapes nowhere but is rare in.
 */
static const char *
next_url(const char *start, const char *end)
{
	const char	*p = start, *q;

	while ((q = memchr(p, '=', (size_t)(end - p))) != NULL) {
		p = q + 1;
		if (p == end || *p != '"')
			continue;
		if ((q - start >= 5 && memcmp(q - 5, " href", 5) == 0) ||
		    (q - start >= 4 && memcmp(q - 4, " src", 4) == 0))
			return p + 1;
	}
	return NULL;
}

const char *
feed_cmark_absolute(const char *html, size_t len, const char *base,
    struct arena *a)
{
	struct buf	 out = BUF_INIT, url = BUF_INIT;
	const char	*p = html, *end = html + len, *v, *q, *res = html;
	const char	*done = html;	/* out holds html[0..done) */
	xmlChar		*r;
	size_t		 skip;
	bool		 changed = false;

	while (p < end) {
		if ((v = next_url(p, end)) == NULL ||
		    (q = memchr(v, '"', (size_t)(end - v))) == NULL)
			break;
		/* The attribute's text, unescaped: &amp; and &#x27; only. */
		buf_reset(&url);
		for (const char *c = v; c < q; c += skip) {
			skip = 1;
			if (*c != '&')
				buf_putc(&url, *c);
			else if (strncmp(c, "&amp;", 5) == 0) {
				buf_putc(&url, '&');
				skip = 5;
			} else if (strncmp(c, "&#x27;", 6) == 0) {
				buf_putc(&url, '\'');
				skip = 6;
			} else
				buf_putc(&url, *c);
		}
		r = resolve(buf_cstr(&url), (const xmlChar *)base);
		if (r != NULL && strcmp((const char *)r, url.data) != 0) {
			buf_put(&out, done, (size_t)(v - done));
			buf_put_html(&out, (const char *)r,
			    strlen((const char *)r));
			done = q;
			changed = true;
		}
		xmlFree(r);
		p = q;
	}
	if (changed) {
		buf_put(&out, done, (size_t)(end - done));
		res = arena_strndup(a, out.data, out.len);
	}
	buf_free(&out);
	buf_free(&url);
	return res;
}

/*
 * Content without its <script> elements (the JSON-LD of hours blocks,
 * and raw HTML's own when the site allows it): feed readers run none,
 * and validators flag them.  Text never holds "<script": cmark-gfm
 * escapes "<" outside raw HTML, and writes its own tags in lower case;
 * raw HTML and HTML posts ("any_case") may write them in any.
 */
static const char *
drop_scripts(const char *html, bool any_case, struct arena *a)
{
	char		*(*find)(const char *, const char *) =
			    any_case ? strcasestr : strstr;
	struct buf	 out = BUF_INIT;
	const char	*p = html, *s, *e;
	const char	*res;

	while ((s = find(p, "<script")) != NULL) {
		buf_put(&out, p, (size_t)(s - p));
		if ((e = find(s, "</script>")) == NULL) {
			p = s + strlen(s);
			break;
		}
		p = e + strlen("</script>");
		if (*p == '\n')
			p++;
	}
	if (p == html)
		return html;
	buf_puts(&out, p);
	res = arena_strndup(a, out.data != NULL ? out.data : "", out.len);
	buf_free(&out);
	return res;
}

/*
 * A corrected post's entry opens with its note, so that a reader whose
 * feed shows the entry again sees why.
 */
static const char *
with_correction(const char *html, const char *note, struct arena *a)
{
	struct buf	 b = BUF_INIT;
	const char	*res;

	if (note == NULL)
		return html;
	buf_puts(&b, "<p class=\"correction\"><strong>");
	buf_put_html(&b, note, strlen(note));
	buf_puts(&b, "</strong></p>\n");
	buf_puts(&b, html);
	res = arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return res;
}

/* The front matter line of "key" (or of its i-th list item), or 0. */
static unsigned
fm_line(const struct post *p, const char *key, size_t item)
{
	const struct value	*v, *x;

	if (p->fm.meta == NULL ||
	    (v = value_map_get(p->fm.meta, key)) == NULL)
		return 0;
	if (v->kind == VAL_LIST && (x = value_list_get(v, item)) != NULL)
		return x->line;
	return v->line;
}

/* Clean one field for XML 1.0; warn once at "path":"line" if needed. */
static const char *
clean_field(bool *warned, const char *path, unsigned line,
    const char *field, const char *s, struct arena *a, struct diags *d)
{
	const char	*out;
	char		 what[32];
	size_t		 n;
	long		 first;

	if (s == NULL)
		return "";
	if ((n = feed_xml_clean(&out, &first, s, strlen(s), a)) == 0)
		return out;
	if (warned != NULL) {
		if (*warned)
			return out;
		*warned = true;
	}
	if (first >= 0)
		snprintf(what, sizeof(what), "U+%04lX", (unsigned long)first);
	else
		snprintf(what, sizeof(what), "a malformed UTF-8 byte");
	if (n == 1)
		diag_warning(d, path, line, 0, "%s: %s dropped from feeds "
		    "(not allowed in XML 1.0)", field, what);
	else
		diag_warning(d, path, line, 0, "%s: %zu characters dropped "
		    "from feeds (not allowed in XML 1.0), first %s", field, n,
		    what);
	return out;
}

/*
 * The item's dates, in the post's zone: all a document needs of an item
 * whose entry it copies (its own "updated" is the newest of them).
 */
static void
item_dates(struct feed_item *it, const struct post *p,
    const struct siteconf *c, const struct feed_hooks *h)
{
	const char	*tz = p->tz != NULL ? p->tz : c->timezone;

	it->t_published = p->date;
	it->t_updated = p->updated > p->date ? p->updated : p->date;
	h->rfc3339(it->published, it->t_published, tz);
	h->rfc3339(it->updated, it->t_updated, tz);
	h->rfc822(it->pub822, it->t_published, tz);
	h->rfc822(it->upd822, it->t_updated, tz);
}

void
feed_item_make(struct feed_item *it, const struct post *p,
    const struct siteconf *c, const char *site_title,
    const struct feed_hooks *h, struct arena *a, struct diags *d)
{
	const char	*html;
	bool		 warned = false, content_warned = false;
	size_t		 i;

	memset(it, 0, sizeof(*it));
	it->post = p;
	it->link = p->permalink;
	it->title = clean_field(NULL, p->path, fm_line(p, "title", 0),
	    "title", p->title, a, d);
	it->id = clean_field(NULL, p->path, fm_line(p, "id", 0), "id",
	    p->id, a, d);
	if (p->author != NULL && p->author[0] != '\0')
		it->author = clean_field(NULL, p->path, fm_line(p, "author",
		    0), "author", p->author, a, d);
	if (it->author == NULL || it->author[0] == '\0')
		it->author = site_title;
	if (c->feed_full) {
		html = clean_field(&content_warned, p->path, 0, "content",
		    with_correction(drop_scripts(p->html, c->unsafe ||
		    p->is_html, a),
		    p->correction, a), a, d);
		it->content = c->unsafe ?
		    feed_html_absolute(html, strlen(html), p->permalink, a) :
		    feed_cmark_absolute(html, strlen(html), p->permalink, a);
	}
	/*
	 * A summary cut from the body repeats the body's characters: the
	 * content's warning already named them.
	 */
	it->summary = clean_field(p->fm.summary == NULL && content_warned ?
	    &content_warned : NULL, p->path, p->fm.summary != NULL ?
	    fm_line(p, "summary", 0) : 0, "summary", c->feed_full ||
	    p->correction == NULL ? p->summary : arena_printf(a, "%s %s",
	    p->correction, p->summary), a, d);
	it->lang = p->lang != NULL && p->lang[0] != '\0' ? p->lang : NULL;
	it->ntags = p->ntags;
	it->tags = arena_alloc(a, (p->ntags + 1) * sizeof(*it->tags));
	for (i = 0; i < p->ntags; i++)
		it->tags[i] = clean_field(&warned, p->path,
		    fm_line(p, "tags", i), "tags", p->tags[i], a, d);
	item_dates(it, p, c, h);
}

/*
 * An xmlTextWriter appending to a struct buf, with a sticky error: single
 * writes go unchecked and xw_close reports the first failure.
 */
struct xw {
	xmlTextWriterPtr	 w;
	struct buf		*out;		/* where the sink appends */
	bool			 err;
	size_t			 content_at;	/* of the last shared content */
};

static int
sink_write(void *ctx, const char *data, int len)
{
	buf_put(ctx, data, (size_t)len);
	return len;
}

static int
sink_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static bool
xw_open(struct xw *x, struct buf *out, bool indent)
{
	xmlOutputBufferPtr	 o;

	x->err = false;
	x->w = NULL;
	x->out = out;
	x->content_at = SIZE_MAX;
	if ((o = xmlOutputBufferCreateIO(sink_write, sink_close, out,
	    NULL)) == NULL)
		return false;
	/* The writer owns "o" once made; before that, it is ours. */
	if ((x->w = xmlNewTextWriter(o)) == NULL) {
		xmlOutputBufferClose(o);
		return false;
	}
	if (indent) {
		xmlTextWriterSetIndent(x->w, 1);
		xmlTextWriterSetIndentString(x->w, BAD_CAST "  ");
	}
	return true;
}

static void
x_check(struct xw *x, int rc)
{
	if (rc < 0)
		x->err = true;
}

static void
x_start(struct xw *x, const char *name)
{
	x_check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void
x_end(struct xw *x)
{
	x_check(x, xmlTextWriterEndElement(x->w));
}

static void
x_attr(struct xw *x, const char *name, const char *v)
{
	x_check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	    BAD_CAST v));
}

static void
x_text(struct xw *x, const char *s)
{
	x_check(x, xmlTextWriterWriteString(x->w, BAD_CAST s));
}

/*
 * An item's content as element text, written into the output past the
 * writer (closed start tag, flushed): libxml2 would copy it twice.
 * Items in several documents carry it escaped already (share_content);
 * the others' is escaped straight into the output.
 */
static void
x_content(struct xw *x, const struct feed_item *it)
{
	x_check(x, xmlTextWriterWriteRawLen(x->w, BAD_CAST "", 0));
	x_check(x, xmlTextWriterFlush(x->w));
	if (it->content_xml != NULL) {
		x->content_at = x->out->len;
		buf_put(x->out, it->content_xml, it->content_xml_len);
	} else
		xml_escape_buf(x->out, it->content, strlen(it->content));
}

/* Escape the content of an item that several documents hold, once. */
static void
share_content(struct feed_item *it, struct arena *a)
{
	if (it->content != NULL && it->content_xml == NULL) {
		it->content_xml = xml_escape(it->content, strlen(it->content),
		    &it->content_xml_len, a);
	}
}

static void
x_elem(struct xw *x, const char *name, const char *s)
{
	x_check(x, xmlTextWriterWriteElement(x->w, BAD_CAST name,
	    BAD_CAST s));
}

/* Finish and free the writer; -1 after recording the first failure. */
static int
xw_close(struct xw *x, bool document, const char *what, struct diags *d)
{
	if (document)
		x_check(x, xmlTextWriterEndDocument(x->w));
	x_check(x, xmlTextWriterFlush(x->w));
	xmlFreeTextWriter(x->w);
	x->w = NULL;
	if (x->err)
		return diag_error(d, what, 0, 0, "libxml2 could not write "
		    "the document");
	return 0;
}

/* The item updated last (the first of equals), or NULL. */
static const struct feed_item *
newest(const struct feed_doc *doc)
{
	const struct feed_item	*best = NULL;
	size_t			 i;

	for (i = 0; i < doc->nitems; i++)
		if (best == NULL || doc->items[i]->t_updated > best->t_updated)
			best = doc->items[i];
	return best;
}

static bool
nonempty(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static void
atom_link(struct xw *x, const char *rel, const char *type, const char *href)
{
	if (href == NULL)
		return;
	x_start(x, "link");
	x_attr(x, "rel", rel);
	if (type != NULL)
		x_attr(x, "type", type);
	x_attr(x, "href", href);
	x_end(x);
}

static void
atom_author(struct xw *x, const char *name)
{
	x_start(x, "author");
	x_elem(x, "name", name);
	x_end(x);
}

static void
atom_entry(struct xw *x, const struct feed_item *it, const char *lang)
{
	size_t	 i;

	x_start(x, "entry");
	/* xml:lang is inherited; say it only where the post differs. */
	if (it->lang != NULL && (lang == NULL || strcmp(it->lang, lang) != 0))
		x_attr(x, "xml:lang", it->lang);
	x_elem(x, "title", it->title);
	atom_link(x, "alternate", TYPE_HTML, it->link);
	x_elem(x, "id", it->id);
	x_elem(x, "published", it->published);
	x_elem(x, "updated", it->updated);
	atom_author(x, it->author);
	for (i = 0; i < it->ntags; i++) {
		if (it->tags[i][0] == '\0')
			continue;
		x_start(x, "category");
		x_attr(x, "term", it->tags[i]);
		x_end(x);
	}
	if (it->summary[0] != '\0')
		x_elem(x, "summary", it->summary);
	if (it->content != NULL) {
		x_start(x, "content");
		x_attr(x, "type", "html");
		x_content(x, it);
		x_end(x);
	}
	x_end(x);
}

static void	rss_item(struct xw *, const struct feed_item *);

/*
 * An entry as this build wrote it, for the other documents that hold it:
 * the bytes around its content, which the item holds escaped already.
 */
struct feed_written {
	const char	*lang;		/* the document's, which Atom's depends on */
	size_t		 head, tail;	/* data: head bytes, then tail bytes */
	bool		 content;	/* the item's content_xml between */
	char		 data[];
};

/* Keep the entry written at out->data[at..]; x->content_at tells where. */
static struct feed_written *
written_keep(const struct xw *x, const struct feed_item *it,
    const struct buf *out, size_t at, const char *lang)
{
	struct feed_written	*wr;
	size_t			 len = out->len - at, cut = len, skip = 0;

	if (x->content_at != SIZE_MAX) {
		cut = x->content_at - at;
		skip = it->content_xml_len;
	}
	wr = xmalloc(sizeof(*wr) + len - skip);
	wr->lang = lang;
	wr->head = cut;
	wr->tail = len - cut - skip;
	wr->content = x->content_at != SIZE_MAX;
	memcpy(wr->data, out->data + at, cut);
	memcpy(wr->data + cut, out->data + at + cut + skip, wr->tail);
	return wr;
}

static void
written_put(struct buf *out, const struct feed_written *wr,
    const struct feed_item *it)
{
	buf_put(out, wr->data, wr->head);
	if (wr->content)
		buf_put(out, it->content_xml, it->content_xml_len);
	buf_put(out, wr->data + wr->head, wr->tail);
}

static bool
same_lang(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * Entry i of "doc": copied when the document has it from before or
 * another document of this build wrote it, else written.  The writer is
 * flushed first, so that "out" holds all it wrote; an entry, whole,
 * leaves the writer as it found it (at the same depth, after an element
 * ended), which is why copied bytes fit in.
 */
static void
x_item(struct xw *x, struct buf *out, const struct feed_doc *doc, size_t i,
    const char *lang, bool atom)
{
	struct feed_item	*it = (struct feed_item *)doc->items[i];
	struct feed_written	*wr, *none = NULL;
	size_t			 at;

	x_check(x, xmlTextWriterFlush(x->w));
	at = out->len;
	wr = atomic_load(&it->written[atom]);
	if (doc->copy != NULL && doc->copy[i].len > 0)
		buf_put(out, doc->old + doc->copy[i].off, doc->copy[i].len);
	else if (wr != NULL && same_lang(wr->lang, lang))
		written_put(out, wr, it);
	else {
		x->content_at = SIZE_MAX;
		if (atom)
			atom_entry(x, it, lang);
		else
			rss_item(x, it);
		x_check(x, xmlTextWriterFlush(x->w));
		if (it->docs > 1 && wr == NULL) {
			wr = written_keep(x, it, out, at, lang);
			/* Two documents may race to it: one copy is kept. */
			if (!atomic_compare_exchange_strong(&it->written[atom],
			    &none, wr))
				free(wr);
		}
	}
	if (doc->spans != NULL) {
		x_check(x, xmlTextWriterFlush(x->w));
		doc->spans[i].off = at;
		doc->spans[i].len = out->len - at;
	}
}

int
feed_atom(struct buf *out, const struct feed_doc *doc, struct diags *d)
{
	const struct feed_item	*nw = newest(doc);
	const char		*lang = nonempty(doc->lang) ? doc->lang : NULL;
	struct xw		 x;
	size_t			 i;

	if (!xw_open(&x, out, true))
		return diag_error(d, doc->self, 0, 0, "libxml2 could not "
		    "start a writer");
	x_check(&x, xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL));
	x_start(&x, "feed");
	x_attr(&x, "xmlns", NS_ATOM);
	if (doc->archive)
		x_attr(&x, "xmlns:fh", NS_FH);
	if (lang != NULL)
		x_attr(&x, "xml:lang", lang);
	x_elem(&x, "title", doc->title);
	if (nonempty(doc->subtitle))
		x_elem(&x, "subtitle", doc->subtitle);
	atom_link(&x, "alternate", TYPE_HTML, doc->alternate);
	atom_link(&x, "self", TYPE_ATOM, doc->self);
	atom_link(&x, "hub", NULL, doc->hub);
	/* RFC 5005 section 4: the archive chain. */
	atom_link(&x, "current", TYPE_ATOM, doc->current);
	atom_link(&x, "prev-archive", TYPE_ATOM, doc->prev_archive);
	atom_link(&x, "next-archive", TYPE_ATOM, doc->next_archive);
	if (doc->archive) {
		x_start(&x, "fh:archive");
		x_end(&x);
	}
	x_elem(&x, "id", doc->id);
	x_elem(&x, "updated", nw != NULL ? nw->updated : EPOCH_3339);
	atom_author(&x, doc->author);
	x_start(&x, "generator");
	x_attr(&x, "version", HERALDO_VERSION);
	x_text(&x, "heraldo");
	x_end(&x);
	for (i = 0; i < doc->nitems; i++)
		x_item(&x, out, doc, i, lang, true);
	return xw_close(&x, true, doc->self, d);
}

static void
rss_item(struct xw *x, const struct feed_item *it)
{
	size_t	 i;

	x_start(x, "item");
	x_elem(x, "title", it->title);
	x_elem(x, "link", it->link);
	/* A tag: URI is no link: readers must not open it. */
	x_start(x, "guid");
	x_attr(x, "isPermaLink", strcmp(it->id, it->link) == 0 ? "true" :
	    "false");
	x_text(x, it->id);
	x_end(x);
	x_elem(x, "pubDate", it->pub822);
	/* RSS <author> wants an e-mail address; Dublin Core takes a name. */
	x_elem(x, "dc:creator", it->author);
	for (i = 0; i < it->ntags; i++)
		if (it->tags[i][0] != '\0')
			x_elem(x, "category", it->tags[i]);
	if (it->summary[0] != '\0')
		x_elem(x, "description", it->summary);
	if (it->content != NULL) {
		x_start(x, "content:encoded");
		x_content(x, it);
		x_end(x);
	}
	x_end(x);
}

int
feed_rss(struct buf *out, const struct feed_doc *doc, struct diags *d)
{
	const struct feed_item	*nw = newest(doc);
	struct xw		 x;
	size_t			 i;

	if (!xw_open(&x, out, true))
		return diag_error(d, doc->self, 0, 0, "libxml2 could not "
		    "start a writer");
	x_check(&x, xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL));
	x_start(&x, "rss");
	x_attr(&x, "version", "2.0");
	x_attr(&x, "xmlns:atom", NS_ATOM);
	x_attr(&x, "xmlns:content", NS_CONTENT);
	x_attr(&x, "xmlns:dc", NS_DC);
	x_start(&x, "channel");
	x_elem(&x, "title", doc->title);
	x_elem(&x, "link", doc->alternate);
	/* RSS 2.0 requires a description. */
	x_elem(&x, "description", nonempty(doc->subtitle) ? doc->subtitle :
	    doc->title);
	if (nonempty(doc->lang))
		x_elem(&x, "language", doc->lang);
	x_elem(&x, "generator", "heraldo " HERALDO_VERSION);
	if (nw != NULL)
		x_elem(&x, "lastBuildDate", nw->upd822);
	x_start(&x, "atom:link");
	x_attr(&x, "rel", "self");
	x_attr(&x, "type", TYPE_RSS);
	x_attr(&x, "href", doc->self);
	x_end(&x);
	if (doc->hub != NULL) {
		x_start(&x, "atom:link");
		x_attr(&x, "rel", "hub");
		x_attr(&x, "href", doc->hub);
		x_end(&x);
	}
	for (i = 0; i < doc->nitems; i++)
		x_item(&x, out, doc, i, NULL, false);
	return xw_close(&x, true, doc->self, d);
}

/* A JSON string of a C string (JSON Feed's). */
static void
json_put(struct buf *out, const char *s)
{
	buf_put_json(out, s, strlen(s), false);
}

/* Start member "key" of an object at nesting depth "depth". */
static void
json_key(struct buf *out, unsigned depth, const char *key, bool *first)
{
	buf_puts(out, *first ? "\n" : ",\n");
	*first = false;
	buf_printf(out, "%*s", (int)depth * 2, "");
	json_put(out, key);
	buf_puts(out, ": ");
}

static void
json_member(struct buf *out, unsigned depth, const char *key,
    const char *val, bool *first)
{
	json_key(out, depth, key, first);
	json_put(out, val);
}

static void
json_authors(struct buf *out, unsigned depth, const char *name,
    bool *first)
{
	json_key(out, depth, "authors", first);
	buf_puts(out, "[{\"name\": ");
	json_put(out, name);
	buf_puts(out, "}]");
}

static void
json_item(struct buf *out, const struct feed_item *it, const char *lang)
{
	bool	 first = true;
	size_t	 i;

	buf_puts(out, "    {");
	json_member(out, 3, "id", it->id, &first);
	json_member(out, 3, "url", it->link, &first);
	json_member(out, 3, "title", it->title, &first);
	/* JSON Feed 1.1: an item has content_html or content_text. */
	if (it->content != NULL)
		json_member(out, 3, "content_html", it->content, &first);
	else
		json_member(out, 3, "content_text", it->summary, &first);
	if (it->summary[0] != '\0')
		json_member(out, 3, "summary", it->summary, &first);
	json_member(out, 3, "date_published", it->published, &first);
	json_member(out, 3, "date_modified", it->updated, &first);
	json_authors(out, 3, it->author, &first);
	if (it->ntags > 0) {
		json_key(out, 3, "tags", &first);
		buf_putc(out, '[');
		for (i = 0; i < it->ntags; i++) {
			if (i > 0)
				buf_puts(out, ", ");
			json_put(out, it->tags[i]);
		}
		buf_putc(out, ']');
	}
	if (it->lang != NULL && (lang == NULL || strcmp(it->lang, lang) != 0))
		json_member(out, 3, "language", it->lang, &first);
	buf_puts(out, "\n    }");
}

void
feed_json(struct buf *out, const struct feed_doc *doc)
{
	const char	*lang = nonempty(doc->lang) ? doc->lang : NULL;
	bool		 first = true;
	size_t		 i;

	buf_putc(out, '{');
	json_member(out, 1, "version", "https://jsonfeed.org/version/1.1",
	    &first);
	json_member(out, 1, "title", doc->title, &first);
	json_member(out, 1, "home_page_url", doc->alternate, &first);
	json_member(out, 1, "feed_url", doc->self, &first);
	if (nonempty(doc->subtitle))
		json_member(out, 1, "description", doc->subtitle, &first);
	if (lang != NULL)
		json_member(out, 1, "language", lang, &first);
	json_authors(out, 1, doc->author, &first);
	if (doc->hub != NULL) {
		json_key(out, 1, "hubs", &first);
		buf_puts(out, "[{\"type\": \"WebSub\", \"url\": ");
		json_put(out, doc->hub);
		buf_puts(out, "}]");
	}
	json_key(out, 1, "items", &first);
	buf_putc(out, '[');
	for (i = 0; i < doc->nitems; i++) {
		buf_puts(out, i > 0 ? ",\n" : "\n");
		json_item(out, doc->items[i], lang);
	}
	buf_puts(out, doc->nitems > 0 ? "\n  ]\n}\n" : "]\n}\n");
}

/* The host of an absolute URL, for tag: URIs (RFC 4151). */
static const char *
url_host(const char *url, size_t *len)
{
	const char	*h = strstr(url, "://");

	h = h != NULL ? h + 3 : url;
	*len = strcspn(h, "/:?#");
	return h;
}

/* The HTML of a digest entry: the day's posts, linked, with summaries. */
static const char *
digest_html(const struct feed_item *items, size_t n, struct arena *a)
{
	struct buf	 b = BUF_INIT;
	struct xw	 x;
	const char	*res = NULL;
	size_t		 i;

	if (!xw_open(&x, &b, false))
		return NULL;
	x_start(&x, "ul");
	for (i = 0; i < n; i++) {
		x_start(&x, "li");
		x_start(&x, "a");
		x_attr(&x, "href", items[i].link);
		x_text(&x, items[i].title);
		x_end(&x);
		if (items[i].summary[0] != '\0')
			x_elem(&x, "p", items[i].summary);
		x_end(&x);
	}
	x_end(&x);
	x_check(&x, xmlTextWriterFlush(x.w));
	xmlFreeTextWriter(x.w);
	if (!x.err)
		res = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return res;
}

static int
digest_entry(struct feed_item *it, const struct feed_item *day, size_t n,
    const struct siteconf *c, const char *site_title,
    const struct i18n *i18n, const struct feed_hooks *h, struct arena *a,
    struct diags *d)
{
	const struct feed_item	*first = &day[0], *last = &day[0];
	struct value		*args;
	struct buf		 t = BUF_INIT;
	const char		*host, *author = day[0].author;
	size_t			 i, hostlen;
	int			 rc = 0;

	memset(it, 0, sizeof(*it));
	for (i = 1; i < n; i++) {
		if (day[i].t_published < first->t_published)
			first = &day[i];
		if (day[i].t_updated > last->t_updated)
			last = &day[i];
		if (strcmp(day[i].author, author) != 0)
			author = site_title;
	}
	it->title = day[0].title;
	if (n > 1) {
		args = value_map(a);
		value_map_set_str(a, args, "title", day[0].title);
		value_map_set_num(a, args, "count", (double)(n - 1));
		if (h->format(&t, i18n, c->locale, "digest_title", args,
		    d) < 0)
			rc = -1;
		else
			feed_xml_clean(&it->title, NULL, arena_strndup(a,
			    buf_cstr(&t), t.len), t.len, a);
		buf_free(&t);
	}
	host = url_host(c->base_url, &hostlen);
	/* RFC 4151: the day is part of the id, so each day keeps its own. */
	it->id = arena_printf(a, "tag:%.*s,%s:/feeds/digest.xml",
	    (int)hostlen, host, day[0].post->daykey);
	it->link = day[0].link;
	it->author = author;
	it->summary = "";
	it->tags = NULL;
	it->ntags = 0;
	if ((it->content = digest_html(day, n, a)) == NULL)
		rc = diag_error(d, "feeds/digest.xml", 0, 0, "libxml2 could "
		    "not write the digest of %s", day[0].post->daykey);
	it->t_published = first->t_published;
	memcpy(it->published, first->published, sizeof(it->published));
	memcpy(it->pub822, first->pub822, sizeof(it->pub822));
	it->t_updated = last->t_updated;
	memcpy(it->updated, last->updated, sizeof(it->updated));
	memcpy(it->upd822, last->upd822, sizeof(it->upd822));
	return rc;
}

static bool
same_day(const struct feed_item *x, const struct feed_item *y)
{
	return strcmp(x->post->daykey, y->post->daykey) == 0;
}

int
feed_digest_items(struct feed_item **out, size_t *nout,
    const struct feed_item *items, size_t n, size_t maxdays,
    const struct siteconf *c, const char *site_title,
    const struct i18n *i18n, const struct feed_hooks *h,
    struct arena *a, struct diags *d)
{
	struct feed_item	*res;
	size_t			 ndays = 0, i, start, k = 0;
	int			 rc = 0;

	for (i = 0; i < n; i++)
		if (i == 0 || !same_day(&items[i - 1], &items[i]))
			ndays++;
	if (ndays > maxdays)
		ndays = maxdays;
	res = arena_zalloc(a, (ndays + 1) * sizeof(*res));
	for (start = 0; start < n && k < ndays; start = i) {
		for (i = start + 1; i < n && same_day(&items[start],
		    &items[i]); i++)
			;
		if (digest_entry(&res[k++], items + start, i - start, c,
		    site_title, i18n, h, a, d) < 0)
			rc = -1;
	}
	*out = res;
	*nout = k;
	return rc;
}

/*
 * The sitemap is ten thousand times the same two elements: written
 * directly, byte for byte as libxml2's indenting writer would, which
 * spends most of its time on the bookkeeping around each element.
 */
static void
sitemap_url(struct buf *x, const char *loc, const char *lastmod)
{
	buf_puts(x, "  <url>\n    <loc>");
	xml_escape_buf(x, loc, strlen(loc));
	buf_puts(x, "</loc>\n");
	if (lastmod != NULL) {
		buf_puts(x, "    <lastmod>");
		xml_escape_buf(x, lastmod, strlen(lastmod));
		buf_puts(x, "</lastmod>\n");
	}
	buf_puts(x, "  </url>\n");
}

static int64_t
post_updated(const struct post *p)
{
	return p->updated > p->date ? p->updated : p->date;
}

static int
cmp_url(const void *pa, const void *pb)
{
	const struct post	*a = *(struct post *const *)pa;
	const struct post	*b = *(struct post *const *)pb;

	return strcmp(a->url, b->url);
}

/* Emit the archives of posts[0..n): each year, then its months. */
static void
sitemap_archives(struct buf *x, const struct build *b,
    const struct feed_hooks *h, struct arena *a)
{
	const char	*tz = b->conf->timezone;
	char		 when[32];
	size_t		 i, j, k;
	int64_t		 t;

	for (i = 0; i < b->nposts; i = j) {
		t = 0;
		for (j = i; j < b->nposts && memcmp(b->posts[i]->daykey,
		    b->posts[j]->daykey, 4) == 0; j++)
			if (post_updated(b->posts[j]) > t)
				t = post_updated(b->posts[j]);
		h->rfc3339(when, t, tz);
		sitemap_url(x, url_absolute(b->conf->base_url, arena_printf(a,
		    "/%.4s/", b->posts[i]->daykey), a), when);
		for (k = i; k < j; k = i) {
			t = 0;
			for (i = k; i < j && memcmp(b->posts[k]->daykey,
			    b->posts[i]->daykey, 7) == 0; i++)
				if (post_updated(b->posts[i]) > t)
					t = post_updated(b->posts[i]);
			h->rfc3339(when, t, tz);
			sitemap_url(x, url_absolute(b->conf->base_url,
			    arena_printf(a, "/%.4s/%.2s/",
			    b->posts[k]->daykey, b->posts[k]->daykey + 5), a),
			    when);
		}
	}
}

int
feed_sitemap(struct buf *out, const struct build *b,
    const struct feed_hooks *h, struct arena *a, struct diags *d)
{
	const struct siteconf	*c = b->conf;
	struct post		**pages;
	struct buf		*x = out;
	char			 when[32];
	size_t			 i, j;
	int64_t			 t;

	(void)d;
	buf_puts(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"" NS_SITEMAP "\">\n");
	t = 0;
	for (i = 0; i < b->nposts; i++)
		if (post_updated(b->posts[i]) > t)
			t = post_updated(b->posts[i]);
	h->rfc3339(when, t, c->timezone);
	sitemap_url(x, c->base_url, b->nposts > 0 ? when : NULL);
	for (i = 0; i < b->nall; i++) {
		h->rfc3339(when, post_updated(b->all[i]), c->timezone);
		sitemap_url(x, b->all[i]->permalink, when);
	}
	pages = arena_alloc(a, (b->npages + 1) * sizeof(*pages));
	if (b->npages > 0)
		memcpy(pages, b->pages, b->npages * sizeof(*pages));
	qsort(pages, b->npages, sizeof(*pages), cmp_url);
	for (i = 0; i < b->npages; i++) {
		h->rfc3339(when, post_updated(pages[i]), c->timezone);
		sitemap_url(x, pages[i]->permalink, when);
	}
	if (hours_site_page(b, &t)) {
		h->rfc3339(when, t, c->timezone);
		sitemap_url(x, url_absolute(c->base_url, "/hours/", a), when);
	}
	for (i = 0; i < b->ntags; i++) {
		t = 0;
		for (j = 0; j < b->tags[i].n; j++)
			if (post_updated(b->tags[i].posts[j]) > t)
				t = post_updated(b->tags[i].posts[j]);
		h->rfc3339(when, t, c->timezone);
		sitemap_url(x, url_absolute(c->base_url, arena_printf(a,
		    "/tags/%s/", b->tags[i].slug), a), when);
	}
	sitemap_archives(x, b, h, a);
	buf_puts(x, "</urlset>\n");
	return 0;
}

/*
 * Posts are sorted newest first, ties by path (site.c): find p's item by
 * that order.
 */
static struct feed_item *
find_item(struct feed_item *items, size_t n, const struct post *p)
{
	size_t	 lo = 0, hi = n, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (items[mid].post == p)
			return &items[mid];
		if (items[mid].post->date != p->date)
			c = items[mid].post->date > p->date ? -1 : 1;
		else
			c = strcmp(items[mid].post->path, p->path);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * The documents of a build are gathered first and written on the worker
 * threads after: each is a writer and a buffer of its own.
 */
struct docjob {
	const char	*rel;
	int		(*fn)(struct buf *, const struct feed_doc *,
			    struct diags *);	/* NULL: JSON Feed */
	struct feed_doc	 doc;
	struct hkey	 key;
	bool		 keep;	/* the current output's is right */
	struct buf	 old;	/* the current output's, to copy from */
};

struct doclist {
	struct docjob	*v;
	size_t		 n, cap;
	struct arena	*a;
};

/* Write "doc" with "fn" (JSON Feed when NULL) to "rel", later. */
static void
add_doc(struct doclist *l, const char *rel,
    int (*fn)(struct buf *, const struct feed_doc *, struct diags *),
    const struct feed_doc *doc)
{
	if (l->n == l->cap) {
		l->v = arena_grow(l->a, l->v, l->cap * sizeof(*l->v),
		    (l->cap * 2 + 16) * sizeof(*l->v));
		l->cap = l->cap * 2 + 16;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	l->v[l->n].rel = rel;
	l->v[l->n].fn = fn;
	l->v[l->n++].doc = *doc;
}

struct docrun {
	const struct build	*b;
	const struct doclist	*l;
	size_t			 stride;	/* pool_stride: a tag's two
						   feeds share a folder */
	atomic_int		 failed;
};

static void
write_one(struct worker *w, size_t i, void *arg)
{
	struct docrun		*r = arg;
	const struct docjob	*j = &r->l->v[i * r->stride % r->l->n];
	struct buf		 out = BUF_INIT;
	int			 rc = 0;

	(void)w;
	if (j->keep) {
		output_keep(r->b->out, j->rel);
		return;
	}
	if (j->fn != NULL)
		rc = j->fn(&out, &j->doc, r->b->d);
	else
		feed_json(&out, &j->doc);
	if (rc == 0)
		output_write_job(r->b->out, j->rel, j->key, out.data != NULL ?
		    out.data : "", out.len);
	else
		atomic_store(&r->failed, 1);
	buf_free(&out);
}

/* Site-wide text from site.yaml, cleaned, with its line if it had to be. */
static const char *
clean_conf(const struct siteconf *c, const char *key, const char *s,
    struct arena *a, struct diags *d)
{
	const struct value	*v = c->raw != NULL ?
				    value_map_get(c->raw, key) : NULL;

	return clean_field(NULL, "site.yaml", v != NULL ? v->line : 0, key,
	    s, a, d);
}

/* Items of posts that are not listed (only tags show them). */
struct extras {
	struct feed_item	**v;
	size_t			 n, cap;
};

static void
extra_add(struct extras *x, struct feed_item *it)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 16;
		x->v = xrealloc(x->v, x->cap * sizeof(*x->v));
	}
	x->v[x->n++] = it;
}

static void
write_tags(struct doclist *l, struct extras *x, const struct build *b,
    const struct feed_doc *site, struct feed_item *items,
    size_t nitems, struct arena *a)
{
	const struct siteconf	*c = b->conf;
	const struct feed_item	**list;
	struct feed_item	*it;
	struct feed_doc		 doc;
	const char		*name, *url;
	size_t			 i, j, n;

	for (i = 0; i < b->ntags; i++) {
		const struct tag	*t = &b->tags[i];

		n = t->n < c->feed_entries ? t->n : c->feed_entries;
		list = arena_alloc(a, (n + 1) * sizeof(*list));
		for (j = 0; j < n; j++) {
			if ((it = find_item(items, nitems, t->posts[j])) ==
			    NULL) {
				/* Not listed in b->posts: made apart. */
				it = arena_zalloc(a, sizeof(*it));
				it->post = t->posts[j];
				extra_add(x, it);
			}
			list[j] = it;
		}
		feed_xml_clean(&name, NULL, t->name, strlen(t->name), a);
		url = arena_printf(a, "/tags/%s/", t->slug);
		doc = *site;
		doc.title = arena_printf(a, "%s \xc2\xb7 %s", site->title,
		    name);
		doc.alternate = url_absolute(c->base_url, url, a);
		doc.self = url_absolute(c->base_url, arena_printf(a,
		    "%satom.xml", url), a);
		doc.id = doc.self;
		doc.prev_archive = NULL;
		doc.items = list;
		doc.nitems = n;
		add_doc(l, arena_printf(a, "tags/%s/atom.xml", t->slug),
		    feed_atom, &doc);
		doc.self = url_absolute(c->base_url, arena_printf(a,
		    "%srss.xml", url), a);
		add_doc(l, arena_printf(a, "tags/%s/rss.xml", t->slug),
		    feed_rss, &doc);
	}
}

static const char *
archive_url(const struct siteconf *c, const struct feed_item *it,
    struct arena *a)
{
	return url_absolute(c->base_url, arena_printf(a,
	    "/feeds/archive/%.7s.xml", it->post->daykey), a);
}

/*
 * RFC 5005 section 4: one archive document per month, oldest linked
 * from newer by prev-archive.  Each document holds only its month's
 * posts and links to its neighbours, so it changes only when they do.
 */
static void
write_archives(struct doclist *l, const struct build *b,
    const struct feed_doc *site, const struct feed_item **ptrs,
    const struct feed_item *items, size_t n, struct arena *a)
{
	const struct siteconf	*c = b->conf;
	struct feed_doc		 doc;
	const char		*newer = NULL;
	size_t			 i, j;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && memcmp(items[i].post->daykey,
		    items[j].post->daykey, 7) == 0; j++)
			;
		doc = *site;
		doc.hub = NULL;
		doc.archive = true;
		doc.current = site->self;
		doc.self = archive_url(c, &items[i], a);
		doc.alternate = url_absolute(c->base_url, arena_printf(a,
		    "/%.4s/%.2s/", items[i].post->daykey,
		    items[i].post->daykey + 5), a);
		doc.next_archive = newer;
		doc.prev_archive = j < n ? archive_url(c, &items[j], a) : NULL;
		doc.items = ptrs + i;
		doc.nitems = j - i;
		add_doc(l, arena_printf(a, "feeds/archive/%.7s.xml",
		    items[i].post->daykey), feed_atom, &doc);
		newer = doc.self;
	}
}

static int
write_digest(struct doclist *l, const struct build *b,
    const struct feed_doc *site, const struct feed_item *items, size_t n,
    const struct feed_hooks *h, struct arena *a)
{
	const struct siteconf	*c = b->conf;
	const struct feed_item	**ptrs;
	struct feed_item	*days;
	struct feed_doc		 doc;
	struct buf		 t = BUF_INIT;
	const char		*name = NULL;
	size_t			 ndays, i;
	int			 rc = 0;

	if (feed_digest_items(&days, &ndays, items, n, c->feed_entries, c,
	    site->author, b->i18n, h, a, b->d) < 0)
		rc = -1;
	ptrs = arena_alloc(a, (ndays + 1) * sizeof(*ptrs));
	for (i = 0; i < ndays; i++)
		ptrs[i] = &days[i];
	/* The sidebar's name for the digest, when the catalogs have one. */
	if (h->lookup != NULL &&
	    h->lookup(b->i18n, c->locale, "feed_digest") != NULL &&
	    h->format(&t, b->i18n, c->locale, "feed_digest", value_map(a),
	    b->d) == 0)
		feed_xml_clean(&name, NULL, arena_strndup(a, buf_cstr(&t),
		    t.len), t.len, a);
	buf_free(&t);
	doc = *site;
	doc.title = arena_printf(a, "%s \xc2\xb7 %s", site->title,
	    nonempty(name) ? name : "Daily digest");
	doc.self = url_absolute(c->base_url, "/feeds/digest.xml", a);
	doc.id = doc.self;
	doc.prev_archive = NULL;
	doc.items = ptrs;
	doc.nitems = ndays;
	add_doc(l, "feeds/digest.xml", feed_atom, &doc);
	return rc;
}

/*
 * A build's feeds are planned before its pages are made: every document
 * is listed with the posts it holds (items that are only a post so far)
 * and keyed by them, so that the posts of documents to write again can
 * be loaded in full with the pages' (render_plan), and the others kept.
 */
struct feed_plan {
	struct arena		*a;
	struct feed_item	*items;		/* one per listed post */
	const struct feed_item	**ptrs;
	size_t			 n;
	struct extras		 extras;
	struct feed_doc		 site;
	struct doclist		 docs;
	struct hkey		 digest_key, sitemap_key;
	bool			 digest_keep, sitemap_keep;
	/* feed_sitemap_begin's: */
	const struct build	*b;
	const struct feed_hooks	*h;
	struct buf		 sitemap;
	struct arena		*sitemap_a;
	pthread_t		 sitemap_thread;
	bool			 sitemap_started;
	int			 sitemap_rc;
};

static void *
sitemap_run(void *arg)
{
	struct feed_plan	*fp = arg;

	fp->sitemap_rc = feed_sitemap(&fp->sitemap, fp->b, fp->h,
	    fp->sitemap_a, fp->b->d);
	return NULL;
}

void
feed_sitemap_begin(const struct build *b, const struct feed_hooks *h)
{
	struct feed_plan	*fp = b->feeds;

	if (fp->sitemap_keep || fp->sitemap_a != NULL)
		return;
	fp->b = b;
	fp->h = h;
	fp->sitemap_a = arena_new();
	fp->sitemap_started = pthread_create(&fp->sitemap_thread, NULL,
	    sitemap_run, fp) == 0;
}

/* The sitemap, made now or by feed_sitemap_begin's thread: 0 or -1. */
static int
sitemap_end(const struct build *b, const struct feed_hooks *h)
{
	struct feed_plan	*fp = b->feeds;

	if (fp->sitemap_started) {
		pthread_join(fp->sitemap_thread, NULL);
		fp->sitemap_started = false;
		return fp->sitemap_rc;
	}
	if (fp->sitemap_a == NULL)
		fp->sitemap_a = arena_new();
	return feed_sitemap(&fp->sitemap, b, h, fp->sitemap_a, b->d);
}

/* The sitemap lists every post and page, and the archives they make. */
static struct hkey
sitemap_key(const struct build *b)
{
	struct hasher	 h;
	size_t		 i;

	hash_init(&h);
	hash_key(&h, b->env);
	hash_str(&h, "sitemap.xml");
	hash_u64(&h, b->nposts);
	for (i = 0; i < b->nposts; i++)
		render_hash_post(&h, b, b->posts[i]);
	hash_u64(&h, b->nall);
	for (i = 0; i < b->nall; i++)
		render_hash_post(&h, b, b->all[i]);
	hash_u64(&h, b->npages);
	for (i = 0; i < b->npages; i++)
		render_hash_post(&h, b, b->pages[i]);
	return hash_final(&h);
}

static struct hkey
doc_key(const struct build *b, const struct docjob *j)
{
	const struct feed_doc	*d = &j->doc;
	struct hasher		 h;
	size_t			 i;

	hash_init(&h);
	hash_key(&h, b->env);
	hash_str(&h, j->rel);
	hash_u64(&h, j->fn == feed_atom ? 1 : j->fn == feed_rss ? 2 : 3);
	hash_str(&h, d->title);
	hash_str(&h, d->subtitle);
	hash_str(&h, d->lang);
	hash_str(&h, d->id);
	hash_str(&h, d->self);
	hash_str(&h, d->alternate);
	hash_str(&h, d->author);
	hash_str(&h, d->hub);
	hash_str(&h, d->current);
	hash_str(&h, d->prev_archive);
	hash_str(&h, d->next_archive);
	hash_u64(&h, d->archive);
	hash_u64(&h, d->nitems);
	for (i = 0; i < d->nitems; i++)
		render_hash_post(&h, b, d->items[i]->post);
	return hash_final(&h);
}

/*
 * Which entries of document "j" to copy from the current output's file:
 * those of posts made from the same inputs as then (an entry depends on
 * its post and the site alone).  The others' posts must be loaded.
 */
static void
plan_copies(const struct build *b, struct docjob *j, struct arena *a)
{
	const struct cache_doc	*cd;
	struct feed_span	*copy;
	uint64_t		 off, len;
	size_t			 k;

	if (j->fn == NULL || b->old == NULL ||
	    (cd = cache_doc(b->old, j->rel)) == NULL ||
	    !output_read_live(b->out, j->rel, &j->old))
		return;
	copy = arena_zalloc(a, (j->doc.nitems + 1) * sizeof(*copy));
	for (k = 0; k < j->doc.nitems; k++)
		if (cache_doc_find(cd, j->doc.items[k]->post->key, &off,
		    &len) && off <= j->old.len && len <= j->old.len - off) {
			copy[k].off = (size_t)off;
			copy[k].len = (size_t)len;
		}
	j->doc.old = j->old.data;
	j->doc.copy = copy;
}

/* Keep for the next build where this one's entries went. */
static void
put_spans(struct cache *next, const struct docjob *j, struct arena *a)
{
	struct cache_span	*v;
	size_t			 k;

	if (j->keep) {
		cache_doc_put(next, j->rel, NULL, 0);
		return;
	}
	if (j->doc.spans == NULL)
		return;
	v = arena_alloc(a, (j->doc.nitems + 1) * sizeof(*v));
	for (k = 0; k < j->doc.nitems; k++) {
		v[k].post = j->doc.items[k]->post->key;
		v[k].off = j->doc.spans[k].off;
		v[k].len = j->doc.spans[k].len;
	}
	cache_doc_put(next, j->rel, v, j->doc.nitems);
}

struct feed_plan *
feed_plan(struct build *b)
{
	const struct siteconf	*c = b->conf;
	struct feed_plan	*fp = xcalloc(1, sizeof(*fp));
	struct arena		*a = fp->a = arena_new();
	struct feed_doc		*site = &fp->site;
	struct docjob		*j;
	struct hkey		 none = { 0, 0 };	/* a document has one key */
	size_t			 i, k, n = b->nposts, days = 0;

	xmlInitParser();
	fp->docs.a = a;
	site->title = clean_conf(c, "title", c->title, a, b->d);
	site->subtitle = clean_conf(c, "description", c->description, a,
	    b->d);
	site->author = site->title;
	site->lang = c->lang;
	site->hub = c->hub;
	site->alternate = c->base_url;
	fp->n = n;
	fp->items = arena_zalloc(a, (n + 1) * sizeof(*fp->items));
	fp->ptrs = arena_alloc(a, (n + 1) * sizeof(*fp->ptrs));
	for (i = 0; i < n; i++) {
		fp->items[i].post = b->posts[i];
		fp->ptrs[i] = &fp->items[i];
	}

	/* The subscription documents: the newest feeds.entries posts. */
	site->self = url_absolute(c->base_url, "/feeds/atom.xml", a);
	site->id = site->self;
	site->items = fp->ptrs;
	site->nitems = n < c->feed_entries ? n : c->feed_entries;
	site->prev_archive = n > 0 ? archive_url(c, &fp->items[0], a) : NULL;
	add_doc(&fp->docs, "feeds/atom.xml", feed_atom, site);
	{
		struct feed_doc	 doc = *site;

		doc.prev_archive = NULL;
		doc.self = url_absolute(c->base_url, "/feeds/rss.xml", a);
		add_doc(&fp->docs, "feeds/rss.xml", feed_rss, &doc);
		doc.self = url_absolute(c->base_url, "/feeds/feed.json", a);
		add_doc(&fp->docs, "feeds/feed.json", NULL, &doc);
	}
	site->prev_archive = NULL;
	write_tags(&fp->docs, &fp->extras, b, site, fp->items, n, a);
	write_archives(&fp->docs, b, site, fp->ptrs, fp->items, n, a);
	for (i = 0; i < fp->docs.n; i++) {
		j = &fp->docs.v[i];
		j->key = doc_key(b, j);
		if ((j->keep = output_unchanged(b->out, j->rel, j->key,
		    none)))
			continue;
		plan_copies(b, j, a);
		for (k = 0; k < j->doc.nitems; k++)
			if (j->doc.copy == NULL || j->doc.copy[k].len == 0)
				((struct post *)j->doc.items[k]->post)->needed =
				    true;
		if (j->fn != NULL && b->next != NULL)
			j->doc.spans = arena_zalloc(a, (j->doc.nitems + 1) *
			    sizeof(*j->doc.spans));
	}
	/* The digest's posts are those of the newest feeds.entries days. */
	{
		struct hasher	 h;
		size_t		 last;

		for (last = 0; last < n; last++)
			if ((last == 0 || !same_day(&fp->items[last - 1],
			    &fp->items[last])) && ++days > c->feed_entries)
				break;
		hash_init(&h);
		hash_key(&h, b->env);
		hash_str(&h, "feeds/digest.xml");
		hash_u64(&h, last);
		for (i = 0; i < last; i++)
			render_hash_post(&h, b, b->posts[i]);
		fp->digest_key = hash_final(&h);
		fp->digest_keep = output_unchanged(b->out, "feeds/digest.xml",
		    fp->digest_key, none);
		for (i = 0; !fp->digest_keep && i < last; i++)
			b->posts[i]->needed = true;
	}
	fp->sitemap_key = sitemap_key(b);
	fp->sitemap_keep = output_unchanged(b->out, "sitemap.xml",
	    fp->sitemap_key, none);
	return fp;
}

struct itemjob {
	const struct build	*b;
	const struct feed_hooks	*h;
	const char		*site_title;
	struct feed_item	**items;
	struct arena		*a;		/* without workers */
};

static void
item_one(struct worker *w, size_t i, void *arg)
{
	struct itemjob		*j = arg;
	struct feed_item	*it = j->items[i];
	struct arena		*a = w != NULL ? w->a : j->a;
	unsigned		 docs = it->docs;

	/* Made anew, the item forgets the count feed_write_all gave it. */
	feed_item_make(it, it->post, j->b->conf, j->site_title, j->h, a,
	    j->b->d);
	it->docs = docs;
	if (docs > 1)
		share_content(it, a);
}

int
feed_write_all(const struct build *b, const struct feed_hooks *h)
{
	struct feed_plan	*fp = b->feeds;
	struct arena		*a = fp->a;
	struct feed_item	**make;
	struct itemjob		 job;
	struct docrun		 run = { b, &fp->docs, 1, 0 };
	size_t			 i, k, nmake = 0;
	int			 rc = 0;

	/* What several documents hold is escaped and written once. */
	for (i = 0; i < fp->docs.n; i++)
		for (k = 0; !fp->docs.v[i].keep &&
		    k < fp->docs.v[i].doc.nitems; k++)
			((struct feed_item *)fp->docs.v[i].doc.items[k])->docs++;
	/*
	 * Items of the posts loaded in full: those of the documents to
	 * write (the others' posts may be light).  Parsing post content is
	 * most of the work: spread it.
	 */
	make = arena_alloc(a, (fp->n + fp->extras.n + 1) * sizeof(*make));
	for (i = 0; i < fp->n; i++)
		if (!fp->items[i].post->light)
			make[nmake++] = &fp->items[i];
	for (i = 0; i < fp->extras.n; i++)
		if (!fp->extras.v[i]->post->light)
			make[nmake++] = fp->extras.v[i];
	job.b = b;
	job.h = h;
	job.site_title = fp->site.title;
	job.items = make;
	job.a = a;
	if (h->run != NULL && b->workers != NULL && b->jobs > 0)
		h->run(b->workers, b->jobs, nmake, item_one, &job);
	else
		for (i = 0; i < nmake; i++)
			item_one(NULL, i, &job);
	/* Documents that copy entries need their other posts' dates. */
	for (i = 0; i < fp->docs.n; i++)
		for (k = 0; fp->docs.v[i].doc.copy != NULL &&
		    k < fp->docs.v[i].doc.nitems; k++)
			if (fp->docs.v[i].doc.items[k]->post->light)
				item_dates((struct feed_item *)
				    fp->docs.v[i].doc.items[k],
				    fp->docs.v[i].doc.items[k]->post, b->conf,
				    h);
	if (fp->digest_keep)
		output_keep(b->out, "feeds/digest.xml");
	else if (write_digest(&fp->docs, b, &fp->site, fp->items, fp->n, h,
	    a) < 0)
		rc = -1;
	else
		fp->docs.v[fp->docs.n - 1].key = fp->digest_key;
	run.stride = pool_stride(fp->docs.n, b->jobs);
	if (h->run != NULL && b->workers != NULL && b->jobs > 0)
		h->run(b->workers, b->jobs, fp->docs.n, write_one, &run);
	else
		for (i = 0; i < fp->docs.n; i++)
			write_one(NULL, i, &run);
	if (atomic_load(&run.failed))
		rc = -1;
	for (i = 0; b->next != NULL && i < fp->docs.n; i++)
		put_spans(b->next, &fp->docs.v[i], a);
	if (fp->sitemap_keep)
		output_keep(b->out, "sitemap.xml");
	else if (sitemap_end(b, h) < 0)
		rc = -1;
	else
		output_write_job(b->out, "sitemap.xml", fp->sitemap_key,
		    fp->sitemap.data, fp->sitemap.len);
	feed_plan_free(fp);
	return rc;
}

void
feed_plan_free(struct feed_plan *fp)
{
	size_t	 i, k;

	if (fp == NULL)
		return;
	if (fp->sitemap_started)
		pthread_join(fp->sitemap_thread, NULL);
	buf_free(&fp->sitemap);
	arena_free(fp->sitemap_a);
	for (i = 0; i < fp->docs.n; i++)
		buf_free(&fp->docs.v[i].old);
	for (i = 0; i < fp->n + fp->extras.n; i++)
		for (k = 0; k < 2; k++)
			free(atomic_load(&(i < fp->n ? &fp->items[i] :
			    fp->extras.v[i - fp->n])->written[k]));
	free(fp->extras.v);
	arena_free(fp->a);
	free(fp);
}
