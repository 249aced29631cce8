/*
 * t-zk-shenv.c - shell assignments read without a shell.
 *
 * tests/fixtures/zk/shenv/NAME.sh hold start-script fragments; NAME.expected
 * is what /bin/sh itself assigns when it sources them (regenerated and
 * compared by tests/integration/test-zk-config-oracle.sh).  Conditional
 * branches are the exception: rampart takes every branch, sh only one.
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zk-oracle.h"
#include "util/arena.h"
#include "zk/shenv.h"
#include "util/banned.h"

#define FIXTURES "tests/fixtures/zk/shenv"

static void
check_fixture(const char *name)
{
	struct strbuf in = STRBUF_INIT, want = STRBUF_INIT;
	struct zk_shenv e;
	struct arena a;
	struct rp_diag d;
	char path[512], *line, *next;

	snprintf(path, sizeof(path), "%s/%s.sh", FIXTURES, name);
	CHECK(oracle_read(path, &in) == 0);
	snprintf(path, sizeof(path), "%s/%s.expected", FIXTURES, name);
	CHECK(oracle_read(path, &want) == 0);
	arena_init(&a, 0);
	zk_shenv_init(&e, &a);
	rp_diag_init(&d);
	CHECK(zk_shenv_parse(&e, in.buf, in.len, name, &d) == 0);
	/* Lines are NAME=[value]; values may span lines. */
	for (line = want.buf; line != NULL && *line != '\0'; line = next) {
		char *eq = strchr(line, '='), *close;
		const char *got;

		next = NULL;
		if (eq == NULL)
			break;
		*eq = '\0';
		close = strstr(eq + 2, "]\n");
		if (close == NULL)
			break;
		*close = '\0';
		next = close + 2;
		got = zk_shvar_value(zk_shenv_get(&e, line), &a);
		if (zk_shenv_get(&e, line) == NULL ||
		    strcmp(got, eq + 2) != 0) {
			printf("  %s: %s is [%s], sh says [%s]\n", name, line,
			    got, eq + 2);
			CHECK(!"shell fixture differs from sh");
		}
	}
	zk_shenv_release(&e);
	arena_release(&a);
	strbuf_release(&in);
	strbuf_release(&want);
}

static void
test_oracle_fixtures(void)
{
	check_fixture("01-debian-environment");
	check_fixture("02-accumulate");
	check_fixture("03-quotes");
}

static void
test_conditional_and_origin(void)
{
	struct strbuf in = STRBUF_INIT;
	struct zk_shenv e;
	struct arena a;
	struct rp_diag d;
	const struct zk_shvar *v;
	struct zk_shword *w = NULL;
	size_t n;

	CHECK(oracle_read(FIXTURES "/04-conditional.sh", &in) == 0);
	arena_init(&a, 0);
	zk_shenv_init(&e, &a);
	rp_diag_init(&d);
	CHECK(zk_shenv_parse(&e, in.buf, in.len, "env", &d) == 0);
	v = zk_shenv_get(&e, "JAVA_OPTS");
	CHECK(v != NULL && (v->flags & ZK_SHVAR_CONDITIONAL));
	CHECK_STR(zk_shvar_value(v, &a), "-Dfrom.then=1 -Dfrom.else=2");
	n = zk_shvar_split(v, &a, &w);
	CHECK(n == 2);
	if (n == 2) {
		CHECK_STR(w[0].text, "-Dfrom.then=1");
		CHECK(w[0].line == 3);
		CHECK_STR(w[1].text, "-Dfrom.else=2");
		CHECK(w[1].line == 5);
	}
	free(w);
	v = zk_shenv_get(&e, "W");
	CHECK(v != NULL && !(v->flags & ZK_SHVAR_CONDITIONAL));
	CHECK(e.skipped == 1); /* "true" */
	zk_shenv_release(&e);
	arena_release(&a);
	strbuf_release(&in);
}

static void
test_origin_across_files(void)
{
	static const char f1[] = "\n\nJAVA_OPTS=\"-Da=1\"\n";
	static const char f2[] = "JAVA_OPTS=\"$JAVA_OPTS\n -Db=2\"\n";
	struct zk_shenv e;
	struct arena a;
	struct rp_diag d;
	struct zk_shword *w = NULL;
	size_t n;

	arena_init(&a, 0);
	zk_shenv_init(&e, &a);
	rp_diag_init(&d);
	CHECK(zk_shenv_parse(&e, f1, sizeof(f1) - 1, "environment", &d) == 0);
	CHECK(zk_shenv_parse(&e, f2, sizeof(f2) - 1, "default", &d) == 0);
	n = zk_shvar_split(zk_shenv_get(&e, "JAVA_OPTS"), &a, &w);
	CHECK(n == 2);
	if (n == 2) {
		CHECK_STR(w[0].file, "environment");
		CHECK(w[0].line == 3);
		CHECK_STR(w[1].file, "default");
		CHECK(w[1].line == 1);
	}
	free(w);
	zk_shenv_release(&e);
	arena_release(&a);
}

static void
test_unevaluated_and_errors(void)
{
	static const char s1[] = "A=\"$(hostname) -Dx=1\"\nB=`id`\nC=${D:+x}\nE=ok\n";
	static const char s2[] = "A=1\nB=\"never closed\nC=2\n";
	static const char s3[] = "X=1 cmd arg\nY=2\n";
	struct zk_shenv e;
	struct arena a;
	struct rp_diag d;
	const struct zk_shvar *v;

	arena_init(&a, 0);
	zk_shenv_init(&e, &a);
	rp_diag_init(&d);
	CHECK(zk_shenv_parse(&e, s1, sizeof(s1) - 1, "s1", &d) == 0);
	v = zk_shenv_get(&e, "A");
	CHECK(v != NULL && (v->flags & ZK_SHVAR_UNEVALUATED));
	CHECK_STR(zk_shvar_value(v, &a), "$(hostname) -Dx=1");
	v = zk_shenv_get(&e, "B");
	CHECK(v != NULL && (v->flags & ZK_SHVAR_UNEVALUATED));
	v = zk_shenv_get(&e, "C");
	CHECK(v != NULL && (v->flags & ZK_SHVAR_UNEVALUATED));
	CHECK_STR(zk_shvar_value(zk_shenv_get(&e, "E"), &a), "ok");
	zk_shenv_release(&e);

	zk_shenv_init(&e, &a);
	CHECK(zk_shenv_parse(&e, s2, sizeof(s2) - 1, "s2", &d) == RP_EPARSE);
	CHECK(d.line == 2);
	CHECK(zk_shenv_get(&e, "A") != NULL);
	CHECK(zk_shenv_get(&e, "C") == NULL);
	zk_shenv_release(&e);

	/* Assignments before a command apply to that command only. */
	zk_shenv_init(&e, &a);
	CHECK(zk_shenv_parse(&e, s3, sizeof(s3) - 1, "s3", &d) == 0);
	CHECK(zk_shenv_get(&e, "X") == NULL);
	CHECK(zk_shenv_get(&e, "Y") != NULL);
	zk_shenv_release(&e);
	arena_release(&a);
}

static void
test_value_cap(void)
{
	struct strbuf s = STRBUF_INIT;
	struct zk_shenv e;
	struct arena a;
	struct rp_diag d;
	int i;

	/* Doubling a value 30 times would need a gigabyte. */
	strbuf_addstr(&s, "A=xxxxxxxxxxxxxxxx\n");
	for (i = 0; i < 30; i++)
		strbuf_addstr(&s, "A=\"$A$A\"\n");
	arena_init(&a, 0);
	zk_shenv_init(&e, &a);
	rp_diag_init(&d);
	CHECK(zk_shenv_parse(&e, s.buf, s.len, "bomb", &d) == RP_ELIMIT);
	zk_shenv_release(&e);
	arena_release(&a);
	strbuf_release(&s);
}

int
main(void)
{
	TEST_RUN(test_oracle_fixtures);
	TEST_RUN(test_conditional_and_origin);
	TEST_RUN(test_origin_across_files);
	TEST_RUN(test_unevaluated_and_errors);
	TEST_RUN(test_value_cap);
	return test_report();
}
