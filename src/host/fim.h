/*
 * fim.h - file-integrity monitoring: record a tree, keep the record in an
 * SQLite baseline, compare the tree with it later.
 *
 * A scan walks the given paths inside a root (struct rootfs: nothing
 * outside the root is ever opened, symlinks are recorded, never followed),
 * staying on the file system each path starts on.  Per entry it records
 * type, permission bits, owner, group, size, mtime, inode, link count,
 * the symlink target and, for regular files, the SHA-256 of the content.
 * Hashing runs on a small pool of threads fed by the walker; an entry that
 * cannot be read keeps its attributes and an error text instead of a
 * digest, and the scan goes on.
 *
 * docs/fim.md describes the database schema and the limits.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_FIM_H
#define RAMPART_HOST_FIM_H

#include <stddef.h>
#include <stdint.h>

#include "core/result.h"
#include "host/rootfs.h"
#include "util/err.h"
#include "util/strbuf.h"

#define FIM_DIGEST_LEN 32 /* SHA-256 */
#define FIM_DB_FORMAT  "1"

/* The paths recorded when none are given (Wazuh's syscheck defaults). */
extern const char *const fim_default_paths[];
extern const size_t fim_ndefault_paths;

struct fim_entry {
	char *path;    /* in-root path, "/etc/passwd" */
	uint32_t mode; /* st_mode: type and permission bits */
	uint32_t uid, gid;
	int64_t size;
	int64_t mtime_ns; /* nanoseconds since the epoch */
	uint64_t ino;
	uint64_t nlink;
	char *link;     /* symlink target, or NULL */
	int has_digest; /* regular file read completely */
	unsigned char digest[FIM_DIGEST_LEN];
	char *err; /* why the entry could not be read, or NULL */
	/* scan only: the device the walk saw, to detect a swap under us */
	uint64_t dev;
};

struct fim_tree {
	struct fim_entry **e; /* sorted by path (byte order) */
	size_t n, alloc;
	uint64_t nerr;  /* entries with err set */
	uint64_t bytes; /* content bytes hashed */
};

struct fim_scan_opts {
	const char *const *paths; /* in-root absolute paths */
	size_t npaths;
	unsigned workers; /* hashing threads; 0 = online CPUs */
};

/*
 * Record the tree under rf.  A path that does not exist is left out (it is
 * "added" once it appears).  Returns 0, or a negative RP_E* with d set when
 * the scan itself could not run (not for unreadable entries: those carry
 * err).
 */
int fim_scan(const struct rootfs *rf, const struct fim_scan_opts *o,
    struct fim_tree *t /* OUT */, struct rp_diag *d) RP_MUST_CHECK;

void fim_tree_free(struct fim_tree *t);

/*
 * Write t as a new baseline to db (via a temporary file in the same
 * directory renamed over db).  meta_root and the paths are stored so that
 * `fim check` can scan the same set.  Returns 0 or RP_E* with d set.
 */
int fim_db_write(const char *db, const struct fim_tree *t,
    const char *meta_root, const char *const *paths, size_t npaths,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Load a baseline.  RP_ENOENT when db does not exist, RP_EPARSE when it
 * is not an SQLite database or not a rampart FIM baseline (d says which),
 * other RP_E* for I/O errors.  *paths (free with rootfs_paths_free) are the
 * paths the baseline covers.
 */
int fim_db_read(const char *db, struct fim_tree *t /* OUT */,
    char ***paths /* OUT */, size_t *npaths /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

/* Attributes fim_entry_diff() compares, as a bit mask. */
enum fim_attr {
	FIM_TYPE = 1 << 0,
	FIM_MODE = 1 << 1,
	FIM_UID = 1 << 2,
	FIM_GID = 1 << 3,
	FIM_SIZE = 1 << 4,
	FIM_MTIME = 1 << 5,
	FIM_INODE = 1 << 6,
	FIM_NLINK = 1 << 7,
	FIM_LINK = 1 << 8,
	FIM_CONTENT = 1 << 9,
};

/*
 * Compare two records of one path.  Returns the changed attributes and,
 * when out is not NULL, appends "mode 0644 -> 0600; content sha256
 * differs" (digests themselves are never printed).  Content is compared
 * only when both records carry a digest.
 */
unsigned fim_entry_diff(const struct fim_entry *old,
    const struct fim_entry *cur, struct strbuf *out);

/* "regular file", "directory", "symlink", ... for st_mode. */
const char *fim_type_name(uint32_t mode);

/*
 * Compare the baseline with the current scan and report to r:
 * host/fim-file-added, host/fim-file-removed, host/fim-file-changed (an
 * entry that cannot be read now is an error of fim-file-changed).
 */
void fim_compare(const struct fim_tree *base, const struct fim_tree *cur,
    struct result *r);

#endif
