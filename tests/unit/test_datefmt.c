/*
 * Unit tests for datefmt: parsing front matter dates in a zone, the
 * daylight-saving edge cases, and ICU formatting by style, pattern and
 * skeleton in several locales.
 *
 * Expectations marked "CLDR 42" come from ICU 72's locale data and may
 * move with a newer CLDR (month abbreviations, the U+202F NARROW NO-BREAK
 * SPACE that CLDR 42 put before AM/PM in default time formats, zone
 * names).  Expectations without the mark are locale-independent: RFC
 * 3339/822 strings, instants, and the diagnostics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>

#include "buf.h"
#include "datefmt.h"
#include "diag.h"
#include "testutil.h"

/* 2012-12-19T12:56:00-08:00 */
#define T_DEC19		INT64_C(1355950560)
/* 2012-10-29T10:08:00-07:00 */
#define T_OCT29		INT64_C(1351530480)
/* 2012-12-20T16:00:00-08:00 */
#define T_DEC20		INT64_C(1356048000)

#define LA	"America/Los_Angeles"

struct fx {
	struct diags	*d;
	struct datefmt	*df;
	struct buf	 b;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	f->d = diags_new();
	f->df = datefmt_new();
	buf_init(&f->b);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	datefmt_free(f->df);
	diags_free(f->d);
	buf_free(&f->b);
	free(f);
	return 0;
}

static void
reset(struct fx *f)
{
	diags_free(f->d);
	f->d = diags_new();
	buf_reset(&f->b);
}

static void
expect_diags(struct fx *f, const char *want)
{
	char	*got = tu_diags(f->d);

	assert_string_equal(got, want);
	free(got);
	reset(f);
}

static int64_t
parse_ok(struct fx *f, const char *text, const char *tz)
{
	int64_t	 t = -1;

	assert_int_equal(datefmt_parse(&t, text, tz, "p.md", 3, 7, f->d), 0);
	assert_int_equal(diags_count(f->d), 0);
	return t;
}

static const char *
rfc3339(int64_t t, const char *tz)
{
	static char	 s[32];

	datefmt_rfc3339(s, t, tz);
	return s;
}

static const char *
fmt(struct fx *f, enum datefmt_kind kind, const char *text,
    const char *locale, const char *tz, int64_t t)
{
	struct datefmt_spec	 spec = { kind, text, locale, tz };

	buf_reset(&f->b);
	assert_int_equal(datefmt_format(&f->b, f->df, &spec, t, f->d), 0);
	assert_int_equal(diags_count(f->d), 0);
	return buf_cstr(&f->b);
}

static void
test_datefmt_parse_rfc3339(void **state)
{
	struct fx	*f = *state;

	/* An explicit offset wins over the zone, known or not. */
	assert_int_equal(parse_ok(f, "2012-12-19T12:56:00-08:00", LA),
	    T_DEC19);
	assert_int_equal(parse_ok(f, "2012-12-19T20:56:00Z", "Mars/Olympus"),
	    T_DEC19);
	assert_int_equal(parse_ok(f, "2012-12-19t20:56:00z", LA), T_DEC19);
	assert_int_equal(parse_ok(f, "2012-12-19T20:56:00.999Z", LA),
	    T_DEC19);
	assert_int_equal(parse_ok(f, "2012-12-20T02:26:00+05:30", LA),
	    T_DEC19);
	assert_int_equal(parse_ok(f, "2012-12-19 12:56-08:00", LA), T_DEC19);
	assert_int_equal(parse_ok(f, "1970-01-01T00:00:00Z", LA), 0);
	assert_int_equal(parse_ok(f, "1969-12-31T23:59:59Z", LA), -1);
	assert_int_equal(parse_ok(f, "2000-02-29T00:00:00Z", LA), 951782400);
	assert_int_equal(parse_ok(f, "0001-01-01T00:00:00Z", LA),
	    INT64_C(-62135596800));
	assert_int_equal(parse_ok(f, "9999-12-31T23:59:59Z", LA),
	    INT64_C(253402300799));
}

static void
test_datefmt_parse_local(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(parse_ok(f, "2012-12-19 12:56", LA), T_DEC19);
	assert_int_equal(parse_ok(f, "2012-12-19T12:56", LA), T_DEC19);
	assert_int_equal(parse_ok(f, "2012-12-19 12:56:00", LA), T_DEC19);
	assert_int_equal(parse_ok(f, "2012-12-19T12:56:30", LA),
	    T_DEC19 + 30);
	assert_int_equal(parse_ok(f, "2012-10-29 10:08", LA), T_OCT29);
	assert_string_equal(rfc3339(parse_ok(f, "2012-12-19", LA), LA),
	    "2012-12-19T00:00:00-08:00");
	assert_string_equal(rfc3339(parse_ok(f, "2012-07-04", LA), LA),
	    "2012-07-04T00:00:00-07:00");
	/* Aliases resolve to their zone. */
	assert_int_equal(parse_ok(f, "2012-12-19 12:56", "US/Pacific"),
	    T_DEC19);
	assert_int_equal(parse_ok(f, "2012-12-19 20:56", "UTC"), T_DEC19);
	assert_string_equal(rfc3339(parse_ok(f, "2012-12-19 21:56",
	    "Europe/Madrid"), "Europe/Madrid"), "2012-12-19T21:56:00+01:00");
	assert_string_equal(rfc3339(parse_ok(f, "2012-12-19 12:56",
	    "Asia/Kolkata"), "Asia/Kolkata"), "2012-12-19T12:56:00+05:30");
	/* Before 1582 the calendar stays Gregorian, as RFC 3339 wants. */
	assert_string_equal(rfc3339(parse_ok(f, "1000-01-01", "UTC"), "UTC"),
	    "1000-01-01T00:00:00Z");
	/* Local mean time: -7:52:58 shows as -07:52, the wall time agrees. */
	assert_string_equal(rfc3339(parse_ok(f, "1850-06-01 12:00", LA), LA),
	    "1850-06-01T12:00:58-07:52");
}

/* The forms real Jekyll, Hugo and Zola posts are dated with. */
static void
test_datefmt_parse_blog_forms(void **state)
{
	static const struct {
		const char	*in;
		const char	*tz;
		const char	*want;	/* RFC 3339 in UTC */
	} cases[] = {
		/* Jekyll: Ruby's Time#to_s, one-digit hours, a year again. */
		{ "2013-05-06 02:12:52 +0200", LA, "2013-05-06T00:12:52Z" },
		{ "2013-11-22 5:00:00 +0000", LA, "2013-11-22T05:00:00Z" },
		{ "2023-01-29 18:30:22 2023 -0800", LA,
		    "2023-01-30T02:30:22Z" },
		{ "2013-11-22 5:00", "UTC", "2013-11-22T05:00:00Z" },
		{ "2013-11-22T5:00:00", "UTC", "2013-11-22T05:00:00Z" },
		{ "2013-5-6", "UTC", "2013-05-06T00:00:00Z" },
		{ "2013-05-06 02:12:52.123456 +02:00", LA,
		    "2013-05-06T00:12:52Z" },
		{ "  2013-05-06 02:12  ", "UTC", "2013-05-06T02:12:00Z" },
		{ "2013-05-06\t02:12", "UTC", "2013-05-06T02:12:00Z" },
		/* Offsets in every spelling. */
		{ "2013-05-06T02:12:52+0200", LA, "2013-05-06T00:12:52Z" },
		{ "2013-05-06T02:12:52+02", LA, "2013-05-06T00:12:52Z" },
		{ "2013-05-06 02:12:52Z", LA, "2013-05-06T02:12:52Z" },
		{ "2013-05-06 02:12:52 Z", LA, "2013-05-06T02:12:52Z" },
		{ "2013-05-06 02:12:52 UTC", LA, "2013-05-06T02:12:52Z" },
		{ "2013-05-06 02:12:52 utc", LA, "2013-05-06T02:12:52Z" },
		{ "2013-05-06 02:12:52 GMT", LA, "2013-05-06T02:12:52Z" },
		{ "2013-05-06 02:12:52 GMT+02:00", LA,
		    "2013-05-06T00:12:52Z" },
		{ "2013-05-06 02:12:52 UTC-0500", LA, "2013-05-06T07:12:52Z" },
		/* Go's time.String: the name after the offset is ignored. */
		{ "2013-05-06 02:12:52.5 +0200 CEST", LA,
		    "2013-05-06T00:12:52Z" },
		{ "2013-05-06 02:12:52 +0530 +0530", LA,
		    "2013-05-05T20:42:52Z" },
		/* Abbreviations: fixed offsets, whatever the season. */
		{ "2013-05-06 02:12 PST", "UTC", "2013-05-06T10:12:00Z" },
		{ "2013-05-06 02:12 PDT", "UTC", "2013-05-06T09:12:00Z" },
		{ "2013-05-06 02:12 EST", "UTC", "2013-05-06T07:12:00Z" },
		{ "2013-05-06 02:12 EDT", "UTC", "2013-05-06T06:12:00Z" },
		{ "2013-05-06 02:12 CET", "UTC", "2013-05-06T01:12:00Z" },
		{ "2013-05-06 02:12 CEST", "UTC", "2013-05-06T00:12:00Z" },
		{ "2013-05-06 02:12 JST", "UTC", "2013-05-05T17:12:00Z" },
		{ "2013-05-06 02:12 AEST", "UTC", "2013-05-05T16:12:00Z" },
		/* IANA names: the zone's own rules, the site's not read. */
		{ "2013-05-06 02:12 America/New_York", "UTC",
		    "2013-05-06T06:12:00Z" },
		{ "2013-01-06 02:12 America/New_York", "UTC",
		    "2013-01-06T07:12:00Z" },
		{ "2013-05-06T02:12:52 Europe/Madrid", LA,
		    "2013-05-06T00:12:52Z" },
		{ "2013-05-06 Asia/Kolkata", LA, "2013-05-05T18:30:00Z" },
		{ "2013-05-06 UTC", LA, "2013-05-06T00:00:00Z" },
		/* RFC 5322, as feeds and WordPress exports write it. */
		{ "Mon, 06 May 2013 02:12:52 +0200", LA,
		    "2013-05-06T00:12:52Z" },
		{ "Mon, 6 May 2013 02:12 GMT", LA, "2013-05-06T02:12:00Z" },
		{ "6 May 2013 02:12:52 -0700", LA, "2013-05-06T09:12:52Z" },
		{ "06 September 2013", "UTC", "2013-09-06T00:00:00Z" },
		{ "Friday, 6 Sep 2013 10:00", "UTC", "2013-09-06T10:00:00Z" },
	};
	struct fx	*f = *state;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(rfc3339(parse_ok(f, cases[i].in,
		    cases[i].tz), "UTC"), cases[i].want);
}

static void
test_datefmt_parse_skipped(void **state)
{
	struct fx	*f = *state;
	int64_t		 t = 0;

	assert_int_equal(datefmt_parse(&t, "2012-03-11 02:30", LA, "p.md", 3,
	    7, f->d), 0);
	assert_string_equal(rfc3339(t, LA), "2012-03-11T03:30:00-07:00");
	expect_diags(f, "p.md:3:7: warning: date: 2012-03-11 02:30 does not "
	    "exist in America/Los_Angeles (daylight saving time starts); "
	    "read as 03:30\n");

	assert_int_equal(datefmt_parse(&t, "2012-03-25T02:00:15",
	    "Europe/Madrid", "p.md", 3, 7, f->d), 0);
	assert_string_equal(rfc3339(t, "Europe/Madrid"),
	    "2012-03-25T03:00:15+02:00");
	expect_diags(f, "p.md:3:7: warning: date: 2012-03-25T02:00:15 does "
	    "not exist in Europe/Madrid (daylight saving time starts); "
	    "read as 03:00:15\n");

	/* Samoa skipped 2011-12-30 moving west of the date line: not DST. */
	assert_int_equal(datefmt_parse(&t, "2011-12-30 12:00", "Pacific/Apia",
	    "p.md", 3, 7, f->d), 0);
	assert_string_equal(rfc3339(t, "Pacific/Apia"),
	    "2011-12-31T12:00:00+14:00");
	expect_diags(f, "p.md:3:7: warning: date: 2011-12-30 12:00 does not "
	    "exist in Pacific/Apia (the UTC offset changes); read as "
	    "2011-12-31 12:00\n");

	/* The minute before and the minute after the gap are fine. */
	assert_string_equal(rfc3339(parse_ok(f, "2012-03-11 01:59", LA), LA),
	    "2012-03-11T01:59:00-08:00");
	assert_string_equal(rfc3339(parse_ok(f, "2012-03-11 03:00", LA), LA),
	    "2012-03-11T03:00:00-07:00");
}

static void
test_datefmt_parse_repeated(void **state)
{
	struct fx	*f = *state;
	int64_t		 t = 0;

	assert_int_equal(datefmt_parse(&t, "2012-11-04 01:30", LA, "p.md", 3,
	    7, f->d), 0);
	assert_string_equal(rfc3339(t, LA), "2012-11-04T01:30:00-07:00");
	expect_diags(f, "p.md:3:7: warning: date: 2012-11-04 01:30 occurs "
	    "twice in America/Los_Angeles (daylight saving time ends); read "
	    "as the first, -07:00\n");

	assert_int_equal(datefmt_parse(&t, "2012-10-28 02:30",
	    "Europe/Madrid", "p.md", 3, 7, f->d), 0);
	assert_string_equal(rfc3339(t, "Europe/Madrid"),
	    "2012-10-28T02:30:00+02:00");
	expect_diags(f, "p.md:3:7: warning: date: 2012-10-28 02:30 occurs "
	    "twice in Europe/Madrid (daylight saving time ends); read as the "
	    "first, +02:00\n");

	/* The second 01:30 can still be written with its offset. */
	assert_string_equal(rfc3339(parse_ok(f, "2012-11-04T01:30:00-08:00",
	    LA), LA), "2012-11-04T01:30:00-08:00");
	assert_string_equal(rfc3339(parse_ok(f, "2012-11-04 00:59", LA), LA),
	    "2012-11-04T00:59:00-07:00");
	assert_string_equal(rfc3339(parse_ok(f, "2012-11-04 02:00", LA), LA),
	    "2012-11-04T02:00:00-08:00");
}

static void
test_datefmt_parse_malformed(void **state)
{
	static const struct {
		const char	*in;
		const char	*want;
	} cases[] = {
		{ "2012-13-40", "expected a month from 01 to 12" },
		{ "2012-02-30", "expected a day from 01 to 29" },
		{ "2013-02-29", "expected a day from 01 to 28" },
		{ "2012-04-31", "expected a day from 01 to 30" },
		{ "2012-12-00", "expected a day from 01 to 31" },
		{ "0000-01-01", "expected a year from 0001 to 9999" },
		{ "2012-12-19 24:00", "expected an hour from 00 to 23" },
		{ "2012-12-19 12:60", "expected minutes from 00 to 59" },
		{ "2012-12-19 12:56:60", "expected seconds from 00 to 59" },
		{ "2012-12-19T12:56:00+24:00",
		    "expected a UTC offset from -23:59 to +23:59" },
		{ "2012-12-19T12:56:00-08:60",
		    "expected a UTC offset from -23:59 to +23:59" },
		{ "2012-12-19 12:56 -2400",
		    "expected a UTC offset from -23:59 to +23:59" },
		{ "2012-12-19 25:00 +0200", "expected an hour from 00 to 23" },
		{ "31 Apr 2012", "expected a day from 01 to 30" },
	};
	static const char *const syntax[] = {
		"", "yesterday", "2012-12-19 12", "2012/12/19", "12/19/2012",
		"2012-12-19T12:56:00.Z", "2012-12-19Z", "+2012-12-19",
		"20121219", "2012-12-19T12:56:00+8", "2012-12-19 12:56 +",
		"2012-12-19 12:56 2011 -0800", "2012-12-19 12:56:00 PST x",
		"2012-12-19 +0200", "19 Dec", "Wed, 19 Dec 12 12:56 PST",
		"19 Foo 2012", "2012-12-19 123:45", "2012-12-19T12:5",
	};
	struct fx	*f = *state;
	int64_t		 t;
	size_t		 i;
	char		 want[640];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(datefmt_parse(&t, cases[i].in, LA,
		    "content/posts/x.md", 4, 7, f->d), -1);
		snprintf(want, sizeof(want), "content/posts/x.md:4:7: error: "
		    "date: cannot read \"%s\": %s\n", cases[i].in,
		    cases[i].want);
		expect_diags(f, want);
	}
	for (i = 0; i < sizeof(syntax) / sizeof(syntax[0]); i++) {
		assert_int_equal(datefmt_parse(&t, syntax[i], LA,
		    "content/posts/x.md", 4, 7, f->d), -1);
		snprintf(want, sizeof(want), "content/posts/x.md:4:7: error: "
		    "date: cannot read \"%s\"; write it as 2024-05-06 (a "
		    "day, at midnight), 2024-05-06 14:30 or 2024-05-06 "
		    "14:30:00 (local time), 2024-05-06T14:30:00+02:00 or "
		    "2024-05-06 14:30:00 +0200 (with the UTC offset), "
		    "2024-05-06 14:30 Europe/Madrid or 2024-05-06 14:30 CET "
		    "(with a time zone), or Mon, 06 May 2024 14:30:00 +0200 "
		    "(as in email)\n", syntax[i]);
		expect_diags(f, want);
	}
	/* Quotes are escaped and long input is cut. */
	assert_int_equal(datefmt_parse(&t, "\"2012\" and then a very long "
	    "tail that goes on and on and on and on", LA, "x.md", 1, 1, f->d),
	    -1);
	expect_diags(f, "x.md:1:1: error: date: cannot read \"\\\"2012\\\" "
	    "and then a very long tail that goes on and on and on ...\"; "
	    "write it as " DATEFMT_FORMS "\n");
	/* A zone name heraldo does not know says what it would take. */
	assert_int_equal(datefmt_parse(&t, "2012-12-19 12:56 IST", LA,
	    "x.md", 2, 7, f->d), -1);
	expect_diags(f, "x.md:2:7: error: date: cannot read \"2012-12-19 "
	    "12:56 IST\": unknown time zone \"IST\"; write an offset "
	    "(+02:00), an IANA name (Europe/Madrid) or a common abbreviation "
	    "(CET, PST, UTC)\n");
	assert_int_equal(datefmt_parse(&t, "2012-12-19 12:56 Mars/Olympus",
	    LA, "x.md", 2, 7, f->d), -1);
	expect_diags(f, "x.md:2:7: error: date: cannot read \"2012-12-19 "
	    "12:56 Mars/Olympus\": unknown time zone \"Mars/Olympus\"; "
	    "write an offset (+02:00), an IANA name (Europe/Madrid) or a "
	    "common abbreviation (CET, PST, UTC)\n");
}

static void
test_datefmt_parse_unknown_zone(void **state)
{
	struct fx	*f = *state;
	int64_t		 t;

	assert_int_equal(datefmt_parse(&t, "2012-12-19 12:56", "Mars/Olympus",
	    "content/posts/x.md", 5, 11, f->d), -1);
	expect_diags(f, "content/posts/x.md:5:11: error: timezone: unknown "
	    "time zone \"Mars/Olympus\"\n");
	/* Zone ids are case-sensitive in ICU, as in the IANA database. */
	assert_int_equal(datefmt_parse(&t, "2012-12-19", "america/los_angeles",
	    "x.md", 1, 1, f->d), -1);
	expect_diags(f, "x.md:1:1: error: timezone: unknown time zone "
	    "\"america/los_angeles\"\n");
	assert_false(datefmt_zone_known("Mars/Olympus"));
	assert_false(datefmt_zone_known(""));
	assert_false(datefmt_zone_known("GMT+05:00"));
	assert_false(datefmt_zone_known("America/Los Angeles"));
	assert_true(datefmt_zone_known(LA));
	assert_true(datefmt_zone_known("UTC"));
	assert_true(datefmt_zone_known("US/Pacific"));
}

static void
test_datefmt_transitions(void **state)
{
	struct fx		*f = *state;
	struct datefmt_tm	 tm;
	char			 s[40];
	int64_t			 t;

	(void)f;
	/* America/Los_Angeles, 2012-11-04: PDT until 09:00Z, then PST. */
	t = INT64_C(1352017800);	/* 08:30Z */
	assert_string_equal(rfc3339(t, LA), "2012-11-04T01:30:00-07:00");
	assert_string_equal(rfc3339(t + 3600, LA),
	    "2012-11-04T01:30:00-08:00");
	assert_string_equal(rfc3339(t + 7200, LA),
	    "2012-11-04T02:30:00-08:00");
	datefmt_rfc822(s, t, LA);
	assert_string_equal(s, "Sun, 04 Nov 2012 01:30:00 -0700");
	datefmt_rfc822(s, t + 3600, LA);
	assert_string_equal(s, "Sun, 04 Nov 2012 01:30:00 -0800");
	datefmt_local(&tm, t + 3600, LA);
	assert_int_equal(tm.year, 2012);
	assert_int_equal(tm.month, 11);
	assert_int_equal(tm.day, 4);
	assert_int_equal(tm.hour, 1);
	assert_int_equal(tm.min, 30);
	assert_int_equal(tm.sec, 0);
	assert_int_equal(tm.wday, 0);
	assert_int_equal(tm.offset, -480);

	/* Europe/Madrid, 2012-10-28: CEST until 01:00Z, then CET. */
	t = INT64_C(1351384200);	/* 00:30Z */
	assert_string_equal(rfc3339(t, "Europe/Madrid"),
	    "2012-10-28T02:30:00+02:00");
	assert_string_equal(rfc3339(t + 3600, "Europe/Madrid"),
	    "2012-10-28T02:30:00+01:00");
	datefmt_rfc822(s, t + 3600, "Europe/Madrid");
	assert_string_equal(s, "Sun, 28 Oct 2012 02:30:00 +0100");

	/* Day keys follow the zone, not UTC. */
	datefmt_daykey(s, T_DEC19, LA);
	assert_string_equal(s, "2012-12-19");
	datefmt_daykey(s, T_DEC19 + 4 * 3600, LA);
	assert_string_equal(s, "2012-12-19");
	datefmt_daykey(s, T_DEC19 + 12 * 3600, LA);
	assert_string_equal(s, "2012-12-20");
	datefmt_daykey(s, T_DEC19 + 4 * 3600, "Europe/Madrid");
	assert_string_equal(s, "2012-12-20");
	datefmt_daykey(s, T_DEC19, "Pacific/Kiritimati");
	assert_string_equal(s, "2012-12-20");
	datefmt_daykey(s, -1, "UTC");
	assert_string_equal(s, "1969-12-31");

	datefmt_rfc822(s, T_DEC19, LA);
	assert_string_equal(s, "Wed, 19 Dec 2012 12:56:00 -0800");
	assert_string_equal(rfc3339(T_DEC19, "UTC"), "2012-12-19T20:56:00Z");
	/* An unknown zone reads as UTC. */
	assert_string_equal(rfc3339(T_DEC19, "Mars/Olympus"),
	    "2012-12-19T20:56:00Z");
	datefmt_rfc822(s, T_DEC19, "UTC");
	assert_string_equal(s, "Wed, 19 Dec 2012 20:56:00 +0000");
}

static void
test_datefmt_format_es(void **state)
{
	struct fx	*f = *state;

	/* The example site.yaml's day_header, posted, month. CLDR 42. */
	assert_string_equal(fmt(f, DATEFMT_STYLE, "full", "es", LA, T_DEC20),
	    "jueves, 20 de diciembre de 2012");
	assert_string_equal(fmt(f, DATEFMT_PATTERN, "dd MMM yyyy hh:mm a zzz",
	    "en_US", LA, T_DEC19), "19 Dec 2012 12:56 PM PST");
	assert_string_equal(fmt(f, DATEFMT_PATTERN, "dd MMM yyyy hh:mm a zzz",
	    "en_US", LA, T_OCT29), "29 Oct 2012 10:08 AM PDT");
	assert_string_equal(fmt(f, DATEFMT_SKELETON, "yMMMM", "es", LA,
	    T_DEC19), "diciembre de 2012");
	assert_string_equal(fmt(f, DATEFMT_STYLE, "long", "es", LA, T_DEC19),
	    "19 de diciembre de 2012");
	assert_string_equal(fmt(f, DATEFMT_STYLE, "medium", "es", LA,
	    T_DEC19), "19 dic 2012");
	assert_string_equal(fmt(f, DATEFMT_STYLE, "short", "es", LA, T_DEC19),
	    "19/12/12");
	/* The same instant is already the 20th in Madrid. */
	assert_string_equal(fmt(f, DATEFMT_STYLE, "full", "es",
	    "Europe/Madrid", T_DEC19 + 4 * 3600),
	    "jueves, 20 de diciembre de 2012");
	assert_string_equal(fmt(f, DATEFMT_STYLE, "full", "es", LA,
	    T_DEC19 + 4 * 3600), "miércoles, 19 de diciembre de 2012");
}

static void
test_datefmt_format_locales(void **state)
{
	static const struct {
		const char	*locale;
		const char	*full;
		const char	*pattern;
		const char	*skeleton;
	} cases[] = {
		/*
		 * CLDR 42, all three columns.  Spanish writes "p. m." with a
		 * NO-BREAK SPACE; French zones use U+2212 MINUS SIGN.
		 */
		{ "es", "jueves, 20 de diciembre de 2012",
		    "20 dic 2012 04:00 p.\xc2\xa0m. GMT-8", "20 dic 2012" },
		{ "en_US", "Thursday, December 20, 2012",
		    "20 Dec 2012 04:00 PM PST", "Dec 20, 2012" },
		{ "en_GB", "Thursday, 20 December 2012",
		    "20 Dec 2012 04:00 pm GMT-8", "20 Dec 2012" },
		{ "fr", "jeudi 20 décembre 2012",
		    "20 déc. 2012 04:00 PM UTC\xe2\x88\x92" "8",
		    "20 déc. 2012" },
		{ "de", "Donnerstag, 20. Dezember 2012",
		    "20 Dez. 2012 04:00 PM GMT-8", "20. Dez. 2012" },
		{ "ja", "2012年12月20日木曜日",
		    "20 12月 2012 04:00 午後 GMT-8", "2012年12月20日" },
	};
	struct fx	*f = *state;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(fmt(f, DATEFMT_STYLE, "full",
		    cases[i].locale, LA, T_DEC20), cases[i].full);
		assert_string_equal(fmt(f, DATEFMT_PATTERN,
		    "dd MMM yyyy hh:mm a zzz", cases[i].locale, LA, T_DEC20),
		    cases[i].pattern);
		assert_string_equal(fmt(f, DATEFMT_SKELETON, "yMMMd",
		    cases[i].locale, LA, T_DEC20), cases[i].skeleton);
	}
	/* ICU follows the zone across the transitions.  CLDR 42 names. */
	assert_string_equal(fmt(f, DATEFMT_PATTERN, "yyyy-MM-dd HH:mm zzz",
	    "en_US", LA, INT64_C(1352017800)), "2012-11-04 01:30 PDT");
	assert_string_equal(fmt(f, DATEFMT_PATTERN, "yyyy-MM-dd HH:mm zzz",
	    "en_US", LA, INT64_C(1352017800) + 3600), "2012-11-04 01:30 PST");
	assert_string_equal(fmt(f, DATEFMT_PATTERN, "d MMM y HH:mm zzzz",
	    "es", "Europe/Madrid", INT64_C(1351384200)),
	    "28 oct 2012 02:30 hora de verano de Europa central");
	assert_string_equal(fmt(f, DATEFMT_PATTERN, "d MMM y HH:mm zzzz",
	    "es", "Europe/Madrid", INT64_C(1351384200) + 3600),
	    "28 oct 2012 02:30 hora estándar de Europa central");
	/* BCP 47 tags work too.  CLDR 42. */
	assert_string_equal(fmt(f, DATEFMT_STYLE, "full", "pt-BR", LA,
	    T_DEC20), "quinta-feira, 20 de dezembro de 2012");
	/*
	 * CLDR 42 puts U+202F before AM/PM in en_US's default times; a
	 * pattern spells out its own spacing and does not move.
	 */
	assert_string_equal(fmt(f, DATEFMT_SKELETON, "jmm", "en_US", LA,
	    T_DEC20), "4:00\xe2\x80\xafPM");
	assert_string_equal(fmt(f, DATEFMT_PATTERN, "h:mm a", "en_US", LA,
	    T_DEC20), "4:00 PM");
	assert_string_equal(fmt(f, DATEFMT_PATTERN,
	    "yyyy-MM-dd'T'HH:mm:ssxxx", "en_US", LA, T_DEC20),
	    "2012-12-20T16:00:00-08:00");
}

static void
test_datefmt_format_errors(void **state)
{
	struct fx		*f = *state;
	struct datefmt_spec	 spec = { DATEFMT_STYLE, "huge", "es", LA };

	assert_int_equal(datefmt_format(&f->b, f->df, &spec, 0, f->d), -1);
	expect_diags(f, "heraldo: error: date format: unknown style \"huge\": "
	    "expected full, long, medium or short\n");
	spec.text = "full";
	spec.tz = "Mars/Olympus";
	assert_int_equal(datefmt_format(&f->b, f->df, &spec, 0, f->d), -1);
	expect_diags(f, "heraldo: error: timezone: unknown time zone "
	    "\"Mars/Olympus\"\n");
	spec.tz = LA;
	spec.locale = "xx";
	assert_int_equal(datefmt_format(&f->b, f->df, &spec, 0, f->d), -1);
	expect_diags(f, "heraldo: error: date format: unknown locale "
	    "\"xx\"\n");
	assert_int_equal(f->b.len, 0);

	spec.locale = "es";
	spec.kind = DATEFMT_PATTERN;
	spec.text = "yyyy 'de";
	assert_int_equal(datefmt_spec_check(&spec, "site.yaml", 9, 14, f->d),
	    -1);
	expect_diags(f, "site.yaml:9:14: error: date format: pattern "
	    "\"yyyy 'de\" has an unterminated quote\n");
	spec.text = "jjjj";
	assert_int_equal(datefmt_spec_check(&spec, "site.yaml", 9, 14, f->d),
	    -1);
	expect_diags(f, "site.yaml:9:14: error: date format: pattern \"jjjj\" "
	    "has a letter that is not a pattern field (quote text with ')\n");
	spec.text = "";
	assert_int_equal(datefmt_spec_check(&spec, "site.yaml", 9, 14, f->d),
	    -1);
	expect_diags(f, "site.yaml:9:14: error: date format: pattern \"\" is "
	    "empty\n");
	spec.kind = DATEFMT_SKELETON;
	spec.text = "y MMMM";
	assert_int_equal(datefmt_spec_check(&spec, "site.yaml", 9, 14, f->d),
	    -1);
	expect_diags(f, "site.yaml:9:14: error: date format: skeleton "
	    "\"y MMMM\" has a character that is not a letter\n");
	spec.text = "yMMMMi";
	assert_int_equal(datefmt_spec_check(&spec, "site.yaml", 9, 14, f->d),
	    -1);
	expect_diags(f, "site.yaml:9:14: error: date format: skeleton "
	    "\"yMMMMi\" has a letter that is not a skeleton field\n");

	spec.text = "yMMMMjmm";
	assert_int_equal(datefmt_spec_check(&spec, "site.yaml", 9, 14, f->d),
	    0);
	spec.kind = DATEFMT_PATTERN;
	spec.text = "EEEE d 'de' MMMM 'de' y, HH:mm 'h'";
	assert_int_equal(datefmt_spec_check(&spec, "site.yaml", 9, 14, f->d),
	    0);
	assert_int_equal(diags_count(f->d), 0);
	assert_string_equal(fmt(f, DATEFMT_PATTERN, spec.text, "es", LA,
	    T_DEC19), "miércoles 19 de diciembre de 2012, 12:56 h");
	assert_string_equal(fmt(f, DATEFMT_PATTERN, "h 'o''clock' a", "en_US",
	    LA, T_DEC19), "12 o'clock PM");
}

/* CLDR 42 sets interval dashes between THIN SPACEs (U+2009). */
#define THIN_DASH	"\xe2\x80\x89\xe2\x80\x93\xe2\x80\x89"

/* An interval and its two ends, as "[from]sep[until]" around the spans. */
static const char *
itv(struct fx *f, const char *skeleton, const char *locale, const char *tz,
    int64_t from, int64_t until)
{
	static char		 s[512];
	struct datefmt_span	 sp[2];
	const char		*t;

	buf_reset(&f->b);
	assert_int_equal(datefmt_interval(&f->b, sp, f->df, skeleton, locale,
	    tz, from, until, f->d), 0);
	assert_int_equal(diags_count(f->d), 0);
	t = buf_cstr(&f->b);
	if (sp[1].end == 0) {
		assert_int_equal(sp[0].end, 0);
		snprintf(s, sizeof(s), "%s", t);
		return s;
	}
	assert_true(sp[0].start < sp[0].end && sp[0].end <= sp[1].start &&
	    sp[1].start < sp[1].end && sp[1].end <= f->b.len);
	snprintf(s, sizeof(s), "%.*s[%.*s]%.*s[%.*s]%s", (int)sp[0].start, t,
	    (int)(sp[0].end - sp[0].start), t + sp[0].start,
	    (int)(sp[1].start - sp[0].end), t + sp[0].end,
	    (int)(sp[1].end - sp[1].start), t + sp[1].start, t + sp[1].end);
	return s;
}

static void
test_datefmt_interval(void **state)
{
	struct fx		*f = *state;
	/* 2012-12-24T17:00-05:00, 2012-12-26T08:00-05:00 */
	const int64_t		 from = INT64_C(1356386400);
	const int64_t		 until = INT64_C(1356526800);
	/* 2012-12-25T00:00-05:00, 2012-12-26T00:00-05:00 */
	const int64_t		 d25 = INT64_C(1356411600);
	const int64_t		 d26 = INT64_C(1356498000);
	/* 2013-01-01T00:00-05:00 */
	const int64_t		 jan1 = INT64_C(1357016400);
	/* 2013-03-09T17:00-05:00 (EST), 2013-03-11T08:00-04:00 (EDT) */
	const int64_t		 mar9 = INT64_C(1362866400);
	const int64_t		 mar11 = INT64_C(1363003200);
	const char		*to = "America/Toronto";

	/* CLDR 42: U+2013 between ends, U+202F before en's AM/PM. */
	assert_string_equal(itv(f, "yMMMdjmz", "es", to, from, until),
	    "[24 dic 2012, 17:00 GMT-5]" THIN_DASH
	    "[26 dic 2012, 8:00 GMT-5]");
	assert_string_equal(itv(f, "yMMMdjmz", "en", to, from, until),
	    "[Dec 24, 2012, 5:00\xe2\x80\xafPM EST]" THIN_DASH
	    "[Dec 26, 2012, 8:00\xe2\x80\xaf" "AM EST]");
	/* Shared fields are written once. */
	assert_string_equal(itv(f, "yMMMMd", "es", to, d25, d26),
	    "[25]\xe2\x80\x93[26] de diciembre de 2012");
	assert_string_equal(itv(f, "yMMMMd", "en", to, d25, d26),
	    "December [25]" THIN_DASH "[26], 2012");
	assert_string_equal(itv(f, "yMMMMd", "es", to, d25, jan1),
	    "[25 de diciembre de 2012]" THIN_DASH "[1 de enero de 2013]");
	assert_string_equal(itv(f, "yMMMdjmz", "es", to, from,
	    from + 3 * 3600), "24 dic 2012, [17:00]\xe2\x80\x93[20:00] GMT-5");
	/* One date: no spans. */
	assert_string_equal(itv(f, "yMMMMd", "es", to, d25, d25 + 3600),
	    "25 de diciembre de 2012");
	/* Across the spring-forward change, each end in its own offset. */
	assert_string_equal(itv(f, "yMMMdjmz", "en", to, mar9, mar11),
	    "[Mar 9, 2013, 5:00\xe2\x80\xafPM EST]" THIN_DASH
	    "[Mar 11, 2013, 8:00\xe2\x80\xaf" "AM EDT]");
	/* The zone, not the machine, picks the day. */
	assert_string_equal(itv(f, "yMMMMd", "es", LA, d25, d26),
	    "[24]\xe2\x80\x93[25] de diciembre de 2012");
	/* A cached formatter gives the same text. */
	assert_string_equal(itv(f, "yMMMdjmz", "es", to, from, until),
	    "[24 dic 2012, 17:00 GMT-5]" THIN_DASH
	    "[26 dic 2012, 8:00 GMT-5]");
	/* Without spans; appended after what "out" holds.  CLDR 42. */
	buf_reset(&f->b);
	buf_puts(&f->b, "> ");
	assert_int_equal(datefmt_interval(&f->b, NULL, f->df, "yMMMMd", "fr",
	    to, d25, d26, f->d), 0);
	assert_string_equal(buf_cstr(&f->b), "> 25\xe2\x80\x93" "26 "
	    "d\xc3\xa9" "cembre 2012");

	buf_reset(&f->b);
	assert_int_equal(datefmt_interval(&f->b, NULL, f->df, "yMMMMd", "es",
	    "Mars/Olympus", d25, d26, f->d), -1);
	expect_diags(f, "heraldo: error: timezone: unknown time zone "
	    "\"Mars/Olympus\"\n");
	assert_int_equal(datefmt_interval(&f->b, NULL, f->df, "y-MM", "es",
	    to, d25, d26, f->d), -1);
	expect_diags(f, "heraldo: error: date format: skeleton \"y-MM\" has "
	    "a character that is not a letter\n");
	assert_int_equal(datefmt_interval(&f->b, NULL, f->df, "yMMMMd", "xx",
	    to, d25, d26, f->d), -1);
	expect_diags(f, "heraldo: error: date format: unknown locale "
	    "\"xx\"\n");
	assert_int_equal(f->b.len, 0);
}

static void
test_datefmt_locales(void **state)
{
	char	 s[DATEFMT_LOCALE_MAX];

	(void)state;
	assert_true(datefmt_locale_known("es"));
	assert_true(datefmt_locale_known("es_MX"));
	assert_true(datefmt_locale_known("pt-BR"));
	assert_true(datefmt_locale_known("ja"));
	/* A region ICU lacks still has its language's data. */
	assert_true(datefmt_locale_known("es_ZZ"));
	assert_false(datefmt_locale_known("xx"));
	assert_false(datefmt_locale_known(""));
	assert_false(datefmt_locale_known("root"));
	datefmt_locale_resolve(s, "pt-BR");
	assert_string_equal(s, "pt_BR");
	datefmt_locale_resolve(s, "EN-us");
	assert_string_equal(s, "en_US");
	datefmt_locale_resolve(s, "xx_YY");
	assert_string_equal(s, "root");
	datefmt_locale_resolve(s, NULL);
	assert_string_equal(s, "root");
}

static void
test_datefmt_versions(void **state)
{
	(void)state;
	/* Debian 12 ships ICU 72.1 with CLDR 42. */
	assert_string_equal(datefmt_icu_version(), "72.1");
	assert_string_equal(datefmt_cldr_version(), "42.0");
}

struct worker {
	int	 ok;
	int	 which;
};

static void *
work(void *arg)
{
	struct worker		*w = arg;
	struct datefmt		*df = datefmt_new();
	struct diags		*d = diags_new();
	struct buf		 b = BUF_INIT;
	struct datefmt_spec	 es = { DATEFMT_STYLE, "full", "es", LA };
	struct datefmt_spec	 ja = { DATEFMT_SKELETON, "yMMMd", "ja", LA };
	int			 i;

	w->ok = 1;
	for (i = 0; i < 200; i++) {
		buf_reset(&b);
		datefmt_format(&b, df, w->which ? &ja : &es, T_DEC20, d);
		if (strcmp(buf_cstr(&b), w->which ? "2012年12月20日" :
		    "jueves, 20 de diciembre de 2012") != 0)
			w->ok = 0;
	}
	if (diags_count(d) != 0)
		w->ok = 0;
	buf_free(&b);
	diags_free(d);
	datefmt_free(df);
	return NULL;
}

static void
test_datefmt_threads(void **state)
{
	pthread_t	 th[4];
	struct worker	 w[4];
	int		 i;

	(void)state;
	for (i = 0; i < 4; i++) {
		w[i].which = i % 2;
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].ok, 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_datefmt_parse_rfc3339,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_parse_local,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_parse_blog_forms,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_parse_skipped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_parse_repeated,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_parse_malformed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_parse_unknown_zone,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_transitions,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_format_es,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_format_locales,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_format_errors,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_interval,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_locales,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_versions,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_datefmt_threads,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
