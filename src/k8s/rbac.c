/*
 * rbac.c - RBAC rules (reference §2.3 D): what each binding grants to whom.
 *
 * A role is dangerous through its bindings, so findings are reported on
 * the binding: the subjects, the role, and what it grants.  A role of the
 * input that nothing binds is reported on its own at low severity.  Roles
 * referenced but not in the input come from a built-in table of the API
 * server's bootstrap roles (cluster-admin, admin, edit, view and a set of
 * system: roles); aggregated ClusterRoles are resolved from the input and
 * that table.  A binding whose role is neither is reported as not
 * assessable.
 *
 * Accepted by default (k8s.rbac-accept-defaults, on unless set false):
 * bindings labelled kubernetes.io/bootstrapping: rbac-defaults, and
 * subjects named system:... other than the special groups these rules are
 * about (system:anonymous, system:unauthenticated, system:authenticated,
 * system:masters, system:serviceaccounts[:ns]).  Such findings are still
 * reported, covered by a waiver that says why, never dropped.
 *
 * SPDX-License-Identifier: MIT
 */
#include "k8s/rbac.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "k8s/check.h"
#include "k8s/index.h"
#include "util/strbuf.h"

#include "util/banned.h"

/* Built-in roles (bootstrap policy of the API server, summarised) */

/*
 * One rule of a built-in role: space-separated verbs, groups ("-" is the
 * core group), resources and URLs.
 */
struct builtin_rule {
	const char *verbs, *groups, *resources, *urls;
};

struct builtin_role {
	const char *name;
	const char *labels; /* "key=value key=value" */
	const char *agg;    /* label key=value of its aggregation selector */
	const struct builtin_rule *rules;
};

#define READ  "get list watch"
#define WRITE "create update patch delete deletecollection"
#define RW    READ " " WRITE

static const struct builtin_rule r_cluster_admin[] = {
	{ "*", "*", "*", NULL },
	{ "*", NULL, NULL, "*" },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_to_admin[] = {
	{ "create", "authorization.k8s.io", "localsubjectaccessreviews", NULL },
	{ RW, "rbac.authorization.k8s.io", "roles rolebindings", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_to_edit[] = {
	{ READ, "-",
	    "pods/attach pods/proxy pods/exec pods/portforward secrets services/proxy",
	    NULL },
	{ "impersonate", "-", "serviceaccounts", NULL },
	{ WRITE, "-", "pods pods/attach pods/proxy pods/exec pods/portforward",
	    NULL },
	{ "create", "-", "pods/eviction", NULL },
	{ WRITE, "-",
	    "replicationcontrollers replicationcontrollers/scale serviceaccounts services services/proxy persistentvolumeclaims configmaps secrets events",
	    NULL },
	{ "create", "-", "serviceaccounts/token", NULL },
	{ WRITE, "apps",
	    "statefulsets statefulsets/scale daemonsets deployments deployments/scale deployments/rollback replicasets replicasets/scale",
	    NULL },
	{ WRITE, "autoscaling", "horizontalpodautoscalers", NULL },
	{ WRITE, "batch", "jobs cronjobs", NULL },
	{ WRITE, "extensions",
	    "daemonsets deployments deployments/scale deployments/rollback ingresses replicasets replicasets/scale replicationcontrollers/scale networkpolicies",
	    NULL },
	{ WRITE, "policy", "poddisruptionbudgets", NULL },
	{ WRITE, "networking.k8s.io", "networkpolicies ingresses", NULL },
	{ RW, "coordination.k8s.io", "leases", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_to_view[] = {
	{ READ, "-",
	    "pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status endpoints persistentvolumeclaims persistentvolumeclaims/status configmaps",
	    NULL },
	{ READ, "-",
	    "limitranges resourcequotas bindings events pods/status resourcequotas/status namespaces/status replicationcontrollers/status pods/log namespaces",
	    NULL },
	{ READ, "discovery.k8s.io", "endpointslices", NULL },
	{ READ, "apps",
	    "controllerrevisions statefulsets statefulsets/status statefulsets/scale daemonsets daemonsets/status deployments deployments/status deployments/scale replicasets replicasets/status replicasets/scale",
	    NULL },
	{ READ, "autoscaling",
	    "horizontalpodautoscalers horizontalpodautoscalers/status", NULL },
	{ READ, "batch", "jobs jobs/status cronjobs cronjobs/status", NULL },
	{ READ, "extensions",
	    "daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status replicasets replicasets/scale replicasets/status replicationcontrollers/scale",
	    NULL },
	{ READ, "policy", "poddisruptionbudgets poddisruptionbudgets/status",
	    NULL },
	{ READ, "networking.k8s.io",
	    "ingresses ingresses/status networkpolicies", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_none[] = {
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_basic_user[] = {
	{ "create", "authorization.k8s.io",
	    "selfsubjectaccessreviews selfsubjectrulesreviews", NULL },
	{ "create", "authentication.k8s.io", "selfsubjectreviews", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_discovery[] = {
	{ "get", NULL, NULL,
	    "/livez /readyz /healthz /version /version/ /openapi /openapi/* /api /api/* /apis /apis/*" },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_public_info[] = {
	{ "get", NULL, NULL, "/livez /readyz /healthz /version /version/" },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_issuer_discovery[] = {
	{ "get", NULL, NULL,
	    "/.well-known/openid-configuration /.well-known/openid-configuration/ /openid/v1/jwks /openid/v1/jwks/" },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_auth_delegator[] = {
	{ "create", "authentication.k8s.io", "tokenreviews", NULL },
	{ "create", "authorization.k8s.io", "subjectaccessreviews", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_monitoring[] = {
	{ "get", NULL, NULL,
	    "/metrics /metrics/slis /livez /readyz /healthz /livez/* /readyz/* /healthz/*" },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_node_proxier[] = {
	{ "list watch", "-", "services endpoints", NULL },
	{ READ, "-", "nodes", NULL },
	{ "create patch update", "- events.k8s.io", "events", NULL },
	{ "list watch", "discovery.k8s.io", "endpointslices", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_kube_dns[] = {
	{ "list watch", "-", "endpoints services", NULL },
	{ NULL, NULL, NULL, NULL },
};

static const struct builtin_rule r_node_bootstrapper[] = {
	{ "create get list watch", "certificates.k8s.io",
	    "certificatesigningrequests", NULL },
	{ NULL, NULL, NULL, NULL },
};

/* system:node, summarised: what the Node authorizer then narrows. */
static const struct builtin_rule r_node[] = {
	{ "create get list watch delete update patch", "-", "nodes", NULL },
	{ "update patch", "-", "nodes/status", NULL },
	{ "create update patch", "- events.k8s.io", "events", NULL },
	{ READ, "-", "pods services", NULL },
	{ "create delete", "-", "pods", NULL },
	{ "update patch", "-", "pods/status", NULL },
	{ "create", "-", "pods/eviction", NULL },
	{ "get", "-",
	    "secrets configmaps persistentvolumeclaims persistentvolumes endpoints",
	    NULL },
	{ "create", "-", "serviceaccounts/token", NULL },
	{ "create get list watch", "certificates.k8s.io",
	    "certificatesigningrequests", NULL },
	{ "create", "authentication.k8s.io", "tokenreviews", NULL },
	{ "create", "authorization.k8s.io", "subjectaccessreviews", NULL },
	{ "get create update patch delete", "coordination.k8s.io", "leases",
	    NULL },
	{ NULL, NULL, NULL, NULL },
};

#define AGG_ADMIN "rbac.authorization.k8s.io/aggregate-to-admin=true"
#define AGG_EDIT  "rbac.authorization.k8s.io/aggregate-to-edit=true"
#define AGG_VIEW  "rbac.authorization.k8s.io/aggregate-to-view=true"

static const struct builtin_role builtin_roles[] = {
	{ "cluster-admin", NULL, NULL, r_cluster_admin },
	{ "admin", NULL, AGG_ADMIN, r_none },
	{ "edit", AGG_ADMIN, AGG_EDIT, r_none },
	{ "view", AGG_EDIT, AGG_VIEW, r_none },
	{ "system:aggregate-to-admin", AGG_ADMIN, NULL, r_to_admin },
	{ "system:aggregate-to-edit", AGG_EDIT, NULL, r_to_edit },
	{ "system:aggregate-to-view", AGG_VIEW, NULL, r_to_view },
	{ "system:basic-user", NULL, NULL, r_basic_user },
	{ "system:discovery", NULL, NULL, r_discovery },
	{ "system:public-info-viewer", NULL, NULL, r_public_info },
	{ "system:service-account-issuer-discovery", NULL, NULL,
	    r_issuer_discovery },
	{ "system:auth-delegator", NULL, NULL, r_auth_delegator },
	{ "system:monitoring", NULL, NULL, r_monitoring },
	{ "system:node-proxier", NULL, NULL, r_node_proxier },
	{ "system:kube-dns", NULL, NULL, r_kube_dns },
	{ "system:node-bootstrapper", NULL, NULL, r_node_bootstrapper },
	{ "system:node", NULL, NULL, r_node },
};

#define NBUILTIN (sizeof(builtin_roles) / sizeof(builtin_roles[0]))

/* Grant probes: the requests each rule asks about */

struct probe {
	const char *verb, *group, *resource;
};

#define P(v, g, r)      \
	{               \
		v, g, r \
	}
#define PW(g, r)                                                \
	P("create", g, r), P("update", g, r), P("patch", g, r), \
	    P("delete", g, r), P("deletecollection", g, r)

static const struct probe p_secrets[] = {
	P("get", "", "secrets"),
	P("list", "", "secrets"),
	P("watch", "", "secrets"),
};

static const struct probe p_escalate[] = {
	P("escalate", "rbac.authorization.k8s.io", "roles"),
	P("escalate", "rbac.authorization.k8s.io", "clusterroles"),
	P("bind", "rbac.authorization.k8s.io", "roles"),
	P("bind", "rbac.authorization.k8s.io", "clusterroles"),
	P("impersonate", "", "users"),
	P("impersonate", "", "groups"),
	P("impersonate", "", "serviceaccounts"),
	P("impersonate", "authentication.k8s.io", "uids"),
	P("impersonate", "authentication.k8s.io", "userextras/scopes"),
};

static const struct probe p_bindings_write[] = {
	P("create", "rbac.authorization.k8s.io", "rolebindings"),
	P("update", "rbac.authorization.k8s.io", "rolebindings"),
	P("patch", "rbac.authorization.k8s.io", "rolebindings"),
	P("create", "rbac.authorization.k8s.io", "clusterrolebindings"),
	P("update", "rbac.authorization.k8s.io", "clusterrolebindings"),
	P("patch", "rbac.authorization.k8s.io", "clusterrolebindings"),
};

static const struct probe p_exec[] = {
	P("create", "", "pods/exec"),
	P("get", "", "pods/exec"),
	P("create", "", "pods/attach"),
	P("get", "", "pods/attach"),
	P("create", "", "pods/portforward"),
	P("get", "", "pods/portforward"),
};

static const struct probe p_node_proxy[] = {
	P("get", "", "nodes/proxy"),
	P("create", "", "nodes/proxy"),
};

static const struct probe p_create_pods[] = {
	P("create", "", "pods"),
	P("create", "", "replicationcontrollers"),
	P("create", "apps", "deployments"),
	P("create", "apps", "daemonsets"),
	P("create", "apps", "statefulsets"),
	P("create", "apps", "replicasets"),
	P("create", "batch", "jobs"),
	P("create", "batch", "cronjobs"),
	P("create", "extensions", "deployments"),
	P("create", "extensions", "daemonsets"),
	P("create", "extensions", "replicasets"),
};

static const struct probe p_pv[] = {
	P("create", "", "persistentvolumes"),
	P("update", "", "persistentvolumes"),
	P("patch", "", "persistentvolumes"),
};

static const struct probe p_csr_approval[] = {
	P("update", "certificates.k8s.io",
	    "certificatesigningrequests/approval"),
};

static const struct probe p_csr_signers[] = {
	P("approve", "certificates.k8s.io", "signers"),
};

static const struct probe p_webhooks[] = {
	PW("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
	PW("admissionregistration.k8s.io", "mutatingwebhookconfigurations"),
	PW("admissionregistration.k8s.io", "validatingadmissionpolicies"),
	PW("admissionregistration.k8s.io", "validatingadmissionpolicybindings"),
	PW("admissionregistration.k8s.io", "mutatingadmissionpolicies"),
	PW("admissionregistration.k8s.io", "mutatingadmissionpolicybindings"),
};

static const struct probe p_sa_token[] = {
	P("create", "", "serviceaccounts/token"),
};

static const struct probe p_netpol[] = {
	PW("networking.k8s.io", "networkpolicies"),
	PW("extensions", "networkpolicies"),
	PW("cilium.io", "ciliumnetworkpolicies"),
	PW("cilium.io", "ciliumclusterwidenetworkpolicies"),
	PW("crd.projectcalico.org", "networkpolicies"),
	PW("crd.projectcalico.org", "globalnetworkpolicies"),
	PW("projectcalico.org", "networkpolicies"),
	PW("projectcalico.org", "globalnetworkpolicies"),
	PW("policy.networking.k8s.io", "adminnetworkpolicies"),
	PW("policy.networking.k8s.io", "baselineadminnetworkpolicies"),
};

static const struct probe p_labels[] = {
	P("patch", "", "pods"),
	P("update", "", "pods"),
	P("patch", "", "namespaces"),
	P("update", "", "namespaces"),
};

#define NP(a) (sizeof(a) / sizeof((a)[0]))

/* The grant rules, in report order. */
enum grant_id {
	G_SECRETS,
	G_ESCALATE,
	G_EXEC,
	G_NODE_PROXY,
	G_CREATE_PODS,
	G_PV,
	G_CSR,
	G_WEBHOOK,
	G_SA_TOKEN,
	G_NETPOL,
	G_LABELS,
	G__COUNT
};

struct grant_check {
	enum rule_id rule;
	const char *what; /* "read Secrets" */
	const char *expected;
	const struct probe *any;
	size_t nany;
	const struct probe *and; /* a second condition, or NULL */
	size_t nand;
};

static const struct grant_check grant_checks[G__COUNT] = {
	[G_SECRETS] = { RULE_K8S_RBAC_SECRETS_READ, "read Secrets",
	    "no get, list or watch on secrets", p_secrets, NP(p_secrets), NULL,
	    0 },
	[G_ESCALATE] = { RULE_K8S_RBAC_ESCALATE_BIND_IMPERSONATE,
	    "escalate, bind or impersonate",
	    "no escalate/bind on roles, no impersonate", p_escalate,
	    NP(p_escalate), NULL, 0 },
	[G_EXEC] = { RULE_K8S_RBAC_POD_EXEC_ATTACH,
	    "exec, attach or port-forward into pods",
	    "no get or create on pods/exec, pods/attach, pods/portforward",
	    p_exec, NP(p_exec), NULL, 0 },
	[G_NODE_PROXY] = { RULE_K8S_RBAC_NODE_PROXY,
	    "reach the kubelet API (nodes/proxy)",
	    "no get or create on nodes/proxy", p_node_proxy, NP(p_node_proxy),
	    NULL, 0 },
	[G_CREATE_PODS] = { RULE_K8S_RBAC_CREATE_PODS,
	    "create pods or workload controllers",
	    "no create on pods or workload controllers", p_create_pods,
	    NP(p_create_pods), NULL, 0 },
	[G_PV] = { RULE_K8S_RBAC_PV_CREATE,
	    "create or change PersistentVolumes",
	    "no create, update or patch on persistentvolumes", p_pv, NP(p_pv),
	    NULL, 0 },
	[G_CSR] = { RULE_K8S_RBAC_CSR_APPROVE,
	    "approve certificate signing requests",
	    "not both update on certificatesigningrequests/approval and approve on signers",
	    p_csr_approval, NP(p_csr_approval), p_csr_signers,
	    NP(p_csr_signers) },
	[G_WEBHOOK] = { RULE_K8S_RBAC_WEBHOOK_CONFIG,
	    "change admission webhooks or policies",
	    "no write access to admission configuration", p_webhooks,
	    NP(p_webhooks), NULL, 0 },
	[G_SA_TOKEN] = { RULE_K8S_RBAC_SA_TOKEN_CREATE,
	    "create service-account tokens",
	    "no create on serviceaccounts/token", p_sa_token, NP(p_sa_token),
	    NULL, 0 },
	[G_NETPOL] = { RULE_K8S_RBAC_NETWORK_POLICY_WRITE,
	    "change network policies",
	    "write access to network policies only for selected network administrators",
	    p_netpol, NP(p_netpol), NULL, 0 },
	[G_LABELS] = { RULE_K8S_RBAC_LABEL_WRITE,
	    "change pod or namespace labels",
	    "label changes only by authorised subjects", p_labels, NP(p_labels),
	    NULL, 0 },
};

/* The verdict of one grant check on one role. */
struct grant_result {
	enum rbac_grant grant;
	const char *evidence;         /* "get, list on secrets" (keep) */
	const struct rbac_rule *rule; /* first rule that matched */
	const struct kx_role *from;   /* the role that rule belongs to */
};

/* The effective rules of a role, aggregation resolved, and its verdicts. */
struct eff_item {
	const struct rbac_rule *rule;
	const struct kx_role *from; /* the role the rule belongs to */
};

struct rbac_eff {
	struct eff_item *items;
	size_t n;
	int full_admin;
	const struct rbac_rule *admin_rule;
	const struct kx_role *admin_from;
	int wildcard;
	const struct rbac_rule *wild_rule;
	const struct kx_role *wild_from;
	const char *suspicious; /* a "pods/ *" pattern */
	const struct rbac_rule *susp_rule;
	const struct kx_role *susp_from;
	int bindings_write; /* may create or change role bindings */
	struct grant_result g[G__COUNT];
	int evaluated;
};

struct rbac_state {
	struct kx_role *builtin[NBUILTIN];
	int builtin_ready;
	int accept_defaults;
};

static struct rbac_state *
rbac_state(struct k8s_ctx *ctx)
{
	return k8s_state(ctx, "rbac", sizeof(struct rbac_state));
}

/* Split a space-separated list into keep; "-" is the core group "". */
static const char **
split_words(struct k8s_ctx *ctx, const char *s, size_t *n)
{
	const char **v;
	size_t cap = 1, i;
	const char *p;

	*n = 0;
	if (s == NULL)
		return NULL;
	for (p = s; *p != '\0'; p++)
		if (*p == ' ')
			cap++;
	v = arena_alloc(&ctx->keep, cap * sizeof(*v));
	for (p = s; *p != '\0';) {
		size_t len = strcspn(p, " ");

		if (len > 0) {
			char *w = arena_strndup(&ctx->keep, p, len);

			v[(*n)++] = strcmp(w, "-") == 0 ? "" : w;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	for (i = *n; i < cap; i++)
		v[i] = NULL;
	return v;
}

static void
builtin_labels(struct k8s_ctx *ctx, struct k8s_labels *l, const char *spec)
{
	size_t n, i;
	const char **w = split_words(ctx, spec, &n);

	l->n = 0;
	l->kv = n > 0 ? arena_alloc(&ctx->keep, 2 * n * sizeof(*l->kv)) : NULL;
	for (i = 0; i < n; i++) {
		const char *eq = strchr(w[i], '=');

		if (eq == NULL)
			continue;
		l->kv[2 * l->n] =
		    arena_strndup(&ctx->keep, w[i], (size_t)(eq - w[i]));
		l->kv[2 * l->n + 1] = eq + 1;
		l->n++;
	}
}

static void
builtin_ready(struct k8s_ctx *ctx, struct rbac_state *st)
{
	size_t i, j, n;

	if (st->builtin_ready)
		return;
	st->builtin_ready = 1;
	for (i = 0; i < NBUILTIN; i++) {
		const struct builtin_role *b = &builtin_roles[i];
		struct kx_role *r = arena_calloc(&ctx->keep, 1, sizeof(*r));

		r->cluster = 1;
		r->name = b->name;
		r->bootstrap = 1;
		builtin_labels(ctx, &r->labels, b->labels);
		for (n = 0; b->rules[n].verbs != NULL; n++)
			;
		r->rules = n > 0 ?
		    arena_calloc(&ctx->keep, n, sizeof(*r->rules)) :
		    NULL;
		for (j = 0; j < n; j++) {
			const struct builtin_rule *br = &b->rules[j];
			struct rbac_rule *rr = &r->rules[j];

			rr->verbs = split_words(ctx, br->verbs, &rr->nverbs);
			rr->groups = split_words(ctx, br->groups, &rr->ngroups);
			rr->resources =
			    split_words(ctx, br->resources, &rr->nresources);
			rr->urls = split_words(ctx, br->urls, &rr->nurls);
			rr->index = (unsigned)j;
		}
		r->nrules = n;
		if (b->agg != NULL) {
			struct k8s_selreq *req;
			const char *eq = strchr(b->agg, '=');

			r->has_agg = 1;
			r->nagg = 1;
			r->agg = arena_calloc(&ctx->keep, 1, sizeof(*r->agg));
			req = arena_calloc(&ctx->keep, 1, sizeof(*req));
			req->key = arena_strndup(&ctx->keep, b->agg,
			    (size_t)(eq - b->agg));
			req->op = K8S_SEL_IN;
			req->values = arena_alloc(&ctx->keep, sizeof(char *));
			req->values[0] = eq + 1;
			req->nvalues = 1;
			r->agg->req = req;
			r->agg->n = 1;
			r->agg->present = 1;
		}
		st->builtin[i] = r;
	}
}

static struct kx_role *
builtin_find(struct k8s_ctx *ctx, const char *name)
{
	struct rbac_state *st = rbac_state(ctx);
	size_t i;

	builtin_ready(ctx, st);
	for (i = 0; i < NBUILTIN; i++)
		if (strcmp(builtin_roles[i].name, name) == 0)
			return st->builtin[i];
	return NULL;
}

static struct kx_role *
input_clusterrole(struct k8s_ctx *ctx, const char *name)
{
	struct kx_role *r;

	for (r = kx_index(ctx)->croles.first; r != NULL; r = r->next)
		if (strcmp(r->name, name) == 0)
			return r;
	return NULL;
}

/* The role a binding refers to: the input first, then the built-ins. */
static struct kx_role *
binding_role(struct k8s_ctx *ctx, const struct kx_binding *b)
{
	struct kx_role *r;

	if (b->role_name == NULL || b->role_kind == NULL)
		return NULL;
	if (strcmp(b->role_kind, "Role") == 0) {
		struct kx_ns *ns;

		if (b->cluster)
			return NULL; /* invalid: ClusterRoleBinding to a Role */
		ns = kx_ns_get(ctx, b->ns, 0);
		for (r = ns != NULL ? ns->roles.first : NULL; r != NULL;
		     r = r->next)
			if (strcmp(r->name, b->role_name) == 0)
				return r;
		return NULL;
	}
	if (strcmp(b->role_kind, "ClusterRole") != 0)
		return NULL;
	r = input_clusterrole(ctx, b->role_name);
	return r != NULL ? r : builtin_find(ctx, b->role_name);
}

/* Effective rules */

struct eff_builder {
	struct eff_item *items;
	size_t n, alloc;
};

static void
eff_push(struct k8s_ctx *ctx, struct eff_builder *eb, const struct rbac_rule *r,
    const struct kx_role *from)
{
	if (eb->n == eb->alloc) {
		size_t na = eb->alloc ? eb->alloc * 2 : 16;
		struct eff_item *ni =
		    arena_alloc(ctx->scratch, na * sizeof(*ni));

		if (eb->n > 0)
			memcpy(ni, eb->items, eb->n * sizeof(*ni));
		eb->items = ni;
		eb->alloc = na;
	}
	eb->items[eb->n].rule = r;
	eb->items[eb->n].from = from;
	eb->n++;
}

static int
agg_selects(const struct kx_role *agg, const struct kx_role *cand)
{
	size_t i;

	for (i = 0; i < agg->nagg; i++)
		if (k8s_selector_matches(&agg->agg[i], &cand->labels,
		        K8S_EMPTY_NONE))
			return 1;
	return 0;
}

/*
 * Collect the rules of role and, for an aggregated ClusterRole, of every
 * ClusterRole its selectors pick (built-ins not shadowed by an input role
 * of the same name first, then input roles), recursively.  mark sets
 * "used" on every role reached.
 */
static void
eff_collect(struct k8s_ctx *ctx, struct eff_builder *eb, struct kx_role *role,
    int mark)
{
	struct rbac_state *st = rbac_state(ctx);
	struct kx_role *c;
	size_t i;

	if (role->resolving)
		return;
	role->resolving = 1;
	if (mark)
		role->used = 1;
	for (i = 0; i < role->nrules; i++)
		eff_push(ctx, eb, &role->rules[i], role);
	if (role->has_agg) {
		builtin_ready(ctx, st);
		for (i = 0; i < NBUILTIN; i++) {
			c = st->builtin[i];
			if (c != role && agg_selects(role, c) &&
			    input_clusterrole(ctx, c->name) == NULL)
				eff_collect(ctx, eb, c, mark);
		}
		for (c = kx_index(ctx)->croles.first; c != NULL; c = c->next)
			if (c != role && agg_selects(role, c))
				eff_collect(ctx, eb, c, mark);
	}
	role->resolving = 0;
}

/*
 * Evidence text of the probes that matched: verbs per resource, and
 * resources with the same verbs merged ("create on pods, apps/deployments").
 */
struct ev_item {
	const struct probe *p;
	enum rbac_grant g;
};

static void
render_evidence(struct strbuf *sb, const struct ev_item *it, size_t n)
{
	struct strbuf verbs = STRBUF_INIT, prev = STRBUF_INIT;
	size_t i, j, shown = 0, total = 0;

	for (i = 0; i < n; i = j) {
		int named = 0;

		/* the verbs of one resource (probes are grouped by resource) */
		strbuf_reset(&verbs);
		for (j = i; j < n &&
		     strcmp(it[j].p->resource, it[i].p->resource) == 0 &&
		     strcmp(it[j].p->group, it[i].p->group) == 0;
		     j++) {
			strbuf_addf(&verbs, "%s%s", j > i ? ", " : "",
			    it[j].p->verb);
			named |= it[j].g == RBAC_GRANT_NAMED;
		}
		if (named)
			strbuf_addstr(&verbs, " [resourceNames only]");
		total++;
		if (shown == 6)
			continue;
		shown++;
		if (prev.len > 0 && strcmp(prev.buf, verbs.buf) == 0) {
			strbuf_addstr(sb, ", ");
		} else {
			if (sb->len > 0)
				strbuf_addstr(sb, "; ");
			strbuf_addf(sb, "%s on ", verbs.buf);
		}
		if (*it[i].p->group != '\0')
			strbuf_addf(sb, "%s/", it[i].p->group);
		strbuf_addstr(sb, it[i].p->resource);
		strbuf_reset(&prev);
		strbuf_addstr(&prev, verbs.buf);
	}
	if (total > shown)
		strbuf_addf(sb, " (and %zu more)", total - shown);
	strbuf_release(&verbs);
	strbuf_release(&prev);
}

/* The best grant of the effective rules for one probe list. */
static enum rbac_grant
probe_list(const struct rbac_eff *e, const struct probe *pr, size_t np,
    struct strbuf *ev, const struct rbac_rule **first,
    const struct kx_role **first_from)
{
	enum rbac_grant best = RBAC_GRANT_NONE;
	struct ev_item items[64];
	size_t i, j, nitems = 0;

	for (i = 0; i < np; i++) {
		enum rbac_grant g = RBAC_GRANT_NONE;
		size_t at = 0;

		for (j = 0; j < e->n && g != RBAC_GRANT_FULL; j++) {
			enum rbac_grant gj = rbac_rule_grants(e->items[j].rule,
			    pr[i].verb, pr[i].group, pr[i].resource);

			if (gj > g) {
				g = gj;
				at = j;
			}
		}
		if (g == RBAC_GRANT_NONE)
			continue;
		if (nitems < sizeof(items) / sizeof(items[0])) {
			items[nitems].p = &pr[i];
			items[nitems].g = g;
			nitems++;
		}
		if (*first == NULL) {
			*first = e->items[at].rule;
			*first_from = e->items[at].from;
		}
		if (g > best)
			best = g;
	}
	if (nitems > 0)
		render_evidence(ev, items, nitems);
	return best;
}

static void
eff_evaluate(struct k8s_ctx *ctx, struct rbac_eff *e)
{
	size_t i;

	if (e->evaluated)
		return;
	e->evaluated = 1;
	for (i = 0; i < e->n; i++) {
		const char *s;

		if (!e->full_admin &&
		    rbac_rule_is_full_admin(e->items[i].rule)) {
			e->full_admin = 1;
			e->admin_rule = e->items[i].rule;
			e->admin_from = e->items[i].from;
		}
		if (!e->wildcard && rbac_rule_has_wildcard(e->items[i].rule)) {
			e->wildcard = 1;
			e->wild_rule = e->items[i].rule;
			e->wild_from = e->items[i].from;
		}
		if (e->suspicious == NULL &&
		    (s = rbac_rule_suspicious_resource(e->items[i].rule)) !=
		        NULL) {
			e->suspicious = s;
			e->susp_rule = e->items[i].rule;
			e->susp_from = e->items[i].from;
		}
	}
	for (i = 0; i < G__COUNT; i++) {
		const struct grant_check *gc = &grant_checks[i];
		struct grant_result *gr = &e->g[i];
		struct strbuf ev = STRBUF_INIT;

		gr->grant =
		    probe_list(e, gc->any, gc->nany, &ev, &gr->rule, &gr->from);
		if (gr->grant != RBAC_GRANT_NONE && gc->and != NULL) {
			enum rbac_grant g2 = probe_list(e, gc->and, gc->nand,
			    &ev, &gr->rule, &gr->from);

			if (g2 < gr->grant)
				gr->grant = g2;
		}
		if (gr->grant != RBAC_GRANT_NONE)
			gr->evidence = k8s_keep_str(ctx, ev.buf);
		strbuf_release(&ev);
	}
	{
		struct strbuf ev = STRBUF_INIT;
		const struct rbac_rule *r = NULL;
		const struct kx_role *f = NULL;

		e->bindings_write =
		    probe_list(e, p_bindings_write, NP(p_bindings_write), &ev,
		        &r, &f) == RBAC_GRANT_FULL;
		strbuf_release(&ev);
	}
}

/*
 * The effective rules of role, evaluated (cached).  mark: the role is
 * bound, so it and every role aggregated into it count as used.  Bindings
 * are processed before unbound roles, so a bound role is always computed
 * with mark set first.
 */
static struct rbac_eff *
role_eff(struct k8s_ctx *ctx, struct kx_role *role, int mark)
{
	struct eff_builder eb = { NULL, 0, 0 };
	struct rbac_eff *e;

	if (role->eff != NULL)
		return role->eff;
	eff_collect(ctx, &eb, role, mark);
	e = arena_calloc(&ctx->keep, 1, sizeof(*e));
	e->n = eb.n;
	if (eb.n > 0) {
		e->items = arena_alloc(&ctx->keep, eb.n * sizeof(*e->items));
		memcpy(e->items, eb.items, eb.n * sizeof(*e->items));
	}
	role->eff = e;
	eff_evaluate(ctx, e);
	return e;
}

/* Subjects */

static int
special_group(const char *name)
{
	return strcmp(name, "system:anonymous") == 0 ||
	    strcmp(name, "system:unauthenticated") == 0 ||
	    strcmp(name, "system:authenticated") == 0 ||
	    strcmp(name, "system:masters") == 0 ||
	    strcmp(name, "system:serviceaccounts") == 0 ||
	    strncmp(name, "system:serviceaccounts:", 23) == 0;
}

/* A system: subject the bootstrap policy binds (accepted by default). */
static int
system_subject(const struct kx_subject *s)
{
	return s->kind != KX_SUBJ_SA && strncmp(s->name, "system:", 7) == 0 &&
	    !special_group(s->name);
}

static const char *
subject_kind_name(enum kx_subject_kind k)
{
	switch (k) {
	case KX_SUBJ_USER:
		return "User";
	case KX_SUBJ_GROUP:
		return "Group";
	case KX_SUBJ_SA:
		return "ServiceAccount";
	case KX_SUBJ_OTHER:
		break;
	}
	return "subject";
}

static void
subject_text(struct strbuf *sb, const struct kx_subject *s)
{
	strbuf_addf(sb, "%s ", subject_kind_name(s->kind));
	if (s->kind == KX_SUBJ_SA)
		strbuf_addf(sb, "%s/", s->ns != NULL ? s->ns : "?");
	strbuf_addstr(sb, s->name);
}

/*
 * The subjects of b as text: sb gets those the accepted-by-default policy
 * does not cover (all of them with the policy off), all gets every
 * subject; *nlisted and *nexempt count the two groups.
 */
static void
subjects_text(struct k8s_ctx *ctx, const struct kx_binding *b,
    struct strbuf *sb, struct strbuf *all, size_t *nlisted, size_t *nexempt)
{
	struct rbac_state *st = rbac_state(ctx);
	size_t i;

	*nlisted = *nexempt = 0;
	for (i = 0; i < b->nsubjects; i++) {
		const struct kx_subject *s = &b->subjects[i];
		int exempt = st->accept_defaults && system_subject(s);
		struct strbuf *out = exempt ? all : sb;
		size_t *count = exempt ? nexempt : nlisted;

		if (i < 4) {
			if (all->len > 0)
				strbuf_addstr(all, ", ");
			subject_text(all, s);
		} else if (i == 4) {
			strbuf_addstr(all, ", ...");
		}
		if (exempt) {
			(*count)++;
			continue;
		}
		if (*count == 4) {
			strbuf_addstr(out, ", ...");
		} else if (*count < 4) {
			if (*count > 0)
				strbuf_addstr(out, ", ");
			subject_text(out, s);
		}
		(*count)++;
	}
}

/* Reporting */

static const char *
scope_text(struct k8s_ctx *ctx, const struct kx_binding *b)
{
	return b->cluster ? "cluster-wide" :
	                    k8s_fmt(ctx, "in namespace %s", b->ns);
}

static const char *
role_text(struct k8s_ctx *ctx, const struct kx_role *r)
{
	if (r->ref == NULL)
		return k8s_fmt(ctx, "built-in ClusterRole %s", r->name);
	return k8s_fmt(ctx, "%s %s", r->cluster ? "ClusterRole" : "Role",
	    r->name);
}

/*
 * Where a rule of the effective set came from, relative to the file of the
 * finding's subject: " (rules[2], line 14)", " (aggregated from ClusterRole
 * x rules[0], other.yaml:3)".
 */
static const char *
rule_origin(struct k8s_ctx *ctx, const struct k8s_ref *subj,
    const struct kx_role *bound, const struct rbac_rule *rule,
    const struct kx_role *from)
{
	const char *where;

	if (from == NULL || rule == NULL ||
	    (from == bound && subj == from->ref))
		return "";
	if (from->ref == NULL)
		return from == bound ?
		    "" :
		    k8s_fmt(ctx, " (aggregated from built-in %s)", from->name);
	if (from->ref->file != NULL && subj->file != NULL &&
	    strcmp(from->ref->file, subj->file) == 0)
		where = k8s_fmt(ctx, "line %u", rule->line);
	else
		where = k8s_fmt(ctx, "%s:%u",
		    from->ref->file != NULL ? from->ref->file : "?",
		    rule->line);
	if (from == bound)
		return k8s_fmt(ctx, " (rules[%u], %s)", rule->index, where);
	return k8s_fmt(ctx, " (aggregated from ClusterRole %s rules[%u], %s)",
	    from->name, rule->index, where);
}

/*
 * Report f about subj, covered by an "accepted by default" waiver when why
 * is not NULL (the finding stays visible in the waived section).
 */
static void
report(struct k8s_ctx *ctx, const struct k8s_ref *subj, struct finding *f,
    const char *why)
{
	struct waiver *ws;
	size_t i;

	if (!k8s_on(ctx, f->rule))
		return;
	if (why == NULL || f->status != STATUS_FAIL) {
		k8s_add(ctx, subj, NULL, f);
		return;
	}
	ws = arena_calloc(ctx->scratch, subj->nwaivers + 1, sizeof(*ws));
	for (i = 0; i < subj->nwaivers; i++)
		ws[i] = subj->waivers[i];
	ws[subj->nwaivers].rule = (char *)(uintptr_t)rule_catalog[f->rule].id;
	ws[subj->nwaivers].subject = (char *)(uintptr_t) "*";
	ws[subj->nwaivers].justification = (char *)(uintptr_t)why;
	ws[subj->nwaivers].source = (char
	        *)(uintptr_t) "rampart default policy (k8s.rbac-accept-defaults)";
	f->local_waivers = ws;
	f->nlocal_waivers = subj->nwaivers + 1;
	f->file = f->file != NULL ? f->file : subj->file;
	f->line = f->line != 0 ? f->line : subj->line;
	f->object = f->object != NULL ? f->object : subj->display;
	result_add(ctx->r, f);
}

static int
lower(int sev)
{
	return sev > SEV_INFO ? sev - 1 : SEV_INFO;
}

/* Context of one binding being reported. */
struct bctx {
	const struct kx_binding *b;
	struct kx_role *role;
	struct rbac_eff *eff;
	const char *subjects; /* non-exempt subjects, or NULL if none */
	const char *all_subjects;
	size_t nexempt;
	const char *accepted; /* why the whole binding is accepted, or NULL */
	const char *scope;
	const char *role_txt;
};

static void
subject_fail(struct k8s_ctx *ctx, const struct bctx *bc,
    const struct kx_subject *s, enum rule_id rule, int sev,
    const char *evidence, const char *expected, const char *msg)
{
	struct finding f = k8s_finding(rule, STATUS_FAIL);

	f.severity = sev;
	f.path = s != NULL ? "subjects" : "roleRef";
	f.line = s != NULL ? s->line : bc->b->role_line;
	f.evidence = evidence;
	f.expected = expected;
	f.message = msg;
	report(ctx, bc->b->ref, &f, bc->accepted);
}

static void
binding_fail(struct k8s_ctx *ctx, const struct bctx *bc, enum rule_id rule,
    int sev, const char *evidence, const char *expected, const char *msg)
{
	subject_fail(ctx, bc, NULL, rule, sev, evidence, expected, msg);
}

/* Who a binding finding is about. */
static const char *
who(struct k8s_ctx *ctx, const struct bctx *bc)
{
	if (bc->subjects == NULL)
		return bc->all_subjects;
	if (bc->nexempt == 0)
		return bc->subjects;
	return k8s_fmt(ctx,
	    "%s (and %zu system: subject%s accepted by default)", bc->subjects,
	    bc->nexempt, bc->nexempt == 1 ? "" : "s");
}

static int
plural_who(const struct bctx *bc)
{
	const char *s = bc->subjects != NULL ? bc->subjects : bc->all_subjects;

	return s != NULL && strchr(s, ',') != NULL;
}

static void
grant_findings(struct k8s_ctx *ctx, const struct bctx *bc)
{
	const struct rbac_eff *e = bc->eff;
	size_t i;

	if (e->full_admin) {
		/* everything is granted: cluster-admin-binding covers it */
		for (i = 0; i < G__COUNT; i++)
			k8s_na(ctx, bc->b->ref, grant_checks[i].rule, NULL);
		return;
	}
	for (i = 0; i < G__COUNT; i++) {
		const struct grant_check *gc = &grant_checks[i];
		const struct grant_result *gr = &e->g[i];
		int sev;

		if (!k8s_on(ctx, gc->rule))
			continue;
		if (gr->grant == RBAC_GRANT_NONE) {
			if (i == G_EXEC && e->suspicious != NULL) {
				binding_fail(ctx, bc, gc->rule, SEV_LOW,
				    e->suspicious,
				    "the subresources meant, e.g. pods/exec",
				    k8s_fmt(ctx,
				        "%s: %s grants the resource pattern '%s'%s, which upstream RBAC matches only literally (it grants no pods/exec or other subresource); review what was meant",
				        who(ctx, bc), bc->role_txt,
				        e->suspicious,
				        rule_origin(ctx, bc->b->ref, bc->role,
				            e->susp_rule, e->susp_from)));
				continue;
			}
			k8s_pass(ctx, bc->b->ref, gc->rule);
			continue;
		}
		sev = rule_catalog[gc->rule].severity;
		if (gr->grant == RBAC_GRANT_NAMED)
			sev = lower(sev);
		binding_fail(ctx, bc, gc->rule, sev, gr->evidence, gc->expected,
		    k8s_fmt(ctx, "%s may %s %s through %s%s%s", who(ctx, bc),
		        gc->what, bc->scope, bc->role_txt,
		        gr->grant == RBAC_GRANT_NAMED ?
		            ", limited to named objects" :
		            "",
		        rule_origin(ctx, bc->b->ref, bc->role, gr->rule,
		            gr->from)));
	}
	/* KSV-0051/0052: writing bindings while holding privileged grants */
	if (k8s_on(ctx, RULE_K8S_RBAC_ESCALATE_BIND_IMPERSONATE) &&
	    e->bindings_write && e->g[G_ESCALATE].grant == RBAC_GRANT_NONE) {
		const char *priv = NULL;

		for (i = 0; i < G__COUNT && priv == NULL; i++)
			if (i != G_NETPOL && i != G_LABELS &&
			    e->g[i].grant == RBAC_GRANT_FULL)
				priv = grant_checks[i].what;
		if (priv != NULL)
			binding_fail(ctx, bc,
			    RULE_K8S_RBAC_ESCALATE_BIND_IMPERSONATE, SEV_MEDIUM,
			    "create/update/patch on role bindings",
			    "no write access to role bindings next to privileged grants",
			    k8s_fmt(ctx,
			        "%s may write role bindings %s through %s, and the role also lets it %s: it can hand those rights to any subject",
			        who(ctx, bc), bc->scope, bc->role_txt, priv));
	}
}

static int
is_ci_account(struct k8s_ctx *ctx, const struct kx_subject *s)
{
	static const char *const defaults[] = { "argocd*", "argo-cd*", "flux*",
		"tekton*", "jenkins*", "gitlab-runner*", "gitlab*",
		"github-actions*", "actions-runner*", "spinnaker*" };
	const char **pat;
	size_t n, i;

	if (s->kind != KX_SUBJ_SA)
		return 0;
	pat = k8s_config_strv(ctx, "automation-service-accounts", &n);
	if (n == 0) {
		pat = (const char **)(uintptr_t)defaults;
		n = sizeof(defaults) / sizeof(defaults[0]);
	}
	for (i = 0; i < n; i++)
		if (fnmatch(pat[i], s->name, 0) == 0 ||
		    (s->ns != NULL && fnmatch(pat[i], s->ns, 0) == 0))
			return 1;
	return 0;
}

/* ", which grants read Secrets, ..." for messages about a binding. */
static const char *
grant_summary(struct k8s_ctx *ctx, const struct rbac_eff *e)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;
	size_t i, n = 0;

	if (e == NULL)
		return " (its rules are not in the scanned files)";
	if (e->full_admin)
		return ", which grants every verb on every resource";
	for (i = 0; i < G__COUNT; i++) {
		if (e->g[i].grant == RBAC_GRANT_NONE)
			continue;
		strbuf_addstr(&sb, n++ ? ", " : ", which grants: ");
		strbuf_addstr(&sb, grant_checks[i].what);
	}
	if (n == 0)
		strbuf_addf(&sb,
		    ", which grants %zu rule%s, none of them privileged", e->n,
		    e->n == 1 ? "" : "s");
	out = k8s_fmt(ctx, "%s", sb.buf);
	strbuf_release(&sb);
	return out;
}

/* True when e grants only non-resource URLs (health, version). */
static int
urls_only(const struct rbac_eff *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (e->items[i].rule->nresources > 0)
			return 0;
	return 1;
}

static int
role_grants_something(const struct rbac_eff *e)
{
	return e == NULL || e->n > 0;
}

/* Subject rules: anonymous, authenticated, masters, default SAs, CI/CD. */
static void
subject_findings(struct k8s_ctx *ctx, const struct bctx *bc)
{
	static const char *const discovery_roles[] = { "system:basic-user",
		"system:discovery", "system:public-info-viewer",
		"system:service-account-issuer-discovery" };
	const struct kx_binding *b = bc->b;
	const char *grants = grant_summary(ctx, bc->eff);
	int anon = 0, authn = 0, masters = 0, dflt = 0, ci = 0;
	size_t i, j;

	for (i = 0; i < b->nsubjects; i++) {
		const struct kx_subject *s = &b->subjects[i];
		const char *subj = NULL;
		struct strbuf sb = STRBUF_INIT;

		subject_text(&sb, s);
		subj = k8s_fmt(ctx, "%s", sb.buf);
		strbuf_release(&sb);

		if ((s->kind == KX_SUBJ_USER &&
		        strcmp(s->name, "system:anonymous") == 0) ||
		    (s->kind == KX_SUBJ_GROUP &&
		        strcmp(s->name, "system:unauthenticated") == 0)) {
			const char *acc = NULL;

			anon = 1;
			/* only while the role grants nothing but URLs */
			if (b->role_name != NULL &&
			    strcmp(b->role_name, "system:public-info-viewer") ==
			        0 &&
			    rbac_state(ctx)->accept_defaults &&
			    bc->eff != NULL && !bc->eff->wildcard &&
			    urls_only(bc->eff))
				acc =
				    "accepted by default: the bootstrap binding system:public-info-viewer lets unauthenticated clients read health and version endpoints only";
			if (!role_grants_something(bc->eff)) {
				k8s_pass(ctx, b->ref,
				    RULE_K8S_RBAC_ANONYMOUS_BINDING);
			} else {
				struct finding f =
				    k8s_finding(RULE_K8S_RBAC_ANONYMOUS_BINDING,
				        STATUS_FAIL);

				f.path = "subjects";
				f.line = s->line;
				f.evidence = subj;
				f.expected =
				    "no binding for system:anonymous or system:unauthenticated";
				f.message = k8s_fmt(ctx,
				    "%s (no credentials needed) is bound %s to %s%s",
				    subj, bc->scope, bc->role_txt, grants);
				report(ctx, b->ref, &f, acc);
			}
		}
		if (s->kind == KX_SUBJ_GROUP &&
		    strcmp(s->name, "system:authenticated") == 0) {
			int ok = 0;

			authn = 1;
			for (j = 0; j < 4 && b->role_name != NULL; j++)
				if (strcmp(b->role_name, discovery_roles[j]) ==
				        0 &&
				    strcmp(b->role_kind, "ClusterRole") == 0)
					ok = 1;
			if (ok || !role_grants_something(bc->eff))
				k8s_pass(ctx, b->ref,
				    RULE_K8S_RBAC_AUTHENTICATED_BINDING);
			else
				subject_fail(ctx, bc, s,
				    RULE_K8S_RBAC_AUTHENTICATED_BINDING, -1,
				    subj,
				    "system:authenticated bound only to the discovery roles",
				    k8s_fmt(ctx,
				        "every authenticated identity (all users and every service account) is bound %s to %s%s",
				        bc->scope, bc->role_txt, grants));
		}
		if (s->kind == KX_SUBJ_GROUP &&
		    strcmp(s->name, "system:masters") == 0) {
			struct finding f =
			    k8s_finding(RULE_K8S_RBAC_SYSTEM_MASTERS,
			        STATUS_FAIL);

			masters = 1;
			f.path = "subjects";
			f.line = s->line;
			f.evidence = subj;
			f.expected = "no binding names system:masters";
			f.message = k8s_fmt(ctx,
			    "binds the group system:masters to %s; members of that group bypass authorization entirely, so the binding grants nothing and hides who really holds full control",
			    bc->role_txt);
			report(ctx, b->ref, &f,
			    b->bootstrap && rbac_state(ctx)->accept_defaults ?
			        "accepted by default: bootstrap binding of the API server (kubernetes.io/bootstrapping: rbac-defaults)" :
			        NULL);
		}
		if (s->kind == KX_SUBJ_SA && s->ns_missing) {
			k8s_na(ctx, b->ref, RULE_K8S_RBAC_DEFAULT_SA_BINDING,
			    k8s_fmt(ctx,
			        "ServiceAccount subject %s has no namespace; the API server rejects such a ClusterRoleBinding, so it grants nothing",
			        s->name));
			continue;
		}
		if ((s->kind == KX_SUBJ_SA &&
		        strcmp(s->name, "default") == 0) ||
		    (s->kind == KX_SUBJ_GROUP &&
		        (strcmp(s->name, "system:serviceaccounts") == 0 ||
		            strncmp(s->name, "system:serviceaccounts:", 23) ==
		                0))) {
			dflt = 1;
			if (!role_grants_something(bc->eff))
				k8s_pass(ctx, b->ref,
				    RULE_K8S_RBAC_DEFAULT_SA_BINDING);
			else
				subject_fail(ctx, bc, s,
				    RULE_K8S_RBAC_DEFAULT_SA_BINDING, -1, subj,
				    "no rights for default service accounts",
				    k8s_fmt(ctx,
				        "%s%s is bound %s to %s%s; every pod that names no service account gets these rights",
				        subj,
				        s->kind == KX_SUBJ_GROUP ?
				            " (includes the default service accounts)" :
				            "",
				        bc->scope, bc->role_txt, grants));
		}
		if (is_ci_account(ctx, s)) {
			ci = 1;
			if (bc->eff != NULL &&
			    (bc->eff->full_admin || bc->eff->wildcard))
				subject_fail(ctx, bc, s,
				    RULE_K8S_RBAC_AUTOMATION_OVERPRIVILEGED, -1,
				    subj,
				    "a role per target namespace with the resources it deploys",
				    k8s_fmt(ctx,
				        "automation account %s (matched by name or namespace) is bound %s to %s, which grants %s",
				        subj, bc->scope, bc->role_txt,
				        bc->eff->full_admin ?
				            "every verb on every resource" :
				            "wildcard rights"));
			else
				k8s_pass(ctx, b->ref,
				    RULE_K8S_RBAC_AUTOMATION_OVERPRIVILEGED);
		}
	}
	if (!anon)
		k8s_pass(ctx, b->ref, RULE_K8S_RBAC_ANONYMOUS_BINDING);
	if (!authn)
		k8s_pass(ctx, b->ref, RULE_K8S_RBAC_AUTHENTICATED_BINDING);
	if (!masters)
		k8s_pass(ctx, b->ref, RULE_K8S_RBAC_SYSTEM_MASTERS);
	if (!dflt)
		k8s_pass(ctx, b->ref, RULE_K8S_RBAC_DEFAULT_SA_BINDING);
	if (!ci)
		k8s_na(ctx, b->ref, RULE_K8S_RBAC_AUTOMATION_OVERPRIVILEGED,
		    NULL);
}

static void
admin_and_wildcard(struct k8s_ctx *ctx, const struct bctx *bc)
{
	const struct kx_binding *b = bc->b;
	const struct rbac_eff *e = bc->eff;
	int named_ca = b->role_name != NULL &&
	    strcmp(b->role_name, "cluster-admin") == 0 &&
	    strcmp(b->role_kind, "ClusterRole") == 0;
	size_t i, others = 0;

	/* system:masters alone: rbac-system-masters covers it */
	for (i = 0; i < b->nsubjects; i++)
		if (!(b->subjects[i].kind == KX_SUBJ_GROUP &&
		        strcmp(b->subjects[i].name, "system:masters") == 0))
			others++;
	if ((named_ca || e->full_admin) && others > 0) {
		binding_fail(ctx, bc, RULE_K8S_RBAC_CLUSTER_ADMIN_BINDING,
		    b->cluster ? -1 : SEV_MEDIUM,
		    named_ca ? "roleRef ClusterRole cluster-admin" :
		               "verbs [*] on resources [*] in apiGroups [*]",
		    "a role limited to what the subjects need",
		    k8s_fmt(ctx, "%s %s full control %s through %s%s",
		        who(ctx, bc), plural_who(bc) ? "have" : "has",
		        b->cluster ? "of the whole cluster" :
		                     k8s_fmt(ctx, "of namespace %s", b->ns),
		        bc->role_txt,
		        named_ca ? "" :
		                   rule_origin(ctx, bc->b->ref, bc->role,
		                       e->admin_rule, e->admin_from)));
	} else {
		k8s_pass(ctx, b->ref, RULE_K8S_RBAC_CLUSTER_ADMIN_BINDING);
	}
	/* wildcard: roles the user wrote; built-ins cannot be edited */
	if (e->wildcard && e->wild_from != NULL && e->wild_from->ref != NULL) {
		const struct rbac_rule *r = e->wild_rule;
		int both = r->nverbs > 0 && r->nresources > 0 &&
		    strcmp(r->verbs[0], "*") == 0 && rbac_rule_is_full_admin(r);
		struct strbuf sb = STRBUF_INIT;
		size_t k;

		strbuf_addstr(&sb, "verbs [");
		for (k = 0; k < r->nverbs; k++)
			strbuf_addf(&sb, "%s%s", k ? "," : "", r->verbs[k]);
		strbuf_addstr(&sb, "] ");
		if (r->nurls > 0) {
			strbuf_addstr(&sb, "nonResourceURLs [");
			for (k = 0; k < r->nurls; k++)
				strbuf_addf(&sb, "%s%s", k ? "," : "",
				    r->urls[k]);
		} else {
			strbuf_addstr(&sb, "resources [");
			for (k = 0; k < r->nresources; k++)
				strbuf_addf(&sb, "%s%s", k ? "," : "",
				    r->resources[k]);
			strbuf_addstr(&sb, "] apiGroups [");
			for (k = 0; k < r->ngroups; k++)
				strbuf_addf(&sb, "%s%s", k ? "," : "",
				    *r->groups[k] ? r->groups[k] : "\"\"");
		}
		strbuf_addstr(&sb, "]");
		binding_fail(ctx, bc, RULE_K8S_RBAC_WILDCARD,
		    both ? SEV_HIGH : -1, k8s_fmt(ctx, "%s", sb.buf),
		    "explicit verbs, resources and API groups",
		    k8s_fmt(ctx, "%s %s wildcard rights %s through %s%s",
		        who(ctx, bc), plural_who(bc) ? "get" : "gets",
		        bc->scope, bc->role_txt,
		        rule_origin(ctx, bc->b->ref, bc->role, r,
		            e->wild_from)));
		strbuf_release(&sb);
	} else {
		k8s_pass(ctx, b->ref, RULE_K8S_RBAC_WILDCARD);
	}
}

/* The grant rules in table order, plus the two role-shape rules. */
static const enum rule_id grant_rule_order[] = {
	RULE_K8S_RBAC_WILDCARD,
	RULE_K8S_RBAC_CLUSTER_ADMIN_BINDING,
	RULE_K8S_RBAC_SECRETS_READ,
	RULE_K8S_RBAC_ESCALATE_BIND_IMPERSONATE,
	RULE_K8S_RBAC_POD_EXEC_ATTACH,
	RULE_K8S_RBAC_NODE_PROXY,
	RULE_K8S_RBAC_CREATE_PODS,
	RULE_K8S_RBAC_PV_CREATE,
	RULE_K8S_RBAC_CSR_APPROVE,
	RULE_K8S_RBAC_WEBHOOK_CONFIG,
	RULE_K8S_RBAC_SA_TOKEN_CREATE,
	RULE_K8S_RBAC_NETWORK_POLICY_WRITE,
	RULE_K8S_RBAC_LABEL_WRITE,
};

/* A Role of this name in another namespace of the input, or NULL. */
static const char *
role_elsewhere(struct k8s_ctx *ctx, const struct kx_binding *b)
{
	struct kx_ns *ns;
	struct kx_role *r;

	if (b->role_kind == NULL || strcmp(b->role_kind, "Role") != 0 ||
	    b->role_name == NULL)
		return NULL;
	for (ns = kx_index(ctx)->first; ns != NULL; ns = ns->next)
		for (r = ns->roles.first; r != NULL; r = r->next)
			if (strcmp(r->name, b->role_name) == 0)
				return ns->name;
	return NULL;
}

static void
binding_unresolved(struct k8s_ctx *ctx, const struct kx_binding *b)
{
	const char *other = role_elsewhere(ctx, b);
	const char *why;
	size_t i;

	if (other != NULL && b->cluster)
		why = k8s_fmt(ctx,
		    "a ClusterRoleBinding cannot refer to a Role (Role %s is in namespace %s); the API server rejects it, so it grants nothing",
		    b->role_name, other);
	else if (other != NULL)
		why = k8s_fmt(ctx,
		    "Role %s is in namespace %s, not in %s: a RoleBinding only refers to Roles of its own namespace, and %s/%s is not in the scanned files; what this binding grants was not assessed",
		    b->role_name, other, b->ns, b->ns, b->role_name);
	else
		why = k8s_fmt(ctx,
		    "%s %s is not in the scanned files and not a built-in role: what this binding grants was not assessed (scan the role together with the binding)",
		    b->role_kind != NULL ? b->role_kind : "role",
		    b->role_name != NULL ? b->role_name : "(unnamed)");
	/* one note, under the first grant rule that runs */
	for (i = 0; i < sizeof(grant_rule_order) / sizeof(grant_rule_order[0]);
	     i++) {
		if (!k8s_on(ctx, grant_rule_order[i]))
			continue;
		k8s_na(ctx, b->ref, grant_rule_order[i], why);
		break;
	}
}

static void
process_binding(struct k8s_ctx *ctx, const struct kx_binding *b)
{
	struct rbac_state *st = rbac_state(ctx);
	struct bctx bc;
	struct strbuf sb = STRBUF_INIT, all = STRBUF_INIT;
	size_t nlisted;

	memset(&bc, 0, sizeof(bc));
	bc.b = b;
	bc.role = binding_role(ctx, b);
	bc.eff = bc.role != NULL ? role_eff(ctx, bc.role, 1) : NULL;
	bc.scope = scope_text(ctx, b);
	bc.role_txt = bc.role != NULL ?
	    role_text(ctx, bc.role) :
	    k8s_fmt(ctx, "%s %s", b->role_kind ? b->role_kind : "role",
	        b->role_name ? b->role_name : "?");
	subjects_text(ctx, b, &sb, &all, &nlisted, &bc.nexempt);
	bc.subjects = nlisted > 0 ? k8s_fmt(ctx, "%s", sb.buf) : NULL;
	bc.all_subjects = k8s_fmt(ctx, "%s", all.buf);
	strbuf_release(&sb);
	strbuf_release(&all);
	if (st->accept_defaults && b->bootstrap)
		bc.accepted =
		    "accepted by default: bootstrap binding of the API server (kubernetes.io/bootstrapping: rbac-defaults)";
	else if (st->accept_defaults && nlisted == 0 && bc.nexempt > 0)
		bc.accepted =
		    "accepted by default: only system: subjects of the Kubernetes components";

	subject_findings(ctx, &bc);
	if (b->nsubjects == 0)
		return; /* binds nobody: nothing is granted */
	if (bc.eff == NULL) {
		binding_unresolved(ctx, b);
		return;
	}
	admin_and_wildcard(ctx, &bc);
	grant_findings(ctx, &bc);
}

/*
 * The built-in aggregated ClusterRole (admin, edit, view) whose selector
 * picks role, or NULL.  Its rights then reach everyone bound to that
 * built-in role anywhere in the cluster.
 */
static const char *
builtin_aggregator(struct k8s_ctx *ctx, const struct kx_role *role)
{
	struct rbac_state *st = rbac_state(ctx);
	size_t i;

	if (!role->cluster)
		return NULL;
	builtin_ready(ctx, st);
	for (i = 0; i < NBUILTIN; i++)
		if (st->builtin[i]->has_agg &&
		    agg_selects(st->builtin[i], role) &&
		    input_clusterrole(ctx, st->builtin[i]->name) == NULL)
			return st->builtin[i]->name;
	return NULL;
}

/*
 * Roles nothing binds: reported at low severity, as latent grants; roles
 * aggregated into a built-in role at full severity, since admin, edit and
 * view are bound in almost every cluster.
 */
static void
process_unbound(struct k8s_ctx *ctx, struct kx_role *role)
{
	struct rbac_eff *e;
	const char *acc = NULL, *aggr;
	size_t i;

	if (role->used)
		return;
	e = role_eff(ctx, role, 0);
	aggr = builtin_aggregator(ctx, role);
	if (role->bootstrap && rbac_state(ctx)->accept_defaults)
		acc =
		    "accepted by default: bootstrap role of the API server (kubernetes.io/bootstrapping: rbac-defaults)";
	for (i = 0; i < G__COUNT; i++) {
		const struct grant_check *gc = &grant_checks[i];
		const struct grant_result *gr = &e->g[i];
		struct finding f;

		if (!k8s_on(ctx, gc->rule))
			continue;
		if (gr->grant == RBAC_GRANT_NONE || e->full_admin) {
			k8s_pass(ctx, role->ref, gc->rule);
			continue;
		}
		f = k8s_finding(gc->rule, STATUS_FAIL);
		f.severity = lower(rule_catalog[gc->rule].severity);
		if (rule_catalog[gc->rule].severity > SEV_LOW)
			f.severity = SEV_LOW;
		if (aggr != NULL)
			f.severity = gr->grant == RBAC_GRANT_NAMED ?
			    lower(rule_catalog[gc->rule].severity) :
			    -1;
		f.line =
		    gr->rule != NULL && gr->from == role ? gr->rule->line : 0;
		f.path = gr->rule != NULL && gr->from == role ?
		    k8s_fmt(ctx, "rules[%u]", gr->rule->index) :
		    NULL;
		f.evidence = gr->evidence;
		f.expected = gc->expected;
		if (aggr != NULL)
			f.message = k8s_fmt(ctx,
			    "aggregated into the built-in ClusterRole %s: every subject bound to %s anywhere in the cluster may %s%s%s",
			    aggr, aggr, gc->what,
			    gr->grant == RBAC_GRANT_NAMED ?
			        " (named objects only)" :
			        "",
			    rule_origin(ctx, role->ref, role, gr->rule,
			        gr->from));
		else
			f.message = k8s_fmt(ctx,
			    "not bound in the scanned files, but would let any subject bound to it %s%s%s",
			    gc->what,
			    gr->grant == RBAC_GRANT_NAMED ?
			        " (named objects only)" :
			        "",
			    rule_origin(ctx, role->ref, role, gr->rule,
			        gr->from));
		report(ctx, role->ref, &f, acc);
	}
	if (k8s_on(ctx, RULE_K8S_RBAC_WILDCARD)) {
		if (e->wildcard && e->wild_from == role) {
			struct finding f =
			    k8s_finding(RULE_K8S_RBAC_WILDCARD, STATUS_FAIL);

			f.severity = SEV_LOW;
			f.line = e->wild_rule->line;
			f.path = k8s_fmt(ctx, "rules[%u]", e->wild_rule->index);
			f.evidence = e->full_admin ?
			    "verbs [*] resources [*] apiGroups [*]" :
			    "'*' in verbs, resources, apiGroups or nonResourceURLs";
			f.expected = "explicit verbs, resources and API groups";
			f.message = k8s_fmt(ctx, "%s",
			    "not bound in the scanned files, but grants wildcard rights to any subject bound to it");
			report(ctx, role->ref, &f, acc);
		} else {
			k8s_pass(ctx, role->ref, RULE_K8S_RBAC_WILDCARD);
		}
	}
	if (k8s_on(ctx, RULE_K8S_RBAC_POD_EXEC_ATTACH) &&
	    e->suspicious != NULL && e->susp_from == role &&
	    e->g[G_EXEC].grant == RBAC_GRANT_NONE) {
		struct finding f =
		    k8s_finding(RULE_K8S_RBAC_POD_EXEC_ATTACH, STATUS_FAIL);

		f.severity = SEV_LOW;
		f.line = e->susp_rule->line;
		f.path = k8s_fmt(ctx, "rules[%u]", e->susp_rule->index);
		f.evidence = e->suspicious;
		f.expected = "the subresources meant, e.g. pods/exec";
		f.message = k8s_fmt(ctx,
		    "resource pattern '%s' matches only a subresource literally named '*' upstream (it grants no pods/exec); review what was meant",
		    e->suspicious);
		report(ctx, role->ref, &f, acc);
	}
}

static void
rbac_finish(struct k8s_ctx *ctx)
{
	struct kx_index *x = kx_index(ctx);
	struct rbac_state *st = rbac_state(ctx);
	const struct ynode *acc = k8s_config(ctx, "rbac-accept-defaults");
	const struct kx_binding *b;
	struct kx_role *r;
	struct kx_ns *ns;
	int v;

	st->accept_defaults = 1;
	if (k8s_get_bool(acc, &v))
		st->accept_defaults = v;
	for (b = x->bindings.first; b != NULL; b = b->next)
		process_binding(ctx, b);
	for (r = x->croles.first; r != NULL; r = r->next)
		process_unbound(ctx, r);
	for (ns = x->first; ns != NULL; ns = ns->next)
		for (r = ns->roles.first; r != NULL; r = r->next)
			process_unbound(ctx, r);
}

static const char *const rbac_keys[] = { "rbac-accept-defaults",
	"automation-service-accounts", NULL };

const struct k8s_check k8s_check_rbac = {
	.name = "rbac",
	.finish = rbac_finish,
	.config_keys = rbac_keys,
};
