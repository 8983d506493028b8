/*
 * pool: run a function over indices 0..n-1 on N threads, each with its own
 * worker state (arena, ICU caches, scratch buffer), so nothing on the hot
 * path takes a lock.  Indices are handed out by an atomic counter; the
 * results must not depend on which thread ran which index.  The threads
 * live as long as the workers, each always running as the same one.
 */
#ifndef HERALDO_POOL_H
#define HERALDO_POOL_H

#include <stddef.h>

#include "buf.h"

struct arena;
struct datefmt;
struct pool;
struct textctx;

struct worker {
	unsigned	 id;	/* 0..jobs-1 */
	struct arena	*a;	/* lives until pool_workers_free */
	struct datefmt	*df;
	struct textctx	*tx;
	struct buf	 scratch;
	struct pool	*pool;	/* the threads, shared by the workers */
};

/*
 * "jobs" workers (at least 1), each with its own arena and caches, and a
 * thread for each but the first, which is the caller's.
 */
struct worker	*pool_workers_new(unsigned jobs);
void		 pool_workers_free(struct worker *, unsigned jobs);

/*
 * Call fn(w, i, arg) for every i in [0, n), spread over the workers'
 * threads (the calling thread is worker 0).  Returns when all are done.
 * Only the thread that made the workers runs them, and not from fn.
 */
void	pool_run(struct worker *, unsigned jobs, size_t n,
	    void (*fn)(struct worker *, size_t, void *), void *arg);

/*
 * A stride of about n / jobs, prime to n: taking the i-th index as
 * i * stride % n visits each once, the threads' turns far apart.  For
 * work whose neighbouring indices write into one folder (a month's
 * pages): threads creating files there at once would wait on each other
 * (ext4 locks a folder for each creation).  i * stride must not
 * overflow: n below 2^32.
 */
size_t	pool_stride(size_t n, unsigned jobs);

/* The number of online CPUs, at least 1. */
unsigned pool_ncpu(void);

#endif /* !HERALDO_POOL_H */
