# Several writers at once never lose a write nor show "database is locked".
. "$(dirname "$0")/../lib.sh"
fresh_db

t "four_writers_times_250_while_a_board_is_open"
tui_start 80 24 --db "$DB"
wait_board
for w in 1 2 3 4; do
	(
		for i in $(seq 250); do
			"$PLUMB_BIN" --db "$DB" add "w$w deal $i" >/dev/null 2>>"$T_DIR/errors.$w" ||
				echo "add failed: w$w $i" >>"$T_DIR/errors.$w"
		done
	) &
done
wait
expect_eq "$(sql 'SELECT count(*) FROM deals')" "1000"
cat "$T_DIR"/errors.* >"$T_DIR/errors" 2>/dev/null
[ ! -s "$T_DIR/errors" ] || fail "writers reported errors: $(head -5 "$T_DIR/errors")"
wait_for "Lead                  1000" 3
run --db "$DB" check
expect_rc 0
quit_ok

t "moves_and_logs_in_parallel_keep_history_consistent"
for w in 1 2 3; do
	(
		for i in $(seq 1 40); do
			id=$(((w - 1) * 40 + i))
			"$PLUMB_BIN" --db "$DB" move "$id" Demo >/dev/null 2>>"$T_DIR/e2"
			"$PLUMB_BIN" --db "$DB" log "$id" --channel email >/dev/null 2>>"$T_DIR/e2"
		done
	) &
done
wait
[ ! -s "$T_DIR/e2" ] || fail "errors: $(head -3 "$T_DIR/e2")"
expect_eq "$(sql "SELECT count(*) FROM activities")" "120"
expect_eq "$(sql "SELECT count(*) FROM stage_history WHERE from_stage_id IS NOT NULL")" "120"
run --db "$DB" check
expect_rc 0

t "backup_while_others_write"
(
	for i in $(seq 100); do "$PLUMB_BIN" --db "$DB" add "during backup $i" >/dev/null; done
) &
run --db "$DB" backup "$T_DIR/backup.db"
wait
expect_rc 0
run --db "$T_DIR/backup.db" check
expect_rc 0
n=$(sqlite3 "$T_DIR/backup.db" "SELECT count(*) FROM deals")
[ "$n" -ge 1000 ] && [ "$n" -le 1100 ] || fail "backup has $n deals"
run --db "$DB" backup "$T_DIR/backup.db"
expect_rc 1
expect_err "exists"

t "owner_filter_agrees_with_list"
plumb --db "$DB" add "Bob's one" --owner bob >/dev/null
plumb --db "$DB" add "Bob's two" --owner bob --stage Demo >/dev/null
tui_start 200 50 --db "$DB" --owner bob
wait_for "owner:bob"
for stage in Lead Demo; do
	n=$(plumb --db "$DB" list --owner bob --stage "$stage" --format json | jq length)
	screen | sed -n 2p | grep -q "$stage *$n " || fail "the $stage header does not say $n for bob: $(screen | sed -n 2p)"
done
quit_ok
