# Filter by text, quick toggles, closed columns.
. "$(dirname "$0")/../lib.sh"
fresh_db
plumb --db "$DB" add "Apple orchard" --owner tester >/dev/null
plumb --db "$DB" add "Banana boat" --owner bob --key-account >/dev/null
PLUMB_NOW=2026-09-01T10:00:00 plumb --db "$DB" add "Cherry old" --owner bob >/dev/null
plumb --db "$DB" add "Damson won" >/dev/null
plumb --db "$DB" won 4 >/dev/null

t "text_filter"
tui_start 80 24 --db "$DB"
wait_board
wait_for "Apple orchard"
keys /
wait_for "Filter:"
type_text "banana"
keys Enter
wait_for "/banana"
wait_gone "Apple orchard"
wait_for "Banana boat"
keys Escape
wait_for "Filters cleared"
wait_for "Apple orchard"

t "mine_toggle"
keys m
wait_for "owner:tester"
wait_gone "Banana boat"
wait_for "Apple orchard"
keys m
wait_for "Banana boat"

t "stalled_only_and_key_accounts"
keys '!'
wait_for "[stalled]"
wait_gone "Apple orchard"
wait_for "Cherry old"
keys '!' '*'
wait_for "[key]"
wait_for "Banana boat"
wait_gone "Cherry old"
keys '*'
wait_gone "[key]"

t "closed_columns"
keys c
wait_for "Won and Lost columns: on"
keys l l l l l l
wait_for "column 7/8"
wait_for "Damson won"
keys c
wait_gone "Damson won"
quit_ok

t "owner_flag_filters_the_board"
tui_start 80 24 --db "$DB" --owner bob
wait_board
wait_for "owner:bob"
wait_for "Banana boat"
wait_gone "Apple orchard"
quit_ok
