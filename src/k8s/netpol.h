/*
 * netpol.h - NetworkPolicy evaluation over the cross-object index
 * (reference §2.3 E): which policies isolate which pods, and whether a
 * namespace denies by default.
 *
 * Semantics implemented exactly for networking.k8s.io/v1: podSelector {}
 * selects every pod of the policy's namespace and only of it; policyTypes
 * absent or empty means Ingress, plus Egress when egress has rules; an
 * absent or empty rule list allows nothing, a rule without from/to allows
 * every peer; policies are additive, so one allow-all rule for all pods
 * cancels a default deny.  CiliumNetworkPolicy, CiliumClusterwideNetwork-
 * Policy, Calico (Global)NetworkPolicy and (Baseline)AdminNetworkPolicy
 * count as alternatives with approximated semantics, and results based on
 * them say so.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_K8S_NETPOL_H
#define RAMPART_K8S_NETPOL_H

#include "k8s/check.h"
#include "k8s/index.h"

enum np_dir {
	NP_INGRESS,
	NP_EGRESS,
};

/* The default-deny verdict of one namespace in one direction. */
struct np_deny {
	int denied;                   /* a default deny is in force */
	const struct k8s_ref *by;     /* the policy that denies */
	int approximated;             /* by a CNI-specific or admin policy */
	const struct k8s_ref *cancel; /* an allow-all policy that cancels it */
	unsigned cancel_line;
};

/*
 * Evaluate the default deny of namespace ns for direction dir.  The
 * namespace's labels (with kubernetes.io/metadata.name) select cluster-wide
 * policies.  Fills *out; returns out->denied.
 */
int np_namespace_deny(struct k8s_ctx *ctx, const struct kx_ns *ns,
    enum np_dir dir, struct np_deny *out /* OUT */);

/*
 * The policy that isolates workload w of namespace ns in direction dir
 * (selects its pods with that policy type), or NULL.  *approximated is
 * set when that policy is CNI-specific.
 */
const struct k8s_ref *np_pod_isolated(struct k8s_ctx *ctx,
    const struct kx_ns *ns, const struct kx_workload *w, enum np_dir dir,
    int *approximated /* OUT */);

/* The labels a namespace selector sees for ns (in ctx->scratch). */
void np_ns_labels(struct k8s_ctx *ctx, const struct kx_ns *ns,
    struct k8s_labels *out /* OUT */);

extern const struct k8s_check k8s_check_netpol;

#endif
