/* The store's undo journal: JSON images of a deal before and after each change. */
#include "plumb/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/util.h"
#include "store_internal.h"

#define WEEK_SECONDS (7 * 86400)

/* The whole deal with its rows, ordered, so equal states give equal text. */
static const char snapshot_sql[] =
	"SELECT json_object("
	" 'deal', (SELECT json_object('id', id, 'title', title, 'company', company,"
	"   'contact_name', contact_name, 'contact_email', contact_email,"
	"   'contact_phone', contact_phone, 'value_minor', value_minor, 'currency', currency,"
	"   'owner', owner, 'stage_id', stage_id, 'channel', channel,"
	"   'key_account', key_account, 'score', score, 'status', status,"
	"   'lost_reason', lost_reason, 'created_at', created_at,"
	"   'stage_entered_at', stage_entered_at, 'closed_at', closed_at,"
	"   'cycle_days', cycle_days, 'next_followup_at', next_followup_at,"
	"   'last_contact_at', last_contact_at, 'unanswered', unanswered, 'notes', notes,"
	"   'external_key', external_key, 'updated_at', updated_at, 'version', version)"
	"   FROM deals WHERE id = ?1),"
	" 'history', (SELECT json_group_array(json_object('id', id, 'at', at, 'who', who,"
	"   'from_stage_id', from_stage_id, 'to_stage_id', to_stage_id,"
	"   'from_status', from_status, 'to_status', to_status))"
	"   FROM (SELECT * FROM stage_history WHERE deal_id = ?1 ORDER BY id)),"
	" 'activities', (SELECT json_group_array(json_object('id', id, 'at', at, 'who', who,"
	"   'channel', channel, 'kind', kind, 'direction', direction, 'outcome', outcome,"
	"   'note', note)) FROM (SELECT * FROM activities WHERE deal_id = ?1 ORDER BY id)),"
	" 'objections', (SELECT json_group_array(json_object('id', id, 'at', at, 'who', who,"
	"   'category', category, 'said', said, 'response', response, 'state', state))"
	"   FROM (SELECT * FROM objections WHERE deal_id = ?1 ORDER BY id)))"
	" WHERE EXISTS (SELECT 1 FROM deals WHERE id = ?1)";

static const char restore_deal_sql[] =
	"INSERT INTO deals(id, title, company, contact_name, contact_email, contact_phone,"
	" value_minor, currency, owner, stage_id, channel, key_account, score, status,"
	" lost_reason, created_at, stage_entered_at, closed_at, cycle_days, next_followup_at,"
	" last_contact_at, unanswered, notes, external_key, updated_at, version)"
	" SELECT json_extract(d, '$.id'), json_extract(d, '$.title'), json_extract(d, '$.company'),"
	" json_extract(d, '$.contact_name'), json_extract(d, '$.contact_email'),"
	" json_extract(d, '$.contact_phone'), json_extract(d, '$.value_minor'),"
	" json_extract(d, '$.currency'), json_extract(d, '$.owner'), json_extract(d, '$.stage_id'),"
	" json_extract(d, '$.channel'), json_extract(d, '$.key_account'),"
	" json_extract(d, '$.score'), json_extract(d, '$.status'),"
	" json_extract(d, '$.lost_reason'), json_extract(d, '$.created_at'),"
	" json_extract(d, '$.stage_entered_at'), json_extract(d, '$.closed_at'),"
	" json_extract(d, '$.cycle_days'), json_extract(d, '$.next_followup_at'),"
	" json_extract(d, '$.last_contact_at'), json_extract(d, '$.unanswered'),"
	" json_extract(d, '$.notes'), json_extract(d, '$.external_key'),"
	" json_extract(d, '$.updated_at'), json_extract(d, '$.version')"
	" FROM (SELECT json_extract(?1, '$.deal') AS d) WHERE d IS NOT NULL";

static const char restore_history_sql[] =
	"INSERT INTO stage_history(id, deal_id, at, who, from_stage_id, to_stage_id,"
	" from_status, to_status) SELECT json_extract(value, '$.id'), ?2,"
	" json_extract(value, '$.at'), json_extract(value, '$.who'),"
	" json_extract(value, '$.from_stage_id'), json_extract(value, '$.to_stage_id'),"
	" json_extract(value, '$.from_status'), json_extract(value, '$.to_status')"
	" FROM json_each(?1, '$.history')";

static const char restore_activities_sql[] =
	"INSERT INTO activities(id, deal_id, at, who, channel, kind, direction, outcome, note)"
	" SELECT json_extract(value, '$.id'), ?2, json_extract(value, '$.at'),"
	" json_extract(value, '$.who'), json_extract(value, '$.channel'),"
	" json_extract(value, '$.kind'), json_extract(value, '$.direction'),"
	" json_extract(value, '$.outcome'), json_extract(value, '$.note')"
	" FROM json_each(?1, '$.activities')";

static const char restore_objections_sql[] =
	"INSERT INTO objections(id, deal_id, at, who, category, said, response, state)"
	" SELECT json_extract(value, '$.id'), ?2, json_extract(value, '$.at'),"
	" json_extract(value, '$.who'), json_extract(value, '$.category'),"
	" json_extract(value, '$.said'), json_extract(value, '$.response'),"
	" json_extract(value, '$.state') FROM json_each(?1, '$.objections')";

/* The deal's current image, or NULL (*out) when it does not exist. */
static int snapshot(struct store *st, int64_t deal_id, char **out)
{
	sqlite3_stmt *stmt = store_stmt(st, snapshot_sql);
	int rc;

	*out = NULL;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, deal_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = column_text_dup(stmt, 0);
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "recording the change for undo");
	return 0;
}

int journal_start(struct store *st, int64_t deal_id)
{
	journal_discard(st);
	if (!st->session)
		return 0;
	st->journal_pending = true;
	return deal_id ? snapshot(st, deal_id, &st->journal_before) : 0;
}

void journal_discard(struct store *st)
{
	free(st->journal_before);
	st->journal_before = NULL;
	st->journal_pending = false;
}

int journal_finish(struct store *st, int64_t deal_id, const char *action)
{
	char *after = NULL;
	sqlite3_stmt *stmt;
	int rc = -1;

	if (!st->session || !st->journal_pending)
		return 0;
	if (snapshot(st, deal_id, &after) != 0)
		goto out;
	stmt = store_stmt(st, "DELETE FROM journal WHERE session = ? AND undone = 1");
	if (!stmt)
		goto out;
	bind_text(stmt, 1, st->session);
	if (store_step_done(st, stmt, "recording the change for undo") != 0)
		goto out;
	stmt = store_stmt(st, "INSERT INTO journal(session, at, deal_id, action, before, after) "
			      "VALUES(?, ?, ?, ?, ?, ?)");
	if (!stmt)
		goto out;
	bind_text(stmt, 1, st->session);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)clock_now());
	sqlite3_bind_int64(stmt, 3, deal_id);
	bind_text(stmt, 4, action);
	bind_text(stmt, 5, st->journal_before);
	bind_text(stmt, 6, after);
	rc = store_step_done(st, stmt, "recording the change for undo");
out:
	free(after);
	journal_discard(st);
	return rc;
}

int store_journal_open(struct store *st, const char *session)
{
	free(st->session);
	st->session = xstrdup(session);
	if (st->read_only)
		return 0;
	sqlite3_stmt *stmt = store_stmt(st, "DELETE FROM journal WHERE at < ?");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)(clock_now() - WEEK_SECONDS));
	return store_step_done(st, stmt, "tidying the undo journal");
}

void store_journal_close(struct store *st)
{
	if (!st->session)
		return;
	if (!st->read_only) {
		sqlite3_stmt *stmt = store_stmt(st, "DELETE FROM journal WHERE session = ?");
		if (stmt) {
			bind_text(stmt, 1, st->session);
			store_step_done(st, stmt, "tidying the undo journal");
		}
	}
	free(st->session);
	st->session = NULL;
}

static int run_restore(struct store *st, const char *sql, const char *image, int64_t deal_id)
{
	sqlite3_stmt *stmt = store_stmt(st, sql);
	if (!stmt)
		return -1;
	bind_text(stmt, 1, image);
	sqlite3_bind_int64(stmt, 2, deal_id);
	return store_step_done(st, stmt, "restoring the deal");
}

/* Puts the deal back to image (NULL: the deal did not exist). */
static int restore(struct store *st, int64_t deal_id, const char *image)
{
	sqlite3_stmt *stmt = store_stmt(st, "DELETE FROM deals WHERE id = ?");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, deal_id);
	if (store_step_done(st, stmt, "restoring the deal") != 0)
		return -1;
	if (!image)
		return 0;
	if (run_restore(st, restore_deal_sql, image, deal_id) != 0 ||
	    run_restore(st, restore_history_sql, image, deal_id) != 0 ||
	    run_restore(st, restore_activities_sql, image, deal_id) != 0 ||
	    run_restore(st, restore_objections_sql, image, deal_id) != 0)
		return -1;
	return 0;
}

static bool same_image(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* One step of undo (undo = true) or redo. */
static int step(struct store *st, bool undo, char *what, size_t size, int64_t *deal_id)
{
	static const char undo_sql[] =
		"SELECT id, deal_id, action, before, after, json_extract(coalesce(after, before), "
		"'$.deal.title') FROM journal WHERE session = ? AND undone = 0 "
		"ORDER BY id DESC LIMIT 1";
	static const char redo_sql[] =
		"SELECT id, deal_id, action, before, after, json_extract(coalesce(after, before), "
		"'$.deal.title') FROM journal WHERE session = ? AND undone = 1 "
		"ORDER BY id LIMIT 1";
	char *before = NULL, *after = NULL, *title = NULL, *action = NULL, *now = NULL;
	int64_t entry;
	int rc = -1;

	if (!st->session) {
		err_set("undo is not available here");
		return -1;
	}
	if (tx_begin(st) != 0)
		return -1;
	sqlite3_stmt *stmt = store_stmt(st, undo ? undo_sql : redo_sql);
	if (!stmt)
		goto out;
	bind_text(stmt, 1, st->session);
	int sr = sqlite3_step(stmt);
	if (sr != SQLITE_ROW) {
		sqlite3_reset(stmt);
		if (sr != SQLITE_DONE) {
			store_fail(st, undo ? "undoing" : "redoing");
			goto out;
		}
		rc = 0;
		goto out;
	}
	entry = sqlite3_column_int64(stmt, 0);
	*deal_id = sqlite3_column_int64(stmt, 1);
	action = column_text_dup(stmt, 2);
	before = column_text_dup(stmt, 3);
	after = column_text_dup(stmt, 4);
	title = column_text_dup(stmt, 5);
	sqlite3_reset(stmt);
	snprintf(what, size, "%s of '%s'", action, title ? title : "?");
	if (snapshot(st, *deal_id, &now) != 0)
		goto out;
	if (!same_image(now, undo ? after : before)) {
		err_set("cannot %s the %s: the deal was changed since (by you or someone "
			"else)", undo ? "undo" : "redo", what);
		goto out;
	}
	if (restore(st, *deal_id, undo ? before : after) != 0)
		goto out;
	stmt = store_stmt(st, "UPDATE journal SET undone = ? WHERE id = ?");
	if (!stmt)
		goto out;
	sqlite3_bind_int(stmt, 1, undo);
	sqlite3_bind_int64(stmt, 2, entry);
	if (store_step_done(st, stmt, "recording the undo") != 0)
		goto out;
	rc = 1;
out:
	free(before);
	free(after);
	free(title);
	free(action);
	free(now);
	if (rc < 0) {
		tx_rollback(st);
		return -1;
	}
	return tx_commit(st) == 0 ? rc : -1;
}

int store_undo(struct store *st, char *what, size_t size, int64_t *deal_id)
{
	return step(st, true, what, size, deal_id);
}

int store_redo(struct store *st, char *what, size_t size, int64_t *deal_id)
{
	return step(st, false, what, size, deal_id);
}
