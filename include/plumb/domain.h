/*
 * The things plumb is about: stages, deals, activities, objections and the
 * team's playbook rules, as plain C values with no storage or screen code.
 * Strings in these structs are heap-allocated and owned by the struct;
 * release them with the matching _clear() function.
 */
#ifndef PLUMB_DOMAIN_H
#define PLUMB_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum deal_status { DEAL_OPEN, DEAL_WON, DEAL_LOST };
enum direction { DIR_OUTBOUND, DIR_INBOUND };
enum outcome { OUTCOME_REPLIED, OUTCOME_NO_RESPONSE, OUTCOME_MEETING, OUTCOME_OTHER };
enum objection_state { OBJ_OPEN, OBJ_ACKNOWLEDGED, OBJ_RESOLVED };

const char *deal_status_name(enum deal_status s);
int deal_status_parse(const char *s, enum deal_status *out);
const char *direction_name(enum direction d);
int direction_parse(const char *s, enum direction *out);
const char *outcome_name(enum outcome o);
int outcome_parse(const char *s, enum outcome *out);
const char *objection_state_name(enum objection_state s);
int objection_state_parse(const char *s, enum objection_state *out);

struct stage {
	int64_t id;
	char *name;
	int position;    /* 1-based, left to right */
	int probability; /* percent, 0..100 */
	int rot_days;    /* 0: the stage does not rot */
};

struct stage_list {
	struct stage *items;
	size_t len;
};
void stage_list_clear(struct stage_list *list);
/* By name (case-insensitive) or 1-based position; NULL when absent. */
const struct stage *stage_list_find(const struct stage_list *list, const char *name_or_pos);
const struct stage *stage_list_by_id(const struct stage_list *list, int64_t id);

struct deal {
	int64_t id;
	char *title;
	char *company;
	char *contact_name;
	char *contact_email;
	char *contact_phone;
	int64_t value_minor;
	char *currency;
	char *owner;
	int64_t stage_id;
	char *stage_name;
	int stage_position;
	int stage_probability;
	int stage_rot_days;
	char *channel;
	bool key_account;
	int score; /* qualification 0..100; -1 when not scored */
	enum deal_status status;
	char *lost_reason;
	time_t created_at;       /* entered the pipeline */
	time_t stage_entered_at; /* entered its current stage */
	time_t closed_at;        /* 0 while open */
	int cycle_days;          /* closed: local days from entry to close */
	time_t next_followup_at; /* 0 when none is scheduled */
	time_t last_contact_at;  /* 0 when never contacted */
	int unanswered;          /* outbound contacts without reply, in a row */
	char *notes;
	char *external_key;      /* import key; NULL when none */
	time_t updated_at;
	int64_t version;         /* bumped on every change; detects stale edits */
};
void deal_clear(struct deal *d);

/*
 * The fields a user can set on a deal; one table drives `plumb edit`,
 * import column mapping and the edit form.
 */
enum deal_field {
	FIELD_TITLE,
	FIELD_COMPANY,
	FIELD_CONTACT,
	FIELD_EMAIL,
	FIELD_PHONE,
	FIELD_VALUE,
	FIELD_CURRENCY,
	FIELD_OWNER,
	FIELD_STAGE,
	FIELD_CHANNEL,
	FIELD_KEY_ACCOUNT,
	FIELD_SCORE,
	FIELD_NEXT_FOLLOWUP,
	FIELD_NOTES,
	FIELD_CREATED,
	FIELD_COUNT
};
const char *deal_field_name(enum deal_field f);
int deal_field_parse(const char *s, enum deal_field *out);

/*
 * Input for adding or editing a deal: only fields whose bit is in `set`
 * are used (bit = 1u << FIELD_x). Strings are borrowed, not owned.
 */
struct deal_input {
	unsigned set;
	const char *title, *company, *contact_name, *contact_email, *contact_phone;
	int64_t value_minor;
	const char *currency;
	const char *owner;
	int64_t stage_id;
	const char *channel;
	bool key_account;
	int score;
	int64_t next_followup_day; /* local day; INT64_MIN clears it */
	const char *notes;
	time_t created_at;
};
#define DEAL_SET(in, field) ((in)->set |= 1u << (field))
#define DEAL_HAS(in, field) (((in)->set & (1u << (field))) != 0)

struct activity {
	int64_t id;
	int64_t deal_id;
	time_t at;
	char *who;
	char *channel;
	char *kind;
	enum direction direction;
	enum outcome outcome;
	char *note;
};
void activity_clear(struct activity *a);

struct objection {
	int64_t id;
	int64_t deal_id;
	time_t at;
	char *who;
	char *category;
	char *said;
	char *response;
	enum objection_state state;
};
void objection_clear(struct objection *o);

/* One line of a deal's timeline: a stage change, close or reopen. */
struct history_entry {
	int64_t id;
	int64_t deal_id;
	time_t at;
	char *who;
	int64_t from_stage_id; /* 0 when the deal was created */
	int64_t to_stage_id;
	enum deal_status from_status;
	enum deal_status to_status;
	char *from_stage_name;
	char *to_stage_name;
};
void history_entry_clear(struct history_entry *h);

/*
 * What a logged contact does to the unanswered streak: a reply, a meeting
 * or any inbound contact resets it; an outbound contact with no response
 * extends it; an outbound "other" leaves it as it was.
 */
enum streak_effect { STREAK_RESET, STREAK_EXTEND, STREAK_KEEP };
enum streak_effect followup_streak_effect(enum direction d, enum outcome o);

/* The team's playbook rules, stored in the database (plumb rules). */
struct rules {
	int ideal_cycle_days;
	int cycle_window_days;
	int min_won_deals;
	int followup_after_days;
	int followup_overdue_days;
	int max_unanswered;
	char *channels;   /* comma-separated */
	char *categories; /* objection categories, comma-separated */
	char *currency;   /* default currency code for new deals */
};
void rules_defaults(struct rules *r);
void rules_clear(struct rules *r);

/* Rule keys as `plumb rules set` takes them, with their documentation. */
struct rule_def {
	const char *key;
	const char *help;
	bool is_list;
	int min, max;
};
extern const struct rule_def rule_defs[];
extern const size_t rule_defs_len;
const struct rule_def *rule_def_find(const char *key);
/* Validates a value for key; returns 0, or -1 with err_set(). */
int rule_validate(const char *key, const char *value);
/* Writes r's value for key into buf. */
void rule_format(const struct rules *r, const char *key, char *buf, size_t size);

/* True when item (case-insensitive) is in the comma-separated list. */
bool list_contains(const char *list, const char *item);

#endif
