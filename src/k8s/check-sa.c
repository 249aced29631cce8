/*
 * check-sa.c - per-pod service account and Secret rules: pods under the
 * default service account (APP.4.4.A9 §1), the deprecated serviceAccount
 * alias, and Secrets read into environment variables (A2 §3, CIS 5.4.1).
 *
 * k8s/default-service-account is low when the effective token automount
 * is off (reference §2.3 C): the pod's own field decides at once; when the
 * pod leaves it unset, a ServiceAccount "default" in the same namespace of
 * the input may switch it off, so those findings wait for the finish hook.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "k8s/check.h"
#include "k8s/wl.h"
#include "util/strbuf.h"

#include "util/banned.h"

struct sa_pending {
	struct sa_pending *next;
	const struct k8s_ref *ref;
	const char *path;
	unsigned line, col;
	int implicit; /* no serviceAccountName at all */
};

struct sa_noauto {
	struct sa_noauto *next;
	const char *ns; /* namespace whose SA default sets automount false */
};

struct sa_state {
	struct sa_pending *pending, **tail;
	struct sa_noauto *noauto;
};

static const enum rule_id sa_rules[] = {
	RULE_K8S_DEFAULT_SERVICE_ACCOUNT,
	RULE_K8S_DEPRECATED_SERVICE_ACCOUNT_FIELD,
	RULE_K8S_SECRET_AS_ENV,
};

static void
default_sa(struct wl_verdicts *w, struct k8s_ctx *ctx, struct sa_state *st,
    const struct k8s_object *o)
{
	const struct ynode *san = ynode_get(o->pod_spec, "serviceAccountName");
	const struct ynode *sa = ynode_get(o->pod_spec, "serviceAccount");
	const struct ynode *am =
	    ynode_get(o->pod_spec, "automountServiceAccountToken");
	const struct ynode *at = san;
	const char *name = wl_str(san), *path = "serviceAccountName";
	struct sa_pending *p;
	int b;

	wl_eval(w, RULE_K8S_DEPRECATED_SERVICE_ACCOUNT_FIELD);
	if (wl_str(sa) != NULL) {
		const char *s = wl_str(sa);

		wl_fail(w, ctx, &o->ref,
		    RULE_K8S_DEPRECATED_SERVICE_ACCOUNT_FIELD, -1, sa,
		    k8s_pod_path(o, "serviceAccount"), s, "serviceAccountName",
		    name != NULL && strcmp(name, s) != 0 ?
		        "spec.serviceAccount (%s) is deprecated and differs from serviceAccountName (%s), which wins" :
		        "spec.serviceAccount (%s) is the deprecated alias of serviceAccountName%s",
		    s, name != NULL && strcmp(name, s) != 0 ? name : "");
	}
	if ((name == NULL || name[0] == '\0') && wl_str(sa) != NULL) {
		name = wl_str(sa);
		at = sa;
		path = "serviceAccount";
	}
	wl_eval(w, RULE_K8S_DEFAULT_SERVICE_ACCOUNT);
	if (name != NULL && name[0] != '\0' && strcmp(name, "default") != 0)
		return;
	if (k8s_get_bool(am, &b)) {
		int low = !b;

		wl_fail(w, ctx, &o->ref, RULE_K8S_DEFAULT_SERVICE_ACCOUNT,
		    low ? SEV_LOW : -1, at != NULL ? at : o->pod_spec,
		    k8s_pod_path(o, path),
		    name != NULL ? name : "unset (default)",
		    "a ServiceAccount of the application",
		    "pod runs as the namespace's default service account%s",
		    low ?
		        " (token not mounted: automountServiceAccountToken: false)" :
		        " with its token mounted");
		return;
	}
	/* Depends on ServiceAccount default of the namespace: decide later. */
	wl_fired(w, RULE_K8S_DEFAULT_SERVICE_ACCOUNT);
	if (!k8s_on(ctx, RULE_K8S_DEFAULT_SERVICE_ACCOUNT))
		return;
	p = arena_calloc(&ctx->keep, 1, sizeof(*p));
	p->ref = k8s_keep_ref(ctx, &o->ref);
	p->path = k8s_keep_str(ctx, k8s_pod_path(o, path));
	p->line = (at != NULL ? at : o->pod_spec)->line;
	p->col = (at != NULL ? at : o->pod_spec)->col;
	p->implicit = name == NULL;
	*st->tail = p;
	st->tail = &p->next;
}

static void
secret_env(struct wl_verdicts *w, struct k8s_ctx *ctx,
    const struct k8s_object *o, const struct k8s_container *c)
{
	const struct ynode *env = ynode_get(c->node, "env");
	const struct ynode *from = ynode_get(c->node, "envFrom");
	size_t i;

	for (i = 0; env != NULL && env->type == YNODE_SEQ && i < env->n; i++) {
		const struct ynode *ref =
		    ynode_path(env->u.items[i], "valueFrom.secretKeyRef");
		const char *var = ynode_get_str(env->u.items[i], "name");

		if (ref == NULL || ynode_is_null(ref))
			continue;
		wl_fail(w, ctx, &o->ref, RULE_K8S_SECRET_AS_ENV, -1, ref,
		    k8s_cpath(o, c,
		        k8s_fmt(ctx, "env[%zu].valueFrom.secretKeyRef", i)),
		    k8s_fmt(ctx, "Secret %s key %s",
		        ynode_get_str(ref, "name") ?
		            ynode_get_str(ref, "name") :
		            "?",
		        ynode_get_str(ref, "key") ? ynode_get_str(ref, "key") :
		                                    "?"),
		    "a Secret volume",
		    "%s %s reads a Secret into environment variable %s",
		    k8s_cclass_name(c->cls), c->name, var != NULL ? var : "?");
	}
	for (i = 0; from != NULL && from->type == YNODE_SEQ && i < from->n;
	     i++) {
		const struct ynode *ref =
		    ynode_get(from->u.items[i], "secretRef");

		if (ref == NULL || ynode_is_null(ref))
			continue;
		wl_fail(w, ctx, &o->ref, RULE_K8S_SECRET_AS_ENV, -1, ref,
		    k8s_cpath(o, c, k8s_fmt(ctx, "envFrom[%zu].secretRef", i)),
		    k8s_fmt(ctx, "Secret %s",
		        ynode_get_str(ref, "name") ?
		            ynode_get_str(ref, "name") :
		            "?"),
		    "a Secret volume",
		    "%s %s imports every key of a Secret as environment variables",
		    k8s_cclass_name(c->cls), c->name);
	}
}

static void
sa_object(struct k8s_ctx *ctx, const struct k8s_object *o)
{
	struct sa_state *st = k8s_state(ctx, "service-accounts", sizeof(*st));
	struct wl_verdicts w;
	struct k8s_citer it;
	struct k8s_container c;

	if (st->tail == NULL)
		st->tail = &st->pending;
	if (strcmp(o->kind, "ServiceAccount") == 0 && o->group[0] == '\0') {
		int b;

		if (strcmp(o->name, "default") == 0 &&
		    k8s_get_bool(ynode_get(o->root,
		                     "automountServiceAccountToken"),
		        &b) &&
		    !b) {
			struct sa_noauto *n =
			    arena_calloc(&ctx->keep, 1, sizeof(*n));

			n->ns = k8s_keep_str(ctx, o->ns);
			n->next = st->noauto;
			st->noauto = n;
		}
		return;
	}
	if (o->pod_spec == NULL)
		return;
	wl_begin(&w, sa_rules, ARRAY_SIZE(sa_rules));
	default_sa(&w, ctx, st, o);
	wl_eval(&w, RULE_K8S_SECRET_AS_ENV);
	k8s_citer_init(&it, o, K8S_C_APP | K8S_C_INIT | K8S_C_SIDECAR);
	while (k8s_citer_next(&it, &c))
		secret_env(&w, ctx, o, &c);
	wl_end(&w, ctx, &o->ref);
}

static void
sa_finish(struct k8s_ctx *ctx)
{
	struct sa_state *st = k8s_state(ctx, "service-accounts", sizeof(*st));
	struct sa_pending *p;

	for (p = st->pending; p != NULL; p = p->next) {
		struct finding f =
		    k8s_finding(RULE_K8S_DEFAULT_SERVICE_ACCOUNT, STATUS_FAIL);
		const struct sa_noauto *n;
		int off = 0;

		for (n = st->noauto; n != NULL; n = n->next)
			if (p->ref->ns != NULL &&
			    strcmp(n->ns, p->ref->ns) == 0)
				off = 1;
		if (off)
			f.severity = SEV_LOW;
		f.line = p->line;
		f.col = p->col;
		f.path = p->path;
		f.evidence = p->implicit ? "unset (default)" : "default";
		f.expected = "a ServiceAccount of the application";
		f.message = off ?
		    "pod runs as the namespace's default service account (its token is not mounted: ServiceAccount default sets automountServiceAccountToken: false)" :
		    "pod runs as the namespace's default service account, with its token mounted (no automountServiceAccountToken: false on the pod or on a ServiceAccount default in the scanned input)";
		k8s_add(ctx, p->ref, NULL, &f);
	}
}

const struct k8s_check k8s_check_sa = {
	.name = "service-accounts",
	.object = sa_object,
	.finish = sa_finish,
};
