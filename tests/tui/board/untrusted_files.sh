# The board refuses config and theme files other users may write: a config
# stops it before the terminal is touched, a theme falls back to the
# default with a message.
. "$(dirname "$0")/../lib.sh"
fresh_db
plumb --db "$DB" add "Trusted deal" >/dev/null

t "config_writable_by_others_stops_the_board"
mkdir -p "$HOME/.config/plumb"
printf '[keys]\nquit = x\n' >"$HOME/.config/plumb/config.ini"
chmod 602 "$HOME/.config/plumb/config.ini"
run --db "$DB"
expect_rc 1
expect_one_line_err
expect_err "writable by other users"
rm -f "$HOME/.config/plumb/config.ini"

t "theme_writable_by_others_falls_back"
cp "$PLUMB_THEMES/high-contrast.ini" "$T_DIR/open.ini"
chmod 666 "$T_DIR/open.ini"
tui_start 200 24 --db "$DB" --theme "$T_DIR/open.ini"
wait_for "writable by other users"
screen | grep -q "^Theme: " || fail "the refusal is not the theme's"
wait_for "Trusted deal"
quit_ok
chmod 644 "$T_DIR/open.ini"
tui_start 80 24 --db "$DB" --theme "$T_DIR/open.ini"
wait_board
screen | grep -q "Theme:" && fail "a private theme was refused: $(screen | tail -1)"
quit_ok
