#include "plumb/pipeline_stats.h"

#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/histogram.h"
#include "plumb/util.h"

void stats_options_default(struct stats_options *o)
{
	memset(o, 0, sizeof(*o));
	o->since_day = INT64_MIN;
}

int64_t stats_forecast_minor(int64_t value_minor, int probability)
{
	/* Split so that value x probability cannot overflow: whole hundreds
	 * times the percentage is exact, the remainder is below 100 x 100. */
	int64_t whole = value_minor / 100 * probability;
	int64_t rest = value_minor % 100 * probability;
	return whole + (rest + 50) / 100;
}

int stats_pick_bottleneck(struct stage_stat *stages, size_t len)
{
	int best = -1;

	for (size_t i = 0; i < len; i++) {
		struct stage_stat *s = &stages[i];
		s->bottleneck = false;
		if (!s->has_median || s->deals == 0 || s->wait_ratio <= 0)
			continue;
		if (best < 0 || s->wait_ratio > stages[best].wait_ratio ||
		    (s->wait_ratio == stages[best].wait_ratio && s->deals > stages[best].deals))
			best = (int)i;
	}
	if (best >= 0)
		stages[best].bottleneck = true;
	return best;
}

static double ratio(int64_t part, int64_t whole)
{
	return whole > 0 ? (double)part / (double)whole : 0;
}

/* The channel named `name`, appended when new. */
static struct channel_stat *channel_slot(struct pipeline_stats *s, const char *name)
{
	for (size_t i = 0; i < s->channels_len; i++)
		if (strcmp(s->channels[i].channel, name) == 0)
			return &s->channels[i];
	s->channels = xreallocarray(s->channels, s->channels_len + 1, sizeof(*s->channels));
	struct channel_stat *c = &s->channels[s->channels_len++];
	memset(c, 0, sizeof(*c));
	c->channel = xstrdup(name);
	return c;
}

static struct objection_stat *category_slot(struct pipeline_stats *s, const char *name)
{
	for (size_t i = 0; i < s->objections_len; i++)
		if (strcmp(s->objections[i].category, name) == 0)
			return &s->objections[i];
	s->objections = xreallocarray(s->objections, s->objections_len + 1,
				      sizeof(*s->objections));
	struct objection_stat *c = &s->objections[s->objections_len++];
	memset(c, 0, sizeof(*c));
	c->category = xstrdup(name);
	return c;
}

/* Calls add(s, item) for each item of a comma-separated list. */
static void each_listed(struct pipeline_stats *s, const char *list,
			void (*add)(struct pipeline_stats *s, const char *name))
{
	struct strbuf item;

	strbuf_init(&item);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		strbuf_reset(&item);
		strbuf_add(&item, p, n);
		add(s, item.buf);
		p = end ? end + 1 : NULL;
	}
	strbuf_free(&item);
}

static void add_channel(struct pipeline_stats *s, const char *name)
{
	channel_slot(s, name);
}

static void add_category(struct pipeline_stats *s, const char *name)
{
	category_slot(s, name);
}

/* Closes in the window: per channel, and summed into the cycle and win rate. */
static int load_closes(struct store *st, struct pipeline_stats *s, time_t since)
{
	struct channel_closes *closes;
	struct day_histogram cycles = { 0 };
	size_t n;

	if (store_closes_by_channel(st, since, s->owner, &closes, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct channel_stat *c = channel_slot(s, closes[i].channel);
		c->won = closes[i].won;
		c->lost = closes[i].lost;
		c->won_value_minor = closes[i].won_value_minor;
		c->has_median_cycle = c->won > 0;
		c->median_cycle_days = day_histogram_median(&closes[i].won_cycles);
		s->won += c->won;
		s->lost += c->lost;
		s->won_value_minor += c->won_value_minor;
		s->cycle.total_days += closes[i].won_cycle_days;
		day_histogram_merge(&cycles, &closes[i].won_cycles);
	}
	channel_closes_free(closes, n);
	s->cycle.won = s->won;
	s->cycle.since_day = s->since_day;
	s->cycle.known = s->won >= s->engine.rules.min_won_deals;
	s->cycle.average_days = ratio(s->cycle.total_days, s->won);
	s->cycle.median_days = day_histogram_median(&cycles);
	day_histogram_clear(&cycles);
	s->has_win_rate = s->won + s->lost > 0;
	s->win_rate = ratio(s->won, s->won + s->lost);
	return 0;
}

static int load_leads(struct store *st, struct pipeline_stats *s, time_t since)
{
	struct name_count *leads;
	size_t n;

	if (store_leads_by_channel(st, since, s->owner, &leads, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		channel_slot(s, leads[i].name)->leads_in = leads[i].count;
	name_counts_free(leads, n);
	for (size_t i = 0; i < s->channels_len; i++) {
		struct channel_stat *c = &s->channels[i];
		c->has_win_rate = c->won + c->lost > 0;
		c->win_rate = ratio(c->won, c->won + c->lost);
	}
	return 0;
}

static int compare_channels(const void *pa, const void *pb)
{
	const struct channel_stat *a = pa, *b = pb;

	if (a->won_value_minor != b->won_value_minor)
		return a->won_value_minor > b->won_value_minor ? -1 : 1;
	if (a->leads_in != b->leads_in)
		return a->leads_in > b->leads_in ? -1 : 1;
	return strcmp(a->channel, b->channel);
}

/* A deal_query for the open deals of the stats' owner. */
static struct deal_query open_query(const struct pipeline_stats *s)
{
	struct deal_query q;

	memset(&q, 0, sizeof(q));
	q.status = STATUS_OPEN;
	q.owner = s->owner;
	return q;
}

static int count_open(struct store *st, const struct deal_query *q, int64_t *n)
{
	return store_count(st, q, n, NULL);
}

static int load_stage(struct store *st, struct pipeline_stats *s, struct stage_stat *ss)
{
	struct deal_query q = open_query(s);

	ss->forecast_minor = stats_forecast_minor(ss->value_minor, ss->probability);
	ss->norm_days = ss->rot_days > 0 ? ss->rot_days : s->engine.rules.ideal_cycle_days;
	if (store_stage_median_days(st, ss->stage_id, s->owner, s->today, &ss->median_days) != 0)
		return -1;
	ss->has_median = ss->deals > 0;
	ss->wait_ratio = ss->norm_days > 0 ? ss->median_days / ss->norm_days : 0;
	if (ss->rot_days <= 0)
		return 0;
	q.stage_id = ss->stage_id;
	q.rotting = true;
	q.rot_today = s->today;
	return count_open(st, &q, &ss->rotting);
}

static void apply_totals(struct pipeline_stats *s, const struct stage_total *totals, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (totals[i].status != DEAL_OPEN)
			continue;
		for (size_t k = 0; k < s->stages_len; k++) {
			if (s->stages[k].stage_id == totals[i].stage_id) {
				s->stages[k].deals += totals[i].deals;
				s->stages[k].value_minor += totals[i].value_minor;
			}
		}
	}
}

static int load_stages(struct store *st, struct pipeline_stats *s)
{
	struct stage_list stages;
	struct stage_total *totals;
	size_t n;

	if (store_stages(st, &stages) != 0)
		return -1;
	s->stages = xcalloc(stages.len ? stages.len : 1, sizeof(*s->stages));
	s->stages_len = stages.len;
	for (size_t i = 0; i < stages.len; i++) {
		struct stage_stat *ss = &s->stages[i];
		ss->stage_id = stages.items[i].id;
		ss->name = stages.items[i].name;
		stages.items[i].name = NULL; /* moved into the stats */
		ss->position = stages.items[i].position;
		ss->probability = stages.items[i].probability;
		ss->rot_days = stages.items[i].rot_days;
	}
	stage_list_clear(&stages);
	if (store_stage_totals(st, s->owner, &totals, &n) != 0)
		return -1;
	apply_totals(s, totals, n);
	free(totals);
	for (size_t i = 0; i < s->stages_len; i++) {
		struct stage_stat *ss = &s->stages[i];
		if (load_stage(st, s, ss) != 0)
			return -1;
		s->open_deals += ss->deals;
		s->open_value_minor += ss->value_minor;
		s->forecast_minor += ss->forecast_minor;
		s->rotting += ss->rotting;
	}
	s->bottleneck = stats_pick_bottleneck(s->stages, s->stages_len);
	return 0;
}

/* The tiers and flags, with the very queries `plumb list` filters use. */
static int load_open_counts(struct store *st, struct pipeline_stats *s)
{
	const struct engine *e = &s->engine;
	struct deal_query q = open_query(s);
	struct followup_health *f = &s->followups;

	q.created_since = engine_fresh_since(e);
	if (count_open(st, &q, &s->fresh) != 0)
		return -1;
	q = open_query(s);
	q.created_before = engine_stalled_before(e);
	if (count_open(st, &q, &s->stalled) != 0)
		return -1;
	s->aging = s->open_deals - s->fresh - s->stalled;
	q = open_query(s);
	q.key_account = true;
	if (count_open(st, &q, &s->key_accounts) != 0)
		return -1;
	q = open_query(s);
	q.followup_before = engine_due_before(e);
	if (count_open(st, &q, &f->due) != 0)
		return -1;
	q.followup_since = clock_day_start(e->today);
	if (count_open(st, &q, &f->due_today) != 0)
		return -1;
	q = open_query(s);
	q.followup_before = engine_overdue_before(e);
	if (count_open(st, &q, &f->overdue) != 0)
		return -1;
	q = open_query(s);
	q.min_unanswered = 2;
	q.max_unanswered = e->rules.max_unanswered;
	if (count_open(st, &q, &f->persist) != 0)
		return -1;
	q.min_unanswered = e->rules.max_unanswered;
	q.max_unanswered = 0;
	return count_open(st, &q, &f->qualify_out);
}

static int load_age_weeks(struct store *st, struct pipeline_stats *s)
{
	for (int i = 0; i < STATS_AGE_BUCKETS; i++) {
		struct deal_query q = open_query(s);
		/* Age 7i..7i+6 days: entered on days today-7i-6 .. today-7i. */
		q.created_before = i ? clock_day_start(s->today - 7 * i + 1) : 0;
		if (i < STATS_AGE_BUCKETS - 1)
			q.created_since = clock_day_start(s->today - 7 * i - 6);
		if (count_open(st, &q, &s->by_age_week[i]) != 0)
			return -1;
	}
	return 0;
}

static int load_won_per_week(struct store *st, struct pipeline_stats *s)
{
	int64_t ago[STATS_WEEKS] = { 0 };
	time_t since = clock_day_start(s->today - 7 * STATS_WEEKS + 1);

	if (store_won_by_week(st, since, s->owner, s->today, ago, STATS_WEEKS) != 0)
		return -1;
	for (int i = 0; i < STATS_WEEKS; i++)
		s->won_per_week[STATS_WEEKS - 1 - i] = ago[i];
	return 0;
}

static void add_responses(struct pipeline_stats *s, const struct won_response *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct objection_stat *c = category_slot(s, r[i].category);
		if (c->responses_len == STATS_RESPONSES)
			continue;
		struct objection_response *out = &c->responses[c->responses_len++];
		out->response = xstrdup(r[i].response);
		out->times = r[i].times;
		out->last_at = r[i].last_at;
	}
}

static int compare_objections(const void *pa, const void *pb)
{
	const struct objection_stat *a = pa, *b = pb;

	if (a->raised != b->raised)
		return a->raised > b->raised ? -1 : 1;
	return strcmp(a->category, b->category);
}

static int load_objections(struct store *st, struct pipeline_stats *s, time_t since)
{
	struct category_objections *counts;
	struct won_response *responses;
	size_t n;

	each_listed(s, s->engine.rules.categories, add_category);
	if (store_objections_by_category(st, since, s->owner, &counts, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct objection_stat *c = category_slot(s, counts[i].category);
		c->raised = counts[i].raised;
		c->on_won = counts[i].on_won;
		c->on_lost = counts[i].on_lost;
		c->on_open = counts[i].on_open;
		c->has_won_rate = c->on_won + c->on_lost > 0;
		c->won_rate = ratio(c->on_won, c->on_won + c->on_lost);
		c->state_open = counts[i].state_open;
		c->state_acknowledged = counts[i].state_acknowledged;
		c->state_resolved = counts[i].state_resolved;
	}
	category_objections_free(counts, n);
	if (store_won_responses(st, since, s->owner, STATS_RESPONSES, &responses, &n) != 0)
		return -1;
	add_responses(s, responses, n);
	won_responses_free(responses, n);
	if (s->objections_len)
		qsort(s->objections, s->objections_len, sizeof(*s->objections), compare_objections);
	return 0;
}

static int load_lost_reasons(struct store *st, struct pipeline_stats *s, time_t since)
{
	struct name_count *reasons;
	size_t n;
	int64_t listed = 0;

	if (store_lost_reasons(st, since, s->owner, STATS_LOST_REASONS, &reasons, &n) != 0)
		return -1;
	s->lost_reasons = xcalloc(n ? n : 1, sizeof(*s->lost_reasons));
	for (size_t i = 0; i < n; i++) {
		s->lost_reasons[i].reason = reasons[i].name;
		reasons[i].name = NULL; /* moved */
		s->lost_reasons[i].deals = reasons[i].count;
		listed += reasons[i].count;
	}
	s->lost_reasons_len = n;
	s->lost_reasons_other = s->lost - listed;
	name_counts_free(reasons, n);
	return 0;
}

static int load_all(struct store *st, struct pipeline_stats *s)
{
	time_t since = clock_day_start(s->since_day);

	each_listed(s, s->engine.rules.channels, add_channel);
	if (load_closes(st, s, since) != 0 || load_leads(st, s, since) != 0)
		return -1;
	if (s->channels_len)
		qsort(s->channels, s->channels_len, sizeof(*s->channels), compare_channels);
	if (load_stages(st, s) != 0 || load_open_counts(st, s) != 0 ||
	    load_age_weeks(st, s) != 0 || load_won_per_week(st, s) != 0)
		return -1;
	if (load_objections(st, s, since) != 0 || load_lost_reasons(st, s, since) != 0)
		return -1;
	return 0;
}

int pipeline_stats_load(struct store *st, const struct stats_options *o,
			struct pipeline_stats *out)
{
	struct engine_options eo;

	memset(out, 0, sizeof(*out));
	out->bottleneck = -1;
	/* The team's thresholds, as on the board: neither the window nor
	 * the owner nor a personal display override changes what stalls. */
	engine_options_default(&eo);
	if (engine_load(&out->engine, st, &eo) != 0)
		return -1;
	out->today = out->engine.today;
	out->since_day = o->since_day != INT64_MIN
				 ? o->since_day
				 : out->today - out->engine.rules.cycle_window_days;
	out->owner = o->owner ? xstrdup(o->owner) : NULL;
	if (load_all(st, out) != 0) {
		pipeline_stats_free(out);
		return -1;
	}
	return 0;
}

void pipeline_stats_free(struct pipeline_stats *s)
{
	engine_free(&s->engine);
	free(s->owner);
	for (size_t i = 0; i < s->stages_len; i++)
		free(s->stages[i].name);
	free(s->stages);
	for (size_t i = 0; i < s->channels_len; i++)
		free(s->channels[i].channel);
	free(s->channels);
	for (size_t i = 0; i < s->objections_len; i++) {
		free(s->objections[i].category);
		for (size_t k = 0; k < s->objections[i].responses_len; k++)
			free(s->objections[i].responses[k].response);
	}
	free(s->objections);
	for (size_t i = 0; i < s->lost_reasons_len; i++)
		free(s->lost_reasons[i].reason);
	free(s->lost_reasons);
	memset(s, 0, sizeof(*s));
	s->bottleneck = -1;
}
