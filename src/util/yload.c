/*
 * yload.c - streaming YAML/JSON loader on libyaml.
 *
 * Two layers.  The reader hands libyaml the bytes of one document at a time:
 * it watches line starts for document markers (and, in JSON streams, bracket
 * depth) and reports end-of-input to libyaml at the boundary.  The builder
 * turns libyaml's events into ynode trees in the caller's arena, resolving
 * anchors, aliases and merge keys, dropping duplicate keys (last wins, as
 * kubectl did) with a diagnostic, and enforcing depth, size and alias
 * expansion limits.
 *
 * SPDX-License-Identifier: MIT
 */
#include "util/yload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "util/strbuf.h"
#include "util/xmalloc.h"

#include "util/banned.h"

#define READ_CHUNK  ((size_t)64 << 10)
#define LOOKAHEAD   512
#define MAX_ANCHORS 10000

struct frame {
	struct ynode *node;
	struct ynode **tmp; /* items, or key,value,key,value... */
	size_t n, alloc;
	int items;     /* the items[] sequence of a streamed List */
	int streaming; /* the root map of a streamed List */
};

struct anchor {
	char *name;
	struct ynode *node;
};

struct yload {
	char *name;
	struct yload_limits lim;

	/* reader */
	int fd;
	int own_fd;
	unsigned char *buf;
	size_t cap, start, end;
	int eof, ioerr, fatal, binary, first_fill;
	int oversize, skipping;
	uint64_t total; /* bytes read from the input */
	uint64_t lines; /* newlines handed out or skipped so far */
	int at_bol;
	int chunk_marker, chunk_content, chunk_json, boundary;
	int json_depth, json_str, json_esc, json_started;
	uint64_t chunk_bytes;
	uint64_t chunk_line; /* absolute line (1-based) where the chunk began */
	char source[LOOKAHEAD];
	int have_source;
	int chunk_template;   /* "{{" outside comments: unrendered template */
	const char *encoding; /* "UTF-16LE"/"UTF-16BE" when transcoded */
	enum yload_err last_err;

	/* parser */
	yaml_parser_t parser;
	int parser_live;
	int in_doc;
	uint32_t doc_index;
	uint32_t empty_docs;

	/* builder */
	struct arena *arena;
	struct frame *frames;
	size_t nframes, frames_alloc;
	struct anchor *anchors;
	size_t nanchors, anchors_alloc;
	struct ynode *root;
	struct ydiag *diags;
	uint64_t nodes;
	int list_mode;
	int32_t item_no;
	char *list_kind, *list_api;
	char pending_key[64]; /* streamed root: key awaiting its value */
	int pending_is_key;
	struct ynode *ready; /* a finished List item to hand out */
};

void
yload_limits_default(struct yload_limits *lim)
{
	if (lim->max_input == 0)
		lim->max_input = (uint64_t)256 << 20;
	if (lim->max_doc == 0)
		lim->max_doc = (uint64_t)16 << 20;
	if (lim->max_depth == 0)
		lim->max_depth = 256;
	if (lim->max_scalar == 0)
		lim->max_scalar = (size_t)16 << 20;
	if (lim->max_nodes == 0)
		lim->max_nodes = 4u << 20;
}

static struct yload *
yload_alloc(const char *name, const struct yload_limits *lim)
{
	struct yload *y = xcalloc(1, sizeof(*y));

	y->name = xstrdup(name);
	if (lim != NULL)
		y->lim = *lim;
	yload_limits_default(&y->lim);
	y->fd = -1;
	y->at_bol = 1;
	y->first_fill = 1;
	y->chunk_line = 1;
	return y;
}

int
yload_open(struct yload **out, const char *path, const char *name,
    const struct yload_limits *lim, struct rp_diag *d)
{
	struct yload *y;
	int fd;

	*out = NULL;
	if (path == NULL || strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return rp_diag_fail(d, rp_from_errno(errno), name, 0,
			    "cannot open: %s", strerror(errno));
	}
	y = yload_alloc(name, lim);
	y->fd = fd;
	y->own_fd = fd != STDIN_FILENO;
	*out = y;
	return 0;
}

int
yload_open_mem(struct yload **out, const void *data, size_t len,
    const char *name, const struct yload_limits *lim)
{
	struct yload *y = yload_alloc(name, lim);

	y->buf = xmalloc(len ? len : 1);
	if (len > 0)
		memcpy(y->buf, data, len);
	y->cap = len;
	y->end = len;
	y->total = len;
	y->eof = 1;
	*out = y;
	return 0;
}

static void
builder_reset(struct yload *y)
{
	size_t i;

	for (i = 0; i < y->nanchors; i++)
		free(y->anchors[i].name);
	y->nanchors = 0;
	for (i = 0; i < y->nframes; i++)
		y->frames[i].n = 0;
	y->nframes = 0;
	y->root = NULL;
	y->diags = NULL;
	y->nodes = 0;
	y->list_mode = 0;
	y->item_no = -1;
	y->pending_is_key = 1;
	y->ready = NULL;
	FREE_AND_NULL(y->list_kind);
	FREE_AND_NULL(y->list_api);
}

void
yload_free(struct yload *y)
{
	size_t i;

	if (y == NULL)
		return;
	if (y->parser_live)
		yaml_parser_delete(&y->parser);
	builder_reset(y);
	for (i = 0; i < y->frames_alloc; i++)
		free(y->frames[i].tmp);
	free(y->frames);
	free(y->anchors);
	if (y->own_fd && y->fd >= 0)
		close(y->fd);
	free(y->buf);
	free(y->name);
	free(y);
}

uint32_t
yload_empty_docs(const struct yload *y)
{
	return y->empty_docs;
}

int
yload_is_binary(const struct yload *y)
{
	return y->binary;
}

/*
 * Reader.
 */

/* Convert a UTF-16 input (with BOM) held in y->buf to UTF-8 in place. */
static int
transcode_utf16(struct yload *y, int big)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 2, len = y->end - y->start;
	const unsigned char *p = y->buf + y->start;

	while (i + 1 < len) {
		unsigned cu = big ? (unsigned)(p[i] << 8 | p[i + 1]) :
		                    (unsigned)(p[i + 1] << 8 | p[i]);
		unsigned long cp = cu;
		unsigned char o[4];

		i += 2;
		if (cu >= 0xd800 && cu <= 0xdbff) {
			unsigned lo;

			if (i + 1 >= len)
				goto bad;
			lo = big ? (unsigned)(p[i] << 8 | p[i + 1]) :
			           (unsigned)(p[i + 1] << 8 | p[i]);
			if (lo < 0xdc00 || lo > 0xdfff)
				goto bad;
			i += 2;
			cp = 0x10000 + ((cu - 0xd800) << 10) + (lo - 0xdc00);
		} else if (cu >= 0xdc00 && cu <= 0xdfff) {
			goto bad;
		}
		if (cp < 0x80) {
			o[0] = (unsigned char)cp;
			strbuf_add(&sb, o, 1);
		} else if (cp < 0x800) {
			o[0] = (unsigned char)(0xc0 | cp >> 6);
			o[1] = (unsigned char)(0x80 | (cp & 0x3f));
			strbuf_add(&sb, o, 2);
		} else if (cp < 0x10000) {
			o[0] = (unsigned char)(0xe0 | cp >> 12);
			o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			o[2] = (unsigned char)(0x80 | (cp & 0x3f));
			strbuf_add(&sb, o, 3);
		} else {
			o[0] = (unsigned char)(0xf0 | cp >> 18);
			o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
			o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			o[3] = (unsigned char)(0x80 | (cp & 0x3f));
			strbuf_add(&sb, o, 4);
		}
	}
	if (i != len)
		goto bad;
	free(y->buf);
	y->buf = (unsigned char *)strbuf_detach(&sb, &len);
	y->cap = len;
	y->start = 0;
	y->end = len;
	return 0;
bad:
	strbuf_release(&sb);
	return RP_EPARSE;
}

/* Read more input into the buffer; returns bytes added (0 at EOF/error). */
static size_t
fill(struct yload *y)
{
	ssize_t n;

	if (y->eof || y->fatal)
		return 0;
	if (y->start == y->end) {
		y->start = y->end = 0;
	} else if (y->start > 0) {
		memmove(y->buf, y->buf + y->start, y->end - y->start);
		y->end -= y->start;
		y->start = 0;
	}
	if (y->cap - y->end < READ_CHUNK / 2) {
		y->cap = y->cap < READ_CHUNK ? READ_CHUNK : y->cap * 2;
		y->buf = xrealloc(y->buf, y->cap);
	}
	do {
		n = read(y->fd, y->buf + y->end, y->cap - y->end);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		y->ioerr = errno;
		y->eof = 1;
		return 0;
	}
	if (n == 0) {
		y->eof = 1;
		return 0;
	}
	y->end += (size_t)n;
	y->total += (uint64_t)n;
	if (y->total > y->lim.max_input) {
		y->fatal = RP_ELIMIT;
		y->eof = 1;
	}
	return (size_t)n;
}

/* Make sure at least want bytes (or a full line) are buffered. */
static void
lookahead(struct yload *y, size_t want)
{
	while (y->end - y->start < want && !y->eof) {
		if (y->end > y->start &&
		    memchr(y->buf + y->start, '\n', y->end - y->start) != NULL)
			break;
		if (fill(y) == 0)
			break;
	}
}

/* First look at the input: encoding and binary detection. */
static int
first_look(struct yload *y)
{
	size_t len, scan;
	const unsigned char *p;

	y->first_fill = 0;
	lookahead(y, 8192);
	while (y->end - y->start < 8192 && !y->eof && fill(y) > 0)
		;
	len = y->end - y->start;
	p = y->buf + y->start;
	if (len >= 4 &&
	    ((p[0] == 0 && p[1] == 0 && p[2] == 0xfe && p[3] == 0xff) ||
	        (p[0] == 0xff && p[1] == 0xfe && p[2] == 0 && p[3] == 0)))
		return RP_ENOTSUP;
	if (len >= 2 &&
	    ((p[0] == 0xff && p[1] == 0xfe) ||
	        (p[0] == 0xfe && p[1] == 0xff))) {
		int big = p[0] == 0xfe;

		while (!y->eof && fill(y) > 0)
			;
		if (y->fatal)
			return y->fatal;
		if (transcode_utf16(y, big) != 0)
			return RP_EPARSE;
		y->encoding = big ? "UTF-16BE" : "UTF-16LE";
		return 0;
	}
	if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		y->start += 3;
	len = y->end - y->start;
	scan = len < 8192 ? len : 8192;
	if (scan > 0 && memchr(y->buf + y->start, '\0', scan) != NULL) {
		y->binary = 1;
		return RP_ENOTSUP;
	}
	return 0;
}

static int
is_marker(const unsigned char *p, size_t avail, int eof)
{
	if (avail < 3 || p[0] != '-' || p[1] != '-' || p[2] != '-')
		return 0;
	if (avail == 3)
		return eof;
	return p[3] == ' ' || p[3] == '\t' || p[3] == '\n' || p[3] == '\r';
}

/* Classify the line at the read position before handing it out. */
static void
line_start(struct yload *y)
{
	const unsigned char *p, *q, *nl;
	size_t avail;

	lookahead(y, LOOKAHEAD);
	p = y->buf + y->start;
	avail = y->end - y->start;
	nl = memchr(p, '\n', avail);
	if (nl == NULL)
		nl = p + avail;
	if (is_marker(p, avail, y->eof)) {
		if (y->chunk_marker || y->chunk_content) {
			y->boundary = 1;
			return;
		}
		y->chunk_marker = 1;
		for (q = p + 3;
		     q < nl && (*q == ' ' || *q == '\t' || *q == '\r');)
			q++;
		if (q < nl && *q != '#')
			y->chunk_content = 1;
		return;
	}
	if (avail > 0 && p[0] == '%') {
		if (y->chunk_marker || y->chunk_content)
			y->boundary = 1;
		return;
	}
	for (q = p; q < nl && (*q == ' ' || *q == '\t' || *q == '\r');)
		q++;
	if (q == nl)
		return;
	if (*q == '#') {
		static const char src[] = "# Source: ";

		if (q == p && (size_t)(nl - p) > sizeof(src) - 1 &&
		    memcmp(p, src, sizeof(src) - 1) == 0) {
			size_t n = (size_t)(nl - p) - (sizeof(src) - 1);

			while (n > 0 &&
			    (p[sizeof(src) - 1 + n - 1] == '\r' ||
			        p[sizeof(src) - 1 + n - 1] == ' '))
				n--;
			if (n >= sizeof(y->source))
				n = sizeof(y->source) - 1;
			memcpy(y->source, p + sizeof(src) - 1, n);
			y->source[n] = '\0';
			y->have_source = 1;
		}
		return;
	}
	/* Helm source outside comments: remember it for error messages. */
	if (!y->chunk_template && memchr(q, '{', (size_t)(nl - q)) != NULL &&
	    yload_helm_template((const char *)q, (size_t)(nl - q)))
		y->chunk_template = 1;
	if (!y->chunk_content && !y->chunk_marker && q == p &&
	    (*q == '{' || *q == '[')) {
		y->chunk_json = 1;
		y->json_depth = 0;
		y->json_str = y->json_esc = y->json_started = 0;
	}
	y->chunk_content = 1;
}

/*
 * Hand out up to size bytes of the current document.  Returns the number of
 * bytes; 0 means the document (or the input) ended.
 */
static size_t
chunk_read(struct yload *y, unsigned char *out, size_t size)
{
	size_t n = 0;

	if (y->first_fill && first_look(y) != 0) {
		y->boundary = 1;
		return 0;
	}
	while (n < size && !y->boundary) {
		const unsigned char *p, *nl;
		size_t avail, len, i;

		if (!y->skipping && !y->list_mode &&
		    y->chunk_bytes > y->lim.max_doc) {
			y->oversize = 1;
			break;
		}

		if (y->start == y->end && fill(y) == 0)
			break;
		if (y->at_bol && !y->chunk_json) {
			line_start(y);
			y->at_bol = 0;
			if (y->boundary)
				break;
			if (y->start == y->end)
				continue;
		}
		p = y->buf + y->start;
		avail = y->end - y->start;
		if (y->chunk_json) {
			for (i = 0; i < avail && n + i < size; i++) {
				unsigned char c = p[i];

				if (c == '\n') {
					y->lines++;
					if (y->json_started &&
					    y->json_depth == 0) {
						i++;
						y->boundary = 1;
						break;
					}
				}
				if (y->json_str) {
					if (y->json_esc)
						y->json_esc = 0;
					else if (c == '\\')
						y->json_esc = 1;
					else if (c == '"')
						y->json_str = 0;
				} else if (c == '"') {
					y->json_str = 1;
				} else if (c == '{' || c == '[') {
					y->json_depth++;
					y->json_started = 1;
				} else if (c == '}' || c == ']') {
					if (--y->json_depth == 0) {
						i++;
						y->boundary = 1;
						break;
					}
				}
			}
			len = i;
		} else {
			nl = memchr(p, '\n', avail);
			len = nl != NULL ? (size_t)(nl - p) + 1 : avail;
			if (len > size - n) {
				len = size - n;
			} else if (nl != NULL) {
				y->at_bol = 1;
				y->lines++;
			}
		}
		memcpy(out + n, p, len);
		y->start += len;
		n += len;
		y->chunk_bytes += len;
	}
	return n;
}

static int
read_handler(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct yload *y = data;

	*size_read = chunk_read(y, buffer, size);
	return y->ioerr == 0;
}

/* Throw away the rest of the current document. */
static void
chunk_skip(struct yload *y)
{
	unsigned char scratch[4096];

	y->skipping = 1;
	while (!y->boundary && chunk_read(y, scratch, sizeof(scratch)) > 0)
		;
	y->skipping = 0;
}

static void
chunk_begin(struct yload *y)
{
	y->chunk_marker = y->chunk_content = y->chunk_json = 0;
	y->boundary = 0;
	y->chunk_bytes = 0;
	y->oversize = 0;
	y->chunk_line = y->lines + 1;
	y->have_source = 0;
	y->chunk_template = 0;
	if (!y->at_bol && y->start < y->end)
		y->at_bol = 1; /* after a JSON value the rest starts fresh */
}

/*
 * Builder.
 */

static void
add_diag(struct yload *y, enum ydiag_kind kind, uint32_t line, uint32_t col,
    uint32_t line2, const char *msg)
{
	struct ydiag *dg = arena_calloc(y->arena, 1, sizeof(*dg));
	struct ydiag **tail = &y->diags;

	dg->kind = kind;
	dg->line = line;
	dg->col = col;
	dg->line2 = line2;
	dg->msg = arena_strdup(y->arena, msg);
	while (*tail != NULL)
		tail = &(*tail)->next;
	*tail = dg;
}

static uint32_t
abs_line(const struct yload *y, yaml_mark_t m)
{
	return (uint32_t)(y->chunk_line + m.line);
}

static int fail(struct yload *y, struct rp_diag *d, int err, yaml_mark_t m,
    const char *fmt, ...) RP_PRINTF(5, 6);

static int
fail(struct yload *y, struct rp_diag *d, int err, yaml_mark_t m,
    const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = rp_diag_vfail(d, err, y->name, (long)abs_line(y, m), fmt, ap);
	va_end(ap);

	if (d != NULL)
		d->col = (long)m.column + 1;
	return r;
}

static struct frame *
push_frame(struct yload *y, struct ynode *node)
{
	struct frame *f;

	if (y->nframes == y->frames_alloc) {
		size_t old = y->frames_alloc;

		ALLOC_GROW(y->frames, y->nframes + 1, y->frames_alloc);
		memset(y->frames + old, 0,
		    (y->frames_alloc - old) * sizeof(*y->frames));
	}
	f = &y->frames[y->nframes++];
	f->node = node;
	f->n = 0;
	f->items = 0;
	f->streaming = 0;
	return f;
}

static void
frame_append(struct frame *f, struct ynode *n)
{
	ALLOC_GROW(f->tmp, f->n + 1, f->alloc);
	f->tmp[f->n++] = n;
}

static uint32_t
size_add(uint32_t a, uint32_t b)
{
	return a > UINT32_MAX - b ? UINT32_MAX : a + b;
}

static int
register_anchor(struct yload *y, const char *name, struct ynode *node,
    struct rp_diag *d, yaml_mark_t m)
{
	size_t i;

	if (name == NULL)
		return 0;
	for (i = 0; i < y->nanchors; i++) {
		if (strcmp(y->anchors[i].name, name) == 0) {
			/* A redefined anchor replaces the old one. */
			y->anchors[i].node = node;
			node->flags |= YNODE_ANCHORED;
			return 0;
		}
	}
	if (y->nanchors >= MAX_ANCHORS)
		return fail(y, d, RP_ELIMIT, m, "too many anchors");
	ALLOC_GROW(y->anchors, y->nanchors + 1, y->anchors_alloc);
	y->anchors[y->nanchors].name = xstrdup(name);
	y->anchors[y->nanchors].node = node;
	y->nanchors++;
	node->flags |= YNODE_ANCHORED;
	return 0;
}

static int
key_equal(const struct ynode *a, const struct ynode *b)
{
	return a->n == b->n && memcmp(a->u.s, b->u.s, a->n) == 0;
}

/* A plain << key (not quoted, not !!str) asks for a merge. */
static int
is_merge_key(const struct ynode *key)
{
	return key->n == 2 && key->u.s[0] == '<' && key->u.s[1] == '<' &&
	    !(key->flags & (YNODE_QUOTED | YNODE_TAG_STR));
}

/*
 * Resolve merge keys: explicit keys first, then keys of the merged maps that
 * are not explicit; in a merge list the earlier map wins.
 */
static int
map_merge(struct yload *y, struct frame *f, struct rp_diag *d, yaml_mark_t m)
{
	struct ynode **out = NULL;
	size_t nout = 0, alloc = 0, i, j, k;
	int has_merge = 0;

	for (i = 0; i < f->n; i += 2) {
		const struct ynode *key = f->tmp[i];

		if (is_merge_key(key))
			has_merge = 1;
	}
	if (!has_merge)
		return 0;
	for (i = 0; i < f->n; i += 2) {
		const struct ynode *key = f->tmp[i];

		if (is_merge_key(key))
			continue;
		ALLOC_GROW(out, nout + 2, alloc);
		out[nout++] = f->tmp[i];
		out[nout++] = f->tmp[i + 1];
	}
	for (i = 0; i < f->n; i += 2) {
		const struct ynode *key = f->tmp[i];
		struct ynode *val = f->tmp[i + 1];
		struct ynode *const *srcs;
		size_t nsrc;

		if (!is_merge_key(key))
			continue;
		if (val->type == YNODE_MAP) {
			srcs = &f->tmp[i + 1];
			nsrc = 1;
		} else if (val->type == YNODE_SEQ) {
			srcs = val->u.items;
			nsrc = val->n;
		} else {
			free(out);
			return fail(y, d, RP_EPARSE, m,
			    "merge key '<<' needs a mapping or a list of mappings");
		}
		for (j = 0; j < nsrc; j++) {
			const struct ynode *src = srcs[j];

			if (src->type != YNODE_MAP) {
				free(out);
				return fail(y, d, RP_EPARSE, m,
				    "merge key '<<' needs mappings");
			}
			for (k = 0; k < src->n; k++) {
				size_t o;
				int dup = 0;

				for (o = 0; o < nout; o += 2)
					if (key_equal(out[o],
					        src->u.pairs[k].key)) {
						dup = 1;
						break;
					}
				if (dup)
					continue;
				ALLOC_GROW(out, nout + 2, alloc);
				out[nout++] = src->u.pairs[k].key;
				out[nout++] = src->u.pairs[k].val;
			}
		}
	}
	f->n = 0;
	for (i = 0; i < nout; i++)
		frame_append(f, out[i]);
	free(out);
	f->node->flags |= YNODE_MERGED;
	return 0;
}

static int
cmp_key_idx(const void *a, const void *b, void *arg)
{
	struct ynode **tmp = arg;
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	const struct ynode *ka = tmp[ia], *kb = tmp[ib];
	size_t n = ka->n < kb->n ? ka->n : kb->n;
	int c = memcmp(ka->u.s, kb->u.s, n);

	if (c != 0)
		return c;
	if (ka->n != kb->n)
		return ka->n < kb->n ? -1 : 1;
	return ia < ib ? -1 : ia > ib;
}

/* Shell sort of key indexes: no recursion, fine for big maps. */
static void
sort_idx(size_t *idx, size_t n, struct ynode **tmp)
{
	size_t i, j, gap;

	for (gap = n / 2; gap > 0; gap /= 2) {
		for (i = gap; i < n; i++) {
			size_t v = idx[i];

			for (j = i; j >= gap &&
			     cmp_key_idx(&idx[j - gap], &v, tmp) > 0;
			     j -= gap)
				idx[j] = idx[j - gap];
			idx[j] = v;
		}
	}
}

/* Drop earlier duplicates of a key (last wins) and record diagnostics. */
static void
map_dedup(struct yload *y, struct frame *f)
{
	size_t npairs = f->n / 2, i, *idx;
	unsigned char *drop;
	int any = 0;

	if (npairs < 2)
		return;
	if (npairs <= 16) {
		/* Most maps are small: look for a duplicate before sorting. */
		size_t j;

		for (i = 1; i < npairs && !any; i++)
			for (j = 0; j < i && !any; j++)
				any = key_equal(f->tmp[2 * i], f->tmp[2 * j]);
		if (!any)
			return;
		any = 0;
	}
	idx = xmalloc(npairs * sizeof(*idx));
	drop = xcalloc(npairs, 1);
	for (i = 0; i < npairs; i++)
		idx[i] = i * 2;
	sort_idx(idx, npairs, f->tmp);
	for (i = 1; i < npairs; i++) {
		const struct ynode *a = f->tmp[idx[i - 1]], *b = f->tmp[idx[i]];
		char msg[200];

		if (!key_equal(a, b))
			continue;
		/* idx sorted by key then position: a comes before b */
		drop[idx[i - 1] / 2] = 1;
		any = 1;
		snprintf(msg, sizeof(msg),
		    "mapping key \"%.80s\" defined twice (lines %u and %u); the last value is used",
		    b->u.s, a->line, b->line);
		add_diag(y, YDIAG_DUPLICATE_KEY, b->line, b->col, a->line, msg);
	}
	if (any) {
		size_t o = 0;

		for (i = 0; i < npairs; i++) {
			if (drop[i])
				continue;
			f->tmp[o++] = f->tmp[2 * i];
			f->tmp[o++] = f->tmp[2 * i + 1];
		}
		f->n = o;
	}
	free(idx);
	free(drop);
}

static int
finish_node(struct yload *y, struct frame *f, struct rp_diag *d, yaml_mark_t m)
{
	struct ynode *node = f->node;
	uint32_t size = 1;
	size_t i;
	int r;

	if (node->type == YNODE_MAP) {
		if ((r = map_merge(y, f, d, m)) != 0)
			return r;
		map_dedup(y, f);
		node->n = (uint32_t)(f->n / 2);
		node->u.pairs = arena_alloc(y->arena,
		    (f->n / 2 ? f->n / 2 : 1) * sizeof(struct ypair));
		for (i = 0; i < f->n; i += 2) {
			node->u.pairs[i / 2].key = f->tmp[i];
			node->u.pairs[i / 2].val = f->tmp[i + 1];
			size = size_add(size, f->tmp[i + 1]->size);
			size = size_add(size, 1);
		}
	} else {
		node->n = (uint32_t)f->n;
		node->u.items = arena_alloc(y->arena,
		    (f->n ? f->n : 1) * sizeof(struct ynode *));
		for (i = 0; i < f->n; i++) {
			node->u.items[i] = f->tmp[i];
			size = size_add(size, f->tmp[i]->size);
		}
	}
	node->size = size;
	node->flags &= (uint16_t)~YNODE_BUILDING;
	if (size > y->lim.max_nodes)
		return fail(y, d, RP_ELIMIT, m,
		    "document too large after alias expansion");
	return 0;
}

static void
streamed_root_value(struct yload *y, struct ynode *n)
{
	if (y->pending_is_key) {
		const char *s = n->type == YNODE_SCALAR ? n->u.s : "";

		snprintf(y->pending_key, sizeof(y->pending_key), "%s", s);
		y->pending_is_key = 0;
		return;
	}
	y->pending_is_key = 1;
	if (n->type != YNODE_SCALAR)
		return;
	if (strcmp(y->pending_key, "kind") == 0) {
		free(y->list_kind);
		y->list_kind = xstrdup(n->u.s);
	} else if (strcmp(y->pending_key, "apiVersion") == 0) {
		free(y->list_api);
		y->list_api = xstrdup(n->u.s);
	}
}

static void leave_list_mode(struct yload *y);

/* Attach a finished node to its parent (or make it the root). */
static int
add_value(struct yload *y, struct ynode *n, struct rp_diag *d, yaml_mark_t m)
{
	struct frame *f;

	if (y->nframes == 0) {
		y->root = n;
		return 0;
	}
	f = &y->frames[y->nframes - 1];
	if (f->streaming) {
		streamed_root_value(y, n);
		return 0;
	}
	if (f->items && n->type != YNODE_MAP && y->item_no < 0) {
		/*
		 * items: of something that is no List (a values file, a
		 * custom object): nothing was handed out yet, so build the
		 * document as a whole after all.
		 */
		leave_list_mode(y);
	} else if (f->items) {
		/* A List item is complete: hand it out. */
		y->item_no++;
		if (n->type != YNODE_MAP)
			return fail(y, d, RP_EPARSE, m,
			    "List item is not an object");
		y->ready = n;
		/* Items are independent: anchors and the node budget reset. */
		while (y->nanchors > 0)
			free(y->anchors[--y->nanchors].name);
		y->nodes = 0;
		return 0;
	}
	if (f->node->type == YNODE_MAP && f->n % 2 == 0 &&
	    n->type != YNODE_SCALAR)
		return fail(y, d, RP_EPARSE, m, "mapping key is not a scalar");
	frame_append(f, n);
	return 0;
}

static struct ynode *
new_node(struct yload *y, enum ynode_type type, yaml_mark_t m)
{
	struct ynode *n = arena_alloc(y->arena, sizeof(*n));

	n->type = (uint8_t)type;
	n->flags = 0;
	n->line = abs_line(y, m);
	n->col = (uint32_t)m.column + 1;
	n->n = 0;
	n->size = 1;
	n->u.s = NULL;
	y->nodes++;
	return n;
}

static int
tag_flags(struct yload *y, const char *tag, yaml_mark_t m, uint16_t *flags)
{
	static const struct {
		const char *tag;
		uint16_t flag;
	} known[] = {
		{ YAML_STR_TAG, YNODE_TAG_STR },
		{ YAML_INT_TAG, YNODE_TAG_INT },
		{ YAML_BOOL_TAG, YNODE_TAG_BOOL },
		{ YAML_NULL_TAG, YNODE_TAG_NULL },
		{ YAML_FLOAT_TAG, YNODE_TAG_FLOAT },
		{ YAML_MAP_TAG, 0 },
		{ YAML_SEQ_TAG, 0 },
	};
	size_t i;
	char msg[200];

	if (tag == NULL || strcmp(tag, "!") == 0)
		return 0;
	for (i = 0; i < sizeof(known) / sizeof(*known); i++) {
		if (strcmp(tag, known[i].tag) == 0) {
			*flags |= known[i].flag;
			return 0;
		}
	}
	*flags |= YNODE_TAG_OTHER;
	snprintf(msg, sizeof(msg),
	    "tag %.100s is not interpreted; the value is read as plain text",
	    tag);
	add_diag(y, YDIAG_UNKNOWN_TAG, abs_line(y, m), (uint32_t)m.column + 1,
	    0, msg);
	if (strcmp(tag, "tag:yaml.org,2002:binary") == 0)
		return RP_ENOTSUP;
	return 0;
}

/*
 * Stream the items[] of the root map.  The pairs before items stay in the
 * root frame (and its pending "items" key just past its end), so that
 * leave_list_mode() can undo this until the first item is handed out.
 */
static void
enter_list_mode(struct yload *y)
{
	struct frame *root = &y->frames[0];
	size_t i;

	y->list_mode = 1;
	root->streaming = 1;
	y->pending_is_key = 1;
	for (i = 0; i + 1 < root->n; i += 2) {
		streamed_root_value(y, root->tmp[i]);
		streamed_root_value(y, root->tmp[i + 1]);
	}
	/* The pending "items" key is consumed by the sequence itself. */
	y->pending_is_key = 1;
}

static void
leave_list_mode(struct yload *y)
{
	struct frame *root = &y->frames[0];

	y->list_mode = 0;
	root->streaming = 0;
	root->n++; /* the "items" key again */
	y->frames[1].items = 0;
	y->pending_is_key = 1;
}

/* Would the root map, as far as it is read, be a List?  (kind: *List) */
static int
root_may_be_list(const struct frame *root)
{
	size_t i, len;

	for (i = 0; i + 1 < root->n; i += 2) {
		const struct ynode *k = root->tmp[i], *v = root->tmp[i + 1];

		if (strcmp(k->u.s, "kind") != 0 || v->type != YNODE_SCALAR)
			continue;
		len = strlen(v->u.s);
		return len >= 4 && strcmp(v->u.s + len - 4, "List") == 0;
	}
	return 1; /* kind not seen yet (kubectl sorts "items" before it) */
}

/*
 * Handle one parser event.  Returns 0 to continue, 1 when a document or a
 * List item is ready, 2 at the end of the chunk, or a negative error.
 */
static int
handle_event(struct yload *y, yaml_event_t *ev, struct rp_diag *d)
{
	struct ynode *n;
	struct frame *f;
	int r;

	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
	case YAML_NO_EVENT:
		return 0;
	case YAML_STREAM_END_EVENT:
		return 2;
	case YAML_DOCUMENT_START_EVENT:
		builder_reset(y);
		y->in_doc = 1;
		if (ev->data.document_start.version_directive != NULL &&
		    ev->data.document_start.version_directive->minor == 2)
			add_diag(y, YDIAG_YAML12_DIRECTIVE,
			    abs_line(y, ev->start_mark), 1, 0,
			    "%YAML 1.2 directive: values are still resolved with the YAML 1.1 rules Kubernetes uses");
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		y->in_doc = 0;
		if (y->list_mode)
			return 0;
		if (y->root == NULL || ynode_is_null(y->root)) {
			y->empty_docs++;
			return 0;
		}
		return 1;
	case YAML_ALIAS_EVENT: {
		size_t i;
		struct ynode *target = NULL;

		for (i = 0; i < y->nanchors; i++)
			if (strcmp(y->anchors[i].name,
			        (const char *)ev->data.alias.anchor) == 0)
				target = y->anchors[i].node;
		if (target == NULL)
			return fail(y, d, RP_EPARSE, ev->start_mark,
			    "alias *%.100s refers to no anchor (or to one in another List item)",
			    (const char *)ev->data.alias.anchor);
		if (target->flags & YNODE_BUILDING)
			return fail(y, d, RP_EPARSE, ev->start_mark,
			    "recursive alias *%.100s",
			    (const char *)ev->data.alias.anchor);
		y->nodes += target->size;
		if (y->nodes > y->lim.max_nodes)
			return fail(y, d, RP_ELIMIT, ev->start_mark,
			    "alias expansion exceeds the node budget (billion laughs?)");
		if ((r = add_value(y, target, d, ev->start_mark)) != 0)
			return r;
		return y->ready != NULL;
	}
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.length > y->lim.max_scalar)
			return fail(y, d, RP_ELIMIT, ev->start_mark,
			    "scalar longer than the limit");
		if (memchr(ev->data.scalar.value, '\0',
		        ev->data.scalar.length) != NULL)
			return fail(y, d, RP_EPARSE, ev->start_mark,
			    "NUL character inside a scalar");
		n = new_node(y, YNODE_SCALAR, ev->start_mark);
		n->u.s = arena_memdup(y->arena, ev->data.scalar.value,
		    ev->data.scalar.length);
		n->n = (uint32_t)ev->data.scalar.length;
		if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
			n->flags |= YNODE_QUOTED;
		if (!ev->data.scalar.plain_implicit &&
		    !ev->data.scalar.quoted_implicit) {
			r = tag_flags(y, (const char *)ev->data.scalar.tag,
			    ev->start_mark, &n->flags);
			if (r != 0)
				return fail(y, d, r, ev->start_mark,
				    "tag %.100s is not supported",
				    (const char *)ev->data.scalar.tag);
		}
		if ((r = register_anchor(y,
		         (const char *)ev->data.scalar.anchor, n, d,
		         ev->start_mark)) != 0)
			return r;
		if (y->nodes > y->lim.max_nodes)
			return fail(y, d, RP_ELIMIT, ev->start_mark,
			    "too many nodes in one document");
		if ((r = add_value(y, n, d, ev->start_mark)) != 0)
			return r;
		return y->ready != NULL;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		int is_map = ev->type == YAML_MAPPING_START_EVENT;
		const char *anchor = is_map ?
		    (const char *)ev->data.mapping_start.anchor :
		    (const char *)ev->data.sequence_start.anchor;
		const char *tag = is_map ?
		    (const char *)ev->data.mapping_start.tag :
		    (const char *)ev->data.sequence_start.tag;
		int items = 0;

		if (y->nframes >= y->lim.max_depth)
			return fail(y, d, RP_ELIMIT, ev->start_mark,
			    "nesting deeper than the limit");
		n = new_node(y, is_map ? YNODE_MAP : YNODE_SEQ, ev->start_mark);
		n->flags |= YNODE_BUILDING;
		if (tag != NULL &&
		    (r = tag_flags(y, tag, ev->start_mark, &n->flags)) != 0)
			return fail(y, d, r, ev->start_mark,
			    "tag %.100s is not supported", tag);
		if ((r = register_anchor(y, anchor, n, d, ev->start_mark)) != 0)
			return r;
		/* Is this the items[] sequence of a List at the top level? */
		if (!is_map && y->lim.stream_items && y->nframes == 1 &&
		    !y->frames[0].streaming &&
		    y->frames[0].node->type == YNODE_MAP &&
		    y->frames[0].n % 2 == 1 &&
		    strcmp(y->frames[0].tmp[y->frames[0].n - 1]->u.s,
		        "items") == 0 &&
		    root_may_be_list(&y->frames[0])) {
			y->frames[0].n--; /* drop the pending key */
			enter_list_mode(y);
			items = 1;
		}
		f = push_frame(y, n);
		f->items = items;
		return 0;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (y->nframes == 0)
			return fail(y, d, RP_EINTERNAL, ev->start_mark,
			    "unbalanced events");
		f = &y->frames[y->nframes - 1];
		if (f->items || f->streaming) {
			y->nframes--;
			if (f->items) {
				/* The items key's value is done. */
				y->pending_is_key = 1;
			}
			if (y->nframes == 0)
				y->root = NULL;
			return 0;
		}
		if ((r = finish_node(y, f, d, ev->end_mark)) != 0)
			return r;
		y->nframes--;
		if ((r = add_value(y, f->node, d, ev->end_mark)) != 0)
			return r;
		return y->ready != NULL;
	}
	return 0;
}

static void
fill_doc(struct yload *y, struct ydoc *doc, struct ynode *root)
{
	doc->root = root;
	doc->name = y->name;
	doc->index = y->doc_index;
	doc->item = y->list_mode ? y->item_no : -1;
	doc->line = (uint32_t)y->chunk_line;
	doc->list_kind = y->list_mode ? y->list_kind : NULL;
	doc->list_api_version = y->list_mode ? y->list_api : NULL;
	doc->source = y->have_source ? arena_strdup(y->arena, y->source) : NULL;
	doc->diags = y->diags;
	y->diags = NULL;
}

static void
parser_stop(struct yload *y)
{
	if (y->parser_live) {
		yaml_parser_delete(&y->parser);
		y->parser_live = 0;
	}
}

static int
oversize_error(struct yload *y, struct rp_diag *d)
{
	return rp_diag_fail(d, RP_ELIMIT, y->name, (long)y->chunk_line,
	    "document larger than the limit of %llu bytes; skipped",
	    (unsigned long long)y->lim.max_doc);
}

/* What kind of failure error r of the current document was. */
static enum yload_err
classify(const struct yload *y, int r)
{
	if (y->ioerr)
		return YERR_IO;
	if (r == RP_ELIMIT)
		return YERR_LIMIT;
	if (y->chunk_template)
		return YERR_TEMPLATE;
	if (r == RP_ENOTSUP)
		return YERR_TAG;
	if (y->parser.error == YAML_READER_ERROR)
		return YERR_ENCODING;
	return YERR_SYNTAX;
}

static int
parser_error(struct yload *y, struct rp_diag *d)
{
	yaml_mark_t m = y->parser.problem_mark;
	const char *problem = y->parser.problem ? y->parser.problem : "error";
	int r;

	if (y->ioerr)
		return rp_diag_fail(d, RP_EIO, y->name, 0, "read error: %s",
		    strerror(y->ioerr));
	if (y->parser.error == YAML_READER_ERROR) {
		r = rp_diag_fail(d, RP_EPARSE, y->name, 0,
		    "invalid character encoding: %s (byte offset %zu)", problem,
		    y->parser.problem_offset);
		return r;
	}
	if (y->chunk_template)
		r = rp_diag_fail(d, RP_EPARSE, y->name, (long)abs_line(y, m),
		    "unrendered template: the document contains {{ ... }}; render it with helm template first (YAML: %s)",
		    problem);
	else if (y->parser.context != NULL)
		r = rp_diag_fail(d, RP_EPARSE, y->name, (long)abs_line(y, m),
		    "YAML: %s %s", y->parser.context, problem);
	else
		r = rp_diag_fail(d, RP_EPARSE, y->name, (long)abs_line(y, m),
		    "YAML: %s", problem);
	if (d != NULL)
		d->col = (long)m.column + 1;
	return r;
}

int
yload_next(struct yload *y, struct arena *a, struct ydoc *doc,
    struct rp_diag *d)
{
	yaml_event_t ev;
	int r;

	memset(doc, 0, sizeof(*doc));
	y->arena = a;
	y->last_err = YERR_NONE;
	for (;;) {
		if (y->fatal || (y->ioerr && !y->parser_live))
			return 0;
		if (!y->parser_live) {
			if (y->start == y->end && y->eof && !y->first_fill)
				return 0;
			chunk_begin(y);
			if (y->first_fill && (r = first_look(y)) != 0) {
				y->fatal = r;
				y->last_err =
				    y->binary ? YERR_BINARY : YERR_ENCODING;
				if (y->binary)
					return rp_diag_fail(d, RP_ENOTSUP,
					    y->name, 0,
					    "binary file (NUL byte near the start); skipped");
				return rp_diag_fail(d, r, y->name, 1,
				    r == RP_ENOTSUP ?
				        "unsupported encoding (UTF-32); convert the file to UTF-8" :
				        "invalid UTF-16 input");
			}
			if (y->start == y->end && !y->eof && fill(y) == 0 &&
			    y->start == y->end)
				return 0;
			if (y->start == y->end && y->eof)
				return 0;
			if (!yaml_parser_initialize(&y->parser))
				xalloc_die(sizeof(y->parser));
			yaml_parser_set_input(&y->parser, read_handler, y);
			y->parser_live = 1;
			builder_reset(y);
			y->in_doc = 0;
		}
		if (!yaml_parser_parse(&y->parser, &ev)) {
			if (!y->in_doc)
				y->doc_index++;
			y->in_doc = 0;
			r = y->oversize ? oversize_error(y, d) :
			                  parser_error(y, d);
			y->last_err = classify(y, r);
			parser_stop(y);
			chunk_skip(y);
			builder_reset(y);
			return r;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT)
			y->doc_index++;
		r = handle_event(y, &ev, d);
		yaml_event_delete(&ev);
		if (r < 0) {
			y->last_err = classify(y, r);
			if (y->last_err == YERR_TEMPLATE && d != NULL) {
				char was[RP_DIAG_MSG_MAX];
				long col = d->col;

				memcpy(was, d->msg, sizeof(was));
				rp_diag_fail(d, r, y->name, d->line,
				    "unrendered template: the document contains {{ ... }}; render it with helm template first (%.200s)",
				    was);
				d->col = col;
			}
			y->in_doc = 0;
			parser_stop(y);
			chunk_skip(y);
			builder_reset(y);
			return r;
		}
		if (r == 1 && (y->oversize || y->fatal)) {
			y->last_err = YERR_LIMIT;
			r = y->oversize ?
			    oversize_error(y, d) :
			    rp_diag_fail(d, RP_ELIMIT, y->name, 0,
			        "input larger than the limit of %llu bytes; the rest is not scanned",
			        (unsigned long long)y->lim.max_input);
			y->in_doc = 0;
			parser_stop(y);
			chunk_skip(y);
			builder_reset(y);
			return r;
		}
		if (r == 1) {
			if (y->ready != NULL) {
				struct ynode *item = y->ready;

				y->ready = NULL;
				fill_doc(y, doc, item);
				return 1;
			}
			fill_doc(y, doc, y->root);
			y->root = NULL;
			return 1;
		}
		if (r == 2) {
			parser_stop(y);
			if (y->fatal == RP_ELIMIT || y->oversize)
				y->last_err = YERR_LIMIT;
			if (y->fatal == RP_ELIMIT)
				return rp_diag_fail(d, RP_ELIMIT, y->name, 0,
				    "input larger than the limit of %llu bytes; the rest is not scanned",
				    (unsigned long long)y->lim.max_input);
			if (y->oversize)
				return oversize_error(y, d);
		}
	}
}

int
yload_helm_template(const char *s, size_t n)
{
	static const char *const words[] = {
		/* Helm's built-in objects and its own functions only: Go
		 * template control words also appear in rendered data. */
		".Values",
		".Release",
		".Chart",
		".Capabilities",
		".Files",
		".Template",
		"$.Values",
		"include ",
		"toYaml ",
		"tpl ",
		"required ",
		"nindent ",
	};
	const char *p = s, *end = s + n;
	size_t i;

	while ((p = memchr(p, '{', (size_t)(end - p))) != NULL) {
		const char *q = p + 2;

		if (q > end || p[1] != '{') {
			p++;
			continue;
		}
		if (q < end && *q == '-')
			q++;
		while (q < end && *q == ' ')
			q++;
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			size_t len = strlen(words[i]);

			if ((size_t)(end - q) >= len &&
			    memcmp(q, words[i], len) == 0)
				return 1;
		}
		p += 2;
	}
	return 0;
}

enum yload_err
yload_last_error(const struct yload *y)
{
	return y->last_err;
}

const char *
yload_encoding(const struct yload *y)
{
	return y->encoding;
}

const char *
yload_library_version(void)
{
	return yaml_get_version_string();
}
