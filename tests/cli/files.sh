# Files plumb creates are private (0600; 0660 with --shared) whatever the
# umask; config and theme files others may write are refused; symbolic
# links planted where plumb creates or writes files are never followed.
. "$(dirname "$0")/../lib.sh"
mode() { stat -c %a "$1"; }
VICTIM="$T_DIR/victim.txt"
plant_victim() { printf 'precious\n' >"$VICTIM"; chmod 644 "$VICTIM"; }
victim_intact() {
	[ "$(cat "$VICTIM" 2>/dev/null)" = precious ] || fail "$1: the link's target was written"
	[ "$(mode "$VICTIM")" = 644 ] || fail "$1: the link's target changed mode"
}

t "created_files_are_private_whatever_the_umask"
(umask 000 && "$PLUMB_BIN" --db "$T_DIR/u.db" init >/dev/null) || fail "init failed"
expect_eq "$(mode "$T_DIR/u.db")" 600 "(init)"
(umask 000 && "$PLUMB_BIN" --db "$T_DIR/u.db" add x >/dev/null)
for f in "$T_DIR/u.db-wal" "$T_DIR/u.db-shm"; do
	[ -e "$f" ] && { [ "$(mode "$f")" = 600 ] || fail "$f is $(mode "$f")"; }
done
(umask 000 && "$PLUMB_BIN" --db "$T_DIR/d.db" demo --deals 20 >/dev/null) || fail "demo failed"
expect_eq "$(mode "$T_DIR/d.db")" 600 "(demo)"
(umask 000 && "$PLUMB_BIN" --db "$T_DIR/u.db" backup "$T_DIR/b.db" >/dev/null) || fail "backup failed"
expect_eq "$(mode "$T_DIR/b.db")" 600 "(backup)"
(umask 000 && "$PLUMB_BIN" --db "$T_DIR/u.db" export -o "$T_DIR/e.csv") || fail "export failed"
expect_eq "$(mode "$T_DIR/e.csv")" 600 "(export -o)"
(umask 077 && "$PLUMB_BIN" --db "$T_DIR/s.db" init --shared >/dev/null) || fail "init --shared failed"
expect_eq "$(mode "$T_DIR/s.db")" 660 "(init --shared under umask 077)"
(umask 000 && "$PLUMB_BIN" --db "$T_DIR/new/dir/p.db" init >/dev/null)
expect_eq "$(mode "$T_DIR/new/dir")" 700 "(a directory made for the database)"

t "config_writable_by_others_is_refused"
mkdir -p "$HOME/.config/plumb"
printf '[user]\nname = mallory\n' >"$HOME/.config/plumb/config.ini"
chmod 666 "$HOME/.config/plumb/config.ini"
run --db "$T_DIR/u.db" list
expect_rc 1
expect_one_line_err
expect_err "writable by other users"
chmod 644 "$HOME/.config/plumb/config.ini"
run --db "$T_DIR/u.db" list
expect_rc 0
rm -f "$HOME/.config/plumb/config.ini"

t "database_path_that_is_a_symlink_is_not_followed"
plant_victim
ln -s "$VICTIM" "$T_DIR/link.db"
run --db "$T_DIR/link.db" init
expect_rc 1
expect_one_line_err
run --db "$T_DIR/link.db" add "x"
expect_rc 1
expect_one_line_err
victim_intact "a database path"
ln -s "$T_DIR/absent.db" "$T_DIR/dangling.db"
run --db "$T_DIR/dangling.db" init
expect_rc 1
expect_one_line_err
[ ! -e "$T_DIR/absent.db" ] || fail "init created the target of a dangling link"
[ -L "$T_DIR/dangling.db" ] || fail "a failed init removed a file it had not made"

t "planted_wal_and_shm_links_are_refused"
for side in wal shm journal; do
	rm -f "$T_DIR/team.db"*
	plumb --db "$T_DIR/team.db" init >/dev/null
	sqlite3 "$T_DIR/team.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	rm -f "$T_DIR/team.db-wal" "$T_DIR/team.db-shm"
	plant_victim
	ln -s "$VICTIM" "$T_DIR/team.db-$side"
	for cmd in "add x" "list"; do
		# shellcheck disable=SC2086
		run --db "$T_DIR/team.db" $cmd
		expect_rc 1
		expect_one_line_err
		expect_err "not a regular file"
	done
	victim_intact "a planted -$side"
done

t "backup_never_follows_links"
plant_victim
ln -s "$VICTIM" "$T_DIR/bk-link.db"
run --db "$T_DIR/u.db" backup "$T_DIR/bk-link.db"
expect_rc 1
expect_one_line_err
victim_intact "backup onto a link"
ln -s "$VICTIM" "$T_DIR/bk.db-journal"
run --db "$T_DIR/u.db" backup "$T_DIR/bk.db"
expect_rc 1
expect_one_line_err
expect_err "not a regular file"
victim_intact "backup with a planted -journal"
[ ! -e "$T_DIR/bk.db" ] || fail "a refused backup left its file"

t "export_replaces_a_link_never_its_target"
plant_victim
ln -s "$VICTIM" "$T_DIR/out.csv"
run --db "$T_DIR/u.db" export -o "$T_DIR/out.csv"
expect_rc 0
victim_intact "export -o onto a link"
[ -L "$T_DIR/out.csv" ] && fail "the link is still there: the export went elsewhere"
expect_eq "$(mode "$T_DIR/out.csv")" 600 "(an export replacing a link)"
head -1 "$T_DIR/out.csv" | grep -q '^id,title' || fail "the export is not in out.csv"

t "demo_never_follows_links"
plant_victim
ln -s "$VICTIM" "$T_DIR/demo-link.db"
run --db "$T_DIR/demo-link.db" demo --deals 10
expect_rc 1
expect_one_line_err
victim_intact "demo onto a link"
ls -A "$T_DIR" | grep -q '^\.plumb-demo-' && fail "the demo's temporary file was left"
true
