/*
 * Fuzz target: a whole build of a one-post site whose post is the input,
 * from the work tree of a repository made once in a temporary folder,
 * with the built-in theme, feeds and hours blocks.  Every input must end
 * in a site or in diagnostics, never in a crash or a write outside the
 * output folder.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "site.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 root[64];

static void
put(const char *rel, const void *data, size_t len)
{
	char	 path[256];
	int	 fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		abort();
	if (len > 0 && write(fd, data, len) != (ssize_t)len)
		abort();
	close(fd);
}

static void
cleanup(void)
{
	char	 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", root);
}

static void
setup(void)
{
	static const char site[] = "title: Fuzz\n"
	    "base_url: https://fuzz.example/\nlocale: es\n"
	    "timezone: America/Los_Angeles\n"
	    "date_formats:\n  posted: { pattern: \"dd MMM yyyy hh:mm a zzz\", "
	    "locale: en_US }\nfeeds: { entries: 5, full_content: true }\n";
	char	 cmd[512];

	snprintf(root, sizeof(root), "/tmp/heraldo-fuzz-build-XXXXXX");
	if (mkdtemp(root) == NULL)
		abort();
	snprintf(cmd, sizeof(cmd), "cd %s && git init -q . && "
	    "mkdir -p content/posts", root);
	if (system(cmd) != 0)
		abort();
	atexit(cleanup);
	put("site.yaml", site, sizeof(site) - 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct site_opts	 o;
	struct diags		*d = diags_new();
	char			 out[128];
	int			 rc;

	if (root[0] == '\0')
		setup();
	put("content/posts/p.md", data, size);
	snprintf(out, sizeof(out), "%s/out", root);
	memset(&o, 0, sizeof(o));
	o.site_dir = root;
	o.worktree = true;
	o.out = out;
	o.now = "2013-01-01T00:00:00Z";
	o.jobs = 1;
	o.drafts = true;
	o.future = true;
	rc = site_build(&o, NULL, d);
	/* Failure and recorded errors go together. */
	if ((rc < 0) != (diags_errors(d) > 0))
		abort();
	diags_free(d);
	return 0;
}
