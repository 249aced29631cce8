/*
 * t-zk-journal.c - unit tests for src/zk/journal.c: round trips through a
 * real file, a torn last record at every possible cut, damage before the
 * last line, structural errors, resuming after a torn tail, O_EXCL and the
 * lock against a second writer.
 *
 * SPDX-License-Identifier: MIT
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "zk/journal.h"

static char dir[64];

static const struct zk_acl pre1[] = {
	{ .perms = 31, .scheme = "world", .id = "anyone" },
	{ .perms = 1, .scheme = "digest",
	    .id = "alice:SQICbGEP3vUd4FffsXSLZ8/1XtI=" },
};
static const struct zk_acl tgt1[] = {
	{ .perms = 31, .scheme = "x509", .id = "CN=rampart client,O=Ex: A%B" },
	{ .perms = 16, .scheme = "ip", .id = "10.0.0.0/8" },
};

static char *
tpath(const char *name)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

static void
slurp(const char *path, struct strbuf *sb)
{
	char buf[4096];
	FILE *fp = fopen(path, "r");
	size_t n;

	strbuf_reset(sb);
	if (fp == NULL)
		return;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(sb, buf, n);
	fclose(fp);
}

static void
spit(const char *path, const char *p, size_t n)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return;
	if (fwrite(p, 1, n, fp) != n)
		test_fail(__FILE__, __LINE__, "short write");
	fclose(fp);
}

/* Write header + 3 intents, results for the first two. */
static void
write_sample(const char *path)
{
	struct zk_jwriter w;
	struct rp_diag d;
	uint64_t s1 = 0, s2 = 0, s3 = 0;

	rp_diag_init(&d);
	CHECK(zk_jwriter_create(&w, path, "h1:2181,h2:2181/chroot", 0x1234,
	          1780000000, "digest:super:<masked>", &d) == 0);
	w.no_sync = 1;
	CHECK(zk_jwriter_intent(&w, "/a/b", 77, 3, pre1, 2, tgt1, 2, &s1,
	          &d) == 0);
	CHECK(zk_jwriter_result(&w, s1, 0, 4, &d) == 0);
	CHECK(zk_jwriter_intent(&w, "/a/100%\tx", -5, 0, pre1, 1, tgt1, 1,
	          &s2, &d) == 0);
	CHECK(zk_jwriter_result(&w, s2, -103, -1, &d) == 0);
	CHECK(zk_jwriter_intent(&w, "/a", 1, 0, NULL, 0, tgt1, 2, &s3, &d) ==
	    0);
	CHECK(s1 == 1 && s2 == 2 && s3 == 3);
	CHECK(zk_jwriter_close(&w, &d) == 0);
}

static int
acl_same(const struct zk_acl *a, size_t na, const struct zk_acl *b,
    size_t nb)
{
	size_t i;

	if (na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (a[i].perms != b[i].perms ||
		    strcmp(a[i].scheme, b[i].scheme) != 0 ||
		    strcmp(a[i].id, b[i].id) != 0)
			return 0;
	return 1;
}

static void
test_crc32(void)
{
	CHECK(zk_crc32("123456789", 9) == 0xCBF43926u);
	CHECK(zk_crc32("", 0) == 0);
}

static void
test_roundtrip(void)
{
	struct zk_journal j;
	struct rp_diag d;

	write_sample(tpath("rt"));
	zk_journal_init(&j);
	rp_diag_init(&d);
	CHECK(zk_journal_load(&j, tpath("rt"), &d) == 0);
	CHECK_STR(j.server, "h1:2181,h2:2181/chroot");
	CHECK(j.session == 0x1234 && j.started == 1780000000);
	CHECK_STR(j.ids, "digest:super:<masked>");
	CHECK(j.n == 3 && j.max_seq == 3 && !j.torn_tail);
	if (j.n == 3) {
		CHECK_STR(j.e[0].path, "/a/b");
		CHECK(j.e[0].czxid == 77 && j.e[0].pre_aversion == 3);
		CHECK(acl_same(j.e[0].pre, j.e[0].npre, pre1, 2));
		CHECK(acl_same(j.e[0].target, j.e[0].ntarget, tgt1, 2));
		CHECK(j.e[0].has_result && j.e[0].err == 0 &&
		    j.e[0].post_aversion == 4);
		CHECK_STR(j.e[1].path, "/a/100%\tx");
		CHECK(j.e[1].czxid == -5 && j.e[1].err == -103);
		CHECK(j.e[2].npre == 0 && !j.e[2].has_result);
	}
	zk_journal_release(&j);
}

/*
 * Cut the file at every byte: parsing never fails once the header is
 * whole, the entries are a prefix of the full journal, and a cut inside a
 * line is reported as a torn tail.
 */
static void
test_torn_every_offset(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t cut, hdr;

	write_sample(tpath("torn"));
	slurp(tpath("torn"), &sb);
	hdr = (size_t)((const char *)memchr(sb.buf, '\n', sb.len) - sb.buf) +
	    1;
	for (cut = 0; cut <= sb.len; cut++) {
		struct zk_journal j;
		struct rp_diag d;
		int r;

		zk_journal_init(&j);
		rp_diag_init(&d);
		r = zk_journal_parse(&j, sb.buf, cut, "torn", &d);
		if (cut < hdr) {
			CHECK(r == RP_EPARSE);
		} else {
			CHECK(r == 0);
			CHECK(j.n <= 3);
			CHECK(j.valid_len <= cut);
			CHECK(j.torn_tail == (cut > 0 && sb.buf[cut - 1] != '\n'));
			if (j.n >= 1)
				CHECK_STR(j.e[0].path, "/a/b");
		}
		zk_journal_release(&j);
	}
	strbuf_release(&sb);
}

/* Damage anywhere before the last line is an error naming the line. */
static void
test_damage(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct zk_journal j;
	struct rp_diag d;
	char *p;

	write_sample(tpath("dmg"));
	slurp(tpath("dmg"), &sb);
	p = strstr(sb.buf, "/a/b");
	if (p != NULL)
		p[1] = 'z';
	zk_journal_init(&j);
	rp_diag_init(&d);
	CHECK(zk_journal_parse(&j, sb.buf, sb.len, "dmg", &d) == RP_EPARSE);
	CHECK(d.line == 2);
	CHECK(strstr(d.msg, "CRC") != NULL);
	zk_journal_release(&j);
	/* The same damage on the last line is a torn tail. */
	slurp(tpath("dmg"), &sb);
	p = strrchr(sb.buf, '/');
	if (p != NULL)
		p[1] = 'q';
	zk_journal_init(&j);
	CHECK(zk_journal_parse(&j, sb.buf, sb.len, "dmg", &d) == 0);
	CHECK(j.torn_tail && j.n == 2);
	zk_journal_release(&j);
	strbuf_release(&sb);
}

/* Build a line with a correct CRC. */
static void
line(struct strbuf *sb, const char *body)
{
	strbuf_addstr(sb, body);
	strbuf_addf(sb, "\t%08x\n", (unsigned)zk_crc32(body, strlen(body)));
}

static int
parse_lines(const char *const *bodies, size_t n, struct rp_diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct zk_journal j;
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		line(&sb, bodies[i]);
	zk_journal_init(&j);
	rp_diag_init(d);
	r = zk_journal_parse(&j, sb.buf, sb.len, "t", d);
	zk_journal_release(&j);
	strbuf_release(&sb);
	return r;
}

static void
test_structure(void)
{
	static const char hdr[] = "rampart-zk-journal\t1\ts\t0\t0\t";
	static const char i1[] = "I\t1\t/a\t1\t0\t31:world:anyone\t31:sasl:k";
	struct rp_diag d;
	const char *ok[] = { hdr, i1, "R\t1\t0\t1" };
	const char *orphan[] = { hdr, "R\t5\t0\t1", i1 };
	const char *dup[] = { hdr, i1, "R\t1\t0\t1", "R\t1\t0\t1", i1 };
	const char *order[] = { hdr, i1, i1, i1 };
	const char *magic[] = { "rampart-zk-jounal\t1\ts\t0\t0\t", i1 };
	const char *ver[] = { "rampart-zk-journal\t2\ts\t0\t0\t", i1 };
	const char *kind[] = { hdr, "X\t1", i1 };
	const char *emptyacl[] = { hdr, "I\t1\t/a\t1\t0\t31:world:anyone\t",
		i1 };
	const char *badacl[] = { hdr, "I\t1\t/a\t1\t0\t99:world:anyone\t31:a:b",
		i1 };
	const char *badpath[] = { hdr, "I\t1\ta\t1\t0\t\t31:a:b", i1 };
	const char *badesc[] = { hdr, "I\t1\t/a%zz\t1\t0\t\t31:a:b", i1 };
	const char *nulesc[] = { hdr, "I\t1\t/a%00\t1\t0\t\t31:a:b", i1 };
	const char *fields[] = { hdr, "I\t1\t/a\t1\t0\t31:a:b", i1 };

	CHECK(parse_lines(ok, 3, &d) == 0);
	CHECK(parse_lines(orphan, 3, &d) == RP_EPARSE && d.line == 2);
	CHECK(parse_lines(dup, 5, &d) == RP_EPARSE && d.line == 4);
	CHECK(parse_lines(order, 4, &d) == RP_EPARSE && d.line == 3);
	CHECK(parse_lines(magic, 2, &d) == RP_EPARSE && d.line == 1);
	CHECK(parse_lines(ver, 2, &d) == RP_EPARSE && d.line == 1);
	CHECK(parse_lines(kind, 3, &d) == RP_EPARSE && d.line == 2);
	CHECK(parse_lines(emptyacl, 3, &d) == RP_EPARSE && d.line == 2);
	CHECK(parse_lines(badacl, 3, &d) == RP_EPARSE && d.line == 2);
	CHECK(parse_lines(badpath, 3, &d) == RP_EPARSE && d.line == 2);
	CHECK(parse_lines(badesc, 3, &d) == RP_EPARSE && d.line == 2);
	CHECK(parse_lines(nulesc, 3, &d) == RP_EPARSE && d.line == 2);
	CHECK(parse_lines(fields, 3, &d) == RP_EPARSE && d.line == 2);
	CHECK(parse_lines(ok, 0, &d) == RP_EPARSE);
}

static void
test_acl_codec(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct arena a;
	struct zk_acl *v;
	size_t n;

	arena_init(&a, 0);
	zk_journal_acl_encode(&sb, tgt1, 2);
	CHECK(strchr(sb.buf, ' ') != NULL); /* spaces stay */
	CHECK(strstr(sb.buf, "%2C") != NULL && strstr(sb.buf, "%3A") != NULL);
	CHECK(zk_journal_acl_decode(sb.buf, sb.len, &a, &v, &n) == 0);
	CHECK(acl_same(v, n, tgt1, 2));
	CHECK(zk_journal_acl_decode("", 0, &a, &v, &n) == 0 && n == 0);
	CHECK(zk_journal_acl_decode("31:world", 8, &a, &v, &n) == RP_EPARSE);
	CHECK(zk_journal_acl_decode("x:a:b", 5, &a, &v, &n) == RP_EPARSE);
	CHECK(zk_journal_acl_decode("31::b", 5, &a, &v, &n) == RP_EPARSE);
	CHECK(zk_journal_acl_decode("31:a:b:c", 8, &a, &v, &n) == RP_EPARSE);
	CHECK(zk_journal_acl_decode("31:a:b,", 7, &a, &v, &n) == RP_EPARSE);
	arena_release(&a);
	strbuf_release(&sb);
}

/* A torn tail is cut off before a resumed run appends. */
static void
test_resume(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct zk_journal j, j2;
	struct zk_jwriter w;
	struct rp_diag d;
	uint64_t seq = 0;

	write_sample(tpath("res"));
	slurp(tpath("res"), &sb);
	strbuf_addstr(&sb, "R\t3\t0\t1\tdead"); /* torn result */
	spit(tpath("res"), sb.buf, sb.len);
	zk_journal_init(&j);
	rp_diag_init(&d);
	CHECK(zk_journal_load(&j, tpath("res"), &d) == 0);
	CHECK(j.torn_tail && j.n == 3 && !j.e[2].has_result);
	CHECK(zk_jwriter_resume(&w, tpath("res"), &j, &d) == 0);
	w.no_sync = 1;
	CHECK(zk_jwriter_intent(&w, "/c", 9, 0, pre1, 1, tgt1, 1, &seq, &d) ==
	    0);
	CHECK(seq == 4);
	CHECK(zk_jwriter_result(&w, seq, 0, 1, &d) == 0);
	CHECK(zk_jwriter_close(&w, &d) == 0);
	zk_journal_init(&j2);
	CHECK(zk_journal_load(&j2, tpath("res"), &d) == 0);
	CHECK(!j2.torn_tail && j2.n == 4 && j2.e[3].has_result);
	zk_journal_release(&j2);
	zk_journal_release(&j);
	strbuf_release(&sb);
}

static void
test_exclusive(void)
{
	struct zk_jwriter w, w2;
	struct zk_journal j;
	struct rp_diag d;

	rp_diag_init(&d);
	CHECK(zk_jwriter_create(&w, tpath("ex"), "s", 0, 0, "", &d) == 0);
	/* The file exists: a new journal is refused, never truncated. */
	CHECK(zk_jwriter_create(&w2, tpath("ex"), "s", 0, 0, "", &d) ==
	    RP_EEXIST);
	/* While w holds it, nobody can resume it. */
	zk_journal_init(&j);
	CHECK(zk_journal_load(&j, tpath("ex"), &d) == 0);
	CHECK(zk_jwriter_resume(&w2, tpath("ex"), &j, &d) == RP_EEXIST);
	CHECK(zk_jwriter_close(&w, &d) == 0);
	CHECK(zk_jwriter_resume(&w2, tpath("ex"), &j, &d) == 0);
	CHECK(zk_jwriter_close(&w2, &d) == 0);
	zk_journal_release(&j);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "/tmp/t-zk-journal.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	TEST_RUN(test_crc32);
	TEST_RUN(test_roundtrip);
	TEST_RUN(test_torn_every_offset);
	TEST_RUN(test_damage);
	TEST_RUN(test_structure);
	TEST_RUN(test_acl_codec);
	TEST_RUN(test_resume);
	TEST_RUN(test_exclusive);
	{
		const char *names[] = { "rt", "torn", "dmg", "res", "ex" };
		size_t i;

		for (i = 0; i < 5; i++)
			unlink(tpath(names[i]));
		rmdir(dir);
	}
	return test_report();
}
