# Resize storms, extreme sizes, input floods, a terminal closed mid-form:
# no crash, a clean screen after a refresh, nothing lost.
. "$(dirname "$0")/../lib.sh"
demo_db 200

t "resize_storm"
tui_start 80 24 --db "$DB"
wait_board
for i in $(seq 150); do
	resize $((10 + (i * 37) % 240)) $((3 + (i * 13) % 90))
done
resize 80 24
wait_for "column 1/6" 10
keys C-l
wait_for "Refreshed" 10
screen | grep -q "EXIT=" && fail "plumb exited during the storm"
screen | head -2 | grep -q "Lead" || fail "the board is not drawn after the storm"

t "extreme_sizes"
for size in "1 1" "2 2" "20 6" "29 9" "30 10" "500 200" "80 24"; do
	resize $size
	sleep 0.1
	screen | grep -q "EXIT=" && fail "plumb exited at $size"
done
wait_for "column 1/6"

t "input_flood"
keys -N 500 j
keys -N 500 l
keys -N 300 h
keys -N 200 k
for i in $(seq 20); do type_text "jjjjjkkkkklllhhh?q"; done
keys Escape Escape
keys C-l
wait_for "Refreshed" 10
screen | grep -q "EXIT=" && fail "plumb exited under the flood"
expect_eq "$(sql 'SELECT count(*) FROM deals')" "200"

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
