/*
 * cmd-zk-config.c - `rampart zk config [--root DIR]`: audit a ZooKeeper
 * server's configuration files offline.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "zk/config.h"
#include "host/rootfs.h"

#include "util/banned.h"

enum {
	OPT_ROOT = OPT_COMMAND_BASE,
	OPT_CONF_DIR,
	OPT_ZOO_CFG,
	OPT_SERVICE_USER,
	OPT_DUMP,
};

/* Print the merged configuration instead of findings. */
static int
dump(const char *root_dir, const struct zk_config_opts *o)
{
	struct rootfs root;
	struct zk_config c;
	struct strbuf out = STRBUF_INIT;
	struct rp_diag d;
	int code = EXIT_OK;

	rp_diag_init(&d);
	if (rootfs_open(&root, root_dir, &d) != 0) {
		cli_diag_error(&d);
		return EXIT_INCOMPLETE;
	}
	zk_config_init(&c);
	if (zk_config_load(&c, &root, o, &d) != 0) {
		cli_diag_error(&d);
		code = EXIT_INCOMPLETE;
	} else {
		zk_config_dump(&c, &out);
		fputs(out.buf, stdout);
		if (c.nproblems > 0)
			code = EXIT_INCOMPLETE;
	}
	strbuf_release(&out);
	zk_config_release(&c);
	rootfs_close(&root);
	return code;
}

static int
zk_config_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONG,
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "conf-dir", required_argument, NULL, OPT_CONF_DIR },
		{ "zoo-cfg", required_argument, NULL, OPT_ZOO_CFG },
		{ "service-user", required_argument, NULL, OPT_SERVICE_USER },
		{ "dump", no_argument, NULL, OPT_DUMP },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common common;
	struct zk_config_opts o = { 0 };
	const char *root = "/";
	struct result *r;
	struct rp_diag d;
	int c, code, want_dump = 0;

	cli_common_init(&common, "zk config");
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
			root = optarg;
			break;
		case OPT_CONF_DIR:
			o.conf_dir = optarg;
			break;
		case OPT_ZOO_CFG:
			o.zoo_cfg = optarg;
			break;
		case OPT_SERVICE_USER:
			o.service_user = optarg;
			break;
		case OPT_DUMP:
			want_dump = 1;
			break;
		case 'h':
		case OPT_HELP:
			cli_help(common.cmd_name);
			cli_common_release(&common);
			return EXIT_OK;
		default:
			code = cli_usage(&common, "unknown option");
			cli_common_release(&common);
			return code;
		}
	}
	if (optind < argc) {
		code = cli_usage(&common, "zk config takes no arguments");
		cli_common_release(&common);
		return code;
	}
	if ((o.conf_dir != NULL && o.conf_dir[0] != '/') ||
	    (o.zoo_cfg != NULL && o.zoo_cfg[0] != '/')) {
		code = cli_usage(&common,
		    "--conf-dir and --zoo-cfg take absolute paths inside the root");
		cli_common_release(&common);
		return code;
	}
	if (want_dump) {
		code = dump(root, &o);
		cli_common_release(&common);
		return code;
	}
	if ((code = cli_common_ready(&common)) != 0) {
		cli_common_release(&common);
		return code;
	}
	r = cli_result_new(&common);
	if (r == NULL) {
		cli_common_release(&common);
		return EXIT_USAGE;
	}
	rp_diag_init(&d);
	if (zk_config_scan(root, &o, r, &d) != 0) {
		cli_diag_error(&d);
		result_gap(r, "zk", d.where, d.msg);
	}
	return cli_finish(&common, r);
}

const struct cli_cmd cmd_zk_config = {
	.name = "zk config",
	.usage = "[--root DIR] [--conf-dir DIR | --zoo-cfg FILE] [options]",
	.summary =
	    "audit a ZooKeeper server's configuration files (zoo.cfg, JVM flags, jaas.conf, keytabs)",
	.help =
	    "Reads zoo.cfg, its dynamic file, the start scripts' environment\n"
	    "(Debian: /etc/zookeeper/conf/environment, /etc/default/zookeeper;\n"
	    "upstream: conf/zookeeper-env.sh, conf/java.env), the JAAS file and\n"
	    "the keytabs it names, and merges them as the server does.  Nothing\n"
	    "is executed; every path is resolved inside --root.\n"
	    "\n"
	    "Options:\n"
	    "      --root DIR          audit the system mounted at DIR (default /)\n"
	    "      --conf-dir DIR      configuration directory inside the root\n"
	    "                          (default: /etc/zookeeper/conf, then the\n"
	    "                          usual upstream install directories)\n"
	    "      --zoo-cfg FILE      zoo.cfg inside the root\n"
	    "      --service-user NAME the account the server runs as (zookeeper)\n"
	    "      --dump              print every setting with its value and\n"
	    "                          source (secrets masked) instead of findings\n"
	    "\n" CLI_COMMON_HELP,
	.run = zk_config_run,
};
