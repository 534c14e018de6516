# TUI tests: drive the real binary in a private tmux server at a fixed size,
# send keys, poll the captured screen (never a bare sleep as the assertion).
KIND=tui
. "$(dirname "$0")/../../lib.sh"
TUI_RUN=0
SOCK="$T_DIR/tmux.0.sock"
TMUX_CMD=(tmux -S "$SOCK" -f /dev/null)
# TERM inside tmux: what plumb sees.
TUI_TERM=${TUI_TERM:-tmux-256color}

tui_finish() {
	"${TMUX_CMD[@]}" kill-server 2>/dev/null
	finish
}
trap tui_finish EXIT

# tui_start WIDTH HEIGHT [plumb args...]: runs plumb in a fresh pane; when it
# exits the pane shows "EXIT=<status>" so tests can check how it ended.
tui_start() {
	local w=$1 h=$2
	shift 2
	"${TMUX_CMD[@]}" kill-server 2>/dev/null
	# A fresh server each time: a dying one may still hold the old socket.
	TUI_RUN=$((TUI_RUN + 1))
	SOCK="$T_DIR/tmux.$TUI_RUN.sock"
	TMUX_CMD=(tmux -S "$SOCK" -f /dev/null)
	local args="" a
	for a in "$@"; do
		args+=" $(printf '%q' "$a")"
	done
	"${TMUX_CMD[@]}" new-session -d -x "$w" -y "$h" \
		"env TERM=$TUI_TERM PLUMB_NOW=$PLUMB_NOW HOME=$HOME USER=$USER TZ=$TZ LC_ALL=$LC_ALL \
		${NO_COLOR:+NO_COLOR=$NO_COLOR} ${EDITOR:+EDITOR=$EDITOR} \
		$(printf '%q' "$PLUMB_BIN")$args; echo EXIT=\$?; sleep 30"
	"${TMUX_CMD[@]}" set-option -g status off >/dev/null 2>&1
}

screen() { "${TMUX_CMD[@]}" capture-pane -p 2>/dev/null; }
# keys KEY...: tmux key names (Enter, Escape, Tab, C-r, Left, ...).
keys() { "${TMUX_CMD[@]}" send-keys "$@"; }
# type_text TEXT: literal text.
type_text() { "${TMUX_CMD[@]}" send-keys -l -- "$1"; }
resize() { "${TMUX_CMD[@]}" resize-window -x "$1" -y "$2"; }
pane_title() { "${TMUX_CMD[@]}" display-message -p '#{pane_title}'; }

# wait_for TEXT [SECONDS]: polls until the screen shows TEXT.
wait_for() {
	local text=$1 limit=${2:-5} i
	for ((i = 0; i < limit * 20; i++)); do
		if screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
	done
	fail "screen never showed '$text'; screen was:"$'\n'"$(screen)"
	return 1
}

# wait_gone TEXT [SECONDS]
wait_gone() {
	local text=$1 limit=${2:-5} i
	for ((i = 0; i < limit * 20; i++)); do
		if ! screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.05
	done
	fail "screen still shows '$text':"$'\n'"$(screen)"
	return 1
}

# Polls a shell condition (e.g. a database query) until it holds.
wait_until() {
	local limit=${2:-5} i
	for ((i = 0; i < limit * 20; i++)); do
		if eval "$1"; then
			return 0
		fi
		sleep 0.05
	done
	fail "condition never held: $1"
	return 1
}

# The board is ready when its status bar shows the cycle.
wait_board() { wait_for "ideal 14d" "${1:-5}"; }

# quit_ok: q, then plumb must exit with status 0 and leave the terminal sane.
quit_ok() {
	keys q
	wait_for "EXIT=0" 5
}

demo_db() {
	rm -f "$DB" "$DB-wal" "$DB-shm"
	plumb --db "$DB" demo --deals "${1:-120}" --seed "${2:-1}" >/dev/null || fail "demo failed"
}
