/*
 * util: allocation that cannot fail and small string helpers.
 *
 * Allocation failure aborts with a message (as cmark and blogc do), so no
 * caller carries an out-of-memory path.  Everything here is thread-safe.
 */
#ifndef HERALDO_UTIL_H
#define HERALDO_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* malloc/calloc/realloc/strdup that abort on failure; free with free(). */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/* True if "s" starts with "prefix" / ends with "suffix". */
bool	 util_startswith(const char *s, const char *prefix);
bool	 util_endswith(const char *s, const char *suffix);

/* qsort and bsearch order for an array of strings (const char *). */
int	 util_cmp_strp(const void *a, const void *b);

/*
 * Sort n elements of "size" bytes at base by the string each points to
 * at byte offset "off" (a const char *), in strcmp order: as qsort with
 * a strcmp comparator, but most comparisons are of an 8-byte prefix held
 * beside each element rather than of strings reached through pointers.
 */
void	 util_sort_by_str(void *base, size_t n, size_t size, size_t off);

/*
 * Check that s[0..len) is well-formed UTF-8 (no overlongs, no surrogates).
 * Returns true if it is; otherwise false and, if "bad" is not NULL, the
 * byte offset of the first bad sequence in *bad.
 */
bool	 util_utf8_valid(const char *s, size_t len, size_t *bad);

/*
 * The whole file at "path", malloc'd and NUL-terminated (its length in
 * *len), or NULL with errno set.
 */
char	*util_read_file(const char *path, size_t *len);

/* The value of hexadecimal digit "c" (either case), or -1. */
int	 util_hexval(int c);

/* 1-based line and column (in bytes) of byte offset "off" in s. */
void	 util_line_col(unsigned *line, unsigned *col, const char *s,
	    size_t off);

/*
 * The candidate closest to "word" for a did-you-mean hint: the one with
 * the fewest single-character edits (insert, delete, replace, swap of two
 * neighbours), compared without case, if that is at most a third of the
 * word's length (at least one).  NULL when nothing is that close, or when
 * "word" is itself a candidate.  Returns a pointer from "cands".
 */
const char	*util_suggest(const char *word, const char *const *cands,
		    size_t n);

/*
 * The fault a test asks for in HERALDO_TEST_FAULT, or "": a crash or a
 * full disk at one chosen point of a build (tests/e2e/faults.sh).
 * Builds never set it; it is read once.
 */
const char	*util_fault(void);

#endif /* !HERALDO_UTIL_H */
