#include "plumb/standup_report.h"

#include <stdlib.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/util.h"

void standup_options_default(struct standup_options *o)
{
	memset(o, 0, sizeof(*o));
	o->list_limit = STANDUP_LIST_DEFAULT;
}

int64_t standup_since_day(int64_t today)
{
	switch (clock_weekday(today)) {
	case 0: /* Monday: the weekend was not worked */
		return today - 3;
	case 6: /* Sunday */
		return today - 2;
	default: /* Tuesday to Saturday: the day before, Friday for Saturday */
		return today - 1;
	}
}

static struct standup_owner *find_owner(struct standup *s, const char *owner)
{
	for (size_t i = 0; i < s->owners_len; i++)
		if (strcmp(s->owners[i].owner, owner) == 0)
			return &s->owners[i];
	return NULL;
}

static struct standup_owner *owner_slot(struct standup *s, const char *owner)
{
	struct standup_owner *found = find_owner(s, owner);

	if (found)
		return found;
	s->owners = xreallocarray(s->owners, s->owners_len + 1, sizeof(*s->owners));
	struct standup_owner *o = &s->owners[s->owners_len++];
	memset(o, 0, sizeof(*o));
	o->owner = xstrdup(owner);
	return o;
}

/* Where a grouped count lands in struct standup_counts. */
enum count_field { C_MOVED, C_WON, C_LOST, C_DUE, C_DUE_TODAY, C_OVERDUE, C_STALLED,
		   C_OBJECTIONS };

static void add_count(struct standup_counts *c, enum count_field f, int64_t n, int64_t value)
{
	switch (f) {
	case C_MOVED: c->moved += n; break;
	case C_WON: c->won += n; c->won_value_minor += value; break;
	case C_LOST: c->lost += n; c->lost_value_minor += value; break;
	case C_DUE: c->due += n; break;
	case C_DUE_TODAY: c->due_today += n; break;
	case C_OVERDUE: c->overdue += n; break;
	case C_STALLED: c->stalled += n; break;
	case C_OBJECTIONS: c->objections += n; break;
	}
}

/*
 * Spreads per-owner rows over the team and the owners shown (all of them
 * unless one was asked for); frees the rows.
 */
static void spread(struct standup *s, const char *only, enum count_field f,
		   struct owner_count *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = rows[i].owner ? rows[i].owner : "";
		struct standup_owner *o = only ? find_owner(s, name) : owner_slot(s, name);
		if (o)
			add_count(&o->counts, f, rows[i].count, rows[i].value_minor);
		add_count(&s->team, f, rows[i].count, rows[i].value_minor);
	}
	owner_counts_free(rows, n);
}

/* The deal_query of one standup list, for one owner or (NULL) all. */
static struct deal_query list_query(const struct standup *s, enum count_field f,
				    const char *owner)
{
	const struct engine *e = &s->engine;
	struct deal_query q;

	memset(&q, 0, sizeof(q));
	q.status = STATUS_OPEN;
	q.owner = owner;
	switch (f) {
	case C_WON:
	case C_LOST:
		q.status = f == C_WON ? STATUS_WON : STATUS_LOST;
		q.closed_since = s->since;
		q.order = ORDER_CLOSED;
		break;
	case C_DUE:
		q.followup_since = engine_overdue_before(e);
		q.followup_before = engine_due_before(e);
		q.order = ORDER_FOLLOWUP;
		break;
	case C_DUE_TODAY:
		q.followup_since = clock_day_start(e->today);
		q.followup_before = engine_due_before(e);
		q.order = ORDER_FOLLOWUP;
		break;
	case C_OVERDUE:
		q.followup_before = engine_overdue_before(e);
		q.order = ORDER_FOLLOWUP;
		break;
	case C_STALLED:
		q.created_before = engine_stalled_before(e);
		q.order = ORDER_AGE;
		break;
	case C_MOVED:
	case C_OBJECTIONS:
		break;
	}
	return q;
}

/* One grouped pass per kind of item, for the whole team (the summary
 * line is the team's even on one owner's page). */
static int load_counts(struct store *st, struct standup *s, const char *only)
{
	static const enum count_field deal_counts[] = { C_WON, C_LOST, C_DUE, C_DUE_TODAY,
							C_OVERDUE, C_STALLED };
	struct owner_count *rows;
	size_t n;

	if (store_moves_by_owner(st, s->since, NULL, &rows, &n) != 0)
		return -1;
	spread(s, only, C_MOVED, rows, n);
	for (size_t i = 0; i < ARRAY_LEN(deal_counts); i++) {
		struct deal_query q = list_query(s, deal_counts[i], NULL);
		if (store_count_by_owner(st, &q, deal_counts[i] == C_WON || deal_counts[i] == C_LOST,
					 &rows, &n) != 0)
			return -1;
		spread(s, only, deal_counts[i], rows, n);
	}
	if (store_unresolved_objections_by_owner(st, NULL, &rows, &n) != 0)
		return -1;
	spread(s, only, C_OBJECTIONS, rows, n);
	return 0;
}

static int compare_owners(const void *a, const void *b)
{
	return strcmp(((const struct standup_owner *)a)->owner,
		      ((const struct standup_owner *)b)->owner);
}

static int load_owners(struct store *st, struct standup *s, const char *owner)
{
	char **owners;
	size_t n;

	if (owner) {
		owner_slot(s, owner);
		return 0;
	}
	if (store_owners(st, &owners, &n) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		owner_slot(s, owners[i]);
		free(owners[i]);
	}
	free(owners);
	return 0;
}

int standup_load(struct store *st, const struct standup_options *o, struct standup *out)
{
	struct engine_options eo;

	memset(out, 0, sizeof(*out));
	engine_options_default(&eo);
	if (engine_load(&out->engine, st, &eo) != 0)
		return -1;
	out->today = out->engine.today;
	out->since_day = standup_since_day(out->today);
	out->since = clock_day_start(out->since_day);
	out->list_limit = o->list_limit > 0 ? o->list_limit : STANDUP_LIST_DEFAULT;
	if (load_owners(st, out, o->owner) != 0 || load_counts(st, out, o->owner) != 0) {
		standup_free(out);
		return -1;
	}
	if (out->owners_len)
		qsort(out->owners, out->owners_len, sizeof(*out->owners), compare_owners);
	return 0;
}

void standup_free(struct standup *s)
{
	engine_free(&s->engine);
	for (size_t i = 0; i < s->owners_len; i++)
		free(s->owners[i].owner);
	free(s->owners);
	memset(s, 0, sizeof(*s));
}

static int add_move(const struct history_entry *h, const char *title, void *ctx)
{
	struct standup_page *p = ctx;
	struct standup_move *m;

	p->moved = xreallocarray(p->moved, p->moved_len + 1, sizeof(*p->moved));
	m = &p->moved[p->moved_len++];
	m->history = *h;
	m->history.who = xstrdup(h->who ? h->who : "");
	m->history.from_stage_name = h->from_stage_name ? xstrdup(h->from_stage_name) : NULL;
	m->history.to_stage_name = h->to_stage_name ? xstrdup(h->to_stage_name) : NULL;
	m->deal_title = xstrdup(title ? title : "");
	return 0;
}

static int add_objection(const struct objection *o, const char *title, void *ctx)
{
	struct standup_page *p = ctx;
	struct standup_objection *so;

	p->objections = xreallocarray(p->objections, p->objections_len + 1,
				      sizeof(*p->objections));
	so = &p->objections[p->objections_len++];
	so->objection = *o;
	so->objection.who = xstrdup(o->who ? o->who : "");
	so->objection.category = xstrdup(o->category ? o->category : "");
	so->objection.said = xstrdup(o->said ? o->said : "");
	so->objection.response = xstrdup(o->response ? o->response : "");
	so->deal_title = xstrdup(title ? title : "");
	return 0;
}

static int load_deals(struct store *st, const struct standup *s, enum count_field f,
		      const char *owner, struct standup_deals *out)
{
	struct deal_query q = list_query(s, f, owner);
	struct deal_iter *it;
	struct deal d;
	int rc;

	q.limit = s->list_limit;
	if (store_query(st, &q, &it) != 0)
		return -1;
	out->items = xcalloc((size_t)s->list_limit, sizeof(*out->items));
	while ((rc = deal_iter_next(it, &d)) == 1 && out->len < (size_t)s->list_limit)
		out->items[out->len++] = d;
	if (rc == 1)
		deal_clear(&d);
	deal_iter_free(it);
	return rc < 0 ? -1 : 0;
}

int standup_page_load(struct store *st, const struct standup *s, size_t index,
		      struct standup_page *out)
{
	const char *owner = s->owners[index].owner;

	memset(out, 0, sizeof(*out));
	out->owner = xstrdup(owner);
	out->counts = s->owners[index].counts;
	if (store_moves(st, s->since, owner, s->list_limit, add_move, out) != 0 ||
	    load_deals(st, s, C_WON, owner, &out->won) != 0 ||
	    load_deals(st, s, C_LOST, owner, &out->lost) != 0 ||
	    load_deals(st, s, C_DUE, owner, &out->due) != 0 ||
	    load_deals(st, s, C_OVERDUE, owner, &out->overdue) != 0 ||
	    load_deals(st, s, C_STALLED, owner, &out->stalled) != 0 ||
	    store_unresolved_objections(st, owner, s->list_limit, add_objection, out) != 0) {
		standup_page_free(out);
		return -1;
	}
	return 0;
}

static void deals_free(struct standup_deals *d)
{
	for (size_t i = 0; i < d->len; i++)
		deal_clear(&d->items[i]);
	free(d->items);
}

void standup_page_free(struct standup_page *p)
{
	free(p->owner);
	for (size_t i = 0; i < p->moved_len; i++) {
		history_entry_clear(&p->moved[i].history);
		free(p->moved[i].deal_title);
	}
	free(p->moved);
	deals_free(&p->won);
	deals_free(&p->lost);
	deals_free(&p->due);
	deals_free(&p->overdue);
	deals_free(&p->stalled);
	for (size_t i = 0; i < p->objections_len; i++) {
		objection_clear(&p->objections[i].objection);
		free(p->objections[i].deal_title);
	}
	free(p->objections);
	memset(p, 0, sizeof(*p));
}
