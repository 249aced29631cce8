/*
 * out.c - buffered output with a sticky error.
 *
 * SPDX-License-Identifier: MIT
 */
#include "util/out.h"

#include <stdarg.h>

#include "util/err.h"
#include "util/banned.h"

#define OUT_FLUSH ((size_t)64 << 10)

void
out_init(struct out *o, FILE *fp)
{
	o->fp = fp;
	strbuf_init(&o->sb, 0);
	o->err = 0;
}

static void
flush(struct out *o)
{
	if (o->sb.len > 0 && !o->err &&
	    fwrite(o->sb.buf, 1, o->sb.len, o->fp) != o->sb.len)
		o->err = RP_EIO;
	strbuf_reset(&o->sb);
}

void
out_maybe_flush(struct out *o)
{
	if (o->sb.len >= OUT_FLUSH)
		flush(o);
}

void
out_puts(struct out *o, const char *s)
{
	strbuf_addstr(&o->sb, s);
	out_maybe_flush(o);
}

void
out_putc(struct out *o, int c)
{
	strbuf_addch(&o->sb, c);
}

void
out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&o->sb, fmt, ap);
	va_end(ap);
	out_maybe_flush(o);
}

void
out_json(struct out *o, const char *s)
{
	strbuf_add_json(&o->sb, s);
	out_maybe_flush(o);
}

void
out_xml(struct out *o, const char *s)
{
	strbuf_add_xml(&o->sb, s);
	out_maybe_flush(o);
}

void
out_term(struct out *o, const char *s)
{
	strbuf_add_term(&o->sb, s);
	out_maybe_flush(o);
}

int
out_finish(struct out *o)
{
	flush(o);
	strbuf_release(&o->sb);
	if (!o->err && fflush(o->fp) != 0)
		o->err = RP_EIO;
	if (!o->err && ferror(o->fp))
		o->err = RP_EIO;
	return o->err;
}
