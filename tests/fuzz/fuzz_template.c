/*
 * fuzz_template: compiles the input as a template "t", its first half as
 * the partial "p" and its second half as "q" (so that t, p and q name each
 * other, recursion included), checks the set, and renders all three
 * against a fixed data tree.  Checks the error contract on the way: -1
 * always comes with an error recorded, 0 never does.
 *
 * The data is shaped so that the work stays bounded: every list item
 * is a map holding every list key as an empty list (no list holds
 * scalars, which would not shadow it), so nested sections over lists
 * cannot multiply, and recursion through partials either stops at the
 * first level or runs into TEMPLATE_MAX_DEPTH.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "loader.h"
#include "template.h"
#include "value.h"

/* Larger inputs find nothing new and make for slow runs. */
#define MAX_INPUT	4096

static const char data_yaml[] =
    "name: \"A & <B> \\\"q\\\" 'a'\"\n"
    "n: 42\n"
    "r: 1.5\n"
    "big: 1e300\n"
    "t: true\n"
    "f: false\n"
    "nil: ~\n"
    "empty: \"\"\n"
    "zero: 0\n"
    "p: p\n"
    "q: q\n"
    "self: t\n"
    "text: \"line one\\nline two\\n\"\n"
    "map: {a: 1, b: {c: deep, p: q}, name: inner, list: [], items: []}\n"
    "list:\n"
    "  - {a: x, name: one, list: [], items: []}\n"
    "  - {a: y, name: two, list: [], items: [], p: q}\n"
    "  - {list: [], items: []}\n"
    "items:\n"
    "  - {name: i1, list: [], items: [], s: \"<s>\"}\n"
    "  - {name: i2, list: [], items: []}\n";

static const char *const names[] = { "t", "p", "q" };

/*
 * A failure has an error recorded, a success records none.  (A limit
 * hit again at the same place is the error recorded before, counted.)
 */
static void
check_contract(int rc, size_t errors_before, struct diags *d)
{
	if (rc < 0 ? diags_errors(d) == 0 : diags_errors(d) != errors_before)
		abort();
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena	*a;
	static struct value	*ctx;
	const char		*text = (const char *)data;
	const struct diag	*x;
	struct tpl_set		*set;
	struct diags		*d;
	struct buf		 out = BUF_INIT;
	size_t			 half = size / 2, i, before;
	char			*s;
	int			 rc;

	if (a == NULL) {
		a = arena_new();
		d = diags_new();
		if (loader_parse(&ctx, "data.yaml", data_yaml,
		    strlen(data_yaml), 1, a, d) < 0)
			abort();
		diags_free(d);
	}
	if (size > MAX_INPUT)
		return 0;
	set = template_set_new();
	d = diags_new();

	before = diags_errors(d);
	rc = template_set_add(set, "p", "p.mustache", text, half, d);
	check_contract(rc, before, d);
	before = diags_errors(d);
	rc = template_set_add(set, "q", "q.mustache", text + half,
	    size - half, d);
	check_contract(rc, before, d);
	before = diags_errors(d);
	rc = template_set_add(set, "t", "t.mustache", text, size, d);
	check_contract(rc, before, d);
	if (rc == 0 && !template_set_has(set, "t"))
		abort();
	before = diags_errors(d);
	check_contract(template_set_check(set, d), before, d);

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!template_set_has(set, names[i]))
			continue;
		buf_reset(&out);
		before = diags_errors(d);
		rc = template_render(&out, set, names[i], ctx, d);
		check_contract(rc, before, d);
	}
	/* Messages quote names: make sure each one formats. */
	for (i = 0; (x = diags_get(d, i)) != NULL; i++) {
		s = diag_format(x);
		free(s);
	}
	buf_free(&out);
	diags_free(d);
	template_set_free(set);
	return 0;
}
