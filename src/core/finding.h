/*
 * finding.h - one verdict of one rule about one subject.
 *
 * Checks fill a struct finding with borrowed strings and hand it to
 * result_add(), which copies what it keeps.  Findings are data, never
 * errors: a failed check is STATUS_FAIL, an input rampart could not read is
 * STATUS_ERROR with the place and the reason.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_CORE_FINDING_H
#define RAMPART_CORE_FINDING_H

#include <stddef.h>

#include "core/rule.h"

enum status {
	STATUS_PASS,
	STATUS_FAIL,
	STATUS_NA,     /* not applicable, or not assessable with this input */
	STATUS_ERROR,  /* the subject could not be read or evaluated */
	STATUS_MANUAL, /* needs an auditor; the message says what to check */
};
#define STATUS_COUNT 5

enum waiver_state {
	WAIVER_NONE,
	WAIVER_APPLIED, /* a valid waiver covers this failure */
	WAIVER_EXPIRED, /* a waiver matched but has expired: still failing */
};

struct waiver;

struct finding {
	enum rule_id rule;
	enum status status;
	int severity;         /* enum severity, or -1 for the rule's own */
	const char *file;     /* file the subject came from, or NULL */
	unsigned line, col;   /* 1-based; 0 when not known */
	const char *object;   /* "Deployment shop/web", "/kafka/brokers", ... */
	const char *path;     /* field path, setting or znode detail */
	const char *message;  /* one line saying what was found */
	const char *evidence; /* the observed value, secrets masked */
	const char *expected; /* what the baseline wants */

	/* Waivers attached to the object itself (e.g. an annotation). */
	struct waiver *local_waivers; /* matched counts are updated */
	size_t nlocal_waivers;

	/* Filled by the result when a waiver matched. */
	enum waiver_state waiver;
	const char *waiver_reason;
	const char *waiver_expires;
	const char *waiver_source;
};

const char *status_name(enum status s);

/* The finding's severity: its own when set, else the rule's. */
enum severity finding_severity(const struct finding *f);

#endif
