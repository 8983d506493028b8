/*
 * cmd_import: see cmd_import.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_import.h"
#include "datefmt.h"
#include "diag.h"
#include "import.h"
#include "import_blogger.h"
#include "import_hugo.h"
#include "import_jekyll.h"
#include "import_wordpress.h"
#include "util.h"

#define EXIT_CONTENT	1

static const char usage[] =
"usage: heraldo import blogger|wordpress|jekyll|hugo SOURCE "
"[--site DIR] "
"[--report FILE]\n";

static const char *const formats[] = { "blogger", "wordpress", "jekyll",
    "hugo", NULL };

int
cmd_import(int argc, char **argv)
{
	struct import_opts	 o;
	struct importer		*imp;
	struct diags		*d;
	const struct diag	*x;
	const char		*v, *hint;
	char			*s;
	size_t			 i;
	int			 rc, k;

	memset(&o, 0, sizeof(o));
	o.site_dir = ".";
	for (k = 2; k < argc; k++) {
		if ((v = cli_optval(argc, argv, &k, "--site")) != NULL)
			o.site_dir = v;
		else if ((v = cli_optval(argc, argv, &k, "--report")) != NULL)
			o.report = v;
		else if (argv[k][0] == '-' && argv[k][1] != '\0')
			return cli_usage(usage, "import", "unknown option "
			    "\"%s\"", argv[k]);
		else if (o.format == NULL)
			o.format = argv[k];
		else if (o.source == NULL)
			o.source = argv[k];
		else
			return cli_usage(usage, "import", "unexpected \"%s\"",
			    argv[k]);
		if (v != NULL && *v == '\0')
			return cli_usage(usage, "import", "%s needs a value",
			    argv[k]);
		v = NULL;
	}
	if (o.format == NULL)
		return cli_usage(usage, "import", "missing FORMAT");
	for (i = 0; formats[i] != NULL; i++)
		if (strcmp(formats[i], o.format) == 0)
			break;
	if (formats[i] == NULL) {
		hint = util_suggest(o.format, formats,
		    sizeof(formats) / sizeof(formats[0]) - 1);
		return cli_usage(usage, "import", "unknown format \"%s\"%s%s%s",
		    o.format, hint != NULL ? " (did you mean \"" : "",
		    hint != NULL ? hint : "", hint != NULL ? "\"?)" : "");
	}
	if (o.source == NULL)
		return cli_usage(usage, "import", "missing SOURCE, the file "
		    "or folder to import");
	o.progress = isatty(STDERR_FILENO);
	d = diags_new();
	rc = -1;
	if ((imp = import_new(&o, d)) != NULL) {
		if (strcmp(o.format, "blogger") == 0)
			rc = import_blogger(imp, o.source, d);
		else if (strcmp(o.format, "wordpress") == 0)
			rc = import_wordpress(imp, o.source, d);
		else if (strcmp(o.format, "jekyll") == 0)
			rc = import_jekyll(imp, o.source, d);
		else
			rc = import_hugo(imp, o.source, d);
		/*
		 * Errors in some entries: the others are still written;
		 * an unreadable source writes nothing at all.
		 */
		if (import_started(imp)) {
			if (import_finish(imp) < 0)
				rc = -1;
			import_print_summary(imp, stderr);
		}
		import_free(imp);
	}
	for (i = 0; (x = diags_get(d, i)) != NULL; i++) {
		s = diag_format(x);
		fprintf(stderr, "%s\n", s);
		free(s);
	}
	diags_free(d);
	datefmt_shutdown();
	return rc == 0 ? 0 : EXIT_CONTENT;
}
