#include "plumb/deal_out.h"

#include <stdio.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/output.h"
#include "plumb/parse.h"

void format_day_of(time_t t, char *buf, size_t size)
{
	if (!t) {
		buf[0] = '\0';
		return;
	}
	clock_format_day(clock_day(t), buf, size);
}

static const char *const csv_columns[] = {
	"id", "title", "company", "contact", "email", "phone", "value", "currency", "owner",
	"stage", "channel", "key_account", "score", "status", "lost_reason", "created",
	"stage_entered", "closed", "next_followup", "last_contact", "unanswered", "notes",
	"age_days", "tier", "flags",
};

void deal_csv_header(FILE *out)
{
	for (size_t i = 0; i < sizeof(csv_columns) / sizeof(csv_columns[0]); i++)
		csv_cell(out, csv_columns[i], i == 0, false);
	csv_end_row(out);
}

void deal_csv_row(FILE *out, const struct engine *e, const struct deal *d, bool neutralise)
{
	char id[24], value[40], score[8], created[32], entered[32], closed[32], next[16],
		contact[32], unanswered[16], age[24], flags[16];

	snprintf(id, sizeof(id), "%lld", (long long)d->id);
	/* Plain digits: spreadsheets read "12000.50", not "12,000.50". */
	snprintf(value, sizeof(value), "%lld.%02lld", (long long)(d->value_minor / 100),
		 (long long)(d->value_minor % 100));
	snprintf(score, sizeof(score), "%d", d->score);
	clock_format_utc(d->created_at, created, sizeof(created));
	clock_format_utc(d->stage_entered_at, entered, sizeof(entered));
	if (d->closed_at)
		clock_format_utc(d->closed_at, closed, sizeof(closed));
	else
		closed[0] = '\0';
	format_day_of(d->next_followup_at, next, sizeof(next));
	if (d->last_contact_at)
		clock_format_utc(d->last_contact_at, contact, sizeof(contact));
	else
		contact[0] = '\0';
	snprintf(unanswered, sizeof(unanswered), "%d", d->unanswered);
	snprintf(age, sizeof(age), "%lld", (long long)engine_age_days(e, d));
	engine_markers(e, d, flags, sizeof(flags));
	const char *cells[] = {
		id, d->title, d->company, d->contact_name, d->contact_email, d->contact_phone,
		value, d->currency, d->owner, d->stage_name, d->channel,
		d->key_account ? "yes" : "no", d->score >= 0 ? score : "",
		deal_status_name(d->status), d->lost_reason ? d->lost_reason : "", created,
		entered, closed, next, contact, unanswered, d->notes, age,
		d->status == DEAL_OPEN ? tier_name(engine_tier(e, d)) : "", flags,
	};
	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
		csv_cell(out, cells[i] ? cells[i] : "", i == 0, neutralise);
	csv_end_row(out);
}

static json_t *json_time(time_t t)
{
	char buf[32];
	if (!t)
		return json_null();
	clock_format_utc(t, buf, sizeof(buf));
	return json_string(buf);
}

static json_t *json_day(time_t t)
{
	char buf[16];
	if (!t)
		return json_null();
	format_day_of(t, buf, sizeof(buf));
	return json_string(buf);
}

json_t *deal_json(const struct engine *e, const struct deal *d)
{
	struct followup_state fs;
	char value[40], flags[16];
	json_t *o = json_object();

	engine_followup(e, d, &fs);
	engine_markers(e, d, flags, sizeof(flags));
	snprintf(value, sizeof(value), "%lld.%02lld", (long long)(d->value_minor / 100),
		 (long long)(d->value_minor % 100));
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "title", json_text(d->title));
	json_object_set_new(o, "company", json_text(d->company));
	json_object_set_new(o, "contact", json_text(d->contact_name));
	json_object_set_new(o, "email", json_text(d->contact_email));
	json_object_set_new(o, "phone", json_text(d->contact_phone));
	json_object_set_new(o, "value", json_string(value));
	json_object_set_new(o, "value_minor", json_integer(d->value_minor));
	json_object_set_new(o, "currency", json_text(d->currency));
	json_object_set_new(o, "owner", json_text(d->owner));
	json_object_set_new(o, "stage", json_text(d->stage_name));
	json_object_set_new(o, "stage_position", json_integer(d->stage_position));
	json_object_set_new(o, "channel", json_text(d->channel));
	json_object_set_new(o, "key_account", json_boolean(d->key_account));
	json_object_set_new(o, "score", d->score >= 0 ? json_integer(d->score) : json_null());
	json_object_set_new(o, "status", json_string(deal_status_name(d->status)));
	json_object_set_new(o, "lost_reason", json_text(d->lost_reason));
	json_object_set_new(o, "created", json_time(d->created_at));
	json_object_set_new(o, "stage_entered", json_time(d->stage_entered_at));
	json_object_set_new(o, "closed", json_time(d->closed_at));
	json_object_set_new(o, "next_followup", json_day(d->next_followup_at));
	json_object_set_new(o, "last_contact", json_time(d->last_contact_at));
	json_object_set_new(o, "unanswered", json_integer(d->unanswered));
	json_object_set_new(o, "notes", json_text(d->notes));
	json_object_set_new(o, "updated", json_time(d->updated_at));
	json_object_set_new(o, "age_days", json_integer(engine_age_days(e, d)));
	json_object_set_new(o, "days_in_stage", json_integer(engine_days_in_stage(e, d)));
	if (d->status == DEAL_OPEN) {
		json_object_set_new(o, "tier", json_string(tier_name(engine_tier(e, d))));
		int64_t left = engine_days_to_stall(e, d);
		json_object_set_new(o, "days_to_stall", left > 0 ? json_integer(left) : json_null());
	} else {
		json_object_set_new(o, "tier", json_null());
		json_object_set_new(o, "days_to_stall", json_null());
	}
	json_object_set_new(o, "rotting", json_boolean(engine_rotting(e, d)));
	json_object_set_new(o, "followup_due", json_boolean(fs.due));
	json_object_set_new(o, "followup_overdue", json_boolean(fs.overdue));
	json_object_set_new(o, "persist", json_boolean(fs.persist));
	json_object_set_new(o, "qualify_out", json_boolean(fs.qualify_out));
	json_object_set_new(o, "flags", json_string(flags));
	return o;
}

json_t *timeline_item_json(const struct timeline_item *item)
{
	json_t *o = json_object();

	if (item->kind == TIMELINE_HISTORY) {
		const struct history_entry *h = &item->u.history;
		const char *type = h->from_stage_name == NULL      ? "created"
				   : h->to_status != DEAL_OPEN     ? deal_status_name(h->to_status)
				   : h->from_status != DEAL_OPEN   ? "reopened"
								   : "moved";
		json_object_set_new(o, "type", json_string(type));
		json_object_set_new(o, "at", json_time(h->at));
		json_object_set_new(o, "who", json_text(h->who));
		json_object_set_new(o, "from_stage", json_text(h->from_stage_name));
		json_object_set_new(o, "to_stage", json_text(h->to_stage_name));
	} else if (item->kind == TIMELINE_ACTIVITY) {
		const struct activity *a = &item->u.activity;
		json_object_set_new(o, "type", json_string("activity"));
		json_object_set_new(o, "at", json_time(a->at));
		json_object_set_new(o, "who", json_text(a->who));
		json_object_set_new(o, "channel", json_text(a->channel));
		json_object_set_new(o, "kind", json_text(a->kind));
		json_object_set_new(o, "direction", json_string(direction_name(a->direction)));
		json_object_set_new(o, "outcome", json_string(outcome_name(a->outcome)));
		json_object_set_new(o, "note", json_text(a->note));
	} else {
		const struct objection *ob = &item->u.objection;
		json_object_set_new(o, "type", json_string("objection"));
		json_object_set_new(o, "at", json_time(ob->at));
		json_object_set_new(o, "who", json_text(ob->who));
		json_object_set_new(o, "category", json_text(ob->category));
		json_object_set_new(o, "said", json_text(ob->said));
		json_object_set_new(o, "response", json_text(ob->response));
		json_object_set_new(o, "state", json_string(objection_state_name(ob->state)));
	}
	return o;
}
