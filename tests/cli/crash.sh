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

t "sigkill_during_import"
# Half the runs load an empty pipeline (indexes dropped and rebuilt inside
# the transaction), half update one (upserts by key): either way, after a
# kill, all of the file or none of it, and the schema whole.
awk 'BEGIN { print "id,title,company,value,stage,status,created,closed"
	for (i = 1; i <= 8000; i++)
		printf "k%d,\"Deal %d, first\",Company %d,%d.50,Qualified,%s,2026-10-01T09:00:00Z,%s\n", i, i, i, i,
			(i % 5 ? "open" : "won"), (i % 5 ? "" : "2026-11-01T09:00:00Z") }' >"$T_DIR/first.csv"
awk 'BEGIN { print "id,title,value"
	for (i = 1; i <= 10000; i++) printf "k%d,Deal %d renamed,%d\n", i, i, i * 2 }' >"$T_DIR/second.csv"
rm -f "$T_DIR/base.db"*
plumb --db "$T_DIR/base.db" init >/dev/null
sqlite3 "$T_DIR/base.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$T_DIR/base.db" "$T_DIR/empty.db"
plumb --db "$T_DIR/base.db" import "$T_DIR/first.csv" >/dev/null || fail "base import failed"
sqlite3 "$T_DIR/base.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
rm -f "$T_DIR/base.db-wal" "$T_DIR/base.db-shm" "$T_DIR/empty.db-wal" "$T_DIR/empty.db-shm"
schema=$(sqlite3 -readonly "$T_DIR/empty.db" "SELECT count(*) FROM sqlite_schema")
timed_ms() { # db csv: milliseconds an uninterrupted import takes
	cp "$1" "$T_DIR/timing.db"
	local start=$(date +%s%N)
	"$PLUMB_BIN" --db "$T_DIR/timing.db" import --key id "$2" >/dev/null
	echo $((($(date +%s%N) - start) / 1000000))
	rm -f "$T_DIR/timing.db"*
}
span_new=$(($(timed_ms "$T_DIR/empty.db" "$T_DIR/first.csv") * 13 / 10 + 1))
span_update=$(($(timed_ms "$T_DIR/base.db" "$T_DIR/second.csv") * 13 / 10 + 1))
none=0 all=0
for i in $(seq "$RUNS"); do
	if [ $((i % 2)) = 0 ]; then
		from="$T_DIR/empty.db" csv="$T_DIR/first.csv" span=$span_new
	else
		from="$T_DIR/base.db" csv="$T_DIR/second.csv" span=$span_update
	fi
	db="$T_DIR/imp.db"
	cp "$from" "$db"
	exec 3>&2 2>/dev/null
	"$PLUMB_BIN" --db "$db" import --key id "$csv" >/dev/null &
	pid=$!
	sleep "$(awk -v r=$RANDOM -v s="$span" 'BEGIN { printf "%.3f", r / 32768 * s / 1000 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	exec 2>&3 3>&-
	sound "$db" "import run $i" || break
	expect_eq "$(sqlite3 -readonly "$db" 'SELECT count(*) FROM sqlite_schema')" "$schema" "(schema after import run $i)"
	n=$(sqlite3 -readonly "$db" 'SELECT count(*) FROM deals')
	renamed=$(sqlite3 -readonly "$db" "SELECT count(*) FROM deals WHERE title LIKE '% renamed'")
	if [ "$from" = "$T_DIR/empty.db" ]; then
		case $n in 0) none=$((none + 1)) ;; 8000) all=$((all + 1)) ;;
		*) fail "import run $i (empty pipeline) left $n of 8000 deals"; break ;; esac
	else
		case "$n/$renamed" in 8000/0) none=$((none + 1)) ;; 10000/10000) all=$((all + 1)) ;;
		*) fail "import run $i (update) left $n deals, $renamed renamed"; break ;; esac
	fi
	rm -f "$db" "$db-wal" "$db-shm"
done
# Both outcomes must have happened, or the delays missed the window.
[ "$none" -gt 0 ] && [ "$all" -gt 0 ] || fail "kills never landed mid-import ($none none, $all all)"
