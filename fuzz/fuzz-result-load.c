/*
 * fuzz-result-load.c - libFuzzer harness for reading a saved JSON result
 * (`rampart report`): the loader in src/report/load.c, and every writer
 * over whatever the loader accepted, so hostile strings and counts from an
 * edited result file reach the text, JSON, SARIF and JUnit escapers too.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/report.h"

#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct report_writer *const *w;
	struct result *r = NULL;
	struct rp_diag d;

	rp_diag_init(&d);
	if (report_load_json_mem(data, size, "fuzz", &r, &d) != 0)
		return 0;
	for (w = report_writers; *w != NULL; w++) {
		struct report_opts ro = { .framework = -1, .verbose = 1 };
		FILE *fp = fopen("/dev/null", "w");
		struct out o;

		if (fp == NULL)
			abort();
		out_init(&o, fp);
		(*w)->write(r, &ro, &o);
		if (out_finish(&o) != 0)
			abort(); /* /dev/null does not fail */
		fclose(fp);
	}
	(void)result_exit_code(r);
	result_free(r);
	return 0;
}
