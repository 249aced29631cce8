/*
 * sasl.h - SASL client for ZooKeeper over Cyrus libsasl2 (the only module
 * that calls sasl_*).
 *
 * Two mechanisms, as the server chooses them (reference section 1.10):
 * DIGEST-MD5 with a user and password from the server's JAAS file
 * (service "zookeeper", server name "zk-sasl-md5"), and GSSAPI (Kerberos)
 * with credentials from a keytab (KRB5_CLIENT_KTNAME) or a ticket cache
 * (KRB5CCNAME), against the principal service/host@REALM of the server.
 * The exchange itself (opcode 102) is run by zk/conn.c through the step
 * function below; a fresh sasl session is made for every connection.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_SASL_H
#define RAMPART_ZK_SASL_H

#include <stddef.h>

#include "util/compat.h"
#include "util/err.h"

enum zk_sasl_mech {
	ZK_SASL_NONE = 0,
	ZK_SASL_DIGEST_MD5,
	ZK_SASL_GSSAPI,
};

struct zk_sasl_opts {
	enum zk_sasl_mech mech;
	const char *user;      /* DIGEST-MD5 user */
	const char *password;  /* DIGEST-MD5 password (secret; never printed) */
	const char *principal; /* GSSAPI client principal, NULL = default */
	const char *keytab;    /* GSSAPI client keytab, NULL = ccache/env */
	const char *ccache;    /* GSSAPI ticket cache, NULL = KRB5CCNAME */
	const char *service;   /* server principal's service; "zookeeper" */
	const char *server_host; /* server principal's host; NULL = derived */
	int no_canonicalize;     /* 1: use the dialled name as it is */
};

struct zk_sasl;

/*
 * Parse "DIGEST-MD5" or "GSSAPI" (case-insensitive; "kerberos" and "digest"
 * are accepted too).  ZK_SASL_NONE for anything else.
 */
enum zk_sasl_mech zk_sasl_mech_parse(const char *s);
const char *zk_sasl_mech_name(enum zk_sasl_mech m);

/*
 * Work out the host part of the server principal for GSSAPI the way
 * ZooKeeper's Java client does (SaslServerPrincipal): o->server_host if
 * set; else the dialled host, canonicalised through forward and reverse DNS
 * unless o->no_canonicalize (a loopback address stays "localhost" when
 * reverse DNS says so).  Writes into buf (lower-case).
 */
void zk_sasl_server_host(const struct zk_sasl_opts *o, const char *dialled,
    char *buf, size_t n);

/*
 * Start a client session for one connection to host (the dialled name).
 * Sets KRB5_CLIENT_KTNAME / KRB5CCNAME from o when given.  On success
 * *tok and *toklen hold the first token to send (empty for DIGEST-MD5, the
 * AP-REQ for GSSAPI); the token is borrowed until the next call.  Errors:
 * RP_EAUTH (no credentials, unknown principal, mechanism missing: d says
 * which, with the Kerberos or Cyrus reason), RP_ENOTSUP.
 */
int zk_sasl_start(struct zk_sasl **out /* OUT */, const struct zk_sasl_opts *o,
    const char *host, const void **tok /* OUT */, size_t *toklen /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Feed the server's token (in, inlen; in NULL = the null token) and get
 * the next token to send.  *done becomes 1 when the client side is
 * complete; then *tok may still hold a final token to send (GSSAPI's
 * security-layer answer) or be NULL.  RP_EAUTH with the reason on failure.
 */
int zk_sasl_step(struct zk_sasl *s, const void *in, size_t inlen,
    const void **tok /* OUT */, size_t *toklen /* OUT */, int *done /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

/* The authenticated user name as the client sees it (may be NULL). */
const char *zk_sasl_user(struct zk_sasl *s);

/* Free a session; NULL does nothing. */
void zk_sasl_free(struct zk_sasl *s);

#endif
