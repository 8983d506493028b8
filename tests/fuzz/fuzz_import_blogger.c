/*
 * Fuzz target: the Blogger export reader and the site writer on
 * arbitrary bytes, imported into a temporary folder without git.  Every
 * input must end in an import or in diagnostics.
 */
#define _XOPEN_SOURCE 700

#include "fuzz_import.h"
#include "import_blogger.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_import_file(data, size, "blogger", "export.xml", import_blogger);
	return 0;
}
