/*
 * iniparser with its pitfalls covered, for config.ini and theme files:
 * lines iniparser would reject whole files for are reported by number,
 * its own stderr messages become one recorded line, and files writable by
 * other users are refused. Values are read as strings; callers parse
 * numbers themselves (iniparser_getint reads "042" as octal) and copy
 * what they keep (strings die with the dictionary).
 */
#ifndef PLUMB_INI_H
#define PLUMB_INI_H

#include <stdbool.h>

typedef struct _dictionary_ dictionary;

/*
 * Loads path. Returns 0 with *out set (free with iniparser_freedict), 1
 * when the file does not exist and missing_ok, or -1 with err_set().
 */
int ini_load(const char *path, bool missing_ok, dictionary **out);
/* The 1-based line of "key =" in path (first match), or 0. */
int ini_key_line(const char *path, const char *key);

#endif
