/*
 * The store's reads for the standup: what moved since a time, and the
 * unresolved objections, counted per owner in one pass each and listed
 * newest first with a limit, so a page costs the same at any size.
 */
#include "plumb/store.h"

#include <stdlib.h>
#include <string.h>

#include "plumb/util.h"
#include "store_internal.h"

/* Reads "owner, count" rows into *out. */
static int owner_rows(struct store *st, sqlite3_stmt *stmt, const char *what,
		      struct owner_count **out, size_t *len)
{
	size_t cap = 0;
	int rc;

	*out = NULL;
	*len = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		struct owner_count *oc = &(*out)[(*len)++];
		oc->owner = column_text_dup(stmt, 0);
		oc->count = sqlite3_column_int64(stmt, 1);
		oc->value_minor = 0;
	}
	if (rc != SQLITE_DONE)
		store_fail(st, what);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		owner_counts_free(*out, *len);
		*out = NULL;
		*len = 0;
		return -1;
	}
	return 0;
}

/* A stage change or reopen: not the creation row, not a close. */
#define MOVE_ROW "h.to_status = 'open' AND h.from_stage_id IS NOT NULL"

int store_moves_by_owner(struct store *st, time_t since, const char *owner,
			 struct owner_count **out, size_t *len)
{
	/* history_by_time covers the filter; one deal lookup per move.
	 * CROSS JOIN keeps history as the outer loop: without statistics the
	 * planner would rather walk an owner's deals and their histories. */
	static const char sql[] =
		"SELECT d.owner, count(*) FROM stage_history h "
		"CROSS JOIN deals d ON d.id = h.deal_id "
		"WHERE h.at >= ?1 AND " MOVE_ROW " AND (?2 IS NULL OR d.owner = ?2) "
		"GROUP BY d.owner ORDER BY d.owner";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	*out = NULL;
	*len = 0;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)since);
	bind_text(stmt, 2, owner);
	return owner_rows(st, stmt, "counting moved deals", out, len);
}

static void move_from_row(sqlite3_stmt *stmt, struct history_entry *h)
{
	memset(h, 0, sizeof(*h));
	h->id = sqlite3_column_int64(stmt, 0);
	h->deal_id = sqlite3_column_int64(stmt, 1);
	h->at = column_time(stmt, 2);
	h->who = column_text_dup(stmt, 3);
	h->from_stage_id = sqlite3_column_int64(stmt, 4);
	h->to_stage_id = sqlite3_column_int64(stmt, 5);
	h->from_status = status_from_sql((const char *)sqlite3_column_text(stmt, 6));
	h->to_status = status_from_sql((const char *)sqlite3_column_text(stmt, 7));
	h->from_stage_name = column_text_dup(stmt, 8);
	h->to_stage_name = column_text_dup(stmt, 9);
}

int store_moves(struct store *st, time_t since, const char *owner, int64_t limit, move_fn fn,
		void *ctx)
{
	/* Walks history_by_time backwards and stops after `limit` matches
	 * (CROSS JOIN: history is the outer loop). */
	static const char sql[] =
		"SELECT h.id, h.deal_id, h.at, h.who, h.from_stage_id, h.to_stage_id, "
		"h.from_status, h.to_status, fs.name, ts.name, d.title "
		"FROM stage_history h CROSS JOIN deals d ON d.id = h.deal_id "
		"LEFT JOIN stages fs ON fs.id = h.from_stage_id "
		"LEFT JOIN stages ts ON ts.id = h.to_stage_id "
		"WHERE h.at >= ?1 AND " MOVE_ROW " AND d.owner = ?2 "
		"ORDER BY h.at DESC, h.id DESC LIMIT ?3";
	sqlite3_stmt *stmt = store_stmt(st, sql);
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)since);
	bind_text(stmt, 2, owner ? owner : "");
	sqlite3_bind_int64(stmt, 3, limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct history_entry h;
		move_from_row(stmt, &h);
		int stop = fn(&h, (const char *)sqlite3_column_text(stmt, 10), ctx);
		history_entry_clear(&h);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		store_fail(st, "listing moved deals");
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

#define UNRESOLVED_ROW "o.state <> 'resolved' AND d.status = 'open'"

int store_unresolved_objections_by_owner(struct store *st, const char *owner,
					 struct owner_count **out, size_t *len)
{
	/* Objections first and in deal order, so deal rows are read front
	 * to back (see store_objections_by_category). */
	static const char sql[] =
		"SELECT d.owner, count(*) FROM objections o INDEXED BY objections_by_deal "
		"CROSS JOIN deals d ON d.id = o.deal_id "
		"WHERE " UNRESOLVED_ROW " AND (?1 IS NULL OR d.owner = ?1) "
		"GROUP BY d.owner ORDER BY d.owner";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	*out = NULL;
	*len = 0;
	if (!stmt)
		return -1;
	bind_text(stmt, 1, owner);
	return owner_rows(st, stmt, "counting open objections", out, len);
}

static void objection_from_row(sqlite3_stmt *stmt, struct objection *o)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(stmt, 0);
	o->deal_id = sqlite3_column_int64(stmt, 1);
	o->at = column_time(stmt, 2);
	o->who = column_text_dup(stmt, 3);
	o->category = column_text_dup(stmt, 4);
	o->said = column_text_dup(stmt, 5);
	o->response = column_text_dup(stmt, 6);
	objection_state_parse((const char *)sqlite3_column_text(stmt, 7), &o->state);
}

int store_unresolved_objections(struct store *st, const char *owner, int64_t limit,
				objection_fn fn, void *ctx)
{
	/* objections_unresolved (partial, in time order) walked backwards
	 * until `limit` of the owner's are found. */
	static const char sql[] =
		"SELECT o.id, o.deal_id, o.at, o.who, o.category, o.said, o.response, o.state, "
		"d.title FROM objections o INDEXED BY objections_unresolved "
		"CROSS JOIN deals d ON d.id = o.deal_id "
		"WHERE " UNRESOLVED_ROW " AND d.owner = ?1 "
		"ORDER BY o.at DESC, o.id DESC LIMIT ?2";
	sqlite3_stmt *stmt = store_stmt(st, sql);
	int rc;

	if (!stmt)
		return -1;
	bind_text(stmt, 1, owner ? owner : "");
	sqlite3_bind_int64(stmt, 2, limit);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct objection o;
		objection_from_row(stmt, &o);
		int stop = fn(&o, (const char *)sqlite3_column_text(stmt, 8), ctx);
		objection_clear(&o);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		store_fail(st, "listing open objections");
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}
