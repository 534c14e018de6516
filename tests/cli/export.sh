# plumb export: CSV round trip, neutralisation, JSON, iCalendar, -o files.
. "$(dirname "$0")/../lib.sh"
rm -f "$DB" "$DB-wal" "$DB-shm"
plumb --db "$DB" demo --deals 150 >/dev/null

t "csv_round_trip_is_lossless"
run --db "$DB" export -o "$T_DIR/a.csv"
expect_rc 0
run --db "$T_DIR/b.db" import "$T_DIR/a.csv"
expect_rc 0
expect_out "Imported 150 deals"
run --db "$T_DIR/b.db" export --format csv -o "$T_DIR/b.csv"
expect_rc 0
cmp "$T_DIR/a.csv" "$T_DIR/b.csv" || fail "export -> import -> export differs"
run --db "$T_DIR/b.db" check
expect_rc 0
# Same cycle, forecast and tiers on day one.
expect_eq "$(plumb --db "$T_DIR/b.db" list --stalled --format csv | sha256sum)" \
	"$(plumb --db "$DB" list --stalled --format csv | sha256sum)"

t "csv_is_rfc4180_crlf_and_same_columns_as_list"
head -n 1 "$T_DIR/a.csv" | od -c | grep -q '\\r  \\n' || fail "header line does not end in CRLF"
expect_eq "$(head -n 1 "$T_DIR/a.csv")" "$(plumb --db "$DB" list --format csv | head -n 1)"
expect_eq "$(grep -c $'\r$' "$T_DIR/a.csv")" "$(wc -l <"$T_DIR/a.csv")"

t "formula_cells_neutralised_and_restored"
fresh_db
plumb --db "$DB" add "=HYPERLINK(\"http://x\",\"y\")" --company "+cmd|' /C calc'!A0" \
	--notes "@SUM(1+1)" --contact "-2+3" >/dev/null
plumb --db "$DB" add "'=already quoted" --company "plain, with comma" >/dev/null
run --db "$DB" export
expect_rc 0
expect_out "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'+cmd|' /C calc'!A0\""
expect_out "\"'-2+3\""
expect_out "\"'@SUM(1+1)\""
expect_out "\"''=already quoted\""
cp "$T_DIR/out" "$T_DIR/n.csv"
run --db "$DB" export --raw
expect_out "=HYPERLINK"
expect_no_out "'=HYPERLINK"
run --db "$T_DIR/n.db" import "$T_DIR/n.csv"
expect_rc 0
DB="$T_DIR/n.db"
expect_eq "$(sql "SELECT title || '|' || company || '|' || contact_name || '|' || notes FROM deals WHERE id = 1")" \
	"=HYPERLINK(\"http://x\",\"y\")|+cmd|' /C calc'!A0|-2+3|@SUM(1+1)"
expect_eq "$(sql "SELECT title FROM deals WHERE id = 2")" "'=already quoted"
DB="$T_DIR/p.db"

t "json_is_valid_with_activities_and_objections"
rm -f "$DB" "$DB-wal" "$DB-shm"
plumb --db "$DB" demo --deals 150 >/dev/null
run --db "$DB" export --format json
expect_rc 0
jq -e 'length == 150' "$T_DIR/out" >/dev/null || fail "not 150 deals"
jq -e '[.[] | .activities | length] | add > 0' "$T_DIR/out" >/dev/null || fail "no activities"
jq -e '[.[] | .objections | length] | add > 0' "$T_DIR/out" >/dev/null || fail "no objections"
jq -e 'all(.[]; .history[0].type == "created")' "$T_DIR/out" >/dev/null || fail "history does not start with created"
jq -e '[.[].id] == ([.[].id] | sort)' "$T_DIR/out" >/dev/null || fail "not in id order"
run --db "$DB" export --format json --open --owner alice
jq -e 'all(.[]; .status == "open" and .owner == "alice") and length > 0' "$T_DIR/out" >/dev/null ||
	fail "--open --owner not applied"

t "filters_and_conflicts"
run --db "$DB" export --stage Demo
expect_rc 0
[ "$(tail -n +2 "$T_DIR/out" | grep -vc ',Demo,')" = 0 ] || fail "--stage let other stages through"
run --db "$DB" export --all --open
expect_rc 2
run --db "$DB" export --format xml
expect_rc 2
run --db "$DB" export --stage Nowhere
expect_rc 1
expect_one_line_err

t "ics_structure"
fresh_db
long="Very long title with Korean 가나다라마바사아자차카타파하 and more words; commas, and \\backslash"
plumb --db "$DB" add "$long" --company "Acme, Inc." --next 2026-12-10 >/dev/null
plumb --db "$DB" add "Second" --next 2026-12-01 --notes "$(printf 'multi\nline')" >/dev/null
plumb --db "$DB" add "No follow-up" --next none >/dev/null
plumb --db "$DB" add "Won one" --next 2026-12-11 >/dev/null
plumb --db "$DB" won 4 >/dev/null
run --db "$DB" export --format ics -o "$T_DIR/f.ics"
expect_rc 0
f="$T_DIR/f.ics"
expect_eq "$(head -n 1 "$f")" $'BEGIN:VCALENDAR\r'
expect_eq "$(tail -n 1 "$f")" $'END:VCALENDAR\r'
expect_eq "$(grep -c '^BEGIN:VEVENT' "$f")" "2"
expect_eq "$(grep -c '^END:VEVENT' "$f")" "2"
expect_eq "$(grep -c $'\r$' "$f")" "$(wc -l <"$f")"
expect_eq "$(grep -c '^VERSION:2.0' "$f")" "1"
expect_eq "$(grep -c '^PRODID:' "$f")" "1"
expect_eq "$(grep -c '^DTSTAMP:20261204T100000Z' "$f")" "2"
grep -q '^UID:deal-1-followup@plumb' "$f" || fail "no stable UID for deal 1"
grep -q '^DTSTART;VALUE=DATE:20261210' "$f" || fail "no DATE start"
grep -q '^DTSTART;VALUE=DATE:20261201' "$f" || fail "no DATE start for the second"
# Every physical line is at most 75 octets and valid UTF-8 (no split characters).
LC_ALL=C awk '{ sub(/\r$/, ""); if (length($0) > 75) { print "long: " $0; exit 1 } }' "$f" || fail "a line exceeds 75 octets"
iconv -f UTF-8 -t UTF-8 "$f" >/dev/null || fail "folding split a UTF-8 character"
# Unfolded, the summary is the escaped title and company.
unfolded=$(sed -e ':a' -e 'N' -e '$!ba' -e 's/\r\n //g' "$f" | tr -d '\r')
printf '%s\n' "$unfolded" | grep -qF 'SUMMARY:Follow up: Very long title with Korean 가나다라마바사아자차카타파하 and more words\; commas\, and \\backslash (Acme\, Inc.)' ||
	fail "summary not escaped: $(printf '%s\n' "$unfolded" | grep SUMMARY)"
# Overdue follow-ups come first; won deals have none.
expect_eq "$(grep '^UID' "$f" | tr -d '\r' | tr '\n' ' ')" "UID:deal-2-followup@plumb UID:deal-1-followup@plumb "
if /usr/bin/python3 -c 'import icalendar' 2>/dev/null; then
	/usr/bin/python3 - "$f" <<'EOF' || fail "python3-icalendar rejects the file"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = [c for c in cal.walk('VEVENT')]
assert len(events) == 2, events
assert str(events[1]['SUMMARY']).startswith('Follow up: Very long title with Korean 가나다')
assert str(events[1]['SUMMARY']).endswith('commas, and \\backslash (Acme, Inc.)'), events[1]['SUMMARY']
assert events[0]['DTSTART'].dt.isoformat() == '2026-12-01'
EOF
fi

t "ics_todo"
run --db "$DB" export --format ics --todo
expect_rc 0
expect_out "BEGIN:VTODO"
expect_out "DUE;VALUE=DATE:20261201"
expect_no_out "VEVENT"

t "output_file_permissions_and_atomicity"
run --db "$DB" export -o "$T_DIR/new.csv"
expect_rc 0
expect_eq "$(stat -c %a "$T_DIR/new.csv")" "600"
printf 'old\n' >"$T_DIR/shared.csv"
chmod 644 "$T_DIR/shared.csv"
run --db "$DB" export --output "$T_DIR/shared.csv"
expect_rc 0
expect_eq "$(stat -c %a "$T_DIR/shared.csv")" "644"
grep -q '^id,title' "$T_DIR/shared.csv" || fail "not replaced"
ls -a "$T_DIR" | grep -q '\.plumb-export-' && fail "temporary file left behind"
run --db "$DB" export -o "$T_DIR/no/such/dir/x.csv"
expect_rc 1
expect_one_line_err

t "help_lists_import_and_export"
run --help
for cmd in import export; do
	grep -q "^  $cmd " "$T_DIR/out" || fail "help does not list $cmd"
done
for cmd in import export; do
	run "$cmd" --help
	expect_rc 0
	grep -q "^Usage: plumb $cmd" "$T_DIR/out" || fail "$cmd --help has no usage line"
done
run export --help
expect_out "-o, --output FILE"
