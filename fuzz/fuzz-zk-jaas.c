/*
 * fuzz-zk-jaas.c - libFuzzer harness for the JAAS login configuration
 * reader (src/zk/jaas.c) that parses the server's jaas.conf the way the
 * JDK's ConfigFile does.
 *
 * Every section, module and option is visited and looked up again, so the
 * tokenizer, quoted strings, comments and the error paths all see hostile
 * bytes.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/err.h"
#include "zk/jaas.h"

#include "util/banned.h"

static volatile size_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zk_jaas j;
	struct rp_diag d;
	size_t i, k, o;

	zk_jaas_init(&j);
	rp_diag_init(&d);
	if (zk_jaas_parse(&j, (const char *)data, size, "jaas.conf", &d) != 0)
		sink += strlen(d.msg) + (size_t)d.line;
	/* Sections before an error are kept: walk them either way. */
	for (i = 0; i < j.nsecs; i++) {
		const struct zk_jaas_section *s = &j.secs[i];

		sink += (zk_jaas_find(&j, s->name) != NULL);
		for (k = 0; k < s->nmods; k++) {
			const struct zk_jaas_module *m = &s->mods[k];

			sink += strlen(m->cls) +
			    strlen(zk_jaas_flag_name(m->flag));
			for (o = 0; o < m->nopts; o++) {
				const struct zk_jaas_option *op =
				    zk_jaas_opt(m, m->opts[o].key);

				sink += strlen(op->value) + op->line +
				    (size_t)op->truncated;
			}
		}
	}
	zk_jaas_release(&j);
	return 0;
}
