/*
 * perms.c - owners, modes and ACLs of sensitive system files.
 *
 * Mode checks are bit tests against an allowed mask, never numeric
 * comparisons: 0604 is smaller than 0640 and still lets every user read the
 * file.  Named entries of a POSIX ACL extend access beyond the owner and
 * the group and are reported as such.  Owner and group names come from the
 * scanned root's own account files.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

/*
 * Sensitive files: X(pattern, allowed mode bits, allowed groups, severity).
 * The owner is always root.  Patterns are globs under the root; a file that
 * does not exist is not a finding.
 */
#define SENSITIVE_FILES(X)                                               \
	X("/etc/shadow", 0640, "root shadow", SEV_HIGH)                  \
	X("/etc/gshadow", 0640, "root shadow", SEV_HIGH)                 \
	X("/etc/shadow-", 0640, "root shadow", SEV_HIGH)                 \
	X("/etc/gshadow-", 0640, "root shadow", SEV_HIGH)                \
	X("/etc/security/opasswd", 0600, "root", SEV_HIGH)               \
	X("/etc/passwd", 0644, "root", SEV_MEDIUM)                       \
	X("/etc/group", 0644, "root", SEV_MEDIUM)                        \
	X("/etc/sudoers", 0440, "root", SEV_HIGH)                        \
	X("/etc/sudoers.d", 0755, "root", SEV_HIGH)                      \
	X("/etc/sudoers.d/*", 0440, "root", SEV_HIGH)                    \
	X("/etc/ssh/sshd_config", 0644, "root", SEV_MEDIUM)              \
	X("/etc/ssh/sshd_config.d/*", 0644, "root", SEV_MEDIUM)          \
	X("/etc/ssh/ssh_host_*_key", 0600, "root", SEV_HIGH)             \
	X("/etc/crontab", 0644, "root", SEV_HIGH)                        \
	X("/etc/cron.d", 0755, "root", SEV_HIGH)                         \
	X("/etc/cron.d/*", 0644, "root", SEV_HIGH)                       \
	X("/etc/cron.hourly", 0755, "root", SEV_HIGH)                    \
	X("/etc/cron.daily", 0755, "root", SEV_HIGH)                     \
	X("/etc/cron.weekly", 0755, "root", SEV_HIGH)                    \
	X("/etc/cron.monthly", 0755, "root", SEV_HIGH)                   \
	X("/etc/login.defs", 0644, "root", SEV_MEDIUM)                   \
	X("/etc/pam.d", 0755, "root", SEV_MEDIUM)                        \
	X("/boot/grub/grub.cfg", 0644, "root", SEV_MEDIUM)

struct sensitive {
	const char *pattern;
	mode_t allowed;
	const char *groups; /* blank-separated names */
	enum severity sev;
};

static const struct sensitive sensitive_files[] = {
#define SENSITIVE_ROW(p, m, g, s) { p, m, g, s },
	SENSITIVE_FILES(SENSITIVE_ROW)
#undef SENSITIVE_ROW
};

static int
word_in(const char *words, const char *w)
{
	size_t len = strlen(w);
	const char *p = words;

	while (*p != '\0') {
		size_t n = strcspn(p, " ");

		if (n == len && strncmp(p, w, n) == 0)
			return 1;
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

void
host_check_file_mode(struct host_ctx *c, const char *path, mode_t allowed,
    const char *groups, enum rule_id id, int severity)
{
	host_check_file_owner_mode(c, path, allowed, "root", groups, id,
	    severity);
}

void
host_check_file_owner_mode(struct host_ctx *c, const char *path,
    mode_t allowed, const char *owners, const char *groups, enum rule_id id,
    int severity)
{
	struct rootfs_stat st;
	struct strbuf why = STRBUF_INIT, want = STRBUF_INIT;
	struct rp_diag d;
	const char *gname;
	const struct host_account *owner;
	mode_t extra;
	size_t i;

	rp_diag_init(&d);
	if (rootfs_stat(&c->root, path, 0, &st, &d) != 0) {
		if (d.msg[0] != '\0' && strstr(d.msg, "No such file") == NULL)
			host_error(c, id, path, &d);
		return;
	}
	/* Directories may keep their search bits. */
	extra = st.mode & 07777 & ~allowed;
	if (extra & (S_ISUID | S_ISGID))
		strbuf_addstr(&why, "set-id bits; ");
	if (extra & 0022)
		strbuf_addf(&why, "writable by %s; ",
		    (extra & 0022) == 0022 ? "group and others"
		    : (extra & 0020)       ? "group"
					   : "others");
	if (extra & 0044)
		strbuf_addf(&why, "readable by %s; ",
		    (extra & 0044) == 0044 ? "group and others"
		    : (extra & 0040)       ? "group"
					   : "others");
	if (extra & 0111 && !(extra & 0066))
		strbuf_addstr(&why, "executable beyond the owner; ");
	if (extra & 0700)
		strbuf_addstr(&why, "more owner access than needed; ");
	owner = host_user_by_uid(c, st.uid);
	if (st.uid != 0 &&
	    (owner == NULL || !word_in(owners, owner->name)))
		strbuf_addf(&why, "not owned by %s; ",
		    strcmp(owners, "root") == 0 ? "root" : "an allowed account");
	gname = host_group_name(c, st.gid);
	if (gname == NULL && st.gid == 0)
		gname = "root";
	if (gname == NULL || !word_in(groups, gname))
		strbuf_addstr(&why, "group not allowed; ");
	for (i = 0; i < st.nacl; i++) {
		if (st.acl[i].tag == ROOTFS_ACL_MASK || st.acl[i].perm == 0)
			continue;
		strbuf_addstr(&why, "an ACL grants extra access; ");
		break;
	}
	if (st.acl_err != 0 && st.acl_err != RP_EACCES)
		strbuf_addf(&why, "ACL unreadable (%s); ",
		    rp_strerror(st.acl_err));
	if (why.len == 0) {
		host_pass(c, id, path);
		goto out;
	}
	strbuf_setlen(&why, why.len - 2);
	strbuf_addstr(&want, "owner ");
	for (i = 0; owners[i] != '\0'; i++) {
		if (owners[i] == ' ')
			strbuf_addstr(&want, " or ");
		else
			strbuf_addch(&want, owners[i]);
	}
	strbuf_addstr(&want, ", group ");
	for (i = 0; groups[i] != '\0'; i++) {
		if (groups[i] == ' ')
			strbuf_addstr(&want, " or ");
		else
			strbuf_addch(&want, groups[i]);
	}
	strbuf_addf(&want, ", mode %04o or stricter, no ACL entries",
	    (unsigned)allowed);
	{
		struct finding f = {
			.rule = id,
			.status = STATUS_FAIL,
			.severity = severity,
			.file = path,
			.object = path,
			.message = why.buf,
			.evidence = host_owner_mode(c, &st),
			.expected = want.buf,
		};

		host_add(c, &f);
	}
out:
	strbuf_release(&why);
	strbuf_release(&want);
}

void
host_run_sensitive_files(struct host_ctx *c)
{
	size_t i, j, n;
	char **paths;
	struct rp_diag d;

	for (i = 0; i < ARRAY_SIZE(sensitive_files); i++) {
		const struct sensitive *s = &sensitive_files[i];

		rp_diag_init(&d);
		if (rootfs_glob(&c->root, s->pattern, &paths, &n, &d) != 0) {
			host_error(c, RULE_HOST_SENSITIVE_FILE_MODE, s->pattern,
			    &d);
			continue;
		}
		for (j = 0; j < n; j++)
			host_check_file_mode(c, paths[j], s->allowed, s->groups,
			    RULE_HOST_SENSITIVE_FILE_MODE, (int)s->sev);
		rootfs_paths_free(paths, n);
	}
}
