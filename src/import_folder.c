/*
 * import_folder: see import_folder.h.
 */
#define _XOPEN_SOURCE 700

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"
#include "datefmt.h"
#include "diag.h"
#include "frontmatter.h"
#include "import.h"
#include "import_folder.h"
#include "loader.h"
#include "toml.h"
#include "util.h"
#include "value.h"

void
import_folder_init(struct import_folder *f, struct importer *imp,
    const char *dir, struct diags *d)
{
	memset(f, 0, sizeof(*f));
	f->imp = imp;
	f->a = import_arena(imp);
	f->d = d;
	f->dir = dir;
}

static bool
skipped(const char *name, const char *const *skip)
{
	size_t	 i;

	for (i = 0; skip != NULL && skip[i] != NULL; i++)
		if (strcmp(name, skip[i]) == 0)
			return true;
	return false;
}

static void
walk(struct import_folder *f, const char *rel, const char *const *skip,
    struct import_files *out)
{
	char		*path = arena_printf(f->a, "%s/%s", f->dir, rel);
	struct dirent	*e;
	struct stat	 st;
	DIR		*dp;
	const char	*r;

	if ((dp = opendir(path)) == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;	/* ".", "..", .git, .jekyll-cache */
		r = *rel != '\0' ? arena_printf(f->a, "%s/%s", rel, e->d_name) :
		    arena_strdup(f->a, e->d_name);
		if (stat(arena_printf(f->a, "%s/%s", f->dir, r), &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (!skipped(e->d_name, skip))
				walk(f, r, skip, out);
		} else if (S_ISREG(st.st_mode)) {
			if (out->n == out->cap) {
				out->cap = out->cap == 0 ? 256 : out->cap * 2;
				out->v = xrealloc(out->v, out->cap *
				    sizeof(*out->v));
			}
			out->v[out->n++] = r;
		}
	}
	closedir(dp);
}

void
import_folder_list(struct import_folder *f, const char *const *roots,
    const char *const *skip, struct import_files *out)
{
	size_t	 i;

	for (i = 0; roots[i] != NULL; i++)
		walk(f, roots[i], skip, out);
	if (out->n > 0)
		qsort(out->v, out->n, sizeof(*out->v), util_cmp_strp);
}

char *
import_folder_read(struct import_folder *f, const char *rel, size_t *len)
{
	char	*data, *s;

	data = util_read_file(arena_printf(f->a, "%s/%s", f->dir, rel), len);
	if (data == NULL)
		return NULL;
	s = arena_strndup(f->a, data, *len);
	free(data);
	return s;
}

char *
import_folder_text(struct import_folder *f, const char *rel, size_t *len)
{
	char	*s;

	if ((s = import_folder_read(f, rel, len)) == NULL)
		f->rc = diag_error(f->d, rel, 0, 0, "cannot read: %s",
		    strerror(errno));
	return s;
}

int
import_folder_config(struct import_folder *f, const char *name)
{
	struct value	*v = NULL;
	char		*text;
	size_t		 len;
	int		 rc;

	if ((text = import_folder_read(f, name, &len)) == NULL)
		return 1;
	rc = util_endswith(name, ".toml") ?
	    toml_parse(&v, name, text, len, 1, f->a, f->d) :
	    loader_parse(&v, name, text, len, 1, f->a, f->d);
	f->conf = v != NULL && v->kind == VAL_MAP ? v : NULL;
	return rc < 0 ? -1 : 0;
}

const char *
import_folder_conf_str(const struct import_folder *f, const char *key)
{
	const struct value	*v = f->conf != NULL ?
	    value_map_get(f->conf, key) : NULL;

	return v != NULL && v->kind == VAL_STRING ? v->u.str.s : NULL;
}

void
import_folder_zone(struct import_folder *f, const char *name)
{
	f->tz = name != NULL && datefmt_zone_known(name) ? name : "UTC";
}

int
import_folder_front(struct import_folder *f, const char *rel,
    const char *text, size_t len, struct value **meta, const char **body,
    unsigned *line)
{
	if (strncmp(text, "---", 3) != 0 && strncmp(text, "+++", 3) != 0) {
		*meta = value_map(f->a);
		*body = text;
		*line = 1;
	} else if (frontmatter_split(meta, body, line, rel, text, len, f->a,
	    f->d) < 0) {
		f->rc = -1;
		return -1;
	}
	if ((*meta)->kind != VAL_MAP)
		*meta = value_map(f->a);
	return 0;
}

bool
import_folder_date(struct import_folder *f, struct import_date *dt,
    const char *s, const char *rel, unsigned line)
{
	struct datefmt_tm	 tm;
	struct diags		*quiet;
	int64_t			 t;
	int			 rc;

	if (import_date_parse(dt, s))
		return true;
	quiet = diags_new();
	rc = datefmt_parse(&t, s, f->tz, rel, line, 0, quiet);
	diags_free(quiet);
	if (rc < 0) {
		diag_warning(f->d, rel, line, 0, "date: cannot read \"%s\"", s);
		return false;
	}
	datefmt_local(&tm, t, f->tz);
	dt->t = t;
	dt->offset = tm.offset;
	dt->set = true;
	return true;
}

void
import_folder_mtime(struct import_folder *f, struct import_date *dt,
    const char *rel)
{
	struct stat	 st;

	if (!dt->set && stat(arena_printf(f->a, "%s/%s", f->dir, rel),
	    &st) == 0) {
		dt->t = st.st_mtime;
		dt->set = true;
	}
}

size_t
import_folder_join(struct import_folder *f, const char ***out,
    const char **a, size_t na, const char **b, size_t nb)
{
	const char	**all = arena_alloc(f->a, (na + nb + 1) * sizeof(*all));
	size_t		  i;

	for (i = 0; i < na; i++)
		all[i] = a[i];
	for (i = 0; i < nb; i++)
		all[na + i] = b[i];
	*out = all;
	return na + nb;
}

void
import_folder_keep(struct buf *out, const char *s, size_t len)
{
	buf_puts(out, "<!-- ");
	buf_put(out, s, len);
	buf_puts(out, " -->");
}
