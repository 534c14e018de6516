/*
 * Shared by import_run.c and import_pipe.c only: records are read and
 * converted (CSV parsing, dates, money, validation) on a second thread
 * while the caller writes the previous batch to the store, so the two
 * halves of an import overlap on two cores. Batches are bounded, so
 * memory does not grow with the file.
 */
#ifndef PLUMB_IMPORT_PIPE_H
#define PLUMB_IMPORT_PIPE_H

#include <stdint.h>

#include "plumb/csv_reader.h"
#include "plumb/import.h"

/* One converted record; strings live in the batch. */
struct staged_row {
	struct import_row row;
	long line;
	int nproblems;
	/* nproblems pairs of NUL-terminated strings: column ("" for the whole
	 * row), then the message. */
	const char *problems;
};

struct import_batch {
	struct staged_row *rows;
	size_t len;
	uint64_t offset; /* bytes of the file read after the last row */
	int end;         /* 0: more follow; 1: end of the file; -1: a CSV error */
	long error_line;
	const char *error;
};

struct import_pipe;

/*
 * Starts converting the records that follow in reader with ctx. The pipe
 * uses reader and ctx (including ctx->stages) exclusively until freed;
 * ctx->problem is replaced by its own. Falls back to converting on the
 * caller's thread when no thread can be started.
 */
struct import_pipe *import_pipe_start(struct csv_reader *reader, struct import_context *ctx);
/* The next batch, valid until the next call; waits for it. */
const struct import_batch *import_pipe_next(struct import_pipe *p);
/* Stops the reader thread (if still running) and frees the pipe. */
void import_pipe_free(struct import_pipe *p);

#endif
