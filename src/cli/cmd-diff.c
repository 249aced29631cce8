/*
 * cmd-diff.c - `rampart diff OLD.json NEW.json`: drift between two runs.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#include "util/banned.h"

static int
diff_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct result *old = NULL, *new = NULL;
	struct result_diff d;
	struct rp_diag diag;
	const char *format = "text";
	struct out out;
	int c, verbose = 0, code = EXIT_USAGE;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":f:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			cli_help("diff");
			return EXIT_OK;
		default:
			return cli_bad_option("diff", c, argv);
		}
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usagef("diff", "diff: --format is text or json");
	if (optind + 2 != argc)
		return cli_usagef("diff",
		    "diff: give two saved JSON results, the old one first");
	rp_diag_init(&diag);
	if (report_load_json(argv[optind], &old, &diag) != 0 ||
	    report_load_json(argv[optind + 1], &new, &diag) != 0) {
		cli_diag_error(&diag);
		goto out;
	}
	result_diff(old, new, &d);
	out_init(&out, stdout);
	if (strcmp(format, "json") == 0)
		result_diff_json(&d, old, argv[optind], new, argv[optind + 1],
		    &out);
	else
		result_diff_text(&d, old, argv[optind], new, argv[optind + 1],
		    verbose, &out);
	code = d.nnewly > 0 ? EXIT_FINDINGS : EXIT_OK;
	result_diff_release(&d);
	if (out_finish(&out) != 0)
		code = EXIT_INCOMPLETE;
out:
	result_free(old);
	result_free(new);
	return code;
}

const struct cli_cmd cmd_diff = {
	.name = "diff",
	.usage = "OLD.json NEW.json [--format text|json] [-v]",
	.summary =
	    "what changed between two saved results: newly failing, fixed, still failing",
	.help =
	    "Compares the failures that count (not waived) of two results written\n"
	    "with --format json, by rule, file, object and field path (not line),\n"
	    "and the rules each run evaluated.  Exit 1 when something is newly\n"
	    "failing, 0 otherwise, 2 when a result cannot be read.\n"
	    "\n"
	    "Options:\n"
	    "  -f, --format FMT  text (default) or json\n"
	    "  -v, --verbose     text: list the failures that are still there\n",
	.run = diff_run,
};
