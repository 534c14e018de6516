# Hostile text (tests/hostile_strings.bash) through every way in (add,
# edit, log, objection, lost, import, config values) to every way out:
# stored exactly (hex in the database), shown sanitised in list, show,
# stats and standup, carried exactly and correctly escaped in CSV and JSON,
# and valid in iCalendar. One case per string.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../hostile_strings.bash"
PY=/usr/bin/python3

hex_of() { od -An -tx1 -v | tr -d ' \n' | tr a-f A-F; }
# db_hex SQL: the hex of one value in $DB.
db_hex() { sql "SELECT hex(($1))"; }

expect_stored() { # what SQL
	local got
	got=$(db_hex "$2")
	[ "$got" = "$WANT_HEX" ] || fail "$1 not stored exactly: $(printf '%s' "$got" | head -c 120)..."
}

expect_safe() { # what file
	local why
	why=$(terminal_safe "$2") || fail "$1 is not terminal-safe: $why"
}

# csv_field FILE ID COLUMN: the field of the row with that id, as hex,
# read with Python's csv module (bytes kept, formula quote removed).
csv_field_hex() {
	$PY - "$@" <<'EOF'
import csv, io, sys
path, ident, column = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, 'rb').read().decode('utf-8', 'surrogateescape')
rows = list(csv.DictReader(io.StringIO(text, newline='')))
for r in rows:
    if r['id'] == ident:
        v = r[column]
        # plumb's import undoes the OWASP neutralisation the same way
        if v.startswith("'") and v.lstrip("'")[:1] in ('=', '+', '-', '@', '\t', '\r'):
            v = v[1:]
        print(v.encode('utf-8', 'surrogateescape').hex().upper())
        break
else:
    print('no row', ident)
EOF
}

# json_expect FILE JQ-PATH: the string there is the text made valid UTF-8.
json_expect() {
	local got want
	got=$(jq -j "$2" "$1" | hex_of)
	want=$(hostile_text "$NAME" | $PY -c 'import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode("utf-8", "replace").encode())' | hex_of)
	[ "$got" = "$want" ] || fail "json $2 differs from the text (made valid): $(printf '%s' "$got" | head -c 80)"
}

valid_utf8() { hostile_text "$NAME" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1; }

for NAME in $(hostile_names); do
	t "$NAME"
	S=$(hostile_text "$NAME")
	WANT_HEX=$(hostile_text "$NAME" | hex_of)
	fresh_db

	# ---- ways in ----
	run --db "$DB" add "$S" --company "$S" --contact "$S" --notes "$S" --owner "$S" --email "$S"
	expect_rc 0
	A=$OUT
	run --db "$DB" add "plain"
	B=$OUT
	run --db "$DB" edit "$B" --title "$S" --phone "$S"
	expect_rc 0
	run --db "$DB" log "$A" --channel email --note "$S" --kind "$S"
	expect_rc 0
	run --db "$DB" objection "$A" --category price --said "$S" --response "$S"
	expect_rc 0
	run --db "$DB" add "to lose" --owner "$S"
	C=$OUT
	run --db "$DB" lost "$C" --reason "$S"
	expect_rc 0
	run --db "$DB" rules set currency "$S"
	[ "$RC" = 1 ] || fail "a hostile currency rule was accepted"

	# ---- stored exactly ----
	for col in title company contact_name contact_email notes owner; do
		expect_stored "deals.$col" "SELECT $col FROM deals WHERE id = $A"
	done
	expect_stored "edited title" "SELECT title FROM deals WHERE id = $B"
	expect_stored "edited phone" "SELECT contact_phone FROM deals WHERE id = $B"
	expect_stored "activity note" "SELECT note FROM activities WHERE deal_id = $A"
	expect_stored "activity kind" "SELECT kind FROM activities WHERE deal_id = $A"
	expect_stored "objection said" "SELECT said FROM objections WHERE deal_id = $A"
	expect_stored "objection response" "SELECT response FROM objections WHERE deal_id = $A"
	expect_stored "lost reason" "SELECT lost_reason FROM deals WHERE id = $C"

	# ---- shown sanitised ----
	for cmd in "list" "list --status all" "show $A" "show $B" "show $C" "stats" \
		"standup" "standup --format markdown" "list --owner $S"; do
		# shellcheck disable=SC2086 # words by design; $S stays one word below
		if [ "$cmd" = "list --owner $S" ]; then
			run --db "$DB" list --owner "$S"
		else
			run --db "$DB" $cmd
		fi
		expect_rc 0
		expect_safe "'${cmd%% *}'" "$T_DIR/out"
	done
	# An error that quotes stored text (stage list) or the argument.
	run --db "$DB" move "$A" "$S"
	expect_rc 1
	expect_one_line_err
	expect_safe "an error quoting it" "$T_DIR/err"

	# CSV and JSON on a terminal are read by a person: sanitised as well.
	# (The pty turns line ends into CRLF; carriage returns are set aside.)
	for fmt in "list --format csv" "list --format json" "export" "export --format json" \
		"show $A --format json"; do
		script -qec "'$PLUMB_BIN' --db '$DB' $fmt" /dev/null </dev/null | tr -d '\r' >"$T_DIR/tty"
		expect_safe "'$fmt' on a terminal" "$T_DIR/tty"
	done

	# ---- exported exactly ----
	run --db "$DB" list --status all --format csv
	expect_rc 0
	for col in title company owner notes; do
		got=$(csv_field_hex "$T_DIR/out" "$A" "$col")
		[ "$got" = "$WANT_HEX" ] || fail "list csv $col differs: ${got:0:80}"
	done
	run --db "$DB" export -o "$T_DIR/e.csv"
	expect_rc 0
	got=$(csv_field_hex "$T_DIR/e.csv" "$B" title)
	[ "$got" = "$WANT_HEX" ] || fail "export csv title differs: ${got:0:80}"
	got=$(csv_field_hex "$T_DIR/e.csv" "$C" lost_reason)
	[ "$got" = "$WANT_HEX" ] || fail "export csv lost_reason differs: ${got:0:80}"
	run --db "$DB" export --format json -o "$T_DIR/e.json"
	expect_rc 0
	json_expect "$T_DIR/e.json" ".[] | select(.id == $A) | .title"
	json_expect "$T_DIR/e.json" ".[] | select(.id == $A) | .objections[0].said"
	json_expect "$T_DIR/e.json" ".[] | select(.id == $A) | .activities[0].note"
	run --db "$DB" show "$A" --format json
	json_expect "$T_DIR/out" ".notes"
	run --db "$DB" export --format ics -o "$T_DIR/e.ics"
	expect_rc 0
	$PY - "$T_DIR/e.ics" "$A" <<'EOF' || fail "iCalendar: $(tail -3 "$T_DIR/ics.err")"
import sys, icalendar
raw = open(sys.argv[1], 'rb').read()
for line in raw.split(b'\r\n'):
    assert len(line) <= 75, ('line over 75 octets', line[:80])
    assert not any(b < 0x20 and b != 0x09 for b in line), ('control byte', line[:80])
    assert b'\x7f' not in line, ('DEL', line[:80])
raw.decode('utf-8')
cal = icalendar.Calendar.from_ical(raw)
uids = [str(e['UID']) for e in cal.walk('VEVENT')]
assert 'deal-%s-followup@plumb' % sys.argv[2] in uids, uids
EOF

	# ---- import: the same text in every cell of a file ----
	rm -f "$T_DIR/i.db"*
	plumb --db "$T_DIR/i.db" init >/dev/null
	hostile_text "$NAME" | $PY -c '
import csv, sys
s = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
w = csv.writer(open(sys.argv[1], "w", encoding="utf-8", errors="surrogateescape", newline=""))
w.writerow(["title", "company", "contact", "notes", "owner", "lost_reason", "status", "closed", s])
w.writerow([s, s, s, s, s, s, "lost", "2026-11-01", s])
' "$T_DIR/i.csv"
	run --db "$T_DIR/i.db" import "$T_DIR/i.csv"
	expect_safe "import's messages" "$T_DIR/err"
	if valid_utf8; then
		expect_rc 0
		DB="$T_DIR/i.db"
		for col in title company contact_name notes owner lost_reason; do
			expect_stored "imported $col" "SELECT $col FROM deals WHERE id = 1"
		done
		DB="$T_DIR/p.db"
	else
		# Not UTF-8: refused whole, each bad cell named, nothing imported.
		expect_rc 1
		expect_err "is not valid UTF-8"
		expect_eq "$(sqlite3 -readonly "$T_DIR/i.db" 'SELECT count(*) FROM deals')" 0
	fi

	# A stage named by the file (--create-stages) is shown in the summary.
	hostile_text "$NAME" | $PY -c '
import csv, sys
s = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
w = csv.writer(open(sys.argv[1], "w", encoding="utf-8", errors="surrogateescape", newline=""))
w.writerow(["title", "stage"])
w.writerow(["staged", s])
' "$T_DIR/s.csv"
	rm -f "$T_DIR/s.db"*
	plumb --db "$T_DIR/s.db" init >/dev/null
	run --db "$T_DIR/s.db" import --create-stages "$T_DIR/s.csv"
	expect_safe "import's summary" "$T_DIR/out"
	expect_safe "import's messages with a stage" "$T_DIR/err"
	if [ "$RC" = 0 ]; then
		run --db "$T_DIR/s.db" list
		expect_safe "list with a hostile stage" "$T_DIR/out"
		run --db "$T_DIR/s.db" move 1 "no such stage"
		expect_one_line_err
		expect_safe "the stage list in an error" "$T_DIR/err"
	fi

	# ---- config values: [user] name and [display] currency_symbol ----
	if ! printf '%s' "$S" | LC_ALL=C grep -q '["\\]' && [ "${#S}" -le 200 ] &&
		[ "$(printf '%s' "$S" | wc -l)" = 0 ] && ! printf '%s' "$S" | LC_ALL=C grep -q $'\r'; then
		mkdir -p "$HOME/.config/plumb"
		printf '[user]\nname = "%s"\n[display]\ncurrency_symbol = "%s"\n' "$S" "$S" \
			>"$HOME/.config/plumb/config.ini"
		run --db "$DB" add "by config"
		expect_rc 0
		D=$OUT
		expect_stored "config name as owner" "SELECT owner FROM deals WHERE id = $D"
		expect_stored "config name as who" "SELECT who FROM stage_history WHERE deal_id = $D"
		for cmd in "list" "show $D" "standup"; do
			# shellcheck disable=SC2086
			run --db "$DB" $cmd
			expect_rc 0
			expect_safe "'${cmd%% *}' with a hostile config" "$T_DIR/out"
		done
		rm -f "$HOME/.config/plumb/config.ini"
	fi

	run --db "$DB" check
	expect_rc 0
done
