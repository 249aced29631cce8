/*
 * services.c - audit daemon and its rules, file-integrity monitoring and
 * host intrusion detection agents.
 *
 * "Installed" is decided by the programs and configuration files under
 * the root, "enabled" by systemd's wants links in /etc/systemd/system,
 * "running" (live only) by the process names in /proc/<pid>/comm.  Loaded
 * audit rules can only be listed with auditctl; rampart checks the rules
 * that augenrules loads at start (/etc/audit/rules.d, audit.rules) and
 * that the daemon runs.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include <sys/stat.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

#define SVC_FILE_MAX ((size_t)4 << 20)

int
host_exists(struct host_ctx *c, const char *path)
{
	struct rootfs_stat st;
	struct rp_diag d;

	rp_diag_init(&d);
	return rootfs_stat(&c->root, path, 0, &st, &d) == 0;
}

int
host_unit_enabled(struct host_ctx *c, const char *unit)
{
	struct strbuf pat = STRBUF_INIT;
	char **paths;
	size_t n;
	struct rp_diag d;
	int found = 0;

	strbuf_addf(&pat, "/etc/systemd/system/*.wants/%s", unit);
	rp_diag_init(&d);
	if (rootfs_glob(&c->root, pat.buf, &paths, &n, &d) == 0) {
		found = n > 0;
		rootfs_paths_free(paths, n);
	}
	strbuf_release(&pat);
	return found;
}

int
host_proc_running(struct host_ctx *c, const char *comm)
{
	struct rootfs_dirent *ents;
	size_t n, i;
	struct rp_diag d;
	int found = 0;

	if (c->rt == NULL)
		return -1;
	rp_diag_init(&d);
	if (rootfs_list(c->rt, "/proc", &ents, &n, &d) != 0)
		return -1;
	for (i = 0; i < n && !found; i++) {
		struct strbuf path = STRBUF_INIT, name = STRBUF_INIT;

		if (!isdigit((unsigned char)ents[i].name[0]))
			continue;
		strbuf_addf(&path, "/proc/%s/comm", ents[i].name);
		rp_diag_init(&d);
		if (rootfs_read(c->rt, path.buf, 256, &name, &d) == 0) {
			strbuf_rtrim(&name);
			found = strcmp(name.buf, comm) == 0;
		}
		strbuf_release(&path);
		strbuf_release(&name);
	}
	rootfs_dirents_free(ents, n);
	return found;
}

static int
any_exists(struct host_ctx *c, const char *const *paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (host_exists(c, paths[i]))
			return 1;
	return 0;
}

/* Text of every persisted audit rule file, concatenated. */
static void
audit_rules(struct host_ctx *c, struct strbuf *out, unsigned *files)
{
	char **paths = NULL;
	size_t n = 0, i;
	struct rp_diag d;

	*files = 0;
	rp_diag_init(&d);
	if (rootfs_glob(&c->root, "/etc/audit/rules.d/*.rules", &paths, &n,
		&d) == 0) {
		for (i = 0; i < n; i++) {
			rp_diag_init(&d);
			if (host_read(c, paths[i], SVC_FILE_MAX, out, &d) == 0) {
				strbuf_addch(out, '\n');
				(*files)++;
			}
		}
		rootfs_paths_free(paths, n);
	}
	rp_diag_init(&d);
	if (host_read(c, "/etc/audit/audit.rules", SVC_FILE_MAX, out, &d) == 0)
		(*files)++;
}

/*
 * Does one audit rule line watch path for writes?  "-w PATH [-p PERMS]"
 * (no -p means every permission), or a syscall rule "-a ... -F path=PATH
 * [-F perm=PERMS]".  Tokens are compared whole, so /srv/etc/passwd or a
 * key named "shadow-write" cannot stand in for the real watch.
 */
static int
line_watches(const char *line, const char *path)
{
	const char *tok[64];
	size_t len[64], n = 0, i, plen = strlen(path);
	const char *p = line, *perm = NULL;
	size_t perm_len = 0;
	int watch = 0, sysrule = 0, hit = 0;

	while (*p != '\0' && n < ARRAY_SIZE(tok)) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		tok[n] = p;
		p += strcspn(p, " \t");
		len[n] = (size_t)(p - tok[n]);
		n++;
	}
	for (i = 0; i < n; i++) {
		const char *t = tok[i];
		size_t l = len[i];

		if (l == 2 && strncmp(t, "-w", 2) == 0 && i + 1 < n) {
			watch = 1;
			hit |= len[i + 1] == plen &&
			    strncmp(tok[i + 1], path, plen) == 0;
			i++;
		} else if (l == 2 && strncmp(t, "-p", 2) == 0 && i + 1 < n) {
			perm = tok[i + 1];
			perm_len = len[i + 1];
			i++;
		} else if (l == 2 && (strncmp(t, "-a", 2) == 0 ||
					 strncmp(t, "-A", 2) == 0)) {
			sysrule = 1;
		} else if (l == 5 + plen && strncmp(t, "path=", 5) == 0 &&
		    strncmp(t + 5, path, plen) == 0) {
			hit = 1;
		} else if (l > 5 && strncmp(t, "perm=", 5) == 0) {
			perm = t + 5;
			perm_len = l - 5;
		}
	}
	if (!hit || (!watch && !sysrule))
		return 0;
	return perm == NULL || memchr(perm, 'w', perm_len) != NULL;
}

/* Is path watched for writes by any rule of rules? */
static int
watched(const char *rules, const char *path)
{
	const char *p = rules;

	while (*p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *line = xstrndup(p, len);
		int ok = line_watches(line, path);

		free(line);
		if (ok)
			return 1;
		if (end == NULL)
			break;
		p = end + 1;
	}
	return 0;
}

static void
check_auditd(struct host_ctx *c)
{
	static const char *const bins[] = { "/usr/sbin/auditd",
		"/sbin/auditd" };
	static const char *const ids[] = { "/etc/passwd", "/etc/shadow",
		"/etc/group", "/etc/gshadow" };
	struct strbuf rules = STRBUF_INIT, missing = STRBUF_INIT;
	unsigned files = 0;
	size_t i;
	int installed = any_exists(c, bins, ARRAY_SIZE(bins));
	int enabled = host_unit_enabled(c, "auditd.service");
	int running = host_proc_running(c, "auditd");

	audit_rules(c, &rules, &files);
	if (host_rule_on(c, RULE_HOST_AUDITD_ENABLED)) {
		if (!installed)
			host_fail(c, RULE_HOST_AUDITD_ENABLED, NULL, 0, "auditd",
			    "no /usr/sbin/auditd", "auditd installed, enabled and running",
			    "the Linux audit daemon is not installed");
		else if (!enabled)
			host_fail(c, RULE_HOST_AUDITD_ENABLED, NULL, 0, "auditd",
			    "auditd.service not enabled",
			    "auditd installed, enabled and running",
			    "auditd is installed but not started at boot");
		else if (running == 0)
			host_fail(c, RULE_HOST_AUDITD_ENABLED, NULL, 0, "auditd",
			    "no auditd process",
			    "auditd installed, enabled and running",
			    "auditd is enabled but not running");
		else if (files == 0 || (strstr(rules.buf, "-w ") == NULL &&
					      strstr(rules.buf, "-a ") == NULL))
			host_fail(c, RULE_HOST_AUDITD_ENABLED, NULL, 0, "auditd",
			    "no rules in /etc/audit/rules.d or audit.rules",
			    "audit rules loaded at start",
			    "auditd runs without rules, so it records almost nothing");
		else
			host_pass(c, RULE_HOST_AUDITD_ENABLED, "auditd");
	}
	if (host_rule_on(c, RULE_HOST_AUDIT_ACCOUNT_WATCHES)) {
		if (!installed) {
			host_na(c, RULE_HOST_AUDIT_ACCOUNT_WATCHES, "auditd",
			    "auditd is not installed (see host/auditd-enabled)");
		} else {
			for (i = 0; i < ARRAY_SIZE(ids); i++) {
				if (watched(rules.buf, ids[i]))
					continue;
				if (missing.len)
					strbuf_addstr(&missing, ", ");
				strbuf_addstr(&missing, ids[i]);
			}
			if (missing.len == 0)
				host_pass(c, RULE_HOST_AUDIT_ACCOUNT_WATCHES,
				    "audit rules");
			else
				host_fail(c, RULE_HOST_AUDIT_ACCOUNT_WATCHES,
				    NULL, 0, "audit rules",
				    host_printf(c, "not watched: %s", missing.buf),
				    "-w FILE -p wa for /etc/passwd, /etc/shadow, /etc/group and /etc/gshadow",
				    "changes to account files are not audited: %s",
				    missing.buf);
		}
	}
	strbuf_release(&rules);
	strbuf_release(&missing);
}

/* AIDE, Tripwire, Samhain, OSSEC/Wazuh syscheck: configured with a
 * baseline or a schedule. */
static void
check_fim(struct host_ctx *c)
{
	struct strbuf ev = STRBUF_INIT, sb = STRBUF_INIT;
	struct rp_diag d;
	char **paths = NULL;
	size_t n = 0;
	int ok = 0;

	if (host_exists(c, "/usr/bin/aide") || host_exists(c, "/usr/sbin/aide")) {
		int conf = host_exists(c, "/etc/aide/aide.conf") ||
		    host_exists(c, "/etc/aide.conf");
		int db = host_exists(c, "/var/lib/aide/aide.db") ||
		    host_exists(c, "/var/lib/aide/aide.db.gz");
		int sched = host_unit_enabled(c, "dailyaidecheck.timer") ||
		    host_exists(c, "/etc/cron.daily/aide");

		strbuf_addf(&ev, "AIDE: config %s, database %s, schedule %s; ",
		    conf ? "yes" : "no", db ? "yes" : "no",
		    sched ? "yes" : "no");
		ok |= conf && db && sched;
	}
	if (host_exists(c, "/usr/sbin/tripwire")) {
		int db = 0;

		rp_diag_init(&d);
		if (rootfs_glob(&c->root, "/var/lib/tripwire/*.twd", &paths, &n,
			&d) == 0) {
			db = n > 0;
			rootfs_paths_free(paths, n);
		}
		strbuf_addf(&ev, "Tripwire: database %s; ", db ? "yes" : "no");
		ok |= db;
	}
	if (host_exists(c, "/usr/sbin/samhain") &&
	    host_exists(c, "/etc/samhainrc")) {
		strbuf_addstr(&ev, "Samhain: configured; ");
		ok = 1;
	}
	rp_diag_init(&d);
	if (host_read(c, "/var/ossec/etc/ossec.conf", SVC_FILE_MAX, &sb, &d) ==
	    0) {
		const char *sc = strstr(sb.buf, "<syscheck>");
		const char *end = sc ? strstr(sc, "</syscheck>") : NULL;
		const char *dis = sc ? strstr(sc, "<disabled>yes</disabled>")
				     : NULL;
		int on = sc != NULL && (dis == NULL || (end && dis > end));

		strbuf_addf(&ev, "OSSEC/Wazuh syscheck %s; ", on ? "on" : "off");
		ok |= on;
	}
	if (ev.len == 0)
		strbuf_addstr(&ev, "no AIDE, Tripwire, Samhain or OSSEC/Wazuh");
	else
		strbuf_setlen(&ev, ev.len - 2);
	if (ok)
		host_pass(c, RULE_HOST_FIM_PRESENT, "file integrity monitoring");
	else
		host_fail(c, RULE_HOST_FIM_PRESENT, NULL, 0,
		    "file integrity monitoring", ev.buf,
		    "a FIM tool with a baseline database run on a schedule (AIDE: aideinit and dailyaidecheck.timer)",
		    "no file-integrity tool with a baseline and a schedule");
	strbuf_release(&ev);
	strbuf_release(&sb);
}

static void
check_ids(struct host_ctx *c)
{
	static const struct {
		const char *what, *conf, *unit, *proc;
	} agents[] = {
		{ "Wazuh", "/var/ossec/etc/ossec.conf", "wazuh-agent.service",
		    "wazuh-agentd" },
		{ "OSSEC", "/var/ossec/etc/ossec.conf", "ossec.service",
		    "ossec-agentd" },
		{ "Wazuh manager", "/var/ossec/etc/ossec.conf",
		    "wazuh-manager.service", "wazuh-analysisd" },
		{ "Samhain", "/etc/samhainrc", "samhain.service", "samhain" },
	};
	struct strbuf ev = STRBUF_INIT;
	size_t i;
	int ok = 0;

	for (i = 0; i < ARRAY_SIZE(agents); i++) {
		int running, enabled;

		if (!host_exists(c, agents[i].conf))
			continue;
		enabled = host_unit_enabled(c, agents[i].unit);
		running = host_proc_running(c, agents[i].proc);
		strbuf_addf(&ev, "%s: installed, %s%s; ", agents[i].what,
		    enabled ? "enabled" : "not enabled",
		    running < 0 ? "" : running ? ", running" : ", not running");
		if (running > 0 || (running < 0 && enabled))
			ok = 1;
	}
	if (ev.len == 0)
		strbuf_addstr(&ev, "no OSSEC, Wazuh or Samhain agent");
	else
		strbuf_setlen(&ev, ev.len - 2);
	if (ok)
		host_pass(c, RULE_HOST_IDS_AGENT, "host IDS");
	else
		host_fail(c, RULE_HOST_IDS_AGENT, NULL, 0, "host IDS", ev.buf,
		    "a host IDS agent installed and running",
		    "no host-based intrusion detection agent runs");
	strbuf_release(&ev);
}

void
host_run_services(struct host_ctx *c)
{
	if (host_rule_on(c, RULE_HOST_AUDITD_ENABLED) ||
	    host_rule_on(c, RULE_HOST_AUDIT_ACCOUNT_WATCHES))
		check_auditd(c);
	if (host_rule_on(c, RULE_HOST_FIM_PRESENT))
		check_fim(c);
	if (host_rule_on(c, RULE_HOST_IDS_AGENT))
		check_ids(c);
}
