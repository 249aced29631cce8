/*
 * junit.c - JUnit XML for CI dashboards.
 *
 * One test suite per target.  Every failing, erroring or manual finding is a
 * test case named after its subject (classname = rule id); every rule that
 * passed on some subjects adds one case saying how many.  Waived failures and
 * manual checks are "skipped" with the reason.
 *
 * The output follows the JUnit 4 schema that Jenkins and most CI
 * dashboards read (tests/report-validate.sh checks it against that XSD):
 * no attributes beyond it, so the file and line of a finding go into the
 * text of its failure, and a skipped element carries its reason as text.
 *
 * SPDX-License-Identifier: MIT
 */
#include "report/report.h"

#include <string.h>

#include "util/timeutil.h"
#include "util/banned.h"

struct suite_count {
	uint64_t tests, failures, errors, skipped;
};

static void
case_name(struct strbuf *sb, const struct finding *f)
{
	if (f->object != NULL)
		strbuf_addstr(sb, f->object);
	if (f->path != NULL) {
		if (sb->len > 0)
			strbuf_addch(sb, ' ');
		strbuf_addstr(sb, f->path);
	}
	if (sb->len == 0 && f->file != NULL)
		strbuf_addstr(sb, f->file);
	if (sb->len == 0)
		strbuf_addstr(sb, rule_catalog[f->rule].title);
}

static void
detail(struct out *o, const struct finding *f)
{
	if (f->message != NULL) {
		out_xml(o, f->message);
		out_putc(o, '\n');
	}
	if (f->file != NULL) {
		out_xml(o, f->file);
		if (f->line > 0)
			out_printf(o, ":%u", f->line);
		out_putc(o, '\n');
	}
	if (f->evidence != NULL) {
		out_puts(o, "found: ");
		out_xml(o, f->evidence);
		out_putc(o, '\n');
	}
	if (f->expected != NULL) {
		out_puts(o, "expected: ");
		out_xml(o, f->expected);
		out_putc(o, '\n');
	}
	if (f->waiver == WAIVER_EXPIRED) {
		out_puts(o, "waiver expired");
		if (f->waiver_expires != NULL) {
			out_puts(o, " on ");
			out_xml(o, f->waiver_expires);
		}
		out_puts(o, ": ");
		out_xml(o, f->waiver_reason != NULL ? f->waiver_reason : "");
		out_putc(o, '\n');
	}
	out_puts(o, "fix: ");
	out_xml(o, rule_catalog[f->rule].remediation);
	out_putc(o, '\n');
}

static void
junit_write(const struct result *r, const struct report_opts *opt,
    struct out *o)
{
	struct suite_count sc[TARGET_COUNT], all = { 0 };
	struct result_iter it;
	struct finding f;
	char ts[32];
	size_t i;
	int t;

	(void)opt;
	memset(sc, 0, sizeof(sc));
	for (i = 0; i < RULE__COUNT; i++) {
		if (r->counts[i].status[STATUS_PASS] > 0) {
			sc[rule_catalog[i].target].tests++;
		}
	}
	result_iter_init(&it, r);
	while (result_iter_next(&it, &f)) {
		struct suite_count *c = &sc[rule_catalog[f.rule].target];

		if (f.status == STATUS_PASS || f.status == STATUS_NA)
			continue;
		c->tests++;
		if (f.status == STATUS_FAIL && f.waiver != WAIVER_APPLIED)
			c->failures++;
		else if (f.status == STATUS_ERROR)
			c->errors++;
		else
			c->skipped++;
	}
	result_iter_release(&it);
	for (t = 0; t < TARGET_COUNT; t++) {
		all.tests += sc[t].tests;
		all.failures += sc[t].failures;
		all.errors += sc[t].errors;
		all.skipped += sc[t].skipped;
	}
	rp_time_iso(r->started, ts, sizeof(ts));
	out_puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	out_puts(o, "<testsuites name=\"rampart ");
	out_xml(o, r->command);
	out_printf(o, "\" tests=\"%llu\" failures=\"%llu\" errors=\"%llu\">\n",
	    (unsigned long long)all.tests, (unsigned long long)all.failures,
	    (unsigned long long)all.errors);
	for (t = 0; t < TARGET_COUNT; t++) {
		if (sc[t].tests == 0)
			continue;
		out_printf(o, "  <testsuite name=\"%s\" tests=\"%llu\" failures=\"%llu\" errors=\"%llu\" skipped=\"%llu\" timestamp=\"%s\">\n",
		    target_name((enum target)t),
		    (unsigned long long)sc[t].tests,
		    (unsigned long long)sc[t].failures,
		    (unsigned long long)sc[t].errors,
		    (unsigned long long)sc[t].skipped, ts);
		result_iter_init(&it, r);
		while (result_iter_next(&it, &f)) {
			const struct rule *rule = &rule_catalog[f.rule];
			struct strbuf name = STRBUF_INIT;

			if ((int)rule->target != t || f.status == STATUS_PASS ||
			    f.status == STATUS_NA)
				continue;
			case_name(&name, &f);
			out_puts(o, "    <testcase classname=\"");
			out_xml(o, rule->id);
			out_puts(o, "\" name=\"");
			out_xml(o, name.buf);
			out_putc(o, '"');
			strbuf_release(&name);
			out_puts(o, ">\n      ");
			if (f.status == STATUS_FAIL &&
			    f.waiver != WAIVER_APPLIED) {
				out_printf(o, "<failure type=\"%s\" message=\"",
				    severity_name(finding_severity(&f)));
				out_xml(o, rule->title);
				out_puts(o, "\">");
				detail(o, &f);
				out_puts(o, "</failure>");
			} else if (f.status == STATUS_ERROR) {
				out_puts(o, "<error message=\"");
				out_xml(o, f.message != NULL ? f.message
							     : rule->title);
				out_puts(o, "\">");
				detail(o, &f);
				out_puts(o, "</error>");
			} else if (f.status == STATUS_MANUAL) {
				out_puts(o, "<skipped>manual check: ");
				out_xml(o, f.message != NULL ? f.message
							     : rule->title);
				out_puts(o, "</skipped>");
			} else {
				out_puts(o, "<skipped>waived: ");
				out_xml(o, f.waiver_reason != NULL
					? f.waiver_reason
					: "");
				if (f.waiver_expires != NULL) {
					out_puts(o, " (until ");
					out_xml(o, f.waiver_expires);
					out_putc(o, ')');
				}
				out_puts(o, "</skipped>");
			}
			out_puts(o, "\n    </testcase>\n");
		}
		result_iter_release(&it);
		for (i = 0; i < RULE__COUNT; i++) {
			const struct rule *rule = &rule_catalog[i];
			uint64_t n = r->counts[i].status[STATUS_PASS];

			if ((int)rule->target != t || n == 0)
				continue;
			out_puts(o, "    <testcase classname=\"");
			out_xml(o, rule->id);
			out_printf(o, "\" name=\"passed on %llu subject%s\"/>\n",
			    (unsigned long long)n, n == 1 ? "" : "s");
		}
		out_puts(o, "  </testsuite>\n");
	}
	out_puts(o, "</testsuites>\n");
}

const struct report_writer report_junit = {
	.name = "junit",
	.description = "JUnit XML for CI dashboards",
	.write = junit_write,
};
