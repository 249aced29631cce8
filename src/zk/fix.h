/*
 * fix.h - planning, applying and undoing ACL changes on a live ZooKeeper
 * tree (`rampart zk fix`, `zk restore`).
 *
 * A plan is read fresh from the server on the connection that will write:
 * every node the rules cover gets its current ACL and Stat, and the rule's
 * target ACL.  Nodes already at target, ephemeral nodes, fencing nodes and
 * nodes whose ACL cannot be read in full are kept in the plan with the
 * reason, so that a dry run can show them.  Applying goes children first;
 * each write is preceded by a re-read on the same connection and by a
 * synced journal intent, and uses the ACL version it read as
 * compare-and-set.  Nothing here creates or deletes a node.
 *
 * The requirements behind this are in shared/reference/zookeeper.md
 * section 6.2; docs/zookeeper-fix.md describes the guarantees and tests.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_FIX_H
#define RAMPART_ZK_FIX_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"
#include "zk/conn.h"
#include "zk/journal.h"
#include "zk/proto.h"

/* One rule of a plan: the ACL a node (or a whole subtree) must have. */
struct zk_fix_rule {
	const char *path; /* chroot-relative */
	int subtree;      /* 1: path and every node below it */
	const struct zk_acl *acl;
	size_t nacl;
	long line; /* in the plan file, for messages */
};

/*
 * Parse a plan file: one rule per line, "PATH ACL [ACL...]", where ACL is
 * scheme:id:perms with perms from "cdrwa" (id may hold ':'; %XX escapes
 * any byte), PATH "/a/b" covers that node and "/a/b/" followed by two stars the node and its
 * subtree; '#' starts a comment.  Allocates from a.  RP_EPARSE with the
 * line in d for a malformed line or an invalid target ACL.
 */
int zk_fix_rules_parse(const char *text, size_t len, const char *name,
    struct arena *a, struct zk_fix_rule **rules /* OUT */,
    size_t *n /* OUT */, struct rp_diag *d) RP_MUST_CHECK;

/* Parse one "scheme:id:perms" entry (perms letters).  0 or RP_EPARSE. */
int zk_acl_parse_text(const char *s, size_t len, struct arena *a,
    struct zk_acl *out /* OUT */) RP_MUST_CHECK;

/*
 * Check a target ACL the way the server would and beyond (reference R7):
 * non-empty, perms 1..31, no duplicate ids, world only as "anyone", no
 * "auth" scheme, digest ids "user:" + 28 base64 characters (a masked
 * "user:x" is refused), ip ids an address with an optional prefix length,
 * known schemes only.  Returns NULL or a message.
 */
const char *zk_acl_validate_target(const struct zk_acl *acl, size_t n);

/* 1 if a and b hold the same entries, in any order. */
int zk_acl_equal(const struct zk_acl *a, size_t na, const struct zk_acl *b,
    size_t nb);

/*
 * 1 if an entry of acl grants ADMIN to one of the identities ids (whoAmI
 * form: scheme and id), the way the server matches: world:anyone always,
 * ip by address prefix, other schemes by equal id; a "super" identity
 * always has ADMIN.
 */
int zk_acl_grants_admin(const struct zk_acl *acl, size_t n,
    const struct zk_client_info *ids, size_t nids);

/*
 * Why a node must never be written by fix, or NULL: an ephemeral node
 * (ephemeralOwner != 0), YARN's fencing node (ZKRMStateRoot and its
 * RM_ZK_FENCING_LOCK), an ActiveStandbyElectorLock, /zookeeper/config.
 */
const char *zk_fix_protected_node(const char *path, const struct zk_stat *st);

enum zk_fix_action {
	ZK_FIX_CHANGE,     /* to be written */
	ZK_FIX_AT_TARGET,  /* already has the target ACL */
	ZK_FIX_SKIP,       /* protected node (ephemeral, fencing): why */
	ZK_FIX_MISSING,    /* the rule names a node that does not exist */
	ZK_FIX_UNREADABLE, /* its ACL could not be read (in full): why */
};

enum zk_fix_outcome {
	ZK_FIX_PENDING,   /* not attempted (dry run or stopped before) */
	ZK_FIX_APPLIED,   /* setACL succeeded */
	ZK_FIX_CONFLICT,  /* changed by another client: left alone */
	ZK_FIX_VANISHED,  /* deleted meanwhile: never recreated */
	ZK_FIX_REFUSED,   /* the server refused (err) */
	ZK_FIX_UNKNOWN,   /* connection lost with the write in flight */
	ZK_FIX_ALREADY,   /* found at target when re-read */
};

struct zk_fix_item {
	const char *path;
	struct zk_stat st;
	struct zk_acl *cur; /* unmasked when the caller has ADMIN */
	size_t ncur;
	const struct zk_acl *target;
	size_t ntarget;
	enum zk_fix_action action;
	const char *why;
	enum zk_fix_outcome outcome;
	int32_t err; /* server code behind CONFLICT/REFUSED */
	int32_t post_aversion;
	uint64_t seq; /* journal sequence number of the intent */
};

struct zk_fix_plan {
	struct arena arena;
	struct zk_fix_item *it; /* sorted children first once built */
	size_t n, cap;
	uint64_t read_nodes; /* getACL replies while planning */
	uint64_t unlistable; /* nodes whose children could not be listed */
};

void zk_fix_plan_init(struct zk_fix_plan *p /* OUT */);
void zk_fix_plan_release(struct zk_fix_plan *p);

/*
 * Read the nodes the rules cover (the longest matching rule wins for a
 * node inside several subtrees) and fill the plan, children first.
 * Errors: connection errors (RP_ECLOSED, ...), with d saying where.
 */
int zk_fix_plan_rules(struct zk_conn *c, const struct zk_fix_rule *rules,
    size_t nrules, struct zk_fix_plan *p, struct rp_diag *d) RP_MUST_CHECK;

/* Where a plan walk starts. */
struct zk_fix_root {
	const char *path;   /* chroot-relative */
	int subtree;        /* descend into the children */
	int report_missing; /* a missing root becomes a ZK_FIX_MISSING item */
};

/*
 * Decide one node of a walk: set it->target/ntarget and the action
 * (zk_fix_item_classify() does both) with strings allocated in a (the
 * plan's arena).  it->action is preset to ZK_FIX_MISSING or
 * ZK_FIX_UNREADABLE when the node could not be read.  Return 1 to keep the
 * item, 0 to drop it (no rule covers the node), or a negative RP_E* code
 * to stop the walk.
 */
typedef int (*zk_fix_resolve_fn)(void *arg, struct zk_fix_item *it,
    struct arena *a);

/*
 * Read the nodes under roots on c (getACL, and getChildren for subtrees)
 * and let fn decide each; the plan is then ordered children first with
 * one item per path.  Errors as zk_fix_plan_rules().
 */
int zk_fix_plan_walk(struct zk_conn *c, const struct zk_fix_root *roots,
    size_t nroots, zk_fix_resolve_fn fn, void *arg, struct zk_fix_plan *p,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Set the target ACL of a read item and its action: SKIP for protected
 * nodes, UNREADABLE when the server masked digest ids, AT_TARGET when the
 * ACL equals target (in any order), else CHANGE.  Items preset to MISSING
 * or UNREADABLE keep their action.
 */
void zk_fix_item_classify(struct zk_fix_item *it, const struct zk_acl *target,
    size_t ntarget);

struct zk_baseline;

/*
 * Plan from component baselines (zk/baseline.h): walk the roots of the
 * active profile instances; every node a profile covers gets the
 * baseline's ACL as target: its required entries, plus the optional
 * entries the node already holds within their permissions.  A required
 * entry that is only a pattern (a principal whose host is unknown) takes
 * the matching identity the node holds; with none the node is skipped
 * (give --principal-map).  Rules marked report-only are skipped, rules
 * open by design count as at target.  Errors as zk_fix_plan_rules().
 */
int zk_fix_plan_baseline(struct zk_conn *c, const struct zk_baseline *b,
    struct zk_fix_plan *p, struct rp_diag *d) RP_MUST_CHECK;

/*
 * The paths whose target ACL would take ADMIN away from every identity in
 * ids (and ids hold no super identity): their count; the first max are
 * stored in bad.
 */
size_t zk_fix_lockouts(const struct zk_fix_plan *p,
    const struct zk_client_info *ids, size_t nids,
    const struct zk_fix_item **bad /* OUT */, size_t max);

/* Called after each item is attempted. */
typedef void (*zk_fix_item_fn)(void *arg, const struct zk_fix_item *it);

struct zk_fix_apply_opts {
	unsigned delay_ms; /* tests only: pause after each intent is synced */
	zk_fix_item_fn done;
	void *arg;
};

/*
 * Apply every ZK_FIX_CHANGE item in order, journaling each write in w.
 * Stops at the first connection loss, expired session, authentication
 * failure or journal write error and returns it (items not attempted stay
 * PENDING; the one in flight is UNKNOWN).  Per-node refusals are outcomes,
 * not errors.
 */
int zk_fix_apply(struct zk_conn *c, struct zk_fix_plan *p,
    struct zk_jwriter *w, const struct zk_fix_apply_opts *o,
    struct rp_diag *d) RP_MUST_CHECK;

/* Restore. */

enum zk_restore_outcome {
	ZK_RESTORE_RESTORED,   /* the old ACL was put back */
	ZK_RESTORE_ORIGINAL,   /* the node already holds its old ACL */
	ZK_RESTORE_NEVER,      /* no journaled write took effect */
	ZK_RESTORE_CONFLICT,   /* changed since rampart's write: left alone */
	ZK_RESTORE_VANISHED,   /* the node is gone (or was recreated) */
	ZK_RESTORE_REFUSED,    /* the server refused the write (err) */
};

struct zk_restore_item {
	const char *path;
	const struct zk_acl *pre; /* the ACL before rampart's first write */
	size_t npre;
	const struct zk_acl *cur; /* as read now (arena of the call) */
	size_t ncur;
	enum zk_restore_outcome outcome;
	int32_t err;
	const char *why;
};

typedef void (*zk_restore_item_fn)(void *arg, const struct zk_restore_item *r);

struct zk_restore_stats {
	size_t restored, original, never, conflict, vanished, refused;
};

/*
 * Put back every old ACL of journal j, newest write first.  All writes to
 * one path are taken together: the node is restored to the ACL before the
 * first of them, and only if its current ACL and ACL version are one of
 * the states rampart's writes left (unless force).  Running it again
 * finds ORIGINAL everywhere and writes nothing.  Errors: connection loss
 * and the like, as zk_fix_apply().
 */
int zk_restore(struct zk_conn *c, const struct zk_journal *j, int force,
    zk_restore_item_fn fn, void *arg, struct zk_restore_stats *st /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

#endif
