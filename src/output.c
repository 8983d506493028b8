/*
 * output: staging folder, unchanged-file links, atomic swap.
 *
 * On Linux the swap is one renameat2(RENAME_EXCHANGE); elsewhere two
 * renames, with a window in which the target does not exist.  The old
 * tree is removed after the swap (../shared/bench/README.md: deleting on
 * the build's path first would slow every file creation that follows).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "output.h"
#include "util.h"

struct output {
	char		*target;	/* absolute path of the output folder */
	char		*staging;
	char		*parent;
	char		*base;
	bool		 have_old;
	pthread_mutex_t	 lock;		/* guards "error" */
	char		*error;		/* first failure, malloc'd */
	atomic_size_t	 written, linked;
};

static char *
absolute(const char *path)
{
	char	 cwd[PATH_MAX], *p;
	size_t	 n;

	if (path[0] == '/')
		p = xstrdup(path);
	else {
		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return NULL;
		n = strlen(cwd) + strlen(path) + 2;
		p = xmalloc(n);
		snprintf(p, n, "%s/%s", cwd, path);
	}
	/* Drop trailing slashes and "/." components at the end. */
	n = strlen(p);
	while (n > 1 && (p[n - 1] == '/' ||
	    (n > 2 && p[n - 1] == '.' && p[n - 2] == '/'))) {
		p[--n] = '\0';
		if (n > 1 && p[n - 1] == '/')
			p[--n] = '\0';
	}
	return p;
}

/* Whether "a" is "b" or contains it (both absolute, normalised). */
static bool
contains(const char *a, const char *b)
{
	size_t	 n = strlen(a);

	if (strcmp(a, "/") == 0)
		return true;
	return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '/');
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

void
output_rmtree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Remove staging folders that killed builds left beside the target. */
static void
sweep(const char *parent, const char *base)
{
	DIR		*dir;
	struct dirent	*e;
	char		 prefix[NAME_MAX + 2], path[PATH_MAX];

	snprintf(prefix, sizeof(prefix), ".%s.heraldo-", base);
	if ((dir = opendir(parent)) == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		if (!util_startswith(e->d_name, prefix))
			continue;
		snprintf(path, sizeof(path), "%s/%s", parent, e->d_name);
		output_rmtree(path);
	}
	closedir(dir);
}

int
output_begin(struct output **out, const char *dir,
    const char *const *forbidden, struct diags *d)
{
	struct output	*o;
	const char	*home = getenv("HOME");
	char		*abs, *slash, *f, tmpl[PATH_MAX];
	struct stat	 st;
	size_t		 i;

	if ((abs = absolute(dir)) == NULL)
		return diag_error(d, NULL, 0, 0, "--out %s: cannot resolve",
		    dir);
	if (strcmp(abs, "/") == 0 ||
	    (home != NULL && home[0] == '/' && strcmp(abs, home) == 0)) {
		free(abs);
		return diag_error(d, NULL, 0, 0,
		    "--out %s: refusing to replace this folder", dir);
	}
	for (i = 0; forbidden != NULL && forbidden[i] != NULL; i++) {
		if ((f = absolute(forbidden[i])) == NULL)
			continue;
		if (contains(abs, f)) {
			free(f);
			free(abs);
			return diag_error(d, NULL, 0, 0, "--out %s: refusing "
			    "to replace a folder that holds the site", dir);
		}
		free(f);
	}
	o = xcalloc(1, sizeof(*o));
	pthread_mutex_init(&o->lock, NULL);
	o->target = abs;
	slash = strrchr(abs, '/');
	o->parent = slash == abs ? xstrdup("/") :
	    xstrndup(abs, (size_t)(slash - abs));
	o->base = xstrdup(slash + 1);
	if (stat(o->parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_error(d, NULL, 0, 0, "--out %s: folder %s does not exist",
		    dir, o->parent);
		goto fail;
	}
	if (lstat(abs, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			diag_error(d, NULL, 0, 0,
			    "--out %s: exists and is not a folder", dir);
			goto fail;
		}
		o->have_old = true;
	}
	sweep(o->parent, o->base);
	snprintf(tmpl, sizeof(tmpl), "%s/.%s.heraldo-XXXXXX", o->parent,
	    o->base);
	if (mkdtemp(tmpl) == NULL) {
		diag_error(d, NULL, 0, 0, "%s: cannot create: %s", tmpl,
		    strerror(errno));
		goto fail;
	}
	chmod(tmpl, 0755);
	o->staging = xstrdup(tmpl);
	*out = o;
	return 0;
fail:
	free(o->target);
	free(o->parent);
	free(o->base);
	pthread_mutex_destroy(&o->lock);
	free(o);
	return -1;
}

static void
fail(struct output *o, const char *path, int err)
{
	char	 msg[PATH_MAX + 128];

	snprintf(msg, sizeof(msg), "%s: %s", path, strerror(err));
	pthread_mutex_lock(&o->lock);
	if (o->error == NULL)
		o->error = xstrdup(msg);
	pthread_mutex_unlock(&o->lock);
}

static int
mkparents(char *path)
{
	char	*p;

	for (p = strchr(path + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

/* Whether the previous output's "rel" holds exactly data[0..len). */
static bool
same_as_old(const struct output *o, const char *rel, const void *data,
    size_t len, char *old, size_t oldsz)
{
	struct stat	 st;
	char		*buf;
	bool		 same = false;
	int		 fd;

	if (!o->have_old)
		return false;
	snprintf(old, oldsz, "%s/%s", o->target, rel);
	if (lstat(old, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size != len)
		return false;
	if ((fd = open(old, O_RDONLY)) < 0)
		return false;
	buf = xmalloc(len);
	if (read(fd, buf, len) == (ssize_t)len)
		same = memcmp(buf, data, len) == 0;
	free(buf);
	close(fd);
	return same;
}

void
output_write(struct output *o, const char *rel, const void *data,
    size_t len)
{
	char		 path[PATH_MAX], old[PATH_MAX];
	const char	*p = data;
	ssize_t		 n;
	int		 fd;

	snprintf(path, sizeof(path), "%s/%s", o->staging, rel);
	if (same_as_old(o, rel, data, len, old, sizeof(old))) {
		/* Folders are made when the first file needs them. */
		if (link(old, path) == 0 || (errno == ENOENT &&
		    mkparents(path) == 0 && link(old, path) == 0)) {
			atomic_fetch_add(&o->linked, 1);
			return;
		}
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0 &&
	    (errno != ENOENT || mkparents(path) < 0 ||
	    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0)) {
		fail(o, path, errno);
		return;
	}
	while (len > 0) {
		if ((n = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			fail(o, path, errno);
			close(fd);
			return;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) != 0)
		fail(o, path, errno);
	atomic_fetch_add(&o->written, 1);
}

static void
output_free(struct output *o)
{
	free(o->target);
	free(o->staging);
	free(o->parent);
	free(o->base);
	free(o->error);
	pthread_mutex_destroy(&o->lock);
	free(o);
}

int
output_commit(struct output *o, struct diags *d)
{
	int	 rc = -1;

	if (o->error != NULL) {
		diag_error(d, NULL, 0, 0, "cannot write %s", o->error);
		output_rmtree(o->staging);
		goto out;
	}
	if (!o->have_old) {
		if (rename(o->staging, o->target) != 0) {
			diag_error(d, NULL, 0, 0, "cannot rename to %s: %s",
			    o->target, strerror(errno));
			output_rmtree(o->staging);
			goto out;
		}
		rc = 0;
		goto out;
	}
	if (renameat2(AT_FDCWD, o->staging, AT_FDCWD, o->target,
	    RENAME_EXCHANGE) != 0) {
		diag_error(d, NULL, 0, 0, "cannot swap %s into place: %s",
		    o->target, strerror(errno));
		output_rmtree(o->staging);
		goto out;
	}
	/* The staging path now holds the previous output. */
	output_rmtree(o->staging);
	rc = 0;
out:
	output_free(o);
	return rc;
}

void
output_abort(struct output *o)
{
	if (o == NULL)
		return;
	output_rmtree(o->staging);
	output_free(o);
}

size_t
output_written(const struct output *o)
{
	return atomic_load(&o->written);
}

size_t
output_linked(const struct output *o)
{
	return atomic_load(&o->linked);
}
