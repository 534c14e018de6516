/*
 * Time and calendar days. Times are time_t seconds, UTC. Days are integers
 * counting local calendar days since 1970-01-01 (the user's TZ), so "age in
 * days" is a subtraction that is right across DST changes and year ends.
 * PLUMB_NOW (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS, local time) overrides the
 * clock everywhere, for reproducible tests and demos.
 */
#ifndef PLUMB_CLOCK_H
#define PLUMB_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* Reads PLUMB_NOW once; returns -1 with err_set() when it is malformed. */
int clock_init(void);
time_t clock_now(void);
int64_t clock_today(void);

/* Local calendar day of t. */
int64_t clock_day(time_t t);
/* The first second of local day `day`, as UTC. */
time_t clock_day_start(int64_t day);

int64_t days_from_civil(int y, int m, int d);
void civil_from_days(int64_t day, int *y, int *m, int *d);
/* 0 = Monday .. 6 = Sunday. */
int clock_weekday(int64_t day);

/* "YYYY-MM-DD" of a local day; buf holds at least 11 bytes. */
void clock_format_day(int64_t day, char *buf, size_t size);
/* "YYYY-MM-DD HH:MM" local of t; buf holds at least 17 bytes. */
void clock_format_time(time_t t, char *buf, size_t size);
/* ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ"; buf holds at least 21 bytes. */
void clock_format_utc(time_t t, char *buf, size_t size);

/*
 * Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS]" (local time) into a time_t.
 * Returns 0, or -1 with err_set().
 */
int clock_parse_local(const char *s, time_t *out);

#endif
