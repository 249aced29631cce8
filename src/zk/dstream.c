/*
 * dstream.c - buffered reader over plain, gzip and snappy-java ZooKeeper
 * data files (reference sections 2.3 and 2.5).  The only zlib caller.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/dstream.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "util/xmalloc.h"

#include "util/banned.h"

#define DS_CHUNK    (1u << 20)  /* window growth and raw read size */
#define DS_MIN_CHUNK (16u << 10)
#define DS_IN_CHUNK  (64u << 10)
/* snappy-java writes blocks of 32 KiB (1.1.x); anything above this is
 * hostile. */
#define DS_SNAPPY_MAX_BLOCK (64u << 20)

static const unsigned char snappy_magic[8] = { 0x82, 'S', 'N', 'A', 'P', 'P',
	'Y', 0 };

static void
ds_common(struct zk_dstream *s, const char *name, enum zk_dstream_kind kind)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->kind = kind;
	s->fd = -1;
	s->adler = 1;
}

void
zk_ds_init_fd(struct zk_dstream *s, const char *name, int fd,
    enum zk_dstream_kind kind)
{
	ds_common(s, name, kind);
	s->fd = fd;
}

void
zk_ds_init_mem(struct zk_dstream *s, const char *name, const void *data,
    size_t len, enum zk_dstream_kind kind)
{
	ds_common(s, name, kind);
	s->mem = data;
	s->memlen = len;
}

void
zk_ds_release(struct zk_dstream *s)
{
	if (s->z != NULL) {
		inflateEnd(s->z);
		free(s->z);
	}
	free(s->in);
	free(s->blk);
	free(s->buf);
	s->z = NULL;
	s->in = s->blk = s->buf = NULL;
}

int
zk_ds_fail(struct zk_dstream *s, struct rp_diag *d, int err, const char *fmt,
    ...)
{
	va_list ap;
	char msg[RP_DIAG_MSG_MAX];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rp_diag_fail(d, err, s->name, 0, "%s%s offset %llu: %s",
	    s->kind == ZK_DS_PLAIN ? "" : "decompressed ",
	    s->kind == ZK_DS_PLAIN ? "at" : "stream at",
	    (unsigned long long)zk_ds_offset(s), msg);
	return err;
}

/* Read up to n raw bytes; 0 at the end. */
static int
raw_read(struct zk_dstream *s, unsigned char *dst, size_t n, size_t *got,
    struct rp_diag *d)
{
	ssize_t r;

	*got = 0;
	if (s->raw_eof || n == 0)
		return 0;
	if (s->fd < 0) {
		size_t left = s->memlen - s->mempos;

		if (n > left)
			n = left;
		if (n > 0)
			memcpy(dst, s->mem + s->mempos, n);
		s->mempos += n;
		*got = n;
	} else {
		do
			r = read(s->fd, dst, n);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return rp_diag_fail(d, RP_EIO, s->name, 0, "read: %s",
			    strerror(errno));
		*got = (size_t)r;
	}
	if (*got == 0)
		s->raw_eof = 1;
	s->raw_off += *got;
	return 0;
}

/* Read exactly n raw bytes; *got < n means the raw input ended. */
static int
raw_read_full(struct zk_dstream *s, unsigned char *dst, size_t n, size_t *got,
    struct rp_diag *d)
{
	size_t have = 0, one;
	int r;

	while (have < n) {
		if ((r = raw_read(s, dst + have, n - have, &one, d)) != 0)
			return r;
		if (one == 0)
			break;
		have += one;
	}
	*got = have;
	return 0;
}

static int
gz_fail(struct zk_dstream *s, struct rp_diag *d, int err, const char *what)
{
	z_stream *z = s->z;

	return rp_diag_fail(d, err, s->name, 0,
	    "gzip: %s at compressed offset %llu", what,
	    (unsigned long long)(s->raw_off - (z != NULL ? z->avail_in : 0)));
}

/* Produce decompressed bytes into dst (room bytes); *got 0 = the end. */
static int
gz_produce(struct zk_dstream *s, unsigned char *dst, size_t room, size_t *got,
    struct rp_diag *d)
{
	z_stream *z;
	size_t n;
	int r, zr;

	*got = 0;
	if (s->z == NULL) {
		s->z = xcalloc(1, sizeof(z_stream));
		if (inflateInit2(s->z, 16 + MAX_WBITS) != Z_OK)
			return rp_diag_fail(d, RP_ENOMEM, s->name, 0,
			    "inflateInit2 failed");
		s->in = xmalloc(DS_IN_CHUNK);
		s->incap = DS_IN_CHUNK;
	}
	z = s->z;
	if (s->zend)
		return 0;
	if (room > UINT32_MAX)
		room = UINT32_MAX;
	z->next_out = dst;
	z->avail_out = (uInt)room;
	while (z->avail_out == room) {
		if (z->avail_in == 0) {
			if ((r = raw_read(s, s->in, s->incap, &n, d)) != 0)
				return r;
			if (n == 0)
				return gz_fail(s, d, RP_ETRUNC,
				    "the file ends inside the compressed "
				    "stream");
			z->next_in = s->in;
			z->avail_in = (uInt)n;
		}
		zr = inflate(z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			s->zend = 1;
			break;
		}
		if (zr == Z_NEED_DICT || zr == Z_DATA_ERROR)
			return gz_fail(s, d, RP_EPARSE,
			    z->msg != NULL ? z->msg : "corrupt data");
		if (zr == Z_MEM_ERROR)
			return gz_fail(s, d, RP_ENOMEM, "out of memory");
		if (zr != Z_OK && zr != Z_BUF_ERROR)
			return gz_fail(s, d, RP_EPARSE, "inflate failed");
	}
	*got = room - z->avail_out;
	return 0;
}

int
zk_snappy_length(const unsigned char *in, size_t inlen, size_t *len)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < inlen && i < 5; i++) {
		v |= (uint64_t)(in[i] & 0x7f) << (7 * i);
		if ((in[i] & 0x80) == 0) {
			if (v > UINT32_MAX)
				return RP_EPARSE;
			*len = (size_t)v;
			return (int)(i + 1);
		}
	}
	return RP_EPARSE;
}

/*
 * The raw Snappy format: a varint length, then elements.  A literal copies
 * bytes from the input; a copy repeats earlier output at a distance (which
 * may overlap the bytes being written, hence the byte loop).
 */
int
zk_snappy_uncompress(const unsigned char *in, size_t inlen, unsigned char *out,
    size_t outcap, size_t *outlen)
{
	size_t want, ip, op = 0, len, off;
	int hl;
	unsigned tag, extra, k;

	if ((hl = zk_snappy_length(in, inlen, &want)) < 0)
		return RP_EPARSE;
	if (want > outcap)
		return RP_ELIMIT;
	ip = (size_t)hl;
	while (ip < inlen) {
		tag = in[ip++];
		switch (tag & 3) {
		case 0:
			len = tag >> 2;
			if (len >= 60) {
				extra = (unsigned)len - 59;
				if (inlen - ip < extra)
					return RP_EPARSE;
				len = 0;
				for (k = 0; k < extra; k++)
					len |= (size_t)in[ip + k] << (8 * k);
				ip += extra;
			}
			len += 1;
			if (inlen - ip < len || want - op < len)
				return RP_EPARSE;
			memcpy(out + op, in + ip, len);
			ip += len;
			op += len;
			continue;
		case 1:
			if (inlen - ip < 1)
				return RP_EPARSE;
			len = 4 + ((tag >> 2) & 7);
			off = ((size_t)(tag >> 5) << 8) | in[ip];
			ip += 1;
			break;
		case 2:
			if (inlen - ip < 2)
				return RP_EPARSE;
			len = 1 + (tag >> 2);
			off = (size_t)in[ip] | ((size_t)in[ip + 1] << 8);
			ip += 2;
			break;
		default:
			if (inlen - ip < 4)
				return RP_EPARSE;
			len = 1 + (tag >> 2);
			off = (size_t)in[ip] | ((size_t)in[ip + 1] << 8) |
			    ((size_t)in[ip + 2] << 16) |
			    ((size_t)in[ip + 3] << 24);
			ip += 4;
			break;
		}
		if (off == 0 || off > op || want - op < len)
			return RP_EPARSE;
		for (k = 0; k < len; k++, op++)
			out[op] = out[op - off];
	}
	if (op != want)
		return RP_EPARSE;
	*outlen = op;
	return 0;
}

/* Decode the next snappy-java block into s->blk; *done at a clean end. */
static int
snappy_next_block(struct zk_dstream *s, int *done, struct rp_diag *d)
{
	unsigned char hdr[16], lenb[4];
	uint32_t clen;
	size_t got, ulen;
	int r;

	*done = 0;
	if (!s->hdr_done) {
		if ((r = raw_read_full(s, hdr, sizeof(hdr), &got, d)) != 0)
			return r;
		if (got < sizeof(hdr) || memcmp(hdr, snappy_magic, 8) != 0)
			return rp_diag_fail(d, RP_EPARSE, s->name, 0,
			    "not a snappy-java stream (bad header)");
		if (hdr[8] != 0 || hdr[9] != 0 || hdr[10] != 0 ||
		    hdr[11] != 1 || hdr[12] != 0 || hdr[13] != 0 ||
		    hdr[14] != 0 || hdr[15] != 1)
			return rp_diag_fail(d, RP_ENOTSUP, s->name, 0,
			    "snappy-java stream version is not 1");
		s->hdr_done = 1;
	}
	if ((r = raw_read_full(s, lenb, 4, &got, d)) != 0)
		return r;
	if (got == 0) {
		*done = 1;
		return 0;
	}
	if (got < 4)
		return rp_diag_fail(d, RP_ETRUNC, s->name, 0,
		    "snappy: the file ends inside a block length at raw "
		    "offset %llu",
		    (unsigned long long)s->raw_off);
	clen = ((uint32_t)lenb[0] << 24) | ((uint32_t)lenb[1] << 16) |
	    ((uint32_t)lenb[2] << 8) | lenb[3];
	if (clen == 0 || clen > DS_SNAPPY_MAX_BLOCK)
		return rp_diag_fail(d, RP_EPARSE, s->name, 0,
		    "snappy: block length %u at raw offset %llu is out of "
		    "range",
		    clen, (unsigned long long)(s->raw_off - 4));
	if (s->incap < clen) {
		free(s->in);
		s->in = xmalloc(clen);
		s->incap = clen;
	}
	if ((r = raw_read_full(s, s->in, clen, &got, d)) != 0)
		return r;
	if (got < clen)
		return rp_diag_fail(d, RP_ETRUNC, s->name, 0,
		    "snappy: the file ends inside a block (%zu of %u bytes) "
		    "at raw offset %llu",
		    got, clen, (unsigned long long)s->raw_off);
	if (zk_snappy_length(s->in, clen, &ulen) < 0 ||
	    ulen > DS_SNAPPY_MAX_BLOCK)
		return rp_diag_fail(d, RP_EPARSE, s->name, 0,
		    "snappy: bad block length header at raw offset %llu",
		    (unsigned long long)(s->raw_off - clen));
	if (s->blkcap < ulen) {
		free(s->blk);
		s->blk = xmalloc(ulen > 0 ? ulen : 1);
		s->blkcap = ulen;
	}
	if (zk_snappy_uncompress(s->in, clen, s->blk, s->blkcap, &s->blklen) !=
	    0)
		return rp_diag_fail(d, RP_EPARSE, s->name, 0,
		    "snappy: corrupt block at raw offset %llu",
		    (unsigned long long)(s->raw_off - clen));
	s->blkpos = 0;
	return 0;
}

static int
snappy_produce(struct zk_dstream *s, unsigned char *dst, size_t room,
    size_t *got, struct rp_diag *d)
{
	size_t n;
	int done, r;

	*got = 0;
	while (s->blkpos == s->blklen) {
		if ((r = snappy_next_block(s, &done, d)) != 0)
			return r;
		if (done)
			return 0;
	}
	n = s->blklen - s->blkpos;
	if (n > room)
		n = room;
	memcpy(dst, s->blk + s->blkpos, n);
	s->blkpos += n;
	*got = n;
	return 0;
}

static int
produce(struct zk_dstream *s, unsigned char *dst, size_t room, size_t *got,
    struct rp_diag *d)
{
	switch (s->kind) {
	case ZK_DS_GZIP:
		return gz_produce(s, dst, room, got, d);
	case ZK_DS_SNAPPY:
		return snappy_produce(s, dst, room, got, d);
	default:
		return raw_read(s, dst, room, got, d);
	}
}

/* Fold consumed bytes into the checksum before they leave the window. */
static void
ds_sum(struct zk_dstream *s)
{
	if (s->pos > s->adpos) {
		s->adler = (uint32_t)adler32(s->adler, s->buf + s->adpos,
		    (uInt)(s->pos - s->adpos));
		s->adpos = s->pos;
	}
}

int
zk_ds_fill(struct zk_dstream *s, size_t n, size_t *got, struct rp_diag *d)
{
	size_t one, want;
	int r;

	if (n > ZK_DS_MAX_RUN)
		return zk_ds_fail(s, d, RP_ELIMIT,
		    "a field of %zu bytes exceeds the %u-byte limit", n,
		    ZK_DS_MAX_RUN);
	while (s->len - s->pos < n && !s->eof) {
		if (s->cap - s->pos < n || s->cap == s->len) {
			ds_sum(s);
			if (s->pos > 0) {
				memmove(s->buf, s->buf + s->pos,
				    s->len - s->pos);
				s->base += s->pos;
				s->len -= s->pos;
				s->pos = 0;
				s->adpos = 0;
			}
			/* Start small (fuzzing, tiny files) and double up
			 * to DS_CHUNK; a longer field gets its own size. */
			want = s->cap < DS_MIN_CHUNK ? DS_MIN_CHUNK : s->cap * 2;
			if (want > DS_CHUNK)
				want = DS_CHUNK;
			if (want < n)
				want = n;
			if (s->cap < want) {
				s->buf = xrealloc(s->buf, want);
				s->cap = want;
			}
		}
		if ((r = produce(s, s->buf + s->len, s->cap - s->len, &one,
			 d)) != 0)
			return r;
		if (one == 0)
			s->eof = 1;
		s->len += one;
	}
	*got = s->len - s->pos < n ? s->len - s->pos : n;
	return 0;
}

const unsigned char *
zk_ds_ptr(const struct zk_dstream *s)
{
	return s->buf + s->pos;
}

void
zk_ds_advance(struct zk_dstream *s, size_t n)
{
	s->pos += n;
}

int
zk_ds_need(struct zk_dstream *s, size_t n, const char *what,
    struct rp_diag *d)
{
	size_t got;
	int r;

	if ((r = zk_ds_fill(s, n, &got, d)) != 0)
		return r;
	if (got < n)
		return zk_ds_fail(s, d, RP_ETRUNC,
		    "truncated: the file ends inside %s (%zu of %zu bytes)",
		    what, got, n);
	return 0;
}

int
zk_ds_skip(struct zk_dstream *s, uint64_t n, const char *what,
    struct rp_diag *d)
{
	size_t step;
	int r;

	while (n > 0) {
		step = n > DS_CHUNK ? DS_CHUNK : (size_t)n;
		if ((r = zk_ds_need(s, step, what, d)) != 0)
			return r;
		s->pos += step;
		n -= step;
	}
	return 0;
}

int
zk_ds_i32(struct zk_dstream *s, int32_t *v, const char *what,
    struct rp_diag *d)
{
	const unsigned char *p;
	int r;

	if ((r = zk_ds_need(s, 4, what, d)) != 0)
		return r;
	p = s->buf + s->pos;
	*v = (int32_t)(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3]);
	s->pos += 4;
	return 0;
}

int
zk_ds_i64(struct zk_dstream *s, int64_t *v, const char *what,
    struct rp_diag *d)
{
	const unsigned char *p;
	uint64_t x = 0;
	int r, i;

	if ((r = zk_ds_need(s, 8, what, d)) != 0)
		return r;
	p = s->buf + s->pos;
	for (i = 0; i < 8; i++)
		x = (x << 8) | p[i];
	*v = (int64_t)x;
	s->pos += 8;
	return 0;
}

uint64_t
zk_ds_offset(const struct zk_dstream *s)
{
	return s->base + s->pos;
}

uint32_t
zk_ds_adler(struct zk_dstream *s)
{
	ds_sum(s);
	return s->adler;
}

int
zk_ds_expect_end(struct zk_dstream *s, struct rp_diag *d)
{
	unsigned char extra[16];
	size_t got;
	int r;

	if ((r = zk_ds_fill(s, 1, &got, d)) != 0)
		return r;
	if (got > 0)
		return zk_ds_fail(s, d, RP_EPARSE,
		    "unexpected bytes after the last seal");
	if (s->kind == ZK_DS_GZIP) {
		if (!s->zend)
			return gz_fail(s, d, RP_ETRUNC,
			    "the gzip member is incomplete");
		/* zlib verified the member's CRC-32 and length. */
		got = s->z != NULL ? ((z_stream *)s->z)->avail_in : 0;
		if (got == 0 && (r = raw_read(s, extra, 1, &got, d)) != 0)
			return r;
		if (got > 0)
			return gz_fail(s, d, RP_EPARSE,
			    "unexpected bytes after the gzip member");
	}
	return 0;
}
