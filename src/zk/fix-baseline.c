/*
 * fix-baseline.c - fix plans derived from the component baselines of
 * zk/baseline.h (`rampart zk fix --profile`).
 *
 * The target of a node is what makes `zk scan` with the same profiles
 * find the node at its baseline: exactly the baseline's required entries
 * (variables substituted, principals normalised), plus optional entries
 * the node already holds within their permissions.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "zk/baseline.h"
#include "zk/fix.h"

#include "util/banned.h"

struct bl_arg {
	const struct zk_baseline *b;
	struct rp_diag *d;
};

static int
has_id(const struct zk_acl *v, size_t n, const char *scheme, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].scheme, scheme) == 0 && strcmp(v[i].id, id) == 0)
			return 1;
	return 0;
}

static void
add_entry(struct zk_acl *v, size_t *n, int32_t perms, const char *scheme,
    const char *id)
{
	if (has_id(v, *n, scheme, id))
		return;
	v[*n].perms = perms;
	v[*n].scheme = scheme;
	v[*n].id = id;
	(*n)++;
}

static int
resolve_baseline(void *arg, struct zk_fix_item *it, struct arena *a)
{
	struct bl_arg *ba = arg;
	struct zk_bl_match m;
	struct zk_bl_entry *ex = NULL;
	struct zk_acl *t;
	size_t nex = 0, nt = 0, i, k;
	const char *why;
	int r;

	r = zk_baseline_expected_path(ba->b, it->path, a, &m, &ex, &nex, ba->d);
	if (r <= 0)
		return r;
	if (it->action == ZK_FIX_MISSING || it->action == ZK_FIX_UNREADABLE)
		return 1;
	if (m.rule->flags & ZK_BL_OPEN_OK) {
		zk_fix_item_classify(it, it->cur, it->ncur);
		return 1;
	}
	if (m.rule->flags & ZK_BL_NO_FIX) {
		it->action = ZK_FIX_SKIP;
		it->why = m.rule->note != NULL
		    ? arena_printf(a, "report-only in the %s baseline: %s",
		          m.inst->profile->name, m.rule->note)
		    : "report-only in the baseline";
		return 1;
	}
	t = arena_calloc(a, nex + it->ncur + 1, sizeof(*t));
	for (i = 0; i < nex; i++) {
		const struct zk_bl_entry *e = &ex[i];

		if (e->flags & ZK_BLE_OPTIONAL) {
			for (k = 0; k < it->ncur; k++)
				if (zk_bl_entry_matches(e, it->cur[k].scheme,
				        it->cur[k].id) &&
				    (it->cur[k].perms & ~e->acl.perms) == 0)
					add_entry(t, &nt, it->cur[k].perms,
					    it->cur[k].scheme, it->cur[k].id);
			continue;
		}
		if (!(e->flags & ZK_BLE_PATTERN)) {
			add_entry(t, &nt, e->acl.perms, e->acl.scheme,
			    e->acl.id);
			continue;
		}
		for (k = 0; k < it->ncur; k++)
			if (zk_bl_entry_matches(e, it->cur[k].scheme,
			        it->cur[k].id))
				break;
		if (k == it->ncur) {
			it->action = ZK_FIX_SKIP;
			it->why = arena_printf(a,
			    "the %s baseline names %s:%s, a pattern (host "
			    "unknown): give --principal-map",
			    m.inst->profile->name, e->acl.scheme, e->acl.id);
			return 1;
		}
		add_entry(t, &nt, e->acl.perms, it->cur[k].scheme,
		    it->cur[k].id);
	}
	if ((why = zk_acl_validate_target(t, nt)) != NULL) {
		it->action = ZK_FIX_SKIP;
		it->why = arena_printf(a, "the %s baseline ACL cannot be set: %s",
		    m.inst->profile->name, why);
		it->target = t;
		it->ntarget = nt;
		return 1;
	}
	zk_fix_item_classify(it, t, nt);
	return 1;
}

int
zk_fix_plan_baseline(struct zk_conn *c, const struct zk_baseline *b,
    struct zk_fix_plan *p, struct rp_diag *d)
{
	const struct zk_bl_inst *inst;
	struct zk_fix_root *roots;
	struct bl_arg ba = { b, d };
	size_t n, i, k, nr = 0;
	int r;

	inst = zk_baseline_instances(b, &n);
	roots = xreallocarray(NULL, n + 1, sizeof(*roots));
	for (i = 0; i < n; i++) {
		if (!inst[i].active)
			continue;
		for (k = 0; k < nr; k++)
			if (strcmp(roots[k].path, inst[i].root) == 0)
				break;
		if (k < nr)
			continue;
		roots[nr].path = inst[i].root;
		roots[nr].subtree = 1;
		roots[nr].report_missing = 0;
		nr++;
	}
	r = zk_fix_plan_walk(c, roots, nr, resolve_baseline, &ba, p, d);
	free(roots);
	return r;
}
