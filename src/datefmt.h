/*
 * datefmt: instants, time zones and localized dates, all through ICU.
 *
 * An instant is an int64_t count of seconds since 1970-01-01T00:00:00Z.
 * Zones are IANA names ("America/Los_Angeles"); locales are ICU/BCP 47
 * ("es", "en_US", "pt-BR").  Nothing here reads the machine's own zone or
 * locale: every call says which it wants.
 *
 * A "struct datefmt" caches ICU formatters; it belongs to one thread.
 * The free functions are thread-safe.
 */
#ifndef HERALDO_DATEFMT_H
#define HERALDO_DATEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct diags;
struct datefmt;

enum datefmt_kind {
	DATEFMT_STYLE,		/* "full", "long", "medium", "short": dates */
	DATEFMT_PATTERN,	/* ICU pattern: "dd MMM yyyy hh:mm a zzz" */
	DATEFMT_SKELETON	/* ICU skeleton: "yMMMM" */
};

/*
 * A named format from site.yaml; strings are borrowed.  None is NULL:
 * the caller fills in the site's locale and zone where the format has
 * none of its own.
 */
struct datefmt_spec {
	enum datefmt_kind	 kind;
	const char		*text;
	const char		*locale;
	const char		*tz;
};

/* Broken-down local time in a zone. */
struct datefmt_tm {
	int	year, month, day;	/* month 1-12, day 1-31 */
	int	hour, min, sec;
	int	wday;			/* 0 = Sunday */
	int	offset;			/* minutes east of UTC, DST included */
};

/* A per-thread formatter cache; never NULL.  datefmt_free accepts NULL. */
struct datefmt	*datefmt_new(void);
void		 datefmt_free(struct datefmt *);

/*
 * Set ICU's process-wide default zone (Etc/UTC) and locale (en_US_POSIX)
 * once, before ICU would read TZ, /etc/localtime or LANG to make them.
 * heraldo always passes explicit zones and locales; this only keeps ICU's
 * own internal uses of its defaults off the machine.  Every module that
 * calls ICU calls this first (datefmt_locale_resolve does); thread-safe.
 */
void	datefmt_icu_pin(void);

/*
 * Release what ICU and this thread's calendars hold, once, at the end of
 * the program (after every other thread is gone and every struct
 * datefmt, textctx and i18n is freed), so that leak checkers see a
 * clean exit.
 */
void	datefmt_shutdown(void);

/* Whether ICU knows the zone (an IANA name or an alias of one). */
bool	datefmt_zone_known(const char *tz);

/* Whether ICU has data for the locale (its language at least). */
bool	datefmt_locale_known(const char *locale);

/* Room for a resolved ICU locale name (ICU's ULOC_FULLNAME_CAPACITY). */
#define DATEFMT_LOCALE_MAX	157

/*
 * The ICU name of "locale" ("pt-BR" becomes "pt_BR") in "out", or "root"
 * when ICU has no data for its language.  ICU looks up an unknown
 * language's data in the process's default locale (LANG) before root;
 * every ICU call in heraldo takes a resolved name so that never happens.
 */
void	datefmt_locale_resolve(char out[DATEFMT_LOCALE_MAX],
	    const char *locale);

/*
 * The forms datefmt_parse reads, one example each, for messages.
 */
#define DATEFMT_FORMS \
	"2024-05-06 (a day, at midnight), 2024-05-06 14:30 or " \
	"2024-05-06 14:30:00 (local time), 2024-05-06T14:30:00+02:00 or " \
	"2024-05-06 14:30:00 +0200 (with the UTC offset), " \
	"2024-05-06 14:30 Europe/Madrid or 2024-05-06 14:30 CET (with a " \
	"time zone), or Mon, 06 May 2024 14:30:00 +0200 (as in email)"

/*
 * Parse a front matter date, in any form Jekyll (Ruby's Time.parse),
 * Hugo and Zola read in real blogs:
 *
 *   2012-12-19                      a day, at midnight
 *   2012-12-19 12:56, 2012-12-19T12:56:00, 2012-12-19 5:00:00.123
 *                                   local time: one- or two-digit hour,
 *                                   seconds and fractions optional
 *   ... followed by a zone:         Z, +02:00, +0200, +02, UTC, GMT,
 *                                   GMT+02:00, an abbreviation of one
 *                                   meaning (PST, PDT, EST, EDT, CST,
 *                                   CET, CEST, JST, AEST ...: fixed
 *                                   offsets) or an IANA name
 *                                   (America/New_York, through ICU)
 *   2013-05-06 02:12:52 +0200 CEST  Go's form: the name after an offset
 *                                   is ignored
 *   2023-01-29 18:30:22 2023 -0800  the year repeated before the zone
 *   Mon, 06 May 2013 02:12:52 +0200 RFC 5322 (weekday optional)
 *
 * Month and day may have one digit ("2013-5-6"), the date and time may
 * be parted by "T", "t" or blanks, and blanks around the text are
 * ignored.  Fractions of a second are dropped.  Years run from 0001 to
 * 9999.  A date with an offset or zone abbreviation never looks at
 * "tz"; one with an IANA name is read in that zone; any other is read
 * in zone "tz" with its daylight-saving rules.
 *
 * A local time in a spring-forward gap is moved forward by the gap, with
 * a warning:
 *   date: 2012-03-11 02:30 does not exist in America/Los_Angeles
 *   (daylight saving time starts); read as 03:30
 * An ambiguous fall-back time takes the first (daylight) occurrence:
 *   date: 2012-11-04 01:30 occurs twice in America/Los_Angeles
 *   (daylight saving time ends); read as the first, -07:00
 * Errors name the input and what was expected:
 *   date: cannot read "2012-13-40": expected a month from 01 to 12
 *   date: cannot read "soon"; write it as 2024-05-06 (a day, ...
 *   (DATEFMT_FORMS)
 *   timezone: unknown time zone "Mars/Olympus"
 * All are recorded at path:line:col.  Returns 0 and *t, or -1.
 */
int	datefmt_parse(int64_t *t, const char *text, const char *tz,
	    const char *path, unsigned line, unsigned col, struct diags *d);

/*
 * Check a format spec: a known zone and locale, a style name, and a
 * pattern or skeleton made of UTS 35 field letters (ICU itself takes any
 * text, and formats unknown letters as nothing).  Records an error at
 * path:line:col if it is unusable.
 */
int	datefmt_spec_check(const struct datefmt_spec *, const char *path,
	    unsigned line, unsigned col, struct diags *d);

/*
 * Append instant "t" formatted by "spec" (UTF-8).  Styles format the date
 * alone; skeletons become the locale's best pattern (udatpg).  The first
 * use of a spec checks it as datefmt_spec_check does and caches its ICU
 * formatter in "df".  Returns 0, or -1 after recording an error with no
 * place.
 */
int	datefmt_format(struct buf *out, struct datefmt *,
	    const struct datefmt_spec *spec, int64_t t, struct diags *d);

/* A byte range [start, end) of formatted text. */
struct datefmt_span {
	size_t	 start, end;
};

/*
 * Append the interval from "from" to "until" (instants, until >= from)
 * as ICU's date interval formatter (udtitvfmt) writes it for "skeleton"
 * in "locale" and zone "tz": the fields both ends share are written once
 * ("24–26 de diciembre de 2012", "24 dic 2012, 17:00–20:00 GMT-5"), and
 * ends that format alike give one date ("29 de marzo de 2013").  The
 * skeleton's fields are UTS 35 letters ("yMMMMd", "yMMMdjmz").  When
 * "spans" is not NULL, spans[0] and spans[1] receive the byte ranges of
 * the text showing "from" and "until", relative to where this call began
 * appending; both are {0, 0} when the interval formats as one date.
 * ICU's calendar here switches to Julian dates before 1582-10-15.  The
 * first use of a skeleton, locale and zone checks them as
 * datefmt_spec_check does and caches ICU's formatter in "df".  Returns
 * 0, or -1 after recording an error with no place.
 */
int	datefmt_interval(struct buf *out, struct datefmt_span spans[2],
	    struct datefmt *, const char *skeleton, const char *locale,
	    const char *tz, int64_t from, int64_t until, struct diags *d);

/* Local time of "t" in "tz" (UTC if tz is unknown). */
void	datefmt_local(struct datefmt_tm *tm, int64_t t, const char *tz);

/*
 * The proleptic Gregorian date of day "day" counted from 1970-01-01 (day
 * 0), for any day: calendar arithmetic needs no zone and no ICU.
 */
void	datefmt_civil(int64_t day, int *y, int *m, int *d);

/* The day (counted from 1970-01-01) of a proleptic Gregorian date. */
int64_t	datefmt_days_from_civil(int64_t y, int m, int d);

/* RFC 3339 in the zone's offset: "2012-12-19T12:56:00-08:00". */
void	datefmt_rfc3339(char out[32], int64_t t, const char *tz);

/*
 * RFC 822 (four-digit year) in English with the zone's offset:
 * "Wed, 19 Dec 2012 12:56:00 -0800".
 */
void	datefmt_rfc822(char out[40], int64_t t, const char *tz);

/* "YYYY-MM-DD" of "t" in "tz": the key that groups posts into days. */
void	datefmt_daykey(char out[11], int64_t t, const char *tz);

/* ICU's version ("72.1") and its CLDR data version ("42.0"). */
const char *datefmt_icu_version(void);
const char *datefmt_cldr_version(void);

#endif /* !HERALDO_DATEFMT_H */
