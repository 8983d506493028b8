/*
 * cmd_new: a new draft post.  The file is created with O_EXCL, so an
 * existing post (or one made at the same moment by someone else) is
 * never replaced.  The date is written in RFC 3339 with the site zone's
 * offset: exact, and unambiguous in the hour that repeats when daylight
 * saving time ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "cmd_new.h"
#include "config.h"
#include "datefmt.h"
#include "diag.h"
#include "gitsrc.h"
#include "text.h"
#include "util.h"

#define EXIT_CONTENT	1

static const char usage[] =
"usage: heraldo new [--site DIR] \"Post title\"\n";

/* A whole file into "a", NUL-terminated, or NULL with errno set. */
static char *
slurp(const char *path, size_t *len, struct arena *a)
{
	struct buf	 b = BUF_INIT;
	char		 chunk[8192], *s;
	size_t		 n;
	FILE		*fp;
	bool		 bad;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, n);
	bad = ferror(fp) != 0;
	fclose(fp);
	if (bad) {
		buf_free(&b);
		errno = EIO;
		return NULL;
	}
	*len = b.len;
	s = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return s;
}

/* mkdir -p of the folders above "path". */
static int
make_parents(const char *path, const char *rel, struct diags *d)
{
	char	*p = xstrdup(path), *slash;
	int	 rc = 0;

	for (slash = strchr(p + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = diag_error(d, rel, 0, 0, "cannot make folder %s: "
			    "%s", p, strerror(errno));
			break;
		}
		*slash = '/';
	}
	free(p);
	return rc;
}

/* The author's name from git config, or NULL (no repository, unset). */
static char *
git_author(const char *site_dir, struct arena *a)
{
	struct gitsrc	*src = NULL;
	struct diags	*scratch = diags_new();
	char		*name = NULL, *email = NULL;

	/* Without a repository or a name the post just has no author. */
	if (gitsrc_open(&src, site_dir, NULL, true, scratch) == 0)
		gitsrc_config_author(&name, &email, src, a);
	gitsrc_free(src);
	diags_free(scratch);
	if (name == NULL || *name == '\0')
		name = email;
	return name != NULL && *name != '\0' ? name : NULL;
}

int
cmd_new_post(char **path, const char *site_dir, const char *title,
    int64_t now, struct diags *d)
{
	struct arena		*a = arena_new();
	struct textctx		*tc = NULL;
	struct siteconf		 conf;
	struct datefmt_tm	 tm;
	struct buf		 b = BUF_INIT;
	const char		*author;
	char			*text, *slug, *rel, *full, date[32];
	size_t			 len;
	ssize_t			 n;
	int			 fd = -1, rc = -1;

	*path = NULL;
	full = strcmp(site_dir, ".") == 0 ? arena_strdup(a, "site.yaml") :
	    arena_printf(a, "%s/site.yaml", site_dir);
	if ((text = slurp(full, &len, a)) == NULL) {
		diag_error(d, "site.yaml", 0, 0, "cannot read it in the site "
		    "folder %s: %s", site_dir, strerror(errno));
		goto out;
	}
	if (config_load(&conf, text, len, "site.yaml", NULL, a, d) < 0)
		goto out;

	datefmt_local(&tm, now, conf.timezone);
	datefmt_rfc3339(date, now, conf.timezone);
	tc = text_new();
	slug = text_slug(tc, title, strlen(title), a);
	rel = arena_printf(a, "content/posts/%04d/%02d/%s.md", tm.year,
	    tm.month, slug);
	full = strcmp(site_dir, ".") == 0 ? rel :
	    arena_printf(a, "%s/%s", site_dir, rel);
	author = git_author(site_dir, a);

	buf_puts(&b, "---\ntitle: ");
	buf_put_yaml(&b, title);
	buf_printf(&b, "\ndate: %s\n", date);
	if (author != NULL) {
		buf_puts(&b, "author: ");
		buf_put_yaml(&b, author);
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "draft: true\n---\n\n");

	if (make_parents(full, rel, d) < 0)
		goto out;
	if ((fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) < 0) {
		if (errno == EEXIST)
			diag_error(d, rel, 0, 0, "already exists; not "
			    "overwritten (edit it, or choose another title)");
		else
			diag_error(d, rel, 0, 0, "cannot create: %s",
			    strerror(errno));
		goto out;
	}
	n = write(fd, b.data, b.len);
	if (n != (ssize_t)b.len || close(fd) != 0) {
		diag_error(d, rel, 0, 0, "cannot write: %s", n < 0 ?
		    strerror(errno) : "short write");
		if (n == (ssize_t)b.len)
			fd = -1;
		unlink(full);
		goto out;
	}
	fd = -1;
	*path = xstrdup(full);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	buf_free(&b);
	text_free(tc);
	arena_free(a);
	return rc;
}

int
cmd_new(int argc, char **argv)
{
	struct diags	*d;
	const char	*site_dir = ".", *title = NULL, *t;
	char		*path;
	bool		 opts = true;
	int		 i, rc;

	for (i = 2; i < argc; i++) {
		if (opts && strcmp(argv[i], "--") == 0)
			opts = false;
		else if (opts && strcmp(argv[i], "--site") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return cli_usage(usage, "new", "--site needs a value");
			site_dir = argv[++i];
		} else if (opts && strncmp(argv[i], "--site=", 7) == 0) {
			if (argv[i][7] == '\0')
				return cli_usage(usage, "new", "--site needs a value");
			site_dir = argv[i] + 7;
		} else if (opts && (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0)) {
			fputs(usage, stdout);
			return 0;
		} else if (opts && argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage(usage, "new", "unknown option \"%s\"", argv[i]);
		else if (title != NULL)
			return cli_usage(usage, "new", "expected one title, got \"%s\" and "
			    "\"%s\" (quote the title)", title, argv[i]);
		else
			title = argv[i];
	}
	if (title == NULL)
		return cli_usage(usage, "new", "missing the post's title");
	for (t = title; *t == ' ' || *t == '\t'; t++)
		continue;
	if (*t == '\0')
		return cli_usage(usage, "new", "the title is empty");
	if (!util_utf8_valid(title, strlen(title), NULL))
		return cli_usage(usage, "new", "the title is not valid UTF-8");
	d = diags_new();
	rc = cmd_new_post(&path, site_dir, title, (int64_t)time(NULL), d);
	diags_print(d, stderr);
	diags_free(d);
	if (rc < 0)
		return EXIT_CONTENT;
	printf("%s\n", path);
	free(path);
	return 0;
}
