#include "plumb/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per thread: import converts rows on a second thread (import_pipe.c). */
static _Thread_local char err_buf[1024];

#ifdef PLUMB_FAULTS
/* Fault-injection builds only (plumb-faults, tests/faults/shim.c): true
 * when this allocation is to fail as if memory had run out. */
bool fault_alloc_fails(void);
#define ALLOC_FAILS() fault_alloc_fails()
#else
#define ALLOC_FAILS() false
#endif

#define FATAL_CLEANUPS 4
static struct {
	void (*fn)(void *);
	void *arg;
} fatal_cleanups[FATAL_CLEANUPS];
static int fatal_cleanups_len;

void fatal_cleanup_push(void (*fn)(void *), void *arg)
{
	if (fatal_cleanups_len < FATAL_CLEANUPS) {
		fatal_cleanups[fatal_cleanups_len].fn = fn;
		fatal_cleanups[fatal_cleanups_len].arg = arg;
	}
	fatal_cleanups_len++;
}

void fatal_cleanup_pop(void)
{
	if (fatal_cleanups_len > 0)
		fatal_cleanups_len--;
}

static volatile bool change_saved;

void fatal_note_saved(bool saved)
{
	change_saved = saved;
}

PLUMB_NORETURN static void out_of_memory(size_t size)
{
	static volatile int exiting;

	/* A cleanup that itself runs out of memory must not loop. */
	if (!exiting++) {
		for (int i = fatal_cleanups_len; i-- > 0;)
			if (i < FATAL_CLEANUPS)
				fatal_cleanups[i].fn(fatal_cleanups[i].arg);
	}
	fprintf(stderr, "plumb: out of memory (allocating %zu bytes)%s\n", size,
		change_saved ? "; the change was saved before that" : "");
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = ALLOC_FAILS() ? NULL : malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = ALLOC_FAILS() ? NULL : calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = ALLOC_FAILS() ? NULL : realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *xreallocarray(void *ptr, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	return xrealloc(ptr, count * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	va_start(ap, fmt);
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb);
}

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - sb->len - 1)
		out_of_memory(SIZE_MAX);
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

void strbuf_add(struct strbuf *sb, const char *data, size_t len)
{
	strbuf_grow(sb, len);
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_putc(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

char *strbuf_detach(struct strbuf *sb)
{
	char *p = sb->buf ? sb->buf : xstrdup("");
	strbuf_init(sb);
	return p;
}

void err_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err_buf, sizeof(err_buf), fmt, ap);
	va_end(ap);
}

void err_prefix(const char *fmt, ...)
{
	char prefix[512];
	char old[sizeof(err_buf)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err_buf, sizeof(old));
	/* Truncation is fine: an error message stays one readable line. */
	size_t plen = strlen(prefix);
	if (plen > sizeof(err_buf) - 3)
		plen = sizeof(err_buf) - 3;
	memcpy(err_buf, prefix, plen);
	memcpy(err_buf + plen, ": ", 2);
	size_t room = sizeof(err_buf) - plen - 3;
	size_t olen = strnlen(old, room);
	memcpy(err_buf + plen + 2, old, olen);
	err_buf[plen + 2 + olen] = '\0';
}

const char *err_msg(void)
{
	return err_buf[0] ? err_buf : "unknown error";
}

void err_clear(void)
{
	err_buf[0] = '\0';
}

void die(const char *fmt, ...)
{
	va_list ap;

	fputs("plumb: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

bool str_empty(const char *s)
{
	return !s || !*s;
}

bool str_ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *str_trim(char *s)
{
	char *start = s;
	size_t len;

	while (*start == ' ' || *start == '\t' || *start == '\r' || *start == '\n')
		start++;
	len = strlen(start);
	while (len && (start[len - 1] == ' ' || start[len - 1] == '\t' ||
		       start[len - 1] == '\r' || start[len - 1] == '\n'))
		len--;
	memmove(s, start, len);
	s[len] = '\0';
	return s;
}
