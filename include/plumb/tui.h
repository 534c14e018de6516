/*
 * The terminal UI's shared state and the screen protocol. Screens (board,
 * detail, form, help, stats, standup) each live in one file and export a
 * `struct screen_ops`. Handlers return what changed (a reaction) and never
 * draw; only the main loop draws, once per event.
 */
#ifndef PLUMB_TUI_H
#define PLUMB_TUI_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "plumb/config.h"
#include "plumb/engine.h"
#include "plumb/keymap.h"
#include "plumb/store.h"
#include "plumb/theme.h"

enum reaction {
	R_NONE = 0,
	R_DRAW = 1u << 0,   /* redraw the screen */
	R_RELOAD = 1u << 1, /* data changed: every screen reloads, then redraw */
	R_POP = 1u << 2,    /* close the top screen */
	R_QUIT = 1u << 3,
	R_UNHANDLED = 1u << 4, /* key(): not consumed, look up its action */
};

struct app;
struct screen;

struct screen_ops {
	const char *name;
	void (*draw)(struct app *app, struct screen *s);
	/* A bound action; returns reactions. */
	unsigned (*act)(struct app *app, struct screen *s, enum action a);
	/* Optional: raw input before the key map (forms type text). */
	unsigned (*key)(struct app *app, struct screen *s, wint_t ch, bool function_key);
	/*
	 * Optional: one step of work left after a frame (counts that scan),
	 * run while no key is waiting; returns true when it changed what is
	 * drawn, false when nothing is left.
	 */
	bool (*idle)(struct app *app, struct screen *s);
	/* Optional: the data changed (own change, or another process). */
	void (*reload)(struct app *app, struct screen *s);
	/* Optional: a mouse event at (y, x); wheel is -1/+1, 0 for a click. */
	unsigned (*mouse)(struct app *app, struct screen *s, int y, int x, int wheel);
	void (*free)(struct screen *s);
};

struct screen {
	const struct screen_ops *ops;
	void *data;
	bool dialog; /* drawn over the screen below it */
};

/* What the board shows; the detail and list queries use the same filter. */
struct board_filter {
	char *owner; /* NULL: everyone */
	bool mine;   /* owner is the user (toggle m) */
	char *text;  /* NULL: no text filter */
	bool stalled_only, due_only, key_accounts;
	bool closed; /* show Won and Lost columns */
};

#define SCREEN_STACK_MAX 8

struct app {
	const struct config *cfg;
	struct store *store;
	const char *db_path;
	char *who;
	bool read_only;
	struct engine engine;
	bool engine_loaded;
	struct stage_list stages;
	struct keymap keymap;
	struct theme theme;
	unsigned attrs[UI_COUNT]; /* curses attributes incl. colour pair */
	unsigned overlay;         /* added to every style (the selected card) */
	int cursor_y, cursor_x;   /* where the text cursor shows; -1: hidden */
	bool utf8;
	struct screen *stack[SCREEN_STACK_MAX];
	int depth;
	char message[512];
	bool message_error;
	int rows, cols;
	struct board_filter filter;
	struct {
		bool ready;
		int64_t stalled, due_today;
	} counts;
	int64_t data_version;
	/* Set by an action: the board selects this deal after reloading. */
	int64_t focus_deal;
	bool standup_mode; /* opened with --standup: q on the standup quits */
};

/* Screens. */
void tui_push(struct app *app, const struct screen_ops *ops, void *data, bool dialog);
struct screen *tui_top(struct app *app);

/* One-line message on the status bar until the next key. */
void tui_message(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_error(struct app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The store's last error as a message; returns R_DRAW | R_RELOAD. */
unsigned tui_store_error(struct app *app);
/* True (and a message) when the pipeline is read-only. */
bool tui_refuse_read_only(struct app *app);

/* Drawing: all stored text goes through text_fit (sanitised, cut by width). */
void tui_style(struct app *app, enum ui_element el);
int tui_text(struct app *app, int y, int x, int width, const char *s, enum ui_element el,
	     bool pad);
void tui_text_right(struct app *app, int y, int x, int width, const char *s,
		    enum ui_element el);
void tui_fill(struct app *app, int y, int x, int width, enum ui_element el);
/* A centered box with a title; returns the inner area. */
void tui_box(struct app *app, int height, int width, const char *title, int *top, int *left);
/* The marker glyph for ASCII-only terminals or UTF-8 ones. */
const char *tui_glyph(struct app *app, const char *utf8, const char *ascii);

/* Reloads the engine (cycle, rules) and the status counts. */
void tui_reload_engine(struct app *app);
/* The owner the board is filtered to, or NULL. */
const char *tui_owner(struct app *app);
/* Appends the active filters ("  owner:ana  /text  [stalled]") to out. */
void tui_describe_filter(struct app *app, struct strbuf *out);
/* Fills q's filter fields from the board filter. */
void tui_apply_filter(struct app *app, struct deal_query *q);

/* Opens the detail screen of a deal. */
void detail_open(struct app *app, int64_t deal_id);

extern const struct screen_ops board_screen, detail_screen, help_screen, form_screen,
	stats_screen, standup_screen;

#endif
