/*
 * fuzz-zk-props.c - libFuzzer harness for the java.util.Properties reader
 * that parses zoo.cfg and its dynamic file (src/zk/props.c).
 *
 * Every entry is looked up again and trimmed as QuorumPeerConfig trims it,
 * so the escapes, continuation lines and line-number bookkeeping all see
 * hostile bytes.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/arena.h"
#include "util/err.h"
#include "zk/props.h"

#include "util/banned.h"

static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zk_props p;
	struct arena a;
	struct rp_diag d;
	size_t i;

	arena_init(&a, 0);
	zk_props_init(&p);
	rp_diag_init(&d);
	if (zk_props_parse(&p, &a, (const char *)data, size, "zoo.cfg", &d) ==
	    0) {
		for (i = 0; i < p.n; i++) {
			const char *k = zk_java_trim(&a, p.v[i].key);
			const struct zk_prop *w = zk_props_get(&p, k);

			sink += strlen(zk_java_trim(&a, p.v[i].value)) +
			    (w != NULL ? w->line : 0) + p.v[i].col;
		}
	} else {
		sink += strlen(d.msg) + (size_t)d.line;
	}
	zk_props_release(&p);
	arena_release(&a);
	return 0;
}
