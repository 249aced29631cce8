/*
 * html.c - one self-contained HTML page for people: a summary chart,
 * per-framework scorecards with every control, and a findings table that
 * can be filtered by text, severity, status and target.
 *
 * The page loads nothing: styles, the chart (inline SVG) and the filter
 * script are in the file, and a Content-Security-Policy forbids any other
 * source, so it can be mailed, archived as audit evidence or opened from
 * a CI artefact without network.  Every string from a scan goes through
 * html_text() (XML escaping, and bidirectional controls made visible) in
 * text and attribute values alike; the script only reads data attributes
 * and toggles rows, it never builds markup from data.  The
 * filter state can be given in the URL fragment
 * (#severity=high&status=fail&target=k8s&q=text) to link to a view.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#include "util/banned.h"

static const char html_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<style>\n"
    "body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1200px;"
    "padding:1em 2em;color:#1c1c1c}\n"
    "h1{font-size:1.5em;margin:.2em 0}h2{border-bottom:1px solid #ccc;"
    "padding-bottom:.2em;margin-top:1.5em}\n"
    ".meta{color:#555}.mono{font-family:ui-monospace,monospace;"
    "font-size:.92em;word-break:break-all}\n"
    ".badge{display:inline-block;border-radius:3px;padding:0 .4em;"
    "font-size:.85em;font-weight:600;color:#fff;white-space:nowrap}\n"
    ".critical{background:#7a0010}.high{background:#c62828}"
    ".medium{background:#e08a00}.low{background:#1976d2}"
    ".info{background:#607d8b}.pass{background:#2e7d32}"
    ".fail{background:#c62828}.error{background:#6a1b9a}"
    ".manual{background:#455a64}.not-assessed{background:#9e9e9e}"
    ".waived{background:#8d6e63}.expired{background:#ad1457}"
    ".not-applicable{background:#9e9e9e}\n"
    ".exit0{background:#2e7d32}.exit1{background:#c62828}"
    ".exit3{background:#6a1b9a}\n"
    "table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;vertical-align:top;padding:.3em .5em;"
    "border-bottom:1px solid #eee}th{background:#f5f5f5}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fill,"
    "minmax(270px,1fr));gap:1em}\n"
    ".card{border:1px solid #ddd;border-radius:6px;padding:.6em .8em}"
    ".card h3{font-size:1em;margin:.1em 0 .5em}\n"
    ".bar{display:flex;height:14px;border-radius:3px;overflow:hidden;"
    "background:#eee}.bar span{display:block;height:100%}\n"
    "details{margin-top:.5em}summary{cursor:pointer}\n"
    ".filters{display:flex;flex-wrap:wrap;gap:.6em;margin:.5em 0}"
    ".filters input{min-width:18em}\n"
    "tr[hidden]{display:none}small{color:#666}\n"
    "</style>\n";

/*
 * Untrusted text for the page: XML-escaped, and with the characters that
 * change how the rest of a line is displayed (C1 controls, bidirectional
 * overrides and isolates, line separators) shown as \uXXXX, so a name
 * cannot read backwards the way it does not run ("Trojan source").
 */
static void
html_text(struct out *o, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = strlen(s), i = 0;

	while (i < len) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t n = *p < 0x80 ? 1 : utf8_valid_prefix(s + i, len - i);
		unsigned cp = 0;

		if (n == 2 && p[0] == 0xc2 && p[1] <= 0x9f)
			cp = p[1];
		else if (n == 3 && p[0] == 0xe2 && p[1] == 0x80 &&
		    p[2] >= 0xa8 && p[2] <= 0xae)
			cp = 0x2000u + (p[2] - 0x80u);
		else if (n == 3 && p[0] == 0xe2 && p[1] == 0x81 &&
		    p[2] >= 0xa6 && p[2] <= 0xa9)
			cp = 0x2040u + (p[2] - 0x80u);
		if (cp != 0)
			strbuf_addf(&sb, "\\u%04x", cp);
		else
			strbuf_add(&sb, s + i, n > 0 ? n : 1);
		i += n > 0 ? n : 1;
	}
	out_xml(o, sb.buf);
	strbuf_release(&sb);
}

static void
attr(struct out *o, const char *name, const char *value)
{
	out_printf(o, " %s=\"", name);
	html_text(o, value != NULL ? value : "");
	out_putc(o, '"');
}

static const char *
finding_state(const struct finding *f)
{
	if (f->status == STATUS_FAIL && f->waiver == WAIVER_APPLIED)
		return "waived";
	return status_name(f->status);
}

struct html_ctx {
	struct out *o;
	uint64_t rows;
};

static void
finding_row(const struct finding *f, void *arg)
{
	struct html_ctx *c = arg;
	struct out *o = c->o;
	const struct rule *rule = &rule_catalog[f->rule];
	const char *sev = severity_name(finding_severity(f));
	const char *state = finding_state(f);

	c->rows++;
	out_puts(o, "<tr");
	attr(o, "data-severity", sev);
	attr(o, "data-status", state);
	attr(o, "data-target", target_name(rule->target));
	out_puts(o, ">\n<td><span class=\"badge ");
	html_text(o, sev);
	out_puts(o, "\">");
	html_text(o, sev);
	out_puts(o, "</span></td><td><span class=\"badge ");
	html_text(o, state);
	out_puts(o, "\">");
	html_text(o, state);
	out_puts(o, "</span></td><td class=\"mono\">");
	html_text(o, rule->id);
	out_puts(o, "<br><small>");
	html_text(o, rule->title);
	out_puts(o, "</small></td>\n<td>");
	if (f->object != NULL) {
		out_puts(o, "<b>");
		html_text(o, f->object);
		out_puts(o, "</b><br>");
	}
	if (f->file != NULL) {
		out_puts(o, "<span class=\"mono\">");
		html_text(o, f->file);
		if (f->line > 0)
			out_printf(o, ":%u", f->line);
		out_puts(o, "</span><br>");
	}
	if (f->path != NULL) {
		out_puts(o, "<span class=\"mono\">");
		html_text(o, f->path);
		out_puts(o, "</span>");
	}
	out_puts(o, "</td>\n<td>");
	html_text(o, f->message != NULL ? f->message : "");
	if (f->evidence != NULL) {
		out_puts(o, "<br><small>found:</small> <span class=\"mono\">");
		html_text(o, f->evidence);
		out_puts(o, "</span>");
	}
	if (f->expected != NULL) {
		out_puts(o,
		    "<br><small>expected:</small> <span class=\"mono\">");
		html_text(o, f->expected);
		out_puts(o, "</span>");
	}
	if (f->waiver != WAIVER_NONE) {
		out_printf(o, "<br><small>%s:</small> ",
		    f->waiver == WAIVER_APPLIED ? "waived" : "waiver expired");
		html_text(o, f->waiver_reason != NULL ? f->waiver_reason : "");
		if (f->waiver_expires != NULL) {
			out_puts(o, " <small>(until ");
			html_text(o, f->waiver_expires);
			out_puts(o, ")</small>");
		}
	}
	out_puts(o, "</td></tr>\n");
}

/* Horizontal bars, one per outcome, scaled to the largest. */
static void
summary_chart(struct out *o, const char *const *labels,
    const char *const *classes, const uint64_t *v, size_t n)
{
	static const char *const fill[] = {
		"#7a0010",
		"#c62828",
		"#e08a00",
		"#1976d2",
		"#607d8b",
		"#8d6e63",
		"#6a1b9a",
		"#455a64",
		"#2e7d32",
	};
	uint64_t max = 1;
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	out_printf(o,
	    "<svg id=\"chart\" role=\"img\" aria-label=\"findings by outcome\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" width=\"620\" height=\"%zu\">\n",
	    n * 24 + 4);
	for (i = 0; i < n; i++) {
		unsigned w = (unsigned)(v[i] * 400 / max);

		out_printf(o,
		    "<g class=\"%s\" data-count=\"%llu\"><text x=\"0\" y=\"%zu\" "
		    "font-size=\"13\">%s</text><rect x=\"150\" y=\"%zu\" "
		    "width=\"%u\" height=\"16\" fill=\"%s\"/><text x=\"%u\" "
		    "y=\"%zu\" font-size=\"13\">%llu</text></g>\n",
		    classes[i], (unsigned long long)v[i], i * 24 + 16,
		    labels[i], i * 24 + 4, w, fill[i % ARRAY_SIZE(fill)],
		    156 + w, i * 24 + 16, (unsigned long long)v[i]);
	}
	out_puts(o, "</svg>\n");
}

static void
scorecards(const struct result *r, const struct report_opts *opt, struct out *o)
{
	static const char *const status_order[] = { "fail", "error", "pass",
		"not-assessed", "manual" };
	static const enum control_status status_of[] = { CONTROL_FAIL,
		CONTROL_ERROR, CONTROL_PASS, CONTROL_NOT_ASSESSED,
		CONTROL_MANUAL };
	static const char *const colour[] = { "#c62828", "#6a1b9a", "#2e7d32",
		"#9e9e9e", "#455a64" };
	struct control_summary *sum = xcalloc(control_count, sizeof(*sum));
	size_t i, j, k, n;

	out_puts(o,
	    "<section id=\"frameworks\"><h2>Compliance</h2>\n"
	    "<div class=\"cards\">\n");
	for (i = 0; i < FW_COUNT; i++) {
		uint64_t tally[5] = { 0 };

		if (opt->framework >= 0 && (size_t)opt->framework != i)
			continue;
		n = result_framework(r, (enum framework_id)i, sum, tally);
		out_puts(o, "<div class=\"card\"");
		attr(o, "data-framework", framework_table[i].key);
		out_puts(o, "><h3>");
		out_xml(o, framework_table[i].name);
		out_puts(o, "</h3>\n<div class=\"bar\">");
		for (k = 0; k < ARRAY_SIZE(status_of); k++) {
			uint64_t v = tally[status_of[k]];

			if (v == 0)
				continue;
			out_printf(o,
			    "<span title=\"%s: %llu\" style=\"width:%.2f%%;"
			    "background:%s\"></span>",
			    status_order[k], (unsigned long long)v,
			    n > 0 ? 100.0 * (double)v / (double)n : 0.0,
			    colour[k]);
		}
		out_puts(o, "</div>\n<p class=\"counts\">");
		for (k = 0; k < ARRAY_SIZE(status_of); k++)
			out_printf(o,
			    "%s<span class=\"badge %s\">%s</span> <b data-status=\"%s\">%llu</b>",
			    k == 0 ? "" : " ", status_order[k], status_order[k],
			    status_order[k],
			    (unsigned long long)tally[status_of[k]]);
		out_printf(o, " <small>of %zu controls</small></p>\n", n);
		out_printf(o,
		    "<details><summary>Controls</summary>\n<table class=\"controls\">"
		    "<thead><tr><th>Id</th><th>Status</th><th>Control</th>"
		    "</tr></thead><tbody>\n");
		for (j = 0; j < n; j++) {
			const struct control_summary *s = &sum[j];
			const char *st = control_status_name(s->status);
			size_t m;
			int first = 1;

			out_puts(o, "<tr");
			attr(o, "data-control", s->control->id);
			out_puts(o, "><td class=\"mono\">");
			out_xml(o, s->control->id);
			if (s->control->fw == FW_BSI)
				out_printf(o, " <small>(%c)</small>",
				    "BSH"[s->control->level]);
			out_printf(o,
			    "</td><td><span class=\"badge %s\">%s</span></td><td>",
			    st, st);
			out_xml(o, s->control->title);
			for (m = 0; m < RULE__COUNT; m++) {
				if (!rule_covers(&rule_catalog[m], s->control))
					continue;
				out_puts(o,
				    first ? "<br><small>rules: " : ", ");
				out_xml(o, rule_catalog[m].id);
				first = 0;
			}
			if (!first)
				out_puts(o, "</small>");
			if (s->status == CONTROL_MANUAL ||
			    s->status == CONTROL_NOT_ASSESSED) {
				out_puts(o, "<br><small>check by hand: ");
				out_xml(o, s->control->guidance);
				out_puts(o, "</small>");
			}
			out_puts(o, "</td></tr>\n");
		}
		out_puts(o, "</tbody></table></details>\n<p><small>");
		out_xml(o, framework_table[i].note);
		out_puts(o, "</small></p></div>\n");
	}
	out_puts(o, "</div></section>\n");
	free(sum);
}

static const char filter_script[] =
    "<script>\n"
    "(function () {\n"
    "  var q = document.getElementById('q');\n"
    "  var sel = ['severity', 'status', 'target'].map(function (n) {\n"
    "    return document.getElementById('f-' + n);\n"
    "  });\n"
    "  var rows = document.querySelectorAll('#findings tbody tr');\n"
    "  var shown = document.getElementById('shown');\n"
    "  function apply() {\n"
    "    var text = q.value.toLowerCase(), n = 0;\n"
    "    rows.forEach(function (tr) {\n"
    "      var ok = sel.every(function (s) {\n"
    "        return s.value === '' || tr.dataset[s.id.slice(2)] === s.value;\n"
    "      }) && (text === '' ||\n"
    "        tr.textContent.toLowerCase().indexOf(text) >= 0);\n"
    "      tr.hidden = !ok;\n"
    "      if (ok) n++;\n"
    "    });\n"
    "    shown.textContent = String(n);\n"
    "  }\n"
    "  [q].concat(sel).forEach(function (e) {\n"
    "    e.addEventListener('input', apply);\n"
    "  });\n"
    "  /* #severity=high&status=fail&target=k8s&q=text links to a view. */\n"
    "  location.hash.slice(1).split('&').forEach(function (kv) {\n"
    "    var i = kv.indexOf('='), k, v;\n"
    "    if (i < 0) return;\n"
    "    k = decodeURIComponent(kv.slice(0, i));\n"
    "    v = decodeURIComponent(kv.slice(i + 1));\n"
    "    if (k === 'q') q.value = v;\n"
    "    sel.forEach(function (s) { if (s.id === 'f-' + k) s.value = v; });\n"
    "  });\n"
    "  apply();\n"
    "})();\n"
    "</script>\n";

static void
select_filter(struct out *o, const char *name, const char *label,
    const char *const *values, size_t n)
{
	size_t i;

	out_printf(o,
	    "<label>%s <select id=\"f-%s\"><option value=\"\">all</option>",
	    label, name);
	for (i = 0; i < n; i++)
		out_printf(o, "<option>%s</option>", values[i]);
	out_puts(o, "</select></label>\n");
}

static void
html_write(const struct result *r, const struct report_opts *opt, struct out *o)
{
	static const char *const sev_values[] = { "critical", "high", "medium",
		"low", "info" };
	static const char *const status_values[] = { "fail", "waived", "error",
		"manual", "not-applicable", "pass" };
	static const char *const target_values[] = { "core", "k8s", "zk",
		"host" };
	static const char *const labels[] = { "critical", "high", "medium",
		"low", "info", "waived", "errors", "manual checks", "passed" };
	static const char *const classes[] = { "critical", "high", "medium",
		"low", "info", "waived", "error", "manual", "pass" };
	struct html_ctx c = { .o = o, .rows = 0 };
	uint64_t v[9] = { 0 }, failed[SEV_COUNT] = { 0 }, total = 0;
	struct result_iter it;
	struct finding f;
	char t1[32], t2[32];
	size_t i;
	int code = result_exit_code(r);

	result_iter_init(&it, r);
	while (result_iter_next(&it, &f)) {
		total++;
		if (f.status == STATUS_FAIL && f.waiver != WAIVER_APPLIED)
			failed[finding_severity(&f)]++;
	}
	result_iter_release(&it);
	for (i = 0; i < SEV_COUNT; i++) /* critical first */
		v[i] = failed[SEV_COUNT - 1 - i];
	for (i = 0; i < RULE__COUNT; i++) {
		v[5] += r->counts[i].waived;
		v[6] += r->counts[i].status[STATUS_ERROR];
		v[7] += r->counts[i].status[STATUS_MANUAL];
		v[8] += r->counts[i].status[STATUS_PASS];
	}

	out_puts(o, html_head);
	out_puts(o, "<title>rampart ");
	html_text(o, r->command);
	out_puts(o, "</title>\n</head>\n<body>\n<header><h1>rampart ");
	html_text(o, r->command);
	out_printf(o,
	    " <span class=\"badge exit%d\" id=\"exit\">exit %d</span></h1>\n",
	    code, code);
	out_puts(o, "<p class=\"meta\">");
	for (i = 0; i < r->ntargets; i++) {
		size_t j;

		out_puts(o, i == 0 ? "" : "; ");
		html_text(o, r->targets[i].target);
		out_puts(o, ": <span class=\"mono\">");
		html_text(o, r->targets[i].scope);
		out_puts(o, "</span>");
		for (j = 0; j < r->targets[i].ncounts; j++) {
			out_printf(o, "%s%llu ", j == 0 ? " (" : ", ",
			    (unsigned long long)r->targets[i].count[j]);
			html_text(o, r->targets[i].unit[j]);
		}
		if (r->targets[i].ncounts > 0)
			out_putc(o, ')');
	}
	out_printf(o,
	    "<br>started %s, finished %s; level %s, fail on %s</p>\n</header>\n",
	    rp_time_iso(r->started, t1, sizeof(t1)),
	    rp_time_iso(r->finished ? r->finished : r->started, t2, sizeof(t2)),
	    level_name(r->policy.level),
	    r->policy.fail_never ? "none" : severity_name(r->policy.fail_on));

	out_puts(o, "<section id=\"summary\"><h2>Summary</h2>\n");
	summary_chart(o, labels, classes, v, ARRAY_SIZE(v));
	out_printf(o,
	    "<p>%llu failing at or above the threshold; exit %d.</p>\n",
	    (unsigned long long)result_failing(r), code);
	if (r->ngaps > 0) {
		out_puts(o,
		    "<h3>Not covered (the scan is incomplete)</h3>\n<ul id=\"gaps\">\n");
		for (i = 0; i < r->ngaps; i++) {
			out_puts(o, "<li>");
			html_text(o, r->gaps[i].target);
			out_puts(o, ": <span class=\"mono\">");
			html_text(o, r->gaps[i].what);
			out_puts(o, "</span>: ");
			html_text(o, r->gaps[i].why);
			out_puts(o, "</li>\n");
		}
		out_puts(o, "</ul>\n");
	}
	out_puts(o, "</section>\n");

	scorecards(r, opt, o);

	out_printf(o,
	    "<section id=\"findings\"><h2>Findings</h2>\n"
	    "<div class=\"filters\"><input id=\"q\" type=\"search\" "
	    "placeholder=\"filter: rule, object, file, message\" "
	    "aria-label=\"filter\">\n");
	select_filter(o, "severity", "severity", sev_values,
	    ARRAY_SIZE(sev_values));
	select_filter(o, "status", "status", status_values,
	    ARRAY_SIZE(status_values));
	select_filter(o, "target", "target", target_values,
	    ARRAY_SIZE(target_values));
	out_printf(o,
	    "<span><span id=\"shown\">%llu</span> of %llu shown</span></div>\n",
	    (unsigned long long)total, (unsigned long long)total);
	out_puts(o,
	    "<table><thead><tr><th>Severity</th><th>Status</th>"
	    "<th>Rule</th><th>Subject</th><th>Finding</th></tr></thead>\n"
	    "<tbody>\n");
	report_sorted(r, finding_row, &c);
	out_puts(o, "</tbody></table>\n</section>\n");
	out_puts(o,
	    "<footer><p class=\"meta\">rampart " RAMPART_VERSION
	    "; passes are counted, not listed.</p></footer>\n");
	out_puts(o, filter_script);
	out_puts(o, "</body>\n</html>\n");
}

const struct report_writer report_html = {
	.name = "html",
	.description = "one self-contained HTML page (no network)",
	.write = html_write,
};
