/*
 * out.h - buffered output with a sticky error.
 *
 * Writers append to the buffer without checking each call; the buffer is
 * flushed to the stream as it fills, and out_finish() reports whether any
 * write failed.  A failed write never turns into exit code 0.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_OUT_H
#define RAMPART_UTIL_OUT_H

#include <stdio.h>

#include "util/compat.h"
#include "util/strbuf.h"

struct out {
	FILE *fp;
	struct strbuf sb;
	int err;
};

void out_init(struct out *o, FILE *fp);
void out_puts(struct out *o, const char *s);
void out_putc(struct out *o, int c);
void out_printf(struct out *o, const char *fmt, ...) RP_PRINTF(2, 3);
/* s quoted as a JSON string (null for NULL). */
void out_json(struct out *o, const char *s);
/* s escaped for XML text or attributes. */
void out_xml(struct out *o, const char *s);
/* s with control characters made visible, for terminals. */
void out_term(struct out *o, const char *s);
/* Flush if the buffer is large. */
void out_maybe_flush(struct out *o);
/* Flush everything; 0 or RP_EIO. */
int out_finish(struct out *o) RP_MUST_CHECK;

#endif
