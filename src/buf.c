/*
 * buf: byte buffer with doubling growth.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "scan.h"
#include "util.h"

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
buf_free(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
}

void
buf_grow(struct buf *b, size_t extra)
{
	size_t	 need = b->len + extra + 1, cap = b->cap ? b->cap : 64;

	if (need <= b->cap)
		return;
	while (cap < need)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void
buf_put(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->data[b->len++] = (char)c;
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_put_html(struct buf *b, const char *s, size_t len)
{
	const char	*rep;
	size_t		 i = 0, start = 0;

	while ((i += scan_html(s + i, len - i)) < len) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: rep = "&#39;"; break;
		}
		buf_put(b, s + start, i - start);
		buf_puts(b, rep);
		start = ++i;
	}
	buf_put(b, s + start, len - start);
}

const char *
buf_cstr(struct buf *b)
{
	buf_grow(b, 0);
	b->data[b->len] = '\0';
	return b->data;
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char	*p;

	buf_cstr(b);
	p = b->data;
	if (len != NULL)
		*len = b->len;
	buf_init(b);
	return p;
}

void
buf_put_yaml(struct buf *b, const char *s)
{
	unsigned char	 c;

	buf_putc(b, '"');
	for (; (c = (unsigned char)*s) != '\0'; s++) {
		if (c == '"' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, c);
		} else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c == '\t')
			buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, c);
	}
	buf_putc(b, '"');
}

/* Whether JSON (and, in a script, HTML) needs byte "c" escaped. */
static bool
json_special(unsigned char c, bool script)
{
	return c < 0x20 || c == '"' || c == '\\' || c == 0xe2 ||
	    (script && c == '<');
}

void
buf_put_json(struct buf *b, const char *s, size_t len, bool script)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + len, *run;

	buf_putc(b, '"');
	while (p < end) {
		/* Runs of plain bytes are copied whole. */
		for (run = p; p < end && !json_special(*p, script); p++)
			continue;
		buf_put(b, run, (size_t)(p - run));
		if (p == end)
			break;
		switch (*p) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		case '<':
			buf_puts(b, "\\u003c");
			break;
		default:
			if (*p < 0x20)
				buf_printf(b, "\\u%04x", *p);
			else if (end - p >= 3 && p[1] == 0x80 &&
			    (p[2] == 0xa8 || p[2] == 0xa9)) {
				/* U+2028 and U+2029 end lines in JavaScript. */
				buf_printf(b, "\\u%04x",
				    0x2000 | (p[2] & 0x3f));
				p += 2;
			} else
				buf_putc(b, *p);
		}
		p++;
	}
	buf_putc(b, '"');
}
