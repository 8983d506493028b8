/*
 * Unit tests for scan: each finder against a byte-by-byte reference, for
 * every start and length over text that holds each class's bytes and
 * their neighbours; XML escaping against libxml2's xmlEncodeSpecialChars;
 * buf_put_html, which is built on a finder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/entities.h>
#include <libxml/xmlmemory.h>

#include "buf.h"
#include "scan.h"

static bool
ref_html(unsigned char c)
{
	return strchr("&<>\"'", c) != NULL && c != '\0';
}

static bool
ref_xml(unsigned char c)
{
	return strchr("<>&\"\r", c) != NULL && c != '\0';
}

static bool
ref_suspect(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c >= 0x80;
}

static size_t
ref_scan(bool (*is)(unsigned char), const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len && !is((unsigned char)s[i]); i++)
		;
	return i;
}

/*
 * Text of "n" bytes: mostly plain letters, with a byte from "rare" at
 * about one place in "gap", so that hits fall in every lane of a block.
 */
static void
fill(char *s, size_t n, const unsigned char *rare, size_t nrare,
    unsigned gap)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		s[i] = (unsigned)rand() % gap == 0 ?
		    (char)rare[(unsigned)rand() % nrare] :
		    (char)('a' + rand() % 26);
}

static void
check_finder(size_t (*scan)(const char *, size_t), bool (*is)(unsigned char))
{
	/* Each class's bytes, and bytes one off them. */
	static const unsigned char rare[] = {
	    '&', '<', '>', '"', '\'', '\r', '\n', '\t', ' ', '%', '=', '?',
	    ';', '[', ']', '!', 0x00, 0x01, 0x08, 0x0b, 0x0c, 0x0e, 0x1f,
	    0x20, 0x7f, 0x80, 0xbf, 0xc3, 0xef, 0xff, '\\', '#',
	};
	enum { N = 80 };
	char		 s[N];
	size_t		 start, len, r;
	unsigned	 gap;

	srand(11);
	for (r = 0; r < 200; r++) {
		gap = r % 3 == 0 ? 3 : r % 3 == 1 ? 17 : 90;
		fill(s, N, rare, sizeof(rare), gap);
		for (start = 0; start < N; start++)
			for (len = 0; start + len <= N; len++)
				assert_int_equal(scan(s + start, len),
				    ref_scan(is, s + start, len));
	}
}

static void
test_scan_html(void **state)
{
	(void)state;
	check_finder(scan_html, ref_html);
}

static void
test_scan_xml(void **state)
{
	(void)state;
	check_finder(scan_xml, ref_xml);
}

static void
test_scan_xml_suspect(void **state)
{
	(void)state;
	check_finder(scan_xml_suspect, ref_suspect);
}

static void
test_scan_every_byte(void **state)
{
	char		 s[40];
	unsigned	 c;
	size_t		 at;

	(void)state;
	/* Each byte value alone, at every place of a 40-byte run. */
	for (c = 0; c < 256; c++)
		for (at = 0; at < sizeof(s); at++) {
			memset(s, 'x', sizeof(s));
			s[at] = (char)c;
			assert_int_equal(scan_html(s, sizeof(s)),
			    ref_html((unsigned char)c) ? at : sizeof(s));
			assert_int_equal(scan_xml(s, sizeof(s)),
			    ref_xml((unsigned char)c) ? at : sizeof(s));
			assert_int_equal(scan_xml_suspect(s, sizeof(s)),
			    ref_suspect((unsigned char)c) ? at : sizeof(s));
		}
}

/* Escape s[0..len) into a buffer of exactly the room promised. */
static void
check_escape(const char *s, size_t len)
{
	char		*z = malloc(len + 1), *out;
	xmlChar		*want;
	size_t		 n;

	assert_non_null(z);
	memcpy(z, s, len);
	z[len] = '\0';
	want = xmlEncodeSpecialChars(NULL, (const xmlChar *)z);
	assert_non_null(want);
	n = scan_xml_escaped_len(z, len);
	assert_int_equal(n, strlen((const char *)want));
	out = malloc(n + SCAN_SLACK);
	assert_non_null(out);
	assert_ptr_equal(scan_xml_escape(out, z, len), out + n);
	assert_memory_equal(out, want, n);
	free(out);
	xmlFree(want);
	free(z);
}

static void
test_scan_xml_escape(void **state)
{
	/* No NUL: libxml2 stops at one. */
	static const unsigned char rare[] = {
	    '&', '<', '>', '"', '\'', '\r', '\n', '\t', ' ', ';', '#',
	    0x01, 0x7f, 0x80, 0xc3, 0xa9, 0xff,
	};
	static const char *const fixed[] = {
	    "", "<", "&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&",
	    "<p>A paragraph with <a href=\"/x?a=1&amp;b=2\">a link</a>.</p>\r\n",
	    "exactly sixteen!", "exactly sixteen<",
	};
	char		 s[2000];
	size_t		 i, len, r;

	(void)state;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		check_escape(fixed[i], strlen(fixed[i]));
	/* Long runs: the counter's lanes are summed every 48 blocks. */
	memset(s, '"', sizeof(s));
	check_escape(s, sizeof(s));
	srand(5);
	for (r = 0; r < 300; r++) {
		len = (size_t)rand() % (r < 200 ? 70 : sizeof(s));
		fill(s, len, rare, sizeof(rare), r % 2 == 0 ? 4 : 40);
		check_escape(s, len);
	}
}

static void
test_buf_put_html(void **state)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
	    { "", "" },
	    { "plain", "plain" },
	    { "&", "&amp;" },
	    { "a<b>c", "a&lt;b&gt;c" },
	    { "\"'\"'", "&quot;&#39;&quot;&#39;" },
	    { "a long run of plain text before <em> and after it",
	      "a long run of plain text before &lt;em&gt; and after it" },
	    { "sixteen bytes ok&sixteen bytes ok&",
	      "sixteen bytes ok&amp;sixteen bytes ok&amp;" },
	    { "caf\xc3\xa9 & th\xc3\xa9", "caf\xc3\xa9 &amp; th\xc3\xa9" },
	};
	struct buf	 b = BUF_INIT;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		buf_puts(&b, "[");
		buf_put_html(&b, cases[i].in, strlen(cases[i].in));
		buf_puts(&b, "]");
		assert_true(b.len >= 2);
		assert_int_equal(b.len - 2, strlen(cases[i].out));
		assert_memory_equal(b.data + 1, cases[i].out, b.len - 2);
	}
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_html),
		cmocka_unit_test(test_scan_xml),
		cmocka_unit_test(test_scan_xml_suspect),
		cmocka_unit_test(test_scan_every_byte),
		cmocka_unit_test(test_scan_xml_escape),
		cmocka_unit_test(test_buf_put_html),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
