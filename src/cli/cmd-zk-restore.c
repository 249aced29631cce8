/*
 * cmd-zk-restore.c - `rampart zk restore --journal FILE`: put back the
 * ACLs that `rampart zk fix --apply` replaced.
 *
 * One line per journaled node (tab-separated):
 *   restored  PATH  NOW-ACL -> OLD-ACL
 *   original  PATH  (already holds its old ACL)
 *   never     PATH  (no journaled write took effect)
 *   conflict  PATH  reason
 *   vanished  PATH  reason
 *   refused   PATH  CODE
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli-zk.h"
#include "cli/cli.h"
#include "util/out.h"
#include "util/strbuf.h"
#include "zk/fix.h"
#include "zk/journal.h"

#include "util/banned.h"

enum {
	OPT_JOURNAL = OPT_COMMAND_BASE,
	OPT_FORCE,
};

static const char *const names[] = {
	[ZK_RESTORE_RESTORED] = "restored",
	[ZK_RESTORE_ORIGINAL] = "original",
	[ZK_RESTORE_NEVER] = "never",
	[ZK_RESTORE_CONFLICT] = "conflict",
	[ZK_RESTORE_VANISHED] = "vanished",
	[ZK_RESTORE_REFUSED] = "refused",
};

static void
print_item(void *arg, const struct zk_restore_item *ri)
{
	struct out *o = arg;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, names[ri->outcome]);
	strbuf_addch(&sb, '\t');
	strbuf_add_term(&sb, ri->path);
	strbuf_addch(&sb, '\t');
	switch (ri->outcome) {
	case ZK_RESTORE_RESTORED:
		cli_zk_acl_text(&sb, ri->cur, ri->ncur);
		strbuf_addstr(&sb, " -> ");
		cli_zk_acl_text(&sb, ri->pre, ri->npre);
		break;
	case ZK_RESTORE_REFUSED:
		strbuf_addstr(&sb, zk_code_name(ri->err));
		break;
	case ZK_RESTORE_ORIGINAL:
	case ZK_RESTORE_NEVER:
	case ZK_RESTORE_CONFLICT:
	case ZK_RESTORE_VANISHED:
		strbuf_addstr(&sb, ri->why != NULL ? ri->why : "");
		break;
	}
	strbuf_rtrim(&sb);
	strbuf_addch(&sb, '\n');
	out_puts(o, sb.buf);
	out_maybe_flush(o);
	strbuf_release(&sb);
}

/* The chroot part of a connect string ("" for none). */
static int
same_chroot(const char *spec_a, const char *chroot_b)
{
	struct zk_server *s = NULL;
	size_t n = 0;
	char *ch = NULL;
	int same;

	if (zk_servers_parse(spec_a, &s, &n, &ch, NULL) != 0)
		return 1; /* unparsable header: nothing to compare */
	same = strcmp(ch != NULL ? ch : "", chroot_b != NULL ? chroot_b : "") ==
	    0;
	zk_servers_free(s, n);
	free(ch);
	return same;
}

static int
zk_restore_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_ZK_LONG,
		{ "journal", required_argument, NULL, OPT_JOURNAL },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *journal_path = NULL;
	int force = 0, quiet = 0, c, h, code = EXIT_USAGE;
	struct cli_zk z;
	struct zk_journal j;
	struct zk_conn *conn = NULL;
	struct zk_restore_stats st;
	struct out o;
	struct rp_diag d;

	cli_zk_init(&z);
	zk_journal_init(&j);
	out_init(&o, stdout);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		if ((h = cli_zk_opt(&z, c, optarg)) < 0)
			goto out;
		if (h > 0)
			continue;
		switch (c) {
		case OPT_JOURNAL:
			journal_path = optarg;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			cli_help("zk restore");
			code = EXIT_OK;
			goto out;
		default:
			code = cli_bad_option("zk restore", c, argv);
			goto out;
		}
	}
	if (optind < argc) {
		code = cli_usagef("zk restore",
		    "zk restore: unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (journal_path == NULL) {
		code = cli_usagef("zk restore",
		    "zk restore: --journal FILE is required");
		goto out;
	}
	rp_diag_init(&d);
	if (zk_journal_load(&j, journal_path, &d) != 0) {
		cli_diag_error(&d);
		goto out;
	}
	if (j.torn_tail && !quiet)
		fprintf(stderr,
		    "rampart: %s: the last record (line %ld) was torn by an "
		    "interruption and is ignored (a torn intent was never "
		    "sent; a write without result is checked on the server)\n",
		    journal_path, j.torn_line);
	if ((code = cli_zk_ready(&z, "zk restore")) != 0)
		goto out;
	if (!same_chroot(j.server, z.chroot)) {
		code = cli_usagef("zk restore",
		    "zk restore: the journal was written through another "
		    "chroot (its connect string: %s)",
		    j.server);
		goto out;
	}
	code = EXIT_INCOMPLETE;
	z.co.read_only_ok = 0;
	rp_diag_init(&d);
	if (zk_conn_open(&conn, z.servers, z.nservers, 0, &z.co, &d) != 0) {
		cli_diag_error(&d);
		goto out;
	}
	rp_diag_init(&d);
	if (zk_restore(conn, &j, force, print_item, &o, &st, &d) != 0) {
		cli_diag_error(&d);
		cli_error("stopped; running restore again continues safely");
		goto out;
	}
	if (!quiet)
		fprintf(stderr,
		    "rampart: %zu restored, %zu already original, %zu never "
		    "changed, %zu conflicts, %zu vanished, %zu refused\n",
		    st.restored, st.original, st.never, st.conflict,
		    st.vanished, st.refused);
	code = st.conflict + st.refused > 0 ? EXIT_FINDINGS : EXIT_OK;
out:
	if (out_finish(&o) != 0 && code == EXIT_OK)
		code = EXIT_INCOMPLETE;
	if (conn != NULL) {
		rp_diag_init(&d);
		if (zk_conn_close(conn, &d) != 0 && !quiet)
			cli_diag_error(&d);
	}
	zk_journal_release(&j);
	cli_zk_release(&z);
	return code;
}

const struct cli_cmd cmd_zk_restore = {
	.name = "zk restore",
	.usage = "--server H:P[,...] --journal FILE [--force] [options]",
	.summary = "put back the ACLs a `zk fix --apply` run replaced",
	.help =
	    "Reads the journal of `rampart zk fix --apply` and gives every node\n"
	    "it changed its old ACL again, newest change first.  A node is\n"
	    "written only while its ACL and ACL version are still those\n"
	    "rampart's write left (compare-and-set); anything changed since is\n"
	    "reported as a conflict and left alone unless --force.  Running it\n"
	    "twice changes nothing the second time.\n"
	    "\n"
	    "Options:\n"
	    "      --journal FILE   the journal of the fix run\n"
	    "      --force          restore nodes changed since rampart's write\n"
	    "  -q, --quiet          nothing on stderr but errors\n"
	    "\n" CLI_ZK_HELP
	    "\nExit codes: 0 every node holds its old ACL; 1 conflicts or\n"
	    "refusals were left alone; 2 usage error or unreadable journal;\n"
	    "3 the run could not complete (run it again)\n",
	.run = zk_restore_run,
};
