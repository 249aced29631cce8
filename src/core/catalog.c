/*
 * catalog.c - the rule table, built from the data in rules/.
 *
 * SPDX-License-Identifier: MIT
 */
#include "core/rule.h"

#include <string.h>

#include "util/banned.h"

const struct rule rule_catalog[RULE__COUNT] = {
#define RULE(sym, ...) [RULE_##sym] = { __VA_ARGS__ },
#include "rules/all.def"
#undef RULE
};

const struct rule *
rule_find(const char *id)
{
	size_t i;

	for (i = 0; i < RULE__COUNT; i++)
		if (strcmp(rule_catalog[i].id, id) == 0)
			return &rule_catalog[i];
	return NULL;
}

enum rule_id
rule_index(const struct rule *r)
{
	return (enum rule_id)(r - rule_catalog);
}

static const char *const severity_names[SEV_COUNT] = {
	[SEV_INFO] = "info",
	[SEV_LOW] = "low",
	[SEV_MEDIUM] = "medium",
	[SEV_HIGH] = "high",
	[SEV_CRITICAL] = "critical",
};

const char *
severity_name(enum severity s)
{
	return (unsigned)s < SEV_COUNT ? severity_names[s] : "?";
}

int
severity_parse(const char *s, enum severity *out)
{
	unsigned i;

	for (i = 0; i < SEV_COUNT; i++) {
		if (strcmp(s, severity_names[i]) == 0) {
			*out = (enum severity)i;
			return 0;
		}
	}
	return -1;
}

const char *
target_name(enum target t)
{
	switch (t) {
	case TARGET_CORE:
		return "core";
	case TARGET_K8S:
		return "k8s";
	case TARGET_ZK:
		return "zk";
	case TARGET_HOST:
		return "host";
	}
	return "?";
}

const char *
level_name(enum level l)
{
	switch (l) {
	case LEVEL_BASIC:
		return "basic";
	case LEVEL_STANDARD:
		return "standard";
	case LEVEL_ELEVATED:
		return "elevated";
	}
	return "?";
}

int
level_parse(const char *s, enum level *out)
{
	if (strcmp(s, "basic") == 0)
		*out = LEVEL_BASIC;
	else if (strcmp(s, "standard") == 0)
		*out = LEVEL_STANDARD;
	else if (strcmp(s, "elevated") == 0)
		*out = LEVEL_ELEVATED;
	else
		return -1;
	return 0;
}
