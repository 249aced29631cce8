/*
 * checks.c - the table of host checks.
 *
 * One line per check: its name, flags (HOST_RUNTIME for checks that need
 * the running system), its function and the rules it reports.  host_scan()
 * runs them in this order.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"
#include "host/netchecks.h"

#include "util/banned.h"

/* The rules a check reports, as .rules and .nrules. */
#define HOST_RULES(...)                                         \
	.rules = (const enum rule_id[]){ __VA_ARGS__ },         \
	.nrules = sizeof((const enum rule_id[]){ __VA_ARGS__ }) / \
	    sizeof(enum rule_id)

const struct host_check host_checks[] = {
	{
		.name = "sensitive-files",
		.run = host_run_sensitive_files,
		HOST_RULES(RULE_HOST_SENSITIVE_FILE_MODE),
	},
	{
		.name = "firewall",
		.run = host_run_firewall,
		HOST_RULES(RULE_HOST_FW_DEFAULT_DROP,
		    RULE_HOST_FW_ROLE_ALLOWLIST,
		    RULE_HOST_VPN_FORWARD_ALLOWLIST,
		    RULE_HOST_BASTION_IP_FORWARD,
		    RULE_HOST_FW_PERSISTED_LIVE, RULE_HOST_FW_RULES_FILE_MODE,
		    RULE_HOST_LISTEN_ALLOWLIST),
	},
};

const size_t host_ncheck = sizeof(host_checks) / sizeof(host_checks[0]);
