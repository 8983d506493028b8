/*
 * progress: see progress.h.
 */
#include <stdio.h>

#include "progress.h"

static double
since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void
progress_init(struct progress *p, bool tty)
{
	p->tty = tty;
	p->drawn = false;
	p->phase = "";
	p->total = 0;
	atomic_store(&p->done, 0);
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	p->last = p->start;
}

void
progress_phase(struct progress *p, const char *phase, size_t total)
{
	p->phase = phase;
	p->total = total;
	atomic_store(&p->done, 0);
}

void
progress_add(struct progress *p)
{
	atomic_fetch_add_explicit(&p->done, 1, memory_order_relaxed);
}

void
progress_show(struct progress *p)
{
	struct timespec	 now;

	if (!p->tty)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (since(&p->start, &now) < 1.0 || since(&p->last, &now) < 0.1)
		return;
	p->last = now;
	/* \r and erase-to-end redraw the same line. */
	fprintf(stderr, "\r%s %zu/%zu\033[K", p->phase,
	    atomic_load_explicit(&p->done, memory_order_relaxed), p->total);
	fflush(stderr);
	p->drawn = true;
}

void
progress_done(struct progress *p)
{
	if (p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = false;
}
