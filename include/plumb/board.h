/* The interactive board: plumb with no command. */
#ifndef PLUMB_BOARD_H
#define PLUMB_BOARD_H

#include <stdbool.h>

#include "plumb/config.h"

struct board_options {
	bool read_only;
	const char *owner; /* show only this owner's deals */
	const char *theme; /* overrides [display] theme */
	bool standup;      /* open on the standup screen */
};

/* Runs the board until the user quits; 0, or -1 with err_set(). */
int board_run(const struct config *cfg, const char *db_path, const char *who,
	      const struct board_options *opts);

#endif
