/*
 * Theme files: ini.c's guards, every element required, colours and
 * attributes validated. Contracts: a theme that loads has every colour
 * in range; one that fails leaves the caller's theme untouched and says
 * which file.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "plumb/theme.h"
#include "plumb/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme t, before;
	const char *path;

	fuzz_setup();
	path = fuzz_temp_file(data, size);
	theme_builtin_default(&t);
	before = t;
	err_clear();
	if (theme_load_file(path, &t) != 0) {
		if (memcmp(&t, &before, sizeof(t)) != 0)
			fuzz_fail("a failed load changed the theme");
		if (!strstr(err_msg(), path))
			fuzz_fail("theme error does not name the file: %s", err_msg());
		return 0;
	}
	if (memchr(t.name, '\0', sizeof(t.name)) == NULL)
		fuzz_fail("theme name not terminated");
	for (int e = 0; e < UI_COUNT; e++) {
		const struct ui_style *s = &t.styles[e];
		if (s->fg < -1 || s->fg > 7 || s->bg < -1 || s->bg > 7 || s->fg256 < -1 ||
		    s->fg256 > 255 || s->bg256 < -1 || s->bg256 > 255)
			fuzz_fail("element %d: colours %d %d %d %d", e, s->fg, s->bg, s->fg256,
				  s->bg256);
	}
	return 0;
}
