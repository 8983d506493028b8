#!/bin/sh
# The repository's own example site, built from HEAD and judged by the
# repository's oracles: heraldo check, the Atom schema, the feed reader
# check and the HTML5 parser check (tests/tools, tests/vectors).
set -u
HERALDO=${HERALDO:?set HERALDO to the binary}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d /tmp/heraldo-site-XXXXXX)
pass=0
fail=0

check() {	# NAME COMMAND...
	name=$1
	shift
	if "$@" >"$TMP/log" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL site: $name"
		cat "$TMP/log"
		fail=$((fail + 1))
	fi
}

# From a release tarball there is no repository: the example site becomes
# one of its own, in one commit.
SITE=$ROOT
if [ ! -e "$ROOT/.git" ]; then
	SITE=$TMP/site
	mkdir "$SITE"
	(cd "$ROOT" && cp -R site.yaml content layouts static i18n "$SITE/") &&
	    git -C "$SITE" init -q -b main &&
	    git -C "$SITE" add -A &&
	    git -C "$SITE" -c user.name=heraldo -c user.email=heraldo@localhost \
	    commit -q -m "The example site" || exit 1
fi
check "build" "$HERALDO" build --quiet --site "$SITE" --out "$TMP/out"
check "heraldo check" "$HERALDO" check --out "$TMP/out"
check "feeds" sh "$ROOT/tests/e2e/check-feeds.sh" "$TMP/out"
check "html" /usr/bin/python3 "$ROOT/tests/tools/htmlcheck.py" "$TMP/out"
check "calendars" /usr/bin/python3 -c '
import glob, sys
from icalendar import Calendar
n = 0
for f in glob.glob(sys.argv[1] + "/**/*.ics", recursive=True):
    Calendar.from_ical(open(f, "rb").read()); n += 1
sys.exit(0 if n > 0 else 1)' "$TMP/out"
check "libical" sh -c '"$1" $(find "$2" -name "*.ics" | sort)' sh \
    "${ICALCHECK:?set ICALCHECK to the libical checker}" "$TMP/out"
rm -rf "$TMP"
echo "site: $pass passed, $fail failed"
[ "$fail" = 0 ]
