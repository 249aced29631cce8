/*
 * t-catalog.c - integrity of the rule catalog and the framework controls.
 *
 * The catalog is data written by hand in the .def files in rules/ by several
 * people, so these checks guard what the compiler cannot: rule ids unique and
 * shaped like their target, required texts present, every framework reference
 * of every rule naming a control that exists, control ids unique and complete
 * per framework, and BSI levels as the building blocks fix them.  Failures
 * name the rule, the framework and the id so a typo is found at once.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/framework.h"
#include "core/rule.h"
#include "test.h"
#include "util/compat.h"

static void failf(int line, const char *fmt, ...) RP_PRINTF(2, 3);

/* Record a failure with a message of our own (rule, framework, id). */
static void
failf(int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	test_fail(__FILE__, line, msg);
}

#define FAILF(...) failf(__LINE__, __VA_ARGS__)

static int
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

static int
is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/*
 * A slug: lower-case letters and digits in words joined by single '-' or
 * '.', starting and ending with a letter or digit.
 */
static int
slug_ok(const char *s)
{
	const char *p;

	if (!is_lower_alnum(*s))
		return 0;
	for (p = s; *p != '\0'; p++) {
		if (is_lower_alnum(*p))
			continue;
		if ((*p != '-' && *p != '.') || !is_lower_alnum(p[1]))
			return 0;
	}
	return 1;
}

/* The id prefixes each target may use (kubernetes-bsi.md section 0). */
static const char *const target_prefixes[TARGET_COUNT][5] = {
	[TARGET_CORE] = { "core", NULL },
	[TARGET_K8S] = { "k8s", "cp", "node", "etcd", NULL },
	[TARGET_ZK] = { "zk", NULL },
	[TARGET_HOST] = { "host", "fim", "openstack", NULL },
};

static void
test_rule_ids(void)
{
	size_t i, j;

	CHECK(RULE__COUNT > 0);
	for (i = 0; i < RULE__COUNT; i++) {
		const struct rule *r = &rule_catalog[i];
		const char *slash;
		size_t k;
		int prefix_ok = 0;

		if (empty(r->id)) {
			FAILF("rule #%zu has no id", i);
			continue;
		}
		if (strlen(r->id) > 64)
			FAILF("rule %s: id longer than 64 characters", r->id);
		slash = strchr(r->id, '/');
		if (slash == NULL || strchr(slash + 1, '/') != NULL ||
		    !slug_ok(slash + 1)) {
			FAILF(
			    "rule %s: id must be PREFIX/slug (lower case, digits, single '-' or '.')",
			    r->id);
			continue;
		}
		if ((unsigned)r->target >= TARGET_COUNT) {
			FAILF("rule %s: target out of range", r->id);
			continue;
		}
		for (k = 0; target_prefixes[r->target][k] != NULL; k++) {
			const char *pre = target_prefixes[r->target][k];

			if (strlen(pre) == (size_t)(slash - r->id) &&
			    strncmp(pre, r->id, (size_t)(slash - r->id)) == 0)
				prefix_ok = 1;
		}
		if (!prefix_ok)
			FAILF("rule %s: prefix does not belong to target %s",
			    r->id, target_name(r->target));
		for (j = 0; j < i; j++)
			if (strcmp(rule_catalog[j].id, r->id) == 0)
				FAILF(
				    "rule %s: id used twice (entries %zu and %zu)",
				    r->id, j, i);
		if (rule_find(r->id) == NULL)
			FAILF("rule %s: rule_find cannot find it", r->id);
		if (rule_index(r) != (enum rule_id)i)
			FAILF("rule %s: rule_index is not its position", r->id);
	}
	CHECK(rule_find("no/such-rule") == NULL);
}

static int
one_line(const char *s)
{
	return strchr(s, '\n') == NULL && strchr(s, '\t') == NULL;
}

static void
test_rule_fields(void)
{
	size_t i;

	for (i = 0; i < RULE__COUNT; i++) {
		const struct rule *r = &rule_catalog[i];
		size_t len;

		if (empty(r->id))
			continue;
		if (empty(r->title))
			FAILF("rule %s: empty title", r->id);
		else if (!one_line(r->title) || strlen(r->title) > 100)
			FAILF(
			    "rule %s: the title must be one line of at most 100 characters",
			    r->id);
		else if ((len = strlen(r->title)) > 0 &&
		    r->title[len - 1] == '.')
			FAILF("rule %s: the title ends with a full stop",
			    r->id);
		if (empty(r->rationale))
			FAILF("rule %s: empty rationale", r->id);
		if (empty(r->remediation))
			FAILF("rule %s: empty remediation", r->id);
		if (empty(r->refs.seed))
			FAILF("rule %s: empty seed reference", r->id);
		if ((unsigned)r->severity >= SEV_COUNT)
			FAILF("rule %s: severity out of range", r->id);
		if ((unsigned)r->level > LEVEL_ELEVATED)
			FAILF("rule %s: level out of range", r->id);
		if (r->flags &
		    ~(unsigned)(RULE_OPTIONAL | RULE_MANUAL | RULE_INPUT))
			FAILF("rule %s: unknown flag bits 0x%x", r->id,
			    r->flags);
		/* Diagnostics about the input itself need no control. */
		if (!(r->flags & RULE_INPUT) && empty(r->refs.bsi) &&
		    empty(r->refs.pci_dss_4) &&
		    empty(r->refs.iso27001_2022) && empty(r->refs.soc2))
			FAILF(
			    "rule %s: no framework reference at all (bsi, pci_dss_4, iso27001_2022 or soc2)",
			    r->id);
	}
}

static const char *const ref_field[FW_COUNT] = {
	[FW_BSI] = "bsi",
	[FW_PCI_DSS_4] = "pci_dss_4",
	[FW_ISO27001_2022] = "iso27001_2022",
	[FW_SOC2] = "soc2",
};

static const char *const controls_file[FW_COUNT] = {
	[FW_BSI] = "rules/controls-bsi.def",
	[FW_PCI_DSS_4] = "rules/controls-pci.def",
	[FW_ISO27001_2022] = "rules/controls-iso.def",
	[FW_SOC2] = "rules/controls-soc2.def",
};

/*
 * Split a reference string the strict way: ids separated by ", " with no
 * empty element and no other separator, so "1.3.1 / 1.2.1" or "A4;A7" is
 * caught rather than silently read as one unknown id.
 */
static void
check_ref_string(const struct rule *r, enum framework_id fw, const char *refs)
{
	char buf[512], *p, *comma;
	char seen[32][64];
	size_t nseen = 0, k;

	if (refs == NULL)
		return;
	if (strlen(refs) >= sizeof(buf)) {
		FAILF("rule %s: %s reference string too long", r->id,
		    ref_field[fw]);
		return;
	}
	memcpy(buf, refs, strlen(refs) + 1);
	if (buf[0] == '\0') {
		FAILF("rule %s: %s reference is empty (leave it out instead)",
		    r->id, ref_field[fw]);
		return;
	}
	for (p = buf; p != NULL; p = comma) {
		comma = strchr(p, ',');
		if (comma != NULL) {
			*comma++ = '\0';
			if (*comma != ' ') {
				FAILF(
				    "rule %s: %s references must be separated by \", \": '%s'",
				    r->id, ref_field[fw], refs);
				return;
			}
			comma++;
		}
		if (*p == '\0' || strpbrk(p, " /;()") != NULL) {
			FAILF(
			    "rule %s: %s reference '%s' is not a single control id (list: '%s')",
			    r->id, ref_field[fw], p, refs);
			continue;
		}
		if (control_find(fw, p) == NULL)
			FAILF(
			    "rule %s: %s reference '%s' is not a control of %s (%s)",
			    r->id, ref_field[fw], p, framework_table[fw].name,
			    controls_file[fw]);
		for (k = 0; k < nseen; k++)
			if (strcmp(seen[k], p) == 0)
				FAILF("rule %s: %s reference '%s' listed twice",
				    r->id, ref_field[fw], p);
		if (nseen < 32 && strlen(p) < sizeof(seen[0]))
			memcpy(seen[nseen++], p, strlen(p) + 1);
	}
}

static void
test_rule_refs_resolve(void)
{
	size_t i;
	int fw;

	for (i = 0; i < RULE__COUNT; i++)
		for (fw = 0; fw < FW_COUNT; fw++)
			check_ref_string(&rule_catalog[i],
			    (enum framework_id)fw,
			    rule_ref(&rule_catalog[i], (enum framework_id)fw));
}

static int
digits(const char **p)
{
	int n = 0;

	if (**p < '0' || **p > '9')
		return 0;
	while (**p >= '0' && **p <= '9') {
		(*p)++;
		n++;
	}
	return n;
}

/* "APP.4.4.A13", "SYS.1.1.A6", "OPS.1.1.5.A3", "CON.1.A1" */
static int
bsi_id_ok(const char *id)
{
	const char *p = id;
	int letters = 0, groups = 0;

	while (*p >= 'A' && *p <= 'Z') {
		p++;
		letters++;
	}
	if (letters < 3 || letters > 4)
		return 0;
	while (*p == '.' && p[1] >= '0' && p[1] <= '9') {
		p++;
		digits(&p);
		groups++;
	}
	if (groups < 1 || p[0] != '.' || p[1] != 'A')
		return 0;
	p += 2;
	return digits(&p) > 0 && *p == '\0';
}

/* "1", "1.2.1", "10.2.1.1" */
static int
pci_id_ok(const char *id)
{
	const char *p = id;

	if (digits(&p) == 0)
		return 0;
	while (*p == '.') {
		p++;
		if (digits(&p) == 0)
			return 0;
	}
	return *p == '\0';
}

/* "5.1" .. "8.34" */
static int
iso_id_ok(const char *id)
{
	const char *p = id + 1;

	return id[0] >= '5' && id[0] <= '8' && *p++ == '.' && digits(&p) > 0 &&
	    *p == '\0';
}

/* "CC6.1", "A1.2", "C1.1" */
static int
soc2_id_ok(const char *id)
{
	const char *p = id;

	if (strncmp(p, "CC", 2) == 0)
		p += 2;
	else if (*p == 'A' || *p == 'C')
		p++;
	else
		return 0;
	if (digits(&p) == 0 || *p++ != '.')
		return 0;
	return digits(&p) > 0 && *p == '\0';
}

static void
test_controls(void)
{
	size_t i, j;

	CHECK(control_count > 0);
	for (i = 0; i < control_count; i++) {
		const struct control *c = &control_table[i];
		int ok = 0;

		if ((unsigned)c->fw >= FW_COUNT) {
			FAILF("control #%zu: framework out of range", i);
			continue;
		}
		if (empty(c->id)) {
			FAILF("control #%zu of %s has no id", i,
			    framework_table[c->fw].key);
			continue;
		}
		switch (c->fw) {
		case FW_BSI:
			ok = bsi_id_ok(c->id);
			break;
		case FW_PCI_DSS_4:
			ok = pci_id_ok(c->id);
			break;
		case FW_ISO27001_2022:
			ok = iso_id_ok(c->id);
			break;
		case FW_SOC2:
			ok = soc2_id_ok(c->id);
			break;
		}
		if (!ok)
			FAILF(
			    "control %s of %s: id not shaped like the framework's ids",
			    c->id, framework_table[c->fw].key);
		if (empty(c->title) || !one_line(c->title))
			FAILF("control %s of %s: title empty or not one line",
			    c->id, framework_table[c->fw].key);
		if (empty(c->guidance))
			FAILF("control %s of %s: no guidance for auditors",
			    c->id, framework_table[c->fw].key);
		if (c->fw != FW_BSI && c->level != LEVEL_BASIC)
			FAILF("control %s of %s: only BSI controls have levels",
			    c->id, framework_table[c->fw].key);
		for (j = 0; j < i; j++)
			if (control_table[j].fw == c->fw &&
			    strcmp(control_table[j].id, c->id) == 0)
				FAILF("control %s of %s listed twice", c->id,
				    framework_table[c->fw].key);
		if (control_find(c->fw, c->id) == NULL)
			FAILF("control %s of %s: control_find cannot find it",
			    c->id, framework_table[c->fw].key);
	}
}

static void
expect_range(enum framework_id fw, const char *prefix, int first, int last)
{
	char id[32];
	int n;

	for (n = first; n <= last; n++) {
		snprintf(id, sizeof(id), "%s%d", prefix, n);
		if (control_find(fw, id) == NULL)
			FAILF("%s: control %s is missing (%s)",
			    framework_table[fw].key, id, controls_file[fw]);
	}
}

static size_t
count_controls(enum framework_id fw)
{
	size_t i, n = 0;

	for (i = 0; i < control_count; i++)
		if (control_table[i].fw == fw)
			n++;
	return n;
}

static void
test_iso_complete(void)
{
	expect_range(FW_ISO27001_2022, "5.", 1, 37);
	expect_range(FW_ISO27001_2022, "6.", 1, 8);
	expect_range(FW_ISO27001_2022, "7.", 1, 14);
	expect_range(FW_ISO27001_2022, "8.", 1, 34);
	if (count_controls(FW_ISO27001_2022) != 93)
		FAILF("iso27001-2022: %zu controls, Annex A has 93",
		    count_controls(FW_ISO27001_2022));
}

static void
test_soc2_complete(void)
{
	static const struct {
		const char *prefix;
		int last;
	} series[] = {
		{ "CC1.", 5 },
		{ "CC2.", 3 },
		{ "CC3.", 4 },
		{ "CC4.", 2 },
		{ "CC5.", 3 },
		{ "CC6.", 8 },
		{ "CC7.", 5 },
		{ "CC8.", 1 },
		{ "CC9.", 2 },
		{ "A1.", 3 },
		{ "C1.", 2 },
	};
	size_t i, total = 0;

	for (i = 0; i < ARRAY_SIZE(series); i++) {
		expect_range(FW_SOC2, series[i].prefix, 1, series[i].last);
		total += (size_t)series[i].last;
	}
	if (count_controls(FW_SOC2) != total)
		FAILF(
		    "soc2: %zu criteria listed, expected %zu (CC1-CC9, A1, C1)",
		    count_controls(FW_SOC2), total);
}

static void
test_pci_principal(void)
{
	expect_range(FW_PCI_DSS_4, "", 1, 12);
	/* Every sub-requirement hangs under a listed principal requirement. */
	{
		size_t i;

		for (i = 0; i < control_count; i++) {
			const struct control *c = &control_table[i];
			char top[8];
			size_t n;

			if (c->fw != FW_PCI_DSS_4)
				continue;
			n = strcspn(c->id, ".");
			if (n == 0 || n >= sizeof(top))
				continue;
			memcpy(top, c->id, n);
			top[n] = '\0';
			if (control_find(FW_PCI_DSS_4, top) == NULL)
				FAILF(
				    "pci-dss-4: %s has no principal requirement %s",
				    c->id, top);
		}
	}
}

/*
 * BSI levels, transcribed from the building blocks (APP.4.4: seed 001
 * section 3; host modules: cloud-hosts.md section 6.5).  The table is the
 * test's own copy so that an edit of rules/controls-bsi.def that changes a
 * level must be made twice, deliberately.
 */
static const struct {
	const char *id;
	enum level level;
} bsi_levels[] = {
	{ "APP.4.4.A1", LEVEL_BASIC },
	{ "APP.4.4.A2", LEVEL_BASIC },
	{ "APP.4.4.A3", LEVEL_BASIC },
	{ "APP.4.4.A4", LEVEL_BASIC },
	{ "APP.4.4.A5", LEVEL_BASIC },
	{ "APP.4.4.A6", LEVEL_STANDARD },
	{ "APP.4.4.A7", LEVEL_STANDARD },
	{ "APP.4.4.A8", LEVEL_STANDARD },
	{ "APP.4.4.A9", LEVEL_STANDARD },
	{ "APP.4.4.A10", LEVEL_STANDARD },
	{ "APP.4.4.A11", LEVEL_STANDARD },
	{ "APP.4.4.A12", LEVEL_STANDARD },
	{ "APP.4.4.A13", LEVEL_ELEVATED },
	{ "APP.4.4.A14", LEVEL_ELEVATED },
	{ "APP.4.4.A15", LEVEL_ELEVATED },
	{ "APP.4.4.A16", LEVEL_ELEVATED },
	{ "APP.4.4.A17", LEVEL_ELEVATED },
	{ "APP.4.4.A18", LEVEL_ELEVATED },
	{ "APP.4.4.A19", LEVEL_ELEVATED },
	{ "APP.4.4.A20", LEVEL_ELEVATED },
	{ "APP.4.4.A21", LEVEL_ELEVATED },
	{ "SYS.1.1.A6", LEVEL_BASIC },
	{ "SYS.1.1.A10", LEVEL_BASIC },
	{ "SYS.1.1.A16", LEVEL_STANDARD },
	{ "SYS.1.1.A19", LEVEL_STANDARD },
	{ "SYS.1.1.A23", LEVEL_STANDARD },
	{ "SYS.1.1.A24", LEVEL_STANDARD },
	{ "SYS.1.1.A27", LEVEL_ELEVATED },
	{ "SYS.1.1.A31", LEVEL_ELEVATED },
	{ "SYS.1.1.A33", LEVEL_ELEVATED },
	{ "SYS.1.1.A34", LEVEL_ELEVATED },
	{ "SYS.1.1.A36", LEVEL_ELEVATED },
	{ "SYS.1.1.A38", LEVEL_ELEVATED },
	{ "SYS.1.3.A2", LEVEL_BASIC },
	{ "SYS.1.3.A4", LEVEL_BASIC },
	{ "SYS.1.3.A5", LEVEL_BASIC },
	{ "SYS.1.3.A8", LEVEL_STANDARD },
	{ "SYS.1.3.A10", LEVEL_STANDARD },
	{ "SYS.1.3.A14", LEVEL_ELEVATED },
	{ "SYS.1.3.A16", LEVEL_ELEVATED },
	{ "SYS.1.3.A17", LEVEL_ELEVATED },
	{ "SYS.1.5.A3", LEVEL_BASIC },
	{ "SYS.1.5.A5", LEVEL_BASIC },
	{ "SYS.1.5.A6", LEVEL_BASIC },
	{ "SYS.1.5.A11", LEVEL_STANDARD },
	{ "SYS.1.5.A16", LEVEL_STANDARD },
	{ "SYS.1.5.A22", LEVEL_ELEVATED },
	{ "SYS.1.5.A23", LEVEL_ELEVATED },
	{ "SYS.1.5.A28", LEVEL_ELEVATED },
	{ "NET.1.1.A4", LEVEL_BASIC },
	{ "NET.1.1.A21", LEVEL_STANDARD },
	{ "NET.1.1.A24", LEVEL_STANDARD },
	{ "NET.3.2.A2", LEVEL_BASIC },
	{ "NET.3.2.A3", LEVEL_BASIC },
	{ "NET.3.2.A4", LEVEL_BASIC },
	{ "NET.3.2.A6", LEVEL_BASIC },
	{ "NET.3.2.A9", LEVEL_BASIC },
	{ "NET.3.2.A18", LEVEL_STANDARD },
	{ "NET.3.2.A25", LEVEL_ELEVATED },
	{ "NET.3.3.A4", LEVEL_BASIC },
	{ "NET.3.3.A5", LEVEL_BASIC },
	{ "NET.3.3.A10", LEVEL_STANDARD },
	{ "NET.3.3.A12", LEVEL_STANDARD },
	{ "NET.3.3.A13", LEVEL_STANDARD },
	{ "OPS.1.1.3.A3", LEVEL_BASIC },
	{ "OPS.1.1.3.A15", LEVEL_BASIC },
	{ "OPS.1.1.5.A3", LEVEL_BASIC },
	{ "OPS.1.1.5.A6", LEVEL_STANDARD },
	{ "OPS.1.1.5.A10", LEVEL_STANDARD },
	{ "OPS.1.1.5.A12", LEVEL_ELEVATED },
	{ "OPS.1.2.5.A3", LEVEL_BASIC },
	{ "OPS.1.2.5.A8", LEVEL_STANDARD },
	{ "OPS.1.2.5.A17", LEVEL_STANDARD },
	{ "OPS.1.2.6.A7", LEVEL_STANDARD },
	{ "CON.1.A1", LEVEL_BASIC },
	{ "CON.1.A4", LEVEL_BASIC },
	{ "CON.1.A19", LEVEL_STANDARD },
	{ "CON.3.A13", LEVEL_ELEVATED },
	{ "CON.3.A14", LEVEL_BASIC },
	{ "ORP.4.A2", LEVEL_BASIC },
	{ "ORP.4.A8", LEVEL_BASIC },
	{ "ORP.4.A9", LEVEL_BASIC },
	{ "ORP.4.A10", LEVEL_STANDARD },
	{ "ORP.4.A13", LEVEL_STANDARD },
	{ "DER.1.A5", LEVEL_BASIC },
	{ "DER.1.A6", LEVEL_STANDARD },
	{ "DER.1.A9", LEVEL_STANDARD },
	{ "DER.1.A18", LEVEL_ELEVATED },
};

static void
test_bsi_levels(void)
{
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(bsi_levels); i++) {
		const struct control *c =
		    control_find(FW_BSI, bsi_levels[i].id);

		if (c == NULL) {
			FAILF("bsi: requirement %s is missing (%s)",
			    bsi_levels[i].id, controls_file[FW_BSI]);
			continue;
		}
		if (c->level != bsi_levels[i].level)
			FAILF(
			    "bsi: %s has level %s, the building block says %s",
			    c->id, level_name(c->level),
			    level_name(bsi_levels[i].level));
	}
	/* Every BSI control of the table has its level pinned above. */
	for (i = 0; i < control_count; i++) {
		int known = 0;

		if (control_table[i].fw != FW_BSI)
			continue;
		for (j = 0; j < ARRAY_SIZE(bsi_levels); j++)
			if (strcmp(bsi_levels[j].id, control_table[i].id) == 0)
				known = 1;
		if (!known)
			FAILF(
			    "bsi: %s has no level in t-catalog.c's table; add it from the building block",
			    control_table[i].id);
	}
}

struct min_level {
	enum level min;
	const char *which;
	int any;
};

static void
min_level_cb(const char *id, void *arg)
{
	struct min_level *m = arg;
	const struct control *c = control_find(FW_BSI, id);

	if (c == NULL || strncmp(id, "APP.4.4.", 8) != 0)
		return; /* unknown ids: reported by test_rule_refs_resolve */
	if (!m->any || c->level < m->min) {
		m->min = c->level;
		m->which = c->id;
		m->any = 1;
	}
}

/*
 * A rule runs at its level and above, and --level selects APP.4.4's
 * B/S/H levels.  A rule that runs at a lower level than every APP.4.4
 * requirement it implements would fail a basic-level audit for something
 * the building block asks only at standard or elevated protection needs.
 * Diagnostics about the input itself and rampart's own configuration are
 * exempt; the levels of the host modules are checked in the control table
 * only (test_bsi_levels).
 */
static void
test_rule_levels(void)
{
	size_t i;

	for (i = 0; i < RULE__COUNT; i++) {
		const struct rule *r = &rule_catalog[i];
		struct min_level m = { LEVEL_ELEVATED, NULL, 0 };

		if (r->target == TARGET_CORE || (r->flags & RULE_INPUT) ||
		    r->refs.bsi == NULL)
			continue;
		refs_foreach(r->refs.bsi, min_level_cb, &m);
		if (m.any && r->level < m.min)
			FAILF(
			    "rule %s: level %s is below its APP.4.4 requirements (lowest: %s, %s)",
			    r->id, level_name(r->level), m.which,
			    level_name(m.min));
	}
}

static void
test_frameworks(void)
{
	size_t i, j;

	for (i = 0; i < FW_COUNT; i++) {
		const struct framework *f = &framework_table[i];

		CHECK(!empty(f->key) && !empty(f->name) && !empty(f->note));
		CHECK(framework_find(f->key) == f);
		CHECK(framework_index(f) == (enum framework_id)i);
		if (f->note != NULL && strstr(f->note, "judgement") == NULL)
			FAILF(
			    "framework %s: the note must say the mapping is rampart's judgement",
			    f->key);
		if (count_controls((enum framework_id)i) == 0)
			FAILF("framework %s has no controls", f->key);
		for (j = 0; j < i; j++)
			CHECK(strcmp(framework_table[j].key, f->key) != 0);
	}
	CHECK(framework_find("pci") == &framework_table[FW_PCI_DSS_4]);
	CHECK(framework_find("iso") == &framework_table[FW_ISO27001_2022]);
	CHECK(framework_find("app.4.4") == &framework_table[FW_BSI]);
	CHECK(framework_find("soc-2") == &framework_table[FW_SOC2]);
	CHECK(framework_find("nist") == NULL);
	CHECK(control_find(FW_BSI, "APP.4.4.A4") != NULL);
	CHECK(control_find(FW_PCI_DSS_4, "APP.4.4.A4") == NULL);
}

struct collect {
	char ids[8][64];
	int n;
};

static void
collect_cb(const char *id, void *arg)
{
	struct collect *c = arg;

	if (c->n < 8)
		memcpy(c->ids[c->n++], id, strlen(id) + 1);
}

static void
test_refs_foreach(void)
{
	struct collect c = { .n = 0 };
	struct rule r = { .id = "x/y", .refs = { .bsi = "APP.4.4.A4" } };
	struct control ctl = { .fw = FW_BSI, .id = "APP.4.4.A4" };

	refs_foreach(" 8.9,  8.20 ,,5.36 ,", collect_cb, &c);
	CHECK(c.n == 3);
	CHECK_STR(c.ids[0], "8.9");
	CHECK_STR(c.ids[1], "8.20");
	CHECK_STR(c.ids[2], "5.36");
	c.n = 0;
	refs_foreach(NULL, collect_cb, &c);
	refs_foreach("", collect_cb, &c);
	CHECK(c.n == 0);
	CHECK(rule_covers(&r, &ctl));
	ctl.id = "APP.4.4.A40";
	CHECK(!rule_covers(&r, &ctl));
}

int
main(void)
{
	TEST_RUN(test_rule_ids);
	TEST_RUN(test_rule_fields);
	TEST_RUN(test_rule_refs_resolve);
	TEST_RUN(test_controls);
	TEST_RUN(test_iso_complete);
	TEST_RUN(test_soc2_complete);
	TEST_RUN(test_pci_principal);
	TEST_RUN(test_bsi_levels);
	TEST_RUN(test_rule_levels);
	TEST_RUN(test_frameworks);
	TEST_RUN(test_refs_foreach);
	return test_report();
}
