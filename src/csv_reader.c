/*
 * libcsv does the quoting; this file feeds it one physical line at a time
 * so that a syntax error is known to lie on the line just fed, and a
 * record's first line is the line being fed when the previous record (or
 * blank line) ended. CSV_REPALL_NL makes libcsv report every unquoted
 * line break, blank lines included, which is how a record boundary is
 * told from a newline inside quotes.
 */
#include "plumb/csv_reader.h"

#include <csv.h>
#include <errno.h>
#include <string.h>

#include "plumb/util.h"

#define READ_CHUNK (256u << 10)

struct csv_reader {
	FILE *in;
	struct csv_parser parser;
	char delimiter;
	char *buf;
	size_t pos, len;
	bool eof, done, failed, started;
	uint64_t offset;
	long line;         /* line being fed */
	long row_line;     /* first line of the record being read */
	long error_line;
	bool at_row_start; /* the next byte fed starts a record */
	bool boundary;     /* libcsv reported a line break during this feed */
	size_t row_bytes;
	/* The record being assembled: fields NUL-separated in data. */
	struct strbuf data;
	size_t *offsets, *lengths;
	char **fields;
	size_t nfields, cap;
	bool ready;        /* a complete record is waiting to be handed out */
	bool handed_out;   /* ... and has been; the next field starts anew */
	long ready_line;
	bool nul_byte;
};

/* RFC 4180 keeps spaces around fields; libcsv trims them by default. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void on_field(void *s, size_t len, void *ctx)
{
	struct csv_reader *r = ctx;

	if (r->handed_out) {
		strbuf_reset(&r->data);
		r->nfields = 0;
		r->handed_out = false;
	}
	if (r->nfields == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->offsets = xreallocarray(r->offsets, r->cap, sizeof(*r->offsets));
		r->lengths = xreallocarray(r->lengths, r->cap, sizeof(*r->lengths));
		r->fields = xreallocarray(r->fields, r->cap, sizeof(*r->fields));
	}
	r->offsets[r->nfields] = r->data.len;
	r->lengths[r->nfields] = len;
	r->nfields++;
	if (len && memchr(s, '\0', len))
		r->nul_byte = true;
	strbuf_add(&r->data, len ? s : "", len);
	strbuf_add(&r->data, "", 1); /* the separator; strbuf keeps one more NUL */
}

static void on_row(int c, void *ctx)
{
	struct csv_reader *r = ctx;

	(void)c;
	r->boundary = true;
	if (r->handed_out || r->nfields == 0)
		return; /* a blank line */
	r->ready = true;
	r->ready_line = r->row_line;
}

struct csv_reader *csv_reader_new(FILE *in, char delimiter)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));

	r->in = in;
	r->delimiter = delimiter;
	r->buf = xmalloc(READ_CHUNK);
	r->line = 1;
	r->at_row_start = true;
	strbuf_init(&r->data);
	/* csv_init allocates nothing; libcsv's buffer grows through xrealloc. */
	csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
	csv_set_realloc_func(&r->parser, xrealloc);
	csv_set_space_func(&r->parser, no_space);
	return r;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->parser);
	strbuf_free(&r->data);
	free(r->offsets);
	free(r->lengths);
	free(r->fields);
	free(r->buf);
	free(r);
}

long csv_reader_error_line(const struct csv_reader *r)
{
	return r->error_line;
}

char csv_reader_delimiter(const struct csv_reader *r)
{
	return r->delimiter;
}

uint64_t csv_reader_offset(const struct csv_reader *r)
{
	return r->offset;
}

static int fail_at(struct csv_reader *r, long line)
{
	r->failed = true;
	r->error_line = line;
	return -1;
}

/* Keeps the unfed bytes and reads more after them. */
static int refill(struct csv_reader *r)
{
	size_t keep = r->len - r->pos;

	memmove(r->buf, r->buf + r->pos, keep);
	r->pos = 0;
	r->len = keep;
	if (r->eof)
		return 0;
	size_t n = fread(r->buf + keep, 1, READ_CHUNK - keep, r->in);
	r->len += n;
	if (n == 0) {
		if (ferror(r->in)) {
			err_set("cannot read: %s", strerror(errno));
			return fail_at(r, r->line);
		}
		r->eof = true;
	}
	return 0;
}

/* The most frequent of , ; TAB outside quotes on the first line. */
static char detect_delimiter(const char *p, size_t n)
{
	size_t counts[3] = { 0, 0, 0 };
	static const char candidates[3] = { ',', ';', '\t' };
	bool quoted = false;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"')
			quoted = !quoted;
		else if (!quoted && (p[i] == '\n' || p[i] == '\r'))
			break;
		else if (!quoted)
			for (int k = 0; k < 3; k++)
				counts[k] += p[i] == candidates[k];
	}
	int best = 0;
	for (int k = 1; k < 3; k++)
		if (counts[k] > counts[best])
			best = k;
	return candidates[best];
}

static int start(struct csv_reader *r)
{
	r->started = true;
	/* Excel's "Unicode Text" is UTF-16: say so rather than "NUL byte". */
	if (r->len - r->pos >= 2 && (memcmp(r->buf + r->pos, "\xFF\xFE", 2) == 0 ||
				     memcmp(r->buf + r->pos, "\xFE\xFF", 2) == 0)) {
		err_set("the file is UTF-16 text; save it as CSV in UTF-8");
		return fail_at(r, 1);
	}
	if (r->len - r->pos >= 3 && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0) {
		r->pos += 3;
		r->offset += 3;
	}
	if (!r->delimiter)
		r->delimiter = detect_delimiter(r->buf + r->pos, r->len - r->pos);
	csv_set_delim(&r->parser, (unsigned char)r->delimiter);
	return 0;
}

/*
 * The next piece to feed: up to and including one line break (LF, CRLF or
 * a lone CR), or all that is buffered. 0 when a CR ends the buffer and the
 * byte after it is needed to tell CRLF from CR.
 */
static size_t next_piece(const char *p, size_t n, bool eof, bool *line_end)
{
	const char *lf = memchr(p, '\n', n);
	size_t before_lf = lf ? (size_t)(lf - p) : n;
	const char *cr = memchr(p, '\r', before_lf);

	*line_end = true;
	if (cr) {
		size_t i = (size_t)(cr - p);
		if (i + 1 < n)
			return p[i + 1] == '\n' ? i + 2 : i + 1;
		if (!eof) {
			/* Feed what comes before; the CR waits for its next byte. */
			*line_end = false;
			return i;
		}
		return i + 1;
	}
	if (lf)
		return before_lf + 1;
	*line_end = false;
	return n;
}

static int fail_nul_byte(struct csv_reader *r)
{
	err_set("a NUL byte: this is not a text file");
	return fail_at(r, r->line);
}

static int feed(struct csv_reader *r, size_t n, bool line_end)
{
	const char *piece = r->buf + r->pos;

	if (r->at_row_start) {
		r->row_line = r->line;
		r->row_bytes = 0;
		r->at_row_start = false;
	}
	r->boundary = false;
	size_t used = csv_parse(&r->parser, piece, n, on_field, on_row, r);
	r->pos += n;
	r->offset += n;
	if (used != n) {
		if (csv_error(&r->parser) == CSV_EPARSE)
			err_set("malformed quoting: a quote inside an unquoted field, or text "
				"after a closing quote");
		else
			err_set("%s", csv_strerror(csv_error(&r->parser)));
		return fail_at(r, r->line);
	}
	if (r->nul_byte)
		return fail_nul_byte(r);
	r->row_bytes += n;
	if (line_end) {
		r->line++;
		if (r->boundary)
			r->at_row_start = true;
	}
	if (!r->at_row_start && r->row_bytes > CSV_RECORD_MAX) {
		err_set("a record longer than %u MiB: probably a quote that is never closed",
			CSV_RECORD_MAX >> 20);
		return fail_at(r, r->row_line);
	}
	return 0;
}

static int finish(struct csv_reader *r)
{
	r->done = true;
	if (csv_fini(&r->parser, on_field, on_row, r) != 0) {
		err_set("a quoted field is never closed: the file ends inside it");
		return fail_at(r, r->row_line);
	}
	/* The last field of a file without a final line break comes only now. */
	if (r->nul_byte)
		return fail_nul_byte(r);
	return 0;
}

static bool record_blank(const struct csv_reader *r)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (r->lengths[i])
			return false;
	return true;
}

static void hand_out(struct csv_reader *r, struct csv_record *rec)
{
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = r->data.buf + r->offsets[i];
	rec->nfields = r->nfields;
	rec->fields = r->fields;
	rec->lengths = r->lengths;
	rec->line = r->ready_line;
	r->ready = false;
	r->handed_out = true;
}

int csv_reader_next(struct csv_reader *r, struct csv_record *rec)
{
	for (;;) {
		if (r->failed)
			return -1;
		if (r->ready) {
			bool blank = record_blank(r);
			hand_out(r, rec);
			if (!blank)
				return 1;
			continue;
		}
		if (r->done)
			return 0;
		if (r->pos == r->len || !r->started) {
			if (refill(r) != 0)
				return -1;
			if (!r->started && start(r) != 0)
				return -1;
			if (r->pos == r->len && r->eof) {
				if (finish(r) != 0)
					return -1;
				continue;
			}
		}
		bool line_end;
		size_t n = next_piece(r->buf + r->pos, r->len - r->pos, r->eof, &line_end);
		if (n == 0) {
			if (refill(r) != 0)
				return -1;
			continue;
		}
		if (feed(r, n, line_end) != 0)
			return -1;
	}
}
