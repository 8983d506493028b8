/*
 * Fuzz target: the Jekyll folder reader (front matter, dates, Liquid)
 * and the site writer.  The input is _config.yml, a NUL byte, then one
 * post, written into a temporary Jekyll folder and imported without git.
 * Every input must end in an import or in diagnostics.
 */
#define _XOPEN_SOURCE 700

#include "fuzz_import.h"
#include "import_jekyll.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_import_folder(data, size, "jekyll", "_config.yml",
	    "_posts/2012-10-19-post.md", import_jekyll);
	return 0;
}
