/*
 * cache: the state file.  One flat, native-endian file read whole:
 *
 *   "heraldo-cache 7\n", the environment digest (16 bytes)
 *   u64 1 when the records are every source of the site's posts and
 *   pages, as its last full listing gave them (no submodule skipped)
 *   u64 n, then n post records
 *   the commit the history below was walked from (or none), u64 n and
 *   n distinct authorships, u64 n and n files' histories
 *   (the head, up to here; then the tail:)
 *   the output tree and the spare tree the rest describes (out_tree_id:
 *   u64 inode, u64 birth time; zero: none)
 *   u64 n, then n entries of the current output's manifest (path,
 *   content, job, stamp: u64 size, mtime, inode)
 *   u64 n, then n entries of the spare tree's manifest
 *   u64 n, then n feed documents' spans: the path, u64 k, and k spans
 *   (post key, u64 offset, u64 length)
 *   the trailer: u64 the head's length, the digests of the head and of
 *   the tail
 *
 * The head is made on a thread of its own while the pages are
 * (cache_save_begin); the tail follows at the end, before the output is
 * swapped in: the state names the staged tree, which becomes the output,
 * so that a state and an output are published together or the state
 * names a tree that is not the output and is not trusted (a build killed
 * between the two, a state left by a build whose swap failed).
 *
 * Strings are stored with a length and a NUL, so that restored posts
 * point into the file's bytes.  A digest that does not match or anything
 * out of place, and the whole state is ignored.  It is written to a
 * temporary file and renamed, so a killed build leaves the old state or
 * the new one (or none).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cache.h"
#include "diag.h"
#include "gitsrc.h"
#include "post.h"
#include "util.h"

#define MAGIC	"heraldo-cache 9\n"
#define TRAILER	40	/* head length, two digests */

struct record {
	const char	*path;
	struct hkey	 key;
	size_t		 off;	/* of the record's fields in "data" */
	size_t		 len;
};

#define SPAN_SIZE	32	/* a span as stored: key, offset, length */

struct cache_doc {
	const char	*rel;
	const char	*spans;	/* n spans as stored, in "data" */
	size_t		 n;
};

struct cache {
	char			*dir;
	/* The state being made by cache_save_begin's thread. */
	struct saving {
		struct cache		*c;
		struct post *const	*posts;
		size_t			 n;
		const char		*commit;
		const struct gitsrc_hist *h;
		size_t			 nh;
		bool			 whole;
		struct buf		 b;
		int			 fd;	/* state.new, the head in it */
		int			 err;	/* errno of a failed write */
		uint64_t		 head_len;
		struct hkey		 head_sum;
		pthread_t		 thread;
		bool			 started;
		struct buf		 docs;	/* cache_doc_put's */
		size_t			 ndocs;
	}			 save;
	struct hkey		 env;		/* this build's */
	struct hkey		 made_under;	/* the state's */
	const char		*data;	/* the state file, mapped, or NULL */
	size_t			 len;
	struct record		*recs;	/* sorted by path */
	size_t			 nrecs;
	struct out_manifest	 live, prev;	/* entries point into data */
	struct out_tree_id	 live_id, prev_id;	/* the state's */
	const char		*note;		/* why not used */
	const char		*live_raw;	/* live's bytes in data */
	size_t			 live_rawlen;
	const char		*hist_commit;	/* or NULL */
	struct gitsrc_hist	*hist;
	size_t			 nhist;
	struct cache_doc	*docs;		/* sorted by rel */
	size_t			 ndocs;
	bool			 whole;		/* the records: every source */
};

static bool	save_join(struct cache *);
static void	save_drop(struct cache *);

/* A bounds-checked reader over the state; "bad" once anything is off. */
struct rd {
	const char	*p, *end;
	bool		 bad;
};

static const void *
rd_take(struct rd *r, size_t n)
{
	const char	*p = r->p;

	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		return NULL;
	}
	r->p += n;
	return p;
}

static uint64_t
rd_u64(struct rd *r)
{
	const void	*p = rd_take(r, 8);
	uint64_t	 v = 0;

	if (p != NULL)
		memcpy(&v, p, 8);
	return v;
}

static struct hkey
rd_key(struct rd *r)
{
	struct hkey	 k;

	k.a = rd_u64(r);
	k.b = rd_u64(r);
	return k;
}

/* A string stored as u64 length, bytes, NUL; UINT64_MAX is NULL. */
static const char *
rd_str(struct rd *r)
{
	uint64_t	 n = rd_u64(r);
	const char	*s;

	if (n == UINT64_MAX || r->bad)
		return NULL;
	if (n >= (uint64_t)(r->end - r->p)) {
		r->bad = true;
		return NULL;
	}
	s = rd_take(r, (size_t)n + 1);
	if (s == NULL || s[n] != '\0') {
		r->bad = true;
		return NULL;
	}
	return s;
}

static void
wr_u64(struct buf *b, uint64_t v)
{
	buf_put(b, &v, 8);
}

static void
wr_key(struct buf *b, struct hkey k)
{
	wr_u64(b, k.a);
	wr_u64(b, k.b);
}

static void
wr_str(struct buf *b, const char *s)
{
	if (s == NULL) {
		wr_u64(b, UINT64_MAX);
		return;
	}
	wr_u64(b, strlen(s));
	buf_put(b, s, strlen(s) + 1);
}

static void
wr_strs(struct buf *b, const char *const *v, size_t n)
{
	size_t	 i;

	wr_u64(b, n);
	for (i = 0; i < n; i++)
		wr_str(b, v[i]);
}

static const char **
rd_strs(struct rd *r, size_t *n, struct arena *a)
{
	uint64_t	 k = rd_u64(r), i;
	const char	**v;

	if (k > (uint64_t)(r->end - r->p) / 9) {
		r->bad = true;
		*n = 0;
		return NULL;
	}
	v = arena_alloc(a, (size_t)(k + 1) * sizeof(*v));
	for (i = 0; i < k; i++)
		if ((v[i] = rd_str(r)) == NULL)
			r->bad = true;
	v[k] = NULL;
	*n = (size_t)k;
	return v;
}

/*
 * A post's record: what selection, sorting, URLs, lists of tags and
 * months, neighbours' links, the sitemap and the dates of a feed entry
 * copied from the old document need.  Whatever a page or a feed shows
 * beyond that (HTML, summary, author, the template context, hours) is
 * loaded in full.
 */
static void
put_fields(struct buf *b, const struct post *p)
{
	uint64_t	 flags = (uint64_t)p->is_page | (uint64_t)p->fm.draft << 1 |
			    (uint64_t)p->has_expires << 2 |
			    (uint64_t)p->date_from_git << 3 |
			    (uint64_t)p->cut << 4 | (uint64_t)(p->hours != NULL) << 5 |
			    (uint64_t)p->updated_cut << 6;
	size_t		 i;

	wr_str(b, p->path);
	wr_key(b, p->key);
	wr_key(b, p->face);
	wr_str(b, p->blob);
	wr_u64(b, flags);
	wr_str(b, p->title);
	wr_str(b, p->url);
	wr_str(b, p->permalink);
	wr_str(b, p->out_path);
	wr_str(b, p->daykey);
	wr_str(b, p->tz);
	wr_u64(b, (uint64_t)p->date);
	wr_u64(b, (uint64_t)p->updated);
	wr_u64(b, (uint64_t)p->expires);
	wr_strs(b, p->tags, p->ntags);
	wr_strs(b, p->tag_slugs, p->ntags);
	wr_strs(b, p->fm.aliases, p->fm.naliases);
	for (i = 0; i < p->fm.naliases; i++)
		wr_u64(b, p->alias_lines != NULL ? p->alias_lines[i] : 0);
	wr_str(b, p->url_origin);
}

/* A record is its length, then its fields; the length lets parse skip. */
static void
put_post(struct buf *b, const struct post *p)
{
	size_t	 at = b->len;
	uint64_t n;

	wr_u64(b, 0);
	put_fields(b, p);
	n = b->len - at - 8;
	memcpy(b->data + at, &n, 8);
}

static bool
get_post(struct rd *r, struct post *p, struct arena *a)
{
	const char	*s;
	uint64_t	 flags;
	size_t		 n, i;

	memset(p, 0, sizeof(*p));
	p->path = rd_str(r);
	p->key = rd_key(r);
	p->face = rd_key(r);
	if ((s = rd_str(r)) != NULL)
		snprintf(p->blob, sizeof(p->blob), "%s", s);
	flags = rd_u64(r);
	p->is_page = flags & 1;
	p->fm.draft = flags & 2;
	p->has_expires = flags & 4;
	p->date_from_git = flags & 8;
	p->cut = flags & 16;
	p->had_hours = flags & 32;
	p->updated_cut = flags & 64;
	p->title = rd_str(r);
	p->url = rd_str(r);
	p->permalink = rd_str(r);
	p->out_path = rd_str(r);
	if ((s = rd_str(r)) != NULL)
		snprintf(p->daykey, sizeof(p->daykey), "%s", s);
	p->tz = rd_str(r);
	p->date = (int64_t)rd_u64(r);
	p->updated = (int64_t)rd_u64(r);
	p->expires = (int64_t)rd_u64(r);
	p->tags = rd_strs(r, &p->ntags, a);
	p->tag_slugs = rd_strs(r, &n, a);
	p->fm.tags = p->tags;
	p->fm.ntags = p->ntags;
	p->fm.aliases = rd_strs(r, &p->fm.naliases, a);
	if (!r->bad && p->fm.naliases > (size_t)(r->end - r->p) / 8)
		r->bad = true;
	p->alias_lines = r->bad ? NULL : arena_alloc(a, (p->fm.naliases + 1) *
	    sizeof(*p->alias_lines));
	for (i = 0; !r->bad && i < p->fm.naliases; i++)
		p->alias_lines[i] = (unsigned)rd_u64(r);
	p->url_origin = rd_str(r);
	p->title = p->title != NULL ? p->title : "";
	p->light = true;
	/* What selection, lists and URLs read must be there. */
	return !r->bad && n == p->ntags && p->path != NULL &&
	    p->url != NULL && p->permalink != NULL && p->out_path != NULL &&
	    p->tz != NULL && p->daykey[0] != '\0';
}

static int
cmp_rec(const void *pa, const void *pb)
{
	return strcmp(((const struct record *)pa)->path,
	    ((const struct record *)pb)->path);
}

static bool
read_manifest(struct rd *r, struct out_manifest *m)
{
	uint64_t	 n = rd_u64(r), i;

	if (n > (uint64_t)(r->end - r->p) / 64)
		return false;
	m->v = xcalloc((size_t)n + 1, sizeof(*m->v));
	m->n = (size_t)n;
	for (i = 0; i < n && !r->bad; i++) {
		m->v[i].rel = rd_str(r);
		m->v[i].content = rd_key(r);
		m->v[i].job = rd_key(r);
		m->v[i].stamp.size = rd_u64(r);
		m->v[i].stamp.mtime = rd_u64(r);
		m->v[i].stamp.ino = rd_u64(r);
		/* Sorted and whole, or not used. */
		if (m->v[i].rel == NULL || (i > 0 &&
		    strcmp(m->v[i - 1].rel, m->v[i].rel) >= 0))
			r->bad = true;
	}
	return !r->bad;
}

static void
write_manifest(struct buf *b, const struct out_manifest *m)
{
	size_t	 i;

	wr_u64(b, m->n);
	for (i = 0; i < m->n; i++) {
		wr_str(b, m->v[i].rel);
		wr_key(b, m->v[i].content);
		wr_key(b, m->v[i].job);
		wr_u64(b, m->v[i].stamp.size);
		wr_u64(b, m->v[i].stamp.mtime);
		wr_u64(b, m->v[i].stamp.ino);
	}
}

static int
cmp_doc(const void *pa, const void *pb)
{
	return strcmp(((const struct cache_doc *)pa)->rel,
	    ((const struct cache_doc *)pb)->rel);
}

static bool
read_docs(struct rd *r, struct cache *c)
{
	uint64_t	 n = rd_u64(r), i, k;

	if (n > (uint64_t)(r->end - r->p) / 16)
		return false;
	c->docs = xcalloc((size_t)n + 1, sizeof(*c->docs));
	c->ndocs = (size_t)n;
	for (i = 0; i < n && !r->bad; i++) {
		c->docs[i].rel = rd_str(r);
		k = rd_u64(r);
		if (k > (uint64_t)(r->end - r->p) / SPAN_SIZE)
			return false;
		c->docs[i].n = (size_t)k;
		c->docs[i].spans = rd_take(r, (size_t)k * SPAN_SIZE);
		if (c->docs[i].rel == NULL)
			r->bad = true;
	}
	if (r->bad)
		return false;
	qsort(c->docs, c->ndocs, sizeof(*c->docs), cmp_doc);
	for (i = 1; i < n; i++)
		if (strcmp(c->docs[i - 1].rel, c->docs[i].rel) == 0)
			return false;
	return true;
}

static void
rd_sig(struct rd *r, struct gitsrc_sig *g)
{
	const char	*commit;

	g->name = rd_str(r);
	g->email = rd_str(r);
	g->time = (int64_t)rd_u64(r);
	g->offset = (int)(int64_t)rd_u64(r);
	if ((commit = rd_str(r)) == NULL || strlen(commit) >= sizeof(g->commit))
		r->bad = true;
	else
		memcpy(g->commit, commit, strlen(commit) + 1);
	if (g->name == NULL || g->email == NULL)
		r->bad = true;
}

static void
wr_sig(struct buf *b, const struct gitsrc_sig *g)
{
	wr_str(b, g->name);
	wr_str(b, g->email);
	wr_u64(b, (uint64_t)g->time);
	wr_u64(b, (uint64_t)(int64_t)g->offset);
	wr_str(b, g->commit);
}

/* Files' histories name a few hundred commits many times over. */
static bool
read_history(struct rd *r, struct cache *c)
{
	struct gitsrc_sig	*sigs;
	uint64_t		 nsig, n, i, k, idx[3];

	c->hist_commit = rd_str(r);
	nsig = rd_u64(r);
	if (nsig > (uint64_t)(r->end - r->p) / 32)
		return false;
	sigs = xcalloc((size_t)nsig + 1, sizeof(*sigs));
	for (i = 0; i < nsig && !r->bad; i++)
		rd_sig(r, &sigs[i]);
	n = rd_u64(r);
	if (r->bad || n > (uint64_t)(r->end - r->p) / 40) {
		free(sigs);
		return false;
	}
	c->hist = xcalloc((size_t)n + 1, sizeof(*c->hist));
	c->nhist = (size_t)n;
	for (i = 0; i < n && !r->bad; i++) {
		c->hist[i].path = rd_str(r);
		for (k = 0; k < 3; k++)
			if ((idx[k] = rd_u64(r)) >= nsig)
				r->bad = true;
		c->hist[i].cut = rd_u64(r) != 0;
		if (r->bad || c->hist[i].path == NULL ||
		    (i > 0 && strcmp(c->hist[i - 1].path, c->hist[i].path) >= 0)) {
			r->bad = true;
			break;
		}
		c->hist[i].created = sigs[idx[0]];
		c->hist[i].modified = sigs[idx[1]];
		c->hist[i].significant = sigs[idx[2]];
	}
	free(sigs);
	return !r->bad;
}

/*
 * Every source of history makes one name string per commit, shared by
 * the files it changed: order by that pointer first (cheap), and by the
 * commit to be sure.
 */
/*
 * An authorship's index among the distinct ones "u" holds, added when
 * new.  Equal authorships share their name's string (the history's
 * strings come from one walk or one state) and a commit.  An open
 * table "slot" (2^k slots, SIZE_MAX empty) finds them in a pass.
 */
struct sigs {
	const struct gitsrc_sig	**u;
	size_t			  nu;
	size_t			 *slot;
	size_t			  mask;
};

static uint64_t
sig_id(struct sigs *s, const struct gitsrc_sig *g)
{
	uint64_t	 h;
	size_t		 k;

	memcpy(&h, g->commit, sizeof(h));
	h = (h ^ (uint64_t)(uintptr_t)g->name) * 0x9e3779b97f4a7c15ULL;
	for (k = (size_t)(h >> 32) & s->mask; s->slot[k] != SIZE_MAX;
	    k = (k + 1) & s->mask)
		if (s->u[s->slot[k]]->name == g->name &&
		    strcmp(s->u[s->slot[k]]->commit, g->commit) == 0)
			return s->slot[k];
	s->slot[k] = s->nu;
	s->u[s->nu] = g;
	return s->nu++;
}

static void
write_history(struct buf *b, const char *commit,
    const struct gitsrc_hist *h, size_t n)
{
	struct sigs	 s;
	struct buf	 rows = BUF_INIT;
	size_t		 i, cap = 16;

	if (commit == NULL)
		n = 0;
	while (cap < 6 * n)
		cap *= 2;
	s.u = xcalloc(3 * n + 1, sizeof(*s.u));
	s.nu = 0;
	s.slot = xmalloc(cap * sizeof(*s.slot));
	memset(s.slot, 0xff, cap * sizeof(*s.slot));
	s.mask = cap - 1;
	for (i = 0; i < n; i++) {
		wr_str(&rows, h[i].path);
		wr_u64(&rows, sig_id(&s, &h[i].created));
		wr_u64(&rows, sig_id(&s, &h[i].modified));
		wr_u64(&rows, sig_id(&s, &h[i].significant));
		wr_u64(&rows, h[i].cut);
	}
	wr_str(b, commit);
	wr_u64(b, s.nu);
	for (i = 0; i < s.nu; i++)
		wr_sig(b, s.u[i]);
	wr_u64(b, n);
	if (rows.len > 0)
		buf_put(b, rows.data, rows.len);
	buf_free(&rows);
	free(s.slot);
	free(s.u);
}

/*
 * Whether the state's digests match its bytes: a state cut short or
 * damaged on disk is never read further.
 */
static bool
intact(const struct cache *c)
{
	struct hkey	 head, tail;
	uint64_t	 hlen;
	size_t		 body;

	if (c->len < strlen(MAGIC) + TRAILER)
		return false;
	body = c->len - TRAILER;
	memcpy(&hlen, c->data + body, 8);
	memcpy(&head, c->data + body + 8, 16);
	memcpy(&tail, c->data + body + 24, 16);
	return hlen <= body && hash_eq(hash_bytes(c->data, (size_t)hlen),
	    head) && hash_eq(hash_bytes(c->data + hlen, body - (size_t)hlen),
	    tail);
}

static void
rd_tree_id(struct rd *r, struct out_tree_id *id)
{
	id->ino = rd_u64(r);
	id->btime = rd_u64(r);
}

static bool
parse(struct cache *c)
{
	struct rd	 r = { c->data, c->data + c->len - TRAILER, false };
	const char	*magic;
	uint64_t	 n, i, len;
	bool		 ok = false;

	if (c->len < strlen(MAGIC) + TRAILER ||
	    (magic = rd_take(&r, strlen(MAGIC))) == NULL ||
	    memcmp(magic, MAGIC, strlen(MAGIC)) != 0) {
		c->note = "it was made by another version of heraldo";
		goto out;
	}
	if (!intact(c)) {
		c->note = "it is damaged (its checksum does not match)";
		goto out;
	}
	c->note = "it is damaged";
	c->made_under = rd_key(&r);
	c->whole = rd_u64(&r) == 1;
	n = rd_u64(&r);
	if (n > c->len / 64)
		goto out;
	c->recs = xcalloc((size_t)n + 1, sizeof(*c->recs));
	for (i = 0; i < n; i++) {
		len = rd_u64(&r);
		c->recs[i].off = (size_t)(r.p - c->data);
		if (len > (uint64_t)(r.end - r.p))
			goto out;
		c->recs[i].len = (size_t)len;
		c->recs[i].path = rd_str(&r);
		c->recs[i].key = rd_key(&r);
		r.p = c->data + c->recs[i].off + len;
		if (r.bad || c->recs[i].path == NULL)
			goto out;
	}
	c->nrecs = (size_t)n;
	/* A build saves its posts in path order: sort only if not. */
	for (i = 1; i < c->nrecs && cmp_rec(&c->recs[i - 1], &c->recs[i]) < 0;
	    i++)
		;
	if (i < c->nrecs)
		qsort(c->recs, c->nrecs, sizeof(*c->recs), cmp_rec);
	if (!read_history(&r, c))
		goto out;
	rd_tree_id(&r, &c->live_id);
	rd_tree_id(&r, &c->prev_id);
	c->live_raw = r.p;
	if (!read_manifest(&r, &c->live))
		goto out;
	c->live_rawlen = (size_t)(r.p - c->live_raw);
	ok = read_manifest(&r, &c->prev) && read_docs(&r, c) && r.p == r.end;
	if (ok)
		c->note = NULL;
out:
	return ok;
}

static void
reset(struct cache *c)
{
	free(c->recs);
	free(c->live.v);
	free(c->prev.v);
	free(c->hist);
	free(c->docs);
	c->docs = NULL;
	c->ndocs = 0;
	c->hist = NULL;
	c->nhist = 0;
	c->hist_commit = NULL;
	if (c->data != NULL)
		munmap((void *)c->data, c->len);
	c->recs = NULL;
	c->nrecs = 0;
	c->live.v = c->prev.v = NULL;
	c->live.n = c->prev.n = 0;
	c->live_raw = NULL;
	c->live_rawlen = 0;
	memset(&c->live_id, 0, sizeof(c->live_id));
	memset(&c->prev_id, 0, sizeof(c->prev_id));
	c->data = NULL;
	c->len = 0;
}

/* Forget what the state says of the output (and of its feeds' spans). */
static void
forget_live(struct cache *c)
{
	free(c->live.v);
	c->live.v = NULL;
	c->live.n = 0;
	c->live_raw = NULL;
	c->live_rawlen = 0;
	free(c->docs);
	c->docs = NULL;
	c->ndocs = 0;
}

void
cache_check_trees(struct cache *c, const char *out)
{
	struct out_tree_id	 id;
	char			 tree[4096];

	if (c->data == NULL)
		return;
	if (c->live.n > 0 && (!output_tree_id(&id, out) ||
	    !output_tree_id_eq(id, c->live_id))) {
		forget_live(c);
		c->note = "it describes an output that is not the current one "
		    "(a build was interrupted, or another program replaced "
		    "the output)";
	}
	snprintf(tree, sizeof(tree), "%s/tree", c->dir);
	if (c->prev.n > 0 && (!output_tree_id(&id, tree) ||
	    !output_tree_id_eq(id, c->prev_id))) {
		free(c->prev.v);
		c->prev.v = NULL;
		c->prev.n = 0;
	}
}

const char *
cache_note(const struct cache *c)
{
	return c->note;
}

struct cache *
cache_open(const char *dir, struct hkey env)
{
	struct cache	*c = cache_read(dir);

	cache_use(c, env);
	return c;
}

bool
cache_made_under(const struct cache *c, struct hkey env)
{
	return c->data != NULL && hash_eq(c->made_under, env);
}

void
cache_use(struct cache *c, struct hkey env)
{
	if (!cache_made_under(c, env))
		reset(c);
	c->env = env;
}

struct cache *
cache_read(const char *dir)
{
	struct cache	*c = xcalloc(1, sizeof(*c));
	struct stat	 st;
	char		 path[4096];
	void		*m;
	int		 fd;

	c->dir = xstrdup(dir);
	snprintf(path, sizeof(path), "%s/state", dir);
	if ((fd = open(path, O_RDONLY)) < 0)
		return c;
	/*
	 * Mapped, not read: restored posts point into it, and only their
	 * pages are touched.  A new state replaces the file by a rename,
	 * so the mapping stays whole.
	 */
	c->note = "it cannot be read";
	if (fstat(fd, &st) == 0 && st.st_size > 0 && (m = mmap(NULL,
	    (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) != MAP_FAILED) {
		c->data = m;
		c->len = (size_t)st.st_size;
		if (!parse(c))
			reset(c);
	}
	close(fd);
	return c;
}

void
cache_free(struct cache *c)
{
	if (c == NULL)
		return;
	/* A save begun for a build that then failed: drop it. */
	if (save_join(c))
		save_drop(c);
	buf_free(&c->save.docs);
	reset(c);
	free(c->dir);
	free(c);
}

bool
cache_history(const struct cache *c, const char **commit,
    const struct gitsrc_hist **h, size_t *n)
{
	if (c->hist_commit == NULL)
		return false;
	*commit = c->hist_commit;
	*h = c->hist;
	*n = c->nhist;
	return true;
}

void
cache_output(const struct cache *c, struct output_cache *oc)
{
	oc->dir = c->dir;
	oc->live = c->live;
	oc->prev = c->prev;
}

bool
cache_sources(const struct cache *c, struct gitsrc_file **files,
    struct hkey **keys, size_t *n, struct arena *a)
{
	const struct record	*rec;
	struct gitsrc_file	*f;
	struct rd		 r;
	const char		*blob;
	size_t			 i;

	if (c->data == NULL || !c->whole)
		return false;
	*files = arena_zalloc(a, (c->nrecs + 1) * sizeof(**files));
	*keys = arena_alloc(a, (c->nrecs + 1) * sizeof(**keys));
	for (i = 0; i < c->nrecs; i++) {
		rec = &c->recs[i];
		/* The blob id follows the path and the two keys. */
		r.p = c->data + rec->off;
		r.end = r.p + rec->len;
		r.bad = false;
		(void)rd_str(&r);
		(void)rd_key(&r);
		(void)rd_key(&r);
		blob = rd_str(&r);
		if (r.bad || blob == NULL || strlen(blob) >= sizeof(f->id) ||
		    strlen(blob) != 40 ||
		    strspn(blob, "0123456789abcdef") != strlen(blob))
			return false;
		f = &(*files)[i];
		f->path = rec->path;
		memcpy(f->id, blob, strlen(blob) + 1);
		(*keys)[i] = rec->key;
	}
	*n = c->nrecs;
	return true;
}

/*
 * The record of "path" made under "key", or NULL.  Posts are asked for
 * in path order (by threads taking turns): the record is mostly a few
 * places after the one found last (*hint), which is tried first.
 */
static const struct record *
find_rec(const struct cache *c, const char *path, struct hkey key,
    size_t *hint)
{
	const struct record	*rec = NULL;
	struct record		 k;
	size_t			 i;

	if (c->nrecs == 0)
		return NULL;
	for (i = *hint; i < c->nrecs && i < *hint + 4 && rec == NULL; i++)
		if (strcmp(c->recs[i].path, path) == 0)
			rec = &c->recs[i];
	k.path = path;
	if (rec == NULL && (rec = bsearch(&k, c->recs, c->nrecs,
	    sizeof(*c->recs), cmp_rec)) == NULL)
		return NULL;
	*hint = (size_t)(rec - c->recs);
	return hash_eq(rec->key, key) ? rec : NULL;
}

bool
cache_post(const struct cache *c, const char *path, struct hkey key,
    struct post *p, struct arena *a)
{
	static __thread size_t	 last;
	const struct record	*rec;
	struct rd		 r;

	if ((rec = find_rec(c, path, key, &last)) == NULL)
		return false;
	r.p = c->data + rec->off;
	r.end = r.p + rec->len;
	r.bad = false;
	if (get_post(&r, p, a) && r.p == r.end)
		return true;
	/* Nothing of a record that does not read whole. */
	memset(p, 0, sizeof(*p));
	return false;
}


/* Write b whole to fd; 0 or an errno. */
static int
write_all(int fd, const struct buf *b)
{
	size_t	 off = 0;
	ssize_t	 put;

	while (off < b->len && (put = write(fd, b->data + off,
	    b->len - off)) > 0)
		off += (size_t)put;
	return off == b->len ? 0 : errno != 0 ? errno : EIO;
}

/*
 * The state's head (posts, history) made and written to state.new on a
 * thread of its own, while pages are made: the end of a build only adds
 * the manifests and documents.
 */
static void *
save_head(void *arg)
{
	struct saving		*sv = arg;
	struct cache		*c = sv->c;
	struct buf		*b = &sv->b;
	const struct record	*rec;
	char			 tmp[4096];
	size_t			 i, at = 0;

	buf_grow(b, c->len + sv->n * 256 + 64);
	buf_puts(b, MAGIC);
	wr_key(b, c->env);
	wr_u64(b, sv->whole);
	wr_u64(b, sv->n);
	for (i = 0; i < sv->n; i++)
		/* A light post's record can be copied as it is. */
		if (sv->posts[i]->light && (rec = find_rec(c,
		    sv->posts[i]->path, sv->posts[i]->key, &at)) != NULL) {
			wr_u64(b, rec->len);
			buf_put(b, c->data + rec->off, rec->len);
		} else
			put_post(b, sv->posts[i]);
	write_history(b, sv->commit, sv->h, sv->nh);
	sv->head_len = b->len;
	sv->head_sum = hash_bytes(b->data, b->len);
	snprintf(tmp, sizeof(tmp), "%s/state.new", c->dir);
	mkdir(c->dir, 0755);
	errno = 0;
	if ((sv->fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) < 0 || (sv->err = write_all(sv->fd, b)) != 0)
		sv->err = sv->err != 0 ? sv->err : errno;
	buf_free(b);
	return NULL;
}

void
cache_save_begin(struct cache *c, struct post *const *posts, size_t n,
    bool whole, const char *commit, const struct gitsrc_hist *h, size_t nh)
{
	struct saving	*sv = &c->save;

	sv->c = c;
	sv->whole = whole;
	sv->posts = posts;
	sv->n = n;
	sv->commit = commit;
	sv->h = h;
	sv->nh = nh;
	sv->fd = -1;
	sv->err = 0;
	buf_init(&sv->b);
	sv->started = pthread_create(&sv->thread, NULL, save_head, sv) == 0;
	if (!sv->started) {
		save_head(sv);
		sv->started = true;
		sv->thread = pthread_self();
	}
}

const struct cache_doc *
cache_doc(const struct cache *c, const char *rel)
{
	struct cache_doc	 k = { rel, NULL, 0 };

	if (c == NULL || c->ndocs == 0)
		return NULL;
	return bsearch(&k, c->docs, c->ndocs, sizeof(*c->docs), cmp_doc);
}

bool
cache_doc_find(const struct cache_doc *doc, struct hkey post, uint64_t *off,
    uint64_t *len)
{
	struct hkey	 k;
	size_t		 i;

	/* A document holds a month's posts or a feed's newest: a few. */
	for (i = 0; doc != NULL && i < doc->n; i++) {
		memcpy(&k.a, doc->spans + i * SPAN_SIZE, 8);
		memcpy(&k.b, doc->spans + i * SPAN_SIZE + 8, 8);
		if (hash_eq(k, post)) {
			memcpy(off, doc->spans + i * SPAN_SIZE + 16, 8);
			memcpy(len, doc->spans + i * SPAN_SIZE + 24, 8);
			return true;
		}
	}
	return false;
}

void
cache_doc_put(struct cache *c, const char *rel, const struct cache_span *v,
    size_t n)
{
	const struct cache_doc	*old = NULL;
	struct buf		*b = &c->save.docs;
	size_t			 i;

	if (v == NULL && (old = cache_doc(c, rel)) == NULL)
		return;
	wr_str(b, rel);
	if (old != NULL) {
		wr_u64(b, old->n);
		buf_put(b, old->spans, old->n * SPAN_SIZE);
	} else {
		wr_u64(b, n);
		for (i = 0; i < n; i++) {
			wr_key(b, v[i].post);
			wr_u64(b, v[i].off);
			wr_u64(b, v[i].len);
		}
	}
	c->save.ndocs++;
}

/* Wait for the thread; true when there is a head to finish. */
static bool
save_join(struct cache *c)
{
	if (!c->save.started)
		return false;
	if (!pthread_equal(c->save.thread, pthread_self()))
		pthread_join(c->save.thread, NULL);
	c->save.started = false;
	return true;
}

/* A save that will not be finished: state.new goes. */
static void
save_drop(struct cache *c)
{
	char	 tmp[4096];

	buf_free(&c->save.b);
	if (c->save.fd >= 0) {
		close(c->save.fd);
		c->save.fd = -1;
		snprintf(tmp, sizeof(tmp), "%s/state.new", c->dir);
		unlink(tmp);
	}
}

void
cache_save_end(struct cache *c, const struct out_manifest *live,
    struct out_tree_id live_id, struct out_tree_id spare_id,
    struct diags *d)
{
	struct out_manifest	 none = { NULL, 0, NULL };
	struct buf		*b = &c->save.b;
	struct hkey		 tail;
	const char		*fault = util_fault();
	bool			 spare = spare_id.ino != 0;
	char			 path[4096], tmp[4096];
	int			 err, fd;

	if (!save_join(c))
		return;
	wr_u64(b, live_id.ino);
	wr_u64(b, live_id.btime);
	wr_u64(b, spare ? spare_id.ino : 0);
	wr_u64(b, spare ? spare_id.btime : 0);
	write_manifest(b, live);
	/* The spare holds what the current output did: its manifest as read. */
	if (spare && c->live_raw != NULL)
		buf_put(b, c->live_raw, c->live_rawlen);
	else
		write_manifest(b, spare ? &c->live : &none);
	wr_u64(b, c->save.ndocs);
	if (c->save.docs.len > 0)
		buf_put(b, c->save.docs.data, c->save.docs.len);
	buf_free(&c->save.docs);
	c->save.ndocs = 0;
	tail = hash_bytes(b->data, b->len);
	wr_u64(b, c->save.head_len);
	wr_key(b, c->save.head_sum);
	wr_key(b, tail);
	snprintf(path, sizeof(path), "%s/state", c->dir);
	snprintf(tmp, sizeof(tmp), "%s/state.new", c->dir);
	fd = c->save.fd;
	c->save.fd = -1;
	/* Test-only faults (util_fault): a full disk, a kill half-way. */
	if (strcmp(fault, "enospc-state") == 0 && c->save.err == 0)
		c->save.err = ENOSPC;
	if (strcmp(fault, "crash-in-state") == 0 && fd >= 0) {
		b->len /= 2;
		(void)write_all(fd, b);
		raise(SIGKILL);
	}
	errno = 0;
	if ((err = c->save.err) == 0 && (err = write_all(fd, b)) == 0 &&
	    close(fd) != 0)
		err = errno;
	else if (err != 0 && fd >= 0)
		close(fd);
	/*
	 * Renaming over the old state would make ext4 write the new one out
	 * at once (auto_da_alloc): remove the old one first.  A build killed
	 * in between leaves no state, which is an empty cache.  A state that
	 * cannot be written leaves none either: the old one names the
	 * output this build replaces.
	 */
	if ((unlink(path) != 0 && errno != ENOENT && err == 0) ||
	    (err == 0 && rename(tmp, path) != 0))
		err = errno;
	if (err != 0) {
		diag_warning(d, NULL, 0, 0, "cache %s: cannot write: %s; the "
		    "next build makes every file", c->dir, strerror(err));
		unlink(tmp);
	}
	buf_free(b);
}
