/*
 * html2md_int: what the parts of the HTML-to-Markdown converter share:
 * html2md.c (the walk, blocks and inline Markdown), html2md_raw.c (HTML
 * kept as it is) and html2md_table.c (GFM tables).  Not for other
 * modules: html2md.h is the interface.
 */
#ifndef HERALDO_HTML2MD_INT_H
#define HERALDO_HTML2MD_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "import_xml.h"	/* import_xml_attr */

struct buf;
struct diags;

/* Deeper nesting than this is written as plain text. */
#define MAX_DEPTH	128

struct conv {
	const struct html2md_opts	*o;
	struct html2md_stats		*st;
	struct diags			*d;
	unsigned			 depth;
	unsigned			 in_strong, in_em, in_del, in_link;
	bool				 in_cell;
};

/* Elements GFM's tag filter escapes; void elements; HTML block tags. */
extern const char *const html2md_filtered_tags[];
extern const char *const html2md_void_tags[];
extern const char *const html2md_block6_tags[];

/* Lookups in the tree libxml2's HTML parser made. */
bool		 html2md_in_list(const char *name, const char *const *list);
bool		 html2md_is_el(const xmlNode *n, const char *name);
const char	*html2md_name_of(const xmlNode *n);
bool		 html2md_is_inline(const xmlNode *n);
bool		 html2md_has_el(const xmlNode *n, const char *name);
size_t		 html2md_text_len(const xmlNode *n);

/* A warning placed at the element's line; counts st->changed. */
void		 html2md_warn(struct conv *, const xmlNode *, const char *,
		    ...)
		    __attribute__((format(printf, 3, 4)));

/* Inline Markdown of the nodes from n on, appended to b. */
void		 html2md_conv_inlines(struct conv *, xmlNode *n,
		    struct buf *b);

/* Spaces, line ends and hard breaks off both ends of b. */
void		 html2md_trim(struct buf *b);

/*
 * HTML as it is (html2md_raw.c): n serialised into b without blank
 * lines; "top" when it opens an HTML block (CommonMark 4.6).
 */
void		 html2md_raw_node(struct buf *b, xmlNode *n, bool top);
void		 html2md_raw_open(struct buf *b, const xmlNode *n);
bool		 html2md_has_filtered(const xmlNode *n);

/*
 * Take out, under n, what GFM's tag filter would print as text: an
 * iframe becomes a link to its address, the rest is left out; each with
 * a warning.
 */
void		 html2md_defuse(struct conv *, xmlNode *n);

/*
 * A GFM table for <table> t into out (html2md_table.c), or false when
 * it is not simple (merged cells, blocks in cells, no header row).
 */
bool		 html2md_table(struct conv *, struct buf *out, xmlNode *t);

#endif /* !HERALDO_HTML2MD_INT_H */
