/*
 * test.h - the unit-test harness.
 *
 * A test file defines test functions and lists them in main() with
 * TEST_RUN(fn).  CHECK() records a failure with file and line and keeps
 * going.  The last line on stdout is "N passed, N failed"; the exit status
 * is 1 when anything failed.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_TESTS_UNIT_TEST_H
#define RAMPART_TESTS_UNIT_TEST_H

#include <string.h>

extern int test_failed_checks;

void test_fail(const char *file, int line, const char *what);
void test_run(const char *name, void (*fn)(void));
int test_report(void);

#define CHECK(cond)                                            \
	do {                                                   \
		if (!(cond))                                   \
			test_fail(__FILE__, __LINE__, #cond);  \
	} while (0)

#define CHECK_STR(a, b)                                                 \
	do {                                                            \
		const char *a_ = (a), *b_ = (b);                        \
		if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0)    \
			test_fail(__FILE__, __LINE__, #a " == " #b);    \
	} while (0)

#define TEST_RUN(fn) test_run(#fn, fn)

#endif
