/*
 * harness.c - the unit-test harness (see test.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "test.h"

int test_failed_checks;
static int passed, failed;

void
test_fail(const char *file, int line, const char *what)
{
	printf("  FAIL %s:%d: %s\n", file, line, what);
	test_failed_checks++;
}

void
test_run(const char *name, void (*fn)(void))
{
	int before = test_failed_checks;

	fn();
	if (test_failed_checks == before) {
		passed++;
	} else {
		printf("FAIL %s\n", name);
		failed++;
	}
}

int
test_report(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
