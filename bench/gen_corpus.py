#!/usr/bin/python3
"""Write the benchmark's announcement site, the same for heraldo and Hugo.

    gen_corpus.py OUTDIR --posts N [--seed S] [--per-commit K]

OUTDIR (new or empty) becomes a git repository holding

  site.yaml                        heraldo's configuration
  hugo.yaml, layouts/_default/...  Hugo's configuration and layouts, doing
                                   the work heraldo's built-in theme does:
                                   post pages, a paginated home page with
                                   summaries, an archive by day, tag pages
                                   and RSS feeds for the site and each tag
  content/posts/YYYY/MM/SLUG.md    N posts, YAML front matter and Markdown

The posts read like a company's announcements: maintenance windows,
releases, price changes, incident reports, holiday hours.  About one in
six is in Spanish, German, French, Japanese or Norwegian (with its `lang`
and, often, its own time zone); every post has one to three tags; one in
five has a table; holiday posts carry an ```hours block.  Posts are 300
to 1,500 words, dated over ten years, with UTC offsets from -08:00 to
+09:00; about one in a hundred is a draft.

The history adds the posts in date order, K to a commit (default 50),
each commit dated as its newest post, and then corrects about one post in
twenty in later commits, so that posts have an `updated` date and more
than one author.  The same arguments always give the same files and the
same commit ids: everything comes from random.Random(seed) and git
fast-import, with fixed identities and dates.  Python's standard library
and git are all it needs.
"""

import argparse
import datetime as dt
import os
import random
import subprocess
import sys

# Words of plain announcement prose, and what goes in code spans.
PROSE = """
we our you your the a an and or but so because when while after before
during until since about for with without from into over under between
customers resellers partners teams support billing payments registry
domain domains zone zones renewal renewals transfer transfers account
accounts portal dashboard invoice invoices price prices plan plans
service services server servers network maintenance window release
version update updates change changes feature features option settings
report reports incident outage latency traffic request requests response
email notice notices schedule schedules holiday office hours week month
quarter year today tomorrow monday tuesday wednesday thursday friday
new improved faster simpler clearer safer cheaper available planned
scheduled completed restored resolved delayed moved added removed
renamed kept started finished reviewed tested shipped announced
please note also now still already soon again only every each most
will can may should must does did has have had is are was were be
""".split()

CODE = """
dig whois curl openssl nslookup api/v2/domains api/v2/invoices
--dry-run --format=json TTL=3600 NS MX TXT CNAME AAAA DNSSEC
EPP RDAP 2FA SSO OAuth2 webhook.url retry_after=30 HTTP/2
""".split()

TAGS = """
maintenance releases pricing incidents holidays support billing api
security dns dnssec transfers renewals promotions compliance
accessibility partners events documentation portal status
""".split()

AUTHORS = [
    ("María Delgado", "maria@example.com"),
    ("Tom Becker", "tom@example.com"),
    ("Aiko Tanaka", "aiko@example.com"),
    ("Ingrid Støre", "ingrid@example.com"),
    ("Jean-Luc Ferré", "jeanluc@example.com"),
    ("Priya Natarajan", "priya@example.com"),
]

# (minutes east of UTC, weight): where the writers are.
OFFSETS = [(-480, 4), (-420, 2), (-300, 5), (0, 3), (60, 5), (120, 2),
           (330, 1), (540, 2)]

# Languages other than English: sentences, titles, department names and
# the time zone their teams work in.
LANGS = {
    "es": {
        "zone": "America/Mexico_City",
        "sentences": [
            "El mantenimiento programado durará unas dos horas.",
            "Durante ese tiempo el portal puede responder con lentitud.",
            "Gracias por su paciencia y por confiar en nosotros.",
            "Las renovaciones automáticas no se verán afectadas.",
            "Si tiene preguntas, escríbanos a soporte en español.",
            "Los precios nuevos se aplican a partir del primer día del mes.",
        ],
        "titles": ["Mantenimiento del portal", "Nuevos precios para .mx",
                   "Horario de atención en Semana Santa",
                   "Resumen del incidente de DNS"],
        "departments": ["Soporte en español", "Pagos", "Cumplimiento"],
    },
    "de": {
        "zone": "Europe/Berlin",
        "sentences": [
            "Die geplanten Wartungsarbeiten dauern etwa zwei Stunden.",
            "In dieser Zeit reagiert das Portal möglicherweise langsamer.",
            "Automatische Verlängerungen sind davon nicht betroffen.",
            "Vielen Dank für Ihre Geduld und Ihr Vertrauen.",
            "Bei Fragen erreichen Sie unseren Support rund um die Uhr.",
            "Die neuen Preise gelten ab dem Ersten des Monats.",
        ],
        "titles": ["Wartung des Portals", "Neue Preise für .de",
                   "Öffnungszeiten über die Feiertage",
                   "Rückblick auf die DNS-Störung"],
        "departments": ["Kundendienst", "Buchhaltung", "Rechtsabteilung"],
    },
    "fr": {
        "zone": "Europe/Paris",
        "sentences": [
            "La maintenance prévue durera environ deux heures.",
            "Pendant ce temps, le portail peut répondre plus lentement.",
            "Les renouvellements automatiques ne sont pas concernés.",
            "Merci de votre patience et de votre confiance.",
            "Pour toute question, écrivez à notre équipe d'assistance.",
            "Les nouveaux tarifs s'appliquent dès le premier du mois.",
        ],
        "titles": ["Maintenance du portail", "Nouveaux tarifs pour .fr",
                   "Horaires pendant les fêtes",
                   "Bilan de l'incident DNS"],
        "departments": ["Assistance", "Facturation", "Conformité"],
    },
    "ja": {
        "zone": "Asia/Tokyo",
        "sentences": [
            "定期メンテナンスは約二時間の予定です。",
            "この間、ポータルの応答が遅くなる場合があります。",
            "自動更新には影響はありません。",
            "ご理解とご協力をお願いいたします。",
            "ご不明な点はサポートまでお問い合わせください。",
            "新しい料金は来月一日から適用されます。",
        ],
        "titles": ["ポータルのメンテナンスについて", ".jp の新料金",
                   "年末年始の営業時間", "DNS 障害の報告"],
        "departments": ["サポート", "経理", "コンプライアンス"],
    },
    "nb": {
        "zone": "Europe/Oslo",
        "sentences": [
            "Det planlagte vedlikeholdet varer i omtrent to timer.",
            "I dette tidsrommet kan portalen svare tregere enn vanlig.",
            "Automatiske fornyelser påvirkes ikke.",
            "Takk for tålmodigheten og tilliten deres.",
            "Spørsmål kan sendes til kundestøtte på norsk.",
            "De nye prisene gjelder fra den første i måneden.",
        ],
        "titles": ["Vedlikehold av portalen", "Nye priser for .no",
                   "Åpningstider i påsken", "Oppsummering av DNS-feilen"],
        "departments": ["Kundestøtte", "Fakturering", "Etterlevelse"],
    },
}
# A post's language: English for most, the others by these weights.
LANG_WEIGHTS = [("en", 50), ("es", 4), ("de", 2), ("fr", 2), ("ja", 1),
                ("nb", 1)]

KINDS = ["maintenance", "release", "pricing", "incident", "holiday",
         "promotion"]

SITE_YAML = """\
title: Northwind Registry benchmark
base_url: https://news.example.com/
locale: en
timezone: UTC
per_page: 10
permalink: /:year/:month/:slug.html
feeds: { entries: 20, full_content: true }
"""

HUGO_YAML = """\
baseURL: https://news.example.com/
title: Northwind Registry benchmark
languageCode: en
timeZone: UTC
paginate: 10
permalinks:
  posts: /:year/:month/:slug.html
services:
  rss:
    limit: 20
taxonomies:
  tag: tags
outputs:
  home: [HTML, RSS]
  section: [HTML]
  taxonomy: [HTML]
  term: [HTML, RSS]
disableKinds: [sitemap, robotsTXT, 404]
"""

# Hugo layouts doing what heraldo's built-in theme does.
BASEOF = """\
<!DOCTYPE html>
<html lang="{{ with .Params.lang }}{{ . }}{{ else }}{{ site.LanguageCode }}{{ end }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} - {{ site.Title }}{{ end }}</title>
{{ range .AlternativeOutputFormats }}<link rel="alternate" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "posts/" | relURL }}">Archive</a> <a href="{{ "tags/" | relURL }}">Tags</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "Monday, January 2, 2006" }}</time>
{{ with .Params.author }}by {{ . }}{{ end }}
{{ if ne .Lastmod .Date }}<time datetime="{{ .Lastmod.Format "2006-01-02T15:04:05-07:00" }}">updated</time>{{ end }}</p>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article>
{{ end }}
"""

# The home page paginates site.RegularPages itself: every regular page is
# a post, and filtering them again on each pager page would make Hugo's
# build quadratic in the number of posts.
INDEX = """\
{{ define "main" }}
{{ $pager := .Paginate site.RegularPages }}
{{ range $pager.Pages }}
<article>
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "January 2, 2006" }}</time>
<div>{{ .Summary }}</div>
</article>
{{ end }}
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }}
{{ $pager.PageNumber }} / {{ $pager.TotalPages }}
{{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</nav>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ range .Pages.GroupByDate "2006-01-02" }}
<h2>{{ .Key }}</h2>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
{{ end }}
"""

TAXONOMY = """\
{{ define "main" }}
<h1>Tags</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"""

TERM = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><time>{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"""

SCAFFOLD = [
    (".gitignore", "public/\nresources/\n.hugo_build.lock\n"),
    ("hugo.yaml", HUGO_YAML),
    ("layouts/_default/baseof.html", BASEOF),
    ("layouts/_default/list.html", LIST),
    ("layouts/_default/single.html", SINGLE),
    ("layouts/_default/taxonomy.html", TAXONOMY),
    ("layouts/_default/term.html", TERM),
    ("layouts/index.html", INDEX),
    ("site.yaml", SITE_YAML),
]

EPOCH = dt.datetime(2014, 1, 6, 9, 0, tzinfo=dt.timezone.utc)
SPAN = 10 * 365 * 24 * 60    # minutes


class Writer:
    """One post's text, drawn from the shared random source."""

    def __init__(self, rnd):
        self.r = rnd

    def words(self, lo, hi):
        r = self.r
        out = []
        for w in r.choices(PROSE, k=r.randint(lo, hi)):
            x = r.random()
            if x < 0.02:
                w = "**%s**" % w
            elif x < 0.035:
                w = "`%s`" % r.choice(CODE)
            elif x < 0.045:
                w = "[%s](https://status.example.com/%d)" % (
                    w, r.randrange(5000))
            elif x < 0.05:
                w = "*%s*" % w
            out.append(w)
        return out

    def sentence(self):
        w = self.words(7, 24)
        w[0] = w[0][:1].upper() + w[0][1:]
        return " ".join(w) + self.r.choice(".....?!")

    def paragraph(self, lang):
        r = self.r
        if lang != "en" and r.random() < 0.7:
            s = r.choices(LANGS[lang]["sentences"], k=r.randint(2, 5))
            return ("" if lang == "ja" else " ").join(s)
        return " ".join(self.sentence() for _ in range(r.randint(2, 6)))

    def table(self):
        r = self.r
        cols = r.randint(2, 5)
        head = ["Plan", "Before", "After", "Region", "Change"][:cols]
        rows = ["| " + " | ".join(head) + " |",
                "|" + "|".join(r.choice(["---", ":--", "--:", ":-:"])
                               for _ in range(cols)) + "|"]
        for _ in range(r.randint(2, 9)):
            cells = [r.choice(["Starter", "Business", "Reseller", ".com",
                               ".net", ".mx", ".de", ".jp"])]
            cells += ["%d.%02d" % (r.randrange(200), r.randrange(100))
                      for _ in range(cols - 1)]
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows)

    def bullets(self):
        r = self.r
        ordered = r.random() < 0.4
        return "\n".join(("%d. " % (i + 1) if ordered else "- ") +
                         " ".join(self.words(4, 14))
                         for i in range(r.randint(2, 6)))

    def code(self):
        r = self.r
        return "```sh\n" + "\n".join(
            " ".join(r.choices(CODE, k=r.randint(2, 5)))
            for _ in range(r.randint(2, 6))) + "\n```"

    def hours(self, lang, local):
        """An ```hours block: departments closed on the coming days."""
        r = self.r
        names = LANGS[lang]["departments"] if lang != "en" else \
            ["Reseller Support", "Payments", "Compliance"]
        zone = LANGS[lang]["zone"] if lang != "en" else "America/Toronto"
        day = (local + dt.timedelta(days=r.randint(7, 20))).date()
        resume = day + dt.timedelta(days=r.randint(1, 3))
        out = ["```hours", "timezone: " + zone,
               "resume: %sT09:00" % resume.isoformat(), "departments:"]
        for name in names[:r.randint(1, len(names))]:
            out.append("  - name: %s" % name)
            if r.random() < 0.5:
                out.append("    closed: [%s]" % ", ".join(
                    (day + dt.timedelta(days=k)).isoformat()
                    for k in range((resume - day).days)))
            else:
                out.append("    closed:")
                out.append("      - { from: %sT17:00, until: %sT09:00 }"
                           % (day.isoformat(), resume.isoformat()))
            if r.random() < 0.4:
                out.append("    note: " + " ".join(
                    r.choices(PROSE, k=r.randint(5, 12))).capitalize())
        out.append("```")
        return "\n".join(out)

    def body(self, kind, lang, local):
        """Markdown of 300 to 1,500 words or so."""
        r = self.r
        target = r.randint(300, 1500)
        blocks = [self.paragraph(lang)]
        if kind == "holiday":
            blocks.append(self.hours(lang, local))
        table = r.random() < 0.2
        size = len(blocks[0].split())
        while size < target:
            x = r.random()
            if table and size > target / 2:
                b, table = self.table(), False
            elif x < 0.12:
                b = "## " + " ".join(self.words(2, 6)).capitalize()
            elif x < 0.24:
                b = self.bullets()
            elif x < 0.28:
                b = "> " + self.paragraph(lang)
            elif x < 0.31:
                b = self.code()
            else:
                b = self.paragraph(lang)
            blocks.append(b)
            size += len(b.split()) if lang != "ja" else len(b) // 4
        if table:
            blocks.append(self.table())
        return "\n\n".join(blocks) + "\n"


def slug_of(title):
    out, dash = [], False
    for c in title.lower():
        if c.isascii() and c.isalnum():
            out.append(c)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:60].strip("-") or "post"


def offset_text(minutes, colon):
    sign = "-" if minutes < 0 else "+"
    h, m = divmod(abs(minutes), 60)
    return "%s%02d%s%02d" % (sign, h, ":" if colon else "", m)


def quoted(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def make_posts(n, seed):
    """The posts, oldest first: dicts of path, text, time, offset, author."""
    r = random.Random(seed)
    w = Writer(r)
    times = sorted(r.randrange(SPAN) for _ in range(n))
    slugs = set()
    posts = []
    for i, minute in enumerate(times):
        utc = EPOCH + dt.timedelta(minutes=minute)
        off = r.choices([o for o, _ in OFFSETS],
                        [k for _, k in OFFSETS])[0]
        local = utc.astimezone(dt.timezone(dt.timedelta(minutes=off)))
        lang = r.choices([l for l, _ in LANG_WEIGHTS],
                         [k for _, k in LANG_WEIGHTS])[0]
        kind = r.choice(KINDS)
        if lang != "en":
            title = r.choice(LANGS[lang]["titles"])
            if r.random() < 0.5:
                title += " " + str(utc.year)
        else:
            title = "%s: %s" % (kind.capitalize(),
                                " ".join(w.words(3, 8)).replace("*", "")
                                .replace("`", "").split("](")[0]
                                .lstrip("[").capitalize())
            if r.random() < 0.05:
                title += ' & "%s"' % r.choice(PROSE)
        slug = base = slug_of(title)
        k = 2
        while slug in slugs:
            slug = "%s-%d" % (base, k)
            k += 1
        slugs.add(slug)
        tags = [kind if kind in TAGS else "releases"] if r.random() < 0.5 \
            else []
        while len(tags) < r.randint(1, 3):
            t = r.choice(TAGS)
            if t not in tags:
                tags.append(t)
        author = AUTHORS[r.randrange(len(AUTHORS))]
        fm = ["---", "title: " + quoted(title),
              "date: " + local.strftime("%Y-%m-%dT%H:%M:%S") +
              offset_text(off, True),
              "author: " + author[0]]
        if lang != "en":
            fm.append("lang: " + lang)
            if r.random() < 0.5:
                fm.append("timezone: " + LANGS[lang]["zone"])
        if r.random() < 0.5:
            fm.append("tags: [%s]" % ", ".join(tags))
        else:
            fm += ["tags:"] + ["  - " + t for t in tags]
        if r.random() < 0.01:
            fm.append("draft: true")
        fm.append("---")
        text = "\n".join(fm) + "\n\n" + w.body(kind, lang, local)
        posts.append({
            "path": "content/posts/%04d/%02d/%s.md" % (utc.year, utc.month,
                                                        slug),
            "text": text, "time": int(utc.timestamp()), "off": off,
            "author": author, "lang": lang, "kind": kind,
        })
    return posts, r


def blob(data):
    return b"data %d\n%s\n" % (len(data), data)


def commit(stream, who, committer, when, off, message, files):
    tz = offset_text(off, False).encode()
    stream.append(b"commit refs/heads/main\n")
    stream.append(b"author %s <%s> %d %s\n" % (who[0].encode(),
                                               who[1].encode(), when, tz))
    stream.append(b"committer %s <%s> %d %s\n" % (
        committer[0].encode(), committer[1].encode(), when, tz))
    stream.append(blob(message.encode()))
    for path, text in files:
        stream.append(b"M 100644 inline %s\n" % path.encode())
        stream.append(blob(text.encode()))


def history(posts, r, per_commit):
    """The fast-import stream: the scaffold, the posts, the corrections."""
    stream = []
    editor = AUTHORS[0]
    start = int(EPOCH.timestamp()) - 86400
    commit(stream, editor, editor, start, 0, "Start the announcement site",
           SCAFFOLD)
    for at in range(0, len(posts), per_commit):
        batch = posts[at:at + per_commit]
        newest = batch[-1]
        commit(stream, newest["author"], editor, newest["time"],
               newest["off"], "Publish %d announcements" % len(batch),
               [(p["path"], p["text"]) for p in batch])
    # Corrections, in date order after the last post: one post each.
    last = posts[-1]["time"] if posts else start
    fixes = sorted(r.sample(range(len(posts)), len(posts) // 20))
    for k, i in enumerate(fixes):
        p = posts[i]
        p["text"] += "\n*Corrected: %s.*\n" % " ".join(
            Writer(r).words(4, 10)).replace("*", "")
        who = AUTHORS[(i + 1) % len(AUTHORS)]
        commit(stream, who, editor, last + 3600 * (k + 1), p["off"],
               "Correct %s" % p["path"], [(p["path"], p["text"])])
    stream.append(b"done\n")
    return b"".join(stream)


def main():
    ap = argparse.ArgumentParser(
        description="Write the benchmark's site as a git repository.")
    ap.add_argument("outdir")
    ap.add_argument("--posts", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-commit", type=int, default=50)
    a = ap.parse_args()
    if a.posts < 1 or a.per_commit < 1:
        ap.error("--posts and --per-commit must be at least 1")
    os.makedirs(a.outdir, exist_ok=True)
    if os.listdir(a.outdir):
        sys.exit("gen_corpus: %s is not empty" % a.outdir)
    posts, r = make_posts(a.posts, a.seed)
    stream = history(posts, r, a.per_commit)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)

    def git(*args, data=None):
        subprocess.run(["git", "-C", a.outdir] + list(args), input=data,
                       env=env, check=True)
    git("init", "-q", "-b", "main")
    git("fast-import", "--quiet", "--done", data=stream)
    git("checkout", "-q", "-f", "main")
    # The bench commits its edits here: an identity of the repository's
    # own, whatever the machine's git knows.
    git("config", "user.name", AUTHORS[0][0])
    git("config", "user.email", AUTHORS[0][1])
    counts = {}
    for p in posts:
        counts[p["lang"]] = counts.get(p["lang"], 0) + 1
    print("gen_corpus: %d posts (%s), %d holiday posts with hours, seed %d"
          % (len(posts), ", ".join("%s %d" % kv for kv in
                                   sorted(counts.items())),
             sum(p["kind"] == "holiday" for p in posts), a.seed))


if __name__ == "__main__":
    main()
