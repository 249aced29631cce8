/*
 * text.c - the human-readable report.
 *
 * Findings are grouped by target, then failures before errors and manual
 * checks, then severity, then rule: each rule is printed once with its title
 * and fix, followed by every subject it failed on.  Untrusted strings (file
 * names, object names, values) pass through out_term() so a hostile manifest
 * cannot inject terminal escapes.
 *
 * SPDX-License-Identifier: MIT
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_BLUE "\033[34m"
#define C_MAGENTA "\033[35m"
#define C_CYAN "\033[36m"

struct text_ctx {
	const struct report_opts *o;
	struct out *out;
	int last_target;
	int last_section;
	int last_rule;
};

static const char *
color(const struct text_ctx *c, const char *code)
{
	return c->o->color ? code : "";
}

static const char *
sev_color(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
		return C_BOLD C_RED;
	case SEV_HIGH:
		return C_RED;
	case SEV_MEDIUM:
		return C_YELLOW;
	case SEV_LOW:
		return C_CYAN;
	case SEV_INFO:
		return C_DIM;
	}
	return "";
}

static const char *
target_title(enum target t)
{
	switch (t) {
	case TARGET_CORE:
		return "rampart configuration";
	case TARGET_K8S:
		return "Kubernetes";
	case TARGET_ZK:
		return "ZooKeeper";
	case TARGET_HOST:
		return "Hosts";
	}
	return "?";
}

static int
section_of(const struct finding *f)
{
	switch (f->status) {
	case STATUS_FAIL:
		return f->waiver == WAIVER_APPLIED ? 3 : 0;
	case STATUS_ERROR:
		return 1;
	case STATUS_MANUAL:
		return 2;
	case STATUS_NA:
	case STATUS_PASS:
		break;
	}
	return 4;
}

static const char *const section_titles[] = {
	"failing", "could not be checked", "manual checks", "waived",
	"notes",
};

static void
upper(struct out *o, const char *s)
{
	for (; *s != '\0'; s++)
		out_putc(o, *s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s);
}

static void
subject_line(struct text_ctx *c, const struct finding *f)
{
	struct out *o = c->out;

	out_puts(o, "    - ");
	if (f->object != NULL) {
		out_puts(o, color(c, C_BOLD));
		out_term(o, f->object);
		out_puts(o, color(c, C_RESET));
		if (f->message != NULL)
			out_puts(o, ": ");
	}
	if (f->message != NULL)
		out_term(o, f->message);
	out_putc(o, '\n');
	if (f->file != NULL || f->path != NULL) {
		out_puts(o, "      ");
		out_puts(o, color(c, C_DIM));
		if (f->file != NULL) {
			out_term(o, f->file);
			if (f->line > 0)
				out_printf(o, ":%u", f->line);
			if (f->path != NULL)
				out_puts(o, "  ");
		}
		if (f->path != NULL)
			out_term(o, f->path);
		out_puts(o, color(c, C_RESET));
		out_putc(o, '\n');
	}
	if (f->evidence != NULL || f->expected != NULL) {
		out_puts(o, "      ");
		if (f->evidence != NULL) {
			out_puts(o, "found: ");
			out_term(o, f->evidence);
		}
		if (f->evidence != NULL && f->expected != NULL)
			out_puts(o, "; ");
		if (f->expected != NULL) {
			out_puts(o, "expected: ");
			out_term(o, f->expected);
		}
		out_putc(o, '\n');
	}
	if (f->waiver != WAIVER_NONE) {
		out_puts(o, "      ");
		out_puts(o, color(c, C_MAGENTA));
		out_puts(o, f->waiver == WAIVER_APPLIED ? "waived: "
							: "waiver EXPIRED: ");
		out_term(o, f->waiver_reason != NULL ? f->waiver_reason : "");
		if (f->waiver_expires != NULL) {
			out_puts(o, " (until ");
			out_term(o, f->waiver_expires);
			out_putc(o, ')');
		}
		if (f->waiver_source != NULL) {
			out_puts(o, " [");
			out_term(o, f->waiver_source);
			out_putc(o, ']');
		}
		out_puts(o, color(c, C_RESET));
		out_putc(o, '\n');
	}
}

static void
text_finding(const struct finding *f, void *arg)
{
	struct text_ctx *c = arg;
	const struct rule *rule = &rule_catalog[f->rule];
	struct out *o = c->out;
	int section = section_of(f);

	if ((int)rule->target != c->last_target) {
		out_printf(o, "\n%s%s%s\n", color(c, C_BOLD),
		    target_title(rule->target), color(c, C_RESET));
		c->last_target = (int)rule->target;
		c->last_section = -1;
	}
	if (section != c->last_section) {
		if (section != 0)
			out_printf(o, "  %s(%s)%s\n", color(c, C_DIM),
			    section_titles[section], color(c, C_RESET));
		c->last_section = section;
		c->last_rule = -1;
	}
	if ((int)f->rule != c->last_rule ||
	    (section == 0 && finding_severity(f) != rule->severity)) {
		enum severity sev = finding_severity(f);

		out_puts(o, "  ");
		switch (f->status) {
		case STATUS_FAIL:
			out_puts(o, color(c, sev_color(sev)));
			upper(o, severity_name(sev));
			break;
		case STATUS_ERROR:
			out_puts(o, color(c, C_RED));
			out_puts(o, "ERROR");
			break;
		case STATUS_MANUAL:
			out_puts(o, color(c, C_BLUE));
			out_puts(o, "MANUAL");
			break;
		case STATUS_NA:
		case STATUS_PASS:
			out_puts(o, "NOTE");
			break;
		}
		out_printf(o, "%s  %s%s%s  %s\n", color(c, C_RESET),
		    color(c, C_BOLD), rule->id, color(c, C_RESET), rule->title);
		if (c->o->verbose)
			out_printf(o, "    why: %s\n", rule->rationale);
		if (f->status == STATUS_FAIL && f->waiver != WAIVER_APPLIED)
			out_printf(o, "    fix: %s\n", rule->remediation);
		c->last_rule = (int)f->rule;
	}
	subject_line(c, f);
}

static void
framework_lines(const struct result *r, const struct report_opts *opt,
    struct out *o)
{
	struct control_summary *sum = NULL;
	size_t i, n;

	out_puts(o, "\nCompliance (controls: fail / pass / manual / not assessed)\n");
	for (i = 0; i < FW_COUNT; i++) {
		uint64_t tally[5] = { 0 };

		if (opt->framework >= 0 && (size_t)opt->framework != i)
			continue;
		if (sum == NULL)
			sum = xcalloc(control_count, sizeof(*sum));
		n = result_framework(r, (enum framework_id)i, sum, tally);
		out_printf(o, "  %-14s %3llu / %3llu / %3llu / %3llu   of %zu\n",
		    framework_table[i].key, (unsigned long long)tally[CONTROL_FAIL],
		    (unsigned long long)tally[CONTROL_PASS],
		    (unsigned long long)tally[CONTROL_MANUAL],
		    (unsigned long long)(tally[CONTROL_NOT_ASSESSED] +
			tally[CONTROL_ERROR]),
		    n);
		if (opt->verbose || opt->framework >= 0) {
			size_t k;

			for (k = 0; k < n; k++) {
				if (sum[k].status != CONTROL_FAIL &&
				    opt->framework < 0)
					continue;
				out_printf(o, "    %-12s %-12s %s\n",
				    sum[k].control->id,
				    control_status_name(sum[k].status),
				    sum[k].control->title);
			}
		}
	}
	free(sum);
}

static void
text_write(const struct result *r, const struct report_opts *opt,
    struct out *o)
{
	struct text_ctx c = {
		.o = opt,
		.out = o,
		.last_target = -1,
		.last_section = -1,
		.last_rule = -1,
	};
	uint64_t sev_fail[SEV_COUNT] = { 0 }, tot[STATUS_COUNT] = { 0 };
	uint64_t waived = 0, failing = 0;
	struct result_iter it;
	struct finding f;
	size_t i, j;
	int code = result_exit_code(r);

	out_printf(o, "%srampart %s%s", color(&c, C_BOLD), r->command,
	    color(&c, C_RESET));
	for (i = 0; i < r->ntargets; i++) {
		const struct result_target *t = &r->targets[i];

		out_puts(o, i == 0 ? ": " : "; ");
		out_term(o, t->scope);
		for (j = 0; j < t->ncounts; j++)
			out_printf(o, "%s%llu %s", j == 0 ? " (" : ", ",
			    (unsigned long long)t->count[j], t->unit[j]);
		if (t->ncounts > 0)
			out_putc(o, ')');
	}
	out_putc(o, '\n');
	if (!opt->quiet)
		report_sorted(r, text_finding, &c);

	if (r->ngaps > 0) {
		out_printf(o, "\n%sNot covered%s (the scan is incomplete)\n",
		    color(&c, C_BOLD C_RED), color(&c, C_RESET));
		for (i = 0; i < r->ngaps; i++) {
			out_puts(o, "  - ");
			out_term(o, r->gaps[i].target);
			out_puts(o, ": ");
			out_term(o, r->gaps[i].what);
			out_puts(o, ": ");
			out_term(o, r->gaps[i].why);
			out_putc(o, '\n');
		}
	}
	if (!opt->quiet)
		framework_lines(r, opt, o);

	for (i = 0; i < RULE__COUNT; i++) {
		for (j = 0; j < STATUS_COUNT; j++)
			tot[j] += r->counts[i].status[j];
		waived += r->counts[i].waived;
	}
	result_iter_init(&it, r);
	while (result_iter_next(&it, &f)) {
		if (f.status == STATUS_FAIL && f.waiver != WAIVER_APPLIED) {
			sev_fail[finding_severity(&f)]++;
			failing++;
		}
	}
	result_iter_release(&it);
	out_printf(o, "\n%sSummary:%s %llu failed", color(&c, C_BOLD),
	    color(&c, C_RESET), (unsigned long long)failing);
	if (failing > 0) {
		const char *sep = " (";

		for (i = SEV_COUNT; i > 0; i--) {
			if (sev_fail[i - 1] == 0)
				continue;
			out_printf(o, "%s%llu %s", sep,
			    (unsigned long long)sev_fail[i - 1],
			    severity_name((enum severity)(i - 1)));
			sep = ", ";
		}
		out_putc(o, ')');
	}
	/* Only failures at or above --fail-on decide the exit code. */
	if (r->policy.fail_never)
		out_puts(o, ", none fail the run (--fail-on none)");
	else if (failing > 0)
		out_printf(o, ", %llu at or above %s",
		    (unsigned long long)result_failing(r),
		    severity_name(r->policy.fail_on));
	out_printf(o, "; %llu waived, %llu passed, %llu errors, %llu manual, %llu not applicable; exit %d\n",
	    (unsigned long long)waived, (unsigned long long)tot[STATUS_PASS],
	    (unsigned long long)tot[STATUS_ERROR],
	    (unsigned long long)tot[STATUS_MANUAL],
	    (unsigned long long)tot[STATUS_NA], code);
}

const struct report_writer report_text = {
	.name = "text",
	.description = "grouped, human-readable report (colour on a terminal)",
	.write = text_write,
};
