/*
 * The parsers of values people type or files carry: money, days, whole
 * numbers, booleans, local times, import dates and statuses. Contracts:
 * what parses is in range and formats back to the same value; what does
 * not parse records an error message.
 *
 * Input: the text (up to the first NUL); byte 0 also picks the range
 * given to parse_int.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "plumb/clock.h"
#include "plumb/import.h"
#include "plumb/parse.h"
#include "plumb/util.h"

static void expect_error(const char *what, const char *s)
{
	const char *msg = err_msg();
	if (!msg || !*msg || strcmp(msg, "unknown error") == 0)
		fuzz_fail("%s('%s') failed without a message", what, s);
	err_clear();
}

static void check_money(const char *s)
{
	int64_t v, again;
	char buf[64];

	err_clear();
	if (parse_money(s, &v) != 0) {
		expect_error("parse_money", s);
		return;
	}
	if (v < 0)
		fuzz_fail("parse_money('%s') = %" PRId64, s, v);
	format_money(v, buf, sizeof(buf));
	if (parse_money(buf, &again) != 0 || again != v)
		fuzz_fail("format_money(%" PRId64 ") = '%s' does not parse back", v, buf);
	format_money_short(v, buf, sizeof(buf));
}

static void check_int(const char *s, uint8_t range)
{
	static const int64_t bounds[][2] = {
		{ INT64_MIN, INT64_MAX }, { 0, 100 }, { 1, INT64_MAX }, { -5, 5 },
	};
	int64_t min = bounds[range % 4][0], max = bounds[range % 4][1], v, again;
	char buf[32];

	err_clear();
	if (parse_int(s, min, max, &v) != 0) {
		expect_error("parse_int", s);
		return;
	}
	if (v < min || v > max)
		fuzz_fail("parse_int('%s') = %" PRId64 " outside [%" PRId64 ", %" PRId64 "]", s, v,
			  min, max);
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	if (parse_int(buf, min, max, &again) != 0 || again != v)
		fuzz_fail("parse_int does not read back %s", buf);
}

static bool is_iso_day(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

static void check_day(const char *s)
{
	int64_t day;
	char buf[32];

	err_clear();
	if (parse_day(s, &day) != 0) {
		expect_error("parse_day", s);
		return;
	}
	/* Relative days reach at most 100 years from today. */
	if (day < days_from_civil(1900, 1, 1) - 36600 || day > days_from_civil(9999, 12, 31) + 36600)
		fuzz_fail("parse_day('%s') = day %" PRId64, s, day);
	if (is_iso_day(s)) {
		clock_format_day(day, buf, sizeof(buf));
		if (strcmp(buf, s) != 0)
			fuzz_fail("parse_day('%s') formats back as '%s'", s, buf);
	}
}

static void check_local_time(const char *s)
{
	time_t t;
	char buf[32];

	err_clear();
	if (clock_parse_local(s, &t) != 0) {
		expect_error("clock_parse_local", s);
		return;
	}
	if (is_iso_day(s)) {
		clock_format_day(clock_day(t), buf, sizeof(buf));
		if (strcmp(buf, s) != 0)
			fuzz_fail("clock_parse_local('%s') is day '%s'", s, buf);
	}
}

static void check_import_time(const char *s)
{
	for (int day_first = 0; day_first < 2; day_first++) {
		time_t t;
		err_clear();
		if (import_parse_time(s, day_first, &t) != 0) {
			expect_error("import_parse_time", s);
			continue;
		}
		int64_t day = clock_day(t);
		if (day < days_from_civil(1899, 12, 30) || day > days_from_civil(10000, 1, 2))
			fuzz_fail("import_parse_time('%s') = %lld", s, (long long)t);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bool b;
	enum deal_status st;
	enum import_field f;

	fuzz_setup();
	if (size < 1)
		return 0;
	char *s = fuzz_cstr(data + 1, size - 1);
	check_money(s);
	check_int(s, data[0]);
	check_day(s);
	check_local_time(s);
	check_import_time(s);
	err_clear();
	if (parse_bool(s, &b) != 0)
		expect_error("parse_bool", s);
	if (import_parse_status(s, &st) == 0 && st != DEAL_OPEN && st != DEAL_WON && st != DEAL_LOST)
		fuzz_fail("import_parse_status('%s') = %d", s, st);
	err_clear();
	if (import_field_parse(s, &f) == 0 && (f <= IMPORT_NONE || f >= IMPORT_FIELD_COUNT))
		fuzz_fail("import_field_parse('%s') = %d", s, f);
	f = import_field_for_header(s);
	if (f < IMPORT_NONE || f >= IMPORT_FIELD_COUNT)
		fuzz_fail("import_field_for_header('%s') = %d", s, f);
	const char *u = import_unneutralise(s);
	if (u != s && u != s + 1)
		fuzz_fail("import_unneutralise moved by more than one byte");
	free(s);
	return 0;
}
