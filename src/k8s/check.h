/*
 * check.h - the plug-in interface of Kubernetes checks.
 *
 * A check is one const struct k8s_check, listed in the table of
 * src/k8s/checks.c.  The scan builds a struct k8s_object for every object
 * of every document and calls each check's object hook while the document
 * is in memory; after the last input it calls each finish hook, in table
 * order, for rules that relate objects to each other (LimitRange defaults,
 * NetworkPolicy coverage, RBAC bindings ...).
 *
 * Memory: the object and everything reachable from it live until the
 * document is done.  A cross-object check keeps only compact summaries in
 * ctx->keep (k8s_keep_*), so memory grows with what those rules need, never
 * with the number of documents.  Per-check state comes from k8s_state().
 *
 * Findings: k8s_add() reports a finding about a subject (an object's ref,
 * or a ref kept for finish); it fills file, line, object and the object's
 * waivers (the rampart.io/waive annotation) so a waiver covers every
 * finding of its object, including those of finish hooks.  Every rule that
 * evaluated an object and did not fire reports k8s_pass().
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_K8S_CHECK_H
#define RAMPART_K8S_CHECK_H

#include <stdarg.h>
#include <stddef.h>

#include "core/finding.h"
#include "core/result.h"
#include "k8s/k8s.h"
#include "k8s/object.h"
#include "util/arena.h"
#include "util/compat.h"

struct k8s_ctx;

struct k8s_check {
	const char *name;
	/* Called for every object while its document is in memory. */
	void (*object)(struct k8s_ctx *ctx, const struct k8s_object *obj);
	/* Called once after all inputs (may be NULL). */
	void (*finish)(struct k8s_ctx *ctx);
	/* Keys of the k8s: section of rampart.yaml it reads (NULL-ended). */
	const char *const *config_keys;
};

/* The table (src/k8s/checks.c), NULL-terminated. */
extern const struct k8s_check *const k8s_checks[];

struct k8s_state;

struct k8s_ctx {
	struct result *r;
	const struct k8s_opts *opts;
	struct arena keep;     /* lives until k8s_ctx_release() */
	struct arena *scratch; /* the current document; reset after it */
	enum level level;      /* the policy's level */

	/* private */
	struct k8s_state *states;
	unsigned char on[RULE__COUNT];
	const char *last_file; /* interned file name (keep) */
	const char *last_file_src;
	struct arena finish_scratch;
};

/*
 * Check the k8s: section of the configuration: every key must be read by
 * some check (a typo must not silently switch a setting off).  Returns 0,
 * or RP_EINVAL with d naming the key.
 */
int k8s_config_check(const struct ynode *section,
    struct rp_diag *d) RP_MUST_CHECK;

/* Prepare ctx for a scan writing to r.  Release with k8s_ctx_release(). */
void k8s_ctx_init(struct k8s_ctx *ctx, struct result *r,
    const struct k8s_opts *opts);
void k8s_ctx_release(struct k8s_ctx *ctx);

/* Run every check's object hook on obj. */
void k8s_ctx_object(struct k8s_ctx *ctx, const struct k8s_object *obj);

/* Run every check's finish hook (scratch is a fresh arena meanwhile). */
void k8s_ctx_finish(struct k8s_ctx *ctx);

/* True when the policy runs rule id (level, --only/--skip, optional). */
static inline int
k8s_on(const struct k8s_ctx *ctx, enum rule_id id)
{
	return ctx->on[id];
}

/*
 * Zero-filled state of size bytes for the check called name, allocated in
 * keep on the first call; later calls return the same block.
 */
void *k8s_state(struct k8s_ctx *ctx, const char *name, size_t size);

/* A finding of rule with status st and the rule's severity. */
static inline struct finding
k8s_finding(enum rule_id rule, enum status st)
{
	struct finding f = { .rule = rule, .status = st, .severity = -1 };

	return f;
}

/*
 * Report f about subj: file, line and object come from subj unless f sets
 * them, line and column from at when it is not NULL, and subj's waivers
 * are attached.  Strings are copied by the result.
 */
void k8s_add(struct k8s_ctx *ctx, const struct k8s_ref *subj,
    const struct ynode *at, struct finding *f);

/*
 * Shorthand for the common case: a failure of rule (rule severity when
 * severity < 0) at node at with field path, evidence, expected and a
 * printf message.
 */
void k8s_fail(struct k8s_ctx *ctx, const struct k8s_ref *subj,
    enum rule_id rule, int severity, const struct ynode *at, const char *path,
    const char *evidence, const char *expected, const char *fmt, ...)
    RP_PRINTF(9, 10);

/* The same with a va_list. */
void k8s_vfail(struct k8s_ctx *ctx, const struct k8s_ref *subj,
    enum rule_id rule, int severity, const struct ynode *at, const char *path,
    const char *evidence, const char *expected, const char *fmt, va_list ap)
    RP_PRINTF(9, 0);

/* rule evaluated subj and did not fire. */
void k8s_pass(struct k8s_ctx *ctx, const struct k8s_ref *subj,
    enum rule_id rule);

/*
 * rule does not apply to subj; why (may be NULL: counted only) is shown as
 * a note.
 */
void k8s_na(struct k8s_ctx *ctx, const struct k8s_ref *subj, enum rule_id rule,
    const char *why);

/* printf into scratch (valid until the document or finish hook is done). */
const char *k8s_fmt(struct k8s_ctx *ctx, const char *fmt, ...) RP_PRINTF(2, 3);

/* Scalar text of n for evidence ("true", "0"), or "null" / "(map)". */
const char *k8s_text(const struct ynode *n);

/* Copies into keep, for data that finish hooks need. */
const char *k8s_keep_str(struct k8s_ctx *ctx, const char *s);
const struct k8s_ref *k8s_keep_ref(struct k8s_ctx *ctx,
    const struct k8s_ref *ref);
void k8s_keep_labels(struct k8s_ctx *ctx, struct k8s_labels *out /* OUT */,
    const struct ynode *map);
void k8s_keep_selector(struct k8s_ctx *ctx, struct k8s_selector *out /* OUT */,
    const struct ynode *node);

/*
 * A value of the k8s: section of rampart.yaml (NULL when absent), and the
 * same as a list of strings (a scalar counts as one; *n = 0 when absent).
 * The strings are borrowed from the configuration.
 */
const struct ynode *k8s_config(const struct k8s_ctx *ctx, const char *key);
const char **k8s_config_strv(struct k8s_ctx *ctx, const char *key,
    size_t *n /* OUT */);

#endif
