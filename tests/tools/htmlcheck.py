#!/usr/bin/python3
"""Parse HTML pages as a browser does and report what is wrong with them.

    htmlcheck.py FILE_OR_DIRECTORY...

Directories are walked for *.html files.  html5lib (Debian's
python3-html5lib) implements the WHATWG parsing algorithm, so its parse
errors are the ones a browser silently repairs: a missing doctype, tags
closed in the wrong order or never, a duplicated attribute, a broken
character reference.  Besides those, a page fails when

  - <html> has no lang attribute (screen readers and translation need it);
  - <head> has no <title>, or an empty one;
  - two elements share an id (fragment links and labels break);
  - an <img> has no alt attribute (write alt="" for decoration).

Problems go to stderr as "FILE:LINE:COL: problem" (0:0 when the problem
has no single place); a summary goes to stdout.  Exit status: 0 all good,
1 problems, 2 usage.  Run it with /usr/bin/python3.
"""

import os
import sys

try:
    import html5lib
    from html5lib.constants import E as ERRORS
except ImportError:
    sys.stderr.write("htmlcheck: html5lib is missing: apt-get install "
                     "python3-html5lib, then run with /usr/bin/python3\n")
    sys.exit(2)


def describe(code, params):
    text = ERRORS.get(code, code)
    try:
        return text % params
    except (TypeError, KeyError, ValueError):
        return text


def problems(path):
    """(line, col, message) for each problem of one page."""
    with open(path, "rb") as f:
        data = f.read()
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    html = parser.parse(data)
    found = [(line, col, "%s (%s)" % (describe(code, params), code))
             for (line, col), code, params in parser.errors]
    if not html.get("lang", "").strip():
        found.append((0, 0, "<html> has no lang attribute"))
    title = html.find("head/title")
    if title is None:
        found.append((0, 0, "<head> has no <title>"))
    elif not "".join(title.itertext()).strip():
        found.append((0, 0, "<title> is empty"))
    ids = {}
    for el in html.iter():
        if not isinstance(el.tag, str):
            continue
        i = el.get("id")
        if i is not None:
            ids[i] = ids.get(i, 0) + 1
        if el.tag == "img" and el.get("alt") is None:
            found.append((0, 0, "<img src=\"%s\"> has no alt attribute "
                          "(alt=\"\" if it is decoration)"
                          % el.get("src", "")))
    for i in sorted(k for k, n in ids.items() if n > 1):
        found.append((0, 0, "id \"%s\" is on %d elements" % (i, ids[i])))
    return found


def pages(args):
    for a in args:
        if os.path.isdir(a):
            for top, dirs, names in os.walk(a):
                dirs.sort()
                for n in sorted(names):
                    if n.endswith(".html"):
                        yield os.path.join(top, n)
        elif os.path.isfile(a):
            yield a
        else:
            raise FileNotFoundError(a)


def main(args):
    if not args or args[0] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    total = failed = 0
    try:
        for path in pages(args):
            total += 1
            found = problems(path)
            if found:
                failed += 1
            for line, col, msg in found:
                sys.stderr.write("%s:%d:%d: %s\n" % (path, line, col, msg))
    except FileNotFoundError as exc:
        sys.stderr.write("htmlcheck: no such file or directory: %s\n" % exc)
        return 2
    if failed:
        sys.stderr.write("htmlcheck: %d of %d pages have problems\n"
                         % (failed, total))
        return 1
    print("htmlcheck: %d pages, no problems" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
