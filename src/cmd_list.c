/* Commands that read deals: list and show. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_internal.h"
#include "plumb/clock.h"
#include "plumb/deal_out.h"
#include "plumb/engine.h"
#include "plumb/output.h"
#include "plumb/parse.h"
#include "plumb/text.h"
#include "plumb/util.h"

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

static int parse_format(const char *s, enum format *out, bool allow_csv)
{
	if (!s || strcmp(s, "table") == 0)
		*out = FORMAT_TABLE;
	else if (strcmp(s, "json") == 0)
		*out = FORMAT_JSON;
	else if (allow_csv && strcmp(s, "csv") == 0)
		*out = FORMAT_CSV;
	else
		return cli_usage_error("plumb: '%s' is not a format (table%s, json)", s,
				       allow_csv ? ", csv" : "");
	return 0;
}

static int load_engine(struct cli *c, struct engine *e)
{
	struct engine_options o;

	engine_options_default(&o);
	o.display_ideal = c->cfg.ideal_cycle_days;
	o.countdown_days = c->cfg.countdown_days;
	return engine_load(e, c->store, &o);
}

static const struct cli_option list_options[] = {
	{ "stage", "STAGE", "only deals in this stage", false },
	{ "owner", "NAME", "only NAME's deals", false },
	{ "status", "STATUS", "open (default), won, lost, closed or all", false },
	{ "stalled", NULL, "only stalled deals (older than the average cycle)", false },
	{ "rotting", NULL, "only deals in their stage longer than its rot_days", false },
	{ "due", NULL, "only deals with a follow-up due today or earlier", false },
	{ "overdue", NULL, "only deals with an overdue follow-up", false },
	{ "persist", NULL, "only deals with 2+ unanswered follow-ups in a row", false },
	{ "qualify-out", NULL, "only deals that reached max_unanswered", false },
	{ "key-account", NULL, "only key accounts", false },
	{ "search", "TEXT", "only deals whose title, company, contact or owner has TEXT", false },
	{ "limit", "N", "at most N deals", false },
	{ "format", "FORMAT", "table (default), csv or json", false },
	{ "raw", NULL, "csv: do not neutralise cells that look like formulas", false },
};

static int build_query(struct cli *c, const struct cli_args *a, const struct engine *e,
		       struct deal_query *q)
{
	const char *v;
	int64_t n;

	memset(q, 0, sizeof(*q));
	q->status = STATUS_OPEN;
	q->order = ORDER_BOARD;
	if ((v = arg_str(a, "status"))) {
		static const char *const names[] = { "open", "won", "lost", "closed", "all" };
		size_t i;
		for (i = 0; i < ARRAY_LEN(names) && strcmp(v, names[i]) != 0; i++)
			;
		if (i == ARRAY_LEN(names))
			return cli_usage_error("plumb list: '%s' is not a status (open, won, lost, "
					       "closed, all)", v);
		q->status = (enum deal_status_filter)i;
	}
	if ((v = arg_str(a, "stage")) && cli_stage(c, v, &q->stage_id) != 0)
		return EXIT_ERROR;
	q->owner = arg_str(a, "owner");
	q->text = arg_str(a, "search");
	q->key_account = arg_flag(a, "key-account");
	if ((v = arg_str(a, "limit"))) {
		if (parse_int(v, 1, INT64_MAX, &n) != 0)
			return cli_usage_error("plumb list: --limit: %s", err_msg());
		q->limit = n;
	}
	/* Most urgent first: the sort follows the sharpest filter given. */
	if (arg_flag(a, "persist") || arg_flag(a, "qualify-out")) {
		q->min_unanswered = arg_flag(a, "qualify-out") ? e->rules.max_unanswered : 2;
		if (!arg_flag(a, "qualify-out"))
			q->max_unanswered = e->rules.max_unanswered;
		q->order = ORDER_UNANSWERED;
	}
	if (arg_flag(a, "rotting")) {
		q->rotting = true;
		q->rot_today = e->today;
		q->order = ORDER_STAGE_AGE;
	}
	if (arg_flag(a, "stalled")) {
		q->created_before = engine_stalled_before(e);
		q->order = ORDER_AGE;
	}
	if (arg_flag(a, "due") || arg_flag(a, "overdue")) {
		q->followup_before = arg_flag(a, "overdue") ? engine_overdue_before(e)
							    : engine_due_before(e);
		q->order = ORDER_FOLLOWUP;
	}
	bool flag_filter = q->created_before || q->rotting || q->followup_before ||
			   q->min_unanswered;
	if (flag_filter && q->status != STATUS_OPEN)
		return cli_usage_error("plumb list: --stalled, --rotting, --due, --overdue, "
				       "--persist and --qualify-out apply to open deals");
	return EXIT_OK;
}

enum { COL_ID, COL_TITLE, COL_COMPANY, COL_STAGE, COL_VALUE, COL_AGE, COL_OWNER, COL_FLAGS,
       COL_COUNT };

static void list_table_row(struct cli *c, const struct table_column *cols,
			   const struct engine *e, const struct deal *d)
{
	char id[24], value[48], age[16], flags[16], money[40];
	const char *stage = d->status == DEAL_OPEN ? d->stage_name
			    : d->status == DEAL_WON ? "(won)" : "(lost)";

	snprintf(id, sizeof(id), "%lld", (long long)d->id);
	format_money(d->value_minor, money, sizeof(money));
	if ((int)strlen(money) + (int)strlen(c->cfg.currency_symbol) > cols[COL_VALUE].width)
		format_money_short(d->value_minor, money, sizeof(money));
	snprintf(value, sizeof(value), "%s%s", c->cfg.currency_symbol, money);
	snprintf(age, sizeof(age), "%lld", (long long)engine_age_days(e, d));
	engine_markers(e, d, flags, sizeof(flags));
	const char *cells[COL_COUNT] = { id, d->title, d->company, stage, value, age, d->owner,
					 flags };
	table_row(stdout, cols, COL_COUNT, cells);
}

static int run_list(struct cli *c, const struct cli_args *a)
{
	struct engine e;
	struct deal_query q;
	struct deal_iter *it = NULL;
	struct deal d;
	enum format fmt;
	int rc, n = 0;
	struct table_column cols[COL_COUNT] = {
		{ "ID", 7, 0, true }, { "TITLE", 12, 3, false }, { "COMPANY", 8, 2, false },
		{ "STAGE", 10, 0, false }, { "VALUE", 9, 0, true }, { "AGE", 4, 0, true },
		{ "OWNER", 8, 0, false }, { "FLAGS", 5, 0, false },
	};

	if (parse_format(arg_str(a, "format"), &fmt, true) != 0)
		return EXIT_USAGE;
	if (load_engine(c, &e) != 0)
		return EXIT_ERROR;
	rc = build_query(c, a, &e, &q);
	if (rc != EXIT_OK || store_query(c->store, &q, &it) != 0) {
		engine_free(&e);
		return rc != EXIT_OK ? rc : EXIT_ERROR;
	}
	if (fmt == FORMAT_TABLE) {
		table_layout(cols, COL_COUNT, output_width(stdout));
		table_header(stdout, cols, COL_COUNT);
	} else if (fmt == FORMAT_CSV) {
		deal_csv_header(stdout);
	} else {
		fputs("[", stdout);
	}
	while ((rc = deal_iter_next(it, &d)) == 1) {
		if (fmt == FORMAT_TABLE) {
			list_table_row(c, cols, &e, &d);
		} else if (fmt == FORMAT_CSV) {
			deal_csv_row(stdout, &e, &d, !arg_flag(a, "raw"));
		} else {
			json_t *j = deal_json(&e, &d);
			fputs(n ? ",\n" : "\n", stdout);
			int dumped = json_dump_out(j, stdout, JSON_COMPACT);
			json_decref(j);
			if (dumped != 0) {
				deal_clear(&d);
				rc = -1;
				break;
			}
		}
		n++;
		deal_clear(&d);
	}
	if (fmt == FORMAT_JSON)
		fputs(n ? "\n]\n" : "]\n", stdout);
	deal_iter_free(it);
	engine_free(&e);
	if (rc < 0)
		return EXIT_ERROR;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		err_set("writing the list failed");
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

const struct cli_command cmd_list = {
	"list", "", "List deals, most urgent first when filtered by a playbook flag.",
	CMD_OPTIONS(list_options), 0, 0, 0, run_list,
};

static const struct cli_option show_options[] = {
	{ "format", "FORMAT", "table (default) or json", false },
};

static void show_field(const char *label, const char *value)
{
	printf("%-14s ", label);
	output_text(stdout, value ? value : "");
	putchar('\n');
}

static int print_timeline_item(const struct timeline_item *item, void *ctx)
{
	char when[32];
	(void)ctx;

	if (item->kind == TIMELINE_HISTORY) {
		const struct history_entry *h = &item->u.history;
		clock_format_time(h->at, when, sizeof(when));
		printf("  %s  ", when);
		if (!h->from_stage_name) {
			printf("created in ");
			output_text(stdout, h->to_stage_name ? h->to_stage_name : "?");
		} else if (h->to_status != DEAL_OPEN) {
			printf("%s in ", deal_status_name(h->to_status));
			output_text(stdout, h->to_stage_name ? h->to_stage_name : "?");
		} else {
			printf(h->from_status != DEAL_OPEN ? "reopened from %s into " : "moved ",
			       deal_status_name(h->from_status));
			if (h->from_status == DEAL_OPEN) {
				output_text(stdout, h->from_stage_name);
				printf(" -> ");
			}
			output_text(stdout, h->to_stage_name ? h->to_stage_name : "?");
		}
		printf(" (");
		output_text(stdout, h->who ? h->who : "");
		printf(")\n");
	} else if (item->kind == TIMELINE_ACTIVITY) {
		const struct activity *ac = &item->u.activity;
		clock_format_time(ac->at, when, sizeof(when));
		printf("  %s  ", when);
		output_text(stdout, ac->kind);
		printf(" %s via ", direction_name(ac->direction));
		output_text(stdout, ac->channel);
		printf(": %s", outcome_name(ac->outcome));
		if (!str_empty(ac->note)) {
			printf(" - ");
			output_text(stdout, ac->note);
		}
		printf(" (");
		output_text(stdout, ac->who ? ac->who : "");
		printf(")\n");
	} else {
		const struct objection *o = &item->u.objection;
		clock_format_time(o->at, when, sizeof(when));
		printf("  %s  objection [", when);
		output_text(stdout, o->category);
		printf(", %s]: \"", objection_state_name(o->state));
		output_text(stdout, o->said);
		printf("\"");
		if (!str_empty(o->response)) {
			printf(" -> ");
			output_text(stdout, o->response);
		}
		printf(" (");
		output_text(stdout, o->who ? o->who : "");
		printf(")\n");
	}
	return 0;
}

static void show_table(struct cli *c, const struct engine *e, const struct deal *d)
{
	char buf[64], money[40];
	struct strbuf sb;

	snprintf(buf, sizeof(buf), "%lld", (long long)d->id);
	show_field("Deal", buf);
	show_field("Title", d->title);
	show_field("Company", d->company);
	show_field("Contact", d->contact_name);
	show_field("Email", d->contact_email);
	show_field("Phone", d->contact_phone);
	format_money(d->value_minor, money, sizeof(money));
	snprintf(buf, sizeof(buf), "%s%s %s", c->cfg.currency_symbol, money, d->currency);
	show_field("Value", buf);
	show_field("Owner", d->owner);
	snprintf(buf, sizeof(buf), "%d%%", d->stage_probability);
	printf("%-14s ", "Stage");
	output_text(stdout, d->stage_name);
	printf(" (probability %s)\n", buf);
	show_field("Status", d->status == DEAL_LOST && d->lost_reason ? "lost" : deal_status_name(d->status));
	if (d->status == DEAL_LOST)
		show_field("Lost reason", d->lost_reason);
	show_field("Channel", d->channel);
	show_field("Key account", d->key_account ? "yes" : "no");
	if (d->score >= 0)
		snprintf(buf, sizeof(buf), "%d", d->score);
	show_field("Score", d->score >= 0 ? buf : "-");
	format_day_of(d->created_at, buf, sizeof(buf));
	show_field("Entered", buf);
	format_day_of(d->stage_entered_at, buf, sizeof(buf));
	show_field("In stage since", buf);
	if (d->closed_at) {
		format_day_of(d->closed_at, buf, sizeof(buf));
		show_field("Closed", buf);
	}
	format_day_of(d->next_followup_at, buf, sizeof(buf));
	show_field("Next follow-up", buf[0] ? buf : "-");
	engine_markers(e, d, buf, sizeof(buf));
	show_field("Flags", buf[0] ? buf : "-");
	if (!str_empty(d->notes))
		show_field("Notes", d->notes);
	printf("\nPlaybook:\n");
	strbuf_init(&sb);
	engine_explain(e, d, &sb);
	for (char *line = sb.buf; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		printf("  ");
		output_text(stdout, line);
		putchar('\n');
		line = nl ? nl + 1 : NULL;
	}
	strbuf_free(&sb);
	printf("\nTimeline (newest first):\n");
}

static int collect_timeline(const struct timeline_item *item, void *ctx)
{
	json_array_append_new((json_t *)ctx, timeline_item_json(item));
	return 0;
}

static int run_show(struct cli *c, const struct cli_args *a)
{
	struct engine e;
	struct deal d;
	enum format fmt;
	int64_t id;
	int rc = EXIT_OK;

	if (parse_format(arg_str(a, "format"), &fmt, false) != 0)
		return EXIT_USAGE;
	if (cli_deal_id(a->argv[0], &id) != 0 || load_engine(c, &e) != 0)
		return EXIT_ERROR;
	if (store_deal_get(c->store, id, &d) != 0) {
		engine_free(&e);
		return EXIT_ERROR;
	}
	if (fmt == FORMAT_TABLE) {
		show_table(c, &e, &d);
		if (store_deal_timeline(c->store, id, print_timeline_item, NULL) != 0)
			rc = EXIT_ERROR;
	} else {
		json_t *o = deal_json(&e, &d);
		json_t *timeline = json_array();
		if (store_deal_timeline(c->store, id, collect_timeline, timeline) != 0)
			rc = EXIT_ERROR;
		json_object_set_new(o, "timeline", timeline);
		if (rc == EXIT_OK && json_print(stdout, o, true) != 0)
			rc = EXIT_ERROR;
		json_decref(o);
	}
	deal_clear(&d);
	engine_free(&e);
	return rc;
}

const struct cli_command cmd_show = {
	"show", "ID", "Show one deal, its playbook state and its timeline.",
	CMD_OPTIONS(show_options), 1, 1, 0, run_show,
};
