/*
 * Unit tests for i18n: built-in catalogs, named arguments rewritten for
 * ICU's numbered MessageFormat, plurals, site catalogs loaded from YAML
 * with their errors, fallbacks and the missing-key check.
 *
 * Number formatting inside plurals ("1,000" in English, "1.000" in
 * Spanish, "1 000" with a NO-BREAK SPACE... in French) is CLDR 42 data
 * and is marked where it appears.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "i18n_builtin.h"
#include "loader.h"
#include "testutil.h"
#include "value.h"

struct fx {
	struct arena	*a;
	struct diags	*d;
	struct i18n	*in;
	struct buf	 b;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	f->a = arena_new();
	f->d = diags_new();
	f->in = i18n_new();
	buf_init(&f->b);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	i18n_free(f->in);
	diags_free(f->d);
	arena_free(f->a);
	buf_free(&f->b);
	free(f);
	return 0;
}

static void
expect_diags(struct fx *f, const char *want)
{
	char	*got = tu_diags(f->d);

	assert_string_equal(got, want);
	free(got);
	diags_free(f->d);
	f->d = diags_new();
}

/* A value map from "k=v;k=v" where a v of digits is a number. */
static struct value *
args(struct fx *f, const char *spec)
{
	struct value	*m = value_map(f->a);
	char		 buf[512], *p, *k, *v, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (p = strtok_r(buf, ";", &save); p != NULL;
	    p = strtok_r(NULL, ";", &save)) {
		k = p;
		v = strchr(p, '=');
		*v++ = '\0';
		if (v[0] != '\0' && strspn(v, "0123456789") == strlen(v))
			value_map_set_num(f->a, m, k, atof(v));
		else
			value_map_set_str(f->a, m, k, v);
	}
	return m;
}

static const char *
fmt(struct fx *f, const char *lang, const char *key, const char *spec)
{
	buf_reset(&f->b);
	assert_int_equal(i18n_format(&f->b, f->in, lang, key, args(f, spec),
	    f->d), 0);
	assert_int_equal(diags_count(f->d), 0);
	return buf_cstr(&f->b);
}

/* Load "yaml" as the site's i18n/LANG.yaml; the result of i18n_add. */
static int
add(struct fx *f, const char *lang, const char *yaml)
{
	struct value	*v = NULL;
	char		 path[64];

	snprintf(path, sizeof(path), "i18n/%s.yaml", lang);
	assert_int_equal(loader_parse(&v, path, yaml, strlen(yaml), 1, f->a,
	    f->d), 0);
	return i18n_add(f->in, lang, v, path, f->d);
}

static void
test_i18n_builtin_complete(void **state)
{
	static const char	 all[] = "title=Horario festivo;count=3;"
	    "date=20 de diciembre;author=Ana;minutes=4;page=2;pages=9;"
	    "year=2012;month=diciembre de 2012;tag=Año Nuevo;url=/x/;"
	    "department=Pagos;note=Precio corregido";
	struct fx		*f = *state;
	size_t			 l, k;

	for (l = 0; l < I18N_BUILTIN_LANGS; l++) {
		/* Every built-in language has every key English has. */
		i18n_check(f->in, i18n_builtin_langs[l], f->d);
		assert_int_equal(diags_count(f->d), 0);
		/* Every message compiles in ICU and takes its arguments. */
		for (k = 0; k < i18n_builtin_n; k++) {
			assert_non_null(fmt(f, i18n_builtin_langs[l],
			    i18n_builtin[k].key, all));
			assert_true(f->b.len > 0);
			assert_null(strchr(buf_cstr(&f->b), '{'));
		}
	}
	assert_string_equal(i18n_get(f->in, "es", "tagged"), "Etiquetas:");
	assert_string_equal(i18n_get(f->in, "en", "posted"),
	    "Posted: {date}");
	assert_null(i18n_get(f->in, "es", "no_such_key"));
}

static void
test_i18n_plural_en_es(void **state)
{
	struct fx	*f = *state;

	assert_string_equal(fmt(f, "en", "post_count", "count=0"), "0 posts");
	assert_string_equal(fmt(f, "en", "post_count", "count=1"), "1 post");
	assert_string_equal(fmt(f, "en", "post_count", "count=2"), "2 posts");
	assert_string_equal(fmt(f, "en", "post_count", "count=1000"),
	    "1,000 posts");				/* CLDR 42 */
	assert_string_equal(fmt(f, "es", "post_count", "count=0"),
	    "0 entradas");
	assert_string_equal(fmt(f, "es", "post_count", "count=1"),
	    "1 entrada");
	assert_string_equal(fmt(f, "es", "post_count", "count=2"),
	    "2 entradas");
	assert_string_equal(fmt(f, "es", "post_count", "count=1000"),
	    "1.000 entradas");				/* CLDR 42 */
	/* CLDR 42 gives es "many" for a million; the message has "other". */
	assert_string_equal(fmt(f, "es", "post_count", "count=1000000"),
	    "1.000.000 entradas");
	assert_string_equal(fmt(f, "en", "reading_time", "minutes=1"),
	    "1 minute read");
	assert_string_equal(fmt(f, "es", "reading_time", "minutes=1"),
	    "1 minuto de lectura");
	assert_string_equal(fmt(f, "es", "reading_time", "minutes=7"),
	    "7 minutos de lectura");
	/* A numeric string counts as a number where one is needed. */
	assert_string_equal(fmt(f, "es", "reading_time", "minutes= 1 "),
	    "1 minuto de lectura");
	assert_string_equal(fmt(f, "en", "reading_time", "minutes=2.5"),
	    "2.5 minutes read");
	/* French treats 0 as singular; Japanese has one form. */
	assert_string_equal(fmt(f, "fr", "post_count", "count=0"),
	    "0 article");
	assert_string_equal(fmt(f, "fr", "post_count", "count=2"),
	    "2 articles");
	assert_string_equal(fmt(f, "ja", "post_count", "count=1"),
	    "1件の投稿");
}

static void
test_i18n_builtin_messages(void **state)
{
	struct fx	*f = *state;

	assert_string_equal(fmt(f, "es", "digest_title",
	    "title=Horario festivo;count=2"), "Horario festivo y 2 más");
	assert_string_equal(fmt(f, "es", "digest_title",
	    "title=Horario festivo;count=1"), "Horario festivo y 1 más");
	assert_string_equal(fmt(f, "en", "digest_title",
	    "title=Holiday hours;count=1"), "Holiday hours plus 1 more");
	assert_string_equal(fmt(f, "de", "digest_title",
	    "title=Feiertage;count=1"), "Feiertage und 1 weiterer");
	assert_string_equal(fmt(f, "es", "posted",
	    "date=19 dic 2012 12:56 PST"), "Publicado: 19 dic 2012 12:56 PST");
	assert_string_equal(fmt(f, "es", "hours_resume",
	    "date=miércoles, 2 de enero de 2013"), "El horario habitual se "
	    "reanuda el miércoles, 2 de enero de 2013.");
	assert_string_equal(fmt(f, "es", "tag_title", "tag=Ofertas"),
	    "Entradas con la etiqueta «Ofertas»");
	assert_string_equal(fmt(f, "fr", "tag_title", "tag=Offres"),
	    "Articles avec l’étiquette «\u00a0Offres\u00a0»");
	/* A year in a plain argument is not a grouped number. */
	assert_string_equal(fmt(f, "en", "archive_year", "year=2012"),
	    "Posts from 2012");
	assert_string_equal(fmt(f, "ja", "archive_year", "year=2012"),
	    "2012年の投稿");
	assert_string_equal(fmt(f, "es", "page_of", "page=2;pages=12"),
	    "Página 2 de 12");
}

static void
test_i18n_named_args(void **state)
{
	static const char	 yaml[] =
	    "apos: \"It''s {name}''s turn: '{literal}' and '#' here\"\n"
	    "nested: \"{who, select, team {{n, plural, =0 {no one}"
	    " one {# person ('#' {who})} other {# people}}}"
	    " other {{who}: {n, plural, offset:1 =1 {just you}"
	    " one {you and one other} other {you and # more}}}}\"\n"
	    "twice: \"{count} ({count, plural, one {one} other {many}})"
	    " {count, number} {count, spellout}\"\n"
	    "sparse: \"{a}{b}{c}{x, plural, other {#}}\"\n"
	    "open: \"ends '{ in a quote\"\n";
	struct fx		*f = *state;

	assert_int_equal(add(f, "en", yaml), 0);
	assert_string_equal(fmt(f, "en", "apos", "name=Ana"),
	    "It's Ana's turn: {literal} and '#' here");
	assert_string_equal(fmt(f, "en", "nested", "who=team;n=0"),
	    "no one");
	assert_string_equal(fmt(f, "en", "nested", "who=team;n=1"),
	    "1 person (# team)");
	assert_string_equal(fmt(f, "en", "nested", "who=team;n=5"),
	    "5 people");
	assert_string_equal(fmt(f, "en", "nested", "who=Ana;n=1"),
	    "Ana: just you");
	/* "one" and "#" apply to n minus the offset. */
	assert_string_equal(fmt(f, "en", "nested", "who=Ana;n=2"),
	    "Ana: you and one other");
	assert_string_equal(fmt(f, "en", "nested", "who=Ana;n=4"),
	    "Ana: you and 3 more");
	/* One name, two kinds: a plain string and a number. */
	assert_string_equal(fmt(f, "en", "twice", "count=1234"),
	    "1234 (many) 1,234 one thousand two hundred thirty-four");
	/* Strings at even indexes, numbers at odd: padding in between. */
	assert_string_equal(fmt(f, "en", "sparse", "a=A;b=B;c=C;x=7"),
	    "ABC7");
	assert_string_equal(fmt(f, "en", "open", ""), "ends { in a quote");
	/* Booleans print as words; extra arguments are ignored. */
	assert_string_equal(fmt(f, "en", "apos", "name=true;extra=1"),
	    "It's true's turn: {literal} and '#' here");
}

static void
test_i18n_syntax_errors(void **state)
{
	static const char	 yaml[] =
	    "posted: \"Publicado: {date\"\n"
	    "older_posts: Entradas } anteriores\n"
	    "post_count: \"{count, plural, one {# entrada} otros {#}}\"\n"
	    "reading_time: \"{minutes, plural, one {# minuto}}\"\n"
	    "digest_title: \"{0} y {count, plural, other {# más}}\"\n"
	    "updated: \"{date, date, long}\"\n"
	    "home: 42\n"
	    "archive:\n"
	    "  - a list\n"
	    "tags: \"{tag, choice, 0#none|1#one}\"\n"
	    "tagged: \"{tag, plural, one {x} one {y} other {z}}\"\n"
	    "subscribe: \"{a, foo}\"\n"
	    "read_more: \"Sigue leyendo\"\n";
	struct fx		*f = *state;

	assert_int_equal(add(f, "es", yaml), -1);
	expect_diags(f,
	    "i18n/es.yaml:1:9: error: message \"posted\": unmatched \"{\" at "
	    "character 12\n"
	    "i18n/es.yaml:2:14: error: message \"older_posts\": unmatched "
	    "\"}\" (write '}' for a brace) at character 10\n"
	    "i18n/es.yaml:3:13: error: message \"post_count\": unknown plural "
	    "case \"otros\": expected zero, one, two, few, many, other or =N "
	    "at character 33\n"
	    "i18n/es.yaml:4:15: error: message \"reading_time\": \"plural\" "
	    "needs an \"other\" case at character 1\n"
	    "i18n/es.yaml:5:15: error: message \"digest_title\": numbered "
	    "argument: use a name, as in {title} at character 2\n"
	    "i18n/es.yaml:6:10: error: message \"updated\": \"date\" arguments "
	    "are not supported: pass the date already formatted at "
	    "character 8\n"
	    "i18n/es.yaml:7:7: error: message \"home\": expected a string\n"
	    "i18n/es.yaml:9:3: error: message \"archive\": expected a string\n"
	    "i18n/es.yaml:10:7: error: message \"tags\": \"choice\" is not "
	    "supported: use \"plural\" at character 7\n"
	    "i18n/es.yaml:11:9: error: message \"tagged\": duplicate case "
	    "\"one\" at character 23\n"
	    "i18n/es.yaml:12:12: error: message \"subscribe\": unknown "
	    "argument type \"foo\" at character 5\n");
	/* The good message of the file is in; the bad ones stay built-in. */
	assert_string_equal(i18n_get(f->in, "es", "read_more"),
	    "Sigue leyendo");
	assert_string_equal(i18n_get(f->in, "es", "posted"),
	    "Publicado: {date}");

	assert_int_equal(add(f, "fr", "- just\n- a list\n"), -1);
	expect_diags(f, "i18n/fr.yaml:1:1: error: expected a map of message "
	    "names to messages\n");
	/* An empty file is an empty catalog. */
	assert_int_equal(add(f, "de", ""), 0);
	assert_int_equal(diags_count(f->d), 0);
}

static void
test_i18n_more_syntax(void **state)
{
	static const struct {
		const char	*msg;
		const char	*want;
	} cases[] = {
		{ "{", "unmatched \"{\" at character 1" },
		{ "{ }", "expected an argument name after \"{\" at character "
		    "3" },
		{ "{a b}", "expected \",\" or \"}\" after \"a\" at character "
		    "4" },
		{ "{a,}", "expected an argument type after \",\" at character "
		    "4" },
		{ "{a, plural one {x}}", "expected \",\" after \"plural\" at "
		    "character 12" },
		{ "{a, plural, =x {x} other {y}}", "expected a number after "
		    "\"=\" at character 14" },
		{ "{a, plural, offset: other {y}}", "expected a number after "
		    "\"offset:\" at character 21" },
		{ "{a, select, x y}", "expected \"{\" after case \"x\" at "
		    "character 15" },
		{ "{a, select, other {x}", "unmatched \"{\" at character 1" },
		{ "{a, select, other {x", "unmatched \"{\" at character 19" },
		{ "{a, number, 'x}", "unterminated quote in the argument's "
		    "style at character 1" },
		{ "{a, select, {x}}", "expected a case of \"select\" or \"}\" "
		    "at character 13" },
		{ "{a}{b}{c}{d}{e}{f}{g}{h}{i}", "too many arguments (at "
		    "most 8 strings and 8 numbers) at character 26" },
		{ "{abcdefghijabcdefghijabcdefghijabc}", "argument name "
		    "longer than 32 bytes at character 2" },
		{ "ñ {", "unmatched \"{\" at character 3" },
	};
	struct fx	*f = *state;
	struct value	*map;
	char		 want[256];
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		map = value_map(f->a);
		value_map_set_str(f->a, map, "k", cases[i].msg);
		assert_int_equal(i18n_add(f->in, "es", map, "i18n/es.yaml",
		    f->d), -1);
		snprintf(want, sizeof(want), "i18n/es.yaml: error: message "
		    "\"k\": %s\n", cases[i].want);
		expect_diags(f, want);
	}
	/* Deep nesting is an error, not a stack overflow. */
	buf_reset(&f->b);
	for (i = 0; i < 40; i++)
		buf_puts(&f->b, "{a, select, other {");
	map = value_map(f->a);
	value_map_set_str(f->a, map, "k", buf_cstr(&f->b));
	assert_int_equal(i18n_add(f->in, "es", map, "i18n/es.yaml", f->d),
	    -1);
	expect_diags(f, "i18n/es.yaml: error: message \"k\": arguments "
	    "nested too deeply at character 305\n");
}

static void
test_i18n_fallback(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(add(f, "es_MX", "older_posts: Publicaciones "
	    "anteriores\nbanner: \"Oferta: {pct, number, percent}\"\n"), 0);
	assert_int_equal(add(f, "fr", "posted: \"Publié le {date}\"\n"), 0);
	/* es_MX, then es, then en. */
	assert_string_equal(fmt(f, "es_MX", "older_posts", ""),
	    "Publicaciones anteriores");
	assert_string_equal(fmt(f, "es-MX", "older_posts", ""),
	    "Publicaciones anteriores");
	assert_string_equal(fmt(f, "es_MX", "newer_posts", ""),
	    "Entradas más recientes");
	assert_string_equal(fmt(f, "es_MX", "banner", "pct=0.25"),
	    "Oferta: 25%");	/* CLDR 42: es_MX has no space, es does */
	assert_string_equal(fmt(f, "es", "older_posts", ""),
	    "Entradas anteriores");
	assert_string_equal(fmt(f, "fr", "posted", "date=20 décembre"),
	    "Publié le 20 décembre");
	/* A language heraldo lacks falls back to English, rules and all. */
	assert_string_equal(fmt(f, "sv", "post_count", "count=1"), "1 post");
	/* Site keys the en catalog lacks still have no en fallback. */
	buf_reset(&f->b);
	assert_int_equal(i18n_format(&f->b, f->in, "fr", "banner",
	    args(f, "pct=1"), f->d), -1);
	expect_diags(f, "heraldo: error: i18n: no message \"banner\" for fr "
	    "or en\n");
}

static void
test_i18n_check(void **state)
{
	static const char	 missing[] = "tags: Etiketter\n";
	struct fx		*f = *state;
	struct value		*en;
	const struct diag	*x;

	/* Built-in languages are complete: nothing to say. */
	i18n_check(f->in, "es", f->d);
	i18n_check(f->in, "es_MX", f->d);
	i18n_check(f->in, "en_GB", f->d);
	assert_int_equal(diags_count(f->d), 0);

	/* A site key in en that fr lacks: named once, at fr's file. */
	assert_int_equal(add(f, "en", "press_contact: \"Press: {email}\"\n"),
	    0);
	assert_int_equal(add(f, "fr", "posted: \"Publié le {date}\"\n"), 0);
	i18n_check(f->in, "fr", f->d);
	expect_diags(f, "i18n/fr.yaml: warning: missing \"press_contact\", "
	    "using en\n");
	/* No file for es_MX: es's file would be the place, then the name. */
	i18n_check(f->in, "es_MX", f->d);
	expect_diags(f, "i18n/es_MX.yaml: warning: missing \"press_contact\", "
	    "using en\n");
	assert_int_equal(add(f, "es", "read_more: Leer más\n"), 0);
	i18n_check(f->in, "es_MX", f->d);
	expect_diags(f, "i18n/es.yaml: warning: missing \"press_contact\", "
	    "using en\n");

	/* A language with no built-in catalog misses every key. */
	assert_int_equal(add(f, "sv", missing), 0);
	i18n_check(f->in, "sv", f->d);
	en = i18n_table(f->in, "en", f->a);
	assert_int_equal(diags_warnings(f->d), i18n_builtin_n);
	x = diags_get(f->d, 0);
	assert_string_equal(x->path, "i18n/sv.yaml");
	assert_string_equal(x->msg, "missing \"digest_title\", using en");
	x = diags_get(f->d, i18n_builtin_n - 1);
	assert_string_equal(x->msg, "missing \"press_contact\", using en");
	assert_non_null(en);
}

static void
test_i18n_format_errors(void **state)
{
	struct fx	*f = *state;

	assert_int_equal(i18n_format(&f->b, f->in, "es", "digest_title",
	    args(f, "title=Hola"), f->d), -1);
	expect_diags(f, "heraldo: error: i18n: message \"digest_title\" (es): "
	    "missing argument \"count\"\n");
	assert_int_equal(i18n_format(&f->b, f->in, "es", "digest_title",
	    args(f, "title=Hola;count=muchos"), f->d), -1);
	expect_diags(f, "heraldo: error: i18n: message \"digest_title\" (es): "
	    "argument \"count\" must be a number\n");
	assert_int_equal(i18n_format(&f->b, f->in, "es", "posted", NULL,
	    f->d), -1);
	expect_diags(f, "heraldo: error: i18n: message \"posted\" (es): "
	    "missing argument \"date\"\n");
	assert_int_equal(i18n_format(&f->b, f->in, "es", "nope", NULL, f->d),
	    -1);
	expect_diags(f, "heraldo: error: i18n: no message \"nope\" for es or "
	    "en\n");
	assert_int_equal(f->b.len, 0);
}

static void
test_i18n_table(void **state)
{
	struct fx		*f = *state;
	struct value		*t;
	const struct value	*v;

	assert_int_equal(add(f, "es", "read_more: \"Sigue leyendo ''aquí''\"\n"
	    "footer_note: \"Precios sin IVA\"\n"
	    "greeting: \"Hola, {name}\"\n"), 0);
	t = i18n_table(f->in, "es_MX", f->a);
	assert_string_equal(value_str(value_map_get(t, "older_posts")),
	    "Entradas anteriores");
	assert_string_equal(value_str(value_map_get(t, "read_more")),
	    "Sigue leyendo 'aquí'");
	assert_string_equal(value_str(value_map_get(t, "footer_note")),
	    "Precios sin IVA");
	/* Messages with arguments are formatted by heraldo, not listed. */
	assert_null(value_map_get(t, "posted"));
	assert_null(value_map_get(t, "greeting"));
	/* English keys first, in their order; the site's own after. */
	assert_string_equal(t->u.map.v[0].key, "older_posts");
	v = t->u.map.v[t->u.map.n - 1].val;
	assert_string_equal(value_str(v), "Precios sin IVA");
	t = i18n_table(f->in, "ja", f->a);
	assert_string_equal(value_str(value_map_get(t, "read_more")),
	    "続きを読む");
}

struct worker {
	const struct i18n	*in;
	int			 ok;
};

static void *
work(void *arg)
{
	struct worker	*w = arg;
	struct arena	*a = arena_new();
	struct diags	*d = diags_new();
	struct buf	 b = BUF_INIT;
	struct value	*m = value_map(a);
	int		 i;

	value_map_set_str(a, m, "title", "Horario festivo");
	value_map_set_num(a, m, "count", 2);
	w->ok = 1;
	for (i = 0; i < 100; i++) {
		buf_reset(&b);
		if (i18n_format(&b, w->in, "es", "digest_title", m, d) != 0 ||
		    strcmp(buf_cstr(&b), "Horario festivo y 2 más") != 0)
			w->ok = 0;
	}
	buf_free(&b);
	diags_free(d);
	arena_free(a);
	return NULL;
}

static void
test_i18n_threads(void **state)
{
	struct fx	*f = *state;
	pthread_t	 th[4];
	struct worker	 w[4];
	int		 i;

	for (i = 0; i < 4; i++) {
		w[i].in = f->in;
		assert_int_equal(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].ok, 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_i18n_builtin_complete,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_i18n_plural_en_es,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_i18n_builtin_messages,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_i18n_named_args,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_i18n_syntax_errors,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_i18n_more_syntax,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_i18n_fallback,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_i18n_check,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_i18n_format_errors,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_i18n_table,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_i18n_threads,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
