/*
 * ha.c - high availability of workloads (reference §2.3 K; APP.4.4.A19):
 * replicas, PodDisruptionBudgets and zone spreading.
 *
 * Scope: the kinds with a replica count (Deployment, StatefulSet,
 * ReplicaSet and ReplicationController not owned by a controller,
 * DeploymentConfig, Rollout); DaemonSets, Jobs and CronJobs are not
 * replicated services.  A HorizontalPodAutoscaler of the namespace whose
 * scaleTargetRef names the workload (kind, name and API group) supplies
 * the replica count through its minReplicas.  PodDisruptionBudget
 * selectors follow their API version: an empty selector covers every pod
 * in policy/v1 and none in policy/v1beta1.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <string.h>

#include "k8s/check.h"
#include "k8s/index.h"
#include "util/strbuf.h"

#include "util/banned.h"

static int
ha_scope(const struct kx_workload *w)
{
	return (w->wl_flags & K8S_WL_REPLICAS) != 0;
}

/* Effective replicas: the HPA's minReplicas, else spec.replicas. */
static long long
replicas(const struct kx_workload *w)
{
	return w->hpa != NULL ? w->hpa->min_replicas : w->replicas;
}

/*
 * Link each workload of ns to the HorizontalPodAutoscaler that targets it
 * (kind, name and API group) and to the budgets that cover it; linear in
 * the objects and in what the selectors select.
 */
static void
link_namespace(struct k8s_ctx *ctx, const struct kx_ns *ns)
{
	struct kx_set hpas;
	struct kx_buckets b;
	const struct kx_hpa *h;
	struct kx_workload *w;
	struct kx_pdb *p;

	kx_set_init(&hpas, ctx->scratch);
	for (h = ns->hpas.first; h != NULL; h = h->next) {
		struct kx_set_ent *e;
		int added;

		if (h->target_kind == NULL || h->target_name == NULL)
			continue;
		e = kx_set_add(&hpas,
		    k8s_fmt(ctx, "%s\037%s\037%s", h->target_group,
		        h->target_kind, h->target_name),
		    &added);
		if (added)
			e->val = (void *)(uintptr_t)h;
	}
	for (w = ns->workloads.first; w != NULL; w = w->next) {
		struct kx_set_ent *e = NULL;
		int added = 0;

		w->npdb = 0;
		w->hpa = NULL;
		if (hpas.n > 0)
			e = kx_set_add(&hpas,
			    k8s_fmt(ctx, "%s\037%s\037%s", w->group, w->kind,
			        w->ref->name),
			    &added);
		if (e != NULL && !added)
			w->hpa = e->val;
	}
	if (ns->pdbs.first == NULL)
		return;
	kx_buckets_build(ctx, ns, &b);
	for (p = ns->pdbs.first; p != NULL; p = p->next) {
		struct kx_wlref *sel;
		size_t n, i;

		n = kx_selected(ctx, &b, &p->selector,
		    p->v1 ? K8S_EMPTY_ALL : K8S_EMPTY_NONE, &sel);
		p->sel = sel;
		p->nsel = n;
		for (i = 0; i < n; i++) {
			if (sel[i].w->npdb < 2)
				sel[i].w->pdbs[sel[i].w->npdb] = p;
			sel[i].w->npdb++;
		}
	}
}

static void
single_replica(struct k8s_ctx *ctx, const struct kx_workload *w)
{
	const struct kx_hpa *h = w->hpa;
	long long n = replicas(w);

	if (n >= 2) {
		k8s_pass(ctx, w->ref, RULE_K8S_SINGLE_REPLICA);
		return;
	}
	if (h != NULL) {
		k8s_fail(ctx, w->ref, RULE_K8S_SINGLE_REPLICA, -1, NULL,
		    "spec.replicas", k8s_fmt(ctx, "minReplicas %lld", n),
		    "2 or more",
		    "%s (%s) may scale the workload down to %lld replica%s%s",
		    h->ref->display, kx_where(ctx, w->ref, h->ref, 0), n,
		    n == 1 ? "" : "s",
		    w->replicas_set ?
		        "; spec.replicas is set as well and fights the autoscaler on every apply" :
		        "");
		return;
	}
	if (n == 0) {
		k8s_fail(ctx, w->ref, RULE_K8S_SINGLE_REPLICA, SEV_INFO, NULL,
		    "spec.replicas", "0", "2 or more when in service",
		    "scaled to zero replicas, taken as deliberately stopped; it runs without redundancy when scaled up to one");
		return;
	}
	k8s_fail(ctx, w->ref, RULE_K8S_SINGLE_REPLICA, -1, NULL,
	    "spec.replicas", w->replicas_set ? "1" : "unset (1)", "2 or more",
	    "runs a single replica: losing its node or zone, or a rollout, stops the service");
}

static void
pdb_missing(struct k8s_ctx *ctx, const struct kx_ns *ns,
    const struct kx_workload *w)
{
	const struct kx_pdb *p, *empty_beta = NULL;

	if (w->npdb == 0 && k8s_on(ctx, RULE_K8S_PDB_MISSING)) {
		for (p = ns->pdbs.first; p != NULL && empty_beta == NULL;
		     p = p->next)
			if (!p->v1 && k8s_selector_empty(&p->selector))
				empty_beta = p;
		k8s_fail(ctx, w->ref, RULE_K8S_PDB_MISSING, -1, NULL,
		    k8s_fmt(ctx, "%s.labels", w->meta_path), NULL,
		    "a policy/v1 PodDisruptionBudget selecting these pods",
		    "no PodDisruptionBudget in the scanned files covers the pods of this workload%s",
		    empty_beta != NULL ?
		        k8s_fmt(ctx,
		            " (%s has an empty selector, which in policy/v1beta1 selects no pods)",
		            empty_beta->ref->display) :
		        "");
	} else if (w->npdb > 0) {
		k8s_pass(ctx, w->ref, RULE_K8S_PDB_MISSING);
	}
	if (w->npdb > 1 && k8s_on(ctx, RULE_K8S_PDB_OVERLAP)) {
		const char *names =
		    k8s_fmt(ctx, "%s, %s%s", w->pdbs[0]->ref->display,
		        w->pdbs[1]->ref->display, w->npdb > 2 ? ", ..." : "");

		k8s_fail(ctx, w->ref, RULE_K8S_PDB_OVERLAP, -1, NULL, NULL,
		    names, "exactly one PodDisruptionBudget",
		    "%u PodDisruptionBudgets cover these pods (%s): the eviction API refuses to evict them, so drains stall",
		    w->npdb, names);
	} else if (w->npdb == 1) {
		k8s_pass(ctx, w->ref, RULE_K8S_PDB_OVERLAP);
	}
}

static void
pdb_blocks(struct k8s_ctx *ctx, const struct kx_pdb *p)
{
	size_t i;
	int covered = 0, fired = 0;

	if (p->has_max && p->max_val == 0) {
		struct finding f =
		    k8s_finding(RULE_K8S_PDB_BLOCKS_DISRUPTION, STATUS_FAIL);

		f.line = p->max_line;
		f.path = "spec.maxUnavailable";
		f.evidence = p->max_pct ? "0%" : "0";
		f.expected = "at least 1";
		f.message =
		    "maxUnavailable 0 lets no pod be evicted: node drains hang";
		k8s_add(ctx, p->ref, NULL, &f);
		return;
	}
	if (!p->has_min) {
		k8s_pass(ctx, p->ref, RULE_K8S_PDB_BLOCKS_DISRUPTION);
		return;
	}
	if (p->min_pct) {
		if (p->min_val >= 100) {
			struct finding f =
			    k8s_finding(RULE_K8S_PDB_BLOCKS_DISRUPTION,
			        STATUS_FAIL);

			f.line = p->min_line;
			f.path = "spec.minAvailable";
			f.evidence = k8s_fmt(ctx, "%lld%%", p->min_val);
			f.expected = "below 100%";
			f.message =
			    "minAvailable 100% lets no pod be evicted: node drains hang";
			k8s_add(ctx, p->ref, NULL, &f);
		} else {
			k8s_pass(ctx, p->ref, RULE_K8S_PDB_BLOCKS_DISRUPTION);
		}
		return;
	}
	/* an integer minAvailable needs the replica count of what it covers */
	for (i = 0; i < p->nsel; i++) {
		const struct kx_workload *w = p->sel[i].w;
		long long n;

		if (!ha_scope(w))
			continue;
		covered++;
		n = replicas(w);
		if (p->min_val >= n && n > 0) {
			struct finding f =
			    k8s_finding(RULE_K8S_PDB_BLOCKS_DISRUPTION,
			        STATUS_FAIL);

			f.line = p->min_line;
			f.path = "spec.minAvailable";
			f.evidence = k8s_fmt(ctx, "%lld", p->min_val);
			f.expected = k8s_fmt(ctx, "below %lld", n);
			f.message = k8s_fmt(ctx,
			    "minAvailable %lld is not below the %lld replica%s of %s: no pod can be evicted",
			    p->min_val, n, n == 1 ? "" : "s", w->ref->display);
			k8s_add(ctx, p->ref, NULL, &f);
			fired = 1;
		}
	}
	if (covered == 0)
		k8s_na(ctx, p->ref, RULE_K8S_PDB_BLOCKS_DISRUPTION,
		    k8s_fmt(ctx,
		        "minAvailable %lld cannot be compared with a replica count: no workload it selects is in the scanned files",
		        p->min_val));
	else if (!fired)
		k8s_pass(ctx, p->ref, RULE_K8S_PDB_BLOCKS_DISRUPTION);
}

static void
zone_spread(struct k8s_ctx *ctx, const struct kx_workload *w)
{
	long long n = replicas(w);
	struct finding f;

	if (n < 2) {
		k8s_na(ctx, w->ref, RULE_K8S_NO_ZONE_SPREAD, NULL);
		return; /* k8s/single-replica covers it */
	}
	switch ((enum kx_spread)w->spread) {
	case KX_SPREAD_ZONE:
		k8s_pass(ctx, w->ref, RULE_K8S_NO_ZONE_SPREAD);
		return;
	case KX_SPREAD_ZONE_SOFT:
		/* soft spreading passes, with the caveat as a note */
		f = k8s_finding(RULE_K8S_NO_ZONE_SPREAD, STATUS_PASS);
		f.line = w->spread_line;
		f.message = w->spread_note;
		k8s_add(ctx, w->ref, NULL, &f);
		return;
	case KX_SPREAD_HOST_ONLY:
		f = k8s_finding(RULE_K8S_NO_ZONE_SPREAD, STATUS_FAIL);
		f.severity = SEV_LOW;
		f.line = w->spread_line;
		f.path =
		    k8s_fmt(ctx, "%s.topologySpreadConstraints", w->spec_path);
		f.evidence = "kubernetes.io/hostname";
		f.expected =
		    "a zone topology key (topology.kubernetes.io/zone)";
		f.message = k8s_fmt(ctx, "node-level only: %s", w->spread_note);
		k8s_add(ctx, w->ref, NULL, &f);
		return;
	case KX_SPREAD_NONE:
		break;
	}
	k8s_fail(ctx, w->ref, RULE_K8S_NO_ZONE_SPREAD, -1, NULL,
	    k8s_fmt(ctx, "%s.topologySpreadConstraints", w->spec_path),
	    "no zone spread",
	    "topologySpreadConstraints or podAntiAffinity on a zone key, selecting the template's own labels",
	    "%lld replicas with no topology spread constraint or pod anti-affinity on a zone key that selects the pod's own labels; the scheduler's built-in soft defaults are best-effort and do not satisfy APP.4.4.A19",
	    n);
}

static void
ha_finish(struct k8s_ctx *ctx)
{
	const struct kx_ns *ns;

	for (ns = kx_index(ctx)->first; ns != NULL; ns = ns->next) {
		const struct kx_workload *w;
		const struct kx_pdb *p;

		link_namespace(ctx, ns);
		for (w = ns->workloads.first; w != NULL; w = w->next) {
			if (!ha_scope(w))
				continue;
			if (k8s_on(ctx, RULE_K8S_SINGLE_REPLICA))
				single_replica(ctx, w);
			if (replicas(w) == 0) {
				k8s_na(ctx, w->ref, RULE_K8S_PDB_MISSING, NULL);
				k8s_na(ctx, w->ref, RULE_K8S_NO_ZONE_SPREAD,
				    NULL);
				continue;
			}
			if (k8s_on(ctx, RULE_K8S_PDB_MISSING) ||
			    k8s_on(ctx, RULE_K8S_PDB_OVERLAP))
				pdb_missing(ctx, ns, w);
			if (k8s_on(ctx, RULE_K8S_NO_ZONE_SPREAD))
				zone_spread(ctx, w);
		}
		if (k8s_on(ctx, RULE_K8S_PDB_BLOCKS_DISRUPTION))
			for (p = ns->pdbs.first; p != NULL; p = p->next)
				pdb_blocks(ctx, p);
	}
}

const struct k8s_check k8s_check_ha = {
	.name = "ha",
	.finish = ha_finish,
};
