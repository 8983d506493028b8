/*
 * version: heraldo's version and its libraries' (see version.h).
 */
#define _GNU_SOURCE	/* dl_iterate_phdr */
#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static char		 build_id[2 * 64 + 1];
static pthread_once_t	 build_id_once = PTHREAD_ONCE_INIT;

/* The first object dl_iterate_phdr names is the program itself. */
static int
find_build_id(struct dl_phdr_info *info, size_t size, void *arg)
{
	const ElfW(Nhdr)	*nh;
	const char		*p, *end;
	size_t			 i, k;

	(void)size;
	(void)arg;
	for (i = 0; i < info->dlpi_phnum; i++) {
		if (info->dlpi_phdr[i].p_type != PT_NOTE)
			continue;
		p = (const char *)(info->dlpi_addr +
		    info->dlpi_phdr[i].p_vaddr);
		end = p + info->dlpi_phdr[i].p_memsz;
		while (p + sizeof(*nh) <= end) {
			nh = (const ElfW(Nhdr) *)(const void *)p;
			p += sizeof(*nh);
			if (nh->n_type == NT_GNU_BUILD_ID &&
			    nh->n_namesz == 4 && memcmp(p, "GNU", 4) == 0) {
				p += 4;
				for (k = 0; k < nh->n_descsz && k < 64; k++)
					snprintf(build_id + 2 * k, 3, "%02x",
					    (unsigned char)p[k]);
				return 1;
			}
			/* Name and descriptor are padded to 4 bytes. */
			p += (nh->n_namesz + 3) / 4 * 4 +
			    (nh->n_descsz + 3) / 4 * 4;
		}
	}
	return 1;
}

static void
read_build_id(void)
{
	dl_iterate_phdr(find_build_id, NULL);
}

const char *
version_build_id(void)
{
	pthread_once(&build_id_once, read_build_id);
	return build_id;
}
