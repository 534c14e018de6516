/* Checked allocation, growable strings and the one error message slot. */
#ifndef PLUMB_UTIL_H
#define PLUMB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define PLUMB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define PLUMB_NORETURN __attribute__((noreturn))
#else
#define PLUMB_PRINTF(f, a)
#define PLUMB_NORETURN
#endif

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Allocation wrappers. On failure they print one line and exit(1): plumb
 * has no useful way to continue without memory, and every database change
 * is one transaction, so exiting loses nothing that was committed.
 * jansson and libcsv allocate through them too. Fault-injection builds
 * (-DPLUMB_FAULTS, tests/faults) can fail any one of them.
 */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a malloc'd string; caller frees. */
char *xasprintf(const char *fmt, ...) PLUMB_PRINTF(1, 2);

/*
 * Cleanups run, newest first, before an out-of-memory exit: the board
 * restores the terminal, commands remove their temporary files. Pop what
 * you push, in reverse order.
 */
void fatal_cleanup_push(void (*fn)(void *), void *arg);
void fatal_cleanup_pop(void);
/*
 * Whether a change was saved before an out-of-memory exit, so that its
 * message says so: a user told only "out of memory" after an import was
 * committed would run it again. The store sets it at COMMIT, clears it at
 * BEGIN.
 */
void fatal_note_saved(bool saved);

/* A growable byte string, always NUL-terminated. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};
void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const char *data, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...) PLUMB_PRINTF(2, 3);
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap) PLUMB_PRINTF(2, 0);
/* Hands the buffer to the caller (who frees it) and resets sb. */
char *strbuf_detach(struct strbuf *sb);

/*
 * The last error, one line of text. Functions that fail record why here and
 * return -1; the CLI prints it on stderr, the board on its status bar.
 */
void err_set(const char *fmt, ...) PLUMB_PRINTF(1, 2);
/* Prepends "prefix: " to the recorded error. */
void err_prefix(const char *fmt, ...) PLUMB_PRINTF(1, 2);
const char *err_msg(void);
void err_clear(void);

/* Prints "plumb: msg" on stderr and exits 1. Only before curses starts. */
PLUMB_NORETURN void die(const char *fmt, ...) PLUMB_PRINTF(1, 2);

bool str_empty(const char *s);
bool str_ieq(const char *a, const char *b);
bool str_starts_with(const char *s, const char *prefix);
/* Trims ASCII blanks in place; returns s. */
char *str_trim(char *s);

#endif
