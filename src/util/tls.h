/*
 * tls.h - TLS client connections (the only module that calls OpenSSL's
 * SSL_* functions).
 *
 * A struct tls_ctx holds the trust anchors and the optional client
 * certificate; a struct tls_conn wraps one connected socket.  Defaults are
 * strict: TLS 1.2 or newer, the server certificate verified against the
 * given CA file only (the system store is used only when no CA file is
 * given), and the certificate's name checked against the host that was
 * dialled (DNS name or IP address), with SNI sent for DNS names.  Turning
 * hostname verification off must be asked for explicitly.
 *
 * The socket may be non-blocking: tls_read() and tls_write() report
 * "would block" as TLS_WANT_READ / TLS_WANT_WRITE.  The handshake in
 * tls_conn_new() runs on a blocking socket with a deadline.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_TLS_H
#define RAMPART_UTIL_TLS_H

#include <sys/types.h>

#include <stddef.h>

#include "util/compat.h"
#include "util/err.h"

struct tls_opts {
	const char *ca_file;    /* PEM bundle; NULL = system default store */
	const char *cert_file;  /* client certificate (PEM), NULL = none */
	const char *key_file;   /* its key (PEM); NULL = in cert_file */
	int no_verify_hostname; /* 1 only when the user asked for it */
	int no_verify;          /* 1: accept any certificate (tests only) */
};

struct tls_ctx;
struct tls_conn;

/* tls_read/tls_write results besides byte counts and RP_E* codes. */
enum {
	TLS_WANT_READ = -1000,
	TLS_WANT_WRITE = -1001,
};

/*
 * Create a client context: load the CA file, the client certificate and
 * key (checking that they match), require TLS 1.2+.  Errors (RP_ETLS,
 * RP_ENOENT) name the file and OpenSSL's reason in d.  Free with
 * tls_ctx_free().
 */
int tls_ctx_new(struct tls_ctx **out /* OUT */, const struct tls_opts *o,
    struct rp_diag *d) RP_MUST_CHECK;
void tls_ctx_free(struct tls_ctx *ctx);

/*
 * Run the client handshake over the connected socket fd (not taken over:
 * the caller still closes it after tls_conn_free()).  host is the name or
 * address that was dialled; it is used for SNI and for verification.
 * deadline_ms bounds the handshake.  On failure d says which certificate
 * failed and why (issuer unknown, expired, name mismatch with the names the
 * certificate holds...).  RP_ETLS, RP_ETIMEDOUT or RP_ECONN.
 */
int tls_conn_new(struct tls_conn **out /* OUT */, struct tls_ctx *ctx, int fd,
    const char *host, int deadline_ms, struct rp_diag *d) RP_MUST_CHECK;

/* Send close_notify (best effort) and free; NULL does nothing. */
void tls_conn_free(struct tls_conn *c);

/*
 * Read up to n bytes.  Returns the count (> 0), 0 on a clean close by the
 * peer, TLS_WANT_READ/TLS_WANT_WRITE when the socket would block, or
 * RP_ECONN/RP_ETLS with a message in d.
 */
ssize_t tls_read(struct tls_conn *c, void *p, size_t n, struct rp_diag *d);

/* Write up to n bytes; results as tls_read (0 is not returned). */
ssize_t tls_write(struct tls_conn *c, const void *p, size_t n,
    struct rp_diag *d);

/* Bytes already decrypted and waiting inside the TLS layer. */
size_t tls_pending(struct tls_conn *c);

/*
 * Describe the session for logs: protocol and cipher, and the peer
 * certificate's subject ("TLSv1.3 TLS_AES_256_GCM_SHA384 CN=zk1").
 */
void tls_conn_describe(struct tls_conn *c, char *buf, size_t n);

struct strbuf;

/*
 * Probe one protocol version: run a handshake over the connected socket fd
 * offering only version (TLS1_VERSION ... TLS1_3_VERSION numbers: 0x0301
 * to 0x0304), every cipher at security level 0 and no verification, so
 * that what the server accepts is seen, not what this client likes.  When
 * chain is not NULL the certificates the server sent are appended to it as
 * DER, each after a 4-byte big-endian length.  Returns 0 when the
 * handshake completed, RP_ETLS when it was refused (d says how),
 * RP_ETIMEDOUT or RP_ECONN.
 */
int tls_probe(int fd, const char *host, int version, int deadline_ms,
    struct strbuf *chain, struct rp_diag *d) RP_MUST_CHECK;

#endif
