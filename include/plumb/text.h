/*
 * Text that reaches a terminal. Everything stored by users (titles, notes,
 * names) may hold escape sequences, control characters, bidi overrides or
 * invalid UTF-8; nothing of that is ever written raw. The sanitiser here is
 * the one sink every screen and every human-readable CLI output goes
 * through. Widths are display columns per wcwidth() in the current locale
 * (call setlocale(LC_ALL, "") first).
 */
#ifndef PLUMB_TEXT_H
#define PLUMB_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "plumb/util.h"

/* True when the current locale's multibyte encoding is UTF-8. */
bool text_locale_utf8(void);

/*
 * Appends a printable version of s[0..len) to out: C0 controls (including
 * CR, LF, TAB, BS, ESC), DEL, C1 controls, bidi embedding/override/isolate
 * controls, line/paragraph separators and bytes invalid in the locale are
 * replaced by visible stand-ins (U+2400-style control pictures or U+FFFD,
 * '?' when the locale is not UTF-8). The result is always valid in the
 * locale and moves the cursor only rightwards.
 */
void text_sanitize(struct strbuf *out, const char *s, size_t len);
/* The same, written to a stream without allocating (safe after a commit). */
void text_sanitize_file(FILE *out, const char *s, size_t len);

/* Display width of already-sanitised text. */
int text_width(const char *s);

/*
 * Appends s sanitised and cut on character boundaries to at most cols
 * display columns; a cut ends with an ellipsis. With pad, fills with
 * spaces to exactly cols columns. Returns the columns written.
 */
int text_fit(struct strbuf *out, const char *s, int cols, bool pad);

/* Right-aligns s (sanitised, cut if needed) in exactly cols columns. */
void text_fit_right(struct strbuf *out, const char *s, int cols);

/*
 * Decodes one UTF-8 sequence independent of the locale. Returns the
 * number of bytes used (1..4) and sets *cp, or 0 when s does not start
 * with a valid, shortest-form scalar value.
 */
int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Appends s with every invalid UTF-8 sequence replaced by U+FFFD. */
void utf8_make_valid(struct strbuf *out, const char *s, size_t len);
bool utf8_valid(const char *s, size_t len);

#endif
