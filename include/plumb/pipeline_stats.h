/*
 * The playbook's numbers (SPEC sections 1 and 5) for a window and an
 * owner: what `plumb stats` prints and the board's stats screen draws.
 * Part of the engine: plain data, no SQL, no formatting, no terminal.
 *
 * Every number comes from an indexed aggregate or one streaming pass in
 * the store; loading costs memory for the stages, channels, categories
 * and lost reasons, never for the deals.
 *
 * Ownership: pipeline_stats_load() fills a caller-owned struct whose
 * arrays and strings belong to it; pipeline_stats_free() releases them
 * all. Pointers into it stay valid until then.
 *
 * Units: money in integer minor units of the team currency (no
 * conversion between currencies), days in local calendar days, rates as
 * fractions 0..1. A number that cannot be computed (a rate without
 * closes, a median without deals) has its `has_` flag false and is 0.
 */
#ifndef PLUMB_PIPELINE_STATS_H
#define PLUMB_PIPELINE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plumb/engine.h"
#include "plumb/store.h"

#define STATS_WEEKS 12         /* won per week: this many weeks back */
#define STATS_AGE_BUCKETS 8    /* open deals per week of age; the last is "or older" */
#define STATS_RESPONSES 3      /* cheat-sheet responses per category */
#define STATS_LOST_REASONS 10  /* lost reasons listed; the rest are summed */

struct stats_options {
	int64_t since_day;  /* window start (local day, inclusive); INT64_MIN:
			     * today minus the team's cycle_window */
	const char *owner;  /* NULL: the whole team; copied */
};
void stats_options_default(struct stats_options *o);

/* One stage, over its open deals now. */
struct stage_stat {
	int64_t stage_id;
	char *name;                /* owned */
	int position;
	int probability;           /* percent */
	int rot_days;              /* 0: the stage does not rot */
	int64_t deals;
	int64_t value_minor;
	int64_t forecast_minor;    /* value x probability / 100, rounded */
	bool has_median;           /* it has open deals */
	double median_days;        /* median days in this stage (since entering it) */
	int64_t rotting;           /* deals in it longer than rot_days */
	int norm_days;             /* rot_days, or the ideal cycle if it does not rot */
	double wait_ratio;         /* median_days / norm_days */
	bool bottleneck;
};

/* One source channel: the closed loop from lead to won. */
struct channel_stat {
	char *channel;             /* owned */
	int64_t leads_in;          /* deals that entered the pipeline in the window */
	int64_t won, lost;         /* deals closed in the window */
	int64_t won_value_minor;
	bool has_win_rate;         /* won + lost > 0 */
	double win_rate;           /* won / (won + lost) */
	bool has_median_cycle;     /* won > 0 */
	double median_cycle_days;  /* of the won deals */
};

/* A response given to an objection on a deal that was won. */
struct objection_response {
	char *response;            /* owned */
	int64_t times;             /* won deals' objections answered with it */
	time_t last_at;            /* the most recent of them */
};

/* The cheat sheet of one objection category. */
struct objection_stat {
	char *category;            /* owned */
	int64_t raised;            /* objections logged in the window */
	int64_t on_won, on_lost, on_open; /* of those, by what became of the deal */
	bool has_won_rate;         /* on_won + on_lost > 0 */
	double won_rate;           /* on_won / (on_won + on_lost): still won */
	int64_t state_open, state_acknowledged, state_resolved;
	struct objection_response responses[STATS_RESPONSES]; /* most recent first */
	size_t responses_len;
};

struct lost_reason_stat {
	char *reason;              /* owned; "" when none was given */
	int64_t deals;
};

/* Follow-up health of the open deals now; each matches a `plumb list` filter. */
struct followup_health {
	int64_t due;               /* due today or earlier, overdue included (--due) */
	int64_t due_today;         /* due exactly today */
	int64_t overdue;           /* past the overdue grace (--overdue) */
	int64_t persist;           /* 2 or more unanswered, below max_unanswered (--persist) */
	int64_t qualify_out;       /* max_unanswered reached (--qualify-out) */
};

struct pipeline_stats {
	/* The team's rules and stall threshold: the same the board and
	 * `plumb list` use, whatever the window and owner (owned). */
	struct engine engine;
	int64_t today;
	int64_t since_day;         /* window start, inclusive */
	char *owner;               /* NULL: the whole team; owned */

	/* Closes in the window. */
	struct cycle cycle;        /* average and median over the won deals */
	int64_t won, lost;
	int64_t won_value_minor;
	bool has_win_rate;
	double win_rate;           /* won / (won + lost) */

	/* The open pipeline now. */
	int64_t open_deals;
	int64_t open_value_minor;
	int64_t forecast_minor;    /* sum of stage forecasts */
	struct stage_stat *stages; /* by position; owned */
	size_t stages_len;
	int bottleneck;            /* index into stages, -1 when none */
	int64_t fresh, aging, stalled, rotting, key_accounts;
	int64_t by_age_week[STATS_AGE_BUCKETS]; /* [i]: age 7i..7i+6 days; last: older too */
	struct followup_health followups;

	/* Won per week: [STATS_WEEKS - 1] is the 7 days ending today, [0]
	 * the oldest; independent of the window. */
	int64_t won_per_week[STATS_WEEKS];

	/* Every channel of the rules, then any other found; by value won,
	 * then leads in, then name. */
	struct channel_stat *channels;
	size_t channels_len;
	/* Every category of the rules, then any other found; by times raised,
	 * then name. */
	struct objection_stat *objections;
	size_t objections_len;
	/* Most frequent first; lost_reasons_other counts the deals lost for
	 * reasons beyond the first STATS_LOST_REASONS. */
	struct lost_reason_stat *lost_reasons;
	size_t lost_reasons_len;
	int64_t lost_reasons_other;
};

/* Returns 0, or -1 with err_set(); on failure *out holds nothing to free. */
int pipeline_stats_load(struct store *st, const struct stats_options *o,
			struct pipeline_stats *out);
void pipeline_stats_free(struct pipeline_stats *s);

/* The rules behind the numbers, exposed for tests and other screens. */

/* value x probability / 100 in minor units, rounded half up, without
 * overflow for any value a deal can hold. */
int64_t stats_forecast_minor(int64_t value_minor, int probability);
/* Picks the stage whose open deals wait longest relative to its norm
 * (highest wait_ratio; ties: more deals, then the earlier stage) and
 * marks it. Stages without open deals or with a zero median never
 * qualify. Returns its index, or -1. */
int stats_pick_bottleneck(struct stage_stat *stages, size_t len);

#endif
