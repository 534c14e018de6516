# A real full disk (a small tmpfs, tmpfs.bash): an import, an export and a
# demo on it end with a clear message and nothing half-written, and work
# once there is room. The board's side is tests/tui/abuse/full_disk.sh.
. "$(dirname "$0")/../lib.sh"
KIND=faults
. "$(dirname "$0")/tmpfs.bash"
trap 'unmount_tmpfs; finish' EXIT

rows_csv() { # rows file
	awk -v n="$1" 'BEGIN { print "title,company,value,notes"
		for (i = 1; i <= n; i++)
			printf "Deal %d with a long title to take room,Company %d,%d,%s\n", i, i, i * 10,
				"notes notes notes notes notes notes notes notes notes notes notes notes"
	}' >"$2"
}

t "import_on_a_full_disk"
resize_disk 512k
D="$MNT/p.db"
plumb --db "$D" init >/dev/null || fail "init on the tmpfs failed"
rows_csv 8000 "$T_DIR/big.csv"
before=$(sqlite3 -readonly "$D" .dump)
run --db "$D" import "$T_DIR/big.csv"
expect_rc 1
expect_one_line_err
expect_err "disk is full"
expect_eq "$(sqlite3 -readonly "$D" 'SELECT count(*) FROM deals')" 0
expect_eq "$(sqlite3 -readonly "$D" .dump)" "$before" "(the pipeline changed)"
run --db "$D" check
expect_rc 0
# With room again, the same import goes through whole.
resize_disk 16m
run --db "$D" import "$T_DIR/big.csv"
expect_rc 0
expect_eq "$(sqlite3 -readonly "$D" 'SELECT count(*) FROM deals')" 8000
run --db "$D" check
expect_rc 0
rm -f "$D"*

t "export_to_a_full_disk"
rm -f "$DB"*
plumb --db "$DB" demo --deals 400 >/dev/null
resize_disk 64k
echo "old export" >"$MNT/out.csv"
fill
run --db "$DB" export -o "$MNT/out.csv"
expect_rc 1
expect_one_line_err
expect_err "No space left on device"
expect_eq "$(cat "$MNT/out.csv")" "old export"
ls -A "$MNT" | grep -q '^\.plumb-export-' && fail "a temporary file was left on the full disk"
rm -f "$MNT/filler"
# stdout on a full device: the same.
"$PLUMB_BIN" --db "$DB" export >/dev/full 2>"$T_DIR/err"
RC=$?
ERR=$(cat "$T_DIR/err")
expect_rc 1
expect_one_line_err
"$PLUMB_BIN" --db "$DB" list >/dev/full 2>"$T_DIR/err"
RC=$?
ERR=$(cat "$T_DIR/err")
expect_rc 1
expect_one_line_err

t "demo_on_a_full_disk"
resize_disk 256k
run --db "$MNT/demo.db" demo --deals 3000
expect_rc 1
expect_one_line_err
expect_err "disk is full"
[ ! -e "$MNT/demo.db" ] || fail "a half demo was left as demo.db"
ls -A "$MNT" | grep -q '^\.plumb-demo-' && fail "the demo's temporary file was left behind"
true
