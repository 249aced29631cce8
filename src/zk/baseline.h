/*
 * baseline.h - component ACL baselines: which ACL each znode of a known
 * component (Kafka, HBase, HDFS, ...) should carry.
 *
 * A profile is data: candidate roots (the component's usual chroots),
 * marker paths that reveal the component under one of those roots, a
 * default service identity and an ordered list of rules (path pattern
 * relative to the root, expected ACL, flags).  The built-in profiles are
 * rules/zk-baselines.def; more can be loaded from a YAML profile file.
 *
 * Expected ACLs are written as text, one entry per comma:
 *   IDENT:PERMS          IDENT is scheme:id or a ${variable}
 *   ?IDENT:PERMS         optional: may be present with exactly PERMS
 * ${svc} is the profile's service identity (default from the profile,
 * overridable per profile: --principal-map kafka=kafka/_HOST@EX.COM),
 * ${admin} the administrator identity (default sasl:zookeeper).  A
 * Kerberos principal given for a sasl identity is normalised the way the
 * server does it (kerberos.removeHostFromPrincipal/RealmFromPrincipal);
 * an unknown host ("_HOST" or none) leaves a '*' in the id, which makes
 * the entry a pattern: it matches ACLs but cannot be written.
 *
 * A baseline is the profile set plus the settings plus the (profile,
 * root) instances that apply: chosen with zk_baseline_select() or found
 * with zk_baseline_detect() when a marker znode is seen.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_BASELINE_H
#define RAMPART_ZK_BASELINE_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "zk/proto.h"

#define ZK_PROFILE_MAX_ROOTS   6
#define ZK_PROFILE_MAX_MARKERS 6
#define ZK_BASELINE_MAX_VARS   32

/* Flags of a baseline rule. */
enum zk_bl_flag {
	ZK_BL_SENSITIVE = 1 << 0, /* holds secrets: no world or broad read */
	ZK_BL_NO_FIX = 1 << 1,    /* report only, never remediate (fencing
	                           * nodes, self-healing services, config) */
	ZK_BL_OPEN_OK = 1 << 2,   /* open by design: not compared */
};

/*
 * Ephemeral znodes are never compared with a baseline: their owner sets
 * their ACL when it creates them, and they vanish with its session.
 */

struct zk_baseline_rule {
	const char *pattern; /* relative to the root: "/" is the root itself,
	                      * '*' one component, "**" any depth (>= 0) */
	const char *acl;     /* expected ACL text, see above */
	unsigned flags;      /* enum zk_bl_flag */
	const char *note;    /* why, shown in findings; may be NULL */
};

struct zk_profile {
	const char *name;  /* "kafka" */
	const char *title; /* "Kafka (ZooKeeper mode)" */
	const char *roots[ZK_PROFILE_MAX_ROOTS];     /* NULL-terminated */
	const char *markers[ZK_PROFILE_MAX_MARKERS]; /* relative, NULL-term. */
	const char *svc;    /* default ${svc}: "sasl:kafka" */
	const char *source; /* "builtin" or the profile file */
	const struct zk_baseline_rule *rules;
	size_t nrules;
};

/* Entry flags of an expected ACL. */
enum zk_ble_flag {
	ZK_BLE_OPTIONAL = 1 << 0, /* may be present (with exactly its perms) */
	ZK_BLE_PATTERN = 1 << 1,  /* the id holds '*': matches, not writable */
};

struct zk_bl_entry {
	struct zk_acl acl; /* scheme, id, perms: strings in the caller's arena */
	unsigned flags;    /* enum zk_ble_flag */
};

struct zk_baseline_settings {
	int remove_host;  /* kerberos.removeHostFromPrincipal; -1 unknown */
	int remove_realm; /* kerberos.removeRealmFromPrincipal; -1 unknown */
	const char *admin; /* ${admin}; NULL = "sasl:zookeeper" */
	struct {
		const char *name;  /* profile name or variable ("kafka") */
		const char *ident; /* "sasl:kafka/_HOST@EX.COM", "x509:CN=pg" */
	} vars[ZK_BASELINE_MAX_VARS];
	size_t nvars;
};

void zk_baseline_settings_init(struct zk_baseline_settings *s /* OUT */);

/*
 * Add "NAME=IDENT" (from --principal-map) to s; the strings are borrowed.
 * 0, or RP_EINVAL (no '=', empty parts, too many) with d filled.
 */
int zk_baseline_settings_var(struct zk_baseline_settings *s, const char *spec,
    struct rp_diag *d) RP_MUST_CHECK;

/* The built-in profiles (rules/zk-baselines.def). */
extern const struct zk_profile zk_builtin_profiles[];
extern const size_t zk_builtin_nprofiles;

struct zk_baseline;

/* A (profile, root) pair and its state. */
struct zk_bl_inst {
	const struct zk_profile *profile;
	const char *root;
	int active; /* selected or detected */
	int detected_by_marker;
};

/* What applies to one path. */
struct zk_bl_match {
	const struct zk_bl_inst *inst;
	const struct zk_baseline_rule *rule;
};

/*
 * A baseline with the built-in profiles and a copy of s (the strings of s
 * are borrowed for the baseline's lifetime).  Nothing is active yet.
 */
struct zk_baseline *zk_baseline_new(const struct zk_baseline_settings *s);
void zk_baseline_free(struct zk_baseline *b);

/*
 * Load user-defined profiles from a YAML file (format in
 * docs/zookeeper.md).  A profile with a built-in name replaces it.
 * 0, or RP_ENOENT/RP_EIO/RP_EPARSE/RP_EINVAL with file and line in d.
 */
int zk_baseline_load_file(struct zk_baseline *b, const char *path,
    struct rp_diag *d) RP_MUST_CHECK;

/* The same from memory; name is what messages call the input. */
int zk_baseline_load_mem(struct zk_baseline *b, const void *data, size_t len,
    const char *name, struct rp_diag *d) RP_MUST_CHECK;

/* The profile named name, or NULL. */
const struct zk_profile *zk_baseline_profile(const struct zk_baseline *b,
    const char *name);

/* Every profile (built-in and loaded); *n set. */
const struct zk_profile *const *zk_baseline_profiles(
    const struct zk_baseline *b, size_t *n /* OUT */);

/*
 * Activate profiles from "NAME[:ROOT][,NAME[:ROOT]...]" (--profile): a
 * name without a root activates every candidate root of the profile that
 * exists in the tree (the audit decides; with zk_baseline_match()'s
 * include_candidates) -- in practice: all its roots.  "auto" and "none"
 * switch marker detection on and off (on by default; --profile without
 * "auto" switches it off).  0, or RP_EINVAL naming the unknown profile.
 */
int zk_baseline_select(struct zk_baseline *b, const char *spec,
    struct rp_diag *d) RP_MUST_CHECK;

/* Activate profile p at root (copied); returns the instance. */
const struct zk_bl_inst *zk_baseline_activate(struct zk_baseline *b,
    const struct zk_profile *p, const char *root);

/* Is marker detection on? */
int zk_baseline_autodetect(const struct zk_baseline *b);

/*
 * Marker detection: if path is a marker of an inactive candidate
 * instance (and detection is on), activate it and return it; else NULL.
 */
const struct zk_bl_inst *zk_baseline_detect(struct zk_baseline *b,
    const char *path);

/*
 * The rule that applies to path: among instances whose root contains
 * path (active ones, plus inactive candidates when include_candidates),
 * the longest root wins, then the first profile in table order; within
 * the profile the first matching rule.  1 and *m filled, or 0 when no
 * profile covers path.
 */
int zk_baseline_match(const struct zk_baseline *b, const char *path,
    int include_candidates, struct zk_bl_match *m /* OUT */);

/*
 * The expected ACL of a match, with variables substituted and sasl
 * principals normalised: *out is an array of *n entries allocated in a
 * (strings too).  0, or RP_EINVAL for a malformed ACL text (user
 * profiles) with d filled.
 */
int zk_baseline_expected(const struct zk_baseline *b,
    const struct zk_bl_match *m, struct arena *a,
    struct zk_bl_entry **out /* OUT */, size_t *n /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Shorthand for fix plans: the expected ACL of path (active instances
 * only).  1 with *out and *n (and *m if not NULL), 0 when no profile covers
 * path, or a negative RP_E* code.
 */
int zk_baseline_expected_path(const struct zk_baseline *b, const char *path,
    struct arena *a, struct zk_bl_match *m /* OUT, may be NULL */,
    struct zk_bl_entry **out /* OUT */, size_t *n /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Normalise a sasl identity the way the server builds it from a Kerberos
 * principal: "svc/host@REALM" loses "/host" when remove_host is 1 and
 * "@REALM" when remove_realm is 1; a host of "_HOST" becomes "*".  With a
 * flag unknown (-1) the part is kept.  Arena copy.
 */
char *zk_sasl_normalise(struct arena *a, const char *principal,
    int remove_host, int remove_realm);

/* Does ACL identity (scheme, id) match the pattern entry e ('*' glob)? */
int zk_bl_entry_matches(const struct zk_bl_entry *e, const char *scheme,
    const char *id);

/* Format an expected ACL as text ("sasl:kafka:cdrwa,world:anyone:r"). */
void zk_bl_format(struct strbuf *sb, const struct zk_bl_entry *e, size_t n);

/* Every instance (for reports: which profiles applied); *n set. */
const struct zk_bl_inst *zk_baseline_instances(const struct zk_baseline *b,
    size_t *n /* OUT */);

#endif
