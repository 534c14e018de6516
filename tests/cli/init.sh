# plumb init, --stages, --shared, and the database location rules.
. "$(dirname "$0")/../lib.sh"

t "init_creates_default_stages"
run --db "$DB" init
expect_rc 0
expect_out "6 stages"
expect_eq "$(sql 'SELECT group_concat(name, ",") FROM (SELECT name FROM stages ORDER BY position)')" \
	"Lead,Qualified,Demo,Proposal,Negotiation,Contract"
expect_eq "$(stat -c %a "$DB")" "600"

t "init_refuses_existing_file"
before=$(sha "$DB")
run --db "$DB" init
expect_rc 1
expect_one_line_err
expect_err "already exists"
expect_eq "$(sha "$DB")" "$before"

t "init_with_custom_stages"
run --db "$T_DIR/c.db" init --stages "Inbound:10:5, Call:30 ,Offer:70:14"
expect_rc 0
DB="$T_DIR/c.db"
expect_eq "$(sql "SELECT name||':'||probability||':'||coalesce(rot_days,'-') FROM stages ORDER BY position" | tr '\n' ' ')" \
	"Inbound:10:5 Call:30:- Offer:70:14 "
DB="$T_DIR/p.db"

t "init_rejects_bad_stage_list"
run --db "$T_DIR/bad.db" init --stages "A:200"
expect_rc 1
expect_one_line_err
expect_err "probability"
[ ! -e "$T_DIR/bad.db" ] || fail "a half-made database was left behind"
run --db "$T_DIR/dup.db" init --stages "A,a"
expect_rc 1
expect_one_line_err
[ ! -e "$T_DIR/dup.db" ] || fail "a half-made database was left behind"

t "init_shared_is_group_writable"
run --db "$T_DIR/team/pipeline.db" init --shared
expect_rc 0
expect_eq "$(stat -c %a "$T_DIR/team/pipeline.db")" "660"

t "missing_directories_are_created_private"
run --db "$T_DIR/a/b/c/p.db" add "Deal"
expect_rc 0
expect_eq "$(stat -c %a "$T_DIR/a/b/c")" "700"

t "default_location_follows_xdg"
export XDG_DATA_HOME="$T_DIR/xdg"
run add "Somewhere"
expect_rc 0
[ -f "$T_DIR/xdg/plumb/pipeline.db" ] || fail "no database at \$XDG_DATA_HOME/plumb/pipeline.db"
unset XDG_DATA_HOME
PLUMB_DB="$T_DIR/env.db" run add "Env"
expect_rc 0
[ -f "$T_DIR/env.db" ] || fail "PLUMB_DB was not used"

t "config_database_path_is_used"
mkdir -p "$HOME/.config/plumb"
printf '[database]\npath = %s\n' "$T_DIR/from-config.db" >"$HOME/.config/plumb/config.ini"
run add "Configured"
expect_rc 0
[ -f "$T_DIR/from-config.db" ] || fail "[database] path was not used"
rm -f "$HOME/.config/plumb/config.ini"
