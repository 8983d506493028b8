/*
 * hours: holiday-hours blocks (heraldo(1), HOURS BLOCKS).  A fenced
 * block whose info string is "hours" holds YAML:
 *
 *   timezone: America/Toronto     IANA zone; the post's when absent
 *   resume: 2013-01-02T08:00      when normal hours resume (optional)
 *   departments:
 *     - name: Reseller Support
 *       closed:                   closures, in any order:
 *         - { from: 2012-12-24T17:00, until: 2012-12-26T08:00 }
 *         - 2012-12-31            a whole day
 *         - { from: 2013-01-01, until: 2013-01-02 }   whole days, both
 *       reduced: the remaining days                   ends included
 *       note: Voicemail is monitored.
 *
 * Local date-times are read in the block's zone (datefmt_parse: RFC 3339
 * with an offset works too); a timed closure is the instants [from,
 * until).  A whole day runs from its local midnight to the next.  The
 * closures of one department must not overlap; consecutive whole days
 * are merged into one range.  Each department needs "closed" or
 * "reduced".
 *
 * A block becomes, in the post's language: an accessible table (class
 * "hours-table") whose closures ICU's interval formatter writes, every
 * instant in a <time datetime>; the "normal hours resume" sentence; a
 * link to the post's iCalendar file; and schema.org JSON-LD
 * (specialOpeningHoursSpecification).  hours_write_site then writes each
 * post's iCalendar file (RFC 5545) next to its page, and the site's
 * /hours/ page of current and upcoming closures with /hours/closures.ics.
 *
 * ICU is reached through datefmt, messages through i18n; nothing here
 * reads the machine's clock, zone or locale.
 */
#ifndef HERALDO_HOURS_H
#define HERALDO_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct build;
struct datefmt;
struct diags;
struct i18n;
struct post;

struct hours_closure {
	int64_t		 from, until;	/* instants: [from, until) */
	bool		 all_day;
	int64_t		 day0, day1;	/* whole days: first and last (both
					   included), days since 1970-01-01 */
	unsigned	 line, col;	/* where it was written */
};

struct hours_dept {
	const char		*name;
	const char		*note;		/* or NULL */
	const char		*reduced;	/* or NULL */
	struct hours_closure	*closed;	/* by start, days merged */
	size_t			 nclosed;
};

struct hours_block {
	const char		*tz;		/* IANA zone */
	bool			 has_resume;
	int64_t			 resume;
	struct hours_dept	*depts;
	size_t			 ndepts;
};

/* The hours blocks of one post, in the order they appear. */
struct hours {
	struct hours_block	*blocks;
	size_t			 n, cap;
	const char		*ics_url;	/* site URL: "/2012/12/x.ics" */
};

/* The text of a block's table and links. */
struct hours_fmt {
	const struct i18n	*i18n;
	const char		*locale;	/* the post's (ICU id) */
	struct datefmt		*df;		/* the calling thread's */
	const char		*ics_href;	/* calendar link, or NULL */
};

/* What the Markdown hook needs from the build (see hours_render_hook). */
struct hours_env {
	const struct i18n	*i18n;
	const char		*base_path;	/* "/" or "/blog/" */
	struct diags		*d;		/* the build's (thread-safe) */
};

/*
 * Parse a block's YAML, text[0..len), whose first line is line "line" of
 * "path" and whose columns are shifted right by "indent" (the fence's
 * indentation).  Dates without an offset are read in the block's
 * "timezone", else in "tz".  Fills *blk (allocated in "a") and returns 0,
 * or returns -1 after recording every error found, each at the offending
 * value (a key's value for an unknown key):
 *   hours: unknown key "colsed": expected name, closed, reduced or note
 *   timezone: unknown time zone "America/Toronot"
 *   until: 2012-12-24T08:00 is before from, 2012-12-24T17:00
 *   closed: overlaps 2012-12-25 on line 28
 *   date: cannot read "2012-12-32": expected a day from 01 to 31
 *   name: expected text, got a list
 */
int	hours_parse(struct hours_block *blk, const char *text, size_t len,
	    const char *path, unsigned line, unsigned indent, const char *tz,
	    struct arena *a, struct diags *d);

/*
 * Append a parsed block's HTML: <div class="hours"> holding the table,
 * the resume sentence (i18n hours_resume), the calendar link (i18n
 * hours_calendar, when f->ics_href is set) and the JSON-LD script.
 * Returns 0, or -1 after recording an error with no place (a message or
 * format ICU refused).
 */
int	hours_html(struct buf *out, const struct hours_block *,
	    const struct hours_fmt *f, struct diags *d);

/*
 * Append an iCalendar stream (RFC 5545, CRLF lines folded at 75 octets)
 * named "name" with one VEVENT per closure of the hours blocks of
 * posts[0..n), sorted by start: UTC times, or VALUE=DATE days with an
 * exclusive end; UIDs made from the post's id, block, department and
 * closure index; DTSTAMP the post's "updated"; SUMMARY "Department:
 * closed" in the post's language (i18n hours_event); ORGANIZER "org",
 * which METHOD:PUBLISH requires (RFC 5546).  Returns 0, or -1 after
 * recording an error with no place.
 */
struct hours_org {
	const char	*name;		/* the site's title */
	const char	*url;		/* the site's base URL */
};
int	hours_ics(struct buf *out, const char *name,
	    const struct hours_org *org, struct post *const *posts, size_t n,
	    const struct i18n *i18n, struct diags *d);

/*
 * The Markdown hook for "hours" blocks: "arg" is a struct hours_env,
 * "ctx" the struct post_render of the post being loaded.  Parses the
 * block in the post's zone, attaches it to post->hours (in the worker's
 * arena) and appends its HTML in the post's language, linking the post's
 * calendar file: its page's output path with ".ics" for ".html"
 * ("/2012/12/x.html" -> "/2012/12/x.ics"), or the slug in its folder
 * ("/about/" -> "/about/about.ics").
 */
int	hours_render_hook(struct buf *html, const char *text, size_t len,
	    const char *path, unsigned line, unsigned indent, void *arg,
	    void *ctx);

/*
 * Whether the build writes the site's /hours/ page: some post or page
 * of b->all and b->pages holds an hours block (read once posts are
 * loaded), and no page of the site is /hours/ itself.  *updated is the
 * latest "updated" of those posts (for the sitemap).
 */
bool	hours_site_page(const struct build *b, int64_t *updated);

/*
 * After render_pages: write the calendar file of every post and page
 * with hours blocks, and, when there is any, the site's /hours/ page
 * (layout "hours", built in or the site's) listing the closures not
 * over at the build's "now", by start, and /hours/closures.ics with
 * every closure.  Errors go to b->d; returns 0 or -1.
 */
int	hours_write_site(const struct build *b);

#endif /* !HERALDO_HOURS_H */
