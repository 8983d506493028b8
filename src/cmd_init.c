/*
 * cmd_init: see cmd_init.h.  The files are created with O_EXCL, so a
 * file that appears meanwhile is never replaced; git's side (the
 * repository and its first commit) is gitsrc_init_site's.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "cmd_init.h"
#include "datefmt.h"
#include "diag.h"
#include "gitsrc.h"
#include "util.h"

#define EXIT_CONTENT	1

static const char usage[] = "usage: heraldo init [DIR]\n";

/* "dir/rel", or "rel" for ".", malloc'd. */
static char *
join(const char *dir, const char *rel)
{
	struct buf	 b = BUF_INIT;

	if (strcmp(dir, ".") != 0)
		buf_printf(&b, "%s/", dir);
	buf_puts(&b, rel);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

/* mkdir -p of "path"'s folders (and of path itself when "self"). */
static int
make_dirs(const char *path, bool self, struct diags *d)
{
	char	*p = xstrdup(path), *slash;
	int	 rc = 0;

	for (slash = strchr(p + 1, '/'); ; slash = strchr(slash + 1, '/')) {
		if (slash != NULL)
			*slash = '\0';
		else if (!self)
			break;
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = diag_error(d, p, 0, 0, "cannot make the folder: %s",
			    strerror(errno));
			break;
		}
		if (slash == NULL)
			break;
		*slash = '/';
	}
	free(p);
	return rc;
}

/* Write a new file; an existing one is an error and stays as it was. */
static int
write_new(const char *path, const char *text, struct diags *d)
{
	size_t	 len = strlen(text);
	ssize_t	 n;
	int	 fd;

	if (make_dirs(path, false, d) < 0)
		return -1;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) < 0)
		return diag_error(d, path, 0, 0, errno == EEXIST ?
		    "already exists; not overwritten" : "cannot create: %s",
		    strerror(errno));
	n = write(fd, text, len);
	if (close(fd) != 0 || n != (ssize_t)len) {
		unlink(path);
		return diag_error(d, path, 0, 0, "cannot write: %s",
		    n < 0 ? strerror(errno) : "short write");
	}
	return 0;
}

/*
 * The machine's zone: TZ when it names one, else the zone file that
 * /etc/localtime links to, else /etc/timezone; "UTC" when none is known.
 */
static void
machine_zone(char out[128])
{
	const char	*tz = getenv("TZ"), *p;
	char		 link[PATH_MAX];
	ssize_t		 n;
	FILE		*fp;

	if (tz != NULL && *tz == ':')
		tz++;
	if (tz != NULL && *tz != '\0' && strlen(tz) < 128 &&
	    datefmt_zone_known(tz)) {
		strcpy(out, tz);
		return;
	}
	if ((n = readlink("/etc/localtime", link, sizeof(link) - 1)) > 0) {
		link[n] = '\0';
		if ((p = strstr(link, "zoneinfo/")) != NULL &&
		    strlen(p + 9) < 128 && datefmt_zone_known(p + 9)) {
			strcpy(out, p + 9);
			return;
		}
	}
	if ((fp = fopen("/etc/timezone", "r")) != NULL) {
		if (fgets(out, 128, fp) != NULL) {
			out[strcspn(out, " \t\r\n")] = '\0';
			if (*out != '\0' && datefmt_zone_known(out)) {
				fclose(fp);
				return;
			}
		}
		fclose(fp);
	}
	strcpy(out, "UTC");
}

/* The user's language: "es_ES" from LANG=es_ES.UTF-8; "en" for C. */
static void
machine_locale(char out[64])
{
	const char	*v = NULL, *names[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t		 i, n;

	for (i = 0; i < 3 && (v == NULL || *v == '\0'); i++)
		v = getenv(names[i]);
	strcpy(out, "en");
	if (v == NULL || (n = strcspn(v, ".@")) == 0 || n >= 64)
		return;
	memcpy(out, v, n);
	out[n] = '\0';
	if (strcmp(out, "C") == 0 || strcmp(out, "POSIX") == 0 ||
	    strspn(out, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
	    != n || !datefmt_locale_known(out))
		strcpy(out, "en");
}

/* "News" for the folder "news": the site's first title. */
static void
site_title(char out[64], const char *dir)
{
	char		 cwd[PATH_MAX];
	const char	*base;
	size_t		 n;

	if (strcmp(dir, ".") == 0 && getcwd(cwd, sizeof(cwd)) != NULL)
		dir = cwd;
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	for (base = dir + n; base > dir && base[-1] != '/'; base--)
		continue;
	n -= (size_t)(base - dir);
	/* Plain words only: anything else needs quoting in YAML. */
	if (n == 0 || n >= 64 || strspn(base, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ ") < n) {
		strcpy(out, "News");
		return;
	}
	memcpy(out, base, n);
	out[n] = '\0';
	for (n = 0; out[n] != '\0'; n++)
		if (out[n] == '-' || out[n] == '_')
			out[n] = ' ';
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

static void
put_site_yaml(struct buf *b, const char *title, const char *locale,
    const char *tz)
{
	buf_printf(b,
"# The settings of this site.  man heraldo lists every key; heraldo build\n"
"# warns about a key it does not know.\n"
"\n"
"# The site's name: the header, the feeds and the browser tab.\n"
"title: \"%s\"\n"
"# One sentence about the site, for feeds and search engines.\n"
"description: \"News and announcements.\"\n"
"# The address the site is published at: links and feeds are built on it.\n"
"base_url: \"https://news.example.com/\"\n"
"# The language of dates and of the theme's words (en, es, fr, de, pt, it,\n"
"# nl, ja, or any locale ICU knows, like es_MX).\n"
"locale: %s\n"
"# The time zone of dates written without an offset (an IANA name).\n"
"timezone: %s\n"
"# Posts on each page of the home page.\n"
"per_page: 10\n"
"# How dates look, in the site's language: an ICU style (full, long,\n"
"# medium, short), skeleton or pattern.  Each post's date.day_header and\n"
"# date.posted in layouts; add names of your own.\n"
"date_formats:\n"
"  day_header: { style: full }           # Monday, December 7, 2026\n"
"  posted: { skeleton: yMMMMdjmz }       # December 7, 2026 at 5:31 PM EST\n"
"# Settings of your own for your layouts: {{site.params.NAME}}.\n"
"params: {}\n", title, locale, tz);
}

static const char gitignore[] =
"# What heraldo writes: the site (public/), its build cache and what a\n"
"# build keeps beside it while it runs.\n"
"/public/\n"
"/.public.heraldo-*\n";

static void
put_post(struct buf *b, const char *date, int year)
{
	buf_printf(b,
"---\n"
"title: \"Welcome to the new site\"\n"
"date: %s\n"
"tags: [news]\n"
"summary: \"What a post can hold: text, a table and holiday hours.\"\n"
"---\n"
"\n"
"This is the first post of the site.  Posts are Markdown files under\n"
"`content/posts/`; `heraldo new \"Title\"` starts one as a draft, and\n"
"`heraldo serve` shows the site as you write.  heraldo builds what is\n"
"committed: commit a post, then run `heraldo build`.\n"
"\n"
"## A table\n"
"\n"
"| Plan      | Price | Support         |\n"
"| --------- | ----: | --------------- |\n"
"| Basic     |   $10 | Email           |\n"
"| Business  |   $25 | Phone and email |\n"
"\n"
"## Holiday hours\n"
"\n"
"A fenced block named `hours` becomes a table of closures, a calendar\n"
"file readers can subscribe to, and an entry on the site's /hours/ page.\n"
"Times are in the site's time zone unless the block names another.\n"
"\n"
"```hours\n"
"resume: %d-12-27T09:00\n"
"departments:\n"
"  - name: Customer Support\n"
"    closed:\n"
"      - { from: %d-12-24T17:00, until: %d-12-27T09:00 }\n"
"    note: Email sent during the holidays is answered on the 27th.\n"
"  - name: Sales\n"
"    closed: [%d-12-25, %d-12-26]\n"
"```\n", date, year, year, year, year, year);
}

int
cmd_init_site(struct cmd_init_result *r, const char *dir, int64_t now,
    struct diags *d)
{
	static const char *const rel[] = { "site.yaml", ".gitignore", NULL,
	    NULL };
	struct datefmt_tm	 tm;
	struct buf		 b = BUF_INIT;
	struct stat		 st;
	const char		*files[4];
	char			 tz[128], locale[64], title[64], date[32];
	char			 post[64], *path;
	int			 rc = -1, nfiles = 0, made;

	memset(r, 0, sizeof(*r));
	path = join(dir, "site.yaml");
	if (stat(path, &st) == 0) {
		diag_error(d, path, 0, 0, "already exists: this folder holds "
		    "a site (heraldo build builds it); not overwritten");
		free(path);
		return -1;
	}
	free(path);
	if (make_dirs(dir, true, d) < 0)
		return -1;
	datefmt_icu_pin();
	machine_zone(tz);
	machine_locale(locale);
	site_title(title, dir);
	datefmt_local(&tm, now, tz);
	datefmt_rfc3339(date, now, tz);
	snprintf(post, sizeof(post), "content/posts/%04d/%02d/welcome.md",
	    tm.year, tm.month);

	put_site_yaml(&b, title, locale, tz);
	r->files[nfiles] = join(dir, rel[0]);
	if (write_new(r->files[nfiles], buf_cstr(&b), d) < 0)
		goto out;
	files[nfiles++] = rel[0];

	/* An existing .gitignore is the user's: heraldo's lines are added. */
	r->files[nfiles] = join(dir, rel[1]);
	if (stat(r->files[nfiles], &st) == 0) {
		FILE	*fp = fopen(r->files[nfiles], "a");

		if (fp == NULL || fprintf(fp, "\n%s", gitignore) < 0 ||
		    fclose(fp) != 0) {
			diag_error(d, r->files[nfiles], 0, 0, "cannot add to it: "
			    "%s", strerror(errno));
			goto out;
		}
	} else if (write_new(r->files[nfiles], gitignore, d) < 0)
		goto out;
	files[nfiles++] = rel[1];

	buf_reset(&b);
	/* Holidays still ahead: this year's, or next year's after them. */
	put_post(&b, date, tm.month == 12 && tm.day >= 24 ? tm.year + 1 :
	    tm.year);
	r->files[nfiles] = join(dir, post);
	if (write_new(r->files[nfiles], buf_cstr(&b), d) < 0)
		goto out;
	files[nfiles++] = post;
	files[nfiles] = NULL;

	if ((made = gitsrc_init_site(&r->repo_top, dir, files, "A new heraldo "
	    "site", d)) < 0)
		goto out;
	r->committed = made;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

void
cmd_init_result_free(struct cmd_init_result *r)
{
	size_t	 i;

	for (i = 0; i < sizeof(r->files) / sizeof(*r->files); i++)
		free(r->files[i]);
	free(r->repo_top);
	memset(r, 0, sizeof(*r));
}

int
cmd_init(int argc, char **argv)
{
	struct cmd_init_result	 r;
	struct diags		*d;
	const char		*dir = NULL;
	size_t			 i;
	int			 k, rc;

	for (k = 2; k < argc; k++) {
		if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") ==
		    0) {
			fputs(usage, stdout);
			return 0;
		}
		if (argv[k][0] == '-' && argv[k][1] != '\0')
			return cli_usage(usage, "init", "unknown option \"%s\"",
			    argv[k]);
		if (dir != NULL)
			return cli_usage(usage, "init", "expected one folder, "
			    "got \"%s\" and \"%s\"", dir, argv[k]);
		dir = argv[k];
	}
	if (dir == NULL)
		dir = ".";
	if (*dir == '\0')
		return cli_usage(usage, "init", "the folder name is empty");
	d = diags_new();
	rc = cmd_init_site(&r, dir, (int64_t)time(NULL), d);
	diags_print(d, stderr);
	diags_free(d);
	if (rc < 0) {
		cmd_init_result_free(&r);
		return EXIT_CONTENT;
	}
	printf("made a new site in %s:\n", dir);
	for (i = 0; i < 3 && r.files[i] != NULL; i++)
		printf("  %s\n", r.files[i]);
	if (r.committed)
		printf("and committed it in a new git repository (branch "
		    "main).\n");
	else
		printf("%s is in the git repository at %s: commit these "
		    "files there (heraldo builds what is committed).\n", dir,
		    r.repo_top != NULL ? r.repo_top : "?");
	printf("Next: %s%s%sedit site.yaml (base_url: the site's address), "
	    "then heraldo build, or heraldo serve to preview it.\n",
	    strcmp(dir, ".") != 0 ? "cd " : "", strcmp(dir, ".") != 0 ?
	    dir : "", strcmp(dir, ".") != 0 ? ", " : "");
	cmd_init_result_free(&r);
	return 0;
}
