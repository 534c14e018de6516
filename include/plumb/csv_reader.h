/*
 * Streaming RFC 4180 CSV input on top of libcsv, with what an importer
 * needs around it: a UTF-8 BOM is skipped, the delimiter (',' ';' or TAB)
 * can be detected from the header line, every record knows the line of
 * the file it starts on (quoted newlines counted), malformed quoting and
 * a quote left open at the end of the file are errors that name their
 * line, and blank records (empty lines, rows of empty cells) are skipped.
 *
 * Memory is bounded by the longest record, never by the file: records are
 * handed out one at a time and a record longer than CSV_RECORD_MAX is an
 * error (almost always a quote that was never closed).
 */
#ifndef PLUMB_CSV_READER_H
#define PLUMB_CSV_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CSV_RECORD_MAX (16u << 20)

struct csv_reader;

/* One record. Fields are NUL-terminated and valid until the next call. */
struct csv_record {
	size_t nfields;
	char **fields;
	const size_t *lengths;
	long line; /* 1-based line of the file where the record starts */
};

/*
 * Reads from in (not closed by the reader). delimiter 0 detects it from
 * the first line: the most frequent of ',', ';' and TAB outside quotes,
 * ',' when none.
 */
struct csv_reader *csv_reader_new(FILE *in, char delimiter);
void csv_reader_free(struct csv_reader *r);

/*
 * Returns 1 with the next record, 0 at the end of the input, or -1 with
 * err_set() describing a syntax or read error; csv_reader_error_line()
 * then names the line. After -1 the reader only returns -1.
 */
int csv_reader_next(struct csv_reader *r, struct csv_record *rec);
long csv_reader_error_line(const struct csv_reader *r);
char csv_reader_delimiter(const struct csv_reader *r);
/* Bytes consumed so far, for progress. */
uint64_t csv_reader_offset(const struct csv_reader *r);

#endif
