/*
 * tls.c - TLS client connections over OpenSSL.
 *
 * The only file that calls SSL_* (tests/lint.sh checks).  Verification is
 * on by default: chain against the configured CA file, then the dialled
 * name against the certificate (DNS SAN/CN, or IP SAN for a literal
 * address).  Errors say which certificate failed and, for a name
 * mismatch, which names the certificate does carry.
 *
 * SPDX-License-Identifier: MIT
 */
#include "util/tls.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#include "util/banned.h"

struct tls_ctx {
	SSL_CTX *ctx;
	int no_verify_hostname;
	int no_verify;
};

struct tls_conn {
	SSL *ssl;
	int fd;
	X509 *bad_cert; /* the first certificate that failed verification */
	int bad_depth;
};

/*
 * Remember which certificate of the chain failed, so that the error can
 * name it: after a failed handshake OpenSSL keeps no peer certificate.
 */
static int
verify_cb(int ok, X509_STORE_CTX *st)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(st,
	    SSL_get_ex_data_X509_STORE_CTX_idx());
	struct tls_conn *c = ssl != NULL ? SSL_get_app_data(ssl) : NULL;
	X509 *cert = X509_STORE_CTX_get_current_cert(st);

	if (!ok && c != NULL && c->bad_cert == NULL && cert != NULL) {
		X509_up_ref(cert);
		c->bad_cert = cert;
		c->bad_depth = X509_STORE_CTX_get_error_depth(st);
	}
	return ok;
}

/* Append OpenSSL's queued error reasons to sb and clear the queue. */
static void
add_ssl_errors(struct strbuf *sb)
{
	unsigned long e;
	char buf[256];
	int first = 1;

	while ((e = ERR_get_error()) != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		strbuf_addstr(sb, first ? ": " : "; ");
		strbuf_addstr(sb, buf);
		first = 0;
	}
}

static int
ssl_fail(struct rp_diag *d, int err, const char *where, const char *what)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, what);
	add_ssl_errors(&sb);
	rp_diag_fail(d, err, where, 0, "%s", sb.buf);
	strbuf_release(&sb);
	return err;
}

/*
 * True when the server aborted the handshake with an alert while we had no
 * client certificate to offer: the usual face of ssl.clientAuth=need (TLS
 * 1.2 servers send handshake_failure, TLS 1.3 ones certificate_required).
 */
static int
cert_refused(SSL *ssl)
{
	int reason = ERR_GET_REASON(ERR_peek_last_error());

	if (SSL_get_certificate(ssl) != NULL)
		return 0;
	return reason == SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE ||
	    reason == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED;
}

int
tls_ctx_new(struct tls_ctx **out, const struct tls_opts *o, struct rp_diag *d)
{
	struct tls_ctx *t = NULL;
	const char *key;
	int r = RP_ETLS;

	*out = NULL;
	ERR_clear_error();
	t = xcalloc(1, sizeof(*t));
	t->no_verify_hostname = o->no_verify_hostname;
	t->no_verify = o->no_verify;
	t->ctx = SSL_CTX_new(TLS_client_method());
	if (t->ctx == NULL) {
		r = ssl_fail(d, RP_ETLS, NULL, "cannot create a TLS context");
		goto out;
	}
	if (SSL_CTX_set_min_proto_version(t->ctx, TLS1_2_VERSION) != 1) {
		r = ssl_fail(d, RP_ETLS, NULL, "cannot require TLS 1.2");
		goto out;
	}
	if (o->ca_file != NULL) {
		if (SSL_CTX_load_verify_locations(t->ctx, o->ca_file, NULL) !=
		    1) {
			r = ssl_fail(d, RP_ETLS, o->ca_file,
			    "cannot load the CA certificates");
			goto out;
		}
	} else if (SSL_CTX_set_default_verify_paths(t->ctx) != 1) {
		r = ssl_fail(d, RP_ETLS, NULL,
		    "cannot load the system CA certificates");
		goto out;
	}
	SSL_CTX_set_verify(t->ctx,
	    o->no_verify ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, verify_cb);
	if (o->cert_file != NULL) {
		key = o->key_file != NULL ? o->key_file : o->cert_file;
		if (SSL_CTX_use_certificate_chain_file(t->ctx, o->cert_file) !=
		    1) {
			r = ssl_fail(d, RP_ETLS, o->cert_file,
			    "cannot load the client certificate");
			goto out;
		}
		if (SSL_CTX_use_PrivateKey_file(t->ctx, key,
		        SSL_FILETYPE_PEM) != 1) {
			r = ssl_fail(d, RP_ETLS, key,
			    "cannot load the client key");
			goto out;
		}
		if (SSL_CTX_check_private_key(t->ctx) != 1) {
			r = ssl_fail(d, RP_ETLS, key,
			    "the client key does not match the certificate");
			goto out;
		}
	} else if (o->key_file != NULL) {
		r = rp_diag_fail(d, RP_EINVAL, o->key_file, 0,
		    "a client key needs a client certificate (--cert)");
		goto out;
	}
	*out = t;
	t = NULL;
	r = 0;
out:
	tls_ctx_free(t);
	return r;
}

void
tls_ctx_free(struct tls_ctx *t)
{
	if (t == NULL)
		return;
	SSL_CTX_free(t->ctx);
	free(t);
}

static int
is_ip_literal(const char *host)
{
	unsigned char tmp[16];

	return inet_pton(AF_INET, host, tmp) == 1 ||
	    inet_pton(AF_INET6, host, tmp) == 1;
}

/* List the DNS and IP names of cert into sb, for a mismatch message. */
static void
add_cert_names(struct strbuf *sb, X509 *cert)
{
	GENERAL_NAMES *names;
	char cn[256];
	int i, n, any = 0;

	names = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	n = names != NULL ? sk_GENERAL_NAME_num(names) : 0;
	for (i = 0; i < n; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
		char ip[INET6_ADDRSTRLEN];

		if (g->type == GEN_DNS) {
			strbuf_addf(sb, "%sDNS:%.*s", any ? ", " : "",
			    ASN1_STRING_length(g->d.dNSName),
			    (const char *)ASN1_STRING_get0_data(g->d.dNSName));
			any = 1;
		} else if (g->type == GEN_IPADD) {
			int len = ASN1_STRING_length(g->d.iPAddress);
			const unsigned char *p =
			    ASN1_STRING_get0_data(g->d.iPAddress);

			if (inet_ntop(len == 4 ? AF_INET : AF_INET6, p, ip,
			        sizeof(ip)) != NULL) {
				strbuf_addf(sb, "%sIP:%s", any ? ", " : "", ip);
				any = 1;
			}
		}
	}
	GENERAL_NAMES_free(names);
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert),
	        NID_commonName, cn, sizeof(cn)) > 0) {
		strbuf_addf(sb, "%sCN=%s", any ? ", " : "", cn);
		any = 1;
	}
	if (!any)
		strbuf_addstr(sb, "no names");
}

static void
add_subject(struct strbuf *sb, X509 *cert)
{
	char buf[512];

	if (cert == NULL) {
		strbuf_addstr(sb, "(no certificate)");
		return;
	}
	X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof(buf));
	strbuf_addstr(sb, buf);
}

/* Explain a failed verification in terms of the certificate concerned. */
static int
verify_fail(struct rp_diag *d, struct tls_conn *c, const char *host,
    const char *where)
{
	struct strbuf sb = STRBUF_INIT;
	long v = SSL_get_verify_result(c->ssl);
	X509 *peer = SSL_get1_peer_certificate(c->ssl);

	if (peer == NULL && c->bad_cert != NULL) {
		X509_up_ref(c->bad_cert);
		peer = c->bad_cert;
	}

	if (v == X509_V_ERR_HOSTNAME_MISMATCH ||
	    v == X509_V_ERR_IP_ADDRESS_MISMATCH) {
		strbuf_addf(&sb,
		    "server certificate does not match the host name '%s' (certificate names: ",
		    host);
		if (peer != NULL)
			add_cert_names(&sb, peer);
		strbuf_addstr(&sb,
		    "); use the name the certificate was issued for, or --tls-no-verify-hostname");
	} else {
		strbuf_addstr(&sb,
		    c->bad_depth > 0 ? "certificate in the server's chain " :
		                       "server certificate ");
		add_subject(&sb, peer);
		strbuf_addf(&sb, " failed verification: %s",
		    X509_verify_cert_error_string(v));
	}
	X509_free(peer);
	rp_diag_fail(d, RP_ETLS, where, 0, "%s", sb.buf);
	strbuf_release(&sb);
	return RP_ETLS;
}

static int
wait_fd(int fd, short ev, double deadline)
{
	struct pollfd p = { .fd = fd, .events = ev };
	double left = deadline - rp_monotonic();
	int r;

	if (left <= 0)
		return RP_ETIMEDOUT;
	r = poll(&p, 1, (int)(left * 1000) + 1);
	if (r == 0)
		return RP_ETIMEDOUT;
	if (r < 0 && errno != EINTR)
		return RP_ECONN;
	return 0;
}

int
tls_conn_new(struct tls_conn **out, struct tls_ctx *ctx, int fd,
    const char *host, int deadline_ms, struct rp_diag *d)
{
	struct tls_conn *c = NULL;
	double deadline = rp_monotonic() + deadline_ms / 1000.0;
	X509_VERIFY_PARAM *param;
	int r = RP_ETLS, ip, n, e;

	*out = NULL;
	ERR_clear_error();
	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	c->ssl = SSL_new(ctx->ctx);
	if (c->ssl == NULL || SSL_set_fd(c->ssl, fd) != 1 ||
	    SSL_set_app_data(c->ssl, c) != 1) {
		r = ssl_fail(d, RP_ETLS, NULL, "cannot set up TLS");
		goto out;
	}
	ip = is_ip_literal(host);
	if (!ip && SSL_set_tlsext_host_name(c->ssl, host) != 1) {
		r = ssl_fail(d, RP_ETLS, NULL, "cannot set the SNI name");
		goto out;
	}
	if (!ctx->no_verify && !ctx->no_verify_hostname) {
		param = SSL_get0_param(c->ssl);
		X509_VERIFY_PARAM_set_hostflags(param,
		    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
		n = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host) :
		         X509_VERIFY_PARAM_set1_host(param, host, 0);
		if (n != 1) {
			r = ssl_fail(d, RP_ETLS, NULL,
			    "cannot set the name to verify");
			goto out;
		}
	}
	for (;;) {
		ERR_clear_error();
		n = SSL_connect(c->ssl);
		if (n == 1)
			break;
		e = SSL_get_error(c->ssl, n);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			r = wait_fd(fd,
			    e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT,
			    deadline);
			if (r != 0) {
				rp_diag_fail(d, r, NULL, 0, "TLS handshake: %s",
				    rp_strerror(r));
				goto out;
			}
			continue;
		}
		if (SSL_get_verify_result(c->ssl) != X509_V_OK) {
			r = verify_fail(d, c, host, NULL);
			goto out;
		}
		if (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
			r = rp_diag_fail(d, RP_ECONN, NULL, 0,
			    "TLS handshake: the server closed the connection (is this a TLS port? does it require a client certificate?)");
			goto out;
		}
		r = ssl_fail(d, RP_ETLS, NULL,
		    cert_refused(c->ssl) ?
		        "TLS handshake failed: the server refused it, and no client certificate was offered (does it require one?)" :
		        "TLS handshake failed");
		goto out;
	}
	*out = c;
	c = NULL;
	r = 0;
out:
	if (c != NULL) {
		SSL_free(c->ssl);
		X509_free(c->bad_cert);
		free(c);
	}
	return r;
}

void
tls_conn_free(struct tls_conn *c)
{
	if (c == NULL)
		return;
	ERR_clear_error();
	(void)SSL_shutdown(c->ssl);
	SSL_free(c->ssl);
	X509_free(c->bad_cert);
	ERR_clear_error();
	free(c);
}

static ssize_t
io_result(struct tls_conn *c, int n, const char *op, struct rp_diag *d)
{
	int e = SSL_get_error(c->ssl, n);

	switch (e) {
	case SSL_ERROR_WANT_READ:
		return TLS_WANT_READ;
	case SSL_ERROR_WANT_WRITE:
		return TLS_WANT_WRITE;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	case SSL_ERROR_SYSCALL:
		if (ERR_peek_error() == 0) {
			if (n == 0 || errno == 0)
				return 0; /* EOF without close_notify */
			return rp_diag_fail(d, RP_ECONN, NULL, 0, "TLS %s: %s",
			    op, strerror(errno));
		}
		return ssl_fail(d, RP_ETLS, NULL, op);
	default:
		return ssl_fail(d, RP_ETLS, NULL, op);
	}
}

ssize_t
tls_read(struct tls_conn *c, void *p, size_t n, struct rp_diag *d)
{
	size_t got = 0;
	int r;

	ERR_clear_error();
	errno = 0;
	r = SSL_read_ex(c->ssl, p, n, &got);
	if (r == 1)
		return (ssize_t)got;
	return io_result(c, r, "read", d);
}

ssize_t
tls_write(struct tls_conn *c, const void *p, size_t n, struct rp_diag *d)
{
	size_t put = 0;
	ssize_t res;
	int r;

	ERR_clear_error();
	errno = 0;
	r = SSL_write_ex(c->ssl, p, n, &put);
	if (r == 1)
		return (ssize_t)put;
	res = io_result(c, r, "write", d);
	return res == 0 ? RP_ECONN : res;
}

size_t
tls_pending(struct tls_conn *c)
{
	int n = SSL_pending(c->ssl);

	return n > 0 ? (size_t)n : 0;
}

void
tls_conn_describe(struct tls_conn *c, char *buf, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	X509 *peer = SSL_get1_peer_certificate(c->ssl);

	strbuf_addf(&sb, "%s %s ", SSL_get_version(c->ssl),
	    SSL_get_cipher_name(c->ssl));
	add_subject(&sb, peer);
	X509_free(peer);
	snprintf(buf, n, "%s", sb.buf);
	strbuf_release(&sb);
}

int
tls_probe(int fd, const char *host, int version, int deadline_ms,
    struct strbuf *chain, struct rp_diag *d)
{
	double deadline = rp_monotonic() + deadline_ms / 1000.0;
	SSL_CTX *ctx = NULL;
	SSL *ssl = NULL;
	int r = RP_ETLS, n, e;

	ERR_clear_error();
	ctx = SSL_CTX_new(TLS_client_method());
	/* Offer exactly this version, with whatever the server may pick. */
	if (ctx == NULL || SSL_CTX_set_min_proto_version(ctx, version) != 1 ||
	    SSL_CTX_set_max_proto_version(ctx, version) != 1) {
		r = ssl_fail(d, RP_ETLS, NULL, "cannot set up a TLS probe");
		goto out;
	}
	SSL_CTX_set_security_level(ctx, 0);
	if (version < TLS1_3_VERSION &&
	    SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0") != 1) {
		r = ssl_fail(d, RP_ETLS, NULL, "cannot set the probe ciphers");
		goto out;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	ssl = SSL_new(ctx);
	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 ||
	    (!is_ip_literal(host) &&
		SSL_set_tlsext_host_name(ssl, host) != 1)) {
		r = ssl_fail(d, RP_ETLS, NULL, "cannot set up a TLS probe");
		goto out;
	}
	for (;;) {
		ERR_clear_error();
		n = SSL_connect(ssl);
		if (n == 1)
			break;
		e = SSL_get_error(ssl, n);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			r = wait_fd(fd,
			    e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT,
			    deadline);
			if (r != 0) {
				rp_diag_fail(d, r, NULL, 0, "TLS handshake: %s",
				    rp_strerror(r));
				goto out;
			}
			continue;
		}
		r = ssl_fail(d, RP_ETLS, NULL, "handshake refused");
		goto out;
	}
	if (chain != NULL) {
		STACK_OF(X509) *sk = SSL_get_peer_cert_chain(ssl);
		int i;

		for (i = 0; sk != NULL && i < sk_X509_num(sk); i++) {
			unsigned char *der = NULL;
			int len = i2d_X509(sk_X509_value(sk, i), &der);
			unsigned char hdr[4];

			if (len <= 0)
				continue;
			hdr[0] = (unsigned char)(len >> 24);
			hdr[1] = (unsigned char)(len >> 16);
			hdr[2] = (unsigned char)(len >> 8);
			hdr[3] = (unsigned char)len;
			strbuf_add(chain, (const char *)hdr, 4);
			strbuf_add(chain, (const char *)der, (size_t)len);
			OPENSSL_free(der);
		}
	}
	(void)SSL_shutdown(ssl);
	r = 0;
out:
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	return r;
}
