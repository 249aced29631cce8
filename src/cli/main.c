/*
 * main.c - rampart's entry point and subcommand table.
 *
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/banned.h"

extern const struct cli_cmd cmd_scan;
extern const struct cli_cmd cmd_k8s_scan;
extern const struct cli_cmd cmd_zk_walk;
extern const struct cli_cmd cmd_zk_scan;
extern const struct cli_cmd cmd_zk_config;
extern const struct cli_cmd cmd_zk_fix;
extern const struct cli_cmd cmd_zk_restore;
extern const struct cli_cmd cmd_zk_verify;
extern const struct cli_cmd cmd_host_scan;
extern const struct cli_cmd cmd_host_sshd;
extern const struct cli_cmd cmd_rules;
extern const struct cli_cmd cmd_frameworks;
extern const struct cli_cmd cmd_report;
extern const struct cli_cmd cmd_diff;
extern const struct cli_cmd cmd_version;

const struct cli_cmd *const cli_cmds[] = {
	&cmd_scan,
	&cmd_k8s_scan,
	&cmd_zk_walk,
	&cmd_zk_scan,
	&cmd_zk_config,
	&cmd_zk_fix,
	&cmd_zk_restore,
	&cmd_zk_verify,
	&cmd_host_scan,
	&cmd_host_sshd,
	&cmd_rules,
	&cmd_frameworks,
	&cmd_report,
	&cmd_diff,
	&cmd_version,
	NULL,
};

static void
usage(FILE *fp)
{
	size_t i;

	fputs("usage: rampart COMMAND [options] [arguments]\n\n"
	      "rampart audits ZooKeeper ensembles, Kubernetes manifests and\n"
	      "Linux/OpenStack hosts against their security baselines and maps\n"
	      "every finding to BSI APP.4.4, PCI DSS v4.0, ISO/IEC 27001:2022\n"
	      "and SOC 2 controls.\n\nCommands:\n",
	    fp);
	for (i = 0; cli_cmds[i] != NULL; i++)
		fprintf(fp, "  %-18s %s\n", cli_cmds[i]->name,
		    cli_cmds[i]->summary);
	fputs("\nExit codes: 0 nothing failing at or above --fail-on, 1 failing\n"
	      "findings, 2 usage error, 3 the scan could not complete.\n"
	      "'rampart COMMAND --help' shows a command's options.\n",
	    fp);
}

void
cli_help(const char *cmd_name)
{
	size_t i;

	for (i = 0; cli_cmds[i] != NULL; i++) {
		const struct cli_cmd *c = cli_cmds[i];

		if (strcmp(c->name, cmd_name) != 0)
			continue;
		printf("usage: rampart %s %s\n\n%s\n", c->name, c->usage,
		    c->summary);
		if (c->help != NULL)
			printf("\n%s", c->help);
		return;
	}
}

/*
 * Find the command named by the first one or two words of argv.  Returns
 * the number of words consumed, or 0.
 */
static int
lookup(int argc, char **argv, const struct cli_cmd **out)
{
	size_t i;

	for (i = 0; cli_cmds[i] != NULL; i++) {
		const char *name = cli_cmds[i]->name;
		const char *sp = strchr(name, ' ');

		if (sp == NULL) {
			if (strcmp(name, argv[0]) == 0) {
				*out = cli_cmds[i];
				return 1;
			}
			continue;
		}
		if (argc >= 2 && strncmp(name, argv[0], (size_t)(sp - name)) == 0 &&
		    argv[0][sp - name] == '\0' && strcmp(sp + 1, argv[1]) == 0) {
			*out = cli_cmds[i];
			return 2;
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const struct cli_cmd *cmd = NULL;
	int words, code;

	setlocale(LC_CTYPE, "");
	if (argc < 2) {
		cli_error("no command given; 'rampart help' lists the commands");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		if (argc > 2) {
			words = lookup(argc - 2, argv + 2, &cmd);
			if (words > 0) {
				cli_help(cmd->name);
				return EXIT_OK;
			}
		}
		usage(stdout);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_INCOMPLETE;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("rampart %s\n", RAMPART_VERSION);
		return EXIT_OK;
	}
	words = lookup(argc - 1, argv + 1, &cmd);
	if (words == 0) {
		size_t i, n = strlen(argv[1]), nsub = 0;

		/* "rampart k8s" alone: say which subcommands exist. */
		for (i = 0; cli_cmds[i] != NULL; i++) {
			const char *name = cli_cmds[i]->name;

			if (strncmp(name, argv[1], n) != 0 || name[n] != ' ')
				continue;
			if (nsub++ == 0)
				fprintf(stderr, "rampart: '%s' needs one of:",
				    argv[1]);
			fprintf(stderr, " %s", name + n + 1);
		}
		if (nsub > 0)
			fputc('\n', stderr);
		else
			cli_error("unknown command '%s'; 'rampart help' lists the commands",
			    argv[1]);
		return EXIT_USAGE;
	}
	code = cmd->run(argc - words, argv + words);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("writing to standard output failed: %s",
		    strerror(errno));
		if (code == EXIT_OK || code == EXIT_FINDINGS)
			code = EXIT_INCOMPLETE;
	}
	return code;
}
