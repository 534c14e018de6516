/*
 * What the board and the detail screen do to a deal: move, close, delete,
 * and the forms to add, edit, log a follow-up or an objection. One place,
 * so both screens behave the same. Each function returns reactions; a
 * change refused by the store (read-only, stale, locked) shows its message
 * on the status bar and changes nothing.
 */
#ifndef PLUMB_ACTIONS_H
#define PLUMB_ACTIONS_H

#include "plumb/domain.h"
#include "plumb/keymap.h"
#include "plumb/tui.h"

/* A deal action (move, won, lost, delete, edit, follow-up, objection,
 * open) on deal d as it was shown; R_UNHANDLED when a is not one. */
unsigned actions_on_deal(struct app *app, enum action a, const struct deal *d);
/* Opens the add form; the new deal goes into stage_id (0: the first). */
unsigned actions_add(struct app *app, int64_t stage_id);
unsigned actions_undo(struct app *app, bool redo);
/* Opens the filter prompt. */
unsigned actions_filter(struct app *app);

#endif
