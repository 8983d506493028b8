/*
 * toml: a recursive-descent reader of TOML 1.0.0, building the value tree
 * as it goes.
 *
 * The rules on defining tables (spec, "Table", "Array of Tables", "Keys")
 * are kept in a hash table of every key ever defined, keyed by the table
 * it is in and its name; each entry says how its value came to be:
 *
 *   T_IMPLICIT	a table made on the way to a header ([a.b] makes a);
 *		a later header may define it once, or dotted keys add to
 *		it (it is then T_DOTTED)
 *   T_HEADER	a table defined by a [header]: never again
 *   T_DOTTED	a table made by a dotted key (a.b = 1 makes a); more
 *		dotted keys may add to it, a header may not define it
 *   T_INLINE	an inline table: closed, nothing may add to it
 *   T_AOT	an array of tables, which [[header]] appends to and whose
 *		last table headers walk into
 *   T_ARRAY	an array value: closed
 *   T_SCALAR	any other value
 *
 * Positions: "line" counts from first_line; columns count characters
 * (UTF-8 lead bytes) from 1, found from a cursor that only moves forward
 * on a line, so long lines cost no more than reading them.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "toml.h"
#include "util.h"
#include "value.h"

enum {
	T_IMPLICIT = 1,
	T_HEADER,
	T_DOTTED,
	T_INLINE,
	T_AOT,
	T_ARRAY,
	T_SCALAR
};

struct entry {
	const struct value	*parent;
	const char		*key;	/* in the arena */
	size_t			 klen;
	uint64_t		 hash;
	struct value		*val;
	unsigned		 line, col; /* where it was first made */
	unsigned		 depth;	/* of val, the root being 0 */
	int			 how;	/* T_* */
};

/* One part of a key as read: decoded, with its place. */
struct seg {
	const char	*s;	/* in the arena, NUL-terminated */
	size_t		 len;
	unsigned	 line, col;
};

struct parser {
	const char	*path;
	const char	*p, *end;
	unsigned	 line;	/* of p */
	const char	*bol;	/* start of p's line */
	const char	*colp;	/* a cursor: colp is at column colc */
	unsigned	 colc;
	struct arena	*a;
	struct diags	*d;
	struct entry	**slots; /* open addressing, 2^k of them */
	size_t		 nslots, nused;
	struct seg	*segs;	/* the key being read */
	size_t		 nsegs, capsegs;
	char		*sb;	/* scratch for decoded strings */
	size_t		 sn, scap;
	bool		 failed;
};

static int	parse_value(struct value **, struct parser *, unsigned);

/* The column of q (on the current line), counted in characters. */
static unsigned
col_of(struct parser *P, const char *q)
{
	if (P->colp == NULL || P->colp < P->bol || q < P->colp) {
		P->colp = P->bol;
		P->colc = 1;
	}
	for (; P->colp < q; P->colp++)
		if (((unsigned char)*P->colp & 0xc0) != 0x80)
			P->colc++;
	return P->colc;
}

static int
err_at(struct parser *P, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
err_at(struct parser *P, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (P->failed)
		return -1;
	P->failed = true;
	va_start(ap, fmt);
	msg = arena_vprintf(P->a, fmt, ap);
	va_end(ap);
	return diag_error(P->d, P->path, line, col, "toml: %s", msg);
}

/* An error where the parser stands. */
#define err(P, ...)	\
	err_at((P), (P)->line, col_of((P), (P)->p), __VA_ARGS__)

static void
newline(struct parser *P, const char *next)
{
	P->line++;
	P->bol = next;
	P->colp = next;
	P->colc = 1;
}

/* The character at p, for messages: printable or U+XXXX. */
static const char *
show_char(struct parser *P, const char *q)
{
	unsigned char	 c;

	if (q >= P->end)
		return "the end of the text";
	c = (unsigned char)*q;
	if (c == '\n' || c == '\r')
		return "the end of the line";
	if (c < 0x20 || c == 0x7f)
		return arena_printf(P->a, "the control character U+%04X", c);
	if (c < 0x80)
		return arena_printf(P->a, "`%c`", c);
	return "a non-ASCII character";
}

/* ---- keys and the table of everything defined ---- */

static uint64_t
hash_key(const struct value *parent, const char *s, size_t n)
{
	uint64_t	 h = 1469598103934665603ULL;	/* FNV-1a */
	size_t		 i;

	h ^= (uint64_t)(uintptr_t)parent;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	h ^= h >> 29;
	return h;
}

static struct entry *
lookup(struct parser *P, const struct value *parent, const struct seg *k)
{
	uint64_t	 h = hash_key(parent, k->s, k->len);
	size_t		 i, mask = P->nslots - 1;
	struct entry	*e;

	for (i = (size_t)h & mask; (e = P->slots[i]) != NULL;
	    i = (i + 1) & mask)
		if (e->hash == h && e->parent == parent &&
		    e->klen == k->len && memcmp(e->key, k->s, k->len) == 0)
			return e;
	return NULL;
}

static void
slots_insert(struct entry **slots, size_t nslots, struct entry *e)
{
	size_t	 i, mask = nslots - 1;

	for (i = (size_t)e->hash & mask; slots[i] != NULL; i = (i + 1) & mask)
		;
	slots[i] = e;
}

/* Define key k in map "parent" (at depth) as val. */
static struct entry *
define(struct parser *P, struct value *parent, const struct seg *k,
    struct value *val, int how, unsigned depth)
{
	struct entry	*e = arena_alloc(P->a, sizeof(*e)), **ns;
	size_t		 i, n;

	if ((P->nused + 1) * 2 > P->nslots) {
		n = P->nslots * 2;
		ns = xcalloc(n, sizeof(*ns));
		for (i = 0; i < P->nslots; i++)
			if (P->slots[i] != NULL)
				slots_insert(ns, n, P->slots[i]);
		free(P->slots);
		P->slots = ns;
		P->nslots = n;
	}
	e->parent = parent;
	e->key = k->s;
	e->klen = k->len;
	e->hash = hash_key(parent, k->s, k->len);
	e->val = val;
	e->line = k->line;
	e->col = k->col;
	e->depth = depth;
	e->how = how;
	slots_insert(P->slots, P->nslots, e);
	P->nused++;
	/* Keys are new here (checked above), so no search of the map. */
	value_map_put(P->a, parent, k->s, val);
	/* The key's place, for messages about it (value.h). */
	parent->u.map.v[parent->u.map.n - 1].line = k->line;
	parent->u.map.v[parent->u.map.n - 1].col = k->col;
	return e;
}

/* The key parts 0..n as one dotted name, for messages. */
static const char *
key_name(struct parser *P, size_t n)
{
	char		*s, *q;
	unsigned char	 c;
	size_t		 i, k, w, len = 0, max = 80;

	for (i = 0; i < n; i++)
		len += P->segs[i].len + 1;
	s = q = arena_alloc(P->a, max + 8);
	for (i = 0; i < n && (size_t)(q - s) < max; i++) {
		if (i > 0)
			*q++ = '.';
		for (k = 0; k < P->segs[i].len; k += w) {
			c = (unsigned char)P->segs[i].s[k];
			w = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
			if ((size_t)(q - s) + w > max)
				break;
			/* Keys may hold control characters: show "?". */
			if (c < 0x20 || c == 0x7f)
				*q++ = '?';
			else {
				memcpy(q, P->segs[i].s + k, w);
				q += w;
			}
		}
	}
	strcpy(q, len > max + 1 ? "..." : "");
	return s;
}

static const char *
how_name(int how)
{
	switch (how) {
	case T_INLINE:
		return "an inline table";
	case T_AOT:
		return "an array of tables";
	case T_ARRAY:
		return "an array";
	case T_SCALAR:
		return "a value";
	default:
		return "a table";
	}
}

/* ---- scratch buffer ---- */

static void
sb_put(struct parser *P, const char *s, size_t n)
{
	if (P->sn + n + 1 > P->scap) {
		P->scap = (P->sn + n + 1) * 2;
		P->sb = xrealloc(P->sb, P->scap);
	}
	memcpy(P->sb + P->sn, s, n);
	P->sn += n;
}

static void
sb_utf8(struct parser *P, uint32_t c, bool key)
{
	char	 u[4];
	size_t	 n;

	if (c == 0 && key) {
		/* Modified UTF-8, so the key stays a C string (toml.h). */
		sb_put(P, "\xc0\x80", 2);
		return;
	}
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	sb_put(P, u, n);
}

/* ---- whitespace, comments, line ends ---- */

static void
skip_ws(struct parser *P)
{
	while (P->p < P->end && (*P->p == ' ' || *P->p == '\t'))
		P->p++;
}

/* Whether byte c may appear in a comment or a string (tab allowed). */
static bool
is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* At '#': skip the comment up to (not over) the line end. */
static int
skip_comment(struct parser *P)
{
	for (P->p++; P->p < P->end && *P->p != '\n'; P->p++) {
		if (*P->p == '\r' && P->p + 1 < P->end && P->p[1] == '\n')
			break;
		if (is_control((unsigned char)*P->p))
			return err(P, "a comment contains %s: remove it",
			    show_char(P, P->p));
	}
	return 0;
}

/* At a line end: step over it.  A lone carriage return is an error. */
static int
eat_newline(struct parser *P)
{
	if (*P->p == '\r') {
		if (P->p + 1 >= P->end || P->p[1] != '\n')
			return err(P, "a carriage return must be followed by "
			    "a line feed");
		P->p++;
	}
	P->p++;
	newline(P, P->p);
	return 0;
}

/* Blanks, comments and line ends, as allowed inside arrays. */
static int
skip_ws_nl(struct parser *P)
{
	for (;;) {
		skip_ws(P);
		if (P->p >= P->end)
			return 0;
		if (*P->p == '#') {
			if (skip_comment(P) < 0)
				return -1;
		} else if (*P->p == '\n' || *P->p == '\r') {
			if (eat_newline(P) < 0)
				return -1;
		} else
			return 0;
	}
}

/* After a key/value pair or a header: blanks, a comment, the line end. */
static int
end_of_line(struct parser *P, const char *what)
{
	skip_ws(P);
	if (P->p < P->end && *P->p == '#' && skip_comment(P) < 0)
		return -1;
	if (P->p >= P->end)
		return 0;
	if (*P->p == '\n' || *P->p == '\r')
		return eat_newline(P);
	return err(P, "expected the end of the line after %s, found %s: put "
	    "each key on a line of its own", what, show_char(P, P->p));
}

/* ---- strings ---- */

/* At the backslash of an escape in a basic string. */
static int
escape(struct parser *P, bool key)
{
	const char	*q = P->p + 1;
	uint32_t	 c = 0;
	int		 n, i, h;

	if (q >= P->end)
		return err(P, "a string is not closed: add the closing quote "
		    "`\"`");
	switch (*q) {
	case 'b':
		c = '\b';
		break;
	case 't':
		c = '\t';
		break;
	case 'n':
		c = '\n';
		break;
	case 'f':
		c = '\f';
		break;
	case 'r':
		c = '\r';
		break;
	case '"':
		c = '"';
		break;
	case '\\':
		c = '\\';
		break;
	case 'u':
	case 'U':
		n = *q == 'u' ? 4 : 8;
		for (i = 1; i <= n; i++) {
			if (q + i >= P->end || (h = util_hexval(q[i])) < 0)
				return err(P, "the escape `\\%c` needs %d "
				    "hexadecimal digits", *q, n);
			c = c * 16 + (uint32_t)h;
		}
		if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			return err(P, "`\\%c%.*s` is not a Unicode character",
			    *q, n, q + 1);
		sb_utf8(P, c, key);
		P->p = q + 1 + n;
		return 0;
	default:
		if (is_control((unsigned char)*q) || *q == ' ' ||
		    *q == '\t' || (unsigned char)*q >= 0x80)
			return err(P, "a backslash must start an escape such "
			    "as `\\n` or `\\\"`: write `\\\\` for a backslash");
		return err(P, "unknown escape `\\%c`: write `\\\\` for a "
		    "backslash", *q);
	}
	sb_utf8(P, c, key);
	P->p = q + 1;
	return 0;
}

/*
 * At an opening quote: a basic or literal string, on one line or (when
 * "multi" allows) three-quoted over several.  The decoded text is left in
 * P->sb[0..P->sn).
 */
static int
parse_string(struct parser *P, bool multi_ok, bool key, bool *multi)
{
	char		 q = *P->p;
	bool		 basic = q == '"';
	unsigned	 line = P->line, col = col_of(P, P->p);
	const char	*s;
	int		 nq;

	P->sn = 0;
	*multi = P->end - P->p >= 3 && P->p[1] == q && P->p[2] == q;
	if (*multi && !multi_ok)
		return err(P, "a key cannot be a multi-line string");
	if (!*multi) {
		for (P->p++;; ) {
			if (P->p >= P->end || *P->p == '\n' || *P->p == '\r')
				return err_at(P, line, col, "a string is not "
				    "closed: add the closing quote `%c`", q);
			if (*P->p == q) {
				P->p++;
				return 0;
			}
			if (basic && *P->p == '\\') {
				if (escape(P, key) < 0)
					return -1;
				continue;
			}
			if (is_control((unsigned char)*P->p))
				return err(P, "a string contains %s: write "
				    "it as an escape such as `\\t`",
				    show_char(P, P->p));
			for (s = P->p; P->p < P->end && *P->p != q &&
			    !(basic && *P->p == '\\') &&
			    !is_control((unsigned char)*P->p); P->p++)
				;
			sb_put(P, s, (size_t)(P->p - s));
		}
	}
	/* Spec: a newline right after the opening delimiter is trimmed. */
	P->p += 3;
	if (P->p < P->end && *P->p == '\n')
		newline(P, ++P->p);
	else if (P->end - P->p >= 2 && P->p[0] == '\r' && P->p[1] == '\n') {
		P->p += 2;
		newline(P, P->p);
	}
	for (;;) {
		if (P->p >= P->end)
			return err_at(P, line, col, "a multi-line string is "
			    "not closed: add the closing `%c%c%c`", q, q, q);
		if (*P->p == q) {
			for (nq = 0; P->p + nq < P->end && P->p[nq] == q &&
			    nq < 6; nq++)
				;
			if (nq >= 3) {
				/* Up to two quotes may end the content. */
				if (nq > 5) {
					P->p += 5;
					return err(P, "too many quotes: a "
					    "multi-line string ends at the "
					    "first `%c%c%c`", q, q, q);
				}
				sb_put(P, P->p, (size_t)(nq - 3));
				P->p += nq;
				return 0;
			}
			sb_put(P, P->p, (size_t)nq);
			P->p += nq;
			continue;
		}
		if (*P->p == '\n') {
			sb_put(P, "\n", 1);
			newline(P, ++P->p);
			continue;
		}
		if (*P->p == '\r') {
			if (P->p + 1 >= P->end || P->p[1] != '\n')
				return err(P, "a carriage return must be "
				    "followed by a line feed");
			/* Spec: a newline may be normalized; YAML does. */
			sb_put(P, "\n", 1);
			P->p += 2;
			newline(P, P->p);
			continue;
		}
		if (basic && *P->p == '\\') {
			/* A backslash ending a line trims the blanks after. */
			for (s = P->p + 1; s < P->end && (*s == ' ' ||
			    *s == '\t'); s++)
				;
			if (s < P->end && (*s == '\n' || *s == '\r')) {
				P->p = s;
				for (;;) {
					skip_ws(P);
					if (P->p < P->end && (*P->p == '\n' ||
					    *P->p == '\r')) {
						if (eat_newline(P) < 0)
							return -1;
					} else
						break;
				}
				continue;
			}
			if (escape(P, key) < 0)
				return -1;
			continue;
		}
		if (is_control((unsigned char)*P->p))
			return err(P, "a string contains %s: write it as an "
			    "escape such as `\\t`", show_char(P, P->p));
		for (s = P->p; P->p < P->end && *P->p != q &&
		    !(basic && *P->p == '\\') &&
		    !is_control((unsigned char)*P->p); P->p++)
			;
		sb_put(P, s, (size_t)(P->p - s));
	}
}

static bool
is_bare(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* A key, dotted or not, into P->segs; "what" names its place. */
static int
parse_key(struct parser *P, const char *what)
{
	struct seg	*k;
	const char	*s;
	bool		 multi;

	P->nsegs = 0;
	for (;;) {
		if (P->nsegs == P->capsegs) {
			P->capsegs = P->capsegs ? P->capsegs * 2 : 8;
			P->segs = xrealloc(P->segs, P->capsegs *
			    sizeof(*P->segs));
		}
		k = &P->segs[P->nsegs];
		k->line = P->line;
		k->col = col_of(P, P->p);
		if (P->p < P->end && (*P->p == '"' || *P->p == '\'')) {
			if (parse_string(P, false, true, &multi) < 0)
				return -1;
			k->s = arena_strndup(P->a, P->sb, P->sn);
			k->len = P->sn;
		} else {
			for (s = P->p; P->p < P->end && is_bare(*P->p); P->p++)
				;
			if (P->p == s) {
				if (P->nsegs > 0)
					return err(P, "expected a key after "
					    "the dot, found %s",
					    show_char(P, P->p));
				return err(P, "expected %s, found %s: a key is "
				    "made of letters, digits, `_` and `-`, or "
				    "quoted", what, show_char(P, P->p));
			}
			k->s = arena_strndup(P->a, s, (size_t)(P->p - s));
			k->len = (size_t)(P->p - s);
		}
		P->nsegs++;
		skip_ws(P);
		if (P->p >= P->end || *P->p != '.')
			return 0;
		P->p++;
		skip_ws(P);
	}
}

/* ---- numbers, dates and times ---- */

static bool
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Digits of base "base" with single underscores between them, from s up
 * to at most e; returns the end, or NULL if badly formed.  Accumulates
 * into *acc, setting *over on overflow past "max".
 */
static const char *
digits(const char *s, const char *e, int base, uint64_t *acc, uint64_t max,
    bool *over)
{
	const char	*q = s;
	int		 v;

	for (;;) {
		if (q >= e || (v = util_hexval(*q)) < 0 || v >= base)
			return NULL;
		if (*acc > (max - (uint64_t)v) / (uint64_t)base)
			*over = true;
		else
			*acc = *acc * (uint64_t)base + (uint64_t)v;
		q++;
		if (q < e && *q == '_')
			q++;
		else if (q >= e || (v = util_hexval(*q)) < 0 || v >= base)
			return q;
	}
}

static int
fixed2(const char *s)
{
	return isdig(s[0]) && isdig(s[1]) ? (s[0] - '0') * 10 + s[1] - '0' :
	    -1;
}

static int
days_in(int y, int m)
{
	static const int	 dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* HH:MM:SS(.fraction)? at s; returns its end or NULL. */
static const char *
scan_time(const char *s, const char *e)
{
	int	 h, mi, sec;

	if (e - s < 8 || s[2] != ':' || s[5] != ':')
		return NULL;
	if ((h = fixed2(s)) < 0 || (mi = fixed2(s + 3)) < 0 ||
	    (sec = fixed2(s + 6)) < 0)
		return NULL;
	/* RFC 3339 5.7: a leap second may be 60. */
	if (h > 23 || mi > 59 || sec > 60)
		return NULL;
	s += 8;
	if (s < e && *s == '.') {
		if (s + 1 >= e || !isdig(s[1]))
			return NULL;
		for (s++; s < e && isdig(*s); s++)
			;
	}
	return s;
}

/* At a date or a time: the value as an RFC 3339 string. */
static int
parse_datetime(struct value **out, struct parser *P)
{
	const char	*s = P->p, *e = P->end, *t;
	char		*buf;
	size_t		 n;
	int		 y, m, day, tag;

	if (e - s >= 3 && isdig(s[0]) && isdig(s[1]) && s[2] == ':') {
		if ((t = scan_time(s, e)) == NULL)
			goto bad;
		*out = value_stringn(P->a, s, (size_t)(t - s));
		(*out)->tag = VTAG_TIME_LOCAL;
		P->p = t;
		return 0;
	}
	if (e - s < 10 || s[4] != '-' || s[7] != '-' || !isdig(s[0]) ||
	    !isdig(s[1]) || !isdig(s[2]) || !isdig(s[3]))
		goto bad;
	y = fixed2(s) * 100 + fixed2(s + 2);
	if ((m = fixed2(s + 5)) < 1 || m > 12 || (day = fixed2(s + 8)) < 1 ||
	    day > days_in(y, m))
		goto bad;
	t = s + 10;
	tag = VTAG_DATE_LOCAL;
	/* Spec: the "T" may be a space. */
	if (t < e && (*t == 'T' || *t == 't' || (*t == ' ' && e - t >= 4 &&
	    isdig(t[1]) && isdig(t[2]) && t[3] == ':'))) {
		if ((t = scan_time(t + 1, e)) == NULL)
			goto bad;
		tag = VTAG_DATETIME_LOCAL;
		if (t < e && (*t == 'Z' || *t == 'z')) {
			t++;
			tag = VTAG_DATETIME;
		} else if (t < e && (*t == '+' || *t == '-')) {
			if (e - t < 6 || t[3] != ':' || fixed2(t + 1) < 0 ||
			    fixed2(t + 1) > 23 || fixed2(t + 4) < 0 ||
			    fixed2(t + 4) > 59)
				goto bad;
			t += 6;
			tag = VTAG_DATETIME;
		}
	}
	if (t < e && (isdig(*t) || *t == ':' || *t == '-' || *t == '.' ||
	    *t == 'T' || *t == 't' || *t == 'Z' || *t == 'z'))
		goto bad;
	n = (size_t)(t - s);
	buf = arena_strndup(P->a, s, n);
	if (n > 10)
		buf[10] = 'T';
	if (buf[n - 1] == 'z')
		buf[n - 1] = 'Z';
	*out = value_string_borrow(P->a, buf, n);
	(*out)->tag = (unsigned char)tag;
	P->p = t;
	return 0;
bad:
	return err(P, "not a valid date or time: write it as 1979-05-27, "
	    "07:32:00, 1979-05-27T07:32:00 or 1979-05-27T07:32:00-08:00");
}

/* At a digit, a sign, "inf" or "nan": an integer or a float. */
static int
parse_number(struct value **out, struct parser *P)
{
	const char	*s = P->p, *e, *q, *r;
	uint64_t	 acc = 0, max = INT64_MAX;
	bool		 neg = false, over = false, isfloat = false;
	int		 base = 10;
	char		*txt, *w;
	struct value	*v;

	for (e = s; e < P->end && (is_bare(*e) || *e == '.' || *e == '+');
	    e++)
		;
	q = s;
	if (*q == '+' || *q == '-') {
		neg = *q == '-';
		q++;
	}
	if (e - q == 3 && (memcmp(q, "inf", 3) == 0 ||
	    memcmp(q, "nan", 3) == 0)) {
		v = value_number(P->a, memcmp(q, "inf", 3) == 0 ?
		    (neg ? -HUGE_VAL : HUGE_VAL) : (neg ? -NAN : NAN));
		v->u.num.text = arena_strndup(P->a, s, (size_t)(e - s));
		v->tag = VTAG_FLOAT;
		goto done;
	}
	if (q == s && e - q > 2 && q[0] == '0' &&
	    (q[1] == 'x' || q[1] == 'o' || q[1] == 'b')) {
		base = q[1] == 'x' ? 16 : q[1] == 'o' ? 8 : 2;
		if ((r = digits(q + 2, e, base, &acc, max, &over)) != e)
			goto bad;
	} else {
		if (neg)
			max = (uint64_t)INT64_MAX + 1;
		r = digits(q, e, 10, &acc, max, &over);
		if (r == NULL)
			goto bad;
		/* Spec: no leading zeros, in integers or before a dot. */
		if (*q == '0' && r - q > 1)
			goto bad;
		if (r < e && *r == '.') {
			isfloat = true;
			if ((r = digits(r + 1, e, 10, &acc, UINT64_MAX,
			    &over)) == NULL)
				goto bad;
		}
		if (r < e && (*r == 'e' || *r == 'E')) {
			isfloat = true;
			r++;
			if (r < e && (*r == '+' || *r == '-'))
				r++;
			if ((r = digits(r, e, 10, &acc, UINT64_MAX,
			    &over)) == NULL)
				goto bad;
		}
		if (r != e)
			goto bad;
	}
	txt = w = arena_alloc(P->a, (size_t)(e - s) + 24);
	if (isfloat) {
		for (r = s; r < e; r++)
			if (*r != '_')
				*w++ = *r;
		*w = '\0';
		v = value_number(P->a, strtod(txt, NULL));
		v->u.num.text = txt;
		v->tag = VTAG_FLOAT;
		goto done;
	}
	if (over)
		return err(P, "the integer %.*s is too large: TOML integers "
		    "go from -9223372036854775808 to 9223372036854775807",
		    (int)(e - s), s);
	if (neg && acc != 0)
		snprintf(txt, (size_t)(e - s) + 24, "-%llu",
		    (unsigned long long)acc);
	else
		snprintf(txt, (size_t)(e - s) + 24, "%llu",
		    (unsigned long long)acc);
	v = value_number(P->a, neg ? -(double)acc : (double)acc);
	v->u.num.text = txt;
	v->tag = VTAG_INTEGER;
done:
	P->p = e;
	*out = v;
	return 0;
bad:
	return err(P, "`%.*s` is not a valid number", (int)(e - s > 40 ? 40 :
	    e - s), s);
}

/* ---- arrays and inline tables ---- */

static int	keyval(struct parser *, struct value *, unsigned);

static int
parse_array(struct value **out, struct parser *P, unsigned depth)
{
	struct value	*l = value_list(P->a), *v;
	unsigned	 line = P->line, col = col_of(P, P->p);

	P->p++;
	for (;;) {
		if (skip_ws_nl(P) < 0)
			return -1;
		if (P->p >= P->end)
			return err_at(P, line, col, "an array is not closed: "
			    "add `]`");
		if (*P->p == ']')
			break;
		if (*P->p == ',')
			return err(P, "expected a value in the array, found "
			    "`,`");
		if (parse_value(&v, P, depth + 1) < 0)
			return -1;
		value_list_push(P->a, l, v);
		if (skip_ws_nl(P) < 0)
			return -1;
		if (P->p < P->end && *P->p == ',') {
			P->p++;
			continue;
		}
		if (P->p < P->end && *P->p == ']')
			break;
		if (P->p >= P->end)
			return err_at(P, line, col, "an array is not closed: "
			    "add `]`");
		return err(P, "expected `,` or `]` after a value in the array "
		    "opened at line %u, found %s", line, show_char(P, P->p));
	}
	P->p++;
	*out = l;
	return 0;
}

static int
parse_inline(struct value **out, struct parser *P, unsigned depth)
{
	struct value	*m = value_map(P->a);
	unsigned	 line = P->line, col = col_of(P, P->p);

	P->p++;
	skip_ws(P);
	if (P->p < P->end && *P->p == '}') {
		P->p++;
		*out = m;
		return 0;
	}
	for (;;) {
		skip_ws(P);
		if (P->p >= P->end)
			return err_at(P, line, col, "an inline table is not "
			    "closed: add `}`");
		if (*P->p == '\n' || *P->p == '\r')
			return err(P, "an inline table must end on the line it "
			    "starts: add `}` or use a [table] instead");
		if (*P->p == '}')
			return err(P, "a comma before `}` is not allowed in "
			    "TOML 1.0: remove it");
		if (keyval(P, m, depth) < 0)
			return -1;
		skip_ws(P);
		if (P->p < P->end && *P->p == ',') {
			P->p++;
			continue;
		}
		if (P->p < P->end && *P->p == '}')
			break;
		if (P->p >= P->end)
			return err_at(P, line, col, "an inline table is not "
			    "closed: add `}`");
		if (*P->p == '\n' || *P->p == '\r')
			return err(P, "an inline table must end on the line it "
			    "starts: add `}` or use a [table] instead");
		return err(P, "expected `,` or `}` in the inline table, found "
		    "%s", show_char(P, P->p));
	}
	P->p++;
	*out = m;
	return 0;
}

static int
parse_value(struct value **out, struct parser *P, unsigned depth)
{
	unsigned	 line = P->line, col = col_of(P, P->p);
	const char	*s = P->p, *e;
	bool		 multi;
	int		 rc;

	if (depth > TOML_MAX_DEPTH)
		return err(P, "nested deeper than %d levels", TOML_MAX_DEPTH);
	if (s >= P->end || *s == '\n' || *s == '\r' || *s == '#')
		return err(P, "expected a value, found %s",
		    s < P->end && *s == '#' ? "a comment" : show_char(P, s));
	switch (*s) {
	case '"':
	case '\'':
		if ((rc = parse_string(P, true, false, &multi)) == 0)
			*out = value_stringn(P->a, P->sb, P->sn);
		break;
	case '[':
		rc = parse_array(out, P, depth);
		break;
	case '{':
		rc = parse_inline(out, P, depth);
		break;
	case 't':
	case 'f':
		if (P->end - s >= 4 && memcmp(s, "true", 4) == 0 &&
		    (P->end - s == 4 || !is_bare(s[4]))) {
			*out = value_bool(P->a, true);
			P->p += 4;
			rc = 0;
			break;
		}
		if (P->end - s >= 5 && memcmp(s, "false", 5) == 0 &&
		    (P->end - s == 5 || !is_bare(s[5]))) {
			*out = value_bool(P->a, false);
			P->p += 5;
			rc = 0;
			break;
		}
		goto unknown;
	default:
		if (isdig(*s) && P->end - s >= 3 && (s[2] == ':' ||
		    (P->end - s >= 5 && isdig(s[1]) && isdig(s[2]) &&
		    isdig(s[3]) && s[4] == '-'))) {
			rc = parse_datetime(out, P);
			break;
		}
		if (isdig(*s) || *s == '+' || *s == '-' || *s == 'i' ||
		    *s == 'n') {
			rc = parse_number(out, P);
			break;
		}
		goto unknown;
	}
	if (rc == 0) {
		(*out)->line = line;
		(*out)->col = col;
	}
	return rc;
unknown:
	for (e = s; e < P->end && e - s < 30 && is_bare(*e); e++)
		;
	return err(P, "expected a value, found %s: quote text as "
	    "\"like this\"; true, false, numbers and dates are written bare",
	    e > s ? arena_printf(P->a, "`%.*s`", (int)(e - s), s) :
	    show_char(P, s));
}

/*
 * Walk or make the tables of the dotted key's parts 0..n-2 under "t" (at
 * *depth), as a key/value pair in that table may: not through tables
 * that headers defined, inline tables, arrays or other values.
 */
static int
dotted_walk(struct value **t, unsigned *depth, struct parser *P, size_t n)
{
	struct entry	*e;
	size_t		 i;

	for (i = 0; i + 1 < n; i++) {
		if (*depth + 1 > TOML_MAX_DEPTH)
			return err_at(P, P->segs[i].line, P->segs[i].col,
			    "nested deeper than %d levels", TOML_MAX_DEPTH);
		e = lookup(P, *t, &P->segs[i]);
		if (e == NULL)
			e = define(P, *t, &P->segs[i], value_map(P->a),
			    T_DOTTED, *depth + 1);
		else if (e->how == T_IMPLICIT) {
			/*
			 * Spec, "Table": only a table a header defined is
			 * closed to dotted keys.  Once they add to it, no
			 * header may define it.
			 */
			e->how = T_DOTTED;
			e->line = P->segs[i].line;
			e->col = P->segs[i].col;
		} else if (e->how != T_DOTTED) {
			if (e->how == T_INLINE)
				return err_at(P, P->segs[i].line,
				    P->segs[i].col, "`%s` is an inline table "
				    "(line %u), which cannot be added to: "
				    "put the key inside its braces",
				    key_name(P, i + 1), e->line);
			if (e->how == T_HEADER)
				return err_at(P, P->segs[i].line,
				    P->segs[i].col, "the table `%s` is "
				    "defined by a [table] header (line %u): "
				    "add the key under that header instead",
				    key_name(P, i + 1), e->line);
			return err_at(P, P->segs[i].line, P->segs[i].col,
			    "`%s` is already %s (line %u), so it cannot hold "
			    "keys", key_name(P, i + 1), how_name(e->how),
			    e->line);
		}
		if (e->val->line == 0) {
			e->val->line = P->segs[i].line;
			e->val->col = P->segs[i].col;
		}
		*t = e->val;
		(*depth)++;
	}
	return 0;
}

/* At a key: "key = value" into table t, at depth. */
static int
keyval(struct parser *P, struct value *t, unsigned depth)
{
	struct entry	*e;
	struct value	*v;
	struct seg	 last;
	int		 how;

	if (parse_key(P, "a key") < 0)
		return -1;
	if (P->p < P->end && *P->p == ':')
		return err(P, "expected `=` after the key `%s`, found `:`: "
		    "TOML writes `%s = value` where YAML writes `%s: value`",
		    key_name(P, P->nsegs), key_name(P, P->nsegs),
		    key_name(P, P->nsegs));
	if (P->p >= P->end || *P->p != '=')
		return err(P, "expected `=` after the key `%s`, found %s",
		    key_name(P, P->nsegs), show_char(P, P->p));
	P->p++;
	skip_ws(P);
	if (dotted_walk(&t, &depth, P, P->nsegs) < 0)
		return -1;
	last = P->segs[P->nsegs - 1];
	if ((e = lookup(P, t, &last)) != NULL)
		return err_at(P, last.line, last.col, "duplicate key `%s` "
		    "(first defined at line %u): remove one of them",
		    key_name(P, P->nsegs), e->line);
	/* parse_value may read keys of its own (inline tables). */
	if (parse_value(&v, P, depth + 1) < 0)
		return -1;
	how = v->kind == VAL_MAP ? T_INLINE : v->kind == VAL_LIST ? T_ARRAY :
	    T_SCALAR;
	define(P, t, &last, v, how, depth + 1);
	return 0;
}

/* At "[" or "[[": the table the header names; sets *t and *depth. */
static int
header(struct value **t, unsigned *depth, struct parser *P)
{
	bool		 aot = P->end - P->p >= 2 && P->p[1] == '[';
	struct value	*cur = NULL, *m;
	struct entry	*e;
	struct seg	*k;
	size_t		 i;
	unsigned	 dep = 0, line = P->line, col = col_of(P, P->p);

	P->p += aot ? 2 : 1;
	skip_ws(P);
	if (parse_key(P, aot ? "a table name after `[[`" :
	    "a table name after `[`") < 0)
		return -1;
	if (aot ? P->end - P->p < 2 || P->p[0] != ']' || P->p[1] != ']' :
	    P->p >= P->end || *P->p != ']')
		return err(P, "expected `%s` after the table name `%s`, found "
		    "%s", aot ? "]]" : "]", key_name(P, P->nsegs),
		    show_char(P, P->p));
	P->p += aot ? 2 : 1;
	cur = *t;
	for (i = 0; i < P->nsegs; i++) {
		k = &P->segs[i];
		if (dep + 1 > TOML_MAX_DEPTH)
			return err_at(P, k->line, k->col, "nested deeper "
			    "than %d levels", TOML_MAX_DEPTH);
		e = lookup(P, cur, k);
		if (i + 1 < P->nsegs) {
			if (e == NULL) {
				m = value_map(P->a);
				m->line = line;
				m->col = col;
				e = define(P, cur, k, m, T_IMPLICIT, dep + 1);
			}
			switch (e->how) {
			case T_IMPLICIT:
			case T_HEADER:
			case T_DOTTED:
				cur = e->val;
				break;
			case T_AOT:
				cur = e->val->u.list.v[e->val->u.list.n - 1];
				break;
			case T_INLINE:
				return err_at(P, k->line, k->col, "`%s` is an "
				    "inline table (line %u), which cannot be "
				    "added to", key_name(P, i + 1), e->line);
			default:
				return err_at(P, k->line, k->col, "`%s` is "
				    "already %s (line %u), so it cannot hold "
				    "a table", key_name(P, i + 1),
				    how_name(e->how), e->line);
			}
			dep++;
			continue;
		}
		if (aot) {
			m = value_map(P->a);
			m->line = line;
			m->col = col;
			if (e == NULL) {
				e = define(P, cur, k, value_list(P->a), T_AOT,
				    dep + 1);
				e->val->line = line;
				e->val->col = col;
			} else if (e->how != T_AOT)
				return err_at(P, k->line, k->col, "`%s` is "
				    "already %s (line %u), so `[[%s]]` cannot "
				    "add to it", key_name(P, i + 1),
				    how_name(e->how), e->line,
				    key_name(P, i + 1));
			value_list_push(P->a, e->val, m);
			cur = m;
		} else {
			if (e == NULL) {
				m = value_map(P->a);
				m->line = line;
				m->col = col;
				e = define(P, cur, k, m, T_HEADER, dep + 1);
			} else if (e->how == T_IMPLICIT) {
				e->how = T_HEADER;
				e->line = k->line;
				e->col = k->col;
			} else if (e->how == T_HEADER)
				return err_at(P, line, col, "the table `[%s]` "
				    "is defined twice (first at line %u): "
				    "merge the two", key_name(P, i + 1),
				    e->line);
			else if (e->how == T_DOTTED)
				return err_at(P, line, col, "the table `%s` "
				    "was already defined by dotted keys (line "
				    "%u): add the keys there instead",
				    key_name(P, i + 1), e->line);
			else if (e->how == T_AOT)
				return err_at(P, line, col, "`%s` is an array "
				    "of tables (line %u): write `[[%s]]` to "
				    "add one", key_name(P, i + 1), e->line,
				    key_name(P, i + 1));
			else
				return err_at(P, k->line, k->col, "`%s` is "
				    "already %s (line %u), so it cannot be a "
				    "table", key_name(P, i + 1),
				    how_name(e->how), e->line);
			cur = e->val;
		}
		dep++;
	}
	*t = cur;
	*depth = dep;
	return 0;
}

static int
check_utf8(struct parser *P)
{
	size_t		 bad;
	const char	*q;

	if (util_utf8_valid(P->p, (size_t)(P->end - P->p), &bad))
		return 0;
	for (q = P->p; q < P->p + bad; q++)
		if (*q == '\n')
			newline(P, q + 1);
	P->p = q;
	return err(P, "the text is not valid UTF-8 here: save the file as "
	    "UTF-8");
}

int
toml_parse(struct value **out, const char *path, const char *text,
    size_t len, unsigned first_line, struct arena *a, struct diags *d)
{
	struct parser	 P;
	struct value	*root, *t;
	unsigned	 depth = 0;
	int		 rc = -1;

	memset(&P, 0, sizeof(P));
	P.path = path;
	P.p = P.bol = text;
	P.end = text + len;
	P.line = first_line;
	P.a = a;
	P.d = d;
	P.nslots = 64;
	P.slots = xcalloc(P.nslots, sizeof(*P.slots));
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		P.p = P.bol = text + 3;
	if (check_utf8(&P) < 0)
		goto out;
	P.p = P.bol;
	P.line = first_line;
	root = t = value_map(a);
	root->line = first_line;
	root->col = 1;
	for (;;) {
		skip_ws(&P);
		if (P.p >= P.end)
			break;
		if (*P.p == '#') {
			if (skip_comment(&P) < 0)
				goto out;
			continue;
		}
		if (*P.p == '\n' || *P.p == '\r') {
			if (eat_newline(&P) < 0)
				goto out;
			continue;
		}
		if (*P.p == '[') {
			t = root;
			if (header(&t, &depth, &P) < 0 ||
			    end_of_line(&P, "the table header") < 0)
				goto out;
			continue;
		}
		if (keyval(&P, t, depth) < 0 ||
		    end_of_line(&P, "the value") < 0)
			goto out;
	}
	*out = root;
	rc = 0;
out:
	free(P.slots);
	free(P.segs);
	free(P.sb);
	return rc;
}
