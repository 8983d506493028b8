/*
 * import_jekyll: a Jekyll site folder, read for `heraldo import jekyll`.
 *
 * _config.yml gives the title, description, address (url + baseurl),
 * time zone, language and permalink style (date, pretty, ordinal, none
 * or a pattern).  Posts are the files of every _posts/ folder at any
 * depth (folders above it are categories), named YYYY-MM-DD-title.EXT
 * (md, markdown or html); _drafts/ holds drafts.  Front matter keys
 * title, date, author, tags, categories, permalink, published: false,
 * excerpt and slug are read.  Other Markdown or HTML files with front
 * matter are pages; files without it are copied into static/ at the same
 * path.  _layouts, _includes, _sass, _data, _plugins and _site are
 * Jekyll's own and not imported.
 *
 * Liquid in bodies is converted where it has a meaning without Jekyll:
 * {% post_url %} and {% link %} become the new URLs, {{ site.X }} the
 * value from _config.yml, {% highlight L %} a fenced code block,
 * {% raw %} its content; any other tag or output is kept in an HTML
 * comment (never shown as text) with a warning at file:line.
 */
#ifndef HERALDO_IMPORT_JEKYLL_H
#define HERALDO_IMPORT_JEKYLL_H

struct diags;
struct importer;

/*
 * Import the Jekyll site in folder "dir" through "imp".  Returns 0, or
 * -1 after recording errors; files with errors are skipped and the
 * others imported.
 */
int	import_jekyll(struct importer *imp, const char *dir,
	    struct diags *d);

#endif /* !HERALDO_IMPORT_JEKYLL_H */
