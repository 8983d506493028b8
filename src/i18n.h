/*
 * i18n: UI strings as ICU MessageFormat, per language.
 *
 * Catalogs come from heraldo's built-in tables (en, es, ...) and from the
 * site's i18n/LANG.yaml, which override them key by key.  Lookups fall
 * back from "es_MX" to "es", then to "en".  Once loaded, a catalog set is
 * immutable and thread-safe to read.
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
 * by the caller; strings are copied).  Each message is compiled; a syntax
 * error is recorded at its position in "path".  Non-string values are
 * errors.
 */
int	i18n_add(struct i18n *, const char *lang, const struct value *map,
	    const char *path, struct diags *d);

/*
 * Warn once for every key that the "en" catalog has and "lang" lacks
 * (after its fallbacks), naming the key.  Call once after loading.
 */
void	i18n_check(const struct i18n *, const char *lang, struct diags *d);

/* The raw message for key in lang (with fallbacks), or NULL. */
const char *i18n_get(const struct i18n *, const char *lang, const char *key);

/*
 * Format message "key" in "lang" with named arguments: "args" is a map
 * whose keys are argument names ("title", "count", "date") and whose
 * values are strings or numbers.  Plural and select work as ICU defines
 * them.  Appends to "out"; returns 0, or -1 after recording an error
 * (missing key, bad argument).
 */
int	i18n_format(struct buf *out, const struct i18n *, const char *lang,
	    const char *key, const struct value *args, struct diags *d);

/*
 * Every key of "lang" (with fallbacks) whose message takes no argument, as
 * a map key -> string in "a": what templates see as {{i18n.KEY}}.
 */
struct value *i18n_table(const struct i18n *, const char *lang,
	    struct arena *a);

#endif /* !HERALDO_I18N_H */
