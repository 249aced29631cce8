/*
 * rbac.h - the RBAC evaluation model: PolicyRule matching as the upstream
 * authorizer does it, and the grant probes rampart's RBAC rules ask.
 *
 * Matching follows kubernetes/kubernetes pkg/apis/rbac/v1/
 * evaluation_helpers.go: '*' verbs and API groups match everything; '*'
 * resources match every resource and subresource; "a/b" matches that
 * subresource; "* /b" (no space) matches subresource b of any resource;
 * "pods/ *" matches nothing but a subresource literally named '*', so it is
 * reported as a suspicious pattern, never as a grant.  resourceNames narrow
 * a rule to named objects and grant no create or deletecollection at all.
 * nonResourceURLs match exactly or, with a trailing '*', by prefix.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_K8S_RBAC_H
#define RAMPART_K8S_RBAC_H

#include <stddef.h>

/* One PolicyRule, as compact strings (borrowed or in an arena). */
struct rbac_rule {
	const char **verbs;
	size_t nverbs;
	const char **groups; /* apiGroups; "" is the core group */
	size_t ngroups;
	const char **resources;
	size_t nresources;
	const char **names; /* resourceNames */
	size_t nnames;
	const char **urls; /* nonResourceURLs */
	size_t nurls;
	unsigned line, col; /* where the rule starts, 0 when built in */
	unsigned index;     /* position in the role's rules[] */
};

/* How much of a request a rule grants. */
enum rbac_grant {
	RBAC_GRANT_NONE,
	RBAC_GRANT_NAMED, /* only for the objects in resourceNames */
	RBAC_GRANT_FULL,
};

/*
 * What rule r grants for a request of verb on resource ("pods",
 * "pods/exec") in API group group.  A rule with resourceNames grants
 * RBAC_GRANT_NAMED for verbs that name an object and nothing for create and
 * deletecollection.
 */
enum rbac_grant rbac_rule_grants(const struct rbac_rule *r, const char *verb,
    const char *group, const char *resource);

/* True when r allows verb on the non-resource URL url ("/metrics"). */
int rbac_rule_allows_url(const struct rbac_rule *r, const char *verb,
    const char *url);

/*
 * The first resource of r written as "name/ *" (a subresource wildcard that
 * upstream matches literally), or NULL.
 */
const char *rbac_rule_suspicious_resource(const struct rbac_rule *r);

/* True when r has '*' in verbs, API groups, resources or URLs. */
int rbac_rule_has_wildcard(const struct rbac_rule *r);

/* True when r grants every verb on every resource of every group. */
int rbac_rule_is_full_admin(const struct rbac_rule *r);

#endif
