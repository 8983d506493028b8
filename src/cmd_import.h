/*
 * cmd_import: `heraldo import FORMAT SOURCE [--site DIR] [--report FILE]`,
 * which moves a blog from another system into a heraldo site (import.h
 * says what it writes; import_blogger.h and import_wordpress.h what they
 * read).
 */
#ifndef HERALDO_CMD_IMPORT_H
#define HERALDO_CMD_IMPORT_H

/*
 * Parse argv (argv[1] is "import"), import, print the diagnostics and a
 * summary on stderr.  Returns the exit status: 0 imported, 1 errors in
 * the source (what could be imported was), 2 bad usage.
 */
int	cmd_import(int argc, char **argv);

#endif /* !HERALDO_CMD_IMPORT_H */
