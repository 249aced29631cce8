/*
 * scan.c - the host scan: context, roles, configuration, finding helpers.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/host.h"
#include "host/netchecks.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

static const struct {
	const char *name;
	const char *allow;
} roles[HOST_ROLE__COUNT] = {
#define HOST_ROLE_ROW(e, name_, allow_) [HOST_ROLE_##e] = { name_, allow_ },
	HOST_ROLES(HOST_ROLE_ROW)
#undef HOST_ROLE_ROW
};

const char *
host_role_name(enum host_role role)
{
	if ((unsigned)role >= HOST_ROLE__COUNT)
		return "?";
	return roles[role].name;
}

int
host_role_parse(const char *s, enum host_role *out)
{
	size_t i;

	for (i = 0; i < HOST_ROLE__COUNT; i++) {
		if (strcmp(roles[i].name, s) == 0) {
			*out = (enum host_role)i;
			return 0;
		}
	}
	return RP_EINVAL;
}

const char *
host_proto_name(enum host_proto p)
{
	switch (p) {
	case HOST_PROTO_TCP:
		return "tcp";
	case HOST_PROTO_UDP:
		return "udp";
	case HOST_PROTO_ICMP:
		return "icmp";
	}
	return "?";
}

static const struct {
	const char *name;
	int type;
} icmp_types[] = {
	{ "echo-reply", 0 },
	{ "destination-unreachable", 3 },
	{ "echo-request", 8 },
	{ "time-exceeded", 11 },
};

static int
parse_num(const char *s, size_t len, long max, long *out)
{
	long v = 0;
	size_t i;

	if (len == 0 || len > 6)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

int
host_allow_parse(const char *s, struct host_allow *a)
{
	const char *slash, *proto, *sp;
	size_t svc_len, proto_len, i;
	long v;

	memset(a, 0, sizeof(*a));
	while (*s == ' ')
		s++;
	slash = strchr(s, '/');
	if (slash == NULL)
		return RP_EINVAL;
	svc_len = (size_t)(slash - s);
	proto = slash + 1;
	sp = strchr(proto, ' ');
	proto_len = sp != NULL ? (size_t)(sp - proto) : strlen(proto);
	if (proto_len == 3 && strncmp(proto, "tcp", 3) == 0)
		a->proto = HOST_PROTO_TCP;
	else if (proto_len == 3 && strncmp(proto, "udp", 3) == 0)
		a->proto = HOST_PROTO_UDP;
	else if (proto_len == 4 && strncmp(proto, "icmp", 4) == 0)
		a->proto = HOST_PROTO_ICMP;
	else
		return RP_EINVAL;
	if (a->proto == HOST_PROTO_ICMP) {
		a->port = -1;
		for (i = 0; i < ARRAY_SIZE(icmp_types); i++)
			if (strlen(icmp_types[i].name) == svc_len &&
			    strncmp(icmp_types[i].name, s, svc_len) == 0)
				a->port = icmp_types[i].type;
		if (a->port < 0) {
			if (parse_num(s, svc_len, 255, &v) != 0)
				return RP_EINVAL;
			a->port = (int)v;
		}
	} else {
		if (parse_num(s, svc_len, 65535, &v) != 0 || v == 0)
			return RP_EINVAL;
		a->port = (int)v;
	}
	if (sp == NULL)
		return 0;
	while (*sp == ' ')
		sp++;
	if (*sp == '\0')
		return 0;
	if (strncmp(sp, "from ", 5) != 0)
		return RP_EINVAL;
	sp += 5;
	while (*sp == ' ')
		sp++;
	if (*sp == '\0' || strchr(sp, ' ') != NULL)
		return RP_EINVAL;
	a->from = xstrdup(sp);
	return 0;
}

void
host_opts_init(struct host_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->root = "/";
}

static void
free_allow(struct host_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nallow; i++)
		free(c->allow[i].from);
	FREE_AND_NULL(c->allow);
	c->nallow = 0;
}

static int
add_allow(struct host_ctx *c, const char *word, size_t *alloc)
{
	struct host_allow a;
	int r;

	if ((r = host_allow_parse(word, &a)) != 0)
		return r;
	ALLOC_GROW(c->allow, c->nallow + 1, *alloc);
	c->allow[c->nallow++] = a;
	return 0;
}

static int conf_bad(const struct host_ctx *c, const struct ynode *n,
    struct rp_diag *d, const char *fmt, ...) RP_PRINTF(4, 5);

static int
conf_bad(const struct host_ctx *c, const struct ynode *n, struct rp_diag *d,
    const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = rp_diag_vfail(d, RP_EINVAL,
	    c->config != NULL && c->config->path != NULL ? c->config->path
							 : "rampart.yaml",
	    n != NULL ? (long)n->line : 0, fmt, ap);
	va_end(ap);
	if (d != NULL && n != NULL)
		d->col = n->col;
	return r;
}

/* Validate the host: section and read role, allowlist and site. */
static int
read_config(struct host_ctx *c, struct rp_diag *d)
{
	static const char *const keys[] = {
#define HOST_CONF_KEY(k, what) k,
		HOST_CONF_KEYS(HOST_CONF_KEY)
#undef HOST_CONF_KEY
	};
	static const char *const site_keys[] = {
#define HOST_SITE_KEY(field, key) key,
		HOST_SITE_KEYS(HOST_SITE_KEY)
#undef HOST_SITE_KEY
	};
	const struct ynode *v, *site;
	char **list = NULL;
	size_t n = 0, i, k, alloc = 0;
	const char *role_name;
	int r = 0;

	if (c->conf != NULL && c->conf->type != YNODE_MAP)
		return conf_bad(c, c->conf, d, "host must be a mapping");
	for (i = 0; c->conf != NULL && i < c->conf->n; i++) {
		const struct ynode *key = c->conf->u.pairs[i].key;
		int known = 0;

		for (k = 0; k < ARRAY_SIZE(keys); k++)
			if (strcmp(key->u.s, keys[k]) == 0)
				known = 1;
		if (!known)
			return conf_bad(c, key, d, "unknown setting 'host.%s'",
			    key->u.s);
	}
	role_name = c->opts->role;
	v = ynode_get(c->conf, "role");
	if (role_name == NULL && !ynode_is_null(v)) {
		role_name = ynode_str(v);
		if (role_name == NULL || host_role_parse(role_name, &c->role))
			return conf_bad(c, v, d,
			    "host.role must be vpn, bastion, controller, hypervisor or monitoring");
	} else if (role_name != NULL &&
	    host_role_parse(role_name, &c->role) != 0) {
		return rp_diag_fail(d, RP_EINVAL, "--role", 0,
		    "unknown role '%s' (vpn, bastion, controller, hypervisor, monitoring)",
		    role_name);
	}
	v = ynode_get(c->conf, "allow");
	if (c->opts->net != NULL && c->opts->net->nallow > 0) {
		/* --allow on the command line wins over host.allow. */
		for (i = 0; i < c->opts->net->nallow; i++)
			if (add_allow(c, c->opts->net->allow[i], &alloc) != 0)
				return rp_diag_fail(d, RP_EINVAL, "--allow", 0,
				    "'%s' is not PORT/PROTO [from SOURCE]",
				    c->opts->net->allow[i]);
	} else if (!ynode_is_null(v)) {
		if ((r = config_strv(c->config, c->conf, "allow", &list, &n,
			 d)) != 0)
			return r;
		for (i = 0; i < n && r == 0; i++) {
			if (add_allow(c, list[i], &alloc) != 0)
				r = conf_bad(c, v, d,
				    "host.allow: '%s' is not PORT/PROTO [from SOURCE]",
				    list[i]);
		}
		for (i = 0; i < n; i++)
			free(list[i]);
		free(list);
		if (r != 0)
			return r;
	} else {
		const char *p = roles[c->role].allow;

		while (*p != '\0') {
			size_t len = strcspn(p, " ");
			char *word = xstrndup(p, len);

			r = add_allow(c, word, &alloc);
			free(word);
			if (r != 0)
				BUG("bad built-in allowlist of role %s",
				    roles[c->role].name);
			p += len;
			while (*p == ' ')
				p++;
		}
	}
	site = ynode_get(c->conf, "site");
	if (!ynode_is_null(site)) {
		if (site->type != YNODE_MAP)
			return conf_bad(c, site, d,
			    "host.site must be a mapping");
		for (i = 0; i < site->n; i++) {
			const struct ynode *key = site->u.pairs[i].key;
			int known = 0;

			for (k = 0; k < ARRAY_SIZE(site_keys); k++)
				if (strcmp(key->u.s, site_keys[k]) == 0)
					known = 1;
			if (!known)
				return conf_bad(c, key, d,
				    "unknown setting 'host.site.%s'", key->u.s);
			if (ynode_str(site->u.pairs[i].val) == NULL)
				return conf_bad(c, site->u.pairs[i].val, d,
				    "host.site.%s must be a string", key->u.s);
		}
#define HOST_SITE_READ(field, key)                                  \
	if (ynode_get_str(site, key) != NULL)                       \
		c->site.field = xstrdup(ynode_get_str(site, key));
		HOST_SITE_KEYS(HOST_SITE_READ)
#undef HOST_SITE_READ
	}
	return 0;
}

int
host_ctx_init(struct host_ctx *c, const struct host_opts *o,
    struct result *r, struct rp_diag *d)
{
	int rc;

	memset(c, 0, sizeof(*c));
	c->root.fd = -1;
	c->rt_store.fd = -1;
	c->r = r;
	c->opts = o;
	c->config = o->config;
	c->conf = o->config != NULL ? config_section(o->config, "host")
				    : NULL;
	arena_init(&c->arena, 0);
	if ((rc = read_config(c, d)) != 0)
		return rc;
	if ((rc = rootfs_open(&c->root, o->root != NULL ? o->root : "/",
		 d)) != 0)
		return rc;
	if (o->runtime != NULL) {
		if ((rc = rootfs_open(&c->rt_store, o->runtime, d)) != 0)
			return rc;
		c->rt = &c->rt_store;
		c->live = rootfs_is_system_root(&c->rt_store);
	} else if (rootfs_is_system_root(&c->root)) {
		c->rt = &c->root;
		c->live = 1;
	}
	return 0;
}

void
host_ctx_release(struct host_ctx *c)
{
	size_t i;

	free_allow(c);
#define HOST_SITE_FREE(field, key) FREE_AND_NULL(c->site.field);
	HOST_SITE_KEYS(HOST_SITE_FREE)
#undef HOST_SITE_FREE
	if (c->accounts != NULL) {
		for (i = 0; i < c->accounts->nusers; i++) {
			free(c->accounts->users[i].name);
			free(c->accounts->users[i].home);
			free(c->accounts->users[i].shell);
		}
		free(c->accounts->users);
		for (i = 0; i < c->accounts->ngroups; i++) {
			size_t j;

			for (j = 0; j < c->accounts->groups[i].nmembers; j++)
				free(c->accounts->groups[i].members[j]);
			free(c->accounts->groups[i].members);
			free(c->accounts->groups[i].name);
		}
		free(c->accounts->groups);
		FREE_AND_NULL(c->accounts);
	}
	rootfs_close(&c->root);
	rootfs_close(&c->rt_store);
	arena_release(&c->arena);
}

static int
check_enabled(const struct host_ctx *c, const struct host_check *chk)
{
	size_t i;

	if (chk->nrules == 0)
		return 1;
	for (i = 0; i < chk->nrules; i++)
		if (host_rule_on(c, chk->rules[i]))
			return 1;
	return 0;
}

int
host_scan(const struct host_opts *o, struct result *r, struct rp_diag *d)
{
	struct host_ctx c;
	struct strbuf scope = STRBUF_INIT;
	size_t i, j;
	int rc;

	if ((rc = host_ctx_init(&c, o, r, d)) != 0) {
		host_ctx_release(&c);
		return rc;
	}
	strbuf_addstr(&scope, c.root.dir);
	if (c.role != HOST_ROLE_NONE)
		strbuf_addf(&scope, " (role %s)", host_role_name(c.role));
	c.t = result_target_add(r, "host", scope.buf);
	strbuf_release(&scope);
	for (i = 0; i < host_ncheck; i++) {
		const struct host_check *chk = &host_checks[i];

		if (!check_enabled(&c, chk))
			continue;
		c.check = chk;
		if ((chk->flags & HOST_RUNTIME) && c.rt == NULL) {
			for (j = 0; j < chk->nrules; j++)
				host_na(&c, chk->rules[j], NULL,
				    "needs the running system; %s is not it (give --runtime DIR for captured /proc and /sys)",
				    c.root.dir);
			continue;
		}
		chk->run(&c);
		arena_reset(&c.arena);
	}
	c.check = NULL;
	host_ctx_release(&c);
	return 0;
}

int
host_rule_on(const struct host_ctx *c, enum rule_id id)
{
	return result_rule_enabled(c->r, id);
}

void
host_add(struct host_ctx *c, const struct finding *f)
{
	result_add(c->r, f);
}

void
host_pass(struct host_ctx *c, enum rule_id id, const char *object)
{
	result_pass(c->r, id, object);
}

char *
host_printf(struct host_ctx *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	s = arena_strndup(&c->arena, sb.buf, sb.len);
	strbuf_release(&sb);
	return s;
}

void
host_fail(struct host_ctx *c, enum rule_id id, const char *file,
    unsigned line, const char *object, const char *evidence,
    const char *expected, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	struct finding f = {
		.rule = id,
		.status = STATUS_FAIL,
		.severity = -1,
		.file = file,
		.line = line,
		.object = object,
		.evidence = evidence,
		.expected = expected,
	};
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	f.message = msg.buf;
	result_add(c->r, &f);
	strbuf_release(&msg);
}

static void
add_status(struct host_ctx *c, enum rule_id id, enum status st,
    const char *object, const char *fmt, va_list ap) RP_PRINTF(5, 0);

static void
add_status(struct host_ctx *c, enum rule_id id, enum status st,
    const char *object, const char *fmt, va_list ap)
{
	struct strbuf msg = STRBUF_INIT;
	struct finding f = {
		.rule = id,
		.status = st,
		.severity = -1,
		.object = object,
	};

	strbuf_vaddf(&msg, fmt, ap);
	f.message = msg.buf;
	result_add(c->r, &f);
	strbuf_release(&msg);
}

void
host_na(struct host_ctx *c, enum rule_id id, const char *object,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_status(c, id, STATUS_NA, object, fmt, ap);
	va_end(ap);
}

void
host_manual(struct host_ctx *c, enum rule_id id, const char *object,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_status(c, id, STATUS_MANUAL, object, fmt, ap);
	va_end(ap);
}

void
host_error(struct host_ctx *c, enum rule_id id, const char *object,
    const struct rp_diag *d)
{
	struct finding f = {
		.rule = id,
		.status = STATUS_ERROR,
		.severity = -1,
		.file = d->where[0] != '\0' ? d->where : NULL,
		.line = d->line > 0 ? (unsigned)d->line : 0,
		.col = d->col > 0 ? (unsigned)d->col : 0,
		.object = object,
		.message = d->msg,
	};

	result_add(c->r, &f);
}

int
host_read(struct host_ctx *c, const char *path, size_t cap,
    struct strbuf *out, struct rp_diag *d)
{
	int r = rootfs_read(&c->root, path, cap, out, d);

	if (r == 0 && c->t != NULL)
		result_target_count(c->t, "files", 1);
	return r;
}

int
host_read_rt(struct host_ctx *c, const char *path, size_t cap,
    struct strbuf *out, struct rp_diag *d)
{
	if (c->rt == NULL)
		return rp_diag_fail(d, RP_ENOTSUP, path, 0,
		    "runtime facts are not available for %s", c->root.dir);
	return rootfs_read(c->rt, path, cap, out, d);
}

int
host_spawn(struct host_ctx *c, char *const argv[], size_t cap,
    struct strbuf *out, int *status, struct rp_diag *d)
{
	*status = -1;
	if (c->opts->spawn == NULL)
		return rp_diag_fail(d, RP_ENOTSUP, argv[0], 0,
		    "running programs is not available in this build");
	return c->opts->spawn(c->opts->spawn_arg, argv, cap, out, status, d);
}

int
host_conf_strv(struct host_ctx *c, const char *key, char ***out, size_t *n,
    struct rp_diag *d)
{
	*out = NULL;
	*n = 0;
	if (c->conf == NULL)
		return 0;
	return config_strv(c->config, c->conf, key, out, n, d);
}

const char *
host_conf_str(const struct host_ctx *c, const char *key)
{
	return ynode_get_str(c->conf, key);
}
