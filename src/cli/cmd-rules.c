/*
 * cmd-rules.c - `rampart rules [list|show ID]`: the catalog.
 *
 * SPDX-License-Identifier: MIT
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/framework.h"
#include "util/banned.h"

enum {
	OPT_TARGET = OPT_COMMAND_BASE,
};

static void
show_ref(const char *label, const char *val)
{
	if (val != NULL)
		printf("  %-16s %s\n", label, val);
}

static void
show_rule(const struct rule *r)
{
	printf("%s\n  %s\n\n", r->id, r->title);
	printf("  severity         %s\n", severity_name(r->severity));
	printf("  target           %s\n", target_name(r->target));
	printf("  level            %s%s%s\n", level_name(r->level),
	    r->flags & RULE_OPTIONAL ? " (optional: enable with --only)" : "",
	    r->flags & RULE_MANUAL ? " (manual: organisational control)" : "");
	show_ref("BSI", r->refs.bsi);
	show_ref("PCI DSS v4.0", r->refs.pci_dss_4);
	show_ref("ISO 27001:2022", r->refs.iso27001_2022);
	show_ref("SOC 2", r->refs.soc2);
	show_ref("CIS", r->refs.cis);
	show_ref("source", r->refs.seed);
	printf("\nWhy:\n  %s\n\nFix:\n  %s\n", r->rationale, r->remediation);
}

static int
rules_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "target", required_argument, NULL, OPT_TARGET },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text", *target = NULL;
	struct out out;
	size_t i;
	int c, first = 1;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case OPT_TARGET:
			target = optarg;
			break;
		case 'h':
			cli_help("rules");
			return EXIT_OK;
		default:
			return cli_usage(NULL, "see 'rampart rules --help'");
		}
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage(NULL, "rules: --format is text or json");
	if (optind < argc && strcmp(argv[optind], "show") == 0) {
		const struct rule *r;

		if (optind + 1 >= argc)
			return cli_usage(NULL, "rules show: which rule?");
		r = rule_find(argv[optind + 1]);
		if (r == NULL) {
			cli_error("no rule '%s'; 'rampart rules list' shows them all",
			    argv[optind + 1]);
			return EXIT_USAGE;
		}
		if (strcmp(format, "json") == 0) {
			out_init(&out, stdout);
			report_json_rule(&out, r);
			out_putc(&out, '\n');
			return out_finish(&out) == 0 ? EXIT_OK
						     : EXIT_INCOMPLETE;
		}
		show_rule(r);
		return EXIT_OK;
	}
	if (optind < argc && strcmp(argv[optind], "list") != 0)
		return cli_usage(NULL, "rules: use 'list' or 'show ID'");
	out_init(&out, stdout);
	if (strcmp(format, "json") == 0)
		out_putc(&out, '[');
	for (i = 0; i < RULE__COUNT; i++) {
		const struct rule *r = &rule_catalog[i];

		if (target != NULL && strcmp(target_name(r->target), target) != 0)
			continue;
		if (strcmp(format, "json") == 0) {
			out_puts(&out, first ? "\n  " : ",\n  ");
			report_json_rule(&out, r);
		} else {
			out_printf(&out, "%-40s %-8s %-9s %s\n", r->id,
			    severity_name(r->severity), level_name(r->level),
			    r->title);
		}
		first = 0;
	}
	if (strcmp(format, "json") == 0)
		out_puts(&out, "\n]\n");
	return out_finish(&out) == 0 ? EXIT_OK : EXIT_INCOMPLETE;
}

const struct cli_cmd cmd_rules = {
	.name = "rules",
	.usage = "[list | show ID] [--format text|json] [--target k8s|zk|host|core]",
	.summary = "list the rule catalog or show one rule with its references",
	.help = "Options:\n"
		"  -f, --format FMT  text (default) or json\n"
		"      --target T    only rules of target T\n",
	.run = rules_run,
};
