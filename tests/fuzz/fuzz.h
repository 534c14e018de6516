/*
 * Shared by the fuzz targets (tests/fuzz/fuzz_*.c). Each target defines
 * LLVMFuzzerTestOneInput; it is linked either with libFuzzer (make fuzz,
 * clang) or with replay_main.c, which feeds it the files of a corpus
 * (make check, under ASan/UBSan with any compiler).
 *
 * A target checks the contracts of what it drives, not just "no crash":
 * a broken promise calls fuzz_fail(), which aborts with the reason so
 * both drivers report it.
 */
#ifndef PLUMB_FUZZ_H
#define PLUMB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints "fuzz contract broken: ..." and aborts. */
void fuzz_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* The input as a NUL-terminated string (NULs inside end it); caller frees. */
char *fuzz_cstr(const uint8_t *data, size_t size);
/* Writes the input to a private temporary file; returns its path (static). */
const char *fuzz_temp_file(const uint8_t *data, size_t size);
/* Once per process: UTF-8 locale, UTC, a pinned clock. */
void fuzz_setup(void);

#endif
