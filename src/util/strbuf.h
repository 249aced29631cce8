/*
 * strbuf.h - growable text buffers.
 *
 * A strbuf's buf is never NULL and always NUL-terminated, so it can be
 * printed at any time.  A strbuf may carry a cap: appending past it sets a
 * sticky error and drops the text, and the caller checks strbuf_error() once
 * at the end instead of after every append (SQLite's StrAccum does the
 * same).  Report writers and readers of untrusted files use capped buffers.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_STRBUF_H
#define RAMPART_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util/compat.h"

struct strbuf {
	size_t alloc; /* 0 while buf points at the shared empty string */
	size_t len;
	size_t cap; /* 0 = no cap */
	int err;    /* sticky: RP_ELIMIT once the cap was hit */
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { .buf = strbuf_slopbuf }

/* Fill a caller-owned strbuf; cap 0 means unlimited. */
void strbuf_init(struct strbuf *sb, size_t cap);

/* Free the contents; sb is ready for reuse as if just initialised. */
void strbuf_release(struct strbuf *sb);

/* Hand the buffer to the caller (who frees it) and reset sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len /* OUT, may be NULL */);

/* Make room for extra more bytes. */
void strbuf_grow(struct strbuf *sb, size_t extra);

void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addchars(struct strbuf *sb, int c, size_t n);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) RP_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    RP_PRINTF(2, 0);

/* Remove trailing whitespace. */
void strbuf_rtrim(struct strbuf *sb);

/* 0, or RP_ELIMIT if an append was dropped because of the cap. */
int strbuf_error(const struct strbuf *sb) RP_MUST_CHECK;

/*
 * Append s with the escapes a JSON string needs (without the quotes).
 * Invalid UTF-8 is replaced with U+FFFD so the output stays valid.  DEL,
 * C1 controls, U+2028/U+2029, the BOM and U+FFFE/U+FFFF are escaped too, so
 * the JSON can be embedded in a script and read back as YAML.
 */
void strbuf_add_json_str(struct strbuf *sb, const char *s, size_t len);

/* Append s quoted as a JSON string. */
void strbuf_add_json(struct strbuf *sb, const char *s);

/*
 * Append s escaped for XML/HTML text and attribute values.  Characters XML
 * 1.0 cannot carry (C0 controls other than tab and newlines, U+FFFE,
 * U+FFFF) and invalid UTF-8 become U+FFFD.
 */
void strbuf_add_xml(struct strbuf *sb, const char *s);

/*
 * Append s for a terminal: control characters (C0 and C1), bidirectional
 * overrides, line separators and invalid UTF-8 become visible escapes so a
 * hostile name cannot move the cursor, change colours or reorder the line.
 */
void strbuf_add_term(struct strbuf *sb, const char *s);

#endif
