/* The store's aggregates for the playbook engine: all in SQL, indexed. */
#include "plumb/store.h"

#include <string.h>

#include "plumb/util.h"
#include "store_internal.h"


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
	sqlite3_stmt *stmt = store_stmt(st, sum_sql);

	memset(out, 0, sizeof(*out));
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
