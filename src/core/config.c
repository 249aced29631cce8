/*
 * config.c - the configuration file.
 *
 * SPDX-License-Identifier: MIT
 */
#include "core/config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/yload.h"
#include "util/banned.h"

static const char *const top_keys[] = {
	"level", "fail-on", "only", "skip", "waivers", "k8s", "zk", "host",
	"fim", "report",
};

void
config_init(struct config *c)
{
	arena_init(&c->arena, 0);
	c->root = NULL;
	c->path = NULL;
}

void
config_release(struct config *c)
{
	arena_release(&c->arena);
	free(c->path);
	c->path = NULL;
	c->root = NULL;
}

static int bad(const struct config *c, const struct ynode *n,
    struct rp_diag *d, const char *fmt, ...) RP_PRINTF(4, 5);

static int
bad(const struct config *c, const struct ynode *n, struct rp_diag *d,
    const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = rp_diag_vfail(d, RP_EINVAL, c->path, n != NULL ? (long)n->line : 0,
	    fmt, ap);
	va_end(ap);

	if (d != NULL && n != NULL)
		d->col = n->col;
	return r;
}

int
config_load(struct config *c, const char *path, struct rp_diag *d)
{
	struct yload *y = NULL;
	struct ydoc doc;
	struct ydoc extra;
	size_t i, k;
	int r;

	c->path = xstrdup(path);
	if ((r = yload_open(&y, path, path, NULL, d)) != 0)
		return r;
	r = yload_next(y, &c->arena, &doc, d);
	if (r < 0)
		goto out;
	if (r == 0) {
		/* An empty file is an empty configuration. */
		r = 0;
		goto out;
	}
	if (yload_next(y, &c->arena, &extra, d) != 0) {
		r = rp_diag_fail(d, RP_EINVAL, path, extra.line,
		    "the configuration must be a single YAML document");
		goto out;
	}
	if (doc.diags != NULL) {
		r = rp_diag_fail(d, RP_EINVAL, path, doc.diags->line, "%s",
		    doc.diags->msg);
		goto out;
	}
	if (doc.root->type != YNODE_MAP) {
		r = bad(c, doc.root, d, "the configuration must be a mapping");
		goto out;
	}
	for (i = 0; i < doc.root->n; i++) {
		const struct ynode *key = doc.root->u.pairs[i].key;
		int known = 0;

		for (k = 0; k < ARRAY_SIZE(top_keys); k++)
			if (strcmp(key->u.s, top_keys[k]) == 0)
				known = 1;
		if (!known) {
			r = bad(c, key, d, "unknown setting '%s'", key->u.s);
			goto out;
		}
	}
	c->root = doc.root;
	r = 0;
out:
	yload_free(y);
	return r;
}

const struct ynode *
config_section(const struct config *c, const char *name)
{
	return ynode_get(c->root, name);
}

int
config_strv(const struct config *c, const struct ynode *map, const char *key,
    char ***out, size_t *n, struct rp_diag *d)
{
	const struct ynode *v = ynode_get(map, key);
	size_t i;

	*out = NULL;
	*n = 0;
	if (ynode_is_null(v))
		return 0;
	if (v->type == YNODE_SCALAR) {
		*out = xcalloc(1, sizeof(**out));
		(*out)[0] = xstrdup(v->u.s);
		*n = 1;
		return 0;
	}
	if (v->type != YNODE_SEQ)
		return bad(c, v, d, "'%s' must be a list of strings", key);
	*out = xcalloc(v->n ? v->n : 1, sizeof(**out));
	for (i = 0; i < v->n; i++) {
		const struct ynode *it = v->u.items[i];

		if (it->type != YNODE_SCALAR) {
			size_t j;

			for (j = 0; j < i; j++)
				free((*out)[j]);
			FREE_AND_NULL(*out);
			return bad(c, it, d, "'%s' must be a list of strings",
			    key);
		}
		(*out)[i] = xstrdup(it->u.s);
	}
	*n = v->n;
	return 0;
}

int
config_apply_policy(const struct config *c, struct policy *p, unsigned cli_set,
    struct rp_diag *d)
{
	const struct ynode *v;
	int r;

	if (c->root == NULL)
		return 0;
	v = ynode_get(c->root, "level");
	if (!(cli_set & CLI_SET_LEVEL) && !ynode_is_null(v) &&
	    (ynode_str(v) == NULL || level_parse(v->u.s, &p->level) != 0))
		return bad(c, v, d,
		    "level must be basic, standard or elevated");
	v = ynode_get(c->root, "fail-on");
	if (!(cli_set & CLI_SET_FAIL_ON) && !ynode_is_null(v)) {
		enum severity sev;

		if (ynode_str(v) != NULL && strcmp(v->u.s, "none") == 0) {
			p->fail_never = 1;
		} else if (ynode_str(v) == NULL ||
		    severity_parse(v->u.s, &sev) != 0) {
			return bad(c, v, d,
			    "fail-on must be info, low, medium, high, critical or none");
		} else {
			p->fail_on = sev;
			p->fail_never = 0;
		}
	}
	if (!(cli_set & CLI_SET_ONLY) && ynode_get(c->root, "only") != NULL) {
		if ((r = config_strv(c, c->root, "only", &p->only, &p->nonly,
			 d)) != 0)
			return r;
	}
	if (!(cli_set & CLI_SET_SKIP) && ynode_get(c->root, "skip") != NULL) {
		if ((r = config_strv(c, c->root, "skip", &p->skip, &p->nskip,
			 d)) != 0)
			return r;
	}
	return 0;
}

static const char *const waiver_keys[] = {
	"rule", "subject", "justification", "expires",
};

/* A string setting of waiver w: absent is NULL, anything but a scalar bad. */
static int
waiver_str(const struct config *c, const struct ynode *w, const char *key,
    const char **out, struct rp_diag *d)
{
	const struct ynode *v = ynode_get(w, key);

	*out = NULL;
	if (ynode_is_null(v))
		return 0;
	if (v->type != YNODE_SCALAR)
		return bad(c, v, d, "waiver: '%s' must be a string", key);
	*out = v->u.s;
	return 0;
}

int
config_apply_waivers(const struct config *c, struct result *r,
    struct rp_diag *d)
{
	const struct ynode *ws = ynode_get(c->root, "waivers");
	size_t i, j, k;
	int ret;

	if (ynode_is_null(ws))
		return 0;
	if (ws->type != YNODE_SEQ)
		return bad(c, ws, d, "waivers must be a list");
	for (i = 0; i < ws->n; i++) {
		const struct ynode *w = ws->u.items[i];
		const char *rule, *subject, *just, *exp;
		struct waiver *out;

		if (w->type != YNODE_MAP)
			return bad(c, w, d, "each waiver must be a mapping");
		/* A typo such as "expiry:" must not silently drop a date. */
		for (j = 0; j < w->n; j++) {
			const struct ynode *key = w->u.pairs[j].key;
			int known = 0;

			for (k = 0; k < ARRAY_SIZE(waiver_keys); k++)
				if (strcmp(key->u.s, waiver_keys[k]) == 0)
					known = 1;
			if (!known)
				return bad(c, key, d,
				    "waiver: unknown setting '%s' (rule, subject, justification, expires)",
				    key->u.s);
		}
		if ((ret = waiver_str(c, w, "rule", &rule, d)) != 0 ||
		    (ret = waiver_str(c, w, "subject", &subject, d)) != 0 ||
		    (ret = waiver_str(c, w, "justification", &just, d)) != 0 ||
		    (ret = waiver_str(c, w, "expires", &exp, d)) != 0)
			return ret;
		if (rule == NULL || *rule == '\0')
			return bad(c, w, d, "waiver without 'rule'");
		if (just == NULL || *just == '\0')
			return bad(c, w, d,
			    "waiver for %s needs a 'justification'", rule);
		if (exp != NULL && rp_date_valid(exp) != 0)
			return bad(c, ynode_get(w, "expires"), d,
			    "'%s' is not a date YYYY-MM-DD", exp);
		ALLOC_GROW(r->waivers, r->nwaivers + 1, r->waivers_alloc);
		out = &r->waivers[r->nwaivers++];
		memset(out, 0, sizeof(*out));
		out->rule = xstrdup(rule);
		out->subject = xstrdup(subject != NULL ? subject : "*");
		out->justification = xstrdup(just);
		if (exp != NULL)
			memcpy(out->expires, exp, 11);
		out->source = xasprintf("%s:%u", c->path, w->line);
		out->file = xstrdup(c->path);
		out->line = w->line;
	}
	return 0;
}
