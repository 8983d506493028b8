/*
 * version: heraldo's version and its libraries' (see version.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include <cmark-gfm.h>
#include <git2.h>
#include <libxml/parser.h>
#include <microhttpd.h>
#include <yaml.h>

#include "datefmt.h"
#include "version.h"

#ifndef HERALDO_VERSION
#define HERALDO_VERSION "unknown"
#endif

void
version_print(FILE *fp)
{
	int		 major, minor, rev;
	long		 xml = strtol(xmlParserVersion, NULL, 10);
	unsigned long	 mhd = MHD_VERSION;

	git_libgit2_version(&major, &minor, &rev);
	fprintf(fp, "heraldo %s\n", HERALDO_VERSION);
	fprintf(fp, "libgit2 %d.%d.%d\n", major, minor, rev);
	fprintf(fp, "cmark-gfm %s\n", cmark_version_string());
	fprintf(fp, "ICU %s, CLDR %s\n", datefmt_icu_version(),
	    datefmt_cldr_version());
	/* libxml2 writes 2.9.14 as "20914". */
	fprintf(fp, "libxml2 %ld.%ld.%ld\n", xml / 10000, xml / 100 % 100,
	    xml % 100);
	fprintf(fp, "libyaml %s\n", yaml_get_version_string());
	/* MHD_VERSION writes 0.9.75 as 0x00097500: each byte's hex digits. */
	fprintf(fp, "libmicrohttpd %lx.%lx.%lx (built against", mhd >> 24,
	    mhd >> 16 & 0xff, mhd >> 8 & 0xff);
#ifdef MHD_SONAME
	fprintf(fp, "; serve opens %s", MHD_SONAME);
#endif
	fprintf(fp, ")\n");
}
