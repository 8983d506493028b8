/*
 * Fuzz target: the WordPress export (WXR) reader and the site writer on
 * arbitrary bytes, imported into a temporary folder without git.  Every
 * input must end in an import or in diagnostics.
 */
#define _XOPEN_SOURCE 700

#include "fuzz_import.h"
#include "import_wordpress.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_import_file(data, size, "wordpress", "export.xml",
	    import_wordpress);
	return 0;
}
