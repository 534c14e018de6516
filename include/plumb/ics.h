/*
 * iCalendar (RFC 5545) content lines: CRLF line ends, lines folded at 75
 * octets without splitting a UTF-8 character, TEXT values escaped
 * (backslash, semicolon, comma, newline) and stripped of other control
 * characters, invalid UTF-8 replaced. Pure formatting: no I/O policy.
 */
#ifndef PLUMB_ICS_H
#define PLUMB_ICS_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "plumb/util.h"

/* Appends s as an escaped TEXT value. */
void ics_escape_text(struct strbuf *out, const char *s);
/* Appends one content line (folded, CRLF-terminated) to out. */
void ics_fold_line(struct strbuf *out, const char *line, size_t len);
/* Writes "NAME:value" with value already in its property's syntax. */
void ics_write(FILE *out, const char *name, const char *value);
/* Writes "NAME:text" with text escaped as TEXT. */
void ics_write_text(FILE *out, const char *name, const char *text);
/* "YYYYMMDD" of a local day; buf holds at least 9 bytes. */
void ics_format_date(int64_t day, char *buf, size_t size);
/* "YYYYMMDDTHHMMSSZ" of t; buf holds at least 17 bytes. */
void ics_format_utc(time_t t, char *buf, size_t size);

#endif
