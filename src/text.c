#include "plumb/text.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define REPLACEMENT_UTF8 "\xEF\xBF\xBD" /* U+FFFD */

bool text_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

static bool is_bidi_control(wchar_t wc)
{
	return (wc >= 0x202A && wc <= 0x202E) || (wc >= 0x2066 && wc <= 0x2069) ||
	       wc == 0x200E || wc == 0x200F || wc == 0x061C;
}

static bool is_unsafe_wide(wchar_t wc)
{
	return wc < 0x20 || wc == 0x7F || (wc >= 0x80 && wc < 0xA0) ||
	       is_bidi_control(wc) || wc == 0x2028 || wc == 0x2029;
}

/* Where sanitised text goes: a strbuf, or straight to a stream. */
typedef void (*text_sink)(void *ctx, const char *s, size_t len);

static void sink_strbuf(void *ctx, const char *s, size_t len)
{
	strbuf_add(ctx, s, len);
}

static void sink_file(void *ctx, const char *s, size_t len)
{
	fwrite(s, 1, len, ctx);
}

/* A visible stand-in for one control character or bad byte. */
static void put_standin(text_sink put, void *ctx, wchar_t wc, bool utf8)
{
	if (!utf8) {
		put(ctx, "?", 1);
	} else if (wc >= 0 && wc < 0x20) {
		/* Control pictures U+2400..U+241F are one column wide. */
		char pic[3] = { (char)0xE2, (char)0x90, (char)(0x80 + wc) };
		put(ctx, pic, 3);
	} else if (wc == 0x7F) {
		put(ctx, "\xE2\x90\xA1", 3); /* U+2421 */
	} else {
		put(ctx, REPLACEMENT_UTF8, 3);
	}
}

/* Safe stretches are passed on whole; each unsafe character is replaced. */
static void sanitize_to(text_sink put, void *ctx, const char *s, size_t len)
{
	bool utf8 = text_locale_utf8();
	mbstate_t st;
	size_t i = 0, run = 0;

	memset(&st, 0, sizeof(st));
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		if (i > run)
			put(ctx, s + run, i - run);
		if (c < 0x20 || c == 0x7F) {
			put_standin(put, ctx, c, utf8);
			run = ++i;
			continue;
		}
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + i, len - i, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof(st));
			put_standin(put, ctx, -1, utf8);
			run = ++i;
			continue;
		}
		if (is_unsafe_wide(wc) || (wcwidth(wc) < 0))
			put_standin(put, ctx, wc < 0x20 ? -1 : wc, utf8);
		else
			put(ctx, s + i, n);
		i += n;
		run = i;
	}
	if (i > run)
		put(ctx, s + run, i - run);
}

void text_sanitize(struct strbuf *out, const char *s, size_t len)
{
	sanitize_to(sink_strbuf, out, s, len);
}

void text_sanitize_file(FILE *out, const char *s, size_t len)
{
	sanitize_to(sink_file, out, s, len);
}

int text_width(const char *s)
{
	mbstate_t st;
	size_t len = strlen(s), i = 0;
	int width = 0;

	memset(&st, 0, sizeof(st));
	while (i < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + i, len - i, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof(st));
			width++;
			i++;
			continue;
		}
		int w = wcwidth(wc);
		width += w > 0 ? w : 0;
		i += n;
	}
	return width;
}

int text_fit(struct strbuf *out, const char *s, int cols, bool pad)
{
	struct strbuf clean;
	bool utf8 = text_locale_utf8();
	const char *ellipsis = utf8 ? "\xE2\x80\xA6" : "~";
	mbstate_t st;
	size_t i = 0, len;
	int used = 0;

	if (cols <= 0)
		return 0;
	strbuf_init(&clean);
	text_sanitize(&clean, s, strlen(s));
	len = clean.len;
	memset(&st, 0, sizeof(st));
	bool whole = text_width(clean.buf ? clean.buf : "") <= cols;
	int limit = whole ? cols : cols - 1;
	while (i < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, clean.buf + i, len - i, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			break; /* cannot happen after sanitising */
		int w = wcwidth(wc);
		if (w < 0)
			w = 0;
		if (used + w > limit)
			break;
		strbuf_add(out, clean.buf + i, n);
		used += w;
		i += n;
	}
	if (!whole) {
		strbuf_puts(out, ellipsis);
		used++;
	}
	while (pad && used < cols) {
		strbuf_putc(out, ' ');
		used++;
	}
	strbuf_free(&clean);
	return used;
}

void text_fit_right(struct strbuf *out, const char *s, int cols)
{
	struct strbuf cell;

	strbuf_init(&cell);
	int used = text_fit(&cell, s, cols, false);
	for (int i = used; i < cols; i++)
		strbuf_putc(out, ' ');
	if (cell.len)
		strbuf_add(out, cell.buf, cell.len);
	strbuf_free(&cell);
}

int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	int n;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		c = s[0] & 0x1F;
		n = 2;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		c = s[0] & 0x0F;
		n = 3;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		c = s[0] & 0x07;
		n = 4;
	} else {
		return 0;
	}
	if ((size_t)n > len)
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

void utf8_make_valid(struct strbuf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		int n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0) {
			strbuf_puts(out, REPLACEMENT_UTF8);
			i++;
		} else {
			strbuf_add(out, s + i, (size_t)n);
			i += (size_t)n;
		}
	}
}

bool utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		int n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0)
			return false;
		i += (size_t)n;
	}
	return true;
}
