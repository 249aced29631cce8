/*
 * cmd-scan.c - `rampart scan`: every target that applies.
 *
 * With PATH arguments the manifests there are scanned as Kubernetes input.
 * Each target of scan_targets[] decides whether it applies to this machine
 * (or to --root DIR) and contributes to one result.  The host audit of this
 * machine (or of --root DIR) always runs, with or without PATHs, unless
 * --only/--skip leave no host rule enabled.  The ZooKeeper configuration
 * audit joins when the system holds a zoo.cfg (Debian's
 * /etc/zookeeper/conf or an upstream install directory).
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "host/host.h"
#include "host/netchecks.h"
#include "k8s/k8s.h"
#include "zk/config.h"
#include "util/banned.h"

enum {
	OPT_ROOT = OPT_COMMAND_BASE,
};

struct scan_args {
	const char *root;
	char **paths;
	size_t npaths;
	struct cli_common *common;
};

struct scan_target {
	const char *name;
	/*
	 * Scan if the target applies; return 1 if it ran, 0 if not, or -1
	 * after printing a usage error.
	 */
	int (*run)(const struct scan_args *a, struct result *r);
};

static int
scan_k8s(const struct scan_args *a, struct result *r)
{
	struct k8s_opts ko;
	struct rp_diag d;

	if (a->npaths == 0)
		return 0;
	k8s_opts_init(&ko);
	ko.config = config_section(&a->common->config, "k8s");
	rp_diag_init(&d);
	if (k8s_scan_paths(a->paths, a->npaths, &ko, r, &d) != 0) {
		cli_diag_error(&d);
		result_gap(r, "k8s", d.where, d.msg);
	}
	return 1;
}

/* The host: this machine, or the system at --root. */
static int
scan_host(const struct scan_args *a, struct result *r)
{
	struct host_opts ho;
	size_t i, j;
	int on = 0;

	for (i = 0; i < host_ncheck && !on; i++)
		for (j = 0; j < host_checks[i].nrules && !on; j++)
			on = result_rule_enabled(r, host_checks[i].rules[j]);
	if (!on)
		return 0; /* --only/--skip left no host rule */
	host_opts_init(&ho);
	ho.spawn = host_spawn_program;
	ho.root = a->root;
	ho.config = &a->common->config;
	return cli_host_scan(&ho, r) != 0 ? -1 : 1;
}

/* A ZooKeeper server's configuration, when the system holds one. */
static int
scan_zk_config(const struct scan_args *a, struct result *r)
{
	struct zk_config_opts zo = { 0 };
	struct rootfs rf;
	struct rp_diag d;
	size_t i;
	int present, on = 0;

	for (i = 0; i < RULE__COUNT && !on; i++)
		on = (strncmp(rule_catalog[i].id, "zk/config-", 10) == 0 ||
		         strncmp(rule_catalog[i].id, "zk/jaas-", 8) == 0) &&
		    result_rule_enabled(r, (enum rule_id)i);
	if (!on) /* --only/--skip left no zk/config-* or zk/jaas-* rule */
		return 0;
	rp_diag_init(&d);
	if (rootfs_open(&rf, a->root, &d) != 0)
		return 0; /* the host target reports the unusable root */
	present = zk_config_present(&rf);
	rootfs_close(&rf);
	if (!present)
		return 0;
	if (zk_config_scan(a->root, &zo, r, &d) != 0) {
		cli_diag_error(&d);
		result_gap(r, "zk", d.where, d.msg);
	}
	return 1;
}

static const struct scan_target scan_targets[] = {
	{ .name = "host", .run = scan_host },
	{ .name = "zk-config", .run = scan_zk_config },
	{ .name = "k8s", .run = scan_k8s },
};

static int
scan_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONG,
		{ "root", required_argument, NULL, OPT_ROOT },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common common;
	struct scan_args a = { .root = "/" };
	struct result *r;
	size_t i;
	int c, code, ran = 0;

	cli_common_init(&common, "scan");
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
		case OPT_ROOT:
			a.root = optarg;
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
	a.paths = argv + optind;
	a.npaths = (size_t)(argc - optind);
	a.common = &common;
	if ((code = cli_common_ready(&common)) != 0) {
		cli_common_release(&common);
		return code;
	}
	r = cli_result_new(&common);
	if (r == NULL) {
		cli_common_release(&common);
		return EXIT_USAGE;
	}
	for (i = 0; i < ARRAY_SIZE(scan_targets); i++) {
		int rc = scan_targets[i].run(&a, r);

		if (rc < 0) {
			result_free(r);
			cli_common_release(&common);
			return EXIT_USAGE;
		}
		ran += rc;
	}
	if (ran == 0)
		result_gap(r, "scan", a.root,
		    "no target applies: every host rule is skipped and no manifest path was given");
	return cli_finish(&common, r);
}

const struct cli_cmd cmd_scan = {
	.name = "scan",
	.usage = "[--root DIR] [options] [PATH...]",
	.summary = "scan everything that applies: this machine (or --root), and manifests at PATH",
	.help = "Options:\n"
		"      --root DIR   audit the system mounted at DIR (default /);\n"
		"                   the host is always scanned (skip it with\n"
		"                   --skip 'host/*' --skip 'openstack/*'); a\n"
		"                   ZooKeeper configuration there is audited too\n"
		"                   (--skip 'zk/*')\n"
		"\n" CLI_COMMON_HELP,
	.run = scan_run,
};
