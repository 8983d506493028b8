/*
 * testutil: see testutil.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "testutil.h"
#include "util.h"

char *
tu_tmpdir(void)
{
	char	 tmpl[] = "/tmp/heraldo-test-XXXXXX";

	if (mkdtemp(tmpl) == NULL) {
		perror("mkdtemp");
		abort();
	}
	return xstrdup(tmpl);
}

void
tu_rmtree(const char *dir)
{
	char	 cmd[4096];

	if (dir == NULL || strncmp(dir, "/tmp/", 5) != 0)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

static void
mkdirs(char *path)
{
	char	*p;

	for (p = path + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
}

void
tu_write(const char *dir, const char *rel, const char *text)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	mkdirs(path);
	if ((fp = fopen(path, "wb")) == NULL) {
		perror(path);
		abort();
	}
	fputs(text, fp);
	if (fclose(fp) != 0)
		abort();
}

void
tu_sh(const char *dir, const char *date, const char *fmt, ...)
{
	struct buf	 b = BUF_INIT;
	va_list		 ap;
	int		 rc;

	buf_printf(&b, "cd '%s' && GIT_CONFIG_NOSYSTEM=1 HOME='%s' "
	    "GIT_AUTHOR_NAME='Ana Author' GIT_AUTHOR_EMAIL=ana@example.com "
	    "GIT_COMMITTER_NAME='Ana Author' "
	    "GIT_COMMITTER_EMAIL=ana@example.com ", dir, dir);
	if (date != NULL)
		buf_printf(&b, "GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' ",
		    date, date);
	buf_puts(&b, "sh -c '");
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	buf_puts(&b, "' >/dev/null 2>&1");
	rc = system(buf_cstr(&b));
	if (rc != 0) {
		fprintf(stderr, "command failed (%d): %s\n", rc, b.data);
		abort();
	}
	buf_free(&b);
}

void
tu_git_init(const char *dir)
{
	tu_sh(dir, NULL, "git init -q -b main . && "
	    "git config user.name \"Ana Author\" && "
	    "git config user.email ana@example.com && "
	    "git config commit.gpgsign false");
}

void
tu_git_commit(const char *dir, const char *date, const char *msg)
{
	tu_sh(dir, date, "git add -A && git commit -q -m \"%s\"", msg);
}

const char *
tu_srcdir(void)
{
	return TU_SRCDIR;
}

char *
tu_diags(struct diags *d)
{
	struct buf		 b = BUF_INIT;
	const struct diag	*x;
	size_t			 i;
	char			*s;

	for (i = 0; (x = diags_get(d, i)) != NULL; i++) {
		s = diag_format(x);
		buf_puts(&b, s);
		buf_putc(&b, '\n');
		free(s);
	}
	return buf_detach(&b, NULL);
}
