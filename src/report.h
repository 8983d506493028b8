/*
 * report: `heraldo build --report FILE`, a JSON account of one build for
 * CI: whether it succeeded, counts, seconds per phase, every diagnostic,
 * and the next instant at which a build would write something else (so a
 * scheduler can run the next build then).
 */
#ifndef HERALDO_REPORT_H
#define HERALDO_REPORT_H

#include <stdbool.h>

struct diags;
struct site_stats;

/*
 * Write the report to "path" (replaced through a temporary file).
 * Returns 0, or -1 after recording why it could not be written.
 */
int	report_write(const char *path, bool ok, const struct site_stats *st,
	    struct diags *d);

/* RFC 3339 in UTC of "t" ("2013-01-01T00:00:00Z"), for messages. */
void	report_utc(char out[32], long long t);

#endif /* !HERALDO_REPORT_H */
