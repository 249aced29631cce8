/*
 * t-rootfs.c - unit tests for src/host/rootfs.c: confinement of symlinks and
 * ".." to the root (with openat2 and with the portable walk), reading,
 * listing, glob and ACL decoding.
 *
 * SPDX-License-Identifier: MIT
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/rootfs.h"
#include "test.h"
#include "util/strbuf.h"

static char base[256]; /* temporary directory holding root/ and outside/ */

static void
put(const char *rel, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	fp = fopen(path, "w");
	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, fp);
	fclose(fp);
}

static void
mk(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	if (mkdir(path, 0755) != 0) {
		perror(path);
		exit(2);
	}
}

static void
ln(const char *target, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	if (symlink(target, path) != 0) {
		perror(path);
		exit(2);
	}
}

/*
 * root/etc/passwd says "inside"; outside/secret (a sibling of the root)
 * says "SECRET" and must never be read, whatever the path or links say.
 */
static void
setup(void)
{
	char outside[512];

	snprintf(base, sizeof(base), "/tmp/t-rootfs.XXXXXX");
	if (mkdtemp(base) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	mk("root");
	mk("outside");
	mk("root/etc");
	mk("root/etc/d");
	mk("root/etc/ssh");
	mk("root/etc/ssh/sshd_config.d");
	put("outside/secret", "SECRET");
	put("root/etc/passwd", "inside");
	put("root/etc/d/b.conf", "b");
	put("root/etc/d/a.conf", "a");
	put("root/etc/d/.hidden.conf", "h");
	put("root/etc/d/c.txt", "c");
	put("root/etc/ssh/sshd_config.d/10-x.conf", "x");
	ln("/etc/passwd", "root/etc/abs");
	ln("../../../../../../etc/passwd", "root/etc/rel");
	ln("../outside/secret", "root/etc/up");
	ln("/../outside/secret", "root/etc/absup");
	snprintf(outside, sizeof(outside), "%s/outside/secret", base);
	ln(outside, "root/etc/full"); /* the real absolute path outside */
	ln("loop", "root/etc/loop");
	ln("/etc", "root/etc/dirlink");
	ln("/nowhere", "root/etc/d/z.conf"); /* dangling */
	ln("/etc/d", "root/linkdir");
}

static void
cleanup(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	if (strncmp(base, "/tmp/t-rootfs.", 14) == 0 && system(cmd) != 0)
		fprintf(stderr, "cleanup of %s failed\n", base);
}

static int
read_ok(struct rootfs *rf, const char *path, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	int ok;

	rp_diag_init(&d);
	ok = rootfs_read(rf, path, 1024, &sb, &d) == 0 &&
	    strcmp(sb.buf, want) == 0;
	if (!ok)
		printf("  read %s: got '%s' (%s)\n", path, sb.buf, d.msg);
	strbuf_release(&sb);
	return ok;
}

static int
read_err(struct rootfs *rf, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	int r;

	rp_diag_init(&d);
	r = rootfs_read(rf, path, 1024, &sb, &d);
	if (r == 0 || strstr(sb.buf, "SECRET") != NULL)
		printf("  read %s: expected an error, got '%s'\n", path,
		    sb.buf);
	strbuf_release(&sb);
	return r;
}

static void
confinement(int no_openat2)
{
	struct rootfs rf;
	struct rp_diag d;
	char dir[512];

	snprintf(dir, sizeof(dir), "%s/root", base);
	rp_diag_init(&d);
	CHECK(rootfs_open(&rf, dir, &d) == 0);
	rf.no_openat2 = no_openat2;
	CHECK(read_ok(&rf, "/etc/passwd", "inside"));
	CHECK(read_ok(&rf, "etc/passwd", "inside"));
	/* Absolute links and ".." stay in the root, as in a chroot. */
	CHECK(read_ok(&rf, "/etc/abs", "inside"));
	CHECK(read_ok(&rf, "/etc/rel", "inside"));
	CHECK(read_ok(&rf, "/../../etc/passwd", "inside"));
	CHECK(read_ok(&rf, "/etc/dirlink/dirlink/passwd", "inside"));
	CHECK(read_ok(&rf, "/linkdir/a.conf", "a"));
	/* Nothing outside the root is ever reached. */
	CHECK(read_err(&rf, "/../outside/secret") == RP_ENOENT);
	CHECK(read_err(&rf, "../outside/secret") == RP_ENOENT);
	CHECK(read_err(&rf, "/etc/up") == RP_ENOENT);
	CHECK(read_err(&rf, "/etc/absup") == RP_ENOENT);
	CHECK(read_err(&rf, "/etc/full") == RP_ENOENT);
	CHECK(read_err(&rf, "/etc/loop") == RP_ELOOP);
	CHECK(read_err(&rf, "/etc/passwd/x") == RP_ENOTDIR);
	CHECK(read_err(&rf, "/etc") == RP_EINVAL);
	rootfs_close(&rf);
}

static void
test_confinement_openat2(void)
{
	confinement(0);
}

static void
test_confinement_walk(void)
{
	confinement(1);
}

static void
test_read_cap(void)
{
	struct rootfs rf;
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	char dir[512];

	snprintf(dir, sizeof(dir), "%s/root", base);
	CHECK(rootfs_open(&rf, dir, &d) == 0);
	CHECK(rootfs_read(&rf, "/etc/passwd", 3, &sb, &d) == RP_ELIMIT);
	CHECK(sb.len == 0);
	CHECK(strstr(d.msg, "larger than 3 bytes") != NULL);
	rootfs_close(&rf);
	strbuf_release(&sb);
}

static void
globbing(int no_openat2)
{
	struct rootfs rf;
	struct rp_diag d;
	char dir[512], **v;
	size_t n;

	snprintf(dir, sizeof(dir), "%s/root", base);
	CHECK(rootfs_open(&rf, dir, &d) == 0);
	rf.no_openat2 = no_openat2;
	CHECK(rootfs_glob(&rf, "/etc/d/*.conf", &v, &n, &d) == 0);
	CHECK(n == 3);
	if (n == 3) {
		CHECK_STR(v[0], "/etc/d/a.conf");
		CHECK_STR(v[1], "/etc/d/b.conf");
		CHECK_STR(v[2], "/etc/d/z.conf"); /* dangling, like glob(3) */
	}
	rootfs_paths_free(v, n);
	CHECK(rootfs_glob(&rf, "/etc/d/.*.conf", &v, &n, &d) == 0);
	CHECK(n == 1);
	rootfs_paths_free(v, n);
	CHECK(rootfs_glob(&rf, "/etc/*/sshd_config.d/*.conf", &v, &n, &d) ==
	    0);
	CHECK(n == 1 && strcmp(v[0], "/etc/ssh/sshd_config.d/10-x.conf") == 0);
	rootfs_paths_free(v, n);
	CHECK(rootfs_glob(&rf, "/etc/passwd", &v, &n, &d) == 0);
	CHECK(n == 1);
	rootfs_paths_free(v, n);
	CHECK(rootfs_glob(&rf, "/etc/nothing*", &v, &n, &d) == 0);
	CHECK(n == 0);
	rootfs_paths_free(v, n);
	CHECK(rootfs_glob(&rf, "/../outside/*", &v, &n, &d) == 0);
	CHECK(n == 0);
	rootfs_paths_free(v, n);
	CHECK(rootfs_glob(&rf, "/linkdir/[ab].conf", &v, &n, &d) == 0);
	CHECK(n == 2);
	rootfs_paths_free(v, n);
	rootfs_close(&rf);
}

static void
test_glob(void)
{
	globbing(0);
	globbing(1);
}

static void
test_list_and_links(void)
{
	struct rootfs rf;
	struct rootfs_dirent *e;
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	struct rootfs_stat st;
	char dir[512];
	size_t n;

	snprintf(dir, sizeof(dir), "%s/root", base);
	CHECK(rootfs_open(&rf, dir, &d) == 0);
	CHECK(rootfs_list(&rf, "/etc/d", &e, &n, &d) == 0);
	CHECK(n == 5);
	if (n == 5) {
		CHECK_STR(e[0].name, ".hidden.conf");
		CHECK_STR(e[4].name, "z.conf");
	}
	rootfs_dirents_free(e, n);
	CHECK(rootfs_readlink(&rf, "/etc/abs", &sb, &d) == 0);
	CHECK_STR(sb.buf, "/etc/passwd");
	CHECK(rootfs_readlink(&rf, "/etc/passwd", &sb, &d) == RP_EINVAL);
	CHECK(rootfs_stat(&rf, "/etc/abs", ROOTFS_NOFOLLOW, &st, &d) == 0);
	CHECK(S_ISLNK(st.mode));
	CHECK(rootfs_stat(&rf, "/etc/abs", 0, &st, &d) == 0);
	CHECK(S_ISREG(st.mode) && st.size == 6);
	CHECK(rootfs_is_system_root(&rf) == 0);
	rootfs_close(&rf);
	CHECK(rootfs_open(&rf, "/", &d) == 0);
	CHECK(rootfs_is_system_root(&rf) == 1);
	rootfs_close(&rf);
	CHECK(rootfs_open(&rf, "/nonexistent-root", &d) == RP_ENOENT);
	strbuf_release(&sb);
}

static void
test_acl_decode(void)
{
	/* version 2; user_obj rw-, user 1001 r--, group_obj r--, mask r--,
	 * other --- */
	static const unsigned char acl[] = {
		2, 0, 0, 0,
		1, 0, 6, 0, 0xff, 0xff, 0xff, 0xff,
		2, 0, 4, 0, 0xe9, 3, 0, 0,
		4, 0, 4, 0, 0xff, 0xff, 0xff, 0xff,
		0x10, 0, 4, 0, 0xff, 0xff, 0xff, 0xff,
		0x20, 0, 0, 0, 0xff, 0xff, 0xff, 0xff,
	};
	struct rootfs_stat st;
	struct strbuf sb = STRBUF_INIT;

	memset(&st, 0, sizeof(st));
	st.mode = S_IFREG | 0640;
	CHECK(rootfs_acl_decode(acl, sizeof(acl), &st) == 0);
	CHECK(st.nacl == 2);
	CHECK(st.acl[0].tag == ROOTFS_ACL_USER && st.acl[0].id == 1001);
	rootfs_mode_str(&st, &sb);
	CHECK_STR(sb.buf, "0640 +acl user:1001:r--,mask::r--");
	CHECK(rootfs_acl_decode(acl, 7, &st) == RP_EPARSE);
	CHECK(rootfs_acl_decode(acl, 0, &st) == RP_EPARSE);
	strbuf_release(&sb);
}

static void
test_join(void)
{
	struct strbuf sb = STRBUF_INIT;

	rootfs_join(&sb, "/etc/ssh", "sshd_config.d/a.conf");
	CHECK_STR(sb.buf, "/etc/ssh/sshd_config.d/a.conf");
	strbuf_reset(&sb);
	rootfs_join(&sb, "/", "etc");
	CHECK_STR(sb.buf, "/etc");
	strbuf_reset(&sb);
	rootfs_join(&sb, "/etc", "/abs");
	CHECK_STR(sb.buf, "/abs");
	strbuf_release(&sb);
}

/* Canonical in-root paths (Debian's alternatives link /etc/zookeeper/conf). */
static void
test_realpath(void)
{
	struct rootfs rf;
	struct rp_diag d;
	struct strbuf sb = STRBUF_INIT;
	char dir[512];

	snprintf(dir, sizeof(dir), "%s/root", base);
	rp_diag_init(&d);
	CHECK(rootfs_open(&rf, dir, &d) == 0);
	CHECK(rootfs_realpath(&rf, "/linkdir/a.conf", &sb, &d) == 0);
	CHECK_STR(sb.buf, "/etc/d/a.conf");
	strbuf_reset(&sb);
	CHECK(rootfs_realpath(&rf, "/etc/dirlink/dirlink/passwd", &sb, &d) ==
	    0);
	CHECK_STR(sb.buf, "/etc/passwd");
	strbuf_reset(&sb);
	CHECK(rootfs_realpath(&rf, "/../etc/..", &sb, &d) == 0);
	CHECK_STR(sb.buf, "/");
	strbuf_reset(&sb);
	CHECK(rootfs_realpath(&rf, "/etc/up", &sb, &d) == RP_ENOENT);
	CHECK(rootfs_realpath(&rf, "/etc/missing", &sb, &d) == RP_ENOENT);
	CHECK(sb.len == 0);
	rootfs_close(&rf);
	/* The system root: the path itself. */
	CHECK(rootfs_open(&rf, "/", &d) == 0);
	CHECK(rootfs_realpath(&rf, dir, &sb, &d) == 0);
	CHECK_STR(sb.buf, dir);
	rootfs_close(&rf);
	strbuf_release(&sb);
}

/* A FIFO is never read (opening it for reading could block). */
static void
test_fifo(void)
{
	struct rootfs rf;
	struct rp_diag d;
	struct strbuf sb = STRBUF_INIT;
	char dir[512], fifo[600];

	snprintf(dir, sizeof(dir), "%s/root", base);
	snprintf(fifo, sizeof(fifo), "%s/root/fifo", base);
	CHECK(mkfifo(fifo, 0600) == 0);
	rp_diag_init(&d);
	CHECK(rootfs_open(&rf, dir, &d) == 0);
	CHECK(rootfs_read(&rf, "/fifo", 1024, &sb, &d) == RP_EINVAL);
	CHECK(sb.len == 0);
	rootfs_close(&rf);
	unlink(fifo);
	strbuf_release(&sb);
}

int
main(void)
{
	int r;

	setup();
	TEST_RUN(test_confinement_openat2);
	TEST_RUN(test_confinement_walk);
	TEST_RUN(test_read_cap);
	TEST_RUN(test_glob);
	TEST_RUN(test_list_and_links);
	TEST_RUN(test_acl_decode);
	TEST_RUN(test_join);
	TEST_RUN(test_realpath);
	TEST_RUN(test_fifo);
	r = test_report();
	cleanup();
	return r;
}
