/* The store's reads: deal queries, totals, owners, timelines; raw loads. */
#include "plumb/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/text.h"
#include "plumb/util.h"
#include "store_internal.h"

/*
 * Board order walks the stages left to right with one indexed range scan
 * each, so the first rows come at once however many deals there are.
 */
struct deal_iter {
	struct store *st;
	sqlite3_stmt *stmt;
	char *like;        /* keeps the bound LIKE pattern alive */
	int64_t *stages;   /* board order: stage ids by position */
	size_t nstages, next_stage;
	int64_t remaining; /* rows still allowed by the limit; -1: no limit */
};

/* Escapes LIKE wildcards so the user's text matches literally. */
static char *like_pattern(const char *text)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_putc(&sb, '%');
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			strbuf_putc(&sb, '\\');
		strbuf_putc(&sb, *p);
	}
	strbuf_putc(&sb, '%');
	return strbuf_detach(&sb);
}

/*
 * Any of a text's trigrams finds every deal containing the text (and
 * more, which the LIKE check drops), so the index is asked for the rarest
 * few only. Their cost differs by orders of magnitude: ANDing all seven
 * of "Pilot for 123 users" read 20 M instructions at 100k deals, "123"
 * alone 0.3 M. Rarity is probed per trigram by reading at most
 * TRIGRAM_PROBE of its matches: fewer means rarer; at the cap, the
 * higher the id of the last one read, the sparser the trigram.
 */
#define TRIGRAM_PROBE 64
#define TRIGRAMS_TRIED 24
#define TRIGRAMS_USED 3

struct trigram {
	char *phrase;    /* an FTS5 string: quoted, quotes doubled */
	int64_t matches; /* up to TRIGRAM_PROBE */
	int64_t reach;   /* the id of the last match read */
};

static int rarer_first(const void *pa, const void *pb)
{
	const struct trigram *a = pa, *b = pb;
	if (a->matches != b->matches)
		return a->matches < b->matches ? -1 : 1;
	return a->reach > b->reach ? -1 : a->reach < b->reach;
}

static void trigram_probe(struct store *st, struct trigram *t)
{
	sqlite3_stmt *stmt = store_stmt(st, "SELECT count(*), coalesce(max(rowid), 0) FROM "
					    "(SELECT rowid FROM deal_text WHERE deal_text MATCH ?1 "
					    "LIMIT ?2)");
	/* Unknown counts as common: it is only a plan. */
	t->matches = TRIGRAM_PROBE;
	t->reach = 0;
	if (!stmt)
		return;
	bind_text(stmt, 1, t->phrase);
	sqlite3_bind_int(stmt, 2, TRIGRAM_PROBE);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		t->matches = sqlite3_column_int64(stmt, 0);
		t->reach = sqlite3_column_int64(stmt, 1);
	}
	sqlite3_reset(stmt);
}

/*
 * The FTS5 query that finds the deals whose text may contain `text`: its
 * rarest trigrams, ANDed (the index keeps no positions, so phrases are
 * not available; the LIKE decides). NULL when the index cannot help:
 * under three characters, or text that is not clean UTF-8.
 */
static char *trigram_query(struct store *st, const char *text)
{
	size_t starts[4096], n = 0, len = strlen(text);
	struct trigram tried[TRIGRAMS_TRIED];
	size_t ntried = 0;
	struct strbuf sb;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int used = utf8_decode((const unsigned char *)text + i, len - i, &cp);
		if (used == 0 || cp < 0x20 || cp == 0x7f || n == ARRAY_LEN(starts) - 1)
			return NULL;
		starts[n++] = i;
		i += (size_t)used;
	}
	if (n < 3)
		return NULL;
	starts[n] = len;
	/* Every trigram of a short text; evenly spread ones of a long one. */
	size_t count = n - 2, step = (count + TRIGRAMS_TRIED - 1) / TRIGRAMS_TRIED;
	for (size_t t = 0; t < count && ntried < TRIGRAMS_TRIED; t += step) {
		strbuf_init(&sb);
		strbuf_putc(&sb, '"');
		for (size_t b = starts[t]; b < starts[t + 3]; b++) {
			if (text[b] == '"')
				strbuf_putc(&sb, '"');
			strbuf_putc(&sb, text[b]);
		}
		strbuf_putc(&sb, '"');
		bool seen = false;
		for (size_t k = 0; k < ntried && !seen; k++)
			seen = strcmp(tried[k].phrase, sb.buf) == 0;
		if (seen) {
			strbuf_free(&sb);
			continue;
		}
		tried[ntried].phrase = strbuf_detach(&sb);
		trigram_probe(st, &tried[ntried]);
		ntried++;
	}
	err_clear(); /* a failed probe only makes a worse plan */
	qsort(tried, ntried, sizeof(*tried), rarer_first);
	/* A trigram with fewer matches than the probe read is selective
	 * enough alone; common ones are ANDed to narrow each other. */
	size_t used = tried[0].matches < TRIGRAM_PROBE ? 1 : TRIGRAMS_USED;
	strbuf_init(&sb);
	for (size_t k = 0; k < ntried; k++) {
		if (k < used)
			strbuf_printf(&sb, "%s%s", k ? " AND " : "", tried[k].phrase);
		free(tried[k].phrase);
	}
	return strbuf_detach(&sb);
}

/* The text filter's test of a deal row, exact whatever the index says. */
#define TEXT_LIKE                                                                  \
	"(d.title LIKE :text ESCAPE '\\' OR d.company LIKE :text ESCAPE '\\' OR " \
	"d.contact_name LIKE :text ESCAPE '\\' OR d.owner LIKE :text ESCAPE '\\')"

/* The deals the text index names, and those whose text changed since it
 * was last brought up to date (by any program). */
#define TEXT_CANDIDATES                                                           \
	"(SELECT rowid AS id FROM deal_text WHERE deal_text MATCH :trigrams UNION " \
	"SELECT deal_id FROM deal_text_pending) c CROSS JOIN deals d ON d.id = c.id"

/*
 * The deals a text filter matches, found once through the text index and
 * checked with LIKE, are kept in a temporary table (the connection's own,
 * so read-only pipelines have it too) with what the board's columns sort
 * and split on. Every column, page and count of the filter then reads its
 * own hits only, instead of asking the index again per query. The table
 * stands until the text changes, another connection commits (PRAGMA
 * data_version) or this one writes (st->changes).
 */
#define TEXT_HITS "temp.filter_hits h CROSS JOIN deals d ON d.id = h.id"

static int text_hits_fill(struct store *st, const char *text, const char *like,
			  const char *trigrams)
{
	static const char *const create[] = {
		"CREATE TEMP TABLE IF NOT EXISTS filter_hits(id INTEGER PRIMARY KEY, "
		"stage_id INTEGER NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL)",
		"CREATE INDEX IF NOT EXISTS temp.filter_hits_board "
		"ON filter_hits(stage_id, status, created_at, id)",
		"DELETE FROM temp.filter_hits",
	};
	int64_t data_version;

	if (store_data_version(st, &data_version) != 0)
		return -1;
	if (st->hits_text && strcmp(st->hits_text, text) == 0 &&
	    st->hits_data_version == data_version && st->hits_changes == st->changes)
		return 0;
	free(st->hits_text);
	st->hits_text = NULL;
	if (store_exec_each(st, create, ARRAY_LEN(create), "filtering deals") != 0)
		return -1;
	sqlite3_stmt *fill = store_stmt(
		st, "INSERT INTO temp.filter_hits SELECT d.id, d.stage_id, d.status, d.created_at "
		    "FROM " TEXT_CANDIDATES " WHERE " TEXT_LIKE);
	if (!fill)
		return -1;
	sqlite3_bind_text(fill, sqlite3_bind_parameter_index(fill, ":trigrams"), trigrams, -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(fill, sqlite3_bind_parameter_index(fill, ":text"), like, -1,
			  SQLITE_STATIC);
	if (store_step_done(st, fill, "filtering deals") != 0)
		return -1;
	st->hits_text = xstrdup(text);
	st->hits_data_version = data_version;
	st->hits_changes = st->changes;
	return 0;
}

/*
 * Whether to start from the text index's candidates or to walk the
 * query's own index checking each row. Walking finds a screenful of a
 * common term after a few hundred rows, while its candidates are tens of
 * thousands; a rare term is the reverse. The break-even is near
 * sqrt(32 x deals) candidates. Remembered per text, as it is only a plan.
 */
static bool candidates_few(struct store *st, const char *trigrams)
{
	sqlite3_stmt *stmt;
	int64_t limit = 256;

	stmt = store_stmt(st, "SELECT coalesce(max(id), 0) FROM deals");
	if (stmt && sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t deals = sqlite3_column_int64(stmt, 0);
		while (limit * limit < 32 * deals)
			limit += limit / 4;
	}
	if (stmt)
		sqlite3_reset(stmt);
	stmt = store_stmt(st, "SELECT count(*) FROM (SELECT 1 FROM deal_text "
			      "WHERE deal_text MATCH ?1 LIMIT ?2)");
	bool few = false;
	if (stmt) {
		bind_text(stmt, 1, trigrams);
		sqlite3_bind_int64(stmt, 2, limit);
		few = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int64(stmt, 0) < limit;
		sqlite3_reset(stmt);
	}
	err_clear(); /* a failed probe only means walking */
	return few;
}

/*
 * A text filter's plan, made once per text: the index query (NULL when
 * the index cannot help) and, in *few, whether it names few deals.
 */
static const char *text_plan(struct store *st, const char *text, bool *few)
{
	if (!st->plan_text || strcmp(st->plan_text, text) != 0) {
		free(st->plan_text);
		free(st->plan_query);
		st->plan_query = trigram_query(st, text);
		st->plan_few = st->plan_query && candidates_few(st, st->plan_query);
		st->plan_text = xstrdup(text);
	}
	if (few)
		*few = st->plan_few;
	return st->plan_query;
}

static const char *status_condition(enum deal_status_filter f)
{
	switch (f) {
	case STATUS_OPEN:
		return " AND d.status = 'open'";
	case STATUS_WON:
		return " AND d.status = 'won'";
	case STATUS_LOST:
		return " AND d.status = 'lost'";
	case STATUS_CLOSED:
		return " AND d.status IN ('won', 'lost')";
	case STATUS_ANY:
		break;
	}
	return "";
}

static const char *order_clause(enum deal_order order)
{
	switch (order) {
	case ORDER_BOARD:
		return " ORDER BY d.created_at, d.id"; /* within one stage */
	case ORDER_AGE:
		return " ORDER BY d.created_at, d.id";
	case ORDER_FOLLOWUP:
		return " ORDER BY d.next_followup_at, d.id";
	case ORDER_STAGE_AGE:
		return " ORDER BY d.stage_entered_at, d.id";
	case ORDER_UNANSWERED:
		return " ORDER BY d.unanswered DESC, d.last_contact_at, d.id";
	case ORDER_CLOSED:
		return " ORDER BY d.closed_at DESC, d.id DESC";
	case ORDER_ID:
		break;
	}
	return " ORDER BY d.id";
}

/*
 * Builds the WHERE clause from fixed fragments; every value is a bound
 * parameter, numbered in the order bind_query() binds them.
 */
static void build_where(struct strbuf *sql, const struct deal_query *q, bool stage_walk,
			bool hits)
{
	strbuf_puts(sql, " WHERE 1");
	strbuf_puts(sql, status_condition(q->status));
	if (q->stage_id || stage_walk)
		strbuf_puts(sql, hits ? " AND h.stage_id = :stage AND d.stage_id = :stage"
				      : " AND d.stage_id = :stage");
	if (q->owner)
		strbuf_puts(sql, " AND d.owner = :owner");
	if (!str_empty(q->text))
		strbuf_puts(sql, " AND " TEXT_LIKE);
	if (q->key_account)
		strbuf_puts(sql, " AND d.key_account = 1");
	if (q->created_before)
		strbuf_puts(sql, " AND d.created_at < :created_before");
	if (q->created_since)
		strbuf_puts(sql, " AND d.created_at >= :created_since");
	if (q->closed_since)
		strbuf_puts(sql, " AND d.closed_at >= :closed_since");
	if (q->followup_since)
		strbuf_puts(sql, " AND d.next_followup_at >= :followup_since");
	if (q->rotting)
		strbuf_puts(sql, " AND s.rot_days IS NOT NULL AND d.stage_entered_at < "
				 "plumb_day_start(:rot_today - s.rot_days)");
	if (q->followup_before)
		strbuf_puts(sql, " AND d.next_followup_at < :followup_before");
	if (q->min_unanswered)
		strbuf_puts(sql, " AND d.unanswered >= :min_unanswered");
	if (q->max_unanswered)
		strbuf_puts(sql, " AND d.unanswered < :max_unanswered");
	if (q->has_after)
		strbuf_puts(sql, " AND (d.created_at, d.id) > (:after_created, :after_id)");
	if (q->has_before)
		strbuf_puts(sql, " AND (d.created_at, d.id) < (:before_created, :before_id)");
}

static void bind_named_int(sqlite3_stmt *stmt, const char *name, int64_t v)
{
	int idx = sqlite3_bind_parameter_index(stmt, name);
	if (idx)
		sqlite3_bind_int64(stmt, idx, v);
}

static void bind_query(sqlite3_stmt *stmt, const struct deal_query *q, const char *like)
{
	int idx;

	bind_named_int(stmt, ":stage", q->stage_id);
	if ((idx = sqlite3_bind_parameter_index(stmt, ":owner")))
		bind_text(stmt, idx, q->owner);
	if ((idx = sqlite3_bind_parameter_index(stmt, ":text")))
		bind_text(stmt, idx, like);
	bind_named_int(stmt, ":created_before", (int64_t)q->created_before);
	bind_named_int(stmt, ":created_since", (int64_t)q->created_since);
	bind_named_int(stmt, ":closed_since", (int64_t)q->closed_since);
	bind_named_int(stmt, ":followup_since", (int64_t)q->followup_since);
	bind_named_int(stmt, ":rot_today", q->rot_today);
	bind_named_int(stmt, ":followup_before", (int64_t)q->followup_before);
	bind_named_int(stmt, ":min_unanswered", q->min_unanswered);
	bind_named_int(stmt, ":max_unanswered", q->max_unanswered);
	bind_named_int(stmt, ":after_created", (int64_t)q->after_created);
	bind_named_int(stmt, ":after_id", q->after_id);
	bind_named_int(stmt, ":before_created", (int64_t)q->before_created);
	bind_named_int(stmt, ":before_id", q->before_id);
}

static int load_stage_order(struct store *st, struct deal_iter *it)
{
	sqlite3_stmt *stmt = store_stmt(st, "SELECT id FROM stages ORDER BY position");
	size_t cap = 0;
	int rc;

	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (it->nstages == cap) {
			cap = cap ? cap * 2 : 8;
			it->stages = xreallocarray(it->stages, cap, sizeof(*it->stages));
		}
		it->stages[it->nstages++] = sqlite3_column_int64(stmt, 0);
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(st, "reading stages");
}

int store_query(struct store *st, const struct deal_query *q, struct deal_iter **out)
{
	struct strbuf sql;
	struct deal_iter *it = xcalloc(1, sizeof(*it));

	bool hits = false;
	it->st = st;
	if (!str_empty(q->text)) {
		it->like = like_pattern(q->text);
		bool few;
		const char *trigrams = text_plan(st, q->text, &few);
		if (trigrams && few) {
			if (text_hits_fill(st, q->text, it->like, trigrams) != 0) {
				deal_iter_free(it);
				return -1;
			}
			hits = true;
		}
	}
	strbuf_init(&sql);
	strbuf_puts(&sql, "SELECT " DEAL_COLUMNS " FROM ");
	strbuf_puts(&sql, hits ? TEXT_HITS : "deals d");
	strbuf_puts(&sql, " JOIN stages s ON s.id = d.stage_id");
	build_where(&sql, q, q->order == ORDER_BOARD && !q->stage_id, hits);
	if (q->has_before || q->reverse)
		strbuf_puts(&sql, " ORDER BY d.created_at DESC, d.id DESC");
	else if (q->has_after)
		strbuf_puts(&sql, " ORDER BY d.created_at, d.id");
	else
		strbuf_puts(&sql, order_clause(q->order));
	it->remaining = q->limit ? q->limit : -1;
	if (!(it->stmt = store_built(st, sql.buf))) {
		store_fail(st, "listing deals");
		strbuf_free(&sql);
		deal_iter_free(it);
		return -1;
	}
	strbuf_free(&sql);
	bind_query(it->stmt, q, it->like);
	if (q->order == ORDER_BOARD && !q->stage_id) {
		if (load_stage_order(st, it) != 0) {
			deal_iter_free(it);
			return -1;
		}
		if (it->nstages)
			bind_named_int(it->stmt, ":stage", it->stages[it->next_stage++]);
	}
	*out = it;
	return 0;
}

int deal_iter_next(struct deal_iter *it, struct deal *d)
{
	if (it->remaining == 0)
		return 0;
	for (;;) {
		int rc = sqlite3_step(it->stmt);
		if (rc == SQLITE_ROW) {
			deal_from_row(it->stmt, d);
			if (it->remaining > 0)
				it->remaining--;
			return 1;
		}
		if (rc != SQLITE_DONE)
			return store_fail(it->st, "listing deals");
		if (it->next_stage >= it->nstages)
			return 0;
		sqlite3_reset(it->stmt);
		bind_named_int(it->stmt, ":stage", it->stages[it->next_stage++]);
	}
}

void deal_iter_free(struct deal_iter *it)
{
	if (!it)
		return;
	store_built_release(it->st, it->stmt);
	free(it->like);
	free(it->stages);
	free(it);
}

/*
 * Counts join the stages only for the rotting test: without the join a
 * count can be answered from a covering index, never reading deal rows.
 */
static void count_from(struct strbuf *sql, const struct deal_query *q, bool hits)
{
	strbuf_puts(sql, hits ? " FROM " TEXT_HITS : " FROM deals d");
	if (q->rotting)
		strbuf_puts(sql, " JOIN stages s ON s.id = d.stage_id");
}

int store_count(struct store *st, const struct deal_query *q, int64_t *count,
		int64_t *value_minor)
{
	struct strbuf sql;
	sqlite3_stmt *stmt = NULL;
	char *like = str_empty(q->text) ? NULL : like_pattern(q->text);
	/* A count reads every match: its hits are never more. */
	const char *trigrams = like ? text_plan(st, q->text, NULL) : NULL;
	bool hits = trigrams != NULL;
	int rc = -1;

	strbuf_init(&sql);
	if (hits && text_hits_fill(st, q->text, like, trigrams) != 0)
		goto out;
	/* Without the value, a count reads index entries only. */
	strbuf_puts(&sql, value_minor ? "SELECT count(*), coalesce(sum(d.value_minor), 0)"
				      : "SELECT count(*), 0");
	count_from(&sql, q, hits);
	build_where(&sql, q, false, hits);
	if (!(stmt = store_built(st, sql.buf))) {
		store_fail(st, "counting deals");
		goto out;
	}
	bind_query(stmt, q, like);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_fail(st, "counting deals");
		goto out;
	}
	*count = sqlite3_column_int64(stmt, 0);
	if (value_minor)
		*value_minor = sqlite3_column_int64(stmt, 1);
	rc = 0;
out:
	store_built_release(st, stmt);
	strbuf_free(&sql);
	free(like);
	return rc;
}

static void bind_open_count_key(sqlite3_stmt *stmt, enum open_count_kind kind, time_t before,
				const char *owner)
{
	bind_text(stmt, 1, kind == OPEN_CREATED ? "created" : "followup");
	sqlite3_bind_int(stmt, 2, owner == NULL);
	bind_text(stmt, 3, owner ? owner : "");
	sqlite3_bind_int64(stmt, 4, (sqlite3_int64)before);
}

/* *found is false when no row holds this bound yet. */
static int open_count_cached(struct store *st, enum open_count_kind kind, time_t before,
			     const char *owner, int64_t *count, bool *found)
{
	sqlite3_stmt *stmt = store_stmt(st, "SELECT deals FROM open_counts WHERE kind = ?1 AND "
					    "everyone = ?2 AND owner = ?3 AND bound = ?4");
	int rc;

	*found = false;
	if (!stmt)
		return -1;
	bind_open_count_key(stmt, kind, before, owner);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(stmt, 0);
		*found = true;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, "counting deals");
	return 0;
}

static int open_count_scan(struct store *st, enum open_count_kind kind, time_t before,
			   const char *owner, int64_t *count)
{
	struct deal_query q = { .status = STATUS_OPEN, .owner = owner };

	if (kind == OPEN_CREATED)
		q.created_before = before;
	else
		q.followup_before = before;
	return store_count(st, &q, count, NULL);
}

/* Replaces the bound of this kind and owner; the caller holds the lock. */
static int open_count_remember(struct store *st, enum open_count_kind kind, time_t before,
			       const char *owner, int64_t count)
{
	sqlite3_stmt *stmt = store_stmt(st, "DELETE FROM open_counts WHERE kind = ?1 AND "
					    "everyone = ?2 AND owner = ?3 AND bound <> ?4");
	if (!stmt)
		return -1;
	bind_open_count_key(stmt, kind, before, owner);
	if (store_step_done(st, stmt, "remembering a count") != 0)
		return -1;
	stmt = store_stmt(st, "INSERT INTO open_counts(kind, everyone, owner, bound, deals) "
			      "VALUES(?1, ?2, ?3, ?4, ?5)");
	if (!stmt)
		return -1;
	bind_open_count_key(stmt, kind, before, owner);
	sqlite3_bind_int64(stmt, 5, count);
	return store_step_done(st, stmt, "remembering a count");
}

int store_open_count(struct store *st, enum open_count_kind kind, time_t before,
		     const char *owner, int64_t *count)
{
	bool found;

	if (open_count_cached(st, kind, before, owner, count, &found) != 0)
		return -1;
	if (found)
		return 0;
	if (st->read_only || st->tx_depth > 0)
		return open_count_scan(st, kind, before, owner, count);
	/* Counted and remembered under the write lock, so no change falls
	 * between the two; when another writer holds it, just count. */
	sqlite3_busy_timeout(st->db, 0);
	int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	if (rc != SQLITE_OK)
		return open_count_scan(st, kind, before, owner, count);
	if (open_count_scan(st, kind, before, owner, count) != 0 ||
	    open_count_remember(st, kind, before, owner, *count) != 0 ||
	    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		/* Remembering is best effort; the count itself stands. */
		err_clear();
		return open_count_scan(st, kind, before, owner, count);
	}
	return 0;
}

void owner_counts_free(struct owner_count *counts, size_t len)
{
	for (size_t i = 0; i < len; i++)
		free(counts[i].owner);
	free(counts);
}

int store_count_by_owner(struct store *st, const struct deal_query *q, bool with_value,
			 struct owner_count **out, size_t *len)
{
	struct strbuf sql;
	sqlite3_stmt *stmt = NULL;
	char *like = str_empty(q->text) ? NULL : like_pattern(q->text);
	/* A count reads every match: its hits are never more. */
	const char *trigrams = like ? text_plan(st, q->text, NULL) : NULL;
	bool hits = trigrams != NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*len = 0;
	if (hits && text_hits_fill(st, q->text, like, trigrams) != 0) {
		free(like);
		return -1;
	}
	strbuf_init(&sql);
	strbuf_puts(&sql, with_value ? "SELECT d.owner, count(*), coalesce(sum(d.value_minor), 0)"
				     : "SELECT d.owner, count(*), 0");
	count_from(&sql, q, hits);
	build_where(&sql, q, false, hits);
	strbuf_puts(&sql, " GROUP BY d.owner ORDER BY d.owner");
	stmt = store_built(st, sql.buf);
	strbuf_free(&sql);
	if (!stmt) {
		free(like);
		return store_fail(st, "counting deals per owner");
	}
	bind_query(stmt, q, like);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		struct owner_count *oc = &(*out)[(*len)++];
		oc->owner = column_text_dup(stmt, 0);
		oc->count = sqlite3_column_int64(stmt, 1);
		oc->value_minor = sqlite3_column_int64(stmt, 2);
	}
	if (rc != SQLITE_DONE)
		store_fail(st, "counting deals per owner");
	store_built_release(st, stmt);
	free(like);
	if (rc != SQLITE_DONE) {
		owner_counts_free(*out, *len);
		*out = NULL;
		*len = 0;
		return -1;
	}
	return 0;
}

int store_stage_totals(struct store *st, const char *owner, struct stage_total **out,
		       size_t *len)
{
	static const char all_sql[] =
		"SELECT stage_id, status, sum(deals), sum(value_minor) FROM stage_totals "
		"GROUP BY stage_id, status";
	static const char owner_sql[] =
		"SELECT stage_id, status, deals, value_minor FROM stage_totals WHERE owner = ?";
	sqlite3_stmt *stmt = store_stmt(st, owner ? owner_sql : all_sql);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*len = 0;
	if (!stmt)
		return -1;
	if (owner)
		bind_text(stmt, 1, owner);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		struct stage_total *t = &(*out)[(*len)++];
		t->stage_id = sqlite3_column_int64(stmt, 0);
		t->status = status_from_sql((const char *)sqlite3_column_text(stmt, 1));
		t->deals = sqlite3_column_int64(stmt, 2);
		t->value_minor = sqlite3_column_int64(stmt, 3);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*len = 0;
		return store_fail(st, "reading stage totals");
	}
	return 0;
}

int store_owners(struct store *st, char ***out, size_t *len)
{
	sqlite3_stmt *stmt = store_stmt(
		st, "SELECT owner FROM stage_totals WHERE deals > 0 GROUP BY owner ORDER BY owner");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*len = 0;
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		(*out)[(*len)++] = column_text_dup(stmt, 0);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < *len; i++)
			free((*out)[i]);
		free(*out);
		*out = NULL;
		*len = 0;
		return store_fail(st, "reading owners");
	}
	return 0;
}

static void timeline_from_row(sqlite3_stmt *stmt, struct timeline_item *item)
{
	int kind = sqlite3_column_int(stmt, 0);

	memset(item, 0, sizeof(*item));
	if (kind == 0) {
		struct history_entry *h = &item->u.history;
		item->kind = TIMELINE_HISTORY;
		h->id = sqlite3_column_int64(stmt, 1);
		h->at = column_time(stmt, 2);
		h->who = column_text_dup(stmt, 3);
		h->from_stage_id = sqlite3_column_int64(stmt, 4);
		h->to_stage_id = sqlite3_column_int64(stmt, 5);
		h->from_status = status_from_sql((const char *)sqlite3_column_text(stmt, 6));
		h->to_status = status_from_sql((const char *)sqlite3_column_text(stmt, 7));
		h->from_stage_name = column_text_dup(stmt, 8);
		h->to_stage_name = column_text_dup(stmt, 9);
	} else if (kind == 1) {
		struct activity *a = &item->u.activity;
		item->kind = TIMELINE_ACTIVITY;
		a->id = sqlite3_column_int64(stmt, 1);
		a->at = column_time(stmt, 2);
		a->who = column_text_dup(stmt, 3);
		a->channel = column_text_dup(stmt, 4);
		a->kind = column_text_dup(stmt, 5);
		direction_parse((const char *)sqlite3_column_text(stmt, 6), &a->direction);
		outcome_parse((const char *)sqlite3_column_text(stmt, 7), &a->outcome);
		a->note = column_text_dup(stmt, 8);
	} else {
		struct objection *o = &item->u.objection;
		item->kind = TIMELINE_OBJECTION;
		o->id = sqlite3_column_int64(stmt, 1);
		o->at = column_time(stmt, 2);
		o->who = column_text_dup(stmt, 3);
		o->category = column_text_dup(stmt, 4);
		o->said = column_text_dup(stmt, 5);
		o->response = column_text_dup(stmt, 6);
		objection_state_parse((const char *)sqlite3_column_text(stmt, 7), &o->state);
	}
}

static void timeline_item_clear(struct timeline_item *item)
{
	if (item->kind == TIMELINE_HISTORY)
		history_entry_clear(&item->u.history);
	else if (item->kind == TIMELINE_ACTIVITY)
		activity_clear(&item->u.activity);
	else
		objection_clear(&item->u.objection);
}

int store_deal_timeline(struct store *st, int64_t deal_id, timeline_fn fn, void *ctx)
{
	static const char sql[] =
		"SELECT 0, h.id, h.at, h.who, h.from_stage_id, h.to_stage_id, h.from_status, "
		"  h.to_status, fs.name, ts.name FROM stage_history h "
		"  LEFT JOIN stages fs ON fs.id = h.from_stage_id "
		"  LEFT JOIN stages ts ON ts.id = h.to_stage_id WHERE h.deal_id = ?1 "
		"UNION ALL "
		"SELECT 1, id, at, who, channel, kind, direction, outcome, note, NULL "
		"  FROM activities WHERE deal_id = ?1 "
		"UNION ALL "
		"SELECT 2, id, at, who, category, said, response, state, NULL, NULL "
		"  FROM objections WHERE deal_id = ?1 "
		"ORDER BY 3 DESC, 1 DESC, 2 DESC";
	sqlite3_stmt *stmt = store_stmt(st, sql);
	int rc;

	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, deal_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct timeline_item item;
		timeline_from_row(stmt, &item);
		int stop = fn(&item, ctx);
		timeline_item_clear(&item);
		if (stop) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, "reading the timeline");
	return 0;
}

int store_deal_insert(struct store *st, const struct deal *d, int64_t *id)
{
	static const char sql[] =
		"INSERT INTO deals(title, company, contact_name, contact_email, contact_phone, "
		"value_minor, currency, owner, stage_id, channel, key_account, score, status, "
		"lost_reason, created_at, stage_entered_at, closed_at, next_followup_at, "
		"last_contact_at, unanswered, notes, external_key, updated_at, cycle_days) "
		"VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
		"?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)";
	sqlite3_stmt *stmt = store_stmt(st, sql);

	if (!stmt)
		return -1;
	bind_text(stmt, 1, d->title);
	bind_text(stmt, 2, d->company ? d->company : "");
	bind_text(stmt, 3, d->contact_name ? d->contact_name : "");
	bind_text(stmt, 4, d->contact_email ? d->contact_email : "");
	bind_text(stmt, 5, d->contact_phone ? d->contact_phone : "");
	sqlite3_bind_int64(stmt, 6, d->value_minor);
	bind_text(stmt, 7, d->currency ? d->currency : "USD");
	bind_text(stmt, 8, d->owner ? d->owner : "");
	sqlite3_bind_int64(stmt, 9, d->stage_id);
	bind_text(stmt, 10, d->channel ? d->channel : "other");
	sqlite3_bind_int(stmt, 11, d->key_account);
	if (d->score >= 0)
		sqlite3_bind_int(stmt, 12, d->score);
	bind_text(stmt, 13, status_sql(d->status));
	bind_text(stmt, 14, d->lost_reason);
	sqlite3_bind_int64(stmt, 15, (sqlite3_int64)d->created_at);
	sqlite3_bind_int64(stmt, 16, (sqlite3_int64)d->stage_entered_at);
	bind_time_or_null(stmt, 17, d->closed_at);
	bind_time_or_null(stmt, 18, d->next_followup_at);
	bind_time_or_null(stmt, 19, d->last_contact_at);
	sqlite3_bind_int(stmt, 20, d->unanswered);
	bind_text(stmt, 21, d->notes ? d->notes : "");
	bind_text(stmt, 22, d->external_key);
	sqlite3_bind_int64(stmt, 23, (sqlite3_int64)(d->updated_at ? d->updated_at : d->created_at));
	if (d->status != DEAL_OPEN)
		sqlite3_bind_int64(stmt, 24, clock_day(d->closed_at) - clock_day(d->created_at));
	if (store_step_done(st, stmt, "adding a deal") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_history_insert(struct store *st, const struct history_entry *h)
{
	sqlite3_stmt *stmt = store_stmt(
		st, "INSERT INTO stage_history(deal_id, at, who, from_stage_id, to_stage_id, "
		    "from_status, to_status) VALUES(?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, h->deal_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)h->at);
	bind_text(stmt, 3, h->who ? h->who : st->who);
	if (h->from_stage_id) {
		sqlite3_bind_int64(stmt, 4, h->from_stage_id);
		bind_text(stmt, 6, status_sql(h->from_status));
	}
	sqlite3_bind_int64(stmt, 5, h->to_stage_id);
	bind_text(stmt, 7, status_sql(h->to_status));
	return store_step_done(st, stmt, "recording history");
}

int store_activity_insert(struct store *st, const struct activity *a)
{
	sqlite3_stmt *stmt = store_stmt(
		st, "INSERT INTO activities(deal_id, at, who, channel, kind, direction, outcome, "
		    "note) VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, a->deal_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)a->at);
	bind_text(stmt, 3, a->who ? a->who : st->who);
	bind_text(stmt, 4, a->channel);
	bind_text(stmt, 5, a->kind ? a->kind : "follow-up");
	bind_text(stmt, 6, direction_name(a->direction));
	bind_text(stmt, 7, outcome_name(a->outcome));
	bind_text(stmt, 8, a->note ? a->note : "");
	return store_step_done(st, stmt, "logging a follow-up");
}

int store_objection_insert(struct store *st, const struct objection *o)
{
	sqlite3_stmt *stmt = store_stmt(
		st, "INSERT INTO objections(deal_id, at, who, category, said, response, state) "
		    "VALUES(?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		return -1;
	sqlite3_bind_int64(stmt, 1, o->deal_id);
	sqlite3_bind_int64(stmt, 2, (sqlite3_int64)o->at);
	bind_text(stmt, 3, o->who ? o->who : st->who);
	bind_text(stmt, 4, o->category);
	bind_text(stmt, 5, o->said);
	bind_text(stmt, 6, o->response ? o->response : "");
	bind_text(stmt, 7, objection_state_name(o->state));
	return store_step_done(st, stmt, "logging an objection");
}
