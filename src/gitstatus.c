/*
 * gitstatus: uncommitted changes counted from the index file and the work
 * tree's stat data (gitstatus.h).
 *
 * The index format is git's Documentation/gitformat-index.txt.  A file
 * counts as `git status` shows it: modified (its stat data and then its
 * content differ from its entry), deleted, or untracked and not ignored.
 * What its stat data leave unsure (a racy entry, a touched file) is
 * hashed, through libgit2 so that the repository's filters apply.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitstatus.h"
#include "util.h"

#define ENTRY_FIXED	62	/* stat data, id and flags, before the path */
#define MODE_LINK	0120000
#define MODE_GITLINK	0160000
/* Past this many files to hash, libgit2's status also refreshes the index. */
#define MAX_UNSURE	64

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The tree cache's root: "\0<entries> <subtrees>\n" then its id. */
static void
parse_tree_ext(struct gitindex *ix, const unsigned char *p, size_t len)
{
	const unsigned char	*nl;

	if (len < 2 || p[0] != '\0' || p[1] == '-' ||
	    (nl = memchr(p + 1, '\n', len - 1)) == NULL ||
	    (size_t)(nl + 1 - p) + 20 > len)
		return;
	memcpy(ix->tree, nl + 1, 20);
	ix->tree_valid = true;
}

int
gitindex_parse(struct gitindex *ix, const void *data, size_t len)
{
	const unsigned char	*p = data, *e;
	struct gitindex_entry	*x;
	uint32_t		 version, count, flags, size;
	size_t			 off = 12, i, namelen, end;

	memset(ix, 0, sizeof(*ix));
	if (len < 12 + 20 || memcmp(p, "DIRC", 4) != 0)
		return -1;
	version = be32(p + 4);
	count = be32(p + 8);
	end = len - 20;		/* the checksum */
	if ((version != 2 && version != 3) ||
	    count > (end - off) / (ENTRY_FIXED + 2))
		return -1;
	ix->v = xcalloc(count + 1, sizeof(*ix->v));
	for (i = 0; i < count; i++) {
		if (end - off < ENTRY_FIXED + 2)
			goto bad;
		e = p + off;
		x = &ix->v[i];
		x->ctime_s = be32(e);
		x->ctime_ns = be32(e + 4);
		x->mtime_s = be32(e + 8);
		x->mtime_ns = be32(e + 12);
		x->ino = be32(e + 20);
		x->mode = be32(e + 24);
		x->uid = be32(e + 28);
		x->gid = be32(e + 32);
		x->size = be32(e + 36);
		memcpy(x->oid, e + 40, 20);
		flags = (uint32_t)e[60] << 8 | e[61];
		off += ENTRY_FIXED;
		/* Stage bits: a conflict. */
		if (flags & 0x3000)
			goto bad;
		if (flags & 0x4000) {
			/* Extended flags: skip-worktree, intent-to-add. */
			if (version < 3 || end - off < 2 + 1 ||
			    (p[off] & 0x60) != 0)
				goto bad;
			off += 2;
		}
		x->path = (const char *)p + off;
		if ((e = memchr(p + off, '\0', end - off)) == NULL)
			goto bad;
		namelen = (size_t)(e - (p + off));
		if (namelen == 0 || ((flags & 0xfff) != 0xfff &&
		    namelen != (flags & 0xfff)) ||
		    (i > 0 && strcmp(ix->v[i - 1].path, x->path) >= 0))
			goto bad;
		/* 1 to 8 NULs pad the entry to a multiple of 8 bytes. */
		off = (size_t)(e - p) + 1;
		while ((off - (size_t)(x->path - (const char *)p) +
		    ENTRY_FIXED + ((flags & 0x4000) ? 2 : 0)) % 8 != 0) {
			if (off >= end || p[off] != '\0')
				goto bad;
			off++;
		}
	}
	ix->n = count;
	while (end - off >= 8) {
		size = be32(p + off + 4);
		if (size > end - off - 8)
			goto bad;
		/* An extension whose name is not upper case is required. */
		if (p[off] < 'A' || p[off] > 'Z')
			goto bad;
		if (memcmp(p + off, "TREE", 4) == 0)
			parse_tree_ext(ix, p + off + 8, size);
		off += 8 + size;
	}
	if (off != end)
		goto bad;
	return 0;
bad:
	gitindex_free(ix);
	return -1;
}

void
gitindex_free(struct gitindex *ix)
{
	free(ix->v);
	memset(ix, 0, sizeof(*ix));
}

/* The first entry at or after path. */
static size_t
lower_bound(const struct gitindex *ix, const char *path)
{
	size_t	 lo = 0, hi = ix->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(ix->v[mid].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The entry named path, or -1. */
static ssize_t
find(const struct gitindex *ix, const char *path)
{
	size_t	 i = lower_bound(ix, path);

	return i < ix->n && strcmp(ix->v[i].path, path) == 0 ?
	    (ssize_t)i : -1;
}

struct walk {
	git_repository		*repo;
	const struct gitindex	*ix;
	unsigned char		*seen;		/* per entry */
	size_t			*unsure;	/* entries to hash */
	size_t			 nunsure;
	struct timespec		 stamp;		/* the index file's mtime */
	bool			 filemode, trustctime;
	size_t			 n;
	bool			 fail;
	char			 path[PATH_MAX];
};

static bool
time_eq(uint32_t s, uint32_t ns, const struct timespec *t)
{
	/* A writer that kept no nanoseconds wrote 0. */
	return s == (uint32_t)t->tv_sec && (ns == 0 || ns ==
	    (uint32_t)t->tv_nsec);
}

/* Compare a tracked file with its entry, as libgit2's diff does. */
static void
compare(struct walk *w, size_t i, const struct stat *st)
{
	const struct gitindex_entry	*x = &w->ix->v[i];
	uint32_t			 mode;

	if (S_ISLNK(st->st_mode))
		mode = MODE_LINK;
	else if (!S_ISREG(st->st_mode))
		mode = 0;
	else if (!w->filemode && (x->mode == 0100755 || x->mode == 0100644))
		mode = x->mode;
	else
		mode = st->st_mode & 0100 ? 0100755 : 0100644;
	if (mode != x->mode || (x->size != 0 &&
	    x->size != (uint32_t)st->st_size)) {
		w->n++;
		return;
	}
	if (x->size == 0 || !time_eq(x->mtime_s, x->mtime_ns, &st->st_mtim) ||
	    (w->trustctime && !time_eq(x->ctime_s, x->ctime_ns,
	    &st->st_ctim)) || x->ino != (uint32_t)st->st_ino ||
	    x->uid != (uint32_t)st->st_uid || x->gid != (uint32_t)st->st_gid ||
	    /* Racy: written in the index's own tick, maybe after it. */
	    st->st_mtim.tv_sec > w->stamp.tv_sec ||
	    (st->st_mtim.tv_sec == w->stamp.tv_sec &&
	    st->st_mtim.tv_nsec >= w->stamp.tv_nsec)) {
		if (w->nunsure == MAX_UNSURE || x->mode == MODE_LINK)
			w->fail = true;
		else
			w->unsure[w->nunsure++] = i;
	}
}

static bool
ignored(struct walk *w)
{
	int	 ig = 0;

	if (git_ignore_path_is_ignored(&ig, w->repo, w->path) < 0)
		w->fail = true;
	return ig == 1;
}

/* A dirent's type, from a stat when the file system gave none. */
static int
entry_type(int fd, const struct dirent *d, bool need_stat, struct stat *st)
{
	if (d->d_type != DT_UNKNOWN && !need_stat)
		return d->d_type;
	if (fstatat(fd, d->d_name, st, AT_SYMLINK_NOFOLLOW) != 0)
		return -1;
	return S_ISDIR(st->st_mode) ? DT_DIR : S_ISREG(st->st_mode) ? DT_REG :
	    S_ISLNK(st->st_mode) ? DT_LNK : DT_UNKNOWN;
}

/*
 * Walk folder fd, whose path w->path holds (len bytes, "" or ending in
 * "/"); "tracked" when the index has files under it.
 */
static void
walk_dir(struct walk *w, int fd, size_t len, bool tracked)
{
	struct dirent	*d;
	struct stat	 st;
	DIR		*dir;
	size_t		 nlen, k;
	ssize_t		 i;
	int		 type, sub;
	bool		 under;

	if ((dir = fdopendir(fd)) == NULL) {
		close(fd);
		w->fail = true;
		return;
	}
	while (!w->fail && (d = readdir(dir)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (strcmp(d->d_name, ".git") == 0) {
			/* The repository's own; any other is a nested one. */
			if (len != 0)
				w->fail = true;
			continue;
		}
		nlen = strlen(d->d_name);
		if (len + nlen + 2 > sizeof(w->path)) {
			w->fail = true;
			break;
		}
		memcpy(w->path + len, d->d_name, nlen + 1);
		/* A tracked folder's files are stat'ed: most are tracked. */
		type = entry_type(dirfd(dir), d, tracked && d->d_type != DT_DIR,
		    &st);
		i = tracked ? find(w->ix, w->path) : -1;
		if (type == -1)
			w->fail = true;
		else if (type != DT_DIR) {
			if (i >= 0) {
				w->seen[i] = 1;
				compare(w, (size_t)i, &st);
			} else if ((type == DT_REG || type == DT_LNK) &&
			    !ignored(w))
				w->n++;
		} else if (i >= 0) {
			/* A submodule is left out; a file now a folder is rare. */
			if (w->ix->v[i].mode != MODE_GITLINK)
				w->fail = true;
			w->seen[i] = 1;
		} else {
			w->path[len + nlen] = '/';
			w->path[len + nlen + 1] = '\0';
			k = tracked ? lower_bound(w->ix, w->path) : w->ix->n;
			under = k < w->ix->n && strncmp(w->ix->v[k].path,
			    w->path, len + nlen + 1) == 0;
			/* Untracked: each file under it not ignored counts. */
			if (!under && ignored(w))
				continue;
			if ((sub = openat(dirfd(dir), d->d_name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW)) < 0)
				w->fail = true;
			else
				walk_dir(w, sub, len + nlen + 1, under);
		}
	}
	closedir(dir);
}

static bool
config_bool(git_config *cfg, const char *name, bool def)
{
	int	 v;

	return git_config_get_bool(&v, cfg, name) == 0 ? v != 0 : def;
}

/* Whether the tree cache's root is HEAD's tree: nothing staged. */
static bool
index_is_head(git_repository *repo, const struct gitindex *ix)
{
	git_commit	*head = NULL;
	git_oid		 id;
	bool		 same;

	if (!ix->tree_valid ||
	    git_reference_name_to_id(&id, repo, "HEAD") < 0 ||
	    git_commit_lookup(&head, repo, &id) < 0)
		return false;
	same = memcmp(git_commit_tree_id(head)->id, ix->tree, 20) == 0;
	git_commit_free(head);
	return same;
}

/* The unsure files hashed: those whose content differs count. */
static void
hash_unsure(struct walk *w)
{
	git_oid		 id;
	size_t		 i;

	for (i = 0; i < w->nunsure && !w->fail; i++)
		if (git_repository_hashfile(&id, w->repo,
		    w->ix->v[w->unsure[i]].path, GIT_OBJECT_BLOB, NULL) < 0)
			w->fail = true;
		else if (memcmp(id.id, w->ix->v[w->unsure[i]].oid, 20) != 0)
			w->n++;
}

/*
 * The changes under w->path, a folder or a file ("" for the whole work
 * tree): what is there is compared or counted as new, and the index's
 * entries under it that were not seen are deleted files.
 */
static void
walk_part(struct walk *w, int root)
{
	struct stat	 st;
	size_t		 len = strlen(w->path), i;
	ssize_t		 x;
	int		 fd = -1;
	bool		 there = false;

	if (len > 0) {
		if (fstatat(root, w->path, &st, AT_SYMLINK_NOFOLLOW) == 0)
			there = true;
		else if (errno != ENOENT && errno != ENOTDIR) {
			w->fail = true;
			return;
		}
		x = find(w->ix, w->path);
		if (there && !S_ISDIR(st.st_mode)) {
			if (x >= 0) {
				w->seen[x] = 1;
				compare(w, (size_t)x, &st);
			} else if ((S_ISREG(st.st_mode) ||
			    S_ISLNK(st.st_mode)) && !ignored(w))
				w->n++;
			return;
		}
		/* A tracked file that is gone, or now a folder. */
		if (x >= 0 && !w->seen[x]) {
			w->seen[x] = 1;
			w->n++;
		}
		w->path[len++] = '/';
		w->path[len] = '\0';
	}
	if (len == 0 || there) {
		fd = openat(root, len > 0 ? w->path : ".", O_RDONLY |
		    O_DIRECTORY | O_NOFOLLOW);
		if (fd < 0) {
			w->fail = true;
			return;
		}
		walk_dir(w, fd, len, true);
		w->path[len] = '\0';
	}
	for (i = lower_bound(w->ix, w->path); i < w->ix->n &&
	    strncmp(w->ix->v[i].path, w->path, len) == 0; i++)
		if (!w->seen[i] && w->ix->v[i].mode != MODE_GITLINK) {
			w->seen[i] = 1;
			w->n++;
		}
}

int
gitstatus_count(size_t *n, git_repository *repo, const char *prefix,
    const char *const *parts)
{
	struct gitindex	 ix;
	struct walk	 w;
	struct stat	 st;
	git_config	*cfg = NULL;
	const char	*workdir = git_repository_workdir(repo);
	const char	*whole[] = { "", NULL };
	char		*data = NULL, path[PATH_MAX];
	size_t		 len, plen = strlen(prefix), i;
	ssize_t		 got;
	int		 fd, root = -1, rc = -1;
	bool		 ignorecase;

	*n = 0;
	memset(&ix, 0, sizeof(ix));
	memset(&w, 0, sizeof(w));
	if (parts == NULL)
		parts = whole;
	if (workdir == NULL || plen + 2 > sizeof(w.path) ||
	    snprintf(path, sizeof(path), "%sindex",
	    git_repository_path(repo)) >= (int)sizeof(path) ||
	    (fd = open(path, O_RDONLY)) < 0)
		return -1;
	if (fstat(fd, &st) != 0 || st.st_size < 32 ||
	    st.st_size > 1 << 30) {
		close(fd);
		return -1;
	}
	len = (size_t)st.st_size;
	data = xmalloc(len);
	for (i = 0; i < len; i += (size_t)got)
		if ((got = read(fd, data + i, len - i)) <= 0)
			break;
	close(fd);
	if (i != len || gitindex_parse(&ix, data, len) < 0 ||
	    !index_is_head(repo, &ix) ||
	    git_repository_config_snapshot(&cfg, repo) < 0)
		goto out;
	ignorecase = config_bool(cfg, "core.ignorecase", false);
	w.filemode = config_bool(cfg, "core.filemode", true);
	w.trustctime = config_bool(cfg, "core.trustctime", true);
	if (ignorecase)
		goto out;

	w.repo = repo;
	w.ix = &ix;
	w.stamp = st.st_mtim;
	w.seen = xcalloc(ix.n + 1, 1);
	w.unsure = xcalloc(MAX_UNSURE, sizeof(*w.unsure));
	if ((root = open(workdir, O_RDONLY | O_DIRECTORY)) < 0)
		goto out;
	for (i = 0; parts[i] != NULL && !w.fail; i++) {
		if (snprintf(w.path, sizeof(w.path) - 1, "%s%s%s", prefix,
		    plen > 0 && *parts[i] != '\0' ? "/" : "", parts[i]) >=
		    (int)sizeof(w.path) - 1)
			goto out;
		walk_part(&w, root);
	}
	hash_unsure(&w);
	if (w.fail)
		goto out;
	*n = w.n;
	rc = 0;
out:
	if (root >= 0)
		close(root);
	git_config_free(cfg);
	free(w.seen);
	free(w.unsure);
	gitindex_free(&ix);
	free(data);
	return rc;
}
