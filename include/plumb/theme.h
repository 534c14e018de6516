/*
 * Themes: every UI element (one X-macro list) mapped to colours and
 * attributes. Theme files are INI, one section per element with fg, bg
 * (8-colour names), fg256, bg256 (0-255 or default) and attr (bold, dim,
 * reverse, underline, italic, standout, none). Every theme fills every
 * element. The mono theme uses attributes only; NO_COLOR or a terminal
 * without colours selects it.
 */
#ifndef PLUMB_THEME_H
#define PLUMB_THEME_H

#include <stdbool.h>

#define UI_ELEMENTS(UI)                                                   \
	UI(NORMAL, "normal", "background and plain text")                 \
	UI(TITLE, "title", "the top line")                                \
	UI(HEADER, "header", "column headers")                            \
	UI(HEADER_SELECTED, "header-selected", "the selected column's header") \
	UI(CARD, "card", "a card")                                        \
	UI(CARD_DIM, "card-dim", "a card's second lines")                 \
	UI(SELECTED, "selected", "the selected card")                     \
	UI(AGING, "aging", "an aging deal's title")                       \
	UI(STALLED, "stalled", "a stalled deal")                          \
	UI(COUNTDOWN, "countdown", "\"stalls in Nd\"")                    \
	UI(ROTTING, "rotting", "the rotting marker")                      \
	UI(DUE, "due", "follow-up due")                                   \
	UI(OVERDUE, "overdue", "follow-up overdue")                       \
	UI(PERSIST, "persist", "persist and qualify-out markers")         \
	UI(KEY_ACCOUNT, "key-account", "the key-account marker")          \
	UI(WON, "won", "won deals")                                       \
	UI(LOST, "lost", "lost deals")                                    \
	UI(STATUS, "status", "the status bar")                            \
	UI(ERROR, "error", "error messages")                              \
	UI(READ_ONLY, "read-only", "the read-only marker")                \
	UI(DIALOG, "dialog", "dialogs and forms")                         \
	UI(FIELD, "field", "form fields")                                 \
	UI(FIELD_ACTIVE, "field-active", "the field being edited")        \
	UI(BAR, "bar", "bar charts")                                      \
	UI(BAR_ALT, "bar-alt", "the second series of bar charts")         \
	UI(HELP_KEY, "help-key", "keys on the help screen")

#define UI_ENUM(id, name, help) UI_##id,
enum ui_element { UI_ELEMENTS(UI_ENUM) UI_COUNT };
#undef UI_ENUM

const char *ui_element_name(enum ui_element e);

struct ui_style {
	short fg, bg;       /* 8-colour: -1 default, 0..7 */
	short fg256, bg256; /* -1 default, 0..255 */
	unsigned attrs;     /* THEME_BOLD etc. */
};

#define THEME_BOLD 1u
#define THEME_DIM 2u
#define THEME_REVERSE 4u
#define THEME_UNDERLINE 8u
#define THEME_ITALIC 16u
#define THEME_STANDOUT 32u

struct theme {
	char name[64];
	bool mono;
	struct ui_style styles[UI_COUNT];
};

/* The built-in fallbacks, always available. */
void theme_builtin_default(struct theme *t);
void theme_builtin_mono(struct theme *t);

/*
 * Loads a theme by name (searched in $PLUMB_THEMES, the user's data
 * directory, the install directory and ./themes next to the binary) or by
 * path (contains '/'). Returns 0, or -1 with err_set(); t is untouched
 * on failure.
 */
int theme_load(const char *name_or_path, struct theme *t);
int theme_load_file(const char *path, struct theme *t);

#endif
