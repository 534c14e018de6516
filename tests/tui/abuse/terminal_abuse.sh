# Resize storms, extreme sizes, input floods, a terminal closed mid-form:
# no crash, a clean screen after a refresh, nothing lost.
. "$(dirname "$0")/../lib.sh"
demo_db 200

# fresh_screen W H: what a newly started board shows at that size (all but
# the status line), to compare a board that went through abuse against.
fresh_screen() {
	local sock="$T_DIR/fresh.sock" i
	tmux -S "$sock" -f /dev/null new-session -d -x "$1" -y "$2" \
		"env TERM=$TUI_TERM PLUMB_NOW=$PLUMB_NOW HOME=$HOME USER=$USER TZ=$TZ LC_ALL=$LC_ALL $(printf '%q' "$PLUMB_BIN") --db $(printf '%q' "$DB"); sleep 30"
	for i in $(seq 100); do
		tmux -S "$sock" capture-pane -p 2>/dev/null | grep -q "ideal 14d" && break
		sleep 0.05
	done
	sleep 0.3 # the status counts follow the first frame
	tmux -S "$sock" capture-pane -p | head -n $(($2 - 1))
	tmux -S "$sock" kill-server 2>/dev/null
}
# same_as_fresh W H: after a refresh, the screen is exactly a fresh board's.
same_as_fresh() {
	keys C-l
	wait_for "Refreshed" 10
	screen | head -n $(($2 - 1)) >"$T_DIR/abused"
	fresh_screen "$1" "$2" >"$T_DIR/fresh"
	diff "$T_DIR/fresh" "$T_DIR/abused" >"$T_DIR/screen.diff" ||
		fail "the screen after a refresh is not a fresh board's: $(head -20 "$T_DIR/screen.diff")"
}

t "resize_storm"
tui_start 80 24 --db "$DB"
wait_board
start=$(date +%s%N)
for i in $(seq 400); do
	resize $((1 + (i * 37) % 500)) $((1 + (i * 13) % 200))
done
ms=$((($(date +%s%N) - start) / 1000000))
[ "$ms" -lt 10000 ] || echo "  (the storm took $ms ms)" >&2
resize 80 24
wait_for "column 1/6" 10
screen | grep -q "EXIT=" && fail "plumb exited during the storm"
screen | head -2 | grep -q "Lead" || fail "the board is not drawn after the storm"
same_as_fresh 80 24

t "extreme_sizes"
for size in "1 1" "2 2" "20 6" "29 9" "30 10" "500 200" "80 24"; do
	resize $size
	sleep 0.1
	screen | grep -q "EXIT=" && fail "plumb exited at $size"
done
wait_for "column 1/6"

t "input_flood"
keys -N 2000 j
keys -N 1500 l
keys -N 1500 h
keys -N 1000 k
for i in $(seq 100); do type_text "jjjjjkkkkklllhhh?q/x"; keys Escape Escape; done
keys Escape Escape
keys C-l
wait_for "Refreshed" 20
screen | grep -q "EXIT=" && fail "plumb exited under the flood"
expect_eq "$(sql 'SELECT count(*) FROM deals')" "200"
# Back to the first card of the first column: the same screen as a fresh
# board's (nothing left over from thousands of keys).
keys -N 8 h
keys g
same_as_fresh 80 24

t "terminal_closed_right_after_moves"
# A move in flight when the terminal goes: all of it or none of it.
cp "$DB" "$T_DIR/hup.db"
sqlite3 "$T_DIR/hup.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
tui_start 80 24 --db "$T_DIR/hup.db"
wait_board
keys L j L u L
"${TMUX_CMD[@]}" kill-server
for i in $(seq 50); do pgrep -f "plumb --db $T_DIR/hup.db" >/dev/null || break; sleep 0.1; done
[ "$(sqlite3 "$T_DIR/hup.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
run --db "$T_DIR/hup.db" check
expect_rc 0
expect_eq "$(sqlite3 -readonly "$T_DIR/hup.db" "SELECT count(*) FROM deals d WHERE d.stage_id <> (SELECT to_stage_id FROM stage_history h WHERE h.deal_id = d.id ORDER BY h.id DESC LIMIT 1)")" 0
tui_start 80 24 --db "$DB"
wait_board

t "terminal_closed_mid_form"
keys a
wait_for "New deal"
type_text "Half typed"
pid=$(pgrep -n -f "plumb --db $DB")
"${TMUX_CMD[@]}" kill-server
for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "plumb still runs after its terminal went away"
expect_eq "$(sql "SELECT count(*) FROM deals WHERE title='Half typed'")" "0"
run --db "$DB" check
expect_rc 0
