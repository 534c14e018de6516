#include "plumb/lines.h"

#include <stdarg.h>
#include <stdlib.h>

#include "plumb/util.h"

void lines_clear(struct lines *ls)
{
	for (size_t i = 0; i < ls->len; i++)
		free(ls->items[i].text);
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
	ls->items[ls->len].text = xstrdup(text ? text : "");
	ls->items[ls->len].el = el;
	ls->items[ls->len].indent = indent;
	ls->len++;
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
		tui_text(app, top + r, 1 + l->indent, app->cols - 2 - l->indent, l->text, l->el,
			 false);
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
