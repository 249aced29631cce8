/*
 * fuzz-k8s-crossobj.c - libFuzzer harness for the Kubernetes scan with its
 * cross-object rules: the index of src/k8s/index.c (selectors, policy
 * rules, Calico's selector language, RBAC rules and bindings, Services,
 * budgets) and the finish hooks that relate the objects.
 *
 * The input is scanned the way `rampart k8s scan FILE` does it, at
 * elevated level with every Kubernetes rule switched on, so the loader,
 * the object model and every check run on it; the input is written to a
 * temporary file once per run because the scan reads files.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/result.h"
#include "k8s/k8s.h"

#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void
cleanup(void)
{
	if (path[0] != '\0')
		unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *only[] = { (char *)(uintptr_t) "k8s/*" };
	struct policy pol;
	struct k8s_opts ko;
	struct result *r;
	struct rp_diag d;
	char *paths[1];
	FILE *fp;

	if (path[0] == '\0') {
		int fd;

		memcpy(path, "/tmp/rampart-fuzz-XXXXXX", 25);
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
		atexit(cleanup);
	}
	fp = fopen(path, "wb");
	if (fp == NULL)
		abort();
	if (size > 0 && fwrite(data, 1, size, fp) != size)
		abort();
	if (fclose(fp) != 0)
		abort();

	policy_init(&pol);
	pol.level = LEVEL_ELEVATED;
	pol.only = only;
	pol.nonly = 1;
	r = result_new("k8s scan", &pol);
	pol.only = NULL; /* borrowed: the result keeps its own copy */
	pol.nonly = 0;
	k8s_opts_init(&ko);
	ko.limits.max_nodes = 200000;
	paths[0] = path;
	rp_diag_init(&d);
	if (k8s_scan_paths(paths, 1, &ko, r, &d) != 0)
		result_gap(r, "k8s", d.where, d.msg);
	result_finish(r);
	result_free(r);
	policy_release(&pol);
	return 0;
}
