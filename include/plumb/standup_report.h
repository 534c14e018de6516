/*
 * The daily standup (SPEC section 5): per owner, what happened since the
 * last working day and what needs chasing today. Part of the engine:
 * plain data for `plumb standup` and the board's standup screen, no SQL,
 * no formatting, no terminal.
 *
 * Two steps so a screen can page through owners cheaply:
 * standup_load() counts everything for every owner (one pass per kind of
 * item, whatever the number of owners) and the team; standup_page_load()
 * then fetches one owner's lists, each the newest or most urgent few
 * (list_limit), so a page costs the same with a thousand deals or a
 * million. A list's full size is in the page's counts: "and N more" is
 * count - len.
 *
 * Ownership: both fill caller-owned structs whose strings, arrays and
 * deals belong to them; release them with standup_page_free() and
 * standup_free(). A page borrows nothing from its standup, so the two
 * may be freed in any order.
 */
#ifndef PLUMB_STANDUP_REPORT_H
#define PLUMB_STANDUP_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "plumb/domain.h"
#include "plumb/engine.h"
#include "plumb/store.h"

#define STANDUP_LIST_DEFAULT 5

struct standup_options {
	const char *owner; /* NULL: every owner with deals; copied */
	int list_limit;    /* items per list; 0: STANDUP_LIST_DEFAULT */
};
void standup_options_default(struct standup_options *o);

/* What happened since the last working day, and what is due now. */
struct standup_counts {
	int64_t moved;            /* stage changes and reopens of their deals */
	int64_t won, won_value_minor;
	int64_t lost, lost_value_minor;
	int64_t due;              /* follow-ups due today or earlier, not yet overdue */
	int64_t due_today;        /* of those, due exactly today */
	int64_t overdue;          /* follow-ups past the overdue grace */
	int64_t stalled;          /* open deals older than the stall threshold */
	int64_t objections;       /* unresolved (open, acknowledged) on open deals */
};

struct standup_owner {
	char *owner;              /* owned; "" for deals without an owner */
	struct standup_counts counts;
};

struct standup {
	struct engine engine;     /* the team's thresholds, as the board's; owned */
	int64_t today;
	int64_t since_day;        /* the last working day before today */
	time_t since;             /* its first second */
	int list_limit;
	struct standup_owner *owners; /* sorted by name; owned */
	size_t owners_len;
	struct standup_counts team;   /* the whole team, also when one owner was asked for */
};

struct standup_move {
	struct history_entry history; /* stage names filled in; owned */
	char *deal_title;             /* owned */
};

struct standup_objection {
	struct objection objection;   /* owned */
	char *deal_title;             /* owned */
};

struct standup_deals {
	struct deal *items;           /* owned (deal_clear each) */
	size_t len;
};

struct standup_page {
	char *owner;                  /* owned */
	struct standup_counts counts;
	struct standup_move *moved;   /* newest first */
	size_t moved_len;
	struct standup_deals won, lost;  /* most recently closed first */
	struct standup_deals due, overdue; /* longest waiting first */
	struct standup_deals stalled;    /* oldest first */
	struct standup_objection *objections; /* newest first */
	size_t objections_len;
};

/* The last working day before today: Monday, Saturday and Sunday look back
 * to Friday; Tuesday to Friday look back one day. */
int64_t standup_since_day(int64_t today);

/* Returns 0, or -1 with err_set(); on failure *out holds nothing to free. */
int standup_load(struct store *st, const struct standup_options *o, struct standup *out);
void standup_free(struct standup *s);

/* The lists of s->owners[index]. Returns 0, or -1 with err_set(). */
int standup_page_load(struct store *st, const struct standup *s, size_t index,
		      struct standup_page *out);
void standup_page_free(struct standup_page *p);

#endif
