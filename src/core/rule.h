/*
 * rule.h - the rule catalog: one const table compiled from the .def files in rules/.
 *
 * Every check, `rampart rules`, the SARIF rule list, the framework
 * summaries and docs/rules.md read this table; nothing else describes a
 * rule.  A rule is added by one RULE() entry in the .def file of its target.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_CORE_RULE_H
#define RAMPART_CORE_RULE_H

#include <stddef.h>

enum severity {
	SEV_INFO,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
};
#define SEV_COUNT 5

/* The scan target a rule belongs to. */
enum target {
	TARGET_CORE, /* rampart itself: configuration, waivers */
	TARGET_K8S,  /* Kubernetes objects, control plane, nodes, etcd */
	TARGET_ZK,   /* ZooKeeper trees, snapshots and server configuration */
	TARGET_HOST, /* Linux and OpenStack hosts, FIM */
};
#define TARGET_COUNT 4

/* BSI protection levels; rules run at their level and above. */
enum level {
	LEVEL_BASIC,    /* (B) Basis-Anforderung */
	LEVEL_STANDARD, /* (S) Standard-Anforderung */
	LEVEL_ELEVATED, /* (H) erhöhter Schutzbedarf */
};

enum rule_flag {
	RULE_OPTIONAL = 1 << 0, /* heuristic: off unless --only or config */
	RULE_MANUAL = 1 << 1,   /* organisational: always a manual finding */
	RULE_INPUT = 1 << 2,    /* diagnostics about the input itself */
};

struct rule_refs {
	const char *bsi;           /* "APP.4.4.A4" or "SYS.1.3.A8, ..." */
	const char *pci_dss_4;     /* "2.2.6, 1.3.1" */
	const char *iso27001_2022; /* Annex A ids: "8.9, 8.20" */
	const char *soc2;          /* "CC6.1" */
	const char *cis;           /* CIS benchmark item where natural */
	const char *seed;          /* seed document and section */
};

struct rule {
	const char *id;    /* stable slug: "k8s/host-pid" */
	const char *title; /* one line */
	enum severity severity;
	enum target target;
	enum level level;
	unsigned flags; /* enum rule_flag */
	const char *rationale;
	const char *remediation;
	struct rule_refs refs;
};

enum rule_id {
#define RULE(sym, ...) RULE_##sym,
#include "rules/all.def"
#undef RULE
	RULE__COUNT
};

extern const struct rule rule_catalog[RULE__COUNT];

/* The rule with this slug, or NULL. */
const struct rule *rule_find(const char *id);

/* Index of r in rule_catalog. */
enum rule_id rule_index(const struct rule *r);

const char *severity_name(enum severity s);
const char *target_name(enum target t);
const char *level_name(enum level l);

/* Parse a severity name ("high"); returns 0 or -1. */
int severity_parse(const char *s, enum severity *out /* OUT */);

/* Parse a level name ("basic", "standard", "elevated"); 0 or -1. */
int level_parse(const char *s, enum level *out /* OUT */);

#endif
