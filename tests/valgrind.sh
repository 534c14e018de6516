#!/usr/bin/env bash
# make check-valgrind: the unit tests and the CLI tests with plumb under
# valgrind. Every run must have no error and no definitely lost block:
# valgrind exits 99 then (which fails the test that ran it), and every
# log is checked afterwards, so runs whose status a test ignores count too.
# crash.sh is left out: it kills plumb at random moments by design, and
# its timing means nothing at valgrind's speed.
# VALGRIND_SCRIPTS (globs) narrows the run.
set -u
cd "$(dirname "$0")/.." || exit 2
: "${PLUMB_BIN:?PLUMB_BIN must point at the plumb binary}"
: "${UNIT_BIN:?UNIT_BIN must point at the unit-test binary}"
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/plumb-valgrind.XXXXXX")
chmod 755 "$work"
logs="$work/logs"
mkdir -p "$logs" "$work/bin" "$work/vgtmp"
chmod 1777 "$work/vgtmp" # valgrind's own temporary files, whoever runs it
chmod 777 "$logs" # tests run plumb as another user too
wrap() { # real-binary wrapper
	cat >"$2" <<WRAP
#!/bin/sh
TMPDIR="$work/vgtmp" exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \\
	--errors-for-leak-kinds=definite --log-file="$logs/vg.%p.log" "$1" "\$@"
WRAP
	chmod 755 "$2"
}
# A copy beside the wrapper: tests run plumb as another user too, who may
# not reach into the checkout.
cp "$PLUMB_BIN" "$work/bin/plumb.real"
chmod 755 "$work/bin" "$work/bin/plumb.real"
wrap "$work/bin/plumb.real" "$work/bin/plumb"
wrap "$UNIT_BIN" "$work/bin/unit-tests"
scripts=""
for f in ${VALGRIND_SCRIPTS:-tests/cli/*.sh}; do
	[ "$f" = tests/cli/crash.sh ] || scripts+=" $f"
done
TEST_SCRIPTS="$scripts" TEST_JOBS=${TEST_JOBS:-2} PLUMB_BIN="$work/bin/plumb" \
	UNIT_BIN="$work/bin/unit-tests" bash tests/run | grep -v '^[0-9]* passed, [0-9]* failed$' |
	tee "$work/results"
runs=$(find "$logs" -name 'vg.*.log' | wc -l)
bad=0
for log in "$logs"/vg.*.log; do
	[ -s "$log" ] || continue
	# -q logs only errors; an empty log is a clean run.
	bad=$((bad + 1))
	echo "---- valgrind: $(basename "$log")"
	head -60 "$log"
done
if [ "$bad" -gt 0 ]; then
	echo "FAIL valgrind/logs ($bad of $runs runs reported errors or definite leaks)"
else
	echo "PASS valgrind/logs ($runs runs, no errors, nothing definitely lost)"
fi
passed=$(grep -c '^PASS ' "$work/results")
failed=$(grep -c '^FAIL ' "$work/results")
[ "$bad" -gt 0 ] && failed=$((failed + 1)) || passed=$((passed + 1))
rm -rf "$work"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
