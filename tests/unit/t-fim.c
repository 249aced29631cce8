/*
 * t-fim.c - unit tests for src/host/fim.c: attribute comparison, the
 * added/removed/changed merge of two sorted trees, and a baseline written
 * and read back through SQLite.
 *
 * SPDX-License-Identifier: MIT
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/result.h"
#include "host/fim.h"
#include "test.h"
#include "util/xmalloc.h"

static struct fim_entry *
mk(const char *path, uint32_t mode, const char *link, int digest_byte)
{
	struct fim_entry *e = xcalloc(1, sizeof(*e));

	e->path = xstrdup(path);
	e->mode = mode;
	e->size = 10;
	e->mtime_ns = 1700000000123456789LL;
	e->ino = 42;
	e->nlink = 1;
	e->link = link != NULL ? xstrdup(link) : NULL;
	if (digest_byte >= 0) {
		memset(e->digest, digest_byte, sizeof(e->digest));
		e->has_digest = 1;
	}
	return e;
}

static void
add(struct fim_tree *t, struct fim_entry *e)
{
	t->e = xreallocarray(t->e, t->n + 1, sizeof(*t->e));
	t->e[t->n++] = e;
}

static void
test_diff(void)
{
	struct fim_entry *a = mk("/etc/x", S_IFREG | 0644, NULL, 1);
	struct fim_entry *b = mk("/etc/x", S_IFREG | 0644, NULL, 1);
	struct strbuf sb = STRBUF_INIT;

	CHECK(fim_entry_diff(a, b, &sb) == 0 && sb.len == 0);
	b->digest[5] = 9; /* same size, same mtime: only the digest */
	CHECK(fim_entry_diff(a, b, &sb) == FIM_CONTENT);
	CHECK_STR(sb.buf, "content sha256 differs");
	strbuf_reset(&sb);
	b->mode = S_IFREG | 04755;
	b->uid = 1000;
	b->mtime_ns = 1700000001000000000LL;
	CHECK(fim_entry_diff(a, b, &sb) ==
	    (FIM_MODE | FIM_UID | FIM_MTIME | FIM_CONTENT));
	CHECK_STR(sb.buf,
	    "mode 0644 -> 4755; uid 0 -> 1000; mtime "
	    "2023-11-14T22:13:20.123456789Z -> "
	    "2023-11-14T22:13:21.000000000Z; content sha256 differs");
	/* no digest on one side: content is not compared */
	b->has_digest = 0;
	CHECK((fim_entry_diff(a, b, NULL) & FIM_CONTENT) == 0);
	strbuf_release(&sb);
	free(a->path);
	free(a);
	free(b->path);
	free(b);
}

static void
test_link_and_type(void)
{
	struct fim_entry *a = mk("/bin", S_IFLNK | 0777, "usr/bin", -1);
	struct fim_entry *b = mk("/bin", S_IFLNK | 0777, "/tmp/evil", -1);
	struct fim_entry *c = mk("/bin", S_IFDIR | 0755, NULL, -1);
	struct strbuf sb = STRBUF_INIT;

	CHECK(fim_entry_diff(a, b, &sb) == FIM_LINK);
	CHECK_STR(sb.buf, "target usr/bin -> /tmp/evil");
	strbuf_reset(&sb);
	CHECK(fim_entry_diff(a, c, &sb) == (FIM_TYPE | FIM_MODE | FIM_LINK));
	CHECK_STR(sb.buf,
	    "type symlink -> directory; mode 0777 -> 0755; "
	    "target usr/bin -> (none)");
	strbuf_release(&sb);
	free(a->path), free(a->link), free(a);
	free(b->path), free(b->link), free(b);
	free(c->path), free(c);
}

static void
test_compare(void)
{
	struct fim_tree base = { 0 }, cur = { 0 };
	struct result *r = result_new("fim check", NULL);

	add(&base, mk("/etc/a", S_IFREG | 0644, NULL, 1));
	add(&base, mk("/etc/b", S_IFREG | 0644, NULL, 2));
	add(&base, mk("/etc/c", S_IFREG | 0644, NULL, 3));
	add(&cur, mk("/etc/a", S_IFREG | 0644, NULL, 1));
	add(&cur, mk("/etc/b", S_IFREG | 0600, NULL, 2));
	add(&cur, mk("/etc/d", S_IFREG | 0644, NULL, 4));
	add(&cur, mk("/etc/e", S_IFREG | 0644, NULL, -1));
	add(&base, mk("/etc/e", S_IFREG | 0644, NULL, 5));
	cur.e[3]->err = xstrdup("cannot open: permission denied");
	fim_compare(&base, &cur, r);
	CHECK(r->counts[RULE_HOST_FIM_FILE_REMOVED].status[STATUS_FAIL] == 1);
	CHECK(r->counts[RULE_HOST_FIM_FILE_REMOVED].status[STATUS_PASS] == 3);
	CHECK(r->counts[RULE_HOST_FIM_FILE_ADDED].status[STATUS_FAIL] == 1);
	CHECK(r->counts[RULE_HOST_FIM_FILE_CHANGED].status[STATUS_FAIL] == 1);
	CHECK(r->counts[RULE_HOST_FIM_FILE_CHANGED].status[STATUS_PASS] == 1);
	CHECK(r->counts[RULE_HOST_FIM_FILE_CHANGED].status[STATUS_ERROR] == 1);
	result_free(r);
	fim_tree_free(&base);
	fim_tree_free(&cur);
}

static void
test_db_roundtrip(void)
{
	char dir[] = "/tmp/t-fim-XXXXXX";
	struct fim_tree t = { 0 }, back;
	const char *paths[] = { "/etc", "/usr/bin" };
	char **bp = NULL, *db;
	size_t nbp = 0;
	struct rp_diag d;
	FILE *fp;

	CHECK(mkdtemp(dir) != NULL);
	db = xasprintf("%s/fim.db", dir);
	add(&t, mk("/etc/a", S_IFREG | 0644, NULL, 7));
	add(&t, mk("/etc/l", S_IFLNK | 0777, "a", -1));
	t.e[1]->ino = (uint64_t)1 << 63; /* survives the signed column */
	rp_diag_init(&d);
	CHECK(fim_db_write(db, &t, "/", paths, 2, &d) == 0);
	CHECK(fim_db_read(db, &back, &bp, &nbp, &d) == 0);
	CHECK(back.n == 2 && nbp == 2);
	CHECK_STR(bp[1], "/usr/bin");
	CHECK(fim_entry_diff(t.e[0], back.e[0], NULL) == 0);
	CHECK(fim_entry_diff(t.e[1], back.e[1], NULL) == 0);
	CHECK(back.e[0]->has_digest && !back.e[1]->has_digest);
	fim_tree_free(&back);
	rootfs_paths_free(bp, nbp);
	/* not a database */
	fp = fopen(db, "w");
	CHECK(fp != NULL);
	for (int i = 0; i < 100; i++)
		fputs("garbage garbage garbage garbage\n", fp);
	fclose(fp);
	CHECK(fim_db_read(db, &back, &bp, &nbp, &d) == RP_EPARSE);
	CHECK(strstr(d.msg, "not an SQLite database") != NULL);
	unlink(db);
	CHECK(fim_db_read(db, &back, &bp, &nbp, &d) == RP_ENOENT);
	rmdir(dir);
	free(db);
	fim_tree_free(&t);
}

int
main(void)
{
	TEST_RUN(test_diff);
	TEST_RUN(test_link_and_type);
	TEST_RUN(test_compare);
	TEST_RUN(test_db_roundtrip);
	return test_report();
}
