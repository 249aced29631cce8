/*
 * snapshot.h - the offline tree: a ZooKeeper data directory read without a
 * server (reference sections 2.1 to 2.9).
 *
 * zk_snapshot_walk() picks the newest snapshot that passes a full check
 * (every Adler-32 seal, the trailer variant, the gzip/snappy stream to its
 * end), falling back to older ones and saying why, replays the transaction
 * logs written after it (checksummed entry by entry, stopping cleanly at a
 * torn tail), and hands the final tree to the same visitor the live walker
 * feeds (walk.h): one ZK_WALK_NODE event per znode, parents before
 * children.  Nothing is written; files are opened read-only.
 *
 * ACL lists are stored once (interned by content) and shared by every node
 * that uses them, as the server's own ACL cache does.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_SNAPSHOT_H
#define RAMPART_ZK_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "util/compat.h"
#include "util/err.h"
#include "zk/txnlog.h"
#include "zk/walk.h"

#define ZK_SNAPSHOT_MAGIC 0x5A4B534E /* "ZKSN" */

/* Non-fatal events worth telling the operator (fallbacks, torn tails). */
typedef void (*zk_snapshot_warn_fn)(void *arg, const struct rp_diag *d);

struct zk_snapshot_opts {
	const char *logdir;  /* dataLogDir; NULL = the data directory */
	const char *path;    /* emit only this subtree; NULL = "/" */
	uint64_t max_nodes;  /* stop with RP_ELIMIT past this many; 0 = none */
	unsigned max_candidates; /* snapshots tried, newest first; 100 */
	int no_logs;         /* the snapshot alone, no replay */
	zk_snapshot_warn_fn warn; /* may be NULL */
	void *warn_arg;
};

void zk_snapshot_opts_init(struct zk_snapshot_opts *o /* OUT */);

struct zk_snapshot_stats {
	char snapshot[512];   /* the file the tree came from; "" if none */
	int64_t snap_zxid;    /* from its name */
	int64_t last_zxid;    /* after replay */
	unsigned rejected;    /* newer snapshots that failed the check */
	uint64_t snap_nodes;  /* nodes in the snapshot */
	uint64_t sessions;    /* sessions listed in the snapshot */
	uint64_t acl_lists;   /* distinct ACL lists held */
	unsigned logs;        /* log files read */
	uint64_t txns;        /* entries read */
	uint64_t applied;     /* entries newer than the snapshot, applied */
	uint64_t ignored;     /* replayed ops that found nothing to do
	                       * (fuzzy snapshot: node exists / is gone) */
	int torn;             /* the newest log ends inside an entry */
	unsigned log_errors;  /* logs whose replay stopped on corruption */
	unsigned gaps;        /* missing or backwards zxid ranges */
	uint64_t dangling;    /* nodes whose ACL reference is not in the map */
	uint64_t orphans;     /* nodes whose parent is gone (not emitted) */
	uint64_t nodes;       /* ZK_WALK_NODE events emitted */
	double read_seconds;  /* snapshot + logs */
	double walk_seconds;  /* emitting the events */
};

/*
 * Read datadir (a dataDir holding version-2/, or the version-2 directory
 * itself) and emit the tree.  stats (may be NULL) is filled in all cases.
 * Errors: RP_ENOENT (no snapshot and no log), RP_EPARSE/RP_ETRUNC/... (no
 * snapshot passed the check: d names the newest and why), RP_ELIMIT (the
 * node guard), RP_EIO, or the visitor's code.  Damage found after a valid
 * snapshot (a corrupt log entry, a torn tail) is not an error: the replay
 * stops there, warn is told, and stats count it.
 */
int zk_snapshot_walk(const char *datadir, const struct zk_snapshot_opts *o,
    zk_walk_visit_fn visit, void *arg,
    struct zk_snapshot_stats *stats /* OUT, may be NULL */,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * The pieces, for the fuzz harnesses and tests.  A tree starts empty;
 * zk_snaptree_load_mem() parses one snapshot (kind from its first bytes:
 * gzip, snappy-java or plain) into it and verifies it fully;
 * zk_snaptree_apply() replays one transaction; zk_snaptree_emit() visits
 * the result.
 */
struct zk_snaptree;

/* defaults: start from the tree of a fresh server (/, /zookeeper,
 * /zookeeper/quota, /zookeeper/config) instead of nothing. */
struct zk_snaptree *zk_snaptree_new(int defaults);
void zk_snaptree_free(struct zk_snaptree *t);
int zk_snaptree_load_mem(struct zk_snaptree *t, const void *data, size_t len,
    const char *name, struct rp_diag *d) RP_MUST_CHECK;
void zk_snaptree_apply(struct zk_snaptree *t, const struct zk_txn *txn);
int zk_snaptree_emit(struct zk_snaptree *t, const struct zk_snapshot_opts *o,
    zk_walk_visit_fn visit, void *arg, struct zk_snapshot_stats *stats,
    struct rp_diag *d) RP_MUST_CHECK;

#endif
