/*
 * fuzz_hours: arbitrary bytes as the YAML of an hours block.  hours_parse
 * must accept it or record an error, never crash.  An accepted block must
 * hold what hours.h promises (each department's closures sorted, none
 * empty or overlapping, whole days in order), render in English and
 * Spanish without error, and give an iCalendar stream whose lines end in
 * CRLF and hold at most 75 octets of valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "datefmt.h"
#include "diag.h"
#include "hours.h"
#include "i18n.h"
#include "post.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* ICU formatters are slow to open: one cache for the whole run. */
static struct i18n	*in;
static struct datefmt	*df;

static void
check_block(const struct hours_block *blk)
{
	const struct hours_closure	*c;
	size_t				 i, j;

	for (i = 0; i < blk->ndepts; i++)
		for (j = 0; j < blk->depts[i].nclosed; j++) {
			c = &blk->depts[i].closed[j];
			if (c->from >= c->until ||
			    (c->all_day && c->day0 > c->day1))
				abort();
			if (j > 0 && c->from < blk->depts[i].closed[j - 1].until)
				abort();
		}
}

static void
check_ics(const char *s, size_t len)
{
	const char	*end = s + len, *eol;

	while (s < end) {
		if ((eol = memchr(s, '\r', (size_t)(end - s))) == NULL ||
		    eol + 1 >= end || eol[1] != '\n' || eol - s > 75 ||
		    memchr(s, '\n', (size_t)(eol - s)) != NULL ||
		    !util_utf8_valid(s, (size_t)(eol - s), NULL))
			abort();
		s = eol + 2;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();
	struct hours_block	 blk;
	struct hours_fmt	 f;
	struct hours		 h;
	struct hours_org	 org;
	struct post		 p, *pp = &p;
	struct buf		 b = BUF_INIT;
	int			 rc;

	if (in == NULL) {
		in = i18n_new();
		df = datefmt_new();
	}
	rc = hours_parse(&blk, (const char *)data, size, "fuzz.md", 3, 2,
	    "America/Toronto", a, d);
	if ((rc == 0) != (diags_errors(d) == 0))
		abort();
	if (rc == 0 && util_utf8_valid((const char *)data, size, NULL)) {
		check_block(&blk);
		f.i18n = in;
		f.df = df;
		f.ics_href = "/x.ics";
		f.locale = "en";
		if (hours_html(&b, &blk, &f, d) < 0)
			abort();
		f.locale = "es";
		if (hours_html(&b, &blk, &f, d) < 0)
			abort();
		memset(&p, 0, sizeof(p));
		memset(&h, 0, sizeof(h));
		org.name = "Fuzz \"site\"";
		org.url = "https://example.com/";
		p.path = "fuzz.md";
		p.id = "tag:example.com,2012-12-19:/x.html";
		p.permalink = "https://example.com/x.html";
		p.locale = "es";
		h.blocks = &blk;
		h.n = 1;
		p.hours = &h;
		buf_reset(&b);
		if (hours_ics(&b, "fuzz", &org, &pp, 1, in, d) < 0)
			abort();
		check_ics(b.data, b.len);
	}
	buf_free(&b);
	diags_free(d);
	arena_free(a);
	return 0;
}
