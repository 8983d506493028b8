#!/bin/sh
# The checkers judge themselves: each fixture under testdata/ gets exactly
# the problems its .expected file lists (none for the good ones), and the
# exit status that goes with them.
set -u
cd "$(dirname "$0")"
got=$(mktemp)
trap 'rm -f "$got"' EXIT
pass=0
fail=0
for f in testdata/*.xml testdata/*.html; do
	case $f in
	*.xml) tool=feedcheck.py want=${f%.xml}.feed.expected ;;
	*) tool=htmlcheck.py want=${f%.html}.html.expected ;;
	esac
	/usr/bin/python3 "$tool" "$f" >/dev/null 2>"$got"
	status=$?
	expect=1
	[ -s "$want" ] || expect=0
	if [ "$status" = "$expect" ] && cmp -s "$want" "$got"; then
		pass=$((pass + 1))
	else
		echo "FAIL checker: $tool $f (status $status, expected $expect)"
		diff "$want" "$got"
		fail=$((fail + 1))
	fi
done
echo "checkers: $pass passed, $fail failed"
[ "$fail" = 0 ]
