/*
 * spawn.h - the one place that runs other programs.
 *
 * A program runs from an argv vector (never through a shell) with standard
 * input from /dev/null, its standard output and error captured into capped
 * buffers, and a deadline after which it is killed.  A missing program is a
 * clean RP_ENOENT, not a child that exits 127.  Runtime collectors use it for
 * iptables-save, ip6tables-save and `nft -j list ruleset`.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_SPAWN_H
#define RAMPART_UTIL_SPAWN_H

#include <stddef.h>

#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"

#define SPAWN_OUT_CAP_DEFAULT ((size_t)64 << 20)
#define SPAWN_ERR_CAP_DEFAULT ((size_t)64 << 10)
#define SPAWN_TIMEOUT_DEFAULT 30000

struct spawn_opts {
	size_t out_cap;  /* bytes of standard output kept; 0 = 64 MiB */
	size_t err_cap;  /* bytes of standard error kept; 0 = 64 KiB */
	int timeout_ms;  /* wall-clock limit; 0 = 30 s */
};

struct spawn_result {
	struct strbuf out; /* standard output (whole, or RP_ELIMIT) */
	struct strbuf err; /* standard error; text past err_cap is dropped */
	int exited;        /* 1: exited normally, status in code */
	int code;          /* exit status, when exited */
	int signo;         /* terminating signal, when not exited */
};

/* Fill a caller-owned result (empty buffers). */
void spawn_result_init(struct spawn_result *res);

/* Free the buffers of res; it can be reused after spawn_result_init. */
void spawn_result_release(struct spawn_result *res);

/*
 * Run argv[0] (looked up in PATH when it has no slash) with the arguments of
 * the NULL-terminated argv, and wait for it.  o may be NULL for defaults.
 * Returns 0 when the program ran to completion, whatever its exit status:
 * res->exited/code/signo say how it ended and the caller judges that.
 * Errors (d names the program and says why):
 *   RP_ENOENT    the program does not exist
 *   RP_EACCES    it cannot be executed
 *   RP_ETIMEDOUT it ran past the deadline and was killed
 *   RP_ELIMIT    its standard output passed out_cap; it was killed
 *   RP_EIO       a pipe or process call failed
 * res must have been initialised; on error its buffers hold what was read.
 */
int spawn_run(const char *const *argv, const struct spawn_opts *o,
    struct spawn_result *res, struct rp_diag *d) RP_MUST_CHECK;

#endif
