/*
 * fwcheck.c - the firewall and listening-socket checks of a host.
 *
 * Two views of the ruleset exist.  The running one comes from the kernel:
 * `nft -j list ruleset` (every table, whatever tool made it) with the
 * tables that hold unreadable iptables-nft extensions read again through
 * iptables-save and ip6tables-save, or from files captured elsewhere
 * (--iptables-save, --ip6tables-save, --nft-json).  The saved one is what
 * the node loads at boot: /etc/iptables/rules.v4 and rules.v6
 * (iptables-persistent) and /etc/nftables.conf (nft's own language, of
 * which only the chain structure and policies are read).  Verdicts use the
 * running ruleset when there is one and the saved one otherwise; when both
 * exist their difference is a finding of its own.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/netchecks.h"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/checks.h"
#include "host/firewall.h"
#include "host/iptables.h"
#include "host/nft.h"
#include "host/sockets.h"
#include "util/spawn.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define FW_CAPTURE_MAX ((size_t)64 << 20)

void
host_net_opts_init(struct host_net_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->tls_expiry_days = HOST_TLS_EXPIRY_DAYS;
	o->tls_timeout_ms = HOST_TLS_TIMEOUT_MS;
	o->token_max = HOST_TOKEN_MAX_SECONDS;
}

int
host_spawn_program(void *arg, char *const argv[], size_t cap,
    struct strbuf *out, int *status, struct rp_diag *d)
{
	struct spawn_opts o = { .out_cap = cap };
	struct spawn_result res;
	int r;

	(void)arg;
	spawn_result_init(&res);
	r = spawn_run((const char *const *)(uintptr_t)argv, &o, &res, d);
	if (r == 0) {
		strbuf_add(out, res.out.buf, res.out.len);
		*status = res.exited ? res.code : 128 + res.signo;
		if (*status != 0) {
			/* Say why in d, in case the caller reports it. */
			strbuf_rtrim(&res.err);
			rp_diag_fail(d, RP_EIO, argv[0], 0,
			    "exited with status %d%s%s", *status,
			    res.err.len ? ": " : "",
			    res.err.len ? res.err.buf : "");
		}
	}
	spawn_result_release(&res);
	return r;
}

/* Read a file named on the command line (not under --root). */
static int
read_local(const char *path, struct strbuf *out, struct rp_diag *d)
{
	char buf[65536];
	ssize_t n;
	int fd, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rp_diag_fail(d, rp_from_errno(errno), path, 0, "%s",
		    strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = rp_diag_fail(d, RP_EIO, path, 0, "%s",
			    strerror(errno));
			break;
		}
		if (out->len + (size_t)n > FW_CAPTURE_MAX) {
			r = rp_diag_fail(d, RP_ELIMIT, path, 0,
			    "larger than %zu bytes", FW_CAPTURE_MAX);
			break;
		}
		strbuf_add(out, buf, (size_t)n);
	}
	close(fd);
	return r;
}

/* Everything the checks need, gathered once. */
struct fwstate {
	struct host_ctx *c;
	const struct host_net_opts *o;

	/* Running ruleset. */
	int live;                /* a running ruleset was read */
	struct fw_ruleset model; /* the merged running view */
	struct fw_ruleset ipt;   /* iptables-save (v4 + v6) as printed */
	int have_ipt[2];         /* [0] IPv4, [1] IPv6 */
	int have_nft;
	const char *ipt_name[2];
	const char *nft_name;
	struct strbuf live_what; /* "nft -j list ruleset, iptables-save" */

	/* Saved ruleset. */
	int saved;               /* at least one saved file was read */
	struct fw_ruleset pers;  /* rules.v4 + rules.v6 + nftables.conf */
	int have_pers_ipt[2];
	int have_pers_nft;
	int pers_broken;         /* a saved file did not parse */
	struct strbuf saved_what;

	const struct fw_ruleset *eval; /* model or pers */
	const char *eval_what;
	/* Why IPv6 verdicts are not-applicable (disabled, not given), or NULL. */
	const char *ipv6_na;
};

static const char *const fw_rules_files[] = {
	"/etc/iptables/rules.v4",
	"/etc/iptables/rules.v6",
	"/etc/nftables.conf",
};

static void
fw_error_all(struct fwstate *s, const struct rp_diag *d)
{
	static const enum rule_id ids[] = {
		RULE_HOST_FW_DEFAULT_DROP,
		RULE_HOST_FW_ROLE_ALLOWLIST,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ids); i++)
		if (host_rule_on(s->c, ids[i]))
			host_error(s->c, ids[i], "running ruleset", d);
	result_gap(s->c->r, "host", d->where, d->msg);
}

/*
 * Get one program's output, captured (path) or by running argv.  Returns
 * 1 with text filled, 0 when the program is not installed (nothing to
 * read), or -1 after reporting an error.
 */
static int
collect(struct fwstate *s, const char *path, char *const argv[],
    struct strbuf *text, const char **name)
{
	struct rp_diag d;
	int status, r;

	rp_diag_init(&d);
	if (path != NULL) {
		*name = path;
		if (read_local(path, text, &d) != 0) {
			fw_error_all(s, &d);
			return -1;
		}
		return 1;
	}
	*name = argv[0];
	r = host_spawn(s->c, argv, FW_CAPTURE_MAX, text, &status, &d);
	if (r == RP_ENOENT)
		return 0;
	if (r != 0 || status != 0) {
		fw_error_all(s, &d);
		return -1;
	}
	return 1;
}

static void
what_add(struct strbuf *sb, const char *name)
{
	strbuf_addf(sb, "%s%s", sb->len ? ", " : "", name);
}

/* Read the running ruleset: captured files, or the tools themselves. */
static void
load_live(struct fwstate *s)
{
	static const char *const nft_argv[] = { "nft", "-j", "list", "ruleset",
		NULL };
	static const char *const ipt_argv[2][2] = {
		{ "iptables-save", NULL },
		{ "ip6tables-save", NULL },
	};
	static const char *const legacy_argv[2][2] = {
		{ "iptables-legacy-save", NULL },
		{ "ip6tables-legacy-save", NULL },
	};
	const char *cap_ipt[2] = { s->o->iptables_save, s->o->ip6tables_save };
	int captured = s->o->iptables_save != NULL ||
	    s->o->ip6tables_save != NULL || s->o->nft_json != NULL;
	struct strbuf text = STRBUF_INIT;
	struct rp_diag d;
	int f, r, failed = 0;

	if (!captured && !s->c->live)
		return;
	/* nft first: it sees every table, whatever made it. */
	if (!captured || s->o->nft_json != NULL) {
		r = collect(s, s->o->nft_json,
		    (char *const *)(uintptr_t)nft_argv, &text, &s->nft_name);
		if (r < 0)
			failed = 1;
		if (r > 0) {
			rp_diag_init(&d);
			if (nft_json_parse(&s->model, text.buf, text.len,
				s->nft_name, &d) != 0) {
				fw_error_all(s, &d);
				failed = 1;
			} else {
				s->have_nft = 1;
				what_add(&s->live_what, s->nft_name);
			}
		}
	}
	for (f = 0; f < 2; f++) {
		if (captured && cap_ipt[f] == NULL)
			continue;
		strbuf_reset(&text);
		r = collect(s, cap_ipt[f],
		    (char *const *)(uintptr_t)ipt_argv[f], &text,
		    &s->ipt_name[f]);
		if (r < 0)
			failed = 1;
		if (r <= 0)
			continue;
		rp_diag_init(&d);
		if (iptables_parse(&s->ipt, text.buf, text.len,
			f ? FW_FAM_IP6 : FW_FAM_IP4, s->ipt_name[f], &d) != 0) {
			fw_error_all(s, &d);
			failed = 1;
			continue;
		}
		s->have_ipt[f] = 1;
		what_add(&s->live_what, s->ipt_name[f]);
	}
	strbuf_release(&text);
	if (failed)
		return;
	if (!s->have_nft) {
		/* No nft view: iptables-save is the whole truth. */
		for (f = 0; f < 2; f++) {
			size_t i;

			for (i = 0; i < s->ipt.nchains; i++) {
				const struct fw_chain *c = &s->ipt.chains[i];
				unsigned fam = f ? FW_FAM_IP6 : FW_FAM_IP4;

				if (c->fam == fam &&
				    fw_chain_find(&s->model, c->table, c->name,
					fam) == NULL)
					fw_ruleset_take_table(&s->model, &s->ipt,
					    c->table, fam);
			}
		}
	} else {
		fw_ruleset_prefer_readable(&s->model, &s->ipt);
	}
	/* iptables-legacy tables hook in as well; read them too. */
	for (f = 0; f < 2 && !captured && s->ipt.legacy_tables; f++) {
		struct fw_ruleset leg;
		const char *name;
		size_t i;

		fw_ruleset_init(&leg, "legacy");
		strbuf_init(&text, 0);
		r = collect(s, NULL, (char *const *)(uintptr_t)legacy_argv[f],
		    &text, &name);
		rp_diag_init(&d);
		if (r > 0 && iptables_parse(&leg, text.buf, text.len,
				 f ? FW_FAM_IP6 : FW_FAM_IP4, name, &d) == 0) {
			for (i = 0; i < leg.nchains; i++)
				leg.chains[i].table = arena_printf(&leg.arena,
				    "legacy-%s", leg.chains[i].table);
			for (i = 0; i < leg.nchains; i++)
				if (fw_chain_find(&s->model,
					leg.chains[i].table,
					leg.chains[i].name,
					leg.chains[i].fam) == NULL)
					fw_ruleset_take_table(&s->model, &leg,
					    leg.chains[i].table,
					    leg.chains[i].fam);
			what_add(&s->live_what, name);
		} else if (r > 0) {
			fw_error_all(s, &d);
		}
		strbuf_release(&text);
		fw_ruleset_release(&leg);
	}
	s->live = s->have_nft || s->have_ipt[0] || s->have_ipt[1];
}

struct conf_io {
	struct host_ctx *c;
};

static int
io_glob(void *arg, const char *pattern, char ***paths, size_t *n,
    struct rp_diag *d)
{
	struct conf_io *io = arg;

	return rootfs_glob(&io->c->root, pattern, paths, n, d);
}

static int
io_read(void *arg, const char *path, struct strbuf *out, struct rp_diag *d)
{
	struct conf_io *io = arg;

	return host_read(io->c, path, ROOTFS_READ_MAX, out, d);
}

/* Read the saved rulesets under the root. */
static void
load_saved(struct fwstate *s)
{
	struct strbuf text = STRBUF_INIT;
	struct rp_diag d;
	struct conf_io cio = { s->c };
	struct nft_io io = { io_glob, io_read, &cio };
	int f, r;

	for (f = 0; f < 2; f++) {
		const char *path = fw_rules_files[f];

		strbuf_reset(&text);
		rp_diag_init(&d);
		r = host_read(s->c, path, IPTABLES_MAX_INPUT, &text, &d);
		if (r == RP_ENOENT)
			continue;
		if (r == 0)
			r = iptables_parse(&s->pers, text.buf, text.len,
			    f ? FW_FAM_IP6 : FW_FAM_IP4, path, &d);
		if (r != 0) {
			s->pers_broken = 1;
			if (host_rule_on(s->c, RULE_HOST_FW_DEFAULT_DROP))
				host_error(s->c, RULE_HOST_FW_DEFAULT_DROP,
				    path, &d);
			continue;
		}
		s->have_pers_ipt[f] = 1;
		what_add(&s->saved_what, path);
	}
	strbuf_reset(&text);
	rp_diag_init(&d);
	r = host_read(s->c, fw_rules_files[2], ROOTFS_READ_MAX, &text, &d);
	if (r != RP_ENOENT) {
		if (r == 0)
			r = nft_conf_parse(&s->pers, text.buf, text.len,
			    fw_rules_files[2], &io, &d);
		if (r != 0) {
			s->pers_broken = 1;
			if (host_rule_on(s->c, RULE_HOST_FW_DEFAULT_DROP))
				host_error(s->c, RULE_HOST_FW_DEFAULT_DROP,
				    fw_rules_files[2], &d);
		} else {
			s->have_pers_nft = 1;
			what_add(&s->saved_what, fw_rules_files[2]);
		}
	}
	strbuf_release(&text);
	s->saved = s->have_pers_ipt[0] || s->have_pers_ipt[1] ||
	    s->have_pers_nft;
}

/*
 * The effective persistent value of a sysctl key the way systemd-sysctl
 * computes it: *.conf in /etc/sysctl.d, /run/sysctl.d,
 * /usr/local/lib/sysctl.d, /usr/lib/sysctl.d, /lib/sysctl.d; a basename
 * seen in an earlier directory hides the later ones (a link to /dev/null
 * masks); files apply in basename order, the last assignment wins.
 * Returns 1 with value/file/line filled, 0 when no file sets the key.
 */
static int
sysctl_saved(struct host_ctx *c, const char *key, char *value, size_t vn,
    const char **file, unsigned *line)
{
	static const char *const dirs[] = { "/etc/sysctl.d", "/run/sysctl.d",
		"/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d",
		"/lib/sysctl.d" };
	struct name_path {
		char *base, *path;
	} *files = NULL;
	size_t nfiles = 0, alloc = 0, i, j;
	int found = 0;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		struct rootfs_dirent *ents;
		struct rp_diag d;
		size_t n, k;

		rp_diag_init(&d);
		if (rootfs_list(&c->root, dirs[i], &ents, &n, &d) != 0)
			continue;
		for (k = 0; k < n; k++) {
			size_t len = strlen(ents[k].name);
			int seen = 0;

			if (len < 6 || strcmp(ents[k].name + len - 5, ".conf"))
				continue;
			for (j = 0; j < nfiles; j++)
				if (strcmp(files[j].base, ents[k].name) == 0)
					seen = 1;
			if (seen)
				continue;
			ALLOC_GROW(files, nfiles + 1, alloc);
			files[nfiles].base = xstrdup(ents[k].name);
			files[nfiles].path = xasprintf("%s/%s", dirs[i],
			    ents[k].name);
			nfiles++;
		}
		rootfs_dirents_free(ents, n);
	}
	/* Sort by basename. */
	for (i = 1; i < nfiles; i++) {
		struct name_path t = files[i];

		for (j = i; j > 0 && strcmp(files[j - 1].base, t.base) > 0; j--)
			files[j] = files[j - 1];
		files[j] = t;
	}
	for (i = 0; i < nfiles; i++) {
		struct strbuf text = STRBUF_INIT, link = STRBUF_INIT;
		struct rp_diag d;
		const char *p;
		unsigned ln = 0;

		rp_diag_init(&d);
		if (rootfs_readlink(&c->root, files[i].path, &link, &d) == 0 &&
		    strcmp(link.buf, "/dev/null") == 0) {
			strbuf_release(&link);
			continue;
		}
		strbuf_release(&link);
		if (host_read(c, files[i].path, ROOTFS_READ_MAX, &text, &d) !=
		    0) {
			strbuf_release(&text);
			continue;
		}
		for (p = text.buf; *p != '\0';) {
			size_t n = strcspn(p, "\n");
			char ln_buf[512], *k, *eq, *v, *q;

			ln++;
			if (n < sizeof(ln_buf)) {
				memcpy(ln_buf, p, n);
				ln_buf[n] = '\0';
				k = ln_buf;
				while (isspace((unsigned char)*k))
					k++;
				if (*k == '-')
					k++;
				eq = strchr(k, '=');
				if (*k != '#' && *k != ';' && eq != NULL) {
					*eq = '\0';
					v = eq + 1;
					for (q = eq; q > k &&
					     isspace((unsigned char)q[-1]);)
						*--q = '\0';
					for (q = k; *q; q++)
						if (*q == '/')
							*q = '.';
					while (isspace((unsigned char)*v))
						v++;
					for (q = v + strlen(v); q > v &&
					     isspace((unsigned char)q[-1]);)
						*--q = '\0';
					if (strcmp(k, key) == 0) {
						snprintf(value, vn, "%s", v);
						*file = arena_strdup(&c->arena,
						    files[i].path);
						*line = ln;
						found = 1;
					}
				}
			}
			p += n;
			if (*p == '\n')
				p++;
		}
		strbuf_release(&text);
	}
	for (i = 0; i < nfiles; i++) {
		free(files[i].base);
		free(files[i].path);
	}
	free(files);
	return found;
}

static int
first_int(const char *s, long *out)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	*out = strtol(s, &end, 10);
	return end == s ? -1 : 0;
}

/* Whether IPv6 is switched off, live or in the saved sysctl settings. */
static int
ipv6_disabled(struct host_ctx *c)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	char v[32];
	const char *file;
	unsigned line;
	long n;
	int off = 0;

	rp_diag_init(&d);
	if (c->rt != NULL) {
		if (host_read_rt(c, "/proc/sys/net/ipv6/conf/all/disable_ipv6",
			64, &sb, &d) == 0)
			off = first_int(sb.buf, &n) == 0 && n == 1;
		else if (c->live)
			off = 1; /* no /proc/sys/net/ipv6: no IPv6 at all */
	} else if (sysctl_saved(c, "net.ipv6.conf.all.disable_ipv6", v,
		       sizeof(v), &file, &line)) {
		off = first_int(v, &n) == 0 && n == 1;
	}
	strbuf_release(&sb);
	return off;
}

static const char *
fam_name(unsigned fam)
{
	return fam == FW_FAM_IP6 ? "IPv6" : "IPv4";
}

static const char *
chain_label(struct host_ctx *c, const struct fw_chain *ch)
{
	static const char *const fams[] = { "?", "ip", "ip6", "inet" };

	if (ch == NULL)
		return "(no chain)";
	return host_printf(c, "%s %s %s",
	    ch->fam <= FW_FAM_INET ? fams[ch->fam] : "other", ch->table,
	    ch->name);
}

/* The file or program a chain was read from, for findings. */
static const char *
chain_file(const struct fwstate *s, const struct fw_chain *ch)
{
	(void)s;
	return ch != NULL ? ch->source : NULL;
}

static void
check_default_drop(struct fwstate *s)
{
	static const unsigned fams[] = { FW_FAM_IP4, FW_FAM_IP6 };
	static const enum fw_hook hooks[] = { FW_HOOK_INPUT, FW_HOOK_FORWARD };
	struct host_ctx *c = s->c;
	size_t f, h;

	if (!host_rule_on(c, RULE_HOST_FW_DEFAULT_DROP))
		return;
	if (s->eval == NULL) {
		if (s->pers_broken)
			return; /* reported as an error already */
		host_fail(c, RULE_HOST_FW_DEFAULT_DROP, NULL, 0, "saved ruleset",
		    "none of /etc/iptables/rules.v4, /etc/iptables/rules.v6, /etc/nftables.conf",
		    "a saved ruleset that drops by default",
		    "no saved firewall ruleset: the node boots with an empty ruleset that accepts everything");
		return;
	}
	for (f = 0; f < ARRAY_SIZE(fams); f++) {
		for (h = 0; h < ARRAY_SIZE(hooks); h++) {
			const char *obj = host_printf(c, "%s %s",
			    fam_name(fams[f]),
			    hooks[h] == FW_HOOK_INPUT ? "INPUT" : "FORWARD");
			const struct fw_chain *where;

			if (fams[f] == FW_FAM_IP6 && s->ipv6_na != NULL) {
				host_na(c, RULE_HOST_FW_DEFAULT_DROP, obj, "%s",
				    s->ipv6_na);
				continue;
			}
			if (fw_default_drop(s->eval, fams[f], hooks[h],
				&where)) {
				host_pass(c, RULE_HOST_FW_DEFAULT_DROP, obj);
				continue;
			}
			if (where == NULL) {
				host_fail(c, RULE_HOST_FW_DEFAULT_DROP, NULL, 0,
				    obj, host_printf(c, "no %s chain on the %s hook in %s",
					fam_name(fams[f]),
					fw_hook_name(hooks[h]), s->eval_what),
				    "policy drop",
				    "%s traffic on the %s hook meets no filtering chain, so all of it is accepted",
				    fam_name(fams[f]), fw_hook_name(hooks[h]));
				continue;
			}
			host_fail(c, RULE_HOST_FW_DEFAULT_DROP,
			    chain_file(s, where), where->line, obj,
			    host_printf(c, "%s policy %s", chain_label(c, where),
				where->policy == FW_POLICY_DROP ? "drop" :
								  "accept"),
			    "policy drop (or a final unconditional drop rule)",
			    "the default of %s %s is to accept what no rule drops (%s)",
			    fam_name(fams[f]),
			    hooks[h] == FW_HOOK_INPUT ? "INPUT" : "FORWARD",
			    s->eval_what);
		}
	}
}

/* Does an interface pattern ("tun+", "tun*", "tun0") cover name? */
static int
iface_covers(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	if (n > 0 && (pattern[n - 1] == '+' || pattern[n - 1] == '*'))
		return strncmp(pattern, name, n - 1) == 0;
	return strcmp(pattern, name) == 0;
}

/* Is the exposure's source or interface inside `from`? */
static int
from_satisfied(const struct fw_exposure *x, const char *from)
{
	struct fw_prefix want;
	size_t i;

	if (from == NULL)
		return 1;
	if (fw_prefix_parse(from, &want) == 0) {
		if (x->nsrc == 0)
			return 0;
		for (i = 0; i < x->nsrc; i++)
			if (!fw_prefix_within(&x->src[i], &want))
				return 0;
		return 1;
	}
	/* An interface: the rule's may be narrower, never wider. */
	if (x->iif == NULL)
		return 0;
	if (strchr(x->iif, '+') != NULL || strchr(x->iif, '*') != NULL)
		return strcmp(x->iif, from) == 0 ||
		    (iface_covers(from, x->iif) &&
			strlen(from) <= strlen(x->iif));
	return iface_covers(from, x->iif);
}

/*
 * The part of x outside the allowlist entries whose source condition it
 * meets, appended to sb; 1 if there is such a part.
 */
static int
outside_allow(struct fwstate *s, const struct fw_exposure *x,
    const struct host_allow *allow, size_t nallow, struct strbuf *sb)
{
	struct fw_allow *a = xcalloc(nallow + 1, sizeof(*a));
	size_t i, n = 0;
	int out;

	for (i = 0; i < nallow; i++) {
		if (!from_satisfied(x, allow[i].from))
			continue;
		switch (allow[i].proto) {
		case HOST_PROTO_TCP:
			a[n].proto = 6;
			break;
		case HOST_PROTO_UDP:
			a[n].proto = 17;
			break;
		case HOST_PROTO_ICMP:
			a[n].proto = x->fam == FW_FAM_IP6 ? 58 : 1;
			break;
		}
		a[n].lo = a[n].hi = (uint16_t)allow[i].port;
		/* ICMP echo request/reply have other numbers in ICMPv6. */
		if (a[n].proto == 58 && allow[i].port == 8)
			a[n].lo = a[n].hi = 128;
		else if (a[n].proto == 58 && allow[i].port == 0)
			a[n].lo = a[n].hi = 129;
		n++;
	}
	/* Hypervisors accept anything from the administrator segment. */
	if (s->c->role == HOST_ROLE_HYPERVISOR &&
	    s->c->site.admin_segment != NULL &&
	    from_satisfied(x, s->c->site.admin_segment)) {
		a[n].proto = -1;
		a[n].lo = 0;
		a[n].hi = 65535;
		n++;
	}
	out = fw_exposure_outside(x, a, n, sb);
	free(a);
	return out;
}

static const char *
allow_text(struct host_ctx *c, const struct host_allow *allow, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t i;

	for (i = 0; i < n; i++) {
		strbuf_addf(&sb, "%s%d/%s", i ? ", " : "", allow[i].port,
		    host_proto_name(allow[i].proto));
		if (allow[i].from != NULL)
			strbuf_addf(&sb, " from %s", allow[i].from);
	}
	if (n == 0)
		strbuf_addstr(&sb, "nothing");
	s = host_printf(c, "%s", sb.buf);
	strbuf_release(&sb);
	return s;
}

static int
rule_unread(const struct fw_rule *r)
{
	return r != NULL && r->unknown != NULL &&
	    strcmp(r->unknown, NFT_CONF_UNREAD) == 0;
}

/*
 * Rules of /etc/nftables.conf are in nft's language, which is read for its
 * structure only: one manual finding per chain names the rules that may
 * accept new traffic (instead of one per rule and slice), and marks their
 * slices done.  What falls through to an accepting policy stays a failure.
 */
static void
report_unread(struct fwstate *s, enum rule_id id, unsigned fam,
    const struct fw_eval *e, char *done, const char *expected, int *bad)
{
	struct host_ctx *c = s->c;
	size_t i, j;

	for (i = 0; i < e->n; i++) {
		const struct fw_chain *ch = e->v[i].chain;
		struct strbuf lines = STRBUF_INIT;
		const struct fw_rule *last = NULL;
		size_t nrules = 0;

		if (done[i] || !rule_unread(e->v[i].rule))
			continue;
		for (j = i; j < e->n; j++) {
			if (done[j] || e->v[j].chain != ch ||
			    !rule_unread(e->v[j].rule))
				continue;
			done[j] = 1;
			if (e->v[j].rule != last) {
				last = e->v[j].rule;
				strbuf_addf(&lines, "%s%u", nrules ? ", " : "",
				    last->line);
				nrules++;
			}
		}
		{
			struct finding f = {
				.rule = id,
				.status = STATUS_MANUAL,
				.severity = -1,
				.file = chain_file(s, ch),
				.object = host_printf(c, "%s %s", fam_name(fam),
				    chain_label(c, ch)),
				.evidence = host_printf(c,
				    "%zu rule(s) not interpreted, line(s) %s",
				    nrules, lines.buf),
				.expected = expected,
				.message = host_printf(c,
				    "rules in nft's language are not interpreted offline, so rampart cannot tell which of them accept new traffic; review them, or scan the running node (or give --nft-json with `nft -j list ruleset` of this ruleset loaded in a scratch namespace)"),
			};

			host_add(c, &f);
		}
		*bad = 1;
		strbuf_release(&lines);
	}
}

/* One finding per rule (or chain policy) that lets through too much. */
static void
report_outside(struct fwstate *s, enum rule_id id, unsigned fam,
    const struct fw_eval *e, const struct host_allow *allow, size_t nallow,
    const char *expected, int *bad)
{
	struct host_ctx *c = s->c;
	size_t i, j;
	char *done = xcalloc(e->n ? e->n : 1, 1);

	report_unread(s, id, fam, e, done, expected, bad);
	for (i = 0; i < e->n; i++) {
		struct strbuf what = STRBUF_INIT, one = STRBUF_INIT;
		const struct fw_exposure *x = &e->v[i];
		const char *qual = x->qual;
		int uncertain = 0;

		if (done[i])
			continue;
		/* Gather the slices of the same rule and conditions. */
		for (j = i; j < e->n; j++) {
			const struct fw_exposure *y = &e->v[j];

			if (done[j] || y->rule != x->rule ||
			    y->chain != x->chain ||
			    (y->qual == NULL) != (qual == NULL) ||
			    (qual != NULL && strcmp(y->qual, qual) != 0))
				continue;
			done[j] = 1;
			strbuf_reset(&one);
			if (outside_allow(s, y, allow, nallow, &one)) {
				strbuf_addf(&what, "%s%s", what.len ? ", " : "",
				    one.buf);
				uncertain |= y->uncertain;
			}
		}
		if (what.len > 0) {
			const char *obj = host_printf(c, "%s %s", fam_name(fam),
			    chain_label(c, x->chain));
			const char *how = qual != NULL ?
			    host_printf(c, " when %s", qual) :
			    " from anywhere";
			const char *rtext = x->rule != NULL && x->rule->text ?
			    x->rule->text :
			    NULL;
			struct finding f = {
				.rule = id,
				.status = uncertain ? STATUS_MANUAL :
						      STATUS_FAIL,
				.severity = -1,
				.file = x->chain ? chain_file(s, x->chain) :
						   NULL,
				.line = x->rule != NULL ? x->rule->line : 0,
				.object = obj,
				.path = x->rule != NULL && x->rule->handle >= 0 ?
				    host_printf(c, "handle %lld",
					x->rule->handle) :
				    NULL,
				.evidence = rtext != NULL ?
				    rtext :
				    (x->chain != NULL ? "chain policy accept" :
							"no filtering chain"),
				.expected = expected,
			};

			if (x->chain == NULL)
				f.message = host_printf(c,
				    "no filtering chain on this hook: new inbound %s%s are accepted",
				    what.buf, how);
			else if (x->rule == NULL)
				f.message = host_printf(c,
				    "new inbound %s%s reach the end of the chain, whose policy accepts them",
				    what.buf, how);
			else if (uncertain)
				f.message = host_printf(c,
				    "this rule may accept new %s%s, but rampart cannot read all of its matches (%s); check it by hand or give iptables-save output",
				    what.buf, how,
				    x->rule->unknown ? x->rule->unknown :
						       "its target");
			else
				f.message = host_printf(c,
				    "accepts new %s%s", what.buf, how);
			host_add(c, &f);
			*bad = 1;
		}
		strbuf_release(&what);
		strbuf_release(&one);
	}
	free(done);
}

static void
check_allowlist(struct fwstate *s)
{
	static const unsigned fams[] = { FW_FAM_IP4, FW_FAM_IP6 };
	struct host_ctx *c = s->c;
	const char *expected;
	size_t f;

	if (!host_rule_on(c, RULE_HOST_FW_ROLE_ALLOWLIST))
		return;
	if (c->role == HOST_ROLE_NONE && c->nallow == 0) {
		host_na(c, RULE_HOST_FW_ROLE_ALLOWLIST, NULL,
		    "no role: give --role or host.role (or host.allow) to compare the ruleset with an allowlist");
		return;
	}
	if (s->eval == NULL) {
		if (!s->pers_broken)
			host_fail(c, RULE_HOST_FW_ROLE_ALLOWLIST, NULL, 0,
			    "saved ruleset", "no saved ruleset",
			    allow_text(c, c->allow, c->nallow),
			    "no saved firewall ruleset: after a reboot every port is open");
		return;
	}
	expected = host_printf(c, "new inbound connections only for %s",
	    allow_text(c, c->allow, c->nallow));
	for (f = 0; f < ARRAY_SIZE(fams); f++) {
		struct fw_eval e;
		int bad = 0;

		if (fams[f] == FW_FAM_IP6 && s->ipv6_na != NULL)
			continue;
		fw_eval_init(&e);
		if (fw_evaluate(s->eval, fams[f], FW_HOOK_INPUT, &e) != 0) {
			host_manual(c, RULE_HOST_FW_ROLE_ALLOWLIST,
			    fam_name(fams[f]),
			    "the ruleset could not be evaluated completely (%s); review it by hand",
			    e.why);
			fw_eval_release(&e);
			continue;
		}
		report_outside(s, RULE_HOST_FW_ROLE_ALLOWLIST, fams[f], &e,
		    c->allow, c->nallow, expected, &bad);
		if (e.accept_invalid != NULL) {
			const struct fw_rule *r = e.accept_invalid;
			struct finding fi = {
				.rule = RULE_HOST_FW_ROLE_ALLOWLIST,
				.status = STATUS_FAIL,
				.severity = -1,
				.line = r->line,
				.object = fam_name(fams[f]),
				.message = "accepts packets in connection-tracking state INVALID",
				.evidence = r->text,
				.expected = "INVALID packets dropped",
			};

			host_add(c, &fi);
			bad = 1;
		}
		if (!bad)
			host_pass(c, RULE_HOST_FW_ROLE_ALLOWLIST,
			    fam_name(fams[f]));
		fw_eval_release(&e);
	}
}

static void
check_vpn_forward(struct fwstate *s)
{
	static const unsigned fams[] = { FW_FAM_IP4, FW_FAM_IP6 };
	struct host_ctx *c = s->c;
	struct host_allow allow[2];
	const char *tun = c->site.tunnel_interface;
	size_t f;

	if (!host_rule_on(c, RULE_HOST_VPN_FORWARD_ALLOWLIST))
		return;
	if (c->role != HOST_ROLE_VPN) {
		host_na(c, RULE_HOST_VPN_FORWARD_ALLOWLIST, NULL,
		    "applies to the vpn role only");
		return;
	}
	if (s->eval == NULL)
		return; /* reported by the default-drop rule */
	memset(allow, 0, sizeof(allow));
	allow[0].proto = HOST_PROTO_TCP;
	allow[0].port = 22;
	allow[0].from = (char *)(uintptr_t)tun;
	allow[1].proto = HOST_PROTO_TCP;
	allow[1].port = 443;
	allow[1].from = (char *)(uintptr_t)tun;
	for (f = 0; f < ARRAY_SIZE(fams); f++) {
		struct fw_eval e;
		int bad = 0;

		if (fams[f] == FW_FAM_IP6 && s->ipv6_na != NULL)
			continue;
		fw_eval_init(&e);
		if (fw_evaluate(s->eval, fams[f], FW_HOOK_FORWARD, &e) != 0) {
			host_manual(c, RULE_HOST_VPN_FORWARD_ALLOWLIST,
			    fam_name(fams[f]),
			    "the FORWARD rules could not be evaluated completely (%s)",
			    e.why);
			fw_eval_release(&e);
			continue;
		}
		report_outside(s, RULE_HOST_VPN_FORWARD_ALLOWLIST, fams[f], &e,
		    allow, 2,
		    tun != NULL ?
			host_printf(c, "forwarded only from %s to 22/tcp and 443/tcp",
			    tun) :
			"forwarded only to 22/tcp (bastion) and 443/tcp (monitoring)",
		    &bad);
		if (!bad)
			host_pass(c, RULE_HOST_VPN_FORWARD_ALLOWLIST,
			    fam_name(fams[f]));
		fw_eval_release(&e);
	}
}

/*
 * The bastion's FORWARD chain accepts nothing.  The kernel switch itself
 * (net.ipv4.ip_forward, runtime and saved) is host/bastion-ip-forward in
 * sysctl.c.
 */
static void
check_bastion_forward(struct fwstate *s)
{
	struct host_ctx *c = s->c;
	struct fw_eval e;
	int bad = 0;

	if (!host_rule_on(c, RULE_HOST_BASTION_FORWARD_RULES))
		return;
	if (c->role != HOST_ROLE_BASTION) {
		host_na(c, RULE_HOST_BASTION_FORWARD_RULES, NULL,
		    "applies to the bastion role only");
		return;
	}
	if (s->eval == NULL)
		return;
	fw_eval_init(&e);
	if (fw_evaluate(s->eval, FW_FAM_IP4, FW_HOOK_FORWARD, &e) == 0)
		report_outside(s, RULE_HOST_BASTION_FORWARD_RULES, FW_FAM_IP4, &e,
		    NULL, 0, "FORWARD accepts nothing", &bad);
	fw_eval_release(&e);
	if (!bad)
		host_pass(c, RULE_HOST_BASTION_FORWARD_RULES, "FORWARD chain");
}

/*
 * Canonical text of one table of rs; empty when the table holds only
 * built-in chains that accept and no rules (what iptables-save prints for
 * a table nobody configured).
 */
static void
table_canon(const struct fw_ruleset *rs, const char *table, unsigned fam,
    struct strbuf *sb)
{
	struct fw_ruleset one;
	size_t i;
	int trivial = 1;

	fw_ruleset_init(&one, "canon");
	fw_ruleset_take_table(&one, rs, table, fam);
	for (i = 0; i < one.nchains; i++)
		if (one.chains[i].nrules > 0 ||
		    one.chains[i].policy == FW_POLICY_DROP ||
		    one.chains[i].hook == FW_HOOK_NONE)
			trivial = 0;
	if (!trivial)
		fw_ruleset_canon(&one, table, sb);
	fw_ruleset_release(&one);
}

/*
 * The rule of family fam in rs whose canonical line is line (n bytes, no
 * newline), as written in its source; a chain line as "chain TABLE NAME
 * policy P"; the line itself when nothing matches.
 */
static void
canon_describe(const struct fw_ruleset *rs, unsigned fam, const char *line,
    size_t n, struct strbuf *out)
{
	struct strbuf one = STRBUF_INIT;
	size_t i, k;

	for (i = 0; rs != NULL && i < rs->nchains; i++) {
		const struct fw_chain *ch = &rs->chains[i];

		if (ch->fam != fam)
			continue;
		for (k = 0; k < ch->nrules; k++) {
			strbuf_reset(&one);
			fw_rule_canon(&ch->rules[k], &one);
			if (one.len == n + 1 && strncmp(one.buf, line, n) == 0 &&
			    ch->rules[k].text != NULL) {
				strbuf_addstr(out, ch->rules[k].text);
				strbuf_release(&one);
				return;
			}
		}
	}
	strbuf_release(&one);
	if (n > 6 && strncmp(line, "chain ", 6) == 0) {
		const char *fam_at = strstr(line, " fam=");
		const char *pol = strstr(line, " policy=");

		if (fam_at != NULL && pol != NULL && fam_at < line + n) {
			strbuf_addf(out, "%.*s policy %.*s",
			    (int)(fam_at - line), line,
			    (int)(line + n - pol - 8), pol + 8);
			return;
		}
	}
	strbuf_add(out, line, n);
}

/*
 * Lines of a that are not in b, up to max, appended to out (described
 * from rs, family fam).
 */
static size_t
lines_missing(const char *a, const char *b, struct strbuf *out, size_t max,
    const struct fw_ruleset *rs, unsigned fam)
{
	size_t count = 0;
	const char *p = a;

	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		const char *q = b;
		int found = 0;

		while (*q != '\0') {
			size_t m = strcspn(q, "\n");

			if (m == n && strncmp(p, q, n) == 0) {
				found = 1;
				break;
			}
			q += m + (q[m] == '\n');
		}
		if (!found) {
			if (count < max) {
				if (out->len)
					strbuf_addstr(out, "; ");
				canon_describe(rs, fam, p, n, out);
			}
			count++;
		}
		p += n + (p[n] == '\n');
	}
	return count;
}

static void
compare_ipt(struct fwstate *s, unsigned fam, const char *file, int *bad)
{
	struct host_ctx *c = s->c;
	struct strbuf live = STRBUF_INIT, saved = STRBUF_INIT;
	struct strbuf only_live = STRBUF_INIT, only_saved = STRBUF_INIT;
	struct fw_ruleset mine;
	const char *tables[16];
	size_t nt = 0, i, k;

	/* Only the chains the saved file itself holds. */
	fw_ruleset_init(&mine, "saved");
	for (i = 0; i < s->pers.nchains; i++) {
		const struct fw_chain *ch = &s->pers.chains[i];

		if (ch->fam == fam && strcmp(ch->source, file) == 0 &&
		    fw_chain_find(&mine, ch->table, ch->name, fam) == NULL)
			fw_ruleset_take_table(&mine, &s->pers, ch->table, fam);
	}
	for (i = 0; i < s->ipt.nchains + mine.nchains; i++) {
		const struct fw_chain *ch = i < s->ipt.nchains ?
		    &s->ipt.chains[i] :
		    &mine.chains[i - s->ipt.nchains];
		int seen = 0;

		if (ch->fam != fam)
			continue;
		for (k = 0; k < nt; k++)
			if (strcmp(tables[k], ch->table) == 0)
				seen = 1;
		if (!seen && nt < ARRAY_SIZE(tables))
			tables[nt++] = ch->table;
	}
	for (k = 0; k < nt; k++) {
		table_canon(&s->ipt, tables[k], fam, &live);
		table_canon(&mine, tables[k], fam, &saved);
	}
	if (strcmp(live.buf, saved.buf) != 0) {
		size_t a = lines_missing(live.buf, saved.buf, &only_live, 3,
		    &s->ipt, fam);
		size_t b = lines_missing(saved.buf, live.buf, &only_saved, 3,
		    &mine, fam);

		host_fail(c, RULE_HOST_FW_PERSISTED_LIVE, file, 0,
		    host_printf(c, "%s ruleset", fam_name(fam)),
		    host_printf(c, "running only: %s; saved only: %s",
			a ? only_live.buf : "-", b ? only_saved.buf : "-"),
		    "the saved file loads exactly the running rules",
		    "%zu rule or chain line(s) run but are not saved, %zu are saved but do not run",
		    a, b);
		*bad = 1;
	}
	fw_ruleset_release(&mine);
	strbuf_release(&live);
	strbuf_release(&saved);
	strbuf_release(&only_live);
	strbuf_release(&only_saved);
}

/*
 * Base chains that filter (family, table, name, hook, policy), one a line;
 * a chain that accepts by default and holds no rules changes nothing and
 * is left out.
 */
static void
base_chains(const struct fw_ruleset *rs, struct strbuf *sb)
{
	size_t i;

	for (i = 0; i < rs->nchains; i++) {
		const struct fw_chain *ch = &rs->chains[i];

		if (ch->hook == FW_HOOK_NONE ||
		    (ch->policy != FW_POLICY_DROP && ch->nrules == 0))
			continue;
		strbuf_addf(sb, "%s %s %s %s policy %s\n",
		    ch->fam == FW_FAM_INET ? "inet" :
		    ch->fam == FW_FAM_IP6  ? "ip6" :
					     "ip",
		    ch->table, ch->name, fw_hook_name(ch->hook),
		    ch->policy == FW_POLICY_DROP ? "drop" : "accept");
	}
}

static void
check_persisted(struct fwstate *s)
{
	struct host_ctx *c = s->c;
	int bad = 0, f, compared = 0;

	if (!host_rule_on(c, RULE_HOST_FW_PERSISTED_LIVE))
		return;
	if (!s->live) {
		host_na(c, RULE_HOST_FW_PERSISTED_LIVE, NULL,
		    "needs the running ruleset (this root is not the running system; give --iptables-save or --nft-json)");
		return;
	}
	if (!s->saved) {
		int nonempty = 0;
		size_t i;

		for (i = 0; i < s->model.nchains; i++)
			if (s->model.chains[i].nrules > 0 ||
			    s->model.chains[i].policy == FW_POLICY_DROP)
				nonempty = 1;
		if (nonempty) {
			host_fail(c, RULE_HOST_FW_PERSISTED_LIVE, NULL, 0,
			    "saved ruleset", s->live_what.buf,
			    "the running ruleset saved in /etc/iptables/rules.v4, rules.v6 or /etc/nftables.conf",
			    "the running ruleset is not saved anywhere: a reboot loses it");
			return;
		}
		host_pass(c, RULE_HOST_FW_PERSISTED_LIVE, "ruleset");
		return;
	}
	for (f = 0; f < 2; f++) {
		if (!s->have_pers_ipt[f])
			continue;
		if (!s->have_ipt[f])
			continue;
		compare_ipt(s, f ? FW_FAM_IP6 : FW_FAM_IP4, fw_rules_files[f],
		    &bad);
		compared = 1;
	}
	if (s->have_pers_nft && s->have_nft) {
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

		base_chains(&s->pers, &a);
		base_chains(&s->model, &b);
		if (strcmp(a.buf, b.buf) != 0) {
			struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;

			lines_missing(b.buf, a.buf, &x, 3, NULL, 0);
			lines_missing(a.buf, b.buf, &y, 3, NULL, 0);
			host_fail(c, RULE_HOST_FW_PERSISTED_LIVE,
			    fw_rules_files[2], 0, "nftables base chains",
			    host_printf(c, "running only: %s; saved only: %s",
				x.len ? x.buf : "-", y.len ? y.buf : "-"),
			    "the same base chains and policies",
			    "the base chains or policies saved for boot differ from the running ones");
			strbuf_release(&x);
			strbuf_release(&y);
			bad = 1;
		} else if (!bad) {
			host_manual(c, RULE_HOST_FW_PERSISTED_LIVE,
			    fw_rules_files[2],
			    "base chains and policies match the running ruleset; the rules of /etc/nftables.conf are in nft's language and were not compared (compare `nft list ruleset` with the file)");
			bad = 1;
		}
		strbuf_release(&a);
		strbuf_release(&b);
		compared = 1;
	}
	if (!compared && !bad) {
		host_na(c, RULE_HOST_FW_PERSISTED_LIVE, NULL,
		    "the saved and the running ruleset come from different tools (%s; %s)",
		    s->saved_what.buf, s->live_what.buf);
		return;
	}
	if (!bad)
		host_pass(c, RULE_HOST_FW_PERSISTED_LIVE, "ruleset");
}

static void
check_rules_files(struct fwstate *s)
{
	struct host_ctx *c = s->c;
	size_t i;
	int any = 0;

	if (!host_rule_on(c, RULE_HOST_FW_RULES_FILE_MODE))
		return;
	for (i = 0; i < ARRAY_SIZE(fw_rules_files); i++) {
		struct rootfs_stat st;
		struct rp_diag d;

		rp_diag_init(&d);
		if (rootfs_stat(&c->root, fw_rules_files[i], 0, &st, &d) ==
		    RP_ENOENT)
			continue;
		any = 1;
		/* Debian ships nftables.conf as an executable nft script. */
		host_check_file_mode(c, fw_rules_files[i],
		    i == 2 ? 0755 : 0644, "root", RULE_HOST_FW_RULES_FILE_MODE,
		    -1);
	}
	if (!any)
		host_na(c, RULE_HOST_FW_RULES_FILE_MODE, NULL,
		    "no saved ruleset file");
}

/*
 * Listening sockets.  DHCP client ports are left out: the kernel hands
 * them only replies to the node's own requests for an address.
 */
static void
check_listeners(struct fwstate *s)
{
	static const struct {
		const char *path;
		int proto, v6;
	} files[] = {
		{ "/proc/net/tcp", 6, 0 },
		{ "/proc/net/tcp6", 6, 1 },
		{ "/proc/net/udp", 17, 0 },
		{ "/proc/net/udp6", 17, 1 },
	};
	struct host_ctx *c = s->c;
	struct sock_list l = { 0 };
	struct fw_eval ev[2];
	int have_ev[2] = { 0, 0 };
	size_t i, k, bad = 0, seen = 0;
	const char *expected;

	if (!host_rule_on(c, RULE_HOST_LISTEN_ALLOWLIST))
		return;
	if (c->rt == NULL) {
		host_na(c, RULE_HOST_LISTEN_ALLOWLIST, NULL,
		    "needs the running system (/proc/net); %s is not it",
		    c->root.dir);
		return;
	}
	if (c->role == HOST_ROLE_NONE && c->nallow == 0) {
		host_na(c, RULE_HOST_LISTEN_ALLOWLIST, NULL,
		    "no role: give --role or host.role to compare listeners with an allowlist");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		struct strbuf text = STRBUF_INIT;
		struct rp_diag d;
		int r;

		rp_diag_init(&d);
		r = host_read_rt(c, files[i].path, (size_t)64 << 20, &text, &d);
		if (r == 0)
			r = sock_parse(&l, text.buf, text.len, files[i].proto,
			    files[i].v6, files[i].path, &d);
		/* tcp6/udp6 are missing when IPv6 is not built in. */
		if (r != 0 && !(r == RP_ENOENT && files[i].v6))
			host_error(c, RULE_HOST_LISTEN_ALLOWLIST, files[i].path,
			    &d);
		strbuf_release(&text);
	}
	expected = host_printf(c, "listeners only for %s",
	    allow_text(c, c->allow, c->nallow));
	for (i = 0; i < l.n; i++) {
		const struct sock_entry *e = &l.v[i];
		char where[80];
		int ok = 0, reachable = -1;
		size_t f;

		if (sock_is_loopback(e))
			continue;
		seen++;
		if (e->proto == 17 && (e->port == 68 || e->port == 546))
			continue;
		for (k = 0; k < c->nallow; k++)
			if (((c->allow[k].proto == HOST_PROTO_TCP &&
				 e->proto == 6) ||
				(c->allow[k].proto == HOST_PROTO_UDP &&
				    e->proto == 17)) &&
			    c->allow[k].port == e->port)
				ok = 1;
		if (ok)
			continue;
		/* Would the firewall let a new connection reach it? */
		f = e->v6 ? 1 : 0;
		if (s->eval != NULL && !have_ev[f]) {
			fw_eval_init(&ev[f]);
			have_ev[f] = fw_evaluate(s->eval,
			    f ? FW_FAM_IP6 : FW_FAM_IP4, FW_HOOK_INPUT,
			    &ev[f]) == 0 ? 1 : -1;
		}
		if (have_ev[f] == 1) {
			reachable = 0;
			for (k = 0; k < ev[f].n; k++) {
				const struct fw_exposure *x = &ev[f].v[k];

				if (x->plo <= e->proto && e->proto <= x->phi &&
				    x->lo <= e->port && e->port <= x->hi)
					reachable = 1;
			}
		}
		sock_format(e, where, sizeof(where));
		{
			struct finding fi = {
				.rule = RULE_HOST_LISTEN_ALLOWLIST,
				.status = STATUS_FAIL,
				.severity = reachable == 0 ? SEV_LOW : -1,
				.file = e->proto == 6 ?
				    (e->v6 ? "/proc/net/tcp6" : "/proc/net/tcp") :
				    (e->v6 ? "/proc/net/udp6" : "/proc/net/udp"),
				.line = e->line,
				.object = host_printf(c, "%s %s",
				    e->proto == 6 ? "tcp" : "udp", where),
				.evidence = host_printf(c,
				    "%s/%s listening on %s (uid %u, inode %lu)",
				    e->proto == 6 ? "tcp" : "udp",
				    host_printf(c, "%u", e->port), where, e->uid,
				    e->inode),
				.expected = expected,
				.message = reachable == 1 ?
				    "a service outside the role's allowlist listens on a non-loopback address, and the firewall lets new connections reach it" :
				    reachable == 0 ?
				    "a service outside the role's allowlist listens on a non-loopback address (the firewall filters it for now)" :
				    "a service outside the role's allowlist listens on a non-loopback address",
			};

			host_add(c, &fi);
			bad++;
		}
	}
	for (i = 0; i < 2; i++)
		if (have_ev[i])
			fw_eval_release(&ev[i]);
	if (bad == 0)
		host_pass(c, RULE_HOST_LISTEN_ALLOWLIST,
		    host_printf(c, "%zu non-loopback listeners", seen));
	sock_list_release(&l);
}

void
host_run_firewall(struct host_ctx *c)
{
	static const struct host_net_opts defaults = {
		.tls_expiry_days = HOST_TLS_EXPIRY_DAYS,
		.tls_timeout_ms = HOST_TLS_TIMEOUT_MS,
		.token_max = HOST_TOKEN_MAX_SECONDS,
	};
	struct fwstate s;

	memset(&s, 0, sizeof(s));
	s.c = c;
	s.o = c->opts->net != NULL ? c->opts->net : &defaults;
	fw_ruleset_init(&s.model, "running");
	fw_ruleset_init(&s.ipt, "iptables-save");
	fw_ruleset_init(&s.pers, "saved");
	strbuf_init(&s.live_what, 0);
	strbuf_init(&s.saved_what, 0);
	load_live(&s);
	load_saved(&s);
	if (s.live) {
		s.eval = &s.model;
		s.eval_what = host_printf(c, "running ruleset (%s)",
		    s.live_what.buf);
	} else if (s.saved) {
		s.eval = &s.pers;
		s.eval_what = host_printf(c, "saved ruleset (%s)",
		    s.saved_what.buf);
	}
	if (ipv6_disabled(c))
		s.ipv6_na = "IPv6 is disabled";
	else if (s.live && !s.have_nft && !s.have_ipt[1])
		/* Only an IPv4 capture was given: IPv6 is unknown, not open. */
		s.ipv6_na = "no IPv6 ruleset was given (--ip6tables-save or --nft-json)";
	check_default_drop(&s);
	check_allowlist(&s);
	check_vpn_forward(&s);
	check_bastion_forward(&s);
	check_persisted(&s);
	check_rules_files(&s);
	check_listeners(&s);
	fw_ruleset_release(&s.model);
	fw_ruleset_release(&s.ipt);
	fw_ruleset_release(&s.pers);
	strbuf_release(&s.live_what);
	strbuf_release(&s.saved_what);
}
