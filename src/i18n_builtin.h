/*
 * i18n_builtin: heraldo's own UI strings, the catalogs a site gets
 * without an i18n/ folder.  Plain data, read by i18n.c; see i18n.h for
 * the keys and what their arguments mean.
 */
#ifndef HERALDO_I18N_BUILTIN_H
#define HERALDO_I18N_BUILTIN_H

#include <stddef.h>

/* The built-in languages: en, es, fr, de, pt, it, nl, ja. */
#define I18N_BUILTIN_LANGS	8

/* One key's message in every built-in language (none is NULL). */
struct i18n_builtin {
	const char	*key;
	const char	*text[I18N_BUILTIN_LANGS];
};

/* Language codes, in the order of i18n_builtin.text. */
extern const char *const	 i18n_builtin_langs[I18N_BUILTIN_LANGS];

/* The messages, English's key order; i18n_builtin_n of them. */
extern const struct i18n_builtin i18n_builtin[];
extern const size_t		 i18n_builtin_n;

#endif /* !HERALDO_I18N_BUILTIN_H */
