/*
 * icalcheck FILE...: every file is an iCalendar stream that libical
 * parses without errors and whose components pass its restriction check
 * (RFC 5546 iTIP rules for the stream's METHOD: PUBLISH needs DTSTAMP,
 * DTSTART, ORGANIZER, SUMMARY and UID in each VEVENT, among others).
 * Prints one line per file; exits 1 if any file fails, 2 on usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

/* The file's bytes, NUL-terminated (malloc'd), or NULL. */
static char *
slurp(const char *path)
{
	FILE	*fp = fopen(path, "rb");
	char	*s = NULL;
	long	 n;

	if (fp == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (s = malloc((size_t)n + 1)) &&
	    fread(s, 1, (size_t)n, fp) == (size_t)n)
		s[n] = '\0';
	else {
		free(s);
		s = NULL;
	}
	fclose(fp);
	return s;
}

/* Print the X-LIC-ERROR properties libical attached anywhere in "c". */
static int
report(const char *path, icalcomponent *c)
{
	icalproperty	*p;
	icalcomponent	*k;
	int		 n = 0;

	for (p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
	    p != NULL;
	    p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
		printf("FAIL %s: %s: %s\n", path,
		    icalcomponent_kind_to_string(icalcomponent_isa(c)),
		    icalproperty_get_xlicerror(p));
		n++;
	}
	for (k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT);
	    k != NULL;
	    k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		n += report(path, k);
	return n;
}

int
main(int argc, char **argv)
{
	icalcomponent	*c;
	char		*text;
	int		 i, bad = 0, restricted;

	if (argc < 2) {
		fputs("usage: icalcheck FILE...\n", stderr);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if ((text = slurp(argv[i])) == NULL) {
			printf("FAIL %s: cannot read it\n", argv[i]);
			bad = 1;
			continue;
		}
		if ((c = icalparser_parse_string(text)) == NULL) {
			printf("FAIL %s: not iCalendar\n", argv[i]);
			bad = 1;
			free(text);
			continue;
		}
		restricted = icalrestriction_check(c);
		if (report(argv[i], c) > 0 || !restricted)
			bad = 1;
		else
			printf("OK %s: %d events\n", argv[i],
			    icalcomponent_count_components(c,
			    ICAL_VEVENT_COMPONENT));
		icalcomponent_free(c);
		free(text);
	}
	return bad;
}
