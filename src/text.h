/*
 * text: Unicode text operations with ICU: slugs, word boundaries, word
 * counts, locale collation.
 *
 * A "struct textctx" caches ICU transliterators and break iterators; it
 * belongs to one thread.  Input and output are UTF-8.
 */
#ifndef HERALDO_TEXT_H
#define HERALDO_TEXT_H

#include <stddef.h>

struct arena;
struct textctx;

struct textctx	*text_new(void);
void		 text_free(struct textctx *);

/*
 * A URL slug: transliterated to ASCII with an ICU transform, lowercased,
 * every run of other characters turned into one "-", no leading or
 * trailing "-".  "Año Nuevo — ¡ofertas! Ærø" gives "ano-nuevo-ofertas-aero".
 * Scripts that do not transliterate well (Han, Japanese kana and kanji)
 * are romanized by ICU where it can; if nothing ASCII remains the slug is
 * "p-" followed by 8 hex digits of a hash of the text, so it is stable.
 * Allocated in "a"; never NULL.
 */
char	*text_slug(struct textctx *, const char *s, size_t len,
	    struct arena *a);

/*
 * The longest prefix of s[0..len) that ends at an ICU word boundary and is
 * at most "max" bytes; its length.  len if s fits.
 */
size_t	 text_cut_words(struct textctx *, const char *s, size_t len,
	    size_t max, const char *locale);

/* Number of words (ICU word break, letters/ideographs/numbers only). */
size_t	 text_count_words(struct textctx *, const char *s, size_t len,
	    const char *locale);

/*
 * Sort strings by the collation of "locale" (ties broken bytewise so the
 * order is total).  Sorts "v" in place.
 */
void	 text_sort(const char **v, size_t n, const char *locale);

#endif /* !HERALDO_TEXT_H */
