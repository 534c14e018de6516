/*
 * Two batches ping-pong between the reader thread, which fills one, and
 * the caller, which writes the other to the store. A converted row
 * borrows its strings from the CSV record and the context's scratch
 * buffers, which the next record reuses, so the strings are copied into
 * the batch's arena and the pointers are set when the batch is complete.
 */
#include "import_pipe.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/util.h"

#define BATCH_ROWS 1024
#define STAGED_STRINGS 12
#define NO_STRING SIZE_MAX

struct batch_buf {
	struct import_batch pub;
	struct staged_row rows[BATCH_ROWS];
	size_t string_off[BATCH_ROWS][STAGED_STRINGS];
	size_t problems_off[BATCH_ROWS];
	struct strbuf arena;
	char error[512];
};

struct import_pipe {
	struct csv_reader *reader;
	struct import_context *ctx;
	struct batch_buf buf[2];
	bool threaded;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool ready[2];   /* filled and not yet released by the caller */
	bool stop;
	int next_take;
	int taken;       /* the batch the caller holds, or -1 */
	struct batch_buf *filling;
	int row_problems;
};

static const char **string_slot(struct import_row *row, int i)
{
	struct deal *d = &row->deal;
	char **slots[] = { &d->title,	  &d->company,	   &d->contact_name, &d->contact_email,
			   &d->contact_phone, &d->currency,	   &d->owner,	     &d->channel,
			   &d->lost_reason,   &d->notes };

	if (i < (int)ARRAY_LEN(slots))
		return (const char **)slots[i];
	return i == STAGED_STRINGS - 2 ? &row->key : &row->stage_name;
}

/* ctx->problem on the reader thread: kept with the row, in order. */
static void capture_problem(void *ctx, long line, const char *column, const char *msg)
{
	struct import_pipe *p = ctx;
	struct strbuf *arena = &p->filling->arena;

	(void)line;
	strbuf_add(arena, column ? column : "", strlen(column ? column : "") + 1);
	strbuf_add(arena, msg, strlen(msg) + 1);
	p->row_problems++;
}

static void stage_record(struct import_pipe *p, struct batch_buf *b, const struct csv_record *rec)
{
	size_t i = b->pub.len++;
	struct staged_row *s = &b->rows[i];

	b->problems_off[i] = b->arena.len;
	p->row_problems = 0;
	import_convert(p->ctx, rec, &s->row);
	s->nproblems = p->row_problems;
	s->line = rec->line;
	for (int k = 0; k < STAGED_STRINGS; k++) {
		const char *v = *string_slot(&s->row, k);
		b->string_off[i][k] = v ? b->arena.len : NO_STRING;
		if (v)
			strbuf_add(&b->arena, v, strlen(v) + 1);
	}
}

/* The arena no longer moves: turn offsets into pointers. */
static void seal(struct batch_buf *b)
{
	for (size_t i = 0; i < b->pub.len; i++) {
		struct staged_row *s = &b->rows[i];
		s->problems = b->arena.buf + b->problems_off[i];
		for (int k = 0; k < STAGED_STRINGS; k++)
			*string_slot(&s->row, k) = b->string_off[i][k] == NO_STRING
							  ? NULL
							  : b->arena.buf + b->string_off[i][k];
		s->row.deal.external_key = (char *)s->row.key;
	}
	b->pub.rows = b->rows;
}

static void fill(struct import_pipe *p, struct batch_buf *b)
{
	struct csv_record rec;

	b->pub.len = 0;
	b->pub.end = 0;
	strbuf_reset(&b->arena);
	p->filling = b;
	while (b->pub.len < BATCH_ROWS) {
		int rc = csv_reader_next(p->reader, &rec);
		if (rc == 1) {
			stage_record(p, b, &rec);
			continue;
		}
		b->pub.end = rc == 0 ? 1 : -1;
		if (rc < 0) {
			snprintf(b->error, sizeof(b->error), "%s", err_msg());
			b->pub.error = b->error;
			b->pub.error_line = csv_reader_error_line(p->reader);
		}
		break;
	}
	b->pub.offset = csv_reader_offset(p->reader);
	seal(b);
}

static void *reader_main(void *arg)
{
	struct import_pipe *p = arg;

	for (int k = 0;; k ^= 1) {
		pthread_mutex_lock(&p->mu);
		while (p->ready[k] && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		bool stop = p->stop;
		pthread_mutex_unlock(&p->mu);
		if (stop)
			break;
		fill(p, &p->buf[k]);
		pthread_mutex_lock(&p->mu);
		p->ready[k] = true;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (p->buf[k].pub.end)
			break;
	}
	return NULL;
}

struct import_pipe *import_pipe_start(struct csv_reader *reader, struct import_context *ctx)
{
	struct import_pipe *p = xcalloc(1, sizeof(*p));

	p->reader = reader;
	p->ctx = ctx;
	p->taken = -1;
	ctx->problem = capture_problem;
	ctx->problem_ctx = p;
	strbuf_init(&p->buf[0].arena);
	strbuf_init(&p->buf[1].arena);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->threaded = pthread_create(&p->thread, NULL, reader_main, p) == 0;
	return p;
}

const struct import_batch *import_pipe_next(struct import_pipe *p)
{
	int k = p->next_take;

	p->next_take ^= 1;
	if (!p->threaded) {
		fill(p, &p->buf[k]);
		return &p->buf[k].pub;
	}
	pthread_mutex_lock(&p->mu);
	if (p->taken >= 0) {
		p->ready[p->taken] = false;
		pthread_cond_broadcast(&p->cv);
	}
	while (!p->ready[k])
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	p->taken = k;
	return &p->buf[k].pub;
}

void import_pipe_free(struct import_pipe *p)
{
	if (!p)
		return;
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		p->stop = true;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->thread, NULL);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	strbuf_free(&p->buf[0].arena);
	strbuf_free(&p->buf[1].arena);
	free(p);
}
