#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/keymap.h"
#include "plumb/theme.h"
#include "plumb/util.h"
#include "test.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	struct strbuf sb;
	char buf[4096];
	size_t n;
	strbuf_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

TEST(man_page_names_every_action)
{
	char *man = slurp("man/plumb.1");
	CHECK(man != NULL);
	for (int a = 1; man && a < ACTION_COUNT; a++) {
		char needle[64];
		snprintf(needle, sizeof(needle), "(%s).", action_name((enum action)a));
		if (!strstr(man, needle)) {
			fprintf(stderr, "  man/plumb.1 lacks the action %s\n", needle);
			test_failures++;
		}
	}
	free(man);
}

TEST(man_page_names_every_theme_element)
{
	char *man = slurp("man/plumb.ini.5");
	CHECK(man != NULL);
	for (int e = 0; man && e < UI_COUNT; e++) {
		const char *name = ui_element_name((enum ui_element)e);
		/* roff escapes hyphens in .BR words the same way as plain text */
		if (!strstr(man, name)) {
			fprintf(stderr, "  man/plumb.ini.5 lacks the element %s\n", name);
			test_failures++;
		}
	}
	free(man);
}

TEST(key_names_parse_and_print)
{
	int k;
	char buf[32];
	CHECK(keymap_key_parse("C-r", &k) == 0 && k == 18);
	CHECK(keymap_key_parse("Ctrl-R", &k) == 0 && k == 18);
	CHECK(keymap_key_parse("F12", &k) == 0);
	CHECK(keymap_key_parse("q", &k) == 0 && k == 'q');
	CHECK(keymap_key_parse("Space", &k) == 0 && k == ' ');
	CHECK(keymap_key_parse("F13", &k) != 0);
	CHECK(keymap_key_parse("qq", &k) != 0);
	CHECK(keymap_key_parse("", &k) != 0);
	keymap_key_parse("C-l", &k);
	keymap_key_name(k, buf, sizeof(buf));
	CHECK_STR(buf, "C-l");
}

TEST(config_rebinds_and_takes_keys_from_others)
{
	struct keymap km;
	struct config cfg;
	struct key_binding kb[2] = { { (char *)"quit", (char *)"Q, x", 0 },
				     { (char *)"help", (char *)"q", 0 } };
	config_defaults(&cfg);
	cfg.path = (char *)"config.ini";
	cfg.bindings = kb;
	cfg.bindings_len = 2;
	keymap_defaults(&km);
	CHECK(keymap_apply_config(&km, &cfg) == 0);
	CHECK_INT(keymap_lookup(&km, 'Q'), ACTION_QUIT);
	CHECK_INT(keymap_lookup(&km, 'x'), ACTION_QUIT);
	CHECK_INT(keymap_lookup(&km, 'q'), ACTION_HELP);
	CHECK_INT(keymap_lookup(&km, '?'), ACTION_NONE); /* help's defaults replaced */
	kb[0].action = (char *)"fly";
	keymap_defaults(&km);
	CHECK(keymap_apply_config(&km, &cfg) != 0);
	CHECK(strstr(err_msg(), "config.ini: [keys] fly") != NULL);
	kb[0].action = (char *)"quit";
	kb[0].keys = (char *)"Hyper-Q";
	keymap_defaults(&km);
	CHECK(keymap_apply_config(&km, &cfg) != 0);
	CHECK(strstr(err_msg(), "not a key name") != NULL);
	free(cfg.theme);
	free(cfg.date_format);
	free(cfg.currency_symbol);
}

/* Found by fuzzing: C-m is the Enter key, named "Enter", but "Enter"
 * bound only line feed, which the board (nonl) never receives: a config
 * binding Enter left the key dead. */
TEST(enter_binds_every_code_the_key_sends)
{
	struct keymap km;
	struct config cfg;
	struct key_binding kb[2] = { { (char *)"help", (char *)"Enter", 0 },
				     { (char *)"quit", (char *)"C-m", 0 } };
	char buf[32];
	int k, again;

	config_defaults(&cfg);
	cfg.path = (char *)"config.ini";
	cfg.bindings = kb;
	cfg.bindings_len = 1;
	keymap_defaults(&km);
	CHECK(keymap_apply_config(&km, &cfg) == 0);
	CHECK_INT(keymap_lookup(&km, '\r'), ACTION_HELP);
	CHECK_INT(keymap_lookup(&km, '\n'), ACTION_HELP);
	CHECK_INT(keymap_lookup(&km, KEY_ENTER), ACTION_HELP);
	cfg.bindings_len = 2;
	keymap_defaults(&km);
	CHECK(keymap_apply_config(&km, &cfg) == 0);
	CHECK_INT(keymap_lookup(&km, '\r'), ACTION_QUIT);
	keymap_describe(&km, ACTION_QUIT, buf, sizeof(buf));
	CHECK_STR(buf, "Enter");
	for (int c = 'a'; c <= 'z'; c++) {
		char name[8];
		snprintf(name, sizeof(name), "C-%c", c);
		CHECK(keymap_key_parse(name, &k) == 0);
		keymap_key_name(k, buf, sizeof(buf));
		CHECK(keymap_key_parse(buf, &again) == 0 && again == k);
	}
	free(cfg.theme);
	free(cfg.date_format);
	free(cfg.currency_symbol);
}

TEST(shipped_themes_are_complete)
{
	static const char *const names[] = { "default", "light", "solarized-dark",
					      "high-contrast", "mono" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[128];
		struct theme t;
		snprintf(path, sizeof(path), "themes/%s.ini", names[i]);
		if (theme_load_file(path, &t) != 0) {
			fprintf(stderr, "  %s: %s\n", path, err_msg());
			test_failures++;
		}
	}
}

TEST(broken_themes_are_reported)
{
	const char *path = test_tmp_path("broken.ini");
	FILE *f = fopen(path, "w");
	fputs("[theme]\nname = broken\n[normal]\nfg = mauve\n", f);
	fclose(f);
	struct theme t;
	CHECK(theme_load_file(path, &t) != 0);
	CHECK(strstr(err_msg(), "[normal] fg") != NULL);
	f = fopen(path, "w");
	fputs("[theme]\nname = partial\n[normal]\nfg = red\n", f);
	fclose(f);
	CHECK(theme_load_file(path, &t) != 0);
	CHECK(strstr(err_msg(), "is missing") != NULL);
	/* iniparser hides a section with ':' in its name: still an error. */
	f = fopen(path, "w");
	fputs("[theme]\nname = colon\n[card:x]\nfg = red\n", f);
	fclose(f);
	CHECK(theme_load_file(path, &t) != 0);
	CHECK(strstr(err_msg(), "[card:x]: unknown element") != NULL);
}

TESTS(keymap) = {
	{ "keymap/man_page_names_every_action", man_page_names_every_action },
	{ "keymap/man_page_names_every_theme_element", man_page_names_every_theme_element },
	{ "keymap/key_names_parse_and_print", key_names_parse_and_print },
	{ "keymap/config_rebinds_and_takes_keys_from_others", config_rebinds_and_takes_keys_from_others },
	{ "keymap/enter_binds_every_code_the_key_sends", enter_binds_every_code_the_key_sends },
	{ "keymap/shipped_themes_are_complete", shipped_themes_are_complete },
	{ "keymap/broken_themes_are_reported", broken_themes_are_reported },
	END_TESTS,
};
