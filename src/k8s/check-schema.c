/*
 * check-schema.c - what the API server would say about an object before
 * any security rule: removed API versions.
 *
 * SPDX-License-Identifier: MIT
 */
#include "k8s/check.h"

#include "util/banned.h"

static void
schema_object(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
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
}

const struct k8s_check k8s_check_schema = {
	.name = "schema",
	.object = schema_object,
};
