/*
 * config: site.yaml into struct siteconf.
 */
#include <math.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "datefmt.h"
#include "diag.h"
#include "loader.h"
#include "url.h"
#include "util.h"
#include "value.h"

struct cfgctx {
	const char	*path;
	struct arena	*a;
	struct diags	*d;
	int		 rc;
};

static const char *
str_or(struct cfgctx *c, const struct value *map, const char *key,
    const char *def)
{
	const struct value	*v = value_map_get(map, key);

	if (v == NULL || v->kind == VAL_NULL)
		return def;
	if (v->kind == VAL_STRING)
		return v->u.str.s;
	if (v->kind == VAL_NUMBER && v->u.num.text != NULL)
		return v->u.num.text;
	c->rc = diag_error(c->d, c->path, v->line, v->col,
	    "%s: expected text", key);
	return def;
}

static unsigned
uint_or(struct cfgctx *c, const struct value *map, const char *key,
    unsigned def, unsigned min, unsigned max)
{
	const struct value	*v = value_map_get(map, key);

	if (v == NULL || v->kind == VAL_NULL)
		return def;
	if (v->kind != VAL_NUMBER || v->u.num.d != floor(v->u.num.d) ||
	    v->u.num.d < min || v->u.num.d > max) {
		c->rc = diag_error(c->d, c->path, v->line, v->col,
		    "%s: expected a whole number from %u to %u", key, min,
		    max);
		return def;
	}
	return (unsigned)v->u.num.d;
}

static bool
bool_or(struct cfgctx *c, const struct value *map, const char *key, bool def)
{
	const struct value	*v = value_map_get(map, key);

	if (v == NULL || v->kind == VAL_NULL)
		return def;
	if (v->kind != VAL_BOOL) {
		c->rc = diag_error(c->d, c->path, v->line, v->col,
		    "%s: expected true or false", key);
		return def;
	}
	return v->u.b;
}

static const struct value *
map_or_null(struct cfgctx *c, const struct value *map, const char *key)
{
	const struct value	*v = value_map_get(map, key);

	if (v == NULL || v->kind == VAL_NULL)
		return NULL;
	if (v->kind != VAL_MAP) {
		c->rc = diag_error(c->d, c->path, v->line, v->col,
		    "%s: expected a map", key);
		return NULL;
	}
	return v;
}

/* "http://host..." or "https://host...": a scheme and a host. */
static bool
absolute_url(const char *s)
{
	if (util_startswith(s, "https://"))
		s += 8;
	else if (util_startswith(s, "http://"))
		s += 7;
	else
		return false;
	return *s != '\0' && *s != '/';
}

const char *
config_lang_tag(const char *locale, struct arena *a)
{
	char	*s = arena_strdup(a, locale), *p;

	/* "es_ES@calendar=x" -> "es-ES": BCP 47 has no "@" keywords here. */
	if ((p = strchr(s, '@')) != NULL)
		*p = '\0';
	for (p = s; *p != '\0'; p++)
		if (*p == '_')
			*p = '-';
	return s;
}

static void
load_formats(struct siteconf *sc, struct cfgctx *c, const struct value *m)
{
	const struct value	*f, *v;
	struct config_datefmt	*x;
	struct datefmt_spec	 check;
	size_t			 i;
	int			 kinds;

	sc->formats = arena_zalloc(c->a, (m->u.map.n + 1) *
	    sizeof(*sc->formats));
	for (i = 0; i < m->u.map.n; i++) {
		f = m->u.map.v[i].val;
		x = &sc->formats[sc->nformats];
		x->name = m->u.map.v[i].key;
		if (f->kind != VAL_MAP) {
			c->rc = diag_error(c->d, c->path, f->line, f->col,
			    "date_formats.%s: expected a map with style, "
			    "pattern or skeleton", x->name);
			continue;
		}
		kinds = 0;
		if ((v = value_map_get(f, "style")) != NULL) {
			x->spec.kind = DATEFMT_STYLE;
			kinds++;
		}
		if ((v = value_map_get(f, "pattern")) != NULL) {
			x->spec.kind = DATEFMT_PATTERN;
			kinds++;
		}
		if ((v = value_map_get(f, "skeleton")) != NULL) {
			x->spec.kind = DATEFMT_SKELETON;
			kinds++;
		}
		if (kinds != 1) {
			c->rc = diag_error(c->d, c->path, f->line, f->col,
			    "date_formats.%s: expected exactly one of style, "
			    "pattern or skeleton", x->name);
			continue;
		}
		x->spec.text = str_or(c, f, x->spec.kind == DATEFMT_STYLE ?
		    "style" : x->spec.kind == DATEFMT_PATTERN ? "pattern" :
		    "skeleton", "");
		/* Absent: the post's (or page's) own locale and zone. */
		x->spec.locale = str_or(c, f, "locale", NULL);
		x->spec.tz = str_or(c, f, "timezone", NULL);
		check = x->spec;
		if (check.locale == NULL)
			check.locale = sc->locale;
		if (check.tz == NULL)
			check.tz = sc->timezone;
		if (datefmt_spec_check(&check, c->path, f->line, f->col,
		    c->d) < 0) {
			c->rc = -1;
			continue;
		}
		sc->nformats++;
	}
}

int
config_load(struct siteconf *sc, const char *text, size_t len,
    const char *path, const char *base_url, struct arena *a,
    struct diags *d)
{
	struct cfgctx		 c = { path, a, d, 0 };
	struct value		*raw = NULL;
	const struct value	*v, *m;
	const char		*s;
	size_t			 n;

	memset(sc, 0, sizeof(*sc));
	if (loader_parse(&raw, path, text, len, 1, a, d) < 0)
		return -1;
	if (raw->kind == VAL_NULL)
		raw = value_map(a);
	if (raw->kind != VAL_MAP)
		return diag_error(d, path, raw->line, raw->col,
		    "expected a map of settings");
	sc->raw = raw;
	sc->title = str_or(&c, raw, "title", "");
	if (*sc->title == '\0')
		c.rc = diag_error(d, path, 1, 1, "title: required");
	sc->description = str_or(&c, raw, "description", "");

	v = value_map_get(raw, "base_url");
	s = base_url != NULL ? base_url : str_or(&c, raw, "base_url", NULL);
	if (s == NULL || !absolute_url(s)) {
		c.rc = diag_error(d, path, v ? v->line : 1, v ? v->col : 1,
		    "base_url: expected an absolute http or https URL");
		s = "http://localhost/";
	}
	n = strlen(s);
	sc->base_url = s[n - 1] == '/' ? s : arena_printf(a, "%s/", s);
	s = strstr(sc->base_url, "://") + 3;
	sc->base_path = (s = strchr(s, '/')) != NULL ? s : "/";

	sc->locale = str_or(&c, raw, "locale", "en");
	v = value_map_get(raw, "locale");
	if (!datefmt_locale_known(sc->locale))
		c.rc = diag_error(d, path, v ? v->line : 1, v ? v->col : 1,
		    "locale: unknown locale \"%s\"", sc->locale);
	sc->lang = config_lang_tag(sc->locale, a);
	sc->timezone = str_or(&c, raw, "timezone", "UTC");
	v = value_map_get(raw, "timezone");
	if (!datefmt_zone_known(sc->timezone)) {
		c.rc = diag_error(d, path, v ? v->line : 1, v ? v->col : 1,
		    "timezone: unknown time zone \"%s\"", sc->timezone);
		sc->timezone = "UTC";
	}
	sc->per_page = uint_or(&c, raw, "per_page", 10, 1, 1000);
	sc->list_per_page = uint_or(&c, raw, "list_per_page", 50, 1, 10000);
	sc->permalink = str_or(&c, raw, "permalink",
	    "/:year/:month/:slug.html");
	if (!url_pattern_ok(sc->permalink)) {
		v = value_map_get(raw, "permalink");
		c.rc = diag_error(d, path, v ? v->line : 1, v ? v->col : 1,
		    "permalink: expected a path starting with \"/\" that "
		    "holds :slug or :filename");
		/* The build goes on to report the posts' errors too. */
		sc->permalink = "/:year/:month/:slug.html";
	}

	if ((m = map_or_null(&c, raw, "date_formats")) != NULL)
		load_formats(sc, &c, m);
	else
		sc->formats = arena_zalloc(a, sizeof(*sc->formats));

	sc->feed_entries = 20;
	if ((m = map_or_null(&c, raw, "feeds")) != NULL) {
		sc->feed_entries = uint_or(&c, m, "entries", 20, 1, 10000);
		sc->feed_full = bool_or(&c, m, "full_content", false);
		sc->hub = str_or(&c, m, "hub", NULL);
	}
	if ((m = map_or_null(&c, raw, "markdown")) != NULL)
		sc->unsafe = bool_or(&c, m, "unsafe", false);
	if ((m = map_or_null(&c, raw, "params")) != NULL)
		sc->params = (struct value *)m;
	else
		sc->params = value_map(a);
	return c.rc;
}

const struct config_datefmt *
config_format(const struct siteconf *sc, const char *name)
{
	size_t	 i;

	for (i = 0; i < sc->nformats; i++)
		if (strcmp(sc->formats[i].name, name) == 0)
			return &sc->formats[i];
	return NULL;
}
