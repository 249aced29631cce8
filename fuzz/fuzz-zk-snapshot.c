/*
 * fuzz-zk-snapshot.c - libFuzzer harness for the snapshot reader.
 *
 * The input is one snapshot file, plain, gzip or snappy-java (chosen from
 * its first bytes as the reader does for file names): header, sessions,
 * ACL map, nodes, seals and trailer are parsed and checked, and on success
 * the tree is emitted to a visitor that touches every field.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "zk/snapshot.h"

#include "util/banned.h"

/* Results are only collected so that none is ignored. */
static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
visit(void *arg, const struct zk_walk_node *n)
{
	size_t i, s = strlen(n->path);

	(void)arg;
	for (i = 0; i < n->nacl; i++)
		s += strlen(n->acl[i].scheme) + strlen(n->acl[i].id) +
		    (size_t)n->acl[i].perms;
	if (n->stat != NULL)
		s += (size_t)n->stat->num_children;
	sink += s;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zk_snaptree *t = zk_snaptree_new(0);
	struct zk_snapshot_stats st;
	struct zk_snapshot_opts o;
	struct rp_diag d;

	rp_diag_init(&d);
	zk_snapshot_opts_init(&o);
	memset(&st, 0, sizeof(st));
	if (zk_snaptree_load_mem(t, data, size, "fuzz", &d) == 0 &&
	    zk_snaptree_emit(t, &o, visit, NULL, &st, &d) == 0)
		sink += st.nodes;
	sink += strlen(d.msg);
	zk_snaptree_free(t);
	return 0;
}
