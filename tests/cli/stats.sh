# plumb stats on a pipeline built at known times: every JSON number worked
# out by hand, the 80-column report, --owner and --since, and the rule that
# personal [rules] do not change the team's numbers.
. "$(dirname "$0")/../lib.sh"
fresh_db

# at WHEN ARGS...: runs plumb as if it were WHEN; prints the new deal's id.
at() {
	local when=$1
	shift
	PLUMB_NOW="$when" plumb --db "$DB" "$@"
}

# Today is Friday 2026-12-04. Won: 40, 30, 60, 70 days (average and median
# 50); lost: 3; open: ages 14 (= ideal), 50 (= average), 51 (stalled).
A=$(at 2026-10-01T10:00:00 add "Won A" --owner ann --channel email --value 1000)
B=$(at 2026-10-11T10:00:00 add "Won B" --owner ann --channel email --value 2000)
C=$(at 2026-09-01T10:00:00 add "Won C" --owner bob --channel phone --value 3000)
D=$(at 2026-08-01T10:00:00 add "Won D" --owner bob --channel phone --value 500)
at 2026-11-10T10:00:00 won "$A" >/dev/null
at 2026-11-10T11:00:00 won "$B" >/dev/null
at 2026-10-31T10:00:00 won "$C" >/dev/null
at 2026-10-10T10:00:00 won "$D" >/dev/null
E=$(at 2026-10-01T10:00:00 add "Lost E" --owner ann --channel referral --value 700)
F=$(at 2026-10-02T10:00:00 add "Lost F" --owner bob --channel referral --value 800)
G=$(at 2026-10-03T10:00:00 add "Lost G" --owner bob --channel website --value 900)
at 2026-11-01T10:00:00 lost "$E" --reason "price too high" >/dev/null
at 2026-11-02T10:00:00 lost "$F" --reason "price too high" >/dev/null
at 2026-11-03T10:00:00 lost "$G" --reason "no budget" >/dev/null
H=$(at 2026-11-20T09:00:00 add "Fresh H" --owner ann --channel email --value 1000 --key-account)
I=$(at 2026-10-15T09:00:00 add "Aging I" --owner ann --channel website --value 2000 --stage Demo)
J=$(at 2026-10-14T09:00:00 add "Stalled J" --owner bob --channel website --value 3000 --stage Proposal)
plumb --db "$DB" edit "$H" --next today >/dev/null
at 2026-11-30T09:00:00 log "$I" --channel email >/dev/null
at 2026-12-01T09:00:00 log "$I" --channel email >/dev/null
for d in 2026-11-10 2026-11-13 2026-11-16 2026-11-19 2026-11-22 2026-11-25; do
	at "${d}T09:00:00" log "$J" --channel phone >/dev/null
done
at 2026-11-01T09:00:00 objection "$A" --category price --said "Too expensive" \
	--response "Showed ROI" --state resolved >/dev/null
at 2026-11-05T09:00:00 objection "$B" --category price --said "Over budget" \
	--response "Showed ROI" --state resolved >/dev/null
at 2026-10-20T09:00:00 objection "$E" --category price --said "Too much" >/dev/null
at 2026-11-21T09:00:00 objection "$I" --category timing --said "Next quarter" \
	--state acknowledged >/dev/null

# jqe FILTER: asserts that the last JSON output satisfies FILTER.
jqe() { printf '%s' "$OUT" | jq -e "$1" >/dev/null || fail "jq: $1 is false; output: $(printf '%s' "$OUT" | head -c 3000)"; }

t "json_cycle_and_win_rate"
run --db "$DB" stats --format json
expect_rc 0
expect_empty_err
jqe '.today == "2026-12-04" and .since == "2025-12-04" and .owner == null'
jqe '.cycle.won == 4 and .cycle.total_days == 200 and .cycle.known'
jqe '.cycle.average_days == 50 and .cycle.median_days == 50'
jqe '.cycle.stall_after_days == 50 and .cycle.stall_basis == "average" and .cycle.ideal_days == 14'
jqe '.won == 4 and .lost == 3 and .win_rate == 0.5714 and .won_value_minor == 650000'

t "json_open_pipeline_and_forecast"
run --db "$DB" stats --format json
# Lead 10% of 1,000 + Demo 40% of 2,000 + Proposal 60% of 3,000
jqe '.open_deals == 3 and .open_value_minor == 600000'
jqe '.forecast_minor == 10000 + 80000 + 180000'
jqe '(.stages[] | select(.name == "Demo")) | .deals == 1 and .median_days_in_stage == 50 and .rotting == 1 and .norm_days == 10 and .wait_ratio == 5'
jqe '.bottleneck.stage == "Demo" and .bottleneck.median_days_in_stage == 50 and .bottleneck.norm == "rot_days"'
jqe '[.stages[] | select(.bottleneck)] | length == 1'
jqe '(.stages[] | select(.name == "Contract")) | .deals == 0 and .median_days_in_stage == null and .wait_ratio == null'

t "json_tiers_and_follow_ups"
run --db "$DB" stats --format json
jqe '.health.fresh == 1 and .health.aging == 1 and .health.stalled == 1'
jqe '.health.rotting == 3 and .health.key_accounts == 1'
# H due today (set), I due today (3 days after 12-01), J overdue (11-28 + 2 days grace)
jqe '.health.followups_due == 3 and .health.followups_due_today == 2 and .health.followups_overdue == 1'
jqe '.health.persist == 1 and .health.qualify_out == 1'
jqe '.health.by_age_week == [0, 0, 1, 0, 0, 0, 0, 2]'

t "json_channels"
run --db "$DB" stats --format json
jqe '(.channels[] | select(.channel == "email")) | .leads_in == 3 and .won == 2 and .lost == 0 and .win_rate == 1 and .won_value_minor == 300000 and .median_cycle_days == 35'
jqe '(.channels[] | select(.channel == "phone")) | .won == 2 and .median_cycle_days == 65 and .won_value_minor == 350000'
jqe '(.channels[] | select(.channel == "referral")) | .won == 0 and .lost == 2 and .win_rate == 0 and .median_cycle_days == null'
jqe '(.channels[] | select(.channel == "facebook")) | .leads_in == 0 and .win_rate == null'
jqe '.channels[0].channel == "phone" and .channels[1].channel == "email"'

t "json_objections_and_lost_reasons"
run --db "$DB" stats --format json
jqe '(.objections[] | select(.category == "price")) | .raised == 3 and .on_won == 2 and .on_lost == 1 and .won_rate == 0.6667 and .resolved == 2 and .open == 1'
jqe '(.objections[] | select(.category == "price")) | .won_responses == [{"response": "Showed ROI", "times": 2, "last_used": "2026-11-05"}]'
jqe '(.objections[] | select(.category == "timing")) | .raised == 1 and .on_open == 1 and .acknowledged == 1 and .won_rate == null'
jqe '.lost_reasons == [{"reason": "price too high", "deals": 2}, {"reason": "no budget", "deals": 1}] and .lost_reasons_other == 0'
jqe '.won_per_week[11] == {"week_start": "2026-11-28", "won": 0} and .won_per_week[8].won == 2 and .won_per_week[7].won == 1 and .won_per_week[4].won == 1'

t "owner_filter_agrees_with_list"
for owner in ann bob nobody; do
	run --db "$DB" stats --owner "$owner" --format json
	expect_rc 0
	for flag in stalled rotting due overdue persist qualify-out key-account; do
		key=$(printf '%s' "$flag" | tr '-' '_')
		case $key in
		due | overdue) key="followups_$key" ;;
		key_account) key="key_accounts" ;;
		esac
		n=$(printf '%s' "$OUT" | jq ".health.$key")
		listed=$(plumb --db "$DB" list --owner "$owner" --"$flag" --format json | jq length)
		expect_eq "$n" "$listed" "($owner --$flag)"
	done
	open=$(plumb --db "$DB" list --owner "$owner" --format json | jq length)
	expect_eq "$(printf '%s' "$OUT" | jq .open_deals)" "$open" "($owner open deals)"
done
run --db "$DB" stats --owner ann --format json
jqe '.owner == "ann" and .won == 2 and .lost == 1 and .cycle.known == false and .cycle.average_days == null'
jqe '.cycle.stall_after_days == 50' # the team's threshold, as on the board

t "since_narrows_the_window"
run --db "$DB" stats --since 2026-11-01 --format json
expect_rc 0
# A and B won on 11-10; E, F, G lost on 11-01..03; C and D are earlier.
jqe '.since == "2026-11-01" and .won == 2 and .lost == 3 and .cycle.known == false'
jqe '(.channels[] | select(.channel == "email")) | .leads_in == 1'
run --db "$DB" stats --since -30d --format json
jqe '.since == "2026-11-04"'
run --db "$DB" stats --since yesterday-ish
expect_rc 2
expect_one_line_err

t "personal_rules_do_not_change_team_numbers"
mkdir -p "$HOME/.config/plumb"
printf '[rules]\nideal_cycle = 60\n' >"$HOME/.config/plumb/config.ini"
run --db "$DB" stats --format json
jqe '.cycle.ideal_days == 14 and .health.fresh == 1'
rm "$HOME/.config/plumb/config.ini"
plumb --db "$DB" rules set ideal_cycle 21 >/dev/null
run --db "$DB" stats --format json
jqe '.cycle.ideal_days == 21 and .health.fresh == 1'
plumb --db "$DB" rules set ideal_cycle 14 >/dev/null

t "table_reads_top_down_in_80_columns"
COLUMNS=80 run --db "$DB" stats
expect_rc 0
expect_out "SALES CYCLE"
expect_out "Average        50 days, median 50 days (4 won)"
expect_out "Win rate       57.1% (4 won, 3 lost)"
expect_out "> Demo"
expect_out "> Bottleneck: Demo: median 50 days in stage, 5x its 10-day rot limit"
expect_out "1 fresh, 1 aging, 1 stalled; 3 rotting"
expect_out "\"Showed ROI\" (2x, last 2026-11-05)"
expect_out "price too high"
prev=0
for heading in "SALES CYCLE" "WIN RATE" "STAGES" "AGING AND FOLLOW-UPS" "CHANNELS" "OBJECTIONS" "LOST REASONS"; do
	n=$(grep -n "^$heading" "$T_DIR/out" | head -1 | cut -d: -f1)
	[ -n "$n" ] && [ "$n" -gt "$prev" ] || fail "'$heading' missing or out of order"
	prev=${n:-$prev}
done
while IFS= read -r line; do
	w=$(printf '%s' "$line" | wc -L)
	[ "$w" -le 80 ] || fail "line is $w columns: $line"
done <"$T_DIR/out"

t "table_sanitises_stored_text"
plumb --db "$DB" lost "$(plumb --db "$DB" add "X" --owner ann)" --reason $'evil\e[31m red' >/dev/null
run --db "$DB" stats
expect_rc 0
grep -q $'\e' "$T_DIR/out" && fail "an escape character reached the terminal"
expect_out "evil"
run --db "$DB" stats --format json
jqe '.lost_reasons | map(.reason) | index("evil\u001b[31m red") != null'

t "empty_pipeline"
rm -f "$T_DIR/empty.db"
plumb --db "$T_DIR/empty.db" init >/dev/null
run --db "$T_DIR/empty.db" stats --format json
expect_rc 0
jqe '.won == 0 and .win_rate == null and .cycle.known == false and .bottleneck == null and .open_deals == 0'
run --db "$T_DIR/empty.db" stats
expect_rc 0
expect_out "unknown (0 won, 3 needed)"
expect_out "No bottleneck"

t "usage_errors"
run --db "$DB" stats --format xml
expect_rc 2
expect_one_line_err
run --db "$DB" stats extra
expect_rc 2
run --db "$T_DIR/missing.db" stats
expect_rc 1
expect_one_line_err

t "help"
run stats --help
expect_rc 0
expect_out "Usage: plumb stats"
expect_out "--since DATE"
run --help
grep -q "^  stats " "$T_DIR/out" || fail "plumb --help does not list stats"
while IFS= read -r line; do
	[ "${#line}" -le 80 ] || fail "help line longer than 80: $line"
done <"$T_DIR/out"
