/*
 * utf8.h - UTF-8 validation.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_UTF8_H
#define RAMPART_UTIL_UTF8_H

#include <stddef.h>

/*
 * Length of the valid UTF-8 sequence at s (at most len bytes), or 0 if the
 * bytes there are not a well-formed sequence (overlongs, surrogates and
 * values above U+10FFFF are rejected).
 */
size_t utf8_valid_prefix(const char *s, size_t len);

/* Offset of the first invalid byte in s, or len when all of s is valid. */
size_t utf8_check(const char *s, size_t len);

#endif
