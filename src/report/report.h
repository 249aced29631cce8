/*
 * report.h - report writers: one vtable, one file per format.
 *
 * Every writer reads the same struct result (JSON is the canonical form and
 * every other format carries a subset of it).  A new format is one file and
 * one line in report_writers[].
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_REPORT_REPORT_H
#define RAMPART_REPORT_REPORT_H

#include "core/result.h"
#include "util/compat.h"
#include "util/out.h"

struct report_opts {
	int color;             /* ANSI colours (text only) */
	int verbose;           /* rationale, remediation, passed rules */
	int quiet;             /* summary only (text only) */
	int framework;         /* -1 = all, else enum framework_id */
};

struct report_writer {
	const char *name;        /* "text", "json", ... */
	const char *description; /* one line for --help */
	void (*write)(const struct result *r, const struct report_opts *o,
	    struct out *out);
};

extern const struct report_writer report_text;
extern const struct report_writer report_json;
extern const struct report_writer report_sarif;
extern const struct report_writer report_junit;
extern const struct report_writer report_prometheus;
extern const struct report_writer report_html;

/* NULL-terminated table of writers. */
extern const struct report_writer *const report_writers[];

/* The writer called name, or NULL. */
const struct report_writer *report_find(const char *name);

/*
 * Read a JSON result (as the json writer writes it) from path into a new
 * result that every writer can render: findings with their waiver states,
 * rule tallies, targets, gaps, the configuration's waivers, policy and
 * times.  The result is marked restored, so result_finish() leaves it as
 * it was.  Errors (unreadable file, not JSON, not a rampart result, a rule
 * this catalog does not know, a field of the wrong type) return RP_E* with
 * file, line and message in d.  The caller frees *out with result_free().
 */
int report_load_json(const char *path, struct result **out /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

/* The same from memory (copied); name is what diagnostics call it. */
int report_load_json_mem(const void *data, size_t len, const char *name,
    struct result **out /* OUT */, struct rp_diag *d) RP_MUST_CHECK;

/* One failure in a diff: copies of the finding's identifying fields. */
struct diff_item {
	char *key; /* rule, file, object, path joined (owned) */
	enum rule_id rule;
	enum severity severity;
	char *file, *object, *path, *message; /* owned, may be NULL */
	unsigned line;
};

/* What changed between two results (see diff.c for the identity). */
struct result_diff {
	struct diff_item *newly, *fixed, *still;
	size_t nnewly, nfixed, nstill;
	struct diff_item *unchecked; /* gone because its rule did not run */
	size_t nunchecked;
	enum rule_id added[RULE__COUNT];   /* ran in the new run only */
	enum rule_id removed[RULE__COUNT]; /* ran in the old run only */
	size_t nadded, nremoved;
};

/*
 * Compare the unwaived failures of old and new, and the rules each ran.
 * Fills *out (release it with result_diff_release()); both results stay
 * the caller's.
 */
void result_diff(const struct result *old, const struct result *new,
    struct result_diff *out /* OUT */);
void result_diff_release(struct result_diff *d);

/* Write a diff as text (still failing listed only when verbose) or JSON. */
void result_diff_text(const struct result_diff *d, const struct result *old,
    const char *old_name, const struct result *new, const char *new_name,
    int verbose, struct out *o);
void result_diff_json(const struct result_diff *d, const struct result *old,
    const char *old_name, const struct result *new, const char *new_name,
    struct out *o);

/* Write rule as a JSON object (shared by the JSON report and `rules`). */
void report_json_rule(struct out *o, const struct rule *rule);

/*
 * Visit stored findings grouped for reading: by target, then severity
 * (highest first), then rule in catalog order, then scan order.  Used by
 * the text writer; fn returns nothing and must not keep f.
 */
void report_sorted(const struct result *r,
    void (*fn)(const struct finding *f, void *arg), void *arg);

#endif
