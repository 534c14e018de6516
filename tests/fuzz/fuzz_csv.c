/*
 * The CSV importer without a database: the reader (libcsv, strict), the
 * header mapping and the conversion and validation of every record.
 * Contracts: records are well-formed and their lines only grow; a record
 * that passes validation is a consistent deal. A second mode writes
 * fields with the exporter's csv_cell and reads them back: the importer
 * must get exactly the original text (formula neutralisation included).
 *
 * Input: byte 0 picks the mode and options (bits 0-1 the delimiter:
 * detect , ; TAB; bit 2 day-first; bit 3 --key email; bit 4 a --map;
 * bit 5 neutralise; bit 7 the round-trip mode); the rest is the file.
 */
#define _GNU_SOURCE /* fmemopen, open_memstream */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "plumb/csv_reader.h"
#include "plumb/import.h"
#include "plumb/output.h"
#include "plumb/text.h"

static struct stage stage_items[] = {
	{ 1, (char *)"Lead", 1, 10, 7 },
	{ 2, (char *)"Qualified", 2, 40, 0 },
	{ 3, (char *)"Contract", 3, 90, 14 },
};
static const struct stage_list stages = { stage_items, 3 };

static void check_record(const struct csv_record *rec, long *last_line)
{
	if (rec->nfields == 0)
		fuzz_fail("a record without fields");
	if (rec->line < 1 || rec->line < *last_line)
		fuzz_fail("record line %ld after line %ld", rec->line, *last_line);
	*last_line = rec->line;
	for (size_t i = 0; i < rec->nfields; i++)
		if (strlen(rec->fields[i]) != rec->lengths[i])
			fuzz_fail("field %zu: length %zu but %zu bytes before its NUL", i,
				  rec->lengths[i], strlen(rec->fields[i]));
}

static bool three_upper(const char *s)
{
	return s && strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
	       s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z';
}

/* A row without problems must be a deal the store would accept. */
static void check_row(const struct import_row *row)
{
	const struct deal *d = &row->deal;

	if (!d->title || !*d->title)
		fuzz_fail("a valid row without a title");
	if (!utf8_valid(d->title, strlen(d->title)))
		fuzz_fail("a valid row with a title that is not UTF-8");
	if (d->value_minor < 0)
		fuzz_fail("negative value %lld", (long long)d->value_minor);
	if (d->score < -1 || d->score > 100)
		fuzz_fail("score %d", d->score);
	if (d->unanswered < 0)
		fuzz_fail("unanswered %d", d->unanswered);
	if (!three_upper(d->currency))
		fuzz_fail("currency '%s'", d->currency ? d->currency : "(null)");
	if ((d->status == DEAL_OPEN) != (d->closed_at == 0))
		fuzz_fail("status %d with closed_at %lld", d->status, (long long)d->closed_at);
	if (d->closed_at && d->closed_at < d->created_at)
		fuzz_fail("closed before it was created");
	if (d->stage_entered_at < d->created_at)
		fuzz_fail("entered its stage before it was created");
	if (!row->unknown_stage && !stage_list_by_id(&stages, d->stage_id))
		fuzz_fail("stage id %lld is not a stage", (long long)d->stage_id);
	if (row->unknown_stage && (!row->stage_name || !*row->stage_name))
		fuzz_fail("an unknown stage without a name");
}

static void count_problem(void *ctx, long line, const char *column, const char *msg)
{
	(void)line;
	(void)column;
	if (!msg || !*msg)
		fuzz_fail("a problem without a message");
	(*(int *)ctx)++;
}

static void import_mode(const uint8_t *data, size_t size, uint8_t flags)
{
	static const char delimiters[] = { 0, ',', ';', '\t' };
	static const char *const maps[] = { "Notes=notes", "Deal=title", NULL };
	FILE *in = fmemopen((void *)data, size, "rb");
	struct csv_reader *r;
	struct csv_record rec;
	struct import_mapping map;
	struct import_options o = { 0 };
	long last_line = 0;
	int rc;

	if (!in)
		return;
	r = csv_reader_new(in, delimiters[flags & 3]);
	o.day_first = flags & 4;
	o.key_column = (flags & 8) ? "email" : NULL;
	o.maps = (flags & 16) ? maps : NULL;
	rc = csv_reader_next(r, &rec);
	if (rc == 1) {
		check_record(&rec, &last_line);
		if (import_mapping_build(&map, &rec, &o) == 0) {
			struct import_context ctx;
			int problems = 0;
			import_context_init(&ctx);
			ctx.map = &map;
			ctx.stages = &stages;
			ctx.channels = "email,phone,referral,other";
			ctx.default_currency = "USD";
			ctx.default_owner = "fuzz";
			ctx.followup_after_days = 3;
			ctx.day_first = o.day_first;
			ctx.now = 1781524800; /* 2026-06-15 */
			ctx.problem = count_problem;
			ctx.problem_ctx = &problems;
			free(import_mapping_unmapped(&map));
			while ((rc = csv_reader_next(r, &rec)) == 1) {
				struct import_row row;
				check_record(&rec, &last_line);
				problems = 0;
				int n = import_convert(&ctx, &rec, &row);
				if (n != problems)
					fuzz_fail("%d problems returned, %d reported", n, problems);
				if (n == 0)
					check_row(&row);
			}
			import_context_free(&ctx);
		}
		import_mapping_free(&map);
	}
	if (rc < 0 && csv_reader_error_line(r) < 1)
		fuzz_fail("an error without a line");
	if (csv_reader_next(r, &rec) != rc && rc <= 0)
		fuzz_fail("the reader did not stay at its end or error");
	csv_reader_free(r);
	fclose(in);
}

/* Fields are the input split at NUL bytes (a stored string has none). */
static void round_trip_mode(const uint8_t *data, size_t size, bool neutralise)
{
	char *text = malloc(size + 1);
	const char *fields[64];
	size_t nfields = 0;
	char *buf = NULL;
	size_t buflen = 0;

	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t i = 0; i <= size && nfields < 64; i += strlen(text + i) + 1)
		fields[nfields++] = text + i;
	FILE *out = open_memstream(&buf, &buflen);
	/* A header first: the reader looks at the start of a file for a BOM
	 * and for UTF-16, and skips blank records. */
	csv_cell(out, "header", true, false);
	csv_end_row(out);
	csv_cell(out, "x", true, false);
	for (size_t i = 0; i < nfields; i++)
		csv_cell(out, fields[i], false, neutralise);
	csv_end_row(out);
	fclose(out);

	FILE *in = fmemopen(buf, buflen, "rb");
	struct csv_reader *r = csv_reader_new(in, ',');
	struct csv_record rec;
	if (csv_reader_next(r, &rec) != 1 || rec.nfields != 1)
		fuzz_fail("round trip: the header did not come back");
	int rc = csv_reader_next(r, &rec);
	if (rc != 1)
		fuzz_fail("round trip: the row did not come back (%s)", rc < 0 ? err_msg() : "end");
	if (rec.nfields != nfields + 1)
		fuzz_fail("round trip: %zu fields written, %zu read", nfields + 1, rec.nfields);
	for (size_t i = 0; i < nfields; i++) {
		const char *got = neutralise ? import_unneutralise(rec.fields[i + 1])
					     : rec.fields[i + 1];
		if (strcmp(got, fields[i]) != 0)
			fuzz_fail("round trip: field %zu changed", i);
	}
	if (csv_reader_next(r, &rec) != 0)
		fuzz_fail("round trip: more than one row came back");
	csv_reader_free(r);
	fclose(in);
	free(buf);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	if (size < 1)
		return 0;
	if (data[0] & 0x80)
		round_trip_mode(data + 1, size - 1, data[0] & 32);
	else
		import_mode(data + 1, size - 1, data[0]);
	return 0;
}
