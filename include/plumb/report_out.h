/*
 * Formatting shared by the text, Markdown and JSON reports of the CLI
 * (`plumb stats`, `plumb standup`). Numbers only: stored text still goes
 * through output.h/text.h (or report_markdown_text) on its way out.
 */
#ifndef PLUMB_REPORT_OUT_H
#define PLUMB_REPORT_OUT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plumb/util.h"

/* "1,234,567". */
void report_count(int64_t n, char *buf, size_t size);
/* symbol + amount ("$12,000.50"); the short form ("$12.5k") when the full
 * one is wider than max_cols (0: no limit). */
void report_money(const char *symbol, int64_t minor, int max_cols, char *buf, size_t size);
/* A fraction 0..1 as "44.3%". */
void report_percent(double fraction, char *buf, size_t size);
/* Days rounded to `decimals` places, trailing zeros dropped: "29", "29.5". */
void report_days(double days, int decimals, char *buf, size_t size);

/* A JSON number rounded to `decimals` places (print with REPORT_JSON_FLAGS). */
json_t *report_json_real(double x, int decimals);
/* Pretty JSON with reals as rounded (no 0.30000000000000004); ASCII-only
 * on a terminal, like json_print(). */
int report_json_print(FILE *out, json_t *value);

/* Appends s sanitised and with Markdown's special characters escaped, so
 * stored text cannot turn into links, emphasis or HTML in a chat. */
void report_markdown_text(struct strbuf *out, const char *s);

#endif
