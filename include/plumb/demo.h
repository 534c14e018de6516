/*
 * The demo pipeline generator: a realistic, reproducible team pipeline
 * (same seed, same PLUMB_NOW and same user: same data). With large counts
 * it is also the benchmark data generator.
 */
#ifndef PLUMB_DEMO_H
#define PLUMB_DEMO_H

#include <stdint.h>

#include "plumb/store.h"

struct demo_summary {
	int64_t deals, open, won, lost;
	int64_t history, activities, objections;
};

/* The default stages of a new pipeline (also used by plumb init). */
extern const struct stage_spec demo_default_stages[];
extern const size_t demo_default_stages_len;

/*
 * Fills an initialised, empty store with `deals` deals. `who` is one of the
 * owners so that the "mine" filter shows something. Runs in one
 * transaction; returns 0, or -1 with err_set().
 */
int demo_generate(struct store *st, int64_t deals, uint64_t seed, const char *who,
		  struct demo_summary *out);

#endif
