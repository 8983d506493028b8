/*
 * html2md_table: <table> as a GFM pipe table (GFM 4.10) when every cell
 * holds inline content only, the first row is all <th> and no cell spans
 * rows or columns; other tables stay HTML.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "buf.h"
#include "html2md.h"
#include "html2md_int.h"

/* A table is simple when GFM can say it: a header row, no merged cells. */
static bool
table_rows(xmlNode *t, xmlNode **rows, size_t *nrows, size_t max)
{
	xmlNode		*k, *r;

	*nrows = 0;
	for (k = t->children; k != NULL; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (html2md_is_el(k, "tr")) {
			if (*nrows == max)
				return false;
			rows[(*nrows)++] = k;
		} else if (html2md_is_el(k, "thead") ||
		    html2md_is_el(k, "tbody") ||
		    html2md_is_el(k, "tfoot")) {
			for (r = k->children; r != NULL; r = r->next) {
				if (r->type != XML_ELEMENT_NODE)
					continue;
				if (!html2md_is_el(r, "tr") || *nrows == max)
					return false;
				rows[(*nrows)++] = r;
			}
		} else
			return false;	/* caption, colgroup */
	}
	return *nrows > 0;
}

static bool
cell_simple(const xmlNode *cell)
{
	const char	*s;
	const xmlNode	*k;

	if (((s = import_xml_attr(cell, "colspan")) != NULL && atoi(s) > 1) ||
	    ((s = import_xml_attr(cell, "rowspan")) != NULL && atoi(s) > 1))
		return false;
	for (k = cell->children; k != NULL; k = k->next) {
		if (k->type == XML_ELEMENT_NODE && !html2md_is_inline(k) &&
		    !(html2md_is_el(k, "p") && cell->children->next == NULL))
			return false;
		if (k->type == XML_ELEMENT_NODE && (html2md_has_el(k->children,
		    "table") || html2md_has_el(k->children, "ul") ||
		    html2md_has_el(k->children, "ol") ||
		    html2md_has_el(k->children, "pre")))
			return false;
	}
	return true;
}

static const char *
cell_align(const xmlNode *cell)
{
	const char	*s = import_xml_attr(cell, "align");
	const char	*st = import_xml_attr(cell, "style");

	if (s == NULL && st != NULL && (s = strstr(st, "text-align")) != NULL) {
		s += 10;
		while (*s == ':' || *s == ' ')
			s++;
	}
	if (s == NULL)
		return "---";
	if (strncmp(s, "center", 6) == 0)
		return ":---:";
	if (strncmp(s, "right", 5) == 0)
		return "---:";
	if (strncmp(s, "left", 4) == 0)
		return ":---";
	return "---";
}

bool
html2md_table(struct conv *c, struct buf *out, xmlNode *t)
{
	xmlNode		*rows[1024], *cell, *k;
	struct buf	 in = BUF_INIT;
	size_t		 nrows, ncols = 0, n, r, i;
	bool		 head = true;

	if (!table_rows(t, rows, &nrows, sizeof(rows) / sizeof(rows[0])))
		return false;
	for (r = 0; r < nrows; r++) {
		n = 0;
		for (cell = rows[r]->children; cell != NULL;
		    cell = cell->next) {
			if (cell->type == XML_TEXT_NODE &&
			    html2md_text_len(cell) > 0 &&
			    strspn((const char *)cell->content, " \t\r\n") !=
			    strlen((const char *)cell->content))
				return false;
			if (cell->type != XML_ELEMENT_NODE)
				continue;
			if ((!html2md_is_el(cell, "td") &&
			    !html2md_is_el(cell, "th")) ||
			    !cell_simple(cell))
				return false;
			if (r == 0 && !html2md_is_el(cell, "th"))
				head = false;
			n++;
		}
		if (n > ncols)
			ncols = n;
	}
	if (!head || ncols == 0)
		return false;
	c->in_cell = true;
	for (r = 0; r < nrows; r++) {
		buf_putc(out, '|');
		n = 0;
		for (cell = rows[r]->children; cell != NULL;
		    cell = cell->next) {
			if (cell->type != XML_ELEMENT_NODE)
				continue;
			buf_reset(&in);
			k = cell->children;
			if (html2md_is_el(k, "p") && k->next == NULL)
				k = k->children;
			html2md_conv_inlines(c, k, &in);
			html2md_trim(&in);
			buf_putc(out, ' ');
			buf_put(out, in.data != NULL ? in.data : "", in.len);
			buf_puts(out, " |");
			n++;
		}
		for (; n < ncols; n++)
			buf_puts(out, "  |");
		if (r == 0) {
			buf_puts(out, "\n|");
			i = 0;
			for (cell = rows[0]->children; cell != NULL;
			    cell = cell->next)
				if (cell->type == XML_ELEMENT_NODE) {
					buf_printf(out, " %s |",
					    cell_align(cell));
					i++;
				}
			for (; i < ncols; i++)
				buf_puts(out, " --- |");
		}
		if (r + 1 < nrows)
			buf_putc(out, '\n');
	}
	c->in_cell = false;
	buf_free(&in);
	return true;
}

