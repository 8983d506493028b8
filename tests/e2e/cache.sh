#!/bin/sh
# The build cache gives the output a build without one gives: the
# example site, changed commit by commit, is built with the cache into
# one folder and without it into a fresh one each time, and the trees
# must be equal.  Also: a build with nothing changed writes nothing and
# leaves mtimes alone; a damaged state, a spare tree left half-updated
# by a killed build, and a changed option each still give the right tree.
set -u
HERALDO=${HERALDO:?set HERALDO to the binary}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d /tmp/heraldo-cache-XXXXXX)
pass=0
fail=0

export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP GIT_AUTHOR_NAME="Ana Author" \
    GIT_AUTHOR_EMAIL=ana@example.com GIT_COMMITTER_NAME="Ana Author" \
    GIT_COMMITTER_EMAIL=ana@example.com

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL cache: $*"; fail=$((fail + 1)); }

mkdir "$TMP/site" "$TMP/out"
cp -R "$ROOT/content" "$ROOT/layouts" "$ROOT/static" "$ROOT/i18n" \
    "$ROOT/site.yaml" "$TMP/site/"
cd "$TMP/site" || exit 1
git init -q && git add -A && git commit -qm "site" || exit 1
n=0

# same NAME [BUILD OPTIONS]: build with the cache and without, compare.
same() {
	name=$1
	shift
	n=$((n + 1))
	if ! "$HERALDO" build --quiet "$@" --out "$TMP/out/public" \
	    2> "$TMP/err"; then
		bad "$name: cached build failed: $(cat "$TMP/err")"
		return
	fi
	mkdir "$TMP/ref-$n"
	"$HERALDO" build --quiet --no-cache "$@" --out "$TMP/ref-$n/public" \
	    2>/dev/null
	if diff -r "$TMP/out/public" "$TMP/ref-$n/public" > "$TMP/diff"; then
		ok
	else
		bad "$name: output differs from a build without the cache"
		head -20 "$TMP/diff"
	fi
	if [ -e "$TMP/ref-$n/.public.heraldo-cache" ]; then
		bad "$name: --no-cache made a cache"
	fi
}

commit() { git add -A && git commit -qm "$1"; }

same "cold build"
[ -f "$TMP/out/.public.heraldo-cache/state" ] && ok ||
    bad "no state beside the output"
[ -e "$TMP/out/public/.public.heraldo-cache" ] && bad "cache inside output"

# (A file touched by hand counts as edited: its time is only read.)
kept=$(stat -c '%y %i' "$TMP/out/public/404.html")
same "nothing changed"
out=$("$HERALDO" build --out "$TMP/out/public" 2>&1)
case $out in
*" 0 files written"*) ok ;;
*) bad "a build with nothing changed wrote files: $out" ;;
esac
[ "$(stat -c '%y %i' "$TMP/out/public/404.html")" = "$kept" ] && ok ||
    bad "an unchanged file was rewritten (mtime moved)"

post=$(ls content/posts/2012/12/*.md | head -1)
printf '\nOne more paragraph, with **bold** text.\n' >> "$post"
commit "edit a body"
same "body edited"
[ "$(stat -c '%y %i' "$TMP/out/public/404.html")" = "$kept" ] && ok ||
    bad "an edit rewrote a file it does not change"

printf '\nA typo fixed.\n' >> "$post"
git add -A && GIT_AUTHOR_NAME="Bo Other" GIT_AUTHOR_EMAIL=bo@example.com \
    git commit -qm "Fix a typo" -m "Heraldo-Minor: true"
same "minor edit by another author"

sed -i 's/^title: .*/title: "A new title for an old post"/' "$post"
commit "edit a title"
same "title edited (neighbours and lists change)"

mkdir -p content/posts/2013/05
cat > content/posts/2013/05/brand-new.md <<'EOT'
---
title: Brand new announcement
date: 2013-05-02 09:30
tags: [Launches, Brand new tag]
---
A new post, with a new tag.
EOT
commit "add a post"
same "post added"

git rm -q "$(ls content/posts/2013/*/*.md | head -1)"
commit "remove a post"
same "post removed"

git mv content/posts/2013/05/brand-new.md content/posts/2013/05/renamed.md
commit "rename a post"
same "post renamed"

sed -i 's/<h1 class="p-name post-title">/<h1 class="p-name post-title changed">/' \
    layouts/post.mustache
commit "change a layout"
same "layout changed"

sed -i 's/^title: .*/title: Reseller News, renamed/' site.yaml
commit "change site.yaml"
same "site.yaml changed"

sed -i 's/^older_posts: .*/older_posts: "Entradas más antiguas"/' i18n/es.yaml
commit "change a catalog"
same "catalog changed"

printf '/* changed */\n' >> static/heraldo.css
commit "change a static file"
same "static file changed"

# A list that shows summaries keeps its pages when a body changes under
# them, unless its layout reads what a body edit changes: the updated
# date, the reading time, the content.
old=$(ls content/posts/2012/*/*.md | tail -1)
printf '\nMore words under the summary.\n' >> "$old"
commit "edit under a summary"
same "body edited under summaries"
sed -i 's|{{summary}}</p>|{{summary}} ({{reading_time}} min, updated {{updated.iso}})</p>|' \
    layouts/partials/summary.mustache
commit "summaries show the updated date"
same "summaries read the updated date"
printf '\nStill more words.\n' >> "$old"
commit "edit under a summary that shows the updated date"
same "body edited under summaries that show its updated date"
sed -i 's|{{>partials/summary}}|{{>partials/entry}}|' \
    layouts/partials/days.mustache
commit "lists show whole posts"
same "lists show whole posts"
printf '\nAnd words for whole lists.\n' >> "$old"
commit "edit a post that lists show whole"
same "body edited under lists that show it whole"

# Page bundles: the files beside a post's index.md are output files too.
b=content/posts/2013/2013-01-15-bundle
mkdir -p "$b"
printf -- '---\ntitle: A bundle\n---\n![Photo](photo.png) and [the plan](plan.pdf).\n' \
    > "$b/index.md"
printf 'photo one\n' > "$b/photo.png"
commit "add a bundle"
same "bundle added"
grep -q 'src="/2013/01/bundle/photo.png"' "$TMP/out/public/2013/01/bundle.html" ||
    bad "bundle: the image is not linked where the photo was copied"
printf 'photo two\n' > "$b/photo.png"
commit "change a bundle's photo"
same "bundle photo changed"
grep -q 'photo two' "$TMP/out/public/2013/01/bundle/photo.png" ||
    bad "bundle: a changed photo was not written again"
printf 'plan\n' > "$b/plan.pdf"
commit "add the file a bundle links to"
same "bundle file added"
grep -q 'href="/2013/01/bundle/plan.pdf"' "$TMP/out/public/2013/01/bundle.html" ||
    bad "bundle: a file added beside an unchanged index.md is not linked"
mkdir -p static/2013/01/bundle
printf 'clash\n' > static/2013/01/bundle/photo.png
commit "a static file where a bundle's photo goes"
if "$HERALDO" build --quiet --out "$TMP/out/public" 2> "$TMP/err"; then
	bad "bundle: a static file in a bundle's place was not an error"
elif ! grep -q "$b/photo.png: error: writes /2013/01/bundle/photo.png, as static/2013/01/bundle/photo.png does\|static/2013/01/bundle/photo.png: error: writes /2013/01/bundle/photo.png, as $b/photo.png does" "$TMP/err"; then
	bad "bundle: the clash does not name both files: $(cat "$TMP/err")"
else
	ok
fi
grep -q 'photo two' "$TMP/out/public/2013/01/bundle/photo.png" ||
    bad "bundle: a failed build changed the output"
git rm -rq static/2013
commit "the clash removed"
same "bundle clash removed"

# A path that was a file in the spare tree is a folder now, and back;
# then a folder where heraldo writes a file, an error naming the alias.
mkdir -p content/posts/2013/02
printf -- '---\ntitle: Moved\ndate: 2013-02-01 09:00\naliases:\n  - /old/moved.html\n---\nMoved.\n' \
    > content/posts/2013/02/moved.md
commit "an alias as a file"
same "alias as a file"
same "alias as a file, again"
sed -i 's#/old/moved.html#/old/moved.html/#' content/posts/2013/02/moved.md
commit "the alias as a folder"
same "a file became a folder"
same "a file became a folder, again"
sed -i 's#/old/moved.html/#/old/moved.html#' content/posts/2013/02/moved.md
commit "the alias as a file again"
same "a folder became a file"
same "a folder became a file, again"
sed -i 's#/old/moved.html#/feeds/atom.xml/#' content/posts/2013/02/moved.md
commit "an alias where heraldo writes a file"
mkdir "$TMP/nocache"
for c in out nocache; do
	# shellcheck disable=SC2086
	"$HERALDO" build --quiet $([ $c = out ] || echo --no-cache) \
	    --out "$TMP/$c/public" 2> "$TMP/err"
	if [ "$(cat "$TMP/err")" != "content/posts/2013/02/moved.md:5: error: writes /feeds/atom.xml/index.html, in a folder /feeds/atom.xml/, where heraldo writes a file of its own; give it another path
1 error; nothing was written" ]; then
		bad "a folder where heraldo writes a file ($c): $(cat "$TMP/err")"
	else
		ok
	fi
done
[ -f "$TMP/out/public/old/moved.html" ] && ok ||
    bad "a failed build changed the output"
git rm -q content/posts/2013/02/moved.md
commit "the alias removed"
same "alias removed"

same "drafts shown" --drafts
same "drafts hidden again"

printf 'garbage' > "$TMP/out/.public.heraldo-cache/state"
same "damaged state"

printf '\nAnd one more.\n' >> "$post"
commit "edit again"
mv "$TMP/out/.public.heraldo-cache/tree" \
    "$TMP/out/.public.heraldo-cache/tree-busy"
echo stray > "$TMP/out/.public.heraldo-cache/tree-busy/stray.html"
same "spare tree left by a killed build"
printf '\nAnd another.\n' >> "$post"
commit "edit once more"
same "after the killed build"

printf '\nYet another.\n' >> "$post"
commit "edit after files were removed by hand"
rm -f "$TMP/out/public/404.html" "$TMP/out/public/feeds/atom.xml"
same "files removed from the output by hand"
rm -f "$TMP/out/public/404.html"
same "a file removed by hand, nothing committed"

rm -rf "$TMP/out/public"
same "output removed by hand"

echo "cache: $pass passed, $fail failed"
cd /
rm -rf "$TMP"
[ "$fail" -eq 0 ]
