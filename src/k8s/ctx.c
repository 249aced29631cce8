/*
 * ctx.c - the context Kubernetes checks run in: rule switches, per-check
 * state, the keep arena for cross-object summaries, and finding helpers
 * that attach an object's file, line, display name and waivers.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "k8s/check.h"
#include "util/xmalloc.h"

#include "util/banned.h"

struct k8s_state {
	struct k8s_state *next;
	const char *name;
	void *data;
};

int
k8s_config_check(const struct ynode *section, struct rp_diag *d)
{
	size_t i, j, k;

	if (section == NULL || ynode_is_null(section))
		return 0;
	if (section->type != YNODE_MAP)
		return rp_diag_fail(d, RP_EINVAL, "configuration",
		    section->line, "k8s: must be a mapping");
	for (i = 0; i < section->n; i++) {
		const char *key = section->u.pairs[i].key->u.s;
		/* Keys of the object model itself (src/k8s/object.c). */
		int known = strcmp(key, "workload-kinds") == 0;

		for (j = 0; k8s_checks[j] != NULL && !known; j++) {
			const char *const *keys = k8s_checks[j]->config_keys;

			for (k = 0; keys != NULL && keys[k] != NULL; k++)
				if (strcmp(keys[k], key) == 0)
					known = 1;
		}
		if (!known)
			return rp_diag_fail(d, RP_EINVAL, "configuration",
			    section->u.pairs[i].key->line,
			    "unknown setting k8s: %s", key);
	}
	return 0;
}

void
k8s_ctx_init(struct k8s_ctx *ctx, struct result *r, const struct k8s_opts *opts)
{
	size_t i;

	memset(ctx, 0, sizeof(*ctx));
	ctx->r = r;
	ctx->opts = opts;
	ctx->level = r->policy.level;
	arena_init(&ctx->keep, 0);
	arena_init(&ctx->finish_scratch, 0);
	ctx->scratch = &ctx->finish_scratch;
	for (i = 0; i < RULE__COUNT; i++)
		ctx->on[i] =
		    (unsigned char)result_rule_enabled(r, (enum rule_id)i);
}

void
k8s_ctx_release(struct k8s_ctx *ctx)
{
	arena_release(&ctx->keep);
	arena_release(&ctx->finish_scratch);
	ctx->states = NULL;
}

void
k8s_ctx_object(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	struct arena *old = ctx->scratch;
	size_t i;

	ctx->scratch = obj->scratch;
	for (i = 0; k8s_checks[i] != NULL; i++)
		if (k8s_checks[i]->object != NULL)
			k8s_checks[i]->object(ctx, obj);
	ctx->scratch = old;
}

void
k8s_ctx_finish(struct k8s_ctx *ctx)
{
	size_t i;

	for (i = 0; k8s_checks[i] != NULL; i++) {
		ctx->scratch = &ctx->finish_scratch;
		if (k8s_checks[i]->finish != NULL)
			k8s_checks[i]->finish(ctx);
		arena_reset(&ctx->finish_scratch);
	}
}

void *
k8s_state(struct k8s_ctx *ctx, const char *name, size_t size)
{
	struct k8s_state *s;

	for (s = ctx->states; s != NULL; s = s->next)
		if (s->name == name || strcmp(s->name, name) == 0)
			return s->data;
	s = arena_calloc(&ctx->keep, 1, sizeof(*s));
	s->name = name;
	s->data = arena_calloc(&ctx->keep, 1, size ? size : 1);
	s->next = ctx->states;
	ctx->states = s;
	return s->data;
}

void
k8s_add(struct k8s_ctx *ctx, const struct k8s_ref *subj, const struct ynode *at,
    struct finding *f)
{
	if (!ctx->on[f->rule])
		return;
	if (subj != NULL) {
		if (f->file == NULL)
			f->file = subj->file;
		if (f->line == 0)
			f->line = subj->line;
		if (f->object == NULL)
			f->object = subj->display;
		if (f->status == STATUS_FAIL && subj->nwaivers > 0) {
			f->local_waivers = subj->waivers;
			f->nlocal_waivers = subj->nwaivers;
		}
	}
	if (at != NULL) {
		f->line = at->line;
		f->col = at->col;
	}
	result_add(ctx->r, f);
}

void
k8s_vfail(struct k8s_ctx *ctx, const struct k8s_ref *subj, enum rule_id rule,
    int severity, const struct ynode *at, const char *path,
    const char *evidence, const char *expected, const char *fmt, va_list ap)
{
	struct finding f = k8s_finding(rule, STATUS_FAIL);
	char buf[512], *msg = NULL;
	va_list copy;
	int n;

	if (!ctx->on[rule])
		return;
	/* Most messages fit the stack buffer: format once, no malloc. */
	va_copy(copy, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, copy);
	va_end(copy);
	if (n < 0 || (size_t)n >= sizeof(buf))
		msg = xvasprintf(fmt, ap);
	f.severity = severity;
	f.path = path;
	f.evidence = evidence;
	f.expected = expected;
	f.message = msg != NULL ? msg : buf;
	k8s_add(ctx, subj, at, &f);
	free(msg);
}

void
k8s_fail(struct k8s_ctx *ctx, const struct k8s_ref *subj, enum rule_id rule,
    int severity, const struct ynode *at, const char *path,
    const char *evidence, const char *expected, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	k8s_vfail(ctx, subj, rule, severity, at, path, evidence, expected, fmt,
	    ap);
	va_end(ap);
}

void
k8s_pass(struct k8s_ctx *ctx, const struct k8s_ref *subj, enum rule_id rule)
{
	struct finding f = k8s_finding(rule, STATUS_PASS);

	if (!ctx->on[rule])
		return;
	k8s_add(ctx, subj, NULL, &f);
}

void
k8s_na(struct k8s_ctx *ctx, const struct k8s_ref *subj, enum rule_id rule,
    const char *why)
{
	struct finding f = k8s_finding(rule, STATUS_NA);

	if (!ctx->on[rule])
		return;
	f.message = why;
	k8s_add(ctx, subj, NULL, &f);
}

const char *
k8s_fmt(struct k8s_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	{
		char *copy = arena_strdup(ctx->scratch, s);

		free(s);
		return copy;
	}
}

const char *
k8s_text(const struct ynode *n)
{
	if (n == NULL)
		return "unset";
	switch (n->type) {
	case YNODE_SCALAR:
		return ynode_is_null(n) ? "null" : n->u.s;
	case YNODE_SEQ:
		return "(list)";
	case YNODE_MAP:
		return "(map)";
	}
	return "?";
}

const char *
k8s_keep_str(struct k8s_ctx *ctx, const char *s)
{
	return s != NULL ? arena_strdup(&ctx->keep, s) : NULL;
}

const struct k8s_ref *
k8s_keep_ref(struct k8s_ctx *ctx, const struct k8s_ref *ref)
{
	struct k8s_ref *k = arena_alloc(&ctx->keep, sizeof(*k));
	size_t i;

	/* Many objects share a file: keep its name once. */
	if (ref->file == NULL) {
		k->file = NULL;
	} else if (ctx->last_file != NULL &&
	    strcmp(ctx->last_file, ref->file) == 0) {
		k->file = ctx->last_file;
	} else {
		k->file = k8s_keep_str(ctx, ref->file);
		ctx->last_file = k->file;
	}
	k->line = ref->line;
	k->kind = k8s_keep_str(ctx, ref->kind);
	k->ns = k8s_keep_str(ctx, ref->ns);
	k->name = k8s_keep_str(ctx, ref->name);
	k->display = k8s_keep_str(ctx, ref->display);
	k->nwaivers = ref->nwaivers;
	k->waivers = NULL;
	if (ref->nwaivers > 0) {
		k->waivers = arena_calloc(&ctx->keep, ref->nwaivers,
		    sizeof(*k->waivers));
		for (i = 0; i < ref->nwaivers; i++) {
			const struct waiver *w = &ref->waivers[i];
			struct waiver *c = &k->waivers[i];

			c->rule = arena_strdup(&ctx->keep, w->rule);
			c->subject = arena_strdup(&ctx->keep, w->subject);
			c->justification =
			    arena_strdup(&ctx->keep, w->justification);
			memcpy(c->expires, w->expires, sizeof(c->expires));
			c->source = arena_strdup(&ctx->keep, w->source);
			c->matched = w->matched;
		}
	}
	return k;
}

void
k8s_keep_labels(struct k8s_ctx *ctx, struct k8s_labels *out,
    const struct ynode *map)
{
	k8s_labels_from(out, &ctx->keep, map);
}

void
k8s_keep_selector(struct k8s_ctx *ctx, struct k8s_selector *out,
    const struct ynode *node)
{
	k8s_selector_compile(out, &ctx->keep, node);
}

const struct ynode *
k8s_config(const struct k8s_ctx *ctx, const char *key)
{
	return ynode_get(ctx->opts->config, key);
}

const char **
k8s_config_strv(struct k8s_ctx *ctx, const char *key, size_t *n)
{
	const struct ynode *v = k8s_config(ctx, key);
	const char **out;
	size_t i;

	*n = 0;
	if (ynode_is_null(v))
		return NULL;
	if (v->type == YNODE_SCALAR) {
		out = arena_alloc(&ctx->keep, sizeof(*out));
		out[0] = v->u.s;
		*n = 1;
		return out;
	}
	if (v->type != YNODE_SEQ || v->n == 0)
		return NULL;
	out = arena_alloc(&ctx->keep, v->n * sizeof(*out));
	for (i = 0; i < v->n; i++) {
		const char *s = ynode_str(v->u.items[i]);

		if (s != NULL)
			out[(*n)++] = s;
	}
	return out;
}
