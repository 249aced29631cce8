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
		.name = "sysctl",
		.run = host_run_sysctl,
		HOST_RULES(RULE_HOST_BASTION_IP_FORWARD,
		    RULE_HOST_SYSCTL_RP_FILTER, RULE_HOST_SYSCTL_REDIRECTS,
		    RULE_HOST_SYSCTL_ASLR, RULE_HOST_SYSCTL_KERNEL_INFO,
		    RULE_HOST_SYSCTL_FS_PROTECT,
		    RULE_HOST_SYSCTL_KERNEL_HARDENING),
	},
	{
		.name = "kernel-modules",
		.flags = HOST_RUNTIME,
		.run = host_run_kmod,
		HOST_RULES(RULE_HOST_KMOD_BASELINE, RULE_HOST_KMOD_LOCKED),
	},
	{
		.name = "mounts",
		.run = host_run_mounts,
		HOST_RULES(RULE_HOST_MOUNT_NOEXEC, RULE_HOST_ROOT_READONLY),
	},
	{
		.name = "mac",
		.run = host_run_mac,
		HOST_RULES(RULE_HOST_MAC_ENFORCING, RULE_HOST_LIBVIRT_SVIRT),
	},
	{
		.name = "services",
		.run = host_run_services,
		HOST_RULES(RULE_HOST_AUDITD_ENABLED,
		    RULE_HOST_AUDIT_ACCOUNT_WATCHES, RULE_HOST_FIM_PRESENT,
		    RULE_HOST_IDS_AGENT),
	},
	{
		.name = "accounts",
		.run = host_run_users,
		HOST_RULES(RULE_HOST_DUPLICATE_UID, RULE_HOST_EMPTY_PASSWORD,
		    RULE_HOST_LOGIN_DEFS_MAX_DAYS),
	},
	{
		.name = "sensitive-files",
		.run = host_run_sensitive_files,
		HOST_RULES(RULE_HOST_SENSITIVE_FILE_MODE),
	},
	{
		.name = "organisation",
		.run = host_run_manual,
		HOST_RULES(RULE_HOST_ORG_MFA, RULE_HOST_ORG_VPN,
		    RULE_HOST_ORG_CHANGE_MANAGEMENT,
		    RULE_HOST_ORG_INCIDENT_RESPONSE,
		    RULE_HOST_ORG_PHYSICAL_ACCESS, RULE_HOST_ORG_KEY_CUSTODIANS,
		    RULE_HOST_ORG_BACKUP_ENCRYPTION,
		    RULE_HOST_ORG_BUSINESS_CONTINUITY,
		    RULE_HOST_ORG_DATA_PROTECTION, RULE_HOST_ORG_ACCESS_POLICY,
		    RULE_HOST_ORG_TENANT_ISOLATION, RULE_HOST_ORG_LOG_REVIEW,
		    RULE_HOST_ORG_SECURE_DEVELOPMENT),
	},
	{
		.name = "firewall",
		.run = host_run_firewall,
		HOST_RULES(RULE_HOST_FW_DEFAULT_DROP,
		    RULE_HOST_FW_ROLE_ALLOWLIST,
		    RULE_HOST_VPN_FORWARD_ALLOWLIST,
		    RULE_HOST_BASTION_FORWARD_RULES,
		    RULE_HOST_FW_PERSISTED_LIVE, RULE_HOST_FW_RULES_FILE_MODE,
		    RULE_HOST_LISTEN_ALLOWLIST),
	},
	{
		.name = "tls",
		.run = host_run_tls,
		HOST_RULES(RULE_HOST_TLS_SELF_SIGNED, RULE_HOST_TLS_KEY_SIZE,
		    RULE_HOST_TLS_SIGNATURE, RULE_HOST_TLS_EXPIRY,
		    RULE_HOST_TLS_HOSTNAME, RULE_HOST_TLS_PROTOCOL),
	},
};

const size_t host_ncheck = sizeof(host_checks) / sizeof(host_checks[0]);
