#include <stdint.h>

#include "plumb/clock.h"
#include "plumb/parse.h"
#include "plumb/util.h"
#include "test.h"

static int64_t money(const char *s)
{
	int64_t v = -1;
	return parse_money(s, &v) == 0 ? v : -1;
}

TEST(money_accepts_common_forms)
{
	CHECK_INT(money("12000"), 1200000);
	CHECK_INT(money("12,000"), 1200000);
	CHECK_INT(money("12000.50"), 1200050);
	CHECK_INT(money("12000.5"), 1200050);
	CHECK_INT(money("1,234,567.89"), 123456789);
	CHECK_INT(money("$12,000"), 1200000);
	CHECK_INT(money("€ 99"), 9900);
	CHECK_INT(money("USD 5"), 500);
	CHECK_INT(money("  7  "), 700);
	CHECK_INT(money("0"), 0);
}

TEST(money_rejects_malformed)
{
	CHECK_INT(money(""), -1);
	CHECK_INT(money("abc"), -1);
	CHECK_INT(money("12,00"), -1);
	CHECK_INT(money("1,2345"), -1);
	CHECK_INT(money("12000.123"), -1);
	CHECK_INT(money("-5"), -1);
	CHECK_INT(money("12."), -1);
	CHECK_INT(money("1 2"), -1);
	CHECK_INT(money("99999999999999999999"), -1);
	CHECK_INT(money("12.000.000"), -1);
}

TEST(money_formats_with_separators)
{
	char buf[64];
	format_money(1200050, buf, sizeof(buf));
	CHECK_STR(buf, "12,000.50");
	format_money(100, buf, sizeof(buf));
	CHECK_STR(buf, "1");
	format_money(123456789000, buf, sizeof(buf));
	CHECK_STR(buf, "1,234,567,890");
	format_money_short(1250000, buf, sizeof(buf));
	CHECK_STR(buf, "12.5k");
	format_money_short(120000000, buf, sizeof(buf));
	CHECK_STR(buf, "1.2M");
}

TEST(day_parses_keywords_and_offsets)
{
	int64_t today = clock_today(), d = 0;
	CHECK(parse_day("today", &d) == 0 && d == today);
	CHECK(parse_day("tomorrow", &d) == 0 && d == today + 1);
	CHECK(parse_day("+3d", &d) == 0 && d == today + 3);
	CHECK(parse_day("+2w", &d) == 0 && d == today + 14);
	CHECK(parse_day("-5d", &d) == 0 && d == today - 5);
	CHECK(parse_day("2026-02-28", &d) == 0 && d == days_from_civil(2026, 2, 28));
	CHECK(parse_day("2024-02-29", &d) == 0);
	CHECK(parse_day("2026-02-29", &d) != 0);
	CHECK(parse_day("2026-13-01", &d) != 0);
	CHECK(parse_day("+3x", &d) != 0);
	/* Found by fuzzing: weeks were allowed seven times the 100-year reach. */
	CHECK(parse_day("+36500d", &d) == 0 && d == today + 36500);
	CHECK(parse_day("+5214w", &d) == 0 && d == today + 5214 * 7);
	CHECK(parse_day("+5215w", &d) != 0);
	CHECK(parse_day("-22332w", &d) != 0);
	CHECK(parse_day("26-01-01", &d) != 0);
	CHECK(parse_day("2026-1-01", &d) != 0);
	CHECK(parse_day("", &d) != 0);
}

TEST(int_is_base_ten_and_strict)
{
	int64_t v = 0;
	CHECK(parse_int("042", 0, 100, &v) == 0 && v == 42); /* not octal */
	CHECK(parse_int("0x10", 0, 100, &v) != 0);
	CHECK(parse_int("12abc", 0, 100, &v) != 0);
	CHECK(parse_int("101", 0, 100, &v) != 0);
	CHECK(parse_int("-1", 0, 100, &v) != 0);
	CHECK(parse_int("99999999999999999999", 0, INT64_MAX, &v) != 0);
	CHECK(parse_int("", 0, 100, &v) != 0);
}

TEST(bool_words)
{
	bool b = false;
	CHECK(parse_bool("yes", &b) == 0 && b);
	CHECK(parse_bool("Off", &b) == 0 && !b);
	CHECK(parse_bool("maybe", &b) != 0);
}

TESTS(parse) = {
	{ "parse/money_accepts_common_forms", money_accepts_common_forms },
	{ "parse/money_rejects_malformed", money_rejects_malformed },
	{ "parse/money_formats_with_separators", money_formats_with_separators },
	{ "parse/day_parses_keywords_and_offsets", day_parses_keywords_and_offsets },
	{ "parse/int_is_base_ten_and_strict", int_is_base_ten_and_strict },
	{ "parse/bool_words", bool_words },
	END_TESTS,
};
