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

struct ref_ctx {
	struct out *o;
	enum framework_id fw;
	const char *label;
	int first;
};

/* One referenced control per line, with its title. */
static void
ref_cb(const char *id, void *arg)
{
	struct ref_ctx *x = arg;
	const struct control *c = control_find(x->fw, id);

	out_printf(x->o, "  %-16s %s", x->first ? x->label : "", id);
	x->first = 0;
	if (c != NULL) {
		out_puts(x->o, "  ");
		cli_wrap(x->o, c->title, 19 + strlen(id) + 2, 78);
	} else {
		out_putc(x->o, '\n');
	}
}

static void
show_rule(struct out *o, const struct rule *r)
{
	static const char *const labels[FW_COUNT] = {
		[FW_BSI] = "BSI",
		[FW_PCI_DSS_4] = "PCI DSS v4.0",
		[FW_ISO27001_2022] = "ISO 27001:2022",
		[FW_SOC2] = "SOC 2",
	};
	int fw;

	out_printf(o, "%s\n  ", r->id);
	cli_wrap(o, r->title, 2, 78);
	out_printf(o, "\n  severity         %s\n", severity_name(r->severity));
	out_printf(o, "  target           %s\n", target_name(r->target));
	out_printf(o, "  level            %s%s%s\n", level_name(r->level),
	    r->flags & RULE_OPTIONAL ? " (optional: enable with --only)" : "",
	    r->flags & RULE_MANUAL ? " (manual: organisational control)" : "");
	for (fw = 0; fw < FW_COUNT; fw++) {
		struct ref_ctx x = { o, (enum framework_id)fw, labels[fw], 1 };

		refs_foreach(rule_ref(r, (enum framework_id)fw), ref_cb, &x);
	}
	if (r->refs.cis != NULL)
		out_printf(o, "  %-16s %s\n", "CIS", r->refs.cis);
	if (r->refs.seed != NULL)
		out_printf(o, "  %-16s %s\n", "source", r->refs.seed);
	out_puts(o, "\nWhy:\n  ");
	cli_wrap(o, r->rationale, 2, 78);
	out_puts(o, "\nFix:\n  ");
	cli_wrap(o, r->remediation, 2, 78);
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
	while ((c = getopt_long(argc, argv, ":f:h", longopts, NULL)) != -1) {
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
			return cli_bad_option("rules", c, argv);
		}
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usagef("rules", "rules: --format is text or json");
	if (optind < argc && strcmp(argv[optind], "show") == 0) {
		const struct rule *r;

		if (optind + 1 >= argc)
			return cli_usagef("rules", "rules show: which rule?");
		r = rule_find(argv[optind + 1]);
		if (r == NULL) {
			cli_error("no rule '%s'; 'rampart rules list' shows them all",
			    argv[optind + 1]);
			return EXIT_USAGE;
		}
		if (optind + 2 < argc)
			return cli_usagef("rules",
			    "rules show: one rule at a time");
		out_init(&out, stdout);
		if (strcmp(format, "json") == 0) {
			report_json_rule(&out, r);
			out_putc(&out, '\n');
		} else {
			show_rule(&out, r);
		}
		return out_finish(&out) == 0 ? EXIT_OK : EXIT_INCOMPLETE;
	}
	if (optind < argc && (strcmp(argv[optind], "list") != 0 ||
				 optind + 1 < argc))
		return cli_usagef("rules", "rules: use 'list' or 'show ID'");
	if (target != NULL) {
		int t, known = 0;

		for (t = 0; t < TARGET_COUNT; t++)
			if (strcmp(target_name((enum target)t), target) == 0)
				known = 1;
		if (!known)
			return cli_usagef("rules",
			    "rules: --target is core, k8s, zk or host");
	}
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
