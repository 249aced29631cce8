/*
 * report.c - the table of report writers and shared helpers.
 *
 * SPDX-License-Identifier: MIT
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

const struct report_writer *const report_writers[] = {
	&report_text,
	&report_json,
	&report_sarif,
	&report_junit,
	&report_prometheus,
	&report_html,
	NULL,
};

const struct report_writer *
report_find(const char *name)
{
	size_t i;

	for (i = 0; report_writers[i] != NULL; i++)
		if (strcmp(report_writers[i]->name, name) == 0)
			return report_writers[i];
	return NULL;
}

struct sort_key {
	uint32_t group; /* target, severity, rule packed */
	uint32_t seq;   /* scan order */
};

static int
cmp_key(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static uint32_t
group_of(const struct finding *f)
{
	const struct rule *rule = &rule_catalog[f->rule];
	uint32_t status_rank;

	/* Failures first, then errors, manual checks and the rest. */
	switch (f->status) {
	case STATUS_FAIL:
		status_rank = f->waiver == WAIVER_APPLIED ? 3 : 0;
		break;
	case STATUS_ERROR:
		status_rank = 1;
		break;
	case STATUS_MANUAL:
		status_rank = 2;
		break;
	case STATUS_NA:
	case STATUS_PASS:
	default:
		status_rank = 4;
		break;
	}
	return (uint32_t)rule->target << 28 | status_rank << 24 |
	    (uint32_t)(SEV_COUNT - 1 - finding_severity(f)) << 20 |
	    (uint32_t)f->rule;
}

void
report_sorted(const struct result *r,
    void (*fn)(const struct finding *f, void *arg), void *arg)
{
	struct result_iter it;
	struct finding f;
	struct sort_key *keys = NULL;
	size_t n = 0, alloc = 0, i, pos = 0;

	/* Pass 1: sort keys.  Pass 2: visit in sorted order by record. */
	result_iter_init(&it, r);
	while (result_iter_next(&it, &f)) {
		ALLOC_GROW(keys, n + 1, alloc);
		keys[n].group = group_of(&f);
		keys[n].seq = (uint32_t)n;
		n++;
	}
	result_iter_release(&it);
	if (n == 0)
		return;
	qsort(keys, n, sizeof(*keys), cmp_key);
	/*
	 * Visiting record k needs a walk from the start for spilled spools;
	 * walk group by group instead: each group is a contiguous run of
	 * keys, and one pass over the spool serves a whole run.
	 */
	i = 0;
	while (i < n) {
		size_t j = i;
		unsigned char *want;
		size_t seq = 0;

		while (j < n && keys[j].group == keys[i].group)
			j++;
		want = xcalloc(n, 1);
		for (pos = i; pos < j; pos++)
			want[keys[pos].seq] = 1;
		result_iter_init(&it, r);
		while (result_iter_next(&it, &f)) {
			if (want[seq++])
				fn(&f, arg);
		}
		result_iter_release(&it);
		free(want);
		i = j;
	}
	free(keys);
}
