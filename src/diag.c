/*
 * diag: a mutex-protected growable array of diagnostics.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

struct diags {
	pthread_mutex_t	 lock;
	struct diag	*v;
	size_t		 n, cap;
	size_t		 errors, warnings;
	bool		 sorted;
};

struct diags *
diags_new(void)
{
	struct diags	*d = xcalloc(1, sizeof(*d));

	pthread_mutex_init(&d->lock, NULL);
	d->sorted = true;
	return d;
}

void
diags_free(struct diags *d)
{
	size_t	 i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].msg);
		free(d->v[i].base);
	}
	free(d->v);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

int
diag_add(struct diags *d, enum diag_level level, const char *path,
    unsigned line, unsigned col, const char *fmt, va_list ap)
{
	struct diag	 x;
	va_list		 ap2;
	int		 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	x.msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	vsnprintf(x.msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
	x.path = xstrdup(path != NULL ? path : "");
	x.line = line;
	x.col = col;
	x.level = level;
	x.base = NULL;
	x.times = 1;

	pthread_mutex_lock(&d->lock);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	x.seq = d->n;
	d->v[d->n++] = x;
	if (level == DIAG_ERROR)
		d->errors++;
	else if (level == DIAG_WARNING)
		d->warnings++;
	d->sorted = false;
	pthread_mutex_unlock(&d->lock);
	return level == DIAG_ERROR ? -1 : 0;
}

int
diag_error(struct diags *d, const char *path, unsigned line, unsigned col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_add(d, DIAG_ERROR, path, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

int
diag_error_pages(struct diags *d, const char *path, unsigned line,
    unsigned col, const char *fmt, ...)
{
	struct diag	*x;
	va_list		 ap;
	char		*msg;
	size_t		 i;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (path == NULL)
		path = "";
	pthread_mutex_lock(&d->lock);
	/* Only on errors, and few of them distinct: a scan will do. */
	for (i = 0; i < d->n; i++) {
		x = &d->v[i];
		if (x->base == NULL || x->line != line || x->col != col ||
		    strcmp(x->base, msg) != 0 || strcmp(x->path, path) != 0)
			continue;
		x->times++;
		free(x->msg);
		if (asprintf(&x->msg, "%s (on %zu pages)", x->base,
		    x->times) < 0)
			abort();
		pthread_mutex_unlock(&d->lock);
		free(msg);
		return -1;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	x = &d->v[d->n];
	x->path = xstrdup(path);
	x->line = line;
	x->col = col;
	x->level = DIAG_ERROR;
	x->msg = xstrdup(msg);
	x->base = msg;
	x->times = 1;
	x->seq = d->n++;
	d->errors++;
	d->sorted = false;
	pthread_mutex_unlock(&d->lock);
	return -1;
}

int
diag_warning(struct diags *d, const char *path, unsigned line, unsigned col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_add(d, DIAG_WARNING, path, line, col, fmt, ap);
	va_end(ap);
	return 0;
}

int
diag_note(struct diags *d, const char *path, unsigned line, unsigned col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_add(d, DIAG_NOTE, path, line, col, fmt, ap);
	va_end(ap);
	return 0;
}

size_t
diags_errors(const struct diags *d)
{
	return d->errors;
}

size_t
diags_warnings(const struct diags *d)
{
	return d->warnings;
}

size_t
diags_count(const struct diags *d)
{
	return d->n;
}

static int
cmp(const void *pa, const void *pb)
{
	const struct diag	*a = pa, *b = pb;
	int			 c;

	/* Whole-site diagnostics (no path) come first. */
	if ((c = strcmp(a->path, b->path)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

const struct diag *
diags_get(struct diags *d, size_t i)
{
	const struct diag	*r = NULL;

	pthread_mutex_lock(&d->lock);
	if (!d->sorted) {
		qsort(d->v, d->n, sizeof(*d->v), cmp);
		d->sorted = true;
	}
	if (i < d->n)
		r = &d->v[i];
	pthread_mutex_unlock(&d->lock);
	return r;
}

void
diags_promote_warnings(struct diags *d)
{
	size_t	 i;

	pthread_mutex_lock(&d->lock);
	for (i = 0; i < d->n; i++)
		if (d->v[i].level == DIAG_WARNING) {
			d->v[i].level = DIAG_ERROR;
			d->warnings--;
			d->errors++;
		}
	pthread_mutex_unlock(&d->lock);
}

char *
diag_format(const struct diag *x)
{
	static const char *const names[] = { "error", "warning", "note" };
	char	*s;
	size_t	 n = strlen(x->path) + strlen(x->msg) + 64;

	s = xmalloc(n);
	if (x->path[0] == '\0')
		snprintf(s, n, "heraldo: %s: %s", names[x->level], x->msg);
	else if (x->line == 0)
		snprintf(s, n, "%s: %s: %s", x->path, names[x->level], x->msg);
	else if (x->col == 0)
		snprintf(s, n, "%s:%u: %s: %s", x->path, x->line,
		    names[x->level], x->msg);
	else
		snprintf(s, n, "%s:%u:%u: %s: %s", x->path, x->line, x->col,
		    names[x->level], x->msg);
	return s;
}

void
diags_print(struct diags *d, FILE *fp)
{
	const struct diag	*x;
	size_t			 i;
	char			*s;

	for (i = 0; (x = diags_get(d, i)) != NULL; i++) {
		s = diag_format(x);
		fprintf(fp, "%s\n", s);
		free(s);
	}
}
