/* Commands about the pipeline itself: init, demo, rules, check, backup. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_internal.h"
#include "plumb/config.h"
#include "plumb/demo.h"
#include "plumb/output.h"
#include "plumb/parse.h"
#include "plumb/util.h"

/* Parses "Lead:10:7,Qualified:25,Won" into specs; names point into buf. */
static int parse_stage_specs(char *buf, struct stage_spec **out, size_t *len)
{
	struct stage_spec *specs = NULL;
	size_t n = 0;
	char *save = NULL;

	for (char *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *name = str_trim(item), *prob = strchr(name, ':'), *rot = NULL;
		int64_t v;
		specs = xreallocarray(specs, n + 1, sizeof(*specs));
		struct stage_spec *s = &specs[n++];
		memset(s, 0, sizeof(*s));
		if (prob) {
			*prob++ = '\0';
			rot = strchr(prob, ':');
			if (rot)
				*rot++ = '\0';
		}
		s->name = str_trim(name);
		if (str_empty(s->name)) {
			err_set("--stages: a stage name is empty");
			goto fail;
		}
		if (prob) {
			if (parse_int(prob, 0, 100, &v) != 0) {
				err_prefix("--stages: %s: probability", s->name);
				goto fail;
			}
			s->probability = (int)v;
		} else {
			s->probability = -1; /* spread evenly below */
		}
		if (rot) {
			if (parse_int(rot, 1, 3650, &v) != 0) {
				err_prefix("--stages: %s: rot days", s->name);
				goto fail;
			}
			s->rot_days = (int)v;
		}
	}
	if (n == 0) {
		err_set("--stages: give at least one stage");
		goto fail;
	}
	/* Stages without a probability get an even spread up to 90%. */
	for (size_t i = 0; i < n; i++)
		if (specs[i].probability < 0)
			specs[i].probability = (int)(90 * (int64_t)(i + 1) / (int64_t)n);
	*out = specs;
	*len = n;
	return 0;
fail:
	free(specs);
	return -1;
}

static const struct cli_option init_options[] = {
	{ "stages", "LIST", "stages left to right: \"Lead:10:7,Demo:40,...\" "
			    "(name[:probability[:rot_days]])", false },
	{ "shared", NULL, "make the file group read/write for a team sharing a Unix group",
	  false },
};

/* An out-of-memory exit must not leave a pipeline without its stages
 * (or a demo's temporary file) behind. The open store is abandoned. */
static void remove_half_made(void *path)
{
	store_remove_files(path);
}

static int run_init(struct cli *c, const struct cli_args *a)
{
	const char *list = arg_str(a, "stages");
	struct stage_spec *specs = NULL;
	size_t n = demo_default_stages_len;
	char *buf = NULL;
	struct stat sb;
	int rc;

	if (stat(c->db_path, &sb) == 0) {
		err_set("%s already exists; init creates a new pipeline", c->db_path);
		return EXIT_ERROR;
	}
	if (list) {
		buf = xstrdup(list);
		if (parse_stage_specs(buf, &specs, &n) != 0) {
			free(buf);
			return EXIT_ERROR;
		}
	}
	unsigned flags = STORE_CREATE | (arg_flag(a, "shared") ? STORE_SHARED : 0);
	rc = store_open(c->db_path, flags, &c->store);
	bool created = rc == 0 && store_created(c->store);
	if (created)
		fatal_cleanup_push(remove_half_made, c->db_path);
	if (rc == 0) {
		store_set_who(c->store, c->who);
		rc = store_init_stages(c->store, specs ? specs : demo_default_stages, n);
	}
	if (created)
		fatal_cleanup_pop();
	free(specs);
	free(buf);
	if (rc != 0) {
		store_close(c->store);
		c->store = NULL;
		if (created)
			store_remove_files(c->db_path);
		return EXIT_ERROR;
	}
	printf("Created %s with %zu stages.\n", c->db_path, n);
	return EXIT_OK;
}

const struct cli_command cmd_init = {
	"init", "", "Create a new pipeline database.", CMD_OPTIONS(init_options), 0, 0,
	CMD_NO_STORE, run_init,
};

static const struct cli_option demo_options[] = {
	{ "deals", "N", "how many deals (default 300; up to 10,000,000)", false },
	{ "seed", "S", "random seed: the same seed gives the same pipeline (default 1)", false },
};

/* Where the demo goes: the database named explicitly, else demo.db in
 * plumb's data directory, so a demo never lands in a real pipeline. */
static char *demo_path(struct cli *c)
{
	if (c->db_arg || getenv("PLUMB_DB") || c->cfg.db_path)
		return xstrdup(c->db_path);
	char *dir = config_data_dir();
	char *path = xasprintf("%s/demo.db", dir);
	free(dir);
	return path;
}

/* A fresh sibling file to build in; renamed over the target when done. */
static char *temp_sibling(const char *path)
{
	char *copy = xstrdup(path);
	char *tmp = xasprintf("%s/.plumb-demo-XXXXXX", dirname(copy));
	free(copy);
	return tmp;
}

static int ensure_parent_dir(const char *path)
{
	char *copy = xstrdup(path);
	char *dir = dirname(copy);
	struct strbuf sb;
	int rc = 0;

	strbuf_init(&sb);
	for (char *p = dir + 1; rc == 0; p++) {
		if (*p == '/' || *p == '\0') {
			strbuf_reset(&sb);
			strbuf_add(&sb, dir, (size_t)(p - dir));
			if (mkdir(sb.buf, 0700) != 0 && errno != EEXIST) {
				err_set("cannot create directory %s: %s", sb.buf, strerror(errno));
				rc = -1;
			}
			if (*p == '\0')
				break;
		}
	}
	strbuf_free(&sb);
	free(copy);
	return rc;
}

static int check_demo_target(const char *path)
{
	struct store *st;
	int64_t count;
	struct stat sb;

	if (stat(path, &sb) != 0)
		return 0;
	if (store_open(path, STORE_READ_ONLY, &st) != 0)
		return -1;
	int rc = store_deal_count(st, &count);
	store_close(st);
	if (rc != 0)
		return -1;
	if (count > 0) {
		err_set("%s already has %lld deals; the demo needs a new file (use --db)", path,
			(long long)count);
		return -1;
	}
	return 0;
}

static int build_demo(const char *tmp, int64_t deals, uint64_t seed, const char *who,
		      struct demo_summary *sum)
{
	struct store *st;
	int rc;

	if (store_open(tmp, STORE_CREATE | STORE_BULK_NEW, &st) != 0)
		return -1;
	store_set_who(st, who);
	rc = store_init_stages(st, demo_default_stages, demo_default_stages_len);
	if (rc == 0)
		rc = demo_generate(st, deals, seed, who, sum);
	if (rc == 0)
		rc = store_sync(st);
	store_close(st);
	return rc;
}

static int run_demo(struct cli *c, const struct cli_args *a)
{
	struct demo_summary sum;
	int64_t deals = 300, seed = 1;
	const char *v;
	char *path, *tmp;
	int fd;

	if ((v = arg_str(a, "deals")) && parse_int(v, 0, 10000000, &deals) != 0)
		return cli_usage_error("plumb demo: --deals: %s", err_msg());
	if ((v = arg_str(a, "seed")) && parse_int(v, 0, INT64_MAX, &seed) != 0)
		return cli_usage_error("plumb demo: --seed: %s", err_msg());
	path = demo_path(c);
	if (check_demo_target(path) != 0 || ensure_parent_dir(path) != 0) {
		free(path);
		return EXIT_ERROR;
	}
	tmp = temp_sibling(path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		err_set("cannot create a file next to %s: %s", path, strerror(errno));
		free(tmp);
		free(path);
		return EXIT_ERROR;
	}
	close(fd);
	unlink(tmp); /* store_open creates it privately and exclusively */
	fatal_cleanup_push(remove_half_made, tmp);
	int rc = build_demo(tmp, deals, (uint64_t)seed, c->who, &sum);
	if (rc == 0 && rename(tmp, path) != 0) {
		err_set("cannot rename %s to %s: %s", tmp, path, strerror(errno));
		rc = -1;
	}
	fatal_cleanup_pop();
	if (rc != 0) {
		store_remove_files(tmp);
		free(tmp);
		free(path);
		return EXIT_ERROR;
	}
	printf("Demo pipeline in %s: %lld deals (%lld open, %lld won, %lld lost), "
	       "%lld follow-ups, %lld objections.\n",
	       path, (long long)sum.deals, (long long)sum.open, (long long)sum.won,
	       (long long)sum.lost, (long long)sum.activities, (long long)sum.objections);
	if (strcmp(path, c->db_path) != 0)
		printf("Open it with: plumb --db %s\n", path);
	free(tmp);
	free(path);
	return EXIT_OK;
}

const struct cli_command cmd_demo = {
	"demo", "", "Create a realistic demo pipeline (also the benchmark generator).",
	CMD_OPTIONS(demo_options), 0, 0, CMD_NO_STORE, run_demo,
};

static const struct cli_option rules_options[] = {
	{ "format", "FORMAT", "table (default) or json", false },
};

static int print_rules(struct cli *c, bool json)
{
	struct rules r;
	char value[512];
	json_t *o = json ? json_object() : NULL;

	if (store_rules(c->store, &r) != 0) {
		json_decref(o);
		return EXIT_ERROR;
	}
	for (size_t i = 0; i < rule_defs_len; i++) {
		rule_format(&r, rule_defs[i].key, value, sizeof(value));
		if (json) {
			int64_t n;
			if (!rule_defs[i].is_list && parse_int(value, INT64_MIN, INT64_MAX, &n) == 0)
				json_object_set_new(o, rule_defs[i].key, json_integer(n));
			else
				json_object_set_new(o, rule_defs[i].key, json_text(value));
		} else {
			printf("%-17s ", rule_defs[i].key);
			output_text(stdout, value);
			printf("\n%-17s   %s\n", "", rule_defs[i].help);
		}
	}
	err_clear();
	if (json) {
		json_print(stdout, o, true);
		json_decref(o);
	}
	rules_clear(&r);
	return EXIT_OK;
}

static int run_rules(struct cli *c, const struct cli_args *a)
{
	const char *fmt = arg_str(a, "format");

	if (fmt && strcmp(fmt, "table") != 0 && strcmp(fmt, "json") != 0)
		return cli_usage_error("plumb rules: '%s' is not a format (table, json)", fmt);
	if (a->argc == 0)
		return print_rules(c, fmt && strcmp(fmt, "json") == 0);
	if (strcmp(a->argv[0], "set") != 0 || a->argc != 3)
		return cli_usage_error("plumb rules: expected 'plumb rules' or "
				       "'plumb rules set KEY VALUE'");
	if (store_rule_set(c->store, a->argv[1], a->argv[2]) != 0)
		return EXIT_ERROR;
	return EXIT_OK;
}

const struct cli_command cmd_rules = {
	"rules", "[set KEY VALUE]", "Show or set the team's playbook rules (kept in the database).",
	CMD_OPTIONS(rules_options), 0, 3, 0, run_rules,
};

static const struct cli_option check_options[] = {
	{ "quiet", NULL, "print nothing when the pipeline is sound", false },
};

static int run_check(struct cli *c, const struct cli_args *a)
{
	char *report = NULL;
	bool ok;

	if (store_check(c->store, &ok, &report) != 0)
		return EXIT_ERROR;
	if (ok) {
		if (!arg_flag(a, "quiet"))
			printf("%s: ok\n", c->db_path);
		free(report);
		return EXIT_OK;
	}
	output_text(stdout, report);
	free(report);
	err_set("%s has problems (listed above)", c->db_path);
	return EXIT_ERROR;
}

const struct cli_command cmd_check = {
	"check", "", "Check the database's integrity and plumb's own invariants.",
	CMD_OPTIONS(check_options), 0, 0, 0, run_check,
};

static int run_backup(struct cli *c, const struct cli_args *a)
{
	if (store_backup(c->store, a->argv[0]) != 0)
		return EXIT_ERROR;
	if (!arg_flag(a, "quiet"))
		printf("Backed up %s to %s\n", c->db_path, a->argv[0]);
	return EXIT_OK;
}

const struct cli_command cmd_backup = {
	"backup", "FILE", "Copy the pipeline consistently, even while others write to it.",
	CMD_OPTIONS(check_options), 1, 1, 0, run_backup,
};
