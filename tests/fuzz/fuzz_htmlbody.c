/*
 * fuzz_htmlbody: arbitrary bytes as the body of an HTML post: its text
 * (text_from_html, whole and first paragraph) and the template syntax
 * check (markdown_check_html).  Any input must give text no longer than
 * it could decode to and at most one warning, never a crash or a read
 * past the input (which is not NUL-terminated).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "markdown.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags	*d = diags_new();
	struct arena	*a = arena_new();
	char		*text = malloc(size + 1);
	const char	*all, *first;

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	all = text_from_html(text, size, false, a);
	first = text_from_html(text, size, true, a);
	/* A reference of 4 bytes or more decodes to at most 4. */
	if (strlen(all) > size || strlen(first) > size)
		abort();
	markdown_check_html("p.html", text, size, 1, d);
	if (diags_count(d) > 1 || diags_errors(d) != 0)
		abort();
	free(text);
	arena_free(a);
	diags_free(d);
	return 0;
}
