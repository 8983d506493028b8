/*
 * pool: pthreads over an atomic index counter.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "arena.h"
#include "datefmt.h"
#include "pool.h"
#include "text.h"
#include "util.h"

struct job {
	struct worker	*w;
	size_t		 n;
	atomic_size_t	*next;
	void		(*fn)(struct worker *, size_t, void *);
	void		*arg;
};

struct worker *
pool_workers_new(unsigned jobs)
{
	struct worker	*w;
	unsigned	 i;

	if (jobs == 0)
		jobs = 1;
	w = xcalloc(jobs, sizeof(*w));
	for (i = 0; i < jobs; i++) {
		w[i].id = i;
		w[i].a = arena_new();
		w[i].df = datefmt_new();
		w[i].tx = text_new();
		buf_init(&w[i].scratch);
	}
	return w;
}

void
pool_workers_free(struct worker *w, unsigned jobs)
{
	unsigned	 i;

	if (w == NULL)
		return;
	for (i = 0; i < (jobs ? jobs : 1); i++) {
		arena_free(w[i].a);
		datefmt_free(w[i].df);
		text_free(w[i].tx);
		buf_free(&w[i].scratch);
	}
	free(w);
}

static void *
loop(void *p)
{
	struct job	*j = p;
	size_t		 i;

	while ((i = atomic_fetch_add(j->next, 1)) < j->n)
		j->fn(j->w, i, j->arg);
	return NULL;
}

static size_t
gcd(size_t a, size_t b)
{
	size_t	 t;

	while (b != 0) {
		t = a % b;
		a = b;
		b = t;
	}
	return a;
}

void
pool_run(struct worker *w, unsigned jobs, size_t n,
    void (*fn)(struct worker *, size_t, void *), void *arg)
{
	pthread_t	*tids;
	struct job	*js;
	atomic_size_t	 next = 0;
	unsigned	 i;

	if (jobs == 0)
		jobs = 1;
	if (jobs > n)
		jobs = n > 0 ? (unsigned)n : 1;
	tids = xcalloc(jobs, sizeof(*tids));
	js = xcalloc(jobs, sizeof(*js));
	for (i = 0; i < jobs; i++) {
		js[i].w = &w[i];
		js[i].n = n;
		js[i].next = &next;
		js[i].fn = fn;
		js[i].arg = arg;
	}
	for (i = 1; i < jobs; i++)
		/* A thread that cannot start leaves its share to the others. */
		if (pthread_create(&tids[i], NULL, loop, &js[i]) != 0)
			js[i].w = NULL;
	loop(&js[0]);
	for (i = 1; i < jobs; i++)
		if (js[i].w != NULL)
			pthread_join(tids[i], NULL);
	free(js);
	free(tids);
}

size_t
pool_stride(size_t n, unsigned jobs)
{
	size_t	 s = jobs > 1 ? n / jobs : 1;

	if (s < 1)
		s = 1;
	while (n > 0 && gcd(s, n) != 1)
		s++;
	return s;
}

unsigned
pool_ncpu(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}
