/*
 * cmd-host-scan.c - `rampart host scan [--root DIR] [--role R]`.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/host-net-opts.h"
#include "host/host.h"
#include "util/banned.h"

enum {
	OPT_ROOT = OPT_COMMAND_BASE,
	OPT_ROLE,
	OPT_RUNTIME,
	OPT_MODULE_BASELINE,
};

/*
 * Run the host target into r.  A bad role or host: section is a usage
 * error (returns EXIT_USAGE after printing it); an unopenable root is a
 * coverage gap.  Returns 0 otherwise.
 */
int
cli_host_scan(const struct host_opts *ho, struct result *r)
{
	struct rp_diag d;
	int rc;

	rp_diag_init(&d);
	rc = host_scan(ho, r, &d);
	if (rc == 0)
		return 0;
	cli_diag_error(&d);
	if (rc == RP_EINVAL)
		return EXIT_USAGE;
	result_gap(r, "host", d.where, d.msg);
	return 0;
}

static int
host_scan_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONG,
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "runtime", required_argument, NULL, OPT_RUNTIME },
		{ "module-baseline", required_argument, NULL,
		    OPT_MODULE_BASELINE },
		CLI_HOST_NET_LONG,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common common;
	struct host_opts ho;
	struct host_net_opts net;
	struct result *r;
	enum host_role role;
	int c, code;

	cli_common_init(&common, "host scan");
	host_opts_init(&ho);
	host_net_opts_init(&net);
	ho.net = &net;
	ho.spawn = host_spawn_program;
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
		    NULL)) != -1) {
		int h = cli_common_opt(&common, c, optarg);

		if (h < 0) {
			cli_host_net_release(&net);
			cli_common_release(&common);
			return EXIT_USAGE;
		}
		if (h > 0)
			continue;
		h = cli_host_net_opt(&common, &net, c, optarg);
		if (h < 0) {
			cli_host_net_release(&net);
			cli_common_release(&common);
			return -h;
		}
		if (h > 0)
			continue;
		switch (c) {
		case OPT_ROOT:
			ho.root = optarg;
			break;
		case OPT_ROLE:
			if (host_role_parse(optarg, &role) != 0) {
				code = cli_usage(&common,
				    "--role: use vpn, bastion, controller, hypervisor or monitoring");
				cli_host_net_release(&net);
				cli_common_release(&common);
				return code;
			}
			ho.role = optarg;
			break;
		case OPT_RUNTIME:
			ho.runtime = optarg;
			break;
		case OPT_MODULE_BASELINE:
			ho.module_baseline = optarg;
			break;
		case 'h':
		case OPT_HELP:
			cli_help(common.cmd_name);
			cli_host_net_release(&net);
			cli_common_release(&common);
			return EXIT_OK;
		default:
			code = cli_usage(&common, "unknown option");
			cli_host_net_release(&net);
			cli_common_release(&common);
			return code;
		}
	}
	if (optind < argc) {
		code = cli_usage(&common, "host scan: unexpected argument '%s'",
		    argv[optind]);
		cli_host_net_release(&net);
		cli_common_release(&common);
		return code;
	}
	if ((code = cli_common_ready(&common)) != 0) {
		cli_host_net_release(&net);
		cli_common_release(&common);
		return code;
	}
	ho.config = &common.config;
	r = cli_result_new(&common);
	if (r == NULL) {
		cli_host_net_release(&net);
		cli_common_release(&common);
		return EXIT_USAGE;
	}
	code = cli_host_scan(&ho, r);
	cli_host_net_release(&net);
	if (code != 0) {
		result_free(r);
		cli_common_release(&common);
		return code;
	}
	return cli_finish(&common, r);
}

const struct cli_cmd cmd_host_scan = {
	.name = "host scan",
	.usage = "[--root DIR] [--role ROLE] [options]",
	.summary = "audit a Linux/OpenStack host (this machine, or the system at --root)",
	.help = "Options:\n"
		"      --root DIR      audit the system mounted at DIR (default /);\n"
		"                      every file is read inside DIR, symlinks and\n"
		"                      '..' cannot leave it\n"
		"      --role ROLE     vpn, bastion, controller, hypervisor or\n"
		"                      monitoring: the node's inbound allowlist\n"
		"                      (default: host.role of the configuration)\n"
		"      --runtime DIR   read runtime facts (proc/, sys/) from DIR;\n"
		"                      by default they come from the running system\n"
		"                      when --root is /, and runtime rules are\n"
		"                      not-applicable for any other root\n"
		"      --module-baseline FILE\n"
		"                      kernel module names expected on this node\n"
		CLI_HOST_NET_HELP
		"\n" CLI_COMMON_HELP,
	.run = host_scan_run,
};
