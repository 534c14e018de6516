/* Shared helpers for unit tests that need a pipeline. */
#ifndef PLUMB_TEST_HELPERS_H
#define PLUMB_TEST_HELPERS_H

#include "plumb/store.h"

/* A new pipeline with the default stages at a fresh temp path. */
struct store *test_store(const char *name);
/* Adds a deal titled title in stage position pos (1-based); returns its id. */
int64_t test_add(struct store *st, const char *title, int pos);
int64_t test_stage_id(struct store *st, int pos);

#endif
