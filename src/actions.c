/* Deal actions shared by the board and the detail screen. */
#include "plumb/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/form.h"
#include "plumb/parse.h"
#include "plumb/util.h"

/* What a form needs to know about the deal it changes (freed by the form). */
struct deal_ref {
	int64_t id;
	int64_t version;
	char title[96];
};

static struct deal_ref *ref_of(const struct deal *d)
{
	struct deal_ref *r = xcalloc(1, sizeof(*r));
	if (d) {
		r->id = d->id;
		r->version = d->version;
		snprintf(r->title, sizeof(r->title), "%s", d->title);
	}
	return r;
}

static const char *const yes_no[] = { "no", "yes" };
static const char *const directions[] = { "outbound", "inbound" };
static const char *const outcomes[] = { "no-response", "replied", "meeting", "other" };
static const enum outcome outcome_values[] = { OUTCOME_NO_RESPONSE, OUTCOME_REPLIED,
					       OUTCOME_MEETING, OUTCOME_OTHER };
static const char *const objection_states[] = { "open", "acknowledged", "resolved" };

enum deal_form_field {
	DF_TITLE, DF_COMPANY, DF_VALUE, DF_STAGE, DF_OWNER, DF_CHANNEL, DF_CONTACT, DF_EMAIL,
	DF_PHONE, DF_NEXT, DF_KEY, DF_NOTES,
};

static struct form *deal_form(struct app *app, const char *title, form_submit_fn submit,
			      const struct deal *d, int64_t stage_id)
{
	struct form *f = form_new(title, submit, ref_of(d));
	char money[40] = "", next[16] = "";
	const char **names = xcalloc(app->stages.len + 1, sizeof(*names));
	size_t stage_pick = 0;

	for (size_t i = 0; i < app->stages.len; i++) {
		names[i] = app->stages.items[i].name;
		if (app->stages.items[i].id == (d ? d->stage_id : stage_id))
			stage_pick = i;
	}
	if (d && d->value_minor)
		format_money(d->value_minor, money, sizeof(money));
	if (d && d->next_followup_at)
		clock_format_day(clock_day(d->next_followup_at), next, sizeof(next));
	form_add_text(f, "Title", d ? d->title : "", false);
	form_add_text(f, "Company", d ? d->company : "", false);
	form_add_text(f, "Value", money, false);
	form_add_choice(f, "Stage", names, app->stages.len, stage_pick);
	form_add_text(f, "Owner", d ? d->owner : app->who, false);
	form_add_choice_list(f, "Channel", app->engine.rules.channels, d ? d->channel : "other");
	form_add_text(f, "Contact", d ? d->contact_name : "", false);
	form_add_text(f, "Email", d ? d->contact_email : "", false);
	form_add_text(f, "Phone", d ? d->contact_phone : "", false);
	form_add_text(f, "Next follow-up", next, false);
	form_add_choice(f, "Key account", yes_no, 2, d && d->key_account ? 1 : 0);
	form_add_text(f, "Notes", d ? d->notes : "", true);
	free(names);
	return f;
}

/* Reads the deal form into in; on a bad value marks the field. */
static bool read_deal_form(struct app *app, struct form *f, struct deal_input *in, bool adding)
{
	const char *v;

	in->title = form_value(f, DF_TITLE);
	if (str_empty(in->title)) {
		form_field_error(f, DF_TITLE, "A deal needs a title");
		return false;
	}
	in->title = xstrdup(in->title);
	DEAL_SET(in, FIELD_TITLE);
	in->company = xstrdup(form_value(f, DF_COMPANY));
	DEAL_SET(in, FIELD_COMPANY);
	v = form_value(f, DF_VALUE);
	in->value_minor = 0;
	if (!str_empty(v) && parse_money(v, &in->value_minor) != 0) {
		form_field_error(f, DF_VALUE, "%s", err_msg());
		return false;
	}
	DEAL_SET(in, FIELD_VALUE);
	size_t s = form_choice(f, DF_STAGE);
	if (s < app->stages.len) {
		in->stage_id = app->stages.items[s].id;
		DEAL_SET(in, FIELD_STAGE);
	}
	in->owner = xstrdup(form_value(f, DF_OWNER));
	DEAL_SET(in, FIELD_OWNER);
	in->channel = xstrdup(form_value(f, DF_CHANNEL));
	DEAL_SET(in, FIELD_CHANNEL);
	in->contact_name = xstrdup(form_value(f, DF_CONTACT));
	in->contact_email = xstrdup(form_value(f, DF_EMAIL));
	in->contact_phone = xstrdup(form_value(f, DF_PHONE));
	DEAL_SET(in, FIELD_CONTACT);
	DEAL_SET(in, FIELD_EMAIL);
	DEAL_SET(in, FIELD_PHONE);
	v = form_value(f, DF_NEXT);
	if (!str_empty(v)) {
		if (parse_day(v, &in->next_followup_day) != 0) {
			form_field_error(f, DF_NEXT, "%s", err_msg());
			return false;
		}
		DEAL_SET(in, FIELD_NEXT_FOLLOWUP);
	} else if (!adding) {
		in->next_followup_day = INT64_MIN; /* emptied: no follow-up */
		DEAL_SET(in, FIELD_NEXT_FOLLOWUP);
	}
	in->key_account = form_choice(f, DF_KEY) == 1;
	DEAL_SET(in, FIELD_KEY_ACCOUNT);
	in->notes = xstrdup(form_value(f, DF_NOTES));
	DEAL_SET(in, FIELD_NOTES);
	return true;
}

static void free_input(struct deal_input *in)
{
	free((char *)in->title);
	free((char *)in->company);
	free((char *)in->owner);
	free((char *)in->channel);
	free((char *)in->contact_name);
	free((char *)in->contact_email);
	free((char *)in->contact_phone);
	free((char *)in->notes);
}

static unsigned submit_add(struct app *app, struct form *f)
{
	struct deal_input in = { 0 };
	int64_t id;
	unsigned r = R_DRAW;

	if (read_deal_form(app, f, &in, true)) {
		if (store_deal_add(app->store, &in, &id) != 0) {
			r = tui_store_error(app);
		} else {
			tui_message(app, "Added '%s' (u undoes)", in.title);
			app->focus_deal = id;
			r = R_POP | R_RELOAD;
		}
	}
	free_input(&in);
	return r;
}

static unsigned submit_edit(struct app *app, struct form *f)
{
	struct deal_ref *ref = form_ctx(f);
	struct deal_input in = { 0 };
	unsigned r = R_DRAW;

	if (read_deal_form(app, f, &in, false)) {
		store_expect_version(app->store, ref->version);
		if (store_deal_update(app->store, ref->id, &in) != 0) {
			r = tui_store_error(app);
		} else {
			tui_message(app, "Saved '%s' (u undoes)", in.title);
			app->focus_deal = ref->id;
			r = R_POP | R_RELOAD;
		}
	}
	free_input(&in);
	return r;
}

enum followup_field { FF_CHANNEL, FF_DIRECTION, FF_OUTCOME, FF_KIND, FF_NOTE, FF_NEXT };

static unsigned submit_followup(struct app *app, struct form *f)
{
	struct deal_ref *ref = form_ctx(f);
	struct activity_input in = { 0 };
	const char *next = form_value(f, FF_NEXT);

	if (!str_empty(next)) {
		if (parse_day(next, &in.next_followup_day) != 0) {
			form_field_error(f, FF_NEXT, "%s", err_msg());
			return R_DRAW;
		}
		in.has_next = true;
	}
	char *channel = xstrdup(form_value(f, FF_CHANNEL));
	char *kind = xstrdup(form_value(f, FF_KIND));
	char *note = xstrdup(form_value(f, FF_NOTE));
	in.channel = channel;
	in.kind = kind;
	in.note = note;
	in.direction = form_choice(f, FF_DIRECTION) == 1 ? DIR_INBOUND : DIR_OUTBOUND;
	in.outcome = outcome_values[form_choice(f, FF_OUTCOME)];
	store_expect_version(app->store, ref->version);
	int rc = store_activity_add(app->store, ref->id, &in, NULL);
	free(channel);
	free(kind);
	free(note);
	if (rc != 0)
		return tui_store_error(app);
	tui_message(app, "Logged a follow-up on '%s'", ref->title);
	app->focus_deal = ref->id;
	return R_POP | R_RELOAD;
}

static unsigned open_followup(struct app *app, const struct deal *d)
{
	char title[160];
	snprintf(title, sizeof(title), "Follow-up: %s", d->title);
	struct form *f = form_new(title, submit_followup, ref_of(d));
	form_add_choice_list(f, "Channel", app->engine.rules.channels, d->channel);
	form_add_choice(f, "Direction", directions, 2, 0);
	form_add_choice(f, "Outcome", outcomes, 4, 0);
	form_add_text(f, "Kind", "follow-up", false);
	form_add_text(f, "Note", "", true);
	form_add_text(f, "Next (blank: rule)", "", false);
	form_show(app, f);
	return R_DRAW;
}

enum objection_field { OF_CATEGORY, OF_SAID, OF_RESPONSE, OF_STATE };

static unsigned submit_objection(struct app *app, struct form *f)
{
	struct deal_ref *ref = form_ctx(f);
	struct objection_input in = { 0 };

	if (str_empty(form_value(f, OF_SAID))) {
		form_field_error(f, OF_SAID, "What did the buyer say?");
		return R_DRAW;
	}
	char *category = xstrdup(form_value(f, OF_CATEGORY));
	char *said = xstrdup(form_value(f, OF_SAID));
	char *response = xstrdup(form_value(f, OF_RESPONSE));
	in.category = category;
	in.said = said;
	in.response = response;
	in.state = (enum objection_state)form_choice(f, OF_STATE);
	store_expect_version(app->store, ref->version);
	int rc = store_objection_add(app->store, ref->id, &in, NULL);
	free(category);
	free(said);
	free(response);
	if (rc != 0)
		return tui_store_error(app);
	tui_message(app, "Logged an objection on '%s'", ref->title);
	app->focus_deal = ref->id;
	return R_POP | R_RELOAD;
}

static unsigned open_objection(struct app *app, const struct deal *d)
{
	char title[160];
	snprintf(title, sizeof(title), "Objection: %s", d->title);
	struct form *f = form_new(title, submit_objection, ref_of(d));
	form_add_choice_list(f, "Category", app->engine.rules.categories, "price");
	form_add_text(f, "They said", "", false);
	form_add_text(f, "Response", "", false);
	form_add_choice(f, "State", objection_states, 3, 0);
	form_show(app, f);
	return R_DRAW;
}

static unsigned submit_lost(struct app *app, struct form *f)
{
	struct deal_ref *ref = form_ctx(f);
	const char *reason = form_value(f, 0);

	if (str_empty(reason)) {
		form_field_error(f, 0, "Say why it was lost: it feeds the lost-reasons report");
		return R_DRAW;
	}
	store_expect_version(app->store, ref->version);
	if (store_deal_close(app->store, ref->id, DEAL_LOST, reason) != 0)
		return tui_store_error(app);
	tui_message(app, "Lost '%s' (u undoes)", ref->title);
	return R_POP | R_RELOAD;
}

static unsigned confirm_delete(struct app *app, void *ctx)
{
	struct deal_ref *ref = ctx;
	store_expect_version(app->store, ref->version);
	if (store_deal_delete(app->store, ref->id) != 0)
		return tui_store_error(app);
	tui_message(app, "Deleted '%s' (u undoes)", ref->title);
	return R_RELOAD;
}

static unsigned move(struct app *app, const struct deal *d, int delta)
{
	int pos = -1;

	if (d->status != DEAL_OPEN) {
		tui_error(app, "'%s' is closed; edit its stage (e) to reopen it", d->title);
		return R_DRAW;
	}
	for (size_t i = 0; i < app->stages.len; i++)
		if (app->stages.items[i].id == d->stage_id)
			pos = (int)i;
	int target = pos + delta;
	if (pos < 0 || target < 0 || target >= (int)app->stages.len) {
		tui_message(app, "'%s' is already in the %s stage", d->title,
			    delta < 0 ? "first" : "last");
		return R_DRAW;
	}
	const struct stage *to = &app->stages.items[target];
	store_expect_version(app->store, d->version);
	if (store_deal_move(app->store, d->id, to->id) != 0)
		return tui_store_error(app);
	tui_message(app, "Moved '%s' to %s (u undoes)", d->title, to->name);
	app->focus_deal = d->id;
	return R_RELOAD;
}

static bool changes(enum action a)
{
	return a == ACTION_MOVE_LEFT || a == ACTION_MOVE_RIGHT || a == ACTION_EDIT ||
	       a == ACTION_FOLLOW_UP || a == ACTION_OBJECTION || a == ACTION_WON ||
	       a == ACTION_LOST || a == ACTION_DELETE;
}

unsigned actions_on_deal(struct app *app, enum action a, const struct deal *d)
{
	char title[160];

	if (changes(a) && tui_refuse_read_only(app))
		return R_DRAW;
	switch (a) {
	case ACTION_OPEN:
		detail_open(app, d->id);
		return R_DRAW;
	case ACTION_MOVE_LEFT:
		return move(app, d, -1);
	case ACTION_MOVE_RIGHT:
		return move(app, d, 1);
	case ACTION_EDIT:
		snprintf(title, sizeof(title), "Edit deal %lld", (long long)d->id);
		form_show(app, deal_form(app, title, submit_edit, d, 0));
		return R_DRAW;
	case ACTION_FOLLOW_UP:
		return open_followup(app, d);
	case ACTION_OBJECTION:
		return open_objection(app, d);
	case ACTION_WON:
		store_expect_version(app->store, d->version);
		if (store_deal_close(app->store, d->id, DEAL_WON, NULL) != 0)
			return tui_store_error(app);
		tui_message(app, "Won '%s'! (u undoes)", d->title);
		return R_RELOAD;
	case ACTION_LOST: {
		snprintf(title, sizeof(title), "Lost: %s", d->title);
		struct form *f = form_new(title, submit_lost, ref_of(d));
		form_add_text(f, "Reason", "", false);
		form_show(app, f);
		return R_DRAW;
	}
	case ACTION_DELETE:
		snprintf(title, sizeof(title), "Delete '%s' with its history?", d->title);
		confirm_show(app, title, confirm_delete, ref_of(d));
		return R_DRAW;
	default:
		return R_UNHANDLED;
	}
}

unsigned actions_add(struct app *app, int64_t stage_id)
{
	if (tui_refuse_read_only(app))
		return R_DRAW;
	form_show(app, deal_form(app, "New deal", submit_add, NULL, stage_id));
	return R_DRAW;
}

unsigned actions_undo(struct app *app, bool redo)
{
	char what[256];
	int64_t deal_id = 0;

	if (tui_refuse_read_only(app))
		return R_DRAW;
	int rc = redo ? store_redo(app->store, what, sizeof(what), &deal_id)
		      : store_undo(app->store, what, sizeof(what), &deal_id);
	if (rc < 0)
		return tui_store_error(app);
	if (rc == 0) {
		tui_message(app, redo ? "Nothing to redo" : "Nothing to undo");
		return R_DRAW;
	}
	tui_message(app, "%s %s", redo ? "Redid" : "Undid", what);
	app->focus_deal = deal_id;
	return R_RELOAD;
}

static unsigned submit_filter(struct app *app, struct form *f)
{
	const char *text = form_value(f, 0);
	free(app->filter.text);
	app->filter.text = str_empty(text) ? NULL : xstrdup(text);
	if (app->filter.text)
		tui_message(app, "Filter: %s (Esc clears)", app->filter.text);
	else
		tui_message(app, "Filter cleared");
	return R_POP | R_RELOAD;
}

unsigned actions_filter(struct app *app)
{
	struct form *f = form_new("Filter: title, company, contact or owner", submit_filter, NULL);
	form_add_text(f, "Text", app->filter.text ? app->filter.text : "", false);
	form_show(app, f);
	return R_DRAW;
}
