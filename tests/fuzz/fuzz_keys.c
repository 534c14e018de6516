/*
 * Key names and [keys] bindings. Contracts: a key name that parses has a
 * name that parses back to the same key; applying bindings never leaves
 * a key bound twice or the table over its size, and the help text for
 * every action fits the buffer it is given.
 *
 * Input: lines "action = key, key, ..." (the [keys] section as config.c
 * hands it over); each key name on its own is also parsed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "plumb/config.h"
#include "plumb/keymap.h"
#include "plumb/util.h"

static void check_key_name(const char *name)
{
	int key, again;
	char buf[32];

	if (keymap_key_parse(name, &key) != 0)
		return;
	keymap_key_name(key, buf, sizeof(buf));
	if (keymap_key_parse(buf, &again) != 0 || again != key)
		fuzz_fail("key '%s' is %d, named '%s', which parses as %d", name, key, buf,
			  again);
}

static void check_keymap(const struct keymap *km)
{
	char buf[48];

	if (km->len > KEYMAP_MAX)
		fuzz_fail("%zu bindings", km->len);
	for (size_t i = 0; i < km->len; i++) {
		if (km->bindings[i].action <= ACTION_NONE || km->bindings[i].action >= ACTION_COUNT)
			fuzz_fail("binding %zu has action %d", i, km->bindings[i].action);
		for (size_t j = i + 1; j < km->len; j++)
			if (km->bindings[i].key == km->bindings[j].key)
				fuzz_fail("key %d is bound twice", km->bindings[i].key);
	}
	for (int a = ACTION_NONE + 1; a < ACTION_COUNT; a++) {
		keymap_describe(km, (enum action)a, buf, sizeof(buf));
		if (strlen(buf) >= sizeof(buf))
			fuzz_fail("keymap_describe overran");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct keymap km;
	char *text, *save = NULL;

	fuzz_setup();
	text = fuzz_cstr(data, size);
	memset(&cfg, 0, sizeof(cfg));
	cfg.path = (char *)"fuzz.ini";
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		cfg.bindings = xreallocarray(cfg.bindings, cfg.bindings_len + 1,
					     sizeof(*cfg.bindings));
		struct key_binding *kb = &cfg.bindings[cfg.bindings_len++];
		kb->action = xstrdup(str_trim(line));
		kb->keys = xstrdup(str_trim(eq + 1));
		kb->line = (int)cfg.bindings_len;
		char *copy = xstrdup(kb->keys), *save2 = NULL;
		for (char *k = strtok_r(copy, ",", &save2); k; k = strtok_r(NULL, ",", &save2))
			check_key_name(str_trim(k));
		free(copy);
	}
	keymap_defaults(&km);
	if (keymap_apply_config(&km, &cfg) != 0 && !*err_msg())
		fuzz_fail("keymap_apply_config failed without a message");
	check_keymap(&km);
	err_clear();
	for (size_t i = 0; i < cfg.bindings_len; i++) {
		free(cfg.bindings[i].action);
		free(cfg.bindings[i].keys);
	}
	free(cfg.bindings);
	free(text);
	return 0;
}
