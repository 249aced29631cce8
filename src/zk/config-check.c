/*
 * config-check.c - the rules of `rampart zk config` over a loaded
 * configuration (rules/zk-config.def).
 *
 * Each check emits failures with the file and line of the setting that
 * causes them (or of zoo.cfg when a missing setting leaves a default in
 * force), and a pass when the configuration meets the rule.  Values of
 * secret settings never reach a finding.
 *
 * SPDX-License-Identifier: MIT
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "core/finding.h"
#include "zk/config.h"
#include "zk/zkversion.h"

#include "util/banned.h"

struct ctx {
	const struct zk_config *c;
	struct result *r;
	struct arena a; /* messages and evidence */
	int failed;     /* the current check emitted a failure */
};

#define SASL_PROVIDER \
	"org.apache.zookeeper.server.auth.SASLAuthenticationProvider"
#define NETTY_FACTORY "org.apache.zookeeper.server.NettyServerCnxnFactory"

static void
emit(struct ctx *x, enum rule_id rule, enum status st, int severity,
    const char *file, unsigned line, const char *object, const char *path,
    const char *message, const char *evidence, const char *expected)
{
	struct finding f = {
		.rule = rule,
		.status = st,
		.severity = severity,
		.file = file,
		.line = line,
		.object = object,
		.path = path,
		.message = message,
		.evidence = evidence,
		.expected = expected,
	};

	if (st == STATUS_FAIL)
		x->failed = 1;
	result_add(x->r, &f);
}

static void
fail_at(struct ctx *x, enum rule_id rule, const struct zk_value *v,
    const char *message, const char *evidence, const char *expected)
{
	emit(x, rule, STATUS_FAIL, -1,
	    v->file != NULL ? v->file : x->c->zoo_cfg, v->line, v->key,
	    v->src == ZK_SRC_DEFAULT ? "not set: the default applies" :
	                               (v->via != NULL ? v->via : NULL),
	    message, evidence, expected);
}

static void
pass(struct ctx *x, enum rule_id rule)
{
	result_pass(x->r, rule, x->c->zoo_cfg);
}

static void
na(struct ctx *x, enum rule_id rule, const char *why)
{
	emit(x, rule, STATUS_NA, -1, x->c->zoo_cfg, 0, NULL, NULL, why, NULL,
	    NULL);
}

static const struct zk_value *
val(const struct ctx *x, enum zk_setting s)
{
	return zk_config_get(x->c, s);
}

static const char *
vtext(const struct ctx *x, enum zk_setting s)
{
	const char *v = val(x, s)->value;

	return v != NULL ? v : "";
}

/* "key=value" for evidence, masked when secret. */
static const char *
kv(struct ctx *x, const struct zk_value *v)
{
	if (v->src == ZK_SRC_DEFAULT)
		return arena_printf(&x->a, "%s unset (default %s)", v->key,
		    v->value != NULL ? v->value : "none");
	return arena_printf(&x->a, "%s=%s", v->key,
	    zk_config_mask(v->key, v->value));
}

static int
ieq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char p = *a, q = *b;

		if (p >= 'A' && p <= 'Z')
			p = (char)(p - 'A' + 'a');
		if (q >= 'A' && q <= 'Z')
			q = (char)(q - 'A' + 'a');
		if (p != q)
			return 0;
	}
	return *a == *b;
}

static int
is_loopback(const char *host)
{
	return host != NULL &&
	    (strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0 ||
	        strcmp(host, "[::1]") == 0 || ieq(host, "localhost"));
}

/* Does a comma-separated list hold word (trimmed, case-insensitive)? */
static int
list_has(const char *list, const char *word)
{
	const char *p = list;
	size_t n = strlen(word);

	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		const char *s = p;

		while (len > 0 && (unsigned char)*s <= ' ') {
			s++;
			len--;
		}
		while (len > 0 && (unsigned char)s[len - 1] <= ' ')
			len--;
		if (len == n) {
			size_t i;

			for (i = 0; i < n; i++) {
				char a = s[i], b = word[i];

				if (a >= 'A' && a <= 'Z')
					a = (char)(a - 'A' + 'a');
				if (b >= 'A' && b <= 'Z')
					b = (char)(b - 'A' + 'a');
				if (a != b)
					break;
			}
			if (i == n)
				return 1;
		}
		p = end != NULL ? end + 1 : NULL;
	}
	return 0;
}

/* Facts several checks share. */
static int
secure_port(const struct ctx *x)
{
	int ok;

	return zk_config_int(x->c, ZK_SET_SECURE_CLIENT_PORT, &ok) > 0 && ok;
}

static int
plain_port(const struct ctx *x)
{
	size_t i;
	int ok;

	if (zk_config_int(x->c, ZK_SET_CLIENT_PORT, &ok) > 0 && ok)
		return 1;
	for (i = 0; i < x->c->nservers; i++)
		if (x->c->servers[i].client_port > 0)
			return 1;
	return 0;
}

static int
participants(const struct ctx *x)
{
	size_t i;
	int n = 0;

	for (i = 0; i < x->c->nservers; i++)
		n += !x->c->servers[i].observer;
	return n;
}

static int
distributed(const struct ctx *x)
{
	int n = participants(x);

	return n > 1 ||
	    (n == 1 && !zk_config_bool(x->c, ZK_SET_STANDALONE) &&
	        zk_config_isset(x->c, ZK_SET_STANDALONE));
}

static const struct zk_value *
sasl_provider(const struct ctx *x)
{
	size_t i;

	for (i = 0; i < x->c->nmulti; i++)
		if (strncmp(x->c->multi[i].key, "authProvider.", 13) == 0 &&
		    strcmp(x->c->multi[i].value, SASL_PROVIDER) == 0)
			return &x->c->multi[i];
	return NULL;
}

static const struct zk_jaas_section *
jaas_section(const struct ctx *x, const char *name)
{
	if (!x->c->jaas_loaded)
		return NULL;
	return zk_jaas_find(&x->c->jaas, name);
}

static const struct zk_jaas_module *
section_module(const struct zk_jaas_section *s, const char *cls_suffix)
{
	size_t i, n = strlen(cls_suffix), l;

	if (s == NULL)
		return NULL;
	for (i = 0; i < s->nmods; i++) {
		l = strlen(s->mods[i].cls);
		if (l >= n && strcmp(s->mods[i].cls + l - n, cls_suffix) == 0)
			return &s->mods[i];
	}
	return NULL;
}

/* Is the scheme's provider registered with these settings? */
static int
scheme_registered(const struct ctx *x, const char *scheme, int *custom)
{
	static const struct {
		const char *scheme, *cls;
	} provs[] = {
		{ "sasl", SASL_PROVIDER },
		{ "digest",
		    "org.apache.zookeeper.server.auth.DigestAuthenticationProvider" },
		{ "ip",
		    "org.apache.zookeeper.server.auth.IPAuthenticationProvider" },
		{ "x509",
		    "org.apache.zookeeper.server.auth.X509AuthenticationProvider" },
		{ "ensemble",
		    "org.apache.zookeeper.server.auth.EnsembleAuthenticationProvider" },
		{ "key",
		    "org.apache.zookeeper.server.auth.KeyAuthenticationProvider" },
	};
	size_t i, k;

	*custom = 0;
	if (strcmp(scheme, "ip") == 0)
		return 1;
	if (strcmp(scheme, "digest") == 0 &&
	    !(zk_config_isset(x->c, ZK_SET_DIGEST_ENABLED) &&
	        !zk_config_bool(x->c, ZK_SET_DIGEST_ENABLED)))
		return 1;
	if (strcmp(scheme, "x509") == 0 && secure_port(x) &&
	    strcmp(vtext(x, ZK_SET_SSL_AUTH_PROVIDER), "x509") == 0)
		return 1;
	for (i = 0; i < x->c->nmulti; i++) {
		const struct zk_value *v = &x->c->multi[i];
		int known = 0;

		if (strncmp(v->key, "authProvider.", 13) != 0)
			continue;
		for (k = 0; k < ARRAY_SIZE(provs); k++) {
			if (strcmp(v->value, provs[k].cls) == 0) {
				known = 1;
				if (strcmp(provs[k].scheme, scheme) == 0)
					return 1;
			}
		}
		if (!known)
			*custom = 1;
	}
	return 0;
}

/* --- zk/config-unreadable ------------------------------------------- */

static void
check_unreadable(struct ctx *x)
{
	size_t i;

	for (i = 0; i < x->c->nproblems; i++) {
		const struct rp_diag *d = &x->c->problems[i];

		emit(x, RULE_ZK_CONFIG_UNREADABLE, STATUS_ERROR, -1,
		    d->where[0] != '\0' ? d->where : NULL,
		    d->line > 0 ? (unsigned)d->line : 0, NULL, NULL, d->msg,
		    NULL, NULL);
	}
	for (i = 0; i < x->c->nparsed; i++)
		result_pass(x->r, RULE_ZK_CONFIG_UNREADABLE, x->c->parsed[i]);
}

/* --- zk/config-startup-failure --------------------------------------- */

static void
startup_fail(struct ctx *x, const struct zk_value *v, const char *msg,
    const char *expected)
{
	fail_at(x, RULE_ZK_CONFIG_STARTUP_FAILURE, v, msg, kv(x, v), expected);
}

static void
check_myid(struct ctx *x)
{
	const char *dir = val(x, ZK_SET_DATA_DIR)->value;
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	const char *path;
	char *end;
	size_t n;

	if (dir == NULL)
		return;
	path = arena_printf(&x->a, "%s/myid", dir);
	rp_diag_init(&d);
	if (rootfs_read(x->c->root, path, 4096, &sb, &d) != 0) {
		if (distributed(x))
			startup_fail(x, val(x, ZK_SET_DATA_DIR),
			    arena_printf(&x->a,
			        "the ensemble has several servers but %s is missing or unreadable (\"myid file is missing\")",
			        path),
			    "a myid file holding this server's number");
		goto out;
	}
	n = strcspn(sb.buf, "\r\n");
	sb.buf[n] = '\0';
	if (n == 0 || (strtol(sb.buf, &end, 10), *end != '\0') ||
	    !((sb.buf[0] >= '0' && sb.buf[0] <= '9') || sb.buf[0] == '-' ||
	        sb.buf[0] == '+'))
		startup_fail(x, val(x, ZK_SET_DATA_DIR),
		    arena_printf(&x->a,
		        "%s does not start with a number, so the server refuses to start (Debian ships a placeholder text there)",
		        path),
		    "the server's number (1-255) on the first line");
out:
	strbuf_release(&sb);
}

static void
check_startup(struct ctx *x)
{
	const struct zk_config *c = x->c;
	size_t i;
	int ok, custom;

	x->failed = 0;
	for (i = 0; i < ZK_SET__COUNT; i++) {
		const struct zk_setting_def *def = &zk_setting_defs[i];
		const struct zk_value *v = &c->vals[i];

		if (def->via != ZK_VIA_CORE || v->src == ZK_SRC_DEFAULT)
			continue;
		if (def->type == ZK_T_CBOOL && !ieq(v->value, "true") &&
		    !ieq(v->value, "false"))
			startup_fail(x, v,
			    arena_printf(&x->a,
			        "invalid option '%s' for %s: the server accepts only true or false and refuses to start",
			        v->value, v->key),
			    "true or false");
		if (def->type == ZK_T_INT) {
			(void)zk_config_int(c, (enum zk_setting)i, &ok);
			if (!ok)
				startup_fail(x, v,
				    arena_printf(&x->a,
				        "'%s' is not a number: Integer.parseInt fails and the server refuses to start",
				        v->value),
				    "a decimal number");
		}
	}
	if (!zk_config_bool(c, ZK_SET_QUORUM_SASL) &&
	    zk_config_bool(c, ZK_SET_QUORUM_SERVER_SASL))
		startup_fail(x, val(x, ZK_SET_QUORUM_SERVER_SASL),
		    "quorum.auth.enableSasl is off, so quorum.auth.serverRequireSasl cannot be on",
		    "quorum.auth.enableSasl=true");
	if (!zk_config_bool(c, ZK_SET_QUORUM_SASL) &&
	    zk_config_bool(c, ZK_SET_QUORUM_LEARNER_SASL))
		startup_fail(x, val(x, ZK_SET_QUORUM_LEARNER_SASL),
		    "quorum.auth.enableSasl is off, so quorum.auth.learnerRequireSasl cannot be on",
		    "quorum.auth.enableSasl=true");
	if (!zk_config_bool(c, ZK_SET_QUORUM_LEARNER_SASL) &&
	    zk_config_bool(c, ZK_SET_QUORUM_SERVER_SASL))
		startup_fail(x, val(x, ZK_SET_QUORUM_SERVER_SASL),
		    "quorum.auth.serverRequireSasl needs quorum.auth.learnerRequireSasl, or this server cannot join the quorum",
		    "quorum.auth.learnerRequireSasl=true");
	if (zk_config_bool(c, ZK_SET_QUORUM_SASL) && c->jaas_loaded &&
	    distributed(x)) {
		const char *names[2] = { vtext(x, ZK_SET_QUORUM_SERVER_CONTEXT),
			vtext(x, ZK_SET_QUORUM_LEARNER_CONTEXT) };

		for (i = 0; i < 2; i++)
			if (jaas_section(x, names[i]) == NULL)
				startup_fail(x, val(x, ZK_SET_QUORUM_SASL),
				    arena_printf(&x->a,
				        "quorum SASL is on but %s has no section %s, so the quorum login fails",
				        c->jaas_path, names[i]),
				    arena_printf(&x->a, "a %s section",
				        names[i]));
	}
	if (secure_port(x) &&
	    strcmp(vtext(x, ZK_SET_SERVER_CNXN_FACTORY), NETTY_FACTORY) != 0)
		startup_fail(x, val(x, ZK_SET_SERVER_CNXN_FACTORY),
		    "secureClientPort needs the Netty connection factory; with NIOServerCnxnFactory the server stops (\"SSL isn't supported in NIOServerCnxn\")",
		    "serverCnxnFactory=" NETTY_FACTORY);
	if (secure_port(x) &&
	    !scheme_registered(x, vtext(x, ZK_SET_SSL_AUTH_PROVIDER),
	        &custom) &&
	    !custom)
		startup_fail(x, val(x, ZK_SET_SSL_AUTH_PROVIDER),
		    "no authentication provider is configured for the TLS authentication scheme",
		    "ssl.authProvider=x509, or an authProvider.N for the scheme");
	{
		const struct zk_value *ev = NULL;
		const char *schemes = NULL;

		if (zk_config_bool(c, ZK_SET_SESSION_REQUIRE_SASL)) {
			ev = val(x, ZK_SET_SESSION_REQUIRE_SASL);
			schemes = "sasl";
		} else if (zk_config_bool(c, ZK_SET_ENFORCE_AUTH)) {
			ev = val(x, ZK_SET_ENFORCE_AUTH);
			schemes = val(x, ZK_SET_ENFORCE_AUTH_SCHEMES)->value;
			if (schemes == NULL || schemes[0] == '\0')
				startup_fail(x, ev,
				    "enforce.auth.enabled is true but enforce.auth.schemes is empty",
				    "enforce.auth.schemes=sasl");
		}
		if (ev != NULL && schemes != NULL) {
			const char *p = schemes;

			while (*p != '\0') {
				size_t n = strcspn(p, ",");
				const char *s = zk_java_trim(&x->a,
				    arena_strndup(&x->a, p, n));

				if (*s != '\0' &&
				    !scheme_registered(x, s, &custom) &&
				    !custom)
					startup_fail(x, ev,
					    arena_printf(&x->a,
					        "authentication is enforced for scheme '%s' but no provider for it is registered (\"Authentication scheme %s is not available\")",
					        s, s),
					    strcmp(s, "sasl") == 0 ?
					        "authProvider.1=" SASL_PROVIDER :
					        "a registered scheme");
				p += n;
				if (*p == ',')
					p++;
			}
		}
	}
	if (val(x, ZK_SET_DATA_DIR)->value == NULL)
		startup_fail(x, val(x, ZK_SET_DATA_DIR), "dataDir is not set",
		    "dataDir=/var/lib/zookeeper");
	if (zk_config_isset(c, ZK_SET_CLIENT_PORT_ADDRESS) &&
	    zk_config_int(c, ZK_SET_CLIENT_PORT, &ok) == 0)
		startup_fail(x, val(x, ZK_SET_CLIENT_PORT_ADDRESS),
		    "clientPortAddress is set but clientPort is not", NULL);
	if (zk_config_isset(c, ZK_SET_SECURE_CLIENT_PORT_ADDRESS) &&
	    !secure_port(x))
		startup_fail(x, val(x, ZK_SET_SECURE_CLIENT_PORT_ADDRESS),
		    "secureClientPortAddress is set but secureClientPort is not",
		    NULL);
	{
		long tick = zk_config_int(c, ZK_SET_TICK_TIME, &ok);
		long mn = zk_config_isset(c, ZK_SET_MIN_SESSION_TIMEOUT) ?
		    zk_config_int(c, ZK_SET_MIN_SESSION_TIMEOUT, &ok) :
		    tick * 2;
		long mx = zk_config_isset(c, ZK_SET_MAX_SESSION_TIMEOUT) ?
		    zk_config_int(c, ZK_SET_MAX_SESSION_TIMEOUT, &ok) :
		    tick * 20;

		if (zk_config_isset(c, ZK_SET_TICK_TIME) && tick == 0)
			startup_fail(x, val(x, ZK_SET_TICK_TIME),
			    "tickTime is 0", "tickTime=2000");
		if (mn > mx)
			startup_fail(x,
			    val(x,
			        zk_config_isset(c, ZK_SET_MIN_SESSION_TIMEOUT) ?
			            ZK_SET_MIN_SESSION_TIMEOUT :
			            ZK_SET_MAX_SESSION_TIMEOUT),
			    "minSessionTimeout is larger than maxSessionTimeout",
			    NULL);
	}
	if (zk_config_isset(c, ZK_SET_ELECTION_ALG) &&
	    zk_config_int(c, ZK_SET_ELECTION_ALG, &ok) != 3 && ok)
		startup_fail(x, val(x, ZK_SET_ELECTION_ALG),
		    "only electionAlg 3 is supported", "electionAlg=3");
	if (zk_config_isset(c, ZK_SET_PEER_TYPE) &&
	    !ieq(vtext(x, ZK_SET_PEER_TYPE), "observer") &&
	    !ieq(vtext(x, ZK_SET_PEER_TYPE), "participant"))
		startup_fail(x, val(x, ZK_SET_PEER_TYPE),
		    "unrecognised peerType", "participant or observer");
	if (zk_config_isset(c, ZK_SET_DYNAMIC_CONFIG_FILE)) {
		for (i = 0; i < c->cfg.n; i++) {
			const char *k = zk_java_trim(&x->a, c->cfg.v[i].key);

			if (strncmp(k, "server.", 7) == 0 ||
			    strncmp(k, "group", 5) == 0 ||
			    strncmp(k, "weight", 6) == 0)
				emit(x, RULE_ZK_CONFIG_STARTUP_FAILURE,
				    STATUS_FAIL, -1, c->zoo_cfg,
				    c->cfg.v[i].line, k, NULL,
				    "with dynamicConfigFile set, this key must be in the dynamic file",
				    NULL, "the line moved to the dynamic file");
		}
		for (i = 0; i < c->dyn.n; i++) {
			const char *k = zk_java_trim(&x->a, c->dyn.v[i].key);

			if (strncmp(k, "server.", 7) != 0 &&
			    strncmp(k, "group", 5) != 0 &&
			    strncmp(k, "weight", 6) != 0)
				emit(x, RULE_ZK_CONFIG_STARTUP_FAILURE,
				    STATUS_FAIL, -1,
				    vtext(x, ZK_SET_DYNAMIC_CONFIG_FILE),
				    c->dyn.v[i].line, k, NULL,
				    strcmp(k, "version") == 0 ?
				        "the dynamic file must not hold a version line" :
				        "unrecognised parameter in the dynamic file",
				    NULL,
				    "only server.N, group.N and weight.N");
		}
	}
	if (distributed(x)) {
		if (!zk_config_isset(c, ZK_SET_INIT_LIMIT))
			startup_fail(x, val(x, ZK_SET_INIT_LIMIT),
			    "initLimit is not set", "initLimit=10");
		if (!zk_config_isset(c, ZK_SET_SYNC_LIMIT))
			startup_fail(x, val(x, ZK_SET_SYNC_LIMIT),
			    "syncLimit is not set", "syncLimit=5");
	}
	check_myid(x);
	if (!x->failed)
		pass(x, RULE_ZK_CONFIG_STARTUP_FAILURE);
}

/* --- ineffective settings ------------------------------------------- */

static void
check_dead(struct ctx *x)
{
	const struct zk_config *c = x->c;
	size_t i;
	int nsec = 0, nother = 0;

	for (i = 0; i < c->ndead; i++) {
		const struct zk_dead *d = &c->dead[i];

		emit(x,
		    d->security ? RULE_ZK_CONFIG_DEAD_SECURITY :
		                  RULE_ZK_CONFIG_DEAD_SETTING,
		    STATUS_FAIL, -1, d->file, d->line, d->key, NULL, d->why,
		    arena_printf(&x->a, "%s=%s", d->key,
		        d->value != NULL ? d->value : "**** (masked)"),
		    d->instead);
		if (d->security)
			nsec++;
		else
			nother++;
	}
	if (nsec == 0)
		pass(x, RULE_ZK_CONFIG_DEAD_SECURITY);
	if (nother == 0)
		pass(x, RULE_ZK_CONFIG_DEAD_SETTING);
}

/* --- ACLs, ports and TLS ------------------------------------------- */

static void
check_skip_acl(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_SKIP_ACL);

	if (strcmp(vtext(x, ZK_SET_SKIP_ACL), "yes") == 0)
		fail_at(x, RULE_ZK_CONFIG_SKIP_ACL, v,
		    "the server performs no ACL check at all", kv(x, v),
		    "skipACL removed");
	else
		pass(x, RULE_ZK_CONFIG_SKIP_ACL);
}

static void
check_client_tls(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_CLIENT_PORT);

	if (secure_port(x)) {
		pass(x, RULE_ZK_CONFIG_CLIENT_TLS);
		return;
	}
	if (!plain_port(x)) {
		na(x, RULE_ZK_CONFIG_CLIENT_TLS,
		    "no client port is configured");
		return;
	}
	fail_at(x, RULE_ZK_CONFIG_CLIENT_TLS, val(x, ZK_SET_SECURE_CLIENT_PORT),
	    "no secureClientPort: every client session, digest password and znode value is sent in clear text",
	    kv(x, v),
	    "secureClientPort=2281 with the Netty connection factory");
}

static void
check_plaintext_port(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_CLIENT_PORT);
	size_t i;

	if (!secure_port(x)) {
		na(x, RULE_ZK_CONFIG_PLAINTEXT_PORT,
		    "no TLS client port (see zk/config-client-tls)");
		return;
	}
	x->failed = 0;
	if (zk_config_isset(x->c, ZK_SET_CLIENT_PORT) &&
	    !is_loopback(val(x, ZK_SET_CLIENT_PORT_ADDRESS)->value)) {
		int ok;

		if (zk_config_int(x->c, ZK_SET_CLIENT_PORT, &ok) > 0)
			fail_at(x, RULE_ZK_CONFIG_PLAINTEXT_PORT, v,
			    "the plaintext client port is open next to secureClientPort (mixed mode)",
			    kv(x, v),
			    "clientPort removed, or bound to 127.0.0.1");
	}
	for (i = 0; i < x->c->nservers; i++) {
		const struct zk_server *s = &x->c->servers[i];

		if (s->client_port > 0 && !is_loopback(s->client_addr))
			emit(x, RULE_ZK_CONFIG_PLAINTEXT_PORT, STATUS_FAIL, -1,
			    s->file, s->line,
			    arena_printf(&x->a, "server.%s", s->id), NULL,
			    "the server line opens a plaintext client port next to secureClientPort",
			    arena_printf(&x->a, "server.%s=%s", s->id,
			        s->value),
			    "no client port in the server line");
	}
	if (!x->failed)
		pass(x, RULE_ZK_CONFIG_PLAINTEXT_PORT);
}

static void
check_port_unification(struct ctx *x)
{
	x->failed = 0;
	if (zk_config_bool(x->c, ZK_SET_CLIENT_PORT_UNIFICATION))
		fail_at(x, RULE_ZK_CONFIG_PORT_UNIFICATION,
		    val(x, ZK_SET_CLIENT_PORT_UNIFICATION),
		    "the client port accepts TLS and plaintext connections",
		    kv(x, val(x, ZK_SET_CLIENT_PORT_UNIFICATION)),
		    "client.portUnification=false");
	if (zk_config_bool(x->c, ZK_SET_PORT_UNIFICATION))
		fail_at(x, RULE_ZK_CONFIG_PORT_UNIFICATION,
		    val(x, ZK_SET_PORT_UNIFICATION),
		    "the quorum ports accept TLS and plaintext connections (a leftover of the TLS migration)",
		    kv(x, val(x, ZK_SET_PORT_UNIFICATION)),
		    "portUnification=false");
	if (!x->failed)
		pass(x, RULE_ZK_CONFIG_PORT_UNIFICATION);
}

static int
tls_used(const struct ctx *x)
{
	return secure_port(x) || zk_config_bool(x->c, ZK_SET_SSL_QUORUM);
}

static void
check_tls_client_auth(struct ctx *x)
{
	const char *v;

	if (!tls_used(x)) {
		na(x, RULE_ZK_CONFIG_TLS_CLIENT_AUTH, "TLS is not configured");
		return;
	}
	x->failed = 0;
	v = vtext(x, ZK_SET_SSL_CLIENT_AUTH);
	if (secure_port(x) && (ieq(v, "want") || ieq(v, "none")))
		fail_at(x, RULE_ZK_CONFIG_TLS_CLIENT_AUTH,
		    val(x, ZK_SET_SSL_CLIENT_AUTH),
		    "clients without a certificate are admitted on the TLS port",
		    kv(x, val(x, ZK_SET_SSL_CLIENT_AUTH)),
		    "ssl.clientAuth=need");
	v = vtext(x, ZK_SET_SSL_QUORUM_CLIENT_AUTH);
	if (zk_config_bool(x->c, ZK_SET_SSL_QUORUM) &&
	    (ieq(v, "want") || ieq(v, "none")))
		fail_at(x, RULE_ZK_CONFIG_TLS_CLIENT_AUTH,
		    val(x, ZK_SET_SSL_QUORUM_CLIENT_AUTH),
		    "quorum peers without a certificate are admitted",
		    kv(x, val(x, ZK_SET_SSL_QUORUM_CLIENT_AUTH)),
		    "ssl.quorum.clientAuth=need");
	if (!x->failed)
		pass(x, RULE_ZK_CONFIG_TLS_CLIENT_AUTH);
}

static void
check_tls_hostname(struct ctx *x)
{
	const struct zk_config *c = x->c;
	int quorum = zk_config_bool(c, ZK_SET_SSL_QUORUM);
	int fips;

	if (!tls_used(x)) {
		na(x, RULE_ZK_CONFIG_TLS_HOSTNAME, "TLS is not configured");
		return;
	}
	x->failed = 0;
	if (secure_port(x) &&
	    !zk_config_bool(c, ZK_SET_SSL_HOSTNAME_VERIFICATION))
		fail_at(x, RULE_ZK_CONFIG_TLS_HOSTNAME,
		    val(x, ZK_SET_SSL_HOSTNAME_VERIFICATION),
		    "host names of TLS peers are not verified",
		    kv(x, val(x, ZK_SET_SSL_HOSTNAME_VERIFICATION)),
		    "ssl.hostnameVerification=true");
	if (secure_port(x) && zk_config_bool(c, ZK_SET_SSL_ALLOW_REVERSE_DNS))
		fail_at(x, RULE_ZK_CONFIG_TLS_HOSTNAME,
		    val(x, ZK_SET_SSL_ALLOW_REVERSE_DNS),
		    "host name verification may be satisfied by a reverse DNS lookup",
		    kv(x, val(x, ZK_SET_SSL_ALLOW_REVERSE_DNS)),
		    "ssl.allowReverseDnsLookup=false");
	if (quorum &&
	    !zk_config_bool(c, ZK_SET_SSL_QUORUM_HOSTNAME_VERIFICATION))
		fail_at(x, RULE_ZK_CONFIG_TLS_HOSTNAME,
		    val(x, ZK_SET_SSL_QUORUM_HOSTNAME_VERIFICATION),
		    "quorum peers are not verified by host name",
		    kv(x, val(x, ZK_SET_SSL_QUORUM_HOSTNAME_VERIFICATION)),
		    "ssl.quorum.hostnameVerification=true");
	if (quorum && zk_config_isset(c, ZK_SET_SSL_QUORUM_ALLOW_REVERSE_DNS) &&
	    zk_config_bool(c, ZK_SET_SSL_QUORUM_ALLOW_REVERSE_DNS))
		fail_at(x, RULE_ZK_CONFIG_TLS_HOSTNAME,
		    val(x, ZK_SET_SSL_QUORUM_ALLOW_REVERSE_DNS),
		    "quorum host name verification may be satisfied by a reverse DNS lookup",
		    kv(x, val(x, ZK_SET_SSL_QUORUM_ALLOW_REVERSE_DNS)),
		    "ssl.quorum.allowReverseDnsLookup=false");
	fips = zk_config_isset(c, ZK_SET_FIPS_MODE) ?
	    zk_config_bool(c, ZK_SET_FIPS_MODE) :
	    zk_version_at_least(c->version, "3.9.0", 0);
	if (quorum && fips)
		fail_at(x, RULE_ZK_CONFIG_TLS_HOSTNAME,
		    val(x, ZK_SET_FIPS_MODE),
		    "fips-mode switches ZooKeeper's trust manager off: quorum TLS then checks no host names",
		    zk_config_isset(c, ZK_SET_FIPS_MODE) ?
		        kv(x, val(x, ZK_SET_FIPS_MODE)) :
		        "fips-mode unset (true from 3.9.0)",
		    "fips-mode=false, or certificates pinned per host");
	if (!x->failed)
		pass(x, RULE_ZK_CONFIG_TLS_HOSTNAME);
}

static void
check_tls_protocol(struct ctx *x)
{
	static const enum zk_setting sets[] = { ZK_SET_SSL_PROTOCOL,
		ZK_SET_SSL_ENABLED_PROTOCOLS, ZK_SET_SSL_QUORUM_PROTOCOL,
		ZK_SET_SSL_QUORUM_ENABLED_PROTOCOLS };
	static const char *const weak[] = { "SSLv2", "SSLv3", "TLSv1",
		"TLSv1.1", "SSL", "TLS" };
	size_t i, k;

	if (!tls_used(x)) {
		na(x, RULE_ZK_CONFIG_TLS_PROTOCOL, "TLS is not configured");
		return;
	}
	x->failed = 0;
	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		const struct zk_value *v = val(x, sets[i]);

		if (v->src == ZK_SRC_DEFAULT || v->value == NULL)
			continue;
		for (k = 0; k < ARRAY_SIZE(weak); k++) {
			if (list_has(v->value, weak[k])) {
				fail_at(x, RULE_ZK_CONFIG_TLS_PROTOCOL, v,
				    arena_printf(&x->a,
				        "%s allows %s, which is older than TLS 1.2 (or lets the JRE pick any version)",
				        v->key, weak[k]),
				    kv(x, v), "TLSv1.2 and TLSv1.3 only");
				break;
			}
		}
	}
	if (!x->failed)
		pass(x, RULE_ZK_CONFIG_TLS_PROTOCOL);
}

/* --- secrets and super users ------------------------------------------ */

static void
check_inline_secret(struct ctx *x)
{
	const struct zk_config *c = x->c;
	size_t i;

	x->failed = 0;
	for (i = 0; i < ZK_SET__COUNT; i++) {
		const struct zk_value *v = &c->vals[i];

		if (zk_setting_defs[i].type != ZK_T_SECRET ||
		    v->src == ZK_SRC_DEFAULT)
			continue;
		if (i == ZK_SET_SUPER_DIGEST && v->src != ZK_SRC_JVM)
			continue; /* a hash in zoo.cfg: zk/config-super-digest
			           */
		fail_at(x, RULE_ZK_CONFIG_INLINE_SECRET, v,
		    v->src == ZK_SRC_JVM ?
		        "the secret is a -D flag: every local user sees it in the process list" :
		        "the secret is written in zoo.cfg, and the AdminServer serves zoo.cfg verbatim",
		    kv(x, v),
		    strstr(v->key, "Store.password") != NULL ?
		        arena_printf(&x->a, "%sPath pointing at a 0600 file",
		            v->key) :
		        "the secret kept out of command lines and shared files");
	}
	for (i = 0; i < c->nflags; i++) {
		const struct zk_jvm_flag *f = &c->flags[i];
		const char *n = f->name;

		if (f->dead || strncmp(n, "zookeeper.", 10) == 0 ||
		    strcmp(zk_config_mask(n, f->value), f->value) == 0)
			continue;
		emit(x, RULE_ZK_CONFIG_INLINE_SECRET, STATUS_FAIL, -1, f->file,
		    f->line, n, f->var,
		    f->client ?
		        "a secret in CLIENT_JVMFLAGS is visible in the process list while zkCli runs" :
		        "the secret is a -D flag: every local user sees it in the process list",
		    arena_printf(&x->a, "-D%s=%s", n,
		        zk_config_mask(n, f->value)),
		    "the secret kept out of command lines");
	}
	if (!x->failed)
		pass(x, RULE_ZK_CONFIG_INLINE_SECRET);
}

static void
check_super_digest(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_SUPER_DIGEST);

	if (v->src == ZK_SRC_DEFAULT) {
		pass(x, RULE_ZK_CONFIG_SUPER_DIGEST);
		return;
	}
	emit(x, RULE_ZK_CONFIG_SUPER_DIGEST, STATUS_FAIL,
	    secure_port(x) ? -1 : SEV_HIGH, v->file, v->line, v->key, v->via,
	    secure_port(x) ?
	        "a digest super user bypasses every ACL; its hash is unsalted SHA-1" :
	        "a digest super user bypasses every ACL, and without a TLS client port its password crosses the network in clear text",
	    kv(x, v),
	    "no superDigest; administrators use SASL or x509 identities");
}

static void
check_sasl_super(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_SASL_SUPER_PASSWORD);
	size_t i, j, k;

	x->failed = 0;
	if (v->src != ZK_SRC_DEFAULT)
		fail_at(x, RULE_ZK_CONFIG_SASL_SUPER, v,
		    "the DIGEST-MD5 user super matches every sasl: ACL entry",
		    kv(x, v), "no SASLAuthenticationProvider.superPassword");
	for (i = 0; x->c->jaas_loaded && i < x->c->jaas.nsecs; i++) {
		const struct zk_jaas_section *s = &x->c->jaas.secs[i];

		for (j = 0; j < s->nmods; j++)
			for (k = 0; k < s->mods[j].nopts; k++)
				if (strcmp(s->mods[j].opts[k].key,
				        "user_super") == 0)
					emit(x, RULE_ZK_CONFIG_SASL_SUPER,
					    STATUS_FAIL, -1, x->c->jaas_path,
					    s->mods[j].opts[k].line,
					    arena_printf(&x->a,
					        "JAAS section %s", s->name),
					    "user_super",
					    "the JAAS user super matches every sasl: ACL entry",
					    "user_super=**** (masked)",
					    "no user_super entry");
	}
	if (!x->failed)
		pass(x, RULE_ZK_CONFIG_SASL_SUPER);
}

static void
check_let_any_sasl(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_LET_ANY_SASL);

	if (v->src == ZK_SRC_DEFAULT)
		pass(x, RULE_ZK_CONFIG_LET_ANY_SASL);
	else
		fail_at(x, RULE_ZK_CONFIG_LET_ANY_SASL, v,
		    arena_printf(&x->a,
		        "every SASL user matches sasl:%s ACL entries",
		        v->value),
		    kv(x, v), "letAnySaslUserDoX removed");
}

/* --- quorum and client authentication -------------------------------- */

static void
check_quorum_auth(struct ctx *x)
{
	const struct zk_config *c = x->c;
	int e = zk_config_bool(c, ZK_SET_QUORUM_SASL);
	int l = zk_config_bool(c, ZK_SET_QUORUM_LEARNER_SASL);
	int s = zk_config_bool(c, ZK_SET_QUORUM_SERVER_SASL);

	if (!distributed(x)) {
		na(x, RULE_ZK_CONFIG_QUORUM_AUTH,
		    "a standalone server has no quorum");
		return;
	}
	if (zk_config_bool(c, ZK_SET_SSL_QUORUM) || (e && l && s)) {
		pass(x, RULE_ZK_CONFIG_QUORUM_AUTH);
		return;
	}
	fail_at(x, RULE_ZK_CONFIG_QUORUM_AUTH, val(x, ZK_SET_QUORUM_SASL),
	    e ? "quorum SASL is enabled but not required, so unauthenticated peers are still admitted" :
	        arena_printf(&x->a,
	            "%d servers form a quorum with neither quorum SASL nor quorum TLS",
	            participants(x)),
	    arena_printf(&x->a,
	        "quorum.auth.enableSasl=%s learnerRequireSasl=%s serverRequireSasl=%s sslQuorum=%s",
	        e ? "true" : "false", l ? "true" : "false",
	        s ? "true" : "false",
	        zk_config_bool(c, ZK_SET_SSL_QUORUM) ? "true" : "false"),
	    "all three quorum.auth.* keys true, or sslQuorum=true");
}

static void
check_quorum_principal(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_QUORUM_PRINCIPAL);
	const struct zk_jaas_section *sec;

	if (!zk_config_bool(x->c, ZK_SET_QUORUM_SASL) || !distributed(x)) {
		na(x, RULE_ZK_CONFIG_QUORUM_PRINCIPAL, "quorum SASL is off");
		return;
	}
	sec = jaas_section(x, vtext(x, ZK_SET_QUORUM_SERVER_CONTEXT));
	if (section_module(sec, "Krb5LoginModule") == NULL) {
		na(x, RULE_ZK_CONFIG_QUORUM_PRINCIPAL,
		    "the quorum login does not use Kerberos");
		return;
	}
	if (v->src == ZK_SRC_DEFAULT)
		fail_at(x, RULE_ZK_CONFIG_QUORUM_PRINCIPAL, v,
		    "the default quorum principal zkquorum/localhost names no real host",
		    kv(x, v),
		    "quorum.auth.kerberos.servicePrincipal=zkquorum/_HOST");
	else if (strchr(v->value, '/') == NULL)
		fail_at(x, RULE_ZK_CONFIG_QUORUM_PRINCIPAL, v,
		    "the quorum principal has no host part, so learners are not tied to their hosts",
		    kv(x, v), "service/_HOST@REALM");
	else
		pass(x, RULE_ZK_CONFIG_QUORUM_PRINCIPAL);
}

static const char *
server_section_name(const struct ctx *x)
{
	return vtext(x, ZK_SET_SASL_SERVER_CONFIG);
}

static int
server_section_usable(const struct ctx *x)
{
	const struct zk_jaas_section *s =
	    jaas_section(x, server_section_name(x));

	return s != NULL && s->nmods > 0;
}

static void
check_client_sasl(struct ctx *x)
{
	int prov = sasl_provider(x) != NULL, sec = server_section_usable(x);

	if (prov && sec) {
		pass(x, RULE_ZK_CONFIG_CLIENT_SASL);
		return;
	}
	if (prov || sec) {
		na(x, RULE_ZK_CONFIG_CLIENT_SASL,
		    "SASL is half configured (see zk/config-sasl-incomplete)");
		return;
	}
	emit(x, RULE_ZK_CONFIG_CLIENT_SASL, STATUS_FAIL, -1, x->c->zoo_cfg, 0,
	    "authProvider.N", NULL,
	    "no SASL authentication provider and no JAAS Server section: clients can only be anonymous, ip or digest identities",
	    "no authProvider.N for SASL; no java.security.auth.login.config",
	    "authProvider.1=" SASL_PROVIDER
	    " and a JAAS Server section with Krb5LoginModule");
}

static unsigned
sec_ptr_line(const struct zk_jaas_section *s)
{
	return s != NULL ? s->line : 0;
}

static void
check_sasl_incomplete(struct ctx *x)
{
	const struct zk_value *prov = sasl_provider(x);
	int usable = server_section_usable(x);
	const struct zk_jaas_section *sec;
	unsigned sec_line;

	if (prov != NULL && usable) {
		pass(x, RULE_ZK_CONFIG_SASL_INCOMPLETE);
		return;
	}
	if (prov == NULL && !usable) {
		na(x, RULE_ZK_CONFIG_SASL_INCOMPLETE, "SASL is not configured");
		return;
	}
	if (prov != NULL) {
		const struct zk_value *jv = val(x, ZK_SET_JAAS_CONFIG);

		fail_at(x, RULE_ZK_CONFIG_SASL_INCOMPLETE, prov,
		    x->c->jaas_path == NULL ?
		        "the SASL provider is registered but the JVM gets no JAAS file (-Djava.security.auth.login.config), so no SASL login can succeed" :
		        arena_printf(&x->a,
		            "the SASL provider is registered but %s has no usable section %s, so no SASL login can succeed",
		            x->c->jaas_path, server_section_name(x)),
		    jv->src == ZK_SRC_DEFAULT ?
		        "java.security.auth.login.config unset" :
		        kv(x, jv),
		    arena_printf(&x->a, "a JAAS section %s with a login module",
		        server_section_name(x)));
		return;
	}
	sec = jaas_section(x, server_section_name(x));
	sec_line = sec_ptr_line(sec);
	emit(x, RULE_ZK_CONFIG_SASL_INCOMPLETE, STATUS_FAIL, -1,
	    x->c->jaas_path, sec_line, server_section_name(x), NULL,
	    "the JAAS Server section authenticates SASL users, but without the SASL provider every sasl: ACL matches nobody",
	    "no authProvider.N=" SASL_PROVIDER,
	    "authProvider.1=" SASL_PROVIDER);
}

static void
check_auth_enforce(struct ctx *x)
{
	const struct zk_config *c = x->c;
	const struct zk_value *v;
	const char *schemes;

	if (zk_config_bool(c, ZK_SET_SESSION_REQUIRE_SASL)) {
		pass(x, RULE_ZK_CONFIG_AUTH_ENFORCE);
		return;
	}
	if (!zk_config_bool(c, ZK_SET_ENFORCE_AUTH)) {
		v = val(x, ZK_SET_ENFORCE_AUTH);
		fail_at(x, RULE_ZK_CONFIG_AUTH_ENFORCE, v,
		    "anonymous clients can open sessions and use every node that grants world access",
		    kv(x, v),
		    "enforce.auth.enabled=true, enforce.auth.schemes=sasl");
		return;
	}
	if (c->version != NULL &&
	    !zk_version_at_least(c->version, "3.7.0", 1)) {
		v = val(x, ZK_SET_ENFORCE_AUTH);
		fail_at(x, RULE_ZK_CONFIG_AUTH_ENFORCE, v,
		    arena_printf(&x->a,
		        "enforce.auth.* exists from 3.7.0; release %s ignores it",
		        c->version),
		    kv(x, v), "sessionRequireClientSASLAuth=true (3.5.9+)");
		return;
	}
	v = val(x, ZK_SET_ENFORCE_AUTH_SCHEMES);
	schemes = v->value != NULL ? v->value : "";
	if (!list_has(schemes, "sasl") && !list_has(schemes, "x509")) {
		const char *p = schemes;
		int strong = 0;

		while (*p != '\0') {
			size_t n = strcspn(p, ",");
			const char *s =
			    zk_java_trim(&x->a, arena_strndup(&x->a, p, n));

			if (*s != '\0' && strcmp(s, "digest") != 0 &&
			    strcmp(s, "ip") != 0)
				strong = 1;
			p += n;
			if (*p == ',')
				p++;
		}
		if (!strong) {
			fail_at(x, RULE_ZK_CONFIG_AUTH_ENFORCE, v,
			    "enforcement with digest or ip only admits everyone: digest accepts any user:password and every client has an ip identity",
			    kv(x, v),
			    "enforce.auth.schemes=sasl (and/or x509)");
			return;
		}
	}
	pass(x, RULE_ZK_CONFIG_AUTH_ENFORCE);
}

static void
check_sasl_failed(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_ALLOW_SASL_FAILED);

	if (zk_config_bool(x->c, ZK_SET_ALLOW_SASL_FAILED))
		fail_at(x, RULE_ZK_CONFIG_SASL_FAILED, v,
		    "clients whose SASL login failed keep their session",
		    kv(x, v), "allowSaslFailedClients=false");
	else
		pass(x, RULE_ZK_CONFIG_SASL_FAILED);
}

/* --- exposed endpoints ------------------------------------------------ */

static void
check_4lw(struct ctx *x)
{
	static const char *const bad[] = { "wchc", "wchp", "wchs", "stmk",
		"crst", "srst", "dump", "cons", "envi", "conf" };
	const struct zk_value *v = val(x, ZK_SET_FOUR_LW);
	struct strbuf found = STRBUF_INIT;
	size_t i;

	if (list_has(vtext(x, ZK_SET_FOUR_LW), "*")) {
		fail_at(x, RULE_ZK_CONFIG_4LW, v,
		    "every four-letter word is enabled, including the ones that change state, leak data or exhaust the server",
		    kv(x, v), "srvr,ruok or mntr");
		strbuf_release(&found);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		if (list_has(vtext(x, ZK_SET_FOUR_LW), bad[i]))
			strbuf_addf(&found, "%s%s", found.len ? ", " : "",
			    bad[i]);
	if (found.len > 0)
		fail_at(x, RULE_ZK_CONFIG_4LW, v,
		    arena_printf(&x->a,
		        "unauthenticated four-letter words %s are enabled",
		        found.buf),
		    kv(x, v), "srvr,ruok or mntr");
	else
		pass(x, RULE_ZK_CONFIG_4LW);
	strbuf_release(&found);
}

static void
check_admin_server(struct ctx *x)
{
	const struct zk_config *c = x->c;
	const struct zk_value *en = val(x, ZK_SET_ADMIN_ENABLE);
	const struct zk_value *addr = val(x, ZK_SET_ADMIN_ADDRESS);
	struct strbuf msg = STRBUF_INIT;
	int v39 = zk_version_at_least(c->version, "3.9.0", 0);

	if (c->version != NULL &&
	    !zk_version_at_least(c->version, "3.5.0", 1)) {
		na(x, RULE_ZK_CONFIG_ADMIN_SERVER,
		    "releases before 3.5 have no AdminServer");
		return;
	}
	if (strcmp(vtext(x, ZK_SET_ADMIN_ENABLE), "false") == 0 ||
	    is_loopback(addr->value)) {
		pass(x, RULE_ZK_CONFIG_ADMIN_SERVER);
		return;
	}
	strbuf_addf(&msg,
	    "the AdminServer answers without authentication on %s:%s",
	    vtext(x, ZK_SET_ADMIN_ADDRESS), vtext(x, ZK_SET_ADMIN_PORT));
	if (!zk_config_bool(c, ZK_SET_ADMIN_FORCE_HTTPS))
		strbuf_addstr(&msg, " over plain HTTP");
	strbuf_addstr(&msg,
	    " and serves zoo.cfg, system properties and connection details");
	if (v39 &&
	    (zk_config_bool(c, ZK_SET_ADMIN_SNAPSHOT) ||
	        zk_config_bool(c, ZK_SET_ADMIN_RESTORE)))
		strbuf_addstr(&msg,
		    "; snapshot/restore can download or replace the database while / grants ALL to world");
	if (zk_config_bool(c, ZK_SET_IP_XFF))
		strbuf_addstr(&msg,
		    "; ip authentication trusts the X-Forwarded-For header");
	emit(x, RULE_ZK_CONFIG_ADMIN_SERVER, STATUS_FAIL, -1,
	    en->src != ZK_SRC_DEFAULT ? en->file : c->zoo_cfg,
	    en->src != ZK_SRC_DEFAULT ? en->line : 0, "admin.enableServer",
	    en->src == ZK_SRC_DEFAULT ? "not set: the default applies" : NULL,
	    msg.buf, arena_printf(&x->a, "%s; %s", kv(x, en), kv(x, addr)),
	    "admin.enableServer=false, or admin.serverAddress=127.0.0.1");
	strbuf_release(&msg);
}

static void
check_jmx(struct ctx *x)
{
	const struct zk_value *port = val(x, ZK_SET_JMX_PORT);
	int auth = zk_config_bool(x->c, ZK_SET_JMX_AUTH);
	int ssl = zk_config_bool(x->c, ZK_SET_JMX_SSL);

	if (port->src == ZK_SRC_DEFAULT || (auth && ssl)) {
		pass(x, RULE_ZK_CONFIG_JMX);
		return;
	}
	fail_at(x, RULE_ZK_CONFIG_JMX, port,
	    !auth ?
	        "a remote JMX port accepts connections without authentication: anyone who reaches it can run code in the server" :
	        "the remote JMX port does not use TLS, so its password crosses the network in clear text",
	    arena_printf(&x->a, "%s; %s; %s", kv(x, port),
	        kv(x, val(x, ZK_SET_JMX_AUTH)), kv(x, val(x, ZK_SET_JMX_SSL))),
	    "no remote JMX, or authenticate=true and ssl=true");
}

static void
check_metrics(struct ctx *x)
{
	const struct zk_value *host = val(x, ZK_SET_METRICS_HOST);
	const char *h = vtext(x, ZK_SET_METRICS_HOST);

	if (strstr(vtext(x, ZK_SET_METRICS_CLASS), "Prometheus") == NULL ||
	    (strcmp(h, "0.0.0.0") != 0 && strcmp(h, "::") != 0 &&
	        strcmp(h, "[::]") != 0 && h[0] != '\0')) {
		pass(x, RULE_ZK_CONFIG_METRICS);
		return;
	}
	fail_at(x, RULE_ZK_CONFIG_METRICS, host,
	    arena_printf(&x->a,
	        "the Prometheus endpoint serves metrics without authentication on all interfaces, port %s",
	        vtext(x, ZK_SET_METRICS_PORT)),
	    kv(x, host), "metricsProvider.httpHost=<monitoring address>");
}

/* --- files and directories ------------------------------------------ */

static int
under_tmp(const char *p)
{
	static const char *const tmps[] = { "/tmp", "/var/tmp", "/dev/shm" };
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(tmps); i++) {
		n = strlen(tmps[i]);
		if (strncmp(p, tmps[i], n) == 0 &&
		    (p[n] == '\0' || p[n] == '/'))
			return 1;
	}
	return 0;
}

static void
check_data_dir_tmp(struct ctx *x)
{
	static const enum zk_setting dirs[] = { ZK_SET_DATA_DIR,
		ZK_SET_DATA_LOG_DIR };
	size_t i;

	x->failed = 0;
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		const struct zk_value *v = val(x, dirs[i]);

		if (v->value != NULL && under_tmp(v->value))
			fail_at(x, RULE_ZK_CONFIG_DATA_DIR_TMP, v,
			    "the database lives in a temporary directory that every local user can reach and that is cleaned at boot",
			    kv(x, v), "/var/lib/zookeeper");
	}
	if (!x->failed)
		pass(x, RULE_ZK_CONFIG_DATA_DIR_TMP);
}

static const char *
owner_text(struct ctx *x, const struct rootfs_stat *st)
{
	const char *u = zk_config_user(x->c, (long)st->uid);
	const char *g = zk_config_group(x->c, (long)st->gid);

	return arena_printf(&x->a, "mode %04o, owner %s%s%ld, group %s%s%ld",
	    (unsigned)(st->mode & 07777), u != NULL ? u : "", u ? "/" : "",
	    (long)st->uid, g != NULL ? g : "", g ? "/" : "",
	    (long)st->gid);
}

/*
 * Ownership is judged against the audited system's own accounts: a file
 * owned by a named account other than root and the service user can be
 * changed (or read) by that account.  Ids that name no account on the
 * audited system (a copied tree, a container image) are not held against
 * the file; the evidence still shows them.
 */
static int
trusted_owner(const struct ctx *x, const struct rootfs_stat *st)
{
	return st->uid == 0 ||
	    (x->c->svc_uid >= 0 && (long)st->uid == x->c->svc_uid) ||
	    zk_config_user(x->c, (long)st->uid) == NULL;
}

static int
trusted_group(const struct ctx *x, const struct rootfs_stat *st)
{
	return st->gid == 0 ||
	    (x->c->svc_gid >= 0 && (long)st->gid == x->c->svc_gid) ||
	    zk_config_group(x->c, (long)st->gid) == NULL;
}

static void
file_finding(struct ctx *x, enum rule_id rule, const struct zk_file *f,
    const char *msg, const char *evidence, const char *expected)
{
	emit(x, rule, STATUS_FAIL, -1, f->path, 0, f->what,
	    f->ref_file != NULL ? arena_printf(&x->a, "referenced at %s:%u",
	                              f->ref_file, f->ref_line) :
	                          NULL,
	    msg, evidence, expected);
}

static void
check_data_dir_perms(struct ctx *x)
{
	size_t i;
	int seen = 0;

	x->failed = 0;
	for (i = 0; i < x->c->nfiles; i++) {
		const struct zk_file *f = &x->c->files[i];
		mode_t m = f->st.mode;

		if (f->kind != ZK_FILE_DATADIR || !f->exists)
			continue;
		seen = 1;
		if (m & 007)
			file_finding(x, RULE_ZK_CONFIG_DATA_DIR_PERMS, f,
			    "other users can reach the snapshots and transaction logs",
			    owner_text(x, &f->st), "mode 0750 or stricter");
		else if ((m & 020) && !trusted_group(x, &f->st))
			file_finding(x, RULE_ZK_CONFIG_DATA_DIR_PERMS, f,
			    "the directory is writable by a group other than root or the service group",
			    owner_text(x, &f->st), "mode 0750 or stricter");
		else if (!trusted_owner(x, &f->st))
			file_finding(x, RULE_ZK_CONFIG_DATA_DIR_PERMS, f,
			    arena_printf(&x->a,
			        "the directory belongs to neither root nor the service user %s",
			        x->c->service_user),
			    owner_text(x, &f->st),
			    arena_printf(&x->a, "owner %s",
			        x->c->service_user));
	}
	if (!seen)
		na(x, RULE_ZK_CONFIG_DATA_DIR_PERMS,
		    "the data directory does not exist under the audited root");
	else if (!x->failed)
		pass(x, RULE_ZK_CONFIG_DATA_DIR_PERMS);
}

static void
check_secret_files(struct ctx *x)
{
	size_t i;
	int seen = 0;

	x->failed = 0;
	for (i = 0; i < x->c->nfiles; i++) {
		const struct zk_file *f = &x->c->files[i];
		mode_t m = f->st.mode;

		if (!f->exists || f->kind == ZK_FILE_DATADIR)
			continue;
		if (f->kind == ZK_FILE_KEYTAB) {
			seen = 1;
			if (m & 077)
				file_finding(x, RULE_ZK_CONFIG_SECRET_FILE, f,
				    "the keytab is readable by other users or the group: it is a password equivalent",
				    owner_text(x, &f->st),
				    "mode 0400 or 0600, owner zookeeper");
			else if (!trusted_owner(x, &f->st))
				file_finding(x, RULE_ZK_CONFIG_SECRET_FILE, f,
				    "the keytab belongs to another user, who can read it",
				    owner_text(x, &f->st),
				    arena_printf(&x->a, "owner %s",
				        x->c->service_user));
			continue;
		}
		if (!f->has_secret && f->kind != ZK_FILE_JAAS)
			continue;
		seen = 1;
		if (m & 004)
			file_finding(x, RULE_ZK_CONFIG_SECRET_FILE, f,
			    f->has_secret ?
			        "every local user can read the secrets in this file" :
			        "every local user can read the JAAS configuration",
			    owner_text(x, &f->st), "mode 0640 or stricter");
		else if ((m & 040) && !trusted_group(x, &f->st))
			file_finding(x, RULE_ZK_CONFIG_SECRET_FILE, f,
			    "a group other than root or the service group can read this file",
			    owner_text(x, &f->st),
			    arena_printf(&x->a, "group root or %s",
			        x->c->service_user));
		else if (!trusted_owner(x, &f->st))
			file_finding(x, RULE_ZK_CONFIG_SECRET_FILE, f,
			    "the file belongs to a user other than root or the service user",
			    owner_text(x, &f->st), "owner root or zookeeper");
	}
	if (!seen)
		na(x, RULE_ZK_CONFIG_SECRET_FILE,
		    "no file of this configuration holds a secret");
	else if (!x->failed)
		pass(x, RULE_ZK_CONFIG_SECRET_FILE);
}

static void
check_file_writable(struct ctx *x)
{
	size_t i;

	x->failed = 0;
	for (i = 0; i < x->c->nfiles; i++) {
		const struct zk_file *f = &x->c->files[i];
		mode_t m = f->st.mode, dm = f->dir_st.mode;

		if (!f->exists || f->kind == ZK_FILE_DATADIR)
			continue;
		if ((m & 002) || ((m & 020) && !trusted_group(x, &f->st)))
			file_finding(x, RULE_ZK_CONFIG_FILE_WRITABLE, f,
			    "other users can change this file",
			    owner_text(x, &f->st),
			    "not writable by group or others");
		else if (!trusted_owner(x, &f->st))
			file_finding(x, RULE_ZK_CONFIG_FILE_WRITABLE, f,
			    "the file belongs to a user other than root or the service user, who can change it",
			    owner_text(x, &f->st), "owner root");
		else if (dm != 0 &&
		    (((dm & 002) && !(dm & 01000)) ||
		        ((dm & 020) && !trusted_group(x, &f->dir_st))))
			file_finding(x, RULE_ZK_CONFIG_FILE_WRITABLE, f,
			    "other users can replace this file: its directory is writable by them",
			    arena_printf(&x->a, "directory %s",
			        owner_text(x, &f->dir_st)),
			    "directory not writable by group or others");
	}
	if (!x->failed)
		pass(x, RULE_ZK_CONFIG_FILE_WRITABLE);
}

static void
check_missing_files(struct ctx *x)
{
	size_t i;
	int seen = 0;

	x->failed = 0;
	for (i = 0; i < x->c->nfiles; i++) {
		const struct zk_file *f = &x->c->files[i];

		if (!f->required || f->kind == ZK_FILE_ZOOCFG)
			continue;
		seen = 1;
		if (!f->exists)
			emit(x, RULE_ZK_CONFIG_MISSING_FILE, STATUS_FAIL, -1,
			    f->ref_file != NULL ? f->ref_file : f->path,
			    f->ref_line, f->what, f->path,
			    arena_printf(&x->a,
			        "%s does not exist under the audited root",
			        f->path),
			    NULL, "the file present, or the setting removed");
	}
	if (!seen)
		na(x, RULE_ZK_CONFIG_MISSING_FILE,
		    "the configuration refers to no other file");
	else if (!x->failed)
		pass(x, RULE_ZK_CONFIG_MISSING_FILE);
}

/* --- JAAS ------------------------------------------------------------- */

static void
check_auth_debug(struct ctx *x)
{
	static const enum zk_setting dbg[] = { ZK_SET_KRB5_DEBUG,
		ZK_SET_JGSS_DEBUG };
	size_t i, j, k;

	x->failed = 0;
	for (i = 0; x->c->jaas_loaded && i < x->c->jaas.nsecs; i++) {
		const struct zk_jaas_section *s = &x->c->jaas.secs[i];

		for (j = 0; j < s->nmods; j++) {
			const struct zk_jaas_module *m = &s->mods[j];

			for (k = 0; k < m->nopts; k++)
				if (strcmp(m->opts[k].key, "debug") == 0 &&
				    ieq(m->opts[k].value, "true"))
					emit(x, RULE_ZK_CONFIG_AUTH_DEBUG,
					    STATUS_FAIL, -1, x->c->jaas_path,
					    m->opts[k].line,
					    arena_printf(&x->a,
					        "JAAS section %s", s->name),
					    m->cls,
					    "the login module logs its Kerberos exchange",
					    "debug=true", "no debug option");
		}
	}
	for (i = 0; i < ARRAY_SIZE(dbg); i++) {
		const struct zk_value *v = val(x, dbg[i]);

		if (v->src != ZK_SRC_DEFAULT &&
		    (ieq(v->value, "true") || ieq(v->value, "all") ||
		        v->value[0] == '\0'))
			fail_at(x, RULE_ZK_CONFIG_AUTH_DEBUG, v,
			    "Kerberos debugging writes ticket and key details to the server output",
			    kv(x, v), "the flag removed");
	}
	if (!x->failed)
		pass(x, RULE_ZK_CONFIG_AUTH_DEBUG);
}

static void
check_jaas_digest(struct ctx *x)
{
	const struct zk_jaas_section *s =
	    jaas_section(x, server_section_name(x));
	const struct zk_jaas_module *m = section_module(s, "DigestLoginModule");
	struct strbuf users = STRBUF_INIT;
	size_t k;
	unsigned line = 0;

	if (s == NULL) {
		na(x, RULE_ZK_JAAS_DIGEST_PASSWORDS, "no JAAS Server section");
		return;
	}
	for (k = 0; m != NULL && k < m->nopts; k++) {
		if (strncmp(m->opts[k].key, "user_", 5) != 0)
			continue;
		if (line == 0)
			line = m->opts[k].line;
		strbuf_addf(&users, "%s%s=****", users.len ? " " : "",
		    m->opts[k].key);
	}
	if (users.len > 0)
		emit(x, RULE_ZK_JAAS_DIGEST_PASSWORDS, STATUS_FAIL, -1,
		    x->c->jaas_path, line,
		    arena_printf(&x->a, "JAAS section %s", s->name), m->cls,
		    "DIGEST-MD5 users with plain-text passwords in jaas.conf",
		    users.buf, "Krb5LoginModule with keytabs");
	else
		pass(x, RULE_ZK_JAAS_DIGEST_PASSWORDS);
	strbuf_release(&users);
}

static int
opt_true(const struct zk_jaas_module *m, const char *key)
{
	const struct zk_jaas_option *o = zk_jaas_opt(m, key);

	return o != NULL && ieq(o->value, "true");
}

static void
check_jaas_kerberos(struct ctx *x)
{
	const char *names[3] = { server_section_name(x),
		vtext(x, ZK_SET_QUORUM_SERVER_CONTEXT),
		vtext(x, ZK_SET_QUORUM_LEARNER_CONTEXT) };
	size_t i;
	int seen = 0;

	x->failed = 0;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const struct zk_jaas_section *s = jaas_section(x, names[i]);
		const struct zk_jaas_module *m =
		    section_module(s, "Krb5LoginModule");
		const struct zk_jaas_option *pr, *kt;
		struct strbuf bad = STRBUF_INIT;

		if (m == NULL || (i > 0 && strcmp(names[i], names[0]) == 0))
			continue;
		seen = 1;
		pr = zk_jaas_opt(m, "principal");
		kt = zk_jaas_opt(m, "keyTab");
		if (!opt_true(m, "useKeyTab"))
			strbuf_addstr(&bad, "useKeyTab is not true; ");
		if (kt == NULL || kt->value[0] == '\0')
			strbuf_addstr(&bad, "no keyTab; ");
		if (!opt_true(m, "storeKey"))
			strbuf_addstr(&bad,
			    "storeKey is not true, so the server cannot accept tickets; ");
		if (opt_true(m, "useTicketCache"))
			strbuf_addstr(&bad,
			    "useTicketCache=true makes the login depend on a ticket cache; ");
		if (pr == NULL)
			strbuf_addstr(&bad, "no principal; ");
		else if (pr->truncated)
			strbuf_addf(&bad,
			    "the unquoted principal is cut at '/' and reads '%s'; ",
			    pr->value);
		else if (strchr(pr->value, '/') == NULL)
			strbuf_addf(&bad, "principal '%s' has no host part; ",
			    pr->value);
		if (bad.len > 0) {
			strbuf_setlen(&bad, bad.len - 2);
			emit(x, RULE_ZK_JAAS_KERBEROS, STATUS_FAIL, -1,
			    x->c->jaas_path, m->line,
			    arena_printf(&x->a, "JAAS section %s", s->name),
			    m->cls, bad.buf,
			    pr != NULL ?
			        arena_printf(&x->a, "principal=%s", pr->value) :
			        NULL,
			    "useKeyTab=true keyTab=\"...\" storeKey=true useTicketCache=false principal=\"zookeeper/<fqdn>@REALM\"");
		}
		strbuf_release(&bad);
	}
	if (!seen)
		na(x, RULE_ZK_JAAS_KERBEROS,
		    "no server JAAS section uses Kerberos");
	else if (!x->failed)
		pass(x, RULE_ZK_JAAS_KERBEROS);
}

/* --- limits, retention, switches --------------------------------------- */

static void
check_conn_limit(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_MAX_CLIENT_CNXNS);
	int ok;

	if (zk_config_int(x->c, ZK_SET_MAX_CLIENT_CNXNS, &ok) == 0 && ok)
		fail_at(x, RULE_ZK_CONFIG_CONN_LIMIT, v,
		    "one client address may open any number of connections",
		    kv(x, v), "maxClientCnxns=60");
	else
		pass(x, RULE_ZK_CONFIG_CONN_LIMIT);
}

static void
check_autopurge(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_AUTOPURGE_INTERVAL);
	int ok;

	if (zk_config_int(x->c, ZK_SET_AUTOPURGE_INTERVAL, &ok) <= 0)
		fail_at(x, RULE_ZK_CONFIG_AUTOPURGE, v,
		    "snapshots and logs are kept forever, with every secret they ever held",
		    kv(x, v), "autopurge.purgeInterval=24");
	else
		pass(x, RULE_ZK_CONFIG_AUTOPURGE);
}

static void
check_stale_migration(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_SNAPSHOT_TRUST_EMPTY);

	if (zk_config_bool(x->c, ZK_SET_SNAPSHOT_TRUST_EMPTY))
		fail_at(x, RULE_ZK_CONFIG_STALE_MIGRATION, v,
		    "the server starts from a data directory with logs but no snapshot instead of refusing",
		    kv(x, v), "snapshot.trust.empty removed");
	else
		pass(x, RULE_ZK_CONFIG_STALE_MIGRATION);
}

static void
check_reconfig(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_RECONFIG);
	int skip = strcmp(vtext(x, ZK_SET_SKIP_ACL), "yes") == 0;

	if (!zk_config_bool(x->c, ZK_SET_RECONFIG)) {
		pass(x, RULE_ZK_CONFIG_RECONFIG);
		return;
	}
	emit(x, RULE_ZK_CONFIG_RECONFIG, STATUS_FAIL, skip ? SEV_CRITICAL : -1,
	    v->file, v->line, v->key, NULL,
	    skip ?
	        "with skipACL=yes anyone can reconfigure the ensemble" :
	        "clients with WRITE on /zookeeper/config can change the ensemble's membership; check that ACL",
	    kv(x, v), "reconfigEnabled=false");
}

static void
check_version(struct ctx *x)
{
	const struct zk_config *c = x->c;
	size_t i;

	if (c->version == NULL) {
		na(x, RULE_ZK_CONFIG_VERSION_CVE,
		    "the installed version could not be found (no dpkg record, no zookeeper-X.Y.Z.jar)");
		return;
	}
	x->failed = 0;
	for (i = 0; i < zk_ncves; i++) {
		const struct zk_cve *cve = &zk_cves[i];
		struct strbuf fixed = STRBUF_INIT;
		size_t k;

		if (!zk_cve_open(cve, c->version))
			continue;
		for (k = 0; k < ARRAY_SIZE(cve->fixed) && cve->fixed[k] != NULL;
		     k++)
			strbuf_addf(&fixed, "%s%s", k ? ", " : "",
			    cve->fixed[k]);
		if (cve->debian_fixed != NULL)
			strbuf_addf(&fixed, " (Debian %s)", cve->debian_fixed);
		emit(x, RULE_ZK_CONFIG_VERSION_CVE, STATUS_FAIL,
		    (int)cve->severity, NULL, 0, cve->id, c->version_src,
		    arena_printf(&x->a, "%s; until fixed: %s", cve->what,
		        cve->mitigation),
		    arena_printf(&x->a, "installed %s", c->version),
		    arena_printf(&x->a, "fixed in %s", fixed.buf));
		strbuf_release(&fixed);
	}
	if (!x->failed)
		result_pass(x->r, RULE_ZK_CONFIG_VERSION_CVE, c->version);
}

static void
check_audit_log(struct ctx *x)
{
	const struct zk_value *v = val(x, ZK_SET_AUDIT_ENABLE);

	if (zk_config_bool(x->c, ZK_SET_AUDIT_ENABLE))
		pass(x, RULE_ZK_CONFIG_AUDIT_LOG);
	else
		fail_at(x, RULE_ZK_CONFIG_AUDIT_LOG, v,
		    "no record is kept of who created, deleted or re-ACLed znodes",
		    kv(x, v), "audit.enable=true");
}

typedef void (*check_fn)(struct ctx *x);

static const check_fn checks[] = {
	check_unreadable,
	check_startup,
	check_dead,
	check_skip_acl,
	check_client_tls,
	check_plaintext_port,
	check_port_unification,
	check_tls_client_auth,
	check_tls_hostname,
	check_tls_protocol,
	check_inline_secret,
	check_super_digest,
	check_sasl_super,
	check_let_any_sasl,
	check_quorum_auth,
	check_quorum_principal,
	check_client_sasl,
	check_sasl_incomplete,
	check_auth_enforce,
	check_sasl_failed,
	check_4lw,
	check_admin_server,
	check_jmx,
	check_metrics,
	check_data_dir_tmp,
	check_data_dir_perms,
	check_secret_files,
	check_file_writable,
	check_missing_files,
	check_auth_debug,
	check_jaas_digest,
	check_jaas_kerberos,
	check_conn_limit,
	check_autopurge,
	check_stale_migration,
	check_reconfig,
	check_version,
	check_audit_log,
};

void
zk_config_check(const struct zk_config *c, struct result *r)
{
	struct ctx x = { .c = c, .r = r };
	size_t i;

	arena_init(&x.a, 0);
	for (i = 0; i < ARRAY_SIZE(checks); i++) {
		x.failed = 0;
		checks[i](&x);
	}
	arena_release(&x.a);
}
