/*
 * cli-zk.c - connection options of the live ZooKeeper commands.
 *
 * SPDX-License-Identifier: MIT
 */
#include "cli/cli-zk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#include "util/banned.h"

void
cli_zk_init(struct cli_zk *z)
{
	memset(z, 0, sizeof(*z));
	zk_conn_opts_init(&z->co);
}

void
cli_zk_release(struct cli_zk *z)
{
	size_t i;

	zk_servers_free(z->servers, z->nservers);
	free(z->chroot);
	for (i = 0; i < z->nauth; i++)
		zk_auth_release(&z->auth[i]);
	if (z->sasl_password != NULL) {
		explicit_bzero(z->sasl_password, strlen(z->sasl_password));
		free(z->sasl_password);
	}
	memset(z, 0, sizeof(*z));
}

static int
parse_ms(const char *arg, const char *opt, int min, int max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < min || v > max) {
		cli_error("%s must be a number from %d to %d", opt, min, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int
add_auth(struct cli_zk *z, const char *spec, const char *from)
{
	struct rp_diag d;

	if (z->nauth >= CLI_ZK_MAX_AUTH) {
		cli_error("at most %d --auth options", CLI_ZK_MAX_AUTH);
		return -1;
	}
	rp_diag_init(&d);
	if (zk_auth_parse(spec, &z->auth[z->nauth], &d) != 0) {
		cli_error("%s: %s", from, d.msg);
		return -1;
	}
	z->nauth++;
	return 0;
}

/*
 * Read the first line of a secret file (without its newline) into a new
 * string.  The content is never printed.
 */
static char *
read_secret(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	FILE *fp = fopen(path, "r");
	size_t n;
	char *nl;

	if (fp == NULL) {
		cli_error("%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0 && sb.len < 65536)
		strbuf_add(&sb, buf, n);
	explicit_bzero(buf, sizeof(buf));
	if (ferror(fp)) {
		cli_error("%s: read error", path);
		fclose(fp);
		strbuf_release(&sb);
		return NULL;
	}
	fclose(fp);
	nl = strpbrk(sb.buf, "\r\n");
	if (nl != NULL)
		strbuf_setlen(&sb, (size_t)(nl - sb.buf));
	if (sb.len == 0) {
		cli_error("%s: empty", path);
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

int
cli_zk_opt(struct cli_zk *z, int opt, const char *arg)
{
	int v;

	switch (opt) {
	case OPT_ZK_SERVER:
		z->server_spec = arg;
		return 1;
	case OPT_ZK_AUTH:
		return add_auth(z, arg, "--auth") == 0 ? 1 : -1;
	case OPT_ZK_AUTH_FILE:
		z->auth_file = arg;
		return 1;
	case OPT_ZK_SASL:
		z->co.sasl.mech = zk_sasl_mech_parse(arg);
		if (z->co.sasl.mech == ZK_SASL_NONE) {
			cli_error("--sasl must be DIGEST-MD5 or GSSAPI");
			return -1;
		}
		return 1;
	case OPT_ZK_SASL_USER:
		z->co.sasl.user = arg;
		return 1;
	case OPT_ZK_SASL_PASSWORD_FILE:
		z->sasl_password_file = arg;
		return 1;
	case OPT_ZK_PRINCIPAL:
		z->co.sasl.principal = arg;
		return 1;
	case OPT_ZK_KEYTAB:
		z->co.sasl.keytab = arg;
		return 1;
	case OPT_ZK_SASL_SERVICE:
		z->co.sasl.service = arg;
		return 1;
	case OPT_ZK_SASL_HOST:
		z->co.sasl.server_host = arg;
		return 1;
	case OPT_ZK_SASL_NO_CANON:
		z->co.sasl.no_canonicalize = 1;
		return 1;
	case OPT_ZK_TLS:
		z->co.use_tls = 1;
		return 1;
	case OPT_ZK_CA:
		z->co.tls.ca_file = arg;
		return 1;
	case OPT_ZK_CERT:
		z->co.tls.cert_file = arg;
		return 1;
	case OPT_ZK_KEY:
		z->co.tls.key_file = arg;
		return 1;
	case OPT_ZK_TLS_NO_VERIFY_HOSTNAME:
		z->co.tls.no_verify_hostname = 1;
		return 1;
	case OPT_ZK_SESSION_TIMEOUT:
		if (parse_ms(arg, "--session-timeout", 1000, 3600000, &v) != 0)
			return -1;
		z->co.timeout_ms = v;
		return 1;
	case OPT_ZK_CONNECT_TIMEOUT:
		if (parse_ms(arg, "--connect-timeout", 100, 600000, &v) != 0)
			return -1;
		z->co.connect_timeout_ms = v;
		return 1;
	case OPT_ZK_WINDOW:
		if (parse_ms(arg, "--window", 1, 100000, &v) != 0)
			return -1;
		z->co.window = (unsigned)v;
		return 1;
	default:
		return 0;
	}
}

int
cli_zk_ready(struct cli_zk *z, const char *cmd_name)
{
	struct rp_diag d;
	const char *env;
	char *secret;

	if (z->server_spec == NULL) {
		cli_error("%s: --server HOST:PORT[,HOST:PORT...] is required",
		    cmd_name);
		return EXIT_USAGE;
	}
	rp_diag_init(&d);
	if (zk_servers_parse(z->server_spec, &z->servers, &z->nservers,
	        &z->chroot, &d) != 0) {
		cli_error("--server: %s", d.msg);
		return EXIT_USAGE;
	}
	z->co.chroot = z->chroot;
	if (z->auth_file != NULL) {
		if ((secret = read_secret(z->auth_file)) == NULL)
			return EXIT_USAGE;
		if (add_auth(z, secret, z->auth_file) != 0) {
			explicit_bzero(secret, strlen(secret));
			free(secret);
			return EXIT_USAGE;
		}
		explicit_bzero(secret, strlen(secret));
		free(secret);
	}
	env = getenv("RAMPART_ZK_AUTH");
	if (z->nauth == 0 && env != NULL && *env != '\0' &&
	    add_auth(z, env, "$RAMPART_ZK_AUTH") != 0)
		return EXIT_USAGE;
	if (z->co.sasl.mech == ZK_SASL_DIGEST_MD5) {
		if (z->co.sasl.user == NULL) {
			cli_error("--sasl DIGEST-MD5 needs --sasl-user");
			return EXIT_USAGE;
		}
		if (z->sasl_password_file != NULL) {
			z->sasl_password = read_secret(z->sasl_password_file);
			if (z->sasl_password == NULL)
				return EXIT_USAGE;
		} else if ((env = getenv("RAMPART_ZK_SASL_PASSWORD")) != NULL &&
		    *env != '\0') {
			z->sasl_password = xstrdup(env);
		} else {
			cli_error(
			    "--sasl DIGEST-MD5 needs --sasl-password-file or $RAMPART_ZK_SASL_PASSWORD");
			return EXIT_USAGE;
		}
		z->co.sasl.password = z->sasl_password;
	}
	if (z->co.sasl.mech == ZK_SASL_NONE &&
	    (z->co.sasl.user != NULL || z->co.sasl.keytab != NULL ||
	        z->co.sasl.principal != NULL)) {
		cli_error(
		    "--sasl-user, --principal and --keytab need --sasl MECH");
		return EXIT_USAGE;
	}
	if (!z->co.use_tls &&
	    (z->co.tls.ca_file != NULL || z->co.tls.cert_file != NULL ||
	        z->co.tls.key_file != NULL || z->co.tls.no_verify_hostname)) {
		cli_error(
		    "--ca, --cert, --key and --tls-no-verify-hostname need --tls");
		return EXIT_USAGE;
	}
	z->co.auth = z->auth;
	z->co.nauth = z->nauth;
	return 0;
}

void
cli_zk_acl_text(struct strbuf *sb, const struct zk_acl *acl, size_t n)
{
	struct strbuf one = STRBUF_INIT;
	size_t i;

	if (n == 0)
		strbuf_addstr(sb, "(none)");
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		strbuf_reset(&one);
		zk_acl_format(&one, &acl[i], 0);
		strbuf_add_term(sb, one.buf);
	}
	strbuf_release(&one);
}

void
cli_zk_acl_json(struct strbuf *sb, const struct zk_acl *acl, size_t n)
{
	struct strbuf one = STRBUF_INIT;
	size_t i;

	strbuf_addch(sb, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		strbuf_reset(&one);
		zk_acl_format(&one, &acl[i], 0);
		strbuf_add_json(sb, one.buf);
	}
	strbuf_addch(sb, ']');
	strbuf_release(&one);
}

void
cli_zk_ids_text(struct strbuf *sb, const struct zk_client_info *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct zk_acl a = { .perms = 0,
			.scheme = ids[i].scheme,
			.id = ids[i].user };
		struct strbuf one = STRBUF_INIT;

		if (i > 0)
			strbuf_addch(sb, ',');
		zk_acl_format(&one, &a, 0);
		/* drop the empty perms suffix ':' */
		if (one.len > 0)
			strbuf_setlen(&one, one.len - 1);
		strbuf_add_term(sb, one.buf);
		strbuf_release(&one);
	}
}

int
cli_zk_read_file(const char *path, size_t max, struct strbuf *sb)
{
	char buf[65536];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL) {
		cli_error("%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		if (sb->len + n > max) {
			cli_error("%s: larger than %zu bytes", path, max);
			fclose(fp);
			return -1;
		}
		strbuf_add(sb, buf, n);
	}
	if (ferror(fp)) {
		cli_error("%s: read error", path);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	return 0;
}
