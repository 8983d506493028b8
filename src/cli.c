/*
 * cli: see cli.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int
cli_usage(const char *usage, const char *cmd, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "heraldo: ");
	if (cmd != NULL)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage);
	return CLI_EXIT_USAGE;
}

const char *
cli_optval(int argc, char **argv, int *i, const char *name)
{
	size_t	 n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc)
		return "";
	return argv[++*i];
}
