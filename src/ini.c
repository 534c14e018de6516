#include "plumb/ini.h"

#include <errno.h>
#include <iniparser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "plumb/util.h"

/* iniparser gives up on a whole file for one line this long or longer. */
#define INI_MAX_LINE 1024

static char ini_error[512];

static int capture_ini_error(const char *fmt, ...) PLUMB_PRINTF(1, 2);
static int capture_ini_error(const char *fmt, ...)
{
	va_list ap;

	if (ini_error[0])
		return 0; /* keep the first */
	va_start(ap, fmt);
	vsnprintf(ini_error, sizeof(ini_error), fmt, ap);
	va_end(ap);
	return 0;
}

static int check_line_lengths(const char *path, FILE *f)
{
	int line = 1, len = 0, c;

	while ((c = fgetc(f)) != EOF) {
		if (c == '\n') {
			line++;
			len = 0;
		} else if (++len >= INI_MAX_LINE - 1) {
			err_set("%s:%d: line is longer than %d bytes", path, line, INI_MAX_LINE - 2);
			return -1;
		}
	}
	return 0;
}

static int check_file(const char *path, FILE *f)
{
	struct stat sb;

	if (fstat(fileno(f), &sb) != 0)
		return 0;
	if (!S_ISREG(sb.st_mode)) {
		err_set("%s is not a regular file", path);
		return -1;
	}
	if (sb.st_mode & S_IWOTH) {
		err_set("%s is writable by other users; refusing it (chmod o-w %s)", path, path);
		return -1;
	}
	return 0;
}

int ini_load(const char *path, bool missing_ok, dictionary **out)
{
	FILE *f = fopen(path, "r");
	dictionary *d;

	*out = NULL;
	if (!f) {
		if (errno == ENOENT && missing_ok)
			return 1;
		err_set("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (check_file(path, f) != 0 || check_line_lengths(path, f) != 0) {
		fclose(f);
		return -1;
	}
	fclose(f);
	ini_error[0] = '\0';
	iniparser_set_error_callback(capture_ini_error);
	d = iniparser_load(path);
	iniparser_set_error_callback(NULL);
	if (!d) {
		int line = 0;
		char *paren = strrchr(ini_error, '(');
		if (paren)
			line = atoi(paren + 1);
		if (line > 0)
			err_set("%s:%d: syntax error (expected [section] or key = value)", path, line);
		else
			err_set("%s: cannot be read as INI", path);
		return -1;
	}
	*out = d;
	return 0;
}

int ini_key_line(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	char buf[INI_MAX_LINE + 2];
	int line = 0, found = 0;
	size_t n = strlen(key);

	if (!f)
		return 0;
	while (fgets(buf, sizeof(buf), f)) {
		line++;
		char *p = buf;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, key, n) == 0 && (p[n] == '=' || p[n] == ' ' || p[n] == '\t')) {
			found = line;
			break;
		}
	}
	fclose(f);
	return found;
}
