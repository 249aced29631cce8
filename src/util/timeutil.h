/*
 * timeutil.h - wall-clock time and dates in UTC.
 *
 * "Now" honours SOURCE_DATE_EPOCH (the reproducible-builds convention), so
 * golden tests can fix the date that waiver expiry is compared against.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_TIMEUTIL_H
#define RAMPART_UTIL_TIMEUTIL_H

#include <stddef.h>
#include <time.h>

/* Seconds since the epoch; SOURCE_DATE_EPOCH when set and valid. */
time_t rp_now(void);

/* Format t as "2026-12-02T12:00:00Z" into buf (at least 21 bytes). */
const char *rp_time_iso(time_t t, char *buf, size_t n);

/* Format t as "2026-12-02" into buf (at least 11 bytes). */
const char *rp_date(time_t t, char *buf, size_t n);

/*
 * Check that s is a calendar date "YYYY-MM-DD"; 0 if so, -1 otherwise.
 * Dates compare correctly with strcmp once validated.
 */
int rp_date_valid(const char *s);

/*
 * Parse "YYYY-MM-DDTHH:MM:SSZ" (what rp_time_iso writes) into *out.
 * Returns 0, or -1 when s is not such a time.
 */
int rp_time_parse_iso(const char *s, time_t *out /* OUT */);

/* Monotonic clock in seconds, for progress and benchmarks. */
double rp_monotonic(void);

#endif
