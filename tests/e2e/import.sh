#!/bin/sh
# `heraldo import`: the fixtures under tests/import/ imported into fresh
# folders, built with --strict and checked: every old URL answers, dates,
# titles, tags and authors are the source's (in history and in the
# feed), a second run changes nothing, an edited post is kept, and a
# broken export writes nothing.
set -u
HERALDO=${HERALDO:?set HERALDO to the binary}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIX=$ROOT/tests/import
TMP=$(mktemp -d /tmp/heraldo-import-XXXXXX)
export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP TZ=Pacific/Kiritimati LANG=C LC_ALL=C
git config --global user.name "Ana Author"
git config --global user.email ana@example.com
pass=0
fail=0

check() {	# NAME COMMAND...
	name=$1
	shift
	if "$@" >"$TMP/log" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL import: $name"
		cat "$TMP/log"
		fail=$((fail + 1))
	fi
}

# Blogger: a first import.
S=$TMP/blogger
check "blogger import" "$HERALDO" import blogger "$FIX/blogger.xml" \
    --site "$S" --report "$TMP/report.json"
check "blogger report" /usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
want = {"posts": 5, "pages": 1, "drafts": 1, "added": 6, "redirects": 2,
    "aliases": 2, "commits": 6}
bad = {k: r[k] for k in want if r[k] != want[k]}
assert not bad, bad
assert r["skipped"] == {"template": 1, "settings": 5, "comment": 2}, r
assert r["remote_images"] == ["https://blogger.googleusercontent.com/img/b/R29vZ2xl/s320/holly.jpg"], r
d = r["diagnostics"]
assert len(d) == 1 and d[0]["line"] == 12 and "iframe" in d[0]["message"], d
' "$TMP/report.json"
check "blogger history" sh -c '
cd "$1" && git log --reverse --format="%an|%ad|%s" --date=iso-strict \
    >"$2/log.txt" && diff -u - "$2/log.txt" <<EOT
Ana Ortega|2012-09-01T10:30:00-07:00|About
Ana Ortega|2012-09-03T08:00:00-07:00|Price changes for .example & .test in 2013
Bo Lindqvist|2012-10-17T16:40:00-07:00|Email cluster B: update
Bo Lindqvist|2012-10-19T09:14:00-07:00|Email cluster B: update
Ana Ortega|2012-12-19T12:56:00-08:00|Holiday support hours
Chen Wei|2013-01-03T11:30:00-08:00|Reseller API v3 (draft)
$(cd "$1" && git log -1 --format="%an|%ad|%s" --date=iso-strict)
EOT' sh "$S" "$TMP"
check "blogger front matter" diff -u - "$S/content/posts/2012/10/email-cluster-b-update-19.md" <<'EOT'
---
title: "Email cluster B: update"
date: 2012-10-19T09:14:00-07:00
author: "Bo Lindqvist"
tags: ["maintenance"]
slug: email-cluster-b-update-19
aliases: ["/2012/10/email-cluster-b-update_19.html"]
---

The move of mailboxes on cluster B to the new storage is *done*. Delivery delays seen between 06:10 and 07:45 (PDT) are over; no mail was lost.

Resellers who saw `451 4.3.0` replies can ask customers to send again. Details:

| Window | Effect |
| --- | --- |
| 06:10–07:45 | Delayed delivery |
| 07:45–08:30 | Queue drained |
EOT
check "blogger build --strict" "$HERALDO" build --strict --quiet \
    --site "$S" --out "$TMP/out"
check "blogger heraldo check" "$HERALDO" check --out "$TMP/out"
for u in 2012/12/holiday-support-hours.html \
    2012/10/email-cluster-b-update_19.html \
    2012/10/email-cluster-b-update.html \
    2012/09/price-changes-for-example-test-in-2013.html p/about.html; do
	check "old URL /$u answers" test -s "$TMP/out/$u"
done
check "draft not published" sh -c '! grep -rq "Reseller API v3" "$1"' \
    sh "$TMP/out"
check "blogger feed" /usr/bin/python3 -c '
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
feed = ET.parse(sys.argv[1]).getroot()
got = {}
for e in feed.findall(A + "entry"):
    got[e.find(A + "title").text] = (e.find(A + "published").text,
        e.find(A + "updated").text, e.find(A + "author/" + A + "name").text,
        sorted(c.get("term") for c in e.findall(A + "category")))
want = {
  "Holiday support hours": ("2012-12-19T12:56:00-08:00",
      "2012-12-20T08:03:11-08:00", "Ana Ortega", ["holidays", "support hours"]),
  "Price changes for .example & .test in 2013": ("2012-09-03T08:00:00-07:00",
      "2012-09-03T08:00:00-07:00", "Ana Ortega", []),
}
for t, w in want.items():
    g = got[t]
    assert g[:3] == w[:3], (t, g, w)
    assert len(g[3]) == len(w[3]), (t, g, w)
assert len([t for t in got if t == "Email cluster B: update"]) <= 2
' "$TMP/out/feeds/atom.xml"

# A second run changes nothing.
n=$(cd "$S" && git rev-list --count HEAD)
check "blogger re-run" sh -c '"$1" import blogger "$2" --site "$3" 2>&1 |
    grep -q "0 new, 0 updated, 6 unchanged, 0 kept as edited"' sh \
    "$HERALDO" "$FIX/blogger.xml" "$S"
check "blogger re-run commits nothing" test \
    "$(cd "$S" && git rev-list --count HEAD)" = "$n"
check "blogger re-run leaves a clean tree" test -z \
    "$(cd "$S" && git status --porcelain)"

# A post edited in the site is kept; one changed in the source updated.
echo "Edited after the move." >>"$S/content/posts/2012/10/email-cluster-b-update.md"
sed 's/Happy holidays from/Happy holidays to all from/' "$FIX/blogger.xml" \
    >"$TMP/changed.xml"
"$HERALDO" import blogger "$TMP/changed.xml" --site "$S" >"$TMP/rerun.out" \
    2>&1
check "blogger edited post kept" grep -q "^content/posts/2012/10/email-cluster-b-update.md: warning: changed since the last import; left as it is" "$TMP/rerun.out"
check "blogger changed post updated" grep -q "0 new, 1 updated, 4 unchanged, 1 kept as edited" "$TMP/rerun.out"
check "blogger edit survives" grep -q "Edited after the move" \
    "$S/content/posts/2012/10/email-cluster-b-update.md"
check "blogger update written" grep -q "Happy holidays to all" \
    "$S/content/posts/2012/12/holiday-support-hours.md"

# A broken export: one clear error, nothing written.
head -c 3000 "$FIX/blogger.xml" >"$TMP/cut.xml"
"$HERALDO" import blogger "$TMP/cut.xml" --site "$TMP/cut" \
    >"$TMP/cut.out" 2>&1
echo $? >"$TMP/cut.status"
check "broken export status" test "$(cat "$TMP/cut.status")" = 1
check "broken export message" grep -q "cut.xml:[0-9]*:[0-9]*: error: not well-formed XML: .*export it again" "$TMP/cut.out"
check "broken export writes nothing" test ! -e "$TMP/cut"
check "not a Blogger export" sh -c '"$1" import blogger "$2" --site "$3" 2>&1 |
    grep -q "error: expected a Blogger export (an Atom <feed>), found <rss>"' \
    sh "$HERALDO" "$FIX/not-blogger.xml" "$TMP/nb"

# WordPress: WXR 1.2 with classic and block content, a draft, a scheduled
# post, a private-free page, an attachment, a menu item and a trashed post.
W=$TMP/wordpress
check "wordpress import" "$HERALDO" import wordpress "$FIX/wordpress.xml" \
    --site "$W" --report "$TMP/wp.json"
check "wordpress report" /usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
want = {"posts": 5, "pages": 1, "drafts": 1, "added": 6, "redirects": 5,
    "aliases": 1, "own_images": 1}
bad = {k: r[k] for k in want if r[k] != want[k]}
assert not bad, bad
assert r["skipped"] == {"comment": 1, "attachment": 1, "nav_menu_item": 1,
    "trash": 1}, r["skipped"]
' "$TMP/wp.json"
check "wordpress site.yaml" grep -qx 'permalink: "/:year/:month/:slug/"' \
    "$W/site.yaml"
check "wordpress front matter" diff -u - "$W/content/posts/2023/11/new-partner-pricing-for-2024.md" <<'EOT'
---
title: "New partner pricing for 2024"
date: 2023-11-15T09:30:00-08:00
updated: 2023-11-16T08:05:12-08:00
author: "María García"
tags: ["Pricing"]
slug: new-partner-pricing-for-2024
summary: "Partner prices change on January 1."
---

From January 1, partner prices change as follows.

**Standard plan:** $12 per seat\
**Premium plan:** $20 per seat

Existing contracts keep their prices until renewal. Questions? Write to [partners<!---->@contoso.example](mailto:partners@contoso.example).

![Price table](https://updates.contoso.example/wp-content/uploads/2023/11/prices.png)
EOT
check "wordpress history" sh -c '
cd "$1" && git log --reverse --format="%an <%ae>|%ad|%s" --date=iso-strict |
    head -6 >"$2/wlog.txt" && diff -u - "$2/wlog.txt" <<EOT
María García <maria.garcia@contoso.example>|2023-01-01T04:00:00-08:00|Contact
Tam Nguyen <tam.nguyen@contoso.example>|2023-06-06T08:00:00-07:00|API v2 is generally available
María García <maria.garcia@contoso.example>|2023-11-15T09:30:00-08:00|New partner pricing for 2024
María García <maria.garcia@contoso.example>|2023-12-01T01:00:00-08:00|Überblick: Preise in Europa
Tam Nguyen <tam.nguyen@contoso.example>|2024-01-10T14:20:00+00:00|Roadmap for 2024 (draft)
María García <maria.garcia@contoso.example>|2024-03-01T08:00:00-08:00|Partner summit: save the date
EOT' sh "$W" "$TMP"
# The uploads the export does not hold, copied by hand as the warning says.
mkdir -p "$W/static/wp-content/uploads/2023/11"
printf 'png' >"$W/static/wp-content/uploads/2023/11/prices.png"
(cd "$W" && git add static && git commit -q -m "Uploads")
check "wordpress build --strict" "$HERALDO" build --strict --quiet \
    --site "$W" --out "$TMP/wout" --now 2024-01-15T00:00:00Z
check "wordpress heraldo check" "$HERALDO" check --out "$TMP/wout"
for u in 2023/11/new-partner-pricing-for-2024/index.html \
    2023/06/api-v2-ga/index.html \
    "2023/12/überblick-preise-in-europa/index.html" contact/index.html; do
	check "old URL /$u answers" test -s "$TMP/wout/$u"
done
check "scheduled post waits" test ! -e "$TMP/wout/2024/03/partner-summit"
check "wordpress ?p= redirects" grep -q '"/?p=41" "/2023/11/new-partner-pricing-for-2024/";' \
    "$W/import/redirects.nginx"
check "wordpress re-run" sh -c '"$1" import wordpress "$2" --site "$3" 2>&1 |
    grep -q "0 new, 0 updated, 6 unchanged"' sh "$HERALDO" \
    "$FIX/wordpress.xml" "$W"
check "not a WordPress export" sh -c '"$1" import wordpress "$2" --site "$3" 2>&1 |
    grep -q "error: expected a WordPress export (WXR: an RSS <rss>), found <feed>"' \
    sh "$HERALDO" "$FIX/blogger.xml" "$TMP/nw"

# Jekyll: posts in _posts/ and news/_posts/, a draft, a page, assets and
# Liquid tags.
J=$TMP/jekyll
"$HERALDO" import jekyll "$FIX/jekyll" --site "$J" --report "$TMP/jk.json" \
    >"$TMP/jk.out" 2>&1
check "jekyll import" test $? = 0
check "jekyll warning" grep -qx '_posts/2012-10-19-maintenance-done.md:16: warning: {% include signature.html %} cannot be converted: kept in an HTML comment' "$TMP/jk.out"
check "jekyll report" /usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
want = {"posts": 4, "pages": 1, "drafts": 1, "files_copied": 2,
    "aliases": 4}
bad = {k: r[k] for k in want if r[k] != want[k]}
assert not bad, bad
' "$TMP/jk.json"
check "jekyll front matter and Liquid" diff -u - "$J/content/posts/2012/10/maintenance-done.md" <<'EOT'
---
title: "Maintenance done: all mailboxes moved"
date: 2012-10-19T09:14:00-04:00
author: "Bo Lindqvist"
tags: ["maintenance"]
slug: maintenance-done
aliases: ["/maintenance/2012/10/19/maintenance-done.html"]
---

The move is done. See the [first notice](/2012/10/17/maintenance-window.html) and our [logo](/assets/img/logo.png).

```shell
dig +short mx fabrikam.example
```

Templates use {{ this }} syntax.

<!-- {% include signature.html %} -->
EOT
check "jekyll site value" grep -q "Questions go to support@fabrikam.example." \
    "$J/content/posts/2012/10/maintenance-window.md"
check "jekyll build --strict" "$HERALDO" build --strict --quiet \
    --site "$J" --out "$TMP/jout"
check "jekyll heraldo check" "$HERALDO" check --out "$TMP/jout"
for u in maintenance/2012/10/17/maintenance-window.html \
    maintenance/2012/10/19/maintenance-done.html \
    news/2012/12/19/holiday-hours.html about.html assets/img/logo.png \
    assets/site.css; do
	check "old URL /$u answers" test -s "$TMP/jout/$u"
done

# Hugo: YAML configuration, a page bundle, a draft, a section list,
# shortcodes and static/.
H=$TMP/hugo
"$HERALDO" import hugo "$FIX/hugo" --site "$H" --report "$TMP/hg.json" \
    >"$TMP/hg.out" 2>&1
check "hugo import" test $? = 0
check "hugo warning" grep -qx 'content/posts/spring-catalogue.md:22: warning: {{< tweet user="tailspin" id="1234" >}} cannot be converted: kept in an HTML comment' "$TMP/hg.out"
check "hugo report" /usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
want = {"posts": 3, "pages": 1, "drafts": 1, "files_copied": 2,
    "aliases": 1}
bad = {k: r[k] for k in want if r[k] != want[k]}
assert not bad, bad
' "$TMP/hg.json"
check "hugo shortcodes" diff -u - "$H/content/posts/2023/03/spring-catalogue.md" <<'EOT'
---
title: "The spring catalogue is out"
date: 2023-03-01T09:00:00+01:00
updated: 2023-03-02T10:30:00+01:00
author: "Lena Fischer"
tags: ["products", "catalogue"]
slug: spring-catalogue
aliases: ["/news/spring-2023.html"]
---

The spring catalogue lists 40 new toys. See the [summit recap](/2023/05/summit-recap/).

![Catalogue cover](/images/catalogue.png)

*The cover*

```bash
curl -O https://blog.tailspin.example/catalogue.pdf
```

[https://www.youtube.com/watch?v=dQw4w9WgXcQ](https://www.youtube.com/watch?v=dQw4w9WgXcQ)

[https://gist.github.com/tailspin/0123abcd](https://gist.github.com/tailspin/0123abcd)

<!-- {{< tweet user="tailspin" id="1234" >}} -->
EOT
check "hugo bundle link" grep -q '!\[The stage\](/2023/05/summit-recap/stage.jpg)' \
    "$H/content/posts/2023/05/summit-recap.md"
check "hugo build --strict" "$HERALDO" build --strict --quiet \
    --site "$H" --out "$TMP/hout"
check "hugo heraldo check" "$HERALDO" check --out "$TMP/hout"
for u in 2023/03/spring-catalogue/index.html news/spring-2023.html \
    2023/05/summit-recap/index.html 2023/05/summit-recap/stage.jpg \
    about/index.html images/catalogue.png; do
	check "old URL /$u answers" test -s "$TMP/hout/$u"
done
check "hugo TOML configuration" sh -c 'mkdir -p "$2/content" &&
    echo "title = \"x\"" >"$2/hugo.toml" &&
    ! "$1" import hugo "$2" --site "$3" 2>"$3.err" &&
    grep -qx "hugo.toml: error: a TOML configuration is not read yet: save it as hugo.yaml (same keys) and import again" "$3.err"' \
    sh "$HERALDO" "$TMP/tomlsite" "$TMP/tomlout"

rm -rf "$TMP"
echo "import: $pass passed, $fail failed"
[ "$fail" = 0 ]
