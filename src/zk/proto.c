/*
 * proto.c - jute encoders and bounded decoders for the ZooKeeper client
 * protocol.
 *
 * Every decoder reads through util/buf.h.  Counts are bounded twice: by the
 * configured limit and by the bytes left in the frame divided by the
 * smallest encoding of one element, so a count of 2^31 in a 40-byte frame
 * fails before anything is allocated.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/proto.h"

#include <string.h>

#include "util/xmalloc.h"

#include "util/banned.h"

void
zk_limits_default(struct zk_limits *lim)
{
	lim->max_frame = ZK_FRAME_MAX_DEFAULT;
	lim->max_string = ZK_STRING_MAX_DEFAULT;
	lim->max_acl = 100000;
	lim->max_children = 10000000;
	lim->max_ids = 10000;
}

const char *
zk_code_name(int32_t code)
{
	switch (code) {
#define ZK_ERR_NAME(name, c, msg) \
	case c:                   \
		return #name;
		ZK_ERR_MAP(ZK_ERR_NAME)
#undef ZK_ERR_NAME
	}
	return "UNKNOWN";
}

const char *
zk_code_msg(int32_t code)
{
	switch (code) {
#define ZK_ERR_MSG(name, c, msg) \
	case c:                  \
		return msg;
		ZK_ERR_MAP(ZK_ERR_MSG)
#undef ZK_ERR_MSG
	}
	return "unknown error code";
}

const char *
zk_op_name(int32_t op)
{
	switch (op) {
#define ZK_OP_STR(name, c, str) \
	case c:                 \
		return str;
		ZK_OP_MAP(ZK_OP_STR)
#undef ZK_OP_STR
	}
	return "unknown operation";
}

/*
 * Frames: reserve the 4 length bytes, append the payload, then patch the
 * length in.  The payload of a request rampart builds is never near 2 GiB.
 */
static size_t
frame_begin(struct strbuf *sb)
{
	size_t off = sb->len;

	buf_put_i32(sb, 0);
	return off;
}

static void
frame_end(struct strbuf *sb, size_t off)
{
	size_t n = sb->len - off - 4;

	if (strbuf_error(sb) != 0 || sb->len < off + 4)
		return;
	be32_store(&sb->buf[off], (uint32_t)n);
}

static void
put_header(struct strbuf *sb, int32_t xid, int32_t op)
{
	buf_put_i32(sb, xid);
	buf_put_i32(sb, op);
}

static void
put_acl_list(struct strbuf *sb, const struct zk_acl *acl, size_t nacl)
{
	size_t i;

	buf_put_i32(sb, (int32_t)nacl);
	for (i = 0; i < nacl; i++) {
		buf_put_i32(sb, acl[i].perms);
		buf_put_string(sb, acl[i].scheme);
		buf_put_string(sb, acl[i].id);
	}
}

void
zk_enc_connect(struct strbuf *sb, const struct zk_connect_req *req)
{
	size_t off = frame_begin(sb);

	buf_put_i32(sb, 0); /* protocolVersion */
	buf_put_i64(sb, req->last_zxid_seen);
	buf_put_i32(sb, req->timeout_ms);
	buf_put_i64(sb, req->session_id);
	buf_put_bytes(sb, req->passwd, ZK_PASSWD_LEN);
	buf_put_bool(sb, req->read_only);
	frame_end(sb, off);
}

void
zk_enc_path(struct strbuf *sb, int32_t xid, int32_t op, const char *path)
{
	size_t off = frame_begin(sb);

	put_header(sb, xid, op);
	buf_put_string(sb, path);
	frame_end(sb, off);
}

void
zk_enc_path_watch(struct strbuf *sb, int32_t xid, int32_t op, const char *path,
    int watch)
{
	size_t off = frame_begin(sb);

	put_header(sb, xid, op);
	buf_put_string(sb, path);
	buf_put_bool(sb, watch);
	frame_end(sb, off);
}

void
zk_enc_setacl(struct strbuf *sb, int32_t xid, const char *path,
    const struct zk_acl *acl, size_t nacl, int32_t version)
{
	size_t off = frame_begin(sb);

	put_header(sb, xid, ZK_OP_SETACL);
	buf_put_string(sb, path);
	put_acl_list(sb, acl, nacl);
	buf_put_i32(sb, version);
	frame_end(sb, off);
}

void
zk_enc_create(struct strbuf *sb, int32_t xid, int32_t op, const char *path,
    const void *data, int32_t datalen, const struct zk_acl *acl, size_t nacl,
    int32_t flags)
{
	size_t off = frame_begin(sb);

	put_header(sb, xid, op);
	buf_put_string(sb, path);
	buf_put_bytes(sb, data, data != NULL ? datalen : -1);
	put_acl_list(sb, acl, nacl);
	buf_put_i32(sb, flags);
	frame_end(sb, off);
}

void
zk_enc_delete(struct strbuf *sb, int32_t xid, const char *path, int32_t version)
{
	size_t off = frame_begin(sb);

	put_header(sb, xid, ZK_OP_DELETE);
	buf_put_string(sb, path);
	buf_put_i32(sb, version);
	frame_end(sb, off);
}

void
zk_enc_header_only(struct strbuf *sb, int32_t xid, int32_t op)
{
	size_t off = frame_begin(sb);

	put_header(sb, xid, op);
	frame_end(sb, off);
}

void
zk_enc_auth(struct strbuf *sb, const char *scheme, const void *auth,
    int32_t authlen)
{
	size_t off = frame_begin(sb);

	put_header(sb, ZK_XID_AUTH, ZK_OP_AUTH);
	buf_put_i32(sb, 0); /* type */
	buf_put_string(sb, scheme);
	buf_put_bytes(sb, auth, authlen);
	frame_end(sb, off);
}

void
zk_enc_sasl(struct strbuf *sb, int32_t xid, const void *token, int32_t len)
{
	static const char empty[1];
	size_t off = frame_begin(sb);

	put_header(sb, xid, ZK_OP_SASL);
	buf_put_bytes(sb, token != NULL ? token : empty, len);
	frame_end(sb, off);
}

/* Decoding. */

static const char *
field_err(int r)
{
	switch (r) {
	case RP_ETRUNC:
		return "the frame ends inside it";
	case RP_ELIMIT:
		return "its length is over the limit";
	case RP_EPROTO:
		return "invalid length or a NUL byte inside";
	default:
		return rp_strerror(r);
	}
}

static int
dec_fail(struct rp_diag *d, int r, const char *rec, const char *field)
{
	return rp_diag_fail(d, r, NULL, 0, "%s reply: %s: %s", rec, field,
	    field_err(r));
}

/* Read a non-null ustring into an arena copy. */
static int
get_str(struct buf *b, const struct zk_limits *lim, struct arena *a,
    const char *rec, const char *field, int nullable, char **out,
    struct rp_diag *d)
{
	struct bstr s;
	int r;

	if ((r = buf_get_string(b, lim->max_string, &s)) != 0)
		return dec_fail(d, r, rec, field);
	if (s.len < 0) {
		if (nullable) {
			*out = NULL;
			return 0;
		}
		return rp_diag_fail(d, RP_EPROTO, NULL, 0,
		    "%s reply: %s is null", rec, field);
	}
	*out = arena_strndup(a, s.p, (size_t)s.len);
	return 0;
}

/*
 * Read a vector count and check it: -1 (null) only if nullable (*n = 0
 * then), otherwise 0 <= n <= limit and n * min_elem <= bytes left.
 */
static int
get_count(struct buf *b, size_t limit, size_t min_elem, const char *rec,
    const char *field, int nullable, size_t *n, struct rp_diag *d)
{
	int32_t v;
	int r;

	if ((r = buf_get_i32(b, &v)) != 0)
		return dec_fail(d, r, rec, field);
	if (v == -1 && nullable) {
		*n = 0;
		return 0;
	}
	if (v < 0)
		return rp_diag_fail(d, RP_EPROTO, NULL, 0,
		    "%s reply: %s count %ld is negative", rec, field, (long)v);
	if ((size_t)v > limit)
		return rp_diag_fail(d, RP_ELIMIT, NULL, 0,
		    "%s reply: %s count %ld is over the limit of %zu", rec,
		    field, (long)v, limit);
	if ((size_t)v > buf_remaining(b) / min_elem)
		return rp_diag_fail(d, RP_ETRUNC, NULL, 0,
		    "%s reply: %s count %ld does not fit in the %zu bytes left",
		    rec, field, (long)v, buf_remaining(b));
	*n = (size_t)v;
	return 0;
}

int
zk_dec_connect_resp(struct buf *b, struct zk_connect_resp *out,
    struct rp_diag *d)
{
	struct bstr pw;
	uint8_t ro;
	int r;

	memset(out, 0, sizeof(*out));
	if ((r = buf_get_i32(b, &out->protocol_version)) != 0 ||
	    (r = buf_get_i32(b, &out->timeout_ms)) != 0 ||
	    (r = buf_get_i64(b, &out->session_id)) != 0)
		return dec_fail(d, r, "ConnectResponse", "header fields");
	if ((r = buf_get_bytes(b, ZK_PASSWD_LEN, &pw)) != 0)
		return dec_fail(d, r, "ConnectResponse", "passwd");
	/* An expired session is answered with a zero password, not null. */
	if (pw.len > 0)
		memcpy(out->passwd, pw.p, (size_t)pw.len);
	if (out->timeout_ms < 0)
		return rp_diag_fail(d, RP_EPROTO, NULL, 0,
		    "ConnectResponse: negative session timeout %ld",
		    (long)out->timeout_ms);
	/* The readOnly byte is optional: read it only if the frame has it. */
	if (buf_remaining(b) >= 1) {
		if ((r = buf_get_u8(b, &ro)) != 0)
			return dec_fail(d, r, "ConnectResponse", "readOnly");
		out->read_only = ro != 0;
		out->has_read_only = 1;
	}
	return 0;
}

int
zk_dec_reply_hdr(struct buf *b, struct zk_reply_hdr *out, struct rp_diag *d)
{
	int r;

	if ((r = buf_get_i32(b, &out->xid)) != 0 ||
	    (r = buf_get_i64(b, &out->zxid)) != 0 ||
	    (r = buf_get_i32(b, &out->err)) != 0)
		return rp_diag_fail(d, r, NULL, 0,
		    "reply header: the frame is shorter than 16 bytes");
	return 0;
}

int
zk_dec_stat(struct buf *b, struct zk_stat *st, struct rp_diag *d)
{
	int r;

	if ((r = buf_get_i64(b, &st->czxid)) != 0 ||
	    (r = buf_get_i64(b, &st->mzxid)) != 0 ||
	    (r = buf_get_i64(b, &st->ctime)) != 0 ||
	    (r = buf_get_i64(b, &st->mtime)) != 0 ||
	    (r = buf_get_i32(b, &st->version)) != 0 ||
	    (r = buf_get_i32(b, &st->cversion)) != 0 ||
	    (r = buf_get_i32(b, &st->aversion)) != 0 ||
	    (r = buf_get_i64(b, &st->ephemeral_owner)) != 0 ||
	    (r = buf_get_i32(b, &st->data_length)) != 0 ||
	    (r = buf_get_i32(b, &st->num_children)) != 0 ||
	    (r = buf_get_i64(b, &st->pzxid)) != 0)
		return rp_diag_fail(d, r, NULL, 0,
		    "Stat: the frame ends inside the 68-byte record");
	if (st->num_children < 0 || st->data_length < 0)
		return rp_diag_fail(d, RP_EPROTO, NULL, 0,
		    "Stat: negative numChildren (%ld) or dataLength (%ld)",
		    (long)st->num_children, (long)st->data_length);
	return 0;
}

int
zk_dec_acl_list(struct buf *b, const struct zk_limits *lim, struct arena *a,
    struct zk_acl **acl, size_t *nacl, struct rp_diag *d)
{
	struct zk_acl *v = NULL;
	size_t n, i;
	int r;

	*acl = NULL;
	*nacl = 0;
	/* int perms + two string lengths: at least 12 bytes per entry. */
	if ((r = get_count(b, lim->max_acl, 12, "getACL", "ACL", 0, &n, d)) !=
	    0)
		return r;
	if (n > 0)
		v = arena_calloc(a, n, sizeof(*v));
	for (i = 0; i < n; i++) {
		char *scheme = NULL, *id = NULL;

		if ((r = buf_get_i32(b, &v[i].perms)) != 0)
			return dec_fail(d, r, "getACL", "perms");
		if ((r = get_str(b, lim, a, "getACL", "ACL scheme", 0, &scheme,
		         d)) != 0 ||
		    (r = get_str(b, lim, a, "getACL", "ACL id", 0, &id, d)) !=
		        0)
			return r;
		v[i].scheme = scheme;
		v[i].id = id;
	}
	*acl = v;
	*nacl = n;
	return 0;
}

int
zk_dec_getacl(struct buf *b, const struct zk_limits *lim, struct arena *a,
    struct zk_acl **acl, size_t *nacl, struct zk_stat *st, struct rp_diag *d)
{
	int r;

	if ((r = zk_dec_acl_list(b, lim, a, acl, nacl, d)) != 0)
		return r;
	return zk_dec_stat(b, st, d);
}

int
zk_dec_children(struct buf *b, const struct zk_limits *lim, struct arena *a,
    char ***names, size_t *n, struct zk_stat *st, struct rp_diag *d)
{
	char **v = NULL;
	size_t cnt, i;
	int r;

	*names = NULL;
	*n = 0;
	if ((r = get_count(b, lim->max_children, 4, "getChildren", "children",
	         0, &cnt, d)) != 0)
		return r;
	if (cnt > 0)
		v = arena_calloc(a, cnt, sizeof(*v));
	for (i = 0; i < cnt; i++) {
		if ((r = get_str(b, lim, a, "getChildren", "child name", 0,
		         &v[i], d)) != 0)
			return r;
		if (v[i][0] == '\0' || strchr(v[i], '/') != NULL)
			return rp_diag_fail(d, RP_EPROTO, NULL, 0,
			    "getChildren reply: child name %zu is empty or holds a '/'",
			    i + 1);
	}
	if (st != NULL && (r = zk_dec_stat(b, st, d)) != 0)
		return r;
	*names = v;
	*n = cnt;
	return 0;
}

int
zk_dec_getdata(struct buf *b, const struct zk_limits *lim, struct bstr *data,
    struct zk_stat *st, struct rp_diag *d)
{
	int r;

	if ((r = buf_get_bytes(b, lim->max_string, data)) != 0)
		return dec_fail(d, r, "getData", "data");
	return zk_dec_stat(b, st, d);
}

int
zk_dec_path(struct buf *b, const struct zk_limits *lim, struct arena *a,
    char **path, struct rp_diag *d)
{
	return get_str(b, lim, a, "path", "path", 0, path, d);
}

int
zk_dec_int(struct buf *b, int32_t *v, struct rp_diag *d)
{
	int r;

	if ((r = buf_get_i32(b, v)) != 0)
		return dec_fail(d, r, "int", "value");
	return 0;
}

int
zk_dec_whoami(struct buf *b, const struct zk_limits *lim, struct arena *a,
    struct zk_client_info **ids, size_t *n, struct rp_diag *d)
{
	struct zk_client_info *v = NULL;
	size_t cnt, i;
	int r;

	*ids = NULL;
	*n = 0;
	if ((r = get_count(b, lim->max_ids, 8, "whoAmI", "clientInfo", 1, &cnt,
	         d)) != 0)
		return r;
	if (cnt > 0)
		v = arena_calloc(a, cnt, sizeof(*v));
	for (i = 0; i < cnt; i++) {
		char *scheme = NULL, *user = NULL;

		if ((r = get_str(b, lim, a, "whoAmI", "authScheme", 1, &scheme,
		         d)) != 0 ||
		    (r = get_str(b, lim, a, "whoAmI", "user", 1, &user, d)) !=
		        0)
			return r;
		v[i].scheme = scheme != NULL ? scheme : "";
		v[i].user = user != NULL ? user : "";
	}
	*ids = v;
	*n = cnt;
	return 0;
}

int
zk_dec_sasl(struct buf *b, const struct zk_limits *lim, struct bstr *token,
    struct rp_diag *d)
{
	int r;

	if ((r = buf_get_bytes(b, lim->max_string, token)) != 0)
		return dec_fail(d, r, "sasl", "token");
	return 0;
}

int
zk_dec_watcher_event(struct buf *b, const struct zk_limits *lim,
    struct arena *a, int32_t *type, int32_t *state, char **path,
    struct rp_diag *d)
{
	int r;

	if ((r = buf_get_i32(b, type)) != 0 || (r = buf_get_i32(b, state)) != 0)
		return dec_fail(d, r, "WatcherEvent", "type/state");
	return get_str(b, lim, a, "WatcherEvent", "path", 1, path, d);
}

int
zk_frame_split(struct buf *in, size_t max_frame, struct buf *frame,
    struct rp_diag *d)
{
	int32_t len;

	if (buf_peek_i32(in, &len) != 0)
		return 0;
	if (len < 0)
		return rp_diag_fail(d, RP_EPROTO, NULL, 0,
		    "frame length %ld is negative", (long)len);
	if ((size_t)len > max_frame)
		return rp_diag_fail(d, RP_ELIMIT, NULL, 0,
		    "frame length %ld is over the limit of %zu bytes",
		    (long)len, max_frame);
	if (buf_remaining(in) - 4 < (size_t)len)
		return 0;
	if (buf_skip(in, 4) != 0 || buf_froms(in, (size_t)len, frame) != 0)
		return 0; /* cannot happen: both were checked above */
	return 1;
}

/* Formatting and paths. */

void
zk_perms_format(struct strbuf *sb, int32_t perms)
{
	/* ZooKeeper's own order (zkCli getAcl): c d r w a. */
	if (perms & ZK_PERM_CREATE)
		strbuf_addch(sb, 'c');
	if (perms & ZK_PERM_DELETE)
		strbuf_addch(sb, 'd');
	if (perms & ZK_PERM_READ)
		strbuf_addch(sb, 'r');
	if (perms & ZK_PERM_WRITE)
		strbuf_addch(sb, 'w');
	if (perms & ZK_PERM_ADMIN)
		strbuf_addch(sb, 'a');
}

void
zk_acl_format(struct strbuf *sb, const struct zk_acl *acl, int show_secret)
{
	const char *id = acl->id != NULL ? acl->id : "";
	const char *colon = strchr(id, ':');

	strbuf_addstr(sb, acl->scheme != NULL ? acl->scheme : "");
	strbuf_addch(sb, ':');
	/*
	 * A digest id is user:base64(sha1(user:password)); the hash is as
	 * good as the password to an offline attacker.  A server that hides
	 * it (caller without ADMIN) sends "user:x", which is no secret.
	 */
	if (!show_secret && acl->scheme != NULL &&
	    strcmp(acl->scheme, "digest") == 0 && colon != NULL &&
	    strcmp(colon + 1, "x") != 0) {
		strbuf_add(sb, id, (size_t)(colon - id));
		strbuf_addstr(sb, ":<masked>");
	} else {
		strbuf_addstr(sb, id);
	}
	strbuf_addch(sb, ':');
	zk_perms_format(sb, acl->perms);
}

char *
zk_path_join(struct arena *a, const char *parent, const char *name)
{
	if (parent[0] == '/' && parent[1] == '\0')
		return arena_printf(a, "/%s", name);
	return arena_printf(a, "%s/%s", parent, name);
}

int
zk_path_validate(const char *path, struct rp_diag *d)
{
	const char *p, *comp;

	if (path == NULL || path[0] != '/')
		return rp_diag_fail(d, RP_EINVAL, NULL, 0,
		    "znode path must start with '/'");
	if (path[1] == '\0')
		return 0;
	comp = path + 1;
	for (p = path + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			size_t len = (size_t)(p - comp);

			if (len == 0)
				return rp_diag_fail(d, RP_EINVAL, NULL, 0,
				    "znode path has an empty component or a trailing '/'");
			if ((len == 1 && comp[0] == '.') ||
			    (len == 2 && comp[0] == '.' && comp[1] == '.'))
				return rp_diag_fail(d, RP_EINVAL, NULL, 0,
				    "znode path has a '.' or '..' component");
			if (*p == '\0')
				break;
			comp = p + 1;
			continue;
		}
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return rp_diag_fail(d, RP_EINVAL, NULL, 0,
			    "znode path holds a control character");
	}
	return 0;
}
