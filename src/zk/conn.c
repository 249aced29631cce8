/*
 * conn.c - ZooKeeper client connections: handshake, authentication,
 * pipelined requests, pings and connection loss.
 *
 * The socket is non-blocking from the start.  The opening phases
 * (ConnectRequest, SASL, AuthPackets, whoAmI) run one request at a time
 * with a deadline; after that requests are pipelined up to the window and
 * replies are matched against a FIFO of outstanding xids.  Received bytes
 * collect in one input buffer, capped at the frame limit, and every frame
 * is decoded through util/buf.h.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/conn.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#include "util/banned.h"

#define READ_CHUNK      (64 * 1024)
#define SERVER_NAME_MAX 300

struct pending {
	int32_t xid;
	int32_t op;
	uint64_t tag;
};

struct zk_conn {
	/* Configuration (owned copies). */
	struct zk_server *servers;
	size_t nservers;
	size_t cur; /* index of the server in use or last tried */
	struct zk_conn_opts o;
	struct zk_auth *auth;
	char *chroot;
	struct tls_ctx *tls_ctx;

	/* The connection. */
	int fd;
	int up;
	struct tls_conn *tls;
	char where[SERVER_NAME_MAX];
	char tls_desc[128];

	/* The session. */
	int64_t session_id;
	unsigned char passwd[ZK_PASSWD_LEN];
	int32_t neg_timeout;
	int read_only;
	int64_t last_zxid;
	int32_t next_xid;
	unsigned reconnects;

	/* I/O state. */
	struct strbuf out;
	size_t out_off; /* bytes of out already written */
	unsigned char *in;
	size_t in_len, in_alloc;
	int tls_want_write; /* a TLS read needs the socket writable */
	int in_dirty;       /* bytes in `in` not yet looked at by dispatch */
	double last_send, last_recv;

	/* Outstanding requests: a ring buffer. */
	struct pending *q;
	size_t qhead, qlen, qalloc;

	/* whoAmI result. */
	struct arena ids_arena;
	struct zk_client_info *ids;
	size_t nids;

	struct strbuf path; /* scratch: chroot + path */
};

void
zk_conn_opts_init(struct zk_conn_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->timeout_ms = 30000;
	o->connect_timeout_ms = 10000;
	o->read_only_ok = 1;
	o->window = 128;
	zk_limits_default(&o->limits);
}

/* Connect strings, auth specs. */

void
zk_servers_free(struct zk_server *s, size_t n)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(s[i].host);
		free(s[i].port);
	}
	free(s);
}

static int
parse_port(const char *p, size_t len)
{
	long v = 0;
	size_t i;

	if (len == 0 || len > 5)
		return -1;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v >= 1 && v <= 65535 ? (int)v : -1;
}

static int
parse_one_server(const char *s, size_t len, struct zk_server *out,
    struct rp_diag *d)
{
	const char *host = s, *port = NULL, *colon;
	size_t hlen = len, plen = 0;

	if (len > 0 && s[0] == '[') {
		const char *rb = memchr(s, ']', len);

		if (rb == NULL)
			return rp_diag_fail(d, RP_EINVAL, NULL, 0,
			    "server '%.*s': missing ']'", (int)len, s);
		host = s + 1;
		hlen = (size_t)(rb - s) - 1;
		if ((size_t)(rb - s) + 1 < len) {
			if (rb[1] != ':')
				return rp_diag_fail(d, RP_EINVAL, NULL, 0,
				    "server '%.*s': expected ':' after ']'",
				    (int)len, s);
			port = rb + 2;
			plen = len - (size_t)(port - s);
		}
	} else {
		colon = memchr(s, ':', len);
		if (colon != NULL) {
			if (memchr(colon + 1, ':',
			        len - (size_t)(colon - s) - 1) != NULL)
				return rp_diag_fail(d, RP_EINVAL, NULL, 0,
				    "server '%.*s': write IPv6 addresses as [ADDR]:PORT",
				    (int)len, s);
			hlen = (size_t)(colon - s);
			port = colon + 1;
			plen = len - hlen - 1;
		}
	}
	if (hlen == 0)
		return rp_diag_fail(d, RP_EINVAL, NULL, 0,
		    "server '%.*s': empty host", (int)len, s);
	if (port != NULL && parse_port(port, plen) < 0)
		return rp_diag_fail(d, RP_EINVAL, NULL, 0,
		    "server '%.*s': port must be a number from 1 to 65535",
		    (int)len, s);
	out->host = xstrndup(host, hlen);
	out->port = port != NULL ? xstrndup(port, plen) : xstrdup("2181");
	return 0;
}

int
zk_servers_parse(const char *spec, struct zk_server **out, size_t *n,
    char **chroot, struct rp_diag *d)
{
	struct zk_server *v = NULL;
	size_t nv = 0, alloc = 0, len;
	const char *p, *end, *slash;
	int r = RP_EINVAL;

	*out = NULL;
	*n = 0;
	if (chroot != NULL)
		*chroot = NULL;
	if (spec == NULL || *spec == '\0')
		return rp_diag_fail(d, RP_EINVAL, NULL, 0, "empty server list");
	slash = strchr(spec, '/');
	end = slash != NULL ? slash : spec + strlen(spec);
	for (p = spec; p < end;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));

		len = comma != NULL ? (size_t)(comma - p) : (size_t)(end - p);
		ALLOC_GROW(v, nv + 1, alloc);
		if ((r = parse_one_server(p, len, &v[nv], d)) != 0)
			goto out;
		nv++;
		p += len + (comma != NULL);
		if (comma != NULL && p == end) {
			r = rp_diag_fail(d, RP_EINVAL, NULL, 0,
			    "server list ends with ','");
			goto out;
		}
	}
	if (nv == 0) {
		r = rp_diag_fail(d, RP_EINVAL, NULL, 0, "no server given");
		goto out;
	}
	if (slash != NULL) {
		if ((r = zk_path_validate(slash, d)) != 0) {
			rp_diag_fail(d, RP_EINVAL, NULL, 0,
			    "chroot '%s' is not a valid znode path", slash);
			goto out;
		}
		if (chroot != NULL && strcmp(slash, "/") != 0)
			*chroot = xstrdup(slash);
	}
	*out = v;
	*n = nv;
	v = NULL;
	nv = 0;
	r = 0;
out:
	zk_servers_free(v, nv);
	return r;
}

int
zk_auth_parse(const char *spec, struct zk_auth *a, struct rp_diag *d)
{
	const char *colon = spec != NULL ? strchr(spec, ':') : NULL;

	memset(a, 0, sizeof(*a));
	if (colon == NULL || colon == spec || colon[1] == '\0')
		return rp_diag_fail(d, RP_EINVAL, NULL, 0,
		    "auth must be SCHEME:CREDENTIAL, e.g. digest:USER:PASSWORD");
	if ((size_t)(colon - spec) == 6 && strncmp(spec, "digest", 6) == 0) {
		const char *c2 = strchr(colon + 1, ':');

		if (c2 == NULL || c2 == colon + 1)
			return rp_diag_fail(d, RP_EINVAL, NULL, 0,
			    "digest auth must be digest:USER:PASSWORD");
	}
	a->scheme = xstrndup(spec, (size_t)(colon - spec));
	a->cred = xstrdup(colon + 1);
	return 0;
}

void
zk_auth_release(struct zk_auth *a)
{
	if (a->cred != NULL) {
		explicit_bzero(a->cred, strlen(a->cred));
		free(a->cred);
	}
	free(a->scheme);
	memset(a, 0, sizeof(*a));
}

const char *
zk_auth_display(const struct zk_auth *a, char *buf, size_t n)
{
	const char *c = a->cred != NULL ? strchr(a->cred, ':') : NULL;

	if (c != NULL)
		snprintf(buf, n, "%s:%.*s:***", a->scheme, (int)(c - a->cred),
		    a->cred);
	else
		snprintf(buf, n, "%s:***", a->scheme);
	return buf;
}

/* Diagnostics: every message from here names the server. */

static int conn_fail(struct zk_conn *c, struct rp_diag *d, int err,
    const char *fmt, ...) RP_PRINTF(4, 5);

static int
conn_fail(struct zk_conn *c, struct rp_diag *d, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rp_diag_vfail(d, err, c->where, 0, fmt, ap);
	va_end(ap);
	return err;
}

/* Give a diagnostic filled by a lower layer (no where) the server name. */
static int
conn_where(struct zk_conn *c, struct rp_diag *d, int err)
{
	if (d != NULL && d->where[0] == '\0')
		snprintf(d->where, sizeof(d->where), "%s", c->where);
	return err;
}

/* Low-level I/O. */

static void
drop_socket(struct zk_conn *c)
{
	tls_conn_free(c->tls);
	c->tls = NULL;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->up = 0;
	strbuf_reset(&c->out);
	c->out_off = 0;
	c->in_len = 0;
	c->tls_want_write = 0;
}

/* Write what is queued.  0 when all is out or the socket is full. */
static int
flush_out(struct zk_conn *c, struct rp_diag *d)
{
	while (c->out_off < c->out.len) {
		size_t left = c->out.len - c->out_off;
		ssize_t n;

		if (c->tls != NULL) {
			n = tls_write(c->tls, &c->out.buf[c->out_off], left, d);
			if (n == TLS_WANT_WRITE || n == TLS_WANT_READ)
				return 0;
			if (n < 0)
				return conn_where(c, d, (int)n);
		} else {
			n = send(c->fd, &c->out.buf[c->out_off], left,
			    MSG_NOSIGNAL);
			if (n < 0) {
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					return 0;
				if (errno == EINTR)
					continue;
				return conn_fail(c, d, RP_ECONN, "sending: %s",
				    strerror(errno));
			}
		}
		c->out_off += (size_t)n;
		c->last_send = rp_monotonic();
	}
	strbuf_reset(&c->out);
	c->out_off = 0;
	return 0;
}

/*
 * Read what the socket has.  Returns the number of bytes read (possibly 0
 * when it would block), or RP_ECLOSED on EOF, or an error.
 */
static int
fill_in(struct zk_conn *c, struct rp_diag *d)
{
	size_t total = 0, cap = c->o.limits.max_frame + 4;

	c->tls_want_write = 0;
	for (;;) {
		ssize_t n;

		if (c->in_alloc - c->in_len < READ_CHUNK / 4) {
			size_t want = c->in_alloc * 2 > READ_CHUNK ?
			    c->in_alloc * 2 :
			    READ_CHUNK;

			if (want > cap + READ_CHUNK)
				want = cap + READ_CHUNK;
			if (want <= c->in_alloc)
				return total > 0 ?
				    (int)(total & 0x7fffffff) :
				    0; /* full: the frame check decides */
			c->in = xrealloc(c->in, want);
			c->in_alloc = want;
		}
		if (c->tls != NULL) {
			n = tls_read(c->tls, &c->in[c->in_len],
			    c->in_alloc - c->in_len, d);
			if (n == TLS_WANT_READ)
				break;
			if (n == TLS_WANT_WRITE) {
				c->tls_want_write = 1;
				break;
			}
			if (n < 0)
				return conn_where(c, d, (int)n);
		} else {
			n = recv(c->fd, &c->in[c->in_len],
			    c->in_alloc - c->in_len, 0);
			if (n < 0) {
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					break;
				if (errno == EINTR)
					continue;
				return conn_fail(c, d, RP_ECONN,
				    "receiving: %s", strerror(errno));
			}
		}
		if (n == 0 && total > 0)
			break; /* use the data first; EOF shows again next time
			        */
		if (n == 0)
			return conn_fail(c, d, RP_ECLOSED,
			    "the server closed the connection");
		c->in_len += (size_t)n;
		total += (size_t)n;
		c->last_recv = rp_monotonic();
		if (total >= (size_t)16 << 20)
			break; /* let the caller dispatch */
	}
	return total > 0 ? 1 : 0;
}

static void
compact_in(struct zk_conn *c, size_t used)
{
	if (used == 0)
		return;
	if (used < c->in_len)
		memmove(c->in, &c->in[used], c->in_len - used);
	c->in_len -= used;
}

/* Wait for the socket; RP_ETIMEDOUT past the deadline (monotonic s). */
static int
wait_io(struct zk_conn *c, short events, double deadline, struct rp_diag *d)
{
	struct pollfd p = { .fd = c->fd, .events = events };
	double left;
	int r;

	if (c->tls != NULL && (events & POLLIN) && tls_pending(c->tls) > 0)
		return 0;
	for (;;) {
		left = deadline - rp_monotonic();
		if (left <= 0)
			return conn_fail(c, d, RP_ETIMEDOUT,
			    "no answer from the server in time");
		r = poll(&p, 1, (int)(left * 1000) + 1);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return conn_fail(c, d, RP_ECONN, "poll: %s",
			    strerror(errno));
	}
}

/*
 * Opening phase: flush, then read until one whole frame is there, which is
 * returned in frame (borrowed until *consumed bytes are compacted away).
 */
static int
sync_frame(struct zk_conn *c, double deadline, struct buf *frame,
    size_t *consumed, struct rp_diag *d)
{
	struct buf in;
	int r;

	for (;;) {
		if ((r = flush_out(c, d)) != 0)
			return r;
		if (c->out.len > 0) {
			if ((r = wait_io(c, POLLOUT, deadline, d)) != 0)
				return r;
			continue;
		}
		buf_init(&in, c->in, c->in_len);
		r = zk_frame_split(&in, c->o.limits.max_frame, frame, d);
		if (r < 0)
			return conn_where(c, d, r);
		if (r == 1) {
			*consumed = in.off;
			return 0;
		}
		if ((r = wait_io(c, POLLIN, deadline, d)) != 0)
			return r;
		if ((r = fill_in(c, d)) < 0) {
			if (r == RP_ECLOSED)
				return conn_fail(c, d, RP_ECLOSED,
				    "the server closed the connection during the handshake (not serving yet, or a TLS port without --tls)");
			return r;
		}
	}
}

/* Copy what is left of a frame into the arena, as a new cursor. */
static void
copy_body(struct buf *frame, struct arena *a, struct buf *out)
{
	size_t n = buf_remaining(frame);
	const void *p = NULL;

	if (n > 0 && buf_get_raw(frame, n, &p) == 0)
		buf_init(out, arena_memdup(a, p, n), n);
	else
		buf_init(out, NULL, 0);
}

/*
 * Opening phase: wait for the reply with this xid, skipping notifications
 * and pings.  The body is copied to a (the input buffer moves on).
 */
static int
sync_reply(struct zk_conn *c, int32_t xid, double deadline, struct arena *a,
    struct zk_reply_hdr *h, struct buf *body, struct rp_diag *d)
{
	struct buf frame;
	size_t used;
	int r;

	for (;;) {
		if ((r = sync_frame(c, deadline, &frame, &used, d)) != 0)
			return r;
		if ((r = zk_dec_reply_hdr(&frame, h, d)) != 0)
			return conn_where(c, d, r);
		if (h->zxid > c->last_zxid)
			c->last_zxid = h->zxid;
		if (h->xid == ZK_XID_NOTIFICATION || h->xid == ZK_XID_PING) {
			compact_in(c, used);
			continue;
		}
		if (h->xid != xid) {
			compact_in(c, used);
			return conn_fail(c, d, RP_EPROTO,
			    "reply xid %ld does not match the request xid %ld",
			    (long)h->xid, (long)xid);
		}
		copy_body(&frame, a, body);
		compact_in(c, used);
		return 0;
	}
}

static int32_t
take_xid(struct zk_conn *c)
{
	int32_t x = c->next_xid;

	c->next_xid = x == INT32_MAX ? 1 : x + 1;
	return x;
}

static int
tcp_connect(struct zk_conn *c, const struct zk_server *s, double deadline,
    struct rp_diag *d)
{
	struct addrinfo hints, *res = NULL, *ai;
	int fd = -1, r = RP_ECONN, gai, one = 1, soerr;
	socklen_t sl;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	gai = getaddrinfo(s->host, s->port, &hints, &res);
	if (gai != 0)
		return conn_fail(c, d, RP_ECONN, "cannot resolve host: %s",
		    gai_strerror(gai));
	r = conn_fail(c, d, RP_ECONN, "no address to connect to");
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family,
		    ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd < 0) {
			r = conn_fail(c, d, RP_ECONN, "socket: %s",
			    strerror(errno));
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 &&
		    errno != EINPROGRESS) {
			r = conn_fail(c, d, RP_ECONN, "connect: %s",
			    strerror(errno));
			close(fd);
			fd = -1;
			continue;
		}
		c->fd = fd;
		if ((r = wait_io(c, POLLOUT, deadline, d)) != 0) {
			close(fd);
			c->fd = fd = -1;
			continue;
		}
		sl = sizeof(soerr);
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 ||
		    soerr != 0) {
			r = conn_fail(c, d, RP_ECONN, "connect: %s",
			    strerror(soerr != 0 ? soerr : errno));
			close(fd);
			c->fd = fd = -1;
			continue;
		}
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof(one));
		r = 0;
		break;
	}
	freeaddrinfo(res);
	return r;
}

/* Run the SASL exchange (opcode 102) right after the handshake. */
static int
do_sasl(struct zk_conn *c, const struct zk_server *s, double deadline,
    struct rp_diag *d)
{
	struct zk_sasl *ss = NULL;
	struct zk_reply_hdr h;
	struct arena a;
	struct buf body;
	struct bstr tok;
	const void *out;
	size_t outlen;
	int done = 0, sent_final = 0, r, rounds = 0;
	int32_t xid;

	arena_init(&a, 0);
	if ((r = zk_sasl_start(&ss, &c->o.sasl, s->host, &out, &outlen, d)) !=
	    0) {
		conn_where(c, d, r);
		goto out;
	}
	for (;;) {
		if (++rounds > 16) {
			r = conn_fail(c, d, RP_EPROTO,
			    "SASL exchange did not finish after 16 rounds");
			goto out;
		}
		xid = take_xid(c);
		zk_enc_sasl(&c->out, xid, out, (int32_t)outlen);
		sent_final = done;
		if ((r = sync_reply(c, xid, deadline, &a, &h, &body, d)) != 0) {
			if (r == RP_ECLOSED)
				r = conn_fail(c, d, RP_EAUTH,
				    "SASL %s authentication failed: the server closed the connection",
				    zk_sasl_mech_name(c->o.sasl.mech));
			goto out;
		}
		if (h.err != 0) {
			r = conn_fail(c, d, RP_EAUTH,
			    "SASL %s authentication failed: the server answered %s (%s)",
			    zk_sasl_mech_name(c->o.sasl.mech),
			    zk_code_name(h.err), zk_code_msg(h.err));
			goto out;
		}
		if ((r = zk_dec_sasl(&body, &c->o.limits, &tok, d)) != 0) {
			conn_where(c, d, r);
			goto out;
		}
		if (sent_final)
			break; /* GSSAPI: the server's final (null) packet */
		if ((r = zk_sasl_step(ss, tok.p,
		         tok.len > 0 ? (size_t)tok.len : 0, &out, &outlen,
		         &done, d)) != 0) {
			conn_where(c, d, r);
			goto out;
		}
		if (done && out == NULL)
			break;
	}
	r = 0;
out:
	zk_sasl_free(ss);
	arena_release(&a);
	return r;
}

static int
do_auth_packets(struct zk_conn *c, double deadline, struct rp_diag *d)
{
	struct zk_reply_hdr h;
	struct arena a;
	struct buf body;
	size_t i;
	int r = 0;

	arena_init(&a, 0);
	for (i = 0; i < c->o.nauth; i++) {
		const struct zk_auth *au = &c->auth[i];
		char shown[256];

		zk_enc_auth(&c->out, au->scheme, au->cred,
		    (int32_t)strlen(au->cred));
		r = sync_reply(c, ZK_XID_AUTH, deadline, &a, &h, &body, d);
		if (r == RP_ECLOSED || (r == 0 && h.err != 0)) {
			r = conn_fail(c, d, RP_EAUTH,
			    "authentication as %s was refused: %s",
			    zk_auth_display(au, shown, sizeof(shown)),
			    r == 0 ? zk_code_msg(h.err) :
			             "the server closed the connection");
			goto out;
		}
		if (r != 0)
			goto out;
	}
out:
	arena_release(&a);
	return r;
}

static int
do_whoami(struct zk_conn *c, double deadline, struct rp_diag *d)
{
	struct zk_reply_hdr h;
	struct buf body;
	int32_t xid = take_xid(c);
	int r;

	arena_reset(&c->ids_arena);
	c->ids = NULL;
	c->nids = 0;
	zk_enc_header_only(&c->out, xid, ZK_OP_WHOAMI);
	if ((r = sync_reply(c, xid, deadline, &c->ids_arena, &h, &body, d)) !=
	    0)
		return r;
	if (h.err == ZK_UNIMPLEMENTED)
		return conn_fail(c, d, RP_ENOTSUP,
		    "the server does not implement whoAmI (ZooKeeper before 3.7)");
	if (h.err != 0)
		return conn_fail(c, d, RP_EPROTO, "whoAmI failed: %s",
		    zk_code_msg(h.err));
	if ((r = zk_dec_whoami(&body, &c->o.limits, &c->ids_arena, &c->ids,
	         &c->nids, d)) != 0)
		return conn_where(c, d, r);
	return 0;
}

/*
 * Connect to servers[idx] and establish (or resume) the session.
 * RP_ECHANGED means the session to resume has expired.
 */
static int
connect_one(struct zk_conn *c, size_t idx, struct rp_diag *d)
{
	const struct zk_server *s = &c->servers[idx];
	double deadline = rp_monotonic() + c->o.connect_timeout_ms / 1000.0;
	struct zk_connect_req req;
	struct zk_connect_resp resp;
	struct buf frame;
	size_t used;
	int r;

	drop_socket(c);
	c->cur = idx;
	if (strchr(s->host, ':') != NULL)
		snprintf(c->where, sizeof(c->where), "[%s]:%s", s->host,
		    s->port);
	else
		snprintf(c->where, sizeof(c->where), "%s:%s", s->host, s->port);
	if ((r = tcp_connect(c, s, deadline, d)) != 0)
		goto fail;
	if (c->tls_ctx != NULL) {
		int ms = (int)((deadline - rp_monotonic()) * 1000);

		r = tls_conn_new(&c->tls, c->tls_ctx, c->fd, s->host,
		    ms > 0 ? ms : 1, d);
		if (r != 0) {
			conn_where(c, d, r);
			goto fail;
		}
		tls_conn_describe(c->tls, c->tls_desc, sizeof(c->tls_desc));
	}
	memset(&req, 0, sizeof(req));
	req.timeout_ms = c->o.timeout_ms;
	req.read_only = c->o.read_only_ok;
	if (c->session_id != 0) {
		req.session_id = c->session_id;
		req.last_zxid_seen = c->last_zxid;
		memcpy(req.passwd, c->passwd, ZK_PASSWD_LEN);
	}
	zk_enc_connect(&c->out, &req);
	if ((r = sync_frame(c, deadline, &frame, &used, d)) != 0)
		goto fail;
	r = zk_dec_connect_resp(&frame, &resp, d);
	compact_in(c, used);
	if (r != 0) {
		conn_where(c, d, r);
		goto fail;
	}
	if (resp.timeout_ms <= 0 || resp.session_id == 0) {
		r = conn_fail(c, d, RP_ECHANGED, "the session has expired");
		goto fail;
	}
	c->session_id = resp.session_id;
	memcpy(c->passwd, resp.passwd, ZK_PASSWD_LEN);
	c->neg_timeout = resp.timeout_ms;
	c->read_only = resp.read_only;
	c->last_recv = c->last_send = rp_monotonic();
	/* Order as the server expects: SASL first, then AuthPackets. */
	if (c->o.sasl.mech != ZK_SASL_NONE &&
	    (r = do_sasl(c, s, deadline, d)) != 0)
		goto fail;
	if ((r = do_auth_packets(c, deadline, d)) != 0)
		goto fail;
	if (c->o.whoami && (r = do_whoami(c, deadline, d)) != 0)
		goto fail;
	c->up = 1;
	/* Bytes that came with the last handshake reply wait for dispatch. */
	c->in_dirty = c->in_len > 0;
	return 0;
fail:
	drop_socket(c);
	return r;
}

/*
 * Try the servers from start on, as many as there are.  A refused
 * authentication or a bad local setting stops at once: other members of
 * the same ensemble would answer the same.
 */
static int
connect_any(struct zk_conn *c, size_t start, struct rp_diag *d)
{
	size_t i, idx;
	int r = RP_ECONN;

	for (i = 0; i < c->nservers; i++) {
		idx = (start + i) % c->nservers;
		r = connect_one(c, idx, d);
		if (r == RP_ECHANGED) {
			/* Expired: start a new session on the same server. */
			c->session_id = 0;
			memset(c->passwd, 0, sizeof(c->passwd));
			r = connect_one(c, idx, d);
		}
		if (r == 0 || r == RP_EAUTH || r == RP_EINVAL ||
		    r == RP_ENOTSUP || r == RP_ENOENT)
			return r;
	}
	return r;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

int
zk_conn_open(struct zk_conn **out, const struct zk_server *servers, size_t n,
    size_t first, const struct zk_conn_opts *o, struct rp_diag *d)
{
	struct zk_conn *c;
	size_t i;
	int r;

	*out = NULL;
	if (n == 0)
		return rp_diag_fail(d, RP_EINVAL, NULL, 0, "no server given");
	c = xcalloc(1, sizeof(*c));
	c->fd = -1;
	c->next_xid = 1;
	strbuf_init(&c->out, 0);
	strbuf_init(&c->path, 0);
	arena_init(&c->ids_arena, 4096);
	c->servers = xcalloc(n, sizeof(*c->servers));
	for (i = 0; i < n; i++) {
		c->servers[i].host = xstrdup(servers[i].host);
		c->servers[i].port = xstrdup(servers[i].port);
	}
	c->nservers = n;
	c->o = *o;
	if (c->o.window == 0)
		c->o.window = 1;
	if (c->o.limits.max_frame == 0)
		zk_limits_default(&c->o.limits);
	c->chroot = o->chroot != NULL && strcmp(o->chroot, "/") != 0 ?
	    xstrdup(o->chroot) :
	    NULL;
	c->o.chroot = c->chroot;
	c->o.sasl.user = dup_or_null(o->sasl.user);
	c->o.sasl.password = dup_or_null(o->sasl.password);
	c->o.sasl.principal = dup_or_null(o->sasl.principal);
	c->o.sasl.keytab = dup_or_null(o->sasl.keytab);
	c->o.sasl.ccache = dup_or_null(o->sasl.ccache);
	c->o.sasl.service = dup_or_null(o->sasl.service);
	c->o.sasl.server_host = dup_or_null(o->sasl.server_host);
	c->auth = o->nauth > 0 ? xcalloc(o->nauth, sizeof(*c->auth)) : NULL;
	for (i = 0; i < o->nauth; i++) {
		c->auth[i].scheme = xstrdup(o->auth[i].scheme);
		c->auth[i].cred = xstrdup(o->auth[i].cred);
	}
	c->o.auth = c->auth;
	c->o.tls.ca_file = NULL; /* only used to build the context */
	c->o.tls.cert_file = NULL;
	c->o.tls.key_file = NULL;
	if (o->use_tls) {
		if ((r = tls_ctx_new(&c->tls_ctx, &o->tls, d)) != 0)
			goto fail;
	}
	if ((r = connect_any(c, n > 0 ? first % n : 0, d)) != 0)
		goto fail;
	*out = c;
	return 0;
fail:
	zk_conn_free(c);
	return r;
}

static void
wipe_free(const char *s)
{
	char *p;

	if (s == NULL)
		return;
	/* The copies were made by dup_or_null(): they are ours to change. */
	p = (char *)(uintptr_t)s;
	explicit_bzero(p, strlen(p));
	free(p);
}

void
zk_conn_free(struct zk_conn *c)
{
	size_t i;

	if (c == NULL)
		return;
	drop_socket(c);
	tls_ctx_free(c->tls_ctx);
	zk_servers_free(c->servers, c->nservers);
	for (i = 0; i < c->o.nauth; i++)
		zk_auth_release(&c->auth[i]);
	free(c->auth);
	free(c->chroot);
	wipe_free(c->o.sasl.user);
	wipe_free(c->o.sasl.password);
	wipe_free(c->o.sasl.principal);
	wipe_free(c->o.sasl.keytab);
	wipe_free(c->o.sasl.ccache);
	wipe_free(c->o.sasl.service);
	wipe_free(c->o.sasl.server_host);
	explicit_bzero(c->passwd, sizeof(c->passwd));
	strbuf_release(&c->out);
	strbuf_release(&c->path);
	arena_release(&c->ids_arena);
	free(c->in);
	free(c->q);
	free(c);
}

int
zk_conn_reconnect(struct zk_conn *c, struct rp_diag *d)
{
	if (c->qlen > 0)
		BUG("reconnect with %zu requests outstanding", c->qlen);
	c->reconnects++;
	return connect_any(c, c->cur + 1, d);
}

/* The pipelined phase. */

size_t
zk_conn_outstanding(const struct zk_conn *c)
{
	return c->qlen;
}

size_t
zk_conn_room(const struct zk_conn *c)
{
	if (!c->up || c->qlen >= c->o.window)
		return 0;
	return c->o.window - c->qlen;
}

static void
q_push(struct zk_conn *c, int32_t xid, int32_t op, uint64_t tag)
{
	struct pending *nq;
	size_t i;

	if (c->qlen == c->qalloc) {
		size_t na = c->qalloc ? c->qalloc * 2 : 64;

		nq = xcalloc(na, sizeof(*nq));
		for (i = 0; i < c->qlen; i++)
			nq[i] = c->q[(c->qhead + i) % c->qalloc];
		free(c->q);
		c->q = nq;
		c->qalloc = na;
		c->qhead = 0;
	}
	c->q[(c->qhead + c->qlen) % c->qalloc] =
	    (struct pending){ .xid = xid, .op = op, .tag = tag };
	c->qlen++;
}

static struct pending
q_pop(struct zk_conn *c)
{
	struct pending p = c->q[c->qhead];

	c->qhead = (c->qhead + 1) % c->qalloc;
	c->qlen--;
	return p;
}

static const char *
full_path(struct zk_conn *c, const char *path)
{
	if (c->chroot == NULL)
		return path;
	strbuf_reset(&c->path);
	strbuf_addstr(&c->path, c->chroot);
	if (strcmp(path, "/") != 0)
		strbuf_addstr(&c->path, path);
	return c->path.buf;
}

int
zk_conn_submit(struct zk_conn *c, const struct zk_req *req, struct rp_diag *d)
{
	const char *path = NULL;
	int32_t xid;
	int r;

	if (!c->up)
		return conn_fail(c, d, RP_ECLOSED, "not connected");
	if (c->qlen >= c->o.window)
		return conn_fail(c, d, RP_ELIMIT,
		    "%u requests outstanding: the window is full", c->o.window);
	if (req->op != ZK_OP_WHOAMI) {
		if ((r = zk_path_validate(req->path, d)) != 0) {
			if (d != NULL && req->path != NULL)
				snprintf(d->where, sizeof(d->where), "%s",
				    req->path);
			return r;
		}
		path = full_path(c, req->path);
	}
	xid = take_xid(c);
	switch (req->op) {
	case ZK_OP_GETACL:
	case ZK_OP_SYNC:
	case ZK_OP_GETALLCHILDRENNUMBER:
		zk_enc_path(&c->out, xid, req->op, path);
		break;
	case ZK_OP_EXISTS:
	case ZK_OP_GETDATA:
	case ZK_OP_GETCHILDREN:
	case ZK_OP_GETCHILDREN2:
		zk_enc_path_watch(&c->out, xid, req->op, path, 0);
		break;
	case ZK_OP_SETACL:
		zk_enc_setacl(&c->out, xid, path, req->acl, req->nacl,
		    req->version);
		break;
	case ZK_OP_CREATE:
	case ZK_OP_CREATE2:
		zk_enc_create(&c->out, xid, req->op, path, req->data,
		    req->datalen, req->acl, req->nacl, req->flags);
		break;
	case ZK_OP_DELETE:
		zk_enc_delete(&c->out, xid, path, req->version);
		break;
	case ZK_OP_WHOAMI:
		zk_enc_header_only(&c->out, xid, req->op);
		break;
	default:
		return conn_fail(c, d, RP_EINVAL,
		    "operation %ld cannot be submitted", (long)req->op);
	}
	q_push(c, xid, req->op, req->tag);
	return 0;
}

int
zk_conn_fd(const struct zk_conn *c)
{
	return c->fd;
}

short
zk_conn_events(const struct zk_conn *c)
{
	short ev = POLLIN;

	if (!c->up)
		return 0;
	if (c->out.len > c->out_off || c->tls_want_write)
		ev |= POLLOUT;
	return ev;
}

static double
ping_interval(const struct zk_conn *c)
{
	return c->neg_timeout / 3000.0;
}

static double
dead_interval(const struct zk_conn *c)
{
	return c->neg_timeout * 2 / 3000.0;
}

int
zk_conn_timeout_ms(const struct zk_conn *c)
{
	double now = rp_monotonic(), t1, t2, t;

	if (!c->up)
		return 0;
	if (c->in_dirty || (c->tls != NULL && tls_pending(c->tls) > 0))
		return 0;
	t1 = c->last_send + ping_interval(c) - now;
	t2 = c->last_recv + dead_interval(c) - now;
	t = t1 < t2 ? t1 : t2;
	return t <= 0 ? 0 : (int)(t * 1000) + 1;
}

/*
 * The connection is gone: hand every outstanding request back as
 * CONNECTIONLOSS, so that the caller can send it again elsewhere.
 */
static int
lose(struct zk_conn *c, int err, zk_reply_fn fn, void *arg)
{
	struct zk_reply rep;
	int r;

	drop_socket(c);
	while (c->qlen > 0) {
		struct pending p = q_pop(c);

		memset(&rep, 0, sizeof(rep));
		rep.tag = p.tag;
		rep.op = p.op;
		rep.xid = p.xid;
		rep.err = ZK_CONNECTIONLOSS;
		rep.server = c->where;
		buf_init(&rep.body, NULL, 0);
		if (fn != NULL && (r = fn(arg, &rep)) != 0 && err == RP_ECLOSED)
			err = r;
	}
	return err;
}

/*
 * Hand every complete frame to fn.  Returns the number dispatched, or an
 * error; *cb_err is set when the error is fn's own.
 */
static int
dispatch(struct zk_conn *c, zk_reply_fn fn, void *arg, int *cb_err,
    struct rp_diag *d)
{
	struct zk_reply_hdr h;
	struct zk_reply rep;
	struct buf in, frame;
	int n = 0, r;

	buf_init(&in, c->in, c->in_len);
	for (;;) {
		r = zk_frame_split(&in, c->o.limits.max_frame, &frame, d);
		if (r == 0)
			break;
		if (r < 0)
			return conn_where(c, d, r);
		if ((r = zk_dec_reply_hdr(&frame, &h, d)) != 0)
			return conn_where(c, d, r);
		if (h.zxid > c->last_zxid)
			c->last_zxid = h.zxid;
		if (h.xid == ZK_XID_NOTIFICATION || h.xid == ZK_XID_PING ||
		    h.xid == ZK_XID_AUTH)
			continue;
		if (c->qlen == 0)
			return conn_fail(c, d, RP_EPROTO,
			    "reply with xid %ld but no request is outstanding",
			    (long)h.xid);
		if (h.xid != c->q[c->qhead].xid)
			return conn_fail(c, d, RP_EPROTO,
			    "reply xid %ld out of order: the oldest outstanding request has xid %ld",
			    (long)h.xid, (long)c->q[c->qhead].xid);
		{
			struct pending p = q_pop(c);

			rep.tag = p.tag;
			rep.op = p.op;
		}
		rep.xid = h.xid;
		rep.zxid = h.zxid;
		rep.err = h.err;
		rep.body = frame;
		rep.server = c->where;
		n++;
		if (fn != NULL && (r = fn(arg, &rep)) != 0) {
			compact_in(c, in.off);
			*cb_err = 1;
			return r;
		}
		if (h.err == ZK_SESSIONEXPIRED || h.err == ZK_SESSIONMOVED) {
			compact_in(c, in.off);
			return conn_fail(c, d, RP_ECLOSED, "%s",
			    zk_code_msg(h.err));
		}
	}
	compact_in(c, in.off);
	return n;
}

int
zk_conn_process(struct zk_conn *c, short revents, zk_reply_fn fn, void *arg,
    struct rp_diag *d)
{
	double now;
	int r, n = 0, cb_err = 0;

	if (!c->up)
		return conn_fail(c, d, RP_ECLOSED, "not connected");
	if (revents & (POLLIN | POLLHUP | POLLERR) ||
	    (c->tls != NULL && tls_pending(c->tls) > 0) ||
	    (c->tls_want_write && (revents & POLLOUT)) || c->in_dirty) {
		if (!c->in_dirty || revents != 0) {
			r = fill_in(c, d);
			if (r < 0)
				goto lost;
		}
		c->in_dirty = 0;
		r = dispatch(c, fn, arg, &cb_err, d);
		if (r < 0 && cb_err)
			return r;
		if (r < 0)
			goto lost;
		n = r;
	}
	now = rp_monotonic();
	if (now - c->last_recv > dead_interval(c)) {
		r = conn_fail(c, d, RP_ECLOSED,
		    "no reply from the server for %.1f s", now - c->last_recv);
		goto lost;
	}
	if (now - c->last_send > ping_interval(c) && c->out.len == c->out_off)
		zk_enc_header_only(&c->out, ZK_XID_PING, ZK_OP_PING);
	if ((r = flush_out(c, d)) != 0)
		goto lost;
	return n;
lost:
	/* Protocol errors drop the connection too: the stream is unusable. */
	if (r == RP_ECONN || r == RP_ETLS)
		r = RP_ECLOSED;
	return lose(c, r, fn, arg);
}

int
zk_conn_wait(struct zk_conn *c, int deadline_ms, zk_reply_fn fn, void *arg,
    struct rp_diag *d)
{
	double deadline = rp_monotonic() + deadline_ms / 1000.0;
	struct pollfd p;
	int r, t;

	while (c->qlen > 0 || c->out.len > c->out_off) {
		double left = deadline - rp_monotonic();

		if (left <= 0)
			return conn_fail(c, d, RP_ETIMEDOUT,
			    "%zu requests still unanswered", c->qlen);
		if ((r = zk_conn_process(c, 0, fn, arg, d)) < 0)
			return r;
		if (c->qlen == 0 && c->out.len == c->out_off)
			break;
		p.fd = c->fd;
		p.events = zk_conn_events(c);
		p.revents = 0;
		t = zk_conn_timeout_ms(c);
		if (t > (int)(left * 1000) + 1)
			t = (int)(left * 1000) + 1;
		r = poll(&p, 1, t);
		if (r < 0 && errno != EINTR)
			return conn_fail(c, d, RP_ECONN, "poll: %s",
			    strerror(errno));
		if (r > 0 &&
		    (r = zk_conn_process(c, p.revents, fn, arg, d)) < 0)
			return r;
	}
	return 0;
}

struct call_ctx {
	uint64_t tag;
	struct arena *a;
	struct zk_reply *out;
	int got;
};

static int
call_cb(void *arg, const struct zk_reply *r)
{
	struct call_ctx *cc = arg;
	struct buf body = r->body;

	if (cc->got || r->tag != cc->tag)
		return 0;
	*cc->out = *r;
	copy_body(&body, cc->a, &cc->out->body);
	cc->got = 1;
	return 0;
}

int
zk_conn_call(struct zk_conn *c, const struct zk_req *req, struct arena *a,
    struct zk_reply *out, struct rp_diag *d)
{
	struct call_ctx cc = { .a = a, .out = out };
	struct zk_req rq = *req;
	int r;

	/* A tag no pipelined caller uses. */
	rq.tag = cc.tag = UINT64_MAX - (uint64_t)c->next_xid;
	memset(out, 0, sizeof(*out));
	if ((r = zk_conn_submit(c, &rq, d)) != 0)
		return r;
	r = zk_conn_wait(c, c->neg_timeout > 0 ? c->neg_timeout : 30000,
	    call_cb, &cc, d);
	if (r != 0 && r != RP_ECLOSED)
		return r;
	if (!cc.got)
		return r != 0 ?
		    r :
		    conn_fail(c, d, RP_EPROTO, "no reply to the request");
	/* A lost connection shows as out->err == ZK_CONNECTIONLOSS. */
	return 0;
}

int
zk_conn_close(struct zk_conn *c, struct rp_diag *d)
{
	struct zk_reply_hdr h;
	struct arena a;
	struct buf body;
	int32_t xid;
	int r = 0;

	if (c == NULL)
		return 0;
	if (c->up) {
		double deadline = rp_monotonic() + 2.0;

		if ((r = zk_conn_wait(c, 2000, NULL, NULL, d)) == 0) {
			arena_init(&a, 256);
			xid = take_xid(c);
			zk_enc_header_only(&c->out, xid, ZK_OP_CLOSE);
			r = sync_reply(c, xid, deadline, &a, &h, &body, d);
			/* The server may close before its reply arrives. */
			if (r == RP_ECLOSED)
				r = 0;
			arena_release(&a);
		}
	}
	zk_conn_free(c);
	return r;
}

void
zk_conn_info(const struct zk_conn *c, struct zk_conn_info *out)
{
	memset(out, 0, sizeof(*out));
	out->server = c->where;
	out->session_id = c->session_id;
	out->timeout_ms = c->neg_timeout;
	out->read_only = c->read_only;
	out->last_zxid = c->last_zxid;
	out->tls = c->tls != NULL;
	snprintf(out->tls_desc, sizeof(out->tls_desc), "%s", c->tls_desc);
	out->ids = c->ids;
	out->nids = c->nids;
	out->reconnects = c->reconnects;
}

const struct zk_limits *
zk_conn_limits(const struct zk_conn *c)
{
	return &c->o.limits;
}
