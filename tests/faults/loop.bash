# Fault loops in SQLite's manner, shared by tests/faults/*.sh: an
# operation runs under plumb-faults with the Nth event of one kind failing
# (faults.h), N rising until the operation completes without a fault.
# Every run must end with success or one clear line on stderr, no
# sanitizer report, integrity_check ok, plumb check ok, and the data
# either fully changed or exactly as before.
#
# FAULT_EXHAUSTIVE=1 tries every N (make check-faults); otherwise N runs
# 1..16 and then grows by a quarter, so make check stays quick.
. "$(dirname "$0")/../lib.sh"
KIND=faults
: "${PLUMB_FAULTS_BIN:?PLUMB_FAULTS_BIN must point at plumb-faults (make check builds it)}"
# ASan and UBSan exit 99, so their reports are never mistaken for plumb's 1.
export ASAN_OPTIONS="exitcode=99:abort_on_error=0:detect_leaks=1"
export UBSAN_OPTIONS="exitcode=99:halt_on_error=1:print_stacktrace=1"
W="$T_DIR/w"
mkdir -p "$W"
FAULT_RUNS=0
FAULT_LOG="$T_DIR/fault-summary"
: >"$FAULT_LOG"

# dump DB: the whole content, to compare before and after. The cycle
# cache is derived data any reader may refresh, so it does not count.
dump() { sqlite3 -readonly "$1" .dump 2>&1 | grep -v '^INSERT INTO cycle_cache '; }

# pristine NAME: prepares $T_DIR/NAME.db (via the function make_NAME);
# settle records the dumps once every reference output is made; setup_db
# NAME copies it to $W/p.db for a run.
pristine() {
	rm -f "$T_DIR/$1.db"*
	"make_$1" "$T_DIR/$1.db"
}
settle() {
	local db
	for db in "$T_DIR"/*.db; do
		sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
		rm -f "$db-wal" "$db-shm"
		dump "$db" >"${db%.db}.dump"
	done
}
setup_db() {
	rm -rf "$W"
	mkdir -p "$W"
	if [ -e "$T_DIR/$1.db" ]; then
		cp "$T_DIR/$1.db" "$W/p.db"
		chmod 600 "$W/p.db"
	fi
}
# saved: the run changed the pipeline, by its exit status or by its
# message (an out-of-memory exit after COMMIT says the change was saved).
saved() { [ "$RC" = 0 ] || grep -q 'the change was saved before that' "$W/err"; }
unchanged() { [ "$(dump "$W/p.db")" = "$(cat "$T_DIR/$1.dump")" ]; }

next_n() {
	if [ "${FAULT_EXHAUSTIVE:-0}" = 1 ] || [ "$1" -lt 16 ]; then
		echo $(($1 + 1))
	else
		echo $(($1 + $1 / 4))
	fi
}

# The checks every run must pass; $1 describes the run.
common_checks() {
	local what=$1 lines
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error|UndefinedBehaviorSanitizer' "$W/err"; then
		fail "$what: sanitizer report: $(head -c 3000 "$W/err")"
		return 1
	fi
	case $RC in
	0)
		[ ! -s "$W/err" ] || { fail "$what: succeeded but said: $(head -c 500 "$W/err")"; return 1; }
		;;
	1)
		lines=$(wc -l <"$W/err")
		if [ "$lines" != 1 ] || ! grep -q '^plumb' "$W/err" || grep -q 'unknown error' "$W/err"; then
			fail "$what: not one clear line: $(head -c 1000 "$W/err")"
			return 1
		fi
		# It names the cause, not a consequence (such as a failed rollback).
		grep -qE "$FAULT_CAUSE" "$W/err" ||
			{ fail "$what: the message does not say '$FAULT_CAUSE': $(cat "$W/err")"; return 1; }
		;;
	*)
		fail "$what: exit status $RC: $(head -c 2000 "$W/err")"
		return 1
		;;
	esac
	if [ -e "$W/p.db" ]; then
		local ic
		ic=$(sqlite3 "$W/p.db" 'PRAGMA integrity_check' 2>&1)
		[ "$ic" = ok ] || { fail "$what: integrity_check: $ic"; return 1; }
		"$PLUMB_BIN" --db "$W/p.db" check --quiet >"$W/check" 2>&1 ||
			{ fail "$what: plumb check: $(cat "$W/check")"; return 1; }
	fi
	return 0
}

# fault_loop KIND[:persist] OP: runs op_OP (which sets up $W and prints
# the arguments) and verify_OP (given the exit status) for N = 1, 2, ...
fault_loop() {
	local kind=${1%%:*} mode=${1#*:} op=$2 n=1 runs=0 failed_runs=0 events=0
	[ "$mode" = "$1" ] && mode="" || mode=":$mode"
	case $kind in
	alloc | sqlite-alloc) FAULT_CAUSE="out of memory" ;;
	write | sync) FAULT_CAUSE="I/O error" ;;
	full) FAULT_CAUSE="disk is full" ;;
	esac
	while :; do
		local args
		args=$("op_$op")
		rm -f "$W/report"
		# shellcheck disable=SC2086 # args are words by design
		(cd "$W" && PLUMB_FAULT="$kind:$n$mode" PLUMB_FAULT_REPORT="$W/report" \
			"$PLUMB_FAULTS_BIN" $args >"$W/out" 2>"$W/err")
		RC=$?
		runs=$((runs + 1))
		local what="$op, $kind:$n$mode"
		common_checks "$what" || break
		"verify_$op" "$what" || break
		[ "$RC" = 0 ] || failed_runs=$((failed_runs + 1))
		local injected=0
		if [ -f "$W/report" ]; then
			injected=$(sed -n 's/.*injected=\([0-9]*\).*/\1/p' "$W/report")
			events=$(sed -n 's/^events=\([0-9]*\).*/\1/p' "$W/report")
		elif [ "$RC" = 0 ]; then
			fail "$what: no fault report"
			break
		else
			injected=1 # exited on the injected fault before the report
		fi
		if [ "$injected" = 0 ]; then
			[ "$RC" = 0 ] || { fail "$what: failed without a fault: $(cat "$W/err")"; break; }
			break
		fi
		n=$(next_n "$n")
		[ "$n" -le 1000000 ] || { fail "$what: never completed"; break; }
	done
	FAULT_RUNS=$((FAULT_RUNS + runs))
	printf '%-14s %-22s %6d runs, %6d failed cleanly, %7d events\n' "$op" "$kind$mode" \
		"$runs" "$failed_runs" "$events" >>"$FAULT_LOG"
}

fault_summary() {
	cat "$FAULT_LOG" >&2
	echo "total: $FAULT_RUNS runs" >&2
}
