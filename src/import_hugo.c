/*
 * import_hugo: see import_hugo.h.  URLs follow Hugo's documentation
 * ("URL management": permalinks tokens, default /SECTION/NAME/);
 * shortcodes are scanned by hand.
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
#include "import_hugo.h"
#include "util.h"
#include "value.h"

struct hfile {
	const char		*rel;		/* content/posts/x.md */
	const char		*dir;		/* a bundle's, or NULL */
	const char		*body;
	unsigned		 body_line;
	struct import_item	 it;
	const char		*url;		/* with the base path */
	const char		*path;		/* without it */
};

struct hugo {
	struct import_folder	 fo;
	struct hfile		*f;
	size_t			 nf;
};

/* Hugo's own order of configuration files. */
static const char *const config_names[] = {
	"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml",
	"config.yaml", "config.yml", "config.json", NULL
};

static const char *const post_sections[] = {
	"posts", "post", "blog", "news", "articles", NULL
};

static bool
exists(struct hugo *h, const char *rel)
{
	struct stat	 st;

	return stat(arena_printf(h->fo.a, "%s/%s", h->fo.dir, rel), &st) == 0;
}

/* Is "section" where posts live (params.mainSections, or the usual)? */
static bool
is_post_section(const struct hugo *h, const char *section)
{
	const struct value	*p, *m;
	size_t			 i;

	p = h->fo.conf != NULL ? value_map_get(h->fo.conf, "params") : NULL;
	m = p != NULL && p->kind == VAL_MAP ? value_map_get(p,
	    "mainSections") : NULL;
	if (m != NULL && m->kind == VAL_LIST) {
		for (i = 0; i < m->u.list.n; i++)
			if (value_str(m->u.list.v[i]) != NULL &&
			    strcmp(value_str(m->u.list.v[i]), section) == 0)
				return true;
		return false;
	}
	for (i = 0; post_sections[i] != NULL; i++)
		if (strcmp(post_sections[i], section) == 0)
			return true;
	return false;
}

/* Hugo's pattern for a section: permalinks.SECTION, else /SECTION/:slug/. */
static const char *
section_pattern(struct hugo *h, const char *section)
{
	const struct value	*p = h->fo.conf != NULL ?
	    value_map_get(h->fo.conf, "permalinks") : NULL;
	const struct value	*v;

	if (p != NULL && p->kind == VAL_MAP &&
	    (v = value_map_get(p, section)) != NULL && value_str(v) != NULL)
		return value_str(v);
	return arena_printf(h->fo.a, "/%s/:slug/", section);
}

/* The heraldo pattern for Hugo's: :title and the like become :slug. */
static const char *
heraldo_pattern(struct hugo *h, const char *p, const char *section)
{
	static const char *const as_slug[] = {
		":slugorcontentbasename", ":slugorfilename",
		":contentbasename", ":filename", ":title", ":slug", NULL
	};
	struct buf	 b = BUF_INIT;
	const char	*s, *out;
	size_t		 i;

	for (s = p; *s != '\0';) {
		for (i = 0; as_slug[i] != NULL; i++)
			if (util_startswith(s, as_slug[i]))
				break;
		if (as_slug[i] != NULL) {
			buf_puts(&b, ":slug");
			s += strlen(as_slug[i]);
		} else if (util_startswith(s, ":sections")) {
			buf_puts(&b, section);
			s += 9;
		} else if (util_startswith(s, ":section")) {
			buf_puts(&b, section);
			s += 8;
		} else if (*s == ':' && !util_startswith(s, ":year") &&
		    !util_startswith(s, ":month") &&
		    !util_startswith(s, ":day")) {
			buf_free(&b);
			return arena_printf(h->fo.a, "/%s/:slug/", section);
		} else if (util_startswith(s, ":monthname")) {
			buf_free(&b);
			return arena_printf(h->fo.a, "/%s/:slug/", section);
		} else
			buf_putc(&b, *s++);
	}
	out = arena_strdup(h->fo.a, buf_cstr(&b));
	buf_free(&b);
	return strstr(out, ":slug") != NULL && out[0] == '/' ? out :
	    arena_printf(h->fo.a, "/%s/:slug/", section);
}

/* Hugo's urlize, near enough: lower case, runs of others as "-". */
static const char *
urlize(struct arena *a, const char *s)
{
	char	*out = arena_alloc(a, strlen(s) + 1), *o = out;
	bool	 dash = false;

	for (; *s != '\0'; s++) {
		unsigned char	 c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c >= 0x80 || c == '_' || c == '.') {
			if (dash && o > out)
				*o++ = '-';
			dash = false;
			*o++ = (char)c;
		} else if (c >= 'A' && c <= 'Z') {
			if (dash && o > out)
				*o++ = '-';
			dash = false;
			*o++ = (char)(c - 'A' + 'a');
		} else
			dash = true;
	}
	*o = '\0';
	return out;
}

/* The old URL: Hugo's pattern for the section filled in. */
static const char *
old_url(struct hugo *h, const char *pattern, const struct hfile *f,
    const char *section, const char *name)
{
	struct datefmt_tm	 tm;
	struct buf		 b = BUF_INIT;
	const char		*s, *out, *slug = f->it.slug;

	datefmt_local(&tm, f->it.published.t, h->fo.tz);
	for (s = pattern; *s != '\0';) {
		if (util_startswith(s, ":year")) {
			buf_printf(&b, "%04d", tm.year);
			s += 5;
		} else if (util_startswith(s, ":monthname")) {
			buf_puts(&b, ":monthname");
			s += 10;
		} else if (util_startswith(s, ":month")) {
			buf_printf(&b, "%02d", tm.month);
			s += 6;
		} else if (util_startswith(s, ":day")) {
			buf_printf(&b, "%02d", tm.day);
			s += 4;
		} else if (util_startswith(s, ":sections") ||
		    util_startswith(s, ":section")) {
			buf_puts(&b, section);
			s += s[8] == 's' ? 9 : 8;
		} else if (util_startswith(s, ":title")) {
			buf_puts(&b, urlize(h->fo.a, f->it.title));
			s += 6;
		} else if (util_startswith(s, ":slugorcontentbasename") ||
		    util_startswith(s, ":slugorfilename")) {
			buf_puts(&b, slug != NULL ? slug : name);
			s += s[7] == 'c' ? 22 : 15;
		} else if (util_startswith(s, ":slug")) {
			buf_puts(&b, urlize(h->fo.a, slug != NULL ? slug :
			    name));
			s += 5;
		} else if (util_startswith(s, ":contentbasename") ||
		    util_startswith(s, ":filename")) {
			buf_puts(&b, name);
			s += s[1] == 'c' ? 16 : 9;
		} else
			buf_putc(&b, *s++);
	}
	out = arena_strdup(h->fo.a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static size_t
strings(const char ***out, const struct value *v, struct arena *a)
{
	const char	**w;
	size_t		 n = 0, i;

	*out = NULL;
	if (v == NULL)
		return 0;
	if (v->kind == VAL_STRING) {
		w = arena_alloc(a, sizeof(*w));
		w[0] = v->u.str.s;
		*out = w;
		return 1;
	}
	if (v->kind != VAL_LIST)
		return 0;
	w = arena_alloc(a, (v->u.list.n + 1) * sizeof(*w));
	for (i = 0; i < v->u.list.n; i++)
		if (value_str(v->u.list.v[i]) != NULL)
			w[n++] = value_str(v->u.list.v[i]);
	*out = w;
	return n;
}

static bool
has_md(const char *name)
{
	size_t	 n = strlen(name);

	return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

static void
read_content(struct hugo *h, const char *rel, const char *bundle)
{
	struct hfile		 f;
	struct value		*meta;
	const struct value	*v;
	const char		*section, *name, **tags, **cats;
	const char		*s;
	char			*text;
	size_t			 len, nt, nc;

	memset(&f, 0, sizeof(f));
	f.rel = rel;
	f.dir = bundle;
	if ((text = import_folder_text(&h->fo, rel, &len)) == NULL)
		return;
	if (text[0] == '{') {
		h->fo.rc = diag_error(h->fo.d, rel, 1, 1, "JSON front matter "
		    "is not read yet: convert it to YAML (between \"---\" "
		    "lines) or TOML (between \"+++\" lines) and import again");
		return;
	}
	if (import_folder_front(&h->fo, rel, text, len, &meta, &f.body,
	    &f.body_line) < 0)
		return;
	/* content/SECTION/.../NAME.md or content/SECTION/NAME/index.md */
	s = rel + strlen("content/");
	section = strchr(s, '/') != NULL ? arena_strndup(h->fo.a, s,
	    strcspn(s, "/")) : "";
	if (bundle != NULL)
		name = strrchr(bundle, '/') != NULL ? strrchr(bundle, '/') + 1 :
		    bundle;
	else {
		name = strrchr(rel, '/') + 1;
		name = arena_strndup(h->fo.a, name, strlen(name) - 3);
	}
	f.it.kind = *section != '\0' && is_post_section(h, section) ?
	    IMPORT_POST : IMPORT_PAGE;
	f.it.id = arena_printf(h->fo.a, "hugo:%s", rel);
	f.it.title = value_str(value_map_get(meta, "title"));
	if (f.it.title == NULL || *f.it.title == '\0')
		f.it.title = name;
	f.it.author = value_str(value_map_get(meta, "author"));
	if (f.it.author == NULL && (v = value_map_get(meta, "authors")) !=
	    NULL && v->kind == VAL_LIST && v->u.list.n > 0)
		f.it.author = value_str(v->u.list.v[0]);
	v = value_map_get(meta, "draft");
	f.it.draft = v != NULL && v->kind == VAL_BOOL && v->u.b;
	if ((s = value_str(value_map_get(meta, "date"))) != NULL ||
	    (s = value_str(value_map_get(meta, "publishDate"))) != NULL)
		import_folder_date(&h->fo, &f.it.published, s, rel, 0);
	import_folder_mtime(&h->fo, &f.it.published, rel);
	if ((s = value_str(value_map_get(meta, "lastmod"))) != NULL)
		import_folder_date(&h->fo, &f.it.updated, s, rel, 0);
	f.it.slug = value_str(value_map_get(meta, "slug"));
	nt = strings(&tags, value_map_get(meta, "tags"), h->fo.a);
	nc = strings(&cats, value_map_get(meta, "categories"), h->fo.a);
	f.it.ntags = import_folder_join(&h->fo, &f.it.tags, cats, nc, tags,
	    nt);
	if ((s = value_str(value_map_get(meta, "url"))) != NULL)
		f.it.old_url = s;
	else if (*section != '\0')
		f.it.old_url = old_url(h, section_pattern(h, section), &f,
		    section, name);
	else
		f.it.old_url = arena_printf(h->fo.a, "/%s/", name);
	f.it.nmore = strings(&f.it.more_urls, value_map_get(meta, "aliases"),
	    h->fo.a);
	/* The heraldo slug: the front matter's, else the file's name. */
	if (f.it.slug == NULL)
		f.it.slug = name;
	f.it.line = f.body_line;
	h->f = xrealloc(h->f, (h->nf + 1) * sizeof(*h->f));
	h->f[h->nf++] = f;
}

static const struct hfile *
find_ref(const struct hugo *h, const char *ref)
{
	size_t		 i, n;
	const char	*r;

	while (*ref == '/')
		ref++;
	n = strlen(ref);
	if (n > 3 && strcmp(ref + n - 3, ".md") == 0)
		n -= 3;
	/* A bundle or file named so, anywhere (Hugo takes a base name). */
	for (i = 0; i < h->nf; i++) {
		r = h->f[i].dir != NULL ? h->f[i].dir : h->f[i].rel;
		r = strrchr(r, '/') != NULL ? strrchr(r, '/') + 1 : r;
		if (strncmp(r, ref, n) == 0 && (r[n] == '\0' ||
		    strcmp(r + n, ".md") == 0) && strchr(ref, '/') == NULL)
			return &h->f[i];
	}
	n = strlen(ref);
	for (i = 0; i < h->nf; i++) {
		r = h->f[i].rel + strlen("content/");
		if (strcmp(r, ref) == 0 ||
		    (strlen(r) > n && r[strlen(r) - n - 1] == '/' &&
		    strcmp(r + strlen(r) - n, ref) == 0) ||
		    (h->f[i].dir != NULL && strcmp(h->f[i].dir +
		    strlen("content/"), ref) == 0))
			return &h->f[i];
	}
	return NULL;
}

/* The value of key="v" or the n-th positional argument in args. */
static const char *
arg_of(struct arena *a, const char *args, const char *key, int pos)
{
	const char	*s = args, *e;
	char		 q;
	int		 i = 0;
	size_t		 kl = key != NULL ? strlen(key) : 0;

	while (*s != '\0') {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (*s == '\0')
			break;
		if (key != NULL && strncmp(s, key, kl) == 0 && s[kl] == '=') {
			s += kl + 1;
			q = *s == '"' || *s == '\'' || *s == '`' ? *s++ : ' ';
			e = strchr(s, q);
			return arena_strndup(a, s, e != NULL ? (size_t)(e - s) :
			    strlen(s));
		}
		q = *s == '"' || *s == '\'' || *s == '`' ? *s++ : ' ';
		for (e = s; *e != '\0' && *e != q && !(q == ' ' &&
		    (*e == '\t' || *e == '\n')); e++)
			if (q == ' ' && *e == '=')
				break;
		if (q == ' ' && *e == '=') {
			/* key=value: skip it. */
			e++;
			q = *e == '"' || *e == '\'' ? *e++ : ' ';
			while (*e != '\0' && *e != q)
				e++;
			s = *e != '\0' ? e + 1 : e;
			continue;
		}
		if (pos >= 0 && i++ == pos)
			return arena_strndup(a, s, (size_t)(e - s));
		s = *e != '\0' ? e + 1 : e;
	}
	return NULL;
}

/* Shortcodes: convert what means something without Hugo (see the .h). */
static void
shortcodes(struct hugo *h, const struct hfile *f, struct buf *out)
{
	const char		*s = f->body, *open, *close, *p, *e, *v, *w;
	const struct hfile	*t;
	char			 name[32];
	const char		*args;
	size_t			 n;
	unsigned		 line, col;
	bool			 pct;

	while ((open = strstr(s, "{{")) != NULL) {
		if (open[2] != '<' && open[2] != '%') {
			buf_put(out, s, (size_t)(open - s + 2));
			s = open + 2;
			continue;
		}
		pct = open[2] == '%';
		close = strstr(open + 3, pct ? "%}}" : ">}}");
		util_line_col(&line, &col, f->body, (size_t)(open - f->body));
		line += f->body_line - 1;
		if (close == NULL) {
			diag_warning(h->fo.d, f->rel, line, 0, "\"{{%c\" is "
			    "not closed: the rest is taken as it is", open[2]);
			break;
		}
		buf_put(out, s, (size_t)(open - s));
		s = close + 3;
		p = open + 3;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		n = strcspn(p, " \t\n>%}");
		snprintf(name, sizeof(name), "%.*s", (int)(n < 31 ? n : 31), p);
		args = arena_strndup(h->fo.a, p + n, (size_t)(close - p) > n ?
		    (size_t)(close - p) - n : 0);
		if ((strcmp(name, "ref") == 0 || strcmp(name, "relref") == 0) &&
		    (v = arg_of(h->fo.a, args, NULL, 0)) != NULL) {
			if ((t = find_ref(h, v)) != NULL)
				buf_puts(out, t->url);
			else {
				/* In a link: a URL, though no page. */
				diag_warning(h->fo.d, f->rel, line, 0, "%s: no "
				    "page \"%s\" in content/", name, v);
				buf_puts(out, "#");
			}
		}
		else if (strcmp(name, "figure") == 0 &&
		    (v = arg_of(h->fo.a, args, "src", -1)) != NULL) {
			w = arg_of(h->fo.a, args, "alt", -1);
			buf_printf(out, "![%s](%s)", w != NULL ? w : "", v);
			if ((w = arg_of(h->fo.a, args, "caption", -1)) !=
			    NULL || (w = arg_of(h->fo.a, args, "title", -1)) !=
			    NULL)
				buf_printf(out, "\n\n*%s*", w);
		} else if (strcmp(name, "highlight") == 0) {
			v = arg_of(h->fo.a, args, NULL, 0);
			buf_puts(out, "```");
			if (v != NULL)
				buf_puts(out, v);
			/* The code starts on the next line. */
			if (*s != '\n')
				buf_putc(out, '\n');
		} else if (strcmp(name, "/highlight") == 0) {
			if (out->len > 0 && out->data[out->len - 1] != '\n')
				buf_putc(out, '\n');
			buf_puts(out, "```");
		} else if (strcmp(name, "youtube") == 0 &&
		    ((v = arg_of(h->fo.a, args, "id", -1)) != NULL ||
		    (v = arg_of(h->fo.a, args, NULL, 0)) != NULL))
			buf_printf(out, "[https://www.youtube.com/watch?v=%s]"
			    "(https://www.youtube.com/watch?v=%s)", v, v);
		else if (strcmp(name, "vimeo") == 0 &&
		    ((v = arg_of(h->fo.a, args, "id", -1)) != NULL ||
		    (v = arg_of(h->fo.a, args, NULL, 0)) != NULL))
			buf_printf(out, "[https://vimeo.com/%s]"
			    "(https://vimeo.com/%s)", v, v);
		else if (strcmp(name, "gist") == 0 &&
		    (v = arg_of(h->fo.a, args, NULL, 0)) != NULL &&
		    (w = arg_of(h->fo.a, args, NULL, 1)) != NULL)
			buf_printf(out, "[https://gist.github.com/%s/%s]"
			    "(https://gist.github.com/%s/%s)", v, w, v, w);
		else {
			for (e = close + 3; e > open && e[-1] == '\n'; e--)
				continue;
			diag_warning(h->fo.d, f->rel, line, 0, "%.*s cannot be "
			    "converted: kept in an HTML comment",
			    (int)(close + 3 - open), open);
			import_folder_keep(out, open,
			    (size_t)(close + 3 - open));
		}
	}
	buf_puts(out, s);
}

/*
 * A bundle's own files are linked relative to it ("stage.jpg"); the post
 * shows on other pages too (the index, feeds), so such links become the
 * files' paths in the new site: "](stage.jpg" and "src=\"stage.jpg".
 */
static void
bundle_links(struct hugo *h, const struct hfile *f, const char **files,
    size_t n, struct buf *body)
{
	const char	*name, *slash = strrchr(f->path, '/'), *at, *s;
	struct buf	 out = BUF_INIT, pat = BUF_INIT;
	size_t		 k, d = strlen(f->dir);
	int		 form;

	for (k = 0; k < n; k++) {
		if (strncmp(files[k], f->dir, d) != 0 || files[k][d] != '/' ||
		    has_md(files[k]))
			continue;
		name = files[k] + d + 1;
		for (form = 0; form < 4; form++) {
			buf_reset(&pat);
			buf_printf(&pat, "%s%s%s", form % 2 == 0 ? "](" :
			    "src=\"", form < 2 ? "" : "./", name);
			buf_reset(&out);
			for (s = buf_cstr(body); (at = strstr(s,
			    buf_cstr(&pat))) != NULL; s = at + pat.len) {
				buf_put(&out, s, (size_t)(at - s));
				buf_printf(&out, "%s%s%.*s/%s", form % 2 == 0 ?
				    "](" : "src=\"",
				    import_base_path(h->fo.imp),
				    (int)(slash - f->path - 1), f->path + 1,
				    name);
			}
			buf_puts(&out, s);
			buf_reset(body);
			buf_put(body, out.data != NULL ? out.data : "",
			    out.len);
		}
	}
	buf_free(&out);
	buf_free(&pat);
}

static int
read_config(struct hugo *h)
{
	struct import_settings	 set;
	const struct value	*p;
	const char		*name = NULL;
	size_t			 i;

	for (i = 0; config_names[i] != NULL; i++)
		if (exists(h, config_names[i])) {
			name = config_names[i];
			break;
		}
	memset(&set, 0, sizeof(set));
	if (name != NULL && import_folder_config(&h->fo, name) != 0)
		return -1;
	set.title = import_folder_conf_str(&h->fo, "title");
	set.base_url = import_folder_conf_str(&h->fo, "baseURL");
	if (set.base_url == NULL)
		set.base_url = import_folder_conf_str(&h->fo, "baseurl");
	set.locale = import_folder_conf_str(&h->fo, "languageCode");
	set.timezone = import_folder_conf_str(&h->fo, "timeZone");
	p = h->fo.conf != NULL ? value_map_get(h->fo.conf, "params") : NULL;
	if (p != NULL && p->kind == VAL_MAP)
		set.description = value_str(value_map_get(p, "description"));
	import_folder_zone(&h->fo, set.timezone);
	import_settings(h->fo.imp, &set);
	return 0;
}

int
import_hugo(struct importer *imp, const char *dir, struct diags *d)
{
	struct hugo		 h;
	struct import_settings	 set;
	static const char *const roots[] = { "content", "static", NULL };
	struct import_files	 list = { NULL, 0, 0 };
	const char		**files, *rel, *base, *section, *best;
	const char		*bundle, *slash;
	size_t			 n, i, k, most = 0, cnt;
	struct buf		 body = BUF_INIT;
	struct stat		 st;

	memset(&h, 0, sizeof(h));
	import_folder_init(&h.fo, imp, dir, d);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    stat(arena_printf(h.fo.a, "%s/content", dir), &st) < 0)
		return diag_error(d, dir, 0, 0, "expected the folder of a "
		    "Hugo site (with content/ and hugo.yaml or config.yaml)");
	if (read_config(&h) < 0)
		return -1;
	import_folder_list(&h.fo, roots, NULL, &list);
	files = list.v;
	n = list.n;
	for (i = 0; i < n; i++) {
		rel = files[i];
		base = strrchr(rel, '/') + 1;
		if (strncmp(rel, "static/", 7) == 0) {
			if (import_copy(imp, arena_printf(h.fo.a, "%s/%s", dir,
			    rel), rel) < 0)
				h.fo.rc = -1;
			continue;
		}
		if (strcmp(base, "_index.md") == 0) {
			import_skip(imp, "section list heraldo makes itself");
			continue;
		}
		if (!has_md(base))
			continue;	/* a bundle's resources: below */
		bundle = NULL;
		if (strcmp(base, "index.md") == 0 && base - rel > 9)
			bundle = arena_strndup(h.fo.a, rel,
			    (size_t)(base - rel - 1));
		read_content(&h, rel, bundle);
	}
	/* One permalink pattern: the posts' most common section's. */
	best = NULL;
	for (i = 0; i < h.nf; i++) {
		if (h.f[i].it.kind != IMPORT_POST)
			continue;
		section = arena_strndup(h.fo.a, h.f[i].rel + 8,
		    strcspn(h.f[i].rel + 8, "/"));
		for (cnt = 0, k = 0; k < h.nf; k++)
			if (strncmp(h.f[k].rel + 8, section,
			    strlen(section)) == 0)
				cnt++;
		if (cnt > most) {
			most = cnt;
			best = section;
		}
	}
	memset(&set, 0, sizeof(set));
	if (best != NULL) {
		/* Settings were given; only the permalink is added here. */
		set.permalink = heraldo_pattern(&h, section_pattern(&h, best),
		    best);
		import_permalink(imp, set.permalink);
	}
	for (i = 0; i < h.nf; i++) {
		h.f[i].path = import_url(imp, &h.f[i].it);
		h.f[i].url = arena_printf(h.fo.a, "%s%s", import_base_path(imp),
		    h.f[i].path + 1);
	}
	for (i = 0; i < h.nf; i++) {
		struct hfile	*f = &h.f[i];

		buf_reset(&body);
		shortcodes(&h, f, &body);
		if (f->dir != NULL)
			bundle_links(&h, f, files, n, &body);
		f->it.markdown = buf_cstr(&body);
		if (import_add(imp, &f->it) < 0)
			h.fo.rc = -1;
		if (f->dir == NULL)
			continue;
		/* A bundle's files go next to the post's new URL. */
		for (k = 0; k < n; k++) {
			if (strncmp(files[k], f->dir, strlen(f->dir)) != 0 ||
			    files[k][strlen(f->dir)] != '/' ||
			    has_md(files[k]))
				continue;
			slash = strrchr(f->path, '/');
			if (import_copy(imp, arena_printf(h.fo.a, "%s/%s", dir,
			    files[k]), arena_printf(h.fo.a, "static%.*s/%s",
			    (int)(slash - f->path), f->path,
			    files[k] + strlen(f->dir) + 1)) < 0)
				h.fo.rc = -1;
		}
	}
	buf_free(&body);
	free(files);
	free(h.f);
	return h.fo.rc;
}
