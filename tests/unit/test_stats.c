/*
 * Unit tests of the stats and standup engine: every rule with numbers
 * worked out by hand from a small pipeline built at known times.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/store_internal.h"
#include "helpers.h"
#include "plumb/clock.h"
#include "plumb/histogram.h"
#include "plumb/pipeline_stats.h"
#include "plumb/standup_report.h"
#include "plumb/util.h"
#include "test.h"

#define CHECK_NEAR(actual, expected)                                                    \
	do {                                                                            \
		double a_ = (actual), e_ = (expected);                                  \
		if (fabs(a_ - e_) > 1e-9) {                                             \
			fprintf(stderr, "  %s:%d: %s is %g, expected %g\n", __FILE__,    \
				__LINE__, #actual, a_, e_);                             \
			test_failures++;                                                \
		}                                                                       \
	} while (0)

static const char *zone = "UTC";

static void at(const char *when)
{
	test_env(zone, when);
}

static int64_t deal_at(struct store *st, const char *when, const char *title, int pos,
		       const char *owner, const char *channel, int64_t value_minor)
{
	struct deal_input in = { 0 };
	int64_t id = 0;

	at(when);
	in.title = title;
	DEAL_SET(&in, FIELD_TITLE);
	in.stage_id = test_stage_id(st, pos);
	DEAL_SET(&in, FIELD_STAGE);
	in.owner = owner;
	DEAL_SET(&in, FIELD_OWNER);
	in.channel = channel;
	DEAL_SET(&in, FIELD_CHANNEL);
	in.value_minor = value_minor;
	DEAL_SET(&in, FIELD_VALUE);
	if (store_deal_add(st, &in, &id) != 0) {
		fprintf(stderr, "  add %s: %s\n", title, err_msg());
		test_failures++;
	}
	return id;
}

static void close_at(struct store *st, int64_t id, const char *when, enum deal_status status,
		     const char *reason)
{
	at(when);
	if (store_deal_close(st, id, status, reason) != 0) {
		fprintf(stderr, "  close %lld: %s\n", (long long)id, err_msg());
		test_failures++;
	}
}

static void move_at(struct store *st, int64_t id, const char *when, int pos)
{
	at(when);
	if (store_deal_move(st, id, test_stage_id(st, pos)) != 0) {
		fprintf(stderr, "  move %lld: %s\n", (long long)id, err_msg());
		test_failures++;
	}
}

static void contact_at(struct store *st, int64_t id, const char *when, enum direction dir,
		       enum outcome outcome)
{
	struct activity_input in = { 0 };

	at(when);
	in.channel = "email";
	in.direction = dir;
	in.outcome = outcome;
	if (store_activity_add(st, id, &in, NULL) != 0) {
		fprintf(stderr, "  log %lld: %s\n", (long long)id, err_msg());
		test_failures++;
	}
}

static void next_followup(struct store *st, int64_t id, int y, int m, int d)
{
	struct deal_input in = { 0 };

	in.next_followup_day = days_from_civil(y, m, d);
	DEAL_SET(&in, FIELD_NEXT_FOLLOWUP);
	CHECK(store_deal_update(st, id, &in) == 0);
}

static void objection_at(struct store *st, int64_t id, const char *when, const char *category,
			 const char *said, const char *response, enum objection_state state)
{
	struct objection_input in = { 0 };

	at(when);
	in.category = category;
	in.said = said;
	in.response = response;
	in.state = state;
	CHECK(store_objection_add(st, id, &in, NULL) == 0);
}

/*
 * The hand-computed pipeline; today is Monday 2026-06-15 (UTC), the window
 * the rules' 365 days (from 2025-06-15).
 *
 * Won in the window (cycle days): W1 40 email ann 1,000.00; W2 30 email bob
 * 2,000.00; W3 60 phone ann 3,000.00; W4 70 phone ann 500.00. Won before
 * the window: W0. Lost: L1 email ann "price too high", L2 referral bob
 * "price too high", L3 referral ann "no budget".
 * So: win rate 4/7, average 50, median (40 + 60) / 2 = 50, stall after 50.
 *
 * Open (age, stage, days in stage):
 *   fresh    14 = ideal       Lead 14 (rots > 7)      ann  1,000.00  key account
 *   aging    50 = average     Demo 50 (rots > 10)     ann  2,000.00  2 unanswered
 *   stalled  51               Proposal 51 (> 14)      bob  3,000.00  6 unanswered
 *   back     26  Demo -> Proposal -> back to Demo 3 days ago  ann 1,000.00
 *   reopened 21  won, then reopened into Negotiation 7 days ago  bob 500.00
 */
struct fixture {
	struct store *st;
	int64_t w1, w2, w3, w4, w0, l1, l2, l3;
	int64_t fresh, aging, stalled, back, reopened;
};

static void build_closed(struct fixture *f)
{
	struct store *st = f->st;

	f->w0 = deal_at(st, "2025-01-01T10:00:00", "W0", 1, "ann", "email", 900000);
	close_at(st, f->w0, "2025-03-01T10:00:00", DEAL_WON, NULL);
	f->w1 = deal_at(st, "2026-05-01T10:00:00", "W1", 1, "ann", "email", 100000);
	f->w2 = deal_at(st, "2026-05-11T10:00:00", "W2", 1, "bob", "email", 200000);
	f->w3 = deal_at(st, "2026-04-01T10:00:00", "W3", 1, "ann", "phone", 300000);
	f->w4 = deal_at(st, "2026-03-01T10:00:00", "W4", 1, "ann", "phone", 50000);
	close_at(st, f->w1, "2026-06-10T10:00:00", DEAL_WON, NULL);
	close_at(st, f->w2, "2026-06-10T11:00:00", DEAL_WON, NULL);
	close_at(st, f->w3, "2026-05-31T10:00:00", DEAL_WON, NULL);
	close_at(st, f->w4, "2026-05-10T10:00:00", DEAL_WON, NULL);
	f->l1 = deal_at(st, "2026-05-01T10:00:00", "L1", 2, "ann", "email", 70000);
	f->l2 = deal_at(st, "2026-05-02T10:00:00", "L2", 2, "bob", "referral", 80000);
	f->l3 = deal_at(st, "2026-05-03T10:00:00", "L3", 2, "ann", "referral", 90000);
	close_at(st, f->l1, "2026-06-01T10:00:00", DEAL_LOST, "price too high");
	close_at(st, f->l2, "2026-06-02T10:00:00", DEAL_LOST, "price too high");
	close_at(st, f->l3, "2026-06-03T10:00:00", DEAL_LOST, "no budget");
}

static void build_open(struct fixture *f)
{
	struct store *st = f->st;
	struct deal_input key = { 0 };

	f->fresh = deal_at(st, "2026-06-01T09:00:00", "Fresh", 1, "ann", "email", 100000);
	key.key_account = true;
	DEAL_SET(&key, FIELD_KEY_ACCOUNT);
	CHECK(store_deal_update(st, f->fresh, &key) == 0);
	f->aging = deal_at(st, "2026-04-26T09:00:00", "Aging", 3, "ann", "website", 200000);
	f->stalled = deal_at(st, "2026-04-25T09:00:00", "Stalled", 4, "bob", "website", 300000);
	f->back = deal_at(st, "2026-05-20T09:00:00", "Back", 3, "ann", "phone", 100000);
	move_at(st, f->back, "2026-06-01T09:00:00", 4);
	move_at(st, f->back, "2026-06-12T09:00:00", 3);
	f->reopened = deal_at(st, "2026-05-25T09:00:00", "Reopened", 5, "bob", "event", 50000);
	close_at(st, f->reopened, "2026-06-05T09:00:00", DEAL_WON, NULL);
	move_at(st, f->reopened, "2026-06-08T09:00:00", 5);
}

/* Due today (fresh, aging), due yesterday (back), overdue (stalled). */
static void build_followups(struct fixture *f)
{
	struct store *st = f->st;

	contact_at(st, f->aging, "2026-06-11T09:00:00", DIR_OUTBOUND, OUTCOME_NO_RESPONSE);
	contact_at(st, f->aging, "2026-06-12T09:00:00", DIR_OUTBOUND, OUTCOME_NO_RESPONSE);
	for (int i = 0; i < 6; i++) {
		char when[32];
		snprintf(when, sizeof(when), "2026-05-%02dT09:00:00", 30 - 5 * (5 - i));
		contact_at(st, f->stalled, i == 5 ? "2026-06-05T09:00:00" : when, DIR_OUTBOUND,
			   OUTCOME_NO_RESPONSE);
	}
	contact_at(st, f->back, "2026-06-09T09:00:00", DIR_OUTBOUND, OUTCOME_NO_RESPONSE);
	contact_at(st, f->back, "2026-06-10T09:00:00", DIR_OUTBOUND, OUTCOME_REPLIED);
	contact_at(st, f->back, "2026-06-11T09:00:00", DIR_OUTBOUND, OUTCOME_NO_RESPONSE);
	at("2026-06-15T10:00:00");
	next_followup(st, f->fresh, 2026, 6, 15);
	next_followup(st, f->reopened, 2026, 6, 20);
}

static void build_objections(struct fixture *f)
{
	struct store *st = f->st;

	objection_at(st, f->w1, "2026-05-20T09:00:00", "price", "Too expensive", "Showed ROI",
		     OBJ_RESOLVED);
	objection_at(st, f->w2, "2026-05-25T09:00:00", "price", "Over budget", "Showed ROI",
		     OBJ_RESOLVED);
	objection_at(st, f->w3, "2026-05-10T09:00:00", "price", "Pricey",
		     "Offered annual discount", OBJ_RESOLVED);
	objection_at(st, f->l1, "2026-05-15T09:00:00", "price", "Too much", "", OBJ_OPEN);
	objection_at(st, f->aging, "2026-06-01T09:00:00", "timing", "Next quarter", "",
		     OBJ_ACKNOWLEDGED);
	objection_at(st, f->w0, "2025-02-01T09:00:00", "price", "Old one", "Old answer",
		     OBJ_RESOLVED);
}

static struct store *build(struct fixture *f, const char *name)
{
	zone = "UTC";
	memset(f, 0, sizeof(*f));
	f->st = test_store(name);
	build_closed(f);
	build_open(f);
	build_followups(f);
	build_objections(f);
	at("2026-06-15T10:00:00");
	return f->st;
}

static int load(struct store *st, const char *owner, struct pipeline_stats *s)
{
	struct stats_options o;

	stats_options_default(&o);
	o.owner = owner;
	if (pipeline_stats_load(st, &o, s) != 0) {
		fprintf(stderr, "  stats: %s\n", err_msg());
		test_failures++;
		return -1;
	}
	return 0;
}

/* Lookups by name; a missing one fails the test and reads as all zeros. */
static const struct stage_stat *stage_named(const struct pipeline_stats *s, const char *name)
{
	static const struct stage_stat none;
	for (size_t i = 0; i < s->stages_len; i++)
		if (strcmp(s->stages[i].name, name) == 0)
			return &s->stages[i];
	fprintf(stderr, "  no stage %s\n", name);
	test_failures++;
	return &none;
}

static const struct channel_stat *channel_named(const struct pipeline_stats *s,
						const char *name)
{
	static const struct channel_stat none;
	for (size_t i = 0; i < s->channels_len; i++)
		if (strcmp(s->channels[i].channel, name) == 0)
			return &s->channels[i];
	fprintf(stderr, "  no channel %s\n", name);
	test_failures++;
	return &none;
}

static const struct objection_stat *category_named(const struct pipeline_stats *s,
						   const char *name)
{
	static const struct objection_stat none;
	for (size_t i = 0; i < s->objections_len; i++)
		if (strcmp(s->objections[i].category, name) == 0)
			return &s->objections[i];
	fprintf(stderr, "  no category %s\n", name);
	test_failures++;
	return &none;
}

TEST(histogram_median_odd_even_empty)
{
	struct day_histogram h = { 0 };

	CHECK_NEAR(day_histogram_median(&h), 0);
	day_histogram_add(&h, 30);
	day_histogram_add(&h, 70);
	day_histogram_add(&h, 40);
	CHECK_NEAR(day_histogram_median(&h), 40); /* 30 40 70 */
	day_histogram_add(&h, 60);
	CHECK_NEAR(day_histogram_median(&h), 50); /* 30 40 | 60 70 */
	day_histogram_add(&h, -5);                /* counts as 0 */
	CHECK_NEAR(day_histogram_median(&h), 40);
	struct day_histogram other = { 0 };
	day_histogram_add(&other, 1000);
	day_histogram_add(&other, 1000);
	day_histogram_merge(&h, &other);
	CHECK_INT(h.total, 7);
	CHECK_NEAR(day_histogram_median(&h), 60); /* 0 30 40 60 70 1000 1000 */
	day_histogram_clear(&other);
	day_histogram_clear(&h);
}

TEST(forecast_rounds_half_up_without_overflow)
{
	CHECK_INT(stats_forecast_minor(100000, 10), 10000);
	CHECK_INT(stats_forecast_minor(12345, 10), 1235);  /* 1234.5 -> 1235 */
	CHECK_INT(stats_forecast_minor(12344, 10), 1234);  /* 1234.4 */
	CHECK_INT(stats_forecast_minor(99, 50), 50);       /* 49.5 */
	CHECK_INT(stats_forecast_minor(0, 80), 0);
	CHECK_INT(stats_forecast_minor(777, 100), 777);
	CHECK_INT(stats_forecast_minor(INT64_MAX / 100 * 100, 100), INT64_MAX / 100 * 100);
}

TEST(bottleneck_is_the_longest_wait_relative_to_norm)
{
	struct stage_stat st[4];

	memset(st, 0, sizeof(st));
	st[0] = (struct stage_stat){ .deals = 5, .has_median = true, .wait_ratio = 2.0 };
	st[1] = (struct stage_stat){ .deals = 1, .has_median = true, .wait_ratio = 2.5 };
	st[2] = (struct stage_stat){ .deals = 9, .has_median = true, .wait_ratio = 2.5 };
	st[3] = (struct stage_stat){ .deals = 0, .has_median = false, .wait_ratio = 9 };
	CHECK_INT(stats_pick_bottleneck(st, 4), 2); /* tie on 2.5: more deals wins */
	CHECK(st[2].bottleneck && !st[1].bottleneck && !st[3].bottleneck);
	st[2].deals = 1;
	CHECK_INT(stats_pick_bottleneck(st, 4), 1); /* full tie: the earlier stage */
	CHECK(!st[2].bottleneck);
	for (int i = 0; i < 4; i++)
		st[i].wait_ratio = 0;
	CHECK_INT(stats_pick_bottleneck(st, 4), -1); /* nobody waits: no bottleneck */
	CHECK_INT(stats_pick_bottleneck(st, 0), -1);
}

TEST(standup_looks_back_to_the_last_working_day)
{
	int64_t mon = days_from_civil(2026, 6, 15);

	CHECK_INT(standup_since_day(mon), days_from_civil(2026, 6, 12));     /* Friday */
	CHECK_INT(standup_since_day(mon + 1), mon);                          /* Tuesday */
	CHECK_INT(standup_since_day(mon + 4), mon + 3);                      /* Friday */
	CHECK_INT(standup_since_day(mon + 5), mon + 4);                      /* Saturday */
	CHECK_INT(standup_since_day(mon + 6), mon + 4);                      /* Sunday */
	/* Across the year end: Monday 2027-01-04 looks back to New Year's Friday. */
	CHECK_INT(standup_since_day(days_from_civil(2027, 1, 4)), days_from_civil(2027, 1, 1));
	CHECK_INT(standup_since_day(days_from_civil(2026, 1, 1)), days_from_civil(2025, 12, 31));
}

TEST(win_rate_and_cycle_over_the_window)
{
	struct fixture f;
	struct pipeline_stats s;
	struct store *st = build(&f, "window.db");

	if (load(st, NULL, &s) == 0) {
		CHECK_INT(s.since_day, days_from_civil(2025, 6, 15));
		CHECK_INT(s.won, 4); /* W0 closed before the window; the reopened one is open */
		CHECK_INT(s.lost, 3);
		CHECK(s.has_win_rate);
		CHECK_NEAR(s.win_rate, 4.0 / 7.0);
		CHECK_INT(s.won_value_minor, 650000);
		CHECK(s.cycle.known);
		CHECK_INT(s.cycle.total_days, 200);
		CHECK_NEAR(s.cycle.average_days, 50);
		CHECK_NEAR(s.cycle.median_days, 50); /* 30 40 | 60 70 */
		CHECK_NEAR(s.engine.stall_after_days, 50);
		pipeline_stats_free(&s);
	}
	/* A later window start keeps only W1 and W2 (closed 2026-06-10): too
	 * few to trust, but counted. */
	struct stats_options o;
	stats_options_default(&o);
	o.since_day = days_from_civil(2026, 6, 4);
	CHECK(pipeline_stats_load(st, &o, &s) == 0);
	CHECK_INT(s.won, 2);
	CHECK_INT(s.lost, 0);
	CHECK(!s.cycle.known);
	CHECK_NEAR(s.win_rate, 1.0);
	CHECK_NEAR(s.engine.stall_after_days, 50); /* the stall threshold keeps the team's */
	pipeline_stats_free(&s);
	store_close(st);
}

TEST(forecast_stages_and_bottleneck)
{
	struct fixture f;
	struct pipeline_stats s;
	struct store *st = build(&f, "stages.db");

	if (load(st, NULL, &s) == 0) {
		CHECK_INT(s.open_deals, 5);
		CHECK_INT(s.open_value_minor, 750000);
		/* 10% of 1,000 + 40% of 3,000 + 60% of 3,000 + 80% of 500 */
		CHECK_INT(s.forecast_minor, 10000 + 120000 + 180000 + 40000);
		const struct stage_stat *lead = stage_named(&s, "Lead"),
					*demo = stage_named(&s, "Demo"),
					*prop = stage_named(&s, "Proposal"),
					*nego = stage_named(&s, "Negotiation");
		{
			CHECK_INT(lead->deals, 1);
			CHECK_NEAR(lead->median_days, 14);
			CHECK_INT(demo->deals, 2);
			CHECK_INT(demo->value_minor, 300000);
			CHECK_NEAR(demo->median_days, (50 + 3) / 2.0); /* even count */
			CHECK_NEAR(prop->median_days, 51);
			CHECK_NEAR(prop->wait_ratio, 51.0 / 14.0);
			CHECK_NEAR(nego->median_days, 7);
			CHECK(prop->bottleneck);
			CHECK(!demo->bottleneck);
			CHECK_INT(s.bottleneck, prop->position - 1);
			CHECK(!stage_named(&s, "Contract")->has_median);
		}
		pipeline_stats_free(&s);
	}
	store_close(st);
}

TEST(tiers_rotting_and_flags_at_the_boundaries)
{
	struct fixture f;
	struct pipeline_stats s;
	struct store *st = build(&f, "tiers.db");

	if (load(st, NULL, &s) == 0) {
		CHECK_INT(s.fresh, 1);   /* age 14 == ideal is still fresh */
		CHECK_INT(s.aging, 3);   /* 50 == average is aging; 26; the reopened 21 */
		CHECK_INT(s.stalled, 1); /* 51 > 50 */
		/* Lead 14 > 7, Demo 50 > 10, Proposal 51 > 14; the deal moved back
		 * into Demo counts from its re-entry 3 days ago. */
		CHECK_INT(s.rotting, 3);
		CHECK_INT(stage_named(&s, "Demo")->rotting, 1);
		CHECK_INT(stage_named(&s, "Negotiation")->rotting, 0);
		CHECK_INT(s.key_accounts, 1);
		CHECK_INT(s.followups.due, 4);       /* fresh, aging today; back; stalled */
		CHECK_INT(s.followups.due_today, 2);
		CHECK_INT(s.followups.overdue, 1);   /* due 06-08, grace 2 days */
		CHECK_INT(s.followups.persist, 1);   /* exactly 2; "back" had a reply between */
		CHECK_INT(s.followups.qualify_out, 1); /* exactly max_unanswered = 6 */
		/* Ages 14, 50, 51, 26, 21 in weeks 2, 7+, 7+, 3, 3. */
		const int64_t weeks[STATS_AGE_BUCKETS] = { 0, 0, 1, 2, 0, 0, 0, 2 };
		for (int i = 0; i < STATS_AGE_BUCKETS; i++)
			CHECK_INT(s.by_age_week[i], weeks[i]);
		/* W1, W2 this week; W3 (05-31) 2 weeks back; W4 (05-10) 5 back. */
		CHECK_INT(s.won_per_week[STATS_WEEKS - 1], 2);
		CHECK_INT(s.won_per_week[STATS_WEEKS - 2], 0);
		CHECK_INT(s.won_per_week[STATS_WEEKS - 3], 1);
		CHECK_INT(s.won_per_week[STATS_WEEKS - 6], 1);
		pipeline_stats_free(&s);
	}
	store_close(st);
}

TEST(reopened_deal_counts_as_open_again)
{
	struct fixture f;
	struct pipeline_stats s;
	struct deal d;
	struct store *st = build(&f, "reopened.db");

	CHECK(store_deal_get(st, f.reopened, &d) == 0);
	CHECK_INT(d.status, DEAL_OPEN);
	CHECK_INT(d.cycle_days, 0);
	deal_clear(&d);
	/* Closing it again counts its cycle from the first entry: 06-15 - 05-25. */
	close_at(st, f.reopened, "2026-06-15T10:00:00", DEAL_WON, NULL);
	if (load(st, NULL, &s) == 0) {
		CHECK_INT(s.won, 5);
		CHECK_INT(s.cycle.total_days, 200 + 21);
		CHECK_NEAR(s.cycle.median_days, 40); /* 21 30 40 60 70 */
		CHECK_INT(s.open_deals, 4);
		pipeline_stats_free(&s);
	}
	store_close(st);
}

TEST(channels_close_the_loop)
{
	struct fixture f;
	struct pipeline_stats s;
	struct store *st = build(&f, "channels.db");

	if (load(st, NULL, &s) == 0) {
		const struct channel_stat *email = channel_named(&s, "email"),
					  *phone = channel_named(&s, "phone"),
					  *ref = channel_named(&s, "referral"),
					  *fb = channel_named(&s, "facebook");
		{
			CHECK_INT(email->leads_in, 4); /* W1 W2 L1 Fresh; W0 is too old */
			CHECK_INT(email->won, 2);
			CHECK_INT(email->lost, 1);
			CHECK_NEAR(email->win_rate, 2.0 / 3.0);
			CHECK_INT(email->won_value_minor, 300000);
			CHECK_NEAR(email->median_cycle_days, 35); /* 30, 40 */
			CHECK_INT(phone->leads_in, 3);            /* W3 W4 Back */
			CHECK_NEAR(phone->median_cycle_days, 65);
			CHECK_NEAR(phone->win_rate, 1.0);
			CHECK_INT(ref->won, 0);
			CHECK(ref->has_win_rate && ref->win_rate == 0);
			CHECK(!ref->has_median_cycle);
			CHECK(!fb->has_win_rate); /* a configured channel with nothing yet */
			CHECK_INT(fb->leads_in, 0);
		}
		/* By value won: phone 3,500, email 3,000. */
		CHECK(s.channels_len >= 2 && strcmp(s.channels[0].channel, "phone") == 0 &&
		      strcmp(s.channels[1].channel, "email") == 0);
		pipeline_stats_free(&s);
	}
	store_close(st);
}

TEST(objection_cheat_sheet)
{
	struct fixture f;
	struct pipeline_stats s;
	struct store *st = build(&f, "objections.db");

	if (load(st, NULL, &s) == 0) {
		const struct objection_stat *price = category_named(&s, "price"),
					    *timing = category_named(&s, "timing");
		{
			CHECK_INT(price->raised, 4); /* the 2025-02 one is outside the window */
			CHECK_INT(price->on_won, 3);
			CHECK_INT(price->on_lost, 1);
			CHECK_NEAR(price->won_rate, 0.75);
			CHECK_INT(price->state_resolved, 3);
			CHECK_INT(price->state_open, 1);
			CHECK_INT(price->responses_len, 2);
			CHECK_STR(price->responses[0].response, "Showed ROI");
			CHECK_INT(price->responses[0].times, 2);
			CHECK_INT(clock_day(price->responses[0].last_at), days_from_civil(2026, 5, 25));
			CHECK_STR(price->responses[1].response, "Offered annual discount");
			CHECK_INT(timing->raised, 1);
			CHECK_INT(timing->on_open, 1);
			CHECK_INT(timing->state_acknowledged, 1);
			CHECK(!timing->has_won_rate);
			CHECK_INT(timing->responses_len, 0);
		}
		CHECK_INT(s.objections_len, 7); /* every configured category */
		CHECK(s.objections_len && strcmp(s.objections[0].category, "price") == 0);
		CHECK_INT(s.lost_reasons_len, 2);
		if (s.lost_reasons_len == 2) {
			CHECK_STR(s.lost_reasons[0].reason, "price too high");
			CHECK_INT(s.lost_reasons[0].deals, 2);
			CHECK_STR(s.lost_reasons[1].reason, "no budget");
		}
		CHECK_INT(s.lost_reasons_other, 0);
		pipeline_stats_free(&s);
	}
	store_close(st);
}

TEST(owner_filter_keeps_team_thresholds)
{
	struct fixture f;
	struct pipeline_stats s;
	struct store *st = build(&f, "owner.db");

	if (load(st, "ann", &s) == 0) {
		CHECK_INT(s.won, 3); /* W1 40, W3 60, W4 70 */
		CHECK_INT(s.lost, 2);
		CHECK_NEAR(s.cycle.median_days, 60); /* odd count */
		CHECK_NEAR(s.cycle.average_days, 170.0 / 3.0);
		CHECK_NEAR(s.engine.stall_after_days, 50); /* the team's, as on the board */
		CHECK_INT(s.open_deals, 3);
		CHECK_INT(s.fresh, 1);
		CHECK_INT(s.aging, 2);
		CHECK_INT(s.stalled, 0);
		CHECK_INT(s.followups.persist, 1);
		CHECK_INT(s.followups.qualify_out, 0);
		CHECK_INT(category_named(&s, "price")->raised, 3);
		pipeline_stats_free(&s);
	}
	if (load(st, "nobody", &s) == 0) {
		CHECK_INT(s.won, 0);
		CHECK(!s.has_win_rate);
		CHECK_INT(s.open_deals, 0);
		CHECK_INT(s.bottleneck, -1);
		pipeline_stats_free(&s);
	}
	store_close(st);
}

/* The fixture's Monday: since Friday 2026-06-12. */
TEST(standup_counts_and_lists)
{
	struct fixture f;
	struct standup s;
	struct standup_options o;
	struct store *st = build(&f, "standup.db");

	move_at(st, f.reopened, "2026-06-13T09:00:00", 6);   /* Saturday: bob */
	move_at(st, f.aging, "2026-06-11T23:59:00", 4);      /* Thursday: too early */
	close_at(st, f.fresh, "2026-06-14T12:00:00", DEAL_WON, NULL); /* Sunday: ann */
	at("2026-06-15T10:00:00");
	standup_options_default(&o);
	o.list_limit = 1;
	CHECK(standup_load(st, &o, &s) == 0);
	CHECK_INT(s.since_day, days_from_civil(2026, 6, 12));
	CHECK_INT(s.owners_len, 2);
	if (s.owners_len != 2) {
		standup_free(&s);
		store_close(st);
		return;
	}
	CHECK_STR(s.owners[0].owner, "ann");
	CHECK_INT(s.owners[0].counts.moved, 1);  /* back into Demo on Friday */
	CHECK_INT(s.owners[0].counts.won, 1);
	CHECK_INT(s.owners[0].counts.won_value_minor, 100000);
	CHECK_INT(s.owners[1].counts.moved, 1);
	CHECK_INT(s.team.moved, 2);
	CHECK_INT(s.team.overdue, 1);
	/* Fresh won in 13 days: the average drops to 213 / 5 = 42.6, so
	 * "aging" (50 days) has stalled too. */
	CHECK_INT(s.team.stalled, 2);
	CHECK_INT(s.team.objections, 1); /* the acknowledged one on an open deal */
	CHECK_INT(s.team.due_today, 1);  /* "aging"; "fresh" is won now */
	CHECK_INT(s.team.due, 2);        /* and "back", due yesterday */
	struct standup_page p;
	CHECK(standup_page_load(st, &s, 0, &p) == 0);
	CHECK_INT(p.moved_len, 1);
	if (p.moved_len == 1) {
		CHECK_STR(p.moved[0].deal_title, "Back");
		CHECK_STR(p.moved[0].history.from_stage_name, "Proposal");
		CHECK_STR(p.moved[0].history.to_stage_name, "Demo");
	}
	CHECK_INT(p.won.len, 1);
	CHECK_INT(p.due.len, 1); /* limit 1 of 2: "and 1 more" */
	CHECK_INT(p.counts.due, 2);
	if (p.due.len == 1)
		CHECK_STR(p.due.items[0].title, "Back"); /* longest waiting first */
	CHECK_INT(p.objections_len, 1);
	if (p.objections_len == 1)
		CHECK_STR(p.objections[0].deal_title, "Aging");
	standup_page_free(&p);
	standup_free(&s);
	/* One owner's page still carries the team's summary. */
	o.owner = "bob";
	CHECK(standup_load(st, &o, &s) == 0);
	CHECK_INT(s.owners_len, 1);
	if (s.owners_len == 1)
		CHECK_INT(s.owners[0].counts.stalled, 1);
	CHECK_INT(s.team.moved, 2);
	standup_free(&s);
	store_close(st);
}

/* Moves around the DST changes of America/New_York, and a year end. */
static int64_t moved_count(struct store *st, const char *now)
{
	struct standup s;
	struct standup_options o;
	int64_t n = -1;

	at(now);
	standup_options_default(&o);
	if (standup_load(st, &o, &s) == 0) {
		n = s.team.moved;
		standup_free(&s);
	}
	return n;
}

TEST(standup_since_across_dst_and_year_end)
{
	zone = "America/New_York";
	struct store *st = test_store("dst.db");
	int64_t id = deal_at(st, "2026-03-01T10:00:00", "Spring", 1, "ann", "email", 0);

	move_at(st, id, "2026-03-05T23:59:00", 2); /* Thursday night: before */
	move_at(st, id, "2026-03-06T00:00:00", 3); /* Friday's first second */
	move_at(st, id, "2026-03-08T03:30:00", 4); /* Sunday, just after 02:00 -> 03:00 */
	CHECK_INT(moved_count(st, "2026-03-09T09:00:00"), 2);
	CHECK_INT(clock_day_start(days_from_civil(2026, 3, 6)), 1772773200); /* 05:00Z, EST */
	move_at(st, id, "2026-10-29T23:59:00", 5); /* Thursday */
	move_at(st, id, "2026-11-01T01:30:00", 6); /* the repeated hour, Sunday */
	CHECK_INT(moved_count(st, "2026-11-02T08:00:00"), 1);
	/* Monday 2027-01-04 looks back to Friday 2027-01-01. */
	move_at(st, id, "2026-12-31T23:30:00", 5);
	move_at(st, id, "2027-01-01T00:30:00", 4);
	CHECK_INT(moved_count(st, "2027-01-04T09:00:00"), 1);
	store_close(st);
	zone = "UTC";
}

TEST(cycle_and_age_across_dst_and_year_end)
{
	zone = "America/New_York";
	struct store *st = test_store("dstcycle.db");
	struct pipeline_stats s;

	/* 23:30 on Saturday before the spring change, won just after the
	 * change on Monday: two calendar days, though 47 hours passed. */
	int64_t a = deal_at(st, "2026-03-07T23:30:00", "A", 1, "ann", "email", 0);
	close_at(st, a, "2026-03-09T00:30:00", DEAL_WON, NULL);
	/* Across the autumn change and the year end. */
	int64_t b = deal_at(st, "2026-10-31T23:00:00", "B", 1, "ann", "email", 0);
	close_at(st, b, "2026-11-02T00:15:00", DEAL_WON, NULL);
	int64_t c = deal_at(st, "2026-12-30T22:00:00", "C", 1, "ann", "email", 0);
	close_at(st, c, "2027-01-02T01:00:00", DEAL_WON, NULL);
	deal_at(st, "2026-12-31T23:59:00", "Open", 1, "ann", "email", 0);
	at("2027-01-02T08:00:00");
	if (load(st, NULL, &s) == 0) {
		CHECK_INT(s.won, 3);
		CHECK_INT(s.cycle.total_days, 2 + 2 + 3);
		CHECK_NEAR(s.cycle.median_days, 2);
		CHECK_INT(s.by_age_week[0], 1); /* age 2 */
		CHECK_INT(s.won_per_week[STATS_WEEKS - 1], 1);
		pipeline_stats_free(&s);
	}
	store_close(st);
	zone = "UTC";
}

/*
 * The query plan of every statement the stats and the standup run: each
 * reads deals, history and objections through an index (SQLite has no
 * statistics here, so the plans are the ones a million deals get).
 * PLUMB_PRINT_PLANS=1 prints them.
 */
struct traced {
	char *sql[128];
	size_t len;
};

static int trace_statement(unsigned type, void *ctx, void *p, void *x)
{
	struct traced *t = ctx;
	const char *sql = sqlite3_sql(p);
	(void)type;
	(void)x;
	if (!sql || strncmp(sql, "SELECT", 6) != 0 || t->len == ARRAY_LEN(t->sql))
		return 0;
	for (size_t i = 0; i < t->len; i++)
		if (strcmp(t->sql[i], sql) == 0)
			return 0;
	t->sql[t->len++] = xstrdup(sql);
	return 0;
}

/* A full scan of a big table: "SCAN d", "SCAN deals" without "USING". */
static bool scans_table(const char *detail)
{
	static const char *const big[] = { "deals", "d", "stage_history", "h", "activities",
					   "objections", "o" };
	if (strncmp(detail, "SCAN ", 5) != 0 || strstr(detail, " USING "))
		return false;
	for (size_t i = 0; i < ARRAY_LEN(big); i++)
		if (strcmp(detail + 5, big[i]) == 0)
			return true;
	return false;
}

static void check_plan(sqlite3 *db, const char *sql, bool print)
{
	char *explain = xasprintf("EXPLAIN QUERY PLAN %s", sql);
	sqlite3_stmt *stmt = NULL;

	if (sqlite3_prepare_v2(db, explain, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "  cannot explain %s: %s\n", sql, sqlite3_errmsg(db));
		test_failures++;
	}
	if (print)
		printf("%s\n", sql);
	while (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(stmt, 3);
		if (print)
			printf("    %s\n", detail);
		if (scans_table(detail)) {
			fprintf(stderr, "  full scan (%s) in: %s\n", detail, sql);
			test_failures++;
		}
	}
	sqlite3_finalize(stmt);
	free(explain);
}

TEST(every_aggregate_reads_through_an_index)
{
	struct fixture f;
	struct pipeline_stats s;
	struct standup su;
	struct standup_options o;
	struct traced t = { .len = 0 };
	struct store *st = build(&f, "plans.db");
	bool print = getenv("PLUMB_PRINT_PLANS") != NULL;

	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, trace_statement, &t);
	if (load(st, NULL, &s) == 0)
		pipeline_stats_free(&s);
	if (load(st, "ann", &s) == 0)
		pipeline_stats_free(&s);
	standup_options_default(&o);
	if (standup_load(st, &o, &su) == 0) {
		for (size_t i = 0; i < su.owners_len; i++) {
			struct standup_page p;
			if (standup_page_load(st, &su, i, &p) == 0)
				standup_page_free(&p);
		}
		standup_free(&su);
	}
	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	CHECK(t.len >= 20);
	for (size_t i = 0; i < t.len; i++) {
		check_plan(st->db, t.sql[i], print);
		free(t.sql[i]);
	}
	store_close(st);
}

TESTS(stats) = {
	{ "stats/histogram_median_odd_even_empty", histogram_median_odd_even_empty },
	{ "stats/forecast_rounds_half_up_without_overflow", forecast_rounds_half_up_without_overflow },
	{ "stats/bottleneck_is_the_longest_wait_relative_to_norm",
	  bottleneck_is_the_longest_wait_relative_to_norm },
	{ "stats/standup_looks_back_to_the_last_working_day",
	  standup_looks_back_to_the_last_working_day },
	{ "stats/win_rate_and_cycle_over_the_window", win_rate_and_cycle_over_the_window },
	{ "stats/forecast_stages_and_bottleneck", forecast_stages_and_bottleneck },
	{ "stats/tiers_rotting_and_flags_at_the_boundaries",
	  tiers_rotting_and_flags_at_the_boundaries },
	{ "stats/reopened_deal_counts_as_open_again", reopened_deal_counts_as_open_again },
	{ "stats/channels_close_the_loop", channels_close_the_loop },
	{ "stats/objection_cheat_sheet", objection_cheat_sheet },
	{ "stats/owner_filter_keeps_team_thresholds", owner_filter_keeps_team_thresholds },
	{ "stats/standup_counts_and_lists", standup_counts_and_lists },
	{ "stats/standup_since_across_dst_and_year_end", standup_since_across_dst_and_year_end },
	{ "stats/cycle_and_age_across_dst_and_year_end", cycle_and_age_across_dst_and_year_end },
	{ "stats/every_aggregate_reads_through_an_index", every_aggregate_reads_through_an_index },
	END_TESTS,
};
