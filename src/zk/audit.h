/*
 * audit.h - the ZooKeeper ACL audit engine.
 *
 * Fed one struct zk_walk_node at a time, from the live walker (zk/walk.h)
 * or from any other source producing the same events (an offline snapshot
 * reader), it applies the generic ACL rules of rules/zk.def and the
 * component baselines of zk/baseline.h and adds findings to a result.  Two
 * sources that deliver the same nodes give the same findings, whatever the
 * order: rules that relate nodes to each other (open parents of protected
 * nodes, baseline findings of a profile detected by a marker seen later)
 * keep only what they need -- a 16-byte entry per znode with children,
 * and the pending findings of not-yet-detected profiles -- and settle in
 * zk_audit_finish().
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_AUDIT_H
#define RAMPART_ZK_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/result.h"
#include "util/compat.h"
#include "zk/baseline.h"
#include "zk/walk.h"

struct zk_audit_opts {
	struct result *result; /* findings go here (borrowed) */
	struct zk_baseline *baseline; /* borrowed, may be NULL: generic rules
	                               * only; detection activates instances */
	const char *source; /* "127.0.0.1:2181" or a data dir: findings' file */
	int plaintext;    /* clients can reach the server without TLS: 1 yes,
	                   * 0 TLS only, -1 unknown (digest rule not run) */
	int remove_host;  /* kerberos.removeHostFromPrincipal; -1 unknown */
	int remove_realm; /* kerberos.removeRealmFromPrincipal; -1 unknown */
	int sasl_digest_md5; /* the server also accepts DIGEST-MD5 users, so
	                      * realm-less sasl ids can match */
	int digest_sha256;   /* DigestAuthenticationProvider.digestAlg is
	                      * SHA-256 (44-character hashes) */
	uint64_t max_pending; /* pending baseline findings kept before a
	                       * profile is detected; 0 = 1000000 */
};

void zk_audit_opts_init(struct zk_audit_opts *o /* OUT */);

struct zk_audit_stats {
	uint64_t nodes, unreadable, unlistable, vanished, failed;
	uint64_t baseline_nodes;  /* nodes a profile covered */
	uint64_t pending_dropped; /* pending findings over max_pending */
};

struct zk_audit;

/* A new engine; o is copied (its pointers stay borrowed). */
struct zk_audit *zk_audit_new(const struct zk_audit_opts *o);

/*
 * Audit one event.  Everything n points to is borrowed for the call.
 * Returns 0 (findings are data; it never stops a walk).  The signature
 * fits zk_walk_visit_fn through zk_audit_visit().
 */
int zk_audit_node(struct zk_audit *a, const struct zk_walk_node *n);

/* zk_walk_visit_fn adapter: arg is the struct zk_audit. */
int zk_audit_visit(void *arg, const struct zk_walk_node *n);

/*
 * Settle the cross-node rules and add their findings to r (the result of
 * the options; passed again so the call reads as what it does).  Call
 * once, after the last node.
 */
void zk_audit_finish(struct zk_audit *a, struct result *r);

/* Counters so far. */
void zk_audit_stats(const struct zk_audit *a,
    struct zk_audit_stats *s /* OUT */);

void zk_audit_free(struct zk_audit *a);

/*
 * Digest id checks shared with other modules: 0 well-formed, 1 masked
 * ("user:x", a read without ADMIN), 2 malformed (no ':' or the hash is
 * not base64 of 20 bytes, 32 with sha256).
 */
int zk_digest_id_check(const char *id, int sha256);

#endif
