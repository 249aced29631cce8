/*
 * t-k8s-scan.c - unit tests for the Kubernetes scan pipeline over memory:
 * HELM_NAMESPACE, configuration validation, the check context (state,
 * kept refs with waivers) and per-rule tallies of a small scan.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "core/result.h"
#include "k8s/check.h"
#include "k8s/k8s.h"
#include "test.h"
#include "util/yload.h"

/* Scan text with all rules at the elevated level; caller frees. */
static struct result *
scan(const char *text, const struct k8s_opts *o)
{
	static char all[] = "k8s/*";
	char *only[] = { all };
	struct policy p;
	struct result *r;
	struct rp_diag d;

	policy_init(&p);
	p.level = LEVEL_ELEVATED;
	p.only = only;
	p.nonly = 1;
	r = result_new("k8s scan", &p);
	rp_diag_init(&d);
	if (k8s_scan_mem(text, strlen(text), "t.yaml", o, r, &d) != 0) {
		result_free(r);
		return NULL;
	}
	return r;
}

static uint64_t
count(const struct result *r, const char *id, enum status st)
{
	const struct rule *rule = rule_find(id);

	return rule != NULL ? r->counts[rule_index(rule)].status[st] : 0;
}

static void
test_helm_namespace(void)
{
	struct k8s_opts o;
	struct result *r;
	static const char cm[] = "apiVersion: v1\nkind: ConfigMap\n"
	                         "metadata: {name: x}\n";

	setenv("HELM_NAMESPACE", "default", 1);
	k8s_opts_init(&o);
	CHECK_STR(o.assume_namespace, "default");
	r = scan(cm, &o);
	CHECK(r != NULL);
	CHECK(count(r, "k8s/workload-in-default-namespace", STATUS_FAIL) == 1);
	result_free(r);
	setenv("HELM_NAMESPACE", "", 1);
	k8s_opts_init(&o);
	CHECK(o.assume_namespace == NULL);
	r = scan(cm, &o);
	CHECK(count(r, "k8s/workload-in-default-namespace", STATUS_FAIL) == 0);
	CHECK(count(r, "k8s/workload-in-default-namespace", STATUS_NA) == 1);
	result_free(r);
	unsetenv("HELM_NAMESPACE");
}

static void
test_config_check(void)
{
	struct yload *y = NULL;
	struct arena a;
	struct ydoc doc;
	struct rp_diag d;
	static const char good[] = "registries: [a]\nseccomp-default: true\n"
	                           "require-cpu-limit: false\n"
	                           "system-workloads: [x]\n"
	                           "kubernetes-version: \"1.30\"\n";
	static const char bad[] = "registries: [a]\nregistry: b\n";

	arena_init(&a, 0);
	rp_diag_init(&d);
	CHECK(yload_open_mem(&y, good, strlen(good), "c", NULL) == 0);
	CHECK(yload_next(y, &a, &doc, &d) == 1);
	CHECK(k8s_config_check(doc.root, &d) == 0);
	yload_free(y);
	CHECK(yload_open_mem(&y, bad, strlen(bad), "c", NULL) == 0);
	CHECK(yload_next(y, &a, &doc, &d) == 1);
	CHECK(k8s_config_check(doc.root, &d) == RP_EINVAL);
	CHECK(strstr(d.msg, "registry") != NULL && d.line == 2);
	CHECK(k8s_config_check(NULL, &d) == 0);
	yload_free(y);
	arena_release(&a);
}

static void
test_ctx_keep(void)
{
	struct policy p;
	struct result *r;
	struct k8s_opts o;
	struct k8s_ctx ctx;
	static char rule[] = "k8s/host-pid", any[] = "*", why[] = "agent",
	            src[] = "annotation";
	struct waiver w = { 0 };
	struct k8s_ref ref = { 0 }, ref2;
	const struct k8s_ref *kept, *kept2;
	int *st;

	policy_init(&p);
	r = result_new("k8s scan", &p);
	k8s_opts_init(&o);
	k8s_ctx_init(&ctx, r, &o);
	st = k8s_state(&ctx, "t", sizeof(*st));
	*st = 42;
	CHECK(*(int *)k8s_state(&ctx, "t", sizeof(*st)) == 42);
	CHECK(*(int *)k8s_state(&ctx, "u", sizeof(*st)) == 0);
	w.rule = rule;
	w.subject = any;
	w.justification = why;
	w.source = src;
	memcpy(w.expires, "2099-01-01", 11);
	ref.file = "a.yaml";
	ref.line = 7;
	ref.kind = "Pod";
	ref.ns = "shop";
	ref.name = "p";
	ref.display = "Pod shop/p";
	ref.waivers = &w;
	ref.nwaivers = 1;
	kept = k8s_keep_ref(&ctx, &ref);
	ref2 = ref;
	ref2.nwaivers = 0;
	kept2 = k8s_keep_ref(&ctx, &ref2);
	CHECK(kept->file == kept2->file); /* file names are shared */
	CHECK(kept->nwaivers == 1 && kept->waivers != &w);
	CHECK_STR(kept->waivers[0].justification, "agent");
	CHECK_STR(kept->display, "Pod shop/p");
	/* A failure about a kept ref carries its waivers. */
	k8s_fail(&ctx, kept, RULE_K8S_HOST_PID, -1, NULL, "spec.hostPID",
	    "true", "false", "host %s", "pid");
	CHECK(r->counts[RULE_K8S_HOST_PID].waived == 1);
	CHECK(kept->waivers[0].matched == 1);
	k8s_ctx_release(&ctx);
	result_free(r);
}

static void
test_cross_object(void)
{
	struct k8s_opts o;
	struct result *r;
	/* The LimitRange comes after the workload and still counts. */
	static const char text[] =
	    "apiVersion: apps/v1\nkind: Deployment\n"
	    "metadata: {name: d, namespace: ns}\n"
	    "spec: {template: {spec: {containers: [{name: a, image: x:1}]}}}\n"
	    "---\napiVersion: v1\nkind: LimitRange\n"
	    "metadata: {name: l, namespace: ns}\n"
	    "spec: {limits: [{type: Container, max: {cpu: 1, memory: 1Gi}}]}\n"
	    "---\napiVersion: v1\nkind: ServiceAccount\n"
	    "metadata: {name: default, namespace: ns}\n"
	    "automountServiceAccountToken: false\n";

	k8s_opts_init(&o);
	r = scan(text, &o);
	CHECK(r != NULL);
	CHECK(count(r, "k8s/resources-missing", STATUS_PASS) == 1);
	CHECK(count(r, "k8s/resources-missing", STATUS_FAIL) == 0);
	CHECK(count(r, "k8s/default-service-account", STATUS_FAIL) == 1);
	result_free(r);
}

int
main(void)
{
	TEST_RUN(test_helm_namespace);
	TEST_RUN(test_config_check);
	TEST_RUN(test_ctx_keep);
	TEST_RUN(test_cross_object);
	return test_report();
}
