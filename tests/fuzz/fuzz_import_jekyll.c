/*
 * Fuzz target: the Jekyll folder reader (front matter, dates, Liquid)
 * and the site writer.  The input is _config.yml, a NUL byte, then one
 * post, written into a temporary Jekyll folder and imported without git.
 * Every input must end in an import or in diagnostics.
 */
#define _XOPEN_SOURCE 700

#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "import.h"
#include "import_jekyll.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
put(const char *path, const uint8_t *data, size_t size)
{
	FILE	*fp;

	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			 dir[] = "/tmp/heraldo-fuzz-XXXXXX";
	char			 src[64], site[64], path[128];
	const uint8_t		*nul = memchr(data, 0, size);
	size_t			 clen = nul != NULL ?
	    (size_t)(nul - data) : 0;
	struct import_opts	 o;
	struct importer		*imp;
	struct diags		*d;
	int			 rc;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(src, sizeof(src), "%s/src", dir);
	snprintf(site, sizeof(site), "%s/site", dir);
	snprintf(path, sizeof(path), "%s/_posts", src);
	if (mkdir(src, 0777) < 0 || mkdir(path, 0777) < 0)
		abort();
	snprintf(path, sizeof(path), "%s/_config.yml", src);
	put(path, data, clen);
	snprintf(path, sizeof(path), "%s/_posts/2012-10-19-post.md", src);
	put(path, data + clen + (nul != NULL), size - clen - (nul != NULL));
	memset(&o, 0, sizeof(o));
	o.format = "jekyll";
	o.source = src;
	o.site_dir = site;
	o.no_git = true;
	d = diags_new();
	if ((imp = import_new(&o, d)) == NULL)
		abort();
	rc = import_jekyll(imp, src, d);
	if (import_started(imp) && import_finish(imp) < 0)
		rc = -1;
	if (rc < 0 && diags_errors(d) == 0)
		abort();
	import_free(imp);
	diags_free(d);
	nftw(dir, rm, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
