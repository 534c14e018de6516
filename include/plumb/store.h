/*
 * The store: the only module that knows how deals are kept. Everything
 * else (engine, screens, CLI) goes through this interface and never sees
 * SQL, so another backend could implement it without touching them.
 *
 * Contract: functions return 0 on success, or -1 with err_set() explaining
 * why in one line. Structs filled by the store own their strings; the
 * caller releases them with the _clear() function of domain.h. Every
 * change is one transaction and records who made it and when.
 */
#ifndef PLUMB_STORE_H
#define PLUMB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "plumb/domain.h"
#include "plumb/histogram.h"

struct store;

enum store_open_flags {
	STORE_CREATE = 1u << 0,    /* create the file (and its directory) if missing */
	STORE_READ_ONLY = 1u << 1, /* never write, even when the file is writable */
	STORE_SHARED = 1u << 2,    /* new files are group read/write (team database) */
	/*
	 * A private file being built from scratch (demo): no journal and no
	 * syncs while loading. The caller must store_sync() it and rename it
	 * into place, so a crash leaves the old state, never a half file.
	 */
	STORE_BULK_NEW = 1u << 3,
};

/*
 * Opens the pipeline at path. A database of a newer schema than this build
 * knows, a file that is not a plumb database, or a corrupt one is refused
 * and left untouched. Older schemas are migrated forward in one
 * transaction. When the file or its directory is not writable, the store
 * opens read-only (store_read_only() tells).
 */
int store_open(const char *path, unsigned flags, struct store **out);
void store_close(struct store *st);
/* Flushes a STORE_BULK_NEW file to disk; call before renaming it. */
int store_sync(struct store *st);
/* Deletes a database file that is not open, with its -wal and -shm. */
void store_remove_files(const char *path);
/* True when store_open created the file: only then may a failed init
 * remove it (a concurrent init by someone else may have made it). */
bool store_created(const struct store *st);
/*
 * True when the last failure came from memory, the disk, a lock or a
 * damaged file rather than from the data (a constraint): a caller working
 * through many rows stops instead of blaming the row.
 */
bool store_failed_on_environment(const struct store *st);
bool store_read_only(const struct store *st);
const char *store_path(const struct store *st);
/* Whose name goes into history rows ("who"); copied. */
void store_set_who(struct store *st, const char *who);
/* The schema version this build writes. */
int store_schema_version(void);
/* 1 when the pipeline has no stages yet (a freshly created file), 0 when
 * it has, -1 on error (recorded). */
int store_needs_init(struct store *st);

/*
 * 0 while the path still names the file that was opened; -1 with err_set()
 * once it was deleted or replaced (renamed over). Every change checks
 * first, so none goes to a file no one will see again; the board also
 * asks on its own to say so at once.
 */
int store_file_check(struct store *st);

/* A change counter that moves when any process commits to the file. */
int store_data_version(struct store *st, int64_t *version);

struct stage_spec {
	const char *name;
	int probability;
	int rot_days;
};
/* Creates the stages of a new pipeline; fails if it has stages already. */
int store_init_stages(struct store *st, const struct stage_spec *specs, size_t n);
int store_stages(struct store *st, struct stage_list *out);

int store_rules(struct store *st, struct rules *out);
int store_rule_set(struct store *st, const char *key, const char *value);

/* Deals. ids are positive. */
int store_deal_add(struct store *st, const struct deal_input *in, int64_t *id);
/* Fails with "no deal with id N" when absent. */
int store_deal_get(struct store *st, int64_t id, struct deal *out);
int store_deal_update(struct store *st, int64_t id, const struct deal_input *in);
/* Moves an open deal, or reopens a closed one into stage_id. */
int store_deal_move(struct store *st, int64_t id, int64_t stage_id);
int store_deal_close(struct store *st, int64_t id, enum deal_status status, const char *reason);
int store_deal_delete(struct store *st, int64_t id);
/*
 * When expected_version is non-zero, the change is refused with a message
 * if the deal changed since the caller read it (another user or process).
 */
void store_expect_version(struct store *st, int64_t expected_version);

struct activity_input {
	const char *channel;
	const char *kind;
	enum direction direction;
	enum outcome outcome;
	const char *note;
	time_t at;                 /* 0: now */
	bool has_next;
	int64_t next_followup_day; /* when has_next */
};
/* Logs a contact and updates the deal's follow-up state (engine rules). */
int store_activity_add(struct store *st, int64_t deal_id, const struct activity_input *in,
		       int64_t *id);

struct objection_input {
	const char *category;
	const char *said;
	const char *response;
	enum objection_state state;
	time_t at; /* 0: now */
};
int store_objection_add(struct store *st, int64_t deal_id, const struct objection_input *in,
			int64_t *id);

/* Timeline of one deal, newest first. The callback returns non-zero to stop. */
struct timeline_item {
	enum { TIMELINE_HISTORY, TIMELINE_ACTIVITY, TIMELINE_OBJECTION } kind;
	union {
		struct history_entry history;
		struct activity activity;
		struct objection objection;
	} u;
};
typedef int (*timeline_fn)(const struct timeline_item *item, void *ctx);
int store_deal_timeline(struct store *st, int64_t deal_id, timeline_fn fn, void *ctx);

/*
 * Deal queries stream rows; nothing loads all deals. Conditions are
 * combined with AND; zero/NULL fields do not filter.
 */
enum deal_order {
	ORDER_BOARD,      /* stage position, then entered pipeline, then id */
	ORDER_AGE,        /* oldest first */
	ORDER_FOLLOWUP,   /* next follow-up soonest first */
	ORDER_STAGE_AGE,  /* longest in its stage first */
	ORDER_UNANSWERED, /* most unanswered first */
	ORDER_ID,
	ORDER_CLOSED,     /* most recently closed first */
};
enum deal_status_filter { STATUS_OPEN, STATUS_WON, STATUS_LOST, STATUS_CLOSED, STATUS_ANY };
struct deal_query {
	enum deal_status_filter status;
	int64_t stage_id;
	const char *owner;
	const char *text;            /* substring of title/company/contact/owner */
	bool key_account;
	time_t created_before;       /* stalled: entered pipeline before this */
	time_t created_since;        /* entered the pipeline at or after this */
	time_t closed_since;         /* closed at or after this */
	time_t followup_since;       /* next follow-up at or after this */
	bool rotting;                /* in its stage longer than its rot_days */
	int64_t rot_today;           /* local day for the rotting test */
	time_t followup_before;      /* next follow-up before this */
	int min_unanswered;
	int max_unanswered;          /* 0: no upper bound */
	enum deal_order order;
	int64_t limit;               /* 0: no limit */
	/* Keyset pagination for ORDER_BOARD within one stage: rows after
	 * (after_created, after_id). */
	bool has_after;
	time_t after_created;
	int64_t after_id;
	/* ... or rows before (before_created, before_id), nearest first. */
	bool has_before;
	time_t before_created;
	int64_t before_id;
	bool reverse; /* ORDER_BOARD within one stage, last row first */
};
struct deal_iter;
int store_query(struct store *st, const struct deal_query *q, struct deal_iter **out);
/* Returns 1 with a row in *d (clear it), 0 at the end, -1 on error. */
int deal_iter_next(struct deal_iter *it, struct deal *d);
void deal_iter_free(struct deal_iter *it);
/* value_minor may be NULL (then only index entries are read). */
int store_count(struct store *st, const struct deal_query *q, int64_t *count,
		int64_t *value_minor);

/*
 * How many open deals have OPEN_CREATED their entry into the pipeline (the
 * stalled count) or OPEN_FOLLOWUP their next follow-up (the due count)
 * before `before`; owner NULL counts everyone's. Kept by triggers in the
 * file, so it costs one lookup at any size; a bound asked for the first
 * time is counted once (an index range) and remembered when the file is
 * writable and not busy.
 */
enum open_count_kind { OPEN_CREATED, OPEN_FOLLOWUP };
int store_open_count(struct store *st, enum open_count_kind kind, time_t before,
		     const char *owner, int64_t *count);

/* One row of a count grouped by owner. */
struct owner_count {
	char *owner; /* owned */
	int64_t count;
	int64_t value_minor;
};
/* Frees the owners and the array. */
void owner_counts_free(struct owner_count *counts, size_t len);
/* store_count per owner, sorted by owner; *out is malloc'd. value_minor
 * is summed only when with_value (it may cost a row read per deal). */
int store_count_by_owner(struct store *st, const struct deal_query *q, bool with_value,
			 struct owner_count **out, size_t *len);

/* Per-stage totals kept incrementally (cheap at any size). */
struct stage_total {
	int64_t stage_id;
	enum deal_status status;
	int64_t deals;
	int64_t value_minor;
};
/* owner may be NULL for all owners; *out is malloc'd (free it). */
int store_stage_totals(struct store *st, const char *owner, struct stage_total **out,
		       size_t *len);

/*
 * Undo and redo of one session's changes, kept in the database: every
 * change made through this store after store_journal_open() records the
 * deal (with its history, follow-ups and objections) before and after.
 * Undo restores the image before, only if the deal is still exactly as
 * the change left it (else it refuses, naming why); redo the reverse.
 * A new change drops what could have been redone.
 */
int store_journal_open(struct store *st, const char *session);
/* Forgets the session's journal (on quit) and entries older than a week. */
void store_journal_close(struct store *st);
/* 1 when a change was undone (what: e.g. "move of 'Acme renewal'", *deal_id
 * set), 0 when there is nothing to undo, -1 on error. */
int store_undo(struct store *st, char *what, size_t size, int64_t *deal_id);
int store_redo(struct store *st, char *what, size_t size, int64_t *deal_id);

/*
 * Won deals closed at or after closed_since (owner NULL: everyone): how
 * many, the sum of their cycles in local days, and (when median is true,
 * which sorts them) the median cycle.
 */
struct cycle_sample {
	int64_t won;
	int64_t total_days;
	double median_days;
};
int store_cycle(struct store *st, time_t closed_since, const char *owner, bool median,
		struct cycle_sample *out);

/*
 * Aggregates for the stats and standup reports (store_stats.c). Each is
 * one indexed SQL aggregate or one streaming pass over a covering index;
 * memory depends on the number of channels, categories or owners, never
 * on the number of deals. owner NULL means the whole team.
 */

/* Deals closed at or after closed_since from one source channel. */
struct channel_closes {
	char *channel; /* owned */
	int64_t won, lost;
	int64_t won_value_minor;
	int64_t won_cycle_days; /* sum of the won deals' cycles */
	struct day_histogram won_cycles;
};
void channel_closes_free(struct channel_closes *c, size_t len);
/* Sorted by channel; *out is malloc'd. */
int store_closes_by_channel(struct store *st, time_t closed_since, const char *owner,
			    struct channel_closes **out, size_t *len);

/* A name with a count: channels by leads in, lost reasons. */
struct name_count {
	char *name; /* owned */
	int64_t count;
};
void name_counts_free(struct name_count *counts, size_t len);
/* Deals (any status) that entered the pipeline at or after created_since,
 * per source channel, sorted by channel. */
int store_leads_by_channel(struct store *st, time_t created_since, const char *owner,
			   struct name_count **out, size_t *len);
/* Lost reasons of deals lost at or after closed_since, most frequent first
 * (ties by reason), at most limit of them. */
int store_lost_reasons(struct store *st, time_t closed_since, const char *owner, size_t limit,
		       struct name_count **out, size_t *len);

/* Objections logged at or after since in one category. */
struct category_objections {
	char *category; /* owned */
	int64_t raised;
	int64_t on_won, on_lost, on_open; /* by the status of the deal now */
	int64_t state_open, state_acknowledged, state_resolved;
};
void category_objections_free(struct category_objections *c, size_t len);
/* Sorted by category; *out is malloc'd. */
int store_objections_by_category(struct store *st, time_t since, const char *owner,
				 struct category_objections **out, size_t *len);

/* A response given to objections of one category on deals that were won. */
struct won_response {
	char *category; /* owned */
	char *response; /* owned */
	int64_t times;  /* objections answered with it */
	time_t last_at; /* the most recent of them */
};
void won_responses_free(struct won_response *r, size_t len);
/* The per_category most recently used responses of each category (logged
 * at or after since), by category, most recent first. */
int store_won_responses(struct store *st, time_t since, const char *owner, size_t per_category,
			struct won_response **out, size_t *len);

/* Local days in the stage of the open deals of a stage: the median (mean of
 * the two middle deals for an even count); *median_days is 0 when empty. */
int store_stage_median_days(struct store *st, int64_t stage_id, const char *owner,
			    int64_t today, double *median_days);

/* Won deals closed at or after closed_since, added to counts[week] where
 * week = (today - close day) / 7 when it is below weeks. */
int store_won_by_week(struct store *st, time_t closed_since, const char *owner, int64_t today,
		      int64_t *counts, size_t weeks);

/* Stage changes and reopens (not creations or closes) at or after since,
 * counted per deal owner. */
int store_moves_by_owner(struct store *st, time_t since, const char *owner,
			 struct owner_count **out, size_t *len);
/* The newest of them for one owner; the callback returns non-zero to stop. */
typedef int (*move_fn)(const struct history_entry *h, const char *deal_title, void *ctx);
int store_moves(struct store *st, time_t since, const char *owner, int64_t limit, move_fn fn,
		void *ctx);
/* Unresolved (open or acknowledged) objections on open deals, per owner. */
int store_unresolved_objections_by_owner(struct store *st, const char *owner,
					 struct owner_count **out, size_t *len);
/* The newest of them for one owner. */
typedef int (*objection_fn)(const struct objection *o, const char *deal_title, void *ctx);
int store_unresolved_objections(struct store *st, const char *owner, int64_t limit,
				objection_fn fn, void *ctx);

/* Owners with deals, sorted; *out is a malloc'd array of malloc'd strings. */
int store_owners(struct store *st, char ***out, size_t *len);

/* Integrity: SQLite's check plus plumb's own invariants. Appends problems
 * (one per line) to report; returns 0 and sets *ok. */
int store_check(struct store *st, bool *ok, char **report);
/* Consistent copy of a database in use (online backup). */
int store_backup(struct store *st, const char *dest_path);

/*
 * Bulk loading for demo and import: one transaction around many writes.
 * Inside it, store functions join the open transaction; if one fails the
 * caller must store_rollback(), so a load is all or nothing.
 */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/*
 * Raw inserts with explicit times, for loading history that happened in
 * the past. They bypass the follow-up rules; the caller provides a
 * consistent record (stage_history rows for every change and close).
 */
int store_deal_insert(struct store *st, const struct deal *d, int64_t *id);
int store_history_insert(struct store *st, const struct history_entry *h);
int store_activity_insert(struct store *st, const struct activity *a);
int store_objection_insert(struct store *st, const struct objection *o);
/* Number of deals in the file (all statuses). */
int store_deal_count(struct store *st, int64_t *count);


/* ---- Import and export (plumb import / plumb export) ---- */

/*
 * An import is one write transaction around a whole file. When the
 * pipeline has no deals yet (info->empty), it is a bulk load: the
 * non-unique indexes of deals and stage_history and the stage-totals
 * trigger are dropped, inserts skip the history rows, and
 * store_import_finish writes the history and the totals in bulk and
 * builds each index with one sort, inside the same transaction: a
 * rollback or a crash at any point leaves the file as it was, schema
 * included.
 */
struct store_import_info {
	bool empty;           /* the pipeline had no deals */
	int64_t first_new_id; /* deals with this id or more were added by the import */
};
int store_import_begin(struct store *st, struct store_import_info *info);
/* Rebuilds what begin dropped and commits. */
int store_import_finish(struct store *st);
/* Rolls the whole import back. */
void store_import_abort(struct store *st);
/* Inserts an imported deal with its history: a creation row at created_at
 * and, when closed, a close row at closed_at (in a bulk load, written by
 * store_import_finish). */
int store_import_insert(struct store *st, const struct deal *d, int64_t *id);
/*
 * Writes d over old (the same deal, as read) and records in stage_history
 * what moved: a reopen (at d->updated_at), a stage change (at
 * d->stage_entered_at), a close (at d->closed_at). History is only ever
 * appended; created_at is kept.
 */
int store_import_update(struct store *st, const struct deal *old, const struct deal *d);
/* The deal whose external key is key: 1 (fill *out, clear it), 0 none. */
int store_deal_by_key(struct store *st, const char *key, struct deal *out);
/*
 * Dry runs: a read snapshot (end it with store_read_end) and a private
 * list of keys seen, so a key given twice is found without writing.
 * key_seen returns 1 and *first_line when key was passed before, else 0.
 */
int store_import_check_begin(struct store *st);
int store_import_key_seen(struct store *st, const char *key, long line, long *first_line);
/* Adds a stage after the last one (probability 0, no rot days). */
int store_stage_append(struct store *st, const char *name, int64_t *id);
/* A consistent snapshot for reads that span several queries (export). */
int store_read_begin(struct store *st);
void store_read_end(struct store *st);

#endif
