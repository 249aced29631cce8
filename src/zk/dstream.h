/*
 * dstream.h - a bounded, buffered reader over a ZooKeeper data file
 * (snapshot or transaction log), plain, gzip or snappy-java framed.
 *
 * The snapshot and txn-log parsers read through this stream only.  It keeps
 * a window of decompressed bytes, hands out contiguous runs of a requested
 * size (never more than a fixed cap), tracks the stream offset for error
 * messages and keeps a running Adler-32 over every byte consumed, which is
 * what snapshot seals check.  Decompression errors, truncation and trailing
 * garbage after a gzip member are errors with the file name and offset.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_DSTREAM_H
#define RAMPART_ZK_DSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "util/compat.h"
#include "util/err.h"

enum zk_dstream_kind {
	ZK_DS_PLAIN,
	ZK_DS_GZIP,
	ZK_DS_SNAPPY, /* xerial snappy-java stream */
};

/* The largest contiguous run zk_ds_fill() hands out. */
#define ZK_DS_MAX_RUN (64u << 20)

struct zk_dstream {
	const char *name; /* for messages; borrowed */
	enum zk_dstream_kind kind;
	/* raw input: an fd or a memory block */
	int fd;
	const unsigned char *mem;
	size_t memlen, mempos;
	uint64_t raw_off; /* raw bytes read so far */
	int raw_eof;
	/* decompressor state (opaque to callers) */
	void *z;                 /* z_stream for gzip */
	unsigned char *in;       /* compressed input buffer */
	size_t incap, inlen, inpos;
	int zend;                /* gzip member finished */
	unsigned char *blk;      /* snappy: one decoded block */
	size_t blkcap, blklen, blkpos;
	int hdr_done;
	/* the window */
	unsigned char *buf;
	size_t cap, pos, len;
	uint64_t base; /* stream offset of buf[0] */
	uint32_t adler;
	size_t adpos; /* bytes of buf before this are in adler */
	int eof;      /* the source has no more bytes */
};

/*
 * Open a stream over fd (not closed by the stream) or over len bytes at
 * data (borrowed until release).  name labels messages.  Never fails.
 */
void zk_ds_init_fd(struct zk_dstream *s, const char *name, int fd,
    enum zk_dstream_kind kind);
void zk_ds_init_mem(struct zk_dstream *s, const char *name, const void *data,
    size_t len, enum zk_dstream_kind kind);
void zk_ds_release(struct zk_dstream *s);

/*
 * Make up to n (<= ZK_DS_MAX_RUN) bytes available at zk_ds_ptr().  Sets *got
 * to the number available, which is less than n only at the end of the
 * stream.  Errors (I/O, decompression) are RP_EIO / RP_EPARSE / RP_ETRUNC
 * with d filled.
 */
int zk_ds_fill(struct zk_dstream *s, size_t n, size_t *got /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;
/* The next unconsumed byte; valid until the next fill. */
const unsigned char *zk_ds_ptr(const struct zk_dstream *s);
/* Consume n bytes already made available by zk_ds_fill(). */
void zk_ds_advance(struct zk_dstream *s, size_t n);
/* Fill exactly n bytes or fail with RP_ETRUNC ("what" names the field). */
int zk_ds_need(struct zk_dstream *s, size_t n, const char *what,
    struct rp_diag *d) RP_MUST_CHECK;
/* Consume n bytes (a node's data) in pieces, so n may exceed the cap. */
int zk_ds_skip(struct zk_dstream *s, uint64_t n, const char *what,
    struct rp_diag *d) RP_MUST_CHECK;
/* Big-endian fields; RP_ETRUNC at the end of the stream. */
int zk_ds_i32(struct zk_dstream *s, int32_t *v /* OUT */, const char *what,
    struct rp_diag *d) RP_MUST_CHECK;
int zk_ds_i64(struct zk_dstream *s, int64_t *v /* OUT */, const char *what,
    struct rp_diag *d) RP_MUST_CHECK;
/* Stream offset of the next byte (decompressed offset for gz/snappy). */
uint64_t zk_ds_offset(const struct zk_dstream *s);
/* Adler-32 of every byte consumed so far. */
uint32_t zk_ds_adler(struct zk_dstream *s);
/*
 * After the last record: require the end of the stream (and, for gzip, a
 * complete member with a good CRC and no bytes after it).
 */
int zk_ds_expect_end(struct zk_dstream *s, struct rp_diag *d) RP_MUST_CHECK;
/* Record an error at the current offset: "name: offset N: msg". */
int zk_ds_fail(struct zk_dstream *s, struct rp_diag *d, int err,
    const char *fmt, ...) RP_PRINTF(4, 5);

/*
 * Decode one raw Snappy block (no framing) of inlen bytes into out of
 * outcap bytes; *outlen receives its size.  Returns 0 or RP_EPARSE (bad
 * tag, offset or length) / RP_ELIMIT (larger than outcap).  Exposed for the
 * unit tests.
 */
int zk_snappy_uncompress(const unsigned char *in, size_t inlen,
    unsigned char *out, size_t outcap, size_t *outlen /* OUT */);
/* The uncompressed length a Snappy block declares. */
int zk_snappy_length(const unsigned char *in, size_t inlen,
    size_t *len /* OUT */);

#endif
