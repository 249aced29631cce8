/*
 * fuzz-zk-txnlog.c - libFuzzer harness for the transaction-log reader and
 * the replay.
 *
 * The input is one log file: header, entries (checksum, length, end
 * byte), TxnHeaders and every record type including multi are decoded,
 * and each transaction is applied to a fresh server's tree, which is then
 * emitted.  Entries must carry a correct Adler-32 to get past the check;
 * the seed corpus (real server logs) provides them and the dictionary the
 * magic numbers.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zk/snapshot.h"
#include "zk/txnlog.h"

#include "util/banned.h"

/* Results are only collected so that none is ignored. */
static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
apply(void *arg, const struct zk_txn *t)
{
	size_t i;

	for (i = 0; i < t->nops; i++)
		if (t->ops[i].path != NULL)
			sink += strlen(t->ops[i].path);
	zk_snaptree_apply(arg, t);
	return 0;
}

static int
visit(void *arg, const struct zk_walk_node *n)
{
	(void)arg;
	sink += strlen(n->path) + n->nacl;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zk_snaptree *t = zk_snaptree_new(1);
	struct zk_txnlog_limits lim;
	struct zk_txnlog_result res;
	struct zk_snapshot_opts o;
	struct rp_diag d;

	rp_diag_init(&d);
	zk_snapshot_opts_init(&o);
	zk_txnlog_limits_init(&lim);
	lim.max_entry = 1u << 20; /* keep the fuzzer's allocations small */
	lim.max_acl = 64;
	if (zk_txnlog_read_mem(data, size, "fuzz", &lim, apply, t, &res,
	        &d) == 0)
		sink += res.entries;
	if (zk_snaptree_emit(t, &o, visit, NULL, NULL, &d) == 0)
		sink += 1;
	sink += strlen(d.msg);
	zk_snaptree_free(t);
	return 0;
}
