/*
 * kmod.c - loaded kernel modules against a recorded baseline, and whether
 * module loading is locked.
 *
 * The baseline is a file of module names, one a line ('#' comments); the
 * output of lsmod or a copy of /proc/modules works as is (the first word
 * of each line counts, lsmod's header is skipped), so recording a baseline
 * is `lsmod > node.modules` on a known-good node.  It is named by
 * --module-baseline FILE or host.module-baseline.  Both checks need the
 * running kernel (/proc/modules, /proc/sys/kernel/modules_disabled).
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xmalloc.h"
#include "util/banned.h"

#define MODULES_MAX ((size_t)4 << 20)

struct names {
	char **v;
	unsigned *line;
	size_t n, alloc;
};

static void
names_add(struct names *s, const char *p, size_t len, unsigned line)
{
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	s->line = xreallocarray(s->line, s->alloc, sizeof(*s->line));
	s->v[s->n] = xstrndup(p, len);
	s->line[s->n] = line;
	s->n++;
}

static void
names_free(struct names *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->line);
	memset(s, 0, sizeof(*s));
}

static int
names_has(const struct names *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return 1;
	return 0;
}

/* First word of every line that is not blank, a comment or lsmod's head. */
static void
parse_names(const char *text, struct names *out)
{
	const char *p = text;
	unsigned line = 0;

	while (*p) {
		const char *end = strchr(p, '\n');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p), w;

		line++;
		while (len > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		w = strcspn(p, " \t\r\n");
		if (w > len)
			w = len;
		if (w > 0 && *p != '#' && !(w == 6 && strncmp(p, "Module", 6) ==
						   0 && line == 1))
			names_add(out, p, w, line);
		if (end == NULL)
			break;
		p = end + 1;
	}
}

/* The baseline is rampart's own input, not a file of the scanned root. */
static int
read_input(const char *path, struct strbuf *out, struct rp_diag *d)
{
	char chunk[8192];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return rp_diag_fail(d, rp_from_errno(errno), path, 0,
		    "cannot read the module baseline: %s", strerror(errno));
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		strbuf_add(out, chunk, (size_t)n);
		if (out->len > MODULES_MAX) {
			close(fd);
			return rp_diag_fail(d, RP_ELIMIT, path, 0,
			    "the module baseline is larger than %zu bytes",
			    MODULES_MAX);
		}
	}
	close(fd);
	if (n < 0)
		return rp_diag_fail(d, rp_from_errno(errno), path, 0,
		    "cannot read the module baseline: %s", strerror(errno));
	return 0;
}

static void
check_baseline(struct host_ctx *c)
{
	const char *path = c->opts->module_baseline;
	struct strbuf text = STRBUF_INIT, mods = STRBUF_INIT;
	struct names base = { 0 }, loaded = { 0 };
	struct rp_diag d;
	size_t i;
	int r;

	if (path == NULL)
		path = host_conf_str(c, "module-baseline");
	if (path == NULL) {
		host_na(c, RULE_HOST_KMOD_BASELINE, "kernel modules",
		    "no baseline given: record one with `lsmod > FILE` on a known-good node and pass --module-baseline FILE");
		return;
	}
	rp_diag_init(&d);
	if (read_input(path, &text, &d) != 0) {
		host_error(c, RULE_HOST_KMOD_BASELINE, "kernel modules", &d);
		result_gap(c->r, "host", path, d.msg);
		goto out;
	}
	rp_diag_init(&d);
	r = host_read_rt(c, "/proc/modules", MODULES_MAX, &mods, &d);
	if (r == RP_ENOENT) {
		host_na(c, RULE_HOST_KMOD_BASELINE, "kernel modules",
		    "the running kernel has no /proc/modules (no loadable module support, or a sandboxed kernel)");
		goto out;
	}
	if (r != 0) {
		host_error(c, RULE_HOST_KMOD_BASELINE, "kernel modules", &d);
		goto out;
	}
	parse_names(text.buf, &base);
	parse_names(mods.buf, &loaded);
	for (i = 0; i < loaded.n; i++) {
		if (names_has(&base, loaded.v[i])) {
			host_pass(c, RULE_HOST_KMOD_BASELINE,
			    host_printf(c, "module %s", loaded.v[i]));
			continue;
		}
		host_fail(c, RULE_HOST_KMOD_BASELINE, "/proc/modules",
		    loaded.line[i], host_printf(c, "module %s", loaded.v[i]),
		    "loaded", host_printf(c, "only the modules of %s", path),
		    "module %s is loaded but not in the baseline",
		    loaded.v[i]);
	}
	for (i = 0; i < base.n; i++) {
		struct finding f = {
			.rule = RULE_HOST_KMOD_BASELINE,
			.status = STATUS_FAIL,
			.severity = SEV_LOW,
			.file = path,
			.line = base.line[i],
			.object = host_printf(c, "module %s", base.v[i]),
			.evidence = "not loaded",
			.expected = "the baseline and the running kernel agree",
		};

		if (names_has(&loaded, base.v[i]))
			continue;
		f.message = host_printf(c,
		    "module %s of the baseline is not loaded (update the baseline if it is no longer needed)",
		    base.v[i]);
		host_add(c, &f);
	}
out:
	names_free(&base);
	names_free(&loaded);
	strbuf_release(&text);
	strbuf_release(&mods);
}

static void
check_locked(struct host_ctx *c)
{
	struct strbuf dis = STRBUF_INIT, sig = STRBUF_INIT;
	struct rp_diag d;
	int disabled = 0, enforce = 0, r;

	rp_diag_init(&d);
	r = host_read_rt(c, "/proc/sys/kernel/modules_disabled", 64, &dis, &d);
	if (r == RP_ENOENT) {
		host_na(c, RULE_HOST_KMOD_LOCKED, "kernel modules",
		    "the running kernel has no kernel.modules_disabled (no loadable module support, or a sandboxed kernel)");
		goto out;
	}
	if (r != 0) {
		host_error(c, RULE_HOST_KMOD_LOCKED, "kernel modules", &d);
		goto out;
	}
	strbuf_rtrim(&dis);
	disabled = strcmp(dis.buf, "1") == 0;
	rp_diag_init(&d);
	if (host_read_rt(c, "/sys/module/module/parameters/sig_enforce", 64,
		&sig, &d) == 0) {
		strbuf_rtrim(&sig);
		enforce = strcmp(sig.buf, "Y") == 0;
	}
	if (disabled || enforce) {
		host_pass(c, RULE_HOST_KMOD_LOCKED, "kernel modules");
		goto out;
	}
	host_fail(c, RULE_HOST_KMOD_LOCKED, NULL, 0, "kernel modules",
	    host_printf(c, "kernel.modules_disabled %s; sig_enforce %s",
		dis.buf, sig.len ? sig.buf : "(absent)"),
	    "kernel.modules_disabled = 1 after boot, or module.sig_enforce=1",
	    "any module can still be loaded into the running kernel");
out:
	strbuf_release(&dis);
	strbuf_release(&sig);
}

void
host_run_kmod(struct host_ctx *c)
{
	if (host_rule_on(c, RULE_HOST_KMOD_BASELINE))
		check_baseline(c);
	if (host_rule_on(c, RULE_HOST_KMOD_LOCKED))
		check_locked(c);
}
