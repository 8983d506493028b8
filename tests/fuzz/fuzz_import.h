/*
 * What the fuzz targets of `heraldo import` share: the input written as
 * a source in a temporary folder, imported into a site there without
 * git, and the rule that every input ends in an import or in
 * diagnostics.  The including file defines _XOPEN_SOURCE first.
 */
#ifndef HERALDO_FUZZ_IMPORT_H
#define HERALDO_FUZZ_IMPORT_H

#include <errno.h>
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

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A reader of one format: import_blogger, import_hugo and the like. */
typedef int	(*fuzz_reader)(struct importer *, const char *,
		    struct diags *);

static inline int
fuzz_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Write data[0..size) as dir/rel, making the folders above it. */
static inline void
fuzz_put(const char *dir, const char *rel, const uint8_t *data,
    size_t size)
{
	char	 path[256], *slash;
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			abort();
		*slash = '/';
	}
	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
}

/*
 * Import "src" (in temporary folder "dir") as "format" into dir/site,
 * check that a failure was reported, and remove "dir".
 */
static inline void
fuzz_import(const char *format, const char *dir, const char *src,
    fuzz_reader read)
{
	char			 site[64];
	struct import_opts	 o;
	struct importer		*imp;
	struct diags		*d;
	int			 rc;

	snprintf(site, sizeof(site), "%s/site", dir);
	memset(&o, 0, sizeof(o));
	o.format = format;
	o.source = src;
	o.site_dir = site;
	o.no_git = true;
	d = diags_new();
	if ((imp = import_new(&o, d)) == NULL)
		abort();
	rc = read(imp, src, d);
	if (import_started(imp) && import_finish(imp) < 0)
		rc = -1;
	if (rc < 0 && diags_errors(d) == 0)
		abort();
	import_free(imp);
	diags_free(d);
	nftw(dir, fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* The input as export file "name", imported as "format". */
static inline void
fuzz_import_file(const uint8_t *data, size_t size, const char *format,
    const char *name, fuzz_reader read)
{
	char	 dir[] = "/tmp/heraldo-fuzz-XXXXXX", src[64];

	if (mkdtemp(dir) == NULL)
		abort();
	fuzz_put(dir, name, data, size);
	snprintf(src, sizeof(src), "%s/%s", dir, name);
	fuzz_import(format, dir, src, read);
}

/*
 * The input as a site folder: the bytes before the first NUL as the
 * configuration file "config", the rest as the post "post" (paths in
 * the folder), imported as "format".
 */
static inline void
fuzz_import_folder(const uint8_t *data, size_t size, const char *format,
    const char *config, const char *post, fuzz_reader read)
{
	char		 dir[] = "/tmp/heraldo-fuzz-XXXXXX", src[64];
	const uint8_t	*nul = memchr(data, 0, size);
	size_t		 clen = nul != NULL ? (size_t)(nul - data) : 0;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(src, sizeof(src), "%s/src", dir);
	if (mkdir(src, 0777) < 0)
		abort();
	fuzz_put(src, config, data, clen);
	fuzz_put(src, post, data + clen + (nul != NULL),
	    size - clen - (nul != NULL));
	fuzz_import(format, dir, src, read);
}

#endif /* !HERALDO_FUZZ_IMPORT_H */
