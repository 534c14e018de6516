#include "plumb/keymap.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plumb/util.h"

#define ACTION_NAME(id, name, help) name,
#define ACTION_HELP(id, name, help) help,
static const char *const action_names[] = { "", ACTIONS(ACTION_NAME) };
static const char *const action_helps[] = { "", ACTIONS(ACTION_HELP) };
#undef ACTION_NAME
#undef ACTION_HELP

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27
#define KEY_ENTER_CR 13
#define KEY_ENTER_LF 10

const char *action_name(enum action a)
{
	return (size_t)a < ARRAY_LEN(action_names) ? action_names[a] : "?";
}

const char *action_help(enum action a)
{
	return (size_t)a < ARRAY_LEN(action_helps) ? action_helps[a] : "?";
}

int action_parse(const char *name, enum action *out)
{
	for (size_t i = 1; i < ARRAY_LEN(action_names); i++) {
		if (strcmp(name, action_names[i]) == 0) {
			*out = (enum action)i;
			return 0;
		}
	}
	err_set("'%s' is not an action (see the help screen or plumb(1))", name);
	return -1;
}

static const struct {
	int key;
	enum action action;
} default_bindings[] = {
	{ 'h', ACTION_LEFT },       { KEY_LEFT, ACTION_LEFT },
	{ 'l', ACTION_RIGHT },      { KEY_RIGHT, ACTION_RIGHT },
	{ 'k', ACTION_UP },         { KEY_UP, ACTION_UP },
	{ 'j', ACTION_DOWN },       { KEY_DOWN, ACTION_DOWN },
	{ 'g', ACTION_TOP },        { KEY_HOME, ACTION_TOP },
	{ 'G', ACTION_BOTTOM },     { KEY_END, ACTION_BOTTOM },
	{ KEY_PPAGE, ACTION_PAGE_UP }, { KEY_NPAGE, ACTION_PAGE_DOWN },
	{ 'H', ACTION_MOVE_LEFT },  { '<', ACTION_MOVE_LEFT },
	{ 'L', ACTION_MOVE_RIGHT }, { '>', ACTION_MOVE_RIGHT },
	{ KEY_ENTER_LF, ACTION_OPEN }, { KEY_ENTER_CR, ACTION_OPEN }, { KEY_ENTER, ACTION_OPEN },
	{ 'a', ACTION_ADD },        { 'e', ACTION_EDIT },
	{ 'f', ACTION_FOLLOW_UP },  { 'o', ACTION_OBJECTION },
	{ 'W', ACTION_WON },        { 'X', ACTION_LOST },
	{ 'D', ACTION_DELETE },     { '/', ACTION_FILTER },
	{ 'm', ACTION_MINE },       { '!', ACTION_STALLED_ONLY },
	{ '@', ACTION_DUE_ONLY },   { '*', ACTION_KEY_ACCOUNTS },
	{ 'c', ACTION_CLOSED },     { 's', ACTION_STATS },
	{ 'S', ACTION_STANDUP },    { 'n', ACTION_NEXT_OWNER },
	{ 'p', ACTION_PREV_OWNER }, { 'u', ACTION_UNDO },
	{ CTRL('r'), ACTION_REDO }, { 'r', ACTION_REFRESH },
	{ CTRL('l'), ACTION_REFRESH }, { '?', ACTION_HELP },
	{ KEY_F(1), ACTION_HELP },  { KEY_ESC, ACTION_BACK },
	{ 'q', ACTION_QUIT },
};

void keymap_defaults(struct keymap *km)
{
	km->len = 0;
	for (size_t i = 0; i < ARRAY_LEN(default_bindings); i++) {
		km->bindings[km->len].key = default_bindings[i].key;
		km->bindings[km->len].action = default_bindings[i].action;
		km->len++;
	}
}

static void unbind_action(struct keymap *km, enum action a)
{
	size_t out = 0;
	for (size_t i = 0; i < km->len; i++)
		if (km->bindings[i].action != a)
			km->bindings[out++] = km->bindings[i];
	km->len = out;
}

static void bind(struct keymap *km, int key, enum action a)
{
	/* A key has one meaning: rebinding takes it from its old action. */
	size_t out = 0;
	for (size_t i = 0; i < km->len; i++)
		if (km->bindings[i].key != key)
			km->bindings[out++] = km->bindings[i];
	km->len = out;
	if (km->len < KEYMAP_MAX) {
		km->bindings[km->len].key = key;
		km->bindings[km->len].action = a;
		km->len++;
	}
}

int keymap_apply_config(struct keymap *km, const struct config *cfg)
{
	for (size_t i = 0; i < cfg->bindings_len; i++) {
		const struct key_binding *kb = &cfg->bindings[i];
		enum action a;
		char where[512];

		if (kb->line)
			snprintf(where, sizeof(where), "%s:%d: [keys] %s", cfg->path, kb->line,
				 kb->action);
		else
			snprintf(where, sizeof(where), "%s: [keys] %s", cfg->path, kb->action);
		if (action_parse(kb->action, &a) != 0) {
			err_prefix("%s", where);
			return -1;
		}
		char *list = xstrdup(kb->keys), *save = NULL;
		int keys[16], n = 0;
		for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			str_trim(tok);
			if (n == 16 || keymap_key_parse(tok, &keys[n]) != 0) {
				if (n == 16)
					err_set("at most 16 keys per action");
				err_prefix("%s", where);
				free(list);
				return -1;
			}
			n++;
		}
		free(list);
		if (n == 0) {
			err_set("%s: no keys given", where);
			return -1;
		}
		unbind_action(km, a);
		for (int k = 0; k < n; k++) {
			bind(km, keys[k], a);
			/* Enter arrives as CR (nonl), LF or KEY_ENTER: all are Enter. */
			if (keys[k] == KEY_ENTER_LF) {
				bind(km, KEY_ENTER_CR, a);
				bind(km, KEY_ENTER, a);
			}
		}
	}
	return 0;
}

enum action keymap_lookup(const struct keymap *km, int key)
{
	for (size_t i = 0; i < km->len; i++)
		if (km->bindings[i].key == key)
			return km->bindings[i].action;
	return ACTION_NONE;
}

void keymap_describe(const struct keymap *km, enum action a, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < km->len; i++) {
		int key = km->bindings[i].key;
		char name[32];
		if (km->bindings[i].action != a || key == KEY_ENTER || key == KEY_ENTER_CR)
			continue; /* Enter is listed once */
		keymap_key_name(key, name, sizeof(name));
		int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", name);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{ "Enter", KEY_ENTER_LF }, { "Esc", KEY_ESC },	     { "Tab", '\t' },
	{ "Space", ' ' },	   { "Up", KEY_UP },	     { "Down", KEY_DOWN },
	{ "Left", KEY_LEFT },	   { "Right", KEY_RIGHT },   { "Home", KEY_HOME },
	{ "End", KEY_END },	   { "PgUp", KEY_PPAGE },    { "PgDn", KEY_NPAGE },
	{ "Backspace", KEY_BACKSPACE }, { "Delete", KEY_DC }, { "Insert", KEY_IC },
	{ "Comma", ',' },
};

int keymap_key_parse(const char *name, int *key)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < ARRAY_LEN(named_keys); i++) {
		if (strcasecmp(name, named_keys[i].name) == 0) {
			*key = named_keys[i].key;
			return 0;
		}
	}
	if (len == 1 && name[0] > ' ' && name[0] < 0x7f) {
		*key = (unsigned char)name[0];
		return 0;
	}
	if ((len == 3 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-') ||
	    (len == 6 && strncasecmp(name, "Ctrl-", 5) == 0)) {
		char c = name[len - 1];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
			/* C-m is what the Enter key sends. */
			*key = CTRL(c) == KEY_ENTER_CR ? KEY_ENTER_LF : CTRL(c);
			return 0;
		}
	}
	if ((name[0] == 'F' || name[0] == 'f') && len >= 2 && len <= 3) {
		int n = 0;
		for (size_t i = 1; i < len; i++) {
			if (name[i] < '0' || name[i] > '9')
				goto bad;
			n = n * 10 + (name[i] - '0');
		}
		if (n >= 1 && n <= 12) {
			*key = KEY_F(n);
			return 0;
		}
	}
bad:
	err_set("'%s' is not a key name (e.g. a, A, C-r, Enter, Esc, Tab, Space, Up, PgDn, F1)",
		name);
	return -1;
}

void keymap_key_name(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < ARRAY_LEN(named_keys); i++) {
		if (named_keys[i].key == key) {
			snprintf(buf, size, "%s", named_keys[i].name);
			return;
		}
	}
	if (key == KEY_ENTER || key == KEY_ENTER_CR) {
		snprintf(buf, size, "Enter");
	} else if (key > ' ' && key < 0x7f) {
		snprintf(buf, size, "%c", key);
	} else if (key >= 1 && key < ' ') {
		snprintf(buf, size, "C-%c", key + 'a' - 1);
	} else if (key >= KEY_F(1) && key <= KEY_F(12)) {
		snprintf(buf, size, "F%d", key - KEY_F(0));
	} else {
		snprintf(buf, size, "#%d", key);
	}
}
