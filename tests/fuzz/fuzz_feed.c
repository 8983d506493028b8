/*
 * Fuzz target: post text through the feed writers.  Any bytes, cleaned
 * for XML 1.0 and with their links made absolute, must come out as valid
 * UTF-8 without characters XML forbids, and the Atom document holding
 * them as title, summary and content must be well-formed XML.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "feed.h"
#include "util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();
	struct buf		 out = BUF_INIT;
	struct feed_item	 it;
	const struct feed_item	*ptr = &it;
	struct feed_doc		 doc;
	const char		*clean, *html, *tags[1];
	char			*text = xstrndup((const char *)data, size);
	const unsigned char	*p;
	size_t			 n, bad;
	xmlDocPtr		 x;

	n = feed_xml_clean(&clean, NULL, text, size, a);
	if ((n == 0) != (clean == text))
		abort();
	if (!util_utf8_valid(clean, strlen(clean), &bad))
		abort();
	for (p = (const unsigned char *)clean; *p != '\0'; p++)
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			abort();
	html = feed_html_absolute(clean, strlen(clean),
	    "https://news.example.com/2012/12/x.html", a);
	if (!util_utf8_valid(html, strlen(html), &bad))
		abort();

	memset(&it, 0, sizeof(it));
	tags[0] = clean;
	it.title = clean;
	it.link = "https://news.example.com/2012/12/x.html";
	it.id = "tag:news.example.com,2012-12-19:/2012/12/x.html";
	it.author = clean;
	it.summary = clean;
	it.content = html;
	it.tags = tags;
	it.ntags = 1;
	strcpy(it.published, "2012-12-19T20:56:00Z");
	strcpy(it.updated, "2012-12-19T20:56:00Z");
	strcpy(it.pub822, "Wed, 19 Dec 2012 20:56:00 +0000");
	strcpy(it.upd822, "Wed, 19 Dec 2012 20:56:00 +0000");
	memset(&doc, 0, sizeof(doc));
	doc.title = clean;
	doc.lang = "en";
	doc.id = "https://news.example.com/feeds/atom.xml";
	doc.self = doc.id;
	doc.alternate = "https://news.example.com/";
	doc.author = "News";
	doc.items = &ptr;
	doc.nitems = 1;
	if (feed_atom(&out, &doc, d) < 0)
		abort();
	x = xmlReadMemory(out.data, (int)out.len, "atom.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (x == NULL)
		abort();
	xmlFreeDoc(x);
	buf_reset(&out);
	if (feed_rss(&out, &doc, d) < 0)
		abort();
	x = xmlReadMemory(out.data, (int)out.len, "rss.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (x == NULL)
		abort();
	xmlFreeDoc(x);
	buf_free(&out);
	free(text);
	diags_free(d);
	arena_free(a);
	return 0;
}
