/*
 * cmd_theme: see cmd_theme.h.  Files are created with O_EXCL: one that
 * exists, or appears meanwhile, stays as it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "cmd_theme.h"
#include "diag.h"
#include "theme.h"
#include "util.h"

#define EXIT_CONTENT	1

static const char usage[] = "usage: heraldo theme export [--to DIR]\n";

/* mkdir -p of the folders above "path". */
static int
make_parents(const char *path, struct diags *d)
{
	char	*p = xstrdup(path), *slash;
	int	 rc = 0;

	for (slash = strchr(p + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = diag_error(d, p, 0, 0, "cannot make the folder: "
			    "%s", strerror(errno));
			break;
		}
		*slash = '/';
	}
	free(p);
	return rc;
}

/* Write one file unless it exists; 1 written, 0 kept, -1 error. */
static int
put_file(const char *dir, const char *rel, const char *data, size_t len,
    struct diags *d)
{
	struct buf	 path = BUF_INIT;
	ssize_t		 n;
	int		 fd, rc = -1;

	buf_printf(&path, "%s/%s", dir, rel);
	if (make_parents(buf_cstr(&path), d) < 0)
		goto out;
	if ((fd = open(buf_cstr(&path), O_WRONLY | O_CREAT | O_EXCL |
	    O_CLOEXEC, 0666)) < 0) {
		if (errno == EEXIST)
			rc = 0;
		else
			diag_error(d, buf_cstr(&path), 0, 0, "cannot create: "
			    "%s", strerror(errno));
		goto out;
	}
	n = write(fd, data, len);
	if (close(fd) != 0 || n != (ssize_t)len) {
		unlink(buf_cstr(&path));
		diag_error(d, buf_cstr(&path), 0, 0, "cannot write: %s",
		    n < 0 ? strerror(errno) : "short write");
		goto out;
	}
	rc = 1;
out:
	buf_free(&path);
	return rc;
}

int
cmd_theme_export(const char *dir, struct buf *made, struct buf *kept,
    struct diags *d)
{
	const struct theme_file	*t;
	struct buf		 rel = BUF_INIT;
	int			 k, rc = 0;
	bool			 asset;

	for (t = theme_layouts, asset = false; ; t++) {
		if (t->name == NULL) {
			if (asset)
				break;
			t = theme_assets;
			asset = true;
			if (t->name == NULL)
				break;
		}
		buf_reset(&rel);
		buf_printf(&rel, asset ? "static/%s" : "layouts/%s.mustache",
		    t->name);
		if ((k = put_file(dir, buf_cstr(&rel), t->data, t->len, d)) < 0)
			rc = -1;
		else
			buf_printf(k == 1 ? made : kept, "%s\n", buf_cstr(&rel));
	}
	buf_free(&rel);
	return rc;
}

int
cmd_theme(int argc, char **argv)
{
	struct buf	 made = BUF_INIT, kept = BUF_INIT, path = BUF_INIT;
	struct diags	*d;
	struct stat	 st;
	const char	*dir = ".", *v, *line, *nl;
	int		 i, rc;

	if (argc >= 3 && (strcmp(argv[2], "--help") == 0 ||
	    strcmp(argv[2], "-h") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc < 3 || strcmp(argv[2], "export") != 0)
		return cli_usage(usage, "theme", argc < 3 ? "missing "
		    "\"export\"" : "unknown subcommand \"%s\"", argv[2]);
	for (i = 3; i < argc; i++) {
		if ((v = cli_optval(argc, argv, &i, "--to")) != NULL) {
			if (*v == '\0')
				return cli_usage(usage, "theme", "--to needs "
				    "a value");
			dir = v;
		} else
			return cli_usage(usage, "theme", "unknown option "
			    "\"%s\"", argv[i]);
	}
	d = diags_new();
	rc = cmd_theme_export(dir, &made, &kept, d);
	diags_print(d, stderr);
	diags_free(d);
	if (made.len > 0) {
		printf("copied the built-in theme into %s:\n", dir);
		for (line = buf_cstr(&made); *line != '\0'; line = nl + 1) {
			nl = strchr(line, '\n');
			printf("  %.*s\n", (int)(nl - line), line);
		}
	}
	if (kept.len > 0) {
		printf("kept as they were (the site's own, not overwritten):\n");
		for (line = buf_cstr(&kept); *line != '\0'; line = nl + 1) {
			nl = strchr(line, '\n');
			printf("  %.*s\n", (int)(nl - line), line);
		}
	}
	buf_printf(&path, "%s/site.yaml", dir);
	if (stat(buf_cstr(&path), &st) != 0)
		printf("%s holds no site.yaml: copy layouts/ and static/ into "
		    "a site's folder to use them.\n", dir);
	else if (made.len > 0)
		printf("The site now uses these files instead of the built-in "
		    "theme: edit them (heraldo serve shows each change), then "
		    "commit them.\n");
	buf_free(&path);
	buf_free(&made);
	buf_free(&kept);
	return rc < 0 ? EXIT_CONTENT : 0;
}
