/*
 * The standup screen: one owner per page for the team's daily meeting,
 * n/p (or l/h) to step through the owners, a team summary at the top.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/lines.h"
#include "plumb/report_out.h"
#include "plumb/standup_report.h"
#include "plumb/tui.h"
#include "plumb/util.h"

struct standup_view {
	bool loaded;
	struct standup su;
	size_t index;
	struct lines lines;
};

static void counts_line(struct app *app, struct lines *ls, const char *who,
			const struct standup_counts *c)
{
	char won[48];
	report_money(app->cfg->currency_symbol, c->won_value_minor, 12, won, sizeof(won));
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_printf(&sb, "%s: %lld moved, %lld won (%s), %lld lost", who, (long long)c->moved,
		      (long long)c->won, won, (long long)c->lost);
	lines_add_text(ls, UI_HEADER, 0, sb.buf);
	strbuf_reset(&sb);
	strbuf_printf(&sb, "%lld due, %lld overdue, %lld stalled, %lld open objections",
		      (long long)c->due, (long long)c->overdue, (long long)c->stalled,
		      (long long)c->objections);
	lines_add_text(ls, UI_NORMAL, 2, sb.buf);
	strbuf_free(&sb);
}

static void more(struct lines *ls, int64_t count, size_t shown)
{
	if (count > (int64_t)shown)
		lines_add(ls, UI_CARD_DIM, 4, "and %lld more", (long long)(count - (int64_t)shown));
}

static void deal_list(struct app *app, struct lines *ls, const char *title, int64_t count,
		      const struct standup_deals *deals, enum ui_element el, bool show_age)
{
	char value[48];
	struct strbuf sb;

	lines_add(ls, UI_HEADER, 2, "%s (%lld)", title, (long long)count);
	strbuf_init(&sb);
	for (size_t i = 0; i < deals->len; i++) {
		const struct deal *d = &deals->items[i];
		report_money(app->cfg->currency_symbol, d->value_minor, 10, value, sizeof(value));
		strbuf_reset(&sb);
		strbuf_printf(&sb, "#%lld %s", (long long)d->id, d->title);
		if (!str_empty(d->company))
			strbuf_printf(&sb, " (%s)", d->company);
		strbuf_printf(&sb, "  %s", value);
		if (show_age)
			strbuf_printf(&sb, "  %lldd", (long long)engine_age_days(&app->engine, d));
		lines_add_text(ls, el, 4, sb.buf);
	}
	strbuf_free(&sb);
	more(ls, count, deals->len);
}

static void build_page(struct app *app, struct standup_view *v)
{
	struct lines *ls = &v->lines;
	struct standup_page p;
	char since[16];
	struct strbuf sb;

	lines_clear(ls);
	clock_format_day(v->su.since_day, since, sizeof(since));
	counts_line(app, ls, "Team", &v->su.team);
	lines_add(ls, UI_CARD_DIM, 0, "Since %s (the last working day)", since);
	lines_add_text(ls, UI_NORMAL, 0, "");
	if (v->su.owners_len == 0) {
		lines_add_text(ls, UI_NORMAL, 0, "No owners with deals yet.");
		return;
	}
	if (standup_page_load(app->store, &v->su, v->index, &p) != 0) {
		lines_add(ls, UI_ERROR, 0, "Cannot load the page: %s", err_msg());
		return;
	}
	counts_line(app, ls, p.owner[0] ? p.owner : "(no owner)", &p.counts);
	lines_add_text(ls, UI_NORMAL, 0, "");
	lines_add(ls, UI_HEADER, 2, "Moved (%lld)", (long long)p.counts.moved);
	strbuf_init(&sb);
	for (size_t i = 0; i < p.moved_len; i++) {
		const struct standup_move *m = &p.moved[i];
		strbuf_reset(&sb);
		strbuf_printf(&sb, "#%lld %s: %s -> %s", (long long)m->history.deal_id, m->deal_title,
			      m->history.from_stage_name ? m->history.from_stage_name : "?",
			      m->history.to_stage_name ? m->history.to_stage_name : "?");
		lines_add_text(ls, UI_NORMAL, 4, sb.buf);
	}
	more(ls, p.counts.moved, p.moved_len);
	deal_list(app, ls, "Won", p.counts.won, &p.won, UI_WON, false);
	deal_list(app, ls, "Lost", p.counts.lost, &p.lost, UI_LOST, false);
	deal_list(app, ls, "Follow-ups due", p.counts.due, &p.due, UI_DUE, false);
	deal_list(app, ls, "Follow-ups overdue", p.counts.overdue, &p.overdue, UI_OVERDUE, false);
	deal_list(app, ls, "Stalled", p.counts.stalled, &p.stalled, UI_STALLED, true);
	lines_add(ls, UI_HEADER, 2, "Open objections (%lld)", (long long)p.counts.objections);
	for (size_t i = 0; i < p.objections_len; i++) {
		const struct standup_objection *o = &p.objections[i];
		strbuf_reset(&sb);
		strbuf_printf(&sb, "#%lld %s: [%s] \"%s\"", (long long)o->objection.deal_id,
			      o->deal_title, o->objection.category, o->objection.said);
		lines_add_text(ls, UI_AGING, 4, sb.buf);
	}
	more(ls, p.counts.objections, p.objections_len);
	strbuf_free(&sb);
	standup_page_free(&p);
}

static void load(struct app *app, struct standup_view *v)
{
	struct standup_options o;

	if (v->loaded)
		standup_free(&v->su);
	v->loaded = false;
	standup_options_default(&o);
	o.owner = tui_owner(app);
	o.list_limit = app->rows > 40 ? 10 : 5;
	if (standup_load(app->store, &o, &v->su) != 0) {
		lines_clear(&v->lines);
		lines_add(&v->lines, UI_ERROR, 0, "Cannot load the standup: %s", err_msg());
		return;
	}
	v->loaded = true;
	/* Open on the user's own page when they have one. */
	if (v->index == 0)
		for (size_t i = 0; i < v->su.owners_len; i++)
			if (strcmp(v->su.owners[i].owner, app->who) == 0)
				v->index = i;
	if (v->index >= v->su.owners_len)
		v->index = v->su.owners_len ? v->su.owners_len - 1 : 0;
	build_page(app, v);
}

static struct standup_view *view(struct app *app, struct screen *s)
{
	if (!s->data) {
		s->data = xcalloc(1, sizeof(struct standup_view));
		load(app, s->data);
	}
	return s->data;
}

static void standup_draw(struct app *app, struct screen *s)
{
	struct standup_view *v = view(app, s);
	struct strbuf title;

	strbuf_init(&title);
	strbuf_puts(&title, " Standup");
	if (v->loaded && v->su.owners_len)
		strbuf_printf(&title, "  %s  (%zu/%zu)", v->su.owners[v->index].owner,
			      v->index + 1, v->su.owners_len);
	tui_fill(app, 0, 0, app->cols, UI_TITLE);
	tui_text(app, 0, 0, app->cols - 30, title.buf, UI_TITLE, false);
	tui_text_right(app, 0, app->cols - 30, 30, "n/p owner  Esc back ", UI_TITLE);
	strbuf_free(&title);
	lines_draw(app, &v->lines, 2, app->rows - 1);
}

static unsigned step_owner(struct app *app, struct standup_view *v, int delta)
{
	if (!v->loaded || v->su.owners_len == 0)
		return R_NONE;
	size_t n = v->su.owners_len;
	v->index = (v->index + n + (size_t)(delta + (int)n)) % n;
	v->lines.scroll = 0;
	build_page(app, v);
	return R_DRAW;
}

static unsigned standup_act(struct app *app, struct screen *s, enum action a)
{
	struct standup_view *v = view(app, s);

	switch (a) {
	case ACTION_NEXT_OWNER:
	case ACTION_RIGHT:
		return step_owner(app, v, 1);
	case ACTION_PREV_OWNER:
	case ACTION_LEFT:
		return step_owner(app, v, -1);
	case ACTION_BACK:
	case ACTION_STANDUP:
		return R_POP | R_DRAW;
	case ACTION_QUIT:
		/* Opened with --standup, q ends the meeting; else back to the board. */
		return app->standup_mode ? R_QUIT : R_POP | R_DRAW;
	case ACTION_REFRESH:
		return R_RELOAD;
	case ACTION_HELP:
		tui_push(app, &help_screen, NULL, false);
		return R_DRAW;
	default:
		return lines_scroll(app, &v->lines, a, app->rows - 4);
	}
}

static void standup_reload(struct app *app, struct screen *s)
{
	struct standup_view *v = s->data;
	if (!v)
		return;
	int scroll = v->lines.scroll;
	load(app, v);
	v->lines.scroll = scroll;
}

static void standup_free_screen(struct screen *s)
{
	struct standup_view *v = s->data;
	if (!v)
		return;
	if (v->loaded)
		standup_free(&v->su);
	lines_clear(&v->lines);
	free(v);
}

const struct screen_ops standup_screen = {
	.name = "standup",
	.draw = standup_draw,
	.act = standup_act,
	.reload = standup_reload,
	.free = standup_free_screen,
};
