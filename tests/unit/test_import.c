/* Unit tests of the CSV reader and the import module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/csv_reader.h"
#include "plumb/ics.h"
#include "plumb/import.h"
#include "plumb/text.h"
#include "test.h"

/* Reads all of text; records are written as "LINE:f1|f2|..." lines. */
static int read_all(const char *text, size_t len, char delim, char *out, size_t size,
		    long *error_line)
{
	FILE *f = fmemopen((void *)text, len, "r");
	struct csv_reader *r = csv_reader_new(f, delim);
	struct csv_record rec;
	size_t n = 0;
	int rc;

	out[0] = '\0';
	while ((rc = csv_reader_next(r, &rec)) == 1) {
		n += (size_t)snprintf(out + n, size - n, "%ld:", rec.line);
		for (size_t i = 0; i < rec.nfields && n < size; i++)
			n += (size_t)snprintf(out + n, size - n, "%s%s", i ? "|" : "", rec.fields[i]);
		if (n < size)
			n += (size_t)snprintf(out + n, size - n, "\n");
	}
	*error_line = rc < 0 ? csv_reader_error_line(r) : 0;
	csv_reader_free(r);
	fclose(f);
	return rc;
}

#define READ(text, delim, out, line) read_all(text, sizeof(text) - 1, delim, out, sizeof(out), line)

TEST(csv_quotes_commas_newlines)
{
	static const char text[] = "a,b,c\r\n\"x, y\",\"two\r\nlines\",\"say \"\"hi\"\"\"\r\n"
				   "plain,,last\r\n";
	char out[256];
	long line;

	CHECK_INT(READ(text, 0, out, &line), 0);
	CHECK_STR(out, "1:a|b|c\n2:x, y|two\r\nlines|say \"hi\"\n4:plain||last\n");
}

TEST(csv_bom_semicolon_and_spaces_kept)
{
	static const char text[] = "\xEF\xBB\xBFName; Value\n  padded ;\"1,5\"\n";
	char out[256];
	long line;

	CHECK_INT(READ(text, 0, out, &line), 0);
	CHECK_STR(out, "1:Name| Value\n2:  padded |1,5\n");
}

TEST(csv_tab_detected_and_forced_delimiter)
{
	static const char tabs[] = "a\tb\tc,d\n1\t2\t3,4\n";
	char out[256];
	long line;

	CHECK_INT(READ(tabs, 0, out, &line), 0);
	CHECK_STR(out, "1:a|b|c,d\n2:1|2|3,4\n");
	CHECK_INT(READ(tabs, ',', out, &line), 0);
	CHECK_STR(out, "1:a\tb\tc|d\n2:1\t2\t3|4\n");
}

TEST(csv_blank_lines_and_empty_rows_skipped)
{
	static const char text[] = "h1,h2\n\n1,2\n,\n\r\n3,\"4\n\n5\"\n6,7";
	char out[256];
	long line;

	CHECK_INT(READ(text, 0, out, &line), 0);
	CHECK_STR(out, "1:h1|h2\n3:1|2\n6:3|4\n\n5\n9:6|7\n");
}

TEST(csv_cr_only_line_ends)
{
	static const char text[] = "a,b\r1,\"x\ry\"\r2,3\r";
	char out[256];
	long line;

	CHECK_INT(READ(text, 0, out, &line), 0);
	CHECK_STR(out, "1:a|b\n2:1|x\ry\n4:2|3\n");
}

TEST(csv_unterminated_quote_names_its_line)
{
	static const char text[] = "a,b\n1,2\n3,\"open\n4,5\n6,7\n";
	char out[256];
	long line;

	CHECK_INT(READ(text, 0, out, &line), -1);
	CHECK_INT(line, 3);
	CHECK(strstr(err_msg(), "never closed") != NULL);
}

TEST(csv_stray_quotes_name_their_line)
{
	static const char inside[] = "a,b\n1,2\n\"q\nq\",ok\n3,ab\"c\n";
	static const char after[] = "a,b\n\"x\"y,2\n";
	char out[256];
	long line;

	CHECK_INT(READ(inside, 0, out, &line), -1);
	CHECK_INT(line, 5);
	CHECK(strstr(err_msg(), "malformed quoting") != NULL);
	CHECK_INT(READ(after, 0, out, &line), -1);
	CHECK_INT(line, 2);
}

TEST(csv_utf16_is_named)
{
	static const char text[] = "\xFF\xFEt\0i\0t\0l\0e\0\n\0";
	char out[64];
	long line;

	CHECK_INT(READ(text, 0, out, &line), -1);
	CHECK_INT(line, 1);
	CHECK(strstr(err_msg(), "UTF-16") != NULL);
}

/* Found by fuzzing: a NUL in a last line without a line break went
 * through, cutting the field short, instead of being refused. */
TEST(csv_nul_byte_refused_on_any_line)
{
	static const char last[] = "title\nab\0cd";
	static const char middle[] = "title\nab\0cd\nok\n";
	char out[64];
	long line;

	CHECK_INT(READ(last, 0, out, &line), -1);
	CHECK_INT(line, 2);
	CHECK(strstr(err_msg(), "NUL byte") != NULL);
	CHECK_INT(READ(middle, 0, out, &line), -1);
	CHECK_INT(line, 2);
}

TEST(csv_records_across_read_buffers)
{
	/* Enough rows that records and CRLFs straddle the reader's buffer. */
	struct strbuf sb;
	FILE *f;
	struct csv_reader *r;
	struct csv_record rec;
	long rows = 0, bad = 0, expect_line = 2;

	strbuf_init(&sb);
	strbuf_puts(&sb, "n,text\r\n");
	for (int i = 0; i < 40000; i++)
		strbuf_printf(&sb, "%d,\"row %d\r\nsecond line, \"\"quoted\"\"\"\r\n", i, i);
	f = fmemopen(sb.buf, sb.len, "r");
	r = csv_reader_new(f, 0);
	CHECK_INT(csv_reader_next(r, &rec), 1);
	while (csv_reader_next(r, &rec) == 1) {
		char want[64];
		snprintf(want, sizeof(want), "row %ld\r\nsecond line, \"quoted\"", rows);
		if (rec.nfields != 2 || strcmp(rec.fields[1], want) != 0 || rec.line != expect_line)
			bad++;
		expect_line += 2;
		rows++;
	}
	CHECK_INT(rows, 40000);
	CHECK_INT(bad, 0);
	CHECK_INT(csv_reader_offset(r), sb.len);
	csv_reader_free(r);
	fclose(f);
	strbuf_free(&sb);
}

TEST(import_header_aliases)
{
	CHECK_INT(import_field_for_header("Deal title"), IMPORT_TITLE);
	CHECK_INT(import_field_for_header("Deal Name"), IMPORT_TITLE);
	CHECK_INT(import_field_for_header("Deal - Organization"), IMPORT_COMPANY);
	CHECK_INT(import_field_for_header("Company name"), IMPORT_COMPANY);
	CHECK_INT(import_field_for_header(" AMOUNT "), IMPORT_VALUE);
	CHECK_INT(import_field_for_header("deal_owner"), IMPORT_OWNER);
	CHECK_INT(import_field_for_header("Deal Stage"), IMPORT_STAGE);
	CHECK_INT(import_field_for_header("Create Date"), IMPORT_CREATED);
	CHECK_INT(import_field_for_header("Won/Lost"), IMPORT_STATUS);
	CHECK_INT(import_field_for_header("Deal - Won time"), IMPORT_WON_TIME);
	CHECK_INT(import_field_for_header("Record ID"), IMPORT_KEY);
	CHECK_INT(import_field_for_header("key_account"), IMPORT_KEY_ACCOUNT);
	CHECK_INT(import_field_for_header("next_followup"), IMPORT_NEXT_FOLLOWUP);
	CHECK_INT(import_field_for_header("age_days"), IMPORT_IGNORE);
	CHECK_INT(import_field_for_header("Pipeline"), IMPORT_NONE);
	enum import_field f;
	CHECK_INT(import_field_parse("next", &f), 0);
	CHECK_INT(f, IMPORT_NEXT_FOLLOWUP);
	CHECK_INT(import_field_parse("key-account", &f), 0);
	CHECK_INT(f, IMPORT_KEY_ACCOUNT);
	CHECK_INT(import_field_parse("lost_reason", &f), 0);
	CHECK_INT(import_field_parse("bogus", &f), -1);
}

static time_t utc(int y, int mo, int d, int h, int mi, int s)
{
	return (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s);
}

TEST(import_date_formats)
{
	time_t t;

	test_env("Europe/Berlin", "2026-06-15T12:00:00");
	CHECK_INT(import_parse_time("2024-03-05T14:30:00Z", false, &t), 0);
	CHECK_INT(t, utc(2024, 3, 5, 14, 30, 0));
	CHECK_INT(import_parse_time("2024-03-05T14:30:00.123+02:00", false, &t), 0);
	CHECK_INT(t, utc(2024, 3, 5, 12, 30, 0));
	CHECK_INT(import_parse_time("2024-03-05 14:30 UTC", false, &t), 0);
	CHECK_INT(t, utc(2024, 3, 5, 14, 30, 0));
	/* Local times: Berlin is UTC+1 in March, UTC+2 in July. */
	CHECK_INT(import_parse_time("2024-03-05", false, &t), 0);
	CHECK_INT(t, utc(2024, 3, 4, 23, 0, 0));
	CHECK_INT(import_parse_time("2024/07/05 14:30:10", false, &t), 0);
	CHECK_INT(t, utc(2024, 7, 5, 12, 30, 10));
	CHECK_INT(import_parse_time("05.03.2024", false, &t), 0);
	CHECK_INT(t, utc(2024, 3, 4, 23, 0, 0));
	CHECK_INT(import_parse_time("3/5/2024 2:30 PM", false, &t), 0);
	CHECK_INT(t, utc(2024, 3, 5, 13, 30, 0));
	CHECK_INT(import_parse_time("03/05/2024 12:15 AM", true, &t), 0);
	CHECK_INT(t, utc(2024, 5, 2, 22, 15, 0));
	CHECK_INT(import_parse_time("05-03-2024", true, &t), 0);
	CHECK_INT(t, utc(2024, 3, 4, 23, 0, 0));
}

TEST(import_ambiguous_and_bad_dates)
{
	time_t t;

	CHECK_INT(import_parse_time("25/03/2024", false, &t), -1);
	CHECK(strstr(err_msg(), "--day-first") != NULL);
	CHECK_INT(import_parse_time("25/03/2024", true, &t), 0);
	CHECK_INT(t, utc(2024, 3, 25, 0, 0, 0));
	CHECK_INT(import_parse_time("03/25/2024", true, &t), -1);
	CHECK_INT(import_parse_time("2024-02-30", false, &t), -1);
	CHECK_INT(import_parse_time("2023-02-29", false, &t), -1);
	CHECK_INT(import_parse_time("2024-02-29", false, &t), 0);
	CHECK_INT(import_parse_time("2024-13-01", false, &t), -1);
	CHECK_INT(import_parse_time("yesterday", false, &t), -1);
	CHECK_INT(import_parse_time("2024-03-05T25:00", false, &t), -1);
	CHECK_INT(import_parse_time("2024-03-05 13:00 PM", false, &t), -1);
	CHECK_INT(import_parse_time("2024-03-05x", false, &t), -1);
	CHECK_INT(import_parse_time("5/3/24", false, &t), -1);
}

TEST(import_status_spellings)
{
	enum deal_status s;

	CHECK_INT(import_parse_status("Closed Won", &s), 0);
	CHECK_INT(s, DEAL_WON);
	CHECK_INT(import_parse_status("closed-lost", &s), 0);
	CHECK_INT(s, DEAL_LOST);
	CHECK_INT(import_parse_status(" OPEN ", &s), 0);
	CHECK_INT(s, DEAL_OPEN);
	CHECK_INT(import_parse_status("deleted", &s), -1);
}

TEST(import_unneutralise_inverts_export)
{
	CHECK_STR(import_unneutralise("'=SUM(A1)"), "=SUM(A1)");
	CHECK_STR(import_unneutralise("'+1 555"), "+1 555");
	CHECK_STR(import_unneutralise("''-x"), "'-x");
	CHECK_STR(import_unneutralise("'quoted'"), "'quoted'");
	CHECK_STR(import_unneutralise("plain"), "plain");
}

struct problems {
	int n;
	char text[1024];
};

static void collect(void *ctx, long line, const char *column, const char *msg)
{
	struct problems *p = ctx;
	size_t len = strlen(p->text);
	snprintf(p->text + len, sizeof(p->text) - len, "%ld:%s:%s\n", line, column ? column : "-",
		 msg);
	p->n++;
}

/* A record of writable copies, as the reader hands out (one at a time). */
static struct csv_record make_record(const char *const *cells, size_t n, long line)
{
	static char copies[32][256];
	static char *fields[32];
	static size_t lengths[32];
	struct csv_record rec = { n, fields, lengths, line };
	for (size_t i = 0; i < n; i++) {
		snprintf(copies[i], sizeof(copies[i]), "%s", cells[i]);
		fields[i] = copies[i];
		lengths[i] = strlen(cells[i]);
	}
	return rec;
}

struct convert_fixture {
	struct import_mapping map;
	struct import_context ctx;
	struct stage_list stages;
	struct stage items[2];
	struct problems problems;
};

static void fixture_init(struct convert_fixture *fx, const char *const *headers, size_t n,
			 const char *const *maps)
{
	struct import_options o = { maps, NULL, false };
	struct csv_record header = make_record(headers, n, 1);

	memset(fx, 0, sizeof(*fx));
	fx->items[0] = (struct stage){ 1, (char *)"Lead", 1, 10, 0 };
	fx->items[1] = (struct stage){ 2, (char *)"Won deals", 2, 90, 0 };
	fx->stages.items = fx->items;
	fx->stages.len = 2;
	CHECK_INT(import_mapping_build(&fx->map, &header, &o), 0);
	import_context_init(&fx->ctx);
	fx->ctx.map = &fx->map;
	fx->ctx.stages = &fx->stages;
	fx->ctx.channels = "email,phone,other";
	fx->ctx.default_currency = "USD";
	fx->ctx.default_owner = "me";
	fx->ctx.followup_after_days = 3;
	fx->ctx.now = utc(2026, 6, 15, 12, 0, 0);
	fx->ctx.problem = collect;
	fx->ctx.problem_ctx = &fx->problems;
}

static void fixture_free(struct convert_fixture *fx)
{
	import_context_free(&fx->ctx);
	import_mapping_free(&fx->map);
}

TEST(import_convert_pipedrive_row)
{
	const char *headers[] = { "Deal - ID", "Deal - Title", "Deal - Value", "Deal - Currency",
			    "Deal - Status", "Deal - Deal created", "Deal - Won time",
			    "Deal - Lost time", "Deal - Pipeline", "Deal - Source" };
	const char *won[] = { "17", "Big 계약", "$12,500.50", "eur", "Won",
			"2024-01-10 09:00:00", "2024-02-09 17:30:00", "", "Sales", "Email" };
	const char *lost[] = { "18", "Other", "0", "", "lost", "", "", "2024-03-01", "Sales", "" };
	struct convert_fixture fx;
	struct import_row row;

	fixture_init(&fx, headers, ARRAY_LEN(headers), NULL);
	char *unmapped = import_mapping_unmapped(&fx.map);
	CHECK_STR(unmapped, "'Deal - Pipeline'");
	free(unmapped);
	struct csv_record rec = make_record(won, ARRAY_LEN(won), 2);
	CHECK_INT(import_convert(&fx.ctx, &rec, &row), 0);
	CHECK_STR(row.key, "17");
	CHECK_STR(row.deal.title, "Big 계약");
	CHECK_INT(row.deal.value_minor, 1250050);
	CHECK_STR(row.deal.currency, "EUR");
	CHECK_STR(row.deal.channel, "email");
	CHECK_INT(row.deal.status, DEAL_WON);
	CHECK_INT(row.deal.created_at, utc(2024, 1, 10, 9, 0, 0));
	CHECK_INT(row.deal.closed_at, utc(2024, 2, 9, 17, 30, 0));
	CHECK_STR(row.deal.owner, "me");
	CHECK_INT(row.deal.stage_id, 1);
	rec = make_record(lost, ARRAY_LEN(lost), 3);
	CHECK_INT(import_convert(&fx.ctx, &rec, &row), 0);
	CHECK_INT(row.deal.status, DEAL_LOST);
	CHECK_INT(row.deal.created_at, row.deal.closed_at);
	CHECK_STR(row.deal.lost_reason, "");
	CHECK_INT(fx.problems.n, 0);
	fixture_free(&fx);
}

TEST(import_convert_reports_every_problem)
{
	const char *headers[] = { "Title", "Amount", "Stage", "Status", "Created", "Close Date",
			    "Channel", "Score" };
	const char *bad[] = { "", "12,00", "Lead", "won", "01/02/2024", "", "fax", "101" };
	const char *short_row[] = { "only", "two" };
	const char *hubspot[] = { "X", "5", "Closed Lost", "", "2024-01-01", "2024-01-05", "", "" };
	const char *unknown[] = { "Y", "5", "Nowhere", "", "", "", "", "" };
	struct convert_fixture fx;
	struct import_row row;

	fixture_init(&fx, headers, ARRAY_LEN(headers), NULL);
	struct csv_record rec = make_record(bad, ARRAY_LEN(bad), 7);
	CHECK_INT(import_convert(&fx.ctx, &rec, &row), 5);
	CHECK(strstr(fx.problems.text, "7:Title:is empty") != NULL);
	CHECK(strstr(fx.problems.text, "7:Amount:'12,00' is not a valid amount") != NULL);
	CHECK(strstr(fx.problems.text, "7:Channel:'fax' is not a channel") != NULL);
	CHECK(strstr(fx.problems.text, "7:Score:'101' is out of range") != NULL);
	CHECK(strstr(fx.problems.text, "7:Close Date:a won deal needs its close date") != NULL);
	rec = make_record(short_row, ARRAY_LEN(short_row), 9);
	CHECK_INT(import_convert(&fx.ctx, &rec, &row), 1);
	CHECK(strstr(fx.problems.text, "9:-:has 2 fields, the header has 8") != NULL);
	rec = make_record(hubspot, ARRAY_LEN(hubspot), 10);
	CHECK_INT(import_convert(&fx.ctx, &rec, &row), 0);
	CHECK_INT(row.deal.status, DEAL_LOST);
	CHECK_INT(row.deal.stage_id, 2);
	rec = make_record(unknown, ARRAY_LEN(unknown), 11);
	CHECK_INT(import_convert(&fx.ctx, &rec, &row), 0);
	CHECK(row.unknown_stage);
	CHECK_STR(row.stage_name, "Nowhere");
	fixture_free(&fx);
}

TEST(import_mapping_overrides_and_notes)
{
	const char *headers[] = { "Name", "Pipeline", "Remarks", "Extra" };
	const char *maps[] = { "name=title", "Pipeline=notes", "remarks=notes", "Extra=ignore",
			       NULL };
	const char *cells[] = { "Deal", "Sales", "call back", "x" };
	struct convert_fixture fx;
	struct import_row row;

	fixture_init(&fx, headers, ARRAY_LEN(headers), maps);
	CHECK(import_mapping_unmapped(&fx.map) == NULL);
	struct csv_record rec = make_record(cells, ARRAY_LEN(cells), 2);
	CHECK_INT(import_convert(&fx.ctx, &rec, &row), 0);
	CHECK_STR(row.deal.notes, "Pipeline: Sales\nRemarks: call back");
	CHECK_INT(row.deal.next_followup_at, utc(2026, 6, 18, 0, 0, 0));
	fixture_free(&fx);

	struct import_mapping m;
	struct csv_record header = make_record(headers, ARRAY_LEN(headers), 1);
	struct import_options o = { NULL, NULL, false };
	CHECK_INT(import_mapping_build(&m, &header, &o), -1);
	CHECK(strstr(err_msg(), "title") != NULL);
	import_mapping_free(&m);
	const char *bad_map[] = { "Nope=title", NULL };
	o.maps = bad_map;
	CHECK_INT(import_mapping_build(&m, &header, &o), -1);
	CHECK(strstr(err_msg(), "no column 'Nope'") != NULL);
	import_mapping_free(&m);
}

TEST(ics_text_escaping)
{
	struct strbuf sb;

	strbuf_init(&sb);
	ics_escape_text(&sb, "a,b;c\\d\ne\r\nf\x01g\th");
	CHECK_STR(sb.buf, "a\\,b\\;c\\\\d\\ne\\nfg\th");
	strbuf_reset(&sb);
	ics_escape_text(&sb, "bad \xff byte");
	CHECK_STR(sb.buf, "bad \xEF\xBF\xBD byte");
	strbuf_free(&sb);
}

TEST(ics_folding_keeps_utf8_whole)
{
	struct strbuf line, out;

	strbuf_init(&line);
	strbuf_init(&out);
	strbuf_puts(&line, "SUMMARY:");
	for (int i = 0; i < 60; i++)
		strbuf_puts(&line, "\xea\xb0\x80"); /* U+AC00, 3 octets */
	ics_fold_line(&out, line.buf, line.len);
	/* Every physical line <= 75 octets, valid UTF-8, continuation lines
	 * start with one space, and unfolding gives the line back. */
	struct strbuf unfolded;
	strbuf_init(&unfolded);
	const char *p = out.buf;
	int lines = 0;
	while (*p) {
		const char *end = strstr(p, "\r\n");
		CHECK(end != NULL);
		if (!end)
			break;
		size_t len = (size_t)(end - p);
		CHECK(len <= 75);
		CHECK(utf8_valid(p, len));
		if (lines++)
			CHECK(p[0] == ' ');
		strbuf_add(&unfolded, lines > 1 ? p + 1 : p, lines > 1 ? len - 1 : len);
		p = end + 2;
	}
	CHECK(lines >= 3);
	CHECK_STR(unfolded.buf, line.buf);
	strbuf_reset(&out);
	ics_fold_line(&out, "SHORT:x", 7);
	CHECK_STR(out.buf, "SHORT:x\r\n");
	strbuf_free(&unfolded);
	strbuf_free(&line);
	strbuf_free(&out);
}

TEST(ics_dates)
{
	char buf[32];

	ics_format_date(days_from_civil(2026, 12, 4), buf, sizeof(buf));
	CHECK_STR(buf, "20261204");
	ics_format_utc(utc(2026, 1, 2, 3, 4, 5), buf, sizeof(buf));
	CHECK_STR(buf, "20260102T030405Z");
}

TESTS(import) = {
	{ "csv_quotes_commas_newlines", csv_quotes_commas_newlines },
	{ "csv_bom_semicolon_and_spaces_kept", csv_bom_semicolon_and_spaces_kept },
	{ "csv_tab_detected_and_forced_delimiter", csv_tab_detected_and_forced_delimiter },
	{ "csv_blank_lines_and_empty_rows_skipped", csv_blank_lines_and_empty_rows_skipped },
	{ "csv_cr_only_line_ends", csv_cr_only_line_ends },
	{ "csv_unterminated_quote_names_its_line", csv_unterminated_quote_names_its_line },
	{ "csv_stray_quotes_name_their_line", csv_stray_quotes_name_their_line },
	{ "csv_utf16_is_named", csv_utf16_is_named },
	{ "csv_nul_byte_refused_on_any_line", csv_nul_byte_refused_on_any_line },
	{ "csv_records_across_read_buffers", csv_records_across_read_buffers },
	{ "import_header_aliases", import_header_aliases },
	{ "import_date_formats", import_date_formats },
	{ "import_ambiguous_and_bad_dates", import_ambiguous_and_bad_dates },
	{ "import_status_spellings", import_status_spellings },
	{ "import_unneutralise_inverts_export", import_unneutralise_inverts_export },
	{ "import_convert_pipedrive_row", import_convert_pipedrive_row },
	{ "import_convert_reports_every_problem", import_convert_reports_every_problem },
	{ "import_mapping_overrides_and_notes", import_mapping_overrides_and_notes },
	{ "ics_text_escaping", ics_text_escaping },
	{ "ics_folding_keeps_utf8_whole", ics_folding_keeps_utf8_whole },
	{ "ics_dates", ics_dates },
	END_TESTS,
};
