/*
 * t-zk-fix.c - unit tests for the server-independent parts of
 * src/zk/fix.c: plan files, target ACL validation, ACL equality, the
 * caller's ADMIN check (world, digest, ip prefixes, super) and the nodes
 * fix must never write.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "test.h"
#include "util/arena.h"
#include "util/err.h"
#include "zk/fix.h"

#define H28 "SQICbGEP3vUd4FffsXSLZ8/1XtI="

static int
parse(const char *text, struct arena *a, struct zk_fix_rule **r, size_t *n,
    struct rp_diag *d)
{
	rp_diag_init(d);
	return zk_fix_rules_parse(text, strlen(text), "plan", a, r, n, d);
}

static void
test_plan_parse(void)
{
	struct arena a;
	struct zk_fix_rule *r;
	struct rp_diag d;
	size_t n;

	arena_init(&a, 0);
	CHECK(parse("# comment\n\n/kafka/** sasl:kafka:cdrwa world:anyone:r\n"
	            "  /a%20b\tx509:CN=a%20b,O=c:rwa # trailing\n"
	            "/** digest:alice:" H28 ":cdrwa\n",
	          &a, &r, &n, &d) == 0);
	CHECK(n == 3);
	if (n == 3) {
		CHECK_STR(r[0].path, "/kafka");
		CHECK(r[0].subtree && r[0].nacl == 2 && r[0].line == 3);
		CHECK(r[0].acl[0].perms == 31);
		CHECK_STR(r[0].acl[1].scheme, "world");
		CHECK(r[0].acl[1].perms == ZK_PERM_READ);
		CHECK_STR(r[1].path, "/a b");
		CHECK(!r[1].subtree);
		CHECK_STR(r[1].acl[0].id, "CN=a b,O=c");
		CHECK(r[1].acl[0].perms ==
		    (ZK_PERM_READ | ZK_PERM_WRITE | ZK_PERM_ADMIN));
		CHECK_STR(r[2].path, "/");
		CHECK(r[2].subtree);
		CHECK_STR(r[2].acl[0].id, "alice:" H28);
	}
	CHECK(parse("", &a, &r, &n, &d) == 0 && n == 0);
	CHECK(parse("/a sasl:k:cdrwx\n", &a, &r, &n, &d) == RP_EPARSE &&
	    d.line == 1);
	CHECK(parse("/a sasl:k:rr\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("/a sasl:k:\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("\n/a\n", &a, &r, &n, &d) == RP_EPARSE && d.line == 2);
	CHECK(strstr(d.msg, "empty") != NULL);
	CHECK(parse("a sasl:k:r\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("/a/ sasl:k:r\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("/a/../b sasl:k:r\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("/a auth::cdrwa\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("/a digest:alice:x:cdrwa\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(strstr(d.msg, "masked") != NULL);
	CHECK(parse("/a world:someone:r\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("/a sasl:k:r sasl:k:w\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("/a foo:k:r\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("/a ip:300.1.1.1:r\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("/a ip:10.0.0.0/33:r\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("/a sasl:k%zz:r\n", &a, &r, &n, &d) == RP_EPARSE);
	CHECK(parse("/a sasl:k%00:r\n", &a, &r, &n, &d) == RP_EPARSE);
	rp_diag_init(&d);
	CHECK(zk_fix_rules_parse("/a\0 sasl:k:r\n", 13, "plan", &a, &r, &n,
	          &d) == RP_EPARSE);
	CHECK(strstr(d.msg, "NUL") != NULL);
	arena_release(&a);
}

static void
test_validate(void)
{
	static const struct zk_acl okv[] = {
		{ 31, "sasl", "kafka" },
		{ 1, "world", "anyone" },
		{ 16, "ip", "fe80::/10" },
		{ 31, "digest", "u:" H28 },
	};
	static const struct zk_acl zero[] = { { 0, "sasl", "k" } };
	static const struct zk_acl shorth[] = { { 31, "digest", "u:abc=" } };

	CHECK(zk_acl_validate_target(okv, 4) == NULL);
	CHECK(zk_acl_validate_target(okv, 0) != NULL);
	CHECK(zk_acl_validate_target(zero, 1) != NULL);
	CHECK(zk_acl_validate_target(shorth, 1) != NULL);
}

static void
test_equal(void)
{
	static const struct zk_acl a[] = { { 31, "sasl", "k" },
		{ 1, "world", "anyone" } };
	static const struct zk_acl b[] = { { 1, "world", "anyone" },
		{ 31, "sasl", "k" } };
	static const struct zk_acl c[] = { { 1, "world", "anyone" },
		{ 15, "sasl", "k" } };
	static const struct zk_acl dup[] = { { 1, "world", "anyone" },
		{ 1, "world", "anyone" } };

	CHECK(zk_acl_equal(a, 2, b, 2));
	CHECK(!zk_acl_equal(a, 2, c, 2));
	CHECK(!zk_acl_equal(a, 2, b, 1));
	CHECK(!zk_acl_equal(a, 2, dup, 2));
	CHECK(zk_acl_equal(a, 0, b, 0));
}

static void
test_admin(void)
{
	static const struct zk_client_info me[] = { { "ip", "10.1.2.3" },
		{ "digest", "alice:" H28 }, { "sasl", "kafka" } };
	static const struct zk_client_info su[] = { { "super", "" } };
	static const struct zk_acl world[] = { { 16, "world", "anyone" } };
	static const struct zk_acl noadmin[] = { { 15, "world", "anyone" },
		{ 15, "sasl", "kafka" } };
	static const struct zk_acl dig[] = { { 16, "digest", "alice:" H28 } };
	static const struct zk_acl otherdig[] = { { 31, "digest",
		"bob:" H28 } };
	static const struct zk_acl net[] = { { 31, "ip", "10.0.0.0/8" } };
	static const struct zk_acl net2[] = { { 31, "ip", "10.2.0.0/16" } };
	static const struct zk_acl sasl[] = { { 31, "sasl", "kafka" } };
	static const struct zk_acl x509[] = { { 31, "x509", "kafka" } };

	CHECK(zk_acl_grants_admin(world, 1, me, 3));
	CHECK(!zk_acl_grants_admin(noadmin, 2, me, 3));
	CHECK(zk_acl_grants_admin(dig, 1, me, 3));
	CHECK(!zk_acl_grants_admin(otherdig, 1, me, 3));
	CHECK(zk_acl_grants_admin(net, 1, me, 3));
	CHECK(!zk_acl_grants_admin(net2, 1, me, 3));
	CHECK(zk_acl_grants_admin(sasl, 1, me, 3));
	CHECK(!zk_acl_grants_admin(x509, 1, me, 3));
	CHECK(zk_acl_grants_admin(noadmin, 2, su, 1));
	CHECK(!zk_acl_grants_admin(sasl, 1, me, 0));
}

static void
test_protected(void)
{
	struct zk_stat st;

	memset(&st, 0, sizeof(st));
	CHECK(zk_fix_protected_node("/kafka/brokers", &st) == NULL);
	CHECK(zk_fix_protected_node("/rmstore/ZKRMStateRoot", &st) != NULL);
	CHECK(zk_fix_protected_node(
	          "/rmstore/ZKRMStateRoot/RM_ZK_FENCING_LOCK", &st) != NULL);
	CHECK(zk_fix_protected_node("/yarn/ActiveStandbyElectorLock", &st) !=
	    NULL);
	CHECK(zk_fix_protected_node("/zookeeper/config", &st) != NULL);
	CHECK(zk_fix_protected_node("/zookeeper/quota", &st) == NULL);
	st.ephemeral_owner = 0x1234;
	CHECK(zk_fix_protected_node("/kafka/brokers/ids/1", &st) != NULL);
}

int
main(void)
{
	TEST_RUN(test_plan_parse);
	TEST_RUN(test_validate);
	TEST_RUN(test_equal);
	TEST_RUN(test_admin);
	TEST_RUN(test_protected);
	return test_report();
}
