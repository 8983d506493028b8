/*
 * Fuzz target: the Hugo folder reader (front matter, dates, shortcodes)
 * and the site writer.  The input is hugo.yaml, a NUL byte, then one
 * post, written into a temporary Hugo folder and imported without git.
 * Every input must end in an import or in diagnostics.
 */
#define _XOPEN_SOURCE 700

#include "fuzz_import.h"
#include "import_hugo.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_import_folder(data, size, "hugo", "hugo.yaml",
	    "content/posts/post.md", import_hugo);
	return 0;
}
