/*
 * Personal configuration: config.ini read with iniparser. Team rules live
 * in the database; this file holds what is personal (database path, name,
 * theme, keys, display thresholds). A missing file means defaults; a
 * malformed one is an error that names file, section, key and what was
 * expected. Strings are owned by the struct (config_free).
 */
#ifndef PLUMB_CONFIG_H
#define PLUMB_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct key_binding {
	char *action; /* as written in [keys]; validated by the key map */
	char *keys;   /* e.g. "j, Down" */
	int line;     /* for error messages; 0 when unknown */
};

struct config {
	char *path;            /* the file read, or the default that was absent */
	bool loaded;           /* the file existed */
	char *db_path;         /* [database] path, resolved; NULL when unset */
	char *user_name;       /* [user] name; NULL when unset */
	char *theme;           /* [display] theme */
	char *date_format;     /* [display] date_format, strftime */
	char *currency_symbol; /* [display] currency_symbol */
	bool mouse;            /* [display] mouse */
	int ideal_cycle_days;  /* [rules] ideal_cycle; 0 = the team's */
	int countdown_days;    /* [rules] countdown_days: warn this many days before stalling */
	struct key_binding *bindings;
	size_t bindings_len;
};

/* Fills defaults (no file read). */
void config_defaults(struct config *cfg);
/*
 * Reads path, or the default location when path is NULL. Returns 0, or
 * -1 with err_set() ("FILE: [section] key: problem" or "FILE:LINE: ...").
 */
int config_load(struct config *cfg, const char *path);
void config_free(struct config *cfg);

/* The default config path ($XDG_CONFIG_HOME/plumb/config.ini); malloc'd. */
char *config_default_path(void);
/*
 * The database path: explicit (--db), else $PLUMB_DB, else [database]
 * path, else $XDG_DATA_HOME/plumb/pipeline.db. malloc'd.
 */
char *config_db_path(const struct config *cfg, const char *explicit_path);
/* The user's name for "who" and "mine": [user] name, else $USER. malloc'd. */
char *config_user_name(const struct config *cfg);
/* $XDG_DATA_HOME/plumb (or ~/.local/share/plumb); malloc'd. */
char *config_data_dir(void);

/* One row per documented key, for the man page and error messages. */
struct config_key_doc {
	const char *section;
	const char *key;
	const char *help;
};
extern const struct config_key_doc config_key_docs[];
extern const size_t config_key_docs_len;

#endif
