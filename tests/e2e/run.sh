#!/bin/sh
# End-to-end tests: each folder under tests/e2e/ (and tests/e2e/bad/) with a
# site/ is one case.  The runner commits site/ to a fresh git repository in
# a temporary folder (fixed author and dates), runs an optional "setup"
# script there, builds with the case's "args", and compares:
#   expected/          the output tree (diff -ru)
#   expected.stderr    diagnostics (the timing summary line is left out)
#   expected.stdout    what the build printed (the next change)
#   expected.status    exit status (default 0)
#   check              a script that must exit 0 (run in the temp folder)
# In args, setup and check, $REPO is the repository and $TMP its folder.
# REGEN=1 rewrites expected/ and expected.stderr from what the build did.
set -u
HERALDO=${HERALDO:?set HERALDO to the binary}
HERE=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
failed=""

export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME="Ana Author" \
    GIT_AUTHOR_EMAIL=ana@example.com GIT_COMMITTER_NAME="Ana Author" \
    GIT_COMMITTER_EMAIL=ana@example.com \
    GIT_AUTHOR_DATE="2012-12-01T10:00:00-08:00" \
    GIT_COMMITTER_DATE="2012-12-01T10:00:00-08:00" \
    TZ=Pacific/Kiritimati LANG=C LC_ALL=C

run_case() {
	case_dir=$1
	name=${case_dir#"$HERE"/}
	TMP=$(mktemp -d /tmp/heraldo-e2e-XXXXXX)
	REPO=$TMP/repo
	export TMP REPO
	HOME=$TMP
	export HOME
	cp -R "$case_dir/site" "$REPO"
	(cd "$REPO" && git init -q -b main . && git add -A &&
	    git commit -q -m "Initial site") || { echo "FAIL $name: git"; return 1; }
	if [ -f "$case_dir/setup" ]; then
		(cd "$REPO" && sh "$case_dir/setup") >"$TMP/setup.log" 2>&1 || {
			echo "FAIL $name: setup"; cat "$TMP/setup.log"; return 1; }
	fi
	args="--site $REPO --out $TMP/out --now 2013-06-01T00:00:00Z"
	[ -f "$case_dir/args" ] && args=$(eval "echo \"$(cat "$case_dir/args")\"")
	# shellcheck disable=SC2086
	(cd "$TMP" && ${VALGRIND:-} "$HERALDO" build $args) \
	    >"$TMP/stdout" 2>"$TMP/stderr.raw"
	status=$?
	grep -v '^built ' "$TMP/stderr.raw" | sed "s|$TMP|\$TMP|g" >"$TMP/stderr"
	want_status=0
	[ -f "$case_dir/expected.status" ] && want_status=$(cat "$case_dir/expected.status")
	ok=1
	if [ -n "${REGEN:-}" ]; then
		# Cases judged by a check script keep no golden tree.
		if [ "$want_status" = 0 ] && [ -d "$TMP/out" ] &&
		    { [ -d "$case_dir/expected" ] || [ ! -f "$case_dir/check" ]; }; then
			rm -rf "$case_dir/expected"
			cp -R "$TMP/out" "$case_dir/expected"
		fi
		if [ -s "$TMP/stdout" ] && [ ! -f "$case_dir/check" ]; then
			cp "$TMP/stdout" "$case_dir/expected.stdout"
		else
			rm -f "$case_dir/expected.stdout"
		fi
		if [ -s "$TMP/stderr" ]; then
			cp "$TMP/stderr" "$case_dir/expected.stderr"
		else
			rm -f "$case_dir/expected.stderr"
		fi
	fi
	if [ "$status" != "$want_status" ]; then
		echo "FAIL $name: exit status $status, expected $want_status"
		cat "$TMP/stderr.raw"
		ok=0
	fi
	if [ -f "$case_dir/expected.stdout" ] &&
	    ! diff -u "$case_dir/expected.stdout" "$TMP/stdout"; then
		echo "FAIL $name: standard output differs"
		ok=0
	fi
	if [ -f "$case_dir/expected.stderr" ] &&
	    ! diff -u "$case_dir/expected.stderr" "$TMP/stderr"; then
		echo "FAIL $name: diagnostics differ"
		ok=0
	fi
	if [ -d "$case_dir/expected" ] &&
	    ! diff -ru "$case_dir/expected" "$TMP/out"; then
		echo "FAIL $name: output differs"
		ok=0
	fi
	# Every feed a case writes must satisfy the feed oracles (check-feeds.sh).
	if [ "$status" = 0 ] && [ -d "$TMP/out" ] &&
	    ! sh "$HERE/check-feeds.sh" "$TMP/out"; then
		echo "FAIL $name: feeds"
		ok=0
	fi
	if [ -f "$case_dir/check" ] &&
	    ! (cd "$TMP" && sh "$case_dir/check") >"$TMP/check.log" 2>&1; then
		echo "FAIL $name: check"
		cat "$TMP/check.log"
		ok=0
	fi
	if [ $ok = 1 ]; then
		rm -rf "$TMP"
		return 0
	fi
	echo "  (kept $TMP)"
	return 1
}

for c in "$HERE"/*/ "$HERE"/bad/*/; do
	c=${c%/}
	[ -d "$c/site" ] || continue
	if run_case "$c"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed ${c#"$HERE"/}"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "e2e: $pass passed, $fail failed"
[ "$fail" = 0 ]
