/*
 * fix.c - plan, apply and undo ACL changes (see fix.h).
 *
 * Every server call is synchronous on one connection: a fix writes one
 * node at a time (a window of one), which keeps the journal strictly
 * ordered and leaves at most one write whose outcome is unknown after a
 * crash or a connection loss.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/fix.h"

#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xmalloc.h"

#include "util/banned.h"

/* ACL text and checks. */

static int
perm_letter(int c)
{
	switch (c) {
	case 'r':
		return ZK_PERM_READ;
	case 'w':
		return ZK_PERM_WRITE;
	case 'c':
		return ZK_PERM_CREATE;
	case 'd':
		return ZK_PERM_DELETE;
	case 'a':
		return ZK_PERM_ADMIN;
	default:
		return 0;
	}
}

static int
hexdig(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Arena copy of s[0..len) with %XX decoded; NULL if malformed. */
static char *
pct_decode(struct arena *a, const char *s, size_t len)
{
	char *o = arena_alloc(a, len + 1);
	size_t i, k = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			int h, l;

			if (i + 2 >= len)
				return NULL;
			h = hexdig((unsigned char)s[i + 1]);
			l = hexdig((unsigned char)s[i + 2]);
			if (h < 0 || l < 0 || (h == 0 && l == 0))
				return NULL;
			o[k++] = (char)(h * 16 + l);
			i += 2;
		} else {
			o[k++] = s[i];
		}
	}
	o[k] = '\0';
	return o;
}

int
zk_acl_parse_text(const char *s, size_t len, struct arena *a,
    struct zk_acl *out)
{
	const char *c1 = memchr(s, ':', len), *c2 = NULL;
	size_t i;

	for (i = len; i > 0; i--) {
		if (s[i - 1] == ':') {
			c2 = s + i - 1;
			break;
		}
	}
	if (c1 == NULL || c2 == NULL || c2 == c1 || c1 == s ||
	    (size_t)(s + len - c2) < 2)
		return RP_EPARSE;
	out->perms = 0;
	for (i = (size_t)(c2 - s) + 1; i < len; i++) {
		int bit = perm_letter((unsigned char)s[i]);

		if (bit == 0 || (out->perms & bit))
			return RP_EPARSE;
		out->perms |= bit;
	}
	out->scheme = pct_decode(a, s, (size_t)(c1 - s));
	out->id = pct_decode(a, c1 + 1, (size_t)(c2 - c1 - 1));
	if (out->scheme == NULL || out->id == NULL)
		return RP_EPARSE;
	return 0;
}

static int
same_id(const struct zk_acl *x, const struct zk_acl *y)
{
	return strcmp(x->scheme, y->scheme) == 0 && strcmp(x->id, y->id) == 0;
}

/* Parse "addr[/bits]" into 16 bytes (IPv4 mapped to the first 4). */
static int
parse_ip(const char *s, unsigned char addr[16], int *family, int *bits)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	size_t n = slash != NULL ? (size_t)(slash - s) : strlen(s);
	char *end;
	long b;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, buf, addr) == 1) {
		*family = AF_INET;
		*bits = 32;
	} else if (inet_pton(AF_INET6, buf, addr) == 1) {
		*family = AF_INET6;
		*bits = 128;
	} else {
		return -1;
	}
	if (slash != NULL) {
		b = strtol(slash + 1, &end, 10);
		if (slash[1] == '\0' || *end != '\0' || b < 0 || b > *bits)
			return -1;
		*bits = (int)b;
	}
	return 0;
}

static int
ip_matches(const char *acl_id, const char *caller)
{
	unsigned char a[16], c[16];
	int fa, fc, ba, bc, i;

	if (parse_ip(acl_id, a, &fa, &ba) != 0 ||
	    parse_ip(caller, c, &fc, &bc) != 0 || fa != fc)
		return 0;
	for (i = 0; i < ba; i++) {
		int m = 0x80 >> (i % 8);

		if ((a[i / 8] & m) != (c[i / 8] & m))
			return 0;
	}
	return 1;
}

static int
is_b64(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '+' || c == '/';
}

const char *
zk_acl_validate_target(const struct zk_acl *acl, size_t n)
{
	size_t i, k;

	if (n == 0)
		return "the ACL is empty";
	for (i = 0; i < n; i++) {
		const struct zk_acl *e = &acl[i];

		if (e->perms <= 0 || e->perms > ZK_PERM_ALL)
			return "an entry grants no permission";
		for (k = 0; k < i; k++)
			if (same_id(e, &acl[k]))
				return "the same id appears twice";
		if (strcmp(e->scheme, "world") == 0) {
			if (strcmp(e->id, "anyone") != 0)
				return "a world entry other than world:anyone";
		} else if (strcmp(e->scheme, "auth") == 0) {
			return "the auth scheme stands for whoever writes the "
			       "ACL; name the identity instead";
		} else if (strcmp(e->scheme, "digest") == 0) {
			const char *colon = strchr(e->id, ':');
			size_t hl;

			if (colon == NULL || colon == e->id)
				return "a digest id is not user:hash";
			hl = strlen(colon + 1);
			if (strcmp(colon + 1, "x") == 0)
				return "a digest id is masked (user:x); give "
				       "the full hash";
			if (hl != 28 || colon[28] != '=')
				return "a digest hash is not 28 base64 "
				       "characters";
			for (k = 1; k < 28; k++)
				if (!is_b64((unsigned char)colon[k]))
					return "a digest hash is not base64";
		} else if (strcmp(e->scheme, "ip") == 0) {
			unsigned char a[16];
			int f, b;

			if (parse_ip(e->id, a, &f, &b) != 0)
				return "an ip id is not an address[/bits]";
		} else if (strcmp(e->scheme, "sasl") == 0 ||
		    strcmp(e->scheme, "x509") == 0) {
			if (e->id[0] == '\0')
				return "an empty sasl or x509 id";
		} else {
			return "an unknown scheme (world, digest, ip, sasl, "
			       "x509)";
		}
	}
	return NULL;
}

int
zk_acl_equal(const struct zk_acl *a, size_t na, const struct zk_acl *b,
    size_t nb)
{
	size_t i, k;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++) {
		for (k = 0; k < nb; k++)
			if (a[i].perms == b[k].perms && same_id(&a[i], &b[k]))
				break;
		if (k == nb)
			return 0;
	}
	for (k = 0; k < nb; k++) {
		for (i = 0; i < na; i++)
			if (a[i].perms == b[k].perms && same_id(&a[i], &b[k]))
				break;
		if (i == na)
			return 0;
	}
	return 1;
}

int
zk_acl_grants_admin(const struct zk_acl *acl, size_t n,
    const struct zk_client_info *ids, size_t nids)
{
	size_t i, k;

	for (k = 0; k < nids; k++)
		if (strcmp(ids[k].scheme, "super") == 0)
			return 1;
	for (i = 0; i < n; i++) {
		if (!(acl[i].perms & ZK_PERM_ADMIN))
			continue;
		if (strcmp(acl[i].scheme, "world") == 0 &&
		    strcmp(acl[i].id, "anyone") == 0)
			return 1;
		for (k = 0; k < nids; k++) {
			if (strcmp(acl[i].scheme, ids[k].scheme) != 0)
				continue;
			if (strcmp(acl[i].scheme, "ip") == 0
			        ? ip_matches(acl[i].id, ids[k].user)
			        : strcmp(acl[i].id, ids[k].user) == 0)
				return 1;
		}
	}
	return 0;
}

static const char *
last_component(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

const char *
zk_fix_protected_node(const char *path, const struct zk_stat *st)
{
	const char *name = last_component(path);

	if (st != NULL && st->ephemeral_owner != 0)
		return "ephemeral node (owned by a session)";
	if (strcmp(name, "ZKRMStateRoot") == 0 ||
	    strcmp(name, "RM_ZK_FENCING_LOCK") == 0)
		return "YARN ResourceManager fencing node (the active RM "
		       "rewrites its ACL)";
	if (strcmp(name, "ActiveStandbyElectorLock") == 0)
		return "HA elector lock";
	if (strcmp(path, "/zookeeper/config") == 0)
		return "ZooKeeper's dynamic configuration node";
	return NULL;
}

/* Plan files. */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int
zk_fix_rules_parse(const char *text, size_t len, const char *name,
    struct arena *a, struct zk_fix_rule **rules, size_t *n, struct rp_diag *d)
{
	struct zk_fix_rule *v = NULL;
	size_t cap = 0, cnt = 0, pos = 0;
	long line = 0;
	int r = 0;

	*rules = NULL;
	*n = 0;
	while (pos < len) {
		const char *ls = text + pos, *nl, *end, *p, *tok;
		struct zk_acl *acl = NULL;
		size_t nacl = 0, acap = 0, plen;
		struct zk_fix_rule *ru;
		const char *why;
		char *path;

		nl = memchr(ls, '\n', len - pos);
		end = nl != NULL ? nl : text + len;
		pos = (size_t)(end - text) + 1;
		line++;
		for (p = ls; p < end && *p != '#'; p++)
			if (*p == '\0') {
				r = rp_diag_fail(d, RP_EPARSE, name, line,
				    "NUL byte in the plan");
				goto out;
			}
		end = p;
		for (p = ls; p < end && is_space(*p); p++)
			;
		if (p == end)
			continue;
		tok = p;
		while (p < end && !is_space(*p))
			p++;
		plen = (size_t)(p - tok);
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		ru = &v[cnt];
		memset(ru, 0, sizeof(*ru));
		ru->line = line;
		if (plen >= 3 && memcmp(tok + plen - 3, "/**", 3) == 0) {
			ru->subtree = 1;
			plen -= 3;
			if (plen == 0)
				plen = 1; /* the root with two stars: everything */
		}
		path = pct_decode(a, tok, plen);
		if (path == NULL || zk_path_validate(path, NULL) != 0) {
			r = rp_diag_fail(d, RP_EPARSE, name, line,
			    "not a valid znode path");
			goto out;
		}
		ru->path = path;
		for (;;) {
			while (p < end && is_space(*p))
				p++;
			if (p == end)
				break;
			tok = p;
			while (p < end && !is_space(*p))
				p++;
			if (nacl == acap) {
				struct zk_acl *nv;

				acap = acap ? acap * 2 : 4;
				nv = arena_calloc(a, acap, sizeof(*nv));
				if (nacl > 0)
					memcpy(nv, acl, nacl * sizeof(*nv));
				acl = nv;
			}
			if (zk_acl_parse_text(tok, (size_t)(p - tok), a,
			        &acl[nacl]) != 0) {
				r = rp_diag_fail(d, RP_EPARSE, name, line,
				    "ACL entry %zu is not scheme:id:perms "
				    "(perms from cdrwa)",
				    nacl + 1);
				goto out;
			}
			nacl++;
		}
		if ((why = zk_acl_validate_target(acl, nacl)) != NULL) {
			r = rp_diag_fail(d, RP_EPARSE, name, line,
			    "invalid target ACL for %s: %s", path, why);
			goto out;
		}
		ru->acl = acl;
		ru->nacl = nacl;
		cnt++;
	}
	*rules = cnt == 0 ? NULL : (struct zk_fix_rule *)(void *)arena_memdup(a, v,
	    cnt * sizeof(*v));
	*n = cnt;
out:
	free(v);
	return r;
}

/* Planning. */

void
zk_fix_plan_init(struct zk_fix_plan *p)
{
	memset(p, 0, sizeof(*p));
	arena_init(&p->arena, 0);
}

void
zk_fix_plan_release(struct zk_fix_plan *p)
{
	free(p->it);
	arena_release(&p->arena);
	memset(p, 0, sizeof(*p));
}

static struct zk_fix_item *
plan_add(struct zk_fix_plan *p, const char *path)
{
	struct zk_fix_item *it;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->it = xreallocarray(p->it, p->cap, sizeof(*p->it));
	}
	it = &p->it[p->n++];
	memset(it, 0, sizeof(*it));
	it->path = arena_strdup(&p->arena, path);
	return it;
}

/* The rule that decides path: the longest covering one; exact wins ties. */
static const struct zk_fix_rule *
rule_for(const struct zk_fix_rule *rules, size_t n, const char *path)
{
	const struct zk_fix_rule *best = NULL;
	size_t best_len = 0, i;
	int best_exact = 0;

	for (i = 0; i < n; i++) {
		size_t l = strlen(rules[i].path);
		int exact = strcmp(rules[i].path, path) == 0;

		if (!exact &&
		    !(rules[i].subtree &&
		        (l == 1 || (strncmp(rules[i].path, path, l) == 0 &&
		                       path[l] == '/'))))
			continue;
		if (best == NULL || l > best_len ||
		    (l == best_len && exact && !rules[i].subtree &&
		        !best_exact)) {
			best = &rules[i];
			best_len = l;
			best_exact = exact && !rules[i].subtree;
		}
	}
	return best;
}

static int
acl_masked(const struct zk_acl *acl, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *c;

		if (strcmp(acl[i].scheme, "digest") == 0 &&
		    (c = strchr(acl[i].id, ':')) != NULL &&
		    strcmp(c + 1, "x") == 0)
			return 1;
	}
	return 0;
}

static int
call_getacl(struct zk_conn *c, const char *path, struct arena *a,
    struct zk_reply *rep, struct zk_acl **acl, size_t *nacl,
    struct zk_stat *st, struct rp_diag *d)
{
	struct zk_req req = { .op = ZK_OP_GETACL, .path = path };
	int r;

	*acl = NULL;
	*nacl = 0;
	if ((r = zk_conn_call(c, &req, a, rep, d)) != 0)
		return r;
	if (rep->err != 0)
		return 0;
	return zk_dec_getacl(&rep->body, zk_conn_limits(c), a, acl, nacl, st,
	    d);
}

static int
item_cmp_path(const void *x, const void *y)
{
	const struct zk_fix_item *a = x, *b = y;

	return strcmp(a->path, b->path);
}

static size_t
depth(const char *p)
{
	size_t n = 0;

	for (; *p != '\0'; p++)
		n += *p == '/';
	return p[-1] == '/' ? 0 : n;
}

static int
item_cmp_order(const void *x, const void *y)
{
	const struct zk_fix_item *a = x, *b = y;
	size_t da = depth(a->path), db = depth(b->path);

	if (da != db)
		return da > db ? -1 : 1;
	return strcmp(a->path, b->path);
}

/* Children first; one item per path. */
static void
plan_order(struct zk_fix_plan *p)
{
	size_t i, k = 0;

	if (p->n == 0)
		return;
	qsort(p->it, p->n, sizeof(*p->it), item_cmp_path);
	for (i = 0; i < p->n; i++)
		if (k == 0 || strcmp(p->it[k - 1].path, p->it[i].path) != 0)
			p->it[k++] = p->it[i];
	p->n = k;
	qsort(p->it, p->n, sizeof(*p->it), item_cmp_order);
}

void
zk_fix_item_classify(struct zk_fix_item *it, const struct zk_acl *target,
    size_t ntarget)
{
	const char *why;

	it->target = target;
	it->ntarget = ntarget;
	if (it->action == ZK_FIX_MISSING || it->action == ZK_FIX_UNREADABLE)
		return;
	if ((why = zk_fix_protected_node(it->path, &it->st)) != NULL) {
		it->action = ZK_FIX_SKIP;
		it->why = why;
	} else if (acl_masked(it->cur, it->ncur)) {
		it->action = ZK_FIX_UNREADABLE;
		it->why = "digest hashes masked by the server: the caller "
		          "lacks ADMIN";
	} else if (zk_acl_equal(it->cur, it->ncur, target, ntarget)) {
		it->action = ZK_FIX_AT_TARGET;
	} else {
		it->action = ZK_FIX_CHANGE;
	}
}

struct rules_arg {
	const struct zk_fix_rule *rules;
	size_t n;
};

static int
resolve_rules(void *arg, struct zk_fix_item *it, struct arena *a)
{
	const struct rules_arg *ra = arg;
	const struct zk_fix_rule *ru = rule_for(ra->rules, ra->n, it->path);

	(void)a;
	if (ru == NULL)
		return 0;
	zk_fix_item_classify(it, ru->acl, ru->nacl);
	return 1;
}

int
zk_fix_plan_rules(struct zk_conn *c, const struct zk_fix_rule *rules,
    size_t nrules, struct zk_fix_plan *p, struct rp_diag *d)
{
	struct zk_fix_root *roots;
	struct rules_arg ra = { rules, nrules };
	size_t i;
	int r;

	roots = xreallocarray(NULL, nrules + 1, sizeof(*roots));
	for (i = 0; i < nrules; i++) {
		roots[i].path = rules[i].path;
		roots[i].subtree = rules[i].subtree;
		roots[i].report_missing = 1;
	}
	r = zk_fix_plan_walk(c, roots, nrules, resolve_rules, &ra, p, d);
	free(roots);
	return r;
}

/* Copy a decoded ACL into the plan's arena. */
static struct zk_acl *
acl_dup(struct arena *a, const struct zk_acl *acl, size_t n)
{
	struct zk_acl *v;
	size_t k;

	if (n == 0)
		return NULL;
	v = arena_calloc(a, n, sizeof(*v));
	for (k = 0; k < n; k++) {
		v[k].perms = acl[k].perms;
		v[k].scheme = arena_strdup(a, acl[k].scheme);
		v[k].id = arena_strdup(a, acl[k].id);
	}
	return v;
}

int
zk_fix_plan_walk(struct zk_conn *c, const struct zk_fix_root *roots,
    size_t nroots, zk_fix_resolve_fn fn, void *arg, struct zk_fix_plan *p,
    struct rp_diag *d)
{
	struct arena tmp;
	char **stack = NULL;
	size_t sn = 0, scap = 0, i;
	int r = 0;

	arena_init(&tmp, 0);
	for (i = 0; i < nroots && r == 0; i++) {
		if (scap == 0)
			stack = xreallocarray(stack, scap = 8, sizeof(*stack));
		stack[0] = xstrdup(roots[i].path);
		sn = 1;
		while (sn > 0) {
			char *path = stack[--sn];
			struct zk_reply rep;
			struct zk_acl *acl;
			struct zk_stat st;
			size_t nacl, k, nkids = 0;
			char **kids = NULL;
			struct zk_fix_item *it;
			int keep;

			arena_reset(&tmp);
			memset(&st, 0, sizeof(st));
			r = call_getacl(c, path, &tmp, &rep, &acl, &nacl, &st,
			    d);
			if (r != 0) {
				free(path);
				break;
			}
			p->read_nodes++;
			if (rep.err == ZK_NONODE && !roots[i].report_missing) {
				free(path);
				continue;
			}
			it = plan_add(p, path);
			if (rep.err == ZK_NONODE) {
				it->action = ZK_FIX_MISSING;
				it->why = "no such node (rampart never creates "
				          "nodes)";
			} else if (rep.err != 0) {
				it->action = ZK_FIX_UNREADABLE;
				it->why = zk_code_msg(rep.err);
				it->err = rep.err;
			} else {
				it->st = st;
				it->cur = acl_dup(&p->arena, acl, nacl);
				it->ncur = nacl;
			}
			keep = fn(arg, it, &p->arena);
			if (keep < 0) {
				r = keep;
				free(path);
				break;
			}
			if (keep == 0)
				p->n--;
			if (rep.err != 0 || !roots[i].subtree ||
			    st.num_children == 0) {
				free(path);
				continue;
			}
			{
				struct zk_req req = { .op = ZK_OP_GETCHILDREN,
					.path = path };

				r = zk_conn_call(c, &req, &tmp, &rep, d);
				if (r == 0 && rep.err == 0)
					r = zk_dec_children(&rep.body,
					    zk_conn_limits(c), &tmp, &kids,
					    &nkids, NULL, d);
				else if (r == 0 && rep.err != ZK_NONODE)
					p->unlistable++;
			}
			if (r != 0) {
				free(path);
				break;
			}
			for (k = 0; k < nkids; k++) {
				if (sn == scap) {
					scap = scap * 2;
					stack = xreallocarray(stack, scap,
					    sizeof(*stack));
				}
				stack[sn++] = xstrdup(zk_path_join(&tmp, path,
				    kids[k]));
			}
			free(path);
		}
		while (sn > 0)
			free(stack[--sn]);
	}
	free(stack);
	arena_release(&tmp);
	plan_order(p);
	return r;
}

size_t
zk_fix_lockouts(const struct zk_fix_plan *p, const struct zk_client_info *ids,
    size_t nids, const struct zk_fix_item **bad, size_t max)
{
	size_t i, cnt = 0;

	for (i = 0; i < p->n; i++) {
		const struct zk_fix_item *it = &p->it[i];

		if (it->action != ZK_FIX_CHANGE ||
		    zk_acl_grants_admin(it->target, it->ntarget, ids, nids))
			continue;
		if (cnt < max)
			bad[cnt] = it;
		cnt++;
	}
	return cnt;
}

static void
sleep_ms(unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
		.tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Codes after which no further write can succeed on this session. */
static int
fatal_code(int32_t err)
{
	return err == ZK_AUTHFAILED || err == ZK_SESSIONEXPIRED ||
	    err == ZK_NOTREADONLY || err == ZK_SESSIONMOVED ||
	    err == ZK_SESSIONCLOSEDREQUIRESASLAUTH;
}

/*
 * Send setACL, retrying THROTTLEDOP (the server did not execute it).
 * Returns a connection error, or 0 with the reply in rep.
 */
static int
send_setacl(struct zk_conn *c, const struct zk_fix_item *it, int32_t version,
    struct arena *a, struct zk_reply *rep, struct rp_diag *d)
{
	struct zk_req req = { .op = ZK_OP_SETACL,
		.path = it->path,
		.acl = it->target,
		.nacl = it->ntarget,
		.version = version };
	unsigned tries = 0, backoff = 50;
	int r;

	for (;;) {
		if ((r = zk_conn_call(c, &req, a, rep, d)) != 0)
			return r;
		if (rep->err != ZK_THROTTLEDOP || ++tries > 20)
			return 0;
		sleep_ms(backoff);
		if (backoff < 2000)
			backoff *= 2;
	}
}

static int
apply_one(struct zk_conn *c, struct zk_fix_item *it, struct zk_jwriter *w,
    const struct zk_fix_apply_opts *o, struct arena *a, struct rp_diag *d)
{
	struct zk_reply rep;
	struct zk_acl *now;
	struct zk_stat st;
	size_t nnow;
	int r;

	/* Re-read on the writing connection to narrow the race window. */
	if ((r = call_getacl(c, it->path, a, &rep, &now, &nnow, &st, d)) != 0)
		return r;
	if (rep.err == ZK_NONODE) {
		it->outcome = ZK_FIX_VANISHED;
		return 0;
	}
	if (rep.err != 0) {
		it->outcome = ZK_FIX_REFUSED;
		it->err = rep.err;
		return fatal_code(rep.err) ? RP_ECLOSED : 0;
	}
	if (st.czxid != it->st.czxid) {
		it->outcome = ZK_FIX_CONFLICT;
		it->why = "the node was deleted and created again since the "
		          "plan was read";
		return 0;
	}
	if (zk_acl_equal(now, nnow, it->target, it->ntarget)) {
		it->outcome = ZK_FIX_ALREADY;
		return 0;
	}
	if (st.aversion != it->st.aversion ||
	    !zk_acl_equal(now, nnow, it->cur, it->ncur)) {
		it->outcome = ZK_FIX_CONFLICT;
		it->why = "another client changed the ACL since the plan was "
		          "read";
		return 0;
	}
	if ((r = zk_jwriter_intent(w, it->path, it->st.czxid, st.aversion,
	         it->cur, it->ncur, it->target, it->ntarget, &it->seq, d)) !=
	    0)
		return r;
	if (o->delay_ms > 0)
		sleep_ms(o->delay_ms);
	it->outcome = ZK_FIX_UNKNOWN;
	if ((r = send_setacl(c, it, st.aversion, a, &rep, d)) != 0)
		return r;
	it->err = rep.err;
	it->post_aversion = -1;
	if (rep.err == 0) {
		struct zk_stat post;

		if (zk_dec_stat(&rep.body, &post, d) != 0)
			return RP_EPROTO;
		it->post_aversion = post.aversion;
		it->outcome = ZK_FIX_APPLIED;
	} else if (rep.err == ZK_BADVERSION) {
		it->outcome = ZK_FIX_CONFLICT;
		it->why = "another client changed the ACL just before the "
		          "write (BADVERSION): left alone";
	} else if (rep.err == ZK_NONODE) {
		it->outcome = ZK_FIX_VANISHED;
	} else {
		it->outcome = ZK_FIX_REFUSED;
	}
	if ((r = zk_jwriter_result(w, it->seq, rep.err, it->post_aversion,
	         d)) != 0)
		return r;
	if (fatal_code(rep.err))
		return rp_diag_fail(d, RP_ECLOSED, NULL, 0,
		    "the server ended the session's rights: %s",
		    zk_code_msg(rep.err));
	return 0;
}

int
zk_fix_apply(struct zk_conn *c, struct zk_fix_plan *p, struct zk_jwriter *w,
    const struct zk_fix_apply_opts *o, struct rp_diag *d)
{
	struct arena a;
	size_t i;
	int r = 0;

	arena_init(&a, 0);
	for (i = 0; i < p->n; i++) {
		struct zk_fix_item *it = &p->it[i];

		if (it->action != ZK_FIX_CHANGE)
			continue;
		arena_reset(&a);
		r = apply_one(c, it, w, o, &a, d);
		if (o->done != NULL && it->outcome != ZK_FIX_PENDING)
			o->done(o->arg, it);
		if (r != 0)
			break;
	}
	arena_release(&a);
	return r;
}

/* Restore. */

struct rgroup {
	const char *path;
	size_t first, last; /* indexes into the sorted index array */
	uint64_t newest;    /* highest seq in the group */
};

static const struct zk_journal *sort_j;

static int
idx_cmp(const void *x, const void *y)
{
	const struct zk_jentry *a = &sort_j->e[*(const size_t *)x];
	const struct zk_jentry *b = &sort_j->e[*(const size_t *)y];
	int c = strcmp(a->path, b->path);

	if (c != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int
group_cmp(const void *x, const void *y)
{
	const struct rgroup *a = x, *b = y;

	return a->newest > b->newest ? -1 : a->newest < b->newest;
}

/*
 * Is (acl, aversion) a state that rampart's writes in this group can have
 * left?  After an applied write: its target with its post version (or
 * pre + 1 when the result was not journaled); a write with an unknown
 * result may also not have happened: its pre state then.
 */
static int
legit_state(const struct zk_journal *j, const size_t *idx, size_t first,
    size_t last, const struct zk_acl *acl, size_t n, int32_t aversion)
{
	size_t k;

	for (k = first; k <= last; k++) {
		const struct zk_jentry *e = &j->e[idx[k]];

		if (e->has_result && e->err != 0)
			continue;
		if (zk_acl_equal(acl, n, e->target, e->ntarget) &&
		    aversion == (e->has_result ? e->post_aversion
		                               : e->pre_aversion + 1))
			return 1;
		if (!e->has_result && k > first &&
		    zk_acl_equal(acl, n, e->pre, e->npre) &&
		    aversion == e->pre_aversion)
			return 1;
	}
	return 0;
}

int
zk_restore(struct zk_conn *c, const struct zk_journal *j, int force,
    zk_restore_item_fn fn, void *arg, struct zk_restore_stats *st,
    struct rp_diag *d)
{
	size_t *idx = NULL, ng = 0, i;
	struct rgroup *g = NULL;
	struct arena a;
	int r = 0;

	memset(st, 0, sizeof(*st));
	arena_init(&a, 0);
	if (j->n == 0)
		goto out;
	idx = xreallocarray(NULL, j->n, sizeof(*idx));
	for (i = 0; i < j->n; i++)
		idx[i] = i;
	sort_j = j;
	qsort(idx, j->n, sizeof(*idx), idx_cmp);
	g = xreallocarray(NULL, j->n, sizeof(*g));
	for (i = 0; i < j->n; i++) {
		const struct zk_jentry *e = &j->e[idx[i]];

		if (ng > 0 && strcmp(g[ng - 1].path, e->path) == 0) {
			g[ng - 1].last = i;
			g[ng - 1].newest = e->seq;
			continue;
		}
		g[ng].path = e->path;
		g[ng].first = g[ng].last = i;
		g[ng].newest = e->seq;
		ng++;
	}
	qsort(g, ng, sizeof(*g), group_cmp);
	for (i = 0; i < ng && r == 0; i++) {
		const struct zk_jentry *first = &j->e[idx[g[i].first]];
		const struct zk_jentry *newest = &j->e[idx[g[i].last]];
		struct zk_restore_item ri;
		struct zk_reply rep;
		struct zk_acl *now;
		struct zk_stat nst;
		size_t nnow, k;
		int any_applied = 0;

		arena_reset(&a);
		memset(&ri, 0, sizeof(ri));
		ri.path = g[i].path;
		ri.pre = first->pre;
		ri.npre = first->npre;
		for (k = g[i].first; k <= g[i].last; k++) {
			const struct zk_jentry *e = &j->e[idx[k]];

			if (!e->has_result || e->err == 0)
				any_applied = 1;
		}
		if ((r = call_getacl(c, ri.path, &a, &rep, &now, &nnow, &nst,
		         d)) != 0)
			break;
		ri.cur = now;
		ri.ncur = nnow;
		if (rep.err == ZK_NONODE) {
			ri.outcome = ZK_RESTORE_VANISHED;
			ri.why = "the node no longer exists";
		} else if (rep.err != 0) {
			ri.outcome = ZK_RESTORE_REFUSED;
			ri.err = rep.err;
		} else if (!any_applied) {
			ri.outcome = ZK_RESTORE_NEVER;
			ri.why = "the server refused every journaled write";
		} else if (nst.czxid != newest->czxid) {
			ri.outcome = ZK_RESTORE_VANISHED;
			ri.why = "the node was deleted and created again";
		} else if (zk_acl_equal(now, nnow, first->pre, first->npre)) {
			ri.outcome = ZK_RESTORE_ORIGINAL;
		} else if (!force &&
		    !legit_state(j, idx, g[i].first, g[i].last, now, nnow,
		        nst.aversion)) {
			ri.outcome = ZK_RESTORE_CONFLICT;
			ri.why = "the ACL was changed after rampart's write "
			         "(use --force to overwrite)";
		} else {
			struct zk_fix_item tmp = { .path = ri.path,
				.target = first->pre,
				.ntarget = first->npre };

			if ((r = send_setacl(c, &tmp, nst.aversion, &a, &rep,
			         d)) != 0)
				break;
			if (rep.err == 0) {
				ri.outcome = ZK_RESTORE_RESTORED;
			} else if (rep.err == ZK_BADVERSION) {
				ri.outcome = ZK_RESTORE_CONFLICT;
				ri.why = "changed by another client during "
				         "the restore (BADVERSION)";
			} else if (rep.err == ZK_NONODE) {
				ri.outcome = ZK_RESTORE_VANISHED;
			} else {
				ri.outcome = ZK_RESTORE_REFUSED;
				ri.err = rep.err;
				if (fatal_code(rep.err))
					r = rp_diag_fail(d, RP_ECLOSED, NULL, 0,
					    "the server ended the session's "
					    "rights: %s",
					    zk_code_msg(rep.err));
			}
		}
		switch (ri.outcome) {
		case ZK_RESTORE_RESTORED:
			st->restored++;
			break;
		case ZK_RESTORE_ORIGINAL:
			st->original++;
			break;
		case ZK_RESTORE_NEVER:
			st->never++;
			break;
		case ZK_RESTORE_CONFLICT:
			st->conflict++;
			break;
		case ZK_RESTORE_VANISHED:
			st->vanished++;
			break;
		case ZK_RESTORE_REFUSED:
			st->refused++;
			break;
		}
		if (fn != NULL)
			fn(arg, &ri);
	}
out:
	free(idx);
	free(g);
	arena_release(&a);
	return r;
}
