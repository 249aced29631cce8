/*
 * cmd-report.c - `rampart report RESULT.json`: render a saved result.
 *
 * The JSON result is the canonical form of a run; this command reads one
 * back and writes it in any format (several at once, each to its own
 * --output), so CI can scan once and publish text, SARIF and JUnit from
 * the same evidence.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

#include "util/banned.h"

static int
report_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "verbose", no_argument, NULL, OPT_VERBOSE },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "framework", required_argument, NULL, OPT_FRAMEWORK },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common common;
	struct result *r = NULL;
	struct rp_diag d;
	int c, code;

	cli_common_init(&common, "report");
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	            NULL)) != -1) {
		int h = cli_common_opt(&common, c, optarg);

		if (h < 0) {
			cli_common_release(&common);
			return EXIT_USAGE;
		}
		if (h > 0)
			continue;
		switch (c) {
		case 'h':
		case OPT_HELP:
			cli_help(common.cmd_name);
			cli_common_release(&common);
			return EXIT_OK;
		default:
			code = cli_bad_option(common.cmd_name, c, argv);
			cli_common_release(&common);
			return code;
		}
	}
	if (optind + 1 != argc) {
		code = cli_usage(&common,
		    "report: give one saved JSON result (rampart ... --format json)");
		cli_common_release(&common);
		return code;
	}
	if ((code = cli_common_ready(&common)) != 0) {
		cli_common_release(&common);
		return code;
	}
	rp_diag_init(&d);
	if (report_load_json(argv[optind], &r, &d) != 0) {
		cli_diag_error(&d);
		cli_common_release(&common);
		return EXIT_USAGE;
	}
	if (common.cli_set & CLI_SET_FAIL_ON) {
		r->policy.fail_on = common.policy.fail_on;
		r->policy.fail_never = common.policy.fail_never;
	}
	return cli_finish(&common, r);
}

const struct cli_cmd cmd_report = {
	.name = "report",
	.usage = "RESULT.json [--format FMT [--output FILE]]...",
	.summary = "render a saved JSON result in another format",
	.help =
	    "Reads a result written with --format json and writes it again in\n"
	    "any format.  The exit code is the result's (0, 1 or 3) under its own\n"
	    "--fail-on, or under the one given here; 2 when RESULT.json is not a\n"
	    "readable rampart result.\n"
	    "\n"
	    "Options:\n"
	    "  -f, --format FMT     text, json, sarif, junit, prometheus or html\n"
		"                       (repeatable)\n"
	    "  -o, --output FILE    write the preceding --format to FILE\n"
	    "      --fail-on SEV    exit 1 on failing findings at or above SEV\n"
	    "      --framework NAME summarise only this framework\n"
	    "      --no-color       never colour the text report\n"
	    "  -q, --quiet          text report: summary only\n"
	    "  -v, --verbose        text report: rationale for every rule\n",
	.run = report_run,
};
