/*
 * t-zk-audit.c - the ACL audit engine and the component baselines.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/result.h"
#include "test.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "zk/audit.h"
#include "zk/baseline.h"

#include "util/banned.h"

/* A digest id of rampart:s3cr3t (reference 3.4). */
#define GOOD_DIGEST "rampart:iOdcUgmv9UzTtBd485jjuYSd44M="

static void
test_normalise(void)
{
	struct arena a;

	arena_init(&a, 0);
	CHECK_STR(zk_sasl_normalise(&a, "kafka/h1.ex.com@EX.COM", 1, 1),
	    "kafka");
	CHECK_STR(zk_sasl_normalise(&a, "kafka/h1.ex.com@EX.COM", 1, 0),
	    "kafka@EX.COM");
	CHECK_STR(zk_sasl_normalise(&a, "kafka/h1.ex.com@EX.COM", 0, 1),
	    "kafka/h1.ex.com");
	CHECK_STR(zk_sasl_normalise(&a, "kafka/_HOST@EX.COM", 0, 0),
	    "kafka/*@EX.COM");
	CHECK_STR(zk_sasl_normalise(&a, "kafka/_HOST@EX.COM", -1, -1),
	    "kafka/*@EX.COM");
	CHECK_STR(zk_sasl_normalise(&a, "atlas@EX.COM", 1, 0), "atlas@EX.COM");
	CHECK_STR(zk_sasl_normalise(&a, "hbase", 0, 0), "hbase");
	arena_release(&a);
}

static void
test_digest_check(void)
{
	CHECK(zk_digest_id_check(GOOD_DIGEST, 0) == 0);
	CHECK(zk_digest_id_check("user1:x", 0) == 1);
	CHECK(zk_digest_id_check("user1:passw1", 0) == 2);
	CHECK(zk_digest_id_check("nocolon", 0) == 2);
	CHECK(zk_digest_id_check(":abc", 0) == 2);
	CHECK(zk_digest_id_check(GOOD_DIGEST, 1) == 2);
	CHECK(
	    zk_digest_id_check(
	        "user1:kxh2pgNG/qhqZVqq4BSnkfayhGzPArQO8qoKOlmribo=", 1) == 0);
	CHECK(zk_digest_id_check("u:iOdcUgmv9UzTtBd485jjuYSd44M!", 0) == 2);
}

/* Expected ACL of path as text, or "" when no profile covers it. */
static void
expected_text(struct zk_baseline *b, const char *path, struct strbuf *out)
{
	struct arena a;
	struct zk_bl_entry *e;
	size_t n;
	struct rp_diag d;

	strbuf_reset(out);
	arena_init(&a, 0);
	rp_diag_init(&d);
	if (zk_baseline_expected_path(b, path, &a, NULL, &e, &n, &d) == 1)
		zk_bl_format(out, e, n);
	arena_release(&a);
}

static void
test_baseline_match(void)
{
	struct zk_baseline_settings s;
	struct zk_baseline *b;
	struct zk_bl_match m;
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;

	zk_baseline_settings_init(&s);
	b = zk_baseline_new(&s);
	/* Nothing active: nothing matches, candidates do. */
	CHECK(!zk_baseline_match(b, "/kafka/brokers", 0, &m));
	CHECK(zk_baseline_match(b, "/kafka/brokers", 1, &m));
	CHECK_STR(m.inst->profile->name, "kafka");
	/* Detection by marker: /kafka/brokers/ids activates kafka at /kafka. */
	CHECK(zk_baseline_detect(b, "/kafka/brokers") == NULL);
	CHECK(zk_baseline_detect(b, "/kafka/brokers/ids") != NULL);
	CHECK(zk_baseline_match(b, "/kafka/config/users/alice", 0, &m));
	CHECK((m.rule->flags & ZK_BL_SENSITIVE) != 0);
	CHECK_STR(m.inst->root, "/kafka");
	expected_text(b, "/kafka/config/users/alice", &sb);
	CHECK_STR(sb.buf, "sasl:kafka:cdrwa");
	expected_text(b, "/kafka/consumers/g1", &sb);
	CHECK_STR(sb.buf, "world:anyone:cdrwa");
	/* Not a kafka path: the root instance is not active. */
	CHECK(!zk_baseline_match(b, "/brokers/ids", 0, &m));
	/* ZooKeeper's own nodes, and the tie at "/" with Kafka at root. */
	CHECK(zk_baseline_detect(b, "/zookeeper") != NULL);
	expected_text(b, "/zookeeper/config", &sb);
	CHECK_STR(sb.buf, "world:anyone:r");
	rp_diag_init(&d);
	CHECK(zk_baseline_select(b, "kafka:/,auto", &d) == 0);
	expected_text(b, "/", &sb);
	CHECK_STR(sb.buf, "world:anyone:r,sasl:zookeeper:cdrwa");
	expected_text(b, "/zookeeper/quota/x", &sb);
	CHECK_STR(sb.buf, "sasl:zookeeper:cdrwa,world:anyone:r");
	expected_text(b, "/brokers/topics/t1", &sb);
	CHECK_STR(sb.buf, "sasl:kafka:cdrwa");
	expected_text(b, "/unrelated", &sb);
	CHECK_STR(sb.buf, "");
	CHECK(zk_baseline_select(b, "nosuch", &d) == RP_EINVAL);
	CHECK(strstr(d.msg, "nosuch") != NULL);
	/* Longest root wins over a root-level profile. */
	CHECK(zk_baseline_select(b, "hbase:/hbase", &d) == 0);
	CHECK(!zk_baseline_autodetect(b));
	expected_text(b, "/hbase/tokenauth/keys/1", &sb);
	CHECK_STR(sb.buf, "sasl:hbase:cdrwa");
	expected_text(b, "/hbase/rs", &sb);
	CHECK_STR(sb.buf, "sasl:hbase:cdrwa,world:anyone:r");
	zk_baseline_free(b);
	strbuf_release(&sb);
}

static void
test_baseline_identities(void)
{
	struct zk_baseline_settings s;
	struct zk_baseline *b;
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;

	/* Flags known false: the default short name gains host and realm. */
	zk_baseline_settings_init(&s);
	s.remove_host = 0;
	s.remove_realm = 0;
	b = zk_baseline_new(&s);
	rp_diag_init(&d);
	CHECK(zk_baseline_select(b, "hdfs,atlas,yarn", &d) == 0);
	expected_text(b, "/hadoop-ha/ns1", &sb);
	CHECK_STR(sb.buf, "sasl:hdfs/*@*:cdrwa");
	expected_text(b, "/apache_atlas/active_server_info", &sb);
	CHECK_STR(sb.buf, "sasl:atlas@*:cdrwa");
	expected_text(b, "/rmstore/ZKRMStateRoot", &sb);
	CHECK_STR(sb.buf, "sasl:yarn/*@*:rwa,?digest:*:cd");
	zk_baseline_free(b);

	/* An explicit principal, normalised by the flags. */
	zk_baseline_settings_init(&s);
	s.remove_host = 1;
	s.remove_realm = 0;
	rp_diag_init(&d);
	CHECK(
	    zk_baseline_settings_var(&s, "hdfs=sasl:nn/_HOST@EX.COM", &d) == 0);
	CHECK(zk_baseline_settings_var(&s, "admin=sasl:ops@EX.COM", &d) == 0);
	CHECK(zk_baseline_settings_var(&s, "bad", &d) == RP_EINVAL);
	b = zk_baseline_new(&s);
	CHECK(zk_baseline_select(b, "hdfs,zookeeper", &d) == 0);
	expected_text(b, "/hadoop-ha/ns1/ActiveBreadCrumb", &sb);
	CHECK_STR(sb.buf, "sasl:nn@EX.COM:cdrwa");
	expected_text(b, "/zookeeper", &sb);
	CHECK_STR(sb.buf, "sasl:ops@EX.COM:cdrwa");
	zk_baseline_free(b);
	strbuf_release(&sb);
}

static void
test_profile_file(void)
{
	char path[] = "/tmp/t-zk-audit-XXXXXX";
	int fd = mkstemp(path);
	FILE *fp;
	struct zk_baseline_settings s;
	struct zk_baseline *b;
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	fp = fdopen(fd, "w");
	fputs("profiles:\n"
	      "  - name: myapp\n"
	      "    roots: [/myapp]\n"
	      "    markers: [/leader]\n"
	      "    service: sasl:myapp\n"
	      "    rules:\n"
	      "      - path: /secrets/**\n"
	      "        acl: ${svc}:cdrwa\n"
	      "        sensitive: true\n"
	      "      - path: /**\n"
	      "        acl: ${svc}:cdrwa,world:anyone:r,${kafka}:r\n",
	    fp);
	fclose(fp);
	zk_baseline_settings_init(&s);
	b = zk_baseline_new(&s);
	rp_diag_init(&d);
	CHECK(zk_baseline_load_file(b, path, &d) == 0);
	CHECK(zk_baseline_profile(b, "myapp") != NULL);
	CHECK(zk_baseline_detect(b, "/myapp/leader") != NULL);
	expected_text(b, "/myapp/secrets/k", &sb);
	CHECK_STR(sb.buf, "sasl:myapp:cdrwa");
	expected_text(b, "/myapp/x", &sb);
	CHECK_STR(sb.buf, "sasl:myapp:cdrwa,world:anyone:r,sasl:kafka:r");
	zk_baseline_free(b);

	/* A bad ACL text is an error naming the file and line. */
	fp = fopen(path, "w");
	fputs("profiles:\n"
	      "  - name: bad\n"
	      "    roots: [/bad]\n"
	      "    service: sasl:bad\n"
	      "    rules:\n"
	      "      - path: /**\n"
	      "        acl: ${svc}:rwxyz\n",
	    fp);
	fclose(fp);
	b = zk_baseline_new(&s);
	rp_diag_init(&d);
	CHECK(zk_baseline_load_file(b, path, &d) == RP_EINVAL);
	CHECK(d.line == 6);
	CHECK(strstr(d.where, "t-zk-audit-") != NULL);
	zk_baseline_free(b);
	fp = fopen(path, "w");
	fputs("profiles: {}\n", fp);
	fclose(fp);
	b = zk_baseline_new(&s);
	CHECK(zk_baseline_load_file(b, path, &d) == RP_EINVAL);
	zk_baseline_free(b);
	unlink(path);
	strbuf_release(&sb);
}

/* A small tree: (path, acl text, children, ephemeral). */
struct tnode {
	const char *path;
	struct zk_acl acl[3];
	size_t nacl;
	int32_t children;
};

#define W(p)                           \
	{                              \
		(p), "world", "anyone" \
	}
#define S(p)                         \
	{                            \
		(p), "sasl", "kafka" \
	}
#define DG(p)                              \
	{                                  \
		(p), "digest", GOOD_DIGEST \
	}

static const struct tnode tree[] = {
	{ "/", { W(31) }, 1, 3 },
	{ "/kafka", { W(31) }, 1, 3 },
	{ "/kafka/brokers", { W(31) }, 1, 1 },
	{ "/kafka/brokers/ids", { S(31), W(1) }, 2, 0 },
	{ "/kafka/config", { S(31), W(7) }, 2, 1 },
	{ "/kafka/config/users", { W(1), S(31) }, 2, 1 },
	{ "/kafka/config/users/alice", { S(31), W(1) }, 2, 0 },
	/* open by design in the kafka profile: seen before the marker
	 * in reverse order, after it in forward order */
	{ "/kafka/consumers", { W(31) }, 1, 0 },
	{ "/app", { DG(31), { 1, "ip", "10.0.0.0/8" } }, 2, 0 },
	{ "/locked", { { 31, "digest", "alice:passw1" } }, 1, 0 },
};

struct seen {
	char line[64][160];
	size_t n;
};

static void
run_tree(int reverse, struct seen *out, uint64_t *npass)
{
	struct policy p;
	struct result *r;
	struct zk_baseline_settings s;
	struct zk_baseline *b;
	struct zk_audit_opts o;
	struct zk_audit *a;
	struct result_iter it;
	struct finding f;
	size_t i, k, nt = sizeof(tree) / sizeof(tree[0]);
	char all[64][160];
	size_t nall = 0;

	policy_init(&p);
	r = result_new("zk scan", &p);
	zk_baseline_settings_init(&s);
	b = zk_baseline_new(&s);
	zk_audit_opts_init(&o);
	o.result = r;
	o.baseline = b;
	o.plaintext = 1;
	a = zk_audit_new(&o);
	for (k = 0; k < nt; k++) {
		const struct tnode *t = &tree[reverse ? nt - 1 - k : k];
		struct zk_stat st;
		struct zk_walk_node n;

		memset(&st, 0, sizeof(st));
		st.num_children = t->children;
		memset(&n, 0, sizeof(n));
		n.event = ZK_WALK_NODE;
		n.path = t->path;
		n.acl = t->acl;
		n.nacl = t->nacl;
		n.stat = &st;
		CHECK(zk_audit_node(a, &n) == 0);
	}
	{
		struct zk_walk_node n;

		memset(&n, 0, sizeof(n));
		n.event = ZK_WALK_UNREADABLE;
		n.path = "/hidden";
		n.err = -102;
		CHECK(zk_audit_node(a, &n) == 0);
	}
	zk_audit_finish(a, r);
	result_finish(r);
	result_iter_init(&it, r);
	while (result_iter_next(&it, &f) && nall < 64) {
		snprintf(all[nall++], sizeof(all[0]), "%s %s %s sev=%d %s",
		    rule_catalog[f.rule].id, f.object,
		    f.evidence != NULL ? f.evidence : "", f.severity,
		    f.path != NULL ? f.path : "");
		/* The digest hash never reaches a finding. */
		CHECK(f.evidence == NULL ||
		    strstr(f.evidence, "iOdcUgmv9") == NULL);
		CHECK(
		    f.evidence == NULL || strstr(f.evidence, "passw1") == NULL);
		CHECK(f.message == NULL || strstr(f.message, "passw1") == NULL);
	}
	result_iter_release(&it);
	/* Sorted, so the walk order does not matter. */
	qsort(all, nall, sizeof(all[0]),
	    (int (*)(const void *, const void *))strcmp);
	out->n = 0;
	for (i = 0; i < nall && out->n < 64; i++)
		snprintf(out->line[out->n++], sizeof(out->line[0]), "%.150s",
		    all[i]);
	*npass = 0;
	for (i = 0; i < RULE__COUNT; i++)
		*npass += r->counts[i].status[STATUS_PASS];
	zk_audit_free(a);
	zk_baseline_free(b);
	result_free(r);
	policy_release(&p);
}

static int
has(const struct seen *s, const char *prefix)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strncmp(s->line[i], prefix, strlen(prefix)) == 0)
			return 1;
	return 0;
}

static void
test_audit_engine(void)
{
	struct seen fwd, rev;
	uint64_t pf, pr;
	size_t i;

	run_tree(0, &fwd, &pf);
	run_tree(1, &rev, &pr);
	CHECK(fwd.n == rev.n);
	CHECK(pf == pr);
	for (i = 0; i < fwd.n && i < rev.n; i++)
		CHECK_STR(fwd.line[i], rev.line[i]);
	CHECK(has(&fwd, "zk/acl-world-admin /kafka world:anyone:cdrwa"));
	CHECK(has(&fwd, "zk/acl-world-write /kafka/config "));
	CHECK(!has(&fwd, "zk/acl-world-write /kafka/config/users"));
	CHECK(has(&fwd, "zk/acl-ip /app ip:10.0.0.0/8:r"));
	CHECK(
	    has(&fwd, "zk/acl-digest-plaintext /app digest:rampart:<masked>"));
	CHECK(
	    has(&fwd, "zk/acl-digest-malformed /locked digest:alice:<masked>"));
	CHECK(has(&fwd, "zk/acl-no-admin /locked"));
	CHECK(!has(&fwd, "zk/acl-no-admin /app"));
	CHECK(has(&fwd, "zk/acl-open-parent /kafka/brokers "));
	CHECK(has(&fwd, "zk/acl-open-parent /kafka/config "));
	CHECK(!has(&fwd, "zk/acl-open-parent /kafka/config/users"));
	CHECK(has(&fwd, "zk/subtree-unreadable /hidden NOAUTH"));
	/* Kafka detected from /kafka/brokers/ids even when seen last. */
	CHECK(has(&fwd, "zk/baseline-acl-too-open /kafka/brokers "));
	CHECK(has(&fwd,
	    "zk/baseline-sensitive-readable /kafka/config/users/alice"));
	CHECK(has(&fwd, "zk/baseline-acl-missing-principal /kafka "));
}

int
main(void)
{
	TEST_RUN(test_normalise);
	TEST_RUN(test_digest_check);
	TEST_RUN(test_baseline_match);
	TEST_RUN(test_baseline_identities);
	TEST_RUN(test_profile_file);
	TEST_RUN(test_audit_engine);
	return test_report();
}
