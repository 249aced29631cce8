/*
 * result.h - a scan's result: metadata, findings and summaries.
 *
 * Findings stream in through result_add(): the result applies the policy
 * (level, --only/--skip), matches waivers, updates per-rule counters and
 * appends the finding to a spool.  Passes are counted, not stored, so a scan
 * of a huge input keeps memory flat; the spool moves to an unlinked
 * temporary file once it outgrows RESULT_SPOOL_MEM.  Writers read findings
 * back with result_iter in scan order, as often as they need.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_CORE_RESULT_H
#define RAMPART_CORE_RESULT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "core/finding.h"
#include "core/framework.h"
#include "core/rule.h"
#include "core/waiver.h"
#include "util/compat.h"
#include "util/strbuf.h"

#define RESULT_SPOOL_MEM ((size_t)64 << 20)

/* Which rules run and what fails the run. */
struct policy {
	enum level level;       /* rules above this level do not run */
	enum severity fail_on;  /* failing findings at or above fail the run */
	int fail_never;         /* --fail-on none */
	char **only;            /* rule globs; empty = all */
	size_t nonly;
	char **skip;            /* rule globs to leave out */
	size_t nskip;
	int show_passed;        /* keep pass findings too */
};

void policy_init(struct policy *p);
void policy_release(struct policy *p);

/* One scanned target ("k8s", "zk", "host") and what it covered. */
struct result_target {
	char *target;
	char *scope; /* "examples/k8s", "127.0.0.1:2181", "/" */
	char *unit[4];
	uint64_t count[4];
	size_t ncounts;
};

/* Something that could not be covered. */
struct result_gap {
	char *target;
	char *what;
	char *why;
};

/* Per-rule tallies. */
struct rule_count {
	uint64_t status[STATUS_COUNT];
	uint64_t waived;  /* failures covered by a valid waiver */
	uint64_t expired; /* failures whose waiver had expired */
	int ran;          /* the rule was evaluated at least once */
};

struct spool;

struct result {
	struct policy policy;
	unsigned char enabled[RULE__COUNT]; /* the policy, tabulated per rule */
	char *command; /* "k8s scan", "host scan" ... */
	time_t started, finished;
	char today[11];

	struct result_target *targets;
	size_t ntargets, targets_alloc;
	struct result_gap *gaps;
	size_t ngaps, gaps_alloc;

	struct waiver *waivers; /* from the configuration */
	size_t nwaivers, waivers_alloc;

	struct rule_count counts[RULE__COUNT];
	uint64_t stored; /* findings in the spool */
	struct spool *spool;
	int spool_err;   /* sticky write error of the temporary file */
	int restored;    /* read back from JSON: result_finish() is a no-op */
};

/* A new, empty result; the policy is copied (the caller keeps its own). */
struct result *result_new(const char *command, const struct policy *p);
void result_free(struct result *r);

/*
 * The first --only or --skip glob of p that matches no rule of the
 * catalog (a typo that would silently run everything or nothing), or NULL.
 */
const char *policy_unmatched_glob(const struct policy *p);

/* True when the policy lets rule id run (level, --only/--skip, optional). */
int result_rule_enabled(const struct result *r, enum rule_id id);

/*
 * Record a finding.  Disabled rules are dropped; passes are counted (and
 * kept only with show_passed); the strings of f are copied.
 */
void result_add(struct result *r, const struct finding *f);

/*
 * Append a finding to the spool exactly as given, waiver state included,
 * without policy, waivers or counters: for results read back from their
 * JSON form, whose tallies are restored separately (r->counts).
 */
void result_restore(struct result *r, const struct finding *f);

/* Shorthand for a pass of rule id on object (counted only). */
void result_pass(struct result *r, enum rule_id id, const char *object);

/* Record a scanned target; returns it so counts can be attached. */
struct result_target *result_target_add(struct result *r, const char *target,
    const char *scope);

/* Add n to the counter named unit of target t ("documents", "znodes"). */
void result_target_count(struct result_target *t, const char *unit,
    uint64_t n);

/* Record incomplete coverage; the run exits 3. */
void result_gap(struct result *r, const char *target, const char *what,
    const char *why);

/*
 * A target calls this when it has added every finding about one object
 * that carried its own waivers (ws[0..n), e.g. from an annotation), so
 * that waivers which matched nothing (core/waiver-unused), have no expiry
 * date (core/waiver-no-expiry) or expired without matching are reported
 * against that object.  An expired waiver that matched was reported at its
 * first match already.  ws stays the caller's.
 */
void result_object_done(struct result *r, const struct waiver *ws, size_t n,
    const char *file, unsigned line, const char *object);

/*
 * Finish the run: stamp the end time and report the configuration's
 * waivers that expired (core/waiver-expired), matched nothing
 * (core/waiver-unused) or have no expiry date (core/waiver-no-expiry).
 * Findings about waivers are never waived themselves.
 */
void result_finish(struct result *r);

/* Unwaived failures at or above the fail-on severity. */
uint64_t result_failing(const struct result *r);

/* Exit code as SPEC.md fixes it: 0, 1 (failing findings) or 3. */
int result_exit_code(const struct result *r);

/* Iterate over stored findings in scan order. */
struct result_iter {
	const struct result *r;
	long long pos;       /* record number */
	size_t off;          /* offset in the memory part */
	long file_off;       /* offset in the spilled part */
	struct strbuf rec;   /* current record; strings of f point into it */
};

void result_iter_init(struct result_iter *it, const struct result *r);
/* 1 and *f filled (valid until the next call), or 0 at the end. */
int result_iter_next(struct result_iter *it, struct finding *f /* OUT */);
void result_iter_release(struct result_iter *it);

/* Status of a control after the run. */
enum control_status {
	CONTROL_FAIL,
	CONTROL_PASS,
	CONTROL_MANUAL,       /* no automated rule covers it */
	CONTROL_NOT_ASSESSED, /* rules exist but none ran on this input */
	CONTROL_ERROR,        /* a covering rule could not be evaluated */
};

const char *control_status_name(enum control_status s);

struct control_summary {
	const struct control *control;
	enum control_status status;
	uint64_t fail, pass, waived, error, manual;
	size_t nrules;    /* automated rules citing it */
	size_t nran;      /* of which ran */
};

/*
 * Summarise framework fw; fills out[] (control_count entries at most) and
 * returns the number of controls.  Counts per status are added to tally
 * (indexed by enum control_status) when tally is not NULL.
 */
size_t result_framework(const struct result *r, enum framework_id fw,
    struct control_summary *out, uint64_t tally[5]);

#endif
