/*
 * floor: the render-and-write floor of a build, for `make bench`.
 *
 *   floor OUTDIR FILE...
 *
 * Renders each Markdown file (front matter skipped) with cmark-gfm and its
 * GFM extensions and writes one HTML file per post into OUTDIR, on two
 * threads: what any generator must at least do for these posts.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

static char		**files;
static int		  nfiles;
static const char	 *outdir;
static atomic_int	  next;

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "rb");
	char	*p;
	long	 n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	if (p == NULL || fread(p, 1, (size_t)n, fp) != (size_t)n)
		abort();
	fclose(fp);
	p[n] = '\0';
	*len = (size_t)n;
	return p;
}

static void *
work(void *arg)
{
	static const char *const exts[] = { "table", "strikethrough",
	    "autolink", "tagfilter" };
	cmark_parser	*parser;
	cmark_node	*doc;
	char		*text, *body, *html, out[4096];
	size_t		 len, i;
	int		 k;
	FILE		*fp;

	(void)arg;
	while ((k = atomic_fetch_add(&next, 1)) < nfiles) {
		if ((text = slurp(files[k], &len)) == NULL)
			continue;
		body = text;
		if (strncmp(text, "---\n", 4) == 0 &&
		    (body = strstr(text + 4, "\n---\n")) != NULL)
			body += 5;
		else
			body = text;
		parser = cmark_parser_new(CMARK_OPT_DEFAULT);
		for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
			cmark_parser_attach_syntax_extension(parser,
			    cmark_find_syntax_extension(exts[i]));
		cmark_parser_feed(parser, body, len - (size_t)(body - text));
		doc = cmark_parser_finish(parser);
		html = cmark_render_html(doc, CMARK_OPT_DEFAULT,
		    cmark_parser_get_syntax_extensions(parser));
		snprintf(out, sizeof(out), "%s/%d.html", outdir, k);
		if ((fp = fopen(out, "wb")) != NULL) {
			fputs(html, fp);
			fclose(fp);
		}
		free(html);
		cmark_node_free(doc);
		cmark_parser_free(parser);
		free(text);
	}
	return NULL;
}

int
main(int argc, char *argv[])
{
	pthread_t	 t;

	if (argc < 2) {
		fprintf(stderr, "usage: floor OUTDIR FILE...\n");
		return 2;
	}
	cmark_gfm_core_extensions_ensure_registered();
	outdir = argv[1];
	files = argv + 2;
	nfiles = argc - 2;
	pthread_create(&t, NULL, work, NULL);
	work(NULL);
	pthread_join(t, NULL);
	return 0;
}
