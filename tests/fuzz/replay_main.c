/*
 * Replays fuzz inputs without libFuzzer: each argument is a file (or a
 * directory of files) fed once to LLVMFuzzerTestOneInput. Built with any
 * compiler under ASan/UBSan for make check; a broken contract aborts, so
 * the exit status tells. Prints one line per input when VERBOSE is set.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			unsigned char *grown = realloc(buf, cap);
			if (!grown) {
				fprintf(stderr, "%s: out of memory\n", path);
				free(buf);
				fclose(f);
				return -1;
			}
			buf = grown;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	if (getenv("VERBOSE"))
		fprintf(stderr, "replay %s (%zu bytes)\n", path, len);
	/* A copy of exactly len bytes, so ASan sees any read past the end. */
	unsigned char *exact = malloc(len ? len : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	if (len)
		memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

static int names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!d) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **grown = realloc(names, cap * sizeof(*names));
			if (!grown)
				break;
			names = grown;
		}
		size_t need = strlen(dir) + strlen(e->d_name) + 2;
		names[n] = malloc(need);
		if (!names[n])
			break;
		snprintf(names[n], need, "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), names_cmp);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && replay_file(names[i]) != 0)
			rc = -1;
		(*count)++;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	int count = 0, rc = 0;

	for (int i = 1; i < argc && rc == 0; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) != 0) {
			perror(argv[i]);
			return 2;
		}
		if (S_ISDIR(sb.st_mode)) {
			rc = replay_dir(argv[i], &count);
		} else {
			rc = replay_file(argv[i]);
			count++;
		}
	}
	if (rc != 0)
		return 2;
	printf("%d inputs replayed\n", count);
	return 0;
}
