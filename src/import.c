#include "plumb/import.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/parse.h"
#include "plumb/text.h"

static const char *const field_names[IMPORT_FIELD_COUNT] = {
	[IMPORT_NONE] = "none",
	[IMPORT_IGNORE] = "ignore",
	[IMPORT_KEY] = "id",
	[IMPORT_TITLE] = "title",
	[IMPORT_COMPANY] = "company",
	[IMPORT_CONTACT] = "contact",
	[IMPORT_EMAIL] = "email",
	[IMPORT_PHONE] = "phone",
	[IMPORT_VALUE] = "value",
	[IMPORT_CURRENCY] = "currency",
	[IMPORT_OWNER] = "owner",
	[IMPORT_STAGE] = "stage",
	[IMPORT_CHANNEL] = "channel",
	[IMPORT_KEY_ACCOUNT] = "key_account",
	[IMPORT_SCORE] = "score",
	[IMPORT_STATUS] = "status",
	[IMPORT_LOST_REASON] = "lost_reason",
	[IMPORT_CREATED] = "created",
	[IMPORT_STAGE_ENTERED] = "stage_entered",
	[IMPORT_CLOSED] = "closed",
	[IMPORT_WON_TIME] = "won_time",
	[IMPORT_LOST_TIME] = "lost_time",
	[IMPORT_NEXT_FOLLOWUP] = "next_followup",
	[IMPORT_LAST_CONTACT] = "last_contact",
	[IMPORT_UNANSWERED] = "unanswered",
	[IMPORT_NOTES] = "notes",
};

/*
 * Header aliases, written normalised (lower case, letters and digits
 * only), so "Deal Owner", "deal_owner" and "DEAL-OWNER" are one name.
 * The first entry of each field is plumb's own column name.
 */
static const struct {
	const char *name;
	enum import_field field;
} aliases[] = {
	{ "id", IMPORT_KEY }, { "dealid", IMPORT_KEY }, { "recordid", IMPORT_KEY },
	{ "externalid", IMPORT_KEY }, { "key", IMPORT_KEY },
	{ "title", IMPORT_TITLE }, { "dealtitle", IMPORT_TITLE }, { "dealname", IMPORT_TITLE },
	{ "deal", IMPORT_TITLE }, { "opportunityname", IMPORT_TITLE },
	{ "company", IMPORT_COMPANY }, { "organization", IMPORT_COMPANY },
	{ "organisation", IMPORT_COMPANY }, { "companyname", IMPORT_COMPANY },
	{ "organizationname", IMPORT_COMPANY }, { "account", IMPORT_COMPANY },
	{ "accountname", IMPORT_COMPANY }, { "associatedcompany", IMPORT_COMPANY },
	{ "contact", IMPORT_CONTACT }, { "contactperson", IMPORT_CONTACT },
	{ "contactname", IMPORT_CONTACT }, { "person", IMPORT_CONTACT },
	{ "primarycontact", IMPORT_CONTACT }, { "associatedcontact", IMPORT_CONTACT },
	{ "email", IMPORT_EMAIL }, { "emailaddress", IMPORT_EMAIL },
	{ "contactemail", IMPORT_EMAIL }, { "personemail", IMPORT_EMAIL },
	{ "phone", IMPORT_PHONE }, { "phonenumber", IMPORT_PHONE },
	{ "contactphone", IMPORT_PHONE }, { "personphone", IMPORT_PHONE },
	{ "value", IMPORT_VALUE }, { "amount", IMPORT_VALUE }, { "dealvalue", IMPORT_VALUE },
	{ "dealamount", IMPORT_VALUE },
	{ "currency", IMPORT_CURRENCY }, { "dealcurrency", IMPORT_CURRENCY },
	{ "currencycode", IMPORT_CURRENCY },
	{ "owner", IMPORT_OWNER }, { "dealowner", IMPORT_OWNER }, { "assignedto", IMPORT_OWNER },
	{ "salesrep", IMPORT_OWNER }, { "opportunityowner", IMPORT_OWNER },
	{ "stage", IMPORT_STAGE }, { "dealstage", IMPORT_STAGE }, { "pipelinestage", IMPORT_STAGE },
	{ "stagename", IMPORT_STAGE },
	{ "channel", IMPORT_CHANNEL }, { "source", IMPORT_CHANNEL }, { "leadsource", IMPORT_CHANNEL },
	{ "sourcechannel", IMPORT_CHANNEL }, { "dealsource", IMPORT_CHANNEL },
	{ "keyaccount", IMPORT_KEY_ACCOUNT },
	{ "score", IMPORT_SCORE }, { "leadscore", IMPORT_SCORE },
	{ "qualificationscore", IMPORT_SCORE },
	{ "status", IMPORT_STATUS }, { "wonlost", IMPORT_STATUS }, { "dealstatus", IMPORT_STATUS },
	{ "lostreason", IMPORT_LOST_REASON }, { "closedlostreason", IMPORT_LOST_REASON },
	{ "reasonlost", IMPORT_LOST_REASON },
	{ "created", IMPORT_CREATED }, { "dealcreated", IMPORT_CREATED },
	{ "createdate", IMPORT_CREATED }, { "createdat", IMPORT_CREATED },
	{ "createddate", IMPORT_CREATED }, { "createdon", IMPORT_CREATED },
	{ "addtime", IMPORT_CREATED },
	{ "stageentered", IMPORT_STAGE_ENTERED }, { "laststagechange", IMPORT_STAGE_ENTERED },
	{ "stagechangetime", IMPORT_STAGE_ENTERED },
	{ "closed", IMPORT_CLOSED }, { "closedate", IMPORT_CLOSED }, { "closedat", IMPORT_CLOSED },
	{ "closeddate", IMPORT_CLOSED }, { "closetime", IMPORT_CLOSED },
	{ "wontime", IMPORT_WON_TIME }, { "wondate", IMPORT_WON_TIME },
	{ "losttime", IMPORT_LOST_TIME }, { "lostdate", IMPORT_LOST_TIME },
	{ "nextfollowup", IMPORT_NEXT_FOLLOWUP }, { "nextactivitydate", IMPORT_NEXT_FOLLOWUP },
	{ "followup", IMPORT_NEXT_FOLLOWUP },
	{ "lastcontact", IMPORT_LAST_CONTACT }, { "lastactivitydate", IMPORT_LAST_CONTACT },
	{ "lastcontacted", IMPORT_LAST_CONTACT },
	{ "unanswered", IMPORT_UNANSWERED },
	{ "notes", IMPORT_NOTES }, { "note", IMPORT_NOTES }, { "description", IMPORT_NOTES },
	{ "dealdescription", IMPORT_NOTES }, { "comments", IMPORT_NOTES },
	/* Derived columns of plumb's own export: recomputed, never imported. */
	{ "agedays", IMPORT_IGNORE }, { "tier", IMPORT_IGNORE }, { "flags", IMPORT_IGNORE },
};

const char *import_field_name(enum import_field f)
{
	return (size_t)f < IMPORT_FIELD_COUNT ? field_names[f] : "?";
}

int import_field_parse(const char *s, enum import_field *out)
{
	enum deal_field df;
	struct strbuf sb;

	for (int f = IMPORT_IGNORE; f < IMPORT_FIELD_COUNT; f++) {
		if (str_ieq(s, field_names[f])) {
			*out = (enum import_field)f;
			return 0;
		}
	}
	/* `plumb edit` spells two fields differently: key-account, next. */
	if (deal_field_parse(s, &df) == 0) {
		*out = df == FIELD_NEXT_FOLLOWUP ? IMPORT_NEXT_FOLLOWUP
						 : import_field_for_header(deal_field_name(df));
		return 0;
	}
	strbuf_init(&sb);
	for (int f = IMPORT_IGNORE; f < IMPORT_FIELD_COUNT; f++)
		strbuf_printf(&sb, "%s%s", f > IMPORT_IGNORE ? ", " : "", field_names[f]);
	err_set("'%s' is not a field (fields: %s)", s, sb.buf);
	strbuf_free(&sb);
	return -1;
}

/* Lower-case ASCII letters and digits; other ASCII dropped; UTF-8 kept. */
static void normalise_header(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s && n + 1 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80 || isalnum(c))
			out[n++] = (char)tolower(c);
	}
	out[n] = '\0';
}

static enum import_field alias_lookup(const char *norm)
{
	for (size_t i = 0; i < ARRAY_LEN(aliases); i++)
		if (strcmp(norm, aliases[i].name) == 0)
			return aliases[i].field;
	return IMPORT_NONE;
}

enum import_field import_field_for_header(const char *header)
{
	char norm[128];
	enum import_field f;

	normalise_header(header, norm, sizeof(norm));
	f = alias_lookup(norm);
	/* Pipedrive writes "Deal - Value", "Deal - Organization", ... */
	if (f == IMPORT_NONE && strncmp(norm, "deal", 4) == 0 && norm[4])
		f = alias_lookup(norm + 4);
	return f;
}

/* Columns whose header is name, compared like aliases; -1 when none. */
static int find_column(const struct import_mapping *m, const char *name, int from)
{
	char want[128], have[128];

	normalise_header(name, want, sizeof(want));
	for (size_t i = (size_t)from; i < m->ncolumns; i++) {
		if (strcmp(m->headers[i], name) == 0)
			return (int)i;
		normalise_header(m->headers[i], have, sizeof(have));
		if (want[0] && strcmp(want, have) == 0)
			return (int)i;
	}
	return -1;
}

static int apply_map(struct import_mapping *m, const char *spec)
{
	const char *eq = strrchr(spec, '=');
	enum import_field f;
	int col;

	if (!eq || eq == spec || !eq[1]) {
		err_set("--map '%s': expected COLUMN=FIELD", spec);
		return -1;
	}
	char *column = xstrndup(spec, (size_t)(eq - spec));
	if (import_field_parse(eq + 1, &f) != 0) {
		err_prefix("--map '%s'", spec);
		free(column);
		return -1;
	}
	col = find_column(m, column, 0);
	if (col < 0) {
		err_set("--map '%s': the file has no column '%s'", spec, column);
		free(column);
		return -1;
	}
	for (; col >= 0; col = find_column(m, column, col + 1))
		m->fields[col] = f;
	free(column);
	return 0;
}

static void count_fields(struct import_mapping *m)
{
	memset(m->count, 0, sizeof(m->count));
	for (size_t i = 0; i < m->ncolumns; i++)
		m->count[m->fields[i]]++;
}

int import_mapping_build(struct import_mapping *m, const struct csv_record *header,
			 const struct import_options *o)
{
	memset(m, 0, sizeof(*m));
	m->ncolumns = header->nfields;
	m->headers = xcalloc(m->ncolumns, sizeof(*m->headers));
	m->fields = xcalloc(m->ncolumns, sizeof(*m->fields));
	for (size_t i = 0; i < m->ncolumns; i++) {
		m->headers[i] = xstrdup(header->fields[i]);
		m->fields[i] = import_field_for_header(m->headers[i]);
	}
	for (const char *const *spec = o->maps; spec && *spec; spec++)
		if (apply_map(m, *spec) != 0)
			return -1;
	m->key_column = -1;
	if (o->key_column) {
		int col = find_column(m, o->key_column, 0);
		if (col < 0) {
			err_set("--key: the file has no column '%s'", o->key_column);
			return -1;
		}
		/* The named column is the key and still feeds its own field (an
		 * email can be both); id columns found by name are not keys. */
		for (size_t i = 0; i < m->ncolumns; i++)
			if (m->fields[i] == IMPORT_KEY && (int)i != col)
				m->fields[i] = IMPORT_IGNORE;
		if (m->fields[col] == IMPORT_NONE)
			m->fields[col] = IMPORT_KEY;
		m->key_column = col;
	}
	count_fields(m);
	if (m->count[IMPORT_KEY] > 1) {
		err_set("more than one column is the key (id); choose one with --key COLUMN");
		return -1;
	}
	for (size_t i = 0; m->key_column < 0 && i < m->ncolumns; i++)
		if (m->fields[i] == IMPORT_KEY)
			m->key_column = (int)i;
	if (m->count[IMPORT_TITLE] == 0) {
		err_set("no column holds the deal title (a header such as Title, Deal title or "
			"Deal Name); name it with --map COLUMN=title");
		return -1;
	}
	return 0;
}

void import_mapping_free(struct import_mapping *m)
{
	for (size_t i = 0; m->headers && i < m->ncolumns; i++)
		free(m->headers[i]);
	free(m->headers);
	free(m->fields);
	memset(m, 0, sizeof(*m));
}

char *import_mapping_unmapped(const struct import_mapping *m)
{
	struct strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < m->ncolumns; i++)
		if (m->fields[i] == IMPORT_NONE)
			strbuf_printf(&sb, "%s'%s'", sb.len ? ", " : "", m->headers[i]);
	return sb.len ? strbuf_detach(&sb) : NULL;
}

void import_context_init(struct import_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	strbuf_init(&ctx->notes);
	strbuf_init(&ctx->channel);
	strbuf_init(&ctx->currency);
}

void import_context_free(struct import_context *ctx)
{
	strbuf_free(&ctx->notes);
	strbuf_free(&ctx->channel);
	strbuf_free(&ctx->currency);
}

static bool formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

const char *import_unneutralise(const char *s)
{
	const char *p = s;

	if (*p != '\'')
		return s;
	while (*p == '\'')
		p++;
	return formula_start(*p) ? s + 1 : s;
}
