/*
 * Unit tests for hours blocks: the example post's table in English and
 * Spanish, every malformed block's located diagnostic, the iCalendar
 * files (read back by python3-icalendar), a closure across a daylight-
 * saving change, and the Markdown hook on a post.
 *
 * Expected text comes from ICU 72 / CLDR 42: U+2009 THIN SPACE around
 * the interval dash, U+202F NARROW NO-BREAK SPACE before AM/PM, and
 * Spanish zone names as GMT offsets (CLDR has no "EST" for es).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "datefmt.h"
#include "diag.h"
#include "hours.h"
#include "i18n.h"
#include "markdown.h"
#include "pool.h"
#include "post.h"
#include "testutil.h"
#include "util.h"

#define NNBSP		"\xe2\x80\xaf"
#define THIN_DASH	"\xe2\x80\x89\xe2\x80\x93\xe2\x80\x89"
#define NDASH		"\xe2\x80\x93"
#define PATH		"content/posts/2012/12/holiday-hours.md"

/* The block of content/posts/2012/12/holiday-hours.md (its line 18). */
static const char example[] =
    "timezone: America/Toronto\n"
    "resume: 2013-01-02T08:00\n"
    "departments:\n"
    "  - name: Reseller Support\n"
    "    closed:\n"
    "      - { from: 2012-12-24T17:00, until: 2012-12-26T08:00 }\n"
    "      - { from: 2012-12-31T17:00, until: 2013-01-02T08:00 }\n"
    "    note: Voicemail and email are monitored for critical issues."
    "\n"
    "  - name: Payments\n"
    "    closed: [2012-12-25, 2012-12-26, 2013-01-01]\n"
    "    reduced: the remaining days\n"
    "  - name: Compliance\n"
    "    closed:\n"
    "      - { from: 2012-12-21T17:00, until: 2013-01-02T08:00 }\n"
    "    note: >-\n"
    "      Reports of phishing and malware on domains we manage are st"
    "ill acted\n"
    "      on within 24 hours.\n"
    "  - name: Manual Processing\n"
    "    closed: [2012-12-24, 2012-12-25, 2012-12-26, 2012-12-31, 2013"
    "-01-01]\n"
    "    reduced: December 27 and 28, from 9:00 AM to 3:00 PM\n";

static const char table_en[] =
	    "<div class=\"hours\">\n"
	    "<table class=\"hours-table\">\n"
	    "<caption>Holiday hours</caption>\n"
	    "<thead>\n"
	    "<tr>\n"
	    "<th scope=\"col\">Department</th>\n"
	    "<th scope=\"col\">Closed</th>\n"
	    "<th scope=\"col\">Reduced hours</th>\n"
	    "<th scope=\"col\">Note</th>\n"
	    "</tr>\n"
	    "</thead>\n"
	    "<tbody>\n"
	    "<tr>\n"
	    "<th scope=\"row\">Reseller Support</th>\n"
	    "<td data-label=\"Closed\">\n"
	    "<ul class=\"hours-closed\">\n"
	    "<li><time datetime=\"2012-12-24T17:00:00-05:00\">Dec 24, 2012, 5:"
	    "00" NNBSP "PM EST</time>" THIN_DASH "<time datetime=\"2012-12-26T"
	    "08:00:00-05:00\">Dec 26, 2012, 8:00" NNBSP "AM EST</time></li>\n"
	    "<li><time datetime=\"2012-12-31T17:00:00-05:00\">Dec 31, 2012, 5:"
	    "00" NNBSP "PM EST</time>" THIN_DASH "<time datetime=\"2013-01-02T"
	    "08:00:00-05:00\">Jan 2, 2013, 8:00" NNBSP "AM EST</time></li>\n"
	    "</ul>\n"
	    "</td>\n"
	    "<td data-label=\"Reduced hours\"></td>\n"
	    "<td data-label=\"Note\">Voicemail and email are monitored for cri"
	    "tical issues.</td>\n"
	    "</tr>\n"
	    "<tr>\n"
	    "<th scope=\"row\">Payments</th>\n"
	    "<td data-label=\"Closed\">\n"
	    "<ul class=\"hours-closed\">\n"
	    "<li>December <time datetime=\"2012-12-25\">25</time>" THIN_DASH "<"
	    "time datetime=\"2012-12-26\">26</time>, 2012</li>\n"
	    "<li><time datetime=\"2013-01-01\">January 1, 2013</time></li>\n"
	    "</ul>\n"
	    "</td>\n"
	    "<td data-label=\"Reduced hours\">the remaining days</td>\n"
	    "<td data-label=\"Note\"></td>\n"
	    "</tr>\n"
	    "<tr>\n"
	    "<th scope=\"row\">Compliance</th>\n"
	    "<td data-label=\"Closed\"><time datetime=\"2012-12-21T17:00:00-05"
	    ":00\">Dec 21, 2012, 5:"
	    "00" NNBSP "PM EST</time>" THIN_DASH "<time datetime=\"2013-01-02T"
	    "08:00:00-05:00\">Jan 2, 2013, 8:00" NNBSP "AM EST</time></td>\n"
	    "<td data-label=\"Reduced hours\"></td>\n"
	    "<td data-label=\"Note\">Reports of phishing and malware on domain"
	    "s we manage are stil"
	    "l acted on within 24 hours.</td>\n"
	    "</tr>\n"
	    "<tr>\n"
	    "<th scope=\"row\">Manual Processing</th>\n"
	    "<td data-label=\"Closed\">\n"
	    "<ul class=\"hours-closed\">\n"
	    "<li>December <time datetime=\"2012-12-24\">24</time>" THIN_DASH "<"
	    "time datetime=\"2012-12-26\">26</time>, 2012</li>\n"
	    "<li><time datetime=\"2012-12-31\">December 31, 2012</time>"
	    THIN_DASH "<time datetime=\"2013-01-01\">January 1, 2013</time></l"
	    "i>\n"
	    "</ul>\n"
	    "</td>\n"
	    "<td data-label=\"Reduced hours\">December 27 and 28, from 9:00 AM"
	    " to 3:00 PM</td>\n"
	    "<td data-label=\"Note\"></td>\n"
	    "</tr>\n"
	    "</tbody>\n"
	    "</table>\n"
	    "<p class=\"hours-resume\">Normal hours resume <time datetime=\"20"
	    "13-01-02T08:00:00-05:00\">Wednesday, January 2, 2013 at 8:00"
	    NNBSP "AM EST</time>.</p>\n"
	    "<p class=\"hours-calendar\"><a href=\"/2012/12/holiday-hours.ics"
	    "\" type=\"text/calendar\">Add these closures to your calendar</a>"
	    "</p>\n"
	    "<script type=\"application/ld+json\">{\"@context\":\"https://sche"
	    "ma.org\",\"@graph\":[{\"@type\":\"LocalBusiness\",\"name\":\"Rese"
	    "ller Support\",\"specialOpeningHoursSpecification\":[{\"@type\":"
	    "\"OpeningHoursSpecification\",\"opens\":\"00:00\",\"closes\":\"00"
	    ":00\",\"validFrom\":\"2012-12-24T17:00:00-05:00\",\"validThrough"
	    "\":\"2012-12-26T08:00:00-05:00\"},{\"@type\":\"OpeningHoursSpecif"
	    "ication\",\"opens\":\"00:00\",\"closes\":\"00:00\",\"validFrom\":"
	    "\"2012-12-31T17:00:00-05:00\",\"validThrough\":\"2013-01-02T08:00"
	    ":00-05:00\"}]},{\"@type\":\"LocalBusiness\",\"name\":\"Payments\""
	    ",\"specialOpeningHoursSpecification\":[{\"@type\":\"OpeningHoursS"
	    "pecification\",\"opens\":\"00:00\",\"closes\":\"00:00\",\"validFr"
	    "om\":\"2012-12-25\",\"validThrough\":\"2012-12-26\"},{\"@type\":"
	    "\"OpeningHoursSpecification\",\"opens\":\"00:00\",\"closes\":\"00"
	    ":00\",\"validFrom\":\"2013-01-01\",\"validThrough\":\"2013-01-01"
	    "\"}]},{\"@type\":\"LocalBusiness\",\"name\":\"Compliance\",\"spec"
	    "ialOpeningHoursSpecification\":[{\"@type\":\"OpeningHoursSpecific"
	    "ation\",\"opens\":\"00:00\",\"closes\":\"00:00\",\"validFrom\":\""
	    "2012-12-21T17:00:00-05:00\",\"validThrough\":\"2013-01-02T08:00:0"
	    "0-05:00\"}]},{\"@type\":\"LocalBusiness\",\"name\":\"Manual Proce"
	    "ssing\",\"specialOpeningHoursSpecification\":[{\"@type\":\"Openin"
	    "gHoursSpecification\",\"opens\":\"00:00\",\"closes\":\"00:00\",\""
	    "validFrom\":\"2012-12-24\",\"validThrough\":\"2012-12-26\"},{\"@t"
	    "ype\":\"OpeningHoursSpecification\",\"opens\":\"00:00\",\"closes"
	    "\":\"00:00\",\"validFrom\":\"2012-12-31\",\"validThrough\":\"2013"
	    "-01-01\"}]}]}</script>\n"
	    "</div>\n";

static const char table_es[] =
	    "<div class=\"hours\">\n"
	    "<table class=\"hours-table\">\n"
	    "<caption>Horario festivo</caption>\n"
	    "<thead>\n"
	    "<tr>\n"
	    "<th scope=\"col\">Departamento</th>\n"
	    "<th scope=\"col\">Cerrado</th>\n"
	    "<th scope=\"col\">Horario reducido</th>\n"
	    "<th scope=\"col\">Nota</th>\n"
	    "</tr>\n"
	    "</thead>\n"
	    "<tbody>\n"
	    "<tr>\n"
	    "<th scope=\"row\">Reseller Support</th>\n"
	    "<td data-label=\"Cerrado\">\n"
	    "<ul class=\"hours-closed\">\n"
	    "<li><time datetime=\"2012-12-24T17:00:00-05:00\">24 dic 2012, 17:"
	    "00 GMT-5</time>" THIN_DASH "<time datetime=\"2012-12-26T08:00:00-"
	    "05:00\">26 dic 2012, 8:00 GMT-5</time></li>\n"
	    "<li><time datetime=\"2012-12-31T17:00:00-05:00\">31 dic 2012, 17:"
	    "00 GMT-5</time>" THIN_DASH "<time datetime=\"2013-01-02T08:00:00-"
	    "05:00\">2 ene 2013, 8:00 GMT-5</time></li>\n"
	    "</ul>\n"
	    "</td>\n"
	    "<td data-label=\"Horario reducido\"></td>\n"
	    "<td data-label=\"Nota\">Voicemail and email are monitored for cri"
	    "tical issues.</td>\n"
	    "</tr>\n"
	    "<tr>\n"
	    "<th scope=\"row\">Payments</th>\n"
	    "<td data-label=\"Cerrado\">\n"
	    "<ul class=\"hours-closed\">\n"
	    "<li><time datetime=\"2012-12-25\">25</time>" NDASH "<time datetim"
	    "e=\"2012-12-26\">26</time> de diciembre de 2012</li>\n"
	    "<li><time datetime=\"2013-01-01\">1 de enero de 2013</time></li>"
	    "\n"
	    "</ul>\n"
	    "</td>\n"
	    "<td data-label=\"Horario reducido\">the remaining days</td>\n"
	    "<td data-label=\"Nota\"></td>\n"
	    "</tr>\n"
	    "<tr>\n"
	    "<th scope=\"row\">Compliance</th>\n"
	    "<td data-label=\"Cerrado\"><time datetime=\"2012-12-21T17:00:00-0"
	    "5:00\">21 dic 2012, 17:"
	    "00 GMT-5</time>" THIN_DASH "<time datetime=\"2013-01-02T08:00:00-"
	    "05:00\">2 ene 2013, 8:00 GMT-5</time></td>\n"
	    "<td data-label=\"Horario reducido\"></td>\n"
	    "<td data-label=\"Nota\">Reports of phishing and malware on domain"
	    "s we manage are stil"
	    "l acted on within 24 hours.</td>\n"
	    "</tr>\n"
	    "<tr>\n"
	    "<th scope=\"row\">Manual Processing</th>\n"
	    "<td data-label=\"Cerrado\">\n"
	    "<ul class=\"hours-closed\">\n"
	    "<li><time datetime=\"2012-12-24\">24</time>" NDASH "<time datetim"
	    "e=\"2012-12-26\">26</time> de diciembre de 2012</li>\n"
	    "<li><time datetime=\"2012-12-31\">31 de diciembre de 2012</time>"
	    THIN_DASH "<time datetime=\"2013-01-01\">1 de enero de 2013</time>"
	    "</li>\n"
	    "</ul>\n"
	    "</td>\n"
	    "<td data-label=\"Horario reducido\">December 27 and 28, from 9:00"
	    " AM to 3:00 PM</td>\n"
	    "<td data-label=\"Nota\"></td>\n"
	    "</tr>\n"
	    "</tbody>\n"
	    "</table>\n"
	    "<p class=\"hours-resume\">El horario habitual se reanuda el <time"
	    " datetime=\"2013-01-02T08:00:00-05:00\">miércoles, 2 de enero de "
	    "2013, 8:00 GMT-5</time>.</p>\n"
	    "<p class=\"hours-calendar\"><a href=\"/2012/12/holiday-hours.ics"
	    "\" type=\"text/calendar\">Añade estos cierres a tu calendario</a>"
	    "</p>\n"
	    "<script type=\"application/ld+json\">{\"@context\":\"https://sche"
	    "ma.org\",\"@graph\":[{\"@type\":\"LocalBusiness\",\"name\":\"Rese"
	    "ller Support\",\"specialOpeningHoursSpecification\":[{\"@type\":"
	    "\"OpeningHoursSpecification\",\"opens\":\"00:00\",\"closes\":\"00"
	    ":00\",\"validFrom\":\"2012-12-24T17:00:00-05:00\",\"validThrough"
	    "\":\"2012-12-26T08:00:00-05:00\"},{\"@type\":\"OpeningHoursSpecif"
	    "ication\",\"opens\":\"00:00\",\"closes\":\"00:00\",\"validFrom\":"
	    "\"2012-12-31T17:00:00-05:00\",\"validThrough\":\"2013-01-02T08:00"
	    ":00-05:00\"}]},{\"@type\":\"LocalBusiness\",\"name\":\"Payments\""
	    ",\"specialOpeningHoursSpecification\":[{\"@type\":\"OpeningHoursS"
	    "pecification\",\"opens\":\"00:00\",\"closes\":\"00:00\",\"validFr"
	    "om\":\"2012-12-25\",\"validThrough\":\"2012-12-26\"},{\"@type\":"
	    "\"OpeningHoursSpecification\",\"opens\":\"00:00\",\"closes\":\"00"
	    ":00\",\"validFrom\":\"2013-01-01\",\"validThrough\":\"2013-01-01"
	    "\"}]},{\"@type\":\"LocalBusiness\",\"name\":\"Compliance\",\"spec"
	    "ialOpeningHoursSpecification\":[{\"@type\":\"OpeningHoursSpecific"
	    "ation\",\"opens\":\"00:00\",\"closes\":\"00:00\",\"validFrom\":\""
	    "2012-12-21T17:00:00-05:00\",\"validThrough\":\"2013-01-02T08:00:0"
	    "0-05:00\"}]},{\"@type\":\"LocalBusiness\",\"name\":\"Manual Proce"
	    "ssing\",\"specialOpeningHoursSpecification\":[{\"@type\":\"Openin"
	    "gHoursSpecification\",\"opens\":\"00:00\",\"closes\":\"00:00\",\""
	    "validFrom\":\"2012-12-24\",\"validThrough\":\"2012-12-26\"},{\"@t"
	    "ype\":\"OpeningHoursSpecification\",\"opens\":\"00:00\",\"closes"
	    "\":\"00:00\",\"validFrom\":\"2012-12-31\",\"validThrough\":\"2013"
	    "-01-01\"}]}]}</script>\n"
	    "</div>\n";

struct fx {
	struct arena	*a;
	struct diags	*d;
	struct i18n	*in;
	struct datefmt	*df;
	struct buf	 b;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	markdown_init();
	f->a = arena_new();
	f->d = diags_new();
	f->in = i18n_new();
	f->df = datefmt_new();
	buf_init(&f->b);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	buf_free(&f->b);
	datefmt_free(f->df);
	i18n_free(f->in);
	diags_free(f->d);
	arena_free(f->a);
	free(f);
	return 0;
}

static void
expect_diags(struct fx *f, const char *want)
{
	char	*got = tu_diags(f->d);

	assert_string_equal(got, want);
	free(got);
	diags_free(f->d);
	f->d = diags_new();
}

static void
parse_ok(struct fx *f, struct hours_block *blk, const char *yaml)
{
	assert_int_equal(hours_parse(blk, yaml, strlen(yaml), PATH, 18, 0,
	    "America/Los_Angeles", f->a, f->d), 0);
	expect_diags(f, "");
}

static const char *
html(struct fx *f, const struct hours_block *blk, const char *locale,
    const char *ics)
{
	struct hours_fmt	 fmt = { f->in, locale, f->df, ics };

	buf_reset(&f->b);
	assert_int_equal(hours_html(&f->b, blk, &fmt, f->d), 0);
	expect_diags(f, "");
	return buf_cstr(&f->b);
}

static void
test_hours_table_en(void **state)
{
	struct fx		*f = *state;
	struct hours_block	 blk;

	parse_ok(f, &blk, example);
	assert_string_equal(html(f, &blk, "en", "/2012/12/holiday-hours.ics"),
	    table_en);
}

static void
test_hours_table_es(void **state)
{
	struct fx		*f = *state;
	struct hours_block	 blk;

	parse_ok(f, &blk, example);
	assert_string_equal(html(f, &blk, "es", "/2012/12/holiday-hours.ics"),
	    table_es);
}

static void
test_hours_errors(void **state)
{
	static const struct {
		unsigned	 indent;
		const char	*yaml;
		const char	*want;
	} cases[] = {
		{ 0, "timezone: America/Toronto\nhorus: 5\n"
		    "departments: [{ name: A, closed: [2012-12-25] }]\n",
		    "x.md:11:1: error: hours: unknown key \"horus\": expected "
		    "timezone, resume or departments\n" },
		/* Columns count the fence's indentation. */
		{ 4, "departments:\n  - name: Payments\n"
		    "    colsed: [2012-12-25]\n",
		    "x.md:12:9: error: department: unknown key \"colsed\": "
		    "expected name, closed, reduced or note; did you mean "
		    "\"closed\"?\n" },
		{ 0, "timezone: America/Toronot\n"
		    "departments: [{ name: A, closed: [2012-12-25] }]\n",
		    "x.md:10:11: error: timezone: unknown time zone "
		    "\"America/Toronot\"\n" },
		{ 0, "departments:\n  - name: A\n    closed:\n"
		    "      - { from: 2012-12-24T17:00, until: 2012-12-24T08:00"
	    " }\n"
		    "      - { from: 2012-12-27T17:00, until: 2012-12-27T17:00"
	    " }\n"
		    "      - { from: 2012-12-29, until: 2012-12-28 }\n",
		    "x.md:13:42: error: until: 2012-12-24T08:00 is before from"
	    ", "
		    "2012-12-24T17:00\n"
		    "x.md:14:42: error: until: 2012-12-27T17:00 is the same "
		    "instant as from, 2012-12-27T17:00\n"
		    "x.md:15:36: error: until: 2012-12-28 is before from, "
		    "2012-12-29\n" },
		/* An overlap is reported where the later closure is written. */
		{ 0, "departments:\n  - name: A\n    closed:\n"
		    "      - { from: 2012-12-24T17:00, until: 2012-12-26T08:00"
	    " }\n"
		    "      - 2012-12-25\n  - name: B\n"
		    "    closed: [2012-12-25, 2012-12-26, 2012-12-25]\n",
		    "x.md:14:9: error: closed: overlaps 2012-12-24T17:00 to "
		    "2012-12-26T08:00 on line 13\n"
		    "x.md:16:38: error: closed: overlaps 2012-12-25 on line 16"
	    "\n" },
		{ 0, "departments:\n  - name: A\n    closed: "
		    "[2012-12-32, 2012-13-01, 2012-12-24T17:00, soon]\n",
		    "x.md:12:14: error: date: cannot read \"2012-12-32\": "
		    "expected a day from 01 to 31\n"
		    "x.md:12:26: error: date: cannot read \"2012-13-01\": "
		    "expected a month from 01 to 12\n"
		    "x.md:12:38: error: closed: expected a day (YYYY-MM-DD) or "
		    "{ from, until }, got \"2012-12-24T17:00\"\n"
		    "x.md:12:56: error: date: cannot read \"soon\"; write it "
		    "as " DATEFMT_FORMS "\n" },
		{ 0, "resume: tomorrow\ndepartments:\n  - name: A\n    closed:"
	    "\n"
		    "      - { from: 2012-12-24 17:00, until: 2012-12-24 25:00"
	    " }\n"
		    "      - { from: 2012-12-28 }\n"
		    "      - { from: [1], until: 2012-12-29, to: 2012-12-30 }"
	    "\n",
		    "x.md:10:9: error: date: cannot read \"tomorrow\"; write "
		    "it as " DATEFMT_FORMS "\n"
		    "x.md:14:42: error: date: cannot read \"2012-12-24 25:00"
	    "\": "
		    "expected an hour from 00 to 23\n"
		    "x.md:15:9: error: closed: missing \"until\"\n"
		    "x.md:16:17: error: from: expected a date, got a list\n"
		    "x.md:16:41: error: closed: unknown key \"to\": expected from "
		    "and until\n" },
		/* A misspelt key gets the name it was meant to be. */
		{ 0, "timezone: UTC\nresme: 2012-12-27\n"
		    "departments: [{ name: A, closed: [2012-12-25] }]\n",
		    "x.md:11:1: error: hours: unknown key \"resme\": expected "
		    "timezone, resume or departments; did you mean "
		    "\"resume\"?\n" },
		/* Normal hours cannot resume before a closure is over. */
		{ 0, "timezone: UTC\nresume: 2012-12-26T08:00\n"
		    "departments:\n  - name: Sales\n    closed: [2012-12-25]\n"
		    "  - name: Support\n    closed:\n"
		    "      - { from: 2012-12-24T17:00, until: 2012-12-27T08:00 }\n",
		    "x.md:11:9: error: resume: before the end of the closure of "
		    "\"Support\" on line 17; normal hours resume when every "
		    "closure is over\n" },
		{ 0, "departments:\n  - name: [Payments]\n    closed: true\n"
		    "  - note: x\n    closed: 5\n  - just text\n  - name: C\n"
		    "    closed: []\n  - name: D\n",
		    "x.md:11:11: error: name: expected text, got a list\n"
		    "x.md:12:13: error: closed: expected a day (YYYY-MM-DD) or "
		    "{ from, until }, got true or false\n"
		    "x.md:13:5: error: department: missing \"name\"\n"
		    "x.md:14:13: error: closed: expected a day (YYYY-MM-DD) or "
		    "{ from, until }, got a number\n"
		    "x.md:15:5: error: departments: expected a map with name a"
	    "nd "
		    "closed, got text\n"
		    "x.md:17:13: error: closed: expected at least one closure\n"
		    "x.md:18:5: error: department \"D\": expected closed or "
		    "reduced\n" },
		{ 0, "- a\n- b\n",
		    "x.md:10:1: error: hours: expected a map of timezone, resu"
	    "me "
		    "and departments, got a list\n" },
		{ 2, "",
		    "x.md:10:3: error: hours: expected a map of timezone, resu"
	    "me "
		    "and departments, got nothing\n" },
		{ 0, "timezone: 5\nresume: [1]\ndepartments: {}\n",
		    "x.md:10:11: error: timezone: unknown time zone \"5\"\n"
		    "x.md:11:9: error: resume: expected a date, got a list\n"
		    "x.md:12:14: error: departments: expected a list of "
		    "departments, got a map\n" },
		{ 0, "departments: []\n",
		    "x.md:10:14: error: departments: expected at least one "
		    "department\n" },
		{ 0, "timezone: UTC\n",
		    "x.md:10:1: error: hours: missing \"departments\"\n" },
		{ 0, "departments:\n  - name: A\n    closed: [2012-12-25\n",
		    "x.md:12:13: error: yaml: while parsing a flow sequence di"
	    "d "
		    "not find expected ',' or ']'\n" },
		{ 0, "departments:\n  - name: A\n"
		    "    closed: [9999-12-31, 0000-01-01]\n",
		    "x.md:12:14: error: closed: expected a day before "
		    "9999-12-31\n"
		    "x.md:12:26: error: date: cannot read \"0000-01-01\": "
		    "expected a year from 0001 to 9999\n" },
		{ 0, "departments:\n  - name: \"A\\x01\\\"\"\n",
		    "x.md:11:5: error: department \"A\\x01\\\"\": expected "
		    "closed or reduced\n" },
	};
	struct fx		*f = *state;
	struct hours_block	 blk;
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(hours_parse(&blk, cases[i].yaml,
		    strlen(cases[i].yaml), "x.md", 10, cases[i].indent,
		    "America/Los_Angeles", f->a, f->d), -1);
		expect_diags(f, cases[i].want);
	}
}

static void
test_hours_warnings(void **state)
{
	struct fx		*f = *state;
	struct hours_block	 blk;
	const char		*gap = "departments:\n  - name: A\n    closed:"
	    "\n"
				    "      - { from: 2013-03-10T02:30, "
				    "until: 2013-03-10T05:00 }\n";
	const char		*day = "departments:\n  - name: A\n"
				    "    closed: [2012-10-21]\n";

	/* A time in a spring-forward gap moves on, with a warning. */
	assert_int_equal(hours_parse(&blk, gap, strlen(gap), "x.md", 10, 0,
	    "America/Toronto", f->a, f->d), 0);
	expect_diags(f, "x.md:13:17: warning: date: 2013-03-10T02:30 does not "
	    "exist in America/Toronto (daylight saving time starts); read as "
	    "03:30\n");
	assert_int_equal(blk.depts[0].closed[0].from, INT64_C(1362900600));
	/* A whole day whose midnight is skipped starts when the day does. */
	assert_int_equal(hours_parse(&blk, day, strlen(day), "x.md", 10, 0,
	    "America/Sao_Paulo", f->a, f->d), 0);
	expect_diags(f, "");
	assert_true(blk.depts[0].closed[0].all_day);
	assert_int_equal(blk.depts[0].closed[0].from, INT64_C(1350788400));
	assert_int_equal(blk.depts[0].closed[0].until, INT64_C(1350871200));
}

/* A block across a daylight-saving change, with text to escape. */
static const char dst_block[] =
    "timezone: America/Toronto\n"
    "departments:\n"
    "  - name: Reseller Support\n"
    "    closed:\n"
    "      - { from: 2013-03-09T17:00, until: 2013-03-11T08:00 }\n"
    "    note: \"Urgent issues: call 555-0100, option 3; or write to "
    "ops\\\\desk.\"\n"
    "  - name: Payments\n"
    "    closed: [2013-03-29, 2013-03-30]\n"
    "    reduced: Thursday, until 13:00\n";

static void
fake_post(struct post *p, struct hours *h, struct hours_block *blk)
{
	memset(p, 0, sizeof(*p));
	p->path = "content/posts/2013/03/easter.md";
	p->title = "Easter, 2013";
	p->id = "tag:news.example.com,2013-03-01:/2013/03/easter.html";
	p->permalink = "https://news.example.com/2013/03/easter.html";
	p->updated = INT64_C(1362160800);	/* 2013-03-01T10:00-08:00 */
	p->locale = "en";
	memset(h, 0, sizeof(*h));
	h->blocks = blk;
	h->n = 1;
	p->hours = h;
}

static void
test_hours_dst(void **state)
{
	struct fx		*f = *state;
	struct hours_block	 blk;
	const char		*got;

	parse_ok(f, &blk, dst_block);
	/* 17:00 EST is 22:00Z; 08:00 EDT, after the change, is 12:00Z. */
	assert_int_equal(blk.depts[0].closed[0].from, INT64_C(1362866400));
	assert_int_equal(blk.depts[0].closed[0].until, INT64_C(1363003200));
	got = html(f, &blk, "en", NULL);
	assert_non_null(strstr(got, "<td data-label=\"Closed\"><time datetime="
	    "\""
	    "2013-03-09T17:00:00-05:00\">Mar 9, 2013, 5:00" NNBSP "PM EST"
	    "</time>" THIN_DASH "<time datetime=\"2013-03-11T08:00:00-04:00\">"
	    "Mar 11, 2013, 8:00" NNBSP "AM EDT</time></td>\n"));
	/* No resume, no calendar link: neither paragraph is written. */
	assert_null(strstr(got, "hours-resume"));
	assert_null(strstr(got, "hours-calendar"));
}

/* The site publishes the calendars; its title may hold quotes. */
static const struct hours_org org = {
	"Reseller News \"Canada\"", "https://news.example.com/"
};

static const char ics_want[] =
	    "BEGIN:VCALENDAR\r\n"
	    "VERSION:2.0\r\n"
	    "PRODID:-//heraldo//heraldo//EN\r\n"
	    "CALSCALE:GREGORIAN\r\n"
	    "METHOD:PUBLISH\r\n"
	    "NAME:Easter\\, 2013\r\n"
	    "X-WR-CALNAME:Easter\\, 2013\r\n"
	    "BEGIN:VEVENT\r\n"
	    "UID:b8a386f93c85f36e-0@news.example.com\r\n"
	    "DTSTAMP:20130301T180000Z\r\n"
	    "DTSTART:20130309T220000Z\r\n"
	    "DTEND:20130311T120000Z\r\n"
	    "ORGANIZER;CN=\"Reseller News ^'Canada^'\":"
	    "https://news.example.com/\r\n"
	    "SUMMARY:Reseller Support: closed\r\n"
	    "DESCRIPTION:Urgent issues: call 555-0100\\, option 3\\; or write "
	    "to ops\\\\desk\r\n"
	    " .\r\n"
	    "URL:https://news.example.com/2013/03/easter.html\r\n"
	    "TRANSP:TRANSPARENT\r\n"
	    "END:VEVENT\r\n"
	    "BEGIN:VEVENT\r\n"
	    "UID:b36d1e333469d7cd-0@news.example.com\r\n"
	    "DTSTAMP:20130301T180000Z\r\n"
	    "DTSTART;VALUE=DATE:20130329\r\n"
	    "DTEND;VALUE=DATE:20130331\r\n"
	    "ORGANIZER;CN=\"Reseller News ^'Canada^'\":"
	    "https://news.example.com/\r\n"
	    "SUMMARY:Payments: closed\r\n"
	    "DESCRIPTION:Reduced hours: Thursday\\, until 13:00\r\n"
	    "URL:https://news.example.com/2013/03/easter.html\r\n"
	    "TRANSP:TRANSPARENT\r\n"
	    "END:VEVENT\r\n"
	    "END:VCALENDAR\r\n";

/* Run python3-icalendar over "ics"; its report of the events. */
static char *
icalendar_read(const char *ics, size_t len)
{
	char		*dir = tu_tmpdir(), path[512], cmd[2048];
	struct buf	 out = BUF_INIT;
	FILE		*fp;
	char		 chunk[512];
	size_t		 n;

	snprintf(path, sizeof(path), "%s/t.ics", dir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(ics, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 -c '"
	    "import sys, icalendar\n"
	    "c = icalendar.Calendar.from_ical(open(sys.argv[1], \"rb\")."
	    "read())\n"
	    "print(c[\"VERSION\"], c[\"PRODID\"], c[\"X-WR-CALNAME\"])\n"
	    "for e in c.walk(\"VEVENT\"):\n"
	    "    print(e[\"UID\"], e.decoded(\"DTSTAMP\").isoformat(),\n"
	    "        e.decoded(\"DTSTART\").isoformat(),\n"
	    "        e.decoded(\"DTEND\").isoformat(), e[\"SUMMARY\"],\n"
	    "        \"|\", e.get(\"DESCRIPTION\", \"\"))\n"
	    "' %s", path);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&out, chunk, n);
	assert_int_equal(pclose(fp), 0);
	tu_rmtree(dir);
	free(dir);
	buf_cstr(&out);
	return buf_detach(&out, NULL);
}

static void
test_hours_ics(void **state)
{
	struct fx		*f = *state;
	struct hours_block	 blk;
	struct hours		 h;
	struct post		 p, *pp = &p;
	char			*got;

	parse_ok(f, &blk, dst_block);
	fake_post(&p, &h, &blk);
	buf_reset(&f->b);
	assert_int_equal(hours_ics(&f->b, p.title, &org, &pp, 1, f->in, f->d), 0);
	expect_diags(f, "");
	assert_string_equal(buf_cstr(&f->b), ics_want);
	got = icalendar_read(f->b.data, f->b.len);
	assert_string_equal(got, "2.0 -//heraldo//heraldo//EN Easter, 2013\n"
	    "b8a386f93c85f36e-0@news.example.com 2013-03-01T18:00:00+00:00 "
	    "2013-03-09T22:00:00+00:00 2013-03-11T12:00:00+00:00 "
	    "Reseller Support: closed | Urgent issues: call 555-0100, "
	    "option 3; or write to ops\\desk.\n"
	    "b36d1e333469d7cd-0@news.example.com 2013-03-01T18:00:00+00:00 "
	    "2013-03-29 2013-03-31 Payments: closed | Reduced hours: "
	    "Thursday, until 13:00\n");
	free(got);
	/* In Spanish, the post's language. */
	p.locale = "es";
	buf_reset(&f->b);
	assert_int_equal(hours_ics(&f->b, p.title, &org, &pp, 1, f->in, f->d), 0);
	assert_non_null(strstr(buf_cstr(&f->b), "\r\nSUMMARY:Payments: "
	    "cerrado\r\nDESCRIPTION:Horario reducido: Thursday\\, until "
	    "13:00\r\n"));
}

/* Unfold RFC 5545 lines: CRLF and one space or tab join them. */
static char *
unfold(const char *s)
{
	struct buf	 b = BUF_INIT;

	for (; *s != '\0'; s++) {
		if (s[0] == '\r' && s[1] == '\n' && (s[2] == ' ' ||
		    s[2] == '\t')) {
			s += 2;
			continue;
		}
		buf_putc(&b, *s);
	}
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

/* 37 two-byte, 29 three-byte and 17 four-byte characters. */
#define ENES	"ñññññññññññññññññññññññññññññññññññññ"
#define EUROS	"€€€€€€€€€€€€€€€€€€€€€€€€€€€€€"
#define SMILES	"😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀"

static void
test_hours_ics_folding(void **state)
{
	struct fx		*f = *state;
	struct hours_block	 blk;
	struct hours		 h;
	struct post		 p, *pp = &p;
	const char		*yaml = "departments:\n"
				    "  - name: Atención al cliente\n"
				    "    closed: [2013-03-29]\n"
				    "    note: \"Año nuevo: 休業日, señal; "
				    "línea 2\\n" ENES EUROS " " SMILES "\"\n";
	const char		*s, *eol;
	char			*flat, *got;
	size_t			 lines = 0;

	parse_ok(f, &blk, yaml);
	fake_post(&p, &h, &blk);
	buf_reset(&f->b);
	assert_int_equal(hours_ics(&f->b, p.title, &org, &pp, 1, f->in, f->d), 0);
	/*
	 * Every line ends in CRLF and holds at most 75 octets; a fold never
	 * splits a UTF-8 sequence, so each line is valid UTF-8 on its own.
	 */
	for (s = buf_cstr(&f->b); *s != '\0'; s = eol + 2) {
		eol = strstr(s, "\r\n");
		assert_non_null(eol);
		assert_true(eol - s <= 75);
		assert_true(util_utf8_valid(s, (size_t)(eol - s), NULL));
		assert_null(memchr(s, '\n', (size_t)(eol - s)));
		lines += *s == ' ';
	}
	assert_int_equal(lines, 3);
	flat = unfold(f->b.data);
	assert_non_null(strstr(flat, "\r\nDESCRIPTION:Año nuevo: 休業日\\, "
	    "señal\\; línea 2\\n" ENES EUROS " " SMILES "\r\n"));
	free(flat);
	got = icalendar_read(f->b.data, f->b.len);
	assert_non_null(strstr(got, " | Año nuevo: 休業日, señal; línea 2\n"
	    ENES EUROS " " SMILES "\n"));
	free(got);
}

static void
test_hours_jsonld_escaping(void **state)
{
	struct fx		*f = *state;
	struct hours_block	 blk;
	const char		*yaml = "departments:\n"
				    "  - name: \"Sales </script><!-- \\\"x\\\" "
				    "\\\\ \\u2028 & <b>\"\n"
				    "    closed: [2013-03-29]\n";
	const char		*got;

	parse_ok(f, &blk, yaml);
	got = html(f, &blk, "en", NULL);
	/* The HTML escapes markup; the JSON cannot end its <script>. */
	assert_non_null(strstr(got, "<th scope=\"row\">Sales &lt;/script&gt;"
	    "&lt;!-- &quot;x&quot; \\ \xe2\x80\xa8 &amp; &lt;b&gt;</th>\n"));
	assert_non_null(strstr(got, "\"name\":\"Sales \\u003c/script>"
	    "\\u003c!-- \\\"x\\\" \\\\ \\u2028 & \\u003cb>\","));
	assert_null(strstr(strstr(got, "<script"), "</script><"));
	assert_non_null(strstr(got, "\"validFrom\":\"2013-03-29\","
	    "\"validThrough\":\"2013-03-29\"}]}]}</script>\n</div>\n"));
}

static const char hook_want[] =
	    "<p>Intro.</p>\n"
	    "<div class=\"hours\">\n"
	    "<table class=\"hours-table\">\n"
	    "<caption>Horario festivo</caption>\n"
	    "<thead>\n"
	    "<tr>\n"
	    "<th scope=\"col\">Departamento</th>\n"
	    "<th scope=\"col\">Cerrado</th>\n"
	    "<th scope=\"col\">Horario reducido</th>\n"
	    "<th scope=\"col\">Nota</th>\n"
	    "</tr>\n"
	    "</thead>\n"
	    "<tbody>\n"
	    "<tr>\n"
	    "<th scope=\"row\">Soporte en español</th>\n"
	    "<td data-label=\"Cerrado\"><time datetime=\"2013-03-27T15:00:00-0"
	    "6:00\">27 mar 2013, 15:"
	    "00 GMT-6</time>" THIN_DASH "<time datetime=\"2013-04-01T09:00:00-"
	    "06:00\">1 abr 2013, 9:00 GMT-6</time></td>\n"
	    "<td data-label=\"Horario reducido\">miércoles 27 de marzo, de 9:0"
	    "0 a 15:00</td>\n"
	    "<td data-label=\"Nota\"></td>\n"
	    "</tr>\n"
	    "<tr>\n"
	    "<th scope=\"row\">Pagos</th>\n"
	    "<td data-label=\"Cerrado\"><time datetime=\"2013-03-29\">29 de ma"
	    "rzo de 2013</time></td>"
	    "\n"
	    "<td data-label=\"Horario reducido\"></td>\n"
	    "<td data-label=\"Nota\">Los pagos con tarjeta se procesan automát"
	    "icamente todos los d"
	    "ías.</td>\n"
	    "</tr>\n"
	    "</tbody>\n"
	    "</table>\n"
	    "<p class=\"hours-resume\">El horario habitual se reanuda el <time"
	    " datetime=\"2013-04-01T09:00:00-06:00\">lunes, 1 de abril de 2013"
	    ", 9:00 GMT-6</time>.</p>\n"
	    "<p class=\"hours-calendar\"><a href=\"/blog/2013/03/horario-seman"
	    "a-santa.ics\" type=\"text/calendar\">Añade estos cierres a tu cal"
	    "endario</a></p>\n"
	    "<script type=\"application/ld+json\">{\"@context\":\"https://sche"
	    "ma.org\",\"@graph\":[{\"@type\":\"LocalBusiness\",\"name\":\"Sopo"
	    "rte en español\",\"specialOpeningHoursSpecification\":[{\"@type\""
	    ":\"OpeningHoursSpecification\",\"opens\":\"00:00\",\"closes\":\"0"
	    "0:00\",\"validFrom\":\"2013-03-27T15:00:00-06:00\",\"validThrough"
	    "\":\"2013-04-01T09:00:00-06:00\"}]},{\"@type\":\"LocalBusiness\","
	    "\"name\":\"Pagos\",\"specialOpeningHoursSpecification\":[{\"@type"
	    "\":\"OpeningHoursSpecification\",\"opens\":\"00:00\",\"closes\":"
	    "\"00:00\",\"validFrom\":\"2013-03-29\",\"validThrough\":\"2013-03"
	    "-29\"}]}]}</script>\n"
	    "</div>\n"
	    "<p>Fin.</p>\n";

static void
test_hours_hook(void **state)
{
	struct fx		*f = *state;
	struct worker		*w = pool_workers_new(1);
	struct hours_env	 env = { f->in, "/blog/", f->d };
	struct markdown_hook	 h = { "hours", hours_render_hook, &env };
	struct markdown_opts	 o = { false, &h, 1, NULL };
	struct post		 p;
	struct post_render	 pr = { &p, w, NULL };
	struct markdown_doc	 doc;
	const char		*md = "Intro.\n\n```hours\n"
				    "timezone: America/Mexico_City\n"
				    "resume: 2013-04-01T09:00\n"
				    "departments:\n"
				    "  - name: Soporte en español\n"
				    "    closed:\n"
				    "      - { from: 2013-03-27T15:00, "
				    "until: 2013-04-01T09:00 }\n"
				    "    reduced: \"miércoles 27 de marzo, de "
				    "9:00 a 15:00\"\n"
				    "  - name: Pagos\n"
				    "    closed: [2013-03-29]\n"
				    "    note: Los pagos con tarjeta se proces"
	    "an "
				    "automáticamente todos los días.\n"
				    "```\n\nFin.\n";
	const char		*bad = "Intro.\n\n  ```hours\n  departments:\n"
				    "    - name: Pagos\n      closed: [2013-02"
	    "-30]"
				    "\n  ```\n\n```hours\ntimezone: UTC\n"
				    "departments: [{ name: A, closed: "
				    "[2013-03-29] }]\n```\n";

	memset(&p, 0, sizeof(p));
	p.path = "content/posts/2013/03/horario-semana-santa.md";
	p.url = "/2013/03/horario-semana-santa.html";
	p.slug = "horario-semana-santa";
	p.locale = "es";
	p.tz = "America/Los_Angeles";
	/* The post's body starts on line 16 of its file. */
	assert_int_equal(markdown_render(&doc, p.path, md, strlen(md), 16, &o,
	    &pr, f->a, f->d), 0);
	expect_diags(f, "");
	assert_string_equal(doc.html, hook_want);
	assert_non_null(p.hours);
	assert_int_equal(p.hours->n, 1);
	assert_string_equal(p.hours->ics_url,
	    "/2013/03/horario-semana-santa.ics");
	assert_string_equal(p.hours->blocks[0].tz, "America/Mexico_City");

	/* Errors point into the file; good blocks of the post are kept. */
	env.d = f->d;		/* expect_diags made a new sink */
	memset(&p, 0, sizeof(p));
	p.path = "content/pages/about.md";
	p.url = "/about/";
	p.slug = "about";
	p.locale = "en";
	p.tz = "America/Los_Angeles";
	assert_int_equal(markdown_render(&doc, p.path, bad, strlen(bad), 6, &o,
	    &pr, f->a, f->d), -1);
	expect_diags(f, "content/pages/about.md:11:16: error: date: cannot "
	    "read \"2013-02-30\": expected a day from 01 to 28\n");
	assert_non_null(p.hours);
	assert_int_equal(p.hours->n, 1);
	assert_string_equal(p.hours->ics_url, "/about/about.ics");
	assert_non_null(strstr(doc.html, "<a href=\"/blog/about/about.ics\" "
	    "type=\"text/calendar\">Add these closures to your calendar</a>"));
	pool_workers_free(w, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
		T(test_hours_table_en),
		T(test_hours_table_es),
		T(test_hours_errors),
		T(test_hours_warnings),
		T(test_hours_dst),
		T(test_hours_ics),
		T(test_hours_ics_folding),
		T(test_hours_jsonld_escaping),
		T(test_hours_hook),
#undef T
	};

	return cmocka_run_group_tests_name("hours", tests, NULL, NULL);
}
