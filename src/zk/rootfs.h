/*
 * rootfs.h - files of an audited system, read under --root DIR.
 *
 * Every path the ZooKeeper configuration audit opens (zoo.cfg, the Debian
 * environment file, jaas.conf, keytabs, data directories) goes through this
 * module, which resolves it the way the kernel would inside chroot(DIR):
 * absolute symlink targets start again at DIR, and ".." never climbs above
 * it.  The walk holds a directory descriptor for each component
 * (openat with O_NOFOLLOW), so a symlink swapped in during the walk cannot
 * lead outside the root either.
 *
 * Paths given to these functions are paths inside the root ("/etc/zookeeper
 * /conf/zoo.cfg"); a relative path is taken relative to the root's "/".
 * Diagnostics name the path inside the root, as the audited system sees it.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_ROOTFS_H
#define RAMPART_ZK_ROOTFS_H

#include <sys/stat.h>

#include <stddef.h>

#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"

/* Limits of one resolution. */
#define ZK_ROOT_MAX_LINKS 40  /* symlinks followed, as Linux's MAXSYMLINKS */
#define ZK_ROOT_MAX_DEPTH 128 /* directory components held at once */
#define ZK_ROOT_MAX_PATH  4096

struct zk_root {
	int fd;     /* O_PATH descriptor of the root directory */
	char *path; /* the directory as given (owned) */
};

/*
 * Open dir as the root of an audited system.  Fails with RP_ENOENT,
 * RP_ENOTDIR or RP_EACCES (d says which).  Release with zk_root_release().
 */
int zk_root_open(struct zk_root *r, const char *dir,
    struct rp_diag *d) RP_MUST_CHECK;

void zk_root_release(struct zk_root *r);

/* True when the root is the running system's "/". */
int zk_root_is_system(const struct zk_root *r);

/*
 * Resolve path inside the root.  With follow, a symlink in the last
 * component is followed too (stat semantics), otherwise it is reported
 * itself (lstat semantics).  canon, when not NULL, receives the resolved
 * absolute path inside the root.  st, when not NULL, receives the object's
 * status.  Errors: RP_ENOENT, RP_ENOTDIR, RP_EACCES, RP_ELOOP (too many
 * links or too deep), RP_ELIMIT (path too long).
 */
int zk_root_stat(const struct zk_root *r, const char *path, int follow,
    struct stat *st /* OUT, may be NULL */,
    struct strbuf *canon /* OUT, may be NULL */,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Open a regular file for reading (symlinks followed inside the root).
 * *fd is the caller's to close.  A path that is not a regular file is
 * RP_EINVAL; FIFOs and devices are never opened for reading.
 */
int zk_root_open_file(const struct zk_root *r, const char *path,
    int *fd /* OUT */, struct stat *st /* OUT, may be NULL */,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Read a whole regular file into out (appended).  A file larger than cap
 * bytes is RP_ELIMIT; nothing is read then.
 */
int zk_root_read_file(const struct zk_root *r, const char *path, size_t cap,
    struct strbuf *out, struct stat *st /* OUT, may be NULL */,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * List the names in directory path (without "." and ".."), sorted
 * bytewise.  *names is an array of *n strings; the caller frees each and
 * the array.  At most max names are returned; more is RP_ELIMIT.
 */
int zk_root_list(const struct zk_root *r, const char *path, size_t max,
    char ***names /* OUT */, size_t *n /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Join a path found in a configuration file to the directory it is
 * relative to, as the JVM would (absolute paths stay as they are).  The
 * result is appended to out.
 */
void zk_root_join(struct strbuf *out, const char *dir, const char *path);

#endif
