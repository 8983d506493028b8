/*
 * import_wordpress: a WordPress export (WXR 1.1 or 1.2, Tools → Export),
 * read for `heraldo import wordpress`.
 *
 * The <channel> gives the blog's title, description, address
 * (wp:base_blog_url, else link), language and its authors (wp:author:
 * login, display name, e-mail).  Each <item> is one post, page,
 * attachment, menu item, revision...: wp:post_type "post" and "page" are
 * imported, the others counted as skipped.  wp:status "publish" and
 * "future" (scheduled, with its date) are published, "draft", "pending",
 * "auto-draft" and "private" become drafts, "trash" and "inherit" are
 * skipped.  Dates are wp:post_date_gmt with the offset that wp:post_date
 * shows (WXR names no time zone); the author is dc:creator's display
 * name; categories (but "Uncategorized") and post_tag terms are tags;
 * wp:post_name is the slug; link is the old URL and the guid's "?p=N"
 * another one; content:encoded is read as wpautop does (blank lines part
 * paragraphs) and excerpt:encoded is the summary.
 *
 * The site's permalink pattern is the one most published posts' links
 * follow (/:year/:month/:slug/ and the like), so their URLs stay.
 *
 * Streamed with libxml2's reader, twice (channel and patterns, then
 * items), one item in memory at a time: a 500 MB export needs no more
 * memory than its largest post.
 */
#ifndef HERALDO_IMPORT_WORDPRESS_H
#define HERALDO_IMPORT_WORDPRESS_H

struct diags;
struct importer;

/*
 * Import the WXR file "path" through "imp".  Returns 0, or -1 after
 * recording errors at path:line:col; items with errors are skipped and
 * the others imported.
 */
int	import_wordpress(struct importer *imp, const char *path,
	    struct diags *d);

#endif /* !HERALDO_IMPORT_WORDPRESS_H */
