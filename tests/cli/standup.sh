# plumb standup: since the last working day, per owner, in text, Markdown
# and JSON, on a pipeline built at known times.
. "$(dirname "$0")/../lib.sh"
fresh_db
export PLUMB_NOW=2026-12-07T09:00:00 # a Monday: the standup looks back to Friday 12-04

at() {
	local when=$1
	shift
	PLUMB_NOW="$when" plumb --db "$DB" "$@"
}

# ann: a deal moved on Thursday night (too early), Friday and Saturday.
P=$(at 2026-11-20T10:00:00 add "Moving *bold* [link](http://x)" --owner ann --value 1000)
at 2026-12-03T23:59:00 move "$P" Qualified >/dev/null
at 2026-12-04T00:00:00 move "$P" Demo >/dev/null
at 2026-12-05T10:00:00 move "$P" Proposal >/dev/null
at 2026-12-05T11:00:00 objection "$P" --category price --said "Too dear" >/dev/null
# ann: four more old deals (stalled: with one won deal the ideal, 14 days, is the threshold).
for i in 1 2 3 4; do
	S=$(at "2026-10-0${i}T10:00:00" add "Old $i" --owner ann)
done
at 2026-11-01T10:00:00 objection "$S" --category timing --said "Later" --state resolved >/dev/null
# bob: won on Sunday, lost on Friday, lost on Thursday (too early), reopened Saturday.
W=$(at 2026-11-01T10:00:00 add "Won on Sunday" --owner bob --value 2500)
at 2026-12-06T10:00:00 won "$W" >/dev/null
L=$(at 2026-11-02T10:00:00 add "Lost on Friday" --owner bob --value 100)
at 2026-12-04T15:00:00 lost "$L" --reason "no budget" >/dev/null
at 2026-12-04T16:00:00 objection "$L" --category price --said "Nope" >/dev/null
T=$(at 2026-11-03T10:00:00 add "Lost on Thursday" --owner bob)
at 2026-12-03T15:00:00 lost "$T" --reason "bad timing" >/dev/null
R=$(at 2026-11-04T10:00:00 add "Reopened" --owner bob)
at 2026-11-30T10:00:00 won "$R" >/dev/null
at 2026-12-05T10:00:00 move "$R" Negotiation >/dev/null
# a follow-up due today for bob
D=$(at 2026-12-01T10:00:00 add "Due today" --owner bob --next 2026-12-07)

jqe() { printf '%s' "$OUT" | jq -e "$1" >/dev/null || fail "jq: $1 is false; output: $(printf '%s' "$OUT" | head -c 3000)"; }
page() { printf '.owners[] | select(.owner == "%s")' "$1"; }

t "json_counts_since_friday"
run --db "$DB" standup --format json
expect_rc 0
expect_empty_err
jqe '.today == "2026-12-07" and .since == "2026-12-04"'
jqe '[.owners[].owner] == ["ann", "bob"]'
jqe "$(page ann) | .counts.moved == 2 and .counts.won == 0 and .counts.open_objections == 1"
jqe "$(page bob) | .counts.moved == 1 and .counts.won == 1 and .counts.won_value_minor == 250000"
jqe "$(page bob) | .counts.lost == 1 and .counts.lost_value_minor == 10000 and .counts.open_objections == 0"
jqe '.team.moved == 3 and .team.won == 1 and .team.lost == 1 and .team.open_objections == 1'
jqe "$(page bob) | .counts.followups_due_today == 1"

t "json_lists_newest_first"
run --db "$DB" standup --format json
jqe "$(page ann) | [.moved[] | .to_stage] == [\"Proposal\", \"Demo\"]"
jqe "$(page ann) | .moved[0].from_stage == \"Demo\" and .moved[0].reopened == false"
jqe "$(page bob) | .moved[0].title == \"Reopened\" and .moved[0].reopened == true"
jqe "$(page bob) | .won[0].title == \"Won on Sunday\" and .lost[0].lost_reason == \"no budget\""
jqe "$(page ann) | .open_objections[0].said == \"Too dear\" and .open_objections[0].state == \"open\""
jqe "$(page bob) | .followups_due | map(.title) | index(\"Due today\") != null"

t "counts_agree_with_list"
run --db "$DB" standup --format json
for owner in ann bob; do
	stalled=$(plumb --db "$DB" list --owner "$owner" --stalled --format json | jq length)
	overdue=$(plumb --db "$DB" list --owner "$owner" --overdue --format json | jq length)
	due=$(plumb --db "$DB" list --owner "$owner" --due --format json | jq length)
	expect_eq "$(printf '%s' "$OUT" | jq "$(page "$owner") | .counts.stalled")" "$stalled" "($owner stalled)"
	expect_eq "$(printf '%s' "$OUT" | jq "$(page "$owner") | .counts.followups_overdue")" "$overdue" "($owner overdue)"
	expect_eq "$(printf '%s' "$OUT" | jq "$(page "$owner") | .counts.followups_due + .counts.followups_overdue")" "$due" "($owner due)"
done
jqe "$(page ann) | .counts.stalled == 5"

t "limit_counts_the_rest"
run --db "$DB" standup --owner ann --limit 2
expect_rc 0
expect_out "  Stalled (5)"
expect_out "    and 3 more"
[ "$(grep -c '^    #' "$T_DIR/out")" -le 12 ] || fail "lists are not limited"
run --db "$DB" standup --owner ann --limit 2 --format json
jqe "$(page ann) | (.stalled | length) == 2 and .counts.stalled == 5"

t "one_owner_keeps_the_team_line"
run --db "$DB" standup --owner bob
expect_rc 0
expect_out "== bob =="
expect_no_out "== ann =="
expect_out "  Since Friday: moved 3, won 1 (2,500), lost 1"
expect_out "  Now: follow-ups due 1 (1 today), overdue 6, stalled 6, open objections 1"
run --db "$DB" standup --owner nobody --format json
expect_rc 0
jqe '[.owners[].owner] == ["nobody"] and .team.moved == 3'

t "text_fits_80_columns"
COLUMNS=80 run --db "$DB" standup
expect_rc 0
expect_out "Standup, Monday 2026-12-07 (since Friday 2026-12-04)"
expect_out "Demo -> Proposal"
expect_out "reopened (was won) into Negotiation"
while IFS= read -r line; do
	w=$(printf '%s' "$line" | wc -L)
	[ "$w" -le 80 ] || fail "line is $w columns: $line"
done <"$T_DIR/out"

t "markdown_escapes_stored_text"
run --db "$DB" standup --format markdown
expect_rc 0
expect_out "## Standup, Monday 2026-12-07 (since Friday 2026-12-04)"
expect_out "### ann"
expect_out '**Moved** (2)'
expect_out '- #1 Moving \*bold\* \[link\](http://x): Demo -> Proposal'
expect_no_out "*bold*"

t "since_follows_the_weekday"
for pair in 2026-12-08:2026-12-07 2026-12-06:2026-12-04 2026-12-05:2026-12-04 2026-12-11:2026-12-10 2027-01-04:2027-01-01; do
	PLUMB_NOW="${pair%%:*}T09:00:00" run --db "$DB" standup --format json
	jqe ".since == \"${pair#*:}\""
done
PLUMB_NOW=2026-12-08T09:00:00 run --db "$DB" standup --format json
jqe '.team.moved == 0 and .team.won == 0' # Tuesday: only Monday counts

t "usage_errors"
run --db "$DB" standup --format pdf
expect_rc 2
expect_one_line_err
run --db "$DB" standup --limit 0
expect_rc 2
expect_one_line_err

t "help"
run standup --help
expect_rc 0
expect_out "Usage: plumb standup"
expect_out "--format FORMAT          text (default), markdown or json"
run --help
grep -q "^  standup " "$T_DIR/out" || fail "plumb --help does not list standup"
