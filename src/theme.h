/*
 * theme: heraldo's built-in default theme, compiled into the binary from
 * the repository's layouts/ and its stylesheet, so that a site lacking a
 * layout (or any) still builds.  The data is generated at build time
 * (build/theme_data.c); this header is its contract.
 */
#ifndef HERALDO_THEME_H
#define HERALDO_THEME_H

#include <stddef.h>

struct theme_file {
	const char	*name;	/* "post", "partials/header", "heraldo.css" */
	const char	*data;
	size_t		 len;
};

/* Layouts (name without .mustache) and assets, NULL-terminated. */
extern const struct theme_file	theme_layouts[];
extern const struct theme_file	theme_assets[];

#endif /* !HERALDO_THEME_H */
