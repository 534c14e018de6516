/* Commands that change deals: add, edit, move, won, lost, delete, log, objection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"
#include "plumb/clock.h"
#include "plumb/output.h"
#include "plumb/parse.h"
#include "plumb/util.h"

#define DEAL_FIELD_OPTIONS                                                                 \
	{ "company", "NAME", "the buyer's company", false },                               \
	{ "value", "AMOUNT", "deal value: 12000, 12,000 or 12000.50", false },             \
	{ "currency", "CODE", "currency code (default: the team's rule)", false },         \
	{ "owner", "NAME", "the rep who owns it (default: you)", false },                  \
	{ "stage", "STAGE", "stage name or position (default: the first)", false },        \
	{ "channel", "CHANNEL", "source channel (see plumb rules)", false },               \
	{ "contact", "NAME", "contact person", false },                                    \
	{ "email", "ADDRESS", "contact email", false },                                    \
	{ "phone", "NUMBER", "contact phone", false },                                     \
	{ "score", "N", "qualification score 0..100 ('none' clears)", false },             \
	{ "next", "DATE", "next follow-up: YYYY-MM-DD, today, tomorrow, +3d, +2w, none", false }, \
	{ "notes", "TEXT", "free-form notes", false },                                     \
	{ "created", "DATE", "when it entered the pipeline (default: now)", false }

static int fill_text(const struct cli_args *a, const char *opt, struct deal_input *in,
		     enum deal_field f, const char **target)
{
	const char *v = arg_str(a, opt);
	if (v) {
		*target = v;
		DEAL_SET(in, f);
	}
	return 0;
}

static int fill_input(struct cli *c, const struct cli_args *a, struct deal_input *in)
{
	const char *v;
	int64_t n;

	fill_text(a, "company", in, FIELD_COMPANY, &in->company);
	fill_text(a, "currency", in, FIELD_CURRENCY, &in->currency);
	fill_text(a, "owner", in, FIELD_OWNER, &in->owner);
	fill_text(a, "channel", in, FIELD_CHANNEL, &in->channel);
	fill_text(a, "contact", in, FIELD_CONTACT, &in->contact_name);
	fill_text(a, "email", in, FIELD_EMAIL, &in->contact_email);
	fill_text(a, "phone", in, FIELD_PHONE, &in->contact_phone);
	fill_text(a, "notes", in, FIELD_NOTES, &in->notes);
	if ((v = arg_str(a, "currency")) && rule_validate("currency", v) != 0)
		return -1;
	if ((v = arg_str(a, "value"))) {
		if (parse_money(v, &in->value_minor) != 0)
			return -1;
		DEAL_SET(in, FIELD_VALUE);
	}
	if ((v = arg_str(a, "stage"))) {
		if (cli_stage(c, v, &in->stage_id) != 0)
			return -1;
		DEAL_SET(in, FIELD_STAGE);
	}
	if ((v = arg_str(a, "score"))) {
		if (str_ieq(v, "none"))
			in->score = -1;
		else if (parse_int(v, 0, 100, &n) == 0)
			in->score = (int)n;
		else
			return -1;
		DEAL_SET(in, FIELD_SCORE);
	}
	if ((v = arg_str(a, "next"))) {
		if (str_ieq(v, "none"))
			in->next_followup_day = INT64_MIN;
		else if (parse_day(v, &in->next_followup_day) != 0)
			return -1;
		DEAL_SET(in, FIELD_NEXT_FOLLOWUP);
	}
	if ((v = arg_str(a, "created"))) {
		int64_t day;
		if (parse_day(v, &day) != 0)
			return -1;
		if (day > clock_today()) {
			err_set("--created: %s is in the future", v);
			return -1;
		}
		/* Noon keeps the day right whatever DST does at midnight. */
		in->created_at = clock_day_start(day) + 12 * 3600;
		if (in->created_at > clock_now())
			in->created_at = clock_now();
		DEAL_SET(in, FIELD_CREATED);
	}
	return 0;
}

static const struct cli_option add_options[] = {
	DEAL_FIELD_OPTIONS,
	{ "key-account", NULL, "flag it as a key account", false },
};

static int run_add(struct cli *c, const struct cli_args *a)
{
	struct deal_input in = { 0 };
	int64_t id;

	in.title = a->argv[0];
	DEAL_SET(&in, FIELD_TITLE);
	if (arg_flag(a, "key-account")) {
		in.key_account = true;
		DEAL_SET(&in, FIELD_KEY_ACCOUNT);
	}
	if (fill_input(c, a, &in) != 0 || store_deal_add(c->store, &in, &id) != 0)
		return EXIT_ERROR;
	printf("%lld\n", (long long)id);
	return EXIT_OK;
}

const struct cli_command cmd_add = {
	"add", "TITLE", "Add a deal and print its id.", CMD_OPTIONS(add_options), 1, 1,
	CMD_CREATE, run_add,
};

static const struct cli_option edit_options[] = {
	{ "title", "TEXT", "the deal's title", false },
	DEAL_FIELD_OPTIONS,
	{ "key-account", NULL, "flag it as a key account", false },
	{ "no-key-account", NULL, "clear the key-account flag", false },
};

static int run_edit(struct cli *c, const struct cli_args *a)
{
	struct deal_input in = { 0 };
	int64_t id;

	if (cli_deal_id(a->argv[0], &id) != 0)
		return EXIT_ERROR;
	if (arg_str(a, "title")) {
		in.title = arg_str(a, "title");
		DEAL_SET(&in, FIELD_TITLE);
	}
	if (arg_flag(a, "key-account") || arg_flag(a, "no-key-account")) {
		if (arg_flag(a, "key-account") && arg_flag(a, "no-key-account"))
			return cli_usage_error("plumb edit: --key-account and --no-key-account "
					       "contradict each other");
		in.key_account = arg_flag(a, "key-account");
		DEAL_SET(&in, FIELD_KEY_ACCOUNT);
	}
	if (fill_input(c, a, &in) != 0)
		return EXIT_ERROR;
	if (in.set == 0)
		return cli_usage_error("plumb edit: nothing to change; give a field option");
	return store_deal_update(c->store, id, &in) == 0 ? EXIT_OK : EXIT_ERROR;
}

const struct cli_command cmd_edit = {
	"edit", "ID", "Change a deal's fields.", CMD_OPTIONS(edit_options), 1, 1, 0, run_edit,
};

static const struct cli_option no_options[] = {
	{ "quiet", NULL, "print nothing on success", false },
};

static int run_move(struct cli *c, const struct cli_args *a)
{
	int64_t id, stage_id;

	if (cli_deal_id(a->argv[0], &id) != 0 || cli_stage(c, a->argv[1], &stage_id) != 0 ||
	    store_deal_move(c->store, id, stage_id) != 0)
		return EXIT_ERROR;
	/* Nothing after the commit may fail: the name is known already. */
	if (!arg_flag(a, "quiet")) {
		printf("deal %lld is in ", (long long)id);
		output_text(stdout, stage_list_by_id(cli_stages(c), stage_id)->name);
		printf("\n");
	}
	return EXIT_OK;
}

const struct cli_command cmd_move = {
	"move", "ID STAGE", "Move a deal to a stage (reopens a closed deal).",
	CMD_OPTIONS(no_options), 2, 2, 0, run_move,
};

static int run_won(struct cli *c, const struct cli_args *a)
{
	int64_t id;

	if (cli_deal_id(a->argv[0], &id) != 0 || store_deal_close(c->store, id, DEAL_WON, NULL) != 0)
		return EXIT_ERROR;
	return EXIT_OK;
}

const struct cli_command cmd_won = {
	"won", "ID", "Close a deal as won.", CMD_OPTIONS(no_options), 1, 1, 0, run_won,
};

static const struct cli_option lost_options[] = {
	{ "reason", "TEXT", "why it was lost (required)", false },
};

static int run_lost(struct cli *c, const struct cli_args *a)
{
	const char *reason = arg_str(a, "reason");
	int64_t id;

	if (str_empty(reason))
		return cli_usage_error("plumb lost: --reason is required");
	if (cli_deal_id(a->argv[0], &id) != 0 ||
	    store_deal_close(c->store, id, DEAL_LOST, reason) != 0)
		return EXIT_ERROR;
	return EXIT_OK;
}

const struct cli_command cmd_lost = {
	"lost", "ID", "Close a deal as lost, with the reason.", CMD_OPTIONS(lost_options), 1, 1, 0,
	run_lost,
};

static int run_delete(struct cli *c, const struct cli_args *a)
{
	int64_t id;

	if (cli_deal_id(a->argv[0], &id) != 0 || store_deal_delete(c->store, id) != 0)
		return EXIT_ERROR;
	return EXIT_OK;
}

const struct cli_command cmd_delete = {
	"delete", "ID", "Delete a deal with its history, follow-ups and objections.",
	CMD_OPTIONS(no_options), 1, 1, 0, run_delete,
};

static const struct cli_option log_options[] = {
	{ "channel", "CHANNEL", "how the contact went (required; see plumb rules)", false },
	{ "kind", "KIND", "what it was: follow-up (default), call, demo, ...", false },
	{ "direction", "DIR", "outbound (default) or inbound", false },
	{ "outcome", "OUTCOME", "replied, no-response (default), meeting or other", false },
	{ "note", "TEXT", "what was said or sent", false },
	{ "next", "DATE", "next follow-up (default: the rule's days after this contact)", false },
	{ "at", "DATE", "when it happened (default: now)", false },
};

static int run_log(struct cli *c, const struct cli_args *a)
{
	struct activity_input in = { 0 };
	const char *v;
	int64_t id;

	in.channel = arg_str(a, "channel");
	in.kind = arg_str(a, "kind");
	in.note = arg_str(a, "note");
	in.direction = DIR_OUTBOUND;
	in.outcome = OUTCOME_NO_RESPONSE;
	if (str_empty(in.channel))
		return cli_usage_error("plumb log: --channel is required");
	if (cli_deal_id(a->argv[0], &id) != 0)
		return EXIT_ERROR;
	if ((v = arg_str(a, "direction")) && direction_parse(v, &in.direction) != 0)
		return EXIT_ERROR;
	if ((v = arg_str(a, "outcome")) && outcome_parse(v, &in.outcome) != 0)
		return EXIT_ERROR;
	if ((v = arg_str(a, "next"))) {
		if (parse_day(v, &in.next_followup_day) != 0)
			return EXIT_ERROR;
		in.has_next = true;
	}
	if ((v = arg_str(a, "at"))) {
		int64_t day;
		if (parse_day(v, &day) != 0)
			return EXIT_ERROR;
		in.at = day == clock_today() ? clock_now() : clock_day_start(day) + 12 * 3600;
	}
	return store_activity_add(c->store, id, &in, NULL) == 0 ? EXIT_OK : EXIT_ERROR;
}

const struct cli_command cmd_log = {
	"log", "ID", "Log a follow-up or other contact on a deal.", CMD_OPTIONS(log_options), 1, 1,
	0, run_log,
};

static const struct cli_option objection_options[] = {
	{ "category", "CAT", "price, value, competitor, relevance, timing, authority, other",
	  false },
	{ "said", "TEXT", "what the buyer said (required)", false },
	{ "response", "TEXT", "the answer given", false },
	{ "state", "STATE", "open (default), acknowledged or resolved", false },
};

static int run_objection(struct cli *c, const struct cli_args *a)
{
	struct objection_input in = { 0 };
	const char *v;
	int64_t id;

	in.category = arg_str(a, "category");
	in.said = arg_str(a, "said");
	in.response = arg_str(a, "response");
	in.state = OBJ_OPEN;
	if (str_empty(in.category))
		return cli_usage_error("plumb objection: --category is required");
	if (str_empty(in.said))
		return cli_usage_error("plumb objection: --said is required");
	if (cli_deal_id(a->argv[0], &id) != 0)
		return EXIT_ERROR;
	if ((v = arg_str(a, "state")) && objection_state_parse(v, &in.state) != 0)
		return EXIT_ERROR;
	return store_objection_add(c->store, id, &in, NULL) == 0 ? EXIT_OK : EXIT_ERROR;
}

const struct cli_command cmd_objection = {
	"objection", "ID", "Log an objection the buyer raised.", CMD_OPTIONS(objection_options),
	1, 1, 0, run_objection,
};
