#include <stdlib.h>

#include "plumb/clock.h"
#include "plumb/util.h"
#include "test.h"

TEST(civil_round_trip)
{
	for (int64_t day = -800000; day < 800000; day += 997) {
		int y, m, d;
		civil_from_days(day, &y, &m, &d);
		CHECK_INT(days_from_civil(y, m, d), day);
	}
	CHECK_INT(days_from_civil(1970, 1, 1), 0);
	CHECK_INT(clock_weekday(days_from_civil(2026, 12, 4)), 4); /* a Friday */
}

TEST(plumb_now_overrides_the_clock)
{
	test_env("UTC", "2026-03-01");
	CHECK_INT(clock_today(), days_from_civil(2026, 3, 1));
	test_env("UTC", "2026-03-01T23:59:59");
	CHECK_INT(clock_today(), days_from_civil(2026, 3, 1));
	setenv("PLUMB_NOW", "yesterday", 1);
	CHECK(clock_init() != 0);
	unsetenv("PLUMB_NOW");
}

TEST(days_follow_the_local_calendar_across_dst)
{
	/* New York springs forward on 2026-03-08: that day has 23 hours. */
	test_env("America/New_York", "2026-03-09T00:30:00");
	int64_t d8 = days_from_civil(2026, 3, 8);
	time_t start8 = clock_day_start(d8), start9 = clock_day_start(d8 + 1);
	CHECK_INT(start9 - start8, 23 * 3600);
	CHECK_INT(clock_day(start9 - 1), d8);
	CHECK_INT(clock_day(start9), d8 + 1);
	CHECK_INT(clock_today(), d8 + 1);
	/* Falls back on 2026-11-01: 25 hours. */
	int64_t n1 = days_from_civil(2026, 11, 1);
	CHECK_INT(clock_day_start(n1 + 1) - clock_day_start(n1), 25 * 3600);
	/* 23:30 local on Dec 31 is already Jan 1 in UTC, but still Dec 31 here. */
	time_t t;
	CHECK(clock_parse_local("2026-12-31T23:30:00", &t) == 0);
	CHECK_INT(clock_day(t), days_from_civil(2026, 12, 31));
	test_env("UTC", NULL);
}

TEST(parse_local_rejects_garbage)
{
	time_t t;
	CHECK(clock_parse_local("2026-06-15", &t) == 0);
	CHECK(clock_parse_local("2026-06-15T10:20", &t) == 0);
	CHECK(clock_parse_local("2026-06-15 10:20:30", &t) == 0);
	CHECK(clock_parse_local("2026-06-15T25:00", &t) != 0);
	CHECK(clock_parse_local("2026-06-15x", &t) != 0);
	CHECK(clock_parse_local(" 2026-06-15", &t) != 0);
	CHECK(clock_parse_local("2026-06-31", &t) != 0);
}

TESTS(clock) = {
	{ "clock/civil_round_trip", civil_round_trip },
	{ "clock/plumb_now_overrides_the_clock", plumb_now_overrides_the_clock },
	{ "clock/days_follow_the_local_calendar_across_dst", days_follow_the_local_calendar_across_dst },
	{ "clock/parse_local_rejects_garbage", parse_local_rejects_garbage },
	END_TESTS,
};
