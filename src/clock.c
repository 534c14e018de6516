#include "plumb/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/util.h"

static struct {
	bool fixed;
	time_t now;
} clock_state;

/*
 * localtime_r and mktime are slow (glibc re-reads the zone file's status on
 * every call) and day arithmetic runs per card and per loaded row, so both
 * directions are cached. Zone offsets change only at whole or half hours,
 * so an offset found for one half-hour slot holds for all of it.
 * Per thread: import converts dates on a second thread (import_pipe.c).
 */
#define OFFSET_SLOTS 4096
#define DAY_START_SLOTS 1024
static _Thread_local struct {
	int64_t slot[OFFSET_SLOTS];
	long offset[OFFSET_SLOTS];
	bool valid[OFFSET_SLOTS];
	int64_t day[DAY_START_SLOTS];
	time_t start[DAY_START_SLOTS];
	bool start_valid[DAY_START_SLOTS];
} tz_cache;

int clock_init(void)
{
	const char *env = getenv("PLUMB_NOW");

	/* TZ may have changed (tests do that); forget cached offsets. */
	tzset();
	memset(&tz_cache, 0, sizeof(tz_cache));
	clock_state.fixed = false;
	if (str_empty(env))
		return 0;
	if (clock_parse_local(env, &clock_state.now) != 0) {
		err_prefix("PLUMB_NOW");
		return -1;
	}
	clock_state.fixed = true;
	return 0;
}

time_t clock_now(void)
{
	return clock_state.fixed ? clock_state.now : time(NULL);
}

int64_t clock_today(void)
{
	return clock_day(clock_now());
}

/* Howard Hinnant's civil calendar algorithms, proleptic Gregorian. */
int64_t days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int clock_weekday(int64_t day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int64_t w = (day + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool utc_offset(time_t t, long *offset)
{
	int64_t slot = floor_div((int64_t)t, 1800);
	size_t i = (size_t)((uint64_t)slot % OFFSET_SLOTS);
	struct tm tm;

	if (tz_cache.valid[i] && tz_cache.slot[i] == slot) {
		*offset = tz_cache.offset[i];
		return true;
	}
	if (!localtime_r(&t, &tm))
		return false;
	tz_cache.slot[i] = slot;
	tz_cache.offset[i] = tm.tm_gmtoff;
	tz_cache.valid[i] = true;
	*offset = tm.tm_gmtoff;
	return true;
}

int64_t clock_day(time_t t)
{
	long offset;

	if (!utc_offset(t, &offset))
		return floor_div((int64_t)t, 86400);
	return floor_div((int64_t)t + offset, 86400);
}

static time_t compute_day_start(int64_t day);

time_t clock_day_start(int64_t day)
{
	size_t i = (size_t)((uint64_t)day % DAY_START_SLOTS);

	if (tz_cache.start_valid[i] && tz_cache.day[i] == day)
		return tz_cache.start[i];
	tz_cache.day[i] = day;
	tz_cache.start[i] = compute_day_start(day);
	tz_cache.start_valid[i] = true;
	return tz_cache.start[i];
}

static time_t compute_day_start(int64_t day)
{
	struct tm tm;
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	/* A DST jump at midnight makes 00:00 not exist; mktime moves it
	 * forward, which is still the first second of that day. */
	return t;
}

void clock_format_day(int64_t day, char *buf, size_t size)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

void clock_format_time(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (!localtime_r(&t, &tm)) {
		snprintf(buf, size, "?");
		return;
	}
	strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

void clock_format_utc(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(buf, size, "?");
		return;
	}
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool valid_ymd(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

/* True when s matches pattern, where '9' stands for any ASCII digit. */
static bool matches(const char *s, const char *pattern)
{
	for (; *pattern; s++, pattern++) {
		if (*pattern == '9' ? (*s < '0' || *s > '9') : *s != *pattern)
			return false;
	}
	return true;
}

int clock_parse_local(const char *s, time_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	struct tm tm;

	if (!matches(s, "9999-99-99") ||
	    sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		goto bad;
	if (s[n] == 'T' || s[n] == ' ') {
		int n2 = 0;
		if (!matches(s + n + 1, "99:99") ||
		    (s[n + 6] == ':' && !matches(s + n + 7, "99")))
			goto bad;
		if (sscanf(s + n + 1, "%2d:%2d%n", &h, &mi, &n2) != 2 || n2 != 5)
			goto bad;
		n += 1 + n2;
		if (s[n] == ':') {
			int n3 = 0;
			if (sscanf(s + n + 1, "%2d%n", &sec, &n3) != 1 || n3 != 2)
				goto bad;
			n += 1 + n3;
		}
	}
	if (s[n] != '\0' || !valid_ymd(y, mo, d) || h > 23 || mi > 59 || sec > 60 ||
	    h < 0 || mi < 0 || sec < 0)
		goto bad;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return 0;
bad:
	err_set("'%s' is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)", s);
	return -1;
}
