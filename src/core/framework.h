/*
 * framework.h - compliance frameworks and their controls.
 *
 * Controls are data (rules/controls.def).  Which rules cover a control is
 * not written twice: it is derived from the rules' references, so the
 * catalog stays the one source of truth.  A control that no automated rule
 * covers is reported as manual, with the guidance of its entry.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_CORE_FRAMEWORK_H
#define RAMPART_CORE_FRAMEWORK_H

#include <stddef.h>

#include "core/rule.h"

enum framework_id {
	FW_BSI,
	FW_PCI_DSS_4,
	FW_ISO27001_2022,
	FW_SOC2,
};
#define FW_COUNT 4

struct framework {
	const char *key;   /* "bsi", "pci-dss-4", "iso27001-2022", "soc2" */
	const char *name;  /* display name */
	const char *note;  /* provenance of the mapping */
};

struct control {
	enum framework_id fw;
	const char *id;       /* "APP.4.4.A4", "8.9", "CC6.1", "1.3.1" */
	enum level level;     /* BSI protection level; LEVEL_BASIC elsewhere */
	const char *title;    /* paraphrased */
	const char *guidance; /* what an auditor checks by hand */
};

extern const struct framework framework_table[FW_COUNT];
extern const struct control control_table[];
extern const size_t control_count;

/* Framework by key or a few aliases ("pci", "iso", "bsi"), or NULL. */
const struct framework *framework_find(const char *name);

enum framework_id framework_index(const struct framework *fw);

/* The reference string of rule r for framework fw (may be NULL). */
const char *rule_ref(const struct rule *r, enum framework_id fw);

/*
 * Call fn for each control id listed in the comma-separated reference
 * string refs.  Ids are trimmed; fn gets a NUL-terminated copy.
 */
void refs_foreach(const char *refs, void (*fn)(const char *id, void *arg),
    void *arg);

/* True when rule r cites control c. */
int rule_covers(const struct rule *r, const struct control *c);

/* The control with this id in framework fw, or NULL. */
const struct control *control_find(enum framework_id fw, const char *id);

#endif
