/*
 * serve: the preview server of `heraldo serve`.  It builds the site from
 * the work tree (drafts and future posts included) into a private folder
 * outside the site, serves that folder over HTTP with libmicrohttpd,
 * watches the site's inputs with inotify and rebuilds when they change.
 *
 * Pages reload by themselves: every HTML response (never the files on
 * disk) gets a small script before </body> that listens on the
 * Server-Sent Events stream /__heraldo/events, which announces each
 * build.  A failed build is printed on the console and shown over the
 * pages in the browser, while the last good site stays served.
 *
 * Requests are answered from the build output only: paths are decoded
 * strictly, and any that could leave the output root ("..", encoded
 * slashes, NUL) is refused with 400.  A request whose Host header names
 * another server is refused with 403 (serve_host.h).  Only a loopback
 * address is served unless opts.public says otherwise.
 *
 * A site folder deleted while serving is reported on the log, and
 * watched and built again when it comes back.
 */
#ifndef HERALDO_SERVE_H
#define HERALDO_SERVE_H

#include <stdbool.h>
#include <stdio.h>

struct diags;
struct serve;

struct serve_opts {
	const char	*site_dir;	/* "." */
	const char	*bind;		/* an address: "127.0.0.1", "::1" */
	bool		 public;	/* may bind one others can reach */
	unsigned	 port;		/* 1313; 0: any free port */
	FILE		*log;		/* build reports; NULL: stderr */
};

/*
 * Make the private output folder, start watching the site, build it
 * once, then listen and serve.  A failed first build still starts the
 * server (it shows the errors).  Returns 0 and *out, or -1 after
 * recording why it could not start (address in use, a non-loopback
 * address without opts.public, no inotify).
 * The server runs on its own threads until serve_stop.
 */
int	serve_start(struct serve **out, const struct serve_opts *,
	    struct diags *d);

/* The port listened on (the one chosen when opts.port was 0). */
unsigned	 serve_port(const struct serve *);

/* The private output folder: the build's files exactly as on disk. */
const char	*serve_out_dir(const struct serve *);

/*
 * Stop serving and watching, wait for the threads, remove the private
 * output folder and free everything.  NULL-safe.
 */
void	serve_stop(struct serve *);

/*
 * `heraldo serve`: start, print the address, serve until SIGINT or
 * SIGTERM, stop.  Returns the exit status: 0 after a clean shutdown,
 * 1 when the server could not start (the reason printed on stderr).
 */
int	serve_run(const struct serve_opts *);

#endif /* !HERALDO_SERVE_H */
