#!/bin/sh
# The first hour: `heraldo init` makes a site that builds and serves at
# once; init refuses to overwrite a site; `new` outside a site, `build`
# outside a repository or before the first commit say what to do; `theme
# export` copies the built-in theme, and a layout edit changes the page.
set -u
HERALDO=${HERALDO:?set HERALDO to the binary}
TMP=$(mktemp -d /tmp/heraldo-init-XXXXXX)
pass=0
fail=0

export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP GIT_AUTHOR_NAME="Ana Author" \
    GIT_AUTHOR_EMAIL=ana@example.com GIT_COMMITTER_NAME="Ana Author" \
    GIT_COMMITTER_EMAIL=ana@example.com TZ=UTC LANG=C LC_ALL=C
unset SOURCE_DATE_EPOCH

check() {	# NAME COMMAND...
	name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		echo "FAIL init: $name"
		fail=$((fail + 1))
	fi
}

same() {	# NAME EXPECTED FILE
	if [ "$2" = "$(cat "$3")" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL init: $1"
		echo "  expected: $2"
		echo "  got:      $(cat "$3")"
		fail=$((fail + 1))
	fi
}

cd "$TMP" || exit 1
MONTH=$(date -u +%Y/%m)

# heraldo init news && cd news && heraldo build
"$HERALDO" init news >out1 2>err1
check "init: status" test $? = 0
same "init: what it says" "made a new site in news:
  news/site.yaml
  news/.gitignore
  news/content/posts/$MONTH/welcome.md
and committed it in a new git repository (branch main).
Next: cd news, edit site.yaml (base_url: the site's address), then heraldo build, or heraldo serve to preview it." out1
same "init: nothing on stderr" "" err1
check "init: one commit" test "$(git -C news rev-list --count HEAD)" = 1
check "init: on main" test "$(git -C news symbolic-ref --short HEAD)" = main
check "init: a clean work tree" test -z "$(git -C news status --porcelain)"
check "init: site.yaml is commented" grep -q '^# The address the site' news/site.yaml
check "init: zone and locale" grep -q '^timezone: UTC$' news/site.yaml
(cd news && "$HERALDO" build) >out2 2>err2
check "build after init: status" test $? = 0
check "build after init: the post" grep -q 'Welcome to the new site' news/public/index.html
check "build after init: its table" grep -q '<table' "news/public/$MONTH/welcome.html"
check "build after init: its hours" grep -q 'hours-table' "news/public/$MONTH/welcome.html"
check "build after init: the hours page" test -f news/public/hours/index.html
# The second build: its own output and cache are not the user's changes.
(cd news && "$HERALDO" build) >out3 2>err3
grep -v '^built ' err3 > err3.tail
same "second build: no uncommitted note" "" err3.tail

# serve answers right after init.
PORT=$((20000 + $$ % 20000))
(cd news && exec "$HERALDO" serve --port "$PORT") >serve.log 2>&1 &
SERVE=$!
ok=1
# Up to 30 s: a loaded machine (the sanitizer run) starts slowly.
i=0
while [ "$i" -lt 60 ]; do
	i=$((i + 1))
	if /usr/bin/python3 -c 'import sys, urllib.request
sys.exit(0 if b"Welcome" in urllib.request.urlopen(
    "http://127.0.0.1:%s/" % sys.argv[1], timeout=2).read() else 1)' \
	    "$PORT" 2>/dev/null; then
		ok=0
		break
	fi
	sleep 0.5
done
kill "$SERVE" 2>/dev/null
wait "$SERVE" 2>/dev/null
check "serve after init" test "$ok" = 0
[ "$ok" = 0 ] || cat serve.log

# init never overwrites a site.
"$HERALDO" init news >out4 2>err4
check "init again: status 1" test $? = 1
same "init again: the error" "news/site.yaml: error: already exists: this \
folder holds a site (heraldo build builds it); not overwritten" err4

# init inside a repository writes the files and leaves them to commit.
mkdir outer && git -C outer init -q -b main .
"$HERALDO" init outer/blog >out5 2>err5
check "init in a repository: status" test $? = 0
check "init in a repository: no commit" sh -c '! git -C outer rev-parse -q --verify HEAD >/dev/null'
check "init in a repository: says so" grep -q "^outer/blog is in the git repository at $TMP/outer/: commit these files there" out5

# new outside a site; build outside a repository and before a commit.
mkdir empty
(cd empty && "$HERALDO" new "Hello") >out6 2>err6
check "new outside a site: status 1" test $? = 1
same "new outside a site: the error" "site.yaml: error: not found in the \
site folder .: heraldo init makes a new site there (or --site names the \
folder of one)" err6
cp news/site.yaml empty/
(cd empty && "$HERALDO" build) >out7 2>err7
check "build outside a repository: status 1" test $? = 1
same "build outside a repository: the error" "heraldo: error: site folder \
\".\": not in a git repository; heraldo builds what is committed (git init \
&& git add -A && git commit -m \"First\"; heraldo init makes a new site \
with its repository)
1 error; nothing was written" err7
git -C empty init -q -b main .
(cd empty && "$HERALDO" build) >out8 2>err8
check "build before the first commit: status 1" test $? = 1
same "build before the first commit: the error" "heraldo: error: ref \
\"HEAD\": $TMP/empty has no commits yet; heraldo builds what is committed \
(git add -A && git commit -m \"First\"), or the files on disk with \
--worktree
1 error; nothing was written" err8

# theme export, then a layout edit changes the page.
(cd news && "$HERALDO" theme export) >out9 2>err9
check "theme export: status" test $? = 0
check "theme export: the post layout" grep -q '^  layouts/post.mustache$' out9
check "theme export: the stylesheet" grep -q '^  static/heraldo.css$' out9
check "theme export: what the site uses now" grep -q '^The site now uses these files instead of the built-in theme' out9
(cd news && "$HERALDO" theme export) >out10 2>err10
check "theme export again: keeps the site's files" grep -q '^kept as they were' out10
(cd news && sed -i 's|{{title}}</h1>|{{title}} (ours)</h1>|' layouts/post.mustache &&
    git add -A && git commit -q -m "Our theme" && "$HERALDO" build) >out11 2>err11
check "edited layout: used" grep -q 'Welcome to the new site (ours)' "news/public/$MONTH/welcome.html"
check "exported stylesheet: published" test -f news/public/heraldo.css

cd /
if [ "$fail" = 0 ]; then
	rm -rf "$TMP"
else
	echo "  (kept $TMP)"
fi
echo "init: $pass passed, $fail failed"
[ "$fail" = 0 ]
