/*
 * The playbook engine: the rules of SPEC section 1 as pure C over values
 * the store provides. No terminal code, no SQL; the board, the CLI and the
 * tests all get the same numbers from here.
 *
 * Days are local calendar days (clock.h). A deal's age is today minus the
 * day it entered the pipeline.
 */
#ifndef PLUMB_ENGINE_H
#define PLUMB_ENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "plumb/domain.h"
#include "plumb/store.h"
#include "plumb/util.h"

enum tier { TIER_FRESH, TIER_AGING, TIER_STALLED };
const char *tier_name(enum tier t);

/* The average sales cycle over won deals closed in a window. */
struct cycle {
	int64_t won;          /* won deals in the window */
	int64_t total_days;   /* sum of their cycles */
	double average_days;  /* total_days / won; meaningful when known */
	double median_days;   /* meaningful when won > 0 */
	bool known;           /* won >= min_won_deals */
	int64_t since_day;    /* window start (local day, inclusive) */
};

struct engine {
	struct rules rules;
	int64_t today;
	int ideal_days;         /* rules, or the personal display override */
	struct cycle cycle;
	/* A deal is stalled when its age exceeds this many days: the average
	 * when known, else the ideal. */
	double stall_after_days;
	int countdown_days;     /* show "stalls in Nd" this close */
};

struct engine_options {
	int64_t since_day;  /* cycle window start; INT64_MIN: the rules' window */
	const char *owner;  /* NULL: the whole team */
	int display_ideal;  /* 0, or a personal ideal that only changes colours */
	int countdown_days; /* show "stalls in Nd" this close */
	bool median;        /* also compute the median cycle (sorts the window) */
};
void engine_options_default(struct engine_options *o);
/* Reads the rules and computes the cycle. */
int engine_load(struct engine *e, struct store *st, const struct engine_options *o);
void engine_free(struct engine *e);

int64_t engine_age_days(const struct engine *e, const struct deal *d);
int64_t engine_days_in_stage(const struct engine *e, const struct deal *d);
enum tier engine_tier(const struct engine *e, const struct deal *d);
/* Days until an open deal stalls (1 = stalls tomorrow); <= 0 once stalled. */
int64_t engine_days_to_stall(const struct engine *e, const struct deal *d);
/* True when the countdown should be shown. */
bool engine_show_countdown(const struct engine *e, const struct deal *d);
bool engine_rotting(const struct engine *e, const struct deal *d);

struct followup_state {
	bool scheduled;
	int64_t due_day;   /* when scheduled */
	bool due;          /* due today or earlier */
	bool due_today;
	bool overdue;      /* past the grace after its due day */
	int unanswered;
	bool persist;      /* 2 or more unanswered in a row: keep going */
	bool qualify_out;  /* max_unanswered reached: decide */
};
void engine_followup(const struct engine *e, const struct deal *d, struct followup_state *out);
/* Days after the due day before a follow-up is overdue. */
int engine_overdue_grace(const struct engine *e);

/* Query thresholds that select the same deals as the rules above. */
time_t engine_stalled_before(const struct engine *e);  /* created_at < this */
time_t engine_fresh_since(const struct engine *e);     /* created_at >= this */
time_t engine_due_before(const struct engine *e);      /* next_followup_at < this */
time_t engine_overdue_before(const struct engine *e);

/* Marker characters, one per flag, the same on the board and in lists. */
#define MARK_STALLED '!'
#define MARK_ROTTING '~'
#define MARK_DUE '@'
#define MARK_OVERDUE '#'
#define MARK_PERSIST '+'
#define MARK_QUALIFY_OUT 'x'
#define MARK_KEY_ACCOUNT '*'
/* Writes the markers of d into buf (NUL-terminated, at most 8 chars). */
void engine_markers(const struct engine *e, const struct deal *d, char *buf, size_t size);
/* One sentence per rule explaining d's state, for `plumb show`. */
void engine_explain(const struct engine *e, const struct deal *d, struct strbuf *out);

#endif
