/* The store's maintenance: plumb check and plumb backup. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plumb/store.h"
#include "plumb/util.h"
#include "store_internal.h"

static void check_query(struct store *st, const char *sql, const char *problem,
			struct strbuf *report, bool *ok)
{
	sqlite3_stmt *stmt = store_stmt(st, sql);
	if (!stmt) {
		strbuf_printf(report, "%s\n", err_msg());
		*ok = false;
		return;
	}
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(stmt, 0);
		if (n > 0) {
			strbuf_printf(report, "%lld %s\n", (long long)n, problem);
			*ok = false;
		}
	} else {
		strbuf_printf(report, "%s: %s\n", problem, sqlite3_errmsg(st->db));
		*ok = false;
	}
	sqlite3_reset(stmt);
}

/*
 * FTS5 compares its index with the deals only through a command written
 * as an INSERT, so a read-only connection cannot run it; and while changes
 * by another program wait in the log, the two differ by design.
 */
static void check_text_index(struct store *st, struct strbuf *report, bool *ok)
{
	bool pending;

	if (st->read_only || text_index_pending(st, &pending) != 0 || pending) {
		err_clear();
		return;
	}
	if (sqlite3_exec(st->db, "INSERT INTO deal_text(deal_text, rank) VALUES('integrity-check', 1)",
			 NULL, NULL, NULL) != SQLITE_OK) {
		strbuf_printf(report, "the text index disagrees with the deals: %s\n",
			      sqlite3_errmsg(st->db));
		*ok = false;
	}
}

int store_check(struct store *st, bool *ok, char **report_out)
{
	struct strbuf report;
	sqlite3_stmt *stmt;
	int rc;

	*ok = true;
	strbuf_init(&report);
	stmt = store_stmt(st, "PRAGMA integrity_check");
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(stmt, 0);
		if (line && strcmp(line, "ok") != 0) {
			strbuf_printf(&report, "%s\n", line);
			*ok = false;
		}
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		strbuf_free(&report);
		return store_fail(st, "checking integrity");
	}
	check_query(st, "SELECT count(*) FROM pragma_foreign_key_check",
		    "rows point at missing deals or stages", &report, ok);
	check_query(st,
		    "SELECT count(*) FROM deals d WHERE NOT EXISTS ("
		    "SELECT 1 FROM stage_history h WHERE h.deal_id = d.id AND h.from_status IS NULL)",
		    "deals have no creation row in stage_history", &report, ok);
	check_query(st,
		    "SELECT count(*) FROM deals d WHERE d.status <> 'open' AND NOT EXISTS ("
		    "SELECT 1 FROM stage_history h WHERE h.deal_id = d.id AND h.to_status = d.status)",
		    "closed deals have no close row in stage_history", &report, ok);
	check_query(st,
		    "WITH actual AS (SELECT stage_id, status, owner, count(*), sum(value_minor) "
		    "FROM deals GROUP BY 1, 2, 3), "
		    "kept AS (SELECT stage_id, status, owner, deals, value_minor "
		    "FROM stage_totals WHERE deals <> 0) "
		    "SELECT (SELECT count(*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM kept)) "
		    "+ (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM actual))",
		    "stage totals disagree with the deals", &report, ok);
	check_query(st,
		    "SELECT count(*) FROM open_counts c WHERE deals <> (SELECT count(*) FROM deals d "
		    "WHERE d.status = 'open' AND (c.everyone = 1 OR d.owner = c.owner) AND "
		    "CASE c.kind WHEN 'created' THEN d.created_at ELSE d.next_followup_at END < c.bound)",
		    "kept open-deal counts disagree with the deals", &report, ok);
	check_text_index(st, &report, ok);
	*report_out = strbuf_detach(&report);
	return 0;
}

int store_backup(struct store *st, const char *dest_path)
{
	sqlite3 *dest = NULL;
	sqlite3_backup *bk;
	struct stat sb;
	int rc;

	if (lstat(dest_path, &sb) == 0) {
		err_set("%s exists; choose a new file name for the backup", dest_path);
		return -1;
	}
	if (check_sidecars(dest_path) != 0 || create_file(dest_path, false) != 0)
		return -1;
	if (sqlite3_open_v2(dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
			    NULL) != SQLITE_OK) {
		err_set("cannot open %s: %s", dest_path, dest ? sqlite3_errmsg(dest) : "?");
		goto fail;
	}
	bk = sqlite3_backup_init(dest, "main", st->db, "main");
	if (!bk) {
		err_set("backing up to %s: %s", dest_path, sqlite3_errmsg(dest));
		goto fail;
	}
	/* In steps, so writers are not held off for the whole copy. */
	do {
		rc = sqlite3_backup_step(bk, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		err_set("backing up to %s: %s", dest_path, sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_close(dest);
	return 0;
fail:
	if (dest)
		sqlite3_close(dest);
	unlink(dest_path);
	return -1;
}
