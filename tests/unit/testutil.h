/*
 * testutil: helpers shared by the unit tests: temporary folders, real git
 * repositories made with the git command line, file I/O, diagnostics.
 */
#ifndef HERALDO_TESTUTIL_H
#define HERALDO_TESTUTIL_H

#include <stddef.h>

struct diags;

/* A fresh temporary folder (malloc'd path); removed by tu_rmtree. */
char	*tu_tmpdir(void);
void	 tu_rmtree(const char *dir);

/* Write "text" to dir/rel, creating folders. */
void	 tu_write(const char *dir, const char *rel, const char *text);

/*
 * Run a shell command in "dir" with a fixed git identity and, when
 * "date" is not NULL, GIT_AUTHOR_DATE/GIT_COMMITTER_DATE set to it
 * ("2012-12-19T12:56:00-08:00").  Fails the test if it exits non-zero.
 */
void	 tu_sh(const char *dir, const char *date, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* "git init -q -b main" in dir with the fixed identity configured. */
void	 tu_git_init(const char *dir);

/* git add -A && git commit -q -m msg, dated "date". */
void	 tu_git_commit(const char *dir, const char *date, const char *msg);

/*
 * The repository's top folder (the Makefile passes it as TU_SRCDIR), where
 * tests/vectors and tests/tools are, wherever the test program runs.
 */
const char *tu_srcdir(void);

/*
 * All diagnostics of "d" formatted one per line (sorted), in a malloc'd
 * string, for exact comparisons.
 */
char	*tu_diags(struct diags *d);

#endif /* !HERALDO_TESTUTIL_H */
