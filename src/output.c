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
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

/*
 * Who writes each output path: a table of paths (claims and writes), so
 * that a second writer is caught with one insert per path.  The folders
 * above each path are in it too, so that a file where another path needs
 * a folder ("heraldo.css" and "heraldo.css/index.html") is caught with
 * one lookup per path component.
 */
struct claim {
	const char	*rel;		/* in "names" */
	const char	*source;	/* a site file; NULL: heraldo's */
	unsigned	 line;
	bool		 file;		/* claimed as a file */
	bool		 written;
	bool		 clashed;	/* with a folder: reported, never written */
	uint32_t	 inside;	/* a folder: its first file; or UINT32_MAX */
};

struct conflict {
	const char	*source;
	unsigned	 line;
	char		*msg;
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
	size_t		 nsorted;	/* made[0..nsorted) is sorted */
	struct arena	*names;		/* made's paths, or borrowed */
	struct claim	*claims;	/* guarded by "lock" */
	size_t		 nclaims, capclaims;
	uint32_t	*cslot;		/* claims by path; UINT32_MAX */
	size_t		 cmask;
	struct conflict	*conflicts;
	size_t		 nconflicts;
	struct out_tree_id	 staged_id;
	atomic_size_t	 written, linked, edited;
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

/*
 * Whether "name" is a staging folder of output "base" whose build is
 * gone: ".BASE.heraldo-PID-XXXXXX" (output_begin's) with PID no longer
 * running, or the pid-less ".BASE.heraldo-XXXXXX" of builds that took no
 * lock.  The caller holds the output's lock, so no live build of this
 * output has a staging folder; the pid is checked all the same, and
 * names of other outputs (".BASE.heraldo-x" is output "BASE.heraldo-x"'s
 * prefix) are never matched.
 */
static bool
abandoned(const char *name, const char *base)
{
	char		 prefix[NAME_MAX + 2], *end;
	const char	*rest;
	long		 pid;

	snprintf(prefix, sizeof(prefix), ".%s.heraldo-", base);
	if (!util_startswith(name, prefix))
		return false;
	rest = name + strlen(prefix);
	if (strlen(rest) == 6 && strchr(rest, '.') == NULL &&
	    strchr(rest, '-') == NULL && strcmp(rest, "cache") != 0)
		return true;
	pid = strtol(rest, &end, 10);
	if (end == rest || *end != '-' || strlen(end + 1) != 6 ||
	    strchr(end + 1, '.') != NULL || pid <= 0)
		return false;
	return pid != (long)getpid() && kill((pid_t)pid, 0) != 0 &&
	    errno == ESRCH;
}

/* Remove staging folders that killed builds left beside the target. */
static void
sweep(const char *parent, const char *base)
{
	DIR		*dir;
	struct dirent	*e;
	char		 path[PATH_MAX];

	if ((dir = opendir(parent)) == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		if (!abandoned(e->d_name, base))
			continue;
		snprintf(path, sizeof(path), "%s/%s", parent, e->d_name);
		output_rmtree(path);
	}
	closedir(dir);
}

/* ".NAME.heraldo-SUFFIX" beside output "dir" (malloc'd), or NULL. */
static char *
beside(const char *dir, const char *suffix)
{
	char	*abs = absolute(dir), *slash, *path;
	size_t	 n;

	if (abs == NULL)
		return NULL;
	slash = strrchr(abs, '/');
	n = strlen(abs) + strlen(suffix) + 16;
	path = xmalloc(n);
	*slash = '\0';
	snprintf(path, n, "%s/.%s.heraldo-%s", abs, slash + 1, suffix);
	free(abs);
	return path;
}

char *
output_cache_dir(const char *dir)
{
	return beside(dir, "cache");
}

/* The lock file of output "dir": ".NAME.heraldo-lock" beside it. */
static char *
lock_path(const char *dir)
{
	return beside(dir, "lock");
}

/* The pid the lock's holder wrote in it, or 0. */
static long
lock_owner(int fd)
{
	char	 buf[32];
	ssize_t	 n;

	if ((n = pread(fd, buf, sizeof(buf) - 1, 0)) <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/*
 * The lock file is removed by its holder when done, so that none is
 * left beside the output: a build that locked a file since removed (its
 * inode no longer at the path) tries again, so that two builds never
 * hold two different files.
 */
struct out_lock {
	int	 fd;
	char	*path;
};

struct out_lock *
output_lock(const char *dir, bool wait, bool *busy, struct diags *d)
{
	struct out_lock	*l;
	struct stat	 a, b;
	char		*path = lock_path(dir), pid[32];
	bool		 said = false;
	long		 owner;
	int		 fd, n;

	*busy = false;
	if (path == NULL) {
		diag_error(d, NULL, 0, 0, "--out %s: cannot resolve", dir);
		return NULL;
	}
again:
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0644)) < 0) {
		diag_error(d, NULL, 0, 0, "%s: cannot open the output's lock: "
		    "%s", path, strerror(errno));
		free(path);
		return NULL;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		owner = lock_owner(fd);
		if (errno != EWOULDBLOCK || !wait) {
			*busy = errno == EWOULDBLOCK;
			if (*busy)
				diag_error(d, NULL, 0, 0, "--out %s: another "
				    "build of it is running (pid %ld); try "
				    "again once it ends, or leave out "
				    "--no-wait to wait for it", dir, owner);
			else
				diag_error(d, NULL, 0, 0, "%s: cannot lock: "
				    "%s", path, strerror(errno));
			close(fd);
			free(path);
			return NULL;
		}
		if (!said)
			fprintf(stderr, "heraldo: waiting for another build "
			    "of %s to finish (pid %ld)\n", dir, owner);
		said = true;
		while (flock(fd, LOCK_EX) != 0)
			if (errno != EINTR) {
				diag_error(d, NULL, 0, 0, "%s: cannot lock: "
				    "%s", path, strerror(errno));
				close(fd);
				free(path);
				return NULL;
			}
	}
	if (fstat(fd, &a) != 0 || stat(path, &b) != 0 ||
	    a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
		close(fd);
		goto again;
	}
	/* The pid is only for another build's waiting message. */
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0)
		(void)!pwrite(fd, pid, (size_t)n, 0);
	l = xcalloc(1, sizeof(*l));
	l->fd = fd;
	l->path = path;
	return l;
}

void
output_unlock(struct out_lock *l)
{
	if (l == NULL)
		return;
	/* Removed while still held: see struct out_lock. */
	unlink(l->path);
	close(l->fd);
	free(l->path);
	free(l);
}

bool
output_tree_id(struct out_tree_id *id, const char *path)
{
	struct statx	 sx;

	memset(id, 0, sizeof(*id));
	if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_INO |
	    STATX_TYPE | STATX_BTIME, &sx) != 0 || !S_ISDIR(sx.stx_mode))
		return false;
	id->ino = sx.stx_ino;
	if (sx.stx_mask & STATX_BTIME)
		id->btime = (uint64_t)sx.stx_btime.tv_sec * 1000000000u +
		    sx.stx_btime.tv_nsec;
	return true;
}

bool
output_tree_id_eq(struct out_tree_id a, struct out_tree_id b)
{
	return a.ino != 0 && a.ino == b.ino && a.btime == b.btime;
}

static struct out_stamp
stamp_of(const struct stat *st)
{
	struct out_stamp	 s;

	s.size = (uint64_t)st->st_size;
	s.mtime = (uint64_t)st->st_mtim.tv_sec * 1000000000u +
	    (uint64_t)st->st_mtim.tv_nsec;
	s.ino = (uint64_t)st->st_ino;
	return s;
}

static bool
stamp_eq(struct out_stamp a, struct out_stamp b)
{
	return a.size == b.size && a.mtime == b.mtime && a.ino == b.ino;
}

/* Whether tree fd's "rel" is a regular file with stamp "want". */
static bool
stamped(int fd, const char *rel, struct out_stamp want)
{
	struct stat	 st;

	return fd >= 0 && fstatat(fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode) && stamp_eq(stamp_of(&st), want);
}

/* Eight bytes a step: a build looks every path up two or three times. */
static uint64_t
path_hash_n(const char *s, size_t n)
{
	uint64_t	 h = 0x9e3779b97f4a7c15ULL, w;
	size_t		 i;

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

static uint64_t
path_hash(const char *s)
{
	return path_hash_n(s, strlen(s));
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

struct spare_check *
output_check_spare(const char *dir, const struct out_manifest *live,
    const struct out_manifest *prev)
{
	struct spare_check	*c;
	char			 tree[PATH_MAX];
	size_t			 k;
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
	/*
	 * A stat per file: a file edited by hand in the spare tree (or in
	 * the output, when both trees share it as one file) no longer has
	 * the stamp its manifest says, and is not kept.
	 */
	for (k = 0; k < prev->n; k++)
		c->there[k] = stamped(fd, prev->v[k].rel, prev->v[k].stamp);
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
	/* The pid tells a later sweep whether the build is gone. */
	snprintf(tmpl, sizeof(tmpl), "%s/.%s.heraldo-%ld-XXXXXX", o->parent,
	    o->base, (long)getpid());
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

/*
 * Whether the previous output's "rel" holds exactly data[0..len); *st
 * is then its stat.
 */
static bool
same_as_old(const struct output *o, const char *rel, const void *data,
    size_t len, struct stat *st)
{
	char	*buf;
	bool	 same = false;
	int	 fd;

	if (!o->have_old || o->target_fd < 0)
		return false;
	if ((fd = openat(o->target_fd, rel, O_RDONLY | O_NOFOLLOW)) < 0)
		return false;
	if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) ||
	    (size_t)st->st_size != len) {
		close(fd);
		return false;
	}
	buf = xmalloc(len + 1);
	if (read(fd, buf, len) == (ssize_t)len)
		same = memcmp(buf, data, len) == 0;
	free(buf);
	close(fd);
	return same;
}

/* The entry of rel[0..n), or NULL and the slot it would take; with "lock". */
static struct claim *
claim_find(struct output *o, const char *rel, size_t n, size_t *slot)
{
	struct claim	*c;
	size_t		 k;

	if (o->cslot == NULL)
		return NULL;
	for (k = (size_t)(path_hash_n(rel, n) >> 32) & o->cmask;
	    o->cslot[k] != UINT32_MAX; k = (k + 1) & o->cmask) {
		c = &o->claims[o->cslot[k]];
		if (strncmp(c->rel, rel, n) == 0 && c->rel[n] == '\0')
			return c;
	}
	*slot = k;
	return NULL;
}

/* Room for "more" entries, so that no slot found moves; with "lock". */
static void
claim_reserve(struct output *o, size_t more)
{
	size_t	 i, k, cap;

	if (o->cslot == NULL || (o->nclaims + more) * 2 + 2 > o->cmask + 1) {
		cap = o->cslot == NULL ? 1024 : o->cmask + 1;
		while ((o->nclaims + more) * 2 + 2 > cap)
			cap *= 2;
		free(o->cslot);
		o->cslot = xmalloc(cap * sizeof(*o->cslot));
		memset(o->cslot, 0xff, cap * sizeof(*o->cslot));
		o->cmask = cap - 1;
		for (i = 0; i < o->nclaims; i++) {
			for (k = (size_t)(path_hash(o->claims[i].rel) >> 32) &
			    o->cmask; o->cslot[k] != UINT32_MAX;
			    k = (k + 1) & o->cmask)
				;
			o->cslot[k] = (uint32_t)i;
		}
	}
	if (o->nclaims + more > o->capclaims) {
		while (o->nclaims + more > o->capclaims)
			o->capclaims = o->capclaims ? o->capclaims * 2 : 1024;
		o->claims = xrealloc(o->claims, o->capclaims *
		    sizeof(*o->claims));
	}
	if (o->names == NULL)
		o->names = arena_new();
}

/* A new entry for rel[0..n) at "slot" (claim_reserve made room). */
static uint32_t
claim_insert(struct output *o, size_t slot, const char *rel, size_t n)
{
	struct claim	*c = &o->claims[o->nclaims];

	c->rel = arena_strndup(o->names, rel, n);
	c->source = NULL;
	c->line = 0;
	c->file = false;
	c->written = false;
	c->clashed = false;
	c->inside = UINT32_MAX;
	o->cslot[slot] = (uint32_t)o->nclaims;
	return (uint32_t)o->nclaims++;
}

/* With "lock" held. */
static void
conflict(struct output *o, const char *source, unsigned line, char *msg)
{
	o->conflicts = xrealloc(o->conflicts, (o->nconflicts + 1) *
	    sizeof(*o->conflicts));
	o->conflicts[o->nconflicts].source = source;
	o->conflicts[o->nconflicts].line = line;
	o->conflicts[o->nconflicts++].msg = msg;
}

static char *
msgf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
msgf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

/* "content/posts/a.md" or "content/posts/a.md:4". */
static char *
where(const struct claim *c)
{
	return c->line > 0 ? msgf("%s:%u", c->source, c->line) :
	    msgf("%s", c->source);
}

/*
 * File claim "f" is where claim "c" needs a folder: the error goes to
 * the site's file ("c" when both are), and "c" is never written.  One
 * that a file of the site writes was reported once already when it
 * clashed before; heraldo's pages inside it are dropped quietly.
 */
static void
clash_above(struct output *o, struct claim *c, struct claim *f)
{
	char	*w;

	c->clashed = true;
	if (c->source != NULL && f->source != NULL) {
		w = where(f);
		conflict(o, c->source, c->line, msgf("writes /%s, in a folder "
		    "/%s/, where %s writes a file; give one of them another "
		    "path", c->rel, f->rel, w));
		free(w);
	} else if (c->source != NULL)
		conflict(o, c->source, c->line, msgf("writes /%s, in a folder "
		    "/%s/, where heraldo writes a file of its own; give it "
		    "another path", c->rel, f->rel));
	else if (f->source != NULL && !f->clashed)
		conflict(o, f->source, f->line, msgf("writes /%s, where "
		    "heraldo makes a folder /%s/ of its own; give it another "
		    "path", f->rel, f->rel));
	else if (f->source == NULL)
		conflict(o, NULL, 0, msgf("%s: written as a file and as a "
		    "folder (for %s) by heraldo itself", f->rel, c->rel));
	f->clashed = true;
}

/*
 * File claim "c" is a folder that file claim "q" is in: as clash_above,
 * from the other side.
 */
static void
clash_below(struct output *o, struct claim *c, const struct claim *q)
{
	char	*w;

	c->clashed = true;
	if (c->source != NULL && q->source != NULL) {
		w = where(q);
		conflict(o, c->source, c->line, msgf("writes /%s, where %s "
		    "writes /%s, in a folder /%s/; give one of them another "
		    "path", c->rel, w, q->rel, c->rel));
		free(w);
	} else if (c->source != NULL)
		conflict(o, c->source, c->line, msgf("writes /%s, where "
		    "heraldo makes a folder /%s/ of its own; give it another "
		    "path", c->rel, c->rel));
	else if (q->source != NULL)
		conflict(o, q->source, q->line, msgf("writes /%s, in a folder "
		    "/%s/, where heraldo writes a file of its own; give it "
		    "another path", q->rel, c->rel));
	else
		conflict(o, NULL, 0, msgf("%s: written as a file and as a "
		    "folder (for %s) by heraldo itself", c->rel, q->rel));
}

/*
 * Claim "rel" as a file for "source" (NULL: heraldo's), which no other
 * claims as a file; with "lock" held.  Each folder above it is looked up
 * once, top down, and added when new, naming it as the folder's first
 * file.  A file where a folder is, or a folder where a file is, is a
 * clash: recorded, and the claim is never written.  Returns the claim.
 */
static struct claim *
claim_new(struct output *o, const char *rel, const char *source,
    unsigned line)
{
	struct claim	*c, *e;
	const char	*p;
	size_t		 slot = 0, depth = 1;
	uint32_t	 me;

	for (p = rel; (p = strchr(p, '/')) != NULL; p++)
		depth++;
	claim_reserve(o, depth);
	if ((c = claim_find(o, rel, strlen(rel), &slot)) == NULL)
		c = &o->claims[claim_insert(o, slot, rel, strlen(rel))];
	me = (uint32_t)(c - o->claims);
	c->file = true;
	c->source = source != NULL ? arena_strdup(o->names, source) : NULL;
	c->line = line;
	if (c->inside != UINT32_MAX) {
		clash_below(o, c, &o->claims[c->inside]);
		return c;
	}
	for (p = rel; (p = strchr(p, '/')) != NULL; p++) {
		if ((e = claim_find(o, rel, (size_t)(p - rel), &slot)) ==
		    NULL)
			e = &o->claims[claim_insert(o, slot, rel,
			    (size_t)(p - rel))];
		if (e->file) {
			clash_above(o, &o->claims[me], e);
			break;
		}
		if (e->inside == UINT32_MAX)
			e->inside = me;
	}
	return &o->claims[me];
}

bool
output_claim(struct output *o, const char *rel, const char *source,
    unsigned line)
{
	struct claim	*c;
	char		*w;
	size_t		 slot;
	bool		 ok = false;

	pthread_mutex_lock(&o->lock);
	if ((c = claim_find(o, rel, strlen(rel), &slot)) == NULL ||
	    !c->file)
		ok = !claim_new(o, rel, source, line)->clashed;
	else if (c->source != NULL) {
		w = where(c);
		conflict(o, arena_strdup(o->names, source), line, msgf("writes "
		    "/%s, as %s does; give one of them another path", rel, w));
		free(w);
	} else
		conflict(o, arena_strdup(o->names, source), line, msgf("writes "
		    "/%s, where heraldo writes a page, list, feed or file of "
		    "its own; give it another path", rel));
	pthread_mutex_unlock(&o->lock);
	return ok;
}

/*
 * Claim "rel" for a write: true when the path is this write's to make.
 * A second write of a path is recorded as a conflict, naming the site
 * file that claimed it when there is one; a path that clashed with a
 * folder is not written.
 */
static bool
claim_write(struct output *o, const char *rel)
{
	struct claim	*c;
	size_t		 slot;
	bool		 ok = true;

	pthread_mutex_lock(&o->lock);
	if ((c = claim_find(o, rel, strlen(rel), &slot)) == NULL ||
	    !c->file)
		c = claim_new(o, rel, NULL, 0);
	else if (c->written && !c->clashed) {
		ok = false;
		if (c->source != NULL)
			conflict(o, c->source, c->line, msgf("writes /%s, "
			    "where heraldo writes a page, list, feed or file "
			    "of its own; give it another path", rel));
		else
			conflict(o, NULL, 0, msgf("%s: written twice by "
			    "heraldo itself", rel));
	}
	if (c->clashed)
		ok = false;
	c->written = true;
	pthread_mutex_unlock(&o->lock);
	return ok;
}

/*
 * Record what the new tree holds at "rel", for the cache's manifest: a
 * copy of "rel", or "rel" itself when it is the live manifest's (kept
 * files, most of them after a small change).
 */
static void
record(struct output *o, const char *rel, bool borrow, struct hkey content,
    struct hkey job, struct out_stamp stamp)
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
	o->made[o->nmade].job = job;
	o->made[o->nmade++].stamp = stamp;
	pthread_mutex_unlock(&o->lock);
}

/*
 * What an older build left in the spare tree where this one needs the
 * way clear: a folder at "path", which is a file now, or a file where a
 * folder above "path" now goes ("old/a.html" and "old/a.html/index.html").
 * The claims make sure no file of this build is in the way.  True when
 * something was removed, and the write may be tried again.
 */
static bool
clear_way(const struct output *o, int err, char *path)
{
	struct stat	 st;
	char		*p;
	bool		 cleared = false;

	if (!o->spare || (err != EEXIST && err != EISDIR && err != ENOTDIR))
		return false;
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		output_rmtree(path);
		return true;
	}
	for (p = strchr(path + strlen(o->staging) + 1, '/'); p != NULL &&
	    !cleared; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
			cleared = unlink(path) == 0;
		*p = '/';
	}
	return cleared;
}

/* Link the previous output's "rel" into the new tree at "path". */
static bool
link_old(struct output *o, const char *rel, char *path)
{
	char	 old[PATH_MAX];
	int	 tries;

	snprintf(old, sizeof(old), "%s/%s", o->target, rel);
	if (o->spare)
		unlink(path);
	/* Folders are made when the first file needs them. */
	for (tries = 0; tries < 2; tries++) {
		if (link(old, path) == 0 || (errno == ENOENT &&
		    mkparents(path) == 0 && link(old, path) == 0)) {
			atomic_fetch_add(&o->linked, 1);
			return true;
		}
		if (!clear_way(o, errno, path))
			break;
	}
	return false;
}

/* A new file at "path" (its folders made as needed), or -1. */
static int
create(const struct output *o, char *path)
{
	int	 fd, tries;

	for (tries = 0; tries < 2; tries++) {
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) >= 0 ||
		    (errno == ENOENT && mkparents(path) == 0 &&
		    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) >= 0))
			return fd;
		if (!clear_way(o, errno, path))
			break;
	}
	return -1;
}

/*
 * A test-only fault (util_fault): "enospc-after:N" makes the write of
 * every output file after the first N fail as a full disk would.
 */
static bool
disk_full(void)
{
	static atomic_long	 left = -2;
	const char		*v;
	long			 n = atomic_load(&left);

	if (n == -2) {
		v = util_fault();
		n = util_startswith(v, "enospc-after:") ?
		    strtol(v + 13, NULL, 10) : -1;
		atomic_store(&left, n);
	}
	return n >= 0 && atomic_fetch_sub(&left, 1) <= 0;
}

static bool
write_file(struct output *o, char *path, const void *data,
    size_t len, struct out_stamp *stamp)
{
	const char	*p = data;
	struct stat	 st;
	ssize_t		 n;
	int		 fd;

	if (o->spare)
		unlink(path);
	if ((fd = create(o, path)) < 0) {
		fail(o, path, errno);
		return false;
	}
	if (disk_full()) {
		fail(o, path, ENOSPC);
		close(fd);
		return false;
	}
	while (len > 0) {
		if ((n = write(fd, p, len)) < 0) {
			if (errno == EINTR)
				continue;
			fail(o, path, errno);
			close(fd);
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	memset(stamp, 0, sizeof(*stamp));
	if (fstat(fd, &st) == 0)
		*stamp = stamp_of(&st);
	if (close(fd) != 0) {
		fail(o, path, errno);
		return false;
	}
	atomic_fetch_add(&o->written, 1);
	return true;
}

/*
 * The spare tree's entry for "rel" when it holds "content" there: its
 * manifest says so and the file is there as it was left (a file removed
 * or edited by hand is still in its manifest).
 */
static const struct out_entry *
spare_has(const struct output *o, const char *rel, struct hkey content)
{
	const struct out_entry	*e;

	if (!o->spare || (e = mindex_find(&o->iprev, rel)) == NULL ||
	    !hash_eq(e->content, content))
		return NULL;
	if (o->there != NULL)
		return o->there[e - o->prev.v] ? e : NULL;
	return stamped(o->staging_fd, rel, e->stamp) ? e : NULL;
}

/*
 * Whether the current output's "live" file is as the build left it;
 * with "count", one that is not is counted as edited by hand.
 */
static bool
live_ok(struct output *o, const struct out_entry *live, bool count)
{
	struct stat	 st;

	if (fstatat(o->target_fd, live->rel, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(st.st_mode))
		return false;
	if (stamp_eq(stamp_of(&st), live->stamp))
		return true;
	if (count)
		atomic_fetch_add(&o->edited, 1);
	return false;
}

/*
 * Put the file whose digest is "content" at "rel": nothing to do when
 * the spare tree holds it already; a link when the live tree holds it;
 * else data is written.  Then record it.
 */
static void
place(struct output *o, const char *rel, struct hkey content,
    struct hkey job, const void *data, size_t len)
{
	const struct out_entry	*live = mindex_find(&o->ilive, rel), *e;
	struct out_stamp	 stamp;
	struct stat		 st;
	char			 path[PATH_MAX];

	if (!claim_write(o, rel))
		return;
	snprintf(path, sizeof(path), "%s/%s", o->staging, rel);
	if ((e = spare_has(o, rel, content)) != NULL) {
		atomic_fetch_add(&o->linked, 1);
		record(o, rel, false, content, job, e->stamp);
		return;
	}
	if (live != NULL && hash_eq(live->content, content)) {
		if (live_ok(o, live, live->job.a == 0 && live->job.b == 0) &&
		    link_old(o, rel, path)) {
			record(o, rel, false, content, job, live->stamp);
			return;
		}
	} else if (o->live.n == 0 && same_as_old(o, rel, data, len, &st) &&
	    link_old(o, rel, path)) {
		record(o, rel, false, content, job, stamp_of(&st));
		return;
	}
	if (data == NULL) {
		fail(o, path, ENOENT);
		return;
	}
	if (write_file(o, path, data, len, &stamp))
		record(o, rel, false, content, job, stamp);
}

static int
cmp_made(const void *key, const void *e)
{
	return strcmp(key, ((const struct out_entry *)e)->rel);
}

bool
output_has(struct output *o, const char *rel)
{
	bool	 has;

	pthread_mutex_lock(&o->lock);
	if (o->nsorted != o->nmade) {
		util_sort_by_str(o->made, o->nmade, sizeof(*o->made),
		    offsetof(struct out_entry, rel));
		o->nsorted = o->nmade;
	}
	has = bsearch(rel, o->made, o->nmade, sizeof(*o->made),
	    cmp_made) != NULL;
	pthread_mutex_unlock(&o->lock);
	return has;
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
	place(o, rel, hash_bytes(data, len), job, data, len);
}

bool
output_unchanged(struct output *o, const char *rel, struct hkey job,
    struct hkey alt)
{
	const struct out_entry	*live = mindex_find(&o->ilive, rel);

	if (live == NULL || (live->job.a == 0 && live->job.b == 0) ||
	    (!hash_eq(live->job, job) && !hash_eq(live->job, alt)))
		return false;
	/*
	 * The file kept is the spare tree's when it holds the same, else
	 * the current output's, linked: it must be there as the build left
	 * it (a file removed or edited by hand is made again).
	 */
	if (spare_has(o, rel, live->content) != NULL) {
		o->found[live - o->live.v] = 1;
		return true;
	}
	if (!live_ok(o, live, true))
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
	const struct out_entry	*live = mindex_find(&o->ilive, rel), *e;
	char			 path[PATH_MAX];

	if (live == NULL) {
		fail(o, rel, ENOENT);
		return;
	}
	if (!claim_write(o, rel))
		return;
	/* output_unchanged saw where the file is. */
	if (o->found[live - o->live.v] == 1) {
		atomic_fetch_add(&o->linked, 1);
		e = mindex_find(&o->iprev, rel);
		record(o, live->rel, true, live->content, live->job,
		    e != NULL ? e->stamp : live->stamp);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", o->staging, live->rel);
	if (!link_old(o, live->rel, path))
		fail(o, path, errno);
	else
		record(o, live->rel, true, live->content, live->job,
		    live->stamp);
}

static void
output_free(struct output *o)
{
	size_t	 i;

	arena_free(o->names);
	free(o->made);
	free(o->claims);
	free(o->cslot);
	for (i = 0; i < o->nconflicts; i++)
		free(o->conflicts[i].msg);
	free(o->conflicts);
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

static int
cmp_conflict(const void *pa, const void *pb)
{
	const struct conflict	*a = pa, *b = pb;
	int			 c;

	if ((c = strcmp(a->source != NULL ? a->source : "",
	    b->source != NULL ? b->source : "")) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return strcmp(a->msg, b->msg);
}

/* Whether the old tree is kept as the spare once swapped out. */
static bool
keeps_spare(const struct output *o)
{
	return o->have_old && o->cache != NULL && o->live.n > 0;
}

int
output_seal(struct output *o, struct out_manifest *made,
    struct out_tree_id *live, struct out_tree_id *spare, struct diags *d)
{
	size_t	 i, k;

	made->v = NULL;
	made->n = 0;
	made->names = NULL;
	memset(live, 0, sizeof(*live));
	memset(spare, 0, sizeof(*spare));
	if (o->nconflicts > 0 || o->error != NULL) {
		if (o->nconflicts > 1)
			qsort(o->conflicts, o->nconflicts,
			    sizeof(*o->conflicts), cmp_conflict);
		for (i = 0; i < o->nconflicts; i++)
			if (i == 0 || cmp_conflict(&o->conflicts[i - 1],
			    &o->conflicts[i]) != 0)
				diag_error(d, o->conflicts[i].source,
				    o->conflicts[i].line, 0, "%s",
				    o->conflicts[i].msg);
		if (o->error != NULL)
			diag_error(d, NULL, 0, 0, "cannot write %s", o->error);
		output_abort(o);
		return -1;
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
	output_tree_id(&o->staged_id, o->staging);
	*live = o->staged_id;
	if (keeps_spare(o))
		output_tree_id(spare, o->target);
	/* The manifest's paths live in "names", which goes with it. */
	made->v = o->made;
	made->n = o->nmade;
	made->names = o->names;
	o->made = NULL;
	o->nmade = 0;
	o->names = NULL;
	return 0;
}

/*
 * A test-only fault (util_fault): "crash-after-swap" kills the build as
 * kill -9 would, right after its output is swapped into place.
 */
static void
crash_point(const char *at)
{
	if (strcmp(util_fault(), at) == 0)
		raise(SIGKILL);
}

int
output_commit(struct output *o, bool *spare_kept, struct diags *d)
{
	char	 tree[PATH_MAX];
	int	 rc = -1;

	*spare_kept = false;
	if (!o->have_old) {
		if (rename(o->staging, o->target) != 0) {
			diag_error(d, NULL, 0, 0, "cannot rename to %s: %s",
			    o->target, strerror(errno));
			output_rmtree(o->staging);
			goto out;
		}
		crash_point("crash-after-swap");
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
	crash_point("crash-after-swap");
	/*
	 * The staging path now holds the previous output.  With a cache
	 * that knows what it holds, it is kept as the spare tree the next
	 * build updates; else it is removed.
	 */
	rc = 0;
	if (keeps_spare(o)) {
		snprintf(tree, sizeof(tree), "%s/tree", o->cache);
		if (!o->spare)
			output_rmtree(tree);
		if (rename(o->staging, tree) == 0) {
			*spare_kept = true;
			goto out;
		}
	}
	output_rmtree(o->staging);
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

size_t
output_edited(const struct output *o)
{
	return atomic_load(&o->edited);
}
