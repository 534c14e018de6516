/*
 * Actions and the keys bound to them. One list (the ACTIONS X-macro) gives
 * the enum, the names used in [keys], the help screen and the man page, so
 * they can never disagree. Screens handle actions, never raw key codes
 * (forms read text keys directly).
 */
#ifndef PLUMB_KEYMAP_H
#define PLUMB_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "plumb/config.h"

#define ACTIONS(ACTION)                                                                    \
	ACTION(LEFT, "left", "Select the column to the left")                              \
	ACTION(RIGHT, "right", "Select the column to the right")                           \
	ACTION(UP, "up", "Select the card above")                                           \
	ACTION(DOWN, "down", "Select the card below")                                       \
	ACTION(TOP, "top", "Go to the top of the column")                                   \
	ACTION(BOTTOM, "bottom", "Go to the bottom of the column")                          \
	ACTION(PAGE_UP, "page-up", "Scroll up a page")                                      \
	ACTION(PAGE_DOWN, "page-down", "Scroll down a page")                                \
	ACTION(MOVE_LEFT, "move-left", "Move the deal one stage left")                      \
	ACTION(MOVE_RIGHT, "move-right", "Move the deal one stage right")                   \
	ACTION(OPEN, "open", "Open the deal: all fields and its timeline")                  \
	ACTION(ADD, "add", "Add a deal")                                                    \
	ACTION(EDIT, "edit", "Edit the deal")                                               \
	ACTION(FOLLOW_UP, "follow-up", "Log a follow-up on the deal")                       \
	ACTION(OBJECTION, "objection", "Log an objection on the deal")                      \
	ACTION(WON, "won", "Close the deal as won")                                         \
	ACTION(LOST, "lost", "Close the deal as lost, with the reason")                     \
	ACTION(DELETE, "delete", "Delete the deal (asks first)")                            \
	ACTION(FILTER, "filter", "Filter by text in title, company, contact, owner")        \
	ACTION(MINE, "mine", "Show only my deals (toggle)")                                 \
	ACTION(STALLED_ONLY, "stalled-only", "Show only stalled deals (toggle)")            \
	ACTION(DUE_ONLY, "due-only", "Show only deals with a follow-up due (toggle)")       \
	ACTION(KEY_ACCOUNTS, "key-accounts", "Show only key accounts (toggle)")             \
	ACTION(CLOSED, "closed", "Show the Won and Lost columns (toggle)")                  \
	ACTION(STATS, "stats", "Stats screen")                                              \
	ACTION(STANDUP, "standup", "Standup screen")                                        \
	ACTION(NEXT_OWNER, "next-owner", "Standup: next owner")                             \
	ACTION(PREV_OWNER, "prev-owner", "Standup: previous owner")                         \
	ACTION(UNDO, "undo", "Undo your last change")                                       \
	ACTION(REDO, "redo", "Redo the change you undid")                                   \
	ACTION(REFRESH, "refresh", "Reload and redraw")                                     \
	ACTION(HELP, "help", "Keys and markers")                                            \
	ACTION(BACK, "back", "Close the dialog or screen")                                  \
	ACTION(QUIT, "quit", "Quit")

#define ACTION_ENUM(id, name, help) ACTION_##id,
enum action { ACTION_NONE, ACTIONS(ACTION_ENUM) ACTION_COUNT };
#undef ACTION_ENUM

const char *action_name(enum action a);
const char *action_help(enum action a);
int action_parse(const char *name, enum action *out);

/* Key codes are ncurses codes: characters, KEY_* constants. */
#define KEYMAP_MAX 128
struct keymap {
	struct {
		int key;
		enum action action;
	} bindings[KEYMAP_MAX];
	size_t len;
};

/* The default bindings of SPEC section 4. */
void keymap_defaults(struct keymap *km);
/*
 * Applies [keys] from the config: each action's keys replace its defaults.
 * Returns 0, or -1 with err_set() naming the file, key and problem.
 */
int keymap_apply_config(struct keymap *km, const struct config *cfg);
enum action keymap_lookup(const struct keymap *km, int key);
/* "j, Down" for an action, into buf. */
void keymap_describe(const struct keymap *km, enum action a, char *buf, size_t size);

/* Key names: "a", "A", "C-r", "Enter", "Esc", "Tab", "Space", "Up", "F1", ... */
int keymap_key_parse(const char *name, int *key);
void keymap_key_name(int key, char *buf, size_t size);

#endif
