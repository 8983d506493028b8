/*
 * Unit tests for text: slugs through ICU transforms, word cuts and word
 * counts through ICU word breaks, and locale collation.
 *
 * Expectations marked "ICU 72" depend on ICU's transform rules, break
 * dictionaries or CLDR 42 collation tailorings and may move with them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "text.h"

struct fx {
	struct arena	*a;
	struct textctx	*tc;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	f->a = arena_new();
	f->tc = text_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	text_free(f->tc);
	arena_free(f->a);
	free(f);
	return 0;
}

static const char *
slug(struct fx *f, const char *s)
{
	return text_slug(f->tc, s, strlen(s), f->a);
}

static void
test_text_slug_latin(void **state)
{
	struct fx	*f = *state;

	assert_string_equal(slug(f, "Año Nuevo — ¡ofertas! Ærø"),
	    "ano-nuevo-ofertas-aero");
	assert_string_equal(slug(f, "Ærlig talt: Øl på Ålesund"),
	    "aerlig-talt-ol-pa-alesund");
	assert_string_equal(slug(f, "Horario de atención: 24 y 31 de "
	    "diciembre"), "horario-de-atencion-24-y-31-de-diciembre");
	assert_string_equal(slug(f, "Straße „Zürich“ – 50 % Rabatt"),
	    "strasse-zurich-50-rabatt");
	assert_string_equal(slug(f, "Don't miss: it’s the “Holiday” sale"),
	    "dont-miss-its-the-holiday-sale");
	assert_string_equal(slug(f, "  --Leading and trailing--  "),
	    "leading-and-trailing");
	/* Decomposed "Ã" (A + U+0303) folds like the precomposed one. */
	assert_string_equal(slug(f, "A\xcc\x83no"), "ano");
	assert_string_equal(slug(f, "ŒUVRE ﬁn"), "oeuvre-fin");
}

static void
test_text_slug_scripts(void **state)
{
	struct fx	*f = *state;

	/* ICU 72 transforms. */
	assert_string_equal(slug(f, "Καλά Χριστούγεννα"),
	    "kala-christougenna");
	assert_string_equal(slug(f, "Новогодние скидки"),
	    "novogodnie-skidki");
	assert_string_equal(slug(f, "ひらがな カタカナ"), "hiragana-katakana");
	assert_string_equal(slug(f, "春节营业时间"),
	    "chun-jie-ying-ye-shi-jian");
	assert_string_equal(slug(f, "안녕하세요 세계"),
	    "annyeonghaseyo-segye");
	/* Kanji with kana is Japanese: no Mandarin readings, a hash. */
	assert_string_equal(slug(f, "年末年始の営業時間"), "p-36a9407d");
	assert_string_equal(slug(f, "年末年始の営業時間"), "p-36a9407d");
	assert_string_equal(slug(f, "営業時間のお知らせ"), "p-b7f1af65");
}

static void
test_text_slug_fallback(void **state)
{
	struct fx	*f = *state;
	char		 bad[] = { 'a', (char)0xff, 'b', 0 };

	/* Nothing ASCII remains: FNV-1a of the UTF-8 bytes. */
	assert_string_equal(slug(f, ""), "p-811c9dc5");
	assert_string_equal(slug(f, "!!!"), "p-2d53a722");
	assert_string_equal(slug(f, "🎉🎄"), "p-e42b7fe6");
	/* Invalid UTF-8 is a separator, not a crash. */
	assert_string_equal(slug(f, bad), "a-b");
}

static void
test_text_slug_length(void **state)
{
	struct fx	*f = *state;
	const char	*s;
	char		 long_word[200];

	s = slug(f, "Price list 2013: reseller tiers, volume discounts, "
	    "bundles and the new support plans for partners everywhere");
	assert_string_equal(s, "price-list-2013-reseller-tiers-volume-"
	    "discounts-bundles-and-the-new-support");
	assert_true(strlen(s) <= 80);
	/* Exactly 80 bytes before a "-": kept whole. */
	memset(long_word, 'a', 80);
	strcpy(long_word + 80, " bbb");
	s = slug(f, long_word);
	assert_int_equal(strlen(s), 80);
	assert_null(strchr(s, '-'));
	/* 79 + "-" + more: the "-" goes too. */
	long_word[79] = ' ';
	s = slug(f, long_word);
	assert_int_equal(strlen(s), 79);
	/* One word longer than 80 bytes: cut hard. */
	memset(long_word, 'x', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	s = slug(f, long_word);
	assert_int_equal(strlen(s), 80);
}

static size_t
cut(struct fx *f, const char *s, size_t max, const char *locale)
{
	return text_cut_words(f->tc, s, strlen(s), max, locale);
}

static void
test_text_cut_words(void **state)
{
	static const char	 en[] = "Holiday hours: our offices close on "
	    "December 24 and reopen January 2.";
	static const char	 ja[] = "年末年始の営業時間について"
	    "お知らせします。";
	struct fx		*f = *state;

	assert_int_equal(cut(f, en, 1000, "en"), strlen(en));
	assert_int_equal(cut(f, en, strlen(en), "en"), strlen(en));
	assert_int_equal(cut(f, en, 6, "en"), 0);
	assert_int_equal(cut(f, en, 7, "en"), 7);		/* Holiday */
	assert_int_equal(cut(f, en, 12, "en"), 7);	/* no trailing space */
	assert_int_equal(cut(f, en, 13, "en"), 13);	/* Holiday hours */
	assert_int_equal(cut(f, en, 14, "en"), 14);	/* Holiday hours: */
	assert_int_equal(cut(f, en, 16, "en"), 14);
	assert_int_equal(cut(f, en, 25, "en"), 18);	/* ... our */
	assert_int_equal(cut(f, en, 26, "en"), 26);	/* ... offices */
	/* ICU 72's Japanese dictionary: 年末年始|の|営業|時間|について... */
	assert_int_equal(cut(f, ja, 11, "ja"), 0);
	assert_int_equal(cut(f, ja, 12, "ja"), 12);	/* 年末年始 */
	assert_int_equal(cut(f, ja, 13, "ja"), 12);
	assert_int_equal(cut(f, ja, 14, "ja"), 12);
	assert_int_equal(cut(f, ja, 15, "ja"), 15);	/* の */
	assert_int_equal(cut(f, ja, 26, "ja"), 21);	/* 営業 */
	assert_int_equal(cut(f, ja, 27, "ja"), 27);	/* 時間 */
	/* An unknown locale breaks by the root rules. */
	assert_int_equal(cut(f, en, 16, "xx"), 14);
}

static size_t
count(struct fx *f, const char *s, const char *locale)
{
	return text_count_words(f->tc, s, strlen(s), locale);
}

static void
test_text_count_words(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(count(f, "Holiday hours: our offices close on "
	    "December 24 and reopen January 2.", "en"), 12);
	/* Apostrophes and decimals stay inside a word; hyphens split. */
	assert_int_equal(count(f, "It's 3.14 — e-mail, don't!", "en"), 5);
	assert_int_equal(count(f, "", "en"), 0);
	assert_int_equal(count(f, " ,.;— ", "en"), 0);
	/* ICU 72: 年末年始|の|営業|時間|について|お知らせ|し|ます */
	assert_int_equal(count(f, "年末年始の営業時間についてお知らせします。",
	    "ja"), 8);
	assert_int_equal(count(f, "Año Nuevo: ¡ofertas!", "es"), 3);
}

/*
 * ASCII text is counted without ICU; the counts must be ICU's.  A text
 * that ends in " \xc3\xa9" (a space and an e with an acute accent) goes
 * through ICU and has exactly one word more.
 */
static void
test_text_count_words_ascii_matches_icu(void **state)
{
	static const char	 alphabet[] = "aZ09_.',:;- \n!";
	struct fx		*f = *state;
	char			 s[64], t[80];
	unsigned		 seed = 12345, k, i, n;

	for (k = 0; k < 20000; k++) {
		n = (seed = seed * 1103515245 + 12345) % 24;
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			s[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		s[n] = '\0';
		snprintf(t, sizeof(t), "%s \xc3\xa9", s);
		if (count(f, s, "en") + 1 != count(f, t, "en"))
			fail_msg("\"%s\": %zu words, ICU says %zu", s,
			    count(f, s, "en"), count(f, t, "en") - 1);
	}
}

static void
join(char *out, size_t cap, const char **v, size_t n)
{
	size_t	 i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strncat(out, ", ", cap - strlen(out) - 1);
		strncat(out, v[i], cap - strlen(out) - 1);
	}
}

static void
test_text_sort(void **state)
{
	const char	*tags[] = { "Ñu", "avión", "árbol", "nube", "Árbol",
	    "arbol", "zorro", "oso", "ñandú", "Navidad", "ofertas", "Ofertas",
	    "año", "chico", "llave", "luz", "cuna" };
	const size_t	 n = sizeof(tags) / sizeof(tags[0]);
	const char	*same[] = { "b", "a", "a" };
	char		 got[512];

	(void)state;
	/* CLDR 42: ñ is a letter after n; ch and ll are not letters. */
	text_sort(tags, n, "es");
	join(got, sizeof(got), tags, n);
	assert_string_equal(got, "año, arbol, árbol, Árbol, avión, chico, "
	    "cuna, llave, luz, Navidad, nube, ñandú, Ñu, ofertas, Ofertas, "
	    "oso, zorro");
	/* In English ñ is an n with a mark. */
	text_sort(tags, n, "en");
	join(got, sizeof(got), tags, n);
	assert_string_equal(got, "año, arbol, árbol, Árbol, avión, chico, "
	    "cuna, llave, luz, ñandú, Navidad, Ñu, nube, ofertas, Ofertas, "
	    "oso, zorro");
	/* An unknown locale sorts by the root collation, not by LANG's. */
	text_sort(tags, n, "xx");
	join(got, sizeof(got), tags, n);
	assert_string_equal(got, "año, arbol, árbol, Árbol, avión, chico, "
	    "cuna, llave, luz, ñandú, Navidad, Ñu, nube, ofertas, Ofertas, "
	    "oso, zorro");
	text_sort(same, 3, "es");
	join(got, sizeof(got), same, 3);
	assert_string_equal(got, "a, a, b");
	text_sort(same, 0, "es");
}

static void
test_text_from_html(void **state)
{
	struct fx	*f = *state;
	const char	*h = "<h1>Title</h1>\n<P class=\"lead\">We <em>launch</em>"
			    "\n  &amp; grow &#x1F680;&nbsp;now<br>again &copy;</P>"
			    "<script>var x = '<p>no</p>';</script><!-- <p>c</p> -->"
			    "<p>Second &#0; para, a < b</p>";

	assert_string_equal(text_from_html(h, strlen(h), true, f->a),
	    "We launch & grow \xf0\x9f\x9a\x80 now again &copy;");
	assert_string_equal(text_from_html(h, strlen(h), false, f->a),
	    "Title We launch & grow \xf0\x9f\x9a\x80 now again &copy; "
	    "Second \xef\xbf\xbd para, a < b");
	/* No <p>: the whole text; nothing: "". */
	assert_string_equal(text_from_html("<div>Only a div</div>", 21, true,
	    f->a), "Only a div");
	assert_string_equal(text_from_html("", 0, true, f->a), "");
	/* Cut short: no read past the end. */
	assert_string_equal(text_from_html("a &#x41", 7, false, f->a),
	    "a &#x41");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_from_html,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_slug_latin,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_slug_scripts,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_slug_fallback,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_slug_length,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_text_count_words_ascii_matches_icu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_cut_words,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_count_words,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_sort,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
