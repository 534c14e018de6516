/*
 * Text, CSV and JSON output of the CLI. Human-readable output is always
 * sanitised (text.h); CSV and JSON carry stored text exactly, escaped for
 * their format.
 */
#ifndef PLUMB_OUTPUT_H
#define PLUMB_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* Columns of out's terminal; $COLUMNS or 80 when it is not a terminal. */
int output_width(FILE *out);

/* Writes s sanitised for a terminal; allocates nothing. */
void output_text(FILE *out, const char *s);

/* A fixed-layout table that streams rows: widths come from the terminal,
 * never from reading all rows first. */
struct table_column {
	const char *header;
	int width;   /* minimum; grown by flex */
	int flex;    /* share of spare columns */
	bool right;  /* right-aligned */
};
void table_layout(struct table_column *cols, size_t n, int total_width);
void table_header(FILE *out, const struct table_column *cols, size_t n);
void table_row(FILE *out, const struct table_column *cols, size_t n,
	       const char *const *cells);

/*
 * CSV per RFC 4180 (CRLF line ends, quotes doubled). With neutralise, a
 * cell a spreadsheet would run as a formula (starting with = + - @ TAB
 * CR) is prefixed with a single quote, per OWASP's CSV injection advice;
 * so is one that is quotes followed by such a character, which keeps the
 * quoting reversible (import drops one leading quote from both). When out
 * is a terminal, cells are sanitised first (a person reads them there).
 */
void csv_cell(FILE *out, const char *s, bool first, bool neutralise);
void csv_end_row(FILE *out);

/* A JSON string of s; invalid UTF-8 becomes U+FFFD (JSON must be UTF-8). */
json_t *json_text(const char *s);
/*
 * json_dumpf, made safe for a terminal: there every non-ASCII character
 * and DEL are escaped. Returns 0 or -1 with err_set().
 */
int json_dump_out(json_t *value, FILE *out, size_t flags);
/* Dumps one value and a line end; returns 0 or -1 with err_set(). */
int json_print(FILE *out, json_t *value, bool pretty);

#endif
