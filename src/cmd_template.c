/*
 * cmd_template: `heraldo template render`.  Reads the template, its
 * partials and the data from disk (not from git: this command works on
 * loose files), renders with the template module and writes the result
 * to stdout untouched.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "cmd_template.h"
#include "diag.h"
#include "loader.h"
#include "template.h"
#include "util.h"
#include "value.h"

#define EXT	".mustache"

static const char usage[] = "usage: heraldo template render FILE "
    "--data DATA.yaml|DATA.json [--partials DIR]\n";

static int
bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "heraldo: template: %s%s%s%s\n%s", what,
	    arg ? " \"" : "", arg ? arg : "", arg ? "\"" : "", usage);
	return 2;
}

/* The whole file in a malloc'd buffer, or NULL after recording why. */
static char *
read_file(const char *path, size_t *len, struct diags *d)
{
	struct buf	 b = BUF_INIT;
	char		 chunk[16384];
	size_t		 n;
	FILE		*fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		diag_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, n);
	if (ferror(fp)) {
		diag_error(d, path, 0, 0, "cannot read: %s", strerror(errno));
		fclose(fp);
		buf_free(&b);
		return NULL;
	}
	fclose(fp);
	buf_cstr(&b);
	return buf_detach(&b, len);
}

static int
add_file(struct tpl_set *set, const char *name, const char *path,
    struct diags *d)
{
	char	*text;
	size_t	 len;
	int	 rc;

	if ((text = read_file(path, &len, d)) == NULL)
		return -1;
	rc = template_set_add(set, name, path, text, len, d);
	free(text);
	return rc;
}

/* dir/rel, without doubling a slash that ends "dir". */
static void
join(struct buf *b, const char *dir, const char *rel)
{
	buf_reset(b);
	buf_puts(b, dir);
	if (*rel != '\0' && b->len > 0 && b->data[b->len - 1] != '/')
		buf_putc(b, '/');
	buf_puts(b, rel);
	buf_cstr(b);
}

/*
 * Add every *.mustache file under dir/rel ("rel" is "" at the top), in
 * name order, except the file "skip" (the template being rendered).
 * Links to folders are not followed, so no loop can trap the walk.
 */
static int
add_dir(struct tpl_set *set, const char *dir, const char *rel,
    const struct stat *skip, struct diags *d)
{
	struct dirent	*e;
	struct stat	 st;
	struct buf	 path = BUF_INIT, sub = BUF_INIT;
	char		**names = NULL, *name;
	size_t		 n = 0, i;
	DIR		*dp;
	int		 rc = 0;

	join(&path, dir, rel);
	if ((dp = opendir(path.data)) == NULL) {
		/* Only the folder asked for must be readable. */
		if (*rel == '\0')
			rc = diag_error(d, path.data, 0, 0, "cannot read: %s",
			    strerror(errno));
		else
			diag_warning(d, path.data, 0, 0, "cannot read: %s",
			    strerror(errno));
		goto out;
	}
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof(*names), util_cmp_strp);
	for (i = 0; i < n; i++) {
		join(&sub, rel, names[i]);
		join(&path, dir, sub.data);
		if (lstat(path.data, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (add_dir(set, dir, sub.data, skip, d) < 0)
				rc = -1;
			continue;
		}
		if (!util_endswith(names[i], EXT) ||
		    strlen(names[i]) == strlen(EXT) ||
		    stat(path.data, &st) < 0 || !S_ISREG(st.st_mode) ||
		    (st.st_dev == skip->st_dev && st.st_ino == skip->st_ino))
			continue;
		name = xstrndup(sub.data, sub.len - strlen(EXT));
		if (add_file(set, name, path.data, d) < 0)
			rc = -1;
		free(name);
	}
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	buf_free(&sub);
	buf_free(&path);
	return rc;
}

/* Missing partials render as nothing; say so without failing. */
static void
warn_missing(const struct tpl_set *set, struct diags *d)
{
	struct diags		*missing = diags_new();
	const struct diag	*x;
	size_t			 i;

	template_set_check(set, missing);
	for (i = 0; (x = diags_get(missing, i)) != NULL; i++)
		diag_warning(d, x->path, x->line, x->col, "%s", x->msg);
	diags_free(missing);
}

static int
render(const char *file, const char *data, const char *partials,
    struct diags *d)
{
	struct tpl_set	*set = template_set_new();
	struct arena	*a = arena_new();
	struct value	*ctx = NULL;
	struct buf	 out = BUF_INIT;
	struct stat	 st;
	const char	*base;
	char		*dir = NULL, *name = NULL, *text = NULL;
	size_t		 len;
	int		 rc = -1;

	if (stat(file, &st) < 0) {
		diag_error(d, file, 0, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	if (partials == NULL) {
		dir = base == file ? xstrdup(".") :
		    xstrndup(file, (size_t)(base - file - 1));
		partials = *dir ? dir : "/";
	}
	len = strlen(base);
	if (util_endswith(base, EXT) && len > strlen(EXT))
		len -= strlen(EXT);
	name = xstrndup(base, len);
	rc = add_dir(set, partials, "", &st, d);
	if (add_file(set, name, file, d) < 0)
		rc = -1;
	if ((text = read_file(data, &len, d)) == NULL ||
	    loader_parse(&ctx, data, text, len, 1, a, d) < 0)
		rc = -1;
	if (rc < 0)
		goto out;
	warn_missing(set, d);
	if ((rc = template_render(&out, set, name, ctx, d)) < 0)
		goto out;
	if (out.len > 0 && fwrite(out.data, 1, out.len, stdout) != out.len)
		rc = -1;
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = -1;
	if (rc < 0)
		diag_error(d, "", 0, 0, "cannot write the output: %s",
		    strerror(errno));
out:
	buf_free(&out);
	free(text);
	free(name);
	free(dir);
	arena_free(a);
	template_set_free(set);
	return rc;
}

int
cmd_template(int argc, char **argv)
{
	struct diags	*d;
	const char	*file = NULL, *data = NULL, *partials = NULL;
	const char	**opt;
	int		 i, rc;

	if (argc < 3 || strcmp(argv[2], "render") != 0)
		return bad_usage(argc < 3 ? "missing subcommand" :
		    "unknown subcommand", argc < 3 ? NULL : argv[2]);
	for (i = 3; i < argc; i++) {
		opt = NULL;
		if (strcmp(argv[i], "--data") == 0)
			opt = &data;
		else if (strcmp(argv[i], "--partials") == 0)
			opt = &partials;
		if (opt != NULL) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0')
				return bad_usage("missing value of",
				    argv[i]);
			*opt = argv[++i];
		} else if (util_startswith(argv[i], "--data="))
			data = argv[i] + strlen("--data=");
		else if (util_startswith(argv[i], "--partials="))
			partials = argv[i] + strlen("--partials=");
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return bad_usage("unknown option", argv[i]);
		else if (file != NULL)
			return bad_usage("one template at a time, got also",
			    argv[i]);
		else
			file = argv[i];
	}
	if (file == NULL)
		return bad_usage("missing FILE", NULL);
	if (data == NULL || *data == '\0')
		return bad_usage("missing --data", NULL);
	if (partials != NULL && *partials == '\0')
		return bad_usage("missing value of", "--partials");
	d = diags_new();
	rc = render(file, data, partials, d);
	diags_print(d, stderr);
	diags_free(d);
	return rc < 0 ? 1 : 0;
}
