/*
 * hours: hours blocks read from YAML into closures, and written as an
 * HTML table with schema.org JSON-LD, as iCalendar (RFC 5545) and as the
 * site's /hours/ page.
 *
 * Whole days are civil dates (days since 1970-01-01): they are formatted
 * at noon UTC in UTC, so no zone can move them to another day, and their
 * instants (for sorting, overlaps and "now") are the local midnights of
 * the block's zone.  Timed closures are instants, shown in the block's
 * zone.  iCalendar times are UTC (RFC 5545 3.3.5, form #2), so no
 * VTIMEZONE is needed; whole days are VALUE=DATE with an exclusive end.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "datefmt.h"
#include "diag.h"
#include "hours.h"
#include "i18n.h"
#include "loader.h"
#include "output.h"
#include "pool.h"
#include "post.h"
#include "render.h"
#include "template.h"
#include "url.h"
#include "util.h"
#include "value.h"

/* ICU skeletons: timed closures with their zone, whole days, resume. */
#define SKEL_TIMED	"yMMMdjmz"
#define SKEL_DAYS	"yMMMMd"
#define SKEL_RESUME	"yMMMMEEEEdjmz"

/* Holds the resume date's place in its message while HTML is escaped. */
#define MARK		"\xee\x80\x80"	/* U+E000, a private-use character */

/* RFC 5545 3.1: lines longer than 75 octets are folded. */
#define ICS_FOLD	75

/* Text echoed in a message is cut near this many bytes. */
#define ECHO_MAX	60

/* Days since 1970-01-01 of 9999-12-31, the last day datefmt reads. */
#define DAY_MAX		INT64_C(2932896)

static const char *const top_keys[] = {
	"timezone", "resume", "departments", NULL
};
static const char *const dept_keys[] = {
	"name", "closed", "reduced", "note", NULL
};
static const char *const range_keys[] = { "from", "until", NULL };

struct pctx {
	const char	*path;
	const char	*tz;
	struct arena	*a;
	struct diags	*d;
	int		 rc;
	const char	*text;		/* the block, to place keys */
	size_t		 len;
	unsigned	 first_line, indent;
};

/* A closure while its department is read: as written, and where. */
struct raw {
	struct hours_closure	 c;
	const char		*text;
	size_t			 order;
};

/* One closure of one post, for calendars and the site page. */
struct ent {
	const struct post		*p;
	const struct hours_block	*blk;
	const struct hours_dept		*dept;
	const struct hours_closure	*cl;
	size_t				 bi, di, ci;
};

/* "YYYY-MM-DD" of a day (sep "-"), or "YYYYMMDD" (sep ""). */
static void
day_string(char out[16], int64_t day, const char *sep)
{
	int	 y, m, d;

	datefmt_civil(day, &y, &m, &d);
	snprintf(out, 16, "%04d%s%02d%s%02d", y, sep, m, sep, d);
}

/*
 * "s" for a message: cut near ECHO_MAX bytes (whole UTF-8 sequences),
 * quotes, backslashes and control bytes escaped.  In "a".
 */
static const char *
echo(const char *s, struct arena *a)
{
	struct buf	 b = BUF_INIT;
	const char	*r;
	size_t		 i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= ECHO_MAX && ((unsigned char)s[i] & 0xc0) != 0x80) {
			buf_puts(&b, "...");
			break;
		}
		if (s[i] == '"' || s[i] == '\\')
			buf_printf(&b, "\\%c", s[i]);
		else if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			buf_printf(&b, "\\x%02x", (unsigned char)s[i]);
		else
			buf_putc(&b, s[i]);
	}
	r = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return r;
}

static const char *
kind_name(const struct value *v)
{
	switch (v->kind) {
	case VAL_NULL:
		return "nothing";
	case VAL_BOOL:
		return "true or false";
	case VAL_NUMBER:
		return "a number";
	case VAL_STRING:
		return "text";
	case VAL_LIST:
		return "a list";
	case VAL_MAP:
		return "a map";
	}
	return "something else";
}

/* A string, or a number as written; NULL for anything else. */
static const char *
text_of(const struct value *v)
{
	if (v->kind == VAL_STRING)
		return v->u.str.s;
	if (v->kind == VAL_NUMBER)
		return v->u.num.text;
	return NULL;
}

static void
perr(struct pctx *c, const struct value *v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record an error at value "v" (its line and column). */
static void
perr(struct pctx *c, const struct value *v, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_add(c->d, DIAG_ERROR, c->path, v->line, v->col, fmt, ap);
	va_end(ap);
	c->rc = -1;
}

static void
perr_at(struct pctx *c, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Record an error at a line and column (a key's). */
static void
perr_at(struct pctx *c, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_add(c->d, DIAG_ERROR, c->path, line, col, fmt, ap);
	va_end(ap);
	c->rc = -1;
}

/* The length of a NULL-terminated list of names. */
static size_t
nkeys(const char *const *keys)
{
	size_t	 n = 0;

	while (keys[n] != NULL)
		n++;
	return n;
}

/* Report the keys of "m" not in "keys"; returns how many there were. */
static size_t
check_keys(struct pctx *c, const struct value *m, const char *what,
    const char *const *keys, const char *expected)
{
	const char *const	*k;
	const char		*near;
	size_t			 i, bad = 0;
	unsigned		 line, col;

	for (i = 0; i < m->u.map.n; i++) {
		for (k = keys; *k != NULL; k++)
			if (strcmp(*k, m->u.map.v[i].key) == 0)
				break;
		if (*k == NULL) {
			near = util_suggest(m->u.map.v[i].key, keys,
			    nkeys(keys));
			loader_key_place(&line, &col, c->text, c->len,
			    c->first_line, c->indent, m->u.map.v[i].key,
			    m->u.map.v[i].val);
			perr_at(c, line, col, "%s: unknown key \"%s\": "
			    "expected %s%s%s%s", what,
			    echo(m->u.map.v[i].key, c->a), expected,
			    near != NULL ? "; did you mean \"" : "",
			    near != NULL ? near : "",
			    near != NULL ? "\"?" : "");
			bad++;
		}
	}
	return bad;
}

/* Optional text "key" of map "m": 0 and *out (NULL if absent), or -1. */
static int
get_text(struct pctx *c, const char **out, const struct value *m,
    const char *key)
{
	const struct value	*v = value_map_get(m, key);

	*out = NULL;
	if (v == NULL)
		return 0;
	if ((*out = text_of(v)) == NULL) {
		perr(c, v, "%s: expected text, got %s", key, kind_name(v));
		return -1;
	}
	return 0;
}

/* Exactly "YYYY-MM-DD": a whole day. */
static bool
is_day(const char *s)
{
	static const char	 shape[] = "dddd-dd-dd";
	size_t			 i;

	for (i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return false;
	return s[i] == '\0';
}

/* A day "YYYY-MM-DD" written at "v": checked by datefmt_parse. */
static int
parse_day(struct pctx *c, int64_t *day, const char *s, const struct value *v)
{
	int64_t	 t;

	/* In UTC a midnight always exists: only the fields are checked. */
	if (datefmt_parse(&t, s, "UTC", c->path, v->line, v->col, c->d) < 0) {
		c->rc = -1;
		return -1;
	}
	*day = t / 86400;
	if (*day >= DAY_MAX) {
		perr(c, v, "closed: expected a day before 9999-12-31");
		return -1;
	}
	return 0;
}

/*
 * The first instant of "day" in the block's zone: its midnight, or where
 * a daylight-saving gap moves it (a whole day has no time to warn about).
 */
static int64_t
day_start(struct pctx *c, int64_t day)
{
	struct diags	*quiet = diags_new();
	char		 s[16];
	int64_t		 t = day * 86400;

	day_string(s, day, "-");
	if (datefmt_parse(&t, s, c->tz, c->path, 0, 0, quiet) < 0)
		t = day * 86400;
	diags_free(quiet);
	return t;
}

static void
whole_days(struct pctx *c, struct hours_closure *cl, int64_t day0,
    int64_t day1)
{
	cl->all_day = true;
	cl->day0 = day0;
	cl->day1 = day1;
	cl->from = day_start(c, day0);
	cl->until = day_start(c, day1 + 1);
}

/* A "{ from, until }" closure. */
static int
read_range(struct pctx *c, struct raw *r, const struct value *v)
{
	const struct value	*fv, *uv;
	const char		*fs, *us;
	int64_t			 f, u;
	int			 rc = 0;

	check_keys(c, v, "closed", range_keys, "from and until");
	fv = value_map_get(v, "from");
	uv = value_map_get(v, "until");
	if (fv == NULL || uv == NULL) {
		perr(c, v, "closed: missing \"%s\"", fv == NULL ? "from" :
		    "until");
		return -1;
	}
	/* Dates load as strings: a number here is a typo, not a year. */
	if ((fs = value_str(fv)) == NULL) {
		perr(c, fv, "from: expected a date, got %s", kind_name(fv));
		rc = -1;
	}
	if ((us = value_str(uv)) == NULL) {
		perr(c, uv, "until: expected a date, got %s", kind_name(uv));
		rc = -1;
	}
	if (rc < 0)
		return -1;
	r->text = arena_printf(c->a, "%s to %s", fs, us);
	if (is_day(fs) && is_day(us)) {
		/* Both ends are days, and both are closed. */
		if (parse_day(c, &f, fs, fv) < 0 ||
		    parse_day(c, &u, us, uv) < 0)
			return -1;
		if (u < f) {
			perr(c, uv, "until: %s is before from, %s", us, fs);
			return -1;
		}
		whole_days(c, &r->c, f, u);
		return 0;
	}
	if (datefmt_parse(&f, fs, c->tz, c->path, fv->line, fv->col,
	    c->d) < 0)
		rc = -1;
	if (datefmt_parse(&u, us, c->tz, c->path, uv->line, uv->col,
	    c->d) < 0)
		rc = -1;
	if (rc < 0) {
		c->rc = -1;
		return -1;
	}
	if (u <= f) {
		perr(c, uv, "until: %s is %s from, %s", echo(us, c->a),
		    u < f ? "before" : "the same instant as", echo(fs, c->a));
		return -1;
	}
	r->c.from = f;
	r->c.until = u;
	return 0;
}

/* One item of "closed": a day or a { from, until } map. */
static int
read_closure(struct pctx *c, struct raw *r, const struct value *v)
{
	struct diags	*quiet;
	const char	*s;
	int64_t		 day, t;
	int		 bad;

	memset(r, 0, sizeof(*r));
	r->c.line = v->line;
	r->c.col = v->col;
	if (v->kind == VAL_MAP)
		return read_range(c, r, v);
	if ((s = value_str(v)) == NULL) {
		perr(c, v, "closed: expected a day (YYYY-MM-DD) or { from, "
		    "until }, got %s", kind_name(v));
		return -1;
	}
	r->text = s;
	if (is_day(s)) {
		if (parse_day(c, &day, s, v) < 0)
			return -1;
		whole_days(c, &r->c, day, day);
		return 0;
	}
	/* Say what the text is: a date with a time, or no date at all. */
	quiet = diags_new();
	bad = datefmt_parse(&t, s, "UTC", c->path, v->line, v->col, quiet);
	diags_free(quiet);
	if (bad < 0)
		datefmt_parse(&t, s, "UTC", c->path, v->line, v->col, c->d);
	else
		perr(c, v, "closed: expected a day (YYYY-MM-DD) or { from, "
		    "until }, got \"%s\"", echo(s, c->a));
	c->rc = -1;
	return -1;
}

static int
cmp_raw(const void *pa, const void *pb)
{
	const struct raw	*a = pa, *b = pb;

	if (a->c.from != b->c.from)
		return a->c.from < b->c.from ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/*
 * Sort a department's closures, report overlaps at the later one as
 * written, and merge consecutive whole days.
 */
static int
settle(struct pctx *c, struct hours_dept *dept, struct raw *r, size_t n)
{
	const struct raw	*later, *other;
	size_t			 i, j, k;
	int			 rc = 0;

	qsort(r, n, sizeof(*r), cmp_raw);
	for (i = 1, j = 0; i < n; i++) {
		/* r[j] reaches furthest among the closures before r[i]. */
		if (r[i].c.from < r[j].c.until) {
			later = r[i].order > r[j].order ? &r[i] : &r[j];
			other = later == &r[i] ? &r[j] : &r[i];
			diag_error(c->d, c->path, later->c.line, later->c.col,
			    "closed: overlaps %s on line %u",
			    echo(other->text, c->a), other->c.line);
			rc = c->rc = -1;
		}
		if (r[i].c.until > r[j].c.until)
			j = i;
	}
	if (rc < 0)
		return -1;
	dept->closed = arena_alloc(c->a, (n + 1) * sizeof(*dept->closed));
	for (i = 0, k = 0; i < n; i++) {
		if (k > 0 && dept->closed[k - 1].all_day && r[i].c.all_day &&
		    dept->closed[k - 1].day1 + 1 == r[i].c.day0) {
			dept->closed[k - 1].day1 = r[i].c.day1;
			dept->closed[k - 1].until = r[i].c.until;
			continue;
		}
		dept->closed[k++] = r[i].c;
	}
	dept->nclosed = k;
	return 0;
}

static int
read_dept(struct pctx *c, struct hours_dept *dept, const struct value *v)
{
	const struct value	*cv, *item;
	struct raw		*raws;
	size_t			 i, n = 0, nitems, unknown;
	int			 rc = 0;

	memset(dept, 0, sizeof(*dept));
	if (v->kind != VAL_MAP) {
		perr(c, v, "departments: expected a map with name and closed, "
		    "got %s", kind_name(v));
		return -1;
	}
	unknown = check_keys(c, v, "department", dept_keys,
	    "name, closed, reduced or note");
	if (get_text(c, &dept->name, v, "name") < 0 ||
	    get_text(c, &dept->note, v, "note") < 0 ||
	    get_text(c, &dept->reduced, v, "reduced") < 0)
		rc = -1;
	if (rc == 0 && (dept->name == NULL || dept->name[0] == '\0')) {
		perr(c, value_map_get(v, "name") != NULL ?
		    value_map_get(v, "name") : v, "department: %s \"name\"",
		    dept->name == NULL ? "missing" : "empty");
		rc = -1;
	}
	cv = value_map_get(v, "closed");
	if (cv == NULL || cv->kind == VAL_NULL) {
		/* A misspelt "closed" was reported as an unknown key. */
		if (rc == 0 && unknown == 0 && dept->reduced == NULL) {
			perr(c, v, "department \"%s\": expected closed or "
			    "reduced", echo(dept->name, c->a));
			rc = -1;
		}
		return rc;
	}
	/* A single day or range needs no list around it. */
	nitems = cv->kind == VAL_LIST ? cv->u.list.n : 1;
	if (nitems == 0) {
		perr(c, cv, "closed: expected at least one closure");
		return -1;
	}
	raws = xcalloc(nitems, sizeof(*raws));
	for (i = 0; i < nitems; i++) {
		item = cv->kind == VAL_LIST ? cv->u.list.v[i] : cv;
		if (read_closure(c, &raws[n], item) < 0) {
			rc = -1;
			continue;
		}
		raws[n].order = i;
		n++;
	}
	/* Overlaps among the closures that did parse are worth knowing. */
	if (settle(c, dept, raws, n) < 0)
		rc = -1;
	free(raws);
	return rc;
}

/* Normal hours cannot resume while a closure still runs. */
static void
check_resume(struct pctx *c, const struct hours_block *blk,
    const struct value *rv)
{
	const struct hours_closure	*cl, *last = NULL;
	const char			*name = NULL;
	size_t				 i, j;

	for (i = 0; i < blk->ndepts; i++)
		for (j = 0; j < blk->depts[i].nclosed; j++) {
			cl = &blk->depts[i].closed[j];
			if (last == NULL || cl->until > last->until) {
				last = cl;
				name = blk->depts[i].name;
			}
		}
	if (last == NULL || blk->resume >= last->until)
		return;
	perr(c, rv, "resume: before the end of the closure of \"%s\" on "
	    "line %u; normal hours resume when every closure is over",
	    echo(name != NULL ? name : "", c->a), last->line);
}

int
hours_parse(struct hours_block *blk, const char *text, size_t len,
    const char *path, unsigned line, unsigned indent, const char *tz,
    struct arena *a, struct diags *d)
{
	struct pctx		 c = { path, tz, a, d, 0, text, len, line,
				    indent };
	struct value		*v;
	const struct value	*tv, *rv, *dv;
	const char		*s;
	size_t			 i;

	memset(blk, 0, sizeof(*blk));
	blk->tz = tz;
	if (loader_parse_at(&v, path, text, len, line, indent, a, d) < 0)
		return -1;
	if (v->kind != VAL_MAP)
		return diag_error(d, path, v->line != 0 ? v->line : line,
		    v->col != 0 ? v->col : indent + 1, "hours: expected a map "
		    "of timezone, resume and departments, got %s",
		    kind_name(v));
	check_keys(&c, v, "hours", top_keys,
	    "timezone, resume or departments");
	if ((tv = value_map_get(v, "timezone")) != NULL) {
		if ((s = text_of(tv)) == NULL)
			perr(&c, tv, "timezone: expected text, got %s",
			    kind_name(tv));
		else if (!datefmt_zone_known(s))
			perr(&c, tv, "timezone: unknown time zone \"%s\"",
			    echo(s, a));
		else
			blk->tz = c.tz = s;
	}
	if ((rv = value_map_get(v, "resume")) != NULL) {
		if ((s = value_str(rv)) == NULL)
			perr(&c, rv, "resume: expected a date, got %s",
			    kind_name(rv));
		else if (datefmt_parse(&blk->resume, s, c.tz, path, rv->line,
		    rv->col, d) < 0)
			c.rc = -1;
		else
			blk->has_resume = true;
	}
	if ((dv = value_map_get(v, "departments")) == NULL) {
		perr(&c, v, "hours: missing \"departments\"");
		return -1;
	}
	if (dv->kind != VAL_LIST || dv->u.list.n == 0) {
		if (dv->kind != VAL_LIST)
			perr(&c, dv, "departments: expected a list of "
			    "departments, got %s", kind_name(dv));
		else
			perr(&c, dv, "departments: expected at least one "
			    "department");
		return -1;
	}
	blk->ndepts = dv->u.list.n;
	blk->depts = arena_zalloc(a, blk->ndepts * sizeof(*blk->depts));
	for (i = 0; i < blk->ndepts; i++)
		read_dept(&c, &blk->depts[i], dv->u.list.v[i]);
	if (blk->has_resume)
		check_resume(&c, blk, rv);
	return c.rc;
}

/* Message "key" of the block's language, HTML-escaped. */
static int
put_msg(struct buf *out, const struct hours_fmt *f, const char *key,
    struct diags *d)
{
	struct buf	 t = BUF_INIT;
	int		 rc;

	if ((rc = i18n_format(&t, f->i18n, f->locale, key, NULL, d)) == 0)
		buf_put_html(out, t.data != NULL ? t.data : "", t.len);
	buf_free(&t);
	return rc;
}

static void
put_time(struct buf *out, const char *datetime, const char *text,
    size_t len)
{
	buf_puts(out, "<time datetime=\"");
	buf_puts(out, datetime);
	buf_puts(out, "\">");
	buf_put_html(out, text, len);
	buf_puts(out, "</time>");
}

/* The "datetime" of a closure's two ends. */
static void
closure_ends(char from[32], char until[32], const struct hours_closure *cl,
    const char *tz)
{
	if (cl->all_day) {
		day_string(from, cl->day0, "-");
		day_string(until, cl->day1, "-");
	} else {
		datefmt_rfc3339(from, cl->from, tz);
		datefmt_rfc3339(until, cl->until, tz);
	}
}

/*
 * A closure as ICU writes the interval in "locale", each end that shows
 * in the text inside its own <time>, or the whole in one when both ends
 * read alike (a single day).
 */
static int
put_closure(struct buf *out, const struct hours_closure *cl, const char *tz,
    const char *locale, struct datefmt *df, struct diags *d)
{
	struct buf		 t = BUF_INIT;
	struct datefmt_span	 sp[2];
	char			 from[32], until[32];
	int			 rc;

	closure_ends(from, until, cl, tz);
	/* Days are civil dates: noon UTC in UTC is always the same day. */
	if (cl->all_day)
		rc = datefmt_interval(&t, sp, df, SKEL_DAYS, locale, "UTC",
		    cl->day0 * 86400 + 43200, cl->day1 * 86400 + 43200, d);
	else
		rc = datefmt_interval(&t, sp, df, SKEL_TIMED, locale, tz,
		    cl->from, cl->until, d);
	if (rc < 0)
		goto out;
	buf_cstr(&t);
	if (sp[1].end == 0) {
		put_time(out, from, t.data, t.len);
		goto out;
	}
	buf_put_html(out, t.data, sp[0].start);
	put_time(out, from, t.data + sp[0].start, sp[0].end - sp[0].start);
	buf_put_html(out, t.data + sp[0].end, sp[1].start - sp[0].end);
	put_time(out, until, t.data + sp[1].start, sp[1].end - sp[1].start);
	buf_put_html(out, t.data + sp[1].end, t.len - sp[1].end);
out:
	buf_free(&t);
	return rc;
}

/*
 * "Normal hours resume <time>...</time>.": the message is formatted with
 * a mark for the date, escaped, and the mark replaced by the markup.
 */
static int
put_resume(struct buf *out, const struct hours_block *blk,
    const struct hours_fmt *f, struct arena *a, struct diags *d)
{
	struct datefmt_spec	 spec = { DATEFMT_SKELETON, SKEL_RESUME,
				    f->locale, blk->tz };
	struct buf		 date = BUF_INIT, msg = BUF_INIT;
	struct buf		 esc = BUF_INIT;
	struct value		*args = value_map(a);
	char			 iso[32];
	const char		*mark, *s;
	int			 rc = -1;

	if (datefmt_format(&date, f->df, &spec, blk->resume, d) < 0)
		goto out;
	value_map_set_str(a, args, "date", MARK);
	if (i18n_format(&msg, f->i18n, f->locale, "hours_resume", args,
	    d) < 0)
		goto out;
	buf_put_html(&esc, msg.data != NULL ? msg.data : "", msg.len);
	s = buf_cstr(&esc);
	datefmt_rfc3339(iso, blk->resume, blk->tz);
	buf_puts(out, "<p class=\"hours-resume\">");
	while ((mark = strstr(s, MARK)) != NULL) {
		buf_put(out, s, (size_t)(mark - s));
		put_time(out, iso, buf_cstr(&date), date.len);
		s = mark + strlen(MARK);
	}
	buf_puts(out, s);
	buf_puts(out, "</p>\n");
	rc = 0;
out:
	buf_free(&esc);
	buf_free(&msg);
	buf_free(&date);
	return rc;
}

/* schema.org: each department a LocalBusiness with its closed days. */
static void
put_jsonld(struct buf *out, const struct hours_block *blk)
{
	const struct hours_dept		*dept;
	const struct hours_closure	*cl;
	char				 from[32], until[32];
	size_t				 i, j;
	bool				 first = true;

	for (i = 0; i < blk->ndepts; i++)
		if (blk->depts[i].nclosed > 0)
			break;
	if (i == blk->ndepts)
		return;
	buf_puts(out, "<script type=\"application/ld+json\">"
	    "{\"@context\":\"https://schema.org\",\"@graph\":[");
	for (i = 0; i < blk->ndepts; i++) {
		dept = &blk->depts[i];
		if (dept->nclosed == 0)
			continue;
		buf_puts(out, first ? "" : ",");
		first = false;
		buf_puts(out, "{\"@type\":\"LocalBusiness\",\"name\":");
		buf_put_json(out, dept->name, strlen(dept->name), true);
		buf_puts(out, ",\"specialOpeningHoursSpecification\":[");
		for (j = 0; j < dept->nclosed; j++) {
			cl = &dept->closed[j];
			closure_ends(from, until, cl, blk->tz);
			/* Opening and closing at 00:00 means closed. */
			buf_printf(out, "%s{\"@type\":"
			    "\"OpeningHoursSpecification\",\"opens\":\"00:00\","
			    "\"closes\":\"00:00\",\"validFrom\":\"%s\","
			    "\"validThrough\":\"%s\"}", j > 0 ? "," : "", from,
			    until);
		}
		buf_puts(out, "]}");
	}
	buf_puts(out, "]}</script>\n");
}

/*
 * A cell that says which column it is in: a narrow screen shows each
 * department as a block of labelled lines rather than columns.
 */
static int
put_cell(struct buf *out, const struct hours_fmt *f, const char *key,
    struct diags *d)
{
	int	 rc;

	buf_puts(out, "<td data-label=\"");
	rc = put_msg(out, f, key, d);
	buf_puts(out, "\">");
	return rc;
}

static int
put_row(struct buf *out, const struct hours_dept *dept,
    const struct hours_block *blk, const struct hours_fmt *f, bool reduced,
    bool note, struct diags *d)
{
	size_t	 j;
	int	 rc = 0;

	buf_puts(out, "<tr>\n<th scope=\"row\">");
	buf_put_html(out, dept->name, strlen(dept->name));
	buf_puts(out, "</th>\n");
	rc |= put_cell(out, f, "hours_closed", d);
	if (dept->nclosed > 1)
		buf_puts(out, "\n<ul class=\"hours-closed\">\n");
	for (j = 0; j < dept->nclosed; j++) {
		buf_puts(out, dept->nclosed > 1 ? "<li>" : "");
		if (put_closure(out, &dept->closed[j], blk->tz, f->locale,
		    f->df, d) < 0)
			rc = -1;
		buf_puts(out, dept->nclosed > 1 ? "</li>\n" : "");
	}
	if (dept->nclosed > 1)
		buf_puts(out, "</ul>\n");
	buf_puts(out, "</td>\n");
	if (reduced) {
		rc |= put_cell(out, f, "hours_reduced", d);
		if (dept->reduced != NULL)
			buf_put_html(out, dept->reduced, strlen(dept->reduced));
		buf_puts(out, "</td>\n");
	}
	if (note) {
		rc |= put_cell(out, f, "hours_note", d);
		if (dept->note != NULL)
			buf_put_html(out, dept->note, strlen(dept->note));
		buf_puts(out, "</td>\n");
	}
	buf_puts(out, "</tr>\n");
	return rc;
}

int
hours_html(struct buf *out, const struct hours_block *blk,
    const struct hours_fmt *f, struct diags *d)
{
	struct arena	*a = arena_new();
	size_t		 i;
	bool		 reduced = false, note = false;
	int		 rc = 0;

	/* Columns that no department fills are left out. */
	for (i = 0; i < blk->ndepts; i++) {
		reduced |= blk->depts[i].reduced != NULL;
		note |= blk->depts[i].note != NULL;
	}
	buf_puts(out, "<div class=\"hours\">\n<table class=\"hours-table\">\n"
	    "<caption>");
	rc |= put_msg(out, f, "hours_title", d);
	buf_puts(out, "</caption>\n<thead>\n<tr>\n<th scope=\"col\">");
	rc |= put_msg(out, f, "hours_department", d);
	buf_puts(out, "</th>\n<th scope=\"col\">");
	rc |= put_msg(out, f, "hours_closed", d);
	buf_puts(out, "</th>\n");
	if (reduced) {
		buf_puts(out, "<th scope=\"col\">");
		rc |= put_msg(out, f, "hours_reduced", d);
		buf_puts(out, "</th>\n");
	}
	if (note) {
		buf_puts(out, "<th scope=\"col\">");
		rc |= put_msg(out, f, "hours_note", d);
		buf_puts(out, "</th>\n");
	}
	buf_puts(out, "</tr>\n</thead>\n<tbody>\n");
	for (i = 0; i < blk->ndepts; i++)
		rc |= put_row(out, &blk->depts[i], blk, f, reduced, note, d);
	buf_puts(out, "</tbody>\n</table>\n");
	if (blk->has_resume)
		rc |= put_resume(out, blk, f, a, d);
	if (f->ics_href != NULL) {
		buf_puts(out, "<p class=\"hours-calendar\"><a href=\"");
		buf_put_html(out, f->ics_href, strlen(f->ics_href));
		buf_puts(out, "\" type=\"text/calendar\">");
		rc |= put_msg(out, f, "hours_calendar", d);
		buf_puts(out, "</a></p>\n");
	}
	put_jsonld(out, blk);
	buf_puts(out, "</div>\n");
	arena_free(a);
	return rc < 0 ? -1 : 0;
}

/* Every closure of the posts' blocks; *n of them, malloc'd. */
static struct ent *
collect(struct post *const *posts, size_t np, size_t *n)
{
	const struct hours	*h;
	struct ent		*v = NULL;
	size_t			 cap = 0, i, bi, di, ci;

	*n = 0;
	for (i = 0; i < np; i++) {
		if ((h = posts[i]->hours) == NULL)
			continue;
		for (bi = 0; bi < h->n; bi++)
			for (di = 0; di < h->blocks[bi].ndepts; di++)
				for (ci = 0; ci < h->blocks[bi].depts[di].
				    nclosed; ci++) {
					if (*n == cap) {
						cap = cap ? cap * 2 : 64;
						v = xrealloc(v, cap *
						    sizeof(*v));
					}
					v[*n].p = posts[i];
					v[*n].blk = &h->blocks[bi];
					v[*n].dept = &h->blocks[bi].depts[di];
					v[*n].cl = &v[*n].dept->closed[ci];
					v[*n].bi = bi;
					v[*n].di = di;
					v[*n].ci = ci;
					(*n)++;
				}
	}
	return v;
}

/* By start, end, post, then place in the post: a total order. */
static int
cmp_ent(const void *pa, const void *pb)
{
	const struct ent	*a = pa, *b = pb;
	int			 c;

	if (a->cl->from != b->cl->from)
		return a->cl->from < b->cl->from ? -1 : 1;
	if (a->cl->until != b->cl->until)
		return a->cl->until < b->cl->until ? -1 : 1;
	if (a->p != b->p && (c = strcmp(a->p->path, b->p->path)) != 0)
		return c;
	if (a->bi != b->bi)
		return a->bi < b->bi ? -1 : 1;
	if (a->di != b->di)
		return a->di < b->di ? -1 : 1;
	return a->ci < b->ci ? -1 : a->ci > b->ci;
}

/*
 * One content line, folded (RFC 5545 3.1): at most 75 octets a line, a
 * continuation starting with a space, never inside a UTF-8 sequence.
 */
static void
ics_line(struct buf *out, const char *s, size_t len)
{
	size_t	 lim = ICS_FOLD, n;

	while (len > lim) {
		for (n = lim; n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80;
		    n--)
			continue;
		buf_put(out, s, n);
		buf_puts(out, "\r\n ");
		s += n;
		len -= n;
		lim = ICS_FOLD - 1;
	}
	buf_put(out, s, len);
	buf_puts(out, "\r\n");
}

/* RFC 5545 3.3.11 TEXT: escape \ ; , and newlines; drop other controls. */
static void
ics_text(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_printf(out, "\\%c", *s);
		else if (*s == '\n')
			buf_puts(out, "\\n");
		else if ((unsigned char)*s >= 0x20 || *s == '\t')
			buf_putc(out, *s);
	}
}

/* "NAME:value" with the value escaped as TEXT, folded. */
static void
ics_prop(struct buf *out, struct buf *line, const char *name,
    const char *text)
{
	buf_reset(line);
	buf_puts(line, name);
	buf_putc(line, ':');
	ics_text(line, text);
	ics_line(out, buf_cstr(line), line->len);
}

/*
 * RFC 5546 3.2.1: a published event names its organizer; the site
 * publishes it, so the organizer is the site: its title as CN (quoted,
 * with RFC 6868's ^ escapes for quotes and line ends) and its address.
 */
static void
ics_organizer(struct buf *out, struct buf *line, const struct hours_org *org)
{
	const char	*s;

	buf_reset(line);
	buf_puts(line, "ORGANIZER;CN=\"");
	for (s = org->name; *s != '\0'; s++) {
		if (*s == '^')
			buf_puts(line, "^^");
		else if (*s == '"')
			buf_puts(line, "^'");
		else if (*s == '\n')
			buf_puts(line, "^n");
		else if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			buf_putc(line, *s);
	}
	buf_printf(line, "\":%s", org->url);
	ics_line(out, buf_cstr(line), line->len);
}

static void
ics_utc(char out[20], int64_t t)
{
	struct datefmt_tm	 tm;

	datefmt_local(&tm, t, "UTC");
	snprintf(out, 20, "%04d%02d%02dT%02d%02d%02dZ", tm.year % 10000,
	    tm.month, tm.day, tm.hour, tm.min, tm.sec);
}

/* FNV-1a, 64 bits: a short stable name for a post's department. */
static uint64_t
fnv(uint64_t h, const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

/* RFC 5545 3.8.4.7: the same closure keeps its UID from build to build. */
static void
ics_uid(struct buf *out, const struct ent *e)
{
	uint64_t	 h = UINT64_C(0xcbf29ce484222325);
	const char	*host = e->p->permalink != NULL ?
			    strstr(e->p->permalink, "://") : NULL;
	char		 idx[48];

	h = fnv(h, e->p->id, strlen(e->p->id) + 1);
	snprintf(idx, sizeof(idx), "%zu/%zu", e->bi, e->di);
	h = fnv(h, idx, strlen(idx) + 1);
	h = fnv(h, e->dept->name, strlen(e->dept->name));
	buf_printf(out, "UID:%016llx-%zu", (unsigned long long)h, e->ci);
	if (host != NULL) {
		host += 3;
		buf_putc(out, '@');
		buf_put(out, host, strcspn(host, "/:?#"));
	}
	buf_puts(out, "\r\n");
}

static int
ics_event(struct buf *out, const struct ent *e, const struct hours_org *org,
    const struct i18n *i18n, struct arena *a, struct diags *d)
{
	struct buf	 line = BUF_INIT, msg = BUF_INIT;
	struct value	*args = value_map(a);
	char		 s[20], day[16];
	int		 rc = -1;

	buf_puts(out, "BEGIN:VEVENT\r\n");
	ics_uid(out, e);
	ics_utc(s, e->p->updated);
	buf_printf(out, "DTSTAMP:%s\r\n", s);
	if (e->cl->all_day) {
		day_string(day, e->cl->day0, "");
		buf_printf(out, "DTSTART;VALUE=DATE:%s\r\n", day);
		day_string(day, e->cl->day1 + 1, "");
		buf_printf(out, "DTEND;VALUE=DATE:%s\r\n", day);
	} else {
		ics_utc(s, e->cl->from);
		buf_printf(out, "DTSTART:%s\r\n", s);
		ics_utc(s, e->cl->until);
		buf_printf(out, "DTEND:%s\r\n", s);
	}
	ics_organizer(out, &line, org);
	value_map_set_str(a, args, "department", e->dept->name);
	if (i18n_format(&msg, i18n, e->p->locale, "hours_event", args,
	    d) < 0)
		goto out;
	ics_prop(out, &line, "SUMMARY", buf_cstr(&msg));
	if (e->dept->note != NULL || e->dept->reduced != NULL) {
		buf_reset(&msg);
		if (e->dept->note != NULL)
			buf_puts(&msg, e->dept->note);
		if (e->dept->note != NULL && e->dept->reduced != NULL)
			buf_putc(&msg, '\n');
		if (e->dept->reduced != NULL) {
			if (i18n_format(&msg, i18n, e->p->locale,
			    "hours_reduced", NULL, d) < 0)
				goto out;
			buf_printf(&msg, ": %s", e->dept->reduced);
		}
		ics_prop(out, &line, "DESCRIPTION", buf_cstr(&msg));
	}
	if (e->p->permalink != NULL) {
		buf_reset(&line);
		buf_printf(&line, "URL:%s", e->p->permalink);
		ics_line(out, line.data, line.len);
	}
	/* A closure does not make its readers busy. */
	buf_puts(out, "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
	rc = 0;
out:
	buf_free(&msg);
	buf_free(&line);
	return rc;
}

int
hours_ics(struct buf *out, const char *name, const struct hours_org *org,
    struct post *const *posts, size_t n, const struct i18n *i18n,
    struct diags *d)
{
	struct arena	*a = arena_new();
	struct buf	 line = BUF_INIT;
	struct ent	*v;
	size_t		 nv, i;
	int		 rc = 0;

	v = collect(posts, n, &nv);
	if (nv > 1)
		qsort(v, nv, sizeof(*v), cmp_ent);
	buf_puts(out, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:-//heraldo//heraldo//EN\r\nCALSCALE:GREGORIAN\r\n"
	    "METHOD:PUBLISH\r\n");
	/* RFC 7986 NAME, and the older X-WR-CALNAME that clients read. */
	ics_prop(out, &line, "NAME", name);
	ics_prop(out, &line, "X-WR-CALNAME", name);
	for (i = 0; i < nv; i++)
		if (ics_event(out, &v[i], org, i18n, a, d) < 0)
			rc = -1;
	buf_puts(out, "END:VCALENDAR\r\n");
	buf_free(&line);
	free(v);
	arena_free(a);
	return rc;
}

/* "/2012/12/x.html" -> "/2012/12/x.ics"; "/about/" -> "/about/about.ics". */
static const char *
ics_url(const struct post *p, struct arena *a)
{
	size_t	 n;

	if (p->url == NULL)
		return NULL;
	n = strlen(p->url);
	if (util_endswith(p->url, ".html") && !util_endswith(p->url, "/"
	    "index.html"))
		return arena_printf(a, "%.*s.ics", (int)(n - 5), p->url);
	if (util_endswith(p->url, "/"))
		return arena_printf(a, "%s%s.ics", p->url, p->slug);
	return arena_printf(a, "%s.ics", p->url);
}

int
hours_render_hook(struct buf *html, const char *text, size_t len,
    const char *path, unsigned line, unsigned indent, void *arg, void *ctx)
{
	const struct hours_env	*env = arg;
	struct post_render	*pr = ctx;
	struct post		*p = pr->post;
	struct arena		*a = pr->w->a;
	struct hours		*h;
	struct hours_block	 blk;
	struct hours_fmt	 f;

	if (hours_parse(&blk, text, len, path, line, indent, p->tz, a,
	    env->d) < 0)
		return -1;
	if ((h = p->hours) == NULL) {
		h = p->hours = arena_zalloc(a, sizeof(*h));
		h->ics_url = ics_url(p, a);
	}
	if (h->n == h->cap) {
		h->blocks = arena_grow(a, h->blocks, h->cap *
		    sizeof(*h->blocks), (h->cap ? h->cap * 2 : 2) *
		    sizeof(*h->blocks));
		h->cap = h->cap ? h->cap * 2 : 2;
	}
	h->blocks[h->n++] = blk;
	f.i18n = env->i18n;
	f.locale = p->locale;
	f.df = pr->w->df;
	f.ics_href = h->ics_url != NULL ? url_href(env->base_path, h->ics_url,
	    a) : NULL;
	return hours_html(html, &h->blocks[h->n - 1], &f, env->d);
}

/* The /hours/ page's closures: those not over at "now", by start. */
static struct value *
site_closures(const struct build *b, struct worker *w, struct ent *v,
    size_t n, struct diags *d)
{
	struct arena	*a = w->a;
	struct value	*list = value_list(a), *m, *post;
	struct buf	 when = BUF_INIT;
	char		 from[32], until[32];
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (v[i].cl->until <= b->now)
			continue;
		buf_reset(&when);
		if (put_closure(&when, v[i].cl, v[i].blk->tz, b->conf->locale,
		    w->df, d) < 0)
			continue;
		closure_ends(from, until, v[i].cl, v[i].blk->tz);
		m = value_map(a);
		value_map_set_str(a, m, "department", v[i].dept->name);
		value_map_set(a, m, "when", value_stringn(a, buf_cstr(&when),
		    when.len));
		value_map_set_str(a, m, "from", from);
		value_map_set_str(a, m, "until", until);
		value_map_set_bool(a, m, "all_day", v[i].cl->all_day);
		value_map_set_bool(a, m, "now", v[i].cl->from <= b->now);
		if (v[i].dept->note != NULL)
			value_map_set_str(a, m, "note", v[i].dept->note);
		if (v[i].dept->reduced != NULL)
			value_map_set_str(a, m, "reduced", v[i].dept->reduced);
		post = value_map(a);
		value_map_set_str(a, post, "title", v[i].p->title);
		value_map_set_str(a, post, "url",
		    url_href(b->conf->base_path, v[i].p->url, a));
		value_map_set(a, m, "post", post);
		value_list_push(a, list, m);
	}
	buf_free(&when);
	return list;
}

/* The /hours/ page through layout "hours", as render.c makes pages. */
static void
write_page(const struct build *b, struct worker *w, struct ent *v, size_t n,
    const char *title)
{
	const struct siteconf	*c = b->conf;
	struct arena		*a = w->a;
	struct value		*root, *hours = value_map(a), *list;
	const char		*ics = url_href(c->base_path,
				    "/hours/closures.ics", a);

	root = render_page_root(b, a, "hours", title, "/hours/");
	list = site_closures(b, w, v, n, b->d);
	value_map_set(a, hours, "closures", list);
	value_map_set_bool(a, hours, "has_closures", value_len(list) > 0);
	value_map_set_num(a, hours, "count", (double)value_len(list));
	value_map_set_str(a, hours, "ics", ics);
	value_map_set(a, root, "hours", hours);
	buf_reset(&w->scratch);
	if (template_render(&w->scratch, b->tpl, "hours", root, b->d) < 0)
		return;
	output_write(b->out, "hours/index.html", buf_cstr(&w->scratch),
	    w->scratch.len);
}

bool
hours_site_page(const struct build *b, int64_t *updated)
{
	const struct post	*p;
	bool			 any = false;
	size_t			 i;

	*updated = 0;
	for (i = 0; i < b->nall + b->npages; i++) {
		p = i < b->nall ? b->all[i] : b->pages[i - b->nall];
		if (p->out_path != NULL &&
		    strcmp(p->out_path, "hours/index.html") == 0)
			return false;
		if (p->hours == NULL || p->hours->n == 0)
			continue;
		any = true;
		/* The sitemap's lastmod of a post: its latest instant. */
		if (p->date > *updated)
			*updated = p->date;
		if (p->updated > *updated)
			*updated = p->updated;
	}
	return any;
}

int
hours_write_site(const struct build *b)
{
	struct worker	*w = &b->workers[0];
	struct arena	*a = w->a;
	struct post	**with;
	struct ent	*v;
	struct buf	 ics = BUF_INIT;
	const char	*title, *rel, *claim = NULL;
	struct hours_org org = { b->conf->title, b->conf->base_url };
	size_t		 n = 0, nv, i;
	int		 rc = 0;

	with = xcalloc(b->nall + b->npages + 1, sizeof(*with));
	for (i = 0; i < b->nall + b->npages; i++) {
		struct post	*p = i < b->nall ? b->all[i] :
				    b->pages[i - b->nall];

		if (p->out_path != NULL &&
		    strcmp(p->out_path, "hours/index.html") == 0)
			claim = p->path;
		if (p->hours == NULL || p->hours->n == 0)
			continue;
		with[n++] = p;
		if (p->hours->ics_url == NULL ||
		    (rel = url_output_path(p->hours->ics_url, a)) == NULL)
			continue;
		buf_reset(&ics);
		if (hours_ics(&ics, p->title, &org, &p, 1, b->i18n,
		    b->d) < 0) {
			rc = -1;
			continue;
		}
		output_write(b->out, rel, buf_cstr(&ics), ics.len);
	}
	if (n == 0)
		goto out;
	title = value_str(value_map_get(b->i18n_table, "hours_title"));
	if (title == NULL)
		title = "";
	buf_reset(&ics);
	if (hours_ics(&ics, arena_printf(a, "%s \xc2\xb7 %s", title,
	    b->conf->title), &org, with, n, b->i18n, b->d) < 0)
		rc = -1;
	else
		output_write(b->out, "hours/closures.ics", buf_cstr(&ics),
		    ics.len);
	/* A page of the site's own at /hours/ wins over the list. */
	if (claim != NULL) {
		diag_note(b->d, claim, 0, 0, "this page is /hours/, so the "
		    "list of closures is left out (hours/closures.ics is "
		    "written)");
		goto out;
	}
	v = collect(with, n, &nv);
	if (nv > 1)
		qsort(v, nv, sizeof(*v), cmp_ent);
	write_page(b, w, v, nv, title);
	free(v);
out:
	buf_free(&ics);
	free(with);
	return rc;
}
