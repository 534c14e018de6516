# Every form: add (with a validation error), edit, follow-up, objection,
# lost reason; Esc cancels without saving.
. "$(dirname "$0")/../lib.sh"
fresh_db
plumb --db "$DB" add "Existing deal" --company "Acme" >/dev/null

t "add_form_validates_in_place_then_saves"
tui_start 80 24 --db "$DB"
wait_board
keys a
wait_for "New deal"
type_text "Fresh from the form"
keys Tab
type_text "Zeta GmbH"
keys Tab
type_text "12,34"
keys Enter
wait_for "not a valid amount"
expect_eq "$(sql "SELECT count(*) FROM deals")" "1" "(nothing saved yet)"
keys BSpace BSpace BSpace BSpace BSpace
type_text "1,234.50"
keys Tab Right
keys Enter
wait_for "Added 'Fresh from the form'"
wait_until '[ "$(sql "SELECT count(*) FROM deals")" = 2 ]'
expect_eq "$(sql "SELECT company||'|'||value_minor||'|'||s.name FROM deals d JOIN stages s ON s.id=d.stage_id WHERE title='Fresh from the form'")" \
	"Zeta GmbH|123450|Qualified"
screen | head -1 | grep -q "column 2/6" || fail "the new deal is not selected"

t "escape_cancels_without_saving"
keys a
wait_for "New deal"
type_text "Never saved"
keys Escape
wait_gone "New deal"
expect_eq "$(sql "SELECT count(*) FROM deals WHERE title='Never saved'")" "0"

t "edit_form_changes_the_deal"
keys e
wait_for "Edit deal"
keys C-u
type_text "Renamed in form"
keys Enter
wait_for "Saved 'Renamed in form'"
wait_until '[ "$(sql "SELECT count(*) FROM deals WHERE title=\"Renamed in form\"")" = 1 ]'

t "follow_up_form_logs_an_activity"
keys f
wait_for "Follow-up:"
keys Tab Tab Tab Tab
type_text "Called, left a voicemail"
keys Enter
wait_for "Logged a follow-up"
wait_until '[ "$(sql "SELECT count(*) FROM activities WHERE note=\"Called, left a voicemail\"")" = 1 ]'
expect_eq "$(sql "SELECT outcome||'|'||direction FROM activities")" "no-response|outbound"

t "objection_form_requires_what_was_said"
keys o
wait_for "Objection:"
keys Enter
wait_for "What did the buyer say?"
# The failed field has the focus.
type_text "Too expensive for us"
keys Enter
wait_for "Logged an objection"
wait_until '[ "$(sql "SELECT category||\"|\"||said FROM objections")" = "price|Too expensive for us" ]'

t "lost_form_requires_a_reason"
keys X
wait_for "Lost:"
keys Enter
wait_for "Say why it was lost"
type_text "went with a competitor"
keys Enter
wait_for "Lost 'Renamed in form'"
wait_until '[ "$(sql "SELECT status||\"|\"||lost_reason FROM deals WHERE title=\"Renamed in form\"")" = "lost|went with a competitor" ]'

t "delete_asks_first"
keys h
wait_for "column 1/6"
keys D
wait_for "Delete 'Existing deal'"
keys n
wait_gone "Delete 'Existing deal'"
expect_eq "$(sql "SELECT count(*) FROM deals WHERE title='Existing deal'")" "1"
keys D
wait_for "Delete 'Existing deal'"
keys y
wait_for "Deleted 'Existing deal'"
wait_until '[ "$(sql "SELECT count(*) FROM deals WHERE title=\"Existing deal\"")" = 0 ]'
keys u
wait_for "Undid delete of 'Existing deal'"
wait_until '[ "$(sql "SELECT count(*) FROM deals WHERE title=\"Existing deal\"")" = 1 ]'
run --db "$DB" check
expect_rc 0

t "notes_in_editor"
cat >"$T_DIR/editor.sh" <<'SH'
#!/bin/sh
printf 'Line one of the note\nLine two\n' >"$1"
SH
chmod +x "$T_DIR/editor.sh"
quit_ok
EDITOR="$T_DIR/editor.sh" tui_start 80 24 --db "$DB"
wait_board
keys e
wait_for "Edit deal"
for i in 1 2 3 4 5 6 7 8 9 10 11; do keys Tab; done
keys C-e
wait_for "Line one of the note"
keys Enter
wait_for "Saved"
wait_until '[ "$(sql "SELECT notes FROM deals WHERE id=1")" = "$(printf "Line one of the note\nLine two")" ]'
quit_ok
