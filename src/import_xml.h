/*
 * import_xml: what the export readers (Blogger's Atom, WordPress's WXR)
 * share: libxml2's streaming reader opened with errors recorded as
 * diagnostics, and small lookups in an expanded element.
 */
#ifndef HERALDO_IMPORT_XML_H
#define HERALDO_IMPORT_XML_H

#include <stdbool.h>

#include <libxml/tree.h>
#include <libxml/xmlreader.h>

struct diags;

/* A streaming reader over one export file. */
struct import_xml {
	xmlTextReaderPtr	 r;
	struct diags		*d;
	const char		*path;
	unsigned		 errors;	/* well-formedness errors */
};

/*
 * Open a reader for file "path" into *x (no network, no entity
 * expansion, no size limit on text).  The first well-formedness error is
 * recorded in "d" at path:line:col and counted in x->errors.  Returns 0,
 * or -1 after recording an error.  Close with import_xml_close.
 */
int	import_xml_open(struct import_xml *x, const char *path,
	    struct diags *d);
void	import_xml_close(struct import_xml *x);

/* The first child element of n named "name" in namespace "ns" (or any). */
xmlNode	*import_xml_child(const xmlNode *n, const char *ns,
	    const char *name);

/* Its text (entities resolved), malloc'd; "" when absent.  Free with free. */
char	*import_xml_text(const xmlNode *n);

/* Attribute "name" of n, borrowed, or NULL. */
const char *import_xml_attr(const xmlNode *n, const char *name);

/* Is n an element named "name" in namespace "ns" (NULL: any)? */
bool	import_xml_is(const xmlNode *n, const char *ns, const char *name);

#endif /* !HERALDO_IMPORT_XML_H */
