/*
 * fuzz_datefmt: arbitrary bytes parsed as a front matter date in
 * America/Los_Angeles, then printed back as RFC 3339, RFC 822 and a day
 * key.  Any input must give 0 or -1 with a diagnostic, never a crash; a
 * date that parses must print as the same instant it parsed to (unless
 * the zone's offset carries it out of the years 0001-9999).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datefmt.h"
#include "diag.h"

/* 0001-01-02T00:00:00Z and 9999-12-30T00:00:00Z */
#define SAFE_MIN	INT64_C(-62135510400)
#define SAFE_MAX	INT64_C(253402128000)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags	*d = diags_new();
	char		*text = malloc(size + 1);
	char		 s3339[32], s822[40], day[11];
	int64_t		 t = 0, back = 0;
	int		 rc;

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	rc = datefmt_parse(&t, text, "America/Los_Angeles", "fuzz.md", 1, 1,
	    d);
	if ((rc == 0) != (diags_errors(d) == 0))
		abort();
	if (rc == 0) {
		datefmt_rfc3339(s3339, t, "America/Los_Angeles");
		datefmt_rfc822(s822, t, "America/Los_Angeles");
		datefmt_daykey(day, t, "America/Los_Angeles");
		if (t > SAFE_MIN && t < SAFE_MAX &&
		    (datefmt_parse(&back, s3339, "UTC", "fuzz.md", 1, 1,
		    d) != 0 || back != t))
			abort();
	}
	free(text);
	diags_free(d);
	return 0;
}
