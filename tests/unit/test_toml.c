/*
 * Unit tests for the TOML reader: the toml-test suite's TOML 1.0.0 cases
 * (tests/vectors/toml-test under tu_srcdir()), exact
 * diagnostics for malformed input, the value tree it gives, and
 * pathological inputs under a time bound.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "testutil.h"
#include "toml.h"
#include "value.h"

#define VECTORS	"tests/vectors/toml-test"	/* under tu_srcdir() */

struct fx {
	struct arena	*a;
	struct diags	*d;
};

static int
setup(void **state)
{
	struct fx	*f = calloc(1, sizeof(*f));

	f->a = arena_new();
	f->d = diags_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	arena_free(f->a);
	diags_free(f->d);
	free(f);
	return 0;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "rb");
	char	*s;
	long	 n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	if (fread(s, 1, (size_t)n, fp) != (size_t)n)
		n = 0;
	s[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return s;
}

/*
 * A small JSON reader for the suite's expected output: objects, arrays
 * and strings only (the tagged form uses nothing else).  Keys holding
 * U+0000 are stored as C0 80, as toml.h stores them.
 */
struct json {
	const char	*p, *end;
	struct arena	*a;
};

static void
jws(struct json *j)
{
	while (j->p < j->end && strchr(" \t\r\n", *j->p) != NULL)
		j->p++;
}

static int
jhex4(struct json *j, unsigned *c)
{
	int	 i;
	char	 ch;

	*c = 0;
	for (i = 0; i < 4; i++) {
		if (j->p >= j->end)
			return -1;
		ch = *j->p++;
		*c <<= 4;
		if (ch >= '0' && ch <= '9')
			*c |= (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			*c |= (unsigned)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			*c |= (unsigned)(ch - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static void
put_utf8(struct buf *b, unsigned c, bool key)
{
	if (c == 0 && key)
		buf_put(b, "\xc0\x80", 2);
	else if (c < 0x80)
		buf_putc(b, (int)c);
	else if (c < 0x800) {
		buf_putc(b, (int)(0xc0 | (c >> 6)));
		buf_putc(b, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_putc(b, (int)(0xe0 | (c >> 12)));
		buf_putc(b, (int)(0x80 | ((c >> 6) & 0x3f)));
		buf_putc(b, (int)(0x80 | (c & 0x3f)));
	} else {
		buf_putc(b, (int)(0xf0 | (c >> 18)));
		buf_putc(b, (int)(0x80 | ((c >> 12) & 0x3f)));
		buf_putc(b, (int)(0x80 | ((c >> 6) & 0x3f)));
		buf_putc(b, (int)(0x80 | (c & 0x3f)));
	}
}

static struct value *
jstring(struct json *j, bool key)
{
	struct buf	 b = BUF_INIT;
	struct value	*v;
	unsigned	 c, lo;
	char		 ch;

	j->p++;
	while (j->p < j->end && *j->p != '"') {
		ch = *j->p++;
		if (ch != '\\') {
			buf_putc(&b, ch);
			continue;
		}
		if (j->p >= j->end)
			break;
		switch ((ch = *j->p++)) {
		case 'b': buf_putc(&b, '\b'); break;
		case 'f': buf_putc(&b, '\f'); break;
		case 'n': buf_putc(&b, '\n'); break;
		case 'r': buf_putc(&b, '\r'); break;
		case 't': buf_putc(&b, '\t'); break;
		case 'u':
			if (jhex4(j, &c) < 0)
				goto bad;
			if (c >= 0xd800 && c < 0xdc00) {
				if (j->end - j->p < 6 || j->p[0] != '\\' ||
				    j->p[1] != 'u')
					goto bad;
				j->p += 2;
				if (jhex4(j, &lo) < 0)
					goto bad;
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			put_utf8(&b, c, key);
			break;
		default:
			buf_putc(&b, ch);
		}
	}
	if (j->p >= j->end)
		goto bad;
	j->p++;
	v = value_stringn(j->a, b.data != NULL ? b.data : "", b.len);
	buf_free(&b);
	return v;
bad:
	buf_free(&b);
	return NULL;
}

static struct value *
jvalue(struct json *j)
{
	struct value	*v, *k, *x;

	jws(j);
	if (j->p >= j->end)
		return NULL;
	if (*j->p == '"')
		return jstring(j, false);
	if (*j->p == '[') {
		v = value_list(j->a);
		j->p++;
		jws(j);
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			return v;
		}
		for (;;) {
			if ((x = jvalue(j)) == NULL)
				return NULL;
			value_list_push(j->a, v, x);
			jws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == ']') {
				j->p++;
				return v;
			}
			return NULL;
		}
	}
	if (*j->p == '{') {
		v = value_map(j->a);
		j->p++;
		jws(j);
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			return v;
		}
		for (;;) {
			jws(j);
			if (j->p >= j->end || *j->p != '"' ||
			    (k = jstring(j, true)) == NULL)
				return NULL;
			jws(j);
			if (j->p >= j->end || *j->p != ':')
				return NULL;
			j->p++;
			if ((x = jvalue(j)) == NULL)
				return NULL;
			value_map_set(j->a, v, k->u.str.s, x);
			jws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == '}') {
				j->p++;
				return v;
			}
			return NULL;
		}
	}
	return NULL;
}

static const char *
tag_name(const struct value *v)
{
	switch (v->tag) {
	case VTAG_INTEGER:
		return "integer";
	case VTAG_FLOAT:
		return "float";
	case VTAG_DATETIME:
		return "datetime";
	case VTAG_DATETIME_LOCAL:
		return "datetime-local";
	case VTAG_DATE_LOCAL:
		return "date-local";
	case VTAG_TIME_LOCAL:
		return "time-local";
	default:
		return v->kind == VAL_BOOL ? "bool" :
		    v->kind == VAL_STRING ? "string" : "?";
	}
}

static bool
same_float(const char *x, const char *y)
{
	double	 a = strtod(x, NULL), b = strtod(y, NULL);

	if (a != a || b != b)
		return a != a && b != b;
	return a == b;
}

/*
 * A date or time without the trailing zeros of its fraction: the suite
 * writes "56.600" where a document may say "56.6".
 */
static const char *
trim_fraction(const char *s, char *tmp, size_t size)
{
	const char	*dot = strchr(s, '.');
	size_t		 n, end;

	if (dot == NULL || strlen(s) >= size)
		return s;
	n = (size_t)(dot - s) + 1;
	for (end = n; s[end] >= '0' && s[end] <= '9'; end++)
		;
	while (end > n && s[end - 1] == '0')
		end--;
	if (end == n)
		end--;
	memcpy(tmp, s, end);
	strcpy(tmp + end, s + n + strspn(s + n, "0123456789"));
	return tmp;
}

/*
 * Our tree "got" against the tagged JSON "want": tables as objects (in
 * any order), arrays as arrays, scalars as {"type", "value"}.  Writes
 * the first difference into "why".
 */
static bool
tagged_equal(const struct value *got, const struct value *want,
    struct buf *why, const char *at)
{
	const struct value	*t, *x, *w;
	char			 tmp[64], tmp2[64];
	const char		*s, *type;
	size_t			 i, len;

	if (got->kind == VAL_MAP) {
		if (want->kind != VAL_MAP) {
			buf_printf(why, "%s: a table where JSON has another "
			    "kind", at);
			return false;
		}
		if (got->u.map.n != want->u.map.n) {
			buf_printf(why, "%s: %zu keys, want %zu", at,
			    got->u.map.n, want->u.map.n);
			return false;
		}
		for (i = 0; i < got->u.map.n; i++) {
			w = value_map_get(want, got->u.map.v[i].key);
			if (w == NULL) {
				buf_printf(why, "%s: unexpected key \"%s\"",
				    at, got->u.map.v[i].key);
				return false;
			}
			if (!tagged_equal(got->u.map.v[i].val, w, why,
			    got->u.map.v[i].key))
				return false;
		}
		return true;
	}
	if (got->kind == VAL_LIST) {
		if (want->kind != VAL_LIST ||
		    want->u.list.n != got->u.list.n) {
			buf_printf(why, "%s: array differs", at);
			return false;
		}
		for (i = 0; i < got->u.list.n; i++)
			if (!tagged_equal(got->u.list.v[i],
			    want->u.list.v[i], why, at))
				return false;
		return true;
	}
	if (want->kind != VAL_MAP ||
	    (t = value_map_get(want, "type")) == NULL ||
	    (x = value_map_get(want, "value")) == NULL) {
		buf_printf(why, "%s: a value where JSON has a table", at);
		return false;
	}
	type = tag_name(got);
	if (strcmp(type, value_str(t)) != 0) {
		buf_printf(why, "%s: type %s, want %s", at, type,
		    value_str(t));
		return false;
	}
	if (got->tag >= VTAG_DATETIME) {
		s = trim_fraction(got->u.str.s, tmp, sizeof(tmp));
		if (strcmp(s, trim_fraction(x->u.str.s, tmp2,
		    sizeof(tmp2))) == 0)
			return true;
	} else if (got->kind == VAL_STRING) {
		if (got->u.str.len == x->u.str.len &&
		    memcmp(got->u.str.s, x->u.str.s, x->u.str.len) == 0)
			return true;
		buf_printf(why, "%s: \"%s\", want \"%s\"", at, got->u.str.s,
		    x->u.str.s);
		return false;
	}
	s = got->kind == VAL_NUMBER ? got->u.num.text :
	    value_scalar_text(got, tmp, &len);
	if (got->tag == VTAG_FLOAT ? same_float(s, value_str(x)) :
	    strcmp(s, value_str(x)) == 0)
		return true;
	buf_printf(why, "%s: %s, want %s", at, s, value_str(x));
	return false;
}

/* Runs one case; returns true if it passes, else prints why. */
static bool
run_case(const char *rel, bool valid)
{
	char		 path[4096];
	char		*text, *json, *got;
	size_t		 len, jlen;
	struct arena	*a = arena_new();
	struct diags	*d = diags_new();
	struct value	*v = NULL, *want;
	struct json	 j;
	struct buf	 why = BUF_INIT;
	bool		 ok = false;
	int		 rc;

	snprintf(path, sizeof(path), "%s/%s/%s", tu_srcdir(), VECTORS, rel);
	if ((text = slurp(path, &len)) == NULL) {
		print_message("%s: cannot read\n", path);
		goto out;
	}
	rc = toml_parse(&v, rel, text, len, 1, a, d);
	if (!valid) {
		got = tu_diags(d);
		ok = rc == -1 && diags_errors(d) == 1 &&
		    strstr(got, ": error: toml: ") != NULL;
		if (!ok)
			print_message("%s: accepted, or no diagnostic\n", rel);
		free(got);
		free(text);
		goto out;
	}
	if (rc != 0) {
		got = tu_diags(d);
		print_message("%s: rejected: %s", rel, got);
		free(got);
		free(text);
		goto out;
	}
	snprintf(path + strlen(path) - 4, 6, "json");
	json = slurp(path, &jlen);
	j.p = json;
	j.end = json + jlen;
	j.a = a;
	if (json == NULL || (want = jvalue(&j)) == NULL) {
		print_message("%s: cannot read the expected JSON\n", path);
		free(json);
		free(text);
		goto out;
	}
	ok = tagged_equal(v, want, &why, "(root)");
	if (!ok)
		print_message("%s: %s\n", rel, buf_cstr(&why));
	free(json);
	free(text);
out:
	buf_free(&why);
	diags_free(d);
	arena_free(a);
	return ok;
}

static void
test_toml_suite(void **state)
{
	char		*list, *line, *save = NULL, path[4096];
	size_t		 len, nvalid = 0, ninvalid = 0, okvalid = 0,
			 okinvalid = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/%s/files-toml-1.0.0", tu_srcdir(),
	    VECTORS);
	list = slurp(path, &len);
	assert_non_null(list);
	for (line = strtok_r(list, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strlen(line) < 5 ||
		    strcmp(line + strlen(line) - 5, ".toml") != 0)
			continue;
		if (strncmp(line, "valid/", 6) == 0) {
			nvalid++;
			okvalid += run_case(line, true);
		} else if (strncmp(line, "invalid/", 8) == 0) {
			ninvalid++;
			okinvalid += run_case(line, false);
		}
	}
	free(list);
	print_message("toml-test 1.0.0: %zu of %zu valid cases pass, "
	    "%zu of %zu invalid cases are rejected\n", okvalid, nvalid,
	    okinvalid, ninvalid);
	assert_true(nvalid > 200 && ninvalid > 400);
	assert_int_equal(okvalid, nvalid);
	assert_int_equal(okinvalid, ninvalid);
}

static struct value *
parse_ok(struct fx *f, const char *text)
{
	struct value	*v = NULL;
	char		*got;

	if (toml_parse(&v, "x.toml", text, strlen(text), 1, f->a,
	    f->d) != 0) {
		got = tu_diags(f->d);
		print_message("%s", got);
		free(got);
		fail();
	}
	assert_int_equal(diags_count(f->d), 0);
	return v;
}

static void
expect_error(const char *text, unsigned first_line, const char *want)
{
	struct arena	*a = arena_new();
	struct diags	*d = diags_new();
	struct value	*v = NULL;
	char		*got;

	assert_int_equal(toml_parse(&v, "x.md", text, strlen(text),
	    first_line, a, d), -1);
	got = tu_diags(d);
	assert_string_equal(got, want);
	free(got);
	diags_free(d);
	arena_free(a);
}

static void
test_toml_errors(void **state)
{
	(void)state;
	expect_error("title \"Launch\"\n", 1,
	    "x.md:1:7: error: toml: expected `=` after the key `title`, "
	    "found `\"`\n");
	expect_error("title = \"A\"\nx = 1\ntitle = \"B\"\n", 2,
	    "x.md:4:1: error: toml: duplicate key `title` (first defined at "
	    "line 2): remove one of them\n");
	expect_error("title = \"Launch\n", 2,
	    "x.md:2:9: error: toml: a string is not closed: add the closing "
	    "quote `\"`\n");
	expect_error("title = 'Launch\n", 1,
	    "x.md:1:9: error: toml: a string is not closed: add the closing "
	    "quote `'`\n");
	expect_error("s = \"\"\"\nabc\n", 1,
	    "x.md:1:5: error: toml: a multi-line string is not closed: add "
	    "the closing `\"\"\"`\n");
	expect_error("title = Launch day\n", 1,
	    "x.md:1:9: error: toml: expected a value, found `Launch`: quote "
	    "text as \"like this\"; true, false, numbers and dates are "
	    "written bare\n");
	expect_error("a = 1 b = 2\n", 1,
	    "x.md:1:7: error: toml: expected the end of the line after the "
	    "value, found `b`: put each key on a line of its own\n");
	expect_error("tags = [\"a\", \"b\"\ntitle = \"x\"\n", 1,
	    "x.md:2:1: error: toml: expected `,` or `]` after a value in the "
	    "array opened at line 1, found `t`\n");
	expect_error("tags = [\"a\",\n", 3,
	    "x.md:3:8: error: toml: an array is not closed: add `]`\n");
	expect_error("[extra]\na = 1\n[extra]\nb = 2\n", 1,
	    "x.md:3:1: error: toml: the table `[extra]` is defined twice "
	    "(first at line 1): merge the two\n");
	expect_error("[a]\nb.c = 1\n[a.b]\n", 1,
	    "x.md:3:1: error: toml: the table `a.b` was already defined by "
	    "dotted keys (line 2): add the keys there instead\n");
	expect_error("a = {b = 1}\na.c = 2\n", 1,
	    "x.md:2:1: error: toml: `a` is an inline table (line 1), which "
	    "cannot be added to: put the key inside its braces\n");
	expect_error("a = {b = 1,}\n", 1,
	    "x.md:1:12: error: toml: a comma before `}` is not allowed in "
	    "TOML 1.0: remove it\n");
	expect_error("a = {b = 1,\nc = 2}\n", 1,
	    "x.md:1:12: error: toml: an inline table must end on the line it "
	    "starts: add `}` or use a [table] instead\n");
	expect_error("[[a]]\n[a]\n", 1,
	    "x.md:2:1: error: toml: `a` is an array of tables (line 1): "
	    "write `[[a]]` to add one\n");
	expect_error("a = [1]\n[[a]]\n", 1,
	    "x.md:2:3: error: toml: `a` is already an array (line 1), so "
	    "`[[a]]` cannot add to it\n");
	expect_error("n = 9223372036854775808\n", 1,
	    "x.md:1:5: error: toml: the integer 9223372036854775808 is too "
	    "large: TOML integers go from -9223372036854775808 to "
	    "9223372036854775807\n");
	expect_error("n = 012\n", 1,
	    "x.md:1:5: error: toml: `012` is not a valid number\n");
	expect_error("date = 2023-02-30\n", 1,
	    "x.md:1:8: error: toml: not a valid date or time: write it as "
	    "1979-05-27, 07:32:00, 1979-05-27T07:32:00 or "
	    "1979-05-27T07:32:00-08:00\n");
	expect_error("s = \"a\\qb\"\n", 1,
	    "x.md:1:7: error: toml: unknown escape `\\q`: write `\\\\` for a "
	    "backslash\n");
	expect_error("s = \"\\uD800\"\n", 1,
	    "x.md:1:6: error: toml: `\\uD800` is not a Unicode character\n");
	expect_error("# caf\xc3\n", 1,
	    "x.md:1:6: error: toml: the text is not valid UTF-8 here: save "
	    "the file as UTF-8\n");
	expect_error("# a\x01\n", 1,
	    "x.md:1:4: error: toml: a comment contains the control character "
	    "U+0001: remove it\n");
	expect_error("a = 1\r\rb = 2\n", 1,
	    "x.md:1:6: error: toml: a carriage return must be followed by a "
	    "line feed\n");
	expect_error("= 1\n", 1,
	    "x.md:1:1: error: toml: expected a key, found `=`: a key is made "
	    "of letters, digits, `_` and `-`, or quoted\n");
	expect_error("[a\n", 1,
	    "x.md:1:3: error: toml: expected `]` after the table name `a`, "
	    "found the end of the line\n");
	expect_error("a.b = 1\na.b.c = 2\n", 1,
	    "x.md:2:3: error: toml: `a.b` is already a value (line 1), so it "
	    "cannot hold keys\n");
	expect_error("a =\n", 1,
	    "x.md:1:4: error: toml: expected a value, found the end of the "
	    "line\n");
	expect_error("s = \"\"\"a\rb\"\"\"\n", 1,
	    "x.md:1:9: error: toml: a carriage return must be followed by a "
	    "line feed\n");
	expect_error("a = {b = 1", 1,
	    "x.md:1:5: error: toml: an inline table is not closed: add `}`\n");
	expect_error("a = {b = 1 ", 1,
	    "x.md:1:5: error: toml: an inline table is not closed: add `}`\n");
	expect_error("a = \"\\", 1,
	    "x.md:1:6: error: toml: a string is not closed: add the closing "
	    "quote `\"`\n");
	expect_error("title: \"Launch\"\n", 1,
	    "x.md:1:6: error: toml: expected `=` after the key `title`, found "
	    "`:`: TOML writes `title = value` where YAML writes `title: "
	    "value`\n");
	/* Long keys are cut in messages, control characters shown as "?". */
	expect_error("a123456789b123456789c123456789d123456789e123456789"
	    "f123456789g123456789h123456789i123456789 x\n", 1,
	    "x.md:1:92: error: toml: expected `=` after the key `a123456789"
	    "b123456789c123456789d123456789e123456789f123456789g123456789"
	    "h123456789...`, found `x`\n");
	expect_error("\"a\\u0001\".b x\n", 1,
	    "x.md:1:13: error: toml: expected `=` after the key `a?.b`, "
	    "found `x`\n");
	/* Columns count characters, not bytes. */
	expect_error("\"\xc3\xa9t\xc3\xa9\" = x\n", 1,
	    "x.md:1:9: error: toml: expected a value, found `x`: quote text "
	    "as \"like this\"; true, false, numbers and dates are written "
	    "bare\n");
}

static void
test_toml_tree(void **state)
{
	struct fx		*f = *state;
	struct value		*v;
	const struct value	*x, *y;

	v = parse_ok(f, "\xef\xbb\xbftitle = \"Launch\"\n"
	    "date = 2023-01-29 18:30:22-08:00\n"
	    "draft = false\n"
	    "big = 9_007_199_254_740_993\n"
	    "hex = 0xff\n"
	    "ratio = 1_0.5e1\n"
	    "[taxonomies]\n"
	    "tags = [\"rust\", \"release\"]\n"
	    "[extra]\n"
	    "lead.image = \"a.png\"\n");
	assert_int_equal(v->kind, VAL_MAP);
	assert_int_equal(v->u.map.n, 8);
	assert_string_equal(v->u.map.v[0].key, "title");
	x = value_map_get(v, "title");
	assert_string_equal(value_str(x), "Launch");
	assert_int_equal(x->line, 1);
	assert_int_equal(x->col, 9);
	x = value_map_get(v, "date");
	assert_string_equal(value_str(x), "2023-01-29T18:30:22-08:00");
	assert_int_equal(x->tag, VTAG_DATETIME);
	assert_int_equal(x->line, 2);
	x = value_map_get(v, "draft");
	assert_int_equal(x->kind, VAL_BOOL);
	assert_false(x->u.b);
	x = value_map_get(v, "big");
	assert_int_equal(x->tag, VTAG_INTEGER);
	assert_string_equal(x->u.num.text, "9007199254740993");
	x = value_map_get(v, "hex");
	assert_string_equal(x->u.num.text, "255");
	assert_true(x->u.num.d == 255.0);
	x = value_map_get(v, "ratio");
	assert_int_equal(x->tag, VTAG_FLOAT);
	assert_string_equal(x->u.num.text, "10.5e1");
	assert_true(x->u.num.d == 105.0);
	x = value_map_get(v, "taxonomies");
	assert_int_equal(x->kind, VAL_MAP);
	assert_int_equal(x->line, 7);
	y = value_map_get(x, "tags");
	assert_int_equal(value_len(y), 2);
	assert_string_equal(value_str(value_list_get(y, 1)), "release");
	x = value_map_get(value_map_get(value_map_get(v, "extra"), "lead"),
	    "image");
	assert_string_equal(value_str(x), "a.png");
	assert_int_equal(x->line, 10);
	assert_int_equal(x->col, 14);
	/* The tag fits in struct value's padding. */
	assert_true(sizeof(struct value) <= 16 + 3 * sizeof(void *));
}

/* Positions count from first_line, as in front matter. */
static void
test_toml_first_line(void **state)
{
	struct fx		*f = *state;
	struct value		*v = NULL;

	assert_int_equal(toml_parse(&v, "p.md", "a = 1\n\nb = 'x'\n", 15, 2,
	    f->a, f->d), 0);
	assert_int_equal(value_map_get(v, "b")->line, 4);
	assert_int_equal(value_map_get(v, "b")->col, 5);
	assert_int_equal(value_len(v), 2);
	/* Dotted keys may add to a table a header only implied. */
	v = parse_ok(f, "[a.b.c]\nx = 1\n[a]\nb.d = 2\n");
	assert_int_equal(value_len(value_map_get(value_map_get(v, "a"), "b")),
	    2);
	expect_error("[a.b.c]\n[a]\nb.d = 2\n[a.b]\n", 1,
	    "x.md:4:1: error: toml: the table `a.b` was already defined by "
	    "dotted keys (line 3): add the keys there instead\n");
	expect_error("[a.b.c]\n[a]\nb.c.d = 2\n", 1,
	    "x.md:3:3: error: toml: the table `b.c` is defined by a [table] "
	    "header (line 1): add the key under that header instead\n");
	/* Multi-line strings: line ends read as "\n", as in YAML. */
	v = parse_ok(f, "s = \"\"\"\r\none\r\ntwo \\\r\n  three\"\"\"\r\n"
	    "l = \'\'\'\r\nraw\r\n\'\'\'\r\n");
	assert_string_equal(value_str(value_map_get(v, "s")),
	    "one\ntwo three");
	assert_string_equal(value_str(value_map_get(v, "l")), "raw\n");
	assert_int_equal(value_map_get(v, "l")->line, 5);
	v = parse_ok(f, "");
	assert_int_equal(v->kind, VAL_MAP);
	assert_int_equal(value_len(v), 0);
}

/* CPU time, so a busy machine does not fail the bound. */
static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 100,000 keys, tables and dotted keys stay linear; nesting is bounded. */
static void
test_toml_pathological(void **state)
{
	struct fx	*f = *state;
	struct buf	 b = BUF_INIT;
	struct value	*v = NULL;
	double		 t0;
	size_t		 i;
	char		*got;

	(void)state;
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "k%zu = %zu\n", i, i);
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "t.d%zu.x = %zu\n", i, i);
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "[[aot]]\nn.m = %zu\n", i);
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "[s%zu.u]\n", i);
	buf_puts(&b, "[w]\na = [");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "1,");
	buf_puts(&b, "]\n");
	t0 = now();
	assert_int_equal(toml_parse(&v, "x.toml", buf_cstr(&b), b.len, 1,
	    f->a, f->d), 0);
	assert_true(now() - t0 < 5.0);
	assert_int_equal(value_len(value_map_get(v, "aot")), 100000);
	assert_int_equal(value_len(value_map_get(value_map_get(v, "t"),
	    "d0")), 1);

	buf_reset(&b);
	buf_puts(&b, "a = ");
	for (i = 0; i < 100000; i++)
		buf_putc(&b, '[');
	expect_error(buf_cstr(&b), 1, "x.md:1:133: error: toml: nested "
	    "deeper than 128 levels\n");
	buf_reset(&b);
	buf_puts(&b, "a");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, ".a");
	buf_puts(&b, " = 1\n");
	expect_error(buf_cstr(&b), 1, "x.md:1:257: error: toml: nested "
	    "deeper than 128 levels\n");
	buf_reset(&b);
	buf_puts(&b, "[a");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, ".a");
	buf_puts(&b, "]\n");
	t0 = now();
	v = NULL;
	assert_int_equal(toml_parse(&v, "x.toml", buf_cstr(&b), b.len, 1,
	    f->a, f->d), -1);
	got = tu_diags(f->d);
	assert_non_null(strstr(got, "nested deeper than 128 levels"));
	free(got);
	buf_reset(&b);
	buf_puts(&b, "a = {");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "b = {");
	expect_error(buf_cstr(&b), 1, "x.md:1:645: error: toml: nested "
	    "deeper than 128 levels\n");
	/* One long line of values: columns stay linear. */
	buf_reset(&b);
	buf_puts(&b, "a = [");
	for (i = 0; i < 300000; i++)
		buf_puts(&b, "\"x\", ");
	buf_puts(&b, "]\n");
	t0 = now();
	assert_int_equal(toml_parse(&v, "x.toml", buf_cstr(&b), b.len, 1,
	    f->a, f->d), 0);
	assert_true(now() - t0 < 5.0);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_toml_suite),
		cmocka_unit_test(test_toml_errors),
		cmocka_unit_test_setup_teardown(test_toml_tree, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_toml_first_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_toml_pathological, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
