/*
 * result.c - findings spool, counters, waivers and summaries.
 *
 * SPDX-License-Identifier: MIT
 */
#include "core/result.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/timeutil.h"
#include "util/xmalloc.h"
#include "util/banned.h"

struct spool {
	struct strbuf mem; /* records not yet spilled */
	FILE *file;        /* spilled records, or NULL */
	long file_len;
	long long nfile;   /* records in the file */
	long long nmem;    /* records in memory */
};

const char *
status_name(enum status s)
{
	switch (s) {
	case STATUS_PASS:
		return "pass";
	case STATUS_FAIL:
		return "fail";
	case STATUS_NA:
		return "not-applicable";
	case STATUS_ERROR:
		return "error";
	case STATUS_MANUAL:
		return "manual";
	}
	return "?";
}

enum severity
finding_severity(const struct finding *f)
{
	if (f->severity >= 0 && f->severity < SEV_COUNT)
		return (enum severity)f->severity;
	return rule_catalog[f->rule].severity;
}

const char *
control_status_name(enum control_status s)
{
	switch (s) {
	case CONTROL_FAIL:
		return "fail";
	case CONTROL_PASS:
		return "pass";
	case CONTROL_MANUAL:
		return "manual";
	case CONTROL_NOT_ASSESSED:
		return "not-assessed";
	case CONTROL_ERROR:
		return "error";
	}
	return "?";
}

void
policy_init(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->level = LEVEL_STANDARD;
	p->fail_on = SEV_LOW;
}

static void
free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
policy_release(struct policy *p)
{
	free_strv(p->only, p->nonly);
	free_strv(p->skip, p->nskip);
	policy_init(p);
}

static char **
dup_strv(char *const *v, size_t n)
{
	char **out = xcalloc(n ? n : 1, sizeof(*out));
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

static int policy_enables(const struct policy *p, enum rule_id id);

struct result *
result_new(const char *command, const struct policy *p)
{
	struct result *r = xcalloc(1, sizeof(*r));
	size_t i;

	if (p != NULL) {
		r->policy = *p;
		r->policy.only = dup_strv(p->only, p->nonly);
		r->policy.skip = dup_strv(p->skip, p->nskip);
	} else {
		policy_init(&r->policy);
	}
	for (i = 0; i < RULE__COUNT; i++)
		r->enabled[i] = (unsigned char)policy_enables(&r->policy,
		    (enum rule_id)i);
	r->command = xstrdup(command);
	r->started = rp_now();
	rp_date(r->started, r->today, sizeof(r->today));
	r->spool = xcalloc(1, sizeof(*r->spool));
	strbuf_init(&r->spool->mem, 0);
	return r;
}

void
result_free(struct result *r)
{
	size_t i, j;

	if (r == NULL)
		return;
	for (i = 0; i < r->ntargets; i++) {
		free(r->targets[i].target);
		free(r->targets[i].scope);
		for (j = 0; j < r->targets[i].ncounts; j++)
			free(r->targets[i].unit[j]);
	}
	free(r->targets);
	for (i = 0; i < r->ngaps; i++) {
		free(r->gaps[i].target);
		free(r->gaps[i].what);
		free(r->gaps[i].why);
	}
	free(r->gaps);
	for (i = 0; i < r->nwaivers; i++)
		waiver_release(&r->waivers[i]);
	free(r->waivers);
	strbuf_release(&r->spool->mem);
	if (r->spool->file != NULL)
		fclose(r->spool->file);
	free(r->spool);
	free(r->command);
	policy_release(&r->policy);
	free(r);
}

static int
any_glob(char *const *globs, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fnmatch(globs[i], id, 0) == 0)
			return 1;
	return 0;
}

static const char *
first_unmatched(char *const *globs, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < RULE__COUNT; j++)
			if (fnmatch(globs[i], rule_catalog[j].id, 0) == 0)
				break;
		if (j == RULE__COUNT)
			return globs[i];
	}
	return NULL;
}

const char *
policy_unmatched_glob(const struct policy *p)
{
	const char *g = first_unmatched(p->only, p->nonly);

	return g != NULL ? g : first_unmatched(p->skip, p->nskip);
}

/* The policy's verdict for one rule; result_new() tabulates it once. */
static int
policy_enables(const struct policy *p, enum rule_id id)
{
	const struct rule *rule = &rule_catalog[id];

	if (p->nskip > 0 && any_glob(p->skip, p->nskip, rule->id))
		return 0;
	if (p->nonly > 0)
		return any_glob(p->only, p->nonly, rule->id);
	if (rule->flags & RULE_OPTIONAL)
		return 0;
	if (rule->target == TARGET_CORE)
		return 1;
	return rule->level <= p->level;
}

int
result_rule_enabled(const struct result *r, enum rule_id id)
{
	return r->enabled[id];
}

/* Spool records: u32 length, u16 rule, u8 status, u8 severity, u8 waiver,
 * u32 line, u32 col, then nine strings as u32 length (0xffffffff = NULL),
 * bytes and a NUL. */
#define NSTR 9

static void
put_str(struct strbuf *sb, const char *s)
{
	size_t len;

	if (s == NULL) {
		buf_put_u32(sb, 0xffffffffu);
		return;
	}
	len = strlen(s);
	buf_put_u32(sb, (uint32_t)len);
	strbuf_add(sb, s, len);
	strbuf_addch(sb, '\0');
}

static void
spool_write(struct result *r, const struct finding *f)
{
	struct spool *sp = r->spool;
	struct strbuf *sb = &sp->mem;
	size_t start = sb->len;
	const char *strs[NSTR] = { f->file, f->object, f->path, f->message,
		f->evidence, f->expected, f->waiver_reason, f->waiver_expires,
		f->waiver_source };
	size_t i;

	buf_put_u32(sb, 0);
	buf_put_u32(sb, (uint32_t)f->rule);
	buf_put_u8(sb, (uint8_t)f->status);
	buf_put_u8(sb, (uint8_t)finding_severity(f));
	buf_put_u8(sb, (uint8_t)f->waiver);
	buf_put_u32(sb, f->line);
	buf_put_u32(sb, f->col);
	for (i = 0; i < NSTR; i++)
		put_str(sb, strs[i]);
	be32_store(sb->buf + start, (uint32_t)(sb->len - start));
	sp->nmem++;
	r->stored++;
	if (sb->len < RESULT_SPOOL_MEM)
		return;
	/* Spill: keeps memory flat however many findings a scan makes. */
	if (sp->file == NULL) {
		sp->file = tmpfile();
		if (sp->file == NULL) {
			r->spool_err = 1;
			return;
		}
	}
	if (fseek(sp->file, sp->file_len, SEEK_SET) != 0 ||
	    fwrite(sb->buf, 1, sb->len, sp->file) != sb->len) {
		r->spool_err = 1;
		return;
	}
	sp->file_len += (long)sb->len;
	sp->nfile += sp->nmem;
	sp->nmem = 0;
	strbuf_reset(sb);
}

/*
 * Report a waiver that needs attention as a finding of core rule id.  The
 * subject is where the waiver is written: a line of the configuration, or
 * the annotated object (file, line, object).
 */
static void
waiver_finding(struct result *r, enum rule_id id, const struct waiver *w,
    const char *file, unsigned line, const char *object, const char *what,
    const char *evidence, const char *expected)
{
	struct strbuf msg = STRBUF_INIT, obj = STRBUF_INIT;
	struct finding f = {
		.rule = id,
		.status = STATUS_FAIL,
		.severity = -1,
		.file = file,
		.line = line,
		.evidence = evidence,
		.expected = expected,
	};

	/* The waiver is the subject, or it is named in the message. */
	strbuf_addf(object != NULL ? &msg : &obj, "waiver for %s", w->rule);
	if (w->subject != NULL && strcmp(w->subject, "*") != 0)
		strbuf_addf(object != NULL ? &msg : &obj, " on '%s'",
		    w->subject);
	strbuf_addf(&msg, "%s%s", msg.len > 0 ? " " : "", what);
	f.message = msg.buf;
	f.object = object != NULL ? object : obj.buf;
	result_add(r, &f);
	strbuf_release(&msg);
	strbuf_release(&obj);
}

/* Expired, unused and open-ended waivers, once nothing more can match. */
static void
waiver_done(struct result *r, const struct waiver *w, int expiry_reported,
    const char *file, unsigned line, const char *object)
{
	if (waiver_expired(w, r->today)) {
		if (!expiry_reported)
			waiver_finding(r, RULE_CORE_WAIVER_EXPIRED, w, file,
			    line, object,
			    w->matched > 0
				? "has expired; the findings it covered count again"
				: "has expired (it matched no finding in this run)",
			    w->expires,
			    "a current expiry date, or the findings fixed");
	} else if (w->matched == 0) {
		waiver_finding(r, RULE_CORE_WAIVER_UNUSED, w, file, line,
		    object, "matched no finding in this run", NULL,
		    "a waiver that covers a current finding");
	}
	if (w->expires[0] == '\0')
		waiver_finding(r, RULE_CORE_WAIVER_NO_EXPIRY, w, file, line,
		    object, "has no expiry date", NULL,
		    "expires: YYYY-MM-DD");
}

static void
apply_waivers(struct result *r, struct finding *f)
{
	struct waiver *best = NULL;
	size_t i;

	for (i = 0; i < f->nlocal_waivers + r->nwaivers; i++) {
		struct waiver *w = i < f->nlocal_waivers
		    ? &f->local_waivers[i]
		    : &r->waivers[i - f->nlocal_waivers];

		if (!waiver_matches(w, f))
			continue;
		w->matched++;
		/*
		 * An expired annotation waiver is reported at its first
		 * match, with the object it is attached to; configuration
		 * waivers are reported by result_finish().
		 */
		if (i < f->nlocal_waivers && w->matched == 1 &&
		    waiver_expired(w, r->today))
			waiver_finding(r, RULE_CORE_WAIVER_EXPIRED, w, f->file,
			    f->line, f->object,
			    "has expired; the findings it covered count again",
			    w->expires,
			    "a current expiry date, or the finding fixed");
		if (best == NULL || (waiver_expired(best, r->today) &&
					!waiver_expired(w, r->today)))
			best = w;
	}
	if (best == NULL)
		return;
	f->waiver = waiver_expired(best, r->today) ? WAIVER_EXPIRED
						   : WAIVER_APPLIED;
	f->waiver_reason = best->justification;
	f->waiver_expires = best->expires[0] ? best->expires : NULL;
	f->waiver_source = best->source;
}

void
result_object_done(struct result *r, const struct waiver *ws, size_t n,
    const char *file, unsigned line, const char *object)
{
	size_t i;

	for (i = 0; i < n; i++)
		waiver_done(r, &ws[i], ws[i].matched > 0, file, line, object);
}

void
result_add(struct result *r, const struct finding *fin)
{
	struct finding f = *fin;
	struct rule_count *c;

	if ((unsigned)f.rule >= RULE__COUNT)
		BUG("finding with rule index %d", (int)f.rule);
	if (!result_rule_enabled(r, f.rule))
		return;
	c = &r->counts[f.rule];
	c->ran = 1;
	if (rule_catalog[f.rule].flags & RULE_MANUAL &&
	    f.status == STATUS_FAIL)
		f.status = STATUS_MANUAL;
	c->status[f.status]++;
	if (f.status == STATUS_PASS && !r->policy.show_passed)
		return;
	if (f.status == STATUS_NA && f.message == NULL)
		return;
	f.waiver = WAIVER_NONE;
	f.waiver_reason = f.waiver_expires = f.waiver_source = NULL;
	/*
	 * Findings about the waivers themselves are never waived: a blanket
	 * waiver ("*") would otherwise hide its own expiry.
	 */
	if (f.status == STATUS_FAIL &&
	    rule_catalog[f.rule].target != TARGET_CORE) {
		apply_waivers(r, &f);
		if (f.waiver == WAIVER_APPLIED)
			c->waived++;
		else if (f.waiver == WAIVER_EXPIRED)
			c->expired++;
	}
	spool_write(r, &f);
}

void
result_restore(struct result *r, const struct finding *f)
{
	if ((unsigned)f->rule >= RULE__COUNT)
		BUG("finding with rule index %d", (int)f->rule);
	spool_write(r, f);
}

void
result_pass(struct result *r, enum rule_id id, const char *object)
{
	struct finding f = {
		.rule = id,
		.status = STATUS_PASS,
		.severity = -1,
		.object = object,
	};

	result_add(r, &f);
}

struct result_target *
result_target_add(struct result *r, const char *target, const char *scope)
{
	struct result_target *t;

	ALLOC_GROW(r->targets, r->ntargets + 1, r->targets_alloc);
	t = &r->targets[r->ntargets++];
	memset(t, 0, sizeof(*t));
	t->target = xstrdup(target);
	t->scope = xstrdup(scope != NULL ? scope : "");
	return t;
}

void
result_target_count(struct result_target *t, const char *unit, uint64_t n)
{
	size_t i;

	for (i = 0; i < t->ncounts; i++) {
		if (strcmp(t->unit[i], unit) == 0) {
			t->count[i] += n;
			return;
		}
	}
	if (t->ncounts == ARRAY_SIZE(t->unit))
		BUG("too many counters on target %s", t->target);
	t->unit[t->ncounts] = xstrdup(unit);
	t->count[t->ncounts++] = n;
}

void
result_gap(struct result *r, const char *target, const char *what,
    const char *why)
{
	struct result_gap *g;

	ALLOC_GROW(r->gaps, r->ngaps + 1, r->gaps_alloc);
	g = &r->gaps[r->ngaps++];
	g->target = xstrdup(target);
	g->what = xstrdup(what != NULL ? what : "");
	g->why = xstrdup(why != NULL ? why : "");
}

void
result_finish(struct result *r)
{
	size_t i;

	if (r->restored)
		return; /* its waivers were reported when it was made */
	for (i = 0; i < r->nwaivers; i++)
		waiver_done(r, &r->waivers[i], 0, r->waivers[i].file,
		    r->waivers[i].line, NULL);
	r->finished = rp_now();
}

uint64_t
result_failing(const struct result *r)
{
	struct result_iter it;
	struct finding f;
	uint64_t n = 0;

	if (r->policy.fail_never)
		return 0;
	result_iter_init(&it, r);
	while (result_iter_next(&it, &f))
		if (f.status == STATUS_FAIL && f.waiver != WAIVER_APPLIED &&
		    finding_severity(&f) >= r->policy.fail_on)
			n++;
	result_iter_release(&it);
	return n;
}

int
result_exit_code(const struct result *r)
{
	size_t i;

	if (r->ngaps > 0 || r->spool_err)
		return 3;
	for (i = 0; i < RULE__COUNT; i++)
		if (r->counts[i].status[STATUS_ERROR] > 0)
			return 3;
	return result_failing(r) > 0 ? 1 : 0;
}

void
result_iter_init(struct result_iter *it, const struct result *r)
{
	it->r = r;
	it->pos = 0;
	it->off = 0;
	it->file_off = 0;
	strbuf_init(&it->rec, 0);
}

void
result_iter_release(struct result_iter *it)
{
	strbuf_release(&it->rec);
}

static int
get_str(struct buf *b, const char **out)
{
	uint32_t len;
	const void *p;
	int r;

	if ((r = buf_get_u32(b, &len)) != 0)
		return r;
	if (len == 0xffffffffu) {
		*out = NULL;
		return 0;
	}
	if ((r = buf_get_raw(b, (size_t)len + 1, &p)) != 0)
		return r;
	*out = p;
	return 0;
}

int
result_iter_next(struct result_iter *it, struct finding *f)
{
	const struct spool *sp = it->r->spool;
	const unsigned char *rec;
	uint32_t len, rule, line, col;
	uint8_t status, sev, waiver;
	const char *strs[NSTR];
	struct buf b;
	size_t i;

	if (it->pos < sp->nfile) {
		unsigned char hdr[4];

		if (fseek(sp->file, it->file_off, SEEK_SET) != 0 ||
		    fread(hdr, 1, 4, sp->file) != 4)
			return 0;
		len = be32_load(hdr);
		strbuf_reset(&it->rec);
		strbuf_grow(&it->rec, len);
		memcpy(it->rec.buf, hdr, 4);
		if (len < 4 || fread(it->rec.buf + 4, 1, len - 4, sp->file) !=
				   len - 4)
			return 0;
		it->rec.len = len;
		rec = (const unsigned char *)it->rec.buf;
		it->file_off += (long)len;
	} else if (it->pos < sp->nfile + sp->nmem) {
		rec = (const unsigned char *)sp->mem.buf + it->off;
		len = be32_load(rec);
		it->off += len;
	} else {
		return 0;
	}
	it->pos++;
	buf_init(&b, rec, len);
	if (buf_skip(&b, 4) != 0 || buf_get_u32(&b, &rule) != 0 ||
	    buf_get_u8(&b, &status) != 0 || buf_get_u8(&b, &sev) != 0 ||
	    buf_get_u8(&b, &waiver) != 0 || buf_get_u32(&b, &line) != 0 ||
	    buf_get_u32(&b, &col) != 0)
		BUG("corrupt finding spool");
	for (i = 0; i < NSTR; i++)
		if (get_str(&b, &strs[i]) != 0)
			BUG("corrupt finding spool");
	memset(f, 0, sizeof(*f));
	f->rule = (enum rule_id)rule;
	f->status = (enum status)status;
	f->severity = sev;
	f->waiver = (enum waiver_state)waiver;
	f->line = line;
	f->col = col;
	f->file = strs[0];
	f->object = strs[1];
	f->path = strs[2];
	f->message = strs[3];
	f->evidence = strs[4];
	f->expected = strs[5];
	f->waiver_reason = strs[6];
	f->waiver_expires = strs[7];
	f->waiver_source = strs[8];
	return 1;
}

size_t
result_framework(const struct result *r, enum framework_id fw,
    struct control_summary *out, uint64_t tally[5])
{
	size_t n = 0, i, j;

	for (i = 0; i < control_count; i++) {
		const struct control *c = &control_table[i];
		struct control_summary *s;
		size_t nmanual = 0;

		if (c->fw != fw)
			continue;
		s = &out[n++];
		memset(s, 0, sizeof(*s));
		s->control = c;
		for (j = 0; j < RULE__COUNT; j++) {
			const struct rule *rule = &rule_catalog[j];
			const struct rule_count *rc = &r->counts[j];

			if (!rule_covers(rule, c))
				continue;
			if (rule->flags & RULE_MANUAL) {
				nmanual++;
				s->manual += rc->status[STATUS_MANUAL];
				continue;
			}
			s->nrules++;
			if (rc->ran)
				s->nran++;
			s->fail += rc->status[STATUS_FAIL] - rc->waived;
			s->waived += rc->waived;
			s->pass += rc->status[STATUS_PASS];
			s->error += rc->status[STATUS_ERROR];
		}
		if (s->fail > 0)
			s->status = CONTROL_FAIL;
		else if (s->error > 0)
			s->status = CONTROL_ERROR;
		else if (s->pass > 0 || s->waived > 0)
			s->status = CONTROL_PASS;
		else if (s->nrules == 0)
			s->status = CONTROL_MANUAL;
		else
			s->status = CONTROL_NOT_ASSESSED;
		(void)nmanual;
		if (tally != NULL)
			tally[s->status]++;
	}
	return n;
}
