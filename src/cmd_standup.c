/* plumb standup: per owner, what moved since the last working day and what to chase. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "plumb/clock.h"
#include "plumb/deal_out.h"
#include "plumb/output.h"
#include "plumb/parse.h"
#include "plumb/report_out.h"
#include "plumb/standup_report.h"
#include "plumb/text.h"
#include "plumb/util.h"

static const struct cli_option standup_options[] = {
	{ "owner", "NAME", "only NAME's page", false },
	{ "limit", "N", "items per list (default 5); the rest are counted", false },
	{ "format", "FORMAT", "text (default), markdown or json", false },
};

enum standup_format { FMT_TEXT, FMT_MARKDOWN, FMT_JSON };

static const char *const weekday_names[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
					     "Friday", "Saturday", "Sunday" };

/*
 * Lines are built from literal parts and stored text; stored text is
 * sanitised (text) or also Markdown-escaped (markdown), and a text line
 * is cut to the terminal's width.
 */
struct writer {
	FILE *out;
	enum standup_format fmt;
	int width;
	const char *sym;
	const struct standup *s;
	struct strbuf line;
};

static void put(struct writer *w, const char *fmt, ...) PLUMB_PRINTF(2, 3);
static void put(struct writer *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strbuf_vprintf(&w->line, fmt, ap);
	va_end(ap);
}

static void put_text(struct writer *w, const char *s)
{
	if (w->fmt == FMT_MARKDOWN)
		report_markdown_text(&w->line, s ? s : "");
	else
		text_sanitize(&w->line, s ? s : "", s ? strlen(s) : 0);
}

static void end_line(struct writer *w)
{
	if (w->fmt == FMT_TEXT && w->line.len) {
		struct strbuf fitted;
		strbuf_init(&fitted);
		text_fit(&fitted, w->line.buf, w->width, false);
		fprintf(w->out, "%s\n", fitted.buf ? fitted.buf : "");
		strbuf_free(&fitted);
	} else {
		fprintf(w->out, "%s\n", w->line.buf ? w->line.buf : "");
	}
	strbuf_reset(&w->line);
}

static void put_day(struct writer *w, int64_t day)
{
	char buf[16];
	clock_format_day(day, buf, sizeof(buf));
	put(w, "%s %s", weekday_names[clock_weekday(day)], buf);
}

static void put_count(struct writer *w, int64_t n)
{
	char buf[32];
	report_count(n, buf, sizeof(buf));
	put(w, "%s", buf);
}

static void put_money(struct writer *w, int64_t minor)
{
	char buf[64];
	report_money(w->sym, minor, 0, buf, sizeof(buf));
	put(w, "%s", buf);
}

static void put_days_ago(struct writer *w, int64_t days)
{
	put(w, "%lld day%s ago", (long long)days, days == 1 ? "" : "s");
}

/* Two lines: what happened since the last working day, and what is due now. */
static void summary(struct writer *w, const char *indent, const struct standup_counts *c)
{
	put(w, "%sSince %s: moved ", indent, weekday_names[clock_weekday(w->s->since_day)]);
	put_count(w, c->moved);
	put(w, ", won ");
	put_count(w, c->won);
	if (c->won) {
		put(w, " (");
		put_money(w, c->won_value_minor);
		put(w, ")");
	}
	put(w, ", lost ");
	put_count(w, c->lost);
	end_line(w);
	put(w, "%sNow: follow-ups due ", indent);
	put_count(w, c->due);
	put(w, " (");
	put_count(w, c->due_today);
	put(w, " today), overdue ");
	put_count(w, c->overdue);
	put(w, ", stalled ");
	put_count(w, c->stalled);
	put(w, ", open objections ");
	put_count(w, c->objections);
	end_line(w);
}

/* "Moved (12)" as a text or Markdown list heading. */
static void section(struct writer *w, const char *title, int64_t count)
{
	if (w->fmt == FMT_MARKDOWN)
		end_line(w);
	put(w, w->fmt == FMT_MARKDOWN ? "**%s** (" : "  %s (", title);
	put_count(w, count);
	put(w, ")");
	end_line(w);
}

static void item_start(struct writer *w, int64_t deal_id)
{
	put(w, w->fmt == FMT_MARKDOWN ? "- #%lld " : "    #%lld ", (long long)deal_id);
}

static void more(struct writer *w, int64_t count, size_t shown)
{
	if (count <= (int64_t)shown)
		return;
	put(w, w->fmt == FMT_MARKDOWN ? "- _and " : "    and ");
	put_count(w, count - (int64_t)shown);
	put(w, w->fmt == FMT_MARKDOWN ? " more_" : " more");
	end_line(w);
}

static void moved_section(struct writer *w, const struct standup_page *p)
{
	if (p->counts.moved == 0)
		return;
	section(w, "Moved", p->counts.moved);
	for (size_t i = 0; i < p->moved_len; i++) {
		const struct history_entry *h = &p->moved[i].history;
		item_start(w, h->deal_id);
		put_text(w, p->moved[i].deal_title);
		put(w, ": ");
		if (h->from_status != DEAL_OPEN) {
			put(w, "reopened (was %s) into ", deal_status_name(h->from_status));
		} else {
			put_text(w, h->from_stage_name);
			put(w, " -> ");
		}
		put_text(w, h->to_stage_name);
		end_line(w);
	}
	more(w, p->counts.moved, p->moved_len);
}

static void closed_section(struct writer *w, const char *title, int64_t count,
			   const struct standup_deals *deals)
{
	if (count == 0)
		return;
	section(w, title, count);
	for (size_t i = 0; i < deals->len; i++) {
		const struct deal *d = &deals->items[i];
		item_start(w, d->id);
		put_text(w, d->title);
		put(w, ": ");
		put_money(w, d->value_minor);
		put(w, " after %d days", d->cycle_days);
		if (d->status == DEAL_LOST && !str_empty(d->lost_reason)) {
			put(w, ", ");
			put_text(w, d->lost_reason);
		}
		end_line(w);
	}
	more(w, count, deals->len);
}

static void followup_section(struct writer *w, const char *title, int64_t count,
			     const struct standup_deals *deals)
{
	const struct engine *e = &w->s->engine;

	if (count == 0)
		return;
	section(w, title, count);
	for (size_t i = 0; i < deals->len; i++) {
		const struct deal *d = &deals->items[i];
		struct followup_state fs;
		char day[16];
		engine_followup(e, d, &fs);
		clock_format_day(fs.due_day, day, sizeof(day));
		item_start(w, d->id);
		put_text(w, d->title);
		if (fs.due_today)
			put(w, ": due today");
		else {
			put(w, ": due %s (", day);
			put_days_ago(w, e->today - fs.due_day);
			put(w, ")");
		}
		if (d->unanswered)
			put(w, ", %d unanswered", d->unanswered);
		end_line(w);
	}
	more(w, count, deals->len);
}

static void stalled_section(struct writer *w, const struct standup_page *p)
{
	if (p->counts.stalled == 0)
		return;
	section(w, "Stalled", p->counts.stalled);
	for (size_t i = 0; i < p->stalled.len; i++) {
		const struct deal *d = &p->stalled.items[i];
		item_start(w, d->id);
		put_text(w, d->title);
		put(w, ": %lld days old, in ", (long long)engine_age_days(&w->s->engine, d));
		put_text(w, d->stage_name);
		end_line(w);
	}
	more(w, p->counts.stalled, p->stalled.len);
}

static void objection_section(struct writer *w, const struct standup_page *p)
{
	if (p->counts.objections == 0)
		return;
	section(w, "Open objections", p->counts.objections);
	for (size_t i = 0; i < p->objections_len; i++) {
		const struct objection *o = &p->objections[i].objection;
		item_start(w, o->deal_id);
		put_text(w, p->objections[i].deal_title);
		put(w, ": ");
		put_text(w, o->category);
		put(w, " (%s) \"", objection_state_name(o->state));
		put_text(w, o->said);
		put(w, "\"");
		end_line(w);
	}
	more(w, p->counts.objections, p->objections_len);
}

static void page_text(struct writer *w, const struct standup_page *p)
{
	const struct standup_counts *c = &p->counts;

	end_line(w);
	put(w, w->fmt == FMT_MARKDOWN ? "### " : "== ");
	put_text(w, p->owner[0] ? p->owner : "(no owner)");
	put(w, w->fmt == FMT_MARKDOWN ? "" : " ==");
	end_line(w);
	if (w->fmt == FMT_MARKDOWN) {
		end_line(w);
		summary(w, "- ", c);
	} else {
		summary(w, "", c);
	}
	moved_section(w, p);
	closed_section(w, "Won", c->won, &p->won);
	closed_section(w, "Lost", c->lost, &p->lost);
	followup_section(w, "Follow-ups due", c->due, &p->due);
	followup_section(w, "Overdue follow-ups", c->overdue, &p->overdue);
	stalled_section(w, p);
	objection_section(w, p);
}

static void header_text(struct writer *w)
{
	put(w, w->fmt == FMT_MARKDOWN ? "## Standup, " : "Standup, ");
	put_day(w, w->s->today);
	put(w, " (since ");
	put_day(w, w->s->since_day);
	put(w, ")");
	end_line(w);
	end_line(w);
	put(w, w->fmt == FMT_MARKDOWN ? "**Team**" : "Team");
	end_line(w);
	if (w->fmt == FMT_MARKDOWN)
		end_line(w);
	summary(w, w->fmt == FMT_MARKDOWN ? "- " : "  ", &w->s->team);
}

/* JSON: key names are documented in plumb(1), STANDUP; keep them stable. */

static json_t *counts_json(const struct standup_counts *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "moved", json_integer(c->moved));
	json_object_set_new(o, "won", json_integer(c->won));
	json_object_set_new(o, "won_value_minor", json_integer(c->won_value_minor));
	json_object_set_new(o, "lost", json_integer(c->lost));
	json_object_set_new(o, "lost_value_minor", json_integer(c->lost_value_minor));
	json_object_set_new(o, "followups_due", json_integer(c->due));
	json_object_set_new(o, "followups_due_today", json_integer(c->due_today));
	json_object_set_new(o, "followups_overdue", json_integer(c->overdue));
	json_object_set_new(o, "stalled", json_integer(c->stalled));
	json_object_set_new(o, "open_objections", json_integer(c->objections));
	return o;
}

static json_t *deals_json(const struct engine *e, const struct standup_deals *deals)
{
	json_t *a = json_array();
	for (size_t i = 0; i < deals->len; i++)
		json_array_append_new(a, deal_json(e, &deals->items[i]));
	return a;
}

static json_t *moves_json(const struct standup_page *p)
{
	json_t *a = json_array();
	char at[32];

	for (size_t i = 0; i < p->moved_len; i++) {
		const struct history_entry *h = &p->moved[i].history;
		json_t *m = json_object();
		clock_format_utc(h->at, at, sizeof(at));
		json_object_set_new(m, "deal_id", json_integer(h->deal_id));
		json_object_set_new(m, "title", json_text(p->moved[i].deal_title));
		json_object_set_new(m, "at", json_string(at));
		json_object_set_new(m, "who", json_text(h->who));
		json_object_set_new(m, "from_stage", json_text(h->from_stage_name));
		json_object_set_new(m, "to_stage", json_text(h->to_stage_name));
		json_object_set_new(m, "reopened", json_boolean(h->from_status != DEAL_OPEN));
		json_array_append_new(a, m);
	}
	return a;
}

static json_t *objections_json(const struct standup_page *p)
{
	json_t *a = json_array();
	char at[32];

	for (size_t i = 0; i < p->objections_len; i++) {
		const struct objection *o = &p->objections[i].objection;
		json_t *j = json_object();
		clock_format_utc(o->at, at, sizeof(at));
		json_object_set_new(j, "deal_id", json_integer(o->deal_id));
		json_object_set_new(j, "title", json_text(p->objections[i].deal_title));
		json_object_set_new(j, "at", json_string(at));
		json_object_set_new(j, "category", json_text(o->category));
		json_object_set_new(j, "said", json_text(o->said));
		json_object_set_new(j, "response", json_text(o->response));
		json_object_set_new(j, "state", json_string(objection_state_name(o->state)));
		json_array_append_new(a, j);
	}
	return a;
}

static json_t *page_json(const struct standup *s, const struct standup_page *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "owner", json_text(p->owner));
	json_object_set_new(o, "counts", counts_json(&p->counts));
	json_object_set_new(o, "moved", moves_json(p));
	json_object_set_new(o, "won", deals_json(&s->engine, &p->won));
	json_object_set_new(o, "lost", deals_json(&s->engine, &p->lost));
	json_object_set_new(o, "followups_due", deals_json(&s->engine, &p->due));
	json_object_set_new(o, "followups_overdue", deals_json(&s->engine, &p->overdue));
	json_object_set_new(o, "stalled", deals_json(&s->engine, &p->stalled));
	json_object_set_new(o, "open_objections", objections_json(p));
	return o;
}

static json_t *root_json(const struct standup *s)
{
	json_t *o = json_object();
	char day[16];

	clock_format_day(s->today, day, sizeof(day));
	json_object_set_new(o, "today", json_string(day));
	clock_format_day(s->since_day, day, sizeof(day));
	json_object_set_new(o, "since", json_string(day));
	json_object_set_new(o, "team", counts_json(&s->team));
	return o;
}

static int write_pages(struct cli *c, struct writer *w, json_t *owners)
{
	for (size_t i = 0; i < w->s->owners_len; i++) {
		struct standup_page p;
		if (standup_page_load(c->store, w->s, i, &p) != 0)
			return -1;
		if (owners)
			json_array_append_new(owners, page_json(w->s, &p));
		else
			page_text(w, &p);
		standup_page_free(&p);
	}
	return 0;
}

static int parse_options(const struct cli_args *a, enum standup_format *fmt,
			 struct standup_options *o)
{
	const char *v = arg_str(a, "format");
	int64_t n;

	if (!v || strcmp(v, "text") == 0)
		*fmt = FMT_TEXT;
	else if (strcmp(v, "markdown") == 0 || strcmp(v, "md") == 0)
		*fmt = FMT_MARKDOWN;
	else if (strcmp(v, "json") == 0)
		*fmt = FMT_JSON;
	else
		return cli_usage_error("plumb standup: '%s' is not a format (text, markdown, json)",
				       v);
	standup_options_default(o);
	o->owner = arg_str(a, "owner");
	if ((v = arg_str(a, "limit"))) {
		if (parse_int(v, 1, 1000, &n) != 0)
			return cli_usage_error("plumb standup: --limit: %s", err_msg());
		o->list_limit = (int)n;
	}
	return EXIT_OK;
}

static int run_standup(struct cli *c, const struct cli_args *a)
{
	struct standup_options o;
	struct standup s;
	enum standup_format fmt = FMT_TEXT;
	json_t *root = NULL, *owners = NULL;
	int rc = parse_options(a, &fmt, &o);

	if (rc != EXIT_OK)
		return rc;
	if (standup_load(c->store, &o, &s) != 0)
		return EXIT_ERROR;
	struct writer w = { stdout, fmt, output_width(stdout), c->cfg.currency_symbol, &s,
			    { NULL, 0, 0 } };
	if (fmt == FMT_JSON) {
		root = root_json(&s);
		owners = json_array();
	} else {
		header_text(&w);
	}
	if (write_pages(c, &w, owners) != 0)
		rc = EXIT_ERROR;
	if (root) {
		json_object_set_new(root, "owners", owners);
		if (rc == EXIT_OK && report_json_print(stdout, root) != 0)
			rc = EXIT_ERROR;
		json_decref(root);
	}
	strbuf_free(&w.line);
	standup_free(&s);
	if (rc == EXIT_OK && (fflush(stdout) != 0 || ferror(stdout))) {
		err_set("writing the standup failed");
		rc = EXIT_ERROR;
	}
	return rc;
}

const struct cli_command cmd_standup = {
	"standup", "", "The standup: per owner, what moved since the last working day.",
	CMD_OPTIONS(standup_options), 0, 0, 0, run_standup,
};
