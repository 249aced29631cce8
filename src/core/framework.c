/*
 * framework.c - framework and control lookup.
 *
 * SPDX-License-Identifier: MIT
 */
#include "core/framework.h"

#include <string.h>

#include "util/banned.h"

const struct framework framework_table[FW_COUNT] = {
	[FW_BSI] = {
		.key = "bsi",
		.name = "BSI IT-Grundschutz (Kompendium 2023: APP.4.4 and host modules)",
		.note = "Requirement ids and (B)/(S)/(H) levels of the IT-Grundschutz-Kompendium, Edition 2023: APP.4.4 Kubernetes as in the building block, and the requirements of the host modules (SYS.1.1, SYS.1.3, SYS.1.5, NET.1.1, NET.3.2, NET.3.3, OPS.1.1.3, OPS.1.1.5, OPS.1.2.5, OPS.1.2.6, CON.1, CON.3, ORP.4, DER.1) that rampart's checks touch. Titles are English renderings and the guidance is paraphrased, never BSI text: quote the building blocks themselves to auditors. Which rules cover which requirement is rampart's own judgement, not a BSI mapping.",
	},
	[FW_PCI_DSS_4] = {
		.key = "pci-dss-4",
		.name = "PCI DSS v4.0.1",
		.note = "Requirement ids of PCI DSS v4.0 (numbering unchanged in v4.0.1): the twelve principal requirements and the sub-requirements rampart maps to or an assessor of a private cloud reviews by hand; the standard has more. Titles and guidance are paraphrased, not PCI SSC text. The mapping of rules to requirements is rampart's own judgement, not an official crosswalk; the Metacloud paper's PCI table uses the 3.x numbering and is not used for ids.",
	},
	[FW_ISO27001_2022] = {
		.key = "iso27001-2022",
		.name = "ISO/IEC 27001:2022 Annex A",
		.note = "All 93 Annex A controls by id; titles and guidance are paraphrased (the control text is ISO's copyright). The mapping of rules to controls is rampart's own judgement, not an official crosswalk; the Metacloud paper maps clauses of the 2013 edition, not Annex A controls, and is not used for ids.",
	},
	[FW_SOC2] = {
		.key = "soc2",
		.name = "SOC 2 Trust Services Criteria (2017, revised points of focus 2022)",
		.note = "Common criteria CC1-CC9 and the additional criteria for availability (A1) and confidentiality (C1) of the 2017 TSC. Processing integrity (PI1) and privacy (P1-P8) are left out: they judge how applications process data and personal information, which no infrastructure check can evidence. Titles and guidance are paraphrased, not AICPA text. The mapping is rampart's own judgement, not an AICPA mapping; the Metacloud paper's SOC 2 table uses the pre-2017 numbering and is not used for ids.",
	},
};

const struct control control_table[] = {
#define CONTROL(fw_, id_, level_, title_, guidance_)                     \
	{ .fw = (fw_), .id = (id_), .level = (level_), .title = (title_), \
		.guidance = (guidance_) },
#include "rules/controls.def"
#undef CONTROL
};

const size_t control_count = sizeof(control_table) / sizeof(control_table[0]);

const struct framework *
framework_find(const char *name)
{
	static const struct {
		const char *alias;
		enum framework_id fw;
	} aliases[] = {
		{ "pci", FW_PCI_DSS_4 },
		{ "pci-dss", FW_PCI_DSS_4 },
		{ "pci_dss_4", FW_PCI_DSS_4 },
		{ "iso", FW_ISO27001_2022 },
		{ "iso27001", FW_ISO27001_2022 },
		{ "iso27001_2022", FW_ISO27001_2022 },
		{ "bsi-app.4.4", FW_BSI },
		{ "app.4.4", FW_BSI },
		{ "soc-2", FW_SOC2 },
	};
	size_t i;

	for (i = 0; i < FW_COUNT; i++)
		if (strcmp(framework_table[i].key, name) == 0)
			return &framework_table[i];
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(aliases[i].alias, name) == 0)
			return &framework_table[aliases[i].fw];
	return NULL;
}

enum framework_id
framework_index(const struct framework *fw)
{
	return (enum framework_id)(fw - framework_table);
}

const char *
rule_ref(const struct rule *r, enum framework_id fw)
{
	switch (fw) {
	case FW_BSI:
		return r->refs.bsi;
	case FW_PCI_DSS_4:
		return r->refs.pci_dss_4;
	case FW_ISO27001_2022:
		return r->refs.iso27001_2022;
	case FW_SOC2:
		return r->refs.soc2;
	}
	return NULL;
}

void
refs_foreach(const char *refs, void (*fn)(const char *id, void *arg),
    void *arg)
{
	char id[64];
	const char *p = refs, *end;
	size_t len;

	if (refs == NULL)
		return;
	while (*p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len > 0 && len < sizeof(id)) {
			memcpy(id, p, len);
			id[len] = '\0';
			fn(id, arg);
		}
		p = end != NULL ? end + 1 : p + strlen(p);
	}
}

struct covers_ctx {
	const char *want;
	int found;
};

static void
covers_cb(const char *id, void *arg)
{
	struct covers_ctx *c = arg;

	if (strcmp(id, c->want) == 0)
		c->found = 1;
}

int
rule_covers(const struct rule *r, const struct control *c)
{
	struct covers_ctx ctx = { .want = c->id, .found = 0 };

	refs_foreach(rule_ref(r, c->fw), covers_cb, &ctx);
	return ctx.found;
}

const struct control *
control_find(enum framework_id fw, const char *id)
{
	size_t i;

	for (i = 0; i < control_count; i++)
		if (control_table[i].fw == fw &&
		    strcmp(control_table[i].id, id) == 0)
			return &control_table[i];
	return NULL;
}
