#include "plumb/lines.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/util.h"

void lines_clear(struct lines *ls)
{
	for (size_t i = 0; i < ls->len; i++) {
		free(ls->items[i].text);
		free(ls->items[i].value);
	}
	free(ls->items);
	ls->items = NULL;
	ls->len = ls->cap = 0;
}

void lines_add_text(struct lines *ls, enum ui_element el, int indent, const char *text)
{
	if (ls->len == ls->cap) {
		ls->cap = ls->cap ? ls->cap * 2 : 32;
		ls->items = xreallocarray(ls->items, ls->cap, sizeof(*ls->items));
	}
	memset(&ls->items[ls->len], 0, sizeof(ls->items[0]));
	ls->items[ls->len].text = xstrdup(text ? text : "");
	ls->items[ls->len].el = el;
	ls->items[ls->len].indent = indent;
	ls->len++;
}

void lines_add_bar(struct lines *ls, int indent, const char *label, int label_width,
		   double fraction, enum ui_element bar_el, const char *value)
{
	lines_add_text(ls, UI_NORMAL, indent, label);
	struct line *l = &ls->items[ls->len - 1];
	l->bar = true;
	l->label_width = label_width;
	l->fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
	l->bar_el = bar_el;
	l->value = xstrdup(value ? value : "");
}

static void draw_bar(struct app *app, const struct line *l, int y, int x, int width)
{
	int vw = (int)strlen(l->value) + 1;
	int room = width - l->label_width - vw - 1;
	tui_text(app, y, x, l->label_width, l->text, l->el, false);
	if (room < 1)
		return;
	int cells = (int)(l->fraction * room + 0.5);
	if (cells == 0 && l->fraction > 0)
		cells = 1;
	struct strbuf sb;
	strbuf_init(&sb);
	for (int i = 0; i < cells; i++)
		strbuf_puts(&sb, tui_glyph(app, "\xe2\x96\x88", "#"));
	tui_text(app, y, x + l->label_width + 1, cells, sb.buf ? sb.buf : "", l->bar_el, false);
	tui_text(app, y, x + l->label_width + 2 + cells, vw, l->value, UI_NORMAL, false);
	strbuf_free(&sb);
}

void lines_add(struct lines *ls, enum ui_element el, int indent, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	lines_add_text(ls, el, indent, sb.buf);
	strbuf_free(&sb);
}

void lines_draw(struct app *app, struct lines *ls, int top, int bottom)
{
	int rows = bottom - top;
	int max_scroll = (int)ls->len - rows;
	if (ls->scroll > max_scroll)
		ls->scroll = max_scroll;
	if (ls->scroll < 0)
		ls->scroll = 0;
	for (int r = 0; r < rows; r++) {
		size_t i = (size_t)(ls->scroll + r);
		if (i >= ls->len)
			break;
		const struct line *l = &ls->items[i];
		if (l->bar)
			draw_bar(app, l, top + r, 1 + l->indent, app->cols - 2 - l->indent);
		else
			tui_text(app, top + r, 1 + l->indent, app->cols - 2 - l->indent, l->text,
				 l->el, false);
	}
	if (ls->scroll > 0)
		tui_text(app, top, app->cols - 1, 1, tui_glyph(app, "\xe2\x86\x91", "^"),
			 UI_HEADER, false);
	if (ls->scroll + rows < (int)ls->len)
		tui_text(app, bottom - 1, app->cols - 1, 1, tui_glyph(app, "\xe2\x86\x93", "v"),
			 UI_HEADER, false);
}

unsigned lines_scroll(struct app *app, struct lines *ls, enum action a, int page)
{
	(void)app;
	switch (a) {
	case ACTION_UP:
		ls->scroll--;
		break;
	case ACTION_DOWN:
		ls->scroll++;
		break;
	case ACTION_PAGE_UP:
		ls->scroll -= page;
		break;
	case ACTION_PAGE_DOWN:
		ls->scroll += page;
		break;
	case ACTION_TOP:
		ls->scroll = 0;
		break;
	case ACTION_BOTTOM:
		ls->scroll = (int)ls->len;
		break;
	default:
		return R_NONE;
	}
	if (ls->scroll < 0)
		ls->scroll = 0;
	return R_DRAW;
}
