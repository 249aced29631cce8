/*
 * waiver.h - accepted exceptions with a justification and an expiry date.
 *
 * A waiver names a rule glob and a subject glob.  The subject glob is
 * matched against the finding's object, file and path; "*" matches any
 * subject.  A waiver without an expiry date is accepted but reported, since
 * baselines expect exceptions to be reviewed.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_CORE_WAIVER_H
#define RAMPART_CORE_WAIVER_H

#include <stddef.h>

#include "core/finding.h"
#include "util/compat.h"
#include "util/err.h"

struct waiver {
	char *rule;          /* glob over rule ids */
	char *subject;       /* glob over object, file or path */
	char *justification; /* required */
	char expires[11];    /* "YYYY-MM-DD" or "" */
	char *source;        /* "rampart.yaml:12" or "annotation on ..." */
	unsigned matched;    /* findings it matched in this run */
	char *file;          /* where it is written, or NULL (owned) */
	unsigned line;       /* 1-based line in file; 0 when not known */
};

/* Free the strings of w (not w itself). */
void waiver_release(struct waiver *w);

/* True when w covers finding f (rule and subject globs). */
int waiver_matches(const struct waiver *w, const struct finding *f);

/* True when w has an expiry date before today (UTC). */
int waiver_expired(const struct waiver *w, const char *today);

/*
 * Parse an annotation value such as
 *   "k8s/host-pid reason=node agent needs it expires=2027-01-31"
 * Several waivers are separated by ';' or newlines.  The subject of each is
 * "*" (the annotated object).  Appends to *ws (grown with ALLOC_GROW).
 * Returns 0 or RP_EPARSE with a message in d.
 */
int waiver_parse_annotation(const char *value, const char *source,
    struct waiver **ws, size_t *n, size_t *alloc, struct rp_diag *d)
    RP_MUST_CHECK;

#endif
