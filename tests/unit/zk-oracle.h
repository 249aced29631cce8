/*
 * zk-oracle.h - helpers shared by the ZooKeeper configuration parser tests:
 * read a fixture file and write strings in the normalised form that
 * tests/integration/oracle/ZkConfigOracle.java prints for the JDK's own
 * reading of the same file.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_TESTS_UNIT_ZK_ORACLE_H
#define RAMPART_TESTS_UNIT_ZK_ORACLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

/* Read a whole file into sb; 0 or -1. */
static inline int
oracle_read(const char *path, struct strbuf *sb)
{
	FILE *fp = fopen(path, "rb");
	char buf[4096];
	size_t n;

	if (fp == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(sb, buf, n);
	fclose(fp);
	return 0;
}

/*
 * Append s (UTF-8) escaped like the oracle: printable ASCII as is, the
 * backslash doubled, everything else as \uXXXX UTF-16 units.
 */
static inline void
oracle_esc(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		unsigned cp = *p++, extra = 0;

		if (cp >= 0xF0) {
			cp &= 0x07;
			extra = 3;
		} else if (cp >= 0xE0) {
			cp &= 0x0F;
			extra = 2;
		} else if (cp >= 0xC0) {
			cp &= 0x1F;
			extra = 1;
		}
		while (extra-- > 0 && *p != '\0')
			cp = (cp << 6) | (*p++ & 0x3F);
		if (cp == '\\') {
			strbuf_addstr(sb, "\\\\");
		} else if (cp >= 0x20 && cp < 0x7F) {
			strbuf_addch(sb, (int)cp);
		} else if (cp >= 0x10000) {
			cp -= 0x10000;
			strbuf_addf(sb, "\\u%04x\\u%04x", 0xD800 + (cp >> 10),
			    0xDC00 + (cp & 0x3FF));
		} else {
			strbuf_addf(sb, "\\u%04x", cp);
		}
	}
}

static inline int
oracle_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the lines of sb bytewise (each ends in '\n'). */
static inline void
oracle_sort(struct strbuf *sb)
{
	char **lines = NULL, *p, *copy = strdup(sb->buf);
	size_t n = 0, i;

	for (p = copy; p != NULL && *p != '\0';) {
		char *nl = strchr(p, '\n');

		lines = realloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = p;
		if (nl == NULL)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	if (n > 0)
		qsort(lines, n, sizeof(*lines), oracle_cmp);
	strbuf_reset(sb);
	for (i = 0; i < n; i++) {
		strbuf_addstr(sb, lines[i]);
		strbuf_addch(sb, '\n');
	}
	free(lines);
	free(copy);
}

#endif
