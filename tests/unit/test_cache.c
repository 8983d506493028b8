/*
 * test_cache: the build cache's state file.  What is saved comes back:
 * post records, the output's and the spare tree's manifests, history.  A
 * state made under another environment is not used.  A damaged state
 * (cut anywhere, any byte changed, garbage) is an empty cache, never a
 * crash or a half-read one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "arena.h"
#include "cache.h"
#include "diag.h"
#include "gitsrc.h"
#include "post.h"
#include "testutil.h"
#include "util.h"

struct fx {
	char		*dir;
	struct arena	*a;
	struct diags	*d;
	struct post	 posts[2];
	struct post	*ptrs[2];
	struct out_entry entries[3];
	struct out_manifest live;
	struct gitsrc_hist hist[2];
	struct hkey	 env;
};

static const char *tags0[] = { "Support", "Hours", NULL };
static const char *slugs0[] = { "support", "hours", NULL };
static const char *aliases0[] = { "/old/hours.html", NULL };

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));
	struct post	*p;

	f->dir = tu_tmpdir();
	f->a = arena_new();
	f->d = diags_new();
	f->env.a = 1;
	f->env.b = 2;

	p = &f->posts[0];
	p->path = "content/posts/2012/12/hours.md";
	snprintf(p->blob, sizeof(p->blob), "%040d", 7);
	p->key.a = 11;
	p->key.b = 12;
	p->face.a = 13;
	p->face.b = 14;
	p->title = "Holiday hours \xc3\xa9t\xc3\xa9";
	p->url = "/2012/12/hours.html";
	p->permalink = "https://example.com/2012/12/hours.html";
	p->out_path = "2012/12/hours.html";
	p->tz = "America/Toronto";
	snprintf(p->daykey, sizeof(p->daykey), "2012-12-19");
	p->date = 1355950560;
	p->updated = 1357374600;
	p->expires = -5;
	p->has_expires = true;
	p->fm.draft = true;
	p->tags = tags0;
	p->tag_slugs = slugs0;
	p->ntags = 2;
	p->fm.aliases = aliases0;
	p->fm.naliases = 1;

	p = &f->posts[1];
	p->path = "content/pages/about.md";
	snprintf(p->blob, sizeof(p->blob), "%040d", 8);
	p->is_page = true;
	p->key.a = 21;
	p->title = "";
	p->url = "/about/";
	p->permalink = "https://example.com/about/";
	p->out_path = "about/index.html";
	p->tz = "UTC";
	snprintf(p->daykey, sizeof(p->daykey), "2013-01-05");
	f->ptrs[0] = &f->posts[0];
	f->ptrs[1] = &f->posts[1];

	f->entries[0].rel = "2012/12/hours.html";
	f->entries[0].content.a = 1;
	f->entries[0].job.b = 2;
	f->entries[1].rel = "about/index.html";
	f->entries[1].content.a = 3;
	f->entries[2].rel = "index.html";
	f->entries[2].content.b = 4;
	f->entries[2].job.a = 5;
	f->live.v = f->entries;
	f->live.n = 3;

	f->hist[0].path = "content/pages/about.md";
	f->hist[0].created.name = "Ana";
	f->hist[0].created.email = "ana@example.com";
	f->hist[0].created.time = 1357374600;
	f->hist[0].created.offset = 60;
	snprintf(f->hist[0].created.commit, 41, "%040d", 1);
	f->hist[0].modified = f->hist[0].significant = f->hist[0].created;
	f->hist[1] = f->hist[0];
	f->hist[1].path = "content/posts/2012/12/hours.md";
	f->hist[1].modified.name = "Bo";
	f->hist[1].modified.offset = -480;
	snprintf(f->hist[1].modified.commit, 41, "%040d", 2);
	f->hist[1].cut = true;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	tu_rmtree(f->dir);
	free(f->dir);
	arena_free(f->a);
	diags_free(f->d);
	free(f);
	return 0;
}

/*
 * Save the fixture's state; the feed documents' spans are new in a first
 * save, and in a second one the archive's are kept from the first.
 */
static void
save(struct fx *f, bool spare)
{
	struct cache		*c = cache_open(f->dir, f->env);
	struct cache_span	 s[2] = { { f->posts[0].key, 100, 40 },
				    { f->posts[1].key, 140, 60 } };

	struct out_tree_id	 live = { 3, 4 }, tree = { spare ? 1 : 0, 2 };

	cache_save_begin(c, f->ptrs, 2, true, "0123", f->hist, 2);
	cache_doc_put(c, "feeds/atom.xml", s + 1, 1);
	cache_doc_put(c, "feeds/archive/2012-12.xml", spare ? NULL : s, 2);
	cache_save_end(c, &f->live, live, tree, f->d);
	cache_free(c);
	assert_int_equal(diags_count(f->d), 0);
}

static void
same_manifest(const struct out_manifest *m, const struct out_manifest *w)
{
	size_t	 i;

	assert_int_equal(m->n, w->n);
	for (i = 0; i < m->n; i++) {
		assert_string_equal(m->v[i].rel, w->v[i].rel);
		assert_true(hash_eq(m->v[i].content, w->v[i].content));
		assert_true(hash_eq(m->v[i].job, w->v[i].job));
	}
}

static void
test_cache_round_trip(void **state)
{
	struct fx			*f = *state;
	struct cache			*c;
	struct output_cache		 oc;
	struct post			 p;
	const struct gitsrc_hist	*h;
	const char			*commit;
	size_t				 n;

	save(f, false);
	save(f, true);	/* the spare is the live manifest saved before */
	c = cache_open(f->dir, f->env);
	assert_true(cache_post(c, f->posts[0].path, f->posts[0].key, &p,
	    f->a));
	assert_true(p.light);
	assert_true(hash_eq(p.face, f->posts[0].face));
	assert_string_equal(p.tz, f->posts[0].tz);
	assert_string_equal(p.title, f->posts[0].title);
	assert_string_equal(p.url, f->posts[0].url);
	assert_string_equal(p.permalink, f->posts[0].permalink);
	assert_string_equal(p.out_path, f->posts[0].out_path);
	assert_string_equal(p.daykey, "2012-12-19");
	assert_int_equal(p.date, f->posts[0].date);
	assert_int_equal(p.updated, f->posts[0].updated);
	assert_int_equal(p.expires, -5);
	assert_true(p.has_expires && p.fm.draft && !p.is_page);
	assert_int_equal(p.ntags, 2);
	assert_string_equal(p.tags[1], "Hours");
	assert_string_equal(p.tag_slugs[0], "support");
	assert_int_equal(p.fm.naliases, 1);
	assert_string_equal(p.fm.aliases[0], "/old/hours.html");
	assert_true(cache_post(c, f->posts[1].path, f->posts[1].key, &p,
	    f->a));
	assert_true(p.is_page);
	assert_int_equal(p.ntags, 0);
	/* Another key, another path: not there. */
	assert_false(cache_post(c, f->posts[1].path, f->posts[0].key, &p,
	    f->a));
	assert_false(cache_post(c, "content/posts/none.md", f->posts[0].key,
	    &p, f->a));

	cache_output(c, &oc);
	same_manifest(&oc.live, &f->live);
	same_manifest(&oc.prev, &f->live);
	assert_true(cache_history(c, &commit, &h, &n));
	assert_string_equal(commit, "0123");
	assert_int_equal(n, 2);
	assert_string_equal(h[1].path, f->hist[1].path);
	assert_string_equal(h[1].modified.name, "Bo");
	assert_int_equal(h[1].modified.offset, -480);
	assert_string_equal(h[1].modified.commit, f->hist[1].modified.commit);
	assert_string_equal(h[1].created.email, "ana@example.com");
	assert_true(h[1].cut && !h[0].cut);
	cache_free(c);
}

/* The sources of the posts: sorted by path, with ids and keys. */
static void
test_cache_sources(void **state)
{
	struct fx		*f = *state;
	struct cache		*c;
	struct gitsrc_file	*files;
	struct hkey		*keys;
	size_t			 n;

	save(f, false);
	c = cache_open(f->dir, f->env);
	assert_true(cache_sources(c, &files, &keys, &n, f->a));
	assert_int_equal(n, 2);
	assert_string_equal(files[0].path, "content/pages/about.md");
	assert_string_equal(files[0].id, f->posts[1].blob);
	assert_true(hash_eq(keys[0], f->posts[1].key));
	assert_string_equal(files[1].path, f->posts[0].path);
	assert_string_equal(files[1].id, f->posts[0].blob);
	assert_true(hash_eq(keys[1], f->posts[0].key));
	cache_free(c);
}

/* Spans of feed entries: kept across saves, found by the post's key. */
static void
test_cache_doc_spans(void **state)
{
	struct fx		*f = *state;
	struct cache		*c;
	const struct cache_doc	*cd;
	struct hkey		 other = { 99, 99 };
	uint64_t		 off, len;

	save(f, false);
	save(f, true);
	c = cache_open(f->dir, f->env);
	cd = cache_doc(c, "feeds/archive/2012-12.xml");
	assert_non_null(cd);
	assert_true(cache_doc_find(cd, f->posts[1].key, &off, &len));
	assert_int_equal(off, 140);
	assert_int_equal(len, 60);
	assert_true(cache_doc_find(cd, f->posts[0].key, &off, &len));
	assert_int_equal(off, 100);
	assert_false(cache_doc_find(cd, other, &off, &len));
	cd = cache_doc(c, "feeds/atom.xml");
	assert_true(cache_doc_find(cd, f->posts[1].key, &off, &len));
	assert_false(cache_doc_find(cd, f->posts[0].key, &off, &len));
	assert_null(cache_doc(c, "feeds/rss.xml"));
	cache_free(c);
}

static void
test_cache_other_env(void **state)
{
	struct fx		*f = *state;
	struct cache		*c;
	struct output_cache	 oc;
	struct post		 p;
	struct hkey		 other = { 1, 3 };

	save(f, true);
	c = cache_open(f->dir, other);
	assert_false(cache_post(c, f->posts[0].path, f->posts[0].key, &p,
	    f->a));
	cache_output(c, &oc);
	assert_int_equal(oc.live.n, 0);
	assert_int_equal(oc.prev.n, 0);
	cache_free(c);
}

/*
 * A save begun for a build that then fails leaves the state as it was
 * and no state.new; one whose file cannot be written says so and keeps
 * the old state too.
 */
static void
test_cache_save_dropped(void **state)
{
	struct fx	*f = *state;
	struct cache	*c;
	struct stat	 st, again;
	char		*path = arena_printf(f->a, "%s/state", f->dir);
	char		*tmp = arena_printf(f->a, "%s/state.new", f->dir);
	char		*msg;
	struct out_tree_id none = { 0, 0 };

	save(f, false);
	assert_int_equal(stat(path, &st), 0);
	c = cache_open(f->dir, f->env);
	cache_save_begin(c, f->ptrs, 1, true, "0123", f->hist, 2);
	cache_free(c);
	assert_int_equal(stat(path, &again), 0);
	assert_int_equal(again.st_size, st.st_size);
	assert_int_equal(stat(tmp, &again), -1);

	/*
	 * state.new a folder: it cannot be written, and the old state,
	 * which names the output the build replaces, goes.
	 */
	assert_int_equal(mkdir(tmp, 0755), 0);
	c = cache_open(f->dir, f->env);
	cache_save_begin(c, f->ptrs, 1, true, "0123", f->hist, 2);
	cache_save_end(c, &f->live, none, none, f->d);
	cache_free(c);
	msg = tu_diags(f->d);
	assert_non_null(strstr(msg, "cannot write: Is a directory"));
	free(msg);
	assert_int_equal(stat(path, &again), -1);
	rmdir(tmp);
}

static char *
state_path(struct fx *f)
{
	return arena_printf(f->a, "%s/state", f->dir);
}

static void
write_state(struct fx *f, const char *data, size_t len)
{
	FILE	*fp = fopen(state_path(f), "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Opened, a damaged state gives all it has or nothing; true: all. */
static bool
all_or_nothing(struct fx *f)
{
	struct cache		*c = cache_open(f->dir, f->env);
	struct output_cache	 oc;
	struct post		 p;
	const struct gitsrc_hist *h;
	const char		*commit;
	size_t			 n;
	bool			 any;

	cache_output(c, &oc);
	any = oc.live.n > 0 || cache_history(c, &commit, &h, &n) ||
	    cache_post(c, f->posts[0].path, f->posts[0].key, &p, f->a);
	if (any) {
		assert_int_equal(oc.live.n, 3);
		assert_true(cache_history(c, &commit, &h, &n));
	}
	cache_free(c);
	return any;
}

static void
test_cache_damaged(void **state)
{
	struct fx	*f = *state;
	FILE		*fp;
	char		*whole;
	long		 len;
	size_t		 i;

	save(f, true);
	fp = fopen(state_path(f), "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	whole = malloc((size_t)len);
	assert_int_equal(fread(whole, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);

	/* Cut at every length: the checksum leaves nothing. */
	for (i = 0; i < (size_t)len; i++) {
		write_state(f, whole, i);
		assert_false(all_or_nothing(f));
	}
	/* Every byte changed, one at a time. */
	for (i = 0; i < (size_t)len; i++) {
		whole[i] ^= 0x5a;
		write_state(f, whole, (size_t)len);
		assert_false(all_or_nothing(f));
		whole[i] ^= 0x5a;
	}
	write_state(f, whole, (size_t)len);
	assert_true(all_or_nothing(f));
	write_state(f, "heraldo-cache 8\n", 16);
	assert_false(all_or_nothing(f));
	write_state(f, "not a cache at all", 18);
	assert_false(all_or_nothing(f));
	free(whole);
}

/*
 * A state describes the trees it names: what it says of an output or a
 * spare tree that is another folder is forgotten, with a note.
 */
static void
test_cache_trees(void **state)
{
	struct fx		*f = *state;
	struct cache		*c;
	struct output_cache	 oc;
	struct out_tree_id	 live, tree;
	struct post		 p;
	char			*out = arena_printf(f->a, "%s/out", f->dir);
	char			*spare = arena_printf(f->a, "%s/tree", f->dir);
	char			*other = arena_printf(f->a, "%s/other", f->dir);

	assert_int_equal(mkdir(out, 0755), 0);
	assert_int_equal(mkdir(spare, 0755), 0);
	assert_int_equal(mkdir(other, 0755), 0);
	assert_true(output_tree_id(&live, out));
	assert_true(output_tree_id(&tree, spare));
	save(f, false);
	c = cache_open(f->dir, f->env);
	cache_save_begin(c, f->ptrs, 2, true, "0123", f->hist, 2);
	cache_save_end(c, &f->live, live, tree, f->d);
	cache_free(c);

	c = cache_open(f->dir, f->env);
	cache_check_trees(c, out);
	cache_output(c, &oc);
	assert_int_equal(oc.live.n, 3);
	assert_int_equal(oc.prev.n, 3);
	assert_null(cache_note(c));
	cache_free(c);

	/* Another output folder: its manifest is forgotten, posts kept. */
	c = cache_open(f->dir, f->env);
	cache_check_trees(c, other);
	cache_output(c, &oc);
	assert_int_equal(oc.live.n, 0);
	assert_int_equal(oc.prev.n, 3);
	assert_non_null(strstr(cache_note(c), "not the current one"));
	assert_true(cache_post(c, f->posts[0].path, f->posts[0].key, &p,
	    f->a));
	cache_free(c);

	/* The spare tree replaced by another folder. */
	assert_int_equal(rename(spare, arena_printf(f->a, "%s/old", f->dir)),
	    0);
	assert_int_equal(rename(other, spare), 0);
	c = cache_open(f->dir, f->env);
	cache_check_trees(c, out);
	cache_output(c, &oc);
	assert_int_equal(oc.live.n, 3);
	assert_int_equal(oc.prev.n, 0);
	cache_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cache_round_trip,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_sources,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_doc_spans,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_other_env,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_save_dropped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_damaged,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_trees,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
