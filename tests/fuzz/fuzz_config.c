/*
 * config.ini as a whole file: ini.c's guards around iniparser, the
 * config table and the [keys] section applied to the key map.
 * Contracts: a load either succeeds with values inside their documented
 * limits or fails with a one-line message naming the file.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "plumb/config.h"
#include "plumb/keymap.h"
#include "plumb/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct keymap km;
	const char *path;

	fuzz_setup();
	path = fuzz_temp_file(data, size);
	err_clear();
	if (config_load(&cfg, path) != 0) {
		const char *msg = err_msg();
		if (!strstr(msg, path))
			fuzz_fail("config error does not name the file: %s", msg);
	} else {
		if (cfg.theme && strlen(cfg.theme) > 256)
			fuzz_fail("theme name of %zu bytes", strlen(cfg.theme));
		if (!cfg.date_format || !*cfg.date_format || strlen(cfg.date_format) > 64)
			fuzz_fail("date format '%s'", cfg.date_format ? cfg.date_format : "(null)");
		if (cfg.countdown_days < 0 || cfg.countdown_days > 365)
			fuzz_fail("countdown_days %d", cfg.countdown_days);
		if (cfg.ideal_cycle_days < 0 || cfg.ideal_cycle_days > 3650)
			fuzz_fail("ideal_cycle %d", cfg.ideal_cycle_days);
		keymap_defaults(&km);
		err_clear();
		if (keymap_apply_config(&km, &cfg) != 0 && !strstr(err_msg(), path))
			fuzz_fail("key error does not name the file: %s", err_msg());
	}
	config_free(&cfg);
	return 0;
}
