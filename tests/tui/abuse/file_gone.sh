# The database deleted, replaced or overwritten under a running board: a
# clear message, no crash, and no change sent to a file no one will see.
. "$(dirname "$0")/../lib.sh"
demo_db 60

# ended_cleanly: quits and checks plumb exited by itself (not by a signal).
ended_cleanly() {
	keys q
	wait_for "EXIT=" 5
	screen | grep -qE 'EXIT=(0|1)$' || fail "plumb did not end cleanly: $(screen | grep EXIT=)"
}

# one_deal_db PATH TITLE: a new pipeline with one deal, its WAL folded in.
one_deal_db() {
	rm -f "$1"*
	plumb --db "$1" init >/dev/null
	plumb --db "$1" add "$2" >/dev/null
	sqlite3 "$1" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
}

t "deleted_under_the_board"
cp "$DB" "$T_DIR/gone.db"
tui_start 100 30 --db "$T_DIR/gone.db"
wait_board
rm -f "$T_DIR/gone.db" "$T_DIR/gone.db-wal" "$T_DIR/gone.db-shm"
wait_for "was deleted" 4
# A change is refused with the same message rather than lost.
keys L
wait_for "was deleted" 3
screen | grep -q "Moved" && fail "a move was reported done on a deleted file"
keys a
wait_for "New deal"
type_text "Into the void"
keys Enter
wait_for "was deleted" 3
keys Escape
screen | grep -q "EXIT=" && fail "the board ended"
ended_cleanly
[ ! -e "$T_DIR/gone.db" ] || fail "the deleted file came back"

t "replaced_under_the_board"
cp "$DB" "$T_DIR/live.db"
tui_start 100 30 --db "$T_DIR/live.db"
wait_board
one_deal_db "$T_DIR/other.db" "Replacement deal"
before=$(sqlite3 -readonly "$T_DIR/other.db" .dump)
# Replaced as a restore should be done: the old WAL and shm go too (a WAL
# left beside another database would be replayed into it by SQLite).
mv "$T_DIR/other.db" "$T_DIR/live.db"
rm -f "$T_DIR/live.db-wal" "$T_DIR/live.db-shm"
wait_for "was replaced" 4
keys L
wait_for "was replaced" 3
keys u
ended_cleanly
expect_eq "$(sqlite3 -readonly "$T_DIR/live.db" .dump)" "$before" "(the new file was changed)"
run --db "$T_DIR/live.db" check
expect_rc 0

t "overwritten_in_place_under_the_board"
# cp over a live database is what 'plumb backup' exists to avoid; the
# board may show errors, but must not crash.
cp "$DB" "$T_DIR/over.db"
tui_start 100 30 --db "$T_DIR/over.db"
wait_board
one_deal_db "$T_DIR/small.db" "Small deal"
cp "$T_DIR/small.db" "$T_DIR/over.db"
sleep 1.5
keys r j j L u k
sleep 1
screen | grep -q "EXIT=" && fail "the board ended: $(screen | tail -3)"
ended_cleanly
