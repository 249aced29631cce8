/*
 * users.c - accounts of the scanned root: unique ids, no empty passwords,
 * password lifetime.
 *
 * Password hashes are read to tell empty from locked and set; they never
 * leave this file (evidence names the account and the kind of entry).
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/checks.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

static void
check_duplicates(struct host_ctx *c)
{
	const struct host_accounts *a = host_accounts(c);
	size_t i, j;
	int bad = 0;

	if (a->passwd_err != 0) {
		struct rp_diag d;

		rp_diag_fail(&d, a->passwd_err, "/etc/passwd", 0,
		    "cannot read the account database: %s",
		    rp_strerror(a->passwd_err));
		host_error(c, RULE_HOST_DUPLICATE_UID, "accounts", &d);
		return;
	}
	for (i = 0; i < a->nusers; i++) {
		for (j = 0; j < i; j++) {
			const struct host_account *u = &a->users[i];
			const struct host_account *v = &a->users[j];
			struct finding f = {
				.rule = RULE_HOST_DUPLICATE_UID,
				.status = STATUS_FAIL,
				.severity = -1,
				.file = "/etc/passwd",
				.line = u->line,
				.object = u->name,
			};

			if (strcmp(u->name, v->name) == 0) {
				f.message = host_printf(c,
				    "account name %s is defined twice (lines %u and %u)",
				    u->name, v->line, u->line);
				f.evidence = host_printf(c, "%s", u->name);
			} else if (u->uid == v->uid) {
				if (u->uid == 0)
					f.severity = SEV_CRITICAL;
				f.message = host_printf(c,
				    "%s has uid %u, like %s: both are the same user to the kernel",
				    u->name, (unsigned)u->uid, v->name);
				f.evidence = host_printf(c, "uid %u: %s, %s",
				    (unsigned)u->uid, v->name, u->name);
			} else {
				continue;
			}
			f.expected = "one account per uid and name";
			host_add(c, &f);
			bad = 1;
		}
	}
	if (!bad)
		host_pass(c, RULE_HOST_DUPLICATE_UID, "accounts");
}

static void
check_empty(struct host_ctx *c)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	char *line, *next;
	unsigned lineno = 0, bad = 0, total = 0;
	int r;

	rp_diag_init(&d);
	r = host_read(c, "/etc/shadow", ROOTFS_READ_MAX, &sb, &d);
	if (r == RP_ENOENT) {
		host_na(c, RULE_HOST_EMPTY_PASSWORD, "accounts",
		    "no /etc/shadow in this root");
		goto out;
	}
	if (r != 0) {
		host_error(c, RULE_HOST_EMPTY_PASSWORD, "accounts", &d);
		goto out;
	}
	for (line = sb.buf; line && *line; line = next) {
		char *colon, *hash, *end;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		colon = strchr(line, ':');
		if (colon == NULL || line[0] == '#')
			continue;
		total++;
		hash = colon + 1;
		end = strchr(hash, ':');
		if (end != NULL)
			*end = '\0';
		*colon = '\0';
		if (*hash != '\0')
			continue;
		bad++;
		host_fail(c, RULE_HOST_EMPTY_PASSWORD, "/etc/shadow", lineno,
		    line, "empty password field",
		    "a password hash, or ! / * for accounts without password login",
		    "account %s has an empty password: anyone can log in as it where passwords are accepted",
		    line);
	}
	if (bad == 0 && total > 0)
		host_pass(c, RULE_HOST_EMPTY_PASSWORD, "accounts");
out:
	strbuf_release(&sb);
}

static long
max_days_limit(struct host_ctx *c)
{
	const char *v = host_conf_str(c, "pass-max-days");
	char *end;
	long n;

	if (v == NULL)
		return 90;
	n = strtol(v, &end, 10);
	return *end == '\0' && n > 0 ? n : 90;
}

static void
check_max_days(struct host_ctx *c)
{
	struct strbuf sb = STRBUF_INIT;
	struct rp_diag d;
	char *line, *next;
	unsigned lineno = 0, found_line = 0;
	long days = 99999, limit = max_days_limit(c);
	int r;

	rp_diag_init(&d);
	r = host_read(c, "/etc/login.defs", ROOTFS_READ_MAX, &sb, &d);
	if (r == RP_ENOENT) {
		host_na(c, RULE_HOST_LOGIN_DEFS_MAX_DAYS, "/etc/login.defs",
		    "no /etc/login.defs in this root");
		goto out;
	}
	if (r != 0) {
		host_error(c, RULE_HOST_LOGIN_DEFS_MAX_DAYS, "/etc/login.defs",
		    &d);
		goto out;
	}
	for (line = sb.buf; line && *line; line = next) {
		char *p = line, *end;

		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "PASS_MAX_DAYS", 13) != 0 ||
		    (p[13] != ' ' && p[13] != '\t'))
			continue;
		p += 13;
		days = strtol(p, &end, 10);
		if (end == p)
			days = 99999;
		found_line = lineno;
	}
	if (days >= 0 && days <= limit) {
		host_pass(c, RULE_HOST_LOGIN_DEFS_MAX_DAYS, "PASS_MAX_DAYS");
		goto out;
	}
	host_fail(c, RULE_HOST_LOGIN_DEFS_MAX_DAYS, "/etc/login.defs",
	    found_line, "PASS_MAX_DAYS",
	    host_printf(c, "PASS_MAX_DAYS %ld%s", days,
		found_line ? "" : " (not set: shadow's default)"),
	    host_printf(c, "PASS_MAX_DAYS %ld or less", limit),
	    "new passwords stay valid for %ld days", days);
out:
	strbuf_release(&sb);
}

void
host_run_users(struct host_ctx *c)
{
	if (host_rule_on(c, RULE_HOST_DUPLICATE_UID))
		check_duplicates(c);
	if (host_rule_on(c, RULE_HOST_EMPTY_PASSWORD))
		check_empty(c);
	if (host_rule_on(c, RULE_HOST_LOGIN_DEFS_MAX_DAYS))
		check_max_days(c);
}
