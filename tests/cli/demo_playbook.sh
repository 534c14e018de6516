# The demo pipeline shows every tier and flag of the playbook, so a new user
# (and the board's screens) see all of them on the first run.
. "$(dirname "$0")/../lib.sh"
plumb --db "$DB" demo --deals 400 --seed 1 >/dev/null || fail "demo failed"

jqe() { printf '%s' "$OUT" | jq -e "$1" >/dev/null || fail "jq: $1 is false; output: $(printf '%s' "$OUT" | head -c 3000)"; }

t "every_tier_and_flag_in_stats"
run --db "$DB" stats --format json
expect_rc 0
jqe '.health.fresh > 0 and .health.aging > 0 and .health.stalled > 0'
jqe '.health.rotting > 0 and .health.key_accounts > 0'
jqe '.health.followups_due_today > 0 and .health.followups_overdue > 0'
jqe '.health.followups_due > .health.followups_overdue' # due, not yet overdue
jqe '.health.persist > 0 and .health.qualify_out > 0'
jqe '.cycle.known and .bottleneck != null and .win_rate > 0 and .win_rate < 1'
jqe '[.objections[] | select(.raised > 0)] | length == 7'
jqe '[.objections[] | select((.won_responses | length) > 0)] | length >= 5'
jqe '[.channels[] | select(.won > 0)] | length >= 5'
jqe '(.lost_reasons | length) >= 5'

t "every_flag_lists_deals"
for flag in stalled rotting due overdue persist qualify-out key-account; do
	n=$(plumb --db "$DB" list --"$flag" --format json | jq length)
	[ "${n:-0}" -gt 0 ] || fail "no deal is --$flag"
done
run --db "$DB" list --format json
printf '%s' "$OUT" | jq -e '[.[].tier] | (index("fresh") != null) and (index("aging") != null) and (index("stalled") != null)' >/dev/null ||
	fail "the demo lacks a tier"
for flag in '!' '~' '@' '#' '+' 'x' '*'; do
	printf '%s' "$OUT" | jq -e --arg f "$flag" 'map(.flags) | any(contains($f))' >/dev/null ||
		fail "no card shows marker $flag"
done

t "standup_has_a_page_per_owner"
run --db "$DB" standup --format json
expect_rc 0
jqe '[.owners[].owner] == ["alice", "bob", "chen", "dana", "tester"]'
jqe '.team.followups_overdue > 0 and .team.stalled > 0 and .team.open_objections > 0'
