/*
 * txnlog.h - reader of ZooKeeper transaction logs (version-2/log.<zxid>,
 * reference section 2.7).
 *
 * Checks the file header, then each entry's Adler-32, length and
 * end-of-record byte, decodes the TxnHeader and the typed record (multi
 * sub-records included, with or without the trailing TxnDigest) and hands
 * each transaction to a callback.  Stops cleanly at the zero padding; a
 * torn tail (the file ends inside an entry, or the end-of-record byte is
 * missing) ends the file and is reported in the result, not as an error.
 * A CRC mismatch, a bad length, an undecodable record or an unknown type
 * is corruption: an error naming the file and the entry's offset.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_TXNLOG_H
#define RAMPART_ZK_TXNLOG_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"
#include "zk/proto.h"

#define ZK_TXNLOG_MAGIC 0x5A4B4C47 /* "ZKLG" */

/* Transaction types (OpCode values as they appear in logs). */
enum zk_txn_type {
	ZK_TXN_CREATE = 1,
	ZK_TXN_DELETE = 2,
	ZK_TXN_SETDATA = 5,
	ZK_TXN_SETACL = 7,
	ZK_TXN_CHECK = 13,
	ZK_TXN_MULTI = 14,
	ZK_TXN_CREATE2 = 15,
	ZK_TXN_RECONFIG = 16,
	ZK_TXN_CREATE_CONTAINER = 19,
	ZK_TXN_DELETE_CONTAINER = 20,
	ZK_TXN_CREATE_TTL = 21,
	ZK_TXN_ERROR = -1,
	ZK_TXN_CREATE_SESSION = -10,
	ZK_TXN_CLOSE_SESSION = -11,
};

/* One operation; a multi is a list of them. */
struct zk_txn_op {
	int32_t type;              /* enum zk_txn_type */
	const char *path;          /* create/delete/setData/setACL/check */
	int32_t data_len;          /* create/setData: -1 null */
	const struct zk_acl *acl;  /* create/setACL */
	size_t nacl;
	int ephemeral;             /* create/create2 */
	int32_t parent_cversion;   /* creates; -1 when absent (CreateTxnV0) */
	int64_t ttl;               /* createTTL */
	int32_t version;           /* setData/setACL/check */
	int32_t timeout;           /* createSession */
	int32_t err;               /* error */
	const char *const *paths;  /* closeSession: paths2Delete */
	size_t npaths;
	int has_paths;             /* closeSession carried a record */
};

struct zk_txn {
	int64_t client_id;
	int32_t cxid;
	int64_t zxid;
	int64_t time;
	int32_t type;
	const struct zk_txn_op *ops; /* one op; a multi's sub-ops */
	size_t nops;
	int multi_failed; /* a multi with an error sub-txn: nothing applies */
	int has_digest;
	uint64_t offset; /* of the entry in the file */
};

/* Everything a txn points to is borrowed until the callback returns. */
typedef int (*zk_txn_fn)(void *arg, const struct zk_txn *t);

struct zk_txnlog_result {
	uint64_t entries;   /* decoded and handed to the callback */
	int64_t first_zxid; /* of the first / last entry; 0 if none */
	int64_t last_zxid;
	int torn;           /* the file ended inside an entry */
	uint64_t torn_offset;
	uint64_t end_offset; /* where reading stopped */
};

/* Limits; every field finite. */
struct zk_txnlog_limits {
	size_t max_entry;  /* payload bytes; 64 MiB */
	size_t max_string; /* one path/scheme/id; 2 x jute.maxbuffer */
	size_t max_acl;    /* entries in one ACL list; 4096 */
	size_t max_ops;    /* sub-txns in a multi; 1 << 20 */
};

void zk_txnlog_limits_init(struct zk_txnlog_limits *l /* OUT */);

/*
 * Read the log in fd (name labels messages) or in memory (data, len),
 * calling fn for every complete, checksummed entry.  fn's non-zero result
 * stops the read and is returned.  Errors: RP_EPARSE (bad magic or version,
 * CRC mismatch, undecodable record), RP_ENOTSUP (unknown txn type),
 * RP_ELIMIT (a length over the limits), RP_EIO; d names the file and the
 * offset.  res (may be NULL) is filled in all cases.
 */
int zk_txnlog_read_fd(int fd, const char *name,
    const struct zk_txnlog_limits *lim, zk_txn_fn fn, void *arg,
    struct zk_txnlog_result *res /* OUT */, struct rp_diag *d) RP_MUST_CHECK;
int zk_txnlog_read_mem(const void *data, size_t len, const char *name,
    const struct zk_txnlog_limits *lim, zk_txn_fn fn, void *arg,
    struct zk_txnlog_result *res /* OUT */, struct rp_diag *d) RP_MUST_CHECK;

/* The name of a txn type ("create", "setACL", ...), "?" if unknown. */
const char *zk_txn_type_name(int32_t type);

#endif
