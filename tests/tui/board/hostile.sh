# Hostile text on the board (tests/hostile_strings.bash): titles,
# companies and owners full of escape sequences, controls, bidi overrides
# and bad UTF-8 change neither the pane title, nor the clipboard, nor the
# screen around them, on the board, the detail, stats and standup screens.
# Notes written in $EDITOR are stored exactly, from a private temp file.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../../hostile_strings.bash"
fresh_db
plumb --db "$DB" add "Canary deal" --company "Canary Inc" >/dev/null
for name in $(hostile_names); do
	s=$(hostile_text "$name")
	plumb --db "$DB" add "$s" --company "$s" --owner "$s" --notes "$s" >/dev/null ||
		fail "adding $name failed"
	id=$(sql "SELECT max(id) FROM deals")
	plumb --db "$DB" objection "$id" --category price --said "$s" >/dev/null
	plumb --db "$DB" log "$id" --channel email --note "$s" >/dev/null
done

# untouched: the pane title, tmux's paste buffers and the canary are as before.
untouched() {
	[ "$(pane_title)" = "before" ] || fail "$1: the pane title became '$(pane_title)'"
	[ -z "$("${TMUX_CMD[@]}" list-buffers 2>/dev/null)" ] || fail "$1: the clipboard was set"
	screen | while IFS= read -r line; do
		w=$(printf '%s' "$line" | wc -L)
		[ "$w" -le 160 ] || echo "wide line ($w): $line"
	done >"$T_DIR/wide"
	[ ! -s "$T_DIR/wide" ] || fail "$1: lines wider than the terminal: $(head -3 "$T_DIR/wide")"
}

start_board() {
	tui_start 160 48 --db "$DB"
	# OSC 52 would reach tmux's buffers, OSC 0/2 the pane title.
	"${TMUX_CMD[@]}" set-option -g set-clipboard on >/dev/null 2>&1
	"${TMUX_CMD[@]}" set-option -g allow-rename on >/dev/null 2>&1
	"${TMUX_CMD[@]}" select-pane -T "before" 2>/dev/null
	wait_board
}

t "board_and_screens_are_untouched"
start_board
wait_for "Canary deal"
sleep 0.5 # let every card be drawn
untouched "board"
screen | grep -q "Canary Inc" || fail "the canary's company is gone (screen cleared?)"
screen | grep -q "␛" || fail "no visible stand-in for the escapes"
# Down the column through every hostile card, into each one's detail.
for i in $(seq 16); do
	keys j Enter
	sleep 0.1
	keys Escape
done
untouched "detail screens"
keys s
wait_for "Sales cycle and forecast" 5
untouched "stats"
keys Escape S
sleep 0.5
for i in $(seq 17); do keys n; done
sleep 0.3
untouched "standup"
keys Escape g C-l
wait_for "Refreshed"
wait_for "Canary deal"
untouched "after a refresh"
quit_ok

t "editor_notes_are_stored_exactly_from_a_private_file"
for name in csi osc_title c0 bidi bad_utf8 c1_raw format; do
	cat >"$T_DIR/editor" <<EOF
#!/bin/bash
stat -c '%a %U' "\$1" >"$T_DIR/editor.mode"
printf '%s\n' "\$1" >"$T_DIR/editor.path"
. "$(cd "$(dirname "$0")/../.." && pwd)/hostile_strings.bash"
hostile_text $name >"\$1"
EOF
	chmod 755 "$T_DIR/editor"
	EDITOR="$T_DIR/editor" start_board
	wait_for "Canary deal"
	keys e
	wait_for "Edit deal 1"
	keys -N 11 Tab
	keys C-e
	wait_until "[ -s '$T_DIR/editor.mode' ]" 5
	keys Enter
	wait_for "Saved" 5 || wait_gone "Edit deal 1" 5
	untouched "after \$EDITOR ($name)"
	quit_ok
	expect_eq "$(sql "SELECT hex(notes) FROM deals WHERE id = 1")" \
		"$(hostile_text "$name" | od -An -tx1 -v | tr -d ' \n' | tr a-f A-F)" "(notes from \$EDITOR, $name)"
	expect_eq "$(cut -d' ' -f1 "$T_DIR/editor.mode")" 600 "(the note's temp file mode)"
	[ ! -e "$(cat "$T_DIR/editor.path")" ] || fail "the note's temp file was left behind"
	rm -f "$T_DIR/editor.mode" "$T_DIR/editor.path"
done
