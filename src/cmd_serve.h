/*
 * cmd_serve: `heraldo serve [--site DIR] [--port 1313] [--bind ADDR]
 * [--public]`, the command line of the preview server (see serve.h).
 */
#ifndef HERALDO_CMD_SERVE_H
#define HERALDO_CMD_SERVE_H

/*
 * Parse argv (argv[1] is "serve") and serve until SIGINT or SIGTERM.
 * Returns the exit status: 0 stopped cleanly, 1 could not start, 2 bad
 * usage (the reason and the usage line printed on stderr).
 */
int	cmd_serve(int argc, char **argv);

#endif /* !HERALDO_CMD_SERVE_H */
