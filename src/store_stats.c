/* The store's aggregates for the playbook engine: all in SQL, indexed. */
#include "plumb/store.h"

#include <string.h>

#include "plumb/util.h"
#include "store_internal.h"


/* Sets out->won to -1 when the cache has no answer. */
static int cached_cycle(struct store *st, time_t since, const char *owner,
			struct cycle_sample *out)
{
	sqlite3_stmt *stmt = store_stmt(
		st, "SELECT won, total_days FROM cycle_cache WHERE since = ? AND owner = ?");
	int rc;

	out->won = -1;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)since);
	bind_text(stmt, 2, owner ? owner : "");
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		out->won = sqlite3_column_int64(stmt, 0);
		out->total_days = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "reading the sales cycle");
	return 0;
}

/* Best effort: a read-only or busy pipeline just computes it next time. */
static void remember_cycle(struct store *st, time_t since, const char *owner,
			   const struct cycle_sample *c)
{
	if (st->read_only || st->tx_depth > 0)
		return;
	sqlite3_stmt *stmt = store_stmt(
		st, "INSERT OR REPLACE INTO cycle_cache(since, owner, won, total_days) "
		    "VALUES(?, ?, ?, ?)");
	if (!stmt)
		return;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)since);
	bind_text(stmt, 2, owner ? owner : "");
	sqlite3_bind_int64(stmt, 3, c->won);
	sqlite3_bind_int64(stmt, 4, c->total_days);
	sqlite3_busy_timeout(st->db, 0);
	sqlite3_step(stmt);
	sqlite3_reset(stmt);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
}

int store_cycle(struct store *st, time_t closed_since, const char *owner, bool median,
		struct cycle_sample *out)
{
	static const char sum_sql[] =
		"SELECT count(*), coalesce(sum(cycle_days), 0) FROM deals "
		"WHERE status = 'won' AND closed_at >= ?1 AND (?2 IS NULL OR owner = ?2)";
	static const char median_sql[] =
		"SELECT cycle_days FROM deals "
		"WHERE status = 'won' AND closed_at >= ?1 AND (?2 IS NULL OR owner = ?2) "
		"ORDER BY cycle_days LIMIT ?4 OFFSET ?3";
	memset(out, 0, sizeof(*out));
	if (cached_cycle(st, closed_since, owner, out) != 0)
		return -1;
	if (out->won < 0) {
		sqlite3_stmt *stmt = store_stmt(st, sum_sql);
		if (!stmt)
			return -1;
		sqlite3_bind_int64(stmt, 1, (sqlite3_int64)closed_since);
		bind_text(stmt, 2, owner);
		if (sqlite3_step(stmt) != SQLITE_ROW) {
			sqlite3_reset(stmt);
			return store_fail(st, "computing the sales cycle");
		}
		out->won = sqlite3_column_int64(stmt, 0);
		out->total_days = sqlite3_column_int64(stmt, 1);
		sqlite3_reset(stmt);
		remember_cycle(st, closed_since, owner, out);
	}
	sqlite3_stmt *stmt;
	if (out->won == 0 || !median)
		return 0;
	stmt = store_stmt(st, median_sql);
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)closed_since);
	bind_text(stmt, 2, owner);
	sqlite3_bind_int64(stmt, 3, (out->won - 1) / 2);
	sqlite3_bind_int64(stmt, 4, out->won % 2 ? 1 : 2);
	int64_t sum = 0, n = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		sum += sqlite3_column_int64(stmt, 0);
		n++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, "computing the median cycle");
	out->median_days = n ? (double)sum / (double)n : 0;
	return 0;
}
