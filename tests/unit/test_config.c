#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "plumb/config.h"
#include "plumb/util.h"
#include "test.h"

static const char *write_config(const char *name, const char *text)
{
	const char *path = test_tmp_path(name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	chmod(path, 0600);
	return path;
}

static int load(const char *text, struct config *cfg)
{
	const char *path = write_config("config.ini", text);
	return config_load(cfg, path);
}

TEST(missing_default_file_means_defaults)
{
	struct config cfg;
	setenv("XDG_CONFIG_HOME", test_tmp_path("no-such-dir"), 1);
	CHECK(config_load(&cfg, NULL) == 0);
	CHECK(!cfg.loaded);
	CHECK_STR(cfg.theme, "default");
	CHECK(cfg.mouse);
	config_free(&cfg);
	unsetenv("XDG_CONFIG_HOME");
	/* An explicitly named file that is missing is an error. */
	CHECK(config_load(&cfg, test_tmp_path("absent.ini")) != 0);
	config_free(&cfg);
}

TEST(reads_every_section)
{
	struct config cfg;
	CHECK(load("[database]\npath = ~/p.db\n[user]\nname = Ann Lee\n"
		   "[display]\ntheme = mono\nmouse = no\ncurrency_symbol = $\n"
		   "[rules]\nideal_cycle = 021\n[keys]\nquit = Q\n", &cfg) == 0);
	CHECK_STR(cfg.user_name, "Ann Lee");
	CHECK_STR(cfg.theme, "mono");
	CHECK(!cfg.mouse);
	CHECK_INT(cfg.ideal_cycle_days, 21); /* "021" is not octal 17 */
	CHECK(cfg.db_path && strstr(cfg.db_path, "/p.db") && cfg.db_path[0] == '/');
	CHECK_INT(cfg.bindings_len, 1);
	CHECK_STR(cfg.bindings[0].action, "quit");
	CHECK_STR(cfg.bindings[0].keys, "Q");
	config_free(&cfg);
}

TEST(errors_name_file_section_and_key)
{
	struct config cfg;
	CHECK(load("[display]\nmouse = sometimes\n", &cfg) != 0);
	CHECK(strstr(err_msg(), "config.ini: [display] mouse:") != NULL);
	CHECK(strstr(err_msg(), "sometimes") != NULL);
	config_free(&cfg);
	CHECK(load("[display]\ncolour = red\n", &cfg) != 0);
	CHECK(strstr(err_msg(), "[display] colour: unknown key") != NULL);
	config_free(&cfg);
	CHECK(load("[colours]\na = b\n", &cfg) != 0);
	CHECK(strstr(err_msg(), "[colours]: unknown section") != NULL);
	config_free(&cfg);
	CHECK(load("[rules]\nideal_cycle = 0\n", &cfg) != 0);
	CHECK(strstr(err_msg(), "[rules] ideal_cycle") != NULL);
	config_free(&cfg);
}

/* Found by fuzzing: iniparser lists [keys:x] as a key of [keys] with no
 * value, which crashed plumb (NULL into strdup); other such sections were
 * ignored without a word. */
TEST(sections_with_colons_are_unknown_sections)
{
	struct config cfg;
	CHECK(load("[keys]\nquit = q\n[keys:x]\n", &cfg) != 0);
	CHECK(strstr(err_msg(), "[keys:x]: unknown section") != NULL);
	config_free(&cfg);
	CHECK(load("[keys:x]\nquit = q\n[keys]\nhelp = h\n", &cfg) != 0);
	CHECK(strstr(err_msg(), "[keys:x]: unknown section") != NULL);
	config_free(&cfg);
	CHECK(load("[theme:x]\nfoo = 1\n", &cfg) != 0);
	CHECK(strstr(err_msg(), "[theme:x]: unknown section") != NULL);
	config_free(&cfg);
}

TEST(syntax_errors_name_the_line)
{
	struct config cfg;
	CHECK(load("[display]\ntheme = mono\nthis line is broken\n", &cfg) != 0);
	CHECK(strstr(err_msg(), "config.ini:3:") != NULL);
	config_free(&cfg);
}

TEST(long_lines_are_reported_not_silently_dropped)
{
	struct config cfg;
	char *text = malloc(3000);
	strcpy(text, "[user]\nname = ");
	memset(text + strlen(text), 'x', 2000);
	strcpy(text + 14 + 2000, "\n");
	CHECK(load(text, &cfg) != 0);
	CHECK(strstr(err_msg(), "config.ini:2: line is longer") != NULL);
	config_free(&cfg);
	free(text);
}

TEST(strings_outlive_the_parser)
{
	struct config cfg;
	CHECK(load("[user]\nname = Kim\n", &cfg) == 0);
	/* Loading another file must not disturb the first one's strings. */
	struct config other;
	CHECK(load("[user]\nname = Lee\n", &other) == 0);
	CHECK_STR(cfg.user_name, "Kim");
	config_free(&other);
	config_free(&cfg);
}

TEST(world_writable_config_is_refused)
{
	struct config cfg;
	const char *path = write_config("open.ini", "[user]\nname = x\n");
	chmod(path, 0666);
	CHECK(config_load(&cfg, path) != 0);
	CHECK(strstr(err_msg(), "writable by other users") != NULL);
	config_free(&cfg);
}

TEST(db_path_resolution_order)
{
	struct config cfg;
	config_defaults(&cfg);
	unsetenv("PLUMB_DB");
	setenv("XDG_DATA_HOME", "/data", 1);
	char *p = config_db_path(&cfg, NULL);
	CHECK_STR(p, "/data/plumb/pipeline.db");
	free(p);
	cfg.db_path = strdup("/cfg.db");
	p = config_db_path(&cfg, NULL);
	CHECK_STR(p, "/cfg.db");
	free(p);
	setenv("PLUMB_DB", "/env.db", 1);
	p = config_db_path(&cfg, NULL);
	CHECK_STR(p, "/env.db");
	free(p);
	p = config_db_path(&cfg, "/arg.db");
	CHECK_STR(p, "/arg.db");
	free(p);
	unsetenv("PLUMB_DB");
	unsetenv("XDG_DATA_HOME");
	config_free(&cfg);
}

TESTS(config) = {
	{ "config/missing_default_file_means_defaults", missing_default_file_means_defaults },
	{ "config/reads_every_section", reads_every_section },
	{ "config/errors_name_file_section_and_key", errors_name_file_section_and_key },
	{ "config/sections_with_colons_are_unknown_sections", sections_with_colons_are_unknown_sections },
	{ "config/syntax_errors_name_the_line", syntax_errors_name_the_line },
	{ "config/long_lines_are_reported_not_silently_dropped",
	  long_lines_are_reported_not_silently_dropped },
	{ "config/strings_outlive_the_parser", strings_outlive_the_parser },
	{ "config/world_writable_config_is_refused", world_writable_config_is_refused },
	{ "config/db_path_resolution_order", db_path_resolution_order },
	END_TESTS,
};
