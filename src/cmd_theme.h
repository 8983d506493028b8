/*
 * cmd_theme: `heraldo theme export [--to DIR]`, which copies heraldo's
 * built-in theme (theme.h: the layouts and the stylesheet) into a site,
 * DIR/layouts/NAME.mustache and DIR/static/NAME, to be customized there:
 * a site's layout of a name replaces the built-in one.  A file already
 * there is the site's and is never overwritten.
 */
#ifndef HERALDO_CMD_THEME_H
#define HERALDO_CMD_THEME_H

struct buf;
struct diags;

/*
 * Copy the built-in theme into "dir" (default "."), listing in "made"
 * the files written and in "kept" those already there, one path per
 * line, relative to dir.  Returns 0, or -1 after recording an error (a
 * folder or file that cannot be written); what was written stays.
 */
int	cmd_theme_export(const char *dir, struct buf *made, struct buf *kept,
	    struct diags *d);

/*
 * Parse argv (argv[1] is "theme"), copy the theme, say what the site
 * now takes from its own files.  Returns the exit status: 0 done, 1 an
 * error (on stderr), 2 bad usage.
 */
int	cmd_theme(int argc, char **argv);

#endif /* !HERALDO_CMD_THEME_H */
