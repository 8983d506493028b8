/*
 * html2md_raw: the HTML a post keeps as HTML, serialised from the parsed
 * tree so that it forms a CommonMark HTML block (4.6): no blank line
 * inside (it would end the block), a tag outside the block list on a line
 * of its own; and the elements GFM's tag filter would print as text taken
 * out first (see html2md.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "buf.h"
#include "html2md.h"
#include "html2md_int.h"

/* Elements GFM's tag filter escapes (GFM 6.11). */
const char *const html2md_filtered_tags[] = {
	"iframe", "noembed", "noframes", "plaintext", "script", "style",
	"textarea", "title", "xmp", NULL
};

const char *const html2md_void_tags[] = {
	"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
	"meta", "param", "source", "track", "wbr", NULL
};

/* CommonMark 4.6: the HTML block start conditions 6 (and 1). */
const char *const html2md_block6_tags[] = {
	"address", "article", "aside", "base", "basefont", "blockquote",
	"body", "caption", "center", "col", "colgroup", "dd", "details",
	"dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption",
	"figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3",
	"h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend",
	"li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
	"optgroup", "option", "p", "param", "pre", "script", "section",
	"style", "summary", "table", "tbody", "td", "textarea", "tfoot", "th",
	"thead", "title", "tr", "track", "ul", NULL
};

/* An HTML attribute value or text, escaped; no blank lines (4.6). */
static void
raw_text(struct buf *b, const char *s, bool is_attr)
{
	size_t	 i;

	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, is_attr ? "&quot;" : "\"");
			break;
		case '\n':
			/* A blank line would end the HTML block. */
			for (i = b->len; i > 0 && (b->data[i - 1] == ' ' ||
			    b->data[i - 1] == '\t'); i--)
				continue;
			if (is_attr || i == 0 || b->data[i - 1] == '\n')
				buf_puts(b, "&#10;");
			else
				buf_putc(b, '\n');
			break;
		default:
			buf_putc(b, *s);
		}
	}
}

/* Script and style text as it is, without blank lines. */
static void
raw_cdata(struct buf *b, const char *s)
{
	size_t	 i;

	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			for (i = b->len; i > 0 && (b->data[i - 1] == ' ' ||
			    b->data[i - 1] == '\t'); i--)
				continue;
			if (i > 0 && b->data[i - 1] == '\n')
				continue;
		}
		buf_putc(b, *s);
	}
}

void
html2md_raw_open(struct buf *b, const xmlNode *n)
{
	const xmlAttr	*a;

	buf_printf(b, "<%s", html2md_name_of(n));
	for (a = n->properties; a != NULL; a = a->next) {
		buf_printf(b, " %s=\"", (const char *)a->name);
		if (a->children != NULL && a->children->content != NULL)
			raw_text(b, (const char *)a->children->content, true);
		buf_putc(b, '"');
	}
	buf_putc(b, '>');
}

/* Serialise n as HTML; "top": it starts a raw HTML block. */
void
html2md_raw_node(struct buf *b, xmlNode *n, bool top)
{
	xmlNode	*k;
	bool	 cdata;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			raw_text(b, (const char *)n->content, false);
		return;
	}
	if (n->type != XML_ELEMENT_NODE)
		return;		/* comments, processing instructions */
	html2md_raw_open(b, n);
	if (html2md_in_list(html2md_name_of(n), html2md_void_tags))
		return;
	/* CommonMark 4.6 condition 7: the open tag alone on its line. */
	if (top && n->children != NULL &&
	    !html2md_in_list(html2md_name_of(n), html2md_block6_tags))
		buf_putc(b, '\n');
	cdata = html2md_is_el(n, "script") || html2md_is_el(n, "style");
	for (k = n->children; k != NULL; k = k->next) {
		if (cdata && (k->type == XML_TEXT_NODE ||
		    k->type == XML_CDATA_SECTION_NODE))
			raw_cdata(b, k->content != NULL ?
			    (const char *)k->content : "");
		else
			html2md_raw_node(b, k, false);
	}
	buf_printf(b, "</%s>", html2md_name_of(n));
}

bool
html2md_has_filtered(const xmlNode *n)
{
	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    (html2md_in_list(html2md_name_of(n),
		    html2md_filtered_tags) ||
		    html2md_has_filtered(n->children)))
			return true;
	return false;
}

/*
 * Without keep_filtered, take out what the tag filter would print as
 * text: an iframe becomes a link to its address, the rest is left out.
 */
void
html2md_defuse(struct conv *c, xmlNode *n)
{
	xmlNode		*k, *next, *a;
	const char	*src;

	for (k = n; k != NULL; k = next) {
		next = k->next;
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (!html2md_in_list(html2md_name_of(k),
		    html2md_filtered_tags)) {
			html2md_defuse(c, k->children);
			continue;
		}
		if (html2md_is_el(k, "iframe") &&
		    (src = import_xml_attr(k, "src")) != NULL &&
		    *src != '\0') {
			html2md_warn(c, k, "iframe %s: kept as a link; an "
			    "embedded frame needs an HTML post", src);
			a = xmlNewDocNode(k->doc, NULL, BAD_CAST "a", NULL);
			xmlSetProp(a, BAD_CAST "href", BAD_CAST src);
			xmlNodeAddContent(a, BAD_CAST src);
			xmlReplaceNode(k, a);
		} else {
			html2md_warn(c, k, "<%s> left out: Markdown posts "
			    "cannot run or embed it", html2md_name_of(k));
			xmlUnlinkNode(k);
		}
		xmlFreeNode(k);
	}
}

