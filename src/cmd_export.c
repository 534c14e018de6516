/*
 * plumb export: deals as CSV or JSON, follow-ups as iCalendar. Rows are
 * streamed from one read snapshot, deal by deal; nothing loads all deals.
 * -o writes a temporary file beside the target and renames it over, so
 * the target is always either the old file or the whole new one.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_internal.h"
#include "plumb/clock.h"
#include "plumb/deal_out.h"
#include "plumb/engine.h"
#include "plumb/ics.h"
#include "plumb/output.h"
#include "plumb/parse.h"
#include "plumb/util.h"

enum export_format { EXPORT_CSV, EXPORT_JSON, EXPORT_ICS };

struct export {
	struct cli *c;
	enum export_format format;
	bool neutralise;
	bool todo;
	struct engine engine;
	FILE *out;
	int64_t count;
};

static const struct cli_option export_options[] = {
	{ "format", "FORMAT", "csv (default), json, or ics (follow-ups for a calendar)", false },
	{ "all", NULL, "every deal, open, won and lost (the default)", false },
	{ "open", NULL, "only open deals", false },
	{ "stage", "STAGE", "only deals in this stage", false },
	{ "owner", "NAME", "only NAME's deals", false },
	{ "output", "FILE", "write FILE (replaced whole, never half-written) instead of stdout",
	  false },
	{ "raw", NULL, "csv: do not neutralise cells that look like formulas", false },
	{ "todo", NULL, "ics: to-dos with a due date instead of all-day events", false },
};

static int build_query(struct export *x, const struct cli_args *a, struct deal_query *q)
{
	const char *v;

	memset(q, 0, sizeof(*q));
	q->status = STATUS_ANY;
	q->order = ORDER_ID;
	if (arg_flag(a, "all") && arg_flag(a, "open"))
		return cli_usage_error("plumb export: --all and --open exclude each other");
	if (arg_flag(a, "open") || x->format == EXPORT_ICS)
		q->status = STATUS_OPEN;
	if (x->format == EXPORT_ICS) {
		/* Every scheduled follow-up, overdue ones included. */
		q->followup_before = (time_t)INT64_MAX;
		q->order = ORDER_FOLLOWUP;
	}
	if ((v = arg_str(a, "stage")) && cli_stage(x->c, v, &q->stage_id) != 0)
		return EXIT_ERROR;
	q->owner = arg_str(a, "owner");
	return EXIT_OK;
}

static int collect_item(const struct timeline_item *item, void *ctx)
{
	json_t *arrays = ctx;
	const char *key = item->kind == TIMELINE_ACTIVITY    ? "activities"
			  : item->kind == TIMELINE_OBJECTION ? "objections"
							     : "history";
	json_t *o = timeline_item_json(item);

	json_array_insert_new(json_object_get(arrays, key), 0, o);
	return 0;
}

/* One deal with its activities, objections and history, oldest first. */
static int write_json_deal(struct export *x, const struct deal *d)
{
	json_t *o = deal_json(&x->engine, d);
	int rc;

	json_object_set_new(o, "activities", json_array());
	json_object_set_new(o, "objections", json_array());
	json_object_set_new(o, "history", json_array());
	rc = store_deal_timeline(x->c->store, d->id, collect_item, o);
	fputs(x->count ? ",\n" : "\n", x->out);
	if (rc == 0 && json_dump_out(o, x->out, JSON_COMPACT) != 0)
		rc = -1;
	json_decref(o);
	return rc;
}

static void ics_description(const struct deal *d, struct strbuf *sb)
{
	char money[40];

	format_money(d->value_minor, money, sizeof(money));
	strbuf_printf(sb, "Stage: %s\nValue: %s %s\nOwner: %s\n", d->stage_name, money,
		      d->currency ? d->currency : "", d->owner ? d->owner : "");
	if (!str_empty(d->contact_name) || !str_empty(d->contact_email) ||
	    !str_empty(d->contact_phone))
		strbuf_printf(sb, "Contact: %s %s %s\n", d->contact_name ? d->contact_name : "",
			      d->contact_email ? d->contact_email : "",
			      d->contact_phone ? d->contact_phone : "");
	if (d->unanswered)
		strbuf_printf(sb, "Unanswered follow-ups in a row: %d\n", d->unanswered);
	strbuf_printf(sb, "plumb show %lld", (long long)d->id);
}

/* One follow-up: an all-day VEVENT, or a VTODO due that day. */
static void write_ics_deal(struct export *x, const struct deal *d)
{
	char uid[64], stamp[24], day[16], next_day[16], modified[24];
	int64_t due = clock_day(d->next_followup_at);
	struct strbuf text;

	snprintf(uid, sizeof(uid), "deal-%lld-followup@plumb", (long long)d->id);
	ics_format_utc(clock_now(), stamp, sizeof(stamp));
	ics_format_utc(d->updated_at, modified, sizeof(modified));
	ics_format_date(due, day, sizeof(day));
	ics_format_date(due + 1, next_day, sizeof(next_day));
	ics_write(x->out, "BEGIN", x->todo ? "VTODO" : "VEVENT");
	ics_write(x->out, "UID", uid);
	ics_write(x->out, "DTSTAMP", stamp);
	if (x->todo) {
		ics_write(x->out, "DUE;VALUE=DATE", day);
		ics_write(x->out, "STATUS", "NEEDS-ACTION");
	} else {
		ics_write(x->out, "DTSTART;VALUE=DATE", day);
		ics_write(x->out, "DTEND;VALUE=DATE", next_day);
		ics_write(x->out, "TRANSP", "TRANSPARENT");
	}
	strbuf_init(&text);
	strbuf_printf(&text, "Follow up: %s", d->title);
	if (!str_empty(d->company))
		strbuf_printf(&text, " (%s)", d->company);
	ics_write_text(x->out, "SUMMARY", text.buf);
	strbuf_reset(&text);
	ics_description(d, &text);
	ics_write_text(x->out, "DESCRIPTION", text.buf);
	strbuf_free(&text);
	ics_write(x->out, "CATEGORIES", "plumb,follow-up");
	char sequence[24];
	snprintf(sequence, sizeof(sequence), "%lld", (long long)(d->version > 0 ? d->version : 0));
	ics_write(x->out, "SEQUENCE", sequence);
	ics_write(x->out, "LAST-MODIFIED", modified);
	ics_write(x->out, "END", x->todo ? "VTODO" : "VEVENT");
}

static void write_head(struct export *x)
{
	if (x->format == EXPORT_CSV) {
		deal_csv_header(x->out);
	} else if (x->format == EXPORT_JSON) {
		fputc('[', x->out);
	} else {
		ics_write(x->out, "BEGIN", "VCALENDAR");
		ics_write(x->out, "VERSION", "2.0");
		ics_write(x->out, "PRODID", "-//plumb//plumb " PLUMB_VERSION "//EN");
		ics_write(x->out, "CALSCALE", "GREGORIAN");
		ics_write(x->out, "METHOD", "PUBLISH");
		ics_write_text(x->out, "X-WR-CALNAME", "plumb follow-ups");
	}
}

static void write_tail(struct export *x)
{
	if (x->format == EXPORT_JSON)
		fputs(x->count ? "\n]\n" : "]\n", x->out);
	else if (x->format == EXPORT_ICS)
		ics_write(x->out, "END", "VCALENDAR");
}

static int write_deals(struct export *x, const struct deal_query *q)
{
	struct deal_iter *it;
	struct deal d;
	int rc;

	if (store_query(x->c->store, q, &it) != 0)
		return -1;
	write_head(x);
	while ((rc = deal_iter_next(it, &d)) == 1) {
		if (x->format == EXPORT_CSV)
			deal_csv_row(x->out, &x->engine, &d, x->neutralise);
		else if (x->format == EXPORT_JSON)
			rc = write_json_deal(x, &d) == 0 ? 1 : -1;
		else
			write_ics_deal(x, &d);
		deal_clear(&d);
		if (rc < 0)
			break;
		x->count++;
	}
	deal_iter_free(it);
	if (rc < 0)
		return -1;
	write_tail(x);
	return 0;
}

/* An out-of-memory exit leaves no temporary file behind. */
static void remove_temp(void *tmp)
{
	unlink(tmp);
}

/* A private temporary file beside path, to be renamed over it. */
static FILE *open_temp_beside(const char *path, char **tmp_path)
{
	char *copy = xstrdup(path);
	char *tmp = xasprintf("%s/.plumb-export-XXXXXX", dirname(copy));
	struct stat sb;
	int fd;

	free(copy);
	fd = mkstemp(tmp);
	if (fd < 0) {
		err_set("cannot create a file next to %s: %s", path, strerror(errno));
		free(tmp);
		return NULL;
	}
	/* An existing file keeps its permissions; a new one is private, and so
	 * is one replacing a symbolic link (whose target is left alone). */
	if (lstat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		fchmod(fd, sb.st_mode & 07777);
	*tmp_path = tmp;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		err_set("cannot write %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		*tmp_path = NULL;
	}
	return f;
}

static int close_output(struct export *x, const char *path, char *tmp, bool ok)
{
	int rc = ok ? 0 : -1;

	if (fflush(x->out) != 0 || ferror(x->out)) {
		if (rc == 0)
			err_set("writing %s failed: %s", path ? path : "the export", strerror(errno));
		rc = -1;
	}
	if (!tmp)
		return rc;
	if (rc == 0 && fsync(fileno(x->out)) != 0) {
		err_set("writing %s failed: %s", path, strerror(errno));
		rc = -1;
	}
	if (fclose(x->out) != 0 && rc == 0) {
		err_set("writing %s failed: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		err_set("cannot replace %s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

static int parse_export_format(const char *s, enum export_format *out)
{
	if (!s || strcmp(s, "csv") == 0)
		*out = EXPORT_CSV;
	else if (strcmp(s, "json") == 0)
		*out = EXPORT_JSON;
	else if (strcmp(s, "ics") == 0)
		*out = EXPORT_ICS;
	else
		return cli_usage_error("plumb export: '%s' is not a format (csv, json, ics)", s);
	return EXIT_OK;
}

static int run_export(struct cli *c, const struct cli_args *a)
{
	struct export x = { .c = c, .neutralise = !arg_flag(a, "raw"), .todo = arg_flag(a, "todo") };
	struct engine_options eo;
	struct deal_query q;
	const char *path = arg_str(a, "output");
	char *tmp = NULL;
	int rc;

	if ((rc = parse_export_format(arg_str(a, "format"), &x.format)) != EXIT_OK ||
	    (rc = build_query(&x, a, &q)) != EXIT_OK)
		return rc;
	engine_options_default(&eo);
	eo.display_ideal = c->cfg.ideal_cycle_days;
	eo.countdown_days = c->cfg.countdown_days;
	if (store_read_begin(c->store) != 0)
		return EXIT_ERROR;
	if (engine_load(&x.engine, c->store, &eo) != 0) {
		store_read_end(c->store);
		return EXIT_ERROR;
	}
	x.out = path ? open_temp_beside(path, &tmp) : stdout;
	if (tmp)
		fatal_cleanup_push(remove_temp, tmp);
	rc = x.out ? write_deals(&x, &q) : -1;
	if (tmp)
		fatal_cleanup_pop();
	if (x.out)
		rc = close_output(&x, path, tmp, rc == 0);
	engine_free(&x.engine);
	store_read_end(c->store);
	if (rc == 0 && path && isatty(STDERR_FILENO))
		fprintf(stderr, "plumb export: %lld deals to %s\n", (long long)x.count, path);
	return rc == 0 ? EXIT_OK : EXIT_ERROR;
}

const struct cli_command cmd_export = {
	"export", "", "Export deals as CSV or JSON, or follow-ups as an iCalendar file.",
	CMD_OPTIONS(export_options), 0, 0, 0, run_export,
};
