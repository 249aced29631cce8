/*
 * scan.c - walk manifest inputs and feed documents to the checks.
 *
 * SPDX-License-Identifier: MIT
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "k8s/check.h"
#include "k8s/k8s.h"
#include "k8s/object.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

#include "util/banned.h"

void
k8s_opts_init(struct k8s_opts *o)
{
	const char *helm = getenv("HELM_NAMESPACE");

	memset(o, 0, sizeof(*o));
	o->limits.stream_items = 1;
	yload_limits_default(&o->limits);
	/* helm template and helm plugins export the release namespace. */
	if (helm != NULL && helm[0] != '\0')
		o->assume_namespace = helm;
}

struct scan_state {
	const struct k8s_opts *o;
	struct result *r;
	struct result_target *t;
	struct arena arena;
	struct k8s_ctx ctx;
	struct k8s_object_opts oo;
	const struct ydoc *pending; /* its diagnostics are not reported yet */
};

/* A finding about the input itself (no object to attach it to). */
static void
input_finding(struct scan_state *s, enum rule_id rule, enum status st,
    const char *file, unsigned line, unsigned col, const char *msg,
    const char *evidence)
{
	struct finding f = k8s_finding(rule, st);

	f.file = file;
	f.line = line;
	f.col = col;
	f.message = msg;
	f.evidence = evidence;
	result_add(s->r, &f);
}

static void
error_finding(struct scan_state *s, enum rule_id rule, const struct rp_diag *d)
{
	input_finding(s, rule,
	    rule == RULE_K8S_PARSE_BINARY_FILE ? STATUS_FAIL : STATUS_ERROR,
	    d->where[0] != '\0' ? d->where : NULL,
	    d->line > 0 ? (unsigned)d->line : 0,
	    d->col > 0 ? (unsigned)d->col : 0, d->msg, NULL);
}

/* Does the document carry a duplicate-key diagnostic? */
static int
has_duplicate_key(const struct ydoc *doc)
{
	const struct ydiag *dg;

	for (dg = doc->diags; dg != NULL; dg = dg->next)
		if (dg->kind == YDIAG_DUPLICATE_KEY)
			return 1;
	return 0;
}

/*
 * Report the loader's diagnostics of the document being scanned, once:
 * about its object when subj is given (so its waivers apply), else about
 * the file.  Under --strict a duplicate key is an error and the document
 * is not evaluated (the caller checks has_duplicate_key() first).
 */
static void
doc_diags(struct scan_state *s, const struct k8s_ref *subj)
{
	const struct ydoc *doc = s->pending;
	const struct ydiag *dg;

	if (doc == NULL)
		return;
	s->pending = NULL;
	for (dg = doc->diags; dg != NULL; dg = dg->next) {
		struct finding f =
		    k8s_finding(RULE_K8S_PARSE_ERROR, STATUS_FAIL);

		switch (dg->kind) {
		case YDIAG_DUPLICATE_KEY:
			f.rule = RULE_K8S_PARSE_DUPLICATE_KEY;
			f.evidence = k8s_fmt(&s->ctx, "line %u, then line %u",
			    dg->line2, dg->line);
			if (s->o->strict)
				f.status = STATUS_ERROR;
			break;
		case YDIAG_UNKNOWN_TAG:
			f.rule = RULE_K8S_PARSE_UNKNOWN_TAG;
			break;
		case YDIAG_YAML12_DIRECTIVE:
			f.rule = RULE_K8S_PARSE_YAML_DIRECTIVE;
			break;
		case YDIAG_ITEMS_NOT_LIST:
			f.rule = RULE_K8S_OBJECT_INCOMPLETE;
			break;
		case YDIAG_BOM_INSIDE:
			f.rule = RULE_K8S_PARSE_ENCODING;
			break;
		}
		f.file = doc->name;
		f.line = dg->line;
		f.col = dg->col;
		f.message = dg->msg;
		k8s_add(&s->ctx, subj, NULL, &f);
	}
}

struct lint {
	struct scan_state *s;
	const struct k8s_object *obj;
	const struct ynode *tmpl; /* first scalar with Helm source */
	int tmpl_hidden;          /* ... inside Secret data */
	int secret;               /* a Secret: hide values under data: */
};

/*
 * Walk the object once for what the loader resolved silently: YAML 1.1
 * booleans and numbers (reported, value as kubectl reads it) and template
 * text left in scalars (the object is not evaluated).
 */
static void
lint_walk(struct lint *l, const struct ynode *n, int hide)
{
	size_t i;

	switch (n->type) {
	case YNODE_SCALAR: {
		const char *v = n->u.s;
		long long ll;
		int b, y11 = 0;

		if (n->n >= 2 && memchr(v, '{', n->n) != NULL &&
		    yload_helm_template(v, n->n)) {
			if (l->tmpl == NULL) {
				l->tmpl = n;
				l->tmpl_hidden = hide;
			}
			return;
		}
		if (n->flags & (YNODE_QUOTED | YNODE_TAG_STR | YNODE_TAG_OTHER))
			return;
		if (n->n <= 5 && strchr("yYnNoOtTfF", v[0]) != NULL &&
		    yscalar_parse_bool(v, &b, &y11) == 0 && y11) {
			if (hide)
				k8s_fail(&l->s->ctx, &l->obj->ref,
				    RULE_K8S_PARSE_YAML11_BOOL, -1, n, NULL,
				    NULL, NULL,
				    "a Secret value uses a YAML 1.1 boolean spelling: Kubernetes reads a boolean, YAML 1.2 tools a string");
			else
				k8s_fail(&l->s->ctx, &l->obj->ref,
				    RULE_K8S_PARSE_YAML11_BOOL, -1, n, NULL, v,
				    b ? "true" : "false",
				    "'%s' is read as %s by Kubernetes (YAML 1.1) but as a string by YAML 1.2 tools",
				    v, b ? "true" : "false");
			return;
		}
		/* Only a leading 0 or a digit separator can be YAML 1.1-only.
		 */
		if (!((v[0] == '0' && v[1] != '\0') ||
		        ((v[0] == '-' || v[0] == '+') && v[1] == '0') ||
		        ((v[0] >= '0' && v[0] <= '9') &&
		            memchr(v, '_', n->n) != NULL)))
			return;
		if (yscalar_parse_int(v, &ll, &y11) != 0 || !y11)
			return;
		if (hide)
			k8s_fail(&l->s->ctx, &l->obj->ref,
			    RULE_K8S_PARSE_YAML11_NUMBER, -1, n, NULL, NULL,
			    NULL,
			    "a Secret value is a YAML 1.1 number (octal, 0o or _) that YAML 1.2 tools read differently");
		else
			k8s_fail(&l->s->ctx, &l->obj->ref,
			    RULE_K8S_PARSE_YAML11_NUMBER, -1, n, NULL, v,
			    k8s_fmt(&l->s->ctx, "%lld", ll),
			    "'%s' is %lld for Kubernetes (YAML 1.1); YAML 1.2 tools read it differently",
			    v, ll);
		return;
	}
	case YNODE_SEQ:
		for (i = 0; i < n->n; i++)
			lint_walk(l, n->u.items[i], hide);
		return;
	case YNODE_MAP:
		for (i = 0; i < n->n; i++) {
			const char *k = n->u.pairs[i].key->u.s;

			/* Secret values (and last-applied copies) stay hidden.
			 */
			lint_walk(l, n->u.pairs[i].val,
			    hide ||
			        (l->secret && n == l->obj->root &&
			            (strcmp(k, "data") == 0 ||
			                strcmp(k, "stringData") == 0 ||
			                strcmp(k, "metadata") == 0)));
		}
		return;
	}
}

/* Build the object of root and run every check on it. */
static void
scan_object(struct scan_state *s, const struct ydoc *doc,
    const struct ynode *root, const char *kind, const char *api)
{
	struct k8s_object obj;
	struct rp_diag d;
	struct lint l = { .s = s };

	k8s_object_init(&obj, doc, root, kind, api, &s->arena, &s->oo);
	result_target_count(s->t, "objects", 1);
	rp_diag_init(&d);
	if (k8s_object_waivers(&obj, &d) != 0)
		k8s_fail(&s->ctx, &obj.ref, RULE_K8S_WAIVER_INVALID, -1,
		    ynode_get(obj.annotations, "rampart.io/waive"),
		    "metadata.annotations.rampart.io/waive", NULL,
		    "RULE reason=TEXT expires=YYYY-MM-DD", "%s", d.msg);
	else if (obj.ref.nwaivers > 0)
		k8s_pass(&s->ctx, &obj.ref, RULE_K8S_WAIVER_INVALID);
	doc_diags(s, &obj.ref);
	l.obj = &obj;
	l.secret = strcmp(obj.kind, "Secret") == 0 && obj.group[0] == '\0';
	s->ctx.scratch = &s->arena;
	lint_walk(&l, root, 0);
	if (l.tmpl != NULL) {
		/* An error, not a failure: the object is not audited. */
		struct finding f =
		    k8s_finding(RULE_K8S_PARSE_UNRENDERED_TEMPLATE,
		        STATUS_ERROR);

		f.evidence = l.tmpl_hidden ? NULL : l.tmpl->u.s;
		f.message =
		    "unrendered template text; the object was not evaluated (render it with helm template first)";
		k8s_add(&s->ctx, &obj.ref, l.tmpl, &f);
		goto out;
	}
	if (obj.cluster_scoped && obj.ns_explicit)
		k8s_fail(&s->ctx, &obj.ref,
		    RULE_K8S_NAMESPACE_ON_CLUSTER_OBJECT, -1,
		    ynode_get(obj.metadata, "namespace"), "metadata.namespace",
		    ynode_get_str(obj.metadata, "namespace"), "no namespace",
		    "%s is cluster-scoped; the namespace is ignored and the object applies to the whole cluster",
		    obj.kind);
	k8s_ctx_object(&s->ctx, &obj);
out:
	k8s_object_release(&obj);
}

static const char *
str_of(const struct ynode *map, const char *key)
{
	const struct ynode *v = ynode_get(map, key);

	if (v == NULL || v->type != YNODE_SCALAR || ynode_is_null(v) ||
	    v->u.s[0] == '\0')
		return NULL;
	return v->u.s;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Not an object: Helm values and Chart.yaml, kustomization, scalars. */
static void
not_an_object(struct scan_state *s, const struct ydoc *doc,
    const struct ynode *root, const char *why)
{
	input_finding(s, RULE_K8S_NOT_AN_OBJECT, STATUS_FAIL, doc->name,
	    root->line, root->col, why, NULL);
}

/*
 * One candidate object: a map from a document, a List item, or an array
 * element.  kind and api are inherited from a typed List (PodList) for
 * items that lack them.
 */
static void
scan_root(struct scan_state *s, const struct ydoc *doc,
    const struct ynode *root, const char *ikind, const char *iapi,
    unsigned depth)
{
	const char *kind, *api;
	const struct ynode *items;

	if (root->type != YNODE_MAP) {
		not_an_object(s, doc, root,
		    root->type == YNODE_SCALAR ?
		        "a plain value, not a Kubernetes object; skipped" :
		        "a list, not a Kubernetes object; skipped");
		return;
	}
	kind = str_of(root, "kind");
	api = str_of(root, "apiVersion");
	if (kind == NULL && ikind != NULL) {
		kind = ikind;
		if (api == NULL)
			api = iapi;
	}
	items = ynode_get(root, "items");
	if (kind != NULL && ends_with(kind, "List") && items != NULL &&
	    items->type == YNODE_SEQ && depth < 16) {
		/* A List that was not streamed (nested, or stream off). */
		const char *ik = NULL;
		size_t i;

		if (strcmp(kind, "List") != 0)
			ik = arena_strndup(&s->arena, kind, strlen(kind) - 4);
		for (i = 0; i < items->n; i++)
			scan_root(s, doc, items->u.items[i], ik,
			    ik ? api : NULL, depth + 1);
		return;
	}
	if (kind != NULL &&
	    (strcmp(kind, "Kustomization") == 0 ||
	        strcmp(kind, "Component") == 0) &&
	    api != NULL && strncmp(api, "kustomize.config.k8s.io/", 24) == 0) {
		not_an_object(s, doc, root,
		    "kustomization file; skipped (scan the output of kustomize build)");
		return;
	}
	if (kind == NULL && api != NULL &&
	    (strcmp(api, "v1") == 0 || strcmp(api, "v2") == 0) &&
	    str_of(root, "name") != NULL && str_of(root, "version") != NULL) {
		not_an_object(s, doc, root,
		    "Helm chart metadata (Chart.yaml); skipped (scan the output of helm template)");
		return;
	}
	if (kind == NULL && api == NULL) {
		not_an_object(s, doc, root,
		    "no apiVersion and kind: not a Kubernetes object (values or configuration file?); skipped");
		return;
	}
	if (kind == NULL) {
		input_finding(s, RULE_K8S_OBJECT_INCOMPLETE, STATUS_FAIL,
		    doc->name, root->line, root->col,
		    "object has apiVersion but no kind; skipped", api);
		return;
	}
	if (api == NULL) {
		api = k8s_guess_api_version(kind);
		input_finding(s, RULE_K8S_OBJECT_INCOMPLETE, STATUS_FAIL,
		    doc->name, root->line, root->col,
		    api != NULL ?
		        k8s_fmt(&s->ctx, "%s has no apiVersion; checked as %s",
		            kind, api) :
		        k8s_fmt(&s->ctx,
		            "%s has no apiVersion; skipped (unknown group)",
		            kind),
		    kind);
		if (api == NULL)
			return;
	}
	scan_object(s, doc, root, kind, api);
}

static void
scan_doc_roots(struct scan_state *s, const struct ydoc *doc)
{
	const struct ynode *root = doc->root;
	const char *ikind = NULL, *iapi = NULL;

	if (doc->item >= 0 && doc->list_kind != NULL &&
	    strcmp(doc->list_kind, "List") != 0 &&
	    ends_with(doc->list_kind, "List")) {
		/* Items of a typed list (PodList) usually lack kind. */
		ikind = arena_strndup(&s->arena, doc->list_kind,
		    strlen(doc->list_kind) - 4);
		iapi = doc->list_api_version;
	}
	if (root->type == YNODE_SEQ) {
		size_t i, nobj = 0;

		for (i = 0; i < root->n; i++)
			if (str_of(root->u.items[i], "kind") != NULL)
				nobj++;
		if (nobj == 0) {
			not_an_object(s, doc, root,
			    "a list, not a Kubernetes object; skipped");
			return;
		}
		input_finding(s, RULE_K8S_PARSE_JSON_ARRAY, STATUS_FAIL,
		    doc->name, root->line, root->col,
		    "top-level array of objects: kubectl would reject it; the objects are scanned",
		    NULL);
		for (i = 0; i < root->n; i++)
			scan_root(s, doc, root->u.items[i], NULL, NULL, 1);
		return;
	}
	scan_root(s, doc, root, ikind, iapi, 0);
}

/* One loaded document: its objects, then diagnostics nobody claimed. */
static void
scan_doc(struct scan_state *s, const struct ydoc *doc)
{
	s->ctx.scratch = &s->arena;
	if (s->o->strict && has_duplicate_key(doc)) {
		s->pending = doc;
		doc_diags(s, NULL);
		input_finding(s, RULE_K8S_PARSE_DUPLICATE_KEY, STATUS_ERROR,
		    doc->name, doc->line, 0,
		    "--strict: the document has duplicate keys and was not evaluated",
		    NULL);
		return;
	}
	s->pending = doc;
	scan_doc_roots(s, doc);
	doc_diags(s, NULL);
}

/* Every document of an opened input. */
static void
scan_input(struct scan_state *s, struct yload *y, const char *name)
{
	struct ydoc doc;
	struct rp_diag d;
	int r;

	result_target_count(s->t, "files", 1);
	for (;;) {
		arena_reset(&s->arena);
		rp_diag_init(&d);
		r = yload_next(y, &s->arena, &doc, &d);
		if (r == 0)
			break;
		if (r < 0) {
			enum rule_id rule = RULE_K8S_PARSE_ERROR;

			switch (yload_last_error(y)) {
			case YERR_BINARY:
				rule = RULE_K8S_PARSE_BINARY_FILE;
				break;
			case YERR_TEMPLATE:
				rule = RULE_K8S_PARSE_UNRENDERED_TEMPLATE;
				break;
			case YERR_NONE:
			case YERR_SYNTAX:
			case YERR_ENCODING:
			case YERR_LIMIT:
			case YERR_TAG:
			case YERR_IO:
				break;
			}
			error_finding(s, rule, &d);
			continue;
		}
		result_target_count(s->t, "documents", 1);
		scan_doc(s, &doc);
	}
	if (yload_encoding(y) != NULL)
		input_finding(s, RULE_K8S_PARSE_ENCODING, STATUS_FAIL, name, 0,
		    0,
		    k8s_fmt(&s->ctx,
		        "the file is %s with a byte-order mark; it was converted to UTF-8",
		        yload_encoding(y)),
		    yload_encoding(y));
	arena_reset(&s->arena);
}

static void
scan_file(struct scan_state *s, const char *path, const char *name)
{
	struct yload *y = NULL;
	struct rp_diag d;

	rp_diag_init(&d);
	if (yload_open(&y, path, name, &s->o->limits, &d) != 0) {
		error_finding(s, RULE_K8S_PARSE_ERROR, &d);
		result_gap(s->r, "k8s", name, d.msg);
		return;
	}
	scan_input(s, y, name);
	yload_free(y);
}

static int
wanted_ext(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot != NULL &&
	    (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0 ||
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

		rp_diag_fail(&d, rp_from_errno(errno), path, 0,
		    "cannot read: %s", strerror(errno));
		error_finding(s, RULE_K8S_PARSE_ERROR, &d);
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
		error_finding(s, RULE_K8S_PARSE_ERROR, &d);
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

/* Set up s for a scan of scope; returns 0 or RP_EINVAL (bad config). */
static int
scan_begin(struct scan_state *s, const struct k8s_opts *o, struct result *r,
    const char *scope, struct rp_diag *d)
{
	struct k8s_workload_kind *kinds = NULL;
	int err;

	memset(s, 0, sizeof(*s));
	s->o = o;
	s->r = r;
	if ((err = k8s_config_check(o->config, d)) != 0)
		return err;
	k8s_ctx_init(&s->ctx, r, o);
	if ((err = k8s_workload_kinds_config(ynode_get(o->config,
	                                         "workload-kinds"),
	         &s->ctx.keep, &kinds, &s->oo.nextra_kinds, d)) != 0) {
		k8s_ctx_release(&s->ctx);
		return err;
	}
	s->oo.extra_kinds = kinds;
	s->t = result_target_add(r, "k8s", scope);
	arena_init(&s->arena, 0);
	s->oo.assume_namespace = o->assume_namespace;
	s->ctx.scratch = &s->arena;
	return 0;
}

static void
scan_end(struct scan_state *s)
{
	k8s_ctx_finish(&s->ctx);
	k8s_ctx_release(&s->ctx);
	arena_release(&s->arena);
}

int
k8s_scan_paths(char *const *paths, size_t npaths, const struct k8s_opts *o,
    struct result *r, struct rp_diag *d)
{
	struct scan_state s;
	struct strbuf scope = STRBUF_INIT;
	size_t i;
	int err;

	for (i = 0; i < npaths; i++) {
		if (i > 0)
			strbuf_addstr(&scope, " ");
		strbuf_addstr(&scope,
		    strcmp(paths[i], "-") == 0 ? "<stdin>" : paths[i]);
	}
	err = scan_begin(&s, o, r, scope.buf, d);
	strbuf_release(&scope);
	if (err != 0)
		return err;
	for (i = 0; i < npaths; i++)
		scan_path(&s, paths[i], 1);
	scan_end(&s);
	return 0;
}

int
k8s_scan_mem(const void *data, size_t len, const char *name,
    const struct k8s_opts *o, struct result *r, struct rp_diag *d)
{
	struct scan_state s;
	struct yload *y = NULL;
	int err;

	if ((err = scan_begin(&s, o, r, name, d)) != 0)
		return err;
	if (yload_open_mem(&y, data, len, name, &o->limits) == 0) {
		scan_input(&s, y, name);
		yload_free(y);
	}
	scan_end(&s);
	return 0;
}
