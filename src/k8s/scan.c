/*
 * scan.c - walk manifest inputs and feed documents to the checks.
 *
 * SPDX-License-Identifier: MIT
 */
#include "k8s/k8s.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "k8s/check.h"
#include "k8s/object.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

void
k8s_opts_init(struct k8s_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->limits.stream_items = 1;
	yload_limits_default(&o->limits);
}

struct scan_state {
	const struct k8s_opts *o;
	struct result *r;
	struct result_target *t;
	struct arena arena;
	struct k8s_ctx ctx;
	struct k8s_object_opts oo;
};

static void
error_finding(struct scan_state *s, const struct rp_diag *d)
{
	struct finding f = {
		.rule = RULE_K8S_PARSE_ERROR,
		.status = STATUS_ERROR,
		.severity = -1,
		.file = d->where[0] != '\0' ? d->where : NULL,
		.line = d->line > 0 ? (unsigned)d->line : 0,
		.col = d->col > 0 ? (unsigned)d->col : 0,
		.message = d->msg,
	};

	result_add(s->r, &f);
}

/* Build the object of root and run every check on it. */
static void
scan_object(struct scan_state *s, const struct ydoc *doc,
    const struct ynode *root)
{
	struct k8s_object obj;
	struct rp_diag d;

	k8s_object_init(&obj, doc, root, NULL, NULL, &s->arena, &s->oo);
	rp_diag_init(&d);
	if (k8s_object_waivers(&obj, &d) != 0) {
		/* reported by the waiver rule once it exists */
	}
	result_target_count(s->t, "objects", 1);
	k8s_ctx_object(&s->ctx, &obj);
	k8s_object_release(&obj);
}

static void
scan_doc(struct scan_state *s, const struct ydoc *doc)
{
	if (doc->root->type == YNODE_MAP)
		scan_object(s, doc, doc->root);
}

static void
scan_file(struct scan_state *s, const char *path, const char *name)
{
	struct yload *y = NULL;
	struct ydoc doc;
	struct rp_diag d;
	int r;

	rp_diag_init(&d);
	if (yload_open(&y, path, name, &s->o->limits, &d) != 0) {
		error_finding(s, &d);
		result_gap(s->r, "k8s", name, d.msg);
		return;
	}
	result_target_count(s->t, "files", 1);
	for (;;) {
		arena_reset(&s->arena);
		rp_diag_init(&d);
		r = yload_next(y, &s->arena, &doc, &d);
		if (r == 0)
			break;
		if (r < 0) {
			error_finding(s, &d);
			continue;
		}
		result_target_count(s->t, "documents", 1);
		scan_doc(s, &doc);
	}
	yload_free(y);
	arena_reset(&s->arena);
}

static int
wanted_ext(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot != NULL && (strcmp(dot, ".yaml") == 0 ||
				  strcmp(dot, ".yml") == 0 ||
				  strcmp(dot, ".json") == 0);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
scan_path(struct scan_state *s, const char *path, int top)
{
	struct stat st;
	DIR *dir;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;

	if (strcmp(path, "-") == 0) {
		scan_file(s, "-", "<stdin>");
		return;
	}
	if ((top ? stat(path, &st) : lstat(path, &st)) != 0) {
		struct rp_diag d;

		rp_diag_fail(&d, rp_from_errno(errno), path, 0, "cannot read: %s",
		    strerror(errno));
		error_finding(s, &d);
		result_gap(s->r, "k8s", path, d.msg);
		return;
	}
	if (S_ISREG(st.st_mode)) {
		if (top || wanted_ext(path))
			scan_file(s, path, path);
		return;
	}
	if (!S_ISDIR(st.st_mode))
		return; /* symlinks inside directories are not followed */
	dir = opendir(path);
	if (dir == NULL) {
		struct rp_diag d;

		rp_diag_fail(&d, rp_from_errno(errno), path, 0,
		    "cannot list directory: %s", strerror(errno));
		error_finding(s, &d);
		result_gap(s->r, "k8s", path, d.msg);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		ALLOC_GROW(names, n + 1, alloc);
		names[n++] = xasprintf("%s%s%s", path,
		    path[strlen(path) - 1] == '/' ? "" : "/", de->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		scan_path(s, names[i], 0);
		free(names[i]);
	}
	free(names);
}

int
k8s_scan_paths(char *const *paths, size_t npaths, const struct k8s_opts *o,
    struct result *r, struct rp_diag *d)
{
	struct scan_state s = { .o = o, .r = r };
	struct strbuf scope = STRBUF_INIT;
	size_t i;

	(void)d;
	for (i = 0; i < npaths; i++) {
		if (i > 0)
			strbuf_addstr(&scope, " ");
		strbuf_addstr(&scope, strcmp(paths[i], "-") == 0 ? "<stdin>"
								 : paths[i]);
	}
	s.t = result_target_add(r, "k8s", scope.buf);
	strbuf_release(&scope);
	arena_init(&s.arena, 0);
	s.oo.assume_namespace = o->assume_namespace;
	k8s_ctx_init(&s.ctx, r, o);
	for (i = 0; i < npaths; i++)
		scan_path(&s, paths[i], 1);
	k8s_ctx_finish(&s.ctx);
	k8s_ctx_release(&s.ctx);
	arena_release(&s.arena);
	return 0;
}
