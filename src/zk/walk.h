/*
 * walk.h - the live tree walker (reference section 1.17).
 *
 * Visits every znode under a start path once: a pipelined getACL per node
 * (ACL and Stat in one round trip), getChildren only where numChildren > 0,
 * with a bounded window of outstanding requests on each connection and one
 * connection per ensemble member, so that reads are spread over the
 * servers.  When a connection is lost, its outstanding requests go back to
 * the queue and are sent again (on another connection or after
 * reconnecting); every request is in exactly one place at any time, so no
 * node is missed or reported twice.  THROTTLEDOP replies are retried after
 * a back-off.
 *
 * The walker prints nothing: nodes go to a visitor callback, progress to an
 * optional progress callback.  Paths given to the visitor are full server
 * paths (the chroot of the connect string is part of them).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_WALK_H
#define RAMPART_ZK_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "util/compat.h"
#include "util/err.h"
#include "zk/conn.h"
#include "zk/proto.h"

enum zk_walk_event {
	ZK_WALK_NODE,       /* getACL succeeded: acl and stat are set */
	ZK_WALK_ANCESTOR,   /* an ancestor of the start path (not descended) */
	ZK_WALK_UNREADABLE, /* getACL NOAUTH: neither READ nor ADMIN; the
	                     * subtree below is unknown */
	ZK_WALK_UNLISTABLE, /* getChildren NOAUTH after a readable ACL (ADMIN
	                     * without READ): the node itself was reported as
	                     * ZK_WALK_NODE; its subtree is unknown */
	ZK_WALK_VANISHED,   /* NONODE: deleted during the walk; counted */
	ZK_WALK_FAILED,     /* another server error on this node (err, op) */
};

struct zk_walk_node {
	enum zk_walk_event event;
	const char *path;         /* full server path */
	const struct zk_acl *acl; /* NODE/ANCESTOR; digest ids as the server
	                           * sent them (hashes are secrets) */
	size_t nacl;
	const struct zk_stat *stat; /* NODE/ANCESTOR, else NULL */
	int32_t op;                 /* the request that produced the event */
	int32_t err;        /* enum zk_code for UNREADABLE..FAILED, else 0 */
	int64_t zxid;       /* reply zxid */
	const char *server; /* "host:port" that answered */
	int ancestor;       /* 1: the node is an ancestor of the start path (its
	                     * getACL failed: UNREADABLE or FAILED; success is
	                     * ZK_WALK_ANCESTOR) */
};

/*
 * The visitor.  Everything n points to is borrowed until the callback
 * returns.  Return 0 to continue or an RP_E* code to stop the walk (which
 * then returns that code).
 */
typedef int (*zk_walk_visit_fn)(void *arg, const struct zk_walk_node *n);

struct zk_walk_stats {
	uint64_t nodes;      /* ZK_WALK_NODE events */
	uint64_t unreadable; /* ZK_WALK_UNREADABLE */
	uint64_t unlistable; /* ZK_WALK_UNLISTABLE */
	uint64_t vanished;   /* ZK_WALK_VANISHED */
	uint64_t failed;     /* ZK_WALK_FAILED */
	uint64_t requests;   /* replies received */
	uint64_t resent;     /* requests sent again after a loss */
	uint64_t throttled;  /* THROTTLEDOP replies retried */
	uint64_t queued;     /* paths known but not yet visited */
	unsigned reconnects;
	unsigned conns;   /* connections open now */
	int64_t min_zxid; /* zxid range of the replies: the walk is not */
	int64_t max_zxid; /* a snapshot, nodes may change inside it */
	double elapsed;   /* seconds */
};

typedef void (*zk_walk_progress_fn)(void *arg, const struct zk_walk_stats *s);

struct zk_walk_opts {
	const char *path;   /* start (relative to the chroot); NULL = "/" */
	unsigned window;    /* outstanding requests per connection; 128 */
	unsigned max_conns; /* connections; 0 = one per server */
	uint64_t max_nodes; /* stop with RP_ELIMIT past this many; 0 = none */
	int ancestors;      /* also report the ACLs of the start's ancestors */
	int sync_first;     /* sync the start path on each connection first */
	double reconnect_timeout; /* seconds the walk waits for any server
	                           * to take a lost connection back; 0 =
	                           * twice the session timeout, after which
	                           * the session would have expired anyway */
	double progress_every;    /* seconds between progress calls; 0.5 */
	zk_walk_visit_fn visit;
	zk_walk_progress_fn progress; /* may be NULL */
	void *arg;
};

/* Fill o with the defaults above (visit must still be set). */
void zk_walk_opts_init(struct zk_walk_opts *o /* OUT */);

/*
 * Walk the tree.  co gives the connection settings (its chroot is joined
 * with wo->path to form the start; window is taken from wo).  stats, if not
 * NULL, is filled in all cases, so a failed walk still says how far it
 * got.  Errors: those of zk_conn_open() when no server can be reached or
 * authentication fails, RP_ECONN when every connection stayed lost for
 * reconnect_timeout, RP_ELIMIT for the node-count guard, RP_EPROTO for a
 * hostile reply, or the visitor's code.  d explains.  A start path that
 * does not exist is RP_ENOENT.
 */
int zk_walk(const struct zk_server *servers, size_t nservers,
    const struct zk_conn_opts *co, const struct zk_walk_opts *wo,
    struct zk_walk_stats *stats /* OUT, may be NULL */,
    struct rp_diag *d) RP_MUST_CHECK;

#endif
