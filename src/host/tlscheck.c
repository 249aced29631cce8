/*
 * tlscheck.c - TLS certificates and endpoints of a host.
 *
 * Certificates come from the service configurations of the scanned root
 * (OpenVPN `cert`, Apache `SSLCertificateFile`, nginx `ssl_certificate`,
 * haproxy `bind ... crt`), read inside the root, and from --tls-cert files.
 * Each certificate of a file is checked for key size, signature algorithm
 * and validity; the first one (the service's own) also for being
 * self-signed.  CA bundles are not read: a root CA is self-signed by nature.
 *
 * Endpoints (--tls-endpoint [NAME@]HOST:PORT) are probed once per protocol
 * version, TLS 1.0 to 1.3, each offered alone (src/util/tls.c), and the
 * certificate served with the newest accepted version is checked as above
 * and against NAME (or HOST).
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/netchecks.h"

#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host/checks.h"
#include "util/timeutil.h"
#include "util/tls.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define TLS_CERT_MAX ((size_t)1 << 20)
#define TLS_CERTS_PER_FILE 16

static const enum rule_id tls_rules[] = {
	RULE_HOST_TLS_SELF_SIGNED, RULE_HOST_TLS_KEY_SIZE,
	RULE_HOST_TLS_SIGNATURE, RULE_HOST_TLS_EXPIRY, RULE_HOST_TLS_HOSTNAME,
	RULE_HOST_TLS_PROTOCOL,
};

struct tls_state {
	struct host_ctx *c;
	const struct host_net_opts *o;
	time_t now;
	size_t checked[ARRAY_SIZE(tls_rules)]; /* verdicts per rule */
};

static size_t
tls_rule_index(enum rule_id id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tls_rules); i++)
		if (tls_rules[i] == id)
			return i;
	return 0;
}

static void
tls_pass(struct tls_state *s, enum rule_id id, const char *object)
{
	s->checked[tls_rule_index(id)]++;
	if (host_rule_on(s->c, id))
		host_pass(s->c, id, object);
}

static void
tls_fail(struct tls_state *s, enum rule_id id, int severity, const char *file,
    const char *object, const char *evidence, const char *expected,
    const char *message)
{
	struct finding f = {
		.rule = id,
		.status = STATUS_FAIL,
		.severity = severity,
		.file = file,
		.object = object,
		.evidence = evidence,
		.expected = expected,
		.message = message,
	};

	s->checked[tls_rule_index(id)]++;
	if (host_rule_on(s->c, id))
		host_add(s->c, &f);
}

static const char *
subject_text(struct host_ctx *c, X509 *x)
{
	char buf[256];

	X509_NAME_oneline(X509_get_subject_name(x), buf, sizeof(buf));
	return host_printf(c, "%s", buf);
}

static int
asn1_time(const ASN1_TIME *t, time_t *out)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return -1;
	*out = timegm(&tm);
	return 0;
}

/*
 * Check one certificate: where names the file or endpoint, idx its place in
 * the chain (0 = the service's own).
 */
static void
check_cert(struct tls_state *s, X509 *x, const char *file, const char *where,
    int idx)
{
	struct host_ctx *c = s->c;
	const char *obj = idx == 0 ? where :
	    host_printf(c, "%s (certificate %d of the chain)", where, idx + 1);
	const char *subj = subject_text(c, x);
	EVP_PKEY *key = X509_get0_pubkey(x);
	int nid = X509_get_signature_nid(x), md = NID_undef, pk = NID_undef;
	time_t nb, na;
	char d1[32];

	/* Key type and size. */
	if (key != NULL) {
		int type = EVP_PKEY_get_base_id(key);
		int bits = EVP_PKEY_get_bits(key);
		int min = type == EVP_PKEY_RSA || type == EVP_PKEY_DSA ? 2048 :
		    type == EVP_PKEY_EC ? 256 :
					  0;
		const char *name = type == EVP_PKEY_RSA ? "RSA" :
		    type == EVP_PKEY_DSA		    ? "DSA" :
		    type == EVP_PKEY_EC			    ? "EC" :
							      OBJ_nid2sn(type);

		if (min > 0 && bits < min)
			tls_fail(s, RULE_HOST_TLS_KEY_SIZE, -1, file, obj,
			    host_printf(c, "%s %d bits (%s)", name, bits, subj),
			    type == EVP_PKEY_EC ? "EC of at least 256 bits" :
						  "RSA of at least 2048 bits",
			    host_printf(c, "the certificate's key is %s of only %d bits",
				name, bits));
		else
			tls_pass(s, RULE_HOST_TLS_KEY_SIZE, obj);
	}
	/* Signature algorithm; a self-signed root's own signature is moot. */
	if (OBJ_find_sigid_algs(nid, &md, &pk) == 1 &&
	    (md == NID_sha1 || md == NID_md5 || md == NID_md4 ||
		md == NID_md5_sha1))
		tls_fail(s, RULE_HOST_TLS_SIGNATURE, -1, file, obj,
		    host_printf(c, "%s (%s)", OBJ_nid2ln(nid), subj),
		    "a SHA-256 or stronger signature",
		    host_printf(c, "the certificate is signed with %s",
			OBJ_nid2sn(md)));
	else
		tls_pass(s, RULE_HOST_TLS_SIGNATURE, obj);
	/* Validity against the scan time. */
	if (asn1_time(X509_get0_notBefore(x), &nb) == 0 &&
	    asn1_time(X509_get0_notAfter(x), &na) == 0) {
		long window = (long)s->o->tls_expiry_days * 86400L;

		if (na < s->now)
			tls_fail(s, RULE_HOST_TLS_EXPIRY, -1, file, obj,
			    host_printf(c, "not after %s (%s)",
				rp_time_iso(na, d1, sizeof(d1)), subj),
			    "a certificate valid now",
			    "the certificate has expired");
		else if (nb > s->now)
			tls_fail(s, RULE_HOST_TLS_EXPIRY, -1, file, obj,
			    host_printf(c, "not before %s (%s)",
				rp_time_iso(nb, d1, sizeof(d1)), subj),
			    "a certificate valid now",
			    "the certificate is not valid yet");
		else if ((long)(na - s->now) < window)
			tls_fail(s, RULE_HOST_TLS_EXPIRY, SEV_LOW, file, obj,
			    host_printf(c, "not after %s (%s)",
				rp_time_iso(na, d1, sizeof(d1)), subj),
			    host_printf(c, "valid for more than %d days",
				s->o->tls_expiry_days),
			    host_printf(c, "the certificate expires in %ld day(s)",
				(long)((na - s->now) / 86400)));
		else
			tls_pass(s, RULE_HOST_TLS_EXPIRY, obj);
	}
	if (idx != 0)
		return;
	if (X509_self_signed(x, 1) == 1)
		tls_fail(s, RULE_HOST_TLS_SELF_SIGNED, -1, file, obj, subj,
		    "a certificate issued by a CA",
		    "the service's certificate is self-signed: clients cannot verify it");
	else
		tls_pass(s, RULE_HOST_TLS_SELF_SIGNED, obj);
}

/* Every certificate of a PEM text; returns how many were read. */
static int
check_pem(struct tls_state *s, const char *text, size_t len, const char *file)
{
	BIO *bio = BIO_new_mem_buf(text, (int)len);
	X509 *x;
	int n = 0;

	while (bio != NULL && n < TLS_CERTS_PER_FILE &&
	    (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		check_cert(s, x, file, file, n);
		X509_free(x);
		n++;
	}
	BIO_free(bio);
	ERR_clear_error();
	return n;
}

static void
cert_error(struct tls_state *s, const char *file, const struct rp_diag *d)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tls_rules); i++)
		if (tls_rules[i] != RULE_HOST_TLS_HOSTNAME &&
		    tls_rules[i] != RULE_HOST_TLS_PROTOCOL &&
		    host_rule_on(s->c, tls_rules[i])) {
			host_error(s->c, tls_rules[i], file, d);
			s->checked[i]++;
		}
}

/* A certificate file under the root, named by a service configuration. */
static void
check_root_file(struct tls_state *s, const char *path, const char *conf,
    unsigned line)
{
	struct strbuf text = STRBUF_INIT;
	struct rp_diag d;
	int r;

	rp_diag_init(&d);
	r = host_read(s->c, path, TLS_CERT_MAX, &text, &d);
	if (r == 0 && check_pem(s, text.buf, text.len, path) == 0)
		r = rp_diag_fail(&d, RP_EPARSE, path, 0,
		    "no PEM certificate in the file");
	if (r != 0) {
		struct rp_diag d2;

		rp_diag_init(&d2);
		rp_diag_fail(&d2, r, conf, line, "%s: %s", path, d.msg);
		cert_error(s, path, &d2);
	}
	strbuf_release(&text);
}

/* A --tls-cert file (a local path, not under the root). */
static void
check_local_file(struct tls_state *s, const char *path)
{
	struct strbuf text = STRBUF_INIT;
	struct rp_diag d;
	char buf[8192];
	ssize_t n;
	int fd, r = 0;

	rp_diag_init(&d);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		r = rp_diag_fail(&d, rp_from_errno(errno), path, 0, "%s",
		    strerror(errno));
	} else {
		while ((n = read(fd, buf, sizeof(buf))) > 0 &&
		    text.len < TLS_CERT_MAX)
			strbuf_add(&text, buf, (size_t)n);
		if (n < 0)
			r = rp_diag_fail(&d, RP_EIO, path, 0, "%s",
			    strerror(errno));
		close(fd);
	}
	if (r == 0 && check_pem(s, text.buf, text.len, path) == 0)
		r = rp_diag_fail(&d, RP_EPARSE, path, 0,
		    "no PEM certificate in the file");
	if (r != 0)
		cert_error(s, path, &d);
	strbuf_release(&text);
}

/*
 * Service configurations naming certificates: glob, the directive, and
 * whether relative paths are taken from the configuration's directory.
 */
static const struct {
	const char *glob;
	const char *keyword; /* "crt" is a bind option, anywhere on a line */
	int relative;
} tls_confs[] = {
	{ "/etc/openvpn/*.conf", "cert", 1 },
	{ "/etc/openvpn/server/*.conf", "cert", 1 },
	{ "/etc/apache2/sites-enabled/*", "SSLCertificateFile", 0 },
	{ "/etc/nginx/sites-enabled/*", "ssl_certificate", 0 },
	{ "/etc/nginx/nginx.conf", "ssl_certificate", 0 },
	{ "/etc/haproxy/haproxy.cfg", "crt", 0 },
};

/* The path after keyword on one line, or NULL; *n its length. */
static const char *
directive_arg(const char *line, size_t len, const char *keyword, int anywhere,
    size_t *n)
{
	size_t kl = strlen(keyword), i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i < len && (line[i] == '#' || line[i] == ';'))
		return NULL;
	for (; i + kl < len; i++) {
		if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t') &&
		    strncasecmp(line + i, keyword, kl) == 0 &&
		    (line[i + kl] == ' ' || line[i + kl] == '\t')) {
			const char *p = line + i + kl;
			const char *end = line + len;

			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			if (p < end && *p == '"') {
				const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));

				if (q == NULL)
					return NULL;
				*n = (size_t)(q - p - 1);
				return p + 1;
			}
			*n = strcspn(p, " \t;\r");
			if (p + *n > end)
				*n = (size_t)(end - p);
			return *n > 0 ? p : NULL;
		}
		if (!anywhere)
			break;
	}
	return NULL;
}

static void
scan_configs(struct tls_state *s, size_t *nfiles)
{
	struct host_ctx *c = s->c;
	size_t k, i;

	for (k = 0; k < ARRAY_SIZE(tls_confs); k++) {
		char **paths = NULL;
		size_t n = 0;
		struct rp_diag d;

		rp_diag_init(&d);
		if (rootfs_glob(&c->root, tls_confs[k].glob, &paths, &n, &d) !=
		    0)
			continue;
		for (i = 0; i < n; i++) {
			struct strbuf text = STRBUF_INIT;
			const char *p;
			unsigned line = 0;

			rp_diag_init(&d);
			if (host_read(c, paths[i], ROOTFS_READ_MAX, &text, &d) !=
			    0) {
				strbuf_release(&text);
				continue;
			}
			for (p = text.buf; *p != '\0';) {
				size_t len = strcspn(p, "\n"), an;
				const char *a = directive_arg(p, len,
				    tls_confs[k].keyword,
				    strcmp(tls_confs[k].keyword, "crt") == 0,
				    &an);

				line++;
				if (a != NULL) {
					const char *slash = strrchr(paths[i], '/');
					char *path;

					if (a[0] == '/' || !tls_confs[k].relative)
						path = xasprintf("%.*s", (int)an, a);
					else
						path = xasprintf("%.*s/%.*s",
						    (int)(slash - paths[i]),
						    paths[i], (int)an, a);
					check_root_file(s, path, paths[i], line);
					free(path);
					(*nfiles)++;
				}
				p += len;
				if (*p == '\n')
					p++;
			}
			strbuf_release(&text);
		}
		for (i = 0; i < n; i++)
			free(paths[i]);
		free(paths);
	}
}

/* Connect to host:port within timeout_ms; a socket or a negative RP_E*. */
static int
dial(const char *host, const char *port, int timeout_ms, struct rp_diag *d)
{
	struct addrinfo hints, *res = NULL, *ai;
	int fd = -1, gai, r = RP_ECONN;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	gai = getaddrinfo(host, port, &hints, &res);
	if (gai != 0)
		return rp_diag_fail(d, RP_ECONN, host, 0, "%s",
		    gai_strerror(gai));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		struct pollfd pfd;
		int err = 0;
		socklen_t el = sizeof(err);

		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd < 0)
			continue;
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 &&
		    errno != EINPROGRESS) {
			err = errno;
		} else {
			pfd.fd = fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, timeout_ms) != 1)
				err = ETIMEDOUT;
			else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err,
				     &el) != 0)
				err = errno;
		}
		if (err == 0) {
			/* The probes run on a blocking socket. */
			fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
			freeaddrinfo(res);
			return fd;
		}
		rp_diag_fail(d, err == ETIMEDOUT ? RP_ETIMEDOUT : RP_ECONN,
		    host, 0, "connect to port %s: %s", port, strerror(err));
		r = err == ETIMEDOUT ? RP_ETIMEDOUT : RP_ECONN;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return r;
}

static void
check_endpoint(struct tls_state *s, const char *spec)
{
	static const struct {
		int version;
		const char *name;
		int weak;
	} versions[] = {
		{ 0x0301, "TLSv1", 1 },
		{ 0x0302, "TLSv1.1", 1 },
		{ 0x0303, "TLSv1.2", 0 },
		{ 0x0304, "TLSv1.3", 0 },
	};
	struct host_ctx *c = s->c;
	const char *at = strchr(spec, '@');
	const char *hostport = at != NULL ? at + 1 : spec;
	const char *colon = strrchr(hostport, ':');
	char *host, *port, *name;
	struct strbuf chain = STRBUF_INIT, accepted = STRBUF_INIT,
		      weak = STRBUF_INIT;
	const char *obj = host_printf(c, "endpoint %s", spec);
	struct rp_diag d;
	size_t v;
	int any = 0, ip;

	host = xstrndup(hostport, (size_t)(colon - hostport));
	if (host[0] == '[') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	port = xstrdup(colon + 1);
	name = at != NULL ? xstrndup(spec, (size_t)(at - spec)) : xstrdup(host);
	rp_diag_init(&d);
	for (v = 0; v < ARRAY_SIZE(versions); v++) {
		int fd = dial(host, port, s->o->tls_timeout_ms, &d);

		if (fd < 0) {
			if (host_rule_on(c, RULE_HOST_TLS_PROTOCOL))
				host_error(c, RULE_HOST_TLS_PROTOCOL, obj, &d);
			s->checked[tls_rule_index(RULE_HOST_TLS_PROTOCOL)]++;
			goto out;
		}
		rp_diag_init(&d);
		if (tls_probe(fd, name, versions[v].version,
			s->o->tls_timeout_ms, NULL, &d) == 0) {
			strbuf_addf(&accepted, "%s%s", accepted.len ? ", " : "",
			    versions[v].name);
			if (versions[v].weak)
				strbuf_addf(&weak, "%s%s", weak.len ? ", " : "",
				    versions[v].name);
			any = 1;
		}
		close(fd);
	}
	if (!any) {
		rp_diag_fail(&d, RP_ETLS, spec, 0,
		    "no TLS version from 1.0 to 1.3 was accepted");
		if (host_rule_on(c, RULE_HOST_TLS_PROTOCOL))
			host_error(c, RULE_HOST_TLS_PROTOCOL, obj, &d);
		s->checked[tls_rule_index(RULE_HOST_TLS_PROTOCOL)]++;
		goto out;
	}
	if (weak.len > 0)
		tls_fail(s, RULE_HOST_TLS_PROTOCOL, -1, NULL, obj,
		    host_printf(c, "accepted: %s", accepted.buf),
		    "TLS 1.2 or newer only",
		    host_printf(c, "the endpoint accepts %s", weak.buf));
	else
		tls_pass(s, RULE_HOST_TLS_PROTOCOL, obj);
	/* The certificate as served with the newest version accepted. */
	for (v = ARRAY_SIZE(versions); v-- > 0;) {
		int fd = dial(host, port, s->o->tls_timeout_ms, &d);
		int ok;

		if (fd < 0)
			break;
		strbuf_reset(&chain);
		rp_diag_init(&d);
		ok = tls_probe(fd, name, versions[v].version,
		    s->o->tls_timeout_ms, &chain, &d) == 0;
		close(fd);
		if (ok)
			break;
	}
	{
		const unsigned char *p = (const unsigned char *)chain.buf;
		const unsigned char *end = p + chain.len;
		int idx = 0;

		while (end - p >= 4) {
			size_t len = (size_t)p[0] << 24 | (size_t)p[1] << 16 |
			    (size_t)p[2] << 8 | p[3];
			const unsigned char *der = p + 4;
			X509 *x;

			if ((size_t)(end - der) < len)
				break;
			x = d2i_X509(NULL, &der, (long)len);
			if (x == NULL)
				break;
			check_cert(s, x, NULL, obj, idx);
			if (idx == 0) {
				ip = strspn(name, "0123456789.") == strlen(name) ||
				    strchr(name, ':') != NULL;
				if ((ip ? X509_check_ip_asc(x, name, 0) :
					  X509_check_host(x, name, 0,
					      X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS,
					      NULL)) == 1)
					tls_pass(s, RULE_HOST_TLS_HOSTNAME, obj);
				else
					tls_fail(s, RULE_HOST_TLS_HOSTNAME, -1,
					    NULL, obj,
					    host_printf(c, "%s", subject_text(c, x)),
					    host_printf(c, "a certificate for %s",
						name),
					    host_printf(c,
						"the certificate does not name %s",
						name));
			}
			X509_free(x);
			p += 4 + len;
			idx++;
		}
	}
out:
	strbuf_release(&chain);
	strbuf_release(&accepted);
	strbuf_release(&weak);
	free(host);
	free(port);
	free(name);
}

void
host_run_tls(struct host_ctx *c)
{
	static const struct host_net_opts defaults = {
		.tls_expiry_days = HOST_TLS_EXPIRY_DAYS,
		.tls_timeout_ms = HOST_TLS_TIMEOUT_MS,
		.token_max = HOST_TOKEN_MAX_SECONDS,
	};
	struct tls_state s;
	size_t i, nfiles = 0;

	memset(&s, 0, sizeof(s));
	s.c = c;
	s.o = c->opts->net != NULL ? c->opts->net : &defaults;
	s.now = rp_now();
	scan_configs(&s, &nfiles);
	for (i = 0; i < s.o->ntls_certs; i++)
		check_local_file(&s, s.o->tls_certs[i]);
	for (i = 0; i < s.o->ntls_endpoints; i++)
		check_endpoint(&s, s.o->tls_endpoints[i]);
	for (i = 0; i < ARRAY_SIZE(tls_rules); i++)
		if (s.checked[i] == 0 && host_rule_on(c, tls_rules[i]))
			host_na(c, tls_rules[i], NULL, "%s",
			    tls_rules[i] == RULE_HOST_TLS_HOSTNAME ||
				    tls_rules[i] == RULE_HOST_TLS_PROTOCOL ?
				"no TLS endpoint given (--tls-endpoint)" :
				"no certificate found in service configurations or given with --tls-cert");
}
