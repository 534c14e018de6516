# The stats and standup screens, and --standup for the team meeting.
. "$(dirname "$0")/../lib.sh"
demo_db 300 1

t "stats_screen_shows_the_numbers_with_charts"
tui_start 80 24 --db "$DB"
wait_board
keys s
wait_for "Sales cycle and forecast"
won=$(plumb --db "$DB" stats --format json | jq -r '.cycle.won')
median=$(plumb --db "$DB" stats --format json | jq -r '.cycle.median_days')
wait_for "(median $median) over $won won deals"
wait_for "Funnel by stage"
wait_for "<- bottleneck"
screen | grep -q "█" || fail "no bar chart"
keys G
wait_for "Lost reasons"
keys Escape
wait_board

t "stats_follow_the_owner_filter"
keys m
wait_for "owner:tester"
keys s
wait_for "Stats  tester"
keys Escape
keys m
wait_gone "owner:tester"

t "standup_pages_through_owners"
keys S
wait_for "Standup"
wait_for "Team:"
first=$(screen | head -1)
keys n
wait_until '[ "$(screen | head -1)" != "$first" ]'
keys p
wait_until '[ "$(screen | head -1)" = "$first" ]'
wait_for "Follow-ups overdue"
keys Escape
wait_board
quit_ok

t "standup_flag_opens_the_meeting_and_q_ends_it"
tui_start 80 24 --db "$DB" --standup
wait_for "Standup"
wait_for "Since "
screen | head -1 | grep -q "(1/" || screen | head -1 | grep -q "/5)" || fail "no owner position in the title"
keys q
wait_for "EXIT=0"

t "standup_on_a_big_screen"
tui_start 200 50 --db "$DB" --standup
wait_for "Stalled ("
keys q
wait_for "EXIT=0"
