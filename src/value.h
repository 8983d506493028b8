/*
 * value: the data model shared by front matter, site.yaml, i18n catalogs,
 * template contexts and `heraldo template render --data`.
 *
 * A value is null, a boolean, a number, a string, a list or a map.  Maps
 * keep their keys in insertion order (so output never depends on hashing).
 * Values live in an arena and are never freed one by one.  A value tree is
 * immutable once built, so several threads may read it at once.
 */
#ifndef HERALDO_VALUE_H
#define HERALDO_VALUE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum value_kind {
	VAL_NULL,
	VAL_BOOL,
	VAL_NUMBER,
	VAL_STRING,
	VAL_LIST,
	VAL_MAP
};

/*
 * What a value was in a typed source (TOML, toml.h); VTAG_NONE for YAML
 * and everything made in code.  Dates stay VAL_STRING in every source.
 */
enum value_tag {
	VTAG_NONE,
	VTAG_INTEGER,		/* VAL_NUMBER */
	VTAG_FLOAT,		/* VAL_NUMBER */
	VTAG_DATETIME,		/* VAL_STRING, RFC 3339 with an offset */
	VTAG_DATETIME_LOCAL,	/* VAL_STRING, date and time, no offset */
	VTAG_DATE_LOCAL,	/* VAL_STRING, date only */
	VTAG_TIME_LOCAL		/* VAL_STRING, time only */
};

struct value;

struct value_pair {
	const char	*key;	/* NUL-terminated, in the arena */
	struct value	*val;
	unsigned	 line;	/* the key's 1-based place; 0 = made in code */
	unsigned	 col;
};

struct value {
	enum value_kind	 kind;
	bool		 watch;	/* template_render_watch reports reading it */
	unsigned char	 tag;	/* enum value_tag; fits the padding */
	unsigned	 line;	/* 1-based source position; 0 = made in code */
	unsigned	 col;
	union {
		bool	 b;
		struct {
			double		 d;
			const char	*text;	/* as written, or NULL */
		} num;
		struct {
			const char	*s;	/* NUL-terminated */
			size_t		 len;
		} str;
		struct {
			struct value	**v;
			size_t		  n, cap;
		} list;
		struct {
			struct value_pair *v;
			size_t		  n, cap;
		} map;
	} u;
};

/* Constructors: every result is allocated in "a" and never NULL. */
struct value	*value_null(struct arena *a);
struct value	*value_bool(struct arena *a, bool);
struct value	*value_number(struct arena *a, double);
struct value	*value_string(struct arena *a, const char *);	/* copies */
struct value	*value_stringn(struct arena *a, const char *, size_t);
/* Wraps a string already in "a" (or static) without copying it. */
struct value	*value_string_borrow(struct arena *a, const char *, size_t);
struct value	*value_list(struct arena *a);
struct value	*value_map(struct arena *a);

/* Append to a list. */
void		 value_list_push(struct arena *a, struct value *list,
		    struct value *item);

/*
 * Set key in a map: replaces an existing key in place, else appends.  The
 * key is copied into "a".
 */
void		 value_map_set(struct arena *a, struct value *map,
		    const char *key, struct value *val);
/* Shorthands for value_map_set with a fresh string/bool/number. */
/*
 * For maps made by the thousand (every post's): a map with room for
 * "cap" keys, and an append that neither copies "key" (it must outlive
 * the map: a literal) nor looks for it first (it must be new).
 */
struct value	*value_map_sized(struct arena *a, size_t cap);
void		 value_map_put(struct arena *a, struct value *map,
		    const char *key, struct value *val);
void		 value_map_set_str(struct arena *a, struct value *map,
		    const char *key, const char *s);
void		 value_map_set_bool(struct arena *a, struct value *map,
		    const char *key, bool b);
void		 value_map_set_num(struct arena *a, struct value *map,
		    const char *key, double d);

/* Lookups: NULL when absent or when "v" is not a map / list. */
const struct value *value_map_get(const struct value *map, const char *key);
const struct value *value_map_getn(const struct value *map, const char *key,
		    size_t keylen);
const struct value *value_list_get(const struct value *list, size_t i);
size_t		 value_len(const struct value *);	/* list/map size */

/* The string of a VAL_STRING, or NULL for any other kind. */
const char	*value_str(const struct value *);

/*
 * Mustache truthiness: null, false, the empty list and the empty string
 * are false; everything else (0 included, as in the spec's data) is true.
 */
bool		 value_truthy(const struct value *);

/*
 * The text of a scalar as templates print it: strings as they are,
 * numbers in their shortest round-trip form ("1.21", "3"), booleans as
 * "true"/"false", null as "".  Lists and maps print as "".  Writes into
 * "tmp" (at least 32 bytes) when it needs to; returns a pointer valid as
 * long as both "v" and "tmp" are.
 */
const char	*value_scalar_text(const struct value *v, char *tmp,
		    size_t *len);

/* Deep equality (maps compare keys in order), for tests. */
bool		 value_equal(const struct value *, const struct value *);

/* Feed the tree's kinds, keys and values to a hasher (hash.h). */
struct hasher;
void		 value_hash(struct hasher *, const struct value *);

#endif /* !HERALDO_VALUE_H */
