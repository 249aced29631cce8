/*
 * t-k8s-rbac.c - unit tests for the RBAC matcher (src/k8s/rbac-match.c).
 *
 * The cases follow the upstream authorizer's evaluation helpers: wildcard
 * verbs and groups, '*' resources covering subresources, "* /exec" style
 * subresource wildcards, "pods/ *" matching nothing, resourceNames
 * narrowing and nonResourceURL prefixes.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdio.h>

#include "k8s/rbac.h"
#include "test.h"

#define V(...) ((const char *[]){ __VA_ARGS__ })
#define N(...) (sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(char *))
#define RULE_RES(vv, gg, rr)                                           \
	{                                                              \
		.verbs = V vv, .nverbs = N vv, .groups = V gg,         \
		.ngroups = N gg, .resources = V rr, .nresources = N rr \
	}

struct grant_case {
	const char *what;
	struct rbac_rule rule;
	const char *verb, *group, *resource;
	enum rbac_grant want;
};

static void
test_grants(void)
{
	static const char *secret_names[] = { "tls-cert" };
	struct grant_case cases[] = {
		{ "exact", RULE_RES(("get"), (""), ("secrets")), "get", "",
		    "secrets", RBAC_GRANT_FULL },
		{ "other verb", RULE_RES(("get"), (""), ("secrets")), "list",
		    "", "secrets", RBAC_GRANT_NONE },
		{ "verb star", RULE_RES(("*"), (""), ("secrets")), "watch", "",
		    "secrets", RBAC_GRANT_FULL },
		{ "core group is empty string",
		    RULE_RES(("get"), ("apps"), ("secrets")), "get", "",
		    "secrets", RBAC_GRANT_NONE },
		{ "group star", RULE_RES(("get"), ("*"), ("secrets")), "get",
		    "", "secrets", RBAC_GRANT_FULL },
		{ "resource star covers subresources",
		    RULE_RES(("create"), (""), ("*")), "create", "",
		    "pods/exec", RBAC_GRANT_FULL },
		{ "pods/* is literal, not a grant of pods/exec",
		    RULE_RES(("create"), (""), ("pods/*")), "create", "",
		    "pods/exec", RBAC_GRANT_NONE },
		{ "*/exec matches exec of any resource",
		    RULE_RES(("get"), (""), ("*/exec")), "get", "", "pods/exec",
		    RBAC_GRANT_FULL },
		{ "*/exec does not match the parent resource",
		    RULE_RES(("get"), (""), ("*/exec")), "get", "", "pods",
		    RBAC_GRANT_NONE },
		{ "pods does not cover pods/exec",
		    RULE_RES(("*"), (""), ("pods")), "create", "", "pods/exec",
		    RBAC_GRANT_NONE },
		{ "exact subresource", RULE_RES(("get"), (""), ("pods/exec")),
		    "get", "", "pods/exec", RBAC_GRANT_FULL },
		{ "subresource does not cover the parent",
		    RULE_RES(("get"), (""), ("pods/exec")), "get", "", "pods",
		    RBAC_GRANT_NONE },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum rbac_grant g = rbac_rule_grants(&cases[i].rule,
		    cases[i].verb, cases[i].group, cases[i].resource);

		if (g != cases[i].want) {
			printf("case '%s': got %d, want %d\n", cases[i].what,
			    (int)g, (int)cases[i].want);
			CHECK(g == cases[i].want);
		}
	}

	/* resourceNames: named grants, and no create/deletecollection */
	{
		struct rbac_rule r = RULE_RES(("*"), (""), ("secrets"));

		r.names = secret_names;
		r.nnames = 1;
		CHECK(rbac_rule_grants(&r, "get", "", "secrets") ==
		    RBAC_GRANT_NAMED);
		CHECK(rbac_rule_grants(&r, "list", "", "secrets") ==
		    RBAC_GRANT_NAMED);
		CHECK(rbac_rule_grants(&r, "create", "", "secrets") ==
		    RBAC_GRANT_NONE);
		CHECK(rbac_rule_grants(&r, "deletecollection", "", "secrets") ==
		    RBAC_GRANT_NONE);
		CHECK(!rbac_rule_is_full_admin(&r));
	}
}

static void
test_urls(void)
{
	struct rbac_rule r = { .verbs = V("get"),
		.nverbs = 1,
		.urls = V("/healthz", "/api/*"),
		.nurls = 2 };
	struct rbac_rule star = { .verbs = V("*"),
		.nverbs = 1,
		.urls = V("*"),
		.nurls = 1 };

	CHECK(rbac_rule_allows_url(&r, "get", "/healthz"));
	CHECK(!rbac_rule_allows_url(&r, "get", "/healthz/etcd"));
	CHECK(rbac_rule_allows_url(&r, "get", "/api/v1"));
	CHECK(rbac_rule_allows_url(&r, "get", "/api/"));
	CHECK(!rbac_rule_allows_url(&r, "get", "/api"));
	CHECK(!rbac_rule_allows_url(&r, "post", "/healthz"));
	CHECK(rbac_rule_allows_url(&star, "post", "/metrics"));
	/* a URL rule grants no resources */
	CHECK(rbac_rule_grants(&star, "get", "", "secrets") == RBAC_GRANT_NONE);
	CHECK(rbac_rule_has_wildcard(&star));
	CHECK(!rbac_rule_has_wildcard(&r));
}

static void
test_patterns(void)
{
	struct rbac_rule podstar = RULE_RES(("get"), (""), ("pods", "pods/*"));
	struct rbac_rule subexec = RULE_RES(("get"), (""), ("*/exec"));
	struct rbac_rule admin = RULE_RES(("*"), ("*"), ("*"));
	struct rbac_rule nearly = RULE_RES(("*"), ("*"), ("pods"));

	CHECK_STR(rbac_rule_suspicious_resource(&podstar), "pods/*");
	CHECK(rbac_rule_suspicious_resource(&subexec) == NULL);
	CHECK(rbac_rule_is_full_admin(&admin));
	CHECK(!rbac_rule_is_full_admin(&nearly));
	CHECK(rbac_rule_has_wildcard(&nearly));
	CHECK(!rbac_rule_has_wildcard(&podstar));
}

int
main(void)
{
	TEST_RUN(test_grants);
	TEST_RUN(test_urls);
	TEST_RUN(test_patterns);
	return test_report();
}
