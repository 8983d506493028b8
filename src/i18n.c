/*
 * i18n: UI string catalogs, formatted by ICU MessageFormat (umsg).
 *
 * Messages are written with named arguments ("{title}"), as translators
 * expect, but ICU's C API takes numbered ones only, so each message is
 * rewritten before ICU sees it.  The rewriting scanner follows ICU's
 * MessagePattern syntax (apostrophe mode DOUBLE_OPTIONAL: '' is an
 * apostrophe, '{ and '} start quoted text, '# too inside plural cases)
 * and is stricter where ICU is lenient (an unmatched "}", unknown plural
 * cases, a missing "other").
 *
 * umsg_vformat reads its arguments from a va_list, and the type it reads
 * at each index comes from the pattern: kString (a UChar *) for plain
 * and select arguments, kDouble for plural, selectordinal and number, and
 * a pointer for an index the pattern never uses.  A va_list cannot be
 * built at run time in C, so the rewriting puts string arguments at even
 * indexes and numbers at odd ones, fills every unused index below the
 * highest with an argument of its kind that prints nothing, and one call
 * always passes 8 strings and 8 doubles alternately (extra arguments are
 * never read).  A name used both ways ({count} and {count, plural...})
 * takes one index of each kind, so ICU never sees a type conflict.
 *
 * Date and time arguments are refused: ICU would format them in the
 * process's default zone.  Dates reach messages already formatted.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uloc.h>
#include <unicode/umsg.h>
#include <unicode/ustring.h>

#include "arena.h"
#include "buf.h"
#include "datefmt.h"
#include "diag.h"
#include "i18n.h"
#include "i18n_builtin.h"
#include "ustr.h"
#include "util.h"
#include "value.h"

/* Arguments per message: this many strings and this many numbers. */
#define MAX_SLOTS	8
#define MAX_NAME	32
/* Plural and select nest; deeper than this is an error, not recursion. */
#define MAX_DEPTH	16
#define MAX_CASES	32

struct msg {
	const char	*key;
	const char	*text;		/* named arguments, UTF-8 */
	bool		 owned;		/* key and text malloc'd (site) */
	bool		 has_args;
};

struct catalog {
	char		*lang;		/* canonical: "es_MX" */
	char		*path;		/* the site's file, or NULL */
	struct msg	*v;
	size_t		 n, cap;
};

struct i18n {
	struct catalog	*v;
	size_t		 n, cap;
};

enum slot_kind {
	SLOT_STR,	/* index 2k: plain {x} and select */
	SLOT_NUM	/* index 2k+1: plural, selectordinal, number */
};

struct slot {
	const char	*name;		/* into the message */
	size_t		 len;
	enum slot_kind	 kind;
	int		 index;
};

enum parent {
	P_NONE,
	P_PLURAL,	/* plural, selectordinal: # and '# are special */
	P_SELECT
};

/* One pass of the rewriting scanner over one message. */
struct scan {
	const char	*s;
	size_t		 len;
	size_t		 p;		/* next byte to read */
	size_t		 mark;		/* copied to "out" up to here */
	struct buf	*out;		/* the numbered pattern */
	struct slot	 slots[2 * MAX_SLOTS];
	size_t		 nslots, nstr, nnum;
	bool		 open_quote;	/* ends inside '...' */
	size_t		 errpos;	/* byte offset of the error */
	char		 err[160];
};

/* A chain of catalogs to look a key up in, most specific first. */
struct chain {
	const struct catalog	*v[8];
	size_t			 n;
};

static int
fail(struct scan *sc, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct scan *sc, size_t pos, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(sc->err, sizeof(sc->err), fmt, ap);
	va_end(ap);
	sc->errpos = pos;
	return -1;
}

/* 1-based character (code point) number of byte offset "off". */
static size_t
char_number(const char *s, size_t off)
{
	size_t	 i, n = 1;

	for (i = 0; i < off; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static bool
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

static bool
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static void
skip_ws(struct scan *sc)
{
	while (sc->p < sc->len && is_ws((unsigned char)sc->s[sc->p]))
		sc->p++;
}

/* The byte at p, or NUL at the end. */
static int
peek(const struct scan *sc)
{
	return sc->p < sc->len ? (unsigned char)sc->s[sc->p] : '\0';
}

/* Length of the identifier at p ([A-Za-z_][A-Za-z0-9_]*). */
static size_t
ident_len(const struct scan *sc)
{
	size_t	 n = 0;

	if (!is_alpha(peek(sc)))
		return 0;
	while (sc->p + n < sc->len && (is_alpha((unsigned char)sc->s[sc->p +
	    n]) || is_digit((unsigned char)sc->s[sc->p + n])))
		n++;
	return n;
}

static bool
word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncmp(s, w, n) == 0;
}

/* Copy the message up to "upto", then "text" in place of what follows. */
static void
replace(struct scan *sc, size_t upto, const char *text, size_t skip_to)
{
	buf_put(sc->out, sc->s + sc->mark, upto - sc->mark);
	buf_puts(sc->out, text);
	sc->mark = skip_to;
}

/* The ICU index of argument "name" used as "kind"; -1 if too many. */
static int
slot_index(struct scan *sc, const char *name, size_t len,
    enum slot_kind kind)
{
	struct slot	*sl;
	size_t		 i;

	for (i = 0; i < sc->nslots; i++)
		if (sc->slots[i].kind == kind && sc->slots[i].len == len &&
		    memcmp(sc->slots[i].name, name, len) == 0)
			return sc->slots[i].index;
	if ((kind == SLOT_STR ? sc->nstr : sc->nnum) == MAX_SLOTS)
		return -1;
	sl = &sc->slots[sc->nslots++];
	sl->name = name;
	sl->len = len;
	sl->kind = kind;
	if (kind == SLOT_STR)
		sl->index = (int)(2 * sc->nstr++);
	else
		sl->index = (int)(2 * sc->nnum++ + 1);
	return sl->index;
}

/* Replace the name at [at, at+len) by its index for "kind". */
static int
put_index(struct scan *sc, size_t at, size_t len, enum slot_kind kind,
    const char *suffix)
{
	char	 num[32];
	int	 idx;

	if ((idx = slot_index(sc, sc->s + at, len, kind)) < 0)
		return fail(sc, at, "too many arguments (at most %d strings "
		    "and %d numbers)", MAX_SLOTS, MAX_SLOTS);
	snprintf(num, sizeof(num), "%d%s", idx, suffix);
	replace(sc, at, num, at + len);
	return 0;
}

static int	scan_message(struct scan *, int depth, enum parent,
		    size_t open);

/* After "{name, type,": a style up to the closing brace, copied as is. */
static int
scan_style(struct scan *sc, size_t open)
{
	int	 nest = 0, c;

	for (; sc->p < sc->len; sc->p++) {
		c = (unsigned char)sc->s[sc->p];
		if (c == '\'') {
			while (++sc->p < sc->len && sc->s[sc->p] != '\'')
				continue;
			if (sc->p == sc->len)
				return fail(sc, open, "unterminated quote in "
				    "the argument's style");
		} else if (c == '{')
			nest++;
		else if (c == '}' && nest-- == 0) {
			sc->p++;
			return 0;
		}
	}
	return fail(sc, open, "unmatched \"{\"");
}

/* The cases of a plural, selectordinal or select argument. */
static int
scan_cases(struct scan *sc, int depth, bool plural, const char *type,
    size_t open)
{
	const char	*seen[MAX_CASES];
	size_t		 seenlen[MAX_CASES], nseen = 0, at, n, i, sub;
	bool		 other = false;

	skip_ws(sc);
	if (peek(sc) != ',')
		return fail(sc, sc->p, "expected \",\" after \"%s\"", type);
	sc->p++;
	skip_ws(sc);
	if (plural && sc->len - sc->p >= 7 &&
	    strncmp(sc->s + sc->p, "offset:", 7) == 0) {
		sc->p += 7;
		skip_ws(sc);
		if (!is_digit(peek(sc)))
			return fail(sc, sc->p, "expected a number after "
			    "\"offset:\"");
		while (is_digit(peek(sc)))
			sc->p++;
	}
	for (;;) {
		skip_ws(sc);
		if (sc->p == sc->len)
			return fail(sc, open, "unmatched \"{\"");
		if (peek(sc) == '}')
			break;
		at = sc->p;
		if (plural && peek(sc) == '=') {
			sc->p++;
			if (!is_digit(peek(sc)))
				return fail(sc, sc->p, "expected a number "
				    "after \"=\"");
			while (is_digit(peek(sc)) || peek(sc) == '.')
				sc->p++;
		} else if ((n = ident_len(sc)) > 0) {
			sc->p += n;
			if (plural && !word_is(sc->s + at, n, "zero") &&
			    !word_is(sc->s + at, n, "one") &&
			    !word_is(sc->s + at, n, "two") &&
			    !word_is(sc->s + at, n, "few") &&
			    !word_is(sc->s + at, n, "many") &&
			    !word_is(sc->s + at, n, "other"))
				return fail(sc, at, "unknown plural case "
				    "\"%.*s\": expected zero, one, two, few, "
				    "many, other or =N", (int)n, sc->s + at);
		} else
			return fail(sc, sc->p, "expected a case of \"%s\" "
			    "or \"}\"", type);
		n = sc->p - at;
		for (i = 0; i < nseen; i++)
			if (seenlen[i] == n && memcmp(seen[i], sc->s + at,
			    n) == 0)
				return fail(sc, at, "duplicate case \"%.*s\"",
				    (int)n, sc->s + at);
		if (nseen == MAX_CASES)
			return fail(sc, at, "too many cases (at most %d)",
			    MAX_CASES);
		seen[nseen] = sc->s + at;
		seenlen[nseen++] = n;
		if (word_is(sc->s + at, n, "other"))
			other = true;
		skip_ws(sc);
		if (peek(sc) != '{')
			return fail(sc, sc->p, "expected \"{\" after case "
			    "\"%.*s\"", (int)n, sc->s + at);
		sub = sc->p++;
		if (scan_message(sc, depth + 1, plural ? P_PLURAL : P_SELECT,
		    sub) < 0)
			return -1;
		sc->p++;	/* the sub-message's "}" */
	}
	if (!other)
		return fail(sc, open, "\"%s\" needs an \"other\" case", type);
	sc->p++;
	return 0;
}

/* An argument, from its "{" to its "}". */
static int
scan_arg(struct scan *sc, int depth)
{
	size_t	 open = sc->p, at, n, tat, tn;

	if (depth >= MAX_DEPTH)
		return fail(sc, open, "arguments nested too deeply");
	sc->p++;
	skip_ws(sc);
	at = sc->p;
	if (is_digit(peek(sc)))
		return fail(sc, at, "numbered argument: use a name, as in "
		    "{title}");
	if (sc->p == sc->len)
		return fail(sc, open, "unmatched \"{\"");
	if ((n = ident_len(sc)) == 0)
		return fail(sc, at, "expected an argument name after \"{\"");
	if (n > MAX_NAME)
		return fail(sc, at, "argument name longer than %d bytes",
		    MAX_NAME);
	sc->p += n;
	skip_ws(sc);
	if (peek(sc) == '}') {
		sc->p++;
		return put_index(sc, at, n, SLOT_STR, "");
	}
	if (sc->p == sc->len)
		return fail(sc, open, "unmatched \"{\"");
	if (peek(sc) != ',')
		return fail(sc, sc->p, "expected \",\" or \"}\" after \"%.*s\"",
		    (int)n, sc->s + at);
	sc->p++;
	skip_ws(sc);
	tat = sc->p;
	tn = ident_len(sc);
	sc->p += tn;
	if (word_is(sc->s + tat, tn, "number") ||
	    word_is(sc->s + tat, tn, "spellout") ||
	    word_is(sc->s + tat, tn, "ordinal") ||
	    word_is(sc->s + tat, tn, "duration")) {
		if (put_index(sc, at, n, SLOT_NUM, "") < 0)
			return -1;
		skip_ws(sc);
		if (peek(sc) == '}') {
			sc->p++;
			return 0;
		}
		if (peek(sc) != ',')
			return fail(sc, sc->p, "expected \",\" or \"}\" after "
			    "\"%.*s\"", (int)tn, sc->s + tat);
		sc->p++;
		return scan_style(sc, open);
	}
	if (word_is(sc->s + tat, tn, "plural") ||
	    word_is(sc->s + tat, tn, "selectordinal")) {
		if (put_index(sc, at, n, SLOT_NUM, "") < 0)
			return -1;
		return scan_cases(sc, depth, true, tn == 6 ? "plural" :
		    "selectordinal", open);
	}
	if (word_is(sc->s + tat, tn, "select")) {
		if (put_index(sc, at, n, SLOT_STR, "") < 0)
			return -1;
		return scan_cases(sc, depth, false, "select", open);
	}
	if (word_is(sc->s + tat, tn, "date") ||
	    word_is(sc->s + tat, tn, "time"))
		return fail(sc, tat, "\"%.*s\" arguments are not supported: "
		    "pass the date already formatted", (int)tn, sc->s + tat);
	if (word_is(sc->s + tat, tn, "choice"))
		return fail(sc, tat, "\"choice\" is not supported: use "
		    "\"plural\"");
	if (tn == 0)
		return fail(sc, tat, "expected an argument type after \",\"");
	return fail(sc, tat, "unknown argument type \"%.*s\"", (int)tn,
	    sc->s + tat);
}

/*
 * Message text up to its end (depth 0) or up to the "}" that closes it,
 * which is left unread.  "open" is the "{" of the enclosing case.
 */
static int
scan_message(struct scan *sc, int depth, enum parent parent, size_t open)
{
	const char	*q;
	int		 c, next;

	while (sc->p < sc->len) {
		c = (unsigned char)sc->s[sc->p];
		next = sc->p + 1 < sc->len ?
		    (unsigned char)sc->s[sc->p + 1] : '\0';
		if (c == '\'' && next == '\'')
			sc->p += 2;
		else if (c == '\'' && (next == '{' || next == '}' ||
		    (next == '#' && parent == P_PLURAL))) {
			/* Quoted text runs to the next lone apostrophe. */
			sc->p += 2;
			for (;;) {
				q = memchr(sc->s + sc->p, '\'',
				    sc->len - sc->p);
				if (q == NULL) {
					sc->p = sc->len;
					sc->open_quote = true;
					break;
				}
				sc->p = (size_t)(q - sc->s) + 1;
				if (peek(sc) != '\'')
					break;
				sc->p++;
			}
		} else if (c == '{') {
			if (scan_arg(sc, depth) < 0)
				return -1;
		} else if (c == '}') {
			if (depth > 0)
				return 0;
			return fail(sc, sc->p, "unmatched \"}\" (write '}' for "
			    "a brace)");
		} else
			sc->p++;
	}
	if (depth > 0)
		return fail(sc, open, "unmatched \"{\"");
	return 0;
}

/*
 * Rewrite message s[0..len) with numbered arguments into "out", padded so
 * that every index below the highest is used.  Returns 0, or -1 with
 * sc->err and sc->errpos set.
 */
static int
rewrite(struct scan *sc, const char *s, size_t len, struct buf *out)
{
	char	 pad[48];
	int	 top = -1, i;
	size_t	 j;
	bool	 used[2 * MAX_SLOTS] = { false };

	memset(sc, 0, sizeof(*sc));
	sc->s = s;
	sc->len = len;
	sc->out = out;
	if (scan_message(sc, 0, P_NONE, 0) < 0)
		return -1;
	buf_put(out, s + sc->mark, len - sc->mark);
	if (sc->open_quote)
		buf_putc(out, '\'');
	for (j = 0; j < sc->nslots; j++) {
		used[sc->slots[j].index] = true;
		if (sc->slots[j].index > top)
			top = sc->slots[j].index;
	}
	/* An unused index would be read as a pointer: give it its kind. */
	for (i = 0; i < top; i++) {
		if (used[i])
			continue;
		snprintf(pad, sizeof(pad), i % 2 == 0 ?
		    "{%d,select,other{}}" : "{%d,plural,other{}}", i);
		buf_puts(out, pad);
	}
	return 0;
}

/* ICU's MessageFormat for a rewritten pattern in a catalog's language. */
static UMessageFormat *
msg_open(const char *pattern, size_t len, const char *lang, UErrorCode *st)
{
	char		 loc[DATEFMT_LOCALE_MAX];
	UChar		*u;
	int32_t		 n;
	UParseError	 pe;
	UMessageFormat	*fmt;

	datefmt_locale_resolve(loc, lang);
	u = ustr_from_utf8(pattern, len, &n);
	fmt = umsg_open(u, n, loc, &pe, st);
	free(u);
	if (U_FAILURE(*st)) {
		umsg_close(fmt);
		return NULL;
	}
	return fmt;
}

/*
 * The one call that hands ICU its arguments: index 2k is s[k], index
 * 2k+1 is d[k], as rewrite() numbered them.
 */
static int32_t
msg_call(const UMessageFormat *fmt, UChar *res, int32_t cap,
    UChar *const *s, const double *d, UErrorCode *st)
{
	return umsg_format(fmt, res, cap, st,
	    s[0], d[0], s[1], d[1], s[2], d[2], s[3], d[3],
	    s[4], d[4], s[5], d[5], s[6], d[6], s[7], d[7]);
}

/* A locale-independent reading of a number written as a string. */
static bool
parse_number(const char *s, double *d)
{
	double	 v = 0, scale = 1;
	bool	 neg = false, digits = false;

	while (is_ws((unsigned char)*s))
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; is_digit((unsigned char)*s); s++, digits = true)
		v = v * 10 + (*s - '0');
	if (*s == '.')
		for (s++; is_digit((unsigned char)*s); s++, digits = true)
			v += (*s - '0') * (scale /= 10);
	while (is_ws((unsigned char)*s))
		s++;
	*d = neg ? -v : v;
	return digits && *s == '\0';
}

/* The catalog of canonical language "lang", or NULL. */
static struct catalog *
catalog_find(const struct i18n *in, const char *lang)
{
	size_t	 i;

	for (i = 0; i < in->n; i++)
		if (strcmp(in->v[i].lang, lang) == 0)
			return &in->v[i];
	return NULL;
}

static struct catalog *
catalog_get(struct i18n *in, const char *lang)
{
	struct catalog	*c;

	if ((c = catalog_find(in, lang)) != NULL)
		return c;
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 16;
		in->v = xrealloc(in->v, in->cap * sizeof(*in->v));
	}
	c = &in->v[in->n++];
	memset(c, 0, sizeof(*c));
	c->lang = xstrdup(lang);
	return c;
}

static struct msg *
catalog_msg(const struct catalog *c, const char *key)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			return &c->v[i];
	return NULL;
}

/* Add or replace key's message; takes "m" (owned strings if m->owned). */
static void
catalog_put(struct catalog *c, const struct msg *m)
{
	struct msg	*old;

	if ((old = catalog_msg(c, m->key)) != NULL) {
		if (old->owned) {
			free((char *)old->key);
			free((char *)old->text);
		}
		*old = *m;
		return;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	c->v[c->n++] = *m;
}

/* "es-MX", "es_mx" -> "es_MX"; keywords (@...) dropped. */
static void
canon_lang(char out[DATEFMT_LOCALE_MAX], const char *lang)
{
	UErrorCode	 st = U_ZERO_ERROR;
	char		*at;
	size_t		 i;

	uloc_canonicalize(lang, out, DATEFMT_LOCALE_MAX, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING) {
		snprintf(out, DATEFMT_LOCALE_MAX, "%s", lang);
		for (i = 0; out[i] != '\0'; i++)
			if (out[i] == '-')
				out[i] = '_';
	}
	if ((at = strchr(out, '@')) != NULL)
		*at = '\0';
}

/* "es_MX" -> es_MX, es, en: the catalogs that exist, in that order. */
static void
chain_make(struct chain *ch, const struct i18n *in, const char *lang,
    bool with_en)
{
	char			 l[DATEFMT_LOCALE_MAX], *us;
	const struct catalog	*c;

	ch->n = 0;
	canon_lang(l, lang);
	for (;;) {
		if (strcmp(l, "en") == 0)
			break;
		if ((c = catalog_find(in, l)) != NULL &&
		    ch->n < sizeof(ch->v) / sizeof(ch->v[0]) - 1)
			ch->v[ch->n++] = c;
		if ((us = strrchr(l, '_')) == NULL)
			break;
		*us = '\0';
	}
	if (with_en && (c = catalog_find(in, "en")) != NULL)
		ch->v[ch->n++] = c;
}

static const struct msg *
chain_lookup(const struct chain *ch, const char *key,
    const struct catalog **from)
{
	const struct msg	*m;
	size_t			 i;

	for (i = 0; i < ch->n; i++)
		if ((m = catalog_msg(ch->v[i], key)) != NULL) {
			if (from != NULL)
				*from = ch->v[i];
			return m;
		}
	return NULL;
}

struct i18n *
i18n_new(void)
{
	struct i18n	*in = xcalloc(1, sizeof(*in));
	struct catalog	*c;
	struct scan	 sc;
	struct buf	 b = BUF_INIT;
	struct msg	 m;
	const char	*t;
	size_t		 l, k;

	datefmt_icu_pin();
	for (l = 0; l < I18N_BUILTIN_LANGS; l++) {
		c = catalog_get(in, i18n_builtin_langs[l]);
		for (k = 0; k < i18n_builtin_n; k++) {
			t = i18n_builtin[k].text[l];
			buf_reset(&b);
			/* The tables are code: a bad message is a bug. */
			if (rewrite(&sc, t, strlen(t), &b) < 0)
				assert(!"bad built-in message");
			m.key = i18n_builtin[k].key;
			m.text = t;
			m.owned = false;
			m.has_args = sc.nslots > 0;
			catalog_put(c, &m);
		}
	}
	buf_free(&b);
	return in;
}

void
i18n_free(struct i18n *in)
{
	size_t	 i, j;

	if (in == NULL)
		return;
	for (i = 0; i < in->n; i++) {
		for (j = 0; j < in->v[i].n; j++)
			if (in->v[i].v[j].owned) {
				free((char *)in->v[i].v[j].key);
				free((char *)in->v[i].v[j].text);
			}
		free(in->v[i].v);
		free(in->v[i].lang);
		free(in->v[i].path);
	}
	free(in->v);
	free(in);
}

/* Check one site message; 0 and *has_args, or -1 after an error. */
static int
compile(bool *has_args, const char *key, const struct value *v,
    const char *lang, const char *path, struct diags *d)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UMessageFormat	*fmt;
	struct scan	 sc;
	struct buf	 b = BUF_INIT;
	int		 rc = -1;

	if (rewrite(&sc, v->u.str.s, v->u.str.len, &b) < 0) {
		diag_error(d, path, v->line, v->col, "message \"%s\": %s at "
		    "character %zu", key, sc.err,
		    char_number(v->u.str.s, sc.errpos));
		goto out;
	}
	if ((fmt = msg_open(buf_cstr(&b), b.len, lang, &st)) == NULL) {
		diag_error(d, path, v->line, v->col, "message \"%s\": ICU "
		    "rejects it: %s", key, u_errorName(st));
		goto out;
	}
	umsg_close(fmt);
	*has_args = sc.nslots > 0;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

int
i18n_add(struct i18n *in, const char *lang, const struct value *map,
    const char *path, struct diags *d)
{
	char			 l[DATEFMT_LOCALE_MAX];
	struct catalog		*c;
	const struct value	*v;
	struct msg		 m;
	size_t			 i;
	int			 rc = 0;

	canon_lang(l, lang);
	c = catalog_get(in, l);
	free(c->path);
	c->path = xstrdup(path);
	if (map == NULL || map->kind == VAL_NULL)
		return 0;
	if (map->kind != VAL_MAP)
		return diag_error(d, path, map->line, map->col, "expected a "
		    "map of message names to messages");
	for (i = 0; i < map->u.map.n; i++) {
		v = map->u.map.v[i].val;
		if (v->kind != VAL_STRING) {
			rc = diag_error(d, path, v->line, v->col, "message "
			    "\"%s\": expected a string", map->u.map.v[i].key);
			continue;
		}
		if (!util_utf8_valid(v->u.str.s, v->u.str.len, NULL) ||
		    memchr(v->u.str.s, '\0', v->u.str.len) != NULL) {
			rc = diag_error(d, path, v->line, v->col, "message "
			    "\"%s\": not valid UTF-8 text",
			    map->u.map.v[i].key);
			continue;
		}
		if (compile(&m.has_args, map->u.map.v[i].key, v, l, path,
		    d) < 0) {
			rc = -1;
			continue;
		}
		m.key = xstrdup(map->u.map.v[i].key);
		m.text = xstrndup(v->u.str.s, v->u.str.len);
		m.owned = true;
		catalog_put(c, &m);
	}
	return rc;
}

void
i18n_check(const struct i18n *in, const char *lang, struct diags *d)
{
	const struct catalog	*en = catalog_find(in, "en");
	struct chain		 ch;
	const char		*path = NULL;
	char			 l[DATEFMT_LOCALE_MAX];
	char			 file[DATEFMT_LOCALE_MAX + 16];
	size_t			 i;

	/* An English site (en, en_GB...) has nothing to fall back to. */
	canon_lang(l, lang);
	if (en == NULL || strcmp(l, "en") == 0 || util_startswith(l, "en_"))
		return;
	chain_make(&ch, in, lang, false);
	/* The most specific file the site has, else the one it could add. */
	for (i = 0; i < ch.n && path == NULL; i++)
		path = ch.v[i]->path;
	if (path == NULL) {
		snprintf(file, sizeof(file), "i18n/%s.yaml", lang);
		path = file;
	}
	for (i = 0; i < en->n; i++)
		if (chain_lookup(&ch, en->v[i].key, NULL) == NULL)
			diag_warning(d, path, 0, 0, "missing \"%s\", using en",
			    en->v[i].key);
}

const char *
i18n_get(const struct i18n *in, const char *lang, const char *key)
{
	struct chain		 ch;
	const struct msg	*m;

	chain_make(&ch, in, lang, true);
	m = chain_lookup(&ch, key, NULL);
	return m != NULL ? m->text : NULL;
}

/*
 * The ICU arguments for the slots of "sc" from the "args" map.  Strings
 * are malloc'd into s[], freed by the caller; unused ones point to "".
 */
static int
fill_args(UChar **s, double *nums, const struct scan *sc, const char *key,
    const char *lang, const struct value *args, struct diags *d)
{
	const struct value	*v;
	const struct slot	*sl;
	const char		*text;
	char			 tmp[32];
	size_t			 i, len;

	for (i = 0; i < sc->nslots; i++) {
		sl = &sc->slots[i];
		v = value_map_getn(args, sl->name, sl->len);
		if (v == NULL)
			return diag_error(d, NULL, 0, 0, "i18n: message "
			    "\"%s\" (%s): missing argument \"%.*s\"", key,
			    lang, (int)sl->len, sl->name);
		if (v->kind == VAL_LIST || v->kind == VAL_MAP)
			return diag_error(d, NULL, 0, 0, "i18n: message "
			    "\"%s\" (%s): argument \"%.*s\" must be a string "
			    "or a number", key, lang, (int)sl->len, sl->name);
		if (sl->kind == SLOT_STR) {
			/* {x} prints a number as written: 2012, not 2,012. */
			text = value_scalar_text(v, tmp, &len);
			s[sl->index / 2] = ustr_from_utf8(text, len, NULL);
		} else if (v->kind == VAL_NUMBER)
			nums[sl->index / 2] = v->u.num.d;
		else if (v->kind != VAL_STRING ||
		    !parse_number(v->u.str.s, &nums[sl->index / 2]))
			return diag_error(d, NULL, 0, 0, "i18n: message "
			    "\"%s\" (%s): argument \"%.*s\" must be a number",
			    key, lang, (int)sl->len, sl->name);
	}
	return 0;
}

/* Format message "m" of catalog "c" with "args"; append to "out". */
static int
format_msg(struct buf *out, const struct msg *m, const struct catalog *c,
    const struct value *args, struct diags *d)
{
	UChar			 empty[1] = { 0 };
	UErrorCode		 st = U_ZERO_ERROR;
	UMessageFormat		*fmt = NULL;
	struct scan		 sc;
	struct buf		 pat = BUF_INIT;
	UChar			*s[MAX_SLOTS], small[256], *res = small;
	double			 nums[MAX_SLOTS];
	int32_t			 n = 0;
	size_t			 i;
	int			 rc = -1;

	for (i = 0; i < MAX_SLOTS; i++) {
		s[i] = empty;
		nums[i] = 0;
	}
	if (rewrite(&sc, m->text, strlen(m->text), &pat) < 0) {
		diag_error(d, NULL, 0, 0, "i18n: message \"%s\" (%s): %s",
		    m->key, c->lang, sc.err);
		goto out;
	}
	if (fill_args(s, nums, &sc, m->key, c->lang, args, d) < 0)
		goto out;
	if ((fmt = msg_open(buf_cstr(&pat), pat.len, c->lang, &st)) != NULL) {
		n = msg_call(fmt, res, 256, s, nums, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR) {
			st = U_ZERO_ERROR;
			res = xmalloc(((size_t)n + 1) * sizeof(*res));
			n = msg_call(fmt, res, n + 1, s, nums, &st);
		}
	}
	if (U_FAILURE(st)) {
		diag_error(d, NULL, 0, 0, "i18n: message \"%s\" (%s): %s",
		    m->key, c->lang, u_errorName(st));
		goto out;
	}
	ustr_put_utf8(out, res, n);
	rc = 0;
out:
	if (res != small)
		free(res);
	umsg_close(fmt);
	for (i = 0; i < MAX_SLOTS; i++)
		if (s[i] != empty)
			free(s[i]);
	buf_free(&pat);
	return rc;
}

int
i18n_format(struct buf *out, const struct i18n *in, const char *lang,
    const char *key, const struct value *args, struct diags *d)
{
	struct chain		 ch;
	const struct catalog	*from = NULL;
	const struct msg	*m;

	chain_make(&ch, in, lang, true);
	if ((m = chain_lookup(&ch, key, &from)) == NULL)
		return diag_error(d, NULL, 0, 0, "i18n: no message \"%s\" "
		    "for %s or en", key, lang);
	return format_msg(out, m, from, args, d);
}

struct value *
i18n_table(const struct i18n *in, const char *lang, struct arena *a)
{
	struct value		*map = value_map(a);
	struct chain		 ch;
	const struct catalog	*from;
	const struct msg	*m;
	struct diags		*d = diags_new();
	struct buf		 b = BUF_INIT;
	size_t			 i, j;

	chain_make(&ch, in, lang, true);
	/* English keys first in their order, then the site's own keys. */
	for (i = ch.n; i-- > 0; ) {
		for (j = 0; j < ch.v[i]->n; j++) {
			if (value_map_get(map, ch.v[i]->v[j].key) != NULL)
				continue;
			m = chain_lookup(&ch, ch.v[i]->v[j].key, &from);
			if (m->has_args)
				continue;
			buf_reset(&b);
			/* Without arguments ICU only undoes the quoting. */
			if (format_msg(&b, m, from, NULL, d) < 0)
				buf_puts(&b, m->text);
			value_map_set(a, map, m->key,
			    value_stringn(a, b.data != NULL ? b.data : "",
			    b.len));
		}
	}
	buf_free(&b);
	diags_free(d);
	return map;
}
