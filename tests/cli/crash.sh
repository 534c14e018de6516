# SIGKILL at random moments: every run leaves a sound database with each
# change either fully there or fully absent.
. "$(dirname "$0")/../lib.sh"
RUNS=${CRASH_RUNS:-100}

# sound DB: integrity_check ok, plumb check ok, every deal has its creation
# row, every closed deal its close row.
sound() {
	[ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] || { fail "$2: integrity_check"; return 1; }
	"$PLUMB_BIN" --db "$1" check --quiet 2>"$T_DIR/check.err" || { fail "$2: plumb check: $(cat "$T_DIR/check.err")"; return 1; }
}

# A delay of 0 to $1 milliseconds, as seconds for sleep.
rand_ms() { printf '0.%03d' $((RANDOM % $1)); }

t "sigkill_during_demo"
# Delays spread over 1.3 times an uninterrupted run (sanitizer builds are slower).
start=$(date +%s%N)
"$PLUMB_BIN" --db "$T_DIR/timing.db" demo --deals 3000 >/dev/null
full_ms=$((($(date +%s%N) - start) / 1000000))
span_ms=$((full_ms * 13 / 10 + 1))
rm -f "$T_DIR/timing.db"*
partial=0
for i in $(seq "$RUNS"); do
	db="$T_DIR/demo-$i.db"
	"$PLUMB_BIN" --db "$db" demo --deals 3000 --seed "$i" >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v r=$RANDOM -v s=$span_ms 'BEGIN { printf "%.3f", r / 32768 * s / 1000 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ -e "$db" ]; then
		sound "$db" "demo run $i" || break
		n=$(sqlite3 "$db" 'SELECT count(*) FROM deals')
		[ "$n" = 3000 ] || { fail "demo run $i left $n of 3000 deals"; break; }
	else
		partial=$((partial + 1))
	fi
	rm -f "$db" "$db-wal" "$db-shm" "$T_DIR"/.plumb-demo-*
done
# Both outcomes must have happened, or the delays missed the window.
[ "$partial" -gt 0 ] && [ "$partial" -lt "$RUNS" ] || fail "kills never landed mid-demo ($partial of $RUNS absent)"

t "sigkill_during_moves_and_undo_on_the_board"
fresh_db
for i in $(seq 30); do plumb --db "$DB" add "Deal $i" >/dev/null; done
for i in $(seq "$RUNS"); do
	cp "$DB" "$T_DIR/run.db"
	S="$T_DIR/crash.sock"
	tmux -S "$S" -f /dev/null new-session -d -x 80 -y 24 \
		"env TERM=tmux-256color PLUMB_NOW=$PLUMB_NOW HOME=$HOME $PLUMB_BIN --db $T_DIR/run.db"
	for k in $(seq 40); do tmux -S "$S" capture-pane -p 2>/dev/null | grep -q "ideal 14d" && break; sleep 0.02; done
	tmux -S "$S" send-keys L L u j L u C-r L
	sleep "$(rand_ms 60)"
	pkill -9 -f "plumb --db $T_DIR/run.db"
	for k in $(seq 100); do pgrep -f "plumb --db $T_DIR/run.db" >/dev/null || break; sleep 0.01; done
	tmux -S "$S" kill-server 2>/dev/null
	sound "$T_DIR/run.db" "board run $i" || break
	# Every deal has exactly one creation row, history matches the stage.
	bad=$(sqlite3 "$T_DIR/run.db" "SELECT count(*) FROM deals d WHERE d.stage_id <> (SELECT to_stage_id FROM stage_history h WHERE h.deal_id = d.id ORDER BY h.id DESC LIMIT 1)")
	[ "$bad" = 0 ] || { fail "board run $i: $bad deals whose last history row disagrees with their stage"; break; }
	rm -f "$T_DIR/run.db" "$T_DIR/run.db-wal" "$T_DIR/run.db-shm"
done

t "sighup_at_random_moments_on_the_board"
for i in $(seq 30); do
	cp "$DB" "$T_DIR/hup.db"
	S="$T_DIR/hup.sock"
	tmux -S "$S" -f /dev/null new-session -d -x 80 -y 24 \
		"env TERM=tmux-256color PLUMB_NOW=$PLUMB_NOW HOME=$HOME $PLUMB_BIN --db $T_DIR/hup.db"
	for k in $(seq 40); do tmux -S "$S" capture-pane -p 2>/dev/null | grep -q "ideal 14d" && break; sleep 0.02; done
	tmux -S "$S" send-keys L u L W j L
	sleep "$(rand_ms 40)"
	pkill -HUP -f "plumb --db $T_DIR/hup.db"
	for k in $(seq 100); do pgrep -f "plumb --db $T_DIR/hup.db" >/dev/null || break; sleep 0.01; done
	pgrep -f "plumb --db $T_DIR/hup.db" >/dev/null && { fail "plumb ignored SIGHUP"; break; }
	tmux -S "$S" kill-server 2>/dev/null
	sound "$T_DIR/hup.db" "hangup run $i" || break
	rm -f "$T_DIR/hup.db" "$T_DIR/hup.db-wal" "$T_DIR/hup.db-shm"
done
