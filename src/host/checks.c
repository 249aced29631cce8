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

#include "util/banned.h"

/* The rules a check reports, as .rules and .nrules. */
#define HOST_RULES(...)                                         \
	.rules = (const enum rule_id[]){ __VA_ARGS__ },         \
	.nrules = sizeof((const enum rule_id[]){ __VA_ARGS__ }) / \
	    sizeof(enum rule_id)

const struct host_check host_checks[] = {
	{
		.name = "sshd",
		.run = host_run_sshd,
		HOST_RULES(RULE_HOST_SSHD_CONFIG_INVALID,
		    RULE_HOST_SSH_PASSWORD_AUTH, RULE_HOST_SSH_KBD_INTERACTIVE,
		    RULE_HOST_SSH_ROOT_LOGIN, RULE_HOST_SSH_EMPTY_PASSWORDS,
		    RULE_HOST_SSH_CRYPTO, RULE_HOST_SSH_X11_FORWARDING,
		    RULE_HOST_SSH_AGENT_FORWARDING,
		    RULE_HOST_SSH_MAX_AUTH_TRIES, RULE_HOST_SSH_IDLE_TIMEOUT,
		    RULE_HOST_SSH_MFA, RULE_HOST_SSH_HOSTBASED_AUTH,
		    RULE_HOST_SSH_USER_ENVIRONMENT, RULE_HOST_SSH_STRICT_MODES,
		    RULE_HOST_SSH_LOG_LEVEL, RULE_HOST_SSH_IGNORED_SETTING),
	},
	{
		.name = "ssh-keys",
		.run = host_run_ssh_keys,
		HOST_RULES(RULE_HOST_SSH_KEY_STRENGTH,
		    RULE_HOST_SSH_AUTHORIZED_KEYS_MODE),
	},
	{
		.name = "sensitive-files",
		.run = host_run_sensitive_files,
		HOST_RULES(RULE_HOST_SENSITIVE_FILE_MODE),
	},
};

const size_t host_ncheck = sizeof(host_checks) / sizeof(host_checks[0]);
