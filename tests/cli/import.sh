# plumb import: real-world export shapes, all-or-nothing, upserts, history.
. "$(dirname "$0")/../lib.sh"
FIX="$(cd "$(dirname "$0")/../fixtures" && pwd)"

t "pipedrive_export_with_bom_crlf_korean"
fresh_db
run --db "$DB" import "$FIX/pipedrive.csv"
expect_rc 0
expect_out "Imported 4 deals"
expect_out "4 added"
expect_err "columns not imported: 'Deal - Pipeline'"
expect_eq "$(sql "SELECT title || '|' || company || '|' || contact_name || '|' || value_minor || '|' || currency FROM deals WHERE external_key = '101'")" \
	"클라우드 전환 계약|서울데이터 주식회사|김지수|1250000|KRW"
expect_eq "$(sql "SELECT title FROM deals WHERE external_key = '103'")" 'Pilot "Phase 2"'
expect_eq "$(sql "SELECT status || ' ' || cycle_days FROM deals WHERE external_key = '102'")" "won 30"
expect_eq "$(sql "SELECT status || ' ' || lost_reason || ' ' || cycle_days FROM deals WHERE external_key = '103'")" \
	"lost went with a competitor 20"
expect_eq "$(sql "SELECT count(*) FROM stage_history")" "7"
expect_eq "$(sql "SELECT count(*) FROM stage_history h JOIN deals d ON d.id = h.deal_id WHERE d.external_key = '102' AND h.to_status = 'won' AND h.at = d.closed_at")" "1"
expect_eq "$(sql "SELECT owner FROM deals WHERE external_key = '104'")" "chen"
run --db "$DB" check
expect_rc 0
# The two won deals took 30 and 20 days: the average cycle is 25 from day one.
expect_eq "$(sql "SELECT count(*) || ' ' || avg(cycle_days) FROM deals WHERE status = 'won'")" "2 25.0"

t "hubspot_export_closed_won_stages_us_dates"
fresh_db
run --db "$DB" import "$FIX/hubspot.csv"
expect_rc 0
expect_out "Imported 3 deals"
expect_eq "$(sql "SELECT status || ' ' || value_minor FROM deals WHERE external_key = '9002'")" "won 240050"
expect_eq "$(sql "SELECT datetime(created_at, 'unixepoch') || ' ' || datetime(closed_at, 'unixepoch') FROM deals WHERE external_key = '9002'")" \
	"2026-09-15 09:00:00 2026-10-15 11:00:00"
expect_eq "$(sql "SELECT status FROM deals WHERE external_key = '9003'")" "lost"
# An open deal's close date is the expected one: not a close.
expect_eq "$(sql "SELECT status || ' ' || coalesce(closed_at, '-') || ' ' || datetime(created_at, 'unixepoch') FROM deals WHERE external_key = '9001'")" \
	"open - 2026-11-02 14:30:00"
run --db "$DB" check
expect_rc 0

t "semicolon_crlf_day_month_dates_quoted_newline"
fresh_db
run --db "$DB" import "$FIX/semicolon.csv"
expect_rc 0
expect_eq "$(sql "SELECT notes FROM deals WHERE title = 'Rahmenvertrag'" | tr -d '\r')" \
	"Erstkontakt auf der Messe;
Rückruf im Dezember"
expect_eq "$(sql "SELECT date(created_at, 'unixepoch') || ' ' || channel FROM deals WHERE title = 'Rahmenvertrag'")" "2026-11-05 event"
expect_eq "$(sql "SELECT value_minor FROM deals WHERE title = 'Wartung; 2027'")" "200050"

t "tab_delimiter_option_and_map"
fresh_db
printf 'Name\tAmount\tWhere\nTab deal\t10\tDemo\n' >"$T_DIR/tabs.tsv"
run --db "$DB" import "$T_DIR/tabs.tsv" --delimiter tab --map Name=title --map Where=stage
expect_rc 0
expect_eq "$(sql "SELECT d.title || ' ' || d.value_minor || ' ' || s.name FROM deals d JOIN stages s ON s.id = d.stage_id")" "Tab deal 1000 Demo"

t "reimport_with_id_does_not_duplicate"
fresh_db
plumb --db "$DB" import "$FIX/pipedrive.csv" >/dev/null 2>&1
run --db "$DB" import "$FIX/pipedrive.csv"
expect_rc 0
expect_out "0 added, 0 updated, 4 unchanged"
expect_eq "$(sql "SELECT count(*) FROM deals")" "4"
expect_eq "$(sql "SELECT count(*) FROM stage_history")" "7"

t "upsert_updates_fields_and_appends_history"
sed -e 's/"12,500.00","KRW","alice","Proposal","Open"/"20,000","KRW","alice","Contract","Won"/' \
	-e 's/"2026-11-20 09:15:00","",""/"2026-11-20 09:15:00","2026-12-01 10:00:00",""/' \
	"$FIX/pipedrive.csv" >"$T_DIR/changed.csv"
run --db "$DB" import "$T_DIR/changed.csv"
expect_rc 0
expect_out "0 added, 1 updated, 3 unchanged"
expect_eq "$(sql "SELECT value_minor || ' ' || status || ' ' || cycle_days FROM deals WHERE external_key = '101'")" "2000000 won 11"
expect_eq "$(sql "SELECT count(*) FROM stage_history h JOIN deals d ON d.id = h.deal_id WHERE d.external_key = '101'")" "3"
run --db "$DB" check
expect_rc 0

t "upsert_with_empty_stage_and_status_keeps_them"
printf 'id,title,stage,status,value\n101,Renamed,,,\n' >"$T_DIR/partial.csv"
run --db "$DB" import "$T_DIR/partial.csv"
expect_rc 0
expect_out "1 updated"
expect_eq "$(sql "SELECT d.title || ' ' || s.name || ' ' || d.status || ' ' || d.value_minor FROM deals d JOIN stages s ON s.id = d.stage_id WHERE external_key = '101'")" \
	"Renamed Contract won 0"
run --db "$DB" check
expect_rc 0

t "key_option_names_the_column"
fresh_db
printf 'Ref,Title\nA-1,First\nA-2,Second\n' >"$T_DIR/keyed.csv"
plumb --db "$DB" import "$T_DIR/keyed.csv" --key Ref >/dev/null
printf 'Ref,Title\nA-1,First renamed\nA-3,Third\n' >"$T_DIR/keyed2.csv"
run --db "$DB" import "$T_DIR/keyed2.csv" --key ref
expect_rc 0
expect_out "1 added, 1 updated"
expect_eq "$(sql "SELECT group_concat(external_key || '=' || title, ',') FROM (SELECT * FROM deals ORDER BY id)")" \
	"A-1=First renamed,A-2=Second,A-3=Third"
run --db "$DB" check
expect_rc 0

t "key_column_can_also_be_a_field"
fresh_db
printf 'Email,Title,id\nann@example.com,First,1\nbob@example.com,Second,2\n' >"$T_DIR/byemail.csv"
plumb --db "$DB" import "$T_DIR/byemail.csv" --key Email >/dev/null
printf 'Email,Title,id\nann@example.com,First again,9\n' >"$T_DIR/byemail2.csv"
run --db "$DB" import "$T_DIR/byemail2.csv" --key email
expect_rc 0
expect_out "0 added, 1 updated"
expect_eq "$(sql "SELECT group_concat(external_key || '=' || contact_email || '=' || title, ',') FROM (SELECT * FROM deals ORDER BY id)")" \
	"ann@example.com=ann@example.com=First again,bob@example.com=bob@example.com=Second"

t "duplicate_key_in_file_names_both"
fresh_db
printf 'id,title\n7,One\n8,Two\n7,Again\n' >"$T_DIR/dup.csv"
run --db "$DB" import "$T_DIR/dup.csv"
expect_rc 1
expect_err "dup.csv:4: id: key '7' is on an earlier line of the file too"
expect_eq "$(sql "SELECT count(*) FROM deals")" "0"
run --db "$DB" import --dry-run "$T_DIR/dup.csv"
expect_rc 1
expect_err "dup.csv:4: id: key '7' is on line 2 too"

t "every_bad_row_reported_nothing_imported"
fresh_db
plumb --db "$DB" add "Existing" >/dev/null
before=$(sql "SELECT count(*), max(version) FROM deals; SELECT count(*) FROM stage_history")
cat >"$T_DIR/bad.csv" <<'EOF'
Title,Value,Stage,Created,Notes
Good one,100,Lead,2026-11-01,"a note
over two lines"
Bad value,12abc,Lead,2026-11-01,
Unknown stage,5,Nowhere,2026-11-01,
Bad date,5,Lead,2026-02-30,
Too few,5
Good two,7,Demo,2026-11-02,
EOF
run --db "$DB" import "$T_DIR/bad.csv"
expect_rc 1
expect_err "bad.csv:4: Value: '12abc' is not a valid amount"
expect_err "bad.csv:5: Stage: 'Nowhere' is not a stage"
expect_err "bad.csv:6: Created: '2026-02-30' is not a date"
expect_err "bad.csv:7: has 2 fields, the header has 5"
expect_err "plumb import: 4 of 6 rows have problems (unknown stages: Nowhere; --create-stages adds them); nothing was imported"
expect_eq "$(sql "SELECT count(*), max(version) FROM deals; SELECT count(*) FROM stage_history")" "$before"
[ "$(grep -c '^' "$T_DIR/err")" = 5 ] || fail "expected 4 problem lines and 1 summary: $ERR"

t "unbalanced_quote_at_eof_names_its_line"
fresh_db
printf 'Title,Notes\nFine,"ok"\nBroken,"never closed\nmore text\n' >"$T_DIR/open.csv"
run --db "$DB" import "$T_DIR/open.csv"
expect_rc 1
expect_err "open.csv:3: a quoted field is never closed"
expect_err "the file is not valid CSV; nothing was imported"
expect_eq "$(sql "SELECT count(*) FROM deals")" "0"

t "stray_quote_names_its_line"
fresh_db
printf 'Title,Notes\n"a\nb",x\nBad "quote",y\n' >"$T_DIR/stray.csv"
run --db "$DB" import "$T_DIR/stray.csv"
expect_rc 1
expect_err "stray.csv:4: malformed quoting"
expect_eq "$(sql "SELECT count(*) FROM deals")" "0"

t "won_deal_needs_dates_and_bad_status"
fresh_db
printf 'Title,Status,Created,Closed\nW,won,2026-01-01,\nX,won,,2026-02-01\nY,maybe,,\n' >"$T_DIR/won.csv"
run --db "$DB" import "$T_DIR/won.csv"
expect_rc 1
expect_err "won.csv:2: Closed: a won deal needs its close date"
expect_err "won.csv:3: Created: a won deal needs the date it was created"
expect_err "won.csv:4: Status: 'maybe' is not a status"

t "ambiguous_slash_dates_need_day_first"
fresh_db
printf 'Title,Created\nA,25/03/2026\n' >"$T_DIR/dmy.csv"
run --db "$DB" import "$T_DIR/dmy.csv"
expect_rc 1
expect_err "--day-first"
run --db "$DB" import "$T_DIR/dmy.csv" --day-first
expect_rc 0
expect_eq "$(sql "SELECT date(created_at, 'unixepoch') FROM deals")" "2026-03-25"

t "create_stages_appends_unknown_ones"
fresh_db
printf 'Title,Stage\nA,Discovery\nB,Lead\nC,discovery\nD,Signed\n' >"$T_DIR/stages.csv"
run --db "$DB" import "$T_DIR/stages.csv" --create-stages
expect_rc 0
expect_out "Created stages: Discovery, Signed."
expect_eq "$(sql "SELECT group_concat(name, ',') FROM (SELECT name FROM stages ORDER BY position)")" \
	"Lead,Qualified,Demo,Proposal,Negotiation,Contract,Discovery,Signed"
expect_eq "$(sql "SELECT count(*) FROM deals d JOIN stages s ON s.id = d.stage_id WHERE s.name = 'Discovery'")" "2"

t "dry_run_counts_per_stage_and_changes_nothing"
fresh_db
before=$(sha "$DB")
run --db "$DB" import --dry-run "$FIX/pipedrive.csv"
expect_rc 0
expect_out "Dry run: $FIX/pipedrive.csv has 4 deals to import (4 new, 0 updates, 0 unchanged); nothing was changed."
expect_out "Proposal                      1 open"
expect_out "won                           2"
expect_eq "$(sql "SELECT count(*) FROM deals")" "0"
expect_eq "$(sha "$DB")" "$before"
run --db "$T_DIR/missing.db" import --dry-run "$FIX/pipedrive.csv"
expect_rc 1
[ ! -e "$T_DIR/missing.db" ] || fail "dry run created a database"

t "usage_errors"
fresh_db
run --db "$DB" import "$FIX/hubspot.csv" --map "Nope=title"
expect_rc 1
expect_err "no column 'Nope'"
run --db "$DB" import "$FIX/hubspot.csv" --map "Amount=bogus"
expect_rc 1
expect_err "'bogus' is not a field"
run --db "$DB" import "$FIX/hubspot.csv" --delimiter ab
expect_rc 2
printf 'Company,Amount\nX,1\n' >"$T_DIR/notitle.csv"
run --db "$DB" import "$T_DIR/notitle.csv"
expect_rc 1
expect_one_line_err
expect_err "no column holds the deal title"
: >"$T_DIR/empty.csv"
run --db "$DB" import "$T_DIR/empty.csv"
expect_rc 1
expect_err "the file is empty"

t "no_progress_when_stderr_is_not_a_terminal"
fresh_db
run --db "$DB" import "$FIX/hubspot.csv"
expect_rc 0
! grep -q "rows/s" "$T_DIR/err" || fail "progress on a non-terminal"

t "stdin_import"
fresh_db
plumb --db "$DB" import - <"$FIX/hubspot.csv" >"$T_DIR/out" 2>&1 || fail "stdin import failed"
expect_eq "$(sql "SELECT count(*) FROM deals")" "3"

# A generated file large enough to be killed in the middle of its import.
big_csv() { # rows file
	awk -v n="$1" 'BEGIN {
		print "id,title,company,value,stage,status,created,closed"
		split("Lead Qualified Demo Proposal Negotiation Contract", st, " ")
		for (i = 1; i <= n; i++) {
			s = (i % 3 == 0) ? "won" : (i % 7 == 0 ? "lost" : "open")
			d = 1 + i % 28
			printf "%d,\"Deal %d, phase %d\",Company %d,%d.50,%s,%s,2026-10-%02dT09:00:00Z,%s\n", \
				i, i, i % 5, i % 97, i * 3, st[1 + i % 6], s, d, \
				(s == "open" ? "" : sprintf("2026-11-%02dT17:00:00Z", d))
		}
	}' >"$2"
}

t "sigkill_mid_import_leaves_all_or_nothing"
big_csv 40000 "$T_DIR/big.csv"
for delay in 0.02 0.1 0.2 0.4 0.8; do
	fresh_db
	indexes=$(sql "SELECT count(*) FROM sqlite_schema WHERE type IN ('index', 'trigger')")
	# bash reports the killed job on its own stderr: silence that only.
	exec 3>&2 2>/dev/null
	timeout -s KILL "$delay" "$PLUMB_BIN" --db "$DB" import "$T_DIR/big.csv" >/dev/null
	exec 2>&3 3>&-
	n=$(plumb --db "$DB" list --status all --format csv | tail -n +2 | wc -l)
	[ "$n" = 0 ] || [ "$n" = 40000 ] || fail "after SIGKILL at ${delay}s: $n deals"
	run --db "$DB" check
	expect_rc 0
	expect_eq "$(sql "SELECT count(*) FROM sqlite_schema WHERE type IN ('index', 'trigger')")" "$indexes"
done

t "progress_on_a_terminal"
fresh_db
big_csv 20000 "$T_DIR/slow.csv"
mkfifo "$T_DIR/fifo"
# Half the rows, a pause, the rest: the reader is slow enough to report.
( head -n 10001 "$T_DIR/slow.csv"; sleep 0.6; tail -n +10002 "$T_DIR/slow.csv" ) >"$T_DIR/fifo" &
script -qec "'$PLUMB_BIN' --db '$DB' import '$T_DIR/fifo' 2>&1 >/dev/null" /dev/null >"$T_DIR/tty" </dev/null
wait
grep -q "rows/s" "$T_DIR/tty" || fail "no progress on a terminal: $(cat -v "$T_DIR/tty" | head -c 300)"
expect_eq "$(sql "SELECT count(*) FROM deals")" "20000"
