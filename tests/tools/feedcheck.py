#!/usr/bin/python3
"""Judge RSS 2.0 and Atom 1.0 files the way a feed reader reads them.

    feedcheck.py [--expect rss20|atom10] [--min-entries N] FEED...

Each FEED is parsed twice: by feedparser (Debian's python3-feedparser, the
parser most readers and aggregators build on) for what a reader sees, and
by ElementTree for what feedparser forgives.  A feed fails when

  - feedparser flags it as broken (bozo: not well-formed, bad encoding);
  - its version is not rss20 or atom10, or not the --expect one;
  - the feed lacks a title or a link;
  - it has fewer than --min-entries entries;
  - an entry lacks a title, a link, an id (RSS guid, Atom id) or a
    published date a reader can parse;
  - two entries have the same id;
  - (Atom) an entry has no author and the feed has none (RFC 4287 4.1.1),
    or has neither an alternate link nor content (RFC 4287 4.1.2);
  - (RSS) a guid that claims to be a permalink is not an http(s) URL, or
    isPermaLink is neither "true" nor "false";
  - a date is not written as its format says: RFC 822 for RSS pubDate and
    lastBuildDate (four-digit year, a zone, a weekday that matches the
    date when there is one), RFC 3339 with an upper-case T and a zone for
    Atom published and updated (RFC 4287 3.3).

Problems go to stderr, one line each ("FEED: problem"); each good feed gets
one line on stdout.  Exit status: 0 all good, 1 problems, 2 usage or an
unreadable file.  Run it with /usr/bin/python3, the interpreter Debian's
python3-feedparser is installed for.
"""

import argparse
import calendar
import re
import sys
import xml.etree.ElementTree as ET

try:
    import feedparser
except ImportError:
    sys.stderr.write("feedcheck: feedparser is missing: apt-get install "
                     "python3-feedparser, then run with /usr/bin/python3\n")
    sys.exit(2)

VERSIONS = ("rss20", "atom10")
A = "{http://www.w3.org/2005/Atom}"
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
WEEKDAYS = "Mon Tue Wed Thu Fri Sat Sun".split()

RFC822 = re.compile(
    r"(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d\d?) ([A-Z][a-z]{2}) (\d{4}) "
    r"(\d\d):(\d\d)(?::(\d\d))? "
    r"(UT|GMT|[ECMP][SD]T|[+-]\d\d[0-5]\d)\Z")
RFC3339 = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?"
    r"(Z|[+-](\d\d):(\d\d))\Z")


def valid_clock(h, m, s):
    return 0 <= h <= 23 and 0 <= m <= 59 and 0 <= s <= 60


def rss_date(text):
    """Why text is not an RFC 822 date, or None."""
    m = RFC822.match(text)
    if m is None:
        return "is not an RFC 822 date (Sat, 02 Mar 2024 10:00:00 +0000)"
    wd, day, mon, year = m.group(1), int(m.group(2)), m.group(3), \
        int(m.group(4))
    if mon not in MONTHS:
        return "has no month named %s" % mon
    month = MONTHS.index(mon) + 1
    if day < 1 or day > calendar.monthrange(year, month)[1]:
        return "has no day %d in %s %d" % (day, mon, year)
    if not valid_clock(int(m.group(5)), int(m.group(6)),
                       int(m.group(7) or 0)):
        return "has a time of day out of range"
    real = WEEKDAYS[calendar.weekday(year, month, day)]
    if wd is not None and wd != real:
        return "says %s but that day is a %s" % (wd, real)
    return None


def atom_date(text):
    """Why text is not an RFC 3339 date-time with a zone, or None."""
    m = RFC3339.match(text)
    if m is None:
        return ("is not an RFC 3339 date-time with T and a zone "
                "(2024-03-02T10:00:00Z, 2024-03-02T10:00:00+01:00)")
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if month < 1 or month > 12:
        return "has no month %d" % month
    if day < 1 or day > calendar.monthrange(year, month)[1]:
        return "has no day %d in month %d of %d" % (day, month, year)
    if not valid_clock(int(m.group(4)), int(m.group(5)), int(m.group(6))):
        return "has a time of day out of range"
    if m.group(8) is not None and (int(m.group(8)) > 23 or
                                   int(m.group(9)) > 59):
        return "has a zone offset out of range"
    return None


def text_of(el):
    return (el.text or "").strip() if el is not None else ""


def raw_rss(root, bad):
    for path in ("channel/pubDate", "channel/lastBuildDate",
                 "channel/item/pubDate"):
        for el in root.findall(path):
            why = rss_date(text_of(el))
            if why:
                bad("<%s>%s</%s> %s" % (el.tag, text_of(el), el.tag, why))
    for el in root.findall("channel/item/guid"):
        perma = el.get("isPermaLink", "true")
        if perma not in ("true", "false"):
            bad("<guid> isPermaLink=%r: write \"true\" or \"false\"" % perma)
        elif perma == "true" and \
                not re.match(r"https?://", text_of(el)):
            bad("<guid>%s</guid> is a permalink to readers (no "
                "isPermaLink=\"false\") but not an http(s) URL"
                % text_of(el))


def raw_atom(root, bad):
    for path in (A + "updated", A + "entry/" + A + "published",
                 A + "entry/" + A + "updated",
                 A + "entry/" + A + "source/" + A + "updated"):
        for el in root.findall(path):
            name = el.tag[len(A):]
            why = atom_date(text_of(el))
            if why:
                bad("<%s>%s</%s> %s" % (name, text_of(el), name, why))
    feed_author = root.find(A + "author") is not None
    for i, e in enumerate(root.findall(A + "entry"), 1):
        label = "entry %d (%s)" % (i, text_of(e.find(A + "title"))[:50])
        if not feed_author and e.find(A + "author") is None:
            bad("%s has no author and the feed has none (RFC 4287 4.1.1)"
                % label)
        alternate = [ln for ln in e.findall(A + "link")
                     if ln.get("rel", "alternate") == "alternate"]
        if not alternate and e.find(A + "content") is None:
            bad("%s has neither an alternate link nor content "
                "(RFC 4287 4.1.2)" % label)


def check(path, data, expect, min_entries):
    """The problems of one feed, and its summary line."""
    problems = []
    bad = problems.append
    d = feedparser.parse(data)
    if d.bozo:
        bad("not a well-formed feed: %s" % d.get("bozo_exception"))
    version = d.get("version", "")
    if version not in VERSIONS:
        bad("version %r is neither RSS 2.0 nor Atom 1.0" % version)
    elif expect is not None and version != expect:
        bad("version %s, expected %s" % (version, expect))
    for key in ("title", "link"):
        if not d.feed.get(key, "").strip():
            bad("the feed has no %s" % key)
    if len(d.entries) < min_entries:
        bad("%d entries, expected at least %d" % (len(d.entries),
                                                   min_entries))
    seen = {}
    for i, e in enumerate(d.entries, 1):
        label = "entry %d (%s)" % (i, e.get("title", "")[:50])
        lacks = [k for k in ("title", "link", "id")
                 if not e.get(k, "").strip()]
        if not e.get("published_parsed"):
            lacks.append("a published date a reader can parse (%r)"
                         % e.get("published", ""))
        if lacks:
            bad("%s lacks %s" % (label, ", ".join(lacks)))
        eid = e.get("id", "").strip()
        if eid in seen:
            bad("%s has the id %s of entry %d" % (label, eid, seen[eid]))
        elif eid:
            seen[eid] = i
    if not d.bozo and version in VERSIONS:
        try:
            root = ET.fromstring(data)
        except ET.ParseError as exc:
            bad("ElementTree cannot parse it: %s" % exc)
        else:
            (raw_rss if version == "rss20" else raw_atom)(root, bad)
    summary = "%s, %d entries, %d ids" % (version, len(d.entries), len(seen))
    return problems, summary


def main():
    ap = argparse.ArgumentParser(description="Check feeds as a reader would.")
    ap.add_argument("--expect", choices=VERSIONS)
    ap.add_argument("--min-entries", type=int, default=0, metavar="N")
    ap.add_argument("feeds", nargs="+", metavar="FEED")
    args = ap.parse_args()
    status = 0
    for path in args.feeds:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as exc:
            sys.stderr.write("feedcheck: %s\n" % exc)
            return 2
        problems, summary = check(path, data, args.expect, args.min_entries)
        for p in problems:
            sys.stderr.write("%s: %s\n" % (path, p))
        if problems:
            status = 1
        else:
            print("%s: ok, %s" % (path, summary))
    return status


if __name__ == "__main__":
    sys.exit(main())
