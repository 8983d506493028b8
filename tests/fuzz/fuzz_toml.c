/*
 * Fuzz target: the TOML reader on arbitrary bytes.  Every input must end
 * in a table and no diagnostics, or in exactly one error; the tree it
 * gives must be no deeper than TOML_MAX_DEPTH.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "toml.h"
#include "util.h"
#include "value.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t
depth(const struct value *v)
{
	size_t	 i, d, max = 0;

	if (v->kind == VAL_LIST)
		for (i = 0; i < v->u.list.n; i++)
			if ((d = depth(v->u.list.v[i])) > max)
				max = d;
	if (v->kind == VAL_MAP)
		for (i = 0; i < v->u.map.n; i++)
			if ((d = depth(v->u.map.v[i].val)) > max)
				max = d;
	return v->kind == VAL_LIST || v->kind == VAL_MAP ? max + 1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = arena_new();
	struct diags	*d = diags_new();
	struct value	*v = NULL;
	/* An exact copy, so reading past the end is caught by ASan. */
	char		*text = xmalloc(size + 1);

	memcpy(text, data, size);
	if (toml_parse(&v, "fuzz.toml", text, size, 1, a, d) == 0) {
		if (v == NULL || v->kind != VAL_MAP || diags_count(d) != 0 ||
		    depth(v) > TOML_MAX_DEPTH + 1)
			abort();
	} else if (diags_errors(d) != 1)
		abort();
	free(text);
	diags_free(d);
	arena_free(a);
	return 0;
}
