/*
 * props.c - java.util.Properties.load, byte for byte.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/props.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xmalloc.h"

#include "util/banned.h"

void
zk_props_init(struct zk_props *p)
{
	memset(p, 0, sizeof(*p));
}

void
zk_props_release(struct zk_props *p)
{
	free(p->v);
	zk_props_init(p);
}

/* The reader over the file: position and natural line bookkeeping. */
struct reader {
	const unsigned char *data;
	size_t len, off;
	size_t scan;     /* bytes examined for line counting */
	unsigned lineno; /* natural line of data[scan] */
	size_t linestart;
};

/* Natural line and column of byte position pos (pos never decreases). */
static void
line_of(struct reader *r, size_t pos, unsigned *line, unsigned *col)
{
	while (r->scan < pos) {
		unsigned char c = r->data[r->scan++];

		if (c == '\n' ||
		    (c == '\r' &&
		        (r->scan >= r->len || r->data[r->scan] != '\n'))) {
			r->lineno++;
			r->linestart = r->scan;
		}
	}
	*line = r->lineno;
	*col = (unsigned)(pos - r->linestart) + 1;
}

/*
 * LineReader.readLine(): the next logical line into line (chars 0..255),
 * its length, or -1 at the end.  *startpos is the offset of its first
 * character.
 */
static long
read_line(struct reader *r, struct strbuf *line, size_t *startpos)
{
	int skip_ws = 1, appended_begin = 0, backslash = 0;
	unsigned char c;

	strbuf_setlen(line, 0);
	for (;;) {
		if (r->off >= r->len) {
			if (line->len == 0)
				return -1;
			return backslash ? (long)line->len - 1 :
			                   (long)line->len;
		}
		c = r->data[r->off++];
		if (skip_ws) {
			if (c == ' ' || c == '\t' || c == '\f')
				continue;
			if (!appended_begin && (c == '\r' || c == '\n'))
				continue;
			skip_ws = 0;
			appended_begin = 0;
		}
		if (line->len == 0 && (c == '#' || c == '!')) {
			/* A comment: consume the rest of the natural line. */
			for (;;) {
				if (r->off >= r->len)
					return -1;
				c = r->data[r->off++];
				if (c == '\r' || c == '\n')
					break;
			}
			skip_ws = 1;
			continue;
		}
		if (c != '\n' && c != '\r') {
			if (line->len == 0)
				*startpos = r->off - 1;
			strbuf_addch(line, c);
			backslash = c == '\\' ? !backslash : 0;
			continue;
		}
		/* End of a natural line. */
		if (line->len == 0) {
			skip_ws = 1;
			continue;
		}
		if (r->off >= r->len)
			return backslash ? (long)line->len - 1 :
			                   (long)line->len;
		if (!backslash)
			return (long)line->len;
		/* A continuation: drop the backslash and leading blanks. */
		strbuf_setlen(line, line->len - 1);
		skip_ws = 1;
		appended_begin = 1;
		backslash = 0;
		if (c == '\r' && r->data[r->off] == '\n')
			r->off++;
	}
}

static void
add_utf8(struct strbuf *sb, uint32_t cp)
{
	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		strbuf_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (int)(0xC0 | (cp >> 6)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (int)(0xE0 | (cp >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addch(sb, (int)(0xF0 | (cp >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 12) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	}
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * loadConvert(): decode escapes of in[0..n) into UTF-8 in out.  UTF-16
 * surrogate pairs written as two \u escapes are joined.  Returns 0 or
 * RP_EPARSE for a malformed \u escape.
 */
static int
load_convert(const unsigned char *in, size_t n, struct strbuf *out)
{
	uint32_t high = 0; /* pending high surrogate */
	size_t i = 0;
	int k, h;

	strbuf_setlen(out, 0);
	while (i < n) {
		unsigned char c = in[i++];
		uint32_t unit;

		if (c != '\\') {
			unit = c;
		} else {
			if (i >= n)
				break; /* cannot happen: see read_line */
			c = in[i++];
			if (c == 'u') {
				if (n - i < 4)
					return RP_EPARSE;
				unit = 0;
				for (k = 0; k < 4; k++) {
					h = hexval(in[i++]);
					if (h < 0)
						return RP_EPARSE;
					unit = (unit << 4) | (uint32_t)h;
				}
			} else {
				unit = c == 't' ? '\t' :
				    c == 'r'    ? '\r' :
				    c == 'n'    ? '\n' :
				    c == 'f'    ? '\f' :
				                  c;
			}
		}
		if (high != 0) {
			if (unit >= 0xDC00 && unit <= 0xDFFF) {
				add_utf8(out,
				    0x10000 + ((high - 0xD800) << 10) +
				        (unit - 0xDC00));
				high = 0;
				continue;
			}
			add_utf8(out, 0xFFFD);
			high = 0;
		}
		if (unit >= 0xD800 && unit <= 0xDBFF) {
			high = unit;
			continue;
		}
		add_utf8(out, unit);
	}
	if (high != 0)
		add_utf8(out, 0xFFFD);
	return 0;
}

int
zk_props_parse(struct zk_props *p, struct arena *a, const char *data,
    size_t len, const char *file, struct rp_diag *d)
{
	struct reader r = { .data = (const unsigned char *)data,
		.len = len,
		.lineno = 1 };
	struct strbuf line = STRBUF_INIT, key = STRBUF_INIT, val = STRBUF_INIT;
	const unsigned char *lb;
	size_t startpos = 0, keylen, vstart, limit;
	unsigned lno, col;
	int has_sep, backslash, err = 0;
	long got;

	while ((got = read_line(&r, &line, &startpos)) >= 0) {
		limit = (size_t)got;
		lb = (const unsigned char *)line.buf;
		keylen = 0;
		vstart = limit;
		has_sep = 0;
		backslash = 0;
		while (keylen < limit) {
			unsigned char c = lb[keylen];

			if ((c == '=' || c == ':') && !backslash) {
				vstart = keylen + 1;
				has_sep = 1;
				break;
			} else if ((c == ' ' || c == '\t' || c == '\f') &&
			    !backslash) {
				vstart = keylen + 1;
				break;
			}
			backslash = c == '\\' ? !backslash : 0;
			keylen++;
		}
		while (vstart < limit) {
			unsigned char c = lb[vstart];

			if (c != ' ' && c != '\t' && c != '\f') {
				if (!has_sep && (c == '=' || c == ':'))
					has_sep = 1;
				else
					break;
			}
			vstart++;
		}
		line_of(&r, startpos, &lno, &col);
		if (load_convert(lb, keylen, &key) != 0 ||
		    load_convert(lb + vstart, limit - vstart, &val) != 0) {
			err = rp_diag_fail(d, RP_EPARSE, file, lno,
			    "malformed \\uxxxx escape: the JVM rejects the whole file");
			goto out;
		}
		if (p->n >= ZK_PROPS_MAX_ENTRIES) {
			err = rp_diag_fail(d, RP_ELIMIT, file, lno,
			    "more than %d entries", ZK_PROPS_MAX_ENTRIES);
			goto out;
		}
		ALLOC_GROW(p->v, p->n + 1, p->alloc);
		p->v[p->n].key = arena_strndup(a, key.buf, key.len);
		p->v[p->n].value = arena_strndup(a, val.buf, val.len);
		p->v[p->n].line = lno;
		p->v[p->n].col = col;
		p->n++;
	}
out:
	strbuf_release(&line);
	strbuf_release(&key);
	strbuf_release(&val);
	return err;
}

static size_t
trim_bounds(const char *s, size_t *start)
{
	size_t b = 0, e = strlen(s);

	while (b < e && (unsigned char)s[b] <= ' ')
		b++;
	while (e > b && (unsigned char)s[e - 1] <= ' ')
		e--;
	*start = b;
	return e - b;
}

const char *
zk_java_trim(struct arena *a, const char *s)
{
	size_t b, n = trim_bounds(s, &b);

	if (b == 0 && s[n] == '\0')
		return s;
	return arena_strndup(a, s + b, n);
}

const struct zk_prop *
zk_props_get(const struct zk_props *p, const char *key)
{
	size_t i, b, n, klen = strlen(key);

	for (i = p->n; i-- > 0;) {
		n = trim_bounds(p->v[i].key, &b);
		if (n == klen && memcmp(p->v[i].key + b, key, klen) == 0)
			return &p->v[i];
	}
	return NULL;
}
