/*
 * conn.h - one client connection (session) to a ZooKeeper server.
 *
 * zk_conn_open() connects over TCP or TLS to the first reachable server of
 * a list, runs the session handshake, SASL (opcode 102) and the digest
 * AuthPackets in the order the server expects, and checks that the server
 * accepted them.  After that the connection is non-blocking and pipelined:
 * zk_conn_submit() queues requests (up to the window), zk_conn_process()
 * moves bytes and hands every reply to a callback in the order the server
 * answers (xids are matched against a FIFO; a mismatch is a protocol
 * error).  Pings go out after a third of the session timeout without
 * traffic; a connection silent for two thirds of it is declared lost.
 *
 * Connection loss never loses a request silently: every request still
 * outstanding is handed back to the callback with err ZK_CONNECTIONLOSS
 * before zk_conn_process() returns RP_ECLOSED, and zk_conn_reconnect()
 * opens the session again (resuming it when the server still knows it),
 * redoing every authentication, since auth belongs to the TCP connection.
 *
 * Secrets (digest passwords, SASL passwords) are kept in memory the
 * connection owns, wiped on free, and never appear in diagnostics.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_CONN_H
#define RAMPART_ZK_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/tls.h"
#include "zk/proto.h"
#include "zk/sasl.h"

/* One ensemble member from a connect string. */
struct zk_server {
	char *host; /* name or literal address, without brackets */
	char *port; /* decimal */
};

/* A digest (or other scheme) AuthPacket to send after the handshake. */
struct zk_auth {
	char *scheme; /* "digest" */
	char *cred;   /* "user:password": secret, wiped on release */
};

struct zk_conn_opts {
	int timeout_ms;         /* requested session timeout; 30000 */
	int connect_timeout_ms; /* TCP+TLS+handshake+auth per server; 10000 */
	int read_only_ok;       /* accept a read-only server (audits); 1 */
	unsigned window;        /* max outstanding requests; 128 */
	const char *chroot;     /* prepended to request paths; NULL = none */
	struct zk_limits limits;
	int use_tls;
	struct tls_opts tls;
	struct zk_sasl_opts sasl;   /* mech ZK_SASL_NONE = no SASL */
	const struct zk_auth *auth; /* AuthPackets, sent after SASL */
	size_t nauth;
	int whoami; /* ask whoAmI after auth (3.7+ servers) */
};

/* Fill o with the defaults listed above. */
void zk_conn_opts_init(struct zk_conn_opts *o /* OUT */);

/*
 * Parse a connect string "h1:p1,h2:p2[/chroot]" (IPv6 as "[::1]:2181"; a
 * missing port means 2181) into a new array (caller frees with
 * zk_servers_free) and, when present, a chroot (caller frees; NULL if none
 * or "/").  RP_EINVAL with a message naming the bad element.
 */
int zk_servers_parse(const char *spec, struct zk_server **out /* OUT */,
    size_t *n /* OUT */, char **chroot /* OUT, may be NULL */,
    struct rp_diag *d) RP_MUST_CHECK;
void zk_servers_free(struct zk_server *s, size_t n);

/*
 * Parse "--auth SCHEME:CREDENTIAL" ("digest:user:pass") into a; the text
 * after the first ':' is the credential.  RP_EINVAL without echoing the
 * credential.  zk_auth_release() wipes and frees.
 */
int zk_auth_parse(const char *spec, struct zk_auth *a /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;
void zk_auth_release(struct zk_auth *a);

/*
 * Mask the secret part of an auth spec for display: "digest:user:***".
 * Writes into buf.
 */
const char *zk_auth_display(const struct zk_auth *a, char *buf, size_t n);

struct zk_conn;

/*
 * Open a session with the first server of servers[] (tried in order,
 * starting at index first % n) that accepts it.  o and servers are copied.
 * Errors: RP_ECONN (nobody answered: d gives the last reason), RP_ECLOSED
 * (a server accepted the TCP connection but closed it during the
 * handshake: not serving, e.g. during a leader election), RP_ETLS,
 * RP_EAUTH (SASL or AuthPacket refused: the server closes the connection
 * and does not try the next server), RP_EPROTO, RP_ETIMEDOUT.  d->where
 * names the server ("host:port").  Free with zk_conn_free() or
 * zk_conn_close().
 */
int zk_conn_open(struct zk_conn **out /* OUT */,
    const struct zk_server *servers, size_t n, size_t first,
    const struct zk_conn_opts *o, struct rp_diag *d) RP_MUST_CHECK;

/*
 * Send closeSession, wait (bounded) for its reply, then free.  Errors are
 * reported but the connection is freed in every case.
 */
int zk_conn_close(struct zk_conn *c, struct rp_diag *d) RP_MUST_CHECK;

/* Drop the connection without closeSession and free; NULL does nothing. */
void zk_conn_free(struct zk_conn *c);

/*
 * After a loss (zk_conn_process() returned RP_ECLOSED, or any other
 * error): connect again, starting with the next server in the list,
 * resuming the session if the ensemble still holds it, and authenticate
 * again.  Errors as zk_conn_open().
 */
int zk_conn_reconnect(struct zk_conn *c, struct rp_diag *d) RP_MUST_CHECK;

/* A request to submit.  Only the fields the opcode uses are read. */
struct zk_req {
	int32_t op;       /* enum zk_op */
	const char *path; /* chroot-relative path; the chroot is prepended */
	const struct zk_acl *acl; /* setACL, create */
	size_t nacl;
	int32_t version;  /* setACL (expected aversion), delete */
	const void *data; /* create */
	int32_t datalen;
	int32_t flags; /* create mode */
	uint64_t tag;  /* the caller's, handed back with the reply */
};

/* A reply handed to the callback. */
struct zk_reply {
	uint64_t tag;
	int32_t op;
	int32_t xid;
	int64_t zxid;
	int32_t err;     /* enum zk_code; ZK_CONNECTIONLOSS if lost */
	struct buf body; /* the record when err == 0; borrowed until return */
	const char *server; /* "host:port" that answered */
};

/* Called for every completed or lost request; return 0, or an RP_E* code
 * that aborts zk_conn_process() (which returns it). */
typedef int (*zk_reply_fn)(void *arg, const struct zk_reply *r);

/* Outstanding requests and the number that can still be submitted. */
size_t zk_conn_outstanding(const struct zk_conn *c);
size_t zk_conn_room(const struct zk_conn *c);

/*
 * Queue a request (encoded into the output buffer; nothing is sent until
 * zk_conn_process() or zk_conn_flush()).  RP_ELIMIT if the window is full,
 * RP_ECLOSED if the connection is down, RP_EINVAL for a path the server
 * would refuse.
 */
int zk_conn_submit(struct zk_conn *c, const struct zk_req *req,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * For callers that poll several connections: the socket and the poll(2)
 * events it waits for now, and how long until a ping or the silence
 * deadline is due (ms, >= 0).
 */
int zk_conn_fd(const struct zk_conn *c);
short zk_conn_events(const struct zk_conn *c);
int zk_conn_timeout_ms(const struct zk_conn *c);

/*
 * Do the I/O that revents (from poll; 0 = just check timers and flush)
 * allows: write queued bytes, read and dispatch complete replies to fn,
 * send a ping when idle.  Returns the number of replies dispatched (>= 0),
 * or an error: RP_ECLOSED (connection lost or silent too long: outstanding
 * requests were handed to fn as ZK_CONNECTIONLOSS), RP_EPROTO/RP_ELIMIT
 * (hostile or broken reply: the connection is dropped the same way), or
 * the error fn returned.  d names the server and what went wrong.
 */
int zk_conn_process(struct zk_conn *c, short revents, zk_reply_fn fn, void *arg,
    struct rp_diag *d);

/*
 * Block until every outstanding request is answered or deadline_ms passes
 * (RP_ETIMEDOUT), dispatching replies to fn.  Other results as
 * zk_conn_process().
 */
int zk_conn_wait(struct zk_conn *c, int deadline_ms, zk_reply_fn fn, void *arg,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Synchronous call: submit req, wait for its reply, copy the body into a
 * (valid until the arena is reset) and return it in out.  A server error
 * is not an RP_E* error: it is out->err.  Requests already outstanding are
 * dispatched to nothing (use on an otherwise idle connection).
 */
int zk_conn_call(struct zk_conn *c, const struct zk_req *req, struct arena *a,
    struct zk_reply *out /* OUT */, struct rp_diag *d) RP_MUST_CHECK;

/* Facts about the session, for logs and reports. */
struct zk_conn_info {
	const char *server; /* "host:port" */
	int64_t session_id;
	int32_t timeout_ms; /* negotiated */
	int read_only;      /* the server is in read-only mode */
	int64_t last_zxid;  /* highest zxid seen */
	int tls;
	char tls_desc[128];
	const struct zk_client_info *ids; /* whoAmI result, if asked */
	size_t nids;
	unsigned reconnects;
};
void zk_conn_info(const struct zk_conn *c, struct zk_conn_info *out /* OUT */);

/* The limits in force (from the options). */
const struct zk_limits *zk_conn_limits(const struct zk_conn *c);

#endif
