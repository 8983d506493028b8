/*
 * site: the build pipeline.
 *
 *   open the source (git tree at a ref, or the work tree)
 *   read site.yaml, layouts (over the built-in theme), i18n catalogs
 *   open the build cache; walk history once for every file under
 *   content/ (or bring the cached walk up by one commit)
 *   restore unchanged posts light from the cache, load the others on the
 *   worker threads
 *   select (drafts, future, expired), sort newest first, check URLs
 *   key every page and feed by what it shows; load in full the light
 *   posts of those that changed
 *   render pages, hours calendars and the /hours/ page, copy static
 *   files, write feeds (keeping what the current output has right)
 *   swap the output into place, or drop it if anything failed; save the
 *   cache
 */
#define _GNU_SOURCE	/* SCHED_IDLE */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cache.h"
#include "config.h"
#include "datefmt.h"
#include "diag.h"
#include "feed.h"
#include "gitsrc.h"
#include "hash.h"
#include "hours.h"
#include "i18n.h"
#include "loader.h"
#include "markdown.h"
#include "output.h"
#include "pool.h"
#include "post.h"
#include "progress.h"
#include "render.h"
#include "site.h"
#include "summary.h"
#include "template.h"
#include "theme.h"
#include "url.h"
#include "util.h"
#include "version.h"
#include "value.h"

/* Feeds format dates and UI strings with the build's ICU modules. */
static const struct feed_hooks feed_hooks = {
	datefmt_rfc3339, datefmt_rfc822, i18n_format, i18n_get, pool_run
};

/*
 * A post is text someone wrote: anything larger is a mistake (a log or a
 * dump committed by accident), refused before it costs time and memory.
 */
#define POST_MAX_BYTES	(8 << 20)

struct source {
	const struct gitsrc_file *file;
	bool			 is_page;
	const struct hkey	*key;	/* the state's, when known unchanged */
	const struct bundle	*bundle;	/* or NULL */
};

struct loadctx {
	struct source		*src;
	struct post		*posts;
	const size_t		*which;		/* indices to load */
	const struct hkey	*keys;		/* each source's, cache.h */
	int			*rc;
	const struct post_env	*env;
	struct gitsrc		**gits;		/* one per worker, opened lazily */
	const char		*site_dir;
	const char		*commit;	/* NULL in work-tree mode */
	struct progress		*progress;
};

static void
load_one(struct worker *w, size_t k, void *arg)
{
	struct loadctx	*lc = arg;
	size_t		 i = lc->which[k];
	struct source	*s = &lc->src[i];
	struct gitsrc	**git = &lc->gits[w->id];
	struct arena	*src;
	char		*text;
	size_t		 len, listed = lc->posts[i].listed;

	/* A gitsrc is single-threaded: each worker reads through its own. */
	if (*git == NULL && gitsrc_open(git, lc->site_dir, lc->commit,
	    lc->commit == NULL, lc->env->d) < 0) {
		lc->rc[i] = -1;
		return;
	}
	/*
	 * The source is read into an arena of its own, dropped once the
	 * post is loaded: what the post keeps was copied out of it.
	 */
	if (gitsrc_size(&len, *git, s->file, lc->env->d) < 0) {
		lc->rc[i] = -1;
		return;
	}
	if (len > POST_MAX_BYTES) {
		lc->rc[i] = diag_error(lc->env->d, s->file->path, 0, 0,
		    "%zu bytes: a post or page may hold at most %d MiB",
		    len, POST_MAX_BYTES >> 20);
		return;
	}
	src = arena_new();
	if (gitsrc_read_file(&text, &len, *git, s->file, src,
	    lc->env->d) < 0)
		lc->rc[i] = -1;
	else
		lc->rc[i] = post_load(&lc->posts[i], w, lc->env,
		    s->file->path, s->file->id, text, len, s->is_page,
		    s->bundle);
	/* A light post loaded in full keeps its key and place in the list. */
	lc->posts[i].key = lc->keys[i];
	lc->posts[i].listed = listed;
	arena_free(src);
	progress_add(lc->progress);
	if (w->id == 0)
		progress_show(lc->progress);
}

/* Keys of every source, and the light posts of the unchanged ones. */
struct restorectx {
	const struct source	*src;
	struct post		*posts;
	struct hkey		*keys;
	const struct post_env	*env;
	struct hkey		 env_key;
	const struct cache	*cache;		/* NULL: restore none */
};

static struct hkey post_key(struct hkey, const struct gitsrc_file *,
		    const struct bundle *, const struct post_env *);

static void
restore_one(struct worker *w, size_t i, void *arg)
{
	struct restorectx	*r = arg;
	struct post		*p = &r->posts[i];

	r->keys[i] = r->src[i].key != NULL ? *r->src[i].key :
	    post_key(r->env_key, r->src[i].file, r->src[i].bundle, r->env);
	if (r->cache == NULL || !cache_post(r->cache, r->src[i].file->path,
	    r->keys[i], p, w->a))
		return;
	p->bundle = r->src[i].bundle;
	/* Hours blocks write files of their own: always loaded. */
	if (p->had_hours) {
		memset(p, 0, sizeof(*p));
		return;
	}
	p->is_page = r->src[i].is_page;
}

/*
 * Whether a layout looks "name" up, alone or as a part of a dotted name
 * ("posted" for {{posted}} and {{date.posted}} alike).
 */
static bool
layout_reads(const struct post_env *env, const char *name)
{
	return bsearch(&name, env->layout_names, env->nlayout_names,
	    sizeof(*env->layout_names), util_cmp_strp) != NULL;
}

static bool
is_markdown(const char *path)
{
	return util_endswith(path, ".md") || util_endswith(path, ".markdown");
}

/* A post or page: Markdown, or HTML (which needs front matter). */
static bool
is_source(const char *path)
{
	return is_markdown(path) || util_endswith(path, ".html");
}

/* The file name of a site-relative path. */
static const char *
base_name(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/*
 * Whether "path" is the index of a page bundle: index.md (.markdown,
 * .html) in a folder below content/posts/ or content/pages/.
 */
static bool
is_bundle_index(const char *path)
{
	const char	*base = base_name(path);
	size_t		 dirlen = (size_t)(base - path);

	if (strcmp(base, "index.md") != 0 &&
	    strcmp(base, "index.markdown") != 0 &&
	    strcmp(base, "index.html") != 0)
		return false;
	return dirlen > strlen("content/posts/") &&
	    (util_startswith(path, "content/posts/") ||
	    util_startswith(path, "content/pages/"));
}

/* Hugo's section description: "_index.md" (or .markdown, .html). */
static bool
is_section_index(const char *path)
{
	const char	*base = base_name(path);

	return strcmp(base, "_index.md") == 0 ||
	    strcmp(base, "_index.markdown") == 0 ||
	    strcmp(base, "_index.html") == 0;
}

/* The bundle among v[0..n) (sorted by folder) whose folder is dir[0..len). */
static struct bundle *
find_bundle(struct bundle *v, size_t n, const char *dir, size_t len)
{
	size_t	 lo = 0, hi = n, mid;
	int	 c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strncmp(v[mid].dir, dir, len);
		if (c == 0 && v[mid].dir[len] != '\0')
			c = 1;
		if (c == 0)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * The bundle whose files include "path": the nearest folder above it
 * that is a bundle's (for a bundle's own index, one above its folder).
 */
static struct bundle *
bundle_of(struct bundle *v, size_t n, const char *path)
{
	const char	*end = base_name(path) - 1;
	struct bundle	*b;

	if (n == 0)
		return NULL;
	while (end > path) {
		if ((b = find_bundle(v, n, path, (size_t)(end - path))) !=
		    NULL)
			return b;
		while (--end > path && *end != '/')
			;
	}
	return NULL;
}

/*
 * Files under content/posts/ and content/pages/ that are neither posts
 * nor a bundle's would be left out without a word: one warning for each
 * folder that holds any (names starting with "." aside: .gitkeep).
 */
static void
warn_strays(const struct gitsrc_file *files, size_t n, bool *is_src,
    struct bundle *bundles, size_t nb, struct diags *d)
{
	const char	*path, *base, *first = NULL, *dir = NULL;
	size_t		 i, count = 0, dirlen = 0;
	char		*folder;

	for (i = 0; i <= n; i++) {
		path = i < n ? files[i].path : NULL;
		if (path != NULL && (is_src[i] || (!util_startswith(path,
		    "content/posts/") && !util_startswith(path,
		    "content/pages/")) || *(base = base_name(path)) == '.' ||
		    bundle_of(bundles, nb, path) != NULL))
			continue;
		if (path != NULL && dir != NULL &&
		    (size_t)(base - 1 - path) == dirlen &&
		    strncmp(path, dir, dirlen) == 0) {
			count++;
			continue;
		}
		if (count > 0) {
			folder = xstrndup(dir, dirlen);
			diag_warning(d, folder, 0, 0, "%zu file%s here (%s%s) "
			    "%s in no page bundle, so %s not copied: move %s "
			    "to static/, or beside a post's index.md", count,
			    count == 1 ? "" : "s", first,
			    count == 1 ? "" : ", ...", count == 1 ?
			    "is not a post and" : "are not posts and",
			    count == 1 ? "it is" : "they are",
			    count == 1 ? "it" : "them");
			free(folder);
		}
		if (path == NULL)
			break;
		dir = path;
		dirlen = (size_t)(base - 1 - path);
		first = base;
		count = 1;
	}
}

/*
 * Pick the posts and pages among files[0..n): Markdown and HTML files
 * below content/posts/ and content/pages/, but Hugo's _index.md files
 * (noted: heraldo makes no section pages) and the files of page bundles
 * (which are copied, not built).  Each bundle's files are listed from
 * its folder.  Sets *nsrc; returns -1 after recording errors.
 */
static int
pick_sources(struct source *srcs, size_t *nsrc, struct gitsrc_file *files,
    size_t n, const struct hkey *fkeys, struct gitsrc *src,
    struct arena *a, struct diags *d)
{
	struct bundle	*bundles, *b, *own;
	struct gitsrc_file *bf;
	const char	*last = NULL;	/* the last bundle's index */
	bool		*is_src = arena_zalloc(a, n + 1);
	size_t		 i, k, nb = 0, nbf, m;
	int		 rc = 0;

	bundles = arena_zalloc(a, (n + 1) * sizeof(*bundles));
	for (i = 0; i < n; i++)
		if (is_bundle_index(files[i].path)) {
			k = (size_t)(base_name(files[i].path) - 1 -
			    files[i].path);
			if (nb > 0 && strlen(bundles[nb - 1].dir) == k &&
			    strncmp(bundles[nb - 1].dir, files[i].path,
			    k) == 0) {
				rc = diag_error(d, files[i].path, 0, 0,
				    "a page bundle has one index file, and "
				    "this folder has %s too: remove one",
				    base_name(last));
				continue;
			}
			last = files[i].path;
			bundles[nb].index = files[i].path;
			bundles[nb++].dir = arena_strndup(a, files[i].path, k);
		}
	/* Sorted paths give sorted folders, but "a/index.md" < "a-b/..." */
	util_sort_by_str(bundles, nb, sizeof(*bundles),
	    offsetof(struct bundle, dir));
	*nsrc = 0;
	for (i = 0; i < n; i++) {
		if (!is_source(files[i].path))
			continue;
		if (!util_startswith(files[i].path, "content/posts/") &&
		    !util_startswith(files[i].path, "content/pages/"))
			continue;
		/* Reported or used: not a stray. */
		is_src[i] = true;
		own = is_bundle_index(files[i].path) ? find_bundle(bundles, nb,
		    files[i].path, (size_t)(base_name(files[i].path) - 1 -
		    files[i].path)) : NULL;
		if (own != NULL && strcmp(own->index, files[i].path) != 0)
			continue;	/* a second index, reported */
		if (own == NULL && nb > 0 &&
		    bundle_of(bundles, nb, files[i].path) != NULL)
			continue;	/* a bundle's file */
		if (is_section_index(files[i].path)) {
			diag_note(d, files[i].path, 0, 0, "a section "
			    "description (Hugo's _index.md): heraldo makes "
			    "no section pages, so it is left out");
			continue;
		}
		srcs[*nsrc].file = &files[i];
		srcs[*nsrc].is_page = util_startswith(files[i].path,
		    "content/pages/");
		/* A bundle's key covers its files: never the state's. */
		srcs[*nsrc].key = own == NULL && fkeys != NULL &&
		    (fkeys[i].a != 0 || fkeys[i].b != 0) ? &fkeys[i] : NULL;
		srcs[*nsrc].bundle = own;
		(*nsrc)++;
	}
	warn_strays(files, n, is_src, bundles, nb, d);
	/* Each bundle's files: below its folder, but in no deeper bundle. */
	for (i = 0; i < nb; i++) {
		b = &bundles[i];
		if (gitsrc_list(&bf, &nbf, src, b->dir, a, d) < 0) {
			rc = -1;
			continue;
		}
		b->files = bf;
		for (k = 0, m = 0; k < nbf; k++) {
			if (bundle_of(bundles, nb, bf[k].path) != b ||
			    (strchr(bf[k].path + strlen(b->dir) + 1, '/') ==
			    NULL && is_bundle_index(bf[k].path)))
				continue;
			bf[m++] = bf[k];
		}
		b->n = m;
	}
	return rc;
}

/* The layouts a build renders pages with (heraldo(1), FILES). */
static const char *const page_layouts[] = {
	"index", "post", "archive", "tag", "page", "404", NULL
};

/*
 * Layouts: the built-in theme first, the site's layouts/ over it.  Sets
 * *builtin when a page layout comes from the built-in theme, whose
 * stylesheet the build then writes too.
 */
static int
load_layouts(bool *builtin, struct tpl_set *set, struct gitsrc *src,
    struct arena *a, struct diags *d)
{
	struct gitsrc_file	*files;
	const struct theme_file	*t;
	size_t			 n, i, len;
	char			*text, *name;
	int			 rc = 0;

	for (t = theme_layouts; t->name != NULL; t++)
		if (template_set_add(set, t->name, t->name, t->data, t->len,
		    d) < 0)
			rc = -1;
	if (gitsrc_list(&files, &n, src, "layouts", a, d) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!util_endswith(files[i].path, ".mustache"))
			continue;
		if (gitsrc_read(&text, &len, src, files[i].path, a, d) < 0) {
			rc = -1;
			continue;
		}
		name = arena_strndup(a, files[i].path + strlen("layouts/"),
		    strlen(files[i].path) - strlen("layouts/") -
		    strlen(".mustache"));
		if (template_set_add(set, name, files[i].path, text, len,
		    d) < 0)
			rc = -1;
	}
	*builtin = false;
	for (i = 0; page_layouts[i] != NULL; i++)
		if (!gitsrc_exists(src, arena_printf(a, "layouts/%s.mustache",
		    page_layouts[i])))
			*builtin = true;
	if (rc == 0 && template_set_check(set, d) < 0)
		rc = -1;
	return rc;
}

static int
load_catalogs(struct i18n *cat, struct gitsrc *src, struct arena *a,
    struct diags *d)
{
	struct gitsrc_file	*files;
	struct value		*v;
	const char		*base;
	char			*text, *lang;
	size_t			 n, i, len;
	int			 rc = 0;

	if (gitsrc_list(&files, &n, src, "i18n", a, d) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!util_endswith(files[i].path, ".yaml"))
			continue;
		if (gitsrc_read(&text, &len, src, files[i].path, a, d) < 0 ||
		    loader_parse(&v, files[i].path, text, len, 1, a, d) < 0) {
			rc = -1;
			continue;
		}
		base = strrchr(files[i].path, '/') + 1;
		lang = arena_strndup(a, base, strlen(base) - 5);
		if (v->kind == VAL_NULL)
			continue;
		if (i18n_add(cat, lang, v, files[i].path, d) < 0)
			rc = -1;
	}
	return rc;
}

/*
 * Layouts under "shared/" (the sidebar, the header) see no page of their
 * own: render each once and put its text in its place, so that what
 * every page shares costs one render per build (each layout once, even
 * where the site's file replaces the built-in one).
 */
static int
render_shared(struct tpl_set *set, struct build *b, struct gitsrc *src,
    struct arena *a, struct diags *d)
{
	const struct theme_file	*t;
	struct gitsrc_file	*files;
	struct value		*root = render_shared_root(b);
	struct buf		 out = BUF_INIT;
	const char		**names;
	char			*name;
	size_t			 n, i, k, nnames = 0;
	int			 rc = 0;

	if (gitsrc_list(&files, &n, src, "layouts/shared", a, d) < 0)
		return -1;
	names = arena_alloc(a, (n + 64) * sizeof(*names));
	for (i = 0; i < n; i++)
		if (util_endswith(files[i].path, ".mustache"))
			names[nnames++] = arena_strndup(a, files[i].path + 8,
			    strlen(files[i].path) - 8 - 9);
	for (t = theme_layouts; t->name != NULL && nnames < n + 64; t++)
		if (util_startswith(t->name, "shared/")) {
			for (k = 0; k < nnames; k++)
				if (strcmp(names[k], t->name) == 0)
					break;
			if (k == nnames)
				names[nnames++] = t->name;
		}
	for (i = 0; i < nnames; i++) {
		buf_reset(&out);
		if (template_render(&out, set, names[i], root, d) < 0) {
			rc = -1;
			continue;
		}
		name = arena_printf(a, "layouts/%s.mustache", names[i]);
		template_set_add_text(set, names[i], name,
		    out.data ? out.data : "", out.len);
	}
	buf_free(&out);
	return rc;
}

struct by_date {
	int64_t		 date;
	struct post	*p;
};

/* Newest first; the source path breaks ties so the order is total. */
static int
cmp_by_date(const void *pa, const void *pb)
{
	const struct by_date	*a = pa, *b = pb;

	if (a->date != b->date)
		return a->date > b->date ? -1 : 1;
	return strcmp(a->p->path, b->p->path);
}

/* Each date beside its post: the sort reads no post it need not. */
static void
sort_posts(struct post **v, size_t n)
{
	struct by_date	*k = xcalloc(n + 1, sizeof(*k));
	size_t		 i;

	for (i = 0; i < n; i++) {
		k[i].date = v[i]->date;
		k[i].p = v[i];
	}
	qsort(k, n, sizeof(*k), cmp_by_date);
	for (i = 0; i < n; i++)
		v[i] = k[i].p;
	free(k);
}

struct claim {
	const char	*out;
	const char	*source;
	const char	*origin;	/* what made the URL */
	unsigned	 line;		/* an alias's, in front matter */
};

static int
cmp_claim(const void *pa, const void *pb)
{
	const struct claim	*a = pa, *b = pb;
	int			 c;

	if ((c = strcmp(a->out, b->out)) != 0)
		return c;
	return strcmp(a->source, b->source);
}

/* Whether two of v[0..n) claim one output path: a table, in one pass. */
static bool
claimed_twice(const struct claim *v, size_t n)
{
	size_t	*slot, cap = 16, i, k;
	bool	 twice = false;

	while (cap < 2 * n)
		cap *= 2;
	slot = xmalloc(cap * sizeof(*slot));
	memset(slot, 0xff, cap * sizeof(*slot));
	for (i = 0; i < n && !twice; i++) {
		if (v[i].out == NULL)
			continue;
		for (k = hash_bytes(v[i].out, strlen(v[i].out)).a & (cap - 1);
		    slot[k] != SIZE_MAX && !twice; k = (k + 1) & (cap - 1))
			twice = strcmp(v[slot[k]].out, v[i].out) == 0;
		slot[k] = i;
	}
	free(slot);
	return twice;
}

/*
 * Two posts, pages or aliases that would write one file are an error
 * naming both and what made each URL, found before anything is made; a
 * bundle file must have a clean path.  Clashes with static files, bundle
 * files and what heraldo makes are found by output_claim as they are
 * written.
 */
static int
check_urls(struct post **all, size_t n, struct arena *a, struct diags *d)
{
	struct claim	*v;
	const struct bundle *b;
	size_t		 cap = 0, k = 0, i, j;
	char		*out, *folder;
	int		 rc = 0;

	for (i = 0; i < n; i++)
		cap += 1 + all[i]->fm.naliases;
	v = xcalloc(cap + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		if (all[i]->out_path != NULL) {
			v[k].out = all[i]->out_path;
			v[k].origin = all[i]->url_origin != NULL ?
			    all[i]->url_origin : "its URL";
			v[k++].source = all[i]->path;
		}
		for (j = 0; j < all[i]->fm.naliases; j++) {
			out = url_output_path(all[i]->fm.aliases[j], a);
			if (out == NULL) {
				rc = diag_error(d, all[i]->path, 0, 0,
				    "aliases: \"%s\" is not a clean site path",
				    all[i]->fm.aliases[j]);
				continue;
			}
			v[k].out = out;
			v[k].origin = "an alias";
			v[k].line = all[i]->alias_lines != NULL ?
			    all[i]->alias_lines[j] : 0;
			v[k++].source = all[i]->path;
		}
		if ((b = all[i]->bundle) == NULL)
			continue;
		folder = post_bundle_url(all[i]->url, a);
		for (j = 0; j < b->n; j++)
			if (url_output_path(arena_printf(a, "%s%s", folder,
			    b->files[j].path + strlen(b->dir) + 1), a) == NULL)
				rc = diag_error(d, b->files[j].path, 0, 0,
				    "not a clean output path");
	}
	/* Sorted for the errors' order, when a path is claimed twice. */
	if (claimed_twice(v, k)) {
		qsort(v, k, sizeof(*v), cmp_claim);
		for (i = 1; i < k; i++)
			if (strcmp(v[i].out, v[i - 1].out) != 0)
				continue;
			else if (v[i - 1].line > 0)
				rc = diag_error(d, v[i].source, v[i].line, 0,
				    "writes /%s (%s), as %s:%u does (%s); give "
				    "one of them another slug or permalink",
				    v[i].out, v[i].origin, v[i - 1].source,
				    v[i - 1].line, v[i - 1].origin);
			else
				rc = diag_error(d, v[i].source, v[i].line, 0,
				    "writes /%s (%s), as %s does (%s); give "
				    "one of them another slug or permalink",
				    v[i].out, v[i].origin, v[i - 1].source,
				    v[i - 1].origin);
	}
	free(v);
	return rc;
}

static int
copy_static(struct output *out, struct gitsrc *src,
    const struct gitsrc_file *files, size_t n, bool builtin,
    struct arena *a, struct diags *d)
{
	const struct theme_file	*t;
	size_t			 i, len;
	char			*text, *rel;
	int			 rc = 0;

	/* Built-in assets, unless the site has a file of the same name. */
	for (t = theme_assets; builtin && t->name != NULL; t++) {
		rel = arena_printf(a, "static/%s", t->name);
		if (!gitsrc_exists(src, rel))
			output_write(out, t->name, t->data, t->len);
	}
	/* A static file where heraldo writes a page is an error. */
	for (i = 0; i < n; i++) {
		if (files[i].symlink) {
			diag_warning(d, files[i].path, 0, 0,
			    "symbolic link not copied");
			continue;
		}
		rel = url_output_path(files[i].path + strlen("static"), a);
		if (rel == NULL) {
			rc = diag_error(d, files[i].path, 0, 0,
			    "not a clean output path");
			continue;
		}
		if (!output_claim(out, rel, files[i].path, 0))
			continue;
		if (gitsrc_read(&text, &len, src, files[i].path, a, d) < 0) {
			rc = -1;
			continue;
		}
		output_write(out, rel, text, len);
	}
	return rc;
}

/*
 * Every post's and page's path and aliases, claimed before anything is
 * written: a page, list, feed or static file heraldo would write there
 * too is then an error naming the post (output_claim).  Two posts
 * claiming one path were reported by check_urls already.
 */
static void
claim_posts(struct output *out, struct post *const *v, size_t n,
    struct arena *a)
{
	const char	*rel;
	size_t		 i, j;

	for (i = 0; i < n; i++) {
		if (v[i]->out_path != NULL)
			output_claim(out, v[i]->out_path, v[i]->path,
			    v[i]->fm.url.text != NULL ? v[i]->fm.url.line : 0);
		for (j = 0; j < v[i]->fm.naliases; j++)
			if ((rel = url_output_path(v[i]->fm.aliases[j],
			    a)) != NULL)
				output_claim(out, rel, v[i]->path,
				    v[i]->alias_lines != NULL ?
				    v[i]->alias_lines[j] : 0);
	}
}

/* Remove the state of cache folder "dir", if any. */
static void
unlink_state(const char *dir)
{
	char	 path[4096];

	snprintf(path, sizeof(path), "%s/state", dir);
	unlink(path);
}

/*
 * Copy the files of every built post's bundle into the folder
 * post_bundle_url names (check_urls made sure they are clean).
 */
static int
copy_bundles(struct output *out, struct gitsrc *src, struct post **all,
    size_t n, struct arena *a, struct diags *d)
{
	const struct bundle	*b;
	const char		*folder;
	struct arena		*data;
	char			*text, *rel;
	size_t			 i, j, len;
	int			 rc = 0;

	for (i = 0; i < n; i++) {
		if ((b = all[i]->bundle) == NULL)
			continue;
		folder = post_bundle_url(all[i]->url, a);
		for (j = 0; j < b->n; j++) {
			if (b->files[j].symlink) {
				diag_warning(d, b->files[j].path, 0, 0,
				    "symbolic link not copied");
				continue;
			}
			rel = url_output_path(arena_printf(a, "%s%s", folder,
			    b->files[j].path + strlen(b->dir) + 1), a);
			/* One owner per path: a clash names both sources. */
			if (rel == NULL || !output_claim(out, rel,
			    b->files[j].path, 0))
				continue;
			/* Photos are large: each one's memory goes at once. */
			data = arena_new();
			if (gitsrc_read_file(&text, &len, src, &b->files[j],
			    data, d) < 0)
				rc = -1;
			else
				output_write(out, rel, text, len);
			arena_free(data);
		}
	}
	return rc;
}

/*
 * Every link of a loaded post into the site must name a file the output
 * holds (a folder: its index.html): else a warning at the link.
 */
static void
check_links(struct output *out, struct post **all, size_t n,
    struct arena *a, struct diags *d)
{
	const struct post_link	*l;
	const char		*rel;
	size_t			 i;

	for (i = 0; i < n; i++)
		for (l = all[i]->links; l != NULL; l = l->next) {
			rel = url_output_path(l->url, a);
			if (rel != NULL && (output_has(out, rel) ||
			    (l->url[strlen(l->url) - 1] != '/' &&
			    output_has(out, arena_printf(a, "%s/index.html",
			    rel)))))
				continue;
			diag_warning(d, all[i]->path, l->line, l->col,
			    "%s \"%s\" leads nowhere: %s is neither beside "
			    "the post, in static/, nor a page heraldo makes",
			    l->image ? "image" : "link", l->written, l->url);
		}
}

/*
 * Warn once for the posts whose dates, or "updated" times, came from a
 * shallow clone's cut: the boundary commit's time is no edit of theirs.
 */
static void
warn_shallow(struct post *posts, size_t n, struct diags *d)
{
	size_t	 i, cut = 0;

	for (i = 0; i < n; i++)
		if (posts[i].cut || posts[i].updated_cut)
			cut++;
	if (cut == 0)
		return;
	diag_warning(d, NULL, 0, 0, "shallow clone: the history of %zu post%s "
	    "is cut at the oldest commit fetched, so %s dates or updated "
	    "times are not those of the commits that added or changed %s; "
	    "fetch the whole history (git fetch --unshallow) or give %s date "
	    "and updated", cut, cut == 1 ? "" : "s", cut == 1 ? "its" :
	    "their", cut == 1 ? "it" : "them", cut == 1 ? "it" : "them");
	for (i = 0; i < n; i++)
		if (posts[i].cut)
			diag_note(d, posts[i].path, 0, 0, "date taken from the "
			    "shallow boundary");
		else if (posts[i].updated_cut)
			diag_note(d, posts[i].path, 0, 0, "updated unknown: "
			    "changes before the shallow boundary are not "
			    "fetched");
}

/*
 * The build's "now": --now, else SOURCE_DATE_EPOCH (reproducible builds:
 * whole seconds since 1970), else the clock, so that a build run by cron
 * publishes the posts whose time has come.
 */
static int
build_now(int64_t *now, const char *opt, struct diags *d)
{
	const char	*e = getenv("SOURCE_DATE_EPOCH");
	char		*end;
	long long	 t;

	if (opt != NULL)
		return datefmt_parse(now, opt, "UTC", "--now", 0, 0, d);
	if (e == NULL || *e == '\0') {
		*now = (int64_t)time(NULL);
		return 0;
	}
	errno = 0;
	t = strtoll(e, &end, 10);
	if (*end != '\0' || errno != 0 || t < 0 || *e < '0' || *e > '9')
		return diag_error(d, NULL, 0, 0, "SOURCE_DATE_EPOCH: expected "
		    "whole seconds since 1970-01-01 (like 1356998400), got "
		    "\"%s\"", e);
	*now = (int64_t)t;
	return 0;
}

/* Say so when nothing is published: an empty site is rarely meant. */
static void
warn_no_post(const struct site_stats *st, size_t nsrc, size_t npages,
    struct diags *d)
{
	struct buf	 b = BUF_INIT;

	if (st->drafts == 0 && st->future == 0 && st->expired == 0) {
		if (nsrc == npages)
			diag_warning(d, NULL, 0, 0, "no post is published: "
			    "content/posts/ holds none (heraldo new \"Title\" "
			    "writes one)");
		return;
	}
	summary_left_out(&b, st);
	diag_warning(d, NULL, 0, 0, "no post is published: %s%s",
	    buf_cstr(&b), st->future > 0 ? " (next change says when the "
	    "first scheduled one is; --future shows them)" : st->drafts > 0 ?
	    " (set draft: false to publish one)" : "");
	buf_free(&b);
}

/* Keep the earliest future instant at which the output changes. */
static void
next_change(struct site_stats *st, int64_t t, const char *what,
    const char *path)
{
	if (st->next_change != 0 && st->next_change <= t)
		return;
	st->next_change = t;
	snprintf(st->next_reason, sizeof(st->next_reason), "%s %s", path,
	    what);
}

/*
 * Counting uncommitted changes stats every file of the work tree: done
 * on a thread of its own, through a repository handle of its own, while
 * the build goes on, and waited for only at the end.  It only ever adds
 * a note (diagnostics are sorted when printed, so the note lands where
 * it always did); if it cannot count, there is no note.
 */
struct dirty {
	const struct site_opts	*o;
	size_t			 n;
	pthread_t		 thread;
	bool			 started;
};

/* What a build reads: changes elsewhere (the output, its cache) do not count. */
static const char *const site_parts[] = {
	"site.yaml", "content", "layouts", "static", "i18n", NULL
};

static void *
dirty_run(void *arg)
{
	struct dirty	*j = arg;
	struct diags	*quiet = diags_new();
	struct gitsrc	*g = NULL;
#ifdef SCHED_IDLE
	struct sched_param sp = { 0 };

	/* Only idle CPU: the build's own threads come first. */
	pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp);
#endif

	if (gitsrc_open(&g, j->o->site_dir, j->o->ref, false, quiet) != 0 ||
	    gitsrc_dirty_count(&j->n, g, site_parts, quiet) != 0)
		j->n = 0;
	gitsrc_free(g);
	diags_free(quiet);
	return NULL;
}

static void
dirty_join(struct dirty *j, struct diags *d)
{
	if (!j->started)
		return;
	pthread_join(j->thread, NULL);
	j->started = false;
	if (j->n > 0)
		diag_note(d, NULL, 0, 0, "%zu uncommitted change%s under the "
		    "site left out; commit %s or build with --worktree", j->n,
		    j->n == 1 ? "" : "s", j->n == 1 ? "it" : "them");
}

/*
 * The cache's state, then which files its spare tree holds, read on a
 * thread of its own from the start of a build: the other core is idle
 * while libgit2 starts and the site's configuration is read, and the
 * check costs a stat per file of the output.
 */
struct prefetch {
	const char		*dir;
	const char		*out;		/* what it describes */
	struct cache		*cache;
	struct output_cache	 oc;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	bool			 on, read, started;
	bool			 handed;	/* given by prefetch_cache */
};

static void *
prefetch_run(void *arg)
{
	struct prefetch	*p = arg;
	struct cache	*c = cache_read(p->dir);

	cache_check_trees(c, p->out);
	pthread_mutex_lock(&p->lock);
	p->cache = c;
	p->read = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
	cache_output(c, &p->oc);
	p->oc.check = output_check_spare(p->dir, &p->oc.live, &p->oc.prev);
	return NULL;
}

static void
prefetch_start(struct prefetch *p, const char *dir, const char *out)
{
	p->on = true;
	p->dir = dir;
	p->out = out;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	if (pthread_create(&p->thread, NULL, prefetch_run, p) == 0)
		p->started = true;
	else
		prefetch_run(p);
}

static void
prefetch_join(struct prefetch *p)
{
	if (p->started)
		pthread_join(p->thread, NULL);
	p->started = false;
}

/*
 * The cache, once read, for the caller to free; emptied unless made
 * under "env" (the check, which reads it, is then waited for and
 * dropped).
 */
static struct cache *
prefetch_cache(struct prefetch *p, struct hkey env)
{
	pthread_mutex_lock(&p->lock);
	while (!p->read)
		pthread_cond_wait(&p->cond, &p->lock);
	pthread_mutex_unlock(&p->lock);
	if (!cache_made_under(p->cache, env)) {
		prefetch_join(p);
		output_check_free(p->oc.check);
		p->oc.check = NULL;
	}
	cache_use(p->cache, env);
	p->handed = true;
	return p->cache;
}

/* The cache's manifests and the spare check, for output_begin. */
static void
prefetch_output(struct prefetch *p, struct output_cache *oc)
{
	prefetch_join(p);
	cache_output(p->cache, oc);
	oc->check = p->oc.check;
}

/* Wait for the thread; free what it made that was not handed over. */
static void
prefetch_end(struct prefetch *p)
{
	if (!p->on)
		return;
	prefetch_join(p);
	output_check_free(p->oc.check);
	if (!p->handed)
		cache_free(p->cache);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	p->on = false;
}

/*
 * The last build's sources (cache_sources) with a commit's changes to
 * content/: a changed file's key is not known (zero).  False when the
 * state does not hold them.
 */
static bool
sources_since(struct gitsrc_file **out, struct hkey **keys, size_t *n,
    const struct cache *cache, const struct gitsrc_changes *ch,
    struct arena *a)
{
	struct gitsrc_file	*old, *f;
	struct hkey		*okeys, *k;
	size_t			 nold, i = 0, j = 0, m = 0;
	int			 c;

	if (!cache_sources(cache, &old, &okeys, &nold, a))
		return false;
	f = arena_zalloc(a, (nold + ch->n + 1) * sizeof(*f));
	k = arena_zalloc(a, (nold + ch->n + 1) * sizeof(*k));
	while (i < nold || j < ch->n) {
		c = i == nold ? 1 : j == ch->n ? -1 :
		    strcmp(old[i].path, ch->v[j].path);
		if (c < 0) {
			k[m] = okeys[i];
			f[m++] = old[i++];
			continue;
		}
		f[m++] = ch->v[j++];
		if (c == 0)
			i++;
	}
	*out = f;
	*keys = k;
	*n = m;
	return true;
}

/* Feed a folder's file names and blob ids to a hasher. */
static int
hash_folder(struct hasher *h, struct gitsrc *src, const char *dir,
    struct arena *a, struct diags *d)
{
	struct gitsrc_file	*files;
	size_t			 n, i;

	if (gitsrc_list(&files, &n, src, dir, a, d) < 0)
		return -1;
	hash_u64(h, n);
	for (i = 0; i < n; i++) {
		hash_str(h, files[i].path);
		hash_str(h, files[i].id);
	}
	return 0;
}

/*
 * What every post and page is made from besides its own file and
 * history (cache.h): heraldo (its version and build ID, which changes
 * with its code), site.yaml as given, the options that shape
 * a build, catalogs and layouts.
 */
static int
env_key(struct hkey *key, const struct site_opts *o, const char *conf,
    size_t conflen, struct gitsrc *src, struct arena *a, struct diags *d)
{
	struct hasher	 h;

	hash_init(&h);
	hash_str(&h, "heraldo " HERALDO_VERSION);
	hash_str(&h, version_build_id());
	hash_u64(&h, conflen);
	hash_put(&h, conf, conflen);
	hash_str(&h, o->base_url);
	hash_u64(&h, (uint64_t)o->drafts | (uint64_t)o->future << 1);
	if (hash_folder(&h, src, "i18n", a, d) < 0 ||
	    hash_folder(&h, src, "layouts", a, d) < 0)
		return -1;
	*key = hash_final(&h);
	return 0;
}

static void
hash_sig(struct hasher *h, const struct gitsrc_sig *s)
{
	hash_str(h, s->name);
	hash_str(h, s->email);
	hash_u64(h, (uint64_t)s->time);
	hash_u64(h, (uint64_t)(int64_t)s->offset);
	hash_str(h, s->commit);
}

/*
 * The key of one source: its path, its blob, and its history; for a
 * bundle's index, the names of the bundle's files too (a link to one
 * is written to where it is copied).
 */
static struct hkey
post_key(struct hkey env, const struct gitsrc_file *f,
    const struct bundle *b, const struct post_env *pe)
{
	const struct gitsrc_hist	*hist;
	struct hasher			 h;
	size_t				 i;

	hash_init(&h);
	hash_key(&h, env);
	hash_str(&h, f->path);
	hash_str(&h, f->id);
	if (b != NULL) {
		hash_u64(&h, b->n);
		for (i = 0; i < b->n; i++)
			hash_str(&h, b->files[i].path);
	}
	hist = gitsrc_hist_find(pe->hist, pe->nhist, f->path);
	if (hist != NULL) {
		hash_sig(&h, &hist->created);
		hash_sig(&h, &hist->modified);
		hash_sig(&h, &hist->significant);
		hash_u64(&h, hist->cut);
	} else
		/* No history: a date left out is the build's "now". */
		hash_u64(&h, (uint64_t)pe->now);
	return hash_final(&h);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int
site_build(const struct site_opts *o, struct site_stats *stats,
    struct diags *d)
{
	struct gitsrc		*src = NULL;
	struct arena		*a = arena_new();
	struct tpl_set		*tpl = template_set_new();
	struct i18n		*cat = i18n_new();
	struct worker		*workers = NULL;
	struct output		*out = NULL;
	struct siteconf		 conf;
	struct gitsrc_file	*files, *statics;
	struct gitsrc_hist	*hist = NULL;
	struct source		*srcs = NULL;
	struct post		*posts = NULL, **every;
	struct post_env		 env;
	struct loadctx		 lc;
	struct markdown_opts	 md;
	struct markdown_hook	 hooks[1];
	struct hours_env	 henv;
	struct build		 b;
	struct timespec		 t0;
	const char		*forbidden[3];
	size_t			 n, nsrc = 0, nhist = 0, i, skipped = 0;
	size_t			 nstatics = 0, nevery;
	struct gitsrc_changes	 changes;
	struct hkey		*fkeys = NULL;
	struct dirty		 dirty = { NULL, 0, 0, false };
	unsigned		 jobs = o->jobs ? o->jobs : pool_ncpu();
	char			*text;
	size_t			 len;
	bool			 shallow = false, builtin = false;
	bool			 lc_gits_open = false;
	int			*rcs = NULL, rc = -1;
	struct site_stats	 st_none;
	struct progress		 prog;
	struct cache		*cache = NULL;
	struct output_cache	 oc;
	struct out_manifest	 made = { NULL, 0, NULL };
	struct hkey		*keys = NULL, env_k;
	size_t			*which = NULL, nwhich = 0;
	bool			 spare_kept;
	struct out_tree_id	 live_id, spare_id;
	struct out_lock		*lock = NULL;
	int			 rc_commit;
	char			*cache_dir = NULL;
	struct prefetch		 pf;

	if (stats == NULL)
		stats = &st_none;
	progress_init(&prog, o->progress);
	memset(stats, 0, sizeof(*stats));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&b, 0, sizeof(b));
	memset(&oc, 0, sizeof(oc));
	memset(&pf, 0, sizeof(pf));
	memset(&changes, 0, sizeof(changes));
	forbidden[0] = o->site_dir;
	forbidden[1] = NULL;
	if (output_check(o->out, forbidden, d) < 0)
		goto out;
	/*
	 * One build per output at a time: the lock comes before the cache
	 * is read and is held till its state is written.
	 */
	if ((lock = output_lock(o->out, !o->no_wait, &stats->busy, d)) ==
	    NULL)
		goto out;
	if ((cache_dir = output_cache_dir(o->out)) != NULL && o->no_cache)
		/*
		 * This build's output is not the one a cache beside it
		 * describes: its state goes (it would be ignored anyway).
		 */
		unlink_state(cache_dir);
	else if (cache_dir != NULL)
		prefetch_start(&pf, cache_dir, o->out);
	markdown_init();
	if (gitsrc_open(&src, o->site_dir, o->ref, o->worktree, d) < 0)
		goto out;
	dirty.o = o;
	if (!o->worktree)
		dirty.started = pthread_create(&dirty.thread, NULL, dirty_run,
		    &dirty) == 0;

	if (!gitsrc_exists(src, "site.yaml")) {
		diag_error(d, "site.yaml", 0, 0, "not found in the site "
		    "folder %s%s%s", o->site_dir, o->worktree ? "" : " at ",
		    o->worktree ? "" : o->ref ? o->ref : "HEAD");
		goto out;
	}
	/*
	 * A bad setting gets its default after its error: the layouts and
	 * every post are still read, so that one run reports all errors
	 * (nothing is written).  Only a site.yaml that cannot be read at
	 * all stops the build here.
	 */
	if (gitsrc_read(&text, &len, src, "site.yaml", a, d) < 0 ||
	    (config_load(&conf, text, len, "site.yaml", o->base_url, a,
	    d) < 0 && conf.raw == NULL) ||
	    env_key(&env_k, o, text, len, src, a, d) < 0)
		goto out;

	memset(&env, 0, sizeof(env));
	if (build_now(&env.now, o->now, d) < 0)
		goto out;

	/* Errors here stop the build after the posts are read. */
	load_layouts(&builtin, tpl, src, a, d);
	load_catalogs(cat, src, a, d);
	i18n_check(cat, conf.locale, d);
	if (gitsrc_list(&statics, &nstatics, src, "static", a, d) < 0)
		goto out;
	/* A build that has failed already makes nothing to keep. */
	if (pf.on && diags_errors(d) == 0) {
		cache = prefetch_cache(&pf, env_k);
		if (cache_note(cache) != NULL)
			diag_note(d, NULL, 0, 0, "the build cache in %s was "
			    "not used: %s; making every file", cache_dir,
			    cache_note(cache));
	}
	{
		const struct gitsrc_hist	*oh = NULL;
		const char			*oc_commit = NULL;
		size_t				 on = 0;
		double				 t = seconds_since(&t0);

		if (cache != NULL)
			cache_history(cache, &oc_commit, &oh, &on);
		if (gitsrc_history_since(&hist, &nhist, &shallow, &changes,
		    src, "content", oh, on, oc_commit, a, d) < 0)
			goto out;
		stats->t_history = seconds_since(&t0) - t;
	}
	gitsrc_stream();

	/*
	 * After one commit that only added and modified files, the sources
	 * are the last build's with those changes; else content/ is listed.
	 */
	if (!changes.known || cache == NULL || o->strict ||
	    !sources_since(&files, &fkeys, &n, cache, &changes, a)) {
		fkeys = NULL;
		if (gitsrc_list_names(&files, &n, src, "content", &skipped, a,
		    d) < 0)
			goto out;
	}
	/* Its errors stop the build once every post has been read. */
	srcs = xcalloc(n + 1, sizeof(*srcs));
	pick_sources(srcs, &nsrc, files, n, fkeys, src, a, d);

	md.unsafe = conf.unsafe;
	henv.i18n = cat;
	henv.base_path = conf.base_path;
	henv.d = d;
	hooks[0].info = "hours";
	hooks[0].render = hours_render_hook;
	hooks[0].arg = &henv;
	md.hooks = hooks;
	md.nhooks = 1;
	env.conf = &conf;
	env.i18n = cat;
	env.hist = hist;
	env.nhist = nhist;
	env.md = &md;
	env.count_words = template_set_uses(tpl, "reading_time");
	env.layout_names = template_set_names(tpl, &env.nlayout_names, a);
	env.categories_apart = layout_reads(&env, "categories");
	env.show_posted = layout_reads(&env, "posted");
	env.d = d;
	workers = pool_workers_new(jobs);
	posts = xcalloc(nsrc + 1, sizeof(*posts));
	rcs = xcalloc(nsrc + 1, sizeof(*rcs));
	keys = xcalloc(nsrc + 1, sizeof(*keys));
	which = xcalloc(nsrc + 1, sizeof(*which));
	/*
	 * With a cache, posts whose inputs did not change are restored
	 * light; warnings are not kept in it, so --strict reads none.
	 */
	{
		struct restorectx	 rc_ctx = { srcs, posts, keys, &env,
					    env_k, o->strict ? NULL : cache };

		pool_run(workers, jobs, nsrc, restore_one, &rc_ctx);
	}
	for (i = 0; i < nsrc; i++) {
		if (posts[i].light) {
			stats->restored++;
			continue;
		}
		which[nwhich++] = i;
	}
	stats->loaded = nwhich;
	lc.src = srcs;
	lc.posts = posts;
	lc.rc = rcs;
	lc.which = which;
	lc.keys = keys;
	lc.env = &env;
	lc.gits = xcalloc(jobs, sizeof(*lc.gits));
	lc_gits_open = true;
	lc.progress = &prog;
	progress_phase(&prog, "loading posts", nwhich);
	lc.site_dir = o->site_dir;
	lc.commit = gitsrc_is_worktree(src) ? NULL : gitsrc_commit_id(src);
	pool_run(workers, jobs, nwhich, load_one, &lc);
	stats->t_load = seconds_since(&t0);
	if (shallow)
		warn_shallow(posts, nsrc, d);

	/* Select: what gets a page, and what is listed and in feeds. */
	b.all = arena_alloc(a, (nsrc + 1) * sizeof(*b.all));
	b.posts = arena_alloc(a, (nsrc + 1) * sizeof(*b.posts));
	b.pages = arena_alloc(a, (nsrc + 1) * sizeof(*b.pages));
	for (i = 0; i < nsrc; i++) {
		struct post	*p = &posts[i];

		if (rcs[i] != 0)
			continue;
		if (p->fm.draft && !o->drafts) {
			stats->drafts++;
			continue;
		}
		/* Pages have no schedule: their dates say when they changed. */
		if (!p->is_page && p->date > env.now && !o->future) {
			stats->future++;
			next_change(stats, p->date, "is published", p->path);
			continue;
		}
		if (p->is_page) {
			b.pages[b.npages++] = p;
			continue;
		}
		b.all[b.nall++] = p;
		/* An expired post keeps its page but leaves lists and feeds. */
		if (p->has_expires && p->expires <= env.now) {
			stats->expired++;
			continue;
		}
		if (p->has_expires)
			next_change(stats, p->expires, "expires", p->path);
	}
	if (b.nall == 0 && diags_errors(d) == 0)
		warn_no_post(stats, nsrc, b.npages, d);
	/* Sorted once: the listed posts are the unexpired ones, in order. */
	sort_posts(b.all, b.nall);
	for (i = 0; i < b.npages; i++)
		b.pages[i]->listed = SIZE_MAX;
	for (i = 0; i < b.nall; i++) {
		b.all[i]->listed = SIZE_MAX;
		if (!b.all[i]->has_expires || b.all[i]->expires > env.now) {
			b.all[i]->listed = b.nposts;
			b.posts[b.nposts++] = b.all[i];
		}
	}
	every = arena_alloc(a, (b.nall + b.npages + 1) * sizeof(*every));
	memcpy(every, b.all, b.nall * sizeof(*every));
	memcpy(every + b.nall, b.pages, b.npages * sizeof(*every));
	nevery = b.nall + b.npages;
	check_urls(every, nevery, a, d);
	if (o->strict)
		diags_promote_warnings(d);
	if (diags_errors(d) > 0)
		goto out;

	b.conf = &conf;
	b.tpl = tpl;
	b.i18n = cat;
	b.d = d;
	b.now = env.now;
	b.workers = workers;
	b.jobs = jobs;
	b.progress = &prog;
	b.env = env_k;
	b.nlight = stats->restored;
	b.old = o->strict ? NULL : cache;
	b.next = cache;
	render_prepare(&b);
	render_shared(tpl, &b, src, a, d);
	/* Late: the spare tree's check has had the other core till now. */
	if (cache != NULL)
		prefetch_output(&pf, &oc);
	if (output_begin(&out, o->out, forbidden, cache != NULL ? &oc : NULL,
	    d) < 0)
		goto out;
	b.out = out;
	claim_posts(out, b.all, b.nall, a);
	claim_posts(out, b.pages, b.npages, a);
	render_plan(&b);
	b.feeds = feed_plan(&b);
	/* Load in full the light posts that pages to make show. */
	for (i = 0, nwhich = 0; i < nsrc; i++)
		if (rcs[i] == 0 && posts[i].light && posts[i].needed)
			which[nwhich++] = i;
	stats->loaded += nwhich;
	pool_run(workers, jobs, nwhich, load_one, &lc);
	for (i = 0; i < nwhich; i++)
		if (rcs[which[i]] != 0)
			diag_error(d, posts[which[i]].path, 0, 0, "changed "
			    "since the build began");
	/* A page must never show a post that could not be loaded. */
	if (diags_errors(d) > 0) {
		output_abort(out);
		goto out;
	}
	/* Every post is final: the cache's state is made while pages are. */
	if (cache != NULL) {
		struct post	**ok = arena_alloc(a, (nsrc + 1) * sizeof(*ok));
		size_t		 nok = 0;

		for (i = 0; i < nsrc; i++)
			if (rcs[i] == 0)
				ok[nok++] = &posts[i];
		cache_save_begin(cache, ok, nok, skipped == 0,
		    gitsrc_is_worktree(src) ?
		    NULL : gitsrc_commit_id(src), hist, nhist);
	}
	feed_sitemap_begin(&b, &feed_hooks);
	render_pages(&b);
	hours_write_site(&b);
	/* What a layout never found is known once every page was made. */
	if (b.nkept == 0)
		template_set_missing(tpl, d);
	copy_static(out, src, statics, nstatics, builtin, a, d);
	copy_bundles(out, src, every, nevery, a, d);
	stats->t_render = seconds_since(&t0) - stats->t_load;
	feed_write_all(&b, &feed_hooks);
	b.feeds = NULL;
	check_links(out, every, nevery, a, d);
	stats->t_feeds = seconds_since(&t0) - stats->t_load - stats->t_render;
	if (o->strict)
		diags_promote_warnings(d);
	stats->posts = b.nposts;
	stats->pages = b.npages;
	stats->written = output_written(out);
	stats->unchanged = output_linked(out);
	if (diags_errors(d) > 0) {
		output_abort(out);
		goto out;
	}
	stats->edited = output_edited(out);
	/*
	 * The state first, naming the staged tree, then the swap: a build
	 * killed in between leaves a state that names a tree which is not
	 * the output, and is not trusted.
	 */
	if (output_seal(out, &made, &live_id, &spare_id, d) < 0) {
		out = NULL;
		goto out;
	}
	if (cache != NULL)
		cache_save_end(cache, &made, live_id, spare_id, d);
	rc_commit = output_commit(out, &spare_kept, d);
	out = NULL;
	if (rc_commit < 0)
		goto out;
	if (stats->edited > 0)
		diag_note(d, NULL, 0, 0, "%lu file%s of %s changed since "
		    "heraldo wrote %s; made again", stats->edited,
		    stats->edited == 1 ? "" : "s", o->out,
		    stats->edited == 1 ? "it" : "them");
	stats->t_write = seconds_since(&t0) - stats->t_load -
	    stats->t_render - stats->t_feeds;
	rc = 0;
out:
	dirty_join(&dirty, d);
	progress_done(&prog);
	stats->seconds = seconds_since(&t0);
	if (lc_gits_open) {
		for (i = 0; i < jobs; i++)
			gitsrc_free(lc.gits[i]);
		free(lc.gits);
	}
	output_manifest_free(&made);
	feed_plan_free(b.feeds);
	render_drop(&b);
	prefetch_end(&pf);
	cache_free(cache);
	output_unlock(lock);
	free(cache_dir);
	free(keys);
	free(which);
	free(rcs);
	free(posts);
	free(srcs);
	pool_workers_free(workers, jobs);
	markdown_thread_done();
	i18n_free(cat);
	template_set_free(tpl);
	gitsrc_free(src);
	arena_free(a);
	return rc;
}
