#include "plumb/theme.h"

#include <iniparser.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datadir.h"
#include "plumb/config.h"
#include "plumb/ini.h"
#include "plumb/parse.h"
#include "plumb/util.h"

#define UI_NAME(id, name, help) name,
static const char *const element_names[] = { UI_ELEMENTS(UI_NAME) };
#undef UI_NAME

const char *ui_element_name(enum ui_element e)
{
	return (size_t)e < ARRAY_LEN(element_names) ? element_names[e] : "?";
}

static const char *const colour_names[] = { "black", "red",	"green", "yellow",
					    "blue",  "magenta", "cyan",	 "white" };

#define S(fg, bg, fg256, bg256, attrs) { fg, bg, fg256, bg256, attrs }
void theme_builtin_default(struct theme *t)
{
	/* Mirrors themes/default.ini so plumb works without its data files. */
	static const struct ui_style styles[UI_COUNT] = {
		[UI_NORMAL] = S(-1, -1, -1, -1, 0),
		[UI_TITLE] = S(7, 4, 255, 24, THEME_BOLD),
		[UI_HEADER] = S(6, -1, 81, -1, THEME_BOLD),
		[UI_HEADER_SELECTED] = S(0, 6, 16, 81, THEME_BOLD),
		[UI_CARD] = S(-1, -1, 252, -1, 0),
		[UI_CARD_DIM] = S(-1, -1, 245, -1, 0),
		[UI_SELECTED] = S(-1, -1, -1, 238, THEME_REVERSE),
		[UI_AGING] = S(3, -1, 221, -1, 0),
		[UI_STALLED] = S(1, -1, 203, -1, THEME_BOLD),
		[UI_COUNTDOWN] = S(3, -1, 214, -1, THEME_BOLD),
		[UI_ROTTING] = S(5, -1, 170, -1, THEME_BOLD),
		[UI_DUE] = S(2, -1, 114, -1, THEME_BOLD),
		[UI_OVERDUE] = S(1, -1, 196, -1, THEME_BOLD),
		[UI_PERSIST] = S(6, -1, 44, -1, THEME_BOLD),
		[UI_KEY_ACCOUNT] = S(3, -1, 220, -1, THEME_BOLD),
		[UI_WON] = S(2, -1, 114, -1, 0),
		[UI_LOST] = S(-1, -1, 244, -1, THEME_DIM),
		[UI_STATUS] = S(0, 7, 252, 236, 0),
		[UI_ERROR] = S(7, 1, 231, 160, THEME_BOLD),
		[UI_READ_ONLY] = S(0, 3, 16, 214, THEME_BOLD),
		[UI_DIALOG] = S(-1, -1, 252, 235, 0),
		[UI_FIELD] = S(-1, -1, 252, 238, THEME_UNDERLINE),
		[UI_FIELD_ACTIVE] = S(0, 6, 16, 81, 0),
		[UI_BAR] = S(6, -1, 81, -1, 0),
		[UI_BAR_ALT] = S(3, -1, 221, -1, 0),
		[UI_HELP_KEY] = S(6, -1, 81, -1, THEME_BOLD),
	};
	snprintf(t->name, sizeof(t->name), "default");
	t->mono = false;
	memcpy(t->styles, styles, sizeof(styles));
}

void theme_builtin_mono(struct theme *t)
{
	static const unsigned attrs[UI_COUNT] = {
		[UI_TITLE] = THEME_REVERSE | THEME_BOLD,
		[UI_HEADER] = THEME_BOLD,
		[UI_HEADER_SELECTED] = THEME_REVERSE | THEME_BOLD,
		[UI_CARD_DIM] = THEME_DIM,
		[UI_SELECTED] = THEME_REVERSE,
		[UI_STALLED] = THEME_BOLD | THEME_UNDERLINE,
		[UI_COUNTDOWN] = THEME_BOLD,
		[UI_ROTTING] = THEME_BOLD,
		[UI_DUE] = THEME_BOLD,
		[UI_OVERDUE] = THEME_BOLD | THEME_UNDERLINE,
		[UI_PERSIST] = THEME_BOLD,
		[UI_KEY_ACCOUNT] = THEME_BOLD,
		[UI_LOST] = THEME_DIM,
		[UI_STATUS] = THEME_REVERSE,
		[UI_ERROR] = THEME_REVERSE | THEME_BOLD,
		[UI_READ_ONLY] = THEME_REVERSE | THEME_BOLD,
		[UI_FIELD] = THEME_UNDERLINE,
		[UI_FIELD_ACTIVE] = THEME_REVERSE,
		[UI_BAR] = THEME_REVERSE,
		[UI_BAR_ALT] = THEME_BOLD,
		[UI_HELP_KEY] = THEME_BOLD,
	};
	snprintf(t->name, sizeof(t->name), "mono");
	t->mono = true;
	for (int i = 0; i < UI_COUNT; i++) {
		t->styles[i] = (struct ui_style)S(-1, -1, -1, -1, attrs[i]);
	}
}
#undef S

static int parse_colour8(const char *s, short *out)
{
	if (strcmp(s, "default") == 0) {
		*out = -1;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_LEN(colour_names); i++) {
		if (strcmp(s, colour_names[i]) == 0) {
			*out = (short)i;
			return 0;
		}
	}
	err_set("'%s' is not a colour (default, black, red, green, yellow, blue, magenta, "
		"cyan, white)", s);
	return -1;
}

static int parse_colour256(const char *s, short *out)
{
	int64_t n;
	if (strcmp(s, "default") == 0) {
		*out = -1;
		return 0;
	}
	if (parse_int(s, 0, 255, &n) != 0) {
		err_set("'%s' is not a colour number 0-255 or default", s);
		return -1;
	}
	*out = (short)n;
	return 0;
}

static int parse_attrs(const char *s, unsigned *out)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = { { "bold", THEME_BOLD },	      { "dim", THEME_DIM },
		      { "reverse", THEME_REVERSE },   { "underline", THEME_UNDERLINE },
		      { "italic", THEME_ITALIC },     { "standout", THEME_STANDOUT },
		      { "none", 0 } };
	char *copy = xstrdup(s), *save = NULL;
	int rc = 0;

	*out = 0;
	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		size_t i;
		for (i = 0; i < ARRAY_LEN(names) && strcmp(tok, names[i].name) != 0; i++)
			;
		if (i == ARRAY_LEN(names)) {
			err_set("'%s' is not an attribute (bold, dim, reverse, underline, italic, "
				"standout, none)", tok);
			rc = -1;
			break;
		}
		*out |= names[i].bit;
	}
	free(copy);
	return rc;
}

static int load_element(dictionary *d, const char *path, enum ui_element e, struct ui_style *st)
{
	static const char *const keys[] = { "fg", "bg", "fg256", "bg256", "attr" };
	const char *section = element_names[e];
	char full[128];

	if (iniparser_find_entry(d, section) == 0) {
		err_set("%s: [%s] is missing (a theme sets every element)", path, section);
		return -1;
	}
	*st = (struct ui_style){ -1, -1, -1, -1, 0 };
	for (size_t k = 0; k < ARRAY_LEN(keys); k++) {
		snprintf(full, sizeof(full), "%s:%s", section, keys[k]);
		const char *v = iniparser_getstring(d, full, NULL);
		if (!v)
			continue;
		int rc = k == 0 ? parse_colour8(v, &st->fg)
			 : k == 1 ? parse_colour8(v, &st->bg)
			 : k == 2 ? parse_colour256(v, &st->fg256)
			 : k == 3 ? parse_colour256(v, &st->bg256)
				  : parse_attrs(v, &st->attrs);
		if (rc != 0) {
			err_prefix("%s: [%s] %s", path, section, keys[k]);
			return -1;
		}
	}
	return 0;
}

/* Every section and key must be known: a typo would silently lose a colour. */
static int check_unknown(dictionary *d, const char *path)
{
	int nsec = iniparser_getnsec(d);
	/* A section with ':' in its name is no section to iniparser (see config.c). */
	for (int i = 0; i < d->size; i++) {
		if (d->key[i] && !d->val[i] && strchr(d->key[i], ':')) {
			err_set("%s: [%s]: unknown element", path, d->key[i]);
			return -1;
		}
	}
	for (int i = 0; i < nsec; i++) {
		const char *sec = iniparser_getsecname(d, i);
		if (strcmp(sec, "theme") == 0)
			continue;
		size_t e;
		for (e = 0; e < UI_COUNT && strcmp(sec, element_names[e]) != 0; e++)
			;
		if (e == UI_COUNT) {
			err_set("%s: [%s]: unknown element", path, sec);
			return -1;
		}
		int nkeys = iniparser_getsecnkeys(d, sec);
		const char **keys = xcalloc(nkeys > 0 ? (size_t)nkeys : 1, sizeof(*keys));
		if (nkeys > 0 && iniparser_getseckeys(d, sec, keys)) {
			for (int k = 0; k < nkeys; k++) {
				const char *key = strchr(keys[k], ':') + 1;
				if (strcmp(key, "fg") && strcmp(key, "bg") && strcmp(key, "fg256") &&
				    strcmp(key, "bg256") && strcmp(key, "attr")) {
					err_set("%s: [%s] %s: unknown key (fg, bg, fg256, bg256, attr)",
						path, sec, key);
					free(keys);
					return -1;
				}
			}
		}
		free(keys);
	}
	return 0;
}

int theme_load_file(const char *path, struct theme *t)
{
	struct theme loaded;
	dictionary *d;

	if (ini_load(path, false, &d) != 0)
		return -1;
	memset(&loaded, 0, sizeof(loaded));
	const char *name = iniparser_getstring(d, "theme:name", NULL);
	const char *mono = iniparser_getstring(d, "theme:mono", "no");
	bool is_mono = false;
	snprintf(loaded.name, sizeof(loaded.name), "%s", name ? name : path);
	if (parse_bool(mono, &is_mono) != 0) {
		err_prefix("%s: [theme] mono", path);
		iniparser_freedict(d);
		return -1;
	}
	loaded.mono = is_mono;
	int rc = check_unknown(d, path);
	for (int e = 0; rc == 0 && e < UI_COUNT; e++)
		rc = load_element(d, path, (enum ui_element)e, &loaded.styles[e]);
	iniparser_freedict(d);
	if (rc == 0)
		*t = loaded;
	return rc;
}

static bool valid_theme_name(const char *name)
{
	if (str_empty(name) || strlen(name) > 48)
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

/* themes/ next to the binary, or one level up (a build directory). */
static char *exe_dir_themes(bool parent)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xasprintf(parent ? "%s/../themes" : "%s/themes", buf);
}

int theme_load(const char *name_or_path, struct theme *t)
{
	if (strchr(name_or_path, '/'))
		return theme_load_file(name_or_path, t);
	if (!valid_theme_name(name_or_path)) {
		err_set("'%s' is not a theme name", name_or_path);
		return -1;
	}
	char *data = config_data_dir();
	char *dirs[5] = { getenv("PLUMB_THEMES") ? xstrdup(getenv("PLUMB_THEMES")) : NULL,
			  xasprintf("%s/themes", data), xstrdup(PLUMB_DATADIR "/themes"),
			  exe_dir_themes(false), exe_dir_themes(true) };
	free(data);
	int rc = 1;
	for (size_t i = 0; i < ARRAY_LEN(dirs) && rc == 1; i++) {
		if (!dirs[i])
			continue;
		char *path = xasprintf("%s/%s.ini", dirs[i], name_or_path);
		if (access(path, F_OK) == 0)
			rc = theme_load_file(path, t);
		free(path);
	}
	for (size_t i = 0; i < ARRAY_LEN(dirs); i++)
		free(dirs[i]);
	if (rc == 1) {
		if (strcmp(name_or_path, "default") == 0) {
			theme_builtin_default(t);
			return 0;
		}
		if (strcmp(name_or_path, "mono") == 0) {
			theme_builtin_mono(t);
			return 0;
		}
		err_set("'%s' is not a theme (no %s.ini in the theme directories)", name_or_path,
			name_or_path);
		return -1;
	}
	return rc;
}
