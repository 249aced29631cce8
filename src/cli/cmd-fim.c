/*
 * cmd-fim.c - `rampart fim init|check|update`: file-integrity monitoring
 * against an SQLite baseline (src/host/fim.c).
 *
 * init records the tree and writes a new baseline (never over an existing
 * one without --force); check compares the tree with the baseline and
 * reports through the normal result machinery; update does what check does
 * and then replaces the baseline with the current state.  The baseline is
 * the only file any of them writes (besides --output reports).
 *
 * SPDX-License-Identifier: MIT
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "host/fim.h"
#include "host/rootfs.h"
#include "util/xmalloc.h"

#include "util/banned.h"

#define FIM_DEFAULT_DB  "/var/lib/rampart/fim.db"
#define FIM_LIST_ERRORS 20

enum fim_mode {
	FIM_INIT,
	FIM_CHECK,
	FIM_UPDATE
};

enum {
	OPT_ROOT = OPT_COMMAND_BASE,
	OPT_DB,
	OPT_FORCE,
	OPT_WORKERS,
};

struct fim_args {
	const char *root, *db;
	int force;
	unsigned workers;
	const char *const *paths;
	size_t npaths;
};

/* Scan the tree; on failure print the error and return EXIT_INCOMPLETE. */
static int
scan_tree(const struct fim_args *a, const char *const *paths, size_t npaths,
    struct fim_tree *t)
{
	struct rootfs rf;
	struct fim_scan_opts o;
	struct rp_diag d;
	int rc;

	rp_diag_init(&d);
	if (rootfs_open(&rf, a->root, &d) != 0) {
		cli_diag_error(&d);
		return EXIT_INCOMPLETE;
	}
	memset(&o, 0, sizeof(o));
	o.paths = paths;
	o.npaths = npaths;
	o.workers = a->workers;
	rc = fim_scan(&rf, &o, t, &d);
	rootfs_close(&rf);
	if (rc != 0) {
		cli_diag_error(&d);
		return EXIT_INCOMPLETE;
	}
	return 0;
}

/* List unreadable entries on stderr (the first few). */
static void
list_errors(const struct fim_tree *t, int quiet)
{
	size_t i, shown = 0;

	if (quiet)
		return;
	for (i = 0; i < t->n; i++) {
		if (t->e[i]->err == NULL)
			continue;
		if (shown++ < FIM_LIST_ERRORS)
			cli_error("%s: %s", t->e[i]->path, t->e[i]->err);
	}
	if (shown > FIM_LIST_ERRORS)
		cli_error("... and %zu more entries that could not be read",
		    shown - FIM_LIST_ERRORS);
}

static int
write_baseline(const struct fim_args *a, const struct fim_tree *t,
    const char *const *paths, size_t npaths, int quiet, const char *verb)
{
	struct rp_diag d;
	size_t i, files = 0;

	rp_diag_init(&d);
	if (fim_db_write(a->db, t, a->root, paths, npaths, &d) != 0) {
		cli_diag_error(&d);
		return EXIT_INCOMPLETE;
	}
	for (i = 0; i < t->n; i++)
		files += t->e[i]->has_digest;
	if (!quiet)
		cli_error("fim %s: %zu entries, %zu files hashed (%llu bytes), "
		          "%llu unreadable; baseline written to %s",
		    verb, t->n, files, (unsigned long long)t->bytes,
		    (unsigned long long)t->nerr, a->db);
	return EXIT_OK;
}

static int
fim_init(const struct fim_args *a, int quiet)
{
	struct fim_tree t;
	struct stat st;
	const char *const *paths = a->paths;
	size_t npaths = a->npaths;
	int code;

	if (lstat(a->db, &st) == 0 && !a->force) {
		cli_error("%s exists; 'rampart fim update' replaces a baseline "
		          "after a check, --force overwrites it",
		    a->db);
		return EXIT_USAGE;
	}
	if (npaths == 0) {
		paths = fim_default_paths;
		npaths = fim_ndefault_paths;
	}
	if ((code = scan_tree(a, paths, npaths, &t)) != 0)
		return code;
	list_errors(&t, quiet);
	code = write_baseline(a, &t, paths, npaths, quiet, "init");
	fim_tree_free(&t);
	return code;
}

/* Keep only the baseline entries below one of paths. */
static void
filter_base(struct fim_tree *t, const char *const *paths, size_t npaths)
{
	size_t i, j, k = 0;

	for (i = 0; i < t->n; i++) {
		struct fim_entry *e = t->e[i];

		for (j = 0; j < npaths; j++) {
			size_t n = strlen(paths[j]);

			if (strcmp(paths[j], "/") == 0 ||
			    (strncmp(e->path, paths[j], n) == 0 &&
			        (e->path[n] == '\0' || e->path[n] == '/')))
				break;
		}
		if (j < npaths) {
			t->e[k++] = e;
			continue;
		}
		if (e->err != NULL)
			t->nerr--;
		free(e->path);
		free(e->link);
		free(e->err);
		free(e);
	}
	t->n = k;
}

static int
fim_check(const struct fim_args *a, struct cli_common *common, int update)
{
	struct fim_tree base, cur;
	struct result *r;
	struct result_target *tg;
	struct rp_diag d;
	struct finding f;
	char **bpaths = NULL;
	size_t nbpaths = 0;
	const char *const *paths;
	size_t npaths;
	int rc, code, have_base;

	if ((code = cli_common_ready(common)) != 0)
		return code;
	r = cli_result_new(common);
	if (r == NULL)
		return EXIT_USAGE;
	tg = result_target_add(r, "host", a->root);
	rp_diag_init(&d);
	rc = fim_db_read(a->db, &base, &bpaths, &nbpaths, &d);
	have_base = rc == 0;
	if (rc == RP_ENOENT) {
		memset(&f, 0, sizeof(f));
		f.rule = RULE_HOST_FIM_BASELINE_MISSING;
		f.status = STATUS_FAIL;
		f.severity = -1;
		f.file = a->db;
		f.object = a->db;
		f.message = "no file-integrity baseline";
		f.expected = "a baseline written by rampart fim init";
		result_add(r, &f);
		if (!update)
			return cli_finish(common, r);
	} else if (rc != 0) {
		cli_diag_error(&d);
		result_gap(r, "host", a->db, d.msg);
		return cli_finish(common, r);
	} else {
		result_pass(r, RULE_HOST_FIM_BASELINE_MISSING, a->db);
	}
	if (a->npaths > 0) {
		paths = a->paths;
		npaths = a->npaths;
		if (have_base)
			filter_base(&base, paths, npaths);
	} else if (have_base) {
		paths = (const char *const *)bpaths;
		npaths = nbpaths;
	} else {
		paths = fim_default_paths;
		npaths = fim_ndefault_paths;
	}
	if (scan_tree(a, paths, npaths, &cur) != 0) {
		result_gap(r, "host", a->root, "the tree could not be scanned");
		if (have_base)
			fim_tree_free(&base);
		rootfs_paths_free(bpaths, nbpaths);
		return cli_finish(common, r);
	}
	if (have_base)
		fim_compare(&base, &cur, r);
	result_target_count(tg, "files", cur.n);
	if (update) {
		if (write_baseline(a, &cur, paths, npaths, common->quiet,
		        "update") != 0)
			result_gap(r, "host", a->db,
			    "the new baseline could not be written");
	}
	fim_tree_free(&cur);
	if (have_base)
		fim_tree_free(&base);
	rootfs_paths_free(bpaths, nbpaths);
	return cli_finish(common, r);
}

static int
fim_run(int argc, char **argv, enum fim_mode mode, const char *name)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONG,
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "db", required_argument, NULL, OPT_DB },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "workers", required_argument, NULL, OPT_WORKERS },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common common;
	struct fim_args a;
	int c, code, i;

	memset(&a, 0, sizeof(a));
	a.root = "/";
	a.db = FIM_DEFAULT_DB;
	cli_common_init(&common, name);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, longopts,
	            NULL)) != -1) {
		int h = cli_common_opt(&common, c, optarg);
		char *end;
		unsigned long v;

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
		case OPT_DB:
			a.db = optarg;
			break;
		case OPT_FORCE:
			if (mode != FIM_INIT) {
				code = cli_usage(&common,
				    "--force belongs to fim init");
				cli_common_release(&common);
				return code;
			}
			a.force = 1;
			break;
		case OPT_WORKERS:
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    v > 64) {
				code = cli_usage(&common,
				    "--workers takes a number from 0 to 64");
				cli_common_release(&common);
				return code;
			}
			a.workers = (unsigned)v;
			break;
		case 'h':
		case OPT_HELP:
			cli_help(common.cmd_name);
			cli_common_release(&common);
			return EXIT_OK;
		default:
			code = cli_bad_option(name, c, argv);
			cli_common_release(&common);
			return code;
		}
	}
	for (i = optind; i < argc; i++) {
		if (argv[i][0] != '/') {
			code = cli_usage(&common,
			    "'%s': paths are absolute paths inside the root",
			    argv[i]);
			cli_common_release(&common);
			return code;
		}
	}
	a.paths = (const char *const *)(argv + optind);
	a.npaths = (size_t)(argc - optind);
	if (a.db[0] == '\0') {
		code = cli_usage(&common, "--db needs a file name");
		cli_common_release(&common);
		return code;
	}
	if (mode == FIM_INIT) {
		code = fim_init(&a, common.quiet);
		cli_common_release(&common);
		return code;
	}
	return fim_check(&a, &common, mode == FIM_UPDATE);
}

static int
fim_init_run(int argc, char **argv)
{
	return fim_run(argc, argv, FIM_INIT, "fim init");
}

static int
fim_check_run(int argc, char **argv)
{
	return fim_run(argc, argv, FIM_CHECK, "fim check");
}

static int
fim_update_run(int argc, char **argv)
{
	return fim_run(argc, argv, FIM_UPDATE, "fim update");
}

#define FIM_OPTS_HELP                                                        \
	"Options:\n"                                                         \
	"      --root DIR     the system to record (default /); paths are\n" \
	"                     resolved inside it, symlinks never followed\n" \
	"      --db FILE      the baseline (default " FIM_DEFAULT_DB ")\n"   \
	"      --workers N    hashing threads (default: online CPUs)\n"

const struct cli_cmd cmd_fim_init = {
	.name = "fim init",
	.usage = "[--root DIR] [--db FILE] [--force] [PATH...]",
	.summary = "record a file-integrity baseline (SHA-256 and attributes)",
	.help =
	    "Walks PATH... (default /etc /bin /sbin /usr/bin /usr/sbin\n"
	    "/boot) inside --root, staying on each path's file system, and\n"
	    "writes type, mode, owner, size, mtime, inode, link count, symlink\n"
	    "target and SHA-256 of every entry to a new SQLite baseline.\n"
	    "Unreadable entries are recorded with the error.  An existing\n"
	    "baseline is replaced only with --force.\n\n" FIM_OPTS_HELP
	    "      --force        overwrite an existing baseline\n"
	    "  -q, --quiet        no summary on standard error\n",
	.run = fim_init_run,
};

const struct cli_cmd cmd_fim_check = {
	.name = "fim check",
	.usage = "[--root DIR] [--db FILE] [PATH...] [options]",
	.summary = "report files added, removed or changed since the baseline",
	.help =
	    "Scans the paths the baseline covers (or PATH..., which limits\n"
	    "the comparison to them) and reports host/fim-file-added,\n"
	    "-removed and -changed, with every changed attribute as old -> new.\n"
	    "Writes nothing.\n\n" FIM_OPTS_HELP "\n" CLI_COMMON_HELP,
	.run = fim_check_run,
};

const struct cli_cmd cmd_fim_update = {
	.name = "fim update",
	.usage = "[--root DIR] [--db FILE] [PATH...] [options]",
	.summary = "report like fim check, then replace the baseline",
	.help =
	    "Reports what fim check reports, then writes the current state\n"
	    "as the new baseline (the only file written).  A damaged baseline\n"
	    "is not replaced: use fim init --force.\n\n" FIM_OPTS_HELP
	    "\n" CLI_COMMON_HELP,
	.run = fim_update_run,
};
