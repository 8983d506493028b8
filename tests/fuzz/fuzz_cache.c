/*
 * fuzz_cache: arbitrary bytes as the build cache's state file.  Opening
 * it must give an empty cache or a whole one, never crash; the manifest
 * entries and history it gives must be whole (strings present, sorted).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "gitsrc.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	*dir;


static void
check(struct cache *c)
{
	struct output_cache		 oc;
	const struct gitsrc_hist	*h;
	const char			*commit;
	size_t				 i, n;

	cache_output(c, &oc);
	for (i = 0; i < oc.live.n; i++)
		if (oc.live.v[i].rel == NULL || (i > 0 &&
		    strcmp(oc.live.v[i - 1].rel, oc.live.v[i].rel) >= 0))
			abort();
	if (cache_history(c, &commit, &h, &n))
		for (i = 0; i < n; i++)
			if (h[i].path == NULL || h[i].created.name == NULL ||
			    h[i].modified.email == NULL ||
			    strlen(h[i].significant.commit) > 40)
				abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cache	*c;
	struct hkey	 env = { 0, 0 };
	char		 path[4096];
	FILE		*fp;

	if (dir == NULL) {
		snprintf(path, sizeof(path), "/tmp/heraldo-fuzz-cache-%ld",
		    (long)getpid());
		dir = xstrdup(path);
	}
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/state", dir);
	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		abort();
	fclose(fp);
	/*
	 * The environment digest is whatever the state says (it follows
	 * the 16-byte magic), so that inputs get past it.
	 */
	if (size >= 32) {
		memcpy(&env.a, data + 16, 8);
		memcpy(&env.b, data + 24, 8);
	}
	c = cache_open(dir, env);
	check(c);
	cache_free(c);
	unlink(path);
	return 0;
}
