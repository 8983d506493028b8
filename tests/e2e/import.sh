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

import_site() {	# FORMAT SOURCE SITE REPORT: imports; output in $TMP/FORMAT.out
	"$HERALDO" import "$1" "$2" --site "$3" --report "$4" >"$TMP/$1.out" \
	    2>&1
	check "$1 import" test $? = 0
}

check_warning() {	# FORMAT LINE: import_site's output has LINE
	check "$1 warning" grep -qx "$2" "$TMP/$1.out"
}

check_report() {	# NAME REPORT WANT [PYTHON]: counts as in WANT (JSON)
	check "$1 report" /usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
want = json.loads(sys.argv[2])
bad = {k: r[k] for k in want if r[k] != want[k]}
assert not bad, bad
'"${4:-}" "$2" "$3"
}

check_build() {	# NAME SITE OUT [BUILD OPTION...]: builds --strict, checks
	bname=$1
	bout=$3
	bsite=$2
	shift 3
	check "$bname build --strict" "$HERALDO" build --strict --quiet \
	    --site "$bsite" --out "$bout" "$@"
	check "$bname heraldo check" "$HERALDO" check --out "$bout"
}

check_urls() {	# OUT URL...: each old URL answers
	out=$1
	shift
	for u; do
		check "old URL /$u answers" test -s "$out/$u"
	done
}

check_own() {	# OUT URL TITLE: the old URL is the post's own page
	check "old URL /$2 is the page of \"$3\"" sh -c '
grep -qF "$3" "$1/$2" && ! grep -q "http-equiv=\"refresh\"" "$1/$2"' \
	    sh "$1" "$2" "$3"
}

check_no_redirect() {	# SITE PATH...: no redirect from /PATH in either list
	rsite=$1
	shift
	for r; do
		check "no redirect from /$r" sh -c '
! awk -v p="\"/$1\"" "\$1 == p" "$2/import/redirects.nginx" | grep -q . &&
! grep -qF "RewriteRule ^$(printf %s "$1" | sed "s/\./\\\\./g")\$" \
    "$2/import/redirects.htaccess"' sh "$r" "$rsite"
	done
}

check_rerun() {	# FORMAT SOURCE SITE SUMMARY: a second run, as SUMMARY says
	check "$1 re-run" sh -c '"$1" import "$2" "$3" --site "$4" 2>&1 |
	    grep -q "$5"' sh "$HERALDO" "$1" "$2" "$3" "$4"
}

check_refused() {	# NAME FORMAT SOURCE SITE MESSAGE: stops with MESSAGE
	check "$1" sh -c '"$1" import "$2" "$3" --site "$4" 2>&1 |
	    grep -q "$5"' sh "$HERALDO" "$2" "$3" "$4" "$5"
}

# Blogger: a first import.
S=$TMP/blogger
check "blogger import" "$HERALDO" import blogger "$FIX/blogger.xml" \
    --site "$S" --report "$TMP/report.json"
check_report blogger "$TMP/report.json" '{"posts": 6, "pages": 1,
    "drafts": 1, "added": 7, "redirects": 0, "aliases": 0, "own_urls": 2,
    "mostly_html": 1, "commits": 7}' '
assert r["skipped"] == {"template": 1, "settings": 5, "comment": 2}, r
assert r["remote_images"] == ["https://blogger.googleusercontent.com/img/b/R29vZ2xl/s320/holly.jpg"], r
d = r["diagnostics"]
assert len(d) == 1 and d[0]["line"] == 13 and "iframe" in d[0]["message"], d
'
check "blogger history" sh -c '
cd "$1" && git log --reverse --format="%an|%ad|%s" --date=iso-strict \
    >"$2/log.txt" && diff -u - "$2/log.txt" <<EOT
Ana Ortega|2012-09-01T10:30:00-07:00|About
Ana Ortega|2012-09-03T08:00:00-07:00|Price changes for .example & .test in 2013
Bo Lindqvist|2012-10-17T16:40:00-07:00|Email cluster B: update
Bo Lindqvist|2012-10-19T09:14:00-07:00|Email cluster B: update
Ana Ortega|2012-11-05T10:00:00-08:00|Registry fees by region
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
url: "/2012/10/email-cluster-b-update_19.html"
---

The move of mailboxes on cluster B to the new storage is *done*. Delivery delays seen between 06:10 and 07:45 (PDT) are over; no mail was lost.

Resellers who saw `451 4.3.0` replies can ask customers to send again. Details:

| Window | Effect |
| --- | --- |
| 06:10–07:45 | Delayed delivery |
| 07:45–08:30 | Queue drained |
EOT
# A post mostly in HTML Markdown cannot say: an HTML post, whole.
check "blogger HTML post" diff -u - "$S/content/posts/2012/11/registry-fees-by-region.html" <<'EOT'
---
title: "Registry fees by region"
date: 2012-11-05T10:00:00-08:00
author: "Ana Ortega"
tags: ["prices"]
slug: registry-fees-by-region
---

<div style="font-family: Georgia, serif; color: #333333;"><span style="font-size: large;">Registry fees from March 1, by region:</span></div>
<table border="1" cellpadding="4"><tr><th colspan="2">Europe</th></tr><tr><td rowspan="2">.example</td><td>€7.90 until March 1</td></tr><tr><td>€8.10 from March 1</td></tr><tr><th colspan="2">Americas</th></tr><tr><td>.test</td><td>$4.00, unchanged</td></tr></table>
<div style="text-align: center;"><iframe allowfullscreen="" frameborder="0" height="266" src="https://www.youtube.com/embed/fee2013" width="320"></iframe></div>
EOT
check "blogger HTML post has no Markdown twin" test ! -e \
    "$S/content/posts/2012/11/registry-fees-by-region.md"
check_no_redirect "$S" 2012/10/email-cluster-b-update_19.html p/about.html
check_build blogger "$S" "$TMP/out"
check_urls "$TMP/out" 2012/12/holiday-support-hours.html \
    2012/10/email-cluster-b-update.html \
    2012/09/price-changes-for-example-test-in-2013.html
# Blogger's "_19" clash slug and its /p/ page: the posts' own URLs.
check_own "$TMP/out" 2012/10/email-cluster-b-update_19.html \
    "Delivery delays seen between 06:10 and 07:45"
check_own "$TMP/out" p/about.html "tells its resellers about maintenance"
check_own "$TMP/out" 2012/11/registry-fees-by-region.html \
    '<iframe allowfullscreen="" frameborder="0" height="266" src="https://www.youtube.com/embed/fee2013"'
check "blogger HTML post keeps merged cells" grep -qF \
    '<td rowspan="2">.example</td>' \
    "$TMP/out/2012/11/registry-fees-by-region.html"
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
check_rerun blogger "$FIX/blogger.xml" "$S" \
    "0 new, 0 updated, 7 unchanged, 0 kept as edited"
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
check "blogger changed post updated" grep -q "0 new, 1 updated, 5 unchanged, 1 kept as edited" "$TMP/rerun.out"
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
check_refused "not a Blogger export" blogger "$FIX/not-blogger.xml" \
    "$TMP/nb" "error: expected a Blogger export (an Atom <feed>), found <rss>"

# WordPress: WXR 1.2 with classic and block content, a draft, a scheduled
# post, a private-free page, an attachment, a menu item and a trashed post.
W=$TMP/wordpress
check "wordpress import" "$HERALDO" import wordpress "$FIX/wordpress.xml" \
    --site "$W" --report "$TMP/wp.json"
check_report wordpress "$TMP/wp.json" '{"posts": 6, "pages": 1,
    "drafts": 1, "added": 7, "redirects": 5, "aliases": 0, "own_urls": 1,
    "mostly_html": 1, "own_images": 1}' '
assert r["skipped"] == {"comment": 1, "attachment": 1, "nav_menu_item": 1,
    "trash": 1}, r["skipped"]
'
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
    head -7 >"$2/wlog.txt" && diff -u - "$2/wlog.txt" <<EOT
María García <maria.garcia@contoso.example>|2023-01-01T04:00:00-08:00|Contact
Tam Nguyen <tam.nguyen@contoso.example>|2023-06-06T08:00:00-07:00|API v2 is generally available
María García <maria.garcia@contoso.example>|2023-10-02T09:00:00-07:00|Regional surcharges from April
María García <maria.garcia@contoso.example>|2023-11-15T09:30:00-08:00|New partner pricing for 2024
María García <maria.garcia@contoso.example>|2023-12-01T01:00:00-08:00|Überblick: Preise in Europa
Tam Nguyen <tam.nguyen@contoso.example>|2024-01-10T14:20:00+00:00|Roadmap for 2024 (draft)
María García <maria.garcia@contoso.example>|2024-03-01T08:00:00-08:00|Partner summit: save the date
EOT' sh "$W" "$TMP"
# The uploads the export does not hold, copied by hand as the warning says.
mkdir -p "$W/static/wp-content/uploads/2023/11"
printf 'png' >"$W/static/wp-content/uploads/2023/11/prices.png"
(cd "$W" && git add static && git commit -q -m "Uploads")
# A classic-editor post mostly in HTML: an HTML post, with wpautop's
# paragraphs and line breaks.
check "wordpress HTML post" diff -u - "$W/content/posts/2023/10/regional-surcharges.html" <<'EOT'
---
title: "Regional surcharges from April"
date: 2023-10-02T09:00:00-07:00
author: "María García"
tags: ["Pricing"]
slug: regional-surcharges
---

<p>Regional surcharges apply from April 1.<br>
They are shown on every invoice.</p>
<table class="surcharges" style="border-collapse: collapse;"><tr><th colspan="3">Surcharges by region</th></tr><tr><td rowspan="2">European Union</td><td>Standard plan</td><td>2% of the seat price</td></tr><tr><td>Premium plan</td><td>1.5% of the seat price</td></tr><tr><td>United Kingdom</td><td colspan="2">2.5% on every plan, billed in pounds sterling</td></tr></table>
<div class="note" style="border-left: 4px solid #c00; padding-left: 1em;">Partners on annual contracts pay the surcharge at renewal.</div>
EOT
# The permalink pattern cannot make the ASCII slug's old URL "überblick".
check "wordpress own URL" grep -qx 'url: "/2023/12/überblick-preise-in-europa/"' \
    "$W/content/posts/2023/12/uberblick-preise-in-europa.md"
check_no_redirect "$W" "2023/12/überblick-preise-in-europa/"
check_build wordpress "$W" "$TMP/wout" --now 2024-01-15T00:00:00Z
check_urls "$TMP/wout" 2023/11/new-partner-pricing-for-2024/index.html \
    2023/06/api-v2-ga/index.html contact/index.html
check_own "$TMP/wout" "2023/12/überblick-preise-in-europa/index.html" \
    "Die neuen Preise gelten ab 1. Januar."
check_own "$TMP/wout" 2023/10/regional-surcharges/index.html \
    '<td colspan="2">2.5% on every plan, billed in pounds sterling</td>'
check "wordpress ?p= of an HTML post redirects" grep -q \
    '"/?p=77" "/2023/10/regional-surcharges/";' "$W/import/redirects.nginx"
check "scheduled post waits" test ! -e "$TMP/wout/2024/03/partner-summit"
check "wordpress ?p= redirects" grep -q '"/?p=41" "/2023/11/new-partner-pricing-for-2024/";' \
    "$W/import/redirects.nginx"
check_rerun wordpress "$FIX/wordpress.xml" "$W" \
    "0 new, 0 updated, 7 unchanged"
check_refused "not a WordPress export" wordpress "$FIX/blogger.xml" \
    "$TMP/nw" \
    "error: expected a WordPress export (WXR: an RSS <rss>), found <feed>"

# Jekyll: posts in _posts/ and news/_posts/, a draft, a page, assets and
# Liquid tags.
J=$TMP/jekyll
import_site jekyll "$FIX/jekyll" "$J" "$TMP/jk.json"
check_warning jekyll '_posts/2012-10-19-maintenance-done.md:16: warning: {% include signature.html %} cannot be converted: kept in an HTML comment'
check_report jekyll "$TMP/jk.json" '{"posts": 4, "pages": 1, "drafts": 1,
    "files_copied": 2, "aliases": 0, "redirects": 0, "own_urls": 4}'
check "jekyll front matter and Liquid" diff -u - "$J/content/posts/2012/10/maintenance-done.md" <<'EOT'
---
title: "Maintenance done: all mailboxes moved"
date: 2012-10-19T09:14:00-04:00
author: "Bo Lindqvist"
tags: ["maintenance"]
slug: maintenance-done
url: "/maintenance/2012/10/19/maintenance-done.html"
---

The move is done. See the [first notice](/maintenance/2012/10/17/maintenance-window.html) and our [logo](/assets/img/logo.png).

```shell
dig +short mx fabrikam.example
```

Templates use \{{ this }} syntax.

<!-- {% include signature.html %} -->
EOT
check "jekyll site value" grep -q "Questions go to support@fabrikam.example." \
    "$J/content/posts/2012/10/maintenance-window.md"
check "jekyll page URL" grep -qx 'url: "/about.html"' \
    "$J/content/pages/about.md"
check_no_redirect "$J" maintenance/2012/10/19/maintenance-done.html \
    news/2012/12/19/holiday-hours.html about.html
check_build jekyll "$J" "$TMP/jout"
check_urls "$TMP/jout" assets/img/logo.png assets/site.css
# Category paths (front matter and news/_posts/) and the .html page the
# pattern cannot make: the posts' own URLs.
check_own "$TMP/jout" maintenance/2012/10/17/maintenance-window.html \
    "Questions go to support@fabrikam.example."
check_own "$TMP/jout" maintenance/2012/10/19/maintenance-done.html \
    'href="/maintenance/2012/10/17/maintenance-window.html"'
check_own "$TMP/jout" news/2012/12/19/holiday-hours.html \
    "Holiday support hours"
check_own "$TMP/jout" about.html \
    "Fabrikam tells partners about maintenance."

# Hugo: YAML configuration, a page bundle, a draft, a section list,
# shortcodes and static/.
H=$TMP/hugo
import_site hugo "$FIX/hugo" "$H" "$TMP/hg.json"
check_warning hugo 'content/posts/spring-catalogue.md:22: warning: {{< tweet user="tailspin" id="1234" >}} cannot be converted: kept in an HTML comment'
check_report hugo "$TMP/hg.json" '{"posts": 3, "pages": 1, "drafts": 1,
    "files_copied": 2, "aliases": 1}'
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
check_build hugo "$H" "$TMP/hout"
check_urls "$TMP/hout" 2023/03/spring-catalogue/index.html \
    news/spring-2023.html 2023/05/summit-recap/index.html \
    2023/05/summit-recap/stage.jpg about/index.html images/catalogue.png
# Hugo's TOML: hugo.toml and "+++" front matter, as `hugo new` writes.
T=$TMP/hugo-toml
import_site hugo "$FIX/hugo-toml" "$T" "$TMP/ht.json"
check_report "hugo TOML" "$TMP/ht.json" '{"posts": 2, "pages": 0,
    "drafts": 0}'
check "hugo TOML settings" diff -u - "$T/site.yaml" <<'EOT'
# Written by `heraldo import` from hugo; see heraldo(1) for every key.
title: "Noticias Wingtip"
description: "Avisos para distribuidores de Wingtip"
base_url: "https://news.wingtip.example/"
locale: "es_MX"
timezone: "America/Mexico_City"
permalink: "/:year/:month/:slug/"
EOT
check "hugo TOML front matter" grep -qx \
    'date: 2023-12-18T09:30:00-06:00' \
    "$T/content/posts/2023/12/horario-navidad.md"
check "hugo TOML tags" grep -qx 'tags: \["horario", "soporte"\]' \
    "$T/content/posts/2023/12/horario-navidad.md"
check_build hugo-toml "$T" "$TMP/htout"
check_urls "$TMP/htout" 2023/12/horario-navidad/index.html \
    2024/01/precios-2024/index.html

rm -rf "$TMP"
echo "import: $pass passed, $fail failed"
[ "$fail" = 0 ]
