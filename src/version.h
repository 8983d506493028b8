/*
 * version: what `heraldo --version` prints: heraldo's own version (from
 * the VERSION file, through the Makefile) and those of the libraries it
 * runs with, as they report themselves at run time.  libmicrohttpd is
 * opened by `serve` only, so its line names the version heraldo was built
 * against and the library serve opens, without loading it.
 */
#ifndef HERALDO_VERSION_H
#define HERALDO_VERSION_H

#include <stdio.h>

/* Writes the version lines to "fp". */
void	 version_print(FILE *fp);

/*
 * The running program's GNU build ID in hex ("" when the link wrote
 * none): it changes with heraldo's code even when VERSION does not, so
 * the build cache keys what it keeps by it.  Static storage, made once.
 */
const char *version_build_id(void);

#endif /* !HERALDO_VERSION_H */
