/*
 * datefmt: front matter dates read in a zone, and instants formatted by
 * ICU styles, patterns and skeletons (ICU C API: ucal, udat, udatpg), and
 * intervals by ICU's date interval formatter (udtitvfmt).
 *
 * Parsing follows RFC 3339 section 5.6 for dates with an offset; local
 * dates are resolved by ucal with the zone's rules, and the two cases
 * where a wall time is not one instant (the spring-forward gap and the
 * fall-back overlap) are detected explicitly and reported as warnings.
 * RFC 3339 and RFC 822 strings are built here from a zone offset, with
 * no locale data at all.
 *
 * ICU never sees a NULL zone or locale: a NULL zone means the process's
 * default (TZ), a NULL or unknown locale falls back to LANG.  Calendars
 * are proleptic Gregorian (the 1582 Julian cutover is turned off) so that
 * ICU's fields agree with the arithmetic in datefmt_civil().
 */
#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucal.h>
#include <unicode/uclean.h>
#include <unicode/udat.h>
#include <unicode/udateintervalformat.h>
#include <unicode/uformattedvalue.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

#include "buf.h"
#include "datefmt.h"
#include "diag.h"
#include "ustr.h"
#include "util.h"

/* ICU's earliest date: with it as the cutover, no date is Julian. */
#define PURE_GREGORIAN	(-184303902528000000.0)

/* Zone ids are short; longer input is not an IANA name anyway. */
#define ZONE_MAX	128

/* Input echoed in a message is cut to this many bytes. */
#define ECHO_MAX	60
#define ECHO_SIZE	(4 * (ECHO_MAX + 3) + 4)

struct fmtent {
	enum datefmt_kind	 kind;
	char			*text;
	char			*locale;
	char			*tz;
	UDateFormat		*f;
};

/* A cached interval formatter: skeleton, locale and zone. */
struct itvent {
	char			*skeleton;
	char			*locale;
	char			*tz;
	UDateIntervalFormat	*f;
};

struct datefmt {
	struct fmtent	*v;
	size_t		 n, cap;
	struct itvent	*iv;
	size_t		 niv, capiv;
};

/* The fields of a parsed date; off is set when has_off. */
struct fields {
	int	 y, mo, d, h, mi, s;
	int	 off;		/* minutes east of UTC */
	bool	 has_time, has_sec, has_off;
	char	 zone[ZONE_MAX];	/* an IANA name after the time, or "" */
};

static const char *const wdays[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};
static const char *const styles[] = { "full", "long", "medium", "short" };
static const UDateFormatStyle style_vals[] = {
	UDAT_FULL, UDAT_LONG, UDAT_MEDIUM, UDAT_SHORT
};

static pthread_once_t	 version_once = PTHREAD_ONCE_INIT;
static pthread_once_t	 langs_once = PTHREAD_ONCE_INIT;
static pthread_once_t	 pin_once = PTHREAD_ONCE_INIT;
static char		 icu_version[U_MAX_VERSION_STRING_LENGTH];
static char		 cldr_version[U_MAX_VERSION_STRING_LENGTH];

/*
 * The languages ICU has data for, sorted, written once (langs_once) and
 * read-only after: datefmt_locale_known runs for every locale any module
 * hands to ICU, and ICU lists its locales only one by one.
 */
#define MAX_LANGS	2048
static char		 known_langs[MAX_LANGS][ULOC_LANG_CAPACITY];
static size_t		 nknown_langs;

/*
 * Days since 1970-01-01 of a proleptic Gregorian date, and back (the
 * era-based algorithm: 400-year eras of 146097 days starting in March).
 */
int64_t
datefmt_days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
datefmt_civil(int64_t z, int *y, int *m, int *d)
{
	int64_t	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
days_in_month(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return n[m - 1];
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/*
 * "s" for a message: at most ECHO_MAX bytes (plus the rest of a UTF-8
 * sequence), with quotes, backslashes and control bytes escaped, and
 * every byte above 0x7f escaped too if "s" is not valid UTF-8.
 */
static void
echo(char out[ECHO_SIZE], const char *s)
{
	size_t		 i, o = 0, len = strlen(s);
	unsigned char	 c;
	bool		 utf8 = util_utf8_valid(s, len, NULL);

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (i >= ECHO_MAX && (!utf8 || (c & 0xc0) != 0x80)) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8))
			o += (size_t)snprintf(out + o, 5, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

/* Zone id "tz" in UTF-16; false if it cannot be one. */
static bool
zone_u16(UChar out[ZONE_MAX], const char *tz)
{
	UErrorCode	 st = U_ZERO_ERROR;
	size_t		 i;

	for (i = 0; tz[i] != '\0'; i++)
		if ((unsigned char)tz[i] <= 0x20 ||
		    (unsigned char)tz[i] >= 0x7f)
			return false;
	if (i == 0 || i >= ZONE_MAX)
		return false;
	u_strFromUTF8(out, ZONE_MAX, NULL, tz, -1, &st);
	return U_SUCCESS(st);
}

bool
datefmt_zone_known(const char *tz)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		 z[ZONE_MAX], canon[ZONE_MAX];
	UBool		 sys = false;

	if (!zone_u16(z, tz))
		return false;
	/* Unknown ids fail to canonicalize; "GMT+5" is no system id. */
	ucal_getCanonicalTimeZoneID(z, -1, canon, ZONE_MAX, &sys, &st);
	return U_SUCCESS(st) && sys;
}

static int
lang_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
langs_init(void)
{
	UErrorCode	 st;
	char		 l[ULOC_LANG_CAPACITY];
	int32_t		 i, n = uloc_countAvailable();
	size_t		 j, k;

	for (i = 0; i < n && nknown_langs < MAX_LANGS; i++) {
		st = U_ZERO_ERROR;
		uloc_getLanguage(uloc_getAvailable(i), l, sizeof(l), &st);
		if (U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING &&
		    l[0] != '\0')
			memcpy(known_langs[nknown_langs++], l, sizeof(l));
	}
	qsort(known_langs, nknown_langs, sizeof(known_langs[0]), lang_cmp);
	for (j = k = 0; j < nknown_langs; j++)
		if (k == 0 || strcmp(known_langs[k - 1], known_langs[j]) != 0)
			memmove(known_langs[k++], known_langs[j],
			    sizeof(known_langs[0]));
	nknown_langs = k;
}

bool
datefmt_locale_known(const char *locale)
{
	UErrorCode	 st = U_ZERO_ERROR;
	char		 name[ULOC_FULLNAME_CAPACITY];
	char		 lang[ULOC_LANG_CAPACITY];

	pthread_once(&langs_once, langs_init);
	uloc_canonicalize(locale, name, sizeof(name), &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		return false;
	uloc_getLanguage(name, lang, sizeof(lang), &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING ||
	    lang[0] == '\0')
		return false;
	return bsearch(lang, known_langs, nknown_langs,
	    sizeof(known_langs[0]), lang_cmp) != NULL;
}

void
datefmt_locale_resolve(char out[DATEFMT_LOCALE_MAX], const char *locale)
{
	UErrorCode	 st = U_ZERO_ERROR;

	datefmt_icu_pin();
	if (locale == NULL || !datefmt_locale_known(locale)) {
		strcpy(out, "root");
		return;
	}
	uloc_canonicalize(locale, out, DATEFMT_LOCALE_MAX, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
		strcpy(out, "root");
}

/*
 * Some ICU objects are built in ICU's default zone and locale before
 * they get the ones asked for (ucal_open, and SimpleDateFormat's
 * two-digit-year century); ICU initializes those defaults from TZ,
 * /etc/localtime and LANG on first use.  Setting them first means ICU
 * never reads the machine's settings, whatever path it takes.
 */
static void
icu_pin_once(void)
{
	static const UChar	 utc[] = { 'E', 't', 'c', '/', 'U', 'T', 'C',
				     0 };
	UErrorCode		 st = U_ZERO_ERROR;

	ucal_setDefaultTimeZone(utc, &st);
	st = U_ZERO_ERROR;
	uloc_setDefault("en_US_POSIX", &st);
}

void
datefmt_icu_pin(void)
{
	pthread_once(&pin_once, icu_pin_once);
}

/*
 * A Gregorian calendar in a known zone, or NULL; with "pure", the Julian
 * cutover is off (it costs as much as opening the calendar, and offsets
 * alone do not need it).
 */
static UCalendar *
cal_open(const char *tz, bool pure)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		 z[ZONE_MAX];
	UCalendar	*cal;

	datefmt_icu_pin();
	if (!datefmt_zone_known(tz) || !zone_u16(z, tz))
		return NULL;
	/*
	 * The locale only picks week rules, which nothing here reads.  ICU
	 * builds a calendar for the locale first and then gives it the zone
	 * asked for; the keyword keeps that first calendar off the machine's
	 * zone.
	 */
	cal = ucal_open(z, -1, "en_US_POSIX@timezone=Etc/UTC", UCAL_GREGORIAN,
	    &st);
	if (pure)
		ucal_setGregorianChange(cal, PURE_GREGORIAN, &st);
	if (U_FAILURE(st)) {
		ucal_close(cal);
		return NULL;
	}
	return cal;
}

/*
 * Calendars for zone_offset, kept per thread: opening one costs more than
 * everything else a date needs, and a build asks for the same one or two
 * zones thousands of times.  The free functions of datefmt.h take no
 * cache, so this one lives in thread-specific data, closed when its
 * thread ends.
 */
#define ZONE_CACHE	8

struct zonecache {
	char		 tz[ZONE_CACHE][ZONE_MAX];
	UCalendar	*cal[ZONE_CACHE];
	size_t		 n, next;
};

static pthread_key_t	 zc_key;
static pthread_once_t	 zc_once = PTHREAD_ONCE_INIT;

static void
zc_free(void *p)
{
	struct zonecache	*zc = p;
	size_t			 i;

	for (i = 0; i < zc->n; i++)
		ucal_close(zc->cal[i]);
	free(zc);
}

static void
zc_init(void)
{
	pthread_key_create(&zc_key, zc_free);
}

/* This thread's calendar for "tz" (owned by the cache), or NULL. */
static UCalendar *
zone_cal(const char *tz)
{
	struct zonecache	*zc;
	UCalendar		*cal;
	size_t			 i;

	if (strlen(tz) >= ZONE_MAX)
		return NULL;
	pthread_once(&zc_once, zc_init);
	if ((zc = pthread_getspecific(zc_key)) == NULL) {
		zc = xcalloc(1, sizeof(*zc));
		pthread_setspecific(zc_key, zc);
	}
	for (i = 0; i < zc->n; i++)
		if (strcmp(zc->tz[i], tz) == 0)
			return zc->cal[i];
	if ((cal = cal_open(tz, false)) == NULL)
		return NULL;
	if (zc->n < ZONE_CACHE)
		i = zc->n++;
	else {
		/* Full: replace the entries in turn. */
		i = zc->next++ % ZONE_CACHE;
		ucal_close(zc->cal[i]);
	}
	zc->cal[i] = cal;
	snprintf(zc->tz[i], ZONE_MAX, "%s", tz);
	return cal;
}

void
datefmt_shutdown(void)
{
	struct zonecache	*zc;

	pthread_once(&zc_once, zc_init);
	if ((zc = pthread_getspecific(zc_key)) != NULL) {
		pthread_setspecific(zc_key, NULL);
		zc_free(zc);
	}
	u_cleanup();
}

/*
 * The span around the last instant asked for in which a zone's offset
 * does not change (between two of its transitions), per thread: a build
 * asks for the offsets of thousands of nearby instants, and ICU computes
 * every calendar field for each.
 */
struct offspan {
	char	 tz[64];
	int64_t	 from, until;	/* [from, until), seconds */
	int	 off;
};

static __thread struct offspan	 span;

/* UTC offset of "tz" at instant t, in whole seconds; 0 if tz is unknown. */
static int
zone_offset(const char *tz, int64_t t)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UCalendar	*cal;
	UDate		 edge;
	int32_t		 off;

	if (span.tz[0] != '\0' && t >= span.from && t < span.until &&
	    strcmp(span.tz, tz) == 0)
		return span.off;
	if ((cal = zone_cal(tz)) == NULL)
		return 0;
	ucal_setMillis(cal, (UDate)t * 1000.0, &st);
	off = ucal_get(cal, UCAL_ZONE_OFFSET, &st) +
	    ucal_get(cal, UCAL_DST_OFFSET, &st);
	if (U_FAILURE(st))
		return 0;
	if (strlen(tz) < sizeof(span.tz)) {
		/* No transition on a side: the offset holds that way. */
		span.from = INT64_MIN;
		span.until = INT64_MAX;
		if (ucal_getTimeZoneTransitionDate(cal,
		    UCAL_TZ_TRANSITION_PREVIOUS_INCLUSIVE, &edge, &st) &&
		    U_SUCCESS(st))
			span.from = (int64_t)ceil(edge / 1000.0);
		if (ucal_getTimeZoneTransitionDate(cal,
		    UCAL_TZ_TRANSITION_NEXT, &edge, &st) && U_SUCCESS(st))
			span.until = (int64_t)ceil(edge / 1000.0);
		span.off = off / 1000;
		strcpy(span.tz, U_SUCCESS(st) && span.from <= t &&
		    t < span.until ? tz : "");
	}
	return off / 1000;
}

void
datefmt_local(struct datefmt_tm *tm, int64_t t, const char *tz)
{
	int64_t	 local, days, secs;

	/*
	 * Old local mean times have offsets in seconds (Los Angeles was
	 * -7:52:58); RFC 3339 offsets are minutes, so round toward zero and
	 * keep the wall time consistent with the offset shown.
	 */
	tm->offset = zone_offset(tz, t) / 60;
	local = t + (int64_t)tm->offset * 60;
	days = floor_div(local, 86400);
	secs = local - days * 86400;
	datefmt_civil(days, &tm->year, &tm->month, &tm->day);
	tm->hour = (int)(secs / 3600);
	tm->min = (int)(secs / 60 % 60);
	tm->sec = (int)(secs % 60);
	tm->wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01 was a Thursday */
}

void
datefmt_rfc3339(char out[32], int64_t t, const char *tz)
{
	struct datefmt_tm	 tm;
	int			 off;

	datefmt_local(&tm, t, tz);
	off = tm.offset < 0 ? -tm.offset : tm.offset;
	if (tm.offset == 0)
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.year,
		    tm.month, tm.day, tm.hour, tm.min, tm.sec);
	else
		snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    tm.year, tm.month, tm.day, tm.hour, tm.min, tm.sec,
		    tm.offset < 0 ? '-' : '+', off / 60, off % 60);
}

void
datefmt_rfc822(char out[40], int64_t t, const char *tz)
{
	struct datefmt_tm	 tm;
	int			 off;

	/* RFC 822 5.1 with RFC 1123's four-digit year. */
	datefmt_local(&tm, t, tz);
	off = tm.offset < 0 ? -tm.offset : tm.offset;
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d",
	    wdays[tm.wday], tm.day, months[tm.month - 1], tm.year, tm.hour,
	    tm.min, tm.sec, tm.offset < 0 ? '-' : '+', off / 60, off % 60);
}

void
datefmt_daykey(char out[11], int64_t t, const char *tz)
{
	struct datefmt_tm	 tm;
	char			 tmp[48];

	datefmt_local(&tm, t, tz);
	/* Years past 9999 cannot be parsed: the key is cut, never overrun. */
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", tm.year, tm.month,
	    tm.day);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

static void
versions_init(void)
{
	UVersionInfo	 v;
	UErrorCode	 st = U_ZERO_ERROR;

	u_getVersion(v);
	u_versionToString(v, icu_version);
	ulocdata_getCLDRVersion(v, &st);
	if (U_SUCCESS(st))
		u_versionToString(v, cldr_version);
	else
		strcpy(cldr_version, "unknown");
}

const char *
datefmt_icu_version(void)
{
	pthread_once(&version_once, versions_init);
	return icu_version;
}

const char *
datefmt_cldr_version(void)
{
	pthread_once(&version_once, versions_init);
	return cldr_version;
}

/* n digits at s, or -1. */
static int
digits(const char *s, int n)
{
	int	 v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* One or two digits at *pp (moved past them), or -1. */
static int
digits12(const char **pp)
{
	const char	*p = *pp;

	if (!is_digit(p[0]))
		return -1;
	if (is_digit(p[1])) {
		*pp = p + 2;
		return (p[0] - '0') * 10 + (p[1] - '0');
	}
	*pp = p + 1;
	return p[0] - '0';
}

/*
 * Zone abbreviations with one meaning in English-language blogs, as fixed
 * offsets (minutes east of UTC): those of RFC 5322 section 4.3 and the
 * common ones of Europe, Asia and Oceania.  Sorted for bsearch.  "IST"
 * (India, Ireland, Israel) and "AST" (Atlantic, Arabia) mean too much.
 */
static const struct abbrev {
	const char	*name;
	int		 off;
} abbrevs[] = {
	{ "ACDT", 630 }, { "ACST", 570 }, { "AEDT", 660 }, { "AEST", 600 },
	{ "AKDT", -480 }, { "AKST", -540 }, { "AWST", 480 }, { "BST", 60 },
	{ "CDT", -300 }, { "CEST", 120 }, { "CET", 60 }, { "CST", -360 },
	{ "EDT", -240 }, { "EEST", 180 }, { "EET", 120 }, { "EST", -300 },
	{ "GMT", 0 }, { "HKT", 480 }, { "HST", -600 }, { "JST", 540 },
	{ "KST", 540 }, { "MDT", -360 }, { "MSK", 180 }, { "MST", -420 },
	{ "NZDT", 780 }, { "NZST", 720 }, { "PDT", -420 }, { "PST", -480 },
	{ "SGT", 480 }, { "UT", 0 }, { "UTC", 0 }, { "WEST", 60 },
	{ "WET", 0 }, { "Z", 0 },
};

static int
abbrev_cmp(const void *key, const void *elt)
{
	return strcasecmp(key, ((const struct abbrev *)elt)->name);
}

/*
 * Whether tok[0..n) looks like a zone abbreviation: ICU knows the
 * three-letter ids of Java ("IST", "AST") as one zone each, which is
 * not what every writer means by them.
 */
static bool
is_abbrev(const char *tok, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (tok[i] < 'A' || tok[i] > 'Z')
			return false;
	return n <= 5;
}

/*
 * A numeric offset at *pp: +HH:MM, +HHMM or +HH (and -).  Returns NULL
 * and moves *pp past it, or what was expected ("" for a syntax error).
 */
static const char *
parse_offset(struct fields *f, const char **pp)
{
	const char	*p = *pp;
	int		 sign = *p == '-' ? -1 : 1, oh, om = 0;

	if ((oh = digits(p + 1, 2)) < 0)
		return "";
	p += 3;
	if (*p == ':') {
		if ((om = digits(p + 1, 2)) < 0)
			return "";
		p += 3;
	} else if (is_digit(*p)) {
		if ((om = digits(p, 2)) < 0)
			return "";
		p += 2;
	}
	if (oh > 23 || om > 59)
		return "expected a UTC offset from -23:59 to +23:59";
	f->off = sign * (oh * 60 + om);
	f->has_off = true;
	*pp = p;
	return NULL;
}

/*
 * A zone at *pp: a numeric offset (after UTC or GMT too: "GMT+02:00"),
 * an abbreviation of abbrevs[] or an IANA name.  After a
 * numeric offset, a name as Go and Ruby print it ("-0700 MST") is taken
 * and ignored: the offset says it all.
 */
static const char *
parse_zone(struct fields *f, const char **pp, char *zerr)
{
	const char		*p = *pp, *q, *want;
	const struct abbrev	*ab;
	char			 tok[ZONE_MAX];
	size_t			 n;

	if ((strncasecmp(p, "UTC", 3) == 0 || strncasecmp(p, "GMT", 3) == 0) &&
	    (p[3] == '+' || p[3] == '-'))
		p += 3;
	if (*p == '+' || *p == '-') {
		if ((want = parse_offset(f, &p)) != NULL)
			return want;
		q = p;
		while (is_blank(*q))
			q++;
		if (q > p && (is_alpha(*q) || *q == '+' || *q == '-')) {
			while (*q != '\0' && !is_blank(*q))
				q++;
			p = q;
		}
		*pp = p;
		return NULL;
	}
	for (q = p; is_alpha(*q) || is_digit(*q) || *q == '/' || *q == '_' ||
	    *q == '-' || *q == '+'; q++)
		continue;
	n = (size_t)(q - p);
	if (n == 0 || n >= sizeof(tok) || !is_alpha(*p))
		return "";
	memcpy(tok, p, n);
	tok[n] = '\0';
	if ((ab = bsearch(tok, abbrevs, sizeof(abbrevs) /
	    sizeof(abbrevs[0]), sizeof(abbrevs[0]), abbrev_cmp)) != NULL) {
		f->off = ab->off;
		f->has_off = true;
	} else if (!is_abbrev(tok, n) && datefmt_zone_known(tok)) {
		memcpy(f->zone, tok, n + 1);
	} else {
		echo(zerr, tok);
		return "unknown time zone";
	}
	*pp = p + n;
	return NULL;
}

/* H[H]:MM[:SS[.fraction]] at *pp. */
static const char *
parse_time(struct fields *f, const char **pp)
{
	const char	*p = *pp;

	if ((f->h = digits12(&p)) < 0 || *p != ':' ||
	    (f->mi = digits(p + 1, 2)) < 0)
		return "";
	f->has_time = true;
	p += 3;
	if (*p == ':') {
		if ((f->s = digits(p + 1, 2)) < 0)
			return "";
		f->has_sec = true;
		p += 3;
		if (*p == '.' || *p == ',') {
			if (!is_digit(p[1]))
				return "";
			/* Fractions of a second are dropped. */
			for (p++; is_digit(*p); p++)
				continue;
		}
	}
	*pp = p;
	return NULL;
}

static const char *const month_names[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};

/* A month's English name or its first three letters: 1-12, or -1. */
static int
month_number(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < 12; i++)
		if ((n == 3 || n == strlen(month_names[i])) &&
		    strncasecmp(s, month_names[i], n) == 0)
			return (int)i + 1;
	return -1;
}

/* "Mon, 06 May 2013 02:12:52 +0200" (RFC 5322 3.3, weekday optional). */
static const char *
parse_mail(struct fields *f, const char **pp, char *zerr)
{
	const char	*p = *pp, *q;
	const char	*want;

	if (is_alpha(*p)) {
		while (is_alpha(*p))
			p++;
		if (*p == ',')
			p++;
		if (!is_blank(*p))
			return "";
		while (is_blank(*p))
			p++;
	}
	if ((f->d = digits12(&p)) < 0 || !is_blank(*p))
		return "";
	while (is_blank(*p))
		p++;
	for (q = p; is_alpha(*q); q++)
		continue;
	if ((f->mo = month_number(p, (size_t)(q - p))) < 0 || !is_blank(*q))
		return "";
	for (p = q; is_blank(*p); p++)
		continue;
	if ((f->y = digits(p, 4)) < 0)
		return "";
	p += 4;
	if (is_blank(*p)) {
		while (is_blank(*p))
			p++;
		if ((want = parse_time(f, &p)) != NULL)
			return want;
		while (is_blank(*p))
			p++;
		if (*p != '\0' && (want = parse_zone(f, &p, zerr)) != NULL)
			return want;
	}
	*pp = p;
	return NULL;
}

/*
 * The syntax of datefmt.h.  Blanks around the text are ignored.  Returns
 * NULL, or what was expected ("" for a syntax error; then the caller
 * lists the forms).  "zerr" receives an unknown zone name as written.
 */
static const char *
parse_fields(struct fields *f, const char *s, char *zerr)
{
	const char	*p = s, *q, *want;
	size_t		 n;
	char		 buf[128];

	memset(f, 0, sizeof(*f));
	while (is_blank(*p))
		p++;
	n = strlen(p);
	while (n > 0 && is_blank(p[n - 1]))
		n--;
	if (n == 0 || n >= sizeof(buf))
		return "";
	memcpy(buf, p, n);
	buf[n] = '\0';
	p = buf;
	if (is_alpha(*p) || (is_digit(p[0]) && (is_blank(p[1]) ||
	    (is_digit(p[1]) && is_blank(p[2]))))) {
		if ((want = parse_mail(f, &p, zerr)) != NULL)
			return want;
	} else {
		if ((f->y = digits(p, 4)) < 0 || p[4] != '-')
			return "";
		p += 5;
		if ((f->mo = digits12(&p)) < 0 || *p != '-')
			return "";
		p++;
		if ((f->d = digits12(&p)) < 0)
			return "";
		if (*p == 'T' || *p == 't') {
			p++;
			if ((want = parse_time(f, &p)) != NULL)
				return want;
		} else if (is_blank(*p)) {
			while (is_blank(*p))
				p++;
			if (is_digit(*p) && (want = parse_time(f, &p)) != NULL)
				return want;
		} else if (*p != '\0')
			return "";
		/* Ruby's "18:30:22 2023 -0800": the year again, as a word. */
		for (q = p; is_blank(*q); q++)
			continue;
		if (f->has_time && q > p && digits(q, 4) == f->y &&
		    (q[4] == '\0' || is_blank(q[4])))
			p = q + 4;
		while (is_blank(*p))
			p++;
		if (*p != '\0') {
			if (!f->has_time && !is_alpha(*p))
				return "";
			if ((want = parse_zone(f, &p, zerr)) != NULL)
				return want;
		}
	}
	if (*p != '\0')
		return "";
	if (f->y < 1)
		return "expected a year from 0001 to 9999";
	if (f->mo < 1 || f->mo > 12)
		return "expected a month from 01 to 12";
	if (f->d < 1 || f->d > days_in_month(f->y, f->mo))
		return days_in_month(f->y, f->mo) == 31 ?
		    "expected a day from 01 to 31" :
		    days_in_month(f->y, f->mo) == 30 ?
		    "expected a day from 01 to 30" :
		    days_in_month(f->y, f->mo) == 29 ?
		    "expected a day from 01 to 29" :
		    "expected a day from 01 to 28";
	if (f->h > 23)
		return "expected an hour from 00 to 23";
	if (f->mi > 59)
		return "expected minutes from 00 to 59";
	if (f->s > 59)
		return "expected seconds from 00 to 59";
	return NULL;
}

/* Wall time of "f" in "cal" under the given overlap/gap rules, in ms. */
static UDate
wall_millis(UCalendar *cal, const struct fields *f, UCalendarWallTimeOption
    repeated, UCalendarWallTimeOption skipped, UErrorCode *st)
{
	ucal_setAttribute(cal, UCAL_REPEATED_WALL_TIME, repeated);
	ucal_setAttribute(cal, UCAL_SKIPPED_WALL_TIME, skipped);
	ucal_clear(cal);
	ucal_setDateTime(cal, f->y, f->mo - 1, f->d, f->h, f->mi, f->s, st);
	return ucal_getMillis(cal, st);
}

/* DST offset (ms) in effect at instant "ms". */
static int32_t
dst_at(UCalendar *cal, UDate ms, UErrorCode *st)
{
	ucal_setMillis(cal, ms, st);
	return ucal_get(cal, UCAL_DST_OFFSET, st);
}

/*
 * Resolve local fields in "tz".  A wall time in a gap reads with the
 * offset in effect before the gap (UCAL_WALLTIME_LAST), which moves it
 * forward by the gap's length; one in an overlap takes the first
 * occurrence (UCAL_WALLTIME_FIRST).  Both cases are found by comparing,
 * not assumed from ICU's options: an overlap gives two instants under
 * FIRST and LAST, a gap gives fields that differ from the input.
 */
static int
resolve_local(int64_t *t, const struct fields *f, const char *text,
    const char *tz, const char *path, unsigned line, unsigned col,
    struct diags *d)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UCalendar	*cal;
	UDate		 first, last, next;
	int32_t		 y, mo, dd, h, mi, s, before, after, off;
	char		 e[ECHO_SIZE], tzq[ECHO_SIZE];
	char		 readas[32];
	int		 rc = -1;

	echo(e, text);
	echo(tzq, tz);
	if ((cal = cal_open(tz, true)) == NULL)
		return diag_error(d, path, line, col,
		    "timezone: unknown time zone \"%s\"", tzq);
	first = wall_millis(cal, f, UCAL_WALLTIME_FIRST, UCAL_WALLTIME_LAST,
	    &st);
	y = ucal_get(cal, UCAL_EXTENDED_YEAR, &st);
	mo = ucal_get(cal, UCAL_MONTH, &st) + 1;
	dd = ucal_get(cal, UCAL_DATE, &st);
	h = ucal_get(cal, UCAL_HOUR_OF_DAY, &st);
	mi = ucal_get(cal, UCAL_MINUTE, &st);
	s = ucal_get(cal, UCAL_SECOND, &st);
	last = wall_millis(cal, f, UCAL_WALLTIME_LAST, UCAL_WALLTIME_LAST,
	    &st);
	next = wall_millis(cal, f, UCAL_WALLTIME_FIRST,
	    UCAL_WALLTIME_NEXT_VALID, &st);
	if (U_FAILURE(st)) {
		rc = diag_error(d, path, line, col, "date: cannot resolve "
		    "\"%s\" in %s: %s", e, tzq, u_errorName(st));
		goto out;
	}
	if (y != f->y || mo != f->mo || dd != f->d || h != f->h ||
	    mi != f->mi || s != f->s) {
		/* "next" is the first valid instant: the end of the gap. */
		before = dst_at(cal, next - 1.0, &st);
		after = dst_at(cal, next, &st);
		if (y != f->y || mo != f->mo || dd != f->d)
			snprintf(readas, sizeof(readas),
			    "%04d-%02d-%02d %02d:%02d", (int)y, (int)mo,
			    (int)dd, (int)h, (int)mi);
		else
			snprintf(readas, sizeof(readas), "%02d:%02d",
			    (int)h, (int)mi);
		if (f->has_sec)
			snprintf(readas + strlen(readas),
			    sizeof(readas) - strlen(readas), ":%02d", (int)s);
		diag_warning(d, path, line, col, "date: %s does not exist in "
		    "%s (%s); read as %s", e, tzq, after > before ?
		    "daylight saving time starts" : "the UTC offset changes",
		    readas);
	} else if (first != last) {
		before = dst_at(cal, first, &st);
		off = (ucal_get(cal, UCAL_ZONE_OFFSET, &st) + before) / 60000;
		after = dst_at(cal, last, &st);
		diag_warning(d, path, line, col, "date: %s occurs twice in %s "
		    "(%s); read as the first, %c%02d:%02d", e, tzq,
		    before > after ? "daylight saving time ends" :
		    "the UTC offset changes", off < 0 ? '-' : '+',
		    (int)(off < 0 ? -off : off) / 60,
		    (int)(off < 0 ? -off : off) % 60);
	}
	*t = floor_div((int64_t)first, 1000);
	rc = 0;
out:
	ucal_close(cal);
	return rc;
}

int
datefmt_parse(int64_t *t, const char *text, const char *tz,
    const char *path, unsigned line, unsigned col, struct diags *d)
{
	struct fields	 f;
	const char	*want;
	char		 e[ECHO_SIZE], zerr[ECHO_SIZE];

	if ((want = parse_fields(&f, text, zerr)) != NULL) {
		echo(e, text);
		if (strcmp(want, "unknown time zone") == 0)
			return diag_error(d, path, line, col,
			    "date: cannot read \"%s\": unknown time zone "
			    "\"%s\"; write an offset (+02:00), an IANA name "
			    "(Europe/Madrid) or a common abbreviation (CET, "
			    "PST, UTC)", e, zerr);
		if (want[0] != '\0')
			return diag_error(d, path, line, col,
			    "date: cannot read \"%s\": %s", e, want);
		return diag_error(d, path, line, col,
		    "date: cannot read \"%s\"; write it as %s", e,
		    DATEFMT_FORMS);
	}
	if (f.has_off) {
		*t = datefmt_days_from_civil(f.y, f.mo, f.d) * 86400 +
		    f.h * 3600 + f.mi * 60 + f.s - (int64_t)f.off * 60;
		return 0;
	}
	return resolve_local(t, &f, text, f.zone[0] != '\0' ? f.zone : tz,
	    path, line, col, d);
}

/*
 * Pattern letters of UTS 35 (ICU 72).  Skeletons also take j, J and C,
 * which stand for the locale's preferred hour cycle.
 */
static const char pattern_letters[] =
    "GyYuUrQqMLlwWdDFgEecabBhHKkmsSAzZOvVXx";

static const char *
check_pattern(const char *s, bool skeleton)
{
	bool	 quoted = false;

	if (*s == '\0')
		return "is empty";
	for (; *s != '\0'; s++) {
		if (*s == '\'') {
			if (skeleton)
				return "has a quote (skeletons are letters)";
			quoted = !quoted;
		} else if (quoted)
			continue;
		else if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) {
			if (strchr(pattern_letters, *s) == NULL &&
			    (!skeleton || strchr("jJC", *s) == NULL))
				return skeleton ? "has a letter that is not "
				    "a skeleton field" : "has a letter that is "
				    "not a pattern field (quote text with ')";
		} else if (skeleton)
			return "has a character that is not a letter";
	}
	return quoted ? "has an unterminated quote" : NULL;
}

/* The shared checks of datefmt_spec_check and datefmt_format. */
static int
spec_check(const struct datefmt_spec *spec, const char *path, unsigned line,
    unsigned col, struct diags *d)
{
	const char	*why;
	char		 e[ECHO_SIZE];
	size_t		 i;

	assert(spec->locale != NULL && spec->tz != NULL && spec->text != NULL);
	if (!datefmt_zone_known(spec->tz)) {
		echo(e, spec->tz);
		return diag_error(d, path, line, col,
		    "timezone: unknown time zone \"%s\"", e);
	}
	if (!datefmt_locale_known(spec->locale)) {
		echo(e, spec->locale);
		return diag_error(d, path, line, col,
		    "date format: unknown locale \"%s\"", e);
	}
	echo(e, spec->text);
	switch (spec->kind) {
	case DATEFMT_STYLE:
		for (i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
			if (strcmp(spec->text, styles[i]) == 0)
				return 0;
		return diag_error(d, path, line, col, "date format: unknown "
		    "style \"%s\": expected full, long, medium or short", e);
	case DATEFMT_PATTERN:
	case DATEFMT_SKELETON:
		if ((why = check_pattern(spec->text,
		    spec->kind == DATEFMT_SKELETON)) != NULL)
			return diag_error(d, path, line, col,
			    "date format: %s \"%s\" %s",
			    spec->kind == DATEFMT_SKELETON ? "skeleton" :
			    "pattern", e, why);
		return 0;
	}
	return diag_error(d, path, line, col, "date format: unknown kind");
}

int
datefmt_spec_check(const struct datefmt_spec *spec, const char *path,
    unsigned line, unsigned col, struct diags *d)
{
	return spec_check(spec, path, line, col, d);
}

struct datefmt *
datefmt_new(void)
{
	return xcalloc(1, sizeof(struct datefmt));
}

void
datefmt_free(struct datefmt *df)
{
	size_t	 i;

	if (df == NULL)
		return;
	for (i = 0; i < df->n; i++) {
		udat_close(df->v[i].f);
		free(df->v[i].text);
		free(df->v[i].locale);
		free(df->v[i].tz);
	}
	for (i = 0; i < df->niv; i++) {
		udtitvfmt_close(df->iv[i].f);
		free(df->iv[i].skeleton);
		free(df->iv[i].locale);
		free(df->iv[i].tz);
	}
	free(df->iv);
	free(df->v);
	free(df);
}

/*
 * Open a formatter for a checked spec.  The locale carries the zone as
 * its "timezone" keyword: udat_open builds its calendar in the locale's
 * zone before adopting the one passed, and without the keyword that
 * first zone would be read from the machine.
 */
static UDateFormat *
fmt_open(const struct datefmt_spec *spec, struct diags *d)
{
	UErrorCode			 st = U_ZERO_ERROR;
	UDateTimePatternGenerator	*gen = NULL;
	UDateFormat			*f = NULL;
	UCalendar			*cal = NULL;
	UChar				 z[ZONE_MAX], *pat = NULL, *best = NULL;
	char				 loc[DATEFMT_LOCALE_MAX + 160];
	char				 e[ECHO_SIZE];
	int32_t				 n;
	size_t				 i;

	/* Room for "@timezone=" and a zone id shorter than ZONE_MAX. */
	datefmt_icu_pin();
	datefmt_locale_resolve(loc, spec->locale);
	uloc_setKeywordValue("timezone", spec->tz, loc, sizeof(loc), &st);
	zone_u16(z, spec->tz);
	switch (spec->kind) {
	case DATEFMT_STYLE:
		for (i = 0; strcmp(spec->text, styles[i]) != 0; i++)
			continue;
		f = udat_open(UDAT_NONE, style_vals[i], loc, z, -1, NULL, -1,
		    &st);
		break;
	case DATEFMT_SKELETON:
		pat = ustr_from_utf8(spec->text, strlen(spec->text), NULL);
		gen = udatpg_open(loc, &st);
		n = udatpg_getBestPattern(gen, pat, -1, NULL, 0, &st);
		if (st == U_BUFFER_OVERFLOW_ERROR)
			st = U_ZERO_ERROR;
		best = xmalloc(((size_t)n + 1) * sizeof(*best));
		udatpg_getBestPattern(gen, pat, -1, best, n + 1, &st);
		f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, z, -1, best, -1,
		    &st);
		break;
	case DATEFMT_PATTERN:
		pat = ustr_from_utf8(spec->text, strlen(spec->text), NULL);
		f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, z, -1, pat, -1,
		    &st);
		break;
	}
	if (U_SUCCESS(st)) {
		cal = ucal_clone(udat_getCalendar(f), &st);
		ucal_setGregorianChange(cal, PURE_GREGORIAN, &st);
		/* Non-Gregorian calendars (ja@calendar=japanese) have none. */
		if (st == U_UNSUPPORTED_ERROR)
			st = U_ZERO_ERROR;
		else
			udat_setCalendar(f, cal);
	}
	if (U_FAILURE(st)) {
		echo(e, spec->text);
		diag_error(d, NULL, 0, 0, "date format: cannot open \"%s\" "
		    "for %s: %s", e, spec->locale, u_errorName(st));
		udat_close(f);
		f = NULL;
	}
	ucal_close(cal);
	free(best);
	free(pat);
	udatpg_close(gen);
	return f;
}

int
datefmt_format(struct buf *out, struct datefmt *df,
    const struct datefmt_spec *spec, int64_t t, struct diags *d)
{
	UErrorCode	 st = U_ZERO_ERROR;
	struct fmtent	*ent = NULL;
	UChar		 small[128], *u = small;
	int32_t		 n;
	size_t		 i;
	int		 rc = -1;

	for (i = 0; i < df->n; i++) {
		ent = &df->v[i];
		if (ent->kind == spec->kind &&
		    strcmp(ent->text, spec->text) == 0 &&
		    strcmp(ent->locale, spec->locale) == 0 &&
		    strcmp(ent->tz, spec->tz) == 0)
			break;
	}
	if (i == df->n) {
		if (spec_check(spec, NULL, 0, 0, d) < 0)
			return -1;
		if (df->n == df->cap) {
			df->cap = df->cap ? df->cap * 2 : 8;
			df->v = xrealloc(df->v, df->cap * sizeof(*df->v));
		}
		ent = &df->v[df->n];
		if ((ent->f = fmt_open(spec, d)) == NULL)
			return -1;
		ent->kind = spec->kind;
		ent->text = xstrdup(spec->text);
		ent->locale = xstrdup(spec->locale);
		ent->tz = xstrdup(spec->tz);
		df->n++;
	}
	n = udat_format(ent->f, (UDate)t * 1000.0, u, 128, NULL, &st);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		st = U_ZERO_ERROR;
		u = xmalloc(((size_t)n + 1) * sizeof(*u));
		n = udat_format(ent->f, (UDate)t * 1000.0, u, n + 1, NULL,
		    &st);
	}
	if (U_FAILURE(st)) {
		diag_error(d, NULL, 0, 0, "date format: cannot format: %s",
		    u_errorName(st));
		goto out;
	}
	ustr_put_utf8(out, u, n);
	rc = 0;
out:
	if (u != small)
		free(u);
	return rc;
}

/* Open an interval formatter for a checked skeleton, locale and zone. */
static UDateIntervalFormat *
itv_open(const char *skeleton, const char *locale, const char *tz,
    struct diags *d)
{
	UErrorCode		 st = U_ZERO_ERROR;
	UDateIntervalFormat	*f;
	UChar			 z[ZONE_MAX], *sk;
	char			 loc[DATEFMT_LOCALE_MAX + 160];
	char			 e[ECHO_SIZE];

	/* As in fmt_open: the keyword keeps ICU off the machine's zone. */
	datefmt_locale_resolve(loc, locale);
	uloc_setKeywordValue("timezone", tz, loc, sizeof(loc), &st);
	zone_u16(z, tz);
	sk = ustr_from_utf8(skeleton, strlen(skeleton), NULL);
	f = udtitvfmt_open(loc, sk, -1, z, -1, &st);
	free(sk);
	if (U_FAILURE(st)) {
		echo(e, skeleton);
		diag_error(d, NULL, 0, 0, "date format: cannot open interval "
		    "\"%s\" for %s: %s", e, locale, u_errorName(st));
		udtitvfmt_close(f);
		return NULL;
	}
	return f;
}

/* Byte length of UTF-16 u[0..n) in UTF-8, as ustr_put_utf8 writes it. */
static size_t
u8len(const UChar *u, int32_t n)
{
	UErrorCode	 st = U_ZERO_ERROR;
	int32_t		 len = 0;

	u_strToUTF8WithSub(NULL, 0, &len, u, n, 0xfffd, NULL, &st);
	return len > 0 ? (size_t)len : 0;
}

int
datefmt_interval(struct buf *out, struct datefmt_span spans[2],
    struct datefmt *df, const char *skeleton, const char *locale,
    const char *tz, int64_t from, int64_t until, struct diags *d)
{
	UErrorCode			 st = U_ZERO_ERROR;
	struct datefmt_spec		 spec = { DATEFMT_SKELETON, skeleton,
					    locale, tz };
	struct itvent			*ent = NULL;
	UFormattedDateInterval		*res = NULL;
	UConstrainedFieldPosition	*pos = NULL;
	const UFormattedValue		*val;
	const UChar			*u;
	int32_t				 n, field, b, e;
	size_t				 i;
	int				 rc = -1;

	if (spans != NULL)
		memset(spans, 0, 2 * sizeof(*spans));
	for (i = 0; i < df->niv; i++) {
		ent = &df->iv[i];
		if (strcmp(ent->skeleton, skeleton) == 0 &&
		    strcmp(ent->locale, locale) == 0 &&
		    strcmp(ent->tz, tz) == 0)
			break;
	}
	if (i == df->niv) {
		if (spec_check(&spec, NULL, 0, 0, d) < 0)
			return -1;
		if (df->niv == df->capiv) {
			df->capiv = df->capiv ? df->capiv * 2 : 4;
			df->iv = xrealloc(df->iv, df->capiv * sizeof(*df->iv));
		}
		ent = &df->iv[df->niv];
		if ((ent->f = itv_open(skeleton, locale, tz, d)) == NULL)
			return -1;
		ent->skeleton = xstrdup(skeleton);
		ent->locale = xstrdup(locale);
		ent->tz = xstrdup(tz);
		df->niv++;
	}
	res = udtitvfmt_openResult(&st);
	udtitvfmt_formatToResult(ent->f, (UDate)from * 1000.0,
	    (UDate)until * 1000.0, res, &st);
	val = udtitvfmt_resultAsValue(res, &st);
	u = ufmtval_getString(val, &n, &st);
	if (U_FAILURE(st)) {
		diag_error(d, NULL, 0, 0, "date format: cannot format "
		    "interval: %s", u_errorName(st));
		goto out;
	}
	/* Span 0 shows "from", span 1 "until" (UFIELD_CATEGORY_...SPAN). */
	if (spans != NULL) {
		pos = ucfpos_open(&st);
		ucfpos_constrainCategory(pos,
		    UFIELD_CATEGORY_DATE_INTERVAL_SPAN, &st);
		while (U_SUCCESS(st) && ufmtval_nextPosition(val, pos, &st)) {
			field = ucfpos_getField(pos, &st);
			ucfpos_getIndexes(pos, &b, &e, &st);
			if (U_FAILURE(st) || field < 0 || field > 1)
				continue;
			spans[field].start = u8len(u, b);
			spans[field].end = u8len(u, e);
		}
		if (U_FAILURE(st)) {
			diag_error(d, NULL, 0, 0, "date format: cannot find "
			    "the interval's ends: %s", u_errorName(st));
			goto out;
		}
	}
	ustr_put_utf8(out, u, n);
	rc = 0;
out:
	ucfpos_close(pos);
	udtitvfmt_closeResult(res);
	return rc;
}
