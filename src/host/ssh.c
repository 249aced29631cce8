/*
 * ssh.c - sshd configuration of the scanned root: loading it through
 * rootfs, and the checks on its effective values.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "host/sshd.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define SSHD_CONFIG_PATH "/etc/ssh/sshd_config"
#define SSHD_CONFIG_MAX ((size_t)4 << 20)

static int
fs_load(void *arg, const char *path, struct strbuf *out, struct rp_diag *d)
{
	return host_read(arg, path, SSHD_CONFIG_MAX, out, d);
}

static int
fs_glob(void *arg, const char *pattern, char ***paths, size_t *n)
{
	struct host_ctx *c = arg;
	struct rp_diag d;

	rp_diag_init(&d);
	return rootfs_glob(&c->root, pattern, paths, n, &d);
}

static const char *
fs_home(void *arg, const char *user)
{
	struct host_ctx *c = arg;
	const struct host_account *a = user != NULL
	    ? host_user_by_name(c, user)
	    : host_user_by_uid(c, 0);

	return a != NULL ? a->home : NULL;
}

static int
fs_groups(void *arg, const char *user, char ***names, size_t *n)
{
	return host_user_groups(arg, user, names, n);
}

void
host_sshd_fs(struct host_ctx *c, struct sshd_fs *fs)
{
	memset(fs, 0, sizeof(*fs));
	fs->load = fs_load;
	fs->glob = fs_glob;
	fs->home = fs_home;
	fs->groups = fs_groups;
	fs->arg = c;
}

int
host_sshd_load(struct host_ctx *c, struct sshd_fs *fs,
    struct sshd_config **out, struct rp_diag *d)
{
	host_sshd_fs(c, fs);
	return sshd_config_load(out, SSHD_CONFIG_PATH, fs, d);
}

/* The state of the sshd checks for one scan. */
struct ssh_state {
	struct host_ctx *c;
	struct sshd_fs fs;
	struct sshd_config *base;
	struct sshd_config *eff;     /* a connection no Match names */
	struct sshd_config **blocks; /* per Match line: that block forced */
	const struct sshd_match *matches;
	size_t nmatches;
};

/* A verdict of one judge on one effective configuration. */
struct verdict {
	int severity;       /* -1: the rule's own */
	enum sshd_kw kw;    /* the setting that decides */
	char msg[256];
	char evidence[512];
	const char *expected;
};

typedef int (*judge_fn)(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v);

static int
num(const struct sshd_config *cfg, enum sshd_kw kw)
{
	return sshd_get(cfg, kw)->num;
}

static void
kw_text(const struct sshd_config *cfg, enum sshd_kw kw, char *buf,
    size_t size)
{
	struct strbuf sb = STRBUF_INIT;

	sshd_value_str(cfg, kw, &sb);
	snprintf(buf, size, "%s %s", sshd_kw_name(kw), sb.buf);
	strbuf_release(&sb);
}

/* Does a method list ("publickey,password") contain method? */
static int
chain_has(const char *chain, const char *method)
{
	size_t len = strlen(method);
	const char *p = chain;

	for (;;) {
		size_t n = strcspn(p, ",:");

		if (n == len && strncmp(p, method, len) == 0)
			return 1;
		p += strcspn(p, ",");
		if (*p == '\0')
			return 0;
		p++;
	}
}

/*
 * Can a login succeed with method as the only credential (no key)?  With
 * AuthenticationMethods unset any single method is enough.
 */
static int
alone(const struct sshd_config *cfg, const char *method, char *chain,
    size_t size)
{
	const struct sshd_value *am = sshd_get(cfg,
	    SSHD_KW_AUTHENTICATIONMETHODS);
	size_t i;

	if (am->n == 0) {
		snprintf(chain, size, "AuthenticationMethods any");
		return 1;
	}
	for (i = 0; i < am->n; i++) {
		if (chain_has(am->v[i], method) &&
		    !chain_has(am->v[i], "publickey")) {
			snprintf(chain, size, "AuthenticationMethods %s",
			    am->v[i]);
			return 1;
		}
	}
	return 0;
}

static int
judge_password(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	char chain[200];

	(void)s;
	(void)kw;
	v->kw = SSHD_KW_PASSWORDAUTHENTICATION;
	v->expected = "PasswordAuthentication no, or a key required first (AuthenticationMethods publickey,password)";
	if (!num(cfg, SSHD_KW_PASSWORDAUTHENTICATION))
		return 1;
	if (!alone(cfg, "password", chain, sizeof(chain)))
		return 1;
	snprintf(v->msg, sizeof(v->msg),
	    "password authentication is on and a password alone is enough");
	snprintf(v->evidence, sizeof(v->evidence),
	    "PasswordAuthentication yes; %s", chain);
	return 0;
}

static int
judge_kbdint(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	char chain[200];

	(void)s;
	(void)kw;
	v->kw = SSHD_KW_KBDINTERACTIVEAUTHENTICATION;
	v->expected = "KbdInteractiveAuthentication no, or a key required first";
	if (!num(cfg, SSHD_KW_KBDINTERACTIVEAUTHENTICATION) ||
	    !num(cfg, SSHD_KW_USEPAM))
		return 1;
	if (!alone(cfg, "keyboard-interactive", chain, sizeof(chain)))
		return 1;
	snprintf(v->msg, sizeof(v->msg),
	    "keyboard-interactive through PAM can log in without a key (PAM normally asks for the password)");
	snprintf(v->evidence, sizeof(v->evidence),
	    "KbdInteractiveAuthentication yes; UsePAM yes; %s", chain);
	return 0;
}

static int
judge_root(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	int prl = num(cfg, SSHD_KW_PERMITROOTLOGIN);

	(void)s;
	(void)kw;
	v->kw = SSHD_KW_PERMITROOTLOGIN;
	v->expected = "PermitRootLogin no (or forced-commands-only)";
	if (prl == 0 || prl == 1)
		return 1;
	kw_text(cfg, SSHD_KW_PERMITROOTLOGIN, v->evidence,
	    sizeof(v->evidence));
	if (prl == 3) {
		v->severity = SEV_HIGH;
		snprintf(v->msg, sizeof(v->msg),
		    "root may log in with any method sshd accepts, passwords included");
	} else {
		v->severity = SEV_MEDIUM;
		snprintf(v->msg, sizeof(v->msg),
		    "root may log in with a key (prohibit-password): logins are not tied to a person");
	}
	return 0;
}

static int
judge_flag_off(const struct sshd_config *cfg, enum sshd_kw kw,
    struct verdict *v, const char *expected, const char *msg)
{
	v->kw = kw;
	v->expected = expected;
	if (!num(cfg, kw))
		return 1;
	kw_text(cfg, kw, v->evidence, sizeof(v->evidence));
	snprintf(v->msg, sizeof(v->msg), "%s", msg);
	return 0;
}

static int
judge_empty(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	(void)s;
	(void)kw;
	return judge_flag_off(cfg, SSHD_KW_PERMITEMPTYPASSWORDS, v,
	    "PermitEmptyPasswords no",
	    "accounts with an empty password can log in");
}

static int
judge_x11(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	(void)s;
	(void)kw;
	if (num(cfg, SSHD_KW_DISABLEFORWARDING))
		return 1;
	return judge_flag_off(cfg, SSHD_KW_X11FORWARDING, v,
	    "X11Forwarding no", "X11 forwarding is allowed");
}

static int
judge_agent(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	(void)kw;
	if (num(cfg, SSHD_KW_DISABLEFORWARDING))
		return 1;
	if (s->c->role == HOST_ROLE_BASTION)
		v->severity = SEV_MEDIUM;
	return judge_flag_off(cfg, SSHD_KW_ALLOWAGENTFORWARDING, v,
	    "AllowAgentForwarding no", "agent forwarding is allowed");
}

static int
judge_hostbased(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	(void)s;
	if (kw == SSHD_KW_IGNORERHOSTS) {
		v->kw = kw;
		v->expected = "IgnoreRhosts yes";
		if (num(cfg, kw) == 1)
			return 1;
		kw_text(cfg, kw, v->evidence, sizeof(v->evidence));
		snprintf(v->msg, sizeof(v->msg),
		    ".rhosts and .shosts files of users are honoured");
		return 0;
	}
	return judge_flag_off(cfg, SSHD_KW_HOSTBASEDAUTHENTICATION, v,
	    "HostbasedAuthentication no",
	    "users are let in because of the host they come from");
}

static int
judge_userenv(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	(void)s;
	(void)kw;
	return judge_flag_off(cfg, SSHD_KW_PERMITUSERENVIRONMENT, v,
	    "PermitUserEnvironment no",
	    "users can set environment variables for their sessions");
}

static int
judge_strict(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	(void)s;
	(void)kw;
	v->kw = SSHD_KW_STRICTMODES;
	v->expected = "StrictModes yes";
	if (num(cfg, SSHD_KW_STRICTMODES))
		return 1;
	kw_text(cfg, SSHD_KW_STRICTMODES, v->evidence, sizeof(v->evidence));
	snprintf(v->msg, sizeof(v->msg),
	    "key files and home directories writable by others are accepted");
	return 0;
}

static int
judge_loglevel(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	int lv = num(cfg, SSHD_KW_LOGLEVEL);

	(void)s;
	(void)kw;
	v->kw = SSHD_KW_LOGLEVEL;
	v->expected = "LogLevel VERBOSE or INFO";
	if (lv == 3 || lv == 4)
		return 1;
	kw_text(cfg, SSHD_KW_LOGLEVEL, v->evidence, sizeof(v->evidence));
	snprintf(v->msg, sizeof(v->msg), "%s",
	    lv < 3 ? "logins are not logged"
		   : "debug logging records private data of users");
	return 0;
}

static int
judge_maxauth(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	(void)s;
	(void)kw;
	v->kw = SSHD_KW_MAXAUTHTRIES;
	v->expected = "MaxAuthTries 4 or lower";
	if (num(cfg, SSHD_KW_MAXAUTHTRIES) <= 4)
		return 1;
	kw_text(cfg, SSHD_KW_MAXAUTHTRIES, v->evidence, sizeof(v->evidence));
	snprintf(v->msg, sizeof(v->msg),
	    "%d authentication attempts are allowed per connection",
	    num(cfg, SSHD_KW_MAXAUTHTRIES));
	return 0;
}

static long
idle_limit(struct ssh_state *s)
{
	const char *v = host_conf_str(s->c, "ssh-client-alive-max");
	char *end;
	long n;

	if (v == NULL)
		return 900;
	n = strtol(v, &end, 10);
	return *end == '\0' && n > 0 ? n : 900;
}

static int
judge_idle(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	long iv = num(cfg, SSHD_KW_CLIENTALIVEINTERVAL);
	long cm = num(cfg, SSHD_KW_CLIENTALIVECOUNTMAX);
	long limit = idle_limit(s);

	(void)kw;
	v->kw = SSHD_KW_CLIENTALIVEINTERVAL;
	v->expected = "ClientAliveInterval > 0 and ClientAliveInterval x ClientAliveCountMax <= 900 s";
	if (iv > 0 && cm > 0 && iv * cm <= limit)
		return 1;
	if (iv > 0 && cm == 0)
		v->kw = SSHD_KW_CLIENTALIVECOUNTMAX;
	snprintf(v->evidence, sizeof(v->evidence),
	    "ClientAliveInterval %ld; ClientAliveCountMax %ld", iv, cm);
	if (iv == 0 || cm == 0)
		snprintf(v->msg, sizeof(v->msg),
		    "idle sessions are never ended");
	else
		snprintf(v->msg, sizeof(v->msg),
		    "idle sessions end only after %ld seconds (limit %ld)",
		    iv * cm, limit);
	return 0;
}

/* PAM modules that provide a second factor. */
static const char *const otp_modules[] = {
	"pam_google_authenticator", "pam_oath", "pam_u2f", "pam_yubico",
	"pam_duo", "pam_radius_auth", "pam_totp",
};

static const char *
pam_otp(struct ssh_state *s)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	const char *found = NULL;
	size_t i;

	rp_diag_init(&d);
	if (host_read(s->c, "/etc/pam.d/sshd", ROOTFS_READ_MAX, &sb, &d) ==
	    0) {
		for (i = 0; i < ARRAY_SIZE(otp_modules) && found == NULL; i++)
			if (strstr(sb.buf, otp_modules[i]) != NULL)
				found = otp_modules[i];
	}
	strbuf_release(&sb);
	return found;
}

/* Distinct methods in a chain (submethods ignored). */
static int
chain_factors(const char *chain)
{
	static const char *const m[] = { "publickey", "password",
		"keyboard-interactive", "hostbased", "gssapi-with-mic",
		"gssapi-keyex", "none" };
	size_t i;
	int n = 0;

	for (i = 0; i < ARRAY_SIZE(m); i++)
		if (strcmp(m[i], "none") != 0 && chain_has(chain, m[i]))
			n++;
	return n;
}

static int
judge_mfa(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	const struct sshd_value *am = sshd_get(cfg,
	    SSHD_KW_AUTHENTICATIONMETHODS);
	size_t i;

	(void)kw;
	v->kw = SSHD_KW_AUTHENTICATIONMETHODS;
	v->expected = "AuthenticationMethods with two different methods in every list (publickey,keyboard-interactive)";
	for (i = 0; i < am->n; i++)
		if (chain_factors(am->v[i]) < 2)
			break;
	if (am->n > 0 && i == am->n)
		return 1;
	kw_text(cfg, SSHD_KW_AUTHENTICATIONMETHODS, v->evidence,
	    sizeof(v->evidence));
	if (am->n == 0)
		snprintf(v->msg, sizeof(v->msg),
		    "any single authentication method is enough to log in");
	else
		snprintf(v->msg, sizeof(v->msg),
		    "the method list '%s' needs one factor only", am->v[i]);
	/* PAM may still ask for a code: only an auditor can tell. */
	if (num(cfg, SSHD_KW_USEPAM) &&
	    num(cfg, SSHD_KW_KBDINTERACTIVEAUTHENTICATION)) {
		const char *otp = pam_otp(s);

		if (otp != NULL) {
			v->severity = -2; /* manual */
			snprintf(v->msg, sizeof(v->msg),
			    "/etc/pam.d/sshd uses %s, but sshd does not require a second method; check that the PAM stack asks for the code in addition to a key",
			    otp);
		}
	}
	return 0;
}

/* Weak algorithm patterns per keyword. */
static const char *
weak_patterns(enum sshd_kw kw)
{
	switch (kw) {
	case SSHD_KW_CIPHERS:
		return "*-cbc,3des*,arcfour*,blowfish*,cast128*,rijndael*";
	case SSHD_KW_MACS:
		return "hmac-md5*,*-96,*-96-etm@openssh.com,hmac-ripemd160*";
	case SSHD_KW_KEXALGORITHMS:
		return "diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1";
	default:
		return "ssh-rsa,ssh-dss,ssh-rsa-cert-v01@openssh.com,ssh-dss-cert-v01@openssh.com";
	}
}

/* fnmatch-free wildcard test ('*' only) of name against a pattern list. */
static int
wild(const char *name, const char *pat, size_t plen)
{
	if (plen == 0)
		return *name == '\0';
	if (*pat == '*') {
		do {
			if (wild(name, pat + 1, plen - 1))
				return 1;
		} while (*name++ != '\0');
		return 0;
	}
	return *name == *pat && wild(name + 1, pat + 1, plen - 1);
}

static int
judge_crypto(struct ssh_state *s, const struct sshd_config *cfg,
    enum sshd_kw kw, struct verdict *v)
{
	const struct sshd_value *val = sshd_get(cfg, kw);
	const char *pats = weak_patterns(kw), *p;
	struct strbuf weak = STRBUF_INIT;
	int ok;

	(void)s;
	v->kw = kw;
	v->expected = "no CBC ciphers, MD5 or truncated MACs, SHA-1 key exchange, ssh-rsa or ssh-dss signatures";
	p = val->n > 0 ? val->v[0] : "";
	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		char *name = xstrndup(p, n);
		const char *q = pats;

		while (*q != '\0') {
			size_t m = strcspn(q, ",");

			if (wild(name, q, m)) {
				if (weak.len > 0)
					strbuf_addch(&weak, ',');
				strbuf_addstr(&weak, name);
				break;
			}
			q += m;
			if (*q == ',')
				q++;
		}
		free(name);
		p += n;
		if (*p == ',')
			p++;
	}
	ok = weak.len == 0;
	if (!ok) {
		snprintf(v->msg, sizeof(v->msg), "%s offers %s",
		    sshd_kw_name(kw), weak.buf);
		snprintf(v->evidence, sizeof(v->evidence), "%s %s",
		    sshd_kw_name(kw), weak.buf);
	}
	strbuf_release(&weak);
	return ok;
}

/* Report a failing verdict at the place that decided it. */
static void
report(struct ssh_state *s, enum rule_id id, const struct sshd_config *cfg,
    const struct verdict *v, const struct sshd_match *m)
{
	const struct sshd_value *val = sshd_get(cfg, v->kw);
	struct strbuf msg = STRBUF_INIT;
	const char *file = val->file;
	unsigned line = val->line;
	struct finding f = {
		.rule = id,
		.status = v->severity == -2 ? STATUS_MANUAL : STATUS_FAIL,
		.severity = v->severity >= 0 ? v->severity : -1,
		.object = "sshd",
		.path = sshd_kw_name(v->kw),
		.evidence = v->evidence,
		.expected = v->expected,
	};

	if (m != NULL) {
		strbuf_addf(&msg, "for connections matching 'Match %s' (%s:%u): ",
		    m->criteria, m->file, m->line);
		if (file == NULL) {
			file = m->file;
			line = m->line;
		}
	}
	strbuf_addstr(&msg, v->msg);
	if (file == NULL) {
		file = SSHD_CONFIG_PATH;
		line = 0;
		strbuf_addstr(&msg, " (sshd's built-in default)");
	}
	f.file = file;
	f.line = line;
	f.message = msg.buf;
	host_add(s->c, &f);
	strbuf_release(&msg);
}

/*
 * Judge the effective configuration, then each Match block that could
 * make it weaker for the connections it names.
 */
static void
run_judge(struct ssh_state *s, enum rule_id id, judge_fn fn, enum sshd_kw kw)
{
	struct verdict g, b;
	int ok;
	size_t i;

	if (!host_rule_on(s->c, id))
		return;
	memset(&g, 0, sizeof(g));
	g.severity = -1;
	ok = fn(s, s->eff, kw, &g);
	if (ok)
		host_pass(s->c, id, host_printf(s->c, "sshd %s",
				      sshd_kw_name(g.kw)));
	else
		report(s, id, s->eff, &g, NULL);
	for (i = 0; i < s->nmatches; i++) {
		if (s->blocks[i] == NULL)
			continue;
		memset(&b, 0, sizeof(b));
		b.severity = -1;
		if (fn(s, s->blocks[i], kw, &b))
			continue;
		if (!ok && (b.severity <= g.severity || b.severity == -2))
			continue;
		if (!ok && strcmp(b.evidence, g.evidence) == 0)
			continue;
		report(s, id, s->blocks[i], &b, &s->matches[i]);
	}
}

static void
report_diags(struct ssh_state *s, const struct sshd_config *cfg, int *bad)
{
	const struct sshd_diag *dg;
	size_t n, i;

	dg = sshd_config_diags(cfg, &n);
	for (i = 0; i < n; i++) {
		struct finding f = {
			.rule = RULE_HOST_SSHD_CONFIG_INVALID,
			.status = STATUS_ERROR,
			.severity = -1,
			.file = dg[i].file != NULL ? dg[i].file
						   : SSHD_CONFIG_PATH,
			.line = dg[i].line,
			.object = "sshd",
			.message = dg[i].msg,
		};

		host_add(s->c, &f);
		(*bad)++;
	}
}

static const enum sshd_kw crypto_kws[] = {
	SSHD_KW_CIPHERS,
	SSHD_KW_MACS,
	SSHD_KW_KEXALGORITHMS,
	SSHD_KW_HOSTKEYALGORITHMS,
	SSHD_KW_PUBKEYACCEPTEDALGORITHMS,
	SSHD_KW_CASIGNATUREALGORITHMS,
};

/* The rules of the sshd check, for not-applicable verdicts. */
static const enum rule_id ssh_rules[] = {
	RULE_HOST_SSHD_CONFIG_INVALID, RULE_HOST_SSH_PASSWORD_AUTH,
	RULE_HOST_SSH_KBD_INTERACTIVE, RULE_HOST_SSH_ROOT_LOGIN,
	RULE_HOST_SSH_EMPTY_PASSWORDS, RULE_HOST_SSH_CRYPTO,
	RULE_HOST_SSH_X11_FORWARDING, RULE_HOST_SSH_AGENT_FORWARDING,
	RULE_HOST_SSH_MAX_AUTH_TRIES, RULE_HOST_SSH_IDLE_TIMEOUT,
	RULE_HOST_SSH_MFA, RULE_HOST_SSH_HOSTBASED_AUTH,
	RULE_HOST_SSH_USER_ENVIRONMENT, RULE_HOST_SSH_STRICT_MODES,
	RULE_HOST_SSH_LOG_LEVEL, RULE_HOST_SSH_IGNORED_SETTING,
};

static int
sshd_installed(struct host_ctx *c)
{
	struct rootfs_stat st;
	struct rp_diag d;

	rp_diag_init(&d);
	return rootfs_stat(&c->root, "/usr/sbin/sshd", 0, &st, &d) == 0 ||
	    rootfs_stat(&c->root, "/etc/ssh", 0, &st, &d) == 0;
}

void
host_run_sshd(struct host_ctx *c)
{
	struct ssh_state s;
	struct rp_diag d;
	const struct sshd_conflict *k;
	size_t i, n;
	int bad = 0, r;

	memset(&s, 0, sizeof(s));
	s.c = c;
	rp_diag_init(&d);
	r = host_sshd_load(c, &s.fs, &s.base, &d);
	if (r != 0) {
		if (r == RP_ENOENT && !sshd_installed(c)) {
			for (i = 0; i < ARRAY_SIZE(ssh_rules); i++)
				host_na(c, ssh_rules[i], "sshd",
				    "the OpenSSH server is not installed");
			return;
		}
		for (i = 0; i < ARRAY_SIZE(ssh_rules); i++)
			host_error(c, ssh_rules[i], "sshd", &d);
		return;
	}
	s.eff = sshd_config_for(s.base, NULL, -1);
	s.matches = sshd_config_matches(s.base, &s.nmatches);
	s.blocks = xcalloc(s.nmatches ? s.nmatches : 1, sizeof(*s.blocks));
	for (i = 0; i < s.nmatches; i++)
		if (!s.matches[i].all)
			s.blocks[i] = sshd_config_for(s.base, NULL, (long)i);

	if (host_rule_on(c, RULE_HOST_SSHD_CONFIG_INVALID)) {
		report_diags(&s, s.base, &bad);
		report_diags(&s, s.eff, &bad);
		if (bad == 0)
			host_pass(c, RULE_HOST_SSHD_CONFIG_INVALID, "sshd");
	}
	run_judge(&s, RULE_HOST_SSH_PASSWORD_AUTH, judge_password, 0);
	run_judge(&s, RULE_HOST_SSH_KBD_INTERACTIVE, judge_kbdint, 0);
	run_judge(&s, RULE_HOST_SSH_ROOT_LOGIN, judge_root, 0);
	run_judge(&s, RULE_HOST_SSH_EMPTY_PASSWORDS, judge_empty, 0);
	for (i = 0; i < ARRAY_SIZE(crypto_kws); i++)
		run_judge(&s, RULE_HOST_SSH_CRYPTO, judge_crypto, crypto_kws[i]);
	run_judge(&s, RULE_HOST_SSH_X11_FORWARDING, judge_x11, 0);
	run_judge(&s, RULE_HOST_SSH_AGENT_FORWARDING, judge_agent, 0);
	run_judge(&s, RULE_HOST_SSH_MAX_AUTH_TRIES, judge_maxauth, 0);
	run_judge(&s, RULE_HOST_SSH_IDLE_TIMEOUT, judge_idle, 0);
	run_judge(&s, RULE_HOST_SSH_MFA, judge_mfa, 0);
	run_judge(&s, RULE_HOST_SSH_HOSTBASED_AUTH, judge_hostbased,
	    SSHD_KW_HOSTBASEDAUTHENTICATION);
	run_judge(&s, RULE_HOST_SSH_HOSTBASED_AUTH, judge_hostbased,
	    SSHD_KW_IGNORERHOSTS);
	run_judge(&s, RULE_HOST_SSH_USER_ENVIRONMENT, judge_userenv, 0);
	run_judge(&s, RULE_HOST_SSH_STRICT_MODES, judge_strict, 0);
	run_judge(&s, RULE_HOST_SSH_LOG_LEVEL, judge_loglevel, 0);

	if (host_rule_on(c, RULE_HOST_SSH_IGNORED_SETTING)) {
		k = sshd_config_conflicts(s.base, &n);
		for (i = 0; i < n; i++) {
			const struct sshd_value *v = sshd_get(s.eff, k[i].kw);
			struct strbuf ev = STRBUF_INIT, eff = STRBUF_INIT;

			strbuf_addf(&ev, "%s %s", sshd_kw_name(k[i].kw),
			    k[i].value);
			sshd_value_str(s.eff, k[i].kw, &eff);
			if (strcasecmp(eff.buf, k[i].value) == 0) {
				/* Match all made it effective after all. */
				strbuf_release(&ev);
				strbuf_release(&eff);
				continue;
			}
			host_fail(c, RULE_HOST_SSH_IGNORED_SETTING, k[i].file,
			    k[i].line, "sshd", ev.buf,
			    host_printf(c, "%s %s", sshd_kw_name(k[i].kw),
				eff.buf),
			    "ignored: sshd uses the value from %s:%u",
			    v->file != NULL ? v->file : SSHD_CONFIG_PATH,
			    v->line);
			strbuf_release(&ev);
			strbuf_release(&eff);
		}
		if (n == 0)
			host_pass(c, RULE_HOST_SSH_IGNORED_SETTING, "sshd");
	}
	for (i = 0; i < s.nmatches; i++)
		sshd_config_free(s.blocks[i]);
	free(s.blocks);
	sshd_config_free(s.eff);
	sshd_config_free(s.base);
}
