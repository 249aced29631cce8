/*
 * compat.h - compiler attributes and invariant checks shared by all modules.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_COMPAT_H
#define RAMPART_UTIL_COMPAT_H

#include <stddef.h>

#if defined(__GNUC__) || defined(__clang__)
#define RP_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define RP_MUST_CHECK __attribute__((warn_unused_result))
#define RP_UNUSED __attribute__((unused))
#define RP_FALLTHROUGH __attribute__((fallthrough))
#else
#define RP_PRINTF(fmt, args)
#define RP_MUST_CHECK
#define RP_UNUSED
#define RP_FALLTHROUGH ((void)0)
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * BUG() reports a broken invariant of rampart itself and aborts.  Input,
 * network or environment problems never reach it: they return RP_E* codes.
 */
#define BUG(...) rp_bug(__FILE__, __LINE__, __VA_ARGS__)

_Noreturn void rp_bug(const char *file, int line, const char *fmt, ...)
    RP_PRINTF(3, 4);

#endif
