/*
 * cli: what every command's option parsing shares: "--name VALUE" and
 * "--name=VALUE" options, and usage errors (exit status 2).
 */
#ifndef HERALDO_CLI_H
#define HERALDO_CLI_H

/* The exit status of bad usage. */
#define CLI_EXIT_USAGE	2

/*
 * Print "heraldo: CMD: MESSAGE" (no "CMD: " when cmd is NULL) and then
 * "usage" on stderr; returns CLI_EXIT_USAGE.
 */
int	cli_usage(const char *usage, const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * The value of option argv[*i] when it is "name" ("--out DIR", which
 * moves *i past DIR, or "--out=DIR"); "" when the value is missing; NULL
 * when argv[*i] is another option.
 */
const char *cli_optval(int argc, char **argv, int *i, const char *name);

#endif /* !HERALDO_CLI_H */
