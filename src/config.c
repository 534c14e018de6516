#include "plumb/config.h"

#include <errno.h>
#include <iniparser.h>

#include "plumb/ini.h"
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plumb/parse.h"
#include "plumb/util.h"

enum conf_type { CONF_STRING, CONF_PATH, CONF_BOOL, CONF_INT, CONF_DATE_FORMAT };

struct conf_entry {
	const char *section;
	const char *key;
	enum conf_type type;
	size_t offset;
	int min, max;
	const char *help;
};

#define FIELD(f) offsetof(struct config, f)
static const struct conf_entry conf_map[] = {
	{ "database", "path", CONF_PATH, FIELD(db_path), 0, 0,
	  "pipeline database file (~ expands; relative to this file's directory)" },
	{ "user", "name", CONF_STRING, FIELD(user_name), 0, 0,
	  "your name: owner of new deals, \"who\" in history, the mine filter" },
	{ "display", "theme", CONF_STRING, FIELD(theme), 0, 0,
	  "theme name (a file in the themes directory) or a path to a theme file" },
	{ "display", "date_format", CONF_DATE_FORMAT, FIELD(date_format), 0, 0,
	  "strftime format for dates (default %Y-%m-%d)" },
	{ "display", "currency_symbol", CONF_STRING, FIELD(currency_symbol), 0, 0,
	  "symbol shown before amounts (default none)" },
	{ "display", "mouse", CONF_BOOL, FIELD(mouse), 0, 0,
	  "click selects a card, wheel scrolls a column (default yes)" },
	{ "rules", "ideal_cycle", CONF_INT, FIELD(ideal_cycle_days), 1, 3650,
	  "your own ideal cycle for fresh/aging colouring (display only)" },
	{ "rules", "countdown_days", CONF_INT, FIELD(countdown_days), 0, 365,
	  "show \"stalls in Nd\" this many days ahead (default 3)" },
};
#undef FIELD

const struct config_key_doc config_key_docs[] = {
	{ "database", "path", "pipeline database file" },
	{ "user", "name", "your name" },
	{ "display", "theme", "theme" },
	{ "display", "date_format", "date format" },
	{ "display", "currency_symbol", "currency symbol" },
	{ "display", "mouse", "mouse" },
	{ "rules", "ideal_cycle", "display ideal cycle" },
	{ "rules", "countdown_days", "countdown days" },
	{ "keys", "ACTION", "keys bound to ACTION" },
};
const size_t config_key_docs_len = ARRAY_LEN(config_key_docs);

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->theme = xstrdup("default");
	cfg->date_format = xstrdup("%Y-%m-%d");
	cfg->currency_symbol = xstrdup("");
	cfg->mouse = true;
	cfg->countdown_days = 3;
}

void config_free(struct config *cfg)
{
	free(cfg->path);
	free(cfg->db_path);
	free(cfg->user_name);
	free(cfg->theme);
	free(cfg->date_format);
	free(cfg->currency_symbol);
	for (size_t i = 0; i < cfg->bindings_len; i++) {
		free(cfg->bindings[i].action);
		free(cfg->bindings[i].keys);
	}
	free(cfg->bindings);
	memset(cfg, 0, sizeof(*cfg));
}

static char *home_dir(void)
{
	const char *home = getenv("HOME");
	if (!str_empty(home))
		return xstrdup(home);
	struct passwd *pw = getpwuid(getuid());
	return xstrdup(pw && pw->pw_dir ? pw->pw_dir : "/");
}

static char *xdg_dir(const char *env, const char *fallback)
{
	const char *base = getenv(env);
	if (!str_empty(base) && base[0] == '/')
		return xasprintf("%s/plumb", base);
	char *home = home_dir();
	char *dir = xasprintf("%s/%s/plumb", home, fallback);
	free(home);
	return dir;
}

char *config_default_path(void)
{
	char *dir = xdg_dir("XDG_CONFIG_HOME", ".config");
	char *path = xasprintf("%s/config.ini", dir);
	free(dir);
	return path;
}

char *config_data_dir(void)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share");
}

char *config_db_path(const struct config *cfg, const char *explicit_path)
{
	const char *env = getenv("PLUMB_DB");

	if (!str_empty(explicit_path))
		return xstrdup(explicit_path);
	if (!str_empty(env))
		return xstrdup(env);
	if (cfg && cfg->db_path)
		return xstrdup(cfg->db_path);
	char *dir = config_data_dir();
	char *path = xasprintf("%s/pipeline.db", dir);
	free(dir);
	return path;
}

char *config_user_name(const struct config *cfg)
{
	const char *user = getenv("USER");

	if (cfg && !str_empty(cfg->user_name))
		return xstrdup(cfg->user_name);
	if (!str_empty(user))
		return xstrdup(user);
	struct passwd *pw = getpwuid(getuid());
	return xstrdup(pw && pw->pw_name ? pw->pw_name : "unknown");
}

static const struct conf_entry *find_entry(const char *section, const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(conf_map); i++)
		if (strcmp(conf_map[i].section, section) == 0 && strcmp(conf_map[i].key, key) == 0)
			return &conf_map[i];
	return NULL;
}

static char *resolve_path(const char *value, const char *config_path)
{
	if (value[0] == '~' && (value[1] == '/' || value[1] == '\0')) {
		char *home = home_dir();
		char *p = xasprintf("%s%s", home, value + 1);
		free(home);
		return p;
	}
	if (value[0] == '/')
		return xstrdup(value);
	char *copy = xstrdup(config_path);
	char *p = xasprintf("%s/%s", dirname(copy), value);
	free(copy);
	return p;
}

static int apply_entry(struct config *cfg, const struct conf_entry *e, const char *value)
{
	void *target = (char *)cfg + e->offset;
	int64_t n;
	bool b;

	switch (e->type) {
	case CONF_STRING:
		if (strlen(value) > 256) {
			err_set("value is longer than 256 bytes");
			return -1;
		}
		free(*(char **)target);
		*(char **)target = xstrdup(value);
		return 0;
	case CONF_DATE_FORMAT:
		if (str_empty(value) || strlen(value) > 64 || strchr(value, '\n')) {
			err_set("'%s' is not a date format (strftime, up to 64 bytes)", value);
			return -1;
		}
		free(*(char **)target);
		*(char **)target = xstrdup(value);
		return 0;
	case CONF_PATH:
		if (str_empty(value)) {
			err_set("the path is empty");
			return -1;
		}
		free(*(char **)target);
		*(char **)target = resolve_path(value, cfg->path);
		return 0;
	case CONF_BOOL:
		if (parse_bool(value, &b) != 0)
			return -1;
		*(bool *)target = b;
		return 0;
	case CONF_INT:
		/* Our own base-10 parse: iniparser_getint reads "042" as octal. */
		if (parse_int(value, e->min, e->max, &n) != 0)
			return -1;
		*(int *)target = (int)n;
		return 0;
	}
	return -1;
}

static void add_binding(struct config *cfg, const char *action, const char *keys, int line)
{
	cfg->bindings = xreallocarray(cfg->bindings, cfg->bindings_len + 1,
				      sizeof(*cfg->bindings));
	struct key_binding *kb = &cfg->bindings[cfg->bindings_len++];
	kb->action = xstrdup(action);
	kb->keys = xstrdup(keys);
	kb->line = line;
}

static int apply_section(struct config *cfg, dictionary *d, const char *section)
{
	int nkeys = iniparser_getsecnkeys(d, section);
	const char **keys;

	if (strcmp(section, "database") != 0 && strcmp(section, "user") != 0 &&
	    strcmp(section, "display") != 0 && strcmp(section, "rules") != 0 &&
	    strcmp(section, "keys") != 0) {
		err_set("%s: [%s]: unknown section (sections: database, user, display, rules, keys)",
			cfg->path, section);
		return -1;
	}
	if (nkeys <= 0)
		return 0;
	keys = xcalloc((size_t)nkeys, sizeof(*keys));
	if (!iniparser_getseckeys(d, section, keys)) {
		free(keys);
		return 0;
	}
	for (int i = 0; i < nkeys; i++) {
		const char *full = keys[i];
		const char *key = strchr(full, ':') ? strchr(full, ':') + 1 : full;
		const char *value = iniparser_getstring(d, full, NULL);
		/* iniparser lists a section [keys:x] as a key of [keys] without a
		 * value (and not as a section). */
		if (!value) {
			err_set("%s: [%s]: unknown section (sections: database, user, display, "
				"rules, keys)", cfg->path, full);
			free(keys);
			return -1;
		}
		if (strcmp(section, "keys") == 0) {
			add_binding(cfg, key, value, ini_key_line(cfg->path, key));
			continue;
		}
		const struct conf_entry *e = find_entry(section, key);
		if (!e) {
			err_set("%s: [%s] %s: unknown key", cfg->path, section, key);
			free(keys);
			return -1;
		}
		if (apply_entry(cfg, e, value) != 0) {
			err_prefix("%s: [%s] %s", cfg->path, section, key);
			free(keys);
			return -1;
		}
	}
	free(keys);
	return 0;
}

int config_load(struct config *cfg, const char *path)
{
	dictionary *d;
	int rc = 0;

	config_defaults(cfg);
	cfg->path = path ? xstrdup(path) : config_default_path();
	rc = ini_load(cfg->path, path == NULL, &d);
	if (rc != 0)
		return rc > 0 ? 0 : -1; /* no config file: defaults */
	cfg->loaded = true;
	int nsec = iniparser_getnsec(d);
	/* iniparser does not count a section with ':' in its name ([keys:x]) as
	 * a section; it is an entry without a value. None of ours has one. */
	for (int i = 0; i < d->size && rc == 0; i++) {
		if (d->key[i] && !d->val[i] && strchr(d->key[i], ':')) {
			err_set("%s: [%s]: unknown section (sections: database, user, display, "
				"rules, keys)", cfg->path, d->key[i]);
			rc = -1;
		}
	}
	for (int i = 0; i < nsec && rc == 0; i++)
		rc = apply_section(cfg, d, iniparser_getsecname(d, i));
	/* Keys before any [section] land in no section. */
	if (rc == 0) {
		for (int i = 0; i < d->size && rc == 0; i++) {
			if (d->key[i] && !strchr(d->key[i], ':') && ini_key_line(cfg->path, d->key[i])) {
				bool is_section = false;
				for (int s = 0; s < nsec; s++)
					if (strcmp(iniparser_getsecname(d, s), d->key[i]) == 0)
						is_section = true;
				if (!is_section) {
					err_set("%s: %s: key outside any [section]", cfg->path, d->key[i]);
					rc = -1;
				}
			}
		}
	}
	iniparser_freedict(d);
	return rc;
}
