/*
 * template_render: walks a compiled template (template_tree.h) over a
 * value tree, appending to a buffer.
 *
 * Every bit of state of one rendering lives in a "struct rstate" on the
 * caller's stack, so several threads may render from the same set at once.
 * Lookups follow the spec (specs/interpolation.yml, sections.yml): the
 * first part of a dotted name is searched down the context stack, the
 * others only inside what the first one found.  Block overrides follow
 * specs/~inheritance.yml: the arguments of the outermost parent being
 * expanded win, and they stay in force through nested partials and
 * parents.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "template.h"
#include "template_tree.h"
#include "util.h"
#include "value.h"

/* The argument blocks of the parents being expanded, innermost first. */
struct ovr {
	const struct tpl_node	*parent;
	const struct tpl	*tpl;	/* where the parent tag is */
	const struct ovr	*outer;
};

/*
 * One rendering.  "ind" holds the indentation of the expansions under
 * way; the one in force is ind.data[ibeg..].  "skip": the next line start
 * continues a line already begun (see block()).  "depth" counts the
 * partials, parents and overrides being expanded, "nest" the recursion of
 * every kind.
 */
struct rstate {
	struct buf		*out;
	const struct tpl_set	*set;
	struct diags		*d;
	const struct value	**stack;	/* the context stack */
	size_t			 n, cap;
	struct buf		 ind;
	size_t			 ibeg;
	bool			 skip;
	unsigned		 depth;
	unsigned		 nest;
	bool			*watched;
	const char		*name;		/* the template rendered */
	size_t			 start;		/* out->len before it */
	size_t			 steps;		/* nodes rendered */
	size_t			 expansions;	/* partials, parents, blocks */
};

static int	render_nodes(struct rstate *, const struct tpl *,
		    const struct ovr *, const struct tpl_node *, size_t,
		    bool);

static void
push(struct rstate *st, const struct value *v)
{
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 32;
		st->stack = xrealloc(st->stack, st->cap * sizeof(*st->stack));
	}
	st->stack[st->n++] = v;
}

/*
 * A line of the template starts here: indent it, unless this is the first
 * line of an override that continues a line already begun.
 */
static void
indent(struct rstate *st)
{
	if (st->skip)
		st->skip = false;
	else if (st->ind.len > st->ibeg)
		buf_put(st->out, st->ind.data + st->ibeg,
		    st->ind.len - st->ibeg);
}

static void
put(struct rstate *st, const char *s, size_t len, bool escape)
{
	if (len == 0)
		return;
	st->skip = false;
	if (escape)
		buf_put_html(st->out, s, len);
	else
		buf_put(st->out, s, len);
}

/* Text: indented after each newline that is not its last byte. */
static void
put_text(struct rstate *st, const struct tpl_node *n)
{
	const char	*s = n->s, *end = n->s + n->len, *nl;

	if (!(n->flags & TPL_NL) || st->ind.len == st->ibeg) {
		put(st, s, n->len, false);
		return;
	}
	while ((nl = memchr(s, '\n', (size_t)(end - s))) != NULL &&
	    nl + 1 < end) {
		put(st, s, (size_t)(nl + 1 - s), false);
		indent(st);
		s = nl + 1;
	}
	put(st, s, (size_t)(end - s), false);
}

/*
 * value_map_getn, but skipping keys by their first byte before comparing
 * them whole: lookups are most of the work of rendering.
 */
static const struct value *
get(const struct value *m, const struct tpl_part *p)
{
	const struct value_pair	*kv = m->u.map.v, *end;

	/* An empty map has no array: no arithmetic on its NULL. */
	if (m->u.map.n == 0)
		return NULL;
	for (end = kv + m->u.map.n; kv < end; kv++)
		if (kv->key[0] == p->s[0] && strncmp(kv->key, p->s,
		    p->len) == 0 && kv->key[p->len] == '\0')
			return kv->val;
	return NULL;
}

/*
 * value_scalar_text, with whole numbers (counts, years, minutes: the
 * numbers templates print) formatted without going through printf.
 */
static const char *
scalar(const struct value *v, char *tmp, size_t *len)
{
	unsigned long long	 u;
	double			 d;
	char			*p = tmp + 31;

	if (v == NULL || v->kind != VAL_NUMBER)
		return value_scalar_text(v, tmp, len);
	d = v->u.num.d;
	if (!(fabs(d) >= 1 && fabs(d) < 1e15 && d == floor(d)))
		return value_scalar_text(v, tmp, len);
	u = (unsigned long long)fabs(d);
	*p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (d < 0)
		*--p = '-';
	*len = (size_t)(tmp + 31 - p);
	return p;
}

static const struct value *
child(const struct value *v, const struct tpl_part *p)
{
	if (v->kind == VAL_MAP)
		return get(v, p);
	if (v->kind == VAL_LIST && p->index != SIZE_MAX)
		return value_list_get(v, p->index);
	return NULL;
}

/* Keep in "best" the key of map "m" closest to "part", if close. */
static void
closest_key(char best[64], size_t *bestd, const struct value *m,
    const struct tpl_part *part)
{
	const char	*cand[1];
	char		 word[64];
	size_t		 i, d;

	if (m == NULL || m->kind != VAL_MAP || part->len >= sizeof(word))
		return;
	memcpy(word, part->s, part->len);
	word[part->len] = '\0';
	for (i = 0; i < m->u.map.n; i++) {
		cand[0] = m->u.map.v[i].key;
		if (strlen(cand[0]) >= 64 || util_suggest(word, cand, 1) ==
		    NULL)
			continue;
		d = strlen(cand[0]) > part->len ? strlen(cand[0]) - part->len :
		    part->len - strlen(cand[0]);
		if (*best == '\0' || d < *bestd) {
			*bestd = d;
			memcpy(best, cand[0], strlen(cand[0]) + 1);
		}
	}
}

/*
 * The first render that finds no value for a name keeps the closest name
 * that was there (every context for a first part, the map above it for
 * a later one): a typo ("titel") shows only as an empty spot otherwise.
 * Once per tag and build, so the rendering of a miss stays cheap.
 */
static void
missed(const struct rstate *st, const struct tpl_node *n, size_t part,
    const struct value *above)
{
	struct tpl_probe	*pr = n->probe;
	unsigned		 s = atomic_load_explicit(&pr->state,
				    memory_order_relaxed);
	size_t			 i, bestd = SIZE_MAX;

	if ((s & (TPL_FOUND | TPL_MISSED)) != 0 ||
	    !atomic_compare_exchange_strong(&pr->state, &s, s | TPL_MISSED))
		return;
	pr->part = part;
	if (part > 0)
		closest_key(pr->near, &bestd, above, &n->parts[part]);
	else
		for (i = st->n; i-- > 0;)
			closest_key(pr->near, &bestd, st->stack[i],
			    &n->parts[0]);
}

/* The value a name stands for, or NULL. */
static const struct value *
lookup(const struct rstate *st, const struct tpl_node *n)
{
	const struct value	*v = NULL, *m, *above = NULL;
	size_t			 i;

	if (n->nparts == 0)
		return st->stack[st->n - 1];
	for (i = st->n; i-- > 0;) {
		m = st->stack[i];
		if (m != NULL && m->kind == VAL_MAP &&
		    (v = get(m, &n->parts[0])) != NULL)
			break;
	}
	for (i = 1; v != NULL && i < n->nparts; i++) {
		if (v->watch)
			*st->watched = true;
		above = v;
		v = child(v, &n->parts[i]);
	}
	if (v != NULL && v->watch)
		*st->watched = true;
	if (n->probe == NULL)
		return v;
	if (v != NULL) {
		if (!(atomic_load_explicit(&n->probe->state,
		    memory_order_relaxed) & TPL_FOUND))
			atomic_fetch_or(&n->probe->state, TPL_FOUND);
	} else
		missed(st, n, above == NULL ? 0 : i - 1, above);
	return v;
}

/*
 * Each template nests at most TEMPLATE_MAX_NESTING deep, but partials and
 * blocks stack templates: bound the recursion as a whole, at the tag "n".
 */
static int
enter(struct rstate *st, const struct tpl *t, const struct tpl_node *n)
{
	if (st->nest >= 2 * TEMPLATE_MAX_NESTING)
		return diag_error_pages(st->d, t->path, n->line, n->col,
		    "sections, partials and blocks nested more than %d deep",
		    2 * TEMPLATE_MAX_NESTING);
	st->nest++;
	return 0;
}

/*
 * Depth limits bound the stack, not the work: partials that each include
 * the next twice, forty deep, or sections within sections over one list,
 * would run for ever.  Bound the whole rendering, at the tag "n".
 */
static int
too_much(struct rstate *st, const struct tpl *t, const struct tpl_node *n)
{
	if (st->expansions > TEMPLATE_MAX_EXPANSIONS)
		return diag_error_pages(st->d, t->path, n->line, n->col,
		    "rendering \"%s\" expands partials, parents and blocks "
		    "more than %d times: does a partial include others more "
		    "than once at each level?", st->name,
		    TEMPLATE_MAX_EXPANSIONS);
	if (st->out->len - st->start > (size_t)TEMPLATE_MAX_OUTPUT)
		return diag_error_pages(st->d, t->path, n->line, n->col,
		    "rendering \"%s\" makes more than %d MiB of text",
		    st->name, TEMPLATE_MAX_OUTPUT >> 20);
	return diag_error_pages(st->d, t->path, n->line, n->col, "rendering \"%s\" "
	    "takes more than %d steps: do sections within sections walk "
	    "long lists?", st->name, TEMPLATE_MAX_STEPS);
}

static int
too_deep(struct rstate *st, const struct tpl *t, const struct tpl_node *n)
{
	return diag_error_pages(st->d, t->path, n->line, n->col,
	    "%s \"%.*s\" nested more than %d deep", n->kind == TPL_PARTIAL ?
	    "partial" : n->kind == TPL_PARENT ? "parent" : "block",
	    (int)n->len, n->s, TEMPLATE_MAX_DEPTH);
}

/* The template a partial or parent tag names, or NULL. */
static const struct tpl *
target(const struct rstate *st, const struct tpl_node *n)
{
	const struct value	*v;
	const char		*s;
	char			 tmp[32];
	size_t			 len;

	if (!(n->flags & TPL_DYNAMIC))
		return template_set_find(st->set, n->s, n->len);
	v = lookup(st, n);
	if (v == NULL || v->kind == VAL_LIST || v->kind == VAL_MAP)
		return NULL;
	s = value_scalar_text(v, tmp, &len);
	return template_set_find(st->set, s, len);
}

/*
 * Expand template "t" for a partial or parent tag: indented by the tag's
 * blanks when it stands alone on its line, else not at all.
 */
static int
expand(struct rstate *st, const struct tpl *from, const struct ovr *chain,
    const struct tpl_node *n)
{
	const struct tpl	*t;
	struct ovr		 o;
	size_t			 ibeg = st->ibeg, ilen = st->ind.len;
	int			 rc;

	if ((t = target(st, n)) == NULL)
		return 0;
	if (st->depth >= TEMPLATE_MAX_DEPTH)
		return too_deep(st, from, n);
	if (++st->expansions > TEMPLATE_MAX_EXPANSIONS)
		return too_much(st, from, n);
	if (enter(st, from, n) < 0)
		return -1;
	if (n->flags & TPL_STANDALONE)
		buf_put(&st->ind, n->ind, n->indlen);
	else
		st->ibeg = st->ind.len;
	if (n->kind == TPL_PARENT) {
		o.parent = n;
		o.tpl = from;
		o.outer = chain;
		chain = &o;
	}
	st->depth++;
	rc = render_nodes(st, t, chain, t->nodes, t->n, false);
	st->depth--;
	st->nest--;
	st->ind.len = ilen;
	st->ibeg = ibeg;
	return rc;
}

/* The outermost argument overriding block "n", or NULL. */
static const struct tpl_node *
override(const struct ovr *chain, const struct tpl_node *n,
    const struct tpl **where)
{
	const struct tpl_node	*found = NULL, *a;
	size_t			 i;

	for (; chain != NULL; chain = chain->outer)
		for (i = 0; i < chain->parent->nkids; i++) {
			a = &chain->parent->kids[i];
			if (a->len == n->len &&
			    memcmp(a->s, n->s, n->len) == 0) {
				found = a;
				*where = chain->tpl;
			}
		}
	return found;
}

static int
block(struct rstate *st, const struct tpl *t, const struct ovr *chain,
    const struct tpl_node *n)
{
	const struct tpl_node	*a;
	const struct tpl	*at = NULL;
	size_t			 ilen = st->ind.len;
	bool			 force = false;
	int			 rc;

	if (enter(st, t, n) < 0)
		return -1;
	if ((a = override(chain, n, &at)) == NULL) {
		rc = render_nodes(st, t, chain, n->kids, n->nkids, false);
		if (rc == 0 && (n->flags & TPL_CLOSE_BOL))
			indent(st);
		st->nest--;
		return rc;
	}
	if (st->depth >= TEMPLATE_MAX_DEPTH) {
		st->nest--;
		return too_deep(st, t, n);
	}
	if (++st->expansions > TEMPLATE_MAX_EXPANSIONS) {
		st->nest--;
		return too_much(st, t, n);
	}
	/*
	 * Where the block's own line was cut out, the argument's first line
	 * starts a line and is indented even if it did not start one where
	 * it was written; elsewhere it continues the line the block is on.
	 */
	if (n->flags & TPL_IND_FIRST)
		force = !(a->flags & TPL_OPEN_ALONE);
	else if (a->flags & TPL_OPEN_ALONE)
		st->skip = true;
	buf_put(&st->ind, n->ind, n->indlen);
	st->depth++;
	rc = render_nodes(st, at, chain, a->kids, a->nkids, force);
	st->depth--;
	st->nest--;
	st->ind.len = ilen;
	st->skip = false;
	return rc;
}

static int
section(struct rstate *st, const struct tpl *t, const struct ovr *chain,
    const struct tpl_node *n)
{
	const struct value	*v = lookup(st, n);
	size_t			 i, count = 1;
	int			 rc = 0;

	if (n->kind == TPL_INVERTED) {
		if (value_truthy(v))
			return 0;
		v = NULL;
	} else if (v != NULL && v->kind == VAL_LIST)
		count = v->u.list.n;
	else if (!value_truthy(v))
		return 0;
	if (enter(st, t, n) < 0)
		return -1;
	for (i = 0; i < count && rc == 0; i++) {
		if (n->kind == TPL_SECTION)
			push(st, v->kind == VAL_LIST ? v->u.list.v[i] : v);
		rc = render_nodes(st, t, chain, n->kids, n->nkids, false);
		if (rc == 0 && (n->flags & TPL_CLOSE_BOL))
			indent(st);
		if (n->kind == TPL_SECTION)
			st->n--;
	}
	st->nest--;
	return rc;
}

static int
render_nodes(struct rstate *st, const struct tpl *t, const struct ovr *chain,
    const struct tpl_node *nodes, size_t count, bool force)
{
	const struct tpl_node	*n;
	const struct value	*v;
	const char		*s;
	char			 tmp[32];
	size_t			 i, len;
	int			 rc = 0;

	for (i = 0; i < count && rc == 0; i++) {
		n = &nodes[i];
		if (++st->steps > TEMPLATE_MAX_STEPS ||
		    st->out->len - st->start > (size_t)TEMPLATE_MAX_OUTPUT)
			return too_much(st, t, n);
		if ((n->flags & TPL_BOL) || (force && i == 0))
			indent(st);
		switch (n->kind) {
		case TPL_TEXT:
			put_text(st, n);
			break;
		case TPL_VAR:
		case TPL_RAW:
			v = lookup(st, n);
			s = scalar(v, tmp, &len);
			put(st, s, len, n->kind == TPL_VAR);
			break;
		case TPL_SECTION:
		case TPL_INVERTED:
			rc = section(st, t, chain, n);
			break;
		case TPL_PARTIAL:
		case TPL_PARENT:
			rc = expand(st, t, chain, n);
			break;
		case TPL_BLOCK:
			rc = block(st, t, chain, n);
			break;
		}
	}
	return rc;
}

int
template_render(struct buf *out, const struct tpl_set *set,
    const char *name, const struct value *ctx, struct diags *d)
{
	bool	 watched;

	return template_render_watch(out, set, name, ctx, &watched, d);
}

int
template_render_watch(struct buf *out, const struct tpl_set *set,
    const char *name, const struct value *ctx, bool *watched,
    struct diags *d)
{
	struct rstate		 st;
	const struct tpl	*t;
	int			 rc;

	*watched = false;

	if ((t = template_set_find(set, name, strlen(name))) == NULL)
		return diag_error(d, "", 0, 0, "unknown template \"%s\"",
		    name);
	memset(&st, 0, sizeof(st));
	st.out = out;
	st.set = set;
	st.d = d;
	st.watched = watched;
	st.name = name;
	st.start = out->len;
	buf_init(&st.ind);
	push(&st, ctx);
	rc = render_nodes(&st, t, NULL, t->nodes, t->n, false);
	free(st.stack);
	buf_free(&st.ind);
	return rc;
}
