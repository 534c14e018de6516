# Sizes, resizes, wide characters, hostile titles, colours, keys, themes.
. "$(dirname "$0")/../lib.sh"
fresh_db
plumb --db "$DB" add "한국어 제목이 아주 긴 거래입니다 정말로" --company "서울데이터" >/dev/null
plumb --db "$DB" add "Plain ASCII title" --company "Acme" >/dev/null
evil=$(printf 'Evil \033]0;pwned\007 \033[2J title\rX')
plumb --db "$DB" add "$evil" --company "Hostile" >/dev/null

t "korean_title_keeps_columns_aligned"
tui_start 80 24 --db "$DB"
wait_board
wait_for "한국어"
# Every line is exactly as wide as the terminal: nothing spilled over.
screen | while IFS= read -r line; do
	w=$(printf '%s' "$line" | wc -L)
	[ "$w" -le 80 ] || echo "wide line ($w): $line"
done >"$T_DIR/wide"
[ ! -s "$T_DIR/wide" ] || fail "lines wider than 80: $(cat "$T_DIR/wide")"
# The Qualified header starts at the same column on every row of the header.
col=$(screen | sed -n 2p | grep -bo "Qualified" | cut -d: -f1)
[ -n "$col" ] || fail "no Qualified header"

t "escape_sequences_in_titles_do_nothing"
"${TMUX_CMD[@]}" select-pane -T "before" 2>/dev/null
wait_for "Hostile"
[ "$(pane_title)" != "pwned" ] || fail "the title set the pane title"
screen | grep -q "Plain ASCII title" || fail "the screen was cleared"
screen | grep -q "␛" || fail "the escape was not shown as a visible stand-in"

t "resize_to_tiny_and_back"
resize 20 6
wait_for "terminal too"
resize 80 24
wait_board
wait_for "Plain ASCII title"
resize 200 50
wait_for "Contract"
screen | head -2 | grep -q "Contract" || fail "all six columns should fit at 200 columns"
resize 80 24
wait_board
quit_ok

t "no_color_is_monochrome_but_keeps_markers"
PLUMB_NOW=2027-03-01T10:00:00
NO_COLOR=1 tui_start 80 24 --db "$DB"
wait_for "ideal 14d"
screen | grep -q '!' || fail "no stalled marker in monochrome"
"${TMUX_CMD[@]}" capture-pane -p -e | grep -qE $'\033\\[[0-9;]*(3[0-7]|38;5)[;m]' && fail "colour escapes with NO_COLOR"
quit_ok
PLUMB_NOW="2026-12-04T10:00:00"

t "rebound_key"
mkdir -p "$HOME/.config/plumb"
printf '[keys]\nquit = Q\nhelp = F2\n' >"$HOME/.config/plumb/config.ini"
tui_start 80 24 --db "$DB"
wait_board
keys q
sleep 0.3
screen | grep -q "EXIT=" && fail "q still quits after rebinding"
keys F2
wait_for "Keys (rebind"
keys Escape
keys Q
wait_for "EXIT=0"

t "bad_key_config_is_a_clear_error"
printf '[keys]\nfly = x\n' >"$HOME/.config/plumb/config.ini"
run --db "$DB"
expect_rc 1
expect_one_line_err
expect_err "[keys] fly"
rm -f "$HOME/.config/plumb/config.ini"

t "every_theme_loads"
for theme in default light solarized-dark high-contrast mono; do
	tui_start 80 24 --db "$DB" --theme "$theme"
	wait_board
	screen | grep -q "Theme:" && fail "theme $theme reported an error"
	quit_ok
done

t "missing_theme_falls_back_with_a_message"
tui_start 80 24 --db "$DB" --theme neon
wait_for "Theme: 'neon' is not a theme"
quit_ok

t "ctrl_c_ends_cleanly"
tui_start 80 24 --db "$DB"
wait_board
keys C-c
wait_for "EXIT=0"
