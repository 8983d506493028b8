/*
 * fuzz_cache: arbitrary bytes as the build cache's state file, end to
 * end.  Opening it must give an empty cache or a whole one, never crash;
 * the manifest entries and history it gives must be whole (strings
 * present, sorted).  Then a whole build of a small site (posts with tags
 * and aliases, a page, a static file, from a git commit) restores its
 * posts and plans its pages from that state:
 *
 *   first byte even: the rest is the state as it is.  Unless it is the
 *   state of this very output (which a mutation cannot make), the build
 *   must publish the site a build without the cache makes, byte for byte.
 *
 *   first byte odd: the state's checksums are made right again, and it
 *   is made to name the current output and spare tree and the build's
 *   environment (which holds heraldo's build ID), so that the mutation
 *   reaches the parser, the restored posts and the manifests.
 *   The build must end in a site or in diagnostics, never in a crash.
 *
 *   bit 1 of the first byte set: the rest is not the state but what
 *   changes in the state this build made of the site (XORed over it,
 *   and taken as it is past its end): zeros, however many, are that
 *   state whatever heraldo's build ID, so that mutations are of records
 *   whose keys this build matches.
 *
 * The seeds under tests/fuzz/corpus/cache/ are states of this site (run
 * the target with FUZZ_CACHE_SEED=FILE to write one) and runs of zeros.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "diag.h"
#include "gitsrc.h"
#include "hash.h"
#include "output.h"
#include "site.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 root[64];
static uint8_t	 env_made[16];	/* the environment digest of this build */
static uint8_t	*made;		/* the state this build made */
static size_t	 nmade;

static void
check(struct cache *c)
{
	struct output_cache		 oc;
	const struct gitsrc_hist	*h;
	const char			*commit;
	size_t				 i, n;

	cache_output(c, &oc);
	for (i = 0; i < oc.live.n; i++)
		if (oc.live.v[i].rel == NULL || (i > 0 &&
		    strcmp(oc.live.v[i - 1].rel, oc.live.v[i].rel) >= 0))
			abort();
	if (cache_history(c, &commit, &h, &n))
		for (i = 0; i < n; i++)
			if (h[i].path == NULL || h[i].created.name == NULL ||
			    h[i].modified.email == NULL ||
			    strlen(h[i].significant.commit) > 40)
				abort();
}

static void
put(const char *rel, const char *text)
{
	char	 path[256];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/site/%s", root, rel);
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	fputs(text, fp);
	fclose(fp);
}

static void
cleanup(void)
{
	char	 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", root);
}

static int
build(const char *out, bool cache)
{
	struct site_opts	 o;
	struct diags		*d = diags_new();
	char			 site[128];
	int			 rc;

	snprintf(site, sizeof(site), "%s/site", root);
	memset(&o, 0, sizeof(o));
	o.site_dir = site;
	o.out = out;
	o.now = "2013-06-01T00:00:00Z";
	o.jobs = 1;
	o.no_cache = !cache;
	rc = site_build(&o, NULL, d);
	/* Failure and recorded errors go together. */
	if ((rc < 0) != (diags_errors(d) > 0))
		abort();
	diags_free(d);
	return rc;
}

/* The same site every time, to the commit ids: the seeds fit it. */
static void
setup(void)
{
	char	 cmd[512], path[128];
	FILE	*fp;

	snprintf(root, sizeof(root), "/tmp/heraldo-fuzz-cache-XXXXXX");
	if (mkdtemp(root) == NULL)
		abort();
	atexit(cleanup);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", root, 1);
	setenv("GIT_AUTHOR_NAME", "Ana Author", 1);
	setenv("GIT_AUTHOR_EMAIL", "ana@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Ana Author", 1);
	setenv("GIT_COMMITTER_EMAIL", "ana@example.com", 1);
	setenv("GIT_AUTHOR_DATE", "2013-01-05T10:00:00Z", 1);
	setenv("GIT_COMMITTER_DATE", "2013-01-05T10:00:00Z", 1);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/site/content/posts/2012/10 "
	    "%s/site/content/posts/2012/12 %s/site/content/pages "
	    "%s/site/static", root, root, root, root);
	if (system(cmd) != 0)
		abort();
	put("site.yaml", "title: Fuzz News\nbase_url: https://fuzz.example/\n"
	    "locale: en_US\ntimezone: America/Toronto\nper_page: 2\n"
	    "list_per_page: 1\npermalink: /:year/:month/:slug.html\n");
	put("content/posts/2012/10/launch.md", "---\ntitle: We launch\n"
	    "date: 2012-10-04 09:00\ntags: [Launches, News]\n"
	    "aliases: [/old/launch.html]\n---\nThe *launch*.\n");
	put("content/posts/2012/10/hours.md", "---\ntitle: Hours\n"
	    "date: 2012-10-20 09:00\ntags: [News, Hours, news]\n---\n"
	    "Closed Monday.\n");
	put("content/posts/2012/12/later.md", "---\ntitle: Later\n"
	    "date: 2012-12-01 09:00\ntags: [Launches]\n"
	    "expires: 2013-03-01\n---\nLater on.\n");
	put("content/pages/about.md", "---\ntitle: About us\n---\nWho.\n");
	put("static/robots.txt", "User-agent: *\n");
	snprintf(cmd, sizeof(cmd), "cd %s/site && git init -q . && "
	    "git add -A && git commit -q -m site", root);
	if (system(cmd) != 0)
		abort();
	/* The reference, and a state of the cached output. */
	snprintf(path, sizeof(path), "%s/ref", root);
	if (build(path, false) != 0)
		abort();
	snprintf(path, sizeof(path), "%s/out", root);
	if (build(path, true) != 0 || build(path, true) != 0)
		abort();
	snprintf(path, sizeof(path), "%s/.out.heraldo-cache/state", root);
	if ((fp = fopen(path, "rb")) == NULL || fseek(fp, 0, SEEK_END) != 0 ||
	    (nmade = (size_t)ftell(fp)) < 32 || fseek(fp, 0, SEEK_SET) != 0)
		abort();
	made = xmalloc(nmade);
	if (fread(made, 1, nmade, fp) != nmade)
		abort();
	fclose(fp);
	memcpy(env_made, made + 16, sizeof(env_made));
	if (getenv("FUZZ_CACHE_SEED") != NULL) {
		snprintf(cmd, sizeof(cmd), "cp %s/.out.heraldo-cache/state %s",
		    root, getenv("FUZZ_CACHE_SEED"));
		if (system(cmd) != 0)
			abort();
	}
}

/*
 * Checksums made right, the environment this build's, and the trees
 * named the current ones (the layout: cache.c).
 */
static void
fix_up(uint8_t *s, size_t len)
{
	struct out_tree_id	 live, spare;
	struct hkey		 head, tail;
	char			 path[128];
	uint64_t		 hlen;
	size_t			 body;

	if (len < 16 + 40)
		return;
	body = len - 40;
	memcpy(&hlen, s + body, 8);
	if (hlen > body)
		return;
	memcpy(s + 16, env_made, sizeof(env_made));
	snprintf(path, sizeof(path), "%s/out", root);
	output_tree_id(&live, path);
	snprintf(path, sizeof(path), "%s/.out.heraldo-cache/tree", root);
	output_tree_id(&spare, path);
	if (hlen + 32 <= body) {
		memcpy(s + hlen, &live, 16);
		memcpy(s + hlen + 16, &spare, 16);
	}
	head = hash_bytes(s, (size_t)hlen);
	tail = hash_bytes(s + hlen, body - (size_t)hlen);
	memcpy(s + body + 8, &head, 16);
	memcpy(s + body + 24, &tail, 16);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cache	*c;
	struct hkey	 env = { 0, 0 };
	char		 dir[128], path[256], cmd[512];
	uint8_t		*state;
	bool		 forged;
	size_t		 i, len;
	FILE		*fp;
	int		 rc;

	if (root[0] == '\0')
		setup();
	if (size == 0)
		return 0;
	forged = data[0] & 1;
	len = size - 1;
	if ((data[0] & 2) && len < nmade)
		len = nmade;
	state = xcalloc(len + 1, 1);
	memcpy(state, data + 1, size - 1);
	for (i = 0; (data[0] & 2) && i < nmade; i++)
		state[i] ^= made[i];
	if (forged)
		fix_up(state, len);
	snprintf(dir, sizeof(dir), "%s/.out.heraldo-cache", root);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/state", dir);
	if ((fp = fopen(path, "wb")) == NULL)
		abort();
	if (len > 0 && fwrite(state, 1, len, fp) != len)
		abort();
	fclose(fp);
	/*
	 * Opened alone, under whatever environment digest the state says
	 * (it follows the 16-byte magic), so that inputs get past it.
	 */
	if (len >= 32) {
		memcpy(&env.a, state + 16, 8);
		memcpy(&env.b, state + 24, 8);
	}
	free(state);
	c = cache_open(dir, env);
	check(c);
	cache_free(c);

	snprintf(path, sizeof(path), "%s/out", root);
	rc = build(path, true);
	if (!forged) {
		if (rc != 0)
			abort();
		snprintf(cmd, sizeof(cmd), "diff -r %s/ref %s/out > /dev/null",
		    root, root);
		if (system(cmd) != 0)
			abort();
	}
	return 0;
}
