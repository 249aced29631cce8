/*
 * t-zk-rootfs.c - chroot-like resolution under --root.
 *
 * SPDX-License-Identifier: MIT
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "zk/rootfs.h"
#include "util/banned.h"

static char top[256];

static void
mk(const char *rel, const char *text)
{
	char p[512];
	FILE *fp;

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	fp = fopen(p, "w");
	if (fp != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
}

static void
ln(const char *target, const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	CHECK(symlink(target, p) == 0);
}

static void
dir(const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	CHECK(mkdir(p, 0755) == 0);
}

/*
 * outside/secret lies next to the root; root/ holds an /etc tree with
 * links that try to leave it.
 */
static void
setup(void)
{
	snprintf(top, sizeof(top), "/tmp/rampart-t-rootfs-XXXXXX");
	CHECK(mkdtemp(top) != NULL);
	dir("outside");
	mk("outside/secret", "SECRET");
	dir("root");
	dir("root/etc");
	dir("root/etc/zookeeper");
	dir("root/etc/alternatives");
	dir("root/etc/zookeeper/conf_example");
	mk("root/etc/zookeeper/conf_example/zoo.cfg", "tickTime=2000\n");
	mk("root/secret", "INSIDE");
	ln("/etc/alternatives/zookeeper-conf", "root/etc/zookeeper/conf");
	ln("/etc/zookeeper/conf_example",
	    "root/etc/alternatives/zookeeper-conf");
	ln("../../../../outside/secret", "root/etc/zookeeper/up");
	ln("/../../outside/secret", "root/etc/zookeeper/abs");
	ln("loop2", "root/etc/loop1");
	ln("loop1", "root/etc/loop2");
	{
		char p[600];

		snprintf(p, sizeof(p), "%s/root/fifo", top);
		CHECK(mkfifo(p, 0600) == 0);
	}
}

static void
test_resolution(void)
{
	struct zk_root r;
	struct rp_diag d;
	struct strbuf sb = STRBUF_INIT, canon = STRBUF_INIT;
	char root[512];
	struct stat st;
	char **names = NULL;
	size_t n = 0, i;
	int fd = -1;

	snprintf(root, sizeof(root), "%s/root", top);
	rp_diag_init(&d);
	CHECK(zk_root_open(&r, root, &d) == 0);
	CHECK(!zk_root_is_system(&r));

	/* Absolute links restart at the root (Debian's alternatives). */
	CHECK(zk_root_read_file(&r, "/etc/zookeeper/conf/zoo.cfg", 1024, &sb,
		  NULL, &d) == 0);
	CHECK_STR(sb.buf, "tickTime=2000\n");
	CHECK(zk_root_stat(&r, "/etc/zookeeper/conf/zoo.cfg", 1, &st, &canon,
		  &d) == 0);
	CHECK_STR(canon.buf, "/etc/zookeeper/conf_example/zoo.cfg");

	/* ".." clamps at the root: both links land on root/secret. */
	strbuf_reset(&sb);
	CHECK(zk_root_read_file(&r, "/etc/zookeeper/up", 1024, &sb, NULL,
		  &d) != 0 ||
	    strcmp(sb.buf, "SECRET") != 0);
	strbuf_reset(&sb);
	CHECK(zk_root_read_file(&r, "/etc/zookeeper/abs", 1024, &sb, NULL,
		  &d) != 0 ||
	    strcmp(sb.buf, "SECRET") != 0);
	strbuf_reset(&sb);
	CHECK(zk_root_read_file(&r, "/../../../secret", 1024, &sb, NULL,
		  &d) == 0);
	CHECK_STR(sb.buf, "INSIDE");

	/* Without follow, the link itself. */
	CHECK(zk_root_stat(&r, "/etc/zookeeper/conf", 0, &st, NULL, &d) == 0);
	CHECK(S_ISLNK(st.st_mode));

	rp_diag_init(&d);
	CHECK(zk_root_stat(&r, "/etc/loop1", 1, &st, NULL, &d) == RP_ELOOP);
	CHECK(zk_root_stat(&r, "/etc/missing", 1, &st, NULL, &d) == RP_ENOENT);
	CHECK_STR(d.where, "/etc/missing");
	CHECK(zk_root_stat(&r, "/secret/x", 1, &st, NULL, &d) == RP_ENOTDIR);
	/* FIFOs are never opened for reading (it would block). */
	CHECK(zk_root_open_file(&r, "/fifo", &fd, NULL, &d) == RP_EINVAL);
	CHECK(zk_root_open_file(&r, "/etc", &fd, NULL, &d) == RP_EINVAL);
	strbuf_reset(&sb);
	CHECK(zk_root_read_file(&r, "/secret", 3, &sb, NULL, &d) == RP_ELIMIT);
	CHECK(sb.len == 0);

	CHECK(zk_root_list(&r, "/etc/zookeeper/conf", 100, &names, &n, &d) ==
	    0);
	CHECK(n == 1 && strcmp(names[0], "zoo.cfg") == 0);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	CHECK(zk_root_list(&r, "/", 100, &names, &n, &d) == 0);
	CHECK(n == 3);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	CHECK(zk_root_list(&r, "/", 1, &names, &n, &d) == RP_ELIMIT);

	strbuf_release(&sb);
	strbuf_release(&canon);
	zk_root_release(&r);
}

static void
test_join(void)
{
	struct strbuf sb = STRBUF_INIT;

	zk_root_join(&sb, "/etc/zookeeper/conf", "jaas.conf");
	CHECK_STR(sb.buf, "/etc/zookeeper/conf/jaas.conf");
	strbuf_reset(&sb);
	zk_root_join(&sb, "/etc/", "/abs");
	CHECK_STR(sb.buf, "/abs");
	strbuf_release(&sb);
}

static void
cleanup(void)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "%s/root/fifo", top);
	unlink(cmd);
	/* The tree is small and ours: remove it file by file. */
	{
		static const char *const files[] = { "outside/secret",
			"root/etc/zookeeper/conf_example/zoo.cfg", "root/secret",
			"root/etc/zookeeper/conf",
			"root/etc/alternatives/zookeeper-conf",
			"root/etc/zookeeper/up", "root/etc/zookeeper/abs",
			"root/etc/loop1", "root/etc/loop2" };
		static const char *const dirs[] = {
			"root/etc/zookeeper/conf_example",
			"root/etc/alternatives", "root/etc/zookeeper",
			"root/etc", "root", "outside", "" };
		size_t i;

		for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
			snprintf(cmd, sizeof(cmd), "%s/%s", top, files[i]);
			unlink(cmd);
		}
		for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
			snprintf(cmd, sizeof(cmd), "%s/%s", top, dirs[i]);
			rmdir(cmd);
		}
	}
}

int
main(void)
{
	setup();
	TEST_RUN(test_resolution);
	TEST_RUN(test_join);
	cleanup();
	return test_report();
}
