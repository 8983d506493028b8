/*
 * arena: a bump allocator for everything that lives as long as one build
 * (or one worker thread's share of it).
 *
 * An arena is not thread-safe: each thread allocates from its own.  Memory
 * is released all at once by arena_free().  Built with HERALDO_ARENA_DEBUG,
 * every allocation is a separate malloc so that sanitizers and valgrind see
 * each object's bounds (the idea of libgit2's pool debug mode).
 */
#ifndef HERALDO_ARENA_H
#define HERALDO_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new, empty arena; never NULL. */
struct arena	*arena_new(void);

/* Free the arena and everything allocated in it; NULL is allowed. */
void		 arena_free(struct arena *);

/* n bytes aligned for any type, uninitialised / zeroed. */
void		*arena_alloc(struct arena *, size_t n);
void		*arena_zalloc(struct arena *, size_t n);

/*
 * Grow an array allocated in the arena from "old" bytes to "new" bytes,
 * returning the new location (the old one is abandoned, not freed).
 */
void		*arena_grow(struct arena *, void *p, size_t old, size_t new);

/* NUL-terminated copies in the arena. */
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
char		*arena_vprintf(struct arena *, const char *fmt, va_list)
		    __attribute__((format(printf, 2, 0)));

/* Bytes handed out so far (for reports and benchmarks). */
size_t		 arena_used(const struct arena *);

#endif /* !HERALDO_ARENA_H */
