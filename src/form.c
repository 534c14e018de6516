/* The form and confirmation dialogs. */
#include "plumb/form.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plumb/text.h"
#include "plumb/util.h"

#define LABEL_WIDTH 14
#define NOTE_MAX (64 * 1024)
#define KEY_ESCAPE 27
#define CTRL(c) ((c) & 0x1f)

struct form_field {
	char *label;
	bool choice, note;
	struct strbuf text;
	size_t cursor; /* byte offset into text */
	char **choices;
	size_t nchoices, chosen;
	char *error;
	char *trimmed; /* form_value()'s result, kept until the next call */
};

struct form {
	char *title;
	struct form_field *fields;
	size_t nfields, active;
	form_submit_fn submit;
	void *ctx;
	bool confirm; /* a yes/no question: no fields */
	confirm_fn yes;
};

struct form *form_new(const char *title, form_submit_fn submit, void *ctx)
{
	struct form *f = xcalloc(1, sizeof(*f));
	f->title = xstrdup(title);
	f->submit = submit;
	f->ctx = ctx;
	return f;
}

void *form_ctx(struct form *f)
{
	return f->ctx;
}

static struct form_field *add_field(struct form *f, const char *label)
{
	f->fields = xreallocarray(f->fields, f->nfields + 1, sizeof(*f->fields));
	struct form_field *fld = &f->fields[f->nfields++];
	memset(fld, 0, sizeof(*fld));
	fld->label = xstrdup(label);
	strbuf_init(&fld->text);
	return fld;
}

int form_add_text(struct form *f, const char *label, const char *initial, bool note)
{
	struct form_field *fld = add_field(f, label);
	fld->note = note;
	strbuf_puts(&fld->text, initial ? initial : "");
	fld->cursor = fld->text.len;
	return (int)f->nfields - 1;
}

int form_add_choice(struct form *f, const char *label, const char *const *choices, size_t n,
		    size_t initial)
{
	struct form_field *fld = add_field(f, label);
	fld->choice = true;
	fld->choices = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		fld->choices[i] = xstrdup(choices[i]);
	fld->nchoices = n;
	fld->chosen = initial < n ? initial : 0;
	return (int)f->nfields - 1;
}

int form_add_choice_list(struct form *f, const char *label, const char *list,
			 const char *initial)
{
	char *copy = xstrdup(list), *save = NULL;
	const char **items = NULL;
	size_t n = 0, pick = 0;

	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		items = xreallocarray(items, n + 1, sizeof(*items));
		if (initial && strcasecmp(tok, initial) == 0)
			pick = n;
		items[n++] = tok;
	}
	int idx = form_add_choice(f, label, items, n, pick);
	free(items);
	free(copy);
	return idx;
}

const char *form_value(struct form *f, int field)
{
	struct form_field *fld = &f->fields[field];
	if (fld->choice)
		return fld->nchoices ? fld->choices[fld->chosen] : "";
	free(fld->trimmed);
	fld->trimmed = xstrdup(fld->text.buf ? fld->text.buf : "");
	if (!fld->note)
		str_trim(fld->trimmed);
	return fld->trimmed;
}

size_t form_choice(struct form *f, int field)
{
	return f->fields[field].chosen;
}

void form_field_error(struct form *f, int field, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	free(f->fields[field].error);
	f->fields[field].error = strbuf_detach(&sb);
	f->active = (size_t)field;
}

static void form_free_data(struct form *f)
{
	for (size_t i = 0; i < f->nfields; i++) {
		struct form_field *fld = &f->fields[i];
		free(fld->label);
		strbuf_free(&fld->text);
		for (size_t k = 0; k < fld->nchoices; k++)
			free(fld->choices[k]);
		free(fld->choices);
		free(fld->error);
		free(fld->trimmed);
	}
	free(f->fields);
	free(f->title);
	free(f->ctx);
	free(f);
}

static int form_height(const struct form *f)
{
	int h = 4; /* borders, hint line, blank */
	for (size_t i = 0; i < f->nfields; i++)
		h += 1 + (f->fields[i].error ? 1 : 0);
	return f->confirm ? 5 : h;
}

/* The visible slice of a text field with the cursor kept in view. */
static void draw_text_field(struct app *app, struct form_field *fld, int y, int x, int w,
			    bool active)
{
	const char *s = fld->text.buf ? fld->text.buf : "";
	struct strbuf before;
	strbuf_init(&before);
	text_sanitize(&before, s, fld->cursor);
	int cursor_col = text_width(before.buf ? before.buf : "");
	strbuf_free(&before);

	/* Skip leading characters until the cursor fits. */
	size_t start = 0;
	while (cursor_col >= w - 1 && start < fld->cursor) {
		int n = 1;
		while (start + (size_t)n < fld->cursor &&
		       ((unsigned char)s[start + (size_t)n] & 0xC0) == 0x80)
			n++;
		struct strbuf ch;
		strbuf_init(&ch);
		text_sanitize(&ch, s + start, (size_t)n);
		cursor_col -= text_width(ch.buf ? ch.buf : "");
		strbuf_free(&ch);
		start += (size_t)n;
	}
	enum ui_element el = active ? UI_FIELD_ACTIVE : UI_FIELD;
	tui_fill(app, y, x, w, el);
	tui_text(app, y, x, w, s + start, el, false);
	if (active) {
		app->cursor_y = y;
		app->cursor_x = x + cursor_col;
	}
}

static void form_draw(struct app *app, struct screen *s)
{
	struct form *f = s->data;
	int width = app->cols - 4 < 72 ? app->cols - 4 : 72;
	int top, left;

	tui_box(app, form_height(f), width, f->title, &top, &left);
	int inner = width - 4;
	if (f->confirm) {
		tui_text(app, top + 1, left, inner, "Enter or y: yes    Esc or n: no", UI_DIALOG,
			 false);
		return;
	}
	int y = top;
	for (size_t i = 0; i < f->nfields; i++) {
		struct form_field *fld = &f->fields[i];
		bool active = i == f->active;
		tui_text(app, y, left, LABEL_WIDTH, fld->label, UI_DIALOG, false);
		int fx = left + LABEL_WIDTH + 1, fw = inner - LABEL_WIDTH - 1;
		if (fld->choice) {
			struct strbuf sb;
			strbuf_init(&sb);
			strbuf_printf(&sb, "%s %s %s", tui_glyph(app, "\xe2\x97\x82", "<"),
				      fld->nchoices ? fld->choices[fld->chosen] : "",
				      tui_glyph(app, "\xe2\x96\xb8", ">"));
			tui_fill(app, y, fx, fw, active ? UI_FIELD_ACTIVE : UI_FIELD);
			tui_text(app, y, fx, fw, sb.buf, active ? UI_FIELD_ACTIVE : UI_FIELD, false);
			strbuf_free(&sb);
		} else {
			draw_text_field(app, fld, y, fx, fw, active);
		}
		y++;
		if (fld->error)
			tui_text(app, y++, fx, fw, fld->error, UI_ERROR, false);
	}
	const struct form_field *act = f->nfields ? &f->fields[f->active] : NULL;
	tui_text(app, y + 1, left, inner,
		 act && act->note ? "Enter save  Tab next  C-e $EDITOR  Esc cancel"
		 : act && act->choice ? "Enter save  Tab next  Left/Right choose  Esc cancel"
				      : "Enter save  Tab next field  Esc cancel",
		 UI_DIALOG, false);
}

static void clear_errors(struct form *f)
{
	for (size_t i = 0; i < f->nfields; i++) {
		free(f->fields[i].error);
		f->fields[i].error = NULL;
	}
}

static void insert_wchar(struct form_field *fld, wint_t ch)
{
	char buf[MB_LEN_MAX + 1];
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t n = wcrtomb(buf, (wchar_t)ch, &st);
	if (n == (size_t)-1 || fld->text.len + n > NOTE_MAX)
		return;
	struct strbuf nb;
	strbuf_init(&nb);
	strbuf_add(&nb, fld->text.buf ? fld->text.buf : "", fld->cursor);
	strbuf_add(&nb, buf, n);
	strbuf_puts(&nb, fld->text.buf ? fld->text.buf + fld->cursor : "");
	strbuf_free(&fld->text);
	fld->text = nb;
	fld->cursor += n;
}

static size_t prev_char(const struct form_field *fld, size_t pos)
{
	if (pos == 0)
		return 0;
	pos--;
	while (pos > 0 && ((unsigned char)fld->text.buf[pos] & 0xC0) == 0x80)
		pos--;
	return pos;
}

static size_t next_char(const struct form_field *fld, size_t pos)
{
	if (pos >= fld->text.len)
		return fld->text.len;
	pos++;
	while (pos < fld->text.len && ((unsigned char)fld->text.buf[pos] & 0xC0) == 0x80)
		pos++;
	return pos;
}

static void delete_range(struct form_field *fld, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(fld->text.buf + from, fld->text.buf + to, fld->text.len - to + 1);
	fld->text.len -= to - from;
	fld->cursor = from;
}

static void split_words(char *cmd, char **argv, int max)
{
	int n = 0;
	for (char *tok = strtok(cmd, " \t"); tok && n < max - 2; tok = strtok(NULL, " \t"))
		argv[n++] = tok;
	argv[n] = NULL;
}

/* Edits the field in $VISUAL/$EDITOR: a private temp file, no shell. */
static void edit_externally(struct app *app, struct form_field *fld)
{
	const char *editor = getenv("VISUAL");
	if (str_empty(editor))
		editor = getenv("EDITOR");
	if (str_empty(editor))
		editor = "vi";
	const char *tmpdir = getenv("TMPDIR");
	char *path = xasprintf("%s/plumb-note-XXXXXX", str_empty(tmpdir) ? "/tmp" : tmpdir);
	int fd = mkstemp(path); /* 0600 */
	if (fd < 0) {
		tui_error(app, "cannot create a temporary file: %s", strerror(errno));
		free(path);
		return;
	}
	if (fld->text.len && write(fd, fld->text.buf, fld->text.len) != (ssize_t)fld->text.len) {
		tui_error(app, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(path);
		free(path);
		return;
	}
	close(fd);
	def_prog_mode();
	endwin();
	char *cmd = xstrdup(editor);
	char *argv[34];
	split_words(cmd, argv, 32);
	int n = 0;
	while (argv[n])
		n++;
	argv[n] = path;
	argv[n + 1] = NULL;
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	int status = 0;
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	free(cmd);
	reset_prog_mode();
	refresh();
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		tui_error(app, "%s did not finish cleanly; the note is unchanged", editor);
	} else {
		FILE *in = fopen(path, "r");
		if (in) {
			struct strbuf sb;
			char buf[4096];
			size_t got;
			strbuf_init(&sb);
			while ((got = fread(buf, 1, sizeof(buf), in)) > 0 && sb.len < NOTE_MAX)
				strbuf_add(&sb, buf, got);
			fclose(in);
			while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == '\r'))
				sb.buf[--sb.len] = '\0';
			strbuf_free(&fld->text);
			fld->text = sb;
			fld->cursor = sb.len;
		}
	}
	unlink(path);
	free(path);
}

static unsigned text_key(struct app *app, struct form_field *fld, wint_t ch, bool fkey)
{
	if (fkey) {
		switch (ch) {
		case KEY_LEFT:
			fld->cursor = prev_char(fld, fld->cursor);
			return R_DRAW;
		case KEY_RIGHT:
			fld->cursor = next_char(fld, fld->cursor);
			return R_DRAW;
		case KEY_HOME:
			fld->cursor = 0;
			return R_DRAW;
		case KEY_END:
			fld->cursor = fld->text.len;
			return R_DRAW;
		case KEY_BACKSPACE:
			delete_range(fld, prev_char(fld, fld->cursor), fld->cursor);
			return R_DRAW;
		case KEY_DC:
			delete_range(fld, fld->cursor, next_char(fld, fld->cursor));
			return R_DRAW;
		default:
			return R_NONE;
		}
	}
	if (ch == 127 || ch == CTRL('h')) {
		delete_range(fld, prev_char(fld, fld->cursor), fld->cursor);
	} else if (ch == CTRL('a')) {
		fld->cursor = 0;
	} else if (ch == CTRL('u')) {
		delete_range(fld, 0, fld->cursor);
	} else if (ch == CTRL('e') && fld->note) {
		edit_externally(app, fld);
	} else if (ch == CTRL('e')) {
		fld->cursor = fld->text.len;
	} else if (ch >= ' ' && ch != 127) {
		insert_wchar(fld, ch);
	}
	return R_DRAW;
}

static char tolower_ascii(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static unsigned choice_key(struct form_field *fld, wint_t ch, bool fkey)
{
	if (fld->nchoices == 0)
		return R_NONE;
	if ((fkey && ch == KEY_RIGHT) || (!fkey && ch == ' ')) {
		fld->chosen = (fld->chosen + 1) % fld->nchoices;
	} else if (fkey && ch == KEY_LEFT) {
		fld->chosen = (fld->chosen + fld->nchoices - 1) % fld->nchoices;
	} else if (!fkey && ch > ' ' && ch < 127) {
		/* A letter jumps to the next choice starting with it. */
		for (size_t k = 1; k <= fld->nchoices; k++) {
			size_t i = (fld->chosen + k) % fld->nchoices;
			if (tolower_ascii(fld->choices[i][0]) == tolower_ascii((char)ch)) {
				fld->chosen = i;
				break;
			}
		}
	}
	return R_DRAW;
}

static unsigned form_key(struct app *app, struct screen *s, wint_t ch, bool fkey)
{
	struct form *f = s->data;

	if (!fkey && ch == KEY_ESCAPE)
		return R_POP | R_DRAW;
	if (f->confirm) {
		if (!fkey && (ch == 'y' || ch == 'Y' || ch == '\r' || ch == '\n')) {
			unsigned r = f->yes(app, f->ctx);
			return R_POP | r;
		}
		if (!fkey && (ch == 'n' || ch == 'N' || ch == 'q'))
			return R_POP | R_DRAW;
		return R_NONE;
	}
	if ((!fkey && (ch == '\r' || ch == '\n')) || (fkey && ch == KEY_ENTER)) {
		clear_errors(f);
		unsigned r = f->submit(app, f);
		return r;
	}
	if ((!fkey && ch == '\t') || (fkey && ch == KEY_DOWN)) {
		f->active = (f->active + 1) % f->nfields;
		return R_DRAW;
	}
	if (fkey && (ch == KEY_BTAB || ch == KEY_UP)) {
		f->active = (f->active + f->nfields - 1) % f->nfields;
		return R_DRAW;
	}
	struct form_field *fld = &f->fields[f->active];
	return fld->choice ? choice_key(fld, ch, fkey) : text_key(app, fld, ch, fkey);
}

static unsigned form_act(struct app *app, struct screen *s, enum action a)
{
	(void)app;
	(void)s;
	return a == ACTION_BACK ? (R_POP | R_DRAW) : R_NONE;
}

static void form_free(struct screen *s)
{
	form_free_data(s->data);
}

const struct screen_ops form_screen = {
	.name = "form",
	.draw = form_draw,
	.act = form_act,
	.key = form_key,
	.free = form_free,
};

void form_show(struct app *app, struct form *f)
{
	tui_push(app, &form_screen, f, true);
}

void confirm_show(struct app *app, const char *question, confirm_fn yes, void *ctx)
{
	struct form *f = form_new(question, NULL, ctx);
	f->confirm = true;
	f->yes = yes;
	tui_push(app, &form_screen, f, true);
}
