#include "plumb/import_run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_pipe.h"
#include "plumb/clock.h"
#include "plumb/util.h"

#define UNKNOWN_STAGES_LISTED 10

struct run {
	struct store *st;
	const struct import_run_options *o;
	struct import_summary *sum;
	struct csv_reader *reader;
	struct import_mapping map;
	struct import_context ctx;
	struct stage_list stages;      /* the pipeline's, with stages made on the way */
	struct stage_list pipe_stages; /* the reader thread's copy, as it started */
	struct rules rules;
	struct store_import_info info;
	bool writing;            /* rows still go into the store */
	bool fatal;              /* memory, the disk or a lock failed: stop */
	char fatal_msg[1024];
	int64_t dry_stage_id;    /* dry runs number new stages -1, -2, ... */
	struct strbuf unknown;   /* unknown stage names, listed in the error */
	size_t nunknown;
	uint64_t offset;         /* bytes read, for progress */
};

void import_summary_free(struct import_summary *s)
{
	for (size_t i = 0; i < s->nstages; i++)
		free(s->stages[i].name);
	free(s->stages);
	memset(s, 0, sizeof(*s));
}

static void problem(struct run *r, long line, const char *column, const char *fmt, ...)
	PLUMB_PRINTF(4, 5);
static void problem(struct run *r, long line, const char *column, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->o->problem)
		r->o->problem(r->o->ctx, line, column, msg);
}

/*
 * A store call failed. A constraint is the row's problem; memory, the
 * disk, a lock or a damaged file are not, and end the import at once
 * with the store's own message instead of being blamed on every row.
 */
static int store_failed(struct run *r, long line, const char *column)
{
	if (store_failed_on_environment(r->st)) {
		if (!r->fatal)
			snprintf(r->fatal_msg, sizeof(r->fatal_msg), "%s", err_msg());
		r->fatal = true;
		return -1;
	}
	problem(r, line, column, "%s", err_msg());
	return -1;
}

static const char *header_of(const struct run *r, enum import_field f)
{
	for (size_t i = 0; i < r->map.ncolumns; i++)
		if (r->map.fields[i] == f)
			return r->map.headers[i];
	return import_field_name(f);
}

static const char *key_header(const struct run *r)
{
	return r->map.key_column >= 0 ? r->map.headers[r->map.key_column] : "id";
}

static void add_stage(struct run *r, const char *name, int64_t id, bool created)
{
	struct stage *s;

	r->stages.items = xreallocarray(r->stages.items, r->stages.len + 1, sizeof(*s));
	s = &r->stages.items[r->stages.len++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->name = xstrdup(name);
	s->position = (int)r->stages.len;
	r->sum->stages = xreallocarray(r->sum->stages, r->sum->nstages + 1,
				       sizeof(*r->sum->stages));
	r->sum->stages[r->sum->nstages++] = (struct import_stage_count){ xstrdup(name), 0, created };
}

static void note_unknown_stage(struct run *r, const char *name)
{
	char *copy = xasprintf(", %s,", name);
	struct strbuf probe;

	strbuf_init(&probe);
	strbuf_printf(&probe, ", %s,", r->unknown.buf ? r->unknown.buf : "");
	if (!strstr(probe.buf, copy) && r->nunknown++ < UNKNOWN_STAGES_LISTED)
		strbuf_printf(&r->unknown, "%s%s", r->unknown.len ? ", " : "", name);
	strbuf_free(&probe);
	free(copy);
}

/* An unknown stage: an error, or (--create-stages) a new last stage. */
static int resolve_stage(struct run *r, struct import_row *row, long line)
{
	const char *column = header_of(r, IMPORT_STAGE);
	const struct stage *made = stage_list_find(&r->stages, row->stage_name);
	int64_t id;

	if (made) { /* made for an earlier row, after the reader's copy */
		row->deal.stage_id = made->id;
		return 0;
	}
	err_clear();
	if (!r->o->create_stages) {
		note_unknown_stage(r, row->stage_name);
		problem(r, line, column, "'%s' is not a stage (add it with --create-stages)",
			row->stage_name);
		return -1;
	}
	if (r->writing) {
		if (store_stage_append(r->st, row->stage_name, &id) != 0)
			return store_failed(r, line, column);
	} else {
		id = --r->dry_stage_id;
	}
	add_stage(r, row->stage_name, id, true);
	row->deal.stage_id = id;
	return 0;
}

static void count_row(struct run *r, const struct deal *d)
{
	if (d->status == DEAL_WON) {
		r->sum->won++;
		return;
	}
	if (d->status == DEAL_LOST) {
		r->sum->lost++;
		return;
	}
	for (size_t i = 0; i < r->stages.len; i++)
		if (r->stages.items[i].id == d->stage_id)
			r->sum->stages[i].open++;
}

static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* True when every column an import writes already holds d's value. */
static bool import_unchanged(const struct deal *old, const struct deal *d)
{
	return same_text(old->title, d->title) && same_text(old->company, d->company) &&
	       same_text(old->contact_name, d->contact_name) &&
	       same_text(old->contact_email, d->contact_email) &&
	       same_text(old->contact_phone, d->contact_phone) &&
	       old->value_minor == d->value_minor && same_text(old->currency, d->currency) &&
	       same_text(old->owner, d->owner) && old->stage_id == d->stage_id &&
	       same_text(old->channel, d->channel) && old->key_account == d->key_account &&
	       old->score == d->score && old->status == d->status &&
	       same_text(old->lost_reason, d->lost_reason) &&
	       old->stage_entered_at == d->stage_entered_at && old->closed_at == d->closed_at &&
	       old->next_followup_at == d->next_followup_at &&
	       old->last_contact_at == d->last_contact_at && old->unanswered == d->unanswered &&
	       same_text(old->notes, d->notes);
}

#define FROM_FILE(r, f) ((r)->map.count[f] > 0)

/* old with the columns the file has; created_at and history stay. */
static void merge_update(struct run *r, const struct deal *old, const struct import_row *row,
			 struct deal *out)
{
	const struct deal *d = &row->deal;

	*out = *old;
	out->title = d->title;
	if (FROM_FILE(r, IMPORT_COMPANY))
		out->company = d->company;
	if (FROM_FILE(r, IMPORT_CONTACT))
		out->contact_name = d->contact_name;
	if (FROM_FILE(r, IMPORT_EMAIL))
		out->contact_email = d->contact_email;
	if (FROM_FILE(r, IMPORT_PHONE))
		out->contact_phone = d->contact_phone;
	if (FROM_FILE(r, IMPORT_VALUE))
		out->value_minor = d->value_minor;
	if (FROM_FILE(r, IMPORT_CURRENCY))
		out->currency = d->currency;
	if (FROM_FILE(r, IMPORT_OWNER))
		out->owner = d->owner;
	if (FROM_FILE(r, IMPORT_CHANNEL))
		out->channel = d->channel;
	if (FROM_FILE(r, IMPORT_KEY_ACCOUNT))
		out->key_account = d->key_account;
	if (FROM_FILE(r, IMPORT_SCORE))
		out->score = d->score;
	if (FROM_FILE(r, IMPORT_NOTES))
		out->notes = d->notes;
	if (FROM_FILE(r, IMPORT_UNANSWERED))
		out->unanswered = d->unanswered;
	if (FROM_FILE(r, IMPORT_LAST_CONTACT))
		out->last_contact_at = d->last_contact_at;
	if (row->next_given)
		out->next_followup_at = d->next_followup_at;
	/* Empty stage and status cells keep what the deal has. */
	if (row->stage_name)
		out->stage_id = d->stage_id;
	if (row->status_given) {
		out->status = d->status;
		out->closed_at = d->closed_at;
		out->lost_reason = d->lost_reason;
	}
	bool entered_stage = out->stage_id != old->stage_id ||
			     (old->status != DEAL_OPEN && out->status == DEAL_OPEN);
	if (FROM_FILE(r, IMPORT_STAGE_ENTERED))
		out->stage_entered_at = d->stage_entered_at;
	else if (entered_stage)
		out->stage_entered_at = r->ctx.now;
	out->updated_at = r->ctx.now;
}

static int update_row(struct run *r, const struct import_row *row, const struct deal *old,
		      long line)
{
	struct deal merged;

	if (old->id >= r->info.first_new_id) {
		problem(r, line, key_header(r), "key '%s' is on an earlier line of "
			"the file too", row->key);
		return -1;
	}
	merge_update(r, old, row, &merged);
	if (merged.closed_at && merged.closed_at < merged.created_at) {
		problem(r, line, header_of(r, IMPORT_CLOSED), "is before the deal was created "
			"(an update keeps the date it was first imported)");
		return -1;
	}
	if (import_unchanged(old, &merged)) {
		r->sum->unchanged++;
	} else if (r->writing && store_import_update(r->st, old, &merged) != 0) {
		return store_failed(r, line, NULL);
	} else {
		r->sum->updated++;
	}
	count_row(r, &merged);
	return 0;
}

/* Adds the row, or updates the deal an earlier import made with its key. */
static int store_row(struct run *r, const struct import_row *row, long line)
{
	struct deal old;
	int64_t id;
	long first_line;

	if (row->key && r->o->dry_run) {
		int seen = store_import_key_seen(r->st, row->key, line, &first_line);
		if (seen != 0) {
			if (seen < 0)
				return store_failed(r, line, NULL);
			problem(r, line, key_header(r), "key '%s' is on line %ld too", row->key,
				first_line);
			return -1;
		}
	}
	/* In an empty pipeline every key is new; the unique index catches
	 * one given twice. */
	if (row->key && !r->info.empty) {
		int found = store_deal_by_key(r->st, row->key, &old);
		if (found < 0)
			return store_failed(r, line, NULL);
		if (found) {
			int rc = update_row(r, row, &old, line);
			deal_clear(&old);
			return rc;
		}
	}
	if (r->writing && store_import_insert(r->st, &row->deal, &id) != 0)
		return store_failed(r, line, row->key ? key_header(r) : NULL);
	r->sum->added++;
	count_row(r, &row->deal);
	return 0;
}

/* One converted row: its problems, in order, then the store. */
static void apply_row(struct run *r, const struct staged_row *s)
{
	struct import_row row = s->row;
	const char *p = s->problems;
	int problems = s->nproblems;

	for (int i = 0; i < s->nproblems; i++) {
		const char *column = p;
		p += strlen(p) + 1;
		if (r->o->problem)
			r->o->problem(r->o->ctx, s->line, column[0] ? column : NULL, p);
		p += strlen(p) + 1;
	}
	r->sum->rows++;
	if (problems == 0 && row.unknown_stage && resolve_stage(r, &row, s->line) != 0)
		problems++;
	if (problems == 0 && store_row(r, &row, s->line) != 0)
		problems++;
	if (problems) {
		r->sum->bad_rows++;
		r->writing = false; /* the rest is only checked */
	}
}

static void progress(struct run *r, const char *phase)
{
	struct import_progress p = { r->offset, r->o->total_bytes, r->sum->rows, phase };
	if (r->o->progress)
		r->o->progress(r->o->ctx, &p);
}

static void copy_stages(const struct stage_list *from, struct stage_list *to)
{
	to->len = from->len;
	to->items = xcalloc(from->len ? from->len : 1, sizeof(*to->items));
	for (size_t i = 0; i < from->len; i++) {
		to->items[i] = from->items[i];
		to->items[i].name = xstrdup(from->items[i].name);
	}
}

/* Reads the header, maps it and loads what validation needs. */
static int prepare(struct run *r)
{
	struct csv_record header;
	int rc = csv_reader_next(r->reader, &header);

	if (rc <= 0) {
		if (rc == 0)
			err_set("the file is empty: it needs a header row and deals");
		else {
			problem(r, csv_reader_error_line(r->reader), NULL, "%s", err_msg());
			err_set("the file is not valid CSV; nothing was imported");
		}
		return -1;
	}
	if (import_mapping_build(&r->map, &header, &r->o->map) != 0)
		return -1;
	char *unmapped = import_mapping_unmapped(&r->map);
	if (unmapped && r->o->notice) {
		char *msg = xasprintf("columns not imported: %s (import one with --map "
				      "COLUMN=FIELD, e.g. COLUMN=notes)", unmapped);
		r->o->notice(r->o->ctx, msg);
		free(msg);
	}
	free(unmapped);
	if (store_stages(r->st, &r->stages) != 0 || store_rules(r->st, &r->rules) != 0)
		return -1;
	r->sum->stages = xcalloc(r->stages.len ? r->stages.len : 1, sizeof(*r->sum->stages));
	for (size_t i = 0; i < r->stages.len; i++)
		r->sum->stages[i].name = xstrdup(r->stages.items[i].name);
	r->sum->nstages = r->stages.len;
	copy_stages(&r->stages, &r->pipe_stages);
	r->ctx.map = &r->map;
	r->ctx.stages = &r->pipe_stages;
	r->ctx.channels = r->rules.channels;
	r->ctx.default_currency = r->rules.currency;
	r->ctx.default_owner = r->o->who ? r->o->who : "";
	r->ctx.followup_after_days = r->rules.followup_after_days;
	r->ctx.day_first = r->o->map.day_first;
	r->ctx.now = clock_now();
	r->ctx.problem = r->o->problem;
	r->ctx.problem_ctx = r->o->ctx;
	return 0;
}

static int begin(struct run *r)
{
	if (r->o->dry_run) {
		if (store_import_check_begin(r->st) != 0)
			return -1;
		r->info.first_new_id = INT64_MAX;
	} else if (store_import_begin(r->st, &r->info) != 0) {
		return -1;
	}
	r->writing = !r->o->dry_run;
	return 0;
}

/* Reading and converting run on their own thread (import_pipe.h). */
static int read_rows(struct run *r)
{
	struct import_pipe *pipe = import_pipe_start(r->reader, &r->ctx);
	const struct import_batch *b;
	int end = 0;

	do {
		b = import_pipe_next(pipe);
		for (size_t i = 0; i < b->len && !r->fatal; i++)
			apply_row(r, &b->rows[i]);
		if (r->fatal)
			break;
		r->offset = b->offset;
		progress(r, "reading");
		end = b->end;
		if (end < 0) {
			problem(r, b->error_line, NULL, "%s", b->error);
			r->sum->bad_rows++;
		}
	} while (!end);
	import_pipe_free(pipe);
	return end < 0 || r->fatal ? -1 : 0;
}

static int finish(struct run *r, bool ok)
{
	if (r->o->dry_run) {
		store_read_end(r->st);
		return ok ? 0 : -1;
	}
	if (!ok) {
		store_import_abort(r->st);
		return -1;
	}
	progress(r, r->info.empty ? "building indexes" : "saving");
	return store_import_finish(r->st);
}

static void set_failure_message(struct run *r, bool syntax_error)
{
	if (r->fatal) {
		err_set("%s", r->fatal_msg);
		return;
	}
	if (syntax_error) {
		err_set("the file is not valid CSV; nothing was imported");
		return;
	}
	if (r->nunknown)
		err_set("%lld of %lld rows have problems (unknown stages: %s%s; --create-stages "
			"adds them); nothing was imported",
			(long long)r->sum->bad_rows, (long long)r->sum->rows, r->unknown.buf,
			r->nunknown > UNKNOWN_STAGES_LISTED ? ", ..." : "");
	else
		err_set("%lld of %lld rows have problems; nothing was imported",
			(long long)r->sum->bad_rows, (long long)r->sum->rows);
}

int import_run(struct store *st, const struct import_run_options *o, struct import_summary *out)
{
	struct run r = { .st = st, .o = o, .sum = out };
	int rc = -1;

	memset(out, 0, sizeof(*out));
	import_context_init(&r.ctx);
	strbuf_init(&r.unknown);
	r.reader = csv_reader_new(o->in, o->delimiter);
	if (prepare(&r) == 0 && begin(&r) == 0) {
		int read_rc = read_rows(&r);
		bool ok = read_rc == 0 && out->bad_rows == 0;
		if (finish(&r, ok) == 0)
			rc = 0;
		else if (!ok)
			set_failure_message(&r, read_rc < 0);
	}
	csv_reader_free(r.reader);
	import_context_free(&r.ctx);
	import_mapping_free(&r.map);
	stage_list_clear(&r.stages);
	stage_list_clear(&r.pipe_stages);
	rules_clear(&r.rules);
	strbuf_free(&r.unknown);
	return rc;
}
