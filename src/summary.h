/*
 * summary: what a build did, in plain English for the person who ran
 * it: "built 1 post and 2 pages into public: ...; 1 draft and 2
 * scheduled posts left out".  Plurals come from ICU's rules for English
 * (through i18n's MessageFormat), not from an "s" added by hand.
 */
#ifndef HERALDO_SUMMARY_H
#define HERALDO_SUMMARY_H

struct buf;
struct diags;
struct site_stats;

/*
 * What the build left out, appended to "out": "1 draft and 2 scheduled
 * posts left out", with "; 1 expired post out of lists and feeds" when
 * posts expired.  Appends nothing when nothing was left out.
 */
void	summary_left_out(struct buf *out, const struct site_stats *st);

/*
 * "1 post and 2 pages", then ": 9 files written, 0 unchanged": what
 * every summary line says (serve's after each rebuild, too).
 */
void	summary_counts(struct buf *out, const struct site_stats *st);
void	summary_files(struct buf *out, const struct site_stats *st);

/*
 * The one line a build prints when it succeeds, without a newline:
 * "built 1 post and 1 page into public: 9 files written, 0 unchanged,
 * in 0.02 s", then "; " and summary_left_out's words if any.
 */
void	summary_built(struct buf *out, const struct site_stats *st,
	    const char *dir);

/*
 * What a failed build ends with, appended to "out" without a newline:
 * "3 errors in 2 files; nothing was written" ("1 error; ..." alone, and
 * "... and the build" when some errors name no file).  Appends nothing
 * when "d" holds no error.
 */
void	summary_errors(struct buf *out, struct diags *d);

#endif /* !HERALDO_SUMMARY_H */
