/*
 * journal.h - the ACL change journal of `rampart zk fix` and `zk restore`.
 *
 * The journal is a text file, one record per line, each line ending with
 * a tab and the CRC-32 of everything before that tab, so that a line torn
 * by a crash is recognised.  An intent record (path, czxid, the node's ACL
 * version, the old ACL in full, the new ACL) is written and fdatasync'ed
 * before each setACL; a result record (the server's answer and the new ACL
 * version) after it.  The format is documented in docs/zookeeper-fix.md:
 *
 *   rampart-zk-journal <TAB> 1 <TAB> server <TAB> session <TAB> started
 *       <TAB> identities <TAB> crc
 *   I <TAB> seq <TAB> path <TAB> czxid <TAB> aversion <TAB> old-acl
 *       <TAB> new-acl <TAB> crc
 *   R <TAB> seq <TAB> err <TAB> post-aversion <TAB> crc
 *
 * Paths and ACL fields are percent-escaped (%, tab, newline, control bytes;
 * in ACLs also ',' and ':'); an ACL is "perms:scheme:id" entries joined
 * with ','.  The file is created O_EXCL with mode 0600 (old ACLs hold
 * digest hashes) and its directory is fsync'ed.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_JOURNAL_H
#define RAMPART_ZK_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "zk/proto.h"

#define ZK_JOURNAL_MAGIC   "rampart-zk-journal"
#define ZK_JOURNAL_VERSION 1
/* A journal larger than this is refused (about ten million changes). */
#define ZK_JOURNAL_MAX_BYTES (4ull << 30)

/* One intent record with its result, if the journal has one. */
struct zk_jentry {
	uint64_t seq;
	const char *path; /* full server path */
	int64_t czxid;
	int32_t pre_aversion;
	struct zk_acl *pre; /* the ACL before the change, unmasked */
	size_t npre;
	struct zk_acl *target; /* the ACL rampart set */
	size_t ntarget;
	int has_result;        /* 0: the outcome of the setACL is unknown */
	int32_t err;           /* enum zk_code of the setACL */
	int32_t post_aversion; /* ACL version after it (err == 0) */
	long line;             /* line of the intent record */
};

/* A parsed journal.  Everything lives in the arena. */
struct zk_journal {
	struct arena arena;
	const char *server;   /* connect string of the run that wrote it */
	int64_t session;      /* session id of the first run */
	int64_t started;      /* seconds since the epoch */
	const char *ids;      /* the caller's identities, hashes masked */
	struct zk_jentry *e;  /* in file order */
	size_t n;
	uint64_t max_seq;     /* highest sequence number seen */
	size_t valid_len;     /* bytes of complete, checked records */
	int torn_tail;        /* 1: an incomplete last line was ignored */
	long torn_line;
};

void zk_journal_init(struct zk_journal *j /* OUT */);
void zk_journal_release(struct zk_journal *j);

/*
 * Parse a journal held in memory.  A last line that has no newline or
 * whose CRC does not match is a torn write: it is ignored and torn_tail
 * set.  Any other damage (a bad CRC or malformed field before the last
 * line, a result without its intent, a duplicate sequence number, an
 * unknown record kind or version) is RP_EPARSE with the line in d.
 * name is used in messages.
 */
int zk_journal_parse(struct zk_journal *j, const char *buf, size_t len,
    const char *name, struct rp_diag *d) RP_MUST_CHECK;

/* Read and parse a journal file (at most ZK_JOURNAL_MAX_BYTES). */
int zk_journal_load(struct zk_journal *j, const char *path,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Encode / decode one ACL in the journal's field syntax.  Decoding
 * allocates from a; RP_EPARSE for a malformed list.
 */
void zk_journal_acl_encode(struct strbuf *sb, const struct zk_acl *acl,
    size_t n);
int zk_journal_acl_decode(const char *s, size_t len, struct arena *a,
    struct zk_acl **acl /* OUT */, size_t *n /* OUT */) RP_MUST_CHECK;

/* CRC-32 (IEEE 802.3, the zlib polynomial) of len bytes. */
uint32_t zk_crc32(const void *p, size_t len);

/* An open journal being written. */
struct zk_jwriter {
	int fd;
	uint64_t next_seq;
	struct strbuf line;
	int no_sync; /* tests of the format only: skip fdatasync */
};

/*
 * Create a new journal at path (O_EXCL, 0600; RP_EEXIST if it exists),
 * write the header, fsync the file and its directory.
 */
int zk_jwriter_create(struct zk_jwriter *w /* OUT */, const char *path,
    const char *server, int64_t session, int64_t started, const char *ids,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Reopen an existing journal j (parsed from path) for appending: a torn
 * tail is cut off first (ftruncate to j->valid_len, then fsync), and
 * numbering goes on after j->max_seq.
 */
int zk_jwriter_resume(struct zk_jwriter *w /* OUT */, const char *path,
    const struct zk_journal *j, struct rp_diag *d) RP_MUST_CHECK;

/*
 * Append an intent record and fdatasync it; *seq receives its number.
 * Only after this returns 0 may the setACL be sent.
 */
int zk_jwriter_intent(struct zk_jwriter *w, const char *path, int64_t czxid,
    int32_t aversion, const struct zk_acl *pre, size_t npre,
    const struct zk_acl *target, size_t ntarget, uint64_t *seq /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

/* Append the result of intent seq and fdatasync it. */
int zk_jwriter_result(struct zk_jwriter *w, uint64_t seq, int32_t err,
    int32_t post_aversion, struct rp_diag *d) RP_MUST_CHECK;

/* Close (fsync first); 0 or RP_EIO. */
int zk_jwriter_close(struct zk_jwriter *w, struct rp_diag *d) RP_MUST_CHECK;

#endif
