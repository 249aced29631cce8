/*
 * accounts.c - users and groups of the scanned root.
 *
 * Names always come from ROOT/etc/passwd and ROOT/etc/group, never from
 * getpwuid(): for an offline root the scanning machine's own account
 * database would give wrong names (a container scanning /host, say).
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/host.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

/* Split line into at most max fields at ':'; returns the field count. */
static size_t
split_fields(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		f[n++] = p;
		p = strchr(p, ':');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

static int
parse_id(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v > 0xffffffffUL)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static void
load_passwd(struct host_ctx *c, struct host_accounts *a)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	char *line, *next;
	unsigned lineno = 0;

	rp_diag_init(&d);
	a->passwd_err = host_read(c, "/etc/passwd", ROOTFS_READ_MAX, &sb, &d);
	for (line = sb.buf; a->passwd_err == 0 && line != NULL && *line;
	     line = next) {
		char *f[7];
		struct host_account u;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		if (line[0] == '#' || line[0] == '+' || line[0] == '-')
			continue;
		if (split_fields(line, f, 7) != 7)
			continue;
		if (parse_id(f[2], &u.uid) != 0 || parse_id(f[3], &u.gid) != 0)
			continue;
		u.name = xstrdup(f[0]);
		u.home = xstrdup(f[5]);
		u.shell = xstrdup(f[6]);
		u.line = lineno;
		ALLOC_GROW(a->users, a->nusers + 1, a->users_alloc);
		a->users[a->nusers++] = u;
	}
	strbuf_release(&sb);
}

static void
load_group(struct host_ctx *c, struct host_accounts *a)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	char *line, *next;
	unsigned lineno = 0;

	rp_diag_init(&d);
	a->group_err = host_read(c, "/etc/group", ROOTFS_READ_MAX, &sb, &d);
	for (line = sb.buf; a->group_err == 0 && line != NULL && *line;
	     line = next) {
		char *f[4];
		struct host_group g;
		size_t nf;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		if (line[0] == '#' || line[0] == '+' || line[0] == '-')
			continue;
		nf = split_fields(line, f, 4);
		if (nf < 3 || parse_id(f[2], &g.gid) != 0)
			continue;
		g.name = xstrdup(f[0]);
		g.line = lineno;
		g.members = NULL;
		g.nmembers = 0;
		if (nf == 4) {
			size_t alloc = 0;
			char *m = f[3];

			while (m != NULL && *m != '\0') {
				size_t len = strcspn(m, ",");

				if (len > 0) {
					ALLOC_GROW(g.members, g.nmembers + 1,
					    alloc);
					g.members[g.nmembers++] =
					    xstrndup(m, len);
				}
				m += len;
				if (*m == ',')
					m++;
			}
		}
		ALLOC_GROW(a->groups, a->ngroups + 1, a->groups_alloc);
		a->groups[a->ngroups++] = g;
	}
	strbuf_release(&sb);
}

const struct host_accounts *
host_accounts(struct host_ctx *c)
{
	if (c->accounts == NULL) {
		c->accounts = xcalloc(1, sizeof(*c->accounts));
		load_passwd(c, c->accounts);
		load_group(c, c->accounts);
	}
	return c->accounts;
}

const struct host_account *
host_user_by_uid(struct host_ctx *c, uint32_t uid)
{
	const struct host_accounts *a = host_accounts(c);
	size_t i;

	for (i = 0; i < a->nusers; i++)
		if (a->users[i].uid == uid)
			return &a->users[i];
	return NULL;
}

const struct host_account *
host_user_by_name(struct host_ctx *c, const char *name)
{
	const struct host_accounts *a = host_accounts(c);
	size_t i;

	for (i = 0; i < a->nusers; i++)
		if (strcmp(a->users[i].name, name) == 0)
			return &a->users[i];
	return NULL;
}

const char *
host_group_name(struct host_ctx *c, uint32_t gid)
{
	const struct host_accounts *a = host_accounts(c);
	size_t i;

	for (i = 0; i < a->ngroups; i++)
		if (a->groups[i].gid == gid)
			return a->groups[i].name;
	return NULL;
}

int
host_user_groups(struct host_ctx *c, const char *user, char ***names,
    size_t *n)
{
	const struct host_account *u = host_user_by_name(c, user);
	const struct host_accounts *a = host_accounts(c);
	char **v = NULL;
	size_t nv = 0, alloc = 0, i, j;

	*names = NULL;
	*n = 0;
	if (u == NULL)
		return -1;
	for (i = 0; i < a->ngroups; i++) {
		const struct host_group *g = &a->groups[i];
		int in = g->gid == u->gid;

		for (j = 0; !in && j < g->nmembers; j++)
			in = strcmp(g->members[j], user) == 0;
		if (!in)
			continue;
		ALLOC_GROW(v, nv + 1, alloc);
		if (g->gid == u->gid && nv > 0) {
			memmove(v + 1, v, nv * sizeof(*v));
			v[0] = xstrdup(g->name);
		} else {
			v[nv] = xstrdup(g->name);
		}
		nv++;
	}
	*names = v;
	*n = nv;
	return 0;
}

const char *
host_owner_mode(struct host_ctx *c, const struct rootfs_stat *st)
{
	const struct host_account *u = host_user_by_uid(c, st->uid);
	const char *g = host_group_name(c, st->gid);
	struct strbuf sb = STRBUF_INIT;
	char *s;

	if (u != NULL)
		strbuf_addstr(&sb, u->name);
	else
		strbuf_addf(&sb, "%u", (unsigned)st->uid);
	strbuf_addch(&sb, ':');
	if (g != NULL)
		strbuf_addstr(&sb, g);
	else
		strbuf_addf(&sb, "%u", (unsigned)st->gid);
	strbuf_addch(&sb, ' ');
	rootfs_mode_str(st, &sb);
	s = arena_strndup(&c->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}
