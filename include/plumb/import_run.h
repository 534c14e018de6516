/*
 * A whole import: CSV reader -> mapping and validation -> store, all or
 * nothing. Rows stream through one at a time (memory does not grow with
 * the file). Every row is validated; rows are written inside one
 * transaction until the first bad one, after which the rest is only
 * validated so that every problem is reported, and the transaction is
 * rolled back. No terminal code: the caller prints problems and progress.
 */
#ifndef PLUMB_IMPORT_RUN_H
#define PLUMB_IMPORT_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "plumb/import.h"
#include "plumb/store.h"

struct import_progress {
	uint64_t bytes, total_bytes; /* total 0: unknown (a pipe) */
	int64_t rows;
	const char *phase;           /* "reading", "building indexes" */
};

struct import_run_options {
	FILE *in;
	char delimiter;              /* 0: detect */
	struct import_options map;
	bool dry_run;
	bool create_stages;
	const char *who;             /* owner of rows without an owner column */
	uint64_t total_bytes;
	/* Problems as (line, column, message); column NULL for a whole row. */
	import_problem_fn problem;
	/* Notices that are not problems, e.g. the unmapped columns. */
	void (*notice)(void *ctx, const char *msg);
	void (*progress)(void *ctx, const struct import_progress *p);
	void *ctx;
};

struct import_stage_count {
	char *name;
	int64_t open;
	bool created; /* added by --create-stages */
};

struct import_summary {
	int64_t rows, added, updated, unchanged, won, lost;
	int64_t bad_rows;
	struct import_stage_count *stages; /* pipeline order */
	size_t nstages;
};
void import_summary_free(struct import_summary *s);

/*
 * Runs the import. Returns 0 when everything was imported (or, dry run,
 * would be); -1 with err_set() otherwise, having reported each problem
 * through o->problem, and with nothing changed in the store.
 */
int import_run(struct store *st, const struct import_run_options *o, struct import_summary *out);

#endif
