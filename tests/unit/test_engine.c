#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "plumb/clock.h"
#include "plumb/engine.h"
#include "plumb/util.h"
#include "test.h"

/* A deal that entered `age` days before today, open, in a stage. */
static struct deal open_deal(const struct engine *e, int64_t age)
{
	struct deal d;
	memset(&d, 0, sizeof(d));
	d.status = DEAL_OPEN;
	d.created_at = clock_day_start(e->today - age) + 3600;
	d.stage_entered_at = d.created_at;
	return d;
}

static struct engine engine_with(double average, bool known, int ideal)
{
	struct engine e;
	memset(&e, 0, sizeof(e));
	rules_defaults(&e.rules);
	e.today = clock_today();
	e.ideal_days = ideal;
	e.cycle.known = known;
	e.cycle.average_days = average;
	e.stall_after_days = known ? average : ideal;
	e.countdown_days = 3;
	return e;
}

/* Four won deals that took 40, 30, 60 and 70 days: average 50. */
TEST(seed_example_average_is_fifty)
{
	test_env("UTC", "2026-01-01T10:00:00");
	struct store *st = test_store("seed.db");
	const int cycles[] = { 40, 30, 60, 70 };
	int64_t ids[4];
	for (int i = 0; i < 4; i++) {
		char when[32];
		int64_t day = days_from_civil(2026, 1, 1) + 100 - cycles[i];
		clock_format_day(day, when, sizeof(when));
		strcat(when, "T09:00:00");
		test_env("UTC", when);
		ids[i] = test_add(st, "Won deal", 1);
	}
	test_env("UTC", "2026-04-11T15:00:00"); /* day 100 */
	for (int i = 0; i < 4; i++)
		CHECK(store_deal_close(st, ids[i], DEAL_WON, NULL) == 0);
	struct engine e;
	struct engine_options o;
	engine_options_default(&o);
	o.median = true;
	CHECK(engine_load(&e, st, &o) == 0);
	CHECK_INT(e.cycle.won, 4);
	CHECK(e.cycle.known);
	CHECK(e.cycle.average_days == 50.0);
	CHECK(e.cycle.median_days == 50.0);
	engine_free(&e);
	store_close(st);
}

TEST(cycle_is_unknown_below_min_won)
{
	test_env("UTC", "2026-01-01T10:00:00");
	struct store *st = test_store("few.db");
	int64_t a = test_add(st, "A", 1), b = test_add(st, "B", 1);
	test_env("UTC", "2026-01-21T10:00:00");
	CHECK(store_deal_close(st, a, DEAL_WON, NULL) == 0);
	CHECK(store_deal_close(st, b, DEAL_WON, NULL) == 0);
	struct engine e;
	struct engine_options o;
	engine_options_default(&o);
	CHECK(engine_load(&e, st, &o) == 0);
	CHECK_INT(e.cycle.won, 2);
	CHECK(!e.cycle.known);
	CHECK(e.stall_after_days == 14.0); /* the ideal stands in */
	engine_free(&e);
	store_close(st);
}

TEST(tier_boundaries)
{
	struct engine e = engine_with(50.0, true, 14);
	struct deal d;
	d = open_deal(&e, 14);
	CHECK_INT(engine_tier(&e, &d), TIER_FRESH); /* age == ideal */
	d = open_deal(&e, 15);
	CHECK_INT(engine_tier(&e, &d), TIER_AGING);
	d = open_deal(&e, 50);
	CHECK_INT(engine_tier(&e, &d), TIER_AGING); /* age == average */
	CHECK_INT(engine_days_to_stall(&e, &d), 1);
	d = open_deal(&e, 51);
	CHECK_INT(engine_tier(&e, &d), TIER_STALLED);
	d = open_deal(&e, 48);
	CHECK(engine_show_countdown(&e, &d)); /* stalls in 3 days */
	d = open_deal(&e, 47);
	CHECK(!engine_show_countdown(&e, &d));
	rules_clear(&e.rules);
}

TEST(fractional_average_stalls_after_floor)
{
	struct engine e = engine_with(50.5, true, 14);
	struct deal d = open_deal(&e, 50);
	CHECK_INT(engine_tier(&e, &d), TIER_AGING);
	d = open_deal(&e, 51);
	CHECK_INT(engine_tier(&e, &d), TIER_STALLED); /* 51 > 50.5 */
	rules_clear(&e.rules);
}

TEST(unknown_average_uses_ideal)
{
	struct engine e = engine_with(0, false, 14);
	struct deal d = open_deal(&e, 14);
	CHECK_INT(engine_tier(&e, &d), TIER_FRESH);
	d = open_deal(&e, 15);
	CHECK_INT(engine_tier(&e, &d), TIER_STALLED);
	rules_clear(&e.rules);
}

TEST(follow_up_flags)
{
	struct engine e = engine_with(50, true, 14);
	struct deal d = open_deal(&e, 10);
	struct followup_state fs;

	d.unanswered = 1;
	d.next_followup_at = clock_day_start(e.today);
	engine_followup(&e, &d, &fs);
	CHECK(fs.due && fs.due_today && !fs.overdue && !fs.persist);
	d.unanswered = 2;
	engine_followup(&e, &d, &fs);
	CHECK(fs.persist && !fs.qualify_out);
	d.unanswered = 5;
	engine_followup(&e, &d, &fs);
	CHECK(fs.persist && !fs.qualify_out);
	d.unanswered = 6; /* max_unanswered */
	engine_followup(&e, &d, &fs);
	CHECK(!fs.persist && fs.qualify_out);
	/* Due 3 days after a contact, overdue once more than 5 days passed. */
	d.next_followup_at = clock_day_start(e.today - 2);
	engine_followup(&e, &d, &fs);
	CHECK(fs.due && !fs.overdue);
	d.next_followup_at = clock_day_start(e.today - 3);
	engine_followup(&e, &d, &fs);
	CHECK(fs.overdue);
	d.next_followup_at = clock_day_start(e.today + 1);
	engine_followup(&e, &d, &fs);
	CHECK(!fs.due && !fs.overdue);
	rules_clear(&e.rules);
}

TEST(rotting_is_per_stage)
{
	struct engine e = engine_with(50, true, 14);
	struct deal d = open_deal(&e, 30);
	d.stage_rot_days = 10;
	d.stage_entered_at = clock_day_start(e.today - 10);
	CHECK(!engine_rotting(&e, &d));
	d.stage_entered_at = clock_day_start(e.today - 11);
	CHECK(engine_rotting(&e, &d));
	d.stage_rot_days = 0;
	CHECK(!engine_rotting(&e, &d));
	rules_clear(&e.rules);
}

TESTS(engine) = {
	{ "engine/seed_example_average_is_fifty", seed_example_average_is_fifty },
	{ "engine/cycle_is_unknown_below_min_won", cycle_is_unknown_below_min_won },
	{ "engine/tier_boundaries", tier_boundaries },
	{ "engine/fractional_average_stalls_after_floor", fractional_average_stalls_after_floor },
	{ "engine/unknown_average_uses_ideal", unknown_average_uses_ideal },
	{ "engine/follow_up_flags", follow_up_flags },
	{ "engine/rotting_is_per_stage", rotting_is_per_stage },
	END_TESTS,
};
