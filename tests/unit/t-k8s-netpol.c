/*
 * t-k8s-netpol.c - unit tests for NetworkPolicy evaluation
 * (src/k8s/netpol.c over the index of src/k8s/index.c): default deny per
 * namespace and direction, and which pods a policy isolates.
 *
 * Each case is a multi-document input, a namespace and a workload, and the
 * verdicts reference §2.3 E prescribes.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "core/result.h"
#include "k8s/check.h"
#include "k8s/index.h"
#include "k8s/netpol.h"
#include "test.h"
#include "util/arena.h"
#include "util/yload.h"

#define DEPLOY(ns, name, labels)                                        \
	"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " name \
	", namespace: " ns "}\nspec:\n  selector: {}\n  template:\n"    \
	"    metadata: {labels: " labels "}\n    spec:\n"               \
	"      containers: [{name: c, image: x}]\n---\n"

#define NETPOL(ns, name, spec)                                    \
	"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n" \
	"metadata: {name: " name ", namespace: " ns "}\nspec: " spec "\n---\n"

struct np_case {
	const char *what;
	const char *input;
	const char *ns;
	int in_deny, out_deny; /* namespace default deny */
	int in_iso, out_iso;   /* the namespace's first workload isolated */
};

static const struct np_case cases[] = {
	{ "podSelector {} without policyTypes or rules: ingress deny only",
	    DEPLOY("a", "web", "{app: web}")
	        NETPOL("a", "deny", "{podSelector: {}}"),
	    "a", 1, 0, 1, 0 },
	{ "explicit Egress only: egress deny, ingress open",
	    DEPLOY("a", "web", "{app: web}")
	        NETPOL("a", "deny", "{podSelector: {}, policyTypes: [Egress]}"),
	    "a", 0, 1, 0, 1 },
	{ "both types, no rules: deny both",
	    DEPLOY("a", "web", "{app: web}") NETPOL("a", "deny",
	        "{podSelector: {}, policyTypes: [Ingress, Egress]}"),
	    "a", 1, 1, 1, 1 },
	{ "empty egress list does not infer Egress",
	    DEPLOY("a", "web", "{app: web}")
	        NETPOL("a", "deny", "{podSelector: {}, egress: []}"),
	    "a", 1, 0, 1, 0 },
	{ "egress rules infer Egress: isolates, but is no deny",
	    DEPLOY("a", "web", "{app: web}") NETPOL("a", "dns",
	        "{podSelector: {}, egress: [{ports: [{port: 53, protocol: UDP}]}]}"),
	    "a", 1, 0, 1, 1 },
	{ "policyTypes [] counts as absent",
	    DEPLOY("a", "web", "{app: web}")
	        NETPOL("a", "deny", "{podSelector: {}, policyTypes: []}"),
	    "a", 1, 0, 1, 0 },
	{ "ingress: [{}] for all pods cancels the deny (additive)",
	    DEPLOY("a", "web", "{app: web}")
	        NETPOL("a", "deny", "{podSelector: {}, policyTypes: [Ingress]}")
	            NETPOL("a", "open", "{podSelector: {}, ingress: [{}]}"),
	    "a", 0, 0, 1, 0 },
	{ "an allow with ports only leaves the deny in force",
	    DEPLOY("a", "web", "{app: web}") NETPOL("a", "deny",
	        "{podSelector: {}, policyTypes: [Ingress]}") NETPOL("a", "http",
	        "{podSelector: {}, ingress: [{ports: [{port: 80}]}]}"),
	    "a", 1, 0, 1, 0 },
	{ "a rule allowing all on one pod does not cancel the namespace deny",
	    DEPLOY("a", "web", "{app: web}") NETPOL("a", "deny",
	        "{podSelector: {}, policyTypes: [Ingress]}") NETPOL("a", "web",
	        "{podSelector: {matchLabels: {app: web}}, ingress: [{}]}"),
	    "a", 1, 0, 1, 0 },
	{ "policies apply only to their own namespace",
	    DEPLOY("b", "web", "{app: web}") NETPOL("a", "deny",
	        "{podSelector: {}, policyTypes: [Ingress, Egress]}"),
	    "b", 0, 0, 0, 0 },
	{ "a pod without labels is selected only by {}",
	    DEPLOY("a", "web", "{}") NETPOL("a", "web",
	        "{podSelector: {matchLabels: {app: web}}, policyTypes: [Ingress, Egress]}"),
	    "a", 0, 0, 0, 0 },
	{ "NotIn selects pods that lack the key",
	    DEPLOY("a", "web", "{app: web}") NETPOL("a", "np",
	        "{podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [db]}]}, policyTypes: [Ingress]}"),
	    "a", 0, 0, 1, 0 },
	{ "an unknown operator selects nothing",
	    DEPLOY("a", "web", "{app: web}") NETPOL("a", "np",
	        "{podSelector: {matchExpressions: [{key: app, operator: Like, values: [web]}]}, policyTypes: [Ingress]}"),
	    "a", 0, 0, 0, 0 },
	{ "Cilium endpointSelector {} denies (approximated)",
	    DEPLOY("a", "web",
	        "{app: web}") "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n"
	                      "metadata: {name: d, namespace: a}\n"
	                      "spec: {endpointSelector: {}, ingress: [{}]}\n---\n",
	    "a", 1, 0, 1, 0 },
	{ "Cilium endpointSelector {matchLabels: {}} is the same",
	    DEPLOY("a", "web",
	        "{app: web}") "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n"
	                      "metadata: {name: d, namespace: a}\n"
	                      "spec: {endpointSelector: {matchLabels: {}}, egress: [{}]}\n---\n",
	    "a", 0, 1, 0, 1 },
	{ "Cilium fromEntities all allows everything: no deny",
	    DEPLOY("a", "web",
	        "{app: web}") "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n"
	                      "metadata: {name: d, namespace: a}\n"
	                      "spec: {endpointSelector: {}, ingress: [{fromEntities: [all]}]}\n---\n",
	    "a", 0, 0, 1, 0 },
	{ "Calico all() with types counts as a deny",
	    DEPLOY("a", "web",
	        "{app: web}") "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n"
	                      "metadata: {name: d, namespace: a}\n"
	                      "spec: {selector: all(), types: [Ingress, Egress]}\n---\n",
	    "a", 1, 1, 1, 1 },
	{ "Calico GlobalNetworkPolicy for one namespace label",
	    DEPLOY("a", "web",
	        "{app: web}") "apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {zone: dmz}}\n---\n"
	                      "apiVersion: crd.projectcalico.org/v1\nkind: GlobalNetworkPolicy\n"
	                      "metadata: {name: d}\n"
	                      "spec: {selector: all(), namespaceSelector: \"zone == 'dmz'\", types: [Ingress]}\n---\n",
	    "a", 1, 0, 1, 0 },
	{ "Calico selector with app == 'web' isolates the pod only",
	    DEPLOY("a", "web",
	        "{app: web}") "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n"
	                      "metadata: {name: d, namespace: a}\n"
	                      "spec: {selector: \"app == 'web' && has(app)\", types: [Ingress]}\n---\n",
	    "a", 0, 0, 1, 0 },
	{ "AdminNetworkPolicy deny for the namespace",
	    DEPLOY("a", "web",
	        "{app: web}") "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\n"
	                      "metadata: {name: d}\nspec:\n  priority: 1\n"
	                      "  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: a}}}\n"
	                      "  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n---\n",
	    "a", 1, 0, 1, 0 },
};

static void
run_case(const struct np_case *c)
{
	struct policy pol;
	struct result *r;
	struct k8s_opts ko;
	struct k8s_ctx ctx;
	struct k8s_object_opts oo = { NULL };
	struct yload *y = NULL;
	struct arena a;
	struct ydoc doc;
	struct rp_diag d;
	const struct kx_ns *ns;
	struct np_deny in, out;
	int ai, ao, rc;

	policy_init(&pol);
	r = result_new("test", &pol);
	k8s_opts_init(&ko);
	k8s_ctx_init(&ctx, r, &ko);
	arena_init(&a, 0);
	if (yload_open_mem(&y, c->input, strlen(c->input), "t.yaml", NULL) !=
	    0) {
		CHECK(!"input loads");
		goto out;
	}
	for (;;) {
		struct k8s_object obj;

		arena_reset(&a);
		rp_diag_init(&d);
		rc = yload_next(y, &a, &doc, &d);
		if (rc <= 0) {
			CHECK(rc == 0);
			break;
		}
		k8s_object_init(&obj, &doc, doc.root, NULL, NULL, &a, &oo);
		k8s_ctx_object(&ctx, &obj);
		k8s_object_release(&obj);
	}
	ns = kx_ns_get(&ctx, c->ns, 0);
	if (ns == NULL || ns->workloads.first == NULL) {
		printf("case '%s': namespace %s has no workload\n", c->what,
		    c->ns);
		CHECK(!"namespace indexed");
		goto out;
	}
	np_namespace_deny(&ctx, ns, NP_INGRESS, &in);
	np_namespace_deny(&ctx, ns, NP_EGRESS, &out);
	if (in.denied != c->in_deny || out.denied != c->out_deny ||
	    (np_pod_isolated(&ctx, ns, ns->workloads.first, NP_INGRESS, &ai) !=
	        NULL) != c->in_iso ||
	    (np_pod_isolated(&ctx, ns, ns->workloads.first, NP_EGRESS, &ao) !=
	        NULL) != c->out_iso) {
		printf("case '%s': deny in %d out %d, isolated in %d out %d\n",
		    c->what, in.denied, out.denied,
		    np_pod_isolated(&ctx, ns, ns->workloads.first, NP_INGRESS,
		        &ai) != NULL,
		    np_pod_isolated(&ctx, ns, ns->workloads.first, NP_EGRESS,
		        &ao) != NULL);
		CHECK(!"verdicts as expected");
	}
out:
	yload_free(y);
	arena_release(&a);
	k8s_ctx_release(&ctx);
	result_free(r);
	policy_release(&pol);
}

static void
test_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
}

int
main(void)
{
	TEST_RUN(test_cases);
	return test_report();
}
