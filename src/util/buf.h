/*
 * buf.h - bounded big-endian reader for wire and file formats.
 *
 * ZooKeeper replies, snapshots and transaction logs are decoded only through
 * this cursor: every read checks the remaining length first, so a hostile or
 * truncated input yields RP_ETRUNC or RP_ELIMIT, never an over-read.  No
 * pointer arithmetic on wire data happens outside buf.c.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_BUF_H
#define RAMPART_UTIL_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "util/compat.h"

struct buf {
	const unsigned char *p; /* borrowed; must outlive the cursor */
	size_t len;
	size_t off;
};

/* A string or byte run inside the buffer (borrowed, not NUL-terminated). */
struct bstr {
	const char *p;
	int32_t len; /* -1 for a null string/buffer */
};

void buf_init(struct buf *b, const void *data, size_t len);

size_t buf_remaining(const struct buf *b);

int buf_get_u8(struct buf *b, uint8_t *v /* OUT */) RP_MUST_CHECK;
int buf_get_bool(struct buf *b, int *v /* OUT */) RP_MUST_CHECK;
int buf_get_u16(struct buf *b, uint16_t *v /* OUT */) RP_MUST_CHECK;
int buf_get_u32(struct buf *b, uint32_t *v /* OUT */) RP_MUST_CHECK;
int buf_get_i32(struct buf *b, int32_t *v /* OUT */) RP_MUST_CHECK;
int buf_get_i64(struct buf *b, int64_t *v /* OUT */) RP_MUST_CHECK;
int buf_get_u64(struct buf *b, uint64_t *v /* OUT */) RP_MUST_CHECK;

/* Peek at the next int32 without consuming it. */
int buf_peek_i32(const struct buf *b, int32_t *v /* OUT */) RP_MUST_CHECK;

/*
 * Read a jute string: int32 length then bytes.  Length -1 is null (out->p is
 * NULL); any other negative length, a length above cap or the remaining
 * bytes, or a NUL byte inside the text is an error.
 */
int buf_get_string(struct buf *b, size_t cap, struct bstr *out /* OUT */)
    RP_MUST_CHECK;

/* Read a jute buffer: like buf_get_string but NUL bytes are allowed. */
int buf_get_bytes(struct buf *b, size_t cap, struct bstr *out /* OUT */)
    RP_MUST_CHECK;

/* Borrow the next n raw bytes. */
int buf_get_raw(struct buf *b, size_t n, const void **p /* OUT */)
    RP_MUST_CHECK;

int buf_skip(struct buf *b, size_t n) RP_MUST_CHECK;

/* Split off the next n bytes as a nested cursor and consume them. */
int buf_froms(struct buf *b, size_t n, struct buf *sub /* OUT */)
    RP_MUST_CHECK;

/* Big-endian writers into a strbuf for building requests. */
struct strbuf;
void buf_put_u8(struct strbuf *sb, uint8_t v);
void buf_put_bool(struct strbuf *sb, int v);
void buf_put_i32(struct strbuf *sb, int32_t v);
void buf_put_u32(struct strbuf *sb, uint32_t v);
void buf_put_i64(struct strbuf *sb, int64_t v);
/* s NULL writes length -1 (null). */
void buf_put_string(struct strbuf *sb, const char *s);
void buf_put_bytes(struct strbuf *sb, const void *p, int32_t len);

/* Decode/encode big-endian integers at a raw position (for framing). */
uint32_t be32_load(const void *p);
void be32_store(void *p, uint32_t v);

#endif
