/*
 * txnlog.c - ZooKeeper transaction-log reader (reference section 2.7).
 *
 * Entries are {long crc; int len; byte[len] payload; byte 0x42}; the
 * Adler-32 covers the payload only.  Payloads are decoded through the
 * bounded cursor of util/buf.h.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/txnlog.h"

#include <string.h>
#include <zlib.h>

#include "util/buf.h"
#include "zk/dstream.h"

#include "util/banned.h"

#define TXN_HDR_LEN    32
#define TXN_DIGEST_LEN 12
#define TXN_EOR        0x42

void
zk_txnlog_limits_init(struct zk_txnlog_limits *l)
{
	l->max_entry = 64u << 20;
	l->max_string = 2u * 0xFFFFFu;
	l->max_acl = 4096;
	l->max_ops = 1u << 20;
}

const char *
zk_txn_type_name(int32_t type)
{
	switch (type) {
	case ZK_TXN_CREATE:
		return "create";
	case ZK_TXN_DELETE:
		return "delete";
	case ZK_TXN_SETDATA:
		return "setData";
	case ZK_TXN_SETACL:
		return "setACL";
	case ZK_TXN_CHECK:
		return "check";
	case ZK_TXN_MULTI:
		return "multi";
	case ZK_TXN_CREATE2:
		return "create2";
	case ZK_TXN_RECONFIG:
		return "reconfig";
	case ZK_TXN_CREATE_CONTAINER:
		return "createContainer";
	case ZK_TXN_DELETE_CONTAINER:
		return "deleteContainer";
	case ZK_TXN_CREATE_TTL:
		return "createTTL";
	case ZK_TXN_ERROR:
		return "error";
	case ZK_TXN_CREATE_SESSION:
		return "createSession";
	case ZK_TXN_CLOSE_SESSION:
		return "closeSession";
	default:
		return "?";
	}
}

struct dec {
	const struct zk_txnlog_limits *lim;
	struct arena *a;
	const char *what; /* the field being decoded, for messages */
};

static int
get_path(struct buf *b, struct dec *x, const char **out)
{
	struct bstr s;

	x->what = "path";
	if (buf_get_string(b, x->lim->max_string, &s) != 0 || s.p == NULL)
		return RP_EPARSE;
	*out = arena_strndup(x->a, s.p, (size_t)s.len);
	return 0;
}

static int
get_data(struct buf *b, struct dec *x, int32_t *len)
{
	struct bstr s;

	x->what = "data";
	if (buf_get_bytes(b, x->lim->max_string, &s) != 0)
		return RP_EPARSE;
	*len = s.len;
	return 0;
}

static int
get_acl(struct buf *b, struct dec *x, const struct zk_acl **out, size_t *nout)
{
	struct zk_acl *v = NULL;
	struct bstr sch, id;
	int32_t n;
	size_t i;

	x->what = "ACL";
	if (buf_get_i32(b, &n) != 0 || n < 0)
		return RP_EPARSE;
	/* perms + two lengths: 12 bytes at least per entry */
	if ((size_t)n > x->lim->max_acl || (size_t)n > buf_remaining(b) / 12)
		return RP_ELIMIT;
	if (n > 0)
		v = arena_calloc(x->a, (size_t)n, sizeof(*v));
	for (i = 0; i < (size_t)n; i++) {
		if (buf_get_i32(b, &v[i].perms) != 0 ||
		    buf_get_string(b, x->lim->max_string, &sch) != 0 ||
		    buf_get_string(b, x->lim->max_string, &id) != 0 ||
		    sch.p == NULL || id.p == NULL)
			return RP_EPARSE;
		v[i].scheme = arena_strndup(x->a, sch.p, (size_t)sch.len);
		v[i].id = arena_strndup(x->a, id.p, (size_t)id.len);
	}
	*out = v;
	*nout = (size_t)n;
	return 0;
}

/* Bytes left are 0 or a TxnDigest; anything else means a bad record. */
static int
tail_ok(const struct buf *b)
{
	size_t left = buf_remaining(b);

	return left == 0 || left == TXN_DIGEST_LEN;
}

/*
 * Decode one record of the given type from b into op.  top is set for the
 * outermost record, where a TxnDigest may follow; sub-records of a multi
 * must be consumed exactly.
 */
static int
dec_record(struct buf *b, int32_t type, int top, struct dec *x,
    struct zk_txn_op *op)
{
	struct buf save;
	int32_t n;
	int eph, r;
	size_t i, left;

	memset(op, 0, sizeof(*op));
	op->type = type;
	op->parent_cversion = -1;
	switch (type) {
	case ZK_TXN_CREATE:
	case ZK_TXN_CREATE2:
		if ((r = get_path(b, x, &op->path)) != 0 ||
		    (r = get_data(b, x, &op->data_len)) != 0 ||
		    (r = get_acl(b, x, &op->acl, &op->nacl)) != 0)
			return r;
		x->what = "ephemeral flag";
		if (buf_get_bool(b, &eph) != 0)
			return RP_EPARSE;
		op->ephemeral = eph;
		/* CreateTxnV0 has no parentCVersion. */
		left = buf_remaining(b);
		if (left == 0 || (top && left == TXN_DIGEST_LEN))
			return 0;
		x->what = "parentCVersion";
		if (buf_get_i32(b, &op->parent_cversion) != 0)
			return RP_EPARSE;
		return 0;
	case ZK_TXN_CREATE_CONTAINER:
	case ZK_TXN_CREATE_TTL:
		if ((r = get_path(b, x, &op->path)) != 0 ||
		    (r = get_data(b, x, &op->data_len)) != 0 ||
		    (r = get_acl(b, x, &op->acl, &op->nacl)) != 0)
			return r;
		x->what = "parentCVersion";
		if (buf_get_i32(b, &op->parent_cversion) != 0)
			return RP_EPARSE;
		if (type == ZK_TXN_CREATE_TTL) {
			x->what = "ttl";
			if (buf_get_i64(b, &op->ttl) != 0)
				return RP_EPARSE;
		}
		return 0;
	case ZK_TXN_DELETE:
	case ZK_TXN_DELETE_CONTAINER:
		return get_path(b, x, &op->path);
	case ZK_TXN_SETDATA:
	case ZK_TXN_RECONFIG:
		if ((r = get_path(b, x, &op->path)) != 0 ||
		    (r = get_data(b, x, &op->data_len)) != 0)
			return r;
		x->what = "version";
		return buf_get_i32(b, &op->version) != 0 ? RP_EPARSE : 0;
	case ZK_TXN_SETACL:
		if ((r = get_path(b, x, &op->path)) != 0 ||
		    (r = get_acl(b, x, &op->acl, &op->nacl)) != 0)
			return r;
		x->what = "version";
		return buf_get_i32(b, &op->version) != 0 ? RP_EPARSE : 0;
	case ZK_TXN_CHECK:
		if ((r = get_path(b, x, &op->path)) != 0)
			return r;
		x->what = "version";
		return buf_get_i32(b, &op->version) != 0 ? RP_EPARSE : 0;
	case ZK_TXN_ERROR:
		x->what = "error code";
		return buf_get_i32(b, &op->err) != 0 ? RP_EPARSE : 0;
	case ZK_TXN_CREATE_SESSION:
		x->what = "timeout";
		return buf_get_i32(b, &op->timeout) != 0 ? RP_EPARSE : 0;
	case ZK_TXN_CLOSE_SESSION: {
		const char **v = NULL;

		/* 3.6+ lists the paths to delete; older logs have no
		 * record.  Try the list; fall back when it does not fit. */
		save = *b;
		x->what = "paths2Delete";
		if (buf_get_i32(b, &n) == 0 && n >= 0 &&
		    (size_t)n <= buf_remaining(b) / 4) {
			if (n > 0)
				v = arena_calloc(x->a, (size_t)n, sizeof(*v));
			for (i = 0; i < (size_t)n; i++)
				if (get_path(b, x, &v[i]) != 0)
					break;
			if (i == (size_t)n && (!top || tail_ok(b))) {
				op->paths = v;
				op->npaths = (size_t)n;
				op->has_paths = 1;
				return 0;
			}
		}
		*b = save;
		return 0;
	}
	default:
		return RP_ENOTSUP;
	}
}

/* Decode a whole payload (TxnHeader + record + optional digest). */
static int
dec_payload(struct buf *b, struct dec *x, struct zk_txn *t,
    struct zk_txn_op **opsp)
{
	struct zk_txn_op *ops;
	int32_t n, st;
	size_t i;
	int r;

	x->what = "TxnHeader";
	if (buf_get_i64(b, &t->client_id) != 0 ||
	    buf_get_i32(b, &t->cxid) != 0 || buf_get_i64(b, &t->zxid) != 0 ||
	    buf_get_i64(b, &t->time) != 0 || buf_get_i32(b, &t->type) != 0)
		return RP_EPARSE;
	if (t->type != ZK_TXN_MULTI) {
		ops = arena_calloc(x->a, 1, sizeof(*ops));
		if ((r = dec_record(b, t->type, 1, x, ops)) != 0)
			return r;
		t->nops = 1;
	} else {
		x->what = "multi count";
		if (buf_get_i32(b, &n) != 0 || n < 0)
			return RP_EPARSE;
		/* int type + buffer length: 8 bytes at least per sub-txn */
		if ((size_t)n > x->lim->max_ops ||
		    (size_t)n > buf_remaining(b) / 8)
			return RP_ELIMIT;
		ops = arena_calloc(x->a, n > 0 ? (size_t)n : 1, sizeof(*ops));
		for (i = 0; i < (size_t)n; i++) {
			struct bstr data;
			struct buf sub;

			x->what = "multi sub-txn";
			if (buf_get_i32(b, &st) != 0 ||
			    buf_get_bytes(b, x->lim->max_entry, &data) != 0 ||
			    data.p == NULL)
				return RP_EPARSE;
			if (st == ZK_TXN_MULTI)
				return RP_EPARSE; /* no nesting */
			buf_init(&sub, data.p, (size_t)data.len);
			if ((r = dec_record(&sub, st, 0, x, &ops[i])) != 0)
				return r;
			x->what = "multi sub-txn (trailing bytes)";
			if (buf_remaining(&sub) != 0)
				return RP_EPARSE;
			if (st == ZK_TXN_ERROR)
				t->multi_failed = 1;
		}
		t->nops = (size_t)n;
	}
	x->what = "the end of the record (trailing bytes)";
	if (!tail_ok(b))
		return RP_EPARSE;
	t->has_digest = buf_remaining(b) == TXN_DIGEST_LEN;
	*opsp = ops;
	return 0;
}

static int
read_log(struct zk_dstream *s, const struct zk_txnlog_limits *lim,
    zk_txn_fn fn, void *arg, struct zk_txnlog_result *res, struct rp_diag *d)
{
	struct zk_txnlog_limits deflim;
	struct arena a;
	struct zk_txn t;
	struct zk_txn_op *ops = NULL;
	struct dec x;
	struct buf b;
	int32_t magic, version, len;
	int64_t dbid, crc;
	uint64_t at;
	size_t got;
	int r;

	if (lim == NULL) {
		zk_txnlog_limits_init(&deflim);
		lim = &deflim;
	}
	arena_init(&a, 0);
	x.lim = lim;
	x.a = &a;
	if ((r = zk_ds_fill(s, 16, &got, d)) != 0)
		goto out;
	if (got < 16) {
		r = zk_ds_fail(s, d, RP_EPARSE,
		    "not a transaction log: shorter than its 16-byte header");
		goto out;
	}
	if ((r = zk_ds_i32(s, &magic, "header", d)) != 0 ||
	    (r = zk_ds_i32(s, &version, "header", d)) != 0 ||
	    (r = zk_ds_i64(s, &dbid, "header", d)) != 0)
		goto out;
	if (magic != ZK_TXNLOG_MAGIC) {
		r = rp_diag_fail(d, RP_EPARSE, s->name, 0,
		    "not a transaction log: bad magic 0x%08x (want ZKLG)",
		    (unsigned)magic);
		goto out;
	}
	if (version != 2) {
		r = rp_diag_fail(d, RP_ENOTSUP, s->name, 0,
		    "transaction log version %d (only 2 is known)", version);
		goto out;
	}
	for (;;) {
		at = zk_ds_offset(s);
		res->end_offset = at;
		if ((r = zk_ds_fill(s, 12, &got, d)) != 0)
			goto out;
		if (got == 0)
			break; /* the file ends right after an entry */
		if (got < 12) {
			res->torn = 1;
			res->torn_offset = at;
			break;
		}
		if ((r = zk_ds_i64(s, &crc, "crc", d)) != 0 ||
		    (r = zk_ds_i32(s, &len, "length", d)) != 0)
			goto out;
		if (len == 0)
			break; /* zero padding: the end of the data */
		if (len < 0 || (size_t)len > lim->max_entry) {
			r = rp_diag_fail(d, len < 0 ? RP_EPARSE : RP_ELIMIT,
			    s->name, 0,
			    "entry at offset %llu: length %d is out of range "
			    "(0..%zu)",
			    (unsigned long long)at, len, lim->max_entry);
			goto out;
		}
		if ((r = zk_ds_fill(s, (size_t)len + 1, &got, d)) != 0)
			goto out;
		if (got < (size_t)len + 1) {
			res->torn = 1;
			res->torn_offset = at;
			break;
		}
		if ((uint64_t)crc !=
		    adler32(1, zk_ds_ptr(s), (uInt)len)) {
			r = rp_diag_fail(d, RP_EPARSE, s->name, 0,
			    "entry at offset %llu: checksum mismatch (stored "
			    "0x%llx, computed 0x%lx)",
			    (unsigned long long)at, (unsigned long long)crc,
			    adler32(1, zk_ds_ptr(s), (uInt)len));
			goto out;
		}
		if (zk_ds_ptr(s)[len] != TXN_EOR) {
			/* "Last transaction was partial" */
			res->torn = 1;
			res->torn_offset = at;
			break;
		}
		memset(&t, 0, sizeof(t));
		t.offset = at;
		buf_init(&b, zk_ds_ptr(s), (size_t)len);
		x.what = "record";
		r = dec_payload(&b, &x, &t, &ops);
		if (r == RP_ENOTSUP)
			r = rp_diag_fail(d, r, s->name, 0,
			    "entry at offset %llu: unsupported txn type %d",
			    (unsigned long long)at, t.type);
		else if (r != 0)
			r = rp_diag_fail(d, RP_EPARSE, s->name, 0,
			    "entry at offset %llu: cannot decode the %s of a "
			    "%s txn",
			    (unsigned long long)at, x.what,
			    zk_txn_type_name(t.type));
		if (r != 0) {
			goto out;
		}
		t.ops = ops;
		zk_ds_advance(s, (size_t)len + 1);
		res->entries++;
		if (res->first_zxid == 0)
			res->first_zxid = t.zxid;
		res->last_zxid = t.zxid;
		if ((r = fn(arg, &t)) != 0)
			goto out;
		arena_reset(&a);
	}
	r = 0;
out:
	arena_release(&a);
	return r;
}

int
zk_txnlog_read_fd(int fd, const char *name, const struct zk_txnlog_limits *lim,
    zk_txn_fn fn, void *arg, struct zk_txnlog_result *res, struct rp_diag *d)
{
	struct zk_txnlog_result tmp;
	struct zk_dstream s;
	int r;

	if (res == NULL)
		res = &tmp;
	memset(res, 0, sizeof(*res));
	zk_ds_init_fd(&s, name, fd, ZK_DS_PLAIN);
	r = read_log(&s, lim, fn, arg, res, d);
	zk_ds_release(&s);
	return r;
}

int
zk_txnlog_read_mem(const void *data, size_t len, const char *name,
    const struct zk_txnlog_limits *lim, zk_txn_fn fn, void *arg,
    struct zk_txnlog_result *res, struct rp_diag *d)
{
	struct zk_txnlog_result tmp;
	struct zk_dstream s;
	int r;

	if (res == NULL)
		res = &tmp;
	memset(res, 0, sizeof(*res));
	zk_ds_init_mem(&s, name, data, len, ZK_DS_PLAIN);
	r = read_log(&s, lim, fn, arg, res, d);
	zk_ds_release(&s);
	return r;
}
