/*
 * check-schema.c - what the API server would reject before any security
 * rule looks at an object: removed API versions and fields whose value has
 * the wrong type (reference §5 cases 14 and 15).  The security rules read
 * the coerced values (a quoted "true" is true); this check reports the
 * type error once per field.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "k8s/check.h"
#include "k8s/wl.h"

#include "util/banned.h"

enum ftype {
	F_BOOL,
	F_INT,
};

struct field {
	const char *path; /* relative to the pod spec or the container */
	enum ftype type;
};

static const struct field pod_fields[] = {
	{ "hostPID", F_BOOL },
	{ "hostIPC", F_BOOL },
	{ "hostNetwork", F_BOOL },
	{ "hostUsers", F_BOOL },
	{ "automountServiceAccountToken", F_BOOL },
	{ "shareProcessNamespace", F_BOOL },
	{ "enableServiceLinks", F_BOOL },
	{ "setHostnameAsFQDN", F_BOOL },
	{ "terminationGracePeriodSeconds", F_INT },
	{ "activeDeadlineSeconds", F_INT },
	{ "securityContext.runAsNonRoot", F_BOOL },
	{ "securityContext.runAsUser", F_INT },
	{ "securityContext.runAsGroup", F_INT },
	{ "securityContext.fsGroup", F_INT },
	{ "securityContext.windowsOptions.hostProcess", F_BOOL },
};

static const struct field container_fields[] = {
	{ "stdin", F_BOOL },
	{ "stdinOnce", F_BOOL },
	{ "tty", F_BOOL },
	{ "securityContext.privileged", F_BOOL },
	{ "securityContext.allowPrivilegeEscalation", F_BOOL },
	{ "securityContext.readOnlyRootFilesystem", F_BOOL },
	{ "securityContext.runAsNonRoot", F_BOOL },
	{ "securityContext.runAsUser", F_INT },
	{ "securityContext.runAsGroup", F_INT },
	{ "securityContext.windowsOptions.hostProcess", F_BOOL },
};

static const char *const probes[] = {
	"livenessProbe",
	"readinessProbe",
	"startupProbe",
};
static const char *const probe_ints[] = {
	"initialDelaySeconds",
	"timeoutSeconds",
	"periodSeconds",
	"successThreshold",
	"failureThreshold",
};
static const char *const probe_handlers[] = {
	"httpGet",
	"tcpSocket",
	"exec",
	"grpc",
};

struct schema {
	struct k8s_ctx *ctx;
	const struct k8s_object *o;
	int fired;
	int secret; /* a Secret: values never appear in findings */
};

/*
 * Report v unless it has type t (or is unset).  The field path is a printf
 * format, only expanded when there is something to report.
 */
static void want(struct schema *s, const struct ynode *v, enum ftype t,
    const char *fmt, ...) RP_PRINTF(4, 5);

static void
want(struct schema *s, const struct ynode *v, enum ftype t, const char *fmt,
    ...)
{
	char path[512];
	va_list ap;
	enum yget g;
	long long ll;
	int b;

	if (v == NULL)
		return;
	g = t == F_BOOL ? ynode_bool(v, &b) : ynode_int(v, &ll);
	if (g != YGET_COERCED && g != YGET_INVALID)
		return;
	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	s->fired = 1;
	k8s_fail(s->ctx, &s->o->ref, RULE_K8S_SCHEMA_TYPE_MISMATCH, -1, v, path,
	    (v->flags & YNODE_QUOTED) ? k8s_fmt(s->ctx, "\"%s\"", v->u.s) :
	                                k8s_text(v),
	    t == F_BOOL ? "a boolean (true/false)" : "an integer",
	    g == YGET_COERCED ?
	        "%s must be %s, not a string; the API server rejects it (evaluated as %s)" :
	        "%s must be %s; the API server rejects it",
	    path, t == F_BOOL ? "a boolean" : "an integer", k8s_text(v));
}

static void
want_fields(struct schema *s, const struct ynode *base, const char *base_path,
    const struct field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct ynode *v = ynode_path(base, f[i].path);

		if (v != NULL)
			want(s, v, f[i].type, "%s.%s", base_path, f[i].path);
	}
}

/* Label, annotation and ConfigMap/Secret data values must be strings. */
static void
want_strings(struct schema *s, const struct ynode *map, const char *base,
    const char *what)
{
	const char *path, *kind;
	size_t i;

	if (map == NULL || map->type != YNODE_MAP)
		return;
	for (i = 0; i < map->n; i++) {
		const struct ynode *v = map->u.pairs[i].val;
		enum yscalar_kind k = ynode_kind(v);

		if (v->type == YNODE_SCALAR && (k == YS_STR || k == YS_NULL))
			continue;
		s->fired = 1;
		path = k8s_fmt(s->ctx, "%s%s%s.%s", base, base[0] ? "." : "",
		    what, map->u.pairs[i].key->u.s);
		kind = v->type != YNODE_SCALAR ? "structured" :
		    k == YS_BOOL               ? "boolean" :
		                                 "numeric";
		if (s->secret)
			k8s_fail(s->ctx, &s->o->ref,
			    RULE_K8S_SCHEMA_TYPE_MISMATCH, -1, v, path, NULL,
			    "a quoted string",
			    "%s must be a string; kubectl rejects %s values (the Secret value is not shown)",
			    path, kind);
		else
			k8s_fail(s->ctx, &s->o->ref,
			    RULE_K8S_SCHEMA_TYPE_MISMATCH, -1, v, path,
			    k8s_text(v), "a quoted string",
			    "%s must be a string; kubectl rejects %s values (quote it: \"%s\")",
			    path, kind, k8s_text(v));
	}
}

static void
container_schema(struct schema *s, const struct k8s_container *c)
{
	const struct ynode *ports = ynode_get(c->node, "ports");
	const struct ynode *mounts = ynode_get(c->node, "volumeMounts");
	size_t i, j;

	want_fields(s, c->node, c->path, container_fields,
	    ARRAY_SIZE(container_fields));
	for (i = 0; ports != NULL && ports->type == YNODE_SEQ && i < ports->n;
	     i++) {
		const struct ynode *p = ports->u.items[i];

		want(s, ynode_get(p, "containerPort"), F_INT,
		    "%s.ports[%zu].containerPort", c->path, i);
		want(s, ynode_get(p, "hostPort"), F_INT,
		    "%s.ports[%zu].hostPort", c->path, i);
	}
	for (i = 0;
	     mounts != NULL && mounts->type == YNODE_SEQ && i < mounts->n; i++)
		want(s, ynode_get(mounts->u.items[i], "readOnly"), F_BOOL,
		    "%s.volumeMounts[%zu].readOnly", c->path, i);
	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		const struct ynode *p = ynode_get(c->node, probes[i]);
		int handlers = 0;

		if (ynode_is_null(p))
			continue;
		if (p->type != YNODE_MAP) {
			want(s, p, F_BOOL, "%s.%s", c->path, probes[i]);
			continue;
		}
		for (j = 0; j < ARRAY_SIZE(probe_ints); j++)
			want(s, ynode_get(p, probe_ints[j]), F_INT, "%s.%s.%s",
			    c->path, probes[i], probe_ints[j]);
		for (j = 0; j < ARRAY_SIZE(probe_handlers); j++)
			if (!ynode_is_null(ynode_get(p, probe_handlers[j])))
				handlers++;
		if (handlers == 1)
			continue;
		s->fired = 1;
		k8s_fail(s->ctx, &s->o->ref, RULE_K8S_SCHEMA_TYPE_MISMATCH, -1,
		    p, k8s_fmt(s->ctx, "%s.%s", c->path, probes[i]),
		    handlers == 0 ? "no handler" : "several handlers",
		    "exactly one of httpGet, tcpSocket, exec, grpc",
		    "%s of %s %s has %s; the API server rejects it", probes[i],
		    k8s_cclass_name(c->cls), c->name,
		    handlers == 0 ? "no handler" : "more than one handler");
	}
}

static void
volumes_schema(struct schema *s)
{
	const struct ynode *vols = ynode_get(s->o->pod_spec, "volumes");
	static const char *const sources[] = { "secret", "configMap",
		"projected", "downwardAPI" };
	size_t i, j;

	for (i = 0; vols != NULL && vols->type == YNODE_SEQ && i < vols->n;
	     i++) {
		for (j = 0; j < ARRAY_SIZE(sources); j++) {
			const struct ynode *m =
			    ynode_get(ynode_get(vols->u.items[i], sources[j]),
			        "defaultMode");

			want(s, m, F_INT, "%s.volumes[%zu].%s.defaultMode",
			    s->o->pod_spec_path, i, sources[j]);
		}
	}
}

static void
schema_object(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	struct schema s = { .ctx = ctx, .o = obj };
	struct k8s_citer it;
	struct k8s_container c;
	const char *repl, *removed;

	if (k8s_on(ctx, RULE_K8S_DEPRECATED_API)) {
		if (k8s_api_deprecated(obj->group, obj->version, obj->kind,
		        &repl, &removed))
			k8s_fail(ctx, &obj->ref, RULE_K8S_DEPRECATED_API, -1,
			    ynode_get(obj->root, "apiVersion"), "apiVersion",
			    obj->api_version, repl,
			    "%s %s was removed in Kubernetes %s; use %s",
			    obj->api_version, obj->kind, removed, repl);
		else
			k8s_pass(ctx, &obj->ref, RULE_K8S_DEPRECATED_API);
	}
	if (!k8s_on(ctx, RULE_K8S_SCHEMA_TYPE_MISMATCH))
		return;
	s.secret = strcmp(obj->kind, "Secret") == 0 && obj->group[0] == '\0';
	want_strings(&s, obj->labels, "metadata", "labels");
	want_strings(&s, obj->annotations, "metadata", "annotations");
	if (obj->group[0] == '\0' &&
	    (strcmp(obj->kind, "ConfigMap") == 0 || s.secret)) {
		want_strings(&s, ynode_get(obj->root, "data"), "", "data");
		want_strings(&s, ynode_get(obj->root, "binaryData"), "",
		    "binaryData");
		want_strings(&s, ynode_get(obj->root, "stringData"), "",
		    "stringData");
	}
	if (obj->wl != NULL && (obj->wl->flags & K8S_WL_REPLICAS))
		want(&s, ynode_path(obj->root, "spec.replicas"), F_INT,
		    "spec.replicas");
	if (obj->pod_spec != NULL) {
		if (obj->pod_meta != obj->metadata) {
			want_strings(&s, obj->pod_labels, obj->wl->meta_path,
			    "labels");
			want_strings(&s,
			    ynode_get(obj->pod_meta, "annotations"),
			    obj->wl->meta_path, "annotations");
		}
		want_fields(&s, obj->pod_spec, obj->pod_spec_path, pod_fields,
		    ARRAY_SIZE(pod_fields));
		volumes_schema(&s);
		k8s_citer_init(&it, obj, K8S_C_ALL);
		while (k8s_citer_next(&it, &c))
			container_schema(&s, &c);
	}
	if (!s.fired)
		k8s_pass(ctx, &obj->ref, RULE_K8S_SCHEMA_TYPE_MISMATCH);
}

const struct k8s_check k8s_check_schema = {
	.name = "schema",
	.object = schema_object,
};
