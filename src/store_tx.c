/*
 * The store's write transactions: BEGIN IMMEDIATE joined when nested, the
 * text index brought up to date before each COMMIT, and bulk loads that
 * drop secondary indexes and rebuild them once.
 */
#include <stdlib.h>
#include <string.h>

#include "plumb/store.h"
#include "plumb/util.h"
#include "store_internal.h"

static int exec_plain(struct store *st, const char *sql, const char *what)
{
	sqlite3_stmt *stmt = store_stmt(st, sql);
	return stmt ? store_step_done(st, stmt, what) : -1;
}

int store_exec_each(struct store *st, const char *const *sql, size_t n, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (exec_plain(st, sql[i], what) != 0)
			return -1;
	return 0;
}

int tx_begin(struct store *st)
{
	if (st->read_only) {
		err_set("%s is open read-only; nothing was changed", st->path);
		return -1;
	}
	if (st->tx_depth > 0) {
		st->tx_depth++;
		return 0;
	}
	if (store_file_check(st) != 0)
		return -1;
	st->changes++; /* what this connection had read may change now */
	st->tx_depth++;
	fatal_note_saved(false);
	st->tx_failed = false;
	if (exec_plain(st, "BEGIN IMMEDIATE", "starting a change") != 0) {
		st->tx_depth = 0;
		return -1;
	}
	return 0;
}

int text_index_pending(struct store *st, bool *pending)
{
	sqlite3_stmt *any = store_stmt(st, "SELECT 1 FROM deal_text_pending LIMIT 1");
	int rc;

	if (!any)
		return -1;
	rc = sqlite3_step(any);
	sqlite3_reset(any);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading the text index log");
	*pending = rc == SQLITE_ROW;
	return 0;
}

/*
 * Brings the text index up to date with the deals logged by the schema's
 * triggers (schema.c, version 3): the text the index holds is deleted,
 * the current text added. Cheap when nothing changed: one lookup.
 */
static int text_index_apply(struct store *st)
{
	static const char *const apply[] = {
		"INSERT INTO deal_text(deal_text, rowid, title, company, contact_name, owner) "
		"SELECT 'delete', deal_id, title, company, contact_name, owner "
		"FROM deal_text_pending WHERE indexed = 1",
		"INSERT INTO deal_text(rowid, title, company, contact_name, owner) "
		"SELECT d.id, d.title, d.company, d.contact_name, d.owner "
		"FROM deal_text_pending p CROSS JOIN deals d ON d.id = p.deal_id",
		"DELETE FROM deal_text_pending",
	};
	bool pending;

	if (text_index_pending(st, &pending) != 0)
		return -1;
	if (!pending)
		return 0;
	return store_exec_each(st, apply, ARRAY_LEN(apply), "updating the text index");
}

int text_index_rebuild(struct store *st)
{
	if (exec_plain(st, "DELETE FROM deal_text_pending", "building the text index") != 0)
		return -1;
	return exec_plain(st, "INSERT INTO deal_text(deal_text) VALUES('rebuild')",
			  "building the text index");
}

int tx_commit(struct store *st)
{
	if (st->tx_depth == 0 || --st->tx_depth > 0)
		return 0;
	st->changes++;
	/* A failed statement whose error went unnoticed may have rolled the
	 * transaction back (SQLite does on out of memory): say so, rather
	 * than "cannot commit - no transaction is active". */
	if (sqlite3_get_autocommit(st->db) != 0) {
		err_set("saving the change: an earlier step failed; nothing was saved");
		return -1;
	}
	if (text_index_apply(st) != 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (exec_plain(st, "COMMIT", "saving the change") != 0) {
		/* SQLite may have rolled back already (I/O errors do); the
		 * message stays the COMMIT's. */
		if (sqlite3_get_autocommit(st->db) == 0)
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	fatal_note_saved(true);
	return 0;
}

void tx_rollback(struct store *st)
{
	if (st->tx_depth == 0)
		return;
	if (--st->tx_depth > 0) {
		st->tx_failed = true;
		return;
	}
	st->changes++;
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int drop_for_rebuild(struct store *st, const char *select_sql, const char *what)
{
	sqlite3_stmt *stmt = NULL;
	char **drops = NULL;
	size_t n = 0;
	int rc;

	if (sqlite3_prepare_v2(st->db, select_sql, -1, &stmt, NULL) != SQLITE_OK)
		return store_fail(st, what);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		/* Names come from plumb's own schema; DROP takes no parameters. */
		const char *type = (const char *)sqlite3_column_text(stmt, 0);
		const char *name = (const char *)sqlite3_column_text(stmt, 1);
		if (!type || !name || name[strspn(name, "abcdefghijklmnopqrstuvwxyz_0123456789")]) {
			err_set("%s: unexpected name in the schema", what);
			break;
		}
		drops = xreallocarray(drops, n + 1, sizeof(*drops));
		drops[n++] = xasprintf("DROP %s %s", strcmp(type, "trigger") == 0 ? "TRIGGER" : "INDEX",
				       name);
		st->dropped_indexes = xreallocarray(st->dropped_indexes, st->dropped_len + 1,
						    sizeof(char *));
		st->dropped_indexes[st->dropped_len++] = column_text_dup(stmt, 2);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		store_fail(st, what);
	sqlite3_finalize(stmt); /* a DROP waits for no statement on the schema */
	rc = rc == SQLITE_DONE ? 0 : -1;
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && sqlite3_exec(st->db, drops[i], NULL, NULL, NULL) != SQLITE_OK)
			rc = store_fail(st, what);
		free(drops[i]);
	}
	free(drops);
	return rc;
}

/*
 * A bulk load into a new private file inserts rows without secondary
 * indexes (nor the trigger that logs new text for the text index) and
 * builds each index once at the end: one sort per index instead of a
 * random B-tree insert per row and index.
 */
static int drop_indexes(struct store *st)
{
	return drop_for_rebuild(st, "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL "
				    "AND (type = 'index' OR (type = 'trigger' AND "
				    "name = 'deal_text_insert'))",
				"preparing the bulk load");
}

static int create_dropped_indexes(struct store *st)
{
	int rc = 0;

	for (size_t i = 0; i < st->dropped_len; i++) {
		if (rc == 0 && sqlite3_exec(st->db, st->dropped_indexes[i], NULL, NULL, NULL) !=
				       SQLITE_OK)
			rc = store_fail(st, "building indexes");
		free(st->dropped_indexes[i]);
	}
	free(st->dropped_indexes);
	st->dropped_indexes = NULL;
	st->dropped_len = 0;
	return rc;
}

int store_begin(struct store *st)
{
	if (tx_begin(st) != 0)
		return -1;
	if (st->bulk_new && st->tx_depth == 1 && drop_indexes(st) != 0) {
		tx_rollback(st);
		return -1;
	}
	return 0;
}

int store_commit(struct store *st)
{
	if (st->tx_depth == 1 && st->tx_failed) {
		tx_rollback(st);
		err_set("an earlier step failed; nothing was changed");
		return -1;
	}
	if (st->bulk_new && st->tx_depth == 1 &&
	    (create_dropped_indexes(st) != 0 || text_index_rebuild(st) != 0)) {
		tx_rollback(st);
		return -1;
	}
	return tx_commit(st);
}

void store_rollback(struct store *st)
{
	tx_rollback(st);
}
