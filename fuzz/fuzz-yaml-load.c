/*
 * fuzz-yaml-load.c - libFuzzer harness for the YAML/JSON document loader.
 *
 * Loads every document of the input (stream splitting, List streaming,
 * anchors, merge keys, limits) and walks the trees, so a crash, leak or
 * over-read anywhere in src/util/yload.c or ynode.c shows up.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/yload.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t
walk(const struct ynode *n, unsigned depth)
{
	size_t i, count = 1;
	long long v;
	int b;

	if (n == NULL || depth > 300)
		return 0;
	switch (n->type) {
	case YNODE_SCALAR:
		(void)ynode_kind(n);
		(void)ynode_bool(n, &b);
		(void)ynode_int(n, &v);
		break;
	case YNODE_SEQ:
		for (i = 0; i < n->n; i++)
			count += walk(n->u.items[i], depth + 1);
		break;
	case YNODE_MAP:
		for (i = 0; i < n->n; i++)
			count += walk(n->u.pairs[i].val, depth + 1);
		(void)ynode_get(n, "kind");
		break;
	}
	return count;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yload_limits lim = { .max_nodes = 200000, .stream_items = 1 };
	struct yload *y;
	struct arena a;
	struct ydoc doc;
	struct rp_diag d;
	int r, guard = 0;

	if (yload_open_mem(&y, data, size, "fuzz", &lim) != 0)
		return 0;
	arena_init(&a, 0);
	while ((r = yload_next(y, &a, &doc, &d)) != 0 && guard++ < 100000) {
		if (r > 0)
			(void)walk(doc.root, 0);
		arena_reset(&a);
	}
	arena_release(&a);
	yload_free(y);
	return 0;
}
