/*
 * fuzz-k8s-load.c - libFuzzer harness for the whole Kubernetes pipeline:
 * loader, List expansion, object model, every check (all rules enabled at
 * the elevated level, optional heuristics included) and the finish hooks,
 * then the findings are read back from the result.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/result.h"
#include "k8s/k8s.h"

#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char all[] = "*";
	char *only[] = { all };
	struct policy p;
	struct k8s_opts o;
	struct result *r;
	struct result_iter it;
	struct finding f;
	struct rp_diag d;
	size_t n = 0;

	policy_init(&p);
	p.level = LEVEL_ELEVATED;
	p.only = only;
	p.nonly = 1;
	p.show_passed = 1;
	k8s_opts_init(&o);
	o.assume_namespace = NULL;
	o.limits.max_nodes = 200000;
	r = result_new("k8s scan", &p);
	rp_diag_init(&d);
	if (k8s_scan_mem(data, size, "fuzz.yaml", &o, r, &d) == 0) {
		result_finish(r);
		result_iter_init(&it, r);
		while (result_iter_next(&it, &f))
			n += f.message != NULL ? strlen(f.message) : 0;
		result_iter_release(&it);
	}
	result_free(r);
	return n == (size_t)-1;
}
