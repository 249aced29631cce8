/*
 * wl.c - verdict tracking and small helpers of the workload checks.
 *
 * SPDX-License-Identifier: MIT
 */
#include "k8s/wl.h"

#include <stdarg.h>
#include <string.h>

#include "util/banned.h"

void
wl_begin(struct wl_verdicts *w, const enum rule_id *rules, size_t n)
{
	size_t i;

	w->rules = rules;
	w->n = n;
	for (i = 0; i < n; i++)
		w->v[rules[i]] = WL_NONE;
}

void
wl_eval(struct wl_verdicts *w, enum rule_id rule)
{
	if (w->v[rule] == WL_NONE || w->v[rule] == WL_NA)
		w->v[rule] = WL_OK;
}

void
wl_fired(struct wl_verdicts *w, enum rule_id rule)
{
	w->v[rule] = WL_FIRED;
}

void
wl_na(struct wl_verdicts *w, enum rule_id rule)
{
	if (w->v[rule] == WL_NONE)
		w->v[rule] = WL_NA;
}

void
wl_end(struct wl_verdicts *w, struct k8s_ctx *ctx, const struct k8s_ref *subj)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		enum rule_id id = w->rules[i];

		if (w->v[id] == WL_OK)
			k8s_pass(ctx, subj, id);
		else if (w->v[id] == WL_NA)
			k8s_na(ctx, subj, id, NULL);
	}
}

void
wl_fail(struct wl_verdicts *w, struct k8s_ctx *ctx, const struct k8s_ref *subj,
    enum rule_id rule, int severity, const struct ynode *at, const char *path,
    const char *evidence, const char *expected, const char *fmt, ...)
{
	va_list ap;

	w->v[rule] = WL_FIRED;
	va_start(ap, fmt);
	k8s_vfail(ctx, subj, rule, severity, at, path, evidence, expected, fmt,
	    ap);
	va_end(ap);
}

int
wl_system_namespace(const char *ns)
{
	return ns != NULL &&
	    (strcmp(ns, "kube-system") == 0 || strcmp(ns, "kube-public") == 0 ||
	        strcmp(ns, "kube-node-lease") == 0);
}

const char *
wl_str(const struct ynode *n)
{
	if (n == NULL || n->type != YNODE_SCALAR || ynode_is_null(n))
		return NULL;
	return n->u.s;
}
