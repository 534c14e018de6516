#include "plumb/board.h"

#include "plumb/util.h"

int board_run(const struct config *cfg, const char *db_path, const char *who,
	      const struct board_options *opts)
{
	(void)cfg;
	(void)db_path;
	(void)who;
	(void)opts;
	err_set("the board is not built yet; use 'plumb list'");
	return -1;
}
