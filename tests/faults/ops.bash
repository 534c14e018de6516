# The operations the fault loops run (tests/faults/memory.sh, io.sh): for
# each, make_* builds a pristine database once, op_* prepares a run and
# prints plumb's arguments, verify_* checks all-or-nothing after it.

CSV_NEW="$T_DIR/new.csv"
CSV_UPDATE="$T_DIR/update.csv"
{
	echo "id,title,company,value,stage,status,created,closed,notes"
	for i in $(seq 30); do
		case $((i % 3)) in
		0) st=won closed="2026-11-$(printf %02d $((i % 28 + 1)))T17:00:00Z" ;;
		1) st=open closed="" ;;
		2) st=lost closed="2026-11-$(printf %02d $((i % 28 + 1)))T12:00:00Z" ;;
		esac
		echo "k$i,\"Deal $i, \"\"quoted\"\"\",Company $i,$((i * 100)).50,Qualified,$st,2026-10-$(printf %02d $((i % 28 + 1)))T09:00:00Z,$closed,note $i"
	done
} >"$CSV_NEW"
{
	echo "id,title,value"
	for i in $(seq 20 35); do echo "k$i,Deal $i renamed,$((i * 7))"; done
} >"$CSV_UPDATE"

make_pipeline() {
	plumb --db "$1" init >/dev/null || fail "init failed"
	for i in 1 2 3 4 5; do
		plumb --db "$1" add "Deal $i" --company "C$i" --value $((i * 1000)) >/dev/null
	done
	plumb --db "$1" log 2 --channel email --note "first" >/dev/null
	plumb --db "$1" won 3 >/dev/null
}
make_empty() { plumb --db "$1" init >/dev/null || fail "init failed"; }
make_imported() {
	plumb --db "$1" init >/dev/null && plumb --db "$1" import "$CSV_NEW" >/dev/null ||
		fail "import for the pristine database failed"
}

# open: read a pipeline (list), which also checkpoints it on close.
op_open() { setup_db pipeline; echo "--db p.db list --format csv"; }
verify_open() {
	unchanged pipeline || { fail "$1: list changed the pipeline"; return 1; }
	if [ "$RC" = 0 ] && ! cmp -s "$W/out" "$T_DIR/list.ref"; then
		fail "$1: list printed something else"
		return 1
	fi
}

# init: create a new pipeline file.
op_init() { setup_db none; echo "--db p.db init"; }
verify_init() {
	if saved; then
		[ "$(sqlite3 -readonly "$W/p.db" 'SELECT count(*) FROM stages')" = 6 ] ||
			{ fail "$1: init succeeded without its stages"; return 1; }
	elif [ -e "$W/p.db" ] || [ -e "$W/p.db-wal" ] || [ -e "$W/p.db-shm" ]; then
		# A WAL beside a deleted database is replayed into the next one.
		fail "$1: a failed init left $(cd "$W" && echo p.db*) behind"
		return 1
	fi
}

# move: one deal to the next stage.
op_move() { setup_db pipeline; echo "--db p.db move 1 Qualified"; }
verify_move() {
	if saved; then
		[ "$(sqlite3 -readonly "$W/p.db" "SELECT s.name FROM deals d JOIN stages s ON s.id = d.stage_id WHERE d.id = 1")" = Qualified ] ||
			{ fail "$1: the move did not happen"; return 1; }
		[ "$(sqlite3 -readonly "$W/p.db" "SELECT count(*) FROM stage_history WHERE deal_id = 1")" = 2 ] ||
			{ fail "$1: the move has no history row"; return 1; }
	else
		unchanged pipeline || { fail "$1: a failed move changed the pipeline"; return 1; }
	fi
}

# import into an empty pipeline (the bulk path: indexes dropped and rebuilt).
op_import_new() { setup_db empty; echo "--db p.db import $CSV_NEW"; }
verify_import_new() {
	if saved; then
		[ "$(sqlite3 -readonly "$W/p.db" 'SELECT count(*) FROM deals')" = 30 ] ||
			{ fail "$1: import succeeded without all rows"; return 1; }
		[ "$(sqlite3 -readonly "$W/p.db" "SELECT count(*) FROM sqlite_schema WHERE type IN ('index', 'trigger')")" = \
			"$(sqlite3 -readonly "$T_DIR/empty.db" "SELECT count(*) FROM sqlite_schema WHERE type IN ('index', 'trigger')")" ] ||
			{ fail "$1: import lost indexes or triggers"; return 1; }
	else
		unchanged empty || { fail "$1: a failed import changed the pipeline"; return 1; }
	fi
}

# import updating deals imported before (the upsert path).
op_import_update() { setup_db imported; echo "--db p.db import --key id $CSV_UPDATE"; }
verify_import_update() {
	if saved; then
		[ "$(sqlite3 -readonly "$W/p.db" "SELECT count(*) FROM deals")" = 35 ] &&
			[ "$(sqlite3 -readonly "$W/p.db" "SELECT title FROM deals WHERE external_key = 'k25'")" = "Deal 25 renamed" ] ||
			{ fail "$1: update import incomplete"; return 1; }
	else
		unchanged imported || { fail "$1: a failed import changed the pipeline"; return 1; }
	fi
}

# export to a file that exists: replaced whole or left alone.
export_op() { # format
	setup_db imported
	echo "old export" >"$W/out.$1"
	echo "--db p.db export --format $1 -o out.$1"
}
export_verify() { # format what
	unchanged imported || { fail "$2: export changed the pipeline"; return 1; }
	if ls -A "$W" | grep -q '^\.plumb-export-'; then
		fail "$2: a temporary export file was left behind"
		return 1
	fi
	if [ "$RC" = 0 ]; then
		cmp -s "$W/out.$1" "$T_DIR/export.$1" || { fail "$2: the export differs"; return 1; }
	else
		[ "$(cat "$W/out.$1")" = "old export" ] || { fail "$2: a failed export replaced the file"; return 1; }
	fi
}
op_export_csv() { export_op csv; }
verify_export_csv() { export_verify csv "$1"; }
op_export_json() { export_op json; }
verify_export_json() { export_verify json "$1"; }
op_export_ics() { export_op ics; }
verify_export_ics() { export_verify ics "$1"; }

OPS="open init move import_new import_update export_csv export_json export_ics"

prepare_ops() {
	pristine pipeline
	pristine empty
	pristine imported
	plumb --db "$T_DIR/pipeline.db" list --format csv >"$T_DIR/list.ref"
	for f in csv json ics; do
		plumb --db "$T_DIR/imported.db" export --format "$f" -o "$T_DIR/export.$f" ||
			fail "reference export failed"
	done
	settle
}
