#!/bin/sh
# make bench: time heraldo, Hugo (when installed) and the render-and-write
# floor on the shared corpus at several sizes.  Runs are paired (heraldo,
# Hugo, floor, heraldo, Hugo, floor, ...), each into a fresh output folder
# (deleting trees on the way would slow the file creations that follow);
# medians of BENCH_RUNS (default 5).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERALDO=$ROOT/bin/heraldo
GEN=$ROOT/../shared/bench/gen_corpus.py
RUNS=${BENCH_RUNS:-5}
SIZES=${BENCH_SIZES:-"1000 10000"}
[ -n "${BENCH_FULL:-}" ] && SIZES="$SIZES 30000"
WORK=$(mktemp -d /tmp/heraldo-bench-XXXXXX)
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: needs GNU time (apt-get install time)"; exit 2; }
HUGO=$(command -v hugo || true)

cc -O2 -o "$WORK/floor" "$ROOT/bench/floor.c" \
    $(pkg-config --cflags --libs libcmark-gfm) -lpthread

# run NAME DIR CMD...: one timed run; appends "seconds kb" to $WORK/NAME.
run() {
	name=$1 dir=$2
	shift 2
	(cd "$dir" && "$TIME" -f "%e %M" -o "$WORK/t" "$@" >/dev/null 2>&1) ||
	    { echo "bench: $name failed"; cat "$WORK/t"; exit 1; }
	cat "$WORK/t" >> "$WORK/$name"
}

# stats FILE: "median min max peakMB" of the runs in FILE.
stats() {
	sort -n "$1" | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
	    END { printf "%.2f %.2f %.2f %.0f", t[int((NR + 1) / 2)], t[1], t[NR], m / 1024 }'
}

printf '%-7s %-8s %8s %14s %9s %s\n' posts tool median min-max peak-MB ratio
for n in $SIZES; do
	corpus=$WORK/corpus-$n
	python3 "$GEN" "$corpus" --posts "$n" >/dev/null
	find "$corpus/content/posts" -name '*.md' | sort > "$WORK/files-$n"
	rm -f "$WORK/heraldo-$n" "$WORK/hugo-$n" "$WORK/floor-$n"
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		run heraldo-$n "$corpus" "$HERALDO" build --quiet \
		    --out "$WORK/out-h-$n-$i"
		if [ -n "$HUGO" ]; then
			run hugo-$n "$corpus" "$HUGO" --quiet \
			    -d "$WORK/out-g-$n-$i"
		fi
		mkdir -p "$WORK/out-f-$n-$i"
		run floor-$n "$corpus" sh -c "xargs '$WORK/floor' \
		    '$WORK/out-f-$n-$i' < '$WORK/files-$n'"
	done
	h=$(stats "$WORK/heraldo-$n")
	f=$(stats "$WORK/floor-$n")
	hm=${h%% *}
	if [ -n "$HUGO" ]; then
		g=$(stats "$WORK/hugo-$n")
		gm=${g%% *}
		ratio=$(awk "BEGIN { printf \"%.3f (1/%.1f of Hugo)\", $hm / $gm, $gm / $hm }")
	else
		g="- - - -"
		ratio="(hugo not installed)"
	fi
	fm=${f%% *}
	set -- $h; printf '%-7s %-8s %8s %14s %9s %s\n' "$n" heraldo "$1" "$2-$3" "$4" "$ratio"
	set -- $g; printf '%-7s %-8s %8s %14s %9s\n' "$n" hugo "$1" "$2-$3" "$4"
	set -- $f; printf '%-7s %-8s %8s %14s %9s %s\n' "$n" floor "$1" "$2-$3" "$4" \
	    "$(awk "BEGIN { printf \"heraldo/floor %.2f\", $hm / $fm }")"
	awk "BEGIN { printf \"%-7s heraldo time per post: %.1f us\n\", $n, $hm * 1e6 / $n }"
done
rm -rf "$WORK"
