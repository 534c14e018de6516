/*
 * Counts of whole days: how many deals took 0, 1, 2, ... days. Medians of
 * day counts come from here, so a median over a million deals costs
 * memory for the largest day count seen (a few KiB), never for the deals.
 */
#ifndef PLUMB_HISTOGRAM_H
#define PLUMB_HISTOGRAM_H

#include <stddef.h>
#include <stdint.h>

struct day_histogram {
	int64_t *counts; /* counts[d]: items of d days; owned */
	size_t len;      /* entries in counts */
	int64_t total;   /* items added */
};

/* Adds one item of `days` days; negative days count as 0. */
void day_histogram_add(struct day_histogram *h, int64_t days);
/* Adds every item of src to h. */
void day_histogram_merge(struct day_histogram *h, const struct day_histogram *src);
/*
 * The median: the middle item, or the mean of the two middle items for
 * an even count. 0 for an empty histogram.
 */
double day_histogram_median(const struct day_histogram *h);
void day_histogram_clear(struct day_histogram *h);

#endif
