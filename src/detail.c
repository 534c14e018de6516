/* The deal detail screen: every field, the playbook state, the timeline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/actions.h"
#include "plumb/clock.h"
#include "plumb/lines.h"
#include "plumb/parse.h"
#include "plumb/tui.h"
#include "plumb/util.h"

/* A timeline longer than this shows its newest entries and a count. */
#define TIMELINE_MAX 500

struct detail {
	int64_t deal_id;
	bool loaded, gone;
	struct deal deal;
	struct lines lines;
	int timeline_count;
};

static void field(struct lines *ls, const char *label, const char *value)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_printf(&sb, "%-15s", label);
	strbuf_puts(&sb, value ? value : "");
	lines_add_text(ls, UI_NORMAL, 0, sb.buf);
	strbuf_free(&sb);
}

static void add_fields(struct app *app, struct detail *dt)
{
	const struct deal *d = &dt->deal;
	struct lines *ls = &dt->lines;
	char buf[128], money[40];

	lines_add_text(ls, UI_HEADER, 0, d->title);
	field(ls, "Company", d->company);
	field(ls, "Contact", d->contact_name);
	field(ls, "Email", d->contact_email);
	field(ls, "Phone", d->contact_phone);
	format_money(d->value_minor, money, sizeof(money));
	snprintf(buf, sizeof(buf), "%s%s %s", app->cfg->currency_symbol, money, d->currency);
	field(ls, "Value", buf);
	snprintf(buf, sizeof(buf), "%s (%d%%)", d->stage_name, d->stage_probability);
	field(ls, "Stage", buf);
	field(ls, "Status", deal_status_name(d->status));
	if (d->status == DEAL_LOST)
		field(ls, "Lost reason", d->lost_reason);
	field(ls, "Owner", d->owner);
	field(ls, "Channel", d->channel);
	field(ls, "Key account", d->key_account ? "yes" : "no");
	snprintf(buf, sizeof(buf), "%d", d->score);
	field(ls, "Score", d->score >= 0 ? buf : "-");
	clock_format_day(clock_day(d->created_at), buf, sizeof(buf));
	field(ls, "Entered", buf);
	clock_format_day(clock_day(d->stage_entered_at), buf, sizeof(buf));
	field(ls, "In stage since", buf);
	if (d->next_followup_at)
		clock_format_day(clock_day(d->next_followup_at), buf, sizeof(buf));
	field(ls, "Next follow-up", d->next_followup_at ? buf : "-");
	if (!str_empty(d->notes)) {
		/* Notes keep their line breaks; each line is sanitised on draw. */
		lines_add_text(ls, UI_NORMAL, 0, "Notes");
		char *copy = xstrdup(d->notes), *save = NULL;
		for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			lines_add_text(ls, UI_CARD_DIM, 2, l);
		free(copy);
	}
	lines_add_text(ls, UI_NORMAL, 0, "");
	lines_add_text(ls, UI_HEADER, 0, "Playbook");
	struct strbuf sb;
	strbuf_init(&sb);
	engine_explain(&app->engine, d, &sb);
	char *save = NULL;
	for (char *l = strtok_r(sb.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		lines_add_text(ls, UI_NORMAL, 2, l);
	strbuf_free(&sb);
	lines_add_text(ls, UI_NORMAL, 0, "");
	lines_add_text(ls, UI_HEADER, 0, "Timeline (newest first)");
}

static int add_timeline_item(const struct timeline_item *item, void *ctx)
{
	struct detail *dt = ctx;
	struct strbuf sb;
	char when[32];
	enum ui_element el = UI_NORMAL;

	if (++dt->timeline_count > TIMELINE_MAX)
		return 0; /* counted, not shown */
	strbuf_init(&sb);
	if (item->kind == TIMELINE_HISTORY) {
		const struct history_entry *h = &item->u.history;
		clock_format_time(h->at, when, sizeof(when));
		strbuf_printf(&sb, "%s  ", when);
		if (!h->from_stage_name)
			strbuf_printf(&sb, "created in %s", h->to_stage_name ? h->to_stage_name : "?");
		else if (h->to_status != DEAL_OPEN)
			strbuf_printf(&sb, "%s in %s", deal_status_name(h->to_status),
				      h->to_stage_name ? h->to_stage_name : "?");
		else if (h->from_status != DEAL_OPEN)
			strbuf_printf(&sb, "reopened (was %s) into %s",
				      deal_status_name(h->from_status),
				      h->to_stage_name ? h->to_stage_name : "?");
		else
			strbuf_printf(&sb, "moved %s -> %s", h->from_stage_name,
				      h->to_stage_name ? h->to_stage_name : "?");
		strbuf_printf(&sb, "  (%s)", h->who ? h->who : "");
		el = h->to_status == DEAL_WON ? UI_WON : h->to_status == DEAL_LOST ? UI_LOST : UI_NORMAL;
	} else if (item->kind == TIMELINE_ACTIVITY) {
		const struct activity *a = &item->u.activity;
		clock_format_time(a->at, when, sizeof(when));
		strbuf_printf(&sb, "%s  %s %s via %s: %s", when, a->kind, direction_name(a->direction),
			      a->channel, outcome_name(a->outcome));
		if (!str_empty(a->note))
			strbuf_printf(&sb, " - %s", a->note);
		el = a->outcome == OUTCOME_NO_RESPONSE ? UI_CARD_DIM : UI_DUE;
	} else {
		const struct objection *o = &item->u.objection;
		clock_format_time(o->at, when, sizeof(when));
		strbuf_printf(&sb, "%s  objection [%s, %s]: \"%s\"", when, o->category,
			      objection_state_name(o->state), o->said);
		if (!str_empty(o->response))
			strbuf_printf(&sb, " -> %s", o->response);
		el = UI_AGING;
	}
	lines_add_text(&dt->lines, el, 2, sb.buf);
	strbuf_free(&sb);
	return 0;
}

static void detail_load(struct app *app, struct detail *dt)
{
	int scroll = dt->lines.scroll;

	lines_clear(&dt->lines);
	if (dt->loaded)
		deal_clear(&dt->deal);
	dt->loaded = false;
	if (store_deal_get(app->store, dt->deal_id, &dt->deal) != 0) {
		dt->gone = true;
		lines_add(&dt->lines, UI_ERROR, 0, "Deal %lld no longer exists (deleted by you or "
			  "someone else).", (long long)dt->deal_id);
		return;
	}
	dt->gone = false;
	dt->loaded = true;
	add_fields(app, dt);
	dt->timeline_count = 0;
	if (store_deal_timeline(app->store, dt->deal_id, add_timeline_item, dt) != 0)
		tui_store_error(app);
	if (dt->timeline_count > TIMELINE_MAX)
		lines_add(&dt->lines, UI_CARD_DIM, 2, "... and %d older entries",
			  dt->timeline_count - TIMELINE_MAX);
	dt->lines.scroll = scroll;
}

static struct detail *detail_of(struct app *app, struct screen *s)
{
	struct detail *dt = s->data;
	if (!dt->loaded && !dt->gone)
		detail_load(app, dt);
	return dt;
}

void detail_open(struct app *app, int64_t deal_id)
{
	struct detail *dt = xcalloc(1, sizeof(*dt));
	dt->deal_id = deal_id;
	tui_push(app, &detail_screen, dt, false);
}

static void detail_draw(struct app *app, struct screen *s)
{
	struct detail *dt = detail_of(app, s);
	char title[64];

	tui_fill(app, 0, 0, app->cols, UI_TITLE);
	snprintf(title, sizeof(title), " Deal %lld", (long long)dt->deal_id);
	tui_text(app, 0, 0, app->cols / 2, title, UI_TITLE, false);
	tui_text_right(app, 0, app->cols / 2, app->cols / 2,
		       "e edit  f follow-up  o objection  Esc back ", UI_TITLE);
	lines_draw(app, &dt->lines, 2, app->rows - 1);
}

static unsigned detail_act(struct app *app, struct screen *s, enum action a)
{
	struct detail *dt = detail_of(app, s);

	if (a == ACTION_BACK || a == ACTION_QUIT)
		return R_POP | R_DRAW;
	if (a == ACTION_HELP) {
		tui_push(app, &help_screen, NULL, false);
		return R_DRAW;
	}
	if (a == ACTION_UNDO || a == ACTION_REDO)
		return actions_undo(app, a == ACTION_REDO);
	if (a == ACTION_REFRESH)
		return R_RELOAD;
	unsigned r = lines_scroll(app, &dt->lines, a, app->rows - 4);
	if (r != R_NONE || !dt->loaded || a == ACTION_OPEN)
		return r;
	r = actions_on_deal(app, a, &dt->deal);
	return (r & R_UNHANDLED) ? R_NONE : r;
}

static void detail_reload(struct app *app, struct screen *s)
{
	struct detail *dt = detail_of(app, s);
	detail_load(app, dt);
}

static void detail_free(struct screen *s)
{
	struct detail *dt = s->data;
	lines_clear(&dt->lines);
	if (dt->loaded)
		deal_clear(&dt->deal);
	free(dt);
}

const struct screen_ops detail_screen = {
	.name = "detail",
	.draw = detail_draw,
	.act = detail_act,
	.reload = detail_reload,
	.free = detail_free,
};
