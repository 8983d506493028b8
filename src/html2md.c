/*
 * html2md: see html2md.h.  CommonMark 0.30 and the GFM spec 0.29 say
 * what must be escaped where; the sections are cited beside the rules.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "diag.h"
#include "html2md.h"
#include "html2md_int.h"
#include "util.h"

enum blk {
	BLK_NONE,
	BLK_PARA,
	BLK_UL_DASH,
	BLK_UL_STAR,
	BLK_OL_DOT,
	BLK_OL_PAREN,
	BLK_OTHER
};

static void	conv_blocks(struct conv *, xmlNode *, struct buf *, bool);
static void	conv_inline(struct conv *, xmlNode *, struct buf *);

static const char *const inline_tags[] = {
	"a", "abbr", "acronym", "b", "bdi", "bdo", "big", "blink", "br",
	"button", "cite", "code", "data", "del", "dfn", "em", "embed", "font",
	"i", "img", "input", "ins", "kbd", "label", "mark", "nobr", "q", "rp",
	"rt", "ruby", "s", "samp", "select", "small", "span", "strike",
	"strong", "sub", "sup", "textarea", "time", "tt", "u", "var", "wbr",
	NULL
};

/* Inline elements kept as tags around their converted content. */
static const char *const wrap_tags[] = {
	"abbr", "acronym", "bdo", "blink", "button", "cite", "dfn", "ins",
	"kbd", "label", "mark", "q", "rp", "rt", "ruby", "samp", "select",
	"small", "sub", "sup", "u", "var", NULL
};

/* Blocks whose text can run on inside a paragraph. */
static const char *const flat_tags[] = {
	"address", "article", "aside", "blockquote", "center", "dd", "div",
	"dt", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li",
	"main", "nav", "p", "pre", "section", NULL
};




bool
html2md_in_list(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

bool
html2md_is_el(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

const char *
html2md_name_of(const xmlNode *n)
{
	return (const char *)n->name;
}

bool
html2md_is_inline(const xmlNode *n)
{
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE ||
	    n->type == XML_ENTITY_REF_NODE)
		return true;
	if (n->type != XML_ELEMENT_NODE)
		return false;
	return html2md_in_list(html2md_name_of(n), inline_tags) ||
	    strcmp(html2md_name_of(n), "iframe") == 0;
}

static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
is_punct(int c)
{
	return c > 0x20 && c < 0x7f && !(c >= '0' && c <= '9') &&
	    !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z');
}

static bool
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static bool
has_attrs(const xmlNode *n)
{
	const xmlAttr	*a;

	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, "dir") != 0 &&
		    strcmp((const char *)a->name, "lang") != 0)
			return true;
	return false;
}

static unsigned
node_line(const xmlNode *n)
{
	long	 l = xmlGetLineNo(n);

	return l > 0 ? (unsigned)l : 1;
}

void
html2md_warn(struct conv *c, const xmlNode *n, const char *fmt, ...)
{
	va_list	 ap;

	c->st->changed++;
	if (c->d == NULL)
		return;
	va_start(ap, fmt);
	diag_add(c->d, DIAG_WARNING, c->o->path != NULL ? c->o->path : "",
	    (c->o->line > 0 ? c->o->line : 1) + node_line(n) - 1, 0, fmt, ap);
	va_end(ap);
}

/* The length of all text under n. */
size_t
html2md_text_len(const xmlNode *n)
{
	size_t	 len = 0;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE)
			len += n->content != NULL ?
			    strlen((const char *)n->content) : 0;
		else if (n->type == XML_ELEMENT_NODE)
			len += html2md_text_len(n->children);
	}
	return len;
}

/* All text under n, <br> as a newline, as <pre> shows it. */
static void
text_of(struct buf *b, const xmlNode *n)
{
	for (; n != NULL; n = n->next) {
		if ((n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) && n->content != NULL)
			buf_puts(b, (const char *)n->content);
		else if (html2md_is_el(n, "br"))
			buf_putc(b, '\n');
		else if (n->type == XML_ELEMENT_NODE)
			text_of(b, n->children);
	}
}

static int
last_char(const struct buf *b)
{
	return b->len > 0 ? (unsigned char)b->data[b->len - 1] : -1;
}

static bool
ends_with_ci(const struct buf *b, const char *s)
{
	size_t	 n = strlen(s), i;

	if (b->len < n)
		return false;
	for (i = 0; i < n; i++) {
		int	ch = (unsigned char)b->data[b->len - n + i];

		if (ch >= 'A' && ch <= 'Z')
			ch += 'a' - 'A';
		if (ch != s[i])
			return false;
	}
	/* A word of its own: "http" not "xhttp". */
	return b->len == n || !is_alnum((unsigned char)b->data[b->len - n - 1]);
}

/* Does "&" at s start something CommonMark reads as an entity (2.5)? */
static bool
entity_like(const char *s)
{
	size_t	 i;

	if (s[1] != '#' && !is_alnum((unsigned char)s[1]))
		return false;
	for (i = 1; i < 40 && s[i] != '\0'; i++) {
		if (s[i] == ';')
			return true;
		if (!is_alnum((unsigned char)s[i]) && s[i] != '#')
			return false;
	}
	return false;
}

/*
 * Text into inline Markdown: HTML's white space collapsed to one space
 * (none at the start of a line), the characters that would start
 * Markdown inline syntax escaped (CommonMark 2.4), and GFM's extended
 * autolinks (6.9) defused, since the HTML had no link there.
 */
static void
put_text(struct conv *c, struct buf *b, const char *s)
{
	int	 prev, ch;

	for (; *s != '\0'; s++) {
		ch = (unsigned char)*s;
		prev = last_char(b);
		if (ch == '\n' && c->o->autop) {
			while (last_char(b) == ' ')
				b->len--;
			buf_puts(b, "\\\n");
			continue;
		}
		if (is_space(ch)) {
			/* A leading space stays: a caller may need it. */
			if (prev != ' ' && prev != '\n')
				buf_putc(b, ' ');
			continue;
		}
		c->st->md_text++;
		switch (ch) {
		case '\\': case '*': case '`': case '[': case ']': case '~':
			buf_putc(b, '\\');
			break;
		case '_':
			/* Inside a word "_" neither opens nor closes (6.2). */
			if (!is_alnum(prev) || !is_alnum((unsigned char)s[1]))
				buf_putc(b, '\\');
			break;
		case '<':
			if (s[1] == '/' || s[1] == '!' || s[1] == '?' ||
			    is_alnum((unsigned char)s[1]))
				buf_putc(b, '\\');
			break;
		case '&':
			if (entity_like(s))
				buf_putc(b, '\\');
			break;
		case '|':
			if (c->in_cell)
				buf_putc(b, '\\');
			break;
		case ':':
			if (ends_with_ci(b, "http") ||
			    ends_with_ci(b, "https") ||
			    ends_with_ci(b, "ftp") ||
			    ends_with_ci(b, "mailto"))
				buf_putc(b, '\\');
			break;
		case '.':
			if (ends_with_ci(b, "www"))
				buf_putc(b, '\\');
			break;
		case '@':
			/*
			 * Text nodes are joined before GFM looks for e-mail
			 * addresses, so no escape stops it; an empty comment
			 * does (and safe mode writes a comment in its place).
			 */
			if ((is_alnum(prev) || prev == '.' || prev == '-' ||
			    prev == '_' || prev == '+') &&
			    is_alnum((unsigned char)s[1]))
				buf_puts(b, "<!---->");
			break;
		}
		buf_putc(b, ch);
	}
}

/*
 * Escape what would start a block at the start of a paragraph line
 * (CommonMark 4.1-4.4, 5.2, 5.1): "#", ">", "-", "+", "=", and "1." or
 * "1)".  Lines start at the beginning and after each hard break.
 */
static void
escape_line_starts(struct buf *out, const char *s, size_t n)
{
	size_t	 i, k;
	bool	 bol = true;

	for (i = 0; i < n; i++) {
		if (bol) {
			if (s[i] == '#' || s[i] == '>' || s[i] == '-' ||
			    s[i] == '+' || s[i] == '=')
				buf_putc(out, '\\');
			else if (s[i] >= '0' && s[i] <= '9') {
				for (k = i; k < n && k - i < 10 &&
				    s[k] >= '0' && s[k] <= '9'; k++)
					continue;
				if (k < n && (s[k] == '.' || s[k] == ')')) {
					buf_put(out, s + i, k - i);
					buf_putc(out, '\\');
					i = k;
				}
			}
		}
		buf_putc(out, s[i]);
		bol = s[i] == '\n';
	}
}

/* Append "s", dropping a space that would double one already there. */
static void
put_inline(struct buf *b, const char *s, size_t n)
{
	int	 prev = last_char(b);

	if (n > 0 && s[0] == ' ' && (prev == ' ' || prev == '\n')) {
		s++;
		n--;
	}
	buf_put(b, s, n);
}

/* Does s[0..n) end in an odd number of backslashes (an escaping one)? */
static bool
odd_run(const char *s, size_t n)
{
	size_t	 k = 0;

	while (k < n && s[n - k - 1] == '\\')
		k++;
	return k % 2 == 1;
}

/* Take spaces off both ends (hard breaks stay: they show). */
static void
trim_spaces(struct buf *b)
{
	size_t	 i = 0;

	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->len--;
	while (i < b->len && b->data[i] == ' ')
		i++;
	if (i > 0) {
		memmove(b->data, b->data + i, b->len - i);
		b->len -= i;
	}
}

void
html2md_trim(struct buf *b)
{
	size_t	 i = 0;

	while (b->len > 0 && (b->data[b->len - 1] == ' ' ||
	    b->data[b->len - 1] == '\n'))
		b->len--;
	/* A trailing hard break shows nothing in Markdown: drop it. */
	while (b->len > 0 && b->data[b->len - 1] == '\\' &&
	    odd_run(b->data, b->len)) {
		b->len--;
		while (b->len > 0 && (b->data[b->len - 1] == ' ' ||
		    b->data[b->len - 1] == '\n'))
			b->len--;
	}
	/* Nor does a leading one. */
	while (i < b->len && (b->data[i] == ' ' || b->data[i] == '\n' ||
	    (b->data[i] == '\\' && i + 1 < b->len && b->data[i + 1] == '\n')))
		i += b->data[i] == '\\' ? 2 : 1;
	if (i > 0) {
		memmove(b->data, b->data + i, b->len - i);
		b->len -= i;
	}
}

/* Elements whose Markdown starts and ends with punctuation. */
static bool
is_marked(const xmlNode *n)
{
	static const char *const marked[] = {
		"a", "b", "code", "del", "em", "i", "img", "s", "strike",
		"strong", "tt", NULL
	};

	return html2md_in_list(html2md_name_of(n), marked) ||
	    html2md_in_list(html2md_name_of(n), wrap_tags);
}

/* What the Markdown for nodes from n on starts with: 'a', '.', ' ' or 0. */
static int
first_char(const xmlNode *n)
{
	const char	*s;
	int		 ch;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE) {
			s = (const char *)n->content;
			if (s == NULL || *s == '\0')
				continue;
			return is_space((unsigned char)*s) ? ' ' :
			    is_punct((unsigned char)*s) ? '.' : 'a';
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!html2md_is_inline(n) || html2md_is_el(n, "br"))
			return ' ';
		/* cmark-gfm does not take "~" as punctuation here. */
		if (html2md_is_el(n, "del") || html2md_is_el(n, "s") ||
		    html2md_is_el(n, "strike"))
			return 'a';
		if (is_marked(n))
			return '.';
		if ((ch = first_char(n->children)) != 0)
			return ch;
	}
	return 0;
}

/*
 * The first character Markdown will have after node n (its following
 * siblings, then its inline ancestors'), for the flanking rules of
 * emphasis (CommonMark 6.2): 'a' alphanumeric, '.' punctuation, ' ' a
 * space, a line end or the block's end.
 */
static int
next_char(const xmlNode *n)
{
	int	 ch;

	for (; n != NULL; n = n->parent) {
		if ((ch = first_char(n->next)) != 0)
			return ch;
		if (n->parent == NULL || !html2md_is_inline(n->parent))
			return ' ';
		if (is_marked(n->parent))
			return '.';	/* "](", "*", "</u>" */
	}
	return ' ';
}

/*
 * Wrap converted content in a delimiter run ("*", "**", "~~") if the
 * flanking rules let it open and close there, else in the HTML tags.
 */
static void
delimit(struct conv *c, struct buf *b, xmlNode *n, const char *delim,
    const char *tag)
{
	struct buf	 in = BUF_INIT;
	const char	*core;
	size_t		 len, head = 0, tailbr = 0;
	int		 prev, first, lastc, next;
	bool		 lead, tail, ok;

	html2md_conv_inlines(c, n->children, &in);
	buf_cstr(&in);		/* never NULL from here on */
	lead = in.len > 0 && in.data[0] == ' ';
	tail = in.len > 0 && in.data[in.len - 1] == ' ';
	trim_spaces(&in);
	/* Hard breaks at either end go outside the delimiters. */
	while (head + 1 < in.len && in.data[head] == '\\' &&
	    in.data[head + 1] == '\n')
		head += 2;
	while (tailbr + 2 <= in.len - head &&
	    in.data[in.len - tailbr - 2] == '\\' &&
	    in.data[in.len - tailbr - 1] == '\n')
		tailbr += 2;
	core = in.data + head;
	len = in.len - head - tailbr;
	if (lead)
		put_inline(b, " ", 1);
	buf_put(b, in.data, head);
	if (len == 0) {
		buf_put(b, core, tailbr);
		if (tail)
			put_inline(b, " ", 1);
		buf_free(&in);
		return;
	}
	prev = last_char(b);
	if (prev == '~')
		prev = 'a';
	first = (unsigned char)core[0];
	lastc = (unsigned char)core[len - 1];
	next = tail ? ' ' : tailbr > 0 ? ' ' : next_char(n);
	/*
	 * Left-flanking to open, right-flanking to close (Unicode white
	 * space counts: a no-break space at either end stops it); no run
	 * may merge with another.
	 */
	ok = !(len >= 2 && (unsigned char)core[0] == 0xc2 &&
	    (unsigned char)core[1] == 0xa0) &&
	    !(len >= 2 && (unsigned char)core[len - 2] == 0xc2 &&
	    (unsigned char)core[len - 1] == 0xa0) &&
	    prev != delim[0] && first != delim[0] && lastc != delim[0] &&
	    (!is_punct(first) || prev == -1 || prev == ' ' ||
	    prev == '\n' || is_punct(prev)) &&
	    (!is_punct(lastc) || next == ' ' || next == '.');
	if (ok && next == '.' && first_char(n->next) == '.' &&
	    n->next != NULL && n->next->type == XML_ELEMENT_NODE &&
	    is_marked(n->next) && (html2md_is_el(n->next, "em") ||
	    html2md_is_el(n->next, "i") || html2md_is_el(n->next, "b") ||
	    html2md_is_el(n->next, "strong")))
		ok = false;	/* "*a**b*": the runs would merge */
	if (ok) {
		buf_puts(b, delim);
		buf_put(b, core, len);
		buf_puts(b, delim);
	} else {
		c->st->raw_inline++;
		buf_printf(b, "<%s>", tag);
		buf_put(b, core, len);
		buf_printf(b, "</%s>", tag);
	}
	buf_put(b, core + len, tailbr);
	if (tail)
		put_inline(b, " ", 1);
	buf_free(&in);
}

/* A link destination (CommonMark 6.3), in <...> when it needs them. */
static void
put_dest(struct buf *b, const char *url)
{
	const char	*s;
	bool		 angle = *url == '\0';

	for (s = url; *s != '\0'; s++)
		if (is_space((unsigned char)*s) || *s == '(' || *s == ')' ||
		    (unsigned char)*s < 0x20)
			angle = true;
	if (angle)
		buf_putc(b, '<');
	for (s = url; *s != '\0'; s++) {
		if (*s == '<')
			buf_puts(b, "%3C");
		else if (*s == '>')
			buf_puts(b, "%3E");
		else if (*s == '\\')
			buf_puts(b, "%5C");
		else if (*s == '\n' || *s == '\r')
			continue;
		else if (*s == ' ' && !angle)
			buf_puts(b, "%20");
		else {
			if (*s == '&' && entity_like(s))
				buf_putc(b, '\\');
			buf_putc(b, *s);
		}
	}
	if (angle)
		buf_putc(b, '>');
}

static void
put_title(struct buf *b, const char *title)
{
	const char	*s;

	if (title == NULL || *title == '\0')
		return;
	buf_puts(b, " \"");
	for (s = title; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\' || (*s == '&' && entity_like(s)))
			buf_putc(b, '\\');
		buf_putc(b, *s == '\n' ? ' ' : *s);
	}
	buf_putc(b, '"');
}

/* Inline raw HTML: the tags around the converted content. */
static void
wrap(struct conv *c, struct buf *b, xmlNode *n)
{
	struct buf	 in = BUF_INIT;

	c->st->raw_inline++;
	html2md_raw_open(&in, n);
	if (!html2md_in_list(html2md_name_of(n), html2md_void_tags)) {
		html2md_conv_inlines(c, n->children, &in);
		buf_printf(&in, "</%s>", html2md_name_of(n));
	}
	/* No newlines inside: a line must not start with a block tag. */
	put_inline(b, in.data != NULL ? in.data : "", in.len);
	buf_free(&in);
}

static void
code_span(struct conv *c, struct buf *b, xmlNode *n)
{
	struct buf	 t = BUF_INIT;
	size_t		 i, run = 0, max = 0;
	bool		 pad;

	text_of(&t, n->children);
	for (i = 0; i < t.len; i++) {
		if (t.data[i] == '\n' || t.data[i] == '\r')
			t.data[i] = ' ';
		run = t.data[i] == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	if (t.len == 0) {
		buf_free(&t);
		return;
	}
	c->st->md_text += t.len;
	/* CommonMark 6.1: one space inside is stripped at each end. */
	pad = t.data[0] == '`' || t.data[t.len - 1] == '`' ||
	    (t.data[0] == ' ' && t.data[t.len - 1] == ' ');
	/* Two spans side by side would make one run of backticks. */
	if (last_char(b) == '`')
		buf_puts(b, "<!---->");
	for (i = 0; i <= max; i++)
		buf_putc(b, '`');
	if (pad)
		buf_putc(b, ' ');
	for (i = 0; i < t.len; i++) {
		if (c->in_cell && t.data[i] == '|')
			buf_putc(b, '\\');
		buf_putc(b, t.data[i]);
	}
	if (pad)
		buf_putc(b, ' ');
	for (i = 0; i <= max; i++)
		buf_putc(b, '`');
	buf_free(&t);
}

static void
link(struct conv *c, struct buf *b, xmlNode *n)
{
	struct buf	 in = BUF_INIT;
	const char	*href = import_xml_attr(n, "href");
	bool		 lead, tail;

	if (href == NULL || c->in_link > 0) {
		html2md_conv_inlines(c, n->children, b);
		return;
	}
	c->in_link++;
	html2md_conv_inlines(c, n->children, &in);
	c->in_link--;
	lead = in.len > 0 && in.data[0] == ' ';
	tail = in.len > 0 && in.data[in.len - 1] == ' ';
	trim_spaces(&in);
	if (lead)
		put_inline(b, " ", 1);
	/* "!" before "[" would make an image of the link. */
	if (last_char(b) == '!' && (b->len < 2 ||
	    b->data[b->len - 2] != '\\')) {
		b->len--;
		buf_puts(b, "\\!");
	}
	buf_putc(b, '[');
	buf_put(b, in.data != NULL ? in.data : "", in.len);
	buf_puts(b, "](");
	put_dest(b, href);
	put_title(b, import_xml_attr(n, "title"));
	buf_putc(b, ')');
	if (tail)
		put_inline(b, " ", 1);
	buf_free(&in);
}

static void
image(struct conv *c, struct buf *b, xmlNode *n)
{
	struct buf	 alt = BUF_INIT;
	const char	*src = import_xml_attr(n, "src");
	const char	*a = import_xml_attr(n, "alt");

	if (src == NULL || *src == '\0')
		return;
	if (c->o->image != NULL)
		c->o->image(c->o->arg, src);
	if (a != NULL) {
		put_text(c, &alt, a);
		html2md_trim(&alt);
	}
	buf_puts(b, "![");
	buf_put(b, alt.data != NULL ? alt.data : "", alt.len);
	buf_puts(b, "](");
	put_dest(b, src);
	put_title(b, import_xml_attr(n, "title"));
	buf_putc(b, ')');
	buf_free(&alt);
}

static void
conv_inline(struct conv *c, xmlNode *n, struct buf *b)
{
	const char	*name;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			put_text(c, b, (const char *)n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE)
		return;
	if (c->depth >= MAX_DEPTH) {
		struct buf	 t = BUF_INIT;

		text_of(&t, n->children);
		put_text(c, b, buf_cstr(&t));
		buf_free(&t);
		return;
	}
	c->depth++;
	name = html2md_name_of(n);
	if (strcmp(name, "br") == 0) {
		if (c->in_cell) {
			c->st->raw_inline++;
			buf_puts(b, "<br>");
		} else {
			while (last_char(b) == ' ')
				b->len--;
			buf_puts(b, "\\\n");
		}
	} else if (strcmp(name, "em") == 0 || strcmp(name, "i") == 0) {
		if (c->in_em > 0)
			html2md_conv_inlines(c, n->children, b);
		else {
			c->in_em++;
			delimit(c, b, n, "*", "em");
			c->in_em--;
		}
	} else if (strcmp(name, "strong") == 0 || strcmp(name, "b") == 0) {
		if (c->in_strong > 0)
			html2md_conv_inlines(c, n->children, b);
		else {
			c->in_strong++;
			delimit(c, b, n, "**", "strong");
			c->in_strong--;
		}
	} else if (strcmp(name, "del") == 0 || strcmp(name, "s") == 0 ||
	    strcmp(name, "strike") == 0) {
		if (c->in_del > 0)
			html2md_conv_inlines(c, n->children, b);
		else {
			c->in_del++;
			delimit(c, b, n, "~~", "del");
			c->in_del--;
		}
	} else if ((strcmp(name, "code") == 0 || strcmp(name, "tt") == 0) &&
	    !html2md_has_el(n->children, "img") &&
	    !html2md_has_el(n->children, "a"))
		code_span(c, b, n);
	else if (strcmp(name, "a") == 0)
		link(c, b, n);
	else if (strcmp(name, "img") == 0)
		image(c, b, n);
	else if (html2md_in_list(name, wrap_tags) ||
	    strcmp(name, "iframe") == 0 ||
	    strcmp(name, "embed") == 0 || strcmp(name, "input") == 0 ||
	    strcmp(name, "wbr") == 0 || strcmp(name, "textarea") == 0)
		wrap(c, b, n);
	else if (html2md_is_inline(n))
		/* span, font, ... */
		html2md_conv_inlines(c, n->children, b);
	else if (html2md_in_list(name, flat_tags)) {
		/* A block inside inline content: its text, set apart. */
		put_inline(b, " ", 1);
		html2md_conv_inlines(c, n->children, b);
		put_inline(b, " ", 1);
	} else
		wrap(c, b, n);	/* video, object, table, ... */
	c->depth--;
}

void
html2md_conv_inlines(struct conv *c, xmlNode *n, struct buf *b)
{
	for (; n != NULL; n = n->next)
		conv_inline(c, n, b);
}

/* Join a block to those before it: a blank line between, or a newline. */
static void
add_block(struct buf *out, enum blk *last, enum blk kind, const char *s,
    size_t n, bool tight)
{
	if (n == 0)
		return;
	/* A list interrupts a paragraph if it starts at 1 (5.3). */
	if (out->len > 0)
		buf_puts(out, tight && *last == BLK_PARA &&
		    (kind == BLK_UL_DASH || kind == BLK_UL_STAR ||
		    ((kind == BLK_OL_DOT || kind == BLK_OL_PAREN) &&
		    s[0] == '1' && (s[1] == '.' || s[1] == ')'))) ?
		    "\n" : "\n\n");
	buf_put(out, s, n);
	*last = kind;
}

/*
 * Prefix every line of s: "first" on the first, "rest" on the others;
 * blank lines get "rest" without its trailing spaces if "blank_too".
 */
static void
prefix_lines(struct buf *out, const char *s, size_t n, const char *first,
    const char *rest, bool blank_too)
{
	size_t	 i, k;

	buf_puts(out, first);
	for (i = 0; i < n; i++) {
		buf_putc(out, s[i]);
		if (s[i] != '\n' || i + 1 == n)
			continue;
		if (s[i + 1] != '\n')
			buf_puts(out, rest);
		else if (blank_too) {
			for (k = strlen(rest); k > 0 && rest[k - 1] == ' '; k--)
				continue;
			buf_put(out, rest, k);
		}
	}
	while (out->len > 0 && out->data[out->len - 1] == ' ')
		out->len--;
}

/* Images inside raw HTML are still the post's images. */
static void
note_images(struct conv *c, const xmlNode *n)
{
	const char	*src;

	if (c->o->image == NULL)
		return;
	for (; n != NULL; n = n->next) {
		if (html2md_is_el(n, "img") &&
		    (src = import_xml_attr(n, "src")) != NULL)
			c->o->image(c->o->arg, src);
		if (n->type == XML_ELEMENT_NODE)
			note_images(c, n->children);
	}
}

static void
raw_block(struct conv *c, struct buf *out, xmlNode *n)
{
	note_images(c, n->children);
	c->st->raw_blocks++;
	c->st->raw_text += html2md_text_len(n->children);
	html2md_raw_node(out, n, true);
}

static void
heading(struct conv *c, struct buf *out, xmlNode *n)
{
	struct buf	 in = BUF_INIT;
	size_t		 i, k;
	int		 level = html2md_name_of(n)[1] - '0';

	html2md_conv_inlines(c, n->children, &in);
	html2md_trim(&in);
	if (in.len == 0) {
		buf_free(&in);
		return;
	}
	for (i = 0; i < (size_t)level; i++)
		buf_putc(out, '#');
	buf_putc(out, ' ');
	for (i = 0; i < in.len; i++) {
		if (in.data[i] == '\\' && i + 1 < in.len &&
		    in.data[i + 1] == '\n') {
			/* A heading is one line: a break is a space. */
			buf_putc(out, ' ');
			i++;
			continue;
		}
		if (in.data[i] == '\n') {
			buf_putc(out, ' ');
			continue;
		}
		/* A closing "#" run would be taken off (4.2). */
		for (k = i; k < in.len && in.data[k] == '#'; k++)
			continue;
		if (k > i && k == in.len && (i == 0 || in.data[i - 1] != '#'))
			buf_putc(out, '\\');
		buf_putc(out, in.data[i]);
	}
	buf_free(&in);
}

static void
lang_of(struct buf *info, const xmlNode *n)
{
	const char	*cls = import_xml_attr(n, "class"), *s;

	if (cls == NULL && n->children != NULL &&
	    html2md_is_el(n->children, "code") &&
	    n->children->next == NULL)
		cls = import_xml_attr(n->children, "class");
	if (cls == NULL)
		return;
	if ((s = strstr(cls, "language-")) != NULL)
		s += 9;
	else if ((s = strstr(cls, "lang-")) != NULL)
		s += 5;
	else if ((s = strstr(cls, "brush:")) != NULL) {
		s += 6;
		while (*s == ' ')
			s++;
	} else
		return;
	for (; *s != '\0' && (is_alnum((unsigned char)*s) || *s == '+' ||
	    *s == '#' || *s == '-' || *s == '_' || *s == '.'); s++)
		buf_putc(info, *s);
}

bool
html2md_has_el(const xmlNode *n, const char *name)
{
	for (; n != NULL; n = n->next)
		if (html2md_is_el(n, name) || (n->type == XML_ELEMENT_NODE &&
		    html2md_has_el(n->children, name)))
			return true;
	return false;
}

static void
code_block(struct conv *c, struct buf *out, xmlNode *n)
{
	struct buf	 t = BUF_INIT, info = BUF_INIT;
	size_t		 i, run = 0, max = 0;

	text_of(&t, n->children);
	for (i = 0; i < t.len; i++) {
		run = t.data[i] == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	c->st->md_text += t.len;
	lang_of(&info, n);
	max = max < 3 ? 3 : max + 1;
	for (i = 0; i < max; i++)
		buf_putc(out, '`');
	buf_put(out, info.data != NULL ? info.data : "", info.len);
	buf_putc(out, '\n');
	/* Blank lines stay; a final newline is the fence's own. */
	if (t.len > 0 && t.data[t.len - 1] == '\n')
		t.len--;
	if (t.len > 0) {
		buf_put(out, t.data, t.len);
		buf_putc(out, '\n');
	}
	for (i = 0; i < max; i++)
		buf_putc(out, '`');
	buf_free(&t);
	buf_free(&info);
}

static void
blockquote(struct conv *c, struct buf *out, xmlNode *n)
{
	struct buf	 in = BUF_INIT;

	conv_blocks(c, n->children, &in, false);
	if (in.len > 0)
		prefix_lines(out, in.data, in.len, "> ", "> ", true);
	else
		buf_putc(out, '>');
	/* Blank quote lines are ">" (prefix_lines trimmed the space). */
	buf_free(&in);
}

static enum blk
list(struct conv *c, struct buf *out, xmlNode *n, enum blk last)
{
	struct buf	 item = BUF_INIT, items = BUF_INIT, marker = BUF_INIT;
	struct buf	 indent = BUF_INIT;
	xmlNode		*li, *next;
	const char	*s;
	bool		 ordered = html2md_is_el(n, "ol"), loose = false;
	enum blk	 kind;
	long		 num = 1;
	size_t		 i;

	if (ordered) {
		kind = last == BLK_OL_DOT ? BLK_OL_PAREN : BLK_OL_DOT;
		if ((s = import_xml_attr(n, "start")) != NULL)
			num = strtol(s, NULL, 10);
		if (num < 0 || num > 99999999)
			num = 1;
	} else
		kind = last == BLK_UL_DASH ? BLK_UL_STAR : BLK_UL_DASH;
	for (li = n->children; li != NULL; li = li->next) {
		buf_reset(&item);
		if (html2md_is_el(li, "li"))
			conv_blocks(c, li->children, &item, true);
		else if (li->type == XML_ELEMENT_NODE ||
		    li->type == XML_TEXT_NODE) {
			/* Stray content between items: an item of its own. */
			next = li->next;
			li->next = NULL;
			conv_blocks(c, li, &item, true);
			li->next = next;
			if (item.len == 0)
				continue;
		} else
			continue;
		for (i = 0; i + 1 < item.len; i++)
			if (item.data[i] == '\n' && item.data[i + 1] == '\n')
				loose = true;
		buf_reset(&marker);
		if (ordered)
			buf_printf(&marker, "%ld%c ", num++,
			    kind == BLK_OL_DOT ? '.' : ')');
		else
			buf_puts(&marker, kind == BLK_UL_DASH ? "- " : "* ");
		buf_reset(&indent);
		for (i = 0; i < marker.len; i++)
			buf_putc(&indent, ' ');
		if (items.len > 0)
			buf_putc(&items, '\001');
		prefix_lines(&items, item.data != NULL ? item.data : "",
		    item.len, buf_cstr(&marker), buf_cstr(&indent), false);
	}
	for (i = 0; i < items.len; i++) {
		if (items.data[i] == '\001')
			buf_puts(out, loose ? "\n\n" : "\n");
		else
			buf_putc(out, items.data[i]);
	}
	buf_free(&item);
	buf_free(&items);
	buf_free(&marker);
	buf_free(&indent);
	return kind;
}

/* Does the group start with a tag that opens an HTML block (4.6)? */
static bool
starts_html_block(const struct buf *b)
{
	char		 name[16];
	size_t		 i;

	if (b->len < 2 || b->data[0] != '<')
		return false;
	for (i = 0; i + 1 < b->len && i < sizeof(name) - 1 &&
	    is_alnum((unsigned char)b->data[i + 1]); i++)
		name[i] = b->data[i + 1];
	name[i] = '\0';
	return i > 0 && html2md_in_list(name, html2md_block6_tags);
}

static bool
blank(const xmlNode *n)
{
	return n->type == XML_TEXT_NODE && (n->content == NULL ||
	    strspn((const char *)n->content, " \t\r\n") ==
	    strlen((const char *)n->content));
}

/* Two <br> in a row in running text part paragraphs. */
static bool
double_br(const xmlNode *n)
{
	const xmlNode	*k;

	if (!html2md_is_el(n, "br"))
		return false;
	for (k = n->next; k != NULL; k = k->next) {
		if (html2md_is_el(k, "br"))
			return true;
		if (k->type == XML_TEXT_NODE && k->content != NULL &&
		    strspn((const char *)k->content, " \t\r\n") ==
		    strlen((const char *)k->content))
			continue;
		return false;
	}
	return false;
}

static void
flush_para(struct conv *c, struct buf *out, enum blk *last,
    struct buf *para, xmlNode *first, xmlNode *end, bool tight)
{
	struct buf	 esc = BUF_INIT;
	xmlNode		*k;

	html2md_trim(para);
	if (para->len == 0) {
		buf_reset(para);
		return;
	}
	if (starts_html_block(para) && first != NULL) {
		/* Would open an HTML block: keep the paragraph as HTML. */
		buf_puts(&esc, "<p>");
		for (k = first; k != end; k = k->next)
			html2md_raw_node(&esc, k, false);
		buf_puts(&esc, "</p>");
		c->st->raw_blocks++;
		add_block(out, last, BLK_OTHER, esc.data, esc.len, tight);
	} else {
		escape_line_starts(&esc, para->data, para->len);
		add_block(out, last, BLK_PARA, esc.data, esc.len, tight);
	}
	buf_free(&esc);
	buf_reset(para);
}

/*
 * wpautop: a text node with blank lines in it is parted into paragraphs
 * there.  Returns false (nothing done) when it has none.
 */
static bool
autop_text(struct conv *c, struct buf *out, enum blk *last,
    struct buf *para, xmlNode **first, xmlNode *n, bool tight)
{
	const char	*s = (const char *)n->content, *p, *q;
	char		*piece;
	bool		 any = false;

	for (p = s; (p = strchr(p, '\n')) != NULL; p++) {
		for (q = p + 1; *q == ' ' || *q == '\t' || *q == '\r'; q++)
			continue;
		if (*q == '\n') {
			any = true;
			break;
		}
	}
	if (!any)
		return false;
	for (p = s; *p != '\0'; p = q) {
		/* Up to the next blank line. */
		for (q = p; *q != '\0'; q++) {
			const char	*r;

			if (*q != '\n')
				continue;
			for (r = q + 1; *r == ' ' || *r == '\t' || *r == '\r';
			    r++)
				continue;
			if (*r == '\n')
				break;
		}
		piece = xstrndup(p, (size_t)(q - p));
		put_text(c, para, piece);
		free(piece);
		if (*q == '\0')
			break;
		flush_para(c, out, last, para, *first, n, tight);
		*first = NULL;
		while (*q == '\n' || *q == ' ' || *q == '\t' || *q == '\r')
			q++;
	}
	return true;
}

static void
conv_blocks(struct conv *c, xmlNode *n, struct buf *out, bool tight)
{
	struct buf	 para = BUF_INIT, blk = BUF_INIT;
	xmlNode		*first = NULL;
	enum blk	 last = BLK_NONE, kind;
	const char	*name;

	for (; n != NULL; n = n->next) {
		if (c->o->autop && n->type == XML_TEXT_NODE &&
		    n->content != NULL && autop_text(c, out, &last, &para,
		    &first, n, tight))
			continue;
		if (html2md_is_inline(n) &&
		    !(html2md_is_el(n, "iframe") && c->o->keep_filtered)) {
			if (double_br(n)) {
				flush_para(c, out, &last, &para, first, n,
				    tight);
				first = NULL;
				while (n->next != NULL &&
				    (html2md_is_el(n->next, "br") ||
				    blank(n->next)))
					n = n->next;
				continue;
			}
			if (first == NULL)
				first = n;
			conv_inline(c, n, &para);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		flush_para(c, out, &last, &para, first, n, tight);
		first = NULL;
		buf_reset(&blk);
		kind = BLK_OTHER;
		name = html2md_name_of(n);
		if (c->depth >= MAX_DEPTH) {
			raw_block(c, &blk, n);
			add_block(out, &last, kind, blk.data, blk.len, tight);
			continue;
		}
		c->depth++;
		if (strcmp(name, "p") == 0) {
			conv_blocks(c, n->children, &blk, tight);
			kind = BLK_PARA;
		} else if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' &&
		    name[2] == '\0')
			heading(c, &blk, n);
		else if (strcmp(name, "blockquote") == 0)
			blockquote(c, &blk, n);
		else if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0 ||
		    strcmp(name, "menu") == 0 || strcmp(name, "dir") == 0)
			kind = list(c, &blk, n, last);
		else if (strcmp(name, "pre") == 0 &&
		    !html2md_has_el(n->children, "a") &&
		    !html2md_has_el(n->children, "img"))
			code_block(c, &blk, n);
		else if (strcmp(name, "hr") == 0)
			buf_puts(&blk, "---");
		else if (strcmp(name, "table") == 0) {
			if (!html2md_table(c, &blk, n)) {
				buf_reset(&blk);
				raw_block(c, &blk, n);
			}
		} else if ((strcmp(name, "div") == 0 ||
		    strcmp(name, "section") == 0 ||
		    strcmp(name, "article") == 0 ||
		    strcmp(name, "main") == 0 ||
		    strcmp(name, "header") == 0 ||
		    strcmp(name, "footer") == 0 ||
		    strcmp(name, "body") == 0 ||
		    strcmp(name, "html") == 0 ||
		    strcmp(name, "li") == 0) && !has_attrs(n))
			conv_blocks(c, n->children, &blk, tight);
		else if (strcmp(name, "head") == 0 || strcmp(name, "meta") == 0)
			;	/* the parser's own, or nothing to show */
		else if (strcmp(name, "xmp") == 0 ||
		    strcmp(name, "plaintext") == 0)
			code_block(c, &blk, n);
		else
			raw_block(c, &blk, n);
		c->depth--;
		/* A nested group's first block decides how it joins. */
		add_block(out, &last, kind, blk.data, blk.len, tight);
	}
	flush_para(c, out, &last, &para, first, NULL, tight);
	buf_free(&para);
	buf_free(&blk);
}

/*
 * Parse html[0..len) as a browser would repair it; NULL for an empty or
 * unreadable body.  Bad UTF-8 becomes U+FFFD first (libxml2 passes bad
 * bytes through).  The caller frees the document.
 */
static htmlDocPtr
parse_html(const char *html, size_t len)
{
	htmlDocPtr	 doc;
	struct buf	 clean = BUF_INIT;
	size_t		 bad, off = 0;

	if (len == 0 || len > (size_t)0x7fffffff)
		return NULL;
	if (!util_utf8_valid(html, len, &bad)) {
		while (!util_utf8_valid(html + off, len - off, &bad)) {
			buf_put(&clean, html + off, bad);
			buf_puts(&clean, "\xef\xbf\xbd");
			off += bad + 1;
		}
		buf_put(&clean, html + off, len - off);
		html = clean.data;
		len = clean.len;
	}
	doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | HTML_PARSE_NODEFDTD);
	buf_free(&clean);
	return doc;
}

void
html2md_convert(struct buf *md, struct html2md_stats *st, const char *html,
    size_t len, const struct html2md_opts *opts, struct diags *d)
{
	struct conv	 c;
	htmlDocPtr	 doc;
	xmlNode		*root, *k, *body = NULL;
	size_t		 start = md->len;

	memset(st, 0, sizeof(*st));
	memset(&c, 0, sizeof(c));
	c.o = opts;
	c.st = st;
	c.d = d;
	if ((doc = parse_html(html, len)) == NULL)
		return;
	if ((root = xmlDocGetRootElement(doc)) != NULL) {
		if (!opts->keep_filtered)
			html2md_defuse(&c, root);
		/* A fragment's leading <style> or <meta> lands in <head>. */
		for (k = root->children; k != NULL; k = k->next) {
			if (html2md_is_el(k, "body"))
				body = k;
			else if (html2md_is_el(k, "head") &&
			    html2md_has_filtered(k->children))
				conv_blocks(&c, k->children, md, false);
		}
		if (body != NULL)
			conv_blocks(&c, body->children, md, false);
		else
			conv_blocks(&c, root->children, md, false);
	}
	if (md->len > start)
		buf_putc(md, '\n');
	xmlFreeDoc(doc);
}

/* Element n keeps its text's line breaks as they are. */
static bool
keeps_lines(const xmlNode *n)
{
	return html2md_is_el(n, "pre") || html2md_is_el(n, "script") ||
	    html2md_is_el(n, "style") || html2md_is_el(n, "textarea") ||
	    html2md_is_el(n, "code");
}

static bool
block_or_edge(const xmlNode *n)
{
	return n == NULL || (n->type == XML_ELEMENT_NODE &&
	    !html2md_is_inline(n));
}

/*
 * Text as wpautop reads it: a blank line parts paragraphs (inside a <p>,
 * which the parser opens for bare text, it closes one and opens the
 * next), a single line break is a <br>; line breaks next to a block tag
 * are only layout.
 */
static void
html_text(struct buf *out, const xmlNode *n, bool autop)
{
	const char	*s = (const char *)n->content, *e, *q;
	bool		 in_p = n->parent != NULL &&
			    html2md_is_el(n->parent, "p");

	e = s + strlen(s);
	if (autop && block_or_edge(n->prev))
		while (s < e && is_space((unsigned char)*s))
			s++;
	if (autop && block_or_edge(n->next))
		while (e > s && is_space((unsigned char)e[-1]))
			e--;
	for (; s < e; s++) {
		if (autop && *s == '\n') {
			for (q = s + 1; q < e && (*q == ' ' || *q == '\t' ||
			    *q == '\r'); q++)
				continue;
			if (q < e && *q == '\n') {
				while (q < e && is_space((unsigned char)*q))
					q++;
				buf_puts(out, in_p ? "</p>\n<p>" :
				    "<br>\n<br>\n");
			} else
				buf_puts(out, "<br>\n");
			s = q - 1;
		} else if (*s == '&')
			buf_puts(out, "&amp;");
		else if (*s == '<')
			buf_puts(out, "&lt;");
		else if (*s == '>')
			buf_puts(out, "&gt;");
		else
			buf_putc(out, *s);
	}
}

static void
html_node(struct buf *out, xmlNode *n, bool autop, unsigned depth)
{
	xmlNode	*k;

	if (n->type == XML_TEXT_NODE && n->content != NULL) {
		html_text(out, n, autop);
		return;
	}
	if (n->type != XML_ELEMENT_NODE || html2md_is_el(n, "head"))
		return;
	if (keeps_lines(n) || depth >= MAX_DEPTH) {
		html2md_raw_node(out, n, false);
		return;
	}
	html2md_raw_open(out, n);
	if (html2md_in_list(html2md_name_of(n), html2md_void_tags))
		return;
	for (k = n->children; k != NULL; k = k->next)
		html_node(out, k, autop, depth + 1);
	buf_printf(out, "</%s>", html2md_name_of(n));
}

/* The body's nodes, a block element on a line of its own. */
static void
html_blocks(struct buf *out, xmlNode *n, bool autop)
{
	for (; n != NULL; n = n->next) {
		if (block_or_edge(n) && out->len > 0 &&
		    out->data[out->len - 1] != '\n')
			buf_putc(out, '\n');
		html_node(out, n, autop, 0);
		if (block_or_edge(n))
			buf_putc(out, '\n');
	}
}

void
html2md_html(struct buf *out, const char *html, size_t len,
    const struct html2md_opts *opts)
{
	htmlDocPtr	 doc;
	xmlNode		*root, *k, *body = NULL;
	size_t		 start = out->len;

	if ((doc = parse_html(html, len)) == NULL)
		return;
	if ((root = xmlDocGetRootElement(doc)) != NULL) {
		for (k = root->children; k != NULL; k = k->next) {
			if (html2md_is_el(k, "body"))
				body = k;
			else if (html2md_is_el(k, "head") &&
			    html2md_has_filtered(k->children))
				html_blocks(out, k->children, false);
		}
		html_blocks(out, body != NULL ? body->children :
		    root->children, opts->autop);
	}
	while (out->len > start && (out->data[out->len - 1] == '\n' ||
	    out->data[out->len - 1] == ' '))
		out->len--;
	if (out->len > start)
		buf_putc(out, '\n');
	xmlFreeDoc(doc);
}

bool
html2md_needs_unsafe(const struct html2md_stats *st)
{
	return st->raw_blocks > 0 || st->raw_inline > 0;
}

bool
html2md_mostly_raw(const struct html2md_stats *st)
{
	return st->raw_text > st->md_text;
}
