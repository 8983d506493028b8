/*
 * frontmatter: "---" delimited YAML or "+++" delimited TOML, then typed
 * keys.
 */
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "frontmatter.h"
#include "loader.h"
#include "toml.h"
#include "value.h"

/* Whether line s[0..n) is the fence "marker", trailing blanks allowed. */
static bool
is_fence(const char *s, size_t n, const char *marker)
{
	size_t	 m = strlen(marker);

	if (n < m || memcmp(s, marker, m) != 0)
		return false;
	for (; m < n; m++)
		if (s[m] != ' ' && s[m] != '\t' && s[m] != '\r')
			return false;
	return true;
}

int
frontmatter_split(struct value **meta, const char **body,
    unsigned *body_line, const char *path, const char *text, size_t len,
    struct arena *a, struct diags *d)
{
	const char	*p = text, *end = text + len, *eol, *yaml;
	unsigned	 line = 1;
	struct value	*v = NULL;
	bool		 toml;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (eol == NULL)
		eol = end;
	/* Hugo and Zola: TOML between "+++" lines. */
	toml = is_fence(p, (size_t)(eol - p), "+++");
	if (!toml && !is_fence(p, (size_t)(eol - p), "---"))
		return diag_error(d, path, 1, 1,
		    "front matter: expected \"---\" (YAML) or \"+++\" (TOML) "
		    "on the first line");
	yaml = eol < end ? eol + 1 : end;
	for (p = yaml, line = 2; p < end; p = eol + 1, line++) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		if (toml ? is_fence(p, (size_t)(eol - p), "+++") :
		    is_fence(p, (size_t)(eol - p), "---") ||
		    is_fence(p, (size_t)(eol - p), "..."))
			break;
		if (eol == end) {
			p = end;
			break;
		}
	}
	if (p >= end)
		return diag_error(d, path, 1, 1,
		    "front matter: no closing \"%s\" line",
		    toml ? "+++" : "---");
	if (toml ? toml_parse(&v, path, yaml, (size_t)(p - yaml), 2, a, d) :
	    loader_parse(&v, path, yaml, (size_t)(p - yaml), 2, a, d))
		return -1;
	if (v->kind == VAL_NULL)
		v = value_map(a);
	else if (v->kind != VAL_MAP)
		return diag_error(d, path, v->line, v->col,
		    "front matter: expected a map of keys");
	*meta = v;
	*body = eol < end ? eol + 1 : end;
	*body_line = line + 1;
	return 0;
}

/* A scalar as text: strings, numbers and booleans; NULL otherwise. */
static const char *
scalar_text(const struct value *v, struct arena *a)
{
	char		 tmp[32];
	const char	*s;
	size_t		 len;

	if (v->kind == VAL_STRING)
		return v->u.str.s;
	if (v->kind != VAL_NUMBER && v->kind != VAL_BOOL)
		return NULL;
	if (v->kind == VAL_NUMBER && v->u.num.text != NULL)
		return v->u.num.text;
	s = value_scalar_text(v, tmp, &len);
	return arena_strndup(a, s, len);
}

static int
get_string(const char **out, const struct value *meta, const char *key,
    const char *path, struct arena *a, struct diags *d)
{
	const struct value	*v = value_map_get(meta, key);

	*out = NULL;
	if (v == NULL || v->kind == VAL_NULL)
		return 0;
	if ((*out = scalar_text(v, a)) == NULL)
		return diag_error(d, path, v->line, v->col,
		    "%s: expected text, got a %s", key,
		    v->kind == VAL_LIST ? "list" : "map");
	return 0;
}

static int
get_date(struct fm_date *out, const struct value *meta, const char *key,
    const char *path, struct arena *a, struct diags *d)
{
	const struct value	*v = value_map_get(meta, key);

	memset(out, 0, sizeof(*out));
	if (get_string(&out->text, meta, key, path, a, d) < 0)
		return -1;
	if (v != NULL) {
		out->line = v->line;
		out->col = v->col;
	}
	return 0;
}

static int
get_list(const char ***out, size_t *n, const struct value *meta,
    const char *key, const char *path, struct arena *a, struct diags *d)
{
	const struct value	*v = value_map_get(meta, key), *item;
	const char		*s;
	size_t			 i;
	int			 rc = 0;

	*out = NULL;
	*n = 0;
	if (v == NULL || v->kind == VAL_NULL)
		return 0;
	if (v->kind != VAL_LIST)
		return diag_error(d, path, v->line, v->col,
		    "%s: expected a list, got %s", key,
		    v->kind == VAL_MAP ? "a map" : "a single value");
	*out = arena_alloc(a, (v->u.list.n + 1) * sizeof(**out));
	for (i = 0; i < v->u.list.n; i++) {
		item = v->u.list.v[i];
		if ((s = scalar_text(item, a)) == NULL || *s == '\0') {
			rc = diag_error(d, path, item->line, item->col,
			    "%s: expected a list of names", key);
			continue;
		}
		(*out)[(*n)++] = s;
	}
	(*out)[*n] = NULL;
	return rc;
}

int
frontmatter_read(struct frontmatter *fm, const struct value *meta,
    bool require_title, const char *path, struct arena *a, struct diags *d)
{
	const struct value	*v;
	int			 rc = 0;

	memset(fm, 0, sizeof(*fm));
	fm->meta = (struct value *)meta;
	rc |= get_string(&fm->title, meta, "title", path, a, d);
	rc |= get_string(&fm->slug, meta, "slug", path, a, d);
	rc |= get_string(&fm->summary, meta, "summary", path, a, d);
	rc |= get_string(&fm->author, meta, "author", path, a, d);
	rc |= get_string(&fm->lang, meta, "lang", path, a, d);
	rc |= get_string(&fm->timezone, meta, "timezone", path, a, d);
	rc |= get_string(&fm->id, meta, "id", path, a, d);
	rc |= get_date(&fm->date, meta, "date", path, a, d);
	rc |= get_date(&fm->updated, meta, "updated", path, a, d);
	rc |= get_date(&fm->expires, meta, "expires", path, a, d);
	rc |= get_list(&fm->tags, &fm->ntags, meta, "tags", path, a, d);
	rc |= get_list(&fm->aliases, &fm->naliases, meta, "aliases", path, a,
	    d);
	if ((v = value_map_get(meta, "timezone")) != NULL) {
		fm->tz_line = v->line;
		fm->tz_col = v->col;
	}
	if ((v = value_map_get(meta, "draft")) != NULL && v->kind != VAL_NULL) {
		if (v->kind != VAL_BOOL)
			rc |= diag_error(d, path, v->line, v->col,
			    "draft: expected true or false");
		else
			fm->draft = v->u.b;
	}
	v = value_map_get(meta, "title");
	/* A title of the wrong type was reported above. */
	if (require_title && (v == NULL || v->kind == VAL_NULL ||
	    (fm->title != NULL && *fm->title == '\0'))) {
		rc |= v != NULL ?
		    diag_error(d, path, v->line, v->col,
		    "title: must not be empty") :
		    diag_error(d, path, 1, 1,
		    "front matter: missing required key \"title\"");
	}
	return rc != 0 ? -1 : 0;
}
