/*
 * sa.c - service-account rules that relate pods to their ServiceAccounts
 * and tokens (reference §2.3 C, APP.4.4.A9).
 *
 * k8s/sa-token-automount follows the API server's decision: the pod's
 * automountServiceAccountToken wins; unset, the ServiceAccount's field
 * decides; unset there too (or the account not in the input), a token is
 * mounted.  "ServiceAccount not in the scanned files" is said in the
 * finding; k8s.assume-sa-automount: false lets a repository whose accounts
 * are managed elsewhere take them as disabling automount.  Tokens that reach
 * the pod around automount (a projected serviceAccountToken volume, a
 * secret volume of a service-account-token Secret) fire as well.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "k8s/check.h"
#include "k8s/index.h"
#include "util/strbuf.h"

#include "util/banned.h"

static int
ns_listed(struct k8s_ctx *ctx, const char *key, const char *ns)
{
	const char **v;
	size_t n, i;

	v = k8s_config_strv(ctx, key, &n);
	for (i = 0; i < n && ns != NULL; i++)
		if (strcmp(v[i], ns) == 0)
			return 1;
	return 0;
}

/* k8s/default-sa-automount and k8s/long-lived-sa-token: one object each. */
static void
sa_object(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	if (strcmp(obj->group, "") != 0)
		return;
	if (strcmp(obj->kind, "ServiceAccount") == 0 &&
	    strcmp(obj->name, "default") == 0 &&
	    k8s_on(ctx, RULE_K8S_DEFAULT_SA_AUTOMOUNT)) {
		const struct ynode *am =
		    ynode_get(obj->root, "automountServiceAccountToken");
		int v;

		if (ns_listed(ctx, "default-sa-automount-exempt", obj->ns))
			k8s_na(ctx, &obj->ref, RULE_K8S_DEFAULT_SA_AUTOMOUNT,
			    k8s_fmt(ctx,
			        "namespace %s is exempt by configuration (k8s.default-sa-automount-exempt)",
			        obj->ns));
		else if (k8s_get_bool(am, &v) && !v)
			k8s_pass(ctx, &obj->ref, RULE_K8S_DEFAULT_SA_AUTOMOUNT);
		else
			k8s_fail(ctx, &obj->ref, RULE_K8S_DEFAULT_SA_AUTOMOUNT,
			    -1, am, "automountServiceAccountToken",
			    am != NULL ? k8s_text(am) : "unset (true)", "false",
			    "the default service account of namespace %s mounts its token into every pod that names no other account",
			    obj->ns != NULL ? obj->ns : "?");
	}
	if (strcmp(obj->kind, "Secret") == 0 &&
	    k8s_on(ctx, RULE_K8S_LONG_LIVED_SA_TOKEN)) {
		const struct ynode *type = ynode_get(obj->root, "type");
		const char *t = ynode_str(type);
		const char *sa;

		if (t == NULL ||
		    strcmp(t, "kubernetes.io/service-account-token") != 0) {
			k8s_pass(ctx, &obj->ref, RULE_K8S_LONG_LIVED_SA_TOKEN);
			return;
		}
		sa = ynode_get_str(obj->annotations,
		    "kubernetes.io/service-account.name");
		k8s_fail(ctx, &obj->ref, RULE_K8S_LONG_LIVED_SA_TOKEN, -1, type,
		    "type", t, "projected, time-bound tokens",
		    "Secret holds a token that never expires for service account %s",
		    sa != NULL ?
		        sa :
		        "(no kubernetes.io/service-account.name annotation)");
	}
}

static const struct kx_sa *
find_sa(const struct kx_ns *ns, const char *name)
{
	const struct kx_sa *sa;

	for (sa = ns->sas.first; sa != NULL; sa = sa->next)
		if (strcmp(sa->name, name) == 0)
			return sa;
	return NULL;
}

static int
token_secret(const struct kx_ns *ns, const char *name)
{
	size_t i;

	for (i = 0; i < ns->ntoken_secrets; i++)
		if (strcmp(ns->token_secrets[i], name) == 0)
			return 1;
	return 0;
}

/* The sa-token-automount verdict of one pod template. */
static void
automount(struct k8s_ctx *ctx, const struct kx_ns *ns,
    const struct kx_workload *w, int assume_off)
{
	const struct kx_sa *sa = find_sa(ns, w->sa);
	const char *why = NULL;
	size_t i;
	int eff;

	if (w->automount >= 0) {
		eff = w->automount;
	} else if (sa != NULL && sa->automount >= 0) {
		eff = sa->automount;
	} else if (sa == NULL && assume_off) {
		eff = 0;
	} else {
		eff = 1;
	}
	if (eff && w->automount == 1) {
		struct finding f =
		    k8s_finding(RULE_K8S_SA_TOKEN_AUTOMOUNT, STATUS_FAIL);

		f.severity = SEV_LOW;
		f.line = w->automount_line;
		f.path = k8s_fmt(ctx, "%s.automountServiceAccountToken",
		    w->spec_path);
		f.evidence = "true";
		f.expected = "false unless the pod calls the API";
		f.message = k8s_fmt(ctx,
		    "the pod explicitly mounts the token of service account %s (explicit opt-in: justify it or waive the finding)",
		    w->sa);
		k8s_add(ctx, w->ref, NULL, &f);
		return;
	}
	if (eff) {
		struct finding f =
		    k8s_finding(RULE_K8S_SA_TOKEN_AUTOMOUNT, STATUS_FAIL);

		if (sa == NULL)
			why = k8s_fmt(ctx,
			    "neither the pod nor its service account %s disables automountServiceAccountToken; ServiceAccount %s/%s is not in the scanned files, and the default is to mount (set k8s.assume-sa-automount: false if accounts are managed elsewhere)",
			    w->sa, ns->name, w->sa);
		else
			why = k8s_fmt(ctx,
			    "neither the pod nor its service account %s (%s) disables automountServiceAccountToken, so the token is mounted",
			    w->sa, kx_where(ctx, w->ref, sa->ref, 0));
		f.path = k8s_fmt(ctx, "%s.automountServiceAccountToken",
		    w->spec_path);
		f.evidence = sa == NULL ? "unset; ServiceAccount not in input" :
		                          "unset on pod and ServiceAccount";
		f.expected = "false on the pod or its ServiceAccount";
		f.message = why;
		k8s_add(ctx, w->ref, NULL, &f);
		return;
	}
	/* automount off: is a token mounted some other way? */
	if (w->projected_token) {
		struct finding f =
		    k8s_finding(RULE_K8S_SA_TOKEN_AUTOMOUNT, STATUS_FAIL);

		f.severity = SEV_LOW;
		f.line = w->projected_line;
		f.path = k8s_fmt(ctx, "%s.volumes[%u].projected", w->spec_path,
		    w->projected_index);
		f.evidence = "projected serviceAccountToken";
		f.expected = "no token volume unless the pod calls the API";
		f.message = k8s_fmt(ctx,
		    "automount is off, but a projected volume mounts a token of service account %s anyway (time-bound; acceptable when the pod needs it)",
		    w->sa);
		k8s_add(ctx, w->ref, NULL, &f);
		return;
	}
	for (i = 0; i < w->nsecret_vols; i++) {
		const struct kx_volume *v = &w->secret_vols[i];
		struct finding f =
		    k8s_finding(RULE_K8S_SA_TOKEN_AUTOMOUNT, STATUS_FAIL);

		if (!token_secret(ns, v->secret))
			continue;
		f.line = v->line;
		f.path = k8s_fmt(ctx, "%s.volumes[%u].secret.secretName",
		    w->spec_path, v->index);
		f.evidence = v->secret;
		f.expected = "no token volume";
		f.message = k8s_fmt(ctx,
		    "automount is off, but the pod mounts Secret %s, a non-expiring service-account token",
		    v->secret);
		k8s_add(ctx, w->ref, NULL, &f);
		return;
	}
	k8s_pass(ctx, w->ref, RULE_K8S_SA_TOKEN_AUTOMOUNT);
}

static void
nonexistent(struct k8s_ctx *ctx, const struct kx_ns *ns,
    const struct kx_workload *w)
{
	if (strcmp(w->sa, "default") == 0) {
		/* every namespace has one: nothing to look up */
		k8s_pass(ctx, w->ref, RULE_K8S_NONEXISTENT_SERVICE_ACCOUNT);
		return;
	}
	if (find_sa(ns, w->sa) != NULL) {
		k8s_pass(ctx, w->ref, RULE_K8S_NONEXISTENT_SERVICE_ACCOUNT);
		return;
	}
	k8s_fail(ctx, w->ref, RULE_K8S_NONEXISTENT_SERVICE_ACCOUNT, -1, NULL,
	    k8s_fmt(ctx, "%s.serviceAccountName", w->spec_path), w->sa,
	    "a ServiceAccount of that name in the namespace",
	    "service account %s is not in namespace %s in the scanned files: the pod cannot start unless it is created elsewhere, and its settings were not audited with it",
	    w->sa, ns->name);
}

/* Per service account: who uses it, and which applications. */
struct sa_use {
	struct sa_use *next;
	const struct kx_workload *first;
	size_t nusers, napps;
	struct strbuf apps; /* the first few application ids */
};

/* One service account used by workloads of different applications. */
static void
shared(struct k8s_ctx *ctx, const struct kx_ns *ns)
{
	const struct kx_workload *w;
	struct kx_set accounts, pairs;
	struct sa_use *head = NULL, **tail = &head, *u;

	kx_set_init(&accounts, ctx->scratch);
	kx_set_init(&pairs, ctx->scratch);
	for (w = ns->workloads.first; w != NULL; w = w->next) {
		struct kx_set_ent *e;
		int added;

		if (strcmp(w->sa, "default") == 0)
			continue; /* k8s/default-service-account covers it */
		e = kx_set_add(&accounts, w->sa, &added);
		if (added) {
			u = arena_calloc(ctx->scratch, 1, sizeof(*u));
			strbuf_init(&u->apps, 0);
			u->first = w;
			e->val = u;
			*tail = u;
			tail = &u->next;
		}
		u = e->val;
		u->nusers++;
		if (w->app == NULL)
			continue;
		(void)kx_set_add(&pairs,
		    k8s_fmt(ctx, "%s\037%s", w->sa, w->app), &added);
		if (!added)
			continue;
		if (u->napps < 6)
			strbuf_addf(&u->apps, "%s%s", u->napps ? ", " : "",
			    w->app);
		else if (u->napps == 6)
			strbuf_addstr(&u->apps, ", ...");
		u->napps++;
	}
	for (u = head; u != NULL; u = u->next) {
		const struct kx_sa *sa = find_sa(ns, u->first->sa);
		const struct k8s_ref *subj =
		    sa != NULL ? sa->ref : u->first->ref;

		if (u->napps > 1)
			k8s_fail(ctx, subj, RULE_K8S_SHARED_SERVICE_ACCOUNT, -1,
			    NULL, NULL, u->apps.buf,
			    "one service account per application",
			    "service account %s/%s is used by %zu pod templates of %zu applications (%s)",
			    ns->name, u->first->sa, u->nusers, u->napps,
			    u->apps.buf);
		else
			k8s_pass(ctx, subj, RULE_K8S_SHARED_SERVICE_ACCOUNT);
		strbuf_release(&u->apps);
	}
}

static void
sa_finish(struct k8s_ctx *ctx)
{
	struct kx_index *x = kx_index(ctx);
	const struct ynode *assume = k8s_config(ctx, "assume-sa-automount");
	const struct kx_ns *ns;
	const struct kx_workload *w;
	int v, assume_off = 0;

	if (k8s_get_bool(assume, &v))
		assume_off = !v;
	for (ns = x->first; ns != NULL; ns = ns->next) {
		for (w = ns->workloads.first; w != NULL; w = w->next) {
			if (k8s_on(ctx, RULE_K8S_SA_TOKEN_AUTOMOUNT))
				automount(ctx, ns, w, assume_off);
			if (k8s_on(ctx, RULE_K8S_NONEXISTENT_SERVICE_ACCOUNT))
				nonexistent(ctx, ns, w);
		}
		if (k8s_on(ctx, RULE_K8S_SHARED_SERVICE_ACCOUNT))
			shared(ctx, ns);
	}
}

static const char *const sa_keys[] = { "assume-sa-automount",
	"default-sa-automount-exempt", NULL };

const struct k8s_check k8s_check_sa_tokens = {
	.name = "sa-tokens",
	.object = sa_object,
	.finish = sa_finish,
	.config_keys = sa_keys,
};
