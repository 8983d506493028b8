/*
 * loader: libyaml's event API driven into a value tree.
 *
 * libyaml marks are zero-based; positions recorded here are 1-based lines
 * of the enclosing file (first_line + mark.line) and 1-based columns.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "loader.h"
#include "util.h"
#include "value.h"

/* "size": the values the node expands to; 0 while it is being read. */
struct anchor {
	const char	*name;
	struct value	*val;
	size_t		 size;
};

struct ctx {
	yaml_parser_t	 parser;
	const char	*text;		/* what is parsed, for hints */
	size_t		 len;
	yaml_mark_t	 quoted_start;	/* the last quoted scalar read */
	yaml_mark_t	 quoted_end;
	bool		 quoted;
	const char	*path;
	unsigned	 first_line;
	unsigned	 indent;
	struct arena	*a;
	struct diags	*d;
	struct anchor	*anchors;
	size_t		 nanchors, capanchors;
	size_t		 nodes;		/* nodes and aliases written */
	size_t		 values;	/* values they expand to */
	bool		 last_key_wins;
};

static int	parse_node(struct value **, struct ctx *, yaml_event_t *,
		    unsigned);

static unsigned
mline(const struct ctx *c, yaml_mark_t m)
{
	return c->first_line + (unsigned)m.line;
}

static unsigned
mcol(const struct ctx *c, yaml_mark_t m)
{
	return (unsigned)m.column + 1 + c->indent;
}

/* The line of the text holding byte "at": [*start, *end). */
static void
line_around(const struct ctx *c, size_t at, size_t *start, size_t *end)
{
	size_t	 b = at > c->len ? c->len : at, e = b;

	while (b > 0 && c->text[b - 1] != '\n')
		b--;
	while (e < c->len && c->text[e] != '\n' && c->text[e] != '\r')
		e++;
	*start = b;
	*end = e;
}

/*
 * "title: Sale: 50% off": a plain value holding ": " reads as a second
 * key.  Says so, with the value quoted as it should be, and returns -1;
 * 0 when the line holds no such value.
 */
static int
colon_hint(struct ctx *c, yaml_mark_t m)
{
	const char	*t = c->text, *q;
	struct buf	 fix = BUF_INIT;
	size_t		 b, e, k, ks, v, ve, i;
	int		 rc;

	line_around(c, m.index, &b, &e);
	for (k = b; k + 1 < m.index && !(t[k] == ':' && (t[k + 1] == ' ' ||
	    t[k + 1] == '\t')); k++)
		continue;
	if (k + 1 >= m.index)
		return 0;
	for (ks = b; ks < k && (t[ks] == ' ' || t[ks] == '-'); ks++)
		continue;
	for (v = k + 1; v < e && (t[v] == ' ' || t[v] == '\t'); v++)
		continue;
	for (ve = e; ve > v && (t[ve - 1] == ' ' || t[ve - 1] == '\t'); ve--)
		continue;
	q = memchr(t + v, '"', ve - v) != NULL ? "'" : "\"";
	buf_printf(&fix, "%.*s: %s", (int)(k - ks), t + ks, q);
	for (i = v; i < ve; i++) {
		if (*q == '\'' && t[i] == '\'')
			buf_putc(&fix, '\'');
		buf_putc(&fix, t[i]);
	}
	buf_puts(&fix, q);
	rc = diag_error(c->d, c->path, c->first_line + (unsigned)m.line,
	    (unsigned)(v - b) + 1 + c->indent, "yaml: the value of \"%.*s\" "
	    "holds a colon and a space, which YAML reads as a new key; put "
	    "the value in quotes: %s", (int)(k - ks), t + ks, buf_cstr(&fix));
	buf_free(&fix);
	return rc;
}

/*
 * Plain words for libyaml's commonest complaints, placed where the
 * problem starts; 0 when none fits (the caller says what libyaml said).
 */
static int
hint(struct ctx *c)
{
	yaml_parser_t	*p = &c->parser;
	yaml_mark_t	 m = p->problem_mark, o = p->context_mark;
	const char	*what = p->problem != NULL ? p->problem : "";
	size_t		 b, e, i;
	char		 quote;

	if (p->context != NULL && strstr(p->context, "quoted") != NULL &&
	    o.index < c->len) {
		quote = c->text[o.index];
		return diag_error(c->d, c->path, mline(c, o), mcol(c, o),
		    "yaml: the quote that opens here is never closed; end the "
		    "value with %s", quote == '\'' ? "' (and write '' for an "
		    "apostrophe inside it)" : "\" (and write \\\" for a quote "
		    "inside it)");
	}
	/* A quote closed lines later, by the next value's opening quote. */
	if (c->quoted && c->quoted_start.line < c->quoted_end.line &&
	    c->quoted_end.line == m.line && c->quoted_start.index < c->len) {
		quote = c->text[c->quoted_start.index];
		return diag_error(c->d, c->path, mline(c, c->quoted_start),
		    mcol(c, c->quoted_start), "yaml: the quote that opens here "
		    "is not closed on its line (the %s on line %u closes it); "
		    "end the value with %s", quote == '\'' ? "'" : "\"",
		    mline(c, c->quoted_end), quote == '\'' ? "'" : "\"");
	}
	if ((m.index < c->len && c->text[m.index] == '\t') ||
	    strstr(what, "tab") != NULL) {
		line_around(c, m.index, &b, &e);
		for (i = b; i < e && c->text[i] == ' '; i++)
			continue;
		if (i < e && c->text[i] == '\t')
			return diag_error(c->d, c->path, mline(c, m),
			    (unsigned)(i - b) + 1 + c->indent, "yaml: a tab "
			    "indents this line; indent with spaces only");
	}
	if (strstr(what, "mapping values are not allowed") != NULL) {
		if (colon_hint(c, m) < 0)
			return -1;
		line_around(c, m.index, &b, &e);
		for (i = b; i < e && c->text[i] == ' '; i++)
			continue;
		if (i > b)
			return diag_error(c->d, c->path, mline(c, m),
			    (unsigned)(i - b) + 1 + c->indent, "yaml: this "
			    "line is indented more than the key above it, so "
			    "it reads as part of that key's value; start the "
			    "keys of one map in the same column");
	}
	return 0;
}

static int
parser_error(struct ctx *c)
{
	yaml_parser_t	*p = &c->parser;
	yaml_mark_t	 m = p->problem_mark;
	const char	*what = p->problem ? p->problem : "invalid YAML";

	if (c->text != NULL && hint(c) < 0)
		return -1;

	/* An unclosed bracket or quote is best shown where it opened. */
	if (p->context != NULL && p->context_mark.line < m.line &&
	    (strstr(p->context, "flow") != NULL ||
	    strstr(p->context, "quoted") != NULL)) {
		return diag_error(c->d, c->path, mline(c, p->context_mark),
		    mcol(c, p->context_mark), "yaml: %s %s", p->context, what);
	}
	if (p->context != NULL)
		return diag_error(c->d, c->path, mline(c, m), mcol(c, m),
		    "yaml: %s %s", what, p->context);
	return diag_error(c->d, c->path, mline(c, m), mcol(c, m), "yaml: %s",
	    what);
}

static int
next(struct ctx *c, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&c->parser, ev))
		return parser_error(c);
	return 0;
}

static bool
match(const char *s, size_t n, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strlen(*words) == n && memcmp(*words, s, n) == 0)
			return true;
	return false;
}

/* YAML 1.2 core schema number: returns true and *d if "s" is one. */
static bool
scan_number(const char *s, size_t n, double *d)
{
	static const char *const inf[] = { ".inf", ".Inf", ".INF", "+.inf",
	    "+.Inf", "+.INF", NULL };
	static const char *const ninf[] = { "-.inf", "-.Inf", "-.INF", NULL };
	static const char *const nan[] = { ".nan", ".NaN", ".NAN", NULL };
	size_t	 i = 0;
	bool	 digits = false;
	char	*end;

	if (n == 0)
		return false;
	if (match(s, n, inf)) {
		*d = INFINITY;
		return true;
	}
	if (match(s, n, ninf)) {
		*d = -INFINITY;
		return true;
	}
	if (match(s, n, nan)) {
		*d = NAN;
		return true;
	}
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
		for (i = 2; i < n; i++)
			if (!(s[1] == 'x' ? strchr("0123456789abcdefABCDEF",
			    s[i]) : strchr("01234567", s[i])) || s[i] == '\0')
				return false;
		*d = (double)strtoull(s + 2, NULL, s[1] == 'x' ? 16 : 8);
		return true;
	}
	if (s[i] == '-' || s[i] == '+')
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9') {
		i++;
		digits = true;
	}
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			i++;
			digits = true;
		}
	}
	if (!digits)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		if (i == n || s[i] < '0' || s[i] > '9')
			return false;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i != n)
		return false;
	errno = 0;
	*d = strtod(s, &end);
	return true;
}

static struct value *
scalar(struct ctx *c, const yaml_event_t *ev)
{
	static const char *const nulls[] = { "null", "Null", "NULL", "~",
	    NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE",
	    NULL };
	const char	*s = (const char *)ev->data.scalar.value;
	size_t		 n = ev->data.scalar.length;
	struct value	*v;
	double		 d;

	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ev->data.scalar.plain_implicit) {
		if (n == 0 || match(s, n, nulls))
			return value_null(c->a);
		if (match(s, n, trues))
			return value_bool(c->a, true);
		if (match(s, n, falses))
			return value_bool(c->a, false);
		if (scan_number(s, n, &d)) {
			v = value_number(c->a, d);
			v->u.num.text = arena_strndup(c->a, s, n);
			return v;
		}
	}
	return value_stringn(c->a, s, n);
}

/* Returns the anchor's index, or SIZE_MAX when the node has none. */
static size_t
anchor_add(struct ctx *c, const yaml_char_t *name, struct value *v)
{
	size_t	 cap;

	if (name == NULL)
		return SIZE_MAX;
	if (c->nanchors == c->capanchors) {
		cap = c->capanchors ? c->capanchors * 2 : 8;
		c->anchors = arena_grow(c->a, c->anchors,
		    c->capanchors * sizeof(*c->anchors),
		    cap * sizeof(*c->anchors));
		c->capanchors = cap;
	}
	c->anchors[c->nanchors].name = arena_strdup(c->a, (const char *)name);
	c->anchors[c->nanchors].val = v;
	c->anchors[c->nanchors].size = 0;
	return c->nanchors++;
}

/* The node's expanded size is known once it is read: see alias(). */
static void
anchor_done(struct ctx *c, size_t i, size_t values_before)
{
	if (i != SIZE_MAX)
		c->anchors[i].size = c->values - values_before;
}

static const struct anchor *
anchor_find(const struct ctx *c, const char *name)
{
	size_t	 i;

	/* The latest definition wins, as YAML allows redefining anchors. */
	for (i = c->nanchors; i > 0; i--)
		if (strcmp(c->anchors[i - 1].name, name) == 0)
			return &c->anchors[i - 1];
	return NULL;
}

/*
 * An alias shares the anchored node, so reading it costs nothing, but
 * whatever walks the tree (hashing it, a template's sections) walks the
 * node once per alias: count what aliases repeat and refuse a document
 * that repeats more than LOADER_MAX_REPEATED values, so that no walk
 * costs more than the document's size plus that.  An alias inside the
 * node it names would make the tree a cycle: refused too.
 */
static struct value *
alias(struct ctx *c, const yaml_event_t *ev, unsigned line, unsigned col)
{
	const char		*name = (const char *)ev->data.alias.anchor;
	const struct anchor	*an;

	if ((an = anchor_find(c, name)) == NULL) {
		diag_error(c->d, c->path, line, col,
		    "yaml: unknown anchor \"%s\"", name);
		return NULL;
	}
	if (an->size == 0) {
		diag_error(c->d, c->path, line, col, "yaml: alias *%s is "
		    "inside the value it names; a value cannot contain "
		    "itself", name);
		return NULL;
	}
	c->nodes++;
	c->values += an->size;
	if (c->values - c->nodes > LOADER_MAX_REPEATED) {
		diag_error(c->d, c->path, line, col, "yaml: too many repeated "
		    "aliases: they expand this document by more than %d "
		    "values; use fewer aliases of aliases",
		    LOADER_MAX_REPEATED);
		return NULL;
	}
	return an->val;
}

/*
 * The keys of a map being read, so that finding a duplicate costs the
 * same for the ten-thousandth key as for the first: open addressing on
 * the key, holding index + 1 into the map (0: empty).  Small maps, the
 * usual kind, are searched in place and get no table.
 */
struct keys {
	size_t	*tab;
	size_t	 size;
};

#define KEYS_MIN	16

static size_t
key_hash(const char *s)
{
	size_t	 h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The index of "key" in map "m", or SIZE_MAX. */
static size_t
keys_find(const struct keys *ks, const struct value *m, const char *key)
{
	size_t	 i;

	if (ks->tab == NULL) {
		for (i = 0; i < m->u.map.n; i++)
			if (strcmp(m->u.map.v[i].key, key) == 0)
				return i;
		return SIZE_MAX;
	}
	for (i = key_hash(key) & (ks->size - 1); ks->tab[i] != 0;
	    i = (i + 1) & (ks->size - 1))
		if (strcmp(m->u.map.v[ks->tab[i] - 1].key, key) == 0)
			return ks->tab[i] - 1;
	return SIZE_MAX;
}

static const struct value *
keys_get(const struct keys *ks, const struct value *m, const char *key)
{
	size_t	 i;

	if (ks->tab == NULL)
		return value_map_get(m, key);
	for (i = key_hash(key) & (ks->size - 1); ks->tab[i] != 0;
	    i = (i + 1) & (ks->size - 1))
		if (strcmp(m->u.map.v[ks->tab[i] - 1].key, key) == 0)
			return m->u.map.v[ks->tab[i] - 1].val;
	return NULL;
}

static void
keys_index(struct keys *ks, const struct value *m, size_t at)
{
	size_t	 i;

	for (i = key_hash(m->u.map.v[at].key) & (ks->size - 1);
	    ks->tab[i] != 0; i = (i + 1) & (ks->size - 1))
		continue;
	ks->tab[i] = at + 1;
}

/* Append a key known to be new ("key" is in the arena already). */
static void
keys_put(struct keys *ks, struct arena *a, struct value *m, const char *key,
    struct value *v)
{
	size_t	 i;

	value_map_put(a, m, key, v);
	if (m->u.map.n < KEYS_MIN)
		return;
	if (ks->tab != NULL && m->u.map.n * 2 <= ks->size) {
		keys_index(ks, m, m->u.map.n - 1);
		return;
	}
	free(ks->tab);
	ks->size = ks->size != 0 ? ks->size * 2 : 4 * KEYS_MIN;
	ks->tab = xcalloc(ks->size, sizeof(*ks->tab));
	for (i = 0; i < m->u.map.n; i++)
		keys_index(ks, m, i);
}

static void
merge_into(struct ctx *c, struct keys *ks, struct value *m,
    const struct value *src)
{
	size_t	 i;

	if (src->kind != VAL_MAP)
		return;
	for (i = 0; i < src->u.map.n; i++)
		if (keys_get(ks, m, src->u.map.v[i].key) == NULL) {
			keys_put(ks, c->a, m, src->u.map.v[i].key,
			    src->u.map.v[i].val);
			m->u.map.v[m->u.map.n - 1].line = src->u.map.v[i].line;
			m->u.map.v[m->u.map.n - 1].col = src->u.map.v[i].col;
		}
}

static int
parse_mapping(struct value *m, struct ctx *c, unsigned depth)
{
	yaml_event_t	 ev;
	struct value	*k, *v, *merge = NULL;
	struct keys	 ks = { NULL, 0 };
	const char	*key;
	char		 tmp[32];
	size_t		 len, i;
	int		 rc = -1;

	for (;;) {
		if (next(c, &ev) < 0)
			goto out;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (parse_node(&k, c, &ev, depth + 1) < 0)
			goto out;
		if (k->kind == VAL_LIST || k->kind == VAL_MAP) {
			diag_error(c->d, c->path, k->line, k->col,
			    "yaml: a key must be a scalar");
			goto out;
		}
		key = value_scalar_text(k, tmp, &len);
		if (k->kind == VAL_NULL)
			key = "null";
		key = arena_strndup(c->a, key, strlen(key));
		if (next(c, &ev) < 0)
			goto out;
		if (parse_node(&v, c, &ev, depth + 1) < 0)
			goto out;
		if (k->kind == VAL_STRING && strcmp(key, "<<") == 0) {
			merge = v;
			continue;
		}
		if ((i = keys_find(&ks, m, key)) != SIZE_MAX) {
			if (!c->last_key_wins) {
				diag_error(c->d, c->path, k->line, k->col,
				    "yaml: duplicate key \"%s\"", key);
				goto out;
			}
			diag_warning(c->d, c->path, k->line, k->col,
			    "key \"%s\" is given twice (first at line %u); "
			    "the last value is used", key, m->u.map.v[i].line);
			m->u.map.v[i].val = v;
		} else {
			keys_put(&ks, c->a, m, key, v);
			i = m->u.map.n - 1;
		}
		m->u.map.v[i].line = k->line;
		m->u.map.v[i].col = k->col;
	}
	if (merge != NULL) {
		if (merge->kind == VAL_LIST) {
			for (i = 0; i < merge->u.list.n; i++)
				merge_into(c, &ks, m, merge->u.list.v[i]);
		} else
			merge_into(c, &ks, m, merge);
	}
	rc = 0;
out:
	free(ks.tab);
	return rc;
}

static int
parse_sequence(struct value *l, struct ctx *c, unsigned depth)
{
	yaml_event_t	 ev;
	struct value	*v;

	for (;;) {
		if (next(c, &ev) < 0)
			return -1;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		if (parse_node(&v, c, &ev, depth + 1) < 0)
			return -1;
		value_list_push(c->a, l, v);
	}
}

/* Consumes *ev (deletes it) and whatever the node spans. */
static int
parse_node(struct value **out, struct ctx *c, yaml_event_t *ev,
    unsigned depth)
{
	struct value	*v = NULL;
	unsigned	 line = mline(c, ev->start_mark);
	unsigned	 col = mcol(c, ev->start_mark);
	size_t		 an, before = c->values;
	int		 rc = -1;

	if (depth > LOADER_MAX_DEPTH) {
		diag_error(c->d, c->path, line, col,
		    "yaml: nested deeper than %d levels", LOADER_MAX_DEPTH);
		goto out;
	}
	if (ev->type != YAML_ALIAS_EVENT) {
		c->nodes++;
		c->values++;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
			c->quoted_start = ev->start_mark;
			c->quoted_end = ev->end_mark;
			c->quoted = true;
		}
		v = scalar(c, ev);
		v->line = line;
		v->col = col;
		an = anchor_add(c, ev->data.scalar.anchor, v);
		anchor_done(c, an, before);
		break;
	case YAML_ALIAS_EVENT:
		if ((v = alias(c, ev, line, col)) == NULL)
			goto out;
		break;
	case YAML_SEQUENCE_START_EVENT:
		v = value_list(c->a);
		v->line = line;
		v->col = col;
		an = anchor_add(c, ev->data.sequence_start.anchor, v);
		if (parse_sequence(v, c, depth) < 0)
			goto out;
		anchor_done(c, an, before);
		break;
	case YAML_MAPPING_START_EVENT:
		v = value_map(c->a);
		v->line = line;
		v->col = col;
		an = anchor_add(c, ev->data.mapping_start.anchor, v);
		if (parse_mapping(v, c, depth) < 0)
			goto out;
		anchor_done(c, an, before);
		break;
	default:
		diag_error(c->d, c->path, line, col, "yaml: unexpected event");
		goto out;
	}
	*out = v;
	rc = 0;
out:
	yaml_event_delete(ev);
	return rc;
}

static int
parse_doc(struct value **out, const char *path, const char *text,
    size_t len, unsigned first_line, unsigned indent, bool last_key_wins,
    struct arena *a, struct diags *d)
{
	struct ctx	 c;
	yaml_event_t	 ev;
	struct value	*v = NULL;
	int		 rc = -1;
	bool		 have_event = false;

	memset(&c, 0, sizeof(c));
	c.text = text;
	c.len = len;
	c.path = path;
	c.first_line = first_line;
	c.indent = indent;
	c.last_key_wins = last_key_wins;
	c.a = a;
	c.d = d;
	if (!yaml_parser_initialize(&c.parser))
		return diag_error(d, path, 0, 0, "yaml: cannot initialise");
	yaml_parser_set_input_string(&c.parser, (const unsigned char *)text,
	    len);
	yaml_parser_set_encoding(&c.parser, YAML_UTF8_ENCODING);

	/* STREAM-START, then DOCUMENT-START or STREAM-END. */
	if (next(&c, &ev) < 0)
		goto out;
	yaml_event_delete(&ev);
	if (next(&c, &ev) < 0)
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		v = value_null(a);
		rc = 0;
		goto out;
	}
	yaml_event_delete(&ev);
	if (next(&c, &ev) < 0)
		goto out;
	if (parse_node(&v, &c, &ev, 0) < 0)
		goto out;
	if (next(&c, &ev) < 0)	/* DOCUMENT-END */
		goto out;
	yaml_event_delete(&ev);
	if (next(&c, &ev) < 0)
		goto out;
	have_event = true;
	if (ev.type != YAML_STREAM_END_EVENT) {
		diag_error(d, path, mline(&c, ev.start_mark),
		    mcol(&c, ev.start_mark),
		    "yaml: expected one document, found another");
		goto out;
	}
	rc = 0;
out:
	if (have_event)
		yaml_event_delete(&ev);
	yaml_parser_delete(&c.parser);
	if (rc == 0)
		*out = v;
	return rc;
}

int
loader_parse_at(struct value **out, const char *path, const char *text,
    size_t len, unsigned first_line, unsigned indent, struct arena *a,
    struct diags *d)
{
	return parse_doc(out, path, text, len, first_line, indent, false, a,
	    d);
}

int
loader_parse(struct value **out, const char *path, const char *text,
    size_t len, unsigned first_line, struct arena *a, struct diags *d)
{
	return parse_doc(out, path, text, len, first_line, 0, false, a, d);
}

int
loader_parse_lenient(struct value **out, const char *path,
    const char *text, size_t len, unsigned first_line, struct arena *a,
    struct diags *d)
{
	return parse_doc(out, path, text, len, first_line, 0, true, a, d);
}

/* Where "key" is written on line "line" (1-based in the file) before
 * column "before" (0: anywhere), as a 1-based column; 0 if it is not. */
static unsigned
key_on_line(const char *text, size_t len, unsigned first_line,
    unsigned indent, unsigned line, unsigned before, const char *key)
{
	size_t		 i = 0, end, klen = strlen(key), c;
	unsigned	 l = first_line;

	if (line < first_line || klen == 0)
		return 0;
	while (l < line && i < len) {
		if (text[i++] == '\n')
			l++;
	}
	if (l != line)
		return 0;
	for (end = i; end < len && text[end] != '\n'; end++)
		continue;
	if (before > indent && (size_t)(before - indent - 1) < end - i)
		end = i + (before - indent - 1);
	for (c = i; c + klen <= end; c++)
		if (memcmp(text + c, key, klen) == 0 &&
		    (c == i || strchr(" \t{,-?\"'", text[c - 1]) != NULL) &&
		    (c + klen == end || strchr(" \t:\"'", text[c + klen]) !=
		    NULL))
			return (unsigned)(c - i) + 1 + indent;
	return 0;
}

void
loader_key_place(unsigned *line, unsigned *col, const char *text,
    size_t len, unsigned first_line, unsigned indent, const char *key,
    const struct value *v)
{
	unsigned	 c;

	*line = v->line;
	*col = v->col;
	if (v->line == 0)
		return;
	/* "key: value" on one line, or a block value on the lines after. */
	if ((c = key_on_line(text, len, first_line, indent, v->line, v->col,
	    key)) != 0) {
		*col = c;
		return;
	}
	if (v->line > first_line && (c = key_on_line(text, len, first_line,
	    indent, v->line - 1, 0, key)) != 0) {
		*line = v->line - 1;
		*col = c;
	}
}
