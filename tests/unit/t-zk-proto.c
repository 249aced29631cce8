/*
 * t-zk-proto.c - unit tests for src/zk/proto.c: the worked frames of the
 * reference (section 1.8) byte for byte, decoding of replies, and hostile
 * replies that must fail cleanly.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "zk/proto.h"

static int
same(const struct strbuf *sb, const unsigned char *want, size_t n)
{
	return sb->len == n && memcmp(sb->buf, want, n) == 0;
}

static void
test_connect_request(void)
{
	static const unsigned char want[] = { 0x00, 0x00, 0x00, 0x2d, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00 };
	struct zk_connect_req req;
	struct strbuf sb = STRBUF_INIT;

	memset(&req, 0, sizeof(req));
	req.timeout_ms = 30000;
	zk_enc_connect(&sb, &req);
	CHECK(sizeof(want) == 49);
	CHECK(same(&sb, want, sizeof(want)));
	strbuf_release(&sb);
}

static void
test_getacl_request(void)
{
	static const unsigned char want[] = { 0x00, 0x00, 0x00, 0x16, 0x00,
		0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,
		0x0a, 0x2f, 0x7a, 0x6f, 0x6f, 0x6b, 0x65, 0x65, 0x70, 0x65,
		0x72 };
	struct strbuf sb = STRBUF_INIT;

	zk_enc_path(&sb, 1, ZK_OP_GETACL, "/zookeeper");
	CHECK(same(&sb, want, sizeof(want)));
	strbuf_release(&sb);
}

static void
test_getchildren2_request(void)
{
	static const unsigned char want[] = { 0x00, 0x00, 0x00, 0x0e, 0x00,
		0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00,
		0x01, 0x2f, 0x00 };
	struct strbuf sb = STRBUF_INIT;

	zk_enc_path_watch(&sb, 2, ZK_OP_GETCHILDREN2, "/", 0);
	CHECK(same(&sb, want, sizeof(want)));
	strbuf_release(&sb);
}

static void
test_auth_request(void)
{
	static const unsigned char want[] = { 0x00, 0x00, 0x00, 0x28, 0xff,
		0xff, 0xff, 0xfc, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x06, 0x64, 0x69, 0x67, 0x65, 0x73,
		0x74, 0x00, 0x00, 0x00, 0x0e, 0x72, 0x61, 0x6d, 0x70, 0x61,
		0x72, 0x74, 0x3a, 0x73, 0x33, 0x63, 0x72, 0x33, 0x74 };
	struct strbuf sb = STRBUF_INIT;

	zk_enc_auth(&sb, "digest", "rampart:s3cr3t", 14);
	CHECK(same(&sb, want, sizeof(want)));
	strbuf_release(&sb);
}

static void
test_ping_close(void)
{
	static const unsigned char ping[] = { 0x00, 0x00, 0x00, 0x08, 0xff,
		0xff, 0xff, 0xfe, 0x00, 0x00, 0x00, 0x0b };
	static const unsigned char close_[] = { 0x00, 0x00, 0x00, 0x08, 0x00,
		0x00, 0x00, 0x03, 0xff, 0xff, 0xff, 0xf5 };
	struct strbuf sb = STRBUF_INIT;

	zk_enc_header_only(&sb, ZK_XID_PING, ZK_OP_PING);
	CHECK(same(&sb, ping, sizeof(ping)));
	strbuf_reset(&sb);
	zk_enc_header_only(&sb, 3, ZK_OP_CLOSE);
	CHECK(same(&sb, close_, sizeof(close_)));
	strbuf_release(&sb);
}

static void
test_setacl_request(void)
{
	static const unsigned char want[] = { 0x00, 0x00, 0x00, 0x44, 0x00,
		0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00,
		0x04, 0x2f, 0x61, 0x70, 0x70, 0x00, 0x00, 0x00, 0x02, 0x00,
		0x00, 0x00, 0x1f, 0x00, 0x00, 0x00, 0x04, 0x73, 0x61, 0x73,
		0x6c, 0x00, 0x00, 0x00, 0x05, 0x6b, 0x61, 0x66, 0x6b, 0x61,
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05, 0x77, 0x6f,
		0x72, 0x6c, 0x64, 0x00, 0x00, 0x00, 0x06, 0x61, 0x6e, 0x79,
		0x6f, 0x6e, 0x65, 0x00, 0x00, 0x00, 0x00 };
	static const struct zk_acl acl[] = {
		{ .perms = ZK_PERM_ALL, .scheme = "sasl", .id = "kafka" },
		{ .perms = ZK_PERM_READ, .scheme = "world", .id = "anyone" },
	};
	struct strbuf sb = STRBUF_INIT;

	zk_enc_setacl(&sb, 4, "/app", acl, 2, 0);
	CHECK(sizeof(want) == 72);
	CHECK(same(&sb, want, sizeof(want)));
	strbuf_release(&sb);
}

/*
 * create (ephemeral, the verify znode) and delete: byte for byte, as
 * zookeeper.jute lays out CreateRequest and DeleteRequest.
 */
static void
test_create_delete_request(void)
{
	static const unsigned char create[] = { 0x00, 0x00, 0x00, 0x2a,
		0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x01, /* hdr */
		0x00, 0x00, 0x00, 0x02, 0x2f, 0x76, /* "/v" */
		0x00, 0x00, 0x00, 0x00,             /* data: empty */
		0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1f, 0x00, 0x00,
		0x00, 0x04, 0x61, 0x75, 0x74, 0x68, /* "auth" */
		0x00, 0x00, 0x00, 0x00,             /* "" */
		0x00, 0x00, 0x00, 0x01 };           /* EPHEMERAL */
	static const unsigned char nulldata[] = { 0xff, 0xff, 0xff, 0xff };
	static const unsigned char del[] = { 0x00, 0x00, 0x00, 0x12, 0x00,
		0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
		0x02, 0x2f, 0x76, 0xff, 0xff, 0xff, 0xff };
	static const struct zk_acl acl[] = {
		{ .perms = ZK_PERM_ALL, .scheme = "auth", .id = "" },
	};
	struct strbuf sb = STRBUF_INIT;

	zk_enc_create(&sb, 5, ZK_OP_CREATE, "/v", "", 0, acl, 1,
	    ZK_CREATE_EPHEMERAL);
	CHECK(sizeof(create) == 46);
	CHECK(same(&sb, create, sizeof(create)));
	strbuf_reset(&sb);
	zk_enc_create(&sb, 5, ZK_OP_CREATE, "/v", NULL, 0, acl, 1, 0);
	CHECK(sb.len == 46 && memcmp(sb.buf + 18, nulldata, 4) == 0);
	strbuf_reset(&sb);
	zk_enc_delete(&sb, 6, "/v", -1);
	CHECK(same(&sb, del, sizeof(del)));
	strbuf_release(&sb);
}

/*
 * Replies of the write operations: SetACLResponse is one Stat (its
 * aversion is the new ACL version the journal records), CreateResponse a
 * path; both are bounded.
 */
static void
test_write_replies(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct zk_limits lim;
	struct zk_stat st;
	struct arena a;
	struct buf b;
	char *path;

	zk_limits_default(&lim);
	arena_init(&a, 0);
	buf_put_i64(&sb, 10);
	buf_put_i64(&sb, 11);
	buf_put_i64(&sb, 12);
	buf_put_i64(&sb, 13);
	buf_put_i32(&sb, 0);
	buf_put_i32(&sb, 0);
	buf_put_i32(&sb, 7); /* aversion */
	buf_put_i64(&sb, 0);
	buf_put_i32(&sb, 0);
	buf_put_i32(&sb, 0);
	buf_put_i64(&sb, 10);
	buf_init(&b, sb.buf, sb.len);
	CHECK(zk_dec_exists(&b, &st, NULL) == 0);
	CHECK(st.aversion == 7 && st.czxid == 10 && buf_remaining(&b) == 0);
	buf_init(&b, sb.buf, sb.len - 1);
	CHECK(zk_dec_exists(&b, &st, NULL) == RP_ETRUNC);
	strbuf_reset(&sb);
	buf_put_string(&sb, "/apps/rampart-verify-1");
	buf_init(&b, sb.buf, sb.len);
	CHECK(zk_dec_path(&b, &lim, &a, &path, NULL) == 0);
	CHECK_STR(path, "/apps/rampart-verify-1");
	buf_init(&b, sb.buf, sb.len - 2);
	CHECK(zk_dec_path(&b, &lim, &a, &path, NULL) != 0);
	strbuf_reset(&sb);
	buf_put_i32(&sb, -1); /* null path */
	buf_init(&b, sb.buf, sb.len);
	CHECK(zk_dec_path(&b, &lim, &a, &path, NULL) == RP_EPROTO);
	strbuf_reset(&sb);
	buf_put_i32(&sb, 0x7fffffff); /* huge length */
	buf_init(&b, sb.buf, sb.len);
	CHECK(zk_dec_path(&b, &lim, &a, &path, NULL) != 0);
	arena_release(&a);
	strbuf_release(&sb);
}

/* Build the worked getACL reply for world:anyone:cdrwa with a Stat. */
static void
build_getacl_reply(struct strbuf *sb, int32_t acl_count)
{
	buf_put_i32(sb, 0); /* frame length, patched below */
	buf_put_i32(sb, 1);
	buf_put_i64(sb, 0x2a);
	buf_put_i32(sb, 0);
	buf_put_i32(sb, acl_count);
	buf_put_i32(sb, 31);
	buf_put_string(sb, "world");
	buf_put_string(sb, "anyone");
	/* Stat */
	buf_put_i64(sb, 1);
	buf_put_i64(sb, 2);
	buf_put_i64(sb, 1700000000000);
	buf_put_i64(sb, 1700000000001);
	buf_put_i32(sb, 3);
	buf_put_i32(sb, 4);
	buf_put_i32(sb, 5);
	buf_put_i64(sb, 0);
	buf_put_i32(sb, 6);
	buf_put_i32(sb, 7);
	buf_put_i64(sb, 8);
	be32_store(sb->buf, (uint32_t)(sb->len - 4));
}

static void
test_getacl_reply(void)
{
	static const unsigned char start[] = { 0x00, 0x00, 0x00, 0x6f, 0x00,
		0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x2a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
		0x00, 0x00, 0x1f, 0x00, 0x00, 0x00, 0x05, 0x77, 0x6f, 0x72,
		0x6c, 0x64, 0x00, 0x00, 0x00, 0x06, 0x61, 0x6e, 0x79, 0x6f,
		0x6e, 0x65 };
	struct strbuf sb = STRBUF_INIT;
	struct zk_limits lim;
	struct zk_reply_hdr h;
	struct zk_acl *acl;
	struct zk_stat st;
	struct arena a;
	struct buf b;
	size_t n;

	zk_limits_default(&lim);
	arena_init(&a, 0);
	build_getacl_reply(&sb, 1);
	CHECK(sb.len == 115);
	CHECK(memcmp(sb.buf, start, sizeof(start)) == 0);
	buf_init(&b, sb.buf + 4, sb.len - 4);
	CHECK(zk_dec_reply_hdr(&b, &h, NULL) == 0);
	CHECK(h.xid == 1 && h.zxid == 0x2a && h.err == 0);
	CHECK(zk_dec_getacl(&b, &lim, &a, &acl, &n, &st, NULL) == 0);
	CHECK(n == 1 && acl[0].perms == 31);
	CHECK_STR(acl[0].scheme, "world");
	CHECK_STR(acl[0].id, "anyone");
	CHECK(st.czxid == 1 && st.mzxid == 2 && st.ctime == 1700000000000);
	CHECK(st.version == 3 && st.cversion == 4 && st.aversion == 5);
	CHECK(st.ephemeral_owner == 0 && st.data_length == 6);
	CHECK(st.num_children == 7 && st.pzxid == 8);
	CHECK(buf_remaining(&b) == 0);
	strbuf_release(&sb);
	arena_release(&a);
}

static void
test_hostile_counts(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct zk_limits lim;
	struct zk_reply_hdr h;
	struct zk_acl *acl;
	struct zk_stat st;
	struct rp_diag d;
	struct arena a;
	struct buf b;
	size_t n;

	zk_limits_default(&lim);
	arena_init(&a, 0);
	/* A count of 2^31-1 in a small frame. */
	build_getacl_reply(&sb, INT32_MAX);
	buf_init(&b, sb.buf + 4, sb.len - 4);
	CHECK(zk_dec_reply_hdr(&b, &h, NULL) == 0);
	CHECK(zk_dec_getacl(&b, &lim, &a, &acl, &n, &st, &d) == RP_ELIMIT);
	CHECK(strstr(d.msg, "over the limit") != NULL);
	/* Under the limit but larger than the frame. */
	strbuf_reset(&sb);
	build_getacl_reply(&sb, 1000);
	buf_init(&b, sb.buf + 20, sb.len - 20);
	CHECK(zk_dec_getacl(&b, &lim, &a, &acl, &n, &st, &d) == RP_ETRUNC);
	CHECK(strstr(d.msg, "does not fit") != NULL);
	/* Negative count. */
	strbuf_reset(&sb);
	build_getacl_reply(&sb, -5);
	buf_init(&b, sb.buf + 20, sb.len - 20);
	CHECK(zk_dec_getacl(&b, &lim, &a, &acl, &n, &st, &d) == RP_EPROTO);
	/* Null ACL vector. */
	strbuf_reset(&sb);
	build_getacl_reply(&sb, -1);
	buf_init(&b, sb.buf + 20, sb.len - 20);
	CHECK(zk_dec_getacl(&b, &lim, &a, &acl, &n, &st, &d) == RP_EPROTO);
	/* Truncated Stat. */
	strbuf_reset(&sb);
	build_getacl_reply(&sb, 1);
	buf_init(&b, sb.buf + 20, sb.len - 21);
	CHECK(zk_dec_getacl(&b, &lim, &a, &acl, &n, &st, &d) == RP_ETRUNC);
	strbuf_release(&sb);
	arena_release(&a);
}

static void
test_connect_response(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct zk_connect_resp resp;
	unsigned char pw[16];
	struct rp_diag d;
	struct buf b;
	int i;

	for (i = 0; i < 16; i++)
		pw[i] = (unsigned char)(i + 1);
	buf_put_i32(&sb, 0);
	buf_put_i32(&sb, 4000);
	buf_put_i64(&sb, 0x0100000000000abcLL);
	buf_put_bytes(&sb, pw, 16);
	/* 36 bytes: no readOnly byte. */
	buf_init(&b, sb.buf, sb.len);
	CHECK(sb.len == 36);
	CHECK(zk_dec_connect_resp(&b, &resp, NULL) == 0);
	CHECK(
	    resp.timeout_ms == 4000 && resp.session_id == 0x0100000000000abcLL);
	CHECK(memcmp(resp.passwd, pw, 16) == 0);
	CHECK(resp.has_read_only == 0 && resp.read_only == 0);
	/* 37 bytes: readOnly = 1. */
	buf_put_u8(&sb, 1);
	buf_init(&b, sb.buf, sb.len);
	CHECK(zk_dec_connect_resp(&b, &resp, NULL) == 0);
	CHECK(resp.has_read_only == 1 && resp.read_only == 1);
	/* A password longer than 16 bytes is refused. */
	strbuf_reset(&sb);
	buf_put_i32(&sb, 0);
	buf_put_i32(&sb, 4000);
	buf_put_i64(&sb, 1);
	buf_put_i32(&sb, 4096);
	buf_init(&b, sb.buf, sb.len);
	CHECK(zk_dec_connect_resp(&b, &resp, &d) == RP_ELIMIT);
	strbuf_release(&sb);
}

static void
test_children(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct zk_limits lim;
	struct arena a;
	struct buf b;
	char **names;
	size_t n;

	zk_limits_default(&lim);
	arena_init(&a, 0);
	buf_put_i32(&sb, 2);
	buf_put_string(&sb, "brokers");
	buf_put_string(&sb, "config");
	buf_init(&b, sb.buf, sb.len);
	CHECK(zk_dec_children(&b, &lim, &a, &names, &n, NULL, NULL) == 0);
	CHECK(n == 2);
	CHECK_STR(names[0], "brokers");
	CHECK_STR(names[1], "config");
	CHECK_STR(zk_path_join(&a, "/", names[0]), "/brokers");
	CHECK_STR(zk_path_join(&a, "/kafka", names[1]), "/kafka/config");
	/* A name with a slash is hostile. */
	strbuf_reset(&sb);
	buf_put_i32(&sb, 1);
	buf_put_string(&sb, "../x");
	buf_init(&b, sb.buf, sb.len);
	CHECK(
	    zk_dec_children(&b, &lim, &a, &names, &n, NULL, NULL) == RP_EPROTO);
	/* A NUL inside a name. */
	strbuf_reset(&sb);
	buf_put_i32(&sb, 1);
	buf_put_bytes(&sb, "a\0b", 3);
	buf_init(&b, sb.buf, sb.len);
	CHECK(
	    zk_dec_children(&b, &lim, &a, &names, &n, NULL, NULL) == RP_EPROTO);
	strbuf_release(&sb);
	arena_release(&a);
}

static void
test_names_and_format(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct zk_acl acl = { .perms = ZK_PERM_READ | ZK_PERM_ADMIN,
		.scheme = "digest",
		.id = "bob:HmacSecretHashXXXXXXXXXXXX=" };

	CHECK_STR(zk_code_name(ZK_NOAUTH), "NOAUTH");
	CHECK_STR(zk_code_name(-127), "THROTTLEDOP");
	CHECK_STR(zk_code_name(-9999), "UNKNOWN");
	CHECK_STR(zk_op_name(ZK_OP_GETACL), "getACL");
	zk_acl_format(&sb, &acl, 0);
	CHECK_STR(sb.buf, "digest:bob:<masked>:ra");
	strbuf_reset(&sb);
	acl.id = "bob:x";
	zk_acl_format(&sb, &acl, 0);
	CHECK_STR(sb.buf, "digest:bob:x:ra");
	strbuf_reset(&sb);
	zk_perms_format(&sb, ZK_PERM_ALL);
	CHECK_STR(sb.buf, "cdrwa");
	strbuf_release(&sb);
	CHECK(zk_path_validate("/", NULL) == 0);
	CHECK(zk_path_validate("/a/b", NULL) == 0);
	CHECK(zk_path_validate("/a/", NULL) == RP_EINVAL);
	CHECK(zk_path_validate("a", NULL) == RP_EINVAL);
	CHECK(zk_path_validate("/a//b", NULL) == RP_EINVAL);
	CHECK(zk_path_validate("/a/../b", NULL) == RP_EINVAL);
	CHECK(zk_path_validate("/a\nb", NULL) == RP_EINVAL);
}

static void
test_sasl_and_whoami(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct zk_client_info *ids;
	struct zk_limits lim;
	struct bstr tok;
	struct arena a;
	struct buf b;
	size_t n;

	zk_limits_default(&lim);
	arena_init(&a, 0);
	buf_put_i32(&sb, -1);
	buf_init(&b, sb.buf, sb.len);
	CHECK(zk_dec_sasl(&b, &lim, &tok, NULL) == 0 && tok.len == -1);
	strbuf_reset(&sb);
	buf_put_i32(&sb, 2);
	buf_put_string(&sb, "ip");
	buf_put_string(&sb, "127.0.0.1");
	buf_put_string(&sb, "super");
	buf_put_string(&sb, NULL);
	buf_init(&b, sb.buf, sb.len);
	CHECK(zk_dec_whoami(&b, &lim, &a, &ids, &n, NULL) == 0 && n == 2);
	CHECK_STR(ids[0].scheme, "ip");
	CHECK_STR(ids[1].user, "");
	/* The SASL request with an empty token (DIGEST-MD5 start). */
	strbuf_reset(&sb);
	zk_enc_sasl(&sb, 1, NULL, 0);
	CHECK(sb.len == 16);
	strbuf_release(&sb);
	arena_release(&a);
}

int
main(void)
{
	TEST_RUN(test_connect_request);
	TEST_RUN(test_getacl_request);
	TEST_RUN(test_getchildren2_request);
	TEST_RUN(test_auth_request);
	TEST_RUN(test_ping_close);
	TEST_RUN(test_setacl_request);
	TEST_RUN(test_create_delete_request);
	TEST_RUN(test_write_replies);
	TEST_RUN(test_getacl_reply);
	TEST_RUN(test_hostile_counts);
	TEST_RUN(test_connect_response);
	TEST_RUN(test_children);
	TEST_RUN(test_names_and_format);
	TEST_RUN(test_sasl_and_whoami);
	return test_report();
}
