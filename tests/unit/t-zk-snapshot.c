/*
 * t-zk-snapshot.c - unit tests for src/zk/{dstream,txnlog,snapshot}.c: the
 * raw Snappy decoder, transaction logs built here entry by entry (every
 * replayed type, checksums, torn tails), and snapshots written by a real
 * ZooKeeper 3.8 (tests/fixtures/zk-snapshot), cut and damaged at many
 * offsets.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "test.h"
#include "util/buf.h"
#include "util/strbuf.h"
#include "zk/dstream.h"
#include "zk/snapshot.h"
#include "zk/txnlog.h"

#define FIX "tests/fixtures/zk-snapshot"

static void
test_snappy(void)
{
	static const unsigned char lit[] = { 3, 0x08, 'a', 'b', 'c' };
	/* "abc" then copy-1 of 6 bytes at distance 3 (overlapping) */
	static const unsigned char cp[] = { 9, 0x08, 'a', 'b', 'c', 0x09, 3 };
	static const unsigned char off0[] = { 9, 0x08, 'a', 'b', 'c', 0x09, 0 };
	static const unsigned char far[] = { 9, 0x08, 'a', 'b', 'c', 0x09, 4 };
	static const unsigned char shortlit[] = { 5, 0x10, 'a', 'b' };
	static const unsigned char badlen[] = { 4, 0x08, 'a', 'b', 'c' };
	unsigned char out[16];
	size_t n = 0;

	CHECK(
	    zk_snappy_uncompress(lit, sizeof(lit), out, sizeof(out), &n) == 0);
	CHECK(n == 3 && memcmp(out, "abc", 3) == 0);
	CHECK(zk_snappy_uncompress(cp, sizeof(cp), out, sizeof(out), &n) == 0);
	CHECK(n == 9 && memcmp(out, "abcabcabc", 9) == 0);
	CHECK(
	    zk_snappy_uncompress(off0, sizeof(off0), out, sizeof(out), &n) < 0);
	CHECK(zk_snappy_uncompress(far, sizeof(far), out, sizeof(out), &n) < 0);
	CHECK(zk_snappy_uncompress(shortlit, sizeof(shortlit), out, sizeof(out),
	          &n) < 0);
	CHECK(zk_snappy_uncompress(badlen, sizeof(badlen), out, sizeof(out),
	          &n) < 0);
	CHECK(zk_snappy_uncompress(cp, sizeof(cp), out, 4, &n) == RP_ELIMIT);
}

/* ---- transaction logs built in memory ------------------------------ */

static void
put_acl(struct strbuf *sb, int32_t perms, const char *scheme, const char *id)
{
	buf_put_i32(sb, 1);
	buf_put_i32(sb, perms);
	buf_put_string(sb, scheme);
	buf_put_string(sb, id);
}

static void
put_hdr(struct strbuf *sb, int64_t client, int64_t zxid, int32_t type)
{
	buf_put_i64(sb, client);
	buf_put_i32(sb, 1);
	buf_put_i64(sb, zxid);
	buf_put_i64(sb, 1000 + zxid);
	buf_put_i32(sb, type);
}

/* create path (acl world:anyone:perms) as a record body */
static void
put_create(struct strbuf *sb, const char *path, int32_t perms, int eph)
{
	buf_put_string(sb, path);
	buf_put_bytes(sb, "d", 1);
	put_acl(sb, perms, "world", "anyone");
	buf_put_bool(sb, eph);
	buf_put_i32(sb, 1);
}

static void
add_entry(struct strbuf *log, const struct strbuf *payload)
{
	buf_put_i64(log,
	    (int64_t)adler32(1, (const Bytef *)payload->buf,
	        (uInt)payload->len));
	buf_put_i32(log, (int32_t)payload->len);
	strbuf_add(log, payload->buf, payload->len);
	strbuf_addch(log, 0x42);
}

static void
build_log(struct strbuf *log)
{
	struct strbuf p = STRBUF_INIT, sub = STRBUF_INIT;

	buf_put_i32(log, ZK_TXNLOG_MAGIC);
	buf_put_i32(log, 2);
	buf_put_i64(log, 0);
	/* 1: create /a (open); 2: create /a/b ephemeral of session 7 */
	put_hdr(&p, 5, 1, ZK_TXN_CREATE);
	put_create(&p, "/a", 31, 0);
	add_entry(log, &p);
	strbuf_reset(&p);
	put_hdr(&p, 7, 2, ZK_TXN_CREATE2);
	put_create(&p, "/a/b", 31, 1);
	buf_put_i32(&p, 1);  /* TxnDigest: version */
	buf_put_i64(&p, 99); /* tree digest */
	add_entry(log, &p);
	/* 3: setACL /a world:anyone:r, aversion 1 */
	strbuf_reset(&p);
	put_hdr(&p, 5, 3, ZK_TXN_SETACL);
	buf_put_string(&p, "/a");
	put_acl(&p, 1, "world", "anyone");
	buf_put_i32(&p, 1);
	add_entry(log, &p);
	/* 4: multi { create /a/c, check } ok; 5: multi with an error */
	strbuf_reset(&p);
	put_hdr(&p, 5, 4, ZK_TXN_MULTI);
	buf_put_i32(&p, 2);
	strbuf_reset(&sub);
	put_create(&sub, "/a/c", 31, 0);
	buf_put_i32(&p, ZK_TXN_CREATE);
	buf_put_bytes(&p, sub.buf, (int32_t)sub.len);
	strbuf_reset(&sub);
	buf_put_string(&sub, "/a");
	buf_put_i32(&sub, 0);
	buf_put_i32(&p, ZK_TXN_CHECK);
	buf_put_bytes(&p, sub.buf, (int32_t)sub.len);
	add_entry(log, &p);
	strbuf_reset(&p);
	put_hdr(&p, 5, 5, ZK_TXN_MULTI);
	buf_put_i32(&p, 2);
	strbuf_reset(&sub);
	put_create(&sub, "/a/never", 31, 0);
	buf_put_i32(&p, ZK_TXN_CREATE);
	buf_put_bytes(&p, sub.buf, (int32_t)sub.len);
	strbuf_reset(&sub);
	buf_put_i32(&sub, -103);
	buf_put_i32(&p, ZK_TXN_ERROR);
	buf_put_bytes(&p, sub.buf, (int32_t)sub.len);
	add_entry(log, &p);
	/* 6: container /k; 7: TTL /t; 8: closeSession 7 (old style) */
	strbuf_reset(&p);
	put_hdr(&p, 5, 6, ZK_TXN_CREATE_CONTAINER);
	buf_put_string(&p, "/k");
	buf_put_bytes(&p, NULL, -1);
	put_acl(&p, 31, "world", "anyone");
	buf_put_i32(&p, 2);
	add_entry(log, &p);
	strbuf_reset(&p);
	put_hdr(&p, 5, 7, ZK_TXN_CREATE_TTL);
	buf_put_string(&p, "/t");
	buf_put_bytes(&p, "", 0);
	put_acl(&p, 31, "world", "anyone");
	buf_put_i32(&p, 3);
	buf_put_i64(&p, 60000);
	add_entry(log, &p);
	strbuf_reset(&p);
	put_hdr(&p, 7, 8, ZK_TXN_CLOSE_SESSION);
	add_entry(log, &p);
	/* 9: delete /k */
	strbuf_reset(&p);
	put_hdr(&p, 5, 9, ZK_TXN_DELETE);
	buf_put_string(&p, "/k");
	add_entry(log, &p);
	/* zero padding */
	strbuf_addchars(log, 0, 64);
	strbuf_release(&p);
	strbuf_release(&sub);
}

struct seen {
	struct strbuf lines;
	int txns;
};

static int
on_txn(void *arg, const struct zk_txn *t)
{
	struct seen *s = arg;

	(void)t;
	s->txns++;
	return 0;
}

static int
on_node(void *arg, const struct zk_walk_node *n)
{
	struct seen *s = arg;
	size_t i;

	strbuf_addf(&s->lines, "%s", n->path);
	for (i = 0; i < n->nacl; i++)
		strbuf_addf(&s->lines, " %s:%s:%d", n->acl[i].scheme,
		    n->acl[i].id, (int)n->acl[i].perms);
	if (n->stat != NULL)
		strbuf_addf(&s->lines, " av=%d ch=%d eph=%llx",
		    (int)n->stat->aversion, (int)n->stat->num_children,
		    (unsigned long long)n->stat->ephemeral_owner);
	strbuf_addch(&s->lines, '\n');
	return 0;
}

static int
apply_txn(void *arg, const struct zk_txn *t)
{
	zk_snaptree_apply(arg, t);
	return 0;
}

static void
test_txnlog(void)
{
	struct strbuf log = STRBUF_INIT;
	struct zk_txnlog_result res;
	struct seen s = { STRBUF_INIT, 0 };
	struct zk_snaptree *t;
	struct zk_snapshot_opts o;
	struct rp_diag d;
	size_t cut, full;

	build_log(&log);
	rp_diag_init(&d);
	CHECK(zk_txnlog_read_mem(log.buf, log.len, "log.1", NULL, on_txn, &s,
	          &res, &d) == 0);
	CHECK(s.txns == 9 && res.entries == 9 && !res.torn);
	CHECK(res.first_zxid == 1 && res.last_zxid == 9);

	/* replay onto a fresh server's tree */
	t = zk_snaptree_new(1);
	CHECK(zk_txnlog_read_mem(log.buf, log.len, "log.1", NULL, apply_txn, t,
	          &res, &d) == 0);
	zk_snapshot_opts_init(&o);
	o.path = "/a";
	CHECK(zk_snaptree_emit(t, &o, on_node, &s, NULL, &d) == 0);
	/* /a read-only now (aversion 1), /a/c from the multi, /a/b gone with
	 * its session, nothing of the failed multi */
	CHECK_STR(s.lines.buf,
	    "/a world:anyone:1 av=1 ch=1 eph=0\n"
	    "/a/c world:anyone:31 av=0 ch=0 eph=0\n");
	strbuf_reset(&s.lines);
	o.path = "/t";
	CHECK(zk_snaptree_emit(t, &o, on_node, &s, NULL, &d) == 0);
	/* TTL owners are hidden like the server hides them */
	CHECK_STR(s.lines.buf, "/t world:anyone:31 av=0 ch=0 eph=0\n");
	strbuf_reset(&s.lines);
	o.path = "/k";
	CHECK(zk_snaptree_emit(t, &o, on_node, &s, NULL, &d) == RP_ENOENT);
	zk_snaptree_free(t);

	/* skip_through: checked, not decoded */
	{
		struct zk_txnlog_limits lim;

		zk_txnlog_limits_init(&lim);
		lim.skip_through = 4;
		s.txns = 0;
		CHECK(zk_txnlog_read_mem(log.buf, log.len, "log.1", &lim,
		          on_txn, &s, &res, &d) == 0);
		CHECK(s.txns == 5 && res.skipped == 4);
	}

	/* every cut is a clean stop or a torn tail, never an error */
	full = log.len - 64;
	for (cut = 16; cut < full; cut++) {
		s.txns = 0;
		if (zk_txnlog_read_mem(log.buf, cut, "log.1", NULL, on_txn, &s,
		        &res, &d) != 0) {
			CHECK(!"a cut log is an error");
			break;
		}
		CHECK(s.txns < 9);
	}
	CHECK(zk_txnlog_read_mem(log.buf, 10, "log.1", NULL, on_txn, &s, &res,
	          &d) == RP_EPARSE);

	/* a flipped payload byte: checksum mismatch naming the entry */
	log.buf[16 + 12 + 5] ^= 0x40;
	rp_diag_init(&d);
	CHECK(zk_txnlog_read_mem(log.buf, log.len, "log.1", NULL, on_txn, &s,
	          &res, &d) == RP_EPARSE);
	CHECK(strstr(d.msg, "entry at offset 16: checksum mismatch") != NULL);
	log.buf[16 + 12 + 5] ^= 0x40;
	/* bad magic */
	log.buf[0] = 'X';
	CHECK(zk_txnlog_read_mem(log.buf, log.len, "log.1", NULL, on_txn, &s,
	          &res, &d) == RP_EPARSE);
	CHECK(strstr(d.msg, "bad magic") != NULL);
	strbuf_release(&log);
	strbuf_release(&s.lines);
}

/* ---- snapshots from the real server --------------------------------- */

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb, len);
}

static int
count_node(void *arg, const struct zk_walk_node *n)
{
	(void)n;
	(*(size_t *)arg)++;
	return 0;
}

static void
test_snapshot_files(void)
{
	static const char *const files[] = { "snapshot.34", "snapshot.81.gz",
		"snapshot.131.snappy" };
	struct zk_snapshot_stats st;
	struct zk_snapshot_opts o;
	struct rp_diag d;
	size_t i, cut, nodes;
	char path[256];

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct zk_snaptree *t;
		size_t len, step, bad = 0, total = 0;
		char *data;

		snprintf(path, sizeof(path), FIX "/data/version-2/%s",
		    files[i]);
		data = slurp(path, &len);
		CHECK(data != NULL);
		if (data == NULL)
			continue;
		t = zk_snaptree_new(0);
		rp_diag_init(&d);
		CHECK(zk_snaptree_load_mem(t, data, len, files[i], &d) == 0);
		zk_snaptree_free(t);
		/* every prefix is rejected */
		step = len / 200 + 1;
		for (cut = 0; cut < len; cut += step) {
			t = zk_snaptree_new(0);
			if (zk_snaptree_load_mem(t, data, cut, files[i], &d) ==
			    0)
				bad++;
			zk_snaptree_free(t);
		}
		CHECK(bad == 0);
		/* flipped bytes: the seals (or the decompressor) catch
		 * them, and nothing crashes */
		bad = 0;
		for (cut = 0; cut < len; cut += step) {
			data[cut] ^= 0x5a;
			t = zk_snaptree_new(0);
			if (zk_snaptree_load_mem(t, data, len, files[i], &d) ==
			    0)
				bad++;
			total++;
			zk_snaptree_free(t);
			data[cut] ^= 0x5a;
		}
		CHECK(bad * 20 < total);
		free(data);
	}

	/* the data directory: fallback, replay, counts */
	zk_snapshot_opts_init(&o);
	nodes = 0;
	rp_diag_init(&d);
	CHECK(zk_snapshot_walk(FIX "/data", &o, count_node, &nodes, &st, &d) ==
	    0);
	CHECK(nodes == 128 && st.nodes == 128 && st.rejected == 0);
	CHECK(st.snap_zxid == 0x131 && st.last_zxid == 0x133);
	nodes = 0;
	CHECK(zk_snapshot_walk(FIX "/damaged", &o, count_node, &nodes, &st,
	          &d) == 0);
	CHECK(st.rejected == 2 && st.snap_zxid == 0xda && st.gaps == 1);
	CHECK(zk_snapshot_walk(FIX "/broken", &o, count_node, &nodes, &st,
	          &d) == RP_ETRUNC);
	CHECK(strstr(d.msg, "no valid snapshot among 1") != NULL);
	CHECK(zk_snapshot_walk(FIX "/nonexistent", &o, count_node, &nodes, &st,
	          &d) == RP_ENOENT);
	o.max_nodes = 10;
	CHECK(zk_snapshot_walk(FIX "/data", &o, count_node, &nodes, &st, &d) ==
	    RP_ELIMIT);
}

int
main(void)
{
	TEST_RUN(test_snappy);
	TEST_RUN(test_txnlog);
	TEST_RUN(test_snapshot_files);
	return test_report();
}
