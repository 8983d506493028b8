/*
 * ustr: see ustr.h.
 */
#include <stdint.h>

#include <unicode/ustring.h>

#include "buf.h"
#include "ustr.h"
#include "util.h"

UChar *
ustr_from_utf8(const char *s, size_t len, int32_t *outlen)
{
	UErrorCode	 st = U_ZERO_ERROR;
	UChar		*u;
	int32_t		 n = 0;

	/* Longer than ICU's lengths can say: treat as empty. */
	if (len > INT32_MAX / 2)
		len = 0;
	u_strFromUTF8WithSub(NULL, 0, &n, s, (int32_t)len, 0xfffd, NULL,
	    &st);
	u = xmalloc(((size_t)n + 1) * sizeof(*u));
	st = U_ZERO_ERROR;
	u_strFromUTF8WithSub(u, n + 1, &n, s, (int32_t)len, 0xfffd, NULL,
	    &st);
	if (U_FAILURE(st))
		n = 0;
	u[n] = 0;
	if (outlen != NULL)
		*outlen = n;
	return u;
}

void
ustr_put_utf8(struct buf *out, const UChar *u, int32_t n)
{
	UErrorCode	 st = U_ZERO_ERROR;
	int32_t		 len = 0;

	u_strToUTF8WithSub(NULL, 0, &len, u, n, 0xfffd, NULL, &st);
	if (len <= 0)
		return;
	buf_grow(out, (size_t)len);
	st = U_ZERO_ERROR;
	u_strToUTF8WithSub(out->data + out->len, len + 1, &len, u, n, 0xfffd,
	    NULL, &st);
	if (U_SUCCESS(st))
		out->len += (size_t)len;
}
