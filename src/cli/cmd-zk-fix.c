/*
 * cmd-zk-fix.c - `rampart zk fix`: move znodes to their target ACLs.
 *
 * Dry run by default: the plan (every change with its old and new ACL,
 * and every node left alone with the reason) is printed as text or JSON.
 * With --apply each change is journaled and synced before its setACL; the
 * journal is what `rampart zk restore` and `zk fix --resume` read.
 *
 * Text lines (tab-separated):
 *   change      PATH  OLD -> NEW  aversion=N
 *   skip        PATH  reason       (ephemeral, fencing)
 *   missing     PATH  reason       (never created)
 *   unreadable  PATH  reason
 * and with --apply, one line per attempted change:
 *   applied     PATH  aversion=N->M
 *   already     PATH  (found at target)
 *   conflict    PATH  reason       (another client changed it)
 *   vanished    PATH
 *   refused     PATH  CODE
 *   unknown     PATH  (connection lost with the write in flight)
 *
 * SPDX-License-Identifier: MIT
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli-zk.h"
#include "cli/cli.h"
#include "util/out.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "zk/baseline.h"
#include "zk/fix.h"
#include "zk/journal.h"

#include "util/banned.h"

#define PLAN_MAX_BYTES (64u << 20)

enum {
	OPT_PLAN = OPT_COMMAND_BASE,
	OPT_APPLY,
	OPT_JOURNAL,
	OPT_RESUME,
	OPT_FIX_FORMAT,
	OPT_PROFILE,
	OPT_PROFILE_FILE,
	OPT_PRINCIPAL,
	OPT_ADMIN,
};

static const char *const action_names[] = {
	[ZK_FIX_CHANGE] = "change",
	[ZK_FIX_AT_TARGET] = "at-target",
	[ZK_FIX_SKIP] = "skip",
	[ZK_FIX_MISSING] = "missing",
	[ZK_FIX_UNREADABLE] = "unreadable",
};

static const char *const outcome_names[] = {
	[ZK_FIX_PENDING] = "pending",
	[ZK_FIX_APPLIED] = "applied",
	[ZK_FIX_CONFLICT] = "conflict",
	[ZK_FIX_VANISHED] = "vanished",
	[ZK_FIX_REFUSED] = "refused",
	[ZK_FIX_UNKNOWN] = "unknown",
	[ZK_FIX_ALREADY] = "already",
};

struct fix_out {
	struct out o;
	int json;
};

static void
print_plan_item(struct fix_out *fo, const struct zk_fix_item *it)
{
	struct strbuf sb = STRBUF_INIT;

	if (it->action == ZK_FIX_AT_TARGET)
		return;
	strbuf_addstr(&sb, action_names[it->action]);
	strbuf_addch(&sb, '\t');
	strbuf_add_term(&sb, it->path);
	strbuf_addch(&sb, '\t');
	if (it->action == ZK_FIX_CHANGE) {
		cli_zk_acl_text(&sb, it->cur, it->ncur);
		strbuf_addstr(&sb, " -> ");
		cli_zk_acl_text(&sb, it->target, it->ntarget);
		strbuf_addf(&sb, "\taversion=%" PRId32, it->st.aversion);
	} else {
		strbuf_addstr(&sb, it->why != NULL ? it->why : "");
	}
	strbuf_addch(&sb, '\n');
	out_puts(&fo->o, sb.buf);
	strbuf_release(&sb);
}

static void
print_outcome(void *arg, const struct zk_fix_item *it)
{
	struct fix_out *fo = arg;
	struct strbuf sb = STRBUF_INIT;

	if (fo->json)
		return;
	strbuf_addstr(&sb, outcome_names[it->outcome]);
	strbuf_addch(&sb, '\t');
	strbuf_add_term(&sb, it->path);
	switch (it->outcome) {
	case ZK_FIX_APPLIED:
		strbuf_addf(&sb, "\taversion=%" PRId32 "->%" PRId32,
		    it->st.aversion, it->post_aversion);
		break;
	case ZK_FIX_CONFLICT:
		strbuf_addf(&sb, "\t%s", it->why != NULL ? it->why : "");
		break;
	case ZK_FIX_REFUSED:
		strbuf_addf(&sb, "\t%s", zk_code_name(it->err));
		break;
	case ZK_FIX_UNKNOWN:
		strbuf_addstr(&sb,
		    "\tconnection lost with the write in flight");
		break;
	case ZK_FIX_PENDING:
	case ZK_FIX_VANISHED:
	case ZK_FIX_ALREADY:
		break;
	}
	strbuf_addch(&sb, '\n');
	out_puts(&fo->o, sb.buf);
	out_maybe_flush(&fo->o);
	strbuf_release(&sb);
}

static void
print_json(struct fix_out *fo, const struct zk_fix_plan *p, int apply)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, counts[ZK_FIX_UNREADABLE + 1] = { 0 };

	strbuf_addf(&sb, "{\"mode\":\"%s\",\"items\":[",
	    apply ? "apply" : "dry-run");
	for (i = 0; i < p->n; i++) {
		const struct zk_fix_item *it = &p->it[i];

		counts[it->action]++;
		if (i > 0)
			strbuf_addch(&sb, ',');
		strbuf_addstr(&sb, "\n{\"path\":");
		strbuf_add_json(&sb, it->path);
		strbuf_addf(&sb, ",\"action\":\"%s\"",
		    action_names[it->action]);
		if (it->why != NULL) {
			strbuf_addstr(&sb, ",\"reason\":");
			strbuf_add_json(&sb, it->why);
		}
		if (it->action != ZK_FIX_MISSING &&
		    it->action != ZK_FIX_UNREADABLE) {
			strbuf_addf(&sb,
			    ",\"czxid\":%" PRId64 ",\"aversion\":%" PRId32
			    ",\"old\":",
			    it->st.czxid, it->st.aversion);
			cli_zk_acl_json(&sb, it->cur, it->ncur);
		}
		strbuf_addstr(&sb, ",\"new\":");
		cli_zk_acl_json(&sb, it->target, it->ntarget);
		if (apply && it->action == ZK_FIX_CHANGE) {
			strbuf_addf(&sb, ",\"outcome\":\"%s\"",
			    outcome_names[it->outcome]);
			if (it->outcome == ZK_FIX_APPLIED)
				strbuf_addf(&sb, ",\"post_aversion\":%" PRId32,
				    it->post_aversion);
			if (it->outcome == ZK_FIX_REFUSED ||
			    it->outcome == ZK_FIX_CONFLICT)
				strbuf_addf(&sb, ",\"error\":\"%s\"",
				    zk_code_name(it->err));
		}
		strbuf_addch(&sb, '}');
		out_puts(&fo->o, sb.buf);
		strbuf_reset(&sb);
	}
	strbuf_addf(&sb,
	    "],\n\"summary\":{\"change\":%zu,\"at_target\":%zu,\"skip\":%zu,"
	    "\"missing\":%zu,\"unreadable\":%zu,\"unlistable\":%" PRIu64
	    "}}\n",
	    counts[ZK_FIX_CHANGE], counts[ZK_FIX_AT_TARGET],
	    counts[ZK_FIX_SKIP], counts[ZK_FIX_MISSING],
	    counts[ZK_FIX_UNREADABLE], p->unlistable);
	out_puts(&fo->o, sb.buf);
	strbuf_release(&sb);
}

/* A test hook: pause after each journal intent (docs/zookeeper-fix.md). */
static unsigned
test_delay_ms(void)
{
	const char *s = getenv("RAMPART_TEST_FIX_DELAY_MS");
	char *end;
	unsigned long v;

	if (s == NULL || *s == '\0')
		return 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v > 60000)
		return 0;
	return (unsigned)v;
}

/* Journal entries whose outcome was lost: print them for the operator. */
static size_t
report_unknown(const struct zk_journal *j)
{
	size_t i, n = 0;

	for (i = 0; i < j->n; i++) {
		if (j->e[i].has_result)
			continue;
		n++;
	}
	if (n > 0)
		fprintf(stderr,
		    "rampart: the journal has %zu write(s) with no recorded "
		    "result; the fresh plan re-reads them\n",
		    n);
	if (j->torn_tail)
		fprintf(stderr,
		    "rampart: the journal's last record (line %ld) was torn "
		    "by the interruption and is cut off\n",
		    j->torn_line);
	return n;
}

static int
zk_fix_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_ZK_LONG,
		{ "plan", required_argument, NULL, OPT_PLAN },
		{ "apply", no_argument, NULL, OPT_APPLY },
		{ "journal", required_argument, NULL, OPT_JOURNAL },
		{ "resume", no_argument, NULL, OPT_RESUME },
		{ "format", required_argument, NULL, OPT_FIX_FORMAT },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		{ "profile-file", required_argument, NULL, OPT_PROFILE_FILE },
		{ "principal-map", required_argument, NULL, OPT_PRINCIPAL },
		{ "admin", required_argument, NULL, OPT_ADMIN },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *plan_path = NULL, *journal_path = NULL;
	const char *format = "text", *profiles = NULL, *profile_file = NULL;
	struct zk_baseline_settings bs;
	struct zk_baseline *bl = NULL;
	int apply = 0, resume = 0, quiet = 0, c, h, code = EXIT_USAGE, r;
	struct cli_zk z;
	struct arena a;
	struct strbuf text = STRBUF_INIT, ids = STRBUF_INIT;
	struct zk_fix_rule *rules = NULL;
	size_t nrules = 0, i, nbad;
	struct zk_fix_plan plan;
	struct zk_journal j;
	struct zk_jwriter w = { .fd = -1 };
	struct zk_conn *conn = NULL;
	struct zk_conn_info info;
	struct fix_out fo;
	struct rp_diag d;
	const struct zk_fix_item *bad[10];
	struct zk_fix_apply_opts ao = { 0 };

	cli_zk_init(&z);
	zk_baseline_settings_init(&bs);
	arena_init(&a, 0);
	zk_fix_plan_init(&plan);
	zk_journal_init(&j);
	out_init(&fo.o, stdout);
	fo.json = 0;
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":qh", longopts, NULL)) != -1) {
		if ((h = cli_zk_opt(&z, c, optarg)) < 0)
			goto out;
		if (h > 0)
			continue;
		switch (c) {
		case OPT_PLAN:
			plan_path = optarg;
			break;
		case OPT_APPLY:
			apply = 1;
			break;
		case OPT_JOURNAL:
			journal_path = optarg;
			break;
		case OPT_RESUME:
			resume = 1;
			break;
		case OPT_FIX_FORMAT:
			format = optarg;
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
				code = cli_usagef("zk fix",
				    "zk fix: --admin takes SCHEME:ID");
				goto out;
			}
			bs.admin = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			cli_help("zk fix");
			code = EXIT_OK;
			goto out;
		default:
			code = cli_bad_option("zk fix", c, argv);
			goto out;
		}
	}
	if (optind < argc) {
		code = cli_usagef("zk fix", "zk fix: unexpected argument '%s'",
		    argv[optind]);
		goto out;
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		code = cli_usagef("zk fix", "zk fix: --format is text or json");
		goto out;
	}
	fo.json = strcmp(format, "json") == 0;
	if ((plan_path == NULL) == (profiles == NULL)) {
		code = cli_usagef("zk fix",
		    "zk fix: give the target ACLs with either --plan FILE or "
		    "--profile LIST");
		goto out;
	}
	if (profile_file != NULL && profiles == NULL) {
		code = cli_usagef("zk fix",
		    "zk fix: --profile-file needs --profile");
		goto out;
	}
	if (apply && journal_path == NULL) {
		code = cli_usagef("zk fix",
		    "zk fix: --apply needs --journal FILE (the old ACLs are "
		    "written there before each change)");
		goto out;
	}
	if (resume && !apply) {
		code = cli_usagef("zk fix", "zk fix: --resume needs --apply");
		goto out;
	}
	if (!apply && journal_path != NULL) {
		code = cli_usagef("zk fix",
		    "zk fix: --journal is only used with --apply");
		goto out;
	}
	if (profiles != NULL) {
		bl = zk_baseline_new(&bs);
		rp_diag_init(&d);
		if (profile_file != NULL &&
		    zk_baseline_load_file(bl, profile_file, &d) != 0) {
			cli_diag_error(&d);
			goto out;
		}
		if (zk_baseline_select(bl, profiles, &d) != 0) {
			cli_diag_error(&d);
			goto out;
		}
	} else {
		if (cli_zk_read_file(plan_path, PLAN_MAX_BYTES, &text) != 0)
			goto out;
		rp_diag_init(&d);
		if (zk_fix_rules_parse(text.buf, text.len, plan_path, &a,
		        &rules, &nrules, &d) != 0) {
			cli_diag_error(&d);
			goto out;
		}
		if (nrules == 0) {
			code = cli_usagef("zk fix", "zk fix: %s holds no rule",
			    plan_path);
			goto out;
		}
	}
	if (resume) {
		rp_diag_init(&d);
		if (zk_journal_load(&j, journal_path, &d) != 0) {
			cli_diag_error(&d);
			goto out;
		}
	}
	if ((code = cli_zk_ready(&z, "zk fix")) != 0)
		goto out;
	code = EXIT_INCOMPLETE;
	z.co.whoami = 1;
	z.co.read_only_ok = 0;
	rp_diag_init(&d);
	if (zk_conn_open(&conn, z.servers, z.nservers, 0, &z.co, &d) != 0) {
		cli_diag_error(&d);
		if (d.msg[0] != '\0' && strstr(d.msg, "whoAmI") != NULL)
			cli_error("zk fix needs whoAmI (ZooKeeper 3.7 or later) "
			          "to know which identities must keep ADMIN");
		goto out;
	}
	zk_conn_info(conn, &info);
	cli_zk_ids_text(&ids, info.ids, info.nids);
	if (!quiet)
		fprintf(stderr, "rampart: connected to %s as %s\n",
		    info.server, info.nids > 0 ? ids.buf : "(anonymous)");
	rp_diag_init(&d);
	if ((bl != NULL ? zk_fix_plan_baseline(conn, bl, &plan, &d)
	                : zk_fix_plan_rules(conn, rules, nrules, &plan, &d)) !=
	    0) {
		cli_diag_error(&d);
		goto out;
	}
	nbad = zk_fix_lockouts(&plan, info.ids, info.nids, bad, 10);
	if (!fo.json)
		for (i = 0; i < plan.n; i++)
			print_plan_item(&fo, &plan.it[i]);
	if (nbad > 0) {
		for (i = 0; i < nbad && i < 10; i++)
			cli_error("refused: the new ACL of %s gives none of "
			          "the caller's identities (%s) ADMIN",
			    bad[i]->path, ids.buf);
		cli_error("plan refused: %zu node(s) would lock the caller "
		          "out; nothing was written",
		    nbad);
		code = EXIT_USAGE;
		goto out;
	}
	if (apply) {
		rp_diag_init(&d);
		if (resume) {
			report_unknown(&j);
			r = zk_jwriter_resume(&w, journal_path, &j, &d);
		} else {
			r = zk_jwriter_create(&w, journal_path,
			    z.server_spec, info.session_id, (int64_t)rp_now(),
			    ids.buf, &d);
		}
		if (r != 0) {
			cli_diag_error(&d);
			code = r == RP_EEXIST ? EXIT_USAGE : EXIT_INCOMPLETE;
			goto out;
		}
		ao.delay_ms = test_delay_ms();
		ao.done = print_outcome;
		ao.arg = &fo;
		rp_diag_init(&d);
		r = zk_fix_apply(conn, &plan, &w, &ao, &d);
		if (r != 0) {
			cli_diag_error(&d);
			cli_error("stopped; run again with --resume --journal "
			          "%s, or restore from it",
			    journal_path);
		}
		rp_diag_init(&d);
		if (zk_jwriter_close(&w, &d) != 0) {
			cli_diag_error(&d);
			r = RP_EIO;
		}
	} else {
		r = 0;
	}
	if (fo.json)
		print_json(&fo, &plan, apply);
	{
		size_t nchange = 0, nok = 0, nleft = 0;

		for (i = 0; i < plan.n; i++) {
			const struct zk_fix_item *it = &plan.it[i];

			if (it->action != ZK_FIX_CHANGE)
				continue;
			nchange++;
			if (it->outcome == ZK_FIX_APPLIED ||
			    it->outcome == ZK_FIX_ALREADY)
				nok++;
			else if (it->outcome != ZK_FIX_PENDING)
				nleft++;
		}
		if (!quiet)
			fprintf(stderr,
			    "rampart: %zu node(s) read, %zu to change%s%s\n",
			    plan.n, nchange, apply ? ", " : " (dry run)",
			    apply ? "" : "");
		if (apply && !quiet)
			fprintf(stderr,
			    "rampart: %zu applied, %zu left alone\n", nok,
			    nleft);
		if (r != 0)
			code = EXIT_INCOMPLETE;
		else if (apply)
			code = nleft > 0 ? EXIT_FINDINGS : EXIT_OK;
		else
			code = nchange > 0 ? EXIT_FINDINGS : EXIT_OK;
	}
out:
	if (out_finish(&fo.o) != 0 && code == EXIT_OK)
		code = EXIT_INCOMPLETE;
	if (conn != NULL) {
		rp_diag_init(&d);
		if (zk_conn_close(conn, &d) != 0 && !quiet)
			cli_diag_error(&d);
	}
	if (w.fd >= 0) {
		rp_diag_init(&d);
		if (zk_jwriter_close(&w, &d) != 0)
			cli_diag_error(&d);
	}
	zk_journal_release(&j);
	zk_fix_plan_release(&plan);
	zk_baseline_free(bl);
	strbuf_release(&text);
	strbuf_release(&ids);
	arena_release(&a);
	cli_zk_release(&z);
	return code;
}

const struct cli_cmd cmd_zk_fix = {
	.name = "zk fix",
	.usage = "--server H:P[,...] (--profile LIST | --plan FILE) [--apply "
	         "--journal FILE [--resume]] [options]",
	.summary = "move znodes to their target ACLs (dry run unless --apply)",
	.help =
	    "Reads every node the plan covers and prints each change (old ACL\n"
	    "-> new ACL); nothing is written without --apply.  With --apply a\n"
	    "journal record (path, ACL version, old and new ACL) is synced to\n"
	    "disk before each setACL, which uses the ACL version it read as\n"
	    "compare-and-set: a node another client changes meanwhile is\n"
	    "reported and left alone.  Children are changed before parents.\n"
	    "Ephemeral and fencing nodes are skipped, missing nodes are never\n"
	    "created, and a plan that would take ADMIN away from the caller's\n"
	    "own identities is refused as a whole.\n"
	    "\n"
	    "The targets come from the component baselines (--profile, as for\n"
	    "`zk scan`: a node ends with exactly the baseline's identities) or\n"
	    "from a plan file: one rule per line, PATH ACL [ACL...]; ACL is\n"
	    "scheme:id:perms (perms from cdrwa); PATH/** covers the subtree.\n"
	    "\n"
	    "Options:\n"
	    "      --profile LIST   NAME[:ROOT],... baselines to apply\n"
	    "      --profile-file F user-defined profiles (YAML)\n"
	    "      --principal-map NAME=SCHEME:ID  identity of a profile's\n"
	    "                       service (repeatable)\n"
	    "      --admin SCHEME:ID  the ${admin} identity (sasl:zookeeper)\n"
	    "      --plan FILE      explicit target ACLs instead of profiles\n"
	    "      --apply          write the changes\n"
	    "      --journal FILE   journal to create (refused if it exists)\n"
	    "      --resume         continue an interrupted --apply run: the\n"
	    "                       journal is appended to, the plan re-read\n"
	    "      --format FMT     text (default) or json\n"
	    "  -q, --quiet          nothing on stderr but errors\n"
	    "\n" CLI_ZK_HELP
	    "\nExit codes: 0 nothing to change (dry run) or every change\n"
	    "applied; 1 changes pending (dry run) or some left alone (conflict,\n"
	    "refused, vanished); 2 usage error or refused plan; 3 the run could\n"
	    "not complete (resume it or restore from the journal)\n",
	.run = zk_fix_run,
};
