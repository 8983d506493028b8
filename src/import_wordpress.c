/*
 * import_wordpress: see import_wordpress.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "import.h"
#include "import_wordpress.h"
#include "import_xml.h"
#include "util.h"

#define NS_WP		"http://wordpress.org/export/"
#define NS_CONTENT	"http://purl.org/rss/1.0/modules/content/"
#define NS_DC		"http://purl.org/dc/elements/1.1/"

struct author {
	const char	*login, *name, *email;
};

struct pattern {
	const char	*pattern;
	unsigned	 n;
};

struct wxr {
	struct importer		*imp;
	struct arena		*a;		/* the importer's */
	struct arena		*ia;		/* this item's */
	struct diags		*d;
	const char		*path;
	struct import_settings	 set;
	struct author		*authors;
	size_t			 nauthors;
	struct pattern		*pats;
	size_t			 npats;
	int			 offset;	/* every post's, unless */
	bool			 mixed;		/* ... they differ */
	bool			 any_offset;
	int			 rc;
};

/* Is n an element "name" of a WXR namespace (1.0, 1.1, 1.2), not excerpt? */
static bool
is_wp(const xmlNode *n, const char *name)
{
	const char	*href;

	if (n == NULL || n->type != XML_ELEMENT_NODE || n->ns == NULL ||
	    strcmp((const char *)n->name, name) != 0)
		return false;
	href = (const char *)n->ns->href;
	return strncmp(href, NS_WP, strlen(NS_WP)) == 0 &&
	    strstr(href, "excerpt") == NULL;
}

static xmlNode *
wp_child(const xmlNode *n, const char *name)
{
	xmlNode	*k;

	for (k = n->children; k != NULL; k = k->next)
		if (is_wp(k, name))
			return k;
	return NULL;
}

static xmlNode *
excerpt_child(const xmlNode *n)
{
	xmlNode	*k;

	for (k = n->children; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE && k->ns != NULL &&
		    strcmp((const char *)k->name, "encoded") == 0 &&
		    strstr((const char *)k->ns->href, "excerpt") != NULL)
			return k;
	return NULL;
}

/*
 * Text of a node in w->ia, the arena of the item being read ("" when
 * absent): freed with the item, so a big export's posts do not pile up.
 */
static const char *
text_in(struct wxr *w, const xmlNode *n)
{
	char		*t = import_xml_text(n);
	const char	*s = arena_strdup(w->ia, t);

	free(t);
	return s;
}

static const char *
wp_text(struct wxr *w, const xmlNode *item, const char *name)
{
	return text_in(w, wp_child(item, name));
}

static void
read_author(struct wxr *w, const xmlNode *n)
{
	struct author	*au;

	w->authors = xrealloc(w->authors, (w->nauthors + 1) *
	    sizeof(*w->authors));
	au = &w->authors[w->nauthors++];
	au->login = arena_strdup(w->a, wp_text(w, n, "author_login"));
	au->name = arena_strdup(w->a, wp_text(w, n,
	    "author_display_name"));
	au->email = arena_strdup(w->a, wp_text(w, n, "author_email"));
	if (*au->name == '\0')
		au->name = au->login;
}

static const struct author *
author_of(const struct wxr *w, const char *login)
{
	size_t	 i;

	for (i = 0; i < w->nauthors; i++)
		if (strcmp(w->authors[i].login, login) == 0)
			return &w->authors[i];
	return NULL;
}

/* "2012-10-19 09:14:00", read as if UTC; false if it is not a date. */
static bool
wp_date(struct import_date *dt, const char *s)
{
	char	 buf[32];

	if (strlen(s) != 19 || strncmp(s, "0000", 4) == 0)
		return false;
	snprintf(buf, sizeof(buf), "%.10sT%.8sZ", s, s + 11);
	return import_date_parse(dt, buf);
}

/* The instant of gmt, with the offset local - gmt. */
static bool
wp_instant(struct import_date *dt, const char *local, const char *gmt)
{
	struct import_date	 l;

	if (!wp_date(&l, local))
		return false;
	if (!wp_date(dt, gmt)) {
		*dt = l;	/* drafts have no GMT date: take it as UTC */
		return true;
	}
	dt->offset = (int)((l.t - dt->t) / 60);
	if (dt->offset < -18 * 60 || dt->offset > 18 * 60)
		dt->offset = 0;
	return true;
}

/* %XX sequences decoded (post_name is stored percent-encoded). */
static const char *
unpercent(struct arena *a, const char *in)
{
	char		*out = arena_alloc(a, strlen(in) + 1), *o = out;
	const char	*s;
	int		 hi, lo;

	for (s = in; *s != '\0'; s++) {
		if (*s == '%' && s[1] != '\0' && s[2] != '\0' &&
		    (hi = strchr("0123456789abcdef", s[1] | 0x20) != NULL ?
		    (int)(strchr("0123456789abcdef", s[1] | 0x20) -
		    "0123456789abcdef") : -1) >= 0 &&
		    (lo = strchr("0123456789abcdef", s[2] | 0x20) != NULL ?
		    (int)(strchr("0123456789abcdef", s[2] | 0x20) -
		    "0123456789abcdef") : -1) >= 0) {
			*o++ = (char)(hi * 16 + lo);
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
	return util_utf8_valid(out, (size_t)(o - out), NULL) ? out : in;
}

/*
 * The heraldo pattern a published post's link follows: its path with the
 * post's year, month, day and name put back as :year, :month, :day and
 * :slug; NULL when the name is not in it (as in "/?p=12").
 */
static const char *
link_pattern(struct wxr *w, const char *link, const char *date,
    const char *name)
{
	const char	*p = strstr(link, "://"), *seg, *end;
	char		 y[5], m[3], dd[3];
	char		*out;
	size_t		 n, len;
	bool		 slug = false;

	if (p == NULL || strlen(date) < 10 || *name == '\0')
		return NULL;
	p = strchr(p + 3, '/');
	if (p == NULL || strchr(p, '?') != NULL || strchr(p, '#') != NULL)
		return NULL;
	memcpy(y, date, 4);
	y[4] = '\0';
	memcpy(m, date + 5, 2);
	m[2] = '\0';
	memcpy(dd, date + 8, 2);
	dd[2] = '\0';
	out = arena_alloc(w->ia, strlen(p) + 16);
	n = 0;
	for (seg = p; *seg != '\0'; seg = end) {
		out[n++] = '/';
		seg++;
		end = seg + strcspn(seg, "/");
		len = (size_t)(end - seg);
		if (len == 4 && strncmp(seg, y, 4) == 0)
			n += (size_t)sprintf(out + n, ":year");
		else if (len == 2 && strncmp(seg, m, 2) == 0)
			n += (size_t)sprintf(out + n, ":month");
		else if (len == 2 && strncmp(seg, dd, 2) == 0)
			n += (size_t)sprintf(out + n, ":day");
		else if (len == strlen(name) && strncmp(seg, name, len) == 0) {
			n += (size_t)sprintf(out + n, ":slug");
			slug = true;
		} else if (len > 5 && strncmp(seg, name, len - 5) == 0 &&
		    strcmp(seg + len - 5, ".html") == 0 &&
		    len - 5 == strlen(name)) {
			n += (size_t)sprintf(out + n, ":slug.html");
			slug = true;
		} else {
			memcpy(out + n, seg, len);
			n += len;
		}
		if (*end == '\0')
			break;
	}
	out[n] = '\0';
	return slug ? out : NULL;
}

static void
count_pattern(struct wxr *w, const char *pat)
{
	size_t	 i;

	for (i = 0; i < w->npats; i++)
		if (strcmp(w->pats[i].pattern, pat) == 0) {
			w->pats[i].n++;
			return;
		}
	w->pats = xrealloc(w->pats, (w->npats + 1) * sizeof(*w->pats));
	w->pats[w->npats].pattern = arena_strdup(w->a, pat);
	w->pats[w->npats].n = 1;
	w->npats++;
}

static bool
is_published(const char *type, const char *status)
{
	return strcmp(type, "post") == 0 && strcmp(status, "publish") == 0;
}

/* First pass over an item: its permalink pattern and UTC offset. */
static void
survey_item(struct wxr *w, const xmlNode *item)
{
	const char		*type = wp_text(w, item, "post_type");
	const char		*status = wp_text(w, item, "status");
	const char		*pat;
	struct import_date	 dt;

	if (!is_published(type, status))
		return;
	pat = link_pattern(w, text_in(w, import_xml_child(item, NULL,
	    "link")), wp_text(w, item, "post_date"),
	    wp_text(w, item, "post_name"));
	if (pat != NULL)
		count_pattern(w, pat);
	if (wp_instant(&dt, wp_text(w, item, "post_date"),
	    wp_text(w, item, "post_date_gmt"))) {
		if (w->any_offset && dt.offset != w->offset)
			w->mixed = true;
		w->offset = dt.offset;
		w->any_offset = true;
	}
}

static void
read_channel_child(struct wxr *w, const xmlNode *n)
{
	const char	*t;

	/* Settings live on: in the importer's arena. */
	if (n->ns == NULL && strcmp((const char *)n->name, "title") == 0)
		w->set.title = arena_strdup(w->a, text_in(w, n));
	else if (n->ns == NULL && strcmp((const char *)n->name,
	    "description") == 0)
		w->set.description = arena_strdup(w->a, text_in(w, n));
	else if (n->ns == NULL && strcmp((const char *)n->name, "link") == 0 &&
	    w->set.base_url == NULL)
		w->set.base_url = arena_strdup(w->a, text_in(w, n));
	else if (n->ns == NULL && strcmp((const char *)n->name,
	    "language") == 0)
		w->set.locale = arena_strdup(w->a, text_in(w, n));
	else if (is_wp(n, "base_blog_url") && *(t = text_in(w, n)) != '\0')
		w->set.base_url = arena_strdup(w->a, t);
	else if (is_wp(n, "author"))
		read_author(w, n);
}

/* The value of attribute "name" in a shortcode's "a=\"x\" b='y'", or NULL. */
static unsigned
lines_before(const char *s, const char *p)
{
	unsigned	 n = 0;

	for (; s < p; s++)
		n += *s == '\n';
	return n;
}

static const char *
sc_attr(struct wxr *w, const char *attrs, size_t len, const char *name)
{
	size_t		 n = strlen(name), i, e;
	char		 q;

	for (i = 0; i + n < len; i++) {
		if (strncmp(attrs + i, name, n) != 0 || attrs[i + n] != '=' ||
		    (i > 0 && attrs[i - 1] != ' '))
			continue;
		i += n + 1;
		q = attrs[i] == '"' || attrs[i] == '\'' ? attrs[i++] : ' ';
		for (e = i; e < len && attrs[e] != q && attrs[e] != ']'; e++)
			continue;
		return arena_strndup(w->ia, attrs + i, e - i);
	}
	return NULL;
}

/*
 * WordPress's built-in shortcodes, which would print as text: [caption]
 * becomes the image and its caption as paragraphs, [embed] a link, an
 * [audio] or [video] a link to its file; [gallery] and [playlist] are
 * left out, with a warning.  Other bracketed text is text.
 */
static const char *
shortcodes(struct wxr *w, const char *html, unsigned line)
{
	static const char *const names[] = {
		"caption", "wp_caption", "embed", "audio", "video", "gallery",
		"playlist", NULL
	};
	struct buf	 b = BUF_INIT;
	const char	*s = html, *p, *end, *close, *inner, *cap, *src, *gt;
	const char	*out;
	char		 endtag[32];
	size_t		 i, n, alen, ilen;

	while ((p = strchr(s, '[')) != NULL) {
		for (i = 0; names[i] != NULL; i++) {
			n = strlen(names[i]);
			if (strncmp(p + 1, names[i], n) == 0 &&
			    (p[1 + n] == ' ' || p[1 + n] == ']'))
				break;
		}
		if (names[i] == NULL || (end = strchr(p, ']')) == NULL) {
			buf_put(&b, s, (size_t)(p - s + 1));
			s = p + 1;
			continue;
		}
		buf_put(&b, s, (size_t)(p - s));
		alen = (size_t)(end - p);
		snprintf(endtag, sizeof(endtag), "[/%s]", names[i]);
		close = strstr(end + 1, endtag);
		inner = end + 1;
		ilen = close != NULL ? (size_t)(close - inner) : 0;
		s = close != NULL ? close + strlen(endtag) : end + 1;
		if (strcmp(names[i], "caption") == 0 ||
		    strcmp(names[i], "wp_caption") == 0) {
			/* The caption is the text after the image's markup. */
			cap = sc_attr(w, p, alen, "caption");
			for (gt = inner + ilen; gt > inner && gt[-1] != '>';
			    gt--)
				continue;
			buf_puts(&b, "\n\n<p>");
			buf_put(&b, inner, (size_t)(gt - inner));
			buf_puts(&b, "</p>\n\n<p><em>");
			if (cap != NULL)
				buf_puts(&b, cap);
			else
				buf_put(&b, gt, (size_t)(inner + ilen - gt));
			buf_puts(&b, "</em></p>\n\n");
		} else if (strcmp(names[i], "embed") == 0 && ilen > 0) {
			buf_puts(&b, "<a href=\"");
			buf_put(&b, inner, ilen);
			buf_puts(&b, "\">");
			buf_put(&b, inner, ilen);
			buf_puts(&b, "</a>");
		} else if ((strcmp(names[i], "audio") == 0 ||
		    strcmp(names[i], "video") == 0) &&
		    ((src = sc_attr(w, p, alen, "src")) != NULL ||
		    (src = sc_attr(w, p, alen, "mp3")) != NULL ||
		    (src = sc_attr(w, p, alen, "mp4")) != NULL)) {
			diag_warning(w->d, w->path, line + lines_before(html,
			    p), 0, "[%s]: kept as a link to %s", names[i],
			    src);
			buf_printf(&b, "<a href=\"%s\">%s</a>", src, src);
		} else
			diag_warning(w->d, w->path, line + lines_before(html,
			    p), 0, "[%s] left out: heraldo has no %s; add the "
			    "images or files to the post by hand", names[i],
			    names[i]);
	}
	buf_puts(&b, s);
	out = arena_strdup(w->ia, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static void
read_item(struct wxr *w, xmlNode *item)
{
	struct import_item	 it;
	const struct author	*au;
	const xmlNode		*k, *content;
	const char		*type, *status, *domain, *nice, *login, *link;
	const char		**tags = NULL;
	size_t			 ntags = 0;
	unsigned		 comments = 0;

	type = wp_text(w, item, "post_type");
	status = wp_text(w, item, "status");
	for (k = item->children; k != NULL; k = k->next)
		if (is_wp(k, "comment"))
			comments++;
	for (; comments > 0; comments--)
		import_skip(w->imp, "comment");
	if (strcmp(type, "post") != 0 && strcmp(type, "page") != 0) {
		import_skip(w->imp, *type != '\0' ? type : "item of no type");
		return;
	}
	if (strcmp(status, "trash") == 0 || strcmp(status, "inherit") == 0) {
		import_skip(w->imp, status);
		return;
	}
	memset(&it, 0, sizeof(it));
	it.kind = strcmp(type, "page") == 0 ? IMPORT_PAGE : IMPORT_POST;
	it.line = (unsigned)xmlGetLineNo(item);
	it.id = arena_printf(w->ia, "wp-%s", wp_text(w, item, "post_id"));
	it.title = text_in(w, import_xml_child(item, NULL, "title"));
	if (!wp_instant(&it.published, wp_text(w, item, "post_date"),
	    wp_text(w, item, "post_date_gmt")))
		diag_warning(w->d, w->path, it.line, 0, "wp:post_date: "
		    "cannot read \"%s\" as a date", wp_text(w, item,
		    "post_date"));
	wp_instant(&it.updated, wp_text(w, item, "post_modified"),
	    wp_text(w, item, "post_modified_gmt"));
	login = text_in(w, import_xml_child(item, NS_DC, "creator"));
	au = author_of(w, login);
	it.author = au != NULL ? au->name : *login != '\0' ? login : NULL;
	it.author_email = au != NULL && *au->email != '\0' ? au->email : NULL;
	for (k = item->children; k != NULL; k = k->next) {
		if (k->ns != NULL || strcmp((const char *)k->name,
		    "category") != 0)
			continue;
		domain = import_xml_attr(k, "domain");
		nice = import_xml_attr(k, "nicename");
		if (domain == NULL || (strcmp(domain, "category") != 0 &&
		    strcmp(domain, "post_tag") != 0))
			continue;
		/* WordPress files everything under this by default. */
		if (strcmp(domain, "category") == 0 && nice != NULL &&
		    strcmp(nice, "uncategorized") == 0)
			continue;
		tags = xrealloc(tags, (ntags + 1) * sizeof(*tags));
		tags[ntags++] = text_in(w, k);
	}
	it.tags = tags;
	it.ntags = ntags;
	it.draft = strcmp(status, "publish") != 0 &&
	    strcmp(status, "future") != 0;
	if (strcmp(status, "private") == 0)
		diag_note(w->d, w->path, it.line, 0, "\"%s\" was private: "
		    "imported as a draft", it.title);
	it.slug = unpercent(w->ia, wp_text(w, item, "post_name"));
	if (*it.slug == '\0')
		it.slug = NULL;
	link = text_in(w, import_xml_child(item, NULL, "link"));
	if (strcmp(status, "publish") == 0) {
		it.old_url = *link != '\0' ? link : NULL;
		it.alt_url = text_in(w, import_xml_child(item, NULL, "guid"));
		if (strstr(it.alt_url, "?p=") == NULL &&
		    strstr(it.alt_url, "?page_id=") == NULL)
			it.alt_url = NULL;
	}
	content = import_xml_child(item, NS_CONTENT, "encoded");
	if (content != NULL)
		it.line = (unsigned)xmlGetLineNo(content);
	it.html = shortcodes(w, text_in(w, content), it.line);
	it.html_len = strlen(it.html);
	it.autop = true;
	it.summary = text_in(w, excerpt_child(item));
	if (import_add(w->imp, &it) < 0)
		w->rc = -1;
	free(tags);
}

/* One pass: "survey" reads the channel and the links; else the items. */
static int
pass(struct wxr *w, bool survey)
{
	struct import_xml	 x;
	xmlNode			*n;
	const char		*name;
	int			 rc, depth, type;

	if (import_xml_open(&x, w->path, w->d) < 0)
		return -1;
	rc = xmlTextReaderRead(x.r);
	while (rc == 1) {
		depth = xmlTextReaderDepth(x.r);
		type = xmlTextReaderNodeType(x.r);
		name = (const char *)xmlTextReaderConstLocalName(x.r);
		if (type == XML_READER_TYPE_ELEMENT && depth == 0 &&
		    strcmp(name, "rss") != 0) {
			diag_error(w->d, w->path, (unsigned)xmlGetLineNo(
			    xmlTextReaderCurrentNode(x.r)), 0, "expected a "
			    "WordPress export (WXR: an RSS <rss>), found <%s>",
			    name);
			import_xml_close(&x);
			return -1;
		}
		if (type == XML_READER_TYPE_ELEMENT && depth == 2 &&
		    (n = xmlTextReaderExpand(x.r)) != NULL) {
			w->ia = arena_new();
			if (n->ns == NULL && strcmp(name, "item") == 0) {
				if (survey)
					survey_item(w, n);
				else
					read_item(w, n);
			} else if (survey)
				read_channel_child(w, n);
			arena_free(w->ia);
			w->ia = NULL;
			rc = xmlTextReaderNext(x.r);
			continue;
		}
		rc = xmlTextReaderRead(x.r);
	}
	rc = rc < 0 || x.errors > 0 ? -1 : 0;
	if (rc < 0 && x.errors == 0)
		diag_error(w->d, w->path, 0, 0, "cannot read the export");
	import_xml_close(&x);
	return rc;
}

int
import_wordpress(struct importer *imp, const char *path, struct diags *d)
{
	struct wxr	 w;
	size_t		 i, best = 0;
	int		 h;

	memset(&w, 0, sizeof(w));
	w.imp = imp;
	w.a = import_arena(imp);
	w.d = d;
	w.path = path;
	if (pass(&w, true) < 0) {
		free(w.authors);
		free(w.pats);
		return -1;
	}
	for (i = 1; i < w.npats; i++)
		if (w.pats[i].n > w.pats[best].n)
			best = i;
	if (w.npats > 0)
		w.set.permalink = w.pats[best].pattern;
	else
		w.set.permalink = "/:year/:month/:slug/";
	/* WXR names no zone: one offset in whole hours is an Etc/ zone. */
	if (w.any_offset && !w.mixed && w.offset % 60 == 0) {
		h = w.offset / 60;
		w.set.timezone = h == 0 ? "UTC" : arena_printf(w.a,
		    "Etc/GMT%+d", -h);
	} else if (w.any_offset)
		diag_warning(d, path, 0, 0, "the export names no time zone "
		    "and its posts' UTC offsets differ: the site uses UTC; set "
		    "timezone in site.yaml (such as America/Los_Angeles)");
	import_settings(imp, &w.set);
	if (pass(&w, false) < 0)
		w.rc = -1;
	free(w.authors);
	free(w.pats);
	return w.rc;
}
