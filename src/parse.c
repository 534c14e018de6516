#include "plumb/parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/util.h"

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Skips one leading currency symbol: $ £ € ¥ ₩ or a 3-letter code. */
static const char *skip_currency(const char *s)
{
	static const char *const symbols[] = { "$", "\xC2\xA3", "\xE2\x82\xAC",
					       "\xC2\xA5", "\xE2\x82\xA9" };
	for (size_t i = 0; i < ARRAY_LEN(symbols); i++)
		if (str_starts_with(s, symbols[i]))
			return skip_blanks(s + strlen(symbols[i]));
	if (isupper((unsigned char)s[0]) && isupper((unsigned char)s[1]) &&
	    isupper((unsigned char)s[2]) && (s[3] == ' ' || isdigit((unsigned char)s[3])))
		return skip_blanks(s + 3);
	return s;
}

int parse_money(const char *input, int64_t *minor)
{
	const char *s = skip_currency(skip_blanks(input));
	int64_t whole = 0, cents = 0;
	int digits = 0, group = -1, decimals = 0;
	bool seen_point = false;

	if (*s == '-')
		goto bad_negative;
	for (; *s && *s != ' ' && *s != '\t'; s++) {
		if (isdigit((unsigned char)*s)) {
			int d = *s - '0';
			if (seen_point) {
				if (++decimals > 2)
					goto bad;
				cents = cents * 10 + d;
				continue;
			}
			if (whole > (INT64_MAX / 100 - 1 - d) / 10)
				goto too_big;
			whole = whole * 10 + d;
			digits++;
			if (group >= 0)
				group++;
		} else if (*s == ',' && !seen_point) {
			/* Thousands separators must come every three digits. */
			if (digits == 0 || (group >= 0 && group != 3) ||
			    (group < 0 && digits > 3))
				goto bad;
			group = 0;
		} else if (*s == '.' && !seen_point) {
			seen_point = true;
		} else {
			goto bad;
		}
	}
	if (*skip_blanks(s) != '\0' || digits == 0 || (group >= 0 && group != 3) ||
	    (seen_point && decimals == 0))
		goto bad;
	if (decimals == 1)
		cents *= 10;
	*minor = whole * 100 + cents;
	return 0;
bad_negative:
	err_set("'%s' is not a valid amount (must not be negative)", input);
	return -1;
too_big:
	err_set("'%s' is too large an amount", input);
	return -1;
bad:
	err_set("'%s' is not a valid amount (expected e.g. 12000, 12,000 or 12000.50)",
		input);
	return -1;
}

static void group_thousands(int64_t n, char *buf, size_t size)
{
	char digits[32];
	char out[48];
	int len = snprintf(digits, sizeof(digits), "%lld", (long long)n);
	int o = 0;

	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, size, "%s", out);
}

void format_money(int64_t minor, char *buf, size_t size)
{
	char whole[48];
	bool neg = minor < 0;
	uint64_t abs_minor = neg ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;

	group_thousands((int64_t)(abs_minor / 100), whole, sizeof(whole));
	if (abs_minor % 100)
		snprintf(buf, size, "%s%s.%02u", neg ? "-" : "", whole,
			 (unsigned)(abs_minor % 100));
	else
		snprintf(buf, size, "%s%s", neg ? "-" : "", whole);
}

void format_money_short(int64_t minor, char *buf, size_t size)
{
	int64_t units = minor / 100;
	int64_t a = units < 0 ? -units : units;
	const char *sign = units < 0 ? "-" : "";

	if (a < 10000)
		snprintf(buf, size, "%s%lld", sign, (long long)a);
	else if (a < 1000000)
		snprintf(buf, size, "%s%lld.%lldk", sign, (long long)(a / 1000),
			 (long long)(a % 1000 / 100));
	else if (a < 1000000000)
		snprintf(buf, size, "%s%lld.%lldM", sign, (long long)(a / 1000000),
			 (long long)(a % 1000000 / 100000));
	else
		snprintf(buf, size, "%s%lld.%lldB", sign, (long long)(a / 1000000000),
			 (long long)(a % 1000000000 / 100000000));
}

int parse_day(const char *s, int64_t *day)
{
	int64_t today = clock_today();

	if (str_ieq(s, "today")) {
		*day = today;
		return 0;
	}
	if (str_ieq(s, "tomorrow")) {
		*day = today + 1;
		return 0;
	}
	if (str_ieq(s, "yesterday")) {
		*day = today - 1;
		return 0;
	}
	if ((s[0] == '+' || s[0] == '-') && isdigit((unsigned char)s[1])) {
		char *end;
		errno = 0;
		long n = strtol(s + 1, &end, 10);
		int mult = 0;
		if (*end == 'd' || *end == 'D')
			mult = 1;
		else if (*end == 'w' || *end == 'W')
			mult = 7;
		/* At most 100 years either way, in days or in weeks. */
		if (errno || mult == 0 || end[1] != '\0' || n > 36500 / mult)
			goto bad;
		*day = today + (s[0] == '-' ? -1 : 1) * (int64_t)n * mult;
		return 0;
	}
	time_t t;
	if (strlen(s) == 10 && clock_parse_local(s, &t) == 0) {
		*day = clock_day(t);
		return 0;
	}
bad:
	err_set("'%s' is not a date (expected YYYY-MM-DD, today, tomorrow, +3d or +2w)", s);
	return -1;
}

int parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *p = s;
	int64_t v = 0;
	bool neg = false;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		goto bad;
	for (; isdigit((unsigned char)*p); p++) {
		int d = *p - '0';
		if (v > (INT64_MAX - d) / 10)
			goto range;
		v = v * 10 + d;
	}
	if (*p != '\0')
		goto bad;
	if (neg)
		v = -v;
	if (v < min || v > max)
		goto range;
	*out = v;
	return 0;
range:
	err_set("'%s' is out of range (%lld to %lld)", s, (long long)min, (long long)max);
	return -1;
bad:
	err_set("'%s' is not a whole number", s);
	return -1;
}

int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		if (str_ieq(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (str_ieq(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	err_set("'%s' is not yes/no, true/false, on/off or 1/0", s);
	return -1;
}
