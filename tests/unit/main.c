/* Runs every unit test group; prints PASS/FAIL per case. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plumb/clock.h"
#include "test.h"

int test_failures;

extern const struct test_case parse_tests[], clock_tests[], text_tests[], store_tests[],
	config_tests[], engine_tests[], stats_tests[], import_tests[],
	keymap_tests[];

static const struct test_case *const groups[] = {
	parse_tests, clock_tests, text_tests, store_tests, config_tests, engine_tests,
	stats_tests, import_tests, keymap_tests,
};

static char tmp_dir[256];

void test_env(const char *tz, const char *now)
{
	setenv("TZ", tz, 1);
	if (now)
		setenv("PLUMB_NOW", now, 1);
	else
		unsetenv("PLUMB_NOW");
	clock_init();
}

const char *test_tmp_path(const char *name)
{
	static char paths[8][512];
	static int next;
	char *p = paths[next++ % 8];
	snprintf(p, 512, "%s/%s", tmp_dir, name);
	return p;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	setlocale(LC_ALL, "C.UTF-8");
	snprintf(tmp_dir, sizeof(tmp_dir), "%s/plumb-unit-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp_dir)) {
		perror("mkdtemp");
		return 1;
	}
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		for (const struct test_case *t = groups[g]; t->name; t++) {
			if (argc > 1 && !strstr(t->name, argv[1]))
				continue;
			int before = test_failures;
			test_env("UTC", "2026-06-15T12:00:00");
			t->fn();
			if (test_failures == before) {
				printf("PASS unit/%s\n", t->name);
				passed++;
			} else {
				printf("FAIL unit/%s\n", t->name);
				failed++;
			}
			fflush(stdout);
		}
	}
	/* The scratch directory lives under $TMPDIR, which tests/run removes. */
	return failed ? 1 : 0;
}
