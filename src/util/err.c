/*
 * err.c - error messages and diagnostics.
 *
 * SPDX-License-Identifier: MIT
 */
#include "util/err.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

static const char *const rp_err_msgs[] = {
#define RP_ERR_MSG(name, msg) msg,
	RP_ERRNO_MAP(RP_ERR_MSG)
#undef RP_ERR_MSG
};

const char *
rp_strerror(int err)
{
	int idx = -err - 1;

	if (err == 0)
		return "success";
	if (idx < 0 || idx >= RP__ERR_COUNT - 1)
		return "unknown error";
	return rp_err_msgs[idx];
}

int
rp_from_errno(int errnum)
{
	switch (errnum) {
	case ENOENT:
		return RP_ENOENT;
	case EACCES:
	case EPERM:
		return RP_EACCES;
	case ENOMEM:
		return RP_ENOMEM;
	case ENOTDIR:
		return RP_ENOTDIR;
	case ELOOP:
		return RP_ELOOP;
	case ETIMEDOUT:
		return RP_ETIMEDOUT;
	case ECONNREFUSED:
	case ECONNRESET:
	case EHOSTUNREACH:
	case ENETUNREACH:
		return RP_ECONN;
	case EEXIST:
		return RP_EEXIST;
	case EINVAL:
		return RP_EINVAL;
	case ERANGE:
		return RP_ERANGE;
	default:
		return RP_EIO;
	}
}

void
rp_diag_init(struct rp_diag *d)
{
	if (d == NULL)
		return;
	d->where[0] = '\0';
	d->line = 0;
	d->col = 0;
	d->offset = -1;
	d->msg[0] = '\0';
}

int
rp_diag_vfail(struct rp_diag *d, int err, const char *where, long line,
    const char *fmt, va_list ap)
{
	if (d == NULL)
		return err;
	rp_diag_init(d);
	if (where != NULL)
		snprintf(d->where, sizeof(d->where), "%s", where);
	d->line = line;
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	return err;
}

int
rp_diag_fail(struct rp_diag *d, int err, const char *where, long line,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err = rp_diag_vfail(d, err, where, line, fmt, ap);
	va_end(ap);
	return err;
}

const char *
rp_diag_str(const struct rp_diag *d, char *buf, size_t n)
{
	if (d->where[0] != '\0' && d->line > 0 && d->col > 0)
		snprintf(buf, n, "%s:%ld:%ld: %s", d->where, d->line, d->col,
		    d->msg);
	else if (d->where[0] != '\0' && d->line > 0)
		snprintf(buf, n, "%s:%ld: %s", d->where, d->line, d->msg);
	else if (d->where[0] != '\0' && d->offset >= 0)
		snprintf(buf, n, "%s: offset %lld: %s", d->where, d->offset,
		    d->msg);
	else if (d->where[0] != '\0')
		snprintf(buf, n, "%s: %s", d->where, d->msg);
	else
		snprintf(buf, n, "%s", d->msg);
	return buf;
}

void
rp_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "rampart: BUG at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
