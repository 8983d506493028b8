/*
 * cmd_init: `heraldo init [DIR]`, a working site in one step: a
 * commented site.yaml, a .gitignore for the output and its build cache,
 * a first post that shows what a post can hold (a table, an hours
 * block), and a git repository with a first commit holding them, so that
 * `heraldo build` and `heraldo serve` work at once.  Inside an existing
 * repository the files are written and left for the user to commit.
 * Nothing is ever overwritten: a folder that holds a site.yaml is
 * refused.
 */
#ifndef HERALDO_CMD_INIT_H
#define HERALDO_CMD_INIT_H

#include <stdint.h>

struct diags;

/* What init did, for its caller to tell. */
struct cmd_init_result {
	char	*files[4];	/* paths as reached from the current folder */
	int	 committed;	/* 1: a new repository, 0: left to commit */
	char	*repo_top;	/* the enclosing repository, when 0 */
};

/*
 * Make the site in "dir" (created when missing), its first post dated
 * "now" in the machine's time zone (TZ, /etc/localtime), its locale from
 * LC_ALL, LC_MESSAGES or LANG ("en" when they name none heraldo knows).
 * Returns 0 and fills *r (free with cmd_init_result_free), or -1 after
 * recording an error: site.yaml already there, a file that cannot be
 * written, a repository that cannot be made.
 */
int	cmd_init_site(struct cmd_init_result *r, const char *dir, int64_t now,
	    struct diags *d);
void	cmd_init_result_free(struct cmd_init_result *r);

/*
 * Parse argv (argv[1] is "init"), make the site, say what was made and
 * what to run next.  Returns the exit status: 0 made, 1 not (the
 * diagnostics on stderr), 2 bad usage.
 */
int	cmd_init(int argc, char **argv);

#endif /* !HERALDO_CMD_INIT_H */
