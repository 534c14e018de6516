/* The stats screen: the engine's numbers, with bar charts to look at. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/lines.h"
#include "plumb/pipeline_stats.h"
#include "plumb/report_out.h"
#include "plumb/tui.h"
#include "plumb/util.h"

#define LABEL 16

static int64_t max_of(const int64_t *v, size_t n)
{
	int64_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

static double share(int64_t part, int64_t whole)
{
	return whole > 0 ? (double)part / (double)whole : 0;
}

static void summary(struct app *app, struct lines *ls, const struct pipeline_stats *s)
{
	const char *sym = app->cfg->currency_symbol;
	char a[48], b[48], c[48];

	lines_add_text(ls, UI_HEADER, 0, "Sales cycle and forecast");
	if (s->cycle.known) {
		report_days(s->cycle.average_days, 1, a, sizeof(a));
		report_days(s->cycle.median_days, 1, b, sizeof(b));
		lines_add(ls, UI_NORMAL, 2, "Average cycle %s days (median %s) over %lld won deals; "
			  "ideal %d days", a, b, (long long)s->cycle.won, s->engine.ideal_days);
	} else {
		lines_add(ls, UI_NORMAL, 2, "Average cycle unknown: %lld won deals, %d needed; the "
			  "ideal of %d days stands in", (long long)s->cycle.won,
			  s->engine.rules.min_won_deals, s->engine.ideal_days);
	}
	if (s->has_win_rate)
		report_percent(s->win_rate, a, sizeof(a));
	lines_add(ls, UI_NORMAL, 2, "Win rate %s (%lld won, %lld lost)",
		  s->has_win_rate ? a : "-", (long long)s->won, (long long)s->lost);
	report_money(sym, s->open_value_minor, 14, a, sizeof(a));
	report_money(sym, s->forecast_minor, 14, b, sizeof(b));
	report_money(sym, s->won_value_minor, 14, c, sizeof(c));
	lines_add(ls, UI_NORMAL, 2, "Open %lld deals worth %s; weighted forecast %s; won %s",
		  (long long)s->open_deals, a, b, c);
	lines_add_text(ls, UI_NORMAL, 0, "");
}

static void funnel(struct app *app, struct lines *ls, const struct pipeline_stats *s)
{
	int64_t most = 0;
	char value[48], label[80], days[24];

	for (size_t i = 0; i < s->stages_len; i++)
		if (s->stages[i].deals > most)
			most = s->stages[i].deals;
	lines_add_text(ls, UI_HEADER, 0, "Funnel by stage (deals, value, median days in stage)");
	for (size_t i = 0; i < s->stages_len; i++) {
		const struct stage_stat *st = &s->stages[i];
		report_money(app->cfg->currency_symbol, st->value_minor, 10, value, sizeof(value));
		if (st->has_median)
			report_days(st->median_days, 0, days, sizeof(days));
		int n = snprintf(label, sizeof(label), "%lld  %s  %sd", (long long)st->deals, value,
				 st->has_median ? days : "-");
		if (st->rotting && n > 0 && (size_t)n < sizeof(label))
			n += snprintf(label + n, sizeof(label) - (size_t)n, "  %lld rotting",
				      (long long)st->rotting);
		if (st->bottleneck && n > 0 && (size_t)n < sizeof(label))
			snprintf(label + n, sizeof(label) - (size_t)n, "  <- bottleneck");
		lines_add_bar(ls, 2, st->name, LABEL, share(st->deals, most),
			      st->bottleneck ? UI_STALLED : UI_BAR, label);
	}
	if (s->bottleneck >= 0) {
		const struct stage_stat *st = &s->stages[s->bottleneck];
		char ratio[24];
		report_days(st->wait_ratio, 1, ratio, sizeof(ratio));
		lines_add(ls, UI_STALLED, 2, "Bottleneck: deals wait %sx their norm of %d days in "
			  "this stage", ratio, st->norm_days);
		lines_add_text(ls, UI_STALLED, 4, st->name);
	}
	lines_add_text(ls, UI_NORMAL, 0, "");
}

static void aging(struct lines *ls, const struct pipeline_stats *s)
{
	int64_t most = max_of(s->by_age_week, STATS_AGE_BUCKETS);
	int ideal_week = s->engine.ideal_days / 7;
	int stall_week = (int)(s->engine.stall_after_days / 7);
	char label[32], value[64];

	lines_add(ls, UI_HEADER, 0, "Aging of open deals: %lld fresh, %lld aging, %lld stalled",
		  (long long)s->fresh, (long long)s->aging, (long long)s->stalled);
	for (int w = 0; w < STATS_AGE_BUCKETS; w++) {
		if (w == STATS_AGE_BUCKETS - 1)
			snprintf(label, sizeof(label), "%d+ days", w * 7);
		else
			snprintf(label, sizeof(label), "%d-%d days", w * 7, w * 7 + 6);
		snprintf(value, sizeof(value), "%lld%s%s", (long long)s->by_age_week[w],
			 w == ideal_week ? "  <- ideal" : "",
			 w == stall_week ? (s->cycle.known ? "  <- average" : "  <- stalls") : "");
		enum ui_element el = w > stall_week ? UI_STALLED : w > ideal_week ? UI_AGING : UI_BAR;
		lines_add_bar(ls, 2, label, LABEL, share(s->by_age_week[w], most), el, value);
	}
	lines_add_text(ls, UI_NORMAL, 0, "");
}

static void followups(struct lines *ls, const struct pipeline_stats *s)
{
	const struct followup_health *f = &s->followups;
	lines_add_text(ls, UI_HEADER, 0, "Follow-up health");
	lines_add(ls, UI_NORMAL, 2, "%lld due (%lld today), %lld overdue, %lld persist, "
		  "%lld qualify-out, %lld rotting", (long long)f->due, (long long)f->due_today,
		  (long long)f->overdue, (long long)f->persist, (long long)f->qualify_out,
		  (long long)s->rotting);
	lines_add_text(ls, UI_NORMAL, 0, "");
}

static void won_weeks(struct lines *ls, const struct pipeline_stats *s)
{
	int64_t most = max_of(s->won_per_week, STATS_WEEKS);
	char label[32], value[32];

	lines_add_text(ls, UI_HEADER, 0, "Won per week");
	for (int w = 0; w < STATS_WEEKS; w++) {
		int ago = STATS_WEEKS - 1 - w;
		if (ago == 0)
			snprintf(label, sizeof(label), "this week");
		else
			snprintf(label, sizeof(label), "%d week%s ago", ago, ago == 1 ? "" : "s");
		snprintf(value, sizeof(value), "%lld", (long long)s->won_per_week[w]);
		lines_add_bar(ls, 2, label, LABEL, share(s->won_per_week[w], most), UI_WON, value);
	}
	lines_add_text(ls, UI_NORMAL, 0, "");
}

static void channels(struct app *app, struct lines *ls, const struct pipeline_stats *s)
{
	char value[160], money[48], rate[16], cycle[16];

	lines_add_text(ls, UI_HEADER, 0, "Channels: win rate (leads in, won, value won, median "
					 "cycle)");
	for (size_t i = 0; i < s->channels_len; i++) {
		const struct channel_stat *c = &s->channels[i];
		if (!c->leads_in && !c->won && !c->lost)
			continue;
		report_money(app->cfg->currency_symbol, c->won_value_minor, 10, money,
			     sizeof(money));
		if (c->has_win_rate)
			report_percent(c->win_rate, rate, sizeof(rate));
		if (c->has_median_cycle)
			report_days(c->median_cycle_days, 0, cycle, sizeof(cycle));
		snprintf(value, sizeof(value), "%s  (%lld in, %lld won, %s, %sd)",
			 c->has_win_rate ? rate : "-", (long long)c->leads_in, (long long)c->won,
			 money, c->has_median_cycle ? cycle : "-");
		lines_add_bar(ls, 2, c->channel, LABEL, c->has_win_rate ? c->win_rate : 0, UI_BAR_ALT,
			      value);
	}
	lines_add_text(ls, UI_NORMAL, 0, "");
}

static void cheat_sheet(struct lines *ls, const struct pipeline_stats *s)
{
	char rate[16];

	lines_add_text(ls, UI_HEADER, 0, "Objection cheat sheet: raised, still won, and what "
					 "worked");
	for (size_t i = 0; i < s->objections_len; i++) {
		const struct objection_stat *o = &s->objections[i];
		if (!o->raised)
			continue;
		if (o->has_won_rate)
			report_percent(o->won_rate, rate, sizeof(rate));
		lines_add(ls, UI_NORMAL, 2, "%-12s raised %lld, still won %s, %lld open / %lld "
			  "resolved", o->category, (long long)o->raised, o->has_won_rate ? rate : "-",
			  (long long)(o->state_open + o->state_acknowledged),
			  (long long)o->state_resolved);
		for (size_t r = 0; r < o->responses_len; r++)
			lines_add_text(ls, UI_WON, 6, o->responses[r].response);
	}
	lines_add_text(ls, UI_NORMAL, 0, "");
}

static void lost_reasons(struct lines *ls, const struct pipeline_stats *s)
{
	int64_t most = 0;
	char value[32];

	for (size_t i = 0; i < s->lost_reasons_len; i++)
		if (s->lost_reasons[i].deals > most)
			most = s->lost_reasons[i].deals;
	lines_add_text(ls, UI_HEADER, 0, "Lost reasons");
	for (size_t i = 0; i < s->lost_reasons_len; i++) {
		const struct lost_reason_stat *r = &s->lost_reasons[i];
		snprintf(value, sizeof(value), "%lld", (long long)r->deals);
		lines_add_bar(ls, 2, r->reason[0] ? r->reason : "(no reason)", 24,
			      share(r->deals, most), UI_LOST, value);
	}
	if (s->lost_reasons_other)
		lines_add(ls, UI_CARD_DIM, 2, "and %lld for other reasons",
			  (long long)s->lost_reasons_other);
}

static void build(struct app *app, struct lines *ls)
{
	struct stats_options o;
	struct pipeline_stats s;

	stats_options_default(&o);
	o.owner = tui_owner(app);
	if (pipeline_stats_load(app->store, &o, &s) != 0) {
		lines_add(ls, UI_ERROR, 0, "Cannot compute the stats: %s", err_msg());
		return;
	}
	summary(app, ls, &s);
	funnel(app, ls, &s);
	aging(ls, &s);
	followups(ls, &s);
	won_weeks(ls, &s);
	channels(app, ls, &s);
	cheat_sheet(ls, &s);
	lost_reasons(ls, &s);
	pipeline_stats_free(&s);
}

static void stats_draw(struct app *app, struct screen *s)
{
	struct lines *ls = s->data;
	struct strbuf title;

	if (!ls) {
		ls = xcalloc(1, sizeof(*ls));
		s->data = ls;
		build(app, ls);
	}
	strbuf_init(&title);
	strbuf_puts(&title, " Stats");
	strbuf_printf(&title, "  %s", tui_owner(app) ? tui_owner(app) : "whole team");
	strbuf_puts(&title, "   (j/k scroll, Esc back)");
	tui_fill(app, 0, 0, app->cols, UI_TITLE);
	tui_text(app, 0, 0, app->cols, title.buf, UI_TITLE, false);
	strbuf_free(&title);
	lines_draw(app, ls, 2, app->rows - 1);
}

static unsigned stats_act(struct app *app, struct screen *s, enum action a)
{
	if (a == ACTION_BACK || a == ACTION_STATS)
		return R_POP | R_DRAW;
	if (a == ACTION_QUIT)
		return R_POP | R_DRAW;
	if (a == ACTION_REFRESH)
		return R_RELOAD;
	if (a == ACTION_HELP) {
		tui_push(app, &help_screen, NULL, false);
		return R_DRAW;
	}
	return s->data ? lines_scroll(app, s->data, a, app->rows - 4) : R_NONE;
}

static void stats_reload(struct app *app, struct screen *s)
{
	if (!s->data)
		return;
	int scroll = ((struct lines *)s->data)->scroll;
	lines_clear(s->data);
	build(app, s->data);
	((struct lines *)s->data)->scroll = scroll;
}

static void stats_free(struct screen *s)
{
	if (s->data)
		lines_clear(s->data);
	free(s->data);
}

const struct screen_ops stats_screen = {
	.name = "stats",
	.draw = stats_draw,
	.act = stats_act,
	.reload = stats_reload,
	.free = stats_free,
};
