/*
 * A deal as CSV and JSON, the same in `plumb list`, `show` and `export`.
 * Column and key names are stable: scripts depend on them (man plumb).
 */
#ifndef PLUMB_DEAL_OUT_H
#define PLUMB_DEAL_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "plumb/domain.h"
#include "plumb/engine.h"
#include "plumb/store.h"

void deal_csv_header(FILE *out);
void deal_csv_row(FILE *out, const struct engine *e, const struct deal *d, bool neutralise);
/* A new JSON object (caller json_decref's it). */
json_t *deal_json(const struct engine *e, const struct deal *d);
json_t *timeline_item_json(const struct timeline_item *item);

/* "YYYY-MM-DD" local, or "" for 0. */
void format_day_of(time_t t, char *buf, size_t size);

#endif
