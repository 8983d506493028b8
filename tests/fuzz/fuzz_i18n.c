/*
 * fuzz_i18n: arbitrary bytes as a site message.  i18n_add must accept it
 * or record an error, never crash; an accepted message is then formatted
 * in English and Spanish with arguments of both kinds under the names
 * the seeds use (a, b, count, n, who, title).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "value.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = arena_new();
	struct diags	*d = diags_new();
	struct i18n	*in = i18n_new();
	struct value	*map = value_map(a), *args = value_map(a);
	struct buf	 b = BUF_INIT;
	int		 rc;

	value_map_set(a, map, "k", value_stringn(a, (const char *)data,
	    size));
	rc = i18n_add(in, "es", map, "i18n/es.yaml", d);
	if ((rc == 0) != (diags_errors(d) == 0))
		abort();
	if (rc == 0) {
		value_map_set_str(a, args, "a", "x");
		value_map_set_num(a, args, "b", 2);
		value_map_set_num(a, args, "count", 1);
		value_map_set_str(a, args, "n", "3");
		value_map_set_str(a, args, "who", "team");
		value_map_set_str(a, args, "title", "'{#}'");
		i18n_format(&b, in, "es", "k", args, d);
		i18n_format(&b, in, "en", "k", args, d);
		i18n_table(in, "es", a);
	}
	buf_free(&b);
	i18n_free(in);
	diags_free(d);
	arena_free(a);
	return 0;
}
