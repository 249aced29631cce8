/*
 * cmd-frameworks.c - `rampart frameworks [show NAME]`.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/framework.h"
#include "util/banned.h"

struct cover {
	size_t automated, manual_rules;
};

static struct cover
coverage(const struct control *c)
{
	struct cover cv = { 0, 0 };
	size_t i;

	for (i = 0; i < RULE__COUNT; i++) {
		if (!rule_covers(&rule_catalog[i], c))
			continue;
		if (rule_catalog[i].flags & RULE_MANUAL)
			cv.manual_rules++;
		else
			cv.automated++;
	}
	return cv;
}

static void
show_json(struct out *o, enum framework_id fw)
{
	size_t i, j;
	int first = 1;

	out_puts(o, "{\"key\":");
	out_json(o, framework_table[fw].key);
	out_puts(o, ",\"name\":");
	out_json(o, framework_table[fw].name);
	out_puts(o, ",\"note\":");
	out_json(o, framework_table[fw].note);
	out_puts(o, ",\"controls\":[");
	for (i = 0; i < control_count; i++) {
		const struct control *c = &control_table[i];
		struct cover cv;
		int firstr = 1;

		if (c->fw != fw)
			continue;
		cv = coverage(c);
		out_puts(o, first ? "\n  {" : ",\n  {");
		first = 0;
		out_puts(o, "\"id\":");
		out_json(o, c->id);
		out_puts(o, ",\"title\":");
		out_json(o, c->title);
		if (fw == FW_BSI)
			out_printf(o, ",\"level\":\"%s\"", level_name(c->level));
		out_printf(o, ",\"coverage\":\"%s\",\"rules\":[",
		    cv.automated > 0 ? "automated" : "manual");
		for (j = 0; j < RULE__COUNT; j++) {
			if (!rule_covers(&rule_catalog[j], c))
				continue;
			if (!firstr)
				out_putc(o, ',');
			out_json(o, rule_catalog[j].id);
			firstr = 0;
		}
		out_puts(o, "],\"guidance\":");
		out_json(o, c->guidance);
		out_putc(o, '}');
	}
	out_puts(o, "\n]}\n");
}

static void
show_text(struct out *o, enum framework_id fw)
{
	size_t i, j;

	out_printf(o, "%s\n", framework_table[fw].name);
	cli_wrap(o, framework_table[fw].note, 0, 78);
	out_putc(o, '\n');
	for (i = 0; i < control_count; i++) {
		const struct control *c = &control_table[i];
		struct cover cv;
		int first = 1;

		if (c->fw != fw)
			continue;
		cv = coverage(c);
		out_printf(o, "%-12s ", c->id);
		if (fw == FW_BSI)
			out_printf(o, "(%c) ", "BSH"[c->level]);
		cli_wrap(o, c->title, 13, 78);
		for (j = 0; j < RULE__COUNT; j++) {
			if (!rule_covers(&rule_catalog[j], c))
				continue;
			out_printf(o, "%s%s%s", first ? "             rules: " : ", ",
			    rule_catalog[j].id,
			    rule_catalog[j].flags & RULE_MANUAL ? " (manual)" : "");
			first = 0;
		}
		if (!first)
			out_putc(o, '\n');
		if (cv.automated == 0) {
			out_puts(o, "             manual: ");
			cli_wrap(o, c->guidance, 21, 78);
		}
	}
}

static int
frameworks_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text";
	struct out out;
	size_t i, j;
	int c;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'h':
			cli_help("frameworks");
			return EXIT_OK;
		default:
			return cli_bad_option("frameworks", c, argv);
		}
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usagef("frameworks", "frameworks: --format is text or json");
	out_init(&out, stdout);
	if (optind < argc && strcmp(argv[optind], "show") == 0) {
		const struct framework *fw;

		if (optind + 1 >= argc)
			return cli_usagef("frameworks", "frameworks show: which framework?");
		if (optind + 2 < argc)
			return cli_usagef("frameworks",
			    "frameworks show: one framework at a time");
		fw = framework_find(argv[optind + 1]);
		if (fw == NULL) {
			cli_error("unknown framework '%s' (bsi, pci-dss-4, iso27001-2022, soc2)",
			    argv[optind + 1]);
			return EXIT_USAGE;
		}
		if (strcmp(format, "json") == 0)
			show_json(&out, framework_index(fw));
		else
			show_text(&out, framework_index(fw));
		return out_finish(&out) == 0 ? EXIT_OK : EXIT_INCOMPLETE;
	}
	if (optind < argc && (strcmp(argv[optind], "list") != 0 ||
				 optind + 1 < argc))
		return cli_usagef("frameworks",
		    "frameworks: use 'list' or 'show NAME'");
	if (strcmp(format, "json") == 0)
		out_putc(&out, '[');
	for (i = 0; i < FW_COUNT; i++) {
		size_t n = 0, automated = 0;

		for (j = 0; j < control_count; j++) {
			if (control_table[j].fw != (enum framework_id)i)
				continue;
			n++;
			if (coverage(&control_table[j]).automated > 0)
				automated++;
		}
		if (strcmp(format, "json") == 0) {
			out_puts(&out, i == 0 ? "\n  {\"key\":" : ",\n  {\"key\":");
			out_json(&out, framework_table[i].key);
			out_puts(&out, ",\"name\":");
			out_json(&out, framework_table[i].name);
			out_printf(&out, ",\"controls\":%zu,\"automated\":%zu}",
			    n, automated);
		} else {
			out_printf(&out, "%-14s %3zu controls, %3zu with automated rules  %s\n",
			    framework_table[i].key, n, automated,
			    framework_table[i].name);
		}
	}
	if (strcmp(format, "json") == 0)
		out_puts(&out, "\n]\n");
	return out_finish(&out) == 0 ? EXIT_OK : EXIT_INCOMPLETE;
}

const struct cli_cmd cmd_frameworks = {
	.name = "frameworks",
	.usage = "[list | show NAME] [--format text|json]",
	.summary = "list compliance frameworks, or a framework's controls and the rules covering them",
	.help = "Frameworks: bsi, pci-dss-4, iso27001-2022, soc2.\n"
		"Controls no automated rule covers are listed as manual, with what an\n"
		"auditor checks.\n",
	.run = frameworks_run,
};
