#!/bin/sh
# The cron recipe printed in README.md, run under a faked clock: a post
# dated after its commit is left out before its time and published by
# the first run after it, with no --now.  Also SOURCE_DATE_EPOCH, which
# names "now" when --now is not given, and a build that publishes nothing.
set -u
HERALDO=${HERALDO:?set HERALDO to the binary}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d /tmp/heraldo-cron-XXXXXX)
pass=0
fail=0

export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP GIT_AUTHOR_NAME="Ana Author" \
    GIT_AUTHOR_EMAIL=ana@example.com GIT_COMMITTER_NAME="Ana Author" \
    GIT_COMMITTER_EMAIL=ana@example.com \
    GIT_AUTHOR_DATE="2026-12-07T20:00:00Z" \
    GIT_COMMITTER_DATE="2026-12-07T20:00:00Z" TZ=UTC LC_ALL=C
export PATH="$(dirname "$HERALDO"):$PATH"
unset SOURCE_DATE_EPOCH
# Only the clock is faked, not the times stat reports: the build cache
# compares those with what it saw last time.
export NO_FAKE_STAT=1
# faketime preloads its library: an ASan build must let it come first.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

check() {	# NAME COMMAND...
	name=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		echo "FAIL cron: $name"
		fail=$((fail + 1))
	fi
}

same() {	# NAME EXPECTED FILE
	if [ "$2" = "$(cat "$3")" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL cron: $1"
		echo "  expected: $2"
		echo "  got:      $(cat "$3")"
		fail=$((fail + 1))
	fi
}

if ! command -v faketime >/dev/null 2>&1; then
	echo "cron: skipped (no faketime; apt-get install faketime)"
	exit 0
fi

# The command of the README's crontab line, its paths made the test's.
awk '/^### Publishing scheduled posts from cron/ { on = 1 }
    on && /^```crontab$/ { body = 1; next }
    body && /^```$/ { exit }
    body && !/^#/ { $1 = $2 = $3 = $4 = $5 = ""; print }' \
    "$ROOT/README.md" | sed -e "s|/srv/git/news.git|$TMP/site.git|g" \
    -e "s|/srv/www/news|$TMP/www|g" > "$TMP/cron.sh"
check "found in README.md" grep -q 'heraldo build' "$TMP/cron.sh"

mkdir -p "$TMP/work/content/posts" "$TMP/work/layouts"
cd "$TMP/work" || exit 1
cp "$HERE/tag-ref/site/site.yaml" site.yaml
cp -R "$HERE/tag-ref/site/layouts/." layouts/
printf -- '---\ntitle: Tonight\ndate: 2026-12-07T22:00:00Z\n---\nLater.\n' \
    > content/posts/tonight.md
git init -q -b main . && git add -A && git commit -q -m "Scheduled post"
git clone -q --bare . "$TMP/site.git"

# 21:00: not yet.  Cron's run says nothing; a build by hand says why.
TZ=UTC faketime '2026-12-07 21:00:00' sh "$TMP/cron.sh" 2>"$TMP/err1"
check "before its time: built" test -f "$TMP/www/index.html"
check "before its time: left out" sh -c "! grep -q Tonight '$TMP/www/index.html'"
same "before its time: cron hears nothing" "" "$TMP/err1"
TZ=UTC faketime '2026-12-07 21:00:00' heraldo build --site "$TMP/site.git" \
    --ref main --out "$TMP/www" >"$TMP/out2" 2>"$TMP/err2"
same "next change is ahead" "next change: 2026-12-07T22:00:00Z \
(content/posts/tonight.md is published)" "$TMP/out2"
grep -v '^built ' "$TMP/err2" > "$TMP/err2w"
same "nothing published: the warning" "heraldo: warning: no post is \
published: 1 scheduled post left out (next change says when the first \
scheduled one is; --future shows them)" "$TMP/err2w"
check "the summary counts it" grep -q '^built 0 posts and 0 pages into .*; 1 scheduled post left out$' "$TMP/err2"

# 22:37: the first cron run after its time publishes it, in silence.
TZ=UTC faketime '2026-12-07 22:37:00' sh "$TMP/cron.sh" 2>"$TMP/err3"
check "after its time: published" grep -q Tonight "$TMP/www/index.html"
same "after its time: nothing said" "" "$TMP/err3"

# SOURCE_DATE_EPOCH names "now" when --now does not; --now wins.
SOURCE_DATE_EPOCH=1796670000 heraldo build --quiet --site "$TMP/site.git" \
    --out "$TMP/sde" >/dev/null 2>&1	# 2026-12-07T19:00:00Z
check "SOURCE_DATE_EPOCH before: left out" sh -c "! grep -q Tonight '$TMP/sde/index.html'"
SOURCE_DATE_EPOCH=1796670000 heraldo build --quiet --site "$TMP/site.git" \
    --out "$TMP/sde" --now 2026-12-08T00:00:00Z >/dev/null 2>&1
check "--now over SOURCE_DATE_EPOCH" grep -q Tonight "$TMP/sde/index.html"
SOURCE_DATE_EPOCH=yesterday heraldo build --quiet --site "$TMP/site.git" \
    --out "$TMP/sde" 2>"$TMP/err4"
check "bad SOURCE_DATE_EPOCH: status 1" test $? = 1
same "bad SOURCE_DATE_EPOCH: the error" "heraldo: error: \
SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 (like \
1356998400), got \"yesterday\"
1 error; nothing was written" "$TMP/err4"

cd /
if [ "$fail" = 0 ]; then
	rm -rf "$TMP"
else
	echo "  (kept $TMP)"
fi
echo "cron: $pass passed, $fail failed"
[ "$fail" = 0 ]
