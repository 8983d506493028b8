/*
 * test_output: the output folder's lock (one build at a time, --no-wait,
 * no lock file left), one owner per output path (a second claim or write
 * is an error naming the first), the sweep of staging folders (only
 * those of builds that are gone), and the stamps a kept file is checked
 * against.
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
#include "diag.h"
#include "output.h"
#include "testutil.h"

struct fx {
	char		*dir;
	char		 out[512];
	struct arena	*a;
	struct diags	*d;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	f->dir = tu_tmpdir();
	snprintf(f->out, sizeof(f->out), "%s/public", f->dir);
	f->a = arena_new();
	f->d = diags_new();
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

static bool
exists(const char *dir, const char *rel)
{
	char		 path[1024];
	struct stat	 st;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	return lstat(path, &st) == 0;
}

static void
test_output_lock(void **state)
{
	struct fx	*f = *state;
	struct out_lock	*l, *again;
	bool		 busy;
	char		*msg;

	l = output_lock(f->out, false, &busy, f->d);
	assert_non_null(l);
	assert_false(busy);
	assert_true(exists(f->dir, ".public.heraldo-lock"));
	/* A second lock (another open file) is refused without waiting. */
	again = output_lock(f->out, false, &busy, f->d);
	assert_null(again);
	assert_true(busy);
	msg = tu_diags(f->d);
	assert_non_null(strstr(msg, "another build of it is running (pid "));
	assert_non_null(strstr(msg, "leave out --no-wait"));
	free(msg);
	output_unlock(l);
	assert_false(exists(f->dir, ".public.heraldo-lock"));
	/* A lock file left by a killed build is taken over. */
	tu_write(f->dir, ".public.heraldo-lock", "4242\n");
	l = output_lock(f->out, true, &busy, f->d);
	assert_non_null(l);
	output_unlock(l);
	output_unlock(NULL);
}

/* Begin a build of f->out without a cache. */
static struct output *
begin(struct fx *f)
{
	struct output	*o;

	assert_int_equal(output_begin(&o, f->out, NULL, NULL, f->d), 0);
	return o;
}

static void
test_output_claims(void **state)
{
	struct fx		*f = *state;
	struct output		*o = begin(f);
	struct out_manifest	 made;
	struct out_tree_id	 live, spare;
	char			*msg;

	assert_true(output_claim(o, "old/a.html", "content/posts/a.md", 6));
	assert_false(output_claim(o, "old/a.html", "static/old/a.html", 0));
	output_write(o, "old/a.html", "<p>a</p>", 8);
	output_write(o, "index.html", "<p>home</p>", 11);
	/* A claim after heraldo wrote the path, and a second write. */
	assert_false(output_claim(o, "index.html", "static/index.html", 0));
	output_write(o, "old/a.html", "<p>b</p>", 8);
	output_write(o, "feeds/atom.xml", "<feed/>", 7);
	output_write(o, "feeds/atom.xml", "<feed/>", 7);
	assert_int_equal(output_seal(o, &made, &live, &spare, f->d), -1);
	msg = tu_diags(f->d);
	assert_string_equal(msg,
	    "heraldo: error: feeds/atom.xml: written twice by heraldo "
	    "itself\n"
	    "content/posts/a.md:6: error: writes /old/a.html, where heraldo "
	    "writes a page, list, feed or file of its own; give it another "
	    "path\n"
	    "static/index.html: error: writes /index.html, where heraldo "
	    "writes a page, list, feed or file of its own; give it another "
	    "path\n"
	    "static/old/a.html: error: writes /old/a.html, as "
	    "content/posts/a.md:6 does; give one of them another path\n");
	free(msg);
	/* Nothing was published, nothing is left beside it. */
	assert_false(exists(f->dir, "public"));
	output_manifest_free(&made);
}

/*
 * A file where another path needs a folder, and a folder where another
 * path is a file, each way round: one error each, naming the site's
 * file, and nothing written that would fail on the file system.
 */
static void
test_output_claim_folders(void **state)
{
	struct fx		*f = *state;
	struct output		*o = begin(f);
	struct out_manifest	 made;
	struct out_tree_id	 live, spare;
	char			*msg;

	/* A post's alias in a folder where heraldo writes a file. */
	assert_true(output_claim(o, "heraldo.css/index.html",
	    "content/posts/a.md", 7));
	output_write(o, "heraldo.css", "body{}", 6);
	/* A post's alias as a file where heraldo then makes a folder. */
	assert_true(output_claim(o, "tags/node.js", "content/posts/a.md", 8));
	output_write(o, "tags/node.js/index.html", "<p>t</p>", 8);
	output_write(o, "tags/node.js/atom.xml", "<feed/>", 7);
	/* Two files of the site, each way round. */
	assert_true(output_claim(o, "2012/a.html", "content/posts/b.md", 0));
	assert_false(output_claim(o, "2012/a.html/photo.png",
	    "static/2012/a.html/photo.png", 0));
	output_write(o, "2012/index.html", "<p>y</p>", 8);
	assert_false(output_claim(o, "2012", "static/2012", 0));
	/* Heraldo's own, and a file deep in a folder that is fine. */
	output_write(o, "feeds/atom.xml", "<feed/>", 7);
	output_write(o, "feeds/atom.xml/x", "<feed/>", 7);
	output_write(o, "a/b/c/d.html", "<p>d</p>", 8);
	assert_true(output_claim(o, "a/b/e.html", "static/a/b/e.html", 0));
	assert_int_equal(output_seal(o, &made, &live, &spare, f->d), -1);
	msg = tu_diags(f->d);
	assert_string_equal(msg,
	    "heraldo: error: feeds/atom.xml: written as a file and as a "
	    "folder (for feeds/atom.xml/x) by heraldo itself\n"
	    "content/posts/a.md:7: error: writes /heraldo.css/index.html, "
	    "in a folder /heraldo.css/, where heraldo writes a file of its "
	    "own; give it another path\n"
	    "content/posts/a.md:8: error: writes /tags/node.js, where "
	    "heraldo makes a folder /tags/node.js/ of its own; give it "
	    "another path\n"
	    "static/2012: error: writes /2012, where content/posts/b.md "
	    "writes /2012/a.html, in a folder /2012/; give one of them "
	    "another path\n"
	    "static/2012/a.html/photo.png: error: writes "
	    "/2012/a.html/photo.png, in a folder /2012/a.html/, where "
	    "content/posts/b.md writes a file; give one of them another "
	    "path\n");
	free(msg);
	assert_false(exists(f->dir, "public"));
	output_manifest_free(&made);
}

static void
test_output_sweep(void **state)
{
	struct fx		*f = *state;
	struct output		*o;
	struct out_manifest	 made;
	struct out_tree_id	 live, spare;
	char			 live_pid[64], gone_pid[64];
	bool			 kept;

	/* pid 0x7ffffff0 is above any pid_max: never running. */
	snprintf(gone_pid, sizeof(gone_pid), ".public.heraldo-%d-AbC123",
	    0x7ffffff0);
	snprintf(live_pid, sizeof(live_pid), ".public.heraldo-%ld-AbC123",
	    (long)getppid());
	tu_write(f->dir, gone_pid, "x");
	tu_write(f->dir, live_pid, "x");
	tu_write(f->dir, ".public.heraldo-Xy9876", "x");
	tu_write(f->dir, ".public.heraldo-x.heraldo-1-AbC123", "x");
	tu_write(f->dir, ".public.heraldo-cache", "x");
	o = begin(f);
	assert_false(exists(f->dir, gone_pid));
	assert_false(exists(f->dir, ".public.heraldo-Xy9876"));
	assert_true(exists(f->dir, live_pid));
	assert_true(exists(f->dir, ".public.heraldo-x.heraldo-1-AbC123"));
	assert_true(exists(f->dir, ".public.heraldo-cache"));
	output_write(o, "index.html", "<p>home</p>", 11);
	assert_int_equal(output_seal(o, &made, &live, &spare, f->d), 0);
	assert_int_equal(made.n, 1);
	/* The stamp is the file's as written, the tree the staged one. */
	assert_int_equal(made.v[0].stamp.size, 11);
	assert_true(made.v[0].stamp.ino != 0 && made.v[0].stamp.mtime != 0);
	assert_true(live.ino != 0);
	assert_int_equal(spare.ino, 0);
	assert_int_equal(output_commit(o, &kept, f->d), 0);
	assert_false(kept);
	{
		struct out_tree_id	 now;

		assert_true(output_tree_id(&now, f->out));
		assert_true(output_tree_id_eq(now, live));
	}
	output_manifest_free(&made);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_output_lock,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_claims,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_claim_folders,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_output_sweep,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
