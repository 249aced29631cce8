/*
 * t-report.c - results and report writers: waivers (applied, expired,
 * annotation, unused, open-ended), policy globs, control summaries, the
 * order of the text report, escaping of hostile strings per sink, and
 * deterministic output.
 *
 * Schema validation of the JSON, SARIF and JUnit writers is done on the
 * outputs of the end-to-end cases by tests/report-validate.py; these tests
 * cover what the end-to-end cases cannot reach (no rule of the catalog
 * makes a failing finding that a waiver can cover yet, and no input can
 * carry invalid UTF-8 into a waiver).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/result.h"
#include "report/report.h"
#include "test.h"
#include "util/timeutil.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* Render r with writer w into a malloc'd string. */
static char *
render(const struct report_writer *w, const struct result *r, int framework)
{
	struct report_opts ro = { .framework = framework };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct out o;

	if (fp == NULL)
		abort();
	out_init(&o, fp);
	w->write(r, &ro, &o);
	CHECK(out_finish(&o) == 0);
	fclose(fp);
	return buf;
}

static void
add_config_waiver(struct result *r, const char *rule, const char *subject,
    const char *just, const char *expires)
{
	struct waiver *w;

	ALLOC_GROW(r->waivers, r->nwaivers + 1, r->waivers_alloc);
	w = &r->waivers[r->nwaivers++];
	memset(w, 0, sizeof(*w));
	w->rule = xstrdup(rule);
	w->subject = xstrdup(subject);
	w->justification = xstrdup(just);
	if (expires != NULL)
		memcpy(w->expires, expires, 11);
	w->source = xstrdup("rampart.yaml:7");
	w->file = xstrdup("rampart.yaml");
	w->line = 7;
}

/* A failing finding of a rule waivers may cover. */
static void
add_fail(struct result *r, const char *object, struct waiver *local,
    size_t nlocal)
{
	struct finding f = {
		.rule = RULE_K8S_PARSE_ERROR,
		.status = STATUS_FAIL,
		.severity = -1,
		.file = "deploy/web.yaml",
		.line = 12,
		.col = 3,
		.object = object,
		.path = "spec.template.spec",
		.message = "something is wrong",
		.evidence = "true",
		.expected = "false",
		.local_waivers = local,
		.nlocal_waivers = nlocal,
	};

	result_add(r, &f);
}

static uint64_t
count(const struct result *r, enum rule_id id, enum status st)
{
	return r->counts[id].status[st];
}

static struct result *
new_result(void)
{
	struct policy p;

	policy_init(&p);
	return result_new("k8s scan", &p);
}

static void
test_waiver_applied(void)
{
	struct result *r = new_result();
	char *s;

	add_config_waiver(r, "k8s/*", "Deployment shop/*", "accepted risk",
	    "2030-01-01");
	add_fail(r, "Deployment shop/web", NULL, 0);
	add_fail(r, "Deployment other/api", NULL, 0);
	result_finish(r);
	CHECK(r->counts[RULE_K8S_PARSE_ERROR].waived == 1);
	CHECK(result_failing(r) == 1);
	CHECK(result_exit_code(r) == 1);
	CHECK(r->waivers[0].matched == 1);
	CHECK(count(r, RULE_CORE_WAIVER_UNUSED, STATUS_FAIL) == 0);
	CHECK(count(r, RULE_CORE_WAIVER_EXPIRED, STATUS_FAIL) == 0);
	s = render(&report_json, r, -1);
	CHECK(
	    strstr(s,
	        "\"waiver\":{\"state\":\"applied\",\"justification\":\"accepted risk\",\"expires\":\"2030-01-01\",\"source\":\"rampart.yaml:7\"}") !=
	    NULL);
	CHECK(strstr(s, "\"state\":\"active\",\"matched\":1") != NULL);
	free(s);
	s = render(&report_sarif, r, -1);
	CHECK(
	    strstr(s,
	        "\"suppressions\":[{\"kind\":\"external\",\"justification\":\"accepted risk\"}]") !=
	    NULL);
	free(s);
	s = render(&report_junit, r, -1);
	CHECK(
	    strstr(s,
	        "<skipped>waived: accepted risk (until 2030-01-01)</skipped>") !=
	    NULL);
	CHECK(strstr(s, "failures=\"1\"") != NULL);
	free(s);
	s = render(&report_text, r, -1);
	CHECK(
	    strstr(s,
	        "waived: accepted risk (until 2030-01-01) [rampart.yaml:7]") !=
	    NULL);
	CHECK(strstr(s, "1 at or above low; 1 waived") != NULL);
	free(s);
	result_free(r);
}

static void
test_waiver_expired(void)
{
	struct result *r = new_result();
	struct result_iter it;
	struct finding f;
	int seen_expired = 0;
	char *s;

	add_config_waiver(r, "k8s/parse-error", "*", "old exception",
	    "2020-01-01");
	add_fail(r, "Deployment shop/web", NULL, 0);
	result_finish(r);
	CHECK(r->counts[RULE_K8S_PARSE_ERROR].waived == 0);
	CHECK(r->counts[RULE_K8S_PARSE_ERROR].expired == 1);
	CHECK(count(r, RULE_CORE_WAIVER_EXPIRED, STATUS_FAIL) == 1);
	CHECK(result_failing(r) == 2);
	result_iter_init(&it, r);
	while (result_iter_next(&it, &f)) {
		if (f.rule == RULE_K8S_PARSE_ERROR)
			CHECK(f.waiver == WAIVER_EXPIRED);
		if (f.rule == RULE_CORE_WAIVER_EXPIRED) {
			seen_expired = 1;
			CHECK_STR(f.file, "rampart.yaml");
			CHECK(f.line == 7);
			CHECK_STR(f.message,
			    "has expired; the findings it covered count again");
		}
	}
	result_iter_release(&it);
	CHECK(seen_expired);
	s = render(&report_text, r, -1);
	CHECK(strstr(s, "waiver EXPIRED: old exception (until 2020-01-01)") !=
	    NULL);
	free(s);
	s = render(&report_junit, r, -1);
	CHECK(strstr(s, "waiver expired on 2020-01-01: old exception") != NULL);
	free(s);
	result_free(r);
}

static void
test_local_waivers(void)
{
	struct result *r = new_result();
	size_t n = 0, alloc = 0;
	struct waiver *ws = NULL;
	struct rp_diag d;

	rp_diag_init(&d);
	CHECK(
	    waiver_parse_annotation(
	        "k8s/parse-error reason=legacy expires=2020-02-02; "
	        "k8s/host-pid reason=node agent expires=2031-01-01\n"
	        "k8s/host-ipc reason=forever",
	        "annotation on Deployment shop/web", &ws, &n, &alloc, &d) == 0);
	CHECK(n == 3);
	add_fail(r, "Deployment shop/web", ws, n);
	add_fail(r, "Deployment shop/web", ws, n);
	result_object_done(r, ws, n, "deploy/web.yaml", 3,
	    "Deployment shop/web");
	result_finish(r);
	/* Reported once at its first match, not again when done. */
	CHECK(count(r, RULE_CORE_WAIVER_EXPIRED, STATUS_FAIL) == 1);
	/* host-pid and host-ipc matched nothing. */
	CHECK(count(r, RULE_CORE_WAIVER_UNUSED, STATUS_FAIL) == 2);
	CHECK(count(r, RULE_CORE_WAIVER_NO_EXPIRY, STATUS_FAIL) == 1);
	CHECK(r->counts[RULE_K8S_PARSE_ERROR].expired == 2);
	while (n > 0)
		waiver_release(&ws[--n]);
	free(ws);

	/* Annotation syntax errors name the problem. */
	ws = NULL;
	n = alloc = 0;
	CHECK(waiver_parse_annotation("k8s/host-pid expires=2030-01-01",
	          "annotation", &ws, &n, &alloc, &d) == RP_EPARSE);
	CHECK(strstr(d.msg, "reason=") != NULL);
	CHECK(
	    waiver_parse_annotation("k8s/host-pid reason=x expires=2030-13-01",
	        "annotation", &ws, &n, &alloc, &d) == RP_EPARSE);
	CHECK(strstr(d.msg, "not a valid date") != NULL);
	while (n > 0)
		waiver_release(&ws[--n]);
	free(ws);
	result_free(r);
}

static void
test_core_findings_not_waived(void)
{
	struct result *r = new_result();

	add_config_waiver(r, "*", "*", "hide everything", NULL);
	result_finish(r);
	/* The blanket waiver does not hide the findings about itself. */
	CHECK(count(r, RULE_CORE_WAIVER_UNUSED, STATUS_FAIL) == 1);
	CHECK(count(r, RULE_CORE_WAIVER_NO_EXPIRY, STATUS_FAIL) == 1);
	CHECK(r->counts[RULE_CORE_WAIVER_UNUSED].waived == 0);
	CHECK(r->counts[RULE_CORE_WAIVER_NO_EXPIRY].waived == 0);
	CHECK(r->waivers[0].matched == 0);
	/* Both are info: below the default --fail-on low. */
	CHECK(result_exit_code(r) == 0);
	result_free(r);
}

static void
test_policy(void)
{
	struct policy p;
	char g1[] = "core/*", g2[] = "k8s/typo", g3[] = "zzz/*";
	char *only[] = { g1, g2 };
	char *skip[] = { g3 };
	struct result *r;

	policy_init(&p);
	CHECK(policy_unmatched_glob(&p) == NULL);
	p.only = only;
	p.nonly = 1;
	CHECK(policy_unmatched_glob(&p) == NULL);
	p.nonly = 2;
	CHECK_STR(policy_unmatched_glob(&p), "k8s/typo");
	p.nonly = 1;
	p.skip = skip;
	p.nskip = 1;
	CHECK_STR(policy_unmatched_glob(&p), "zzz/*");
	p.nskip = 0;
	r = result_new("k8s scan", &p);
	CHECK(result_rule_enabled(r, RULE_CORE_WAIVER_UNUSED));
	CHECK(!result_rule_enabled(r, RULE_K8S_PARSE_ERROR));
	add_fail(r, "x", NULL, 0); /* dropped: not selected */
	CHECK(r->counts[RULE_K8S_PARSE_ERROR].ran == 0);
	CHECK(r->stored == 0);
	result_free(r);

	policy_init(&p);
	p.fail_never = 1;
	r = result_new("k8s scan", &p);
	add_fail(r, "x", NULL, 0);
	CHECK(result_failing(r) == 0);
	CHECK(result_exit_code(r) == 0);
	result_gap(r, "k8s", "x.yaml", "unreadable");
	CHECK(result_exit_code(r) == 3);
	result_free(r);
}

static void
test_framework_summary(void)
{
	struct result *r = new_result();
	struct control_summary *sum = xcalloc(control_count, sizeof(*sum));
	uint64_t tally[5] = { 0 };
	size_t n, i;
	const struct control_summary *a13 = NULL;

	add_config_waiver(r, "k8s/parse-error", "Deployment shop/*", "ok",
	    "2030-01-01");
	add_fail(r, "Deployment shop/web", NULL, 0);
	n = result_framework(r, FW_BSI, sum, tally);
	for (i = 0; i < n; i++)
		if (strcmp(sum[i].control->id, "APP.4.4.A13") == 0)
			a13 = &sum[i];
	CHECK(a13 != NULL);
	/* A waived failure leaves the control passing, with the waiver. */
	CHECK(a13 != NULL && a13->status == CONTROL_PASS && a13->waived == 1 &&
	    a13->fail == 0);
	add_fail(r, "Deployment other/api", NULL, 0);
	n = result_framework(r, FW_BSI, sum, tally);
	for (i = 0; i < n; i++)
		if (sum[i].control == a13->control)
			CHECK(
			    sum[i].status == CONTROL_FAIL && sum[i].fail == 1);
	CHECK(tally[CONTROL_MANUAL] > 0);
	free(sum);
	result_free(r);
}

/* Order of the text report: failures, then errors, then manual checks. */
static void
test_text_order(void)
{
	struct result *r = new_result();
	struct finding e = {
		.rule = RULE_K8S_PARSE_ERROR,
		.status = STATUS_ERROR,
		.severity = -1,
		.file = "bad.yaml",
		.line = 4,
		.message = "cannot parse",
	};
	char *s, *fail, *err;

	result_add(r, &e);
	add_fail(r, "Deployment shop/web", NULL, 0);
	result_finish(r);
	s = render(&report_text, r, -1);
	fail = strstr(s, "HIGH  k8s/parse-error");
	err = strstr(s, "ERROR  k8s/parse-error");
	CHECK(fail != NULL && err != NULL && fail < err);
	CHECK(strstr(s, "(could not be checked)") > fail);
	free(s);
	result_free(r);
}

static int
has_byte_below_space(const char *s, const char *allowed)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 && strchr(allowed, *s) == NULL)
			return 1;
	return 0;
}

#define HOSTILE_FILE "dir/bad\xff\x1b[31m\xe2\x80\xaename\xef\xbf\xbe.yaml"
#define HOSTILE_OBJ           \
	"Pod <&>\"' \xc2\x9b" \
	"2J \xe2\x80\xa8 x"

static void
test_hostile_strings(void)
{
	struct result *r = new_result();
	struct finding f = {
		.rule = RULE_K8S_PARSE_ERROR,
		.status = STATUS_FAIL,
		.severity = -1,
		.file = HOSTILE_FILE,
		.line = 1,
		.object = HOSTILE_OBJ,
		.message = "value\x01with\x7f"
		           "controls",
		.evidence = "\xc3\x28 broken",
	};
	char *s;

	result_add(r, &f);
	result_finish(r);

	s = render(&report_json, r, -1);
	CHECK(utf8_check(s, strlen(s)) == strlen(s));
	CHECK(!has_byte_below_space(s, "\n"));
	CHECK(strstr(s, "dir/bad\\ufffd\\u001b[31m\\u202e") == NULL);
	/* U+FFFE is written as an escape: YAML cannot carry it raw. */
	CHECK(strstr(s,
	          "dir/bad\\ufffd\\u001b[31m\xe2\x80\xaename\\ufffe.yaml") !=
	    NULL);
	CHECK(strstr(s, "Pod <&>\\\"' \\u009b2J \\u2028 x") != NULL);
	CHECK(strstr(s, "value\\u0001with\\u007fcontrols") != NULL);
	CHECK(strstr(s, "\\ufffd( broken") != NULL);
	free(s);

	s = render(&report_sarif, r, -1);
	CHECK(utf8_check(s, strlen(s)) == strlen(s));
	CHECK(!has_byte_below_space(s, "\n"));
	CHECK(
	    strstr(s,
	        "\"uri\":\"dir/bad%FF%1B%5B31m%E2%80%AEname%EF%BF%BE.yaml\"") !=
	    NULL);
	free(s);

	s = render(&report_junit, r, -1);
	CHECK(utf8_check(s, strlen(s)) == strlen(s));
	CHECK(!has_byte_below_space(s, "\n"));
	CHECK(strstr(s, "\xef\xbf\xbe") == NULL); /* U+FFFE is no XML char */
	CHECK(strstr(s, "Pod &lt;&amp;&gt;&quot;&#39; ") != NULL);
	free(s);

	s = render(&report_html, r, -1);
	CHECK(utf8_check(s, strlen(s)) == strlen(s));
	CHECK(!has_byte_below_space(s, "\n"));
	CHECK(strstr(s,
	          "<b>Pod &lt;&amp;&gt;&quot;&#39; \\u009b2J \\u2028 x</b>") !=
	    NULL);
	CHECK(strstr(s, "\xe2\x80\xae") == NULL); /* shown as \u202e */
	CHECK(strstr(s, "\\u202ename") != NULL);
	CHECK(strstr(s, "<script>") != NULL &&
	    strstr(strstr(s, "<script>") + 1, "<script") == NULL);
	free(s);

	s = render(&report_text, r, -1);
	CHECK(utf8_check(s, strlen(s)) == strlen(s));
	CHECK(!has_byte_below_space(s, "\n"));
	CHECK(strstr(s, "\xe2\x80\xae") == NULL); /* no bidi override */
	CHECK(strstr(s, "\xc2\x9b") == NULL);     /* no C1 CSI */
	CHECK(strstr(s, "\xe2\x80\xa8") == NULL); /* no line separator */
	CHECK(strstr(s, "dir/bad\\xff\\x1b[31m\\u202ename") != NULL);
	CHECK(strstr(s, "Pod <&>\"' \\u009b2J \\u2028 x") != NULL);
	CHECK(strstr(s, "value\\x01with\\x7fcontrols") != NULL);
	free(s);
	result_free(r);
}

static void
test_prometheus_labels(void)
{
	struct result *r = new_result();
	char *s;

	result_target_count(result_target_add(r, "k8s", "a\"b\\c\nd\x1b\xff"),
	    "files", 2);
	result_finish(r);
	s = render(&report_prometheus, r, FW_SOC2);
	CHECK(utf8_check(s, strlen(s)) == strlen(s));
	CHECK(!has_byte_below_space(s, "\n"));
	CHECK(
	    strstr(s,
	        "rampart_target_units{target=\"k8s\",scope=\"a\\\"b\\\\c\\nd\xef\xbf\xbd\xef\xbf\xbd\",unit=\"files\"} 2\n") !=
	    NULL);
	CHECK(
	    strstr(s,
	        "rampart_control_status{framework=\"soc2\",control=\"CC6.1\",status=\"") !=
	    NULL);
	CHECK(strstr(s, "framework=\"bsi\"") == NULL);
	free(s);
	result_free(r);
}

static void
test_deterministic(void)
{
	const struct report_writer *const *w;

	for (w = report_writers; *w != NULL; w++) {
		struct result *r = new_result();
		char *a, *b;

		add_config_waiver(r, "k8s/*", "*", "why", "2030-01-01");
		add_fail(r, "Deployment shop/web", NULL, 0);
		result_target_count(result_target_add(r, "k8s", "deploy/"),
		    "documents", 3);
		result_finish(r);
		a = render(*w, r, -1);
		b = render(*w, r, -1);
		CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
		CHECK(strlen(a) > 0);
		free(a);
		free(b);
		result_free(r);
	}
}

/* --framework narrows the compliance part of the text and JSON reports. */
static void
test_framework_filter(void)
{
	struct result *r = new_result();
	char *s;

	result_finish(r);
	s = render(&report_json, r, FW_SOC2);
	CHECK(strstr(s, "\"key\":\"soc2\"") != NULL);
	CHECK(strstr(s, "\"key\":\"bsi\"") == NULL);
	free(s);
	s = render(&report_text, r, FW_PCI_DSS_4);
	CHECK(strstr(s, "  pci-dss-4 ") != NULL);
	CHECK(strstr(s, "  iso27001-2022 ") == NULL);
	free(s);
	result_free(r);
}

/* JSON -> struct result -> JSON gives the same bytes; bad input errs. */
static void
test_load_round_trip(void)
{
	static const struct {
		const char *json, *msg;
	} bad[] = {
		{ "[1,2]", "not a rampart result" },
		{ "{\"schema\":\"x\"}", "is not https://" },
		{ "{\"schema\":\"https://rampart.invalid/schema/result-1.json\"}",
		    "missing \"tool\"" },
		{ "{\"a\": [", "YAML" },
	};
	struct result *r = new_result(), *back = NULL;
	struct rp_diag d;
	char *a, *b;
	size_t i;
	time_t t;

	add_config_waiver(r, "k8s/*", "Deployment shop/*", "why", "2030-01-01");
	add_config_waiver(r, "k8s/old", "*", "stale", "2020-01-01");
	add_fail(r, "Deployment shop/web", NULL, 0);
	add_fail(r, HOSTILE_OBJ, NULL, 0);
	result_gap(r, "k8s", "x.yaml", "unreadable");
	result_target_count(result_target_add(r, "k8s", "deploy/"), "files", 2);
	result_finish(r);
	a = render(&report_json, r, -1);
	rp_diag_init(&d);
	CHECK(report_load_json_mem(a, strlen(a), "saved.json", &back, &d) == 0);
	if (back != NULL) {
		b = render(&report_json, back, -1);
		CHECK_STR(a, b);
		free(b);
		CHECK(result_exit_code(back) == result_exit_code(r));
		CHECK(back->counts[RULE_K8S_PARSE_ERROR].waived == 1);
		result_finish(back); /* restored: adds nothing */
		CHECK(back->stored == r->stored);
		result_free(back);
	}
	free(a);
	result_free(r);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		rp_diag_init(&d);
		back = NULL;
		CHECK(report_load_json_mem(bad[i].json, strlen(bad[i].json),
		          "bad.json", &back, &d) != 0);
		CHECK(back == NULL);
		CHECK(strstr(d.msg, bad[i].msg) != NULL);
	}
	CHECK(rp_time_parse_iso("2026-05-28T20:26:40Z", &t) == 0 &&
	    t == 1780000000);
	CHECK(rp_time_parse_iso("2026-02-30T20:26:40Z", &t) != 0);
	CHECK(rp_time_parse_iso("2026-05-28 20:26:40", &t) != 0);
	CHECK(rp_time_parse_iso("2026-05-28T24:00:00Z", &t) != 0);
}

/* rampart diff: failures matched by identity, as a multiset. */
static void
test_diff(void)
{
	struct result *old = new_result(), *new = new_result();
	struct result_diff d;
	char *s;
	size_t len = 0;
	FILE *fp;
	struct out o;

	add_fail(old, "Deployment shop/web", NULL, 0);
	add_fail(old, "Deployment shop/web", NULL, 0);
	add_fail(old, "Deployment shop/api", NULL, 0);
	add_fail(new, "Deployment shop/web", NULL, 0); /* line moved: same */
	add_fail(new, "Deployment shop/db", NULL, 0);
	add_config_waiver(new, "k8s/*", "Deployment shop/api", "ok", NULL);
	add_fail(new, "Deployment shop/api", NULL, 0); /* waived: gone */
	result_finish(old);
	result_finish(new);
	result_diff(old, new, &d);
	/* shop/db, and the new waiver's own core/waiver-no-expiry. */
	CHECK(d.nnewly == 2 && d.newly != NULL &&
	    d.newly[0].rule == RULE_CORE_WAIVER_NO_EXPIRY &&
	    strcmp(d.newly[1].object, "Deployment shop/db") == 0);
	CHECK(d.nstill == 1);
	CHECK(d.nfixed == 2); /* one of two web, and api (now waived) */
	CHECK(d.nunchecked == 0);
	/* core/waiver-no-expiry ran only in the new result. */
	CHECK(d.nadded == 1 && d.added[0] == RULE_CORE_WAIVER_NO_EXPIRY);
	CHECK(d.nremoved == 0);
	s = NULL;
	fp = open_memstream(&s, &len);
	out_init(&o, fp);
	result_diff_json(&d, old, "a.json", new, "b.json", &o);
	CHECK(out_finish(&o) == 0);
	fclose(fp);
	CHECK(
	    strstr(s,
	        "\"summary\": {\"newly_failing\":2,\"fixed\":2,\"still_failing\":1,\"no_longer_checked\":0,\"rules_added\":1,\"rules_removed\":0}") !=
	    NULL);
	free(s);
	result_diff_release(&d);
	result_free(old);
	result_free(new);
}

int
main(void)
{
	/* Fixed clock: timestamps and "today" for expiry decisions. */
	setenv("SOURCE_DATE_EPOCH", "1780000000", 1);
	TEST_RUN(test_waiver_applied);
	TEST_RUN(test_waiver_expired);
	TEST_RUN(test_local_waivers);
	TEST_RUN(test_core_findings_not_waived);
	TEST_RUN(test_policy);
	TEST_RUN(test_framework_summary);
	TEST_RUN(test_text_order);
	TEST_RUN(test_hostile_strings);
	TEST_RUN(test_prometheus_labels);
	TEST_RUN(test_deterministic);
	TEST_RUN(test_framework_filter);
	TEST_RUN(test_load_round_trip);
	TEST_RUN(test_diff);
	return test_report();
}
