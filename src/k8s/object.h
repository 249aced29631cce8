/*
 * object.h - the Kubernetes object model every check works on.
 *
 * A struct k8s_object is built from one loaded document (or one item of a
 * List) while its tree is in memory.  It resolves what every rule would
 * otherwise resolve on its own, the same way for all of them:
 *
 *   - apiVersion split into group and version, kind, name, labels,
 *     annotations, file, line, the "# Source:" template of helm output;
 *   - the effective namespace (reference §2.1.4): metadata.namespace, else
 *     --assume-namespace / HELM_NAMESPACE, else the pseudo-namespace
 *     "<unset>", which is NOT "default"; cluster-scoped kinds have none;
 *   - the pod template, from a data table of kinds (incl. deprecated
 *     group/versions and DeploymentConfig/Rollout): pod spec, template
 *     labels, replicas, Windows pods;
 *   - containers by class (§2.1.2): C app, I init, S sidecar (init with
 *     restartPolicy: Always), E ephemeral;
 *   - the effective security context of a container (§2.1.3);
 *   - label selectors exactly as the API evaluates them (§2.1.6).
 *
 * Strings of an object are borrowed from the document or allocated in its
 * scratch arena: both stay valid until the document is done.  Data a
 * cross-object check needs later must be copied with the k8s_keep_*
 * helpers of check.h (labels, selectors and refs below have keep forms).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_K8S_OBJECT_H
#define RAMPART_K8S_OBJECT_H

#include <stddef.h>
#include <stdint.h>

#include "core/waiver.h"
#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"
#include "util/yload.h"
#include "util/ynode.h"

/* The pseudo-namespace of namespaced objects that set none (§2.1.4). */
#define K8S_NS_UNSET "<unset>"

/* What a finding is about: enough to report on it after the document. */
struct k8s_ref {
	const char *file;    /* input name ("<stdin>" for standard input) */
	unsigned line;       /* first line of the object */
	const char *kind;    /* "Deployment" */
	const char *ns;      /* effective namespace; NULL if cluster-scoped */
	const char *name;    /* metadata.name ("<unnamed>" when missing) */
	const char *display; /* "Deployment shop/web", "ClusterRole view" */
	struct waiver *waivers; /* from the rampart.io/waive annotation */
	size_t nwaivers;
};

/* Behaviour of a kind that carries a pod template. */
enum k8s_wl_flag {
	K8S_WL_REPLICAS = 1 << 0,   /* has spec.replicas (unset means 1) */
	K8S_WL_BATCH = 1 << 1,      /* Job/CronJob: runs to completion */
	K8S_WL_DAEMON = 1 << 2,     /* DaemonSet: one pod per node */
	K8S_WL_BARE_POD = 1 << 3,   /* a Pod itself */
	K8S_WL_TEMPLATE = 1 << 4,   /* PodTemplate: never runs by itself */
	K8S_WL_EXTENSION = 1 << 5,  /* CRD kinds (DeploymentConfig, Rollout) */
	K8S_WL_DEPRECATED = 1 << 6, /* group/version removed upstream */
};

/* One row of the pod-template table (reference §2.1.1). */
struct k8s_workload_kind {
	const char *group;   /* "" for the core group */
	const char *version; /* NULL = any version of the group */
	const char *kind;
	const char *spec_path; /* "spec.template.spec" */
	const char *meta_path; /* "spec.template.metadata" */
	unsigned flags;        /* enum k8s_wl_flag */
};

enum k8s_cclass {
	K8S_C_APP = 1 << 0,  /* spec.containers[] */
	K8S_C_INIT = 1 << 1, /* spec.initContainers[], run to completion */
	K8S_C_SIDECAR =
	    1 << 2, /* spec.initContainers[], restartPolicy Always */
	K8S_C_EPHEMERAL = 1 << 3, /* spec.ephemeralContainers[] */
};
#define K8S_C_ALL (K8S_C_APP | K8S_C_INIT | K8S_C_SIDECAR | K8S_C_EPHEMERAL)
/* The classes whose ports, resources and probes the API accepts. */
#define K8S_C_RUNNING (K8S_C_APP | K8S_C_SIDECAR)

struct k8s_container {
	const struct ynode *node; /* the container map */
	enum k8s_cclass cls;
	size_t index;     /* index in its list */
	const char *list; /* "containers", "initContainers", ... */
	const char *name; /* "" when missing */
	const char *path; /* "spec.template.spec.containers[0]" */
};

/* Where an effective security-context value came from. */
enum k8s_sc_from {
	K8S_SC_UNSET,
	K8S_SC_CONTAINER,
	K8S_SC_POD,
};

struct k8s_object {
	struct k8s_ref ref;       /* file, line, display, waivers */
	const struct ynode *root; /* the whole object */
	struct arena *scratch;    /* the document's arena */
	const struct ydoc *doc;   /* index, list item, diagnostics */
	const char *source;       /* "# Source:" template of helm, or NULL */
	int32_t item;             /* index in a List's items[], or -1 */

	const char *api_version; /* "apps/v1" as written */
	const char *group;       /* "apps"; "" for the core group */
	const char *version;     /* "v1" */
	const char *kind;
	const char *name;
	const char *ns;  /* as ref.ns */
	int ns_explicit; /* metadata.namespace was set */
	int cluster_scoped;
	const struct ynode *metadata;
	const struct ynode *labels;      /* metadata.labels, or NULL */
	const struct ynode *annotations; /* metadata.annotations, or NULL */

	/* Pod template: all NULL/0 unless wl is set. */
	const struct k8s_workload_kind *wl;
	const struct ynode *pod_spec;   /* the PodSpec map */
	const struct ynode *pod_meta;   /* template metadata (the Pod's own) */
	const struct ynode *pod_labels; /* template labels, or NULL */
	const char *pod_spec_path;      /* "spec.template.spec" */
	long long replicas;             /* effective; 1 when unset */
	int replicas_set;
	int windows;                      /* spec.os.name: windows */
	struct k8s_container *containers; /* all classes, in list order */
	size_t ncontainers;
};

/*
 * The pod-template table (built-in rows, then the extension rows).  Returns
 * the row for group/version/kind, or NULL when the kind has no pod
 * template.
 */
const struct k8s_workload_kind *k8s_workload_kind(const char *group,
    const char *version, const char *kind);

/*
 * The apiVersion a kind has in Kubernetes when an object omits it ("v1"
 * for Pod, "apps/v1" for Deployment), for the pod-template kinds; NULL
 * when the kind is not known.
 */
const char *k8s_guess_api_version(const char *kind);

/* True for kinds that ignore metadata.namespace (Namespace, ClusterRole...). */
int k8s_kind_cluster_scoped(const char *group, const char *kind);

/*
 * A deprecated or removed group/version of kind: fills *replacement (e.g.
 * "apps/v1") and *removed ("1.16"; "" if only deprecated) and returns 1;
 * returns 0 for current APIs.
 */
int k8s_api_deprecated(const char *group, const char *version, const char *kind,
    const char **replacement /* OUT */, const char **removed /* OUT */);

/* Options of object resolution (from struct k8s_opts). */
struct k8s_object_opts {
	const char *assume_namespace; /* NULL: "<unset>" */
	/* More pod-template kinds (k8s: workload-kinds:), tried first. */
	const struct k8s_workload_kind *extra_kinds;
	size_t nextra_kinds;
};

/*
 * Read the k8s: workload-kinds: list of the configuration into *out
 * (allocated in a; strings borrowed from the configuration):
 *
 *   workload-kinds:
 *   - apiVersion: apps.example.com/v1   # a version of * matches any
 *     kind: WebApp
 *     podSpec: spec.template.spec
 *     podMetadata: spec.template.metadata   # optional, this default
 *     replicas: true                        # has spec.replicas
 *
 * Returns 0, or RP_EINVAL with d naming the entry.
 */
int k8s_workload_kinds_config(const struct ynode *list, struct arena *a,
    struct k8s_workload_kind **out /* OUT */, size_t *n /* OUT */,
    struct rp_diag *d) RP_MUST_CHECK;

/*
 * Build obj from root (a map with apiVersion and kind; the caller has
 * checked).  kind and api_version, when not NULL, override the document's
 * (typed List items that lack them).  Strings are borrowed from the tree or
 * allocated in scratch.  Never fails; waivers are not parsed here (the
 * scan does that, see k8s_object_waivers()).
 */
void k8s_object_init(struct k8s_object *obj, const struct ydoc *doc,
    const struct ynode *root, const char *kind, const char *api_version,
    struct arena *scratch, const struct k8s_object_opts *opts);

/*
 * Parse the rampart.io/waive annotation of obj into obj->ref.waivers
 * (heap; k8s_object_release() frees them).  Returns 0, or RP_EPARSE with
 * d filled when the annotation is malformed (the waivers that parsed are
 * kept).
 */
int k8s_object_waivers(struct k8s_object *obj, struct rp_diag *d) RP_MUST_CHECK;

/* Free what k8s_object_waivers() allocated. */
void k8s_object_release(struct k8s_object *obj);

/* Split "apps/v1" into group and version ("v1" → "" and "v1"). */
void k8s_split_api_version(const char *api_version, struct arena *a,
    const char **group /* OUT */, const char **version /* OUT */);

/*
 * Container iteration over the classes in mask (enum k8s_cclass bits), in
 * the order containers, initContainers, ephemeralContainers.
 */
struct k8s_citer {
	const struct k8s_object *obj;
	unsigned mask;
	int list; /* 0 containers, 1 initContainers, 2 ephemeralContainers */
	size_t i;
};

void k8s_citer_init(struct k8s_citer *it, const struct k8s_object *obj,
    unsigned mask);

/* 1 and *c filled (path in the scratch arena), or 0 at the end. */
int k8s_citer_next(struct k8s_citer *it, struct k8s_container *c /* OUT */);

/* Short class name: "container", "init container", "sidecar", ... */
const char *k8s_cclass_name(enum k8s_cclass cls);

/*
 * The effective value of securityContext field (a dotted path such as
 * "runAsNonRoot" or "seccompProfile.type") for container c: the
 * container's value when set (not null), else the pod's for fields that
 * exist at pod level (runAsNonRoot, runAsUser, runAsGroup, seccompProfile,
 * appArmorProfile, seLinuxOptions, windowsOptions).  Returns NULL when
 * unset at both levels.  *from and *path (both optional) say where the
 * value was found; with the value unset, *path names the container field.
 * Building *path costs a formatted string: on hot paths pass NULL and call
 * k8s_sc_path() once a finding needs it.
 */
const struct ynode *k8s_sc_get(const struct k8s_object *obj,
    const struct k8s_container *c, const char *field,
    enum k8s_sc_from *from /* OUT */, const char **path /* OUT */);

/* The field path of a value k8s_sc_get() found at from (scratch). */
const char *k8s_sc_path(const struct k8s_object *obj,
    const struct k8s_container *c, const char *field, enum k8s_sc_from from);

/* The pod-level field path: "<pod_spec_path>.<suffix>" in scratch. */
const char *k8s_pod_path(const struct k8s_object *obj, const char *suffix);

/* The container field path: "<c->path>.<suffix>" in scratch. */
const char *k8s_cpath(const struct k8s_object *obj,
    const struct k8s_container *c, const char *suffix);

/*
 * Value readers that apply the coercion of §2.3: a quoted "true" is true,
 * "80" is 80 (the schema check reports the type error separately).  They
 * return 1 and fill *out when the node holds a usable value, else 0 (unset,
 * null or not convertible).
 */
int k8s_get_bool(const struct ynode *n, int *out /* OUT */);
int k8s_get_int(const struct ynode *n, long long *out /* OUT */);

/* Labels as a compact, sorted array of key/value pairs. */
struct k8s_labels {
	const char **kv; /* key0, value0, key1, value1, ... */
	size_t n;        /* pairs */
};

/*
 * Copy the string-valued pairs of map (metadata.labels) into a; values that
 * are not scalars are skipped.  A NULL map gives an empty set.
 */
void k8s_labels_from(struct k8s_labels *out /* OUT */, struct arena *a,
    const struct ynode *map);

/* Value of key, or NULL. */
const char *k8s_labels_get(const struct k8s_labels *l, const char *key);

/* Label selectors (§2.1.6). */
enum k8s_selop {
	K8S_SEL_IN,
	K8S_SEL_NOTIN,
	K8S_SEL_EXISTS,
	K8S_SEL_DOESNOTEXIST,
};

struct k8s_selreq {
	const char *key;
	enum k8s_selop op;
	const char **values;
	size_t nvalues;
};

struct k8s_selector {
	struct k8s_selreq *req;
	size_t n;
	int present; /* the selector field existed (and was not null) */
	int invalid; /* bad operator or shape: the API would reject it */
};

/* What an empty selector ({} or {matchLabels: {}}) selects. */
enum k8s_sel_empty {
	K8S_EMPTY_ALL,  /* NetworkPolicy podSelector, PDB policy/v1 */
	K8S_EMPTY_NONE, /* PDB policy/v1beta1 */
};

/*
 * Compile a LabelSelector node (matchLabels + matchExpressions) into a.
 * node NULL or null gives present = 0.  A plain map selector (Service
 * spec.selector, ReplicationController) is compiled with
 * k8s_selector_from_map().
 */
void k8s_selector_compile(struct k8s_selector *out /* OUT */, struct arena *a,
    const struct ynode *node);
void k8s_selector_from_map(struct k8s_selector *out /* OUT */, struct arena *a,
    const struct ynode *map);

/*
 * True when the selector selects an object with labels l.  A selector that
 * is not present or invalid selects nothing; an empty one follows empty.
 */
int k8s_selector_matches(const struct k8s_selector *s,
    const struct k8s_labels *l, enum k8s_sel_empty empty);

/* True when the selector has no requirements (present and empty). */
int k8s_selector_empty(const struct k8s_selector *s);

/* Normalise a Linux path: duplicate and trailing '/', '.', '..'. */
const char *k8s_path_normalise(struct arena *a, const char *path);

#endif
