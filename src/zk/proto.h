/*
 * proto.h - the ZooKeeper client wire protocol (jute records and frames).
 *
 * Encoders append complete frames (4-byte length prefix included) to a
 * strbuf.  Decoders read one reply body through the bounded cursor of
 * util/buf.h: every length and count is checked against struct zk_limits
 * and against the bytes left in the frame, so a hostile or broken reply
 * yields RP_ETRUNC, RP_EPROTO or RP_ELIMIT with a message in the diag, never
 * a crash, an over-read or a huge allocation.  Decoded strings and arrays
 * are allocated from a caller-supplied arena and stay valid until the arena
 * is reset; they are NUL-terminated copies (ZooKeeper paths never hold NUL,
 * and a NUL inside a decoded string is a protocol error).
 *
 * The layouts follow zookeeper.jute; the reference is
 * shared/reference/zookeeper.md section 1.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_PROTO_H
#define RAMPART_ZK_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"

/* Permission bits of an ACL entry (ZooDefs.Perms). */
enum zk_perm {
	ZK_PERM_READ = 1 << 0,
	ZK_PERM_WRITE = 1 << 1,
	ZK_PERM_CREATE = 1 << 2,
	ZK_PERM_DELETE = 1 << 3,
	ZK_PERM_ADMIN = 1 << 4,
	ZK_PERM_ALL = 31,
};

/*
 * Opcodes: X(NAME, code, "jute name").  Only the ones rampart sends or
 * must recognise are listed.
 */
#define ZK_OP_MAP(X)                                         \
	X(NOTIFICATION, 0, "notification")                   \
	X(CREATE, 1, "create")                               \
	X(DELETE, 2, "delete")                               \
	X(EXISTS, 3, "exists")                               \
	X(GETDATA, 4, "getData")                             \
	X(SETDATA, 5, "setData")                             \
	X(GETACL, 6, "getACL")                               \
	X(SETACL, 7, "setACL")                               \
	X(GETCHILDREN, 8, "getChildren")                     \
	X(SYNC, 9, "sync")                                   \
	X(PING, 11, "ping")                                  \
	X(GETCHILDREN2, 12, "getChildren2")                  \
	X(MULTI, 14, "multi")                                \
	X(CREATE2, 15, "create2")                            \
	X(AUTH, 100, "auth")                                 \
	X(SASL, 102, "sasl")                                 \
	X(GETALLCHILDRENNUMBER, 104, "getAllChildrenNumber") \
	X(WHOAMI, 107, "whoAmI")                             \
	X(CLOSE, -11, "closeSession")

enum zk_op {
#define ZK_OP_ENUM(name, code, str) ZK_OP_##name = (code),
	ZK_OP_MAP(ZK_OP_ENUM)
#undef ZK_OP_ENUM
};

/*
 * Error codes sent by the server (and the few the client makes up):
 * X(NAME, code, "message").  Source: KeeperException.Code.
 */
#define ZK_ERR_MAP(X)                                                         \
	X(OK, 0, "ok")                                                        \
	X(SYSTEMERROR, -1, "system error")                                    \
	X(RUNTIMEINCONSISTENCY, -2, "runtime inconsistency")                  \
	X(DATAINCONSISTENCY, -3, "data inconsistency")                        \
	X(CONNECTIONLOSS, -4, "connection lost")                              \
	X(MARSHALLINGERROR, -5, "the server could not decode the request")    \
	X(UNIMPLEMENTED, -6, "operation not implemented by the server")       \
	X(OPERATIONTIMEOUT, -7, "operation timed out")                        \
	X(BADARGUMENTS, -8, "bad arguments")                                  \
	X(UNKNOWNSESSION, -12, "unknown session")                             \
	X(NEWCONFIGNOQUORUM, -13, "new config has no quorum")                 \
	X(RECONFIGINPROGRESS, -14, "reconfiguration in progress")             \
	X(APIERROR, -100, "API error")                                        \
	X(NONODE, -101, "no such node")                                       \
	X(NOAUTH, -102, "not authorised")                                     \
	X(BADVERSION, -103, "version mismatch")                               \
	X(NOCHILDRENFOREPHEMERALS, -108, "ephemeral nodes have no children")  \
	X(NODEEXISTS, -110, "node exists")                                    \
	X(NOTEMPTY, -111, "node has children")                                \
	X(SESSIONEXPIRED, -112, "session expired")                            \
	X(INVALIDCALLBACK, -113, "invalid callback")                          \
	X(INVALIDACL, -114, "invalid ACL")                                    \
	X(AUTHFAILED, -115, "authentication failed")                          \
	X(SESSIONMOVED, -118, "session moved to another server")              \
	X(NOTREADONLY, -119, "server is read-only")                           \
	X(EPHEMERALONLOCALSESSION, -120, "ephemeral node on a local session") \
	X(NOWATCHER, -121, "no such watcher")                                 \
	X(REQUESTTIMEOUT, -122, "request timed out")                          \
	X(RECONFIGDISABLED, -123, "reconfiguration disabled")                 \
	X(SESSIONCLOSEDREQUIRESASLAUTH, -124,                                 \
	    "the server requires SASL authentication")                        \
	X(QUOTAEXCEEDED, -125, "quota exceeded")                              \
	X(THROTTLEDOP, -127, "throttled by the server; not executed")

enum zk_code {
#define ZK_ERR_ENUM(name, code, msg) ZK_##name = (code),
	ZK_ERR_MAP(ZK_ERR_ENUM)
#undef ZK_ERR_ENUM
};

/* Special xids (ClientCnxn). */
enum {
	ZK_XID_NOTIFICATION = -1,
	ZK_XID_PING = -2,
	ZK_XID_AUTH = -4,
	ZK_XID_SET_WATCHES = -8,
};

/* Create modes (CreateMode flags) for zk_enc_create(). */
enum zk_create_mode {
	ZK_CREATE_PERSISTENT = 0,
	ZK_CREATE_EPHEMERAL = 1,
	ZK_CREATE_SEQUENTIAL = 2,
};

#define ZK_PASSWD_LEN         16
#define ZK_HDR_LEN            16 /* reply header */
#define ZK_STAT_LEN           68 /* Stat on the wire */
#define ZK_FRAME_MAX_DEFAULT  (64u << 20)
#define ZK_STRING_MAX_DEFAULT (2u * 0xFFFFFu) /* jute.maxbuffer + extrasize */

/*
 * Decoding limits.  Every field of zk_limits_default() is finite; counts
 * are also bounded by the bytes left in the frame (an element takes at
 * least 4 bytes), whichever is smaller.
 */
struct zk_limits {
	size_t max_frame;    /* reply frame payload, bytes */
	size_t max_string;   /* one ustring or buffer, bytes */
	size_t max_acl;      /* entries in one ACL */
	size_t max_children; /* names in one getChildren reply */
	size_t max_ids;      /* entries in a whoAmI reply */
};

/* The defaults: 64 MiB frames, 2 MiB strings, 100 000 ACL entries... */
void zk_limits_default(struct zk_limits *lim /* OUT */);

/* One ACL entry: permission bits, scheme and id ("world", "anyone"). */
struct zk_acl {
	int32_t perms;
	const char *scheme; /* arena or caller owned */
	const char *id;
};

/* The Stat record, all fields as on the wire. */
struct zk_stat {
	int64_t czxid;
	int64_t mzxid;
	int64_t ctime; /* ms since the epoch */
	int64_t mtime;
	int32_t version;
	int32_t cversion;
	int32_t aversion; /* ACL version: setACL's compare-and-set value */
	int64_t
	    ephemeral_owner; /* 0 persistent, else session or TTL/container */
	int32_t data_length;
	int32_t num_children;
	int64_t pzxid;
};

struct zk_reply_hdr {
	int32_t xid;
	int64_t zxid;
	int32_t err; /* enum zk_code; the body follows only when 0 */
};

struct zk_connect_req {
	int64_t last_zxid_seen;
	int32_t timeout_ms;
	int64_t session_id;
	unsigned char passwd[ZK_PASSWD_LEN];
	int read_only; /* 1: a read-only server is acceptable */
};

struct zk_connect_resp {
	int32_t protocol_version;
	int32_t timeout_ms; /* 0: session invalid or expired */
	int64_t session_id;
	unsigned char passwd[ZK_PASSWD_LEN];
	int read_only;     /* the byte, or 0 when the server sent none */
	int has_read_only; /* 1 if the reply carried the readOnly byte */
};

/* One entry of a whoAmI reply. */
struct zk_client_info {
	const char *scheme;
	const char *user;
};

/* Name ("NOAUTH") and message of a ZooKeeper code; "UNKNOWN" if unlisted. */
const char *zk_code_name(int32_t code);
const char *zk_code_msg(int32_t code);

/* Name of an opcode ("getACL"); "op<N>" style "unknown" if unlisted. */
const char *zk_op_name(int32_t op);

/*
 * Encoders.  Each appends one whole frame (length prefix, request header,
 * record) to sb.  Paths are sent as given (the caller applies any chroot).
 * Strings passed as NULL encode as null (-1).
 */
void zk_enc_connect(struct strbuf *sb, const struct zk_connect_req *req);
/* Requests whose record is one path: getACL, sync, getAllChildrenNumber. */
void zk_enc_path(struct strbuf *sb, int32_t xid, int32_t op, const char *path);
/* Requests whose record is path + watch flag: exists, getData,
 * getChildren, getChildren2.  rampart always passes watch = 0. */
void zk_enc_path_watch(struct strbuf *sb, int32_t xid, int32_t op,
    const char *path, int watch);
/* setACL: version is the expected aversion (-1 disables the check). */
void zk_enc_setacl(struct strbuf *sb, int32_t xid, const char *path,
    const struct zk_acl *acl, size_t nacl, int32_t version);
/* create (op ZK_OP_CREATE or ZK_OP_CREATE2); data may be NULL (null). */
void zk_enc_create(struct strbuf *sb, int32_t xid, int32_t op, const char *path,
    const void *data, int32_t datalen, const struct zk_acl *acl, size_t nacl,
    int32_t flags);
void zk_enc_delete(struct strbuf *sb, int32_t xid, const char *path,
    int32_t version);
/* Requests without a record: ping (xid -2), closeSession, whoAmI. */
void zk_enc_header_only(struct strbuf *sb, int32_t xid, int32_t op);
/* AuthPacket (xid -4, type 0): scheme and credential bytes. */
void zk_enc_auth(struct strbuf *sb, const char *scheme, const void *auth,
    int32_t authlen);
/* SASL token (opcode 102, normal xid); token NULL with len 0 = empty. */
void zk_enc_sasl(struct strbuf *sb, int32_t xid, const void *token,
    int32_t len);

/*
 * Decoders.  b is the body of one reply frame (the ConnectResponse frame,
 * or what follows the reply header).  They return 0, or RP_ETRUNC (frame
 * ends inside a field), RP_EPROTO (impossible value) or RP_ELIMIT (a limit
 * was hit), with a message naming the record and field in d (may be NULL).
 * d->where is left empty for the caller (connection) to fill.  Bytes left
 * after the record are not an error: check buf_remaining(b).
 */
int zk_dec_connect_resp(struct buf *b, struct zk_connect_resp *out /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;
int zk_dec_reply_hdr(struct buf *b, struct zk_reply_hdr *out /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;
int zk_dec_stat(struct buf *b, struct zk_stat *out /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;
/* vector<ACL>; a null vector is a protocol error. */
int zk_dec_acl_list(struct buf *b, const struct zk_limits *lim, struct arena *a,
    struct zk_acl **acl /* OUT */, size_t *nacl /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;
/* GetACLResponse: ACL list then Stat. */
int zk_dec_getacl(struct buf *b, const struct zk_limits *lim, struct arena *a,
    struct zk_acl **acl /* OUT */, size_t *nacl /* OUT */,
    struct zk_stat *st /* OUT */, struct rp_diag *d) RP_MUST_CHECK;
/* GetChildrenResponse (st NULL) or GetChildren2Response (st the parent's
 * Stat).  Names are bare (no slash); an empty or slash-bearing name is a
 * protocol error. */
int zk_dec_children(struct buf *b, const struct zk_limits *lim, struct arena *a,
    char ***names /* OUT */, size_t *n /* OUT */,
    struct zk_stat *st /* OUT, may be NULL */, struct rp_diag *d) RP_MUST_CHECK;
/* ExistsResponse and SetACLResponse: one Stat. */
#define zk_dec_exists zk_dec_stat
/* GetDataResponse: data (borrowed from b, len -1 = null) then Stat. */
int zk_dec_getdata(struct buf *b, const struct zk_limits *lim,
    struct bstr *data /* OUT */, struct zk_stat *st /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;
/* CreateResponse / SyncResponse: one path (arena copy). */
int zk_dec_path(struct buf *b, const struct zk_limits *lim, struct arena *a,
    char **path /* OUT */, struct rp_diag *d) RP_MUST_CHECK;
/* GetAllChildrenNumberResponse: one int. */
int zk_dec_int(struct buf *b, int32_t *v /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;
/* WhoAmIResponse: vector<ClientInfo>. */
int zk_dec_whoami(struct buf *b, const struct zk_limits *lim, struct arena *a,
    struct zk_client_info **ids /* OUT */, size_t *n /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;
/* SetSASLResponse: token borrowed from b; len -1 = null token. */
int zk_dec_sasl(struct buf *b, const struct zk_limits *lim,
    struct bstr *token /* OUT */, struct rp_diag *d) RP_MUST_CHECK;
/* WatcherEvent (xid -1 frames): type, state, path (arena copy). */
int zk_dec_watcher_event(struct buf *b, const struct zk_limits *lim,
    struct arena *a, int32_t *type /* OUT */, int32_t *state /* OUT */,
    char **path /* OUT */, struct rp_diag *d) RP_MUST_CHECK;

/*
 * Take the next complete frame from a stream of received bytes.  Returns 1
 * and the payload in frame (borrowed from in) when one is complete, 0 when
 * more bytes are needed (in is not consumed), RP_EPROTO for a negative
 * length or RP_ELIMIT for one over max_frame, with a message in d.
 */
int zk_frame_split(struct buf *in, size_t max_frame,
    struct buf *frame /* OUT */, struct rp_diag *d) RP_MUST_CHECK;

/*
 * Format an ACL entry as "scheme:id:perms" with perms as letters in
 * ZooKeeper's order "cdrwa" into sb.  Digest hashes are masked as
 * "user:***" unless show_secret is set (never set it for output).
 */
void zk_acl_format(struct strbuf *sb, const struct zk_acl *acl,
    int show_secret);

/* Append the permission letters ("cdrwa" subset, "" for none) to sb. */
void zk_perms_format(struct strbuf *sb, int32_t perms);

/*
 * Join a parent path and a child name the way ZooKeeper does: "/" + name
 * under the root, parent + "/" + name elsewhere.  Arena copy.
 */
char *zk_path_join(struct arena *a, const char *parent, const char *name);

/*
 * Check a client path as the server would (PathUtils.validatePath): starts
 * with '/', no empty component, no trailing '/' except the root, no "."
 * or ".." component, no control characters.  0 or RP_EINVAL with a
 * message in d.
 */
int zk_path_validate(const char *path, struct rp_diag *d) RP_MUST_CHECK;

#endif
