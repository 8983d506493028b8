/*
 * heraldo: the command line.  Reads argv, calls the module that does the
 * work, and maps its result to an exit status: 0 done, 1 the content has
 * errors (nothing written), 2 bad usage, 3 another build of the output
 * is running (build --no-wait).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "cli.h"
#include "cmd_import.h"
#include "cmd_init.h"
#include "cmd_new.h"
#include "cmd_serve.h"
#include "cmd_theme.h"
#include "cmd_template.h"
#include "datefmt.h"
#include "diag.h"
#include "report.h"
#include "site.h"
#include "summary.h"
#include "version.h"

#define EXIT_CONTENT	1
#define EXIT_BUSY	3	/* --no-wait, and another build holds --out */

/*
 * heraldo reads local repositories only and never opens a connection,
 * yet libgit2's start parses the system's certificate bundle for HTTPS
 * remotes through mbedTLS: some 9 ms of every run.  When libgit2 is
 * linked from its archive, the Makefile routes that one call here
 * (ld --wrap).  Loading nothing is the safe side: a TLS connection made
 * anyway would fail to verify, not trust.
 */
int	__wrap_mbedtls_x509_crt_parse_file(void *, const char *);

int
__wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}

static const char usage[] =
"usage: heraldo build  [--site DIR] [--ref REF | --worktree] [--out DIR]\n"
"                      [--drafts] [--future] [--now RFC3339]\n"
"                      [--base-url URL] [--jobs N] [--strict] [--quiet]\n"
"                      [--report FILE] [--no-cache] [--no-wait]\n"
"       heraldo serve  [--site DIR] [--port 1313] [--bind 127.0.0.1]\n"
"       heraldo init   [DIR]\n"
"       heraldo new    [--site DIR] \"Post title\"\n"
"       heraldo check  [--out DIR]\n"
"       heraldo theme export [--to DIR]\n"
"       heraldo import blogger|wordpress|jekyll|hugo SOURCE\n"
"                      [--site DIR] [--report FILE]\n"
"       heraldo template render FILE --data DATA.yaml|.json "
"[--partials DIR]\n"
"       heraldo --version | --help\n";

static void
print_diags(struct diags *d, bool quiet)
{
	const struct diag	*x;
	size_t			 i;
	char			*s;

	for (i = 0; (x = diags_get(d, i)) != NULL; i++) {
		if (quiet && x->level != DIAG_ERROR)
			continue;
		s = diag_format(x);
		fprintf(stderr, "%s\n", s);
		free(s);
	}
}

static int
cmd_build(int argc, char **argv)
{
	struct site_opts	 o;
	struct site_stats	 st;
	struct diags		*d;
	struct buf		 line = BUF_INIT;
	char			 when[32];
	const char		*v;
	char			*end;
	bool			 quiet = false;
	int			 i, rc;

	memset(&o, 0, sizeof(o));
	memset(&st, 0, sizeof(st));
	o.site_dir = ".";
	o.out = "public";
	for (i = 2; i < argc; i++) {
		if ((v = cli_optval(argc, argv, &i, "--site")) != NULL)
			o.site_dir = v;
		else if ((v = cli_optval(argc, argv, &i, "--ref")) != NULL)
			o.ref = v;
		else if ((v = cli_optval(argc, argv, &i, "--out")) != NULL)
			o.out = v;
		else if ((v = cli_optval(argc, argv, &i, "--now")) != NULL)
			o.now = v;
		else if ((v = cli_optval(argc, argv, &i, "--base-url")) != NULL)
			o.base_url = v;
		else if ((v = cli_optval(argc, argv, &i, "--report")) != NULL)
			o.report = v;
		else if ((v = cli_optval(argc, argv, &i, "--jobs")) != NULL) {
			o.jobs = (unsigned)strtoul(v, &end, 10);
			if (*v == '\0' || *end != '\0' || o.jobs < 1 ||
			    o.jobs > 256)
				return cli_usage(usage, "build", "--jobs: "
				    "expected a number from 1 to 256, got "
				    "\"%s\"", v);
		} else if (strcmp(argv[i], "--worktree") == 0)
			o.worktree = true;
		else if (strcmp(argv[i], "--drafts") == 0)
			o.drafts = true;
		else if (strcmp(argv[i], "--future") == 0)
			o.future = true;
		else if (strcmp(argv[i], "--strict") == 0)
			o.strict = true;
		else if (strcmp(argv[i], "--no-cache") == 0)
			o.no_cache = true;
		else if (strcmp(argv[i], "--no-wait") == 0)
			o.no_wait = true;
		else if (strcmp(argv[i], "--quiet") == 0)
			quiet = true;
		else
			return cli_usage(usage, "build",
			    "unknown option \"%s\"",
			    argv[i]);
		if (v != NULL && *v == '\0')
			return cli_usage(usage, "build", "%s needs a value",
			    argv[i]);
	}
	if (o.worktree && o.ref != NULL)
		return cli_usage(usage, "build", "--ref and --worktree "
		    "exclude each other");
	o.progress = !quiet && isatty(STDERR_FILENO);
	d = diags_new();
	rc = site_build(&o, &st, d);
	if (o.report != NULL && report_write(o.report, rc == 0, &st, d) < 0)
		rc = -1;
	print_diags(d, quiet);
	if (rc != 0) {
		summary_errors(&line, d);
		if (line.len > 0)
			fprintf(stderr, "%s\n", buf_cstr(&line));
		buf_free(&line);
	}
	if (rc == 0 && !quiet) {
		summary_built(&line, &st, o.out);
		fprintf(stderr, "%s\n", buf_cstr(&line));
		buf_free(&line);
	}
	/* A scheduler runs the next build when the output would change. */
	if (rc == 0 && st.next_change != 0) {
		report_utc(when, st.next_change);
		printf("next change: %s (%s)\n", when, st.next_reason);
	}
	diags_free(d);
	return rc == 0 ? 0 : st.busy ? EXIT_BUSY : EXIT_CONTENT;
}

static int
cmd_check(int argc, char **argv)
{
	struct diags	*d;
	const char	*out = "public", *v;
	int		 i, rc;

	for (i = 2; i < argc; i++) {
		if ((v = cli_optval(argc, argv, &i, "--out")) != NULL && *v != '\0')
			out = v;
		else
			return cli_usage(usage, "check",
			    "unknown option \"%s\"", argv[i]);
	}
	d = diags_new();
	rc = check_run(out, d);
	print_diags(d, false);
	diags_free(d);
	return rc == 0 ? 0 : EXIT_CONTENT;
}

int
main(int argc, char *argv[])
{
	int	 rc;

	if (argc < 2)
		return cli_usage(usage, NULL, "missing command");
	if (strcmp(argv[1], "--version") == 0) {
		version_print(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "build") == 0) {
		rc = cmd_build(argc, argv);
		datefmt_shutdown();
		return rc;
	}
	if (strcmp(argv[1], "serve") == 0)
		return cmd_serve(argc, argv);
	if (strcmp(argv[1], "new") == 0)
		return cmd_new(argc, argv);
	if (strcmp(argv[1], "init") == 0)
		return cmd_init(argc, argv);
	if (strcmp(argv[1], "theme") == 0)
		return cmd_theme(argc, argv);
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc, argv);
	if (strcmp(argv[1], "import") == 0)
		return cmd_import(argc, argv);
	if (strcmp(argv[1], "template") == 0)
		return cmd_template(argc, argv);
	return cli_usage(usage, NULL, "unknown command \"%s\"", argv[1]);
}
