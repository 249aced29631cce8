/*
 * t-k8s-object.c - unit tests for the Kubernetes object model: kinds,
 * namespaces, pod templates, container classes, effective security
 * context, label selectors and path normalisation.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "k8s/object.h"
#include "test.h"
#include "util/arena.h"
#include "util/yload.h"

static struct arena a;
static struct yload *y;
static struct ydoc doc;

/* Load the first document of text into the test arena. */
static const struct ynode *
load(const char *text)
{
	struct rp_diag d;

	yload_free(y);
	y = NULL;
	arena_reset(&a);
	if (yload_open_mem(&y, text, strlen(text), "t.yaml", NULL) != 0)
		return NULL;
	rp_diag_init(&d);
	if (yload_next(y, &a, &doc, &d) != 1)
		return NULL;
	return doc.root;
}

static void
test_namespace_resolution(void)
{
	struct k8s_object o;
	struct k8s_object_opts opts = { NULL };
	const struct ynode *r;

	r = load(
	    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n");
	k8s_object_init(&o, &doc, r, NULL, NULL, &a, &opts);
	CHECK_STR(o.ns, K8S_NS_UNSET);
	CHECK(!o.ns_explicit);
	CHECK_STR(o.group, "apps");
	CHECK_STR(o.version, "v1");
	CHECK_STR(o.ref.display, "Deployment <unset>/web");
	opts.assume_namespace = "shop";
	k8s_object_init(&o, &doc, r, NULL, NULL, &a, &opts);
	CHECK_STR(o.ns, "shop");
	CHECK_STR(o.ref.display, "Deployment shop/web");

	r = load("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
	         "metadata: {name: view, namespace: x}\n");
	k8s_object_init(&o, &doc, r, NULL, NULL, &a, &opts);
	CHECK(o.cluster_scoped);
	CHECK(o.ns == NULL);
	CHECK(o.ns_explicit);
	CHECK_STR(o.ref.display, "ClusterRole view");

	r = load("apiVersion: v1\nkind: Pod\nmetadata: {generateName: job-, "
	         "namespace: default}\n");
	k8s_object_init(&o, &doc, r, NULL, NULL, &a, &opts);
	CHECK_STR(o.ns, "default");
	CHECK_STR(o.name, "job-<generated>");
	CHECK_STR(o.group, "");
}

static void
test_pod_templates(void)
{
	struct k8s_object o;
	struct k8s_citer it;
	struct k8s_container c;
	const struct ynode *r;
	int n = 0;

	r = load("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\n"
	         "spec:\n  jobTemplate:\n    spec:\n      template:\n"
	         "        metadata: {labels: {app: c}}\n"
	         "        spec:\n"
	         "          containers: [{name: a}, {name: b}]\n"
	         "          initContainers: [{name: i}, "
	         "{name: s, restartPolicy: Always}]\n"
	         "          ephemeralContainers: [{name: e}]\n");
	k8s_object_init(&o, &doc, r, NULL, NULL, &a, NULL);
	CHECK(o.wl != NULL && (o.wl->flags & K8S_WL_BATCH));
	CHECK(o.pod_spec != NULL);
	CHECK_STR(o.pod_spec_path, "spec.jobTemplate.spec.template.spec");
	CHECK_STR(ynode_get_str(o.pod_labels, "app"), "c");
	CHECK(o.ncontainers == 5);
	k8s_citer_init(&it, &o, K8S_C_ALL);
	while (k8s_citer_next(&it, &c)) {
		switch (n++) {
		case 0:
			CHECK(c.cls == K8S_C_APP);
			CHECK_STR(c.path,
			    "spec.jobTemplate.spec.template.spec.containers[0]");
			break;
		case 2:
			CHECK(c.cls == K8S_C_INIT);
			CHECK_STR(c.name, "i");
			break;
		case 3:
			CHECK(c.cls == K8S_C_SIDECAR);
			CHECK_STR(c.path,
			    "spec.jobTemplate.spec.template.spec."
			    "initContainers[1]");
			break;
		case 4:
			CHECK(c.cls == K8S_C_EPHEMERAL);
			break;
		default:
			break;
		}
	}
	CHECK(n == 5);
	n = 0;
	k8s_citer_init(&it, &o, K8S_C_RUNNING);
	while (k8s_citer_next(&it, &c))
		n++;
	CHECK(n == 3);

	r = load(
	    "apiVersion: extensions/v1beta1\nkind: Deployment\n"
	    "spec: {replicas: \"3\", template: {spec: {os: {name: windows},"
	    " containers: [{name: a}]}}}\n");
	k8s_object_init(&o, &doc, r, NULL, NULL, &a, NULL);
	CHECK(o.wl != NULL && (o.wl->flags & K8S_WL_DEPRECATED));
	CHECK(o.replicas == 3 && o.replicas_set);
	CHECK(o.windows);

	r = load("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n");
	k8s_object_init(&o, &doc, r, NULL, NULL, &a, NULL);
	CHECK(o.wl == NULL && o.pod_spec == NULL && o.ncontainers == 0);
}

static void
test_security_context(void)
{
	struct k8s_object o;
	struct k8s_container c;
	struct k8s_citer it;
	enum k8s_sc_from from;
	const char *path;
	const struct ynode *r, *v;
	int b = 0;

	r = load("kind: Pod\napiVersion: v1\nspec:\n"
	         "  securityContext: {runAsNonRoot: true, runAsUser: 1000}\n"
	         "  containers:\n"
	         "  - name: a\n"
	         "    securityContext: {runAsUser: 0, privileged: \"true\"}\n"
	         "  - name: b\n"
	         "    securityContext: {runAsNonRoot: ~}\n");
	k8s_object_init(&o, &doc, r, NULL, NULL, &a, NULL);
	k8s_citer_init(&it, &o, K8S_C_ALL);
	CHECK(k8s_citer_next(&it, &c));
	v = k8s_sc_get(&o, &c, "runAsUser", &from, &path);
	CHECK(from == K8S_SC_CONTAINER && strcmp(v->u.s, "0") == 0);
	CHECK_STR(path, "spec.containers[0].securityContext.runAsUser");
	v = k8s_sc_get(&o, &c, "runAsNonRoot", &from, &path);
	CHECK(from == K8S_SC_POD);
	CHECK_STR(path, "spec.securityContext.runAsNonRoot");
	v = k8s_sc_get(&o, &c, "privileged", &from, NULL);
	CHECK(from == K8S_SC_CONTAINER && k8s_get_bool(v, &b) && b == 1);
	CHECK(k8s_citer_next(&it, &c));
	/* null at container level falls back to the pod */
	v = k8s_sc_get(&o, &c, "runAsNonRoot", &from, NULL);
	CHECK(from == K8S_SC_POD && k8s_get_bool(v, &b) && b == 1);
	/* privileged exists at container level only */
	v = k8s_sc_get(&o, &c, "readOnlyRootFilesystem", &from, &path);
	CHECK(v == NULL && from == K8S_SC_UNSET);
	CHECK_STR(path,
	    "spec.containers[1].securityContext."
	    "readOnlyRootFilesystem");
}

static int
sel(const char *selector, const char *labels, enum k8s_sel_empty e)
{
	struct k8s_selector s;
	struct k8s_labels l;
	const struct ynode *r;
	char *text = NULL;
	size_t len = strlen(selector) + strlen(labels) + 32;

	text = malloc(len);
	snprintf(text, len, "sel: %s\nlab: %s\n", selector, labels);
	r = load(text);
	free(text);
	if (r == NULL)
		return -1;
	k8s_selector_compile(&s, &a, ynode_get(r, "sel"));
	k8s_labels_from(&l, &a, ynode_get(r, "lab"));
	return k8s_selector_matches(&s, &l, e);
}

static void
test_selectors(void)
{
	CHECK(sel("{}", "{a: b}", K8S_EMPTY_ALL) == 1);
	CHECK(sel("{}", "{}", K8S_EMPTY_ALL) == 1);
	CHECK(sel("{}", "{a: b}", K8S_EMPTY_NONE) == 0);
	CHECK(sel("{matchLabels: {}}", "{a: b}", K8S_EMPTY_ALL) == 1);
	CHECK(sel("~", "{a: b}", K8S_EMPTY_ALL) == 0);
	CHECK(sel("{matchLabels: {a: b}}", "{a: b, c: d}", K8S_EMPTY_ALL) == 1);
	CHECK(sel("{matchLabels: {a: b, c: e}}", "{a: b, c: d}",
	          K8S_EMPTY_ALL) == 0);
	CHECK(
	    sel("{matchExpressions: [{key: a, operator: In, values: [x, b]}]}",
	        "{a: b}", K8S_EMPTY_ALL) == 1);
	CHECK(
	    sel("{matchExpressions: [{key: a, operator: NotIn, values: [b]}]}",
	        "{a: b}", K8S_EMPTY_ALL) == 0);
	/* NotIn and DoesNotExist also match objects without the key */
	CHECK(
	    sel("{matchExpressions: [{key: z, operator: NotIn, values: [b]}]}",
	        "{a: b}", K8S_EMPTY_ALL) == 1);
	CHECK(sel("{matchExpressions: [{key: z, operator: DoesNotExist}]}",
	          "{a: b}", K8S_EMPTY_ALL) == 1);
	CHECK(sel("{matchExpressions: [{key: a, operator: Exists}]}", "{}",
	          K8S_EMPTY_ALL) == 0);
	/* matchLabels and expressions are ANDed */
	CHECK(sel("{matchLabels: {a: b}, matchExpressions: [{key: c, "
	          "operator: Exists}]}",
	          "{a: b}", K8S_EMPTY_ALL) == 0);
	/* invalid selectors select nothing */
	CHECK(sel("{matchExpressions: [{key: a, operator: Like, values: [b]}]}",
	          "{a: b}", K8S_EMPTY_ALL) == 0);
	CHECK(sel("{matchExpressions: [{key: a, operator: In}]}", "{a: b}",
	          K8S_EMPTY_ALL) == 0);
	CHECK(
	    sel("{matchExpressions: [{key: a, operator: Exists, values: [b]}]}",
	        "{a: b}", K8S_EMPTY_ALL) == 0);
}

static void
test_paths(void)
{
	CHECK_STR(k8s_path_normalise(&a, "/var/run//docker.sock/"),
	    "/var/run/docker.sock");
	CHECK_STR(k8s_path_normalise(&a, "/etc/./kubernetes/../"), "/etc");
	CHECK_STR(k8s_path_normalise(&a, "/../.."), "/");
	CHECK_STR(k8s_path_normalise(&a, "//"), "/");
	CHECK_STR(k8s_path_normalise(&a, "/data/x"), "/data/x");
}

static void
test_tables(void)
{
	const char *repl = NULL, *removed = NULL;

	CHECK(
	    k8s_api_deprecated("batch", "v1beta1", "CronJob", &repl, &removed));
	CHECK_STR(repl, "batch/v1");
	CHECK_STR(removed, "1.25");
	CHECK(!k8s_api_deprecated("batch", "v1", "CronJob", &repl, &removed));
	CHECK(k8s_api_deprecated("apps", "v1beta2", "StatefulSet", &repl,
	    &removed));
	CHECK(k8s_kind_cluster_scoped("", "Namespace"));
	CHECK(k8s_kind_cluster_scoped("admissionregistration.k8s.io",
	    "ValidatingAdmissionPolicy"));
	CHECK(!k8s_kind_cluster_scoped("networking.k8s.io", "NetworkPolicy"));
	CHECK(k8s_workload_kind("argoproj.io", "v1alpha1", "Rollout") != NULL);
	CHECK(k8s_workload_kind("apps", "v1", "Service") == NULL);
}

int
main(void)
{
	arena_init(&a, 0);
	TEST_RUN(test_namespace_resolution);
	TEST_RUN(test_pod_templates);
	TEST_RUN(test_security_context);
	TEST_RUN(test_selectors);
	TEST_RUN(test_paths);
	TEST_RUN(test_tables);
	yload_free(y);
	arena_release(&a);
	return test_report();
}
