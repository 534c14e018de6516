#include "plumb/cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_internal.h"
#include "plumb/board.h"
#include "plumb/clock.h"
#include "plumb/demo.h"
#include "plumb/output.h"
#include "plumb/parse.h"
#include "plumb/util.h"

static const struct cli_command *const commands[] = {
	&cmd_init, &cmd_demo, &cmd_add, &cmd_edit, &cmd_move, &cmd_won, &cmd_lost,
	&cmd_delete, &cmd_log, &cmd_objection, &cmd_list, &cmd_show, &cmd_rules,
	&cmd_check, &cmd_backup, &cmd_stats, &cmd_standup, &cmd_import, &cmd_export,
};

static const struct cli_option common_options[] = {
	{ "db", "PATH", "pipeline database (see FILES in plumb(1))", false },
	{ "config", "PATH", "config file (default ~/.config/plumb/config.ini)", false },
	{ "help", NULL, "show this help", false },
};

static const struct cli_option board_options[] = {
	{ "read-only", NULL, "open the pipeline without changing anything", false },
	{ "owner", "NAME", "show only NAME's deals", false },
	{ "theme", "NAME", "colour theme: default, light, solarized-dark, ...", false },
	{ "standup", NULL, "open straight into the standup screen", false },
	{ "version", NULL, "print the version and exit", false },
};

/* Conventional one-letter forms, given to any command with the long one. */
static const struct {
	char letter;
	const char *name;
} short_forms[] = {
	{ 'o', "output" },
};

static char short_form(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(short_forms); i++)
		if (strcmp(short_forms[i].name, name) == 0)
			return short_forms[i].letter;
	return 0;
}

static char usage_msg[512];

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(usage_msg, sizeof(usage_msg), fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

const char *arg_str(const struct cli_args *a, const char *name)
{
	for (size_t i = 0; i < a->options_len; i++)
		if (strcmp(a->options[i].name, name) == 0)
			return a->values[i];
	return NULL;
}

bool arg_flag(const struct cli_args *a, const char *name)
{
	return arg_str(a, name) != NULL;
}

const char **arg_list(const struct cli_args *a, const char *name)
{
	static const char *empty[] = { NULL };
	for (size_t i = 0; i < a->options_len; i++)
		if (strcmp(a->options[i].name, name) == 0 && a->lists[i])
			return a->lists[i];
	return empty;
}

static void print_options(FILE *out, const struct cli_option *opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char left[64], letter[8] = "";
		if (short_form(opts[i].name))
			snprintf(letter, sizeof(letter), "-%c, ", short_form(opts[i].name));
		snprintf(left, sizeof(left), "%s--%s%s%s", letter, opts[i].name,
			 opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		fprintf(out, "  %-24s %s\n", left, opts[i].help);
	}
}

static void print_command_help(const struct cli_command *cmd)
{
	printf("Usage: plumb %s%s%s [options]\n\n%s\n\nOptions:\n", cmd->name,
	       cmd->usage[0] ? " " : "", cmd->usage, cmd->summary);
	print_options(stdout, cmd->options, cmd->options_len);
	print_options(stdout, common_options, ARRAY_LEN(common_options));
}

static void print_main_help(void)
{
	printf("Usage: plumb [options]            open the board\n"
	       "       plumb COMMAND [options]    run one command\n\n"
	       "plumb is a terminal kanban board for a sales pipeline: deals in stage\n"
	       "columns, stalled deals highlighted, follow-ups kept in view.\n\n"
	       "Board options:\n");
	print_options(stdout, board_options, ARRAY_LEN(board_options));
	print_options(stdout, common_options, ARRAY_LEN(common_options));
	printf("\nCommands:\n");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		printf("  %-10s %s\n", commands[i]->name, commands[i]->summary);
	printf("\n'plumb COMMAND --help' describes a command; man plumb has the rest.\n");
}

/*
 * Parses argv for one option table plus the common options. Values of the
 * common options go to c; the rest into a (caller frees with args_free).
 */
static int parse_args(struct cli *c, const char *cmd_name, const struct cli_option *opts,
		      size_t n, int argc, char **argv, struct cli_args *a, bool stop_at_command)
{
	size_t total = n + ARRAY_LEN(common_options);
	struct option *longopts = xcalloc(total + 1, sizeof(*longopts));
	int rc = 0;

	memset(a, 0, sizeof(*a));
	a->options = opts;
	a->options_len = n;
	a->values = xcalloc(n ? n : 1, sizeof(*a->values));
	a->lists = xcalloc(n ? n : 1, sizeof(*a->lists));
	for (size_t i = 0; i < total; i++) {
		const struct cli_option *o = i < n ? &opts[i] : &common_options[i - n];
		longopts[i].name = o->name;
		longopts[i].has_arg = o->arg ? required_argument : no_argument;
		longopts[i].val = 256 + (int)i;
	}
	char shorts[16] = ":h";
	if (stop_at_command)
		snprintf(shorts, sizeof(shorts), "+:h");
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(shorts);
		if (short_form(opts[i].name) && len + 3 < sizeof(shorts))
			snprintf(shorts + len, sizeof(shorts) - len, "%c%s", short_form(opts[i].name),
				 opts[i].arg ? ":" : "");
	}
	optind = 0; /* full reset of getopt's state for each parse */
	opterr = 0;
	for (;;) {
		int ch = getopt_long(argc, argv, shorts, longopts, NULL);
		if (ch == -1)
			break;
		for (size_t i = 0; i < n && ch > ':' && ch < 256; i++)
			if (ch != 'h' && ch == short_form(opts[i].name))
				ch = 256 + (int)i;
		if (ch == 'h') {
			ch = 256 + (int)n + 2;
		} else if (ch < 256) {
			const char *bad = argv[optind - 1 < argc ? optind - 1 : argc - 1];
			rc = cli_usage_error("plumb%s%s: %s '%s'", cmd_name ? " " : "",
					     cmd_name ? cmd_name : "",
					     ch == ':' ? "missing argument for" : "unknown option",
					     bad);
			break;
		}
		size_t idx = (size_t)(ch - 256);
		if (idx >= n) {
			const char *name = common_options[idx - n].name;
			if (strcmp(name, "db") == 0)
				c->db_arg = optarg;
			else if (strcmp(name, "config") == 0)
				c->config_arg = optarg;
			else {
				rc = -1; /* --help */
				break;
			}
			continue;
		}
		a->values[idx] = opts[idx].arg ? optarg : "1";
		if (opts[idx].repeatable) {
			size_t k = 0;
			while (a->lists[idx] && a->lists[idx][k])
				k++;
			a->lists[idx] = xreallocarray(a->lists[idx], k + 2, sizeof(char *));
			a->lists[idx][k] = optarg;
			a->lists[idx][k + 1] = NULL;
		}
	}
	a->argc = argc - optind;
	a->argv = argv + optind;
	free(longopts);
	return rc;
}

static void args_free(struct cli_args *a)
{
	for (size_t i = 0; i < a->options_len; i++)
		free(a->lists[i]);
	free(a->lists);
	free(a->values);
}

int cli_open_store(struct cli *c, unsigned store_flags)
{
	if (c->store)
		return 0;
	if (store_open(c->db_path, store_flags, &c->store) != 0)
		return -1;
	store_set_who(c->store, c->who);
	/* A command that may create the file starts it with the default stages. */
	if ((store_flags & STORE_CREATE) && !store_read_only(c->store)) {
		int needs = store_needs_init(c->store);
		if (needs < 0)
			return -1;
		if (needs == 0)
			return 0;
		if (store_init_stages(c->store, demo_default_stages, demo_default_stages_len) != 0)
			return -1;
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "plumb: started a new pipeline in %s\n", c->db_path);
	}
	return 0;
}

const struct stage_list *cli_stages(struct cli *c)
{
	if (!c->stages_loaded) {
		if (store_stages(c->store, &c->stages) != 0)
			return NULL;
		c->stages_loaded = true;
	}
	return &c->stages;
}

int cli_stage(struct cli *c, const char *name_or_pos, int64_t *stage_id)
{
	const struct stage_list *stages = cli_stages(c);
	const struct stage *s;
	struct strbuf sb;

	if (!stages)
		return -1;
	s = stage_list_find(stages, name_or_pos);
	if (s) {
		*stage_id = s->id;
		return 0;
	}
	strbuf_init(&sb);
	for (size_t i = 0; i < stages->len; i++)
		strbuf_printf(&sb, "%s%s", i ? ", " : "", stages->items[i].name);
	err_set("'%s' is not a stage (stages: %s)", name_or_pos, sb.buf ? sb.buf : "none");
	strbuf_free(&sb);
	return -1;
}

int cli_deal_id(const char *s, int64_t *id)
{
	if (parse_int(s, 1, INT64_MAX, id) != 0) {
		err_set("'%s' is not a deal id", s);
		return -1;
	}
	return 0;
}

static const struct cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static int setup(struct cli *c)
{
	if (config_load(&c->cfg, c->config_arg) != 0)
		return -1;
	c->db_path = config_db_path(&c->cfg, c->db_arg);
	c->who = config_user_name(&c->cfg);
	return 0;
}

static void teardown(struct cli *c)
{
	if (c->stages_loaded)
		stage_list_clear(&c->stages);
	store_close(c->store);
	config_free(&c->cfg);
	free(c->db_path);
	free(c->who);
}

/* Messages quote stored text (stage names, file contents): sanitised, and
 * so always one line. */
static int report(int rc, const char *cmd_name)
{
	if (rc == EXIT_USAGE) {
		output_text(stderr, usage_msg);
		fprintf(stderr, " (see 'plumb %s--help')\n", cmd_name ? cmd_name : "");
	} else if (rc != EXIT_OK) {
		fprintf(stderr, "plumb%s%s: ", cmd_name ? " " : "", cmd_name ? cmd_name : "");
		output_text(stderr, err_msg());
		fputc('\n', stderr);
	}
	return rc;
}

static int run_command(struct cli *c, const struct cli_command *cmd, int argc, char **argv)
{
	struct cli_args a;
	char help_hint[64];
	int rc = parse_args(c, cmd->name, cmd->options, cmd->options_len, argc, argv, &a, false);

	snprintf(help_hint, sizeof(help_hint), "%s ", cmd->name);
	if (rc == -1) {
		print_command_help(cmd);
		args_free(&a);
		return EXIT_OK;
	}
	if (rc == EXIT_USAGE) {
		args_free(&a);
		return report(rc, help_hint) ;
	}
	if (a.argc < cmd->min_args || (cmd->max_args >= 0 && a.argc > cmd->max_args)) {
		rc = a.argc < cmd->min_args
			     ? cli_usage_error("plumb %s: missing %s", cmd->name, cmd->usage)
			     : cli_usage_error("plumb %s: unexpected argument '%s'", cmd->name,
					       a.argv[cmd->max_args]);
		args_free(&a);
		return report(rc, help_hint);
	}
	if (setup(c) != 0) {
		args_free(&a);
		return report(EXIT_ERROR, cmd->name);
	}
	if (!(cmd->flags & CMD_NO_STORE) &&
	    cli_open_store(c, (cmd->flags & CMD_CREATE) ? STORE_CREATE : 0) != 0) {
		args_free(&a);
		return report(EXIT_ERROR, cmd->name);
	}
	rc = cmd->run(c, &a);
	args_free(&a);
	if (rc == EXIT_USAGE)
		return report(rc, help_hint);
	return report(rc, cmd->name);
}

static int run_board(struct cli *c, const struct cli_args *a)
{
	struct board_options opts = {
		.read_only = arg_flag(a, "read-only"),
		.owner = arg_str(a, "owner"),
		.theme = arg_str(a, "theme"),
		.standup = arg_flag(a, "standup"),
	};

	if (setup(c) != 0)
		return report(EXIT_ERROR, NULL);
	return report(board_run(&c->cfg, c->db_path, c->who, &opts) == 0 ? EXIT_OK : EXIT_ERROR,
		      NULL);
}

int cli_main(int argc, char **argv)
{
	struct cli c;
	struct cli_args a;
	int rc;

	memset(&c, 0, sizeof(c));
	/* jansson's allocations are checked like ours (util.h). */
	json_set_alloc_funcs(xmalloc, free);
	if (clock_init() != 0) {
		fprintf(stderr, "plumb: %s\n", err_msg());
		return EXIT_ERROR;
	}
	rc = parse_args(&c, NULL, board_options, ARRAY_LEN(board_options), argc, argv, &a, true);
	if (rc == -1) {
		print_main_help();
		args_free(&a);
		return EXIT_OK;
	}
	if (rc == EXIT_USAGE) {
		args_free(&a);
		return report(rc, NULL);
	}
	if (arg_flag(&a, "version")) {
		printf("plumb %s (schema %d)\n", PLUMB_VERSION, store_schema_version());
		args_free(&a);
		return EXIT_OK;
	}
	if (a.argc == 0) {
		rc = run_board(&c, &a);
	} else {
		const struct cli_command *cmd = find_command(a.argv[0]);
		if (!cmd) {
			rc = report(cli_usage_error("plumb: '%s' is not a command", a.argv[0]),
				    NULL);
		} else {
			rc = run_command(&c, cmd, a.argc, a.argv);
		}
	}
	args_free(&a);
	teardown(&c);
	return rc;
}
