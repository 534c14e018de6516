# Shared by CLI and TUI test scripts: a private HOME, a pinned clock, time
# zone and locale, and small assertion helpers. Each `t NAME` starts a test
# case; the script prints "PASS cli/SCRIPT/NAME" or "FAIL ..." per case.
set -u
: "${PLUMB_BIN:?PLUMB_BIN must point at the plumb binary}"
SCRIPT=$(basename "$0" .sh)
KIND=${KIND:-cli}
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/plumb-$SCRIPT.XXXXXX")
chmod 755 "$T_DIR"
export HOME="$T_DIR/home" LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC USER=tester
export PLUMB_NOW="2026-12-04T10:00:00"
unset PLUMB_DB XDG_CONFIG_HOME XDG_DATA_HOME COLUMNS NO_COLOR
mkdir -p "$HOME"
DB="$T_DIR/p.db"
T_NAME=""
T_FAILED=0
RC=0
OUT=""
ERR=""

plumb() { "$PLUMB_BIN" "$@"; }

# run ARGS...: runs plumb, keeping stdout, stderr and the exit status.
run() {
	"$PLUMB_BIN" "$@" >"$T_DIR/out" 2>"$T_DIR/err"
	RC=$?
	OUT=$(cat "$T_DIR/out")
	ERR=$(cat "$T_DIR/err")
}

end_test() {
	if [ -n "$T_NAME" ]; then
		if [ "$T_FAILED" = 0 ]; then
			echo "PASS $KIND/$SCRIPT/$T_NAME"
		else
			echo "FAIL $KIND/$SCRIPT/$T_NAME"
		fi
	fi
	T_NAME=""
}

t() {
	end_test
	T_NAME=$1
	T_FAILED=0
}

fail() {
	echo "  [$T_NAME] $*" >&2
	T_FAILED=1
}

expect_rc() { [ "$RC" = "$1" ] || fail "exit status $RC, expected $1; stderr: $ERR"; }
expect_out() { grep -qF -- "$1" "$T_DIR/out" || fail "stdout lacks '$1'; stdout: $(head -c 2000 "$T_DIR/out")"; }
expect_no_out() { ! grep -qF -- "$1" "$T_DIR/out" || fail "stdout has '$1'"; }
expect_err() { grep -qF -- "$1" "$T_DIR/err" || fail "stderr lacks '$1'; stderr: $ERR"; }
expect_eq() { [ "$1" = "$2" ] || fail "'$1' != '$2' ${3:-}"; }
expect_one_line_err() {
	local n
	n=$(wc -l <"$T_DIR/err")
	[ "$n" = 1 ] || fail "stderr has $n lines, expected 1: $ERR"
}
expect_empty_err() { [ ! -s "$T_DIR/err" ] || fail "stderr not empty: $ERR"; }
# sql QUERY: runs against $DB (read-only).
sql() { sqlite3 -readonly -batch "$DB" "$@"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# A fresh default pipeline at $DB.
fresh_db() {
	rm -f "$DB" "$DB-wal" "$DB-shm"
	plumb --db "$DB" init >/dev/null || fail "init failed"
}

finish() {
	end_test
	rm -rf "$T_DIR"
}
trap finish EXIT
