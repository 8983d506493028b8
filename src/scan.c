/*
 * scan: GCC's generic vectors, which become SSE2 or NEON where the target
 * has them and plain words elsewhere.  A block's first hit is found from
 * its mask; the bytes after the last whole block are tested one by one,
 * with the same test written for a byte.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "scan.h"

typedef unsigned char	vbytes __attribute__((vector_size(16)));
typedef signed char	vsbytes __attribute__((vector_size(16)));
typedef __typeof__((vbytes){ 0 } == (vbytes){ 0 })	vmask;

static vbytes
load(const char *s)
{
	vbytes	 v;

	memcpy(&v, s, sizeof(v));
	return v;
}

static bool
any(vmask m)
{
	uint64_t	 w[2];

	memcpy(w, &m, sizeof(w));
	return (w[0] | w[1]) != 0;
}

static bool
is_html(unsigned char c)
{
	return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'';
}

static vmask
html_mask(vbytes v)
{
	return (v == '&') | (v == '<') | (v == '>') | (v == '"') |
	    (v == '\'');
}

static bool
is_xml(unsigned char c)
{
	return c == '<' || c == '>' || c == '&' || c == '"' || c == '\r';
}

static vmask
xml_mask(vbytes v)
{
	return (v == '<') | (v == '>') | (v == '&') | (v == '"') |
	    (v == '\r');
}

static bool
is_suspect(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c >= 0x80;
}

static vmask
suspect_mask(vbytes v)
{
	/* As signed bytes, 0x80 and above are below 0x20 too. */
	return ((vsbytes)v < 0x20) & (v != '\t') & (v != '\n') & (v != '\r');
}

/*
 * The index of the first nonzero byte of m (16 if none): its two words
 * hold the bytes in memory order, least significant first on
 * little-endian machines.
 */
static size_t
first_hit(vmask m)
{
	uint64_t	 w[2];
	size_t		 i;

	memcpy(w, &m, sizeof(w));
	for (i = 0; i < 2; i++)
		if (w[i] != 0)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return 8 * i + (size_t)__builtin_ctzll(w[i]) / 8;
#else
			return 8 * i + (size_t)__builtin_clzll(w[i]) / 8;
#endif
	return 16;
}

#define SCAN(name, mask, is)						\
size_t									\
name(const char *s, size_t len)						\
{									\
	const unsigned char	*p = (const unsigned char *)s;		\
	vmask			 m;					\
	size_t			 i = 0;					\
									\
	for (; i + sizeof(vbytes) <= len; i += sizeof(vbytes))		\
		if (any(m = mask(load(s + i))))				\
			return i + first_hit(m);			\
	for (; i < len && !is(p[i]); i++)				\
		;							\
	return i;							\
}

SCAN(scan_html, html_mask, is_html)
SCAN(scan_xml, xml_mask, is_xml)
SCAN(scan_xml_suspect, suspect_mask, is_suspect)

/* What each byte scan_xml finds becomes, and its length. */
static const unsigned char xml_class[256] = {
	['<'] = 1, ['>'] = 2, ['&'] = 3, ['"'] = 4, ['\r'] = 5,
};
static const struct {
	char		 s[8];
	size_t		 len;
} xml_entity[] = {
	{ "", 1 }, { "&lt;", 4 }, { "&gt;", 4 }, { "&amp;", 5 },
	{ "&quot;", 6 }, { "&#13;", 5 },
};

size_t
scan_xml_escaped_len(const char *s, size_t len)
{
	vbytes		 sum;
	unsigned char	 lanes[16];
	size_t		 i = 0, n = len, stop, k;

	while (i + sizeof(vbytes) <= len) {
		/* 48 blocks of at most 5 a byte fit a byte's lane. */
		stop = len - (len - i) % sizeof(vbytes);
		if (stop - i > 48 * sizeof(vbytes))
			stop = i + 48 * sizeof(vbytes);
		sum = (vbytes){ 0 };
		for (; i < stop; i += sizeof(vbytes)) {
			vbytes	 v = load(s + i);

			sum += ((vbytes)((v == '<') | (v == '>')) & 3) +
			    ((vbytes)((v == '&') | (v == '\r')) & 4) +
			    ((vbytes)(v == '"') & 5);
		}
		memcpy(lanes, &sum, sizeof(lanes));
		for (k = 0; k < sizeof(lanes); k++)
			n += lanes[k];
	}
	for (; i < len; i++)
		n += xml_entity[xml_class[(unsigned char)s[i]]].len - 1;
	return n;
}

char *
scan_xml_escape(char *o, const char *s, size_t len)
{
	const char	*p = s, *end = s + len;
	size_t		 k;
	unsigned	 c;

	while (p < end) {
		k = scan_xml(p, (size_t)(end - p));
		/*
		 * A short run: one fixed 16-byte copy beats memcpy's choice
		 * of a length.  At least 16 bytes of input are left, so the
		 * output has room for them.
		 */
		if (k <= 16 && end - p >= 16)
			memcpy(o, p, 16);
		else
			memcpy(o, p, k);
		o += k;
		if ((p += k) == end)
			break;
		c = xml_class[(unsigned char)*p++];
		/* Eight bytes whatever the entity: the slack takes the rest. */
		memcpy(o, xml_entity[c].s, sizeof(xml_entity[c].s));
		o += xml_entity[c].len;
	}
	return o;
}
