#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "plumb/clock.h"
#include "plumb/schema.h"
#include "plumb/util.h"
#include "../../src/store_internal.h"
#include "test.h"

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	fclose(f);
	return buf;
}

static int count_rows(struct store *st, const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int n = -1;
	(void)st;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return n;
}

TEST(new_database_is_private)
{
	const char *path = test_tmp_path("private/sub/p.db");
	struct store *st = NULL;
	struct stat sb;

	CHECK(store_open(path, STORE_CREATE, &st) == 0);
	store_close(st);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	CHECK(stat(test_tmp_path("private/sub"), &sb) == 0 && (sb.st_mode & 0777) == 0700);
}

TEST(newer_schema_is_refused_untouched)
{
	const char *path = test_tmp_path("newer.db");
	sqlite3 *db;
	size_t len1, len2;
	struct store *st = NULL;

	unlink(path);
	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	char sql[128];
	snprintf(sql, sizeof(sql), "CREATE TABLE x(a); PRAGMA application_id = %d; "
				   "PRAGMA user_version = 99;", SCHEMA_APPLICATION_ID);
	CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	char *before = read_file(path, &len1);
	CHECK(store_open(path, 0, &st) != 0);
	CHECK(strstr(err_msg(), "newer") != NULL);
	char *after = read_file(path, &len2);
	CHECK(before && after && len1 == len2 && memcmp(before, after, len1) == 0);
	CHECK(access(test_tmp_path("newer.db-wal"), F_OK) != 0);
	free(before);
	free(after);
}

TEST(foreign_files_are_refused)
{
	const char *text = test_tmp_path("notes.txt");
	FILE *f = fopen(text, "w");
	fputs("this is not a database, but it is long enough to have a header of 100 bytes "
	      "......................................................\n", f);
	fclose(f);
	struct store *st = NULL;
	CHECK(store_open(text, 0, &st) != 0);
	CHECK(strstr(err_msg(), "not a plumb database") != NULL);

	const char *other = test_tmp_path("other.db");
	sqlite3 *db;
	unlink(other);
	sqlite3_open(other, &db);
	sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK(store_open(other, 0, &st) != 0);
	CHECK(strstr(err_msg(), "not a plumb database") != NULL);
	CHECK(store_open(test_tmp_path("missing.db"), 0, &st) != 0);
	CHECK(strstr(err_msg(), "no pipeline") != NULL);
}

TEST(changes_write_history)
{
	struct store *st = test_store("history.db");
	const char *path = test_tmp_path("history.db");
	int64_t id = test_add(st, "Deal", 1);

	test_env("UTC", "2026-06-20T10:00:00");
	CHECK(store_deal_move(st, id, test_stage_id(st, 3)) == 0);
	CHECK(store_deal_close(st, id, DEAL_WON, NULL) == 0);
	CHECK(store_deal_close(st, id, DEAL_LOST, "x") != 0); /* already closed */
	CHECK(store_deal_move(st, id, test_stage_id(st, 2)) == 0); /* reopen */
	struct deal d;
	CHECK(store_deal_get(st, id, &d) == 0);
	CHECK_INT(d.status, DEAL_OPEN);
	CHECK_INT(d.closed_at, 0);
	CHECK_INT(d.stage_id, test_stage_id(st, 2));
	deal_clear(&d);
	CHECK_INT(count_rows(st, path, "SELECT count(*) FROM stage_history"), 4);
	bool ok = false;
	char *report = NULL;
	CHECK(store_check(st, &ok, &report) == 0 && ok);
	free(report);
	CHECK(store_deal_delete(st, id) == 0);
	CHECK_INT(count_rows(st, path, "SELECT count(*) FROM stage_history"), 0);
	CHECK(store_deal_get(st, id, &d) != 0);
	CHECK(strstr(err_msg(), "no deal with id") != NULL);
	store_close(st);
}

TEST(won_deal_records_cycle_days)
{
	test_env("UTC", "2026-01-01T09:00:00");
	struct store *st = test_store("cycle.db");
	int64_t id = test_add(st, "Deal", 1);
	test_env("UTC", "2026-02-10T17:00:00");
	CHECK(store_deal_close(st, id, DEAL_WON, NULL) == 0);
	struct deal d;
	CHECK(store_deal_get(st, id, &d) == 0);
	CHECK_INT(d.cycle_days, 40);
	deal_clear(&d);
	store_close(st);
}

TEST(stale_version_is_refused)
{
	struct store *st = test_store("stale.db");
	int64_t id = test_add(st, "Deal", 1);
	struct deal d;
	CHECK(store_deal_get(st, id, &d) == 0);
	int64_t seen = d.version;
	deal_clear(&d);
	CHECK(store_deal_move(st, id, test_stage_id(st, 2)) == 0); /* someone else */
	store_expect_version(st, seen);
	CHECK(store_deal_move(st, id, test_stage_id(st, 3)) != 0);
	CHECK(strstr(err_msg(), "changed by someone else") != NULL);
	CHECK(store_deal_get(st, id, &d) == 0);
	CHECK_INT(d.stage_id, test_stage_id(st, 2));
	deal_clear(&d);
	store_close(st);
}

TEST(follow_up_streak)
{
	struct store *st = test_store("streak.db");
	int64_t id = test_add(st, "Deal", 1);
	struct activity_input in = { .channel = "email", .direction = DIR_OUTBOUND,
				     .outcome = OUTCOME_NO_RESPONSE };
	struct deal d;

	CHECK(store_activity_add(st, id, &in, NULL) == 0);
	CHECK(store_activity_add(st, id, &in, NULL) == 0);
	CHECK(store_deal_get(st, id, &d) == 0);
	CHECK_INT(d.unanswered, 2);
	CHECK_INT(clock_day(d.next_followup_at), clock_today() + 3);
	deal_clear(&d);
	in.outcome = OUTCOME_REPLIED;
	CHECK(store_activity_add(st, id, &in, NULL) == 0);
	CHECK(store_deal_get(st, id, &d) == 0);
	CHECK_INT(d.unanswered, 0);
	deal_clear(&d);
	in.channel = "carrier-pigeon";
	CHECK(store_activity_add(st, id, &in, NULL) != 0);
	store_close(st);
}

TEST(rules_round_trip)
{
	struct store *st = test_store("rules.db");
	struct rules r;
	CHECK(store_rule_set(st, "ideal_cycle", "21") == 0);
	CHECK(store_rule_set(st, "ideal_cycle", "0") != 0);
	CHECK(store_rule_set(st, "nonsense", "1") != 0);
	CHECK(store_rule_set(st, "channels", "email,phone") != 0); /* needs other */
	CHECK(store_rule_set(st, "channels", "email,phone,other") == 0);
	CHECK(store_rules(st, &r) == 0);
	CHECK_INT(r.ideal_cycle_days, 21);
	CHECK_STR(r.channels, "email,phone,other");
	CHECK_INT(r.max_unanswered, 6);
	rules_clear(&r);
	store_close(st);
}

/* A column reloaded runs the statement it ran before, not a new one. */
TEST(reloads_reuse_built_statements)
{
	struct store *st = test_store("built.db");
	test_add(st, "D1", 1);
	struct deal_query q = { .status = STATUS_OPEN, .stage_id = test_stage_id(st, 1),
				.order = ORDER_BOARD, .limit = 10 };
	struct deal_iter *it;
	struct deal d;
	sqlite3_stmt *first = NULL;
	for (int reload = 0; reload < 3; reload++) {
		CHECK(store_query(st, &q, &it) == 0);
		CHECK_INT((long long)st->built_len, 0); /* taken from the cache */
		CHECK_INT(deal_iter_next(it, &d), 1);
		CHECK_STR(d.title, "D1");
		deal_clear(&d);
		deal_iter_free(it);
		CHECK_INT((long long)st->built_len, 1);
		if (!first)
			first = st->built[0];
		CHECK(st->built[0] == first);
	}
	/* The cache stays bounded. */
	char sql[32];
	for (int i = 0; i < BUILT_CACHE_SIZE + 8; i++) {
		snprintf(sql, sizeof(sql), "SELECT %d", i);
		sqlite3_stmt *stmt = store_built(st, sql);
		CHECK(stmt != NULL);
		store_built_release(st, stmt);
	}
	CHECK_INT((long long)st->built_len, BUILT_CACHE_SIZE);
	store_close(st);
}

TEST(board_pages_use_keyset)
{
	struct store *st = test_store("pages.db");
	char title[32];
	for (int i = 0; i < 25; i++) {
		snprintf(title, sizeof(title), "D%02d", i);
		test_add(st, title, 1);
	}
	struct deal_query q = { .status = STATUS_OPEN, .stage_id = test_stage_id(st, 1),
				.order = ORDER_BOARD, .limit = 10 };
	struct deal_iter *it;
	struct deal d;
	int seen = 0;
	for (int page = 0; page < 3; page++) {
		CHECK(store_query(st, &q, &it) == 0);
		int n = 0;
		while (deal_iter_next(it, &d) == 1) {
			snprintf(title, sizeof(title), "D%02d", seen);
			CHECK_STR(d.title, title);
			q.has_after = true;
			q.after_created = d.created_at;
			q.after_id = d.id;
			seen++;
			n++;
			deal_clear(&d);
		}
		deal_iter_free(it);
		CHECK_INT(n, page < 2 ? 10 : 5);
	}
	int64_t count, value;
	struct deal_query all = { .status = STATUS_OPEN };
	CHECK(store_count(st, &all, &count, &value) == 0);
	CHECK_INT(count, 25);
	store_close(st);
}

TEST(totals_follow_changes)
{
	struct store *st = test_store("totals.db");
	struct deal_input in = { 0 };
	int64_t id;
	in.title = "Big";
	in.value_minor = 500000;
	in.owner = "ann";
	DEAL_SET(&in, FIELD_TITLE);
	DEAL_SET(&in, FIELD_VALUE);
	DEAL_SET(&in, FIELD_OWNER);
	CHECK(store_deal_add(st, &in, &id) == 0);
	test_add(st, "Other", 1);
	struct stage_total *t;
	size_t n;
	CHECK(store_stage_totals(st, "ann", &t, &n) == 0);
	CHECK_INT(n, 1);
	CHECK_INT(t[0].deals, 1);
	CHECK_INT(t[0].value_minor, 500000);
	free(t);
	CHECK(store_deal_move(st, id, test_stage_id(st, 2)) == 0);
	CHECK(store_stage_totals(st, NULL, &t, &n) == 0);
	int64_t in_first = 0, in_second = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i].stage_id == test_stage_id(st, 1))
			in_first += t[i].deals;
		if (t[i].stage_id == test_stage_id(st, 2))
			in_second += t[i].deals;
	}
	CHECK_INT(in_first, 1);
	CHECK_INT(in_second, 1);
	free(t);
	store_close(st);
}

/* The kept count must always equal the index range it replaces. */
static void check_open_count(struct store *st, enum open_count_kind kind, time_t before,
			     const char *owner)
{
	struct deal_query q = { .status = STATUS_OPEN, .owner = owner };
	int64_t kept = -1, scanned = -2;

	if (kind == OPEN_CREATED)
		q.created_before = before;
	else
		q.followup_before = before;
	CHECK(store_open_count(st, kind, before, owner, &kept) == 0);
	CHECK(store_count(st, &q, &scanned, NULL) == 0);
	CHECK_INT(kept, scanned);
}

static void check_all_open_counts(struct store *st, time_t created, time_t followup)
{
	check_open_count(st, OPEN_CREATED, created, NULL);
	check_open_count(st, OPEN_CREATED, created, "ann");
	check_open_count(st, OPEN_FOLLOWUP, followup, NULL);
	check_open_count(st, OPEN_FOLLOWUP, followup, "ann");
}

TEST(open_counts_follow_changes)
{
	struct store *st = test_store("open_counts.db");
	struct deal_input in = { 0 };
	struct activity_input log = { .channel = "email", .direction = DIR_OUTBOUND,
				      .outcome = OUTCOME_NO_RESPONSE };
	time_t created = clock_day_start(clock_today() + 1);
	time_t followup = clock_day_start(clock_today() + 4);
	int64_t a, b, c;
	bool ok;
	char *report;

	in.title = "Ann's";
	in.owner = "ann";
	DEAL_SET(&in, FIELD_TITLE);
	DEAL_SET(&in, FIELD_OWNER);
	CHECK(store_deal_add(st, &in, &a) == 0);
	b = test_add(st, "Other", 1);
	check_all_open_counts(st, created, followup);
	CHECK_INT(count_rows(st, test_tmp_path("open_counts.db"),
			     "SELECT count(*) FROM open_counts"), 4);
	CHECK(store_deal_add(st, &in, &c) == 0);
	check_all_open_counts(st, created, followup);
	CHECK(store_activity_add(st, a, &log, NULL) == 0); /* next follow-up in 3 days */
	check_all_open_counts(st, created, followup);
	CHECK(store_deal_move(st, b, test_stage_id(st, 2)) == 0);
	CHECK(store_deal_close(st, c, DEAL_WON, NULL) == 0);
	check_all_open_counts(st, created, followup);
	in.owner = "bob";
	CHECK(store_deal_update(st, a, &in) == 0);
	check_all_open_counts(st, created, followup);
	CHECK(store_deal_delete(st, b) == 0);
	check_all_open_counts(st, created, followup);
	/* A new bound replaces the old one of its kind and owner. */
	check_open_count(st, OPEN_CREATED, created + 86400, NULL);
	CHECK_INT(count_rows(st, test_tmp_path("open_counts.db"),
			     "SELECT count(*) FROM open_counts"), 4);
	CHECK(store_check(st, &ok, &report) == 0);
	CHECK(ok);
	free(report);
	store_close(st);
}

TEST(read_only_store_refuses_changes)
{
	struct store *st = test_store("ro.db");
	test_add(st, "Deal", 1);
	store_close(st);
	CHECK(store_open(test_tmp_path("ro.db"), STORE_READ_ONLY, &st) == 0);
	CHECK(store_read_only(st));
	struct deal d;
	CHECK(store_deal_get(st, 1, &d) == 0);
	deal_clear(&d);
	CHECK(store_deal_move(st, 1, test_stage_id(st, 2)) != 0);
	CHECK(strstr(err_msg(), "read-only") != NULL);
	store_close(st);
}

static int collect(const struct timeline_item *item, void *p)
{
	struct {
		int *kinds;
		int *n;
	} *c = p;
	if (*c->n < 8)
		c->kinds[(*c->n)++] = (int)item->kind;
	return 0;
}

TEST(timeline_is_newest_first)
{
	test_env("UTC", "2026-06-01T10:00:00");
	struct store *st = test_store("timeline.db");
	int64_t id = test_add(st, "Deal", 1);
	test_env("UTC", "2026-06-02T10:00:00");
	struct activity_input in = { .channel = "phone", .outcome = OUTCOME_REPLIED };
	CHECK(store_activity_add(st, id, &in, NULL) == 0);
	test_env("UTC", "2026-06-03T10:00:00");
	struct objection_input ob = { .category = "price", .said = "Too much" };
	CHECK(store_objection_add(st, id, &ob, NULL) == 0);
	test_env("UTC", "2026-06-04T10:00:00");
	CHECK(store_deal_move(st, id, test_stage_id(st, 2)) == 0);
	int kinds[8], n = 0;
	struct ctx {
		int *kinds;
		int *n;
	} c = { kinds, &n };
	CHECK(store_deal_timeline(st, id, collect, &c) == 0);
	CHECK_INT(n, 4);
	CHECK_INT(kinds[0], TIMELINE_HISTORY);
	CHECK_INT(kinds[1], TIMELINE_OBJECTION);
	CHECK_INT(kinds[2], TIMELINE_ACTIVITY);
	CHECK_INT(kinds[3], TIMELINE_HISTORY);
	store_close(st);
}

static void exec_raw(const char *path, const char *sql)
{
	sqlite3 *db;
	CHECK(sqlite3_open(path, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
}

/* The "/" filter through the text index must answer exactly as a scan. */
static void check_text_filter(struct store *st, const char *path, const char *needle)
{
	static const char *const statuses[] = { "open", NULL };
	char escaped[64], *e = escaped;
	for (const char *n = needle; *n && e < escaped + sizeof(escaped) - 3; n++) {
		if (*n == '%' || *n == '_' || *n == '\\')
			*e++ = '\\';
		*e++ = *n;
	}
	*e = '\0';
	char *like = sqlite3_mprintf("%%%s%%", escaped);
	for (size_t s = 0; s < ARRAY_LEN(statuses); s++) {
		char *sql = sqlite3_mprintf(
			"SELECT count(*) FROM deals WHERE (%Q IS NULL OR status = %Q) AND (title LIKE %Q "
			"ESCAPE '\\' OR company LIKE %Q ESCAPE '\\' OR contact_name LIKE %Q ESCAPE "
			"'\\' OR owner LIKE %Q ESCAPE '\\')",
			statuses[s], statuses[s], like, like, like, like);
		int expected = count_rows(st, path, sql);
		sqlite3_free(sql);
		struct deal_query q = { .status = statuses[s] ? STATUS_OPEN : STATUS_ANY,
					.text = needle, .order = ORDER_BOARD };
		int64_t counted = -1;
		CHECK(store_count(st, &q, &counted, NULL) == 0);
		struct deal_iter *it;
		struct deal d;
		int listed = 0;
		CHECK(store_query(st, &q, &it) == 0);
		while (deal_iter_next(it, &d) == 1) {
			listed++;
			deal_clear(&d);
		}
		deal_iter_free(it);
		if (counted != expected || listed != expected)
			fprintf(stderr, "  needle '%s': scan %d, count %lld, listed %d\n", needle,
				expected, (long long)counted, listed);
		CHECK_INT(counted, expected);
		CHECK_INT(listed, expected);
	}
	sqlite3_free(like);
}

static void check_text_filters(struct store *st, const char *path)
{
	static const char *const needles[] = {
		"kestrel", "KESTREL", "Straße", "STRASSE", "quote \"x", "100%", "_", "ab", "東京",
		"東京ソフ", "Filler", "iller 1", "zzz", "e", "Ann", "ann's", "pilot", "🚀 Ro",
		/* FTS5 query syntax and SQL in the text are only text. */
		"\"\"\"", "\"\"", "AND", "OR kes", "NEAR(", "* ^", "'; DROP TABLE deals; --",
		"\x1b[31m", "\xff\xfe" "ab", "Filler 12", "ller 29",
		/* More trigrams than the plan probes: a spread of them is tried. */
		"title about the quarterly renewal of forty seats",
		"kestrel", /* again, last: the next round starts with what is kept */
	};
	for (size_t i = 0; i < ARRAY_LEN(needles); i++)
		check_text_filter(st, path, needles[i]);
}

TEST(text_filter_agrees_with_a_scan)
{
	struct store *st = test_store("text.db");
	const char *path = test_tmp_path("text.db");
	static const char *const titles[] = {
		"Kestrel pilot", "KESTREL renewal", "Ünïcode Straße", "quote \"x\" deal",
		"100% sure_thing", "ab", "東京ソフトウェア", "🚀 Rocket", "Plain",
		"Odd \"\"\" title", "NEAR( AND OR * ^ title", "x'; DROP TABLE deals; --",
		"Red \x1b[31m alert", "A long title about the quarterly renewal of forty seats",
	};
	struct deal_input in = { 0 };
	int64_t ann, ids[ARRAY_LEN(titles)];
	char title[32];
	bool ok;
	char *report;

	for (size_t i = 0; i < ARRAY_LEN(titles); i++)
		ids[i] = test_add(st, titles[i], 1 + (int)(i % 3));
	for (int i = 0; i < 300; i++) { /* a common term: the index is not used to list */
		snprintf(title, sizeof(title), "Filler %d", i);
		test_add(st, title, 1 + i % 4);
	}
	in.title = "Ann's deal";
	in.company = "Kestrel Analytics";
	in.owner = "ann";
	DEAL_SET(&in, FIELD_TITLE);
	DEAL_SET(&in, FIELD_COMPANY);
	DEAL_SET(&in, FIELD_OWNER);
	CHECK(store_deal_add(st, &in, &ann) == 0);
	check_text_filters(st, path);
	/* The index is asked for the rarest trigrams: " 12" (11 deals), not
	 * "Fil" (300). */
	struct deal_query rare = { .status = STATUS_ANY, .text = "Filler 12" };
	int64_t n;
	CHECK(store_count(st, &rare, &n, NULL) == 0);
	CHECK_INT(n, 11);
	CHECK(st->plan_query && strncmp(st->plan_query, "\" 12\"", 5) == 0);
	CHECK(st->plan_query && !strstr(st->plan_query, "\"Fil\""));
	/* Changes through the store update the index before they commit. */
	in.title = "Pilot for Ann";
	in.company = "Other Co";
	CHECK(store_deal_update(st, ann, &in) == 0);
	CHECK(store_deal_delete(st, ids[0]) == 0);
	CHECK(store_deal_close(st, ids[1], DEAL_WON, NULL) == 0);
	check_text_filters(st, path);
	CHECK_INT(count_rows(st, path, "SELECT count(*) FROM deal_text_pending"), 0);
	/* Changes by another program wait in the log, and are still found. */
	exec_raw(path, "PRAGMA foreign_keys = ON;"
		       "UPDATE deals SET title = 'Kestrel again' WHERE title = 'Plain';"
		       "UPDATE deals SET company = 'zzz corp' WHERE title = 'Filler 7';"
		       "DELETE FROM deals WHERE title = 'ab';"
		       "INSERT INTO deals(title, stage_id, created_at, stage_entered_at, updated_at) "
		       "SELECT 'Kestrel raw', id, 1, 1, 1 FROM stages ORDER BY position LIMIT 1;"
		       "INSERT INTO stage_history(deal_id, at, to_stage_id, to_status) "
		       "SELECT id, 1, stage_id, 'open' FROM deals WHERE title = 'Kestrel raw';");
	CHECK(count_rows(st, path, "SELECT count(*) FROM deal_text_pending") == 4);
	check_text_filters(st, path);
	/* The next change of this store applies them. */
	CHECK(store_deal_move(st, ids[2], test_stage_id(st, 2)) == 0);
	CHECK_INT(count_rows(st, path, "SELECT count(*) FROM deal_text_pending"), 0);
	check_text_filters(st, path);
	CHECK(store_check(st, &ok, &report) == 0);
	if (!ok)
		fprintf(stderr, "  %s", report);
	CHECK(ok);
	free(report);
	/* A damaged index is reported. */
	exec_raw(path, "INSERT INTO deal_text(deal_text, rowid, title, company, contact_name, owner) "
		       "SELECT 'delete', id, title, company, contact_name, owner FROM deals "
		       "WHERE title = 'Kestrel again'");
	CHECK(store_check(st, &ok, &report) == 0);
	CHECK(!ok);
	CHECK(strstr(report, "text index") != NULL);
	free(report);
	store_close(st);
}

TESTS(store) = {
	{ "store/new_database_is_private", new_database_is_private },
	{ "store/newer_schema_is_refused_untouched", newer_schema_is_refused_untouched },
	{ "store/foreign_files_are_refused", foreign_files_are_refused },
	{ "store/changes_write_history", changes_write_history },
	{ "store/won_deal_records_cycle_days", won_deal_records_cycle_days },
	{ "store/stale_version_is_refused", stale_version_is_refused },
	{ "store/follow_up_streak", follow_up_streak },
	{ "store/rules_round_trip", rules_round_trip },
	{ "store/reloads_reuse_built_statements", reloads_reuse_built_statements },
	{ "store/board_pages_use_keyset", board_pages_use_keyset },
	{ "store/totals_follow_changes", totals_follow_changes },
	{ "store/open_counts_follow_changes", open_counts_follow_changes },
	{ "store/read_only_store_refuses_changes", read_only_store_refuses_changes },
	{ "store/timeline_is_newest_first", timeline_is_newest_first },
	{ "store/text_filter_agrees_with_a_scan", text_filter_agrees_with_a_scan },
	END_TESTS,
};
