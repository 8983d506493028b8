/*
 * config: site.yaml, read into typed settings with defaults.
 *
 *   title, base_url, locale, timezone, per_page, list_per_page (50: the
 *   summaries of archive and tag pages), permalink, date_formats,
 *   feeds {entries, full_content, hub}, markdown {unsafe}, params
 *
 * Unknown top-level keys are kept in "raw" for templates (site.params is
 * the documented place for a theme's own settings).
 */
#ifndef HERALDO_CONFIG_H
#define HERALDO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "datefmt.h"

struct arena;
struct diags;
struct value;

/* A named format; spec.locale and spec.tz are NULL when not given. */
struct config_datefmt {
	const char		*name;		/* "day_header" */
	struct datefmt_spec	 spec;
};

struct siteconf {
	const char		*title;
	const char		*description;	/* "" if none */
	const char		*base_url;	/* absolute, ends in "/" */
	const char		*base_path;	/* its path: "/" or "/blog/" */
	const char		*locale;	/* ICU id: "es", "en_US" */
	const char		*lang;		/* BCP 47: "es", "en-US" */
	const char		*timezone;	/* IANA id */
	const char		*permalink;	/* "/:year/:month/:slug.html" */
	unsigned		 per_page;	/* the index */
	unsigned		 list_per_page;	/* years, months, tags */
	struct config_datefmt	*formats;
	size_t			 nformats;
	unsigned		 feed_entries;
	bool			 feed_full;
	const char		*hub;		/* WebSub hub or NULL */
	bool			 unsafe;	/* raw HTML in Markdown */
	struct value		*params;	/* map, never NULL */
	struct value		*raw;		/* the whole file */
};

/*
 * Parse site.yaml from text[0..len) into *c (allocated in "a").  Records
 * an error for each bad setting at its path:line:col and returns -1 if
 * there was any.  "base_url", when not NULL, replaces the file's (the
 * --base-url flag).
 */
int	config_load(struct siteconf *c, const char *text, size_t len,
	    const char *path, const char *base_url, struct arena *a,
	    struct diags *d);

/* The BCP 47 tag of an ICU locale id ("en_US" -> "en-US"), in "a". */
const char *config_lang_tag(const char *locale, struct arena *a);

/* The named format "name", or NULL. */
const struct config_datefmt *config_format(const struct siteconf *,
	    const char *name);

#endif /* !HERALDO_CONFIG_H */
