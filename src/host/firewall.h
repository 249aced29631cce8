/*
 * firewall.h - one model for iptables-save and nftables rulesets, and the
 * evaluation that decides which new inbound traffic they accept.
 *
 * src/host/iptables.c and src/host/nft.c parse their formats into a
 * struct fw_ruleset: chains (base chains carry a hook, a priority and a
 * policy) holding rules, each a conjunction of matches and one verdict.  The
 * evaluator walks every base chain on a hook the way netfilter does (rules
 * in order, jumps with return, goto, RETURN, policies, every base chain on
 * the hook must let a packet through) over a two-dimensional packet space,
 * protocol x destination port (the ICMP type stands in for the port), for a
 * packet that opens a new connection from a remote network.  Loopback and
 * established/related traffic are background, not exposure.
 *
 * Matches the model does not follow exactly are kept as qualifiers: an
 * accept under a qualifier (a source address, an input interface, a rate
 * limit) still exposes its ports to the packets that satisfy it, so it is
 * reported with the qualifier as evidence; a drop under a qualifier removes
 * nothing from what later rules see.  Matches rampart cannot read at all
 * (nft's "xt" statements) make a rule uncertain, and the result says so
 * instead of guessing.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_FIREWALL_H
#define RAMPART_HOST_FIREWALL_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"

/* Address families a chain or rule applies to (bit set). */
enum fw_family {
	FW_FAM_IP4 = 1 << 0,
	FW_FAM_IP6 = 1 << 1,
	FW_FAM_INET = FW_FAM_IP4 | FW_FAM_IP6,
	FW_FAM_OTHER = 1 << 2, /* arp, bridge, netdev: not evaluated */
};

enum fw_hook {
	FW_HOOK_NONE, /* a regular (user) chain */
	FW_HOOK_PREROUTING,
	FW_HOOK_INPUT,
	FW_HOOK_FORWARD,
	FW_HOOK_OUTPUT,
	FW_HOOK_POSTROUTING,
	FW_HOOK_INGRESS,
	FW_HOOK_OTHER,
};

enum fw_policy {
	FW_POLICY_NONE, /* regular chain */
	FW_POLICY_ACCEPT,
	FW_POLICY_DROP,
};

/* What a rule does with a packet that matches. */
enum fw_verdict {
	FW_V_CONTINUE, /* counter, log, mark...: go on with the next rule */
	FW_V_ACCEPT,
	FW_V_DROP,
	FW_V_REJECT,
	FW_V_RETURN,
	FW_V_JUMP,
	FW_V_GOTO,
	FW_V_QUEUE,    /* handed to user space: fate unknown */
	FW_V_NAT,      /* DNAT, SNAT, REDIRECT, MASQUERADE */
	FW_V_UNKNOWN,  /* a target rampart does not know */
};

/* Chain types that decide reachability; nat chains only translate. */
enum fw_chain_type {
	FW_TYPE_FILTER,
	FW_TYPE_NAT,
	FW_TYPE_ROUTE,
};

/* Connection-tracking states (bit set). */
enum fw_ct {
	FW_CT_NEW = 1 << 0,
	FW_CT_ESTABLISHED = 1 << 1,
	FW_CT_RELATED = 1 << 2,
	FW_CT_INVALID = 1 << 3,
	FW_CT_UNTRACKED = 1 << 4,
	FW_CT_ALL = (1 << 5) - 1,
};

struct fw_range {
	uint16_t lo, hi;
};

/* An IPv4 or IPv6 prefix. */
struct fw_prefix {
	uint8_t fam; /* 4 or 6 */
	uint8_t len;
	uint8_t addr[16];
};

struct fw_rule {
	unsigned line;      /* iptables-save line; 0 for nft */
	long long handle;   /* nft rule handle; -1 for iptables */
	const char *text;   /* the rule as written, for evidence */
	unsigned fam;       /* enum fw_family the rule can match */

	int proto;          /* protocol number, or -1 for any */
	int proto_neg;      /* ! -p: every protocol but proto */
	struct fw_range *dport; /* destination ports (negation applied) */
	size_t ndport;
	int has_dport;      /* 0: any port; ICMP types are ports of ICMP */

	const char *iif;    /* input interface ("eth+" is a prefix), or NULL */
	int iif_neg;
	const char *oif;
	int oif_neg;
	struct fw_prefix *src; /* source prefixes (any of them), or none */
	size_t nsrc;
	int src_neg;           /* ! -s: every source but these */
	unsigned ct;        /* enum fw_ct the rule matches; FW_CT_ALL = any */

	const char *qual;   /* narrowing matches the model does not follow */
	const char *unknown;/* matches rampart could not read at all */

	enum fw_verdict verdict;
	const char *target; /* chain of a jump or goto; name of the target */
};

struct fw_chain {
	const char *table;
	const char *name;
	const char *source;    /* file or program it was read from */
	unsigned fam;          /* enum fw_family */
	enum fw_hook hook;     /* FW_HOOK_NONE for a regular chain */
	enum fw_chain_type type;
	int prio;
	enum fw_policy policy;
	unsigned line;         /* where it was declared (iptables-save) */
	long long handle;      /* nft chain handle; -1 for iptables */
	int incompatible;      /* iptables-save could not show this table */
	struct fw_rule *rules;
	size_t nrules, alloc;
};

struct fw_ruleset {
	struct arena arena;    /* every string and rule of the set */
	const char *source;    /* "iptables-save", "/etc/iptables/rules.v4" */
	struct fw_chain *chains;
	size_t nchains, alloc;
	unsigned nunknown;     /* rules with unreadable matches */
	int legacy_tables;     /* iptables-legacy tables exist as well */
};

void fw_ruleset_init(struct fw_ruleset *rs, const char *source);
void fw_ruleset_release(struct fw_ruleset *rs);

/* Add a chain (strings are copied into the arena); returns its index. */
size_t fw_chain_add(struct fw_ruleset *rs, const char *table,
    const char *name, unsigned fam);

/* Chain table/name of family fam (exact family match), or NULL. */
struct fw_chain *fw_chain_find(struct fw_ruleset *rs, const char *table,
    const char *name, unsigned fam);

/* Append a zeroed rule (any protocol, any port, any state) to chain c. */
struct fw_rule *fw_rule_add(struct fw_ruleset *rs, struct fw_chain *c);

/* Add a narrowing match description to r->qual (or r->unknown). */
void fw_rule_qualify(struct fw_ruleset *rs, struct fw_rule *r,
    const char *what);
void fw_rule_unknown(struct fw_ruleset *rs, struct fw_rule *r,
    const char *what);

/*
 * Move the chains of src that belong to table/family into dst, replacing
 * dst's chains of that table and family.  Used to prefer iptables-save's
 * reading of a table whose nft view holds unreadable xt statements.
 */
void fw_ruleset_take_table(struct fw_ruleset *dst,
    const struct fw_ruleset *src, const char *table, unsigned fam);

/*
 * Replace every IPv4 or IPv6 table of dst holding a rule with unreadable
 * matches (nft's "xt" statements) by src's reading of the same table and
 * family (iptables-save), when src has it and could show it.  Returns how
 * many tables were replaced.
 */
size_t fw_ruleset_prefer_readable(struct fw_ruleset *dst,
    const struct fw_ruleset *src);

/* Protocol number for a name ("tcp", "ipv6-icmp", "58"), or -1. */
int fw_proto_number(const char *name);

/* Short name of a protocol number ("tcp"), or NULL. */
const char *fw_proto_name(int proto);

/* Parse "10.0.0.0/8", "2001:db8::/32" or a bare address; 0 or -1. */
int fw_prefix_parse(const char *s, struct fw_prefix *out /* OUT */);

/* True when prefix inner lies inside prefix outer. */
int fw_prefix_within(const struct fw_prefix *inner,
    const struct fw_prefix *outer);

/* Hook for a name ("input"), or FW_HOOK_OTHER. */
enum fw_hook fw_hook_parse(const char *s);
const char *fw_hook_name(enum fw_hook h);

/*
 * One slice of new inbound traffic that reaches the end of the hook
 * accepted: protocols plo..phi, ports (or ICMP types) lo..hi, for family
 * fam, by rule (NULL: by a chain's accept policy) of chain.
 */
struct fw_exposure {
	unsigned fam;
	uint8_t plo, phi;
	uint16_t lo, hi;
	const struct fw_chain *chain;
	const struct fw_rule *rule;
	const char *qual;  /* conditions on the way (arena), or NULL */
	int uncertain;     /* an unreadable match was on the way */
	/* Positive input-interface and source conditions on the way. */
	const char *iif;
	const struct fw_prefix *src;
	size_t nsrc;
};

struct fw_eval {
	struct fw_exposure *v;
	size_t n, alloc;
	int nbase;         /* base chains evaluated on the hook */
	const struct fw_rule *accept_invalid; /* accepts ctstate INVALID */
	int truncated;     /* too many slices or too deep: incomplete */
	const char *why;   /* reason when truncated */
	struct arena arena;
};

void fw_eval_init(struct fw_eval *e);
void fw_eval_release(struct fw_eval *e);

/*
 * Compute what new inbound traffic of family fam (FW_FAM_IP4 or
 * FW_FAM_IP6) on hook survives every filtering base chain of rs (those on
 * the hook itself and, for input and forward, those on prerouting, which
 * every such packet passes first).  Traffic
 * on the loopback interface and packets of established or related
 * connections are left out.  e receives the slices.  Returns 0, or
 * RP_ELIMIT when the evaluation had to stop (e->why says why; the slices
 * found so far are kept).
 */
int fw_evaluate(const struct fw_ruleset *rs, unsigned fam, enum fw_hook hook,
    struct fw_eval *e) RP_MUST_CHECK;

/* An allowlisted slice: protocol, port or ICMP type range. */
struct fw_allow {
	int proto;         /* protocol number; -1 = any */
	uint16_t lo, hi;   /* ports; 0-65535 = all */
};

/*
 * Append to sb a description of the part of exposure x that lies outside
 * the allowlist ("tcp/23, tcp/8000-8080"); returns 1 if there is such a
 * part, 0 if x is entirely allowed.  ICMP error messages and the ICMPv6
 * types IPv6 needs to work (neighbour discovery, packet too big) count as
 * allowed: they carry no service.
 */
int fw_exposure_outside(const struct fw_exposure *x,
    const struct fw_allow *allow, size_t nallow, struct strbuf *sb);

/* Append "tcp/22", "udp/1000-2000", "all protocols" for slice x. */
void fw_exposure_describe(const struct fw_exposure *x, struct strbuf *sb);

/*
 * Default deny on a hook: 1 when some filtering base chain of family fam on
 * hook has a drop policy or ends in an unconditional drop or reject, 0 when
 * none does (or there is no base chain at all: everything passes).  *where
 * points at the deciding chain (or the first chain seen), may be NULL.
 */
int fw_default_drop(const struct fw_ruleset *rs, unsigned fam,
    enum fw_hook hook, const struct fw_chain **where /* OUT */);

/*
 * Append a canonical, order-preserving text of the rules and policies of
 * table (NULL = all tables) of rs to sb: one line per chain and per rule,
 * independent of spelling (`-p tcp --dport 22` and `-p tcp -m tcp --dport
 * 22` read the same) and of counters.  Two rulesets with the same text
 * behave the same.
 */
void fw_ruleset_canon(const struct fw_ruleset *rs, const char *table,
    struct strbuf *sb);

/*
 * Append the canonical line of one rule (as fw_ruleset_canon() writes it,
 * newline included) to sb.
 */
void fw_rule_canon(const struct fw_rule *r, struct strbuf *sb);

#endif
