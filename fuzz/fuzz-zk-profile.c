/*
 * fuzz-zk-profile.c - libFuzzer harness for user-defined ZooKeeper ACL
 * profiles (zk scan --profile-file): the YAML profile loader, the ACL
 * text parser and the path pattern matcher of src/zk/baseline.c.
 *
 * After a successful load every loaded profile is detected under its
 * roots and a few paths are matched and expanded, so user patterns and
 * ACL texts run through the same code a scan uses.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/arena.h"
#include "util/strbuf.h"
#include "zk/baseline.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const paths[] = {
	"/", "/a", "/a/b", "/a/b/c/d/e/f/g/h", "/kafka/config/users/x",
	"/zookeeper/config", "/x/leader", "/service/pg/leader",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zk_baseline_settings s;
	struct zk_baseline *b;
	struct rp_diag d;
	struct arena a;
	size_t i, j, n;
	const struct zk_profile *const *p;

	zk_baseline_settings_init(&s);
	s.remove_host = (int)(size % 3) - 1;
	s.remove_realm = (int)((size / 3) % 3) - 1;
	b = zk_baseline_new(&s);
	rp_diag_init(&d);
	if (zk_baseline_load_mem(b, data, size, "fuzz", &d) != 0) {
		zk_baseline_free(b);
		return 0;
	}
	arena_init(&a, 0);
	p = zk_baseline_profiles(b, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(p[i]->source, "builtin") == 0)
			continue;
		for (j = 0; j < ZK_PROFILE_MAX_ROOTS && p[i]->roots[j]; j++)
			(void)zk_baseline_activate(b, p[i], p[i]->roots[j]);
	}
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct zk_bl_entry *e;
		size_t ne;

		(void)zk_baseline_detect(b, paths[i]);
		if (zk_baseline_expected_path(b, paths[i], &a, NULL, &e, &ne,
			&d) == 1) {
			struct strbuf sb = STRBUF_INIT;

			zk_bl_format(&sb, e, ne);
			for (j = 0; j < ne; j++)
				(void)zk_bl_entry_matches(&e[j], "sasl",
				    "kafka/h@R");
			strbuf_release(&sb);
		}
	}
	arena_release(&a);
	zk_baseline_free(b);
	return 0;
}
