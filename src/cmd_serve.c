/*
 * cmd_serve: options of `heraldo serve`; the work is serve.c's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_serve.h"
#include "serve.h"

#define EXIT_USAGE	2

static const char usage[] =
"usage: heraldo serve [--site DIR] [--port 1313] [--bind 127.0.0.1]\n";

static int bad_usage(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

static int
bad_usage(const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "heraldo: serve: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage);
	return EXIT_USAGE;
}

/* The value of option argv[*i] ("--x V" or "--x=V"), or NULL. */
static const char *
optval(int argc, char **argv, int *i, const char *name)
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

int
cmd_serve(int argc, char **argv)
{
	struct serve_opts	 o;
	const char		*v;
	char			*end;
	unsigned long		 port;
	int			 i;

	memset(&o, 0, sizeof(o));
	o.site_dir = ".";
	o.bind = "127.0.0.1";
	o.port = 1313;
	for (i = 2; i < argc; i++) {
		if ((v = optval(argc, argv, &i, "--site")) != NULL)
			o.site_dir = v;
		else if ((v = optval(argc, argv, &i, "--bind")) != NULL)
			o.bind = v;
		else if ((v = optval(argc, argv, &i, "--port")) != NULL) {
			port = strtoul(v, &end, 10);
			if (*v < '0' || *v > '9' || *end != '\0' ||
			    port > 65535)
				return bad_usage("--port: expected a number "
				    "from 0 to 65535, got \"%s\"", v);
			o.port = (unsigned)port;
		} else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else
			return bad_usage("unknown option \"%s\"", argv[i]);
		if (*v == '\0')
			return bad_usage("%s needs a value", argv[i]);
	}
	return serve_run(&o);
}
