/* Shared by the store's source files only. */
#ifndef PLUMB_STORE_INTERNAL_H
#define PLUMB_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>
#include <sys/types.h>

#include "plumb/store.h"

#define STMT_CACHE_SIZE 128
#define BUILT_CACHE_SIZE 32
#define BUSY_TIMEOUT_MS 8000
/* SQLite's own page cache outside bulk loads (store.c says why). */
#define PAGE_CACHE_PRAGMA "PRAGMA cache_size = -512"

struct store {
	sqlite3 *db;
	char *path;
	char *who;
	bool read_only;
	bool created;          /* store_open made the file */
	bool identity_known;   /* dev and ino: the file the path named at open */
	dev_t dev;
	ino_t ino;
	int last_error;        /* SQLite's primary code at the last store_fail() */
	int tx_depth;
	bool tx_failed;
	int64_t expected_version;
	bool bulk_new;
	char *session;         /* journal changes for undo when set */
	char *plan_text;       /* the last text filter planned, */
	char *plan_query;      /* the text index query for it (or NULL), */
	bool plan_few;         /* and whether that named few deals */
	uint64_t changes;      /* write transactions begun or ended here */
	char *hits_text;       /* the text whose matches temp.filter_hits holds, */
	int64_t hits_data_version; /* as of this data_version */
	uint64_t hits_changes; /* and this many changes */
	bool journal_pending;  /* a change has taken its "before" image */
	char *journal_before;  /* that image; NULL when the deal did not exist */
	char **dropped_indexes; /* CREATE INDEX statements to run after a bulk load */
	size_t dropped_len;
	struct import_totals *import_totals; /* bulk import: stage totals kept in C */
	struct {
		const char *sql; /* identity is the string literal's address */
		sqlite3_stmt *stmt;
	} cache[STMT_CACHE_SIZE];
	/* Idle built statements (board columns, counts), oldest first. */
	sqlite3_stmt *built[BUILT_CACHE_SIZE];
	size_t built_len;
};

/* Records sqlite's error with context in the error slot; returns -1. */
int store_fail(struct store *st, const char *what);
/*
 * A prepared statement for a SQL string literal, cached for the life of
 * the store and reset before it is returned. NULL on error (recorded).
 */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);
/*
 * Statements built at run time (a column's query with its filter) are
 * few and asked for again at every reload: store_built takes an idle one
 * with the same text or prepares it (NULL on error, not recorded);
 * store_built_release hands it back reset, or finalizes the oldest when
 * the cache is full.
 */
sqlite3_stmt *store_built(struct store *st, const char *sql);
void store_built_release(struct store *st, sqlite3_stmt *stmt);
/* Runs SQL string literals in order (cached statements); stops at an error. */
int store_exec_each(struct store *st, const char *const *sql, size_t n, const char *what);
/* Runs a statement without rows to completion; returns 0 or -1. */
int store_step_done(struct store *st, sqlite3_stmt *stmt, const char *what);

/* Write transactions: BEGIN IMMEDIATE, joined when one is already open. */
int tx_begin(struct store *st);
int tx_commit(struct store *st);
void tx_rollback(struct store *st);

/* Refuses planted links where SQLite would make path's -wal, -shm, -journal. */
int check_sidecars(const char *path);
/* Creates path private (0600, or 0660 when shared), never through a link. */
int create_file(const char *path, bool shared);

/*
 * Drops the indexes and triggers a query (type, name, sql) names, keeping
 * their CREATE statements in dropped_indexes to run after a bulk load.
 */
int drop_for_rebuild(struct store *st, const char *select_sql, const char *what);
/* Whether deals wait in the text index's log (changed since it was applied). */
int text_index_pending(struct store *st, bool *pending);
/* Builds the text index of all deals anew, after a bulk load. */
int text_index_rebuild(struct store *st);

void bind_text(sqlite3_stmt *stmt, int idx, const char *s);
void bind_time_or_null(sqlite3_stmt *stmt, int idx, time_t t);
char *column_text_dup(sqlite3_stmt *stmt, int col);
time_t column_time(sqlite3_stmt *stmt, int col);

const char *status_sql(enum deal_status s);
enum deal_status status_from_sql(const char *s);

/* Fills d from a row selected with DEAL_COLUMNS. */
#define DEAL_COLUMNS                                                               \
	"d.id, d.title, d.company, d.contact_name, d.contact_email, d.contact_phone, " \
	"d.value_minor, d.currency, d.owner, d.stage_id, s.name, s.position, "       \
	"s.probability, s.rot_days, d.channel, d.key_account, d.score, d.status, "   \
	"d.lost_reason, d.created_at, d.stage_entered_at, d.closed_at, "             \
	"d.next_followup_at, d.last_contact_at, d.unanswered, d.notes, "             \
	"d.external_key, d.updated_at, d.version, d.cycle_days"
void deal_from_row(sqlite3_stmt *stmt, struct deal *d);

/* Undo journal hooks, called inside a change's transaction. */
int journal_start(struct store *st, int64_t deal_id);
int journal_finish(struct store *st, int64_t deal_id, const char *action);
void journal_discard(struct store *st);

#endif
