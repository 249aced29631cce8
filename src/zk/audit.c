/*
 * audit.c - the ZooKeeper ACL audit engine: generic ACL rules per znode,
 * component baselines, and the cross-node rules settled at the end.
 *
 * Memory: a scratch arena reset per node; an open-addressing table of
 * 16-byte entries (path hash, world permissions of the node) for every
 * znode with children, so a child can find its parent's ACL in either walk
 * order; pending children whose parent was not seen yet; pending nodes of
 * profiles that may still be detected (capped by max_pending).
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#include "util/banned.h"

#define WORLD_MORE_THAN_READ \
	(ZK_PERM_WRITE | ZK_PERM_CREATE | ZK_PERM_DELETE | ZK_PERM_ADMIN)

/* A node kept until the profiles it may belong to are known. */
struct pend_node {
	char *path;
	struct zk_acl *acl;
	size_t nacl;
};

/* A protected child whose parent had not been seen. */
struct pend_child {
	char *parent;
	char *child;
	uint64_t hash; /* of parent */
};

struct zk_audit {
	struct zk_audit_opts o;
	struct zk_audit_stats st;
	struct arena scratch; /* per node */

	uint64_t *keys; /* internal nodes: hash of the path (0 = free) */
	uint8_t *vals;  /* world perms of that node */
	size_t cap, used;

	struct arena pend; /* pending nodes and children */

	/* Expected ACLs per (instance, rule), parsed once, in pend. */
	struct exp_cache {
		const struct zk_bl_inst *inst;
		const struct zk_baseline_rule *rule;
		struct zk_bl_entry *ex;
		size_t nex;
		int err;
	} * ec;
	size_t nec, ec_alloc;
	struct pend_node *pn;
	size_t npn, pn_alloc;
	struct pend_child *pc;
	size_t npc, pc_alloc;
	int finished;
};

void
zk_audit_opts_init(struct zk_audit_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->plaintext = -1;
	o->remove_host = -1;
	o->remove_realm = -1;
}

struct zk_audit *
zk_audit_new(const struct zk_audit_opts *o)
{
	struct zk_audit *a = xcalloc(1, sizeof(*a));

	a->o = *o;
	if (a->o.max_pending == 0)
		a->o.max_pending = 1000000;
	arena_init(&a->scratch, 0);
	arena_init(&a->pend, 0);
	return a;
}

void
zk_audit_free(struct zk_audit *a)
{
	if (a == NULL)
		return;
	arena_release(&a->scratch);
	arena_release(&a->pend);
	free(a->keys);
	free(a->vals);
	free(a->pn);
	free(a->pc);
	free(a->ec);
	free(a);
}

void
zk_audit_stats(const struct zk_audit *a, struct zk_audit_stats *s)
{
	*s = a->st;
}

/* FNV-1a, never 0 (0 marks a free slot). */
static uint64_t
path_hash(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h != 0 ? h : 1;
}

static void
map_put(struct zk_audit *a, uint64_t h, uint8_t v)
{
	size_t i;

	if ((a->used + 1) * 4 >= a->cap * 3) {
		size_t oc = a->cap, nc = oc != 0 ? oc * 2 : 1024;
		uint64_t *ok = a->keys;
		uint8_t *ov = a->vals;

		a->keys = xcalloc(nc, sizeof(*a->keys));
		a->vals = xcalloc(nc, sizeof(*a->vals));
		a->cap = nc;
		a->used = 0;
		for (i = 0; i < oc; i++)
			if (ok[i] != 0)
				map_put(a, ok[i], ov[i]);
		free(ok);
		free(ov);
	}
	for (i = (size_t)h & (a->cap - 1);; i = (i + 1) & (a->cap - 1)) {
		if (a->keys[i] == h) {
			a->vals[i] = v;
			return;
		}
		if (a->keys[i] == 0) {
			a->keys[i] = h;
			a->vals[i] = v;
			a->used++;
			return;
		}
	}
}

/* 1 and *v, or 0 when the node was not seen. */
static int
map_get(const struct zk_audit *a, uint64_t h, uint8_t *v)
{
	size_t i;

	if (a->cap == 0)
		return 0;
	for (i = (size_t)h & (a->cap - 1);; i = (i + 1) & (a->cap - 1)) {
		if (a->keys[i] == h) {
			*v = a->vals[i];
			return 1;
		}
		if (a->keys[i] == 0)
			return 0;
	}
}

static int
is_scheme(const struct zk_acl *e, const char *s)
{
	return e->scheme != NULL && strcmp(e->scheme, s) == 0;
}

static int
is_world(const struct zk_acl *e)
{
	return is_scheme(e, "world") && e->id != NULL &&
	    strcmp(e->id, "anyone") == 0;
}

/* An ip entry that covers every address: /0 prefix. */
static int
is_wide_ip(const struct zk_acl *e)
{
	const char *sl;

	if (!is_scheme(e, "ip") || e->id == NULL)
		return 0;
	sl = strrchr(e->id, '/');
	return sl != NULL && strcmp(sl, "/0") == 0;
}

/* Permissions everyone holds: world:anyone and ip ranges covering all. */
static int32_t
world_perms(const struct zk_acl *acl, size_t n)
{
	int32_t p = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (is_world(&acl[i]) || is_wide_ip(&acl[i]))
			p |= acl[i].perms;
	return p & ZK_PERM_ALL;
}

/* One entry with digest secrets masked, also ids that lack the ':'. */
static void
fmt_entry(struct strbuf *sb, const struct zk_acl *e)
{
	if (is_scheme(e, "digest") && e->id != NULL &&
	    strchr(e->id, ':') == NULL) {
		strbuf_addstr(sb, "digest:<masked>:");
		zk_perms_format(sb, e->perms);
		return;
	}
	zk_acl_format(sb, e, 0);
}

static char *
fmt_acl(struct arena *ar, const struct zk_acl *acl, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	char *r;

	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(&sb, ',');
		fmt_entry(&sb, &acl[i]);
	}
	if (n == 0)
		strbuf_addstr(&sb, "(empty)");
	r = arena_strdup(ar, sb.buf);
	strbuf_release(&sb);
	return r;
}

static char *
fmt_perms(struct arena *ar, int32_t p)
{
	struct strbuf sb = STRBUF_INIT;
	char *r;

	zk_perms_format(&sb, p);
	r = arena_strdup(ar, sb.len > 0 ? sb.buf : "nothing");
	strbuf_release(&sb);
	return r;
}

static char *
fmt_expected(struct arena *ar, const struct zk_bl_entry *e, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	char *r;

	zk_bl_format(&sb, e, n);
	r = arena_strdup(ar, sb.buf);
	strbuf_release(&sb);
	return r;
}

int
zk_digest_id_check(const char *id, int sha256)
{
	const char *colon = id != NULL ? strchr(id, ':') : NULL;
	size_t n, i, want = sha256 ? 44 : 28, pad = sha256 ? 1 : 1;

	if (colon == NULL || colon == id)
		return 2;
	if (strcmp(colon + 1, "x") == 0)
		return 1;
	n = strlen(colon + 1);
	if (n != want)
		return 2;
	for (i = 0; i < n; i++) {
		char c = colon[1 + i];

		if (i >= n - pad) {
			if (c != '=')
				return 2;
			continue;
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		        (c >= '0' && c <= '9') || c == '+' || c == '/'))
			return 2;
	}
	return 0;
}

/*
 * Can a sasl id be produced by the server's normalisation?  0 yes, 1 no
 * (then *why and *want say why and what form would match).
 */
static int
sasl_unmatchable(const struct zk_audit *a, struct arena *ar, const char *id,
    const char **why, const char **want)
{
	const char *slash = strchr(id, '/'), *at = strchr(id, '@');

	if (strcmp(id, "super") == 0)
		return 0;
	if (a->o.remove_host == 1 && slash != NULL) {
		*why = "the host part is removed by "
		       "kerberos.removeHostFromPrincipal=true";
		*want = arena_printf(ar, "sasl:%s",
		    zk_sasl_normalise(ar, id, 1, a->o.remove_realm));
		return 1;
	}
	if (a->o.remove_realm == 1 && at != NULL) {
		*why = "the realm is removed by "
		       "kerberos.removeRealmFromPrincipal=true";
		*want = arena_printf(ar, "sasl:%s",
		    zk_sasl_normalise(ar, id, a->o.remove_host, 1));
		return 1;
	}
	if (a->o.remove_realm == 0 && at == NULL && !a->o.sasl_digest_md5) {
		*why = "Kerberos ids keep their realm "
		       "(kerberos.removeRealmFromPrincipal is false)";
		*want = arena_printf(ar, "sasl:%s%s@REALM", id,
		    slash == NULL && a->o.remove_host == 0 ? "/HOST" : "");
		return 1;
	}
	return 0;
}

/* Could any caller hold ADMIN through entry e? */
static int
admin_live(const struct zk_audit *a, struct arena *ar, const struct zk_acl *e)
{
	const char *why, *want;

	if (!(e->perms & ZK_PERM_ADMIN) || (e->perms & ~ZK_PERM_ALL) != 0)
		return 0;
	if (is_scheme(e, "digest"))
		return zk_digest_id_check(e->id, a->o.digest_sha256) != 2;
	if (is_scheme(e, "sasl") && e->id != NULL)
		return !sasl_unmatchable(a, ar, e->id, &why, &want);
	if (is_scheme(e, "world"))
		return is_world(e);
	return 1;
}

static void
emit(struct zk_audit *a, enum rule_id rule, const char *path,
    const char *detail, const char *msg, const char *evidence,
    const char *expected, int severity)
{
	struct finding f;

	memset(&f, 0, sizeof(f));
	f.rule = rule;
	f.status = STATUS_FAIL;
	f.severity = severity;
	f.object = path;
	f.path = detail;
	f.message = msg;
	f.evidence = evidence;
	f.expected = expected;
	result_add(a->o.result, &f);
}

/* The ACL of the node as text, formatted on first use. */
#define EV() (ev != NULL ? ev : (ev = fmt_acl(ar, acl, n)))

/* The generic rules of one node's ACL. */
static void
check_generic(struct zk_audit *a, const char *path, const struct zk_acl *acl,
    size_t n, const struct zk_bl_match *m, const struct zk_bl_entry *ex,
    size_t nex)
{
	struct arena *ar = &a->scratch;
	int32_t wp = 0;
	size_t i, j;
	const char *ev = NULL; /* the ACL as text, made when a rule fails */
	struct strbuf ips = STRBUF_INIT, dig = STRBUF_INIT, bad = STRBUF_INIT,
	              perm = STRBUF_INIT, sasl = STRBUF_INIT,
	              want = STRBUF_INIT;
	int wide = 0, live_admin = 0, open_ok;

	open_ok = m != NULL && (m->rule->flags & ZK_BL_OPEN_OK);
	for (i = 0; i < n; i++)
		if (is_world(&acl[i]))
			wp |= acl[i].perms;

	if (wp & ZK_PERM_ADMIN)
		emit(a, RULE_ZK_ACL_WORLD_ADMIN, path, NULL,
		    "world:anyone may change this znode's ACL", EV(),
		    arena_printf(ar, "world:anyone:%s at most",
		        fmt_perms(ar,
		            wp & ~ZK_PERM_ADMIN & ~WORLD_MORE_THAN_READ)),
		    -1);
	else
		result_pass(a->o.result, RULE_ZK_ACL_WORLD_ADMIN, path);

	if (wp & (ZK_PERM_WRITE | ZK_PERM_CREATE | ZK_PERM_DELETE))
		emit(a, RULE_ZK_ACL_WORLD_WRITE, path,
		    open_ok ? arena_printf(ar, "profile %s: open by design",
		                  m->inst->profile->name) :
		              NULL,
		    arena_printf(ar, "world:anyone holds %s%s",
		        fmt_perms(ar,
		            wp &
		                (ZK_PERM_WRITE | ZK_PERM_CREATE |
		                    ZK_PERM_DELETE)),
		        open_ok ? " (the component needs it open; review "
		                  "whether it is still used)" :
		                  ""),
		    EV(),
		    arena_printf(ar, "world:anyone:%s at most",
		        fmt_perms(ar, wp & ZK_PERM_READ)),
		    open_ok ? SEV_LOW : -1);
	else
		result_pass(a->o.result, RULE_ZK_ACL_WORLD_WRITE, path);

	for (i = 0; i < n; i++) {
		const struct zk_acl *e = &acl[i];
		int opt = 0;

		if (admin_live(a, ar, e))
			live_admin = 1;
		if (e->perms == 0 || (e->perms & ~ZK_PERM_ALL) != 0) {
			if (perm.len > 0)
				strbuf_addch(&perm, ',');
			fmt_entry(&perm, e);
			strbuf_addf(&perm, " (perms=%d)", (int)e->perms);
		}
		if (is_scheme(e, "ip")) {
			if (ips.len > 0)
				strbuf_addch(&ips, ',');
			fmt_entry(&ips, e);
			if (is_wide_ip(e))
				wide = 1;
		}
		if (is_scheme(e, "digest")) {
			int c = zk_digest_id_check(e->id, a->o.digest_sha256);

			if (c == 2) {
				if (bad.len > 0)
					strbuf_addch(&bad, ',');
				fmt_entry(&bad, e);
			}
			for (j = 0; j < nex; j++)
				if ((ex[j].flags & ZK_BLE_OPTIONAL) &&
				    zk_bl_entry_matches(&ex[j], "digest",
				        e->id) &&
				    (e->perms & ~ex[j].acl.perms) == 0)
					opt = 1;
			if (!opt) {
				if (dig.len > 0)
					strbuf_addch(&dig, ',');
				fmt_entry(&dig, e);
			}
		}
		if (is_scheme(e, "sasl") && e->id != NULL) {
			const char *why, *w;

			if (sasl_unmatchable(a, ar, e->id, &why, &w)) {
				if (sasl.len > 0) {
					strbuf_addstr(&sasl, "; ");
					strbuf_addch(&want, ',');
				}
				strbuf_addf(&sasl, "sasl:%s: %s", e->id, why);
				strbuf_addstr(&want, w);
			}
		}
	}

	if (ips.len > 0)
		emit(a, RULE_ZK_ACL_IP, path, NULL,
		    wide ? "an ip entry covers every address: world access "
		           "under another name" :
		           "access is granted by client address, without "
		           "authentication",
		    ips.buf, "authenticated identities (sasl, x509)",
		    wide ? SEV_HIGH : -1);
	else
		result_pass(a->o.result, RULE_ZK_ACL_IP, path);

	if (a->o.plaintext == 1 && dig.len > 0)
		emit(a, RULE_ZK_ACL_DIGEST_PLAINTEXT, path, NULL,
		    "digest credentials for this znode travel in clear: the "
		    "server accepts plaintext client connections",
		    dig.buf, "sasl or x509 identities, or TLS-only clients",
		    -1);
	else if (a->o.plaintext != -1)
		result_pass(a->o.result, RULE_ZK_ACL_DIGEST_PLAINTEXT, path);

	if (bad.len > 0)
		emit(a, RULE_ZK_ACL_DIGEST_MALFORMED, path, NULL,
		    a->o.digest_sha256 ?
		        "digest id is not user:base64(SHA-256(user:password))" :
		        "digest id is not user:base64(SHA-1(user:password))",
		    bad.buf, "user:<28 base64 characters>", -1);
	else
		result_pass(a->o.result, RULE_ZK_ACL_DIGEST_MALFORMED, path);

	if (perm.len > 0)
		emit(a, RULE_ZK_ACL_PERMS_INVALID, path, NULL,
		    "an entry grants nothing or has bits above ADMIN", perm.buf,
		    "permissions from cdrwa (1..31)", -1);
	else
		result_pass(a->o.result, RULE_ZK_ACL_PERMS_INVALID, path);

	if (a->o.remove_host != -1 || a->o.remove_realm != -1) {
		if (sasl.len > 0)
			emit(a, RULE_ZK_ACL_SASL_UNMATCHABLE, path, NULL,
			    sasl.buf, EV(), want.buf, -1);
		else
			result_pass(a->o.result, RULE_ZK_ACL_SASL_UNMATCHABLE,
			    path);
	}

	/* A baseline that grants ADMIN to nobody (e.g. /zookeeper/config,
	 * reconfigured by super only) wants it that way. */
	if (!live_admin && nex > 0) {
		live_admin = 1;
		for (j = 0; j < nex; j++)
			if (ex[j].acl.perms & ZK_PERM_ADMIN)
				live_admin = 0;
	}
	if (!live_admin)
		emit(a, RULE_ZK_ACL_NO_ADMIN, path, NULL,
		    "no entry grants ADMIN to an identity that can "
		    "authenticate; only a super user can repair this ACL",
		    EV(),
		    nex > 0 ? fmt_expected(ar, ex, nex) :
		              "an ADMIN entry for the service or administrator",
		    -1);
	else
		result_pass(a->o.result, RULE_ZK_ACL_NO_ADMIN, path);

	strbuf_release(&ips);
	strbuf_release(&dig);
	strbuf_release(&bad);
	strbuf_release(&perm);
	strbuf_release(&sasl);
	strbuf_release(&want);
}

/* Texts of baseline findings, made only when one fails. */
#define TEXTS()                                                             \
	do {                                                                \
		if (ev == NULL) {                                           \
			ev = fmt_acl(ar, acl, n);                           \
			exp = fmt_expected(ar, ex, nex);                    \
			detail = arena_printf(ar, "profile %s at %s", prof, \
			    m->inst->root);                                 \
			note = rule->note != NULL ?                         \
			    arena_printf(ar, " (%s)", rule->note) :         \
			    "";                                             \
		}                                                           \
	} while (0)

/* Compare one node with the baseline rule that applies to it. */
static void
check_baseline(struct zk_audit *a, const char *path, const struct zk_acl *acl,
    size_t n, const struct zk_bl_match *m, const struct zk_bl_entry *ex,
    size_t nex)
{
	struct arena *ar = &a->scratch;
	const struct zk_baseline_rule *rule = m->rule;
	const char *prof = m->inst->profile->name, *ev, *exp, *detail, *note;
	int32_t aw = world_perms(acl, n), ew = 0, eopt = 0, excess;
	struct strbuf miss = STRBUF_INIT, extra = STRBUF_INIT;
	int sens_fired = 0;
	size_t i, j;

	a->st.baseline_nodes++;
	if (rule->flags & ZK_BL_OPEN_OK) {
		result_pass(a->o.result, RULE_ZK_BASELINE_TOO_OPEN, path);
		return;
	}
	ev = exp = detail = note = NULL;
	for (j = 0; j < nex; j++) {
		if (!zk_bl_entry_matches(&ex[j], "world", "anyone"))
			continue;
		if (ex[j].flags & ZK_BLE_OPTIONAL)
			eopt |= ex[j].acl.perms;
		else
			ew |= ex[j].acl.perms;
	}

	if (rule->flags & ZK_BL_SENSITIVE) {
		if ((aw & ZK_PERM_READ) && !((ew | eopt) & ZK_PERM_READ)) {
			sens_fired = 1;
			TEXTS();
			emit(a, RULE_ZK_BASELINE_SENSITIVE, path, detail,
			    arena_printf(ar,
			        "everyone can read this %s znode%s", prof,
			        note),
			    ev, exp, -1);
		} else {
			result_pass(a->o.result, RULE_ZK_BASELINE_SENSITIVE,
			    path);
		}
	}

	excess = aw & ~(ew | eopt) & ~(sens_fired ? ZK_PERM_READ : 0);
	if (excess) {
		TEXTS();
		emit(a, RULE_ZK_BASELINE_TOO_OPEN, path, detail,
		    arena_printf(ar,
		        "everyone holds %s beyond the %s baseline%s",
		        fmt_perms(ar, excess), prof, note),
		    ev, exp, -1);
	} else
		result_pass(a->o.result, RULE_ZK_BASELINE_TOO_OPEN, path);

	/* Expected identities that lack permissions. */
	for (j = 0; j < nex; j++) {
		int32_t have = 0, lack;

		if ((ex[j].flags & ZK_BLE_OPTIONAL) ||
		    strcmp(ex[j].acl.scheme, "world") == 0)
			continue;
		for (i = 0; i < n; i++)
			if (acl[i].scheme != NULL && acl[i].id != NULL &&
			    zk_bl_entry_matches(&ex[j], acl[i].scheme,
			        acl[i].id))
				have |= acl[i].perms;
		lack = ex[j].acl.perms & ~have;
		if (lack == 0)
			continue;
		if (miss.len > 0)
			strbuf_addstr(&miss, ", ");
		strbuf_addf(&miss, "%s:%s lacks %s", ex[j].acl.scheme,
		    ex[j].acl.id, fmt_perms(ar, lack));
	}
	if (miss.len > 0) {
		TEXTS();
		emit(a, RULE_ZK_BASELINE_MISSING, path, detail,
		    arena_printf(ar, "%s%s", miss.buf, note), ev, exp, -1);
	} else
		result_pass(a->o.result, RULE_ZK_BASELINE_MISSING, path);

	/* Identities the baseline does not know (world is judged above). */
	for (i = 0; i < n; i++) {
		const struct zk_acl *e = &acl[i];
		int known = 0, too_much = 0;

		if (is_world(e) || is_wide_ip(e) || e->perms == 0 ||
		    e->scheme == NULL || e->id == NULL)
			continue;
		for (j = 0; j < nex; j++) {
			if (!zk_bl_entry_matches(&ex[j], e->scheme, e->id))
				continue;
			if ((ex[j].flags & ZK_BLE_OPTIONAL) &&
			    (e->perms & ~ex[j].acl.perms) != 0) {
				too_much = 1;
				continue;
			}
			known = 1;
		}
		if (known)
			continue;
		if (extra.len > 0)
			strbuf_addch(&extra, ',');
		fmt_entry(&extra, e);
		if (too_much)
			strbuf_addstr(&extra,
			    " (more than the baseline allows)");
	}
	if (extra.len > 0) {
		TEXTS();
		emit(a, RULE_ZK_BASELINE_EXTRA, path, detail,
		    arena_printf(ar, "not in the %s baseline: %s%s", prof,
		        extra.buf, note),
		    ev, exp, -1);
	} else {
		result_pass(a->o.result, RULE_ZK_BASELINE_EXTRA, path);
	}
	strbuf_release(&miss);
	strbuf_release(&extra);
}

/*
 * The expected ACL of a match, parsed on first use.  Profiles and settings
 * do not change during a scan (instances only become active), so the
 * entries stay valid.  0, or -1 for an ACL text that does not parse.
 */
static int
expected(struct zk_audit *a, const struct zk_bl_match *m,
    struct zk_bl_entry **ex, size_t *nex)
{
	struct rp_diag d;
	size_t i;
	struct exp_cache *c;

	for (i = a->nec; i > 0; i--) {
		c = &a->ec[i - 1];
		if (c->inst == m->inst && c->rule == m->rule) {
			*ex = c->ex;
			*nex = c->nex;
			return c->err;
		}
	}
	ALLOC_GROW(a->ec, a->nec + 1, a->ec_alloc);
	c = &a->ec[a->nec++];
	memset(c, 0, sizeof(*c));
	c->inst = m->inst;
	c->rule = m->rule;
	rp_diag_init(&d);
	if (zk_baseline_expected(a->o.baseline, m, &a->pend, &c->ex, &c->nex,
	        &d) != 0)
		c->err = -1;
	*ex = c->ex;
	*nex = c->nex;
	return c->err;
}

/* Baseline lookup and both checks for a node whose profiles are known. */
static void
check_node(struct zk_audit *a, const char *path, const struct zk_acl *acl,
    size_t n, int ephemeral)
{
	struct zk_bl_match m;
	struct zk_bl_entry *ex = NULL;
	size_t nex = 0;
	int have = 0;

	if (a->o.baseline != NULL &&
	    zk_baseline_match(a->o.baseline, path, 0, &m) &&
	    expected(a, &m, &ex, &nex) == 0)
		have = 1;
	check_generic(a, path, acl, n, have ? &m : NULL, ex, nex);
	if (have && !ephemeral)
		check_baseline(a, path, acl, n, &m, ex, nex);
}

/*
 * Keep a node for the end: a profile that covers it may be detected.
 * Returns 0 when the cap on pending nodes is reached (the node is then
 * checked at once, without that profile).
 */
static int
pend_node(struct zk_audit *a, const char *path, const struct zk_acl *acl,
    size_t n)
{
	struct pend_node *p;
	size_t i;

	if (a->npn >= a->o.max_pending) {
		a->st.pending_dropped++;
		return 0;
	}
	ALLOC_GROW(a->pn, a->npn + 1, a->pn_alloc);
	p = &a->pn[a->npn++];
	p->path = arena_strdup(&a->pend, path);
	p->acl = arena_calloc(&a->pend, n > 0 ? n : 1, sizeof(*p->acl));
	p->nacl = n;
	for (i = 0; i < n; i++) {
		p->acl[i].perms = acl[i].perms;
		p->acl[i].scheme =
		    arena_strdup(&a->pend, acl[i].scheme ? acl[i].scheme : "");
		p->acl[i].id =
		    arena_strdup(&a->pend, acl[i].id ? acl[i].id : "");
	}
	return 1;
}

static void
open_parent(struct zk_audit *a, const char *parent, const char *child,
    uint8_t pw)
{
	struct arena *ar = &a->scratch;

	if (pw & (ZK_PERM_CREATE | ZK_PERM_DELETE))
		emit(a, RULE_ZK_ACL_OPEN_PARENT, parent,
		    arena_printf(ar, "child %s", child),
		    arena_printf(ar,
		        "everyone may %s children here, and %s is protected",
		        (pw & ZK_PERM_CREATE) && (pw & ZK_PERM_DELETE) ?
		            "create and delete" :
		            (pw & ZK_PERM_DELETE) ? "delete" :
		                                    "create",
		        child),
		    arena_printf(ar, "world:anyone:%s", fmt_perms(ar, pw)),
		    arena_printf(ar, "world:anyone:%s at most",
		        fmt_perms(ar, pw & ZK_PERM_READ)),
		    -1);
	else
		result_pass(a->o.result, RULE_ZK_ACL_OPEN_PARENT, parent);
}

/* Record an internal node and settle the parent of a protected node. */
static void
track_parent(struct zk_audit *a, const char *path, const struct zk_acl *acl,
    size_t n, const struct zk_stat *st)
{
	int32_t wp = world_perms(acl, n);
	const char *slash;
	uint64_t h;
	uint8_t pv;

	if (st != NULL && st->num_children > 0)
		map_put(a, path_hash(path, strlen(path)), (uint8_t)wp);
	if (n == 0 || (wp & WORLD_MORE_THAN_READ) != 0 ||
	    strcmp(path, "/") == 0)
		return;
	slash = strrchr(path, '/');
	h = path_hash(path, slash == path ? 1 : (size_t)(slash - path));
	if (map_get(a, h, &pv)) {
		open_parent(a,
		    slash == path ? "/" :
		                    arena_strndup(&a->scratch, path,
		                        (size_t)(slash - path)),
		    path, pv);
		return;
	}
	ALLOC_GROW(a->pc, a->npc + 1, a->pc_alloc);
	a->pc[a->npc].parent = slash == path ?
	    arena_strdup(&a->pend, "/") :
	    arena_strndup(&a->pend, path, (size_t)(slash - path));
	a->pc[a->npc].child = arena_strdup(&a->pend, path);
	a->pc[a->npc].hash = h;
	a->npc++;
}

int
zk_audit_node(struct zk_audit *a, const struct zk_walk_node *n)
{
	struct zk_bl_match m;
	int ephemeral;

	arena_reset(&a->scratch);
	switch (n->event) {
	case ZK_WALK_ANCESTOR:
		track_parent(a, n->path, n->acl, n->nacl, n->stat);
		return 0;
	case ZK_WALK_UNREADABLE:
	case ZK_WALK_UNLISTABLE:
		if (n->event == ZK_WALK_UNREADABLE)
			a->st.unreadable++;
		else
			a->st.unlistable++;
		emit(a, RULE_ZK_SUBTREE_UNREADABLE, n->path,
		    n->event == ZK_WALK_UNREADABLE ? "getACL" : "getChildren",
		    n->event == ZK_WALK_UNREADABLE ?
		        "the auditor holds neither READ nor ADMIN: this znode "
		        "and everything below it were not audited" :
		        "the auditor may read the ACL but not list the "
		        "children: the subtree below was not audited",
		    zk_code_name(n->err), "READ and ADMIN for the auditor", -1);
		return 0;
	case ZK_WALK_VANISHED:
		a->st.vanished++;
		return 0;
	case ZK_WALK_FAILED:
		a->st.failed++;
		return 0;
	case ZK_WALK_NODE:
		break;
	}
	a->st.nodes++;
	result_pass(a->o.result, RULE_ZK_SUBTREE_UNREADABLE, n->path);
	ephemeral = n->stat != NULL && n->stat->ephemeral_owner != 0;
	if (a->o.baseline != NULL)
		(void)zk_baseline_detect(a->o.baseline, n->path);
	track_parent(a, n->path, n->acl, n->nacl, n->stat);
	if (a->o.baseline != NULL && !ephemeral &&
	    zk_baseline_autodetect(a->o.baseline) &&
	    !zk_baseline_match(a->o.baseline, n->path, 0, &m) &&
	    zk_baseline_match(a->o.baseline, n->path, 1, &m)) {
		/*
		 * Every rule once detection is done: whether world access
		 * is open by design depends on the profile, and the result
		 * must not depend on the order the nodes arrive in (a live
		 * walk and a snapshot visit them differently).
		 */
		if (pend_node(a, n->path, n->acl, n->nacl))
			return 0;
	}
	check_node(a, n->path, n->acl, n->nacl, ephemeral);
	return 0;
}

int
zk_audit_visit(void *arg, const struct zk_walk_node *n)
{
	return zk_audit_node(arg, n);
}

/* Every check of a pending node, now that detection is done. */
static void
settle_node(struct zk_audit *a, const struct pend_node *p)
{
	arena_reset(&a->scratch);
	check_node(a, p->path, p->acl, p->nacl, 0);
}

void
zk_audit_finish(struct zk_audit *a, struct result *r)
{
	size_t i;
	uint8_t pv;

	if (a->finished)
		return;
	a->finished = 1;
	a->o.result = r;
	for (i = 0; i < a->npn; i++)
		settle_node(a, &a->pn[i]);
	for (i = 0; i < a->npc; i++) {
		arena_reset(&a->scratch);
		if (map_get(a, a->pc[i].hash, &pv))
			open_parent(a, a->pc[i].parent, a->pc[i].child, pv);
	}
}
