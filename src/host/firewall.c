/*
 * firewall.c - the ruleset model and the reachability evaluation.
 *
 * The packet space is protocol (0-255) x destination port (0-65535; the
 * ICMP type for ICMP).  A set of packets is a list of disjoint rectangles in
 * that plane; rules are rectangles too (a protocol range times the union of
 * their port ranges), so intersection and subtraction stay exact and cheap
 * for rulesets of any realistic size.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/firewall.h"

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

#define FW_MAX_DEPTH 64
#define FW_MAX_RECTS 200000
#define FW_MAX_SLICES 20000

void
fw_ruleset_init(struct fw_ruleset *rs, const char *source)
{
	memset(rs, 0, sizeof(*rs));
	arena_init(&rs->arena, 0);
	rs->source = arena_strdup(&rs->arena, source != NULL ? source : "");
}

void
fw_ruleset_release(struct fw_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nchains; i++)
		free(rs->chains[i].rules);
	free(rs->chains);
	arena_release(&rs->arena);
	memset(rs, 0, sizeof(*rs));
}

size_t
fw_chain_add(struct fw_ruleset *rs, const char *table, const char *name,
    unsigned fam)
{
	struct fw_chain *c;

	ALLOC_GROW(rs->chains, rs->nchains + 1, rs->alloc);
	c = &rs->chains[rs->nchains];
	memset(c, 0, sizeof(*c));
	c->table = arena_strdup(&rs->arena, table);
	c->name = arena_strdup(&rs->arena, name);
	c->fam = fam;
	c->source = rs->source;
	c->hook = FW_HOOK_NONE;
	c->type = FW_TYPE_FILTER;
	c->policy = FW_POLICY_NONE;
	c->handle = -1;
	return rs->nchains++;
}

struct fw_chain *
fw_chain_find(struct fw_ruleset *rs, const char *table, const char *name,
    unsigned fam)
{
	size_t i;

	for (i = 0; i < rs->nchains; i++) {
		struct fw_chain *c = &rs->chains[i];

		if (c->fam == fam && strcmp(c->name, name) == 0 &&
		    strcmp(c->table, table) == 0)
			return c;
	}
	return NULL;
}

static const struct fw_chain *
chain_lookup(const struct fw_ruleset *rs, const struct fw_chain *from,
    const char *name)
{
	size_t i;

	for (i = 0; i < rs->nchains; i++) {
		const struct fw_chain *c = &rs->chains[i];

		if (c->fam == from->fam && strcmp(c->name, name) == 0 &&
		    strcmp(c->table, from->table) == 0)
			return c;
	}
	return NULL;
}

struct fw_rule *
fw_rule_add(struct fw_ruleset *rs, struct fw_chain *c)
{
	struct fw_rule *r;

	(void)rs;
	ALLOC_GROW(c->rules, c->nrules + 1, c->alloc);
	r = &c->rules[c->nrules++];
	memset(r, 0, sizeof(*r));
	r->handle = -1;
	r->fam = c->fam;
	r->proto = -1;
	r->ct = FW_CT_ALL;
	r->verdict = FW_V_CONTINUE;
	return r;
}

static const char *
join(struct arena *a, const char *old, const char *what)
{
	if (old == NULL)
		return arena_strdup(a, what);
	return arena_printf(a, "%s; %s", old, what);
}

void
fw_rule_qualify(struct fw_ruleset *rs, struct fw_rule *r, const char *what)
{
	r->qual = join(&rs->arena, r->qual, what);
}

void
fw_rule_unknown(struct fw_ruleset *rs, struct fw_rule *r, const char *what)
{
	if (r->unknown == NULL)
		rs->nunknown++;
	r->unknown = join(&rs->arena, r->unknown, what);
}

static const char *
dup_or_null(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

void
fw_ruleset_take_table(struct fw_ruleset *dst, const struct fw_ruleset *src,
    const char *table, unsigned fam)
{
	size_t i, j, k;

	/* Drop dst's chains of the table, keeping the order of the rest. */
	for (i = j = 0; i < dst->nchains; i++) {
		struct fw_chain *c = &dst->chains[i];

		if (c->fam == fam && strcmp(c->table, table) == 0) {
			for (k = 0; k < c->nrules; k++)
				if (c->rules[k].unknown != NULL &&
				    dst->nunknown > 0)
					dst->nunknown--;
			free(c->rules);
			continue;
		}
		dst->chains[j++] = *c;
	}
	dst->nchains = j;
	for (i = 0; i < src->nchains; i++) {
		const struct fw_chain *s = &src->chains[i];
		struct fw_chain *c;
		size_t n;

		if (s->fam != fam || strcmp(s->table, table) != 0)
			continue;
		n = fw_chain_add(dst, s->table, s->name, s->fam);
		c = &dst->chains[n];
		c->hook = s->hook;
		c->type = s->type;
		c->prio = s->prio;
		c->policy = s->policy;
		c->line = s->line;
		c->handle = s->handle;
		c->incompatible = s->incompatible;
		c->source = dup_or_null(&dst->arena, s->source);
		for (k = 0; k < s->nrules; k++) {
			const struct fw_rule *sr = &s->rules[k];
			struct fw_rule *r = fw_rule_add(dst, c);

			*r = *sr;
			r->text = dup_or_null(&dst->arena, sr->text);
			r->iif = dup_or_null(&dst->arena, sr->iif);
			r->oif = dup_or_null(&dst->arena, sr->oif);
			r->qual = dup_or_null(&dst->arena, sr->qual);
			r->unknown = dup_or_null(&dst->arena, sr->unknown);
			r->target = dup_or_null(&dst->arena, sr->target);
			if (sr->unknown != NULL)
				dst->nunknown++;
			if (sr->ndport > 0)
				r->dport = (struct fw_range *)arena_memdup(
				    &dst->arena, sr->dport,
				    sr->ndport * sizeof(*sr->dport));
			if (sr->nsrc > 0)
				r->src = (struct fw_prefix *)arena_memdup(
				    &dst->arena, sr->src,
				    sr->nsrc * sizeof(*sr->src));
		}
	}
}

static const struct {
	const char *name;
	int num;
} protos[] = {
	{ "tcp", 6 },
	{ "udp", 17 },
	{ "icmp", 1 },
	{ "ipv6-icmp", 58 },
	{ "icmpv6", 58 },
	{ "sctp", 132 },
	{ "udplite", 136 },
	{ "dccp", 33 },
	{ "esp", 50 },
	{ "ah", 51 },
	{ "gre", 47 },
	{ "igmp", 2 },
	{ "ipip", 4 },
	{ "ipencap", 4 },
	{ "ospf", 89 },
	{ "vrrp", 112 },
	{ "pim", 103 },
	{ "ipv6", 41 },
	{ "mh", 135 },
	{ "ipv6-mh", 135 },
};

int
fw_proto_number(const char *name)
{
	size_t i;
	char *end;
	long v;

	if (name == NULL || *name == '\0')
		return -1;
	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (strcasecmp(name, protos[i].name) == 0)
			return protos[i].num;
	v = strtol(name, &end, 10);
	if (*end != '\0' || v < 0 || v > 255)
		return -1;
	return (int)v;
}

const char *
fw_proto_name(int proto)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].num == proto)
			return protos[i].name;
	return NULL;
}

int
fw_prefix_parse(const char *s, struct fw_prefix *out)
{
	char buf[64], *slash, *end;
	long len;

	memset(out, 0, sizeof(*out));
	if (strlen(s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, strlen(s) + 1);
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if (inet_pton(AF_INET, buf, out->addr) == 1) {
		out->fam = 4;
		len = 32;
	} else if (inet_pton(AF_INET6, buf, out->addr) == 1) {
		out->fam = 6;
		len = 128;
	} else {
		return -1;
	}
	if (slash != NULL) {
		struct fw_prefix mask;

		if (*slash == '\0')
			return -1;
		len = strtol(slash, &end, 10);
		if (*end != '\0') {
			/* A dotted mask (255.255.255.0) counts its bits. */
			int i, bits = 0, seen_zero = 0;

			if (out->fam != 4 ||
			    inet_pton(AF_INET, slash, mask.addr) != 1)
				return -1;
			for (i = 0; i < 32; i++) {
				int bit = (mask.addr[i / 8] >> (7 - i % 8)) & 1;

				if (bit && seen_zero)
					return -1;
				if (bit)
					bits++;
				else
					seen_zero = 1;
			}
			len = bits;
		}
		if (len < 0 || len > (out->fam == 4 ? 32 : 128))
			return -1;
	}
	out->len = (uint8_t)len;
	return 0;
}

int
fw_prefix_within(const struct fw_prefix *inner, const struct fw_prefix *outer)
{
	unsigned i;

	if (inner->fam != outer->fam || inner->len < outer->len)
		return 0;
	for (i = 0; i < outer->len; i++) {
		unsigned a = (inner->addr[i / 8] >> (7 - i % 8)) & 1;
		unsigned b = (outer->addr[i / 8] >> (7 - i % 8)) & 1;

		if (a != b)
			return 0;
	}
	return 1;
}

static const char *const hook_names[] = {
	[FW_HOOK_NONE] = "",
	[FW_HOOK_PREROUTING] = "prerouting",
	[FW_HOOK_INPUT] = "input",
	[FW_HOOK_FORWARD] = "forward",
	[FW_HOOK_OUTPUT] = "output",
	[FW_HOOK_POSTROUTING] = "postrouting",
	[FW_HOOK_INGRESS] = "ingress",
	[FW_HOOK_OTHER] = "other",
};

enum fw_hook
fw_hook_parse(const char *s)
{
	size_t i;

	for (i = FW_HOOK_PREROUTING; i < FW_HOOK_OTHER; i++)
		if (strcasecmp(s, hook_names[i]) == 0)
			return (enum fw_hook)i;
	return FW_HOOK_OTHER;
}

const char *
fw_hook_name(enum fw_hook h)
{
	if ((size_t)h >= ARRAY_SIZE(hook_names))
		return "other";
	return hook_names[h];
}

/* Rectangle sets over protocol x port. */

struct rect {
	uint8_t plo, phi;
	uint16_t lo, hi;
};

struct rset {
	struct rect *v;
	size_t n, alloc;
};

static void
rset_release(struct rset *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void
rset_push(struct rset *s, unsigned plo, unsigned phi, unsigned lo,
    unsigned hi)
{
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n].plo = (uint8_t)plo;
	s->v[s->n].phi = (uint8_t)phi;
	s->v[s->n].lo = (uint16_t)lo;
	s->v[s->n].hi = (uint16_t)hi;
	s->n++;
}

static void
rset_copy(struct rset *dst, const struct rset *src)
{
	dst->n = 0;
	ALLOC_GROW(dst->v, src->n, dst->alloc);
	if (src->n > 0)
		memcpy(dst->v, src->v, src->n * sizeof(*src->v));
	dst->n = src->n;
}

static int
rect_meet(const struct rect *a, const struct rect *b, struct rect *out)
{
	out->plo = a->plo > b->plo ? a->plo : b->plo;
	out->phi = a->phi < b->phi ? a->phi : b->phi;
	out->lo = a->lo > b->lo ? a->lo : b->lo;
	out->hi = a->hi < b->hi ? a->hi : b->hi;
	return out->plo <= out->phi && out->lo <= out->hi;
}

/* out = a intersected with b (out must differ from both). */
static void
rset_meet(const struct rset *a, const struct rset *b, struct rset *out)
{
	size_t i, j;
	struct rect m;

	out->n = 0;
	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (rect_meet(&a->v[i], &b->v[j], &m))
				rset_push(out, m.plo, m.phi, m.lo, m.hi);
}

/* s = s minus every rectangle of c. */
static void
rset_sub(struct rset *s, const struct rset *c)
{
	struct rset tmp = { 0 };
	size_t i, j;

	for (j = 0; j < c->n && s->n > 0; j++) {
		const struct rect *k = &c->v[j];

		tmp.n = 0;
		for (i = 0; i < s->n; i++) {
			const struct rect *r = &s->v[i];
			struct rect m;

			if (!rect_meet(r, k, &m)) {
				rset_push(&tmp, r->plo, r->phi, r->lo, r->hi);
				continue;
			}
			if (r->plo < m.plo)
				rset_push(&tmp, r->plo, m.plo - 1u, r->lo,
				    r->hi);
			if (r->phi > m.phi)
				rset_push(&tmp, m.phi + 1u, r->phi, r->lo,
				    r->hi);
			if (r->lo < m.lo)
				rset_push(&tmp, m.plo, m.phi, r->lo,
				    m.lo - 1u);
			if (r->hi > m.hi)
				rset_push(&tmp, m.plo, m.phi, m.hi + 1u,
				    r->hi);
		}
		rset_copy(s, &tmp);
	}
	rset_release(&tmp);
}

static void
rset_add(struct rset *s, const struct rset *add)
{
	size_t i;

	for (i = 0; i < add->n; i++)
		rset_push(s, add->v[i].plo, add->v[i].phi, add->v[i].lo,
		    add->v[i].hi);
}

/* The rectangles a rule's protocol and port matches cover. */
static void
rule_cond(const struct fw_rule *r, struct rset *out)
{
	unsigned pr[2][2];
	size_t np = 0, i, k;

	out->n = 0;
	if (r->proto < 0) {
		pr[np][0] = 0;
		pr[np++][1] = 255;
	} else if (r->proto_neg) {
		if (r->proto > 0) {
			pr[np][0] = 0;
			pr[np++][1] = (unsigned)r->proto - 1;
		}
		if (r->proto < 255) {
			pr[np][0] = (unsigned)r->proto + 1;
			pr[np++][1] = 255;
		}
	} else {
		pr[np][0] = pr[np][1] = (unsigned)r->proto;
		np++;
	}
	for (k = 0; k < np; k++) {
		if (r->has_dport) {
			for (i = 0; i < r->ndport; i++)
				rset_push(out, pr[k][0], pr[k][1],
				    r->dport[i].lo, r->dport[i].hi);
		} else {
			rset_push(out, pr[k][0], pr[k][1], 0, 65535);
		}
	}
}

void
fw_eval_init(struct fw_eval *e)
{
	memset(e, 0, sizeof(*e));
	arena_init(&e->arena, 0);
}

void
fw_eval_release(struct fw_eval *e)
{
	free(e->v);
	arena_release(&e->arena);
	memset(e, 0, sizeof(*e));
}

struct walk {
	const struct fw_ruleset *rs;
	unsigned fam;
	struct fw_eval *out; /* slices of the base chain being walked */
	int stop;
	const char *why;
};

/* Conditions met on the way into a chain. */
struct cond {
	const char *q; /* text of every condition, or NULL */
	int unc;       /* an unreadable match */
	const char *iif;
	const struct fw_prefix *src;
	size_t nsrc;
};

static void
slice_add(struct walk *w, struct fw_eval *e, const struct rect *r,
    const struct fw_chain *c, const struct fw_rule *rule,
    const struct cond *k)
{
	struct fw_exposure *x;

	if (e->n >= FW_MAX_SLICES) {
		w->stop = 1;
		w->why = "too many distinct accepted slices";
		return;
	}
	ALLOC_GROW(e->v, e->n + 1, e->alloc);
	x = &e->v[e->n++];
	x->fam = w->fam;
	x->plo = r->plo;
	x->phi = r->phi;
	x->lo = r->lo;
	x->hi = r->hi;
	x->chain = c;
	x->rule = rule;
	x->qual = NULL;
	x->uncertain = 0;
	x->iif = NULL;
	x->src = NULL;
	x->nsrc = 0;
	if (k == NULL)
		return;
	x->qual = k->q != NULL ? arena_strdup(&e->arena, k->q) : NULL;
	x->uncertain = k->unc;
	x->iif = k->iif;
	x->src = k->src;
	x->nsrc = k->nsrc;
}

static int
iface_is_loopback(const char *ifname)
{
	return strcmp(ifname, "lo") == 0;
}

/*
 * The conditions of r that the port plane does not capture, as text for
 * the evidence, or NULL when r applies to every new remote packet.
 */
static const char *
rule_qual(struct arena *a, const struct fw_rule *r)
{
	struct strbuf sb = STRBUF_INIT;
	const char *q;
	size_t i;

	if (r->iif != NULL && !(r->iif_neg && iface_is_loopback(r->iif)))
		strbuf_addf(&sb, "%sin %s", r->iif_neg ? "not " : "", r->iif);
	if (r->oif != NULL)
		strbuf_addf(&sb, "%s%sout %s", sb.len ? ", " : "",
		    r->oif_neg ? "not " : "", r->oif);
	if (r->nsrc > 0) {
		strbuf_addf(&sb, "%sfrom %s", sb.len ? ", " : "",
		    r->src_neg ? "not " : "");
		for (i = 0; i < r->nsrc; i++) {
			char buf[INET6_ADDRSTRLEN];

			inet_ntop(r->src[i].fam == 4 ? AF_INET : AF_INET6,
			    r->src[i].addr, buf, sizeof(buf));
			strbuf_addf(&sb, "%s%s/%u", i ? "," : "", buf,
			    r->src[i].len);
		}
	}
	if (r->qual != NULL)
		strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", r->qual);
	q = sb.len ? arena_strdup(a, sb.buf) : NULL;
	strbuf_release(&sb);
	return q;
}

/* Rules that never see a new packet from a remote network. */
static int
rule_background(const struct fw_rule *r)
{
	if (r->iif != NULL && !r->iif_neg && iface_is_loopback(r->iif))
		return 1;
	if ((r->ct & FW_CT_NEW) == 0)
		return 1;
	return 0;
}

static const char *
qual_join(struct arena *a, const char *ctx, const char *q)
{
	if (ctx == NULL)
		return q;
	if (q == NULL)
		return ctx;
	return arena_printf(a, "%s, %s", ctx, q);
}

/*
 * Walk chain c with the packets in `in` arriving (ctx/unc: conditions met
 * on the way here).  Accepted slices go to w->out; `decided` receives the
 * packets of `in` that got a final verdict in c or below under no
 * condition of their own.
 */
static void
walk_chain(struct walk *w, const struct fw_chain *c, const struct rset *in,
    const struct cond *ctx, int depth, struct rset *decided)
{
	struct rset local = { 0 }, cond = { 0 }, m = { 0 }, sub = { 0 };
	struct rset tainted = { 0 }, fin = { 0 };
	struct arena *a = &w->out->arena;
	size_t i, j;

	if (depth > FW_MAX_DEPTH) {
		w->stop = 1;
		w->why = "chains nest deeper than 64 jumps (a loop?)";
		return;
	}
	rset_copy(&local, in);
	for (i = 0; i < c->nrules && !w->stop && local.n > 0; i++) {
		const struct fw_rule *r = &c->rules[i];
		const char *rq;
		struct cond k;
		int own;

		if ((r->fam & w->fam) == 0 || rule_background(r))
			continue;
		if (r->verdict == FW_V_ACCEPT && (r->ct & FW_CT_INVALID) &&
		    r->ct != FW_CT_ALL && w->out->accept_invalid == NULL)
			w->out->accept_invalid = r;
		rule_cond(r, &cond);
		rset_meet(&local, &cond, &m);
		if (m.n == 0)
			continue;
		rq = rule_qual(a, r);
		k = *ctx;
		k.q = qual_join(a, ctx->q, rq);
		k.unc = ctx->unc || r->unknown != NULL;
		if (r->iif != NULL && !r->iif_neg)
			k.iif = r->iif;
		if (r->nsrc > 0 && !r->src_neg) {
			k.src = r->src;
			k.nsrc = r->nsrc;
		}
		own = rq != NULL || r->unknown != NULL;
		switch (r->verdict) {
		case FW_V_ACCEPT:
			for (j = 0; j < m.n; j++)
				slice_add(w, w->out, &m.v[j], c, r, &k);
			RP_FALLTHROUGH;
		case FW_V_DROP:
		case FW_V_REJECT:
			if (!own) {
				/*
				 * Packets that may have left through a
				 * qualified RETURN or goto are not decided
				 * here: they go on in the caller.
				 */
				rset_copy(&fin, &m);
				rset_sub(&fin, &tainted);
				rset_add(decided, &fin);
				rset_sub(&local, &cond);
			}
			break;
		case FW_V_RETURN:
			if (!own)
				rset_sub(&local, &cond);
			else
				rset_add(&tainted, &m);
			break;
		case FW_V_JUMP:
		case FW_V_GOTO: {
			const struct fw_chain *t = r->target != NULL ?
			    chain_lookup(w->rs, c, r->target) :
			    NULL;

			sub.n = 0;
			if (t == NULL) {
				/* An unknown target: nothing is decided. */
				k.unc = 1;
				for (j = 0; j < m.n; j++)
					slice_add(w, w->out, &m.v[j], c, r,
					    &k);
				break;
			}
			walk_chain(w, t, &m, &k, depth + 1, &sub);
			if (!own) {
				rset_sub(&sub, &tainted);
				rset_add(decided, &sub);
				rset_sub(&local, &sub);
				if (r->verdict == FW_V_GOTO)
					rset_sub(&local, &cond);
			} else if (r->verdict == FW_V_GOTO) {
				rset_add(&tainted, &m);
			}
			break;
		}
		case FW_V_QUEUE:
		case FW_V_UNKNOWN:
			k.unc = 1;
			for (j = 0; j < m.n; j++)
				slice_add(w, w->out, &m.v[j], c, r, &k);
			break;
		case FW_V_CONTINUE:
		case FW_V_NAT:
			break;
		}
		if (decided->n + local.n > FW_MAX_RECTS) {
			w->stop = 1;
			w->why = "the packet space fragmented too much";
		}
	}
	rset_release(&local);
	rset_release(&cond);
	rset_release(&m);
	rset_release(&sub);
	rset_release(&tainted);
	rset_release(&fin);
}

/* Walk base chain c over all packets; accepted slices into out. */
static void
walk_base(struct walk *w, const struct fw_chain *c, struct fw_eval *out)
{
	struct rset all = { 0 }, decided = { 0 };
	struct cond none = { 0 };
	size_t k;

	w->out = out;
	rset_push(&all, 0, 255, 0, 65535);
	walk_chain(w, c, &all, &none, 0, &decided);
	if (c->policy != FW_POLICY_DROP && !w->stop) {
		rset_sub(&all, &decided);
		for (k = 0; k < all.n; k++)
			slice_add(w, out, &all.v[k], c, NULL, NULL);
	}
	rset_release(&all);
	rset_release(&decided);
}

static int
chain_filters(const struct fw_chain *c, unsigned fam, enum fw_hook hook)
{
	return c->hook == hook && c->type != FW_TYPE_NAT && (c->fam & fam);
}

/* Chains a packet bound for hook passes: prerouting comes first. */
static int
chain_on_path(const struct fw_chain *c, unsigned fam, enum fw_hook hook)
{
	if (chain_filters(c, fam, hook))
		return 1;
	return (hook == FW_HOOK_INPUT || hook == FW_HOOK_FORWARD) &&
	    chain_filters(c, fam, FW_HOOK_PREROUTING);
}

/*
 * Intersect the slices of e with those of f (a further base chain): a
 * packet passes the hook only if every base chain lets it through.
 */
static void
eval_meet(struct walk *w, struct fw_eval *e, const struct fw_eval *f)
{
	struct fw_eval res;
	size_t i, j;

	fw_eval_init(&res);
	for (i = 0; i < e->n && !w->stop; i++) {
		for (j = 0; j < f->n && !w->stop; j++) {
			const struct fw_exposure *x = &e->v[i], *y = &f->v[j];
			struct rect a = { x->plo, x->phi, x->lo, x->hi };
			struct rect b = { y->plo, y->phi, y->lo, y->hi };
			struct rect mm;
			struct cond k;

			if (!rect_meet(&a, &b, &mm))
				continue;
			k.q = qual_join(&res.arena, x->qual, y->qual);
			k.unc = x->uncertain || y->uncertain;
			k.iif = x->iif != NULL ? x->iif : y->iif;
			k.src = x->nsrc > 0 ? x->src : y->src;
			k.nsrc = x->nsrc > 0 ? x->nsrc : y->nsrc;
			if (x->rule == NULL && y->rule != NULL)
				slice_add(w, &res, &mm, y->chain, y->rule, &k);
			else
				slice_add(w, &res, &mm, x->chain, x->rule, &k);
		}
	}
	if (res.accept_invalid == NULL)
		res.accept_invalid = e->accept_invalid != NULL ?
		    e->accept_invalid :
		    f->accept_invalid;
	res.nbase = e->nbase;
	free(e->v);
	arena_release(&e->arena);
	*e = res;
}

int
fw_evaluate(const struct fw_ruleset *rs, unsigned fam, enum fw_hook hook,
    struct fw_eval *e)
{
	struct walk w = { .rs = rs, .fam = fam };
	size_t i;
	int first = 1;

	for (i = 0; i < rs->nchains && !w.stop; i++) {
		const struct fw_chain *c = &rs->chains[i];
		struct fw_eval one;

		if (!chain_on_path(c, fam, hook))
			continue;
		if (first) {
			walk_base(&w, c, e);
			first = 0;
			e->nbase = 1;
			continue;
		}
		fw_eval_init(&one);
		walk_base(&w, c, &one);
		if (one.accept_invalid != NULL && e->accept_invalid == NULL)
			e->accept_invalid = one.accept_invalid;
		eval_meet(&w, e, &one);
		e->nbase++;
		fw_eval_release(&one);
	}
	if (first) {
		/* No base chain on the hook: netfilter accepts everything. */
		struct rect all = { 0, 255, 0, 65535 };

		slice_add(&w, e, &all, NULL, NULL, NULL);
	}
	if (w.stop) {
		e->truncated = 1;
		e->why = w.why;
		return RP_ELIMIT;
	}
	return 0;
}

/* ICMP types that carry no service: errors and IPv6's own machinery. */
static int
icmp_background(unsigned fam, int proto, unsigned type)
{
	if (proto == 1 && fam == FW_FAM_IP4)
		return type == 3 || type == 11 || type == 12;
	if (proto == 58 && fam == FW_FAM_IP6)
		return type <= 4 || (type >= 133 && type <= 137) ||
		    type == 141 || type == 142 || type == 143 ||
		    type == 148 || type == 149;
	return 0;
}

static int
is_port_proto(int p)
{
	return p == 6 || p == 17 || p == 132 || p == 136 || p == 33;
}

static int
is_icmp_proto(int p)
{
	return p == 1 || p == 58;
}

static void
describe_numbers(struct strbuf *sb, int proto, unsigned lo, unsigned hi)
{
	if (is_icmp_proto(proto) && hi > 255)
		hi = 255;
	if (lo == hi)
		strbuf_addf(sb, "%u", lo);
	else
		strbuf_addf(sb, "%u-%u", lo, hi);
}

/*
 * Describe the rectangles of s per protocol ("tcp/0-21,23-79", "icmp type
 * 8", "udp/all ports"), port-less protocols folded into "N other
 * protocols".  The rectangles are disjoint.
 */
static void
describe_rset(const struct rset *s, struct strbuf *sb)
{
	unsigned others = 0, p;
	size_t i, j, start = sb->len;
	int first_other = -1;

	for (p = 0; p < 256; p++) {
		struct fw_range r[64];
		size_t n = 0, k;
		int full = 0, more = 0;

		if (!is_port_proto((int)p) && !is_icmp_proto((int)p)) {
			for (i = 0; i < s->n; i++)
				if (s->v[i].plo <= p && p <= s->v[i].phi &&
				    s->v[i].lo == 0) {
					if (first_other < 0)
						first_other = (int)p;
					others++;
					break;
				}
			continue;
		}
		for (i = 0; i < s->n; i++) {
			const struct rect *x = &s->v[i];

			if (x->plo > p || p > x->phi)
				continue;
			if (is_icmp_proto((int)p) && x->lo > 255)
				continue;
			if (n == ARRAY_SIZE(r)) {
				more = 1;
				continue;
			}
			r[n].lo = x->lo;
			r[n].hi = x->hi;
			n++;
		}
		if (n == 0)
			continue;
		/* Sort and merge touching ranges. */
		for (i = 1; i < n; i++) {
			struct fw_range t = r[i];

			for (j = i; j > 0 && r[j - 1].lo > t.lo; j--)
				r[j] = r[j - 1];
			r[j] = t;
		}
		for (i = 1, k = 0; i < n; i++) {
			if ((unsigned)r[i].lo <= (unsigned)r[k].hi + 1u) {
				if (r[i].hi > r[k].hi)
					r[k].hi = r[i].hi;
			} else {
				r[++k] = r[i];
			}
		}
		n = k + 1;
		full = n == 1 && r[0].lo == 0 &&
		    (r[0].hi == 65535 || (is_icmp_proto((int)p) &&
					     r[0].hi >= 255));
		if (sb->len > start)
			strbuf_addstr(sb, ", ");
		strbuf_addstr(sb, fw_proto_name((int)p));
		if (full) {
			strbuf_addstr(sb, is_icmp_proto((int)p) ? "/all types" :
								  "/all ports");
			continue;
		}
		if (is_icmp_proto((int)p))
			strbuf_addstr(sb, n == 1 && r[0].lo == r[0].hi ?
				" type " :
				" types ");
		else
			strbuf_addch(sb, '/');
		for (i = 0; i < n; i++) {
			if (i)
				strbuf_addch(sb, ',');
			describe_numbers(sb, (int)p, r[i].lo, r[i].hi);
		}
		if (more)
			strbuf_addstr(sb, ",...");
	}
	if (others == 1) {
		const char *name = fw_proto_name(first_other);

		if (sb->len > start)
			strbuf_addstr(sb, ", ");
		if (name != NULL)
			strbuf_addstr(sb, name);
		else
			strbuf_addf(sb, "protocol %d", first_other);
	} else if (others > 1) {
		strbuf_addf(sb, "%s%u other protocols", sb->len > start ? ", " : "",
		    others);
	}
}

void
fw_exposure_describe(const struct fw_exposure *x, struct strbuf *sb)
{
	struct rset s = { 0 };

	if (x->plo == 0 && x->phi == 255 && x->lo == 0 && x->hi == 65535) {
		strbuf_addstr(sb, "all protocols and ports");
		return;
	}
	rset_push(&s, x->plo, x->phi, x->lo, x->hi);
	describe_rset(&s, sb);
	rset_release(&s);
}

int
fw_exposure_outside(const struct fw_exposure *x, const struct fw_allow *allow,
    size_t nallow, struct strbuf *sb)
{
	struct rset s = { 0 }, a = { 0 };
	size_t i;
	unsigned t;
	int outside;

	rset_push(&s, x->plo, x->phi, x->lo, x->hi);
	for (i = 0; i < nallow; i++) {
		if (allow[i].proto < 0)
			rset_push(&a, 0, 255, allow[i].lo, allow[i].hi);
		else
			rset_push(&a, (unsigned)allow[i].proto,
			    (unsigned)allow[i].proto, allow[i].lo,
			    allow[i].hi);
	}
	/* ICMP types beyond 255 do not exist; background types are fine. */
	rset_push(&a, 1, 1, 256, 65535);
	rset_push(&a, 58, 58, 256, 65535);
	for (t = 0; t < 256; t++) {
		if (icmp_background(x->fam, 1, t))
			rset_push(&a, 1, 1, t, t);
		if (icmp_background(x->fam, 58, t))
			rset_push(&a, 58, 58, t, t);
	}
	/* Port-less protocols have one "port": count them once. */
	for (t = 0; t < 256; t++)
		if (!is_port_proto((int)t) && !is_icmp_proto((int)t))
			rset_push(&a, t, t, 1, 65535);
	rset_sub(&s, &a);
	outside = s.n > 0;
	if (outside)
		describe_rset(&s, sb);
	rset_release(&s);
	rset_release(&a);
	return outside;
}

static int
rule_unconditional_drop(const struct fw_rule *r)
{
	return (r->verdict == FW_V_DROP || r->verdict == FW_V_REJECT) &&
	    r->proto < 0 && !r->has_dport &&
	    r->iif == NULL && r->oif == NULL && r->nsrc == 0 &&
	    r->ct == FW_CT_ALL && r->qual == NULL && r->unknown == NULL;
}

int
fw_default_drop(const struct fw_ruleset *rs, unsigned fam, enum fw_hook hook,
    const struct fw_chain **where)
{
	size_t i;

	if (where != NULL)
		*where = NULL;
	for (i = 0; i < rs->nchains; i++) {
		const struct fw_chain *c = &rs->chains[i];

		if (!chain_filters(c, fam, hook))
			continue;
		if (where != NULL && *where == NULL)
			*where = c;
		if (c->policy == FW_POLICY_DROP ||
		    (c->nrules > 0 &&
			rule_unconditional_drop(&c->rules[c->nrules - 1]))) {
			if (where != NULL)
				*where = c;
			return 1;
		}
	}
	return 0;
}

static const char *const verdict_names[] = {
	[FW_V_CONTINUE] = "continue",
	[FW_V_ACCEPT] = "accept",
	[FW_V_DROP] = "drop",
	[FW_V_REJECT] = "reject",
	[FW_V_RETURN] = "return",
	[FW_V_JUMP] = "jump",
	[FW_V_GOTO] = "goto",
	[FW_V_QUEUE] = "queue",
	[FW_V_NAT] = "nat",
	[FW_V_UNKNOWN] = "unknown",
};

void
fw_rule_canon(const struct fw_rule *r, struct strbuf *sb)
{
	size_t i;

	strbuf_addf(sb, "  fam=%u", r->fam);
	if (r->proto >= 0)
		strbuf_addf(sb, " proto=%s%d", r->proto_neg ? "!" : "",
		    r->proto);
	if (r->has_dport) {
		strbuf_addstr(sb, " dport=");
		for (i = 0; i < r->ndport; i++)
			strbuf_addf(sb, "%s%u-%u", i ? "," : "", r->dport[i].lo,
			    r->dport[i].hi);
	}
	if (r->iif != NULL)
		strbuf_addf(sb, " iif=%s%s", r->iif_neg ? "!" : "", r->iif);
	if (r->oif != NULL)
		strbuf_addf(sb, " oif=%s%s", r->oif_neg ? "!" : "", r->oif);
	if (r->nsrc > 0) {
		strbuf_addf(sb, " src=%s", r->src_neg ? "!" : "");
		for (i = 0; i < r->nsrc; i++) {
			char buf[INET6_ADDRSTRLEN];

			inet_ntop(r->src[i].fam == 4 ? AF_INET : AF_INET6,
			    r->src[i].addr, buf, sizeof(buf));
			strbuf_addf(sb, "%s%s/%u", i ? "," : "", buf,
			    r->src[i].len);
		}
	}
	if (r->ct != FW_CT_ALL)
		strbuf_addf(sb, " ct=%u", r->ct);
	if (r->qual != NULL)
		strbuf_addf(sb, " match=[%s]", r->qual);
	if (r->unknown != NULL)
		strbuf_addf(sb, " unknown=[%s]", r->unknown);
	strbuf_addf(sb, " -> %s", verdict_names[r->verdict]);
	if (r->target != NULL)
		strbuf_addf(sb, " %s", r->target);
	strbuf_addch(sb, '\n');
}

void
fw_ruleset_canon(const struct fw_ruleset *rs, const char *table,
    struct strbuf *sb)
{
	size_t i, k;

	for (i = 0; i < rs->nchains; i++) {
		const struct fw_chain *c = &rs->chains[i];
		static const char *const pol[] = { "-", "accept", "drop" };

		if (table != NULL && strcmp(c->table, table) != 0)
			continue;
		strbuf_addf(sb, "chain %s %s fam=%u hook=%s policy=%s\n",
		    c->table, c->name, c->fam, fw_hook_name(c->hook),
		    pol[c->policy]);
		for (k = 0; k < c->nrules; k++)
			fw_rule_canon(&c->rules[k], sb);
	}
}

size_t
fw_ruleset_prefer_readable(struct fw_ruleset *dst, const struct fw_ruleset *src)
{
	size_t i, k, n = 0;

	for (i = 0; i < dst->nchains; i++) {
		const struct fw_chain *c = &dst->chains[i];
		const struct fw_chain *ic;
		char table[64];
		unsigned fam = c->fam;
		int unknown = 0;

		if (fam != FW_FAM_IP4 && fam != FW_FAM_IP6)
			continue;
		for (k = 0; k < c->nrules; k++)
			if (c->rules[k].unknown != NULL)
				unknown = 1;
		if (!unknown)
			continue;
		ic = fw_chain_find((struct fw_ruleset *)(uintptr_t)src, c->table,
		    c->name, fam);
		if (ic == NULL || ic->incompatible ||
		    strlen(c->table) >= sizeof(table))
			continue;
		memcpy(table, c->table, strlen(c->table) + 1);
		fw_ruleset_take_table(dst, src, table, fam);
		n++;
		/* The chain array changed: start over (i++ makes it 0). */
		i = (size_t)-1;
	}
	return n;
}
