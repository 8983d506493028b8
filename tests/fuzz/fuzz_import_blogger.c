/*
 * Fuzz target: the Blogger export reader and the site writer on
 * arbitrary bytes, imported into a temporary folder without git.  Every
 * input must end in an import or in diagnostics.
 */
#define _XOPEN_SOURCE 700

#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "import.h"
#include "import_blogger.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			 dir[] = "/tmp/heraldo-fuzz-XXXXXX";
	char			 src[64], site[64];
	struct import_opts	 o;
	struct importer		*imp;
	struct diags		*d;
	FILE			*fp;
	int			 rc;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(src, sizeof(src), "%s/export.xml", dir);
	snprintf(site, sizeof(site), "%s/site", dir);
	if ((fp = fopen(src, "wb")) == NULL)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	memset(&o, 0, sizeof(o));
	o.format = "blogger";
	o.source = src;
	o.site_dir = site;
	o.no_git = true;
	d = diags_new();
	if ((imp = import_new(&o, d)) == NULL)
		abort();
	rc = import_blogger(imp, src, d);
	if (import_started(imp) && import_finish(imp) < 0)
		rc = -1;
	if (rc < 0 && diags_errors(d) == 0)
		abort();
	import_free(imp);
	diags_free(d);
	nftw(dir, rm, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
