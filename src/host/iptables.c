/*
 * iptables.c - iptables-save / ip6tables-save text into the firewall model.
 *
 * A line is split into words the way iptables-restore splits it (double and
 * single quotes group, a backslash escapes the next character inside double
 * quotes), then read option by option.  Matches the model follows exactly
 * (protocol, ports, multiport, conntrack/state, ICMP types, interfaces,
 * source prefixes) fill the rule; every other match is kept as a
 * qualifier with its text, so the evaluation knows the rule is narrower
 * than its ports say.  Comments never change what a rule does.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/iptables.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define MAX_WORDS 512

struct word {
	const char *s; /* NUL-terminated, in the line copy */
	int quoted;    /* came from quotes: never an option */
};

struct ipt {
	struct fw_ruleset *rs;
	unsigned fam;
	const char *name;
	unsigned line;
	struct rp_diag *d;
	char table[64];
	int in_table;
	char incompatible[64]; /* table iptables-save says it cannot show */
};

static const struct {
	const char *name;
	int port;
} services[] = {
	{ "ftp-data", 20 }, { "ftp", 21 }, { "ssh", 22 }, { "telnet", 23 },
	{ "smtp", 25 }, { "domain", 53 }, { "bootps", 67 }, { "bootpc", 68 },
	{ "tftp", 69 }, { "http", 80 }, { "www", 80 }, { "kerberos", 88 },
	{ "pop3", 110 }, { "sunrpc", 111 }, { "ntp", 123 }, { "imap2", 143 },
	{ "imap", 143 }, { "snmp", 161 }, { "ldap", 389 }, { "https", 443 },
	{ "microsoft-ds", 445 }, { "isakmp", 500 }, { "exec", 512 },
	{ "login", 513 }, { "shell", 514 }, { "syslog", 514 },
	{ "submission", 587 }, { "ldaps", 636 }, { "rsync", 873 },
	{ "imaps", 993 }, { "pop3s", 995 }, { "openvpn", 1194 },
	{ "ms-sql-s", 1433 }, { "nfs", 2049 }, { "mysql", 3306 },
	{ "postgresql", 5432 }, { "amqp", 5672 }, { "x11", 6000 },
	{ "zabbix-agent", 10050 }, { "zabbix-trapper", 10051 },
};

int
iptables_service_port(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(services); i++)
		if (strcmp(services[i].name, name) == 0)
			return services[i].port;
	return -1;
}

static int fail(struct ipt *p, const char *fmt, ...) RP_PRINTF(2, 3);

static int
fail(struct ipt *p, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = rp_diag_vfail(p->d, RP_EPARSE, p->name, (long)p->line, fmt, ap);
	va_end(ap);
	return r;
}

/*
 * Split line (modified in place) into words.  Returns the number of words
 * or -1 on an unterminated quote.
 */
static int
split_words(char *line, struct word *w, int max)
{
	char *in = line, *out = line;
	int n = 0;

	for (;;) {
		char *start;
		int quoted = 0;

		while (*in == ' ' || *in == '\t')
			in++;
		if (*in == '\0')
			break;
		if (n >= max)
			return -2;
		start = out;
		while (*in != '\0' && *in != ' ' && *in != '\t') {
			if (*in == '"' || *in == '\'') {
				char q = *in++;

				quoted = 1;
				while (*in != '\0' && *in != q) {
					if (q == '"' && *in == '\\' &&
					    in[1] != '\0')
						in++;
					*out++ = *in++;
				}
				if (*in != q)
					return -1;
				in++;
				continue;
			}
			*out++ = *in++;
		}
		if (*in != '\0')
			in++;
		*out++ = '\0';
		w[n].s = start;
		w[n].quoted = quoted;
		n++;
		/* out never passes in: words only shrink. */
	}
	return n;
}

static int
parse_port(const char *s, long *out)
{
	char *end;
	long v;
	int sv;

	if (*s == '\0')
		return -1;
	if (isdigit((unsigned char)*s)) {
		errno = 0;
		v = strtol(s, &end, 10);
		if (*end != '\0' || errno != 0 || v < 0 || v > 65535)
			return -1;
		*out = v;
		return 0;
	}
	sv = iptables_service_port(s);
	if (sv < 0)
		return -1;
	*out = sv;
	return 0;
}

/* "22", "1000:2000", ":1024", "1024:" (also '-' in multiport lists). */
static int
parse_range(const char *s, struct fw_range *out)
{
	char buf[64];
	const char *sep;
	long lo = 0, hi = 65535;
	size_t n;

	sep = strchr(s, ':');
	if (sep == NULL)
		sep = strchr(s, '-');
	if (sep == NULL) {
		if (parse_port(s, &lo) != 0)
			return -1;
		out->lo = out->hi = (uint16_t)lo;
		return 0;
	}
	n = (size_t)(sep - s);
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (n > 0 && parse_port(buf, &lo) != 0)
		return -1;
	if (sep[1] != '\0' && parse_port(sep + 1, &hi) != 0)
		return -1;
	if (lo > hi)
		return -1;
	out->lo = (uint16_t)lo;
	out->hi = (uint16_t)hi;
	return 0;
}

/* Sort and merge ranges; with neg, replace them by their complement. */
static size_t
normalise_ranges(struct fw_range *v, size_t n, int neg, struct fw_range *out)
{
	size_t i, j, k = 0;
	unsigned next = 0;

	for (i = 1; i < n; i++) {
		struct fw_range t = v[i];

		for (j = i; j > 0 && v[j - 1].lo > t.lo; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
	for (i = 0; i < n; i++) {
		if (k > 0 && v[i].lo <= (unsigned)out[k - 1].hi + 1u) {
			if (v[i].hi > out[k - 1].hi)
				out[k - 1].hi = v[i].hi;
			continue;
		}
		out[k++] = v[i];
	}
	if (!neg)
		return k;
	/* Complement in place, working from a copy of the merged list. */
	{
		struct fw_range merged[32];
		size_t m = k;

		memcpy(merged, out, m * sizeof(*out));
		k = 0;
		for (i = 0; i < m; i++) {
			if (merged[i].lo > next) {
				out[k].lo = (uint16_t)next;
				out[k++].hi = (uint16_t)(merged[i].lo - 1u);
			}
			next = (unsigned)merged[i].hi + 1u;
		}
		if (next <= 65535) {
			out[k].lo = (uint16_t)next;
			out[k++].hi = 65535;
		}
	}
	return k;
}

/* Parse a port list ("22,80,1000:2000") into the rule's dport. */
static int
set_ports(struct ipt *p, struct fw_rule *r, const char *list, int neg)
{
	struct fw_range v[32], out[33];
	char item[64];
	size_t n = 0, k;
	const char *s = list;

	while (*s != '\0') {
		const char *comma = strchr(s, ',');
		size_t len = comma != NULL ? (size_t)(comma - s) : strlen(s);

		if (len == 0 || len >= sizeof(item) || n >= 32)
			return fail(p, "bad port list \"%s\"", list);
		memcpy(item, s, len);
		item[len] = '\0';
		if (parse_range(item, &v[n]) != 0)
			return fail(p, "bad port or range \"%s\"", item);
		n++;
		s += len;
		if (*s == ',')
			s++;
	}
	if (n == 0)
		return fail(p, "empty port list");
	if (r->has_dport) {
		/* Two port matches on one rule: both must hold. */
		fw_rule_qualify(p->rs, r, "second destination-port match");
		return 0;
	}
	k = normalise_ranges(v, n, neg, out);
	r->dport = (struct fw_range *)arena_memdup(&p->rs->arena, out,
	    (k ? k : 1) * sizeof(*out));
	r->ndport = k;
	r->has_dport = 1;
	return 0;
}

static const struct {
	const char *name;
	int type;
	int v6;
} icmp_names[] = {
	{ "echo-reply", 0, 0 }, { "pong", 0, 0 },
	{ "destination-unreachable", 3, 0 }, { "source-quench", 4, 0 },
	{ "redirect", 5, 0 }, { "echo-request", 8, 0 }, { "ping", 8, 0 },
	{ "router-advertisement", 9, 0 }, { "router-solicitation", 10, 0 },
	{ "time-exceeded", 11, 0 }, { "ttl-exceeded", 11, 0 },
	{ "parameter-problem", 12, 0 }, { "timestamp-request", 13, 0 },
	{ "timestamp-reply", 14, 0 }, { "address-mask-request", 17, 0 },
	{ "address-mask-reply", 18, 0 },
	{ "destination-unreachable", 1, 1 }, { "packet-too-big", 2, 1 },
	{ "time-exceeded", 3, 1 }, { "ttl-exceeded", 3, 1 },
	{ "parameter-problem", 4, 1 }, { "echo-request", 128, 1 },
	{ "ping", 128, 1 }, { "echo-reply", 129, 1 }, { "pong", 129, 1 },
	{ "router-solicitation", 133, 1 }, { "router-advertisement", 134, 1 },
	{ "neighbour-solicitation", 135, 1 },
	{ "neighbor-solicitation", 135, 1 },
	{ "neighbour-advertisement", 136, 1 },
	{ "neighbor-advertisement", 136, 1 }, { "redirect", 137, 1 },
};

/* ICMP type by number ("8", "8/0") or name; "any" gives -2; -1 = bad. */
static int
icmp_type(const char *s, int v6)
{
	char *end;
	long t;
	size_t i;

	if (strcmp(s, "any") == 0)
		return -2;
	if (isdigit((unsigned char)*s)) {
		t = strtol(s, &end, 10);
		if ((*end != '\0' && *end != '/') || t < 0 || t > 255)
			return -1;
		return (int)t;
	}
	for (i = 0; i < ARRAY_SIZE(icmp_names); i++)
		if (icmp_names[i].v6 == v6 && strcmp(icmp_names[i].name, s) == 0)
			return icmp_names[i].type;
	return -1;
}

static int
set_icmp(struct ipt *p, struct fw_rule *r, const char *s, int neg)
{
	char num[8];
	int t = icmp_type(s, p->fam == FW_FAM_IP6);

	if (t == -1)
		return fail(p, "unknown ICMP type \"%s\"", s);
	if (t == -2)
		return 0;
	if (s[0] != '\0' && strchr(s, '/') != NULL) {
		/* A code narrows the type further than the model goes. */
		fw_rule_qualify(p->rs, r, "ICMP code match");
	}
	snprintf(num, sizeof(num), "%d", t);
	return set_ports(p, r, num, neg);
}

static unsigned
ct_states(const char *list, int *bad)
{
	static const struct {
		const char *name;
		unsigned bit;
	} st[] = {
		{ "NEW", FW_CT_NEW },
		{ "ESTABLISHED", FW_CT_ESTABLISHED },
		{ "RELATED", FW_CT_RELATED },
		{ "INVALID", FW_CT_INVALID },
		{ "UNTRACKED", FW_CT_UNTRACKED },
		{ "SNAT", 0 },
		{ "DNAT", 0 },
	};
	unsigned bits = 0;
	const char *s = list;
	size_t i;

	*bad = 0;
	while (*s != '\0') {
		const char *comma = strchr(s, ',');
		size_t len = comma != NULL ? (size_t)(comma - s) : strlen(s);
		int found = 0;

		for (i = 0; i < ARRAY_SIZE(st); i++)
			if (strlen(st[i].name) == len &&
			    strncasecmp(st[i].name, s, len) == 0) {
				bits |= st[i].bit;
				found = 1;
			}
		if (!found)
			*bad = 1;
		s += len;
		if (*s == ',')
			s++;
	}
	return bits;
}

static int
set_ct(struct ipt *p, struct fw_rule *r, const char *list, int neg)
{
	int bad;
	unsigned bits = ct_states(list, &bad);

	if (bad)
		return fail(p, "unknown connection state in \"%s\"", list);
	if (neg)
		bits = FW_CT_ALL & ~bits;
	/* Two state matches: the packet must satisfy both. */
	r->ct &= bits;
	return 0;
}

static int
add_source(struct ipt *p, struct fw_rule *r, const char *list, int neg)
{
	struct fw_prefix v[16];
	char item[64];
	size_t n = 0;
	const char *s = list;

	while (*s != '\0') {
		const char *comma = strchr(s, ',');
		size_t len = comma != NULL ? (size_t)(comma - s) : strlen(s);

		if (len == 0 || len >= sizeof(item) || n >= ARRAY_SIZE(v))
			return fail(p, "bad source \"%s\"", list);
		memcpy(item, s, len);
		item[len] = '\0';
		if (fw_prefix_parse(item, &v[n]) != 0) {
			/* A host name: resolved at load time; keep the text. */
			char *q = arena_printf(&p->rs->arena, "from %s%s",
			    neg ? "not " : "", item);

			fw_rule_qualify(p->rs, r, q);
		} else {
			n++;
		}
		s += len;
		if (*s == ',')
			s++;
	}
	if (n > 0) {
		r->src = (struct fw_prefix *)arena_memdup(&p->rs->arena, v,
		    n * sizeof(*v));
		r->nsrc = n;
		r->src_neg = neg;
	}
	return 0;
}

static const char *const noop_targets[] = {
	"LOG", "NFLOG", "ULOG", "MARK", "CONNMARK", "CT", "NOTRACK", "TRACE",
	"AUDIT", "CLASSIFY", "DSCP", "TOS", "TCPMSS", "SET", "CHECKSUM", "TTL",
	"HL", "SECMARK", "CONNSECMARK", "IDLETIMER", "LED", "RATEEST", "TEE",
	"NFCT", "HMARK", "SYNPROXY", "ECN", "TCPOPTSTRIP", "CLUSTERIP",
	"TPROXY",
};

static const char *const nat_targets[] = {
	"DNAT", "SNAT", "MASQUERADE", "REDIRECT", "NETMAP",
};

static void
set_target(struct ipt *p, struct fw_rule *r, const struct fw_chain *c,
    const char *t, int is_goto)
{
	size_t i;

	r->target = arena_strdup(&p->rs->arena, t);
	if (is_goto) {
		r->verdict = FW_V_GOTO;
		return;
	}
	if (strcmp(t, "ACCEPT") == 0) {
		r->verdict = FW_V_ACCEPT;
		r->target = NULL;
		return;
	}
	if (strcmp(t, "DROP") == 0) {
		r->verdict = FW_V_DROP;
		r->target = NULL;
		return;
	}
	if (strcmp(t, "REJECT") == 0) {
		r->verdict = FW_V_REJECT;
		r->target = NULL;
		return;
	}
	if (strcmp(t, "RETURN") == 0) {
		r->verdict = FW_V_RETURN;
		r->target = NULL;
		return;
	}
	if (strcmp(t, "QUEUE") == 0 || strcmp(t, "NFQUEUE") == 0) {
		r->verdict = FW_V_QUEUE;
		return;
	}
	for (i = 0; i < ARRAY_SIZE(nat_targets); i++)
		if (strcmp(t, nat_targets[i]) == 0) {
			r->verdict = FW_V_NAT;
			return;
		}
	for (i = 0; i < ARRAY_SIZE(noop_targets); i++)
		if (strcmp(t, noop_targets[i]) == 0) {
			r->verdict = FW_V_CONTINUE;
			return;
		}
	if (fw_chain_find(p->rs, c->table, t, c->fam) != NULL) {
		r->verdict = FW_V_JUMP;
		return;
	}
	r->verdict = FW_V_UNKNOWN;
}

static int
is_option(const struct word *w)
{
	return !w->quoted && w->s[0] == '-' && w->s[1] != '\0' &&
	    !isdigit((unsigned char)w->s[1]);
}

/* Options parse_rule reads itself; all take one value. */
static const char *const known_opts[] = {
	"-p", "--protocol", "-s", "--source", "--src", "-d", "--destination",
	"--dst", "-i", "--in-interface", "-o", "--out-interface", "-m",
	"--match", "-j", "--jump", "-g", "--goto", "--dport",
	"--destination-port", "--dports", "--destination-ports", "--sport",
	"--source-port", "--sports", "--source-ports", "--ports", "--ctstate",
	"--state", "--icmp-type", "--icmpv6-type", "--comment", "--tcp-flags",
};

static int
option_known(const char *o)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known_opts); i++)
		if (strcmp(o, known_opts[i]) == 0)
			return 1;
	return 0;
}

static int
is_bang(const struct word *w)
{
	return !w->quoted && strcmp(w->s, "!") == 0;
}

/*
 * Read the words after "-A CHAIN" into a new rule of chain c.
 */
static int
parse_rule(struct ipt *p, struct fw_chain *c, const struct word *w, int n,
    const char *text)
{
	struct fw_rule *r;
	const char *module = "";
	struct strbuf qual = STRBUF_INIT;
	int i, neg = 0, r_err = 0, have_target = 0;

	r = fw_rule_add(p->rs, c);
	r->line = p->line;
	r->text = arena_strdup(&p->rs->arena, text);
	for (i = 0; i < n && r_err == 0; i++) {
		const char *o = w[i].s;
		const char *arg;
		int argneg = 0;

		if (is_bang(&w[i])) {
			neg = 1;
			continue;
		}
		if (!is_option(&w[i])) {
			r_err = fail(p, "unexpected word \"%s\"", o);
			break;
		}
		/* Options with no argument. */
		if (strcmp(o, "--syn") == 0) {
			if (neg)
				fw_rule_qualify(p->rs, r, "not a SYN packet");
			neg = 0;
			continue;
		}
		if (strcmp(o, "-f") == 0 || strcmp(o, "--fragment") == 0) {
			fw_rule_qualify(p->rs, r,
			    neg ? "not a fragment" : "fragments only");
			neg = 0;
			continue;
		}
		if (!option_known(o)) {
			/*
			 * Any other match option: keep its text as a
			 * qualifier; its values run to the next option.
			 */
			strbuf_reset(&qual);
			strbuf_addf(&qual, "%s%s%s", *module ? module : "match",
			    neg ? " not " : " ", o);
			while (i + 1 < n && !is_option(&w[i + 1]) &&
			    !is_bang(&w[i + 1]))
				strbuf_addf(&qual, " %s", w[++i].s);
			fw_rule_qualify(p->rs, r, qual.buf);
			neg = 0;
			continue;
		}
		/* Legacy placement of "!" after the option name. */
		if (i + 1 < n && is_bang(&w[i + 1])) {
			argneg = 1;
			i++;
		}
		neg |= argneg;
		if (i + 1 >= n) {
			r_err = fail(p, "option %s needs a value", o);
			break;
		}
		arg = w[++i].s;
		if (strcmp(o, "-p") == 0 || strcmp(o, "--protocol") == 0) {
			int pn = fw_proto_number(arg);

			if (strcmp(arg, "all") == 0 || strcmp(arg, "0") == 0) {
				if (neg)
					r_err = fail(p, "\"! -p all\" matches nothing");
			} else if (pn < 0) {
				r_err = fail(p, "unknown protocol \"%s\"", arg);
			} else {
				r->proto = pn;
				r->proto_neg = neg;
			}
		} else if (strcmp(o, "-s") == 0 || strcmp(o, "--source") == 0 ||
		    strcmp(o, "--src") == 0) {
			r_err = add_source(p, r, arg, neg);
		} else if (strcmp(o, "-d") == 0 ||
		    strcmp(o, "--destination") == 0 || strcmp(o, "--dst") == 0) {
			char *q = arena_printf(&p->rs->arena, "to %s%s",
			    neg ? "not " : "", arg);

			fw_rule_qualify(p->rs, r, q);
		} else if (strcmp(o, "-i") == 0 ||
		    strcmp(o, "--in-interface") == 0) {
			r->iif = arena_strdup(&p->rs->arena, arg);
			r->iif_neg = neg;
		} else if (strcmp(o, "-o") == 0 ||
		    strcmp(o, "--out-interface") == 0) {
			r->oif = arena_strdup(&p->rs->arena, arg);
			r->oif_neg = neg;
		} else if (strcmp(o, "-m") == 0 || strcmp(o, "--match") == 0) {
			module = arg;
		} else if (strcmp(o, "-j") == 0 || strcmp(o, "--jump") == 0 ||
		    strcmp(o, "-g") == 0 || strcmp(o, "--goto") == 0) {
			set_target(p, r, c, arg, o[1] == 'g' || o[2] == 'g');
			have_target = 1;
			/* Target options follow; they do not match packets. */
			while (i + 1 < n && !(is_option(&w[i + 1]) &&
			    (strcmp(w[i + 1].s, "-m") == 0 ||
				strcmp(w[i + 1].s, "-j") == 0)))
				i++;
		} else if (strcmp(o, "--dport") == 0 ||
		    strcmp(o, "--destination-port") == 0) {
			if (strcmp(module, "icmp") == 0)
				r_err = fail(p, "--dport in an icmp match");
			else
				r_err = set_ports(p, r, arg, neg);
		} else if (strcmp(o, "--dports") == 0 ||
		    strcmp(o, "--destination-ports") == 0) {
			r_err = set_ports(p, r, arg, neg);
		} else if (strcmp(o, "--sport") == 0 ||
		    strcmp(o, "--source-port") == 0 ||
		    strcmp(o, "--sports") == 0 ||
		    strcmp(o, "--source-ports") == 0) {
			/* The sender picks its source port: no protection. */
			char *q = arena_printf(&p->rs->arena,
			    "source port %s%s", neg ? "not " : "", arg);

			fw_rule_qualify(p->rs, r, q);
		} else if (strcmp(o, "--ports") == 0) {
			char *q = arena_printf(&p->rs->arena,
			    "source or destination port %s%s",
			    neg ? "not " : "", arg);

			fw_rule_qualify(p->rs, r, q);
		} else if (strcmp(o, "--ctstate") == 0 ||
		    strcmp(o, "--state") == 0) {
			r_err = set_ct(p, r, arg, neg);
		} else if (strcmp(o, "--icmp-type") == 0 ||
		    strcmp(o, "--icmpv6-type") == 0) {
			r_err = set_icmp(p, r, arg, neg);
		} else if (strcmp(o, "--comment") == 0) {
			/* Only words. */
		} else if (strcmp(o, "--tcp-flags") == 0) {
			const char *cmp = i + 1 < n ? w[i + 1].s : "";

			if (i + 1 < n)
				i++;
			if (!(strcmp(arg, "FIN,SYN,RST,ACK") == 0 &&
				strcmp(cmp, "SYN") == 0 && !neg)) {
				char *q = arena_printf(&p->rs->arena,
				    "%sTCP flags %s %s", neg ? "not " : "",
				    arg, cmp);

				fw_rule_qualify(p->rs, r, q);
			}
		}
		neg = 0;
	}
	strbuf_release(&qual);
	if (r_err == 0 && neg)
		r_err = fail(p, "\"!\" at the end of the rule");
	if (r_err == 0 && !have_target)
		r->verdict = FW_V_CONTINUE;
	return r_err;
}

static void
builtin_chain(struct ipt *p, struct fw_chain *c)
{
	static const struct {
		const char *table, *chain;
		enum fw_hook hook;
		enum fw_chain_type type;
	} builtin[] = {
		{ "filter", "INPUT", FW_HOOK_INPUT, FW_TYPE_FILTER },
		{ "filter", "FORWARD", FW_HOOK_FORWARD, FW_TYPE_FILTER },
		{ "filter", "OUTPUT", FW_HOOK_OUTPUT, FW_TYPE_FILTER },
		{ "nat", "PREROUTING", FW_HOOK_PREROUTING, FW_TYPE_NAT },
		{ "nat", "INPUT", FW_HOOK_INPUT, FW_TYPE_NAT },
		{ "nat", "OUTPUT", FW_HOOK_OUTPUT, FW_TYPE_NAT },
		{ "nat", "POSTROUTING", FW_HOOK_POSTROUTING, FW_TYPE_NAT },
		{ "mangle", "PREROUTING", FW_HOOK_PREROUTING, FW_TYPE_FILTER },
		{ "mangle", "INPUT", FW_HOOK_INPUT, FW_TYPE_FILTER },
		{ "mangle", "FORWARD", FW_HOOK_FORWARD, FW_TYPE_FILTER },
		{ "mangle", "OUTPUT", FW_HOOK_OUTPUT, FW_TYPE_ROUTE },
		{ "mangle", "POSTROUTING", FW_HOOK_POSTROUTING,
		    FW_TYPE_FILTER },
		{ "raw", "PREROUTING", FW_HOOK_PREROUTING, FW_TYPE_FILTER },
		{ "raw", "OUTPUT", FW_HOOK_OUTPUT, FW_TYPE_FILTER },
		{ "security", "INPUT", FW_HOOK_INPUT, FW_TYPE_FILTER },
		{ "security", "FORWARD", FW_HOOK_FORWARD, FW_TYPE_FILTER },
		{ "security", "OUTPUT", FW_HOOK_OUTPUT, FW_TYPE_FILTER },
	};
	static const int prio[] = {
		/* filter, nat(dnat), mangle, raw, security */
		0, -100, -150, -300, 50,
	};
	size_t i;

	(void)p;
	for (i = 0; i < ARRAY_SIZE(builtin); i++) {
		if (strcmp(builtin[i].table, c->table) != 0 ||
		    strcmp(builtin[i].chain, c->name) != 0)
			continue;
		c->hook = builtin[i].hook;
		c->type = builtin[i].type;
		if (strcmp(c->table, "filter") == 0)
			c->prio = prio[0];
		else if (strcmp(c->table, "nat") == 0)
			c->prio = prio[1];
		else if (strcmp(c->table, "mangle") == 0)
			c->prio = prio[2];
		else if (strcmp(c->table, "raw") == 0)
			c->prio = prio[3];
		else
			c->prio = prio[4];
		return;
	}
}

static int
parse_chain_decl(struct ipt *p, char *line)
{
	struct word w[4];
	int n = split_words(line + 1, w, 4);
	struct fw_chain *c;
	size_t idx;

	if (n < 2)
		return fail(p, "chain declaration needs a name and a policy");
	if (fw_chain_find(p->rs, p->table, w[0].s, p->fam) != NULL)
		return fail(p, "chain \"%s\" declared twice", w[0].s);
	idx = fw_chain_add(p->rs, p->table, w[0].s, p->fam);
	c = &p->rs->chains[idx];
	c->line = p->line;
	c->source = arena_strdup(&p->rs->arena, p->name);
	c->incompatible = strcmp(p->incompatible, p->table) == 0;
	builtin_chain(p, c);
	if (strcmp(w[1].s, "-") == 0) {
		if (c->hook != FW_HOOK_NONE)
			return fail(p, "built-in chain \"%s\" without a policy",
			    w[0].s);
		return 0;
	}
	if (c->hook == FW_HOOK_NONE)
		return fail(p, "user chain \"%s\" with a policy", w[0].s);
	if (strcmp(w[1].s, "ACCEPT") == 0)
		c->policy = FW_POLICY_ACCEPT;
	else if (strcmp(w[1].s, "DROP") == 0)
		c->policy = FW_POLICY_DROP;
	else
		return fail(p, "unknown policy \"%s\"", w[1].s);
	return 0;
}

static int
parse_line(struct ipt *p, char *line)
{
	struct word w[MAX_WORDS];
	char *copy_text;
	struct fw_chain *c;
	int n, first = 0;

	if (*line == '#') {
		const char *q = strchr(line, '`'), *e;

		if (strstr(line, "iptables-legacy tables present") != NULL)
			p->rs->legacy_tables = 1;
		/* "# Table `nat' contains incompatible base-chains, ..." */
		if (strstr(line, "incompatible") != NULL && q != NULL &&
		    (e = strchr(q + 1, '\'')) != NULL &&
		    (size_t)(e - q - 1) < sizeof(p->incompatible)) {
			memcpy(p->incompatible, q + 1, (size_t)(e - q - 1));
			p->incompatible[e - q - 1] = '\0';
		}
		return 0;
	}
	if (*line == '*') {
		if (p->in_table)
			return fail(p, "table \"%s\" opened before COMMIT",
			    line + 1);
		if (strlen(line + 1) == 0 || strlen(line + 1) >= sizeof(p->table))
			return fail(p, "bad table name");
		memcpy(p->table, line + 1, strlen(line + 1) + 1);
		p->in_table = 1;
		return 0;
	}
	if (strcmp(line, "COMMIT") == 0) {
		if (!p->in_table)
			return fail(p, "COMMIT outside a table");
		p->in_table = 0;
		return 0;
	}
	if (!p->in_table)
		return fail(p, "line outside a table: \"%s\"", line);
	if (*line == ':')
		return parse_chain_decl(p, line);
	/* Keep the rule's text (without counters) for the evidence. */
	if (*line == '[') {
		char *end = strchr(line, ']');

		if (end == NULL)
			return fail(p, "bad counters");
		line = end + 1;
		while (*line == ' ')
			line++;
	}
	copy_text = arena_strdup(&p->rs->arena, line);
	n = split_words(line, w, MAX_WORDS);
	if (n == -1)
		return fail(p, "unterminated quote");
	if (n < 0)
		return fail(p, "too many words");
	if (n < 2 || (strcmp(w[0].s, "-A") != 0 &&
			 strcmp(w[0].s, "--append") != 0))
		return fail(p, "expected \"-A CHAIN ...\", got \"%s\"",
		    copy_text);
	c = fw_chain_find(p->rs, p->table, w[1].s, p->fam);
	if (c == NULL)
		return fail(p, "rule for undeclared chain \"%s\"", w[1].s);
	first = 2;
	return parse_rule(p, c, w + first, n - first, copy_text);
}

int
iptables_parse(struct fw_ruleset *rs, const char *text, size_t len,
    unsigned fam, const char *name, struct rp_diag *d)
{
	struct ipt p = { .rs = rs, .fam = fam, .name = name, .d = d };
	struct strbuf line = STRBUF_INIT;
	size_t pos = 0;
	int r = 0;

	if (len > IPTABLES_MAX_INPUT)
		return rp_diag_fail(d, RP_ELIMIT, name, 0,
		    "ruleset larger than %zu bytes", IPTABLES_MAX_INPUT);
	while (pos < len && r == 0) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - (text + pos)) : len - pos;

		p.line++;
		if (n > IPTABLES_MAX_LINE) {
			r = rp_diag_fail(d, RP_ELIMIT, name, (long)p.line,
			    "line longer than %zu bytes", IPTABLES_MAX_LINE);
			break;
		}
		if (memchr(text + pos, '\0', n) != NULL) {
			r = fail(&p, "NUL byte in line");
			break;
		}
		strbuf_reset(&line);
		strbuf_add(&line, text + pos, n);
		strbuf_rtrim(&line);
		pos += n + (nl != NULL);
		{
			char *s = line.buf;

			while (*s == ' ' || *s == '\t')
				s++;
			if (*s == '\0')
				continue;
			r = parse_line(&p, s);
		}
	}
	if (r == 0 && p.in_table)
		r = fail(&p, "table \"%s\" not closed by COMMIT", p.table);
	strbuf_release(&line);
	return r;
}
