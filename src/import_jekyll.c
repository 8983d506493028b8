/*
 * import_jekyll: see import_jekyll.h.  Jekyll's permalink tokens and
 * styles are those of its documentation ("Permalinks"); Liquid tags are
 * scanned by hand, tag by tag.
 */
#define _XOPEN_SOURCE 700

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"
#include "datefmt.h"
#include "diag.h"
#include "import.h"
#include "import_folder.h"
#include "import_jekyll.h"
#include "util.h"
#include "value.h"

enum jkind {
	J_POST,
	J_DRAFT,
	J_PAGE,
	J_STATIC
};

struct jfile {
	enum jkind		 kind;
	const char		*rel;		/* _posts/x.md */
	const char		*key;		/* for post_url */
	const char		*body;		/* after front matter */
	unsigned		 body_line;
	bool			 html;		/* an .html body */
	struct import_item	 it;
	const char		*url;		/* the new URL */
};

struct jk {
	struct import_folder	 fo;
	const char		*pattern;	/* Jekyll's */
	struct jfile		*f;
	size_t			 nf;
};

/* Jekyll's permalink styles, as patterns. */
static const char *
jekyll_pattern(const char *p)
{
	if (p == NULL || strcmp(p, "date") == 0)
		return "/:categories/:year/:month/:day/:title:output_ext";
	if (strcmp(p, "pretty") == 0)
		return "/:categories/:year/:month/:day/:title/";
	if (strcmp(p, "ordinal") == 0)
		return "/:categories/:year/:y_day/:title:output_ext";
	if (strcmp(p, "weekdate") == 0)
		return "/:categories/:year/W:week/:short_day/:title:output_ext";
	if (strcmp(p, "none") == 0)
		return "/:categories/:title:output_ext";
	return p;
}

/*
 * The heraldo pattern closest to Jekyll's: categories left out (a post's
 * old URL with them becomes an alias), :title as :slug, :output_ext as
 * ".html"; tokens heraldo lacks give its default.
 */
static const char *
heraldo_pattern(struct jk *j, const char *p)
{
	struct buf	 b = BUF_INIT;
	const char	*s, *out;
	size_t		 n;

	for (s = p; *s != '\0';) {
		if (util_startswith(s, "/:categories")) {
			s += strlen("/:categories");
			continue;
		}
		if (util_startswith(s, ":title")) {
			buf_puts(&b, ":slug");
			s += 6;
		} else if (util_startswith(s, ":output_ext")) {
			buf_puts(&b, ".html");
			s += 11;
		} else if (*s == ':' && !util_startswith(s, ":year") &&
		    !util_startswith(s, ":month") &&
		    !util_startswith(s, ":day") &&
		    !util_startswith(s, ":slug")) {
			buf_free(&b);
			return "/:year/:month/:day/:slug.html";
		} else
			buf_putc(&b, *s++);
	}
	out = arena_strdup(j->fo.a, buf_cstr(&b));
	buf_free(&b);
	n = strlen(out);
	if (n == 0 || out[0] != '/' || strstr(out, ":slug") == NULL)
		return "/:year/:month/:day/:slug.html";
	return out;
}

/* The post's old URL: Jekyll's pattern filled in. */
static const char *
old_url(struct jk *j, const char *pattern, const struct jfile *f,
    const char *cats, const char *title)
{
	struct datefmt_tm	 tm;
	struct buf		 b = BUF_INIT;
	const char		*s, *out;
	char			*o;
	size_t			 i, k;

	datefmt_local(&tm, f->it.published.t, j->fo.tz);
	for (s = pattern; *s != '\0';) {
		if (util_startswith(s, ":categories")) {
			buf_puts(&b, cats);
			s += 11;
		} else if (util_startswith(s, ":year")) {
			buf_printf(&b, "%04d", tm.year);
			s += 5;
		} else if (util_startswith(s, ":month")) {
			buf_printf(&b, "%02d", tm.month);
			s += 6;
		} else if (util_startswith(s, ":i_month")) {
			buf_printf(&b, "%d", tm.month);
			s += 8;
		} else if (util_startswith(s, ":day")) {
			buf_printf(&b, "%02d", tm.day);
			s += 4;
		} else if (util_startswith(s, ":i_day")) {
			buf_printf(&b, "%d", tm.day);
			s += 6;
		} else if (util_startswith(s, ":short_year")) {
			buf_printf(&b, "%02d", tm.year % 100);
			s += 11;
		} else if (util_startswith(s, ":title") ||
		    util_startswith(s, ":slug")) {
			buf_puts(&b, title);
			s += s[1] == 't' ? 6 : 5;
		} else if (util_startswith(s, ":output_ext")) {
			buf_puts(&b, ".html");
			s += 11;
		} else
			buf_putc(&b, *s++);
	}
	/* Empty categories leave "//": one slash. */
	o = arena_strdup(j->fo.a, buf_cstr(&b));
	for (i = k = 0; o[i] != '\0'; i++)
		if (!(o[i] == '/' && k > 0 && o[k - 1] == '/'))
			o[k++] = o[i];
	o[k] = '\0';
	out = o;
	buf_free(&b);
	return out;
}

/* A list of strings from a YAML list or a space-separated string. */
static size_t
words(const char ***out, const struct value *v, struct arena *a)
{
	const char	**w = NULL, *s, *e;
	size_t		 n = 0, i;

	*out = NULL;
	if (v == NULL)
		return 0;
	if (v->kind == VAL_LIST) {
		w = arena_alloc(a, (v->u.list.n + 1) * sizeof(*w));
		for (i = 0; i < v->u.list.n; i++)
			if (value_str(v->u.list.v[i]) != NULL)
				w[n++] = value_str(v->u.list.v[i]);
	} else if ((s = value_str(v)) != NULL) {
		w = arena_alloc(a, (strlen(s) / 2 + 2) * sizeof(*w));
		while (*s != '\0') {
			while (*s == ' ')
				s++;
			for (e = s; *e != '\0' && *e != ' '; e++)
				continue;
			if (e > s)
				w[n++] = arena_strndup(a, s, (size_t)(e - s));
			s = e;
		}
	}
	*out = w;
	return n;
}

/*
 * A Jekyll date: "2012-10-19", "2012-10-19 09:14", "2012-10-19 09:14:00
 * -0700" or RFC 3339; without an offset, a local time of the site's zone.
 */
static bool
jekyll_date(struct jk *j, struct import_date *dt, const char *s,
    const char *rel, unsigned line)
{
	char	 buf[64];

	/* "2012-10-19 09:14:00 -0700", which RFC 3339 does not read */
	if (strlen(s) == 25 && s[19] == ' ' && (s[20] == '+' ||
	    s[20] == '-')) {
		snprintf(buf, sizeof(buf), "%.10sT%.8s%.3s:%.2s", s, s + 11,
		    s + 20, s + 23);
		if (import_date_parse(dt, buf))
			return true;
	}
	return import_folder_date(&j->fo, dt, s, rel, line);
}

static bool
has_ext(const char *name, const char *ext)
{
	size_t	 n = strlen(name), e = strlen(ext);

	return n > e && strcmp(name + n - e, ext) == 0;
}

static bool
is_text_ext(const char *name)
{
	return has_ext(name, ".md") || has_ext(name, ".markdown") ||
	    has_ext(name, ".html") || has_ext(name, ".htm");
}

/* Is a path component of rel named "name"? */
static bool
in_folder(const char *rel, const char *name, const char **after)
{
	size_t		 n = strlen(name);
	const char	*s;

	for (s = rel; s != NULL; s = strchr(s, '/')) {
		if (*s == '/')
			s++;
		if (strncmp(s, name, n) == 0 && s[n] == '/') {
			if (after != NULL)
				*after = s + n + 1;
			return true;
		}
	}
	return false;
}

static void
add_file(struct jk *j, const struct jfile *f)
{
	j->f = xrealloc(j->f, (j->nf + 1) * sizeof(*j->f));
	j->f[j->nf++] = *f;
}

/* Read one post, draft or page: front matter and body. */
static void
read_text(struct jk *j, const char *rel, enum jkind kind)
{
	struct jfile		 f;
	struct value		*meta;
	const struct value	*v;
	const char		*base, *name, *after, *s, *cats_s;
	const char		**cats, **tags;
	char			*text;
	size_t			 len, ncats, nt, i, n;
	struct buf		 cb = BUF_INIT;

	memset(&f, 0, sizeof(f));
	f.kind = kind;
	f.rel = rel;
	if ((text = import_folder_text(&j->fo, rel, &len)) == NULL)
		return;
	if (strncmp(text, "---", 3) != 0 && kind == J_PAGE) {
		f.kind = J_STATIC;	/* no front matter: a file */
		add_file(j, &f);
		return;
	}
	if (import_folder_front(&j->fo, rel, text, len, &meta, &f.body,
	    &f.body_line) < 0)
		return;
	base = strrchr(rel, '/') != NULL ? strrchr(rel, '/') + 1 : rel;
	for (i = strlen(base); i > 0 && base[i - 1] != '.'; i--)
		continue;
	name = arena_strndup(j->fo.a, base, i > 0 ? i - 1 : strlen(base));
	f.html = has_ext(base, ".html") || has_ext(base, ".htm");
	f.it.kind = kind == J_PAGE ? IMPORT_PAGE : IMPORT_POST;
	f.it.id = arena_printf(j->fo.a, "jekyll:%s", rel);
	f.it.title = value_str(value_map_get(meta, "title"));
	f.it.author = value_str(value_map_get(meta, "author"));
	f.it.draft = kind == J_DRAFT || ((v = value_map_get(meta,
	    "published")) != NULL && v->kind == VAL_BOOL && !v->u.b);

	/* The date: front matter, else the file name, else the file's. */
	if ((s = value_str(value_map_get(meta, "date"))) != NULL)
		jekyll_date(j, &f.it.published, s, rel, 1);
	if (!f.it.published.set && strlen(name) > 11 && name[4] == '-' &&
	    name[7] == '-' && name[10] == '-')
		jekyll_date(j, &f.it.published, arena_strndup(j->fo.a, name,
		    10), rel, 0);
	import_folder_mtime(&j->fo, &f.it.published, rel);
	if ((s = value_str(value_map_get(meta, "last_modified_at"))) != NULL)
		jekyll_date(j, &f.it.updated, s, rel, 1);

	/* The title part of the file name is the slug Jekyll used. */
	s = kind != J_PAGE && strlen(name) > 11 && name[4] == '-' &&
	    name[10] == '-' ? name + 11 : name;
	f.it.slug = value_str(value_map_get(meta, "slug"));
	if (f.it.slug == NULL)
		f.it.slug = s;
	if (f.it.title == NULL || *f.it.title == '\0')
		f.it.title = s;

	/* Tags: tags and categories, with the folders above _posts. */
	ncats = words(&cats, value_map_get(meta, "categories"), j->fo.a);
	if (ncats == 0)
		ncats = words(&cats, value_map_get(meta, "category"), j->fo.a);
	/* "news/releases/_posts/x.md": categories news and releases. */
	if (kind == J_POST && in_folder(rel, "_posts", &after) &&
	    after - rel > 7) {
		const char	**c2 = arena_alloc(j->fo.a, (ncats + 9) *
		    sizeof(*c2));
		const char	*x = rel, *end = after - 7, *q;

		n = 0;
		while (x < end && n < 8) {
			q = strchr(x, '/');
			if (q == NULL || q >= end)
				break;
			c2[n++] = arena_strndup(j->fo.a, x, (size_t)(q - x));
			x = q + 1;
		}
		for (i = 0; i < ncats; i++)
			c2[n++] = cats[i];
		cats = c2;
		ncats = n;
	}
	nt = words(&tags, value_map_get(meta, "tags"), j->fo.a);
	f.it.ntags = import_folder_join(&j->fo, &f.it.tags, cats, ncats, tags,
	    nt);
	for (i = 0; i < ncats; i++) {
		if (i > 0)
			buf_putc(&cb, '/');
		buf_puts(&cb, cats[i]);
	}
	cats_s = arena_strdup(j->fo.a, buf_cstr(&cb));
	buf_free(&cb);

	/* Old URL: the front matter's permalink, else Jekyll's pattern. */
	if ((s = value_str(value_map_get(meta, "permalink"))) != NULL)
		f.it.old_url = s;
	else if (kind == J_POST)
		f.it.old_url = old_url(j, j->pattern, &f, cats_s,
		    f.it.slug);
	else if (kind == J_PAGE) {
		/* about.md -> /about.html; docs/index.md -> /docs/ */
		char	*d = arena_strdup(j->fo.a, rel), *dot;

		if ((dot = strrchr(d, '.')) != NULL)
			*dot = '\0';
		f.it.old_url = strcmp(name, "index") == 0 ?
		    arena_printf(j->fo.a, "/%.*s", (int)(strlen(d) - 5), d) :
		    arena_printf(j->fo.a, "/%s.html", d);
	}
	if (kind == J_POST && in_folder(rel, "_posts", &after)) {
		char	*k = arena_strdup(j->fo.a, after), *dot;

		if ((dot = strrchr(k, '.')) != NULL)
			*dot = '\0';
		f.key = k;
	}
	/* A page's slug is its path: docs/guide.md -> docs-guide. */
	if (kind == J_PAGE && value_map_get(meta, "slug") == NULL) {
		char	*d = arena_strdup(j->fo.a, rel), *dot;

		if ((dot = strrchr(d, '.')) != NULL)
			*dot = '\0';
		if (strcmp(name, "index") == 0 && strlen(d) > 6)
			d[strlen(d) - 6] = '\0';
		f.it.slug = d;
		if (f.it.title == NULL || strcmp(f.it.title, name) == 0)
			f.it.title = value_str(value_map_get(meta,
			    "title")) != NULL ? f.it.title : d;
	}
	f.it.line = f.body_line;
	add_file(j, &f);
}

static const struct jfile *
find_post(const struct jk *j, const char *key)
{
	size_t	 i;

	for (i = 0; i < j->nf; i++)
		if (j->f[i].key != NULL && strcmp(j->f[i].key, key) == 0)
			return &j->f[i];
	return NULL;
}

static const struct jfile *
find_rel(const struct jk *j, const char *rel)
{
	size_t	 i;

	while (*rel == '/')
		rel++;
	for (i = 0; i < j->nf; i++)
		if (strcmp(j->f[i].rel, rel) == 0)
			return &j->f[i];
	return NULL;
}

/* "{{ site.a.b }}" -> the config's scalar at a.b, or NULL. */
static const char *
site_value(const struct jk *j, const char *expr, char *tmp)
{
	const struct value	*v = j->fo.conf;
	const char		*s = expr + 5, *e;
	size_t			 len;

	while (v != NULL && *s != '\0') {
		e = s + strcspn(s, ".");
		v = v->kind == VAL_MAP ? value_map_getn(v, s,
		    (size_t)(e - s)) : NULL;
		s = *e == '.' ? e + 1 : e;
	}
	if (v == NULL || v->kind == VAL_LIST || v->kind == VAL_MAP)
		return NULL;
	return value_scalar_text(v, tmp, &len);
}

/* Liquid: convert what means something without Jekyll (see the .h). */

/*
 * Whether the end of the Markdown in "out" is inside code: a fenced
 * block left open, or a code span open on the current line.
 */
static bool
in_code(const struct buf *out)
{
	const char	*s = out->data != NULL ? out->data : "";
	const char	*end = s + out->len, *line = s, *p;
	bool		 fence = false;
	size_t		 ticks = 0;

	for (p = s; p < end; p++)
		if (*p == '\n') {
			line = p + 1;
			if (end - line >= 3 && (strncmp(line, "```", 3) == 0 ||
			    strncmp(line, "~~~", 3) == 0))
				fence = !fence;
		}
	if (fence)
		return true;
	for (p = line; p < end; p++)
		if (*p == '`')
			ticks++;
	return ticks % 2 == 1;
}

/*
 * What {% raw %} holds, as it is; outside code, "{{" and "{%" get a
 * backslash ("\{{"), Markdown for a brace meant as written, which
 * heraldo's check for other generators' template syntax leaves alone.
 */
static void
raw_put(struct buf *out, const char *s, size_t len)
{
	size_t	 i;

	if (in_code(out)) {
		buf_put(out, s, len);
		return;
	}
	for (i = 0; i < len; i++) {
		if (s[i] == '{' && i + 1 < len && (s[i + 1] == '{' ||
		    s[i + 1] == '%'))
			buf_putc(out, '\\');
		buf_putc(out, s[i]);
	}
}

static void
liquid(struct jk *j, const struct jfile *f, struct buf *out)
{
	const char		*s = f->body, *open, *close, *p, *e;
	const struct jfile	*t;
	char			 word[32], arg[512], tmp[64];
	const char		*val;
	size_t			 n;
	unsigned		 line, col;
	bool			 tag;

	while ((open = strchr(s, '{')) != NULL) {
		if (open[1] != '%' && open[1] != '{') {
			buf_put(out, s, (size_t)(open - s + 1));
			s = open + 1;
			continue;
		}
		tag = open[1] == '%';
		close = strstr(open + 2, tag ? "%}" : "}}");
		util_line_col(&line, &col, f->body, (size_t)(open - f->body));
		line += f->body_line - 1;
		if (close == NULL) {
			diag_warning(j->fo.d, f->rel, line, 0, "\"%s\" is not "
			    "closed: the rest is taken as it is",
			    tag ? "{%" : "{{");
			break;
		}
		buf_put(out, s, (size_t)(open - s));
		p = open + 2;
		if (*p == '-')
			p++;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		e = close;
		if (e > p && e[-1] == '-')
			e--;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\n'))
			e--;
		n = strcspn(p, " \t\n%}");
		snprintf(word, sizeof(word), "%.*s", (int)(n < 31 ? n : 31),
		    p);
		snprintf(arg, sizeof(arg), "%.*s", (int)(e - p - (ptrdiff_t)n >
		    0 ? (size_t)(e - p) - n : 0), p + n);
		{
			char	*a = arg;

			while (*a == ' ')
				memmove(a, a + 1, strlen(a));
		}
		s = close + 2;
		if (tag && strcmp(word, "raw") == 0) {
			const char	*end = strstr(s, "{% endraw %}");

			if (end == NULL)
				end = strstr(s, "{%- endraw -%}");
			if (end == NULL) {
				diag_warning(j->fo.d, f->rel, line, 0,
				    "{%% raw %%} without {%% endraw %%}: the "
				    "rest of the file is taken as it is");
				end = s + strlen(s);
			}
			raw_put(out, s, (size_t)(end - s));
			s = *end != '\0' ? strstr(end, "%}") + 2 : end;
		} else if (tag && strcmp(word, "comment") == 0) {
			const char	*end = strstr(s, "endcomment");

			s = end != NULL && strstr(end, "%}") != NULL ?
			    strstr(end, "%}") + 2 : s + strlen(s);
		} else if (tag && strcmp(word, "post_url") == 0 &&
		    (t = find_post(j, arg)) != NULL)
			buf_puts(out, t->url);
		else if (tag && strcmp(word, "link") == 0 &&
		    (t = find_rel(j, arg)) != NULL)
			buf_puts(out, t->url);
		else if (tag && strcmp(word, "link") == 0 && *arg != '\0' &&
		    strchr(arg, '{') == NULL) {
			/* A static file: the same path in the new site. */
			buf_puts(out, import_base_path(j->fo.imp));
			buf_puts(out, arg[0] == '/' ? arg + 1 : arg);
		} else if (tag && strcmp(word, "highlight") == 0) {
			buf_puts(out, "```");
			buf_put(out, arg, strcspn(arg, " "));
		} else if (tag && strcmp(word, "endhighlight") == 0)
			buf_puts(out, "```");
		else if (!tag && strncmp(p, "site.", 5) == 0 &&
		    strchr(word, '|') == NULL && n == (size_t)(e - p) &&
		    (val = site_value(j, word, tmp)) != NULL)
			buf_puts(out, val);
		else {
			diag_warning(j->fo.d, f->rel, line, 0, "%s%.*s%s "
			    "cannot be converted: kept in an HTML comment",
			    tag ? "{% " : "{{ ", (int)(e - p), p,
			    tag ? " %}" : " }}");
			import_folder_keep(out, open,
			    (size_t)(close + 2 - open));
		}
	}
	buf_puts(out, s);
}

static void
read_config(struct jk *j)
{
	struct import_settings	 set;
	const char		*url, *bu;

	memset(&set, 0, sizeof(set));
	if (import_folder_config(&j->fo, "_config.yml") < 0)
		j->fo.rc = -1;
	set.title = import_folder_conf_str(&j->fo, "title");
	set.description = import_folder_conf_str(&j->fo, "description");
	url = import_folder_conf_str(&j->fo, "url");
	bu = import_folder_conf_str(&j->fo, "baseurl");
	if (url != NULL)
		set.base_url = arena_printf(j->fo.a, "%s%s%s", url,
		    bu != NULL && bu[0] != '/' ? "/" : "",
		    bu != NULL ? bu : "");
	set.timezone = import_folder_conf_str(&j->fo, "timezone");
	set.locale = import_folder_conf_str(&j->fo, "lang");
	if (set.locale == NULL)
		set.locale = import_folder_conf_str(&j->fo, "locale");
	import_folder_zone(&j->fo, set.timezone);
	j->pattern = jekyll_pattern(import_folder_conf_str(&j->fo,
	    "permalink"));
	set.permalink = heraldo_pattern(j, j->pattern);
	import_settings(j->fo.imp, &set);
}

/* Is rel in _config.yml's exclude list (a file, or under a folder)? */
static bool
excluded(const struct jk *j, const char *rel)
{
	const struct value	*ex = j->fo.conf != NULL ?
	    value_map_get(j->fo.conf, "exclude") : NULL;
	const char		*e;
	size_t			 i, n;

	if (ex == NULL || ex->kind != VAL_LIST)
		return false;
	for (i = 0; i < ex->u.list.n; i++) {
		if ((e = value_str(ex->u.list.v[i])) == NULL)
			continue;
		while (*e == '/')
			e++;
		n = strlen(e);
		while (n > 0 && e[n - 1] == '/')
			n--;
		if (n > 0 && strncmp(rel, e, n) == 0 &&
		    (rel[n] == '\0' || rel[n] == '/'))
			return true;
	}
	return false;
}

int
import_jekyll(struct importer *imp, const char *dir, struct diags *d)
{
	static const char *const roots[] = { "", NULL };
	/* Folders of packages and of Jekyll's output: not the site. */
	static const char *const skip[] = { "node_modules", "vendor",
	    "_site", NULL };
	struct jk		 j;
	struct import_files	 list = { NULL, 0, 0 };
	const char		**files, *rel, *name, *after;
	size_t			 n, i;
	struct buf		 body = BUF_INIT;
	struct stat		 st;

	memset(&j, 0, sizeof(j));
	import_folder_init(&j.fo, imp, dir, d);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return diag_error(d, dir, 0, 0, "expected the folder of a "
		    "Jekyll site (with _config.yml and _posts/)");
	if (stat(arena_printf(j.fo.a, "%s/_config.yml", dir), &st) < 0 &&
	    stat(arena_printf(j.fo.a, "%s/_posts", dir), &st) < 0)
		return diag_error(d, dir, 0, 0, "not a Jekyll site: no "
		    "_config.yml and no _posts/");
	read_config(&j);
	import_folder_list(&j.fo, roots, skip, &list);
	files = list.v;
	n = list.n;
	for (i = 0; i < n; i++) {
		rel = files[i];
		name = strrchr(rel, '/') != NULL ? strrchr(rel, '/') + 1 : rel;
		if (in_folder(rel, "_posts", &after) && is_text_ext(name))
			read_text(&j, rel, J_POST);
		else if (in_folder(rel, "_drafts", NULL) && is_text_ext(name))
			read_text(&j, rel, J_DRAFT);
		else if (rel[0] == '_' || strstr(rel, "/_") != NULL)
			import_skip(imp, "Jekyll file (layout, include, "
			    "data, config)");
		else if (strcmp(rel, "Gemfile") == 0 ||
		    strcmp(rel, "Gemfile.lock") == 0 || excluded(&j, rel))
			import_skip(imp, "Jekyll file (layout, include, "
			    "data, config)");
		else if (strcmp(rel, "index.html") == 0 ||
		    strcmp(rel, "index.md") == 0 ||
		    strcmp(rel, "404.html") == 0 ||
		    strcmp(rel, "404.md") == 0 ||
		    strcmp(rel, "feed.xml") == 0 ||
		    strcmp(rel, "atom.xml") == 0 ||
		    strcmp(rel, "sitemap.xml") == 0)
			import_skip(imp, "page heraldo makes itself");
		else if (is_text_ext(name))
			read_text(&j, rel, J_PAGE);
		else {
			struct jfile	 f;

			memset(&f, 0, sizeof(f));
			f.kind = J_STATIC;
			f.rel = rel;
			add_file(&j, &f);
		}
	}
	/* Every URL first, so that {% post_url %} finds any post. */
	for (i = 0; i < j.nf; i++)
		if (j.f[i].kind == J_STATIC)
			j.f[i].url = arena_printf(j.fo.a, "%s%s",
			    import_base_path(imp), j.f[i].rel);
		else
			j.f[i].url = arena_printf(j.fo.a, "%s%s",
			    import_base_path(imp), import_url(imp,
			    &j.f[i].it) + 1);
	for (i = 0; i < j.nf; i++) {
		struct jfile	*f = &j.f[i];

		if (f->kind == J_STATIC) {
			if (import_copy(imp, arena_printf(j.fo.a, "%s/%s",
			    dir, f->rel), arena_printf(j.fo.a, "static/%s",
			    f->rel)) < 0)
				j.fo.rc = -1;
			continue;
		}
		/* Lists of posts are heraldo's to make (index, archives). */
		if (f->kind == J_PAGE && (strstr(f->body, "site.posts") !=
		    NULL || strstr(f->body, "paginator.") != NULL)) {
			diag_note(d, f->rel, 0, 0, "lists posts with Liquid: "
			    "not imported (heraldo makes its own archive, tag "
			    "and index pages)");
			import_skip(imp, "page heraldo makes itself");
			continue;
		}
		buf_reset(&body);
		liquid(&j, f, &body);
		if (f->html) {
			f->it.html = buf_cstr(&body);
			f->it.html_len = body.len;
		} else
			f->it.markdown = buf_cstr(&body);
		if (import_add(imp, &f->it) < 0)
			j.fo.rc = -1;
	}
	buf_free(&body);
	free(files);
	free(j.f);
	return j.fo.rc;
}
