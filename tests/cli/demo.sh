# plumb demo: realistic, reproducible, never pollutes a real pipeline.
. "$(dirname "$0")/../lib.sh"

t "demo_creates_a_pipeline"
run --db "$DB" demo --deals 400 --seed 7
expect_rc 0
expect_out "400 deals"
expect_eq "$(sql 'SELECT count(*) FROM deals')" "400"
run --db "$DB" check
expect_rc 0

t "demo_is_reproducible"
plumb --db "$T_DIR/again.db" demo --deals 400 --seed 7 >/dev/null
q="SELECT group_concat(title||company||value_minor||status||created_at||coalesce(closed_at,''), ';') FROM deals"
expect_eq "$(sqlite3 "$T_DIR/again.db" "$q" | sha256sum)" "$(sql "$q" | sha256sum)"
plumb --db "$T_DIR/other-seed.db" demo --deals 400 --seed 8 >/dev/null
[ "$(sqlite3 "$T_DIR/other-seed.db" "$q" | sha256sum)" != "$(sql "$q" | sha256sum)" ] ||
	fail "a different seed gave the same pipeline"

t "demo_refuses_a_pipeline_with_deals"
before=$(sha "$DB")
run --db "$DB" demo
expect_rc 1
expect_one_line_err
expect_err "already has 400 deals"
expect_eq "$(sha "$DB")" "$before"

t "demo_without_db_goes_to_its_own_file"
run demo --deals 20
expect_rc 0
expect_out "Open it with: plumb --db"
[ -f "$HOME/.local/share/plumb/demo.db" ] || fail "no demo.db in the data directory"
[ ! -f "$HOME/.local/share/plumb/pipeline.db" ] || fail "the demo touched the default pipeline"

t "demo_has_history_follow_ups_and_objections"
expect_eq "$(sql "SELECT count(DISTINCT owner) >= 4 FROM deals")" "1"
expect_eq "$(sql "SELECT count(*) > 0 FROM deals WHERE status='won'")" "1"
expect_eq "$(sql "SELECT count(*) > 0 FROM deals WHERE status='lost'")" "1"
expect_eq "$(sql "SELECT count(DISTINCT category) FROM objections")" "7"
expect_eq "$(sql "SELECT count(*) > 0 FROM deals WHERE key_account=1")" "1"
expect_eq "$(sql "SELECT count(*) > 0 FROM deals WHERE company GLOB '*[가-힣]*'")" "1"
expect_eq "$(sql "SELECT count(*) FROM deals d WHERE NOT EXISTS (SELECT 1 FROM stage_history h WHERE h.deal_id=d.id)")" "0"
expect_eq "$(sql "SELECT count(*) > 0 FROM activities WHERE outcome='no-response'")" "1"
expect_eq "$(sql "SELECT count(*) > 0 FROM activities WHERE outcome='replied'")" "1"
