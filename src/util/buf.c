/*
 * buf.c - bounded big-endian reader and writer.
 *
 * SPDX-License-Identifier: MIT
 */
#include "util/buf.h"

#include <string.h>

#include "util/err.h"
#include "util/strbuf.h"
#include "util/banned.h"

void
buf_init(struct buf *b, const void *data, size_t len)
{
	b->p = data;
	b->len = data != NULL ? len : 0;
	b->off = 0;
}

size_t
buf_remaining(const struct buf *b)
{
	return b->len - b->off;
}

static uint64_t
load_be(const unsigned char *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

static int
need(const struct buf *b, size_t n)
{
	return buf_remaining(b) < n ? RP_ETRUNC : 0;
}

int
buf_get_u8(struct buf *b, uint8_t *v)
{
	if (need(b, 1))
		return RP_ETRUNC;
	*v = b->p[b->off++];
	return 0;
}

int
buf_get_bool(struct buf *b, int *v)
{
	uint8_t u;
	int r;

	if ((r = buf_get_u8(b, &u)) != 0)
		return r;
	if (u > 1)
		return RP_EPROTO;
	*v = u;
	return 0;
}

int
buf_get_u16(struct buf *b, uint16_t *v)
{
	if (need(b, 2))
		return RP_ETRUNC;
	*v = (uint16_t)load_be(b->p + b->off, 2);
	b->off += 2;
	return 0;
}

int
buf_get_u32(struct buf *b, uint32_t *v)
{
	if (need(b, 4))
		return RP_ETRUNC;
	*v = (uint32_t)load_be(b->p + b->off, 4);
	b->off += 4;
	return 0;
}

int
buf_get_i32(struct buf *b, int32_t *v)
{
	uint32_t u;
	int r;

	if ((r = buf_get_u32(b, &u)) != 0)
		return r;
	*v = (int32_t)u;
	return 0;
}

int
buf_get_u64(struct buf *b, uint64_t *v)
{
	if (need(b, 8))
		return RP_ETRUNC;
	*v = load_be(b->p + b->off, 8);
	b->off += 8;
	return 0;
}

int
buf_get_i64(struct buf *b, int64_t *v)
{
	uint64_t u;
	int r;

	if ((r = buf_get_u64(b, &u)) != 0)
		return r;
	*v = (int64_t)u;
	return 0;
}

int
buf_peek_i32(const struct buf *b, int32_t *v)
{
	if (need(b, 4))
		return RP_ETRUNC;
	*v = (int32_t)(uint32_t)load_be(b->p + b->off, 4);
	return 0;
}

static int
get_counted(struct buf *b, size_t cap, struct bstr *out, int text)
{
	int32_t n;
	int r;

	if ((r = buf_get_i32(b, &n)) != 0)
		return r;
	if (n == -1) {
		out->p = NULL;
		out->len = -1;
		return 0;
	}
	if (n < 0)
		return RP_EPROTO;
	if ((size_t)n > cap)
		return RP_ELIMIT;
	if (need(b, (size_t)n))
		return RP_ETRUNC;
	if (text && memchr(b->p + b->off, '\0', (size_t)n) != NULL)
		return RP_EPROTO;
	out->p = (const char *)(b->p + b->off);
	out->len = n;
	b->off += (size_t)n;
	return 0;
}

int
buf_get_string(struct buf *b, size_t cap, struct bstr *out)
{
	return get_counted(b, cap, out, 1);
}

int
buf_get_bytes(struct buf *b, size_t cap, struct bstr *out)
{
	return get_counted(b, cap, out, 0);
}

int
buf_get_raw(struct buf *b, size_t n, const void **p)
{
	if (need(b, n))
		return RP_ETRUNC;
	*p = b->p + b->off;
	b->off += n;
	return 0;
}

int
buf_skip(struct buf *b, size_t n)
{
	if (need(b, n))
		return RP_ETRUNC;
	b->off += n;
	return 0;
}

int
buf_froms(struct buf *b, size_t n, struct buf *sub)
{
	if (need(b, n))
		return RP_ETRUNC;
	buf_init(sub, b->p + b->off, n);
	b->off += n;
	return 0;
}

static void
put_be(struct strbuf *sb, uint64_t v, size_t n)
{
	unsigned char tmp[8];
	size_t i;

	for (i = 0; i < n; i++)
		tmp[n - 1 - i] = (unsigned char)(v >> (8 * i));
	strbuf_add(sb, tmp, n);
}

void
buf_put_u8(struct strbuf *sb, uint8_t v)
{
	put_be(sb, v, 1);
}

void
buf_put_bool(struct strbuf *sb, int v)
{
	put_be(sb, v ? 1 : 0, 1);
}

void
buf_put_i32(struct strbuf *sb, int32_t v)
{
	put_be(sb, (uint32_t)v, 4);
}

void
buf_put_u32(struct strbuf *sb, uint32_t v)
{
	put_be(sb, v, 4);
}

void
buf_put_i64(struct strbuf *sb, int64_t v)
{
	put_be(sb, (uint64_t)v, 8);
}

void
buf_put_string(struct strbuf *sb, const char *s)
{
	if (s == NULL) {
		buf_put_i32(sb, -1);
		return;
	}
	buf_put_bytes(sb, s, (int32_t)strlen(s));
}

void
buf_put_bytes(struct strbuf *sb, const void *p, int32_t len)
{
	if (p == NULL || len < 0) {
		buf_put_i32(sb, -1);
		return;
	}
	buf_put_i32(sb, len);
	strbuf_add(sb, p, (size_t)len);
}

uint32_t
be32_load(const void *p)
{
	return (uint32_t)load_be(p, 4);
}

void
be32_store(void *p, uint32_t v)
{
	unsigned char *q = p;

	q[0] = (unsigned char)(v >> 24);
	q[1] = (unsigned char)(v >> 16);
	q[2] = (unsigned char)(v >> 8);
	q[3] = (unsigned char)v;
}
