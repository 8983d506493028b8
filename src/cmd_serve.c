/*
 * cmd_serve: options of `heraldo serve`; the work is serve.c's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_serve.h"
#include "serve.h"

static const char usage[] =
"usage: heraldo serve [--site DIR] [--port 1313] [--bind 127.0.0.1] "
    "[--public]\n";

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
		if ((v = cli_optval(argc, argv, &i, "--site")) != NULL)
			o.site_dir = v;
		else if ((v = cli_optval(argc, argv, &i, "--bind")) != NULL)
			o.bind = v;
		else if ((v = cli_optval(argc, argv, &i, "--port")) != NULL) {
			port = strtoul(v, &end, 10);
			if (*v < '0' || *v > '9' || *end != '\0' ||
			    port > 65535)
				return cli_usage(usage, "serve", "--port: expected a number "
				    "from 0 to 65535, got \"%s\"", v);
			o.port = (unsigned)port;
		} else if (strcmp(argv[i], "--public") == 0) {
			o.public = true;
			continue;
		} else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else
			return cli_usage(usage, "serve", "unknown option \"%s\"", argv[i]);
		if (*v == '\0')
			return cli_usage(usage, "serve", "%s needs a value", argv[i]);
	}
	return serve_run(&o);
}
