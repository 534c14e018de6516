/* A tiny unit-test harness: each TEST is one case; its checks record
 * failures; the runner prints "PASS name" or "FAIL name" per case. */
#ifndef PLUMB_TEST_H
#define PLUMB_TEST_H

#include <stdio.h>
#include <string.h>

struct test_case {
	const char *name;
	void (*fn)(void);
};

extern int test_failures;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                                \
	do {                                                                       \
		if (!(cond)) {                                                     \
			fprintf(stderr, "  %s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                            \
			test_failures++;                                           \
		}                                                                  \
	} while (0)

#define CHECK_INT(actual, expected)                                                \
	do {                                                                       \
		long long a_ = (long long)(actual), e_ = (long long)(expected);    \
		if (a_ != e_) {                                                    \
			fprintf(stderr, "  %s:%d: %s is %lld, expected %lld\n", __FILE__, \
				__LINE__, #actual, a_, e_);                        \
			test_failures++;                                           \
		}                                                                  \
	} while (0)

#define CHECK_STR(actual, expected)                                                \
	do {                                                                       \
		const char *a_ = (actual), *e_ = (expected);                       \
		if (!a_ || strcmp(a_, e_) != 0) {                                  \
			fprintf(stderr, "  %s:%d: %s is \"%s\", expected \"%s\"\n",  \
				__FILE__, __LINE__, #actual, a_ ? a_ : "(null)", e_);\
			test_failures++;                                           \
		}                                                                  \
	} while (0)

#define TESTS(group) const struct test_case group##_tests[]
#define END_TESTS { NULL, NULL }

/* Fixed environment for deterministic tests. */
void test_env(const char *tz, const char *now);
/* A fresh temporary path (file not created); static buffer per call slot. */
const char *test_tmp_path(const char *name);

#endif
