/*
 * The store's part of `plumb import`: one write transaction around a whole
 * file, lookups by import key, updates that keep history, and stages made
 * on the way. Also the read snapshot that export streams from.
 */
#include "plumb/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/util.h"
#include "store_internal.h"

/* A generous cache while a file goes in: index pages stay in memory. The
 * size is fixed, so memory does not grow with the file. */
#define IMPORT_CACHE_KIB 262144

static int exec_sql(struct store *st, const char *sql, const char *what)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, what);
	return 0;
}

/*
 * The stage totals a bulk load would have made the trigger keep, summed
 * in C per (stage, status, owner): a few dozen keys for a real team. Past
 * TOTALS_MAX distinct keys, one GROUP BY over the loaded deals does it.
 */
#define TOTALS_SLOTS 8192
#define TOTALS_MAX 4096

struct totals_entry {
	int64_t stage_id;
	enum deal_status status;
	char *owner;
	int64_t deals, value_minor;
};

struct import_totals {
	int64_t first_new_id; /* history rows are written for deals from here */
	struct totals_entry entries[TOTALS_MAX];
	int32_t slots[TOTALS_SLOTS]; /* entry index + 1; 0: free */
	size_t len;
	bool overflow;
};

static uint32_t totals_hash(int64_t stage_id, enum deal_status status, const char *owner)
{
	uint32_t h = 2166136261u ^ (uint32_t)stage_id ^ ((uint32_t)status << 24);
	for (const unsigned char *p = (const unsigned char *)owner; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

static void totals_add(struct import_totals *t, const struct deal *d)
{
	const char *owner = d->owner ? d->owner : "";
	uint32_t i = totals_hash(d->stage_id, d->status, owner) % TOTALS_SLOTS;

	if (t->overflow)
		return;
	for (; t->slots[i]; i = (i + 1) % TOTALS_SLOTS) {
		struct totals_entry *e = &t->entries[t->slots[i] - 1];
		if (e->stage_id == d->stage_id && e->status == d->status &&
		    strcmp(e->owner, owner) == 0) {
			e->deals++;
			e->value_minor += d->value_minor;
			return;
		}
	}
	if (t->len == TOTALS_MAX) {
		t->overflow = true;
		return;
	}
	t->entries[t->len] = (struct totals_entry){ d->stage_id, d->status, xstrdup(owner), 1,
						    d->value_minor };
	t->slots[i] = (int32_t)++t->len;
}

static void totals_free(struct store *st)
{
	struct import_totals *t = st->import_totals;

	if (!t)
		return;
	for (size_t i = 0; i < t->len; i++)
		free(t->entries[i].owner);
	free(t);
	st->import_totals = NULL;
}

static int totals_write(struct store *st)
{
	struct import_totals *t = st->import_totals;

	if (!t)
		return 0;
	if (t->overflow)
		return exec_sql(st, "INSERT INTO stage_totals(stage_id, status, owner, deals, "
				    "value_minor) SELECT stage_id, status, owner, count(*), "
				    "sum(value_minor) FROM deals WHERE true GROUP BY 1, 2, 3 "
				    "ON CONFLICT(stage_id, status, owner) DO UPDATE SET "
				    "deals = deals + excluded.deals, "
				    "value_minor = value_minor + excluded.value_minor",
				"counting stage totals");
	for (size_t i = 0; i < t->len; i++) {
		const struct totals_entry *e = &t->entries[i];
		sqlite3_stmt *stmt = store_stmt(
			st, "INSERT INTO stage_totals(stage_id, status, owner, deals, value_minor) "
			    "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(stage_id, status, owner) "
			    "DO UPDATE SET deals = deals + excluded.deals, "
			    "value_minor = value_minor + excluded.value_minor");
		if (!stmt)
			return -1;
		sqlite3_bind_int64(stmt, 1, e->stage_id);
		bind_text(stmt, 2, status_sql(e->status));
		bind_text(stmt, 3, e->owner);
		sqlite3_bind_int64(stmt, 4, e->deals);
		sqlite3_bind_int64(stmt, 5, e->value_minor);
		if (store_step_done(st, stmt, "counting stage totals") != 0)
			return -1;
	}
	return 0;
}

/*
 * The creation and close rows of every deal a bulk load added, in two
 * statements: the same rows store_import_insert writes one by one.
 */
static int bulk_history(struct store *st)
{
	static const char *const sql[] = {
		"INSERT INTO stage_history(deal_id, at, who, from_stage_id, to_stage_id, "
		"from_status, to_status) SELECT id, created_at, ?2, NULL, stage_id, NULL, 'open' "
		"FROM deals WHERE id >= ?1 ORDER BY id",
		"INSERT INTO stage_history(deal_id, at, who, from_stage_id, to_stage_id, "
		"from_status, to_status) SELECT id, closed_at, ?2, stage_id, stage_id, 'open', "
		"status FROM deals WHERE id >= ?1 AND status <> 'open' ORDER BY id",
	};

	if (!st->import_totals)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(sql); i++) {
		sqlite3_stmt *stmt = store_stmt(st, sql[i]);
		if (!stmt)
			return -1;
		sqlite3_bind_int64(stmt, 1, st->import_totals->first_new_id);
		bind_text(stmt, 2, st->who);
		if (store_step_done(st, stmt, "recording history") != 0)
			return -1;
	}
	return 0;
}

/*
 * For a load into an empty pipeline: drops the non-unique indexes of the
 * tables an import writes, and the trigger that keeps stage_totals per
 * inserted row. store_import_finish computes the totals with one GROUP BY
 * and builds each index with one sort, which is several times faster than
 * keeping them row by row. The unique index on external_key stays: it
 * names the line of a key given twice. DDL is transactional, so a rollback
 * or a crash brings everything back.
 */
static int drop_for_bulk_load(struct store *st)
{
	st->import_totals = xcalloc(1, sizeof(*st->import_totals));
	return drop_for_rebuild(st,
				"SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL "
				"AND ((type = 'index' AND tbl_name IN ('deals', 'stage_history') "
				"AND sql NOT LIKE 'CREATE UNIQUE%') OR (type = 'trigger' AND "
				"name IN ('deals_totals_insert', 'deal_text_insert')))",
				"preparing the import");
}

static void forget_dropped(struct store *st)
{
	for (size_t i = 0; i < st->dropped_len; i++)
		free(st->dropped_indexes[i]);
	free(st->dropped_indexes);
	st->dropped_indexes = NULL;
	st->dropped_len = 0;
}

static int rebuild_dropped(struct store *st)
{
	for (size_t i = 0; i < st->dropped_len; i++)
		if (exec_sql(st, st->dropped_indexes[i], "building indexes") != 0)
			return -1;
	forget_dropped(st);
	return 0;
}

int store_import_begin(struct store *st, struct store_import_info *info)
{
	sqlite3_stmt *stmt;
	char sql[64];

	memset(info, 0, sizeof(*info));
	st->last_error = SQLITE_OK;
	if (tx_begin(st) != 0)
		return -1;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d", IMPORT_CACHE_KIB);
	stmt = store_stmt(st, "SELECT count(*), coalesce(max(id), 0) FROM deals");
	if (!stmt || exec_sql(st, sql, "preparing the import") != 0)
		goto fail;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_fail(st, "preparing the import");
		sqlite3_reset(stmt);
		goto fail;
	}
	info->empty = sqlite3_column_int64(stmt, 0) == 0;
	info->first_new_id = sqlite3_column_int64(stmt, 1) + 1;
	sqlite3_reset(stmt);
	if (info->empty && drop_for_bulk_load(st) != 0)
		goto fail;
	if (st->import_totals)
		st->import_totals->first_new_id = info->first_new_id;
	return 0;
fail:
	store_import_abort(st);
	return -1;
}

int store_import_finish(struct store *st)
{
	if (st->tx_failed) {
		store_import_abort(st);
		err_set("an earlier step failed; nothing was imported");
		return -1;
	}
	bool bulk = st->import_totals != NULL;
	if (bulk_history(st) != 0 || totals_write(st) != 0 || rebuild_dropped(st) != 0 ||
	    (bulk && text_index_rebuild(st) != 0) || tx_commit(st) != 0) {
		store_import_abort(st);
		return -1;
	}
	totals_free(st);
	exec_sql(st, PAGE_CACHE_PRAGMA, "finishing the import");
	return 0;
}

void store_import_abort(struct store *st)
{
	totals_free(st);
	forget_dropped(st);
	tx_rollback(st);
	sqlite3_exec(st->db, PAGE_CACHE_PRAGMA, NULL, NULL, NULL);
}

int store_read_begin(struct store *st)
{
	return exec_sql(st, "BEGIN", "starting to read");
}

void store_read_end(struct store *st)
{
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

int store_deal_by_key(struct store *st, const char *key, struct deal *out)
{
	sqlite3_stmt *stmt = store_stmt(
		st, "SELECT " DEAL_COLUMNS " FROM deals d JOIN stages s ON s.id = d.stage_id "
		    "WHERE d.external_key = ?");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!stmt)
		return -1;
	bind_text(stmt, 1, key);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		deal_from_row(stmt, out);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(st, "looking up an import key");
}

int store_import_check_begin(struct store *st)
{
	st->last_error = SQLITE_OK;
	if (store_read_begin(st) != 0)
		return -1;
	/* TEMP is private to this connection and writable even read-only. */
	if (exec_sql(st, "PRAGMA temp.cache_size = -65536; "
			 "CREATE TEMP TABLE IF NOT EXISTS import_keys("
			 "key TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID; "
			 "DELETE FROM temp.import_keys",
		     "checking keys") != 0) {
		store_read_end(st);
		return -1;
	}
	return 0;
}

int store_import_key_seen(struct store *st, const char *key, long line, long *first_line)
{
	sqlite3_stmt *stmt;

	stmt = store_stmt(st, "INSERT OR IGNORE INTO temp.import_keys(key, line) VALUES(?1, ?2)");
	if (!stmt)
		return -1;
	bind_text(stmt, 1, key);
	sqlite3_bind_int64(stmt, 2, line);
	if (store_step_done(st, stmt, "checking keys") != 0)
		return -1;
	if (sqlite3_changes(st->db) > 0)
		return 0;
	stmt = store_stmt(st, "SELECT line FROM temp.import_keys WHERE key = ?");
	if (!stmt)
		return -1;
	bind_text(stmt, 1, key);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*first_line = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return 1;
}

int store_stage_append(struct store *st, const char *name, int64_t *id)
{
	sqlite3_stmt *stmt = store_stmt(
		st, "INSERT INTO stages(name, position, probability) "
		    "VALUES(?1, (SELECT coalesce(max(position), 0) + 1 FROM stages), 0)");

	if (!stmt)
		return -1;
	bind_text(stmt, 1, name);
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		int code = sqlite3_extended_errcode(st->db) & 0xFF;
		sqlite3_reset(stmt);
		if (code == SQLITE_CONSTRAINT) {
			err_set("'%s' cannot be a stage (1 to 64 characters)", name);
			return -1;
		}
		return store_fail(st, "adding a stage");
	}
	sqlite3_reset(stmt);
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int history_row(struct store *st, int64_t deal_id, time_t at, int64_t from_stage,
		       enum deal_status from, int64_t to_stage, enum deal_status to)
{
	struct history_entry h = { 0 };

	h.deal_id = deal_id;
	h.at = at;
	h.from_stage_id = from_stage;
	h.from_status = from;
	h.to_stage_id = to_stage;
	h.to_status = to;
	return store_history_insert(st, &h);
}

int store_import_insert(struct store *st, const struct deal *d, int64_t *id)
{
	if (st->import_totals)
		totals_add(st->import_totals, d);
	if (store_deal_insert(st, d, id) != 0) {
		if (sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_UNIQUE && d->external_key)
			err_set("key '%s' is on an earlier line of the file too", d->external_key);
		return -1;
	}
	if (st->import_totals)
		return 0; /* history follows in bulk: bulk_history() */
	if (history_row(st, *id, d->created_at, 0, DEAL_OPEN, d->stage_id, DEAL_OPEN) != 0)
		return -1;
	if (d->status != DEAL_OPEN &&
	    history_row(st, *id, d->closed_at, d->stage_id, DEAL_OPEN, d->stage_id, d->status) != 0)
		return -1;
	return 0;
}

/* History for what changed between old and d: a move, a reopen, a close. */
static int record_changes(struct store *st, const struct deal *old, const struct deal *d,
			  time_t now)
{
	int64_t stage = old->stage_id;
	enum deal_status status = old->status;

	if (status != DEAL_OPEN && (d->status == DEAL_OPEN || d->status != status ||
				    d->stage_id != stage)) {
		if (history_row(st, old->id, now, stage, status, d->stage_id, DEAL_OPEN) != 0)
			return -1;
		stage = d->stage_id;
		status = DEAL_OPEN;
	}
	if (d->stage_id != stage) {
		if (history_row(st, old->id, d->stage_entered_at, stage, DEAL_OPEN, d->stage_id,
				DEAL_OPEN) != 0)
			return -1;
	}
	if (d->status != DEAL_OPEN && status == DEAL_OPEN)
		return history_row(st, old->id, d->closed_at, d->stage_id, DEAL_OPEN, d->stage_id,
				   d->status);
	return 0;
}

int store_import_update(struct store *st, const struct deal *old, const struct deal *d)
{
	static const char sql[] =
		"UPDATE deals SET title = ?2, company = ?3, contact_name = ?4, contact_email = ?5, "
		"contact_phone = ?6, value_minor = ?7, currency = ?8, owner = ?9, stage_id = ?10, "
		"channel = ?11, key_account = ?12, score = ?13, status = ?14, lost_reason = ?15, "
		"stage_entered_at = ?16, closed_at = ?17, cycle_days = ?18, next_followup_at = ?19, "
		"last_contact_at = ?20, unanswered = ?21, notes = ?22, updated_at = ?23, "
		"version = version + 1 WHERE id = ?1";
	sqlite3_stmt *stmt;

	if (!(stmt = store_stmt(st, sql)))
		return -1;
	sqlite3_bind_int64(stmt, 1, old->id);
	bind_text(stmt, 2, d->title);
	bind_text(stmt, 3, d->company ? d->company : "");
	bind_text(stmt, 4, d->contact_name ? d->contact_name : "");
	bind_text(stmt, 5, d->contact_email ? d->contact_email : "");
	bind_text(stmt, 6, d->contact_phone ? d->contact_phone : "");
	sqlite3_bind_int64(stmt, 7, d->value_minor);
	bind_text(stmt, 8, d->currency ? d->currency : "USD");
	bind_text(stmt, 9, d->owner ? d->owner : "");
	sqlite3_bind_int64(stmt, 10, d->stage_id);
	bind_text(stmt, 11, d->channel ? d->channel : "other");
	sqlite3_bind_int(stmt, 12, d->key_account);
	if (d->score >= 0)
		sqlite3_bind_int(stmt, 13, d->score);
	bind_text(stmt, 14, status_sql(d->status));
	bind_text(stmt, 15, d->status == DEAL_LOST ? (d->lost_reason ? d->lost_reason : "") : NULL);
	sqlite3_bind_int64(stmt, 16, (sqlite3_int64)d->stage_entered_at);
	if (d->status != DEAL_OPEN) {
		sqlite3_bind_int64(stmt, 17, (sqlite3_int64)d->closed_at);
		sqlite3_bind_int64(stmt, 18, clock_day(d->closed_at) - clock_day(old->created_at));
	}
	bind_time_or_null(stmt, 19, d->next_followup_at);
	bind_time_or_null(stmt, 20, d->last_contact_at);
	sqlite3_bind_int(stmt, 21, d->unanswered);
	bind_text(stmt, 22, d->notes ? d->notes : "");
	sqlite3_bind_int64(stmt, 23, (sqlite3_int64)d->updated_at);
	if (store_step_done(st, stmt, "updating a deal") != 0)
		return -1;
	return record_changes(st, old, d, d->updated_at);
}
