/*
 * A scrollable list of prepared lines, each with a style: what the detail,
 * help, stats and standup screens draw. Text is stored raw and sanitised
 * when drawn.
 */
#ifndef PLUMB_LINES_H
#define PLUMB_LINES_H

#include <stddef.h>

#include "plumb/theme.h"
#include "plumb/tui.h"

struct line {
	char *text;
	enum ui_element el;
	int indent;
};

struct lines {
	struct line *items;
	size_t len, cap;
	int scroll;
};

void lines_clear(struct lines *ls);
void lines_add(struct lines *ls, enum ui_element el, int indent, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Adds raw text (no format): stored text must never be a format string. */
void lines_add_text(struct lines *ls, enum ui_element el, int indent, const char *text);
/* Draws rows [top, bottom) of the screen from the scroll position. */
void lines_draw(struct app *app, struct lines *ls, int top, int bottom);
/* Scroll actions (up/down/page/top/bottom); returns reactions. */
unsigned lines_scroll(struct app *app, struct lines *ls, enum action a, int page);

#endif
