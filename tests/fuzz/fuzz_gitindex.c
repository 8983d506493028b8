/*
 * fuzz_gitindex: arbitrary bytes as git's index file.  gitindex_parse
 * must refuse them or give entries that hold what gitstatus.h promises:
 * paths within the bytes, NUL-terminated, not empty, strictly sorted.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gitstatus.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct gitindex	 ix;
	uint8_t		*copy = xmalloc(len + 1);
	size_t		 i;

	/* A copy of the exact size, so that ASan sees any read past it. */
	memcpy(copy, data, len);
	if (gitindex_parse(&ix, copy, len) == 0) {
		for (i = 0; i < ix.n; i++) {
			const char *p = ix.v[i].path;

			if (p < (const char *)copy ||
			    p + strlen(p) >= (const char *)copy + len ||
			    *p == '\0' ||
			    (i > 0 && strcmp(ix.v[i - 1].path, p) >= 0))
				abort();
		}
		gitindex_free(&ix);
	} else if (ix.v != NULL || ix.n != 0)
		abort();
	free(copy);
	return 0;
}
