/*
 * svc.c - Services that reach beyond the cluster (reference §2.3 E, Appendix
 * A; APP.4.4.A7): administrative ports on NodePort, LoadBalancer or
 * externalIPs Services, externalIPs themselves, and load balancers open to
 * every address.
 *
 * The admin ports come in groups (k8s.admin-port-groups picks them; the
 * management UIs are off unless named) plus k8s.admin-ports for ports of
 * your own.  A named targetPort is resolved through the containerPort names
 * of the pods the Service selects in the scanned files; when none of them is
 * in the input that port is reported as not assessable.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "k8s/check.h"
#include "k8s/index.h"
#include "util/strbuf.h"

#include "util/banned.h"

/* Appendix A: the default admin ports, by group. */
enum port_group {
	PG_SHELL,
	PG_RUNTIME,
	PG_ETCD,
	PG_KUBERNETES,
	PG_LEGACY,
	PG_UI,
	PG__COUNT
};

static const char *const group_names[PG__COUNT] = {
	[PG_SHELL] = "shell",
	[PG_RUNTIME] = "runtime",
	[PG_ETCD] = "etcd",
	[PG_KUBERNETES] = "kubernetes",
	[PG_LEGACY] = "legacy",
	[PG_UI] = "ui",
};

struct admin_port {
	long long port;
	enum port_group group;
	const char *what;
};

static const struct admin_port admin_ports[] = {
	{ 22, PG_SHELL, "SSH" },
	{ 23, PG_SHELL, "Telnet" },
	{ 3389, PG_SHELL, "RDP" },
	{ 5900, PG_SHELL, "VNC" },
	{ 5901, PG_SHELL, "VNC" },
	{ 5902, PG_SHELL, "VNC" },
	{ 5903, PG_SHELL, "VNC" },
	{ 2375, PG_RUNTIME, "Docker Engine API" },
	{ 2376, PG_RUNTIME, "Docker Engine API (TLS)" },
	{ 2379, PG_ETCD, "etcd client" },
	{ 2380, PG_ETCD, "etcd peer" },
	{ 6443, PG_KUBERNETES, "kube-apiserver" },
	{ 10250, PG_KUBERNETES, "kubelet" },
	{ 10255, PG_KUBERNETES, "kubelet read-only" },
	{ 10257, PG_KUBERNETES, "kube-controller-manager" },
	{ 10259, PG_KUBERNETES, "kube-scheduler" },
	{ 10249, PG_KUBERNETES, "kube-proxy metrics" },
	{ 10256, PG_KUBERNETES, "kube-proxy health" },
	{ 8080, PG_LEGACY, "insecure kube-apiserver" },
	{ 9090, PG_UI, "Prometheus" },
	{ 9093, PG_UI, "Alertmanager" },
	{ 3000, PG_UI, "Grafana" },
};

/* Port names that say what they serve whatever their number. */
static const struct {
	const char *name;
	enum port_group group;
} admin_names[] = {
	{ "ssh", PG_SHELL },
	{ "telnet", PG_SHELL },
	{ "rdp", PG_SHELL },
	{ "vnc", PG_SHELL },
	{ "docker", PG_RUNTIME },
	{ "etcd", PG_ETCD },
	{ "etcd-client", PG_ETCD },
	{ "etcd-peer", PG_ETCD },
	{ "etcd-server", PG_ETCD },
	{ "kubelet", PG_KUBERNETES },
	{ "apiserver", PG_KUBERNETES },
	{ "kube-apiserver", PG_KUBERNETES },
};

struct svc_state {
	int groups[PG__COUNT];
	long long *extra;
	size_t nextra;
	int ready;
};

/* A setting that cannot be used is an error finding, not silence. */
static void
bad_setting(struct k8s_ctx *ctx, const char *key, const char *value,
    const char *why)
{
	struct finding f =
	    k8s_finding(RULE_K8S_SERVICE_ADMIN_PORT_EXPOSED, STATUS_ERROR);

	f.path = k8s_fmt(ctx, "k8s.%s", key);
	f.evidence = value;
	f.message = why;
	k8s_add(ctx, NULL, NULL, &f);
}

static struct svc_state *
svc_state(struct k8s_ctx *ctx)
{
	struct svc_state *st = k8s_state(ctx, "svc", sizeof(*st));
	const char **g;
	size_t n, i;

	if (st->ready)
		return st;
	st->ready = 1;
	g = k8s_config_strv(ctx, "admin-port-groups", &n);
	if (k8s_config(ctx, "admin-port-groups") == NULL) {
		for (i = 0; i < PG__COUNT; i++)
			st->groups[i] = i != PG_UI;
	} else {
		for (i = 0; i < n; i++) {
			int known = 0;
			size_t j;

			for (j = 0; j < PG__COUNT; j++)
				if (strcmp(g[i], group_names[j]) == 0)
					st->groups[j] = known = 1;
			if (!known)
				bad_setting(ctx, "admin-port-groups", g[i],
				    "unknown group (shell, runtime, etcd, kubernetes, legacy, ui); ignored");
		}
	}
	g = k8s_config_strv(ctx, "admin-ports", &n);
	if (n > 0) {
		st->extra = arena_calloc(&ctx->keep, n, sizeof(*st->extra));
		for (i = 0; i < n; i++) {
			char *end;
			long v = strtol(g[i], &end, 10);

			if (end != g[i] && *end == '\0' && v > 0 && v < 65536)
				st->extra[st->nextra++] = v;
			else
				bad_setting(ctx, "admin-ports", g[i],
				    "not a port number (1-65535); ignored");
		}
	}
	return st;
}

/* What admin service port p is, or NULL; cp: a control-plane pod. */
static const char *
admin_port(struct k8s_ctx *ctx, long long p, int cp)
{
	struct svc_state *st = svc_state(ctx);
	size_t i;

	if (p <= 0)
		return NULL;
	for (i = 0; i < sizeof(admin_ports) / sizeof(admin_ports[0]); i++) {
		const struct admin_port *a = &admin_ports[i];

		if (a->port != p || !st->groups[a->group])
			continue;
		if (a->group == PG_LEGACY && !cp)
			continue; /* 8080 is an ordinary application port */
		return a->what;
	}
	for (i = 0; i < st->nextra; i++)
		if (st->extra[i] == p)
			return "configured admin port";
	return NULL;
}

static const char *
admin_name(struct k8s_ctx *ctx, const char *name)
{
	struct svc_state *st = svc_state(ctx);
	size_t i;

	for (i = 0;
	     name != NULL && i < sizeof(admin_names) / sizeof(admin_names[0]);
	     i++)
		if (strcmp(name, admin_names[i].name) == 0 &&
		    st->groups[admin_names[i].group])
			return name;
	return NULL;
}

static int
exposed(const struct kx_service *s)
{
	return strcmp(s->type, "NodePort") == 0 ||
	    strcmp(s->type, "LoadBalancer") == 0 || s->external_ips > 0;
}

static const char *
exposure(struct k8s_ctx *ctx, const struct kx_service *s)
{
	if (strcmp(s->type, "NodePort") == 0 ||
	    strcmp(s->type, "LoadBalancer") == 0)
		return k8s_fmt(ctx, "type %s", s->type);
	return "externalIPs";
}

/* The pods a Service selects in the scanned files. */
struct svc_pods {
	struct kx_wlref *v;
	size_t n;
	int control_plane; /* one of them looks like an API server or etcd */
};

/*
 * Resolve a named targetPort through the selected workloads; returns the
 * number, -1 when no selected workload has it, -2 when none is selected.
 */
static long long
resolve_named(const struct svc_pods *sp, const char *name)
{
	size_t i, j;

	for (i = 0; i < sp->n; i++)
		for (j = 0; j < sp->v[i].w->nports; j++)
			if (strcmp(sp->v[i].w->ports[j].name, name) == 0)
				return sp->v[i].w->ports[j].port;
	return sp->n > 0 ? -1 : -2;
}

static void
admin_ports_of(struct k8s_ctx *ctx, const struct kx_buckets *b,
    const struct kx_service *s)
{
	struct svc_pods sp;
	int cp, fired = 0;
	size_t i;

	sp.n = kx_selected(ctx, b, &s->selector, K8S_EMPTY_NONE, &sp.v);
	sp.control_plane = 0;
	for (i = 0; i < sp.n; i++)
		sp.control_plane |= sp.v[i].w->control_plane;
	cp = sp.control_plane;

	for (i = 0; i < s->nports; i++) {
		const struct kx_svc_port *p = &s->ports[i];
		const char *what = NULL, *field = NULL;
		long long num = -1;
		struct finding f;

		if ((what = admin_port(ctx, p->port, cp)) != NULL) {
			field = "port";
			num = p->port;
		} else if ((what = admin_port(ctx, p->node_port, cp)) != NULL) {
			field = "nodePort";
			num = p->node_port;
		} else if ((what = admin_port(ctx, p->target_num, cp)) !=
		    NULL) {
			field = "targetPort";
			num = p->target_num;
		} else if (p->target_name != NULL) {
			long long r = resolve_named(&sp, p->target_name);

			what = admin_name(ctx, p->target_name);
			if (what == NULL && r >= 0)
				what = admin_port(ctx, r, cp);
			if (what != NULL) {
				field = "targetPort";
				num = r;
			} else if (r == -2) {
				k8s_na(ctx, s->ref,
				    RULE_K8S_SERVICE_ADMIN_PORT_EXPOSED,
				    k8s_fmt(ctx,
				        "ports[%u]: targetPort '%s' could not be resolved: no pod the Service selects is in the scanned files",
				        p->index, p->target_name));
				continue;
			}
		}
		if (what == NULL && p->name != NULL &&
		    (what = admin_name(ctx, p->name)) != NULL) {
			field = "name";
			num = p->port;
		}
		if (what == NULL)
			continue;
		f = k8s_finding(RULE_K8S_SERVICE_ADMIN_PORT_EXPOSED,
		    STATUS_FAIL);
		f.line = p->line;
		f.path = k8s_fmt(ctx, "spec.ports[%u].%s", p->index, field);
		f.evidence =
		    num >= 0 ? k8s_fmt(ctx, "%lld (%s)", num, what) : what;
		f.expected =
		    "ClusterIP, reached from the administration network";
		f.message = k8s_fmt(ctx,
		    "%s exposes %s (%s) beyond the cluster%s", exposure(ctx, s),
		    num >= 0 ? k8s_fmt(ctx, "port %lld", num) : "a port named",
		    what,
		    p->target_name != NULL && strcmp(field, "targetPort") == 0 ?
		        k8s_fmt(ctx, " (targetPort '%s')", p->target_name) :
		        "");
		k8s_add(ctx, s->ref, NULL, &f);
		fired = 1;
	}
	/* the Dashboard is recognised by name, not port (Appendix A) */
	if (!fired && svc_state(ctx)->groups[PG_UI] &&
	    strstr(s->ref->name, "kubernetes-dashboard") != NULL) {
		k8s_fail(ctx, s->ref, RULE_K8S_SERVICE_ADMIN_PORT_EXPOSED, -1,
		    NULL, "metadata.name", s->ref->name,
		    "ClusterIP, reached from the administration network",
		    "%s exposes the Kubernetes Dashboard beyond the cluster",
		    exposure(ctx, s));
		fired = 1;
	}
	if (!fired)
		k8s_pass(ctx, s->ref, RULE_K8S_SERVICE_ADMIN_PORT_EXPOSED);
}

static void
svc_finish(struct k8s_ctx *ctx)
{
	const struct kx_ns *ns;
	const struct kx_service *s;

	if (!k8s_on(ctx, RULE_K8S_SERVICE_ADMIN_PORT_EXPOSED))
		return;
	(void)svc_state(ctx); /* settings are checked even without Services */
	for (ns = kx_index(ctx)->first; ns != NULL; ns = ns->next) {
		struct kx_buckets b;
		int built = 0;

		for (s = ns->services.first; s != NULL; s = s->next) {
			if (!exposed(s) || s->headless) {
				k8s_pass(ctx, s->ref,
				    RULE_K8S_SERVICE_ADMIN_PORT_EXPOSED);
				continue;
			}
			if (!built) {
				kx_buckets_build(ctx, ns, &b);
				built = 1;
			}
			admin_ports_of(ctx, &b, s);
		}
	}
}

/* Provider annotations that make a LoadBalancer internal. */
static const struct {
	const char *key, *value;
} internal_lb[] = {
	{ "service.beta.kubernetes.io/aws-load-balancer-internal", "true" },
	{ "service.beta.kubernetes.io/aws-load-balancer-scheme", "internal" },
	{ "service.beta.kubernetes.io/azure-load-balancer-internal", "true" },
	{ "networking.gke.io/load-balancer-type", "Internal" },
	{ "cloud.google.com/load-balancer-type", "Internal" },
	{ "service.beta.kubernetes.io/openstack-internal-load-balancer",
	    "true" },
	{ "service.beta.kubernetes.io/oci-load-balancer-internal", "true" },
	{ "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type",
	    "private" },
	{ "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type",
	    "intranet" },
};

static const char *
internal_annotation(const struct k8s_object *obj)
{
	size_t i;

	for (i = 0; i < sizeof(internal_lb) / sizeof(internal_lb[0]); i++) {
		const char *v =
		    ynode_get_str(obj->annotations, internal_lb[i].key);

		if (v != NULL && strcasecmp(v, internal_lb[i].value) == 0)
			return internal_lb[i].key;
	}
	return NULL;
}

/* externalIPs and source ranges: one Service at a time. */
static void
svc_object(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	const struct ynode *spec, *eips;
	const char *type;

	if (strcmp(obj->group, "") != 0 || strcmp(obj->kind, "Service") != 0)
		return;
	spec = ynode_get(obj->root, "spec");
	eips = ynode_get(spec, "externalIPs");
	type = ynode_get_str(spec, "type");
	if (ynode_len(eips) > 0)
		k8s_fail(ctx, &obj->ref, RULE_K8S_SERVICE_EXTERNAL_IPS, -1,
		    eips, "spec.externalIPs", k8s_text(ynode_item(eips, 0)),
		    "no externalIPs (DenyServiceExternalIPs admission)",
		    "every node accepts traffic for the %zu listed address%s, and whoever may create Services can intercept traffic this way (CVE-2020-8554)",
		    ynode_len(eips), ynode_len(eips) == 1 ? "" : "es");
	else
		k8s_pass(ctx, &obj->ref, RULE_K8S_SERVICE_EXTERNAL_IPS);
	if (type == NULL || strcmp(type, "LoadBalancer") != 0) {
		k8s_na(ctx, &obj->ref, RULE_K8S_LOADBALANCER_NO_SOURCE_RANGES,
		    NULL);
	} else if (ynode_len(ynode_get(spec, "loadBalancerSourceRanges")) > 0 ||
	    ynode_get_str(obj->annotations,
	        "service.beta.kubernetes.io/load-balancer-source-ranges") !=
	        NULL) {
		k8s_pass(ctx, &obj->ref,
		    RULE_K8S_LOADBALANCER_NO_SOURCE_RANGES);
	} else {
		const char *internal = internal_annotation(obj);

		k8s_fail(ctx, &obj->ref, RULE_K8S_LOADBALANCER_NO_SOURCE_RANGES,
		    internal != NULL ? SEV_INFO : -1, ynode_get(spec, "type"),
		    "spec.loadBalancerSourceRanges", "unset",
		    "the client networks",
		    internal != NULL ?
		        "internal load balancer (%s) without source ranges: reachable from every network the provider's internal address faces" :
		        "the load balancer accepts traffic from every address%s",
		    internal != NULL ? internal : "");
	}
}

static const char *const svc_keys[] = { "admin-port-groups", "admin-ports",
	NULL };

const struct k8s_check k8s_check_services = {
	.name = "services",
	.object = svc_object,
	.finish = svc_finish,
	.config_keys = svc_keys,
};
