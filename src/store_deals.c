/* The store's changes to deals: add, edit, move, close, delete, contacts. */
#include "plumb/store.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/util.h"
#include "store_internal.h"

void deal_from_row(sqlite3_stmt *stmt, struct deal *d)
{
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(stmt, 0);
	d->title = column_text_dup(stmt, 1);
	d->company = column_text_dup(stmt, 2);
	d->contact_name = column_text_dup(stmt, 3);
	d->contact_email = column_text_dup(stmt, 4);
	d->contact_phone = column_text_dup(stmt, 5);
	d->value_minor = sqlite3_column_int64(stmt, 6);
	d->currency = column_text_dup(stmt, 7);
	d->owner = column_text_dup(stmt, 8);
	d->stage_id = sqlite3_column_int64(stmt, 9);
	d->stage_name = column_text_dup(stmt, 10);
	d->stage_position = sqlite3_column_int(stmt, 11);
	d->stage_probability = sqlite3_column_int(stmt, 12);
	d->stage_rot_days = sqlite3_column_int(stmt, 13);
	d->channel = column_text_dup(stmt, 14);
	d->key_account = sqlite3_column_int(stmt, 15) != 0;
	d->score = sqlite3_column_type(stmt, 16) == SQLITE_NULL ? -1 : sqlite3_column_int(stmt, 16);
	d->status = status_from_sql((const char *)sqlite3_column_text(stmt, 17));
	d->lost_reason = column_text_dup(stmt, 18);
	d->created_at = column_time(stmt, 19);
	d->stage_entered_at = column_time(stmt, 20);
	d->closed_at = column_time(stmt, 21);
	d->next_followup_at = column_time(stmt, 22);
	d->last_contact_at = column_time(stmt, 23);
	d->unanswered = sqlite3_column_int(stmt, 24);
	d->notes = column_text_dup(stmt, 25);
	d->external_key = column_text_dup(stmt, 26);
	d->updated_at = column_time(stmt, 27);
	d->version = sqlite3_column_int64(stmt, 28);
	d->cycle_days = sqlite3_column_int(stmt, 29);
	/* NOT NULL columns; keep callers free of NULL checks. */
	if (!d->title)
		d->title = xstrdup("");
	if (!d->stage_name)
		d->stage_name = xstrdup("?");
}

int store_deal_get(struct store *st, int64_t id, struct deal *out)
{
	sqlite3_stmt *stmt = store_stmt(
		st, "SELECT " DEAL_COLUMNS " FROM deals d JOIN stages s ON s.id = d.stage_id "
		    "WHERE d.id = ?");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		deal_from_row(stmt, out);
		sqlite3_reset(stmt);
		return 0;
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_DONE) {
		err_set("no deal with id %lld", (long long)id);
		return -1;
	}
	return store_fail(st, "reading a deal");
}

static int check_stage(struct store *st, int64_t stage_id)
{
	sqlite3_stmt *stmt = store_stmt(st, "SELECT 1 FROM stages WHERE id = ?");
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, stage_id);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE) {
		err_set("no stage with id %lld", (long long)stage_id);
		return -1;
	}
	return store_fail(st, "reading stages");
}

/* Checks value against one of the team's lists (channels or categories). */
static int check_listed(struct store *st, const char *value, bool category)
{
	struct rules r;
	int rc = 0;

	if (store_rules(st, &r) != 0)
		return -1;
	const char *list = category ? r.categories : r.channels;
	if (!list_contains(list, value)) {
		err_set("'%s' is not %s (%s: %s)", value,
			category ? "an objection category" : "a channel",
			category ? "categories" : "channels", list);
		rc = -1;
	}
	rules_clear(&r);
	return rc;
}

static int add_history(struct store *st, int64_t deal_id, time_t at, int64_t from_stage,
		       int64_t to_stage, const char *from_status, const char *to_status)
{
	sqlite3_stmt *stmt = store_stmt(
		st, "INSERT INTO stage_history(deal_id, at, who, from_stage_id, to_stage_id, "
		    "from_status, to_status) VALUES(?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, deal_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)at);
	bind_text(stmt, 3, st->who);
	if (from_stage)
		sqlite3_bind_int64(stmt, 4, from_stage);
	sqlite3_bind_int64(stmt, 5, to_stage);
	bind_text(stmt, 6, from_status);
	bind_text(stmt, 7, to_status);
	return store_step_done(st, stmt, "recording history");
}

static int64_t first_stage_id(struct store *st)
{
	sqlite3_stmt *stmt = store_stmt(st, "SELECT id FROM stages ORDER BY position LIMIT 1");
	int64_t id = 0;

	if (!stmt)
		return 0;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (!id)
		err_set("the pipeline has no stages (run 'plumb init')");
	return id;
}

static int validate_input(struct store *st, const struct deal_input *in, bool adding)
{
	if ((adding || DEAL_HAS(in, FIELD_TITLE)) && str_empty(in->title)) {
		err_set("a deal needs a title");
		return -1;
	}
	if (DEAL_HAS(in, FIELD_CHANNEL) && check_listed(st, in->channel, false) != 0)
		return -1;
	if (DEAL_HAS(in, FIELD_STAGE) && check_stage(st, in->stage_id) != 0)
		return -1;
	if (DEAL_HAS(in, FIELD_VALUE) && in->value_minor < 0) {
		err_set("a deal's value must not be negative");
		return -1;
	}
	if (DEAL_HAS(in, FIELD_SCORE) && (in->score < -1 || in->score > 100)) {
		err_set("a qualification score is 0 to 100");
		return -1;
	}
	return 0;
}

int store_deal_add(struct store *st, const struct deal_input *in, int64_t *id_out)
{
	static const char sql[] =
		"INSERT INTO deals(title, company, contact_name, contact_email, contact_phone, "
		"value_minor, currency, owner, stage_id, channel, key_account, score, status, "
		"created_at, stage_entered_at, next_followup_at, notes, updated_at) "
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'open', ?13, ?13, ?14, "
		"?15, ?16)";
	time_t now = clock_now();
	time_t created = DEAL_HAS(in, FIELD_CREATED) ? in->created_at : now;
	struct rules r;
	int64_t stage_id, next_day;
	sqlite3_stmt *stmt;

	if (tx_begin(st) != 0)
		return -1;
	if (journal_start(st, 0) != 0)
		goto fail;
	if (validate_input(st, in, true) != 0 || store_rules(st, &r) != 0)
		goto fail;
	stage_id = DEAL_HAS(in, FIELD_STAGE) ? in->stage_id : first_stage_id(st);
	next_day = DEAL_HAS(in, FIELD_NEXT_FOLLOWUP) ? in->next_followup_day
						     : clock_day(created) + r.followup_after_days;
	stmt = store_stmt(st, sql);
	if (!stage_id || !stmt) {
		rules_clear(&r);
		goto fail;
	}
	bind_text(stmt, 1, in->title);
	bind_text(stmt, 2, DEAL_HAS(in, FIELD_COMPANY) ? in->company : "");
	bind_text(stmt, 3, DEAL_HAS(in, FIELD_CONTACT) ? in->contact_name : "");
	bind_text(stmt, 4, DEAL_HAS(in, FIELD_EMAIL) ? in->contact_email : "");
	bind_text(stmt, 5, DEAL_HAS(in, FIELD_PHONE) ? in->contact_phone : "");
	sqlite3_bind_int64(stmt, 6, DEAL_HAS(in, FIELD_VALUE) ? in->value_minor : 0);
	bind_text(stmt, 7, DEAL_HAS(in, FIELD_CURRENCY) ? in->currency : r.currency);
	bind_text(stmt, 8, DEAL_HAS(in, FIELD_OWNER) ? in->owner : st->who);
	sqlite3_bind_int64(stmt, 9, stage_id);
	bind_text(stmt, 10, DEAL_HAS(in, FIELD_CHANNEL) ? in->channel : "other");
	sqlite3_bind_int(stmt, 11, DEAL_HAS(in, FIELD_KEY_ACCOUNT) && in->key_account);
	if (DEAL_HAS(in, FIELD_SCORE) && in->score >= 0)
		sqlite3_bind_int(stmt, 12, in->score);
	sqlite3_bind_int64(stmt, 13, (sqlite3_int64)created);
	if (next_day != INT64_MIN)
		sqlite3_bind_int64(stmt, 14, clock_day_start(next_day));
	bind_text(stmt, 15, DEAL_HAS(in, FIELD_NOTES) ? in->notes : "");
	sqlite3_bind_int64(stmt, 16, (sqlite3_int64)now);
	int rc = store_step_done(st, stmt, "adding a deal");
	rules_clear(&r);
	if (rc != 0)
		goto fail;
	*id_out = sqlite3_last_insert_rowid(st->db);
	if (add_history(st, *id_out, created, 0, stage_id, NULL, "open") != 0 ||
	    journal_finish(st, *id_out, "add") != 0)
		goto fail;
	return tx_commit(st);
fail:
	tx_rollback(st);
	return -1;
}

/*
 * Reads the deal inside the write transaction and refuses the change when
 * the caller saw an older version of it.
 */
static int load_for_change(struct store *st, int64_t id, struct deal *d)
{
	int64_t expected = st->expected_version;

	st->expected_version = 0;
	if (store_deal_get(st, id, d) != 0)
		return -1;
	if (expected && d->version != expected) {
		err_set("deal %lld was changed by someone else since it was shown; "
			"nothing was changed (refresh and try again)", (long long)id);
		deal_clear(d);
		return -1;
	}
	if (journal_start(st, id) != 0) {
		deal_clear(d);
		return -1;
	}
	return 0;
}

static int move_locked(struct store *st, const struct deal *d, int64_t stage_id)
{
	sqlite3_stmt *stmt;
	time_t now = clock_now();

	if (d->status == DEAL_OPEN && d->stage_id == stage_id)
		return 0;
	if (check_stage(st, stage_id) != 0)
		return -1;
	stmt = store_stmt(st, "UPDATE deals SET stage_id = ?2, stage_entered_at = ?3, "
			      "status = 'open', closed_at = NULL, cycle_days = NULL, "
			      "lost_reason = NULL, "
			      "updated_at = ?3, version = version + 1 WHERE id = ?1");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, d->id);
	sqlite3_bind_int64(stmt, 2, stage_id);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)now);
	if (store_step_done(st, stmt, "moving a deal") != 0)
		return -1;
	return add_history(st, d->id, now, d->stage_id, stage_id, status_sql(d->status), "open");
}

int store_deal_move(struct store *st, int64_t id, int64_t stage_id)
{
	struct deal d;

	if (tx_begin(st) != 0)
		return -1;
	if (load_for_change(st, id, &d) != 0)
		goto fail;
	int rc = move_locked(st, &d, stage_id);
	const char *action = d.status == DEAL_OPEN ? "move" : "reopen";
	deal_clear(&d);
	if (rc != 0 || journal_finish(st, id, action) != 0)
		goto fail;
	return tx_commit(st);
fail:
	tx_rollback(st);
	return -1;
}

int store_deal_update(struct store *st, int64_t id, const struct deal_input *in)
{
	static const char sql[] =
		"UPDATE deals SET "
		"title = CASE WHEN ?2 THEN ?3 ELSE title END, "
		"company = CASE WHEN ?4 THEN ?5 ELSE company END, "
		"contact_name = CASE WHEN ?6 THEN ?7 ELSE contact_name END, "
		"contact_email = CASE WHEN ?8 THEN ?9 ELSE contact_email END, "
		"contact_phone = CASE WHEN ?10 THEN ?11 ELSE contact_phone END, "
		"value_minor = CASE WHEN ?12 THEN ?13 ELSE value_minor END, "
		"currency = CASE WHEN ?14 THEN ?15 ELSE currency END, "
		"owner = CASE WHEN ?16 THEN ?17 ELSE owner END, "
		"channel = CASE WHEN ?18 THEN ?19 ELSE channel END, "
		"key_account = CASE WHEN ?20 THEN ?21 ELSE key_account END, "
		"score = CASE WHEN ?22 THEN ?23 ELSE score END, "
		"next_followup_at = CASE WHEN ?24 THEN ?25 ELSE next_followup_at END, "
		"notes = CASE WHEN ?26 THEN ?27 ELSE notes END, "
		"created_at = CASE WHEN ?28 THEN ?29 ELSE created_at END, "
		"cycle_days = CASE WHEN ?28 AND status <> 'open' THEN ?31 ELSE cycle_days END, "
		"updated_at = ?30, version = version + 1 WHERE id = ?1";
	struct deal d;
	sqlite3_stmt *stmt;

	if (tx_begin(st) != 0)
		return -1;
	if (load_for_change(st, id, &d) != 0)
		goto fail;
	if (validate_input(st, in, false) != 0 || !(stmt = store_stmt(st, sql)))
		goto fail_deal;
	sqlite3_bind_int64(stmt, 1, id);
#define BIND_FIELD(field, idx, bind_value)                          \
	do {                                                        \
		sqlite3_bind_int(stmt, idx, DEAL_HAS(in, field));   \
		if (DEAL_HAS(in, field)) {                          \
			bind_value;                                 \
		}                                                   \
	} while (0)
	BIND_FIELD(FIELD_TITLE, 2, bind_text(stmt, 3, in->title));
	BIND_FIELD(FIELD_COMPANY, 4, bind_text(stmt, 5, in->company ? in->company : ""));
	BIND_FIELD(FIELD_CONTACT, 6, bind_text(stmt, 7, in->contact_name ? in->contact_name : ""));
	BIND_FIELD(FIELD_EMAIL, 8, bind_text(stmt, 9, in->contact_email ? in->contact_email : ""));
	BIND_FIELD(FIELD_PHONE, 10, bind_text(stmt, 11, in->contact_phone ? in->contact_phone : ""));
	BIND_FIELD(FIELD_VALUE, 12, sqlite3_bind_int64(stmt, 13, in->value_minor));
	BIND_FIELD(FIELD_CURRENCY, 14, bind_text(stmt, 15, in->currency));
	BIND_FIELD(FIELD_OWNER, 16, bind_text(stmt, 17, in->owner ? in->owner : ""));
	BIND_FIELD(FIELD_CHANNEL, 18, bind_text(stmt, 19, in->channel));
	BIND_FIELD(FIELD_KEY_ACCOUNT, 20, sqlite3_bind_int(stmt, 21, in->key_account));
	BIND_FIELD(FIELD_SCORE, 22, if (in->score >= 0) sqlite3_bind_int(stmt, 23, in->score));
	BIND_FIELD(FIELD_NEXT_FOLLOWUP, 24,
		   if (in->next_followup_day != INT64_MIN)
			   sqlite3_bind_int64(stmt, 25, clock_day_start(in->next_followup_day)));
	BIND_FIELD(FIELD_NOTES, 26, bind_text(stmt, 27, in->notes ? in->notes : ""));
	BIND_FIELD(FIELD_CREATED, 28, sqlite3_bind_int64(stmt, 29, (sqlite3_int64)in->created_at));
#undef BIND_FIELD
	sqlite3_bind_int64(stmt, 30, (sqlite3_int64)clock_now());
	if (DEAL_HAS(in, FIELD_CREATED) && d.closed_at)
		sqlite3_bind_int64(stmt, 31, clock_day(d.closed_at) - clock_day(in->created_at));
	if (store_step_done(st, stmt, "editing a deal") != 0)
		goto fail_deal;
	if (DEAL_HAS(in, FIELD_STAGE) && move_locked(st, &d, in->stage_id) != 0)
		goto fail_deal;
	if (journal_finish(st, id, "edit") != 0)
		goto fail_deal;
	deal_clear(&d);
	return tx_commit(st);
fail_deal:
	deal_clear(&d);
fail:
	tx_rollback(st);
	return -1;
}

int store_deal_close(struct store *st, int64_t id, enum deal_status status, const char *reason)
{
	struct deal d;
	sqlite3_stmt *stmt;
	time_t now = clock_now();

	if (status == DEAL_OPEN) {
		err_set("closing a deal needs won or lost");
		return -1;
	}
	if (tx_begin(st) != 0)
		return -1;
	if (load_for_change(st, id, &d) != 0)
		goto fail;
	if (d.status != DEAL_OPEN) {
		err_set("deal %lld is already %s (move it to a stage to reopen it)",
			(long long)id, deal_status_name(d.status));
		goto fail_deal;
	}
	stmt = store_stmt(st, "UPDATE deals SET status = ?2, closed_at = ?3, lost_reason = ?4, "
			      "cycle_days = ?5, updated_at = ?3, version = version + 1 "
			      "WHERE id = ?1");
	if (!stmt)
		goto fail_deal;
	sqlite3_bind_int64(stmt, 1, id);
	bind_text(stmt, 2, status_sql(status));
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)now);
	bind_text(stmt, 4, status == DEAL_LOST ? (reason ? reason : "") : NULL);
	sqlite3_bind_int64(stmt, 5, clock_day(now) - clock_day(d.created_at));
	if (store_step_done(st, stmt, "closing a deal") != 0 ||
	    add_history(st, id, now, d.stage_id, d.stage_id, "open", status_sql(status)) != 0 ||
	    journal_finish(st, id, status_sql(status)) != 0)
		goto fail_deal;
	deal_clear(&d);
	return tx_commit(st);
fail_deal:
	deal_clear(&d);
fail:
	tx_rollback(st);
	return -1;
}

int store_deal_delete(struct store *st, int64_t id)
{
	struct deal d;
	sqlite3_stmt *stmt;

	if (tx_begin(st) != 0)
		return -1;
	if (load_for_change(st, id, &d) != 0)
		goto fail;
	deal_clear(&d);
	stmt = store_stmt(st, "DELETE FROM deals WHERE id = ?");
	if (!stmt)
		goto fail;
	sqlite3_bind_int64(stmt, 1, id);
	if (store_step_done(st, stmt, "deleting a deal") != 0 ||
	    journal_finish(st, id, "delete") != 0)
		goto fail;
	return tx_commit(st);
fail:
	tx_rollback(st);
	return -1;
}

int store_activity_add(struct store *st, int64_t deal_id, const struct activity_input *in,
		       int64_t *id_out)
{
	struct deal d;
	struct rules r;
	sqlite3_stmt *stmt;
	time_t at = in->at ? in->at : clock_now();

	if (tx_begin(st) != 0)
		return -1;
	if (load_for_change(st, deal_id, &d) != 0)
		goto fail;
	deal_clear(&d);
	if (check_listed(st, in->channel, false) != 0 || store_rules(st, &r) != 0)
		goto fail;
	int64_t next_day = in->has_next ? in->next_followup_day
					: clock_day(at) + r.followup_after_days;
	rules_clear(&r);
	stmt = store_stmt(st, "INSERT INTO activities(deal_id, at, who, channel, kind, direction, "
			      "outcome, note) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		goto fail;
	sqlite3_bind_int64(stmt, 1, deal_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)at);
	bind_text(stmt, 3, st->who);
	bind_text(stmt, 4, in->channel);
	bind_text(stmt, 5, str_empty(in->kind) ? "follow-up" : in->kind);
	bind_text(stmt, 6, direction_name(in->direction));
	bind_text(stmt, 7, outcome_name(in->outcome));
	bind_text(stmt, 8, in->note ? in->note : "");
	if (store_step_done(st, stmt, "logging a follow-up") != 0)
		goto fail;
	if (id_out)
		*id_out = sqlite3_last_insert_rowid(st->db);
	stmt = store_stmt(st, "UPDATE deals SET unanswered = CASE ?2 WHEN 0 THEN 0 "
			      "WHEN 1 THEN unanswered + 1 ELSE unanswered END, "
			      "last_contact_at = max(coalesce(last_contact_at, 0), ?3), "
			      "next_followup_at = ?4, updated_at = ?5, version = version + 1 "
			      "WHERE id = ?1");
	if (!stmt)
		goto fail;
	sqlite3_bind_int64(stmt, 1, deal_id);
	sqlite3_bind_int(stmt, 2, (int)followup_streak_effect(in->direction, in->outcome));
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)at);
	if (next_day != INT64_MIN)
		sqlite3_bind_int64(stmt, 4, clock_day_start(next_day));
	sqlite3_bind_int64(stmt, 5, (sqlite3_int64)clock_now());
	if (store_step_done(st, stmt, "updating the follow-up") != 0 ||
	    journal_finish(st, deal_id, "follow-up") != 0)
		goto fail;
	return tx_commit(st);
fail:
	tx_rollback(st);
	return -1;
}

int store_objection_add(struct store *st, int64_t deal_id, const struct objection_input *in,
			int64_t *id_out)
{
	struct deal d;
	sqlite3_stmt *stmt;

	if (str_empty(in->said)) {
		err_set("an objection needs what the buyer said");
		return -1;
	}
	if (tx_begin(st) != 0)
		return -1;
	if (load_for_change(st, deal_id, &d) != 0)
		goto fail;
	deal_clear(&d);
	if (check_listed(st, in->category, true) != 0)
		goto fail;
	stmt = store_stmt(st, "INSERT INTO objections(deal_id, at, who, category, said, response, "
			      "state) VALUES(?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		goto fail;
	sqlite3_bind_int64(stmt, 1, deal_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)(in->at ? in->at : clock_now()));
	bind_text(stmt, 3, st->who);
	bind_text(stmt, 4, in->category);
	bind_text(stmt, 5, in->said);
	bind_text(stmt, 6, in->response ? in->response : "");
	bind_text(stmt, 7, objection_state_name(in->state));
	if (store_step_done(st, stmt, "logging an objection") != 0)
		goto fail;
	if (id_out)
		*id_out = sqlite3_last_insert_rowid(st->db);
	stmt = store_stmt(st, "UPDATE deals SET updated_at = ?2, version = version + 1 "
			      "WHERE id = ?1");
	if (!stmt)
		goto fail;
	sqlite3_bind_int64(stmt, 1, deal_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)clock_now());
	if (store_step_done(st, stmt, "logging an objection") != 0 ||
	    journal_finish(st, deal_id, "objection") != 0)
		goto fail;
	return tx_commit(st);
fail:
	tx_rollback(st);
	return -1;
}
