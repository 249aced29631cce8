/*
 * common.c - options shared by the scanning commands, configuration and
 * report output.
 *
 * SPDX-License-Identifier: MIT
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xmalloc.h"
#include "util/banned.h"

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("rampart: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_diag_error(const struct rp_diag *d)
{
	char buf[RP_DIAG_WHERE_MAX + RP_DIAG_MSG_MAX + 64];

	cli_error("%s", rp_diag_str(d, buf, sizeof(buf)));
}

int
cli_usage(const struct cli_common *c, const char *fmt, ...)
{
	va_list ap;

	fputs("rampart: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'rampart %s --help'.\n",
	    c != NULL && c->cmd_name != NULL ? c->cmd_name : "help");
	return EXIT_USAGE;
}

void
cli_wrap(struct out *o, const char *text, size_t indent, size_t width)
{
	const char *p = text;
	size_t col = indent;
	int first = 1;

	while (*p != '\0') {
		size_t n;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		n = strcspn(p, " ");
		if (!first && col + 1 + n > width) {
			out_putc(o, '\n');
			out_printf(o, "%*s", (int)indent, "");
			col = indent;
			first = 1;
		}
		if (!first) {
			out_putc(o, ' ');
			col++;
		}
		out_printf(o, "%.*s", (int)n, p);
		col += n;
		p += n;
		first = 0;
	}
	out_putc(o, '\n');
}

void
cli_getopt_reset(void)
{
	optind = 0; /* GNU: full reinitialisation */
	opterr = 1;
}

void
cli_common_init(struct cli_common *c, const char *cmd_name)
{
	memset(c, 0, sizeof(*c));
	policy_init(&c->policy);
	config_init(&c->config);
	c->framework = -1;
	c->cmd_name = cmd_name;
}

void
cli_common_release(struct cli_common *c)
{
	size_t i;

	for (i = 0; i < c->noutputs; i++)
		if (c->outputs[i].fp != NULL && c->outputs[i].fp != stdout)
			fclose(c->outputs[i].fp);
	c->noutputs = 0;
	policy_release(&c->policy);
	config_release(&c->config);
}

static void
push_glob(char ***v, size_t *n, const char *s)
{
	const char *p = s;

	/* "--only a,b" is the same as "--only a --only b" */
	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		if (len > 0) {
			*v = xreallocarray(*v, *n + 1, sizeof(**v));
			(*v)[(*n)++] = xstrndup(p, len);
		}
		p += len;
		if (*p == ',')
			p++;
	}
}

int
cli_common_opt(struct cli_common *c, int opt, const char *arg)
{
	const struct report_writer *w;
	enum severity sev;
	const struct framework *fw;

	switch (opt) {
	case OPT_FORMAT:
		w = report_find(arg);
		if (w == NULL) {
			cli_usage(c, "unknown format '%s' (text, json, sarif, junit)",
			    arg);
			return -1;
		}
		if (c->noutputs == CLI_MAX_OUTPUTS) {
			cli_usage(c, "too many --format options");
			return -1;
		}
		c->outputs[c->noutputs].writer = w;
		c->outputs[c->noutputs].path = NULL;
		c->noutputs++;
		return 1;
	case OPT_OUTPUT:
		if (c->noutputs == 0) {
			c->outputs[0].writer = &report_text;
			c->noutputs = 1;
		}
		if (c->outputs[c->noutputs - 1].path != NULL) {
			cli_usage(c, "--output %s: the preceding --format already has an output",
			    arg);
			return -1;
		}
		c->outputs[c->noutputs - 1].path = arg;
		return 1;
	case OPT_QUIET:
		c->quiet = 1;
		return 1;
	case OPT_VERBOSE:
		c->verbose = 1;
		return 1;
	case OPT_FAIL_ON:
		if (strcmp(arg, "none") == 0) {
			c->policy.fail_never = 1;
		} else if (severity_parse(arg, &sev) == 0) {
			c->policy.fail_on = sev;
			c->policy.fail_never = 0;
		} else {
			cli_usage(c, "--fail-on: unknown severity '%s'", arg);
			return -1;
		}
		c->cli_set |= CLI_SET_FAIL_ON;
		return 1;
	case OPT_ONLY:
		push_glob(&c->policy.only, &c->policy.nonly, arg);
		c->cli_set |= CLI_SET_ONLY;
		return 1;
	case OPT_SKIP:
		push_glob(&c->policy.skip, &c->policy.nskip, arg);
		c->cli_set |= CLI_SET_SKIP;
		return 1;
	case OPT_CONFIG:
		c->config_path = arg;
		return 1;
	case OPT_LEVEL:
		if (level_parse(arg, &c->policy.level) != 0) {
			cli_usage(c, "--level: use basic, standard or elevated");
			return -1;
		}
		c->cli_set |= CLI_SET_LEVEL;
		return 1;
	case OPT_NO_COLOR:
		c->no_color = 1;
		return 1;
	case OPT_FRAMEWORK:
		fw = framework_find(arg);
		if (fw == NULL) {
			cli_usage(c, "unknown framework '%s' (bsi, pci-dss-4, iso27001-2022, soc2)",
			    arg);
			return -1;
		}
		c->framework = (int)framework_index(fw);
		return 1;
	case OPT_SHOW_PASSED:
		c->policy.show_passed = 1;
		return 1;
	default:
		return 0;
	}
}

int
cli_common_ready(struct cli_common *c)
{
	struct rp_diag d;
	size_t i, j;

	rp_diag_init(&d);
	if (c->config_path != NULL) {
		if (config_load(&c->config, c->config_path, &d) != 0) {
			cli_diag_error(&d);
			return EXIT_USAGE;
		}
		if (config_apply_policy(&c->config, &c->policy, c->cli_set,
			&d) != 0) {
			cli_diag_error(&d);
			return EXIT_USAGE;
		}
	}
	if (c->noutputs == 0) {
		c->outputs[0].writer = &report_text;
		c->noutputs = 1;
	}
	for (i = 0; i < c->noutputs; i++) {
		for (j = 0; j < i; j++) {
			if (c->outputs[i].path == NULL &&
			    c->outputs[j].path == NULL)
				return cli_usage(c,
				    "two formats write to standard output; give one of them --output FILE");
		}
	}
	for (i = 0; i < c->noutputs; i++) {
		struct cli_output *o = &c->outputs[i];

		if (o->path == NULL || strcmp(o->path, "-") == 0) {
			o->fp = stdout;
			continue;
		}
		o->fp = fopen(o->path, "w");
		if (o->fp == NULL) {
			cli_error("cannot write %s: %s", o->path,
			    strerror(errno));
			return EXIT_USAGE;
		}
	}
	return 0;
}

struct result *
cli_result_new(struct cli_common *c)
{
	struct result *r = result_new(c->cmd_name, &c->policy);
	struct rp_diag d;

	rp_diag_init(&d);
	if (c->config.root != NULL &&
	    config_apply_waivers(&c->config, r, &d) != 0) {
		cli_diag_error(&d);
		result_free(r);
		return NULL;
	}
	return r;
}

int
cli_finish(struct cli_common *c, struct result *r)
{
	int code, failed = 0;
	size_t i;

	result_finish(r);
	code = result_exit_code(r);
	for (i = 0; i < c->noutputs; i++) {
		struct cli_output *o = &c->outputs[i];
		const char *nc = getenv("NO_COLOR");
		struct report_opts ro = {
			.color = !c->no_color && o->fp == stdout &&
			    isatty(fileno(stdout)) && (nc == NULL || *nc == '\0'),
			.verbose = c->verbose,
			.quiet = c->quiet,
			.framework = c->framework,
		};
		struct out out;

		out_init(&out, o->fp);
		o->writer->write(r, &ro, &out);
		if (out_finish(&out) != 0) {
			cli_error("writing the %s report to %s failed: %s",
			    o->writer->name,
			    o->path != NULL ? o->path : "standard output",
			    strerror(errno));
			failed = 1;
		}
		if (o->fp != stdout) {
			if (fclose(o->fp) != 0 && !failed) {
				cli_error("closing %s failed: %s", o->path,
				    strerror(errno));
				failed = 1;
			}
			o->fp = NULL;
		}
	}
	result_free(r);
	cli_common_release(c);
	return failed ? EXIT_INCOMPLETE : code;
}
