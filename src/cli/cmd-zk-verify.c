/*
 * cmd-zk-verify.c - `rampart zk verify`: the seed's authentication check
 * (create a znode protected by the caller's identity, read its ACL back,
 * make sure an anonymous session is refused, delete it), reported as a
 * finding of zk/verify-protected-znode.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli-zk.h"
#include "cli/cli.h"
#include "util/strbuf.h"
#include "zk/verify.h"

#include "util/banned.h"

enum {
	OPT_PATH = OPT_COMMAND_BASE + 64,
};

static int
zk_verify_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONG,
		CLI_ZK_LONG,
		{ "path", required_argument, NULL, OPT_PATH },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common common;
	struct cli_zk z;
	struct zk_verify_report rep;
	struct strbuf obj = STRBUF_INIT, msg = STRBUF_INIT, ev = STRBUF_INIT;
	const char *parent = "/";
	struct result *r;
	struct rp_diag d;
	int c, h, code;

	cli_common_init(&common, "zk verify");
	cli_zk_init(&z);
	zk_verify_report_init(&rep);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	            NULL)) != -1) {
		if ((h = cli_zk_opt(&z, c, optarg)) < 0) {
			code = EXIT_USAGE;
			goto out;
		}
		if (h > 0)
			continue;
		h = cli_common_opt(&common, c, optarg);
		if (h < 0) {
			code = EXIT_USAGE;
			goto out;
		}
		if (h > 0)
			continue;
		switch (c) {
		case OPT_PATH:
			parent = optarg;
			break;
		case 'h':
		case OPT_HELP:
			cli_help(common.cmd_name);
			code = EXIT_OK;
			goto out;
		default:
			code = cli_bad_option(common.cmd_name, c, argv);
			goto out;
		}
	}
	if (optind < argc) {
		code = cli_usage(&common, "zk verify takes no arguments");
		goto out;
	}
	rp_diag_init(&d);
	if (zk_path_validate(parent, &d) != 0) {
		code = cli_usage(&common, "--path: %s", d.msg);
		goto out;
	}
	if ((code = cli_zk_ready(&z, "zk verify")) != 0)
		goto out;
	if ((code = cli_common_ready(&common)) != 0)
		goto out;
	r = cli_result_new(&common);
	if (r == NULL) {
		code = EXIT_USAGE;
		goto out;
	}
	strbuf_addf(&obj, "%s %s", z.server_spec, parent);
	rp_diag_init(&d);
	if (zk_verify(z.servers, z.nservers, &z.co, parent, &rep, &d) != 0) {
		cli_diag_error(&d);
		result_gap(r, "zk", obj.buf, d.msg);
	} else {
		struct finding f = { 0 };

		strbuf_addf(&ev, "identities: %s; ACL set: %s; read back: %s",
		    rep.ids.len > 0 ? rep.ids.buf : "(none)",
		    rep.acl.len > 0 ? rep.acl.buf : "(none)",
		    rep.readback.len > 0 ? rep.readback.buf : "(none)");
		if (!rep.authenticated && rep.problem == NULL)
			rep.problem = "the session has no identity beyond its "
			              "address";
		f.rule = RULE_ZK_VERIFY_PROTECTED_ZNODE;
		f.severity = -1;
		f.object = obj.buf;
		f.evidence = ev.buf;
		f.expected = "an ACL naming only the caller's authenticated "
		             "identity, read back unchanged, refused to an "
		             "anonymous session";
		if (rep.problem == NULL) {
			f.status = STATUS_PASS;
			f.message = "the protected znode was created, its ACL "
			            "read back, anonymous access refused, and "
			            "the znode removed";
		} else {
			f.status = STATUS_FAIL;
			strbuf_addstr(&msg, rep.problem);
			f.message = msg.buf;
		}
		result_add(r, &f);
		result_target_add(r, "zk", obj.buf);
	}
	code = cli_finish(&common, r);
out:
	strbuf_release(&obj);
	strbuf_release(&msg);
	strbuf_release(&ev);
	zk_verify_report_release(&rep);
	cli_zk_release(&z);
	cli_common_release(&common);
	return code;
}

const struct cli_cmd cmd_zk_verify = {
	.name = "zk verify",
	.usage = "--server H:P[,...] (--sasl ... | --auth ...) [--path P] "
	         "[options]",
	.summary = "check that ZooKeeper authentication protects a znode "
	           "(creates and deletes one test znode)",
	.help =
	    "Authenticates, creates one ephemeral znode with a unique name\n"
	    "under --path whose ACL names only the caller's identities, reads\n"
	    "the ACL back, checks that an anonymous session cannot read the\n"
	    "znode or its ACL, deletes it and confirms it is gone.  That znode\n"
	    "is the only thing written; it is removed on every error path (and\n"
	    "being ephemeral, with the session in any case).\n"
	    "\n"
	    "Options:\n"
	    "      --path P         parent of the test znode (default /); the\n"
	    "                       caller needs CREATE there\n"
	    "\n" CLI_ZK_HELP "\n" CLI_COMMON_HELP,
	.run = zk_verify_run,
};
