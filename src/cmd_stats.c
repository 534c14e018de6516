/* plumb stats: the playbook's numbers as a report (table) or for scripts (JSON). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "plumb/clock.h"
#include "plumb/deal_out.h"
#include "plumb/output.h"
#include "plumb/parse.h"
#include "plumb/pipeline_stats.h"
#include "plumb/report_out.h"
#include "plumb/text.h"
#include "plumb/util.h"

/* A report reads best at terminal width, but not stretched across a wide one. */
#define REPORT_MAX_WIDTH 100

static const struct cli_option stats_options[] = {
	{ "since", "DATE", "window start (default: cycle_window days ago)", false },
	{ "owner", "NAME", "only NAME's deals", false },
	{ "format", "FORMAT", "table (default) or json", false },
};

struct report {
	FILE *out;
	const struct pipeline_stats *s;
	const char *sym; /* currency symbol */
	int width;
};

/* One line: the literal prefix, then stored text cut to the width. */
static void line_with_text(struct report *r, const char *prefix, const char *text,
			   const char *suffix)
{
	struct strbuf line;
	int used = text_width(prefix) + text_width(suffix);

	strbuf_init(&line);
	strbuf_puts(&line, prefix);
	text_fit(&line, text, r->width - used > 1 ? r->width - used : 1, false);
	strbuf_puts(&line, suffix);
	fprintf(r->out, "%s\n", line.buf);
	strbuf_free(&line);
}

static void print_title(struct report *r)
{
	char since[16], today[16];

	clock_format_day(r->s->since_day, since, sizeof(since));
	clock_format_day(r->s->today, today, sizeof(today));
	char prefix[96];
	snprintf(prefix, sizeof(prefix), "Pipeline stats, %s to %s, ", since, today);
	line_with_text(r, prefix, r->s->owner ? r->s->owner : "whole team",
		       r->s->owner ? "'s deals" : "");
}

static void print_cycle(struct report *r)
{
	const struct pipeline_stats *s = r->s;
	const struct engine *e = &s->engine;
	char avg[16], med[16], won[32];

	report_count(s->cycle.won, won, sizeof(won));
	fprintf(r->out, "\nSALES CYCLE\n");
	if (s->cycle.known) {
		report_days(s->cycle.average_days, 2, avg, sizeof(avg));
		report_days(s->cycle.median_days, 1, med, sizeof(med));
		fprintf(r->out, "  Average        %s days, median %s days (%s won)\n", avg, med,
			won);
	} else {
		fprintf(r->out, "  Average        unknown (%s won, %d needed)\n", won,
			e->rules.min_won_deals);
	}
	fprintf(r->out, "  Ideal          %d days\n", e->rules.ideal_cycle_days);
	if (e->cycle.known) {
		report_days(e->cycle.average_days, 2, avg, sizeof(avg));
		fprintf(r->out, "  Stalled when   older than %d days (team average %s days)\n",
			(int)floor(e->stall_after_days), avg);
	} else {
		fprintf(r->out, "  Stalled when   older than %d days (the ideal: the team "
				"average is unknown)\n", (int)floor(e->stall_after_days));
	}
}

static void print_money_lines(struct report *r)
{
	const struct pipeline_stats *s = r->s;
	char rate[16], won[32], lost[32], money[48], deals[32];

	fprintf(r->out, "\nWIN RATE AND FORECAST\n");
	report_count(s->won, won, sizeof(won));
	report_count(s->lost, lost, sizeof(lost));
	if (s->has_win_rate)
		report_percent(s->win_rate, rate, sizeof(rate));
	fprintf(r->out, "  Win rate       %s (%s won, %s lost)\n",
		s->has_win_rate ? rate : "unknown", won, lost);
	report_money(r->sym, s->won_value_minor, 0, money, sizeof(money));
	fprintf(r->out, "  Won value      %s\n", money);
	report_money(r->sym, s->open_value_minor, 0, money, sizeof(money));
	report_count(s->open_deals, deals, sizeof(deals));
	fprintf(r->out, "  Open value     %s in %s deals\n", money, deals);
	report_money(r->sym, s->forecast_minor, 0, money, sizeof(money));
	fprintf(r->out, "  Forecast       %s (open value x stage probability)\n", money);
}

enum { ST_NAME, ST_DEALS, ST_VALUE, ST_FORECAST, ST_PROB, ST_MEDIAN, ST_ROT, ST_ROTTING,
       ST_COUNT };

static void print_stage_row(struct report *r, const struct table_column *cols,
			    const struct stage_stat *st)
{
	char deals[32], value[48], forecast[48], prob[8], median[16], rot[16], rotting[32],
		name[160];

	snprintf(name, sizeof(name), "%s %s", st->bottleneck ? ">" : " ", st->name);
	report_count(st->deals, deals, sizeof(deals));
	report_money(r->sym, st->value_minor, cols[ST_VALUE].width, value, sizeof(value));
	report_money(r->sym, st->forecast_minor, cols[ST_FORECAST].width, forecast,
		     sizeof(forecast));
	snprintf(prob, sizeof(prob), "%d%%", st->probability);
	if (st->has_median) {
		report_days(st->median_days, 1, median, sizeof(median));
		strcat(median, "d");
	} else {
		snprintf(median, sizeof(median), "-");
	}
	if (st->rot_days > 0) {
		snprintf(rot, sizeof(rot), "%dd", st->rot_days);
		report_count(st->rotting, rotting, sizeof(rotting));
	} else {
		snprintf(rot, sizeof(rot), "-");
		snprintf(rotting, sizeof(rotting), "-");
	}
	const char *cells[ST_COUNT] = { name, deals, value, forecast, prob, median, rot, rotting };
	table_row(r->out, cols, ST_COUNT, cells);
}

static void print_bottleneck(struct report *r)
{
	const struct pipeline_stats *s = r->s;
	char median[16], ratio[16], suffix[160];

	if (s->bottleneck < 0) {
		fprintf(r->out, "  No bottleneck: no stage has deals waiting.\n");
		return;
	}
	const struct stage_stat *b = &s->stages[s->bottleneck];
	report_days(b->median_days, 1, median, sizeof(median));
	report_days(b->wait_ratio, 1, ratio, sizeof(ratio));
	snprintf(suffix, sizeof(suffix), ": median %s days in stage, %sx its %d-day %s",
		 median, ratio, b->norm_days, b->rot_days > 0 ? "rot limit" : "ideal cycle");
	line_with_text(r, "> Bottleneck: ", b->name, suffix);
}

static void print_stages(struct report *r)
{
	struct table_column cols[ST_COUNT] = {
		{ "STAGES", 12, 1, false }, { "DEALS", 8, 0, true }, { "VALUE", 12, 0, true },
		{ "FORECAST", 12, 0, true }, { "PROB", 4, 0, true }, { "MEDIAN", 6, 0, true },
		{ "ROT", 4, 0, true }, { "ROTTING", 7, 0, true },
	};

	fputc('\n', r->out);
	table_layout(cols, ST_COUNT, r->width);
	table_header(r->out, cols, ST_COUNT);
	for (size_t i = 0; i < r->s->stages_len; i++)
		print_stage_row(r, cols, &r->s->stages[i]);
	print_bottleneck(r);
}

static void print_health(struct report *r)
{
	const struct pipeline_stats *s = r->s;
	const struct followup_health *f = &s->followups;
	char a[32], b[32], c[32], d[32];

	fprintf(r->out, "\nAGING AND FOLLOW-UPS\n");
	report_count(s->fresh, a, sizeof(a));
	report_count(s->aging, b, sizeof(b));
	report_count(s->stalled, c, sizeof(c));
	report_count(s->rotting, d, sizeof(d));
	fprintf(r->out, "  Open deals     %s fresh, %s aging, %s stalled; %s rotting\n", a, b, c,
		d);
	report_count(f->due, a, sizeof(a));
	report_count(f->due_today, b, sizeof(b));
	report_count(f->overdue, c, sizeof(c));
	fprintf(r->out, "  Follow-ups     %s due (%s today), %s overdue\n", a, b, c);
	report_count(f->persist, a, sizeof(a));
	report_count(f->qualify_out, b, sizeof(b));
	fprintf(r->out, "  Unanswered     %s persist (2+ in a row), %s qualify-out (%d+)\n", a, b,
		s->engine.rules.max_unanswered);
	report_count(s->key_accounts, a, sizeof(a));
	fprintf(r->out, "  Key accounts   %s open\n", a);
}

enum { CH_NAME, CH_LEADS, CH_WON, CH_LOST, CH_RATE, CH_VALUE, CH_CYCLE, CH_COUNT };

static void print_channels(struct report *r)
{
	struct table_column cols[CH_COUNT] = {
		{ "CHANNELS", 10, 1, false }, { "LEADS IN", 9, 0, true }, { "WON", 8, 0, true },
		{ "LOST", 8, 0, true }, { "WIN RATE", 8, 0, true }, { "WON VALUE", 12, 0, true },
		{ "MEDIAN CYCLE", 12, 0, true },
	};

	fputc('\n', r->out);
	table_layout(cols, CH_COUNT, r->width);
	table_header(r->out, cols, CH_COUNT);
	size_t idle = 0;
	for (size_t i = 0; i < r->s->channels_len; i++) {
		const struct channel_stat *c = &r->s->channels[i];
		char leads[32], won[32], lost[32], rate[16], value[48], cycle[16];
		if (c->leads_in == 0 && c->won == 0 && c->lost == 0) {
			idle++;
			continue;
		}
		report_count(c->leads_in, leads, sizeof(leads));
		report_count(c->won, won, sizeof(won));
		report_count(c->lost, lost, sizeof(lost));
		if (c->has_win_rate)
			report_percent(c->win_rate, rate, sizeof(rate));
		report_money(r->sym, c->won_value_minor, cols[CH_VALUE].width, value,
			     sizeof(value));
		if (c->has_median_cycle) {
			report_days(c->median_cycle_days, 1, cycle, sizeof(cycle));
			strcat(cycle, "d");
		}
		const char *cells[CH_COUNT] = { c->channel, leads, won, lost,
						c->has_win_rate ? rate : "-", value,
						c->has_median_cycle ? cycle : "-" };
		table_row(r->out, cols, CH_COUNT, cells);
	}
	if (idle)
		fprintf(r->out, "  (%zu more channel%s without deals in the window)\n", idle,
			idle == 1 ? "" : "s");
}

static void print_objection(struct report *r, const struct objection_stat *o)
{
	char raised[32], won[32], lost[32], open[32], rate[16], line[200], last[16];

	report_count(o->raised, raised, sizeof(raised));
	report_count(o->on_won, won, sizeof(won));
	report_count(o->on_lost, lost, sizeof(lost));
	report_count(o->state_open + o->state_acknowledged, open, sizeof(open));
	if (o->has_won_rate) {
		report_percent(o->won_rate, rate, sizeof(rate));
		snprintf(line, sizeof(line), ": raised %s; still won %s (%s won, %s lost); "
			 "%s unresolved", raised, rate, won, lost, open);
	} else {
		snprintf(line, sizeof(line), ": raised %s; no deal closed yet; %s unresolved",
			 raised, open);
	}
	line_with_text(r, "  ", o->category, line);
	for (size_t i = 0; i < o->responses_len; i++) {
		const struct objection_response *resp = &o->responses[i];
		char times[32];
		report_count(resp->times, times, sizeof(times));
		format_day_of(resp->last_at, last, sizeof(last));
		snprintf(line, sizeof(line), "\" (%sx, last %s)", times, last);
		line_with_text(r, "    \"", resp->response, line);
	}
}

static void print_objections(struct report *r)
{
	size_t shown = 0;

	fprintf(r->out, "\nOBJECTIONS: what came up, and what was said on deals that were won\n");
	for (size_t i = 0; i < r->s->objections_len; i++) {
		if (r->s->objections[i].raised == 0)
			continue;
		print_objection(r, &r->s->objections[i]);
		shown++;
	}
	if (!shown)
		fprintf(r->out, "  None logged in this window.\n");
}

static void print_lost_reasons(struct report *r)
{
	char n[32];

	fprintf(r->out, "\nLOST REASONS\n");
	for (size_t i = 0; i < r->s->lost_reasons_len; i++) {
		const struct lost_reason_stat *lr = &r->s->lost_reasons[i];
		char prefix[48];
		report_count(lr->deals, n, sizeof(n));
		snprintf(prefix, sizeof(prefix), "  %10s  ", n);
		line_with_text(r, prefix, lr->reason[0] ? lr->reason : "(no reason given)", "");
	}
	if (r->s->lost_reasons_other > 0) {
		report_count(r->s->lost_reasons_other, n, sizeof(n));
		fprintf(r->out, "  %10s  other reasons\n", n);
	}
	if (r->s->lost == 0)
		fprintf(r->out, "  No deals lost in this window.\n");
}

static void print_table(struct cli *c, const struct pipeline_stats *s)
{
	struct report r = { stdout, s, c->cfg.currency_symbol, output_width(stdout) };

	if (r.width > REPORT_MAX_WIDTH)
		r.width = REPORT_MAX_WIDTH;
	print_title(&r);
	print_cycle(&r);
	print_money_lines(&r);
	print_stages(&r);
	print_health(&r);
	print_channels(&r);
	print_objections(&r);
	print_lost_reasons(&r);
}

/* JSON: key names are documented in plumb(1), STATS; keep them stable. */

static json_t *json_day_string(int64_t day)
{
	char buf[16];
	clock_format_day(day, buf, sizeof(buf));
	return json_string(buf);
}

/* Medians are whole or half days; averages get two decimals. */
static json_t *json_days_or_null(bool known, double days)
{
	return known ? report_json_real(days, 2) : json_null();
}

static json_t *json_rate_or_null(bool known, double rate)
{
	return known ? report_json_real(rate, 4) : json_null();
}

static json_t *cycle_json(const struct pipeline_stats *s)
{
	json_t *o = json_object();
	const struct engine *e = &s->engine;

	json_object_set_new(o, "won", json_integer(s->cycle.won));
	json_object_set_new(o, "total_days", json_integer(s->cycle.total_days));
	json_object_set_new(o, "known", json_boolean(s->cycle.known));
	json_object_set_new(o, "average_days", json_days_or_null(s->cycle.known,
								  s->cycle.average_days));
	json_object_set_new(o, "median_days", json_days_or_null(s->cycle.known,
								 s->cycle.median_days));
	json_object_set_new(o, "min_won_deals", json_integer(e->rules.min_won_deals));
	json_object_set_new(o, "ideal_days", json_integer(e->rules.ideal_cycle_days));
	json_object_set_new(o, "stall_after_days", json_integer((json_int_t)floor(e->stall_after_days)));
	json_object_set_new(o, "stall_basis", json_string(e->cycle.known ? "average" : "ideal"));
	return o;
}

static json_t *stage_json(const struct stage_stat *st)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_text(st->name));
	json_object_set_new(o, "position", json_integer(st->position));
	json_object_set_new(o, "probability", json_integer(st->probability));
	json_object_set_new(o, "rot_days", st->rot_days > 0 ? json_integer(st->rot_days)
							   : json_null());
	json_object_set_new(o, "deals", json_integer(st->deals));
	json_object_set_new(o, "value_minor", json_integer(st->value_minor));
	json_object_set_new(o, "forecast_minor", json_integer(st->forecast_minor));
	json_object_set_new(o, "median_days_in_stage", json_days_or_null(st->has_median,
									  st->median_days));
	json_object_set_new(o, "rotting", json_integer(st->rotting));
	json_object_set_new(o, "norm_days", json_integer(st->norm_days));
	json_object_set_new(o, "wait_ratio", json_rate_or_null(st->has_median, st->wait_ratio));
	json_object_set_new(o, "bottleneck", json_boolean(st->bottleneck));
	return o;
}

static json_t *bottleneck_json(const struct pipeline_stats *s)
{
	if (s->bottleneck < 0)
		return json_null();
	const struct stage_stat *b = &s->stages[s->bottleneck];
	json_t *o = json_object();
	json_object_set_new(o, "stage", json_text(b->name));
	json_object_set_new(o, "deals", json_integer(b->deals));
	json_object_set_new(o, "median_days_in_stage", report_json_real(b->median_days, 2));
	json_object_set_new(o, "norm_days", json_integer(b->norm_days));
	json_object_set_new(o, "norm", json_string(b->rot_days > 0 ? "rot_days" : "ideal_cycle"));
	json_object_set_new(o, "wait_ratio", report_json_real(b->wait_ratio, 4));
	return o;
}

static json_t *health_json(const struct pipeline_stats *s)
{
	json_t *o = json_object();
	const struct followup_health *f = &s->followups;

	json_object_set_new(o, "fresh", json_integer(s->fresh));
	json_object_set_new(o, "aging", json_integer(s->aging));
	json_object_set_new(o, "stalled", json_integer(s->stalled));
	json_object_set_new(o, "rotting", json_integer(s->rotting));
	json_object_set_new(o, "key_accounts", json_integer(s->key_accounts));
	json_object_set_new(o, "followups_due", json_integer(f->due));
	json_object_set_new(o, "followups_due_today", json_integer(f->due_today));
	json_object_set_new(o, "followups_overdue", json_integer(f->overdue));
	json_object_set_new(o, "persist", json_integer(f->persist));
	json_object_set_new(o, "qualify_out", json_integer(f->qualify_out));
	json_t *weeks = json_array();
	for (int i = 0; i < STATS_AGE_BUCKETS; i++)
		json_array_append_new(weeks, json_integer(s->by_age_week[i]));
	json_object_set_new(o, "by_age_week", weeks);
	return o;
}

static json_t *channel_json(const struct channel_stat *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "channel", json_text(c->channel));
	json_object_set_new(o, "leads_in", json_integer(c->leads_in));
	json_object_set_new(o, "won", json_integer(c->won));
	json_object_set_new(o, "lost", json_integer(c->lost));
	json_object_set_new(o, "win_rate", json_rate_or_null(c->has_win_rate, c->win_rate));
	json_object_set_new(o, "won_value_minor", json_integer(c->won_value_minor));
	json_object_set_new(o, "median_cycle_days",
			    json_days_or_null(c->has_median_cycle, c->median_cycle_days));
	return o;
}

static json_t *objection_json(const struct objection_stat *ob)
{
	json_t *o = json_object(), *responses = json_array();
	char day[16];

	json_object_set_new(o, "category", json_text(ob->category));
	json_object_set_new(o, "raised", json_integer(ob->raised));
	json_object_set_new(o, "on_won", json_integer(ob->on_won));
	json_object_set_new(o, "on_lost", json_integer(ob->on_lost));
	json_object_set_new(o, "on_open", json_integer(ob->on_open));
	json_object_set_new(o, "won_rate", json_rate_or_null(ob->has_won_rate, ob->won_rate));
	json_object_set_new(o, "open", json_integer(ob->state_open));
	json_object_set_new(o, "acknowledged", json_integer(ob->state_acknowledged));
	json_object_set_new(o, "resolved", json_integer(ob->state_resolved));
	for (size_t i = 0; i < ob->responses_len; i++) {
		json_t *r = json_object();
		format_day_of(ob->responses[i].last_at, day, sizeof(day));
		json_object_set_new(r, "response", json_text(ob->responses[i].response));
		json_object_set_new(r, "times", json_integer(ob->responses[i].times));
		json_object_set_new(r, "last_used", json_string(day));
		json_array_append_new(responses, r);
	}
	json_object_set_new(o, "won_responses", responses);
	return o;
}

static json_t *lists_json(const struct pipeline_stats *s, json_t *o)
{
	json_t *a = json_array();
	for (size_t i = 0; i < s->stages_len; i++)
		json_array_append_new(a, stage_json(&s->stages[i]));
	json_object_set_new(o, "stages", a);
	a = json_array();
	for (size_t i = 0; i < s->channels_len; i++)
		json_array_append_new(a, channel_json(&s->channels[i]));
	json_object_set_new(o, "channels", a);
	a = json_array();
	for (size_t i = 0; i < s->objections_len; i++)
		json_array_append_new(a, objection_json(&s->objections[i]));
	json_object_set_new(o, "objections", a);
	a = json_array();
	for (size_t i = 0; i < s->lost_reasons_len; i++) {
		json_t *lr = json_object();
		json_object_set_new(lr, "reason", json_text(s->lost_reasons[i].reason));
		json_object_set_new(lr, "deals", json_integer(s->lost_reasons[i].deals));
		json_array_append_new(a, lr);
	}
	json_object_set_new(o, "lost_reasons", a);
	json_object_set_new(o, "lost_reasons_other", json_integer(s->lost_reasons_other));
	a = json_array();
	for (int i = 0; i < STATS_WEEKS; i++) {
		json_t *w = json_object();
		json_object_set_new(w, "week_start",
				    json_day_string(s->today - 7 * (STATS_WEEKS - i) + 1));
		json_object_set_new(w, "won", json_integer(s->won_per_week[i]));
		json_array_append_new(a, w);
	}
	json_object_set_new(o, "won_per_week", a);
	return o;
}

static json_t *stats_json(const struct pipeline_stats *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "today", json_day_string(s->today));
	json_object_set_new(o, "since", json_day_string(s->since_day));
	json_object_set_new(o, "owner", s->owner ? json_text(s->owner) : json_null());
	json_object_set_new(o, "currency", json_text(s->engine.rules.currency));
	json_object_set_new(o, "cycle", cycle_json(s));
	json_object_set_new(o, "won", json_integer(s->won));
	json_object_set_new(o, "lost", json_integer(s->lost));
	json_object_set_new(o, "win_rate", json_rate_or_null(s->has_win_rate, s->win_rate));
	json_object_set_new(o, "won_value_minor", json_integer(s->won_value_minor));
	json_object_set_new(o, "open_deals", json_integer(s->open_deals));
	json_object_set_new(o, "open_value_minor", json_integer(s->open_value_minor));
	json_object_set_new(o, "forecast_minor", json_integer(s->forecast_minor));
	json_object_set_new(o, "bottleneck", bottleneck_json(s));
	json_object_set_new(o, "health", health_json(s));
	return lists_json(s, o);
}

static int run_stats(struct cli *c, const struct cli_args *a)
{
	struct stats_options o;
	struct pipeline_stats s;
	const char *format = arg_str(a, "format"), *since = arg_str(a, "since");
	bool json;
	int rc = EXIT_OK;

	if (format && strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("plumb stats: '%s' is not a format (table, json)", format);
	json = format && strcmp(format, "json") == 0;
	stats_options_default(&o);
	if (since && parse_day(since, &o.since_day) != 0)
		return cli_usage_error("plumb stats: --since: %s", err_msg());
	o.owner = arg_str(a, "owner");
	if (pipeline_stats_load(c->store, &o, &s) != 0)
		return EXIT_ERROR;
	if (json) {
		json_t *j = stats_json(&s);
		if (report_json_print(stdout, j) != 0)
			rc = EXIT_ERROR;
		json_decref(j);
	} else {
		print_table(c, &s);
	}
	pipeline_stats_free(&s);
	if (rc == EXIT_OK && (fflush(stdout) != 0 || ferror(stdout))) {
		err_set("writing the report failed");
		rc = EXIT_ERROR;
	}
	return rc;
}

const struct cli_command cmd_stats = {
	"stats", "", "Report the playbook's numbers: cycle, win rate, stages, channels.",
	CMD_OPTIONS(stats_options), 0, 0, 0, run_stats,
};
