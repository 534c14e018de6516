# Forward migrations: an older pipeline is upgraded in one transaction;
# a failed upgrade leaves the file as it was.
. "$(dirname "$0")/../lib.sh"

# A version-2 pipeline: today's file without what version 3 added.
make_v2() {
	rm -f "$1" "$1-wal" "$1-shm"
	plumb --db "$1" demo --deals 60 >/dev/null
	sqlite3 "$1" "DROP TRIGGER deal_text_insert; DROP TRIGGER deal_text_delete;
		DROP TRIGGER deal_text_update; DROP TABLE deal_text_pending; DROP TABLE deal_text;
		PRAGMA user_version = 2; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
}
# A version-1 pipeline: without what versions 2 and 3 added.
make_v1() {
	make_v2 "$1"
	sqlite3 "$1" "DROP TRIGGER open_counts_insert; DROP TRIGGER open_counts_delete;
		DROP TRIGGER open_counts_update; DROP TABLE open_counts; PRAGMA user_version = 1;
		PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
}

t "version_1_is_upgraded"
make_v1 "$DB"
stalled=$(plumb --db "$DB" list --stalled --format json | jq length)
expect_eq "$(sql 'PRAGMA user_version')" "3"
expect_eq "$(sql "SELECT count(*) FROM sqlite_schema WHERE name IN ('open_counts', 'deal_text')")" "2"
run --db "$DB" check
expect_rc 0
expect_eq "$(plumb --db "$DB" list --stalled --format json | jq length)" "$stalled"

t "version_2_gets_a_text_index_of_every_deal"
make_v2 "$DB"
sqlite3 "$DB" "UPDATE deals SET title = 'Zyxwv pilot' WHERE id = 7" >/dev/null
run --db "$DB" list --status all --search "zyxwv" --format csv
expect_rc 0
expect_eq "$(printf '%s\n' "$OUT" | cut -d, -f1 | tail -n +2)" "7"
expect_eq "$(sql 'PRAGMA user_version')" "3"
expect_eq "$(sql "SELECT count(*) FROM deal_text WHERE deal_text MATCH '\"zyx\"'")" "1"
expect_eq "$(sql 'SELECT count(*) FROM deal_text_pending')" "0"
run --db "$DB" check
expect_rc 0

t "a_failed_upgrade_changes_nothing"
make_v1 "$T_DIR/v1.db"
# A trigger already named like version 2's last one makes the upgrade fail
# after it created its table and first triggers: all of that must go.
sqlite3 "$T_DIR/v1.db" "CREATE TRIGGER open_counts_update AFTER UPDATE ON stages BEGIN SELECT 1; END;
	PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
dump() { sqlite3 "$1" .dump | sha256sum; }
before=$(dump "$T_DIR/v1.db")
deals=$(sqlite3 "$T_DIR/v1.db" "SELECT count(*) FROM deals")
run --db "$T_DIR/v1.db" list
expect_rc 1
expect_one_line_err
expect_err "migrating the database to schema version 2"
expect_eq "$(sqlite3 "$T_DIR/v1.db" 'PRAGMA user_version')" "1"
expect_eq "$(sqlite3 "$T_DIR/v1.db" 'SELECT count(*) FROM deals')" "$deals"
expect_eq "$(sqlite3 "$T_DIR/v1.db" "SELECT count(*) FROM sqlite_schema WHERE name IN ('open_counts', 'open_counts_insert')")" "0"
# The content is as it was (only the journal mode may have become WAL).
expect_eq "$(dump "$T_DIR/v1.db")" "$before"

t "read_only_cannot_upgrade"
make_v1 "$T_DIR/ro.db"
before=$(sha "$T_DIR/ro.db")
"$PLUMB_BIN" --db "$T_DIR/ro.db" --read-only >"$T_DIR/out" 2>"$T_DIR/err" </dev/null
RC=$?
ERR=$(cat "$T_DIR/err")
expect_rc 1
expect_err "needs an upgrade"
expect_eq "$(sha "$T_DIR/ro.db")" "$before"
