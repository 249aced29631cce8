/*
 * cmd-k8s-scan.c - `rampart k8s scan PATH... | -`.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "k8s/k8s.h"
#include "util/banned.h"

enum {
	OPT_ASSUME_NS = OPT_COMMAND_BASE,
	OPT_STRICT,
};

static int
k8s_scan_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONG,
		{ "assume-namespace", required_argument, NULL, OPT_ASSUME_NS },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common common;
	struct k8s_opts ko;
	struct result *r;
	struct rp_diag d;
	int c, code;

	cli_common_init(&common, "k8s scan");
	k8s_opts_init(&ko);
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
		case OPT_ASSUME_NS:
			ko.assume_namespace = optarg;
			break;
		case OPT_STRICT:
			ko.strict = 1;
			break;
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
	if (optind >= argc) {
		code = cli_usage(&common,
		    "k8s scan: give manifest files or directories, or - for standard input");
		cli_common_release(&common);
		return code;
	}
	if ((code = cli_common_ready(&common)) != 0) {
		cli_common_release(&common);
		return code;
	}
	ko.config = config_section(&common.config, "k8s");
	r = cli_result_new(&common);
	if (r == NULL) {
		cli_common_release(&common);
		return EXIT_USAGE;
	}
	rp_diag_init(&d);
	if ((c = k8s_scan_paths(argv + optind, (size_t)(argc - optind), &ko, r,
		 &d)) != 0) {
		cli_diag_error(&d);
		if (c == RP_EINVAL) {
			result_free(r);
			cli_common_release(&common);
			return EXIT_USAGE;
		}
		result_gap(r, "k8s", d.where, d.msg);
	}
	return cli_finish(&common, r);
}

const struct cli_cmd cmd_k8s_scan = {
	.name = "k8s scan",
	.usage = "[options] PATH... | -",
	.summary = "audit Kubernetes manifests against BSI APP.4.4",
	.help = "Options:\n"
		"      --assume-namespace NS  namespace of objects that set none\n"
		"                             (default: $HELM_NAMESPACE, else unset)\n"
		"      --strict               documents with duplicate keys are invalid\n"
		"\n" CLI_COMMON_HELP,
	.run = k8s_scan_run,
};
