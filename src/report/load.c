/*
 * load.c - read a saved JSON result back into a struct result.
 *
 * The JSON result is the canonical form (docs/result-schema.md): every
 * other format can be derived from it.  This is what `rampart report`
 * converts from.  The file is untrusted input: every field is checked for
 * its type and range, and anything rampart did not write is an error that
 * names the file and line, never an abort.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/arena.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/yload.h"

#include "util/banned.h"

#define RESULT_SCHEMA_ID "https://rampart.invalid/schema/result-1.json"

struct loader {
	const char *path;
	struct rp_diag *d;
	struct result *r;
};

static int bad(struct loader *l, const struct ynode *n, const char *fmt, ...)
    RP_PRINTF(3, 4);

/* Record an error at node n (or the file when n is NULL). */
static int
bad(struct loader *l, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)rp_diag_vfail(l->d, RP_EPARSE, l->path,
	    n != NULL ? (long)n->line : 0, fmt, ap);
	va_end(ap);
	if (l->d != NULL && n != NULL)
		l->d->col = n->col;
	return RP_EPARSE;
}

/*
 * Member key of map m, which must be there and of type want; NULL after
 * recording the error in l->d.
 */
static const struct ynode *
get(struct loader *l, const struct ynode *m, const char *key, int want)
{
	const struct ynode *v = ynode_get(m, key);

	if (v == NULL) {
		bad(l, m, "missing \"%s\"", key);
		return NULL;
	}
	if (v->type != want) {
		bad(l, v, "\"%s\" has the wrong type", key);
		return NULL;
	}
	return v;
}

static int
member(struct loader *l, const struct ynode *m, const char *key, int want,
    const struct ynode **out)
{
	*out = get(l, m, key, want);
	return *out != NULL ? 0 : RP_EPARSE;
}

/* A string member (a quoted scalar); never NULL on success. */
static int
str(struct loader *l, const struct ynode *m, const char *key, const char **out)
{
	const struct ynode *v = get(l, m, key, YNODE_SCALAR);

	*out = "";
	if (v == NULL)
		return RP_EPARSE;
	if (!(v->flags & YNODE_QUOTED) || v->u.s == NULL)
		return bad(l, v, "\"%s\" must be a string", key);
	*out = v->u.s;
	return 0;
}

/* A string member or JSON null (*out NULL). */
static int
nstr(struct loader *l, const struct ynode *m, const char *key, const char **out)
{
	const struct ynode *v = get(l, m, key, YNODE_SCALAR);

	*out = NULL;
	if (v == NULL)
		return RP_EPARSE;
	if (!(v->flags & YNODE_QUOTED) && ynode_is_null(v))
		return 0;
	return str(l, m, key, out);
}

static int
count(struct loader *l, const struct ynode *m, const char *key, uint64_t *out)
{
	const struct ynode *v = get(l, m, key, YNODE_SCALAR);
	long long n = 0;

	*out = 0;
	if (v == NULL)
		return RP_EPARSE;
	if ((v->flags & YNODE_QUOTED) || ynode_int(v, &n) != YGET_OK || n < 0)
		return bad(l, v, "\"%s\" must be a count", key);
	*out = (uint64_t)n;
	return 0;
}

/* A line or column: a positive integer that fits 32 bits, or null. */
static int
position(struct loader *l, const struct ynode *m, const char *key,
    unsigned *out)
{
	const struct ynode *v = get(l, m, key, YNODE_SCALAR);
	long long n = 0;

	*out = 0;
	if (v == NULL)
		return RP_EPARSE;
	if (!(v->flags & YNODE_QUOTED) && ynode_is_null(v))
		return 0;
	if ((v->flags & YNODE_QUOTED) || ynode_int(v, &n) != YGET_OK || n < 1 ||
	    n > 0xffffffffLL)
		return bad(l, v, "\"%s\" must be a line or column number", key);
	*out = (unsigned)n;
	return 0;
}

static int
time_member(struct loader *l, const struct ynode *m, const char *key,
    time_t *out)
{
	const char *s = NULL;
	int r;

	*out = 0;
	if ((r = str(l, m, key, &s)) != 0)
		return r;
	if (rp_time_parse_iso(s, out) != 0)
		return bad(l, ynode_get(m, key), "\"%s\" is not a UTC time",
		    key);
	return 0;
}

/* Look name up in a table of strings; its index, or -1. */
static int
lookup(const char *name, const char *(*fn)(int), int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(fn(i), name) == 0)
			return i;
	return -1;
}

static const char *
status_at(int i)
{
	return status_name((enum status)i);
}

static const char *
severity_at(int i)
{
	return severity_name((enum severity)i);
}

static int
strv(struct loader *l, const struct ynode *m, const char *key, char ***out,
    size_t *n)
{
	const struct ynode *seq;
	size_t i;
	int r;

	if ((r = member(l, m, key, YNODE_SEQ, &seq)) != 0)
		return r;
	for (i = 0; i < seq->n; i++) {
		const struct ynode *it = seq->u.items[i];

		if (it->type != YNODE_SCALAR || !(it->flags & YNODE_QUOTED))
			return bad(l, it, "\"%s\" must list strings", key);
		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		(*out)[(*n)++] = xstrdup(it->u.s);
	}
	return 0;
}

static int
load_policy(struct loader *l, const struct ynode *root, struct policy *p)
{
	const struct ynode *pol;
	const char *level, *fail_on;
	int r;

	if ((r = member(l, root, "policy", YNODE_MAP, &pol)) != 0 ||
	    (r = str(l, pol, "level", &level)) != 0 ||
	    (r = str(l, pol, "fail_on", &fail_on)) != 0)
		return r;
	if (level_parse(level, &p->level) != 0)
		return bad(l, ynode_get(pol, "level"), "unknown level '%s'",
		    level);
	if (strcmp(fail_on, "none") == 0)
		p->fail_never = 1;
	else if (severity_parse(fail_on, &p->fail_on) != 0)
		return bad(l, ynode_get(pol, "fail_on"),
		    "unknown severity '%s'", fail_on);
	if ((r = strv(l, pol, "only", &p->only, &p->nonly)) != 0 ||
	    (r = strv(l, pol, "skip", &p->skip, &p->nskip)) != 0)
		return r;
	return 0;
}

static int
load_targets(struct loader *l, const struct ynode *root)
{
	const struct ynode *seq, *gaps, *cov;
	size_t i, j;
	int r;

	if ((r = member(l, root, "targets", YNODE_SEQ, &seq)) != 0)
		return r;
	for (i = 0; i < seq->n; i++) {
		const struct ynode *t = seq->u.items[i], *counts;
		const char *target, *scope;
		struct result_target *rt;

		if (t->type != YNODE_MAP)
			return bad(l, t, "a target must be an object");
		if ((r = str(l, t, "target", &target)) != 0 ||
		    (r = str(l, t, "scope", &scope)) != 0 ||
		    (r = member(l, t, "counts", YNODE_MAP, &counts)) != 0)
			return r;
		if (counts->n > ARRAY_SIZE(rt->unit))
			return bad(l, counts, "more than %zu counters",
			    ARRAY_SIZE(rt->unit));
		rt = result_target_add(l->r, target, scope);
		for (j = 0; j < counts->n; j++) {
			uint64_t n;

			if ((r = count(l, counts, counts->u.pairs[j].key->u.s,
			         &n)) != 0)
				return r;
			result_target_count(rt, counts->u.pairs[j].key->u.s, n);
		}
	}
	if ((r = member(l, root, "coverage", YNODE_MAP, &cov)) != 0 ||
	    (r = member(l, cov, "gaps", YNODE_SEQ, &gaps)) != 0)
		return r;
	for (i = 0; i < gaps->n; i++) {
		const struct ynode *g = gaps->u.items[i];
		const char *target, *what, *why;

		if (g->type != YNODE_MAP)
			return bad(l, g, "a gap must be an object");
		if ((r = str(l, g, "target", &target)) != 0 ||
		    (r = str(l, g, "what", &what)) != 0 ||
		    (r = str(l, g, "why", &why)) != 0)
			return r;
		result_gap(l->r, target, what, why);
	}
	return 0;
}

static int
load_waivers(struct loader *l, const struct ynode *root)
{
	const struct ynode *seq;
	size_t i;
	int r;

	if ((r = member(l, root, "waivers", YNODE_SEQ, &seq)) != 0)
		return r;
	for (i = 0; i < seq->n; i++) {
		const struct ynode *w = seq->u.items[i];
		const char *rule, *subject, *just, *exp, *source;
		struct waiver *out;
		uint64_t matched;

		if (w->type != YNODE_MAP)
			return bad(l, w, "a waiver must be an object");
		if ((r = str(l, w, "rule", &rule)) != 0 ||
		    (r = str(l, w, "subject", &subject)) != 0 ||
		    (r = str(l, w, "justification", &just)) != 0 ||
		    (r = nstr(l, w, "expires", &exp)) != 0 ||
		    (r = nstr(l, w, "source", &source)) != 0 ||
		    (r = count(l, w, "matched", &matched)) != 0)
			return r;
		if (exp != NULL && rp_date_valid(exp) != 0)
			return bad(l, ynode_get(w, "expires"),
			    "\"expires\" is not a date");
		ALLOC_GROW(l->r->waivers, l->r->nwaivers + 1,
		    l->r->waivers_alloc);
		out = &l->r->waivers[l->r->nwaivers++];
		memset(out, 0, sizeof(*out));
		out->rule = xstrdup(rule);
		out->subject = xstrdup(subject);
		out->justification = xstrdup(just);
		if (exp != NULL)
			memcpy(out->expires, exp, sizeof(out->expires));
		out->source = source != NULL ? xstrdup(source) : NULL;
		out->matched =
		    matched > 0xffffffffu ? 0xffffffffu : (unsigned)matched;
	}
	return 0;
}

static int
rule_of(struct loader *l, const struct ynode *m, const char *key,
    enum rule_id *out)
{
	const struct rule *rule;
	const char *id = NULL;
	int r;

	*out = RULE__COUNT;
	if ((r = str(l, m, key, &id)) != 0)
		return r;
	rule = rule_find(id);
	if (rule == NULL)
		return bad(l, ynode_get(m, key),
		    "rule '%s' is not in this rampart's catalog (a result of another version?)",
		    id);
	*out = rule_index(rule);
	return 0;
}

static int
load_finding(struct loader *l, const struct ynode *n)
{
	const struct ynode *subj = NULL, *wv;
	const char *status = NULL, *severity = NULL;
	struct finding f;
	int st, sev, r;

	memset(&f, 0, sizeof(f));
	if (n->type != YNODE_MAP)
		return bad(l, n, "a finding must be an object");
	if ((r = rule_of(l, n, "rule", &f.rule)) != 0 ||
	    (r = str(l, n, "status", &status)) != 0 ||
	    (r = str(l, n, "severity", &severity)) != 0 ||
	    (r = member(l, n, "subject", YNODE_MAP, &subj)) != 0 ||
	    (r = nstr(l, subj, "file", &f.file)) != 0 ||
	    (r = position(l, subj, "line", &f.line)) != 0 ||
	    (r = position(l, subj, "column", &f.col)) != 0 ||
	    (r = nstr(l, subj, "object", &f.object)) != 0 ||
	    (r = nstr(l, subj, "path", &f.path)) != 0 ||
	    (r = nstr(l, n, "message", &f.message)) != 0 ||
	    (r = nstr(l, n, "evidence", &f.evidence)) != 0 ||
	    (r = nstr(l, n, "expected", &f.expected)) != 0)
		return r;
	if ((st = lookup(status, status_at, STATUS_COUNT)) < 0)
		return bad(l, ynode_get(n, "status"), "unknown status '%s'",
		    status);
	if ((sev = lookup(severity, severity_at, SEV_COUNT)) < 0)
		return bad(l, ynode_get(n, "severity"), "unknown severity '%s'",
		    severity);
	f.status = (enum status)st;
	f.severity = sev;
	wv = ynode_get(n, "waiver");
	if (wv == NULL)
		return bad(l, n, "missing \"waiver\"");
	if (wv->type == YNODE_MAP) {
		const char *state;

		if ((r = str(l, wv, "state", &state)) != 0 ||
		    (r = nstr(l, wv, "justification", &f.waiver_reason)) != 0 ||
		    (r = nstr(l, wv, "expires", &f.waiver_expires)) != 0 ||
		    (r = nstr(l, wv, "source", &f.waiver_source)) != 0)
			return r;
		if (strcmp(state, "applied") == 0)
			f.waiver = WAIVER_APPLIED;
		else if (strcmp(state, "expired") == 0)
			f.waiver = WAIVER_EXPIRED;
		else
			return bad(l, wv, "unknown waiver state '%s'", state);
		if (f.status != STATUS_FAIL)
			return bad(l, wv, "only failures carry a waiver");
		if (f.waiver == WAIVER_EXPIRED)
			l->r->counts[f.rule].expired++;
	} else if (wv->type != YNODE_SCALAR || !ynode_is_null(wv) ||
	    (wv->flags & YNODE_QUOTED)) {
		return bad(l, wv, "\"waiver\" must be an object or null");
	}
	result_restore(l->r, &f);
	return 0;
}

static int
load_rules(struct loader *l, const struct ynode *root)
{
	static const char *const keys[STATUS_COUNT] = {
		[STATUS_PASS] = "pass",
		[STATUS_FAIL] = "fail",
		[STATUS_NA] = "not_applicable",
		[STATUS_ERROR] = "error",
		[STATUS_MANUAL] = "manual",
	};
	const struct ynode *seq;
	size_t i;
	int r, s;

	if ((r = member(l, root, "rules", YNODE_SEQ, &seq)) != 0)
		return r;
	for (i = 0; i < seq->n; i++) {
		const struct ynode *t = seq->u.items[i];
		struct rule_count *c;
		enum rule_id id;

		if (t->type != YNODE_MAP)
			return bad(l, t, "a rule tally must be an object");
		if ((r = rule_of(l, t, "id", &id)) != 0)
			return r;
		c = &l->r->counts[id];
		if (c->ran)
			return bad(l, t, "rule %s tallied twice",
			    rule_catalog[id].id);
		c->ran = 1;
		for (s = 0; s < STATUS_COUNT; s++)
			if ((r = count(l, t, keys[s], &c->status[s])) != 0)
				return r;
		if ((r = count(l, t, "waived", &c->waived)) != 0)
			return r;
		if (c->waived > c->status[STATUS_FAIL])
			return bad(l, t, "more waived than failed");
	}
	return 0;
}

static int
load_root(struct loader *l, const struct ynode *root)
{
	const struct ynode *tool, *findings;
	const char *schema, *command;
	struct policy p;
	size_t i;
	int r;

	if (root->type != YNODE_MAP || ynode_get(root, "schema") == NULL)
		return bad(l, root,
		    "not a rampart result (no JSON object with \"schema\")");
	if ((r = str(l, root, "schema", &schema)) != 0)
		return r;
	if (strcmp(schema, RESULT_SCHEMA_ID) != 0)
		return bad(l, ynode_get(root, "schema"),
		    "schema '%s' is not %s", schema, RESULT_SCHEMA_ID);
	if ((r = member(l, root, "tool", YNODE_MAP, &tool)) != 0 ||
	    (r = str(l, root, "command", &command)) != 0)
		return r;
	policy_init(&p);
	r = load_policy(l, root, &p);
	if (r == 0)
		l->r = result_new(command, &p);
	policy_release(&p);
	if (r != 0)
		return r;
	l->r->restored = 1;
	if ((r = time_member(l, root, "started", &l->r->started)) != 0 ||
	    (r = time_member(l, root, "finished", &l->r->finished)) != 0)
		return r;
	/* Waiver states are judged on the day of the run, not today. */
	rp_date(l->r->started, l->r->today, sizeof(l->r->today));
	if ((r = load_targets(l, root)) != 0 ||
	    (r = load_waivers(l, root)) != 0 ||
	    (r = load_rules(l, root)) != 0 ||
	    (r = member(l, root, "findings", YNODE_SEQ, &findings)) != 0)
		return r;
	for (i = 0; i < findings->n; i++)
		if ((r = load_finding(l, findings->u.items[i])) != 0)
			return r;
	for (i = 0; i < RULE__COUNT; i++)
		if (l->r->counts[i].expired >
		    l->r->counts[i].status[STATUS_FAIL])
			return bad(l, findings,
			    "findings of %s do not match its tally",
			    rule_catalog[i].id);
	if (l->r->spool_err)
		return rp_diag_fail(l->d, RP_EIO, l->path, 0,
		    "cannot spool the findings");
	return 0;
}

/* Load the one document of y (named path in diagnostics). */
static int
load_stream(struct yload *y, const char *path, struct result **out,
    struct rp_diag *d)
{
	struct loader l = { .path = path, .d = d, .r = NULL };
	struct arena a;
	struct ydoc doc, extra;
	int r;

	arena_init(&a, 0);
	r = yload_next(y, &a, &doc, d);
	if (r == 0)
		r = rp_diag_fail(d, RP_EPARSE, path, 0,
		    "empty: not a rampart result");
	if (r < 0)
		goto out;
	if ((r = load_root(&l, doc.root)) != 0)
		goto out;
	r = yload_next(y, &a, &extra, d);
	if (r != 0) {
		r = rp_diag_fail(d, RP_EPARSE, path,
		    r > 0 ? (long)extra.line : 0,
		    "more than one document: a result is one JSON object");
		goto out;
	}
	*out = l.r;
	l.r = NULL;
	r = 0;
out:
	result_free(l.r);
	arena_release(&a);
	return r;
}

static void
load_limits(struct yload_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	lim->max_input = (uint64_t)1 << 30;
	lim->max_doc = (uint64_t)1 << 30;
	lim->max_nodes = (uint32_t)1 << 26;
	yload_limits_default(lim);
}

int
report_load_json(const char *path, struct result **out, struct rp_diag *d)
{
	struct yload_limits lim;
	struct yload *y = NULL;
	int r;

	*out = NULL;
	load_limits(&lim);
	if ((r = yload_open(&y, path, path, &lim, d)) != 0)
		return r;
	r = load_stream(y, path, out, d);
	yload_free(y);
	return r;
}

int
report_load_json_mem(const void *data, size_t len, const char *name,
    struct result **out, struct rp_diag *d)
{
	struct yload_limits lim;
	struct yload *y = NULL;
	int r;

	*out = NULL;
	load_limits(&lim);
	if ((r = yload_open_mem(&y, data, len, name, &lim)) != 0)
		return rp_diag_fail(d, r, name, 0, "cannot load: %s",
		    rp_strerror(r));
	r = load_stream(y, name, out, d);
	yload_free(y);
	return r;
}
