#include "plumb/report_out.h"

#include <math.h>
#include <string.h>

#include "plumb/output.h"
#include "plumb/parse.h"
#include "plumb/text.h"

void report_count(int64_t n, char *buf, size_t size)
{
	char digits[32];
	uint64_t a = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
	size_t len, out = 0;

	snprintf(digits, sizeof(digits), "%llu", (unsigned long long)a);
	len = strlen(digits);
	if (size == 0)
		return;
	if (n < 0 && out + 1 < size)
		buf[out++] = '-';
	for (size_t i = 0; i < len && out + 1 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0 && out + 2 < size)
			buf[out++] = ',';
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
}

void report_money(const char *symbol, int64_t minor, int max_cols, char *buf, size_t size)
{
	char amount[48];

	format_money(minor, amount, sizeof(amount));
	snprintf(buf, size, "%s%s", symbol, amount);
	if (max_cols > 0 && text_width(buf) > max_cols) {
		format_money_short(minor, amount, sizeof(amount));
		snprintf(buf, size, "%s%s", symbol, amount);
	}
}

void report_percent(double fraction, char *buf, size_t size)
{
	snprintf(buf, size, "%.1f%%", fraction * 100.0);
}

void report_days(double days, int decimals, char *buf, size_t size)
{
	size_t n;

	snprintf(buf, size, "%.*f", decimals, days);
	if (!strchr(buf, '.'))
		return;
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
}

json_t *report_json_real(double x, int decimals)
{
	double scale = pow(10.0, decimals);
	return json_real(round(x * scale) / scale);
}

int report_json_print(FILE *out, json_t *value)
{
	size_t flags = JSON_INDENT(2) | JSON_REAL_PRECISION(12);

	if (json_dump_out(value, out, flags) != 0)
		return -1;
	fputc('\n', out);
	return 0;
}

void report_markdown_text(struct strbuf *out, const char *s)
{
	/* CommonMark allows a backslash before any ASCII punctuation; these
	 * are the ones that start markup in the middle of a line (stored
	 * text never starts one here, so list and heading marks are safe). */
	static const char special[] = "\\`*_[]<>|~";
	struct strbuf clean;

	strbuf_init(&clean);
	text_sanitize(&clean, s ? s : "", s ? strlen(s) : 0);
	for (size_t i = 0; i < clean.len; i++) {
		if (strchr(special, clean.buf[i]))
			strbuf_putc(out, '\\');
		strbuf_putc(out, clean.buf[i]);
	}
	strbuf_free(&clean);
}
