/* plumb export: deals as CSV, JSON or iCalendar, to stdout or a file. */
#include "cli_internal.h"

static int run_export(struct cli *c, const struct cli_args *a)
{
	(void)c;
	(void)a;
	return EXIT_ERROR;
}

const struct cli_command cmd_export = {
	"export", "", "Export deals as CSV, JSON, or follow-ups as iCalendar.",
	NULL, 0, 0, 0, 0, run_export,
};
