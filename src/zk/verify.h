/*
 * verify.h - the seed's check that ZooKeeper authentication works: create
 * a znode that only the caller's identity may use, read its ACL back,
 * make sure an anonymous session is refused, delete it.
 *
 * The znode is ephemeral, so that even a killed rampart leaves nothing
 * behind once its session ends; it is deleted explicitly on every path,
 * and its absence is confirmed afterwards from the anonymous session.
 * Nothing else is written.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_VERIFY_H
#define RAMPART_ZK_VERIFY_H

#include <stddef.h>

#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "zk/conn.h"

struct zk_verify_report {
	char *node;           /* the znode created (owned), or NULL */
	struct strbuf ids;    /* the caller's identities, hashes masked */
	struct strbuf acl;    /* the ACL set, masked */
	struct strbuf readback; /* the ACL read back, masked */
	int authenticated;    /* an identity other than ip was granted */
	int acl_ok;           /* read back equal to what was set */
	int anon_refused;     /* getData and getACL refused (NOAUTH) */
	int removed;          /* the znode is gone afterwards */
	const char *problem;  /* the first failed check, or NULL */
};

void zk_verify_report_init(struct zk_verify_report *r /* OUT */);
void zk_verify_report_release(struct zk_verify_report *r);

/*
 * Run the check with the connection settings co (its authentication is the
 * caller's) under parent (chroot-relative).  Returns 0 when every step
 * ran (the checks' verdicts are in rep), or an error when a step could
 * not run: connection or authentication failure, no identity at all, no
 * CREATE right on parent (RP_EDENIED), with d saying which.
 */
int zk_verify(const struct zk_server *servers, size_t nservers,
    const struct zk_conn_opts *co, const char *parent,
    struct zk_verify_report *rep, struct rp_diag *d) RP_MUST_CHECK;

#endif
