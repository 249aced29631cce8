/*
 * checks.h - the host checks and the helpers they share.
 *
 * Each check is one function over struct host_ctx (host.h), listed once in
 * host_checks[] (checks.c) with the rules it reports.  Helpers here are for
 * checks only; the rest of rampart uses host.h.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_CHECKS_H
#define RAMPART_HOST_CHECKS_H

#include <sys/types.h>

#include "host/host.h"

/* Owners, modes and ACLs of sensitive system files (perms.c). */
void host_run_sensitive_files(struct host_ctx *c);

/*
 * Check owner (root), group (one of the blank-separated names in groups)
 * and mode (no bit outside allowed, no named ACL entry) of path in the
 * scanned root, and report rule id: a pass, a failure with the observed
 * "owner:group mode" as evidence (severity overrides the rule's when >= 0),
 * or an error when the file exists but cannot be examined.  A missing file
 * reports nothing.
 */
void host_check_file_mode(struct host_ctx *c, const char *path,
    mode_t allowed, const char *groups, enum rule_id id, int severity);

#endif
