#!/bin/sh
# Faults against the output and its cache: concurrent builds, builds
# killed at chosen points, a full disk, damaged states, files edited by
# hand in the output and in the spare tree.  After each, every build
# must publish a whole site, and the next cached build's output must
# equal a --no-cache build's byte for byte.  The site is small, so that
# the whole runs in well under a minute.
#
# The faults are injected through HERALDO_TEST_FAULT (util_fault):
#   crash-after-swap   kill -9 right after the output is swapped in
#   crash-in-state     kill -9 half-way through writing the state
#   enospc-state       the state's write fails as on a full disk
#   enospc-after:N     the write of every output file after the
#                      first N fails so
set -u
HERALDO=${HERALDO:?set HERALDO to the binary}
TMP=$(mktemp -d /tmp/heraldo-faults-XXXXXX)
TRIES=${TRIES:-40}
pass=0
fail=0

export GIT_CONFIG_NOSYSTEM=1 HOME=$TMP GIT_AUTHOR_NAME="Ana Author" \
    GIT_AUTHOR_EMAIL=ana@example.com GIT_COMMITTER_NAME="Ana Author" \
    GIT_COMMITTER_EMAIL=ana@example.com LANG=C LC_ALL=C
unset HERALDO_TEST_FAULT

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL faults: $*"; fail=$((fail + 1)); }

mkdir -p "$TMP/site/content/posts/2013/05" "$TMP/site/static" "$TMP/out"
cd "$TMP/site" || exit 1
cat > site.yaml <<'EOT'
title: Fault News
base_url: https://news.example.com/
locale: en_US
timezone: America/Toronto
EOT
post() {
	cat > "content/posts/2013/05/$1.md" <<EOT
---
title: $2
date: 2013-05-0$3 09:30
tags: [$4]
---
$5
EOT
}
post launch "We launch" 1 "Launches, News" "The launch, in **bold**."
post hours "Holiday hours" 2 "Hours" "Closed on Monday."
echo "body { color: black; }" > static/site.css
git init -q -b main . && git add -A && git commit -qm "ref A" || exit 1
A=$(git rev-parse HEAD)
post launch "We launch, again" 1 "Launches" "The launch, changed."
post more "One more" 3 "News, Hours" "A third post."
echo "body { color: navy; }" > static/site.css
git add -A && git commit -qm "ref B" || exit 1
B=$(git rev-parse HEAD)

# The reference trees, built without a cache.
for r in A B; do
	eval "ref=\$$r"
	mkdir "$TMP/ref$r"
	"$HERALDO" build --quiet --no-cache --ref "$ref" \
	    --out "$TMP/ref$r/public" || exit 1
done
diff -r "$TMP/refA/public" "$TMP/refB/public" > /dev/null &&
    { echo "faults: the two refs give one site"; exit 1; }

OUT=$TMP/out/public

# equal NAME REF: the output equals REF's reference tree.
equal() {
	if diff -r "$OUT" "$TMP/ref$2/public" > "$TMP/diff" 2>&1; then
		ok
	else
		bad "$1: the output is not ref $2's"
		head -10 "$TMP/diff"
	fi
}

# build NAME REF [ENV...]: a cached build of REF that must succeed and
# publish REF's site.
build() {
	name=$1
	r=$2
	shift 2
	eval "ref=\$$r"
	if ! env "$@" "$HERALDO" build --quiet --ref "$ref" --out "$OUT" \
	    2> "$TMP/err"; then
		bad "$name: the build failed: $(cat "$TMP/err")"
		return
	fi
	equal "$name" "$r"
}

# One whole site, equal to one of the refs'.
either() {
	if diff -r "$OUT" "$TMP/refA/public" > /dev/null 2>&1 ||
	    diff -r "$OUT" "$TMP/refB/public" > /dev/null 2>&1; then
		ok
	else
		bad "$1: the output is neither ref's site"
		diff -r "$OUT" "$TMP/refA/public" | head -5
	fi
}

# No staging folder or lock left beside the output.
clean() {
	if ls -A "$TMP/out" | grep -v '^public$' |
	    grep -v '^\.public\.heraldo-cache$' > "$TMP/litter"; then
		bad "$1: left beside the output: $(cat "$TMP/litter")"
	else
		ok
	fi
}

# Interleaved builds of two refs, with the cache.
for r in A B B A B A A B; do
	build "interleaved ref $r" "$r"
done
clean "interleaved builds"

# Concurrent builds: three at once, into an empty and an existing
# folder; each succeeds, and one whole site is left.  Now and then, the
# cache must still give ref A's site when built alone.
for where in empty existing; do
	i=0
	while [ "$i" -lt "$TRIES" ]; do
		i=$((i + 1))
		[ "$where" = empty ] &&
		    rm -rf "$OUT" "$TMP/out/.public.heraldo-cache"
		"$HERALDO" build --quiet --ref "$A" --out "$OUT" 2> "$TMP/c1" &
		p1=$!
		"$HERALDO" build --quiet --ref "$B" --out "$OUT" 2> "$TMP/c2" &
		p2=$!
		"$HERALDO" build --quiet --ref "$A" --out "$OUT" 2> "$TMP/c3" &
		p3=$!
		for p in $p1 $p2 $p3; do
			wait "$p" || bad "concurrent ($where, try $i):" \
			    "a build failed: $(cat "$TMP/c1" "$TMP/c2" \
			    "$TMP/c3")"
		done
		either "concurrent ($where, try $i)"
		if [ $((i % 10)) = 0 ]; then
			build "alone after concurrent builds ($where, try $i)" A
			build "alone after concurrent builds ($where, try $i)" B
		fi
	done
done
clean "concurrent builds"

# A second build waits for the first, and says so; with --no-wait it
# fails at once, with status 3.
build "before the lock" A
flock "$TMP/out/.public.heraldo-lock" sleep 1 &
holder=$!
sleep 0.2
"$HERALDO" build --quiet --no-wait --ref "$B" --out "$OUT" 2> "$TMP/err"
status=$?
[ "$status" = 3 ] && ok || bad "--no-wait while locked: status $status"
grep -q "another build of it is running" "$TMP/err" && ok ||
    bad "--no-wait while locked said: $(cat "$TMP/err")"
equal "--no-wait left the output" A
"$HERALDO" build --quiet --ref "$B" --out "$OUT" 2> "$TMP/err"
status=$?
wait "$holder"
[ "$status" = 0 ] && ok || bad "a waiting build failed: $(cat "$TMP/err")"
grep -q "waiting for another build of $OUT to finish" "$TMP/err" && ok ||
    bad "a waiting build said: $(cat "$TMP/err")"
equal "after waiting" B
rm -f "$TMP/out/.public.heraldo-lock"

# kill -9 right after the swap, before anything else: the state written
# before the swap describes the output; a state from before describes
# another one, and is not trusted.
for r in A B; do
	other=B
	[ "$r" = B ] && other=A
	build "before a crash" "$other"
	eval "ref=\$$r"
	HERALDO_TEST_FAULT=crash-after-swap "$HERALDO" build --quiet \
	    --ref "$ref" --out "$OUT" 2> /dev/null
	status=$?
	[ "$status" = 137 ] && ok || bad "crash-after-swap: status $status"
	equal "killed after the swap (ref $r)" "$r"
	build "after a kill after the swap" "$r"
	build "after a kill after the swap, the other ref" "$other"
	build "after a kill after the swap, back" "$r"
	# Killed half-way through the state.
	HERALDO_TEST_FAULT=crash-in-state "$HERALDO" build --quiet \
	    --ref "$ref" --out "$OUT" 2> /dev/null
	status=$?
	[ "$status" = 137 ] && ok || bad "crash-in-state: status $status"
	equal "killed in the state, the output is as it was" "$other"
	build "after a kill in the state" "$r"
	build "after a kill in the state, the other ref" "$other"
done
clean "killed builds"

# A full disk while the state is written: the build publishes, warns,
# and leaves no state that names another output.
build "before a full disk" A
HERALDO_TEST_FAULT=enospc-state "$HERALDO" build --ref "$B" \
    --out "$OUT" > /dev/null 2> "$TMP/err"
status=$?
[ "$status" = 0 ] && ok || bad "enospc-state: status $status"
grep -q "cannot write: No space left on device" "$TMP/err" && ok ||
    bad "enospc-state said: $(cat "$TMP/err")"
equal "full disk in the state" B
build "after a full disk in the state" A
build "after a full disk in the state, the other ref" B
# A full disk while the output is written: the build fails, the previous
# output stays, nothing is left behind.  (Without the cache, so that the
# build has files to write: the spare tree holds ref A's.)
rm -rf "$TMP/out/.public.heraldo-cache"
HERALDO_TEST_FAULT=enospc-after:0 "$HERALDO" build --quiet --ref "$A" \
    --out "$OUT" 2> "$TMP/err"
status=$?
[ "$status" = 1 ] && ok || bad "enospc-after: status $status"
grep -q "No space left on device" "$TMP/err" && ok ||
    bad "enospc-after said: $(cat "$TMP/err")"
equal "full disk in the output: the previous output stays" B
clean "full disk"
build "after a full disk in the output" A
build "after a full disk in the output, the other ref" B

# Random damage to the state: cut short, bytes changed.
i=0
while [ "$i" -lt 12 ]; do
	i=$((i + 1))
	state=$TMP/out/.public.heraldo-cache/state
	size=$(stat -c %s "$state")
	at=$(awk -v s="$i" -v n="$size" 'BEGIN { srand(s); print int(rand() * n) }')
	if [ $((i % 2)) = 0 ]; then
		head -c "$at" "$state" > "$TMP/cut" && cp "$TMP/cut" "$state"
	else
		printf '\377' | dd of="$state" bs=1 seek="$at" conv=notrunc \
		    2> /dev/null
	fi
	r=A
	[ $((i % 3)) = 0 ] && r=B
	build "damaged state ($i: byte $at of $size)" "$r"
done

# Files edited by hand, in the output and in the spare tree, in place
# (same size, same inode) or replaced: made again.
build "before hand edits" A
build "before hand edits" B
sed -i 's/navy/gray/' "$OUT/site.css"
build "a static file edited by hand" B
sed -i 's/<title>/<title>X/' "$OUT/index.html"
build "a page edited by hand" B
cp "$OUT/404.html" "$TMP/page" && echo "<p>edited</p>" >> "$TMP/page" &&
    mv "$TMP/page" "$OUT/404.html"
build "a page replaced by hand" B
tree=$TMP/out/.public.heraldo-cache/tree
for f in index.html site.css feeds/atom.xml; do
	[ -f "$tree/$f" ] || { bad "no $f in the spare tree"; continue; }
	sed -i 's/e/E/' "$tree/$f"
done
build "the spare tree edited by hand" A
build "the spare tree edited by hand, the other ref" B
touch -d "2001-01-01" "$tree/index.html" "$OUT/404.html"
build "files touched by hand" A

# Everything held: the cache was used (a build with nothing changed
# writes nothing).
"$HERALDO" build --ref "$A" --out "$OUT" > /dev/null 2> "$TMP/err"
grep -q " 0 files written" "$TMP/err" && ok ||
    bad "the cache is no longer used: $(cat "$TMP/err")"

# One owner per output path, with the cache too: an alias over the home
# page fails the build, and the previous output stays; the alias's line
# is named even when its post is restored from the cache.
sed -i 's|^tags: \[Hours\]$|tags: [Hours]\naliases: [/old/hours.html]|' \
    content/posts/2013/05/hours.md
git add -A && git commit -qm "an alias" || exit 1
"$HERALDO" build --quiet --out "$OUT" 2> "$TMP/err" ||
    bad "an alias: $(cat "$TMP/err")"
cp -R "$OUT" "$TMP/aliased"
mkdir -p static/old && echo "<p>old</p>" > static/old/hours.html
git add -A && git commit -qm "a static file over the alias" || exit 1
"$HERALDO" build --quiet --out "$OUT" 2> "$TMP/err"
status=$?
[ "$status" = 1 ] && ok || bad "a static file over an alias: status $status"
grep -q "^static/old/hours.html: error: writes /old/hours.html, as \
content/posts/2013/05/hours.md:5 does" "$TMP/err" && ok ||
    bad "a static file over an alias said: $(cat "$TMP/err")"
git rm -rq static/old && git commit -qm "no static file over the alias"
sed -i 's|^aliases: .*|aliases: [/index.html, /site.css]|' \
    content/posts/2013/05/hours.md
git add -A && git commit -qm "an alias over the home page" || exit 1
"$HERALDO" build --quiet --out "$OUT" 2> "$TMP/err"
status=$?
[ "$status" = 1 ] && ok || bad "a claimed path: status $status"
grep -q "^content/posts/2013/05/hours.md:5: error: writes /index.html, \
where heraldo writes" "$TMP/err" && grep -q "^static/site.css: error: \
writes /site.css, as content/posts/2013/05/hours.md:5 does" "$TMP/err" &&
    ok || bad "a claimed path said: $(cat "$TMP/err")"
if diff -r "$OUT" "$TMP/aliased" > /dev/null; then
	ok
else
	bad "a claimed path: the previous output did not stay"
fi
clean "the end"

echo "faults: $pass passed, $fail failed"
cd /
rm -rf "$TMP"
[ "$fail" -eq 0 ]
