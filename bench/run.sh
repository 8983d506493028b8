#!/bin/sh
# make bench: time heraldo, Hugo (when installed) and the render-and-write
# floor on the benchmark corpus (bench/gen_corpus.py) at several sizes.  Runs are paired (heraldo,
# Hugo, floor, heraldo, Hugo, floor, ...), each into a fresh output folder
# (deleting trees on the way would slow the file creations that follow);
# medians of BENCH_RUNS (default 5).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HERALDO=$ROOT/bin/heraldo
GEN=$ROOT/bench/gen_corpus.py
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
# Earlier runs' files are flushed first, so that no run pays for another's
# write-back.
run() {
	name=$1 dir=$2
	shift 2
	sync
	(cd "$dir" && "$TIME" -f "%e %M" -o "$WORK/t" "$@" >/dev/null 2>&1) ||
	    { echo "bench: $name failed"; cat "$WORK/t"; exit 1; }
	cat "$WORK/t" >> "$WORK/$name"
}

# stats FILE: "median min max peakMB" of the runs in FILE.
stats() {
	sort -n "$1" | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
	    END { printf "%.2f %.2f %.2f %.0f", t[int((NR + 1) / 2)], t[1], t[NR], m / 1024 }'
}

# edit N FILE: append a paragraph to FILE and commit it in corpus N.
edit() {
	printf '\nA paragraph added for rebuild %s.\n' "$3" >> "$2"
	git -C "$WORK/corpus-$1" commit -qam "Edit for rebuild $3"
}

printf '%-7s %-8s %8s %14s %9s %s\n' posts tool median min-max peak-MB ratio
: > "$WORK/summary"
for n in $SIZES; do
	corpus=$WORK/corpus-$n
	python3 "$GEN" "$corpus" --posts "$n" --seed "${BENCH_SEED:-1}" >/dev/null
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

	# Git-derived dates: the history walk's share of a cold build.
	(cd "$corpus" && "$HERALDO" build --quiet --out "$WORK/out-r-$n" \
	    --report "$WORK/report-$n.json") >/dev/null 2>&1
	hist=$(sed -n 's/.*"history": \([0-9.]*\),.*"total": \([0-9.]*\).*/\1 \2/p' \
	    "$WORK/report-$n.json")

	# Rebuilds: a cold build with the cache, one more (the previous
	# output becomes the spare tree), then one edited post per run.
	inc=$WORK/out-i-$n
	(cd "$corpus" && "$HERALDO" build --quiet --out "$inc" &&
	    "$HERALDO" build --quiet --out "$inc") >/dev/null 2>&1
	rm -f "$WORK/rebuild-$n"
	count=$(wc -l < "$WORK/files-$n")
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		edit "$n" "$(sed -n "$(( (i * 7919) % count + 1 ))p" \
		    "$WORK/files-$n")" "$i"
		run rebuild-$n "$corpus" "$HERALDO" build --quiet --out "$inc"
	done
	r=$(stats "$WORK/rebuild-$n")
	set -- $r
	printf '%-7s %-8s %8s %14s %9s %s\n' "$n" rebuild "$1" "$2-$3" "$4" \
	    "$(awk "BEGIN { printf \"%.1f %% of the cold build\", 100 * $1 / $hm }")"
	set -- $hist
	printf '%-7s history  %8s %14s %9s %s\n' "$n" "$1" - - \
	    "$(awk "BEGIN { printf \"%.1f %% of a cold build (%.2f s)\", 100 * $1 / $2, $2 }")"
	hpeak=$(echo $h | cut -d' ' -f4)
	gpeak=$(echo $g | cut -d' ' -f4)
	[ -n "$HUGO" ] || { gm=0; gpeak=0; }
	echo "$n $hm $gm $fm $(echo $r | cut -d' ' -f1) $hpeak $gpeak $1 $2" \
	    >> "$WORK/summary"
done

# The targets of the speed issue, from this run.
echo
awk -v largest=10000 '
function ok(c) { return c ? "met" : "NOT met" }
{ n[NR] = $1; t[NR] = $2; g[NR] = $3; f[NR] = $4; r[NR] = $5
  hp[NR] = $6; gp[NR] = $7; hs[NR] = $8; ht[NR] = $9; pp = $2 / $1
  if (NR == 1 || pp < lo) lo = pp
  if (NR == 1 || pp > hi) hi = pp }
END {
  for (i = 1; i <= NR; i++) if (n[i] == largest) k = i
  if (!k) k = NR
  printf "%-46s %-22s %s\n", "target (at " n[k] " posts)", "measured", ""
  if (g[k] > 0) {
    printf "%-46s %-22s %s\n", "wall time at most 1/6 of Hugo", sprintf("1/%.1f", g[k] / t[k]), ok(t[k] * 6 <= g[k])
    printf "%-46s %-22s %s\n", "peak memory at most 1/10 of Hugo", sprintf("1/%.1f", gp[k] / hp[k]), ok(hp[k] * 10 <= gp[k])
  }
  printf "%-46s %-22s %s\n", "wall time at most 2x the floor", sprintf("%.2fx", t[k] / f[k]), ok(t[k] <= 2 * f[k])
  printf "%-46s %-22s %s\n", "time per post flat within 20% (all sizes)", sprintf("max/min %.2f", hi / lo), ok(hi <= 1.2 * lo)
  printf "%-46s %-22s %s\n", "rebuild after one edit under 5% of cold", sprintf("%.1f%%", 100 * r[k] / t[k]), ok(r[k] < 0.05 * t[k])
  printf "%-46s %-22s %s\n", "git-derived dates under 10% of cold", sprintf("%.1f%%", 100 * hs[k] / ht[k]), ok(hs[k] < 0.1 * ht[k])
}' "$WORK/summary"
rm -rf "$WORK"
