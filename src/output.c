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
static bool needs_neutralising(const char *s)
{
	while (*s == '\'')
		s++;
	return formula_start(*s);
}

void csv_cell(FILE *out, const char *s, bool first, bool neutralise)
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

int json_print(FILE *out, json_t *value, bool pretty)
{
	size_t flags = pretty ? JSON_INDENT(2) : JSON_COMPACT;

	/* A terminal would act on C1 controls such as U+009B that JSON may
	 * carry raw; escape everything non-ASCII when a person is reading. */
	if (isatty(fileno(out)))
		flags |= JSON_ENSURE_ASCII;
	if (json_dumpf(value, out, flags) != 0) {
		err_set("writing JSON failed");
		return -1;
	}
	fputc('\n', out);
	return 0;
}
