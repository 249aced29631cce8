/*
 * sasl.c - ZooKeeper SASL client over Cyrus libsasl2.
 *
 * The only file that calls sasl_* (tests/lint.sh checks).  One sasl_conn_t
 * per connection: reusing one across reconnects would let Cyrus try
 * DIGEST-MD5 fast re-authentication, which the server does not support.
 * Credentials come from the options through per-session callbacks; the
 * password is never copied anywhere but the secret Cyrus asks for, and
 * that copy is wiped when the session is freed.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/sasl.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <ctype.h>
#include <netdb.h>
#include <sasl/sasl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/xmalloc.h"

#include "util/banned.h"

struct zk_sasl {
	sasl_conn_t *conn;
	enum zk_sasl_mech mech;
	char *user;
	sasl_secret_t *secret; /* password, wiped on free */
	size_t secret_alloc;
	sasl_callback_t cbs[6];
	char *ccache_env; /* MEMORY ccache name we set, if any */
};

static int sasl_inited;

enum zk_sasl_mech
zk_sasl_mech_parse(const char *s)
{
	if (s == NULL)
		return ZK_SASL_NONE;
	if (strcasecmp(s, "DIGEST-MD5") == 0 || strcasecmp(s, "digest") == 0)
		return ZK_SASL_DIGEST_MD5;
	if (strcasecmp(s, "GSSAPI") == 0 || strcasecmp(s, "kerberos") == 0)
		return ZK_SASL_GSSAPI;
	return ZK_SASL_NONE;
}

const char *
zk_sasl_mech_name(enum zk_sasl_mech m)
{
	switch (m) {
	case ZK_SASL_NONE:
		return "none";
	case ZK_SASL_DIGEST_MD5:
		return "DIGEST-MD5";
	case ZK_SASL_GSSAPI:
		return "GSSAPI";
	}
	return "none";
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/*
 * The Java client (SaslServerPrincipal) uses
 * InetAddress.getByName(host).getCanonicalHostName(): a forward lookup
 * followed by a reverse lookup of the first address, falling back to the
 * name it started from.
 */
void
zk_sasl_server_host(const struct zk_sasl_opts *o, const char *dialled,
    char *buf, size_t n)
{
	struct addrinfo hints, *ai = NULL;
	char name[NI_MAXHOST];

	if (o->server_host != NULL) {
		snprintf(buf, n, "%s", o->server_host);
		lower(buf);
		return;
	}
	snprintf(buf, n, "%s", dialled);
	if (!o->no_canonicalize) {
		memset(&hints, 0, sizeof(hints));
		hints.ai_family = AF_UNSPEC;
		hints.ai_socktype = SOCK_STREAM;
		if (getaddrinfo(dialled, NULL, &hints, &ai) == 0 &&
		    ai != NULL &&
		    getnameinfo(ai->ai_addr, ai->ai_addrlen, name, sizeof(name),
		        NULL, 0, NI_NAMEREQD) == 0)
			snprintf(buf, n, "%s", name);
		if (ai != NULL)
			freeaddrinfo(ai);
	}
	lower(buf);
}

static int
cb_user(void *ctx, int id, const char **result, unsigned *len)
{
	struct zk_sasl *s = ctx;

	switch (id) {
	case SASL_CB_AUTHNAME:
		*result = s->user != NULL ? s->user : "";
		break;
	case SASL_CB_USER:
		*result = ""; /* empty authzid: the server derives the id */
		break;
	default:
		return SASL_BADPARAM;
	}
	if (len != NULL)
		*len = (unsigned)strlen(*result);
	return SASL_OK;
}

static int
cb_pass(sasl_conn_t *conn, void *ctx, int id, sasl_secret_t **psecret)
{
	struct zk_sasl *s = ctx;

	(void)conn;
	if (id != SASL_CB_PASS || s->secret == NULL)
		return SASL_BADPARAM;
	*psecret = s->secret;
	return SASL_OK;
}

static int
cb_realm(void *ctx, int id, const char **avail, const char **result)
{
	(void)ctx;
	if (id != SASL_CB_GETREALM)
		return SASL_BADPARAM;
	/* The server offers exactly one realm ("zk-sasl-md5"): take it. */
	*result = avail != NULL && avail[0] != NULL ? avail[0] : "";
	return SASL_OK;
}

typedef int (*sasl_cb_fn)(void);

static int
sasl_fail(struct rp_diag *d, struct zk_sasl *s, int code, const char *what)
{
	const char *detail = s != NULL && s->conn != NULL ?
	    sasl_errdetail(s->conn) :
	    sasl_errstring(code, NULL, NULL);

	return rp_diag_fail(d, RP_EAUTH, NULL, 0, "SASL %s: %s: %s",
	    s != NULL ? zk_sasl_mech_name(s->mech) : "", what,
	    detail != NULL ? detail : "unknown reason");
}

int
zk_sasl_start(struct zk_sasl **out, const struct zk_sasl_opts *o,
    const char *host, const void **tok, size_t *toklen, struct rp_diag *d)
{
	sasl_security_properties_t sp;
	struct zk_sasl *s = NULL;
	const char *service, *fqdn, *outp = NULL, *mech = NULL;
	char canon[NI_MAXHOST];
	unsigned outlen = 0;
	size_t plen;
	int r = RP_EAUTH, rc, i = 0;

	*out = NULL;
	*tok = NULL;
	*toklen = 0;
	if (o->mech == ZK_SASL_NONE)
		return rp_diag_fail(d, RP_EINVAL, NULL, 0,
		    "no SASL mechanism chosen");
	if (!sasl_inited) {
		rc = sasl_client_init(NULL);
		if (rc != SASL_OK)
			return sasl_fail(d, NULL, rc,
			    "cannot initialise Cyrus SASL");
		sasl_inited = 1;
	}
	s = xcalloc(1, sizeof(*s));
	s->mech = o->mech;
	if (o->mech == ZK_SASL_DIGEST_MD5) {
		if (o->user == NULL || o->password == NULL) {
			r = rp_diag_fail(d, RP_EINVAL, NULL, 0,
			    "SASL DIGEST-MD5 needs a user and a password");
			goto out;
		}
		s->user = xstrdup(o->user);
		plen = strlen(o->password);
		s->secret_alloc = sizeof(sasl_secret_t) + plen + 1;
		s->secret = xcalloc(1, s->secret_alloc);
		s->secret->len = plen;
		memcpy(s->secret->data, o->password, plen);
		service = "zookeeper";
		fqdn = "zk-sasl-md5";
	} else {
		if (o->keytab != NULL) {
			setenv("KRB5_CLIENT_KTNAME", o->keytab, 1);
			if (o->ccache == NULL) {
				/*
				 * A private in-memory ticket cache: the
				 * keytab's tickets must not land in (or be
				 * mixed up with) the user's cache.
				 */
				s->ccache_env = xasprintf("MEMORY:rampart-%ld",
				    (long)getpid());
				setenv("KRB5CCNAME", s->ccache_env, 1);
			}
		}
		if (o->ccache != NULL)
			setenv("KRB5CCNAME", o->ccache, 1);
		if (o->principal != NULL)
			s->user = xstrdup(o->principal);
		service = o->service != NULL ? o->service : "zookeeper";
		zk_sasl_server_host(o, host, canon, sizeof(canon));
		fqdn = canon;
	}
	s->cbs[i++] = (sasl_callback_t){ SASL_CB_USER,
		(sasl_cb_fn)(void (*)(void))cb_user, s };
	if (o->mech == ZK_SASL_DIGEST_MD5) {
		s->cbs[i++] = (sasl_callback_t){ SASL_CB_AUTHNAME,
			(sasl_cb_fn)(void (*)(void))cb_user, s };
		s->cbs[i++] = (sasl_callback_t){ SASL_CB_PASS,
			(sasl_cb_fn)(void (*)(void))cb_pass, s };
		s->cbs[i++] = (sasl_callback_t){ SASL_CB_GETREALM,
			(sasl_cb_fn)(void (*)(void))cb_realm, s };
	}
	s->cbs[i++] = (sasl_callback_t){ SASL_CB_LIST_END, NULL, NULL };
	rc = sasl_client_new(service, fqdn, NULL, NULL, s->cbs, 0, &s->conn);
	if (rc != SASL_OK) {
		r = sasl_fail(d, s, rc, "cannot create a client session");
		goto out;
	}
	/* The server negotiates qop=auth only: no security layer. */
	memset(&sp, 0, sizeof(sp));
	sp.min_ssf = 0;
	sp.max_ssf = 0;
	sp.maxbufsize = 65536;
	rc = sasl_setprop(s->conn, SASL_SEC_PROPS, &sp);
	if (rc != SASL_OK) {
		r = sasl_fail(d, s, rc, "cannot set security properties");
		goto out;
	}
	rc = sasl_client_start(s->conn, zk_sasl_mech_name(o->mech), NULL, &outp,
	    &outlen, &mech);
	if (rc != SASL_OK && rc != SASL_CONTINUE) {
		if (rc == SASL_NOMECH)
			r = rp_diag_fail(d, RP_EAUTH, NULL, 0,
			    "SASL %s: the mechanism is not available (install libsasl2-modules%s): %s",
			    zk_sasl_mech_name(o->mech),
			    o->mech == ZK_SASL_GSSAPI ? "-gssapi-mit" : "",
			    sasl_errdetail(s->conn));
		else
			r = sasl_fail(d, s, rc,
			    o->mech == ZK_SASL_GSSAPI ?
			        "cannot start (no Kerberos credentials? check the keytab or ticket cache, the principal and the server principal)" :
			        "cannot start");
		goto out;
	}
	/* DIGEST-MD5 has no initial response: send an empty token. */
	if (o->mech == ZK_SASL_DIGEST_MD5) {
		outp = NULL;
		outlen = 0;
	}
	*tok = outp;
	*toklen = outlen;
	*out = s;
	s = NULL;
	r = 0;
out:
	zk_sasl_free(s);
	return r;
}

int
zk_sasl_step(struct zk_sasl *s, const void *in, size_t inlen, const void **tok,
    size_t *toklen, int *done, struct rp_diag *d)
{
	const char *outp = NULL;
	unsigned outlen = 0;
	int rc;

	*tok = NULL;
	*toklen = 0;
	*done = 0;
	if (inlen > 0xFFFFFFu)
		return rp_diag_fail(d, RP_ELIMIT, NULL, 0,
		    "SASL: server token of %zu bytes is too large", inlen);
	rc = sasl_client_step(s->conn, in, in != NULL ? (unsigned)inlen : 0,
	    NULL, &outp, &outlen);
	if (rc != SASL_OK && rc != SASL_CONTINUE)
		return sasl_fail(d, s, rc,
		    "the server's answer was not accepted (wrong password or principal?)");
	*done = rc == SASL_OK;
	if (outp != NULL && (outlen > 0 || !*done)) {
		*tok = outp;
		*toklen = outlen;
	}
	return 0;
}

const char *
zk_sasl_user(struct zk_sasl *s)
{
	const void *v = NULL;

	if (s == NULL || s->conn == NULL)
		return NULL;
	if (sasl_getprop(s->conn, SASL_USERNAME, &v) != SASL_OK)
		return NULL;
	return v;
}

void
zk_sasl_free(struct zk_sasl *s)
{
	if (s == NULL)
		return;
	if (s->conn != NULL)
		sasl_dispose(&s->conn);
	if (s->secret != NULL) {
		explicit_bzero(s->secret, s->secret_alloc);
		free(s->secret);
	}
	free(s->user);
	free(s->ccache_env);
	free(s);
}
