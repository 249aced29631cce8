/*
 * check-probes.c - APP.4.4.A11 container monitoring (reference §2.3 G).
 *
 * Long-running pod templates only: Jobs, CronJobs and bare pods whose
 * restartPolicy is Never or OnFailure run to completion and are not
 * applicable.  App containers and sidecars are checked; regular init and
 * ephemeral containers cannot carry probes.  A startupProbe replaces
 * neither liveness nor readiness.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "k8s/check.h"
#include "k8s/wl.h"

#include "util/banned.h"

static const enum rule_id probe_rules[] = {
	RULE_K8S_LIVENESS_PROBE_MISSING,
	RULE_K8S_READINESS_PROBE_MISSING,
	RULE_K8S_PROBE_IDENTICAL,
	RULE_K8S_PROBE_TIMING_IMPLICIT,
};

static const char *const timing[] = {
	"periodSeconds",
	"timeoutSeconds",
	"failureThreshold",
	"initialDelaySeconds",
};

static int
scalar_eq(const struct ynode *a, const struct ynode *b)
{
	const char *x = ynode_str(a), *y = ynode_str(b);

	if (ynode_is_null(a) && ynode_is_null(b))
		return 1;
	return x != NULL && y != NULL && strcmp(x, y) == 0;
}

static int
seq_eq(const struct ynode *a, const struct ynode *b)
{
	size_t i;

	if (ynode_is_null(a) || ynode_is_null(b))
		return ynode_is_null(a) && ynode_is_null(b);
	if (a->type != YNODE_SEQ || b->type != YNODE_SEQ || a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (!scalar_eq(a->u.items[i], b->u.items[i]))
			return 0;
	return 1;
}

/* Do two probes run the same check? */
static int
same_handler(const struct ynode *a, const struct ynode *b)
{
	const struct ynode *x, *y;

	if ((x = ynode_get(a, "httpGet")) != NULL &&
	    (y = ynode_get(b, "httpGet")) != NULL)
		return scalar_eq(ynode_get(x, "path"), ynode_get(y, "path")) &&
		    scalar_eq(ynode_get(x, "port"), ynode_get(y, "port")) &&
		    scalar_eq(ynode_get(x, "host"), ynode_get(y, "host"));
	if ((x = ynode_get(a, "tcpSocket")) != NULL &&
	    (y = ynode_get(b, "tcpSocket")) != NULL)
		return scalar_eq(ynode_get(x, "port"), ynode_get(y, "port"));
	if ((x = ynode_get(a, "exec")) != NULL &&
	    (y = ynode_get(b, "exec")) != NULL)
		return seq_eq(ynode_get(x, "command"), ynode_get(y, "command"));
	if ((x = ynode_get(a, "grpc")) != NULL &&
	    (y = ynode_get(b, "grpc")) != NULL)
		return scalar_eq(ynode_get(x, "port"), ynode_get(y, "port")) &&
		    scalar_eq(ynode_get(x, "service"), ynode_get(y, "service"));
	return 0;
}

static const struct ynode *
probe(const struct k8s_container *c, const char *name)
{
	const struct ynode *p = ynode_get(c->node, name);

	return p != NULL && p->type == YNODE_MAP ? p : NULL;
}

static void
container_probes(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o, const struct k8s_container *c)
{
	static const char *const names[] = { "livenessProbe", "readinessProbe",
		"startupProbe" };
	const struct ynode *live = probe(c, "livenessProbe");
	const struct ynode *ready = probe(c, "readinessProbe");
	size_t i, j;

	if (live == NULL)
		wl_fail(w, ctx, &o->ref, RULE_K8S_LIVENESS_PROBE_MISSING, -1,
		    c->node, k8s_cpath(o, c, "livenessProbe"), "unset",
		    "a livenessProbe",
		    "%s %s has no liveness probe: a hung process is never restarted",
		    k8s_cclass_name(c->cls), c->name);
	if (ready == NULL)
		wl_fail(w, ctx, &o->ref, RULE_K8S_READINESS_PROBE_MISSING, -1,
		    c->node, k8s_cpath(o, c, "readinessProbe"), "unset",
		    "a readinessProbe",
		    "%s %s has no readiness probe: it gets traffic before it can serve",
		    k8s_cclass_name(c->cls), c->name);
	if (live != NULL && ready != NULL) {
		wl_eval(w, RULE_K8S_PROBE_IDENTICAL);
		if (same_handler(live, ready))
			wl_fail(w, ctx, &o->ref, RULE_K8S_PROBE_IDENTICAL, -1,
			    live, k8s_cpath(o, c, "livenessProbe"),
			    "same handler as readinessProbe",
			    "a liveness check that differs from readiness",
			    "%s %s: liveness and readiness probes call the same check, so overload restarts the container",
			    k8s_cclass_name(c->cls), c->name);
	}
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const struct ynode *p = probe(c, names[i]);
		int set = 0;

		if (p == NULL)
			continue;
		wl_eval(w, RULE_K8S_PROBE_TIMING_IMPLICIT);
		for (j = 0; j < ARRAY_SIZE(timing); j++)
			if (!ynode_is_null(ynode_get(p, timing[j])))
				set = 1;
		if (!set)
			wl_fail(w, ctx, &o->ref, RULE_K8S_PROBE_TIMING_IMPLICIT,
			    -1, p, k8s_cpath(o, c, names[i]),
			    "period 10s, timeout 1s, failureThreshold 3, initialDelay 0s (defaults)",
			    "timing chosen for the service",
			    "%s of %s %s uses the default timing; confirm it suits the service",
			    names[i], k8s_cclass_name(c->cls), c->name);
	}
}

static void
probes_object(struct k8s_ctx *ctx, const struct k8s_object *o)
{
	struct wl_verdicts w;
	struct k8s_citer it;
	struct k8s_container c;
	int batch;

	if (o->pod_spec == NULL)
		return;
	wl_begin(&w, probe_rules, ARRAY_SIZE(probe_rules));
	batch = (o->wl->flags & K8S_WL_BATCH) != 0;
	if (o->wl->flags & K8S_WL_BARE_POD) {
		const char *rp = ynode_get_str(o->pod_spec, "restartPolicy");

		if (rp != NULL && strcmp(rp, "Always") != 0)
			batch = 1;
	}
	if (batch) {
		size_t i;

		for (i = 0; i < ARRAY_SIZE(probe_rules); i++)
			wl_na(&w, probe_rules[i]);
		wl_end(&w, ctx, &o->ref);
		return;
	}
	k8s_citer_init(&it, o, K8S_C_RUNNING);
	while (k8s_citer_next(&it, &c)) {
		wl_eval(&w, RULE_K8S_LIVENESS_PROBE_MISSING);
		wl_eval(&w, RULE_K8S_READINESS_PROBE_MISSING);
		container_probes(&w, ctx, o, &c);
	}
	wl_end(&w, ctx, &o->ref);
}

const struct k8s_check k8s_check_probes = {
	.name = "probes",
	.object = probes_object,
};
