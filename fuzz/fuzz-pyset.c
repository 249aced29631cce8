/*
 * fuzz-pyset.c - libFuzzer harness for the Horizon settings reader.
 *
 * The input is split at the first form feed into local_settings.py and a
 * local_settings.d file, then every assignment's path is looked up.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "host/pyset.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	const char *ff = memchr(buf, '\f', size);
	size_t first = ff != NULL ? (size_t)(ff - buf) : size;
	struct pyset ps;
	size_t i;

	pyset_init(&ps);
	(void)pyset_parse(&ps, "local_settings.py", buf, first);
	if (ff != NULL)
		(void)pyset_parse(&ps, "local_settings.d/_1.py", ff + 1,
		    size - first - 1);
	for (i = 0; i < ps.n; i++)
		(void)pyset_get(&ps, ps.a[i].path);
	(void)pyset_get(&ps, "HORIZON_CONFIG/password_validator/regex");
	pyset_release(&ps);
	return 0;
}
