/*
 * waiver.c - waiver matching and the annotation syntax.
 *
 * SPDX-License-Identifier: MIT
 */
#include "core/waiver.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

void
waiver_release(struct waiver *w)
{
	FREE_AND_NULL(w->rule);
	FREE_AND_NULL(w->subject);
	FREE_AND_NULL(w->justification);
	FREE_AND_NULL(w->source);
	FREE_AND_NULL(w->file);
}

static int
glob_match(const char *glob, const char *s)
{
	return s != NULL && fnmatch(glob, s, 0) == 0;
}

int
waiver_matches(const struct waiver *w, const struct finding *f)
{
	const char *id = rule_catalog[f->rule].id;

	if (!glob_match(w->rule, id))
		return 0;
	if (w->subject == NULL || strcmp(w->subject, "*") == 0)
		return 1;
	return glob_match(w->subject, f->object) ||
	    glob_match(w->subject, f->file) || glob_match(w->subject, f->path);
}

int
waiver_expired(const struct waiver *w, const char *today)
{
	return w->expires[0] != '\0' && strcmp(w->expires, today) < 0;
}

static int
parse_one(const char *s, size_t len, const char *source, struct waiver *w,
    struct rp_diag *d)
{
	char *text = xstrndup(s, len), *p = text, *reason, *exp;
	size_t n;
	int r = RP_EPARSE;

	memset(w, 0, sizeof(*w));
	while (*p == ' ' || *p == '\t')
		p++;
	n = strcspn(p, " \t");
	if (n == 0) {
		rp_diag_fail(d, r, source, 0, "waiver without a rule");
		goto out;
	}
	w->rule = xstrndup(p, n);
	p += n;
	reason = strstr(p, "reason=");
	exp = strstr(p, "expires=");
	if (reason == NULL) {
		rp_diag_fail(d, r, source, 0,
		    "waiver for %s has no reason=...; a justification is required",
		    w->rule);
		goto out;
	}
	if (exp != NULL) {
		char date[11];

		*exp = '\0';
		exp += strlen("expires=");
		n = strcspn(exp, " \t");
		if (n != 10) {
			rp_diag_fail(d, r, source, 0,
			    "waiver for %s: expires= needs a date YYYY-MM-DD",
			    w->rule);
			goto out;
		}
		memcpy(date, exp, 10);
		date[10] = '\0';
		if (rp_date_valid(date) != 0) {
			rp_diag_fail(d, r, source, 0,
			    "waiver for %s: '%s' is not a valid date", w->rule,
			    date);
			goto out;
		}
		memcpy(w->expires, date, sizeof(date));
	}
	reason += strlen("reason=");
	n = strlen(reason);
	while (n > 0 && (reason[n - 1] == ' ' || reason[n - 1] == '\t'))
		n--;
	if (n == 0) {
		rp_diag_fail(d, r, source, 0, "waiver for %s has an empty reason",
		    w->rule);
		goto out;
	}
	w->justification = xstrndup(reason, n);
	w->subject = xstrdup("*");
	w->source = xstrdup(source);
	r = 0;
out:
	if (r != 0)
		waiver_release(w);
	free(text);
	return r;
}

int
waiver_parse_annotation(const char *value, const char *source,
    struct waiver **ws, size_t *n, size_t *alloc, struct rp_diag *d)
{
	const char *p = value;
	int r;

	while (*p != '\0') {
		size_t len = strcspn(p, ";\n");
		const char *q = p;

		while (q < p + len && (*q == ' ' || *q == '\t'))
			q++;
		if (q < p + len) {
			ALLOC_GROW(*ws, *n + 1, *alloc);
			r = parse_one(p, len, source, &(*ws)[*n], d);
			if (r != 0)
				return r;
			(*n)++;
		}
		p += len;
		if (*p != '\0')
			p++;
	}
	return 0;
}
