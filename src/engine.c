#include "plumb/engine.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/util.h"

static const char *const tier_names[] = { "fresh", "aging", "stalled" };

const char *tier_name(enum tier t)
{
	return (size_t)t < ARRAY_LEN(tier_names) ? tier_names[t] : "?";
}

void engine_options_default(struct engine_options *o)
{
	memset(o, 0, sizeof(*o));
	o->since_day = INT64_MIN;
	o->countdown_days = 3;
}

int engine_load(struct engine *e, struct store *st, const struct engine_options *o)
{
	struct cycle_sample sample;

	memset(e, 0, sizeof(*e));
	if (store_rules(st, &e->rules) != 0)
		return -1;
	e->today = clock_today();
	e->ideal_days = o->display_ideal > 0 ? o->display_ideal : e->rules.ideal_cycle_days;
	e->countdown_days = o->countdown_days;
	e->cycle.since_day = o->since_day != INT64_MIN ? o->since_day
						       : e->today - e->rules.cycle_window_days;
	if (store_cycle(st, clock_day_start(e->cycle.since_day), o->owner, o->median,
			&sample) != 0) {
		rules_clear(&e->rules);
		return -1;
	}
	e->cycle.won = sample.won;
	e->cycle.total_days = sample.total_days;
	e->cycle.median_days = sample.median_days;
	e->cycle.known = sample.won >= e->rules.min_won_deals;
	e->cycle.average_days = sample.won ? (double)sample.total_days / (double)sample.won : 0;
	e->stall_after_days = e->cycle.known ? e->cycle.average_days : (double)e->ideal_days;
	return 0;
}

void engine_free(struct engine *e)
{
	rules_clear(&e->rules);
}

int64_t engine_age_days(const struct engine *e, const struct deal *d)
{
	int64_t end = d->status == DEAL_OPEN ? e->today : clock_day(d->closed_at);
	return end - clock_day(d->created_at);
}

int64_t engine_days_in_stage(const struct engine *e, const struct deal *d)
{
	int64_t end = d->status == DEAL_OPEN ? e->today : clock_day(d->closed_at);
	return end - clock_day(d->stage_entered_at);
}

/* The largest age that is not yet stalled. */
static int64_t last_unstalled_age(const struct engine *e)
{
	return (int64_t)floor(e->stall_after_days);
}

enum tier engine_tier(const struct engine *e, const struct deal *d)
{
	int64_t age = engine_age_days(e, d);

	if (age > last_unstalled_age(e))
		return TIER_STALLED;
	if (age > e->ideal_days)
		return TIER_AGING;
	return TIER_FRESH;
}

int64_t engine_days_to_stall(const struct engine *e, const struct deal *d)
{
	return last_unstalled_age(e) + 1 - engine_age_days(e, d);
}

bool engine_show_countdown(const struct engine *e, const struct deal *d)
{
	int64_t left = engine_days_to_stall(e, d);
	return d->status == DEAL_OPEN && left > 0 && left <= e->countdown_days;
}

bool engine_rotting(const struct engine *e, const struct deal *d)
{
	return d->status == DEAL_OPEN && d->stage_rot_days > 0 &&
	       engine_days_in_stage(e, d) > d->stage_rot_days;
}

int engine_overdue_grace(const struct engine *e)
{
	int grace = e->rules.followup_overdue_days - e->rules.followup_after_days;
	return grace > 0 ? grace : 0;
}

void engine_followup(const struct engine *e, const struct deal *d, struct followup_state *out)
{
	memset(out, 0, sizeof(*out));
	out->unanswered = d->unanswered;
	if (d->status != DEAL_OPEN)
		return;
	out->persist = d->unanswered >= 2 && d->unanswered < e->rules.max_unanswered;
	out->qualify_out = d->unanswered >= e->rules.max_unanswered;
	if (!d->next_followup_at)
		return;
	out->scheduled = true;
	out->due_day = clock_day(d->next_followup_at);
	out->due = out->due_day <= e->today;
	out->due_today = out->due_day == e->today;
	out->overdue = e->today > out->due_day + engine_overdue_grace(e);
}

time_t engine_stalled_before(const struct engine *e)
{
	return clock_day_start(e->today - last_unstalled_age(e));
}

/* Fresh is age <= ideal, unless the stall threshold comes first. */
time_t engine_fresh_since(const struct engine *e)
{
	int64_t last_fresh = last_unstalled_age(e);
	if (e->ideal_days < last_fresh)
		last_fresh = e->ideal_days;
	return clock_day_start(e->today - last_fresh);
}

time_t engine_due_before(const struct engine *e)
{
	return clock_day_start(e->today + 1);
}

time_t engine_overdue_before(const struct engine *e)
{
	return clock_day_start(e->today - engine_overdue_grace(e));
}

void engine_markers(const struct engine *e, const struct deal *d, char *buf, size_t size)
{
	struct followup_state fs;
	size_t n = 0;

	if (size == 0)
		return;
	engine_followup(e, d, &fs);
#define MARK(cond, ch)                          \
	do {                                    \
		if ((cond) && n + 1 < size)     \
			buf[n++] = (ch);        \
	} while (0)
	MARK(d->status == DEAL_OPEN && engine_tier(e, d) == TIER_STALLED, MARK_STALLED);
	MARK(engine_rotting(e, d), MARK_ROTTING);
	MARK(fs.overdue, MARK_OVERDUE);
	MARK(fs.due && !fs.overdue, MARK_DUE);
	MARK(fs.persist, MARK_PERSIST);
	MARK(fs.qualify_out, MARK_QUALIFY_OUT);
	MARK(d->key_account, MARK_KEY_ACCOUNT);
#undef MARK
	buf[n] = '\0';
}

void engine_explain(const struct engine *e, const struct deal *d, struct strbuf *out)
{
	struct followup_state fs;
	int64_t age = engine_age_days(e, d);
	char day[16];

	if (d->status != DEAL_OPEN) {
		strbuf_printf(out, "Closed %s after %lld days in the pipeline.\n",
			      deal_status_name(d->status), (long long)age);
		return;
	}
	enum tier t = engine_tier(e, d);
	strbuf_printf(out, "Tier: %s. Age %lld days; ideal cycle %d days; ", tier_name(t),
		      (long long)age, e->ideal_days);
	if (e->cycle.known)
		strbuf_printf(out, "team average %.1f days (%lld won).\n", e->cycle.average_days,
			      (long long)e->cycle.won);
	else
		strbuf_printf(out, "team average unknown (%lld won, %d needed), so it stalls "
				   "after the ideal.\n", (long long)e->cycle.won,
			      e->rules.min_won_deals);
	int64_t left = engine_days_to_stall(e, d);
	if (left > 0)
		strbuf_printf(out, "Stalls in %lld day%s.\n", (long long)left, left == 1 ? "" : "s");
	int64_t in_stage = engine_days_in_stage(e, d);
	if (d->stage_rot_days > 0)
		strbuf_printf(out, "%s: %lld days in this stage, which rots after %d%s.\n",
			      engine_rotting(e, d) ? "Rotting" : "Not rotting",
			      (long long)in_stage, d->stage_rot_days,
			      engine_rotting(e, d) ? "" : "");
	else
		strbuf_printf(out, "%lld days in this stage (it has no rot limit).\n",
			      (long long)in_stage);
	engine_followup(e, d, &fs);
	if (fs.scheduled) {
		clock_format_day(fs.due_day, day, sizeof(day));
		strbuf_printf(out, "Follow-up %s %s%s.\n",
			      fs.overdue ? "overdue since" : fs.due ? "due since" : "due", day,
			      fs.due_today ? " (today)" : "");
	} else {
		strbuf_puts(out, "No follow-up scheduled.\n");
	}
	if (fs.qualify_out)
		strbuf_printf(out, "Qualify out: %d unanswered follow-ups in a row (limit %d); "
				   "disqualify or change approach.\n",
			      fs.unanswered, e->rules.max_unanswered);
	else if (fs.persist)
		strbuf_printf(out, "Persist: %d unanswered follow-ups in a row; keep going "
				   "(qualify-out at %d).\n",
			      fs.unanswered, e->rules.max_unanswered);
	else if (fs.unanswered)
		strbuf_printf(out, "%d unanswered follow-up.\n", fs.unanswered);
}
