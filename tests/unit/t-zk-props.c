/*
 * t-zk-props.c - java.util.Properties parsing (zoo.cfg).
 *
 * Each tests/fixtures/zk/props/NAME.properties has NAME.expected, the
 * JDK's own reading of the file (regenerated and checked against a real
 * JVM by tests/integration/test-zk-config-oracle.sh).
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zk-oracle.h"
#include "util/arena.h"
#include "zk/props.h"
#include "util/banned.h"

#define FIXTURES "tests/fixtures/zk/props"

/* The final map (last key wins) in oracle form, or "ERROR\n". */
static void
render(const char *data, size_t len, struct strbuf *out)
{
	struct zk_props p;
	struct arena a;
	struct rp_diag d;
	size_t i, j;

	zk_props_init(&p);
	arena_init(&a, 0);
	rp_diag_init(&d);
	if (zk_props_parse(&p, &a, data, len, "t", &d) != 0) {
		strbuf_addstr(out, "ERROR\n");
		goto out;
	}
	for (i = 0; i < p.n; i++) {
		for (j = i + 1; j < p.n; j++)
			if (strcmp(p.v[i].key, p.v[j].key) == 0)
				break;
		if (j < p.n)
			continue;
		oracle_esc(out, p.v[i].key);
		strbuf_addch(out, '\t');
		oracle_esc(out, p.v[i].value);
		strbuf_addch(out, '\n');
	}
	oracle_sort(out);
out:
	arena_release(&a);
	zk_props_release(&p);
}

static void
test_oracle_fixtures(void)
{
	DIR *dir = opendir(FIXTURES);
	struct dirent *de;
	int n = 0;

	CHECK(dir != NULL);
	while (dir != NULL && (de = readdir(dir)) != NULL) {
		struct strbuf in = STRBUF_INIT, want = STRBUF_INIT,
			      got = STRBUF_INIT;
		char path[512];
		size_t l = strlen(de->d_name);

		if (l < 12 || strcmp(de->d_name + l - 11, ".properties") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", FIXTURES, de->d_name);
		CHECK(oracle_read(path, &in) == 0);
		snprintf(path, sizeof(path), "%s/%.*s.expected", FIXTURES,
		    (int)(l - 11), de->d_name);
		CHECK(oracle_read(path, &want) == 0);
		render(in.buf, in.len, &got);
		if (strcmp(got.buf, want.buf) != 0) {
			printf("  %s: got\n%s  expected\n%s", de->d_name,
			    got.buf, want.buf);
			CHECK(!"props fixture differs from the JDK");
		}
		n++;
		strbuf_release(&in);
		strbuf_release(&want);
		strbuf_release(&got);
	}
	if (dir != NULL)
		closedir(dir);
	CHECK(n >= 10);
}

static void
test_lines_and_get(void)
{
	static const char cfg[] = "# c\n\n  a = 1\nb:2\\\n  3\na=4\n k\\ ey \n";
	struct zk_props p;
	struct arena a;
	struct rp_diag d;
	const struct zk_prop *e;

	zk_props_init(&p);
	arena_init(&a, 0);
	rp_diag_init(&d);
	CHECK(zk_props_parse(&p, &a, cfg, sizeof(cfg) - 1, "z", &d) == 0);
	CHECK(p.n == 4);
	CHECK(p.v[0].line == 3 && p.v[0].col == 3);
	CHECK(p.v[1].line == 4);
	CHECK_STR(p.v[1].value, "23");
	CHECK(p.v[2].line == 6);
	e = zk_props_get(&p, "a");
	CHECK(e != NULL && e->line == 6);
	CHECK_STR(e->value, "4");
	/* "k\ ey " trims to "k ey" as ZooKeeper trims keys. */
	e = zk_props_get(&p, "k ey");
	CHECK(e != NULL && e->line == 7);
	CHECK(zk_props_get(&p, "missing") == NULL);
	CHECK_STR(zk_java_trim(&a, " \t\x01x y\x1f "), "x y");
	arena_release(&a);
	zk_props_release(&p);
}

static void
test_error_line(void)
{
	static const char cfg[] = "a=1\n\nb=\\u00zz\n";
	struct zk_props p;
	struct arena a;
	struct rp_diag d;

	zk_props_init(&p);
	arena_init(&a, 0);
	rp_diag_init(&d);
	CHECK(zk_props_parse(&p, &a, cfg, sizeof(cfg) - 1, "zoo.cfg", &d) ==
	    RP_EPARSE);
	CHECK(d.line == 3);
	CHECK_STR(d.where, "zoo.cfg");
	CHECK(p.n == 1);
	arena_release(&a);
	zk_props_release(&p);
}

static void
test_nul_and_empty(void)
{
	static const char cfg[] = "n=\\u0000x";
	struct zk_props p;
	struct arena a;
	struct rp_diag d;

	zk_props_init(&p);
	arena_init(&a, 0);
	rp_diag_init(&d);
	CHECK(zk_props_parse(&p, &a, "", 0, "e", &d) == 0 && p.n == 0);
	CHECK(zk_props_parse(&p, &a, cfg, sizeof(cfg) - 1, "e", &d) == 0);
	CHECK(p.n == 1);
	CHECK_STR(p.v[0].value, "\xef\xbf\xbdx");
	arena_release(&a);
	zk_props_release(&p);
}

int
main(void)
{
	TEST_RUN(test_oracle_fixtures);
	TEST_RUN(test_lines_and_get);
	TEST_RUN(test_error_line);
	TEST_RUN(test_nul_and_empty);
	return test_report();
}
