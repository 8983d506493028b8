/*
 * summary: see summary.h.  The messages are an English catalog of
 * heraldo's own, compiled by i18n (ICU MessageFormat) for each summary:
 * a handful of short messages, once per build.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "site.h"
#include "summary.h"
#include "value.h"

static const char *const messages[][2] = {
	{ "posts", "{n, plural, one {# post} other {# posts}}" },
	{ "pages", "{n, plural, one {# page} other {# pages}}" },
	{ "files", "{n, plural, one {# file} other {# files}}" },
	{ "drafts", "{n, plural, one {# draft} other {# drafts}}" },
	{ "future", "{n, plural, one {# scheduled post} "
	    "other {# scheduled posts}}" },
	{ "expired", "{n, plural, one {# expired post} "
	    "other {# expired posts}}" },
	{ "errors", "{n, plural, one {# error} other {# errors}}" },
	{ "in_files", "{n, plural, one {# file} other {# files}}" },
};

struct words {
	struct arena	*a;
	struct i18n	*cat;
	struct diags	*d;
};

static void
words_open(struct words *w)
{
	struct value	*map;
	size_t		 i;

	w->a = arena_new();
	w->cat = i18n_new();
	w->d = diags_new();
	map = value_map(w->a);
	for (i = 0; i < sizeof(messages) / sizeof(*messages); i++)
		value_map_put(w->a, map, messages[i][0],
		    value_string(w->a, messages[i][1]));
	i18n_add(w->cat, "en", map, "summary", w->d);
}

static void
words_close(struct words *w)
{
	diags_free(w->d);
	i18n_free(w->cat);
	arena_free(w->a);
}

/* "3 posts": the count with its noun, as English says it. */
static void
count(struct buf *out, struct words *w, const char *key, unsigned long n)
{
	struct value	*args = value_map(w->a);

	value_map_put(w->a, args, "n", value_number(w->a, (double)n));
	if (i18n_format(out, w->cat, "en", key, args, w->d) < 0)
		buf_printf(out, "%lu %s", n, key);
}

static void
left_out(struct buf *out, struct words *w, const struct site_stats *st)
{
	if (st->drafts > 0)
		count(out, w, "drafts", st->drafts);
	if (st->drafts > 0 && st->future > 0)
		buf_puts(out, " and ");
	if (st->future > 0)
		count(out, w, "future", st->future);
	if (st->drafts > 0 || st->future > 0)
		buf_puts(out, " left out");
	if ((st->drafts > 0 || st->future > 0) && st->expired > 0)
		buf_puts(out, "; ");
	if (st->expired > 0) {
		count(out, w, "expired", st->expired);
		buf_puts(out, " out of lists and feeds");
	}
}

void
summary_left_out(struct buf *out, const struct site_stats *st)
{
	struct words	 w;

	if (st->drafts == 0 && st->future == 0 && st->expired == 0)
		return;
	words_open(&w);
	left_out(out, &w, st);
	words_close(&w);
}

void
summary_counts(struct buf *out, const struct site_stats *st)
{
	struct words	 w;

	words_open(&w);
	count(out, &w, "posts", st->posts);
	buf_puts(out, " and ");
	count(out, &w, "pages", st->pages);
	words_close(&w);
}

void
summary_files(struct buf *out, const struct site_stats *st)
{
	struct words	 w;

	words_open(&w);
	count(out, &w, "files", st->written);
	buf_printf(out, " written, %lu unchanged", st->unchanged);
	words_close(&w);
}

void
summary_built(struct buf *out, const struct site_stats *st,
    const char *dir)
{
	struct words	 w;

	words_open(&w);
	buf_puts(out, "built ");
	count(out, &w, "posts", st->posts);
	buf_puts(out, " and ");
	count(out, &w, "pages", st->pages);
	buf_printf(out, " into %s: ", dir);
	count(out, &w, "files", st->written);
	buf_printf(out, " written, %lu unchanged, in %.2f s", st->unchanged,
	    st->seconds);
	if (st->drafts > 0 || st->future > 0 || st->expired > 0) {
		buf_puts(out, "; ");
		left_out(out, &w, st);
	}
	words_close(&w);
}

void
summary_errors(struct buf *out, struct diags *d)
{
	const struct diag	*x;
	const char		*last = NULL;
	size_t			 i, errors = 0, files = 0;
	bool			 placeless = false;
	struct words		 w;

	/* Sorted by path: each file's errors are together. */
	for (i = 0; (x = diags_get(d, i)) != NULL; i++) {
		if (x->level != DIAG_ERROR)
			continue;
		errors++;
		if (x->path == NULL || x->path[0] == '\0')
			placeless = true;
		else if (last == NULL || strcmp(last, x->path) != 0) {
			files++;
			last = x->path;
		}
	}
	if (errors == 0)
		return;
	words_open(&w);
	count(out, &w, "errors", errors);
	if (files > 0 && !(files == 1 && errors == 1)) {
		buf_puts(out, " in ");
		count(out, &w, "in_files", files);
		if (placeless)
			buf_puts(out, " and the build");
	}
	buf_puts(out, "; nothing was written");
	words_close(&w);
}
