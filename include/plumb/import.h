/*
 * Import of deals from CSV: which column feeds which deal field, and the
 * conversion and validation of one record into a deal. Pure C over
 * values: no SQL and no terminal, so tests and fuzzers can drive it.
 * import_run.h ties it to the CSV reader and the store.
 */
#ifndef PLUMB_IMPORT_H
#define PLUMB_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "plumb/csv_reader.h"
#include "plumb/domain.h"
#include "plumb/util.h"

/* What a column feeds. The names are plumb's own CSV column names. */
enum import_field {
	IMPORT_NONE,   /* nothing: reported as an unmapped column */
	IMPORT_IGNORE, /* known and skipped: derived columns, --map COL=ignore */
	IMPORT_KEY,    /* the upsert key, kept as the deal's external key */
	IMPORT_TITLE,
	IMPORT_COMPANY,
	IMPORT_CONTACT,
	IMPORT_EMAIL,
	IMPORT_PHONE,
	IMPORT_VALUE,
	IMPORT_CURRENCY,
	IMPORT_OWNER,
	IMPORT_STAGE,
	IMPORT_CHANNEL,
	IMPORT_KEY_ACCOUNT,
	IMPORT_SCORE,
	IMPORT_STATUS,
	IMPORT_LOST_REASON,
	IMPORT_CREATED,
	IMPORT_STAGE_ENTERED,
	IMPORT_CLOSED,
	IMPORT_WON_TIME,  /* a close time that also means "won" */
	IMPORT_LOST_TIME, /* a close time that also means "lost" */
	IMPORT_NEXT_FOLLOWUP,
	IMPORT_LAST_CONTACT,
	IMPORT_UNANSWERED,
	IMPORT_NOTES,
	IMPORT_FIELD_COUNT
};
const char *import_field_name(enum import_field f);
/* Accepts the names above and deal_field names (key-account, next). */
int import_field_parse(const char *s, enum import_field *out);
/* The field a header names by the built-in aliases; IMPORT_NONE if none. */
enum import_field import_field_for_header(const char *header);

struct import_options {
	const char *const *maps; /* "COLUMN=FIELD" overrides, NULL-terminated */
	const char *key_column;  /* --key: this column is the upsert key */
	bool day_first;          /* NN/NN/YYYY is day/month/year */
};

/* The header row resolved to fields; owns copies of the headers. */
struct import_mapping {
	size_t ncolumns;
	char **headers;
	enum import_field *fields;
	int count[IMPORT_FIELD_COUNT]; /* columns feeding each field */
	int key_column;                /* the upsert key's column; -1: none */
};
/*
 * Maps every header by its aliases, then applies --key and --map. A map
 * or key naming no column, an unknown field, or a file without a title
 * column fail with err_set(). m is cleared by import_mapping_free even
 * after a failure.
 */
int import_mapping_build(struct import_mapping *m, const struct csv_record *header,
			 const struct import_options *o);
void import_mapping_free(struct import_mapping *m);
/* Headers of unmapped columns, ", "-separated; NULL when there are none. */
char *import_mapping_unmapped(const struct import_mapping *m);

/* One problem of one record; column is NULL for the record as a whole. */
typedef void (*import_problem_fn)(void *ctx, long line, const char *column, const char *msg);

struct import_context {
	const struct import_mapping *map;
	const struct stage_list *stages;
	const char *channels;         /* the team's channel list */
	const char *default_currency;
	const char *default_owner;    /* for files without an owner column */
	int followup_after_days;
	bool day_first;
	time_t now;
	import_problem_fn problem;
	void *problem_ctx;
	/* Scratch for converted strings; reused for every record. */
	struct strbuf notes, channel, currency;
};
void import_context_init(struct import_context *ctx);
void import_context_free(struct import_context *ctx);

/* One record as a deal. Strings are borrowed from the record and ctx. */
struct import_row {
	struct deal deal;        /* stage_id 0 when the stage is unknown */
	const char *key;         /* NULL when the row has none */
	const char *stage_name;  /* as written; NULL when empty (first stage) */
	bool unknown_stage;      /* stage_name is not a stage of the pipeline */
	bool status_given;       /* a cell said open/won/lost (status, won or lost
				  * time, or a "Closed Won" stage) */
	bool next_given;         /* the file has a next follow-up column */
};

/*
 * Converts and validates one record. Every problem is passed to
 * ctx->problem; returns how many there were (0: row is valid). Unknown
 * stages are not problems here: the caller creates or refuses them.
 */
int import_convert(struct import_context *ctx, const struct csv_record *rec,
		   struct import_row *row);

/*
 * A date or time as exports write them: YYYY-MM-DD, YYYY/MM/DD,
 * DD.MM.YYYY, MM/DD/YYYY (DD/MM/YYYY with day_first; also with '-'),
 * each optionally followed by a time H:MM[:SS[.fff]] with AM/PM, and
 * a zone (Z, +HH:MM, +HHMM, UTC). Without a zone the time is local.
 * Returns 0, or -1 with err_set().
 */
int import_parse_time(const char *s, bool day_first, time_t *out);
/* open/won/lost and the spellings CRMs use (Closed Won, Lost, Active...). */
int import_parse_status(const char *s, enum deal_status *out);
/*
 * Undoes the OWASP neutralisation of plumb's CSV export: a leading "'"
 * before = + - @ TAB CR (or before more quotes and one of those) is
 * dropped. Returns s or s + 1.
 */
const char *import_unneutralise(const char *s);

#endif
