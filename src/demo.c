#include "plumb/demo.h"

#include <stdio.h>
#include <string.h>

#include "plumb/clock.h"
#include "plumb/util.h"

const struct stage_spec demo_default_stages[] = {
	{ "Lead", 10, 7 },     { "Qualified", 25, 10 },   { "Demo", 40, 10 },
	{ "Proposal", 60, 14 }, { "Negotiation", 80, 10 }, { "Contract", 90, 7 },
};
const size_t demo_default_stages_len = ARRAY_LEN(demo_default_stages);

/* splitmix64: small, fast and the same on every platform. */
struct rng {
	uint64_t state;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static int64_t rng_below(struct rng *r, int64_t n)
{
	return n > 0 ? (int64_t)(rng_next(r) % (uint64_t)n) : 0;
}

/* True with probability percent/100. */
static int rng_chance(struct rng *r, int percent)
{
	return rng_below(r, 100) < percent;
}

#define PICK(r, arr) (arr)[rng_below((r), (int64_t)ARRAY_LEN(arr))]

static const char *const companies[] = {
	"Acme Logistics", "Northwind Traders", "Blue Harbor Foods", "Kestrel Analytics",
	"Lumen Health", "Orbital Freight", "Pinecrest Dental", "Quarry & Stone",
	"Redwood Legal", "Solstice Energy", "Tidewater Marine", "Umbra Security",
	"Vantage Retail", "Willow Schools", "Yellowfin Travel", "Zephyr Robotics",
	"서울데이터 주식회사", "한강물류", "부산해운 파트너스", "株式会社さくら商事",
	"東京ソフトウェア", "大阪フーズ", "Müller & Söhne GmbH", "Café Olé SARL",
	"Ålesund Fisk AS", "Kraków Meble", "São Paulo Têxtil", "Zürich Präzision AG",
	"Niðurstaða ehf", "Όμικρον Λογισμικό", "Новая Волна", "Dubai Crescent LLC",
};

/* Title = before + a number + after. */
static const struct {
	const char *before, *after;
} offerings[] = {
	{ "Annual licence, ", " seats" }, { "Pilot for ", " users" },
	{ "Renewal, ", " seats" },         { "Expansion to ", " seats" },
	{ "Onboarding package (", " h)" }, { "Analytics add-on, ", " users" },
	{ "Support plan, ", " agents" },   { "Enterprise rollout, ", " seats" },
};

static const char *const first_names[] = {
	"Ana", "Ben", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Ines", "Jonas",
	"Kim", "Lena", "Min-jun", "Nora", "Omar", "Priya", "Sofia", "Yuki", "지수", "さくら",
};

static const char *const last_names[] = {
	"Alvarez", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen",
	"Ito", "Jensen", "Kowalski", "Lee", "Moreau", "Novak", "Park", "Rossi", "Sato",
};

static const char *const owners[] = { "alice", "bob", "chen", "dana" };

static const char *const channels[] = {
	"email", "email", "phone", "linkedin", "linkedin", "website", "website", "referral",
	"event", "intercom", "facebook", "instagram", "other",
};

static const char *const lost_reasons[] = {
	"price too high", "went with a competitor", "no budget this year", "bad timing",
	"no decision", "building it in-house", "champion left",
};

struct objection_text {
	const char *category;
	const char *said;
	const char *response;
};

static const struct objection_text objection_texts[] = {
	{ "price", "It's more than we budgeted.", "Showed the payback in 4 months." },
	{ "price", "Competitor X is 20% cheaper.", "Compared total cost incl. onboarding." },
	{ "value", "Not sure we'd use it enough.", "Set up a 2-week pilot with their team." },
	{ "value", "Our spreadsheet works fine.", "Counted hours lost to manual updates." },
	{ "competitor", "We're already talking to Y.", "Highlighted offline use and speed." },
	{ "relevance", "We're too small for this.", "Shared a case study of a 5-person team." },
	{ "timing", "Call me next quarter.", "Booked a date; sent a short recap." },
	{ "timing", "We're mid-migration.", "Offered to start after their go-live." },
	{ "authority", "I need my CFO's sign-off.", "Prepared a one-page business case." },
	{ "authority", "IT has to approve it.", "Sent the security questionnaire." },
	{ "other", "Legal needs to review the terms.", "Sent our standard DPA early." },
};

static const char *const notes_pool[] = {
	"Sent pricing and a short demo video.",
	"Asked for a case study in their industry.",
	"Left a voicemail.",
	"Replied with questions about onboarding.",
	"Meeting booked for next week.",
	"Sent a follow-up with the proposal attached.",
};

struct demo {
	struct store *st;
	struct rng rng;
	const struct stage_list *stages;
	const char *who;
	time_t now;
	int64_t today;
	struct demo_summary sum;
};

/* A time on local day `day` at a random working hour. */
static time_t at_day(struct demo *g, int64_t day)
{
	time_t t = clock_day_start(day) + (time_t)(8 * 3600 + rng_below(&g->rng, 10 * 3600));
	return t > g->now ? g->now : t;
}

static int add_history(struct demo *g, int64_t deal_id, time_t at, int64_t from_stage,
		       int64_t to_stage, enum deal_status from, enum deal_status to,
		       const char *owner)
{
	struct history_entry h = { 0 };
	h.deal_id = deal_id;
	h.at = at;
	h.who = (char *)owner;
	h.from_stage_id = from_stage;
	h.to_stage_id = to_stage;
	h.from_status = from;
	h.to_status = to;
	g->sum.history++;
	return store_history_insert(g->st, &h);
}

#define MAX_FOLLOWUPS 9

/*
 * Plans the follow-ups between first_day and last_day (inserted after the
 * deal, which needs their outcome first). Open deals get a realistic
 * spread of replies and silences, including persist and qualify-out
 * streaks. Returns how many; sets the streak and last contact left behind.
 */
static int plan_followups(struct demo *g, int64_t first_day, int64_t last_day,
			  const char *owner, bool open, struct activity *plan,
			  time_t *last_contact, int *streak_out)
{
	int count = open ? (int)rng_below(&g->rng, 9) : (int)rng_below(&g->rng, 3);
	int streak_target = 0;
	int64_t span = last_day - first_day;

	*last_contact = 0;
	*streak_out = 0;
	if (open && count > 0) {
		int roll = (int)rng_below(&g->rng, 100);
		if (roll < 8)
			streak_target = 6 + (int)rng_below(&g->rng, 3); /* qualify-out */
		else if (roll < 30)
			streak_target = 2 + (int)rng_below(&g->rng, 3); /* persist */
		if (count < streak_target)
			count = streak_target;
	}
	/* Most open deals are worked: their last contact was in the last few
	 * days. The rest were left alone, which is what overdue looks like. */
	if (open && count > 0 && rng_chance(&g->rng, 65)) {
		int64_t end = last_day - rng_below(&g->rng, 4);
		span = end > first_day ? end - first_day + 1 : 0;
	}
	if (span < count)
		count = span > 0 ? (int)span : 0;
	if (count > MAX_FOLLOWUPS)
		count = MAX_FOLLOWUPS;
	for (int i = 0; i < count; i++) {
		struct activity *a = &plan[i];
		int64_t day = first_day + span * (i + 1) / (count + 1) + (i == count - 1 ? span / (count + 1) : 0);
		if (day > last_day)
			day = last_day;
		bool silent = i >= count - streak_target ? true : rng_chance(&g->rng, 45);
		memset(a, 0, sizeof(*a));
		a->at = at_day(g, day);
		a->who = (char *)owner;
		a->channel = (char *)PICK(&g->rng, channels);
		a->kind = (char *)(rng_chance(&g->rng, 70) ? "follow-up" : "call");
		a->direction = !silent && rng_chance(&g->rng, 30) ? DIR_INBOUND : DIR_OUTBOUND;
		a->outcome = silent ? OUTCOME_NO_RESPONSE
				    : (rng_chance(&g->rng, 25) ? OUTCOME_MEETING : OUTCOME_REPLIED);
		a->note = (char *)PICK(&g->rng, notes_pool);
		*streak_out = followup_streak_effect(a->direction, a->outcome) == STREAK_RESET
				      ? 0
				      : *streak_out + 1;
		*last_contact = a->at;
	}
	return count;
}

static int add_objection(struct demo *g, int64_t deal_id, int64_t day, const char *owner,
			 enum deal_status status)
{
	const struct objection_text *t = &PICK(&g->rng, objection_texts);
	struct objection o = { 0 };

	o.deal_id = deal_id;
	o.at = at_day(g, day);
	o.who = (char *)owner;
	o.category = (char *)t->category;
	o.said = (char *)t->said;
	o.response = (char *)(status == DEAL_LOST && rng_chance(&g->rng, 40) ? "" : t->response);
	o.state = status == DEAL_WON	  ? OBJ_RESOLVED
		  : status == DEAL_LOST ? OBJ_OPEN
					: (enum objection_state)rng_below(&g->rng, 3);
	g->sum.objections++;
	return store_objection_insert(g->st, &o);
}

static int64_t demo_value(struct demo *g, bool key_account)
{
	/* A long tail: most deals are small, a few are large. */
	int64_t base = 1000 + rng_below(&g->rng, 9000);
	int tier = (int)rng_below(&g->rng, 100);
	if (tier > 70)
		base *= 3;
	if (tier > 92)
		base *= 5;
	if (key_account)
		base *= 8;
	return base / 100 * 100 * 100; /* whole hundreds, in cents */
}

static int generate_one(struct demo *g, int64_t index)
{
	size_t nstages = g->stages->len;
	struct deal d = { 0 };
	char title[128], contact[96], email[96], phone[32];
	const char *company = PICK(&g->rng, companies);
	const char *owner = rng_chance(&g->rng, 30) ? g->who : PICK(&g->rng, owners);
	int64_t created_age, cycle, id;
	enum deal_status status;

	/* When it entered, and how long it takes (or took) to close. */
	created_age = rng_below(&g->rng, 400);
	cycle = 12 + rng_below(&g->rng, 25) + (rng_chance(&g->rng, 25) ? rng_below(&g->rng, 60) : 0);
	if (created_age < 5 || cycle > created_age || rng_chance(&g->rng, 28)) {
		status = DEAL_OPEN;
		/* Some open deals are long forgotten: the clog. */
		if (rng_chance(&g->rng, 12))
			created_age = 40 + rng_below(&g->rng, 120);
		else if (created_age > 45)
			created_age = rng_below(&g->rng, 45);
	} else {
		status = rng_chance(&g->rng, 45) ? DEAL_WON : DEAL_LOST;
	}
	int64_t created_day = g->today - created_age;
	int64_t end_day = status == DEAL_OPEN ? g->today : created_day + cycle;
	size_t last_stage = status == DEAL_WON	 ? nstages - 1
			    : status == DEAL_LOST ? (size_t)rng_below(&g->rng, (int64_t)nstages)
						  : (size_t)rng_below(&g->rng, (int64_t)nstages);
	if (status == DEAL_OPEN && created_age < 4)
		last_stage = 0;

	int64_t offering = rng_below(&g->rng, (int64_t)ARRAY_LEN(offerings));
	snprintf(title, sizeof(title), "%s%d%s", offerings[offering].before,
		 5 + (int)rng_below(&g->rng, 200), offerings[offering].after);
	const char *first = PICK(&g->rng, first_names), *last = PICK(&g->rng, last_names);
	snprintf(contact, sizeof(contact), "%s %s", first, last);
	snprintf(email, sizeof(email), "contact%lld@example.com", (long long)index);
	snprintf(phone, sizeof(phone), "+1 555 %04d", (int)rng_below(&g->rng, 10000));

	d.title = title;
	d.company = (char *)company;
	d.contact_name = contact;
	d.contact_email = email;
	d.contact_phone = phone;
	d.key_account = rng_chance(&g->rng, 5);
	d.value_minor = demo_value(g, d.key_account);
	d.currency = (char *)"USD";
	d.owner = (char *)owner;
	d.channel = (char *)PICK(&g->rng, channels);
	d.score = rng_chance(&g->rng, 70) ? (int)rng_below(&g->rng, 101) : -1;
	d.status = status;
	d.created_at = at_day(g, created_day);
	d.stage_id = g->stages->items[last_stage].id;
	/* Stage changes are spread over the deal's life. */
	int64_t span = end_day - created_day;
	int64_t stage_day = created_day + (last_stage ? span * (int64_t)last_stage /
								(int64_t)(last_stage + 1)
						      : 0);
	d.stage_entered_at = last_stage ? at_day(g, stage_day) : d.created_at;
	if (d.stage_entered_at < d.created_at)
		d.stage_entered_at = d.created_at;
	if (status != DEAL_OPEN) {
		d.closed_at = at_day(g, end_day);
		if (d.closed_at < d.stage_entered_at)
			d.closed_at = d.stage_entered_at;
		if (status == DEAL_LOST)
			d.lost_reason = (char *)PICK(&g->rng, lost_reasons);
	}
	d.updated_at = status == DEAL_OPEN ? d.stage_entered_at : d.closed_at;

	/* Follow-ups, and the follow-up state they leave behind. */
	struct activity plan[MAX_FOLLOWUPS];
	time_t last_contact;
	int streak;
	int nplan = plan_followups(g, created_day, end_day, owner, status == DEAL_OPEN, plan,
				   &last_contact, &streak);
	if (status == DEAL_OPEN) {
		int64_t base = last_contact ? clock_day(last_contact) : created_day;
		int64_t next = base + 3;
		if (rng_chance(&g->rng, 10))
			next = g->today + 1 + rng_below(&g->rng, 10); /* set explicitly */
		d.next_followup_at = clock_day_start(next);
		d.unanswered = streak;
	}
	d.last_contact_at = last_contact;
	if (store_deal_insert(g->st, &d, &id) != 0)
		return -1;
	for (int i = 0; i < nplan; i++) {
		plan[i].deal_id = id;
		if (store_activity_insert(g->st, &plan[i]) != 0)
			return -1;
		g->sum.activities++;
	}

	/* History: created, each move, the close. */
	if (add_history(g, id, d.created_at, 0, g->stages->items[0].id, DEAL_OPEN, DEAL_OPEN,
			owner) != 0)
		return -1;
	for (size_t s = 1; s <= last_stage; s++) {
		time_t at = s == last_stage ? d.stage_entered_at
					    : at_day(g, created_day + span * (int64_t)s /
									  (int64_t)(last_stage + 1));
		if (at < d.created_at)
			at = d.created_at;
		if (add_history(g, id, at, g->stages->items[s - 1].id, g->stages->items[s].id,
				DEAL_OPEN, DEAL_OPEN, owner) != 0)
			return -1;
	}
	if (status != DEAL_OPEN &&
	    add_history(g, id, d.closed_at, d.stage_id, d.stage_id, DEAL_OPEN, status, owner) != 0)
		return -1;

	if (rng_chance(&g->rng, 22) &&
	    add_objection(g, id, created_day + span / 2, owner, status) != 0)
		return -1;
	g->sum.deals++;
	if (status == DEAL_OPEN)
		g->sum.open++;
	else if (status == DEAL_WON)
		g->sum.won++;
	else
		g->sum.lost++;
	return 0;
}

int demo_generate(struct store *st, int64_t deals, uint64_t seed, const char *who,
		  struct demo_summary *out)
{
	struct stage_list stages;
	struct demo g;

	memset(&g, 0, sizeof(g));
	g.st = st;
	g.rng.state = seed;
	g.who = who;
	g.now = clock_now();
	g.today = clock_today();
	if (store_stages(st, &stages) != 0)
		return -1;
	if (stages.len == 0) {
		stage_list_clear(&stages);
		err_set("the pipeline has no stages");
		return -1;
	}
	g.stages = &stages;
	if (store_begin(st) != 0) {
		stage_list_clear(&stages);
		return -1;
	}
	for (int64_t i = 0; i < deals; i++) {
		if (generate_one(&g, i + 1) != 0) {
			store_rollback(st);
			stage_list_clear(&stages);
			return -1;
		}
	}
	stage_list_clear(&stages);
	if (store_commit(st) != 0)
		return -1;
	*out = g.sum;
	return 0;
}
