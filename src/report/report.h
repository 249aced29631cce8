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

/* NULL-terminated table of writers. */
extern const struct report_writer *const report_writers[];

/* The writer called name, or NULL. */
const struct report_writer *report_find(const char *name);

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
