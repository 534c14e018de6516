/*
 * The database schema and its forward migrations. Part of the store: only
 * store code calls this. The version lives in PRAGMA user_version and the
 * file is marked with PRAGMA application_id so plumb can tell its own
 * databases from other SQLite files.
 */
#ifndef PLUMB_SCHEMA_H
#define PLUMB_SCHEMA_H

#include <stdint.h>

struct sqlite3;

#define SCHEMA_APPLICATION_ID 0x504C4D42 /* "PLMB" */

int schema_version(void);
/*
 * Runs every migration after `from` up to schema_version(). The caller
 * holds a write transaction, so a failed migration leaves the file as it
 * was. Returns 0, or -1 with err_set().
 */
int schema_migrate(struct sqlite3 *db, int from);

#endif
