/* The help screen, generated from the action list and the key map. */
#include <stdlib.h>

#include "plumb/engine.h"
#include "plumb/lines.h"
#include "plumb/tui.h"
#include "plumb/util.h"

static void build(struct app *app, struct lines *ls)
{
	char keys[128];

	lines_add_text(ls, UI_HEADER, 0, "Keys (rebind them in [keys] of config.ini)");
	for (int a = 1; a < ACTION_COUNT; a++) {
		keymap_describe(&app->keymap, (enum action)a, keys, sizeof(keys));
		lines_add(ls, UI_NORMAL, 2, "%-16s %-14s %s", keys[0] ? keys : "(unbound)",
			  action_name((enum action)a), action_help((enum action)a));
	}
	lines_add_text(ls, UI_NORMAL, 0, "");
	lines_add_text(ls, UI_HEADER, 0, "Markers on cards (also in plumb list)");
	lines_add(ls, UI_STALLED, 2, "%c  stalled: older than the team's average cycle",
		  MARK_STALLED);
	lines_add(ls, UI_ROTTING, 2, "%c  rotting: in its stage longer than the stage's rot days",
		  MARK_ROTTING);
	lines_add(ls, UI_DUE, 2, "%c  follow-up due today or earlier", MARK_DUE);
	lines_add(ls, UI_OVERDUE, 2, "%c  follow-up overdue", MARK_OVERDUE);
	lines_add(ls, UI_PERSIST, 2, "%c  persist: 2+ follow-ups unanswered in a row, keep going",
		  MARK_PERSIST);
	lines_add(ls, UI_PERSIST, 2, "%c  qualify out: max unanswered reached, decide",
		  MARK_QUALIFY_OUT);
	lines_add(ls, UI_KEY_ACCOUNT, 2, "%c  key account", MARK_KEY_ACCOUNT);
	lines_add_text(ls, UI_COUNTDOWN, 2, "\"stalls in 3d\": days left before the deal stalls");
	lines_add_text(ls, UI_AGING, 2, "a yellow title: aging (past the ideal cycle)");
	lines_add_text(ls, UI_NORMAL, 0, "");
	lines_add_text(ls, UI_HEADER, 0, "In forms");
	lines_add_text(ls, UI_NORMAL, 2, "Tab/Down next field, Shift-Tab/Up previous, Enter save,");
	lines_add_text(ls, UI_NORMAL, 2, "Esc cancel, Left/Right/Space change a choice,");
	lines_add_text(ls, UI_NORMAL, 2, "C-e edit a note in $EDITOR, C-u clear to the start.");
}

static void help_draw(struct app *app, struct screen *s)
{
	struct lines *ls = s->data;
	if (!ls) {
		ls = xcalloc(1, sizeof(*ls));
		s->data = ls;
		build(app, ls);
	}
	tui_fill(app, 0, 0, app->cols, UI_TITLE);
	tui_text(app, 0, 0, app->cols, " Help: keys and markers   (Esc or q to close)", UI_TITLE,
		 false);
	lines_draw(app, ls, 2, app->rows - 1);
}

static unsigned help_act(struct app *app, struct screen *s, enum action a)
{
	if (a == ACTION_BACK || a == ACTION_QUIT || a == ACTION_HELP)
		return R_POP | R_DRAW;
	return s->data ? lines_scroll(app, s->data, a, app->rows - 4) : R_NONE;
}

static void help_free(struct screen *s)
{
	if (s->data)
		lines_clear(s->data);
	free(s->data);
}

const struct screen_ops help_screen = {
	.name = "help",
	.draw = help_draw,
	.act = help_act,
	.free = help_free,
};
