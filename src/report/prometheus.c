/*
 * prometheus.c - the Prometheus text exposition format (version 0.0.4).
 *
 * For monitoring a fleet the way the Metacloud paper monitors its hosts:
 * write the file where node_exporter's textfile collector reads it (or
 * serve it), and alert on rampart_failing > 0 or on a control turning
 * "fail".  Every value is a gauge describing the last run; label values
 * are escaped as the format requires (backslash, double quote, newline)
 * and are valid UTF-8.  Series appear in a fixed order, so the output is
 * deterministic.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#include "util/banned.h"

/*
 * A label value: \\, \" and \n escaped as the format asks; invalid UTF-8
 * and the other control characters (which the format would carry raw and
 * naive readers would split on) become U+FFFD.
 */
static void
label(struct out *o, const char *name, const char *value, int first)
{
	const char *p = value != NULL ? value : "";
	size_t len = strlen(p), i = 0;

	out_printf(o, "%s%s=\"", first ? "" : ",", name);
	while (i < len) {
		unsigned char c = (unsigned char)p[i];
		size_t n;

		if (c >= 0x80) {
			n = utf8_valid_prefix(p + i, len - i);
			if (n == 0) {
				out_puts(o, "\xef\xbf\xbd");
				i++;
			} else {
				out_printf(o, "%.*s", (int)n, p + i);
				i += n;
			}
			continue;
		}
		if (c == '\\' || c == '"')
			out_printf(o, "\\%c", c);
		else if (c == '\n')
			out_puts(o, "\\n");
		else if (c < 0x20 || c == 0x7f)
			out_puts(o, "\xef\xbf\xbd");
		else
			out_putc(o, c);
		i++;
	}
	out_putc(o, '"');
}

static void
family(struct out *o, const char *name, const char *help)
{
	out_printf(o, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void
prom_write(const struct result *r, const struct report_opts *opt, struct out *o)
{
	static const char *const outcome[STATUS_COUNT] = {
		[STATUS_PASS] = "pass",
		[STATUS_FAIL] = "fail",
		[STATUS_NA] = "not_applicable",
		[STATUS_ERROR] = "error",
		[STATUS_MANUAL] = "manual",
	};
	uint64_t failing_sev[SEV_COUNT] = { 0 };
	struct control_summary *sum;
	struct result_iter it;
	struct finding f;
	size_t i, j, n;
	int s;

	family(o, "rampart_info",
	    "The rampart version and command of the run.");
	out_puts(o, "rampart_info{");
	label(o, "version", RAMPART_VERSION, 1);
	label(o, "command", r->command, 0);
	out_puts(o, "} 1\n");
	family(o, "rampart_run_timestamp_seconds",
	    "When the run finished, in seconds since the epoch.");
	out_printf(o, "rampart_run_timestamp_seconds %lld\n",
	    (long long)(r->finished ? r->finished : r->started));
	family(o, "rampart_run_duration_seconds", "How long the run took.");
	out_printf(o, "rampart_run_duration_seconds %lld\n",
	    (long long)(r->finished > r->started ? r->finished - r->started :
	                                           0));
	family(o, "rampart_exit_code",
	    "0 nothing failing, 1 failing findings, 3 scan incomplete.");
	out_printf(o, "rampart_exit_code %d\n", result_exit_code(r));
	family(o, "rampart_scan_complete",
	    "1 when every input could be read and evaluated.");
	out_printf(o, "rampart_scan_complete %d\n",
	    result_exit_code(r) == 3 ? 0 : 1);
	family(o, "rampart_coverage_gaps", "Inputs that could not be covered.");
	out_printf(o, "rampart_coverage_gaps %zu\n", r->ngaps);
	family(o, "rampart_failing",
	    "Unwaived failures at or above --fail-on (what makes the exit code 1).");
	out_printf(o, "rampart_failing %llu\n",
	    (unsigned long long)result_failing(r));

	result_iter_init(&it, r);
	while (result_iter_next(&it, &f))
		if (f.status == STATUS_FAIL && f.waiver != WAIVER_APPLIED)
			failing_sev[finding_severity(&f)]++;
	result_iter_release(&it);
	family(o, "rampart_failed_findings",
	    "Unwaived failures by severity, whatever --fail-on says.");
	for (s = SEV_COUNT - 1; s >= 0; s--) {
		out_puts(o, "rampart_failed_findings{");
		label(o, "severity", severity_name((enum severity)s), 1);
		out_printf(o, "} %llu\n", (unsigned long long)failing_sev[s]);
	}

	family(o, "rampart_target_units",
	    "What each target scanned (files, documents, znodes...).");
	for (i = 0; i < r->ntargets; i++) {
		for (j = 0; j < r->targets[i].ncounts; j++) {
			out_puts(o, "rampart_target_units{");
			label(o, "target", r->targets[i].target, 1);
			label(o, "scope", r->targets[i].scope, 0);
			label(o, "unit", r->targets[i].unit[j], 0);
			out_printf(o, "} %llu\n",
			    (unsigned long long)r->targets[i].count[j]);
		}
	}

	family(o, "rampart_rule_subjects",
	    "Subjects each rule that ran evaluated, by outcome (waived: failures a waiver covers).");
	for (i = 0; i < RULE__COUNT; i++) {
		const struct rule_count *c = &r->counts[i];
		const struct rule *rule = &rule_catalog[i];

		if (!c->ran)
			continue;
		for (s = 0; s <= STATUS_COUNT; s++) {
			out_puts(o, "rampart_rule_subjects{");
			label(o, "rule", rule->id, 1);
			label(o, "target", target_name(rule->target), 0);
			label(o, "severity", severity_name(rule->severity), 0);
			label(o, "outcome",
			    s < STATUS_COUNT ? outcome[s] : "waived", 0);
			out_printf(o, "} %llu\n",
			    (unsigned long long)(s < STATUS_COUNT ?
			            c->status[s] :
			            c->waived));
		}
	}

	family(o, "rampart_control_status",
	    "1 for the status of each framework control in this run.");
	sum = xcalloc(control_count, sizeof(*sum));
	for (i = 0; i < FW_COUNT; i++) {
		if (opt->framework >= 0 && (size_t)opt->framework != i)
			continue;
		n = result_framework(r, (enum framework_id)i, sum, NULL);
		for (j = 0; j < n; j++) {
			out_puts(o, "rampart_control_status{");
			label(o, "framework", framework_table[i].key, 1);
			label(o, "control", sum[j].control->id, 0);
			label(o, "status", control_status_name(sum[j].status),
			    0);
			out_puts(o, "} 1\n");
		}
	}
	free(sum);
}

const struct report_writer report_prometheus = {
	.name = "prometheus",
	.description = "Prometheus text exposition (node_exporter textfile)",
	.write = prom_write,
};
