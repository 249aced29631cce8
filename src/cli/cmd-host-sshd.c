/*
 * cmd-host-sshd.c - `rampart host sshd-effective`: the effective sshd
 * configuration rampart computes, in the format of `sshd -T`.
 *
 * A diagnostic command: it shows what the ssh checks evaluate, and tests
 * compare it line by line with the real `sshd -T` on the same files.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "host/checks.h"
#include "host/host.h"
#include "host/sshd.h"
#include "util/xmalloc.h"
#include "util/banned.h"

enum {
	OPT_ROOT = OPT_COMMAND_BASE,
	OPT_MATCHES,
};

static int
host_sshd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "matches", no_argument, NULL, OPT_MATCHES },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	struct host_opts ho;
	struct host_ctx ctx;
	struct sshd_fs fs;
	struct sshd_config *base = NULL, *eff = NULL;
	struct sshd_conn conn;
	struct strbuf out = STRBUF_INIT;
	struct rp_diag d;
	char *spec = NULL;
	const struct sshd_diag *dg;
	size_t n, i;
	int c, code = EXIT_USAGE, matches = 0, fatal = 0;
	struct result *r = NULL;

	host_opts_init(&ho);
	memset(&conn, 0, sizeof(conn));
	conn.lport = -1;
	conn.sshd_test = 1;
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT:
			ho.root = optarg;
			break;
		case 'C':
			free(spec);
			spec = xstrdup(optarg);
			if (sshd_conn_parse(spec, &conn) != 0) {
				code = cli_usage(NULL,
				    "-C: use user=,host=,addr=,laddr=,lport=,rdomain=");
				goto out;
			}
			conn.sshd_test = 1;
			break;
		case OPT_MATCHES:
			matches = 1;
			break;
		case 'h':
		case OPT_HELP:
			cli_help("host sshd-effective");
			code = EXIT_OK;
			goto out;
		default:
			code = cli_usage(NULL, "unknown option");
			goto out;
		}
	}
	if (optind < argc) {
		code = cli_usage(NULL, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	r = result_new("host sshd-effective", NULL);
	rp_diag_init(&d);
	if (host_ctx_init(&ctx, &ho, r, &d) != 0) {
		cli_diag_error(&d);
		host_ctx_release(&ctx);
		code = EXIT_USAGE;
		goto out;
	}
	if (host_sshd_load(&ctx, &fs, &base, &d) != 0) {
		cli_diag_error(&d);
		host_ctx_release(&ctx);
		code = EXIT_INCOMPLETE;
		goto out;
	}
	eff = sshd_config_for(base, &conn, -1);
	dg = sshd_config_diags(base, &n);
	for (i = 0; i < n; i++) {
		cli_error("%s:%u: %s", dg[i].file ? dg[i].file : "sshd_config",
		    dg[i].line, dg[i].msg);
		fatal |= dg[i].fatal;
	}
	dg = sshd_config_diags(eff, &n);
	for (i = 0; i < n; i++) {
		cli_error("%s:%u: %s", dg[i].file ? dg[i].file : "sshd_config",
		    dg[i].line, dg[i].msg);
		fatal |= dg[i].fatal;
	}
	if (matches) {
		const struct sshd_match *m = sshd_config_matches(base, &n);

		for (i = 0; i < n; i++)
			strbuf_addf(&out, "match %s:%u %s\n", m[i].file,
			    m[i].line, m[i].criteria);
	} else {
		sshd_config_dump(eff, &out);
	}
	fwrite(out.buf, 1, out.len, stdout);
	sshd_config_free(eff);
	sshd_config_free(base);
	host_ctx_release(&ctx);
	code = fatal ? EXIT_INCOMPLETE : EXIT_OK;
out:
	result_free(r);
	strbuf_release(&out);
	free(spec);
	return code;
}

const struct cli_cmd cmd_host_sshd = {
	.name = "host sshd-effective",
	.usage = "[--root DIR] [-C user=U,host=H,addr=A,...] [--matches]",
	.summary = "print the effective sshd configuration, like sshd -T",
	.help = "Computes the sshd configuration the way OpenSSH 9.2p1 does\n"
		"(Include, Match, first value wins, built-in defaults) from the\n"
		"files under --root and prints it in the format of `sshd -T`.\n"
		"Problems sshd would report go to standard error; the exit code\n"
		"is 3 when sshd would refuse the configuration.\n"
		"\n"
		"Options:\n"
		"      --root DIR   the system to read (default /)\n"
		"  -C SPEC          connection for Match blocks, as sshd -C\n"
		"      --matches    list the Match lines instead\n",
	.run = host_sshd_run,
};
