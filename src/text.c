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
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ucol.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#include "arena.h"
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
