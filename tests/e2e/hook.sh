#!/bin/sh
# The post-receive hook printed in README.md, run for real: pushes to a
# bare repository publish the site; a push with content errors leaves the
# published site as it was.
set -u
HERALDO=${HERALDO:?set HERALDO to the binary}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d /tmp/heraldo-hook-XXXXXX)
pass=0
fail=0

export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP GIT_AUTHOR_NAME="Ana Author" \
    GIT_AUTHOR_EMAIL=ana@example.com GIT_COMMITTER_NAME="Ana Author" \
    GIT_COMMITTER_EMAIL=ana@example.com
export PATH="$(dirname "$HERALDO"):$PATH" HERALDO_DEST=$TMP/www

check() {	# NAME COMMAND...
	name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		echo "FAIL hook: $name"
		fail=$((fail + 1))
	fi
}

# The hook is the README's, byte for byte: the sh block after its heading.
awk '/^### A git post-receive hook/ { on = 1 }
    on && /^```sh$/ { body = 1; next }
    body && /^```$/ { exit }
    body { print }' "$ROOT/README.md" > "$TMP/post-receive"
check "found in README.md" grep -q 'heraldo build' "$TMP/post-receive"

git init -q --bare "$TMP/site.git"
cp "$TMP/post-receive" "$TMP/site.git/hooks/post-receive"
chmod +x "$TMP/site.git/hooks/post-receive"
cp -R "$HERE/tag-ref/site" "$TMP/work"
cd "$TMP/work" || exit 1
git init -q -b main . && git add -A && git commit -q -m "First post"
git remote add origin "$TMP/site.git"

git push -q origin main 2>"$TMP/push1.log"
check "first push publishes" grep -q 'First' "$TMP/www/index.html"
check "report written" grep -q '"ok": true' "$TMP/www.report.json"

printf -- '---\ntitle: Second\ndate: 2013-01-02T10:00:00Z\n---\nMore.\n' \
    > content/posts/second.md
git add -A && git commit -q -m "Second post"
git push -q origin main 2>"$TMP/push2.log"
check "second push publishes" grep -q 'Second' "$TMP/www/index.html"

printf -- '---\ntitle: Broken\ndate: 2013-13-40\n---\nBad.\n' \
    > content/posts/broken.md
git add -A && git commit -q -m "Broken post"
git push -q origin main 2>"$TMP/push3.log"
check "bad push reports the error" grep -q \
    'content/posts/broken.md:3:7: error: date' "$TMP/push3.log"
check "bad push keeps the published site" grep -q 'Second' \
    "$TMP/www/index.html"
check "bad push leaves no staging folder" test -z \
    "$(ls -A "$TMP" | grep heraldo- | grep -v heraldo-cache)"

# The pre-receive hook of README.md refuses a push whose content has
# errors: main stays where it was, and the pusher reads why.
awk '/^### A git pre-receive hook/ { on = 1 }
    on && /^```sh$/ { body = 1; next }
    body && /^```$/ { exit }
    body { print }' "$ROOT/README.md" > "$TMP/pre-receive"
check "pre-receive found in README.md" grep -q 'heraldo build' \
    "$TMP/pre-receive"
cp "$TMP/pre-receive" "$TMP/site.git/hooks/pre-receive"
chmod +x "$TMP/site.git/hooks/pre-receive"
before=$(git -C "$TMP/site.git" rev-parse main)
printf -- '---\ntitle: Also broken\ndate: 2013-02-30\n---\nBad.\n' \
    > content/posts/broken2.md
git add -A && git commit -q -m "Another broken post"
git push -q origin main 2>"$TMP/push4.log"
check "pre-receive: the push is refused" test $? != 0
check "pre-receive: main stays" test "$(git -C "$TMP/site.git" rev-parse main)" = "$before"
check "pre-receive: the pusher reads the error" grep -q \
    '^remote: content/posts/broken2.md:3:7: error: date' "$TMP/push4.log"
check "pre-receive: and what to do" grep -q \
    '^remote: push to main refused: fix the errors above' "$TMP/push4.log"
check "pre-receive: nothing left behind" test -z \
    "$(ls "$TMP/site.git/objects" | grep incoming)"
git rm -q content/posts/broken.md content/posts/broken2.md
git commit -q -m "Fix the posts"
git push -q origin main 2>"$TMP/push5.log"
check "pre-receive: a good push is accepted" test $? = 0
check "pre-receive: and published" grep -q 'Second' "$TMP/www/index.html"
check "pre-receive: main moved" test "$(git -C "$TMP/site.git" rev-parse main)" = "$(git rev-parse HEAD)"

cd /
if [ "$fail" = 0 ]; then
	rm -rf "$TMP"
else
	echo "  (kept $TMP)"
fi
echo "hook: $pass passed, $fail failed"
[ "$fail" = 0 ]
