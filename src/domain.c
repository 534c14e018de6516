#include "plumb/domain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plumb/parse.h"
#include "plumb/util.h"

static const char *const status_names[] = { "open", "won", "lost" };
static const char *const direction_names[] = { "outbound", "inbound" };
static const char *const outcome_names[] = { "replied", "no-response", "meeting", "other" };
static const char *const objection_state_names[] = { "open", "acknowledged", "resolved" };

static int parse_name(const char *s, const char *const *names, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (str_ieq(s, names[i]))
			return (int)i;
	struct strbuf sb;
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++)
		strbuf_printf(&sb, "%s%s", i ? ", " : "", names[i]);
	err_set("'%s' is not a %s (expected %s)", s, what, sb.buf);
	strbuf_free(&sb);
	return -1;
}

#define NAME_FUNCS(prefix, type, names, what)                                   \
	const char *prefix##_name(type v)                                       \
	{                                                                       \
		return (size_t)v < ARRAY_LEN(names) ? names[v] : "?";           \
	}                                                                       \
	int prefix##_parse(const char *s, type *out)                            \
	{                                                                       \
		int i = parse_name(s, names, ARRAY_LEN(names), what);           \
		if (i < 0)                                                      \
			return -1;                                              \
		*out = (type)i;                                                 \
		return 0;                                                       \
	}

NAME_FUNCS(deal_status, enum deal_status, status_names, "deal status")
NAME_FUNCS(direction, enum direction, direction_names, "direction")
NAME_FUNCS(outcome, enum outcome, outcome_names, "follow-up outcome")
NAME_FUNCS(objection_state, enum objection_state, objection_state_names, "objection state")

static const char *const field_names[FIELD_COUNT] = {
	[FIELD_TITLE] = "title",
	[FIELD_COMPANY] = "company",
	[FIELD_CONTACT] = "contact",
	[FIELD_EMAIL] = "email",
	[FIELD_PHONE] = "phone",
	[FIELD_VALUE] = "value",
	[FIELD_CURRENCY] = "currency",
	[FIELD_OWNER] = "owner",
	[FIELD_STAGE] = "stage",
	[FIELD_CHANNEL] = "channel",
	[FIELD_KEY_ACCOUNT] = "key-account",
	[FIELD_SCORE] = "score",
	[FIELD_NEXT_FOLLOWUP] = "next",
	[FIELD_NOTES] = "notes",
	[FIELD_CREATED] = "created",
};

const char *deal_field_name(enum deal_field f)
{
	return (size_t)f < FIELD_COUNT ? field_names[f] : "?";
}

int deal_field_parse(const char *s, enum deal_field *out)
{
	int i = parse_name(s, field_names, FIELD_COUNT, "deal field");
	if (i < 0)
		return -1;
	*out = (enum deal_field)i;
	return 0;
}

enum streak_effect followup_streak_effect(enum direction d, enum outcome o)
{
	if (d == DIR_INBOUND || o == OUTCOME_REPLIED || o == OUTCOME_MEETING)
		return STREAK_RESET;
	if (o == OUTCOME_NO_RESPONSE)
		return STREAK_EXTEND;
	return STREAK_KEEP;
}

void stage_list_clear(struct stage_list *list)
{
	for (size_t i = 0; i < list->len; i++)
		free(list->items[i].name);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

const struct stage *stage_list_find(const struct stage_list *list, const char *name_or_pos)
{
	int64_t pos;

	for (size_t i = 0; i < list->len; i++)
		if (str_ieq(list->items[i].name, name_or_pos))
			return &list->items[i];
	if (parse_int(name_or_pos, 1, (int64_t)list->len, &pos) == 0) {
		err_clear();
		for (size_t i = 0; i < list->len; i++)
			if (list->items[i].position == pos)
				return &list->items[i];
	}
	return NULL;
}

const struct stage *stage_list_by_id(const struct stage_list *list, int64_t id)
{
	for (size_t i = 0; i < list->len; i++)
		if (list->items[i].id == id)
			return &list->items[i];
	return NULL;
}

void deal_clear(struct deal *d)
{
	free(d->title);
	free(d->company);
	free(d->contact_name);
	free(d->contact_email);
	free(d->contact_phone);
	free(d->currency);
	free(d->owner);
	free(d->stage_name);
	free(d->channel);
	free(d->lost_reason);
	free(d->notes);
	free(d->external_key);
	memset(d, 0, sizeof(*d));
}

void activity_clear(struct activity *a)
{
	free(a->who);
	free(a->channel);
	free(a->kind);
	free(a->note);
	memset(a, 0, sizeof(*a));
}

void objection_clear(struct objection *o)
{
	free(o->who);
	free(o->category);
	free(o->said);
	free(o->response);
	memset(o, 0, sizeof(*o));
}

void history_entry_clear(struct history_entry *h)
{
	free(h->who);
	free(h->from_stage_name);
	free(h->to_stage_name);
	memset(h, 0, sizeof(*h));
}

#define DEFAULT_CHANNELS \
	"email,phone,linkedin,facebook,instagram,intercom,website,referral,event,other"
#define DEFAULT_CATEGORIES "price,value,competitor,relevance,timing,authority,other"

const struct rule_def rule_defs[] = {
	{ "ideal_cycle", "target sales cycle in days (e.g. a free trial's length)", false, 1, 3650 },
	{ "cycle_window", "days of won deals the average cycle is computed over", false, 1, 36500 },
	{ "min_won_deals", "won deals needed before the average cycle is trusted", false, 1, 100000 },
	{ "followup_after", "days after entry or an unanswered contact a follow-up is due", false, 1, 365 },
	{ "followup_overdue", "days after a contact a due follow-up counts as overdue", false, 1, 365 },
	{ "max_unanswered", "unanswered follow-ups in a row before a deal is qualify-out", false, 2, 100 },
	{ "channels", "channels deals come from and contacts go through", true, 0, 0 },
	{ "categories", "objection categories", true, 0, 0 },
	{ "currency", "currency code of new deals (ISO 4217, e.g. USD)", false, 0, 0 },
};
const size_t rule_defs_len = ARRAY_LEN(rule_defs);

void rules_defaults(struct rules *r)
{
	r->ideal_cycle_days = 14;
	r->cycle_window_days = 365;
	r->min_won_deals = 3;
	r->followup_after_days = 3;
	r->followup_overdue_days = 5;
	r->max_unanswered = 6;
	r->channels = xstrdup(DEFAULT_CHANNELS);
	r->categories = xstrdup(DEFAULT_CATEGORIES);
	r->currency = xstrdup("USD");
}

void rules_clear(struct rules *r)
{
	free(r->channels);
	free(r->categories);
	free(r->currency);
	memset(r, 0, sizeof(*r));
}

const struct rule_def *rule_def_find(const char *key)
{
	for (size_t i = 0; i < rule_defs_len; i++)
		if (strcmp(rule_defs[i].key, key) == 0)
			return &rule_defs[i];
	return NULL;
}

static int validate_list(const char *key, const char *value)
{
	const char *p = value;
	size_t items = 0;

	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == 0 || len > 32) {
			err_set("%s: items must be 1 to 32 characters, separated by commas", key);
			return -1;
		}
		for (size_t i = 0; i < len; i++) {
			char c = p[i];
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
				err_set("%s: '%.*s' must be lower-case letters, digits, '-' or '_'",
					key, (int)len, p);
				return -1;
			}
		}
		items++;
		p += len + (end ? 1 : 0);
		if (end && !*p) {
			err_set("%s: trailing comma", key);
			return -1;
		}
	}
	if (items == 0) {
		err_set("%s: the list must not be empty", key);
		return -1;
	}
	if (!list_contains(value, "other")) {
		err_set("%s: the list must include 'other'", key);
		return -1;
	}
	return 0;
}

int rule_validate(const char *key, const char *value)
{
	const struct rule_def *def = rule_def_find(key);
	int64_t n;

	if (!def) {
		struct strbuf sb;
		strbuf_init(&sb);
		for (size_t i = 0; i < rule_defs_len; i++)
			strbuf_printf(&sb, "%s%s", i ? ", " : "", rule_defs[i].key);
		err_set("'%s' is not a rule (rules: %s)", key, sb.buf);
		strbuf_free(&sb);
		return -1;
	}
	if (def->is_list)
		return validate_list(key, value);
	if (strcmp(key, "currency") == 0) {
		if (strlen(value) != 3 || value[0] < 'A' || value[0] > 'Z' || value[1] < 'A' ||
		    value[1] > 'Z' || value[2] < 'A' || value[2] > 'Z') {
			err_set("currency: '%s' is not a three-letter code such as USD", value);
			return -1;
		}
		return 0;
	}
	if (parse_int(value, def->min, def->max, &n) != 0) {
		err_prefix("%s", key);
		return -1;
	}
	return 0;
}

void rule_format(const struct rules *r, const char *key, char *buf, size_t size)
{
	if (strcmp(key, "ideal_cycle") == 0)
		snprintf(buf, size, "%d", r->ideal_cycle_days);
	else if (strcmp(key, "cycle_window") == 0)
		snprintf(buf, size, "%d", r->cycle_window_days);
	else if (strcmp(key, "min_won_deals") == 0)
		snprintf(buf, size, "%d", r->min_won_deals);
	else if (strcmp(key, "followup_after") == 0)
		snprintf(buf, size, "%d", r->followup_after_days);
	else if (strcmp(key, "followup_overdue") == 0)
		snprintf(buf, size, "%d", r->followup_overdue_days);
	else if (strcmp(key, "max_unanswered") == 0)
		snprintf(buf, size, "%d", r->max_unanswered);
	else if (strcmp(key, "channels") == 0)
		snprintf(buf, size, "%s", r->channels);
	else if (strcmp(key, "categories") == 0)
		snprintf(buf, size, "%s", r->categories);
	else if (strcmp(key, "currency") == 0)
		snprintf(buf, size, "%s", r->currency);
	else
		snprintf(buf, size, "?");
}

bool list_contains(const char *list, const char *item)
{
	size_t n = strlen(item);
	const char *p = list;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncasecmp(p, item, n) == 0)
			return true;
		p = end ? end + 1 : NULL;
	}
	return false;
}
