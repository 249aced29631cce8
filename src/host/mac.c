/*
 * mac.c - mandatory access control (AppArmor or SELinux) and libvirt's
 * confinement of guests (sVirt).
 *
 * Live: the kernel's view (/sys/module/apparmor/parameters/enabled, the
 * profile list and its modes, /sys/fs/selinux/enforce, /proc/cmdline).
 * Offline: the intent (/etc/selinux/config, profiles in /etc/apparmor.d
 * and their complain flags, MAC switched off on the kernel command line of
 * /etc/default/grub).
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

#define MAC_FILE_MAX ((size_t)4 << 20)

/* Kernel parameters that switch MAC off. */
static const char *const mac_off[] = {
	"apparmor=0", "selinux=0", "enforcing=0", "security=none",
};

static const char *
cmdline_off(const char *cmdline)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mac_off); i++) {
		const char *p = cmdline;
		size_t n = strlen(mac_off[i]);

		while ((p = strstr(p, mac_off[i])) != NULL) {
			if ((p == cmdline || p[-1] == ' ' || p[-1] == '"' ||
				p[-1] == '\'') &&
			    (p[n] == '\0' || p[n] == ' ' || p[n] == '"' ||
				p[n] == '\'' || p[n] == '\n'))
				return mac_off[i];
			p += n;
		}
	}
	return NULL;
}

static int
read_trim(struct host_ctx *c, int rt, const char *path, struct strbuf *sb)
{
	struct rp_diag d;
	int r;

	rp_diag_init(&d);
	strbuf_reset(sb);
	r = rt ? host_read_rt(c, path, MAC_FILE_MAX, sb, &d)
	       : host_read(c, path, MAC_FILE_MAX, sb, &d);
	if (r == 0)
		strbuf_rtrim(sb);
	return r;
}

/* Count profiles by mode in the kernel's AppArmor profile list. */
static void
count_modes(const char *list, unsigned *enforce, unsigned *complain)
{
	const char *p = list;

	*enforce = *complain = 0;
	while (*p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > 10 && strncmp(p + len - 9, "(enforce)", 9) == 0)
			(*enforce)++;
		else if (len > 11 && strncmp(p + len - 10, "(complain)", 10) ==
		    0)
			(*complain)++;
		if (end == NULL)
			break;
		p = end + 1;
	}
}

static void
mac_live(struct host_ctx *c)
{
	struct strbuf sb = STRBUF_INIT, ev = STRBUF_INIT;
	const char *off = NULL;
	unsigned enforce = 0, complain = 0;
	int aa = 0, se = -1;

	if (read_trim(c, 1, "/proc/cmdline", &sb) == 0)
		off = cmdline_off(sb.buf);
	if (read_trim(c, 1, "/sys/module/apparmor/parameters/enabled", &sb) ==
	    0)
		aa = strcmp(sb.buf, "Y") == 0;
	if (read_trim(c, 1, "/sys/fs/selinux/enforce", &sb) == 0)
		se = strcmp(sb.buf, "1") == 0;
	if (aa && read_trim(c, 1, "/sys/kernel/security/apparmor/profiles",
		      &sb) == 0)
		count_modes(sb.buf, &enforce, &complain);
	strbuf_addf(&ev, "AppArmor %s", aa ? "enabled" : "not enabled");
	if (aa)
		strbuf_addf(&ev, " (%u profiles enforcing, %u complaining)",
		    enforce, complain);
	strbuf_addf(&ev, "; SELinux %s",
	    se < 0 ? "absent" : se ? "enforcing" : "permissive");
	if (off != NULL)
		strbuf_addf(&ev, "; kernel command line has %s", off);
	if ((aa && enforce > 0) || se == 1)
		host_pass(c, RULE_HOST_MAC_ENFORCING, "MAC");
	else
		host_fail(c, RULE_HOST_MAC_ENFORCING, NULL, 0, "MAC", ev.buf,
		    "AppArmor with profiles in enforce mode, or SELinux enforcing",
		    "no mandatory access control is enforced in the running kernel");
	strbuf_release(&sb);
	strbuf_release(&ev);
}

static void
mac_offline(struct host_ctx *c)
{
	struct strbuf sb = STRBUF_INIT, ev = STRBUF_INIT;
	struct rootfs_dirent *ents = NULL;
	struct rp_diag d;
	const char *off = NULL;
	size_t n = 0, i;
	unsigned profiles = 0, complain = 0;
	int se = -1;

	if (read_trim(c, 0, "/etc/default/grub", &sb) == 0) {
		char *line, *next;

		for (line = sb.buf; line && *line && off == NULL; line = next) {
			next = strchr(line, '\n');
			if (next != NULL)
				*next++ = '\0';
			if (strncmp(line, "GRUB_CMDLINE_LINUX", 18) == 0)
				off = cmdline_off(line);
		}
		if (off != NULL)
			strbuf_addf(&ev, "/etc/default/grub has %s; ", off);
	}
	if (read_trim(c, 0, "/etc/selinux/config", &sb) == 0) {
		se = strstr(sb.buf, "\nSELINUX=enforcing") != NULL ||
		    strncmp(sb.buf, "SELINUX=enforcing", 17) == 0;
		strbuf_addf(&ev, "SELinux %s; ", se ? "enforcing" : "not enforcing");
	}
	rp_diag_init(&d);
	if (rootfs_list(&c->root, "/etc/apparmor.d", &ents, &n, &d) == 0) {
		for (i = 0; i < n; i++) {
			struct strbuf path = STRBUF_INIT, link = STRBUF_INIT;
			struct rootfs_stat st;
			struct rp_diag d2;
			const char *flags;

			rootfs_join(&path, "/etc/apparmor.d", ents[i].name);
			rp_diag_init(&d2);
			if (ents[i].name[0] == '.' ||
			    rootfs_stat(&c->root, path.buf, 0, &st, &d2) != 0 ||
			    !S_ISREG(st.mode))
				goto next;
			/* Profiles linked from disable/ are not loaded. */
			rootfs_join(&link, "/etc/apparmor.d/disable",
			    ents[i].name);
			if (rootfs_stat(&c->root, link.buf, ROOTFS_NOFOLLOW, &st,
				&d2) == 0)
				goto next;
			if (read_trim(c, 0, path.buf, &sb) != 0 ||
			    strchr(sb.buf, '{') == NULL)
				goto next;
			profiles++;
			flags = strstr(sb.buf, "flags=(");
			strbuf_reset(&link);
			rootfs_join(&link, "/etc/apparmor.d/force-complain",
			    ents[i].name);
			if ((flags != NULL && strstr(flags, "complain") != NULL &&
				strstr(flags, "complain") < strchr(flags, ')')) ||
			    rootfs_stat(&c->root, link.buf, ROOTFS_NOFOLLOW,
				&st, &d2) == 0)
				complain++;
		next:
			strbuf_release(&path);
			strbuf_release(&link);
		}
		rootfs_dirents_free(ents, n);
		strbuf_addf(&ev,
		    "/etc/apparmor.d has %u profiles (%u in complain mode)",
		    profiles, complain);
	} else {
		strbuf_addstr(&ev, "no /etc/apparmor.d");
	}
	if (off == NULL && (se == 1 || profiles > complain))
		host_pass(c, RULE_HOST_MAC_ENFORCING, "MAC");
	else
		host_fail(c, RULE_HOST_MAC_ENFORCING, NULL, 0, "MAC", ev.buf,
		    "AppArmor profiles in enforce mode, or SELINUX=enforcing, and MAC not disabled on the kernel command line",
		    "the configuration does not enforce mandatory access control (checked offline: intent only)");
	strbuf_release(&sb);
	strbuf_release(&ev);
}

static void
svirt(struct host_ctx *c)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	char *line, *next;
	unsigned lineno = 0;
	int r;

	rp_diag_init(&d);
	r = host_read(c, "/etc/libvirt/qemu.conf", MAC_FILE_MAX, &sb, &d);
	if (r == RP_ENOENT) {
		host_na(c, RULE_HOST_LIBVIRT_SVIRT, "libvirt",
		    "libvirt's QEMU driver is not installed");
		goto out;
	}
	if (r != 0) {
		host_error(c, RULE_HOST_LIBVIRT_SVIRT, "libvirt", &d);
		goto out;
	}
	for (line = sb.buf; line && *line; line = next) {
		const char *p = line;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "security_driver", 15) != 0)
			continue;
		if (strstr(p, "\"none\"") != NULL) {
			host_fail(c, RULE_HOST_LIBVIRT_SVIRT,
			    "/etc/libvirt/qemu.conf", lineno, "libvirt", p,
			    "security_driver = \"apparmor\" (or \"selinux\"), or the line absent",
			    "guests run without sVirt confinement");
			goto out;
		}
	}
	host_pass(c, RULE_HOST_LIBVIRT_SVIRT, "libvirt");
out:
	strbuf_release(&sb);
}

void
host_run_mac(struct host_ctx *c)
{
	if (host_rule_on(c, RULE_HOST_MAC_ENFORCING)) {
		if (c->rt != NULL)
			mac_live(c);
		else
			mac_offline(c);
	}
	if (host_rule_on(c, RULE_HOST_LIBVIRT_SVIRT))
		svirt(c);
}
