/*
 * text: Unicode text operations with ICU: slugs, word boundaries, word
 * counts, locale collation.
 *
 * A "struct textctx" caches ICU transliterators and break iterators; it
 * belongs to one thread.  Input and output are UTF-8; invalid bytes read
 * as U+FFFD.
 */
#ifndef HERALDO_TEXT_H
#define HERALDO_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct textctx;

struct textctx	*text_new(void);
void		 text_free(struct textctx *);

/*
 * A URL slug: transliterated to ASCII with the ICU transform
 * "Any-Latin; Latin-ASCII", lowercased, apostrophes dropped ("don't" gives
 * "dont"), every run of other characters turned into one "-", no leading
 * or trailing "-", cut at a "-" to at most 80 bytes.
 *   "Año Nuevo — ¡ofertas! Ærø"  ->  "ano-nuevo-ofertas-aero"
 *   "Καλά Χριστούγεννα"          ->  "kala-christougenna"
 * Kana romanize ("ひらがな" -> "hiragana") and Han alone reads as Mandarin
 * pinyin ("春节" -> "chun-jie").  Han mixed with kana is Japanese, which
 * ICU cannot read, so such text, and text with nothing ASCII left, gets
 * "p-" and the 8 hex digits of the FNV-1a hash of its UTF-8 bytes:
 *   "年末年始の営業時間"          ->  "p-36a9407d"
 * Allocated in "a"; never NULL.
 */
char	*text_slug(struct textctx *, const char *s, size_t len,
	    struct arena *a);

/*
 * The longest prefix of s[0..len) that ends at an ICU word boundary of
 * "locale" and is at most "max" bytes, without the white space before
 * that boundary; its length.  len if s fits; 0 if the first word does not.
 */
size_t	 text_cut_words(struct textctx *, const char *s, size_t len,
	    size_t max, const char *locale);

/*
 * Number of words: ICU word break segments whose rule status is a number,
 * letters, kana or ideographs (not spaces or punctuation).  Japanese and
 * Chinese are segmented with ICU's dictionary.
 */
size_t	 text_count_words(struct textctx *, const char *s, size_t len,
	    const char *locale);

/*
 * Sort strings by the collation of "locale" at tertiary strength (ties
 * broken bytewise so the order is total): in Spanish "árbol, avión, nube,
 * ñandú, Ñu".  Sorts "v" in place; thread-safe.
 */
void	 text_sort(const char **v, size_t n, const char *locale);

/*
 * The text of HTML s[0..len) as a reader sees it: tags, comments and
 * what <script> and <style> hold left out, a space where a block starts
 * or ends (p, div, li, br, h1, ...), white space runs made one space, the
 * character references &amp; &lt; &gt; &quot; &apos; &nbsp; and &#N;
 * &#xH; decoded (others kept as written).  With "first_para", only the
 * text of the first <p> element, when there is one.  In "a"; never NULL.
 */
char	*text_from_html(const char *s, size_t len, bool first_para,
	    struct arena *a);

/*
 * Where the element "name" whose content starts at s ends: its closing
 * tag ("</name", any case) in s[0..end), or "end" when it has none.
 */
const char	*text_html_close(const char *s, const char *end,
		    const char *name);

#endif /* !HERALDO_TEXT_H */
