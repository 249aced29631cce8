/*
 * check-placement.c - where workloads may run and live: dedicated nodes
 * (APP.4.4.A14, elevated; reference §2.3 J) and namespaces (A1 §3;
 * reference §2.3 F and §2.1.4).
 *
 * A manifest without metadata.namespace is in the pseudo-namespace
 * <unset>, never in default: k8s/workload-in-default-namespace fires only
 * when the namespace is default (written, or through --assume-namespace
 * / HELM_NAMESPACE), and is not applicable otherwise.
 *
 * SPDX-License-Identifier: MIT
 */
#include <fnmatch.h>
#include <string.h>

#include "k8s/check.h"
#include "k8s/wl.h"

#include "util/banned.h"

static const enum rule_id placement_rules[] = {
	RULE_K8S_NO_NODE_PLACEMENT,
	RULE_K8S_TOLERATES_CONTROL_PLANE,
	RULE_K8S_WILDCARD_TOLERATION,
	RULE_K8S_WORKLOAD_IN_SYSTEM_NAMESPACE,
};

/* Add-ons that belong in kube-system (names as globs). */
static const char *const system_workloads[] = {
	"coredns*",
	"kube-dns*",
	"kube-proxy*",
	"metrics-server*",
	"kube-apiserver*",
	"kube-controller-manager*",
	"kube-scheduler*",
	"etcd*",
	"cloud-controller-manager*",
	"calico-*",
	"cilium*",
	"kube-flannel*",
	"canal*",
	"weave-net*",
	"antrea-*",
	"kube-router*",
	"aws-node*",
	"ebs-csi-*",
	"efs-csi-*",
	"csi-*",
	"*-csi-*",
	"konnectivity-agent*",
	"node-local-dns*",
	"nodelocaldns*",
	"cluster-autoscaler*",
	"kube-state-metrics*",
	"ovnkube-*",
	"tigera-operator*",
	"snapshot-controller*",
	"vpa-*",
};

/* Objects the API server itself keeps in default. */
static const struct {
	const char *kind, *name;
} default_builtins[] = {
	{ "Service", "kubernetes" },
	{ "Endpoints", "kubernetes" },
	{ "EndpointSlice", "kubernetes" },
	{ "ServiceAccount", "default" },
	{ "ConfigMap", "kube-root-ca.crt" },
};

struct placement_state {
	int loaded;
	const char **extra; /* k8s: system-workloads: */
	size_t nextra;
};

static int
system_workload(struct placement_state *st, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(system_workloads); i++)
		if (fnmatch(system_workloads[i], name, 0) == 0)
			return 1;
	for (i = 0; i < st->nextra; i++)
		if (fnmatch(st->extra[i], name, 0) == 0)
			return 1;
	return 0;
}

static void
default_namespace(struct k8s_ctx *ctx, const struct k8s_object *o)
{
	size_t i;

	if (!k8s_on(ctx, RULE_K8S_WORKLOAD_IN_DEFAULT_NAMESPACE) ||
	    o->cluster_scoped)
		return;
	for (i = 0; i < ARRAY_SIZE(default_builtins); i++)
		if (strcmp(o->kind, default_builtins[i].kind) == 0 &&
		    strcmp(o->name, default_builtins[i].name) == 0)
			return;
	if (strcmp(o->ns, "default") == 0) {
		const struct ynode *ns = ynode_get(o->metadata, "namespace");

		k8s_fail(ctx, &o->ref, RULE_K8S_WORKLOAD_IN_DEFAULT_NAMESPACE,
		    -1, ns, "metadata.namespace", "default",
		    "a namespace of the application",
		    o->ns_explicit ?
		        "%s is in the default namespace" :
		        "%s has no namespace and would land in default (--assume-namespace or HELM_NAMESPACE)",
		    o->kind);
	} else if (strcmp(o->ns, K8S_NS_UNSET) == 0) {
		k8s_na(ctx, &o->ref, RULE_K8S_WORKLOAD_IN_DEFAULT_NAMESPACE,
		    NULL);
	} else {
		k8s_pass(ctx, &o->ref, RULE_K8S_WORKLOAD_IN_DEFAULT_NAMESPACE);
	}
}

static int
is_control_plane_key(const char *key)
{
	return strcmp(key, "node-role.kubernetes.io/control-plane") == 0 ||
	    strcmp(key, "node-role.kubernetes.io/master") == 0;
}

static void
tolerations(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o)
{
	const struct ynode *tol = ynode_get(o->pod_spec, "tolerations");
	size_t i;

	for (i = 0; tol != NULL && tol->type == YNODE_SEQ && i < tol->n; i++) {
		const struct ynode *t = tol->u.items[i];
		const char *key = ynode_get_str(t, "key");
		const char *op = ynode_get_str(t, "operator");
		const char *effect = ynode_get_str(t, "effect");
		const char *path =
		    k8s_fmt(ctx, "%s.tolerations[%zu]", o->pod_spec_path, i);
		int any_effect = effect == NULL || effect[0] == '\0';
		int keyless = key == NULL || key[0] == '\0';

		if (keyless && op != NULL && strcmp(op, "Exists") == 0) {
			wl_fail(w, ctx, &o->ref, RULE_K8S_WILDCARD_TOLERATION,
			    -1, t, path,
			    any_effect ?
			        "operator: Exists, no key" :
			        k8s_fmt(ctx,
			            "operator: Exists, no key, effect %s",
			            effect),
			    "tolerations of specific taints",
			    "toleration without key and with operator Exists tolerates every taint%s",
			    any_effect ? "" : " of that effect");
			if (any_effect || strcmp(effect, "NoSchedule") == 0)
				wl_fail(w, ctx, &o->ref,
				    RULE_K8S_TOLERATES_CONTROL_PLANE, -1, t,
				    path, "tolerates every taint",
				    "no toleration of the control-plane taint",
				    "pods may be scheduled on control-plane nodes (the toleration matches every taint)");
			continue;
		}
		if (!keyless && is_control_plane_key(key) &&
		    (any_effect || strcmp(effect, "NoSchedule") == 0))
			wl_fail(w, ctx, &o->ref,
			    RULE_K8S_TOLERATES_CONTROL_PLANE, -1, t, path, key,
			    "no toleration of the control-plane taint",
			    "pods tolerate the %s taint and may run on control-plane nodes",
			    key);
	}
}

static void
node_placement(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o)
{
	const struct ynode *sel = ynode_get(o->pod_spec, "nodeSelector");
	const struct ynode *aff =
	    ynode_path(o->pod_spec, "affinity.nodeAffinity");
	const struct ynode *req =
	    ynode_get(aff, "requiredDuringSchedulingIgnoredDuringExecution");
	const struct ynode *pref =
	    ynode_get(aff, "preferredDuringSchedulingIgnoredDuringExecution");

	if (o->wl->flags & K8S_WL_DAEMON) {
		wl_na(w, RULE_K8S_NO_NODE_PLACEMENT);
		return;
	}
	wl_eval(w, RULE_K8S_NO_NODE_PLACEMENT);
	if ((sel != NULL && sel->type == YNODE_MAP && sel->n > 0) ||
	    !ynode_is_null(req))
		return;
	if (!ynode_is_null(pref))
		wl_fail(w, ctx, &o->ref, RULE_K8S_NO_NODE_PLACEMENT, SEV_LOW,
		    pref,
		    k8s_pod_path(o,
		        "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution"),
		    "preferred node affinity only",
		    "nodeSelector or required node affinity",
		    "pods only prefer certain nodes: the scheduler may still place them anywhere");
	else
		wl_fail(w, ctx, &o->ref, RULE_K8S_NO_NODE_PLACEMENT, -1,
		    o->pod_spec, k8s_pod_path(o, "nodeSelector"), "unset",
		    "nodeSelector or required node affinity",
		    "pods may run on any node: no nodeSelector or required node affinity ties them to dedicated nodes");
}

static void
placement_object(struct k8s_ctx *ctx, const struct k8s_object *o)
{
	struct placement_state *st = k8s_state(ctx, "placement", sizeof(*st));
	struct wl_verdicts w;

	if (!st->loaded) {
		st->extra =
		    k8s_config_strv(ctx, "system-workloads", &st->nextra);
		st->loaded = 1;
	}
	default_namespace(ctx, o);
	if (o->pod_spec == NULL)
		return;
	wl_begin(&w, placement_rules, ARRAY_SIZE(placement_rules));
	node_placement(&w, ctx, o);
	if (wl_system_namespace(o->ns)) {
		wl_na(&w, RULE_K8S_TOLERATES_CONTROL_PLANE);
		wl_na(&w, RULE_K8S_WILDCARD_TOLERATION);
		wl_eval(&w, RULE_K8S_WORKLOAD_IN_SYSTEM_NAMESPACE);
		if (!system_workload(st, o->name))
			wl_fail(&w, ctx, &o->ref,
			    RULE_K8S_WORKLOAD_IN_SYSTEM_NAMESPACE, -1,
			    ynode_get(o->metadata, "namespace"),
			    "metadata.namespace", o->ns,
			    "a namespace of the application",
			    "%s %s runs in the system namespace %s and is not a known cluster add-on",
			    o->kind, o->name, o->ns);
	} else {
		wl_eval(&w, RULE_K8S_TOLERATES_CONTROL_PLANE);
		wl_eval(&w, RULE_K8S_WILDCARD_TOLERATION);
		wl_eval(&w, RULE_K8S_WORKLOAD_IN_SYSTEM_NAMESPACE);
		tolerations(&w, ctx, o);
	}
	wl_end(&w, ctx, &o->ref);
}

static const char *const placement_keys[] = { "system-workloads", NULL };

const struct k8s_check k8s_check_placement = {
	.name = "placement",
	.object = placement_object,
	.config_keys = placement_keys,
};
