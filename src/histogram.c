#include "plumb/histogram.h"

#include <stdlib.h>
#include <string.h>

#include "plumb/util.h"

/* Day counts beyond this (about 270 years) are clamped: no real deal
 * takes that long, and it bounds the array whatever a row says. */
#define MAX_DAYS 100000

static void grow(struct day_histogram *h, size_t need)
{
	size_t len = h->len ? h->len : 64;

	if (need <= h->len)
		return;
	while (len < need)
		len *= 2;
	h->counts = xreallocarray(h->counts, len, sizeof(*h->counts));
	memset(h->counts + h->len, 0, (len - h->len) * sizeof(*h->counts));
	h->len = len;
}

void day_histogram_add(struct day_histogram *h, int64_t days)
{
	if (days < 0)
		days = 0;
	if (days > MAX_DAYS)
		days = MAX_DAYS;
	grow(h, (size_t)days + 1);
	h->counts[days]++;
	h->total++;
}

void day_histogram_merge(struct day_histogram *h, const struct day_histogram *src)
{
	grow(h, src->len);
	for (size_t d = 0; d < src->len; d++)
		h->counts[d] += src->counts[d];
	h->total += src->total;
}

/* The day of the item at 0-based rank k in ascending order. */
static int64_t day_at_rank(const struct day_histogram *h, int64_t k)
{
	int64_t seen = 0;

	for (size_t d = 0; d < h->len; d++) {
		seen += h->counts[d];
		if (seen > k)
			return (int64_t)d;
	}
	return h->len ? (int64_t)h->len - 1 : 0;
}

double day_histogram_median(const struct day_histogram *h)
{
	if (h->total == 0)
		return 0;
	int64_t lo = day_at_rank(h, (h->total - 1) / 2);
	int64_t hi = day_at_rank(h, h->total / 2);
	return (double)(lo + hi) / 2.0;
}

void day_histogram_clear(struct day_histogram *h)
{
	free(h->counts);
	memset(h, 0, sizeof(*h));
}
