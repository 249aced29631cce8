/*
 * sarif.c - SARIF 2.1.0 for code-scanning uploads.
 *
 * Failing findings are results of kind "fail"; manual checks are "review"
 * results; findings rampart could not evaluate are "open" results and also
 * tool execution notifications, and mark the invocation unsuccessful.
 * Waived failures carry an accepted external suppression with the
 * justification.  Every rule of the catalog is listed, so ruleIndex is the
 * catalog index.
 *
 * SPDX-License-Identifier: MIT
 */
#include "report/report.h"

#include <string.h>

#include "util/timeutil.h"
#include "util/banned.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

static const char *
sarif_level(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
	case SEV_HIGH:
		return "error";
	case SEV_MEDIUM:
		return "warning";
	case SEV_LOW:
	case SEV_INFO:
		return "note";
	}
	return "note";
}

/* GitHub reads this 0.0-10.0 score to rank security alerts. */
static const char *
security_severity(enum severity s)
{
	switch (s) {
	case SEV_CRITICAL:
		return "9.5";
	case SEV_HIGH:
		return "8.0";
	case SEV_MEDIUM:
		return "5.5";
	case SEV_LOW:
		return "3.0";
	case SEV_INFO:
		return "1.0";
	}
	return "1.0";
}

/* An artifact URI: relative paths stay relative, unsafe bytes %-escaped. */
static void
out_uri(struct out *o, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)path;

	out_putc(o, '"');
	if (path[0] == '/')
		out_puts(o, "file://");
	for (; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p) != NULL) {
			out_putc(o, *p);
		} else {
			out_putc(o, '%');
			out_putc(o, hex[*p >> 4]);
			out_putc(o, hex[*p & 15]);
		}
	}
	out_putc(o, '"');
}

static void
message_text(struct out *o, const struct finding *f)
{
	struct strbuf sb = STRBUF_INIT;

	if (f->object != NULL) {
		strbuf_addstr(&sb, f->object);
		strbuf_addstr(&sb, ": ");
	}
	strbuf_addstr(&sb, f->message != NULL ? f->message
					      : rule_catalog[f->rule].title);
	if (f->evidence != NULL) {
		strbuf_addstr(&sb, " (found: ");
		strbuf_addstr(&sb, f->evidence);
		if (f->expected != NULL) {
			strbuf_addstr(&sb, "; expected: ");
			strbuf_addstr(&sb, f->expected);
		}
		strbuf_addch(&sb, ')');
	}
	out_json(o, sb.buf);
	strbuf_release(&sb);
}

static void
locations(struct out *o, const struct finding *f)
{
	if (f->file == NULL && f->object == NULL && f->path == NULL)
		return;
	out_puts(o, ",\"locations\":[{");
	if (f->file != NULL) {
		out_puts(o, "\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
		out_uri(o, f->file);
		out_putc(o, '}');
		if (f->line > 0) {
			out_printf(o, ",\"region\":{\"startLine\":%u", f->line);
			if (f->col > 0)
				out_printf(o, ",\"startColumn\":%u", f->col);
			out_putc(o, '}');
		}
		out_putc(o, '}');
	}
	if (f->object != NULL || f->path != NULL) {
		if (f->file != NULL)
			out_putc(o, ',');
		out_puts(o, "\"logicalLocations\":[{\"fullyQualifiedName\":");
		out_json(o, f->object != NULL ? f->object : f->path);
		if (f->object != NULL && f->path != NULL) {
			out_puts(o, ",\"name\":");
			out_json(o, f->path);
		}
		out_puts(o, ",\"kind\":\"resource\"}]");
	}
	out_puts(o, "}]");
}

static void
sarif_rule(struct out *o, const struct rule *rule)
{
	char name[128];
	const char *p;
	size_t n = 0;
	int up = 1;

	/* A PascalCase name from the slug: "k8s/host-pid" -> K8sHostPid. */
	for (p = rule->id; *p != '\0' && n + 1 < sizeof(name); p++) {
		if (*p == '/' || *p == '-' || *p == '.') {
			up = 1;
			continue;
		}
		name[n++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A')
							   : *p;
		up = 0;
	}
	name[n] = '\0';
	out_puts(o, "{\"id\":");
	out_json(o, rule->id);
	out_puts(o, ",\"name\":");
	out_json(o, name);
	out_puts(o, ",\"shortDescription\":{\"text\":");
	out_json(o, rule->title);
	out_puts(o, "},\"fullDescription\":{\"text\":");
	out_json(o, rule->rationale);
	out_puts(o, "},\"help\":{\"text\":");
	out_json(o, rule->remediation);
	out_printf(o, "},\"defaultConfiguration\":{\"level\":\"%s\",\"enabled\":%s}",
	    sarif_level(rule->severity),
	    rule->flags & RULE_OPTIONAL ? "false" : "true");
	out_printf(o, ",\"properties\":{\"tags\":[\"security\",\"%s\",\"%s\"],\"security-severity\":\"%s\",\"precision\":\"high\"",
	    target_name(rule->target), level_name(rule->level),
	    security_severity(rule->severity));
	if (rule->refs.bsi != NULL) {
		out_puts(o, ",\"bsi\":");
		out_json(o, rule->refs.bsi);
	}
	if (rule->refs.pci_dss_4 != NULL) {
		out_puts(o, ",\"pci_dss_4\":");
		out_json(o, rule->refs.pci_dss_4);
	}
	if (rule->refs.iso27001_2022 != NULL) {
		out_puts(o, ",\"iso27001_2022\":");
		out_json(o, rule->refs.iso27001_2022);
	}
	if (rule->refs.soc2 != NULL) {
		out_puts(o, ",\"soc2\":");
		out_json(o, rule->refs.soc2);
	}
	if (rule->refs.cis != NULL) {
		out_puts(o, ",\"cis\":");
		out_json(o, rule->refs.cis);
	}
	out_puts(o, "}}");
}

static void
sarif_write(const struct result *r, const struct report_opts *opt,
    struct out *o)
{
	struct result_iter it;
	struct finding f;
	char t1[32], t2[32];
	size_t i;
	int first = 1, ok = result_exit_code(r) != 3;

	(void)opt;
	out_puts(o, "{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n");
	out_puts(o, "    \"tool\": {\"driver\": {\"name\":\"rampart\",\"version\":\"" RAMPART_VERSION "\",\"semanticVersion\":\"" RAMPART_VERSION "\",\"informationUri\":\"https://rampart.invalid/\",\"rules\":[");
	for (i = 0; i < RULE__COUNT; i++) {
		out_puts(o, i == 0 ? "\n      " : ",\n      ");
		sarif_rule(o, &rule_catalog[i]);
	}
	out_puts(o, "\n    ]}},\n");
	out_printf(o, "    \"invocations\": [{\"executionSuccessful\":%s,\"startTimeUtc\":\"%s\",\"endTimeUtc\":\"%s\",\"toolExecutionNotifications\":[",
	    ok ? "true" : "false", rp_time_iso(r->started, t1, sizeof(t1)),
	    rp_time_iso(r->finished ? r->finished : r->started, t2,
		sizeof(t2)));
	result_iter_init(&it, r);
	while (result_iter_next(&it, &f)) {
		if (f.status != STATUS_ERROR)
			continue;
		out_puts(o, first ? "\n      {" : ",\n      {");
		first = 0;
		out_puts(o, "\"level\":\"error\",\"message\":{\"text\":");
		message_text(o, &f);
		out_putc(o, '}');
		/* The rule, not a notification descriptor (SARIF 3.58.7). */
		out_puts(o, ",\"associatedRule\":{\"id\":");
		out_json(o, rule_catalog[f.rule].id);
		out_printf(o, ",\"index\":%d}", (int)f.rule);
		locations(o, &f);
		out_putc(o, '}');
	}
	result_iter_release(&it);
	for (i = 0; i < r->ngaps; i++) {
		out_puts(o, first ? "\n      {" : ",\n      {");
		first = 0;
		out_puts(o, "\"level\":\"error\",\"message\":{\"text\":");
		{
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "%s: %s: %s", r->gaps[i].target,
			    r->gaps[i].what, r->gaps[i].why);
			out_json(o, sb.buf);
			strbuf_release(&sb);
		}
		out_puts(o, "}}");
	}
	/* Columns count characters, as libyaml reports them. */
	out_puts(o, "]}],\n    \"columnKind\": \"unicodeCodePoints\",\n    \"results\": [");
	first = 1;
	result_iter_init(&it, r);
	while (result_iter_next(&it, &f)) {
		const struct rule *rule = &rule_catalog[f.rule];

		if (f.status != STATUS_FAIL && f.status != STATUS_MANUAL &&
		    f.status != STATUS_ERROR)
			continue;
		out_puts(o, first ? "\n      {" : ",\n      {");
		first = 0;
		out_puts(o, "\"ruleId\":");
		out_json(o, rule->id);
		out_printf(o, ",\"ruleIndex\":%d", (int)f.rule);
		/*
		 * Only "fail" results carry a level (SARIF 3.27.10).  A subject
		 * rampart could not evaluate is an "open" result, so that code
		 * scanning shows where the audit has a hole.
		 */
		if (f.status == STATUS_FAIL)
			out_printf(o, ",\"kind\":\"fail\",\"level\":\"%s\"",
			    sarif_level(finding_severity(&f)));
		else if (f.status == STATUS_ERROR)
			out_puts(o, ",\"kind\":\"open\",\"level\":\"none\"");
		else
			out_puts(o, ",\"kind\":\"review\",\"level\":\"none\"");
		out_puts(o, ",\"message\":{\"text\":");
		message_text(o, &f);
		out_putc(o, '}');
		locations(o, &f);
		/*
		 * No suppression status: the 2.1.0 text calls it "status",
		 * the schema "state"; absent means accepted either way.
		 */
		if (f.waiver == WAIVER_APPLIED) {
			out_puts(o, ",\"suppressions\":[{\"kind\":\"external\",\"justification\":");
			out_json(o, f.waiver_reason);
			out_puts(o, "}]");
		}
		out_printf(o, ",\"properties\":{\"severity\":\"%s\"",
		    severity_name(finding_severity(&f)));
		if (f.waiver == WAIVER_EXPIRED) {
			out_puts(o, ",\"waiverExpired\":");
			out_json(o, f.waiver_expires);
		}
		out_puts(o, "}}");
	}
	result_iter_release(&it);
	out_printf(o, "%s]\n  }]\n}\n", first ? "" : "\n    ");
}

const struct report_writer report_sarif = {
	.name = "sarif",
	.description = "SARIF 2.1.0 for code scanning",
	.write = sarif_write,
};
