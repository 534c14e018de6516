# add, edit, move, won, lost, delete, log, objection: outputs, exit codes
# and what lands in the database.
. "$(dirname "$0")/../lib.sh"
fresh_db

t "add_prints_id_and_stores_fields"
run --db "$DB" add "Annual licence" --company "Acme" --value "12,000.50" --owner ann \
	--stage demo --channel referral --contact "Kim Lee" --email k@x.io --phone "+1 5" \
	--key-account --score 70 --next +2d
expect_rc 0
expect_eq "$OUT" "1"
expect_eq "$(sql "SELECT title||'|'||company||'|'||value_minor||'|'||owner||'|'||channel||'|'||key_account||'|'||score FROM deals WHERE id=1")" \
	"Annual licence|Acme|1200050|ann|referral|1|70"
expect_eq "$(sql "SELECT s.name FROM deals d JOIN stages s ON s.id=d.stage_id WHERE d.id=1")" "Demo"
expect_eq "$(sql "SELECT date(next_followup_at,'unixepoch') FROM deals WHERE id=1")" "2026-12-06"
expect_eq "$(sql "SELECT count(*) FROM stage_history WHERE deal_id=1 AND from_status IS NULL")" "1"

t "add_defaults"
run --db "$DB" add "Plain"
expect_rc 0
expect_eq "$(sql "SELECT owner||'|'||channel||'|'||currency||'|'||value_minor FROM deals WHERE id=2")" \
	"tester|other|USD|0"
expect_eq "$(sql "SELECT s.position FROM deals d JOIN stages s ON s.id=d.stage_id WHERE d.id=2")" "1"
# first follow-up: followup_after days (3) after entering
expect_eq "$(sql "SELECT date(next_followup_at,'unixepoch') FROM deals WHERE id=2")" "2026-12-07"

t "stage_by_position_and_case"
run --db "$DB" add "By position" --stage 4
expect_rc 0
expect_eq "$(sql "SELECT s.name FROM deals d JOIN stages s ON s.id=d.stage_id WHERE d.id=$OUT")" "Proposal"
run --db "$DB" move 3 NEGOTIATION
expect_rc 0
expect_out "deal 3 is in Negotiation"

t "unknown_stage_lists_stages"
run --db "$DB" move 3 Nowhere
expect_rc 1
expect_one_line_err
expect_err "'Nowhere' is not a stage (stages: Lead, Qualified, Demo"

t "edit_changes_only_given_fields"
run --db "$DB" edit 1 --value 500 --title "Renamed" --no-key-account
expect_rc 0
expect_eq "$(sql "SELECT title||'|'||value_minor||'|'||key_account||'|'||company FROM deals WHERE id=1")" \
	"Renamed|50000|0|Acme"
run --db "$DB" edit 1
expect_rc 2
expect_err "nothing to change"
run --db "$DB" edit 1 --score none --next none
expect_rc 0
expect_eq "$(sql "SELECT coalesce(score,'null')||'|'||coalesce(next_followup_at,'null') FROM deals WHERE id=1")" "null|null"

t "edit_stage_records_history"
run --db "$DB" edit 2 --stage Qualified
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM stage_history WHERE deal_id=2 AND from_stage_id IS NOT NULL")" "1"

t "move_records_history"
before=$(sql "SELECT count(*) FROM stage_history WHERE deal_id=2")
run --db "$DB" move 2 Proposal
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM stage_history WHERE deal_id=2")" "$((before + 1))"
expect_eq "$(sql "SELECT fs.name||'->'||ts.name FROM stage_history h JOIN stages fs ON fs.id=h.from_stage_id JOIN stages ts ON ts.id=h.to_stage_id WHERE deal_id=2 ORDER BY h.id DESC LIMIT 1")" "Qualified->Proposal"

t "won_and_lost_close_with_history"
run --db "$DB" won 2
expect_rc 0
expect_eq "$(sql "SELECT status||'|'||(closed_at IS NOT NULL)||'|'||cycle_days FROM deals WHERE id=2")" "won|1|0"
expect_eq "$(sql "SELECT to_status FROM stage_history WHERE deal_id=2 ORDER BY id DESC LIMIT 1")" "won"
run --db "$DB" won 2
expect_rc 1
expect_one_line_err
expect_err "already won"
run --db "$DB" lost 3
expect_rc 2
expect_err "--reason is required"
run --db "$DB" lost 3 --reason "went with a competitor"
expect_rc 0
expect_eq "$(sql "SELECT status||'|'||lost_reason FROM deals WHERE id=3")" "lost|went with a competitor"

t "move_reopens_a_closed_deal"
run --db "$DB" move 3 Lead
expect_rc 0
expect_eq "$(sql "SELECT status||'|'||coalesce(closed_at,'-')||'|'||coalesce(lost_reason,'-') FROM deals WHERE id=3")" "open|-|-"

t "log_follow_ups_counts_the_streak"
run --db "$DB" log 1
expect_rc 2
expect_err "--channel is required"
run --db "$DB" log 1 --channel email --note "Sent pricing"
expect_rc 0
run --db "$DB" log 1 --channel phone --outcome no-response
expect_rc 0
expect_eq "$(sql "SELECT unanswered FROM deals WHERE id=1")" "2"
expect_eq "$(sql "SELECT date(next_followup_at,'unixepoch') FROM deals WHERE id=1")" "2026-12-07"
run --db "$DB" log 1 --channel email --outcome replied --next 2026-12-20
expect_rc 0
expect_eq "$(sql "SELECT unanswered||'|'||date(next_followup_at,'unixepoch') FROM deals WHERE id=1")" "0|2026-12-20"
run --db "$DB" log 1 --channel pigeon
expect_rc 1
expect_one_line_err
expect_err "'pigeon' is not a channel"
run --db "$DB" log 1 --channel email --outcome maybe
expect_rc 1
expect_err "not a follow-up outcome"

t "objections_are_logged"
run --db "$DB" objection 1 --category price --said "Too expensive" --response "Showed ROI"
expect_rc 0
expect_eq "$(sql "SELECT category||'|'||said||'|'||response||'|'||state FROM objections WHERE deal_id=1")" \
	"price|Too expensive|Showed ROI|open"
run --db "$DB" objection 1 --category mood --said "meh"
expect_rc 1
expect_err "'mood' is not an objection category"
run --db "$DB" objection 1 --category price
expect_rc 2

t "delete_takes_history_along"
run --db "$DB" delete 1
expect_rc 0
expect_eq "$(sql "SELECT count(*) FROM deals WHERE id=1")" "0"
expect_eq "$(sql "SELECT count(*) FROM stage_history WHERE deal_id=1")" "0"
expect_eq "$(sql "SELECT count(*) FROM activities WHERE deal_id=1")" "0"
expect_eq "$(sql "SELECT count(*) FROM objections WHERE deal_id=1")" "0"
run --db "$DB" delete 1
expect_rc 1
expect_one_line_err
expect_err "no deal with id 1"

t "check_passes_after_all_of_that"
run --db "$DB" check
expect_rc 0
expect_out "ok"
