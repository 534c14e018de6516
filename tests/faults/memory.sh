# Out of memory, SQLite's way: the Nth allocation fails, N rising over
# open, init, move, import and export until each completes. plumb's own
# allocations (xmalloc) end the program with one line; SQLite's become a
# clear error; either way nothing is half-written.
here=$(dirname "$0")
. "$here/loop.bash"
. "$here/ops.bash"
prepare_ops
for op in $OPS; do
	t "$op"
	fault_loop alloc "$op"
	fault_loop sqlite-alloc "$op"
	# Persistent failure: every allocation from the Nth on.
	fault_loop sqlite-alloc:persist "$op"
done

# The last allocation of an import comes after its COMMIT (the summary):
# the exit says the change was saved, so nobody imports the file twice.
t "import: out of memory after saving says the change was saved"
setup_db empty
(cd "$W" && PLUMB_FAULT=alloc:1000000 PLUMB_FAULT_REPORT="$W/report" \
	"$PLUMB_FAULTS_BIN" --db p.db import "$CSV_NEW" \
	>/dev/null 2>"$W/err") || fail "import without a fault failed: $(cat "$W/err")"
last=$(sed -n 's/^events=\([0-9]*\).*/\1/p' "$W/report")
setup_db empty
(cd "$W" && PLUMB_FAULT="alloc:$last" "$PLUMB_FAULTS_BIN" --db p.db import "$CSV_NEW" \
	>/dev/null 2>"$W/err")
RC=$?
[ "$RC" = 1 ] || fail "exit status $RC, expected 1"
grep -q '^plumb: out of memory.*the change was saved before that$' "$W/err" ||
	fail "the message does not say the import was saved: $(cat "$W/err")"
[ "$(sqlite3 -readonly "$W/p.db" 'SELECT count(*) FROM deals')" = 30 ] ||
	fail "the import was not saved whole"

fault_summary
