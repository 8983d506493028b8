/*
 * import_blogger: the Atom file of Blogger's "Back up content" (Settings,
 * Manage blog), read for `heraldo import blogger`.
 *
 * Entries are told apart by their category of scheme
 * http://schemas.google.com/g/2005#kind: ...kind#post and ...kind#page
 * are imported; #comment, #settings and #template are counted as
 * skipped (settings entries give the blog's name, description, language
 * and time zone: ids ending in .settings.BLOG_NAME, BLOG_DESCRIPTION,
 * BLOG_LOCALE, BLOG_TIME_ZONE).  Drafts carry
 * <app:control><app:draft>yes</app:draft></app:control>; labels are
 * categories of scheme http://www.blogger.com/atom/ns#; a post's old URL
 * is its rel="alternate" link.  The newer Takeout form (blogger:type
 * POST or PAGE, blogger:status LIVE or DRAFT, blogger:filename) is read
 * too.
 *
 * The file is streamed with libxml2's reader, one entry in memory at a
 * time, and read twice: once to check that it is well-formed XML and to
 * collect the settings (nothing is written if it is not), once to import.
 */
#ifndef HERALDO_IMPORT_BLOGGER_H
#define HERALDO_IMPORT_BLOGGER_H

struct diags;
struct importer;

/*
 * Import the Blogger export "path" through "imp".  Returns 0, or -1
 * after recording errors (placed at path:line:col); entries with errors
 * are skipped and the others imported.
 */
int	import_blogger(struct importer *imp, const char *path,
	    struct diags *d);

#endif /* !HERALDO_IMPORT_BLOGGER_H */
