/*
 * checks.h - the host checks and the helpers they share.
 *
 * Each check is one function over struct host_ctx (host.h), listed once in
 * host_checks[] (checks.c) with the rules it reports.  Helpers here are for
 * checks only; the rest of rampart uses host.h.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_CHECKS_H
#define RAMPART_HOST_CHECKS_H

#include <sys/types.h>

#include "host/host.h"

struct sshd_fs;
struct sshd_config;

/*
 * The sshd configuration of the scanned root (ssh.c): fs is filled with
 * loaders over c's root and must outlive *out.  Errors as
 * sshd_config_load() (RP_ENOENT when /etc/ssh/sshd_config is missing).
 */
int host_sshd_load(struct host_ctx *c, struct sshd_fs *fs,
    struct sshd_config **out, struct rp_diag *d) RP_MUST_CHECK;

/* Fill fs with loaders over c's root. */
void host_sshd_fs(struct host_ctx *c, struct sshd_fs *fs);

/* Effective sshd configuration against the ssh rules (ssh.c). */
void host_run_sshd(struct host_ctx *c);

/* Host keys and authorized keys of every account (sshkeys.c). */
void host_run_ssh_keys(struct host_ctx *c);

/* Kernel parameters, running and at boot (sysctl.c). */
void host_run_sysctl(struct host_ctx *c);

/* Kernel modules against a baseline; module loading locked (kmod.c). */
void host_run_kmod(struct host_ctx *c);

/* Mount options and read-only mounts (mounts.c). */
void host_run_mounts(struct host_ctx *c);

/* AppArmor/SELinux and libvirt sVirt (mac.c). */
void host_run_mac(struct host_ctx *c);

/* auditd, file-integrity monitoring, host IDS agents (services.c). */
void host_run_services(struct host_ctx *c);

/* True when path exists in the scanned root (following links). */
int host_exists(struct host_ctx *c, const char *path);

/* True when a systemd unit is enabled (a *.wants link in /etc/systemd). */
int host_unit_enabled(struct host_ctx *c, const char *unit);

/*
 * 1 when a process named comm (/proc/PID/comm) runs, 0 when none does,
 * -1 when runtime facts are not available.
 */
int host_proc_running(struct host_ctx *c, const char *comm);

/* Unique accounts, empty passwords, password lifetime (users.c). */
void host_run_users(struct host_ctx *c);

/* Organisational controls as manual findings (manual.c). */
void host_run_manual(struct host_ctx *c);

/* Owners, modes and ACLs of sensitive system files (perms.c). */
void host_run_sensitive_files(struct host_ctx *c);

/*
 * Check owner (root), group (one of the blank-separated names in groups)
 * and mode (no bit outside allowed, no named ACL entry) of path in the
 * scanned root, and report rule id: a pass, a failure with the observed
 * "owner:group mode" as evidence (severity overrides the rule's when >= 0),
 * or an error when the file exists but cannot be examined.  A missing file
 * reports nothing.
 */
void host_check_file_mode(struct host_ctx *c, const char *path,
    mode_t allowed, const char *groups, enum rule_id id, int severity);

/*
 * host_check_file_mode() with the owner one of the blank-separated account
 * names in owners (root always passes).
 */
void host_check_file_owner_mode(struct host_ctx *c, const char *path,
    mode_t allowed, const char *owners, const char *groups, enum rule_id id,
    int severity);

/* OpenStack Security Guide checklists (openstack.c). */
void host_run_openstack(struct host_ctx *c);

#endif
