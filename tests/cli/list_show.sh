# plumb list (table, csv, json, filters) and plumb show.
. "$(dirname "$0")/../lib.sh"
fresh_db
PLUMB_NOW=2026-10-01T10:00:00 plumb --db "$DB" add "Old forgotten deal" --company "Zeta" --value 5000 >/dev/null
plumb --db "$DB" add "Fresh deal" --company "한국데이터 주식회사" --value 12000 --stage Demo --owner ann >/dev/null
plumb --db "$DB" add "Key account" --company "Big Co" --key-account --owner ann >/dev/null
plumb --db "$DB" add "Closed one" >/dev/null
plumb --db "$DB" won 4 >/dev/null

t "table_fits_80_columns"
COLUMNS=80 run --db "$DB" list
expect_rc 0
expect_out "TITLE"
expect_out "Fresh deal"
expect_no_out "Closed one"
while IFS= read -r line; do
	w=$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -L)
	[ "$w" -le 80 ] || fail "line is $w columns: $line"
done <"$T_DIR/out"

t "korean_company_keeps_columns_aligned"
COLUMNS=80 run --db "$DB" list
line=$(grep "Fresh deal" "$T_DIR/out")
ref=$(grep "Key account" "$T_DIR/out")
# The VALUE column ends at the same display column on both lines.
col_of() { printf '%s' "$1" | sed 's/ *[0-9,]* *[0-9]* [a-z]* *[^ ]*$//' | LC_ALL=C.UTF-8 wc -L; }
expect_eq "$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -L | tr -d ' ')" "$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -L | tr -d ' ')"
pos_line=$(printf '%s\n' "$line" | awk '{print index($0, "12,000")}')
[ -n "$pos_line" ] || fail "no value on the Korean line"
w1=$(printf '%s' "${line%%12,000*}12,000" | LC_ALL=C.UTF-8 wc -L)
w2=$(printf '%s' "${ref%%0 *}" | LC_ALL=C.UTF-8 wc -L)
expect_eq "$w1" "$((w2 + 1))" "(value column end differs)"

t "filters_combine"
run --db "$DB" list --owner ann
expect_rc 0
expect_out "Fresh deal"
expect_out "Key account"
expect_no_out "Old forgotten"
run --db "$DB" list --owner ann --key-account
expect_out "Key account"
expect_no_out "Fresh deal"
run --db "$DB" list --stage Demo
expect_out "Fresh deal"
expect_no_out "Key account"
run --db "$DB" list --status won
expect_out "Closed one"
expect_no_out "Fresh deal"
run --db "$DB" list --search "zeta"
expect_out "Old forgotten"
expect_no_out "Fresh deal"
run --db "$DB" list --search "%"
expect_no_out "Fresh deal"

t "stalled_filter_and_flags"
run --db "$DB" list --stalled
expect_rc 0
expect_out "Old forgotten"
expect_no_out "Fresh deal"
grep "Old forgotten" "$T_DIR/out" | grep -q '!' || fail "no stalled marker on the stalled deal"
run --db "$DB" list --stalled --status won
expect_rc 2

t "csv_is_rfc4180"
plumb --db "$DB" add 'Quote "this", please' --company "=HYPERLINK(1)" >/dev/null
run --db "$DB" list --format csv
expect_rc 0
head -1 "$T_DIR/out" | grep -q '^id,title,company,' || fail "no header row"
grep -q '"Quote ""this"", please"' "$T_DIR/out" || fail "quotes not doubled"
grep -q "\"'=HYPERLINK(1)\"" "$T_DIR/out" || fail "formula not neutralised"
[ "$(head -1 "$T_DIR/out" | od -c | grep -c '\\r')" -ge 1 ] || fail "rows do not end in CRLF"
run --db "$DB" list --format csv --raw
grep -q ',=HYPERLINK(1),' "$T_DIR/out" || fail "--raw still neutralised"

t "json_is_valid_and_complete"
run --db "$DB" list --format json
expect_rc 0
printf '%s' "$OUT" | jq -e 'length == 4' >/dev/null || fail "json invalid or wrong length: $OUT"
printf '%s' "$OUT" | jq -e '.[] | select(.title=="Fresh deal") | .value=="12000.00" and .value_minor==1200000 and .stage=="Demo" and .owner=="ann"' >/dev/null ||
	fail "json fields wrong"
run --db "$DB" list --format json --status all --limit 1
printf '%s' "$OUT" | jq -e 'length == 1' >/dev/null || fail "limit not applied"
run --db "$DB" list --format yaml
expect_rc 2

t "empty_list_is_valid_json"
run --db "$DB" list --format json --owner nobody
printf '%s' "$OUT" | jq -e 'length == 0' >/dev/null || fail "empty list is not []"

t "show_has_fields_playbook_and_timeline"
plumb --db "$DB" log 1 --channel email --note "Sent the offer" >/dev/null
plumb --db "$DB" objection 1 --category timing --said "Next quarter" >/dev/null
run --db "$DB" show 1
expect_rc 0
expect_out "Old forgotten deal"
expect_out "Tier: stalled"
expect_out "Timeline (newest first):"
expect_out "created in Lead"
expect_out "Sent the offer"
expect_out "Next quarter"
created=$(grep -n "created in Lead" "$T_DIR/out" | cut -d: -f1)
logged=$(grep -n "Sent the offer" "$T_DIR/out" | cut -d: -f1)
[ "$logged" -lt "$created" ] || fail "timeline is not newest first"

t "show_json"
run --db "$DB" show 1 --format json
expect_rc 0
printf '%s' "$OUT" | jq -e '.id==1 and .tier=="stalled" and (.timeline|length)==3 and .timeline[0].type=="objection"' >/dev/null ||
	fail "show json wrong: $OUT"
run --db "$DB" show 999
expect_rc 1
expect_one_line_err
expect_err "no deal with id 999"
run --db "$DB" show abc
expect_rc 1
expect_err "'abc' is not a deal id"
