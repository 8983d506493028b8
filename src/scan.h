/*
 * scan: the first byte of a class in a run of text, sixteen bytes at a
 * time.  Escaping and checking text for HTML and XML find a byte worth
 * a look every few dozen; a loop over every byte (or strcspn, which
 * starts over at each) made them a tenth of a build's CPU.
 */
#ifndef HERALDO_SCAN_H
#define HERALDO_SCAN_H

#include <stddef.h>

/* The index of the first & < > " or ' in s[0..len), else len. */
size_t	scan_html(const char *s, size_t len);

/* The index of the first < > & " or CR in s[0..len), else len. */
size_t	scan_xml(const char *s, size_t len);

/*
 * The index of the first byte that may start something XML 1.0 forbids
 * in s[0..len), else len: a C0 control but tab, LF and CR, or any byte
 * at or above 0x80 (which only decoding tells apart).
 */
size_t	scan_xml_suspect(const char *s, size_t len);

/*
 * XML character data: < > & " and CR as &lt; &gt; &amp; &quot; &#13;,
 * byte for byte what libxml2's xmlEncodeSpecialChars writes.
 * scan_xml_escape writes s[0..len) escaped to "o", which must have room
 * for scan_xml_escaped_len(s, len) bytes and SCAN_SLACK more, and
 * returns the end of what it wrote.
 */
#define SCAN_SLACK	16
size_t	scan_xml_escaped_len(const char *s, size_t len);
char	*scan_xml_escape(char *o, const char *s, size_t len);

#endif
