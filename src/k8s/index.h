/*
 * index.h - the cross-object index of the Kubernetes target (reference
 * §2.1.7): compact summaries of the objects that rules relating several
 * objects need, kept per namespace or cluster-wide until every input is
 * read.
 *
 * The index check (listed before the cross-object checks in k8s_checks[])
 * records a summary of each relevant object while its document is in
 * memory; the finish hooks of rbac.c, netpol.c, sa.c, ha.c, ns.c and svc.c
 * read it.  Summaries hold names, labels, selectors and the handful of
 * fields the rules use, never document trees, and live in ctx->keep.
 *
 * Every relation is evaluated within the scanned set: "no NetworkPolicy in
 * the scanned files selects this pod" is what the index can say, and the
 * rules say exactly that.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_K8S_INDEX_H
#define RAMPART_K8S_INDEX_H

#include <stddef.h>

#include "k8s/check.h"
#include "k8s/object.h"
#include "k8s/rbac.h"

/* Append e to a list that has first, last and n members. */
#define KX_APPEND(l, e)                        \
	do {                                   \
		(e)->next = NULL;              \
		if ((l)->last != NULL)         \
			(l)->last->next = (e); \
		else                           \
			(l)->first = (e);      \
		(l)->last = (e);               \
		(l)->n++;                      \
	} while (0)

#define KX_LIST(type)               \
	struct {                    \
		struct type *first; \
		struct type *last;  \
		size_t n;           \
	}

/* A subject of a (Cluster)RoleBinding. */
enum kx_subject_kind {
	KX_SUBJ_USER,
	KX_SUBJ_GROUP,
	KX_SUBJ_SA,
	KX_SUBJ_OTHER,
};

struct kx_subject {
	enum kx_subject_kind kind;
	const char *name;
	const char *ns; /* ServiceAccount namespace (defaulted), or NULL */
	int ns_missing; /* SA without namespace in a ClusterRoleBinding */
	unsigned line;
};

struct kx_role {
	struct kx_role *next;
	const struct k8s_ref *ref; /* NULL for built-in roles */
	int cluster;               /* ClusterRole */
	const char *ns;            /* Role: namespace */
	const char *name;
	struct k8s_labels labels;
	int bootstrap; /* kubernetes.io/bootstrapping: rbac-defaults */
	struct rbac_rule *rules;
	size_t nrules;
	struct k8s_selector *agg; /* aggregationRule.clusterRoleSelectors */
	size_t nagg;
	int has_agg;

	/* evaluation state (rbac.c) */
	int used;      /* bound, or aggregated into a bound role */
	int resolving; /* cycle guard while aggregating */
	struct rbac_eff *eff;
};

struct kx_binding {
	struct kx_binding *next;
	const struct k8s_ref *ref;
	int cluster; /* ClusterRoleBinding */
	const char *ns;
	const char *name;
	int bootstrap;
	const char *role_kind; /* "Role" or "ClusterRole" */
	const char *role_name;
	unsigned role_line;
	struct kx_subject *subjects;
	size_t nsubjects;
};

struct kx_sa {
	struct kx_sa *next;
	const struct k8s_ref *ref;
	const char *name;
	int automount; /* -1 unset, 0 false, 1 true */
	size_t users;  /* pod templates naming it */
};

/* A pod template (workload) and the few fields cross-object rules need. */
struct kx_port {
	const char *name;
	long long port;
};

struct kx_volume {
	const char *secret; /* secret.secretName */
	unsigned line;
	unsigned index; /* in volumes[] */
};

struct kx_workload {
	struct kx_workload *next;
	const struct k8s_ref *ref;
	const char *spec_path; /* "spec.template.spec" */
	const char *meta_path; /* "spec.template.metadata" (static) */
	const char *group;     /* API group of the workload kind */
	const char *kind;
	unsigned wl_flags;        /* enum k8s_wl_flag */
	struct k8s_labels labels; /* template labels */
	const char *app;          /* application id, or NULL */
	const char *sa;           /* effective service account name */
	int automount;            /* pod field: -1 unset, 0, 1 */
	unsigned automount_line;
	int projected_token; /* projected serviceAccountToken volume */
	unsigned projected_line;
	unsigned projected_index;      /* in volumes[] */
	struct kx_volume *secret_vols; /* secret volumes */
	size_t nsecret_vols;
	int host_network;
	long long replicas; /* effective; 1 when unset */
	int replicas_set;
	struct kx_port *ports; /* named container ports */
	size_t nports;
	int control_plane; /* looks like an API server or etcd pod */

	/* isolated by a NetworkPolicy of its namespace (netpol.c finish) */
	unsigned char np_in, np_out;

	/* ha.c finish: its autoscaler and the budgets covering it */
	const struct kx_hpa *hpa;
	const struct kx_pdb *pdbs[2]; /* the first two */
	unsigned npdb;

	/* zone spread verdict, computed while the document was loaded */
	int spread;              /* enum kx_spread */
	const char *spread_note; /* detail for the message */
	unsigned spread_line;
};

enum kx_spread {
	KX_SPREAD_NONE,
	KX_SPREAD_HOST_ONLY, /* hostname key only: node-level */
	KX_SPREAD_ZONE_SOFT, /* zone key, ScheduleAnyway or preferred */
	KX_SPREAD_ZONE,
};

/* One ingress or egress rule of a NetworkPolicy. */
struct kx_np_rule {
	unsigned line;
	unsigned index;
	int any_peer;    /* no from/to: every source or destination */
	int ns_all;      /* a peer that is only namespaceSelector: {} */
	int pod_all;     /* a peer that is only podSelector: {} */
	int ipblock_all; /* ipBlock 0.0.0.0/0 or ::/0 without except */
	int all_ports;   /* no ports, or ports covering every port */
	int cross_ns;    /* a peer with a namespaceSelector */
};

struct kx_netpol {
	struct kx_netpol *next;
	const struct k8s_ref *ref;
	struct k8s_selector selector; /* spec.podSelector */
	int ingress, egress;          /* effective policyTypes */
	int types_inferred;           /* policyTypes absent */
	struct kx_np_rule *in_rules, *out_rules;
	size_t nin, nout;
	int selects; /* pod templates it selects (finish) */
};

/* CNI-specific and admin policies: coverage only, approximated. */
enum kx_cni_kind {
	KX_CNI_CILIUM,
	KX_CNI_CILIUM_CLUSTER,
	KX_CNI_CALICO,
	KX_CNI_CALICO_GLOBAL,
	KX_CNI_ANP,
	KX_CNI_BANP,
};

struct kx_cnipol {
	struct kx_cnipol *next;
	const struct k8s_ref *ref;
	enum kx_cni_kind kind;
	const char *group; /* API group (kinds share names across CNIs) */
	const char *ns;    /* NULL for cluster-wide kinds */
	int all_pods;      /* selects every pod (of a namespace) */
	struct k8s_selector selector;    /* pods, when a label selector */
	int selector_known;              /* selector could be evaluated */
	struct k8s_selector ns_selector; /* cluster-wide: namespaces */
	int ns_all;                      /* every namespace */
	int ingress, egress;             /* directions it isolates */
	int deny_ingress, deny_egress;   /* counts as a default deny */
};

struct kx_pdb {
	struct kx_pdb *next;
	const struct k8s_ref *ref;
	int v1; /* policy/v1 (empty selects all) */
	struct k8s_selector selector;
	int has_min, has_max;
	long long min_val, max_val; /* integer, or percent when *_pct */
	int min_pct, max_pct;
	unsigned min_line, max_line;
	struct kx_wlref *sel; /* what it selects (ha.c finish, scratch) */
	size_t nsel;
};

struct kx_hpa {
	struct kx_hpa *next;
	const struct k8s_ref *ref;
	const char *target_group;
	const char *target_kind;
	const char *target_name;
	long long min_replicas;
};

struct kx_svc_port {
	const char *name;
	long long port, node_port, target_num;
	const char *target_name; /* named targetPort */
	unsigned line;
	unsigned index;
};

struct kx_service {
	struct kx_service *next;
	const struct k8s_ref *ref;
	const char *type;             /* "ClusterIP" when unset */
	int headless;                 /* clusterIP: None */
	int external_ips;             /* number of spec.externalIPs */
	struct k8s_selector selector; /* from the plain map */
	struct kx_svc_port *ports;
	size_t nports;
	unsigned line;
};

/* A Namespace object of the input. */
struct kx_nsobj {
	const struct k8s_ref *ref;
	struct k8s_labels labels;
};

/*
 * A hash set of strings with a value per string, so that grouping n
 * objects stays linear.  Its table lives in the arena given to
 * kx_set_init() (ctx->scratch in finish hooks, ctx->keep for the index).
 */
struct kx_set_ent {
	const char *key;
	void *val;
};

struct kx_set {
	struct arena *arena;
	struct kx_set_ent *tab;
	size_t size, n;
};

/* Start an empty set whose table is allocated in a. */
void kx_set_init(struct kx_set *s, struct arena *a);

/*
 * The entry for key, added (with val NULL) when absent; *added says which.
 * key is borrowed: it must outlive the set.
 */
struct kx_set_ent *kx_set_add(struct kx_set *s, const char *key,
    int *added /* OUT, may be NULL */);

/* Everything known about one namespace. */
struct kx_ns {
	struct kx_ns *next; /* in first-seen order */
	struct kx_ns *hash_next;
	const char *name;
	struct kx_nsobj *obj; /* NULL when no Namespace object was scanned */
	size_t nquota, nlimitrange;
	KX_LIST(kx_workload) workloads;
	KX_LIST(kx_sa) sas;
	KX_LIST(kx_netpol) netpols;
	KX_LIST(kx_cnipol) cnipols;
	KX_LIST(kx_pdb) pdbs;
	KX_LIST(kx_hpa) hpas;
	KX_LIST(kx_service) services;
	KX_LIST(kx_role) roles;
	const char **token_secrets; /* Secrets of type service-account-token */
	size_t ntoken_secrets, token_secrets_alloc;
};

struct kx_bucket {
	struct kx_ns *head;
};

struct kx_index {
	struct kx_bucket *tab; /* hash table of namespaces by name */
	size_t tab_size, nns;
	struct kx_ns *first, *last;

	KX_LIST(kx_role) croles;
	KX_LIST(kx_binding) bindings; /* RoleBindings and ClusterRoleBindings */
	KX_LIST(kx_cnipol) cluster_cnipols;
	size_t nnetpols; /* NetworkPolicies of any namespace */
	size_t ncnipols; /* CNI-specific policies of any scope */
	size_t ncrds;    /* CustomResourceDefinitions */
	int needed;      /* 0 unknown, 1 some rule reads the index, -1 none */
	struct kx_set strings;                 /* kx_intern() */
	const struct k8s_ref *backup_evidence; /* first backup CRD/CronJob */
	const char *backup_what;
};

/*
 * The workloads of one namespace bucketed by label, so that finding what a
 * selector selects costs the size of its smallest matchLabels bucket, not
 * the size of the namespace.  Built in ctx->scratch (valid until the
 * finish hook returns).
 */
struct kx_wlref {
	struct kx_workload *w;
};

struct kx_buckets {
	const struct kx_ns *ns;
	struct kx_set set; /* "key\037value" -> its workloads */
};

void kx_buckets_build(struct k8s_ctx *ctx, const struct kx_ns *ns,
    struct kx_buckets *b /* OUT */);

/*
 * The workloads of b's namespace that sel selects (an empty selector
 * following empty), as an array in ctx->scratch; returns their number.
 */
size_t kx_selected(struct k8s_ctx *ctx, const struct kx_buckets *b,
    const struct k8s_selector *sel, enum k8s_sel_empty empty,
    struct kx_wlref **out /* OUT */);

/*
 * s as a string in ctx->keep, shared with every earlier call for the same
 * text (names, label keys and values repeat across many objects).  NULL
 * gives NULL.
 */
const char *kx_intern(struct k8s_ctx *ctx, const char *s);

/* The index of this scan (created on first use). */
struct kx_index *kx_index(struct k8s_ctx *ctx);

/* The namespace called name, created when create is set (else NULL). */
struct kx_ns *kx_ns_get(struct k8s_ctx *ctx, const char *name, int create);

/*
 * The application id of a label set: the first label present among the
 * configured keys (k8s.app-labels; default app.kubernetes.io/part-of,
 * app.kubernetes.io/name, app, k8s-app), or NULL.
 */
const char *kx_app_id(struct k8s_ctx *ctx, const struct k8s_labels *l);

/*
 * Where another object (or a line of it) is, seen from subj: "line 12" in
 * the same file, else "file:12".  In ctx->scratch.
 */
const char *kx_where(struct k8s_ctx *ctx, const struct k8s_ref *subj,
    const struct k8s_ref *other, unsigned line);

/*
 * The subject of a finding about namespace ns: its Namespace object, or,
 * when none was scanned, "Namespace NAME" at the first workload that names
 * it (in ctx->scratch).
 */
const struct k8s_ref *kx_ns_ref(struct k8s_ctx *ctx, const struct kx_ns *ns);

/* Copy a sequence of scalars into keep; non-scalars are skipped. */
const char **kx_keep_strv(struct k8s_ctx *ctx, const struct ynode *seq,
    size_t *n /* OUT */);

/* The index's object hook and table entry. */
extern const struct k8s_check k8s_check_index;

#endif
