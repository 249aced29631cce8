/*
 * index.c - record compact summaries of the objects cross-object rules
 * need (see index.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "k8s/index.h"

#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

#include "util/banned.h"

struct kx_index *
kx_index(struct k8s_ctx *ctx)
{
	return k8s_state(ctx, "kx_index", sizeof(struct kx_index));
}

static size_t
hash_str(const char *s)
{
	size_t h = 5381;

	for (; *s != '\0'; s++)
		h = h * 33 ^ (unsigned char)*s;
	return h;
}

static void
ns_rehash(struct k8s_ctx *ctx, struct kx_index *x)
{
	size_t size = x->tab_size ? x->tab_size * 2 : 64;
	struct kx_bucket *tab = arena_calloc(&ctx->keep, size, sizeof(*tab));
	struct kx_ns *ns;

	for (ns = x->first; ns != NULL; ns = ns->next) {
		size_t h = hash_str(ns->name) & (size - 1);

		ns->hash_next = tab[h].head;
		tab[h].head = ns;
	}
	x->tab = tab;
	x->tab_size = size;
}

void
kx_set_init(struct kx_set *s, struct arena *a)
{
	memset(s, 0, sizeof(*s));
	s->arena = a;
}

struct kx_set_ent *
kx_set_add(struct kx_set *s, const char *key, int *added)
{
	size_t h;

	if (added != NULL)
		*added = 0;
	if (s->n + 1 > s->size / 2) {
		size_t i;
		size_t size = s->size ? s->size * 2 : 64;
		struct kx_set_ent *tab =
		    arena_calloc(s->arena, size, sizeof(*tab));

		for (i = 0; i < s->size; i++) {
			if (s->tab[i].key == NULL)
				continue;
			h = hash_str(s->tab[i].key) & (size - 1);
			while (tab[h].key != NULL)
				h = (h + 1) & (size - 1);
			tab[h] = s->tab[i];
		}
		s->tab = tab;
		s->size = size;
	}
	h = hash_str(key) & (s->size - 1);
	while (s->tab[h].key != NULL) {
		if (strcmp(s->tab[h].key, key) == 0)
			return &s->tab[h];
		h = (h + 1) & (s->size - 1);
	}
	s->tab[h].key = key;
	s->tab[h].val = NULL;
	s->n++;
	if (added != NULL)
		*added = 1;
	return &s->tab[h];
}

const char *
kx_intern(struct k8s_ctx *ctx, const char *s)
{
	struct kx_index *x = kx_index(ctx);
	struct kx_set_ent *e;
	int added;

	if (s == NULL)
		return NULL;
	if (x->strings.arena == NULL)
		kx_set_init(&x->strings, &ctx->keep);
	e = kx_set_add(&x->strings, s, &added);
	if (added)
		e->key = arena_strdup(&ctx->keep, s);
	return e->key;
}

struct kx_wlbucket {
	struct kx_wlref *v;
	size_t n, alloc;
};

static void
bucket_push(struct k8s_ctx *ctx, struct kx_wlbucket *b, struct kx_workload *w)
{
	if (b->n == b->alloc) {
		size_t na = b->alloc ? b->alloc * 2 : 4;
		struct kx_wlref *nv =
		    arena_alloc(ctx->scratch, na * sizeof(*nv));

		if (b->n > 0)
			memcpy(nv, b->v, b->n * sizeof(*nv));
		b->v = nv;
		b->alloc = na;
	}
	b->v[b->n++].w = w;
}

void
kx_buckets_build(struct k8s_ctx *ctx, const struct kx_ns *ns,
    struct kx_buckets *b)
{
	struct kx_workload *w;
	size_t i;

	b->ns = ns;
	kx_set_init(&b->set, ctx->scratch);
	for (w = ns->workloads.first; w != NULL; w = w->next)
		for (i = 0; i < w->labels.n; i++) {
			struct kx_set_ent *e;
			int added;

			e = kx_set_add(&b->set,
			    k8s_fmt(ctx, "%s\037%s", w->labels.kv[2 * i],
			        w->labels.kv[2 * i + 1]),
			    &added);
			if (added)
				e->val = arena_calloc(ctx->scratch, 1,
				    sizeof(struct kx_wlbucket));
			bucket_push(ctx, e->val, w);
		}
}

/* The bucket of key=value, or NULL. */
static const struct kx_wlbucket *
bucket_get(struct k8s_ctx *ctx, const struct kx_buckets *b, const char *key,
    const char *value)
{
	const char *k = k8s_fmt(ctx, "%s\037%s", key, value);
	size_t h;

	if (b->set.size == 0)
		return NULL;
	h = hash_str(k) & (b->set.size - 1);
	while (b->set.tab[h].key != NULL) {
		if (strcmp(b->set.tab[h].key, k) == 0)
			return b->set.tab[h].val;
		h = (h + 1) & (b->set.size - 1);
	}
	return NULL;
}

size_t
kx_selected(struct k8s_ctx *ctx, const struct kx_buckets *b,
    const struct k8s_selector *sel, enum k8s_sel_empty empty,
    struct kx_wlref **out)
{
	const struct k8s_selreq *best = NULL;
	size_t best_n = (size_t)-1, n = 0, i, j;
	struct kx_wlref *v;
	struct kx_workload *w;

	*out = NULL;
	if (!sel->present || sel->invalid ||
	    (sel->n == 0 && empty == K8S_EMPTY_NONE))
		return 0;
	/* the In requirement with the fewest candidates */
	for (i = 0; i < sel->n; i++) {
		const struct k8s_selreq *r = &sel->req[i];
		size_t c = 0;

		if (r->op != K8S_SEL_IN)
			continue;
		for (j = 0; j < r->nvalues; j++) {
			const struct kx_wlbucket *bk =
			    bucket_get(ctx, b, r->key, r->values[j]);

			c += bk != NULL ? bk->n : 0;
		}
		if (c < best_n) {
			best_n = c;
			best = r;
		}
	}
	if (best == NULL) {
		v = arena_alloc(ctx->scratch,
		    (b->ns->workloads.n + 1) * sizeof(*v));
		for (w = b->ns->workloads.first; w != NULL; w = w->next)
			if (k8s_selector_matches(sel, &w->labels, empty))
				v[n++].w = w;
		*out = v;
		return n;
	}
	v = arena_alloc(ctx->scratch, (best_n + 1) * sizeof(*v));
	for (j = 0; j < best->nvalues; j++) {
		const struct kx_wlbucket *bk =
		    bucket_get(ctx, b, best->key, best->values[j]);

		/* values of one key are disjoint: no workload twice */
		for (i = 0; bk != NULL && i < bk->n; i++)
			if (k8s_selector_matches(sel, &bk->v[i].w->labels,
			        empty))
				v[n++] = bk->v[i];
	}
	*out = v;
	return n;
}

/*
 * Labels with interned keys (few distinct ones) and copied values (often
 * unique per application); see k8s_labels_from().
 */
static void
keep_labels(struct k8s_ctx *ctx, struct k8s_labels *out,
    const struct ynode *map)
{
	size_t i, n = 0;

	out->kv = NULL;
	out->n = 0;
	if (map == NULL || map->type != YNODE_MAP || map->n == 0)
		return;
	out->kv =
	    arena_alloc(&ctx->keep, (size_t)map->n * 2 * sizeof(*out->kv));
	for (i = 0; i < map->n; i++) {
		const struct ynode *v = map->u.pairs[i].val;

		if (v->type != YNODE_SCALAR)
			continue;
		out->kv[2 * n] = kx_intern(ctx, map->u.pairs[i].key->u.s);
		out->kv[2 * n + 1] = arena_strdup(&ctx->keep, v->u.s);
		n++;
	}
	out->n = n;
}

struct kx_ns *
kx_ns_get(struct k8s_ctx *ctx, const char *name, int create)
{
	struct kx_index *x = kx_index(ctx);
	struct kx_ns *ns;
	size_t h;

	if (x->tab_size > 0) {
		h = hash_str(name) & (x->tab_size - 1);
		for (ns = x->tab[h].head; ns != NULL; ns = ns->hash_next)
			if (strcmp(ns->name, name) == 0)
				return ns;
	}
	if (!create)
		return NULL;
	if (x->nns + 1 > x->tab_size / 2)
		ns_rehash(ctx, x);
	ns = arena_calloc(&ctx->keep, 1, sizeof(*ns));
	ns->name = k8s_keep_str(ctx, name);
	if (x->last != NULL)
		x->last->next = ns;
	else
		x->first = ns;
	x->last = ns;
	x->nns++;
	h = hash_str(name) & (x->tab_size - 1);
	ns->hash_next = x->tab[h].head;
	x->tab[h].head = ns;
	return ns;
}

const char *
kx_where(struct k8s_ctx *ctx, const struct k8s_ref *subj,
    const struct k8s_ref *other, unsigned line)
{
	if (line == 0)
		line = other->line;
	if (other->file != NULL && subj->file != NULL &&
	    strcmp(other->file, subj->file) == 0)
		return k8s_fmt(ctx, "line %u", line);
	return k8s_fmt(ctx, "%s:%u", other->file != NULL ? other->file : "?",
	    line);
}

const struct k8s_ref *
kx_ns_ref(struct k8s_ctx *ctx, const struct kx_ns *ns)
{
	struct k8s_ref *r;

	if (ns->obj != NULL)
		return ns->obj->ref;
	r = arena_calloc(ctx->scratch, 1, sizeof(*r));
	r->kind = "Namespace";
	r->name = ns->name;
	r->display = k8s_fmt(ctx, "Namespace %s", ns->name);
	if (ns->workloads.first != NULL) {
		r->file = ns->workloads.first->ref->file;
		r->line = ns->workloads.first->ref->line;
	}
	return r;
}

const char **
kx_keep_strv(struct k8s_ctx *ctx, const struct ynode *seq, size_t *n)
{
	const char **v;
	size_t i;

	*n = 0;
	if (seq == NULL || seq->type != YNODE_SEQ || seq->n == 0)
		return NULL;
	v = arena_alloc(&ctx->keep, seq->n * sizeof(*v));
	for (i = 0; i < seq->n; i++) {
		const char *s = ynode_str(seq->u.items[i]);

		if (s != NULL && !ynode_is_null(seq->u.items[i]))
			v[(*n)++] = k8s_keep_str(ctx, s);
	}
	return v;
}

const char *
kx_app_id(struct k8s_ctx *ctx, const struct k8s_labels *l)
{
	static const char *const defaults[] = { "app.kubernetes.io/part-of",
		"app.kubernetes.io/name", "app", "k8s-app" };
	const char **keys;
	size_t n, i;

	keys = k8s_config_strv(ctx, "app-labels", &n);
	if (n == 0) {
		for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
			const char *v = k8s_labels_get(l, defaults[i]);

			if (v != NULL && *v != '\0')
				return v;
		}
		return NULL;
	}
	for (i = 0; i < n; i++) {
		const char *v = k8s_labels_get(l, keys[i]);

		if (v != NULL && *v != '\0')
			return v;
	}
	return NULL;
}

static int
is_kind(const struct k8s_object *obj, const char *group, const char *kind)
{
	return strcmp(obj->kind, kind) == 0 && strcmp(obj->group, group) == 0;
}

/* True when obj is managed by a controller whose own object is the subject. */
static int
controller_owned(const struct k8s_object *obj)
{
	const struct ynode *owners =
	    ynode_get(obj->metadata, "ownerReferences");
	size_t i;

	for (i = 0; i < ynode_len(owners); i++) {
		int c;

		if (k8s_get_bool(ynode_get(ynode_item(owners, i), "controller"),
		        &c) &&
		    c)
			return 1;
	}
	return 0;
}

/* -1 when unset, else the boolean value. */
static int
tristate(const struct ynode *n)
{
	int v;

	return k8s_get_bool(n, &v) ? v : -1;
}

/* RBAC */

static const char **
keep_strv_or_empty(struct k8s_ctx *ctx, const struct ynode *seq, size_t *n)
{
	return kx_keep_strv(ctx, seq, n);
}

static void
index_role(struct k8s_ctx *ctx, const struct k8s_object *obj, int cluster)
{
	struct kx_index *x = kx_index(ctx);
	struct kx_role *role = arena_calloc(&ctx->keep, 1, sizeof(*role));
	const struct ynode *rules = ynode_path(obj->root, "rules");
	const struct ynode *agg =
	    ynode_path(obj->root, "aggregationRule.clusterRoleSelectors");
	size_t i;

	role->ref = k8s_keep_ref(ctx, &obj->ref);
	role->cluster = cluster;
	role->ns = role->ref->ns;
	role->name = role->ref->name;
	k8s_keep_labels(ctx, &role->labels, obj->labels);
	role->bootstrap = obj->labels != NULL &&
	    ynode_get_str(obj->labels, "kubernetes.io/bootstrapping") != NULL &&
	    strcmp(ynode_get_str(obj->labels, "kubernetes.io/bootstrapping"),
	        "rbac-defaults") == 0;
	if (rules != NULL && rules->type == YNODE_SEQ && rules->n > 0) {
		role->rules =
		    arena_calloc(&ctx->keep, rules->n, sizeof(*role->rules));
		for (i = 0; i < rules->n; i++) {
			const struct ynode *r = rules->u.items[i];
			struct rbac_rule *rr = &role->rules[role->nrules];

			if (r->type != YNODE_MAP)
				continue;
			rr->verbs = keep_strv_or_empty(ctx,
			    ynode_get(r, "verbs"), &rr->nverbs);
			rr->groups = keep_strv_or_empty(ctx,
			    ynode_get(r, "apiGroups"), &rr->ngroups);
			rr->resources = keep_strv_or_empty(ctx,
			    ynode_get(r, "resources"), &rr->nresources);
			rr->names = keep_strv_or_empty(ctx,
			    ynode_get(r, "resourceNames"), &rr->nnames);
			rr->urls = keep_strv_or_empty(ctx,
			    ynode_get(r, "nonResourceURLs"), &rr->nurls);
			rr->line = r->line;
			rr->col = r->col;
			rr->index = (unsigned)i;
			role->nrules++;
		}
	}
	if (cluster && ynode_path(obj->root, "aggregationRule") != NULL) {
		role->has_agg = 1;
		if (agg != NULL && agg->type == YNODE_SEQ && agg->n > 0) {
			role->agg = arena_calloc(&ctx->keep, agg->n,
			    sizeof(*role->agg));
			for (i = 0; i < agg->n; i++)
				k8s_keep_selector(ctx, &role->agg[role->nagg++],
				    agg->u.items[i]);
		}
	}
	if (cluster) {
		KX_APPEND(&x->croles, role);
	} else {
		struct kx_ns *ns = kx_ns_get(ctx, obj->ns, 1);

		KX_APPEND(&ns->roles, role);
	}
}

static enum kx_subject_kind
subject_kind(const char *k)
{
	if (k == NULL)
		return KX_SUBJ_OTHER;
	if (strcmp(k, "User") == 0)
		return KX_SUBJ_USER;
	if (strcmp(k, "Group") == 0)
		return KX_SUBJ_GROUP;
	if (strcmp(k, "ServiceAccount") == 0)
		return KX_SUBJ_SA;
	return KX_SUBJ_OTHER;
}

static void
index_binding(struct k8s_ctx *ctx, const struct k8s_object *obj, int cluster)
{
	struct kx_index *x = kx_index(ctx);
	struct kx_binding *b = arena_calloc(&ctx->keep, 1, sizeof(*b));
	const struct ynode *ref = ynode_get(obj->root, "roleRef");
	const struct ynode *subj = ynode_get(obj->root, "subjects");
	const char *boot;

	b->ref = k8s_keep_ref(ctx, &obj->ref);
	b->cluster = cluster;
	b->ns = b->ref->ns;
	b->name = b->ref->name;
	boot = ynode_get_str(obj->labels, "kubernetes.io/bootstrapping");
	b->bootstrap = boot != NULL && strcmp(boot, "rbac-defaults") == 0;
	b->role_kind = k8s_keep_str(ctx, ynode_get_str(ref, "kind"));
	b->role_name = k8s_keep_str(ctx, ynode_get_str(ref, "name"));
	b->role_line = ref != NULL ? ref->line : 0;
	if (subj != NULL && subj->type == YNODE_SEQ && subj->n > 0) {
		size_t i;

		b->subjects =
		    arena_calloc(&ctx->keep, subj->n, sizeof(*b->subjects));
		for (i = 0; i < subj->n; i++) {
			const struct ynode *s = subj->u.items[i];
			struct kx_subject *ks = &b->subjects[b->nsubjects];
			const char *name = ynode_get_str(s, "name");
			const char *ns = ynode_get_str(s, "namespace");

			if (s->type != YNODE_MAP || name == NULL)
				continue;
			ks->kind = subject_kind(ynode_get_str(s, "kind"));
			ks->name = k8s_keep_str(ctx, name);
			ks->line = s->line;
			if (ks->kind == KX_SUBJ_SA) {
				if (ns != NULL && *ns != '\0')
					ks->ns = k8s_keep_str(ctx, ns);
				else if (!cluster)
					ks->ns = b->ns; /* defaults to the
					                   binding's */
				else
					ks->ns_missing = 1;
			}
			b->nsubjects++;
		}
	}
	KX_APPEND(&x->bindings, b);
}

/* Service accounts and their tokens */

static void
index_sa(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	struct kx_ns *ns = kx_ns_get(ctx, obj->ns, 1);
	struct kx_sa *sa = arena_calloc(&ctx->keep, 1, sizeof(*sa));

	sa->ref = k8s_keep_ref(ctx, &obj->ref);
	sa->name = sa->ref->name;
	sa->automount =
	    tristate(ynode_get(obj->root, "automountServiceAccountToken"));
	KX_APPEND(&ns->sas, sa);
}

static void
index_secret(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	const char *type = ynode_get_str(obj->root, "type");
	struct kx_ns *ns;

	if (type == NULL ||
	    strcmp(type, "kubernetes.io/service-account-token") != 0)
		return;
	ns = kx_ns_get(ctx, obj->ns, 1);
	if (ns->ntoken_secrets == ns->token_secrets_alloc) {
		size_t na =
		    ns->token_secrets_alloc ? ns->token_secrets_alloc * 2 : 4;
		const char **v = arena_alloc(&ctx->keep, na * sizeof(*v));

		if (ns->ntoken_secrets > 0)
			memcpy(v, ns->token_secrets,
			    ns->ntoken_secrets * sizeof(*v));
		ns->token_secrets = v;
		ns->token_secrets_alloc = na;
	}
	ns->token_secrets[ns->ntoken_secrets++] = k8s_keep_str(ctx, obj->name);
}

/* Workloads */

static int
is_zone_key(struct k8s_ctx *ctx, const char *key)
{
	const char **extra;
	size_t n, i;

	if (key == NULL)
		return 0;
	if (strcmp(key, "topology.kubernetes.io/zone") == 0 ||
	    strcmp(key, "failure-domain.beta.kubernetes.io/zone") == 0)
		return 1;
	extra = k8s_config_strv(ctx, "zone-keys", &n);
	for (i = 0; i < n; i++)
		if (strcmp(extra[i], key) == 0)
			return 1;
	return 0;
}

static int
is_host_key(const char *key)
{
	return key != NULL && strcmp(key, "kubernetes.io/hostname") == 0;
}

/*
 * Does a spreading term (its labelSelector) count the template's own pods?
 * Without that the constraint spreads some other set of pods.
 */
static int
term_selects_self(struct k8s_ctx *ctx, const struct ynode *sel,
    const struct k8s_labels *own)
{
	struct k8s_selector s;

	k8s_selector_compile(&s, ctx->scratch, sel);
	return own->n > 0 && k8s_selector_matches(&s, own, K8S_EMPTY_ALL);
}

static void
better_spread(struct kx_workload *w, int level, const char *note, unsigned line)
{
	if (level > w->spread) {
		w->spread = level;
		w->spread_note = note;
		w->spread_line = line;
	}
}

/* The zone-spread verdict of reference §2.3 K (no-zone-spread). */
static void
spread_verdict(struct k8s_ctx *ctx, const struct k8s_object *obj,
    struct kx_workload *w, const struct k8s_labels *own)
{
	const struct ynode *tsc =
	    ynode_get(obj->pod_spec, "topologySpreadConstraints");
	const struct ynode *aa =
	    ynode_path(obj->pod_spec, "affinity.podAntiAffinity");
	size_t i;

	w->spread = KX_SPREAD_NONE;
	for (i = 0; i < ynode_len(tsc); i++) {
		const struct ynode *c = ynode_item(tsc, i);
		const char *key = ynode_get_str(c, "topologyKey");
		const char *when = ynode_get_str(c, "whenUnsatisfiable");
		int soft = when != NULL && strcmp(when, "ScheduleAnyway") == 0;

		if (!term_selects_self(ctx, ynode_get(c, "labelSelector"), own))
			continue;
		if (is_zone_key(ctx, key))
			better_spread(w,
			    soft ? KX_SPREAD_ZONE_SOFT : KX_SPREAD_ZONE,
			    soft ?
			        "topology spread on a zone key with whenUnsatisfiable: ScheduleAnyway (soft: the scheduler may still place all replicas in one zone)" :
			        "topology spread on a zone key",
			    c->line);
		else if (is_host_key(key))
			better_spread(w, KX_SPREAD_HOST_ONLY,
			    "topology spread over kubernetes.io/hostname only: protects against node loss, not zone loss",
			    c->line);
	}
	if (aa != NULL) {
		const struct ynode *req = ynode_get(aa,
		    "requiredDuringSchedulingIgnoredDuringExecution");
		const struct ynode *pref = ynode_get(aa,
		    "preferredDuringSchedulingIgnoredDuringExecution");

		for (i = 0; i < ynode_len(req); i++) {
			const struct ynode *t = ynode_item(req, i);
			const char *key = ynode_get_str(t, "topologyKey");

			if (!term_selects_self(ctx,
			        ynode_get(t, "labelSelector"), own))
				continue;
			if (is_zone_key(ctx, key))
				better_spread(w, KX_SPREAD_ZONE,
				    "required pod anti-affinity on a zone key",
				    t->line);
			else if (is_host_key(key))
				better_spread(w, KX_SPREAD_HOST_ONLY,
				    "pod anti-affinity over kubernetes.io/hostname only: protects against node loss, not zone loss",
				    t->line);
		}
		for (i = 0; i < ynode_len(pref); i++) {
			const struct ynode *p = ynode_item(pref, i);
			const struct ynode *t = ynode_get(p, "podAffinityTerm");
			const char *key = ynode_get_str(t, "topologyKey");

			if (!term_selects_self(ctx,
			        ynode_get(t, "labelSelector"), own))
				continue;
			/* preferred anti-affinity is accepted (kube-score #297)
			 */
			if (is_zone_key(ctx, key))
				better_spread(w, KX_SPREAD_ZONE,
				    "preferred pod anti-affinity on a zone key",
				    p->line);
			else if (is_host_key(key))
				better_spread(w, KX_SPREAD_HOST_ONLY,
				    "preferred pod anti-affinity over kubernetes.io/hostname only: protects against node loss, not zone loss",
				    p->line);
		}
	}
}

static int
looks_control_plane(const struct k8s_object *obj, const struct k8s_labels *own)
{
	static const char *const comps[] = { "kube-apiserver", "etcd",
		"kube-controller-manager", "kube-scheduler" };
	const char *c = k8s_labels_get(own, "component");
	const char *tier = k8s_labels_get(own, "tier");
	size_t i;

	if (tier != NULL && strcmp(tier, "control-plane") == 0)
		return 1;
	for (i = 0; c != NULL && i < sizeof(comps) / sizeof(comps[0]); i++)
		if (strcmp(c, comps[i]) == 0)
			return 1;
	for (i = 0; i < obj->ncontainers; i++) {
		const char *img =
		    ynode_get_str(obj->containers[i].node, "image");

		if (img != NULL &&
		    (strstr(img, "kube-apiserver") != NULL ||
		        strstr(img, "/etcd:") != NULL))
			return 1;
	}
	return 0;
}

static int
etcd_snapshot_command(const struct k8s_object *obj)
{
	size_t i, j;

	for (i = 0; i < obj->ncontainers; i++) {
		const struct ynode *c = obj->containers[i].node;
		const char *lists[] = { "command", "args" };
		int etcdctl = 0, snapshot = 0, save = 0;

		for (j = 0; j < 2; j++) {
			const struct ynode *l = ynode_get(c, lists[j]);
			size_t k;

			for (k = 0; k < ynode_len(l); k++) {
				const char *s = ynode_str(ynode_item(l, k));

				if (s == NULL)
					continue;
				if (strstr(s, "etcdctl") != NULL)
					etcdctl = 1;
				if (strstr(s, "etcdutl") != NULL)
					etcdctl = save = 1;
				if (strstr(s, "snapshot") != NULL)
					snapshot = 1;
				if (strstr(s, "save") != NULL)
					save = 1;
			}
		}
		if (etcdctl && snapshot && save)
			return 1;
	}
	return 0;
}

static void
index_workload(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	struct kx_index *x = kx_index(ctx);
	struct kx_ns *ns;
	struct kx_workload *w;
	const struct ynode *spec = obj->pod_spec;
	const struct ynode *vols = ynode_get(spec, "volumes");
	const char *sa;
	size_t i, nsec = 0, nports = 0;
	int hn;

	if (obj->wl->flags & K8S_WL_TEMPLATE || controller_owned(obj))
		return;
	if (obj->wl->flags & K8S_WL_BATCH && etcd_snapshot_command(obj) &&
	    x->backup_evidence == NULL) {
		x->backup_evidence = k8s_keep_ref(ctx, &obj->ref);
		x->backup_what = "a CronJob or Job taking etcd snapshots";
	}
	ns = kx_ns_get(ctx, obj->ns, 1);
	w = arena_calloc(&ctx->keep, 1, sizeof(*w));
	w->ref = k8s_keep_ref(ctx, &obj->ref);
	w->spec_path = kx_intern(ctx, obj->pod_spec_path);
	w->meta_path = obj->wl->meta_path;
	w->group = kx_intern(ctx, obj->group);
	w->kind = w->ref->kind;
	w->wl_flags = obj->wl->flags;
	keep_labels(ctx, &w->labels, obj->pod_labels);
	w->app = kx_app_id(ctx, &w->labels);
	sa = ynode_get_str(spec, "serviceAccountName");
	if (sa == NULL || *sa == '\0')
		sa = ynode_get_str(spec, "serviceAccount");
	if (sa == NULL || *sa == '\0')
		sa = "default";
	w->sa = kx_intern(ctx, sa);
	w->automount =
	    tristate(ynode_get(spec, "automountServiceAccountToken"));
	if (w->automount >= 0)
		w->automount_line =
		    ynode_get(spec, "automountServiceAccountToken")->line;
	w->host_network =
	    k8s_get_bool(ynode_get(spec, "hostNetwork"), &hn) && hn;
	w->replicas = obj->replicas;
	w->replicas_set = obj->replicas_set;
	w->control_plane = looks_control_plane(obj, &w->labels);

	/* token volumes: projected serviceAccountToken, secret volumes */
	for (i = 0; i < ynode_len(vols); i++) {
		const struct ynode *v = ynode_item(vols, i);
		const struct ynode *src = ynode_path(v, "projected.sources");
		size_t j;

		for (j = 0; j < ynode_len(src); j++)
			if (!ynode_is_null(ynode_get(ynode_item(src, j),
			        "serviceAccountToken")) &&
			    !w->projected_token) {
				w->projected_token = 1;
				w->projected_line = ynode_item(src, j)->line;
				w->projected_index = (unsigned)i;
			}
		if (ynode_get_str(ynode_get(v, "secret"), "secretName") != NULL)
			nsec++;
	}
	if (nsec > 0) {
		w->secret_vols =
		    arena_calloc(&ctx->keep, nsec, sizeof(*w->secret_vols));
		for (i = 0; i < ynode_len(vols); i++) {
			const struct ynode *sv =
			    ynode_get(ynode_item(vols, i), "secret");
			const char *sn = ynode_get_str(sv, "secretName");
			struct kx_volume *kv;

			if (sn == NULL)
				continue;
			kv = &w->secret_vols[w->nsecret_vols++];
			kv->secret = k8s_keep_str(ctx, sn);
			kv->line = ynode_get(sv, "secretName")->line;
			kv->index = (unsigned)i;
		}
	}

	/* named container ports, for Services with a named targetPort */
	for (i = 0; i < obj->ncontainers; i++)
		if (obj->containers[i].cls & K8S_C_RUNNING)
			nports += ynode_len(
			    ynode_get(obj->containers[i].node, "ports"));
	if (nports > 0) {
		w->ports = arena_alloc(&ctx->keep, nports * sizeof(*w->ports));
		for (i = 0; i < obj->ncontainers; i++) {
			const struct ynode *ps;
			size_t j;

			if (!(obj->containers[i].cls & K8S_C_RUNNING))
				continue;
			ps = ynode_get(obj->containers[i].node, "ports");
			for (j = 0; j < ynode_len(ps); j++) {
				const struct ynode *p = ynode_item(ps, j);
				const char *name = ynode_get_str(p, "name");
				long long port;

				if (name == NULL ||
				    !k8s_get_int(ynode_get(p, "containerPort"),
				        &port))
					continue;
				w->ports[w->nports].name =
				    k8s_keep_str(ctx, name);
				w->ports[w->nports].port = port;
				w->nports++;
			}
		}
	}
	if (obj->wl->flags & K8S_WL_REPLICAS)
		spread_verdict(ctx, obj, w, &w->labels);
	KX_APPEND(&ns->workloads, w);
}

/* NetworkPolicy */

static int
selector_node_empty(const struct ynode *n)
{
	const struct ynode *ml, *me;

	if (n == NULL || n->type != YNODE_MAP)
		return 0;
	ml = ynode_get(n, "matchLabels");
	me = ynode_get(n, "matchExpressions");
	return ynode_len(ml) == 0 && ynode_len(me) == 0;
}

/* True when the ports of a rule leave every port open. */
static int
ports_cover_all(const struct ynode *ports)
{
	static const char *const protos[] = { "TCP", "UDP", "SCTP" };
	int open[3] = { 0, 0, 0 };
	size_t i, j;

	if (ynode_len(ports) == 0)
		return 1;
	for (i = 0; i < ynode_len(ports); i++) {
		const struct ynode *p = ynode_item(ports, i);
		const char *proto = ynode_get_str(p, "protocol");
		long long port, end;
		int all = ynode_is_null(ynode_get(p, "port"));

		if (!all && k8s_get_int(ynode_get(p, "port"), &port) &&
		    port <= 1 && k8s_get_int(ynode_get(p, "endPort"), &end) &&
		    end >= 65535)
			all = 1;
		if (!all)
			continue;
		for (j = 0; j < 3; j++)
			if (strcmp(proto != NULL ? proto : "TCP", protos[j]) ==
			    0)
				open[j] = 1;
	}
	return open[0] && open[1] && open[2];
}

static int
cidr_all(const char *cidr)
{
	return cidr != NULL &&
	    (strcmp(cidr, "0.0.0.0/0") == 0 || strcmp(cidr, "::/0") == 0);
}

static struct kx_np_rule *
np_rules(struct k8s_ctx *ctx, const struct ynode *list, const char *peers,
    size_t *n)
{
	struct kx_np_rule *out;
	size_t i, j;

	*n = ynode_len(list);
	if (list == NULL || list->type != YNODE_SEQ || *n == 0) {
		*n = 0;
		return NULL;
	}
	out = arena_calloc(&ctx->keep, *n, sizeof(*out));
	for (i = 0; i < *n; i++) {
		const struct ynode *r = ynode_item(list, i);
		const struct ynode *pl = ynode_get(r, peers);
		struct kx_np_rule *o = &out[i];

		o->line = r->line;
		o->index = (unsigned)i;
		o->any_peer = ynode_len(pl) == 0;
		o->all_ports = ports_cover_all(ynode_get(r, "ports"));
		for (j = 0; j < ynode_len(pl); j++) {
			const struct ynode *p = ynode_item(pl, j);
			const struct ynode *nss =
			    ynode_get(p, "namespaceSelector");
			const struct ynode *pods = ynode_get(p, "podSelector");
			const struct ynode *ipb = ynode_get(p, "ipBlock");

			if (!ynode_is_null(nss))
				o->cross_ns = 1;
			if (!ynode_is_null(nss) && ynode_is_null(pods) &&
			    selector_node_empty(nss))
				o->ns_all = 1;
			if (!ynode_is_null(pods) && ynode_is_null(nss) &&
			    selector_node_empty(pods))
				o->pod_all = 1;
			if (!ynode_is_null(ipb) &&
			    cidr_all(ynode_get_str(ipb, "cidr")) &&
			    ynode_len(ynode_get(ipb, "except")) == 0)
				o->ipblock_all = 1;
		}
	}
	return out;
}

static void
index_netpol(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	struct kx_index *x = kx_index(ctx);
	struct kx_ns *ns = kx_ns_get(ctx, obj->ns, 1);
	struct kx_netpol *np = arena_calloc(&ctx->keep, 1, sizeof(*np));
	const struct ynode *spec = ynode_get(obj->root, "spec");
	const struct ynode *types = ynode_get(spec, "policyTypes");

	np->ref = k8s_keep_ref(ctx, &obj->ref);
	k8s_keep_selector(ctx, &np->selector, ynode_get(spec, "podSelector"));
	/*
	 * policyTypes defaulting (networking/v1 SetDefaults): an absent or
	 * empty list means Ingress, plus Egress when egress has rules.
	 */
	if (ynode_len(types) == 0) {
		np->types_inferred = 1;
		np->ingress = 1;
		np->egress = ynode_len(ynode_get(spec, "egress")) > 0;
	} else {
		size_t i;

		for (i = 0; i < ynode_len(types); i++) {
			const char *t = ynode_str(ynode_item(types, i));

			if (t != NULL && strcmp(t, "Ingress") == 0)
				np->ingress = 1;
			if (t != NULL && strcmp(t, "Egress") == 0)
				np->egress = 1;
		}
	}
	np->in_rules =
	    np_rules(ctx, ynode_get(spec, "ingress"), "from", &np->nin);
	np->out_rules =
	    np_rules(ctx, ynode_get(spec, "egress"), "to", &np->nout);
	KX_APPEND(&ns->netpols, np);
	x->nnetpols++;
}

/* CNI-specific policies (coverage, approximated) */

/* Cilium selector keys may carry a source prefix ("k8s:app"). */
static void
cilium_strip_sources(struct k8s_selector *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		const char *k = s->req[i].key;

		if (strncmp(k, "k8s:", 4) == 0 || strncmp(k, "any:", 4) == 0)
			s->req[i].key = k + 4;
	}
}

static int
cilium_allow_all(const struct ynode *rules, const char *entities)
{
	size_t i, j;

	for (i = 0; i < ynode_len(rules); i++) {
		const struct ynode *e =
		    ynode_get(ynode_item(rules, i), entities);

		for (j = 0; j < ynode_len(e); j++) {
			const char *s = ynode_str(ynode_item(e, j));

			if (s != NULL &&
			    (strcmp(s, "all") == 0 ||
			        strcmp(s, "cluster") == 0))
				return 1;
		}
	}
	return 0;
}

static void
cilium_spec(struct k8s_ctx *ctx, struct kx_cnipol *p, const struct ynode *spec)
{
	const struct ynode *es = ynode_get(spec, "endpointSelector");
	const struct ynode *in = ynode_get(spec, "ingress");
	const struct ynode *ind = ynode_get(spec, "ingressDeny");
	const struct ynode *out = ynode_get(spec, "egress");
	const struct ynode *outd = ynode_get(spec, "egressDeny");
	const struct ynode *dd = ynode_get(spec, "enableDefaultDeny");
	int v;

	if (ynode_is_null(es))
		return; /* nodeSelector (host policy): not about pods */
	k8s_keep_selector(ctx, &p->selector, es);
	cilium_strip_sources(&p->selector);
	p->selector_known = !p->selector.invalid;
	p->all_pods = k8s_selector_empty(&p->selector);
	p->ingress = !ynode_is_null(in) || !ynode_is_null(ind);
	p->egress = !ynode_is_null(out) || !ynode_is_null(outd);
	p->deny_ingress = p->ingress && !cilium_allow_all(in, "fromEntities");
	p->deny_egress = p->egress && !cilium_allow_all(out, "toEntities");
	if (k8s_get_bool(ynode_get(dd, "ingress"), &v) && !v)
		p->deny_ingress = 0;
	if (k8s_get_bool(ynode_get(dd, "egress"), &v) && !v)
		p->deny_egress = 0;
}

/*
 * Compile the subset of Calico's selector language rampart understands:
 * all(), has(k), !has(k), k == 'v', k != 'v', k in {'a','b'}, k not in
 * {...}, joined by &&.  Anything else leaves selector_known 0.
 */
static int
calico_selector(struct k8s_ctx *ctx, struct k8s_selector *out, const char *expr)
{
	struct k8s_selreq req[16];
	const char *vals[16][8];
	size_t nreq = 0, i;
	const char *p = expr;

	memset(out, 0, sizeof(*out));
	out->present = 1;
	if (expr == NULL)
		return 1; /* absent selector: all() */
	for (;;) {
		struct k8s_selreq *r;
		char key[256];
		size_t klen = 0;
		int neg = 0;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (nreq == 16)
			return 0;
		r = &req[nreq];
		memset(r, 0, sizeof(*r));
		if (strncmp(p, "all()", 5) == 0) {
			p += 5;
			goto next;
		}
		if (*p == '!') {
			neg = 1;
			p++;
		}
		if (strncmp(p, "has(", 4) == 0) {
			p += 4;
			while (
			    *p != ')' && *p != '\0' && klen < sizeof(key) - 1)
				key[klen++] = *p++;
			if (*p != ')')
				return 0;
			p++;
			key[klen] = '\0';
			r->key = arena_strdup(&ctx->keep, key);
			r->op = neg ? K8S_SEL_DOESNOTEXIST : K8S_SEL_EXISTS;
			nreq++;
			goto next;
		}
		if (neg)
			return 0;
		while (*p != ' ' && *p != '=' && *p != '!' && *p != '\0' &&
		    klen < sizeof(key) - 1)
			key[klen++] = *p++;
		key[klen] = '\0';
		if (klen == 0)
			return 0;
		r->key = arena_strdup(&ctx->keep, key);
		while (*p == ' ')
			p++;
		if (strncmp(p, "==", 2) == 0 || strncmp(p, "!=", 2) == 0) {
			const char *q;
			char quote;

			r->op = *p == '=' ? K8S_SEL_IN : K8S_SEL_NOTIN;
			p += 2;
			while (*p == ' ')
				p++;
			quote = *p;
			if (quote != '\'' && quote != '"')
				return 0;
			q = strchr(p + 1, quote);
			if (q == NULL)
				return 0;
			vals[nreq][0] = arena_strndup(&ctx->keep, p + 1,
			    (size_t)(q - p - 1));
			r->nvalues = 1;
			p = q + 1;
		} else {
			if (strncmp(p, "not in", 6) == 0) {
				r->op = K8S_SEL_NOTIN;
				p += 6;
			} else if (strncmp(p, "in", 2) == 0) {
				r->op = K8S_SEL_IN;
				p += 2;
			} else {
				return 0;
			}
			while (*p == ' ')
				p++;
			if (*p++ != '{')
				return 0;
			for (;;) {
				const char *q;
				char quote;

				while (*p == ' ' || *p == ',')
					p++;
				if (*p == '}') {
					p++;
					break;
				}
				quote = *p;
				if ((quote != '\'' && quote != '"') ||
				    r->nvalues == 8)
					return 0;
				q = strchr(p + 1, quote);
				if (q == NULL)
					return 0;
				vals[nreq][r->nvalues++] =
				    arena_strndup(&ctx->keep, p + 1,
				        (size_t)(q - p - 1));
				p = q + 1;
			}
		}
		nreq++;
next:
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (strncmp(p, "&&", 2) != 0)
			return 0;
		p += 2;
	}
	if (nreq > 0) {
		out->req = arena_calloc(&ctx->keep, nreq, sizeof(*out->req));
		for (i = 0; i < nreq; i++) {
			out->req[i] = req[i];
			if (req[i].nvalues > 0) {
				out->req[i].values =
				    arena_calloc(&ctx->keep, req[i].nvalues,
				        sizeof(*out->req[i].values));
				memcpy(out->req[i].values, vals[i],
				    req[i].nvalues *
				        sizeof(*out->req[i].values));
			}
		}
	}
	out->n = nreq;
	return 1;
}

static int
calico_allow_all(const struct ynode *rules)
{
	size_t i;

	for (i = 0; i < ynode_len(rules); i++) {
		const struct ynode *r = ynode_item(rules, i);
		const char *action = ynode_get_str(r, "action");
		const struct ynode *src = ynode_get(r, "source");
		const struct ynode *dst = ynode_get(r, "destination");

		if (action != NULL && strcmp(action, "Allow") == 0 &&
		    ynode_len(src) == 0 && ynode_len(dst) == 0)
			return 1;
	}
	return 0;
}

static void
calico_spec(struct k8s_ctx *ctx, struct kx_cnipol *p, const struct ynode *spec)
{
	const struct ynode *types = ynode_get(spec, "types");
	const struct ynode *in = ynode_get(spec, "ingress");
	const struct ynode *out = ynode_get(spec, "egress");
	const char *nss = ynode_get_str(spec, "namespaceSelector");

	p->selector_known =
	    calico_selector(ctx, &p->selector, ynode_get_str(spec, "selector"));
	p->all_pods = p->selector_known && p->selector.n == 0;
	if (ynode_len(types) == 0) {
		p->ingress = 1;
		p->egress = ynode_len(out) > 0;
	} else {
		size_t i;

		for (i = 0; i < ynode_len(types); i++) {
			const char *t = ynode_str(ynode_item(types, i));

			if (t != NULL && strcmp(t, "Ingress") == 0)
				p->ingress = 1;
			if (t != NULL && strcmp(t, "Egress") == 0)
				p->egress = 1;
		}
	}
	p->deny_ingress = p->ingress && !calico_allow_all(in);
	p->deny_egress = p->egress && !calico_allow_all(out);
	if (p->kind == KX_CNI_CALICO_GLOBAL) {
		if (!calico_selector(ctx, &p->ns_selector, nss))
			p->selector_known = 0;
		p->ns_all = p->ns_selector.n == 0;
	}
}

static int
anp_has_deny(const struct ynode *rules)
{
	size_t i;

	for (i = 0; i < ynode_len(rules); i++) {
		const char *a = ynode_get_str(ynode_item(rules, i), "action");

		if (a != NULL && strcmp(a, "Deny") == 0)
			return 1;
	}
	return 0;
}

static void
anp_spec(struct k8s_ctx *ctx, struct kx_cnipol *p, const struct ynode *spec)
{
	const struct ynode *subj = ynode_get(spec, "subject");
	const struct ynode *nss = ynode_get(subj, "namespaces");
	const struct ynode *pods = ynode_get(subj, "pods");

	if (!ynode_is_null(nss)) {
		k8s_keep_selector(ctx, &p->ns_selector, nss);
		p->all_pods = 1;
	} else if (!ynode_is_null(pods)) {
		k8s_keep_selector(ctx, &p->ns_selector,
		    ynode_get(pods, "namespaceSelector"));
		k8s_keep_selector(ctx, &p->selector,
		    ynode_get(pods, "podSelector"));
		p->all_pods = k8s_selector_empty(&p->selector);
	}
	p->selector_known = 1;
	p->ns_all = k8s_selector_empty(&p->ns_selector);
	p->ingress = p->deny_ingress = anp_has_deny(ynode_get(spec, "ingress"));
	p->egress = p->deny_egress = anp_has_deny(ynode_get(spec, "egress"));
}

static void
index_cnipol(struct k8s_ctx *ctx, const struct k8s_object *obj,
    enum kx_cni_kind kind)
{
	struct kx_index *x = kx_index(ctx);
	struct kx_cnipol *p = arena_calloc(&ctx->keep, 1, sizeof(*p));
	const struct ynode *spec = ynode_get(obj->root, "spec");

	p->ref = k8s_keep_ref(ctx, &obj->ref);
	p->kind = kind;
	p->group = k8s_keep_str(ctx, obj->group);
	switch (kind) {
	case KX_CNI_CILIUM:
	case KX_CNI_CILIUM_CLUSTER: {
		const struct ynode *specs = ynode_get(obj->root, "specs");
		size_t i;

		/* spec, or specs[]: the union of what they cover */
		cilium_spec(ctx, p, spec);
		for (i = 0; i < ynode_len(specs); i++) {
			struct kx_cnipol q = *p;

			memset(&q.selector, 0, sizeof(q.selector));
			cilium_spec(ctx, &q, ynode_item(specs, i));
			if (!q.selector.present)
				continue;
			if (!p->selector.present || q.all_pods) {
				p->selector = q.selector;
				p->selector_known = q.selector_known;
				p->all_pods = q.all_pods;
			}
			p->ingress |= q.ingress;
			p->egress |= q.egress;
			p->deny_ingress |= q.deny_ingress;
			p->deny_egress |= q.deny_egress;
		}
		p->ns_all = kind == KX_CNI_CILIUM_CLUSTER;
		break;
	}
	case KX_CNI_CALICO:
	case KX_CNI_CALICO_GLOBAL:
		calico_spec(ctx, p, spec);
		break;
	case KX_CNI_ANP:
	case KX_CNI_BANP:
		anp_spec(ctx, p, spec);
		break;
	}
	x->ncnipols++;
	if (kind == KX_CNI_CILIUM || kind == KX_CNI_CALICO) {
		struct kx_ns *ns = kx_ns_get(ctx, obj->ns, 1);

		p->ns = ns->name;
		KX_APPEND(&ns->cnipols, p);
	} else {
		KX_APPEND(&x->cluster_cnipols, p);
	}
}

/* PodDisruptionBudget, HPA, Service */

static void
intorstr(const struct ynode *n, int *has, long long *val, int *pct,
    unsigned *line)
{
	const char *s = ynode_str(n);

	*has = 0;
	if (ynode_is_null(n) || s == NULL)
		return;
	*line = n->line;
	if (ynode_kind(n) != YS_INT && strchr(s, '%') != NULL) {
		char *end;
		long v = strtol(s, &end, 10);

		if (end != s && *end == '%') {
			*has = 1;
			*pct = 1;
			*val = v;
		}
		return;
	}
	if (k8s_get_int(n, val)) {
		*has = 1;
		*pct = 0;
	}
}

static void
index_pdb(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	struct kx_ns *ns = kx_ns_get(ctx, obj->ns, 1);
	struct kx_pdb *p = arena_calloc(&ctx->keep, 1, sizeof(*p));
	const struct ynode *spec = ynode_get(obj->root, "spec");

	p->ref = k8s_keep_ref(ctx, &obj->ref);
	p->v1 = strcmp(obj->version, "v1beta1") != 0;
	k8s_keep_selector(ctx, &p->selector, ynode_get(spec, "selector"));
	intorstr(ynode_get(spec, "minAvailable"), &p->has_min, &p->min_val,
	    &p->min_pct, &p->min_line);
	intorstr(ynode_get(spec, "maxUnavailable"), &p->has_max, &p->max_val,
	    &p->max_pct, &p->max_line);
	KX_APPEND(&ns->pdbs, p);
}

static void
index_hpa(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	struct kx_ns *ns = kx_ns_get(ctx, obj->ns, 1);
	struct kx_hpa *h = arena_calloc(&ctx->keep, 1, sizeof(*h));
	const struct ynode *t = ynode_path(obj->root, "spec.scaleTargetRef");
	const char *av = ynode_get_str(t, "apiVersion");
	const char *group, *version;

	h->ref = k8s_keep_ref(ctx, &obj->ref);
	k8s_split_api_version(av != NULL ? av : "", ctx->scratch, &group,
	    &version);
	h->target_group = k8s_keep_str(ctx, group);
	h->target_kind = k8s_keep_str(ctx, ynode_get_str(t, "kind"));
	h->target_name = k8s_keep_str(ctx, ynode_get_str(t, "name"));
	if (!k8s_get_int(ynode_path(obj->root, "spec.minReplicas"),
	        &h->min_replicas))
		h->min_replicas = 1;
	KX_APPEND(&ns->hpas, h);
}

static void
index_service(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	struct kx_ns *ns = kx_ns_get(ctx, obj->ns, 1);
	struct kx_service *s = arena_calloc(&ctx->keep, 1, sizeof(*s));
	const struct ynode *spec = ynode_get(obj->root, "spec");
	const struct ynode *ports = ynode_get(spec, "ports");
	const char *type = ynode_get_str(spec, "type");
	const char *cip = ynode_get_str(spec, "clusterIP");

	s->ref = k8s_keep_ref(ctx, &obj->ref);
	s->type = k8s_keep_str(ctx, type != NULL ? type : "ClusterIP");
	s->headless = cip != NULL && strcmp(cip, "None") == 0;
	s->external_ips = (int)ynode_len(ynode_get(spec, "externalIPs"));
	if (ynode_len(ynode_get(spec, "selector")) > 0)
		k8s_selector_from_map(&s->selector, &ctx->keep,
		    ynode_get(spec, "selector"));
	if (ynode_len(ports) > 0) {
		size_t i;

		s->ports = arena_calloc(&ctx->keep, ynode_len(ports),
		    sizeof(*s->ports));
		for (i = 0; i < ynode_len(ports); i++) {
			const struct ynode *p = ynode_item(ports, i);
			const struct ynode *tp = ynode_get(p, "targetPort");
			struct kx_svc_port *sp = &s->ports[s->nports++];

			sp->name = k8s_keep_str(ctx, ynode_get_str(p, "name"));
			sp->line = p->line;
			sp->index = (unsigned)i;
			if (!k8s_get_int(ynode_get(p, "port"), &sp->port))
				sp->port = -1;
			if (!k8s_get_int(ynode_get(p, "nodePort"),
			        &sp->node_port))
				sp->node_port = -1;
			sp->target_num = -1;
			if (ynode_is_null(tp))
				sp->target_num =
				    sp->port; /* defaults to port */
			else if (!k8s_get_int(tp, &sp->target_num))
				sp->target_name =
				    k8s_keep_str(ctx, ynode_str(tp));
		}
	}
	KX_APPEND(&ns->services, s);
}

static void
index_namespace(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	struct kx_ns *ns = kx_ns_get(ctx, obj->name, 1);

	if (ns->obj != NULL)
		return; /* the first definition counts */
	ns->obj = arena_calloc(&ctx->keep, 1, sizeof(*ns->obj));
	ns->obj->ref = k8s_keep_ref(ctx, &obj->ref);
	k8s_keep_labels(ctx, &ns->obj->labels, obj->labels);
}

/*
 * Backup tooling recognised from CRD names (reference §2.3 L): plural CRD
 * names, not kinds.
 */
static int
backup_crd(const char *name)
{
	static const char *const names[] = { "backups.velero.io",
		"schedules.velero.io", "restores.velero.io",
		"dataprotectionapplications.oadp.openshift.io",
		"policies.config.kio.kasten.io",
		"backupconfigurations.stash.appscode.com",
		"schedules.k8up.io" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* The rules whose finish hooks read the index. */
static const enum rule_id index_rules[] = {
	RULE_K8S_RBAC_WILDCARD,
	RULE_K8S_RBAC_CLUSTER_ADMIN_BINDING,
	RULE_K8S_RBAC_SECRETS_READ,
	RULE_K8S_RBAC_ESCALATE_BIND_IMPERSONATE,
	RULE_K8S_RBAC_POD_EXEC_ATTACH,
	RULE_K8S_RBAC_NODE_PROXY,
	RULE_K8S_RBAC_CREATE_PODS,
	RULE_K8S_RBAC_PV_CREATE,
	RULE_K8S_RBAC_CSR_APPROVE,
	RULE_K8S_RBAC_WEBHOOK_CONFIG,
	RULE_K8S_RBAC_SA_TOKEN_CREATE,
	RULE_K8S_RBAC_NETWORK_POLICY_WRITE,
	RULE_K8S_RBAC_LABEL_WRITE,
	RULE_K8S_RBAC_ANONYMOUS_BINDING,
	RULE_K8S_RBAC_AUTHENTICATED_BINDING,
	RULE_K8S_RBAC_SYSTEM_MASTERS,
	RULE_K8S_RBAC_DEFAULT_SA_BINDING,
	RULE_K8S_RBAC_AUTOMATION_OVERPRIVILEGED,
	RULE_K8S_SA_TOKEN_AUTOMOUNT,
	RULE_K8S_SHARED_SERVICE_ACCOUNT,
	RULE_K8S_NONEXISTENT_SERVICE_ACCOUNT,
	RULE_K8S_NAMESPACE_DEFAULT_DENY_MISSING,
	RULE_K8S_POD_NOT_ISOLATED,
	RULE_K8S_NETWORKPOLICY_TOO_BROAD,
	RULE_K8S_NETWORKPOLICY_DANGLING,
	RULE_K8S_NAMESPACE_MIXED_APPLICATIONS,
	RULE_K8S_NAMESPACE_WITHOUT_QUOTA,
	RULE_K8S_NAMESPACE_WITHOUT_PSA_ENFORCE,
	RULE_K8S_SINGLE_REPLICA,
	RULE_K8S_PDB_MISSING,
	RULE_K8S_PDB_OVERLAP,
	RULE_K8S_PDB_BLOCKS_DISRUPTION,
	RULE_K8S_NO_ZONE_SPREAD,
	RULE_K8S_SERVICE_ADMIN_PORT_EXPOSED,
	RULE_K8S_BACKUP_SOLUTION_MISSING,
};

/* True when some rule that reads the index runs in this scan. */
static int
index_needed(struct k8s_ctx *ctx)
{
	struct kx_index *x = kx_index(ctx);

	if (x->needed == 0) {
		size_t i;

		x->needed = -1;
		for (i = 0; i < sizeof(index_rules) / sizeof(index_rules[0]);
		     i++)
			if (k8s_on(ctx, index_rules[i]))
				x->needed = 1;
	}
	return x->needed > 0;
}

static void
index_object(struct k8s_ctx *ctx, const struct k8s_object *obj)
{
	struct kx_index *x = kx_index(ctx);
	const char *g = obj->group;
	const char *k = obj->kind;

	if (!index_needed(ctx))
		return; /* no cross-object rule runs: keep nothing */
	if (obj->wl != NULL) {
		if (obj->pod_spec != NULL)
			index_workload(ctx, obj);
		return;
	}
	if (strcmp(g, "") == 0) {
		if (strcmp(k, "Namespace") == 0)
			index_namespace(ctx, obj);
		else if (strcmp(k, "ServiceAccount") == 0)
			index_sa(ctx, obj);
		else if (strcmp(k, "Secret") == 0)
			index_secret(ctx, obj);
		else if (strcmp(k, "Service") == 0)
			index_service(ctx, obj);
		else if (strcmp(k, "ResourceQuota") == 0)
			kx_ns_get(ctx, obj->ns, 1)->nquota++;
		else if (strcmp(k, "LimitRange") == 0)
			kx_ns_get(ctx, obj->ns, 1)->nlimitrange++;
		return;
	}
	if (strcmp(g, "rbac.authorization.k8s.io") == 0) {
		if (strcmp(k, "Role") == 0)
			index_role(ctx, obj, 0);
		else if (strcmp(k, "ClusterRole") == 0)
			index_role(ctx, obj, 1);
		else if (strcmp(k, "RoleBinding") == 0)
			index_binding(ctx, obj, 0);
		else if (strcmp(k, "ClusterRoleBinding") == 0)
			index_binding(ctx, obj, 1);
		return;
	}
	if (is_kind(obj, "networking.k8s.io", "NetworkPolicy"))
		index_netpol(ctx, obj);
	else if (is_kind(obj, "cilium.io", "CiliumNetworkPolicy"))
		index_cnipol(ctx, obj, KX_CNI_CILIUM);
	else if (is_kind(obj, "cilium.io", "CiliumClusterwideNetworkPolicy"))
		index_cnipol(ctx, obj, KX_CNI_CILIUM_CLUSTER);
	else if ((strcmp(g, "projectcalico.org") == 0 ||
	             strcmp(g, "crd.projectcalico.org") == 0) &&
	    strcmp(k, "NetworkPolicy") == 0)
		index_cnipol(ctx, obj, KX_CNI_CALICO);
	else if ((strcmp(g, "projectcalico.org") == 0 ||
	             strcmp(g, "crd.projectcalico.org") == 0) &&
	    strcmp(k, "GlobalNetworkPolicy") == 0)
		index_cnipol(ctx, obj, KX_CNI_CALICO_GLOBAL);
	else if (is_kind(obj, "policy.networking.k8s.io", "AdminNetworkPolicy"))
		index_cnipol(ctx, obj, KX_CNI_ANP);
	else if (is_kind(obj, "policy.networking.k8s.io",
	             "BaselineAdminNetworkPolicy"))
		index_cnipol(ctx, obj, KX_CNI_BANP);
	else if (is_kind(obj, "policy", "PodDisruptionBudget"))
		index_pdb(ctx, obj);
	else if (is_kind(obj, "autoscaling", "HorizontalPodAutoscaler"))
		index_hpa(ctx, obj);
	else if (is_kind(obj, "apiextensions.k8s.io",
	             "CustomResourceDefinition")) {
		x->ncrds++;
		if (x->backup_evidence == NULL && backup_crd(obj->name)) {
			x->backup_evidence = k8s_keep_ref(ctx, &obj->ref);
			x->backup_what =
			    "the CustomResourceDefinition of a backup tool";
		}
	} else if (strcmp(g, "velero.io") == 0 &&
	    (strcmp(k, "Schedule") == 0 || strcmp(k, "Backup") == 0) &&
	    x->backup_evidence == NULL) {
		x->backup_evidence = k8s_keep_ref(ctx, &obj->ref);
		x->backup_what = "a Velero backup schedule";
	}
}

static const char *const index_keys[] = { "app-labels", "zone-keys", NULL };

const struct k8s_check k8s_check_index = {
	.name = "index",
	.object = index_object,
	.config_keys = index_keys,
};
