/*
 * rootfs.h - file access confined to a root directory (--root DIR).
 *
 * Every file the host target reads goes through this module.  Paths are
 * given as the scanned system sees them ("/etc/ssh/sshd_config") and are
 * resolved inside the root the way a chroot would: absolute symlinks and
 * ".." components can never leave it, so a hostile or simply foreign root
 * (a node's file system mounted at /host, an image unpacked in a temporary
 * directory) cannot make rampart read the scanning machine's own files.
 *
 * Resolution uses openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS) where the
 * kernel has it (Linux 5.6+) and otherwise walks the path one component at
 * a time with openat(O_PATH | O_NOFOLLOW), expanding symlinks itself; both
 * give the same answers (tests/unit/t-rootfs.c runs every case both ways).
 *
 * Errors are RP_E* codes with a diagnostic naming the path as the scanned
 * system sees it; the caller decides whether a missing file is a finding.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_ROOTFS_H
#define RAMPART_HOST_ROOTFS_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"

/* Default cap for rootfs_read(): configuration files are small. */
#define ROOTFS_READ_MAX ((size_t)8 << 20)

/* Symlinks followed in one resolution before RP_ELOOP (as the kernel). */
#define ROOTFS_MAX_SYMLINKS 40

struct rootfs {
	int fd;         /* O_PATH descriptor of the root directory */
	char *dir;      /* the directory as given, for messages */
	int no_openat2; /* use the component walk (set by tests, or ENOSYS) */
};

/* Flags of rootfs_openat() and rootfs_stat(). */
enum rootfs_flag {
	ROOTFS_NOFOLLOW = 1 << 0, /* do not follow a symlink in the last part */
};

/*
 * Open dir as the root.  Returns 0, or RP_ENOENT/RP_ENOTDIR/RP_EACCES with d
 * naming dir.  rootfs_close() releases it.
 */
int rootfs_open(struct rootfs *rf, const char *dir, struct rp_diag *d)
    RP_MUST_CHECK;

/* Release rf; closing a zeroed or already closed rootfs does nothing. */
void rootfs_close(struct rootfs *rf);

/* True when rf is the root directory of this process ("/"). */
int rootfs_is_system_root(const struct rootfs *rf);

/*
 * Resolve path inside the root and open it with oflags (O_RDONLY,
 * O_PATH, O_DIRECTORY...; O_CLOEXEC is always added).  A relative path is
 * taken from the root.  With ROOTFS_NOFOLLOW a symlink in the last
 * component is not followed (combine with O_PATH to get the link itself).
 * Returns 0 and the descriptor in *fd (caller closes), or a negative RP_E*
 * with d naming path.
 */
int rootfs_openat(const struct rootfs *rf, const char *path, int oflags,
    unsigned flags, int *fd /* OUT */, struct rp_diag *d) RP_MUST_CHECK;

/*
 * Read the whole file at path into out (appended).  More than cap bytes is
 * RP_ELIMIT; a directory is RP_EINVAL.  out keeps any bytes read so far
 * only on success.
 */
int rootfs_read(const struct rootfs *rf, const char *path, size_t cap,
    struct strbuf *out, struct rp_diag *d) RP_MUST_CHECK;

/* ACL tags as stored in system.posix_acl_access (see acl(5)). */
enum rootfs_acl_tag {
	ROOTFS_ACL_USER_OBJ = 0x01,
	ROOTFS_ACL_USER = 0x02,
	ROOTFS_ACL_GROUP_OBJ = 0x04,
	ROOTFS_ACL_GROUP = 0x08,
	ROOTFS_ACL_MASK = 0x10,
	ROOTFS_ACL_OTHER = 0x20,
};

#define ROOTFS_ACL_MAX 32

struct rootfs_acl_entry {
	uint16_t tag;  /* enum rootfs_acl_tag */
	uint16_t perm; /* rwx bits: 4 read, 2 write, 1 execute */
	uint32_t id;   /* uid or gid for ROOTFS_ACL_USER/GROUP */
};

struct rootfs_stat {
	mode_t mode; /* type and permission bits, as st_mode */
	uid_t uid;
	gid_t gid;
	off_t size;
	dev_t dev;
	ino_t ino;
	time_t mtime;
	/* Named user/group entries and the mask of an extended POSIX ACL. */
	struct rootfs_acl_entry acl[ROOTFS_ACL_MAX];
	size_t nacl; /* 0 when the file has no extended ACL */
	int acl_err; /* the ACL could not be read or decoded (RP_E*) */
};

/*
 * stat path inside the root (following a final symlink unless
 * ROOTFS_NOFOLLOW) and read its access ACL when it is a regular file or a
 * directory.  Returns 0 or a negative RP_E* with d naming path.
 */
int rootfs_stat(const struct rootfs *rf, const char *path, unsigned flags,
    struct rootfs_stat *st /* OUT */, struct rp_diag *d) RP_MUST_CHECK;

/*
 * Decode a system.posix_acl_access value (version 2, little-endian
 * entries) into st->acl.  Only extended entries (named users and groups,
 * and the mask) are kept.  Returns 0 or RP_EPARSE.
 */
int rootfs_acl_decode(const void *data, size_t len,
    struct rootfs_stat *st /* OUT */) RP_MUST_CHECK;

/*
 * Format st's permission bits and extended ACL entries as "0640" or
 * "0640 +acl user:1001:r--,mask::r--" into out (appended).
 */
void rootfs_mode_str(const struct rootfs_stat *st, struct strbuf *out);

/*
 * Read the target of the symlink at path (the last component is not
 * followed) into out.  Returns 0, RP_EINVAL when path is not a symlink, or
 * another RP_E*.
 */
int rootfs_readlink(const struct rootfs *rf, const char *path,
    struct strbuf *out, struct rp_diag *d) RP_MUST_CHECK;

/*
 * The path of path inside the root with every symlink resolved (realpath(3)
 * as the scanned system would see it: "/etc/zookeeper/conf" may become
 * "/etc/zookeeper/conf_example"), appended to out.  Needs /proc.  Returns 0
 * or a negative RP_E*.
 */
int rootfs_realpath(const struct rootfs *rf, const char *path,
    struct strbuf *out, struct rp_diag *d) RP_MUST_CHECK;

struct rootfs_dirent {
	char *name;         /* caller frees with rootfs_dirents_free() */
	unsigned char type; /* DT_* as readdir reports it */
};

/*
 * List directory path, without "." and "..", sorted by name in byte order.
 * *ents is allocated (free with rootfs_dirents_free()).  Returns 0 or a
 * negative RP_E*.
 */
int rootfs_list(const struct rootfs *rf, const char *path,
    struct rootfs_dirent **ents /* OUT */, size_t *n /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

void rootfs_dirents_free(struct rootfs_dirent *ents, size_t n);

/*
 * Expand a glob(7) pattern ("*", "?", "[...]" in any component) inside the
 * root the way glob(3) with no flags does: a leading "." is matched only
 * explicitly, backslash quotes the next character, and the results are
 * sorted in byte order.  A pattern without wildcards yields the path
 * itself when it exists.  No match is not an error (*n == 0).  *paths is
 * allocated (free with rootfs_paths_free()).  Unreadable directories on
 * the way are skipped, as glob(3) does without GLOB_ERR.
 */
int rootfs_glob(const struct rootfs *rf, const char *pattern,
    char ***paths /* OUT */, size_t *n /* OUT */, struct rp_diag *d)
    RP_MUST_CHECK;

void rootfs_paths_free(char **paths, size_t n);

/*
 * Join dir and name into out as an absolute in-root path ("/etc/ssh" +
 * "sshd_config.d/a.conf").  An absolute name is taken as is.
 */
void rootfs_join(struct strbuf *out, const char *dir, const char *name);

#endif
