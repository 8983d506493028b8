/*
 * cmd_new: `heraldo new [--site DIR] "Post title"`, which starts a post:
 * content/posts/YYYY/MM/SLUG.md (year and month now in the site's time
 * zone, the slug from the title as the build would make it) holding
 * front matter with the title, the date, the author from git config and
 * "draft: true".  It never overwrites a file.
 */
#ifndef HERALDO_CMD_NEW_H
#define HERALDO_CMD_NEW_H

#include <stdint.h>

struct diags;

/*
 * Write the new post for "title" in the work tree of "site_dir", dated
 * "now" (seconds since the epoch) in the zone of its site.yaml.  Returns
 * 0 and *path, the file's path as reached from the current folder
 * (site_dir joined with the site-relative path; malloc'd).  Returns -1
 * after recording an error: site.yaml missing or invalid (at its
 * place), the file already exists (it is left as it was), or it cannot
 * be written.
 */
int	cmd_new_post(char **path, const char *site_dir, const char *title,
	    int64_t now, struct diags *d);

/*
 * Parse argv (argv[1] is "new"), write the post dated now and print its
 * path on stdout.  Returns the exit status: 0 written, 1 not written
 * (the diagnostics printed on stderr), 2 bad usage.
 */
int	cmd_new(int argc, char **argv);

#endif /* !HERALDO_CMD_NEW_H */
