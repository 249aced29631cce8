/*
 * openstack.c - the OpenStack Security Guide checklists for Keystone,
 * Horizon, Nova, Cinder, Glance, Neutron, Manila and Barbican.
 *
 * A service counts as installed when its configuration directory exists in
 * the scanned root; otherwise its rules are not applicable.  For each
 * installed service the owner and mode of its configuration files are
 * checked (the guide's -01/-02 pair), then its oslo.config files are read
 * the way the service reads them (util/ini.h: main file, then the sorted
 * *.conf of its .conf.d directory, the last setting wins, deprecated names
 * after current ones) and the settings of the checklist are judged against
 * the option defaults of the release Debian 12 ships (OpenStack Zed).
 * Horizon's local_settings.py and local_settings.d are read with pyset.h.
 *
 * Findings name the file and line that decide, or say that the default
 * applies.  Only the checked settings are quoted; passwords in URLs are
 * masked, and values of other settings (connection, transport_url,
 * password) are never read into a finding.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include <stdlib.h>
#include <string.h>

#include "host/netchecks.h"
#include "host/pyset.h"
#include "util/ini.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define OS_FILE_MAX ((size_t)4 << 20)
#define OS_NO_RULE RULE__COUNT

/* One service: X(name, display, directory, main file, perms rule, ...). */
struct os_service;
typedef void (*os_check_fn)(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini);

struct os_service {
	const char *name;  /* account and group name */
	const char *dir;   /* configuration directory */
	const char *conf;  /* main oslo.config file, or NULL */
	const char *owners, *groups;
	const char *const *files; /* globs under dir */
	int check_dir;            /* the directory itself is checked */
	enum rule_id perms, debug, auth, authtoken;
	os_check_fn extra;
	const enum rule_id *more; /* further rules of the service */
	size_t nmore;
};

#define OS_POLICY "policy.json", "policy.yaml", "policy.d/*"

static const char *const keystone_files[] = { "keystone.conf",
	"keystone.conf.d/*.conf", "keystone-paste.ini", OS_POLICY,
	"logging.conf", "ssl/certs/signing_cert.pem",
	"ssl/private/signing_key.pem", "ssl/certs/ca.pem", NULL };
static const char *const horizon_files[] = { "local_settings.py",
	"local_settings.d/*.py", NULL };
static const char *const nova_files[] = { "nova.conf", "nova.conf.d/*.conf",
	"api-paste.ini", OS_POLICY, "rootwrap.conf", "logging.conf", NULL };
static const char *const cinder_files[] = { "cinder.conf",
	"cinder.conf.d/*.conf", "api-paste.ini", OS_POLICY, "rootwrap.conf",
	"logging.conf", NULL };
static const char *const glance_files[] = { "glance-api.conf",
	"glance-api.conf.d/*.conf", "glance-api-paste.ini",
	"glance-cache.conf", "glance-manage.conf", "glance-registry.conf",
	"glance-registry-paste.ini", "glance-scrubber.conf",
	"glance-swift-store.conf", "glance-swift.conf", OS_POLICY,
	"schema-image.json", "schema.json", NULL };
static const char *const neutron_files[] = { "neutron.conf",
	"neutron.conf.d/*.conf", "api-paste.ini", OS_POLICY, "rootwrap.conf",
	NULL };
static const char *const manila_files[] = { "manila.conf",
	"manila.conf.d/*.conf", "api-paste.ini", OS_POLICY, "rootwrap.conf",
	"logging.conf", NULL };
static const char *const barbican_files[] = { "barbican.conf",
	"barbican.conf.d/*.conf", "barbican-api-paste.ini", OS_POLICY, NULL };

static void check_keystone(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini);
static void check_nova(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini);
static void check_cinder(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini);
static void check_neutron(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini);
static void check_manila(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini);
static void check_barbican(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini);

static const enum rule_id keystone_more[] = {
	RULE_OPENSTACK_KEYSTONE_TOKEN_EXPIRATION,
	RULE_OPENSTACK_KEYSTONE_ADMIN_TOKEN,
	RULE_OPENSTACK_KEYSTONE_INSECURE_DEBUG,
	RULE_OPENSTACK_KEYSTONE_TOKEN_PROVIDER,
	RULE_OPENSTACK_KEYSTONE_PASSWORD_HASHING,
	RULE_OPENSTACK_KEYSTONE_MAX_REQUEST_BODY,
};
static const enum rule_id horizon_more[] = {
	RULE_OPENSTACK_HORIZON_COOKIE_FLAGS,
	RULE_OPENSTACK_HORIZON_IFRAME_EMBED,
	RULE_OPENSTACK_HORIZON_PASSWORD_FIELDS,
	RULE_OPENSTACK_HORIZON_PASSWORD_POLICY,
	RULE_OPENSTACK_HORIZON_PROXY_SSL_HEADER,
	RULE_OPENSTACK_HORIZON_DEBUG,
};
static const enum rule_id nova_more[] = { RULE_OPENSTACK_NOVA_GLANCE_TLS };
static const enum rule_id cinder_more[] = { RULE_OPENSTACK_CINDER_CLIENT_TLS,
	RULE_OPENSTACK_CINDER_NAS_SECURE,
	RULE_OPENSTACK_CINDER_MAX_REQUEST_BODY };
static const enum rule_id neutron_more[] = { RULE_OPENSTACK_NEUTRON_USE_SSL };
static const enum rule_id manila_more[] = { RULE_OPENSTACK_MANILA_CLIENT_TLS,
	RULE_OPENSTACK_MANILA_MAX_REQUEST_BODY };
static const enum rule_id barbican_more[] = {
	RULE_OPENSTACK_BARBICAN_PASTE_AUTHTOKEN
};

#define OS_MORE(a) .more = (a), .nmore = ARRAY_SIZE(a)

static const struct os_service os_services[] = {
	{ "keystone", "/etc/keystone", "/etc/keystone/keystone.conf",
	    "root keystone", "root keystone", keystone_files, 1,
	    RULE_OPENSTACK_KEYSTONE_CONFIG_PERMS, RULE_OPENSTACK_KEYSTONE_DEBUG,
	    OS_NO_RULE, OS_NO_RULE, check_keystone, OS_MORE(keystone_more) },
	{ "horizon", "/etc/openstack-dashboard", NULL, "root horizon",
	    "root horizon www-data", horizon_files, 0,
	    RULE_OPENSTACK_HORIZON_CONFIG_PERMS, OS_NO_RULE, OS_NO_RULE,
	    OS_NO_RULE, NULL, OS_MORE(horizon_more) },
	{ "nova", "/etc/nova", "/etc/nova/nova.conf", "root nova", "root nova",
	    nova_files, 1, RULE_OPENSTACK_NOVA_CONFIG_PERMS,
	    RULE_OPENSTACK_NOVA_DEBUG, RULE_OPENSTACK_NOVA_AUTH_STRATEGY,
	    RULE_OPENSTACK_NOVA_AUTHTOKEN_TLS, check_nova, OS_MORE(nova_more) },
	{ "cinder", "/etc/cinder", "/etc/cinder/cinder.conf", "root cinder",
	    "root cinder", cinder_files, 1, RULE_OPENSTACK_CINDER_CONFIG_PERMS,
	    RULE_OPENSTACK_CINDER_DEBUG, RULE_OPENSTACK_CINDER_AUTH_STRATEGY,
	    RULE_OPENSTACK_CINDER_AUTHTOKEN_TLS, check_cinder,
	    OS_MORE(cinder_more) },
	{ "glance", "/etc/glance", "/etc/glance/glance-api.conf",
	    "root glance", "root glance", glance_files, 1,
	    RULE_OPENSTACK_GLANCE_CONFIG_PERMS, RULE_OPENSTACK_GLANCE_DEBUG,
	    RULE_OPENSTACK_GLANCE_AUTH_STRATEGY,
	    RULE_OPENSTACK_GLANCE_AUTHTOKEN_TLS, NULL, NULL, 0 },
	{ "neutron", "/etc/neutron", "/etc/neutron/neutron.conf",
	    "root neutron", "root neutron", neutron_files, 1,
	    RULE_OPENSTACK_NEUTRON_CONFIG_PERMS, RULE_OPENSTACK_NEUTRON_DEBUG,
	    RULE_OPENSTACK_NEUTRON_AUTH_STRATEGY,
	    RULE_OPENSTACK_NEUTRON_AUTHTOKEN_TLS, check_neutron,
	    OS_MORE(neutron_more) },
	{ "manila", "/etc/manila", "/etc/manila/manila.conf", "root manila",
	    "root manila", manila_files, 1, RULE_OPENSTACK_MANILA_CONFIG_PERMS,
	    RULE_OPENSTACK_MANILA_DEBUG, RULE_OPENSTACK_MANILA_AUTH_STRATEGY,
	    RULE_OPENSTACK_MANILA_AUTHTOKEN_TLS, check_manila,
	    OS_MORE(manila_more) },
	{ "barbican", "/etc/barbican", "/etc/barbican/barbican.conf",
	    "root barbican", "root barbican", barbican_files, 1,
	    RULE_OPENSTACK_BARBICAN_CONFIG_PERMS,
	    RULE_OPENSTACK_BARBICAN_DEBUG, OS_NO_RULE,
	    RULE_OPENSTACK_BARBICAN_AUTHTOKEN_TLS, check_barbican,
	    OS_MORE(barbican_more) },
};

/* ---- evidence ---- */

/*
 * value with the password of a URL's userinfo masked
 * ("rabbit://u:****@h"); an arena string.
 */
static const char *
os_mask(struct host_ctx *c, const char *value)
{
	const char *scheme = strstr(value, "://");
	const char *at, *colon, *slash;

	if (scheme == NULL)
		return value;
	at = strchr(scheme + 3, '@');
	slash = strchr(scheme + 3, '/');
	if (at == NULL || (slash != NULL && slash < at))
		return value;
	colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
	if (colon == NULL)
		return value;
	return host_printf(c, "%.*s:****%s", (int)(colon - value), value, at);
}

/* "nova: [DEFAULT] debug" */
static const char *
os_object(struct host_ctx *c, const struct os_service *s, const char *section,
    const char *key)
{
	return host_printf(c, "%s: [%s] %s", s->name, section, key);
}

static const char *
os_file(const struct ini *ini, const struct ini_entry *e)
{
	return ini->files[e->file];
}

/* ---- loading ---- */

/*
 * Read path (and, with confd, the sorted *.conf of path's .conf.d) into
 * ini, reporting each malformed line under openstack/config-invalid.
 * Returns 0 when the main file was read, RP_ENOENT when it is missing, or
 * another RP_E* (reported) when it could not be read.
 */
static int
os_load(struct host_ctx *c, const char *path, int confd, struct ini *ini)
{
	struct strbuf buf = STRBUF_INIT;
	struct rp_diag d;
	char **paths = NULL;
	size_t npaths = 0, i, first_err;
	int r;

	rp_diag_init(&d);
	r = host_read(c, path, OS_FILE_MAX, &buf, &d);
	if (r != 0) {
		if (r != RP_ENOENT)
			host_error(c, RULE_OPENSTACK_CONFIG_INVALID, path, &d);
		goto out;
	}
	paths = xcalloc(1, sizeof(*paths));
	paths[0] = xstrdup(path);
	npaths = 1;
	if (confd) {
		char *pattern = xasprintf("%s.d/*.conf", path);
		char **more;
		size_t nmore, j;

		rp_diag_init(&d);
		if (rootfs_glob(&c->root, pattern, &more, &nmore, &d) == 0) {
			paths = xreallocarray(paths, 1 + nmore,
			    sizeof(*paths));
			for (j = 0; j < nmore; j++)
				paths[npaths++] = xstrdup(more[j]);
			rootfs_paths_free(more, nmore);
		} else {
			host_error(c, RULE_OPENSTACK_CONFIG_INVALID, pattern,
			    &d);
		}
		free(pattern);
	}
	for (i = 0; i < npaths; i++) {
		if (i > 0) {
			strbuf_reset(&buf);
			rp_diag_init(&d);
			if (host_read(c, paths[i], OS_FILE_MAX, &buf, &d) !=
			    0) {
				host_error(c, RULE_OPENSTACK_CONFIG_INVALID,
				    paths[i], &d);
				continue;
			}
		}
		first_err = ini->nerrors;
		if (ini_parse(ini, paths[i], buf.buf, buf.len) == 0) {
			host_pass(c, RULE_OPENSTACK_CONFIG_INVALID, paths[i]);
			continue;
		}
		for (; first_err < ini->nerrors; first_err++) {
			const struct ini_error *e = &ini->errors[first_err];

			host_fail(c, RULE_OPENSTACK_CONFIG_INVALID, paths[i],
			    e->line, paths[i], NULL,
			    "a line oslo.config accepts", "%s", e->msg);
		}
	}
	r = 0;
out:
	for (i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	strbuf_release(&buf);
	return r;
}

/* ---- value checks over oslo.config options ---- */

/*
 * Judge a boolean option (names[0] current, the rest deprecated) that must
 * equal want; def is the option's default.
 */
static void
os_bool(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini, enum rule_id id, const struct ini_name *names,
    size_t n, int def, int want)
{
	const struct ini_entry *e = ini_get(ini, names, n);
	const char *object = os_object(c, s, names[0].section, names[0].key);
	int v = def;

	if (e != NULL && ini_bool(e->value, &v) != 0) {
		struct rp_diag d;

		rp_diag_init(&d);
		(void)rp_diag_fail(&d, RP_EPARSE, os_file(ini, e), e->line,
		    "%s = %s is not a boolean; the service refuses to start "
		    "(oslo.config has no inline comments)",
		    e->key, os_mask(c, e->value));
		host_error(c, id, object, &d);
		return;
	}
	if (v == want) {
		host_pass(c, id, object);
		return;
	}
	if (e == NULL)
		host_fail(c, id, s->conf, 0, object,
		    host_printf(c, "%s not set (default %s)", names[0].key,
			def ? "true" : "false"),
		    want ? "true" : "false", "%s is %s by default", names[0].key,
		    def ? "true" : "false");
	else
		host_fail(c, id, os_file(ini, e), e->line, object,
		    host_printf(c, "[%s] %s = %s", e->section, e->key,
			e->value),
		    want ? "true" : "false", "%s is %s", e->key,
		    v ? "true" : "false");
}

/* True when the comma list s has an element not starting with https://. */
static int
os_list_plain(const char *s)
{
	while (*s != '\0') {
		size_t n;

		while (*s == ' ' || *s == ',' || *s == '\n')
			s++;
		if (*s == '\0')
			break;
		n = strcspn(s, ",\n");
		if (strncmp(s, "https://", 8) != 0)
			return 1;
		s += n;
	}
	return 0;
}

/*
 * A URL option (or comma list) must use https://; absent_fails says whether
 * the unset option fails.
 */
static void
os_https(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini, enum rule_id id, const struct ini_name *names,
    size_t n, int absent_fails)
{
	const struct ini_entry *e = ini_get(ini, names, n);
	const char *object = os_object(c, s, names[0].section, names[0].key);

	if (e == NULL || e->value[0] == '\0') {
		if (!absent_fails)
			host_pass(c, id, object);
		else
			host_fail(c, id, e != NULL ? os_file(ini, e) : s->conf,
			    e != NULL ? e->line : 0, object,
			    host_printf(c, "%s not set", names[0].key),
			    "an https:// URL", "%s is not set",
			    names[0].key);
		return;
	}
	if (!os_list_plain(e->value)) {
		host_pass(c, id, object);
		return;
	}
	host_fail(c, id, os_file(ini, e), e->line, object,
	    host_printf(c, "[%s] %s = %s", e->section, e->key,
		os_mask(c, e->value)),
	    "https:// URLs only", "%s does not use https", e->key);
}

/*
 * An integer option: fails when the value is above max or below min;
 * def applies when unset.
 */
static void
os_int(struct host_ctx *c, const struct os_service *s, const struct ini *ini,
    enum rule_id id, const struct ini_name *names, size_t n, long def,
    long min, long max, const char *expected)
{
	const struct ini_entry *e = ini_get(ini, names, n);
	const char *object = os_object(c, s, names[0].section, names[0].key);
	long v = def;

	if (e != NULL && ini_long(e->value, &v) != 0) {
		struct rp_diag d;

		rp_diag_init(&d);
		(void)rp_diag_fail(&d, RP_EPARSE, os_file(ini, e), e->line,
		    "%s = %s is not an integer; the service refuses to start",
		    e->key, os_mask(c, e->value));
		host_error(c, id, object, &d);
		return;
	}
	if (v >= min && v <= max) {
		host_pass(c, id, object);
		return;
	}
	if (e == NULL)
		host_fail(c, id, s->conf, 0, object,
		    host_printf(c, "%s not set (default %ld)", names[0].key,
			def),
		    expected, "the default %s of %ld is outside the limit",
		    names[0].key, def);
	else
		host_fail(c, id, os_file(ini, e), e->line, object,
		    host_printf(c, "[%s] %s = %ld", e->section, e->key, v),
		    expected, "%s = %ld is outside the limit", e->key, v);
}

/* A string option that must be one of the blank-separated words. */
static void
os_oneof(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini, enum rule_id id, const struct ini_name *names,
    size_t n, const char *def, const char *allowed, const char *expected)
{
	const struct ini_entry *e = ini_get(ini, names, n);
	const char *object = os_object(c, s, names[0].section, names[0].key);
	const char *v = e != NULL ? e->value : def;
	const char *p = allowed;
	size_t len = strlen(v);

	while (*p != '\0') {
		size_t w = strcspn(p, " ");

		if (w == len && strncmp(p, v, w) == 0) {
			host_pass(c, id, object);
			return;
		}
		p += w;
		while (*p == ' ')
			p++;
	}
	if (e == NULL)
		host_fail(c, id, s->conf, 0, object,
		    host_printf(c, "%s not set (default %s)", names[0].key,
			def),
		    expected, "the default %s is %s", names[0].key, def);
	else
		host_fail(c, id, os_file(ini, e), e->line, object,
		    host_printf(c, "[%s] %s = %s", e->section, e->key,
			os_mask(c, e->value)),
		    expected, "%s is %s", e->key, os_mask(c, e->value));
}

#define NAMES(...)                                      \
	(const struct ini_name[]){ __VA_ARGS__ },       \
	    sizeof((const struct ini_name[]){ __VA_ARGS__ }) / \
		sizeof(struct ini_name)

/* [keystone_authtoken]: https URIs, certificate checks on. */
static void
os_authtoken(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini)
{
	enum rule_id id = s->authtoken;

	os_https(c, s, ini, id,
	    NAMES({ "keystone_authtoken", "www_authenticate_uri" },
		{ "keystone_authtoken", "auth_uri" }),
	    1);
	os_https(c, s, ini, id, NAMES({ "keystone_authtoken", "auth_url" }),
	    0);
	os_bool(c, s, ini, id, NAMES({ "keystone_authtoken", "insecure" }), 0,
	    0);
}

static void
os_max_body(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini, enum rule_id id)
{
	os_int(c, s, ini, id,
	    NAMES({ "oslo_middleware", "max_request_body_size" },
		{ "DEFAULT", "osapi_max_request_body_size" },
		{ "DEFAULT", "max_request_body_size" }),
	    114688, 1, 114688, "between 1 and 114688 bytes");
}

static void
check_keystone(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini)
{
	const struct host_net_opts *net = c->opts->net;
	long max = net != NULL ? net->token_max : HOST_TOKEN_MAX_SECONDS;
	const struct ini_entry *e;
	const char *algo;
	long rounds_min;

	os_int(c, s, ini, RULE_OPENSTACK_KEYSTONE_TOKEN_EXPIRATION,
	    NAMES({ "token", "expiration" }), 3600, 1, max,
	    host_printf(c, "at most %ld seconds", max));

	e = ini_get1(ini, "DEFAULT", "admin_token");
	if (e != NULL && e->value[0] != '\0' &&
	    strcmp(e->value, "<None>") != 0)
		host_fail(c, RULE_OPENSTACK_KEYSTONE_ADMIN_TOKEN,
		    os_file(ini, e), e->line,
		    os_object(c, s, "DEFAULT", "admin_token"),
		    "[DEFAULT] admin_token = ****", "not set",
		    "a static admin token is configured");
	else
		host_pass(c, RULE_OPENSTACK_KEYSTONE_ADMIN_TOKEN,
		    os_object(c, s, "DEFAULT", "admin_token"));

	os_bool(c, s, ini, RULE_OPENSTACK_KEYSTONE_INSECURE_DEBUG,
	    NAMES({ "DEFAULT", "insecure_debug" }), 0, 0);
	os_oneof(c, s, ini, RULE_OPENSTACK_KEYSTONE_TOKEN_PROVIDER,
	    NAMES({ "token", "provider" }), "fernet", "fernet jws",
	    "fernet or jws");

	os_oneof(c, s, ini, RULE_OPENSTACK_KEYSTONE_PASSWORD_HASHING,
	    NAMES({ "identity", "password_hash_algorithm" }), "bcrypt",
	    "bcrypt scrypt pbkdf2_sha512", "bcrypt, scrypt or pbkdf2_sha512");
	e = ini_get1(ini, "identity", "password_hash_algorithm");
	algo = e != NULL ? e->value : "bcrypt";
	rounds_min = strcmp(algo, "scrypt") == 0 ? 16
	    : strcmp(algo, "pbkdf2_sha512") == 0 ? 60000
						 : 12;
	e = ini_get1(ini, "identity", "password_hash_rounds");
	if (e != NULL && strcmp(e->value, "<None>") != 0)
		os_int(c, s, ini, RULE_OPENSTACK_KEYSTONE_PASSWORD_HASHING,
		    NAMES({ "identity", "password_hash_rounds" }), rounds_min,
		    rounds_min, 1L << 30,
		    host_printf(c, "at least %ld for %s", rounds_min, algo));

	os_max_body(c, s, ini, RULE_OPENSTACK_KEYSTONE_MAX_REQUEST_BODY);

	/* keystone-paste.ini (releases before Rocky): no admin_token_auth. */
	{
		struct ini paste;
		size_t i;

		ini_init(&paste);
		if (os_load(c, "/etc/keystone/keystone-paste.ini", 0,
			&paste) == 0) {
			for (i = 0; i < paste.nentries; i++) {
				const struct ini_entry *p = &paste.entries[i];

				if (p->key == NULL ||
				    strcmp(p->key, "pipeline") != 0 ||
				    strstr(p->value, "admin_token_auth") ==
					NULL)
					continue;
				host_fail(c,
				    RULE_OPENSTACK_KEYSTONE_ADMIN_TOKEN,
				    paste.files[p->file], p->line,
				    host_printf(c, "keystone: [%s] pipeline",
					p->section),
				    "admin_token_auth in the pipeline",
				    "no admin_token_auth filter",
				    "a pipeline accepts the admin token");
			}
		}
		ini_release(&paste);
	}
}

static void
check_nova(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini)
{
	enum rule_id id = RULE_OPENSTACK_NOVA_GLANCE_TLS;

	os_https(c, s, ini, id, NAMES({ "glance", "api_servers" }), 0);
	os_bool(c, s, ini, id, NAMES({ "glance", "api_insecure" }), 0, 0);
	os_bool(c, s, ini, id, NAMES({ "glance", "insecure" }), 0, 0);
}

static void
check_cinder(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini)
{
	static const char *const nas[] = { "nas_secure_file_permissions",
		"nas_secure_file_operations" };
	enum rule_id id = RULE_OPENSTACK_CINDER_CLIENT_TLS;
	const struct ini_entry *backends;
	size_t k;

	os_bool(c, s, ini, id, NAMES({ "DEFAULT", "nova_api_insecure" }), 0,
	    0);
	os_bool(c, s, ini, id, NAMES({ "nova", "insecure" }), 0, 0);
	os_bool(c, s, ini, id, NAMES({ "DEFAULT", "glance_api_insecure" }), 0,
	    0);
	os_https(c, s, ini, id, NAMES({ "DEFAULT", "glance_api_servers" }), 0);

	/*
	 * The NAS options may sit in [DEFAULT], [backend_defaults] or the
	 * section of each enabled backend: any false one fails.
	 */
	backends = ini_get1(ini, "DEFAULT", "enabled_backends");
	for (k = 0; k < ARRAY_SIZE(nas); k++) {
		struct strbuf list = STRBUF_INIT;
		const char *p;
		int bad = 0;

		strbuf_addstr(&list, "DEFAULT,backend_defaults,");
		if (backends != NULL)
			strbuf_addstr(&list, backends->value);
		for (p = list.buf; *p != '\0';) {
			size_t w;
			char *sect;
			const struct ini_entry *e;
			int v;

			while (*p == ',' || *p == ' ' || *p == '\n')
				p++;
			w = strcspn(p, ", \n");
			if (w == 0)
				break;
			sect = xstrndup(p, w);
			p += w;
			e = ini_get1(ini, sect, nas[k]);
			free(sect);
			if (e == NULL || strcmp(e->value, "auto") == 0)
				continue;
			if (ini_bool(e->value, &v) == 0 && v)
				continue;
			bad = 1;
			host_fail(c, RULE_OPENSTACK_CINDER_NAS_SECURE,
			    os_file(ini, e), e->line,
			    os_object(c, s, e->section, e->key),
			    host_printf(c, "[%s] %s = %s", e->section, e->key,
				e->value),
			    "auto or true", "%s is not auto or true", e->key);
		}
		if (!bad)
			host_pass(c, RULE_OPENSTACK_CINDER_NAS_SECURE,
			    os_object(c, s, "DEFAULT", nas[k]));
		strbuf_release(&list);
	}
	os_max_body(c, s, ini, RULE_OPENSTACK_CINDER_MAX_REQUEST_BODY);
}

static void
check_neutron(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini)
{
	os_bool(c, s, ini, RULE_OPENSTACK_NEUTRON_USE_SSL,
	    NAMES({ "DEFAULT", "use_ssl" }), 0, 1);
}

static void
check_manila(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini)
{
	static const char *const peers[] = { "nova", "neutron", "cinder" };
	enum rule_id id = RULE_OPENSTACK_MANILA_CLIENT_TLS;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(peers); i++) {
		char *old = xasprintf("%s_api_insecure", peers[i]);

		os_bool(c, s, ini, id, NAMES({ peers[i], "insecure" }), 0, 0);
		os_bool(c, s, ini, id, NAMES({ "DEFAULT", old }), 0, 0);
		free(old);
	}
	os_max_body(c, s, ini, RULE_OPENSTACK_MANILA_MAX_REQUEST_BODY);
}

/*
 * barbican-api-paste.ini: every route of [composite:main] other than the
 * version document and the health check must reach a pipeline with
 * authtoken.
 */
static void
check_barbican(struct host_ctx *c, const struct os_service *s,
    const struct ini *ini)
{
	static const char path[] = "/etc/barbican/barbican-api-paste.ini";
	enum rule_id id = RULE_OPENSTACK_BARBICAN_PASTE_AUTHTOKEN;
	struct ini paste;
	size_t i, routed = 0, bad = 0;
	int r;

	(void)ini;
	ini_init(&paste);
	r = os_load(c, path, 0, &paste);
	if (r == RP_ENOENT) {
		host_na(c, id, path, "%s is missing (barbican-api is not "
				     "installed here)",
		    path);
		goto out;
	}
	if (r != 0)
		goto out;
	for (i = 0; i < paste.nentries; i++) {
		const struct ini_entry *e = &paste.entries[i];
		const struct ini_entry *pipe;
		char *target;

		if (e->key == NULL || strcmp(e->section, "composite:main") != 0 ||
		    e->key[0] != '/' || strcmp(e->key, "/") == 0 ||
		    strcmp(e->key, "/healthcheck") == 0)
			continue;
		target = xasprintf("pipeline:%s", e->value);
		pipe = ini_get1(&paste, target, "pipeline");
		free(target);
		if (pipe == NULL)
			continue;
		routed++;
		if (strstr(pipe->value, "authtoken") != NULL)
			continue;
		bad++;
		host_fail(c, id, paste.files[e->file], e->line,
		    host_printf(c, "%s: [composite:main] %s", s->name, e->key),
		    host_printf(c, "%s routes to [%s] without authtoken",
			e->key, pipe->section),
		    "a pipeline with authtoken",
		    "API requests to %s are not authenticated by Keystone",
		    e->key);
	}
	if (routed == 0)
		host_fail(c, id, path, 0, "barbican: [composite:main]",
		    "no route to a pipeline", "/v1 routed to a pipeline with "
					      "authtoken",
		    "no API route reaches a pipeline");
	else if (bad == 0)
		host_pass(c, id, "barbican: [composite:main]");
out:
	ini_release(&paste);
}

/* ---- Horizon ---- */

enum os_py_want {
	PY_TRUE,     /* truthy */
	PY_FALSE,    /* falsy */
	PY_OFF,      /* the string "off" */
	PY_NOT_ANY,  /* a regex other than ".*" */
	PY_PROTO,    /* ('HTTP_X_FORWARDED_PROTO', 'https') */
};

/* X(rule, path, want, default as text, expected) */
#define HORIZON_SETTINGS(X)                                                  \
	X(HORIZON_COOKIE_FLAGS, "CSRF_COOKIE_SECURE", PY_TRUE, "False",       \
	    "True")                                                          \
	X(HORIZON_COOKIE_FLAGS, "SESSION_COOKIE_SECURE", PY_TRUE, "False",    \
	    "True")                                                          \
	X(HORIZON_COOKIE_FLAGS, "SESSION_COOKIE_HTTPONLY", PY_TRUE, "True",   \
	    "True")                                                          \
	X(HORIZON_IFRAME_EMBED, "DISALLOW_IFRAME_EMBED", PY_TRUE, "True",     \
	    "True")                                                          \
	X(HORIZON_PASSWORD_FIELDS, "HORIZON_CONFIG/password_autocomplete",    \
	    PY_OFF, "'off'", "'off'")                                        \
	X(HORIZON_PASSWORD_FIELDS, "HORIZON_CONFIG/disable_password_reveal",  \
	    PY_TRUE, "False", "True")                                        \
	X(HORIZON_PASSWORD_POLICY, "ENFORCE_PASSWORD_CHECK", PY_TRUE,         \
	    "False", "True")                                                 \
	X(HORIZON_PASSWORD_POLICY,                                           \
	    "HORIZON_CONFIG/password_validator/regex", PY_NOT_ANY, "'.*'",    \
	    "a regex other than '.*'")                                       \
	X(HORIZON_PROXY_SSL_HEADER, "SECURE_PROXY_SSL_HEADER", PY_PROTO,      \
	    "None", "('HTTP_X_FORWARDED_PROTO', 'https')")                   \
	X(HORIZON_DEBUG, "DEBUG", PY_FALSE, "False", "False")

struct os_py_setting {
	enum rule_id rule;
	const char *path;
	enum os_py_want want;
	const char *def;
	const char *expected;
};

static const struct os_py_setting horizon_settings[] = {
#define HORIZON_ROW(r, p, w, d, e) { RULE_OPENSTACK_##r, p, w, d, e },
	HORIZON_SETTINGS(HORIZON_ROW)
#undef HORIZON_ROW
};

/* Python truth of a literal: 1, 0, or -1 for an expression. */
static int
py_truth(const struct pyset_assign *a)
{
	switch (a->kind) {
	case PYSET_TRUE:
		return 1;
	case PYSET_FALSE:
	case PYSET_NONE:
		return 0;
	case PYSET_STR:
		return a->text[0] != '\0';
	case PYSET_NUM:
		return strspn(a->text, "0._") != strlen(a->text);
	case PYSET_SEQ:
		return strcmp(a->text, "()") != 0;
	case PYSET_DICT:
		return 1;
	case PYSET_EXPR:
		break;
	}
	return -1;
}

static int
py_ok(const struct os_py_setting *st, const struct pyset_assign *a)
{
	switch (st->want) {
	case PY_TRUE:
		return py_truth(a) == 1;
	case PY_FALSE:
		return py_truth(a) == 0;
	case PY_OFF:
		return a->kind == PYSET_STR && strcmp(a->text, "off") == 0;
	case PY_NOT_ANY:
		return a->kind == PYSET_STR && strcmp(a->text, ".*") != 0 &&
		    a->text[0] != '\0';
	case PY_PROTO:
		return a->kind == PYSET_SEQ &&
		    strcmp(a->text, "('HTTP_X_FORWARDED_PROTO', 'https')") == 0;
	}
	return 0;
}

/* The default's verdict (no assignment anywhere). */
static int
py_default_ok(const struct os_py_setting *st)
{
	switch (st->want) {
	case PY_TRUE:
		return strcmp(st->def, "True") == 0;
	case PY_FALSE:
		return strcmp(st->def, "False") == 0;
	case PY_OFF:
		return strcmp(st->def, "'off'") == 0;
	case PY_NOT_ANY:
	case PY_PROTO:
		break;
	}
	return 0;
}

static const char *
py_show(struct host_ctx *c, const struct pyset_assign *a)
{
	switch (a->kind) {
	case PYSET_STR:
		return host_printf(c, "'%s'", a->text);
	case PYSET_DICT:
		return "{...}";
	case PYSET_TRUE:
		return "True";
	case PYSET_FALSE:
		return "False";
	case PYSET_NONE:
		return "None";
	case PYSET_NUM:
	case PYSET_SEQ:
	case PYSET_EXPR:
		break;
	}
	return a->text;
}

/* "HORIZON_CONFIG/password_validator/regex" as Python subscripts. */
static const char *
py_name(struct host_ctx *c, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = path, *r;
	size_t n = strcspn(p, "/");

	strbuf_add(&sb, p, n);
	p += n;
	while (*p == '/') {
		p++;
		n = strcspn(p, "/");
		strbuf_addf(&sb, "[\"%.*s\"]", (int)n, p);
		p += n;
	}
	r = host_printf(c, "%s", sb.buf);
	strbuf_release(&sb);
	return r;
}

static void
horizon_setting(struct host_ctx *c, const struct pyset *ps,
    const struct os_py_setting *st, const char *main_file)
{
	const struct pyset_assign *a = pyset_get(ps, st->path);
	const char *name = py_name(c, st->path);
	const char *object = host_printf(c, "horizon: %s", name);
	const char *file;

	if (a == NULL) {
		if (py_default_ok(st))
			host_pass(c, st->rule, object);
		else
			host_fail(c, st->rule, main_file, 0, object,
			    host_printf(c, "%s not set (default %s)", name,
				st->def),
			    st->expected, "%s is %s by default", name,
			    st->def);
		return;
	}
	file = ps->files[a->file];
	if (a->kind == PYSET_EXPR || a->cond) {
		struct finding f = {
			.rule = st->rule,
			.status = STATUS_MANUAL,
			.severity = -1,
			.file = file,
			.line = a->line,
			.object = object,
			.evidence = host_printf(c, "%s = %s", name,
			    py_show(c, a)),
			.expected = st->expected,
			.message = a->cond
			    ? "assigned inside a block: check whether it runs"
			    : "computed value: check what it evaluates to",
		};

		host_add(c, &f);
		return;
	}
	if (py_ok(st, a)) {
		host_pass(c, st->rule, object);
		return;
	}
	host_fail(c, st->rule, file, a->line, object,
	    host_printf(c, "%s = %s", name, py_show(c, a)), st->expected,
	    "%s is %s", name, py_show(c, a));
}

static void
check_horizon(struct host_ctx *c, const struct os_service *s)
{
	static const char main_file[] =
	    "/etc/openstack-dashboard/local_settings.py";
	struct pyset ps;
	struct strbuf buf = STRBUF_INIT;
	struct rp_diag d;
	char **paths = NULL;
	size_t n = 0, i;
	int r;

	(void)s;
	pyset_init(&ps);
	rp_diag_init(&d);
	r = host_read(c, main_file, OS_FILE_MAX, &buf, &d);
	if (r != 0) {
		for (i = 0; i < ARRAY_SIZE(horizon_more); i++) {
			if (r == RP_ENOENT)
				host_na(c, horizon_more[i], main_file,
				    "%s is missing", main_file);
			else
				host_error(c, horizon_more[i], main_file, &d);
		}
		goto out;
	}
	if (pyset_parse(&ps, main_file, buf.buf, buf.len) != 0)
		host_fail(c, RULE_OPENSTACK_CONFIG_INVALID, main_file,
		    ps.err_line, main_file, NULL, "valid Python",
		    "unterminated string or bracket; Horizon would not start");
	else
		host_pass(c, RULE_OPENSTACK_CONFIG_INVALID, main_file);
	rp_diag_init(&d);
	if (rootfs_glob(&c->root, "/etc/openstack-dashboard/local_settings.d/*.py",
		&paths, &n, &d) != 0) {
		host_error(c, RULE_OPENSTACK_CONFIG_INVALID,
		    "/etc/openstack-dashboard/local_settings.d", &d);
		n = 0;
	}
	for (i = 0; i < n; i++) {
		unsigned before = ps.nerrors;

		strbuf_reset(&buf);
		rp_diag_init(&d);
		if (host_read(c, paths[i], OS_FILE_MAX, &buf, &d) != 0) {
			host_error(c, RULE_OPENSTACK_CONFIG_INVALID, paths[i],
			    &d);
			continue;
		}
		ps.err_line = 0;
		if (pyset_parse(&ps, paths[i], buf.buf, buf.len) != 0 &&
		    ps.nerrors > before)
			host_fail(c, RULE_OPENSTACK_CONFIG_INVALID, paths[i],
			    ps.err_line, paths[i], NULL, "valid Python",
			    "unterminated string or bracket; Horizon would "
			    "not start");
		else
			host_pass(c, RULE_OPENSTACK_CONFIG_INVALID, paths[i]);
	}
	for (i = 0; i < ARRAY_SIZE(horizon_settings); i++)
		horizon_setting(c, &ps, &horizon_settings[i], main_file);
out:
	if (paths != NULL)
		rootfs_paths_free(paths, n);
	strbuf_release(&buf);
	pyset_release(&ps);
}

/* ---- driver ---- */

static void
os_perms(struct host_ctx *c, const struct os_service *s)
{
	size_t i, j, n;
	char **paths;
	struct rp_diag d;

	if (s->check_dir)
		host_check_file_owner_mode(c, s->dir, 0750, s->owners,
		    s->groups, s->perms, -1);
	for (i = 0; s->files[i] != NULL; i++) {
		char *pattern = xasprintf("%s/%s", s->dir, s->files[i]);

		rp_diag_init(&d);
		if (rootfs_glob(&c->root, pattern, &paths, &n, &d) != 0) {
			host_error(c, s->perms, pattern, &d);
			free(pattern);
			continue;
		}
		for (j = 0; j < n; j++)
			host_check_file_owner_mode(c, paths[j], 0640,
			    s->owners, s->groups, s->perms, -1);
		rootfs_paths_free(paths, n);
		free(pattern);
	}
}

/* Report the service's rules (with_perms: also the perms rule) as n/a. */
static void
os_not_here(struct host_ctx *c, const struct os_service *s, int with_perms,
    const char *why)
{
	const enum rule_id ids[] = { s->perms, s->debug, s->auth,
		s->authtoken };
	size_t i;

	for (i = with_perms ? 0 : 1; i < ARRAY_SIZE(ids); i++)
		if (ids[i] != OS_NO_RULE)
			host_na(c, ids[i], s->dir, "%s", why);
	for (i = 0; i < s->nmore; i++)
		host_na(c, s->more[i], s->dir, "%s", why);
}

void
host_run_openstack(struct host_ctx *c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(os_services); i++) {
		const struct os_service *s = &os_services[i];
		struct ini ini;
		int r;

		if (!host_exists(c, s->dir)) {
			os_not_here(c, s, 1,
			    host_printf(c, "%s is not installed (no %s)",
				s->name, s->dir));
			continue;
		}
		os_perms(c, s);
		if (s->conf == NULL) {
			check_horizon(c, s);
			continue;
		}
		ini_init(&ini);
		r = os_load(c, s->conf, 1, &ini);
		if (r == RP_ENOENT) {
			os_not_here(c, s, 0,
			    host_printf(c, "%s is missing", s->conf));
		} else if (r == 0) {
			os_bool(c, s, &ini, s->debug,
			    NAMES({ "DEFAULT", "debug" }), 0, 0);
			if (s->auth != OS_NO_RULE) {
				if (strcmp(s->name, "nova") == 0)
					os_oneof(c, s, &ini, s->auth,
					    NAMES({ "api", "auth_strategy" },
						{ "DEFAULT",
						    "auth_strategy" }),
					    "keystone", "keystone",
					    "keystone");
				else
					os_oneof(c, s, &ini, s->auth,
					    NAMES({ "DEFAULT",
						"auth_strategy" }),
					    "keystone", "keystone",
					    "keystone");
			}
			if (s->authtoken != OS_NO_RULE)
				os_authtoken(c, s, &ini);
			if (s->extra != NULL)
				s->extra(c, s, &ini);
		}
		ini_release(&ini);
	}
}
