/*
 * fuzz-zk-reply.c - libFuzzer harness for ZooKeeper reply decoding.
 *
 * The input is what a server could send on one connection: a stream of
 * length-prefixed frames.  The first frame is decoded as a ConnectResponse;
 * every later one as a reply header followed by the record its xid selects
 * (xid modulo the number of record types), so getACL, getChildren(2),
 * getData, exists/Stat, whoAmI, SASL, path, int and watcher-event decoding
 * all see hostile bytes.  Tight limits make the limit paths reachable.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/strbuf.h"
#include "zk/proto.h"

#include "util/banned.h"

/* Results are only collected so that none is ignored. */
static volatile int sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
decode_body(struct buf *b, int32_t sel, const struct zk_limits *lim,
    struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	struct zk_client_info *ids;
	struct zk_acl *acl;
	struct zk_stat st;
	struct bstr tok;
	int32_t v, type, state;
	char **names, *path;
	size_t n, i;

	switch ((uint32_t)sel % 9) {
	case 0:
		if (zk_dec_getacl(b, lim, a, &acl, &n, &st, NULL) == 0)
			for (i = 0; i < n; i++)
				zk_acl_format(&sb, &acl[i], 0);
		break;
	case 1:
		if (zk_dec_children(b, lim, a, &names, &n, NULL, NULL) == 0)
			for (i = 0; i < n; i++)
				(void)zk_path_join(a, "/x", names[i]);
		break;
	case 2:
		sink += zk_dec_children(b, lim, a, &names, &n, &st, NULL);
		break;
	case 3:
		sink += zk_dec_getdata(b, lim, &tok, &st, NULL);
		break;
	case 4:
		sink += zk_dec_stat(b, &st, NULL);
		break;
	case 5:
		sink += zk_dec_whoami(b, lim, a, &ids, &n, NULL);
		break;
	case 6:
		sink += zk_dec_sasl(b, lim, &tok, NULL);
		break;
	case 7:
		if (zk_dec_path(b, lim, a, &path, NULL) == 0)
			sink += zk_path_validate(path, NULL);
		sink += zk_dec_int(b, &v, NULL);
		break;
	case 8:
		sink +=
		    zk_dec_watcher_event(b, lim, a, &type, &state, &path, NULL);
		break;
	}
	strbuf_release(&sb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zk_limits lim;
	struct zk_connect_resp cr;
	struct zk_reply_hdr h;
	struct rp_diag d;
	struct arena a;
	struct buf in, frame;
	int first = 1, r;

	zk_limits_default(&lim);
	lim.max_frame = 1 << 20;
	lim.max_string = 4096;
	lim.max_acl = 64;
	lim.max_children = 1024;
	lim.max_ids = 16;
	arena_init(&a, 0);
	buf_init(&in, data, size);
	while ((r = zk_frame_split(&in, lim.max_frame, &frame, &d)) == 1) {
		if (first) {
			sink += zk_dec_connect_resp(&frame, &cr, &d);
			first = 0;
			continue;
		}
		if (zk_dec_reply_hdr(&frame, &h, &d) != 0)
			continue;
		if (h.err == 0)
			decode_body(&frame, h.xid, &lim, &a);
		arena_reset(&a);
	}
	arena_release(&a);
	return 0;
}
