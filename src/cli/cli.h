/*
 * cli.h - subcommands, common options and output handling.
 *
 * Only src/cli/ reads argv, prints and picks exit codes.  Each subcommand
 * lives in its own cmd-*.c file exporting one struct cli_cmd, listed once in
 * cli_cmds[] (main.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_CLI_CLI_H
#define RAMPART_CLI_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "core/config.h"
#include "core/result.h"
#include "report/report.h"
#include "util/compat.h"

/* Exit codes, exactly as SPEC.md fixes them. */
enum exit_code {
	EXIT_OK = 0,         /* nothing failing at or above --fail-on */
	EXIT_FINDINGS = 1,   /* failing findings */
	EXIT_USAGE = 2,      /* usage error */
	EXIT_INCOMPLETE = 3, /* a target could not be scanned completely */
};

struct cli_cmd {
	const char *name;    /* "k8s scan" */
	const char *usage;   /* argument synopsis after the name */
	const char *summary; /* one line for `rampart help` */
	const char *help;    /* command-specific options, or NULL */
	int (*run)(int argc, char **argv);
};

extern const struct cli_cmd *const cli_cmds[];

#define CLI_MAX_OUTPUTS 8

struct cli_output {
	const struct report_writer *writer;
	const char *path; /* NULL or "-" = standard output */
	FILE *fp;
	/*
	 * A regular file is written to tmp_path (same directory, owned) and
	 * renamed over path only once complete, so a failed or interrupted
	 * run never leaves a truncated report in place of the previous one.
	 */
	char *tmp_path;
};

/* Options every scanning command accepts. */
struct cli_common {
	struct policy policy;
	unsigned cli_set; /* enum config_cli_set */
	const char *config_path;
	struct config config;
	struct cli_output outputs[CLI_MAX_OUTPUTS];
	size_t noutputs;
	int no_color, quiet, verbose;
	int framework; /* -1 = all */
	const char *cmd_name;
};

/* getopt_long ids of the common options (short ones use their letter). */
enum cli_opt {
	OPT_FORMAT = 'f',
	OPT_OUTPUT = 'o',
	OPT_QUIET = 'q',
	OPT_VERBOSE = 'v',
	OPT_FAIL_ON = 256,
	OPT_ONLY,
	OPT_SKIP,
	OPT_CONFIG,
	OPT_LEVEL,
	OPT_NO_COLOR,
	OPT_FRAMEWORK,
	OPT_SHOW_PASSED,
	OPT_HELP,
	OPT_COMMAND_BASE = 512, /* commands number their own options from here */
};

#define CLI_COMMON_SHORT ":f:o:qvh"

#define CLI_COMMON_LONG                                                  \
	{ "format", required_argument, NULL, OPT_FORMAT },               \
	    { "output", required_argument, NULL, OPT_OUTPUT },           \
	    { "quiet", no_argument, NULL, OPT_QUIET },                   \
	    { "verbose", no_argument, NULL, OPT_VERBOSE },               \
	    { "fail-on", required_argument, NULL, OPT_FAIL_ON },         \
	    { "only", required_argument, NULL, OPT_ONLY },               \
	    { "skip", required_argument, NULL, OPT_SKIP },               \
	    { "config", required_argument, NULL, OPT_CONFIG },           \
	    { "level", required_argument, NULL, OPT_LEVEL },             \
	    { "no-color", no_argument, NULL, OPT_NO_COLOR },             \
	    { "framework", required_argument, NULL, OPT_FRAMEWORK },     \
	    { "show-passed", no_argument, NULL, OPT_SHOW_PASSED },       \
	    { "help", no_argument, NULL, OPT_HELP }

#define CLI_COMMON_HELP                                                        \
	"Common options:\n"                                                    \
	"  -f, --format FMT     text, json, sarif, junit, prometheus or html\n"  \
	"                       (repeatable)\n"                            \
	"  -o, --output FILE    write the preceding --format to FILE\n"       \
	"      --fail-on SEV    exit 1 on failing findings at or above SEV\n" \
	"                       (info|low|medium|high|critical|none; low)\n"  \
	"      --only GLOB      run only rules matching GLOB (repeatable)\n"  \
	"      --skip GLOB      leave out rules matching GLOB (repeatable)\n" \
	"      --level LEVEL    basic, standard (default) or elevated\n"      \
	"      --framework NAME summarise only this framework\n"              \
	"      --config FILE    read rampart.yaml (waivers, policy, targets)\n" \
	"      --show-passed    keep passing findings in the report\n"        \
	"      --no-color       never colour the text report\n"               \
	"  -q, --quiet          text report: summary only\n"                  \
	"  -v, --verbose        text report: rationale for every rule\n"

void cli_common_init(struct cli_common *c, const char *cmd_name);
void cli_common_release(struct cli_common *c);

/*
 * Handle a common option.  Returns 1 if opt was one, 0 if not, or -1 after
 * printing a usage error.
 */
int cli_common_opt(struct cli_common *c, int opt, const char *arg);

/*
 * After option parsing: load the configuration, apply it, check the rule
 * globs, open outputs (so that an unwritable --output fails before a long
 * scan).  Returns 0, or an exit code after printing the error.
 */
int cli_common_ready(struct cli_common *c);

/* Create the result for this run with policy and waivers applied. */
struct result *cli_result_new(struct cli_common *c);

/*
 * Finish the run: write every report, close outputs (renaming each
 * temporary file into place), free the result.  Returns the exit code; a
 * report that could not be written completely makes it 3.
 */
int cli_finish(struct cli_common *c, struct result *r);

struct host_opts;

/*
 * Run the host target (cmd-host-scan.c) into r.  Returns 0, or EXIT_USAGE
 * after printing a bad role or host: configuration.
 */
int cli_host_scan(const struct host_opts *ho, struct result *r);

/* Print "rampart: " + message to stderr. */
void cli_error(const char *fmt, ...) RP_PRINTF(1, 2);

/* Print a diagnostic as "rampart: file:line: message". */
void cli_diag_error(const struct rp_diag *d);

/* Usage error: message, hint, return EXIT_USAGE. */
int cli_usage(const struct cli_common *c, const char *fmt, ...)
    RP_PRINTF(2, 3);

/* The same for commands without common options: the hint names cmd_name. */
int cli_usagef(const char *cmd_name, const char *fmt, ...) RP_PRINTF(2, 3);

/*
 * Report the option getopt_long() just rejected (it returned '?' for an
 * unknown option or ':' for a missing argument; optstrings start with ':'
 * and opterr is 0, so getopt itself prints nothing).  Returns EXIT_USAGE.
 */
int cli_bad_option(const char *cmd_name, int opt, char **argv);

/* Print the help of a command. */
void cli_help(const char *cmd_name);

/*
 * Write text word-wrapped to width columns; every line after the first
 * starts with indent spaces (the caller has positioned the first).  Words
 * longer than a line are not split.  Ends with a newline.
 */
void cli_wrap(struct out *o, const char *text, size_t indent, size_t width);

/*
 * Common getopt loop prologue: reset getopt state; getopt prints nothing,
 * the commands report errors with cli_bad_option().
 */
void cli_getopt_reset(void);

#endif
