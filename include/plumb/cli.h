/*
 * The command line: `plumb COMMAND [options]` for scripts, cron jobs and
 * quick entry, and the dispatch to the board when no command is given.
 * Exit status: 0 success, 1 error (one line on stderr), 2 usage error.
 */
#ifndef PLUMB_CLI_H
#define PLUMB_CLI_H

enum cli_exit { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_USAGE = 2 };

int cli_main(int argc, char **argv);

#endif
