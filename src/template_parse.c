/*
 * template_parse: Mustache text to the tree of template_tree.h, in one pass
 * over the text with an explicit stack of open sections (no recursion, so
 * deep nesting costs heap, not C stack, and stops at TEMPLATE_MAX_NESTING).
 *
 * Whitespace follows the spec (github.com/mustache/spec, the specs/ YAML and
 * specs/whitespace.md):
 *  - A non-interpolation tag alone on its line except blanks is
 *    "standalone": the blanks before it and the rest of its line, line
 *    ending included ("\n" or "\r\n"), are not output.
 *  - Text inside a parent tag pair but outside its argument blocks is
 *    ignored, so the inner side of {{<p}}, {{/p}}, an argument block's
 *    {{$b}} and its {{/b}} does not count: {{<p}}{{$b}}\n is standalone.
 *  - A parent tag pair is standalone as a pair when {{<p}} starts its line
 *    and {{/p}} ends its own; it is then expanded indented, like a
 *    standalone partial.
 *  - An argument block whose open tag ends its line loses that line's
 *    "intrinsic indentation" (the blanks starting the next line) from the
 *    start of each of its lines.  A block outside a parent that is
 *    standalone as a pair indents the argument that overrides it by its
 *    own intrinsic indentation (open tag alone on its line) or by the
 *    blanks before its open tag (kept as text).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "template.h"
#include "template_tree.h"
#include "util.h"

enum tag_kind {
	TAG_VAR,
	TAG_RAW,
	TAG_SECTION,
	TAG_INVERTED,
	TAG_CLOSE,
	TAG_COMMENT,
	TAG_DELIM,
	TAG_PARTIAL,
	TAG_PARENT,
	TAG_BLOCK
};

struct span {
	const char	*s;
	size_t		 len;
};

/*
 * An open section, block or parent (or, at the bottom, the template):
 * "v" is its content so far (malloc'd), "node" its node in the frame
 * below.  About its open tag: "key" is the name as written, "left" says
 * only blanks precede it on its line, which are "lead"; "alone" says it
 * was standalone, and then "intrinsic" holds the blanks that start the
 * next line.  A parent's "trim" is the text node that ends in "lead".
 * "nstrip" is the depth of the strip stack when it opened.
 */
struct frame {
	struct tpl_node	*v;
	size_t		 n, cap;
	enum tpl_kind	 kind;
	struct span	 key;
	unsigned	 line, col;
	size_t		 node;
	bool		 argument;	/* a block right in a parent */
	bool		 left;
	bool		 alone;
	struct span	 lead;
	struct span	 intrinsic;
	size_t		 trim;
	size_t		 nstrip;
};

/*
 * "strip" holds the intrinsic indentations of the argument blocks being
 * parsed.  "memo_*" remember the last find_close with a "before" byte
 * (none when memo_before is NUL).  where() has counted lines up to
 * "lc_off", which is on line "lc_line", starting at "lc_bol".
 */
struct parser {
	struct tpl	*t;
	const char	*text;
	size_t		 len;
	struct arena	*a;
	struct diags	*d;
	struct span	 open, close;	/* the current delimiters */
	struct frame	*f;
	size_t		 nf, capf;
	struct span	*strip;
	size_t		 nstrip, capstrip;
	size_t		 memo_from;
	size_t		 memo_at;
	char		 memo_before;
	size_t		 lc_off;
	size_t		 lc_bol;
	unsigned	 lc_line;
	int		 rc;
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static struct span
trim(const char *s, size_t len)
{
	struct span	 sp;

	while (len > 0 && is_space(s[0])) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	sp.s = s;
	sp.len = len;
	return sp;
}

static bool
span_eq(struct span a, struct span b)
{
	return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

/* Line and column of "off"; offsets only grow from call to call. */
static void
where(struct parser *p, size_t off, unsigned *line, unsigned *col)
{
	const char	*nl;

	while (p->lc_off < off && (nl = memchr(p->text + p->lc_off, '\n',
	    off - p->lc_off)) != NULL) {
		p->lc_line++;
		p->lc_off = p->lc_bol = (size_t)(nl - p->text) + 1;
	}
	if (off > p->lc_off)
		p->lc_off = off;
	*line = p->lc_line;
	*col = (unsigned)(off - p->lc_bol + 1);
}

/* First "needle" in text[from..len), or SIZE_MAX. */
static size_t
find(const struct parser *p, size_t from, struct span needle)
{
	const char	*q;

	while (from + needle.len <= p->len) {
		q = memchr(p->text + from, needle.s[0],
		    p->len - needle.len + 1 - from);
		if (q == NULL)
			break;
		from = (size_t)(q - p->text);
		if (memcmp(q, needle.s, needle.len) == 0)
			return from;
		from++;
	}
	return SIZE_MAX;
}

/*
 * The close delimiter after "from", preceded by "before" if not NUL.
 * Searches only move forward, so the last answer for "before" holds while
 * it lies ahead: without that, every bad "{{=x}}" would look for "=}}" to
 * the end of the text again.
 */
static size_t
find_close(struct parser *p, size_t from, char before)
{
	size_t	 q, i = from;

	if (before != '\0' && before == p->memo_before &&
	    p->memo_from <= from && (p->memo_at == SIZE_MAX ||
	    p->memo_at > from))
		return p->memo_at;
	while ((q = find(p, i, p->close)) != SIZE_MAX) {
		if (before == '\0' || (q > from && p->text[q - 1] == before))
			break;
		i = q + 1;
	}
	if (before != '\0') {
		p->memo_before = before;
		p->memo_from = from;
		p->memo_at = q;
	}
	return q;
}

/* Whether only blanks stand between the start of its line and "t". */
static bool
left_clear(const struct parser *p, size_t t, size_t *ls)
{
	size_t	 i = t;

	while (i > 0 && is_blank(p->text[i - 1]))
		i--;
	*ls = i;
	return i == 0 || p->text[i - 1] == '\n';
}

/* Whether only blanks follow "e" up to a line end; *next is past it. */
static bool
right_clear(const struct parser *p, size_t e, size_t *next)
{
	size_t	 i = e;

	while (i < p->len && is_blank(p->text[i]))
		i++;
	if (i == p->len)
		*next = i;
	else if (p->text[i] == '\n')
		*next = i + 1;
	else if (p->text[i] == '\r' && i + 1 < p->len &&
	    p->text[i + 1] == '\n')
		*next = i + 2;
	else
		return false;
	return true;
}

static struct span
blanks_at(const struct parser *p, size_t i, size_t end)
{
	struct span	 sp;

	sp.s = p->text + i;
	sp.len = 0;
	while (i + sp.len < end && is_blank(p->text[i + sp.len]))
		sp.len++;
	return sp;
}

/* Drop the intrinsic indentations in force from a line's blanks. */
static struct span
strip_blanks(const struct parser *p, struct span ws)
{
	size_t	 i;

	for (i = 0; i < p->nstrip; i++)
		if (ws.len >= p->strip[i].len &&
		    memcmp(ws.s, p->strip[i].s, p->strip[i].len) == 0) {
			ws.s += p->strip[i].len;
			ws.len -= p->strip[i].len;
		}
	return ws;
}

static struct frame *
top(struct parser *p)
{
	return &p->f[p->nf - 1];
}

/* A zeroed node at the end of the innermost frame (valid until next). */
static struct tpl_node *
new_node(struct parser *p, enum tpl_kind kind)
{
	struct frame	*f = top(p);
	struct tpl_node	*n;

	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->v = xrealloc(f->v, f->cap * sizeof(*f->v));
	}
	n = &f->v[f->n++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	return n;
}

static unsigned
text_flags(const char *s, size_t len, bool bol)
{
	unsigned	 flags = bol ? TPL_BOL : 0;

	if (len > 1 && memchr(s, '\n', len - 1) != NULL)
		flags |= TPL_NL;
	return flags;
}

/* text[a..b) with the intrinsic indentations in force dropped. */
static const char *
stripped(struct parser *p, size_t a, size_t b, bool bol, size_t *len)
{
	char		*s = arena_alloc(p->a, b - a + 1);
	struct span	 ws;
	size_t		 i = a, n = 0;
	bool		 at = bol;

	while (i < b) {
		if (at) {
			ws = strip_blanks(p, blanks_at(p, i, b));
			i = (size_t)(ws.s - p->text);
			at = false;
			continue;
		}
		s[n] = p->text[i++];
		at = s[n++] == '\n';
	}
	s[n] = '\0';
	*len = n;
	return s;
}

/* Add text[a..b) to the innermost frame. */
static void
add_text(struct parser *p, size_t a, size_t b)
{
	struct tpl_node	*n;
	const char	*s = p->text + a;
	size_t		 len = b - a;
	bool		 bol = a == 0 || p->text[a - 1] == '\n';

	/* Text right inside a parent tag pair is ignored (inheritance). */
	if (a >= b || top(p)->kind == TPL_PARENT)
		return;
	if (p->nstrip > 0)
		s = stripped(p, a, b, bol, &len);
	/* An empty line start still marks where indentation goes. */
	if (len == 0 && !bol)
		return;
	n = new_node(p, TPL_TEXT);
	n->s = s;
	n->len = len;
	n->flags = text_flags(s, len, bol);
}

static const char *
kind_word(enum tpl_kind k)
{
	switch (k) {
	case TPL_BLOCK:
		return "block";
	case TPL_PARENT:
		return "parent";
	default:
		return "section";
	}
}

/* Split a dotted name into n->parts; records an error if it is bad. */
static int
set_name(struct parser *p, struct tpl_node *n, struct span name,
    bool dotted)
{
	struct tpl_part	*parts;
	size_t		 i, k, start, np = 1;

	for (i = 0; i < name.len; i++)
		if (is_space(name.s[i]) || name.s[i] == '\0')
			return diag_error(p->d, p->t->path, n->line, n->col,
			    "bad name \"%.*s\"", (int)name.len, name.s);
	n->s = name.s;
	n->len = name.len;
	if (!dotted || (name.len == 1 && name.s[0] == '.'))
		return 0;
	for (i = 0; i < name.len; i++)
		if (name.s[i] == '.')
			np++;
	parts = arena_alloc(p->a, np * sizeof(*parts));
	for (i = start = k = 0; i <= name.len; i++) {
		if (i < name.len && name.s[i] != '.')
			continue;
		if (i == start)
			return diag_error(p->d, p->t->path, n->line, n->col,
			    "bad name \"%.*s\"", (int)name.len, name.s);
		parts[k].s = name.s + start;
		parts[k].len = i - start;
		parts[k].index = SIZE_MAX;
		if (i - start <= 9 && strspn(parts[k].s, "0123456789") >=
		    i - start) {
			parts[k].index = 0;
			for (; start < i; start++)
				parts[k].index = parts[k].index * 10 +
				    (size_t)(name.s[start] - '0');
		}
		k++;
		start = i + 1;
	}
	n->parts = parts;
	n->nparts = np;
	n->probe = arena_zalloc(p->a, sizeof(*n->probe));
	atomic_init(&n->probe->state, 0);
	return 0;
}

/* "*name" (any blanks after the star) names a template dynamically. */
static bool
undynamic(struct span *name)
{
	if (name->len == 0 || name->s[0] != '*')
		return false;
	*name = trim(name->s + 1, name->len - 1);
	return true;
}

static bool
same_key(struct span a, struct span b)
{
	bool	 da = undynamic(&a), db = undynamic(&b);

	return da == db && span_eq(a, b);
}

static int
push_frame(struct parser *p, enum tpl_kind kind, struct span key,
    unsigned line, unsigned col)
{
	struct frame	*f;

	if (p->nf > TEMPLATE_MAX_NESTING)
		return diag_error(p->d, p->t->path, line, col,
		    "sections nested more than %d deep",
		    TEMPLATE_MAX_NESTING);
	if (p->nf == p->capf) {
		p->capf = p->capf ? p->capf * 2 : 16;
		p->f = xrealloc(p->f, p->capf * sizeof(*p->f));
	}
	f = &p->f[p->nf++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->key = key;
	f->line = line;
	f->col = col;
	f->node = p->f[p->nf - 2].n - 1;
	f->trim = SIZE_MAX;
	f->nstrip = p->nstrip;
	return 0;
}

static const struct tpl_node *
copy_nodes(struct parser *p, const struct tpl_node *v, size_t n)
{
	struct tpl_node	*c;

	if (n == 0)
		return NULL;
	c = arena_alloc(p->a, n * sizeof(*c));
	memcpy(c, v, n * sizeof(*c));
	return c;
}

/*
 * Close the innermost frame: its content becomes its node's kids.
 * "right": only blanks follow the close tag on its line; "bol": the close
 * tag starts its line and stays (is not standalone).
 */
static void
pop_frame(struct parser *p, bool right, bool bol)
{
	struct frame	*f = top(p), *below = &p->f[p->nf - 2];
	struct tpl_node	*n = &below->v[f->node], *tn;
	size_t		 i, k;

	if (f->kind == TPL_PARENT) {
		/* Only the argument blocks matter inside a parent. */
		for (i = k = 0; i < f->n; i++)
			if (f->v[i].kind == TPL_BLOCK)
				f->v[k++] = f->v[i];
		f->n = k;
	}
	n->kids = copy_nodes(p, f->v, f->n);
	n->nkids = f->n;
	switch (f->kind) {
	case TPL_PARENT:
		if (!f->left || !right)
			break;
		n->flags = (n->flags & ~TPL_BOL) | TPL_STANDALONE;
		n->ind = f->lead.s;
		n->indlen = f->lead.len;
		if (f->trim != SIZE_MAX) {
			tn = &below->v[f->trim];
			tn->len -= f->lead.len;
			tn->flags = tn->len ? text_flags(tn->s, tn->len,
			    tn->flags & TPL_BOL) : 0;
		}
		break;
	case TPL_BLOCK:
		if (f->argument) {
			if (f->alone)
				n->flags |= TPL_OPEN_ALONE;
			break;
		}
		if (f->alone)
			n->flags |= TPL_IND_FIRST;
		if (f->left && right) {
			n->ind = f->alone ? f->intrinsic.s : f->lead.s;
			n->indlen = f->alone ? f->intrinsic.len : f->lead.len;
		}
		/* FALLTHROUGH */
	default:
		if (bol)
			n->flags |= TPL_CLOSE_BOL;
		break;
	}
	p->nstrip = f->nstrip;
	free(f->v);
	p->nf--;
}

static void
unclosed(struct parser *p, const struct frame *f)
{
	diag_error(p->d, p->t->path, f->line, f->col, "unclosed %s \"%.*s\"",
	    kind_word(f->kind), (int)f->key.len, f->key.s);
}

/* {{=open close=}}: "content" is what stands between the two '='. */
static int
set_delimiters(struct parser *p, struct span content, unsigned line,
    unsigned col)
{
	struct span	 o, c;
	size_t		 i;

	content = trim(content.s, content.len);
	for (i = 0; i < content.len && !is_space(content.s[i]); i++)
		continue;
	o.s = content.s;
	o.len = i;
	c = trim(content.s + i, content.len - i);
	for (i = 0; i < c.len && !is_space(c.s[i]); i++)
		continue;
	if (o.len == 0 || c.len == 0 || i != c.len ||
	    memchr(o.s, '=', o.len) != NULL ||
	    memchr(c.s, '=', c.len) != NULL)
		return diag_error(p->d, p->t->path, line, col,
		    "bad set-delimiter tag, expected two delimiters as in "
		    "\"%.*s=<%% %%>=%.*s\"", (int)p->open.len, p->open.s,
		    (int)p->close.len, p->close.s);
	p->open = o;
	p->close = c;
	p->memo_before = '\0';
	return 0;
}

/*
 * The tag whose open delimiter is at "t"; *pos is where the text not yet
 * added starts, and is moved past the tag.  Returns -1 on an error that
 * stops the parse (a tag that never closes, nesting too deep).
 */
static int
tag(struct parser *p, size_t t, size_t *pos)
{
	enum tag_kind	 k;
	struct frame	*f = top(p);
	struct tpl_node	*n;
	struct span	 content, name, lead;
	unsigned	 line, col;
	size_t		 c = t + p->open.len, q, e, ls, ne = 0, i;
	char		 sig, before = '\0';
	bool		 left, right, cut_left, cut_right, dyn, argument;

	where(p, t, &line, &col);
	sig = c < p->len ? p->text[c] : '\0';
	switch (sig) {
	case '{':
		k = TAG_RAW;
		before = '}';
		break;
	case '&':
		k = TAG_RAW;
		break;
	case '#':
		k = TAG_SECTION;
		break;
	case '^':
		k = TAG_INVERTED;
		break;
	case '/':
		k = TAG_CLOSE;
		break;
	case '!':
		k = TAG_COMMENT;
		break;
	case '=':
		k = TAG_DELIM;
		before = '=';
		break;
	case '>':
		k = TAG_PARTIAL;
		break;
	case '<':
		k = TAG_PARENT;
		break;
	case '$':
		k = TAG_BLOCK;
		break;
	default:
		k = TAG_VAR;
		c--;
		break;
	}
	c++;
	q = find_close(p, c, before);
	if (q == SIZE_MAX && k == TAG_DELIM &&
	    (q = find_close(p, c, '\0')) != SIZE_MAX) {
		p->rc = diag_error(p->d, p->t->path, line, col,
		    "bad set-delimiter tag, expected \"=%.*s\" at its end",
		    (int)p->close.len, p->close.s);
		*pos = q + p->close.len;
		return 0;
	}
	if (q == SIZE_MAX)
		return diag_error(p->d, p->t->path, line, col,
		    "unclosed tag, expected \"%s%.*s\"",
		    before == '}' ? "}" : before == '=' ? "=" : "",
		    (int)p->close.len, p->close.s);
	e = q + p->close.len;
	content.s = p->text + c;
	content.len = q - c - (before != '\0');
	name = trim(content.s, content.len);

	/* Which sides of the tag must be clear for it to be standalone. */
	left = left_clear(p, t, &ls);
	right = right_clear(p, e, &ne);
	argument = k == TAG_BLOCK && f->kind == TPL_PARENT;
	switch (k) {
	case TAG_VAR:
	case TAG_RAW:
		cut_left = cut_right = false;
		break;
	case TAG_PARENT:
		/* Decided at the close tag, as a pair. */
		cut_left = cut_right = false;
		break;
	case TAG_BLOCK:
		cut_left = !argument && left && right;
		cut_right = argument ? right : left && right;
		break;
	case TAG_CLOSE:
		if (p->nf > 1 && f->kind == TPL_PARENT) {
			cut_left = false;
			cut_right = f->left && right;
		} else if (p->nf > 1 && f->kind == TPL_BLOCK && f->argument) {
			cut_left = left;
			cut_right = false;
		} else
			cut_left = cut_right = left && right;
		break;
	default:
		cut_left = cut_right = left && right;
		break;
	}
	lead.s = p->text + ls;
	lead.len = left ? t - ls : 0;
	lead = strip_blanks(p, lead);
	add_text(p, *pos, cut_left ? ls : t);
	*pos = cut_right ? ne : e;

	switch (k) {
	case TAG_COMMENT:
		return 0;
	case TAG_DELIM:
		if (set_delimiters(p, content, line, col) < 0)
			p->rc = -1;
		return 0;
	case TAG_CLOSE:
		if (name.len == 0) {
			p->rc = diag_error(p->d, p->t->path, line, col,
			    "empty tag");
			return 0;
		}
		if (p->nf == 1) {
			p->rc = diag_error(p->d, p->t->path, line, col,
			    "unexpected closing tag \"%.*s\"",
			    (int)name.len, name.s);
			return 0;
		}
		for (i = p->nf - 1; i > 0; i--)
			if (same_key(p->f[i].key, name))
				break;
		if (i == 0) {
			p->rc = diag_error(p->d, p->t->path, line, col,
			    "closing tag \"%.*s\" does not match %s \"%.*s\"",
			    (int)name.len, name.s, kind_word(f->kind),
			    (int)f->key.len, f->key.s);
			i = p->nf - 1;
		}
		while (p->nf - 1 > i) {
			unclosed(p, top(p));
			p->rc = -1;
			pop_frame(p, false, false);
		}
		pop_frame(p, right, !cut_left && (t == 0 ||
		    p->text[t - 1] == '\n'));
		return 0;
	default:
		break;
	}

	dyn = (k == TAG_PARTIAL || k == TAG_PARENT) && undynamic(&name);
	if (name.len == 0) {
		/* Nothing could close it: no node, no section. */
		p->rc = diag_error(p->d, p->t->path, line, col, "empty tag");
		return 0;
	}
	n = new_node(p, k == TAG_VAR ? TPL_VAR : k == TAG_RAW ? TPL_RAW :
	    k == TAG_SECTION ? TPL_SECTION : k == TAG_INVERTED ?
	    TPL_INVERTED : k == TAG_PARTIAL ? TPL_PARTIAL : k == TAG_PARENT ?
	    TPL_PARENT : TPL_BLOCK);
	n->line = line;
	n->col = col;
	if (!cut_left && (t == 0 || p->text[t - 1] == '\n'))
		n->flags |= TPL_BOL;
	if (dyn)
		n->flags |= TPL_DYNAMIC;
	if (set_name(p, n, name, k != TAG_PARTIAL && k != TAG_PARENT &&
	    k != TAG_BLOCK ? true : dyn) < 0)
		p->rc = -1;
	switch (k) {
	case TAG_PARTIAL:
		if (cut_left) {
			n->flags |= TPL_STANDALONE;
			n->ind = lead.s;
			n->indlen = lead.len;
		}
		return 0;
	case TAG_SECTION:
	case TAG_INVERTED:
	case TAG_BLOCK:
	case TAG_PARENT:
		if (push_frame(p, n->kind, trim(content.s, content.len),
		    line, col) < 0)
			return -1;
		f = top(p);
		f->argument = argument;
		f->left = left;
		f->alone = k == TAG_BLOCK && cut_right;
		f->lead = lead;
		if (f->alone && ne < p->len)
			f->intrinsic = strip_blanks(p,
			    blanks_at(p, ne, p->len));
		if (k == TAG_PARENT && left && lead.len > 0) {
			i = p->f[p->nf - 2].n;
			if (i >= 2 && p->f[p->nf - 2].v[i - 2].kind == TPL_TEXT)
				f->trim = i - 2;
		}
		if (argument && f->alone && f->intrinsic.len > 0) {
			if (p->nstrip == p->capstrip) {
				p->capstrip = p->capstrip ? p->capstrip * 2 : 8;
				p->strip = xrealloc(p->strip,
				    p->capstrip * sizeof(*p->strip));
			}
			p->strip[p->nstrip++] = f->intrinsic;
		}
		return 0;
	default:
		return 0;
	}
}

int
template_compile(struct tpl *t, const char *text, size_t len,
    struct arena *a, struct diags *d)
{
	struct parser	 p;
	size_t		 pos = 0, o;

	memset(&p, 0, sizeof(p));
	p.t = t;
	p.text = text;
	p.len = len;
	p.a = a;
	p.d = d;
	p.open.s = "{{";
	p.open.len = 2;
	p.close.s = "}}";
	p.close.len = 2;
	p.lc_line = 1;
	p.capf = 16;
	p.f = xcalloc(p.capf, sizeof(*p.f));
	p.nf = 1;
	p.f[0].kind = TPL_SECTION;
	p.f[0].trim = SIZE_MAX;

	while ((o = find(&p, pos, p.open)) != SIZE_MAX)
		if (tag(&p, o, &pos) < 0) {
			p.rc = -1;
			goto out;
		}
	add_text(&p, pos, len);
	while (p.nf > 1) {
		unclosed(&p, top(&p));
		p.rc = -1;
		pop_frame(&p, false, false);
	}
	t->nodes = copy_nodes(&p, p.f[0].v, p.f[0].n);
	t->n = p.f[0].n;
out:
	while (p.nf > 0)
		free(p.f[--p.nf].v);
	free(p.f);
	free(p.strip);
	return p.rc;
}
