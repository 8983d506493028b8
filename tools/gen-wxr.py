#!/usr/bin/env python3
"""Write a WordPress export (WXR 1.2) of N posts of about SIZE bytes each
to standard output, to measure `heraldo import wordpress` on big exports:

    tools/gen-wxr.py 10000 20000 > /tmp/big.xml
    /usr/bin/time -v heraldo import wordpress /tmp/big.xml --site /tmp/big
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
size = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
out = sys.stdout
out.write('''<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Big blog</title><link>https://big.example</link>
<language>en-US</language><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login><![CDATA[ed]]></wp:author_login>
<wp:author_email><![CDATA[ed@big.example]]></wp:author_email>
<wp:author_display_name><![CDATA[Ed Itor]]></wp:author_display_name>
</wp:author>
''')
para = ("Paragraph with <strong>bold</strong>, <em>emphasis</em>, a "
        "<a href=\"https://example.com/x\">link</a> and some * stars _ "
        "that need escaping.\n\n")
body = para * max(1, size // len(para))
for i in range(n):
    day = i % 28 + 1
    month = i // 28 % 12 + 1
    year = 2000 + i // 336
    date = "%04d-%02d-%02d 10:%02d:00" % (year, month, day, i % 60)
    gmt = "%04d-%02d-%02d 18:%02d:00" % (year, month, day, i % 60)
    slug = "post-number-%d" % i
    out.write('''<item><title><![CDATA[Post number %d]]></title>
<link>https://big.example/%04d/%02d/%s/</link>
<dc:creator><![CDATA[ed]]></dc:creator>
<guid isPermaLink="false">https://big.example/?p=%d</guid>
<content:encoded><![CDATA[%s]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>%d</wp:post_id>
<wp:post_date><![CDATA[%s]]></wp:post_date>
<wp:post_date_gmt><![CDATA[%s]]></wp:post_date_gmt>
<wp:post_name><![CDATA[%s]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_type><![CDATA[post]]></wp:post_type>
<category domain="post_tag" nicename="t%d"><![CDATA[Tag %d]]></category>
</item>
''' % (i, year, month, slug, i + 1, body, i + 1, date, gmt, slug, i % 50,
       i % 50))
out.write("</channel></rss>\n")
