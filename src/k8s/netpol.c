/*
 * netpol.c - network separation rules (reference §2.3 E; APP.4.4.A7, A18):
 * namespaces without a default deny, pods no policy selects, rules that
 * allow any peer or port, and policies that select nothing.
 *
 * Every verdict is about the scanned files: "no NetworkPolicy in the
 * scanned files selects this pod" is what rampart can know, and the
 * messages say exactly that.
 *
 * SPDX-License-Identifier: MIT
 */
#include "k8s/netpol.h"

#include <sys/types.h>

#include <regex.h>
#include <stdint.h>
#include <string.h>

#include "util/strbuf.h"

#include "util/banned.h"

#define NS_LABEL  "kubernetes.io/metadata.name"
#define CILIUM_NS "io.kubernetes.pod.namespace"
#define CALICO_NS "projectcalico.org/namespace"

/* labels plus one pair, in scratch */
static void
labels_plus(struct k8s_ctx *ctx, const struct k8s_labels *l, const char *key,
    const char *val, struct k8s_labels *out)
{
	const char **kv =
	    arena_alloc(ctx->scratch, 2 * (l->n + 1) * sizeof(*kv));

	if (l->n > 0)
		memcpy(kv, l->kv, 2 * l->n * sizeof(*kv));
	kv[2 * l->n] = key;
	kv[2 * l->n + 1] = val;
	out->kv = kv;
	out->n = l->n + 1;
}

void
np_ns_labels(struct k8s_ctx *ctx, const struct kx_ns *ns,
    struct k8s_labels *out)
{
	static const struct k8s_labels none = { NULL, 0 };
	const struct k8s_labels *l = ns->obj != NULL ? &ns->obj->labels : &none;

	/* the API server sets kubernetes.io/metadata.name on every namespace */
	if (k8s_labels_get(l, NS_LABEL) != NULL)
		*out = *l;
	else
		labels_plus(ctx, l, NS_LABEL, ns->name, out);
}

/*
 * True when every requirement of s is about key and s selects a label set
 * holding only key=val (a Cilium selector that picks a namespace).
 */
static int
only_key_matches(const struct k8s_selector *s, const char *key, const char *val)
{
	struct k8s_labels l;
	const char *kv[2];
	size_t i;

	if (!s->present || s->invalid)
		return 0;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->req[i].key, key) != 0)
			return 0;
	kv[0] = key;
	kv[1] = val;
	l.kv = kv;
	l.n = 1;
	return k8s_selector_matches(s, &l, K8S_EMPTY_ALL);
}

static int
ns_selected(const struct kx_cnipol *p, const struct k8s_labels *nsl)
{
	return p->ns_all ||
	    k8s_selector_matches(&p->ns_selector, nsl, K8S_EMPTY_ALL);
}

/*
 * Does CNI policy p select the pods with labels l in namespace ns (l NULL:
 * every pod of ns)?
 */
static int
cni_selects(struct k8s_ctx *ctx, const struct kx_cnipol *p,
    const struct kx_ns *ns, const struct k8s_labels *nsl,
    const struct k8s_labels *l)
{
	struct k8s_labels pl;

	if (!p->selector_known)
		return 0;
	switch (p->kind) {
	case KX_CNI_CILIUM:
		if (strcmp(p->ns, ns->name) != 0)
			return 0;
		if (l == NULL)
			return p->all_pods ||
			    only_key_matches(&p->selector, CILIUM_NS, ns->name);
		labels_plus(ctx, l, CILIUM_NS, ns->name, &pl);
		return k8s_selector_matches(&p->selector, &pl, K8S_EMPTY_ALL);
	case KX_CNI_CILIUM_CLUSTER:
		if (l == NULL)
			return p->all_pods ||
			    only_key_matches(&p->selector, CILIUM_NS, ns->name);
		labels_plus(ctx, l, CILIUM_NS, ns->name, &pl);
		return k8s_selector_matches(&p->selector, &pl, K8S_EMPTY_ALL);
	case KX_CNI_CALICO:
		if (strcmp(p->ns, ns->name) != 0)
			return 0;
		if (l == NULL)
			return p->all_pods;
		return k8s_selector_matches(&p->selector, l, K8S_EMPTY_ALL);
	case KX_CNI_CALICO_GLOBAL:
		if (!ns_selected(p, nsl))
			return 0;
		if (l == NULL)
			return p->all_pods ||
			    only_key_matches(&p->selector, CALICO_NS, ns->name);
		labels_plus(ctx, l, CALICO_NS, ns->name, &pl);
		return k8s_selector_matches(&p->selector, &pl, K8S_EMPTY_ALL);
	case KX_CNI_ANP:
	case KX_CNI_BANP:
		if (!ns_selected(p, nsl))
			return 0;
		if (l == NULL || p->all_pods)
			return p->all_pods;
		return k8s_selector_matches(&p->selector, l, K8S_EMPTY_ALL);
	}
	return 0;
}

static int
np_has(const struct kx_netpol *np, enum np_dir dir)
{
	return dir == NP_INGRESS ? np->ingress : np->egress;
}

/* The first rule of np in dir that allows every peer on every port. */
static const struct kx_np_rule *
np_allow_all(const struct kx_netpol *np, enum np_dir dir)
{
	const struct kx_np_rule *rules =
	    dir == NP_INGRESS ? np->in_rules : np->out_rules;
	size_t n = dir == NP_INGRESS ? np->nin : np->nout, i;

	for (i = 0; i < n; i++)
		if (rules[i].any_peer && rules[i].all_ports)
			return &rules[i];
	return NULL;
}

int
np_namespace_deny(struct k8s_ctx *ctx, const struct kx_ns *ns, enum np_dir dir,
    struct np_deny *out)
{
	const struct kx_netpol *np;
	const struct kx_cnipol *p;
	struct k8s_labels nsl;

	memset(out, 0, sizeof(*out));
	np_ns_labels(ctx, ns, &nsl);
	for (np = ns->netpols.first; np != NULL; np = np->next) {
		size_t nrules = dir == NP_INGRESS ? np->nin : np->nout;
		const struct kx_np_rule *all;

		if (!k8s_selector_empty(&np->selector) || !np_has(np, dir))
			continue;
		if (nrules == 0 && out->by == NULL)
			out->by = np->ref;
		all = np_allow_all(np, dir);
		if (all != NULL && out->cancel == NULL) {
			out->cancel = np->ref;
			out->cancel_line = all->line;
		}
	}
	if (out->by == NULL) {
		/* CNI-specific and admin policies (approximated) */
		for (p = ns->cnipols.first; p != NULL && out->by == NULL;
		     p = p->next)
			if ((dir == NP_INGRESS ? p->deny_ingress :
			                         p->deny_egress) &&
			    cni_selects(ctx, p, ns, &nsl, NULL))
				out->by = p->ref;
		for (p = kx_index(ctx)->cluster_cnipols.first;
		     p != NULL && out->by == NULL; p = p->next)
			if ((dir == NP_INGRESS ? p->deny_ingress :
			                         p->deny_egress) &&
			    cni_selects(ctx, p, ns, &nsl, NULL))
				out->by = p->ref;
		out->approximated = out->by != NULL;
	}
	out->denied = out->by != NULL && out->cancel == NULL;
	return out->denied;
}

const struct k8s_ref *
np_pod_isolated(struct k8s_ctx *ctx, const struct kx_ns *ns,
    const struct kx_workload *w, enum np_dir dir, int *approximated)
{
	const struct kx_netpol *np;
	const struct kx_cnipol *p;
	struct k8s_labels nsl;

	*approximated = 0;
	for (np = ns->netpols.first; np != NULL; np = np->next)
		if (np_has(np, dir) &&
		    k8s_selector_matches(&np->selector, &w->labels,
		        K8S_EMPTY_ALL))
			return np->ref;
	np_ns_labels(ctx, ns, &nsl);
	*approximated = 1;
	for (p = ns->cnipols.first; p != NULL; p = p->next)
		if ((dir == NP_INGRESS ? p->ingress : p->egress) &&
		    cni_selects(ctx, p, ns, &nsl, &w->labels))
			return p->ref;
	for (p = kx_index(ctx)->cluster_cnipols.first; p != NULL; p = p->next)
		if ((dir == NP_INGRESS ? p->ingress : p->egress) &&
		    cni_selects(ctx, p, ns, &nsl, &w->labels))
			return p->ref;
	*approximated = 0;
	return NULL;
}

/* Exempt namespaces (k8s.network-policy-exempt-namespaces, regexes). */
static int
ns_exempt(struct k8s_ctx *ctx, const char *name, const char **why)
{
	static const char *const defaults[] = { "^kube-system$",
		"^kube-public$", "^kube-node-lease$" };
	const char **pat;
	size_t n, i;
	int hit = 0;

	pat = k8s_config_strv(ctx, "network-policy-exempt-namespaces", &n);
	if (k8s_config(ctx, "network-policy-exempt-namespaces") == NULL) {
		pat = (const char **)(uintptr_t)defaults;
		n = sizeof(defaults) / sizeof(defaults[0]);
	}
	for (i = 0; i < n && !hit; i++) {
		regex_t re;

		if (regcomp(&re, pat[i], REG_EXTENDED | REG_NOSUB) != 0)
			continue; /* reported once by exempt_patterns_check() */
		hit = regexec(&re, name, 0, NULL, 0) == 0;
		regfree(&re);
		if (hit)
			*why = pat[i];
	}
	return hit;
}

/* "CiliumNetworkPolicy ns/x (cilium.io)": CNI kinds reuse common names. */
static const char *
cni_display(struct k8s_ctx *ctx, const struct k8s_ref *ref)
{
	const struct kx_cnipol *p;
	const struct kx_ns *ns;

	for (ns = kx_index(ctx)->first; ns != NULL; ns = ns->next)
		for (p = ns->cnipols.first; p != NULL; p = p->next)
			if (p->ref == ref)
				return k8s_fmt(ctx, "%s of %s", ref->display,
				    p->group);
	for (p = kx_index(ctx)->cluster_cnipols.first; p != NULL; p = p->next)
		if (p->ref == ref)
			return k8s_fmt(ctx, "%s of %s", ref->display, p->group);
	return ref->display;
}

static const char *
dir_name(enum np_dir dir)
{
	return dir == NP_INGRESS ? "ingress" : "egress";
}

static void
default_deny(struct k8s_ctx *ctx, const struct kx_ns *ns)
{
	const struct k8s_ref *subj = kx_ns_ref(ctx, ns);
	const char *why = NULL;
	int d;

	if (ns->obj == NULL && ns->workloads.n == 0)
		return; /* only policies or RBAC seen: nothing to protect */
	if (ns_exempt(ctx, ns->name, &why)) {
		k8s_na(ctx, subj, RULE_K8S_NAMESPACE_DEFAULT_DENY_MISSING,
		    k8s_fmt(ctx,
		        "namespace %s is exempt (matches %s of k8s.network-policy-exempt-namespaces or its default)",
		        ns->name, why));
		return;
	}
	for (d = NP_INGRESS; d <= NP_EGRESS; d++) {
		struct np_deny v;
		struct finding f;
		int sev = -1;

		np_namespace_deny(ctx, ns, (enum np_dir)d, &v);
		if (v.denied) {
			if (v.approximated)
				k8s_na(ctx, subj,
				    RULE_K8S_NAMESPACE_DEFAULT_DENY_MISSING,
				    k8s_fmt(ctx,
				        "%s default deny for namespace %s comes from %s (CNI-specific semantics approximated): counted as present",
				        dir_name((enum np_dir)d), ns->name,
				        cni_display(ctx, v.by)));
			else
				k8s_pass(ctx, subj,
				    RULE_K8S_NAMESPACE_DEFAULT_DENY_MISSING);
			continue;
		}
		/* egress: a warning at standard level, a failure at elevated */
		if (d == NP_EGRESS && ctx->level < LEVEL_ELEVATED)
			sev = SEV_LOW;
		f = k8s_finding(RULE_K8S_NAMESPACE_DEFAULT_DENY_MISSING,
		    STATUS_FAIL);
		f.severity = sev;
		f.evidence = v.cancel != NULL ?
		    k8s_fmt(ctx, "%s allows all %s (%s)", v.cancel->display,
		        dir_name((enum np_dir)d),
		        kx_where(ctx, subj, v.cancel, v.cancel_line)) :
		    "no default-deny policy";
		f.expected = d == NP_INGRESS ?
		    "a NetworkPolicy with podSelector: {}, policyTypes [Ingress] and no ingress rules" :
		    "a NetworkPolicy with podSelector: {}, policyTypes [Egress] and no egress rules";
		if (v.cancel != NULL)
			f.message = k8s_fmt(ctx,
			    "%s selects every pod and allows all %s, which cancels %s (policies add up)",
			    v.cancel->display, dir_name((enum np_dir)d),
			    v.by != NULL ?
			        k8s_fmt(ctx, "the default deny of %s",
			            v.by->display) :
			        "any default deny");
		else
			f.message = k8s_fmt(ctx,
			    "no NetworkPolicy in the scanned files denies %s traffic by default in namespace %s%s",
			    dir_name((enum np_dir)d), ns->name,
			    d == NP_EGRESS && ctx->level < LEVEL_ELEVATED ?
			        " (a warning at standard level, a failure at elevated)" :
			        "");
		k8s_add(ctx, subj, NULL, &f);
	}
}

/* "app=web, tier=front" (at most four labels), in scratch. */
static const char *
labels_text(struct k8s_ctx *ctx, const struct k8s_labels *l)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;
	size_t i;

	if (l->n == 0)
		return "no labels";
	for (i = 0; i < l->n && i < 4; i++)
		strbuf_addf(&sb, "%s%s=%s", i ? ", " : "", l->kv[2 * i],
		    l->kv[2 * i + 1]);
	if (l->n > 4)
		strbuf_addstr(&sb, ", ...");
	out = k8s_fmt(ctx, "%s", sb.buf);
	strbuf_release(&sb);
	return out;
}

static void
pod_isolation(struct k8s_ctx *ctx, const struct kx_ns *ns,
    const struct kx_workload *w)
{
	int d;

	if (w->host_network) {
		k8s_fail(ctx, w->ref, RULE_K8S_POD_NOT_ISOLATED, -1, NULL,
		    k8s_fmt(ctx, "%s.hostNetwork", w->spec_path), "true",
		    "pod network (hostNetwork unset)",
		    "the pod uses the host network, which most CNIs leave outside NetworkPolicy: it is outside policy coverage whatever selects it");
		return;
	}
	for (d = NP_INGRESS; d <= NP_EGRESS; d++) {
		const struct k8s_ref *by;
		int approx;

		if (d == NP_INGRESS ? w->np_in : w->np_out) {
			k8s_pass(ctx, w->ref, RULE_K8S_POD_NOT_ISOLATED);
			continue;
		}
		/* no NetworkPolicy: a CNI-specific policy, if any */
		by = np_pod_isolated(ctx, ns, w, (enum np_dir)d, &approx);
		if (by != NULL && approx)
			k8s_na(ctx, w->ref, RULE_K8S_POD_NOT_ISOLATED,
			    k8s_fmt(ctx,
			        "%s isolation comes from %s (CNI-specific semantics approximated): counted as isolated",
			        dir_name((enum np_dir)d),
			        cni_display(ctx, by)));
		else if (by != NULL)
			k8s_pass(ctx, w->ref, RULE_K8S_POD_NOT_ISOLATED);
		else
			k8s_fail(ctx, w->ref, RULE_K8S_POD_NOT_ISOLATED, -1,
			    NULL, k8s_fmt(ctx, "%s.labels", w->meta_path),
			    labels_text(ctx, &w->labels),
			    k8s_fmt(ctx,
			        "a NetworkPolicy with %s in policyTypes selecting these labels",
			        d == NP_INGRESS ? "Ingress" : "Egress"),
			    "no NetworkPolicy in the scanned files selects this pod for %s%s",
			    dir_name((enum np_dir)d),
			    w->labels.n == 0 ?
			        " (it has no labels, so only podSelector: {} could)" :
			        "");
	}
}

/* Reasons a rule of a policy is too broad, or NULL. */
static const char *
too_broad_reasons(struct k8s_ctx *ctx, const struct kx_np_rule *r,
    enum np_dir dir)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out = NULL;
	int elevated = ctx->level >= LEVEL_ELEVATED;

	if (r->any_peer)
		strbuf_addf(&sb, "no %s: every %s",
		    dir == NP_INGRESS ? "from" : "to",
		    dir == NP_INGRESS ? "source" : "destination");
	if (r->ns_all)
		strbuf_addf(&sb,
		    "%sa peer with only namespaceSelector: {} (every pod of every namespace)",
		    sb.len ? "; " : "");
	if (r->pod_all && elevated)
		strbuf_addf(&sb,
		    "%sa peer with only podSelector: {} (every pod of the namespace)",
		    sb.len ? "; " : "");
	if (r->ipblock_all)
		strbuf_addf(&sb,
		    "%san ipBlock of the whole address space without except",
		    sb.len ? "; " : "");
	if (r->all_ports && elevated)
		strbuf_addf(&sb, "%sno ports (every port)", sb.len ? "; " : "");
	if (sb.len > 0)
		out = k8s_fmt(ctx, "%s", sb.buf);
	strbuf_release(&sb);
	return out;
}

static void
policy_rules(struct k8s_ctx *ctx, const struct kx_netpol *np)
{
	int d, fired = 0;

	for (d = NP_INGRESS; d <= NP_EGRESS; d++) {
		const struct kx_np_rule *rules =
		    d == NP_INGRESS ? np->in_rules : np->out_rules;
		size_t n = d == NP_INGRESS ? np->nin : np->nout, i;

		if (!np_has(np, (enum np_dir)d))
			continue; /* rules of a type not in force do nothing */
		for (i = 0; i < n; i++) {
			const char *why =
			    too_broad_reasons(ctx, &rules[i], (enum np_dir)d);
			struct finding f;

			if (why == NULL)
				continue;
			f = k8s_finding(RULE_K8S_NETWORKPOLICY_TOO_BROAD,
			    STATUS_FAIL);
			f.line = rules[i].line;
			f.path = k8s_fmt(ctx, "spec.%s[%u]",
			    dir_name((enum np_dir)d), rules[i].index);
			f.evidence = why;
			f.expected =
			    "peers named by namespace and pod labels, and ports listed";
			f.message = k8s_fmt(ctx,
			    "%s rule %u allows too much for the %d pod template%s it selects: %s",
			    dir_name((enum np_dir)d), rules[i].index,
			    np->selects, np->selects == 1 ? "" : "s", why);
			k8s_add(ctx, np->ref, NULL, &f);
			fired = 1;
		}
	}
	if (!fired)
		k8s_pass(ctx, np->ref, RULE_K8S_NETWORKPOLICY_TOO_BROAD);
}

/* A pattern that does not compile is an error, not a silent non-match. */
static void
exempt_patterns_check(struct k8s_ctx *ctx)
{
	const char **pat;
	size_t n, i;

	pat = k8s_config_strv(ctx, "network-policy-exempt-namespaces", &n);
	for (i = 0; i < n; i++) {
		regex_t re;
		struct finding f;

		if (regcomp(&re, pat[i], REG_EXTENDED | REG_NOSUB) == 0) {
			regfree(&re);
			continue;
		}
		f = k8s_finding(RULE_K8S_NAMESPACE_DEFAULT_DENY_MISSING,
		    STATUS_ERROR);
		f.path = "k8s.network-policy-exempt-namespaces";
		f.evidence = pat[i];
		f.message =
		    "not a valid extended regular expression; the pattern is ignored";
		k8s_add(ctx, NULL, NULL, &f);
	}
}

/*
 * Count the pod templates each policy of ns selects and mark the templates
 * its policy types isolate; linear in what the selectors select.
 */
static void
policy_selection(struct k8s_ctx *ctx, const struct kx_ns *ns)
{
	struct kx_buckets b;
	struct kx_netpol *np;
	struct kx_workload *w;

	for (w = ns->workloads.first; w != NULL; w = w->next)
		w->np_in = w->np_out = 0;
	if (ns->netpols.first == NULL)
		return;
	kx_buckets_build(ctx, ns, &b);
	for (np = ns->netpols.first; np != NULL; np = np->next) {
		struct kx_wlref *sel;
		size_t n, i;

		n = kx_selected(ctx, &b, &np->selector, K8S_EMPTY_ALL, &sel);
		np->selects = (int)n;
		for (i = 0; i < n; i++) {
			sel[i].w->np_in |= (unsigned char)np->ingress;
			sel[i].w->np_out |= (unsigned char)np->egress;
		}
	}
}

static void
netpol_finish(struct k8s_ctx *ctx)
{
	struct kx_index *x = kx_index(ctx);
	const struct kx_ns *ns;
	const struct kx_workload *w;
	struct kx_netpol *np;

	if (k8s_on(ctx, RULE_K8S_NAMESPACE_DEFAULT_DENY_MISSING))
		exempt_patterns_check(ctx);
	for (ns = x->first; ns != NULL; ns = ns->next) {
		/* which pod templates each policy selects, and isolates */
		if (k8s_on(ctx, RULE_K8S_POD_NOT_ISOLATED) ||
		    k8s_on(ctx, RULE_K8S_NETWORKPOLICY_DANGLING) ||
		    k8s_on(ctx, RULE_K8S_NETWORKPOLICY_TOO_BROAD))
			policy_selection(ctx, ns);
		if (k8s_on(ctx, RULE_K8S_NAMESPACE_DEFAULT_DENY_MISSING))
			default_deny(ctx, ns);
		if (k8s_on(ctx, RULE_K8S_POD_NOT_ISOLATED)) {
			const char *why = NULL;
			int exempt = ns_exempt(ctx, ns->name, &why);

			for (w = ns->workloads.first; w != NULL; w = w->next)
				if (exempt)
					k8s_na(ctx, w->ref,
					    RULE_K8S_POD_NOT_ISOLATED,
					    k8s_fmt(ctx,
					        "namespace %s is exempt (matches %s of k8s.network-policy-exempt-namespaces or its default)",
					        ns->name, why));
				else
					pod_isolation(ctx, ns, w);
		}
		for (np = ns->netpols.first; np != NULL; np = np->next) {
			if (np->selects > 0) {
				k8s_pass(ctx, np->ref,
				    RULE_K8S_NETWORKPOLICY_DANGLING);
				if (k8s_on(ctx,
				        RULE_K8S_NETWORKPOLICY_TOO_BROAD))
					policy_rules(ctx, np);
				continue;
			}
			if (k8s_selector_empty(&np->selector)) {
				/* {} selects every pod the namespace will have
				 */
				k8s_pass(ctx, np->ref,
				    RULE_K8S_NETWORKPOLICY_DANGLING);
				continue;
			}
			k8s_fail(ctx, np->ref, RULE_K8S_NETWORKPOLICY_DANGLING,
			    -1, NULL, "spec.podSelector", NULL,
			    "a podSelector matching the intended pods",
			    "the podSelector matches no pod template of namespace %s in the scanned files",
			    ns->name);
		}
	}
}

static const char *const netpol_keys[] = { "network-policy-exempt-namespaces",
	NULL };

const struct k8s_check k8s_check_netpol = {
	.name = "netpol",
	.finish = netpol_finish,
	.config_keys = netpol_keys,
};
