/*
 * check-resources.c - k8s/resources-missing (APP.4.4.A4 resources, A1 CPU
 * separation; reference §2.3 B).
 *
 * Requests and limits are checked per container of classes C, I and S
 * (the API forbids resources on ephemeral containers).  A request that is
 * unset but has a limit is defaulted to the limit by the API server, and
 * pod-level spec.resources covers every container.  A LimitRange of type
 * Container in the same namespace injects defaults; it may come later in
 * the input than the workload, so containers that miss something are kept
 * (a compact summary) and decided in the finish hook.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "k8s/check.h"
#include "k8s/wl.h"
#include "util/strbuf.h"

#include "util/banned.h"

enum res {
	REQ_CPU = 1 << 0,
	REQ_MEM = 1 << 1,
	LIM_MEM = 1 << 2,
	LIM_CPU = 1 << 3,
};
#define RES_MANDATORY (REQ_CPU | REQ_MEM | LIM_MEM)

struct res_container {
	struct res_container *next;
	const char *name, *path, *cls;
	unsigned line, col;
	unsigned missing; /* enum res */
};

struct res_workload {
	struct res_workload *next;
	const struct k8s_ref *ref;
	struct res_container *containers;
};

struct res_limitrange {
	struct res_limitrange *next;
	const char *ns;
	const char *name;
	unsigned provides; /* enum res */
};

struct res_state {
	struct res_workload *pending, **tail;
	struct res_limitrange *ranges;
};

static int
has(const struct ynode *map, const char *key)
{
	return !ynode_is_null(ynode_get(map, key));
}

/* What the four resource fields of a resources: map provide. */
static unsigned
provided(const struct ynode *res)
{
	const struct ynode *req = ynode_get(res, "requests");
	const struct ynode *lim = ynode_get(res, "limits");
	unsigned p = 0;

	if (has(lim, "cpu"))
		p |= LIM_CPU | REQ_CPU; /* requests default to limits */
	if (has(lim, "memory"))
		p |= LIM_MEM | REQ_MEM;
	if (has(req, "cpu"))
		p |= REQ_CPU;
	if (has(req, "memory"))
		p |= REQ_MEM;
	return p;
}

static void
add_names(struct strbuf *sb, unsigned m)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{ REQ_CPU, "requests.cpu" },
		{ REQ_MEM, "requests.memory" },
		{ LIM_MEM, "limits.memory" },
		{ LIM_CPU, "limits.cpu" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(m & names[i].bit))
			continue;
		if (sb->len > 0)
			strbuf_addstr(sb, ", ");
		strbuf_addstr(sb, names[i].name);
	}
}

/* A LimitRange: which defaults it injects into containers. */
static void
limitrange(struct k8s_ctx *ctx, struct res_state *st,
    const struct k8s_object *o)
{
	const struct ynode *limits = ynode_path(o->root, "spec.limits");
	struct res_limitrange *lr;
	unsigned p = 0;
	size_t i;

	for (i = 0;
	     limits != NULL && limits->type == YNODE_SEQ && i < limits->n;
	     i++) {
		const struct ynode *l = limits->u.items[i];
		const char *type = ynode_get_str(l, "type");
		const struct ynode *def = ynode_get(l, "default");
		const struct ynode *defreq = ynode_get(l, "defaultRequest");
		const struct ynode *max = ynode_get(l, "max");
		const struct ynode *min = ynode_get(l, "min");

		if (type == NULL || strcmp(type, "Container") != 0)
			continue;
		/*
		 * API defaulting: default limit falls back to max; default
		 * request to defaultRequest, then the default limit, then min.
		 */
		if (has(def, "cpu") || has(max, "cpu"))
			p |= LIM_CPU | REQ_CPU;
		if (has(def, "memory") || has(max, "memory"))
			p |= LIM_MEM | REQ_MEM;
		if (has(defreq, "cpu") || has(min, "cpu"))
			p |= REQ_CPU;
		if (has(defreq, "memory") || has(min, "memory"))
			p |= REQ_MEM;
	}
	if (p == 0)
		return;
	lr = arena_calloc(&ctx->keep, 1, sizeof(*lr));
	lr->ns = k8s_keep_str(ctx, o->ns);
	lr->name = k8s_keep_str(ctx, o->name);
	lr->provides = p;
	lr->next = st->ranges;
	st->ranges = lr;
}

static void
resources_object(struct k8s_ctx *ctx, const struct k8s_object *o)
{
	struct res_state *st;
	struct res_workload *wl = NULL;
	struct res_container **ctail = NULL;
	struct k8s_citer it;
	struct k8s_container c;
	unsigned pod;

	if (!k8s_on(ctx, RULE_K8S_RESOURCES_MISSING))
		return;
	st = k8s_state(ctx, "resources", sizeof(*st));
	if (st->tail == NULL)
		st->tail = &st->pending;
	if (strcmp(o->kind, "LimitRange") == 0 && o->group[0] == '\0') {
		limitrange(ctx, st, o);
		return;
	}
	if (o->pod_spec == NULL)
		return;
	pod = provided(ynode_get(o->pod_spec, "resources"));
	k8s_citer_init(&it, o, K8S_C_APP | K8S_C_INIT | K8S_C_SIDECAR);
	while (k8s_citer_next(&it, &c)) {
		const struct ynode *res = ynode_get(c.node, "resources");
		unsigned missing =
		    (RES_MANDATORY | LIM_CPU) & ~(provided(res) | pod);
		struct res_container *rc;

		if (missing == 0)
			continue;
		if (wl == NULL) {
			wl = arena_calloc(&ctx->keep, 1, sizeof(*wl));
			wl->ref = k8s_keep_ref(ctx, &o->ref);
			*st->tail = wl;
			st->tail = &wl->next;
			ctail = &wl->containers;
		}
		rc = arena_calloc(&ctx->keep, 1, sizeof(*rc));
		rc->name = k8s_keep_str(ctx, c.name);
		rc->path = k8s_keep_str(ctx, k8s_cpath(o, &c, "resources"));
		rc->cls = k8s_cclass_name(c.cls);
		rc->line = res != NULL ? res->line : c.node->line;
		rc->col = res != NULL ? res->col : c.node->col;
		rc->missing = missing;
		*ctail = rc;
		ctail = &rc->next;
	}
	if (wl == NULL)
		k8s_pass(ctx, &o->ref, RULE_K8S_RESOURCES_MISSING);
}

static void
resources_finish(struct k8s_ctx *ctx)
{
	struct res_state *st = k8s_state(ctx, "resources", sizeof(*st));
	int cpu_limit = 1, b;
	struct res_workload *wl;

	if (k8s_get_bool(k8s_config(ctx, "require-cpu-limit"), &b))
		cpu_limit = b;
	for (wl = st->pending; wl != NULL; wl = wl->next) {
		struct res_container *rc;
		unsigned lr = 0;
		const char *lr_name = NULL;
		const struct res_limitrange *r;
		int fired = 0;

		for (r = st->ranges; r != NULL; r = r->next)
			if (wl->ref->ns != NULL &&
			    strcmp(r->ns, wl->ref->ns) == 0) {
				lr |= r->provides;
				lr_name = r->name;
			}
		for (rc = wl->containers; rc != NULL; rc = rc->next) {
			unsigned left = rc->missing & ~lr;
			struct finding f =
			    k8s_finding(RULE_K8S_RESOURCES_MISSING,
			        STATUS_FAIL);
			struct strbuf miss = STRBUF_INIT;
			const char *msg;

			if (!cpu_limit)
				left &= ~(unsigned)LIM_CPU;
			if (left == 0)
				continue;
			add_names(&miss, left);
			if (!(left & RES_MANDATORY))
				f.severity = SEV_LOW;
			msg = k8s_fmt(ctx, "%s %s sets no %s%s%s", rc->cls,
			    rc->name, miss.buf,
			    lr_name != NULL ? "; LimitRange " : "",
			    lr_name != NULL ?
			        k8s_fmt(ctx, "%s does not default it",
			            lr_name) :
			        "");
			f.line = rc->line;
			f.col = rc->col;
			f.path = rc->path;
			f.message = msg;
			f.evidence = k8s_fmt(ctx, "missing %s", miss.buf);
			f.expected =
			    "requests.cpu, requests.memory, limits.memory (and limits.cpu), or a LimitRange with defaults in the namespace";
			k8s_add(ctx, wl->ref, NULL, &f);
			strbuf_release(&miss);
			fired = 1;
		}
		if (!fired)
			k8s_pass(ctx, wl->ref, RULE_K8S_RESOURCES_MISSING);
	}
}

static const char *const resources_keys[] = { "require-cpu-limit", NULL };

const struct k8s_check k8s_check_resources = {
	.name = "resources",
	.object = resources_object,
	.finish = resources_finish,
	.config_keys = resources_keys,
};
