/*
 * Fuzz target: front matter splitting, YAML loading and typed keys on
 * arbitrary bytes.  Every input must end in success or diagnostics.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "frontmatter.h"
#include "util.h"
#include "value.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();
	struct value		*meta;
	struct frontmatter	 fm;
	const char		*body;
	unsigned		 line;
	char			*text = xstrndup((const char *)data, size);

	if (frontmatter_split(&meta, &body, &line, "fuzz.md", text, size, a,
	    d) == 0) {
		/* The body lies inside the text, after the front matter. */
		if (body < text || body > text + size)
			abort();
		frontmatter_read(&fm, meta, true, NULL, 0, "fuzz.md", a, d);
	} else if (diags_errors(d) == 0)
		abort();
	free(text);
	diags_free(d);
	arena_free(a);
	return 0;
}
