/*
 * buf: a growable byte buffer owned by its user (malloc'd, not arena).
 *
 * The contents are always NUL-terminated after buf_cstr(), so a buffer can
 * be handed to C string functions; "len" never counts that NUL.
 */
#ifndef HERALDO_BUF_H
#define HERALDO_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char	*data;	/* NULL until the first write */
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT	{ NULL, 0, 0 }

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);		/* back to empty; NULL-safe */
void	 buf_reset(struct buf *);		/* len = 0, memory kept */
void	 buf_grow(struct buf *, size_t extra);	/* room for extra more */
void	 buf_put(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *fmt, va_list)
	    __attribute__((format(printf, 2, 0)));

/* Append s[0..len) with & < > " ' escaped for HTML text and attributes. */
void	 buf_put_html(struct buf *, const char *s, size_t len);

/* Append s as a YAML double-quoted scalar (YAML 1.2 7.3.1): any text. */
void	 buf_put_yaml(struct buf *, const char *s);

/*
 * Append s[0..len) as a JSON string with its quotes (RFC 8259 section 7),
 * U+2028 and U+2029 escaped for JavaScript; with "script", "<" too, so
 * that the text can stand inside an HTML <script> element.
 */
void	 buf_put_json(struct buf *, const char *s, size_t len, bool script);

/* The contents as a C string (valid until the next write); never NULL. */
const char *buf_cstr(struct buf *);

/* Hand the malloc'd contents to the caller and empty the buffer. */
char	*buf_detach(struct buf *, size_t *len);

#endif /* !HERALDO_BUF_H */
