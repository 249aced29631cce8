/*
 * diff.c - what changed between two results: failures that are new, fixed
 * or still there, and rules that ran in one run only.
 *
 * A failure is identified by its rule, file, object and field path, not by
 * its line (editing a file above it moves it) nor its message (which may
 * carry the observed value).  Several failures with the same identity are
 * counted as a multiset, so one more of them is one newly failing.  Only
 * failures that count (status fail, no valid waiver) are compared.  A
 * failure that is gone because its rule did not run in the new result is
 * "no longer checked", not fixed.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/strbuf.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"

#include "util/banned.h"

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
key_part(struct strbuf *sb, const char *s)
{
	/* \x1e marks "none", \x1f separates: neither occurs in the parts. */
	if (s == NULL)
		strbuf_addch(sb, '\x1e');
	else
		strbuf_addstr(sb, s);
	strbuf_addch(sb, '\x1f');
}

/* The failures of r that count, sorted by identity. */
static struct diff_item *
failures(const struct result *r, size_t *n)
{
	struct diff_item *v = NULL;
	struct result_iter it;
	struct finding f;
	size_t alloc = 0;

	*n = 0;
	result_iter_init(&it, r);
	while (result_iter_next(&it, &f)) {
		struct strbuf key = STRBUF_INIT;
		struct diff_item *d;

		if (f.status != STATUS_FAIL || f.waiver == WAIVER_APPLIED)
			continue;
		ALLOC_GROW(v, *n + 1, alloc);
		d = &v[(*n)++];
		key_part(&key, rule_catalog[f.rule].id);
		key_part(&key, f.file);
		key_part(&key, f.object);
		key_part(&key, f.path);
		d->key = strbuf_detach(&key, NULL);
		d->rule = f.rule;
		d->severity = finding_severity(&f);
		d->file = dup_or_null(f.file);
		d->line = f.line;
		d->object = dup_or_null(f.object);
		d->path = dup_or_null(f.path);
		d->message = dup_or_null(f.message);
	}
	result_iter_release(&it);
	return v;
}

static int
cmp_item(const void *a, const void *b)
{
	const struct diff_item *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	/* Equal keys keep scan order (line) for a stable listing. */
	if (c != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

static void
item_release(struct diff_item *d)
{
	free(d->key);
	free(d->file);
	free(d->object);
	free(d->path);
	free(d->message);
}

static void
push(struct diff_item **v, size_t *n, size_t *alloc, struct diff_item *d)
{
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[(*n)++] = *d;
	memset(d, 0, sizeof(*d));
}

void
result_diff(const struct result *old, const struct result *new,
    struct result_diff *out)
{
	struct diff_item *a, *b;
	size_t na, nb, i = 0, j = 0, k;
	size_t anew = 0, afixed = 0, astill = 0, aunchecked = 0;

	memset(out, 0, sizeof(*out));
	a = failures(old, &na);
	b = failures(new, &nb);
	qsort(a, na, sizeof(*a), cmp_item);
	qsort(b, nb, sizeof(*b), cmp_item);
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : strcmp(a[i].key, b[j].key);

		if (c < 0 && !new->counts[a[i].rule].ran) {
			/* Not fixed: its rule did not run this time. */
			push(&out->unchecked, &out->nunchecked, &aunchecked,
			    &a[i++]);
		} else if (c < 0) {
			push(&out->fixed, &out->nfixed, &afixed, &a[i++]);
		} else if (c > 0) {
			push(&out->newly, &out->nnewly, &anew, &b[j++]);
		} else {
			push(&out->still, &out->nstill, &astill, &b[j++]);
			item_release(&a[i++]);
		}
	}
	free(a);
	free(b);
	for (k = 0; k < RULE__COUNT; k++) {
		if (new->counts[k].ran && !old->counts[k].ran)
			out->added[out->nadded++] = (enum rule_id)k;
		if (old->counts[k].ran && !new->counts[k].ran)
			out->removed[out->nremoved++] = (enum rule_id)k;
	}
}

void
result_diff_release(struct result_diff *d)
{
	size_t i;

	for (i = 0; i < d->nnewly; i++)
		item_release(&d->newly[i]);
	for (i = 0; i < d->nfixed; i++)
		item_release(&d->fixed[i]);
	for (i = 0; i < d->nstill; i++)
		item_release(&d->still[i]);
	for (i = 0; i < d->nunchecked; i++)
		item_release(&d->unchecked[i]);
	free(d->unchecked);
	free(d->newly);
	free(d->fixed);
	free(d->still);
	memset(d, 0, sizeof(*d));
}

static void
text_items(struct out *o, const char *title, const struct diff_item *v,
    size_t n, int list)
{
	size_t i;

	out_printf(o, "\n%s (%zu)\n", title, n);
	if (!list)
		return;
	for (i = 0; i < n; i++) {
		const struct diff_item *d = &v[i];
		const char *sev = severity_name(d->severity);

		out_puts(o, "  ");
		for (; *sev != '\0'; sev++)
			out_putc(o,
			    *sev >= 'a' && *sev <= 'z' ? *sev - 32 : *sev);
		out_printf(o, "  %s  ", rule_catalog[d->rule].id);
		out_term(o,
		    d->object != NULL ? d->object :
		                        rule_catalog[d->rule].title);
		if (d->message != NULL) {
			out_puts(o, ": ");
			out_term(o, d->message);
		}
		out_putc(o, '\n');
		if (d->file != NULL || d->path != NULL) {
			out_puts(o, "      ");
			if (d->file != NULL) {
				out_term(o, d->file);
				if (d->line > 0)
					out_printf(o, ":%u", d->line);
				if (d->path != NULL)
					out_puts(o, "  ");
			}
			if (d->path != NULL)
				out_term(o, d->path);
			out_putc(o, '\n');
		}
	}
}

static void
text_rules(struct out *o, const char *title, const enum rule_id *v, size_t n)
{
	size_t i;

	out_printf(o, "\n%s (%zu)\n", title, n);
	for (i = 0; i < n; i++)
		out_printf(o, "  %s  %s\n", rule_catalog[v[i]].id,
		    rule_catalog[v[i]].title);
}

static void
side(struct out *o, const char *name, const struct result *r)
{
	char t[32];

	out_term(o, name);
	out_printf(o, " (%s, %s)", r->command,
	    rp_time_iso(r->started, t, sizeof(t)));
}

void
result_diff_text(const struct result_diff *d, const struct result *old,
    const char *old_name, const struct result *new, const char *new_name,
    int verbose, struct out *o)
{
	out_puts(o, "rampart diff: ");
	side(o, old_name, old);
	out_puts(o, " -> ");
	side(o, new_name, new);
	out_putc(o, '\n');
	text_items(o, "Newly failing", d->newly, d->nnewly, 1);
	text_items(o, "Fixed", d->fixed, d->nfixed, 1);
	text_items(o, "Still failing", d->still, d->nstill, verbose);
	text_items(o, "No longer checked (the rule did not run)", d->unchecked,
	    d->nunchecked, 1);
	text_rules(o, "Rules added", d->added, d->nadded);
	text_rules(o, "Rules removed", d->removed, d->nremoved);
	out_printf(o,
	    "\nSummary: %zu newly failing, %zu fixed, %zu still failing, %zu no longer checked; %zu rules added, %zu removed; exit %d\n",
	    d->nnewly, d->nfixed, d->nstill, d->nunchecked, d->nadded,
	    d->nremoved, d->nnewly > 0 ? 1 : 0);
}

static void
json_items(struct out *o, const char *key, const struct diff_item *v, size_t n)
{
	size_t i;

	out_printf(o, ",\n  \"%s\": [", key);
	for (i = 0; i < n; i++) {
		const struct diff_item *d = &v[i];

		out_puts(o, i == 0 ? "\n    {" : ",\n    {");
		out_puts(o, "\"rule\":");
		out_json(o, rule_catalog[d->rule].id);
		out_printf(o, ",\"severity\":\"%s\",\"file\":",
		    severity_name(d->severity));
		out_json(o, d->file);
		if (d->line > 0)
			out_printf(o, ",\"line\":%u", d->line);
		else
			out_puts(o, ",\"line\":null");
		out_puts(o, ",\"object\":");
		out_json(o, d->object);
		out_puts(o, ",\"path\":");
		out_json(o, d->path);
		out_puts(o, ",\"message\":");
		out_json(o, d->message);
		out_putc(o, '}');
	}
	out_puts(o, n > 0 ? "\n  ]" : "]");
}

static void
json_rules(struct out *o, const char *key, const enum rule_id *v, size_t n)
{
	size_t i;

	out_printf(o, ",\n  \"%s\": [", key);
	for (i = 0; i < n; i++) {
		if (i > 0)
			out_putc(o, ',');
		out_json(o, rule_catalog[v[i]].id);
	}
	out_putc(o, ']');
}

static void
json_side(struct out *o, const char *key, const char *name,
    const struct result *r)
{
	char t[32];

	out_printf(o, "  \"%s\": {\"file\":", key);
	out_json(o, name);
	out_puts(o, ",\"command\":");
	out_json(o, r->command);
	out_printf(o, ",\"started\":\"%s\"}",
	    rp_time_iso(r->started, t, sizeof(t)));
}

void
result_diff_json(const struct result_diff *d, const struct result *old,
    const char *old_name, const struct result *new, const char *new_name,
    struct out *o)
{
	out_puts(o, "{\n");
	json_side(o, "old", old_name, old);
	out_puts(o, ",\n");
	json_side(o, "new", new_name, new);
	json_items(o, "newly_failing", d->newly, d->nnewly);
	json_items(o, "fixed", d->fixed, d->nfixed);
	json_items(o, "still_failing", d->still, d->nstill);
	json_items(o, "no_longer_checked", d->unchecked, d->nunchecked);
	json_rules(o, "rules_added", d->added, d->nadded);
	json_rules(o, "rules_removed", d->removed, d->nremoved);
	out_printf(o,
	    ",\n  \"summary\": {\"newly_failing\":%zu,\"fixed\":%zu,\"still_failing\":%zu,\"no_longer_checked\":%zu,\"rules_added\":%zu,\"rules_removed\":%zu}\n}\n",
	    d->nnewly, d->nfixed, d->nstill, d->nunchecked, d->nadded,
	    d->nremoved);
}
