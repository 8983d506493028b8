/*
 * gitsrc: the site read from a git repository with libgit2 (the only file
 * that includes <git2.h>), or from the work tree on disk.
 *
 * A site folder is located by discovering the repository from the longest
 * prefix of its path that exists, so "repo.git/docs" names the docs/ tree
 * of a bare repository although no such folder exists on disk.
 *
 * History is one walk over the commits reachable from the resolved commit,
 * children before parents, newest first among the ready ones (git's
 * --topo-order --date-order).  Each commit's site tree is diffed against
 * its first parent's; a path -> file table makes a commit cost O(changes),
 * and commits that leave the site tree alone are skipped by comparing tree
 * ids.  The walk is ours rather than git_revwalk's because libgit2 1.5's
 * revwalk parses every parent and fails at a shallow clone's boundary.
 */
#define _XOPEN_SOURCE 700	/* realpath */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "gitsrc.h"
#include "gitstatus.h"
#include "util.h"

#define NONE	SIZE_MAX

struct gitsrc {
	git_repository	*repo;
	git_odb		*odb;
	/* The ref's commit; HEAD's in work-tree mode (NULL when unborn). */
	git_commit	*commit;
	git_tree	*tree;		/* the site folder at "commit" */
	char		*prefix;	/* its path in the tree: "", "docs" */
	char		*disk;		/* work-tree mode: its real path */
	char		*where;		/* the repository, for messages */
	char		*refname;	/* as given, or "HEAD" */
	char		 id[41];
	int64_t		 time;
	bool		 worktree;
	bool		 inited;
};

/* libgit2's last error message, which may be absent. */
static const char *
git_msg(void)
{
	const git_error	*e = git_error_last();

	return e != NULL && e->message != NULL ? e->message :
	    "unknown libgit2 error";
}

/* ASCII-only, so that no locale changes what matches. */
static bool
ascii_caseeq(const char *a, const char *b, size_t n)
{
	size_t	 i;
	int	 ca, cb;

	for (i = 0; i < n; i++) {
		ca = (unsigned char)a[i];
		cb = (unsigned char)b[i];
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb)
			return false;
	}
	return true;
}

/*
 * A site-relative path is usable when it has no empty, "." or ".."
 * component and does not start with "/": nothing may name a file outside
 * the site.  Nor may it pass through ".git", which is the repository and
 * never part of a tree.  "" (the site folder itself) is allowed where
 * "dir_ok".
 */
static bool
path_ok(const char *p, bool dir_ok)
{
	const char	*c, *e;
	size_t		 n;

	if (*p == '\0')
		return dir_ok;
	for (c = p;; c = e + 1) {
		e = strchr(c, '/');
		n = e != NULL ? (size_t)(e - c) : strlen(c);
		if (n == 0 || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.') ||
		    (n == 4 && memcmp(c, ".git", 4) == 0))
			return false;
		if (e == NULL)
			return true;
	}
}

/* ---- a small open-addressing hash table: bytes -> size_t ---- */

struct hslot {
	const char	*key;		/* NULL: empty slot */
	size_t		 len;
	uint64_t	 hash;
	size_t		 val;
};

struct htab {
	struct hslot	*v;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;
};

/* FNV-1a, 64 bits. */
static uint64_t
hash_bytes(const void *p, size_t len)
{
	const unsigned char	*s = p;
	uint64_t		 h = 14695981039346656037ULL;
	size_t			 i;

	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot holding "key", or the empty slot where it would go. */
static struct hslot *
htab_slot(const struct htab *t, const void *key, size_t len, uint64_t h)
{
	size_t		 i, mask = t->cap - 1;
	struct hslot	*s;

	/* Linear probing; the table is never more than half full. */
	for (i = (size_t)h & mask;; i = (i + 1) & mask) {
		s = &t->v[i];
		if (s->key == NULL || (s->hash == h && s->len == len &&
		    memcmp(s->key, key, len) == 0))
			return s;
	}
}

static void
htab_grow(struct htab *t)
{
	struct hslot	*old = t->v, *s;
	size_t		 i, oldcap = t->cap;

	t->cap = oldcap != 0 ? oldcap * 2 : 256;
	t->v = xcalloc(t->cap, sizeof(*t->v));
	for (i = 0; i < oldcap; i++)
		if (old[i].key != NULL) {
			s = htab_slot(t, old[i].key, old[i].len, old[i].hash);
			*s = old[i];
		}
	free(old);
}

/* The value stored for "key", or NULL. */
static size_t *
htab_get(const struct htab *t, const void *key, size_t len)
{
	struct hslot	*s;

	if (t->cap == 0)
		return NULL;
	s = htab_slot(t, key, len, hash_bytes(key, len));
	return s->key != NULL ? &s->val : NULL;
}

/*
 * The value for "key", added (as NONE, with the key copied into
 * "scratch") when absent.  The pointer lasts until the next put.
 */
static size_t *
htab_put(struct htab *t, const void *key, size_t len, struct arena *scratch)
{
	struct hslot	*s;
	uint64_t	 h = hash_bytes(key, len);
	char		*k;

	if ((t->n + 1) * 2 > t->cap)
		htab_grow(t);
	s = htab_slot(t, key, len, h);
	if (s->key == NULL) {
		k = arena_alloc(scratch, len + 1);
		memcpy(k, key, len);
		k[len] = '\0';
		s->key = k;
		s->len = len;
		s->hash = h;
		s->val = NONE;
		t->n++;
	}
	return &s->val;
}

static void
htab_free(struct htab *t)
{
	free(t->v);
	t->v = NULL;
	t->cap = t->n = 0;
}

/* ---- opening ---- */

/*
 * Find the repository holding "site_dir" and the site folder's path inside
 * its tree (s->prefix).  A bare repository's tree has no folders on disk,
 * so the path is cut back to its longest existing prefix, the repository
 * is discovered from there, and the rest is taken as folders in the tree.
 * *exists tells whether the whole path is a folder on disk.
 */
static int
locate(struct gitsrc *s, const char *site_dir, bool *exists,
    struct diags *d)
{
	struct buf	 path = BUF_INIT, tail = BUF_INIT, pre = BUF_INIT;
	char		*real = NULL, *base = NULL, *slash, *comp;
	char		 cwd[PATH_MAX];
	const char	*raw, *rel;
	struct stat	 st;
	size_t		 n;
	int		 err, rc = -1;

	if (site_dir[0] != '/') {
		if (getcwd(cwd, sizeof(cwd)) == NULL) {
			diag_error(d, "", 0, 0, "site folder \"%s\": %s",
			    site_dir, strerror(errno));
			goto out;
		}
		buf_printf(&path, "%s/", cwd);
	}
	buf_puts(&path, site_dir);
	for (;;) {
		if ((real = realpath(buf_cstr(&path), NULL)) != NULL)
			break;
		if (errno != ENOENT && errno != ENOTDIR) {
			diag_error(d, "", 0, 0, "site folder \"%s\": %s",
			    site_dir, strerror(errno));
			goto out;
		}
		while (path.len > 1 && path.data[path.len - 1] == '/')
			path.data[--path.len] = '\0';
		slash = strrchr(path.data, '/');
		comp = slash + 1;
		if (strcmp(comp, "..") == 0) {
			diag_error(d, "", 0, 0, "site folder \"%s\": not found",
			    site_dir);
			goto out;
		}
		if (*comp != '\0' && strcmp(comp, ".") != 0) {
			buf_reset(&pre);
			buf_puts(&pre, comp);
			if (tail.len > 0) {
				buf_putc(&pre, '/');
				buf_put(&pre, tail.data, tail.len);
			}
			buf_reset(&tail);
			buf_put(&tail, pre.data, pre.len);
		}
		path.len = (size_t)(slash - path.data) + (slash == path.data);
		path.data[path.len] = '\0';
	}
	*exists = tail.len == 0 && stat(real, &st) == 0 && S_ISDIR(st.st_mode);

	if ((err = git_repository_open_ext(&s->repo, real, 0, NULL)) < 0) {
		if (err == GIT_ENOTFOUND)
			diag_error(d, "", 0, 0, "site folder \"%s\": not in a "
			    "git repository; heraldo builds what is committed "
			    "(git init && git add -A && git commit -m \"First\"; "
			    "heraldo init makes a new site with its repository)",
			    site_dir);
		else
			diag_error(d, "", 0, 0, "site folder \"%s\": %s",
			    site_dir, git_msg());
		goto out;
	}
	raw = git_repository_is_bare(s->repo) ?
	    git_repository_path(s->repo) : git_repository_workdir(s->repo);
	if ((base = realpath(raw, NULL)) == NULL) {
		diag_error(d, "", 0, 0, "%s: %s", raw, strerror(errno));
		goto out;
	}
	s->where = xstrdup(base);
	n = strlen(base);
	if (strcmp(real, base) == 0)
		rel = "";
	else if (strcmp(base, "/") == 0)
		rel = real + 1;
	else if (strncmp(real, base, n) == 0 && real[n] == '/')
		rel = real + n + 1;
	else {
		diag_error(d, "", 0, 0, "site folder \"%s\": outside the work "
		    "tree of %s", site_dir, base);
		goto out;
	}
	buf_reset(&pre);
	buf_puts(&pre, rel);
	if (tail.len > 0) {
		if (pre.len > 0)
			buf_putc(&pre, '/');
		buf_put(&pre, tail.data, tail.len);
	}
	s->prefix = xstrdup(buf_cstr(&pre));
	/* Git keeps nothing named .git in a tree: it is the repository. */
	if (!path_ok(s->prefix, true)) {
		diag_error(d, "", 0, 0, "site folder \"%s\": inside a .git "
		    "folder", site_dir);
		goto out;
	}
	if (*exists)
		s->disk = xstrdup(real);
	rc = 0;
out:
	free(base);
	free(real);
	buf_free(&pre);
	buf_free(&tail);
	buf_free(&path);
	return rc;
}

/* The site folder's tree in "root", or *out = NULL when it has none. */
static int
site_subtree(git_tree **out, git_repository *repo, git_tree *root,
    const char *prefix)
{
	git_tree_entry	*e = NULL;
	int		 err;

	*out = NULL;
	if (*prefix == '\0')
		return git_tree_dup(out, root);
	if ((err = git_tree_entry_bypath(&e, root, prefix)) < 0)
		return err == GIT_ENOTFOUND ? 0 : err;
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		err = git_tree_lookup(out, repo, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return err;
}

/* Resolve the ref (HEAD by default) to a commit and the site's tree. */
static int
resolve(struct gitsrc *s, struct diags *d)
{
	git_object	*obj = NULL, *peeled = NULL;
	git_tree	*root = NULL;
	int		 err, rc = -1;

	if (strcmp(s->refname, "HEAD") == 0 &&
	    git_repository_head_unborn(s->repo) == 1) {
		diag_error(d, "", 0, 0, "ref \"HEAD\": %s has no commits yet; "
		    "heraldo builds what is committed (git add -A && git "
		    "commit -m \"First\"), or the files on disk with "
		    "--worktree", s->where);
		goto out;
	}
	if ((err = git_revparse_single(&obj, s->repo, s->refname)) < 0) {
		if (err == GIT_ENOTFOUND)
			diag_error(d, "", 0, 0, "ref \"%s\": not found in %s",
			    s->refname, s->where);
		else
			diag_error(d, "", 0, 0, "ref \"%s\": %s", s->refname,
			    git_msg());
		goto out;
	}
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		diag_error(d, "", 0, 0, "ref \"%s\": not a commit",
		    s->refname);
		goto out;
	}
	s->commit = (git_commit *)peeled;
	peeled = NULL;
	git_oid_tostr(s->id, sizeof(s->id), git_commit_id(s->commit));
	s->time = git_commit_time(s->commit);
	if (git_commit_tree(&root, s->commit) < 0 ||
	    site_subtree(&s->tree, s->repo, root, s->prefix) < 0) {
		diag_error(d, "", 0, 0, "ref \"%s\": %s", s->refname,
		    git_msg());
		goto out;
	}
	if (s->tree == NULL) {
		diag_error(d, "", 0, 0, "site folder \"%s\": not found at "
		    "ref \"%s\"", s->prefix, s->refname);
		goto out;
	}
	rc = 0;
out:
	git_tree_free(root);
	git_object_free(peeled);
	git_object_free(obj);
	return rc;
}

/* HEAD's commit for history in work-tree mode; none while unborn. */
static int
resolve_head(struct gitsrc *s, struct diags *d)
{
	git_object	*obj = NULL, *peeled = NULL;
	int		 rc = -1;

	if (git_repository_head_unborn(s->repo) == 1)
		return 0;
	if (git_revparse_single(&obj, s->repo, "HEAD") < 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		diag_error(d, "", 0, 0, "ref \"HEAD\": %s", git_msg());
		goto out;
	}
	s->commit = (git_commit *)peeled;
	rc = 0;
out:
	git_object_free(obj);
	return rc;
}

/*
 * In a pre-receive hook the pushed objects wait in a quarantine folder
 * that git names in GIT_OBJECT_DIRECTORY (the repository's own in
 * GIT_ALTERNATE_OBJECT_DIRECTORIES); libgit2 reads neither, so they
 * are added as alternates: the pushed commit can be built before it is
 * accepted.  Outside a hook neither is set.
 */
static int
hook_objects(git_odb *odb)
{
	const char	*dir = getenv("GIT_OBJECT_DIRECTORY");
	const char	*alt = getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	char		*list, *p, *colon;
	int		 rc = 0;

	if (dir != NULL && *dir != '\0' &&
	    git_odb_add_disk_alternate(odb, dir) < 0)
		return -1;
	if (alt == NULL || *alt == '\0')
		return 0;
	list = xstrdup(alt);
	for (p = list; p != NULL && rc == 0; p = colon) {
		if ((colon = strchr(p, ':')) != NULL)
			*colon++ = '\0';
		if (*p != '\0')
			rc = git_odb_add_disk_alternate(odb, p);
	}
	free(list);
	return rc;
}

int
gitsrc_open(struct gitsrc **out, const char *site_dir, const char *ref,
    bool worktree, struct diags *d)
{
	struct gitsrc	*s;
	bool		 exists = false;
	int		 rc = -1;

	*out = NULL;
	s = xcalloc(1, sizeof(*s));
	if (git_libgit2_init() < 0) {
		diag_error(d, "", 0, 0, "libgit2: %s", git_msg());
		goto out;
	}
	s->inited = true;
	/*
	 * libgit2 hashes every object it reads again to check its id: an
	 * eighth of reading a site.  git itself does not (zlib's checksum
	 * still catches a damaged pack).
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* Packs are mapped in windows of 1 MiB: see gitsrc_stream. */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)1 << 20);
	s->worktree = worktree;
	s->refname = xstrdup(ref != NULL ? ref : "HEAD");
	if (locate(s, site_dir, &exists, d) < 0)
		goto out;
	if (git_repository_odb(&s->odb, s->repo) < 0 ||
	    hook_objects(s->odb) < 0) {
		diag_error(d, "", 0, 0, "%s: %s", s->where, git_msg());
		goto out;
	}
	if (worktree) {
		if (git_repository_is_bare(s->repo)) {
			diag_error(d, "", 0, 0, "%s is a bare repository: it "
			    "has no work tree to read", s->where);
			goto out;
		}
		if (!exists) {
			diag_error(d, "", 0, 0, "site folder \"%s\": not found",
			    site_dir);
			goto out;
		}
		if (resolve_head(s, d) < 0)
			goto out;
	} else if (resolve(s, d) < 0)
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	gitsrc_free(s);
	return rc;
}

void
gitsrc_free(struct gitsrc *s)
{
	if (s == NULL)
		return;
	git_tree_free(s->tree);
	git_commit_free(s->commit);
	git_odb_free(s->odb);
	git_repository_free(s->repo);
	if (s->inited)
		git_libgit2_shutdown();
	free(s->prefix);
	free(s->disk);
	free(s->where);
	free(s->refname);
	free(s);
}

bool
gitsrc_is_worktree(const struct gitsrc *s)
{
	return s->worktree;
}

const char *
gitsrc_commit_id(const struct gitsrc *s)
{
	return s->worktree ? "" : s->id;
}

int64_t
gitsrc_commit_time(const struct gitsrc *s)
{
	return s->worktree ? 0 : s->time;
}

/* ---- listing ---- */

struct flist {
	struct gitsrc_file	*v;
	size_t			 n, cap;
	size_t			 skipped;	/* submodules */
};

static struct gitsrc_file *
flist_add(struct flist *l, struct arena *a, const char *path)
{
	struct gitsrc_file	*f;

	if (l->n == l->cap) {
		l->cap = l->cap != 0 ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	f = &l->v[l->n++];
	memset(f, 0, sizeof(*f));
	f->path = arena_strdup(a, path);
	return f;
}

static int
file_cmp(const void *pa, const void *pb)
{
	const struct gitsrc_file	*a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

/* What a tree walk gives besides paths and ids. */
enum walk {
	WALK_BARE,	/* history: nothing more */
	WALK_NOTES,	/* listings: notes on skipped submodules */
	WALK_SIZES	/* ...and sizes, read from object headers */
};

/* Add every blob under "tree" to "l", their paths prefixed by "path". */
static int
tree_walk(struct flist *l, struct gitsrc *s, git_tree *tree,
    struct buf *path, enum walk full, struct arena *a, struct diags *d)
{
	const git_tree_entry	*e;
	git_tree		*sub = NULL;
	struct gitsrc_file	*f;
	git_object_t		 type;
	git_filemode_t		 mode;
	size_t			 i, n = git_tree_entrycount(tree), len;
	size_t			 at = path->len;
	int			 rc = -1;

	for (i = 0; i < n; i++) {
		e = git_tree_entry_byindex(tree, i);
		path->len = at;
		if (at > 0)
			buf_putc(path, '/');
		buf_puts(path, git_tree_entry_name(e));
		mode = git_tree_entry_filemode(e);
		switch (git_tree_entry_type(e)) {
		case GIT_OBJECT_TREE:
			if (git_tree_lookup(&sub, s->repo,
			    git_tree_entry_id(e)) < 0) {
				diag_error(d, buf_cstr(path), 0, 0, "%s",
				    git_msg());
				goto out;
			}
			if (tree_walk(l, s, sub, path, full, a, d) < 0)
				goto out;
			git_tree_free(sub);
			sub = NULL;
			break;
		case GIT_OBJECT_BLOB:
			f = flist_add(l, a, buf_cstr(path));
			git_oid_tostr(f->id, sizeof(f->id),
			    git_tree_entry_id(e));
			f->executable = mode == GIT_FILEMODE_BLOB_EXECUTABLE;
			f->symlink = mode == GIT_FILEMODE_LINK;
			if (full == WALK_SIZES && git_odb_read_header(&len,
			    &type, s->odb, git_tree_entry_id(e)) < 0) {
				diag_error(d, f->path, 0, 0, "%s", git_msg());
				goto out;
			}
			f->size = full == WALK_SIZES ? len : 0;
			break;
		case GIT_OBJECT_COMMIT:
			l->skipped++;
			if (full != WALK_BARE)
				diag_note(d, buf_cstr(path), 0, 0,
				    "submodule: skipped");
			break;
		default:
			break;
		}
	}
	rc = 0;
out:
	path->len = at;
	git_tree_free(sub);
	return rc;
}

/* The folder "dir" of the site's tree at the commit; NULL if it has none. */
static int
dir_tree(git_tree **out, struct gitsrc *s, git_tree *site, const char *dir,
    struct diags *d)
{
	git_tree_entry	*e = NULL;
	int		 err, rc = -1;

	*out = NULL;
	if (*dir == '\0')
		return git_tree_dup(out, site) < 0 ?
		    diag_error(d, "", 0, 0, "%s", git_msg()) : 0;
	if ((err = git_tree_entry_bypath(&e, site, dir)) < 0) {
		if (err == GIT_ENOTFOUND)
			rc = 0;
		else
			diag_error(d, dir, 0, 0, "%s", git_msg());
		goto out;
	}
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE &&
	    git_tree_lookup(out, s->repo, git_tree_entry_id(e)) < 0) {
		diag_error(d, dir, 0, 0, "%s", git_msg());
		goto out;
	}
	rc = 0;
out:
	git_tree_entry_free(e);
	return rc;
}

/*
 * Read up to "size" bytes (what fstat said) of the open file "fd" into
 * "buf"; a file that shrank meanwhile gives fewer.  Closes "fd".
 */
static int
read_size(size_t *len, int fd, char *buf, size_t size)
{
	ssize_t	 r;
	int	 saved;

	*len = 0;
	while (*len < size) {
		r = read(fd, buf + *len, size - *len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (r == 0)
			break;
		*len += (size_t)r;
	}
	close(fd);
	return 0;
}

/*
 * Open regular file "name" in folder "dfd" without following a link and
 * tell its size.  Returns the descriptor, or -1 with errno set.
 */
static int
open_file(size_t *size, int dfd, const char *name)
{
	struct stat	 st;
	int		 fd, saved;

	if ((fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		saved = errno;
	else if (!S_ISREG(st.st_mode))
		saved = EINVAL;	/* swapped for something else meanwhile */
	else {
		*size = (size_t)st.st_size;
		return fd;
	}
	close(fd);
	errno = saved;
	return -1;
}

/* A symbolic link's target, malloc'd and NUL-terminated. */
static int
read_link(char **data, size_t *len, int dfd, const char *name)
{
	char	*p = NULL;
	size_t	 cap = 256;
	ssize_t	 r;

	for (;;) {
		p = xrealloc(p, cap);
		if ((r = readlinkat(dfd, name, p, cap)) < 0) {
			free(p);
			return -1;
		}
		if ((size_t)r < cap)
			break;
		cap *= 2;
	}
	p[r] = '\0';
	*data = p;
	*len = (size_t)r;
	return 0;
}

/*
 * Open the folder "dir" (site-relative) of the site on disk without
 * following a symbolic link anywhere on the way, so nothing outside the
 * site can be reached.  Returns the descriptor, or -1 with errno set.
 */
static int
open_dir(const struct gitsrc *s, const char *dir)
{
	char	*copy, *c, *e;
	int	 fd, sub;

	if ((fd = open(s->disk, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	if (*dir == '\0')
		return fd;
	copy = xstrdup(dir);
	for (c = copy; c != NULL && fd >= 0; c = e) {
		if ((e = strchr(c, '/')) != NULL)
			*e++ = '\0';
		sub = openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		close(fd);
		fd = sub;
	}
	free(copy);
	return fd;
}

/* Split "path" into the descriptor of its folder and its last name. */
static int
open_parent(const struct gitsrc *s, const char *path, const char **name)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;
	int		 fd;

	if (slash == NULL) {
		*name = path;
		return open_dir(s, "");
	}
	*name = slash + 1;
	dir = xstrndup(path, (size_t)(slash - path));
	fd = open_dir(s, dir);
	free(dir);
	return fd;
}

/*
 * Add the files under the open folder "dfd" (consumed) to "l": regular
 * files and symbolic links, never followed.  ".git" is skipped, and so is
 * a folder holding one: a submodule or another repository.
 */
static int
disk_walk(struct flist *l, int dfd, struct buf *path, struct arena *a,
    struct diags *d)
{
	DIR			*dp;
	struct dirent		*de;
	struct stat		 st;
	struct gitsrc_file	*f;
	struct buf		 data = BUF_INIT;
	git_oid			 oid;
	char			*link = NULL;
	size_t			 size, at = path->len;
	int			 fd, rc = -1;

	if ((dp = fdopendir(dfd)) == NULL) {
		close(dfd);
		diag_error(d, buf_cstr(path), 0, 0, "%s", strerror(errno));
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, ".git") == 0)
			continue;
		path->len = at;
		if (at > 0)
			buf_putc(path, '/');
		buf_puts(path, de->d_name);
		buf_cstr(path);
		if (fstatat(dirfd(dp), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) < 0) {
			diag_error(d, path->data, 0, 0, "%s", strerror(errno));
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			fd = openat(dirfd(dp), de->d_name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd < 0) {
				diag_error(d, path->data, 0, 0, "%s",
				    strerror(errno));
				goto out;
			}
			if (fstatat(fd, ".git", &st, AT_SYMLINK_NOFOLLOW) ==
			    0) {
				close(fd);
				l->skipped++;
				diag_note(d, path->data, 0, 0,
				    "submodule: skipped");
				continue;
			}
			if (disk_walk(l, fd, path, a, d) < 0)
				goto out;
			continue;
		}
		buf_reset(&data);
		if (S_ISLNK(st.st_mode)) {
			if (read_link(&link, &size, dirfd(dp),
			    de->d_name) < 0) {
				diag_error(d, path->data, 0, 0, "%s",
				    strerror(errno));
				goto out;
			}
			buf_put(&data, link, size);
			free(link);
			link = NULL;
		} else if (S_ISREG(st.st_mode)) {
			if ((fd = open_file(&size, dirfd(dp),
			    de->d_name)) < 0) {
				diag_error(d, path->data, 0, 0, "%s",
				    strerror(errno));
				goto out;
			}
			buf_grow(&data, size);
			if (read_size(&data.len, fd, data.data, size) < 0) {
				diag_error(d, path->data, 0, 0, "%s",
				    strerror(errno));
				goto out;
			}
		} else
			continue;	/* a fifo or device has no blob */
		f = flist_add(l, a, path->data);
		/* What git hashes: the bytes, or a link's target. */
		if (git_odb_hash(&oid, buf_cstr(&data), data.len,
		    GIT_OBJECT_BLOB) < 0) {
			diag_error(d, f->path, 0, 0, "%s", git_msg());
			goto out;
		}
		git_oid_tostr(f->id, sizeof(f->id), &oid);
		f->size = data.len;
		f->symlink = S_ISLNK(st.st_mode);
		f->executable = !f->symlink && (st.st_mode & S_IXUSR) != 0;
	}
	rc = 0;
out:
	buf_free(&data);
	path->len = at;
	closedir(dp);
	return rc;
}

static int
list(struct gitsrc_file **out, size_t *n, size_t *skipped, struct gitsrc *s,
    const char *dir, enum walk mode, struct arena *a, struct diags *d)
{
	struct flist	 l = { NULL, 0, 0, 0 };
	struct buf	 path = BUF_INIT;
	git_tree	*t = NULL;
	size_t		 i;
	int		 fd, rc = -1;

	*out = NULL;
	*n = 0;
	if (!path_ok(dir, true)) {
		diag_error(d, dir, 0, 0, "not a site folder");
		goto out;
	}
	buf_puts(&path, dir);
	if (s->worktree) {
		if ((fd = open_dir(s, dir)) < 0) {
			if (errno == ENOENT || errno == ENOTDIR ||
			    errno == ELOOP)
				rc = 0;	/* no such folder: nothing in it */
			else
				diag_error(d, dir, 0, 0, "%s",
				    strerror(errno));
			goto out;
		}
		if (disk_walk(&l, fd, &path, a, d) < 0)
			goto out;
	} else {
		if (dir_tree(&t, s, s->tree, dir, d) < 0)
			goto out;
		if (t != NULL && tree_walk(&l, s, t, &path, mode, a, d) < 0)
			goto out;
	}
	if (l.n > 0) {
		/* Git's order is nearly bytewise: sort only when it is not. */
		for (i = 1; i < l.n && file_cmp(&l.v[i - 1], &l.v[i]) < 0; i++)
			;
		if (i < l.n)
			qsort(l.v, l.n, sizeof(*l.v), file_cmp);
		*out = arena_alloc(a, l.n * sizeof(**out));
		memcpy(*out, l.v, l.n * sizeof(**out));
	}
	*n = l.n;
	rc = 0;
out:
	if (skipped != NULL)
		*skipped = l.skipped;
	git_tree_free(t);
	buf_free(&path);
	free(l.v);
	return rc;
}

int
gitsrc_list(struct gitsrc_file **out, size_t *n, struct gitsrc *s,
    const char *dir, struct arena *a, struct diags *d)
{
	return list(out, n, NULL, s, dir, WALK_SIZES, a, d);
}

int
gitsrc_list_names(struct gitsrc_file **out, size_t *n, struct gitsrc *s,
    const char *dir, size_t *skipped, struct arena *a, struct diags *d)
{
	return list(out, n, skipped, s, dir, WALK_NOTES, a, d);
}

int
gitsrc_size(size_t *size, struct gitsrc *s, const struct gitsrc_file *f,
    struct diags *d)
{
	git_object_t	 type;
	git_oid		 oid;

	if (s->worktree || f->size > 0) {
		*size = f->size;
		return 0;
	}
	if (git_oid_fromstr(&oid, f->id) < 0 ||
	    git_odb_read_header(size, &type, s->odb, &oid) < 0)
		return diag_error(d, f->path, 0, 0, "%s", git_msg());
	return 0;
}

void
gitsrc_stream(void)
{
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)8 << 20);
}

bool
gitsrc_exists(struct gitsrc *s, const char *path)
{
	git_tree_entry	*e = NULL;
	struct stat	 st;
	const char	*name;
	bool		 r = false;
	int		 fd;

	if (!path_ok(path, false))
		return false;
	if (s->worktree) {
		if ((fd = open_parent(s, path, &name)) < 0)
			return false;
		r = fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode));
		close(fd);
		return r;
	}
	if (git_tree_entry_bypath(&e, s->tree, path) == 0)
		r = git_tree_entry_type(e) == GIT_OBJECT_BLOB;
	git_tree_entry_free(e);
	return r;
}

/* Read a file of the work tree into "a" (a link's target for a link). */
static int
disk_read(char **out, size_t *len, struct gitsrc *s, const char *path,
    struct arena *a, struct diags *d)
{
	struct stat	 st;
	const char	*name;
	char		*link = NULL;
	size_t		 size;
	int		 dfd, fd, rc = -1;

	if ((dfd = open_parent(s, path, &name)) < 0 ||
	    fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		diag_error(d, path, 0, 0, "%s", errno == ENOENT ||
		    errno == ENOTDIR || errno == ELOOP ? "no such file" :
		    strerror(errno));
		goto out;
	}
	if (S_ISLNK(st.st_mode)) {
		if (read_link(&link, &size, dfd, name) < 0) {
			diag_error(d, path, 0, 0, "%s", strerror(errno));
			goto out;
		}
		*out = arena_strndup(a, link, size);
		*len = size;
	} else if (!S_ISREG(st.st_mode)) {
		diag_error(d, path, 0, 0, "not a regular file");
		goto out;
	} else {
		if ((fd = open_file(&size, dfd, name)) < 0) {
			diag_error(d, path, 0, 0, "%s", strerror(errno));
			goto out;
		}
		*out = arena_alloc(a, size + 1);
		if (read_size(len, fd, *out, size) < 0) {
			diag_error(d, path, 0, 0, "%s", strerror(errno));
			*out = NULL;
			goto out;
		}
		(*out)[*len] = '\0';
	}
	rc = 0;
out:
	free(link);
	if (dfd >= 0)
		close(dfd);
	return rc;
}

/* A blob's bytes into "a", NUL-terminated. */
static void
blob_copy(char **data, size_t *len, const git_blob *blob, struct arena *a)
{
	size_t	 n = (size_t)git_blob_rawsize(blob);

	*data = arena_alloc(a, n + 1);
	if (n > 0)
		memcpy(*data, git_blob_rawcontent(blob), n);
	(*data)[n] = '\0';
	*len = n;
}

int
gitsrc_read(char **data, size_t *len, struct gitsrc *s, const char *path,
    struct arena *a, struct diags *d)
{
	git_tree_entry	*e = NULL;
	git_blob	*blob = NULL;
	int		 err, rc = -1;

	*data = NULL;
	*len = 0;
	if (!path_ok(path, false)) {
		diag_error(d, path, 0, 0, "not a site file");
		goto out;
	}
	if (s->worktree) {
		rc = disk_read(data, len, s, path, a, d);
		goto out;
	}
	if ((err = git_tree_entry_bypath(&e, s->tree, path)) < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		if (err < 0 && err != GIT_ENOTFOUND)
			diag_error(d, path, 0, 0, "%s", git_msg());
		else
			diag_error(d, path, 0, 0, "no such file at ref \"%s\"",
			    s->refname);
		goto out;
	}
	if (git_blob_lookup(&blob, s->repo, git_tree_entry_id(e)) < 0) {
		diag_error(d, path, 0, 0, "%s", git_msg());
		goto out;
	}
	blob_copy(data, len, blob, a);
	rc = 0;
out:
	git_blob_free(blob);
	git_tree_entry_free(e);
	return rc;
}

int
gitsrc_read_file(char **data, size_t *len, struct gitsrc *s,
    const struct gitsrc_file *f, struct arena *a, struct diags *d)
{
	git_oid		 oid;
	git_blob	*blob = NULL;
	int		 rc = -1;

	/* By id, not by path: no walk down the trees for every file. */
	if (s->worktree || git_oid_fromstr(&oid, f->id) < 0)
		return gitsrc_read(data, len, s, f->path, a, d);
	if (git_blob_lookup(&blob, s->repo, &oid) < 0) {
		diag_error(d, f->path, 0, 0, "%s", git_msg());
		goto out;
	}
	blob_copy(data, len, blob, a);
	rc = 0;
out:
	git_blob_free(blob);
	return rc;
}

/* ---- history ---- */

/* A commit reachable from the start. */
struct hnode {
	git_oid		 id;
	git_oid		 site;		/* its site folder's tree id */
	int64_t		 time;		/* committer time, for the order */
	size_t		 par;		/* parents at w->par[par..par+npar) */
	size_t		 npar;
	size_t		 indeg;		/* children not yet emitted */
	size_t		 rec;		/* its record in w->recs, or NONE */
	bool		 loaded;
	bool		 missing;	/* beyond a shallow boundary */
	bool		 has_site;
};

/* A commit that changed a file, as the result will tell it. */
struct hrec {
	struct gitsrc_sig	 sig;
	bool			 minor;
	bool			 boundary;
};

/* A file of the start commit and what history says of it so far. */
struct hfile {
	const char	*path;
	size_t		 created, modified, significant;	/* hrec */
};

/* One file's change in a commit, as the comparison of trees finds it. */
struct hchange {
	git_delta_t	 status;	/* ADDED, MODIFIED or RENAMED */
	git_oid		 id;		/* the new blob */
	git_filemode_t	 mode;
	size_t		 path;		/* offsets into w->pool */
	size_t		 from;		/* RENAMED: the old path */
	bool		 changed;	/* content or mode, not just the name */
	size_t		 file;		/* the tracked file renamed, or NONE */
};

struct hwalk {
	struct gitsrc	*s;
	struct arena	*a;		/* the caller's: results */
	struct arena	*scratch;	/* keys; freed with the walk */
	struct diags	*d;
	struct hnode	*nodes;
	size_t		 nnodes, capnodes;
	size_t		*par;
	size_t		 npar, cappar;
	struct htab	 byid;		/* raw commit id -> node */
	struct htab	 bypath;	/* path in history -> file, or NONE */
	struct hfile	*files;
	size_t		 nfiles;
	struct hrec	*recs;
	size_t		 nrecs, caprecs;
	size_t		*heap;
	size_t		 nheap;
	/* The commit being applied: its changes and their paths. */
	struct hchange	*ch;
	size_t		 nch, capch, nadd, ndel;
	struct buf	 pool;
	struct buf	 common;	/* the folder of all adds and deletes */
	bool		 common_set;
	bool		 shallow;
	bool		 submodule;	/* the step added or changed one */
};

static void
hwalk_init(struct hwalk *w, struct gitsrc *s, struct arena *a,
    struct diags *d)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	w->a = a;
	w->d = d;
	w->scratch = arena_new();
}

static void
hwalk_free(struct hwalk *w)
{
	free(w->nodes);
	free(w->par);
	free(w->files);
	free(w->recs);
	free(w->heap);
	free(w->ch);
	buf_free(&w->pool);
	buf_free(&w->common);
	htab_free(&w->byid);
	htab_free(&w->bypath);
	arena_free(w->scratch);
}

/* The node for commit "id", added (not yet loaded) when new. */
static size_t
node_intern(struct hwalk *w, const git_oid *id)
{
	size_t	*v = htab_put(&w->byid, id->id, GIT_OID_RAWSZ, w->scratch);

	if (*v != NONE)
		return *v;
	if (w->nnodes == w->capnodes) {
		w->capnodes = w->capnodes != 0 ? w->capnodes * 2 : 256;
		w->nodes = xrealloc(w->nodes,
		    w->capnodes * sizeof(*w->nodes));
	}
	memset(&w->nodes[w->nnodes], 0, sizeof(*w->nodes));
	git_oid_cpy(&w->nodes[w->nnodes].id, id);
	w->nodes[w->nnodes].rec = NONE;
	*v = w->nnodes;
	return w->nnodes++;
}

/* The site folder's tree id in the commit's tree "root_id". */
static int
node_site(struct hwalk *w, struct hnode *nd, const git_oid *root_id)
{
	git_tree	*root = NULL;
	git_tree_entry	*e = NULL;
	int		 err, rc = -1;

	if (*w->s->prefix == '\0') {
		git_oid_cpy(&nd->site, root_id);
		nd->has_site = true;
		return 0;
	}
	if (git_tree_lookup(&root, w->s->repo, root_id) < 0)
		goto out;
	if ((err = git_tree_entry_bypath(&e, root, w->s->prefix)) < 0) {
		if (err == GIT_ENOTFOUND)
			rc = 0;
		goto out;
	}
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		git_oid_cpy(&nd->site, git_tree_entry_id(e));
		nd->has_site = true;
	}
	rc = 0;
out:
	git_tree_entry_free(e);
	git_tree_free(root);
	return rc;
}

/*
 * Load every commit reachable from the start: parents, times, site tree
 * ids.  A parent that is missing from a shallow clone ends its line.
 */
static int
collect(struct hwalk *w)
{
	git_commit	*c = NULL;
	size_t		*stack = NULL, nstack = 0, capstack = 0, i, k, np, j;
	int		 err, rc = -1;

	node_intern(w, git_commit_id(w->s->commit));
	capstack = 64;
	stack = xmalloc(capstack * sizeof(*stack));
	stack[nstack++] = 0;
	while (nstack > 0) {
		i = stack[--nstack];
		if (w->nodes[i].loaded)
			continue;
		w->nodes[i].loaded = true;
		if ((err = git_commit_lookup(&c, w->s->repo,
		    &w->nodes[i].id)) < 0) {
			if (err == GIT_ENOTFOUND && w->shallow && i != 0) {
				w->nodes[i].missing = true;
				continue;
			}
			diag_error(w->d, "", 0, 0, "history: %s", git_msg());
			goto out;
		}
		w->nodes[i].time = git_commit_time(c);
		if (node_site(w, &w->nodes[i], git_commit_tree_id(c)) < 0) {
			diag_error(w->d, "", 0, 0, "history: %s", git_msg());
			goto out;
		}
		np = git_commit_parentcount(c);
		if (w->npar + np > w->cappar) {
			w->cappar = (w->npar + np) * 2;
			w->par = xrealloc(w->par, w->cappar * sizeof(*w->par));
		}
		w->nodes[i].par = w->npar;
		w->nodes[i].npar = np;
		for (k = 0; k < np; k++) {
			j = node_intern(w, git_commit_parent_id(c,
			    (unsigned)k));
			w->par[w->npar++] = j;
			if (w->nodes[j].loaded)
				continue;
			if (nstack == capstack) {
				capstack *= 2;
				stack = xrealloc(stack,
				    capstack * sizeof(*stack));
			}
			stack[nstack++] = j;
		}
		git_commit_free(c);
		c = NULL;
	}
	rc = 0;
out:
	git_commit_free(c);
	free(stack);
	return rc;
}

/* Heap order: newer commit first; the first found first among equals. */
static bool
heap_before(const struct hwalk *w, size_t a, size_t b)
{
	if (w->nodes[a].time != w->nodes[b].time)
		return w->nodes[a].time > w->nodes[b].time;
	return a < b;
}

static void
heap_push(struct hwalk *w, size_t x)
{
	size_t	 i = w->nheap++, up;

	while (i > 0) {
		up = (i - 1) / 2;
		if (!heap_before(w, x, w->heap[up]))
			break;
		w->heap[i] = w->heap[up];
		i = up;
	}
	w->heap[i] = x;
}

static size_t
heap_pop(struct hwalk *w)
{
	size_t	 top = w->heap[0], x = w->heap[--w->nheap], i = 0, c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= w->nheap)
			break;
		if (c + 1 < w->nheap && heap_before(w, w->heap[c + 1],
		    w->heap[c]))
			c++;
		if (!heap_before(w, w->heap[c], x))
			break;
		w->heap[i] = w->heap[c];
		i = c;
	}
	if (w->nheap > 0)
		w->heap[i] = x;
	return top;
}

/* "Heraldo-Minor: true" among the message's trailers. */
static bool
is_minor(const char *msg)
{
	git_message_trailer_array	 tr;
	const char			*v;
	size_t				 i, n;
	bool				 r = false;

	memset(&tr, 0, sizeof(tr));
	if (git_message_trailers(&tr, msg) < 0)
		tr.count = 0;
	for (i = 0; i < tr.count && !r; i++) {
		if (strlen(tr.trailers[i].key) != 13 ||
		    !ascii_caseeq(tr.trailers[i].key, "heraldo-minor", 13))
			continue;
		v = tr.trailers[i].value;
		while (*v == ' ' || *v == '\t')
			v++;
		n = strlen(v);
		while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
		    v[n - 1] == '\r' || v[n - 1] == '\n'))
			n--;
		r = n == 4 && ascii_caseeq(v, "true", 4);
	}
	git_message_trailer_array_free(&tr);
	return r;
}

/* The record of node "i", made from its commit on first use. */
static int
node_rec(size_t *out, struct hwalk *w, size_t i, bool boundary)
{
	struct hnode		*nd = &w->nodes[i];
	struct hrec		*r;
	git_commit		*c = NULL;
	const git_signature	*sig;

	if (nd->rec != NONE) {
		*out = nd->rec;
		return 0;
	}
	if (git_commit_lookup(&c, w->s->repo, &nd->id) < 0)
		return diag_error(w->d, "", 0, 0, "history: %s", git_msg());
	if (w->nrecs == w->caprecs) {
		w->caprecs = w->caprecs != 0 ? w->caprecs * 2 : 64;
		w->recs = xrealloc(w->recs, w->caprecs * sizeof(*w->recs));
	}
	r = &w->recs[w->nrecs];
	sig = git_commit_author(c);
	r->sig.name = arena_strdup(w->a, sig->name != NULL ? sig->name : "");
	r->sig.email = arena_strdup(w->a, sig->email != NULL ?
	    sig->email : "");
	r->sig.time = sig->when.time;
	r->sig.offset = sig->when.offset;
	git_oid_tostr(r->sig.commit, sizeof(r->sig.commit), &nd->id);
	r->minor = is_minor(git_commit_message(c));
	r->boundary = boundary;
	git_commit_free(c);
	*out = nd->rec = w->nrecs++;
	return 0;
}

/* Narrow w->common to the folders that also hold "path". */
static void
common_add(struct hwalk *w, const char *path)
{
	const char	*slash = strrchr(path, '/'), *c = w->common.data;
	size_t		 n = slash != NULL ? (size_t)(slash - path) : 0, k;

	if (!w->common_set) {
		buf_reset(&w->common);
		buf_put(&w->common, path, n);
		w->common_set = true;
		return;
	}
	for (k = 0; k < n && k < w->common.len && path[k] == c[k]; k++)
		;
	/* Back to a place that ends a folder name in both. */
	while (k > 0 && !((k == w->common.len || c[k] == '/') &&
	    (k == n || path[k] == '/')))
		k--;
	w->common.len = k;
}

static void
change_add(struct hwalk *w, git_delta_t status, const char *path,
    const git_tree_entry *e)
{
	struct hchange	*c;

	if (w->nch == w->capch) {
		w->capch = w->capch != 0 ? w->capch * 2 : 64;
		w->ch = xrealloc(w->ch, w->capch * sizeof(*w->ch));
	}
	c = &w->ch[w->nch++];
	c->status = status;
	git_oid_cpy(&c->id, git_tree_entry_id(e));
	c->mode = git_tree_entry_filemode(e);
	c->path = w->pool.len;
	buf_put(&w->pool, path, strlen(path) + 1);
	c->from = c->file = NONE;
	c->changed = true;
	if (status == GIT_DELTA_ADDED)
		w->nadd++;
}

/* Git's tree order: a folder sorts as if its name ended with "/". */
static int
entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char	*x = git_tree_entry_name(a);
	const char	*y = git_tree_entry_name(b);
	size_t		 i;
	int		 cx, cy;

	for (i = 0; x[i] != '\0' && x[i] == y[i]; i++)
		;
	cx = (unsigned char)x[i];
	cy = (unsigned char)y[i];
	if (cx == '\0' && git_tree_entry_type(a) == GIT_OBJECT_TREE)
		cx = '/';
	if (cy == '\0' && git_tree_entry_type(b) == GIT_OBJECT_TREE)
		cy = '/';
	return cx - cy;
}

static int	tree_diff(struct hwalk *, git_tree *, git_tree *,
		    struct buf *);

/*
 * Entry "e" of folder "path" is absent on the other side: "side" 1 if it
 * appeared, -1 if it went away.  Submodules are not files of the site.
 */
static int
one_side(struct hwalk *w, const git_tree_entry *e, int side,
    struct buf *path)
{
	git_tree	*t = NULL;
	size_t		 at = path->len;
	int		 rc = -1;

	if (at > 0)
		buf_putc(path, '/');
	buf_puts(path, git_tree_entry_name(e));
	buf_cstr(path);
	switch (git_tree_entry_type(e)) {
	case GIT_OBJECT_BLOB:
		if (side > 0)
			change_add(w, GIT_DELTA_ADDED, path->data, e);
		else
			w->ndel++;
		common_add(w, path->data);
		break;
	case GIT_OBJECT_TREE:
		if (side < 0) {
			/* Its files need no names, only a place. */
			w->ndel++;
			common_add(w, path->data);
			break;
		}
		if (git_tree_lookup(&t, w->s->repo, git_tree_entry_id(e)) < 0 ||
		    tree_diff(w, NULL, t, path) < 0)
			goto out;
		break;
	case GIT_OBJECT_COMMIT:
		if (side > 0)
			w->submodule = true;
		break;
	default:
		break;
	}
	rc = 0;
out:
	git_tree_free(t);
	path->len = at;
	return rc;
}

/*
 * Compare two versions of folder "path" (either may be NULL), descending
 * only into subfolders whose ids differ: the cost follows the changes,
 * not the size of the site.  (libgit2 1.5's tree diff walks all of both
 * trees, which at 10,000 posts costs milliseconds per commit.)
 */
static int
tree_diff(struct hwalk *w, git_tree *ot, git_tree *nt, struct buf *path)
{
	const git_tree_entry	*oe, *ne;
	git_tree		*a = NULL, *b = NULL;
	size_t			 i = 0, j = 0, at = path->len;
	size_t			 no = ot != NULL ? git_tree_entrycount(ot) : 0;
	size_t			 nn = nt != NULL ? git_tree_entrycount(nt) : 0;
	int			 c, rc = -1;

	while (i < no || j < nn) {
		oe = i < no ? git_tree_entry_byindex(ot, i) : NULL;
		ne = j < nn ? git_tree_entry_byindex(nt, j) : NULL;
		c = oe == NULL ? 1 : ne == NULL ? -1 : entry_cmp(oe, ne);
		if (c == 0 && git_tree_entry_type(oe) !=
		    git_tree_entry_type(ne)) {
			/* A file became a submodule, or back. */
			if (one_side(w, oe, -1, path) < 0 ||
			    one_side(w, ne, 1, path) < 0)
				goto out;
			i++;
			j++;
			continue;
		}
		if (c < 0) {
			if (one_side(w, oe, -1, path) < 0)
				goto out;
			i++;
			continue;
		}
		if (c > 0) {
			if (one_side(w, ne, 1, path) < 0)
				goto out;
			j++;
			continue;
		}
		i++;
		j++;
		if (git_oid_equal(git_tree_entry_id(oe),
		    git_tree_entry_id(ne)) && git_tree_entry_filemode(oe) ==
		    git_tree_entry_filemode(ne))
			continue;
		if (at > 0)
			buf_putc(path, '/');
		buf_puts(path, git_tree_entry_name(ne));
		buf_cstr(path);
		if (git_tree_entry_type(ne) == GIT_OBJECT_BLOB)
			change_add(w, GIT_DELTA_MODIFIED, path->data, ne);
		else if (git_tree_entry_type(ne) == GIT_OBJECT_COMMIT)
			w->submodule = true;
		else if (git_tree_entry_type(ne) == GIT_OBJECT_TREE) {
			if (git_tree_lookup(&a, w->s->repo,
			    git_tree_entry_id(oe)) < 0 ||
			    git_tree_lookup(&b, w->s->repo,
			    git_tree_entry_id(ne)) < 0 ||
			    tree_diff(w, a, b, path) < 0)
				goto out;
			git_tree_free(a);
			git_tree_free(b);
			a = b = NULL;
		}
		path->len = at;
	}
	rc = 0;
out:
	git_tree_free(b);
	git_tree_free(a);
	path->len = at;
	return rc;
}

/*
 * A commit that both adds and deletes may have moved files: let libgit2
 * pair them, diffing only the smallest folder holding all of them.
 */
static int
find_renames(struct hwalk *w, git_tree *ot, git_tree *nt)
{
	git_diff_options	 opts;
	git_diff_find_options	 fopts;
	git_tree		*a = NULL, *b = NULL;
	git_diff		*diff = NULL;
	const git_diff_delta	*dl;
	struct htab		 byname = { NULL, 0, 0 };
	struct buf		 full = BUF_INIT;
	const char		*dir = buf_cstr(&w->common);
	size_t			 k, n, *v;
	int			 rc = -1;

	for (k = 0; k < w->nch; k++)
		if (w->ch[k].status == GIT_DELTA_ADDED)
			*htab_put(&byname, w->pool.data + w->ch[k].path,
			    strlen(w->pool.data + w->ch[k].path),
			    w->scratch) = k;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&fopts, GIT_DIFF_FIND_OPTIONS_VERSION);
	fopts.flags = GIT_DIFF_FIND_RENAMES;
	/* Both exist: a deletion was found in one, an addition in the other. */
	if (site_subtree(&a, w->s->repo, ot, dir) < 0 ||
	    site_subtree(&b, w->s->repo, nt, dir) < 0 ||
	    git_diff_tree_to_tree(&diff, w->s->repo, a, b, &opts) < 0 ||
	    git_diff_find_similar(diff, &fopts) < 0) {
		diag_error(w->d, "", 0, 0, "history: %s", git_msg());
		goto out;
	}
	n = git_diff_num_deltas(diff);
	for (k = 0; k < n; k++) {
		dl = git_diff_get_delta(diff, k);
		if (dl->status != GIT_DELTA_RENAMED)
			continue;
		buf_reset(&full);
		if (*dir != '\0')
			buf_printf(&full, "%s/", dir);
		buf_puts(&full, dl->new_file.path);
		if ((v = htab_get(&byname, full.data, full.len)) == NULL)
			continue;
		buf_reset(&full);
		if (*dir != '\0')
			buf_printf(&full, "%s/", dir);
		buf_puts(&full, dl->old_file.path);
		buf_cstr(&full);
		w->ch[*v].status = GIT_DELTA_RENAMED;
		w->ch[*v].from = w->pool.len;
		buf_put(&w->pool, full.data, full.len + 1);
		/* Moving a file is not changing it. */
		w->ch[*v].changed = !git_oid_equal(&dl->old_file.id,
		    &dl->new_file.id) || dl->old_file.mode != dl->new_file.mode;
	}
	rc = 0;
out:
	buf_free(&full);
	htab_free(&byname);
	git_diff_free(diff);
	git_tree_free(b);
	git_tree_free(a);
	return rc;
}

/*
 * Whether merge "i" took the file "name" as it is in a parent other than
 * the first: the change then belongs to that parent's line, which the
 * walk reaches too (git log's TREESAME rule).
 */
static int
merged_as_is(bool *same, struct hwalk *w, size_t i,
    const struct hchange *c, const char *name)
{
	const struct hnode	*nd = &w->nodes[i], *q;
	git_tree		*t = NULL;
	git_tree_entry		*e = NULL;
	size_t			 k;
	int			 err;

	*same = false;
	for (k = 1; k < nd->npar && !*same; k++) {
		q = &w->nodes[w->par[nd->par + k]];
		if (q->missing || !q->has_site)
			continue;
		if (git_tree_lookup(&t, w->s->repo, &q->site) < 0)
			return diag_error(w->d, "", 0, 0, "history: %s",
			    git_msg());
		err = git_tree_entry_bypath(&e, t, name);
		if (err == 0)
			*same = git_oid_equal(git_tree_entry_id(e), &c->id) &&
			    git_tree_entry_filemode(e) == c->mode;
		git_tree_entry_free(e);
		git_tree_free(t);
		e = NULL;
		t = NULL;
		if (err < 0 && err != GIT_ENOTFOUND)
			return diag_error(w->d, "", 0, 0, "history: %s",
			    git_msg());
	}
	return 0;
}

/*
 * Walking from new to old, apply commit "i"'s changes to the files they
 * concern: the newest change sets "modified" (and "significant" unless
 * the commit is minor); every addition sets "created", so the oldest one
 * wins.  A rename moves the file's history to its old path.  A path keeps
 * its file after an addition, so a file deleted and added back keeps its
 * first creation.
 */
static int
apply_commit(struct hwalk *w, size_t i)
{
	const struct hnode	*nd = &w->nodes[i], *p = NULL;
	git_tree		*ot = NULL, *nt = NULL;
	struct buf		 path = BUF_INIT;
	struct hchange		*c;
	struct hfile		*f;
	const char		*name;
	size_t			 k, rec = 0, *v;
	bool			 boundary = false, same;
	int			 rc = -1;

	if (nd->npar > 0) {
		p = &w->nodes[w->par[nd->par]];
		if (p->missing) {
			/* A shallow boundary: it adds all it holds. */
			boundary = true;
			p = NULL;
		}
	}
	if (p != NULL && p->has_site == nd->has_site &&
	    (!nd->has_site || git_oid_equal(&p->site, &nd->site)))
		return 0;
	if (!nd->has_site)
		return 0;	/* only deletions: nothing to tell */
	w->nch = w->nadd = w->ndel = 0;
	w->common_set = false;
	buf_reset(&w->pool);
	if ((p != NULL && p->has_site &&
	    git_tree_lookup(&ot, w->s->repo, &p->site) < 0) ||
	    git_tree_lookup(&nt, w->s->repo, &nd->site) < 0 ||
	    tree_diff(w, ot, nt, &path) < 0) {
		diag_error(w->d, "", 0, 0, "history: %s", git_msg());
		goto out;
	}
	if (w->nadd > 0 && w->ndel > 0 && find_renames(w, ot, nt) < 0)
		goto out;
	for (k = 0; k < w->nch; k++) {
		c = &w->ch[k];
		name = w->pool.data + c->path;
		v = htab_get(&w->bypath, name, strlen(name));
		if (v == NULL || *v == NONE)
			continue;
		if (nd->npar > 1) {
			if (merged_as_is(&same, w, i, c, name) < 0)
				goto out;
			if (same)
				continue;
		}
		if (node_rec(&rec, w, i, boundary) < 0)
			goto out;
		f = &w->files[*v];
		if (c->changed && f->modified == NONE)
			f->modified = rec;
		if (c->changed && f->significant == NONE &&
		    !w->recs[rec].minor)
			f->significant = rec;
		if (c->status != GIT_DELTA_MODIFIED)
			f->created = rec;
		if (c->status == GIT_DELTA_RENAMED) {
			c->file = *v;
			*v = NONE;
		}
	}
	/* Only now: a rename's old path may be another change's new one. */
	for (k = 0; k < w->nch; k++) {
		c = &w->ch[k];
		if (c->file == NONE)
			continue;
		name = w->pool.data + c->from;
		*htab_put(&w->bypath, name, strlen(name), w->scratch) =
		    c->file;
	}
	rc = 0;
out:
	buf_free(&path);
	git_tree_free(nt);
	git_tree_free(ot);
	return rc;
}

/* Each node's children within the walk, then the walk itself. */
static int
walk(struct hwalk *w)
{
	size_t	 i, k, j;

	for (i = 0; i < w->nnodes; i++)
		if (!w->nodes[i].missing)
			for (k = 0; k < w->nodes[i].npar; k++)
				w->nodes[w->par[w->nodes[i].par + k]].indeg++;
	w->heap = xmalloc(w->nnodes * sizeof(*w->heap));
	heap_push(w, 0);
	while (w->nheap > 0) {
		i = heap_pop(w);
		if (apply_commit(w, i) < 0)
			return -1;
		for (k = 0; k < w->nodes[i].npar; k++) {
			j = w->par[w->nodes[i].par + k];
			if (--w->nodes[j].indeg == 0 && !w->nodes[j].missing)
				heap_push(w, j);
		}
	}
	return 0;
}

int
gitsrc_history(struct gitsrc_hist **out, size_t *n, bool *shallow,
    struct gitsrc *s, const char *dir, struct arena *a, struct diags *d)
{
	struct hwalk		 w;
	struct flist		 l = { NULL, 0, 0, 0 };
	struct buf		 path = BUF_INIT;
	struct gitsrc_hist	*h;
	struct hfile		*f;
	git_tree		*site = NULL, *t = NULL;
	size_t			 i, c;
	int			 rc = -1;

	*out = NULL;
	*n = 0;
	*shallow = false;
	hwalk_init(&w, s, a, d);
	if (!path_ok(dir, true)) {
		diag_error(d, dir, 0, 0, "not a site folder");
		goto out;
	}
	if (s->commit == NULL) {
		rc = 0;		/* an unborn HEAD has no history */
		goto out;
	}
	*shallow = w.shallow = git_repository_is_shallow(s->repo) == 1;

	/* The files whose history is wanted: those of the start commit. */
	if (s->worktree) {
		if (git_commit_tree(&t, s->commit) < 0 ||
		    site_subtree(&site, s->repo, t, s->prefix) < 0) {
			diag_error(d, "", 0, 0, "history: %s", git_msg());
			goto out;
		}
		git_tree_free(t);
		t = NULL;
	} else if (git_tree_dup(&site, s->tree) < 0) {
		diag_error(d, "", 0, 0, "history: %s", git_msg());
		goto out;
	}
	if (site != NULL && dir_tree(&t, s, site, dir, d) < 0)
		goto out;
	buf_puts(&path, dir);
	if (t != NULL && tree_walk(&l, s, t, &path, WALK_BARE, a, d) < 0)
		goto out;
	if (l.n == 0) {
		rc = 0;
		goto out;
	}
	qsort(l.v, l.n, sizeof(*l.v), file_cmp);
	w.files = xmalloc(l.n * sizeof(*w.files));
	for (i = 0; i < l.n; i++) {
		f = &w.files[w.nfiles++];
		f->path = l.v[i].path;
		f->created = f->modified = f->significant = NONE;
		*htab_put(&w.bypath, f->path, strlen(f->path), w.scratch) = i;
	}

	if (collect(&w) < 0 || walk(&w) < 0)
		goto out;

	h = arena_zalloc(a, w.nfiles * sizeof(*h));
	for (i = 0; i < w.nfiles; i++) {
		f = &w.files[i];
		c = f->created != NONE ? f->created : f->modified;
		/*
		 * Every file comes from some commit's addition, but a
		 * tangle of merges and renames could hide it: then the
		 * start commit dates the file rather than nothing.
		 */
		if (c == NONE && node_rec(&c, &w, 0, false) < 0)
			goto out;
		h[i].path = f->path;
		h[i].created = w.recs[c].sig;
		h[i].modified = w.recs[f->modified != NONE ? f->modified :
		    c].sig;
		h[i].significant = w.recs[f->significant != NONE ?
		    f->significant : c].sig;
		h[i].cut = w.recs[c].boundary;
	}
	*out = h;
	*n = w.nfiles;
	rc = 0;
out:
	git_tree_free(t);
	git_tree_free(site);
	buf_free(&path);
	free(l.v);
	hwalk_free(&w);
	return rc;
}

/* The site's "dir" folder in "commit"; *out is NULL when there is none. */
static int
commit_dir(git_tree **out, struct gitsrc *s, git_commit *commit,
    const char *dir, struct diags *d)
{
	git_tree	*root = NULL, *site = NULL;
	int		 rc = -1;

	*out = NULL;
	if (git_commit_tree(&root, commit) < 0 ||
	    site_subtree(&site, s->repo, root, s->prefix) < 0)
		diag_error(d, "", 0, 0, "history: %s", git_msg());
	else if (site == NULL || dir_tree(out, s, site, dir, d) == 0)
		rc = 0;
	git_tree_free(site);
	git_tree_free(root);
	return rc;
}

/*
 * The one-commit step of history: "old" was the history at the parent
 * of the resolved commit, which only adds and modifies files under
 * "dir".  0 and *out, 1 when the commit is not such a step, -1 after an
 * error.
 */
/* The files a step added or modified, as a listing gives them. */
static void
step_changes(struct gitsrc_changes *chg, const struct hwalk *w,
    struct arena *a)
{
	struct gitsrc_file	*f;
	size_t			 i;

	chg->v = arena_zalloc(a, (w->nch + 1) * sizeof(*chg->v));
	for (i = 0; i < w->nch; i++) {
		f = &chg->v[i];
		f->path = arena_strdup(a, w->pool.data + w->ch[i].path);
		git_oid_tostr(f->id, sizeof(f->id), &w->ch[i].id);
		f->executable = w->ch[i].mode == GIT_FILEMODE_BLOB_EXECUTABLE;
		f->symlink = w->ch[i].mode == GIT_FILEMODE_LINK;
	}
	qsort(chg->v, w->nch, sizeof(*chg->v), file_cmp);
	chg->n = w->nch;
	chg->known = true;
}

static int
history_step(struct gitsrc_hist **out, size_t *n, struct gitsrc_changes *chg,
    struct gitsrc *s, const char *dir, const struct gitsrc_hist *old,
    size_t nold, struct arena *a, struct diags *d)
{
	git_commit		*parent = NULL;
	git_tree		*t_old = NULL, *t_new = NULL;
	const git_signature	*author;
	struct gitsrc_sig	 sig;
	struct gitsrc_hist	*h, *e;
	struct hwalk		 w;
	struct buf		 path = BUF_INIT;
	const struct hchange	*ch;
	bool			 minor;
	size_t			 i, k;
	int			 rc = -1;

	hwalk_init(&w, s, a, d);
	if (git_commit_parent(&parent, s->commit, 0) < 0) {
		diag_error(d, "", 0, 0, "history: %s", git_msg());
		goto out;
	}
	if (commit_dir(&t_old, s, parent, dir, d) < 0 ||
	    commit_dir(&t_new, s, s->commit, dir, d) < 0)
		goto out;
	if (t_old == NULL || t_new == NULL) {
		rc = 1;
		goto out;
	}
	/* The walk's own comparison: equal folders are skipped whole. */
	buf_puts(&path, dir);
	if (tree_diff(&w, t_old, t_new, &path) < 0)
		goto out;
	/* Deletes and renames take the whole walk. */
	if (w.ndel > 0) {
		rc = 1;
		goto out;
	}
	h = arena_alloc(a, (nold + w.nch + 1) * sizeof(*h));
	memcpy(h, old, nold * sizeof(*h));
	author = git_commit_author(s->commit);
	memset(&sig, 0, sizeof(sig));
	sig.name = arena_strdup(a, author->name != NULL ? author->name : "");
	sig.email = arena_strdup(a, author->email != NULL ?
	    author->email : "");
	sig.time = author->when.time;
	sig.offset = author->when.offset;
	snprintf(sig.commit, sizeof(sig.commit), "%s", s->id);
	minor = is_minor(git_commit_message(s->commit));
	for (i = 0, k = nold; i < w.nch; i++) {
		ch = &w.ch[i];
		if (ch->status == GIT_DELTA_ADDED) {
			e = &h[k++];
			memset(e, 0, sizeof(*e));
			e->path = arena_strdup(a, w.pool.data + ch->path);
			e->created = e->modified = e->significant = sig;
			continue;
		}
		e = (struct gitsrc_hist *)gitsrc_hist_find(h, nold,
		    w.pool.data + ch->path);
		if (e == NULL) {
			rc = 1;
			goto out;
		}
		e->modified = sig;
		if (!minor)
			e->significant = sig;
	}
	/* Only added files can put the cache's sorted list out of order. */
	if (k > nold)
		util_sort_by_str(h, k, sizeof(*h),
		    offsetof(struct gitsrc_hist, path));
	*out = h;
	*n = k;
	if (chg != NULL && !w.submodule)
		step_changes(chg, &w, a);
	rc = 0;
out:
	hwalk_free(&w);
	buf_free(&path);
	git_tree_free(t_new);
	git_tree_free(t_old);
	git_commit_free(parent);
	return rc;
}

int
gitsrc_history_since(struct gitsrc_hist **out, size_t *n, bool *shallow,
    struct gitsrc_changes *ch, struct gitsrc *s, const char *dir,
    const struct gitsrc_hist *old, size_t nold, const char *old_commit,
    struct arena *a, struct diags *d)
{
	char	 parent[GIT_OID_HEXSZ + 1];
	int	 rc;

	if (ch != NULL)
		memset(ch, 0, sizeof(*ch));
	if (old_commit == NULL || s->worktree || s->commit == NULL ||
	    !path_ok(dir, true) || git_repository_is_shallow(s->repo) == 1)
		return gitsrc_history(out, n, shallow, s, dir, a, d);
	*shallow = false;
	if (strcmp(old_commit, s->id) == 0) {
		*out = arena_alloc(a, (nold + 1) * sizeof(**out));
		memcpy(*out, old, nold * sizeof(**out));
		*n = nold;
		if (ch != NULL)
			ch->known = true;
		return 0;
	}
	if (git_commit_parentcount(s->commit) != 1)
		return gitsrc_history(out, n, shallow, s, dir, a, d);
	git_oid_tostr(parent, sizeof(parent), git_commit_parent_id(s->commit,
	    0));
	if (strcmp(parent, old_commit) != 0 ||
	    (rc = history_step(out, n, ch, s, dir, old, nold, a, d)) == 1) {
		if (ch != NULL)
			memset(ch, 0, sizeof(*ch));
		return gitsrc_history(out, n, shallow, s, dir, a, d);
	}
	return rc;
}

static int
hist_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct gitsrc_hist *)elem)->path);
}

const struct gitsrc_hist *
gitsrc_hist_find(const struct gitsrc_hist *h, size_t n, const char *path)
{
	if (n == 0)
		return NULL;
	return bsearch(path, h, n, sizeof(*h), hist_cmp);
}

/* ---- the work tree and config ---- */

/* "dir/name", malloc'd. */
static char *
join_path(const char *dir, const char *name)
{
	size_t	 n = strlen(dir), m = strlen(name);
	char	*s = xmalloc(n + m + 2);

	memcpy(s, dir, n);
	s[n] = '/';
	memcpy(s + n + 1, name, m + 1);
	return s;
}

int
gitsrc_dirty_count(size_t *n, struct gitsrc *s, const char *const *parts,
    struct diags *d)
{
	git_status_options	 opts;
	git_status_list		*st = NULL;
	char			*spec[16];
	size_t			 i, nspec = 0;
	int			 rc = -1;

	*n = 0;
	/* The index answers the common case; libgit2's status the rest. */
	if (git_repository_is_bare(s->repo) ||
	    gitstatus_count(n, s->repo, s->prefix, parts) == 0)
		return 0;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	/*
	 * Literal paths: a folder name is not a glob pattern.  Like `git
	 * status`, refresh the stat data of the index (when it can be
	 * locked): files written in the second the index was (a fresh
	 * clone's, a new commit's) are otherwise read and hashed again by
	 * every build, seconds for a large site.
	 */
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_EXCLUDE_SUBMODULES |
	    GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH |
	    GIT_STATUS_OPT_UPDATE_INDEX;
	for (i = 0; parts != NULL && parts[i] != NULL &&
	    nspec < sizeof(spec) / sizeof(*spec); i++)
		spec[nspec++] = *s->prefix != '\0' ? join_path(s->prefix,
		    parts[i]) : xstrdup(parts[i]);
	if (parts == NULL && *s->prefix != '\0')
		spec[nspec++] = xstrdup(s->prefix);
	opts.pathspec.strings = spec;
	opts.pathspec.count = nspec;
	if (git_status_list_new(&st, s->repo, &opts) < 0) {
		diag_error(d, "", 0, 0, "status: %s", git_msg());
		goto out;
	}
	*n = git_status_list_entrycount(st);
	rc = 0;
out:
	for (i = 0; i < nspec; i++)
		free(spec[i]);
	git_status_list_free(st);
	return rc;
}

/* The first commit's signature: as git would sign it, or the login. */
static int
init_signature(git_signature **sig, git_repository *repo)
{
	const char	*name = getenv("GIT_AUTHOR_NAME");
	const char	*email = getenv("GIT_AUTHOR_EMAIL");
	struct passwd	*pw;
	char		 mail[256];

	if (name != NULL && *name != '\0' && email != NULL && *email != '\0')
		return git_signature_now(sig, name, email);
	if (git_signature_default(sig, repo) == 0)
		return 0;
	pw = getpwuid(getuid());
	if (name == NULL || *name == '\0')
		name = pw != NULL && pw->pw_name != NULL ? pw->pw_name :
		    "heraldo";
	if (email == NULL || *email == '\0') {
		snprintf(mail, sizeof(mail), "%s@localhost", name);
		email = mail;
	}
	return git_signature_now(sig, name, email);
}

int
gitsrc_init_site(char **top, const char *dir, const char *const *files,
    const char *message, struct diags *d)
{
	git_repository_init_options	 opts;
	git_repository			*repo = NULL;
	git_index			*index = NULL;
	git_signature			*sig = NULL;
	git_tree			*tree = NULL;
	git_buf				 found = { NULL, 0, 0 };
	git_oid				 tree_id, commit_id;
	size_t				 i;
	int				 rc = -1;

	*top = NULL;
	if (git_libgit2_init() < 0) {
		diag_error(d, "", 0, 0, "libgit2: %s", git_msg());
		return -1;
	}
	if (git_repository_discover(&found, dir, 0, NULL) == 0) {
		if (git_repository_open(&repo, found.ptr) == 0 &&
		    git_repository_workdir(repo) != NULL)
			*top = xstrdup(git_repository_workdir(repo));
		rc = 0;
		goto out;
	}
	git_repository_init_options_init(&opts,
	    GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	opts.initial_head = "main";
	if (git_repository_init_ext(&repo, dir, &opts) < 0 ||
	    git_repository_index(&index, repo) < 0)
		goto fail;
	for (i = 0; files[i] != NULL; i++)
		if (git_index_add_bypath(index, files[i]) < 0)
			goto fail;
	if (git_index_write(index) < 0 ||
	    git_index_write_tree(&tree_id, index) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0 ||
	    init_signature(&sig, repo) < 0 ||
	    git_commit_create_v(&commit_id, repo, "HEAD", sig, sig, NULL,
	    message, tree, 0) < 0)
		goto fail;
	rc = 1;
	goto out;
fail:
	diag_error(d, "", 0, 0, "git repository in %s: %s", dir, git_msg());
out:
	git_tree_free(tree);
	git_signature_free(sig);
	git_index_free(index);
	git_repository_free(repo);
	git_buf_dispose(&found);
	git_libgit2_shutdown();
	return rc;
}

int
gitsrc_config_author(char **name, char **email, struct gitsrc *s,
    struct arena *a)
{
	git_config	*cfg = NULL;
	const char	*v;

	*name = *email = NULL;
	if (git_repository_config_snapshot(&cfg, s->repo) < 0)
		return 0;
	if (git_config_get_string(&v, cfg, "user.name") == 0)
		*name = arena_strdup(a, v);
	if (git_config_get_string(&v, cfg, "user.email") == 0)
		*email = arena_strdup(a, v);
	git_config_free(cfg);
	return 0;
}
