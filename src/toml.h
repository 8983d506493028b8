/*
 * toml: TOML 1.0.0 (https://toml.io/en/v1.0.0) into value trees.
 *
 * Used for "+++" front matter (Hugo, Zola) and for reading other
 * generators' configuration files.  The whole document is checked against
 * the specification: invalid UTF-8, control characters, bad escapes, keys
 * or tables defined twice, numbers out of the 64-bit range and impossible
 * dates are errors, as the toml-test suite expects.
 *
 * How TOML's types become values (value.h), each with its "tag":
 *
 *   table, inline table	VAL_MAP, keys in document order
 *   array			VAL_LIST
 *   string			VAL_STRING (may hold U+0000: use u.str.len);
 *				line ends in multi-line strings become "\n"
 *   boolean			VAL_BOOL
 *   integer			VAL_NUMBER, VTAG_INTEGER; u.num.text is the
 *				exact decimal ("255" for 0xff, "1000" for
 *				1_000), since u.num.d loses digits past 2^53
 *   float			VAL_NUMBER, VTAG_FLOAT; u.num.text as written
 *				without underscores ("inf", "-nan", "1e3")
 *   offset date-time		VAL_STRING, VTAG_DATETIME, RFC 3339 with an
 *				upper-case "T" and "Z": "1979-05-27T07:32:00Z"
 *   local date-time		VAL_STRING, VTAG_DATETIME_LOCAL
 *				("1979-05-27T07:32:00")
 *   local date		VAL_STRING, VTAG_DATE_LOCAL ("1979-05-27")
 *   local time		VAL_STRING, VTAG_TIME_LOCAL ("07:32:00.5")
 *
 * So a TOML document gives the same tree as the YAML that says the same
 * thing, and dates read as YAML's do.  A key holding U+0000 (written
 * "\u0000") is stored with that character as the two bytes C0 80, as
 * modified UTF-8 does, because map keys are NUL-terminated.
 *
 * Work is linear in the input: keys are found through a hash table, never
 * by scanning a table, so 100,000 keys or dotted keys cost no more than
 * reading them.  Tables, inline tables and arrays nested deeper than
 * TOML_MAX_DEPTH levels (counting each part of a dotted key or a table
 * header) are an error, so nothing that later walks the tree recursively
 * can run out of stack.
 */
#ifndef HERALDO_TOML_H
#define HERALDO_TOML_H

#include <stddef.h>

struct arena;
struct diags;
struct value;

#define TOML_MAX_DEPTH	128

/*
 * Parse the TOML document text[0..len) (a UTF-8 byte order mark at its
 * start is skipped).  "first_line" is the 1-based line of "path" where the
 * text starts (front matter starts at line 2).  On success returns 0 and
 * *out, the root table (a VAL_MAP, empty for an empty document),
 * allocated in "a".  On failure returns -1 after recording one error,
 * prefixed "toml:", at the 1-based line and column (in characters) of
 * "path" where the document goes wrong.  Allocates nothing that outlives
 * the call outside "a".
 */
int	toml_parse(struct value **out, const char *path, const char *text,
	    size_t len, unsigned first_line, struct arena *a,
	    struct diags *d);

#endif /* !HERALDO_TOML_H */
