/*
 * rbac-match.c - PolicyRule matching (see rbac.h for the semantics).
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "k8s/rbac.h"

#include "util/banned.h"

static int
list_has(const char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

static int
verb_matches(const struct rbac_rule *r, const char *verb)
{
	return list_has(r->verbs, r->nverbs, "*") ||
	    list_has(r->verbs, r->nverbs, verb);
}

static int
group_matches(const struct rbac_rule *r, const char *group)
{
	return list_has(r->groups, r->ngroups, "*") ||
	    list_has(r->groups, r->ngroups, group);
}

/*
 * ResourceMatches of the upstream helper: '*' matches all, an exact string
 * matches the combined "resource/subresource", and "* /sub" matches
 * subresource sub of anything.  Nothing else: "pods/ *" is literal.
 */
static int
resource_matches(const struct rbac_rule *r, const char *resource)
{
	const char *slash = strchr(resource, '/');
	size_t i;

	for (i = 0; i < r->nresources; i++) {
		const char *rr = r->resources[i];

		if (strcmp(rr, "*") == 0 || strcmp(rr, resource) == 0)
			return 1;
		if (slash != NULL && rr[0] == '*' && rr[1] == '/' &&
		    strcmp(rr + 2, slash + 1) == 0)
			return 1;
	}
	return 0;
}

enum rbac_grant
rbac_rule_grants(const struct rbac_rule *r, const char *verb, const char *group,
    const char *resource)
{
	if (!verb_matches(r, verb) || !group_matches(r, group) ||
	    !resource_matches(r, resource))
		return RBAC_GRANT_NONE;
	if (r->nnames == 0)
		return RBAC_GRANT_FULL;
	/* create and deletecollection requests carry no name to match */
	if (strcmp(verb, "create") == 0 ||
	    strcmp(verb, "deletecollection") == 0)
		return RBAC_GRANT_NONE;
	return RBAC_GRANT_NAMED;
}

int
rbac_rule_allows_url(const struct rbac_rule *r, const char *verb,
    const char *url)
{
	size_t i;

	if (!verb_matches(r, verb))
		return 0;
	for (i = 0; i < r->nurls; i++) {
		const char *u = r->urls[i];
		size_t len = strlen(u);

		if (strcmp(u, "*") == 0 || strcmp(u, url) == 0)
			return 1;
		if (len > 0 && u[len - 1] == '*' &&
		    strncmp(u, url, len - 1) == 0)
			return 1;
	}
	return 0;
}

const char *
rbac_rule_suspicious_resource(const struct rbac_rule *r)
{
	size_t i;

	for (i = 0; i < r->nresources; i++) {
		const char *rr = r->resources[i];
		size_t len = strlen(rr);

		if (len > 2 && rr[len - 1] == '*' && rr[len - 2] == '/')
			return rr;
	}
	return NULL;
}

int
rbac_rule_has_wildcard(const struct rbac_rule *r)
{
	return list_has(r->verbs, r->nverbs, "*") ||
	    list_has(r->groups, r->ngroups, "*") ||
	    list_has(r->resources, r->nresources, "*") ||
	    list_has(r->urls, r->nurls, "*");
}

int
rbac_rule_is_full_admin(const struct rbac_rule *r)
{
	return r->nnames == 0 && list_has(r->verbs, r->nverbs, "*") &&
	    list_has(r->groups, r->ngroups, "*") &&
	    list_has(r->resources, r->nresources, "*");
}
