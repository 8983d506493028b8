/*
 * i18n: UI strings as ICU MessageFormat, per language.
 *
 * Catalogs come from heraldo's built-in tables (en, es, fr, de, pt, it,
 * nl, ja) and from the site's i18n/LANG.yaml, which override them key by
 * key.  Lookups fall back from "es_MX" to "es", then to "en"; a message
 * found in a fallback is formatted with that catalog's plural rules.
 * Once loaded, a catalog set is immutable and thread-safe to read.
 *
 * Messages use named arguments: "{title}", "{count, plural, one {# post}
 * other {# posts}}", "{kind, select, outage {...} other {...}}", and
 * "{n, number}" (also spellout, ordinal, duration, selectordinal).  A
 * plain "{x}" prints its value as written, numbers included ("2012", not
 * "2,012"); "{x, number}" and "#" format numbers for the language.  Quote
 * with apostrophes as ICU does: '{' is a brace, '' an apostrophe.  Date
 * and time arguments are refused (ICU would use the machine's zone):
 * dates are passed already formatted, as strings.  At most 8 string and
 * 8 number arguments per message.
 *
 * Built-in keys (arguments in braces):
 *   digest_title {title} {count}	posted {date}	updated {date}
 *   correction {date} {note}	posted_by {author}
 *   older_posts	newer_posts
 *   previous_post		next_post	page_of {page} {pages}
 *   home	archive		archive_year {year}	archive_month {month}
 *   all_posts	post_count {count}	reading_time {minutes}
 *   read_more	tags		tagged ("Tags:")	tag_title {tag}
 *   all_tags	subscribe	feed_atom	feed_rss	feed_digest
 *   skip_to_content		not_found_title		not_found_text
 *   redirect_title		redirect_text {url}
 *   draft_banner	future_banner	expired_banner
 *   hours_title	hours_department	hours_closed	hours_from
 *   hours_until	hours_all_day	hours_note	hours_reduced
 *   hours_resume {date}	hours_calendar	hours_event {department}
 *   hours_upcoming	hours_none	hours_announcement	hours_subscribe
 */
#ifndef HERALDO_I18N_H
#define HERALDO_I18N_H

#include <stddef.h>

struct arena;
struct buf;
struct diags;
struct i18n;
struct value;

/* A set holding the built-in catalogs; never NULL. */
struct i18n	*i18n_new(void);
void		 i18n_free(struct i18n *);

/*
 * Add the site's catalog for "lang" from a YAML map (i18n/LANG.yaml loaded
 * by the caller; strings are copied).  Each message is checked and
 * compiled by ICU; an error is recorded at the value's line and column in
 * "path", naming the message and the character where it went wrong:
 *   i18n/es.yaml:3:10: error: message "posted": unmatched "{" at
 *   character 12
 * Non-string values are errors too.  Good messages are added even when
 * others fail; returns 0, or -1 if anything was recorded.  An empty file
 * (null) is an empty catalog.
 */
int	i18n_add(struct i18n *, const char *lang, const struct value *map,
	    const char *path, struct diags *d);

/*
 * Warn once for every key that the "en" catalog has and "lang" lacks
 * (after its fallbacks other than en), naming the key:
 *   i18n/fr.yaml: warning: missing "posted", using en
 * The path is the site's file for the language or its fallback, or
 * "i18n/LANG.yaml" when the site has none.  Nothing for English.  Call
 * once after loading.
 */
void	i18n_check(const struct i18n *, const char *lang, struct diags *d);

/* The raw message for key in lang (with fallbacks), or NULL. */
const char *i18n_get(const struct i18n *, const char *lang, const char *key);

/*
 * Format message "key" in "lang" with named arguments: "args" is a map
 * whose keys are argument names ("title", "count", "date") and whose
 * values are strings or numbers (a numeric string is read as a number
 * where one is needed).  Plural and select work as ICU defines them.
 * Appends to "out"; returns 0, or -1 after recording an error with no
 * place (missing key, missing or bad argument).
 */
int	i18n_format(struct buf *out, const struct i18n *, const char *lang,
	    const char *key, const struct value *args, struct diags *d);

/*
 * Every key of "lang" (with fallbacks) whose message takes no argument, as
 * a map key -> formatted string in "a" (en's keys first, in the order
 * above, then the site's own): what templates see as {{i18n.KEY}}.
 */
struct value *i18n_table(const struct i18n *, const char *lang,
	    struct arena *a);

#endif /* !HERALDO_I18N_H */
