#include "plumb/schema.h"

#include <sqlite3.h>
#include <stdio.h>

#include "plumb/util.h"

/*
 * Version 1. Times are INTEGER seconds since the epoch, UTC; money is
 * INTEGER minor units. cycle_days is the local-calendar days from entering
 * the pipeline to closing, fixed when the deal closes, so the average cycle
 * is an indexed aggregate rather than a date computation per row.
 * CHECKs compare with OR, not IN (...): SQLite builds a temporary table
 * for an IN list on every row written, which made bulk loads 2x slower.
 * Indexes follow the queries: per-stage board pages
 * (keyset on created_at, id), open deals by age, stage time, follow-up due,
 * unanswered streak, closes in a window, and timelines by deal. The
 * columns after the range column make the stats and standup aggregates
 * covering (owner filter, channel, value, cycle) so they never read deal
 * rows; objections_by_deal lets the objection join visit deals in rowid
 * order, which is several times faster than in time order.
 * stage_totals is kept by triggers so column headers cost nothing at any
 * size, whoever writes the file.
 */
static const char schema_v1[] =
	"CREATE TABLE rules("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"

	"CREATE TABLE stages("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK(length(name) BETWEEN 1 AND 64),"
	"  position INTEGER NOT NULL UNIQUE CHECK(position > 0),"
	"  probability INTEGER NOT NULL DEFAULT 0 CHECK(probability BETWEEN 0 AND 100),"
	"  rot_days INTEGER CHECK(rot_days IS NULL OR rot_days > 0)"
	");"

	"CREATE TABLE deals("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  company TEXT NOT NULL DEFAULT '',"
	"  contact_name TEXT NOT NULL DEFAULT '',"
	"  contact_email TEXT NOT NULL DEFAULT '',"
	"  contact_phone TEXT NOT NULL DEFAULT '',"
	"  value_minor INTEGER NOT NULL DEFAULT 0 CHECK(value_minor >= 0),"
	"  currency TEXT NOT NULL DEFAULT 'USD',"
	"  owner TEXT NOT NULL DEFAULT '',"
	"  stage_id INTEGER NOT NULL REFERENCES stages(id),"
	"  channel TEXT NOT NULL DEFAULT 'other',"
	"  key_account INTEGER NOT NULL DEFAULT 0 CHECK(key_account = 0 OR key_account = 1),"
	"  score INTEGER CHECK(score IS NULL OR score BETWEEN 0 AND 100),"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK(status = 'open' OR status = 'won' OR status = 'lost'),"
	"  lost_reason TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  stage_entered_at INTEGER NOT NULL,"
	"  closed_at INTEGER,"
	"  cycle_days INTEGER,"
	"  next_followup_at INTEGER,"
	"  last_contact_at INTEGER,"
	"  unanswered INTEGER NOT NULL DEFAULT 0 CHECK(unanswered >= 0),"
	"  notes TEXT NOT NULL DEFAULT '',"
	"  external_key TEXT,"
	"  updated_at INTEGER NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  CHECK((status = 'open') = (closed_at IS NULL)),"
	"  CHECK((status = 'open') = (cycle_days IS NULL))"
	");"
	"CREATE INDEX deals_board ON deals(status, stage_id, created_at);"
	"CREATE INDEX deals_owner_board ON deals(owner, status, stage_id, created_at);"
	"CREATE INDEX deals_age ON deals(status, created_at, owner, channel);"
	"CREATE INDEX deals_stage_time ON deals(status, stage_id, stage_entered_at, owner);"
	"CREATE INDEX deals_followup ON deals(status, next_followup_at, owner);"
	"CREATE INDEX deals_unanswered ON deals(status, unanswered, owner);"
	"CREATE INDEX deals_closed ON deals(status, closed_at, owner, channel, cycle_days, value_minor);"
	"CREATE INDEX deals_lost_reason ON deals(lost_reason, closed_at, owner) WHERE status = 'lost';"
	"CREATE INDEX deals_key_account ON deals(status, owner, key_account) WHERE key_account = 1;"
	"CREATE UNIQUE INDEX deals_external_key ON deals(external_key)"
	"  WHERE external_key IS NOT NULL;"

	"CREATE TABLE stage_history("
	"  id INTEGER PRIMARY KEY,"
	"  deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  who TEXT NOT NULL DEFAULT '',"
	"  from_stage_id INTEGER REFERENCES stages(id),"
	"  to_stage_id INTEGER NOT NULL REFERENCES stages(id),"
	"  from_status TEXT CHECK(from_status IS NULL OR from_status = 'open' OR "
	"    from_status = 'won' OR from_status = 'lost'),"
	"  to_status TEXT NOT NULL CHECK(to_status = 'open' OR to_status = 'won' OR to_status = 'lost')"
	");"
	"CREATE INDEX history_by_deal ON stage_history(deal_id, at);"
	"CREATE INDEX history_by_time ON stage_history(at, to_status, from_stage_id, deal_id);"

	"CREATE TABLE activities("
	"  id INTEGER PRIMARY KEY,"
	"  deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  who TEXT NOT NULL DEFAULT '',"
	"  channel TEXT NOT NULL,"
	"  kind TEXT NOT NULL DEFAULT 'follow-up',"
	"  direction TEXT NOT NULL CHECK(direction = 'outbound' OR direction = 'inbound'),"
	"  outcome TEXT NOT NULL CHECK(outcome = 'replied' OR outcome = 'no-response' OR outcome = 'meeting' OR outcome = 'other'),"
	"  note TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX activities_by_deal ON activities(deal_id, at);"
	"CREATE INDEX activities_by_time ON activities(at);"

	"CREATE TABLE objections("
	"  id INTEGER PRIMARY KEY,"
	"  deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,"
	"  at INTEGER NOT NULL,"
	"  who TEXT NOT NULL DEFAULT '',"
	"  category TEXT NOT NULL,"
	"  said TEXT NOT NULL,"
	"  response TEXT NOT NULL DEFAULT '',"
	"  state TEXT NOT NULL CHECK(state = 'open' OR state = 'acknowledged' OR state = 'resolved')"
	");"
	"CREATE INDEX objections_by_deal ON objections(deal_id, at, category, state, response);"
	"CREATE INDEX objections_unresolved ON objections(at) WHERE state <> 'resolved';"
	"CREATE INDEX objections_by_category ON objections(category, state);"

	"CREATE TABLE stage_totals("
	"  stage_id INTEGER NOT NULL,"
	"  status TEXT NOT NULL,"
	"  owner TEXT NOT NULL,"
	"  deals INTEGER NOT NULL,"
	"  value_minor INTEGER NOT NULL,"
	"  PRIMARY KEY(stage_id, status, owner)"
	") WITHOUT ROWID;"
	/* Undo/redo of a board session: full images of a deal and its rows
	 * before and after each change (JSON made by store_journal.c, which
	 * lists every column of deals; keep the two in step). */
	"CREATE TABLE journal("
	"  id INTEGER PRIMARY KEY,"
	"  session TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  deal_id INTEGER NOT NULL,"
	"  action TEXT NOT NULL,"
	"  before TEXT,"
	"  after TEXT,"
	"  undone INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE INDEX journal_by_session ON journal(session, undone, id);"

	/* The average cycle of a window, remembered until a won deal changes,
	 * so opening the board does not re-add a year of wins each time. */
	"CREATE TABLE cycle_cache("
	"  since INTEGER NOT NULL,"
	"  owner TEXT NOT NULL,"
	"  won INTEGER NOT NULL,"
	"  total_days INTEGER NOT NULL,"
	"  PRIMARY KEY(since, owner)"
	") WITHOUT ROWID;"
	"CREATE TRIGGER cycle_cache_insert AFTER INSERT ON deals WHEN NEW.status = 'won' BEGIN"
	"  DELETE FROM cycle_cache;"
	"END;"
	"CREATE TRIGGER cycle_cache_delete AFTER DELETE ON deals WHEN OLD.status = 'won' BEGIN"
	"  DELETE FROM cycle_cache;"
	"END;"
	"CREATE TRIGGER cycle_cache_update"
	"  AFTER UPDATE OF status, closed_at, cycle_days, owner ON deals"
	"  WHEN OLD.status = 'won' OR NEW.status = 'won' BEGIN"
	"  DELETE FROM cycle_cache;"
	"END;"

	"CREATE TRIGGER deals_totals_insert AFTER INSERT ON deals BEGIN"
	"  INSERT INTO stage_totals(stage_id, status, owner, deals, value_minor)"
	"    VALUES(NEW.stage_id, NEW.status, NEW.owner, 1, NEW.value_minor)"
	"    ON CONFLICT(stage_id, status, owner) DO UPDATE SET"
	"      deals = deals + 1, value_minor = value_minor + excluded.value_minor;"
	"END;"
	"CREATE TRIGGER deals_totals_delete AFTER DELETE ON deals BEGIN"
	"  UPDATE stage_totals SET deals = deals - 1, value_minor = value_minor - OLD.value_minor"
	"    WHERE stage_id = OLD.stage_id AND status = OLD.status AND owner = OLD.owner;"
	"END;"
	"CREATE TRIGGER deals_totals_update"
	"  AFTER UPDATE OF stage_id, status, owner, value_minor ON deals BEGIN"
	"  UPDATE stage_totals SET deals = deals - 1, value_minor = value_minor - OLD.value_minor"
	"    WHERE stage_id = OLD.stage_id AND status = OLD.status AND owner = OLD.owner;"
	"  INSERT INTO stage_totals(stage_id, status, owner, deals, value_minor)"
	"    VALUES(NEW.stage_id, NEW.status, NEW.owner, 1, NEW.value_minor)"
	"    ON CONFLICT(stage_id, status, owner) DO UPDATE SET"
	"      deals = deals + 1, value_minor = value_minor + excluded.value_minor;"
	"END;";

/*
 * Version 2. The board's status bar counts open deals created before the
 * stall line and due before tomorrow: an index range as long as the
 * answer, 120,000 entries at a million deals, after every change. The
 * counts for the bounds in use are kept here instead, adjusted by
 * triggers on every write, whoever writes the file; store_open_count()
 * counts a new bound once. everyone = 1 rows count all owners (owner '').
 */
#define OPEN_COUNTS_MATCH(row)                                                   \
	"(everyone = 1 OR owner = " row ".owner) AND bound > CASE kind WHEN 'created' " \
	"THEN " row ".created_at ELSE " row ".next_followup_at END"
static const char schema_v2[] =
	"CREATE TABLE open_counts("
	"  kind TEXT NOT NULL CHECK(kind = 'created' OR kind = 'followup'),"
	"  everyone INTEGER NOT NULL CHECK(everyone = 0 OR everyone = 1),"
	"  owner TEXT NOT NULL,"
	"  bound INTEGER NOT NULL,"
	"  deals INTEGER NOT NULL,"
	"  PRIMARY KEY(kind, everyone, owner, bound)"
	") WITHOUT ROWID;"
	"CREATE TRIGGER open_counts_insert AFTER INSERT ON deals WHEN NEW.status = 'open' BEGIN"
	"  UPDATE open_counts SET deals = deals + 1 WHERE " OPEN_COUNTS_MATCH("NEW") ";"
	"END;"
	"CREATE TRIGGER open_counts_delete AFTER DELETE ON deals WHEN OLD.status = 'open' BEGIN"
	"  UPDATE open_counts SET deals = deals - 1 WHERE " OPEN_COUNTS_MATCH("OLD") ";"
	"END;"
	"CREATE TRIGGER open_counts_update"
	"  AFTER UPDATE OF status, created_at, next_followup_at, owner ON deals"
	"  WHEN OLD.status = 'open' OR NEW.status = 'open' BEGIN"
	"  UPDATE open_counts SET deals = deals - 1"
	"    WHERE OLD.status = 'open' AND " OPEN_COUNTS_MATCH("OLD") ";"
	"  UPDATE open_counts SET deals = deals + 1"
	"    WHERE NEW.status = 'open' AND " OPEN_COUNTS_MATCH("NEW") ";"
	"END;";

/*
 * Version 3. The board's "/" filter finds text anywhere in a deal's title,
 * company, contact or owner. A LIKE scan reads every row of a stage for a
 * rare term (0.4 s at a million deals); a trigram index finds the few
 * candidates in milliseconds, and store_query.c checks each with the same
 * LIKE, so the answer is the scan's. Triggers cannot write an FTS5 table
 * while trusted_schema is off (plumb's hardening), so they log each deal
 * whose text changed, with the text the index holds for it (indexed = 1),
 * and every write transaction of plumb's applies the log before COMMIT
 * (store.c). Readers add the logged deals to the candidates, so a change
 * by another program is found before it is applied. INSERT OR IGNORE keeps
 * a deal's first entry: the text the index still has. The index keeps
 * no positions and no column sizes (nothing is ranked): smaller, and 14%
 * faster to build after a bulk load.
 */
#define TEXT_CHANGED(o, n)                                                           \
	o ".title IS NOT " n ".title OR " o ".company IS NOT " n ".company OR " o \
	".contact_name IS NOT " n ".contact_name OR " o ".owner IS NOT " n ".owner"
static const char schema_v3[] =
	"CREATE VIRTUAL TABLE deal_text USING fts5(title, company, contact_name, owner,"
	"  content = 'deals', content_rowid = 'id', tokenize = 'trigram', detail = 'none',"
	"  columnsize = 0);"
	"CREATE TABLE deal_text_pending("
	"  deal_id INTEGER PRIMARY KEY,"
	"  indexed INTEGER NOT NULL CHECK(indexed = 0 OR indexed = 1),"
	"  title TEXT, company TEXT, contact_name TEXT, owner TEXT"
	");"
	"CREATE TRIGGER deal_text_insert AFTER INSERT ON deals BEGIN"
	"  INSERT OR IGNORE INTO deal_text_pending(deal_id, indexed) VALUES(NEW.id, 0);"
	"END;"
	"CREATE TRIGGER deal_text_delete AFTER DELETE ON deals BEGIN"
	"  INSERT OR IGNORE INTO deal_text_pending VALUES(OLD.id, 1, OLD.title, OLD.company,"
	"    OLD.contact_name, OLD.owner);"
	"END;"
	"CREATE TRIGGER deal_text_update AFTER UPDATE OF title, company, contact_name, owner"
	"  ON deals WHEN " TEXT_CHANGED("OLD", "NEW") " BEGIN"
	"  INSERT OR IGNORE INTO deal_text_pending VALUES(OLD.id, 1, OLD.title, OLD.company,"
	"    OLD.contact_name, OLD.owner);"
	"END;"
	"INSERT INTO deal_text(deal_text) VALUES('rebuild');";

static const char *const migrations[] = {
	schema_v1,
	schema_v2,
	schema_v3,
};

int schema_version(void)
{
	return (int)ARRAY_LEN(migrations);
}

int schema_migrate(sqlite3 *db, int from)
{
	char *errmsg = NULL;

	for (int v = from; v < schema_version(); v++) {
		if (sqlite3_exec(db, migrations[v], NULL, NULL, &errmsg) != SQLITE_OK) {
			err_set("migrating the database to schema version %d: %s", v + 1,
				errmsg ? errmsg : sqlite3_errmsg(db));
			sqlite3_free(errmsg);
			return -1;
		}
	}
	/* PRAGMAs take no bound parameters; the values are our own integers. */
	char sql[96];
	snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; PRAGMA user_version = %d;",
		 SCHEMA_APPLICATION_ID, schema_version());
	if (sqlite3_exec(db, sql, NULL, NULL, &errmsg) != SQLITE_OK) {
		err_set("setting the schema version: %s", errmsg ? errmsg : sqlite3_errmsg(db));
		sqlite3_free(errmsg);
		return -1;
	}
	return 0;
}
