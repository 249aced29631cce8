/*
 * t-spawn.c - unit tests for src/util/spawn.c: output capture, exit status,
 * missing programs, the deadline and the output cap.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "test.h"
#include "util/spawn.h"

static void
test_capture(void)
{
	static const char *const argv[] = { "sh", "-c",
		"printf 'out 1\\nout 2\\n'; echo oops >&2; exit 3", NULL };
	struct spawn_result res;
	struct rp_diag d;

	spawn_result_init(&res);
	rp_diag_init(&d);
	CHECK(spawn_run(argv, NULL, &res, &d) == 0);
	CHECK(res.exited == 1 && res.code == 3);
	CHECK_STR(res.out.buf, "out 1\nout 2\n");
	CHECK_STR(res.err.buf, "oops\n");
	spawn_result_release(&res);
}

static void
test_missing(void)
{
	static const char *const argv[] = { "rampart-no-such-program", NULL };
	static const char *const argv2[] = { "/nonexistent/bin/x", NULL };
	struct spawn_result res;
	struct rp_diag d;

	spawn_result_init(&res);
	rp_diag_init(&d);
	CHECK(spawn_run(argv, NULL, &res, &d) == RP_ENOENT);
	CHECK_STR(d.where, "rampart-no-such-program");
	CHECK(strstr(d.msg, "not found") != NULL);
	CHECK(spawn_run(argv2, NULL, &res, &d) == RP_ENOENT);
	spawn_result_release(&res);
}

static void
test_timeout(void)
{
	static const char *const argv[] = { "sleep", "10", NULL };
	struct spawn_opts o = { .timeout_ms = 200 };
	struct spawn_result res;
	struct rp_diag d;

	spawn_result_init(&res);
	rp_diag_init(&d);
	CHECK(spawn_run(argv, &o, &res, &d) == RP_ETIMEDOUT);
	CHECK(res.exited == 0 && res.signo == 9);
	spawn_result_release(&res);
}

static void
test_cap(void)
{
	static const char *const argv[] = { "head", "-c", "100000", "/dev/zero",
		NULL };
	static const char *const argv2[] = { "sh", "-c",
		"head -c 5000 /dev/zero >&2; echo done", NULL };
	struct spawn_opts o = { .out_cap = 1000, .err_cap = 100 };
	struct spawn_result res;
	struct rp_diag d;

	spawn_result_init(&res);
	rp_diag_init(&d);
	CHECK(spawn_run(argv, &o, &res, &d) == RP_ELIMIT);
	spawn_result_release(&res);
	/* Standard error past its cap is cut, not an error. */
	spawn_result_init(&res);
	CHECK(spawn_run(argv2, &o, &res, &d) == 0);
	CHECK(res.err.len == 100);
	CHECK_STR(res.out.buf, "done\n");
	spawn_result_release(&res);
}

int
main(void)
{
	TEST_RUN(test_capture);
	TEST_RUN(test_missing);
	TEST_RUN(test_timeout);
	TEST_RUN(test_cap);
	return test_report();
}
