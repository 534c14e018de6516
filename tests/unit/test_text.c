#include <stdlib.h>
#include <string.h>

#include "plumb/text.h"
#include "plumb/util.h"
#include "test.h"

static char *sanitized(const char *s, size_t len)
{
	struct strbuf sb;
	strbuf_init(&sb);
	text_sanitize(&sb, s, len);
	return strbuf_detach(&sb);
}

static bool has_byte_below_space_or_del(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return true;
	return false;
}

TEST(sanitize_replaces_controls_and_escapes)
{
	static const char *const hostile[] = {
		"\x1b]0;pwned\x07", "\x1b[2J", "a\rb", "a\bb", "tab\there", "nul\x7f",
		"\xc2\x9b" "31m", "\x9b" "31m", "bidi \xe2\x80\xae" "cba", "\xe2\x81\xa6x",
		"line\xe2\x80\xa8sep", "overlong \xc0\xaf", "cut \xe2\x82",
	};
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		char *out = sanitized(hostile[i], strlen(hostile[i]));
		CHECK(!has_byte_below_space_or_del(out));
		CHECK(strstr(out, "\xc2\x9b") == NULL);
		CHECK(strstr(out, "\xe2\x80\xae") == NULL);
		CHECK(strstr(out, "\xe2\x81\xa6") == NULL);
		CHECK(strstr(out, "\xe2\x80\xa8") == NULL);
		CHECK(utf8_valid(out, strlen(out)));
		free(out);
	}
	char *out = sanitized("\x1b[2J", 4);
	CHECK_STR(out, "\xe2\x90\x9b[2J"); /* visible: the ESC picture, then text */
	free(out);
}

TEST(sanitize_keeps_text)
{
	const char *ok = "Café 한국 日本 😀 e\xcc\x81";
	char *out = sanitized(ok, strlen(ok));
	CHECK_STR(out, ok);
	free(out);
}

TEST(width_counts_display_columns)
{
	CHECK_INT(text_width("abc"), 3);
	CHECK_INT(text_width("한국"), 4);
	CHECK_INT(text_width("日本語"), 6);
	CHECK_INT(text_width("e\xcc\x81"), 1); /* combining acute */
}

TEST(fit_cuts_on_character_boundaries)
{
	struct strbuf sb;
	strbuf_init(&sb);
	int w = text_fit(&sb, "한국어제목", 5, true);
	CHECK_INT(w, 5);
	CHECK_INT(text_width(sb.buf), 5);
	CHECK(utf8_valid(sb.buf, sb.len));
	CHECK_STR(sb.buf, "한국…"); /* 4 columns of Korean + ellipsis */
	strbuf_reset(&sb);
	text_fit(&sb, "short", 8, true);
	CHECK_STR(sb.buf, "short   ");
	strbuf_reset(&sb);
	text_fit(&sb, "abcdef", 4, false);
	CHECK_STR(sb.buf, "abc…");
	strbuf_reset(&sb);
	text_fit(&sb, "a\rb", 8, false);
	CHECK_INT(text_width(sb.buf), 3);
	strbuf_free(&sb);
}

TEST(utf8_validation)
{
	CHECK(utf8_valid("abc", 3));
	CHECK(!utf8_valid("\xc0\xaf", 2));       /* overlong */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));   /* surrogate */
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
	struct strbuf sb;
	strbuf_init(&sb);
	utf8_make_valid(&sb, "a\xffz", 3);
	CHECK_STR(sb.buf, "a\xef\xbf\xbdz");
	strbuf_free(&sb);
}

TESTS(text) = {
	{ "text/sanitize_replaces_controls_and_escapes", sanitize_replaces_controls_and_escapes },
	{ "text/sanitize_keeps_text", sanitize_keeps_text },
	{ "text/width_counts_display_columns", width_counts_display_columns },
	{ "text/fit_cuts_on_character_boundaries", fit_cuts_on_character_boundaries },
	{ "text/utf8_validation", utf8_validation },
	END_TESTS,
};
