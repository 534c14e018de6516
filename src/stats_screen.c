/* The stats screen: the engine's numbers with bar charts. */
#include <stdlib.h>

#include "plumb/lines.h"
#include "plumb/tui.h"
#include "plumb/util.h"

static void build(struct app *app, struct lines *ls)
{
	const struct engine *e = &app->engine;
	lines_add_text(ls, UI_HEADER, 0, "Sales cycle");
	if (e->cycle.known)
		lines_add(ls, UI_NORMAL, 2, "Average %.1f days over %lld won deals; ideal %d days",
			  e->cycle.average_days, (long long)e->cycle.won, e->ideal_days);
	else
		lines_add(ls, UI_NORMAL, 2, "Average unknown (%lld won, %d needed); ideal %d days",
			  (long long)e->cycle.won, e->rules.min_won_deals, e->ideal_days);
}

static void stats_draw(struct app *app, struct screen *s)
{
	struct lines *ls = s->data;
	if (!ls) {
		ls = xcalloc(1, sizeof(*ls));
		s->data = ls;
		build(app, ls);
	}
	tui_fill(app, 0, 0, app->cols, UI_TITLE);
	tui_text(app, 0, 0, app->cols, " Stats   (Esc or q to close)", UI_TITLE, false);
	lines_draw(app, ls, 2, app->rows - 1);
}

static unsigned stats_act(struct app *app, struct screen *s, enum action a)
{
	if (a == ACTION_BACK || a == ACTION_QUIT || a == ACTION_STATS)
		return R_POP | R_DRAW;
	return s->data ? lines_scroll(app, s->data, a, app->rows - 4) : R_NONE;
}

static void stats_reload(struct app *app, struct screen *s)
{
	if (!s->data)
		return;
	lines_clear(s->data);
	build(app, s->data);
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

const struct screen_ops standup_screen = {
	.name = "standup",
	.draw = stats_draw,
	.act = stats_act,
	.reload = stats_reload,
	.free = stats_free,
};
