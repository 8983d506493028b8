/*
 * import_xml: see import_xml.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlerror.h>

#include "diag.h"
#include "import_xml.h"
#include "util.h"

static void
on_error(void *arg, xmlErrorPtr err)
{
	struct import_xml	*x = arg;
	char			 msg[512];
	size_t			 n;

	if (err == NULL || err->level == XML_ERR_WARNING)
		return;
	snprintf(msg, sizeof(msg), "%s", err->message != NULL ?
	    err->message : "not well-formed");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	if (n > 0 && msg[0] >= 'A' && msg[0] <= 'Z')
		msg[0] = (char)(msg[0] - 'A' + 'a');
	/* Only the first: the ones after it follow from it. */
	if (x->errors++ == 0)
		diag_error(x->d, x->path, err->line > 0 ?
		    (unsigned)err->line : 0, err->int2 > 0 ?
		    (unsigned)err->int2 : 0, "not well-formed XML: %s; the "
		    "export may be cut short or edited by hand: export it "
		    "again", msg);
}

int
import_xml_open(struct import_xml *x, const char *path, struct diags *d)
{
	FILE	*fp;

	memset(x, 0, sizeof(*x));
	x->d = d;
	x->path = path;
	if ((fp = fopen(path, "rb")) == NULL)
		return diag_error(d, path, 0, 0, "cannot open the export: %s",
		    strerror(errno));
	fclose(fp);
	x->r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE |
	    XML_PARSE_NOCDATA);
	if (x->r == NULL)
		return diag_error(d, path, 0, 0, "cannot read the export as "
		    "XML");
	xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
	return 0;
}

void
import_xml_close(struct import_xml *x)
{
	if (x->r != NULL)
		xmlFreeTextReader(x->r);
	x->r = NULL;
}

bool
import_xml_is(const xmlNode *n, const char *ns, const char *name)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)n->name, name) != 0)
		return false;
	if (ns == NULL)
		return true;
	return n->ns != NULL && n->ns->href != NULL &&
	    strcmp((const char *)n->ns->href, ns) == 0;
}

xmlNode *
import_xml_child(const xmlNode *n, const char *ns, const char *name)
{
	xmlNode	*k;

	if (n == NULL)
		return NULL;
	for (k = n->children; k != NULL; k = k->next)
		if (import_xml_is(k, ns, name))
			return k;
	return NULL;
}

char *
import_xml_text(const xmlNode *n)
{
	xmlChar	*s;
	char	*out;

	if (n == NULL)
		return xstrdup("");
	s = xmlNodeGetContent(n);
	out = xstrdup(s != NULL ? (const char *)s : "");
	xmlFree(s);
	return out;
}

const char *
import_xml_attr(const xmlNode *n, const char *name)
{
	const xmlAttr	*a;

	if (n == NULL)
		return NULL;
	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, name) == 0)
			return a->children != NULL &&
			    a->children->content != NULL ?
			    (const char *)a->children->content : "";
	return NULL;
}
