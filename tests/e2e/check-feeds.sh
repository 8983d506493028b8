#!/bin/sh
# check-feeds.sh DIR: every feed under DIR passes the repository's oracles:
# Atom documents validate against RFC 4287's RELAX NG schema
# (tests/vectors/atom), and every feed passes the feed-reader check
# (tests/tools/feedcheck.py).
set -u
DIR=${1:?usage: check-feeds.sh DIR}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
feeds=$(find "$DIR" -name '*.xml' ! -name sitemap.xml | sort)
[ -n "$feeds" ] || exit 0
atoms=$(grep -l '<feed' $feeds)
if [ -n "$atoms" ]; then
	xmllint --noout --relaxng "$ROOT/tests/vectors/atom/atom.rng" \
	    $atoms 2>&1 | grep -v ' validates$' && exit 1
fi
/usr/bin/python3 "$ROOT/tests/tools/feedcheck.py" $feeds >/dev/null
