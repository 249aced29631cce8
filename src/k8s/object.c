/*
 * object.c - the Kubernetes object model: kinds, namespaces, pod
 * templates, containers, effective security context, label selectors.
 *
 * The kind tables are data: pod-template kinds (reference §2.1.1),
 * cluster-scoped kinds (§2.1.4) and deprecated group/versions.
 *
 * SPDX-License-Identifier: MIT
 */
#include "k8s/object.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

#include "util/banned.h"

#define POD_T "spec.template.spec"
#define POD_M "spec.template.metadata"

static const struct k8s_workload_kind workload_kinds[] = {
	{ "", NULL, "Pod", "spec", "metadata", K8S_WL_BARE_POD },
	{ "", NULL, "PodTemplate", "template.spec", "template.metadata",
	    K8S_WL_TEMPLATE },
	{ "", NULL, "ReplicationController", POD_T, POD_M, K8S_WL_REPLICAS },
	{ "apps", NULL, "Deployment", POD_T, POD_M, K8S_WL_REPLICAS },
	{ "apps", NULL, "StatefulSet", POD_T, POD_M, K8S_WL_REPLICAS },
	{ "apps", NULL, "ReplicaSet", POD_T, POD_M, K8S_WL_REPLICAS },
	{ "apps", NULL, "DaemonSet", POD_T, POD_M, K8S_WL_DAEMON },
	{ "extensions", NULL, "Deployment", POD_T, POD_M,
	    K8S_WL_REPLICAS | K8S_WL_DEPRECATED },
	{ "extensions", NULL, "ReplicaSet", POD_T, POD_M,
	    K8S_WL_REPLICAS | K8S_WL_DEPRECATED },
	{ "extensions", NULL, "DaemonSet", POD_T, POD_M,
	    K8S_WL_DAEMON | K8S_WL_DEPRECATED },
	{ "batch", NULL, "Job", POD_T, POD_M, K8S_WL_BATCH },
	{ "batch", NULL, "CronJob", "spec.jobTemplate.spec.template.spec",
	    "spec.jobTemplate.spec.template.metadata", K8S_WL_BATCH },
	/* Extension kinds with the same layout (kube-linter, checkov). */
	{ "apps.openshift.io", NULL, "DeploymentConfig", POD_T, POD_M,
	    K8S_WL_REPLICAS | K8S_WL_EXTENSION },
	{ "argoproj.io", NULL, "Rollout", POD_T, POD_M,
	    K8S_WL_REPLICAS | K8S_WL_EXTENSION },
};

const struct k8s_workload_kind *
k8s_workload_kind(const char *group, const char *version, const char *kind)
{
	size_t i;

	if (kind == NULL)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(workload_kinds); i++) {
		const struct k8s_workload_kind *w = &workload_kinds[i];

		if (strcmp(w->kind, kind) != 0 || strcmp(w->group, group) != 0)
			continue;
		if (w->version != NULL &&
		    (version == NULL || strcmp(w->version, version) != 0))
			continue;
		return w;
	}
	return NULL;
}

const char *
k8s_guess_api_version(const char *kind)
{
	static const struct {
		const char *kind, *api;
	} known[] = {
		{ "Pod", "v1" },
		{ "PodTemplate", "v1" },
		{ "ReplicationController", "v1" },
		{ "Deployment", "apps/v1" },
		{ "StatefulSet", "apps/v1" },
		{ "ReplicaSet", "apps/v1" },
		{ "DaemonSet", "apps/v1" },
		{ "Job", "batch/v1" },
		{ "CronJob", "batch/v1" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (strcmp(known[i].kind, kind) == 0)
			return known[i].api;
	return NULL;
}

/* Kinds that ignore metadata.namespace. */
static const struct {
	const char *group;
	const char *kind; /* NULL = every kind of the group */
} cluster_kinds[] = {
	{ "", "Namespace" },
	{ "", "Node" },
	{ "", "PersistentVolume" },
	{ "", "ComponentStatus" },
	{ "rbac.authorization.k8s.io", "ClusterRole" },
	{ "rbac.authorization.k8s.io", "ClusterRoleBinding" },
	{ "storage.k8s.io", "StorageClass" },
	{ "storage.k8s.io", "CSIDriver" },
	{ "storage.k8s.io", "CSINode" },
	{ "storage.k8s.io", "VolumeAttachment" },
	{ "storage.k8s.io", "VolumeAttributesClass" },
	{ "apiextensions.k8s.io", "CustomResourceDefinition" },
	{ "apiregistration.k8s.io", "APIService" },
	{ "admissionregistration.k8s.io", NULL },
	{ "scheduling.k8s.io", "PriorityClass" },
	{ "node.k8s.io", "RuntimeClass" },
	{ "networking.k8s.io", "IngressClass" },
	{ "networking.k8s.io", "IPAddress" },
	{ "networking.k8s.io", "ServiceCIDR" },
	{ "certificates.k8s.io", "CertificateSigningRequest" },
	{ "certificates.k8s.io", "ClusterTrustBundle" },
	{ "policy", "PodSecurityPolicy" },
	{ "extensions", "PodSecurityPolicy" },
	{ "flowcontrol.apiserver.k8s.io", NULL },
	{ "authentication.k8s.io", NULL },
	{ "authorization.k8s.io", "SelfSubjectAccessReview" },
	{ "authorization.k8s.io", "SelfSubjectRulesReview" },
	{ "authorization.k8s.io", "SubjectAccessReview" },
	{ "resource.k8s.io", "DeviceClass" },
	{ "resource.k8s.io", "ResourceSlice" },
	{ "snapshot.storage.k8s.io", "VolumeSnapshotClass" },
	{ "snapshot.storage.k8s.io", "VolumeSnapshotContent" },
	{ "policy.networking.k8s.io", "AdminNetworkPolicy" },
	{ "policy.networking.k8s.io", "BaselineAdminNetworkPolicy" },
	{ "cilium.io", "CiliumClusterwideNetworkPolicy" },
	{ "crd.projectcalico.org", "GlobalNetworkPolicy" },
	{ "projectcalico.org", "GlobalNetworkPolicy" },
	{ "kyverno.io", "ClusterPolicy" },
	{ "templates.gatekeeper.sh", NULL },
	{ "constraints.gatekeeper.sh", NULL },
	{ "cert-manager.io", "ClusterIssuer" },
	{ "config.openshift.io", NULL },
};

int
k8s_kind_cluster_scoped(const char *group, const char *kind)
{
	size_t i;

	if (kind == NULL)
		return 0;
	for (i = 0; i < ARRAY_SIZE(cluster_kinds); i++) {
		if (strcmp(cluster_kinds[i].group, group) != 0)
			continue;
		if (cluster_kinds[i].kind == NULL ||
		    strcmp(cluster_kinds[i].kind, kind) == 0)
			return 1;
	}
	return 0;
}

/*
 * Removed or deprecated group/versions (Kubernetes deprecated API
 * migration guide).  kind NULL = every kind of that group/version.
 */
static const struct {
	const char *group, *version, *kind;
	const char *replacement;
	const char *removed;
} deprecated_apis[] = {
	{ "extensions", "v1beta1", "Deployment", "apps/v1", "1.16" },
	{ "extensions", "v1beta1", "DaemonSet", "apps/v1", "1.16" },
	{ "extensions", "v1beta1", "ReplicaSet", "apps/v1", "1.16" },
	{ "extensions", "v1beta1", "NetworkPolicy", "networking.k8s.io/v1",
	    "1.16" },
	{ "extensions", "v1beta1", "PodSecurityPolicy",
	    "Pod Security Admission", "1.16" },
	{ "extensions", "v1beta1", "Ingress", "networking.k8s.io/v1", "1.22" },
	{ "apps", "v1beta1", NULL, "apps/v1", "1.16" },
	{ "apps", "v1beta2", NULL, "apps/v1", "1.16" },
	{ "batch", "v1beta1", "CronJob", "batch/v1", "1.25" },
	{ "batch", "v2alpha1", "CronJob", "batch/v1", "1.21" },
	{ "policy", "v1beta1", "PodDisruptionBudget", "policy/v1", "1.25" },
	{ "policy", "v1beta1", "PodSecurityPolicy", "Pod Security Admission",
	    "1.25" },
	{ "networking.k8s.io", "v1beta1", NULL, "networking.k8s.io/v1",
	    "1.22" },
	{ "rbac.authorization.k8s.io", "v1beta1", NULL,
	    "rbac.authorization.k8s.io/v1", "1.22" },
	{ "rbac.authorization.k8s.io", "v1alpha1", NULL,
	    "rbac.authorization.k8s.io/v1", "1.22" },
	{ "apiextensions.k8s.io", "v1beta1", NULL, "apiextensions.k8s.io/v1",
	    "1.22" },
	{ "apiregistration.k8s.io", "v1beta1", NULL,
	    "apiregistration.k8s.io/v1", "1.22" },
	{ "admissionregistration.k8s.io", "v1beta1",
	    "MutatingWebhookConfiguration", "admissionregistration.k8s.io/v1",
	    "1.22" },
	{ "admissionregistration.k8s.io", "v1beta1",
	    "ValidatingWebhookConfiguration", "admissionregistration.k8s.io/v1",
	    "1.22" },
	{ "scheduling.k8s.io", "v1beta1", NULL, "scheduling.k8s.io/v1",
	    "1.22" },
	{ "coordination.k8s.io", "v1beta1", NULL, "coordination.k8s.io/v1",
	    "1.22" },
	{ "certificates.k8s.io", "v1beta1", NULL, "certificates.k8s.io/v1",
	    "1.22" },
	{ "authentication.k8s.io", "v1beta1", NULL, "authentication.k8s.io/v1",
	    "1.22" },
	{ "authorization.k8s.io", "v1beta1", NULL, "authorization.k8s.io/v1",
	    "1.22" },
	{ "storage.k8s.io", "v1beta1", "CSIStorageCapacity",
	    "storage.k8s.io/v1", "1.27" },
	{ "storage.k8s.io", "v1beta1", NULL, "storage.k8s.io/v1", "1.22" },
	{ "autoscaling", "v2beta1", NULL, "autoscaling/v2", "1.25" },
	{ "autoscaling", "v2beta2", NULL, "autoscaling/v2", "1.26" },
	{ "discovery.k8s.io", "v1beta1", NULL, "discovery.k8s.io/v1", "1.25" },
	{ "events.k8s.io", "v1beta1", NULL, "events.k8s.io/v1", "1.25" },
	{ "node.k8s.io", "v1beta1", NULL, "node.k8s.io/v1", "1.25" },
	{ "flowcontrol.apiserver.k8s.io", "v1beta1", NULL,
	    "flowcontrol.apiserver.k8s.io/v1", "1.26" },
	{ "flowcontrol.apiserver.k8s.io", "v1beta2", NULL,
	    "flowcontrol.apiserver.k8s.io/v1", "1.29" },
	{ "flowcontrol.apiserver.k8s.io", "v1beta3", NULL,
	    "flowcontrol.apiserver.k8s.io/v1", "1.32" },
};

int
k8s_api_deprecated(const char *group, const char *version, const char *kind,
    const char **replacement, const char **removed)
{
	size_t i;

	if (group == NULL || version == NULL)
		return 0;
	for (i = 0; i < ARRAY_SIZE(deprecated_apis); i++) {
		if (strcmp(deprecated_apis[i].group, group) != 0 ||
		    strcmp(deprecated_apis[i].version, version) != 0)
			continue;
		if (deprecated_apis[i].kind != NULL &&
		    (kind == NULL ||
		        strcmp(deprecated_apis[i].kind, kind) != 0))
			continue;
		*replacement = deprecated_apis[i].replacement;
		*removed = deprecated_apis[i].removed;
		return 1;
	}
	return 0;
}

int
k8s_workload_kinds_config(const struct ynode *list, struct arena *a,
    struct k8s_workload_kind **out, size_t *n, struct rp_diag *d)
{
	size_t i;

	*out = NULL;
	*n = 0;
	if (ynode_is_null(list))
		return 0;
	if (list->type != YNODE_SEQ)
		return rp_diag_fail(d, RP_EINVAL, "configuration", list->line,
		    "k8s: workload-kinds must be a list");
	*out = arena_calloc(a, list->n ? list->n : 1, sizeof(**out));
	for (i = 0; i < list->n; i++) {
		const struct ynode *e = list->u.items[i];
		struct k8s_workload_kind *w = &(*out)[i];
		const char *api = ynode_get_str(e, "apiVersion");
		const char *meta = ynode_get_str(e, "podMetadata");
		int b = 0;

		w->kind = ynode_get_str(e, "kind");
		w->spec_path = ynode_get_str(e, "podSpec");
		if (api == NULL || w->kind == NULL || w->spec_path == NULL)
			return rp_diag_fail(d, RP_EINVAL, "configuration",
			    e->line,
			    "k8s: workload-kinds entries need apiVersion, kind and podSpec");
		k8s_split_api_version(api, a, &w->group, &w->version);
		if (strcmp(w->version, "*") == 0)
			w->version = NULL;
		if (meta == NULL) {
			/* spec.template.spec -> spec.template.metadata */
			const char *dot = strrchr(w->spec_path, '.');

			meta = dot != NULL ?
			    arena_printf(a, "%.*s.metadata",
			        (int)(dot - w->spec_path), w->spec_path) :
			    "metadata";
		}
		w->meta_path = meta;
		w->flags = K8S_WL_EXTENSION;
		if (k8s_get_bool(ynode_get(e, "replicas"), &b) && b)
			w->flags |= K8S_WL_REPLICAS;
	}
	*n = list->n;
	return 0;
}

void
k8s_split_api_version(const char *api_version, struct arena *a,
    const char **group, const char **version)
{
	const char *slash;

	if (api_version == NULL) {
		*group = "";
		*version = "";
		return;
	}
	slash = strchr(api_version, '/');
	if (slash == NULL) {
		*group = "";
		*version = api_version;
		return;
	}
	*group = arena_strndup(a, api_version, (size_t)(slash - api_version));
	*version = slash + 1;
}

int
k8s_get_bool(const struct ynode *n, int *out)
{
	switch (ynode_bool(n, out)) {
	case YGET_OK:
	case YGET_YAML11:
	case YGET_COERCED:
		return 1;
	case YGET_UNSET:
	case YGET_INVALID:
		break;
	}
	return 0;
}

int
k8s_get_int(const struct ynode *n, long long *out)
{
	switch (ynode_int(n, out)) {
	case YGET_OK:
	case YGET_YAML11:
	case YGET_COERCED:
		return 1;
	case YGET_UNSET:
	case YGET_INVALID:
		break;
	}
	return 0;
}

static const char *
str_or_null(const struct ynode *n)
{
	if (n == NULL || n->type != YNODE_SCALAR || ynode_is_null(n))
		return NULL;
	return n->u.s;
}

static const struct ynode *
map_or_null(const struct ynode *n)
{
	return n != NULL && n->type == YNODE_MAP ? n : NULL;
}

static void
add_containers(struct k8s_object *obj, const char *list, int which,
    size_t *alloc)
{
	const struct ynode *seq = ynode_get(obj->pod_spec, list);
	size_t i;

	if (seq == NULL || seq->type != YNODE_SEQ)
		return;
	for (i = 0; i < seq->n; i++) {
		const struct ynode *c = seq->u.items[i];
		struct k8s_container *kc;

		if (c->type != YNODE_MAP)
			continue;
		if (obj->ncontainers == *alloc) {
			size_t na = *alloc ? *alloc * 2 : 8;
			struct k8s_container *nc =
			    arena_alloc(obj->scratch, na * sizeof(*nc));

			if (obj->ncontainers > 0)
				memcpy(nc, obj->containers,
				    obj->ncontainers * sizeof(*nc));
			obj->containers = nc;
			*alloc = na;
		}
		kc = &obj->containers[obj->ncontainers++];
		kc->node = c;
		kc->index = i;
		kc->list = list;
		kc->name = ynode_get_str(c, "name");
		if (kc->name == NULL)
			kc->name = "";
		if (which == 0) {
			kc->cls = K8S_C_APP;
		} else if (which == 2) {
			kc->cls = K8S_C_EPHEMERAL;
		} else {
			const char *rp = ynode_get_str(c, "restartPolicy");

			kc->cls = rp != NULL && strcmp(rp, "Always") == 0 ?
			    K8S_C_SIDECAR :
			    K8S_C_INIT;
		}
		kc->path = arena_printf(obj->scratch, "%s.%s[%zu]",
		    obj->pod_spec_path, list, i);
	}
}

void
k8s_object_init(struct k8s_object *obj, const struct ydoc *doc,
    const struct ynode *root, const char *kind, const char *api_version,
    struct arena *scratch, const struct k8s_object_opts *opts)
{
	const char *ns, *gen;
	size_t alloc = 0;

	memset(obj, 0, sizeof(*obj));
	obj->root = root;
	obj->scratch = scratch;
	obj->doc = doc;
	obj->item = doc != NULL ? doc->item : -1;
	obj->source = doc != NULL ? doc->source : NULL;
	obj->api_version = api_version != NULL ?
	    api_version :
	    str_or_null(ynode_get(root, "apiVersion"));
	obj->kind = kind != NULL ? kind : str_or_null(ynode_get(root, "kind"));
	if (obj->kind == NULL)
		obj->kind = "";
	k8s_split_api_version(obj->api_version, scratch, &obj->group,
	    &obj->version);
	if (obj->api_version == NULL)
		obj->api_version = "";
	obj->metadata = map_or_null(ynode_get(root, "metadata"));
	obj->labels = map_or_null(ynode_get(obj->metadata, "labels"));
	obj->annotations = map_or_null(ynode_get(obj->metadata, "annotations"));
	obj->name = str_or_null(ynode_get(obj->metadata, "name"));
	if (obj->name == NULL || obj->name[0] == '\0') {
		gen = str_or_null(ynode_get(obj->metadata, "generateName"));
		obj->name = gen != NULL ?
		    arena_printf(scratch, "%s<generated>", gen) :
		    "<unnamed>";
	}
	obj->cluster_scoped = k8s_kind_cluster_scoped(obj->group, obj->kind);
	ns = str_or_null(ynode_get(obj->metadata, "namespace"));
	if (ns != NULL && ns[0] != '\0')
		obj->ns_explicit = 1;
	if (obj->cluster_scoped)
		obj->ns = NULL;
	else if (obj->ns_explicit)
		obj->ns = ns;
	else if (opts != NULL && opts->assume_namespace != NULL)
		obj->ns = opts->assume_namespace;
	else
		obj->ns = K8S_NS_UNSET;

	obj->ref.file = doc != NULL ? doc->name : NULL;
	obj->ref.line = root->line;
	obj->ref.kind = obj->kind;
	obj->ref.ns = obj->ns;
	obj->ref.name = obj->name;
	if (obj->ns == NULL)
		obj->ref.display =
		    arena_printf(scratch, "%s %s", obj->kind, obj->name);
	else
		obj->ref.display = arena_printf(scratch, "%s %s/%s", obj->kind,
		    obj->ns, obj->name);
	if (obj->source != NULL)
		obj->ref.display = arena_printf(scratch, "%s (from %s)",
		    obj->ref.display, obj->source);

	if (opts != NULL) {
		size_t i;

		for (i = 0; i < opts->nextra_kinds && obj->wl == NULL; i++) {
			const struct k8s_workload_kind *w =
			    &opts->extra_kinds[i];

			if (strcmp(w->kind, obj->kind) == 0 &&
			    strcmp(w->group, obj->group) == 0 &&
			    (w->version == NULL ||
			        strcmp(w->version, obj->version) == 0))
				obj->wl = w;
		}
	}
	if (obj->wl == NULL)
		obj->wl =
		    k8s_workload_kind(obj->group, obj->version, obj->kind);
	if (obj->wl == NULL)
		return;
	obj->pod_spec = map_or_null(ynode_path(root, obj->wl->spec_path));
	if (obj->pod_spec == NULL)
		return;
	obj->pod_spec_path = obj->wl->spec_path;
	obj->pod_meta = map_or_null(ynode_path(root, obj->wl->meta_path));
	obj->pod_labels = map_or_null(ynode_get(obj->pod_meta, "labels"));
	obj->replicas = 1;
	if (obj->wl->flags & K8S_WL_REPLICAS) {
		const struct ynode *r = ynode_path(root, "spec.replicas");

		if (k8s_get_int(r, &obj->replicas))
			obj->replicas_set = 1;
		else
			obj->replicas = 1;
	}
	{
		const char *os =
		    str_or_null(ynode_path(obj->pod_spec, "os.name"));
		const char *sel = str_or_null(
		    ynode_get(ynode_get(obj->pod_spec, "nodeSelector"),
		        "kubernetes.io/os"));

		obj->windows = (os != NULL && strcmp(os, "windows") == 0) ||
		    (sel != NULL && strcmp(sel, "windows") == 0);
	}
	add_containers(obj, "containers", 0, &alloc);
	add_containers(obj, "initContainers", 1, &alloc);
	add_containers(obj, "ephemeralContainers", 2, &alloc);
}

int
k8s_object_waivers(struct k8s_object *obj, struct rp_diag *d)
{
	const char *v =
	    str_or_null(ynode_get(obj->annotations, "rampart.io/waive"));
	size_t alloc = 0;
	char *src;
	int r;

	if (v == NULL)
		return 0;
	src = xasprintf("rampart.io/waive on %s", obj->ref.display);
	r = waiver_parse_annotation(v, src, &obj->ref.waivers,
	    &obj->ref.nwaivers, &alloc, d);
	free(src);
	return r;
}

void
k8s_object_release(struct k8s_object *obj)
{
	size_t i;

	for (i = 0; i < obj->ref.nwaivers; i++)
		waiver_release(&obj->ref.waivers[i]);
	free(obj->ref.waivers);
	obj->ref.waivers = NULL;
	obj->ref.nwaivers = 0;
}

void
k8s_citer_init(struct k8s_citer *it, const struct k8s_object *obj,
    unsigned mask)
{
	it->obj = obj;
	it->mask = mask;
	it->list = 0;
	it->i = 0;
}

int
k8s_citer_next(struct k8s_citer *it, struct k8s_container *c)
{
	while (it->i < it->obj->ncontainers) {
		const struct k8s_container *kc = &it->obj->containers[it->i++];

		if (kc->cls & it->mask) {
			*c = *kc;
			return 1;
		}
	}
	return 0;
}

const char *
k8s_cclass_name(enum k8s_cclass cls)
{
	switch (cls) {
	case K8S_C_APP:
		return "container";
	case K8S_C_INIT:
		return "init container";
	case K8S_C_SIDECAR:
		return "sidecar container";
	case K8S_C_EPHEMERAL:
		return "ephemeral container";
	}
	return "container";
}

/* securityContext fields that also exist at pod level. */
static int
pod_level_field(const char *field)
{
	static const char *const names[] = {
		"runAsNonRoot",
		"runAsUser",
		"runAsGroup",
		"seccompProfile",
		"appArmorProfile",
		"seLinuxOptions",
		"windowsOptions",
	};
	size_t i, len = strcspn(field, ".");

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == len &&
		    memcmp(names[i], field, len) == 0)
			return 1;
	return 0;
}

const char *
k8s_sc_path(const struct k8s_object *obj, const struct k8s_container *c,
    const char *field, enum k8s_sc_from from)
{
	return arena_printf(obj->scratch, "%s.securityContext.%s",
	    from == K8S_SC_POD ? obj->pod_spec_path : c->path, field);
}

const struct ynode *
k8s_sc_get(const struct k8s_object *obj, const struct k8s_container *c,
    const char *field, enum k8s_sc_from *from, const char **path)
{
	const struct ynode *v;
	enum k8s_sc_from f = K8S_SC_UNSET;

	v = ynode_path(ynode_get(c->node, "securityContext"), field);
	if (!ynode_is_null(v)) {
		f = K8S_SC_CONTAINER;
	} else if (pod_level_field(field)) {
		v = ynode_path(ynode_get(obj->pod_spec, "securityContext"),
		    field);
		if (!ynode_is_null(v))
			f = K8S_SC_POD;
	}
	if (f == K8S_SC_UNSET)
		v = NULL;
	if (from != NULL)
		*from = f;
	if (path != NULL)
		*path = k8s_sc_path(obj, c, field, f);
	return v;
}

const char *
k8s_pod_path(const struct k8s_object *obj, const char *suffix)
{
	return arena_printf(obj->scratch, "%s.%s",
	    obj->pod_spec_path != NULL ? obj->pod_spec_path : "spec", suffix);
}

const char *
k8s_cpath(const struct k8s_object *obj, const struct k8s_container *c,
    const char *suffix)
{
	return arena_printf(obj->scratch, "%s.%s", c->path, suffix);
}

void
k8s_labels_from(struct k8s_labels *out, struct arena *a,
    const struct ynode *map)
{
	size_t i, n = 0;

	out->kv = NULL;
	out->n = 0;
	if (map == NULL || map->type != YNODE_MAP || map->n == 0)
		return;
	out->kv = arena_alloc(a, 2 * map->n * sizeof(*out->kv));
	for (i = 0; i < map->n; i++) {
		const struct ynode *v = map->u.pairs[i].val;

		if (v->type != YNODE_SCALAR)
			continue;
		out->kv[2 * n] = arena_strdup(a, map->u.pairs[i].key->u.s);
		out->kv[2 * n + 1] = arena_strdup(a, v->u.s);
		n++;
	}
	out->n = n;
}

const char *
k8s_labels_get(const struct k8s_labels *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->kv[2 * i], key) == 0)
			return l->kv[2 * i + 1];
	return NULL;
}

static struct k8s_selreq *
sel_grow(struct k8s_selector *s, struct arena *a, size_t *alloc)
{
	if (s->n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 4;
		struct k8s_selreq *nr = arena_alloc(a, na * sizeof(*nr));

		if (s->n > 0)
			memcpy(nr, s->req, s->n * sizeof(*nr));
		s->req = nr;
		*alloc = na;
	}
	return &s->req[s->n++];
}

static void
sel_add_map(struct k8s_selector *s, struct arena *a, const struct ynode *map,
    size_t *alloc)
{
	size_t i;

	if (ynode_is_null(map))
		return;
	if (map->type != YNODE_MAP) {
		s->invalid = 1;
		return;
	}
	for (i = 0; i < map->n; i++) {
		const struct ynode *v = map->u.pairs[i].val;
		struct k8s_selreq *r;

		if (v->type != YNODE_SCALAR) {
			s->invalid = 1;
			continue;
		}
		r = sel_grow(s, a, alloc);
		r->key = arena_strdup(a, map->u.pairs[i].key->u.s);
		r->op = K8S_SEL_IN;
		r->values = arena_alloc(a, sizeof(*r->values));
		r->values[0] = arena_strdup(a, v->u.s);
		r->nvalues = 1;
	}
}

void
k8s_selector_from_map(struct k8s_selector *out, struct arena *a,
    const struct ynode *map)
{
	size_t alloc = 0;

	memset(out, 0, sizeof(*out));
	if (ynode_is_null(map))
		return;
	out->present = 1;
	sel_add_map(out, a, map, &alloc);
}

void
k8s_selector_compile(struct k8s_selector *out, struct arena *a,
    const struct ynode *node)
{
	static const struct {
		const char *name;
		enum k8s_selop op;
		int values; /* 1 needs values, 0 forbids them */
	} ops[] = {
		{ "In", K8S_SEL_IN, 1 },
		{ "NotIn", K8S_SEL_NOTIN, 1 },
		{ "Exists", K8S_SEL_EXISTS, 0 },
		{ "DoesNotExist", K8S_SEL_DOESNOTEXIST, 0 },
	};
	const struct ynode *exprs;
	size_t alloc = 0, i, j, k;

	memset(out, 0, sizeof(*out));
	if (ynode_is_null(node))
		return;
	out->present = 1;
	if (node->type != YNODE_MAP) {
		out->invalid = 1;
		return;
	}
	sel_add_map(out, a, ynode_get(node, "matchLabels"), &alloc);
	exprs = ynode_get(node, "matchExpressions");
	if (ynode_is_null(exprs))
		return;
	if (exprs->type != YNODE_SEQ) {
		out->invalid = 1;
		return;
	}
	for (i = 0; i < exprs->n; i++) {
		const struct ynode *e = exprs->u.items[i];
		const char *key = ynode_get_str(e, "key");
		const char *op = ynode_get_str(e, "operator");
		const struct ynode *vals = ynode_get(e, "values");
		size_t nvals =
		    vals != NULL && vals->type == YNODE_SEQ ? vals->n : 0;
		struct k8s_selreq *r;

		if (key == NULL || op == NULL ||
		    (!ynode_is_null(vals) && vals->type != YNODE_SEQ)) {
			out->invalid = 1;
			continue;
		}
		for (j = 0; j < ARRAY_SIZE(ops); j++)
			if (strcmp(ops[j].name, op) == 0)
				break;
		if (j == ARRAY_SIZE(ops) || (ops[j].values && nvals == 0) ||
		    (!ops[j].values && nvals > 0)) {
			out->invalid = 1;
			continue;
		}
		r = sel_grow(out, a, &alloc);
		r->key = arena_strdup(a, key);
		r->op = ops[j].op;
		r->nvalues = 0;
		r->values = nvals > 0 ?
		    arena_alloc(a, nvals * sizeof(*r->values)) :
		    NULL;
		for (k = 0; k < nvals; k++) {
			const char *v = ynode_str(vals->u.items[k]);

			if (v == NULL) {
				out->invalid = 1;
				continue;
			}
			r->values[r->nvalues++] = arena_strdup(a, v);
		}
	}
}

int
k8s_selector_empty(const struct k8s_selector *s)
{
	return s->present && !s->invalid && s->n == 0;
}

int
k8s_selector_matches(const struct k8s_selector *s, const struct k8s_labels *l,
    enum k8s_sel_empty empty)
{
	size_t i, j;

	if (!s->present || s->invalid)
		return 0;
	if (s->n == 0)
		return empty == K8S_EMPTY_ALL;
	for (i = 0; i < s->n; i++) {
		const struct k8s_selreq *r = &s->req[i];
		const char *v = k8s_labels_get(l, r->key);
		int in = 0;

		switch (r->op) {
		case K8S_SEL_EXISTS:
			if (v == NULL)
				return 0;
			break;
		case K8S_SEL_DOESNOTEXIST:
			if (v != NULL)
				return 0;
			break;
		case K8S_SEL_IN:
		case K8S_SEL_NOTIN:
			if (v != NULL)
				for (j = 0; j < r->nvalues && !in; j++)
					in = strcmp(r->values[j], v) == 0;
			if ((r->op == K8S_SEL_IN) != in)
				return 0;
			break;
		}
	}
	return 1;
}

const char *
k8s_path_normalise(struct arena *a, const char *path)
{
	size_t len = strlen(path), n = 0, i = 0;
	char *out = arena_alloc(a, len + 2);
	int abs = path[0] == '/';

	while (i < len) {
		size_t seg;

		while (i < len && path[i] == '/')
			i++;
		seg = strcspn(path + i, "/");
		if (seg == 0)
			break;
		if (seg == 1 && path[i] == '.') {
			/* nothing */
		} else if (seg == 2 && path[i] == '.' && path[i + 1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;
		} else {
			if (n > 0 || abs)
				out[n++] = '/';
			memcpy(out + n, path + i, seg);
			n += seg;
		}
		i += seg;
	}
	if (n == 0 && abs)
		out[n++] = '/';
	out[n] = '\0';
	return out;
}
