/*
 * common.c - options shared by the scanning commands, configuration and
 * report output.
 *
 * SPDX-License-Identifier: MIT
 */
#include "cli/cli.h"

#include <sys/stat.h>
#include <sys/types.h>

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

static int
usage_va(const char *cmd_name, const char *fmt, va_list ap)
{
	fputs("rampart: ", stderr);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'rampart %s --help'.\n",
	    cmd_name != NULL ? cmd_name : "help");
	return EXIT_USAGE;
}

int
cli_usage(const struct cli_common *c, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = usage_va(c != NULL ? c->cmd_name : NULL, fmt, ap);
	va_end(ap);
	return r;
}

int
cli_usagef(const char *cmd_name, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = usage_va(cmd_name, fmt, ap);
	va_end(ap);
	return r;
}

int
cli_bad_option(const char *cmd_name, int opt, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";

	if (opt == ':') {
		if (optopt != 0 && optopt < 256 && arg[0] == '-' &&
		    arg[1] != '-')
			return cli_usagef(cmd_name,
			    "option '-%c' needs an argument", optopt);
		return cli_usagef(cmd_name, "option '%s' needs an argument",
		    arg);
	}
	if (opt == '?' && optopt != 0 && optopt < 256)
		return cli_usagef(cmd_name, "unknown option '-%c'", optopt);
	return cli_usagef(cmd_name, "unknown option '%s'", arg);
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
	opterr = 0;
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

	for (i = 0; i < c->noutputs; i++) {
		struct cli_output *o = &c->outputs[i];

		if (o->fp != NULL && o->fp != stdout)
			fclose(o->fp);
		o->fp = NULL;
		if (o->tmp_path != NULL)
			unlink(o->tmp_path);
		FREE_AND_NULL(o->tmp_path);
	}
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
			cli_usage(c, "unknown format '%s' (text, json, sarif, junit, prometheus, html)",
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

static int
is_stdout(const struct cli_output *o)
{
	return o->path == NULL || strcmp(o->path, "-") == 0;
}

/*
 * Open o for writing.  Regular files (and paths that do not exist yet) get
 * a temporary sibling that cli_finish() renames into place; anything else
 * (a FIFO, /dev/stderr) is written directly.
 */
static int
open_output(struct cli_output *o)
{
	struct stat st;
	mode_t mask;
	int fd;

	if (stat(o->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		o->fp = fopen(o->path, "w");
		return o->fp != NULL ? 0 : -1;
	}
	o->tmp_path = xasprintf("%s.XXXXXX", o->path);
	fd = mkstemp(o->tmp_path);
	if (fd < 0) {
		FREE_AND_NULL(o->tmp_path);
		return -1;
	}
	/* mkstemp makes 0600; a report gets the usual 0666 & ~umask. */
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		int e = errno;

		close(fd);
		unlink(o->tmp_path);
		FREE_AND_NULL(o->tmp_path);
		errno = e;
		return -1;
	}
	return 0;
}

int
cli_common_ready(struct cli_common *c)
{
	struct rp_diag d;
	const char *glob;
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
	if ((glob = policy_unmatched_glob(&c->policy)) != NULL)
		return cli_usage(c,
		    "'%s' matches no rule ('rampart rules list' shows them)",
		    glob);
	if (c->noutputs == 0) {
		c->outputs[0].writer = &report_text;
		c->noutputs = 1;
	}
	for (i = 0; i < c->noutputs; i++) {
		for (j = 0; j < i; j++) {
			const struct cli_output *a = &c->outputs[i];
			const struct cli_output *b = &c->outputs[j];

			if (is_stdout(a) && is_stdout(b))
				return cli_usage(c,
				    "two formats write to standard output; give one of them --output FILE");
			if (!is_stdout(a) && !is_stdout(b) &&
			    strcmp(a->path, b->path) == 0)
				return cli_usage(c,
				    "two formats write to %s; give each its own --output",
				    a->path);
		}
	}
	for (i = 0; i < c->noutputs; i++) {
		struct cli_output *o = &c->outputs[i];

		if (is_stdout(o)) {
			o->fp = stdout;
			continue;
		}
		if (open_output(o) != 0) {
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
		int bad = 0;

		out_init(&out, o->fp);
		o->writer->write(r, &ro, &out);
		if (out_finish(&out) != 0) {
			cli_error("writing the %s report to %s failed: %s",
			    o->writer->name,
			    is_stdout(o) ? "standard output" : o->path,
			    strerror(errno));
			bad = 1;
		}
		if (o->fp != stdout) {

			if (fclose(o->fp) != 0) {
				cli_error("closing %s failed: %s", o->path,
				    strerror(errno));
				bad = 1;
			}
			o->fp = NULL;
			if (o->tmp_path != NULL && !bad &&
			    rename(o->tmp_path, o->path) != 0) {
				cli_error("cannot write %s: %s", o->path,
				    strerror(errno));
				bad = 1;
			}
			if (o->tmp_path != NULL && bad)
				unlink(o->tmp_path);
			FREE_AND_NULL(o->tmp_path);
		}
		failed |= bad;
	}
	result_free(r);
	cli_common_release(c);
	return failed ? EXIT_INCOMPLETE : code;
}
