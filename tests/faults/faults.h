/*
 * Fault injection for plumb-faults, a test build of plumb (see the
 * Makefile's hardening block and tests/faults/faults.sh). PLUMB_FAULT
 * names what fails and when:
 *
 *   alloc:N          the Nth allocation through plumb's xmalloc family
 *   sqlite-alloc:N   the Nth allocation SQLite makes (SQLITE_CONFIG_MALLOC)
 *   write:N          the Nth write or truncate of any SQLite file (SQLITE_IOERR)
 *   full:N           the Nth write of any SQLite file (SQLITE_FULL: disk full)
 *   sync:N           the Nth sync of any SQLite file (SQLITE_IOERR_FSYNC)
 *
 * ":persist" after N makes every later one fail too (SQLite's "persistent"
 * mode; without it only the Nth fails). PLUMB_FAULT_REPORT names a file
 * that gets "events=E injected=I" at exit, so a loop knows when N has
 * passed the last event and the operation ran to completion.
 */
#ifndef PLUMB_FAULTS_H
#define PLUMB_FAULTS_H

#include <stdbool.h>

/* Reads PLUMB_FAULT and installs the SQLite shims; before any SQLite use. */
int faults_init(void);
/* Called by util.c's allocation wrappers in this build only. */
bool fault_alloc_fails(void);

#endif
