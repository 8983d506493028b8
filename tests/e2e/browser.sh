#!/bin/sh
# Browser test of `heraldo serve` (not a golden case): serves a small site
# from a fresh git repository on a free loopback port, opens a post in
# headless Chromium driven through the DevTools protocol
# (browser_cdp.py), edits the post on disk and expects the open page to
# change by itself; breaks it and expects the error over the last good
# page; fetches a feed and the 404 page; then stops the server with
# SIGINT and expects exit status 0 and its private folder gone.
# Without Chromium it says so and passes (Chromium is not in "make deps").  Ends with
# "browser: N passed, N failed".
set -u
HERALDO=${HERALDO:?set HERALDO to the binary}
PYTHON=${PYTHON:-python3}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}

if [ -z "$CHROMIUM" ]; then
	echo "browser: skipped: chromium not installed"
	exit 0
fi
HERE=$(cd "$(dirname "$0")" && pwd)

export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME="Ana Author" \
    GIT_AUTHOR_EMAIL=ana@example.com GIT_COMMITTER_NAME="Ana Author" \
    GIT_COMMITTER_EMAIL=ana@example.com \
    GIT_AUTHOR_DATE="2012-12-19T12:56:00-08:00" \
    GIT_COMMITTER_DATE="2012-12-19T12:56:00-08:00" \
    TZ=Pacific/Kiritimati LANG=C LC_ALL=C

TMP=$(mktemp -d /tmp/heraldo-browser-XXXXXX)
SITE=$TMP/site
# The server's private folder goes here, so the test can see it removed.
SERVE_TMP=$TMP/serve-tmp
HOME=$TMP
export HOME
mkdir -p "$SERVE_TMP" "$SITE/content/posts/2012/12" "$SITE/layouts"
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

cat >"$SITE/site.yaml" <<'EOF'
title: Reseller News
base_url: https://news.example.com/
locale: en
timezone: America/Los_Angeles
EOF
cat >"$SITE/content/posts/2012/12/holiday-hours.md" <<'EOF'
---
title: Holiday hours
date: 2012-12-19 12:56
---
The office closes on **December 24**.
EOF
cat >"$SITE/layouts/404.mustache" <<'EOF'
<!DOCTYPE html>
<html><head><title>Not here</title></head>
<body><p id="missing">No such page.</p></body></html>
EOF
(cd "$SITE" && git init -q -b main . && git add -A &&
    git commit -q -m "Holiday hours") || { echo "browser: git failed"; exit 1; }

port=$($PYTHON -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
: >"$TMP/serve.log"
TMPDIR=$SERVE_TMP "$HERALDO" serve --site "$SITE" --port "$port" >"$TMP/serve.log" 2>&1 &
server=$!
url=http://127.0.0.1:$port/
tries=0
until grep -q '^heraldo: serving ' "$TMP/serve.log"; do
	tries=$((tries + 1))
	if [ $tries -gt 200 ] || ! kill -0 "$server" 2>/dev/null; then
		echo "browser: the server did not start:"
		cat "$TMP/serve.log"
		echo "browser: 0 passed, 1 failed"
		exit 1
	fi
	sleep 0.05
done

$PYTHON "$HERE/browser_cdp.py" "$CHROMIUM" "$url" "$SITE" \
    "$TMP/profile" >"$TMP/results"
cat "$TMP/results"
pass=$(grep -c '^PASS ' "$TMP/results")
fail=$(grep -c '^FAIL ' "$TMP/results")

kill -INT "$server"
wait "$server"
status=$?
server=
if [ "$status" = 0 ]; then
	echo "PASS SIGINT stops the server with status 0"
	pass=$((pass + 1))
else
	echo "FAIL SIGINT stops the server with status 0: status $status"
	fail=$((fail + 1))
fi
if [ -z "$(ls -A "$SERVE_TMP")" ]; then
	echo "PASS private output folder removed"
	pass=$((pass + 1))
else
	echo "FAIL private output folder removed: $(ls "$SERVE_TMP")"
	fail=$((fail + 1))
fi
if [ "$fail" != 0 ]; then
	echo "--- server log"
	cat "$TMP/serve.log"
fi
echo "browser: $pass passed, $fail failed"
[ "$fail" = 0 ]
