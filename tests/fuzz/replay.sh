# The fuzz corpora (seeds and every input that ever crashed a target) fed
# to their targets under ASan/UBSan: one case per target. The replay
# drivers are built by make check (hardening-bins).
. "$(dirname "$0")/../lib.sh"
# One line per target: "PASS fuzz/csv".
end_test() {
	if [ -n "$T_NAME" ]; then
		[ "$T_FAILED" = 0 ] && echo "PASS fuzz/$T_NAME" || echo "FAIL fuzz/$T_NAME"
	fi
	T_NAME=""
}
here=$(cd "$(dirname "$0")" && pwd)
: "${FUZZ_REPLAY_DIR:?FUZZ_REPLAY_DIR must point at the replay drivers (make check builds them)}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for dir in "$here"/corpus/*/; do
	target=$(basename "$dir")
	t "$target"
	bin="$FUZZ_REPLAY_DIR/replay-$target"
	if [ ! -x "$bin" ]; then
		fail "no replay driver $bin"
		continue
	fi
	n=$(find "$dir" -type f | wc -l)
	[ "$n" -gt 0 ] || fail "empty corpus $dir"
	if ! "$bin" "$dir" >"$T_DIR/out" 2>"$T_DIR/err"; then
		fail "replay failed: $(tail -c 3000 "$T_DIR/err")"
	elif ! grep -q "^$n inputs replayed" "$T_DIR/out"; then
		fail "replayed $(cat "$T_DIR/out"), expected $n inputs"
	fi
done
