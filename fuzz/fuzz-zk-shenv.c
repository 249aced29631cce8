/*
 * fuzz-zk-shenv.c - libFuzzer harness for the shell-assignment reader
 * (src/zk/shenv.c) that evaluates Debian's /etc/zookeeper/conf/environment,
 * /etc/default/zookeeper and upstream's zookeeper-env.sh / java.env without
 * running them.
 *
 * The input is run twice against the same environment (as two sourced
 * files), then the variables the configuration loader reads are expanded
 * and split into words, as the JVM flags are.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/err.h"
#include "zk/shenv.h"

#include "util/banned.h"

static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = { "JAVA_OPTS", "SERVER_JVMFLAGS",
	"JVMFLAGS", "CLIENT_JVMFLAGS", "ZOOCFG", "ZOOCFGDIR", "JMXPORT",
	"JMXLOCALONLY" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zk_shenv e;
	struct arena a;
	struct rp_diag d;
	size_t i, k, n;

	arena_init(&a, 0);
	zk_shenv_init(&e, &a);
	for (k = 0; k < 2; k++) {
		rp_diag_init(&d);
		if (zk_shenv_parse(&e, (const char *)data, size,
		        k == 0 ? "environment" : "/etc/default/zookeeper",
		        &d) != 0)
			sink += strlen(d.msg) + (size_t)d.line;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct zk_shvar *v = zk_shenv_get(&e, names[i]);
		struct zk_shword *w = NULL;

		if (v == NULL)
			continue;
		sink += strlen(zk_shvar_value(v, &a));
		n = zk_shvar_split(v, &a, &w);
		for (k = 0; k < n; k++)
			sink += strlen(w[k].text) + w[k].line;
		free(w);
	}
	for (i = 0; i < e.n; i++)
		sink += strlen(zk_shvar_value(&e.v[i], &a)) + e.v[i].flags;
	zk_shenv_release(&e);
	arena_release(&a);
	return 0;
}
