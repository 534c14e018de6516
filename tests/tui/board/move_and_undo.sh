# Moving a deal with L/H records history; u undoes, C-r redoes.
. "$(dirname "$0")/../lib.sh"
fresh_db
plumb --db "$DB" add "Alpha deal" --company "Acme" --value 5000 >/dev/null
plumb --db "$DB" add "Beta deal" --company "Bolt" >/dev/null

t "L_moves_the_selected_deal_right"
tui_start 80 24 --db "$DB"
wait_board
wait_for "Alpha deal"
keys L
wait_for "Moved 'Alpha deal' to Qualified"
wait_until '[ "$(sql "SELECT s.name FROM deals d JOIN stages s ON s.id=d.stage_id WHERE d.id=1")" = Qualified ]'
expect_eq "$(sql "SELECT count(*) FROM stage_history WHERE deal_id=1")" "2"
screen | head -1 | grep -q "column 2/6" || fail "selection did not follow the deal"

t "u_undoes_the_move"
keys u
wait_for "Undid move of 'Alpha deal'"
wait_until '[ "$(sql "SELECT s.name FROM deals d JOIN stages s ON s.id=d.stage_id WHERE d.id=1")" = Lead ]'
expect_eq "$(sql "SELECT count(*) FROM stage_history WHERE deal_id=1")" "1"

t "ctrl_r_redoes_it"
keys C-r
wait_for "Redid move of 'Alpha deal'"
wait_until '[ "$(sql "SELECT s.name FROM deals d JOIN stages s ON s.id=d.stage_id WHERE d.id=1")" = Qualified ]'

t "undo_refuses_when_someone_else_changed_the_deal"
plumb --db "$DB" edit 1 --value 9999 >/dev/null
keys u
wait_for "cannot undo"
expect_eq "$(sql "SELECT value_minor FROM deals WHERE id=1")" "999900"

t "H_at_the_first_stage_says_so"
keys h
wait_for "column 1/6"
keys H
wait_for "already in the first stage"

t "won_and_check"
keys W
wait_for "Won 'Beta deal'"
wait_until '[ "$(sql "SELECT status FROM deals WHERE id=2")" = won ]'
run --db "$DB" check
expect_rc 0
quit_ok
