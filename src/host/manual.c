/*
 * manual.c - the paper's organisational controls as manual findings, so
 * that framework summaries show what an auditor still has to look at.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include "util/banned.h"

static const enum rule_id manual_rules[] = {
	RULE_HOST_ORG_MFA,
	RULE_HOST_ORG_VPN,
	RULE_HOST_ORG_CHANGE_MANAGEMENT,
	RULE_HOST_ORG_INCIDENT_RESPONSE,
	RULE_HOST_ORG_PHYSICAL_ACCESS,
	RULE_HOST_ORG_KEY_CUSTODIANS,
	RULE_HOST_ORG_BACKUP_ENCRYPTION,
	RULE_HOST_ORG_BUSINESS_CONTINUITY,
	RULE_HOST_ORG_DATA_PROTECTION,
	RULE_HOST_ORG_ACCESS_POLICY,
	RULE_HOST_ORG_TENANT_ISOLATION,
	RULE_HOST_ORG_LOG_REVIEW,
	RULE_HOST_ORG_SECURE_DEVELOPMENT,
};

void
host_run_manual(struct host_ctx *c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(manual_rules); i++) {
		const struct rule *r = &rule_catalog[manual_rules[i]];

		if (!host_rule_on(c, manual_rules[i]))
			continue;
		host_manual(c, manual_rules[i], "organisation", "%s",
		    r->remediation);
	}
}
