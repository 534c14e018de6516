# Read-only review: by flag and by file permissions.
. "$(dirname "$0")/../lib.sh"
fresh_db
plumb --db "$DB" add "Reviewed deal" --company "Acme" >/dev/null
plumb --db "$DB" list >/dev/null

t "flag_opens_read_only_and_refuses_changes"
before=$(sha "$DB")
tui_start 80 24 --db "$DB" --read-only
wait_for "READ-ONLY"
wait_for "Reviewed deal"
for k in L a e W X D f o u; do
	keys "$k"
	wait_for "Read-only" 2
	keys Escape
done
keys Enter
wait_for "Playbook"
keys Escape
keys /
wait_for "Filter:"
type_text "acme"
keys Enter
wait_for "/acme"
wait_for "Reviewed deal"
expect_eq "$(sha "$DB")" "$before" "(the database changed)"
expect_eq "$(sql 'SELECT count(*) FROM stage_history')" "1"

t "text_filter_follows_other_writers_read_only"
# A rep's plumb indexes its change as it commits; a script's raw SQL only
# logs it for the next plumb writer. The read-only board finds both.
plumb --db "$DB" add "Second deal" --company "ACME Labs" >/dev/null
wait_for "Second deal" 3
plumb --db "$DB" add "Third deal" >/dev/null
sqlite3 "$DB" "UPDATE deals SET title = 'Third via acme script' WHERE title = 'Third deal'"
wait_for "Third via acme script" 3
expect_eq "$(sql 'SELECT count(*) FROM deal_text_pending')" "1"
sqlite3 "$DB" "UPDATE deals SET company = 'Other' WHERE title = 'Second deal';
	DELETE FROM stage_history WHERE deal_id IN (SELECT id FROM deals WHERE title LIKE 'Third%');
	DELETE FROM deals WHERE title LIKE 'Third%'"
wait_gone "Second deal" 3
wait_gone "Third via" 3

t "live_refresh_works_read_only"
keys Escape
plumb --db "$DB" add "Written by a rep" >/dev/null
wait_for "Written by a rep" 2
quit_ok

t "no_write_permission_means_read_only"
mkdir -p "$T_DIR/shared"
cp "$DB" "$DB-wal" "$DB-shm" "$T_DIR/shared/" 2>/dev/null
chmod 644 "$T_DIR/shared/"*
chmod 755 "$T_DIR/shared"
cp "$PLUMB_BIN" "$T_DIR/plumb-copy"
chmod 755 "$T_DIR/plumb-copy"
before=$(sha "$T_DIR/shared/p.db")
"${TMUX_CMD[@]}" kill-server 2>/dev/null
SOCK="$T_DIR/tmux.ro.sock"
TMUX_CMD=(tmux -S "$SOCK" -f /dev/null)
if [ "$(id -u)" = 0 ]; then
	as="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	as=""
	chmod 555 "$T_DIR/shared"
	chmod 444 "$T_DIR/shared/"*
fi
"${TMUX_CMD[@]}" new-session -d -x 80 -y 24 \
	"$as env TERM=$TUI_TERM PLUMB_NOW=$PLUMB_NOW HOME=$T_DIR TZ=UTC LC_ALL=C.UTF-8 $T_DIR/plumb-copy --db $T_DIR/shared/p.db; echo EXIT=\$?; sleep 30"
wait_for "READ-ONLY"
wait_for "Reviewed deal"
keys L
wait_for "Read-only"
expect_eq "$(sha "$T_DIR/shared/p.db")" "$before"
keys q
wait_for "EXIT=0"
