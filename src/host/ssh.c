/*
 * ssh.c - sshd configuration of the scanned root: loading it through
 * rootfs, and the checks on its effective values.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include <stdlib.h>
#include <string.h>

#include "host/sshd.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define SSHD_CONFIG_PATH "/etc/ssh/sshd_config"
#define SSHD_CONFIG_MAX ((size_t)4 << 20)

static int
fs_load(void *arg, const char *path, struct strbuf *out, struct rp_diag *d)
{
	return host_read(arg, path, SSHD_CONFIG_MAX, out, d);
}

static int
fs_glob(void *arg, const char *pattern, char ***paths, size_t *n)
{
	struct host_ctx *c = arg;
	struct rp_diag d;

	rp_diag_init(&d);
	return rootfs_glob(&c->root, pattern, paths, n, &d);
}

static const char *
fs_home(void *arg, const char *user)
{
	struct host_ctx *c = arg;
	const struct host_account *a = user != NULL
	    ? host_user_by_name(c, user)
	    : host_user_by_uid(c, 0);

	return a != NULL ? a->home : NULL;
}

static int
fs_groups(void *arg, const char *user, char ***names, size_t *n)
{
	return host_user_groups(arg, user, names, n);
}

void
host_sshd_fs(struct host_ctx *c, struct sshd_fs *fs)
{
	memset(fs, 0, sizeof(*fs));
	fs->load = fs_load;
	fs->glob = fs_glob;
	fs->home = fs_home;
	fs->groups = fs_groups;
	fs->arg = c;
}

int
host_sshd_load(struct host_ctx *c, struct sshd_fs *fs,
    struct sshd_config **out, struct rp_diag *d)
{
	host_sshd_fs(c, fs);
	return sshd_config_load(out, SSHD_CONFIG_PATH, fs, d);
}
