# Bad input: one line on stderr, a non-zero exit, nothing lost.
. "$(dirname "$0")/../lib.sh"
fresh_db
plumb --db "$DB" add "Keep me" >/dev/null

t "not_a_database"
printf 'hello, I am a text file that is certainly not an SQLite database at all....................................\n' >"$T_DIR/text.db"
before=$(sha "$T_DIR/text.db")
run --db "$T_DIR/text.db" list
expect_rc 1
expect_one_line_err
expect_err "not a plumb database"
expect_eq "$(sha "$T_DIR/text.db")" "$before"

t "other_sqlite_file_is_not_ours"
sqlite3 "$T_DIR/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES(1);"
before=$(sha "$T_DIR/other.db")
run --db "$T_DIR/other.db" add "x"
expect_rc 1
expect_one_line_err
expect_err "not a plumb database"
expect_eq "$(sha "$T_DIR/other.db")" "$before"

t "corrupt_database"
cp "$DB" "$T_DIR/corrupt.db"
plumb --db "$T_DIR/corrupt.db" list >/dev/null
sqlite3 "$T_DIR/corrupt.db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
size=$(stat -c %s "$T_DIR/corrupt.db")
# Overwrite the middle of the file (table pages) with garbage.
dd if=/dev/urandom of="$T_DIR/corrupt.db" bs=1 seek=$((size / 2)) count=$((size / 4)) conv=notrunc 2>/dev/null
run --db "$T_DIR/corrupt.db" check
[ "$RC" -ne 0 ] || fail "check passed on a corrupt file"
run --db "$T_DIR/corrupt.db" list
if [ "$RC" -ne 0 ]; then
	expect_one_line_err
fi

t "newer_schema_is_refused_untouched"
cp "$DB" "$T_DIR/newer.db"
sqlite3 "$T_DIR/newer.db" "PRAGMA user_version = 99;"
rm -f "$T_DIR/newer.db-wal" "$T_DIR/newer.db-shm"
before=$(sha "$T_DIR/newer.db")
run --db "$T_DIR/newer.db" add "x"
expect_rc 1
expect_one_line_err
expect_err "schema version 99, newer than this plumb knows"
expect_eq "$(sha "$T_DIR/newer.db")" "$before"

t "read_only_file_still_reads"
cp "$DB" "$T_DIR/ro.db"
plumb --db "$T_DIR/ro.db" list >/dev/null
mkdir -p "$T_DIR/rodir"
cp "$T_DIR/ro.db" "$T_DIR/ro.db-wal" "$T_DIR/ro.db-shm" "$T_DIR/rodir/" 2>/dev/null
chmod 444 "$T_DIR/rodir/ro.db"*
chmod 555 "$T_DIR/rodir"
# The checkout may sit in a private directory: give the other user a copy.
cp "$PLUMB_BIN" "$T_DIR/plumb-copy"
chmod 755 "$T_DIR/plumb-copy"
as_other() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$HOME" "$@"
	else
		"$@"
	fi
}
as_other "$T_DIR/plumb-copy" --db "$T_DIR/rodir/ro.db" list >"$T_DIR/out" 2>"$T_DIR/err"
RC=$?
OUT=$(cat "$T_DIR/out")
expect_rc 0
expect_out "Keep me"
as_other "$T_DIR/plumb-copy" --db "$T_DIR/rodir/ro.db" add "Nope" >"$T_DIR/out" 2>"$T_DIR/err"
RC=$?
ERR=$(cat "$T_DIR/err")
expect_rc 1
expect_one_line_err
expect_err "read-only"
chmod 755 "$T_DIR/rodir"

t "unknown_deal_and_bad_values"
run --db "$DB" edit 42 --value 5
expect_rc 1
expect_one_line_err
expect_err "no deal with id 42"
run --db "$DB" add "x" --value "12,00"
expect_rc 1
expect_one_line_err
expect_err "not a valid amount"
run --db "$DB" add "x" --value "-3"
expect_rc 1
expect_err "negative"
run --db "$DB" add "x" --next "someday"
expect_rc 1
expect_one_line_err
expect_err "not a date"
run --db "$DB" add "x" --next 2026-02-30
expect_rc 1
run --db "$DB" add ""
expect_rc 1
expect_err "needs a title"
run --db "$DB" add "x" --score 101
expect_rc 1
expect_eq "$(sql 'SELECT count(*) FROM deals')" "1"

t "hostile_title_is_stored_exactly_and_shown_sanitised"
hostile=$(printf 'Evil \033]0;pwned\007 \033[2J\rX\bY\x7f \xc2\x9b31m \xe2\x80\xae cba %%n %%s'"'"'; DROP TABLE deals;--')
run --db "$DB" add "$hostile"
expect_rc 0
id=$OUT
expect_eq "$(sqlite3 -readonly "$DB" "SELECT hex(title) FROM deals WHERE id=$id")" \
	"$(printf '%s' "$hostile" | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
for cmd in "list" "show $id" "list --status all"; do
	run --db "$DB" $cmd
	expect_rc 0
	if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$T_DIR/out"; then
		fail "'$cmd' wrote a control character"
	fi
	if grep -q $'\xc2\x9b\|\xe2\x80\xae' "$T_DIR/out"; then
		fail "'$cmd' wrote a C1 or bidi control"
	fi
done
run --db "$DB" list --format json
printf '%s' "$OUT" | jq -e --arg t "$hostile" '.[] | select(.title == $t)' >/dev/null ||
	fail "json does not carry the exact title"

t "long_title_round_trips"
long=$(head -c 10240 /dev/zero | tr '\0' 'x')
run --db "$DB" add "$long"
expect_rc 0
expect_eq "$(sql "SELECT length(title) FROM deals WHERE id=$OUT")" "10240"
COLUMNS=80 run --db "$DB" list
[ "$(LC_ALL=C.UTF-8 wc -L <"$T_DIR/out")" -le 80 ] || fail "a long title broke the layout"

t "usage_errors_exit_2"
run --db "$DB" frobnicate
expect_rc 2
expect_one_line_err
expect_err "'frobnicate' is not a command"
run --db "$DB" list --bogus
expect_rc 2
expect_one_line_err
expect_err "unknown option"
run --db "$DB" move 1
expect_rc 2
expect_err "missing ID STAGE"
run --db "$DB" list extra
expect_rc 2
run --db "$DB" add
expect_rc 2
run --db
expect_rc 2
expect_err "missing argument"

t "malformed_config_is_an_error"
mkdir -p "$HOME/.config/plumb"
printf '[display]\ntheme = mono\nmouse = perhaps\n' >"$HOME/.config/plumb/config.ini"
run --db "$DB" list
expect_rc 1
expect_one_line_err
expect_err "config.ini: [display] mouse:"
printf '[display]\nthis is not ini\n' >"$HOME/.config/plumb/config.ini"
run --db "$DB" list
expect_rc 1
expect_err "config.ini:2:"
rm -f "$HOME/.config/plumb/config.ini"

t "bad_plumb_now"
PLUMB_NOW=soon run --db "$DB" list
expect_rc 1
expect_one_line_err
expect_err "PLUMB_NOW"

t "nothing_was_lost"
run --db "$DB" check
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM deals WHERE title='Keep me'")" "1"
