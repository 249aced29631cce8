/*
 * sysctl.c - kernel parameters: the value the running kernel has and the
 * value the next boot will set, as systemd-sysctl (Debian 12) computes it.
 *
 * Persistent values: *.conf files of /etc/sysctl.d, /run/sysctl.d,
 * /usr/local/lib/sysctl.d, /usr/lib/sysctl.d and /lib/sysctl.d; for a
 * basename the file of the first directory wins, a symlink to /dev/null or
 * an empty file masks it; the survivors are applied in basename order and
 * a later assignment replaces an earlier one; explicit keys beat globs.
 * /etc/sysctl.conf is read only through Debian's 99-sysctl.conf link.
 * `sysctl --system` (procps) also reads /etc/sysctl.conf last; where that
 * gives another value the finding says so.
 *
 * Runtime values come from proc/sys under the runtime root.  A key the
 * files never set keeps the kernel's default at boot, taken from the
 * table below (Debian 12, Linux 6.1).
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include <sys/stat.h>

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

#define SYSCTL_FILE_MAX ((size_t)1 << 20)

/* How a value is judged. */
enum sysctl_op {
	SYS_EQ, /* equal to the number */
	SYS_GE, /* at least the number */
	SYS_IN, /* one of a comma list */
};

/*
 * X(rule, key, op, wanted, kernel default, role): role NONE means every
 * node; otherwise only nodes of that role.
 */
#define SYSCTL_CHECKS(X)                                                      \
	X(HOST_BASTION_IP_FORWARD, "net.ipv4.ip_forward", SYS_EQ, "0", "0",   \
	    BASTION)                                                          \
	X(HOST_BASTION_IP_FORWARD, "net.ipv4.conf.all.forwarding", SYS_EQ,    \
	    "0", "0", BASTION)                                                \
	X(HOST_SYSCTL_RP_FILTER, "net.ipv4.conf.all.rp_filter", SYS_IN,       \
	    "1,2", "0", NONE)                                                 \
	X(HOST_SYSCTL_RP_FILTER, "net.ipv4.conf.default.rp_filter", SYS_IN,   \
	    "1,2", "0", NONE)                                                 \
	X(HOST_SYSCTL_REDIRECTS, "net.ipv4.conf.all.accept_redirects",        \
	    SYS_EQ, "0", "1", NONE)                                           \
	X(HOST_SYSCTL_REDIRECTS, "net.ipv4.conf.default.accept_redirects",    \
	    SYS_EQ, "0", "1", NONE)                                           \
	X(HOST_SYSCTL_REDIRECTS, "net.ipv4.conf.all.send_redirects", SYS_EQ,  \
	    "0", "1", NONE)                                                   \
	X(HOST_SYSCTL_REDIRECTS, "net.ipv4.conf.all.accept_source_route",     \
	    SYS_EQ, "0", "0", NONE)                                           \
	X(HOST_SYSCTL_REDIRECTS, "net.ipv6.conf.all.accept_redirects",        \
	    SYS_EQ, "0", "1", NONE)                                           \
	X(HOST_SYSCTL_ASLR, "kernel.randomize_va_space", SYS_EQ, "2", "2",    \
	    NONE)                                                             \
	X(HOST_SYSCTL_KERNEL_INFO, "kernel.kptr_restrict", SYS_GE, "1", "0",  \
	    NONE)                                                             \
	X(HOST_SYSCTL_KERNEL_INFO, "kernel.dmesg_restrict", SYS_EQ, "1", "1", \
	    NONE)                                                             \
	X(HOST_SYSCTL_FS_PROTECT, "fs.protected_symlinks", SYS_EQ, "1", "0",  \
	    NONE)                                                             \
	X(HOST_SYSCTL_FS_PROTECT, "fs.protected_hardlinks", SYS_EQ, "1", "0", \
	    NONE)                                                             \
	X(HOST_SYSCTL_FS_PROTECT, "fs.suid_dumpable", SYS_EQ, "0", "0", NONE) \
	X(HOST_SYSCTL_KERNEL_HARDENING, "kernel.yama.ptrace_scope", SYS_GE,   \
	    "1", "0", NONE)                                                   \
	X(HOST_SYSCTL_KERNEL_HARDENING, "kernel.unprivileged_bpf_disabled",   \
	    SYS_GE, "1", "2", NONE)

struct sysctl_check {
	enum rule_id rule;
	const char *key;
	enum sysctl_op op;
	const char *want;
	const char *kdefault;
	enum host_role role;
};

static const struct sysctl_check checks[] = {
#define SYSCTL_ROW(r, k, op, w, d, role)                            \
	{ RULE_##r, k, op, w, d, HOST_ROLE_##role },
	SYSCTL_CHECKS(SYSCTL_ROW)
#undef SYSCTL_ROW
};

static const char *const dirs[] = {
	"/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
	"/usr/lib/sysctl.d", "/lib/sysctl.d",
};

/* One assignment (normalised key with dots) and where it came from. */
struct assign {
	char *key;
	char *value;
	char *file;
	unsigned line;
	int glob;
};

struct sysctl_db {
	struct assign *v;
	size_t n, alloc;
};

struct conf {
	char *name; /* basename */
	char *path; /* the winning file */
	int masked;
};

static int
cmp_conf(const void *a, const void *b)
{
	return strcmp(((const struct conf *)a)->name,
	    ((const struct conf *)b)->name);
}

/* Keys with dots, as sysctl(8) writes them (systemd's normalisation). */
static char *
normalise(const char *key, size_t len)
{
	char *s = xstrndup(key, len), *p;
	const char *sep = strpbrk(s, "/.");

	if (sep != NULL && *sep == '/') {
		for (p = s; *p; p++)
			if (*p == '/')
				*p = '.';
			else if (*p == '.')
				*p = '/';
	}
	return s;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static void
db_free(struct sysctl_db *db)
{
	size_t i;

	for (i = 0; i < db->n; i++) {
		free(db->v[i].key);
		free(db->v[i].value);
		free(db->v[i].file);
	}
	free(db->v);
	memset(db, 0, sizeof(*db));
}

static void
db_set(struct sysctl_db *db, const char *key, const char *value,
    const char *file, unsigned line)
{
	size_t i;

	for (i = 0; i < db->n; i++) {
		if (strcmp(db->v[i].key, key) != 0)
			continue;
		free(db->v[i].value);
		free(db->v[i].file);
		db->v[i].value = xstrdup(value);
		db->v[i].file = xstrdup(file);
		db->v[i].line = line;
		return;
	}
	ALLOC_GROW(db->v, db->n + 1, db->alloc);
	db->v[db->n].key = xstrdup(key);
	db->v[db->n].value = xstrdup(value);
	db->v[db->n].file = xstrdup(file);
	db->v[db->n].line = line;
	db->v[db->n].glob = strpbrk(key, "*?[") != NULL;
	db->n++;
}

/* parse_file() of systemd-sysctl for one file. */
static void
parse_file(struct host_ctx *c, const char *path, struct sysctl_db *db,
    enum rule_id err_rule)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	char *line, *next;
	unsigned lineno = 0;

	rp_diag_init(&d);
	if (host_read(c, path, SYSCTL_FILE_MAX, &sb, &d) != 0) {
		host_error(c, err_rule, path, &d);
		strbuf_release(&sb);
		return;
	}
	for (line = sb.buf; line != NULL && *line; line = next) {
		char *eq, *key, *value, *norm;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		line = trim(line);
		if (*line == '\0' || *line == '#' || *line == ';')
			continue;
		eq = strchr(line, '=');
		if (eq == NULL)
			continue; /* "-key" exclusions and junk */
		*eq = '\0';
		key = trim(line);
		value = trim(eq + 1);
		if (*key == '-')
			key++;
		if (*key == '\0')
			continue;
		norm = normalise(key, strlen(key));
		db_set(db, norm, value, path, lineno);
		free(norm);
	}
	strbuf_release(&sb);
}

/* The files systemd-sysctl applies, in order. */
static size_t
list_confs(struct host_ctx *c, struct conf **out)
{
	struct conf *v = NULL;
	size_t n = 0, alloc = 0, i, j, k;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		struct rootfs_dirent *ents;
		size_t nents;
		struct rp_diag d;

		rp_diag_init(&d);
		if (rootfs_list(&c->root, dirs[i], &ents, &nents, &d) != 0)
			continue;
		for (j = 0; j < nents; j++) {
			const char *name = ents[j].name;
			size_t len = strlen(name);
			struct strbuf path = STRBUF_INIT, link = STRBUF_INIT;
			struct rootfs_stat st;
			int seen = 0, masked = 0;

			if (len < 6 || strcmp(name + len - 5, ".conf") != 0)
				continue;
			for (k = 0; k < n; k++)
				if (strcmp(v[k].name, name) == 0)
					seen = 1;
			if (seen)
				continue;
			rootfs_join(&path, dirs[i], name);
			rp_diag_init(&d);
			if (rootfs_readlink(&c->root, path.buf, &link, &d) == 0 &&
			    strcmp(link.buf, "/dev/null") == 0)
				masked = 1;
			else if (rootfs_stat(&c->root, path.buf, 0, &st, &d) ==
				0 && S_ISREG(st.mode) && st.size == 0)
				masked = 1;
			ALLOC_GROW(v, n + 1, alloc);
			v[n].name = xstrdup(name);
			v[n].path = strbuf_detach(&path, NULL);
			v[n].masked = masked;
			n++;
			strbuf_release(&link);
		}
		rootfs_dirents_free(ents, nents);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_conf);
	*out = v;
	return n;
}

static void
confs_free(struct conf *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
	}
	free(v);
}

/* The assignment that decides key: an explicit one, else the last glob. */
static const struct assign *
db_lookup(const struct sysctl_db *db, const char *key)
{
	const struct assign *glob = NULL;
	size_t i;

	for (i = 0; i < db->n; i++) {
		if (!db->v[i].glob && strcmp(db->v[i].key, key) == 0)
			return &db->v[i];
		if (db->v[i].glob && fnmatch(db->v[i].key, key, 0) == 0)
			glob = &db->v[i];
	}
	return glob;
}

static int
judge(const struct sysctl_check *k, const char *value)
{
	char *end;
	long v = strtol(value, &end, 10), w;
	const char *p;

	if (end == value || *trim(end) != '\0')
		return 0;
	switch (k->op) {
	case SYS_EQ:
		return v == strtol(k->want, NULL, 10);
	case SYS_GE:
		return v >= strtol(k->want, NULL, 10);
	case SYS_IN:
		for (p = k->want; *p;) {
			w = strtol(p, &end, 10);
			if (w == v)
				return 1;
			p = *end == ',' ? end + 1 : end;
		}
		return 0;
	}
	return 0;
}

static const char *
want_text(const struct sysctl_check *k)
{
	switch (k->op) {
	case SYS_EQ:
		return k->want;
	case SYS_GE:
		return "at least";
	case SYS_IN:
		return "one of";
	}
	return "";
}

static void
check_key(struct host_ctx *c, const struct sysctl_check *k,
    const struct sysctl_db *boot, const struct sysctl_db *procps)
{
	const struct assign *a = db_lookup(boot, k->key);
	const struct assign *b = db_lookup(procps, k->key);
	const char *persist = a != NULL ? a->value : k->kdefault;
	struct strbuf ev = STRBUF_INIT, msg = STRBUF_INIT, rt = STRBUF_INIT;
	struct strbuf path = STRBUF_INIT, expected = STRBUF_INIT;
	struct rp_diag d;
	const char *p;
	int ok_boot, ok_rt = 1, have_rt = 0;

	strbuf_addstr(&path, "/proc/sys/");
	for (p = k->key; *p; p++)
		strbuf_addch(&path, *p == '.' ? '/' : *p);
	rp_diag_init(&d);
	if (c->rt != NULL) {
		if (host_read_rt(c, path.buf, 4096, &rt, &d) == 0) {
			strbuf_rtrim(&rt);
			have_rt = 1;
			ok_rt = judge(k, rt.buf);
		} else {
			ok_rt = 0;
		}
	}
	ok_boot = judge(k, persist);
	if (k->op == SYS_EQ)
		strbuf_addf(&expected, "%s = %s", k->key, k->want);
	else
		strbuf_addf(&expected, "%s %s %s", k->key, want_text(k),
		    k->want);
	if (have_rt)
		strbuf_addf(&ev, "running: %s; ", rt.buf);
	else if (c->rt != NULL)
		strbuf_addstr(&ev, "running: (not present); ");
	strbuf_addf(&ev, "at boot: %s", persist);
	if (a == NULL)
		strbuf_addstr(&ev, " (kernel default, no sysctl.d file sets it)");
	if (ok_boot && ok_rt) {
		host_pass(c, k->rule, k->key);
		goto out;
	}
	if (c->rt != NULL && !have_rt)
		strbuf_addf(&msg,
		    "the running kernel has no %s (feature not built in or not loaded)%s",
		    path.buf, ok_boot ? "" : "; the boot value is wrong too");
	else if (!ok_rt && !ok_boot)
		strbuf_addf(&msg, "%s now and at boot",
		    have_rt ? rt.buf : persist);
	else if (!ok_rt)
		strbuf_addf(&msg,
		    "%s in the running kernel although boot sets %s (changed at runtime)",
		    rt.buf, persist);
	else
		strbuf_addf(&msg, "%s after the next boot%s", persist,
		    have_rt ? " (the running value is lost on reboot)" : "");
	if (b != NULL && (a == NULL || strcmp(a->value, b->value) != 0))
		strbuf_addf(&msg,
		    "; `sysctl --system` would set %s from %s:%u instead",
		    b->value, b->file, b->line);
	host_fail(c, k->rule, a != NULL ? a->file : NULL,
	    a != NULL ? a->line : 0, k->key, ev.buf, expected.buf, "%s",
	    msg.buf);
out:
	strbuf_release(&ev);
	strbuf_release(&msg);
	strbuf_release(&rt);
	strbuf_release(&path);
	strbuf_release(&expected);
}

void
host_run_sysctl(struct host_ctx *c)
{
	struct sysctl_db boot = { 0 }, procps = { 0 };
	struct conf *confs = NULL;
	struct rootfs_stat st;
	struct rp_diag d;
	size_t n, i;

	n = list_confs(c, &confs);
	for (i = 0; i < n; i++) {
		if (confs[i].masked)
			continue;
		parse_file(c, confs[i].path, &boot, RULE_HOST_SYSCTL_ASLR);
	}
	/* procps: the same files, then /etc/sysctl.conf once more. */
	for (i = 0; i < n; i++)
		if (!confs[i].masked)
			parse_file(c, confs[i].path, &procps,
			    RULE_HOST_SYSCTL_ASLR);
	rp_diag_init(&d);
	if (rootfs_stat(&c->root, "/etc/sysctl.conf", 0, &st, &d) == 0)
		parse_file(c, "/etc/sysctl.conf", &procps,
		    RULE_HOST_SYSCTL_ASLR);
	for (i = 0; i < ARRAY_SIZE(checks); i++) {
		const struct sysctl_check *k = &checks[i];

		if (!host_rule_on(c, k->rule))
			continue;
		if (k->role != HOST_ROLE_NONE && c->role != k->role) {
			host_na(c, k->rule, k->key,
			    c->role == HOST_ROLE_NONE
				? "applies to the %s role; no role was given (--role)"
				: "applies to the %s role only",
			    host_role_name(k->role));
			continue;
		}
		check_key(c, k, &boot, &procps);
	}
	confs_free(confs, n);
	db_free(&boot);
	db_free(&procps);
}
