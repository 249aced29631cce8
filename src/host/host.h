/*
 * host.h - the host target: Linux and OpenStack nodes, live or under --root.
 *
 * A host scan opens the root (--root DIR, default /) through rootfs.h,
 * decides whether that root is the running system, picks the node's role
 * and its inbound allowlist, and runs every check of host_checks[]
 * (checks.c) against one struct host_ctx.  Checks are plug-ins: one
 * function, one table line.
 *
 * Facts come from two places.  Files (sshd_config, sysctl.d, fstab, keys,
 * OpenStack configs) are read under the root with rootfs.  Runtime facts
 * (/proc, /sys, firewall state, sockets) exist only for a running system:
 * ctx->rt is the root they are read from ("/" when the scanned root is the
 * running system, or a directory of captured /proc and /sys files given
 * with --runtime DIR) and is NULL otherwise.  A check flagged HOST_RUNTIME
 * is not run without it; its rules are reported not-applicable instead.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_HOST_H
#define RAMPART_HOST_HOST_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "core/result.h"
#include "host/rootfs.h"
#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/ynode.h"

/*
 * Roles of the Metacloud paper and their default inbound allowlists
 * ("Relevant Network Protocols", Tables 1-3):
 *   X(ENUM, name, allowlist)
 * The allowlist is "SERVICE/PROTO" words separated by blanks; SERVICE is a
 * port, or an ICMP type name or number for icmp.  The host: section of
 * rampart.yaml can replace a role's list (host.allow).
 */
#define HOST_ROLES(X)                                                  \
	X(NONE, "none", "")                                            \
	X(VPN, "vpn", "1194/tcp 1194/udp")                             \
	X(BASTION, "bastion", "22/tcp")                                \
	X(CONTROLLER, "controller", "22/tcp 10050/tcp echo-request/icmp") \
	X(HYPERVISOR, "hypervisor", "22/tcp")                          \
	X(MONITORING, "monitoring", "443/tcp")

enum host_role {
#define HOST_ROLE_ENUM(e, name, allow) HOST_ROLE_##e,
	HOST_ROLES(HOST_ROLE_ENUM)
#undef HOST_ROLE_ENUM
	HOST_ROLE__COUNT
};

const char *host_role_name(enum host_role role);

/* Parse a role name; 0 or RP_EINVAL. */
int host_role_parse(const char *s, enum host_role *out /* OUT */)
    RP_MUST_CHECK;

enum host_proto {
	HOST_PROTO_TCP,
	HOST_PROTO_UDP,
	HOST_PROTO_ICMP,
};

const char *host_proto_name(enum host_proto p);

/* One entry of a role's inbound allowlist. */
struct host_allow {
	enum host_proto proto;
	int port;   /* TCP/UDP port, or the ICMP type (8 = echo-request) */
	char *from; /* source CIDR or input interface; NULL = any source */
};

/*
 * Parse "22/tcp", "1194/udp", "echo-request/icmp", "8/icmp", optionally
 * followed by " from SOURCE".  Returns 0 (a->from allocated or NULL) or
 * RP_EINVAL.
 */
int host_allow_parse(const char *s, struct host_allow *a /* OUT */)
    RP_MUST_CHECK;

/* Site parameters the paper leaves open (host.site in rampart.yaml). */
#define HOST_SITE_KEYS(X)                                               \
	X(tunnel_interface, "tunnel-interface") /* "tun0" */            \
	X(ssh_gateway, "ssh-gateway")           /* bastion address */   \
	X(monitoring, "monitoring")             /* monitoring source */ \
	X(admin_segment, "admin-segment")       /* administrator CIDR */

struct host_site {
#define HOST_SITE_FIELD(field, key) char *field;
	HOST_SITE_KEYS(HOST_SITE_FIELD)
#undef HOST_SITE_FIELD
};

/*
 * Keys of the host: section of rampart.yaml; any other key is an error so
 * that a typo cannot switch a setting off.  X(key, what it holds)
 */
#define HOST_CONF_KEYS(X)                                                 \
	X("role", "vpn | bastion | controller | hypervisor | monitoring") \
	X("allow", "inbound allowlist replacing the role's: [\"22/tcp\"]")  \
	X("site", "tunnel-interface, ssh-gateway, monitoring, admin-segment") \
	X("module-baseline", "file of kernel module names, one a line")  \
	X("readonly-mounts", "mount points that must be read-only")       \
	X("noexec-mounts", "mount points that need nodev,nosuid,noexec")  \
	X("ssh-client-alive-max", "longest idle SSH session in seconds")  \
	X("pass-max-days", "longest password lifetime in days")

/* Accounts of the scanned root (ROOT/etc/passwd and ROOT/etc/group). */
struct host_account {
	char *name;
	uint32_t uid, gid;
	char *home;
	char *shell;
	unsigned line; /* in /etc/passwd */
};

struct host_group {
	char *name;
	uint32_t gid;
	char **members; /* supplementary members (4th field) */
	size_t nmembers;
	unsigned line; /* in /etc/group */
};

struct host_accounts {
	struct host_account *users;
	size_t nusers, users_alloc;
	struct host_group *groups;
	size_t ngroups, groups_alloc;
	int passwd_err; /* RP_E* when /etc/passwd could not be read */
	int group_err;
};

/*
 * Run a program for a runtime collector: argv[0] is the program (looked up
 * in PATH), standard output goes to out (at most cap bytes), the exit status
 * to *status.  Returns 0 or a negative RP_E* with d saying why it could not
 * run.  Programs only run through src/util/spawn.c; the hook is NULL until
 * a caller sets it, and collectors then report that the fact is unavailable.
 */
typedef int (*host_spawn_fn)(void *arg, char *const argv[], size_t cap,
    struct strbuf *out, int *status /* OUT */, struct rp_diag *d);

struct host_net_opts;

struct host_opts {
	const char *root;    /* --root; default "/" */
	const char *runtime; /* --runtime: captured proc/ and sys/; NULL = auto */
	const char *role;    /* --role; overrides host.role of the config */
	const struct config *config; /* may be NULL */
	const char *module_baseline; /* --module-baseline FILE, or NULL */
	host_spawn_fn spawn;
	void *spawn_arg;
	const struct host_net_opts *net; /* netchecks.h; NULL = defaults */
};

void host_opts_init(struct host_opts *o);

struct host_check;

struct host_ctx {
	struct result *r;
	struct result_target *t;
	const struct host_opts *opts;
	struct rootfs root;     /* the scanned files */
	struct rootfs rt_store; /* backing store of rt */
	const struct rootfs *rt; /* runtime facts, or NULL (see above) */
	int live;                /* rt is the running system itself */
	enum host_role role;
	struct host_allow *allow; /* the role's allowlist (config overrides) */
	size_t nallow;
	struct host_site site;
	const struct config *config;
	const struct ynode *conf;       /* host: section, or NULL */
	const struct host_check *check; /* the check that runs now */
	struct arena arena;             /* scratch; reset after each check */
	struct host_accounts *accounts; /* loaded on first use */
};

/* Flags of a check. */
enum host_check_flag {
	HOST_RUNTIME = 1 << 0, /* needs runtime facts (ctx->rt) */
};

struct host_check {
	const char *name;
	unsigned flags; /* enum host_check_flag */
	void (*run)(struct host_ctx *ctx);
	/* The rules the check reports (skipped when none is enabled). */
	const enum rule_id *rules;
	size_t nrules;
};

extern const struct host_check host_checks[];
extern const size_t host_ncheck;

/*
 * Scan the host described by o into r.  Findings, errors about unreadable
 * files and coverage gaps go to r.  Returns 0, RP_EINVAL for a bad role or
 * host: section (d says where; nothing was scanned), or another RP_E* when
 * the root cannot be opened.
 */
int host_scan(const struct host_opts *o, struct result *r, struct rp_diag *d)
    RP_MUST_CHECK;

/*
 * Set up ctx for o without running checks (used by host_scan() and by
 * diagnostic commands).  Returns 0 or an error as host_scan().
 * host_ctx_release() frees what it holds.
 */
int host_ctx_init(struct host_ctx *ctx, const struct host_opts *o,
    struct result *r, struct rp_diag *d) RP_MUST_CHECK;
void host_ctx_release(struct host_ctx *ctx);

/* True when the policy lets rule id run. */
int host_rule_on(const struct host_ctx *c, enum rule_id id);

/* Record a finding (strings are copied). */
void host_add(struct host_ctx *c, const struct finding *f);

/* A pass of rule id about object (counted, not stored). */
void host_pass(struct host_ctx *c, enum rule_id id, const char *object);

/*
 * A failure of rule id at file:line (file NULL, line 0 when not known)
 * about object, with evidence and the expected value (either may be NULL).
 */
void host_fail(struct host_ctx *c, enum rule_id id, const char *file,
    unsigned line, const char *object, const char *evidence,
    const char *expected, const char *fmt, ...) RP_PRINTF(8, 9);

/* A not-applicable verdict of rule id, with the reason. */
void host_na(struct host_ctx *c, enum rule_id id, const char *object,
    const char *fmt, ...) RP_PRINTF(4, 5);

/* A manual finding: what an auditor has to check. */
void host_manual(struct host_ctx *c, enum rule_id id, const char *object,
    const char *fmt, ...) RP_PRINTF(4, 5);

/*
 * An error finding of rule id from d (the input could not be read or
 * evaluated).  The run is then incomplete (exit 3).
 */
void host_error(struct host_ctx *c, enum rule_id id, const char *object,
    const struct rp_diag *d);

/* printf into the scratch arena (valid until the check returns). */
char *host_printf(struct host_ctx *c, const char *fmt, ...) RP_PRINTF(2, 3);

/*
 * Read a file of the scanned root into out (appended), counting it in the
 * target's "files" counter.  Errors as rootfs_read().
 */
int host_read(struct host_ctx *c, const char *path, size_t cap,
    struct strbuf *out, struct rp_diag *d) RP_MUST_CHECK;

/*
 * Read a runtime file ("/proc/modules") from ctx->rt.  RP_ENOTSUP when
 * there are no runtime facts.
 */
int host_read_rt(struct host_ctx *c, const char *path, size_t cap,
    struct strbuf *out, struct rp_diag *d) RP_MUST_CHECK;

/* Run a program through the spawn hook (see host_spawn_fn). */
int host_spawn(struct host_ctx *c, char *const argv[], size_t cap,
    struct strbuf *out, int *status /* OUT */, struct rp_diag *d)
    RP_MUST_CHECK;

/*
 * The accounts of the scanned root, loaded on first use.  Never NULL; an
 * unreadable /etc/passwd leaves the lists empty and sets passwd_err.
 */
const struct host_accounts *host_accounts(struct host_ctx *c);

/* Account by uid or name in the scanned root, or NULL. */
const struct host_account *host_user_by_uid(struct host_ctx *c, uint32_t uid);
const struct host_account *host_user_by_name(struct host_ctx *c,
    const char *name);

/* Group name of gid in the scanned root, or NULL. */
const char *host_group_name(struct host_ctx *c, uint32_t gid);

/*
 * Names of the groups user belongs to in the scanned root (primary group
 * first, then every group listing it as a member).  *names is allocated
 * (caller frees each and the array).  Returns 0, or -1 when there is no
 * such user.
 */
int host_user_groups(struct host_ctx *c, const char *user, char ***names,
    size_t *n);

/*
 * "root:shadow 0640" for st: owner and group names from the scanned root
 * (numeric when unknown), mode and extended ACL entries.  Arena string.
 */
const char *host_owner_mode(struct host_ctx *c, const struct rootfs_stat *st);

/*
 * The host: section's value at key as a string list (see config_strv()).
 * Returns 0 or RP_EINVAL with d filled.
 */
int host_conf_strv(struct host_ctx *c, const char *key, char ***out,
    size_t *n, struct rp_diag *d) RP_MUST_CHECK;

/* The host: section's scalar at key, or NULL. */
const char *host_conf_str(const struct host_ctx *c, const char *key);

#endif
