/*
 * scan: GCC's generic vectors, which become SSE2 or NEON where the target
 * has them and plain words elsewhere.  A block with a hit is looked at
 * again byte by byte, with the same test written for one byte.
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

#define SCAN(name, mask, is)						\
size_t									\
name(const char *s, size_t len)						\
{									\
	const unsigned char	*p = (const unsigned char *)s;		\
	size_t			 i = 0;					\
									\
	for (; i + sizeof(vbytes) <= len; i += sizeof(vbytes))		\
		if (any(mask(load(s + i))))				\
			break;						\
	for (; i < len && !is(p[i]); i++)				\
		;							\
	return i;							\
}

SCAN(scan_html, html_mask, is_html)
SCAN(scan_xml, xml_mask, is_xml)
SCAN(scan_xml_suspect, suspect_mask, is_suspect)
