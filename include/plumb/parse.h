/*
 * Parsing and formatting of the values users type: money, dates, numbers.
 * Every parser returns 0, or -1 with err_set() saying what was expected.
 */
#ifndef PLUMB_PARSE_H
#define PLUMB_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Money as integer minor units (cents): "12000", "12,000", "12000.50",
 * "12,000.5", "$12,000", "€ 1.234,00" is not accepted (ambiguous); a
 * leading currency symbol and surrounding blanks are skipped. Negative
 * amounts and more than two decimals are errors. Never uses floating point.
 */
int parse_money(const char *s, int64_t *minor);

/* "12,000.50" style: thousands separated, two decimals unless whole. */
void format_money(int64_t minor, char *buf, size_t size);
/* Short form for narrow columns: 950, 12.5k, 1.2M. */
void format_money_short(int64_t minor, char *buf, size_t size);

/*
 * A day: "YYYY-MM-DD", "today", "tomorrow", "yesterday", "+3d", "+2w",
 * "-5d" relative to today (local calendar, PLUMB_NOW aware).
 */
int parse_day(const char *s, int64_t *day);

/* Base-10 integer in [min, max]; rejects "042"-as-octal surprises,
 * trailing junk and overflow. */
int parse_int(const char *s, int64_t min, int64_t max, int64_t *out);

/* yes/no, true/false, on/off, 1/0. */
int parse_bool(const char *s, bool *out);

#endif
