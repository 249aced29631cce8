/*
 * t-sshd.c - unit tests for src/host/sshd.c (effective sshd configuration)
 * and src/host/sshkey.c (key blobs and authorized_keys lines), on
 * in-memory files.  tests/integration/test-sshd-oracle.sh compares the
 * same engine with the real sshd -T.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/sshd.h"
#include "host/sshkey.h"
#include "test.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* An in-memory file system: path, contents. */
struct memfile {
	const char *path;
	const char *text;
};

static const struct memfile *files;

static int
mem_load(void *arg, const char *path, struct strbuf *out, struct rp_diag *d)
{
	size_t i;

	(void)arg;
	for (i = 0; files[i].path != NULL; i++) {
		if (strcmp(files[i].path, path) == 0) {
			strbuf_addstr(out, files[i].text);
			return 0;
		}
	}
	return rp_diag_fail(d, RP_ENOENT, path, 0, "no such file");
}

/* A glob good enough for "DIR/<star>.conf" and literal paths. */
static int
mem_glob(void *arg, const char *pattern, char ***paths, size_t *n)
{
	const char *star = strchr(pattern, '*');
	size_t i, alloc = 0;

	(void)arg;
	*paths = NULL;
	*n = 0;
	for (i = 0; files[i].path != NULL; i++) {
		const char *p = files[i].path;
		int ok;

		if (star == NULL) {
			ok = strcmp(p, pattern) == 0;
		} else {
			size_t pre = (size_t)(star - pattern);
			const char *suf = star + 1;
			size_t pl = strlen(p), sl = strlen(suf);

			ok = strncmp(p, pattern, pre) == 0 && pl >= pre + sl &&
			    strcmp(p + pl - sl, suf) == 0 &&
			    strchr(p + pre, '/') == NULL && p[pre] != '.';
		}
		if (!ok)
			continue;
		ALLOC_GROW(*paths, *n + 1, alloc);
		(*paths)[(*n)++] = xstrdup(p);
	}
	return 0;
}

static const char *
mem_home(void *arg, const char *user)
{
	(void)arg;
	if (user == NULL || strcmp(user, "root") == 0)
		return "/root";
	return NULL;
}

static int
mem_groups(void *arg, const char *user, char ***names, size_t *n)
{
	(void)arg;
	*names = NULL;
	*n = 0;
	if (strcmp(user, "alice") != 0)
		return -1;
	*names = xcalloc(2, sizeof(**names));
	(*names)[0] = xstrdup("alice");
	(*names)[1] = xstrdup("admins");
	*n = 2;
	return 0;
}

static const struct sshd_fs fs = {
	.load = mem_load,
	.glob = mem_glob,
	.home = mem_home,
	.groups = mem_groups,
};

static struct sshd_config *
load(const struct memfile *f)
{
	struct sshd_config *c = NULL;
	struct rp_diag d;

	files = f;
	rp_diag_init(&d);
	if (sshd_config_load(&c, "/etc/ssh/sshd_config", &fs, &d) != 0)
		return NULL;
	return c;
}

static const char *
val(const struct sshd_config *c, enum sshd_kw kw)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	sshd_value_str(c, kw, &sb);
	return sb.buf;
}

static size_t
ndiags(const struct sshd_config *c)
{
	size_t n;

	(void)sshd_config_diags(c, &n);
	return n;
}

static void
test_first_value_wins_and_dropins_first(void)
{
	static const struct memfile f[] = {
		{ "/etc/ssh/sshd_config",
		    "Include /etc/ssh/sshd_config.d/*.conf\n"
		    "PasswordAuthentication no\n"
		    "PermitRootLogin no\n"
		    "PermitRootLogin yes\n" },
		{ "/etc/ssh/sshd_config.d/50-cloud-init.conf",
		    "PasswordAuthentication yes\n" },
		{ "/etc/ssh/sshd_config.d/.hidden.conf",
		    "PermitRootLogin yes\n" },
		{ NULL, NULL },
	};
	struct sshd_config *c = load(f), *e;
	const struct sshd_conflict *k;
	const struct sshd_value *v;
	size_t n;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	e = sshd_config_for(c, NULL, -1);
	CHECK_STR(val(e, SSHD_KW_PASSWORDAUTHENTICATION), "yes");
	v = sshd_get(e, SSHD_KW_PASSWORDAUTHENTICATION);
	CHECK_STR(v->file, "/etc/ssh/sshd_config.d/50-cloud-init.conf");
	CHECK(v->line == 1);
	CHECK_STR(val(e, SSHD_KW_PERMITROOTLOGIN), "no");
	k = sshd_config_conflicts(c, &n);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(k[0].kw == SSHD_KW_PASSWORDAUTHENTICATION && k[0].line == 2);
		CHECK(k[1].kw == SSHD_KW_PERMITROOTLOGIN && k[1].line == 4);
	}
	CHECK(ndiags(c) == 0);
	sshd_config_free(e);
	sshd_config_free(c);
}

static void
test_defaults_and_aliases(void)
{
	static const struct memfile f[] = {
		{ "/etc/ssh/sshd_config",
		    "ChallengeResponseAuthentication=no\n"
		    "permitrootlogin prohibit-password  # comment\n"
		    "ClientAliveInterval 1m30s\n"
		    "AuthenticationMethods any\n" },
		{ NULL, NULL },
	};
	struct sshd_config *c = load(f), *e;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	e = sshd_config_for(c, NULL, -1);
	CHECK_STR(val(e, SSHD_KW_KBDINTERACTIVEAUTHENTICATION), "no");
	CHECK_STR(val(e, SSHD_KW_PERMITROOTLOGIN), "without-password");
	CHECK_STR(val(e, SSHD_KW_CLIENTALIVEINTERVAL), "90");
	CHECK_STR(val(e, SSHD_KW_AUTHENTICATIONMETHODS), "any");
	CHECK_STR(val(e, SSHD_KW_MAXAUTHTRIES), "6");
	CHECK_STR(val(e, SSHD_KW_X11FORWARDING), "no");
	CHECK(sshd_get(e, SSHD_KW_MAXAUTHTRIES)->file == NULL);
	CHECK_STR(val(e, SSHD_KW_AUTHORIZEDKEYSFILE),
	    ".ssh/authorized_keys .ssh/authorized_keys2");
	sshd_config_free(e);
	sshd_config_free(c);
}

static void
test_algorithm_lists(void)
{
	static const struct memfile f[] = {
		{ "/etc/ssh/sshd_config",
		    "Ciphers +aes128-cbc\n"
		    "MACs -hmac-sha1*,umac-64*\n"
		    "KexAlgorithms ^diffie-hellman-group14-sha1\n"
		    "HostKeyAlgorithms ssh-ed25519*\n" },
		{ NULL, NULL },
	};
	struct sshd_config *c = load(f), *e;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	e = sshd_config_for(c, NULL, -1);
	CHECK_STR(val(e, SSHD_KW_CIPHERS),
	    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
	    "aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-cbc");
	CHECK_STR(val(e, SSHD_KW_MACS),
	    "umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
	    "hmac-sha2-512-etm@openssh.com,umac-128@openssh.com,"
	    "hmac-sha2-256,hmac-sha2-512");
	CHECK(strncmp(val(e, SSHD_KW_KEXALGORITHMS),
		  "diffie-hellman-group14-sha1,sntrup761x25519-sha512,", 51) ==
	    0);
	CHECK_STR(val(e, SSHD_KW_HOSTKEYALGORITHMS),
	    "ssh-ed25519,ssh-ed25519-cert-v01@openssh.com");
	CHECK(sshd_alg_listed(e, SSHD_KW_CIPHERS, "aes128-cbc"));
	CHECK(!sshd_alg_listed(e, SSHD_KW_MACS, "hmac-sha1"));
	sshd_config_free(e);
	sshd_config_free(c);
}

static void
test_match(void)
{
	static const struct memfile f[] = {
		{ "/etc/ssh/sshd_config",
		    "PasswordAuthentication no\n"
		    "Match Address 10.0.0.0/8,!10.66.0.0/16\n"
		    "\tPasswordAuthentication yes\n"
		    "Match Group admins User *,!bob\n"
		    "\tPermitRootLogin yes\n"
		    "\tPasswordAuthentication no\n" },
		{ NULL, NULL },
	};
	struct sshd_config *c = load(f), *e;
	struct sshd_conn conn = { .lport = -1 };
	const struct sshd_match *m;
	size_t n;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	m = sshd_config_matches(c, &n);
	CHECK(n == 2);
	if (n == 2)
		CHECK_STR(m[0].criteria, "Address 10.0.0.0/8,!10.66.0.0/16");
	e = sshd_config_for(c, NULL, -1);
	CHECK_STR(val(e, SSHD_KW_PASSWORDAUTHENTICATION), "no");
	sshd_config_free(e);
	conn.addr = "10.1.2.3";
	e = sshd_config_for(c, &conn, -1);
	CHECK_STR(val(e, SSHD_KW_PASSWORDAUTHENTICATION), "yes");
	sshd_config_free(e);
	conn.addr = "10.66.1.1";
	e = sshd_config_for(c, &conn, -1);
	CHECK_STR(val(e, SSHD_KW_PASSWORDAUTHENTICATION), "no");
	sshd_config_free(e);
	/* alice is in admins (via the groups callback); the first matching
	 * block's value wins for PasswordAuthentication. */
	conn.user = "alice";
	conn.addr = "10.1.2.3";
	e = sshd_config_for(c, &conn, -1);
	CHECK_STR(val(e, SSHD_KW_PERMITROOTLOGIN), "yes");
	CHECK_STR(val(e, SSHD_KW_PASSWORDAUTHENTICATION), "yes");
	sshd_config_free(e);
	/* Forcing the second block applies it whatever the connection. */
	e = sshd_config_for(c, NULL, 1);
	CHECK_STR(val(e, SSHD_KW_PERMITROOTLOGIN), "yes");
	sshd_config_free(e);
	sshd_config_free(c);
}

static void
test_errors_are_reported(void)
{
	static const struct memfile f[] = {
		{ "/etc/ssh/sshd_config",
		    "PasswordAuthenticaton no\n"
		    "PermitRootLogin maybe\n"
		    "Banner \"unterminated\n"
		    "Match User alice\n"
		    "\tCiphers aes128-ctr\n"
		    "Match Color blue\n"
		    "Include /etc/ssh/loop.conf\n" },
		{ "/etc/ssh/loop.conf", "Include /etc/ssh/loop.conf\n" },
		{ NULL, NULL },
	};
	struct sshd_config *c = load(f);
	const struct sshd_diag *dg;
	size_t n;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	dg = sshd_config_diags(c, &n);
	CHECK(n >= 6);
	if (n >= 6) {
		CHECK(dg[0].line == 1 &&
		    strstr(dg[0].msg, "Bad configuration option") != NULL);
		CHECK(dg[1].line == 2);
		CHECK(dg[2].line == 3 && strstr(dg[2].msg, "quotes") != NULL);
		CHECK(dg[3].line == 5 &&
		    strstr(dg[3].msg, "not allowed within a Match") != NULL);
		CHECK(dg[4].line == 6);
	}
	CHECK(strstr(dg[n - 1].msg, "recursive") != NULL);
	sshd_config_free(c);
	files = f;
	{
		struct sshd_config *none = NULL;
		struct rp_diag d;

		rp_diag_init(&d);
		CHECK(sshd_config_load(&none, "/etc/ssh/missing", &fs, &d) ==
		    RP_ENOENT);
		CHECK(none == NULL);
	}
}

/* Dump, parse the dump as a configuration, dump again: a fixpoint. */
static void
test_dump_round_trip(void)
{
	static struct memfile f[] = {
		{ "/etc/ssh/sshd_config",
		    "Port 2222\nListenAddress 192.0.2.1\nAddressFamily inet\n"
		    "PermitRootLogin no\nAllowUsers alice bob@10.0.0.*\n"
		    "AcceptEnv LANG LC_*\nSubsystem sftp internal-sftp -l INFO\n"
		    "MaxStartups 5:40:20\nIPQoS af21\nRekeyLimit 512M 1h\n"
		    "PermitOpen localhost:80\nSetEnv A=1\n"
		    "PubkeyAuthOptions verify-required\n" },
		{ NULL, NULL },
	};
	struct strbuf one = STRBUF_INIT, two = STRBUF_INIT;
	struct sshd_config *c = load(f), *e;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	e = sshd_config_for(c, NULL, -1);
	sshd_config_dump(e, &one);
	sshd_config_free(e);
	sshd_config_free(c);
	CHECK(strstr(one.buf, "listenaddress 192.0.2.1:2222\n") != NULL);
	CHECK(strstr(one.buf, "subsystem sftp internal-sftp -l INFO\n") !=
	    NULL);
	CHECK(strstr(one.buf, "rekeylimit 536870912 3600\n") != NULL);
	f[0].text = one.buf;
	c = load(f);
	CHECK(c != NULL && ndiags(c) == 0);
	if (c == NULL)
		goto out;
	e = sshd_config_for(c, NULL, -1);
	sshd_config_dump(e, &two);
	CHECK_STR(one.buf, two.buf);
	sshd_config_free(e);
	sshd_config_free(c);
out:
	strbuf_release(&one);
	strbuf_release(&two);
}

/* A throwaway test vector made with ssh-keygen -t ed25519 -N ''. */
static const char test_private_key[] =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACDYhdu2g6FXHnL2thrUCVI1K4gjw+3oQNaxJJ6feK1SrgAAAJgB5O1FAeTt\n"
    "RQAAAAtzc2gtZWQyNTUxOQAAACDYhdu2g6FXHnL2thrUCVI1K4gjw+3oQNaxJJ6feK1Srg\n"
    "AAAEDJBQOj97v87HPoJUif/PdVHh8pordMgfwpZseJ7QGooNiF27aDoVcecva2GtQJUjUr\n"
    "iCPD7ehA1rEknp94rVKuAAAAE3JhbXBhcnQtdGVzdC12ZWN0b3IBAg==\n"
    "-----END OPENSSH PRIVATE KEY-----\n";
static const char test_public_key[] =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINiF27aDoVcecva2GtQJUjUriCPD7ehA1"
    "rEknp94rVKu rampart-test-vector";

static void
test_keys(void)
{
	struct strbuf blob = STRBUF_INIT;
	struct sshkey_line kl;
	struct sshkey_info ki;

	CHECK(sshkey_line_parse(test_public_key, &kl) == 1);
	CHECK(kl.options == NULL);
	CHECK(sshkey_b64_decode(kl.b64, kl.b64_len, &blob) == 0);
	CHECK(sshkey_blob_info(blob.buf, blob.len, &ki) == 0);
	CHECK(ki.kind == SSHKEY_ED25519 && ki.bits == 256 && !ki.cert);
	/* ssh-keygen -l prints this fingerprint for the vector. */
	CHECK_STR(ki.fp, "SHA256:9nY1WNkxOfjtPByZxO7cOUMUu1FsL6dndwOD5hZieU8");
	strbuf_reset(&blob);
	CHECK(sshkey_private_public(test_private_key,
		  sizeof(test_private_key) - 1, &blob) == 0);
	CHECK(sshkey_blob_info(blob.buf, blob.len, &ki) == 0);
	CHECK_STR(ki.fp, "SHA256:9nY1WNkxOfjtPByZxO7cOUMUu1FsL6dndwOD5hZieU8");
	CHECK(sshkey_private_public("-----BEGIN RSA PRIVATE KEY-----", 31,
		  &blob) == RP_ENOTSUP);
	/* Options with quoted blanks and commas, then the key. */
	CHECK(sshkey_line_parse("from=\"10.0.0.1, 10.0.0.2\",command=\"a \\\"b\\\"\" "
				"ssh-rsa AAAA c", &kl) == 1);
	CHECK(kl.options_len == 43);
	CHECK(sshkey_option_has(kl.options, kl.options_len, "command"));
	CHECK(sshkey_option_has(kl.options, kl.options_len, "FROM"));
	CHECK(!sshkey_option_has(kl.options, kl.options_len, "restrict"));
	CHECK(sshkey_line_parse("  # comment", &kl) == 0);
	CHECK(sshkey_line_parse("", &kl) == 0);
	CHECK(sshkey_line_parse("from=\"unterminated ssh-rsa AAAA", &kl) ==
	    RP_EPARSE);
	CHECK(sshkey_line_parse("ssh-rsa", &kl) == RP_EPARSE);
	/* Truncated and unknown blobs. */
	CHECK(sshkey_blob_info(blob.buf, 10, &ki) != 0);
	CHECK(sshkey_blob_info("\0\0\0\3abc", 7, &ki) == RP_EPARSE);
	strbuf_reset(&blob);
	CHECK(sshkey_b64_decode("YW=Jj", 5, &blob) == RP_EPARSE);
	CHECK(sshkey_b64_decode("YWJj", 4, &blob) == 0 &&
	    strcmp(blob.buf, "abc") == 0);
	strbuf_release(&blob);
}

static void
test_conn_spec(void)
{
	struct sshd_conn c;
	char a[] = "user=u,host=h,addr=192.0.2.1,lport=2222";
	char b[] = "user=u,colour=blue";

	CHECK(sshd_conn_parse(a, &c) == 0);
	CHECK_STR(c.user, "u");
	CHECK_STR(c.addr, "192.0.2.1");
	CHECK(c.lport == 2222);
	CHECK(sshd_conn_parse(b, &c) == RP_EINVAL);
}

int
main(void)
{
	TEST_RUN(test_first_value_wins_and_dropins_first);
	TEST_RUN(test_defaults_and_aliases);
	TEST_RUN(test_algorithm_lists);
	TEST_RUN(test_match);
	TEST_RUN(test_errors_are_reported);
	TEST_RUN(test_dump_round_trip);
	TEST_RUN(test_keys);
	TEST_RUN(test_conn_spec);
	return test_report();
}
