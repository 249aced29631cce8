/*
 * ns.c - namespace-level rules (reference §2.3 F and M; APP.4.4.A1, A4,
 * A13): several applications in one namespace, namespaces without
 * ResourceQuota or LimitRange, and namespaces that enforce no Pod Security
 * Standard.
 *
 * A namespace is every Namespace object of the input and every namespace
 * a workload names ("<unset>" for workloads that name none).  The Pod
 * Security label lives on the Namespace object: without it in the input
 * the rule reports not assessable instead of guessing.  The system
 * namespaces (kube-system, kube-public, kube-node-lease) are not judged.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "k8s/check.h"
#include "k8s/index.h"
#include "k8s/wl.h"
#include "util/strbuf.h"

#include "util/banned.h"

#define PSA_ENFORCE "pod-security.kubernetes.io/enforce"

static void
mixed_applications(struct k8s_ctx *ctx, const struct kx_ns *ns,
    const struct k8s_ref *subj)
{
	const struct kx_workload *w;
	struct strbuf apps = STRBUF_INIT;
	struct kx_set seen;
	size_t napps = 0;

	kx_set_init(&seen, ctx->scratch);
	for (w = ns->workloads.first; w != NULL; w = w->next) {
		int added;

		if (w->app == NULL)
			continue;
		(void)kx_set_add(&seen, w->app, &added);
		if (!added)
			continue;
		if (napps > 0 && napps <= 6)
			strbuf_addstr(&apps, ", ");
		if (napps < 6)
			strbuf_addstr(&apps, w->app);
		else if (napps == 6)
			strbuf_addstr(&apps, "...");
		napps++;
	}
	if (napps > 1)
		k8s_fail(ctx, subj, RULE_K8S_NAMESPACE_MIXED_APPLICATIONS, -1,
		    NULL, NULL, apps.buf, "one application per namespace",
		    "namespace %s holds workloads of %zu applications (%s); a prompt for the separation plan of APP.4.4.A1",
		    ns->name, napps, apps.buf);
	else
		k8s_pass(ctx, subj, RULE_K8S_NAMESPACE_MIXED_APPLICATIONS);
	strbuf_release(&apps);
}

static void
quota(struct k8s_ctx *ctx, const struct kx_ns *ns, const struct k8s_ref *subj)
{
	const char *missing;

	if (ns->nquota > 0 && ns->nlimitrange > 0) {
		k8s_pass(ctx, subj, RULE_K8S_NAMESPACE_WITHOUT_QUOTA);
		return;
	}
	if (ns->nquota == 0 && ns->nlimitrange == 0)
		missing = "neither a ResourceQuota nor a LimitRange";
	else if (ns->nquota == 0)
		missing = "no ResourceQuota";
	else
		missing = "no LimitRange";
	k8s_fail(ctx, subj, RULE_K8S_NAMESPACE_WITHOUT_QUOTA, -1, NULL, NULL,
	    missing, "a ResourceQuota and a LimitRange",
	    "namespace %s has %s in the scanned files", ns->name, missing);
}

static void
psa(struct k8s_ctx *ctx, const struct kx_ns *ns, const struct k8s_ref *subj)
{
	const char *v;

	if (ns->obj == NULL) {
		k8s_na(ctx, subj, RULE_K8S_NAMESPACE_WITHOUT_PSA_ENFORCE,
		    k8s_fmt(ctx,
		        "the Namespace object %s is not in the scanned files, so its Pod Security labels are unknown (scan it with the workloads)",
		        ns->name));
		return;
	}
	v = k8s_labels_get(&ns->obj->labels, PSA_ENFORCE);
	if (v != NULL &&
	    (strcmp(v, "restricted") == 0 || strcmp(v, "baseline") == 0)) {
		k8s_pass(ctx, subj, RULE_K8S_NAMESPACE_WITHOUT_PSA_ENFORCE);
		return;
	}
	k8s_fail(ctx, subj, RULE_K8S_NAMESPACE_WITHOUT_PSA_ENFORCE, -1, NULL,
	    "metadata.labels." PSA_ENFORCE, v != NULL ? v : "unset",
	    "baseline or restricted",
	    v == NULL ?
	        "namespace %s enforces no Pod Security Standard (a cluster-wide default in the API server's PodSecurity admission configuration would also count; it is not part of the manifests)" :
	        "namespace %s enforces the Pod Security Standard '%s', which admits pods that break isolation",
	    ns->name, v != NULL ? v : "");
}

static void
ns_finish(struct k8s_ctx *ctx)
{
	const struct kx_ns *ns;

	for (ns = kx_index(ctx)->first; ns != NULL; ns = ns->next) {
		const struct k8s_ref *subj;

		if (ns->obj == NULL && ns->workloads.n == 0)
			continue; /* only policies, roles or Services seen */
		subj = kx_ns_ref(ctx, ns);
		if (wl_system_namespace(ns->name)) {
			k8s_na(ctx, subj, RULE_K8S_NAMESPACE_MIXED_APPLICATIONS,
			    NULL);
			k8s_na(ctx, subj, RULE_K8S_NAMESPACE_WITHOUT_QUOTA,
			    NULL);
			k8s_na(ctx, subj,
			    RULE_K8S_NAMESPACE_WITHOUT_PSA_ENFORCE, NULL);
			continue;
		}
		if (k8s_on(ctx, RULE_K8S_NAMESPACE_MIXED_APPLICATIONS))
			mixed_applications(ctx, ns, subj);
		if (k8s_on(ctx, RULE_K8S_NAMESPACE_WITHOUT_QUOTA))
			quota(ctx, ns, subj);
		if (k8s_on(ctx, RULE_K8S_NAMESPACE_WITHOUT_PSA_ENFORCE))
			psa(ctx, ns, subj);
	}
}

const struct k8s_check k8s_check_namespaces = {
	.name = "namespaces",
	.finish = ns_finish,
};
