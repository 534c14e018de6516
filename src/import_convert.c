/* One CSV record to one deal: cell values, dates, statuses, validation. */
#include "plumb/import.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plumb/clock.h"
#include "plumb/parse.h"
#include "plumb/text.h"

/* Reads 1..max digits; returns how many were read. */
static int read_digits(const char **p, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n;
}

static const char *skip_spaces(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

static bool valid_ymd(int y, int mo, int d)
{
	int y2, mo2, d2;

	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return false;
	civil_from_days(days_from_civil(y, mo, d), &y2, &mo2, &d2);
	return y2 == y && mo2 == mo && d2 == d;
}

struct civil {
	int y, mo, d, h, mi, s;
	bool zoned;
	long offset; /* seconds east of UTC when zoned */
};

/* The date part; sets err on failure. */
static int parse_date_part(const char **pp, bool day_first, const char *whole, struct civil *c)
{
	const char *p = *pp;
	int a, b, y, na, nb, ny;
	char sep;

	na = read_digits(&p, 4, &a);
	sep = *p;
	if (na == 0 || (sep != '-' && sep != '/' && sep != '.'))
		goto bad;
	p++;
	nb = read_digits(&p, 2, &b);
	if (nb == 0 || *p != sep)
		goto bad;
	p++;
	ny = read_digits(&p, 4, &y);
	if (na == 4 && ny >= 1 && ny <= 2) {
		c->y = a, c->mo = b, c->d = y;
	} else if (na <= 2 && ny == 4) {
		c->y = y;
		bool dmy = sep == '.' || day_first;
		c->d = dmy ? a : b;
		c->mo = dmy ? b : a;
		if (sep != '.' && c->mo > 12 && c->d <= 12) {
			err_set(day_first ? "'%s' is not day/month/year (without --day-first, "
					    "dates with slashes are month/day/year)"
					  : "'%s' is not month/day/year (import with --day-first "
					    "when the file writes day/month/year)",
				whole);
			return -1;
		}
	} else {
		goto bad;
	}
	if (c->y < 1900 || c->y > 9999 || !valid_ymd(c->y, c->mo, c->d))
		goto bad;
	*pp = p;
	return 0;
bad:
	err_set("'%s' is not a date (expected e.g. 2024-03-05, 2024-03-05T14:30:00Z, "
		"03/05/2024 or 05.03.2024)", whole);
	return -1;
}

static bool match_word(const char **pp, const char *word)
{
	size_t n = strlen(word);

	if (strncasecmp(*pp, word, n) != 0)
		return false;
	*pp += n;
	return true;
}

/* [+-]HH[:MM] or [+-]HHMM after the sign. */
static int parse_offset(const char **pp, long *offset)
{
	const char *p = *pp;
	int sign = *p == '-' ? -1 : 1, h, m = 0;

	p++;
	if (read_digits(&p, 2, &h) != 2)
		return -1;
	if (*p == ':')
		p++;
	if (isdigit((unsigned char)*p) && read_digits(&p, 2, &m) != 2)
		return -1;
	if (h > 18 || m > 59)
		return -1;
	*offset = sign * (h * 3600L + m * 60L);
	*pp = p;
	return 0;
}

/* H:MM[:SS[.fff]] [AM|PM] [Z|UTC|GMT|+HH:MM]; sets no error itself. */
static int parse_time_part(const char **pp, struct civil *c)
{
	const char *p = *pp;

	if (read_digits(&p, 2, &c->h) == 0 || *p++ != ':' || read_digits(&p, 2, &c->mi) != 2)
		return -1;
	if (*p == ':') {
		p++;
		if (read_digits(&p, 2, &c->s) != 2)
			return -1;
		if (*p == '.' || *p == ',') {
			int frac;
			p++;
			while (read_digits(&p, 9, &frac) == 9)
				;
		}
	}
	p = skip_spaces(p);
	bool pm = false, meridiem = false;
	if (match_word(&p, "AM") || (pm = match_word(&p, "PM")))
		meridiem = true;
	if (meridiem) {
		if (c->h < 1 || c->h > 12)
			return -1;
		c->h = c->h % 12 + (pm ? 12 : 0);
	}
	p = skip_spaces(p);
	if (match_word(&p, "Z") || match_word(&p, "UTC") || match_word(&p, "GMT")) {
		c->zoned = true;
		c->offset = 0;
	}
	if (*p == '+' || *p == '-') {
		if (parse_offset(&p, &c->offset) != 0)
			return -1;
		c->zoned = true;
	}
	if (c->h > 23 || c->mi > 59 || c->s > 60)
		return -1;
	*pp = p;
	return 0;
}

int import_parse_time(const char *input, bool day_first, time_t *out)
{
	struct civil c;
	const char *p = skip_spaces(input);

	memset(&c, 0, sizeof(c));
	if (parse_date_part(&p, day_first, input, &c) != 0)
		return -1;
	if (*p == 'T' || *p == ' ') {
		p = skip_spaces(p + 1);
		if (*p && parse_time_part(&p, &c) != 0)
			goto bad;
	}
	if (*skip_spaces(p) != '\0')
		goto bad;
	if (c.zoned) {
		*out = (time_t)(days_from_civil(c.y, c.mo, c.d) * 86400 + c.h * 3600L +
				c.mi * 60L + c.s - c.offset);
		return 0;
	}
	if (c.h == 0 && c.mi == 0 && c.s == 0) {
		*out = clock_day_start(days_from_civil(c.y, c.mo, c.d));
		return 0;
	}
	char canon[32];
	snprintf(canon, sizeof(canon), "%04d-%02d-%02dT%02d:%02d:%02d", c.y, c.mo, c.d, c.h,
		 c.mi, c.s);
	return clock_parse_local(canon, out);
bad:
	err_set("'%s' is not a date and time (expected e.g. 2024-03-05 14:30, "
		"2024-03-05T14:30:00Z or 03/05/2024 2:30 PM)", input);
	return -1;
}

/* Lower-case letters only: "Closed - Won" and "closed_won" are one. */
static void letters_only(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++)
		if (isalpha((unsigned char)*s))
			out[n++] = (char)tolower((unsigned char)*s);
	out[n] = '\0';
}

int import_parse_status(const char *s, enum deal_status *out)
{
	static const struct {
		const char *name;
		enum deal_status status;
	} spellings[] = {
		{ "open", DEAL_OPEN },	   { "active", DEAL_OPEN },  { "inprogress", DEAL_OPEN },
		{ "pending", DEAL_OPEN },  { "won", DEAL_WON },	     { "closedwon", DEAL_WON },
		{ "win", DEAL_WON },	   { "lost", DEAL_LOST },    { "closedlost", DEAL_LOST },
		{ "lose", DEAL_LOST },	   { "dead", DEAL_LOST },
	};
	char norm[32];

	letters_only(s, norm, sizeof(norm));
	for (size_t i = 0; i < ARRAY_LEN(spellings); i++) {
		if (strcmp(norm, spellings[i].name) == 0) {
			*out = spellings[i].status;
			return 0;
		}
	}
	err_set("'%s' is not a status (expected open, won or lost)", s);
	return -1;
}

struct convert {
	struct import_context *ctx;
	const struct csv_record *rec;
	struct import_row *row;
	const char *cell[IMPORT_FIELD_COUNT]; /* first non-blank cell; NULL: none */
	bool invalid[IMPORT_FIELD_COUNT];     /* a cell of it was not UTF-8 */
	int column[IMPORT_FIELD_COUNT];       /* where it came from; -1: no column */
	int problems;
};

static void problem_at(struct convert *cv, const char *column, const char *fmt, ...)
	PLUMB_PRINTF(3, 4);
static void problem_at(struct convert *cv, const char *column, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cv->problems++;
	if (cv->ctx->problem)
		cv->ctx->problem(cv->ctx->problem_ctx, cv->rec->line, column, msg);
}

/* The header of the column a field came from, or the field's name. */
static const char *column_name(const struct convert *cv, enum import_field f)
{
	int col = cv->column[f];
	return col >= 0 ? cv->ctx->map->headers[col] : import_field_name(f);
}

/* Reports the error a parser recorded, under the field's column. */
static void problem_err(struct convert *cv, enum import_field f)
{
	problem_at(cv, column_name(cv, f), "%s", err_msg());
}

static bool blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

static void add_note(struct convert *cv, size_t col, const char *value)
{
	struct strbuf *notes = &cv->ctx->notes;

	if (cv->ctx->map->count[IMPORT_NOTES] == 1) {
		strbuf_puts(notes, value);
		return;
	}
	/* Several columns into notes: one "Header: value" line each. */
	if (blank(value))
		return;
	if (notes->len)
		strbuf_putc(notes, '\n');
	strbuf_printf(notes, "%s: %s", cv->ctx->map->headers[col], value);
}

static void pick_cells(struct convert *cv)
{
	const struct import_mapping *map = cv->ctx->map;
	const struct csv_record *rec = cv->rec;

	for (int f = 0; f < IMPORT_FIELD_COUNT; f++) {
		cv->cell[f] = NULL;
		cv->column[f] = -1;
		cv->invalid[f] = false;
	}
	strbuf_reset(&cv->ctx->notes);
	for (size_t i = 0; i < map->ncolumns; i++) {
		enum import_field f = map->fields[i];
		if (f == IMPORT_NONE || f == IMPORT_IGNORE)
			continue;
		if (cv->column[f] < 0)
			cv->column[f] = (int)i;
		if (!utf8_valid(rec->fields[i], rec->lengths[i])) {
			problem_at(cv, map->headers[i], "is not valid UTF-8 (save the file as UTF-8)");
			cv->invalid[f] = true;
			continue;
		}
		const char *value = import_unneutralise(rec->fields[i]);
		if (f == IMPORT_NOTES) {
			add_note(cv, i, value);
		} else if (!cv->cell[f] && !blank(value)) {
			cv->cell[f] = value;
			cv->column[f] = (int)i;
		}
	}
}

/* A copy of s without surrounding blanks, for parsers that want none. */
static const char *trimmed(const char *s, char *buf, size_t size)
{
	snprintf(buf, size, "%s", s);
	return str_trim(buf);
}

static const char *text_or_empty(const struct convert *cv, enum import_field f)
{
	return cv->cell[f] ? cv->cell[f] : "";
}

static void convert_money_and_numbers(struct convert *cv, struct deal *d)
{
	char buf[64];
	int64_t n;

	d->value_minor = 0;
	if (cv->cell[IMPORT_VALUE] && parse_money(cv->cell[IMPORT_VALUE], &d->value_minor) != 0)
		problem_err(cv, IMPORT_VALUE);
	d->score = -1;
	if (cv->cell[IMPORT_SCORE]) {
		if (parse_int(trimmed(cv->cell[IMPORT_SCORE], buf, sizeof(buf)), 0, 100, &n) == 0)
			d->score = (int)n;
		else
			problem_err(cv, IMPORT_SCORE);
	}
	d->unanswered = 0;
	if (cv->cell[IMPORT_UNANSWERED]) {
		if (parse_int(trimmed(cv->cell[IMPORT_UNANSWERED], buf, sizeof(buf)), 0, 100000,
			      &n) == 0)
			d->unanswered = (int)n;
		else
			problem_err(cv, IMPORT_UNANSWERED);
	}
	d->key_account = false;
	if (cv->cell[IMPORT_KEY_ACCOUNT] &&
	    parse_bool(trimmed(cv->cell[IMPORT_KEY_ACCOUNT], buf, sizeof(buf)), &d->key_account) != 0)
		problem_err(cv, IMPORT_KEY_ACCOUNT);
}

static void convert_currency_and_channel(struct convert *cv, struct deal *d)
{
	struct import_context *ctx = cv->ctx;
	char buf[64];

	d->currency = (char *)ctx->default_currency;
	if (cv->cell[IMPORT_CURRENCY]) {
		const char *code = trimmed(cv->cell[IMPORT_CURRENCY], buf, sizeof(buf));
		strbuf_reset(&ctx->currency);
		for (const char *p = code; *p; p++)
			strbuf_putc(&ctx->currency, (char)toupper((unsigned char)*p));
		const char *c = ctx->currency.buf;
		if (ctx->currency.len != 3 || !isupper((unsigned char)c[0]) ||
		    !isupper((unsigned char)c[1]) || !isupper((unsigned char)c[2]))
			problem_at(cv, column_name(cv, IMPORT_CURRENCY),
				   "'%s' is not a three-letter currency code such as USD", code);
		d->currency = ctx->currency.buf;
	}
	d->channel = (char *)"other";
	if (cv->cell[IMPORT_CHANNEL]) {
		const char *ch = trimmed(cv->cell[IMPORT_CHANNEL], buf, sizeof(buf));
		strbuf_reset(&ctx->channel);
		for (const char *p = ch; *p; p++)
			strbuf_putc(&ctx->channel, (char)tolower((unsigned char)*p));
		if (!list_contains(ctx->channels, ctx->channel.buf))
			problem_at(cv, column_name(cv, IMPORT_CHANNEL),
				   "'%s' is not a channel (channels: %s; map the column to notes "
				   "with --map or add it with plumb rules set channels)",
				   ch, ctx->channels);
		d->channel = ctx->channel.buf;
	}
}

/* Status from its column, a won/lost stage name, or a won/lost time. */
static void convert_status_and_stage(struct convert *cv, struct deal *d)
{
	const struct stage_list *stages = cv->ctx->stages;
	struct import_row *row = cv->row;
	bool status_given = false;
	enum deal_status from_stage;

	d->status = DEAL_OPEN;
	if (cv->cell[IMPORT_STATUS]) {
		if (import_parse_status(cv->cell[IMPORT_STATUS], &d->status) == 0)
			status_given = true;
		else
			problem_err(cv, IMPORT_STATUS);
	} else if (cv->cell[IMPORT_WON_TIME]) {
		d->status = DEAL_WON;
	} else if (cv->cell[IMPORT_LOST_TIME]) {
		d->status = DEAL_LOST;
	}
	row->status_given = cv->cell[IMPORT_STATUS] || cv->cell[IMPORT_WON_TIME] ||
			    cv->cell[IMPORT_LOST_TIME];
	d->stage_id = stages->len ? stages->items[0].id : 0;
	if (!cv->cell[IMPORT_STAGE])
		return;
	char *name = str_trim((char *)cv->cell[IMPORT_STAGE]);
	const struct stage *s = stage_list_find(stages, name);
	row->stage_name = name;
	if (s) {
		d->stage_id = s->id;
		return;
	}
	/* HubSpot files closed deals under "Closed Won" / "Closed Lost". */
	if (import_parse_status(name, &from_stage) == 0 && from_stage != DEAL_OPEN) {
		if (!status_given)
			d->status = from_stage;
		row->status_given = true;
		d->stage_id = stages->len ? stages->items[stages->len - 1].id : 0;
		return;
	}
	err_clear();
	row->unknown_stage = true;
	d->stage_id = 0;
}

static time_t time_of(struct convert *cv, enum import_field f)
{
	time_t t = 0;

	if (cv->cell[f] && import_parse_time(cv->cell[f], cv->ctx->day_first, &t) != 0) {
		problem_err(cv, f);
		return -1;
	}
	return t;
}

static void convert_close(struct convert *cv, struct deal *d)
{
	enum import_field closed_from = cv->cell[IMPORT_CLOSED]	   ? IMPORT_CLOSED
					: cv->cell[IMPORT_WON_TIME] ? IMPORT_WON_TIME
								    : IMPORT_LOST_TIME;
	time_t closed = time_of(cv, closed_from);

	d->closed_at = 0;
	d->lost_reason = NULL;
	/* An open deal's close date is the expected one (HubSpot): not kept. */
	if (d->status == DEAL_OPEN || closed < 0)
		return;
	if (closed == 0) {
		/* Name the column that should have held it. */
		enum import_field where = IMPORT_CLOSED;
		if (cv->column[IMPORT_CLOSED] < 0)
			where = d->status == DEAL_WON ? IMPORT_WON_TIME : IMPORT_LOST_TIME;
		if (cv->column[where] < 0)
			where = IMPORT_CLOSED;
		problem_at(cv, column_name(cv, where),
			   "a %s deal needs its close date (map a column with --map COLUMN=closed)",
			   deal_status_name(d->status));
		return;
	}
	d->closed_at = closed;
	if (d->status == DEAL_LOST)
		d->lost_reason = (char *)text_or_empty(cv, IMPORT_LOST_REASON);
}

static void convert_times(struct convert *cv, struct deal *d)
{
	time_t created = time_of(cv, IMPORT_CREATED);
	time_t entered = time_of(cv, IMPORT_STAGE_ENTERED);
	time_t next = time_of(cv, IMPORT_NEXT_FOLLOWUP);
	time_t contact = time_of(cv, IMPORT_LAST_CONTACT);

	convert_close(cv, d);
	if (created < 0 || entered < 0 || next < 0 || contact < 0)
		return;
	if (created == 0 && d->status == DEAL_WON && d->closed_at) {
		problem_at(cv, column_name(cv, IMPORT_CREATED),
			   "a won deal needs the date it was created: its cycle counts in the "
			   "average (map a column with --map COLUMN=created)");
		return;
	}
	if (created == 0)
		created = d->closed_at ? d->closed_at : cv->ctx->now;
	if (d->closed_at && d->closed_at < created)
		problem_at(cv, column_name(cv, IMPORT_CLOSED), "is before the deal was created");
	if (entered && entered < created)
		problem_at(cv, column_name(cv, IMPORT_STAGE_ENTERED),
			   "is before the deal was created");
	d->created_at = created;
	d->stage_entered_at = entered ? entered : created;
	d->last_contact_at = contact;
	cv->row->next_given = cv->column[IMPORT_NEXT_FOLLOWUP] >= 0;
	if (cv->row->next_given)
		d->next_followup_at = next ? clock_day_start(clock_day(next)) : 0;
	else if (d->status == DEAL_OPEN)
		d->next_followup_at = clock_day_start(clock_day(created) +
						      cv->ctx->followup_after_days);
	else
		d->next_followup_at = 0;
}

/* The key column may also feed another field (--key Email). */
static void convert_key(struct convert *cv, struct import_row *row)
{
	int col = cv->ctx->map->key_column;

	if (col < 0)
		return;
	if (!utf8_valid(cv->rec->fields[col], cv->rec->lengths[col])) {
		if (cv->ctx->map->fields[col] == IMPORT_KEY)
			return; /* reported by pick_cells */
		problem_at(cv, cv->ctx->map->headers[col], "is not valid UTF-8 (save the file as "
			   "UTF-8)");
		return;
	}
	char *key = str_trim((char *)import_unneutralise(cv->rec->fields[col]));
	if (*key) {
		row->key = key;
		row->deal.external_key = key;
	}
}

int import_convert(struct import_context *ctx, const struct csv_record *rec,
		   struct import_row *row)
{
	struct convert cv = { .ctx = ctx, .rec = rec, .row = row };
	const struct import_mapping *map = ctx->map;
	struct deal *d = &row->deal;

	memset(row, 0, sizeof(*row));
	if (rec->nfields != map->ncolumns) {
		problem_at(&cv, NULL, "has %zu fields, the header has %zu", rec->nfields,
			   map->ncolumns);
		return cv.problems;
	}
	pick_cells(&cv);
	d->title = (char *)text_or_empty(&cv, IMPORT_TITLE);
	if (!cv.cell[IMPORT_TITLE] && !cv.invalid[IMPORT_TITLE])
		problem_at(&cv, column_name(&cv, IMPORT_TITLE), "is empty: a deal needs a title");
	d->company = (char *)text_or_empty(&cv, IMPORT_COMPANY);
	d->contact_name = (char *)text_or_empty(&cv, IMPORT_CONTACT);
	d->contact_email = (char *)text_or_empty(&cv, IMPORT_EMAIL);
	d->contact_phone = (char *)text_or_empty(&cv, IMPORT_PHONE);
	d->owner = (char *)(cv.column[IMPORT_OWNER] >= 0 ? text_or_empty(&cv, IMPORT_OWNER)
							 : ctx->default_owner);
	d->notes = ctx->notes.buf ? ctx->notes.buf : (char *)"";
	convert_money_and_numbers(&cv, d);
	convert_currency_and_channel(&cv, d);
	convert_status_and_stage(&cv, d);
	convert_times(&cv, d);
	convert_key(&cv, row);
	d->updated_at = ctx->now;
	return cv.problems;
}
