/*
 * text: slugs through an ICU transform, word boundaries and word counts
 * through an ICU word break iterator (UAX #29 plus ICU's dictionaries for
 * Chinese, Japanese and Thai), and sorting by a locale's collation (UCA
 * with the CLDR tailoring of the locale).
 *
 * Break iterators run over UTF-8 directly through a UText, so their
 * boundaries are byte offsets into the caller's string.  Locales are
 * resolved with datefmt_locale_resolve() so that ICU never falls back to
 * the process's own locale.
 */
#define _GNU_SOURCE	/* memmem */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ubrk.h>
#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#include "arena.h"
#include "buf.h"
#include "datefmt.h"
#include "text.h"
#include "util.h"

/*
 * Any-Latin romanizes every script ICU has a transform for (Greek,
 * Cyrillic, kana, Hangul, Han as Mandarin pinyin...); Latin-ASCII then
 * folds what is left (ñ, æ, ø, ß, curly quotes, dashes) to ASCII.
 * Lowercasing is done on the ASCII result, which needs no ICU pass.
 */
#define SLUG_TRANSFORM	"Any-Latin; Latin-ASCII"

/* Slugs are cut at a "-" so they stay at most this many bytes. */
#define SLUG_MAX	80

static bool	is_ascii(const char *, size_t);

struct brk {
	char		 locale[DATEFMT_LOCALE_MAX];
	UBreakIterator	*bi;
};

struct textctx {
	UTransliterator	*tr;		/* opened on first use */
	bool		 tr_failed;
	struct brk	*brks;
	size_t		 nbrks, capbrks;
};

/* A string and its collation key, for text_sort. */
struct sortent {
	const char	*s;
	char		*key;		/* NUL-terminated, from ucol */
};

struct textctx *
text_new(void)
{
	datefmt_icu_pin();
	return xcalloc(1, sizeof(struct textctx));
}

void
text_free(struct textctx *tc)
{
	size_t	 i;

	if (tc == NULL)
		return;
	utrans_close(tc->tr);
	for (i = 0; i < tc->nbrks; i++)
		ubrk_close(tc->brks[i].bi);
	free(tc->brks);
	free(tc);
}

/* 32-bit FNV-1a: a stable name for text that has no ASCII form. */
static uint32_t
fnv1a(const char *s, size_t len)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/*
 * Whether the text mixes kana with Han.  That is Japanese, and ICU
 * romanizes Han only with Mandarin readings: "年末年始" would become
 * "nian mo nian shi", which no Japanese reader would recognize.
 */
static bool
is_japanese_with_kanji(const char *s, size_t len)
{
	int32_t		 i = 0, n = (int32_t)len;
	UChar32		 c;
	UErrorCode	 st;
	UScriptCode	 sc;
	bool		 han = false, kana = false;

	if (len > INT32_MAX)
		return false;
	while (i < n) {
		U8_NEXT(s, i, n, c);
		if (c < 0x2e80)
			continue;
		st = U_ZERO_ERROR;
		sc = uscript_getScript(c, &st);
		if (sc == USCRIPT_HAN)
			han = true;
		else if (sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA)
			kana = true;
	}
	return han && kana;
}

/* s[0..len) transformed to Latin/ASCII, as malloc'd UTF-16; or NULL. */
static UChar *
romanize(struct textctx *tc, const char *s, size_t len, int32_t *outlen)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UParseError	 pe;
	UChar		 id[64], *u = NULL;
	int32_t		 n = 0, cap, limit;

	if (tc->tr == NULL && !tc->tr_failed) {
		u_strFromUTF8(id, 64, NULL, SLUG_TRANSFORM, -1, &st);
		tc->tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe,
		    &st);
		if (U_FAILURE(st)) {
			/* Missing transform data: slugs fall back to ASCII. */
			tc->tr = NULL;
			tc->tr_failed = true;
		}
	}
	if (len > INT32_MAX / 16)
		return NULL;
	/* Romanizing can grow the text: one Han unit becomes "nian ". */
	for (cap = (int32_t)len * 2 + 16; ; cap *= 2) {
		st = U_ZERO_ERROR;
		u = xrealloc(u, (size_t)cap * sizeof(*u));
		u_strFromUTF8WithSub(u, cap, &n, s, (int32_t)len, 0xfffd, NULL,
		    &st);
		if (U_FAILURE(st) || tc->tr == NULL)
			break;
		limit = n;
		utrans_transUChars(tc->tr, u, &n, cap, 0, &limit, &st);
		if (st != U_BUFFER_OVERFLOW_ERROR || cap > INT32_MAX / 4)
			break;
	}
	if (U_FAILURE(st)) {
		free(u);
		return NULL;
	}
	*outlen = n;
	return u;
}

char *
text_slug(struct textctx *tc, const char *s, size_t len, struct arena *a)
{
	UChar	*u = NULL;
	char	*out;
	int32_t	 n = 0, i;
	size_t	 o = 0, cut;
	bool	 sep = false;

	if (is_ascii(s, len)) {
		/* The transform leaves ASCII as it is: skip it. */
		u = xmalloc((len + 1) * sizeof(*u));
		for (n = 0; (size_t)n < len; n++)
			u[n] = (UChar)(unsigned char)s[n];
	} else if (!is_japanese_with_kanji(s, len))
		u = romanize(tc, s, len, &n);
	out = arena_alloc(a, (size_t)n + 12);
	for (i = 0; i < n; i++) {
		if (u[i] == '\'')
			continue;	/* "don't" is one word: "dont" */
		if (u[i] < 0x80 && ((u[i] >= 'a' && u[i] <= 'z') ||
		    (u[i] >= 'A' && u[i] <= 'Z') ||
		    (u[i] >= '0' && u[i] <= '9'))) {
			if (sep && o > 0)
				out[o++] = '-';
			sep = false;
			out[o++] = (char)(u[i] >= 'A' && u[i] <= 'Z' ?
			    u[i] - 'A' + 'a' : u[i]);
		} else
			sep = true;
	}
	free(u);
	if (o > SLUG_MAX) {
		for (cut = SLUG_MAX; cut > 0 && out[cut] != '-'; cut--)
			continue;
		o = cut > 0 ? cut : SLUG_MAX;
	}
	if (o == 0)
		o = (size_t)snprintf(out, 12, "p-%08x",
		    (unsigned)fnv1a(s, len));
	out[o] = '\0';
	return out;
}

/* The word break iterator of "locale", cached in tc; or NULL. */
static UBreakIterator *
word_breaker(struct textctx *tc, const char *locale)
{
	UErrorCode	 st = U_ZERO_ERROR;
	char		 loc[DATEFMT_LOCALE_MAX];
	struct brk	*b;
	size_t		 i;

	datefmt_locale_resolve(loc, locale);
	for (i = 0; i < tc->nbrks; i++)
		if (strcmp(tc->brks[i].locale, loc) == 0)
			return tc->brks[i].bi;
	if (tc->nbrks == tc->capbrks) {
		tc->capbrks = tc->capbrks ? tc->capbrks * 2 : 4;
		tc->brks = xrealloc(tc->brks, tc->capbrks * sizeof(*tc->brks));
	}
	b = &tc->brks[tc->nbrks];
	b->bi = ubrk_open(UBRK_WORD, loc, NULL, 0, &st);
	if (U_FAILURE(st)) {
		ubrk_close(b->bi);
		return NULL;
	}
	memcpy(b->locale, loc, sizeof(loc));
	tc->nbrks++;
	return b->bi;
}

/* Point "bi" at s[0..len) through "ut"; false on failure. */
static bool
break_utf8(UBreakIterator *bi, UText *ut, const char *s, size_t len)
{
	UErrorCode	 st = U_ZERO_ERROR;

	if (bi == NULL || len > INT32_MAX)
		return false;
	utext_openUTF8(ut, s, (int64_t)len, &st);
	ubrk_setUText(bi, ut, &st);
	return U_SUCCESS(st);
}

size_t
text_cut_words(struct textctx *tc, const char *s, size_t len, size_t max,
    const char *locale)
{
	UText		 ut = UTEXT_INITIALIZER;
	UBreakIterator	*bi;
	int32_t		 pos, prev;
	UChar32		 c;

	if (len <= max)
		return len;
	bi = word_breaker(tc, locale);
	if (!break_utf8(bi, &ut, s, len)) {
		utext_close(&ut);
		return 0;
	}
	/*
	 * ICU moves an offset inside a UTF-8 sequence back to the sequence's
	 * start before looking for a boundary before it, so start there.
	 */
	pos = (int32_t)max;
	while (pos > 0 && ((unsigned char)s[pos] & 0xc0) == 0x80)
		pos--;
	if (!ubrk_isBoundary(bi, pos))
		pos = ubrk_preceding(bi, pos);
	utext_close(&ut);
	if (pos == UBRK_DONE || pos < 0)
		return 0;
	/* "Holiday hours " cuts to "Holiday hours": no trailing space. */
	while (pos > 0) {
		prev = pos;
		U8_PREV(s, 0, prev, c);
		if (c < 0 || !u_isUWhiteSpace(c))
			break;
		pos = prev;
	}
	return (size_t)pos;
}

/* Word-break classes of ASCII characters (UAX #29, table 3). */
enum wbclass {
	WB_OTHER,
	WB_LETTER,		/* ALetter */
	WB_NUMERIC,
	WB_EXTENDNUMLET,	/* "_" */
	WB_MIDNUMLET,		/* "." and "'" (MidNumLetQ) */
	WB_MIDNUM,		/* "," ";" */
	WB_HIGH			/* not ASCII: ICU counts the text */
};

static const unsigned char wbclasses[256] = {
	['0' ... '9'] = WB_NUMERIC,
	['A' ... 'Z'] = WB_LETTER,
	['a' ... 'z'] = WB_LETTER,
	['_'] = WB_EXTENDNUMLET,
	['.'] = WB_MIDNUMLET,
	['\''] = WB_MIDNUMLET,
	[','] = WB_MIDNUM,
	[';'] = WB_MIDNUM,
	[0x80 ... 0xff] = WB_HIGH,
};

/*
 * UAX #29 word segments of ASCII text, counted as ICU's rule statuses
 * count them, without a break iterator (the common case, and most of a
 * build's ICU time otherwise).  Runs of letters, digits and "_" do not
 * break (WB5, WB8-10, WB13a-b); a letter, a MidNumLet and a letter stay
 * one word (WB6-7; ASCII has no other MidLetter once CLDR's root rules
 * take ":" out), as do a digit, a MidNum or MidNumLet, and a digit
 * (WB11-12).  ICU gives a lone "_" no word status.
 *
 * As an automaton, a byte a step: outside a word; in a word that is so
 * far a lone "_" (not counted yet); in a word whose last character is a
 * letter, a digit or "_"; after a letter and a MidNumLet, or a digit
 * and a MidNum(Let), which the next character continues or not (then it
 * is read as from outside); and not ASCII.  A step's entry is the next
 * state, plus 8 when a word begins.
 */
enum { O, LONE, LET, DIG, EXT, AL, AD, HI };	/* the states, in order */

#define W	8	/* a word begins */

static const unsigned char wbsteps[8][7] = {
	/*	  other letter	digit	"_"	MidNumLet MidNum not ASCII */
	[O] =	{ O,	LET + W, DIG + W, LONE,	O,	O,	HI },
	[LONE] = { O,	LET + W, DIG + W, EXT + W, O,	O,	HI },
	[LET] =	{ O,	LET,	DIG,	EXT,	AL,	O,	HI },
	[DIG] =	{ O,	LET,	DIG,	EXT,	AD,	AD,	HI },
	[EXT] =	{ O,	LET,	DIG,	EXT,	O,	O,	HI },
	[AL] =	{ O,	LET,	DIG + W, LONE,	O,	O,	HI },
	[AD] =	{ O,	LET + W, DIG,	LONE,	O,	O,	HI },
	[HI] =	{ HI,	HI,	HI,	HI,	HI,	HI,	HI },
};

#undef W

/* The words of s[0..len), or false when it is not all ASCII. */
static bool
ascii_count_words(size_t *words, const unsigned char *s, size_t len)
{
	unsigned	 st = O, e;
	size_t		 i = 0, end, n = 0;

	while (i < len) {
		/* A chunk at a time: text that is not ASCII leaves early. */
		end = len - i > 256 ? i + 256 : len;
		for (; i < end; i++) {
			e = wbsteps[st][wbclasses[s[i]]];
			n += e >> 3;
			st = e & 7;
		}
		if (st == HI)
			return false;
	}
	*words = n;
	return true;
}

static bool
is_ascii(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

size_t
text_count_words(struct textctx *tc, const char *s, size_t len,
    const char *locale)
{
	UText		 ut = UTEXT_INITIALIZER;
	UBreakIterator	*bi;
	int32_t		 status;
	size_t		 n = 0;

	if (ascii_count_words(&n, (const unsigned char *)s, len))
		return n;
	bi = word_breaker(tc, locale);
	if (!break_utf8(bi, &ut, s, len)) {
		utext_close(&ut);
		return 0;
	}
	ubrk_first(bi);
	/*
	 * The rule status of a segment says what it is: numbers, letters,
	 * kana and ideographs are words; spaces and punctuation are
	 * UBRK_WORD_NONE.
	 */
	while (ubrk_next(bi) != UBRK_DONE) {
		status = ubrk_getRuleStatus(bi);
		if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_IDEO_LIMIT)
			n++;
	}
	utext_close(&ut);
	return n;
}

static int
sortent_cmp(const void *pa, const void *pb)
{
	const struct sortent	*a = pa, *b = pb;
	int			 c;

	/* Sort keys hold no NUL byte but their terminator. */
	if ((c = strcmp(a->key, b->key)) != 0)
		return c;
	return strcmp(a->s, b->s);
}

void
text_sort(const char **v, size_t n, const char *locale)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UCollator	*coll;
	struct sortent	*e;
	char		 loc[DATEFMT_LOCALE_MAX];
	UChar		*u;
	int32_t		 ulen, klen;
	size_t		 i;
	bool		 ok;

	if (n < 2)
		return;
	datefmt_locale_resolve(loc, locale);
	coll = ucol_open(loc, &st);
	ucol_setStrength(coll, UCOL_TERTIARY);
	ok = U_SUCCESS(st);
	e = xcalloc(n, sizeof(*e));
	for (i = 0; i < n; i++) {
		e[i].s = v[i];
		if (!ok) {
			e[i].key = xstrdup("");
			continue;
		}
		st = U_ZERO_ERROR;
		u_strFromUTF8WithSub(NULL, 0, &ulen, v[i], -1, 0xfffd, NULL,
		    &st);
		st = U_ZERO_ERROR;
		u = xmalloc(((size_t)ulen + 1) * sizeof(*u));
		u_strFromUTF8WithSub(u, ulen + 1, &ulen, v[i], -1, 0xfffd,
		    NULL, &st);
		klen = ucol_getSortKey(coll, u, ulen, NULL, 0);
		e[i].key = xmalloc((size_t)klen + 1);
		ucol_getSortKey(coll, u, ulen, (uint8_t *)e[i].key, klen + 1);
		e[i].key[klen] = '\0';
		free(u);
	}
	/* Without a collator, the bytewise tie-break still sorts. */
	qsort(e, n, sizeof(*e), sortent_cmp);
	for (i = 0; i < n; i++) {
		v[i] = e[i].s;
		free(e[i].key);
	}
	free(e);
	ucol_close(coll);
}

/* Tags at whose start or end a reader sees a break between words. */
static bool
block_tag(const char *name, size_t n)
{
	static const char *const tags[] = {
		"address", "article", "aside", "blockquote", "br", "dd",
		"div", "dl", "dt", "figcaption", "figure", "footer", "h1",
		"h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "li",
		"main", "nav", "ol", "p", "pre", "section", "table", "td",
		"th", "tr", "ul", NULL
	};
	size_t	 i;

	for (i = 0; tags[i] != NULL; i++)
		if (strlen(tags[i]) == n && strncasecmp(tags[i], name, n) == 0)
			return true;
	return false;
}

/* Append code point "c" to b as UTF-8 (U+FFFD when not a scalar value). */
static void
put_utf8(struct buf *b, unsigned long c)
{
	char	 u[4];

	if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		buf_putc(b, (char)c);
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3f));
		buf_put(b, u, 2);
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		buf_put(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3f));
		u[2] = (char)(0x80 | (c >> 6 & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		buf_put(b, u, 4);
	}
}

/* A character reference at s[0..end) ("&..."); its length, or 0. */
static size_t
put_entity(struct buf *b, const char *s, const char *end)
{
	static const struct {
		const char	*name;
		const char	*text;
	} named[] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" },
		{ "quot;", "\"" }, { "apos;", "'" }, { "nbsp;", " " },
		{ NULL, NULL }
	};
	unsigned long	 c = 0;
	size_t		 i, n;
	bool		 hex;

	for (i = 0; named[i].name != NULL; i++) {
		n = strlen(named[i].name);
		if ((size_t)(end - s) > n && memcmp(s + 1, named[i].name,
		    n) == 0) {
			buf_puts(b, named[i].text);
			return n + 1;
		}
	}
	if (end - s < 4 || s[1] != '#')
		return 0;
	hex = s[2] == 'x' || s[2] == 'X';
	for (i = hex ? 3 : 2; s + i < end && i < 12; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			c = c * (hex ? 16 : 10) + (unsigned long)(s[i] - '0');
		else if (hex && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f'))
			c = c * 16 + (unsigned long)((s[i] | 0x20) - 'a' + 10);
		else
			break;
	}
	if (s + i >= end || s[i] != ';' || i == (hex ? 3u : 2u))
		return 0;
	put_utf8(b, c);
	return i + 1;
}

const char *
text_html_close(const char *s, const char *end, const char *name)
{
	size_t	 n = strlen(name);

	for (; s + 2 + n <= end; s++)
		if (s[0] == '<' && s[1] == '/' &&
		    strncasecmp(s + 2, name, n) == 0)
			return s;
	return end;
}

char *
text_from_html(const char *s, size_t len, bool first_para, struct arena *a)
{
	struct buf	 b = BUF_INIT;
	const char	*end = s + len, *p, *gt, *name;
	size_t		 n, k;
	bool		 closing, in_p = false, space = true;
	char		*out;

	if (first_para) {
		/* Start in the first <p> (or <p ...>), when there is one. */
		for (p = s; p + 2 < end; p++)
			if (p[0] == '<' && (p[1] | 0x20) == 'p' &&
			    (p[2] == '>' || p[2] == ' ' || p[2] == '\t' ||
			    p[2] == '\n')) {
				s = p;
				in_p = true;
				break;
			}
	}
	for (p = s; p < end; ) {
		if (*p == '<') {
			if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
				gt = memmem(p + 4, (size_t)(end - p - 4), "-->",
				    3);
				p = gt != NULL ? gt + 3 : end;
				continue;
			}
			closing = p + 1 < end && p[1] == '/';
			name = p + 1 + closing;
			for (n = 0; name + n < end && (isalnum((unsigned char)
			    name[n])); n++)
				;
			gt = memchr(p, '>', (size_t)(end - p));
			if (n == 0 || gt == NULL) {
				/* Not a tag: a "<" as text. */
				buf_putc(&b, '<');
				space = false;
				p++;
				continue;
			}
			p = gt + 1;
			if (block_tag(name, n) && !space) {
				buf_putc(&b, ' ');
				space = true;
			}
			if (in_p && closing && n == 1 && (*name | 0x20) == 'p')
				break;
			if (!closing && ((n == 6 && strncasecmp(name,
			    "script", 6) == 0) || (n == 5 &&
			    strncasecmp(name, "style", 5) == 0)))
				p = text_html_close(p, end, n == 6 ? "script" :
				    "style");
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			if (!space)
				buf_putc(&b, ' ');
			space = true;
			p++;
			continue;
		}
		if (*p == '&' && (k = put_entity(&b, p, end)) > 0) {
			p += k;
			space = false;
			continue;
		}
		buf_putc(&b, *p++);
		space = false;
	}
	n = b.len;
	while (n > 0 && b.data[n - 1] == ' ')
		n--;
	out = arena_strndup(a, n > 0 ? b.data : "", n);
	buf_free(&b);
	return out;
}
