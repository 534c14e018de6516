#!/usr/bin/env bash
# Import speed against the sqlite3 shell's .import of the same CSV into a
# plain table (issue 6: at most 1.5x). Prints both times, the ratio and
# plumb's peak memory. BENCH_DEALS sizes it (default 1,000,000); the demo
# and its export are cached in BENCH_DIR between runs.
set -eu
: "${PLUMB_BIN:?PLUMB_BIN must point at the plumb binary}"
deals=${BENCH_DEALS:-1000000}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/plumb-bench-import}
runs=${BENCH_RUNS:-3}
mkdir -p "$dir"
export TZ=UTC PLUMB_NOW=2026-12-04T10:00:00
csv="$dir/deals-$deals.csv"
if [ ! -s "$csv" ]; then
	echo "generating $deals deals (plumb demo, then plumb export)..."
	rm -f "$dir/demo.db" "$dir/demo.db-wal" "$dir/demo.db-shm"
	"$PLUMB_BIN" --db "$dir/demo.db" demo --deals "$deals" >/dev/null
	"$PLUMB_BIN" --db "$dir/demo.db" export --format csv -o "$csv"
fi
echo "file: $csv ($(du -h "$csv" | cut -f1), $deals rows)"

# Best of $runs for each, run alternately so both see the same machine.
best_sqlite=999999 best_plumb=999999 rss=0
for i in $(seq "$runs"); do
	rm -f "$dir/plain.db"
	t=$( { /usr/bin/time -f '%e' sqlite3 "$dir/plain.db" '.mode csv' ".import $csv t" >/dev/null; } 2>&1 | tail -n 1)
	best_sqlite=$(echo "$t $best_sqlite" | awk '{ print ($1 < $2) ? $1 : $2 }')
	rm -f "$dir/import.db" "$dir/import.db-wal" "$dir/import.db-shm"
	out=$( { /usr/bin/time -f '%e %M' "$PLUMB_BIN" --db "$dir/import.db" import "$csv" >/dev/null; } 2>&1 | tail -n 1)
	best_plumb=$(echo "${out% *} $best_plumb" | awk '{ print ($1 < $2) ? $1 : $2 }')
	rss=${out#* }
	echo "run $i: sqlite3 .import ${t}s, plumb import ${out% *}s (peak RSS ${rss} KiB)"
done
"$PLUMB_BIN" --db "$dir/import.db" check --quiet
ratio=$(echo "$best_plumb $best_sqlite" | awk '{ printf "%.2f", $1 / $2 }')
echo "best: sqlite3 .import ${best_sqlite}s, plumb import ${best_plumb}s, ratio ${ratio} (target 1.5)"
