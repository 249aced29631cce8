/*
 * cmd-zk-walk.c - `rampart zk walk`: a diagnostic that walks a live tree
 * with rampart's own client and prints every znode with its ACL.
 *
 * It exists to check the client (auth, TLS, pipelining, reconnects)
 * against real servers and against other clients; audits use `zk scan`.
 * One line per event, tab-separated:
 *
 *   node        PATH  ACL[,ACL...]  aversion=N  children=N  ephemeral=0xN
 *   ancestor    PATH  ACL...        (with --ancestors)
 *   unreadable  PATH  NOAUTH        (neither READ nor ADMIN)
 *   unlistable  PATH  NOAUTH        (children could not be listed)
 *   vanished    PATH  NONODE
 *   failed      PATH  CODE  (OP)
 *
 * ACLs print as scheme:id:perms with digest hashes masked.
 *
 * With --snapshot DATADIR the tree comes from the server's files instead
 * (zk/snapshot.h: newest valid snapshot plus the transaction logs) and is
 * printed the same way, so the two can be compared line by line.
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
#include "util/strbuf.h"
#include "zk/snapshot.h"
#include "zk/walk.h"

#include "util/banned.h"

enum {
	OPT_PATH = OPT_COMMAND_BASE,
	OPT_MAX_NODES,
	OPT_ANCESTORS,
	OPT_WHOAMI,
	OPT_SYNC,
	OPT_SNAPSHOT,
	OPT_TXNLOG_DIR,
	OPT_NO_LOGS,
};

struct walk_out {
	struct strbuf line;
	int progress;
	int err;
};

static int
print_node(void *arg, const struct zk_walk_node *n)
{
	struct walk_out *wo = arg;
	struct strbuf *sb = &wo->line;
	static const char *const names[] = {
		[ZK_WALK_NODE] = "node",
		[ZK_WALK_ANCESTOR] = "ancestor",
		[ZK_WALK_UNREADABLE] = "unreadable",
		[ZK_WALK_UNLISTABLE] = "unlistable",
		[ZK_WALK_VANISHED] = "vanished",
		[ZK_WALK_FAILED] = "failed",
	};
	size_t i;

	strbuf_reset(sb);
	strbuf_addstr(sb, names[n->event]);
	strbuf_addch(sb, '\t');
	strbuf_add_term(sb, n->path);
	strbuf_addch(sb, '\t');
	if (n->event == ZK_WALK_NODE || n->event == ZK_WALK_ANCESTOR) {
		for (i = 0; i < n->nacl; i++) {
			struct strbuf one = STRBUF_INIT;

			if (i > 0)
				strbuf_addch(sb, ',');
			zk_acl_format(&one, &n->acl[i], 0);
			strbuf_add_term(sb, one.buf);
			strbuf_release(&one);
		}
		strbuf_addf(sb,
		    "\taversion=%" PRId32 "\tchildren=%" PRId32
		    "\tephemeral=0x%" PRIx64,
		    n->stat->aversion, n->stat->num_children,
		    (uint64_t)n->stat->ephemeral_owner);
	} else {
		strbuf_addstr(sb, zk_code_name(n->err));
		if (n->event == ZK_WALK_FAILED)
			strbuf_addf(sb, "\t(%s)", zk_op_name(n->op));
	}
	strbuf_addch(sb, '\n');
	if (wo->progress)
		fputs("\r\033[K", stderr);
	if (fwrite(sb->buf, 1, sb->len, stdout) != sb->len)
		return RP_EIO;
	return 0;
}

static void
print_progress(void *arg, const struct zk_walk_stats *s)
{
	(void)arg;
	fprintf(stderr,
	    "\r\033[K%" PRIu64 " znodes, %.0f/s, %" PRIu64
	    " queued, %u connections",
	    s->nodes, s->elapsed > 0 ? (double)s->nodes / s->elapsed : 0.0,
	    s->queued, s->conns);
}

static void
print_warning(void *arg, const struct rp_diag *d)
{
	char buf[RP_DIAG_WHERE_MAX + RP_DIAG_MSG_MAX + 64];

	(void)arg;
	fprintf(stderr, "rampart: warning: %s\n",
	    rp_diag_str(d, buf, sizeof(buf)));
}

/*
 * The offline walk: same lines on stdout, a summary of what was read and
 * verified on stderr.
 */
static int
walk_snapshot(const char *datadir, const struct zk_snapshot_opts *so,
    struct walk_out *out, int quiet)
{
	struct zk_snapshot_stats st;
	struct rp_diag d;
	int code = EXIT_OK;

	rp_diag_init(&d);
	if (zk_snapshot_walk(datadir, so, print_node, out, &st, &d) != 0) {
		cli_diag_error(&d);
		code = EXIT_INCOMPLETE;
	}
	if (!quiet)
		fprintf(stderr,
		    "rampart: %s (zxid 0x%" PRIx64 ", %" PRIu64
		    " znodes, %" PRIu64 " ACL lists, %u newer rejected); %u "
		    "logs, %" PRIu64 " txns read, %" PRIu64
		    " applied, %" PRIu64 " already in the snapshot%s; last "
		    "zxid 0x%" PRIx64 "; %" PRIu64
		    " znodes in %.2f s (%.0f znodes/s)\n",
		    st.snapshot[0] != '\0' ? st.snapshot : "no snapshot",
		    (uint64_t)st.snap_zxid, st.snap_nodes, st.acl_lists,
		    st.rejected, st.logs, st.txns, st.applied, st.ignored,
		    st.torn ? ", torn tail" : "", (uint64_t)st.last_zxid,
		    st.nodes, st.read_seconds + st.walk_seconds,
		    st.read_seconds + st.walk_seconds > 0
			? (double)st.nodes / (st.read_seconds + st.walk_seconds)
			: 0.0);
	return code;
}

static int
zk_walk_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_ZK_LONG,
		{ "path", required_argument, NULL, OPT_PATH },
		{ "max-nodes", required_argument, NULL, OPT_MAX_NODES },
		{ "ancestors", no_argument, NULL, OPT_ANCESTORS },
		{ "whoami", no_argument, NULL, OPT_WHOAMI },
		{ "sync", no_argument, NULL, OPT_SYNC },
		{ "snapshot", required_argument, NULL, OPT_SNAPSHOT },
		{ "txnlog-dir", required_argument, NULL, OPT_TXNLOG_DIR },
		{ "no-logs", no_argument, NULL, OPT_NO_LOGS },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct zk_walk_opts wo;
	struct zk_snapshot_opts so;
	const char *snapshot = NULL;
	struct zk_walk_stats st;
	struct walk_out out = { .line = STRBUF_INIT };
	struct cli_zk z;
	struct rp_diag d;
	int c, h, code = EXIT_USAGE, quiet = 0;
	char *end;

	cli_zk_init(&z);
	zk_walk_opts_init(&wo);
	zk_snapshot_opts_init(&so);
	so.warn = print_warning;
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		if ((h = cli_zk_opt(&z, c, optarg)) < 0)
			goto out;
		if (h > 0)
			continue;
		switch (c) {
		case OPT_PATH:
			wo.path = optarg;
			break;
		case OPT_MAX_NODES:
			wo.max_nodes = strtoull(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || *optarg == '-') {
				cli_error("--max-nodes must be a number");
				goto out;
			}
			break;
		case OPT_ANCESTORS:
			wo.ancestors = 1;
			break;
		case OPT_WHOAMI:
			z.co.whoami = 1;
			break;
		case OPT_SYNC:
			wo.sync_first = 1;
			break;
		case OPT_SNAPSHOT:
			snapshot = optarg;
			break;
		case OPT_TXNLOG_DIR:
			so.logdir = optarg;
			break;
		case OPT_NO_LOGS:
			so.no_logs = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			cli_help("zk walk");
			code = EXIT_OK;
			goto out;
		default:
			code = cli_usage(NULL, "zk walk: unknown option");
			goto out;
		}
	}
	if (optind < argc) {
		cli_error("zk walk: unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (snapshot != NULL) {
		if (z.server_spec != NULL || wo.ancestors || wo.sync_first ||
		    z.co.whoami) {
			cli_error("zk walk: --snapshot reads files: --server, "
				  "--ancestors, --sync and --whoami do not "
				  "apply");
			goto out;
		}
		so.path = wo.path;
		so.max_nodes = wo.max_nodes;
		code = walk_snapshot(snapshot, &so, &out, quiet);
		goto out;
	}
	if (so.logdir != NULL || so.no_logs) {
		cli_error("zk walk: --txnlog-dir and --no-logs need --snapshot");
		goto out;
	}
	if ((code = cli_zk_ready(&z, "zk walk")) != 0)
		goto out;
	wo.window = z.co.window;
	wo.visit = print_node;
	wo.arg = &out;
	out.progress = !quiet && isatty(STDERR_FILENO);
	if (out.progress)
		wo.progress = print_progress;
	if (z.co.whoami) {
		/* Ask on a separate session so the answer can be shown. */
		struct zk_conn *conn;
		struct zk_conn_info info;
		size_t i;

		rp_diag_init(&d);
		if (zk_conn_open(&conn, z.servers, z.nservers, 0, &z.co, &d) !=
		    0) {
			cli_diag_error(&d);
			code = EXIT_INCOMPLETE;
			goto out;
		}
		zk_conn_info(conn, &info);
		fprintf(stderr,
		    "rampart: connected to %s%s%s, identities:", info.server,
		    info.tls ? " with " : "", info.tls ? info.tls_desc : "");
		for (i = 0; i < info.nids; i++)
			fprintf(stderr, " %s:%s", info.ids[i].scheme,
			    info.ids[i].user);
		fputc('\n', stderr);
		if (zk_conn_close(conn, &d) != 0)
			cli_diag_error(&d);
		z.co.whoami = 0;
	}
	rp_diag_init(&d);
	code = EXIT_OK;
	if (zk_walk(z.servers, z.nservers, &z.co, &wo, &st, &d) != 0) {
		if (out.progress)
			fputs("\r\033[K", stderr);
		cli_diag_error(&d);
		code = EXIT_INCOMPLETE;
	} else if (out.progress) {
		fputs("\r\033[K", stderr);
	}
	if (!quiet)
		fprintf(stderr,
		    "rampart: %" PRIu64 " znodes, %" PRIu64
		    " unreadable, %" PRIu64 " unlistable, %" PRIu64
		    " vanished, %" PRIu64 " failed; %" PRIu64
		    " replies in %.2f s (%.0f znodes/s); %" PRIu64
		    " resent after connection loss, %u reconnects, %" PRIu64
		    " throttled; zxid 0x%" PRIx64 "..0x%" PRIx64 "\n",
		    st.nodes, st.unreadable, st.unlistable, st.vanished,
		    st.failed, st.requests, st.elapsed,
		    st.elapsed > 0 ? (double)st.nodes / st.elapsed : 0.0,
		    st.resent, st.reconnects, st.throttled,
		    (uint64_t)st.min_zxid, (uint64_t)st.max_zxid);
out:
	strbuf_release(&out.line);
	cli_zk_release(&z);
	return code;
}

const struct cli_cmd cmd_zk_walk = {
	.name = "zk walk",
	.usage = "--server H:P[,...] [options] | --snapshot DATADIR",
	.summary =
	    "diagnostic: walk a live ZooKeeper tree and print each znode's ACL",
	.help =
	    "A diagnostic command for checking connectivity, authentication\n"
	    "and what rampart's client reads: it prints one line per znode\n"
	    "(node, PATH, ACL, aversion, children, ephemeral owner) and runs no\n"
	    "rules.  Use `rampart zk scan` for an audit.\n"
	    "\n"
	    "Options:\n"
	    "      --path P         start at P (below the chroot); default /\n"
	    "      --max-nodes N    stop with an error after N znodes\n"
	    "      --ancestors      also print the ACLs of the start's ancestors\n"
	    "      --whoami         print the identities the server granted\n"
	    "      --sync           sync the start path on each server first\n"
	    "      --snapshot DIR   read the tree offline from a dataDir (the\n"
	    "                       newest valid snapshot + transaction logs)\n"
	    "      --txnlog-dir DIR dataLogDir when it is not the dataDir\n"
	    "      --no-logs        the snapshot alone, without replaying logs\n"
	    "  -q, --quiet          no progress and no summary on stderr\n"
	    "\n" CLI_ZK_HELP
	    "\nExit codes: 0 the walk completed, 2 usage error, 3 the walk failed\n",
	.run = zk_walk_run,
};
