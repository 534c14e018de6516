#include "plumb/ics.h"

#include <string.h>

#include "plumb/clock.h"
#include "plumb/text.h"

#define ICS_LINE_OCTETS 75

void ics_escape_text(struct strbuf *out, const char *s)
{
	struct strbuf valid;

	/* Calendars expect UTF-8 throughout; repair rather than refuse. */
	strbuf_init(&valid);
	utf8_make_valid(&valid, s, strlen(s));
	for (const char *p = valid.buf ? valid.buf : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\\' || c == ';' || c == ',') {
			strbuf_putc(out, '\\');
			strbuf_putc(out, *p);
		} else if (c == '\n') {
			strbuf_add(out, "\\n", 2);
		} else if (c == '\r') {
			if (p[1] != '\n')
				strbuf_add(out, "\\n", 2);
		} else if (c == '\t' || c >= 0x20) {
			if (c != 0x7F)
				strbuf_putc(out, *p);
		}
	}
	strbuf_free(&valid);
}

void ics_fold_line(struct strbuf *out, const char *line, size_t len)
{
	size_t limit = ICS_LINE_OCTETS;

	while (len > limit) {
		size_t cut = limit;
		/* Never inside a UTF-8 sequence: back up to a lead byte. */
		while (cut > 1 && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		strbuf_add(out, line, cut);
		strbuf_add(out, "\r\n ", 3);
		line += cut;
		len -= cut;
		limit = ICS_LINE_OCTETS - 1; /* the leading space counts */
	}
	strbuf_add(out, line, len);
	strbuf_add(out, "\r\n", 2);
}

static void write_line(FILE *out, const struct strbuf *line)
{
	struct strbuf folded;

	strbuf_init(&folded);
	ics_fold_line(&folded, line->buf, line->len);
	fwrite(folded.buf, 1, folded.len, out);
	strbuf_free(&folded);
}

void ics_write(FILE *out, const char *name, const char *value)
{
	struct strbuf line;

	strbuf_init(&line);
	strbuf_printf(&line, "%s:%s", name, value);
	write_line(out, &line);
	strbuf_free(&line);
}

void ics_write_text(FILE *out, const char *name, const char *text)
{
	struct strbuf line;

	strbuf_init(&line);
	strbuf_printf(&line, "%s:", name);
	ics_escape_text(&line, text ? text : "");
	write_line(out, &line);
	strbuf_free(&line);
}

void ics_format_date(int64_t day, char *buf, size_t size)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, size, "%04d%02d%02d", y, m, d);
}

void ics_format_utc(time_t t, char *buf, size_t size)
{
	int64_t days = (int64_t)t / 86400, secs = (int64_t)t % 86400;
	int y, m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, size, "%04d%02d%02dT%02d%02d%02dZ", y, m, d, (int)(secs / 3600),
		 (int)(secs / 60 % 60), (int)(secs % 60));
}
