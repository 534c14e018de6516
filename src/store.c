#include "plumb/store.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plumb/clock.h"
#include "plumb/parse.h"
#include "plumb/schema.h"
#include "plumb/util.h"
#include "store_internal.h"


int store_fail(struct store *st, const char *what)
{
	int code = sqlite3_extended_errcode(st->db) & 0xFF;
	const char *msg = sqlite3_errmsg(st->db);

	st->last_error = code;
	switch (code) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		err_set("%s: the pipeline is busy (another plumb held it for over %d s); "
			"nothing was changed, try again", what, BUSY_TIMEOUT_MS / 1000);
		break;
	case SQLITE_READONLY:
		err_set("%s: %s is read-only; nothing was changed", what, st->path);
		break;
	case SQLITE_FULL:
		err_set("%s: the disk is full; nothing was changed", what);
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		err_set("%s: %s is damaged (%s); restore it from a backup", what, st->path, msg);
		break;
	case SQLITE_IOERR:
		err_set("%s: I/O error on %s (%s); nothing was changed", what, st->path, msg);
		break;
	case SQLITE_NOMEM:
		err_set("%s: out of memory%s", what, st->tx_depth > 0 ? "; nothing was changed" : "");
		break;
	default:
		err_set("%s: %s", what, msg);
		break;
	}
	if (st->tx_depth > 0)
		st->tx_failed = true;
	return -1;
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql)
{
	size_t i;

	for (i = 0; i < STMT_CACHE_SIZE && st->cache[i].sql; i++) {
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			return st->cache[i].stmt;
		}
	}
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) !=
	    SQLITE_OK) {
		store_fail(st, "preparing a query");
		return NULL;
	}
	if (i == STMT_CACHE_SIZE) {
		/* Full: evict the oldest entry. */
		sqlite3_finalize(st->cache[0].stmt);
		memmove(&st->cache[0], &st->cache[1], sizeof(st->cache[0]) * (STMT_CACHE_SIZE - 1));
		i = STMT_CACHE_SIZE - 1;
	}
	st->cache[i].sql = sql;
	st->cache[i].stmt = stmt;
	return stmt;
}

sqlite3_stmt *store_built(struct store *st, const char *sql)
{
	/* Newest first: the statement released last is the likeliest. */
	for (size_t i = st->built_len; i-- > 0;) {
		sqlite3_stmt *stmt = st->built[i];
		if (strcmp(sqlite3_sql(stmt), sql) == 0) {
			memmove(&st->built[i], &st->built[i + 1],
				sizeof(*st->built) * (st->built_len - i - 1));
			st->built_len--;
			return stmt;
		}
	}
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) !=
	    SQLITE_OK) {
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

void store_built_release(struct store *st, sqlite3_stmt *stmt)
{
	if (!stmt)
		return;
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	if (st->built_len == BUILT_CACHE_SIZE) {
		sqlite3_finalize(st->built[0]);
		memmove(&st->built[0], &st->built[1], sizeof(*st->built) * (BUILT_CACHE_SIZE - 1));
		st->built_len--;
	}
	st->built[st->built_len++] = stmt;
}

int store_step_done(struct store *st, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_fail(st, what);
		sqlite3_reset(stmt);
		return -1;
	}
	sqlite3_reset(stmt);
	return 0;
}

void bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
	if (s)
		sqlite3_bind_text(stmt, idx, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, idx);
}

void bind_time_or_null(sqlite3_stmt *stmt, int idx, time_t t)
{
	if (t)
		sqlite3_bind_int64(stmt, idx, (sqlite3_int64)t);
	else
		sqlite3_bind_null(stmt, idx);
}

char *column_text_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	int n = sqlite3_column_bytes(stmt, col);
	if (!s)
		return NULL;
	char *p = xmalloc((size_t)n + 1);
	memcpy(p, s, (size_t)n);
	p[n] = '\0';
	return p;
}

time_t column_time(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return 0;
	return (time_t)sqlite3_column_int64(stmt, col);
}

const char *status_sql(enum deal_status s)
{
	return deal_status_name(s);
}

enum deal_status status_from_sql(const char *s)
{
	if (s && strcmp(s, "won") == 0)
		return DEAL_WON;
	if (s && strcmp(s, "lost") == 0)
		return DEAL_LOST;
	return DEAL_OPEN;
}

/* plumb_day(t): the local calendar day of a UTC time, as clock_day(). */
static void sql_plumb_day(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_int64(ctx, clock_day((time_t)sqlite3_value_int64(argv[0])));
}

/* plumb_day_start(day): the first second of a local day, as UTC. */
static void sql_plumb_day_start(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_int64(ctx, clock_day_start(sqlite3_value_int64(argv[0])));
}

static int register_functions(struct store *st)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;
	if (sqlite3_create_function(st->db, "plumb_day", 1, flags, NULL, sql_plumb_day, NULL,
				    NULL) != SQLITE_OK ||
	    sqlite3_create_function(st->db, "plumb_day_start", 1, flags, NULL,
				    sql_plumb_day_start, NULL, NULL) != SQLITE_OK)
		return store_fail(st, "registering functions");
	return 0;
}

/* Reads a big-endian 32-bit field of the database header. */
static uint32_t header_u32(const unsigned char *h, size_t off)
{
	return (uint32_t)h[off] << 24 | (uint32_t)h[off + 1] << 16 | (uint32_t)h[off + 2] << 8 |
	       h[off + 3];
}

/*
 * Looks at the file's header before SQLite opens it for writing, so a
 * file that is not ours or is newer than this build is refused without a
 * single byte (or journal mode) changed.
 */
static int precheck_header(const char *path)
{
	unsigned char h[100];
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		err_set("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n == 0)
		return 0; /* new, empty file */
	if (n < (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0) {
		err_set("%s is not a plumb database (not an SQLite file)", path);
		return -1;
	}
	uint32_t version = header_u32(h, 60), app_id = header_u32(h, 68);
	if (app_id != SCHEMA_APPLICATION_ID && (app_id != 0 || version != 0)) {
		err_set("%s is not a plumb database (application id %08x)", path, app_id);
		return -1;
	}
	if ((int)version > schema_version()) {
		err_set("%s has schema version %u, newer than this plumb knows (%d); "
			"upgrade plumb to open it (the file was not changed)",
			path, version, schema_version());
		return -1;
	}
	return 0;
}

static int make_parent_dirs(const char *path, bool shared)
{
	char *copy = xstrdup(path);
	char *dir = dirname(copy);
	struct strbuf sb;
	int rc = 0;

	strbuf_init(&sb);
	for (char *p = dir; ; p++) {
		if (*p == '/' || *p == '\0') {
			size_t len = (size_t)(p - dir);
			if (len > 0) {
				strbuf_reset(&sb);
				strbuf_add(&sb, dir, len);
				if (mkdir(sb.buf, shared ? 02770 : 0700) != 0 && errno != EEXIST) {
					err_set("cannot create directory %s: %s", sb.buf,
						strerror(errno));
					rc = -1;
					break;
				}
			}
			if (*p == '\0')
				break;
		}
	}
	strbuf_free(&sb);
	free(copy);
	return rc;
}

/* Creates the file with private (or group) permissions; never follows a
 * symlink planted where the database should be. */
int create_file(const char *path, bool shared)
{
	if (make_parent_dirs(path, shared) != 0)
		return -1;
	mode_t mode = shared ? 0660 : 0600;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		err_set("cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	/* The umask may have taken group bits we were asked to grant. */
	if (shared)
		fchmod(fd, mode);
	close(fd);
	return 0;
}

static bool path_writable(const char *path)
{
	char *copy = xstrdup(path);
	bool ok = access(path, W_OK) == 0 && access(dirname(copy), W_OK) == 0;
	free(copy);
	return ok;
}

static int read_pragma_int(struct store *st, const char *sql, int *out)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return store_fail(st, "reading the database");
	rc = sqlite3_step(stmt);
	if (rc != SQLITE_ROW) {
		store_fail(st, "reading the database");
		sqlite3_finalize(stmt);
		return -1;
	}
	*out = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return 0;
}

static int harden(struct store *st)
{
	int on = 1, off = 0;

	/* SQLite's advice for files other users may write. */
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &off);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, &off);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	/* SQLite's own cache only needs one query's working set (a screen
	 * is about 60 pages); the OS page cache holds the file. The 2 MiB
	 * default filled up on any scan, so a million-deal pipeline cost
	 * 1.7x the memory of a small one (plumb stats). Bulk loads set
	 * their own; the same bound holds for temporary tables (a common
	 * filter's hits). cell_size_check: a damaged page is reported
	 * instead of misread. */
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF; "
				 "PRAGMA cell_size_check = ON; " PAGE_CACHE_PRAGMA "; "
				 "PRAGMA temp.cache_size = -512;",
			 NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, "configuring the database");
	return 0;
}

static int check_identity(struct store *st)
{
	int version, app_id, tables;

	if (read_pragma_int(st, "PRAGMA user_version", &version) != 0 ||
	    read_pragma_int(st, "PRAGMA application_id", &app_id) != 0 ||
	    read_pragma_int(st, "SELECT count(*) FROM sqlite_schema", &tables) != 0)
		return -1;
	if ((uint32_t)app_id != SCHEMA_APPLICATION_ID && (app_id != 0 || tables != 0)) {
		err_set("%s is not a plumb database", st->path);
		return -1;
	}
	if (version > schema_version()) {
		err_set("%s has schema version %d, newer than this plumb knows (%d); "
			"upgrade plumb to open it", st->path, version, schema_version());
		return -1;
	}
	return version;
}

static int migrate(struct store *st)
{
	int version = check_identity(st);

	if (version < 0)
		return -1;
	if (version == schema_version())
		return 0;
	if (st->read_only) {
		err_set("%s has schema version %d and needs an upgrade to %d; open it once "
			"with write access", st->path, version, schema_version());
		return -1;
	}
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, "upgrading the database");
	/* Another process may have migrated while we waited for the lock. */
	version = check_identity(st);
	if (version < 0 || (version < schema_version() && schema_migrate(st->db, version) != 0)) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		err_prefix("%s", st->path);
		return -1;
	}
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(st, "upgrading the database");
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

static int set_journal_mode(struct store *st, unsigned flags)
{
	int persist = 1;

	if (st->read_only)
		return 0;
	if (flags & STORE_BULK_NEW) {
		/* A large cache keeps index pages in memory while millions of
		 * rows go in; it is freed when the builder closes. */
		/* Foreign keys are verified once by store_check() after the
		 * load instead of per row (each check costs a statement
		 * journal). */
		if (sqlite3_exec(st->db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
					 "PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY; "
					 "PRAGMA foreign_keys = OFF;",
				 NULL, NULL, NULL) != SQLITE_OK)
			return store_fail(st, "setting the journal mode");
		return 0;
	}
	if (sqlite3_exec(st->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
			 NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(st, "setting the journal mode");
	/*
	 * Keep -wal and -shm after the last writer closes: a reader without
	 * write access to the directory (a manager's read-only review) needs
	 * them to exist.
	 */
	sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
	return 0;
}

/*
 * plumb uses SQLite from one thread; without mutexes and memory statistics
 * every row costs noticeably less (measured on bulk loads).
 */
static void configure_sqlite_once(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/* A sort keeps at least this many pages in memory before it spills
	 * to a temporary file: 250 (1 MiB) by default, whatever the page
	 * cache. Any sort larger than that (plumb stats's responses at a
	 * million deals) grew plumb by 1 MiB; the page cache's 512 KiB now
	 * bounds it. Bulk loads set a large cache, which still decides. */
	sqlite3_config(SQLITE_CONFIG_PMASZ, 32);
}

/* ---- The file under an open store ---- */

static void record_identity(struct store *st)
{
	struct stat sb;

	if (stat(st->path, &sb) == 0) {
		st->dev = sb.st_dev;
		st->ino = sb.st_ino;
		st->identity_known = true;
	}
}

/*
 * SQLite keeps writing to the file it opened even after it was deleted or
 * renamed over: every change would be lost when the board quits. So each
 * change first checks that the path still names that file.
 */
int store_file_check(struct store *st)
{
	struct stat sb;

	if (!st->identity_known)
		return 0;
	if (stat(st->path, &sb) != 0) {
		if (errno != ENOENT)
			return 0; /* cannot tell: SQLite will say if it cannot write */
		err_set("%s was deleted: nothing can be saved to it any more (quit, then "
			"restore or create it)", st->path);
		return -1;
	}
	if (sb.st_dev != st->dev || sb.st_ino != st->ino) {
		err_set("%s was replaced by another file: nothing can be saved to the one "
			"open here (quit and open it again)", st->path);
		return -1;
	}
	return 0;
}

/*
 * SQLite opens the -wal, -shm and -journal beside a database following
 * symbolic links and creating them if missing: in a directory others can
 * write to (a team's), a link planted under one of those names would make
 * plumb write into the link's target with the user's rights. Each must be
 * absent or a regular file.
 */
int check_sidecars(const char *path)
{
	static const char *const suffixes[] = { "-wal", "-shm", "-journal" };
	struct stat sb;
	int rc = 0;

	for (size_t i = 0; i < ARRAY_LEN(suffixes) && rc == 0; i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);
		if (lstat(p, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			err_set("%s is not a regular file (a symbolic link?); refusing to use %s",
				p, path);
			rc = -1;
		}
		free(p);
	}
	return rc;
}

/* SQLite's side of store_open; on failure the store is closed. */
static int open_connection(const char *path, unsigned flags, bool created, struct store **out)
{
	struct store *st;

	if (precheck_header(path) != 0 || check_sidecars(path) != 0)
		return -1;
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	st->who = xstrdup("");
	st->read_only = (flags & STORE_READ_ONLY) || !path_writable(path);
	st->bulk_new = (flags & STORE_BULK_NEW) != 0;
	st->created = created;
	int oflags = (st->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
		     SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE;
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK) {
		if (st->db && st->read_only)
			err_set("cannot read %s: %s (a read-only reader needs the -wal and -shm "
				"files next to it; open it once with write access)",
				path, sqlite3_errmsg(st->db));
		else
			err_set("cannot open %s: %s", path,
				st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return -1;
	}
	/* Identity first: nothing (not even the journal mode) may change in
	 * a file that turns out not to be ours. */
	if (harden(st) != 0 || register_functions(st) != 0 || check_identity(st) < 0 ||
	    set_journal_mode(st, flags) != 0 || migrate(st) != 0) {
		store_close(st);
		return -1;
	}
	record_identity(st);
	*out = st;
	return 0;
}

static void remove_created(void *path)
{
	store_remove_files(path);
}

int store_open(const char *path, unsigned flags, struct store **out)
{
	struct stat sb;
	bool created = false;

	*out = NULL;
	configure_sqlite_once();
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT) {
			err_set("cannot open %s: %s", path, strerror(errno));
			return -1;
		}
		if (!(flags & STORE_CREATE) || (flags & STORE_READ_ONLY)) {
			err_set("no pipeline at %s (create one with 'plumb init' or 'plumb demo')",
				path);
			return -1;
		}
		if (create_file(path, flags & STORE_SHARED) != 0)
			return -1;
		created = true;
	} else if (S_ISDIR(sb.st_mode)) {
		err_set("%s is a directory, not a plumb database", path);
		return -1;
	}
	/* A file made here goes again if opening it fails in any way. */
	if (created)
		fatal_cleanup_push(remove_created, (void *)path);
	int rc = open_connection(path, flags, created, out);
	if (created)
		fatal_cleanup_pop();
	if (rc != 0 && created)
		store_remove_files(path);
	return rc;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < STMT_CACHE_SIZE && st->cache[i].sql; i++)
		sqlite3_finalize(st->cache[i].stmt);
	for (size_t i = 0; i < st->built_len; i++)
		sqlite3_finalize(st->built[i]);
	if (st->db)
		sqlite3_close_v2(st->db);
	for (size_t i = 0; i < st->dropped_len; i++)
		free(st->dropped_indexes[i]);
	free(st->dropped_indexes);
	journal_discard(st);
	free(st->session);
	free(st->plan_text);
	free(st->plan_query);
	free(st->hits_text);
	free(st->path);
	free(st->who);
	free(st);
}

/*
 * The database with its WAL and shared-memory files. A WAL left beside a
 * deleted database would be replayed into the next file of that name.
 */
void store_remove_files(const char *path)
{
	static const char *const suffixes[] = { "-wal", "-shm", "-journal" };

	unlink(path);
	for (size_t i = 0; i < ARRAY_LEN(suffixes); i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);
		unlink(p);
		free(p);
	}
}

bool store_created(const struct store *st)
{
	return st->created;
}

bool store_failed_on_environment(const struct store *st)
{
	switch (st->last_error) {
	case SQLITE_NOMEM:
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_READONLY:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_CANTOPEN:
	case SQLITE_PROTOCOL:
		return true;
	default:
		return false;
	}
}

int store_sync(struct store *st)
{
	int fd = open(st->path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fsync(fd) != 0) {
		err_set("cannot sync %s: %s", st->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

bool store_read_only(const struct store *st)
{
	return st->read_only;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

void store_set_who(struct store *st, const char *who)
{
	free(st->who);
	st->who = xstrdup(who ? who : "");
}

int store_schema_version(void)
{
	return schema_version();
}

void store_expect_version(struct store *st, int64_t expected_version)
{
	st->expected_version = expected_version;
}

int store_needs_init(struct store *st)
{
	sqlite3_stmt *stmt = store_stmt(st, "SELECT count(*) FROM stages");
	if (!stmt)
		return -1;
	/* An error here (out of memory) may have ended the caller's
	 * transaction, so it is reported, never taken for "empty". */
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_fail(st, "reading the stages");
		sqlite3_reset(stmt);
		return -1;
	}
	int empty = sqlite3_column_int64(stmt, 0) == 0;
	sqlite3_reset(stmt);
	return empty;
}

int store_data_version(struct store *st, int64_t *version)
{
	sqlite3_stmt *stmt = store_stmt(st, "PRAGMA data_version");
	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_fail(st, "checking for changes");
		sqlite3_reset(stmt);
		return -1;
	}
	*version = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return 0;
}

int store_deal_count(struct store *st, int64_t *count)
{
	sqlite3_stmt *stmt = store_stmt(st, "SELECT count(*) FROM deals");
	if (!stmt)
		return -1;
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		store_fail(st, "counting deals");
		sqlite3_reset(stmt);
		return -1;
	}
	*count = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	return 0;
}

int store_init_stages(struct store *st, const struct stage_spec *specs, size_t n)
{
	static const char insert_sql[] =
		"INSERT INTO stages(name, position, probability, rot_days) VALUES(?, ?, ?, ?)";

	if (tx_begin(st) != 0)
		return -1;
	int needs = store_needs_init(st);
	if (needs <= 0) {
		tx_rollback(st);
		if (needs == 0)
			err_set("%s already has stages", st->path);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *stmt = store_stmt(st, insert_sql);
		if (!stmt)
			goto fail;
		bind_text(stmt, 1, specs[i].name);
		sqlite3_bind_int(stmt, 2, (int)i + 1);
		sqlite3_bind_int(stmt, 3, specs[i].probability);
		if (specs[i].rot_days > 0)
			sqlite3_bind_int(stmt, 4, specs[i].rot_days);
		if (sqlite3_step(stmt) != SQLITE_DONE) {
			if ((sqlite3_extended_errcode(st->db) & 0xFF) == SQLITE_CONSTRAINT)
				err_set("stage '%s' is given twice or is not 1 to 64 characters",
					specs[i].name);
			else
				store_fail(st, "creating stages");
			sqlite3_reset(stmt);
			goto fail;
		}
		sqlite3_reset(stmt);
	}
	return tx_commit(st);
fail:
	tx_rollback(st);
	return -1;
}

int store_stages(struct store *st, struct stage_list *out)
{
	sqlite3_stmt *stmt = store_stmt(
		st, "SELECT id, name, position, probability, rot_days FROM stages ORDER BY position");
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->len = 0;
	if (!stmt)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->len == cap) {
			cap = cap ? cap * 2 : 8;
			out->items = xreallocarray(out->items, cap, sizeof(*out->items));
		}
		struct stage *s = &out->items[out->len++];
		s->id = sqlite3_column_int64(stmt, 0);
		s->name = column_text_dup(stmt, 1);
		s->position = sqlite3_column_int(stmt, 2);
		s->probability = sqlite3_column_int(stmt, 3);
		s->rot_days = sqlite3_column_int(stmt, 4);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		stage_list_clear(out);
		return store_fail(st, "reading stages");
	}
	return 0;
}

static void apply_rule(struct rules *r, const char *key, const char *value)
{
	int64_t n;

	if (rule_validate(key, value) != 0) {
		err_clear(); /* a bad stored value keeps the default */
		return;
	}
	if (strcmp(key, "channels") == 0) {
		free(r->channels);
		r->channels = xstrdup(value);
	} else if (strcmp(key, "categories") == 0) {
		free(r->categories);
		r->categories = xstrdup(value);
	} else if (strcmp(key, "currency") == 0) {
		free(r->currency);
		r->currency = xstrdup(value);
	} else if (parse_int(value, INT64_MIN, INT64_MAX, &n) == 0) {
		if (strcmp(key, "ideal_cycle") == 0)
			r->ideal_cycle_days = (int)n;
		else if (strcmp(key, "cycle_window") == 0)
			r->cycle_window_days = (int)n;
		else if (strcmp(key, "min_won_deals") == 0)
			r->min_won_deals = (int)n;
		else if (strcmp(key, "followup_after") == 0)
			r->followup_after_days = (int)n;
		else if (strcmp(key, "followup_overdue") == 0)
			r->followup_overdue_days = (int)n;
		else if (strcmp(key, "max_unanswered") == 0)
			r->max_unanswered = (int)n;
	}
}

int store_rules(struct store *st, struct rules *out)
{
	sqlite3_stmt *stmt = store_stmt(st, "SELECT key, value FROM rules");
	int rc;

	/* On an error *out holds nothing to free (rules_clear is idempotent). */
	rules_defaults(out);
	if (!stmt) {
		rules_clear(out);
		return -1;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		apply_rule(out, (const char *)sqlite3_column_text(stmt, 0),
			   (const char *)sqlite3_column_text(stmt, 1));
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
		rules_clear(out);
		return store_fail(st, "reading rules");
	}
	return 0;
}

int store_rule_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *stmt;

	if (rule_validate(key, value) != 0)
		return -1;
	if (tx_begin(st) != 0)
		return -1;
	stmt = store_stmt(st, "INSERT INTO rules(key, value) VALUES(?, ?) "
			      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (!stmt)
		goto fail;
	bind_text(stmt, 1, key);
	bind_text(stmt, 2, value);
	if (store_step_done(st, stmt, "setting a rule") != 0)
		goto fail;
	return tx_commit(st);
fail:
	tx_rollback(st);
	return -1;
}
