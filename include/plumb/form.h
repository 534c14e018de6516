/*
 * Forms and confirmations drawn as dialogs over the current screen: text
 * fields (UTF-8 aware editing, $EDITOR for notes) and choice fields, Tab
 * between them, Enter to save, Esc to cancel without saving. A failed
 * submit shows its message next to the field and keeps the form open.
 */
#ifndef PLUMB_FORM_H
#define PLUMB_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plumb/tui.h"

struct form;
/* Validates and saves; returns reactions (R_POP on success) or, on a
 * validation error, R_DRAW after form_field_error(). */
typedef unsigned (*form_submit_fn)(struct app *app, struct form *f);

/* The form owns ctx and frees it with free(). */
struct form *form_new(const char *title, form_submit_fn submit, void *ctx);
void *form_ctx(struct form *f);
/* Adds a text field; returns its index. A note field opens $EDITOR on C-e. */
int form_add_text(struct form *f, const char *label, const char *initial, bool note);
/* Adds a choice among n strings (copied); initial is an index. */
int form_add_choice(struct form *f, const char *label, const char *const *choices, size_t n,
		    size_t initial);
/* A choice field built from a comma-separated list (rules' channels...). */
int form_add_choice_list(struct form *f, const char *label, const char *list,
			 const char *initial);
/* The field's text (trimmed) or the chosen string. */
const char *form_value(struct form *f, int field);
size_t form_choice(struct form *f, int field);
void form_field_error(struct form *f, int field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Shows the form as a dialog. */
void form_show(struct app *app, struct form *f);

/* A yes/no question; on yes, runs yes(app, ctx). ctx is freed after. */
typedef unsigned (*confirm_fn)(struct app *app, void *ctx);
void confirm_show(struct app *app, const char *question, confirm_fn yes, void *ctx);

#endif
