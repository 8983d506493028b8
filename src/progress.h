/*
 * progress: one line on a terminal saying what a long build is doing
 * ("rendering pages 5120/15131"), redrawn in place, for builds that take
 * more than a second; nothing at all when stderr is not a terminal.
 *
 * Workers count what they finish with progress_add (lock-free); only the
 * thread that calls progress_show draws.
 */
#ifndef HERALDO_PROGRESS_H
#define HERALDO_PROGRESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct progress {
	bool		 tty;		/* stderr is a terminal */
	bool		 drawn;		/* a line is on the screen */
	struct timespec	 start;
	struct timespec	 last;
	const char	*phase;
	size_t		 total;
	atomic_size_t	 done;
};

/* Start counting; "tty" usually isatty(2).  */
void	progress_init(struct progress *, bool tty);

/* A new phase of "total" steps. */
void	progress_phase(struct progress *, const char *phase, size_t total);

/* One more step done; any thread. */
void	progress_add(struct progress *);

/* Redraw if a second has passed since the start and 100 ms since the
 * last redraw.  Call from one thread only. */
void	progress_show(struct progress *);

/* Erase the line, if one was drawn. */
void	progress_done(struct progress *);

#endif /* !HERALDO_PROGRESS_H */
