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
	/* A bar chart row: text is the label (label_width columns), then a
	 * bar of fraction (0..1) of the room left, then value. */
	bool bar;
	int label_width;
	double fraction;
	enum ui_element bar_el;
	char *value;
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
/* A bar chart row; label and value are copied. */
void lines_add_bar(struct lines *ls, int indent, const char *label, int label_width,
		   double fraction, enum ui_element bar_el, const char *value);
/* Draws rows [top, bottom) of the screen from the scroll position. */
void lines_draw(struct app *app, struct lines *ls, int top, int bottom);
/* Scroll actions (up/down/page/top/bottom); returns reactions. */
unsigned lines_scroll(struct app *app, struct lines *ls, enum action a, int page);

#endif
