/*
 * t-zk-jaas.c - JAAS login configuration parsing.
 *
 * Each tests/fixtures/zk/jaas/NAME.jaas has NAME.expected, the JDK's own
 * reading of the file through javax.security.auth.login.Configuration
 * (checked against a real JVM by tests/integration/test-zk-config-oracle.sh).
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "zk-oracle.h"
#include "zk/jaas.h"
#include "util/banned.h"

#define FIXTURES "tests/fixtures/zk/jaas"

static int
cmp_sec(const void *a, const void *b)
{
	return strcmp((*(const struct zk_jaas_section *const *)a)->name,
	    (*(const struct zk_jaas_section *const *)b)->name);
}

static void
render(const char *data, size_t len, struct strbuf *out)
{
	struct zk_jaas j;
	struct rp_diag d;
	const struct zk_jaas_section **secs;
	size_t i, m, k, q;

	zk_jaas_init(&j);
	rp_diag_init(&d);
	if (zk_jaas_parse(&j, data, len, "t", &d) != 0) {
		strbuf_addstr(out, "ERROR\n");
		zk_jaas_release(&j);
		return;
	}
	secs = calloc(j.nsecs + 1, sizeof(*secs));
	for (i = 0; i < j.nsecs; i++)
		secs[i] = &j.secs[i];
	qsort(secs, j.nsecs, sizeof(*secs), cmp_sec);
	for (i = 0; i < j.nsecs; i++) {
		strbuf_addch(out, '[');
		oracle_esc(out, secs[i]->name);
		strbuf_addstr(out, "]\n");
		for (m = 0; m < secs[i]->nmods; m++) {
			const struct zk_jaas_module *mod = &secs[i]->mods[m];
			struct strbuf opts = STRBUF_INIT;

			oracle_esc(out, mod->cls);
			strbuf_addf(out, " %s\n", zk_jaas_flag_name(mod->flag));
			for (k = 0; k < mod->nopts; k++) {
				/* The JDK keeps the last value of a key. */
				for (q = k + 1; q < mod->nopts; q++)
					if (strcmp(mod->opts[q].key,
						mod->opts[k].key) == 0)
						break;
				if (q < mod->nopts)
					continue;
				strbuf_addstr(&opts, "  ");
				oracle_esc(&opts, mod->opts[k].key);
				strbuf_addch(&opts, '=');
				oracle_esc(&opts, mod->opts[k].value);
				strbuf_addch(&opts, '\n');
			}
			oracle_sort(&opts);
			strbuf_addstr(out, opts.buf);
			strbuf_release(&opts);
		}
	}
	free(secs);
	zk_jaas_release(&j);
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

		if (l < 6 || strcmp(de->d_name + l - 5, ".jaas") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", FIXTURES, de->d_name);
		CHECK(oracle_read(path, &in) == 0);
		snprintf(path, sizeof(path), "%s/%.*s.expected", FIXTURES,
		    (int)(l - 5), de->d_name);
		CHECK(oracle_read(path, &want) == 0);
		render(in.buf, in.len, &got);
		if (strcmp(got.buf, want.buf) != 0) {
			printf("  %s: got\n%s  expected\n%s", de->d_name,
			    got.buf, want.buf);
			CHECK(!"jaas fixture differs from the JDK");
		}
		n++;
		strbuf_release(&in);
		strbuf_release(&want);
		strbuf_release(&got);
	}
	if (dir != NULL)
		closedir(dir);
	CHECK(n >= 12);
}

static void
test_lines_and_flags(void)
{
	static const char conf[] =
	    "// c\nServer {\n  k.L required\n    a=\"1\"\n    principal=zk/h@R\n"
	    "  b=c;\n};\n\n# x\n";
	struct zk_jaas j;
	struct rp_diag d;
	const struct zk_jaas_section *s;
	const struct zk_jaas_option *o;

	zk_jaas_init(&j);
	rp_diag_init(&d);
	CHECK(zk_jaas_parse(&j, conf, sizeof(conf) - 1, "jaas.conf", &d) ==
	    RP_EPARSE);
	/* The '#' on line 9 is a syntax error; Server was read before it. */
	CHECK(d.line == 9);
	CHECK(strstr(d.msg, "'#'") != NULL);
	s = zk_jaas_find(&j, "Server");
	CHECK(s != NULL && s->line == 2 && s->nmods == 1);
	if (s != NULL && s->nmods == 1) {
		CHECK(s->mods[0].line == 3);
		o = zk_jaas_opt(&s->mods[0], "a");
		CHECK(o != NULL && o->quoted && o->line == 4);
		o = zk_jaas_opt(&s->mods[0], "principal");
		CHECK(o != NULL && o->truncated);
		CHECK(o != NULL && strcmp(o->value, "zk") == 0);
		/* The comment ate "/h@R" only: b is the next option. */
		CHECK(zk_jaas_opt(&s->mods[0], "b") != NULL);
	}
	zk_jaas_release(&j);
}

int
main(void)
{
	TEST_RUN(test_oracle_fixtures);
	TEST_RUN(test_lines_and_flags);
	return test_report();
}
