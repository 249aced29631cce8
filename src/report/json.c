/*
 * json.c - the canonical JSON result (schema: docs/result-schema.md).
 *
 * SPDX-License-Identifier: MIT
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define JSON_SCHEMA_ID "https://rampart.invalid/schema/result-1.json"

static void
json_refs(struct out *o, const struct rule *rule)
{
	const char *keys[] = { "bsi", "pci_dss_4", "iso27001_2022", "soc2",
		"cis", "seed" };
	const char *vals[] = { rule->refs.bsi, rule->refs.pci_dss_4,
		rule->refs.iso27001_2022, rule->refs.soc2, rule->refs.cis,
		rule->refs.seed };
	size_t i;
	int first = 1;

	out_putc(o, '{');
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (vals[i] == NULL)
			continue;
		out_printf(o, "%s\"%s\":", first ? "" : ",", keys[i]);
		out_json(o, vals[i]);
		first = 0;
	}
	out_putc(o, '}');
}

void
report_json_rule(struct out *o, const struct rule *rule)
{
	out_puts(o, "{\"id\":");
	out_json(o, rule->id);
	out_puts(o, ",\"title\":");
	out_json(o, rule->title);
	out_printf(o, ",\"severity\":\"%s\",\"target\":\"%s\",\"level\":\"%s\"",
	    severity_name(rule->severity), target_name(rule->target),
	    level_name(rule->level));
	out_printf(o, ",\"optional\":%s,\"manual\":%s",
	    rule->flags & RULE_OPTIONAL ? "true" : "false",
	    rule->flags & RULE_MANUAL ? "true" : "false");
	out_puts(o, ",\"rationale\":");
	out_json(o, rule->rationale);
	out_puts(o, ",\"remediation\":");
	out_json(o, rule->remediation);
	out_puts(o, ",\"references\":");
	json_refs(o, rule);
	out_putc(o, '}');
}

static void
json_finding(struct out *o, const struct finding *f, int first)
{
	const struct rule *rule = &rule_catalog[f->rule];

	out_puts(o, first ? "\n    {" : ",\n    {");
	out_puts(o, "\"rule\":");
	out_json(o, rule->id);
	out_printf(o, ",\"status\":\"%s\",\"severity\":\"%s\",\"target\":\"%s\"",
	    status_name(f->status), severity_name(finding_severity(f)),
	    target_name(rule->target));
	out_puts(o, ",\"title\":");
	out_json(o, rule->title);
	out_puts(o, ",\"subject\":{\"file\":");
	out_json(o, f->file);
	if (f->line > 0)
		out_printf(o, ",\"line\":%u", f->line);
	else
		out_puts(o, ",\"line\":null");
	if (f->col > 0)
		out_printf(o, ",\"column\":%u", f->col);
	else
		out_puts(o, ",\"column\":null");
	out_puts(o, ",\"object\":");
	out_json(o, f->object);
	out_puts(o, ",\"path\":");
	out_json(o, f->path);
	out_puts(o, "},\"message\":");
	out_json(o, f->message);
	out_puts(o, ",\"evidence\":");
	out_json(o, f->evidence);
	out_puts(o, ",\"expected\":");
	out_json(o, f->expected);
	out_puts(o, ",\"waiver\":");
	if (f->waiver == WAIVER_NONE) {
		out_puts(o, "null");
	} else {
		out_printf(o, "{\"state\":\"%s\",\"justification\":",
		    f->waiver == WAIVER_APPLIED ? "applied" : "expired");
		out_json(o, f->waiver_reason);
		out_puts(o, ",\"expires\":");
		out_json(o, f->waiver_expires);
		out_puts(o, ",\"source\":");
		out_json(o, f->waiver_source);
		out_putc(o, '}');
	}
	out_puts(o, ",\"references\":");
	json_refs(o, rule);
	out_putc(o, '}');
}

static void
json_frameworks(struct out *o, const struct result *r,
    const struct report_opts *opt)
{
	struct control_summary *sum = xcalloc(control_count, sizeof(*sum));
	size_t i, k, n;
	int firstfw = 1;

	out_puts(o, ",\n  \"frameworks\": [");
	for (i = 0; i < FW_COUNT; i++) {
		uint64_t tally[5] = { 0 };

		if (opt->framework >= 0 && (size_t)opt->framework != i)
			continue;
		n = result_framework(r, (enum framework_id)i, sum, tally);
		out_puts(o, firstfw ? "\n    {" : ",\n    {");
		firstfw = 0;
		out_puts(o, "\"key\":");
		out_json(o, framework_table[i].key);
		out_puts(o, ",\"name\":");
		out_json(o, framework_table[i].name);
		out_puts(o, ",\"note\":");
		out_json(o, framework_table[i].note);
		out_printf(o, ",\"summary\":{\"fail\":%llu,\"pass\":%llu,\"manual\":%llu,\"not_assessed\":%llu,\"error\":%llu,\"controls\":%zu}",
		    (unsigned long long)tally[CONTROL_FAIL],
		    (unsigned long long)tally[CONTROL_PASS],
		    (unsigned long long)tally[CONTROL_MANUAL],
		    (unsigned long long)tally[CONTROL_NOT_ASSESSED],
		    (unsigned long long)tally[CONTROL_ERROR], n);
		out_puts(o, ",\"controls\":[");
		for (k = 0; k < n; k++) {
			const struct control_summary *s = &sum[k];
			size_t j;
			int firstrule = 1;

			out_puts(o, k == 0 ? "\n      {" : ",\n      {");
			out_puts(o, "\"id\":");
			out_json(o, s->control->id);
			out_puts(o, ",\"title\":");
			out_json(o, s->control->title);
			if (s->control->fw == FW_BSI)
				out_printf(o, ",\"level\":\"%s\"",
				    level_name(s->control->level));
			out_printf(o, ",\"status\":\"%s\",\"fail\":%llu,\"pass\":%llu,\"waived\":%llu,\"error\":%llu",
			    control_status_name(s->status),
			    (unsigned long long)s->fail,
			    (unsigned long long)s->pass,
			    (unsigned long long)s->waived,
			    (unsigned long long)s->error);
			out_puts(o, ",\"rules\":[");
			for (j = 0; j < RULE__COUNT; j++) {
				if (!rule_covers(&rule_catalog[j], s->control))
					continue;
				if (!firstrule)
					out_putc(o, ',');
				out_json(o, rule_catalog[j].id);
				firstrule = 0;
			}
			out_putc(o, ']');
			if (s->status == CONTROL_MANUAL ||
			    s->status == CONTROL_NOT_ASSESSED) {
				out_puts(o, ",\"guidance\":");
				out_json(o, s->control->guidance);
			}
			out_putc(o, '}');
		}
		out_puts(o, "]}");
	}
	out_puts(o, "\n  ]");
	free(sum);
}

static void
json_write(const struct result *r, const struct report_opts *opt,
    struct out *o)
{
	struct result_iter it;
	struct finding f;
	char t1[32], t2[32];
	size_t i, j;
	int first = 1;
	uint64_t totals[STATUS_COUNT] = { 0 }, waived = 0, expired = 0;

	out_puts(o, "{\n  \"schema\": \"" JSON_SCHEMA_ID "\",\n");
	out_puts(o, "  \"tool\": {\"name\":\"rampart\",\"version\":\"" RAMPART_VERSION "\"},\n");
	out_puts(o, "  \"command\": ");
	out_json(o, r->command);
	out_printf(o, ",\n  \"started\": \"%s\",\n  \"finished\": \"%s\",\n",
	    rp_time_iso(r->started, t1, sizeof(t1)),
	    rp_time_iso(r->finished ? r->finished : r->started, t2,
		sizeof(t2)));
	out_printf(o, "  \"policy\": {\"level\":\"%s\",\"fail_on\":",
	    level_name(r->policy.level));
	if (r->policy.fail_never)
		out_puts(o, "\"none\"");
	else
		out_printf(o, "\"%s\"", severity_name(r->policy.fail_on));
	out_puts(o, ",\"only\":[");
	for (i = 0; i < r->policy.nonly; i++) {
		if (i > 0)
			out_putc(o, ',');
		out_json(o, r->policy.only[i]);
	}
	out_puts(o, "],\"skip\":[");
	for (i = 0; i < r->policy.nskip; i++) {
		if (i > 0)
			out_putc(o, ',');
		out_json(o, r->policy.skip[i]);
	}
	out_puts(o, "]},\n  \"targets\": [");
	for (i = 0; i < r->ntargets; i++) {
		const struct result_target *t = &r->targets[i];

		out_puts(o, i == 0 ? "\n    {" : ",\n    {");
		out_puts(o, "\"target\":");
		out_json(o, t->target);
		out_puts(o, ",\"scope\":");
		out_json(o, t->scope);
		out_puts(o, ",\"counts\":{");
		for (j = 0; j < t->ncounts; j++) {
			if (j > 0)
				out_putc(o, ',');
			out_json(o, t->unit[j]);
			out_printf(o, ":%llu", (unsigned long long)t->count[j]);
		}
		out_puts(o, "}}");
	}
	out_printf(o, "%s],\n  \"coverage\": {\"complete\":%s,\"gaps\":[",
	    r->ntargets ? "\n  " : "",
	    result_exit_code(r) == 3 ? "false" : "true");
	for (i = 0; i < r->ngaps; i++) {
		out_puts(o, i == 0 ? "\n    {" : ",\n    {");
		out_puts(o, "\"target\":");
		out_json(o, r->gaps[i].target);
		out_puts(o, ",\"what\":");
		out_json(o, r->gaps[i].what);
		out_puts(o, ",\"why\":");
		out_json(o, r->gaps[i].why);
		out_putc(o, '}');
	}
	out_printf(o, "%s]},\n  \"waivers\": [", r->ngaps ? "\n  " : "");
	for (i = 0; i < r->nwaivers; i++) {
		const struct waiver *w = &r->waivers[i];

		out_puts(o, i == 0 ? "\n    {" : ",\n    {");
		out_puts(o, "\"rule\":");
		out_json(o, w->rule);
		out_puts(o, ",\"subject\":");
		out_json(o, w->subject);
		out_puts(o, ",\"justification\":");
		out_json(o, w->justification);
		out_puts(o, ",\"expires\":");
		out_json(o, w->expires[0] != '\0' ? w->expires : NULL);
		out_printf(o, ",\"state\":\"%s\",\"matched\":%u,\"source\":",
		    waiver_expired(w, r->today) ? "expired" : "active",
		    w->matched);
		out_json(o, w->source);
		out_putc(o, '}');
	}
	out_printf(o, "%s],\n  \"findings\": [", r->nwaivers ? "\n  " : "");
	result_iter_init(&it, r);
	while (result_iter_next(&it, &f)) {
		json_finding(o, &f, first);
		first = 0;
	}
	result_iter_release(&it);
	out_printf(o, "%s],\n  \"rules\": [", first ? "" : "\n  ");
	first = 1;
	for (i = 0; i < RULE__COUNT; i++) {
		const struct rule_count *c = &r->counts[i];

		for (j = 0; j < STATUS_COUNT; j++)
			totals[j] += c->status[j];
		waived += c->waived;
		expired += c->expired;
		if (!c->ran)
			continue;
		out_puts(o, first ? "\n    {" : ",\n    {");
		first = 0;
		out_puts(o, "\"id\":");
		out_json(o, rule_catalog[i].id);
		out_printf(o, ",\"pass\":%llu,\"fail\":%llu,\"not_applicable\":%llu,\"error\":%llu,\"manual\":%llu,\"waived\":%llu}",
		    (unsigned long long)c->status[STATUS_PASS],
		    (unsigned long long)c->status[STATUS_FAIL],
		    (unsigned long long)c->status[STATUS_NA],
		    (unsigned long long)c->status[STATUS_ERROR],
		    (unsigned long long)c->status[STATUS_MANUAL],
		    (unsigned long long)c->waived);
	}
	out_printf(o, "%s],\n  \"summary\": {\"pass\":%llu,\"fail\":%llu,\"failing\":%llu,\"waived\":%llu,\"waiver_expired\":%llu,\"not_applicable\":%llu,\"error\":%llu,\"manual\":%llu,\"exit_code\":%d}",
	    first ? "" : "\n  ", (unsigned long long)totals[STATUS_PASS],
	    (unsigned long long)totals[STATUS_FAIL],
	    (unsigned long long)result_failing(r), (unsigned long long)waived,
	    (unsigned long long)expired, (unsigned long long)totals[STATUS_NA],
	    (unsigned long long)totals[STATUS_ERROR],
	    (unsigned long long)totals[STATUS_MANUAL], result_exit_code(r));
	json_frameworks(o, r, opt);
	out_puts(o, "\n}\n");
}

const struct report_writer report_json = {
	.name = "json",
	.description = "the canonical result (docs/result-schema.md)",
	.write = json_write,
};
