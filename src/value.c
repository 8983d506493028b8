/*
 * value: constructors and lookups for the value tree.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hash.h"
#include "value.h"

static struct value *
mk(struct arena *a, enum value_kind kind)
{
	struct value	*v = arena_zalloc(a, sizeof(*v));

	v->kind = kind;
	return v;
}

struct value *
value_null(struct arena *a)
{
	return mk(a, VAL_NULL);
}

struct value *
value_bool(struct arena *a, bool b)
{
	struct value	*v = mk(a, VAL_BOOL);

	v->u.b = b;
	return v;
}

struct value *
value_number(struct arena *a, double d)
{
	struct value	*v = mk(a, VAL_NUMBER);

	v->u.num.d = d;
	return v;
}

struct value *
value_string_borrow(struct arena *a, const char *s, size_t len)
{
	struct value	*v = mk(a, VAL_STRING);

	v->u.str.s = s;
	v->u.str.len = len;
	return v;
}

struct value *
value_stringn(struct arena *a, const char *s, size_t len)
{
	return value_string_borrow(a, arena_strndup(a, s, len), len);
}

struct value *
value_string(struct arena *a, const char *s)
{
	return value_stringn(a, s, strlen(s));
}

struct value *
value_list(struct arena *a)
{
	return mk(a, VAL_LIST);
}

struct value *
value_map(struct arena *a)
{
	return mk(a, VAL_MAP);
}

void
value_list_push(struct arena *a, struct value *l, struct value *item)
{
	size_t	 cap;

	if (l->u.list.n == l->u.list.cap) {
		cap = l->u.list.cap ? l->u.list.cap * 2 : 4;
		l->u.list.v = arena_grow(a, l->u.list.v,
		    l->u.list.cap * sizeof(*l->u.list.v),
		    cap * sizeof(*l->u.list.v));
		l->u.list.cap = cap;
	}
	l->u.list.v[l->u.list.n++] = item;
}

void
value_map_set(struct arena *a, struct value *m, const char *key,
    struct value *val)
{
	size_t	 i;

	for (i = 0; i < m->u.map.n; i++)
		if (strcmp(m->u.map.v[i].key, key) == 0) {
			m->u.map.v[i].val = val;
			return;
		}
	value_map_put(a, m, arena_strdup(a, key), val);
}

struct value *
value_map_sized(struct arena *a, size_t cap)
{
	struct value	*m = mk(a, VAL_MAP);

	m->u.map.v = arena_alloc(a, cap * sizeof(*m->u.map.v));
	m->u.map.cap = cap;
	return m;
}

void
value_map_put(struct arena *a, struct value *m, const char *key,
    struct value *val)
{
	size_t	 cap;

	if (m->u.map.n == m->u.map.cap) {
		cap = m->u.map.cap ? m->u.map.cap * 2 : 8;
		m->u.map.v = arena_grow(a, m->u.map.v,
		    m->u.map.cap * sizeof(*m->u.map.v),
		    cap * sizeof(*m->u.map.v));
		m->u.map.cap = cap;
	}
	m->u.map.v[m->u.map.n].key = key;
	m->u.map.v[m->u.map.n].line = 0;
	m->u.map.v[m->u.map.n].col = 0;
	m->u.map.v[m->u.map.n++].val = val;
}

void
value_map_set_str(struct arena *a, struct value *m, const char *key,
    const char *s)
{
	value_map_set(a, m, key, value_string(a, s));
}

void
value_map_set_bool(struct arena *a, struct value *m, const char *key, bool b)
{
	value_map_set(a, m, key, value_bool(a, b));
}

void
value_map_set_num(struct arena *a, struct value *m, const char *key,
    double d)
{
	value_map_set(a, m, key, value_number(a, d));
}

const struct value *
value_map_getn(const struct value *m, const char *key, size_t len)
{
	size_t	 i;

	if (m == NULL || m->kind != VAL_MAP)
		return NULL;
	for (i = 0; i < m->u.map.n; i++)
		if (strncmp(m->u.map.v[i].key, key, len) == 0 &&
		    m->u.map.v[i].key[len] == '\0')
			return m->u.map.v[i].val;
	return NULL;
}

const struct value *
value_map_get(const struct value *m, const char *key)
{
	return value_map_getn(m, key, strlen(key));
}

const struct value *
value_list_get(const struct value *l, size_t i)
{
	if (l == NULL || l->kind != VAL_LIST || i >= l->u.list.n)
		return NULL;
	return l->u.list.v[i];
}

size_t
value_len(const struct value *v)
{
	if (v == NULL)
		return 0;
	if (v->kind == VAL_LIST)
		return v->u.list.n;
	if (v->kind == VAL_MAP)
		return v->u.map.n;
	return 0;
}

const char *
value_str(const struct value *v)
{
	return v != NULL && v->kind == VAL_STRING ? v->u.str.s : NULL;
}

bool
value_truthy(const struct value *v)
{
	if (v == NULL)
		return false;
	switch (v->kind) {
	case VAL_NULL:
		return false;
	case VAL_BOOL:
		return v->u.b;
	case VAL_STRING:
		return v->u.str.len > 0;
	case VAL_LIST:
		return v->u.list.n > 0;
	default:
		return true;
	}
}

const char *
value_scalar_text(const struct value *v, char *tmp, size_t *len)
{
	const char	*s = "";
	int		 prec;
	double		 d;

	if (v == NULL) {
		*len = 0;
		return s;
	}
	switch (v->kind) {
	case VAL_BOOL:
		s = v->u.b ? "true" : "false";
		break;
	case VAL_STRING:
		*len = v->u.str.len;
		return v->u.str.s;
	case VAL_NUMBER:
		d = v->u.num.d;
		if (d == floor(d) && fabs(d) < 1e15) {
			snprintf(tmp, 32, "%.0f", d);
		} else {
			/* Shortest text that reads back as the same double. */
			for (prec = 1; prec <= 17; prec++) {
				snprintf(tmp, 32, "%.*g", prec, d);
				if (strtod(tmp, NULL) == d)
					break;
			}
		}
		s = tmp;
		break;
	default:
		break;
	}
	*len = strlen(s);
	return s;
}

bool
value_equal(const struct value *a, const struct value *b)
{
	size_t	 i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case VAL_NULL:
		return true;
	case VAL_BOOL:
		return a->u.b == b->u.b;
	case VAL_NUMBER:
		return a->u.num.d == b->u.num.d;
	case VAL_STRING:
		return a->u.str.len == b->u.str.len &&
		    memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
	case VAL_LIST:
		if (a->u.list.n != b->u.list.n)
			return false;
		for (i = 0; i < a->u.list.n; i++)
			if (!value_equal(a->u.list.v[i], b->u.list.v[i]))
				return false;
		return true;
	case VAL_MAP:
		if (a->u.map.n != b->u.map.n)
			return false;
		for (i = 0; i < a->u.map.n; i++)
			if (strcmp(a->u.map.v[i].key, b->u.map.v[i].key) != 0 ||
			    !value_equal(a->u.map.v[i].val, b->u.map.v[i].val))
				return false;
		return true;
	}
	return false;
}

void
value_hash(struct hasher *h, const struct value *v)
{
	size_t	 i;

	if (v == NULL) {
		hash_u64(h, 0xffff);
		return;
	}
	hash_u64(h, v->kind);
	switch (v->kind) {
	case VAL_NULL:
		break;
	case VAL_BOOL:
		hash_u64(h, v->u.b);
		break;
	case VAL_NUMBER:
		hash_put(h, &v->u.num.d, sizeof(v->u.num.d));
		hash_str(h, v->u.num.text);
		break;
	case VAL_STRING:
		hash_u64(h, v->u.str.len);
		hash_put(h, v->u.str.s, v->u.str.len);
		break;
	case VAL_LIST:
		hash_u64(h, v->u.list.n);
		for (i = 0; i < v->u.list.n; i++)
			value_hash(h, v->u.list.v[i]);
		break;
	case VAL_MAP:
		hash_u64(h, v->u.map.n);
		for (i = 0; i < v->u.map.n; i++) {
			hash_str(h, v->u.map.v[i].key);
			value_hash(h, v->u.map.v[i].val);
		}
		break;
	}
}
