/*
 * mounts.c - mount options of writable file systems, and read-only mounts
 * where the site asks for them.
 *
 * Live, the kernel's view decides: proc/self/mountinfo under the runtime
 * root, per-mount options (field 6) plus the superblock's (ro), the last
 * entry of a mount point winning as stacked mounts do.  For an offline
 * root only the intent is visible: /etc/fstab (last uncommented entry of a
 * mount point) and systemd mount units in /etc/systemd/system.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

#define MOUNTS_MAX ((size_t)4 << 20)

/*
 * Writable locations that must not hold devices, set-id programs or, for
 * the temporary ones, executables: X(mount point, options).
 */
#define NOEXEC_MOUNTS(X)                        \
	X("/tmp", "nodev,nosuid,noexec")         \
	X("/var/tmp", "nodev,nosuid,noexec")     \
	X("/dev/shm", "nodev,nosuid,noexec")     \
	X("/home", "nodev,nosuid")

struct mnt {
	char *point;
	char *opts;   /* per-mount and superblock options, comma list */
	char *source; /* "/etc/fstab:7", "/proc/self/mountinfo:31" */
	unsigned line;
};

struct mnts {
	struct mnt *v;
	size_t n, alloc;
	const char *from; /* the file they come from */
};

static void
mnts_free(struct mnts *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free(m->v[i].point);
		free(m->v[i].opts);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* Unescape \040 \011 \012 \134 as fstab and mountinfo write them. */
static char *
unescape(const char *s, size_t len)
{
	char *out = xmalloc(len + 1), *o = out;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len &&
		    s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
		    s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			*o++ = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 +
			    (s[i + 3] - '0'));
			i += 3;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static void
mnts_put(struct mnts *m, char *point, const char *opts, unsigned line)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (strcmp(m->v[i].point, point) != 0)
			continue;
		free(point);
		free(m->v[i].opts);
		m->v[i].opts = xstrdup(opts);
		m->v[i].line = line;
		return;
	}
	ALLOC_GROW(m->v, m->n + 1, m->alloc);
	m->v[m->n].point = point;
	m->v[m->n].opts = xstrdup(opts);
	m->v[m->n].line = line;
	m->n++;
}

/* Split text into whitespace-separated fields of each line. */
static size_t
fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		f[n++] = p;
		p += strcspn(p, " \t");
		if (*p == '\0')
			break;
		*p++ = '\0';
	}
	return n;
}

static void
parse_mountinfo(char *text, struct mnts *m)
{
	char *line, *next;
	unsigned lineno = 0;

	for (line = text; line != NULL && *line; line = next) {
		char *f[64];
		size_t n, i, dash = 0;
		struct strbuf opts = STRBUF_INIT;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		n = fields(line, f, ARRAY_SIZE(f));
		for (i = 6; i < n; i++)
			if (strcmp(f[i], "-") == 0) {
				dash = i;
				break;
			}
		if (n < 10 || dash == 0 || dash + 3 >= n + 1)
			continue;
		strbuf_addstr(&opts, f[5]);
		if (dash + 3 < n) {
			strbuf_addch(&opts, ',');
			strbuf_addstr(&opts, f[dash + 3]);
		}
		mnts_put(m, unescape(f[4], strlen(f[4])), opts.buf, lineno);
		strbuf_release(&opts);
	}
}

static void
parse_fstab(char *text, struct mnts *m)
{
	char *line, *next;
	unsigned lineno = 0;

	for (line = text; line != NULL && *line; line = next) {
		char *f[6];
		size_t n;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		n = fields(line, f, ARRAY_SIZE(f));
		if (n < 4 || f[0][0] == '#')
			continue;
		if (strcmp(f[2], "swap") == 0)
			continue;
		mnts_put(m, unescape(f[1], strlen(f[1])), f[3], lineno);
	}
}

/* systemd mount units of /etc/systemd/system: Where= and Options=. */
static void
parse_units(struct host_ctx *c, struct mnts *m)
{
	struct rootfs_dirent *ents;
	size_t n, i;
	struct rp_diag d;

	rp_diag_init(&d);
	if (rootfs_list(&c->root, "/etc/systemd/system", &ents, &n, &d) != 0)
		return;
	for (i = 0; i < n; i++) {
		struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
		char *line, *next, *where = NULL, *opts = NULL;
		size_t len = strlen(ents[i].name);

		if (len < 7 || strcmp(ents[i].name + len - 6, ".mount") != 0)
			continue;
		rootfs_join(&path, "/etc/systemd/system", ents[i].name);
		rp_diag_init(&d);
		if (host_read(c, path.buf, MOUNTS_MAX, &text, &d) == 0) {
			for (line = text.buf; line && *line; line = next) {
				next = strchr(line, '\n');
				if (next != NULL)
					*next++ = '\0';
				if (strncmp(line, "Where=", 6) == 0)
					where = line + 6;
				else if (strncmp(line, "Options=", 8) == 0)
					opts = line + 8;
			}
			if (where != NULL)
				mnts_put(m, xstrdup(where),
				    opts != NULL ? opts : "defaults", 0);
		}
		strbuf_release(&path);
		strbuf_release(&text);
	}
	rootfs_dirents_free(ents, n);
}

static int
has_opt(const char *opts, const char *want)
{
	size_t wl = strlen(want);
	const char *p = opts;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == wl && strncmp(p, want, n) == 0)
			return 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

static const struct mnt *
find(const struct mnts *m, const char *point)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->v[i].point, point) == 0)
			return &m->v[i];
	return NULL;
}

static void
check_noexec(struct host_ctx *c, const struct mnts *m, const char *point,
    const char *want)
{
	const struct mnt *e = find(m, point);
	struct strbuf missing = STRBUF_INIT;
	const char *p = want;

	if (e == NULL) {
		struct finding f = {
			.rule = RULE_HOST_MOUNT_NOEXEC,
			.status = STATUS_FAIL,
			.severity = SEV_LOW,
			.file = m->from,
			.object = point,
			.evidence = "not a mount point of its own",
			.expected = want,
		};

		f.message = host_printf(c,
		    "%s is part of its parent file system, so it cannot carry %s",
		    point, want);
		host_add(c, &f);
		return;
	}
	while (*p) {
		size_t n = strcspn(p, ",");
		char *o = xstrndup(p, n);

		if (!has_opt(e->opts, o)) {
			if (missing.len)
				strbuf_addch(&missing, ',');
			strbuf_addstr(&missing, o);
		}
		free(o);
		p += n;
		if (*p == ',')
			p++;
	}
	if (missing.len == 0)
		host_pass(c, RULE_HOST_MOUNT_NOEXEC, point);
	else
		host_fail(c, RULE_HOST_MOUNT_NOEXEC, m->from, e->line, point,
		    e->opts, want, "%s is mounted without %s", point,
		    missing.buf);
	strbuf_release(&missing);
}

static void
check_readonly(struct host_ctx *c, const struct mnts *m)
{
	char **list = NULL;
	size_t n = 0, i;
	struct rp_diag d;

	rp_diag_init(&d);
	if (host_conf_strv(c, "readonly-mounts", &list, &n, &d) != 0) {
		host_error(c, RULE_HOST_ROOT_READONLY, "mounts", &d);
		return;
	}
	if (n == 0)
		host_na(c, RULE_HOST_ROOT_READONLY, "mounts",
		    "no read-only mounts are configured for this node (host.readonly-mounts)");
	for (i = 0; i < n; i++) {
		const struct mnt *e = find(m, list[i]);

		if (e != NULL && has_opt(e->opts, "ro"))
			host_pass(c, RULE_HOST_ROOT_READONLY, list[i]);
		else if (e == NULL)
			host_fail(c, RULE_HOST_ROOT_READONLY, m->from, 0, list[i],
			    "not a mount point of its own", "mounted ro",
			    "%s should be a read-only mount but is not mounted separately",
			    list[i]);
		else
			host_fail(c, RULE_HOST_ROOT_READONLY, m->from, e->line,
			    list[i], e->opts, "mounted ro",
			    "%s is mounted read-write", list[i]);
		free(list[i]);
	}
	free(list);
}

void
host_run_mounts(struct host_ctx *c)
{
	struct mnts m = { 0 };
	struct strbuf text = STRBUF_INIT;
	struct rp_diag d;
	char **extra = NULL;
	size_t nextra = 0, i;
	int r;

	rp_diag_init(&d);
	if (c->rt != NULL) {
		m.from = "/proc/self/mountinfo";
		r = host_read_rt(c, m.from, MOUNTS_MAX, &text, &d);
		if (r == 0)
			parse_mountinfo(text.buf, &m);
	} else {
		m.from = "/etc/fstab";
		r = host_read(c, m.from, MOUNTS_MAX, &text, &d);
		if (r == 0 || r == RP_ENOENT) {
			parse_fstab(text.buf, &m);
			parse_units(c, &m);
			r = 0;
		}
	}
	if (r != 0) {
		host_error(c, RULE_HOST_MOUNT_NOEXEC, "mounts", &d);
		host_error(c, RULE_HOST_ROOT_READONLY, "mounts", &d);
		goto out;
	}
	if (host_rule_on(c, RULE_HOST_MOUNT_NOEXEC)) {
		rp_diag_init(&d);
		if (host_conf_strv(c, "noexec-mounts", &extra, &nextra, &d) !=
		    0) {
			host_error(c, RULE_HOST_MOUNT_NOEXEC, "mounts", &d);
		} else if (nextra > 0) {
			for (i = 0; i < nextra; i++)
				check_noexec(c, &m, extra[i],
				    "nodev,nosuid,noexec");
		} else {
#define NOEXEC_CHECK(point, opts) check_noexec(c, &m, point, opts);
			NOEXEC_MOUNTS(NOEXEC_CHECK)
#undef NOEXEC_CHECK
		}
		for (i = 0; i < nextra; i++)
			free(extra[i]);
		free(extra);
	}
	if (host_rule_on(c, RULE_HOST_ROOT_READONLY))
		check_readonly(c, &m);
out:
	mnts_free(&m);
	strbuf_release(&text);
}
