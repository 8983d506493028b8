/*
 * output: staging folder (or the cache's spare tree), unchanged-file
 * links, atomic swap.
 *
 * On Linux the swap is one renameat2(RENAME_EXCHANGE); elsewhere two
 * renames, with a window in which the target does not exist.  The old
 * tree is removed after the swap: on ext4, deleting a large tree on the
 * build's path first slows every file creation that follows (see
 * bench/README.md).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "output.h"
#include "util.h"

/*
 * A manifest's paths in an open-addressing table: a build looks up every
 * one of its files in the current tree's manifest and the spare's.
 */
struct mindex {
	const struct out_manifest *m;
	struct mslot {
		uint32_t	 hash;	/* its path's, cut */
		uint32_t	 i;	/* entry index, or UINT32_MAX */
	}			*slot;
	size_t			 mask;
};

struct output {
	char		*target;	/* absolute path of the output folder */
	char		*staging;	/* the tree being made */
	char		*parent;
	char		*base;
	char		*cache;		/* cache folder, or NULL */
	bool		 have_old;
	bool		 spare;		/* "staging" is the cache's spare tree */
	struct out_manifest	 live, prev;	/* given to output_begin */
	struct mindex		 ilive, iprev;
	/*
	 * Per entry of "live", what output_unchanged found: 1 the spare
	 * tree has the file, 2 only the current output does.
	 */
	unsigned char		*found;
	const unsigned char	*there;		/* the spare check's, or NULL */
	int			 staging_fd, target_fd;	/* for fstatat */
	pthread_mutex_t	 lock;		/* guards "error" and "made" */
	char		*error;		/* first failure, malloc'd */
	struct out_entry	*made;		/* what this build wrote */
	size_t		 nmade, capmade;
	struct arena	*names;		/* made's paths, or borrowed */
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
		if (!util_startswith(e->d_name, prefix) ||
		    strcmp(e->d_name + strlen(prefix), "cache") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", parent, e->d_name);
		output_rmtree(path);
	}
	closedir(dir);
}

char *
output_cache_dir(const char *dir)
{
	char	*abs = absolute(dir), *slash, *path;
	size_t	 n;

	if (abs == NULL)
		return NULL;
	slash = strrchr(abs, '/');
	n = strlen(abs) + 32;
	path = xmalloc(n);
	*slash = '\0';
	snprintf(path, n, "%s/.%s.heraldo-cache", abs, slash + 1);
	free(abs);
	return path;
}

/* Eight bytes a step: a build looks every path up two or three times. */
static uint64_t
path_hash(const char *s)
{
	uint64_t	 h = 0x9e3779b97f4a7c15ULL, w;
	size_t		 n = strlen(s), i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s + i, n - i);
	h = (h ^ w ^ n) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 29);
}

static void
mindex_make(struct mindex *x, const struct out_manifest *m)
{
	size_t		 cap = 16, i, k;
	uint64_t	 h;

	while (cap < 2 * m->n)
		cap *= 2;
	x->m = m;
	x->mask = cap - 1;
	x->slot = xmalloc(cap * sizeof(*x->slot));
	memset(x->slot, 0xff, cap * sizeof(*x->slot));
	for (i = 0; i < m->n && i < UINT32_MAX; i++) {
		h = path_hash(m->v[i].rel);
		for (k = h & x->mask; x->slot[k].i != UINT32_MAX;
		    k = (k + 1) & x->mask)
			;
		x->slot[k].hash = (uint32_t)(h >> 32);
		x->slot[k].i = (uint32_t)i;
	}
}

/* Take the table the spare check made of the same entries as m. */
static void
mindex_adopt(struct mindex *x, struct mindex *from,
    const struct out_manifest *m)
{
	*x = *from;
	x->m = m;
	from->slot = NULL;
}

static const struct out_entry *
mindex_find(const struct mindex *x, const char *rel)
{
	uint64_t	 h;
	size_t		 k;

	if (x->slot == NULL)
		return NULL;
	h = path_hash(rel);
	for (k = h & x->mask; x->slot[k].i != UINT32_MAX;
	    k = (k + 1) & x->mask)
		if (x->slot[k].hash == (uint32_t)(h >> 32) &&
		    strcmp(x->m->v[x->slot[k].i].rel, rel) == 0)
			return &x->m->v[x->slot[k].i];
	return NULL;
}

struct spare_check {
	struct out_manifest	 m;
	unsigned char		*there;		/* per entry of m */
	struct out_manifest	 live;
	struct mindex		 ilive, iprev;	/* until output_begin's */
};

/* Files a folder must hold for one read of it to beat a stat each. */
#define LIST_RUN	8

/* The regular files of folder "sub" of tree fd, sorted, in *names. */
static size_t
list_files(int fd, const char *sub, char ***names, size_t *cap,
    struct buf *b)
{
	struct dirent	*e;
	struct stat	 st;
	DIR		*dir;
	size_t		 n = 0, i, *offs = NULL, noffs = 0;
	int		 at;

	buf_reset(b);
	if ((at = openat(fd, *sub != '\0' ? sub : ".", O_RDONLY |
	    O_DIRECTORY | O_NOFOLLOW)) < 0)
		return 0;
	if ((dir = fdopendir(at)) == NULL) {
		close(at);
		return 0;
	}
	while ((e = readdir(dir)) != NULL) {
		/* d_type saves a stat a file where the file system has it. */
		if (e->d_type != DT_REG && (e->d_type != DT_UNKNOWN ||
		    fstatat(dirfd(dir), e->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)))
			continue;
		if (n == noffs) {
			noffs = noffs ? noffs * 2 : 64;
			offs = xrealloc(offs, noffs * sizeof(*offs));
		}
		offs[n++] = b->len;
		buf_put(b, e->d_name, strlen(e->d_name) + 1);
	}
	closedir(dir);
	if (n > *cap) {
		*cap = n;
		*names = xrealloc(*names, n * sizeof(**names));
	}
	for (i = 0; i < n; i++)
		(*names)[i] = b->data + offs[i];
	free(offs);
	qsort(*names, n, sizeof(**names), util_cmp_strp);
	return n;
}

struct spare_check *
output_check_spare(const char *dir, const struct out_manifest *live,
    const struct out_manifest *prev)
{
	struct spare_check	*c;
	struct buf		 b;
	char			 tree[PATH_MAX], sub[PATH_MAX];
	struct stat		 st;
	char			**names = NULL;
	const char		*rel, *slash, *base;
	size_t			 i, j, k, len, n, cap = 0;
	int			 fd;

	snprintf(tree, sizeof(tree), "%s/tree", dir);
	if (prev->n == 0 || (fd = open(tree, O_RDONLY | O_DIRECTORY)) < 0)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->m = *prev;
	c->live = *live;
	c->there = xcalloc(prev->n + 1, 1);
	mindex_make(&c->ilive, &c->live);
	mindex_make(&c->iprev, &c->m);
	buf_init(&b);
	/*
	 * A manifest is sorted: a folder's files mostly come together.  A
	 * run of many is checked against one read of their folder, the
	 * others a stat each: most folders of a site hold one page.
	 */
	for (i = 0; i < prev->n; i = j) {
		rel = prev->v[i].rel;
		slash = strrchr(rel, '/');
		len = slash != NULL ? (size_t)(slash + 1 - rel) : 0;
		for (j = i + 1; j < prev->n && strncmp(prev->v[j].rel, rel,
		    len) == 0 && strchr(prev->v[j].rel + len, '/') == NULL;
		    j++)
			;
		if (j - i < LIST_RUN || len >= sizeof(sub)) {
			for (k = i; k < j; k++)
				c->there[k] = fstatat(fd, prev->v[k].rel, &st,
				    AT_SYMLINK_NOFOLLOW) == 0 &&
				    S_ISREG(st.st_mode);
			continue;
		}
		memcpy(sub, rel, len);
		sub[len] = '\0';
		n = list_files(fd, sub, &names, &cap, &b);
		for (k = i; k < j; k++) {
			base = prev->v[k].rel + len;
			c->there[k] = bsearch(&base, names, n, sizeof(*names),
			    util_cmp_strp) != NULL;
		}
	}
	free(names);
	buf_free(&b);
	close(fd);
	return c;
}

void
output_check_free(struct spare_check *c)
{
	if (c == NULL)
		return;
	free(c->ilive.slot);
	free(c->iprev.slot);
	free(c->there);
	free(c);
}

/*
 * With a cache whose spare tree holds the output before the current one
 * (and whose manifest says what it holds), the build updates that tree
 * in place rather than making a new one: only what changed since is
 * touched.  It is renamed "tree-busy" first, so that a build killed
 * half-way leaves no spare the next one would trust.
 */
static bool
use_spare(struct output *o)
{
	char	 tree[PATH_MAX], busy[PATH_MAX];

	if (o->cache == NULL || !o->have_old || o->prev.n == 0)
		return false;
	snprintf(tree, sizeof(tree), "%s/tree", o->cache);
	snprintf(busy, sizeof(busy), "%s/tree-busy", o->cache);
	output_rmtree(busy);
	if (rename(tree, busy) != 0)
		return false;
	o->staging = xstrdup(busy);
	o->spare = true;
	return true;
}

/* The trees' folders, for looking files up without walking their paths. */
static void
open_fds(struct output *o)
{
	o->staging_fd = open(o->staging, O_RDONLY | O_DIRECTORY);
	o->target_fd = o->have_old ? open(o->target, O_RDONLY |
	    O_DIRECTORY) : -1;
}

/*
 * What output "dir" must be: not "/", the home folder or a folder
 * holding one of "forbidden"; in a folder that exists; a folder if it
 * exists.  Returns 0 and its absolute path (malloc'd) in *abs, or -1
 * after recording why not.
 */
static int
check_target(char **abs, const char *dir, const char *const *forbidden,
    struct diags *d)
{
	const char	*home = getenv("HOME");
	char		*f, *parent, *slash;
	struct stat	 st;
	size_t		 i;

	if ((*abs = absolute(dir)) == NULL)
		return diag_error(d, NULL, 0, 0, "--out %s: cannot resolve",
		    dir);
	if (strcmp(*abs, "/") == 0 ||
	    (home != NULL && home[0] == '/' && strcmp(*abs, home) == 0)) {
		diag_error(d, NULL, 0, 0,
		    "--out %s: refusing to replace this folder", dir);
		goto fail;
	}
	for (i = 0; forbidden != NULL && forbidden[i] != NULL; i++) {
		if ((f = absolute(forbidden[i])) == NULL)
			continue;
		if (contains(*abs, f)) {
			free(f);
			diag_error(d, NULL, 0, 0, "--out %s: refusing "
			    "to replace a folder that holds the site", dir);
			goto fail;
		}
		free(f);
	}
	slash = strrchr(*abs, '/');
	parent = slash == *abs ? xstrdup("/") :
	    xstrndup(*abs, (size_t)(slash - *abs));
	if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
		diag_error(d, NULL, 0, 0, "--out %s: folder %s does not exist",
		    dir, parent);
		free(parent);
		goto fail;
	}
	free(parent);
	if (lstat(*abs, &st) == 0 && !S_ISDIR(st.st_mode)) {
		diag_error(d, NULL, 0, 0,
		    "--out %s: exists and is not a folder", dir);
		goto fail;
	}
	return 0;
fail:
	free(*abs);
	*abs = NULL;
	return -1;
}

int
output_check(const char *dir, const char *const *forbidden,
    struct diags *d)
{
	char	*abs;

	if (check_target(&abs, dir, forbidden, d) < 0)
		return -1;
	free(abs);
	return 0;
}

int
output_begin(struct output **out, const char *dir,
    const char *const *forbidden, const struct output_cache *oc,
    struct diags *d)
{
	struct output	*o;
	char		*abs, *slash, tmpl[PATH_MAX];
	struct stat	 st;

	if (check_target(&abs, dir, forbidden, d) < 0)
		return -1;
	o = xcalloc(1, sizeof(*o));
	o->staging_fd = o->target_fd = -1;
	pthread_mutex_init(&o->lock, NULL);
	o->target = abs;
	slash = strrchr(abs, '/');
	o->parent = slash == abs ? xstrdup("/") :
	    xstrndup(abs, (size_t)(slash - abs));
	o->base = xstrdup(slash + 1);
	o->have_old = lstat(abs, &st) == 0;
	sweep(o->parent, o->base);
	if (oc != NULL) {
		o->cache = xstrdup(oc->dir);
		if (o->have_old)
			o->live = oc->live;
		o->prev = oc->prev;
		if (oc->check != NULL && oc->check->m.v == o->prev.v &&
		    oc->check->m.n == o->prev.n) {
			o->there = oc->check->there;
			mindex_adopt(&o->iprev, &oc->check->iprev, &o->prev);
		}
		if (oc->check != NULL && oc->check->live.v == o->live.v &&
		    oc->check->live.n == o->live.n)
			mindex_adopt(&o->ilive, &oc->check->ilive, &o->live);
		if (o->ilive.slot == NULL)
			mindex_make(&o->ilive, &o->live);
		if (o->iprev.slot == NULL)
			mindex_make(&o->iprev, &o->prev);
		o->found = xcalloc(o->live.n + 1, 1);
		mkdir(o->cache, 0755);
		if (use_spare(o)) {
			open_fds(o);
			*out = o;
			return 0;
		}
	}
	snprintf(tmpl, sizeof(tmpl), "%s/.%s.heraldo-XXXXXX", o->parent,
	    o->base);
	if (mkdtemp(tmpl) == NULL) {
		diag_error(d, NULL, 0, 0, "%s: cannot create: %s", tmpl,
		    strerror(errno));
		goto fail;
	}
	chmod(tmpl, 0755);
	o->staging = xstrdup(tmpl);
	open_fds(o);
	*out = o;
	return 0;
fail:
	free(o->found);
	free(o->ilive.slot);
	free(o->iprev.slot);
	free(o->target);
	free(o->parent);
	free(o->base);
	free(o->cache);
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

/*
 * Record what the new tree holds at "rel", for the cache's manifest: a
 * copy of "rel", or "rel" itself when it is the live manifest's (kept
 * files, most of them after a small change).
 */
static void
record(struct output *o, const char *rel, bool borrow, struct hkey content,
    struct hkey job)
{
	pthread_mutex_lock(&o->lock);
	if (o->nmade == o->capmade) {
		o->capmade = o->capmade ? o->capmade * 2 : 1024;
		o->made = xrealloc(o->made, o->capmade * sizeof(*o->made));
	}
	if (o->names == NULL)
		o->names = arena_new();
	o->made[o->nmade].rel = borrow ? rel : arena_strdup(o->names, rel);
	o->made[o->nmade].content = content;
	o->made[o->nmade++].job = job;
	pthread_mutex_unlock(&o->lock);
}

/* Link the previous output's "rel" into the new tree at "path". */
static bool
link_old(struct output *o, const char *rel, char *path)
{
	char	 old[PATH_MAX];

	snprintf(old, sizeof(old), "%s/%s", o->target, rel);
	if (o->spare)
		unlink(path);
	/* Folders are made when the first file needs them. */
	if (link(old, path) == 0 || (errno == ENOENT &&
	    mkparents(path) == 0 && link(old, path) == 0)) {
		atomic_fetch_add(&o->linked, 1);
		return true;
	}
	return false;
}

static void
write_file(struct output *o, char *path, const void *data,
    size_t len)
{
	const char	*p = data;
	ssize_t		 n;
	int		 fd;

	if (o->spare)
		unlink(path);
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

/*
 * Whether the spare tree holds "content" at "rel": its manifest says so
 * and the file is there (a file removed from an output by hand is still
 * in its manifest).
 */
static bool
spare_has(const struct output *o, const char *rel, struct hkey content)
{
	const struct out_entry	*e;
	struct stat		 st;

	if (!o->spare || (e = mindex_find(&o->iprev, rel)) == NULL ||
	    !hash_eq(e->content, content))
		return false;
	if (o->there != NULL)
		return o->there[e - o->prev.v];
	return fstatat(o->staging_fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode);
}

/*
 * Put the file whose digest is "content" at "rel": nothing to do when
 * the spare tree holds it already; a link when the live tree holds it;
 * else data is written.
 */
static void
place(struct output *o, const char *rel, struct hkey content,
    const void *data, size_t len)
{
	const struct out_entry	*live = mindex_find(&o->ilive, rel);
	char			 path[PATH_MAX], old[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", o->staging, rel);
	if (spare_has(o, rel, content)) {
		atomic_fetch_add(&o->linked, 1);
		return;
	}
	if (live != NULL && hash_eq(live->content, content)) {
		if (link_old(o, rel, path))
			return;
	} else if (o->live.n == 0 && same_as_old(o, rel, data, len, old,
	    sizeof(old)) && link_old(o, rel, path))
		return;
	if (data == NULL) {
		fail(o, path, ENOENT);
		return;
	}
	write_file(o, path, data, len);
}

void
output_write(struct output *o, const char *rel, const void *data,
    size_t len)
{
	struct hkey	 none = { 0, 0 };

	output_write_job(o, rel, none, data, len);
}

void
output_write_job(struct output *o, const char *rel, struct hkey job,
    const void *data, size_t len)
{
	struct hkey	 content = hash_bytes(data, len);

	record(o, rel, false, content, job);
	place(o, rel, content, data, len);
}

bool
output_unchanged(struct output *o, const char *rel, struct hkey job,
    struct hkey alt)
{
	const struct out_entry	*live = mindex_find(&o->ilive, rel);
	struct stat		 st;

	if (live == NULL || (live->job.a == 0 && live->job.b == 0) ||
	    (!hash_eq(live->job, job) && !hash_eq(live->job, alt)))
		return false;
	/*
	 * The file kept is the spare tree's when it holds the same, else
	 * the current output's, linked: it must be there (a file removed
	 * from the output by hand is made again).
	 */
	if (spare_has(o, rel, live->content)) {
		o->found[live - o->live.v] = 1;
		return true;
	}
	if (fstatat(o->target_fd, rel, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(st.st_mode))
		return false;
	o->found[live - o->live.v] = 2;
	return true;
}

bool
output_read_live(struct output *o, const char *rel, struct buf *b)
{
	const struct out_entry	*live = mindex_find(&o->ilive, rel);
	struct stat		 st;
	size_t			 at = b->len, got = 0;
	ssize_t			 n;
	int			 fd;

	if (live == NULL || (fd = openat(o->target_fd, rel, O_RDONLY |
	    O_NOFOLLOW)) < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return false;
	}
	buf_grow(b, (size_t)st.st_size + 1);
	while (got < (size_t)st.st_size && (n = read(fd, b->data + at + got,
	    (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (got != (size_t)st.st_size ||
	    !hash_eq(hash_bytes(b->data + at, got), live->content))
		return false;
	b->len = at + got;
	return true;
}

void
output_keep(struct output *o, const char *rel)
{
	const struct out_entry	*live = mindex_find(&o->ilive, rel);
	char			 path[PATH_MAX];

	if (live == NULL) {
		fail(o, rel, ENOENT);
		return;
	}
	record(o, live->rel, true, live->content, live->job);
	/* output_unchanged saw where the file is. */
	if (o->found[live - o->live.v] == 1) {
		atomic_fetch_add(&o->linked, 1);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", o->staging, live->rel);
	if (!link_old(o, live->rel, path))
		fail(o, path, errno);
}

static void
output_free(struct output *o)
{
	arena_free(o->names);
	free(o->made);
	if (o->staging_fd >= 0)
		close(o->staging_fd);
	if (o->target_fd >= 0)
		close(o->target_fd);
	free(o->found);
	free(o->ilive.slot);
	free(o->iprev.slot);
	free(o->target);
	free(o->staging);
	free(o->parent);
	free(o->base);
	free(o->cache);
	free(o->error);
	pthread_mutex_destroy(&o->lock);
	free(o);
}

/* Remove "rel" from the spare tree, and its folders if left empty. */
static void
drop(const struct output *o, const char *rel)
{
	char	 path[PATH_MAX], *slash;

	snprintf(path, sizeof(path), "%s/%s", o->staging, rel);
	if (unlink(path) != 0)
		return;
	while ((slash = strrchr(path, '/')) != NULL &&
	    (size_t)(slash - path) > strlen(o->staging)) {
		*slash = '\0';
		if (rmdir(path) != 0)
			break;
	}
}

int
output_commit(struct output *o, struct out_manifest *made,
    bool *spare_kept, struct diags *d)
{
	char	 tree[PATH_MAX];
	size_t	 i, k;
	int	 rc = -1;

	made->v = NULL;
	made->n = 0;
	made->names = NULL;
	*spare_kept = false;
	if (o->error != NULL) {
		diag_error(d, NULL, 0, 0, "cannot write %s", o->error);
		output_rmtree(o->staging);
		goto out;
	}
	util_sort_by_str(o->made, o->nmade, sizeof(*o->made),
	    offsetof(struct out_entry, rel));
	/* Both sorted: what the spare holds and this build did not make. */
	for (i = 0, k = 0; o->spare && i < o->prev.n; i++) {
		while (k < o->nmade && strcmp(o->made[k].rel,
		    o->prev.v[i].rel) < 0)
			k++;
		if (k == o->nmade || strcmp(o->made[k].rel,
		    o->prev.v[i].rel) != 0)
			drop(o, o->prev.v[i].rel);
	}
	if (!o->have_old) {
		if (rename(o->staging, o->target) != 0) {
			diag_error(d, NULL, 0, 0, "cannot rename to %s: %s",
			    o->target, strerror(errno));
			output_rmtree(o->staging);
			goto out;
		}
		rc = 0;
		goto done;
	}
	if (renameat2(AT_FDCWD, o->staging, AT_FDCWD, o->target,
	    RENAME_EXCHANGE) != 0) {
		diag_error(d, NULL, 0, 0, "cannot swap %s into place: %s",
		    o->target, strerror(errno));
		output_rmtree(o->staging);
		goto out;
	}
	/*
	 * The staging path now holds the previous output.  With a cache
	 * that knows what it holds, it is kept as the spare tree the next
	 * build updates; else it is removed.
	 */
	rc = 0;
	if (o->cache != NULL && o->live.n > 0) {
		snprintf(tree, sizeof(tree), "%s/tree", o->cache);
		if (!o->spare)
			output_rmtree(tree);
		if (rename(o->staging, tree) == 0) {
			*spare_kept = true;
			goto done;
		}
	}
	output_rmtree(o->staging);
done:
	made->v = o->made;
	made->n = o->nmade;
	made->names = o->names;
	o->made = NULL;
	o->nmade = 0;
	o->names = NULL;
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

void
output_manifest_free(struct out_manifest *m)
{
	arena_free(m->names);
	free(m->v);
	m->v = NULL;
	m->n = 0;
	m->names = NULL;
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
