/*
 * util: allocation wrappers and string helpers shared by every module.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

static void
oom(void)
{
	fputs("heraldo: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void	*p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void	*q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom();
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

bool
util_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
util_endswith(const char *s, const char *suffix)
{
	size_t	 ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

int
util_cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct sortkey {
	uint64_t	 pre;	/* the first 8 bytes, big-endian, 0-padded */
	const char	*s;
	size_t		 i;
};

static int
cmp_sortkey(const void *pa, const void *pb)
{
	const struct sortkey	*a = pa, *b = pb;

	if (a->pre != b->pre)
		return a->pre < b->pre ? -1 : 1;
	return strcmp(a->s, b->s);
}

void
util_sort_by_str(void *base, size_t n, size_t size, size_t off)
{
	struct sortkey	*k;
	unsigned char	*tmp, *v = base;
	const char	*s;
	size_t		 i, j;

	if (n < 2)
		return;
	k = xmalloc(n * sizeof(*k));
	for (i = 0; i < n; i++) {
		memcpy(&s, v + i * size + off, sizeof(s));
		k[i].s = s;
		k[i].i = i;
		k[i].pre = 0;
		for (j = 0; j < 8 && s[j] != '\0'; j++)
			k[i].pre |= (uint64_t)(unsigned char)s[j] << (56 - 8 * j);
	}
	qsort(k, n, sizeof(*k), cmp_sortkey);
	tmp = xmalloc(n * size);
	for (i = 0; i < n; i++)
		memcpy(tmp + i * size, v + k[i].i * size, size);
	memcpy(v, tmp, n * size);
	free(tmp);
	free(k);
}

/* Whether any of the eight bytes at p has its high bit set. */
static bool
high8(const unsigned char *p)
{
	uint64_t	 w;

	memcpy(&w, p, 8);
	return (w & 0x8080808080808080ULL) != 0;
}

bool
util_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	unsigned		 c, min;

	while (i < len) {
		c = p[i];
		if (c < 0x80) {
			i++;
			/* ASCII runs, eight bytes at a time. */
			while (i + 8 <= len && !high8(p + i))
				i += 8;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			min = 0x80;
			c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			min = 0x800;
			c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			min = 0x10000;
			c &= 0x07;
		} else
			goto fail;
		if (i + n >= len)
			goto fail;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto fail;
			c = (c << 6) | (p[i + k] & 0x3f);
		}
		/* Overlongs, UTF-16 surrogates and code points past U+10FFFF. */
		if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			goto fail;
		i += n + 1;
	}
	return true;
fail:
	if (bad != NULL)
		*bad = i;
	return false;
}

/* A whole file, malloc'd and NUL-terminated, or NULL with errno set. */
char *
util_read_file(const char *path, size_t *len)
{
	struct buf	 b = BUF_INIT;
	char		 chunk[8192];
	size_t		 n;
	FILE		*fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		buf_free(&b);
		errno = EIO;
		return NULL;
	}
	fclose(fp);
	buf_cstr(&b);
	return buf_detach(&b, len);
}

void
util_line_col(unsigned *line, unsigned *col, const char *s, size_t off)
{
	size_t	 i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else
			(*col)++;
	}
}

/*
 * Optimal string alignment distance without case, stopping early once it
 * is past "max": names are short, so rows fit on the stack.
 */
static size_t
edit_distance(const char *a, const char *b, size_t max)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, best;
	size_t	 rows[3][65], *pp, *p, *c;

	if (la > 64 || lb > 64)
		return max + 1;
	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	pp = rows[0], p = rows[1], c = rows[2];
	for (j = 0; j <= lb; j++)
		p[j] = j;
	for (i = 1; i <= la; i++) {
		size_t	*t;

		c[0] = i;
		best = c[0];
		for (j = 1; j <= lb; j++) {
			int	 ca = tolower((unsigned char)a[i - 1]);
			int	 cb = tolower((unsigned char)b[j - 1]);
			size_t	 v = p[j - 1] + (ca != cb);

			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 &&
			    ca == tolower((unsigned char)b[j - 2]) &&
			    cb == tolower((unsigned char)a[i - 2]) &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		t = pp, pp = p, p = c, c = t;
	}
	return p[lb];
}

const char *
util_suggest(const char *word, const char *const *cands, size_t n)
{
	const char	*best = NULL;
	size_t		 len = strlen(word), max = len / 3, bestd, i, d;

	if (max == 0)
		max = 1;
	bestd = max + 1;
	for (i = 0; i < n; i++) {
		if (strcmp(word, cands[i]) == 0)
			return NULL;
		d = edit_distance(word, cands[i], max);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return best;
}

const char *
util_fault(void)
{
	static const char *_Atomic	 fault;
	const char			*v = fault;

	if (v == NULL) {
		v = getenv("HERALDO_TEST_FAULT");
		fault = v = v != NULL ? v : "";
	}
	return v;
}

int
util_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
