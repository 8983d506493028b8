/*
 * loader: YAML (and JSON, which libyaml reads as YAML) into value trees.
 *
 * Used for front matter, site.yaml, i18n catalogs, hours blocks and
 * template data files.  Plain scalars are typed by the YAML 1.2 core
 * schema: null/~/empty, true/false, integers and floats become
 * VAL_NULL/VAL_BOOL/VAL_NUMBER; everything else, and every quoted scalar,
 * is a string.  Dates stay strings: their meaning depends on a time zone,
 * which is the caller's business.  Aliases share the anchored node (no
 * copy); "<<" merge keys are applied.  Each key's place is kept in its
 * map pair (value.h).
 */
#ifndef HERALDO_LOADER_H
#define HERALDO_LOADER_H

#include <stddef.h>

struct arena;
struct diags;
struct value;

/* Nesting deeper than this is an error rather than a stack overflow. */
#define LOADER_MAX_DEPTH	256

/*
 * Aliases may repeat at most this many values in one document (each alias
 * counts the values of the node it names, nested aliases included), so
 * that walking the tree is linear in the size of the document: an alias
 * bomb ("billion laughs") is an error at the alias that crosses the line.
 * An alias inside the node it names is an error too: no tree has cycles.
 */
#define LOADER_MAX_REPEATED	100000

/*
 * Parse one YAML document from text[0..len).  "first_line" is the 1-based
 * line of "path" where the text starts (front matter starts at line 2);
 * "first_col" the 1-based column of its first character (1 for a file).
 * On success returns 0 and *out (in "a"; VAL_NULL for an empty document).
 * On failure returns -1 after recording an error placed in "path".
 * A second document in the stream is an error.
 */
int	loader_parse(struct value **out, const char *path, const char *text,
	    size_t len, unsigned first_line, struct arena *a,
	    struct diags *d);

/*
 * Like loader_parse, but every line of the text is shifted right by
 * "indent" columns in the reported positions (for YAML indented inside a
 * fenced block).
 */
int	loader_parse_at(struct value **out, const char *path,
	    const char *text, size_t len, unsigned first_line,
	    unsigned indent, struct arena *a, struct diags *d);

/*
 * Where key "key" of value "v" was written in the text given to
 * loader_parse_at (with its first_line and indent): on v's line before
 * it ("key: value"), or on the line above (a block map or list).  Falls
 * back to v's own place.  For diagnostics about a key: value trees keep
 * no key positions.
 */
void	loader_key_place(unsigned *line, unsigned *col, const char *text,
	    size_t len, unsigned first_line, unsigned indent, const char *key,
	    const struct value *v);

/*
 * Like loader_parse, but a key given twice in one map is a warning and
 * the last value is kept, as Jekyll keeps it (front matter).
 */
int	loader_parse_lenient(struct value **out, const char *path,
	    const char *text, size_t len, unsigned first_line,
	    struct arena *a, struct diags *d);

#endif /* !HERALDO_LOADER_H */
