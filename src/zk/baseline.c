/*
 * baseline.c - component ACL baselines: the profile table, matching a path
 * to a profile rule, and the expected ACL of a rule.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/baseline.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/yload.h"

#include "util/banned.h"

#define ZK_BL_MAX_GLOBSTARS 3

/* Pass 1: one rule array per profile. */
#define BL_BEGIN(sym)             static const struct zk_baseline_rule bl_##sym[] = {
#define BL(pat, acl, flags, note) { (pat), (acl), (flags), (note) },
#define BL_END \
	}      \
	;
#define PROFILE(sym, name, title, svc, roots, markers)
#include "rules/zk-baselines.def"
#undef BL_BEGIN
#undef BL
#undef BL_END
#undef PROFILE

/* Pass 2: the profile table. */
#define BL_BEGIN(sym)
#define BL(pat, acl, flags, note)
#define BL_END
#define ROOTS(...)                \
	{                         \
		__VA_ARGS__, NULL \
	}
#define MARKERS(...)              \
	{                         \
		__VA_ARGS__, NULL \
	}
#define PROFILE(sym, pname, ptitle, psvc, proots, pmarkers) \
	{ .name = (pname),                                  \
		.title = (ptitle),                          \
		.roots = proots,                            \
		.markers = pmarkers,                        \
		.svc = (psvc),                              \
		.source = "builtin",                        \
		.rules = bl_##sym,                          \
		.nrules = ARRAY_SIZE(bl_##sym) },
const struct zk_profile zk_builtin_profiles[] = {
#include "rules/zk-baselines.def"
};
#undef BL_BEGIN
#undef BL
#undef BL_END
#undef PROFILE
#undef ROOTS
#undef MARKERS

const size_t zk_builtin_nprofiles = ARRAY_SIZE(zk_builtin_profiles);

struct zk_baseline {
	struct zk_baseline_settings set;
	const struct zk_profile **profiles; /* builtin or arena */
	size_t nprofiles, profiles_alloc;
	struct zk_bl_inst *inst;
	size_t ninst, inst_alloc;
	int autodetect;
	struct arena arena; /* loaded profiles, activated roots */
};

void
zk_baseline_settings_init(struct zk_baseline_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->remove_host = -1;
	s->remove_realm = -1;
}

int
zk_baseline_settings_var(struct zk_baseline_settings *s, const char *spec,
    struct rp_diag *d)
{
	const char *eq = strchr(spec, '=');

	if (eq == NULL || eq == spec || eq[1] == '\0' ||
	    strchr(eq + 1, ':') == NULL)
		return rp_diag_fail(d, RP_EINVAL, "--principal-map", 0,
		    "'%s': expected NAME=SCHEME:ID, e.g. kafka=sasl:kafka/_HOST@EXAMPLE.COM",
		    spec);
	if (s->nvars >= ZK_BASELINE_MAX_VARS)
		return rp_diag_fail(d, RP_EINVAL, "--principal-map", 0,
		    "more than %d identities", ZK_BASELINE_MAX_VARS);
	/* name is NUL-terminated at '=' by keeping a copy of the prefix. */
	s->vars[s->nvars].name = spec;
	s->vars[s->nvars].ident = eq + 1;
	s->nvars++;
	return 0;
}

/* The NAME of a var, compared up to its '='. */
static int
var_is(const char *var, const char *name)
{
	size_t n = strlen(name);

	return strncmp(var, name, n) == 0 && (var[n] == '=' || var[n] == '\0');
}

static void
add_profile(struct zk_baseline *b, const struct zk_profile *p)
{
	size_t i, j;

	/* A loaded profile replaces the one of the same name. */
	for (i = 0; i < b->nprofiles; i++) {
		if (strcmp(b->profiles[i]->name, p->name) != 0)
			continue;
		b->profiles[i] = p;
		for (j = 0; j < b->ninst; j++)
			if (strcmp(b->inst[j].profile->name, p->name) == 0)
				b->inst[j].profile = NULL;
		break;
	}
	if (i == b->nprofiles) {
		ALLOC_GROW(b->profiles, b->nprofiles + 1, b->profiles_alloc);
		b->profiles[b->nprofiles++] = p;
	}
	for (j = 0; j < ZK_PROFILE_MAX_ROOTS && p->roots[j] != NULL; j++) {
		ALLOC_GROW(b->inst, b->ninst + 1, b->inst_alloc);
		memset(&b->inst[b->ninst], 0, sizeof(b->inst[0]));
		b->inst[b->ninst].profile = p;
		b->inst[b->ninst].root = p->roots[j];
		b->ninst++;
	}
}

struct zk_baseline *
zk_baseline_new(const struct zk_baseline_settings *s)
{
	struct zk_baseline *b = xcalloc(1, sizeof(*b));
	size_t i;

	b->set = *s;
	b->autodetect = 1;
	arena_init(&b->arena, 0);
	for (i = 0; i < zk_builtin_nprofiles; i++)
		add_profile(b, &zk_builtin_profiles[i]);
	return b;
}

void
zk_baseline_free(struct zk_baseline *b)
{
	if (b == NULL)
		return;
	free(b->profiles);
	free(b->inst);
	arena_release(&b->arena);
	free(b);
}

const struct zk_profile *
zk_baseline_profile(const struct zk_baseline *b, const char *name)
{
	size_t i;

	for (i = 0; i < b->nprofiles; i++)
		if (strcmp(b->profiles[i]->name, name) == 0)
			return b->profiles[i];
	return NULL;
}

const struct zk_profile *const *
zk_baseline_profiles(const struct zk_baseline *b, size_t *n)
{
	*n = b->nprofiles;
	return b->profiles;
}

const struct zk_bl_inst *
zk_baseline_instances(const struct zk_baseline *b, size_t *n)
{
	*n = b->ninst;
	return b->inst;
}

int
zk_baseline_autodetect(const struct zk_baseline *b)
{
	return b->autodetect;
}

const struct zk_bl_inst *
zk_baseline_activate(struct zk_baseline *b, const struct zk_profile *p,
    const char *root)
{
	size_t i;

	for (i = 0; i < b->ninst; i++) {
		if (b->inst[i].profile == p &&
		    strcmp(b->inst[i].root, root) == 0) {
			b->inst[i].active = 1;
			return &b->inst[i];
		}
	}
	ALLOC_GROW(b->inst, b->ninst + 1, b->inst_alloc);
	memset(&b->inst[b->ninst], 0, sizeof(b->inst[0]));
	b->inst[b->ninst].profile = p;
	b->inst[b->ninst].root = arena_strdup(&b->arena, root);
	b->inst[b->ninst].active = 1;
	return &b->inst[b->ninst++];
}

int
zk_baseline_select(struct zk_baseline *b, const char *spec, struct rp_diag *d)
{
	char *copy = xstrdup(spec), *tok, *save = NULL;
	int r = 0, autodet = 0;
	size_t i;

	for (tok = copy;; tok = NULL) {
		char *name = strtok_r(tok, ",", &save), *root;
		const struct zk_profile *p;

		if (name == NULL)
			break;
		if (strcmp(name, "auto") == 0) {
			autodet = 1;
			continue;
		}
		if (strcmp(name, "none") == 0)
			continue;
		root = strchr(name, ':');
		if (root != NULL)
			*root++ = '\0';
		p = zk_baseline_profile(b, name);
		if (p == NULL) {
			r = rp_diag_fail(d, RP_EINVAL, "--profile", 0,
			    "unknown profile '%s' (rampart zk scan --list-profiles lists them)",
			    name);
			goto out;
		}
		if (root != NULL) {
			if (root[0] != '/') {
				r = rp_diag_fail(d, RP_EINVAL, "--profile", 0,
				    "profile %s: root '%s' must start with /",
				    name, root);
				goto out;
			}
			(void)zk_baseline_activate(b, p, root);
			continue;
		}
		for (i = 0; i < b->ninst; i++)
			if (b->inst[i].profile == p)
				b->inst[i].active = 1;
	}
	b->autodetect = autodet;
out:
	free(copy);
	return r;
}

/* path relative to root, "/" for the root itself, or NULL if outside. */
static const char *
rel_path(const char *root, const char *path)
{
	size_t n;

	if (strcmp(root, "/") == 0)
		return path;
	n = strlen(root);
	if (strncmp(path, root, n) != 0)
		return NULL;
	if (path[n] == '\0')
		return "/";
	if (path[n] != '/')
		return NULL;
	return path + n;
}

/* One component of s (after any '/'): start and length. */
static const char *
next_comp(const char *s, size_t *len)
{
	while (*s == '/')
		s++;
	*len = strcspn(s, "/");
	return s;
}

/*
 * Match path components against pattern components: '*' and other
 * fnmatch globs inside a component, "**" for any number of components.
 */
static int
glob_path(const char *pat, const char *path)
{
	size_t pl, sl;
	const char *pc = next_comp(pat, &pl), *sc;
	char pbuf[256], sbuf[256];

	if (pl == 0)
		return *next_comp(path, &sl) == '\0';
	if (pl == 2 && pc[0] == '*' && pc[1] == '*') {
		const char *rest = pc + 2;

		sc = path;
		for (;;) {
			if (glob_path(rest, sc))
				return 1;
			sc = next_comp(sc, &sl);
			if (sl == 0)
				return 0;
			sc += sl;
		}
	}
	sc = next_comp(path, &sl);
	if (sl == 0)
		return 0;
	if (memchr(pc, '*', pl) == NULL && memchr(pc, '?', pl) == NULL &&
	    memchr(pc, '[', pl) == NULL) {
		/* A literal component: no fnmatch needed. */
		if (pl != sl || memcmp(pc, sc, pl) != 0)
			return 0;
		return glob_path(pc + pl, sc + sl);
	}
	if (pl >= sizeof(pbuf) || sl >= sizeof(sbuf))
		return 0;
	memcpy(pbuf, pc, pl);
	pbuf[pl] = '\0';
	memcpy(sbuf, sc, sl);
	sbuf[sl] = '\0';
	if (fnmatch(pbuf, sbuf, FNM_PERIOD) != 0)
		return 0;
	return glob_path(pc + pl, sc + sl);
}

/* Literal components of a pattern: the more, the more specific. */
static int
specificity(const char *pat)
{
	int n = 0;
	size_t l;
	const char *c = pat;

	for (;;) {
		c = next_comp(c, &l);
		if (l == 0)
			return n;
		if (strcspn(c, "*?[") >= l)
			n += 2;
		else if (!(l == 2 && c[0] == '*' && c[1] == '*'))
			n += 1;
		c += l;
	}
}

const struct zk_bl_inst *
zk_baseline_detect(struct zk_baseline *b, const char *path)
{
	size_t i, j;

	if (!b->autodetect)
		return NULL;
	for (i = 0; i < b->ninst; i++) {
		struct zk_bl_inst *in = &b->inst[i];
		const char *rel;

		if (in->active || in->profile == NULL)
			continue;
		rel = rel_path(in->root, path);
		if (rel == NULL)
			continue;
		for (j = 0; j < ZK_PROFILE_MAX_MARKERS &&
		     in->profile->markers[j] != NULL;
		     j++) {
			if (glob_path(in->profile->markers[j], rel) &&
			    strcmp(in->profile->markers[j], "/**") != 0) {
				in->active = 1;
				in->detected_by_marker = 1;
				return in;
			}
		}
	}
	return NULL;
}

int
zk_baseline_match(const struct zk_baseline *b, const char *path,
    int include_candidates, struct zk_bl_match *m)
{
	size_t i, j, best_root = 0;
	int best_spec = -1, found = 0;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < b->ninst; i++) {
		const struct zk_bl_inst *in = &b->inst[i];
		const char *rel;
		size_t rl;

		if (in->profile == NULL || (!in->active && !include_candidates))
			continue;
		rel = rel_path(in->root, path);
		if (rel == NULL)
			continue;
		rl = strcmp(in->root, "/") == 0 ? 0 : strlen(in->root);
		if (found && rl < best_root)
			continue;
		for (j = 0; j < in->profile->nrules; j++) {
			const struct zk_baseline_rule *r =
			    &in->profile->rules[j];
			int sp;

			if (!glob_path(r->pattern, rel))
				continue;
			sp = specificity(r->pattern);
			if (!found || rl > best_root ||
			    (rl == best_root && sp > best_spec)) {
				m->inst = in;
				m->rule = r;
				best_root = rl;
				best_spec = sp;
				found = 1;
			}
			break;
		}
	}
	return found;
}

char *
zk_sasl_normalise(struct arena *a, const char *principal, int remove_host,
    int remove_realm)
{
	const char *at = strchr(principal, '@');
	const char *slash = strchr(principal, '/');
	size_t svc_len, host_len = 0;
	const char *host = NULL, *realm = NULL;
	struct strbuf sb = STRBUF_INIT;
	char *r;

	if (slash != NULL && at != NULL && slash > at)
		slash = NULL;
	svc_len = slash != NULL ? (size_t)(slash - principal) :
	    at != NULL          ? (size_t)(at - principal) :
	                          strlen(principal);
	if (slash != NULL) {
		host = slash + 1;
		host_len = at != NULL ? (size_t)(at - host) : strlen(host);
	}
	if (at != NULL)
		realm = at + 1;
	strbuf_add(&sb, principal, svc_len);
	if (host != NULL && remove_host != 1) {
		strbuf_addch(&sb, '/');
		if (host_len == 5 && strncmp(host, "_HOST", 5) == 0)
			strbuf_addch(&sb, '*');
		else
			strbuf_add(&sb, host, host_len);
	}
	if (realm != NULL && remove_realm != 1) {
		strbuf_addch(&sb, '@');
		strbuf_addstr(&sb, realm);
	}
	r = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return r;
}

/* The identity a variable stands for in profile p, and whether it is the
 * profile's own default (which adapts to the normalisation settings). */
static const char *
lookup_var(const struct zk_baseline *b, const struct zk_profile *p,
    const char *name, size_t len, int *is_default)
{
	size_t i;
	char buf[64];

	*is_default = 0;
	if (len >= sizeof(buf))
		return NULL;
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (strcmp(buf, "admin") == 0) {
		for (i = 0; i < b->set.nvars; i++)
			if (var_is(b->set.vars[i].name, "admin"))
				return b->set.vars[i].ident;
		if (b->set.admin != NULL)
			return b->set.admin;
		*is_default = 1;
		return "sasl:zookeeper";
	}
	if (strcmp(buf, "svc") == 0)
		snprintf(buf, sizeof(buf), "%s", p->name);
	for (i = 0; i < b->set.nvars; i++)
		if (var_is(b->set.vars[i].name, buf))
			return b->set.vars[i].ident;
	if (strcmp(buf, p->name) == 0) {
		*is_default = 1;
		return p->svc;
	}
	for (i = 0; i < b->nprofiles; i++) {
		if (strcmp(b->profiles[i]->name, buf) == 0) {
			*is_default = 1;
			return b->profiles[i]->svc;
		}
	}
	return NULL;
}

static int
parse_perms(const char *s, size_t n, int32_t *out)
{
	int32_t p = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case 'r':
			p |= ZK_PERM_READ;
			break;
		case 'w':
			p |= ZK_PERM_WRITE;
			break;
		case 'c':
			p |= ZK_PERM_CREATE;
			break;
		case 'd':
			p |= ZK_PERM_DELETE;
			break;
		case 'a':
			p |= ZK_PERM_ADMIN;
			break;
		default:
			return -1;
		}
	}
	*out = p;
	return n > 0 ? 0 : -1;
}

/*
 * Parse one "[?]IDENT:PERMS" entry of profile p into e (strings in a).
 */
static int
parse_entry(const struct zk_baseline *b, const struct zk_profile *p,
    const char *s, size_t n, struct arena *a, struct zk_bl_entry *e,
    struct rp_diag *d)
{
	const char *colon, *ident;
	char *id;
	size_t il;
	int is_default = 0;
	char *tmp;

	memset(e, 0, sizeof(*e));
	if (n > 0 && s[0] == '?') {
		e->flags |= ZK_BLE_OPTIONAL;
		s++;
		n--;
	}
	colon = NULL;
	for (il = n; il > 0; il--) {
		if (s[il - 1] == ':') {
			colon = s + il - 1;
			break;
		}
	}
	if (colon == NULL ||
	    parse_perms(colon + 1, (size_t)(s + n - colon - 1),
	        &e->acl.perms) != 0)
		goto bad;
	il = (size_t)(colon - s);
	if (il > 3 && s[0] == '$' && s[1] == '{' && s[il - 1] == '}') {
		ident = lookup_var(b, p, s + 2, il - 3, &is_default);
		if (ident == NULL)
			goto bad;
		tmp = arena_strdup(a, ident);
	} else {
		tmp = arena_strndup(a, s, il);
	}
	id = strchr(tmp, ':');
	if (id == NULL || id == tmp || id[1] == '\0')
		goto bad;
	*id++ = '\0';
	e->acl.scheme = tmp;
	if (strcmp(tmp, "sasl") == 0) {
		int rh = b->set.remove_host, rr = b->set.remove_realm;

		if (is_default && strpbrk(id, "/@") == NULL)
			id = arena_printf(a, "%s%s%s", id, rh == 0 ? "/*" : "",
			    rr == 0 ? "@*" : "");
		else
			id = zk_sasl_normalise(a, id, rh, rr);
	}
	e->acl.id = id;
	if (strpbrk(id, "*?[") != NULL)
		e->flags |= ZK_BLE_PATTERN;
	return 0;
bad:
	return rp_diag_fail(d, RP_EINVAL, p->source, 0,
	    "profile %s: bad ACL entry '%.*s' (want [?]scheme:id:perms or ${var}:perms, perms from cdrwa)",
	    p->name, (int)n, s);
}

int
zk_baseline_expected(const struct zk_baseline *b, const struct zk_bl_match *m,
    struct arena *a, struct zk_bl_entry **out, size_t *n, struct rp_diag *d)
{
	const char *s = m->rule->acl, *end;
	size_t cnt = 1, i = 0;
	struct zk_bl_entry *e;
	int r;

	for (end = s; *end != '\0'; end++)
		if (*end == ',')
			cnt++;
	e = arena_calloc(a, cnt, sizeof(*e));
	while (*s != '\0') {
		size_t len = strcspn(s, ",");

		if (len > 0) {
			r = parse_entry(b, m->inst->profile, s, len, a, &e[i],
			    d);
			if (r != 0)
				return r;
			i++;
		}
		s += len;
		if (*s == ',')
			s++;
	}
	*out = e;
	*n = i;
	return 0;
}

int
zk_baseline_expected_path(const struct zk_baseline *b, const char *path,
    struct arena *a, struct zk_bl_match *m, struct zk_bl_entry **out, size_t *n,
    struct rp_diag *d)
{
	struct zk_bl_match mm;
	int r;

	if (!zk_baseline_match(b, path, 0, &mm))
		return 0;
	if (m != NULL)
		*m = mm;
	r = zk_baseline_expected(b, &mm, a, out, n, d);
	return r != 0 ? r : 1;
}

int
zk_bl_entry_matches(const struct zk_bl_entry *e, const char *scheme,
    const char *id)
{
	if (strcmp(e->acl.scheme, scheme) != 0)
		return 0;
	if (e->flags & ZK_BLE_PATTERN)
		return fnmatch(e->acl.id, id, 0) == 0;
	return strcmp(e->acl.id, id) == 0;
}

void
zk_bl_format(struct strbuf *sb, const struct zk_bl_entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_addch(sb, ',');
		if (e[i].flags & ZK_BLE_OPTIONAL)
			strbuf_addch(sb, '?');
		zk_acl_format(sb, &e[i].acl, 0);
	}
}

/*
 * Profile files.  A YAML document:
 *   profiles:
 *     - name: NAME
 *       title: TEXT            (optional)
 *       roots: [/root, ...]
 *       markers: [/rel, ...]   (optional)
 *       service: SCHEME:ID     (${svc})
 *       rules:
 *         - path: PATTERN
 *           acl: IDENT:PERMS[,...]
 *           sensitive: BOOL    (optional)
 *           open: BOOL         (optional: open by design)
 *           fix: BOOL          (optional, default true)
 *           note: TEXT         (optional)
 */
static int
yaml_fail(struct rp_diag *d, const char *path, const struct ynode *n,
    const char *what)
{
	return rp_diag_fail(d, RP_EINVAL, path, n != NULL ? (long)n->line : 0,
	    "%s", what);
}

static int
yaml_strlist(struct arena *a, const struct ynode *n, const char **out,
    size_t max, int want_slash)
{
	size_t i;

	if (n == NULL)
		return 0;
	if (n->type != YNODE_SEQ || ynode_len(n) >= max)
		return -1;
	for (i = 0; i < ynode_len(n); i++) {
		const char *s = ynode_str(ynode_item(n, i));

		if (s == NULL || (want_slash && s[0] != '/'))
			return -1;
		out[i] = arena_strdup(a, s);
	}
	out[i] = NULL;
	return 0;
}

static int
yaml_flag(const struct ynode *map, const char *key, int def, int *out)
{
	const struct ynode *v = ynode_get(map, key);

	*out = def;
	if (v == NULL)
		return 0;
	switch (ynode_bool(v, out)) {
	case YGET_UNSET:
		*out = def;
		return 0;
	case YGET_OK:
	case YGET_YAML11:
		return 0;
	case YGET_COERCED:
	case YGET_INVALID:
		return -1;
	}
	return -1;
}

/* "**" components of a pattern (matching cost grows with their number). */
static int
count_globstars(const char *pat)
{
	int n = 0;
	size_t l;
	const char *c = pat;

	for (;;) {
		c = next_comp(c, &l);
		if (l == 0)
			return n;
		if (l == 2 && c[0] == '*' && c[1] == '*')
			n++;
		c += l;
	}
}

static int
load_profile(struct zk_baseline *b, const char *path, const struct ynode *pn,
    struct rp_diag *d)
{
	struct arena *a = &b->arena;
	struct zk_profile *p = arena_calloc(a, 1, sizeof(*p));
	const struct ynode *rules = ynode_get(pn, "rules");
	struct zk_baseline_rule *rv;
	const char *s;
	size_t i;

	if (pn->type != YNODE_MAP)
		return yaml_fail(d, path, pn, "a profile must be a mapping");
	s = ynode_get_str(pn, "name");
	if (s == NULL || *s == '\0' || strpbrk(s, ",: ") != NULL)
		return yaml_fail(d, path, pn,
		    "profile: 'name' is required (no ',', ':' or space)");
	p->name = arena_strdup(a, s);
	s = ynode_get_str(pn, "title");
	p->title = arena_strdup(a, s != NULL ? s : p->name);
	s = ynode_get_str(pn, "service");
	if (s == NULL || strchr(s, ':') == NULL)
		return yaml_fail(d, path, pn,
		    "profile: 'service' must be SCHEME:ID (e.g. sasl:myapp)");
	p->svc = arena_strdup(a, s);
	p->source = arena_strdup(a, path);
	if (yaml_strlist(a, ynode_get(pn, "roots"), p->roots,
	        ZK_PROFILE_MAX_ROOTS, 1) != 0 ||
	    p->roots[0] == NULL)
		return yaml_fail(d, path, pn,
		    "profile: 'roots' must be a list of 1 to 5 paths starting with /");
	if (yaml_strlist(a, ynode_get(pn, "markers"), p->markers,
	        ZK_PROFILE_MAX_MARKERS, 1) != 0)
		return yaml_fail(d, path, pn,
		    "profile: 'markers' must be a list of up to 5 paths starting with /");
	if (rules == NULL || rules->type != YNODE_SEQ || ynode_len(rules) == 0)
		return yaml_fail(d, path, pn,
		    "profile: 'rules' must be a non-empty list");
	rv = arena_calloc(a, ynode_len(rules), sizeof(*rv));
	for (i = 0; i < ynode_len(rules); i++) {
		const struct ynode *rn = ynode_item(rules, i);
		int sens, open, fix;
		const char *pat, *acl;

		if (rn->type != YNODE_MAP)
			return yaml_fail(d, path, rn,
			    "a rule must be a mapping");
		pat = ynode_get_str(rn, "path");
		acl = ynode_get_str(rn, "acl");
		if (pat == NULL || pat[0] != '/' || acl == NULL)
			return yaml_fail(d, path, rn,
			    "rule: 'path' (starting with /) and 'acl' are required");
		if (count_globstars(pat) > ZK_BL_MAX_GLOBSTARS)
			return yaml_fail(d, path, rn,
			    "rule: at most 3 '**' components in a path");
		if (yaml_flag(rn, "sensitive", 0, &sens) != 0 ||
		    yaml_flag(rn, "open", 0, &open) != 0 ||
		    yaml_flag(rn, "fix", 1, &fix) != 0)
			return yaml_fail(d, path, rn,
			    "rule: 'sensitive', 'open' and 'fix' take true or false");
		rv[i].pattern = arena_strdup(a, pat);
		rv[i].acl = arena_strdup(a, acl);
		rv[i].flags = (sens ? ZK_BL_SENSITIVE : 0) |
		    (open ? ZK_BL_OPEN_OK : 0) | (fix ? 0 : ZK_BL_NO_FIX);
		s = ynode_get_str(rn, "note");
		rv[i].note = s != NULL ? arena_strdup(a, s) : NULL;
	}
	p->rules = rv;
	p->nrules = ynode_len(rules);
	/* Check every ACL text now, so errors name the file. */
	for (i = 0; i < p->nrules; i++) {
		struct zk_bl_inst in = { .profile = p, .root = p->roots[0] };
		struct zk_bl_match m = { .inst = &in, .rule = &rv[i] };
		struct zk_bl_entry *e;
		size_t n;
		struct arena tmp;
		int r;

		arena_init(&tmp, 0);
		r = zk_baseline_expected(b, &m, &tmp, &e, &n, d);
		arena_release(&tmp);
		if (r != 0) {
			d->line = ynode_item(rules, i)->line;
			return r;
		}
	}
	add_profile(b, p);
	return 0;
}

/* Profiles of the first document of y; name is the input for messages. */
static int
load_yload(struct zk_baseline *b, struct yload *y, const char *name,
    struct rp_diag *d)
{
	struct arena a;
	struct ydoc doc;
	const struct ynode *list;
	size_t i;
	int r;

	arena_init(&a, 0);
	r = yload_next(y, &a, &doc, d);
	if (r < 0)
		goto out;
	if (r == 0) {
		r = rp_diag_fail(d, RP_EPARSE, name, 0, "no YAML document");
		goto out;
	}
	list = ynode_get(doc.root, "profiles");
	if (list == NULL || list->type != YNODE_SEQ) {
		r = yaml_fail(d, name, doc.root,
		    "expected a top-level 'profiles:' list");
		goto out;
	}
	r = 0;
	for (i = 0; i < ynode_len(list) && r == 0; i++)
		r = load_profile(b, name, ynode_item(list, i), d);
out:
	arena_release(&a);
	return r;
}

int
zk_baseline_load_file(struct zk_baseline *b, const char *path,
    struct rp_diag *d)
{
	struct yload *y = NULL;
	int r;

	r = yload_open(&y, path, path, NULL, d);
	if (r == 0)
		r = load_yload(b, y, path, d);
	yload_free(y);
	return r;
}

int
zk_baseline_load_mem(struct zk_baseline *b, const void *data, size_t len,
    const char *name, struct rp_diag *d)
{
	struct yload *y = NULL;
	int r;

	r = yload_open_mem(&y, data, len, name, NULL);
	if (r != 0)
		return rp_diag_fail(d, r, name, 0, "cannot load the profiles");
	r = load_yload(b, y, name, d);
	yload_free(y);
	return r;
}
