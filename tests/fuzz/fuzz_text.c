/*
 * The terminal sanitiser: whatever bytes are stored, what reaches the
 * terminal is valid in the locale, holds no C0/C1 control, DEL, bidi
 * control or line separator, and never takes more columns than asked.
 *
 * Input: byte 0 chooses the locale (bit 0: C instead of C.UTF-8) and
 * padding (bit 1); byte 1 the width (-8..247); the rest is the text.
 */
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "fuzz.h"
#include "plumb/text.h"

static bool forbidden(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C || cp == 0x2028 || cp == 0x2029;
}

/* Output in C.UTF-8: valid UTF-8 of printable characters only. */
static void check_utf8_output(const struct strbuf *sb, const char *what)
{
	size_t i = 0;

	while (i < sb->len) {
		uint32_t cp;
		int n = utf8_decode((const unsigned char *)sb->buf + i, sb->len - i, &cp);
		if (n == 0)
			fuzz_fail("%s: invalid UTF-8 at byte %zu", what, i);
		if (forbidden(cp))
			fuzz_fail("%s: control U+%04X at byte %zu", what, (unsigned)cp, i);
		if (wcwidth((wchar_t)cp) < 0)
			fuzz_fail("%s: non-printable U+%04X at byte %zu", what, (unsigned)cp, i);
		i += (size_t)n;
	}
}

/* Output in the C locale: printable ASCII only. */
static void check_ascii_output(const struct strbuf *sb, const char *what)
{
	for (size_t i = 0; i < sb->len; i++) {
		unsigned char c = (unsigned char)sb->buf[i];
		if (c < 0x20 || c >= 0x7F)
			fuzz_fail("%s: byte 0x%02X in the C locale", what, c);
	}
}

static void check_output(const struct strbuf *sb, bool utf8, const char *what)
{
	if (sb->buf && strlen(sb->buf) != sb->len)
		fuzz_fail("%s: a NUL byte in the output", what);
	if (utf8)
		check_utf8_output(sb, what);
	else
		check_ascii_output(sb, what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf sb;

	fuzz_setup();
	if (size < 2)
		return 0;
	bool utf8 = !(data[0] & 1), pad = data[0] & 2;
	int cols = (int)data[1] - 8;
	const char *text = (const char *)data + 2;
	size_t len = size - 2;

	setlocale(LC_ALL, utf8 ? "C.UTF-8" : "C");
	if (text_locale_utf8() != utf8)
		fuzz_fail("text_locale_utf8() disagrees with the locale");

	strbuf_init(&sb);
	text_sanitize(&sb, text, len);
	check_output(&sb, utf8, "text_sanitize");
	/* Sanitising is idempotent: its output is already safe. */
	struct strbuf again;
	strbuf_init(&again);
	text_sanitize(&again, sb.buf ? sb.buf : "", sb.len);
	if (again.len != sb.len || (sb.len && memcmp(again.buf, sb.buf, sb.len) != 0))
		fuzz_fail("text_sanitize changed its own output");
	strbuf_free(&again);

	/* text_fit and text_fit_right read a C string: up to the first NUL. */
	char *s = fuzz_cstr((const uint8_t *)text, len);
	strbuf_reset(&sb);
	int used = text_fit(&sb, s, cols, pad);
	check_output(&sb, utf8, "text_fit");
	int width = text_width(sb.buf ? sb.buf : "");
	if (cols <= 0 && (used != 0 || sb.len != 0))
		fuzz_fail("text_fit wrote %d columns for width %d", used, cols);
	if (cols > 0 && (width != used || used > cols || (pad && used != cols)))
		fuzz_fail("text_fit: width %d, returned %d, asked %d%s", width, used, cols,
			  pad ? " padded" : "");

	strbuf_reset(&sb);
	text_fit_right(&sb, s, cols);
	check_output(&sb, utf8, "text_fit_right");
	width = text_width(sb.buf ? sb.buf : "");
	if (width != (cols > 0 ? cols : 0))
		fuzz_fail("text_fit_right: width %d for %d columns", width, cols);

	/* utf8_make_valid always yields valid UTF-8, unchanged when it was. */
	strbuf_reset(&sb);
	utf8_make_valid(&sb, text, len);
	if (!utf8_valid(sb.buf ? sb.buf : "", sb.len))
		fuzz_fail("utf8_make_valid output is not valid UTF-8");
	if (utf8_valid(text, len) && (sb.len != len || (len && memcmp(sb.buf, text, len) != 0)))
		fuzz_fail("utf8_make_valid changed valid UTF-8");

	free(s);
	strbuf_free(&sb);
	return 0;
}
