/*
 * diag: the diagnostics of one build, printed compiler-style.
 *
 *   content/posts/2012/12/x.md:4:7: error: date: cannot read "2012-13-40"
 *
 * A "struct diags" is safe to record into from several threads at once.
 * It owns copies of every path and message recorded.  Functions that fail
 * record what went wrong here and return -1; they never print.
 */
#ifndef HERALDO_DIAG_H
#define HERALDO_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE
};

struct diag {
	char		*path;	/* site-relative: content/posts/x.md; may be "" */
	unsigned	 line;	/* 1-based; 0 = the whole file */
	unsigned	 col;	/* 1-based; 0 = unknown */
	enum diag_level	 level;
	char		*msg;
	size_t		 seq;	/* recording order, to keep sorting stable */
	char		*base;	/* diag_error_pages's: "msg" without its count */
	size_t		 times;	/* diag_error_pages's: pages that hit it */
};

struct diags;

/* A new, empty sink; never NULL.  Free with diags_free (NULL-safe). */
struct diags	*diags_new(void);
void		 diags_free(struct diags *);

/* Record an error; returns -1 so callers can "return diag_error(...)". */
int	diag_error(struct diags *, const char *path, unsigned line,
	    unsigned col, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/*
 * Record an error that each page made with a layout may hit (a template
 * limit): the same error at the same place is recorded once, and says
 * how many pages hit it when more than one ("... (on 2 pages)").
 */
int	diag_error_pages(struct diags *, const char *path, unsigned line,
	    unsigned col, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
/* Record a warning or a note; returns 0. */
int	diag_warning(struct diags *, const char *path, unsigned line,
	    unsigned col, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
int	diag_note(struct diags *, const char *path, unsigned line,
	    unsigned col, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
int	diag_add(struct diags *, enum diag_level, const char *path,
	    unsigned line, unsigned col, const char *fmt, va_list)
	    __attribute__((format(printf, 6, 0)));

/* Counts of what was recorded. */
size_t	diags_errors(const struct diags *);
size_t	diags_warnings(const struct diags *);
size_t	diags_count(const struct diags *);

/*
 * The i-th diagnostic in sorted order (path, line, column, then recording
 * order); valid until the next record.  Sorts on first call after a record.
 */
const struct diag *diags_get(struct diags *, size_t i);

/* Turn every warning into an error (for --strict). */
void	diags_promote_warnings(struct diags *);

/* Print all, sorted, one per line to "fp". */
void	diags_print(struct diags *, FILE *fp);

/* Format one diagnostic as a line without newline, into a malloc'd string. */
char	*diag_format(const struct diag *);

#endif /* !HERALDO_DIAG_H */
