/*
 * check-podsec.c - APP.4.4.A4 separation of pods: what in a pod template
 * removes the isolation the node's kernel provides (reference §2.3 A).
 *
 * Pod-level rules (host namespaces, sysctls, hostPath, SELinux at pod
 * level) run once per pod template; container rules run over the classes
 * the API allows for them, on the effective security context (§2.1.3).
 * Linux-only rules are not applicable to Windows pods.
 *
 * SPDX-License-Identifier: MIT
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "k8s/check.h"
#include "k8s/wl.h"
#include "util/strbuf.h"

#include "util/banned.h"

static const enum rule_id podsec_rules[] = {
	RULE_K8S_HOST_PID,
	RULE_K8S_HOST_IPC,
	RULE_K8S_HOST_NETWORK,
	RULE_K8S_HOST_USER_NAMESPACE,
	RULE_K8S_PRIVILEGED_CONTAINER,
	RULE_K8S_WINDOWS_HOST_PROCESS,
	RULE_K8S_PRIVILEGE_ESCALATION,
	RULE_K8S_CAPABILITIES_DROP_ALL,
	RULE_K8S_CAPABILITIES_ADDED,
	RULE_K8S_RUN_AS_ROOT,
	RULE_K8S_ROOT_FILESYSTEM_WRITABLE,
	RULE_K8S_SECCOMP_UNCONFINED,
	RULE_K8S_DEPRECATED_SECCOMP_ANNOTATION,
	RULE_K8S_HOST_PATH_VOLUME,
	RULE_K8S_HOST_PORT,
	RULE_K8S_UNSAFE_PROC_MOUNT,
	RULE_K8S_UNSAFE_SYSCTLS,
	RULE_K8S_SELINUX_CUSTOM,
	RULE_K8S_APPARMOR_UNCONFINED,
};

/* Capabilities Pod Security "baseline" allows to add. */
static const char *const caps_baseline[] = {
	"AUDIT_WRITE",
	"CHOWN",
	"DAC_OVERRIDE",
	"FOWNER",
	"FSETID",
	"KILL",
	"MKNOD",
	"NET_BIND_SERVICE",
	"SETFCAP",
	"SETGID",
	"SETPCAP",
	"SETUID",
	"SYS_CHROOT",
};

/* Capabilities that give a container power over the node. */
static const char *const caps_dangerous[] = {
	"ALL",
	"SYS_ADMIN",
	"NET_ADMIN",
	"SYS_PTRACE",
	"SYS_MODULE",
	"BPF",
	"DAC_READ_SEARCH",
	"NET_RAW",
	"SYS_RAWIO",
	"SYS_BOOT",
	"SYS_TIME",
	"PERFMON",
	"MAC_ADMIN",
	"MAC_OVERRIDE",
};

/*
 * Namespaced sysctls Pod Security "baseline" allows, with the Kubernetes
 * minor release that added each to the safe set.
 */
static const struct {
	const char *name;
	int since; /* 1.x */
} safe_sysctls[] = {
	{ "kernel.shm_rmid_forced", 0 },
	{ "net.ipv4.ip_local_port_range", 0 },
	{ "net.ipv4.ip_unprivileged_port_start", 22 },
	{ "net.ipv4.tcp_syncookies", 0 },
	{ "net.ipv4.ping_group_range", 18 },
	{ "net.ipv4.ip_local_reserved_ports", 27 },
	{ "net.ipv4.tcp_keepalive_time", 29 },
	{ "net.ipv4.tcp_fin_timeout", 29 },
	{ "net.ipv4.tcp_keepalive_intvl", 29 },
	{ "net.ipv4.tcp_keepalive_probes", 29 },
	{ "net.ipv4.tcp_rmem", 32 },
	{ "net.ipv4.tcp_wmem", 32 },
};

/* SELinux types Pod Security "baseline" allows. */
static const char *const selinux_types[] = {
	"container_t",
	"container_init_t",
	"container_kvm_t",
	"container_engine_t",
};

/* hostPath prefixes that give control over the node. */
static const char *const sensitive_paths[] = {
	"/etc",
	"/root",
	"/home",
	"/proc",
	"/sys",
	"/dev",
	"/boot",
	"/var/lib/kubelet",
	"/var/lib/etcd",
	"/etc/kubernetes",
	"/var/run/docker.sock",
	"/run/docker.sock",
	"/run/containerd/containerd.sock",
	"/var/run/containerd",
	"/run/containerd",
	"/var/run/crio/crio.sock",
	"/run/crio",
	"/var/run/crio",
	"/var/lib/docker",
	"/var/lib/containerd",
};

static int
in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* The Kubernetes minor version the safe sysctl list is taken for. */
static int
target_minor(struct k8s_ctx *ctx)
{
	const char *v = wl_str(k8s_config(ctx, "kubernetes-version"));
	long minor = 99;

	if (v != NULL && strncmp(v, "1.", 2) == 0)
		minor = strtol(v + 2, NULL, 10);
	return (int)minor;
}

/* Normalise a capability name: upper case, no CAP_ prefix (scratch). */
static const char *
cap_norm(struct k8s_ctx *ctx, const char *s)
{
	char buf[64];
	size_t i, n = 0;

	if (strncasecmp(s, "CAP_", 4) == 0)
		s += 4;
	for (i = 0; s[i] != '\0' && n + 1 < sizeof(buf); i++)
		buf[n++] = (char)toupper((unsigned char)s[i]);
	buf[n] = '\0';
	return k8s_fmt(ctx, "%s", buf);
}

static int
bool_true(const struct ynode *n)
{
	int b = 0;

	return k8s_get_bool(n, &b) && b;
}

/* Host namespaces: hostPID, hostIPC, hostNetwork (pod level only). */
static void
host_namespaces(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o)
{
	static const struct {
		const char *field;
		enum rule_id rule;
		const char *what;
	} fields[] = {
		{ "hostPID", RULE_K8S_HOST_PID, "the node's process IDs" },
		{ "hostIPC", RULE_K8S_HOST_IPC, "the node's IPC namespace" },
		{ "hostNetwork", RULE_K8S_HOST_NETWORK,
		    "the node's network namespace and hostname" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		const struct ynode *v = ynode_get(o->pod_spec, fields[i].field);

		wl_eval(w, fields[i].rule);
		if (bool_true(v))
			wl_fail(w, ctx, &o->ref, fields[i].rule, -1, v,
			    k8s_pod_path(o, fields[i].field), k8s_text(v),
			    "false or unset", "pod shares %s (%s: %s)",
			    fields[i].what, fields[i].field, k8s_text(v));
	}
}

static void
host_users(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o)
{
	const struct ynode *v = ynode_get(o->pod_spec, "hostUsers");
	int b = 1;

	if (o->windows) {
		wl_na(w, RULE_K8S_HOST_USER_NAMESPACE);
		return;
	}
	wl_eval(w, RULE_K8S_HOST_USER_NAMESPACE);
	if (k8s_get_bool(v, &b) && !b)
		return;
	wl_fail(w, ctx, &o->ref, RULE_K8S_HOST_USER_NAMESPACE, -1,
	    v != NULL ? v : o->pod_spec, k8s_pod_path(o, "hostUsers"),
	    v != NULL ? k8s_text(v) : "unset", "false",
	    v != NULL ?
	        "pod runs in the node's user namespace (hostUsers: %s): UID 0 inside is UID 0 on the node" :
	        "hostUsers is unset%s: UID 0 inside the pod is UID 0 on the node",
	    v != NULL ? k8s_text(v) :
	                " (defaults to the node's user namespace)");
}

/* Sysctls outside the safe set (pod level). */
static void
sysctls(struct wl_verdicts *w, struct k8s_ctx *ctx, const struct k8s_object *o)
{
	const struct ynode *seq =
	    ynode_path(o->pod_spec, "securityContext.sysctls");
	int minor = target_minor(ctx);
	size_t i, j;

	if (o->windows) {
		wl_na(w, RULE_K8S_UNSAFE_SYSCTLS);
		return;
	}
	wl_eval(w, RULE_K8S_UNSAFE_SYSCTLS);
	for (i = 0; i < ynode_len(seq) && seq->type == YNODE_SEQ; i++) {
		const struct ynode *item = seq->u.items[i];
		const char *name = ynode_get_str(item, "name");
		int safe = 0;

		if (name == NULL)
			continue;
		for (j = 0; j < ARRAY_SIZE(safe_sysctls); j++)
			if (strcmp(safe_sysctls[j].name, name) == 0 &&
			    safe_sysctls[j].since <= minor)
				safe = 1;
		if (safe)
			continue;
		wl_fail(w, ctx, &o->ref, RULE_K8S_UNSAFE_SYSCTLS, -1,
		    ynode_get(item, "name"),
		    k8s_fmt(ctx, "%s.securityContext.sysctls[%zu].name",
		        o->pod_spec_path, i),
		    name, "a sysctl of the Pod Security baseline safe set",
		    "sysctl %s is not in the safe set and may affect the node or other pods",
		    name);
	}
}

/* seLinuxOptions of one level (pod or container). */
static void
selinux_level(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o, const struct ynode *opts, const char *base)
{
	const char *user, *role, *type;

	if (opts == NULL || opts->type != YNODE_MAP)
		return;
	user = ynode_get_str(opts, "user");
	role = ynode_get_str(opts, "role");
	type = ynode_get_str(opts, "type");
	if (user != NULL && user[0] != '\0')
		wl_fail(w, ctx, &o->ref, RULE_K8S_SELINUX_CUSTOM, -1,
		    ynode_get(opts, "user"), k8s_fmt(ctx, "%s.user", base),
		    user, "unset", "custom SELinux user %s", user);
	if (role != NULL && role[0] != '\0')
		wl_fail(w, ctx, &o->ref, RULE_K8S_SELINUX_CUSTOM, -1,
		    ynode_get(opts, "role"), k8s_fmt(ctx, "%s.role", base),
		    role, "unset", "custom SELinux role %s", role);
	if (type != NULL && type[0] != '\0' &&
	    !in_list(type, selinux_types, ARRAY_SIZE(selinux_types)))
		wl_fail(w, ctx, &o->ref, RULE_K8S_SELINUX_CUSTOM, -1,
		    ynode_get(opts, "type"), k8s_fmt(ctx, "%s.type", base),
		    type,
		    "container_t, container_init_t, container_kvm_t or container_engine_t",
		    "SELinux type %s is not a container type", type);
}

static int
path_under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(path, prefix, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

/* Severity of a hostPath by its (normalised) path. */
static enum severity
host_path_severity(const char *path)
{
	size_t i;

	if (strcmp(path, "/") == 0)
		return SEV_HIGH;
	for (i = 0; i < ARRAY_SIZE(sensitive_paths); i++)
		if (path_under(path, sensitive_paths[i]))
			return SEV_HIGH;
	return SEV_MEDIUM;
}

/* Is volume name mounted writable by any container? */
static const struct k8s_container *
writable_mount(const struct k8s_object *o, const char *name,
    const struct ynode **mount)
{
	size_t i, j;

	for (i = 0; i < o->ncontainers; i++) {
		const struct ynode *vm =
		    ynode_get(o->containers[i].node, "volumeMounts");

		if (vm == NULL || vm->type != YNODE_SEQ)
			continue;
		for (j = 0; j < vm->n; j++) {
			const char *n = ynode_get_str(vm->u.items[j], "name");

			if (n == NULL || strcmp(n, name) != 0)
				continue;
			if (!bool_true(ynode_get(vm->u.items[j], "readOnly"))) {
				*mount = vm->u.items[j];
				return &o->containers[i];
			}
		}
	}
	return NULL;
}

static void
host_paths(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o)
{
	const struct ynode *vols = ynode_get(o->pod_spec, "volumes");
	size_t i;

	wl_eval(w, RULE_K8S_HOST_PATH_VOLUME);
	if (vols == NULL || vols->type != YNODE_SEQ)
		return;
	for (i = 0; i < vols->n; i++) {
		const struct ynode *hp =
		    ynode_get(vols->u.items[i], "hostPath");
		const char *path = ynode_get_str(hp, "path");
		const char *name = ynode_get_str(vols->u.items[i], "name");
		const struct k8s_container *c = NULL;
		const struct ynode *mount = NULL;
		const char *norm;
		enum severity sev;

		if (hp == NULL || ynode_is_null(hp))
			continue;
		norm =
		    k8s_path_normalise(ctx->scratch, path != NULL ? path : "");
		sev = host_path_severity(norm);
		if (name != NULL)
			c = writable_mount(o, name, &mount);
		if (c != NULL)
			sev = sev == SEV_HIGH ? SEV_CRITICAL : SEV_HIGH;
		wl_fail(w, ctx, &o->ref, RULE_K8S_HOST_PATH_VOLUME, (int)sev,
		    ynode_get(hp, "path"),
		    k8s_fmt(ctx, "%s.volumes[%zu].hostPath.path",
		        o->pod_spec_path, i),
		    norm, "no hostPath, or a narrow path mounted readOnly",
		    c != NULL ?
		        "volume %s mounts the node's %s, writable by %s %s" :
		        "volume %s mounts the node's %s%s%s",
		    name != NULL ? name : "?", norm,
		    c != NULL ? k8s_cclass_name(c->cls) : "",
		    c != NULL ? c->name : "");
	}
}

/* A PersistentVolume backed by a node directory. */
static void
pv_host_path(struct k8s_ctx *ctx, const struct k8s_object *o)
{
	static const char *const kinds[] = { "hostPath", "local" };
	size_t i;
	int fired = 0;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		const struct ynode *src =
		    ynode_get(ynode_get(o->root, "spec"), kinds[i]);
		const char *path = ynode_get_str(src, "path");
		const char *norm;

		if (src == NULL || ynode_is_null(src))
			continue;
		norm =
		    k8s_path_normalise(ctx->scratch, path != NULL ? path : "");
		k8s_fail(ctx, &o->ref, RULE_K8S_HOST_PATH_VOLUME,
		    (int)host_path_severity(norm), ynode_get(src, "path"),
		    k8s_fmt(ctx, "spec.%s.path", kinds[i]), norm,
		    "a network or CSI volume, not a node directory",
		    "PersistentVolume exposes the node's %s to every pod that claims it",
		    norm);
		fired = 1;
	}
	if (!fired)
		k8s_pass(ctx, &o->ref, RULE_K8S_HOST_PATH_VOLUME);
}

static void
host_ports(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o, const struct k8s_container *c)
{
	const struct ynode *ports = ynode_get(c->node, "ports");
	size_t i;

	for (i = 0; i < ynode_len(ports) && ports->type == YNODE_SEQ; i++) {
		const struct ynode *hp =
		    ynode_get(ports->u.items[i], "hostPort");
		long long v;

		if (!k8s_get_int(hp, &v) || v <= 0)
			continue;
		wl_fail(w, ctx, &o->ref, RULE_K8S_HOST_PORT, -1, hp,
		    k8s_cpath(o, c, k8s_fmt(ctx, "ports[%zu].hostPort", i)),
		    k8s_text(hp), "no hostPort (use a Service)",
		    "%s %s binds port %lld on the node",
		    k8s_cclass_name(c->cls), c->name, v);
	}
}

static void
capabilities(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o, const struct k8s_container *c)
{
	const struct ynode *caps =
	    ynode_path(c->node, "securityContext.capabilities");
	const struct ynode *drop = ynode_get(caps, "drop");
	const struct ynode *add = ynode_get(caps, "add");
	int restricted = ctx->level >= LEVEL_ELEVATED;
	struct strbuf bad = STRBUF_INIT;
	enum severity sev = SEV_MEDIUM;
	const char *spelling = NULL;
	size_t i;
	int all = 0, exact = 0;

	for (i = 0; i < ynode_len(drop) && drop->type == YNODE_SEQ; i++) {
		const char *s = ynode_str(drop->u.items[i]);

		if (s == NULL || strcmp(cap_norm(ctx, s), "ALL") != 0)
			continue;
		all = 1;
		if (strcmp(s, "ALL") == 0)
			exact = 1;
		else if (spelling == NULL)
			spelling = s;
	}
	if (!all)
		wl_fail(w, ctx, &o->ref, RULE_K8S_CAPABILITIES_DROP_ALL, -1,
		    drop != NULL     ? drop :
		        caps != NULL ? caps :
		                       c->node,
		    k8s_cpath(o, c, "securityContext.capabilities.drop"),
		    drop != NULL ? "ALL not listed" : "unset", "[\"ALL\"]",
		    "%s %s keeps the runtime's default capabilities",
		    k8s_cclass_name(c->cls), c->name);
	else if (!exact)
		wl_fail(w, ctx, &o->ref, RULE_K8S_CAPABILITIES_DROP_ALL,
		    SEV_LOW, drop,
		    k8s_cpath(o, c, "securityContext.capabilities.drop"),
		    spelling, "ALL",
		    "%s %s drops '%s': runtimes accept it, but Pod Security admission compares literally and expects ALL",
		    k8s_cclass_name(c->cls), c->name, spelling);

	for (i = 0; i < ynode_len(add) && add->type == YNODE_SEQ; i++) {
		const char *s = ynode_str(add->u.items[i]);
		const char *n;

		if (s == NULL)
			continue;
		n = cap_norm(ctx, s);
		if (restricted ?
		        strcmp(n, "NET_BIND_SERVICE") == 0 :
		        in_list(n, caps_baseline, ARRAY_SIZE(caps_baseline)))
			continue;
		if (in_list(n, caps_dangerous, ARRAY_SIZE(caps_dangerous)))
			sev = SEV_HIGH;
		if (bad.len > 0)
			strbuf_addstr(&bad, ", ");
		strbuf_addstr(&bad, n);
	}
	if (bad.len > 0)
		wl_fail(w, ctx, &o->ref, RULE_K8S_CAPABILITIES_ADDED, (int)sev,
		    add, k8s_cpath(o, c, "securityContext.capabilities.add"),
		    bad.buf,
		    restricted ?
		        "at most NET_BIND_SERVICE" :
		        "only capabilities of the Pod Security baseline",
		    "%s %s adds %s", k8s_cclass_name(c->cls), c->name, bad.buf);
	strbuf_release(&bad);
}

static void
run_as_root(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o, const struct k8s_container *c)
{
	enum k8s_sc_from ufrom, nfrom;
	const struct ynode *uv = k8s_sc_get(o, c, "runAsUser", &ufrom, NULL);
	const struct ynode *nv = k8s_sc_get(o, c, "runAsNonRoot", &nfrom, NULL);
	const char *upath, *npath;
	long long uid = -1;
	int nonroot = 0, userns = 0, b;
	int has_uid = k8s_get_int(uv, &uid);

	if (k8s_get_bool(ynode_get(o->pod_spec, "hostUsers"), &b) && !b)
		userns = 1;
	(void)k8s_get_bool(nv, &nonroot);
	if (has_uid && uid == 0) {
		upath = k8s_sc_path(o, c, "runAsUser", ufrom);
		if (nonroot)
			wl_fail(w, ctx, &o->ref, RULE_K8S_RUN_AS_ROOT, -1, uv,
			    upath, "runAsUser: 0 with runAsNonRoot: true",
			    "a non-zero runAsUser",
			    "%s %s: runAsNonRoot: true contradicts runAsUser: 0; the kubelet refuses to start it",
			    k8s_cclass_name(c->cls), c->name);
		else
			wl_fail(w, ctx, &o->ref, RULE_K8S_RUN_AS_ROOT,
			    userns ? SEV_LOW : SEV_HIGH, uv, upath, "0",
			    "a non-zero runAsUser", "%s %s runs as UID 0%s",
			    k8s_cclass_name(c->cls), c->name,
			    userns ?
			        " (inside a user namespace: hostUsers: false)" :
			        "");
		return;
	}
	if (has_uid && uid > 0)
		return;
	if (nonroot)
		return;
	npath = k8s_sc_path(o, c, "runAsNonRoot", nfrom);
	wl_fail(w, ctx, &o->ref, RULE_K8S_RUN_AS_ROOT, userns ? SEV_LOW : -1,
	    nv != NULL ? nv : c->node, npath,
	    nv != NULL ? k8s_text(nv) : "unset",
	    "runAsNonRoot: true or a non-zero runAsUser",
	    "%s %s: neither runAsNonRoot: true nor a non-zero runAsUser is set; the image decides whether it runs as root",
	    k8s_cclass_name(c->cls), c->name);
}

/*
 * An annotation of the pod (template) metadata; *at and *path (scratch)
 * say where it is.
 */
static const char *
annotation(struct k8s_ctx *ctx, const struct k8s_object *o, const char *key,
    const struct ynode **at, const char **path)
{
	const struct ynode *v =
	    ynode_get(ynode_get(o->pod_meta, "annotations"), key);

	if (v == NULL || v->type != YNODE_SCALAR || ynode_is_null(v))
		return NULL;
	*at = v;
	*path = k8s_fmt(ctx, "%s.annotations.%s", o->wl->meta_path, key);
	return v->u.s;
}

static void
seccomp(struct wl_verdicts *w, struct k8s_ctx *ctx, const struct k8s_object *o,
    const struct k8s_container *c)
{
	const char *path, *type, *ann, *apath = NULL;
	const struct ynode *aat = NULL;
	enum k8s_sc_from from;
	const struct ynode *tv =
	    k8s_sc_get(o, c, "seccompProfile.type", &from, NULL);
	int node_default = bool_true(k8s_config(ctx, "seccomp-default"));

	type = wl_str(tv);
	if (type != NULL && strcmp(type, "RuntimeDefault") == 0)
		return;
	path = k8s_sc_path(o, c, "seccompProfile.type", from);
	if (type != NULL && strcmp(type, "Localhost") == 0 &&
	    k8s_sc_get(o, c, "seccompProfile.localhostProfile", NULL, NULL) ==
	        NULL)
		k8s_fail(ctx, &o->ref, RULE_K8S_SCHEMA_TYPE_MISMATCH, -1, tv,
		    path, "Localhost", "a localhostProfile",
		    "seccompProfile type Localhost needs localhostProfile; the API server rejects it");
	if (type != NULL && strcmp(type, "Unconfined") != 0)
		return;
	if (type == NULL && node_default)
		return; /* every kubelet defaults to RuntimeDefault */
	ann = annotation(ctx, o,
	    k8s_fmt(ctx, "container.seccomp.security.alpha.kubernetes.io/%s",
	        c->name),
	    &aat, &apath);
	if (ann == NULL)
		ann = annotation(ctx, o,
		    "seccomp.security.alpha.kubernetes.io/pod", &aat, &apath);
	if (type == NULL && ann != NULL) {
		wl_fail(w, ctx, &o->ref, RULE_K8S_DEPRECATED_SECCOMP_ANNOTATION,
		    -1, aat, apath, ann, "securityContext.seccompProfile",
		    "%s %s: the seccomp annotation (%s) is ignored since Kubernetes 1.27",
		    k8s_cclass_name(c->cls), c->name, ann);
	}
	wl_fail(w, ctx, &o->ref, RULE_K8S_SECCOMP_UNCONFINED, -1,
	    tv != NULL ? tv : c->node, path, type != NULL ? type : "unset",
	    "RuntimeDefault or Localhost",
	    type != NULL ?
	        "%s %s runs with seccomp Unconfined" :
	        "%s %s has no seccomp profile (Unconfined unless the kubelet sets seccompDefault)",
	    k8s_cclass_name(c->cls), c->name);
}

static void
apparmor(struct wl_verdicts *w, struct k8s_ctx *ctx, const struct k8s_object *o,
    const struct k8s_container *c)
{
	const char *path, *ann, *apath = NULL;
	const struct ynode *aat = NULL;
	enum k8s_sc_from from;
	const struct ynode *tv =
	    k8s_sc_get(o, c, "appArmorProfile.type", &from, NULL);
	const char *type = wl_str(tv);

	if (type != NULL && strcmp(type, "Unconfined") == 0) {
		path = k8s_sc_path(o, c, "appArmorProfile.type", from);
		wl_fail(w, ctx, &o->ref, RULE_K8S_APPARMOR_UNCONFINED, -1, tv,
		    path, type, "RuntimeDefault or Localhost",
		    "%s %s runs without AppArmor confinement",
		    k8s_cclass_name(c->cls), c->name);
		return;
	}
	ann = annotation(ctx, o,
	    k8s_fmt(ctx, "container.apparmor.security.beta.kubernetes.io/%s",
	        c->name),
	    &aat, &apath);
	if (type == NULL && ann != NULL && strcmp(ann, "unconfined") == 0)
		wl_fail(w, ctx, &o->ref, RULE_K8S_APPARMOR_UNCONFINED, -1, aat,
		    apath, ann, "runtime/default or localhost/PROFILE",
		    "%s %s runs without AppArmor confinement (annotation)",
		    k8s_cclass_name(c->cls), c->name);
}

static void
container_rules(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o, const struct k8s_container *c, int host_net)
{
	const char *field;
	enum k8s_sc_from from;
	const struct ynode *v;
	const char *s;
	int linux = !o->windows;

	/* privileged */
	wl_eval(w, RULE_K8S_PRIVILEGED_CONTAINER);
	v = k8s_sc_get(o, c, "privileged", &from, NULL);
	field = "privileged";
	if (bool_true(v))
		wl_fail(w, ctx, &o->ref, RULE_K8S_PRIVILEGED_CONTAINER, -1, v,
		    k8s_sc_path(o, c, field, from), k8s_text(v),
		    "false or unset",
		    "%s %s runs privileged: full access to the node",
		    k8s_cclass_name(c->cls), c->name);

	/* Windows host process (pod or container level) */
	wl_eval(w, RULE_K8S_WINDOWS_HOST_PROCESS);
	v = k8s_sc_get(o, c, "windowsOptions.hostProcess", &from, NULL);
	field = "windowsOptions.hostProcess";
	if (bool_true(v))
		wl_fail(w, ctx, &o->ref, RULE_K8S_WINDOWS_HOST_PROCESS, -1, v,
		    k8s_sc_path(o, c, field, from), k8s_text(v),
		    "false or unset", "%s %s runs as a Windows host process",
		    k8s_cclass_name(c->cls), c->name);

	/* hostPort: not for ephemeral containers; suppressed by hostNetwork */
	if (c->cls != K8S_C_EPHEMERAL) {
		if (host_net)
			wl_na(w, RULE_K8S_HOST_PORT);
		else {
			wl_eval(w, RULE_K8S_HOST_PORT);
			host_ports(w, ctx, o, c);
		}
	}

	if (!linux) {
		wl_na(w, RULE_K8S_PRIVILEGE_ESCALATION);
		wl_na(w, RULE_K8S_CAPABILITIES_DROP_ALL);
		wl_na(w, RULE_K8S_CAPABILITIES_ADDED);
		wl_na(w, RULE_K8S_RUN_AS_ROOT);
		wl_na(w, RULE_K8S_ROOT_FILESYSTEM_WRITABLE);
		wl_na(w, RULE_K8S_SECCOMP_UNCONFINED);
		wl_na(w, RULE_K8S_UNSAFE_PROC_MOUNT);
		wl_na(w, RULE_K8S_SELINUX_CUSTOM);
		wl_na(w, RULE_K8S_APPARMOR_UNCONFINED);
		return;
	}

	/* allowPrivilegeEscalation: unset counts as true */
	wl_eval(w, RULE_K8S_PRIVILEGE_ESCALATION);
	v = k8s_sc_get(o, c, "allowPrivilegeEscalation", &from, NULL);
	field = "allowPrivilegeEscalation";
	{
		int b = 1;

		if (k8s_get_bool(v, &b) && !b) {
			const struct ynode *pv =
			    k8s_sc_get(o, c, "privileged", NULL, NULL);

			if (bool_true(pv))
				k8s_fail(ctx, &o->ref,
				    RULE_K8S_SCHEMA_TYPE_MISMATCH, -1, v,
				    k8s_sc_path(o, c, field, from),
				    "allowPrivilegeEscalation: false with privileged: true",
				    "not both",
				    "%s %s: allowPrivilegeEscalation: false contradicts privileged: true; the API server rejects the object",
				    k8s_cclass_name(c->cls), c->name);
		} else {
			wl_fail(w, ctx, &o->ref, RULE_K8S_PRIVILEGE_ESCALATION,
			    -1, v != NULL ? v : c->node,
			    k8s_sc_path(o, c, field, from),
			    v != NULL ? k8s_text(v) : "unset", "false",
			    "%s %s may gain privileges through setuid binaries (allowPrivilegeEscalation %s)",
			    k8s_cclass_name(c->cls), c->name,
			    v != NULL ? "true" : "unset");
		}
	}

	wl_eval(w, RULE_K8S_CAPABILITIES_DROP_ALL);
	wl_eval(w, RULE_K8S_CAPABILITIES_ADDED);
	capabilities(w, ctx, o, c);

	wl_eval(w, RULE_K8S_RUN_AS_ROOT);
	run_as_root(w, ctx, o, c);

	wl_eval(w, RULE_K8S_ROOT_FILESYSTEM_WRITABLE);
	v = k8s_sc_get(o, c, "readOnlyRootFilesystem", &from, NULL);
	field = "readOnlyRootFilesystem";
	if (!bool_true(v))
		wl_fail(w, ctx, &o->ref, RULE_K8S_ROOT_FILESYSTEM_WRITABLE, -1,
		    v != NULL ? v : c->node, k8s_sc_path(o, c, field, from),
		    v != NULL ? k8s_text(v) : "unset", "true",
		    "%s %s has a writable root file system",
		    k8s_cclass_name(c->cls), c->name);

	wl_eval(w, RULE_K8S_SECCOMP_UNCONFINED);
	wl_eval(w, RULE_K8S_DEPRECATED_SECCOMP_ANNOTATION);
	seccomp(w, ctx, o, c);

	wl_eval(w, RULE_K8S_UNSAFE_PROC_MOUNT);
	v = k8s_sc_get(o, c, "procMount", &from, NULL);
	field = "procMount";
	s = wl_str(v);
	if (s != NULL && strcmp(s, "Default") != 0)
		wl_fail(w, ctx, &o->ref, RULE_K8S_UNSAFE_PROC_MOUNT, -1, v,
		    k8s_sc_path(o, c, field, from), s, "Default or unset",
		    "%s %s uses procMount %s: /proc is not masked",
		    k8s_cclass_name(c->cls), c->name, s);

	wl_eval(w, RULE_K8S_SELINUX_CUSTOM);
	selinux_level(w, ctx, o,
	    ynode_path(c->node, "securityContext.seLinuxOptions"),
	    k8s_cpath(o, c, "securityContext.seLinuxOptions"));

	wl_eval(w, RULE_K8S_APPARMOR_UNCONFINED);
	apparmor(w, ctx, o, c);
}

static void
podsec_object(struct k8s_ctx *ctx, const struct k8s_object *o)
{
	struct wl_verdicts w;
	struct k8s_citer it;
	struct k8s_container c;
	int host_net;

	if (o->cluster_scoped && strcmp(o->kind, "PersistentVolume") == 0 &&
	    o->group[0] == '\0') {
		pv_host_path(ctx, o);
		return;
	}
	if (o->pod_spec == NULL)
		return;
	wl_begin(&w, podsec_rules, ARRAY_SIZE(podsec_rules));
	host_namespaces(&w, ctx, o);
	host_users(&w, ctx, o);
	sysctls(&w, ctx, o);
	host_paths(&w, ctx, o);
	if (!o->windows) {
		wl_eval(&w, RULE_K8S_SELINUX_CUSTOM);
		selinux_level(&w, ctx, o,
		    ynode_path(o->pod_spec, "securityContext.seLinuxOptions"),
		    k8s_pod_path(o, "securityContext.seLinuxOptions"));
	}
	host_net = bool_true(ynode_get(o->pod_spec, "hostNetwork"));
	k8s_citer_init(&it, o, K8S_C_ALL);
	while (k8s_citer_next(&it, &c))
		container_rules(&w, ctx, o, &c, host_net);
	wl_end(&w, ctx, &o->ref);
}

static const char *const podsec_keys[] = { "kubernetes-version",
	"seccomp-default", NULL };

const struct k8s_check k8s_check_podsec = {
	.name = "podsec",
	.object = podsec_object,
	.config_keys = podsec_keys,
};
