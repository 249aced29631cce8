/*
 * cmd-zk-scan.c - `rampart zk scan`: audit the ACLs of a ZooKeeper tree.
 *
 * Znode events come from a source (struct zk_scan_source): the live walker
 * today; another source (an offline snapshot reader) only needs a run
 * function that calls the visitor once per znode, and an entry in
 * zk_scan_sources[].  Every source feeds the same audit engine (zk/audit.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli-zk.h"
#include "cli/cli.h"
#include "zk/audit.h"
#include "zk/baseline.h"
#include "zk/walk.h"

#include "util/banned.h"

enum {
	OPT_PATH = OPT_COMMAND_BASE,
	OPT_MAX_NODES,
	OPT_PROFILE,
	OPT_PROFILE_FILE,
	OPT_PRINCIPAL,
	OPT_ADMIN,
	OPT_REMOVE_HOST,
	OPT_REMOVE_REALM,
	OPT_SASL_DIGEST_USERS,
	OPT_DIGEST_SHA256,
	OPT_LIST_PROFILES,
};

/* Everything a source may need; sources read what they use. */
struct zk_scan_ctx {
	struct cli_zk z;
	struct zk_walk_opts wo;
	int progress;
	struct zk_audit *audit;
	struct result *result;
	const char *scope; /* shown as the target's scope */
};

/* What a source counted, for the report's coverage. */
struct zk_scan_counts {
	uint64_t znodes, unreadable, vanished, failed;
};

/*
 * A source of zk_walk_node events: run() calls visit(arg, node) for every
 * znode and returns 0, or an RP_E* code with d filled when it could not
 * cover the tree (the command then records a gap; the findings so far
 * stay).
 */
struct zk_scan_source {
	const char *name;
	int (*run)(struct zk_scan_ctx *ctx, zk_walk_visit_fn visit, void *arg,
	    struct zk_scan_counts *counts, struct rp_diag *d);
};

static void
print_progress(void *arg, const struct zk_walk_stats *s)
{
	(void)arg;
	fprintf(stderr,
	    "\r\033[K%" PRIu64 " znodes, %.0f/s, %" PRIu64 " queued",
	    s->nodes, s->elapsed > 0 ? (double)s->nodes / s->elapsed : 0.0,
	    s->queued);
}

static int
live_run(struct zk_scan_ctx *ctx, zk_walk_visit_fn visit, void *arg,
    struct zk_scan_counts *counts, struct rp_diag *d)
{
	struct zk_walk_stats st;
	int r;

	ctx->wo.window = ctx->z.co.window;
	ctx->wo.visit = visit;
	ctx->wo.arg = arg;
	ctx->wo.ancestors = 1;
	if (ctx->progress)
		ctx->wo.progress = print_progress;
	memset(&st, 0, sizeof(st));
	r = zk_walk(ctx->z.servers, ctx->z.nservers, &ctx->z.co, &ctx->wo, &st,
	    d);
	if (ctx->progress)
		fputs("\r\033[K", stderr);
	counts->znodes = st.nodes;
	counts->unreadable = st.unreadable + st.unlistable;
	counts->vanished = st.vanished;
	counts->failed = st.failed;
	return r;
}

static const struct zk_scan_source zk_source_live = {
	.name = "live",
	.run = live_run,
};

static int
parse_bool_opt(const char *name, const char *arg, int *out)
{
	if (strcmp(arg, "true") == 0 || strcmp(arg, "yes") == 0) {
		*out = 1;
		return 0;
	}
	if (strcmp(arg, "false") == 0 || strcmp(arg, "no") == 0) {
		*out = 0;
		return 0;
	}
	cli_error("zk scan: %s takes true or false, not '%s'", name, arg);
	return -1;
}

static void
list_profiles(const struct zk_baseline *b)
{
	const struct zk_profile *const *p;
	size_t n, i, j;

	p = zk_baseline_profiles(b, &n);
	for (i = 0; i < n; i++) {
		printf("%-14s %s; roots", p[i]->name, p[i]->title);
		for (j = 0; j < ZK_PROFILE_MAX_ROOTS && p[i]->roots[j]; j++)
			printf(" %s", p[i]->roots[j]);
		printf("; service %s\n", p[i]->svc);
	}
}

static int
zk_scan_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONG,
		CLI_ZK_LONG,
		{ "path", required_argument, NULL, OPT_PATH },
		{ "max-nodes", required_argument, NULL, OPT_MAX_NODES },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "profile-file", required_argument, NULL, OPT_PROFILE_FILE },
		{ "principal-map", required_argument, NULL, OPT_PRINCIPAL },
		{ "admin", required_argument, NULL, OPT_ADMIN },
		{ "remove-host-from-principal", required_argument, NULL,
		    OPT_REMOVE_HOST },
		{ "remove-realm-from-principal", required_argument, NULL,
		    OPT_REMOVE_REALM },
		{ "sasl-digest-users", no_argument, NULL,
		    OPT_SASL_DIGEST_USERS },
		{ "digest-sha256", no_argument, NULL, OPT_DIGEST_SHA256 },
		{ "list-profiles", no_argument, NULL, OPT_LIST_PROFILES },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common common;
	struct zk_scan_ctx ctx;
	struct zk_baseline_settings bs;
	struct zk_baseline *bl = NULL;
	struct zk_audit_opts ao;
	struct zk_scan_counts counts;
	struct result_target *t;
	const struct zk_scan_source *src = &zk_source_live;
	const char *profiles = NULL, *profile_file = NULL;
	struct rp_diag d;
	int c, h, code = EXIT_USAGE, list = 0;
	char *end;

	memset(&ctx, 0, sizeof(ctx));
	cli_common_init(&common, "zk scan");
	cli_zk_init(&ctx.z);
	zk_walk_opts_init(&ctx.wo);
	zk_baseline_settings_init(&bs);
	zk_audit_opts_init(&ao);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
		    NULL)) != -1) {
		if ((h = cli_common_opt(&common, c, optarg)) < 0)
			goto out;
		if (h > 0)
			continue;
		if ((h = cli_zk_opt(&ctx.z, c, optarg)) < 0)
			goto out;
		if (h > 0)
			continue;
		switch (c) {
		case OPT_PATH:
			ctx.wo.path = optarg;
			break;
		case OPT_MAX_NODES:
			ctx.wo.max_nodes = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' ||
			    *optarg == '-') {
				cli_error("zk scan: --max-nodes must be a number");
				goto out;
			}
			break;
		case OPT_PROFILE:
			profiles = optarg;
			break;
		case OPT_PROFILE_FILE:
			profile_file = optarg;
			break;
		case OPT_PRINCIPAL:
			rp_diag_init(&d);
			if (zk_baseline_settings_var(&bs, optarg, &d) != 0) {
				cli_diag_error(&d);
				goto out;
			}
			break;
		case OPT_ADMIN:
			if (strchr(optarg, ':') == NULL) {
				cli_error("zk scan: --admin takes SCHEME:ID, e.g. sasl:zookeeper");
				goto out;
			}
			bs.admin = optarg;
			break;
		case OPT_REMOVE_HOST:
			if (parse_bool_opt("--remove-host-from-principal",
				optarg, &bs.remove_host) != 0)
				goto out;
			break;
		case OPT_REMOVE_REALM:
			if (parse_bool_opt("--remove-realm-from-principal",
				optarg, &bs.remove_realm) != 0)
				goto out;
			break;
		case OPT_SASL_DIGEST_USERS:
			ao.sasl_digest_md5 = 1;
			break;
		case OPT_DIGEST_SHA256:
			ao.digest_sha256 = 1;
			break;
		case OPT_LIST_PROFILES:
			list = 1;
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
		code = cli_usage(&common, "zk scan: unexpected argument '%s'",
		    argv[optind]);
		goto out;
	}
	bl = zk_baseline_new(&bs);
	rp_diag_init(&d);
	if (profile_file != NULL &&
	    zk_baseline_load_file(bl, profile_file, &d) != 0) {
		cli_diag_error(&d);
		goto out;
	}
	if (profiles != NULL && zk_baseline_select(bl, profiles, &d) != 0) {
		cli_diag_error(&d);
		goto out;
	}
	if (list) {
		list_profiles(bl);
		code = EXIT_OK;
		goto out;
	}
	if ((code = cli_zk_ready(&ctx.z, "zk scan")) != 0)
		goto out;
	if ((code = cli_common_ready(&common)) != 0)
		goto out;
	ctx.result = cli_result_new(&common);
	if (ctx.result == NULL) {
		code = EXIT_USAGE;
		goto out;
	}
	ctx.progress = !common.quiet && isatty(STDERR_FILENO);
	ctx.scope = ctx.z.server_spec;

	ao.result = ctx.result;
	ao.baseline = bl;
	ao.source = ctx.scope;
	ao.plaintext = ctx.z.co.use_tls ? -1 : 1;
	ao.remove_host = bs.remove_host;
	ao.remove_realm = bs.remove_realm;
	ctx.audit = zk_audit_new(&ao);

	t = result_target_add(ctx.result, "zk", ctx.scope);
	memset(&counts, 0, sizeof(counts));
	rp_diag_init(&d);
	if (src->run(&ctx, zk_audit_visit, ctx.audit, &counts, &d) != 0) {
		cli_diag_error(&d);
		result_gap(ctx.result, "zk",
		    d.where[0] != '\0' ? d.where : ctx.scope, d.msg);
	}
	zk_audit_finish(ctx.audit, ctx.result);
	result_target_count(t, "znodes", counts.znodes);
	if (counts.unreadable > 0)
		result_target_count(t, "unreadable", counts.unreadable);
	if (counts.failed > 0)
		result_gap(ctx.result, "zk", ctx.scope,
		    "some znodes could not be read because of server errors");
	code = cli_finish(&common, ctx.result);
	ctx.result = NULL;
out:
	zk_audit_free(ctx.audit);
	zk_baseline_free(bl);
	cli_zk_release(&ctx.z);
	if (ctx.result != NULL)
		result_free(ctx.result);
	cli_common_release(&common);
	return code;
}

const struct cli_cmd cmd_zk_scan = {
	.name = "zk scan",
	.usage = "--server H:P[,...][/CHROOT] [options]",
	.summary = "audit the ACLs of a live ZooKeeper tree",
	.help =
	    "Walks the tree and checks every znode's ACL: generic rules (world\n"
	    "write/admin, ip and digest entries, unmatchable sasl ids, nodes\n"
	    "nobody can administer, open parents of protected nodes, subtrees\n"
	    "the auditor could not read) and the component baselines of the\n"
	    "profiles found in the tree or chosen with --profile.\n"
	    "\n"
	    "Options:\n"
	    "      --path P         start at P (below the chroot); default /\n"
	    "      --max-nodes N    stop (incomplete scan) after N znodes\n"
	    "      --profile LIST   NAME[:ROOT],... profiles to apply; add 'auto'\n"
	    "                       to keep marker detection (default: auto only)\n"
	    "      --profile-file F load user-defined profiles (YAML)\n"
	    "      --list-profiles  print the profiles and exit\n"
	    "      --principal-map NAME=SCHEME:ID  identity of a profile's\n"
	    "                       service (${svc}), e.g.\n"
	    "                       kafka=sasl:kafka/_HOST@EXAMPLE.COM (repeatable)\n"
	    "      --admin SCHEME:ID    administrator identity (sasl:zookeeper)\n"
	    "      --remove-host-from-principal true|false\n"
	    "      --remove-realm-from-principal true|false\n"
	    "                       the server's kerberos.* settings; unset: sasl\n"
	    "                       ids are not judged against them\n"
	    "      --sasl-digest-users  the server also accepts SASL DIGEST-MD5\n"
	    "                       users (realm-less sasl ids can match)\n"
	    "      --digest-sha256  the server hashes digest ids with SHA-256\n"
	    "\n" CLI_ZK_HELP "\n" CLI_COMMON_HELP,
	.run = zk_scan_run,
};
