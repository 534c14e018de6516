/*
 * The store's aggregates for the stats report: all in SQL over covering
 * indexes (schema.c says which), or one streaming pass that folds rows
 * into a few per-channel or per-category totals. Nothing here keeps rows.
 */
#include "plumb/store.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/util.h"
#include "store_internal.h"

/* The owner filter every aggregate takes; NULL matches everyone. */
#define OWNER_IS(col, param) "(" param " IS NULL OR " col " = " param ")"

/* Runs a single-row aggregate; the caller reads columns, then resets. */
static int step_row(struct store *st, sqlite3_stmt *stmt, const char *what)
{
	if (sqlite3_step(stmt) == SQLITE_ROW)
		return 0;
	store_fail(st, what);
	sqlite3_reset(stmt);
	return -1;
}

/* Ends a streaming loop: resets stmt and reports an error when rc says so. */
static int end_rows(struct store *st, sqlite3_stmt *stmt, int rc, const char *what)
{
	if (rc != SQLITE_DONE)
		store_fail(st, what);
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

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
		"WHERE status = 'won' AND closed_at >= ?1 AND " OWNER_IS("owner", "?2");
	/* The median streams the cycles into day counts: memory for the
	 * longest cycle, not for the number of deals (an ORDER BY would
	 * sort half the window in memory). */
	static const char days_sql[] =
		"SELECT cycle_days FROM deals "
		"WHERE status = 'won' AND closed_at >= ?1 AND " OWNER_IS("owner", "?2");

	memset(out, 0, sizeof(*out));
	if (cached_cycle(st, closed_since, owner, out) != 0)
		return -1;
	sqlite3_stmt *stmt;
	if (out->won < 0) {
		if (!(stmt = store_stmt(st, sum_sql)))
			return -1;
		sqlite3_bind_int64(stmt, 1, (sqlite3_int64)closed_since);
		bind_text(stmt, 2, owner);
		if (step_row(st, stmt, "computing the sales cycle") != 0)
			return -1;
		out->won = sqlite3_column_int64(stmt, 0);
		out->total_days = sqlite3_column_int64(stmt, 1);
		sqlite3_reset(stmt);
		remember_cycle(st, closed_since, owner, out);
	}
	if (out->won == 0 || !median)
		return 0;
	if (!(stmt = store_stmt(st, days_sql)))
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)closed_since);
	bind_text(stmt, 2, owner);
	struct day_histogram days = { 0 };
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		day_histogram_add(&days, sqlite3_column_int64(stmt, 0));
	out->median_days = day_histogram_median(&days);
	day_histogram_clear(&days);
	return end_rows(st, stmt, rc, "computing the median cycle");
}

/*
 * A small keyed table of totals (channels, categories): few distinct keys,
 * and rows of one key usually come together, so a remembered last hit and
 * a linear search beat hashing.
 */
struct keyed {
	void *items;
	size_t len, cap, size;
	size_t last;
};

static void *keyed_find(struct keyed *k, const char *key, size_t key_offset)
{
	char *base = k->items;

	if (!key)
		key = "";
	if (k->len && strcmp(*(char **)(base + k->last * k->size + key_offset), key) == 0)
		return base + k->last * k->size;
	for (size_t i = 0; i < k->len; i++) {
		if (strcmp(*(char **)(base + i * k->size + key_offset), key) == 0) {
			k->last = i;
			return base + i * k->size;
		}
	}
	if (k->len == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 16;
		k->items = xreallocarray(k->items, k->cap, k->size);
		base = k->items;
	}
	char *item = base + k->len * k->size;
	memset(item, 0, k->size);
	*(char **)(item + key_offset) = xstrdup(key);
	k->last = k->len++;
	return item;
}

static int compare_channel(const void *a, const void *b)
{
	return strcmp(((const struct channel_closes *)a)->channel,
		      ((const struct channel_closes *)b)->channel);
}

void channel_closes_free(struct channel_closes *c, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		free(c[i].channel);
		day_histogram_clear(&c[i].won_cycles);
	}
	free(c);
}

int store_closes_by_channel(struct store *st, time_t closed_since, const char *owner,
			    struct channel_closes **out, size_t *len)
{
	static const char sql[] =
		"SELECT status = 'won', channel, cycle_days, value_minor FROM deals "
		"WHERE status IN ('won', 'lost') AND closed_at >= ?1 AND "
		OWNER_IS("owner", "?2");
	sqlite3_stmt *stmt = store_stmt(st, sql);
	struct keyed k = { .size = sizeof(struct channel_closes) };
	int rc;

	*out = NULL;
	*len = 0;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)closed_since);
	bind_text(stmt, 2, owner);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct channel_closes *c = keyed_find(
			&k, (const char *)sqlite3_column_text(stmt, 1),
			offsetof(struct channel_closes, channel));
		if (!sqlite3_column_int(stmt, 0)) {
			c->lost++;
			continue;
		}
		int64_t cycle = sqlite3_column_int64(stmt, 2);
		c->won++;
		c->won_value_minor += sqlite3_column_int64(stmt, 3);
		c->won_cycle_days += cycle;
		day_histogram_add(&c->won_cycles, cycle);
	}
	if (end_rows(st, stmt, rc, "counting closed deals per channel") != 0) {
		channel_closes_free(k.items, k.len);
		return -1;
	}
	if (k.len)
		qsort(k.items, k.len, k.size, compare_channel);
	*out = k.items;
	*len = k.len;
	return 0;
}

void name_counts_free(struct name_count *counts, size_t len)
{
	for (size_t i = 0; i < len; i++)
		free(counts[i].name);
	free(counts);
}

static int compare_name(const void *a, const void *b)
{
	return strcmp(((const struct name_count *)a)->name, ((const struct name_count *)b)->name);
}

int store_leads_by_channel(struct store *st, time_t created_since, const char *owner,
			   struct name_count **out, size_t *len)
{
	/* Streamed rather than GROUP BY channel: grouping would sort every
	 * lead of the window; there are only a few channels to add up. */
	static const char sql[] =
		"SELECT channel FROM deals WHERE status IN ('open', 'won', 'lost') "
		"AND created_at >= ?1 AND " OWNER_IS("owner", "?2");
	sqlite3_stmt *stmt = store_stmt(st, sql);
	struct keyed k = { .size = sizeof(struct name_count) };
	int rc;

	*out = NULL;
	*len = 0;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)created_since);
	bind_text(stmt, 2, owner);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct name_count *n = keyed_find(&k, (const char *)sqlite3_column_text(stmt, 0),
						  offsetof(struct name_count, name));
		n->count++;
	}
	if (end_rows(st, stmt, rc, "counting leads per channel") != 0) {
		name_counts_free(k.items, k.len);
		return -1;
	}
	if (k.len)
		qsort(k.items, k.len, k.size, compare_name);
	*out = k.items;
	*len = k.len;
	return 0;
}

int store_lost_reasons(struct store *st, time_t closed_since, const char *owner, size_t limit,
		       struct name_count **out, size_t *len)
{
	/* deals_lost_reason holds lost deals in reason order, so the groups
	 * come without a sort and no deal row is read; only the groups are
	 * ranked. Named, because without statistics the planner prefers
	 * deals_closed and then reads a row per lost deal (20x slower). */
	static const char sql[] =
		"SELECT coalesce(lost_reason, ''), count(*) FROM deals INDEXED BY deals_lost_reason "
		"WHERE status = 'lost' AND closed_at >= ?1 AND " OWNER_IS("owner", "?2")
		" GROUP BY lost_reason ORDER BY count(*) DESC, lost_reason LIMIT ?3";
	sqlite3_stmt *stmt = store_stmt(st, sql);
	int rc;

	*out = NULL;
	*len = 0;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)closed_since);
	bind_text(stmt, 2, owner);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)limit);
	if (limit)
		*out = xcalloc(limit, sizeof(**out));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && *len < limit) {
		(*out)[*len].name = column_text_dup(stmt, 0);
		(*out)[(*len)++].count = sqlite3_column_int64(stmt, 1);
	}
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	if (end_rows(st, stmt, rc, "ranking lost reasons") != 0) {
		name_counts_free(*out, *len);
		*out = NULL;
		*len = 0;
		return -1;
	}
	return 0;
}

void category_objections_free(struct category_objections *c, size_t len)
{
	for (size_t i = 0; i < len; i++)
		free(c[i].category);
	free(c);
}

static int compare_category(const void *a, const void *b)
{
	return strcmp(((const struct category_objections *)a)->category,
		      ((const struct category_objections *)b)->category);
}

static void count_objection(struct category_objections *c, const char *state,
			    const char *deal_status)
{
	c->raised++;
	if (strcmp(deal_status, "won") == 0)
		c->on_won++;
	else if (strcmp(deal_status, "lost") == 0)
		c->on_lost++;
	else
		c->on_open++;
	if (strcmp(state, "resolved") == 0)
		c->state_resolved++;
	else if (strcmp(state, "acknowledged") == 0)
		c->state_acknowledged++;
	else
		c->state_open++;
}

int store_objections_by_category(struct store *st, time_t since, const char *owner,
				 struct category_objections **out, size_t *len)
{
	/* Objections first, in deal order (CROSS JOIN fixes the join order,
	 * INDEXED BY the covering index): deal rows are then read front to
	 * back instead of jumping around the table, 3-5x faster at a million. */
	static const char sql[] =
		"SELECT o.category, o.state, d.status FROM objections o "
		"INDEXED BY objections_by_deal CROSS JOIN deals d ON d.id = o.deal_id "
		"WHERE o.at >= ?1 AND " OWNER_IS("d.owner", "?2");
	sqlite3_stmt *stmt = store_stmt(st, sql);
	struct keyed k = { .size = sizeof(struct category_objections) };
	int rc;

	*out = NULL;
	*len = 0;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)since);
	bind_text(stmt, 2, owner);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct category_objections *c =
			keyed_find(&k, (const char *)sqlite3_column_text(stmt, 0),
				   offsetof(struct category_objections, category));
		const char *state = (const char *)sqlite3_column_text(stmt, 1);
		const char *status = (const char *)sqlite3_column_text(stmt, 2);
		count_objection(c, state ? state : "", status ? status : "");
	}
	if (end_rows(st, stmt, rc, "counting objections") != 0) {
		category_objections_free(k.items, k.len);
		return -1;
	}
	if (k.len)
		qsort(k.items, k.len, k.size, compare_category);
	*out = k.items;
	*len = k.len;
	return 0;
}

void won_responses_free(struct won_response *r, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		free(r[i].category);
		free(r[i].response);
	}
	free(r);
}

int store_won_responses(struct store *st, time_t since, const char *owner, size_t per_category,
			struct won_response **out, size_t *len)
{
	/* Distinct responses, each with how often it was given: the same
	 * answer repeated is one line of a cheat sheet, not many. The join
	 * runs in deal order, as in store_objections_by_category(). */
	static const char sql[] =
		"SELECT category, response, times, last_at FROM ("
		"  SELECT o.category AS category, o.response AS response, count(*) AS times,"
		"    max(o.at) AS last_at, row_number() OVER (PARTITION BY o.category"
		"      ORDER BY max(o.at) DESC, o.response) AS rank"
		"  FROM objections o INDEXED BY objections_by_deal"
		"  CROSS JOIN deals d ON d.id = o.deal_id"
		"  WHERE o.at >= ?1 AND d.status = 'won' AND o.response <> '' AND "
		OWNER_IS("d.owner", "?2") " GROUP BY o.category, o.response) "
		"WHERE rank <= ?3 ORDER BY category, rank";
	sqlite3_stmt *stmt = store_stmt(st, sql);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*len = 0;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)since);
	bind_text(stmt, 2, owner);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)per_category);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		struct won_response *r = &(*out)[(*len)++];
		r->category = column_text_dup(stmt, 0);
		r->response = column_text_dup(stmt, 1);
		r->times = sqlite3_column_int64(stmt, 2);
		r->last_at = column_time(stmt, 3);
	}
	if (end_rows(st, stmt, rc, "collecting objection responses") != 0) {
		won_responses_free(*out, *len);
		*out = NULL;
		*len = 0;
		return -1;
	}
	return 0;
}

int store_stage_median_days(struct store *st, int64_t stage_id, const char *owner,
			    int64_t today, double *median_days)
{
	static const char count_sql[] =
		"SELECT count(*) FROM deals WHERE status = 'open' AND stage_id = ?1 AND "
		OWNER_IS("owner", "?2");
	/* deals_stage_time is in entry order within a stage, so the middle
	 * deal is reached by skipping index entries: no sort, no memory. */
	static const char middle_sql[] =
		"SELECT stage_entered_at FROM deals WHERE status = 'open' AND stage_id = ?1 AND "
		OWNER_IS("owner", "?2") " ORDER BY stage_entered_at LIMIT ?4 OFFSET ?3";
	sqlite3_stmt *stmt = store_stmt(st, count_sql);
	int64_t n, sum = 0, got = 0;
	int rc;

	*median_days = 0;
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, stage_id);
	bind_text(stmt, 2, owner);
	if (step_row(st, stmt, "computing time in stage") != 0)
		return -1;
	n = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (n == 0)
		return 0;
	if (!(stmt = store_stmt(st, middle_sql)))
		return -1;
	sqlite3_bind_int64(stmt, 1, stage_id);
	bind_text(stmt, 2, owner);
	sqlite3_bind_int64(stmt, 3, (n - 1) / 2);
	sqlite3_bind_int64(stmt, 4, n % 2 ? 1 : 2);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		sum += today - clock_day(column_time(stmt, 0));
		got++;
	}
	if (end_rows(st, stmt, rc, "computing time in stage") != 0)
		return -1;
	*median_days = got ? (double)sum / (double)got : 0;
	return 0;
}

int store_won_by_week(struct store *st, time_t closed_since, const char *owner, int64_t today,
		      int64_t *counts, size_t weeks)
{
	static const char sql[] =
		"SELECT closed_at FROM deals WHERE status = 'won' AND closed_at >= ?1 AND "
		OWNER_IS("owner", "?2");
	sqlite3_stmt *stmt = store_stmt(st, sql);
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, (sqlite3_int64)closed_since);
	bind_text(stmt, 2, owner);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t ago = today - clock_day(column_time(stmt, 0));
		if (ago >= 0 && (uint64_t)(ago / 7) < weeks)
			counts[ago / 7]++;
	}
	return end_rows(st, stmt, rc, "counting won deals per week");
}
