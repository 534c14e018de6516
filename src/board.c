/*
 * The board screen: one column per open stage (and Won/Lost on request),
 * cards fetched a window at a time with keyset pagination, so its cost is
 * what is on the screen, never the size of the pipeline.
 */
#include <curses.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/actions.h"
#include "plumb/clock.h"
#include "plumb/parse.h"
#include "plumb/tui.h"
#include "plumb/util.h"

#define COL_MIN_WIDTH 22
#define COL_MAX_WIDTH 42
#define CARD_ROWS 3
#define CARD_GAP 1
#define BOARD_TOP 3 /* title row, two header rows */

struct column {
	int64_t stage_id; /* 0 for the Won and Lost columns */
	enum deal_status_filter status;
	char *name;
	int probability;
	struct deal *cards;
	int ncards;
	bool more_above, more_below;
	int sel;
	int64_t count, value_minor;
	bool counted; /* count and value are known (filtered ones come later) */
	/* Columns off screen are loaded when they come into view, at the
	 * window and selection they had (anchored) before the reload. */
	bool loaded, anchored;
	time_t anchor_created;
	int64_t anchor_id, anchor_sel_id;
};

struct board {
	struct column *cols;
	int ncols;
	int sel_col;
	int first_col;
	int visible_cols;
	int col_width;
	int capacity; /* cards that fit in a column */
};

static int card_capacity(struct app *app)
{
	int h = app->rows - BOARD_TOP - 1;
	int n = (h + CARD_GAP) / (CARD_ROWS + CARD_GAP);
	return n < 1 ? 1 : n;
}

static void column_clear_cards(struct column *c)
{
	for (int i = 0; i < c->ncards; i++)
		deal_clear(&c->cards[i]);
	free(c->cards);
	c->cards = NULL;
	c->ncards = 0;
}

static void base_query(struct app *app, const struct column *c, struct deal_query *q)
{
	memset(q, 0, sizeof(*q));
	q->status = c->status;
	q->stage_id = c->stage_id;
	q->order = c->stage_id ? ORDER_BOARD : ORDER_AGE;
	tui_apply_filter(app, q);
}

/* Runs q and appends up to limit rows (in query order) to out. */
static int fetch(struct app *app, struct deal_query *q, int limit, struct deal *out, int *n)
{
	struct deal_iter *it;
	int rc = 0;

	q->limit = limit;
	*n = 0;
	if (store_query(app->store, q, &it) != 0)
		return -1;
	while (*n < limit && (rc = deal_iter_next(it, &out[*n])) == 1)
		(*n)++;
	deal_iter_free(it);
	return rc < 0 ? -1 : 0;
}

static bool exists_before(struct app *app, const struct column *c, const struct deal *d)
{
	struct deal_query q;
	struct deal tmp[1];
	int n = 0;

	base_query(app, c, &q);
	q.has_before = true;
	q.before_created = d->created_at;
	q.before_id = d->id;
	if (fetch(app, &q, 1, tmp, &n) != 0)
		return false;
	if (n)
		deal_clear(&tmp[0]);
	return n > 0;
}

enum anchor { ANCHOR_TOP, ANCHOR_AT, ANCHOR_BOTTOM };

static int column_load(struct app *app, struct board *b, struct column *c, enum anchor anchor,
		       time_t at_created, int64_t at_id);

/*
 * A window anchored near the end of a column would leave empty rows: pull
 * earlier cards in so the column stays full and the selected deal stays
 * on screen.
 */
static void fill_from_above(struct app *app, struct board *b, struct column *c)
{
	int missing = b->capacity - c->ncards;
	struct deal *prev = xcalloc((size_t)missing, sizeof(*prev));
	struct deal_query q;
	int n = 0;
	int64_t sel_id = c->ncards ? c->cards[c->sel].id : 0;

	base_query(app, c, &q);
	q.has_before = true;
	q.before_created = c->ncards ? c->cards[0].created_at : 0;
	q.before_id = c->ncards ? c->cards[0].id : 0;
	if (c->ncards && fetch(app, &q, missing, prev, &n) == 0 && n > 0) {
		time_t created = prev[n - 1].created_at;
		int64_t id = prev[n - 1].id;
		column_load(app, b, c, ANCHOR_AT, created, id);
		for (int k = 0; k < c->ncards; k++)
			if (c->cards[k].id == sel_id)
				c->sel = k;
	}
	for (int i = 0; i < n; i++)
		deal_clear(&prev[i]);
	free(prev);
}

/*
 * Loads the window of a column: from the top, starting at a deal (its
 * created_at and id), or ending at the bottom. One indexed range scan of
 * capacity + 1 rows.
 */
static int column_load(struct app *app, struct board *b, struct column *c, enum anchor anchor,
		       time_t at_created, int64_t at_id)
{
	int cap = b->capacity;
	struct deal *rows = xcalloc((size_t)cap + 1, sizeof(*rows));
	struct deal_query q;
	int n = 0;

	base_query(app, c, &q);
	if (anchor == ANCHOR_AT) {
		q.has_after = true;
		q.after_created = at_created;
		q.after_id = at_id - 1; /* includes the anchor itself */
	} else if (anchor == ANCHOR_BOTTOM) {
		q.reverse = true;
	}
	if (fetch(app, &q, cap + 1, rows, &n) != 0) {
		free(rows);
		return -1;
	}
	column_clear_cards(c);
	if (anchor == ANCHOR_BOTTOM) {
		for (int i = 0; i < n / 2; i++) {
			struct deal t = rows[i];
			rows[i] = rows[n - 1 - i];
			rows[n - 1 - i] = t;
		}
		c->more_above = n > cap;
		c->more_below = false;
		if (n > cap) {
			deal_clear(&rows[0]);
			memmove(rows, rows + 1, sizeof(*rows) * (size_t)cap);
			n = cap;
		}
	} else {
		c->more_below = n > cap;
		if (n > cap)
			deal_clear(&rows[--n]);
		c->more_above = anchor == ANCHOR_AT && n > 0 && exists_before(app, c, &rows[0]);
	}
	c->cards = rows;
	c->ncards = n;
	c->loaded = true;
	if (c->sel >= n)
		c->sel = n ? n - 1 : 0;
	if (anchor == ANCHOR_AT && n < cap && c->more_above)
		fill_from_above(app, b, c);
	return 0;
}

/* Loads a column's window where it was, keeping its selected deal. */
static bool column_reload(struct app *app, struct board *b, struct column *c)
{
	bool found = false;

	if (!c->anchored) {
		column_load(app, b, c, c->stage_id ? ANCHOR_TOP : ANCHOR_BOTTOM, 0, 0);
		return true;
	}
	column_load(app, b, c, ANCHOR_AT, c->anchor_created, c->anchor_id);
	if (c->ncards == 0)
		column_load(app, b, c, ANCHOR_BOTTOM, 0, 0);
	for (int k = 0; k < c->ncards; k++) {
		if (c->cards[k].id == c->anchor_sel_id) {
			c->sel = k;
			found = true;
		}
	}
	c->loaded = true; /* even when the load failed: the error is shown */
	return found;
}

static void column_ensure(struct app *app, struct board *b, struct column *c)
{
	if (!c->loaded)
		column_reload(app, b, c);
}

static void column_totals(struct app *app, struct column *c, const struct stage_total *t,
			  size_t nt)
{
	bool plain = !app->filter.text && !app->filter.stalled_only && !app->filter.due_only &&
		     !app->filter.key_accounts;
	c->count = 0;
	c->value_minor = 0;
	c->counted = plain;
	if (plain) {
		for (size_t i = 0; i < nt; i++) {
			bool status_ok = (c->status == STATUS_OPEN && t[i].status == DEAL_OPEN) ||
					 (c->status == STATUS_WON && t[i].status == DEAL_WON) ||
					 (c->status == STATUS_LOST && t[i].status == DEAL_LOST);
			if (status_ok && (!c->stage_id || t[i].stage_id == c->stage_id)) {
				c->count += t[i].deals;
				c->value_minor += t[i].value_minor;
			}
		}
		return;
	}
}

/*
 * A filtered column's count scans the stage's matches (all its deals for
 * a text filter), so it is made after the frame, one column per step,
 * visible columns first: the cards come at once, the counts follow.
 */
static bool board_idle(struct app *app, struct screen *s)
{
	struct board *b = s->data;
	if (!b)
		return false;
	for (int k = 0; k < b->ncols; k++) {
		int i = (b->first_col + k) % b->ncols;
		struct column *c = &b->cols[i];
		if (c->counted)
			continue;
		struct deal_query q;
		base_query(app, c, &q);
		if (store_count(app->store, &q, &c->count, &c->value_minor) != 0) {
			c->count = -1;
			tui_store_error(app);
		}
		c->counted = true;
		return true;
	}
	return false;
}

static void board_free_columns(struct board *b)
{
	for (int i = 0; i < b->ncols; i++) {
		column_clear_cards(&b->cols[i]);
		free(b->cols[i].name);
	}
	free(b->cols);
	b->cols = NULL;
	b->ncols = 0;
}

static void build_columns(struct app *app, struct board *b)
{
	int n = (int)app->stages.len + (app->filter.closed ? 2 : 0);
	b->cols = xcalloc((size_t)(n ? n : 1), sizeof(*b->cols));
	b->ncols = n;
	for (size_t i = 0; i < app->stages.len; i++) {
		struct column *c = &b->cols[i];
		c->stage_id = app->stages.items[i].id;
		c->status = STATUS_OPEN;
		c->name = xstrdup(app->stages.items[i].name);
		c->probability = app->stages.items[i].probability;
	}
	if (app->filter.closed) {
		struct column *won = &b->cols[app->stages.len], *lost = won + 1;
		won->status = STATUS_WON;
		won->name = xstrdup("Won");
		won->probability = 100;
		lost->status = STATUS_LOST;
		lost->name = xstrdup("Lost");
	}
}

static void layout(struct app *app, struct board *b)
{
	int avail = app->cols;
	int fit = (avail + 1) / (COL_MIN_WIDTH + 1);

	if (fit < 1)
		fit = 1;
	b->visible_cols = b->ncols < fit ? b->ncols : fit;
	if (b->visible_cols < 1)
		b->visible_cols = 1;
	b->col_width = (avail - (b->visible_cols - 1)) / b->visible_cols;
	if (b->col_width > COL_MAX_WIDTH)
		b->col_width = COL_MAX_WIDTH;
	b->capacity = card_capacity(app);
	if (b->sel_col >= b->ncols)
		b->sel_col = b->ncols ? b->ncols - 1 : 0;
	if (b->sel_col < b->first_col)
		b->first_col = b->sel_col;
	if (b->sel_col >= b->first_col + b->visible_cols)
		b->first_col = b->sel_col - b->visible_cols + 1;
	if (b->first_col > b->ncols - b->visible_cols)
		b->first_col = b->ncols - b->visible_cols;
	if (b->first_col < 0)
		b->first_col = 0;
}

static struct deal *selected_deal(struct board *b)
{
	if (b->ncols == 0)
		return NULL;
	struct column *c = &b->cols[b->sel_col];
	return c->ncards ? &c->cards[c->sel] : NULL;
}

/* Finds the focus deal's column and loads its window starting at it. */
static bool focus_on(struct app *app, struct board *b, int64_t deal_id)
{
	struct deal d;

	if (store_deal_get(app->store, deal_id, &d) != 0)
		return false;
	for (int i = 0; i < b->ncols; i++) {
		struct column *c = &b->cols[i];
		bool match = c->stage_id ? (d.status == DEAL_OPEN && c->stage_id == d.stage_id)
					 : ((c->status == STATUS_WON && d.status == DEAL_WON) ||
					    (c->status == STATUS_LOST && d.status == DEAL_LOST));
		if (!match)
			continue;
		b->sel_col = i;
		column_load(app, b, c, ANCHOR_AT, d.created_at, d.id);
		c->sel = 0;
		for (int k = 0; k < c->ncards; k++)
			if (c->cards[k].id == deal_id)
				c->sel = k;
		deal_clear(&d);
		return true;
	}
	deal_clear(&d);
	return false;
}

/*
 * Reloads every column's window where it was (anchored at its top card),
 * keeping the selection on the same deal when it is still there.
 */
static void board_reload(struct app *app, struct screen *s)
{
	struct board *b = s->data;
	if (!b)
		return;
	struct stage_total *totals = NULL;
	size_t ntotals = 0;
	int old_ncols = b->ncols;
	struct {
		time_t created;
		int64_t id, sel_id;
		bool has;
	} *anchors = xcalloc((size_t)(old_ncols ? old_ncols : 1), sizeof(*anchors));
	int old_sel_col = b->sel_col;
	char *old_sel_title = NULL;

	for (int i = 0; i < old_ncols; i++) {
		struct column *c = &b->cols[i];
		if (c->ncards) {
			anchors[i].has = true;
			anchors[i].created = c->cards[0].created_at;
			anchors[i].id = c->cards[0].id;
			anchors[i].sel_id = c->cards[c->sel].id;
			if (i == old_sel_col)
				old_sel_title = xstrdup(c->cards[c->sel].title);
		}
	}
	board_free_columns(b);
	build_columns(app, b);
	layout(app, b);
	store_stage_totals(app->store, tui_owner(app), &totals, &ntotals);
	for (int i = 0; i < b->ncols; i++) {
		struct column *c = &b->cols[i];
		column_totals(app, c, totals, ntotals);
		if (i < old_ncols && anchors[i].has) {
			c->anchored = true;
			c->anchor_created = anchors[i].created;
			c->anchor_id = anchors[i].id;
			c->anchor_sel_id = anchors[i].sel_id;
		}
		/* Only what is on screen is read now (half the columns at 80x24). */
		bool on_screen = (i >= b->first_col && i < b->first_col + b->visible_cols) ||
				 i == b->sel_col;
		if (!on_screen || app->focus_deal)
			continue;
		bool found = column_reload(app, b, c);
		/* The selection stays on its row; say why the card left. */
		if (c->anchored && !found && i == old_sel_col && old_sel_title &&
		    !app->message[0])
			tui_message(app, "'%s' was moved, closed or deleted (by you or "
					 "someone else)", old_sel_title);
	}
	free(totals);
	free(anchors);
	free(old_sel_title);
	if (app->focus_deal) {
		focus_on(app, b, app->focus_deal);
		app->focus_deal = 0;
	}
	layout(app, b);
	if (b->ncols)
		column_ensure(app, b, &b->cols[b->sel_col]);
}

static void ensure_loaded(struct app *app, struct screen *s)
{
	struct board *b = s->data;
	if (!b) {
		b = xcalloc(1, sizeof(*b));
		s->data = b;
		board_reload(app, s);
	}
}

static void draw_title(struct app *app, struct board *b)
{
	char *copy = xstrdup(app->db_path);
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_printf(&sb, " plumb  %s", basename(copy));
	tui_describe_filter(app, &sb);
	tui_fill(app, 0, 0, app->cols, UI_TITLE);
	tui_text(app, 0, 0, app->cols - 16, sb.buf, UI_TITLE, false);
	strbuf_reset(&sb);
	if (b->ncols)
		strbuf_printf(&sb, "column %d/%d ", b->sel_col + 1, b->ncols);
	tui_text_right(app, 0, app->cols - 16, 16, sb.buf ? sb.buf : "", UI_TITLE);
	strbuf_free(&sb);
	free(copy);
}

static void draw_header(struct app *app, struct board *b, int ci, int x, int w)
{
	struct column *c = &b->cols[ci];
	bool sel = ci == b->sel_col;
	enum ui_element el = sel ? UI_HEADER_SELECTED : UI_HEADER;
	char count[32], money[32], weighted[32];
	struct strbuf name;

	strbuf_init(&name);
	if (ci == b->first_col && b->first_col > 0)
		strbuf_printf(&name, "%s%d ", tui_glyph(app, "\xe2\x97\x80", "<"), b->first_col);
	strbuf_puts(&name, c->name);
	if (!c->counted || c->count < 0)
		snprintf(count, sizeof(count), " %s", tui_glyph(app, "\xe2\x80\xa6", "..."));
	else
		snprintf(count, sizeof(count), " %lld", (long long)c->count);
	int hidden_right = b->ncols - (b->first_col + b->visible_cols);
	if (ci == b->first_col + b->visible_cols - 1 && hidden_right > 0)
		snprintf(count + strlen(count), sizeof(count) - strlen(count), " %d%s",
			 hidden_right, tui_glyph(app, "\xe2\x96\xb6", ">"));
	tui_fill(app, 1, x, w, el);
	int cw = (int)strlen(count);
	tui_text(app, 1, x, w - cw, name.buf, el, false);
	tui_text_right(app, 1, x + w - cw, cw, count, el);
	strbuf_free(&name);

	format_money_short(c->value_minor, money, sizeof(money));
	struct strbuf line;
	strbuf_init(&line);
	if (!c->counted || c->count < 0)
		strbuf_puts(&line, tui_glyph(app, "\xe2\x80\xa6", "..."));
	else
		strbuf_printf(&line, "%s%s", app->cfg->currency_symbol, money);
	if (c->counted && c->count >= 0 && c->status == STATUS_OPEN && w >= 24) {
		format_money_short(c->value_minor / 100 * c->probability, weighted, sizeof(weighted));
		strbuf_printf(&line, "  w %s%s (%d%%)", app->cfg->currency_symbol, weighted,
			      c->probability);
	}
	tui_fill(app, 2, x, w, UI_CARD_DIM);
	tui_text(app, 2, x, w, line.buf, UI_CARD_DIM, false);
	strbuf_free(&line);
}

static enum ui_element marker_style(char m)
{
	switch (m) {
	case MARK_STALLED:
		return UI_STALLED;
	case MARK_ROTTING:
		return UI_ROTTING;
	case MARK_DUE:
		return UI_DUE;
	case MARK_OVERDUE:
		return UI_OVERDUE;
	case MARK_PERSIST:
	case MARK_QUALIFY_OUT:
		return UI_PERSIST;
	case MARK_KEY_ACCOUNT:
		return UI_KEY_ACCOUNT;
	default:
		return UI_CARD;
	}
}

/* Line 3's right side: the most urgent thing about the deal. */
static void card_hint(struct app *app, const struct deal *d, char *buf, size_t size,
		      enum ui_element *el)
{
	struct followup_state fs;
	const struct engine *e = &app->engine;

	buf[0] = '\0';
	*el = UI_CARD_DIM;
	if (d->status != DEAL_OPEN) {
		char day[16];
		clock_format_day(clock_day(d->closed_at), day, sizeof(day));
		snprintf(buf, size, "%s %s", deal_status_name(d->status), day);
		*el = d->status == DEAL_WON ? UI_WON : UI_LOST;
		return;
	}
	engine_followup(e, d, &fs);
	if (fs.overdue) {
		snprintf(buf, size, "overdue %lldd", (long long)(e->today - fs.due_day));
		*el = UI_OVERDUE;
	} else if (engine_show_countdown(e, d)) {
		snprintf(buf, size, "stalls in %lldd", (long long)engine_days_to_stall(e, d));
		*el = UI_COUNTDOWN;
	} else if (fs.due) {
		snprintf(buf, size, fs.due_today ? "due today" : "due");
		*el = UI_DUE;
	} else if (fs.qualify_out) {
		snprintf(buf, size, "qualify out");
		*el = UI_PERSIST;
	} else if (fs.persist) {
		snprintf(buf, size, "persist %d", fs.unanswered);
		*el = UI_PERSIST;
	}
}

static void draw_card(struct app *app, const struct deal *d, int y, int x, int w, bool sel)
{
	const struct engine *e = &app->engine;
	char marks[16], money[40], value[48], hint[48];
	enum ui_element title_el = UI_CARD, hint_el;
	struct strbuf sb;
	int used = 1;

	if (sel)
		app->overlay = app->attrs[UI_SELECTED];
	for (int r = 0; r < CARD_ROWS; r++)
		tui_fill(app, y + r, x, w, UI_CARD);
	engine_markers(e, d, marks, sizeof(marks));
	if (d->status == DEAL_OPEN) {
		enum tier t = engine_tier(e, d);
		title_el = t == TIER_STALLED ? UI_STALLED : t == TIER_AGING ? UI_AGING : UI_CARD;
	} else {
		title_el = d->status == DEAL_WON ? UI_WON : UI_LOST;
	}
	for (const char *m = marks; *m && used < w / 2; m++) {
		char one[2] = { *m, 0 };
		used += tui_text(app, y, x + used, 1, one, marker_style(*m), false);
	}
	if (marks[0])
		used++;
	tui_text(app, y, x + used, w - used - 1, d->title, title_el, false);

	format_money_short(d->value_minor, money, sizeof(money));
	snprintf(value, sizeof(value), "%s%s", app->cfg->currency_symbol, money);
	int vw = (int)strlen(value);
	tui_text(app, y + 1, x + 1, w - vw - 3, d->company, UI_CARD_DIM, false);
	tui_text_right(app, y + 1, x + w - vw - 1, vw, value, UI_CARD);

	card_hint(app, d, hint, sizeof(hint), &hint_el);
	int hw = (int)strlen(hint);
	strbuf_init(&sb);
	strbuf_printf(&sb, "%lldd  ", (long long)engine_age_days(e, d));
	strbuf_puts(&sb, d->owner);
	tui_text(app, y + 2, x + 1, w - hw - 3, sb.buf, UI_CARD_DIM, false);
	if (hw)
		tui_text_right(app, y + 2, x + w - hw - 1, hw, hint, hint_el);
	strbuf_free(&sb);
	app->overlay = 0;
}

static void draw_column(struct app *app, struct board *b, int ci, int x)
{
	struct column *c = &b->cols[ci];
	int w = b->col_width;
	int y = BOARD_TOP;

	draw_header(app, b, ci, x, w);
	if (c->more_above)
		tui_text(app, y - 1, x + w - 1, 1, tui_glyph(app, "\xe2\x86\x91", "^"), UI_HEADER,
			 false);
	for (int i = 0; i < c->ncards; i++) {
		draw_card(app, &c->cards[i], y, x, w, ci == b->sel_col && i == c->sel);
		y += CARD_ROWS + CARD_GAP;
	}
	if (c->ncards == 0)
		tui_text(app, y, x + 1, w - 2, "(no deals)", UI_CARD_DIM, false);
	if (c->more_below && y - 1 < app->rows - 1)
		tui_text(app, y - 1, x + w / 2, 1, tui_glyph(app, "\xe2\x86\x93", "v"), UI_HEADER,
			 false);
}

static void board_draw(struct app *app, struct screen *s)
{
	ensure_loaded(app, s);
	struct board *b = s->data;
	if (b->capacity != card_capacity(app) || b->visible_cols == 0) {
		board_reload(app, s);
	}
	layout(app, b);
	draw_title(app, b);
	if (b->ncols == 0) {
		tui_text(app, 3, 2, app->cols - 4, "This pipeline has no stages.", UI_NORMAL, false);
		return;
	}
	for (int i = 0; i < b->visible_cols && b->first_col + i < b->ncols; i++) {
		column_ensure(app, b, &b->cols[b->first_col + i]);
		draw_column(app, b, b->first_col + i, i * (b->col_width + 1));
	}
}

static unsigned move_selection(struct app *app, struct board *b, int delta)
{
	struct column *c = &b->cols[b->sel_col];
	if (c->ncards == 0)
		return R_NONE;
	int target = c->sel + delta;
	if (target >= 0 && target < c->ncards) {
		c->sel = target;
		return R_DRAW;
	}
	if (delta > 0 && c->more_below) {
		/* Scroll: the window now starts at the card after the top one. */
		struct deal *next_top = &c->cards[c->ncards > 1 ? 1 : 0];
		column_load(app, b, c, ANCHOR_AT, next_top->created_at, next_top->id);
		c->sel = c->ncards - 1;
		return R_DRAW;
	}
	if (delta < 0 && c->more_above) {
		struct deal_query q;
		struct deal prev[1];
		int n = 0;
		base_query(app, c, &q);
		q.has_before = true;
		q.before_created = c->cards[0].created_at;
		q.before_id = c->cards[0].id;
		if (fetch(app, &q, 1, prev, &n) == 0 && n == 1) {
			column_load(app, b, c, ANCHOR_AT, prev[0].created_at, prev[0].id);
			deal_clear(&prev[0]);
			c->sel = 0;
		}
		return R_DRAW;
	}
	return R_NONE;
}

static unsigned page(struct app *app, struct board *b, int dir)
{
	struct column *c = &b->cols[b->sel_col];
	if (c->ncards == 0)
		return R_NONE;
	if (dir > 0) {
		if (!c->more_below) {
			c->sel = c->ncards - 1;
			return R_DRAW;
		}
		struct deal *last = &c->cards[c->ncards - 1];
		column_load(app, b, c, ANCHOR_AT, last->created_at, last->id);
		c->sel = 0;
		return R_DRAW;
	}
	if (!c->more_above) {
		c->sel = 0;
		return R_DRAW;
	}
	struct deal_query q;
	struct deal *prev = xcalloc((size_t)b->capacity, sizeof(*prev));
	int n = 0;
	base_query(app, c, &q);
	q.has_before = true;
	q.before_created = c->cards[0].created_at;
	q.before_id = c->cards[0].id;
	if (fetch(app, &q, b->capacity, prev, &n) == 0 && n > 0)
		column_load(app, b, c, ANCHOR_AT, prev[n - 1].created_at, prev[n - 1].id);
	for (int i = 0; i < n; i++)
		deal_clear(&prev[i]);
	free(prev);
	c->sel = 0;
	return R_DRAW;
}

static unsigned select_column(struct app *app, struct board *b, int delta)
{
	int target = b->sel_col + delta;
	if (target < 0 || target >= b->ncols)
		return R_NONE;
	int row = b->cols[b->sel_col].sel;
	b->sel_col = target;
	struct column *c = &b->cols[target];
	column_ensure(app, b, c);
	c->sel = row < c->ncards ? row : (c->ncards ? c->ncards - 1 : 0);
	layout(app, b);
	return R_DRAW;
}

static unsigned toggle(struct app *app, bool *flag, const char *what)
{
	*flag = !*flag;
	tui_message(app, "%s %s", what, *flag ? "on" : "off");
	return R_RELOAD;
}

static unsigned board_act(struct app *app, struct screen *s, enum action a)
{
	ensure_loaded(app, s);
	struct board *b = s->data;
	struct deal *d = selected_deal(b);

	switch (a) {
	case ACTION_UP:
		return move_selection(app, b, -1);
	case ACTION_DOWN:
		return move_selection(app, b, 1);
	case ACTION_LEFT:
		return select_column(app, b, -1);
	case ACTION_RIGHT:
		return select_column(app, b, 1);
	case ACTION_TOP:
		if (b->ncols) {
			column_load(app, b, &b->cols[b->sel_col], ANCHOR_TOP, 0, 0);
			b->cols[b->sel_col].sel = 0;
		}
		return R_DRAW;
	case ACTION_BOTTOM:
		if (b->ncols) {
			struct column *c = &b->cols[b->sel_col];
			column_load(app, b, c, ANCHOR_BOTTOM, 0, 0);
			c->sel = c->ncards ? c->ncards - 1 : 0;
		}
		return R_DRAW;
	case ACTION_PAGE_UP:
		return b->ncols ? page(app, b, -1) : R_NONE;
	case ACTION_PAGE_DOWN:
		return b->ncols ? page(app, b, 1) : R_NONE;
	case ACTION_ADD:
		return actions_add(app, b->ncols && b->cols[b->sel_col].stage_id
						? b->cols[b->sel_col].stage_id : 0);
	case ACTION_FILTER:
		return actions_filter(app);
	case ACTION_MINE:
		if (app->filter.owner && !app->filter.mine) {
			free(app->filter.owner);
			app->filter.owner = NULL;
		}
		return toggle(app, &app->filter.mine, "Only my deals:");
	case ACTION_STALLED_ONLY:
		return toggle(app, &app->filter.stalled_only, "Only stalled deals:");
	case ACTION_DUE_ONLY:
		return toggle(app, &app->filter.due_only, "Only follow-ups due:");
	case ACTION_KEY_ACCOUNTS:
		return toggle(app, &app->filter.key_accounts, "Only key accounts:");
	case ACTION_CLOSED:
		return toggle(app, &app->filter.closed, "Won and Lost columns:");
	case ACTION_STATS:
		tui_push(app, &stats_screen, NULL, false);
		return R_DRAW;
	case ACTION_STANDUP:
		tui_push(app, &standup_screen, NULL, false);
		return R_DRAW;
	case ACTION_HELP:
		tui_push(app, &help_screen, NULL, false);
		return R_DRAW;
	case ACTION_UNDO:
		return actions_undo(app, false);
	case ACTION_REDO:
		return actions_undo(app, true);
	case ACTION_REFRESH:
		clearok(curscr, TRUE);
		tui_message(app, "Refreshed");
		return R_RELOAD;
	case ACTION_QUIT:
		return R_QUIT;
	case ACTION_BACK:
		if (app->filter.text || app->filter.stalled_only || app->filter.due_only ||
		    app->filter.key_accounts) {
			free(app->filter.text);
			app->filter.text = NULL;
			app->filter.stalled_only = app->filter.due_only = false;
			app->filter.key_accounts = false;
			tui_message(app, "Filters cleared");
			return R_RELOAD;
		}
		return R_NONE;
	default:
		break;
	}
	if (!d) {
		if (a == ACTION_OPEN || a == ACTION_EDIT || a == ACTION_WON || a == ACTION_LOST ||
		    a == ACTION_DELETE || a == ACTION_FOLLOW_UP || a == ACTION_OBJECTION) {
			tui_message(app, "No deal selected");
			return R_DRAW;
		}
		return R_NONE;
	}
	unsigned r = actions_on_deal(app, a, d);
	return (r & R_UNHANDLED) ? R_NONE : r;
}

static unsigned board_mouse(struct app *app, struct screen *s, int y, int x, int wheel)
{
	ensure_loaded(app, s);
	struct board *b = s->data;
	int ci = b->first_col + x / (b->col_width + 1);
	if (ci >= b->ncols || ci < 0)
		return R_NONE;
	b->sel_col = ci;
	struct column *c = &b->cols[ci];
	column_ensure(app, b, c);
	if (wheel)
		return move_selection(app, b, wheel);
	int row = (y - BOARD_TOP) / (CARD_ROWS + CARD_GAP);
	if (y >= BOARD_TOP && row < c->ncards)
		c->sel = row;
	return R_DRAW;
}

static void board_free(struct screen *s)
{
	struct board *b = s->data;
	if (!b)
		return;
	board_free_columns(b);
	free(b);
}

const struct screen_ops board_screen = {
	.name = "board",
	.draw = board_draw,
	.act = board_act,
	.reload = board_reload,
	.idle = board_idle,
	.mouse = board_mouse,
	.free = board_free,
};
