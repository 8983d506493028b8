/*
 * template: the set of compiled templates, found by name through a small
 * open-addressing hash table; compiling is in template_parse.c, rendering
 * in template_render.c.  The set's arena holds every template, its text
 * and its tree; a template replaced by name stays there, unused, until the
 * set is freed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "template.h"
#include "template_tree.h"
#include "util.h"

struct tpl_set *
template_set_new(void)
{
	struct tpl_set	*set = xcalloc(1, sizeof(*set));

	set->a = arena_new();
	return set;
}

void
template_set_free(struct tpl_set *set)
{
	if (set == NULL)
		return;
	arena_free(set->a);
	free(set->v);
	free(set->tab);
	free(set);
}

/* FNV-1a */
static size_t
hash(const char *s, size_t len)
{
	uint64_t	 h = 14695981039346656037ULL;
	size_t		 i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* The table slot holding "name", or the empty one where it would go. */
static size_t
slot(const struct tpl_set *set, const char *name, size_t len)
{
	size_t	 mask = set->tabsize - 1, i = hash(name, len) & mask;

	while (set->tab[i] != NULL && (strncmp(set->tab[i]->name, name,
	    len) != 0 || set->tab[i]->name[len] != '\0'))
		i = (i + 1) & mask;
	return i;
}

const struct tpl *
template_set_find(const struct tpl_set *set, const char *name, size_t len)
{
	const struct tpl	*t;

	if (set->tabsize == 0 || memchr(name, '\0', len) != NULL)
		return NULL;
	t = set->tab[slot(set, name, len)];
	return t;
}

bool
template_set_has(const struct tpl_set *set, const char *name)
{
	return template_set_find(set, name, strlen(name)) != NULL;
}

static bool
uses(const struct tpl_node *n, size_t count, const char *name, size_t len)
{
	size_t	 i;
	bool	 lookup;

	for (i = 0; i < count; i++, n++) {
		lookup = n->kind == TPL_VAR || n->kind == TPL_RAW ||
		    n->kind == TPL_SECTION || n->kind == TPL_INVERTED ||
		    (n->flags & TPL_DYNAMIC);
		if (lookup && n->nparts > 0 && n->parts[0].len == len &&
		    memcmp(n->parts[0].s, name, len) == 0)
			return true;
		if (uses(n->kids, n->nkids, name, len))
			return true;
	}
	return false;
}

static void
missing(const struct tpl *t, const struct tpl_node *n, size_t count,
    struct diags *d)
{
	size_t		 i;
	unsigned	 s;

	for (i = 0; i < count; i++, n++) {
		if (n->probe != NULL) {
			s = atomic_load(&n->probe->state);
			if (s == TPL_MISSED && n->probe->near[0] != '\0')
				diag_warning(d, t->path, n->line, n->col,
				    "{{%.*s}}: no page has \"%.*s\"; did you "
				    "mean \"%s\"?", (int)n->len, n->s,
				    (int)n->parts[n->probe->part].len,
				    n->parts[n->probe->part].s,
				    n->probe->near);
		}
		missing(t, n->kids, n->nkids, d);
	}
}

void
template_set_missing(const struct tpl_set *set, struct diags *d)
{
	size_t	 i;

	for (i = 0; i < set->n; i++)
		missing(set->v[i], set->v[i]->nodes, set->v[i]->n, d);
}

bool
template_set_uses(const struct tpl_set *set, const char *name)
{
	size_t	 i;

	for (i = 0; i < set->n; i++)
		if (uses(set->v[i]->nodes, set->v[i]->n, name, strlen(name)))
			return true;
	return false;
}

struct names {
	const char	**v;
	size_t		  n, cap;
};

static void
collect(struct names *out, const struct tpl_node *n, size_t count,
    struct arena *a)
{
	size_t	 i, k;
	bool	 lookup;

	for (i = 0; i < count; i++, n++) {
		lookup = n->kind == TPL_VAR || n->kind == TPL_RAW ||
		    n->kind == TPL_SECTION || n->kind == TPL_INVERTED ||
		    (n->flags & TPL_DYNAMIC);
		for (k = 0; lookup && k < n->nparts; k++) {
			if (n->parts[k].index != SIZE_MAX)
				continue;
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 64;
				out->v = xrealloc(out->v,
				    out->cap * sizeof(*out->v));
			}
			out->v[out->n++] = arena_strndup(a, n->parts[k].s,
			    n->parts[k].len);
		}
		collect(out, n->kids, n->nkids, a);
	}
}

const char **
template_set_names(const struct tpl_set *set, size_t *n, struct arena *a)
{
	struct names	 all = { NULL, 0, 0 };
	const char	**v;
	size_t		 i, k = 0;

	for (i = 0; i < set->n; i++)
		collect(&all, set->v[i]->nodes, set->v[i]->n, a);
	if (all.n > 0)
		qsort(all.v, all.n, sizeof(*all.v), util_cmp_strp);
	v = arena_alloc(a, (all.n + 1) * sizeof(*v));
	for (i = 0; i < all.n; i++)
		if (k == 0 || strcmp(v[k - 1], all.v[i]) != 0)
			v[k++] = all.v[i];
	v[k] = NULL;
	free(all.v);
	*n = k;
	return v;
}

static void
insert(struct tpl_set *set, struct tpl *t)
{
	struct tpl	**old = set->tab;
	size_t		 i, oldsize = set->tabsize, k;

	/* Keep the table at most half full. */
	if (2 * (set->n + 1) > set->tabsize) {
		set->tabsize = oldsize ? oldsize * 2 : 16;
		set->tab = xcalloc(set->tabsize, sizeof(*set->tab));
		for (i = 0; i < oldsize; i++)
			if (old[i] != NULL)
				set->tab[slot(set, old[i]->name,
				    strlen(old[i]->name))] = old[i];
		free(old);
	}
	k = slot(set, t->name, strlen(t->name));
	if (set->tab[k] != NULL) {
		for (i = 0; i < set->n; i++)
			if (set->v[i] == set->tab[k])
				set->v[i] = t;
		set->tab[k] = t;
		return;
	}
	set->tab[k] = t;
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->v = xrealloc(set->v, set->cap * sizeof(*set->v));
	}
	set->v[set->n++] = t;
}

int
template_set_add(struct tpl_set *set, const char *name, const char *path,
    const char *text, size_t len, struct diags *d)
{
	struct tpl	*t = arena_zalloc(set->a, sizeof(*t));
	char		*copy;

	t->name = arena_strdup(set->a, name);
	t->path = arena_strdup(set->a, path);
	copy = arena_alloc(set->a, len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	if (template_compile(t, copy, len, set->a, d) < 0)
		return -1;
	insert(set, t);
	return 0;
}

int
template_set_add_text(struct tpl_set *set, const char *name,
    const char *path, const char *text, size_t len)
{
	struct tpl	*t = arena_zalloc(set->a, sizeof(*t));
	struct tpl_node	*n = arena_zalloc(set->a, sizeof(*n));
	char		*copy = arena_alloc(set->a, len + 1);

	memcpy(copy, text, len);
	copy[len] = '\0';
	t->name = arena_strdup(set->a, name);
	t->path = arena_strdup(set->a, path);
	/* One text node, indented as compiled text would be. */
	n->kind = TPL_TEXT;
	n->flags = TPL_BOL;
	if (len > 1 && memchr(copy, '\n', len - 1) != NULL)
		n->flags |= TPL_NL;
	n->line = n->col = 1;
	n->s = copy;
	n->len = len;
	t->nodes = n;
	t->n = len > 0;
	insert(set, t);
	return 0;
}

/* Report the partials and parents under "nodes" that name no template. */
static int
check(const struct tpl_set *set, const struct tpl *t,
    const struct tpl_node *nodes, size_t n, struct diags *d)
{
	const struct tpl_node	*x;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < n; i++) {
		x = &nodes[i];
		if ((x->kind == TPL_PARTIAL || x->kind == TPL_PARENT) &&
		    !(x->flags & TPL_DYNAMIC) &&
		    template_set_find(set, x->s, x->len) == NULL)
			rc = diag_error(d, t->path, x->line, x->col,
			    "%s \"%.*s\" not found", x->kind == TPL_PARTIAL ?
			    "partial" : "parent", (int)x->len, x->s);
		if (check(set, t, x->kids, x->nkids, d) < 0)
			rc = -1;
	}
	return rc;
}

int
template_set_check(const struct tpl_set *set, struct diags *d)
{
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < set->n; i++)
		if (check(set, set->v[i], set->v[i]->nodes, set->v[i]->n,
		    d) < 0)
			rc = -1;
	return rc;
}
