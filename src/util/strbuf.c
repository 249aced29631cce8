/*
 * strbuf.c - growable text buffers and per-sink escaping.
 *
 * SPDX-License-Identifier: MIT
 */
#include "util/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/utf8.h"
#include "util/xmalloc.h"
#include "util/banned.h"

char strbuf_slopbuf[1];

void
strbuf_init(struct strbuf *sb, size_t cap)
{
	sb->alloc = 0;
	sb->len = 0;
	sb->cap = cap;
	sb->err = 0;
	sb->buf = strbuf_slopbuf;
}

void
strbuf_release(struct strbuf *sb)
{
	size_t cap = sb->cap;

	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, cap);
}

char *
strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *s;

	if (len != NULL)
		*len = sb->len;
	if (sb->alloc == 0)
		s = xstrdup("");
	else
		s = sb->buf;
	strbuf_init(sb, sb->cap);
	return s;
}

void
strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - sb->len - 1)
		xalloc_die(SIZE_MAX);
	need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return;
	if (sb->alloc == 0)
		sb->buf = NULL;
	ALLOC_GROW(sb->buf, need, sb->alloc);
	if (sb->len == 0)
		sb->buf[0] = '\0';
}

void
strbuf_reset(struct strbuf *sb)
{
	strbuf_setlen(sb, 0);
	sb->err = 0;
}

void
strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (len > sb->len)
		BUG("strbuf_setlen beyond length");
	sb->len = len;
	if (sb->alloc)
		sb->buf[len] = '\0';
}

/* Check the cap; on overflow set the sticky error and refuse. */
static int
strbuf_room(struct strbuf *sb, size_t len)
{
	if (sb->err)
		return 0;
	if (sb->cap != 0 && (len > sb->cap || sb->len > sb->cap - len)) {
		sb->err = RP_ELIMIT;
		return 0;
	}
	return 1;
}

void
strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (len == 0 || !strbuf_room(sb, len))
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void
strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void
strbuf_addch(struct strbuf *sb, int c)
{
	char ch = (char)c;

	strbuf_add(sb, &ch, 1);
}

void
strbuf_addchars(struct strbuf *sb, int c, size_t n)
{
	if (n == 0 || !strbuf_room(sb, n))
		return;
	strbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (sb->err)
		return;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0 || !strbuf_room(sb, (size_t)n))
		return;
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void
strbuf_rtrim(struct strbuf *sb)
{
	while (sb->len > 0 &&
	    (sb->buf[sb->len - 1] == ' ' || sb->buf[sb->len - 1] == '\t' ||
		sb->buf[sb->len - 1] == '\n' || sb->buf[sb->len - 1] == '\r'))
		sb->len--;
	if (sb->alloc)
		sb->buf[sb->len] = '\0';
}

int
strbuf_error(const struct strbuf *sb)
{
	return sb->err;
}

/* Code point of the valid n-byte UTF-8 sequence at s. */
static unsigned
utf8_decode(const unsigned char *s, size_t n)
{
	switch (n) {
	case 2:
		return (s[0] & 0x1fu) << 6 | (s[1] & 0x3fu);
	case 3:
		return (s[0] & 0x0fu) << 12 | (s[1] & 0x3fu) << 6 |
		    (s[2] & 0x3fu);
	case 4:
		return (s[0] & 0x07u) << 18 | (s[1] & 0x3fu) << 12 |
		    (s[2] & 0x3fu) << 6 | (s[3] & 0x3fu);
	default:
		return s[0];
	}
}

/*
 * Characters valid in JSON that are written as \u escapes anyway: C1
 * controls, U+2028 and U+2029 (they end a JavaScript string literal), the
 * byte-order mark and the noncharacters U+FFFE and U+FFFF.  None of them
 * may appear raw in YAML either, so the output also reads back through
 * the YAML loader (rampart report).
 */
static int
json_escape_cp(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0xfeff || cp == 0xfffe || cp == 0xffff;
}

void
strbuf_add_json_str(struct strbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			i++;
			run++;
			continue;
		}
		strbuf_add(sb, s + i - run, run);
		run = 0;
		if (c >= 0x80) {
			unsigned cp;

			n = utf8_valid_prefix(s + i, len - i);
			if (n == 0) {
				strbuf_addstr(sb, "\\ufffd");
				i++;
				continue;
			}
			cp = utf8_decode((const unsigned char *)s + i, n);
			if (json_escape_cp(cp))
				strbuf_addf(sb, "\\u%04x", cp);
			else
				strbuf_add(sb, s + i, n);
			i += n;
			continue;
		}
		switch (c) {
		case '"':
			strbuf_addstr(sb, "\\\"");
			break;
		case '\\':
			strbuf_addstr(sb, "\\\\");
			break;
		case '\n':
			strbuf_addstr(sb, "\\n");
			break;
		case '\r':
			strbuf_addstr(sb, "\\r");
			break;
		case '\t':
			strbuf_addstr(sb, "\\t");
			break;
		default: /* other C0 controls and DEL */
			strbuf_addstr(sb, "\\u00");
			strbuf_addch(sb, hex[c >> 4]);
			strbuf_addch(sb, hex[c & 15]);
			break;
		}
		i++;
	}
	strbuf_add(sb, s + i - run, run);
}

void
strbuf_add_json(struct strbuf *sb, const char *s)
{
	if (s == NULL) {
		strbuf_addstr(sb, "null");
		return;
	}
	strbuf_addch(sb, '"');
	strbuf_add_json_str(sb, s, strlen(s));
	strbuf_addch(sb, '"');
}

void
strbuf_add_xml(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n;

		if (c >= 0x80) {
			n = utf8_valid_prefix(s + i, len - i);
			if (n == 0) {
				strbuf_addstr(sb, "\xef\xbf\xbd");
				i++;
			} else if (n == 3 && c == 0xef &&
			    (unsigned char)s[i + 1] == 0xbf &&
			    (unsigned char)s[i + 2] >= 0xbe) {
				/* U+FFFE and U+FFFF are not XML characters. */
				strbuf_addstr(sb, "\xef\xbf\xbd");
				i += n;
			} else {
				strbuf_add(sb, s + i, n);
				i += n;
			}
			continue;
		}
		switch (c) {
		case '<':
			strbuf_addstr(sb, "&lt;");
			break;
		case '>':
			strbuf_addstr(sb, "&gt;");
			break;
		case '&':
			strbuf_addstr(sb, "&amp;");
			break;
		case '"':
			strbuf_addstr(sb, "&quot;");
			break;
		case '\'':
			strbuf_addstr(sb, "&#39;");
			break;
		case '\t':
		case '\n':
		case '\r':
			strbuf_addch(sb, c);
			break;
		default:
			/* XML 1.0 cannot carry other C0 controls at all. */
			if (c < 0x20 || c == 0x7f)
				strbuf_addstr(sb, "\xef\xbf\xbd");
			else
				strbuf_addch(sb, c);
			break;
		}
		i++;
	}
}

/*
 * The code point of the valid n-byte sequence at s when a terminal must
 * not receive it raw: C1 controls (U+0080-U+009F, which some terminals
 * obey like ESC sequences), bidirectional overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069, which reorder what is shown) and the line
 * and paragraph separators.  0 otherwise.
 */
static unsigned
term_unsafe(const unsigned char *s, size_t n)
{
	if (n == 2 && s[0] == 0xc2 && s[1] <= 0x9f)
		return s[1];
	if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0xa8 && s[2] <= 0xae)))
		return 0x2000u + (s[2] - 0x80u);
	if (n == 3 && s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 &&
	    s[2] <= 0xa9)
		return 0x2040u + (s[2] - 0x80u);
	return 0;
}

void
strbuf_add_term(struct strbuf *sb, const char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		unsigned cp;
		size_t n;

		if (c >= 0x80) {
			n = utf8_valid_prefix(s + i, len - i);
			if (n == 0) {
				strbuf_addf(sb, "\\x%02x", c);
				i++;
			} else if ((cp = term_unsafe(
					(const unsigned char *)s + i, n)) != 0) {
				strbuf_addf(sb, "\\u%04x", cp);
				i += n;
			} else {
				strbuf_add(sb, s + i, n);
				i += n;
			}
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			if (c == '\n')
				strbuf_addstr(sb, "\\n");
			else if (c == '\t')
				strbuf_addstr(sb, "\\t");
			else
				strbuf_addf(sb, "\\x%02x", c);
		} else {
			strbuf_addch(sb, c);
		}
		i++;
	}
}
