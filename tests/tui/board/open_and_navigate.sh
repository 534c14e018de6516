# Opening the board, moving around, quitting cleanly.
. "$(dirname "$0")/../lib.sh"
demo_db 120

t "opens_at_80x24_with_columns_and_status"
tui_start 80 24 --db "$DB"
wait_board
screen | head -2 | grep -q "Lead" || fail "no Lead column header"
screen | grep -q "Qualified" || fail "no Qualified column"
screen | tail -1 | grep -q "stalled" || fail "status bar lacks the stalled count"
screen | head -1 | grep -q "column 1/6" || fail "title lacks the column position"

t "six_stages_scroll_horizontally"
screen | head -2 | grep -q "3▶" || fail "no indicator for hidden columns on the right"
keys l l l
wait_for "column 4/6"
screen | head -2 | grep -q "Proposal" || fail "Proposal not scrolled into view"
screen | head -2 | grep -q "◀" || fail "no indicator for hidden columns on the left"
# Drawn with its cards in the same frame that scrolled it into view.
proposal=$(plumb --db "$DB" list --stage Proposal --limit 1 --format json | jq -r '.[0].title')
screen | grep -qF "${proposal:0:18}" || fail "Proposal's first card '$proposal' is not shown"
keys l l l l
wait_for "column 6/6"
keys h h h h h
wait_for "column 1/6"

t "hidden_columns_show_changes_made_while_hidden"
# Columns off screen are read when they come into view, from fresh data.
last=$(sql "SELECT name FROM stages ORDER BY position DESC LIMIT 1")
plumb --db "$DB" add "Lazy column check" --stage "$last" >/dev/null
sleep 1.5 # the board reloads on its next tick
keys l l l l l
wait_for "column 6/6"
keys G # newest last
wait_for "Lazy column che"
keys g h h h h h
wait_for "column 1/6"

t "down_selects_and_scrolls_within_a_column"
first=$(screen | sed -n 4p)
for i in 1 2 3 4 5 6; do keys j; done
wait_for "↑"
[ "$(screen | sed -n 4p)" != "$first" ] || fail "the column did not scroll"
keys g
wait_gone "↑"

t "enter_opens_detail_and_escape_returns"
keys Enter
wait_for "Playbook"
keys G
wait_for "Timeline (newest first)"
wait_for "created in Lead"
keys Escape
wait_board
wait_gone "Timeline"

t "help_lists_every_action_and_marker"
keys '?'
wait_for "Keys (rebind"
wait_for "move-right"
keys G
wait_for "qualify out"
keys q
wait_gone "Keys (rebind"

t "quit_restores_the_terminal"
quit_ok
