/*
 * fuzz-ini.c - libFuzzer harness for the oslo.config INI parser.
 *
 * The input is split at the first form feed into two files parsed in turn
 * (so that file order and deprecated-name lookups across files run), then
 * the lookups, booleans and integers of every entry are exercised.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/ini.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct ini_name names[] = { { "api", "auth_strategy" },
		{ "DEFAULT", "auth_strategy" },
		{ "Keystone_Authtoken", "insecure" } };
	const char *buf = (const char *)data;
	const char *ff = memchr(buf, '\f', size);
	size_t first = ff != NULL ? (size_t)(ff - buf) : size;
	struct ini ini;
	size_t i;

	ini_init(&ini);
	(void)ini_parse(&ini, "a.conf", buf, first);
	if (ff != NULL)
		(void)ini_parse(&ini, "b.conf", ff + 1, size - first - 1);
	(void)ini_get(&ini, names, 3);
	for (i = 0; i < ini.nentries; i++) {
		const struct ini_entry *e = &ini.entries[i];
		int b;
		long v;

		if (e->key == NULL)
			continue;
		(void)ini_get1(&ini, e->section, e->key);
		(void)ini_next(&ini, e->section, e->key, e);
		(void)ini_has_section(&ini, e->section);
		if (ini_bool(e->value, &b) == 0 && b > 1)
			return 1;
		if (ini_long(e->value, &v) == 0 && v == 0)
			b = 0;
	}
	ini_release(&ini);
	return 0;
}
