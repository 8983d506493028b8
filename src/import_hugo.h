/*
 * import_hugo: a Hugo site folder, read for `heraldo import hugo`.
 *
 * The configuration is hugo.yaml, hugo.yml, hugo.json, config.yaml,
 * config.yml or config.json (TOML, hugo.toml or config.toml, is not read
 * yet: the import stops with an error that says so): title, baseURL,
 * languageCode, timeZone, permalinks and params.description.
 *
 * Under content/, Markdown files of the sections posts, post, blog, news
 * and articles (or params.mainSections) are posts, other ones pages;
 * _index.md (section lists) are heraldo's to make.  A page bundle
 * (a folder with index.md) is one post; its other files are copied next
 * to the post's new URL, so that links relative to it still work.
 * Front matter in YAML (---) is read: title, date, lastmod, draft, tags,
 * categories, slug, url, aliases, author, summary; TOML (+++) or JSON
 * front matter is reported and the file skipped.  static/ is copied as
 * is.
 *
 * Shortcodes ({{< >}} and {{% %}}) with a meaning without Hugo are
 * converted: ref and relref to the new URL, figure to an image and its
 * caption, highlight to a fenced code block, youtube, vimeo and gist to
 * links; others are kept in an HTML comment with a warning at
 * file:line.
 */
#ifndef HERALDO_IMPORT_HUGO_H
#define HERALDO_IMPORT_HUGO_H

struct diags;
struct importer;

/*
 * Import the Hugo site in folder "dir" through "imp".  Returns 0, or -1
 * after recording errors; files with errors are skipped and the others
 * imported.
 */
int	import_hugo(struct importer *imp, const char *dir, struct diags *d);

#endif /* !HERALDO_IMPORT_HUGO_H */
