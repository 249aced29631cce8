/*
 * err.h - error codes and diagnostics.
 *
 * Fallible functions return 0 or a negative RP_E* code.  The codes and their
 * messages come from one X-macro so they cannot drift apart.  A caller that
 * wants to know where an error happened passes a struct rp_diag, which the
 * callee fills with the place (file, host, znode...), the line or offset and
 * a message.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_ERR_H
#define RAMPART_UTIL_ERR_H

#include <stdarg.h>

#include "util/compat.h"

#define RP_ERRNO_MAP(X)                                               \
	X(EINTERNAL, "internal error")                                \
	X(ENOMEM, "out of memory")                                    \
	X(EIO, "input/output error")                                  \
	X(ENOENT, "no such file or directory")                        \
	X(EACCES, "permission denied")                                \
	X(EINVAL, "invalid argument")                                 \
	X(EPARSE, "parse error")                                      \
	X(ELIMIT, "limit exceeded")                                   \
	X(ETRUNC, "truncated input")                                  \
	X(EPROTO, "protocol error")                                   \
	X(ECONN, "connection failed")                                 \
	X(ETIMEDOUT, "timed out")                                     \
	X(EAUTH, "authentication failed")                             \
	X(ETLS, "TLS error")                                          \
	X(ENOTSUP, "not supported")                                   \
	X(EEXIST, "already exists")                                   \
	X(ECHANGED, "changed by someone else")                        \
	X(EDENIED, "not authorised")                                  \
	X(ENOTDIR, "not a directory")                                 \
	X(ELOOP, "path escapes the root or loops")                    \
	X(ECLOSED, "connection closed")                               \
	X(ERANGE, "value out of range")

enum rp_err {
	RP_OK = 0,
#define RP_ERR_ENUM(name, msg) RP__IDX_##name,
	RP_ERRNO_MAP(RP_ERR_ENUM)
#undef RP_ERR_ENUM
	RP__ERR_COUNT
};

/* The public codes are the negated indexes: RP_EINTERNAL == -1 and so on. */
#define RP_ERR_VALUE(name, msg) RP_##name = -(RP__IDX_##name),
enum rp_err_value { RP_ERRNO_MAP(RP_ERR_VALUE) };
#undef RP_ERR_VALUE

/* Return the message for an RP_E* code; never NULL. */
const char *rp_strerror(int err);

/* Map an errno value to the closest RP_E* code. */
int rp_from_errno(int errnum);

#define RP_DIAG_WHERE_MAX 512
#define RP_DIAG_MSG_MAX 512

struct rp_diag {
	char where[RP_DIAG_WHERE_MAX]; /* file, host:port, znode; "" if none */
	long line;                     /* 1-based; 0 when not known */
	long col;                      /* 1-based; 0 when not known */
	long long offset;              /* byte offset; -1 when not known */
	char msg[RP_DIAG_MSG_MAX];
};

/* Reset a diagnostic to "nothing known". */
void rp_diag_init(struct rp_diag *d);

/*
 * Record an error in d (which may be NULL) and return err, so that a callee
 * can write `return rp_diag_fail(d, RP_EPARSE, path, line, "...")`.
 */
int rp_diag_fail(struct rp_diag *d, int err, const char *where, long line,
    const char *fmt, ...) RP_PRINTF(5, 6);

/* The same with a va_list. */
int rp_diag_vfail(struct rp_diag *d, int err, const char *where, long line,
    const char *fmt, va_list ap) RP_PRINTF(5, 0);

/*
 * Format "where:line: msg" into buf of size n.  Returns buf.  Used by the
 * CLI and by targets that turn errors into findings.
 */
const char *rp_diag_str(const struct rp_diag *d, char *buf, size_t n);

#endif
