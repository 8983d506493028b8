/*
 * test_pool: pool_run calls the function once for every index, each
 * thread with its own worker, and a worker always on the same thread;
 * pool_stride's order visits every index exactly once, for any count and
 * any number of threads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pool.h"

struct seen {
	atomic_uint	*count;
	struct worker	*w;
	unsigned	 jobs;
};

static void
mark(struct worker *w, size_t i, void *arg)
{
	struct seen	*s = arg;

	/* Each thread runs as one of the workers it was given. */
	assert_true(w >= s->w && w < s->w + s->jobs);
	atomic_fetch_add(&s->count[i], 1);
}

static void
test_pool_every_index_once(void **state)
{
	static const size_t	 sizes[] = { 0, 1, 2, 7, 1000 };
	struct worker		*w;
	struct seen		 s;
	unsigned		 jobs;
	size_t			 k, i;

	(void)state;
	for (jobs = 1; jobs <= 4; jobs++) {
		w = pool_workers_new(jobs);
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			s.count = calloc(sizes[k] + 1, sizeof(*s.count));
			s.w = w;
			s.jobs = jobs;
			pool_run(w, jobs, sizes[k], mark, &s);
			for (i = 0; i < sizes[k]; i++)
				assert_int_equal(s.count[i], 1);
			free(s.count);
		}
		pool_workers_free(w, jobs);
	}
}

/*
 * Which thread ran each worker, and whether one ever ran on another.  A
 * thread is known by a number it draws on first use: a new thread may
 * reuse an old one's pthread_t, never its draw.
 */
static atomic_uint	 draws;
static __thread unsigned thread_no;

struct owner {
	unsigned	 t[8];
	atomic_uint	 moved;
};

static void
note_thread(struct worker *w, size_t i, void *arg)
{
	struct owner	*o = arg;

	(void)i;
	if (thread_no == 0)
		thread_no = atomic_fetch_add(&draws, 1) + 1;
	/* Only the worker's own thread touches its slot. */
	if (o->t[w->id] == 0)
		o->t[w->id] = thread_no;
	else if (o->t[w->id] != thread_no)
		atomic_fetch_add(&o->moved, 1);
}

static void
test_pool_worker_keeps_its_thread(void **state)
{
	struct worker	*w;
	struct owner	 o;
	unsigned	 jobs, run;

	(void)state;
	for (jobs = 1; jobs <= 4; jobs++) {
		memset(&o, 0, sizeof(o));
		w = pool_workers_new(jobs);
		/* Runs of every size, the small ones waking few workers. */
		for (run = 0; run < 40; run++)
			pool_run(w, jobs, run % 5 == 0 ? 1 : 50 * run, note_thread,
			    &o);
		assert_int_equal(atomic_load(&o.moved), 0);
		/* The calling thread is worker 0. */
		assert_int_equal(o.t[0], thread_no);
		pool_workers_free(w, jobs);
	}
}

static void
test_pool_stride_permutes(void **state)
{
	unsigned char	*hit;
	size_t		 n, i, s;
	unsigned	 jobs;

	(void)state;
	for (n = 1; n <= 300; n++)
		for (jobs = 0; jobs <= 9; jobs++) {
			s = pool_stride(n, jobs);
			hit = calloc(n, 1);
			for (i = 0; i < n; i++)
				hit[i * s % n]++;
			for (i = 0; i < n; i++)
				assert_int_equal(hit[i], 1);
			/* Neighbouring turns land far apart. */
			if (jobs >= 2 && n >= 4 * jobs)
				assert_true(s >= n / jobs);
			free(hit);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_every_index_once),
		cmocka_unit_test(test_pool_worker_keeps_its_thread),
		cmocka_unit_test(test_pool_stride_permutes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
