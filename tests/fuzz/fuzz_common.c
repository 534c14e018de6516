/* Helpers shared by every fuzz target; see fuzz.h. */
#include "fuzz.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plumb/clock.h"
#include "plumb/util.h"

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz contract broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

char *fuzz_cstr(const uint8_t *data, size_t size)
{
	return xstrndup((const char *)data, size);
}

static char temp_path[512];
static int temp_fd = -1;

static void remove_temp(void)
{
	if (temp_fd >= 0)
		unlink(temp_path);
}

const char *fuzz_temp_file(const uint8_t *data, size_t size)
{
	char *path = temp_path;
	int fd = temp_fd;

	if (fd < 0) {
		const char *dir = getenv("TMPDIR");
		snprintf(path, sizeof(temp_path), "%s/plumb-fuzz-XXXXXX", dir && *dir ? dir : "/tmp");
		fd = temp_fd = mkstemp(path);
		if (fd < 0)
			fuzz_fail("cannot create a temporary file in %s", path);
		atexit(remove_temp);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		fuzz_fail("cannot write %s", path);
	return path;
}

void fuzz_setup(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	setenv("TZ", "UTC", 1);
	setenv("PLUMB_NOW", "2026-06-15T12:00:00", 1);
	if (!setlocale(LC_ALL, "C.UTF-8"))
		fuzz_fail("no C.UTF-8 locale");
	clock_init();
}
