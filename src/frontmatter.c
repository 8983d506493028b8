/*
 * frontmatter: "---" delimited YAML or "+++" delimited TOML, then typed
 * keys.
 *
 * One pass over the map: each key is looked up in a table sorted without
 * case (bsearch), so a post costs a few comparisons per key however many
 * synonyms there are.  Of two synonyms for one field the one of lower
 * rank wins, wherever each stands in the map.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "frontmatter.h"
#include "loader.h"
#include "toml.h"
#include "util.h"
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
	    loader_parse_lenient(&v, path, yaml, (size_t)(p - yaml), 2, a, d))
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

enum field {
	F_QUIET,	/* another generator's key heraldo has no use for */
	F_TITLE, F_SLUG, F_SUMMARY, F_CORRECTION, F_AUTHOR, F_LANG,
	F_TIMEZONE, F_ID,
	F_DATE, F_PUBLISHED, F_UPDATED, F_EXPIRES, F_URL,
	F_TAGS, F_CATEGORIES, F_TAXONOMIES, F_ALIASES, F_DRAFT,
	F_COUNT
};

/*
 * Every name heraldo reads, with its field and rank among synonyms, and
 * the keys of Jekyll, Hugo, Zola and their common themes that carry no
 * meaning here.  Sorted by strcasecmp.
 */
static const struct key {
	const char	*name;
	enum field	 field;
	int		 rank;
} keys[] = {
	{ "aliases", F_ALIASES, 0 },
	{ "audio", F_QUIET, 0 },
	{ "author", F_AUTHOR, 0 },
	{ "authors", F_AUTHOR, 1 },
	{ "banner", F_QUIET, 0 },
	{ "build", F_QUIET, 0 },
	{ "canonical", F_QUIET, 0 },
	{ "canonical_url", F_QUIET, 0 },
	{ "canonicalURL", F_QUIET, 0 },
	{ "cascade", F_QUIET, 0 },
	{ "categories", F_CATEGORIES, 0 },
	{ "category", F_CATEGORIES, 1 },
	{ "comments", F_QUIET, 0 },
	{ "correction", F_CORRECTION, 0 },
	{ "cover", F_QUIET, 0 },
	{ "css", F_QUIET, 0 },
	{ "date", F_DATE, 0 },
	{ "description", F_SUMMARY, 2 },
	{ "disqus_identifier", F_QUIET, 0 },
	{ "draft", F_DRAFT, 0 },
	{ "excerpt", F_SUMMARY, 1 },
	{ "excerpt_separator", F_QUIET, 0 },
	{ "expires", F_EXPIRES, 0 },
	{ "expiryDate", F_EXPIRES, 1 },
	{ "extra", F_QUIET, 0 },
	{ "feature_image", F_QUIET, 0 },
	{ "featured", F_QUIET, 0 },
	{ "featured_image", F_QUIET, 0 },
	{ "guid", F_QUIET, 0 },
	{ "header", F_QUIET, 0 },
	{ "headless", F_QUIET, 0 },
	{ "hero", F_QUIET, 0 },
	{ "hidden", F_QUIET, 0 },
	{ "highlight", F_QUIET, 0 },
	{ "id", F_ID, 0 },
	{ "image", F_QUIET, 0 },
	{ "images", F_QUIET, 0 },
	{ "in_search_index", F_QUIET, 0 },
	{ "insert_anchor_links", F_QUIET, 0 },
	{ "isCJKLanguage", F_QUIET, 0 },
	{ "js", F_QUIET, 0 },
	{ "katex", F_QUIET, 0 },
	{ "keywords", F_QUIET, 0 },
	{ "lang", F_LANG, 0 },
	{ "last_modified_at", F_UPDATED, 2 },
	{ "lastmod", F_UPDATED, 1 },
	{ "layout", F_QUIET, 0 },
	{ "linkTitle", F_QUIET, 0 },
	{ "markup", F_QUIET, 0 },
	{ "math", F_QUIET, 0 },
	{ "mathjax", F_QUIET, 0 },
	{ "menu", F_QUIET, 0 },
	{ "menus", F_QUIET, 0 },
	{ "meta", F_QUIET, 0 },
	{ "modified", F_UPDATED, 3 },
	{ "noindex", F_QUIET, 0 },
	{ "og_image", F_QUIET, 0 },
	{ "outputs", F_QUIET, 0 },
	{ "params", F_QUIET, 0 },
	{ "path", F_URL, 2 },
	{ "permalink", F_URL, 0 },
	{ "pubdate", F_DATE, 2 },
	{ "publishDate", F_DATE, 1 },
	{ "published", F_PUBLISHED, 0 },
	{ "redirect_from", F_ALIASES, 1 },
	{ "redirect_to", F_QUIET, 0 },
	{ "render", F_QUIET, 0 },
	{ "resources", F_QUIET, 0 },
	{ "robots", F_QUIET, 0 },
	{ "series", F_QUIET, 0 },
	{ "share", F_QUIET, 0 },
	{ "sharing", F_QUIET, 0 },
	{ "show_comments", F_QUIET, 0 },
	{ "sidebar", F_QUIET, 0 },
	{ "sitemap", F_QUIET, 0 },
	{ "slug", F_SLUG, 0 },
	{ "status", F_QUIET, 0 },
	{ "subtitle", F_QUIET, 0 },
	{ "summary", F_SUMMARY, 0 },
	{ "tags", F_TAGS, 0 },
	{ "taxonomies", F_TAXONOMIES, 0 },
	{ "template", F_QUIET, 0 },
	{ "thumbnail", F_QUIET, 0 },
	{ "timezone", F_TIMEZONE, 0 },
	{ "title", F_TITLE, 0 },
	{ "toc", F_QUIET, 0 },
	{ "translationKey", F_QUIET, 0 },
	{ "type", F_QUIET, 0 },
	{ "unpublishdate", F_EXPIRES, 2 },
	{ "updated", F_UPDATED, 0 },
	{ "url", F_URL, 1 },
	{ "version", F_QUIET, 0 },
	{ "video", F_QUIET, 0 },
	{ "weight", F_QUIET, 0 },
	{ "wordpress_id", F_QUIET, 0 },
	{ "wordpress_url", F_QUIET, 0 },
};

#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

static int
key_cmp(const void *k, const void *e)
{
	return strcasecmp(k, ((const struct key *)e)->name);
}

bool
frontmatter_bool(bool *b, const char *s)
{
	static const char *const yes[] = { "true", "yes", "on", "y" };
	static const char *const no[] = { "false", "no", "off", "n" };
	size_t	 i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*b = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*b = false;
			return true;
		}
	}
	return false;
}

/* What a pass over the map found: the pair of each field. */
struct found {
	const struct value_pair	*pair[F_COUNT];
	int			 rank[F_COUNT];
	const struct value_pair	*cats[2];	/* categories, category */
	const struct value_pair	*alias[2];	/* aliases, redirect_from */
};

static int
want_text(const char **out, const struct value_pair *kv, const char *path,
    struct arena *a, struct diags *d)
{
	const struct value	*v = kv->val;

	*out = NULL;
	if (v->kind == VAL_NULL)
		return 0;
	if ((*out = scalar_text(v, a)) == NULL)
		return diag_error(d, path, v->line, v->col,
		    "%s: expected text, got a %s", kv->key,
		    v->kind == VAL_LIST ? "list" : "map");
	return 0;
}

static int
want_date(struct fm_date *out, const struct value_pair *kv,
    const char *path, struct arena *a, struct diags *d)
{
	memset(out, 0, sizeof(*out));
	if (kv == NULL)
		return 0;
	out->key = kv->key;
	out->line = kv->val->line;
	out->col = kv->val->col;
	return want_text(&out->text, kv, path, a, d);
}

/* Append "s" to v[0..*n), with room for a NULL after it. */
static void
push_name(const char ***v, size_t *n, size_t *cap, const char *s,
    struct arena *a)
{
	if (*n + 1 >= *cap) {
		*v = arena_grow(a, *v, *cap * sizeof(**v),
		    *cap * 2 * sizeof(**v));
		*cap *= 2;
	}
	(*v)[(*n)++] = s;
}

/* Append the names of "s" split as Jekyll splits a string of tags. */
static void
split_names(const char ***v, size_t *n, size_t *cap, const char *s,
    struct arena *a)
{
	const char	*sep = strchr(s, ',') != NULL ? "," : " \t";
	const char	*p = s, *b, *e;
	size_t		 len;

	while (*p != '\0') {
		len = strcspn(p, sep);
		b = p;
		e = p + len;
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > b)
			push_name(v, n, cap, arena_strndup(a, b,
			    (size_t)(e - b)), a);
		p += len;
		if (*p != '\0')
			p++;
	}
}

/*
 * Append the names of "v" (a string, or a list of them) to *out.  What
 * "key" is called in messages is the pair's own key.
 */
static int
add_names(const char ***out, size_t *n, size_t *cap, const char *key,
    const struct value *v, bool split, const char *path, struct arena *a,
    struct diags *d)
{
	const struct value	*item;
	const char		*s;
	size_t			 i;
	int			 rc = 0;

	if (v == NULL || v->kind == VAL_NULL)
		return 0;
	if (*out == NULL) {
		*cap = 8;
		*out = arena_alloc(a, *cap * sizeof(**out));
	}
	if (v->kind != VAL_LIST) {
		if ((s = scalar_text(v, a)) == NULL)
			return diag_error(d, path, v->line, v->col,
			    "%s: expected a name or a list of names, got a "
			    "map", key);
		if (split)
			split_names(out, n, cap, s, a);
		else if (*s != '\0')
			push_name(out, n, cap, s, a);
	}
	for (i = 0; v->kind == VAL_LIST && i < v->u.list.n; i++) {
		item = v->u.list.v[i];
		if ((s = scalar_text(item, a)) == NULL || *s == '\0') {
			rc = diag_error(d, path, item->line, item->col,
			    "%s: expected a list of names", key);
			continue;
		}
		push_name(out, n, cap, s, a);
	}
	(*out)[*n] = NULL;
	return rc;
}

/* Drop repeated names (a tag given as tag and category), keeping order. */
static void
dedup(const char **v, size_t *n)
{
	size_t	 i, j, k = 0;

	for (i = 0; i < *n; i++) {
		for (j = 0; j < k; j++)
			if (strcmp(v[j], v[i]) == 0)
				break;
		if (j == k)
			v[k++] = v[i];
	}
	*n = k;
	if (v != NULL)
		v[k] = NULL;
}

/* The author: a name, a list of names, or a map with a "name". */
static int
read_author(struct frontmatter *fm, const struct value_pair *kv,
    const char *path, struct arena *a, struct diags *d)
{
	const struct value	*v = kv->val, *name;
	size_t			 cap = 0, i, len = 0;
	char			*s;

	if (v->kind == VAL_MAP) {
		/* jekyll-seo-tag's "name"; jekyll-import's WordPress map. */
		if ((name = value_map_get(v, "name")) == NULL)
			name = value_map_get(v, "display_name");
		if (name == NULL || scalar_text(name, a) == NULL)
			return diag_error(d, path, v->line, v->col,
			    "%s: expected a name, a list of names or a map "
			    "with a \"name\"", kv->key);
		v = name;
	}
	if (add_names(&fm->authors, &fm->nauthors, &cap, kv->key, v, false,
	    path, a, d) < 0)
		return -1;
	if (fm->nauthors == 0)
		return 0;
	for (i = 0; i < fm->nauthors; i++)
		len += strlen(fm->authors[i]) + 2;
	s = arena_alloc(a, len + 1);
	*s = '\0';
	for (i = 0; i < fm->nauthors; i++) {
		if (i > 0)
			strcat(s, ", ");
		strcat(s, fm->authors[i]);
	}
	fm->author = s;
	return 0;
}

/* draft: true, or "published: false" (Jekyll); "yes"/"no" as YAML 1.1. */
static int
read_bool(bool *out, const struct value_pair *kv, const char *path,
    struct diags *d)
{
	const struct value	*v = kv->val;

	if (v->kind == VAL_BOOL) {
		*out = v->u.b;
		return 0;
	}
	if (v->kind == VAL_STRING && frontmatter_bool(out, v->u.str.s))
		return 0;
	return diag_error(d, path, v->line, v->col,
	    "%s: expected true or false (or yes or no)", kv->key);
}

static void
warn_unknown(const struct value_pair *kv, const char *path,
    struct diags *d)
{
	const char	*names[NKEYS], *near;
	size_t		 i;
	unsigned	 line, col;

	for (i = 0; i < NKEYS; i++)
		names[i] = keys[i].name;
	near = util_suggest(kv->key, names, NKEYS);
	/* A key made in code has no place: its value's is near. */
	line = kv->line != 0 ? kv->line : kv->val->line;
	col = kv->line != 0 ? kv->col : kv->val->col;
	if (near != NULL)
		diag_warning(d, path, line, col,
		    "unknown key \"%s\" (did you mean \"%s\"?)", kv->key,
		    near);
	else
		diag_warning(d, path, line, col,
		    "unknown key \"%s\": heraldo and the site's layouts do "
		    "not use it (layouts may read it as params.%s)", kv->key,
		    kv->key);
}

static bool
layout_uses(const char *key, const char *const *names, size_t n)
{
	return names != NULL && bsearch(&key, names, n, sizeof(*names),
	    util_cmp_strp) != NULL;
}

/* Sort the map's pairs into fields; warn about keys of no use. */
static void
classify(struct found *f, const struct value *meta,
    const char *const *layout_names, size_t nnames, const char *path,
    struct diags *d)
{
	const struct value_pair	*kv;
	const struct key	*k;
	size_t			 i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < meta->u.map.n; i++) {
		kv = &meta->u.map.v[i];
		k = bsearch(kv->key, keys, NKEYS, sizeof(keys[0]), key_cmp);
		if (k == NULL) {
			if (!layout_uses(kv->key, layout_names, nnames))
				warn_unknown(kv, path, d);
			continue;
		}
		if (k->field == F_QUIET)
			continue;
		if (k->field == F_CATEGORIES)
			f->cats[k->rank] = kv;
		else if (k->field == F_ALIASES)
			f->alias[k->rank] = kv;
		if (f->pair[k->field] == NULL || k->rank < f->rank[k->field]) {
			f->pair[k->field] = kv;
			f->rank[k->field] = k->rank;
		}
	}
}

/*
 * The line of each alias added from "v" (from index "from" on): a list's
 * items' own, or the string's.  Items add_names refused are not counted.
 */
static void
alias_lines(struct frontmatter *fm, size_t from, const struct value *v,
    struct arena *a)
{
	unsigned	*lines;
	size_t		 i, k = from;
	const char	*s;

	lines = arena_zalloc(a, (fm->naliases + 1) * sizeof(*lines));
	if (fm->alias_lines != NULL)
		memcpy(lines, fm->alias_lines, from * sizeof(*lines));
	fm->alias_lines = lines;
	if (v->kind != VAL_LIST) {
		for (; k < fm->naliases; k++)
			lines[k] = v->line;
		return;
	}
	for (i = 0; i < v->u.list.n && k < fm->naliases; i++) {
		s = value_str(v->u.list.v[i]);
		if (v->u.list.v[i]->kind == VAL_STRING && s[0] == '\0')
			continue;
		if (v->u.list.v[i]->kind == VAL_LIST ||
		    v->u.list.v[i]->kind == VAL_MAP ||
		    v->u.list.v[i]->kind == VAL_NULL)
			continue;
		lines[k++] = v->u.list.v[i]->line;
	}
}

/* Zola's [taxonomies] table: its tags and categories. */
static int
read_taxonomies(struct frontmatter *fm, const struct value_pair *kv,
    size_t *tcap, size_t *ccap, const char *path, struct arena *a,
    struct diags *d)
{
	const struct value	*v = kv->val;
	int			 rc = 0;

	if (v->kind == VAL_NULL)
		return 0;
	if (v->kind != VAL_MAP)
		return diag_error(d, path, v->line, v->col,
		    "taxonomies: expected a map of lists (tags, categories)");
	rc |= add_names(&fm->tags, &fm->ntags, tcap, "taxonomies.tags",
	    value_map_get(v, "tags"), false, path, a, d);
	rc |= add_names(&fm->categories, &fm->ncategories, ccap,
	    "taxonomies.categories", value_map_get(v, "categories"), false,
	    path, a, d);
	return rc;
}

int
frontmatter_read(struct frontmatter *fm, const struct value *meta,
    bool require_title, const char *const *layout_names, size_t nnames,
    const char *path, struct arena *a, struct diags *d)
{
	const struct value_pair	*kv;
	const struct value	*v;
	struct found		 f;
	size_t			 tcap = 0, ccap = 0, acap = 0, i, n;
	bool			 published;
	int			 rc = 0;

	memset(fm, 0, sizeof(*fm));
	fm->meta = (struct value *)meta;
	classify(&f, meta, layout_names, nnames, path, d);
	if ((kv = f.pair[F_TITLE]) != NULL)
		rc |= want_text(&fm->title, kv, path, a, d);
	if ((kv = f.pair[F_SLUG]) != NULL) {
		rc |= want_text(&fm->slug, kv, path, a, d);
		fm->slug_line = kv->val->line;
		fm->slug_col = kv->val->col;
	}
	if ((kv = f.pair[F_SUMMARY]) != NULL)
		rc |= want_text(&fm->summary, kv, path, a, d);
	if ((kv = f.pair[F_CORRECTION]) != NULL)
		rc |= want_text(&fm->correction, kv, path, a, d);
	if ((kv = f.pair[F_AUTHOR]) != NULL)
		rc |= read_author(fm, kv, path, a, d);
	if ((kv = f.pair[F_LANG]) != NULL)
		rc |= want_text(&fm->lang, kv, path, a, d);
	if ((kv = f.pair[F_TIMEZONE]) != NULL) {
		rc |= want_text(&fm->timezone, kv, path, a, d);
		fm->tz_line = kv->val->line;
		fm->tz_col = kv->val->col;
	}
	if ((kv = f.pair[F_ID]) != NULL)
		rc |= want_text(&fm->id, kv, path, a, d);
	rc |= want_date(&fm->date, f.pair[F_DATE], path, a, d);
	rc |= want_date(&fm->updated, f.pair[F_UPDATED], path, a, d);
	rc |= want_date(&fm->expires, f.pair[F_EXPIRES], path, a, d);
	rc |= want_date(&fm->url, f.pair[F_URL], path, a, d);
	if ((kv = f.pair[F_TAGS]) != NULL)
		rc |= add_names(&fm->tags, &fm->ntags, &tcap, kv->key,
		    kv->val, true, path, a, d);
	for (i = 0; i < 2; i++)
		if ((kv = f.cats[i]) != NULL)
			rc |= add_names(&fm->categories, &fm->ncategories,
			    &ccap, kv->key, kv->val, true, path, a, d);
	if ((kv = f.pair[F_TAXONOMIES]) != NULL)
		rc |= read_taxonomies(fm, kv, &tcap, &ccap, path, a, d);
	dedup(fm->tags, &fm->ntags);
	dedup(fm->categories, &fm->ncategories);
	for (i = 0; i < 2; i++)
		if ((kv = f.alias[i]) != NULL) {
			n = fm->naliases;
			rc |= add_names(&fm->aliases, &fm->naliases, &acap,
			    kv->key, kv->val, false, path, a, d);
			alias_lines(fm, n, kv->val, a);
			if (fm->aliases_line == 0) {
				fm->aliases_key = kv->key;
				fm->aliases_line = kv->val->line;
				fm->aliases_col = kv->val->col;
			}
		}
	if ((kv = f.pair[F_DRAFT]) != NULL && kv->val->kind != VAL_NULL)
		rc |= read_bool(&fm->draft, kv, path, d);
	/* "published": false hides (Jekyll); a date schedules (Hugo). */
	if ((kv = f.pair[F_PUBLISHED]) != NULL && kv->val->kind != VAL_NULL) {
		v = kv->val;
		if (v->kind == VAL_STRING && v->u.str.len > 0 &&
		    v->u.str.s[0] >= '0' && v->u.str.s[0] <= '9') {
			if (fm->date.text == NULL)
				rc |= want_date(&fm->date, kv, path, a, d);
		} else if (read_bool(&published, kv, path, d) < 0)
			rc = -1;
		else if (!published)
			fm->draft = true;
	}
	kv = f.pair[F_TITLE];
	/* A title of the wrong type was reported above. */
	if (require_title && (kv == NULL || kv->val->kind == VAL_NULL ||
	    (fm->title != NULL && *fm->title == '\0'))) {
		rc |= kv != NULL ?
		    diag_error(d, path, kv->val->line, kv->val->col,
		    "%s: must not be empty", kv->key) :
		    diag_error(d, path, 1, 1, "front matter has no title; "
		    "add one (\"title: Our new office\", or title = \"Our "
		    "new office\" between +++ lines), or move the file out "
		    "of %s if it is not a %s", util_startswith(path,
		    "content/pages/") ? "content/pages" : "content/posts",
		    util_startswith(path, "content/pages/") ? "page" :
		    "post");
	}
	return rc != 0 ? -1 : 0;
}
