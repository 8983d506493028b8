/*
 * check: see check.h.
 *
 * The tree is listed once (sorted, so findings come in a stable order)
 * and every link is turned into an absolute URL with libxml2's
 * xmlBuildURI against the page's own URL, as a browser would; a link is
 * internal when that URL starts with the site's base URL, and the rest,
 * without query and fragment and percent-decoded, names the file.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include "check.h"
#include "diag.h"
#include "url.h"
#include "util.h"

/* A base for sites without feeds: nothing real lives under it. */
#define FALLBACK_BASE	"http://heraldo.invalid/"
#define NS_ATOM		"http://www.w3.org/2005/Atom"
#define BLANKS		" \t\n\r\f"
/* Characters a URI may hold that xmlURIEscapeStr must leave alone. */

struct tree {
	const char	*dir;		/* as given, trailing "/" dropped */
	size_t		 dirlen;
	char		**files;	/* relative to dir, sorted */
	size_t		 n, cap;
	char		*base;		/* the site's base URL, ends in "/" */
	struct diags	*d;
	size_t		 findings;
};

static bool
exists(const struct tree *t, const char *rel)
{
	return bsearch(&rel, t->files, t->n, sizeof(*t->files),
	    util_cmp_strp) != NULL;
}

/* "public/2012/12/x.html": where the user finds the file. */
static char *
shown(const struct tree *t, const char *rel)
{
	size_t	 n = t->dirlen + 1 + strlen(rel) + 1;
	char	*s = xmalloc(n);

	snprintf(s, n, "%.*s/%s", (int)t->dirlen, t->dir, rel);
	return s;
}

static void	finding(struct tree *, const char *, long, const char *, ...)
		    __attribute__((format(printf, 4, 5)));

/* Record a finding in the file "rel" of the tree, at "line" if known. */
static void
finding(struct tree *t, const char *rel, long line, const char *fmt, ...)
{
	char	*path = shown(t, rel);
	va_list	 ap;

	va_start(ap, fmt);
	diag_add(t->d, DIAG_ERROR, path, line > 0 ? (unsigned)line : 0, 0,
	    fmt, ap);
	va_end(ap);
	free(path);
	t->findings++;
}

static void
add_file(struct tree *t, const char *rel)
{
	if (t->n == t->cap) {
		t->cap = t->cap > 0 ? t->cap * 2 : 64;
		t->files = xrealloc(t->files, t->cap * sizeof(*t->files));
	}
	t->files[t->n++] = xstrdup(rel);
}

/* dir/rel/name as a malloc'd path; "rel" and "name" may be "". */
static char *
join(const struct tree *t, const char *rel, const char *name)
{
	size_t	 n = t->dirlen + strlen(rel) + strlen(name) + 3;
	char	*s = xmalloc(n);

	snprintf(s, n, "%.*s%s%s%s%s", (int)t->dirlen, t->dir,
	    rel[0] != '\0' ? "/" : "", rel, name[0] != '\0' ? "/" : "", name);
	return s;
}

/* List the files under dir/rel ("" for the root), following links. */
static int
scan(struct tree *t, const char *rel)
{
	char		*path, *full, *sub;
	char		**names = NULL;
	size_t		 n = 0, cap = 0, i;
	struct dirent	*e;
	struct stat	 st;
	DIR		*dir;
	int		 rc = 0;

	path = join(t, rel, "");
	if ((dir = opendir(path)) == NULL) {
		rc = diag_error(t->d, path, 0, 0, "cannot read: %s",
		    strerror(errno));
		free(path);
		return rc;
	}
	free(path);
	/* Names first, so that no folder stays open while we descend. */
	while ((e = readdir(dir)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap > 0 ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dir);
	for (i = 0; i < n; i++) {
		full = join(t, rel, names[i]);
		sub = full + t->dirlen + 1;
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (scan(t, sub) < 0)
				rc = -1;
		} else if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
			add_file(t, sub);
		free(full);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* url_resolve's result as libxml2's string (xmlFree it), or NULL. */
static xmlChar *
resolve(const char *ref, size_t len, const xmlChar *base)
{
	char	*r = url_resolve((const char *)base, ref, len);
	xmlChar	*x = r != NULL ? xmlStrdup(BAD_CAST r) : NULL;

	free(r);
	return x;
}

/*
 * The file an absolute URL names in the tree (malloc'd), or NULL when
 * the URL is not under the site's base.
 */
static char *
internal_path(const struct tree *t, const char *abs)
{
	size_t	 n = strlen(t->base), len;
	char	*dec, *rel;

	if (strncmp(abs, t->base, n) != 0) {
		/* "https://x/blog" is the home page of "https://x/blog/". */
		if (strlen(abs) + 1 != n || strncmp(abs, t->base, n - 1) != 0)
			return NULL;
		abs += n - 1;
	} else
		abs += n;
	len = strcspn(abs, "?#");
	if ((dec = xmlURIUnescapeString(abs, (int)len, NULL)) == NULL)
		return NULL;
	len = strlen(dec);
	rel = xmalloc(len + sizeof("index.html"));
	memcpy(rel, dec, len + 1);
	xmlFree(dec);
	if (len == 0 || rel[len - 1] == '/')
		memcpy(rel + len, "index.html", sizeof("index.html"));
	return rel;
}

/* Check one link found in "rel" at "line", resolved against "base". */
static void
check_link(struct tree *t, const char *rel, long line, const char *what,
    const char *value, size_t len, const xmlChar *base)
{
	xmlChar		*abs;
	char		*target, *dir, *v;

	v = xstrndup(value, len);
	if ((abs = resolve(value, len, base)) == NULL) {
		finding(t, rel, line, "%s \"%s\": not a URL", what, v);
		free(v);
		return;
	}
	if ((target = internal_path(t, (const char *)abs)) != NULL &&
	    !exists(t, target)) {
		/* A folder URL without its final "/" still finds index.html. */
		dir = xmalloc(strlen(target) + sizeof("/index.html"));
		strcpy(dir, target);
		strcat(dir, "/index.html");
		if (!exists(t, dir))
			finding(t, rel, line, "%s \"%s\": no %s in the output",
			    what, v, target);
		free(dir);
	}
	free(target);
	xmlFree(abs);
	free(v);
}

/* Each URL of a srcset ("a.png 1x, b.png 2x"). */
static void
check_srcset(struct tree *t, const char *rel, long line, const char *v,
    const xmlChar *base)
{
	const char	*u;
	size_t		 n;

	for (;;) {
		while (*v == ',' || (*v != '\0' && strchr(BLANKS, *v) != NULL))
			v++;
		if (*v == '\0')
			return;
		u = v;
		v += strcspn(v, BLANKS);
		n = (size_t)(v - u);
		if (u[n - 1] == ',') {
			while (n > 0 && u[n - 1] == ',')
				n--;
		} else
			v += strcspn(v, ",");
		if (n > 0)
			check_link(t, rel, line, "broken link", u, n, base);
	}
}

static xmlChar *
attr(xmlNodePtr n, const char *name)
{
	return xmlGetProp(n, BAD_CAST name);
}

static bool
named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    xmlStrcasecmp(n->name, BAD_CAST name) == 0;
}

/* The next node of a depth-first walk below "root", without recursion. */
static xmlNodePtr
next_node(xmlNodePtr n, xmlNodePtr root)
{
	if (n->type == XML_ELEMENT_NODE && n->children != NULL)
		return n->children;
	while (n != root && n->next == NULL)
		n = n->parent;
	return n == root ? NULL : n->next;
}

static void
check_element(struct tree *t, const char *rel, xmlNodePtr n,
    const xmlChar *base)
{
	static const char *const	 names[] = { "href", "src", "poster",
					    NULL };
	const char *const		*a;
	xmlChar				*v;

	if (named(n, "base"))
		return;
	for (a = names; *a != NULL; a++) {
		if ((v = attr(n, *a)) == NULL)
			continue;
		check_link(t, rel, xmlGetLineNo(n), "broken link",
		    (const char *)v, strlen((const char *)v), base);
		xmlFree(v);
	}
	if ((v = attr(n, "srcset")) != NULL) {
		check_srcset(t, rel, xmlGetLineNo(n), (const char *)v, base);
		xmlFree(v);
	}
}

static void
check_html(struct tree *t, const char *rel)
{
	char		*path = shown(t, rel), *page;
	htmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	xmlChar		*href, *base = NULL;

	doc = htmlReadFile(path, "UTF-8", HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	free(path);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		finding(t, rel, 0, "cannot parse the page");
		xmlFreeDoc(doc);
		return;
	}
	page = xmalloc(strlen(t->base) + strlen(rel) + 1);
	strcpy(page, t->base);
	strcat(page, rel);
	/* HTML: the first <base href> sets the base of every link. */
	for (n = root; n != NULL && base == NULL; n = next_node(n, root))
		if (named(n, "base") && (href = attr(n, "href")) != NULL) {
			base = resolve((const char *)href,
			    strlen((const char *)href), BAD_CAST page);
			xmlFree(href);
		}
	if (base == NULL)
		base = xmlStrdup(BAD_CAST page);
	for (n = root; n != NULL; n = next_node(n, root))
		if (n->type == XML_ELEMENT_NODE)
			check_element(t, rel, n, base);
	xmlFree(base);
	free(page);
	xmlFreeDoc(doc);
}

static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrEqual(n->name, BAD_CAST name))
			return n;
	return NULL;
}

/* Check a link given as an element's text (RSS <link>, sitemap <loc>). */
static void
check_text(struct tree *t, const char *rel, xmlNodePtr n, const char *what,
    const xmlChar *base)
{
	xmlChar	*s;

	if (n == NULL || (s = xmlNodeGetContent(n)) == NULL)
		return;
	check_link(t, rel, xmlGetLineNo(n), what, (const char *)s,
	    strlen((const char *)s), base);
	xmlFree(s);
}

/* The alternate link of an Atom entry (a link with no rel is one). */
static void
check_entry(struct tree *t, const char *rel, xmlNodePtr e,
    const xmlChar *base)
{
	xmlNodePtr	 n;
	xmlChar		*r, *href;

	for (n = e->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    !xmlStrEqual(n->name, BAD_CAST "link"))
			continue;
		r = attr(n, "rel");
		if ((r == NULL || xmlStrEqual(r, BAD_CAST "alternate")) &&
		    (href = attr(n, "href")) != NULL) {
			check_link(t, rel, xmlGetLineNo(n), "broken entry link",
			    (const char *)href, strlen((const char *)href),
			    base);
			xmlFree(href);
		}
		xmlFree(r);
	}
}

static xmlDocPtr
read_xml(struct tree *t, const char *rel, bool report)
{
	xmlParserCtxtPtr	 ctxt;
	xmlDocPtr		 doc = NULL;
	const xmlError		*e;
	char			*path = shown(t, rel), *msg;
	size_t			 n;

	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		free(path);
		return NULL;
	}
	doc = xmlCtxtReadFile(ctxt, path, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if ((doc == NULL || !ctxt->wellFormed) && report) {
		e = xmlCtxtGetLastError(ctxt);
		msg = xstrdup(e != NULL && e->message != NULL ? e->message :
		    "unreadable");
		n = strlen(msg);
		while (n > 0 && strchr(BLANKS, msg[n - 1]) != NULL)
			msg[--n] = '\0';
		diag_error(t->d, path, e != NULL && e->line > 0 ?
		    (unsigned)e->line : 0, e != NULL && e->int2 > 0 ?
		    (unsigned)e->int2 : 0, "not well-formed XML: %s", msg);
		t->findings++;
		free(msg);
	}
	if (doc != NULL && !ctxt->wellFormed) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	free(path);
	return doc;
}

static void
check_xml(struct tree *t, const char *rel)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	char		*self;

	if ((doc = read_xml(t, rel, true)) == NULL)
		return;
	root = xmlDocGetRootElement(doc);
	self = xmalloc(strlen(t->base) + strlen(rel) + 1);
	strcpy(self, t->base);
	strcat(self, rel);
	if (root != NULL && xmlStrEqual(root->name, BAD_CAST "feed")) {
		for (n = root->children; n != NULL; n = n->next)
			if (n->type == XML_ELEMENT_NODE &&
			    xmlStrEqual(n->name, BAD_CAST "entry"))
				check_entry(t, rel, n, BAD_CAST self);
	} else if (root != NULL && xmlStrEqual(root->name, BAD_CAST "rss")) {
		n = child(root, "channel");
		for (n = n != NULL ? n->children : NULL; n != NULL; n = n->next)
			if (n->type == XML_ELEMENT_NODE &&
			    xmlStrEqual(n->name, BAD_CAST "item"))
				check_text(t, rel, child(n, "link"),
				    "broken entry link", BAD_CAST self);
	} else if (root != NULL && xmlStrEqual(root->name, BAD_CAST "urlset")) {
		for (n = root->children; n != NULL; n = n->next)
			if (n->type == XML_ELEMENT_NODE &&
			    xmlStrEqual(n->name, BAD_CAST "url"))
				check_text(t, rel, child(n, "loc"),
				    "broken sitemap location", BAD_CAST self);
	}
	free(self);
	xmlFreeDoc(doc);
}

/*
 * The site's base URL from the Atom feed at "rel": its self link less
 * "rel" itself.  NULL if it has none that ends so.
 */
static char *
base_from(struct tree *t, const char *rel)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n;
	xmlChar		*r, *href;
	char		*base = NULL;
	size_t		 hl, rl = strlen(rel);

	if ((doc = read_xml(t, rel, false)) == NULL)
		return NULL;
	root = xmlDocGetRootElement(doc);
	for (n = root != NULL ? root->children : NULL; n != NULL &&
	    base == NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || n->ns == NULL ||
		    !xmlStrEqual(n->ns->href, BAD_CAST NS_ATOM) ||
		    !xmlStrEqual(n->name, BAD_CAST "link"))
			continue;
		r = attr(n, "rel");
		href = attr(n, "href");
		if (r != NULL && href != NULL &&
		    xmlStrEqual(r, BAD_CAST "self") &&
		    (hl = strlen((const char *)href)) > rl &&
		    strcmp((const char *)href + hl - rl, rel) == 0 &&
		    href[hl - rl - 1] == '/')
			base = xstrndup((const char *)href, hl - rl);
		xmlFree(r);
		xmlFree(href);
	}
	xmlFreeDoc(doc);
	return base;
}

int
check_run(const char *out_dir, struct diags *d)
{
	struct tree	 t;
	size_t		 i;
	int		 rc = -1;

	xmlInitParser();
	memset(&t, 0, sizeof(t));
	t.dir = out_dir;
	t.dirlen = strlen(out_dir);
	while (t.dirlen > 1 && out_dir[t.dirlen - 1] == '/')
		t.dirlen--;
	t.d = d;
	if (scan(&t, "") < 0)
		goto out;
	qsort(t.files, t.n, sizeof(*t.files), util_cmp_strp);

	if (exists(&t, "feeds/atom.xml"))
		t.base = base_from(&t, "feeds/atom.xml");
	for (i = 0; i < t.n && t.base == NULL; i++)
		if (util_endswith(t.files[i], ".xml"))
			t.base = base_from(&t, t.files[i]);
	if (t.base == NULL)
		t.base = xstrdup(FALLBACK_BASE);

	for (i = 0; i < t.n; i++) {
		if (util_endswith(t.files[i], ".xml"))
			check_xml(&t, t.files[i]);
		else if (util_endswith(t.files[i], ".html") ||
		    util_endswith(t.files[i], ".htm"))
			check_html(&t, t.files[i]);
	}
	rc = t.findings > 0 ? -1 : 0;
out:
	for (i = 0; i < t.n; i++)
		free(t.files[i]);
	free(t.files);
	free(t.base);
	return rc;
}
