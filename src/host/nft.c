/*
 * nft.c - nftables JSON into the firewall model.
 *
 * The document is loaded with the project's YAML/JSON loader and read in
 * three passes: sets and maps (so "@name" references resolve), chains, and
 * rules.  Each rule's statements are read in order into one fw_rule: the
 * matches the model follows (l4 protocol, destination port, ICMP type,
 * interfaces, source prefixes, ct state, nfproto) fill it, other matches
 * become qualifiers with their text, and "xt" statements (iptables-nft
 * extensions that nft prints without their arguments) become unknown
 * matches.  A verdict map (`ct state vmap { ... }`, `tcp dport vmap
 * { ... }`) becomes one rule per entry.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/nft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/iptables.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"
#include "util/yload.h"
#include "util/ynode.h"
#include "util/banned.h"

#define MAX_RANGES 4096

struct nset {
	const char *family, *table, *name;
	const struct ynode *elem; /* the elem array, or NULL */
	const struct ynode *type;
};

struct nft {
	struct fw_ruleset *rs;
	const char *name;
	struct rp_diag *d;
	struct nset *sets;
	size_t nsets, sets_alloc;
	struct strbuf text; /* rule text being rebuilt */
};

unsigned
nft_family(const char *name)
{
	if (name == NULL)
		return FW_FAM_OTHER;
	if (strcmp(name, "ip") == 0)
		return FW_FAM_IP4;
	if (strcmp(name, "ip6") == 0)
		return FW_FAM_IP6;
	if (strcmp(name, "inet") == 0)
		return FW_FAM_INET;
	return FW_FAM_OTHER;
}

static int nft_fail(struct nft *p, const struct ynode *n, const char *fmt,
    ...) RP_PRINTF(3, 4);

static int
nft_fail(struct nft *p, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = rp_diag_vfail(p->d, RP_EPARSE, p->name,
	    n != NULL ? (long)n->line : 0, fmt, ap);
	va_end(ap);
	return r;
}

/* The only key of a one-key object, or NULL. */
static const char *
one_key(const struct ynode *n, const struct ynode **val)
{
	if (n == NULL || n->type != YNODE_MAP || n->n != 1)
		return NULL;
	*val = n->u.pairs[0].val;
	return ynode_str(n->u.pairs[0].key);
}

static const struct nset *
set_find(const struct nft *p, const char *family, const char *table,
    const char *name)
{
	size_t i;

	for (i = 0; i < p->nsets; i++)
		if (strcmp(p->sets[i].name, name) == 0 &&
		    strcmp(p->sets[i].table, table) == 0 &&
		    strcmp(p->sets[i].family, family) == 0)
			return &p->sets[i];
	return NULL;
}

/* Render a right-hand value in nft syntax for the evidence. */
static void
render_value(const struct ynode *v, struct strbuf *sb, int depth)
{
	const struct ynode *inner;
	const char *k;
	size_t i;

	if (v == NULL || depth > 8) {
		strbuf_addstr(sb, "?");
		return;
	}
	if (v->type == YNODE_SCALAR) {
		strbuf_addstr(sb, v->u.s);
		return;
	}
	if (v->type == YNODE_SEQ) {
		for (i = 0; i < v->n; i++) {
			if (i)
				strbuf_addch(sb, ',');
			render_value(v->u.items[i], sb, depth + 1);
		}
		return;
	}
	k = one_key(v, &inner);
	if (k == NULL) {
		strbuf_addstr(sb, "{...}");
		return;
	}
	if (strcmp(k, "set") == 0) {
		strbuf_addstr(sb, "{ ");
		if (inner != NULL && inner->type == YNODE_SEQ) {
			for (i = 0; i < inner->n; i++) {
				if (i)
					strbuf_addstr(sb, ", ");
				render_value(inner->u.items[i], sb, depth + 1);
			}
		} else {
			render_value(inner, sb, depth + 1);
		}
		strbuf_addstr(sb, " }");
	} else if (strcmp(k, "range") == 0 && ynode_len(inner) == 2) {
		render_value(ynode_item(inner, 0), sb, depth + 1);
		strbuf_addch(sb, '-');
		render_value(ynode_item(inner, 1), sb, depth + 1);
	} else if (strcmp(k, "prefix") == 0) {
		strbuf_addf(sb, "%s/%s", ynode_get_str(inner, "addr") ?
			ynode_get_str(inner, "addr") : "?",
		    ynode_get_str(inner, "len") ? ynode_get_str(inner, "len") :
						  "?");
	} else {
		strbuf_addstr(sb, k);
	}
}

/* Render a left-hand expression ("tcp dport", "iifname", "ct state"). */
static void
render_left(const struct ynode *l, struct strbuf *sb)
{
	const struct ynode *inner;
	const char *k = one_key(l, &inner);

	if (k == NULL) {
		render_value(l, sb, 0);
		return;
	}
	if (strcmp(k, "payload") == 0) {
		strbuf_addf(sb, "%s %s", ynode_get_str(inner, "protocol") ?
			ynode_get_str(inner, "protocol") : "raw",
		    ynode_get_str(inner, "field") ?
			ynode_get_str(inner, "field") : "?");
	} else if (strcmp(k, "meta") == 0 || strcmp(k, "ct") == 0) {
		if (strcmp(k, "ct") == 0)
			strbuf_addstr(sb, "ct ");
		else if (ynode_get_str(inner, "key") != NULL &&
		    strcmp(ynode_get_str(inner, "key"), "iifname") != 0 &&
		    strcmp(ynode_get_str(inner, "key"), "oifname") != 0 &&
		    strcmp(ynode_get_str(inner, "key"), "l4proto") != 0 &&
		    strcmp(ynode_get_str(inner, "key"), "nfproto") != 0)
			strbuf_addstr(sb, "meta ");
		strbuf_addstr(sb, ynode_get_str(inner, "key") ?
			ynode_get_str(inner, "key") : "?");
	} else {
		strbuf_addstr(sb, k);
	}
}

/* One port-like value (number or service name) of a right-hand side. */
static int
scalar_port(const struct ynode *v, long *out)
{
	long long n;
	int sp;

	if (v == NULL || v->type != YNODE_SCALAR)
		return -1;
	if (ynode_int(v, &n) == YGET_OK) {
		if (n < 0 || n > 65535)
			return -1;
		*out = (long)n;
		return 0;
	}
	sp = iptables_service_port(v->u.s);
	if (sp < 0)
		return -1;
	*out = sp;
	return 0;
}

/*
 * Collect the ranges a right-hand side covers into v (n so far); values
 * are ports, ICMP types or protocol numbers.  name_fn maps names for
 * protocols and ICMP types.  Returns 0 or -1 (unreadable).
 */
static int
collect_ranges(struct nft *p, const char *family, const char *table,
    const struct ynode *r, int (*name_fn)(const char *), struct fw_range *v,
    size_t *n, int depth)
{
	const struct ynode *inner;
	const char *k;
	long lo, hi;
	size_t i;

	if (r == NULL || depth > 4)
		return -1;
	if (r->type == YNODE_SCALAR) {
		if (r->u.s[0] == '@') {
			const struct nset *s = set_find(p, family, table,
			    r->u.s + 1);

			if (s == NULL || s->elem == NULL)
				return -1;
			return collect_ranges(p, family, table, s->elem,
			    name_fn, v, n, depth + 1);
		}
		if (scalar_port(r, &lo) != 0) {
			if (name_fn == NULL || (lo = name_fn(r->u.s)) < 0)
				return -1;
		}
		if (*n >= MAX_RANGES)
			return -1;
		v[*n].lo = v[*n].hi = (uint16_t)lo;
		(*n)++;
		return 0;
	}
	if (r->type == YNODE_SEQ) {
		for (i = 0; i < r->n; i++)
			if (collect_ranges(p, family, table, r->u.items[i],
				name_fn, v, n, depth + 1) != 0)
				return -1;
		return 0;
	}
	k = one_key(r, &inner);
	if (k == NULL)
		return -1;
	if (strcmp(k, "set") == 0)
		return collect_ranges(p, family, table, inner, name_fn, v, n,
		    depth + 1);
	if (strcmp(k, "range") == 0 && ynode_len(inner) == 2) {
		if (scalar_port(ynode_item(inner, 0), &lo) != 0 ||
		    scalar_port(ynode_item(inner, 1), &hi) != 0 || lo > hi ||
		    *n >= MAX_RANGES)
			return -1;
		v[*n].lo = (uint16_t)lo;
		v[*n].hi = (uint16_t)hi;
		(*n)++;
		return 0;
	}
	if (strcmp(k, "elem") == 0)
		return collect_ranges(p, family, table, ynode_get(inner, "val"),
		    name_fn, v, n, depth + 1);
	return -1;
}

static int
proto_by_name(const char *s)
{
	return fw_proto_number(s);
}

static int
icmp_by_name(const char *s)
{
	static const struct {
		const char *name;
		int type;
	} t[] = {
		{ "echo-reply", 0 }, { "destination-unreachable", 3 },
		{ "source-quench", 4 }, { "redirect", 5 },
		{ "echo-request", 8 }, { "router-advertisement", 9 },
		{ "router-solicitation", 10 }, { "time-exceeded", 11 },
		{ "parameter-problem", 12 }, { "timestamp-request", 13 },
		{ "timestamp-reply", 14 }, { "info-request", 15 },
		{ "info-reply", 16 }, { "address-mask-request", 17 },
		{ "address-mask-reply", 18 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (strcmp(t[i].name, s) == 0)
			return t[i].type;
	return -1;
}

static int
icmp6_by_name(const char *s)
{
	static const struct {
		const char *name;
		int type;
	} t[] = {
		{ "destination-unreachable", 1 }, { "packet-too-big", 2 },
		{ "time-exceeded", 3 }, { "parameter-problem", 4 },
		{ "echo-request", 128 }, { "echo-reply", 129 },
		{ "mld-listener-query", 130 }, { "mld-listener-report", 131 },
		{ "mld-listener-done", 132 }, { "mld-listener-reduction", 132 },
		{ "nd-router-solicit", 133 }, { "nd-router-advert", 134 },
		{ "nd-neighbor-solicit", 135 }, { "nd-neighbor-advert", 136 },
		{ "nd-redirect", 137 }, { "router-renumbering", 138 },
		{ "ind-neighbor-solicit", 141 }, { "ind-neighbor-advert", 142 },
		{ "mld2-listener-report", 143 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		if (strcmp(t[i].name, s) == 0)
			return t[i].type;
	return -1;
}

/* Sort, merge and (for negated matches) complement ranges into r->dport. */
static void
set_dport(struct nft *p, struct fw_rule *r, struct fw_range *v, size_t n,
    int neg)
{
	struct fw_range *out;
	size_t i, j, k = 0;
	unsigned next = 0;

	if (r->has_dport) {
		fw_rule_qualify(p->rs, r, "second port match");
		return;
	}
	for (i = 1; i < n; i++) {
		struct fw_range t = v[i];

		for (j = i; j > 0 && v[j - 1].lo > t.lo; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
	out = arena_calloc(&p->rs->arena, n + 1, sizeof(*out));
	for (i = 0; i < n; i++) {
		if (k > 0 && v[i].lo <= (unsigned)out[k - 1].hi + 1u) {
			if (v[i].hi > out[k - 1].hi)
				out[k - 1].hi = v[i].hi;
			continue;
		}
		out[k++] = v[i];
	}
	if (neg) {
		struct fw_range *c = arena_calloc(&p->rs->arena, k + 1,
		    sizeof(*c));
		size_t m = 0;

		for (i = 0; i < k; i++) {
			if (out[i].lo > next) {
				c[m].lo = (uint16_t)next;
				c[m++].hi = (uint16_t)(out[i].lo - 1u);
			}
			next = (unsigned)out[i].hi + 1u;
		}
		if (next <= 65535) {
			c[m].lo = (uint16_t)next;
			c[m++].hi = 65535;
		}
		out = c;
		k = m;
	}
	r->dport = out;
	r->ndport = k;
	r->has_dport = 1;
}

static unsigned
ct_bits(const struct ynode *r, int *bad, int depth)
{
	static const struct {
		const char *name;
		unsigned bit;
	} st[] = {
		{ "new", FW_CT_NEW },
		{ "established", FW_CT_ESTABLISHED },
		{ "related", FW_CT_RELATED },
		{ "invalid", FW_CT_INVALID },
		{ "untracked", FW_CT_UNTRACKED },
	};
	const struct ynode *inner;
	unsigned bits = 0;
	size_t i;

	if (r == NULL || depth > 4) {
		*bad = 1;
		return 0;
	}
	if (r->type == YNODE_SCALAR) {
		for (i = 0; i < ARRAY_SIZE(st); i++)
			if (strcmp(r->u.s, st[i].name) == 0)
				return st[i].bit;
		*bad = 1;
		return 0;
	}
	if (r->type == YNODE_SEQ) {
		for (i = 0; i < r->n; i++)
			bits |= ct_bits(r->u.items[i], bad, depth + 1);
		return bits;
	}
	if (one_key(r, &inner) != NULL && strcmp(one_key(r, &inner), "set") == 0)
		return ct_bits(inner, bad, depth + 1);
	*bad = 1;
	return 0;
}

/* Apply "left op right" to rule r.  Returns 0, or an error. */
static int
apply_match(struct nft *p, struct fw_rule *r, const char *family,
    const char *table, const struct ynode *left, const char *op,
    const struct ynode *right, const struct ynode *at)
{
	struct fw_range v[MAX_RANGES];
	const struct ynode *inner;
	const char *k = one_key(left, &inner);
	const char *proto = NULL, *field = NULL, *key = NULL;
	size_t n = 0;
	int neg = strcmp(op, "!=") == 0;
	int eq = neg || strcmp(op, "==") == 0 || strcmp(op, "in") == 0;
	struct strbuf q = STRBUF_INIT;
	int rc = 0;

	render_left(left, &q);
	if (strcmp(op, "==") == 0 || strcmp(op, "in") == 0)
		strbuf_addch(&q, ' ');
	else
		strbuf_addf(&q, " %s ", op);
	render_value(right, &q, 0);
	if (k != NULL && strcmp(k, "payload") == 0) {
		proto = ynode_get_str(inner, "protocol");
		field = ynode_get_str(inner, "field");
	} else if (k != NULL && (strcmp(k, "meta") == 0 ||
				    strcmp(k, "ct") == 0)) {
		key = ynode_get_str(inner, "key");
	}
	if (proto != NULL && field != NULL && strcmp(field, "dport") == 0 &&
	    fw_proto_number(proto) >= 0) {
		int pn = fw_proto_number(proto);

		/* "tcp dport 22" also says the packet is TCP. */
		if (r->proto < 0) {
			r->proto = pn;
		} else if (r->proto != pn || r->proto_neg) {
			fw_rule_qualify(p->rs, r, q.buf);
			goto out;
		}
		if (!eq) {
			long b;

			if (scalar_port(right, &b) != 0) {
				rc = nft_fail(p, at, "bad port in \"%s\"",
				    q.buf);
				goto out;
			}
			v[0].lo = strcmp(op, ">") == 0 ? (uint16_t)(b + 1) :
			    strcmp(op, ">=") == 0 ? (uint16_t)b :
						    0;
			v[0].hi = strcmp(op, "<") == 0 ? (uint16_t)(b - 1) :
			    strcmp(op, "<=") == 0 ? (uint16_t)b :
						    65535;
			if ((strcmp(op, "<") == 0 && b == 0) ||
			    (strcmp(op, ">") == 0 && b == 65535)) {
				fw_rule_qualify(p->rs, r, "matches nothing");
				goto out;
			}
			set_dport(p, r, v, 1, 0);
			goto out;
		}
		if (collect_ranges(p, family, table, right, NULL, v, &n, 0) !=
			0 ||
		    n == 0) {
			fw_rule_unknown(p->rs, r, q.buf);
			goto out;
		}
		set_dport(p, r, v, n, neg);
	} else if (proto != NULL && field != NULL &&
	    (strcmp(proto, "icmp") == 0 || strcmp(proto, "icmpv6") == 0) &&
	    strcmp(field, "type") == 0 && eq) {
		int pn = strcmp(proto, "icmp") == 0 ? 1 : 58;

		if (r->proto < 0)
			r->proto = pn;
		r->fam &= pn == 1 ? FW_FAM_IP4 : FW_FAM_IP6;
		if (collect_ranges(p, family, table, right,
			pn == 1 ? icmp_by_name : icmp6_by_name, v, &n,
			0) != 0 ||
		    n == 0) {
			fw_rule_unknown(p->rs, r, q.buf);
			goto out;
		}
		set_dport(p, r, v, n, neg);
	} else if (proto != NULL && field != NULL &&
	    ((strcmp(proto, "ip") == 0 && strcmp(field, "protocol") == 0) ||
		(strcmp(proto, "ip6") == 0 &&
		    strcmp(field, "nexthdr") == 0)) &&
	    eq && right != NULL && right->type == YNODE_SCALAR &&
	    proto_by_name(right->u.s) >= 0) {
		r->fam &= strcmp(proto, "ip") == 0 ? FW_FAM_IP4 : FW_FAM_IP6;
		r->proto = proto_by_name(right->u.s);
		r->proto_neg = neg;
	} else if (proto != NULL && field != NULL &&
	    (strcmp(proto, "ip") == 0 || strcmp(proto, "ip6") == 0) &&
	    strcmp(field, "saddr") == 0 && eq && right != NULL &&
	    (right->type == YNODE_SCALAR || one_key(right, &inner) != NULL)) {
		struct fw_prefix pf;
		const char *addr = NULL, *plen = NULL;
		char buf[80];

		r->fam &= strcmp(proto, "ip") == 0 ? FW_FAM_IP4 : FW_FAM_IP6;
		if (right->type == YNODE_SCALAR && right->u.s[0] != '@') {
			addr = right->u.s;
		} else if (one_key(right, &inner) != NULL &&
		    strcmp(one_key(right, &inner), "prefix") == 0) {
			addr = ynode_get_str(inner, "addr");
			plen = ynode_get_str(inner, "len");
		}
		if (addr != NULL &&
		    snprintf(buf, sizeof(buf), "%s%s%s", addr, plen ? "/" : "",
			plen ? plen : "") < (int)sizeof(buf) &&
		    fw_prefix_parse(buf, &pf) == 0 && r->nsrc == 0) {
			r->src = (struct fw_prefix *)arena_memdup(
			    &p->rs->arena, &pf, sizeof(pf));
			r->nsrc = 1;
			r->src_neg = neg;
		} else {
			fw_rule_qualify(p->rs, r, q.buf);
		}
	} else if (proto != NULL && (strcmp(proto, "ip") == 0 ||
				       strcmp(proto, "ip6") == 0)) {
		r->fam &= strcmp(proto, "ip") == 0 ? FW_FAM_IP4 : FW_FAM_IP6;
		fw_rule_qualify(p->rs, r, q.buf);
	} else if (proto != NULL && field != NULL &&
	    fw_proto_number(proto) >= 0) {
		/* "tcp sport 53", "udp length": the protocol still holds. */
		int pn = fw_proto_number(proto);

		if (r->proto < 0)
			r->proto = pn;
		fw_rule_qualify(p->rs, r, q.buf);
	} else if (key != NULL && strcmp(k, "meta") == 0 &&
	    (strcmp(key, "iifname") == 0 || strcmp(key, "iif") == 0) && eq &&
	    right != NULL && right->type == YNODE_SCALAR && r->iif == NULL) {
		r->iif = arena_strdup(&p->rs->arena, right->u.s);
		r->iif_neg = neg;
	} else if (key != NULL && strcmp(k, "meta") == 0 &&
	    (strcmp(key, "oifname") == 0 || strcmp(key, "oif") == 0) && eq &&
	    right != NULL && right->type == YNODE_SCALAR && r->oif == NULL) {
		r->oif = arena_strdup(&p->rs->arena, right->u.s);
		r->oif_neg = neg;
	} else if (key != NULL && strcmp(k, "meta") == 0 &&
	    strcmp(key, "l4proto") == 0 && eq && right != NULL &&
	    right->type == YNODE_SCALAR && proto_by_name(right->u.s) >= 0) {
		int pn = proto_by_name(right->u.s);

		if (r->proto >= 0 && (r->proto != pn || r->proto_neg)) {
			fw_rule_qualify(p->rs, r, q.buf);
		} else {
			r->proto = pn;
			r->proto_neg = neg;
		}
	} else if (key != NULL && strcmp(k, "meta") == 0 &&
	    (strcmp(key, "nfproto") == 0 || strcmp(key, "protocol") == 0) &&
	    eq && right != NULL && right->type == YNODE_SCALAR) {
		unsigned f = strcmp(right->u.s, "ipv4") == 0 ||
			strcmp(right->u.s, "ip") == 0 ?
		    FW_FAM_IP4 :
		    strcmp(right->u.s, "ipv6") == 0 ||
			strcmp(right->u.s, "ip6") == 0 ?
		    FW_FAM_IP6 :
		    0;

		if (f == 0)
			fw_rule_qualify(p->rs, r, q.buf);
		else
			r->fam &= neg ? (FW_FAM_INET & ~f) : f;
	} else if (key != NULL && strcmp(k, "ct") == 0 &&
	    strcmp(key, "state") == 0 && eq) {
		int bad = 0;
		unsigned bits = ct_bits(right, &bad, 0);

		if (bad) {
			rc = nft_fail(p, at, "unknown ct state in \"%s\"",
			    q.buf);
			goto out;
		}
		/* A flag match "ct state established" tests bits. */
		if (neg)
			bits = FW_CT_ALL & ~bits;
		r->ct &= bits;
	} else {
		fw_rule_qualify(p->rs, r, q.buf);
	}
out:
	strbuf_release(&q);
	return rc;
}

static const char *const nat_stmts[] = {
	"dnat", "snat", "masquerade", "redirect",
};

static const char *const noop_stmts[] = {
	"counter", "log", "comment", "mangle", "meter", "set", "notrack",
	"ct helper", "ct timeout", "ct expectation", "dup", "fwd", "tproxy",
	"synproxy", "reset", "secmark", "flow", "tcp option", "xt target",
};

/* Verdict statement k? Fills r and returns 1; 0 if k is no verdict. */
static int
apply_verdict(struct nft *p, struct fw_rule *r, const char *k,
    const struct ynode *v)
{
	if (strcmp(k, "accept") == 0)
		r->verdict = FW_V_ACCEPT;
	else if (strcmp(k, "drop") == 0)
		r->verdict = FW_V_DROP;
	else if (strcmp(k, "reject") == 0)
		r->verdict = FW_V_REJECT;
	else if (strcmp(k, "return") == 0)
		r->verdict = FW_V_RETURN;
	else if (strcmp(k, "continue") == 0)
		r->verdict = FW_V_CONTINUE;
	else if (strcmp(k, "queue") == 0)
		r->verdict = FW_V_QUEUE;
	else if (strcmp(k, "jump") == 0 || strcmp(k, "goto") == 0) {
		const char *t = ynode_get_str(v, "target");

		r->verdict = k[0] == 'j' ? FW_V_JUMP : FW_V_GOTO;
		r->target = arena_strdup(&p->rs->arena, t != NULL ? t : "");
	} else {
		return 0;
	}
	return 1;
}

/* An "xt" statement: a match or target nft cannot show. */
static void
apply_xt(struct nft *p, struct fw_rule *r, const struct ynode *v)
{
	const char *type = ynode_get_str(v, "type");
	const char *name = ynode_get_str(v, "name");
	char what[96];
	size_t i;

	if (name == NULL)
		name = "?";
	if (type != NULL && strcmp(type, "target") == 0) {
		static const char *const nat[] = { "DNAT", "SNAT", "REDIRECT",
			"MASQUERADE", "NETMAP" };

		for (i = 0; i < ARRAY_SIZE(nat); i++)
			if (strcmp(name, nat[i]) == 0) {
				r->verdict = FW_V_NAT;
				return;
			}
		if (strcmp(name, "LOG") == 0 || strcmp(name, "NFLOG") == 0 ||
		    strcmp(name, "MARK") == 0 ||
		    strcmp(name, "CONNMARK") == 0 || strcmp(name, "CT") == 0 ||
		    strcmp(name, "TCPMSS") == 0 || strcmp(name, "CHECKSUM") == 0)
			return;
		r->verdict = FW_V_UNKNOWN;
		r->target = arena_strdup(&p->rs->arena, name);
		return;
	}
	if (strcmp(name, "comment") == 0)
		return;
	snprintf(what, sizeof(what), "xt match %s", name);
	fw_rule_unknown(p->rs, r, what);
}

static void
text_stmt(struct strbuf *sb, const char *k, const struct ynode *v)
{
	if (sb->len)
		strbuf_addch(sb, ' ');
	if (strcmp(k, "jump") == 0 || strcmp(k, "goto") == 0)
		strbuf_addf(sb, "%s %s", k, ynode_get_str(v, "target") ?
			ynode_get_str(v, "target") : "?");
	else if (strcmp(k, "xt") == 0)
		strbuf_addf(sb, "xt %s %s", ynode_get_str(v, "type") ?
			ynode_get_str(v, "type") : "?",
		    ynode_get_str(v, "name") ? ynode_get_str(v, "name") : "?");
	else
		strbuf_addstr(sb, k);
}

/*
 * Read one rule object into chain c.  A verdict map fans out into one rule
 * per entry, each with the matches that came before it.
 */
static int
parse_rule(struct nft *p, struct fw_chain *c, const struct ynode *obj,
    const char *family, const char *table)
{
	const struct ynode *expr = ynode_get(obj, "expr");
	struct fw_rule tmpl, *r;
	const struct ynode *vmap = NULL;
	long long handle = -1;
	size_t i;
	int rc = 0;

	if (expr == NULL || expr->type != YNODE_SEQ)
		return nft_fail(p, obj, "rule without an \"expr\" list");
	(void)ynode_int(ynode_get(obj, "handle"), &handle);
	r = fw_rule_add(p->rs, c);
	r->handle = handle;
	strbuf_reset(&p->text);
	for (i = 0; i < expr->n && rc == 0; i++) {
		const struct ynode *st = expr->u.items[i], *v;
		const char *k = one_key(st, &v);
		size_t j;

		if (k == NULL) {
			rc = nft_fail(p, st, "statement is not a one-key object");
			break;
		}
		if (strcmp(k, "match") == 0) {
			const char *op = ynode_get_str(v, "op");
			const struct ynode *left = ynode_get(v, "left");
			const struct ynode *right = ynode_get(v, "right");

			if (op == NULL || left == NULL || right == NULL) {
				rc = nft_fail(p, st,
				    "match without op, left or right");
				break;
			}
			if (p->text.len)
				strbuf_addch(&p->text, ' ');
			render_left(left, &p->text);
			if (strcmp(op, "==") != 0 && strcmp(op, "in") != 0)
				strbuf_addf(&p->text, " %s", op);
			strbuf_addch(&p->text, ' ');
			render_value(right, &p->text, 0);
			rc = apply_match(p, r, family, table, left, op, right,
			    st);
			continue;
		}
		if (strcmp(k, "vmap") == 0) {
			vmap = v;
			if (p->text.len)
				strbuf_addch(&p->text, ' ');
			render_left(ynode_get(v, "key"), &p->text);
			strbuf_addstr(&p->text, " vmap ");
			render_value(ynode_get(v, "data"), &p->text, 0);
			continue;
		}
		text_stmt(&p->text, k, v);
		if (apply_verdict(p, r, k, v))
			continue;
		if (strcmp(k, "xt") == 0) {
			apply_xt(p, r, v);
			continue;
		}
		for (j = 0; j < ARRAY_SIZE(nat_stmts); j++)
			if (strcmp(k, nat_stmts[j]) == 0)
				r->verdict = FW_V_NAT;
		if (r->verdict == FW_V_NAT)
			continue;
		if (strcmp(k, "limit") == 0 || strcmp(k, "quota") == 0 ||
		    strcmp(k, "connlimit") == 0) {
			fw_rule_qualify(p->rs, r, k);
			continue;
		}
		for (j = 0; j < ARRAY_SIZE(noop_stmts); j++)
			if (strcmp(k, noop_stmts[j]) == 0)
				break;
		if (j == ARRAY_SIZE(noop_stmts)) {
			char what[64];

			snprintf(what, sizeof(what), "statement %s", k);
			fw_rule_qualify(p->rs, r, what);
		}
	}
	r = &c->rules[c->nrules - 1];
	r->text = arena_strdup(&p->rs->arena, p->text.buf);
	if (rc != 0 || vmap == NULL)
		return rc;
	/* Expand the verdict map: one rule per entry. */
	{
		const struct ynode *data = ynode_get(vmap, "data");
		const struct ynode *key = ynode_get(vmap, "key");
		const struct ynode *set = NULL, *inner;
		struct strbuf one = STRBUF_INIT;

		if (one_key(data, &inner) != NULL &&
		    strcmp(one_key(data, &inner), "set") == 0)
			set = inner;
		else if (data != NULL && data->type == YNODE_SCALAR &&
		    data->u.s[0] == '@') {
			const struct nset *s = set_find(p, family, table,
			    data->u.s + 1);

			set = s != NULL ? s->elem : NULL;
		}
		tmpl = *r;
		c->nrules--;
		if (set == NULL || set->type != YNODE_SEQ) {
			r = fw_rule_add(p->rs, c);
			*r = tmpl;
			fw_rule_unknown(p->rs, r, "verdict map");
			r->verdict = FW_V_UNKNOWN;
			strbuf_release(&one);
			return 0;
		}
		for (i = 0; i < set->n && rc == 0; i++) {
			const struct ynode *ent = set->u.items[i], *vv;
			const char *vk;

			if (ynode_len(ent) != 2) {
				rc = nft_fail(p, ent, "verdict map entry is not a pair");
				break;
			}
			r = fw_rule_add(p->rs, c);
			*r = tmpl;
			rc = apply_match(p, r, family, table, key, "==",
			    ynode_item(ent, 0), ent);
			vk = one_key(ynode_item(ent, 1), &vv);
			if (rc == 0 &&
			    (vk == NULL || !apply_verdict(p, r, vk, vv)))
				rc = nft_fail(p, ent,
				    "verdict map entry without a verdict");
			strbuf_reset(&one);
			strbuf_addf(&one, "%s [entry %zu]", tmpl.text, i + 1);
			r->text = arena_strdup(&p->rs->arena, one.buf);
		}
		strbuf_release(&one);
	}
	return rc;
}

static int
parse_chain(struct nft *p, const struct ynode *obj)
{
	const char *family = ynode_get_str(obj, "family");
	const char *table = ynode_get_str(obj, "table");
	const char *name = ynode_get_str(obj, "name");
	const char *hook = ynode_get_str(obj, "hook");
	const char *type = ynode_get_str(obj, "type");
	const char *policy = ynode_get_str(obj, "policy");
	struct fw_chain *c;
	long long v;
	size_t idx;

	if (family == NULL || table == NULL || name == NULL)
		return nft_fail(p, obj,
		    "chain without family, table or name");
	if (fw_chain_find(p->rs, table, name, nft_family(family)) != NULL &&
	    nft_family(family) != FW_FAM_OTHER)
		return nft_fail(p, obj, "chain %s %s %s listed twice", family,
		    table, name);
	idx = fw_chain_add(p->rs, table, name, nft_family(family));
	c = &p->rs->chains[idx];
	c->line = obj->line;
	c->source = arena_strdup(&p->rs->arena, p->name);
	if (ynode_int(ynode_get(obj, "handle"), &v) == YGET_OK)
		c->handle = v;
	if (hook == NULL)
		return 0;
	c->hook = fw_hook_parse(hook);
	if (ynode_int(ynode_get(obj, "prio"), &v) == YGET_OK)
		c->prio = (int)v;
	if (type != NULL && strcmp(type, "nat") == 0)
		c->type = FW_TYPE_NAT;
	else if (type != NULL && strcmp(type, "route") == 0)
		c->type = FW_TYPE_ROUTE;
	/* A base chain without a policy accepts (nft's default). */
	c->policy = policy != NULL && strcmp(policy, "drop") == 0 ?
	    FW_POLICY_DROP :
	    FW_POLICY_ACCEPT;
	if (policy != NULL && strcmp(policy, "drop") != 0 &&
	    strcmp(policy, "accept") != 0)
		return nft_fail(p, obj, "unknown chain policy \"%s\"", policy);
	return 0;
}

static int
walk(struct nft *p, const struct ynode *list)
{
	size_t i, pass;
	int rc = 0;

	for (pass = 0; pass < 3 && rc == 0; pass++) {
		for (i = 0; i < list->n && rc == 0; i++) {
			const struct ynode *item = list->u.items[i], *obj;
			const char *k = one_key(item, &obj);

			if (k == NULL) {
				rc = nft_fail(p, item,
				    "ruleset entry is not a one-key object");
				break;
			}
			if (pass == 0 && (strcmp(k, "set") == 0 ||
					     strcmp(k, "map") == 0)) {
				struct nset *s;

				if (ynode_get_str(obj, "family") == NULL ||
				    ynode_get_str(obj, "table") == NULL ||
				    ynode_get_str(obj, "name") == NULL) {
					rc = nft_fail(p, item,
					    "set without family, table or name");
					break;
				}
				ALLOC_GROW(p->sets, p->nsets + 1,
				    p->sets_alloc);
				s = &p->sets[p->nsets++];
				s->family = ynode_get_str(obj, "family");
				s->table = ynode_get_str(obj, "table");
				s->name = ynode_get_str(obj, "name");
				s->elem = ynode_get(obj, "elem");
				s->type = ynode_get(obj, "type");
			} else if (pass == 1 && strcmp(k, "chain") == 0) {
				rc = parse_chain(p, obj);
			} else if (pass == 2 && strcmp(k, "rule") == 0) {
				const char *family, *table, *chain;
				struct fw_chain *c;

				family = ynode_get_str(obj, "family");
				table = ynode_get_str(obj, "table");
				chain = ynode_get_str(obj, "chain");
				if (family == NULL || table == NULL ||
				    chain == NULL) {
					rc = nft_fail(p, item,
					    "rule without family, table or chain");
					break;
				}
				c = fw_chain_find(p->rs, table, chain,
				    nft_family(family));
				if (c == NULL) {
					rc = nft_fail(p, item,
					    "rule of unknown chain %s %s %s",
					    family, table, chain);
					break;
				}
				rc = parse_rule(p, c, obj, family, table);
			}
		}
	}
	return rc;
}

int
nft_json_parse(struct fw_ruleset *rs, const char *text, size_t len,
    const char *name, struct rp_diag *d)
{
	struct yload_limits lim = { .max_input = NFT_MAX_INPUT,
		.max_doc = NFT_MAX_INPUT };
	struct nft p = { .rs = rs, .name = name, .d = d };
	struct yload *y = NULL;
	struct arena a;
	struct ydoc doc;
	const struct ynode *list;
	int r;

	arena_init(&a, 0);
	strbuf_init(&p.text, 0);
	if (len > NFT_MAX_INPUT) {
		r = rp_diag_fail(d, RP_ELIMIT, name, 0,
		    "ruleset larger than %zu bytes", NFT_MAX_INPUT);
		goto out;
	}
	if ((r = yload_open_mem(&y, text, len, name, &lim)) != 0) {
		r = rp_diag_fail(d, r, name, 0, "cannot load: %s",
		    rp_strerror(r));
		goto out;
	}
	r = yload_next(y, &a, &doc, d);
	if (r < 0)
		goto out;
	if (r == 0) {
		r = rp_diag_fail(d, RP_EPARSE, name, 0, "empty input");
		goto out;
	}
	list = ynode_get(doc.root, "nftables");
	if (list == NULL || list->type != YNODE_SEQ) {
		r = nft_fail(&p, doc.root,
		    "no \"nftables\" array: not `nft -j list ruleset` output");
		goto out;
	}
	r = walk(&p, list);
out:
	strbuf_release(&p.text);
	free(p.sets);
	yload_free(y);
	arena_release(&a);
	return r;
}

/*
 * The nft language (/etc/nftables.conf): structure only.
 */

enum ntok_type {
	NT_WORD,
	NT_STR,
	NT_LBRACE,
	NT_RBRACE,
	NT_END, /* newline or ';' */
	NT_EOF,
};

struct ntok {
	enum ntok_type type;
	const char *s; /* NUL-terminated (arena) */
	unsigned line;
};

struct nconf {
	struct fw_ruleset *rs;
	const struct nft_io *io;
	struct rp_diag *d;
	struct arena a;
	int depth; /* include nesting */
};

struct nfile {
	const char *name;
	struct ntok *t;
	size_t n, alloc, pos;
};

static int nconf_file(struct nconf *p, const char *text, size_t len,
    const char *name);

static int
nconf_fail(struct nconf *p, const struct nfile *f, unsigned line,
    const char *fmt, ...) RP_PRINTF(4, 5);

static int
nconf_fail(struct nconf *p, const struct nfile *f, unsigned line,
    const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = rp_diag_vfail(p->d, RP_EPARSE, f->name, (long)line, fmt, ap);
	va_end(ap);
	return r;
}

static void
ntok_push(struct nconf *p, struct nfile *f, enum ntok_type type,
    const char *s, size_t len, unsigned line)
{
	struct ntok *t;

	ALLOC_GROW(f->t, f->n + 1, f->alloc);
	t = &f->t[f->n++];
	t->type = type;
	t->s = arena_strndup(&p->a, s, len);
	t->line = line;
}

static int
nconf_lex(struct nconf *p, struct nfile *f, const char *s, size_t len)
{
	size_t i = 0;
	unsigned line = 1;

	while (i < len) {
		char ch = s[i];

		if (ch == '\0')
			return nconf_fail(p, f, line, "NUL byte");
		if (ch == ' ' || ch == '\t' || ch == '\r') {
			i++;
		} else if (ch == '\\' && i + 1 < len && s[i + 1] == '\n') {
			i += 2;
			line++;
		} else if (ch == '#') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (ch == '\n' || ch == ';') {
			ntok_push(p, f, NT_END, s + i, 1, line);
			if (ch == '\n')
				line++;
			i++;
		} else if (ch == '{' || ch == '}') {
			ntok_push(p, f, ch == '{' ? NT_LBRACE : NT_RBRACE, s + i,
			    1, line);
			i++;
		} else if (ch == '"') {
			size_t j = i + 1;

			while (j < len && s[j] != '"' && s[j] != '\n')
				j++;
			if (j >= len || s[j] != '"')
				return nconf_fail(p, f, line,
				    "unterminated string");
			ntok_push(p, f, NT_STR, s + i + 1, j - i - 1, line);
			i = j + 1;
		} else {
			size_t j = i;

			while (j < len && !strchr(" \t\r\n;{}#\"", s[j]) &&
			    s[j] != '\0')
				j++;
			ntok_push(p, f, NT_WORD, s + i, j - i, line);
			i = j;
		}
	}
	ntok_push(p, f, NT_EOF, "", 0, line);
	return 0;
}

static const struct ntok *
nt_peek(const struct nfile *f)
{
	return &f->t[f->pos];
}

static const struct ntok *
nt_next(struct nfile *f)
{
	const struct ntok *t = &f->t[f->pos];

	if (t->type != NT_EOF)
		f->pos++;
	return t;
}

/* The token k places ahead (the end-of-file token past the end). */
static const struct ntok *
nt_ahead(const struct nfile *f, size_t k)
{
	if (f->pos + k >= f->n)
		return &f->t[f->n - 1];
	return &f->t[f->pos + k];
}

static int
nt_is(const struct ntok *t, const char *word)
{
	return t->type == NT_WORD && strcmp(t->s, word) == 0;
}

static void
nt_skip_end(struct nfile *f)
{
	while (nt_peek(f)->type == NT_END)
		f->pos++;
}

/* Skip a balanced { ... } block; the opening brace is next. */
static int
nt_skip_block(struct nconf *p, struct nfile *f)
{
	const struct ntok *open = nt_next(f);
	int depth = 1;

	while (depth > 0) {
		const struct ntok *t = nt_next(f);

		if (t->type == NT_EOF)
			return nconf_fail(p, f, open->line,
			    "block opened here is never closed");
		if (t->type == NT_LBRACE)
			depth++;
		else if (t->type == NT_RBRACE)
			depth--;
	}
	return 0;
}

static int
nconf_priority(const char *s)
{
	static const struct {
		const char *name;
		int prio;
	} named[] = {
		{ "raw", -300 }, { "mangle", -150 }, { "dstnat", -100 },
		{ "filter", 0 }, { "security", 50 }, { "srcnat", 100 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(named); i++)
		if (strcmp(s, named[i].name) == 0)
			return named[i].prio;
	return (int)strtol(s, NULL, 10);
}

/* Read one rule statement (to the end of the line, braces balanced). */
static int
nconf_rule(struct nconf *p, struct nfile *f, struct fw_chain **cp,
    size_t idx)
{
	struct strbuf text = STRBUF_INIT;
	const struct ntok *first = nt_peek(f);
	struct fw_rule *r;
	int depth = 0, bare_drop, words = 0, skip_counter = 0;
	const char *verb = NULL;

	for (;;) {
		const struct ntok *t = nt_peek(f);

		if (t->type == NT_EOF)
			break;
		if (depth == 0 && (t->type == NT_END || t->type == NT_RBRACE))
			break;
		f->pos++;
		if (t->type == NT_LBRACE)
			depth++;
		else if (t->type == NT_RBRACE)
			depth--;
		if (text.len)
			strbuf_addch(&text, ' ');
		if (t->type == NT_STR)
			strbuf_addf(&text, "\"%s\"", t->s);
		else
			strbuf_addstr(&text, t->s);
		/* "counter [packets N bytes M]" does not decide anything. */
		if (nt_is(t, "counter")) {
			skip_counter = 1;
			continue;
		}
		if (skip_counter && (nt_is(t, "packets") || nt_is(t, "bytes") ||
					(t->type == NT_WORD &&
					    strspn(t->s, "0123456789") ==
						strlen(t->s))))
			continue;
		skip_counter = 0;
		words++;
		if (words == 1)
			verb = t->s;
	}
	if (depth != 0) {
		strbuf_release(&text);
		return nconf_fail(p, f, first->line, "unbalanced braces in rule");
	}
	*cp = &p->rs->chains[idx];
	r = fw_rule_add(p->rs, *cp);
	r->line = first->line;
	r->text = arena_strdup(&p->rs->arena, text.buf);
	bare_drop = verb != NULL &&
	    ((words == 1 && strcmp(verb, "drop") == 0) ||
		strcmp(verb, "reject") == 0);
	if (bare_drop) {
		r->verdict = strcmp(verb, "drop") == 0 ? FW_V_DROP :
							 FW_V_REJECT;
	} else {
		r->verdict = FW_V_UNKNOWN;
		fw_rule_unknown(p->rs, r, NFT_CONF_UNREAD);
	}
	strbuf_release(&text);
	return 0;
}

/* Body of a chain: header statements and rules, up to the closing brace. */
static int
nconf_chain_body(struct nconf *p, struct nfile *f, size_t idx)
{
	struct fw_chain *c = &p->rs->chains[idx];
	int rc = 0;

	nt_next(f); /* { */
	for (;;) {
		const struct ntok *t;

		nt_skip_end(f);
		t = nt_peek(f);
		if (t->type == NT_EOF)
			return nconf_fail(p, f, t->line, "chain not closed");
		if (t->type == NT_RBRACE) {
			nt_next(f);
			return 0;
		}
		c = &p->rs->chains[idx];
		if (nt_is(t, "type")) {
			const char *type, *hook = NULL, *prio = NULL;

			nt_next(f);
			type = nt_next(f)->s;
			while (nt_peek(f)->type == NT_WORD) {
				const struct ntok *k = nt_next(f);

				if (strcmp(k->s, "hook") == 0)
					hook = nt_next(f)->s;
				else if (strcmp(k->s, "priority") == 0)
					prio = nt_next(f)->s;
				else if (strcmp(k->s, "device") == 0)
					nt_next(f);
			}
			if (hook == NULL)
				return nconf_fail(p, f, t->line,
				    "chain type without a hook");
			c->hook = fw_hook_parse(hook);
			c->type = strcmp(type, "nat") == 0 ? FW_TYPE_NAT :
			    strcmp(type, "route") == 0	   ? FW_TYPE_ROUTE :
							     FW_TYPE_FILTER;
			c->prio = prio != NULL ? nconf_priority(prio) : 0;
			if (c->policy == FW_POLICY_NONE)
				c->policy = FW_POLICY_ACCEPT;
			c->line = t->line;
		} else if (nt_is(t, "policy")) {
			const struct ntok *v;

			nt_next(f);
			v = nt_next(f);
			if (strcmp(v->s, "drop") == 0)
				c->policy = FW_POLICY_DROP;
			else if (strcmp(v->s, "accept") == 0)
				c->policy = FW_POLICY_ACCEPT;
			else
				return nconf_fail(p, f, v->line,
				    "policy \"%s\" is not accept or drop",
				    v->s);
		} else if (nt_is(t, "comment")) {
			nt_next(f);
			nt_next(f);
		} else {
			rc = nconf_rule(p, f, &c, idx);
			if (rc != 0)
				return rc;
		}
	}
}

static size_t
nconf_chain(struct nconf *p, const struct nfile *f, const char *family,
    const char *table, const char *name, unsigned line)
{
	struct fw_chain *c = fw_chain_find(p->rs, table, name,
	    nft_family(family));
	size_t idx;

	if (c != NULL)
		return (size_t)(c - p->rs->chains);
	idx = fw_chain_add(p->rs, table, name, nft_family(family));
	p->rs->chains[idx].line = line;
	p->rs->chains[idx].source = arena_strdup(&p->rs->arena, f->name);
	return idx;
}

static int
is_family(const char *s)
{
	return strcmp(s, "ip") == 0 || strcmp(s, "ip6") == 0 ||
	    strcmp(s, "inet") == 0 || strcmp(s, "arp") == 0 ||
	    strcmp(s, "bridge") == 0 || strcmp(s, "netdev") == 0;
}

static int
nconf_table_body(struct nconf *p, struct nfile *f, const char *family,
    const char *table)
{
	int rc;

	nt_next(f); /* { */
	for (;;) {
		const struct ntok *t;

		nt_skip_end(f);
		t = nt_peek(f);
		if (t->type == NT_EOF)
			return nconf_fail(p, f, t->line, "table not closed");
		if (t->type == NT_RBRACE) {
			nt_next(f);
			return 0;
		}
		if (nt_is(t, "chain")) {
			const struct ntok *name;
			size_t idx;

			nt_next(f);
			name = nt_next(f);
			if (name->type != NT_WORD && name->type != NT_STR)
				return nconf_fail(p, f, t->line,
				    "chain without a name");
			idx = nconf_chain(p, f, family, table, name->s,
			    t->line);
			if (nt_peek(f)->type != NT_LBRACE)
				return nconf_fail(p, f, t->line,
				    "chain %s without a body", name->s);
			if ((rc = nconf_chain_body(p, f, idx)) != 0)
				return rc;
			continue;
		}
		/* set, map, flowtable, counter...: skip to the end. */
		while (nt_peek(f)->type != NT_END &&
		    nt_peek(f)->type != NT_RBRACE &&
		    nt_peek(f)->type != NT_EOF) {
			if (nt_peek(f)->type == NT_LBRACE) {
				if ((rc = nt_skip_block(p, f)) != 0)
					return rc;
				continue;
			}
			nt_next(f);
		}
	}
}

static int
nconf_include(struct nconf *p, struct nfile *f, const struct ntok *t,
    const char *pattern)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	char **paths = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (p->io == NULL || p->io->glob == NULL || p->io->read == NULL)
		return nconf_fail(p, f, t->line,
		    "include \"%s\" cannot be followed here", pattern);
	if (p->depth >= 16)
		return rp_diag_fail(p->d, RP_ELIMIT, f->name, (long)t->line,
		    "includes nested more than 16 deep");
	if (pattern[0] == '/')
		strbuf_addstr(&path, pattern);
	else
		strbuf_addf(&path, "/etc/%s", pattern);
	rc = p->io->glob(p->io->arg, path.buf, &paths, &n, p->d);
	if (rc == 0 && n == 0 && strpbrk(pattern, "*?[") == NULL)
		rc = nconf_fail(p, f, t->line,
		    "included file %s does not exist", path.buf);
	for (i = 0; i < n && rc == 0; i++) {
		strbuf_reset(&text);
		rc = p->io->read(p->io->arg, paths[i], &text, p->d);
		if (rc == 0) {
			p->depth++;
			rc = nconf_file(p, text.buf, text.len,
			    arena_strdup(&p->a, paths[i]));
			p->depth--;
		}
	}
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	strbuf_release(&path);
	strbuf_release(&text);
	return rc;
}

static void
nconf_flush(struct fw_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nchains; i++)
		free(rs->chains[i].rules);
	rs->nchains = 0;
	rs->nunknown = 0;
}

static int
nconf_file(struct nconf *p, const char *text, size_t len, const char *name)
{
	struct nfile f = { .name = name };
	int rc;

	if ((rc = nconf_lex(p, &f, text, len)) != 0)
		goto out;
	for (;;) {
		const struct ntok *t;

		nt_skip_end(&f);
		t = nt_peek(&f);
		if (t->type == NT_EOF)
			break;
		if (t->type == NT_RBRACE) {
			rc = nconf_fail(p, &f, t->line, "unexpected '}'");
			break;
		}
		if (nt_is(t, "include")) {
			const struct ntok *s;

			nt_next(&f);
			s = nt_next(&f);
			if (s->type != NT_STR) {
				rc = nconf_fail(p, &f, t->line,
				    "include needs a quoted file name");
				break;
			}
			if ((rc = nconf_include(p, &f, t, s->s)) != 0)
				break;
			continue;
		}
		if (nt_is(t, "flush") && nt_is(nt_ahead(&f, 1), "ruleset")) {
			nconf_flush(p->rs);
			f.pos += 2;
			continue;
		}
		if (nt_is(t, "add") || nt_is(t, "create") ||
		    nt_is(t, "table")) {
			const char *family = "ip", *table;
			const struct ntok *what = t;

			if (!nt_is(t, "table")) {
				nt_next(&f);
				what = nt_peek(&f);
			}
			if (nt_is(what, "table")) {
				nt_next(&f);
				if (nt_peek(&f)->type == NT_WORD &&
				    is_family(nt_peek(&f)->s) &&
				    nt_ahead(&f, 1)->type == NT_WORD)
					family = nt_next(&f)->s;
				table = nt_next(&f)->s;
				if (nt_peek(&f)->type == NT_LBRACE &&
				    (rc = nconf_table_body(p, &f, family,
					 table)) != 0)
					break;
				continue;
			}
			if (nt_is(what, "chain")) {
				size_t idx;

				nt_next(&f);
				if (nt_peek(&f)->type == NT_WORD &&
				    is_family(nt_peek(&f)->s) &&
				    nt_ahead(&f, 2)->type == NT_WORD)
					family = nt_next(&f)->s;
				table = nt_next(&f)->s;
				idx = nconf_chain(p, &f, family, table,
				    nt_next(&f)->s, what->line);
				if (nt_peek(&f)->type == NT_LBRACE &&
				    (rc = nconf_chain_body(p, &f, idx)) != 0)
					break;
				continue;
			}
			if (nt_is(what, "rule")) {
				const char *chain;
				struct fw_chain *c;
				size_t idx;

				nt_next(&f);
				if (nt_peek(&f)->type == NT_WORD &&
				    is_family(nt_peek(&f)->s) &&
				    nt_ahead(&f, 2)->type == NT_WORD &&
				    nt_ahead(&f, 3)->type == NT_WORD)
					family = nt_next(&f)->s;
				table = nt_next(&f)->s;
				chain = nt_next(&f)->s;
				c = fw_chain_find(p->rs, table, chain,
				    nft_family(family));
				if (c == NULL) {
					rc = nconf_fail(p, &f, what->line,
					    "rule for unknown chain %s %s %s",
					    family, table, chain);
					break;
				}
				idx = (size_t)(c - p->rs->chains);
				if ((rc = nconf_rule(p, &f, &c, idx)) != 0)
					break;
				continue;
			}
		}
		/* define, delete, set elements...: skip the statement. */
		while (nt_peek(&f)->type != NT_END &&
		    nt_peek(&f)->type != NT_EOF) {
			if (nt_peek(&f)->type == NT_LBRACE) {
				if ((rc = nt_skip_block(p, &f)) != 0)
					goto out;
				continue;
			}
			if (nt_peek(&f)->type == NT_RBRACE) {
				rc = nconf_fail(p, &f, nt_peek(&f)->line,
				    "unexpected '}'");
				goto out;
			}
			nt_next(&f);
		}
	}
out:
	free(f.t);
	return rc;
}

int
nft_conf_parse(struct fw_ruleset *rs, const char *text, size_t len,
    const char *name, const struct nft_io *io, struct rp_diag *d)
{
	struct nconf p = { .rs = rs, .io = io, .d = d };
	int rc;

	if (len > NFT_MAX_INPUT)
		return rp_diag_fail(d, RP_ELIMIT, name, 0,
		    "ruleset larger than %zu bytes", NFT_MAX_INPUT);
	arena_init(&p.a, 0);
	rc = nconf_file(&p, text, len, name);
	arena_release(&p.a);
	return rc;
}
