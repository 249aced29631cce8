/*
 * fuzz-zk-journal.c - libFuzzer harness for the files `rampart zk fix`
 * and `zk restore` read back: the change journal and the plan file.
 *
 * The first byte picks the parser (even: journal, odd: plan file); the
 * rest is the file.  A journal that parses is also re-encoded entry by
 * entry and parsed again, which must give the same ACLs.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/strbuf.h"
#include "zk/fix.h"
#include "zk/journal.h"

#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_acl_roundtrip(const struct zk_acl *acl, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	struct arena a;
	struct zk_acl *v;
	size_t m, i;

	arena_init(&a, 0);
	zk_journal_acl_encode(&sb, acl, n);
	if (zk_journal_acl_decode(sb.buf, sb.len, &a, &v, &m) != 0 || m != n)
		abort();
	for (i = 0; i < n; i++)
		if (v[i].perms != acl[i].perms ||
		    strcmp(v[i].scheme, acl[i].scheme) != 0 ||
		    strcmp(v[i].id, acl[i].id) != 0)
			abort();
	arena_release(&a);
	strbuf_release(&sb);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rp_diag d;
	size_t i;

	if (size < 1)
		return 0;
	rp_diag_init(&d);
	if ((data[0] & 1) == 0) {
		struct zk_journal j;

		zk_journal_init(&j);
		if (zk_journal_parse(&j, (const char *)data + 1, size - 1, "fuzz",
		        &d) == 0) {
			if (j.valid_len > size - 1)
				abort();
			for (i = 0; i < j.n; i++) {
				check_acl_roundtrip(j.e[i].pre, j.e[i].npre);
				check_acl_roundtrip(j.e[i].target,
				    j.e[i].ntarget);
			}
		}
		zk_journal_release(&j);
	} else {
		struct zk_fix_rule *rules;
		struct arena a;
		size_t n;

		arena_init(&a, 0);
		if (zk_fix_rules_parse((const char *)data + 1, size - 1, "fuzz",
		        &a, &rules, &n, &d) == 0) {
			for (i = 0; i < n; i++)
				if (zk_acl_validate_target(rules[i].acl,
				        rules[i].nacl) != NULL)
					abort();
		}
		arena_release(&a);
	}
	return 0;
}
