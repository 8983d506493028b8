/*
 * import_blogger: see import_blogger.h.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "import.h"
#include "import_blogger.h"
#include "import_xml.h"
#include "util.h"

#define NS_ATOM		"http://www.w3.org/2005/Atom"
#define NS_APP		"http://purl.org/atom/app#"
#define NS_BLOGGER	"http://schemas.google.com/blogger/2018"
#define SCHEME_KIND	"http://schemas.google.com/g/2005#kind"
#define SCHEME_LABEL	"http://www.blogger.com/atom/ns#"
#define KIND		"http://schemas.google.com/blogger/2008/kind#"

struct blog {
	struct importer		*imp;
	struct import_settings	 set;
	struct diags		*d;
	const char		*path;
	int			 rc;
};

/* The kind of an entry: "post", "page", "comment", ...; "" if none. */
static const char *
entry_kind(const xmlNode *e, char **own)
{
	const xmlNode	*k;
	const char	*scheme, *term;
	char		*t;

	*own = NULL;
	for (k = e->children; k != NULL; k = k->next) {
		if (!import_xml_is(k, NS_ATOM, "category"))
			continue;
		scheme = import_xml_attr(k, "scheme");
		term = import_xml_attr(k, "term");
		if (scheme != NULL && term != NULL &&
		    strcmp(scheme, SCHEME_KIND) == 0 &&
		    strncmp(term, KIND, strlen(KIND)) == 0)
			return term + strlen(KIND);
	}
	/* Takeout: <blogger:type>POST</blogger:type>. */
	if ((k = import_xml_child(e, NS_BLOGGER, "type")) != NULL) {
		*own = t = import_xml_text(k);
		for (; *t != '\0'; t++)
			if (*t >= 'A' && *t <= 'Z')
				*t = (char)(*t - 'A' + 'a');
		return *own;
	}
	return "";
}

static char *
child_text(const xmlNode *e, const char *ns, const char *name)
{
	return import_xml_text(import_xml_child(e, ns, name));
}

/* A setting entry: its id ends in ".settings.NAME"; its content is it. */
static void
read_setting(struct blog *b, const xmlNode *e)
{
	char		*id = child_text(e, NS_ATOM, "id");
	char		*val = child_text(e, NS_ATOM, "content");
	const char	*name = strstr(id, ".settings.");
	struct arena	*a = import_arena(b->imp);

	if (name != NULL && *val != '\0') {
		name += strlen(".settings.");
		if (strcmp(name, "BLOG_NAME") == 0)
			b->set.title = arena_strdup(a, val);
		else if (strcmp(name, "BLOG_DESCRIPTION") == 0)
			b->set.description = arena_strdup(a, val);
		else if (strcmp(name, "BLOG_LOCALE") == 0)
			b->set.locale = arena_strdup(a, val);
		else if (strcmp(name, "BLOG_TIME_ZONE") == 0)
			b->set.timezone = arena_strdup(a, val);
	}
	free(id);
	free(val);
}

/* The feed's own title and address, before the entries. */
static void
read_feed_child(struct blog *b, const xmlNode *n)
{
	struct arena	*a = import_arena(b->imp);
	const char	*rel, *href;
	char		*t;

	if (import_xml_is(n, NS_ATOM, "title") && b->set.title == NULL) {
		t = import_xml_text(n);
		if (*t != '\0')
			b->set.title = arena_strdup(a, t);
		free(t);
	} else if (import_xml_is(n, NS_ATOM, "link")) {
		rel = import_xml_attr(n, "rel");
		href = import_xml_attr(n, "href");
		if (rel != NULL && href != NULL &&
		    strcmp(rel, "alternate") == 0 && b->set.base_url == NULL)
			b->set.base_url = arena_strdup(a, href);
	}
}

static const char *
alternate(const xmlNode *e)
{
	const xmlNode	*k;
	const char	*rel;

	for (k = e->children; k != NULL; k = k->next)
		if (import_xml_is(k, NS_ATOM, "link") &&
		    (rel = import_xml_attr(k, "rel")) != NULL &&
		    strcmp(rel, "alternate") == 0)
			return import_xml_attr(k, "href");
	return NULL;
}

static bool
is_draft(const xmlNode *e)
{
	const xmlNode	*c = import_xml_child(e, NS_APP, "control");
	char		*t;
	bool		 yes = false;

	if (c != NULL) {
		t = child_text(c, NS_APP, "draft");
		yes = strcmp(t, "yes") == 0;
		free(t);
	}
	if ((c = import_xml_child(e, NS_BLOGGER, "status")) != NULL) {
		t = import_xml_text(c);
		yes = yes || strcmp(t, "DRAFT") == 0;
		free(t);
	}
	return yes;
}

static void
date_of(struct blog *b, struct import_date *dt, const xmlNode *e,
    const char *name)
{
	const xmlNode	*n = import_xml_child(e, NS_ATOM, name);
	char		*t;

	memset(dt, 0, sizeof(*dt));
	if (n == NULL)
		return;
	t = import_xml_text(n);
	if (!import_date_parse(dt, t))
		diag_warning(b->d, b->path, (unsigned)xmlGetLineNo(n), 0,
		    "%s: cannot read \"%s\" as an RFC 3339 date", name, t);
	free(t);
}

static void
read_entry(struct blog *b, xmlNode *e, const char *kind)
{
	struct import_item	 it;
	const xmlNode		*k, *content, *au;
	const char		*scheme, *term, *fn;
	char			*id, *title, *html, *author, *email;
	const char		**tags = NULL;
	size_t			 ntags = 0;

	memset(&it, 0, sizeof(it));
	it.kind = strcmp(kind, "page") == 0 ? IMPORT_PAGE : IMPORT_POST;
	it.line = (unsigned)xmlGetLineNo(e);
	id = child_text(e, NS_ATOM, "id");
	title = child_text(e, NS_ATOM, "title");
	content = import_xml_child(e, NS_ATOM, "content");
	html = import_xml_text(content);
	au = import_xml_child(e, NS_ATOM, "author");
	author = child_text(au, NS_ATOM, "name");
	email = child_text(au, NS_ATOM, "email");
	for (k = e->children; k != NULL; k = k->next) {
		if (!import_xml_is(k, NS_ATOM, "category"))
			continue;
		scheme = import_xml_attr(k, "scheme");
		term = import_xml_attr(k, "term");
		/* Takeout labels have no scheme. */
		if (term == NULL || *term == '\0' || (scheme != NULL &&
		    strcmp(scheme, SCHEME_LABEL) != 0))
			continue;
		tags = xrealloc(tags, (ntags + 1) * sizeof(*tags));
		tags[ntags++] = term;
	}
	it.id = id;
	it.title = title;
	date_of(b, &it.published, e, "published");
	date_of(b, &it.updated, e, "updated");
	/* Blogger's "Unknown" stands for no name. */
	it.author = *author != '\0' && strcmp(author, "Unknown") != 0 ?
	    author : NULL;
	it.author_email = *email != '\0' ? email : NULL;
	it.tags = tags;
	it.ntags = ntags;
	it.draft = is_draft(e);
	it.old_url = alternate(e);
	if (it.old_url == NULL && (k = import_xml_child(e, NS_BLOGGER,
	    "filename")) != NULL && (fn = (const char *)k->children) != NULL) {
		char	*f = import_xml_text(k);

		it.old_url = *f != '\0' ? arena_strdup(import_arena(b->imp),
		    f) : NULL;
		free(f);
	}
	it.html = html;
	it.html_len = strlen(html);
	if (content != NULL)
		it.line = (unsigned)xmlGetLineNo(content);
	if (import_add(b->imp, &it) < 0)
		b->rc = -1;
	free(tags);
	free(id);
	free(title);
	free(html);
	free(author);
	free(email);
}

static void
handle(struct blog *b, xmlNode *n, bool settings)
{
	const char	*kind;
	char		*own;

	if (!import_xml_is(n, NS_ATOM, "entry")) {
		if (settings)
			read_feed_child(b, n);
		return;
	}
	kind = entry_kind(n, &own);
	if (settings) {
		if (strcmp(kind, "settings") == 0)
			read_setting(b, n);
	} else if (strcmp(kind, "post") == 0 || strcmp(kind, "page") == 0)
		read_entry(b, n, kind);
	else
		import_skip(b->imp, *kind != '\0' ? kind : "entry of no kind");
	free(own);
}

/*
 * One pass over the feed: "settings" collects the feed's title and link
 * and the settings entries; otherwise entries are imported.  Each child
 * of <feed> is expanded alone, then skipped over (xmlTextReaderNext), so
 * one entry at a time is in memory.
 */
static int
pass(struct blog *b, bool settings)
{
	struct import_xml	 x;
	xmlNode			*n;
	const char		*name;
	int			 rc, depth, type;

	if (import_xml_open(&x, b->path, b->d) < 0)
		return -1;
	rc = xmlTextReaderRead(x.r);
	while (rc == 1) {
		depth = xmlTextReaderDepth(x.r);
		type = xmlTextReaderNodeType(x.r);
		if (type == XML_READER_TYPE_ELEMENT && depth == 0) {
			name = (const char *)xmlTextReaderConstLocalName(x.r);
			if (strcmp(name, "feed") != 0) {
				diag_error(b->d, b->path, (unsigned)
				    xmlGetLineNo(xmlTextReaderCurrentNode(
				    x.r)), 0,
				    "expected a Blogger export (an Atom "
				    "<feed>), found <%s>", name);
				import_xml_close(&x);
				return -1;
			}
		} else if (type == XML_READER_TYPE_ELEMENT && depth == 1 &&
		    (n = xmlTextReaderExpand(x.r)) != NULL) {
			handle(b, n, settings);
			rc = xmlTextReaderNext(x.r);
			continue;
		}
		rc = xmlTextReaderRead(x.r);
	}
	rc = rc < 0 || x.errors > 0 ? -1 : 0;
	if (rc < 0 && x.errors == 0)
		diag_error(b->d, b->path, 0, 0, "cannot read the export");
	import_xml_close(&x);
	return rc;
}

int
import_blogger(struct importer *imp, const char *path, struct diags *d)
{
	struct blog	 b;

	memset(&b, 0, sizeof(b));
	b.imp = imp;
	b.d = d;
	b.path = path;
	if (pass(&b, true) < 0)
		return -1;
	import_settings(imp, &b.set);
	if (pass(&b, false) < 0)
		return -1;
	return b.rc;
}
