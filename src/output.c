#include "plumb/output.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "plumb/parse.h"
#include "plumb/text.h"
#include "plumb/util.h"

int output_width(FILE *out)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	int64_t n;

	if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (env && parse_int(env, 20, 1000, &n) == 0)
		return (int)n;
	err_clear();
	return 80;
}

void output_text(FILE *out, const char *s)
{
	text_sanitize_file(out, s, strlen(s));
}

void table_layout(struct table_column *cols, size_t n, int total_width)
{
	int used = 0, flex = 0;

	for (size_t i = 0; i < n; i++) {
		used += cols[i].width + (i ? 1 : 0);
		flex += cols[i].flex;
	}
	int spare = total_width - used;
	if (spare <= 0 || flex == 0)
		return;
	int given = 0;
	for (size_t i = 0; i < n; i++) {
		if (!cols[i].flex)
			continue;
		int extra = spare * cols[i].flex / flex;
		cols[i].width += extra;
		given += extra;
	}
	/* Rounding leftovers go to the first flexible column. */
	for (size_t i = 0; i < n; i++) {
		if (cols[i].flex) {
			cols[i].width += spare - given;
			break;
		}
	}
}

static void put_row(FILE *out, const struct table_column *cols, size_t n,
		    const char *const *cells)
{
	struct strbuf line;

	strbuf_init(&line);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_putc(&line, ' ');
		const char *cell = cells[i] ? cells[i] : "";
		if (cols[i].right)
			text_fit_right(&line, cell, cols[i].width);
		else
			text_fit(&line, cell, cols[i].width, i + 1 < n);
	}
	while (line.len && line.buf[line.len - 1] == ' ')
		line.buf[--line.len] = '\0';
	strbuf_putc(&line, '\n');
	fwrite(line.buf, 1, line.len, out);
	strbuf_free(&line);
}

void table_header(FILE *out, const struct table_column *cols, size_t n)
{
	const char **cells = xcalloc(n, sizeof(*cells));
	for (size_t i = 0; i < n; i++)
		cells[i] = cols[i].header;
	put_row(out, cols, n, cells);
	free(cells);
}

void table_row(FILE *out, const struct table_column *cols, size_t n, const char *const *cells)
{
	put_row(out, cols, n, cells);
}

static bool formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

/*
 * A cell that starts like a formula gets a leading quote. So that import
 * can drop exactly that quote again, a cell that already is quotes before
 * a formula start ("'=x") gets one more: the mapping stays one-to-one.
 */
static void csv_cell_exact(FILE *out, const char *s, bool first, bool neutralise);

static bool needs_neutralising(const char *s)
{
	while (*s == '\'')
		s++;
	return formula_start(*s);
}

/* isatty() once per stream, not once per cell of a million-row export. */
static bool stream_is_terminal(FILE *out)
{
	static FILE *last;
	static bool last_tty;

	if (out != last) {
		last = out;
		last_tty = isatty(fileno(out));
	}
	return last_tty;
}

void csv_cell(FILE *out, const char *s, bool first, bool neutralise)
{
	struct strbuf shown;

	/* On a terminal a person reads it: stored escapes must not act (as
	 * json_print escapes them); files and pipes get the text exactly. */
	strbuf_init(&shown);
	if (stream_is_terminal(out)) {
		text_sanitize(&shown, s, strlen(s));
		s = shown.buf ? shown.buf : "";
	}
	csv_cell_exact(out, s, first, neutralise);
	strbuf_free(&shown);
}

static void csv_cell_exact(FILE *out, const char *s, bool first, bool neutralise)
{
	bool formula = neutralise && needs_neutralising(s);
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;

	if (!first)
		fputc(',', out);
	if (!quote) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

void csv_end_row(FILE *out)
{
	fputs("\r\n", out);
}

json_t *json_text(const char *s)
{
	size_t len;

	if (!s)
		return json_null();
	len = strlen(s);
	if (utf8_valid(s, len))
		return json_stringn(s, len);
	struct strbuf sb;
	strbuf_init(&sb);
	utf8_make_valid(&sb, s, len);
	json_t *j = json_stringn(sb.buf, sb.len);
	strbuf_free(&sb);
	return j;
}

/* Passes JSON text on with DEL, which JSON may carry raw, escaped. */
static int put_json_escaping_del(const char *buf, size_t size, void *data)
{
	FILE *out = data;
	size_t start = 0;

	for (size_t i = 0; i < size; i++) {
		if (buf[i] != 0x7F)
			continue;
		/* DEL is never structural: it can only be inside a string. */
		fwrite(buf + start, 1, i - start, out);
		fputs("\\u007f", out);
		start = i + 1;
	}
	fwrite(buf + start, 1, size - start, out);
	return ferror(out) ? -1 : 0;
}

int json_dump_out(json_t *value, FILE *out, size_t flags)
{
	int rc;

	/* A terminal would act on C1 controls such as U+009B that JSON may
	 * carry raw: everything non-ASCII is escaped when a person reads it,
	 * and DEL, which is ASCII. Files and pipes get plain UTF-8. */
	if (stream_is_terminal(out))
		rc = json_dump_callback(value, put_json_escaping_del, out, flags | JSON_ENSURE_ASCII);
	else
		rc = json_dumpf(value, out, flags);
	if (rc != 0) {
		err_set("writing JSON failed");
		return -1;
	}
	return 0;
}

int json_print(FILE *out, json_t *value, bool pretty)
{
	if (json_dump_out(value, out, pretty ? JSON_INDENT(2) : JSON_COMPACT) != 0)
		return -1;
	fputc('\n', out);
	return 0;
}
