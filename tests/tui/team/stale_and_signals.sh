# A change made elsewhere between display and action is refused; SIGHUP
# leaves the database consistent; terminals other than tmux work.
. "$(dirname "$0")/../lib.sh"
fresh_db
plumb --db "$DB" add "Contested deal" >/dev/null

t "edit_form_refuses_a_deal_changed_meanwhile"
tui_start 80 24 --db "$DB"
wait_board
keys e
wait_for "Edit deal 1"
plumb --db "$DB" move 1 Proposal >/dev/null
keys C-u
type_text "My rename"
keys Enter
wait_for "changed by someone else"
keys Escape
# Refused, the board shows where the deal really is now.
wait_for "column 1/6"
expect_eq "$(sql "SELECT title FROM deals WHERE id=1")" "Contested deal"

t "sighup_leaves_the_database_consistent"
plumb --db "$DB" move 1 Lead >/dev/null
keys r
wait_for "Refreshed"
wait_for "Lead                     1" 2
keys L
wait_for "Moved"
pid=$(pgrep -n -f "plumb --db $DB")
kill -HUP "$pid"
wait_for "EXIT=0"
run --db "$DB" check
expect_rc 0

t "terminal_types"
for term in xterm-256color screen-256color tmux-256color xterm vt100 linux; do
	TUI_TERM=$term tui_start 80 24 --db "$DB"
	wait_for "ideal 14d" 3 || fail "TERM=$term"
	wait_for "Contested deal" 3
	quit_ok
done

t "escape_is_immediate"
tui_start 80 24 --db "$DB"
wait_board
keys '?'
wait_for "Keys (rebind"
start=$(date +%s%N)
keys Escape
wait_gone "Keys (rebind" 2
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
# ESCDELAY is 25 ms; curses' default would be a full second.
[ "$elapsed_ms" -lt 500 ] || fail "Esc took $elapsed_ms ms"
quit_ok

# click X Y / wheel_down X Y: xterm (X10) mouse reports, 0-based cells.
mouse_report() {
	local b=$1 x=$(($2 + 33)) y=$(($3 + 33))
	type_text "$(printf "\033[M%b%b%b" "\\x$(printf %x "$b")" "\\x$(printf %x "$x")" "\\x$(printf %x "$y")")"
}
click() { mouse_report 32 "$1" "$2"; mouse_report 35 "$1" "$2"; }
wheel_down() { mouse_report 97 "$1" "$2"; }

t "mouse_click_selects_and_wheel_scrolls"
fresh_db
plumb --db "$DB" add "First lead" >/dev/null
plumb --db "$DB" add "Second lead" >/dev/null
plumb --db "$DB" add "Qualified one" --stage Qualified >/dev/null
tui_start 80 24 --db "$DB"
wait_board
wait_for "Qualified one"
click 30 4
wait_for "column 2/6"
keys Enter
wait_for "Qualified one"
keys Escape
wait_board
click 3 8
wait_for "column 1/6"
keys Enter
wait_for "Second lead"
keys Escape
wait_board
click 3 4
wheel_down 3 4
keys Enter
wait_for "Second lead"
keys Escape
quit_ok

t "mouse_can_be_turned_off"
mkdir -p "$HOME/.config/plumb"
printf '[display]\nmouse = no\n' >"$HOME/.config/plumb/config.ini"
tui_start 80 24 --db "$DB"
wait_board
click 30 4
keys j
keys k
wait_for "column 1/6"
screen | head -1 | grep -q "column 2/6" && fail "a click selected a column with the mouse off"
rm -f "$HOME/.config/plumb/config.ini"
quit_ok
