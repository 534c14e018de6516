/* The terminal UI: setup, the main loop, drawing helpers, status bar. */
#include "plumb/tui.h"

#include <curses.h>
#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plumb/board.h"
#include "plumb/clock.h"
#include "plumb/parse.h"
#include "plumb/text.h"
#include "plumb/demo.h"
#include "plumb/util.h"

#define MIN_ROWS 10
#define MIN_COLS 30
/* Input waits this long before the loop looks for others' changes. */
#define TICK_MS 1000

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

void tui_push(struct app *app, const struct screen_ops *ops, void *data, bool dialog)
{
	if (app->depth == SCREEN_STACK_MAX) {
		if (ops->free) {
			struct screen tmp = { ops, data, dialog };
			ops->free(&tmp);
		}
		tui_error(app, "too many windows open");
		return;
	}
	struct screen *s = xcalloc(1, sizeof(*s));
	s->ops = ops;
	s->data = data;
	s->dialog = dialog;
	app->stack[app->depth++] = s;
}

struct screen *tui_top(struct app *app)
{
	return app->depth ? app->stack[app->depth - 1] : NULL;
}

static void pop(struct app *app)
{
	struct screen *s;

	if (app->depth == 0)
		return;
	s = app->stack[--app->depth];
	if (s->ops->free)
		s->ops->free(s);
	free(s);
}

static void set_message(struct app *app, bool error, const char *fmt, va_list ap)
{
	vsnprintf(app->message, sizeof(app->message), fmt, ap);
	app->message_error = error;
}

void tui_message(struct app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(app, false, fmt, ap);
	va_end(ap);
}

void tui_error(struct app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(app, true, fmt, ap);
	va_end(ap);
}

unsigned tui_store_error(struct app *app)
{
	tui_error(app, "%s", err_msg());
	/* A refused change is often a stale view: show the current state. */
	return R_DRAW | R_RELOAD;
}

bool tui_refuse_read_only(struct app *app)
{
	if (!app->read_only)
		return false;
	tui_error(app, "Read-only: this pipeline is open for review, nothing can be changed");
	return true;
}

void tui_style(struct app *app, enum ui_element el)
{
	attrset((attr_t)(app->attrs[el] | app->overlay));
}

int tui_text(struct app *app, int y, int x, int width, const char *s, enum ui_element el,
	     bool pad)
{
	struct strbuf sb;
	int used;

	if (width <= 0 || y < 0 || y >= app->rows || x < 0 || x >= app->cols)
		return 0;
	if (x + width > app->cols)
		width = app->cols - x;
	strbuf_init(&sb);
	used = text_fit(&sb, s ? s : "", width, pad);
	tui_style(app, el);
	if (sb.len)
		mvaddstr(y, x, sb.buf);
	strbuf_free(&sb);
	return used;
}

void tui_text_right(struct app *app, int y, int x, int width, const char *s,
		    enum ui_element el)
{
	struct strbuf sb;

	if (width <= 0 || y < 0 || y >= app->rows || x < 0 || x >= app->cols)
		return;
	if (x + width > app->cols)
		width = app->cols - x;
	strbuf_init(&sb);
	text_fit_right(&sb, s ? s : "", width);
	tui_style(app, el);
	if (sb.len)
		mvaddstr(y, x, sb.buf);
	strbuf_free(&sb);
}

void tui_fill(struct app *app, int y, int x, int width, enum ui_element el)
{
	if (y < 0 || y >= app->rows || x < 0 || x >= app->cols)
		return;
	if (x + width > app->cols)
		width = app->cols - x;
	tui_style(app, el);
	mvhline(y, x, ' ', width);
}

void tui_box(struct app *app, int height, int width, const char *title, int *top, int *left)
{
	if (width > app->cols - 2)
		width = app->cols - 2;
	if (height > app->rows - 2)
		height = app->rows - 2;
	int y = (app->rows - height) / 2, x = (app->cols - width) / 2;
	for (int r = 0; r < height; r++)
		tui_fill(app, y + r, x, width, UI_DIALOG);
	tui_style(app, UI_DIALOG);
	mvhline(y, x, ACS_HLINE, width);
	mvhline(y + height - 1, x, ACS_HLINE, width);
	mvvline(y, x, ACS_VLINE, height);
	mvvline(y, x + width - 1, ACS_VLINE, height);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + width - 1, ACS_URCORNER);
	mvaddch(y + height - 1, x, ACS_LLCORNER);
	mvaddch(y + height - 1, x + width - 1, ACS_LRCORNER);
	if (title) {
		struct strbuf sb;
		strbuf_init(&sb);
		strbuf_printf(&sb, " %s ", title);
		tui_text(app, y, x + 2, width - 4, sb.buf, UI_DIALOG, false);
		strbuf_free(&sb);
	}
	*top = y + 1;
	*left = x + 2;
}

const char *tui_glyph(struct app *app, const char *utf8, const char *ascii)
{
	return app->utf8 ? utf8 : ascii;
}

void tui_describe_filter(struct app *app, struct strbuf *out)
{
	if (tui_owner(app))
		strbuf_printf(out, "  owner:%s", tui_owner(app));
	if (app->filter.text)
		strbuf_printf(out, "  /%s", app->filter.text);
	if (app->filter.stalled_only)
		strbuf_puts(out, "  [stalled]");
	if (app->filter.due_only)
		strbuf_puts(out, "  [due]");
	if (app->filter.key_accounts)
		strbuf_puts(out, "  [key]");
}

const char *tui_owner(struct app *app)
{
	if (app->filter.mine)
		return app->who;
	return app->filter.owner;
}

void tui_apply_filter(struct app *app, struct deal_query *q)
{
	q->owner = tui_owner(app);
	q->text = app->filter.text;
	q->key_account = app->filter.key_accounts;
	if (app->filter.stalled_only && app->engine_loaded)
		q->created_before = engine_stalled_before(&app->engine);
	if (app->filter.due_only && app->engine_loaded)
		q->followup_before = engine_due_before(&app->engine);
}

void tui_reload_engine(struct app *app)
{
	struct engine_options o;
	struct engine fresh;

	engine_options_default(&o);
	o.display_ideal = app->cfg->ideal_cycle_days;
	o.countdown_days = app->cfg->countdown_days;
	if (engine_load(&fresh, app->store, &o) != 0) {
		tui_store_error(app);
		return;
	}
	if (app->engine_loaded)
		engine_free(&app->engine);
	app->engine = fresh;
	app->engine_loaded = true;
	stage_list_clear(&app->stages);
	if (store_stages(app->store, &app->stages) != 0)
		tui_store_error(app);
	app->counts.ready = false; /* counted after the frame is on screen */
}

/* The status bar's counts: kept by the store (an index range the first
 * time a bound is seen), drawn after the first frame. */
static bool compute_counts(struct app *app)
{
	const char *owner = tui_owner(app);

	if (app->counts.ready || !app->engine_loaded)
		return false;
	if (store_open_count(app->store, OPEN_CREATED, engine_stalled_before(&app->engine), owner,
			     &app->counts.stalled) != 0 ||
	    store_open_count(app->store, OPEN_FOLLOWUP, engine_due_before(&app->engine), owner,
			     &app->counts.due_today) != 0)
		return false;
	app->counts.ready = true;
	return true;
}

static unsigned curses_attrs(unsigned theme_attrs)
{
	unsigned a = 0;
	if (theme_attrs & THEME_BOLD)
		a |= A_BOLD;
	if (theme_attrs & THEME_DIM)
		a |= A_DIM;
	if (theme_attrs & THEME_REVERSE)
		a |= A_REVERSE;
	if (theme_attrs & THEME_UNDERLINE)
		a |= A_UNDERLINE;
	if (theme_attrs & THEME_ITALIC)
		a |= A_ITALIC;
	if (theme_attrs & THEME_STANDOUT)
		a |= A_STANDOUT;
	return a;
}

static void setup_colours(struct app *app)
{
	const char *no_color = getenv("NO_COLOR");
	bool colour = has_colors() && !(no_color && no_color[0]) && !app->theme.mono;

	if (colour) {
		start_color();
		use_default_colors();
	}
	if (!colour && !app->theme.mono)
		theme_builtin_mono(&app->theme);
	for (int e = 0; e < UI_COUNT; e++) {
		const struct ui_style *st = &app->theme.styles[e];
		app->attrs[e] = curses_attrs(st->attrs);
		if (!colour || e + 1 >= COLOR_PAIRS)
			continue;
		bool wide = COLORS >= 256;
		short fg = wide ? st->fg256 : st->fg, bg = wide ? st->bg256 : st->bg;
		init_pair((short)(e + 1), fg, bg);
		app->attrs[e] |= (unsigned)COLOR_PAIR(e + 1);
	}
}

static void draw_too_small(struct app *app)
{
	const char *msg = "terminal too small";
	erase();
	int len = (int)strlen(msg);
	int y = app->rows / 2, x = (app->cols - len) / 2;
	attrset(A_NORMAL);
	if (app->cols >= len)
		mvaddstr(y < 0 ? 0 : y, x < 0 ? 0 : x, msg);
	else if (app->cols > 0 && app->rows > 0)
		mvaddnstr(0, 0, msg, app->cols);
}

static void draw_status(struct app *app)
{
	struct strbuf sb;
	int y = app->rows - 1, x = 0;

	strbuf_init(&sb);
	tui_fill(app, y, 0, app->cols, UI_STATUS);
	if (app->read_only)
		x += tui_text(app, y, x, app->cols, " READ-ONLY ", UI_READ_ONLY, false) + 1;
	if (app->message[0]) {
		tui_text(app, y, x, app->cols - x, app->message,
			 app->message_error ? UI_ERROR : UI_STATUS, false);
		strbuf_free(&sb);
		return;
	}
	const struct engine *e = &app->engine;
	if (app->engine_loaded) {
		if (e->cycle.known)
			strbuf_printf(&sb, "avg %.1fd", e->cycle.average_days);
		else
			strbuf_printf(&sb, "avg ?");
		strbuf_printf(&sb, "  ideal %dd", e->ideal_days);
	}
	if (app->counts.ready)
		strbuf_printf(&sb, "  stalled %lld  due %lld", (long long)app->counts.stalled,
			      (long long)app->counts.due_today);
	tui_text(app, y, x, app->cols - x - 7, sb.buf ? sb.buf : "", UI_STATUS, false);
	tui_text_right(app, y, app->cols - 7, 7, "? help", UI_STATUS);
	strbuf_free(&sb);
}

static void draw(struct app *app)
{
	getmaxyx(stdscr, app->rows, app->cols);
	if (app->rows < MIN_ROWS || app->cols < MIN_COLS) {
		draw_too_small(app);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	tui_style(app, UI_NORMAL);
	erase();
	app->cursor_y = app->cursor_x = -1;
	/* Dialogs draw over the screen below them. */
	int first = app->depth - 1;
	while (first > 0 && app->stack[first]->dialog)
		first--;
	for (int i = first; i < app->depth; i++)
		app->stack[i]->ops->draw(app, app->stack[i]);
	draw_status(app);
	if (app->cursor_y >= 0) {
		move(app->cursor_y, app->cursor_x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

static void reload_all(struct app *app)
{
	/* The version is noted before reading: a commit that lands during
	 * the reload then shows at the next check instead of being missed. */
	store_data_version(app->store, &app->data_version);
	tui_reload_engine(app);
	for (int i = 0; i < app->depth; i++)
		if (app->stack[i]->ops->reload)
			app->stack[i]->ops->reload(app, app->stack[i]);
}

static bool apply(struct app *app, unsigned r)
{
	if (r & R_POP)
		pop(app);
	if (r & R_RELOAD)
		reload_all(app);
	return !(r & R_QUIT) && app->depth > 0;
}

/* Another process committed: reload so every board shows it. */
static bool check_outside_changes(struct app *app)
{
	int64_t v;

	/* The file deleted or replaced under us: say so until a key is pressed,
	 * and again after (changes are refused by the store meanwhile). */
	if (store_file_check(app->store) != 0) {
		if (app->message[0])
			return false;
		tui_error(app, "%s", err_msg());
		return true;
	}
	if (store_data_version(app->store, &v) != 0)
		return false;
	if (v == app->data_version)
		return false;
	reload_all(app);
	return true;
}

static unsigned handle_mouse(struct app *app)
{
	MEVENT ev;
	struct screen *s = tui_top(app);

	if (getmouse(&ev) != OK || !s->ops->mouse)
		return R_NONE;
	if (ev.bstate & BUTTON4_PRESSED)
		return s->ops->mouse(app, s, ev.y, ev.x, -1);
	if (ev.bstate & BUTTON5_PRESSED)
		return s->ops->mouse(app, s, ev.y, ev.x, 1);
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED))
		return s->ops->mouse(app, s, ev.y, ev.x, 0);
	return R_NONE;
}

static unsigned handle_input(struct app *app, int rc, wint_t ch)
{
	struct screen *s = tui_top(app);
	bool fkey = rc == KEY_CODE_YES;

	if (fkey && ch == KEY_MOUSE)
		return handle_mouse(app);
	if (app->rows < MIN_ROWS || app->cols < MIN_COLS)
		return (!fkey && ch == 'q') ? R_QUIT : R_NONE;
	if (s->ops->key) {
		unsigned r = s->ops->key(app, s, ch, fkey);
		if (!(r & R_UNHANDLED))
			return r;
	}
	enum action a = keymap_lookup(&app->keymap, (int)ch);
	if (a == ACTION_NONE)
		return R_NONE;
	return s->ops->act(app, s, a);
}

/* One step of the work a frame leaves (counts); false when none is left. */
static bool after_frame(struct app *app)
{
	if (compute_counts(app))
		return true;
	for (int i = 0; i < app->depth; i++) {
		struct screen *s = app->stack[i];
		if (s->ops->idle && s->ops->idle(app, s))
			return true;
	}
	return false;
}

/*
 * Draws, then waits for a key. Work left after a frame runs a step at a
 * time between polls for input, so a key is never kept waiting behind a
 * count; with nothing left the wait is a tick, for others' changes.
 */
static void loop(struct app *app)
{
	bool dirty = true, pending = true;

	while (!got_signal) {
		if (dirty)
			draw(app);
		dirty = false;
		wint_t ch;
		timeout(pending ? 0 : TICK_MS);
		int rc = get_wch(&ch);
		if (rc == ERR) {
			if (errno == EINTR && got_signal)
				break;
			if (pending) {
				pending = dirty = after_frame(app);
				continue;
			}
			pending = dirty = check_outside_changes(app);
			continue;
		}
		pending = true;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			dirty = true;
			continue;
		}
		app->message[0] = '\0';
		if (!apply(app, handle_input(app, rc, ch)))
			break;
		dirty = true;
	}
}

static int init_curses(struct app *app)
{
	if (!initscr()) {
		err_set("cannot initialise the terminal (is TERM set?)");
		return -1;
	}
	cbreak(); /* Ctrl-C ends cleanly (SIGINT), Ctrl-Z suspends */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	timeout(TICK_MS);
	if (app->cfg->mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED,
			  NULL);
	mouseinterval(0);
	setup_colours(app);
	bkgdset(' ' | (chtype)app->attrs[UI_NORMAL]);
	return 0;
}

static int load_theme(struct app *app, const char *name)
{
	const char *no_color = getenv("NO_COLOR");
	if (no_color && no_color[0]) {
		theme_builtin_mono(&app->theme);
		return 0;
	}
	if (theme_load(name, &app->theme) != 0) {
		/* A broken theme must not keep anyone from their pipeline. */
		char why[512];
		snprintf(why, sizeof(why), "%s", err_msg());
		theme_builtin_default(&app->theme);
		tui_error(app, "Theme: %s; using the default", why);
	}
	return 0;
}

static int prepare(struct app *app, const struct config *cfg, const char *db_path,
		   const char *who, const struct board_options *opts)
{
	memset(app, 0, sizeof(*app));
	app->cfg = cfg;
	app->db_path = db_path;
	app->who = xstrdup(who);
	app->utf8 = text_locale_utf8();
	keymap_defaults(&app->keymap);
	if (keymap_apply_config(&app->keymap, cfg) != 0)
		return -1;
	unsigned flags = opts->read_only ? STORE_READ_ONLY : STORE_CREATE;
	if (store_open(db_path, flags, &app->store) != 0)
		return -1;
	store_set_who(app->store, who);
	app->read_only = store_read_only(app->store);
	if (!app->read_only) {
		int needs = store_needs_init(app->store);
		if (needs < 0 || (needs > 0 && store_init_stages(app->store, demo_default_stages,
								 demo_default_stages_len) != 0))
			return -1;
	}
	if (opts->owner)
		app->filter.owner = xstrdup(opts->owner);
	load_theme(app, opts->theme ? opts->theme : cfg->theme);
	char session[64];
	snprintf(session, sizeof(session), "%ld-%lld", (long)getpid(), (long long)time(NULL));
	if (store_journal_open(app->store, session) != 0)
		return -1;
	store_data_version(app->store, &app->data_version);
	tui_reload_engine(app);
	return 0;
}

static void cleanup(struct app *app)
{
	while (app->depth)
		pop(app);
	if (app->store)
		store_journal_close(app->store);
	if (app->engine_loaded)
		engine_free(&app->engine);
	stage_list_clear(&app->stages);
	store_close(app->store);
	free(app->filter.owner);
	free(app->filter.text);
	free(app->who);
}

/* Before an out-of-memory exit: the message must land on a sane terminal. */
static void restore_terminal(void *unused)
{
	(void)unused;
	if (!isendwin())
		endwin();
}

int board_run(const struct config *cfg, const char *db_path, const char *who,
	      const struct board_options *opts)
{
	struct app app;
	struct sigaction sa;

	if (prepare(&app, cfg, db_path, who, opts) != 0) {
		char why[1024];
		snprintf(why, sizeof(why), "%s", err_msg());
		cleanup(&app);
		err_set("%s", why);
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (init_curses(&app) != 0) {
		cleanup(&app);
		return -1;
	}
	fatal_cleanup_push(restore_terminal, NULL);
	tui_push(&app, &board_screen, NULL, false);
	if (opts->standup) {
		app.standup_mode = true;
		tui_push(&app, &standup_screen, NULL, false);
	}
	loop(&app);
	fatal_cleanup_pop();
	endwin();
	cleanup(&app);
	return 0;
}
