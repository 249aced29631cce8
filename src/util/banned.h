/*
 * banned.h - turn calls that are easy to misuse into compile errors.
 *
 * Include it last.  Bounded alternatives: strbuf, snprintf, strtol with
 * explicit checks, gmtime_r and localtime_r.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_BANNED_H
#define RAMPART_UTIL_BANNED_H

/* NOLINTBEGIN(readability-identifier-naming) */
#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)
/* NOLINTEND(readability-identifier-naming) */

#endif
