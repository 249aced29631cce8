/*
 * checks.c - the table of Kubernetes checks.  Adding a check is one file
 * src/k8s/check-<area>.c exporting a const struct k8s_check, plus one
 * declaration and one table line here.  Object hooks run in table order
 * for each object; finish hooks run in table order after the last input.
 *
 * SPDX-License-Identifier: MIT
 */
#include "k8s/check.h"

#include <stddef.h>

#include "util/banned.h"

/* Loader diagnostics, object model and workload (pod template) rules. */
extern const struct k8s_check k8s_check_schema;
extern const struct k8s_check k8s_check_podsec;
extern const struct k8s_check k8s_check_resources;
extern const struct k8s_check k8s_check_sa;
extern const struct k8s_check k8s_check_probes;
extern const struct k8s_check k8s_check_init;
extern const struct k8s_check k8s_check_images;
extern const struct k8s_check k8s_check_placement;

/*
 * RBAC, NetworkPolicy, ServiceAccount, HA, namespace, Service and Secret
 * rules.
 */
extern const struct k8s_check k8s_check_index;
extern const struct k8s_check k8s_check_rbac;
extern const struct k8s_check k8s_check_sa_tokens;
extern const struct k8s_check k8s_check_netpol;
extern const struct k8s_check k8s_check_namespaces;
extern const struct k8s_check k8s_check_ha;
extern const struct k8s_check k8s_check_services;
extern const struct k8s_check k8s_check_secrets;

const struct k8s_check *const k8s_checks[] = {
	&k8s_check_schema,
	&k8s_check_podsec,
	&k8s_check_resources,
	&k8s_check_sa,
	&k8s_check_probes,
	&k8s_check_init,
	&k8s_check_images,
	&k8s_check_placement,

	/* RBAC, network, service accounts, HA, namespaces, Services. */
	&k8s_check_index,
	&k8s_check_rbac,
	&k8s_check_sa_tokens,
	&k8s_check_netpol,
	&k8s_check_namespaces,
	&k8s_check_ha,
	&k8s_check_services,
	&k8s_check_secrets,

	NULL,
};
