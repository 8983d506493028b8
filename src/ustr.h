/*
 * ustr: UTF-8 to UTF-16 and back for the modules that call ICU's C API
 * (datefmt, i18n, text), which takes and gives UTF-16.  Malformed input
 * becomes U+FFFD rather than an error: text reaching ICU has been
 * checked for UTF-8 already.
 */
#ifndef HERALDO_USTR_H
#define HERALDO_USTR_H

#include <stddef.h>

#include <unicode/utypes.h>

struct buf;

/*
 * A malloc'd, NUL-terminated UTF-16 copy of UTF-8 s[0..len); its length
 * in *outlen when that is not NULL.  Never NULL.
 */
UChar	*ustr_from_utf8(const char *s, size_t len, int32_t *outlen);

/* Append UTF-16 u[0..n) to "out" as UTF-8. */
void	 ustr_put_utf8(struct buf *out, const UChar *u, int32_t n);

#endif /* !HERALDO_USTR_H */
