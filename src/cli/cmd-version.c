/*
 * cmd-version.c - `rampart version`.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>

#include "cli/cli.h"
#include "util/yload.h"
#include "util/banned.h"

static int
version_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("rampart %s (libyaml %s)\n", RAMPART_VERSION,
	    yload_library_version());
	return EXIT_OK;
}

const struct cli_cmd cmd_version = {
	.name = "version",
	.usage = "",
	.summary = "print rampart's version",
	.run = version_run,
};
