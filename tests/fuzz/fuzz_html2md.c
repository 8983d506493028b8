/*
 * Fuzz target: the HTML-to-Markdown converter on arbitrary bytes.  The
 * first byte picks the options (bit 0 keep_filtered, bit 1 autop);
 * every input must give valid UTF-8 Markdown that heraldo's renderer
 * accepts, and valid UTF-8 HTML for an HTML post.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "html2md.h"
#include "markdown.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int		 init;
	struct html2md_opts	 o = { false, false, "fuzz.html", 1, NULL, NULL };
	struct markdown_opts	 mo = { true, NULL, 0, NULL };
	struct html2md_stats	 st;
	struct markdown_doc	 doc;
	struct buf		 md = BUF_INIT;
	struct diags		*d = diags_new();
	struct arena		*a = arena_new();

	if (!init) {
		markdown_init();
		init = 1;
	}
	if (size > 0) {
		o.keep_filtered = data[0] & 1;
		o.autop = (data[0] & 2) != 0;
		data++;
		size--;
	}
	html2md_convert(&md, &st, (const char *)data, size, &o, d);
	if (!util_utf8_valid(buf_cstr(&md), md.len, NULL))
		abort();
	if (md.len > 0 && md.data[md.len - 1] != '\n')
		abort();
	if (markdown_render(&doc, "fuzz.md", buf_cstr(&md), md.len, 1, &mo,
	    NULL, a, d) < 0)
		abort();
	buf_reset(&md);
	html2md_html(&md, (const char *)data, size, &o);
	if (!util_utf8_valid(buf_cstr(&md), md.len, NULL))
		abort();
	if (md.len > 0 && md.data[md.len - 1] != '\n')
		abort();
	buf_free(&md);
	arena_free(a);
	diags_free(d);
	return 0;
}
