/*
 * fuzz-sshd-config.c - libFuzzer harness for the sshd_config parser and
 * the effective-configuration passes (src/host/sshd.c).
 *
 * The input is a small in-memory file system: NUL bytes split it into
 * files, the first being /etc/ssh/sshd_config and the others
 * /etc/ssh/sshd_config.d/0.conf, 1.conf, ... (at most 8), so Include lines
 * with paths or globs (a star over sshd_config.d) reach them.  The
 * configuration is loaded, then evaluated like sshd -T for
 * no connection, for a fixed -C connection, and with each Match block
 * forced on (as the host checks do), and every result is dumped.
 *
 * SPDX-License-Identifier: MIT
 */
#include <fnmatch.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/sshd.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_FILES 9
#define FUZZ_MATCHES 8

struct vfs {
	const char *path[FUZZ_FILES];
	const char *text[FUZZ_FILES];
	size_t len[FUZZ_FILES];
	size_t n;
};

static const char *const names[FUZZ_FILES] = {
	"/etc/ssh/sshd_config",
	"/etc/ssh/sshd_config.d/0.conf",
	"/etc/ssh/sshd_config.d/1.conf",
	"/etc/ssh/sshd_config.d/2.conf",
	"/etc/ssh/sshd_config.d/3.conf",
	"/etc/ssh/sshd_config.d/4.conf",
	"/etc/ssh/sshd_config.d/5.conf",
	"/etc/ssh/sshd_config.d/6.conf",
	"/etc/ssh/sshd_config.d/7.conf",
};

static int
vfs_load(void *arg, const char *path, struct strbuf *out, struct rp_diag *d)
{
	const struct vfs *v = arg;
	size_t i;

	for (i = 0; i < v->n; i++) {
		if (strcmp(v->path[i], path) == 0) {
			strbuf_add(out, v->text[i], v->len[i]);
			return 0;
		}
	}
	return rp_diag_fail(d, RP_ENOENT, path, 0, "no such file");
}

static int
vfs_glob(void *arg, const char *pattern, char ***paths, size_t *n)
{
	const struct vfs *v = arg;
	size_t i;

	*paths = xcalloc(FUZZ_FILES, sizeof(**paths));
	*n = 0;
	for (i = 0; i < v->n; i++)
		if (fnmatch(pattern, v->path[i], FNM_PATHNAME | FNM_PERIOD) ==
		    0)
			(*paths)[(*n)++] = xstrdup(v->path[i]);
	return 0;
}

static const char *
vfs_home(void *arg, const char *user)
{
	(void)arg;
	if (user == NULL || strcmp(user, "root") == 0)
		return "/root";
	return strcmp(user, "bob") == 0 ? "/home/bob" : NULL;
}

static int
vfs_groups(void *arg, const char *user, char ***out, size_t *n)
{
	(void)arg;
	if (strcmp(user, "bob") != 0)
		return -1;
	*out = xcalloc(2, sizeof(**out));
	(*out)[0] = xstrdup("bob");
	(*out)[1] = xstrdup("admins");
	*n = 2;
	return 0;
}

static void
dump_free(struct sshd_config *c, struct strbuf *sb)
{
	if (c == NULL)
		return;
	strbuf_reset(sb);
	sshd_config_dump(c, sb);
	sshd_config_free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vfs v = { { 0 }, { 0 }, { 0 }, 0 };
	struct sshd_fs fs = { vfs_load, vfs_glob, vfs_home, vfs_groups, &v };
	struct sshd_config *base = NULL;
	struct sshd_conn conn;
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	const char *p = (const char *)data, *end = p + size;
	char spec[] = "user=bob,host=h.example.org,addr=10.1.2.3,"
		      "laddr=192.0.2.1,lport=22,rdomain=r1";
	size_t nm = 0, i, nd = 0;

	if (size > 65536)
		return 0;
	while (v.n < FUZZ_FILES) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));

		v.path[v.n] = names[v.n];
		v.text[v.n] = p;
		v.len[v.n] = nul != NULL ? (size_t)(nul - p) : (size_t)(end - p);
		v.n++;
		if (nul == NULL)
			break;
		p = nul + 1;
	}
	rp_diag_init(&d);
	if (sshd_config_load(&base, names[0], &fs, &d) != 0)
		return 0;
	(void)sshd_config_diags(base, &nd);
	(void)sshd_config_conflicts(base, &nd);
	(void)sshd_config_files(base, &nd);
	(void)sshd_config_matches(base, &nm);
	dump_free(sshd_config_for(base, NULL, -1), &sb);
	if (sshd_conn_parse(spec, &conn) == 0)
		dump_free(sshd_config_for(base, &conn, -1), &sb);
	for (i = 0; i < nm && i < FUZZ_MATCHES; i++)
		dump_free(sshd_config_for(base, NULL, (long)i), &sb);
	strbuf_reset(&sb);
	sshd_config_dump(base, &sb);
	sshd_config_free(base);
	strbuf_release(&sb);
	return 0;
}
