#!/bin/sh
# check-feeds.sh DIR: every feed under DIR passes the shared oracles:
# Atom documents validate against RFC 4287's schema, and every feed passes
# the feed-reader check.  SHARED is the shared folder (../shared).
set -u
DIR=${1:?usage: check-feeds.sh DIR}
SHARED=${SHARED:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}
find "$DIR" -name '*.xml' ! -name sitemap.xml | sort | while read -r f; do
	if grep -q '<feed' "$f"; then
		xmllint --noout --relaxng "$SHARED/testdata/feeds/atom.rng" \
		    "$f" 2>&1 | grep -v ' validates$' && exit 1
	fi
	/usr/bin/python3 "$SHARED/testdata/feeds/feedcheck.py" "$f" \
	    >/dev/null || exit 1
done
