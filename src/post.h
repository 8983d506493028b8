/*
 * post: one source file of content/ turned into a post or a page: front
 * matter read, dates resolved (front matter, else the file name's date,
 * else git history, else the build's "now"), slug and URL made (as
 * written: only a slug made from a title is normalized), Markdown
 * rendered, and the map that templates see as a post built.
 *
 * post_load runs on worker threads: it reads only the shared, immutable
 * "struct post_env" and allocates in the worker's arena.
 */
#ifndef HERALDO_POST_H
#define HERALDO_POST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "frontmatter.h"
#include "hash.h"

struct diags;
struct gitsrc_hist;
struct hours;
struct i18n;
struct markdown_opts;
struct siteconf;
struct value;
struct worker;

/*
 * A page bundle: a folder under content/posts/ (or content/pages/) with
 * an index.md (or index.html), which is the post; every other file at
 * any depth below it (but in a deeper bundle) is the post's, copied
 * into the folder post_bundle_url names.
 */
struct bundle {
	const char			*dir;	/* "content/posts/2024/launch" */
	const char			*index;	/* its index.md's path */
	const struct gitsrc_file	*files;	/* sorted by path */
	size_t				 n;
};

/*
 * A link or image of a post to a site URL that is not in its bundle,
 * checked once the output is made (static/'s files are in it).
 */
struct post_link {
	const char		*url;		/* site URL: "/2012/12/x.png" */
	const char		*written;	/* as the post writes it */
	unsigned		 line, col;
	bool			 image;
	struct post_link	*next;
};

struct post_env {
	const struct siteconf		*conf;
	const struct i18n		*i18n;
	const struct gitsrc_hist	*hist;	/* sorted by path */
	size_t				 nhist;
	const struct markdown_opts	*md;
	int64_t				 now;
	struct diags			*d;
	/* Whether a layout shows reading_time: else words go uncounted. */
	bool				 count_words;
	bool				 show_posted;	/* layouts show "posted" */
	/*
	 * Whether a layout shows "categories": else a post's categories
	 * join its tags.
	 */
	bool				 categories_apart;
	/* What the layouts look up (template_set_names), sorted. */
	const char *const		*layout_names;
	size_t				 nlayout_names;
};

struct post {
	const char		*path;		/* "content/posts/2012/12/x.md" */
	char			 blob[41];	/* git blob id of the source */
	bool			 is_page;
	bool			 is_html;	/* the body is HTML, not Markdown */
	const struct bundle	*bundle;	/* or NULL */
	struct post_link	*links;		/* to check, in the arena */
	struct frontmatter	 fm;
	const char		*title;
	const char		*slug;
	const char		*url;		/* site URL: "/2012/12/x.html" */
	const char		*permalink;	/* absolute */
	const char		*out_path;	/* "2012/12/x.html" */
	const char		*lang;		/* BCP 47 */
	const char		*locale;	/* ICU id */
	const char		*tz;
	const char		*author;
	const char		*summary;	/* plain text */
	const char		*correction;	/* "Updated DATE: note", or NULL */
	const char		*id;		/* feed id */
	const char		*html;
	size_t			 html_len;
	size_t			 words;
	int64_t			 date, updated, expires;
	bool			 has_expires;
	bool			 date_from_git;	/* no "date" key: history gave it */
	bool			 cut;		/* ...from a shallow boundary */
	bool			 updated_cut;	/* "updated" from that boundary */
	/*
	 * What made the URL, for messages: "\"permalink\" at line 3", or
	 * the date's and the slug's origins ("date from the file name").
	 */
	const char		*url_origin;
	const char		*date_origin, *slug_origin;
	unsigned		*alias_lines;	/* in front matter, or 0 */
	const char		**tags;		/* names, as written */
	const char		**tag_slugs;
	size_t			 ntags;
	char			 daykey[11];	/* in the site's zone */
	const char		*day_header;	/* site's locale and zone */
	struct value		*ctx;		/* the map templates see */
	struct hours		*hours;		/* hours blocks, or NULL */
	/*
	 * The digest of what post_load makes the post from (cache.h), and
	 * whether it was restored from the cache without its HTML, context
	 * and hours ("light"; "had_hours" then says if it has any).
	 */
	struct hkey		 key;
	struct hkey		 face;		/* post.c's face_key */
	bool			 light;
	bool			 had_hours;
	bool			 needed;	/* a page to make shows it */
	size_t			 listed;	/* index in the build's list */
};

/*
 * The length of the date that starts a file or folder name, with the
 * "-" or "_" after it ("2014-09-15-", "2014-9-5_"), and that date in
 * *y, *m, *d (not checked); 0 if the name does not start with one.
 */
size_t	post_name_date(const char *name, int *y, int *m, int *d);

/*
 * What post_load hands Markdown hooks as their per-render context: the
 * post being loaded (its path, dates, URL, id, language and zone are set
 * by then) and the loading thread's worker (arena, ICU caches).  A hook
 * may attach its results to the post (as hours blocks do).
 */
struct post_render {
	struct post		*post;
	struct worker		*w;
	const struct post_env	*env;
};

/*
 * Load the file "path" (text[0..len), NUL-terminated) into *p: Markdown,
 * or HTML when "path" ends in ".html".  "bundle" is the post's page
 * bundle, or NULL.  Returns 0, or -1 after recording every error found
 * in the file.
 */
int	post_load(struct post *p, struct worker *w, const struct post_env *env,
	    const char *path, const char *blob, const char *text, size_t len,
	    bool is_page, const struct bundle *bundle);

/*
 * The length of the date that starts a file or folder name, with the
 * "-" or "_" after it ("2014-09-15-", "2014-9-5_"), and that date in
 * *y, *m, *d (not checked); 0 if the name does not start with one.
 */
size_t	post_name_date(const char *name, int *y, int *m, int *d);

/*
 * The site URL of the folder a post's bundle files go to: the post's
 * URL when it ends in "/" ("/2024/launch/"), else the URL without its
 * extension, as a folder ("/2012/12/launch.html" -> "/2012/12/launch/"),
 * so that the files of two posts of one month never meet.  In "a".
 */
char	*post_bundle_url(const char *url, struct arena *a);

/*
 * The "date"/"updated" map of an instant for templates: iso, rfc822,
 * year, month, day, and one key per named format of site.yaml, in the
 * given locale and zone (each format's own when it names one).  Without
 * such formats, day_header is the full date ("Monday, December 7,
 * 2026") and, when "posted" is true (layouts show it), posted the long
 * date and time ("December 7, 2026 at 5:31 PM EST").
 */
struct value *post_date_value(struct worker *w, const struct siteconf *c,
	    int64_t t, const char *locale, const char *tz, bool posted,
	    struct diags *d);

#endif /* !HERALDO_POST_H */
