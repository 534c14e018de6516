/* Shared by the command implementations (cmd_*.c) and the dispatcher. */
#ifndef PLUMB_CLI_INTERNAL_H
#define PLUMB_CLI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plumb/cli.h"
#include "plumb/config.h"
#include "plumb/domain.h"
#include "plumb/store.h"

/* One option of a command: drives getopt_long, --help and the man page. */
struct cli_option {
	const char *name;
	const char *arg; /* NULL: a flag without argument */
	const char *help;
	bool repeatable;
};

/* Parsed options: values by option name, positional arguments after. */
struct cli_args {
	const struct cli_option *options;
	size_t options_len;
	const char **values;  /* one per option; "1" for a given flag */
	const char ***lists;  /* repeatable options: NULL-terminated */
	int argc;
	char **argv;
};
const char *arg_str(const struct cli_args *a, const char *name);
bool arg_flag(const struct cli_args *a, const char *name);
const char **arg_list(const struct cli_args *a, const char *name);

struct cli;
enum cmd_flags {
	CMD_NO_STORE = 1u << 0, /* runs without opening the database */
	CMD_CREATE = 1u << 1,   /* creates the database if missing */
};
struct cli_command {
	const char *name;
	const char *usage; /* positional part, e.g. "ID STAGE" */
	const char *summary;
	const struct cli_option *options;
	size_t options_len;
	int min_args, max_args; /* max -1: unlimited */
	unsigned flags;
	int (*run)(struct cli *c, const struct cli_args *a);
};

struct cli {
	const char *db_arg;
	const char *config_arg;
	struct config cfg;
	char *db_path;
	char *who;
	struct store *store;
	struct stage_list stages;
	bool stages_loaded;
};

/* Opens the store (if not open) with the given flags; prints nothing. */
int cli_open_store(struct cli *c, unsigned store_flags);
/* The pipeline's stages, loaded once. */
const struct stage_list *cli_stages(struct cli *c);
/* Resolves a stage by name or position, or fails with the list of stages. */
int cli_stage(struct cli *c, const char *name_or_pos, int64_t *stage_id);
/* Parses a deal id argument. */
int cli_deal_id(const char *s, int64_t *id);
/* Records a usage error message; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define CMD_OPTIONS(opts) opts, sizeof(opts) / sizeof(opts[0])

extern const struct cli_command cmd_init, cmd_demo, cmd_add, cmd_edit, cmd_move, cmd_won,
	cmd_lost, cmd_delete, cmd_log, cmd_objection, cmd_list, cmd_show, cmd_check,
	cmd_backup, cmd_rules;
extern const struct cli_command cmd_stats, cmd_standup, cmd_import, cmd_export;

#endif
