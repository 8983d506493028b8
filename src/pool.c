/*
 * pool: helper threads made with the workers, each running as the same
 * worker in every pool_run until pool_workers_free, so that what a thread
 * keeps for itself (ICU zone calendars, the Markdown allocator's chunks,
 * its malloc arena) lasts the whole build instead of one phase.  A run
 * hands out indices through an atomic counter; the calling thread is
 * worker 0 and waits for the helpers at the end.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "arena.h"
#include "datefmt.h"
#include "pool.h"
#include "text.h"
#include "util.h"

struct pool {
	pthread_mutex_t	 mu;
	pthread_cond_t	 go;		/* a run began, or quit was set */
	pthread_cond_t	 done;		/* busy fell to 0 */
	unsigned long	 gen;		/* runs begun */
	unsigned	 busy;		/* helpers not done with this run */
	unsigned	 active;	/* workers 0..active-1 take indices */
	bool		 quit;
	size_t		 n;
	atomic_size_t	 next;
	void		(*fn)(struct worker *, size_t, void *);
	void		*arg;
	unsigned	 nthreads;	/* helpers: workers 1..nthreads */
	pthread_t	*tids;
};

static void
take(struct pool *p, struct worker *w)
{
	size_t	 i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		p->fn(w, i, p->arg);
}

static void *
helper(void *arg)
{
	struct worker	*w = arg;
	struct pool	*p = w->pool;
	unsigned long	 seen = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->gen == seen && !p->quit)
			pthread_cond_wait(&p->go, &p->mu);
		if (p->quit)
			break;
		/* Every helper passes through every run: none is missed. */
		seen = p->gen;
		pthread_mutex_unlock(&p->mu);
		if (w->id < p->active)
			take(p, w);
		pthread_mutex_lock(&p->mu);
		if (--p->busy == 0)
			pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct worker *
pool_workers_new(unsigned jobs)
{
	struct worker	*w;
	struct pool	*p;
	unsigned	 i;

	if (jobs == 0)
		jobs = 1;
	w = xcalloc(jobs, sizeof(*w));
	p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->go, NULL);
	pthread_cond_init(&p->done, NULL);
	p->tids = xcalloc(jobs, sizeof(*p->tids));
	for (i = 0; i < jobs; i++) {
		w[i].id = i;
		w[i].a = arena_new();
		w[i].df = datefmt_new();
		w[i].tx = text_new();
		w[i].pool = p;
		buf_init(&w[i].scratch);
	}
	/* A helper that cannot start leaves its share to the others. */
	for (i = 1; i < jobs; i++) {
		if (pthread_create(&p->tids[i], NULL, helper, &w[i]) != 0)
			break;
		p->nthreads = i;
	}
	return w;
}

void
pool_workers_free(struct worker *w, unsigned jobs)
{
	struct pool	*p;
	unsigned	 i;

	if (w == NULL)
		return;
	p = w[0].pool;
	pthread_mutex_lock(&p->mu);
	p->quit = true;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	for (i = 1; i <= p->nthreads; i++)
		pthread_join(p->tids[i], NULL);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->go);
	pthread_mutex_destroy(&p->mu);
	free(p->tids);
	free(p);
	for (i = 0; i < (jobs ? jobs : 1); i++) {
		arena_free(w[i].a);
		datefmt_free(w[i].df);
		text_free(w[i].tx);
		buf_free(&w[i].scratch);
	}
	free(w);
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
	struct pool	*p = w[0].pool;

	if (jobs == 0)
		jobs = 1;
	if (jobs > n)
		jobs = n > 0 ? (unsigned)n : 1;
	if (jobs > p->nthreads + 1)
		jobs = p->nthreads + 1;
	/* The helpers wait for the next run: these are not read now. */
	p->n = n;
	atomic_store(&p->next, 0);
	p->fn = fn;
	p->arg = arg;
	if (jobs == 1) {
		take(p, &w[0]);
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->active = jobs;
	p->busy = p->nthreads;
	p->gen++;
	pthread_cond_broadcast(&p->go);
	pthread_mutex_unlock(&p->mu);
	take(p, &w[0]);
	pthread_mutex_lock(&p->mu);
	while (p->busy > 0)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
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
