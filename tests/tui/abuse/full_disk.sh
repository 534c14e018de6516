# A real full disk under the board (a small tmpfs, tests/faults/tmpfs.bash):
# a move that finds no room says so on the status bar, the board stays up,
# nothing is half-written, and moves work again once there is room.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../../faults/tmpfs.bash"
trap '"${TMUX_CMD[@]}" kill-server 2>/dev/null; unmount_tmpfs; finish' EXIT
D="$MNT/p.db"

t "board_action_on_a_full_disk"
resize_disk 4m
plumb --db "$D" init >/dev/null
for i in $(seq 12); do plumb --db "$D" add "Deal $i" >/dev/null; done
tui_start 100 30 --db "$D"
wait_board
wait_for "Deal 1"
fill
# Each move writes to the WAL; within a few there is no room left.
full=0
for i in $(seq 30); do
	keys L
	sleep 0.15
	if screen | grep -q "disk is full"; then
		full=1
		break
	fi
	keys H
	sleep 0.15
	if screen | grep -q "disk is full"; then
		full=1
		break
	fi
done
[ "$full" = 1 ] || fail "no full-disk message after 60 moves: $(screen | tail -2)"
screen | grep "disk is full" | grep -q "nothing was changed" || fail "the message does not say nothing was changed"
screen | grep -q "EXIT=" && fail "the board ended on a full disk"
rm -f "$MNT/filler"
keys j
keys L
wait_for "Moved" 5
keys q
wait_for "EXIT=0" 5
run --db "$D" check
expect_rc 0
[ "$(sqlite3 "$D" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
# Every deal's last history row agrees with its stage: no half move.
expect_eq "$(sqlite3 -readonly "$D" "SELECT count(*) FROM deals d WHERE d.stage_id <> (SELECT to_stage_id FROM stage_history h WHERE h.deal_id = d.id ORDER BY h.id DESC LIMIT 1)")" 0
rm -f "$D"*

