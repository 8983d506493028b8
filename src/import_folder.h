/*
 * import_folder: what the readers of a site folder (import_hugo.c,
 * import_jekyll.c) share: the folder and its configuration, its files
 * listed and read, front matter split off, dates read in the site's
 * time zone, and Hugo's or Jekyll's template code kept out of sight.
 */
#ifndef HERALDO_IMPORT_FOLDER_H
#define HERALDO_IMPORT_FOLDER_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct diags;
struct import_date;
struct importer;
struct value;

/* A site folder being imported; a reader's own state starts with one. */
struct import_folder {
	struct importer		*imp;
	struct arena		*a;		/* the importer's */
	struct diags		*d;
	const char		*dir;		/* the folder */
	const struct value	*conf;		/* its configuration map */
	const char		*tz;		/* its time zone, or "UTC" */
	int			 rc;		/* -1 once a file failed */
};

/* The folder's files, as paths relative to it. */
struct import_files {
	const char	**v;		/* malloc'd; free(v) */
	size_t		  n, cap;
};

void	import_folder_init(struct import_folder *, struct importer *,
	    const char *dir, struct diags *);

/*
 * The files below the folders "roots" (NULL-terminated; "" is the folder
 * itself), sorted, leaving out names starting with "." and folders named
 * in "skip" (NULL-terminated, or NULL).
 */
void	import_folder_list(struct import_folder *, const char *const *roots,
	    const char *const *skip, struct import_files *);

/* File "rel" of the folder, NUL-terminated, or NULL with errno set. */
char	*import_folder_read(struct import_folder *, const char *rel,
	    size_t *len);

/* The same, or NULL after recording an error (rc is -1 too). */
char	*import_folder_text(struct import_folder *, const char *rel,
	    size_t *len);

/*
 * Read the configuration file "name" (YAML or JSON; TOML when it ends in
 * ".toml") into conf.  Returns 0, 1 when it cannot be read, or -1 after
 * recording an error.
 */
int	import_folder_config(struct import_folder *, const char *name);

/* The configuration's string "key", or NULL. */
const char *import_folder_conf_str(const struct import_folder *,
	    const char *key);

/* Set tz: the zone "name" if ICU knows it, else UTC. */
void	import_folder_zone(struct import_folder *, const char *name);

/*
 * Split the front matter off text[0..len), file "rel": *meta is a map
 * (empty when the file has none), *body and *line the text after it.
 * Returns 0, or -1 after recording an error (rc is -1 too).
 */
int	import_folder_front(struct import_folder *, const char *rel,
	    const char *text, size_t len, struct value **meta,
	    const char **body, unsigned *line);

/*
 * A date of file "rel" at "line": RFC 3339, or what datefmt reads as a
 * local time in tz.  Returns false, with a warning, when it is neither.
 */
bool	import_folder_date(struct import_folder *, struct import_date *,
	    const char *s, const char *rel, unsigned line);

/* Unless *dt is set, file "rel"'s modification time. */
void	import_folder_mtime(struct import_folder *, struct import_date *dt,
	    const char *rel);

/* The list a[0..na) then b[0..nb), in the arena. */
size_t	import_folder_join(struct import_folder *, const char ***out,
	    const char **a, size_t na, const char **b, size_t nb);

/*
 * Template code s[0..len) that means nothing without Hugo or Jekyll, in
 * an HTML comment: kept for people, never shown as text.
 */
void	import_folder_keep(struct buf *, const char *s, size_t len);

#endif /* !HERALDO_IMPORT_FOLDER_H */
