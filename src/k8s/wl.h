/*
 * wl.h - helpers shared by the workload (pod template) checks: a per-object
 * verdict tracker that turns "evaluated and did not fire" into passes, and
 * small readers used by several rules.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_K8S_WL_H
#define RAMPART_K8S_WL_H

#include "k8s/check.h"

enum wl_verdict {
	WL_NONE,  /* not evaluated */
	WL_OK,    /* evaluated, did not fire */
	WL_FIRED, /* at least one finding */
	WL_NA,    /* not applicable (counted once) */
};

/* Verdicts of the rules one check evaluates on one object. */
struct wl_verdicts {
	const enum rule_id *rules; /* the rules of the check */
	size_t n;
	unsigned char v[RULE__COUNT];
};

/* Start evaluating an object for the listed rules. */
void wl_begin(struct wl_verdicts *w, const enum rule_id *rules, size_t n);

/* rule was evaluated (a pass unless it fires). */
void wl_eval(struct wl_verdicts *w, enum rule_id rule);

/* rule fired on the object (k8s_fail already reported it). */
void wl_fired(struct wl_verdicts *w, enum rule_id rule);

/* rule does not apply to this object (unless it fired or passed). */
void wl_na(struct wl_verdicts *w, enum rule_id rule);

/* Report a pass for every evaluated rule that did not fire, and NA. */
void wl_end(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_ref *subj);

/* A failure that also records the verdict. */
void wl_fail(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_ref *subj, enum rule_id rule, int severity,
    const struct ynode *at, const char *path, const char *evidence,
    const char *expected, const char *fmt, ...) RP_PRINTF(10, 11);

/* True when the object's effective namespace is one of kube-system, ... */
int wl_system_namespace(const char *ns);

/* The value of a string scalar, or NULL (null, not a scalar). */
const char *wl_str(const struct ynode *n);

#endif
